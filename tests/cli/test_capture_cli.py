"""``kith capture``, ``kith capture-source`` and ``kith suggestions``: read a file or an IMAP
account from the terminal, list what was found, accept or dismiss it."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest

from kith.__main__ import main
from kith.core.capture.suggestions import list_suggestions
from kith.core.local_time import local_date
from kith.core.timeline import interactions_of
from kith.store.database import close_database, open_database
from tests.capture_mail import ANA, BOB, ME, add_people, inbox, noon, sent, write_mbox
from tests.core.capture.conftest import dovecot, imap_user  # noqa: F401
from tests.core.sync.conftest import memory_keyring  # noqa: F401
from tests.imap_server import DovecotServer, ImapUser


@pytest.fixture(autouse=True)
def _keyring(memory_keyring: object) -> Iterator[None]:  # noqa: F811
    yield


@pytest.fixture
def kith_file(db_path: Path) -> Iterator[Path]:
    """A database with Ana, Bob and (archived) Cleo, closed so the verbs open it."""
    open_database(db_path)
    add_people()
    close_database()
    yield db_path
    close_database()


def run(*argv: str | Path) -> int:
    return main([str(a) for a in argv])


def test_capture_a_file_then_list_accept_and_dismiss(
    kith_file: Path, tmp_path: Path, today: date, capsys: pytest.CaptureFixture[str]
) -> None:
    mbox = write_mbox(tmp_path / "all.mbox", inbox(today) + sent(today))
    assert run("capture", mbox, "--me", ME, "--database", kith_file) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("all.mbox: read 10, 4 new with people you know")
    assert "  all.mbox, message 9: it has no date; skipped" in out
    assert out[-1] == "3 suggestions from mail and calendar waiting: see `kith suggestions`."

    assert run("suggestions", "--json", "--database", kith_file) == 0
    listed = json.loads(capsys.readouterr().out)
    assert sorted((s["people"][0]["address"], s["date"], s["initiator"]) for s in listed) == sorted(
        [
            (ANA, local_date(noon(today, 5)).isoformat(), "them"),
            (ANA, local_date(noon(today, 3)).isoformat(), "them"),
            (BOB, local_date(noon(today, 4)).isoformat(), "me"),
        ]
    )
    bob = next(s for s in listed if s["people"][0]["address"] == BOB)
    assert run("suggestions", "--database", kith_file) == 0
    text = capsys.readouterr().out
    assert text.startswith("3 suggestions from mail and calendar:\n")
    assert f"Bob Stone <{BOB}> — you wrote first  (all.mbox)" in text

    assert run("suggestions", "accept", str(bob["id"]), "--database", kith_file) == 0
    assert capsys.readouterr().out == "Logged 1 interaction.\n"
    others = [str(s["id"]) for s in listed if s is not bob]
    assert run("suggestions", "dismiss", *others, "--database", kith_file) == 0
    assert capsys.readouterr().out == "Dismissed 2 suggestions.\n"
    assert run("suggestions", "--database", kith_file) == 0
    assert capsys.readouterr().out == "No suggestions from mail and calendar.\n"
    # Reading the file again brings back nothing dismissed or accepted.
    assert run("capture", mbox, "--database", kith_file) == 0
    assert "0 new suggestions" in capsys.readouterr().out
    open_database(kith_file)
    assert [i.kind for i in interactions_of(bob["people"][0]["contact_id"])] == ["email"]
    assert list_suggestions() == []


def test_bad_input_gets_a_clear_message(
    kith_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("hello\n")
    assert run("capture", notes, "--database", kith_file) == 1
    assert capsys.readouterr().err == (
        "kith capture: notes.txt is neither an mbox file, a Maildir folder nor an .ics calendar\n"
    )
    assert run("suggestions", "accept", "12", "--database", kith_file) == 1
    assert capsys.readouterr().err == (
        "kith suggestions: There is no suggestion 12. Nothing was changed.\n"
    )
    assert run("suggestions", "accept", "twelve", "--database", kith_file) == 2
    assert "give the suggestions' numbers" in capsys.readouterr().err
    assert run("suggestions", "dismiss", "--database", kith_file) == 2
    assert "say which: kith suggestions dismiss ID…" in capsys.readouterr().err
    assert run("capture", "--account", "Work", "--database", kith_file) == 2
    assert "there is no IMAP source or sync account called “Work”" in capsys.readouterr().err
    assert run("capture", "--database", kith_file) == 2
    assert "give an mbox, Maildir or .ics FILE" in capsys.readouterr().err


def test_never_for_an_address(
    kith_file: Path, tmp_path: Path, today: date, capsys: pytest.CaptureFixture[str]
) -> None:
    mbox = write_mbox(tmp_path / "all.mbox", inbox(today) + sent(today))
    run("capture", mbox, "--me", ME, "--database", kith_file)
    capsys.readouterr()
    assert run("suggestions", "never", ANA, "--database", kith_file) == 0
    assert capsys.readouterr().out == (
        f"Kith will never capture {ANA} again (2 waiting suggestions changed).\n"
    )
    run("suggestions", "--json", "--database", kith_file)
    assert [s["people"][0]["address"] for s in json.loads(capsys.readouterr().out)] == [BOB]


def test_add_an_imap_account_and_capture_from_it(
    kith_file: Path,
    dovecot: DovecotServer,  # noqa: F811
    imap_user: ImapUser,  # noqa: F811
    today: date,
    now: datetime,
    memory_keyring: object,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    dovecot.deliver(imap_user, inbox(today))
    dovecot.deliver(imap_user, sent(today), "Sent")
    monkeypatch.setattr("sys.stdin", io.StringIO(imap_user.password + "\n"))
    args = ["capture-source", "add", "Work", "--host", "127.0.0.1", "--port", str(dovecot.port)]
    args += ["--security", "none", "--user", imap_user.name, "--database", str(kith_file)]
    assert run(*args) == 0
    assert capsys.readouterr().out == f"Added Work: {imap_user.name} on 127.0.0.1.\n"
    assert imap_user.password in memory_keyring.secrets.values()  # type: ignore[attr-defined]
    stored = b"".join(p.read_bytes() for p in kith_file.parent.glob(kith_file.name + "*"))
    assert imap_user.password.encode() not in stored

    assert run("capture", "--account", "work", "--database", kith_file) == 0
    out = capsys.readouterr().out
    assert out.startswith("Work: read 10, 4 new with people you know")
    assert out.endswith("3 suggestions from mail and calendar waiting: see `kith suggestions`.\n")
    assert run("capture", "--database", kith_file) == 0  # every enabled account: nothing new
    assert "Work: read 0, 0 new with people you know, 0 new suggestions" in capsys.readouterr().out

    assert run("capture-source", "list", "--database", kith_file) == 0
    assert capsys.readouterr().out.startswith(
        f"Work (imap, on): {imap_user.name} on 127.0.0.1, last read "
    )
    assert run("capture-source", "forget", "Work", "--database", kith_file) == 0
    assert capsys.readouterr().out == "Forgot Work and everything captured from it.\n"
    assert memory_keyring.secrets == {}  # type: ignore[attr-defined]
    run("suggestions", "--database", kith_file)
    assert capsys.readouterr().out == "No suggestions from mail and calendar.\n"


def test_a_wrong_password_from_stdin(
    kith_file: Path,
    dovecot: DovecotServer,  # noqa: F811
    imap_user: ImapUser,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(imap_user.password + "\n"))
    args = ["capture-source", "add", "Work", "--host", "127.0.0.1", "--port", str(dovecot.port)]
    run(*args, "--security", "none", "--user", imap_user.name, "--database", str(kith_file))
    capsys.readouterr()
    monkeypatch.setattr("sys.stdin", io.StringIO("not it\n"))
    assert run("capture", "--account", "Work", "--password-stdin", "--database", kith_file) == 1
    assert capsys.readouterr().err == (
        f"Work: The mail server 127.0.0.1 refused the user name “{imap_user.name}” or its "
        "password. Check them and try again.\n"
    )


def test_add_a_source_that_accepts_mail_without_asking(
    kith_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from kith.core.capture.sources import find_source

    monkeypatch.setattr("sys.stdin", io.StringIO("secret\n"))
    args = ["capture-source", "add", "Home", "--host", "imap.example.org", "--user", "me"]
    assert run(*args, "--auto-accept", "mail", "--max-people", "5", "--database", kith_file) == 0
    capsys.readouterr()
    open_database(kith_file)
    source = find_source("Home")
    assert source is not None
    assert (source.auto_accept_mail, source.auto_accept_meetings) == (True, False)
    assert (source.security, source.max_participants) == ("tls", 5)
    close_database()
    monkeypatch.setattr("sys.stdin", io.StringIO("secret\n"))
    assert run(*args, "--max-people", "0", "--database", kith_file) == 2
    assert capsys.readouterr().err.startswith("kith capture-source: There is already a capture")
