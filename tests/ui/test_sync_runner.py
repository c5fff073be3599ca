"""SyncRunner: syncs on its own thread, retries an offline server with backoff, and says so."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from pytestqt.qtbot import QtBot

from kith.core.sync.accounts import AccountDraft, password_store, save_account
from kith.ui.sync_runner import SyncRunner, status_text
from tests.core.sync.conftest import memory_keyring, radicale  # noqa: F401
from tests.dav_server import RadicaleServer, free_port


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 5, 4, 9, 0)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def runner(db: object, memory_keyring: object, clock: Clock) -> Iterator[SyncRunner]:  # noqa: F811
    sync = SyncRunner(clock=clock, debounce_ms=50)
    yield sync
    sync.stop()


def test_an_offline_server_is_retried_with_backoff(
    runner: SyncRunner, clock: Clock, qtbot: QtBot
) -> None:
    url = f"http://127.0.0.1:{free_port()}/"
    account = save_account(AccountDraft("Away", url, "ana", f"{url}ana/kith/", interval_minutes=30))
    password_store().set(account.uid, "pw")
    with qtbot.waitSignal(runner.sync_finished, timeout=10_000) as first:
        runner.start()  # the sync on start
    assert first.args[0] == account.id
    assert "cannot reach 127.0.0.1" in first.args[2]
    status = runner.status(account.id)
    assert status.next_sync == clock.now + timedelta(minutes=1)
    assert "retrying at" in status_text(status, now=clock.now)
    # Not due yet: nothing happens.
    clock.now += timedelta(seconds=30)
    runner.check_due()
    assert not runner.status(account.id).running
    # Due: the second failure waits twice as long.
    clock.now += timedelta(seconds=30)
    with qtbot.waitSignal(runner.sync_finished, timeout=10_000):
        runner.check_due()
        assert runner.status(account.id).running
    assert runner.status(account.id).next_sync == clock.now + timedelta(minutes=2)
    assert runner.status(account.id).failures == 2


def test_a_missing_password_is_said_and_not_retried_soon(
    runner: SyncRunner, clock: Clock, qtbot: QtBot
) -> None:
    account = save_account(
        AccountDraft("Home", "https://dav.example.com/", "ana", "https://dav.example.com/c/")
    )
    with qtbot.waitSignal(runner.sync_finished, timeout=10_000) as done:
        runner.sync_now(account.id)
    assert "has no password for “Home”" in done.args[2]
    assert runner.status(account.id).next_sync == clock.now + timedelta(minutes=15)


def test_without_a_password_kith_asks_once_and_then_syncs(runner: SyncRunner, qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QWidget

    from kith.ui.dialogs.sync_settings_page import ask_for_password

    account = save_account(
        AccountDraft("Home", "https://dav.example.com/", "ana", "https://dav.example.com/c/")
    )
    with qtbot.waitSignal(runner.password_needed, timeout=10_000) as needed:
        runner.sync_now(account.id)
    assert needed.args == [account.id]
    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = ask_for_password(runner, account.id, parent)
    assert dialog is not None
    assert "password for ana on “Home”" in dialog.labelText()
    assert ask_for_password(runner, account.id, parent) is None  # once per session
    dialog.setTextValue("typed-secret")
    with qtbot.waitSignal(runner.sync_finished, timeout=10_000) as tried:
        dialog.accept()
    assert password_store().get(account.uid) == "typed-secret"
    assert "has no password" not in tried.args[2]  # it tried with the password this time


def test_the_status_bar_label_says_how_sync_is_doing(
    runner: SyncRunner, clock: Clock, qtbot: QtBot
) -> None:
    from kith.ui.widgets.sync_status_label import SyncStatusLabel

    label = SyncStatusLabel(runner)
    qtbot.addWidget(label)
    assert label.isHidden()  # no account: nothing to say
    url = f"http://127.0.0.1:{free_port()}/"
    account = save_account(AccountDraft("Away", url, "ana", f"{url}ana/kith/"))
    password_store().set(account.uid, "pw")
    with qtbot.waitSignal(runner.sync_finished, timeout=10_000):
        runner.sync_now(account.id)
    assert label.text() == "Sync problem"
    assert "Away: Kith cannot reach 127.0.0.1" in label.toolTip()


def test_a_file_kith_cannot_write_is_said_plainly_not_as_a_bug(
    runner: SyncRunner, qtbot: QtBot, db_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kith.ui.sync_runner as module
    from kith.core.database import DatabaseWriteError

    said = f"Kith cannot save to {db_path}: the file is read-only. Nothing was changed."

    def read_only(*args: object, **kwargs: object) -> None:
        raise DatabaseWriteError(db_path, said)  # what writing() raises on a read-only file

    monkeypatch.setattr(module, "sync_account", read_only)
    url = f"http://127.0.0.1:{free_port()}/"
    account = save_account(AccountDraft("Home", url, "ana", f"{url}ana/kith/"))
    password_store().set(account.uid, "pw")
    with qtbot.waitSignal(runner.sync_finished, timeout=10_000) as finished:
        runner.sync_now(account.id)
    assert finished.args[2] == said
    assert "unexpected" not in finished.args[2]


def test_stop_ends_a_big_sync_where_it_is_and_the_next_goes_on_from_there(
    runner: SyncRunner,
    qtbot: QtBot,
    radicale: RadicaleServer,  # noqa: F811
) -> None:
    from kith.core.contacts import ContactDraft, save_contacts
    from kith.core.sync.dav import CONTACTS, DavClient
    from kith.core.sync.discovery import create_kith_collections
    from kith.ui.sync_runner import STOPPED

    user = radicale.add_user()
    book = create_kith_collections(user.url, user.username, user.password, calendar=False)
    save_contacts([ContactDraft(full_name=f"Person {n:02d}") for n in range(40)])
    account = save_account(AccountDraft("Home", user.url, user.username, book[CONTACTS].url))
    password_store().set(account.uid, user.password)

    def stop_after_a_few(account_id: int, done: int, total: int, what: str) -> None:
        if done >= 5:
            runner.stop_sync(account_id)

    runner._worker.progress.connect(stop_after_a_few)
    with qtbot.waitSignal(runner.sync_finished, timeout=60_000) as stopped:
        runner.sync_now(account.id)
    assert stopped.args[2] == STOPPED
    assert status_text(runner.status(account.id)).startswith(STOPPED)
    with DavClient(user.url, user.username, user.password) as dav:
        sent_before = len(dav.etags(book[CONTACTS].url))
    assert 5 <= sent_before < 40
    runner._worker.progress.disconnect(stop_after_a_few)
    with qtbot.waitSignal(runner.sync_finished, timeout=60_000) as finished:
        runner.sync_now(account.id)
    assert finished.args[2] == ""
    assert finished.args[1].sent == 40 - sent_before  # on from where it stopped, nothing twice


def test_the_status_line_says_what_a_big_sync_is_doing() -> None:
    from kith.ui.sync_runner import AccountStatus

    running = AccountStatus(running=True, done=120, total=11_601, what="Sending interactions")
    assert status_text(running) == "Syncing… 120 of 11,601 — sending interactions"
    assert status_text(AccountStatus(running=True)) == "Syncing…"
