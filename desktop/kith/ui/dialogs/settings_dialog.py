"""Edit ▸ Settings… (Ctrl+,): reminders (morning time, quiet hours, default snooze), start-up
(start at login, start minimised to the tray), backups (where, the size cap) and import (the
country of phone numbers written without a country code). Pages are
listed on the left, built from one list of :class:`SettingsPageSpec`: :data:`BUILT_IN_PAGES`
here, and the window's list, which adds the pages that need an open database (Sync)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import time
from pathlib import Path
from typing import Protocol, runtime_checkable

from PySide6.QtCore import QSize, Qt, QTime, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QSystemTrayIcon,
    QVBoxLayout,
    QWidget,
)

from kith.core.autostart import Autostart, AutostartError
from kith.core.backups import backups_folder, prune_backups, used_bytes
from kith.core.reminders import SNOOZE_CHOICES, SNOOZE_LABELS, QuietHours
from kith.ui.dialogs.dialog import Dialog
from kith.ui.icons import icon
from kith.ui.preferences import Preferences, preferences
from kith.ui.theme import current_theme
from kith.ui.widgets.buttons import make_primary
from kith.ui.widgets.date_fields import SpinBox, TimeEdit

NO_TRAY_TEXT = (
    "This desktop has no system tray: closing the window quits Kith, and reminders "
    "appear only while the window is open."
)
TRAY_TEXT = "Closing the window keeps Kith running in the tray; choose Quit to stop it."


@runtime_checkable
class SavesItself(Protocol):
    """A settings page that keeps its own data (Sync's accounts): the dialog's Save asks it
    to save when it has changes, and waits for ``done(ok)``."""

    def has_unsaved_changes(self) -> bool: ...

    def save(self, done: Callable[[bool], None] | None = None) -> None: ...


@dataclass(frozen=True)
class SettingsPageSpec:
    """One page of the Settings dialog: its title, its icon, and how to build it."""

    title: str
    icon: str
    build: Callable[[SettingsDialog], QWidget]


#: The pages every Settings dialog has, in order.
BUILT_IN_PAGES: tuple[SettingsPageSpec, ...] = (
    SettingsPageSpec("Reminders", "follow-up", lambda dialog: dialog.reminders_page()),
    SettingsPageSpec("Start-up", "tray", lambda dialog: dialog.startup_page()),
    SettingsPageSpec("Backups", "archive", lambda dialog: dialog.backups_page()),
    SettingsPageSpec("Import", "import", lambda dialog: dialog.import_page()),
)

PHONES_TEXT = (
    "When you import or sync, Kith tells two people apart by their phone numbers as the phone "
    "network reads them: 0151 23456789 in Germany is +49 151 23456789, never a French number "
    "that ends the same way. Numbers written without a country code are read as numbers of:"
)

BACKUPS_TEXT = (
    "Kith copies your data once a day (keeping 7 daily and 4 weekly copies), just before "
    "every import, merge, bulk delete and restore, and when you quit after changes. The "
    "copies never leave this computer. File ▸ Restore from backup… brings one back."
)


def _qtime(value: time) -> QTime:
    return QTime(value.hour, value.minute)


def _time(value: QTime) -> time:
    return time(value.hour(), value.minute())


def _help(text: str) -> QLabel:
    label = QLabel(text)
    label.setProperty("role", "muted")
    label.setWordWrap(True)
    return label


def _show_folder(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


def _time_edit(value: time) -> TimeEdit:
    edit = TimeEdit()
    edit.setTime(_qtime(value))
    edit.setMinimumWidth(80)
    return edit


class SettingsDialog(Dialog):
    """Kith's preferences. Changes are saved with Save; Cancel leaves everything as it was."""

    def __init__(
        self,
        prefs: Preferences | None = None,
        *,
        autostart: Autostart | None = None,
        tray_available: bool | None = None,
        pages: Sequence[SettingsPageSpec] = BUILT_IN_PAGES,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.setMinimumSize(QSize(640, 420))
        self.resize(QSize(900, 640))
        self.prefs = prefs or preferences()
        self.autostart = autostart or Autostart()
        self.tray_available = (
            QSystemTrayIcon.isSystemTrayAvailable() if tray_available is None else tray_available
        )

        self.page_list = QListWidget()
        self.page_list.setObjectName("SettingsPages")
        self.page_list.setFixedWidth(160)
        self.page_list.setIconSize(QSize(18, 18))
        self.page_list.setAccessibleName("Settings pages")
        t = current_theme()
        self.page_list.setStyleSheet(
            f"""
            QListWidget#SettingsPages {{
                border: 1px solid {t.border}; border-radius: 8px; background: {t.base};
                padding: 4px; outline: 0;
            }}
            QListWidget#SettingsPages::item {{ padding: 2px 8px; border-radius: 6px; }}
            QListWidget#SettingsPages::item:selected {{
                background: {t.accent}; color: {t.accent_text}; font-weight: 600;
            }}
            """
        )
        self.pages = QStackedWidget()
        self.page_list.currentRowChanged.connect(self.pages.setCurrentIndex)

        body = QHBoxLayout()
        body.setSpacing(16)
        body.addWidget(self.page_list)
        body.addWidget(self.pages, 1)

        self.error_label = QLabel()
        self.error_label.setProperty("role", "error")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        make_primary(save)
        save.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 18, 18, 14)
        layout.setSpacing(12)
        layout.addLayout(body, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

        for spec in pages:
            self.add_page(spec.title, spec.build(self), spec.icon)
        self.page_list.setCurrentRow(0)

    def add_page(self, title: str, widget: QWidget, icon_name: str = "") -> None:
        """Add a page (a plain QWidget) under ``title`` in the list on the left."""
        item = QListWidgetItem(icon(icon_name) if icon_name else icon("settings"), title)
        item.setSizeHint(QSize(0, 34))
        self.page_list.addItem(item)
        self.pages.addWidget(widget)

    def show_page(self, title: str) -> None:
        for row in range(self.page_list.count()):
            item = self.page_list.item(row)
            if item is not None and item.text() == title:
                self.page_list.setCurrentRow(row)

    @staticmethod
    def _page(title: str) -> tuple[QWidget, QVBoxLayout]:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        heading = QLabel(title)
        heading.setObjectName("PageTitle")
        layout.addWidget(heading)
        return page, layout

    def reminders_page(self) -> QWidget:
        page, layout = self._page("Reminders")
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.setHorizontalSpacing(14)
        form.setVerticalSpacing(12)

        self.morning_edit = _time_edit(self.prefs.morning)
        self.morning_edit.setAccessibleName("Morning time")
        morning = QVBoxLayout()
        morning.setSpacing(4)
        morning.addWidget(self.morning_edit, 0, Qt.AlignmentFlag.AlignLeft)
        morning.addWidget(
            _help("When “tomorrow morning” snoozes end and date-only follow-ups remind you.")
        )
        form.addRow("Morning time", morning)

        quiet = self.prefs.quiet_hours
        self.quiet_check = QCheckBox("From")
        self.quiet_check.setChecked(self.prefs.quiet_hours_enabled)
        self.quiet_start = _time_edit(quiet.start)
        self.quiet_start.setAccessibleName("Quiet hours start")
        self.quiet_end = _time_edit(quiet.end)
        self.quiet_end.setAccessibleName("Quiet hours end")
        row = QHBoxLayout()
        row.setSpacing(8)
        row.addWidget(self.quiet_check)
        row.addWidget(self.quiet_start)
        row.addWidget(QLabel("to"))
        row.addWidget(self.quiet_end)
        row.addStretch(1)
        quiet_box = QVBoxLayout()
        quiet_box.setSpacing(4)
        quiet_box.addLayout(row)
        quiet_box.addWidget(_help("A reminder due in quiet hours waits until they end."))
        form.addRow("Quiet hours", quiet_box)
        self.quiet_check.toggled.connect(self._quiet_toggled)
        self._quiet_toggled(self.quiet_check.isChecked())

        self.snooze_combo = QComboBox()
        self.snooze_combo.setAccessibleName("Default snooze")
        for choice in SNOOZE_CHOICES:
            self.snooze_combo.addItem(SNOOZE_LABELS[choice], choice)
        self.snooze_combo.setCurrentIndex(SNOOZE_CHOICES.index(self.prefs.default_snooze))
        snooze = QVBoxLayout()
        snooze.setSpacing(4)
        snooze.addWidget(self.snooze_combo, 0, Qt.AlignmentFlag.AlignLeft)
        snooze.addWidget(_help("What a click on a reminder’s Snooze button does."))
        form.addRow("Snooze", snooze)
        layout.addLayout(form)
        layout.addStretch(1)
        return page

    def _quiet_toggled(self, on: bool) -> None:
        self.quiet_start.setEnabled(on)
        self.quiet_end.setEnabled(on)

    def startup_page(self) -> QWidget:
        page, layout = self._page("Start-up")
        self.login_check = QCheckBox("Start Kith when I log in")
        self.login_check.setChecked(self.autostart.is_enabled())
        layout.addWidget(self.login_check)
        where = self.autostart.where()
        login_help = _help(f"Kith adds itself to {where}.")
        login_help.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        login_help.setContentsMargins(24, 0, 0, 6)
        layout.addWidget(login_help)

        self.minimized_check = QCheckBox("Start minimised to the tray")
        self.minimized_check.setChecked(self.prefs.start_minimized and self.tray_available)
        self.minimized_check.setEnabled(self.tray_available)
        layout.addWidget(self.minimized_check)
        self.tray_label = _help(TRAY_TEXT if self.tray_available else NO_TRAY_TEXT)
        self.tray_label.setContentsMargins(24, 0, 0, 0)
        layout.addWidget(self.tray_label)
        layout.addStretch(1)
        return page

    def backups_page(self) -> QWidget:
        page, layout = self._page("Backups")
        layout.addWidget(_help(BACKUPS_TEXT))
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.setHorizontalSpacing(14)
        form.setVerticalSpacing(12)
        self.backup_cap_spin = SpinBox()
        self.backup_cap_spin.setAccessibleName("Room for backups")
        self.backup_cap_spin.setRange(10, 1_000_000)
        self.backup_cap_spin.setSingleStep(50)
        self.backup_cap_spin.setSuffix(" MB")
        self.backup_cap_spin.setValue(self.prefs.backup_cap_mb)
        cap = QVBoxLayout()
        cap.setSpacing(4)
        cap.addWidget(self.backup_cap_spin, 0, Qt.AlignmentFlag.AlignLeft)
        cap.addWidget(
            _help(
                "When the copies take more room, the oldest go first (weekly ones last); "
                "the newest copy is always kept."
            )
        )
        form.addRow("Room for backups", cap)
        folder = backups_folder()
        if folder is not None:
            used = used_bytes()
            where = _help(f"{folder.absolute()}\n{used / (1024 * 1024):,.1f} MB used now.")
            where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.backups_where = where
            open_folder = QPushButton("Show the folder")
            open_folder.clicked.connect(lambda: _show_folder(folder))
            box = QVBoxLayout()
            box.setSpacing(4)
            box.addWidget(where)
            box.addWidget(open_folder, 0, Qt.AlignmentFlag.AlignLeft)
            form.addRow("Kept in", box)
        layout.addLayout(form)
        layout.addStretch(1)
        return page

    def import_page(self) -> QWidget:
        from PySide6.QtCore import QLocale

        from kith.core.phones import checked_region, locale_region

        page, layout = self._page("Import")
        layout.addWidget(_help(PHONES_TEXT))
        combo = QComboBox()
        combo.setAccessibleName("Country of phone numbers without a country code")
        own = locale_region()

        def country(code: str) -> str:
            name = QLocale.territoryToString(QLocale.codeToTerritory(code))
            return name if name and name != "Unknown" else code

        combo.addItem(
            f"The country of your locale ({country(own)})" if own else "No country (unknown)",
            None,
        )
        import phonenumbers

        regions = sorted(
            (country(code), code)
            for code in phonenumbers.SUPPORTED_REGIONS
            if checked_region(code) and code != "001"
        )
        for name, code in regions:
            combo.addItem(f"{name} (+{phonenumbers.country_code_for_region(code)})", code)
        combo.setCurrentIndex(max(0, combo.findData(self.prefs.phone_region)))
        self.phone_region_combo = combo
        layout.addWidget(combo, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        return page

    def save(self) -> bool:
        """Write every setting; False (with the reason shown) if start-at-login failed."""
        self.prefs.morning = _time(self.morning_edit.time())
        self.prefs.quiet_hours = QuietHours(
            _time(self.quiet_start.time()), _time(self.quiet_end.time())
        )
        self.prefs.quiet_hours_enabled = self.quiet_check.isChecked()
        self.prefs.default_snooze = str(self.snooze_combo.currentData())
        if self.tray_available:
            self.prefs.start_minimized = self.minimized_check.isChecked()
        cap_spin = getattr(self, "backup_cap_spin", None)
        if cap_spin is not None and cap_spin.value() != self.prefs.backup_cap_mb:
            smaller = cap_spin.value() < self.prefs.backup_cap_mb
            self.prefs.backup_cap_mb = cap_spin.value()
            if smaller and backups_folder() is not None:
                prune_backups(cap_bytes=cap_spin.value() * 1024 * 1024)
        region_combo = getattr(self, "phone_region_combo", None)
        if region_combo is not None:
            self.prefs.phone_region = region_combo.currentData()
        if self.login_check.isChecked() != self.autostart.is_enabled():
            try:
                self.autostart.set_enabled(self.login_check.isChecked())
            except AutostartError as exc:
                self.error_label.setText(str(exc))
                self.error_label.show()
                self.show_page("Start-up")
                return False
        return True

    def accept(self) -> None:
        """Save: the preferences, then each page that keeps its own data (a sync account)
        and has changes — waiting for a page that must reach a server first. A page that
        refuses keeps the dialog open on it, its reason beside the fields."""
        if not self.save():
            return
        waiting = [
            (self.page_list.item(i).text(), page)
            for i in range(self.pages.count())
            if isinstance(page := self.pages.widget(i), SavesItself) and page.has_unsaved_changes()
        ]
        self._save_pages(waiting)

    def _save_pages(self, waiting: list[tuple[str, SavesItself]]) -> None:
        if not waiting:
            super().accept()
            return
        (title, page), rest = waiting[0], waiting[1:]
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setEnabled(False)
        save.setText("Saving…")

        def done(ok: bool) -> None:
            save.setEnabled(True)
            save.setText("Save")
            if ok:
                self._save_pages(rest)
            else:
                self.show_page(title)

        page.save(done)
