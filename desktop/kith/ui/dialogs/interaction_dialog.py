"""The log-interaction form: when, what, with whom, which way it went, and what comes next.

It shows the "don't pester" warnings live as the people, the direction or the date change
(they never block saving) and problems beside each field, like the contact form.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

from dateutil.relativedelta import relativedelta
from PySide6.QtCore import QDate, QDateTime, QEvent, QObject, QSize, Qt, QTime, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kith.core.directory import contact_summaries
from kith.core.interactions import (
    ASK_SIZE_LABELS,
    DEFAULT_INITIATOR,
    DIRECTION_LABELS,
    KIND_LABELS,
    InteractionDraft,
    default_follow_up_title,
    goal_choices,
    validate_interaction,
    warnings_for,
)
from kith.core.local_time import local_wall, to_utc
from kith.core.rules.ask_threshold import GIVE_FIRST_IN_DAYS, AskVerdict, verdict
from kith.ui.dialogs.form_dialog import FormDialog
from kith.ui.icons import icon
from kith.ui.theme import current_theme, set_style_property
from kith.ui.widgets.contact_fields import ContactPicker
from kith.ui.widgets.date_fields import DateEdit, DateTimeEdit

#: The line icon for each kind of interaction (also used by the timeline).
KIND_ICONS = {
    "meeting": "contacts",
    "meal": "met",
    "call": "phone",
    "video": "video",
    "email": "email",
    "message": "log-interaction",
    "event": "calendar",
    "intro": "introduced",
    "other": "edit",
}

DIRECTION_HINTS = {
    "gave": "You helped, shared something or made an introduction",
    "asked": "You asked for something: advice, an intro, a favour",
    "they_gave": "They helped you, shared something or introduced you to someone",
    "they_asked": "They asked you for something",
    "mutual": "Both of you gave and got something",
    "neutral": "A catch-up: nobody gave or asked",
}

#: The flows as the form lays them out: your side, then theirs, three to a row.
DIRECTION_ROWS = (("gave", "asked", "neutral"), ("they_gave", "they_asked", "mutual"))

INITIATOR_BUTTONS = {"me": "I did", "them": "They did", "both": "Planned together"}
INITIATOR_HINTS = {
    "me": "You wrote, called or invited first",
    "them": "They got in touch first",
    "both": "Arranged together, or met at an event",
}

#: "And follow up …" choices: (label, days, months). "date" picks a day.
FOLLOW_UP_CHOICES: list[tuple[str, int, int]] = [
    ("in 3 days", 3, 0),
    ("in 1 week", 7, 0),
    ("in 2 weeks", 14, 0),
    ("in 1 month", 0, 1),
    ("in 3 months", 0, 3),
    ("in 6 months", 0, 6),
]
ON_A_DATE = "date"

SaveInteraction = Callable[[InteractionDraft], object]


class PeoplePicker(QWidget):
    """One or several contacts: type a name, pick it; each person is a removable chip."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.picker = ContactPicker()
        self.picker.setPlaceholderText("Type a name, pick from the list; add as many as took part")
        self.picker.setAccessibleName("Add a person")
        self.picker.picked.connect(self._on_picked)
        self.picker.installEventFilter(self)
        self._chips = QGridLayout()
        self._chips.setContentsMargins(0, 0, 0, 0)
        self._chips.setHorizontalSpacing(4)
        self._chips.setVerticalSpacing(4)
        self._chips.setColumnStretch(3, 1)
        layout.addLayout(self._chips)
        layout.addWidget(self.picker)
        self._people: list[tuple[int, str]] = []
        self._buttons: list[QToolButton] = []

    def contact_ids(self) -> list[int]:
        return [cid for cid, _ in self._people]

    def names(self) -> list[str]:
        return [name for _, name in self._people]

    def set_people(self, people: list[tuple[int, str]]) -> None:
        self._people = []
        for contact_id, name in people:
            if contact_id not in self.contact_ids():
                self._people.append((contact_id, name))
        self._relayout()
        self.changed.emit()

    def add_contact(self, contact_id: int, name: str) -> None:
        if contact_id in self.contact_ids():
            return
        self._people.append((contact_id, name))
        self._relayout()
        self.changed.emit()

    def remove_contact(self, contact_id: int) -> None:
        self._people = [(cid, n) for cid, n in self._people if cid != contact_id]
        self._relayout()
        self.changed.emit()

    def take_typed(self) -> bool:
        """Add the person whose name is typed in full; False if text is left unresolved."""
        if self.picker.take_only_suggestion():  # a chip now, the field cleared
            return True
        contact_id = self.picker.current_id()
        if contact_id is not None:
            self.add_contact(contact_id, self.picker.text().strip())
            self.picker.set_contact(None)
            return True
        return not self.picker.text().strip()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Enter after a typed name adds that person; it must not also save the form.
        if (
            watched is self.picker
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and self.picker.text().strip()
        ):
            self.take_typed()
            return True
        return super().eventFilter(watched, event)

    def _on_picked(self, contact_id: object) -> None:
        if isinstance(contact_id, int):
            self.add_contact(contact_id, self.picker.text().strip())
            self.picker.set_contact(None)

    def _relayout(self) -> None:
        for button in self._buttons:
            self._chips.removeWidget(button)
            button.deleteLater()
        self._buttons = []
        for i, (contact_id, name) in enumerate(self._people):
            chip = QToolButton()
            chip.setText(name)
            chip.setIcon(icon("close"))
            chip.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            chip.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
            chip.setToolTip(f"Remove {name}")
            chip.setAccessibleName(f"Remove {name}")
            theme = current_theme()
            chip.setStyleSheet(
                f"QToolButton {{ background: {theme.chip}; color: {theme.chip_text};"
                " border: none; border-radius: 11px; padding: 3px 8px; }"
                f"QToolButton:hover {{ background: {theme.accent_soft}; }}"
            )
            chip.clicked.connect(lambda _=False, c=contact_id: self.remove_contact(c))
            self._chips.addWidget(
                chip, i // 3, i % 3, Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignLeft
            )
            self._buttons.append(chip)


