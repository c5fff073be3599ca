"""Page-level damage (bytes flipped inside a page, the header intact) is found when the file is
opened — or, met by a later read, explained in the same words — and the file is left as it was."""

from __future__ import annotations

from pathlib import Path

import pytest

from kith.store.database import CorruptDatabaseError, close_database, open_database
from kith.store.failures import explain
from kith.store.integrity import BackgroundCheck, damage_found
from kith.store.models import Contact
from tests.damaged_files import damage_guard, flip_page_bytes, kith_file  # noqa: F401

pytestmark = pytest.mark.usefixtures("damage_guard")


def test_a_file_with_a_damaged_page_is_refused_at_open_and_left_untouched(
    tmp_path: Path,
) -> None:
    path = kith_file(tmp_path / "kith.sqlite")
    flip_page_bytes(path)
    before = path.read_bytes()
    with pytest.raises(CorruptDatabaseError) as refused:
        open_database(path)
    assert refused.value.title == "The database is damaged"
    assert str(refused.value) == (
        f"{path} is damaged and cannot be read (database disk image is malformed). Kith has "
        "left it untouched; restore it from a backup copy or open another file."
    )
    assert path.read_bytes() == before
    # Nothing beside it but SQLite's own -wal/-shm companions of a read-only look.
    assert {p.name for p in tmp_path.iterdir()} <= {
        "kith.sqlite",
        "kith.sqlite-wal",
        "kith.sqlite-shm",
    }


def test_the_check_beside_start_up_finds_the_same_damage(tmp_path: Path) -> None:
    sound = kith_file(tmp_path / "sound.sqlite", people=20)
    assert BackgroundCheck(sound).result() is None
    path = kith_file(tmp_path / "kith.sqlite")
    flip_page_bytes(path)
    assert (
        BackgroundCheck(path).result() == damage_found(path) == ("database disk image is malformed")
    )


def test_a_damaged_page_met_by_a_later_read_is_explained_in_the_same_words(
    tmp_path: Path,
) -> None:
    path = kith_file(tmp_path / "kith.sqlite")
    flip_page_bytes(path, every_table=True)
    open_database(path, check=False)  # as the window opens it, before its check has answered
    try:
        with pytest.raises(Exception) as failed:
            list(Contact.select())
        problem = explain(failed.value)
        assert isinstance(problem, CorruptDatabaseError)
        assert str(problem).startswith(f"{path} is damaged and cannot be read (")
    finally:
        close_database()
    assert explain(ValueError("a bug")) is None
