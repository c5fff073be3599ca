"""Write errors from the command line: a read-only file, a locked file and a full disk are one
line on stderr and a non-zero exit — never a traceback — and nothing is half-written. Verbs
that only read work on a read-only file or folder."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from kith.__main__ import main
from kith.store.database import PRAGMAS, close_database, open_database
from kith.store.models import Contact
from tests.damaged_files import kith_file
from tests.read_only_files import read_only

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"


def kith(*argv: str | Path) -> subprocess.CompletedProcess[str]:
    """The real ``kith`` in a process of its own, as a terminal user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "kith", *map(str, argv)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def count(path: Path) -> int:
    open_database(path)
    try:
        return int(Contact.select().count())
    finally:
        close_database()


def test_import_into_a_read_only_file_is_one_line_and_changes_nothing(tmp_path: Path) -> None:
    path = kith_file(tmp_path / "kith.sqlite", people=3)
    before = path.read_bytes()
    with read_only(path):
        done = kith("import", "--yes", "--database", path, FIXTURES / "apple.vcf")
        stats = kith("stats", "--json", "--database", path)
    assert done.returncode == 1
    assert done.stderr.splitlines()[-1] == (
        f"kith import: Kith cannot save to {path}: the file is read-only. Nothing was changed."
    )
    assert "Traceback" not in done.stderr
    assert stats.returncode == 0, stats.stderr  # reading a read-only file is fine
    assert '"contacts": 3' in stats.stdout
    assert path.read_bytes() == before


def test_stats_reads_a_file_in_a_read_only_folder(tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    path = kith_file(folder / "kith.sqlite", people=3)
    with read_only(folder):
        done = kith("due", "--database", path)
    assert (done.returncode, done.stdout, done.stderr) == (0, "Nothing due.\n", "")


def many_people(path: Path, people: int = 200) -> Path:
    """A vCard file of ``people`` new people with long notes: more than free pages can hold."""
    cards = [
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Newcomer {i:03d}\r\n"
        f"NOTE:{'a long note ' * 40}\r\nEND:VCARD\r\n"
        for i in range(people)
    ]
    path.write_text("".join(cards), encoding="utf-8")
    return path


def test_import_onto_a_full_disk_is_one_line_and_adds_nobody(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = kith_file(tmp_path / "kith.sqlite", people=3)
    cards = many_people(tmp_path / "many.vcf")
    conn = sqlite3.connect(path)
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.close()
    # The disk is full: SQLite may not grow the file by one page.
    monkeypatch.setitem(PRAGMAS, "max_page_count", pages)
    assert main(["import", "--yes", "--database", str(path), str(cards)]) == 1
    err = capsys.readouterr().err
    assert err.splitlines()[-1] == (
        f"kith import: Kith could not save: the disk that holds {path} is full. Nothing was "
        "changed; free some space, then try again."
    )
    monkeypatch.undo()
    assert count(path) == 3


def test_import_while_another_program_holds_the_lock_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = kith_file(tmp_path / "kith.sqlite", people=3)
    monkeypatch.setitem(PRAGMAS, "busy_timeout", 50)
    other = sqlite3.connect(path)
    other.execute("BEGIN IMMEDIATE")
    try:
        assert main(["import", "--yes", "--database", str(path), str(FIXTURES / "apple.vcf")]) == 1
    finally:
        other.rollback()
        other.close()
    err = capsys.readouterr().err
    assert err.splitlines()[-1] == (
        f"kith import: Kith could not save: another program kept {path} locked for more than "
        "0.05 seconds. Nothing was changed; try again in a moment."
    )
    monkeypatch.undo()
    assert count(path) == 3