class WarningBanner(QFrame):
    """A calm, non-blocking notice with a warning icon (the "don't pester" warnings)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("PesterWarning")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(8)
        self._icon = QLabel()
        layout.addWidget(self._icon, 0, Qt.AlignmentFlag.AlignTop)
        self.label = QLabel()
        self.label.setWordWrap(True)
        layout.addWidget(self.label, 1)
        self.hide()

    def set_messages(self, messages: list[str]) -> None:
        theme = current_theme()
        colour = theme.color("warning")
        self._icon.setPixmap(icon("warning", colour).pixmap(18, 18))
        soft = theme.color("warning")
        soft.setAlpha(28)
        self.setStyleSheet(
            f"QFrame#PesterWarning {{ background: rgba({soft.red()},{soft.green()},"
            f"{soft.blue()},{soft.alpha()}); border: 1px solid {theme.warning};"
            " border-radius: 6px; }"
        )
        self.label.setText("\n".join(messages))
        self.setVisible(bool(messages))


class InteractionDialog(FormDialog):
    """Log (or edit) an interaction. ``save`` writes the draft and raises ValidationError."""

    def __init__(
        self,
        save: SaveInteraction,
        draft: InteractionDraft | None = None,
        *,
        interaction_id: int | None = None,
        title: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        editing = interaction_id is not None
        super().__init__(
            title or ("Edit interaction" if editing else "Log interaction"),
            parent,
            minimum=QSize(520, 0),
            size=QSize(600, 0),
        )
        self._save = save
        self._interaction_id = interaction_id
        self._give_first: AskVerdict | None = None
        self.result_value: object = None
        #: Whether a name typed in "With" but not picked became a person (see accept).
        self._typed_name_resolved = True

        self.people = PeoplePicker()
        self.add_row("With", self.people, "contact_ids", focus=self.people.picker)

        when_row = QHBoxLayout()
        self.when = DateTimeEdit()
        self.when.setDateTime(QDateTime.currentDateTime())
        self.when.setAccessibleName("When")
        when_row.addWidget(self.when)
        self.kind = QComboBox()
        for kind, label in KIND_LABELS.items():
            self.kind.addItem(icon(KIND_ICONS[kind]), label, kind)
        self.kind.setAccessibleName("Kind")
        when_row.addWidget(self.kind, 1)
        self.add_row("When", when_row, "occurred_at", focus=self.when)

        self.summary = QLineEdit()
        self.summary.setPlaceholderText("Coffee near her office; talked about the Lisbon role")
        self.add_row("Summary", self.summary, "summary")
        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText("What you learned, what you promised, what they need…")
        self.notes.setFixedHeight(90)
        self.add_row("Notes", self.notes)

        self._build_who_and_what()

        self.ask_size = QComboBox()
        self.ask_size.addItem("Not sized", None)
        for value, label in ASK_SIZE_LABELS.items():
            self.ask_size.addItem(label, value)
        self.ask_size.setToolTip("How big a favour: a quick answer, an hour, or a real door opened")
        #: The action threshold: would this person do something of this size for you?
        self.ask_verdict = QLabel()
        self.ask_verdict.setWordWrap(True)
        self.ask_verdict.setProperty("role", "muted")
        self.ask_verdict.hide()
        ask_box = QVBoxLayout()
        ask_box.setSpacing(4)
        ask_box.addWidget(self.ask_size)
        ask_box.addWidget(self.ask_verdict)
        #: Above the threshold: one click plans giving something first (the follow-up below).
        self.give_first_button = QPushButton(icon("gave"), "Plan giving first")
        self.give_first_button.setToolTip(
            "Set the follow-up below to give this person something first, in 3 days"
        )
        self.give_first_button.clicked.connect(self.plan_giving_first)
        self.give_first_button.hide()
        ask_box.addWidget(self.give_first_button, 0, Qt.AlignmentFlag.AlignLeft)
        # The layout itself, not a widget around it: the form then gives the wrapped verdict
        # the height it needs and pushes the rows below down instead of clipping it.
        self._ask_row = self.add_row("Size of the ask", ask_box, "ask_size", focus=self.ask_size)
        self.ask_size.currentIndexChanged.connect(lambda _: self.update_warnings())

        self.goal = QComboBox()
        self.goal.addItem("No goal", None)
        self._goal_row = self.add_row("Goal", self.goal, "goal")

        follow_row = QHBoxLayout()
        self.follow_up = QComboBox()
        self.follow_up.addItem("No follow-up", None)
        for label, days, months in FOLLOW_UP_CHOICES:
            self.follow_up.addItem(label, (days, months))
        self.follow_up.addItem("on a date…", ON_A_DATE)
        self.follow_up.setAccessibleName("Follow up")
        follow_row.addWidget(self.follow_up)
        self.follow_up_date = DateEdit()
        self.follow_up_date.setDate(QDate.currentDate().addDays(7))
        self.follow_up_date.setAccessibleName("Follow-up date")
        follow_row.addWidget(self.follow_up_date)
        self.follow_up_title = QLineEdit()
        self.follow_up_title.setAccessibleName("Follow-up title")
        follow_row.addWidget(self.follow_up_title, 1)
        self.follow_up.currentIndexChanged.connect(lambda _: self._on_follow_up())
        self._follow_row = self.add_row(
            "And follow up", follow_row, "follow_up_in_days", focus=self.follow_up
        )

        self.warning = WarningBanner()
        warning_row = QHBoxLayout()
        warning_row.setContentsMargins(20, 0, 20, 0)
        warning_row.addWidget(self.warning)
        self.outer.addLayout(warning_row)
        self.outer.addLayout(self.summary_and_buttons("Save" if editing else "Log it"))

        self.people.changed.connect(self.update_warnings)
        self.when.dateTimeChanged.connect(lambda _: self.update_warnings())
        self.people.changed.connect(self._update_follow_up_placeholder)

        self.kind.currentIndexChanged.connect(lambda _: self._on_kind())
        self.set_draft(draft or InteractionDraft(occurred_at=datetime.now().astimezone()))
        if editing:  # a follow-up is planned on its own when editing
            self.set_row_visible(self._follow_row, False)
        if self.people.contact_ids():
            self.summary.setFocus()
        else:
            self.people.picker.setFocus()

    # building -----------------------------------------------------------------------

    @staticmethod
    def _style_segment(button: QPushButton, index: int, count: int) -> None:
        theme = current_theme()
        left = "6px" if index == 0 else "0"
        right = "6px" if index == count - 1 else "0"
        button.setStyleSheet(
            "QPushButton { border-radius: 0; padding: 5px 12px;"
            f" border-top-left-radius: {left}; border-bottom-left-radius: {left};"
            f" border-top-right-radius: {right}; border-bottom-right-radius: {right};"
            + (" border-left: none;" if index else "")
            + "}"
            f"QPushButton:checked {{ background: {theme.accent_soft}; color: {theme.text};"
            f" border: 1px solid {theme.accent}; }}"
        )

    def _segments(
        self, group: QButtonGroup, values: tuple[str, ...], labels: dict[str, str]
    ) -> tuple[QHBoxLayout, dict[str, QPushButton]]:
        """One row of joined toggle buttons, each in ``group``."""
        row = QHBoxLayout()
        row.setSpacing(0)
        buttons = {}
        for i, value in enumerate(values):
            button = QPushButton(labels[value])
            button.setCheckable(True)
            self._style_segment(button, i, len(values))
            group.addButton(button)
            buttons[value] = button
            row.addWidget(button)
        row.addStretch()
        return row, buttons

    def _build_who_and_what(self) -> None:
        """Two facts in one glance: who reached out, and what flowed (your side, then theirs)."""
        self.initiator = QButtonGroup(self)
        self.initiator.setExclusive(True)
        who_row, self.initiator_buttons = self._segments(
            self.initiator, tuple(INITIATOR_BUTTONS), INITIATOR_BUTTONS
        )
        for value, button in self.initiator_buttons.items():
            button.setToolTip(INITIATOR_HINTS[value])
        self.initiator.buttonToggled.connect(lambda *_: self.update_warnings())
        #: The user picked who reached out: the kind no longer changes it.
        self._initiator_chosen = False
        self.initiator.buttonClicked.connect(lambda _: setattr(self, "_initiator_chosen", True))
        self.add_row("Who reached out", who_row, "initiator")

        self.direction = QButtonGroup(self)
        self.direction.setExclusive(True)
        self.direction_buttons: dict[str, QPushButton] = {}
        flows = QVBoxLayout()
        flows.setSpacing(4)
        for values in DIRECTION_ROWS:
            row, buttons = self._segments(self.direction, values, DIRECTION_LABELS)
            self.direction_buttons.update(buttons)
            flows.addLayout(row)
        for value, button in self.direction_buttons.items():
            button.setToolTip(DIRECTION_HINTS[value])
            if value in ("gave", "asked"):
                button.setIcon(icon(value))
        self.direction.buttonToggled.connect(lambda *_: self._on_direction())
        self.add_row("What flowed", flows, "direction", focus=self.direction_buttons["gave"])

    # values -------------------------------------------------------------------------

    def set_draft(self, d: InteractionDraft) -> None:
        names = contact_summaries(d.contact_ids)
        self.people.set_people(
            [(cid, names[cid].full_name) for cid in d.contact_ids if cid in names]
        )
        wall = local_wall(to_utc(d.occurred_at))
        self.when.setDateTime(
            QDateTime(
                QDate(wall.year, wall.month, wall.day),
                QTime(wall.hour, wall.minute),
            )
        )
        self.kind.setCurrentIndex(max(0, self.kind.findData(d.kind)))
        self.summary.setText(d.summary)
        self.notes.setPlainText(d.notes)
        self.direction_buttons.get(d.direction, self.direction_buttons["neutral"]).setChecked(True)
        self._initiator_chosen = False
        self._set_initiator(d.initiator)
        if d.initiator is None:
            self._on_kind()
        self.ask_size.setCurrentIndex(max(0, self.ask_size.findData(d.ask_size)))
        self.goal.clear()
        self.goal.addItem("No goal", None)
        for choice in goal_choices(include=d.goal_id):
            label = choice.title if choice.active else f"{choice.title} (not active)"
            self.goal.addItem(icon("goals"), label, choice.id)
        self.goal.setCurrentIndex(max(0, self.goal.findData(d.goal_id)))
        self.set_row_visible(self._goal_row, self.goal.count() > 1)
        if d.follow_up_in_days is not None:
            self.follow_up.setCurrentIndex(self.follow_up.count() - 1)
            self.follow_up_date.setDate(QDate.currentDate().addDays(d.follow_up_in_days))
        else:
            self.follow_up.setCurrentIndex(0)
        self.follow_up_title.setText(d.follow_up_title)
        self._on_direction()
        self._on_follow_up()
        self._update_follow_up_placeholder()

    def _occurred_at(self) -> datetime:
        moment = self.when.dateTime()
        d, t = moment.date(), moment.time()
        return datetime(d.year(), d.month(), d.day(), t.hour(), t.minute()).astimezone()

    def follow_up_days(self, today: date | None = None) -> int | None:
        """Days from today to the chosen follow-up (None: no follow-up)."""
        choice = self.follow_up.currentData()
        if choice is None:
            return None
        start = today or date.today()
        if choice == ON_A_DATE:
            picked = self.follow_up_date.date()
            return (date(picked.year(), picked.month(), picked.day()) - start).days
        days, months = choice
        return (start + relativedelta(months=months) + timedelta(days=days) - start).days

    def draft(self) -> InteractionDraft:
        checked = self.direction.checkedButton()
        direction = next((v for v, b in self.direction_buttons.items() if b is checked), "neutral")
        who = self.initiator.checkedButton()
        initiator = next((v for v, b in self.initiator_buttons.items() if b is who), None)
        editing = self._interaction_id is not None
        return InteractionDraft(
            occurred_at=self._occurred_at(),
            kind=self.kind.currentData(),
            contact_ids=self.people.contact_ids(),
            summary=self.summary.text(),
            notes=self.notes.toPlainText(),
            direction=direction,
            initiator=initiator,
            goal_id=self.goal.currentData(),
            follow_up_in_days=None if editing else self.follow_up_days(),
            follow_up_title=self.follow_up_title.text(),
            ask_size=self.ask_size.currentData() if direction == "asked" else None,
        )

    # live parts ---------------------------------------------------------------------

    def _set_initiator(self, initiator: str | None) -> None:
        """Check who reached out; none checked when not known (interactions logged before
        Kith asked)."""
        self.initiator.setExclusive(False)
        for value, button in self.initiator_buttons.items():
            button.setChecked(value == initiator)
        self.initiator.setExclusive(True)

    def _on_kind(self) -> None:
        """A new log follows the kind: an event or an introduction is usually arranged by
        someone else or together; anything else is usually your own doing."""
        if self._interaction_id is None and not self._initiator_chosen:
            self._set_initiator(DEFAULT_INITIATOR.get(self.kind.currentData(), "me"))

    def _on_direction(self) -> None:
        self.set_row_visible(self._ask_row, self.direction_buttons["asked"].isChecked())
        self.update_warnings()

    def _on_follow_up(self) -> None:
        choice = self.follow_up.currentData()
        self.follow_up_date.setVisible(choice == ON_A_DATE)
        self.follow_up_title.setVisible(choice is not None)

    def _update_follow_up_placeholder(self) -> None:
        self.follow_up_title.setPlaceholderText(default_follow_up_title(self.people.contact_ids()))

    def update_warnings(self) -> None:
        """Re-check "don't pester" for the people, direction and date now in the form."""
        if not hasattr(self, "warning"):
            return
        draft = self.draft()
        self._update_ask_verdict(draft)
        if not draft.contact_ids:
            self.warning.set_messages([])
            return
        found = warnings_for(draft, interaction_id=self._interaction_id)
        self.warning.set_messages([w.message for w in found])

    def plan_giving_first(self) -> None:
        """Turn the follow-up into "Give Ana something first", three days from now."""
        said = self._give_first
        if said is None:
            return
        wanted = (GIVE_FIRST_IN_DAYS, 0)  # "in 3 days" (findData cannot compare tuples)
        for index in range(self.follow_up.count()):
            if self.follow_up.itemData(index) == wanted:
                self.follow_up.setCurrentIndex(index)
        self.follow_up_title.setText(said.give_first_title)

    def _update_ask_verdict(self, draft: InteractionDraft) -> None:
        """Say whether each person would likely do an ask of this size (the action threshold)."""
        if draft.direction != "asked" or not draft.ask_size or not draft.contact_ids:
            self.ask_verdict.hide()
            self.give_first_button.hide()
            self._give_first = None
            return
        moment = draft.occurred_at or datetime.now().astimezone()
        verdicts = []
        for contact_id in draft.contact_ids:
            try:
                verdicts.append(verdict(contact_id, draft.ask_size, moment))
            except LookupError:  # deleted meanwhile
                continue
        self._give_first = next((v for v in verdicts if v.give_first), None)
        self.give_first_button.setVisible(
            self._give_first is not None and self._interaction_id is None
        )
        if not verdicts:
            self.ask_verdict.hide()
            return
        lines = [v.text if v.text.startswith(v.name) else f"{v.name}: {v.text}" for v in verdicts]
        self.ask_verdict.setText("\n".join(lines))
        cautious = any(v.level != "likely" for v in verdicts)
        set_style_property(self.ask_verdict, "role", "warning" if cautious else "muted")
        self.ask_verdict.show()

    def warning_text(self) -> str:
        """The warnings as the user reads them ("" when there are none)."""
        return self.warning.label.text() if not self.warning.isHidden() else ""

    # saving -------------------------------------------------------------------------

    def accept(self) -> None:
        # A full name typed in "With" and not picked joins the people before the draft is read.
        self._typed_name_resolved = self.people.take_typed()
        super().accept()

    def problems(self, draft: InteractionDraft) -> dict[str, str]:
        errors = validate_interaction(draft)
        if not self._typed_name_resolved:
            errors["contact_ids"] = "Pick the person from the suggestions (or clear the name)"
        return errors

    def save(self, draft: InteractionDraft) -> None:
        self.result_value = self._save(draft)
