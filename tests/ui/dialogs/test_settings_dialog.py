"""Settings: reminder preferences persist, start-at-login writes and removes the real XDG
autostart file, the no-tray desktop is told plainly, and Ctrl+, opens the dialog."""

from __future__ import annotations

from datetime import time
from pathlib import Path

import pytest
from PySide6.QtCore import QTime
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot

from kith.core.autostart import Autostart
from kith.core.reminders import QuietHours
from kith.ui.dialogs.settings_dialog import NO_TRAY_TEXT, TRAY_TEXT, SettingsDialog
from tests.ui.reminder_fixtures import private_preferences


@pytest.fixture
def autostart(tmp_path: Path) -> Autostart:
    return Autostart(
        "linux",
        env={"XDG_CONFIG_HOME": str(tmp_path / "config")},
        command=["/usr/bin/kith"],
    )


def make(qtbot: QtBot, tmp_path: Path, autostart: Autostart, tray: bool) -> SettingsDialog:
    dialog = SettingsDialog(private_preferences(tmp_path), autostart=autostart, tray_available=tray)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def save(dialog: SettingsDialog, qtbot: QtBot) -> None:
    with qtbot.waitSignal(dialog.accepted):
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()


def test_settings_persist(qtbot, tmp_path, autostart):
    dialog = make(qtbot, tmp_path, autostart, tray=True)
    assert dialog.morning_edit.time() == QTime(9, 0)
    assert not dialog.quiet_check.isChecked() and not dialog.quiet_start.isEnabled()
    assert dialog.snooze_combo.currentText() == "15 minutes"
    dialog.morning_edit.setTime(QTime(8, 30))
    dialog.quiet_check.setChecked(True)
    assert dialog.quiet_start.isEnabled()
    dialog.quiet_start.setTime(QTime(21, 0))
    dialog.quiet_end.setTime(QTime(6, 45))
    dialog.snooze_combo.setCurrentIndex(dialog.snooze_combo.findText("1 hour"))
    dialog.minimized_check.setChecked(True)
    save(dialog, qtbot)

    again = private_preferences(tmp_path)  # a fresh read of the same settings file
    assert again.morning == time(8, 30)
    assert again.quiet_hours_enabled
    assert again.quiet_hours == QuietHours(time(21, 0), time(6, 45))
    assert again.default_snooze == "1h"
    assert again.start_minimized
    assert again.policy().quiet == QuietHours(time(21, 0), time(6, 45))

    reopened = make(qtbot, tmp_path, autostart, tray=True)
    assert reopened.morning_edit.time() == QTime(8, 30)
    assert reopened.quiet_check.isChecked()
    assert reopened.quiet_end.time() == QTime(6, 45)
    assert reopened.snooze_combo.currentText() == "1 hour"
    assert reopened.minimized_check.isChecked()


def test_cancel_changes_nothing(qtbot, tmp_path, autostart):
    dialog = make(qtbot, tmp_path, autostart, tray=True)
    dialog.morning_edit.setTime(QTime(7, 0))
    dialog.login_check.setChecked(True)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
    assert private_preferences(tmp_path).morning == time(9, 0)
    assert not autostart.is_enabled()


def test_start_at_login_file_appears_and_disappears(qtbot, tmp_path, autostart):
    target = tmp_path / "config" / "autostart" / "io.github.kith.Kith.desktop"
    dialog = make(qtbot, tmp_path, autostart, tray=True)
    assert not dialog.login_check.isChecked()
    dialog.show_page("Start-up")
    assert dialog.pages.currentIndex() == 1
    dialog.login_check.setChecked(True)
    save(dialog, qtbot)
    assert target.is_file()
    assert "Exec=/usr/bin/kith" in target.read_text()

    dialog = make(qtbot, tmp_path, autostart, tray=True)
    assert dialog.login_check.isChecked()
    dialog.login_check.setChecked(False)
    save(dialog, qtbot)
    assert not target.exists()


