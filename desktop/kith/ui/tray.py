"""Kith's system-tray icon: the number of follow-ups due on it, and a menu of today's ones.

The menu (Open Kith, today's follow-ups, Log interaction…, Pause reminders, Quit) is built by
:meth:`KithTray.rebuild_menu` whether or not the desktop has a tray, so it can be checked
anywhere; the icon itself is shown only where a tray exists. The tray asks the window for
nothing: it emits requests (``open_requested``, ``follow_up_requested``, …) that the app
connects to the window.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QObject, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QFont, QIcon, QPainter
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from kith.core.follow_up_counts import due_counts
from kith.core.follow_ups import FollowUpItem, due_today, overdue
from kith.core.local_time import local_wall, start_of_day, to_utc, today, utcnow
from kith.core.reminders import Clock, tomorrow_morning
from kith.ui.formats import date_time_text, time_text
from kith.ui.icons import app_icon, icon
from kith.ui.preferences import Preferences, preferences
from kith.ui.store_signals import StoreSignals, store_signals
from kith.ui.theme import current_theme

#: Follow-ups listed in the menu; the rest are counted in one line.
MENU_ITEMS = 8
_ICON_SIZES = (16, 22, 24, 32, 48, 64)


def badge_icon(count: int) -> QIcon:
    """Kith's icon with ``count`` painted in a badge at the bottom right (plain if 0)."""
    if count <= 0:
        return app_icon()
    base = app_icon()
    result = QIcon()
    text = "99+" if count > 99 else str(count)
    for size in _ICON_SIZES:
        pixmap = base.pixmap(size, size).copy()
        pixmap.setDevicePixelRatio(1.0)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        diameter = size * (0.62 if len(text) == 1 else 0.7)
        width = diameter if len(text) == 1 else min(size, diameter * (0.55 + 0.32 * len(text)))
        rect = QRectF(size - width, size - diameter, width, diameter)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(current_theme().danger))
        painter.drawRoundedRect(rect, diameter / 2, diameter / 2)
        font = QFont()
        font.setBold(True)
        font.setPixelSize(max(6, round(diameter * (0.72 if len(text) == 1 else 0.6))))
        painter.setFont(font)
        painter.setPen(QColor("#ffffff"))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
        painter.end()
        result.addPixmap(pixmap)
    return result


def item_text(item: FollowUpItem, day: object) -> str:
    """A follow-up as a menu line: "10:00  Send Ana the deck — Ana Lima"."""
    when = f"{time_text(item.due_time)}  " if item.due_time is not None else ""
    if item.due_date != day:
        when = "Overdue · "
    who = f" — {item.contact_name}" if item.contact_name else ""
    return f"{when}{item.title}{who}".replace("&", "&&")


