"""The Calendar page: a month of follow-ups and birthdays, the selected day's list beside it,
and the next 14 days as an agenda. Follow-ups move by dragging them onto a day or “Move to…”."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta, tzinfo

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kith.core.follow_ups import (
    DayFollowUps,
    DayTitles,
    FollowUpItem,
    follow_up_item,
    follow_up_titles_between,
    follow_ups_between,
)
from kith.core.local_time import utcnow
from kith.core.rules.birthdays import Birthday, DayBirthdays, birthdays_between, birthdays_by_day
from kith.ui.commands.follow_up_actions import FollowUpActions
from kith.ui.dialogs.move_date_dialog import MoveDateDialog, ask_move
from kith.ui.formats import date_text
from kith.ui.icons import icon
from kith.ui.lists.follow_up_list_model import DayHeading, Entry
from kith.ui.lists.follow_up_list_view import FollowUpListView, follow_up_list
from kith.ui.pages.page import Page
from kith.ui.widgets.buttons import make_primary
from kith.ui.widgets.empty_state import EmptyState
from kith.ui.widgets.month_view import DayMarks, MonthView
from kith.ui.widgets.segmented_control import SegmentedControl

#: Tables whose changes can alter the calendar (follow-ups; names, birthdays, archiving).
WATCHED_TABLES = frozenset({"follow_up", "contact"})
AGENDA_DAYS = 14
MONTH_TAB, AGENDA_TAB = 0, 1


def month_marks(
    titles: dict[date, DayTitles], birthdays: dict[date, DayBirthdays], today: date
) -> dict[date, DayMarks]:
    """What each day cell shows: open follow-ups due (past due before today), done, birthdays
    (from :func:`follow_up_titles_between` and :func:`birthdays_by_day`)."""
    marks: dict[date, DayMarks] = {}
    for day, found in titles.items():
        marks[day] = DayMarks(
            due=len(found.open),
            overdue=day < today and len(found.open) > 0,
            done=len(found.done),
            titles=list(found.open),
            done_titles=list(found.done),
        )
    for day, born in birthdays.items():
        mark = marks.setdefault(day, DayMarks())
        mark.birthdays = list(born.names)
        mark.dates = list(born.dates)
    return marks


def day_entries(
    day: date, days: dict[date, DayFollowUps], birthdays: list[Birthday]
) -> list[Entry]:
    """One day's rows: birthdays first, then open follow-ups by time, then done ones."""
    entries: list[Entry] = [b for b in birthdays if b.day == day]
    found = days.get(day)
    if found is not None:
        entries += [i for i in found.items if i.status == "open"]
        entries += [i for i in found.items if i.status != "open"]
    return entries


