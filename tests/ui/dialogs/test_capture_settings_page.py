"""Settings ▸ Capture: add an IMAP account (password to the keyring), read it on a worker thread
with progress, turn a source off, forget it, read a file, cancel, allow an address again."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from kith.core.capture.sources import file_source, get_source, list_sources
from kith.core.capture.suggestions import list_suggestions, never_for_address, pending_count
from kith.core.sync.accounts import KEYRING_SERVICE
from kith.ui.capture_runner import ScanWorker
from kith.ui.dialogs.capture_settings_page import CaptureSettingsPage
from tests.capture_mail import ME, add_people, inbox, sent, write_mbox
from tests.core.capture.conftest import dovecot, imap_user  # noqa: F401
from tests.core.sync.conftest import memory_keyring, radicale  # noqa: F401
from tests.imap_server import DovecotServer, ImapUser


@pytest.fixture(autouse=True)
def _keyring(memory_keyring: object) -> Iterator[None]:  # noqa: F811
    yield


def _page(qtbot: QtBot) -> CaptureSettingsPage:
    page = CaptureSettingsPage()
    qtbot.addWidget(page)
    page.resize(700, 900)
    page.show()
    qtbot.waitExposed(page)
    return page


def test_add_an_account_and_read_it_in_the_background(
    db: object,
    qtbot: QtBot,
    dovecot: DovecotServer,  # noqa: F811
    imap_user: ImapUser,  # noqa: F811
    memory_keyring: object,  # noqa: F811
    today: date,
) -> None:
    add_people()
    dovecot.deliver(imap_user, inbox(today))
    dovecot.deliver(imap_user, sent(today), "Sent")
    page = _page(qtbot)
    assert "headers only" in page.privacy_label.text()
    assert "Never a message's body" in page.privacy_label.text()
    page.name_edit.setText("Work mail")
    page.host_edit.setText("127.0.0.1")
    page.security_combo.setCurrentIndex(page.security_combo.findData("none"))
    page.port_spin.setValue(dovecot.port)
    page.user_edit.setText(imap_user.name)
    page.add_button.click()
    assert page.form_error.text() == "Enter the password (it is kept in your system keyring)."
    page.password_edit.setText(imap_user.password)
    page.add_button.click()
    [source] = list_sources()
    assert memory_keyring.secrets == {(KEYRING_SERVICE, source.uid): imap_user.password}  # type: ignore[attr-defined]
    assert page.password_edit.text() == ""
    assert page.source_list.count() == 1
    assert page.selected() is not None and page.selected().id == source.id  # type: ignore[union-attr]

    with qtbot.waitSignal(page.scan_finished, timeout=20000) as finished:
        page.scan_button.click()
        assert page.progress.isVisible() and page.cancel_button.isVisible()
        assert not page.scan_button.isEnabled()
    assert finished.args[0].startswith("Work mail: read 10, 4 new with people you know")
    qtbot.waitUntil(lambda: not page.progress.isVisible())
    assert page.scan_button.isEnabled()
    assert "last read" in page.source_list.item(0).text()
    assert pending_count() == 3


def test_turn_off_forget_and_allow_again(
    db: object, qtbot: QtBot, tmp_path: Path, today: date, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_people()
    mbox = write_mbox(tmp_path / "all.mbox", inbox(today) + sent(today))
    file_source(mbox, [ME])
    page = _page(qtbot)
    with qtbot.waitSignal(page.scan_finished, timeout=20000) as finished:
        page.read_file(mbox)
    assert finished.args[0].startswith("all.mbox: read 10")
    qtbot.waitUntil(lambda: page.forget_button.isEnabled())  # the scan's thread has ended
    assert pending_count() == 3

    item = page.source_list.item(0)
    item.setCheckState(Qt.CheckState.Unchecked)
    assert not get_source(list_sources()[0].id).enabled
    assert pending_count() == 0
    page.source_list.item(0).setCheckState(Qt.CheckState.Checked)
    assert pending_count() == 3

    never_for_address("bob@example.net")
    page.reload()
    assert page.blocked_list.count() == 1
    page.blocked_list.setCurrentRow(0)
    page.unblock_button.click()
    assert page.blocked_list.count() == 0

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    page.forget_button.click()
    assert len(list_sources()) == 1
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    page.forget_button.click()
    assert list_sources() == []
    assert page.source_list.count() == 0
    assert page.scan_label.text() == "Forgot all.mbox and everything captured from it."
    assert list_suggestions() == []


def test_a_cancelled_scan_keeps_what_it_read(
    db: object, qtbot: QtBot, tmp_path: Path, today: date, now: datetime
) -> None:
    add_people()
    mbox = write_mbox(tmp_path / "all.mbox", inbox(today) + sent(today))
    source = file_source(mbox, [ME])
    worker = ScanWorker(source, None)
    worker.cancel()  # as if Cancel was pressed while the first message was read
    reports: list[object] = []
    worker.done.connect(reports.append)
    worker.run()
    [report] = reports
    assert report.cancelled  # type: ignore[attr-defined]
    assert report.summary().endswith("— stopped before the end")  # type: ignore[attr-defined]
    assert report.read == 1  # type: ignore[attr-defined]
    assert [s.people[0].name for s in list_suggestions()] == ["Ana Lima"]  # kept


def test_a_file_that_is_not_mail_is_said_plainly(db: object, qtbot: QtBot, tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("hello\n")
    page = _page(qtbot)
    page.read_file(notes)
    assert page.scan_label.text() == (
        "notes.txt is neither an mbox file, a Maildir folder nor an .ics calendar"
    )
    assert list_sources() == []


def test_meetings_from_a_sync_accounts_calendars(
    db: object,
    qtbot: QtBot,
    radicale: object,  # noqa: F811
    today: date,
) -> None:
    from urllib.parse import urlsplit

    from kith.core.sync.accounts import AccountDraft, save_account
    from kith.core.sync.dav import CALENDAR, DavClient
    from tests.core.capture.test_calendars import _events

    add_people()
    user = radicale.add_user()  # type: ignore[attr-defined]
    with DavClient(user.url, user.username, user.password) as dav:
        work = dav.make_collection(dav.home_sets()[CALENDAR], "work", "Work", CALENDAR)
        for uid, text in _events(today):
            dav.put(f"{urlsplit(work.url).path.rstrip('/')}/{uid}.ics", text, "text/calendar")
    save_account(AccountDraft("Home", user.url, user.username), password=user.password)
    page = _page(qtbot)
    assert page.account_combo.currentText() == "Home"
    with qtbot.waitSignal(page.scan_finished, timeout=20000) as finished:
        page.add_calendars()
    assert finished.args[0].startswith("Home calendars: read 4, 2 new with people you know")
    qtbot.waitUntil(lambda: "last read" in page.source_list.item(0).text())
    assert page.source_list.count() == 1
    assert (
        page.source_list.item(0)
        .text()
        .startswith("Home calendars — the calendars of a sync account · last read")
    )


def test_a_sources_options_can_be_changed(
    db: object, qtbot: QtBot, tmp_path: Path, today: date
) -> None:
    mbox = write_mbox(tmp_path / "all.mbox", sent(today))
    source = file_source(mbox, [ME])
    page = _page(qtbot)
    assert page.options_box.isEnabled()
    assert page.option_max.value() == 10
    assert not page.option_auto_mail.isChecked()
    page.option_auto_mail.setChecked(True)
    page.option_subject.setChecked(True)
    page.option_max.setValue(4)
    page.options_button.click()
    saved = get_source(source.id)
    assert (saved.auto_accept_mail, saved.read_subject, saved.max_participants) == (True, True, 4)
    assert saved.my_addresses == (ME,) and saved.path == source.path  # the rest kept
    assert page.scan_label.text() == (
        "Saved the options of all.mbox; they apply from its next read."
    )
