"""``kith stats`` (and every verb) on a file with a damaged page: one clear line on stderr, a
non-zero exit, no traceback, and the file left as it was."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kith.__main__ import main
from tests.damaged_files import damage_guard, flip_page_bytes, kith_file  # noqa: F401

pytestmark = pytest.mark.usefixtures("damage_guard")


@pytest.fixture
def damaged(tmp_path: Path) -> Path:
    path = kith_file(tmp_path / "kith.sqlite")
    flip_page_bytes(path)
    return path


def test_kith_stats_on_a_damaged_file_prints_one_line_and_fails(damaged: Path) -> None:
    before = damaged.read_bytes()
    done = subprocess.run(
        [sys.executable, "-m", "kith", "stats", "--database", str(damaged)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == (
        f"kith stats: {damaged} is damaged and cannot be read (database disk image is "
        "malformed). Kith has left it untouched; restore it from a backup copy or open "
        "another file.\n"
    )
    assert damaged.read_bytes() == before


def test_damage_met_after_the_file_was_opened_is_one_line_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page that goes bad after the check at open (a failing disk): the read that meets it
    is explained in the same words."""
    path = kith_file(tmp_path / "kith.sqlite")
    flip_page_bytes(path, every_table=True)
    monkeypatch.setattr("kith.store.database.damage_found", lambda path: None)
    assert main(["due", "--database", str(path)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(f"kith due: {path} is damaged and cannot be read (")
    assert err.count("\n") == 1
