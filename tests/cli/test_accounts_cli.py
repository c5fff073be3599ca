"""``kith accounts add|list|remove``: a headless setup from the terminal, against real servers
(Radicale with passwords, Xandikos without authentication)."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from kith.__main__ import main
from kith.core.contacts import ContactDraft, save_contact
from kith.core.follow_ups import FollowUpDraft, create_follow_up
from kith.core.sync.accounts import KEYRING_SERVICE, find_account
from kith.store.database import close_database, open_database
from kith.store.models import Contact
from tests.core.sync.conftest import memory_keyring, radicale  # noqa: F401
from tests.dav_server import DavUser, RadicaleServer, XandikosServer

NAME = "Home server"


@pytest.fixture
def dav_user(radicale: RadicaleServer) -> DavUser:  # noqa: F811
    return radicale.add_user()


@pytest.fixture
def keyring_backend(memory_keyring: object) -> Iterator[object]:  # noqa: F811
    yield memory_keyring


@pytest.fixture
def database(tmp_path: Path) -> Path:
    path = tmp_path / "kith.sqlite"
    open_database(path, create=True)
    close_database()
    return path


def kith(*argv: str | Path, stdin: str = "", monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return main([str(a) for a in argv])


def test_add_list_sync_and_remove_an_account_from_the_terminal(
    database: Path,
    dav_user: DavUser,
    keyring_backend: object,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    add = ("accounts", "add", NAME, "--url", dav_user.url, "--user", dav_user.username)
    assert (
        kith(*add, "--database", database, stdin=dav_user.password + "\n", monkeypatch=monkeypatch)
        == 0
    )
    out = capsys.readouterr().out
    assert f"Added “{NAME}”" in out
    assert "kith-follow-ups/" in out and "password: in the system keyring" in out
    # The password is in the keyring and nowhere in the file.
    secrets = keyring_backend.secrets  # type: ignore[attr-defined]
    assert list(secrets.values()) == [dav_user.password]
    assert all(service == KEYRING_SERVICE for service, _uid in secrets)
    assert dav_user.password.encode() not in database.read_bytes()

    assert kith("accounts", "list", "--json", "--database", database, monkeypatch=monkeypatch) == 0
    (listed,) = json.loads(capsys.readouterr().out)
    assert listed["name"] == NAME and listed["username"] == dav_user.username
    assert listed["addressbook_url"].endswith("/kith/")
    assert listed["calendar_url"].endswith("/kith-follow-ups/")
    assert listed["password"] == "stored" and listed["last_sync_at"] is None
    assert dav_user.password not in json.dumps(listed)

    open_database(database)
    save_contact(ContactDraft(full_name="Ana Lima"))
    close_database()
    assert kith("sync", "--database", database, monkeypatch=monkeypatch) == 0
    assert capsys.readouterr().out == f"{NAME}: 1 contact sent.\n"

    assert kith("accounts", "list", "--database", database, monkeypatch=monkeypatch) == 0
    text = capsys.readouterr().out
    assert text.startswith(f"{NAME}: {dav_user.url} as {dav_user.username}\n")
    assert "password: stored; every 15 min; last sync: 20" in text

    assert kith("accounts", "remove", NAME, "--database", database, monkeypatch=monkeypatch) == 0
    assert "Removed “Home server”" in capsys.readouterr().out
    assert secrets == {}
    open_database(database)
    try:
        assert find_account(NAME) is None
        assert Contact.select().count() == 1  # the people stay
    finally:
        close_database()
    assert kith("accounts", "remove", NAME, "--database", database, monkeypatch=monkeypatch) == 2
    assert "no account called “Home server” (accounts: none)" in capsys.readouterr().err


def test_nothing_is_saved_when_the_server_refuses_or_no_password_comes(
    database: Path,
    dav_user: DavUser,
    keyring_backend: object,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    add = ("accounts", "add", NAME, "--url", dav_user.url, "--user", dav_user.username)
    assert kith(*add, "--database", database, stdin="wrong\n", monkeypatch=monkeypatch) == 1
    err = capsys.readouterr().err
    assert "refused the username or password" in err and "Nothing was saved." in err
    assert kith(*add, "--database", database, stdin="", monkeypatch=monkeypatch) == 2
    assert "no password on standard input" in capsys.readouterr().err
    assert kith(
        *add, "--calendar", "Holidays", "--database", database,
        stdin=dav_user.password, monkeypatch=monkeypatch,
    ) == 2  # fmt: skip
    assert "there is no calendar “Holidays” on the server" in capsys.readouterr().err
    assert keyring_backend.secrets == {}  # type: ignore[attr-defined]
    assert kith("accounts", "list", "--database", database, monkeypatch=monkeypatch) == 0
    assert capsys.readouterr().out.startswith("No sync accounts.")
    # The same name twice is refused before anything is sent.
    assert kith(*add, "--database", database, stdin=dav_user.password, monkeypatch=monkeypatch) == 0
    capsys.readouterr()
    assert kith(*add, "--database", database, stdin=dav_user.password, monkeypatch=monkeypatch) == 2
    assert "already an account called “Home server”" in capsys.readouterr().err


def test_a_server_without_authentication_needs_no_password(
    database: Path,
    xandikos: XandikosServer,
    keyring_backend: object,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    today: date,
) -> None:
    assert kith(
        "accounts", "add", "Xandikos", "--url", xandikos.url, "--no-password",
        "--addressbook", "none", "--database", database, monkeypatch=monkeypatch,
    ) == 0  # fmt: skip
    out = capsys.readouterr().out
    assert "contacts: not synced" in out and "no password: the server asks for none" in out
    assert keyring_backend.secrets == {}  # type: ignore[attr-defined]
    assert kith("accounts", "list", "--json", "--database", database, monkeypatch=monkeypatch) == 0
    assert json.loads(capsys.readouterr().out)[0]["password"] == "not needed"
    open_database(database)
    create_follow_up(FollowUpDraft(title="Call Ana", due_date=today))
    close_database()
    assert kith("sync", "--database", database, monkeypatch=monkeypatch) == 0
    assert capsys.readouterr().out == "Xandikos: 1 follow-up sent.\n"


@pytest.fixture
def xandikos(tmp_path: Path) -> Iterator[XandikosServer]:
    folder = tmp_path / "xandikos"
    folder.mkdir()
    server = XandikosServer(folder).start()
    yield server
    server.stop()


def test_without_a_keyring_the_account_is_added_and_the_password_is_said_not_kept(
    database: Path,
    dav_user: DavUser,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import keyring
    from keyring.backends import null

    keyring.set_keyring(null.Keyring())
    add = ("accounts", "add", NAME, "--url", dav_user.url, "--user", dav_user.username)
    stdin = dav_user.password + "\n"
    assert kith(*add, "--database", database, stdin=stdin, monkeypatch=monkeypatch) == 0
    out = capsys.readouterr().out
    assert "password: NOT stored — this computer has no system keyring" in out
    assert dav_user.password.encode() not in database.read_bytes()
