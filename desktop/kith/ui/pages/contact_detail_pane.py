"""The detail pane beside the list: everything about the selected contact, and its actions."""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import UTC, date, datetime

from PySide6.QtCore import QModelIndex, QPoint, Qt, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListView,
    QMenu,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedLayout,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kith.core.contacts import CHANNEL_LABELS, CIRCLE_NAMES
from kith.core.directory import ContactDetail, contact_detail
from kith.core.local_time import utcnow
from kith.core.relative_time import ago_words, local_date, until_words
from kith.core.rules.pester import short_name
from kith.core.rules.reciprocity import only_asks_text, unprompted_text
from kith.core.rules.strength import Strength
from kith.ui.day_change_timer import DayChangeTimer
from kith.ui.formats import date_text
from kith.ui.icons import icon
from kith.ui.lists.timeline_delegate import TimelineDelegate
from kith.ui.lists.timeline_model import HEADER, INTERACTION, TimelineEntry, TimelineModel
from kith.ui.store_signals import store_signals
from kith.ui.theme import current_theme
from kith.ui.widgets.avatar import avatar_pixmap
from kith.ui.widgets.buttons import make_primary
from kith.ui.widgets.empty_state import EmptyState
from kith.ui.widgets.segmented_control import SegmentedPages
from kith.ui.widgets.snooze_menu import snooze_choices

CONTACT_LINK = "kith:contact/"


