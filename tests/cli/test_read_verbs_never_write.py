"""Verbs that read never write: ``kith stats``, ``due``, ``export`` and ``sync`` leave a missing
file, an empty file or another tool's empty SQLite file exactly as they found it. Only the
window, ``kith restore`` and ``kith import --create`` make a new database."""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path

import pytest

from kith.__main__ import main
from kith.store.database import close_database, open_database
from kith.store.models import Contact

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"


def kith(*argv: str | Path) -> int:
    return main([str(a) for a in argv])


def files_in(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture
def empty_file(tmp_path: Path) -> Path:
    path = tmp_path / "empty.sqlite"
    path.touch()
    return path


@pytest.fixture
def empty_sqlite(tmp_path: Path) -> Path:
    """An SQLite file another tool made and left empty (a header, no tables)."""
    path = tmp_path / "other-tool.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE scratch (x)")
    conn.execute("DROP TABLE scratch")
    conn.commit()
    conn.close()
    assert path.stat().st_size > 0
    return path


@pytest.mark.parametrize("verb", ["stats", "due"])
def test_stats_and_due_on_an_empty_file_say_so_and_leave_it_empty(
    verb: str, empty_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = files_in(empty_file.parent)
    assert kith(verb, "--database", empty_file) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (
        f"kith {verb}: {empty_file} is an empty file, not a Kith database. "
        "Kith has left it untouched.\n"
    )
    assert files_in(empty_file.parent) == before
    assert empty_file.stat().st_size == 0


@pytest.mark.parametrize("verb", ["stats", "due"])
def test_stats_and_due_leave_another_tools_empty_sqlite_file_alone(
    verb: str, empty_sqlite: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = files_in(empty_sqlite.parent)
    assert kith(verb, "--database", empty_sqlite) == 2
    err = capsys.readouterr().err
    assert err == (
        f"kith {verb}: {empty_sqlite} is an empty SQLite database, not a Kith database. "
        "Kith has left it untouched.\n"
    )
    assert files_in(empty_sqlite.parent) == before
    conn = sqlite3.connect(empty_sqlite)
    try:
        assert conn.execute("PRAGMA application_id").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0
    finally:
        conn.close()


def test_export_and_sync_make_no_database_where_there_is_none(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nothing.sqlite"
    assert kith("export", "--database", missing, tmp_path / "out.vcf") == 2
    assert f"kith export: There is no Kith database at {missing}." in capsys.readouterr().err
    assert kith("sync", "--database", missing) == 2
    assert f"kith sync: There is no Kith database at {missing}." in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_import_makes_a_new_database_only_when_asked_to_create_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    target = tmp_path / "new.sqlite"
    assert kith("import", "--yes", "--database", target, FIXTURES / "apple.vcf") == 2
    assert capsys.readouterr().err == (
        f"kith import: There is no Kith database at {target}. "
        "Run it again with --create to make a new Kith database there.\n"
    )
    assert not target.exists()

    assert kith("import", "--yes", "--create", "--database", target, FIXTURES / "apple.vcf") == 0
    assert "Added 2 people." in capsys.readouterr().out
    open_database(target)
    try:
        assert Contact.select().count() == 2
    finally:
        close_database()
