"""Capture in the background on sync's schedule: every enabled IMAP source is read at start, not
again before its interval, then again once the interval has passed; a failing source waits an
interval too, and a source turned off is left alone."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta

import pytest
from pytestqt.qtbot import QtBot

from kith.core.capture.sources import SourceDraft, save_source, set_enabled
from kith.core.capture.suggestions import pending_count
from kith.core.sync.accounts import password_store
from kith.ui.capture_runner import CaptureRunner
from tests.capture_mail import add_people, inbox, sent
from tests.core.capture.conftest import dovecot, imap_user  # noqa: F401
from tests.core.sync.conftest import memory_keyring  # noqa: F401
from tests.imap_server import DovecotServer, ImapUser


@pytest.fixture(autouse=True)
def _keyring(memory_keyring: object) -> Iterator[None]:  # noqa: F811
    yield


def test_sources_are_read_on_schedule(
    db: object,
    qtbot: QtBot,
    dovecot: DovecotServer,  # noqa: F811
    imap_user: ImapUser,  # noqa: F811
    now: datetime,
    today: date,
) -> None:
    add_people()
    dovecot.deliver(imap_user, inbox(today))
    dovecot.deliver(imap_user, sent(today), "Sent")
    source = save_source(
        SourceDraft(
            kind="imap", name="Work mail", host="127.0.0.1", port=dovecot.port,
            security="none", username=imap_user.name,
        ),
        password=imap_user.password,
    )  # fmt: skip
    clock = [now]
    runner = CaptureRunner(clock=lambda: clock[0], check_ms=3_600_000)
    with qtbot.waitSignal(runner.scan_finished, timeout=20000) as finished:
        runner.start()
    assert finished.args[0] == source.id
    assert finished.args[1].startswith("Work mail: read 10, 4 new with people you know")
    qtbot.waitUntil(lambda: not runner.busy)
    assert pending_count() == 3
    assert runner.due() == []  # just read

    clock[0] = now + timedelta(minutes=16)
    assert [s.id for s in runner.due()] == [source.id]
    with qtbot.waitSignal(runner.scan_finished, timeout=20000) as again:
        runner.check_due()
    assert again.args[1].startswith("Work mail: read 0")
    qtbot.waitUntil(lambda: not runner.busy)

    # A wrong password: said once, then not tried again before the interval.
    password_store().set(source.uid, "wrong")
    clock[0] = now + timedelta(minutes=32)
    with qtbot.waitSignal(runner.scan_finished, timeout=20000) as failed:
        runner.check_due()
    assert "refused the user name" in failed.args[1]
    qtbot.waitUntil(lambda: not runner.busy)
    assert runner.due() == []
    set_enabled(source.id, False)
    clock[0] = now + timedelta(hours=2)
    assert runner.due() == []
    runner.stop()