class KithTray(QObject):
    """The tray icon and its menu."""

    open_requested = Signal()
    follow_up_requested = Signal(int)
    log_interaction_requested = Signal()
    quit_requested = Signal()

    def __init__(
        self,
        *,
        clock: Clock = utcnow,
        prefs: Preferences | None = None,
        signals: StoreSignals | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.clock = clock
        self.prefs = prefs or preferences()
        self.count = 0
        self.menu = QMenu()
        self.menu.setObjectName("TrayMenu")
        self.menu.aboutToShow.connect(self.rebuild_menu)
        self.pause_menu = QMenu("Pause reminders", self.menu)
        self.pause_menu.setIcon(icon("snooze"))
        self.destroyed.connect(self.menu.deleteLater)
        self.icon = QSystemTrayIcon(app_icon(), self)
        self.icon.setContextMenu(self.menu)
        self.icon.activated.connect(self._activated)
        self._midnight = QTimer(self)
        self._midnight.setSingleShot(True)
        self._midnight.timeout.connect(self.refresh)
        (signals or store_signals()).changed.connect(self._store_changed)
        self.refresh()
        self.rebuild_menu()

    @staticmethod
    def available() -> bool:
        """Whether this desktop has a system tray to show the icon in."""
        return QSystemTrayIcon.isSystemTrayAvailable()

    def show(self) -> bool:
        """Show the icon where there is a tray; False (nothing shown) where there is none."""
        if not self.available():
            return False
        self.icon.show()
        return True

    @property
    def visible(self) -> bool:
        return self.icon.isVisible()

    def now(self) -> datetime:
        return to_utc(self.clock())

    # the badge ----------------------------------------------------------------------------

    def refresh(self) -> None:
        """Repaint the count of due and overdue follow-ups; re-arm the midnight refresh."""
        now = self.now()
        late, due = due_counts(now)
        self.count = late + due
        self.icon.setIcon(badge_icon(self.count))
        if self.count:
            noun = "follow-up" if self.count == 1 else "follow-ups"
            parts = [f"{due} due today"] if due else []
            parts += [f"{late} overdue"] if late else []
            self.icon.setToolTip(f"Kith — {self.count} {noun}: {', '.join(parts)}")
        else:
            self.icon.setToolTip("Kith — nothing due today")
        midnight = start_of_day(today(now) + timedelta(days=1))
        wait = (midnight - now).total_seconds() * 1000 + 1000
        self._midnight.start(int(min(max(wait, 1000), 24 * 3600 * 1000)))

    def _store_changed(self, tables: frozenset[str]) -> None:
        if "follow_up" in tables or "contact" in tables:
            self.refresh()
            if self.menu.isVisible():
                # Later: the change may come from one of the menu's own actions.
                QTimer.singleShot(0, self.rebuild_menu)

    # the menu -----------------------------------------------------------------------------

    def rebuild_menu(self) -> None:
        now = self.now()
        day = today(now)
        menu = self.menu
        menu.clear()
        open_action = menu.addAction(app_icon(), "Open Kith")
        open_action.triggered.connect(self.open_requested)
        font = open_action.font()
        font.setBold(True)
        open_action.setFont(font)
        menu.addSeparator()

        items = overdue(now, limit=MENU_ITEMS + 1) + due_today(now)
        header = menu.addAction("Due today")
        header.setEnabled(False)
        if not items:
            nothing = menu.addAction("Nothing due — enjoy your day")
            nothing.setEnabled(False)
        for item in items[:MENU_ITEMS]:
            action = menu.addAction(icon("follow-up"), item_text(item, day))
            action.setData(item.id)
            action.triggered.connect(
                lambda _=False, fid=item.id: self.follow_up_requested.emit(fid)
            )
        if len(items) > MENU_ITEMS:
            late, due = due_counts(now)
            more = menu.addAction(f"{late + due - MENU_ITEMS} more on the Today page…")
            more.triggered.connect(self.open_requested)
        menu.addSeparator()
        log = menu.addAction(icon("log-interaction"), "Log interaction…")
        log.triggered.connect(self.log_interaction_requested)

        pause = self.pause_menu
        pause.clear()
        menu.addMenu(pause)
        paused = self.prefs.paused_until
        if paused is not None and paused > now:
            wall = local_wall(paused)
            status = pause.addAction(
                f"Paused until {date_time_text(wall, weekday=True, year=False)}"
            )
            status.setEnabled(False)
            resume = pause.addAction("Resume reminders now")
            resume.triggered.connect(lambda: self.prefs.pause_until(None))
            pause.addSeparator()
        hour = pause.addAction("For 1 hour")
        hour.triggered.connect(lambda: self.prefs.pause_until(self.now() + timedelta(hours=1)))
        morning = tomorrow_morning(now, morning=self.prefs.morning)
        until = pause.addAction(f"Until tomorrow morning ({time_text(local_wall(morning))})")
        until.triggered.connect(
            lambda: self.prefs.pause_until(tomorrow_morning(self.now(), morning=self.prefs.morning))
        )
        menu.addSeparator()
        quit_action = menu.addAction("Quit Kith")
        quit_action.triggered.connect(self.quit_requested)

    def actions(self) -> list[QAction]:
        """The menu's actions (separators included), as built last."""
        return list(self.menu.actions())

    def follow_up_actions(self) -> list[QAction]:
        return [a for a in self.menu.actions() if isinstance(a.data(), int)]

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (
            QSystemTrayIcon.ActivationReason.Trigger,
            QSystemTrayIcon.ActivationReason.DoubleClick,
        ):
            self.open_requested.emit()

    # notifications ------------------------------------------------------------------------

    def show_hidden_notice(self) -> bool:
        """The first time the window closes to the tray, say so once (returns True if said)."""
        if self.prefs.tray_notice_shown or not self.visible:
            return False
        self.prefs.tray_notice_shown = True
        self.icon.showMessage(
            "Kith is still running",
            "Kith stays in the tray to remind you. Choose Quit Kith here to stop it.",
            app_icon(),
            10_000,
        )
        return True