def test_a_failure_to_set_start_at_login_is_said_and_the_dialog_stays(qtbot, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    broken = Autostart("linux", env={"XDG_CONFIG_HOME": str(blocker)}, command=["kith"])
    dialog = make(qtbot, tmp_path, broken, tray=True)
    dialog.login_check.setChecked(True)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert dialog.isVisible()
    assert dialog.error_label.isVisible()
    assert "could not set itself to start at login" in dialog.error_label.text()
    assert dialog.pages.currentIndex() == 1


def test_without_a_tray_the_dialog_says_so(qtbot, tmp_path, autostart):
    dialog = make(qtbot, tmp_path, autostart, tray=False)
    dialog.show_page("Start-up")
    assert dialog.tray_label.isVisible()
    assert dialog.tray_label.text() == NO_TRAY_TEXT
    assert not dialog.minimized_check.isEnabled()
    with_tray = make(qtbot, tmp_path, autostart, tray=True)
    assert with_tray.tray_label.text() == TRAY_TEXT


def test_other_parts_can_add_a_page(qtbot, tmp_path, autostart):
    from PySide6.QtWidgets import QLabel

    dialog = make(qtbot, tmp_path, autostart, tray=True)
    titles = [dialog.page_list.item(i).text() for i in range(dialog.page_list.count())]
    assert titles[:2] == ["Reminders", "Start-up"]
    dialog.add_page("Extra", QLabel("extra settings"), "import")
    assert dialog.page_list.item(dialog.page_list.count() - 1).text() == "Extra"
    dialog.show_page("Extra")
    assert dialog.pages.currentWidget().text() == "extra settings"


def test_ctrl_comma_opens_settings_from_the_window(window, qtbot):
    [action] = [a for a in window.actions() if a.shortcut() == QKeySequence("Ctrl+,")]
    assert action.text() == "&Settings…"
    action.trigger()
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), SettingsDialog))
    dialog = QApplication.activeModalWidget()
    assert dialog.parent() is window
    dialog.reject()


def test_the_backups_page_sets_the_size_cap_the_command_line_shares(
    qtbot, tmp_path, autostart, db, db_path
):
    from kith.core.backups import size_cap

    dialog = make(qtbot, tmp_path, autostart, tray=True)
    dialog.show_page("Backups")
    assert dialog.pages.currentWidget().isVisible()
    assert dialog.backup_cap_spin.value() == 500
    assert str(db_path.parent / "backups") in dialog.backups_where.text()
    dialog.backup_cap_spin.setValue(1200)
    save(dialog, qtbot)
    assert size_cap(tmp_path / "backups.json") == 1200 * 1024 * 1024
    assert make(qtbot, tmp_path, autostart, tray=True).backup_cap_spin.value() == 1200


def test_the_import_page_chooses_the_country_of_phone_numbers(
    qtbot, tmp_path, autostart, monkeypatch
):
    from kith.core import phones

    monkeypatch.delenv("KITH_PHONE_REGION")  # the tests' own setting would win
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_TELEPHONE", raising=False)
    monkeypatch.setattr(phones, "settings_file", lambda: tmp_path / "phones.json")
    phones.forget_default_region()
    try:
        dialog = make(qtbot, tmp_path, autostart, tray=True)
        dialog.show_page("Import")
        combo = dialog.phone_region_combo
        assert combo.currentText() == "The country of your locale (France)"
        assert phones.default_region() == "FR"
        combo.setCurrentIndex(combo.findData("DE"))
        assert combo.currentText() == "Germany (+49)"
        save(dialog, qtbot)
        # The window and the command line read the same setting.
        assert phones.saved_region(tmp_path / "phones.json") == "DE"
        assert phones.default_region() == "DE"
        assert phones.phone_key("0151 23456789") == "+4915123456789"
        reopened = make(qtbot, tmp_path, autostart, tray=True)
        assert reopened.phone_region_combo.currentData() == "DE"
        reopened.phone_region_combo.setCurrentIndex(0)  # back to the locale's
        save(reopened, qtbot)
        assert phones.default_region() == "FR"
    finally:
        monkeypatch.undo()
        phones.forget_default_region()
