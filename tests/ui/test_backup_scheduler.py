"""The window's own backups: the day's one soon after start (once a day), and one at quit
only when something changed since the last."""

from __future__ import annotations

from datetime import datetime

from pytestqt.qtbot import QtBot

from kith.core.backups import list_backups
from kith.core.contacts import ContactDraft, save_contact
from kith.ui.backup_scheduler import BackupScheduler


def test_the_days_backup_after_start_and_one_at_quit_after_a_change(
    qtbot: QtBot, db: object, now: datetime
) -> None:
    save_contact(ContactDraft(full_name="Amara Okafor"))
    scheduler = BackupScheduler(now=lambda: now)
    with qtbot.waitSignal(scheduler.backed_up, timeout=10_000) as signal:
        scheduler.start(delay_ms=0)
    assert signal.args[0].kind == "daily"
    assert scheduler.at_quit() is None  # nothing changed since that backup

    save_contact(ContactDraft(full_name="Jonas Berg"))
    at_quit = scheduler.at_quit()
    assert at_quit is not None and at_quit.kind == "quit"
    assert [b.kind for b in list_backups()] == ["quit", "daily"]


def test_a_second_start_the_same_day_takes_no_second_daily_backup(
    qtbot: QtBot, db: object, now: datetime
) -> None:
    first = BackupScheduler(now=lambda: now)
    with qtbot.waitSignal(first.backed_up, timeout=10_000):
        first.start(delay_ms=0)
    second = BackupScheduler(now=lambda: now)
    second.take_daily()
    qtbot.waitUntil(lambda: not second._running, timeout=10_000)
    assert [b.kind for b in list_backups()] == ["daily"]