class CalendarPage(Page):
    """Month grid + day list, and an agenda of the next 14 days; live on every change."""

    watched_tables = WATCHED_TABLES

    def __init__(
        self,
        actions: FollowUpActions,
        parent: QWidget | None = None,
        *,
        now: Callable[[], datetime] = utcnow,
        tz: tzinfo | None = None,
    ) -> None:
        super().__init__(parent, now=now, tz=tz)
        self.actions = actions
        #: What the month's cells show: each day's follow-up titles and birthdays.
        self._titles: dict[date, DayTitles] = {}
        self._born: dict[date, DayBirthdays] = {}
        #: The days ``_born`` and ``_titles`` were read for (None: read again). A change to
        #: contacts re-reads only the birthdays; one to follow-ups only the follow-ups.
        self._birthday_range: tuple[date, date] | None = None
        self._follow_up_range: tuple[date, date] | None = None
        #: The day the month's marks were made on (what is past due depends on it).
        self._marks_day: date | None = None
        #: The rows of the days listed since the last change (their follow-ups in full, with
        #: the people's names, and their birthdays): read a day at a time, when shown.
        self._day_rows: dict[date, list[Entry]] = {}
        self.move_dialog: MoveDateDialog | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 16)
        layout.setSpacing(10)

        # Header: the month, stepping buttons, Today, and the Month / Next 14 days switch.
        header = QHBoxLayout()
        header.setSpacing(6)
        self.title_label = QLabel()
        self.title_label.setObjectName("PageTitle")
        self.title_label.setMinimumWidth(230)
        header.addWidget(self.title_label)
        self.previous_button = self._tool_button("chevron-left", "Previous month (Page Up)")
        self.previous_button.clicked.connect(lambda: self.step_months(-1))
        header.addWidget(self.previous_button)
        self.next_button = self._tool_button("chevron-right", "Next month (Page Down)")
        self.next_button.clicked.connect(lambda: self.step_months(1))
        header.addWidget(self.next_button)
        self.today_button = QPushButton("Today")
        self.today_button.setToolTip("Jump to today (T)")
        self.today_button.clicked.connect(self.go_to_today)
        header.addWidget(self.today_button)
        header.addStretch(1)
        self.tabs = SegmentedControl()
        self.tabs.addTab(icon("calendar"), "Month")
        self.tabs.addTab(icon("today"), f"Next {AGENDA_DAYS} days")
        self.tabs.setAccessibleName("Calendar view")
        header.addWidget(self.tabs)
        layout.addLayout(header)

        # Month: the grid and the selected day's list.
        self.month_view = MonthView(today=self.today)
        self.month_view.month_changed.connect(lambda *_: self._month_changed())
        self.month_view.date_selected.connect(lambda _: self._show_day())
        self.month_view.follow_up_dropped.connect(self.move_follow_up)
        self.month_view.activated.connect(lambda day: self.plan_follow_up_requested.emit(None, day))

        day_panel = QWidget()
        day_panel.setObjectName("DayPanel")
        day_layout = QVBoxLayout(day_panel)
        day_layout.setContentsMargins(14, 0, 0, 0)
        day_layout.setSpacing(4)
        self.day_title = QLabel()
        font = self.day_title.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.day_title.setFont(font)
        day_layout.addWidget(self.day_title)
        self.day_summary = QLabel()
        self.day_summary.setProperty("role", "muted")
        day_layout.addWidget(self.day_summary)
        self.day_list = self._list(draggable=True)
        self.day_list.setAccessibleName("The selected day's follow-ups and birthdays")
        # "+3" in a day of the month: its whole list is here, focused.
        self.month_view.more_clicked.connect(lambda _: self.day_list.setFocus())
        self.day_list.selectionModel().currentChanged.connect(lambda *_: self._update_buttons())
        self.day_empty = EmptyState("calendar", "A free day", "Nothing is due on this day.")
        self.day_stack = QStackedWidget()
        self.day_stack.addWidget(self.day_list)
        self.day_stack.addWidget(self.day_empty)
        day_layout.addWidget(self.day_stack, 1)
        hint = QLabel("Drag a follow-up onto a day to move it.")
        hint.setProperty("role", "muted")
        hint.setWordWrap(True)
        day_layout.addWidget(hint)
        buttons = QHBoxLayout()
        self.move_button = QPushButton(icon("calendar"), "Move to…")
        self.move_button.setToolTip("Move the selected follow-up to another day (Ctrl+M)")
        self.move_button.clicked.connect(self._move_current)
        buttons.addWidget(self.move_button)
        buttons.addStretch(1)
        self.plan_button = QPushButton(icon("follow-up"), "Plan follow-up")
        make_primary(self.plan_button)
        self.plan_button.setToolTip("Plan a follow-up on this day")
        self.plan_button.clicked.connect(
            lambda: self.plan_follow_up_requested.emit(None, self.month_view.selected_date())
        )
        buttons.addWidget(self.plan_button)
        day_layout.addLayout(buttons)

        self.splitter = QSplitter()
        self.splitter.addWidget(self.month_view)
        self.splitter.addWidget(day_panel)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([640, 360])

        # Agenda: the next 14 days grouped by day.
        # Follow-ups in the agenda can be dragged onto another day's rows there.
        self.agenda_list = self._list(draggable=True, day_drops=True)
        self.agenda_list.follow_up_dropped.connect(self.move_follow_up)
        self.agenda_list.setAccessibleName(f"The next {AGENDA_DAYS} days")
        self.agenda_empty = EmptyState(
            "calendar",
            "Two clear weeks",
            f"No follow-ups and no birthdays in the next {AGENDA_DAYS} days.",
            "Plan follow-up",
        )
        self.agenda_empty.action_triggered.connect(
            lambda: self.plan_follow_up_requested.emit(None, None)
        )
        self.agenda_stack = QStackedWidget()
        self.agenda_stack.addWidget(self.agenda_list)
        self.agenda_stack.addWidget(self.agenda_empty)

        self.views = QStackedWidget()
        self.views.addWidget(self.splitter)
        self.views.addWidget(self.agenda_stack)
        layout.addWidget(self.views, 1)
        self.tabs.currentChanged.connect(self._tab_changed)

        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for keys, slot in (
            (QKeySequence(Qt.Key.Key_PageUp), lambda: self.step_months(-1)),
            (QKeySequence(Qt.Key.Key_PageDown), lambda: self.step_months(1)),
            (QKeySequence(Qt.Key.Key_T), self.go_to_today),
        ):
            shortcut = QShortcut(keys, self)
            shortcut.setContext(context)
            shortcut.activated.connect(slot)

        self._refresh_timer = self._refresh_timers(self._refresh_now)
        self._update_title()  # the month itself is read when the page is first shown

    def _tool_button(self, icon_name: str, tip: str) -> QToolButton:
        button = QToolButton()
        button.setIcon(icon(icon_name))
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        button.setAutoRaise(True)
        return button

    def _list(self, *, draggable: bool, day_drops: bool = False) -> FollowUpListView:
        return follow_up_list(
            self.actions,
            now=self._now,
            tz=self._tz,
            today=self.today,
            open_follow_up=self.open_follow_up_requested.emit,
            open_contact=self.open_contact_requested.emit,
            move=self.ask_move,
            draggable=draggable,
            day_drops=day_drops,
        )

    # navigation -----------------------------------------------------------------------------

    def step_months(self, months: int) -> None:
        """Show the month before/after, selecting the same day of it."""
        self.tabs.setCurrentIndex(MONTH_TAB)
        self.month_view.step_selection(months)

    def go_to_today(self) -> None:
        self.tabs.setCurrentIndex(MONTH_TAB)
        self.month_view.go_to_today()

    def select_day(self, day: date) -> None:
        self.tabs.setCurrentIndex(MONTH_TAB)
        self.month_view.select(day)

    def show_agenda(self) -> None:
        self.tabs.setCurrentIndex(AGENDA_TAB)

    def _tab_changed(self, index: int) -> None:
        self.views.setCurrentIndex(index)
        for widget in (self.previous_button, self.next_button):
            widget.setEnabled(index == MONTH_TAB)
        self._update_title()
        if index == AGENDA_TAB:
            self._show_agenda()

    def _update_title(self) -> None:
        if self.tabs.currentIndex() == AGENDA_TAB:
            self.title_label.setText(f"Next {AGENDA_DAYS} days")
        else:
            self.title_label.setText(self.month_view.title())

    # data -----------------------------------------------------------------------------------

    def refresh(self) -> None:
        self._birthday_range = self._follow_up_range = None
        self._day_rows = {}
        self._dirty = True
        self._refresh_timer.start()

    def tables_changed(self, tables: frozenset[str]) -> None:
        # Only what the change touched is read again (the month's marks from both).
        if "contact" in tables:
            self._birthday_range = None  # names, birthdays or archiving may have changed
        if tables - {"contact"}:
            self._follow_up_range = None
        self._day_rows = {}  # the day list: follow-ups with their people's names, birthdays
        self._dirty = True
        self._refresh_timer.start()

    def refresh_stale(self) -> None:
        self._refresh_now()

    def _refresh_now(self) -> None:
        if not self.isVisible():
            return  # read when shown
        self._dirty = False
        self._load_month()
        self._show_day()
        if self.tabs.currentIndex() == AGENDA_TAB:
            self._show_agenda()

    def _month_changed(self) -> None:
        self._update_title()
        self._load_month()

    def _load_month(self) -> None:
        """Read what the month's cells show (only what a change can have touched) and give
        the grid new marks when they differ: an unchanged month is not painted again."""
        first, last = self.month_view.visible_range()
        changed = False
        if self._follow_up_range != (first, last):
            titles = follow_up_titles_between(first, last, tz=self._tz)
            changed = changed or titles != self._titles
            self._titles = titles
            self._follow_up_range = (first, last)
        if self._birthday_range != (first, last):
            born = birthdays_by_day(first, last)
            changed = changed or born != self._born
            self._born = born
            self._birthday_range = (first, last)
        today = self.today()
        if changed or today != self._marks_day:
            self._marks_day = today
            self.month_view.set_marks(month_marks(self._titles, self._born, today))
        self._update_title()

    def day_items(self, day: date) -> list[Entry]:
        """The rows the day list shows for ``day``: its birthdays, then its open follow-ups
        by time, then the done ones (read once after each change)."""
        rows = self._day_rows.get(day)
        if rows is None:
            found = follow_ups_between(day, day, tz=self._tz)
            rows = self._day_rows[day] = day_entries(day, found, birthdays_between(day, day))
        return list(rows)

    def _show_day(self) -> None:
        day = self.month_view.selected_date()
        entries = self.day_items(day)
        days = (day - self.today()).days
        when = {0: "Today", 1: "Tomorrow", -1: "Yesterday"}.get(days)
        self.day_title.setText(date_text(day, weekday=True, year=False, long=True))
        open_n = sum(1 for e in entries if isinstance(e, FollowUpItem) and e.status == "open")
        done_n = sum(1 for e in entries if isinstance(e, FollowUpItem) and e.status == "done")
        born = sum(1 for e in entries if isinstance(e, Birthday) and not e.label)
        dated = sum(1 for e in entries if isinstance(e, Birthday) and e.label)
        parts = [when] if when else []
        if open_n:
            parts.append(f"{open_n} {'overdue' if days < 0 else 'due'}")
        if done_n:
            parts.append(f"{done_n} done")
        if born:
            parts.append("1 birthday" if born == 1 else f"{born} birthdays")
        if dated:
            parts.append(
                "1 anniversary or date" if dated == 1 else f"{dated} anniversaries or dates"
            )
        self.day_summary.setText(" · ".join(parts) if parts else "")
        self.day_list.set_entries(entries)
        self.day_stack.setCurrentIndex(0 if entries else 1)
        self._update_buttons()

    def agenda_entries(self) -> list[Entry]:
        """The agenda's rows: a heading for each of the next 14 days that has anything."""
        first = self.today()
        last = first + timedelta(days=AGENDA_DAYS - 1)
        days = follow_ups_between(first, last, tz=self._tz, statuses=("open",))
        birthdays = birthdays_between(first, last)
        entries: list[Entry] = []
        for offset in range(AGENDA_DAYS):
            day = first + timedelta(days=offset)
            rows = day_entries(day, days, birthdays)
            if rows:
                entries.append(DayHeading(day, first))
                entries += rows
        return entries

    def _show_agenda(self) -> None:
        entries = self.agenda_entries()
        self.agenda_list.set_entries(entries)
        self.agenda_stack.setCurrentIndex(0 if entries else 1)

    def _update_buttons(self) -> None:
        item = self.day_list.current_follow_up()
        self.move_button.setEnabled(item is not None and item.status == "open")

    # moving follow-ups ----------------------------------------------------------------------

    def move_follow_up(self, follow_up_id: int, day: date) -> None:
        """Reschedule a follow-up to ``day`` (undoable); dropping on its own day does nothing."""
        item = follow_up_item(follow_up_id, tz=self._tz)
        if item is None or item.due_date == day or item.status != "open":
            return
        self.actions.reschedule(follow_up_id, day)

    def _move_current(self) -> None:
        item = self.day_list.current_follow_up()
        if item is not None:
            self.ask_move(item.id)

    def ask_move(self, follow_up_id: int) -> MoveDateDialog | None:
        """Open “Move to…” for a follow-up; returns the dialog (window-modal)."""
        self.move_dialog = ask_move(self, follow_up_id, self.move_follow_up, tz=self._tz)
        return self.move_dialog
