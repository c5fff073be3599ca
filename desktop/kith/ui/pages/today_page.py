"""The Today page, Kith's home: what is overdue and due today, who is going cold, birthdays
coming up, and the follow-ups still to come on an urgent/important grid (none shown twice);
each “and 22 more” opens the whole list."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime, tzinfo
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kith.core.errors import ValidationError
from kith.core.follow_up_counts import due_counts
from kith.core.local_time import utcnow
from kith.ui.formats import date_text
from kith.ui.icons import icon
from kith.ui.pages.page import Page
from kith.ui.theme import current_theme
from kith.ui.widgets.buttons import make_primary

if TYPE_CHECKING:
    # The whole lists behind “and N more” open on a click, not at start-up; the sections'
    # widgets and reads are imported when the sections are built, after the first paint.
    from kith.core.follow_ups import FollowUpItem
    from kith.core.interactions import InteractionDraft
    from kith.core.today import TodayOverview
    from kith.ui.commands.follow_up_actions import FollowUpActions
    from kith.ui.dialogs.full_list_dialog import FullListDialog
    from kith.ui.lists.follow_up_list_view import FollowUpListView
    from kith.ui.widgets.more_link import MoreLink

#: Tables whose changes can alter what Today shows.
WATCHED_TABLES = frozenset(
    {
        "follow_up",
        "contact",
        "interaction",
        "interaction_contact",
        "tag",
        "contact_tag",
        # Suggestions from mail and calendar (and a source turned on or off).
        "capture_suggestion",
        "capture_suggestion_contact",
        "capture_source",
    }
)
#: Tables whose changes can alter going cold, birthdays or newcomers.
PEOPLE_TABLES = frozenset(
    {"contact", "interaction", "interaction_contact", "tag", "contact_tag", "capture_source"}
)
#: Tables whose changes can alter the suggestions card (a contact's: the names on it).
SUGGESTION_TABLES = frozenset(
    {"capture_suggestion", "capture_suggestion_contact", "capture_source", "contact"}
)
#: Suggestions from mail and calendar read for the card (the rest are counted).
SUGGESTION_ROWS = 50
#: Suggestions counted for the card's heading ("1000+" beyond).
SUGGESTION_COUNT_LIMIT = 1000

#: The four groups of open follow-ups: (key, title, what it means).
QUADRANTS = (
    ("do", "Do now", "urgent and important"),
    ("plan", "Plan", "important, not urgent"),
    ("quick", "Keep it quick", "urgent, not important"),
    ("later", "Later", "neither"),
)
QUADRANT_ROWS = 4
#: People going cold listed on the page (the worst; the rest are counted).
COLD_ROWS = 6
#: Follow-ups read per list (overdue, each quadrant): more than any list shows; the rest are
#: counted.
SHOWN_LIMIT = 10
#: Follow-ups read for a whole list (“and 22 more”): all of them.
ALL = 1_000_000


def _section_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setProperty("role", "section")
    return label


def _muted(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setProperty("role", "muted")
    label.setWordWrap(True)
    return label


def _people(count: int) -> str:
    return "1 person" if count == 1 else f"{count} people"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _nobody_in_kith() -> bool:
    from kith.core.directory import count_contacts

    return count_contacts(include_archived=True) == 0


def _long_date(day: date) -> str:
    return date_text(day, weekday=True, long=True)


WELCOME_TITLE = "Welcome to Kith"
WELCOME_TEXT = (
    "Start with the few people you want to keep close — not everyone you ever met. Add them "
    "one by one, or pick them from an address book or LinkedIn export. Kith then tells you, "
    "here, whom to get back to and when."
)


def calm_text(overview: TodayOverview) -> tuple[str, str]:
    """The title and sentence shown when nothing is overdue or due today."""
    title = "Nothing due today"
    if overview.going_cold_count:
        text = (
            f"{_people(overview.going_cold_count)} "
            f"{'is' if overview.going_cold_count == 1 else 'are'} going cold — "
            "a good day to get back in touch."
        )
    else:
        text = "Nobody is going cold either. Enjoy the quiet."
    return title, text


class TodayPage(Page):
    """Kith's home page. Everything on it refreshes when the data changes and at midnight."""

    watched_tables = WATCHED_TABLES
    #: The first-run card's buttons: a new contact, or the import review of a file.
    new_contact_requested = Signal()
    import_requested = Signal()
    #: Overdue + due today, for the sidebar badge.
    due_count_changed = Signal(int)

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
        #: What a change made stale since the last read (None: everything): "follow_ups",
        #: "people" (going cold, birthdays, newcomers), "names" (in the follow-ups listed).
        self._stale: set[str] | None = None
        self._due_count = -1
        self.overview: TodayOverview | None = None
        #: What the sections show (a refresh lays out again only the sections that changed).
        self._shown: TodayOverview | None = None
        self._first_run = False
        self._quadrants_shown: dict[str, object] = {}
        #: The whole list an “and N more” link opened last.
        self.more_dialog: FullListDialog | None = None

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        content = QWidget()
        content.setObjectName("TodayContent")
        scroll.setWidget(content)
        page = QVBoxLayout(content)
        page.setContentsMargins(28, 18, 28, 24)
        page.setSpacing(14)

        self._build_header(page)
        # The sections stay hidden until the first overview is read (no false "nothing due"),
        # and are built then (_build_sections), after the window's first paint.
        self.body = QWidget()
        self.body.setVisible(False)
        page.addWidget(self.body)
        page.addStretch(1)
        self._sections_built = False

        self._refresh_timer = self._refresh_timers(self._refresh_now)
        # The badge now (cheap); the page itself right after it is first painted, so the
        # window appears at once and fills in a moment later.
        self._load_after_paint = False
        self.title_label.installEventFilter(self)
        self._set_due_count(sum(due_counts(self._now(), tz=self._tz)))
        self.date_label.setText(_long_date(self.today()))

    # building -----------------------------------------------------------------------------

    def _build_sections(self) -> None:
        """Everything under the header: suggestions, newcomers, the follow-ups, going cold and
        birthdays, the urgent/important groups. Built before the first overview is shown —
        after the window's first paint, which shows the header and the sidebar's badge (~50 ms
        of imports and widgets at start-up otherwise)."""
        if self._sections_built:
            return
        self._sections_built = True
        from kith.ui.widgets.newcomer_card import NewcomerCard
        from kith.ui.widgets.suggestions_card import SuggestionsCard

        page = QVBoxLayout(self.body)
        page.setContentsMargins(0, 0, 0, 0)
        page.setSpacing(14)

        self.suggestions_card = SuggestionsCard()
        self.suggestions_card.accept_requested.connect(self._accept_suggestion)
        self.suggestions_card.accept_with_note_requested.connect(self._accept_with_note)
        self.suggestions_card.accept_all_requested.connect(self._accept_all_for)
        self.suggestions_card.dismiss_requested.connect(self._dismiss_suggestion)
        self.suggestions_card.never_requested.connect(self._never_for_address)
        page.addWidget(self.suggestions_card)

        self.newcomer_card = NewcomerCard()
        self.newcomer_card.sort_requested.connect(self._sort_newcomer)
        self.newcomer_card.archive_requested.connect(
            lambda contact_id: self._change_newcomer("archived", contact_id, True)
        )
        self.newcomer_card.open_requested.connect(self.open_contact_requested)
        page.addWidget(self.newcomer_card)

        columns = QHBoxLayout()
        columns.setSpacing(28)
        left = QVBoxLayout()
        left.setSpacing(6)
        # Going cold and birthdays, and the urgent/important groups: hidden on the first run,
        # when the welcome is all there is to say.
        self.side_column = QWidget()
        right = QVBoxLayout(self.side_column)
        right.setContentsMargins(0, 0, 0, 0)
        right.setSpacing(6)
        columns.addLayout(left, 1)
        columns.addWidget(self.side_column, 1)
        page.addLayout(columns)
        self.quadrant_section = QWidget()
        quadrant_layout = QVBoxLayout(self.quadrant_section)
        quadrant_layout.setContentsMargins(0, 0, 0, 0)
        quadrant_layout.setSpacing(14)
        page.addWidget(self.quadrant_section)

        self._build_follow_ups(left)
        self._build_going_cold_and_birthdays(right)
        self._build_quadrants(quadrant_layout)

    def _build_header(self, page: QVBoxLayout) -> None:
        """Title, date and the two things you do from here; the one-line summary under them."""
        header = QHBoxLayout()
        header.setSpacing(10)
        titles = QVBoxLayout()
        titles.setSpacing(0)
        title = QLabel("Today")
        self.title_label = title
        title.setObjectName("PageTitle")
        titles.addWidget(title)
        self.date_label = _muted()
        self.date_label.setWordWrap(False)
        titles.addWidget(self.date_label)
        header.addLayout(titles)
        header.addStretch(1)
        self.log_button = QPushButton(icon("log-interaction"), "Log interaction")
        self.log_button.setToolTip("Log an interaction (Ctrl+L)")
        self.log_button.clicked.connect(lambda: self.log_interaction_requested.emit([]))
        header.addWidget(self.log_button)
        self.plan_button = QPushButton(icon("follow-up"), "Plan follow-up")
        make_primary(self.plan_button)
        self.plan_button.setToolTip("Plan a follow-up (Ctrl+Shift+F)")
        self.plan_button.clicked.connect(lambda: self.plan_follow_up_requested.emit(None, None))
        header.addWidget(self.plan_button)
        page.addLayout(header)
        self.summary_label = _muted()
        page.addWidget(self.summary_label)

    def _build_follow_ups(self, left: QVBoxLayout) -> None:
        """Overdue and due today, or a calm card when there is nothing."""
        from kith.ui.widgets.more_link import MoreLink

        self.overdue_label = _section_label("OVERDUE")
        left.addWidget(self.overdue_label)
        self.overdue_list = self._follow_up_list(max_rows=6)
        self.overdue_list.setAccessibleName("Overdue follow-ups")
        left.addWidget(self.overdue_list)
        self.overdue_more = MoreLink()
        self.overdue_more.clicked.connect(self.show_all_overdue)
        left.addWidget(self.overdue_more)
        self.overdue_stale = _muted()
        left.addWidget(self.overdue_stale)
        self.due_label = _section_label("DUE TODAY")
        left.addWidget(self.due_label)
        self.due_list = self._follow_up_list(max_rows=8)
        self.due_list.setAccessibleName("Due today")
        left.addWidget(self.due_list)
        self.calm = self._build_calm_card()
        left.addWidget(self.calm)
        left.addStretch(1)

    def _build_calm_card(self) -> QFrame:
        """Nothing due: a calm word, or on a new, empty Kith the two ways to start."""
        calm = QFrame()
        calm.setProperty("card", True)
        calm_layout = QHBoxLayout(calm)
        calm_layout.setContentsMargins(18, 16, 18, 16)
        calm_layout.setSpacing(14)
        self.calm_icon = QLabel()
        self.calm_icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        calm_layout.addWidget(self.calm_icon)
        calm_texts = QVBoxLayout()
        calm_texts.setSpacing(2)
        self.calm_title = QLabel()
        font = self.calm_title.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.calm_title.setFont(font)
        calm_texts.addWidget(self.calm_title)
        self.calm_text = _muted()
        calm_texts.addWidget(self.calm_text)
        # A new, empty Kith: the two ways to start, instead of "nothing due".
        self.start_buttons = QWidget()
        start_row = QHBoxLayout(self.start_buttons)
        start_row.setContentsMargins(0, 8, 0, 0)
        start_row.setSpacing(8)
        self.new_contact_button = QPushButton(icon("add"), "New contact")
        make_primary(self.new_contact_button)
        self.new_contact_button.clicked.connect(self.new_contact_requested)
        start_row.addWidget(self.new_contact_button)
        self.import_button = QPushButton(icon("import"), "Import from an address book…")
        self.import_button.clicked.connect(self.import_requested)
        start_row.addWidget(self.import_button)
        start_row.addStretch(1)
        self.start_buttons.hide()
        calm_texts.addWidget(self.start_buttons)
        calm_layout.addLayout(calm_texts, 1)
        return calm

    def _build_going_cold_and_birthdays(self, right: QVBoxLayout) -> None:
        """Who is going cold (with Log and Plan on each), then birthdays in the next 14 days."""
        from kith.ui.lists.going_cold_view import GoingColdView
        from kith.ui.widgets.more_link import MoreLink

        self.cold_label = _section_label("GOING COLD")
        right.addWidget(self.cold_label)
        self.cold_list = GoingColdView(fit_rows=True)
        self.cold_model = self.cold_list.cold_model
        self.cold_delegate = self.cold_list.cold_delegate
        self.cold_list.log_requested.connect(self._log_with)
        self.cold_list.plan_requested.connect(self._plan_with)
        self.cold_list.open_requested.connect(self.open_contact_requested)
        right.addWidget(self.cold_list)
        self.cold_more = MoreLink()
        self.cold_more.clicked.connect(self.show_all_going_cold)
        right.addWidget(self.cold_more)
        self.cold_none = _muted("Nobody is past their cadence.")
        right.addWidget(self.cold_none)
        right.addSpacing(8)
        self.birthday_label = _section_label("BIRTHDAYS AND DATES · NEXT 14 DAYS")
        right.addWidget(self.birthday_label)
        self.birthday_list = self._follow_up_list(max_rows=8)
        self.birthday_list.setAccessibleName("Birthdays and anniversaries in the next 14 days")
        right.addWidget(self.birthday_list)
        self.no_birthdays = _muted("No birthdays or anniversaries in the next two weeks.")
        right.addWidget(self.no_birthdays)
        right.addStretch(1)

    def _build_quadrants(self, page: QVBoxLayout) -> None:
        """Below: every open follow-up in the four urgent/important groups."""
        from kith.ui.widgets.more_link import MoreLink

        page.addSpacing(6)
        quadrant_header = QHBoxLayout()
        quadrant_header.addWidget(_section_label("URGENT / IMPORTANT"))
        quadrant_header.addStretch(1)
        page.addLayout(quadrant_header)
        page.addWidget(
            _muted(
                "What is still to come, by what it asks of you (the overdue and today’s are "
                "above). “Plan” holds the important things no deadline is pushing — the ones "
                "fires crowd out."
            )
        )
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(12)
        self.quadrant_lists: dict[str, FollowUpListView] = {}
        self.quadrant_titles: dict[str, QLabel] = {}
        self.quadrant_more: dict[str, MoreLink] = {}
        self.quadrant_empty: dict[str, QLabel] = {}
        for number, (key, name, meaning) in enumerate(QUADRANTS):
            frame = QFrame()
            frame.setProperty("card", True)
            frame.setObjectName(f"Quadrant-{key}")
            box = QVBoxLayout(frame)
            box.setContentsMargins(12, 10, 12, 8)
            box.setSpacing(4)
            heading = QLabel()
            heading.setTextFormat(Qt.TextFormat.RichText)
            self.quadrant_titles[key] = heading
            box.addWidget(heading)
            # The heading names the group: no urgent/important chips on its rows.
            view = self._follow_up_list(max_rows=QUADRANT_ROWS, chips=False)
            view.setAccessibleName(f"{name}: {meaning}")
            box.addWidget(view)
            more = MoreLink()
            more.clicked.connect(lambda key=key: self.show_all_in(key))
            box.addWidget(more)
            empty = _muted("Nothing here.")
            box.addWidget(empty)
            box.addStretch(1)
            self.quadrant_lists[key] = view
            self.quadrant_more[key] = more
            self.quadrant_empty[key] = empty
            grid.addWidget(frame, number // 2, number % 2)
        page.addLayout(grid)
        page.addStretch(1)

    def _follow_up_list(self, max_rows: int, *, chips: bool = True) -> FollowUpListView:
        from kith.ui.lists.follow_up_list_view import follow_up_list

        return follow_up_list(
            self.actions,
            now=self._now,
            tz=self._tz,
            today=self.today,
            open_follow_up=self.open_follow_up_requested.emit,
            open_contact=self.open_contact_requested.emit,
            move=self._move,
            fit_rows=True,
            max_rows=max_rows,
            chips=chips,
        )

    # data -----------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Re-read everything now if the page is shown; else the badge now, the rest on show."""
        self._dirty = True
        self._stale = None
        self._refresh_timer.start()

    def tables_changed(self, tables: frozenset[str]) -> None:
        # Only what a change touched is read again: going cold and birthdays do not depend on
        # follow-ups (after a Done or a move they are kept), nor the follow-ups on logged
        # interactions or tags; a contact's change shows in the follow-ups only by its name;
        # the suggestions card only after capture's tables (or a name) changed.
        parts = set()
        if "follow_up" in tables:
            parts.add("follow_ups")
        if tables & PEOPLE_TABLES:
            parts.add("people")
        if "contact" in tables:
            parts.add("names")
        if tables & SUGGESTION_TABLES:
            parts.add("suggestions")
        pending = self._dirty
        self._dirty = True
        if self._stale is not None:
            self._stale |= parts
        elif not pending:
            self._stale = parts
        self._refresh_timer.start()

    def refresh_stale(self) -> None:
        if self.overview is None:
            self._load_after_paint = True
            self.title_label.update()
        else:
            self._refresh_now()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.title_label
            and event.type() == QEvent.Type.Paint
            and self._load_after_paint
        ):
            self._load_after_paint = False
            self._refresh_timer.start()
        return super().eventFilter(watched, event)

    def _refresh_now(self) -> None:
        if not self.isVisible():
            late, due = due_counts(self._now(), tz=self._tz)
            self._set_due_count(late + due)
            return
        from kith.core.today import refreshed_overview, today_overview

        self._dirty = False
        self._build_sections()
        now = self._now()
        stale = self._stale if self.overview is not None else None
        if stale is not None and self.overview is not None:
            overview = refreshed_overview(
                self.overview,
                now,
                self._tz,
                follow_ups="follow_ups" in stale,
                people="people" in stale,
                names="names" in stale,
                list_limit=SHOWN_LIMIT,
            )
        else:
            overview = today_overview(now, self._tz, list_limit=SHOWN_LIMIT)
        self._stale = set()
        self.overview = overview
        self._show(overview, stale)
        self._set_due_count(overview.overdue_count + len(overview.due_today))
        if stale is None or "suggestions" in stale:
            self._show_suggestions()

    # suggestions from mail and calendar ---------------------------------------------------

    def _show_suggestions(self) -> None:
        from kith.core.capture.suggestions import list_suggestions, pending_count

        rows = list_suggestions(limit=SUGGESTION_ROWS)
        count = pending_count(up_to=SUGGESTION_COUNT_LIMIT) if rows else 0
        self.suggestions_card.set_suggestions(rows, count, more=count >= SUGGESTION_COUNT_LIMIT)

    def _decide(self, make: Callable[[], QUndoCommand], done: str) -> None:
        """Push the command ``make`` builds; a suggestion gone meanwhile is a message."""
        from kith.core.capture.suggestions import SuggestionError

        try:
            command = make()
        except (SuggestionError, ValidationError) as exc:
            self.status_message.emit(str(exc))
            self._show_suggestions()
            return
        self.actions.undo_stack.push(command)
        self.status_message.emit(f"{done} · Undo with Ctrl+Z")

    def _accept_suggestion(self, suggestion_id: int) -> None:
        from kith.ui.commands.suggestion_commands import AcceptSuggestionsCommand

        self._decide(lambda: AcceptSuggestionsCommand([suggestion_id]), "Logged it")

    def _accept_all_for(self, contact_id: int) -> None:
        from kith.core.capture.suggestions import list_suggestions
        from kith.ui.commands.suggestion_commands import AcceptSuggestionsCommand

        ids = [s.id for s in list_suggestions(contact_id=contact_id)]
        if ids:
            n = len(ids)
            self._decide(
                lambda: AcceptSuggestionsCommand(ids),
                f"Logged {n} interaction{'' if n == 1 else 's'}",
            )

    def _accept_with_note(self, suggestion_id: int) -> QWidget | None:
        """The log form, filled in from the suggestion; saving it accepts the suggestion."""
        from kith.core.capture.suggestions import get_suggestions, suggestion_draft
        from kith.ui.commands.suggestion_commands import AcceptSuggestionsCommand
        from kith.ui.dialogs.interaction_dialog import InteractionDialog

        found = get_suggestions([suggestion_id])
        if not found or found[0].status != "pending":
            self._show_suggestions()
            return None

        def save(draft: InteractionDraft) -> object:
            command = AcceptSuggestionsCommand([suggestion_id], {suggestion_id: draft})
            self.actions.undo_stack.push(command)
            self.status_message.emit("Logged it · Undo with Ctrl+Z")
            return command.accepted[0].logged.interaction_id

        dialog = InteractionDialog(
            save, suggestion_draft(found[0]), title="Accept suggestion", parent=self
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.open()
        return dialog

    def _dismiss_suggestion(self, suggestion_id: int) -> None:
        from kith.ui.commands.suggestion_commands import DismissSuggestionsCommand

        self._decide(lambda: DismissSuggestionsCommand([suggestion_id]), "Dismissed")

    def _never_for_address(self, address: str) -> None:
        from kith.core.capture.suggestions import SuggestionError, never_for_address

        try:
            never_for_address(address)
        except SuggestionError as exc:
            self.status_message.emit(str(exc))
            return
        self.status_message.emit(
            f"Kith will not capture {address} again (Settings ▸ Capture lets it back)"
        )

    def _sort_newcomer(self, contact_id: int, circle: int) -> None:
        self._change_newcomer("circle", contact_id, circle)

    def _change_newcomer(self, column: str, contact_id: int, value: object) -> None:
        """Put a newcomer in a circle or archive them: one undo step, said in the status bar."""
        from kith.ui.commands.bulk_edit import BulkFieldCommand

        try:
            command = BulkFieldCommand(column, [contact_id], value)
        except ValidationError as exc:  # they were deleted meanwhile
            self.status_message.emit(str(exc))
            return
        self.actions.undo_stack.push(command)
        self.status_message.emit(f"{command.describe()}. Undo with Ctrl+Z.")

    def _set_due_count(self, count: int) -> None:
        if count != self._due_count:
            self._due_count = count
            self.due_count_changed.emit(count)

    def due_count(self) -> int:
        """Overdue + due today, as the sidebar badge shows it."""
        return max(0, self._due_count)

    def _show(self, overview: TodayOverview, read: set[str] | None = None) -> None:
        """Show ``overview``. A section whose data is what it shows already is left alone: a
        refresh reads again, but only the sections that changed are laid out again. ``read``:
        the parts just read again (None: everything)."""
        before = (
            self._shown if self._shown is not None and self._shown.day == overview.day else None
        )
        self._shown = overview

        def changed(*fields: str) -> bool:
            return before is None or any(getattr(before, f) != getattr(overview, f) for f in fields)

        self.date_label.setText(_long_date(overview.day))
        self.body.setVisible(True)
        due_n = len(overview.due_today)
        if changed("newcomers", "newcomer_count"):
            self.newcomer_card.set_queue(overview.newcomers, overview.newcomer_count)
        if changed("overdue", "overdue_count", "stale_count"):
            self._show_overdue(overview)
        if changed("due_today"):
            self.due_list.set_entries(list(overview.due_today))
            self.due_label.setText(f"DUE TODAY · {due_n}")
            for widget in (self.due_label, self.due_list):
                widget.setVisible(due_n > 0)
        nothing = not overview.overdue_count and not due_n
        # Whether Kith is new (nobody in it) is asked only when nothing is due, and again only
        # when the people were read again.
        people_read = before is None or read is None or "people" in read
        if changed("overdue_count", "due_today", "going_cold_count") or (nothing and people_read):
            self._show_calm(overview, nothing)
        self.summary_label.setText(
            "Nobody in Kith yet" if self._first_run else self._summary(overview)
        )
        if changed("going_cold", "going_cold_count"):
            self._show_going_cold(overview)
        if changed("birthdays"):
            self.birthday_list.set_entries(list(overview.birthdays))
            self.birthday_list.setVisible(bool(overview.birthdays))
            self.no_birthdays.setVisible(not overview.birthdays)
        self._show_quadrants(overview, before)

    @staticmethod
    def _summary(overview: TodayOverview) -> str:
        """ "3 overdue · 2 due today · 4 people going cold · 1 birthday coming up"."""
        parts = []
        if overview.overdue_count:
            parts.append(f"{overview.overdue_count} overdue")
        parts.append(f"{len(overview.due_today)} due today")
        if overview.going_cold_count:
            parts.append(f"{_people(overview.going_cold_count)} going cold")
        born = sum(1 for b in overview.birthdays if not b.label)
        if born:
            parts.append(_plural(born, "birthday") + " coming up")
        dated = len(overview.birthdays) - born
        if dated:
            words = "anniversary or date" if dated == 1 else "anniversaries or dates"
            parts.append(f"{dated} {words} coming up")
        if overview.newcomer_count:
            parts.append(_plural(overview.newcomer_count, "newcomer") + " to sort")
        return " · ".join(parts)

    def _show_overdue(self, overview: TodayOverview) -> None:
        shown = list(overview.overdue[: self.overdue_list.max_rows])
        self.overdue_list.set_entries(shown)
        self.overdue_label.setText(f"OVERDUE · {overview.overdue_count}")
        hidden = overview.overdue_count - len(shown)
        self.overdue_more.set_link(f"and {hidden} more" if hidden > 0 else "")
        stale = overview.stale_count
        late = "1 is" if stale == 1 else f"{stale} are"
        # Urgency rises with lateness: a month late, it is time to decide.
        self.overdue_stale.setText(f"{late} a month late: do, drop or plan again" if stale else "")
        self.overdue_stale.setVisible(stale > 0)
        for widget in (self.overdue_label, self.overdue_list):
            widget.setVisible(overview.overdue_count > 0)

    def _show_calm(self, overview: TodayOverview, nothing: bool) -> None:
        """Nothing due: a calm word, or on a new, empty Kith the welcome."""
        self.calm.setVisible(nothing)
        first_run = nothing and _nobody_in_kith()
        self._first_run = first_run
        self.start_buttons.setVisible(first_run)
        self.side_column.setVisible(not first_run)
        self.quadrant_section.setVisible(not first_run)
        picture = "kith-symbolic" if first_run else "done"
        self.calm_icon.setPixmap(icon(picture).pixmap(QSize(28, 28)))
        if first_run:
            self.calm_title.setText(WELCOME_TITLE)
            self.calm_text.setText(WELCOME_TEXT)
        elif nothing:
            title, text = calm_text(overview)
            self.calm_title.setText(title)
            self.calm_text.setText(text)

    def _show_going_cold(self, overview: TodayOverview) -> None:
        self.cold_list.set_rows(list(overview.going_cold[:COLD_ROWS]))
        rows = self.cold_model.rowCount()
        self.cold_list.setVisible(rows > 0)
        self.cold_label.setText(f"GOING COLD · {overview.going_cold_count}")
        extra = overview.going_cold_count - rows
        self.cold_more.set_link(f"and {extra} more, less overdue" if extra > 0 else "")
        self.cold_none.setVisible(rows == 0)

    def _show_quadrants(self, overview: TodayOverview, before: TodayOverview | None) -> None:
        groups = overview.quadrants
        muted = current_theme().muted
        for key, name, meaning in QUADRANTS:
            items: tuple[FollowUpItem, ...] = getattr(groups, key)[:QUADRANT_ROWS]
            count = groups.counts[key]
            shown = (items, count, muted)
            if before is not None and self._quadrants_shown.get(key) == shown:
                continue
            self._quadrants_shown[key] = shown
            self.quadrant_titles[key].setText(
                f"<b>{name}</b> <span style='color:{muted}'>· {meaning} · {count}</span>"
            )
            view = self.quadrant_lists[key]
            view.set_entries(list(items))
            view.setVisible(count > 0)
            more = count - min(count, QUADRANT_ROWS)
            self.quadrant_more[key].set_link(f"and {more} more" if more > 0 else "")
            self.quadrant_empty[key].setVisible(count == 0)

    # actions --------------------------------------------------------------------------------

    def cold_menu_for(self, row: int) -> QMenu:
        """The menu of a person going cold (the keyboard's way to the Log and Plan buttons)."""
        return self.cold_list.menu_for(row)

    def _log_with(self, contact_id: int) -> None:
        self.log_interaction_requested.emit([contact_id])

    def _plan_with(self, contact_id: int) -> None:
        self.plan_follow_up_requested.emit(contact_id, None)

    # the whole lists behind “and N more” ---------------------------------------------------------

    def _open_more(self, dialog: FullListDialog) -> FullListDialog:
        if self.more_dialog is not None:
            self.more_dialog.close()
            self.more_dialog.deleteLater()
        self.more_dialog = dialog
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        return dialog

    def _follow_ups_dialog(
        self, title: str, load: Callable[[], Sequence[FollowUpItem]], *, chips: bool = True
    ) -> FullListDialog:
        from kith.ui.dialogs.full_list_dialog import FollowUpsDialog

        return self._open_more(
            FollowUpsDialog(
                title,
                load,
                self.actions,
                now=self._now,
                tz=self._tz,
                today=self.today,
                open_follow_up=self.open_follow_up_requested.emit,
                open_contact=self.open_contact_requested.emit,
                move=self._move,
                chips=chips,
                parent=self,
            )
        )

    def show_all_overdue(self) -> FullListDialog:
        """Every overdue follow-up, oldest first (“and 12 more” under Overdue)."""
        from kith.core.follow_ups import overdue

        return self._follow_ups_dialog("Overdue", lambda: overdue(self._now(), tz=self._tz))

    def show_all_in(self, key: str) -> FullListDialog:
        """Every follow-up still to come in one urgent/important group."""
        from kith.core.follow_ups import quadrants

        name, meaning = next((n, m) for k, n, m in QUADRANTS if k == key)

        def load() -> Sequence[FollowUpItem]:
            groups = quadrants(self._now(), tz=self._tz, limit=ALL, upcoming=True)
            items: tuple[FollowUpItem, ...] = getattr(groups, key)
            return items

        return self._follow_ups_dialog(f"{name} ({meaning})", load, chips=False)

    def show_all_going_cold(self) -> FullListDialog:
        """Everyone going cold, worst first (“and 9 more, less overdue”)."""
        from kith.core.rules.going_cold import going_cold
        from kith.ui.dialogs.full_list_dialog import GoingColdDialog

        return self._open_more(
            GoingColdDialog(
                lambda: going_cold(self._now(), self._tz),
                log=self._log_with,
                plan=self._plan_with,
                open_contact=self.open_contact_requested.emit,
                parent=self,
            )
        )

    def _move(self, follow_up_id: int) -> None:
        from kith.ui.dialogs.move_date_dialog import ask_move

        self.move_dialog = ask_move(
            self, follow_up_id, self.actions.reschedule, tz=self._tz, earliest=self.today()
        )
