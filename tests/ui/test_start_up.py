"""The window opens on Today without building the other pages or reading the Contacts list:
each is built, and the list read, when first shown — and then behaves as before. Today's
sections are built and read right after the first paint; the tray, the reminders and the sync
indicator are set up once Today has painted them (issue 18)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from datetime import date, time, timedelta
from pathlib import Path

from pytestqt.qtbot import QtBot

from kith.core.contacts import ContactDraft, save_contact
from kith.store.database import close_database, open_database
from kith.ui.lists.contact_list_model import ContactListModel
from kith.ui.main_window import PAGE_NAMES, MainWindow
from tests.ui.reminder_fixtures import follow_up_at, remind_at


def test_only_the_first_page_is_built_and_the_others_come_when_shown(
    qtbot: QtBot, window: MainWindow
) -> None:
    ana = save_contact(ContactDraft(full_name="Ana Lima"))
    assert window.current_page() == "today"
    assert window.built_pages() == ["today"]

    window.show_page("contacts")
    page = window.contacts_page
    assert window.built_pages() == ["today", "contacts"]
    assert page.isVisible()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert page.current_contact_id() == ana

    for name in PAGE_NAMES:
        window.show_page(name)
        assert window.current_page() == name and window.page(name).isVisible()
    assert window.built_pages() == list(PAGE_NAMES)


def test_the_contacts_list_is_read_when_the_page_is_first_shown(
    qtbot: QtBot, window: MainWindow
) -> None:
    save_contact(ContactDraft(full_name="Ana Lima"))
    page = window.contacts_page  # built (asked for), not shown
    assert not page.model.loaded and page.model.rowCount() == 0
    bo = save_contact(ContactDraft(full_name="Bo Jensen"))  # nothing to re-read yet
    window.show_page("contacts")
    assert page.model.loaded
    assert [page.model.index(r, 0).data() for r in range(2)] == ["Ana Lima", "Bo Jensen"]
    assert page.count_label.text() == "2 people"
    # Selecting someone on a page not yet shown reads the list first (Today's "open").
    window.show_page("today")
    assert page.select_contact(bo) and page.current_contact_id() == bo


def test_a_model_made_without_its_ids_is_empty_until_loaded(
    db: object, qtmodeltester: object
) -> None:
    save_contact(ContactDraft(full_name="Ana Lima"))
    model = ContactListModel(watch_store=False, load=False)
    assert model.rowCount() == 0 and not model.loaded
    model.ensure_loaded()
    assert model.rowCount() == 1
    qtmodeltester.check(model)  # type: ignore[attr-defined]


def test_todays_sections_are_built_and_read_after_the_first_paint(
    db: object, db_path: Path, qtbot: QtBot, today: date
) -> None:
    ana = save_contact(ContactDraft(full_name="Ana Lima"))
    follow_up_at(today, time(9, 0), contact_id=ana)
    window = MainWindow(db_path)
    qtbot.addWidget(window)
    page = window.today_page
    # Built with the window: the header, the date and the sidebar's badge, read at once.
    assert page.title_label.text() == "Today" and page.date_label.text()
    assert window.today_badge() == 1
    assert not hasattr(page, "due_list") and page.overview is None
    window.show()
    qtbot.waitUntil(lambda: page.overview is not None)  # right after the first paint
    assert page.body.isVisible()
    assert [e.id for e in page.due_list.list_model.entries()] == [page.overview.due_today[0].id]
    assert page.due_label.text() == "DUE TODAY · 1"


#: ``python -m kith`` with probes: what the window has at its first paint, and once the work
#: that follows it has run (then it quits). Printed as one JSON line.
_PROBED_START = """
import json, sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication
import kith.app as app_module
from kith.ui.backup_scheduler import BackupScheduler
from kith.ui.reminder_scheduler import ReminderScheduler
from kith.ui.tray import KithTray

seen = {}
opened = app_module._open_window

def state(window):
    scheduler = window.findChild(ReminderScheduler)
    return {
        "title": window.today_page.title_label.text(),
        "badge": window.today_badge(),
        "today read": window.today_page.overview is not None,
        "tray": window.findChild(KithTray) is not None,
        "scheduler": scheduler is not None,
        "watching": scheduler is not None and scheduler.timer.isActive(),
        "next reminder": str(scheduler.next_at) if scheduler is not None else None,
        "sync indicator": window.sync_status is not None,
        "version": QApplication.applicationVersion(),
        "backups": window.findChild(BackupScheduler) is not None,
    }

def open_window(*args, **kwargs):
    window, later = opened(*args, **kwargs)

    class FirstPaint(QObject):
        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Paint and "first paint" not in seen:
                seen["first paint"] = state(window)
            return False

    window.probe = FirstPaint(window)
    window.centralWidget().installEventFilter(window.probe)

    def look():
        if window.findChild(ReminderScheduler) is None:
            QTimer.singleShot(20, look)
            return
        seen["after"] = state(window)
        print(json.dumps(seen), flush=True)
        window.quit()

    QTimer.singleShot(0, look)
    return window, later

app_module._open_window = open_window
identified = app_module.identify

def identify(app):
    seen["style"] = app.style().name()  # as made, before Kith's stylesheet wraps it
    identified(app)

app_module.identify = identify
import kith.__main__
sys.exit(kith.__main__.main(sys.argv[1:]))
"""


def test_a_start_paints_the_window_then_sets_up_the_tray_and_the_reminders(
    tmp_path: Path, today: date
) -> None:
    """A real start (not the bench's): the first frame has Today's header and the badge; the
    tray, the reminder scheduler (watching the next reminder), the backups and the sync
    indicator come right after Today has painted its figures."""
    path = tmp_path / "kith.sqlite"
    open_database(path)
    try:
        ana = save_contact(ContactDraft(full_name="Ana Lima"))
        follow_up_at(today - timedelta(days=1), time(9, 0), contact_id=ana, title="Call Ana")
        tomorrow = follow_up_at(today + timedelta(days=1), time(10, 0), contact_id=ana)
        reminder = remind_at(tomorrow)
    finally:
        close_database()
    env = dict(
        os.environ, QT_QPA_PLATFORM="offscreen", KITH_INSTANCE_NAME=f"kith-test-{uuid.uuid4()}"
    )
    result = subprocess.run(
        [sys.executable, "-c", _PROBED_START, "--database", str(path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    first, after = seen["first paint"], seen["after"]
    assert first["title"] == "Today" and first["badge"] == 1  # one overdue
    assert not first["today read"]  # its figures are read and painted right after
    assert not first["tray"] and not first["scheduler"] and not first["sync indicator"]
    assert not first["backups"]
    assert after["today read"] and after["badge"] == 1
    assert after["tray"] and after["sync indicator"] and after["version"] and after["backups"]
    assert after["watching"] and after["next reminder"] == str(reminder)
    assert seen["style"] == "fusion"  # made so with QApplication's arguments
