"""Reminder popups: small always-on-top cards near the tray corner that never take the focus.

Each due follow-up gets a card (contact photo and name, title, notes, Done · Snooze · Open);
up to :data:`MAX_CARDS` stack upwards from the bottom-right corner of the screen, the rest —
and reminders missed while the computer slept or Kith was closed — share one group card
("5 follow-ups due"), so the stack never covers the screen. Done and Snooze go through
:class:`~kith.ui.commands.follow_up_actions.FollowUpActions`, so Ctrl+Z in the window undoes them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from PySide6.QtCore import QObject, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication, QScreen
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
)

from kith.core.directory import contact_summaries
from kith.core.follow_ups import FollowUpItem, follow_up_items
from kith.core.local_time import to_utc, today, utcnow
from kith.core.reminders import SNOOZE_CHOICES, Clock, DueReminders, snooze_until
from kith.ui.commands.follow_up_actions import FollowUpActions
from kith.ui.formats import date_text, time_text
from kith.ui.icons import app_icon, icon
from kith.ui.preferences import Preferences, preferences
from kith.ui.store_signals import StoreSignals, store_signals
from kith.ui.theme import current_theme
from kith.ui.widgets.avatar import avatar_pixmap
from kith.ui.widgets.buttons import make_primary
from kith.ui.widgets.snooze_menu import snooze_label

#: Cards shown one by one; more than this share the group card.
MAX_CARDS = 3
CARD_WIDTH = 360
MARGIN = 16
SPACING = 10
AVATAR = 40

_FLAGS = (
    Qt.WindowType.Tool
    | Qt.WindowType.FramelessWindowHint
    | Qt.WindowType.WindowStaysOnTopHint
    | Qt.WindowType.WindowDoesNotAcceptFocus
)


def due_text(item: FollowUpItem, now: datetime) -> str:
    """ "Due today at 10:00", "Due today", "Due Tue 24 Nov", "Overdue since Mon 23 Nov"."""
    day = today(now)
    at = f" at {time_text(item.due_time)}" if item.due_time is not None else ""
    if item.due_date == day:
        return f"Due today{at}"
    when = date_text(item.due_date, weekday=True, year=item.due_date.year != day.year)
    if item.due_date < day:
        return f"Overdue since {when}"
    return f"Due {when}{at}"


class _Card(QFrame):
    """A frameless, always-on-top, never-focused window with the popup look."""

    dismissed = Signal()

    def __init__(self) -> None:
        super().__init__(None, _FLAGS)
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, True)
        self.setAttribute(Qt.WidgetAttribute.WA_QuitOnClose, False)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setObjectName("ReminderCard")
        self.setFixedWidth(CARD_WIDTH)
        t = current_theme()
        self.setStyleSheet(
            f"""
            QFrame#ReminderCard {{
                background: {t.base}; border: 1px solid {t.border};
                border-left: 4px solid {t.accent};
            }}
            QLabel {{ background: transparent; }}
            QLabel#CardTitle {{ font-size: 10.5pt; font-weight: 600; color: {t.text}; }}
            QLabel#CardName {{ color: {t.muted}; font-weight: 600; }}
            QLabel#CardNotes, QLabel#CardWhen {{ color: {t.muted}; }}
            QToolButton#CardClose {{ border: none; padding: 2px; }}
            QToolButton#CardClose:hover {{ background: {t.alternate}; border-radius: 4px; }}
            QToolButton#CardSnooze {{
                padding: 5px 24px 5px 10px; border: 1px solid {t.border}; border-radius: 6px;
                background: {t.base}; color: {t.text};
            }}
            QToolButton#CardSnooze:hover {{ border-color: {t.accent}; }}
            QToolButton#CardSnooze::menu-button {{
                border: none; border-left: 1px solid {t.border}; width: 18px;
                border-top-right-radius: 6px; border-bottom-right-radius: 6px;
            }}
            QToolButton#CardSnooze::menu-button:hover {{ background: {t.alternate}; }}
            """
        )
        self.close_button = QToolButton()
        self.close_button.setObjectName("CardClose")
        self.close_button.setIcon(icon("close"))
        self.close_button.setIconSize(QSize(14, 14))
        self.close_button.setToolTip("Dismiss")
        self.close_button.setAccessibleName("Dismiss")
        self.close_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.close_button.clicked.connect(self.dismissed)

    @staticmethod
    def _button(text: str, icon_name: str = "", primary: bool = False) -> QPushButton:
        button = QPushButton(text)
        if icon_name:
            button.setIcon(icon(icon_name))
        if primary:
            make_primary(button)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        return button


class ReminderCard(_Card):
    """One follow-up: photo and name, title, notes, when it is due, Done · Snooze · Open."""

    done_clicked = Signal(int)
    snooze_clicked = Signal(int, str)  # follow-up id, snooze choice
    open_clicked = Signal(int)

    def __init__(
        self,
        item: FollowUpItem,
        *,
        photo: bytes | None,
        now: datetime,
        default_snooze: str,
        snooze_labels: dict[str, str],
    ) -> None:
        super().__init__()
        self.item = item
        self.follow_up_id = item.id
        outer = QVBoxLayout(self)
        outer.setContentsMargins(14, 12, 10, 12)
        outer.setSpacing(10)

        top = QHBoxLayout()
        top.setSpacing(12)
        self.avatar = QLabel()
        self.avatar.setFixedSize(AVATAR, AVATAR)
        if item.contact_name:
            self.avatar.setPixmap(
                avatar_pixmap(item.contact_name, photo, AVATAR, self.devicePixelRatioF())
            )
        else:
            self.avatar.setPixmap(app_icon().pixmap(AVATAR, AVATAR))
        top.addWidget(self.avatar, 0, Qt.AlignmentFlag.AlignTop)
        text = QVBoxLayout()
        text.setSpacing(2)
        self.name_label = QLabel(item.contact_name or "Follow-up")
        self.name_label.setObjectName("CardName")
        self.title_label = QLabel(item.title)
        self.title_label.setObjectName("CardTitle")
        self.title_label.setWordWrap(True)
        self.notes_label = QLabel(_first_lines(item.notes))
        self.notes_label.setObjectName("CardNotes")
        self.notes_label.setWordWrap(True)
        self.notes_label.setVisible(bool(item.notes))
        self.when_label = QLabel(due_text(item, now))
        self.when_label.setObjectName("CardWhen")
        for label in (self.name_label, self.title_label, self.notes_label, self.when_label):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
            text.addWidget(label)
        top.addLayout(text, 1)
        top.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        outer.addLayout(top)

        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        buttons.addSpacing(AVATAR + 12)
        self.done_button = self._button("Done", "done", primary=True)
        self.done_button.clicked.connect(lambda: self.done_clicked.emit(self.follow_up_id))
        self.snooze_button = QToolButton()
        self.snooze_button.setObjectName("CardSnooze")
        self.snooze_button.setText("Snooze")
        self.snooze_button.setIcon(icon("snooze"))
        self.snooze_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.snooze_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self.snooze_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.snooze_button.setToolTip(f"Snooze for {snooze_labels[default_snooze]}")
        self.snooze_menu = QMenu(self.snooze_button)
        self.snooze_actions: dict[str, QAction] = {}
        for choice in SNOOZE_CHOICES:
            action = self.snooze_menu.addAction(snooze_labels[choice])
            action.triggered.connect(
                lambda _=False, c=choice: self.snooze_clicked.emit(self.follow_up_id, c)
            )
            self.snooze_actions[choice] = action
        self.snooze_button.setMenu(self.snooze_menu)
        self.snooze_button.clicked.connect(
            lambda: self.snooze_clicked.emit(self.follow_up_id, default_snooze)
        )
        self.open_button = self._button("Open")
        self.open_button.clicked.connect(lambda: self.open_clicked.emit(self.follow_up_id))
        buttons.addWidget(self.done_button)
        buttons.addWidget(self.snooze_button)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        outer.addLayout(buttons)
        self.setAccessibleName(f"Reminder: {item.title}")


def _first_lines(text: str, lines: int = 2, width: int = 90) -> str:
    """The first lines of the notes, cut with an ellipsis (the card stays small)."""
    kept = [line for line in text.strip().splitlines() if line.strip()][:lines]
    joined = "\n".join(kept)
    if len(joined) > width * lines:
        joined = joined[: width * lines - 1].rstrip() + "…"
    elif len(kept) < len([ln for ln in text.strip().splitlines() if ln.strip()]):
        joined += " …"
    return joined


class GroupCard(_Card):
    """Several reminders at once: "5 follow-ups due" with the first titles and Open Kith."""

    open_app_clicked = Signal()

    def __init__(self, items: Sequence[FollowUpItem], *, missed: bool) -> None:
        super().__init__()
        self.items = list(items)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(14, 12, 10, 12)
        outer.setSpacing(8)
        top = QHBoxLayout()
        top.setSpacing(12)
        logo = QLabel()
        logo.setPixmap(app_icon().pixmap(AVATAR, AVATAR))
        logo.setFixedSize(AVATAR, AVATAR)
        top.addWidget(logo, 0, Qt.AlignmentFlag.AlignTop)
        text = QVBoxLayout()
        text.setSpacing(2)
        count = len(self.items)
        noun = "follow-up" if count == 1 else "follow-ups"
        self.title_label = QLabel(
            f"{count} {noun} you missed" if missed else f"{count} more {noun} due"
        )
        self.title_label.setObjectName("CardTitle")
        text.addWidget(self.title_label)
        shown = self.items[:4]
        lines = [f"• {i.title}" + (f" — {i.contact_name}" if i.contact_name else "") for i in shown]
        if count > len(shown):
            lines.append(f"and {count - len(shown)} more")
        self.list_label = QLabel("\n".join(lines))
        self.list_label.setObjectName("CardNotes")
        self.list_label.setWordWrap(True)
        text.addWidget(self.list_label)
        top.addLayout(text, 1)
        top.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        outer.addLayout(top)
        buttons = QHBoxLayout()
        buttons.addSpacing(AVATAR + 12)
        self.open_button = self._button("Open Kith", primary=True)
        self.open_button.clicked.connect(self.open_app_clicked)
        self.dismiss_button = self._button("Dismiss")
        self.dismiss_button.clicked.connect(self.dismissed)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.dismiss_button)
        buttons.addStretch(1)
        outer.addLayout(buttons)
        self.setAccessibleName(self.title_label.text())


class ReminderPopups(QObject):
    """The stack of reminder cards in the bottom-right corner of the screen.

    ``show_due`` adds what the scheduler fired; cards leave when acted on, dismissed, or when
    their follow-up is done, dropped or snoozed anywhere else.
    """

    open_requested = Signal(int)  # follow-up id: the window opens it
    open_app_requested = Signal()  # show the window (Today)

    def __init__(
        self,
        actions: FollowUpActions,
        *,
        clock: Clock = utcnow,
        prefs: Preferences | None = None,
        signals: StoreSignals | None = None,
        screen: QScreen | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.actions = actions
        self.clock = clock
        self.prefs = prefs or preferences()
        self._screen = screen
        self._on_time: list[FollowUpItem] = []
        self._missed: list[FollowUpItem] = []
        self.cards: list[ReminderCard] = []
        self.group_card: GroupCard | None = None
        (signals or store_signals()).changed.connect(self._store_changed)

    # what is shown ------------------------------------------------------------------------

    def items(self) -> list[FollowUpItem]:
        return self._missed + self._on_time

    def windows(self) -> list[_Card]:
        shown: list[_Card] = list(self.cards)
        if self.group_card is not None:
            shown.append(self.group_card)
        return shown

    def show_due(self, due: DueReminders) -> None:
        known = {i.id for i in self.items()}
        self._missed += [i for i in due.missed if i.id not in known]
        self._on_time += [i for i in due.on_time if i.id not in known]
        self._rebuild()

    def clear(self) -> None:
        self._on_time.clear()
        self._missed.clear()
        self._rebuild()

    def _remove(self, follow_up_ids: set[int]) -> None:
        self._on_time = [i for i in self._on_time if i.id not in follow_up_ids]
        self._missed = [i for i in self._missed if i.id not in follow_up_ids]
        self._rebuild()

    def _rebuild(self) -> None:
        singles = list(self._on_time)
        grouped: list[FollowUpItem] = []
        if len(self._missed) == 1:
            singles.insert(0, self._missed[0])
        else:
            grouped = list(self._missed)
        grouped += singles[MAX_CARDS:]
        singles = singles[:MAX_CARDS]

        old = {card.follow_up_id: card for card in self.cards}
        keep = {item.id for item in singles}
        for follow_up_id, stale in old.items():
            if follow_up_id not in keep:
                stale.hide()
                stale.deleteLater()
        now = to_utc(self.clock())
        photos = _photos(singles)
        labels = {c: snooze_label(c, now, morning=self.prefs.morning) for c in SNOOZE_CHOICES}
        cards: list[ReminderCard] = []
        for item in singles:
            card = old.get(item.id)
            if card is None:
                card = ReminderCard(
                    item,
                    photo=photos.get(item.contact_id) if item.contact_id else None,
                    now=now,
                    default_snooze=self.prefs.default_snooze,
                    snooze_labels=labels,
                )
                card.done_clicked.connect(self.done)
                card.snooze_clicked.connect(self.snooze)
                card.open_clicked.connect(self.open)
                card.dismissed.connect(lambda fid=item.id: self._remove({fid}))
            cards.append(card)
        self.cards = cards

        if self.group_card is not None:
            self.group_card.hide()
            self.group_card.deleteLater()
            self.group_card = None
        if grouped:
            all_missed = all(i in self._missed for i in grouped)
            group = GroupCard(grouped, missed=all_missed)
            ids = {i.id for i in grouped}
            group.dismissed.connect(lambda: self._remove(ids))
            group.open_app_clicked.connect(lambda: self._open_app(ids))
            self.group_card = group
        self._place()

    def _place(self) -> None:
        screen = self._screen or QGuiApplication.primaryScreen()
        area = screen.availableGeometry() if screen is not None else QRect(0, 0, 1280, 800)
        bottom = area.bottom() - MARGIN
        right = area.right() - MARGIN
        # The group card sits nearest the corner, the newest single cards above it.
        for window in reversed(self.windows()):
            window.adjustSize()
            size = window.sizeHint().expandedTo(window.minimumSizeHint())
            height = max(size.height(), window.height())
            top_left = QPoint(right - CARD_WIDTH + 1, bottom - height + 1)
            window.move(top_left)
            bottom = top_left.y() - SPACING
            if not window.isVisible():
                window.show()
            window.raise_()

    # actions ------------------------------------------------------------------------------

    def done(self, follow_up_id: int) -> None:
        self._remove({follow_up_id})
        self.actions.complete(follow_up_id)

    def snooze(self, follow_up_id: int, choice: str) -> None:
        self._remove({follow_up_id})
        until = snooze_until(choice, self.clock(), morning=self.prefs.morning)
        self.actions.snooze(follow_up_id, until)

    def open(self, follow_up_id: int) -> None:
        self._remove({follow_up_id})
        self.open_requested.emit(follow_up_id)

    def _open_app(self, ids: set[int]) -> None:
        self._remove(ids)
        self.open_app_requested.emit()

    def _store_changed(self, tables: frozenset[str]) -> None:
        """Drop cards whose follow-up was done, dropped, deleted or snoozed elsewhere."""
        shown = self.items()
        if "follow_up" not in tables or not shown:
            return
        fresh = follow_up_items([i.id for i in shown])
        gone = {
            i.id
            for i in shown
            if i.id not in fresh
            or fresh[i.id].status != "open"
            or fresh[i.id].remind_at != i.remind_at
        }
        if gone:
            self._remove(gone)


def _photos(items: Sequence[FollowUpItem]) -> dict[int, bytes | None]:
    ids = [i.contact_id for i in items if i.contact_id is not None]
    return {cid: s.photo for cid, s in contact_summaries(ids).items()} if ids else {}
