"""``kith --self-test`` (what the installers run on a built bundle), here from the checkout."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def _self_test(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("XDG_")}
    env.update(HOME=str(tmp_path / "home"), QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        [sys.executable, "-m", "kith", "--self-test", *args],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )


def test_self_test_adds_a_contact_through_the_form_on_a_scratch_database(tmp_path: Path) -> None:
    result = _self_test(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "main window shown and painted" in result.stdout
    assert "an encrypted database opens with its key only (SQLCipher)" in result.stdout
    assert "created 'Ada Self-Test' through the form" in result.stdout
    assert result.stdout.rstrip().splitlines()[-1].startswith("kith --self-test: OK")
    # Nothing was written to the user's data folder or the working folder.
    assert not (tmp_path / "home" / ".local" / "share" / "Kith").exists()
    assert {p.name for p in tmp_path.iterdir()} <= {"home"}


def test_self_test_on_a_given_database_leaves_its_people_as_they_were(
    tmp_path: Path, db: object, db_path: Path
) -> None:
    from kith.core.contacts import ContactDraft, save_contact
    from kith.core.directory import contact_ids
    from kith.store.database import close_database, open_database

    save_contact(ContactDraft(full_name="Grace Hopper"))
    close_database()
    result = _self_test(tmp_path, "--database", str(db_path))
    assert result.returncode == 0, result.stdout + result.stderr
    open_database(db_path)
    assert len(contact_ids()) == 1


def test_self_test_fails_with_a_reason(tmp_path: Path) -> None:
    not_kith = tmp_path / "notes.sqlite"
    not_kith.write_text("shopping list")
    result = _self_test(tmp_path, "--database", str(not_kith))
    assert result.returncode == 1
    assert "kith --self-test: FAILED: cannot open" in result.stderr
    assert not_kith.read_text() == "shopping list"
