"""``kith sync``: one sync from the terminal, reporting what moved."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kith.__main__ import main
from kith.core.contacts import ContactDraft, save_contact
from kith.core.sync.accounts import find_account, password_store
from tests.core.sync.conftest import memory_keyring, radicale  # noqa: F401
from tests.core.sync.helpers import ACCOUNT, two_machines
from tests.dav_server import DavUser, RadicaleServer


@pytest.fixture
def dav_user(radicale: RadicaleServer) -> DavUser:  # noqa: F811
    return radicale.add_user()


@pytest.fixture(autouse=True)
def _keyring(memory_keyring: object) -> Iterator[None]:  # noqa: F811
    yield


def test_kith_sync_reports_what_moved(
    tmp_path: Path, dav_user: DavUser, capsys: pytest.CaptureFixture[str]
) -> None:
    with two_machines(tmp_path, dav_user) as (a, _b):
        with a:
            save_contact(ContactDraft(full_name="Ana Lima"))
            save_contact(ContactDraft(full_name="Ben Okafor"))
        assert main(["sync", "--database", str(a.path), "--account", ACCOUNT]) == 0
        assert capsys.readouterr().out == f"{ACCOUNT}: 2 contacts sent.\n"
        assert main(["sync", "--database", str(a.path)]) == 0
        assert capsys.readouterr().out == f"{ACCOUNT}: everything is up to date.\n"


def test_kith_sync_says_what_went_wrong(
    tmp_path: Path, dav_user: DavUser, capsys: pytest.CaptureFixture[str]
) -> None:
    with two_machines(tmp_path, dav_user) as (a, _b):
        with a:
            account = find_account(ACCOUNT)
            assert account is not None
            password_store().set(account.uid, "wrong")
        assert main(["sync", "--database", str(a.path)]) == 1
        assert "refused the username or password" in capsys.readouterr().err
        assert main(["sync", "--database", str(a.path), "--account", "Nope"]) == 2
        assert "no account called “Nope”" in capsys.readouterr().err
