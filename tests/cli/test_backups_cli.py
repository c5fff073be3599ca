"""`kith backups` lists the automatic backups with what they hold; `kith restore --backup`
brings one back (keeping the current data as a backup); `kith restore BACKUP.json` still
restores a JSON export into a new database."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest

from kith.__main__ import main
from kith.cli import build_parser
from kith.core.bulk import delete_many
from kith.core.contacts import ContactDraft, save_contact
from kith.store.database import close_database, open_database
from kith.store.models import Contact
from kith.store.schema import SCHEMA_VERSION

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def kith(*argv: str | Path) -> int:
    return main([str(a) for a in argv])


@pytest.fixture
def no_tty(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(""))


def names(path: Path) -> list[str]:
    open_database(path)
    try:
        return sorted(c.full_name for c in Contact.select())
    finally:
        close_database()


@pytest.fixture
def deleted_everyone(tmp_path: Path) -> Path:
    """A database whose three people were deleted at once (so a backup holds them)."""
    path = tmp_path / "kith.sqlite"
    open_database(path)
    try:
        ids = [save_contact(ContactDraft(full_name=n)) for n in ("Ada", "Grace", "Linus")]
        delete_many(ids)
    finally:
        close_database()
    return path


def test_backups_lists_each_with_its_people_and_interactions(deleted_everyone, capsys):
    assert kith("backups", "--database", deleted_everyone) == 0
    out = capsys.readouterr().out
    assert f"in {deleted_everyone.parent / 'backups'}" in out
    [line] = [line for line in out.splitlines() if "Before deleting several people" in line]
    assert "3 people" in line and "0 interactions" in line
    assert line.rstrip().endswith(".delete.sqlite")
    assert "kith restore --backup NAME" in out


def test_backups_json(deleted_everyone, capsys):
    assert kith("backups", "--json", "--database", deleted_everyone) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["folder"] == str(deleted_everyone.parent / "backups")
    assert data["size_cap_bytes"] == 500 * 1024 * 1024
    [backup] = data["backups"]
    assert backup["kind"] == "delete"
    assert (backup["people"], backup["interactions"]) == (3, 0)
    assert backup["taken_at"].endswith("Z") and backup["readable"]
    assert backup["size_bytes"] == data["used_bytes"] > 0


def test_no_backups_yet_says_where_they_will_be(tmp_path, capsys):
    assert kith("backups", "--database", tmp_path / "kith.sqlite") == 0
    assert "No backups of" in capsys.readouterr().out
    assert not (tmp_path / "kith.sqlite").exists()  # listing never makes a database


def test_restore_backup_by_name_brings_the_people_back(deleted_everyone, capsys, no_tty):
    [name] = [p.name for p in (deleted_everyone.parent / "backups").iterdir()]
    assert kith("restore", "--backup", name, "--database", deleted_everyone) == 1
    assert "run again with --yes" in capsys.readouterr().err
    assert names(deleted_everyone) == []

    assert kith("restore", "--backup", name, "--yes", "--database", deleted_everyone) == 0
    out = capsys.readouterr().out
    assert "Restored 3 people and 0 interactions" in out
    assert "The data from before is kept as" in out
    assert names(deleted_everyone) == ["Ada", "Grace", "Linus"]
    # The empty file from before the restore is a backup now, and restoring it undoes that.
    assert kith("backups", "--json", "--database", deleted_everyone) == 0
    kinds = [(b["kind"], b["people"]) for b in json.loads(capsys.readouterr().out)["backups"]]
    assert kinds == [("restore", 0), ("delete", 3)]


def test_restore_an_old_backup_by_path_upgrades_it(tmp_path, capsys):
    path = tmp_path / "kith.sqlite"
    open_database(path)
    close_database()
    old = tmp_path / "elsewhere" / "v1.sqlite"
    old.parent.mkdir()
    shutil.copy(FIXTURES / "kith-v1.sqlite", old)
    assert kith("restore", "--backup", old, "--yes", "--database", path) == 0
    assert names(path) == ["Ada Lovelace", "Charles Babbage"]
    import sqlite3

    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_restore_refuses_an_unknown_backup_and_both_or_neither(tmp_path, capsys):
    path = tmp_path / "kith.sqlite"
    assert kith("restore", "--backup", "nothing.sqlite", "--database", path) == 2
    assert "no backup called “nothing.sqlite”" in capsys.readouterr().err
    assert kith("restore", "--database", path) == 2
    assert "give either --backup" in capsys.readouterr().err


def test_help_tells_the_two_restores_apart(capsys):
    with pytest.raises(SystemExit):
        build_parser().parse_args(["restore", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "kith restore --backup PATH|NAME puts the data of one of Kith's automatic backups" in (
        text
    )
    assert "kith restore BACKUP.json restores a full JSON export" in text