def _esc(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def long_date(d: date) -> str:
    return date_text(d)


def birthday_text(detail: ContactDetail, today: date) -> str | None:
    month, day, year = detail.birthday_month, detail.birthday_day, detail.birthday_year
    if month is None or day is None:
        return None
    return _yearly_text(month, day, year, today, lambda n: f"turns {n}")


def date_lines(detail: ContactDetail, today: date) -> list[str]:
    """ "Anniversary: 18 Aug 2012 — 15 years in 3 days", one per important date."""
    return [
        f"{d.label}: "
        + _yearly_text(d.month, d.day, d.year, today, lambda n: f"{n} year{'s' * (n != 1)}")
        for d in detail.dates
    ]


def _yearly_text(
    month: int, day: int, year: int | None, today: date, count: Callable[[int], str]
) -> str:
    """The date (with its year when known), then what its next return will be: "turns 40
    in 3 days" (``count`` words the years), or only "in 3 days" within a month."""
    text = date_text(date(year or 2000, month, day), year=bool(year))  # 2000: a leap year
    next_year = today.year
    try:
        upcoming = date(next_year, month, day)
    except ValueError:  # 29 February in a common year: celebrated on the 28th
        upcoming = date(next_year, 2, 28)
    if upcoming < today:
        try:
            upcoming = date(next_year + 1, month, day)
        except ValueError:
            upcoming = date(next_year + 1, 2, 28)
    days = (upcoming - today).days
    if year:
        text += f" — {count(upcoming.year - year)} {until_words(days)}"
    elif days <= 31:
        text += f" — {until_words(days)}"
    return text


def strength_words(strength: Strength) -> str:
    """The tie the strength makes, as the rules call it everywhere: "a strong tie", "a new tie"
    — or "nothing logged" when there is nothing to go on."""
    if strength.facts.known_days is None:
        return "nothing logged"
    return f"a {strength.tie} tie"


def channel_href(kind: str, value: str) -> str | None:
    if kind == "email":
        return f"mailto:{value}"
    if kind == "phone":
        return "tel:" + "".join(c for c in value if c.isdigit() or c == "+")
    if kind == "url":
        return value
    return None


class Figure(QWidget):
    """One number of the pane's header: a small caption, the value, a muted line below."""

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        self.caption = QLabel(caption.upper())
        self.caption.setProperty("role", "section")
        self.value = QLabel()
        font = self.value.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.value.setFont(font)
        self.note = QLabel()
        self.note.setProperty("role", "muted")
        self.note.setWordWrap(True)
        for label in (self.caption, self.value, self.note):
            layout.addWidget(label)
        layout.addStretch()

    def set(self, value: str, note: str = "", tooltip: str = "", colour: str = "") -> None:
        self.value.setText(value)
        self.value.setStyleSheet(f"color: {colour};" if colour else "")
        self.note.setText(note)
        self.note.setVisible(bool(note))
        self.setToolTip(tooltip)


class ContactDetailPane(QWidget):
    """Shows one contact (or a calm empty state): figures, timeline and details.

    It never writes: it emits what the user asks for and the main window acts.
    """

    edit_requested = Signal(int)
    delete_requested = Signal(int)
    contact_activated = Signal(int)
    log_interaction_requested = Signal(list)  # contact ids
    plan_follow_up_requested = Signal(object, object)  # contact id, due date (or None)
    open_follow_up_requested = Signal(int)
    edit_interaction_requested = Signal(int)
    delete_interaction_requested = Signal(int)
    complete_follow_up_requested = Signal(int)
    snooze_follow_up_requested = Signal(int, object)  # follow-up id, aware datetime
    delete_follow_up_requested = Signal(int)
    relationships_requested = Signal(int)  # contact id: "Who they know…"
    warm_path_requested = Signal(int)  # contact id: "How do I reach them…"

    def __init__(
        self,
        parent: QWidget | None = None,
        today: Callable[[], date] = date.today,
        now: Callable[[], datetime] = utcnow,
    ):
        super().__init__(parent)
        self.setObjectName("DetailPane")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setMinimumWidth(360)
        self._today = today
        self._now = now
        self._contact_id: int | None = None
        #: What the card calls the person in sentences: nickname, else given name, else full.
        self._short_name = ""

        self._stack = QStackedLayout(self)
        self._empty = EmptyState(
            "contacts",
            "Nobody selected",
            "Pick someone in the list to see their card: how you met, what you talked about, "
            "what you promised.",
        )
        self._stack.addWidget(self._empty)

        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(20, 20, 20, 12)
        layout.setSpacing(12)

        self._build_header(layout)
        self._build_actions(layout)
        layout.addWidget(self._build_figures())
        self.tabs = SegmentedPages()
        self.tabs.addTab(self._build_timeline(), "Timeline")
        self.tabs.addTab(self._build_details(), "Details")
        layout.addWidget(self.tabs, 1)
        self._stack.addWidget(page)

        store_signals().changed.connect(self._on_store_changed)
        # "Due in 3 days", "3 weeks ago": the words change at midnight without any write.
        self.day_timer = DayChangeTimer(self)
        self.day_timer.day_changed.connect(lambda: self._on_store_changed(frozenset()))

    # building -----------------------------------------------------------------------

    def _build_header(self, layout: QVBoxLayout) -> None:
        """Photo, name, role · company, and the Edit and Delete buttons."""
        header = QHBoxLayout()
        header.setSpacing(14)
        self._avatar = QLabel()
        self._avatar.setFixedSize(64, 64)
        header.addWidget(self._avatar, 0, Qt.AlignmentFlag.AlignTop)
        names = QVBoxLayout()
        names.setSpacing(2)
        self._name = QLabel()
        self._name.setObjectName("DetailName")
        self._name.setWordWrap(True)
        self._name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self._name.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self._name.setFont(font)
        self._role = QLabel()
        self._role.setProperty("role", "muted")
        self._role.setWordWrap(True)
        names.addWidget(self._name)
        names.addWidget(self._role)
        names.addStretch()
        header.addLayout(names, 1)
        self._edit = QToolButton()
        self._edit.setIcon(icon("edit"))
        self._edit.setToolTip("Edit this contact (Ctrl+E)")
        self._edit.setAccessibleName("Edit contact")
        self._edit.setAutoRaise(True)
        self._edit.clicked.connect(lambda: self._emit(self.edit_requested))
        self._delete = QToolButton()
        self._delete.setIcon(icon("delete"))
        self._delete.setToolTip("Delete this contact (Delete)")
        self._delete.setAccessibleName("Delete contact")
        self._delete.setAutoRaise(True)
        self._delete.clicked.connect(lambda: self._emit(self.delete_requested))
        header.addWidget(self._edit, 0, Qt.AlignmentFlag.AlignTop)
        header.addWidget(self._delete, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(header)

    def _build_actions(self, layout: QVBoxLayout) -> None:
        """Log interaction, Plan follow-up, and the ≡ menu of connections."""
        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        self.log_button = QPushButton(icon("log-interaction"), "Log interaction")
        make_primary(self.log_button)
        self.log_button.setToolTip("Log a coffee, call, email… with this person (Ctrl+L)")
        self.log_button.clicked.connect(self._request_log)
        self.plan_button = QPushButton(icon("follow-up"), "Plan follow-up")
        self.plan_button.setToolTip("Plan something to do about this person (Ctrl+Shift+F)")
        self.plan_button.clicked.connect(self._request_plan)
        self.more_button = QToolButton()
        self.more_button.setIcon(icon("menu"))
        self.more_button.setToolTip("More about this person's connections")
        self.more_button.setAccessibleName("More")
        self.more_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        more = QMenu(self.more_button)
        self.relationships_action = more.addAction(
            icon("network"), "Who they know…", lambda: self._emit(self.relationships_requested)
        )
        self.warm_path_action = more.addAction(
            icon("introduced"),
            "How do I reach them…",
            lambda: self._emit(self.warm_path_requested),
        )
        self.more_button.setMenu(more)
        buttons.addWidget(self.log_button)
        buttons.addWidget(self.plan_button)
        buttons.addWidget(self.more_button)
        buttons.addStretch()
        layout.addLayout(buttons)

    def _build_figures(self) -> QFrame:
        """Last contact, strength, give & ask, keep in touch: four figures in a card."""
        figures = QFrame()
        figures.setProperty("card", True)
        grid = QGridLayout(figures)
        grid.setContentsMargins(14, 10, 14, 10)
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(10)
        self.last_contact = Figure("Last contact")
        self.strength = Figure("Strength")
        self.balance = Figure("Give & ask")
        self.cadence = Figure("Keep in touch")
        grid.addWidget(self.last_contact, 0, 0)
        grid.addWidget(self.strength, 0, 1)
        grid.addWidget(self.balance, 1, 0)
        grid.addWidget(self.cadence, 1, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        #: "Mo gave without being asked once", "Bo has asked 4 times and given nothing in a year".
        self.trust_note = QLabel()
        self.trust_note.setWordWrap(True)
        self.trust_note.hide()
        grid.addWidget(self.trust_note, 2, 0, 1, 2)
        return figures

    def _build_timeline(self) -> QStackedWidget:
        """The timeline tab: open follow-ups then history, or a word when nothing is logged."""
        self.timeline_model = TimelineModel(self, now=self._now)
        self.timeline_view = QListView()
        self.timeline_view.setObjectName("Timeline")
        self.timeline_view.setModel(self.timeline_model)
        self.timeline_delegate = TimelineDelegate(self.timeline_view)
        self.timeline_view.setItemDelegate(self.timeline_delegate)
        self.timeline_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.timeline_view.setResizeMode(QListView.ResizeMode.Adjust)
        self.timeline_view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.timeline_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.timeline_view.setMouseTracking(True)
        self.timeline_view.setFrameShape(QFrame.Shape.NoFrame)
        self.timeline_view.setAccessibleName("Timeline")
        self.timeline_view.doubleClicked.connect(self._open_entry)
        self.timeline_view.activated.connect(self._open_entry)
        self.timeline_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.timeline_view.customContextMenuRequested.connect(self._context_menu)
        self.timeline_delegate.done_clicked.connect(self.complete_follow_up_requested)
        self.timeline_delegate.snooze_clicked.connect(self._snooze_menu)
        delete = QAction("Delete", self.timeline_view)
        delete.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        delete.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        delete.triggered.connect(self.delete_current_entry)
        self.timeline_view.addAction(delete)
        self._no_history = EmptyState(
            "log-interaction",
            "Nothing logged yet",
            "Log a coffee, a call or an email to start this person's timeline.",
            "Log interaction",
        )
        self._no_history.action_triggered.connect(self._request_log)
        self._timeline_stack = QStackedWidget()
        self._timeline_stack.addWidget(self.timeline_view)
        self._timeline_stack.addWidget(self._no_history)
        return self._timeline_stack

    def _build_details(self) -> QScrollArea:
        """The details tab: channels, how you met, birthday, notes…"""
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(4, 4, 4, 4)
        self._body = QLabel()
        self._body.setTextFormat(Qt.TextFormat.RichText)
        self._body.setWordWrap(True)
        self._body.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self._body.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self._body.setOpenExternalLinks(False)
        self._body.linkActivated.connect(self._on_link)
        self._body.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        body_layout.addWidget(self._body)
        body_layout.addStretch()
        scroll.setWidget(body)
        scroll.viewport().setAutoFillBackground(False)
        body.setAutoFillBackground(False)
        return scroll

    @property
    def contact_id(self) -> int | None:
        return self._contact_id

    def body_text(self) -> str:
        """The card's text as the user reads it (for tests and accessibility)."""
        return self._body.text()

    def show_contact(self, contact_id: int | None) -> None:
        detail = contact_detail(contact_id) if contact_id is not None else None
        same = contact_id == self._contact_id
        self._contact_id = contact_id if detail is not None else None
        if detail is None:
            self.timeline_model.set_contact(None)
            self._stack.setCurrentWidget(self._empty)
            return
        summary = detail.summary
        self._short_name = short_name(summary.full_name, detail.given_name, detail.nickname)
        self._avatar.setPixmap(
            avatar_pixmap(summary.full_name, summary.photo, 64, self.devicePixelRatioF())
        )
        self._name.setText(summary.full_name)
        self._role.setText(" · ".join(p for p in (summary.role_line, detail.location) if p))
        self._body.setText(self._render(detail))
        self._refresh_timeline(keep_scroll=same)
        self._stack.setCurrentIndex(1)

    def _refresh_timeline(self, *, keep_scroll: bool) -> None:
        bar = self.timeline_view.verticalScrollBar()
        position = bar.value() if keep_scroll else 0
        current = self.timeline_view.currentIndex()
        kept = (
            (current.data(TimelineModel.KindRole), current.data(TimelineModel.IdRole))
            if keep_scroll and current.isValid()
            else None
        )
        if keep_scroll:
            self.timeline_model.refresh()
        else:
            self.timeline_model.set_contact(self._contact_id)
        if kept is not None:
            row = self.timeline_model.row_of(*kept)
            if row is not None:
                self.timeline_view.setCurrentIndex(self.timeline_model.index(row, 0))
        self.timeline_view.doItemsLayout()
        bar.setValue(position)
        self._timeline_stack.setCurrentWidget(
            self.timeline_view if self.timeline_model.rowCount() else self._no_history
        )
        self._show_figures()

    def _show_figures(self) -> None:
        header = self.timeline_model.header
        if header is None:
            return
        theme = current_theme()
        # Mail capture found: "last email 3 days ago", whether or not a suggestion was taken.
        email = f" · {header.last_email_text}" if header.last_email_text else ""
        if header.last_contact is not None:
            day = local_date(header.last_contact)
            self.last_contact.set(
                header.last_contact_text[:1].upper() + header.last_contact_text[1:],
                date_text(day) + email,
            )
        else:
            self.last_contact.set("Never", f"nothing logged yet{email}")
        strength = header.strength
        self.strength.set(
            f"{strength.total} / 100",
            strength_words(strength),
            "Strength is the sum of four parts (points out of 100); asks count in none:\n"
            + "\n".join(f"{p.label}: {round(p.points)} — {p.why}" for p in strength.parts),
        )
        balance = header.balance
        open_asks = balance.open_asks
        waiting = f" · {open_asks} {'ask' if open_asks == 1 else 'asks'} open" if open_asks else ""
        self.balance.set(
            f"{'+' if balance.balance > 0 else ''}{balance.balance}",
            (
                f"{balance.gives} {'give' if balance.gives == 1 else 'gives'}, "
                f"{balance.asks} {'ask' if balance.asks == 1 else 'asks'} · 12 months{waiting}"
            ),
            "Your gives minus your asks over the last 12 months. An ask stays open until you "
            "give something yourself: then asking again is fine.",
            theme.danger if balance.balance < 0 else (theme.success if balance.balance > 0 else ""),
        )
        name = self._short_name
        notes = [
            (unprompted_text(name, balance), theme.success),
            (only_asks_text(name, balance), theme.warning),
        ]
        shown = [(text, colour) for text, colour in notes if text]
        self.trust_note.setText(" · ".join(text for text, _ in shown))
        colour = shown[-1][1] if shown else ""
        self.trust_note.setStyleSheet(f"color: {colour};" if colour else "")
        self.trust_note.setVisible(bool(shown))
        status = header.cadence
        cadence = status.cadence
        if cadence.days is None:
            self.cadence.set("No cadence", "set a circle or a cadence to get reminders")
        else:
            colour = ""
            if status.due_in is not None and status.due_in < 0:
                colour = theme.danger
            elif status.due_in is not None and status.due_in <= 3:
                colour = theme.warning
            text = status.text
            self.cadence.set(
                text[:1].upper() + text[1:],
                f"every {cadence.days} days ({cadence.reason})",
                "",
                colour,
            )

    # requests ---------------------------------------------------------------------------

    def _emit(self, signal: Signal) -> None:
        if self._contact_id is not None:
            signal.emit(self._contact_id)

    def _request_log(self) -> None:
        if self._contact_id is not None:
            self.log_interaction_requested.emit([self._contact_id])

    def _request_plan(self) -> None:
        if self._contact_id is not None:
            self.plan_follow_up_requested.emit(self._contact_id, None)

    def _entry_at(self, index: QModelIndex) -> TimelineEntry | None:
        entry = index.data(TimelineModel.EntryRole) if index.isValid() else None
        return entry if isinstance(entry, TimelineEntry) and entry.kind != HEADER else None

    def _open_entry(self, index: QModelIndex) -> None:
        entry = self._entry_at(index)
        if entry is None:
            return
        if entry.kind == INTERACTION:
            self.edit_interaction_requested.emit(entry.id)
        else:
            self.open_follow_up_requested.emit(entry.id)

    def delete_current_entry(self) -> None:
        """Delete the selected interaction or follow-up (the main window makes it undoable)."""
        entry = self._entry_at(self.timeline_view.currentIndex())
        if entry is None:
            return
        if entry.kind == INTERACTION:
            self.delete_interaction_requested.emit(entry.id)
        else:
            self.delete_follow_up_requested.emit(entry.id)

    def _snooze_menu(self, follow_up_id: int, where: QPoint) -> None:
        menu = QMenu(self)
        for label, moment in snooze_choices(datetime.now(UTC)):
            menu.addAction(
                label,
                lambda m=moment: self.snooze_follow_up_requested.emit(follow_up_id, m),
            )
        menu.popup(where)

    def _context_menu(self, point: QPoint) -> None:
        index = self.timeline_view.indexAt(point)
        entry = self._entry_at(index)
        if entry is None:
            return
        self.timeline_view.setCurrentIndex(index)
        menu = QMenu(self)
        if entry.kind == INTERACTION:
            menu.addAction(icon("edit"), "Edit…", lambda: self._open_entry(index))
        else:
            menu.addAction(icon("edit"), "Open…", lambda: self._open_entry(index))
            if entry.is_open_follow_up:
                menu.addAction(
                    icon("done"),
                    "Done",
                    lambda: self.complete_follow_up_requested.emit(entry.id),
                )
        menu.addAction(icon("delete"), "Delete", self.delete_current_entry)
        menu.popup(self.timeline_view.viewport().mapToGlobal(point))

    def _on_link(self, href: str) -> None:
        if href.startswith(CONTACT_LINK):
            self.contact_activated.emit(int(href.removeprefix(CONTACT_LINK)))
        else:
            QDesktopServices.openUrl(QUrl(href))

    def _on_store_changed(self, tables: frozenset[str]) -> None:
        # Any table can change what the card shows (names of others, tags, goals…).
        if self._contact_id is not None:
            self.show_contact(self._contact_id)

    def _render(self, d: ContactDetail) -> str:
        today = self._today()
        muted = current_theme().muted
        parts: list[str] = []

        def section(title: str, rows: list[str]) -> None:
            if rows:
                parts.append(
                    f"<p style='margin-top:12px; margin-bottom:3px'>"
                    f"<span style='font-size:8.5pt; font-weight:700; color:{muted}'>"
                    f"{_esc(title.upper())}</span></p>" + "".join(rows)
                )

        def row(text: str) -> str:
            return f"<p style='margin:2px 0'>{text}</p>"

        summary = d.summary
        last = (
            f"Last contact {ago_words((today - local_date(summary.last_contact)).days)}"
            if summary.last_contact
            else "No contact logged yet"
        )
        keep = [row(_esc(last))]
        if summary.circle is not None:
            keep.append(row(f"Circle: {_esc(CIRCLE_NAMES[summary.circle])}"))
        if d.cadence_days:
            keep.append(row(f"Keep in touch every {d.cadence_days} days"))
        section("Keep in touch", keep)

        channels = []
        for c in d.channels:
            label = CHANNEL_LABELS.get(c.kind, c.kind) + (f" ({c.label})" if c.label else "")
            href = channel_href(c.kind, c.value)
            value = (
                f"<a href='{html.escape(href, quote=True)}'>{_esc(c.value)}</a>"
                if href
                else _esc(c.value)
            )
            channels.append(row(f"<span style='color:{muted}'>{_esc(label)}</span>&nbsp; {value}"))
        section("Channels", channels)

        met = []
        if d.how_met:
            met.append(row(_esc(d.how_met)))
        if d.met_on:
            met.append(row(f"Met on {_esc(long_date(d.met_on))}"))
        if d.introduced_by:
            who_id, who = d.introduced_by
            met.append(row(f"Introduced by <a href='{CONTACT_LINK}{who_id}'>{_esc(who)}</a>"))
        if d.introduced:
            links = ", ".join(
                f"<a href='{CONTACT_LINK}{cid}'>{_esc(name)}</a>" for cid, name in d.introduced
            )
            met.append(row(f"Introduced you to {links}"))
        section("How you met", met)

        birthday = birthday_text(d, today)
        if birthday:
            section("Birthday", [row(_esc(birthday))])
        dated = date_lines(d, today)
        if dated:
            section("Dates", [row(_esc(line)) for line in dated])
        if summary.tags:
            section("Tags", [row(" · ".join(_esc(t) for t in summary.tags))])
        if d.notes:
            section("Notes", [row(_esc(d.notes))])
        return "".join(parts)
