"""The import, export and restore verbs: plain text out, errors to stderr, exit codes."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from kith.__main__ import main
from kith.store.database import close_database, open_database
from kith.store.models import Contact

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"


def kith(*argv: str | Path) -> int:
    return main([str(a) for a in argv])


def count_contacts(path: Path) -> int:
    open_database(path)
    try:
        return int(Contact.select().count())
    finally:
        close_database()


@pytest.fixture
def no_tty(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(""))


def test_import_without_yes_and_no_terminal_refuses_with_a_hint(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], no_tty: None
) -> None:
    db = tmp_path / "k.sqlite"
    assert kith("--database", db, "import", "--create", FIXTURES / "apple.vcf") == 1
    out, err = capsys.readouterr()
    assert "apple.vcf (vCard): 3 entries — 2 new, 0 already in Kith, 1 invalid" in out
    assert "  + Sofía Ramírez (Acme Corp.)" in out
    assert "run again with --yes" in err
    assert count_contacts(db) == 0


def test_import_yes_adds_new_people_and_reports_the_rest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], no_tty: None
) -> None:
    db = tmp_path / "k.sqlite"
    assert kith("import", FIXTURES / "google.vcf", "--yes", "--create", "--database", db) == 0
    out, err = capsys.readouterr()
    assert "Added 1 person." in out
    assert "skipped: Card 2 (line 17) has no name (only no-name@example.com)." in err
    assert "was not downloaded" in err
    assert kith("import", FIXTURES / "google.vcf", "--yes", "--database", db) == 0
    out, _err = capsys.readouterr()
    assert "already in Kith: Priya Natarajan, card 1 (line 1) — same email" in out
    assert "Nothing new to import." in out
    assert count_contacts(db) == 1


def test_import_asks_on_a_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "k.sqlite"
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    answers = iter(["n", "y"])
    monkeypatch.setattr("builtins.input", lambda prompt: next(answers))
    assert kith("--database", db, "import", "--create", FIXTURES / "linkedin-connections.csv") == 0
    assert "Nothing imported." in capsys.readouterr().out
    assert count_contacts(db) == 0
    assert kith("--database", db, "import", FIXTURES / "linkedin-connections.csv") == 0
    assert "Added 2 people." in capsys.readouterr().out
    assert count_contacts(db) == 2


def test_import_of_an_unreadable_file_fails_plainly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "k.sqlite"
    assert kith("--database", db, "import", "--yes", "--create", FIXTURES / "binary.vcf") == 1
    _out, err = capsys.readouterr()
    assert err.startswith("kith import: “binary.vcf” is not a text file Kith can import.")
    assert kith("--database", db, "import", "--yes", "--create", tmp_path / "missing.csv") == 1
    assert "There is no file" in capsys.readouterr().err


def test_a_database_kith_will_not_open_exits_with_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    not_a_db = tmp_path / "notes.txt"
    not_a_db.write_text("hello")
    assert kith("--database", not_a_db, "import", "--yes", FIXTURES / "apple.vcf") == 2
    assert "is not a Kith database" in capsys.readouterr().err
    assert kith("--database", not_a_db, "export", tmp_path / "x.vcf") == 2
    assert not_a_db.read_text() == "hello"


def test_export_every_format_and_restore_the_backup(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "k.sqlite"
    assert kith("--database", db, "import", "--yes", "--create", FIXTURES / "apple.vcf") == 0
    assert kith("--database", db, "import", "--yes", FIXTURES / "outlook.csv") == 0
    capsys.readouterr()
    assert kith("--database", db, "export", "--format", "vcard", tmp_path / "all.vcf") == 0
    assert kith("--database", db, "export", tmp_path / "kith.ics") == 0
    assert kith("--database", db, "export", tmp_path / "all.csv") == 0
    assert kith("--database", db, "export", "--format", "json", tmp_path / "backup.data") == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [
        f"Wrote 4 contacts to {tmp_path / 'all.vcf'}",
        f"Wrote 0 open follow-ups and 3 birthdays to {tmp_path / 'kith.ics'}",
        f"Wrote 4 contacts to {tmp_path / 'all.csv'}",
        "Backed up 4 contacts, 0 interactions, 0 follow-ups, 0 goals, 0 relationships to "
        f"{tmp_path / 'backup.data'}",
    ]
    assert (tmp_path / "all.vcf").read_text(encoding="utf-8").count("BEGIN:VCARD") == 4
    restored = tmp_path / "restored.sqlite"
    assert kith("--database", restored, "restore", tmp_path / "backup.data") == 0
    assert count_contacts(restored) == 4
    assert kith("--database", restored, "restore", tmp_path / "backup.data") == 1
    assert "already has data" in capsys.readouterr().err


def test_export_needs_a_format_it_can_tell(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert kith("--database", tmp_path / "k.sqlite", "export", tmp_path / "contacts.txt") == 1
    assert "--format vcard|ics|csv|json" in capsys.readouterr().err
    assert not (tmp_path / "contacts.txt").exists()


def test_restoring_a_bad_file_leaves_no_new_database_behind(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2, 3]")
    target = tmp_path / "new.sqlite"
    assert kith("--database", target, "restore", bad) == 1
    assert "is JSON, but not a Kith backup" in capsys.readouterr().err
    assert not target.exists()


def test_possible_duplicates_are_added_unless_skipped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], no_tty: None
) -> None:
    db = tmp_path / "k.sqlite"
    first = tmp_path / "first.vcf"
    first.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Maria Garcia\r\nEND:VCARD\r\n")
    assert kith("import", first, "--yes", "--create", "--database", db) == 0
    second = tmp_path / "second.vcf"
    second.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Maria Garcia\r\nEMAIL:mg@two.example\r\nEND:VCARD\r\n"
    )
    capsys.readouterr()
    assert kith("import", second, "--yes", "--skip-possible-duplicates", "--database", db) == 0
    out, _err = capsys.readouterr()
    assert "1 entries — 0 new, 1 possible duplicates, 0 already in Kith, 0 invalid" in out
    assert (
        "possible duplicate of Maria Garcia in Kith: Maria Garcia, card 1 (line 1) — only same "
        "name; skipped (--skip-possible-duplicates)"
    ) in out
    assert count_contacts(db) == 1
    assert kith("import", second, "--yes", "--database", db) == 0
    out, _err = capsys.readouterr()
    assert "added as a new person (--skip-possible-duplicates skips it)" in out
    assert "Added 1 person." in out
    assert count_contacts(db) == 2


def test_phone_region_names_the_country_numbers_are_read_in(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], no_tty: None
) -> None:
    db = tmp_path / "k.sqlite"
    first = tmp_path / "first.vcf"
    first.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jonas Becker\r\nTEL:0151 23456789\r\nEND:VCARD\r\n"
    )
    assert kith("import", first, "--yes", "--create", "--database", db) == 0
    second = tmp_path / "second.vcf"
    second.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:J. Becker\r\nTEL:+49 151 23456789\r\nEND:VCARD\r\n"
    )
    capsys.readouterr()
    assert kith("import", second, "--phone-region", "de", "--database", db) == 0
    out, _err = capsys.readouterr()
    assert "already in Kith: J. Becker, card 1 (line 1) — same phone +49 151 23456789" in out
    assert kith("import", second, "--phone-region", "Germany", "--database", db) == 2
    _out, err = capsys.readouterr()
    assert "“Germany” is not a country code Kith knows for phone numbers" in err
    assert count_contacts(db) == 1


def test_export_google_and_outlook_shaped_csv(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], no_tty: None
) -> None:
    db = tmp_path / "k.sqlite"
    assert kith("import", FIXTURES / "apple.vcf", "--yes", "--create", "--database", db) == 0
    capsys.readouterr()
    for fmt in ("google-csv", "outlook-csv"):
        out = tmp_path / f"{fmt}.csv"
        assert kith("export", "--format", fmt, out, "--database", db) == 0
        assert f"Wrote 2 contacts to {out}" in capsys.readouterr()[0]
    google = (tmp_path / "google-csv.csv").read_text(encoding="utf-8")
    assert (
        google.startswith("Name,Name Prefix,First Name,Middle Name,Last Name")
        and "E-mail 1 - Label" in google
    )
    outlook = (tmp_path / "outlook-csv.csv").read_text(encoding="utf-8-sig")
    assert outlook.startswith("Title,First Name,Middle Name,Last Name,Suffix")
