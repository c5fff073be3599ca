"""The follow-up form: plan one, or edit it and mark it done, snooze, drop or delete it."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from PySide6.QtCore import QDate, QDateTime, QSize, Qt, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kith.core.directory import contact_summaries
from kith.core.errors import ValidationError
from kith.core.follow_ups import FollowUpDraft, follow_up_item, validate_follow_up
from kith.core.interactions import ASK_SIZE_LABELS, InteractionDraft, goal_choices
from kith.core.local_time import local_wall, to_utc
from kith.core.recurrence import (
    anchor_rule,
    normalise_rule,
    rule_error,
    unanchor_rule,
)
from kith.core.rules.ask_threshold import verdict
from kith.ui.commands.follow_up_actions import FollowUpActions
from kith.ui.dialogs.form_dialog import FormDialog
from kith.ui.dialogs.interaction_dialog import InteractionDialog
from kith.ui.formats import date_text, date_time_text, repeat_text, time_text
from kith.ui.icons import icon
from kith.ui.preferences import preferences
from kith.ui.theme import current_theme, set_style_property
from kith.ui.widgets.contact_fields import ContactPicker
from kith.ui.widgets.date_fields import DateEdit, DateTimeEdit, TimeEdit
from kith.ui.widgets.snooze_menu import snooze_choices

#: Repeat choices: (label, rule). The custom choice takes any RFC 5545 rule.
REPEAT_CHOICES: list[tuple[str, str | None]] = [
    ("Doesn't repeat", None),
    ("Every week", "FREQ=WEEKLY"),
    ("Every 2 weeks", "FREQ=WEEKLY;INTERVAL=2"),
    ("Every month", "FREQ=MONTHLY"),
    ("Every 3 months", "FREQ=MONTHLY;INTERVAL=3"),
    ("Every 6 months", "FREQ=MONTHLY;INTERVAL=6"),
    ("Every year", "FREQ=YEARLY"),
]
CUSTOM = "custom"

#: Reminder choices.
REMIND_DEFAULT = "default"
REMIND_EVENING_BEFORE = "evening"
REMIND_WEEK_BEFORE = "week"
REMIND_AT = "at"
REMIND_NONE = "none"
EVENING = time(18, 0)


#: What each size of ask means, as the form offers them (the action threshold's sizes).
ASK_SIZES_EXPLAINED = {
    "small": "A small ask — a coffee, a quick answer",
    "medium": "A medium ask — advice, a review, an introduction",
    "large": "A large ask — a referral, a job, money, an endorsement",
}
assert set(ASK_SIZES_EXPLAINED) == set(ASK_SIZE_LABELS)


class FollowUpDialog(FormDialog):
    """Plan a follow-up, or edit one (``follow_up_id``) with Done, Snooze, Drop and Delete.

    Every change goes through ``actions`` (one undoable command each).
    """

    def __init__(
        self,
        actions: FollowUpActions,
        draft: FollowUpDraft | None = None,
        *,
        follow_up_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        editing = follow_up_id is not None
        super().__init__(
            "Follow-up" if editing else "Plan a follow-up",
            parent,
            minimum=QSize(520, 0),
            size=QSize(580, 0),
        )
        self._actions = actions
        self.follow_up_id = follow_up_id
        self.saved_id: int | None = None
        self._status_line = QLabel()
        self._status_line.setProperty("role", "muted")
        self._status_line.setContentsMargins(20, 14, 20, 0)
        self._status_line.hide()
        self.above_form.addWidget(self._status_line)

        self.title = QLineEdit()
        self.title.setPlaceholderText("Send Ana the article on hiring")
        self.add_row("What", self.title, "title")
        self.contact = ContactPicker()
        self.contact.setPlaceholderText("Nobody in particular — or type a name")
        self.add_row("About", self.contact, "contact")

        self._build_when()
        flags = QHBoxLayout()
        self.urgent = QCheckBox("Urgent")
        self.urgent.setToolTip("It has a deadline or someone is waiting")
        self.important = QCheckBox("Important")
        self.important.setToolTip("It matters for a relationship or a goal")
        flags.addWidget(self.urgent)
        flags.addWidget(self.important)
        flags.addStretch()
        self.add_row("Flags", flags)

        self._build_repeat()
        self.goal = QComboBox()
        self.goal.setAccessibleName("Goal")
        self._goal_row = self.add_row("Goal", self.goal, "goal")

        self._build_ask()
        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText("Links, what you promised, what to say…")
        self.notes.setFixedHeight(80)
        self.add_row("Notes", self.notes)

        self._build_footer(editing)

        self._original_rule: str | None = None
        self.set_draft(draft or FollowUpDraft(due_date=date.today()))
        if editing:
            self._show_status()
        self.title.setFocus()

    # building -----------------------------------------------------------------------

    def _build_when(self) -> None:
        """Due (a day, and a time of day if it has one) and when to be reminded."""
        due_row = QHBoxLayout()
        self.due_date = DateEdit()
        self.due_date.setAccessibleName("Due date")
        due_row.addWidget(self.due_date)
        self.has_time = QCheckBox("at")
        self.has_time.setToolTip("Due at a time of day (otherwise any time that day)")
        due_row.addWidget(self.has_time)
        self.due_time = TimeEdit()
        self.due_time.setTime(QTime(9, 0))
        self.due_time.setAccessibleName("Due time")
        self.due_time.setEnabled(False)
        self.has_time.toggled.connect(self.due_time.setEnabled)
        self.has_time.toggled.connect(lambda _: self._update_reminder_labels())
        due_row.addWidget(self.due_time)
        due_row.addStretch()
        self.add_row("Due", due_row, "due_date", focus=self.due_date)

        remind_row = QHBoxLayout()
        self.reminder = QComboBox()
        self.reminder.setAccessibleName("Reminder")
        for key in (REMIND_DEFAULT, REMIND_EVENING_BEFORE, REMIND_WEEK_BEFORE, REMIND_AT):
            self.reminder.addItem("", key)
        self.reminder.addItem("No reminder", REMIND_NONE)
        remind_row.addWidget(self.reminder, 1)
        self.remind_at = DateTimeEdit()
        self.remind_at.setAccessibleName("Remind at")
        remind_row.addWidget(self.remind_at)
        self.reminder.currentIndexChanged.connect(
            lambda _: self.remind_at.setVisible(self.reminder.currentData() == REMIND_AT)
        )
        self.add_row("Remind me", remind_row)
        self._update_reminder_labels()

    def _build_repeat(self) -> None:
        """Repeat: the usual choices, or an RFC 5545 rule, said back in words."""
        repeat_row = QVBoxLayout()
        repeat_row.setSpacing(4)
        self.repeat = QComboBox()
        self.repeat.setAccessibleName("Repeat")
        for label, rule in REPEAT_CHOICES:
            self.repeat.addItem(label, rule)
        self.repeat.addItem("Custom rule…", CUSTOM)
        repeat_row.addWidget(self.repeat)
        self.custom_rule = QLineEdit()
        self.custom_rule.setPlaceholderText("FREQ=MONTHLY;INTERVAL=2;COUNT=5")
        self.custom_rule.setAccessibleName("Repeat rule")
        self.custom_rule.setToolTip("An RFC 5545 repeat rule (as in calendar files)")
        repeat_row.addWidget(self.custom_rule)
        self.repeat_words = QLabel()
        self.repeat_words.setProperty("role", "muted")
        repeat_row.addWidget(self.repeat_words)
        self.repeat.currentIndexChanged.connect(lambda _: self._on_repeat())
        self.custom_rule.textChanged.connect(lambda _: self._on_repeat())
        self.due_date.dateChanged.connect(lambda _: self._on_repeat())
        self.add_row("Repeat", repeat_row, "rrule", focus=self.custom_rule)

    def _build_ask(self) -> None:
        """Planning an ask: size it, and Kith says whether the person would likely do it."""
        self.ask_size = QComboBox()
        self.ask_size.setAccessibleName("Is it an ask")
        self.ask_size.addItem("Not an ask", None)
        for value, label in ASK_SIZES_EXPLAINED.items():
            self.ask_size.addItem(label, value)
        self.ask_size.setToolTip("Planning to ask for something? Size it to see if it fits")
        self.ask_verdict = QLabel()
        self.ask_verdict.setWordWrap(True)
        self.ask_verdict.hide()
        ask_box = QVBoxLayout()
        ask_box.setSpacing(4)
        ask_box.addWidget(self.ask_size)
        ask_box.addWidget(self.ask_verdict)
        # The layout itself, not a widget around it, so the wrapped verdict gets its height.
        self.add_row("Ask", ask_box, "ask_size", focus=self.ask_size)
        self.ask_size.currentIndexChanged.connect(lambda _: self.update_ask_verdict())
        self.contact.picked.connect(lambda _: self.update_ask_verdict())

    def _build_footer(self, editing: bool) -> None:
        """Done, Snooze, Drop, Reopen and Delete for an existing follow-up; Save and Cancel."""
        footer = QVBoxLayout()
        footer.setContentsMargins(20, 8, 20, 16)
        footer.setSpacing(8)
        row = QHBoxLayout()
        self.done_button = QPushButton(icon("done"), "Done")
        self.done_button.setToolTip("Mark it done")
        done_menu = QMenu(self.done_button)
        done_menu.addAction(icon("done"), "Done", self.mark_done)
        done_menu.addAction(icon("log-interaction"), "Done and log interaction…", self.done_and_log)
        self.done_button.setMenu(done_menu)
        self.snooze_button = QPushButton(icon("snooze"), "Snooze")
        self.snooze_button.setToolTip("Remind me again later; the due date stays")
        snooze_menu = QMenu(self.snooze_button)
        for label, moment in snooze_choices(datetime.now(UTC)):
            snooze_menu.addAction(label, lambda m=moment: self.snooze(m))
        self.snooze_button.setMenu(snooze_menu)
        self.drop_button = QPushButton("Drop")
        self.drop_button.setToolTip("Give up on it; it stays in the history as dropped")
        self.drop_button.clicked.connect(self.drop)
        self.reopen_button = QPushButton("Reopen")
        self.reopen_button.clicked.connect(self.reopen)
        self.delete_button = QPushButton(icon("delete"), "Delete")
        self.delete_button.setToolTip("Delete it for good (Ctrl+Z brings it back)")
        self.delete_button.clicked.connect(self.delete)
        actions_row = QHBoxLayout()
        for button in (
            self.done_button,
            self.snooze_button,
            self.drop_button,
            self.reopen_button,
            self.delete_button,
        ):
            button.setVisible(editing)
            actions_row.addWidget(button)
        actions_row.addStretch()
        if editing:
            footer.addLayout(actions_row)
            line = QFrame()
            line.setFrameShape(QFrame.Shape.HLine)
            line.setStyleSheet(f"color: {current_theme().border};")
            footer.addWidget(line)
        row.addWidget(self._summary, 1)
        row.addWidget(self.save_buttons("Save" if editing else "Plan it"))
        footer.addLayout(row)
        self.outer.addLayout(footer)

    def _update_reminder_labels(self) -> None:
        timed = self.has_time.isChecked()
        morning = time_text(preferences().morning)
        labels = {
            REMIND_DEFAULT: "At the due time" if timed else f"On the day, at {morning}",
            REMIND_EVENING_BEFORE: f"The evening before ({time_text(EVENING)})",
            REMIND_WEEK_BEFORE: "A week before",
            REMIND_AT: "At a time I pick…",
        }
        for i in range(self.reminder.count()):
            key = self.reminder.itemData(i)
            if key in labels:
                self.reminder.setItemText(i, labels[key])

    def _show_status(self) -> None:
        assert self.follow_up_id is not None
        item = follow_up_item(self.follow_up_id)
        if item is None:
            return
        is_open = item.status == "open"
        self.done_button.setVisible(is_open)
        self.snooze_button.setVisible(is_open)
        self.drop_button.setVisible(is_open)
        self.reopen_button.setVisible(not is_open)
        parts = []
        if item.status != "open" and item.completed_at is not None:
            when = local_wall(item.completed_at)
            verb = "Done" if item.status == "done" else "Dropped"
            parts.append(f"{verb} on {date_text(when)}")
        if item.status == "open" and item.snoozed_until is not None:
            when = local_wall(item.snoozed_until)
            parts.append(f"Snoozed until {date_time_text(when, weekday=True, year=False)}")
        self._status_line.setText(" · ".join(parts))
        self._status_line.setVisible(bool(parts))

    # values -------------------------------------------------------------------------

    def set_draft(self, d: FollowUpDraft) -> None:
        self.title.setText(d.title)
        if d.contact_id is not None:
            who = contact_summaries([d.contact_id]).get(d.contact_id)
            self.contact.set_contact(d.contact_id, who.full_name if who else "")
        else:
            self.contact.set_contact(None)
        day = d.due_date or date.today()
        self.due_date.setDate(QDate(day.year, day.month, day.day))
        self.has_time.setChecked(d.due_time is not None)
        if d.due_time is not None:
            self.due_time.setTime(QTime(d.due_time.hour, d.due_time.minute))
        if not d.reminder:
            self.reminder.setCurrentIndex(self.reminder.findData(REMIND_NONE))
        elif d.remind_at is None:
            self.reminder.setCurrentIndex(self.reminder.findData(REMIND_DEFAULT))
        else:
            self.reminder.setCurrentIndex(self.reminder.findData(REMIND_AT))
            wall = local_wall(to_utc(d.remind_at))
            self.remind_at.setDateTime(
                QDateTime(QDate(wall.year, wall.month, wall.day), QTime(wall.hour, wall.minute))
            )
        if d.remind_at is None:
            self.remind_at.setDateTime(QDateTime(QDate(day.year, day.month, day.day), QTime(9, 0)))
        self.remind_at.setVisible(self.reminder.currentData() == REMIND_AT)
        self.urgent.setChecked(d.urgent)
        self.important.setChecked(d.important)
        self._original_rule = d.rrule
        plain = unanchor_rule(d.rrule) if d.rrule else None
        index = self.repeat.findData(plain)
        if index < 0:
            index = self.repeat.findData(CUSTOM)
            self.custom_rule.setText(plain or "")
        self.repeat.setCurrentIndex(index)
        self.goal.clear()
        self.goal.addItem("No goal", None)
        for choice in goal_choices(include=d.goal_id):
            label = choice.title if choice.active else f"{choice.title} (not active)"
            self.goal.addItem(icon("goals"), label, choice.id)
        self.goal.setCurrentIndex(max(0, self.goal.findData(d.goal_id)))
        self.set_row_visible(self._goal_row, self.goal.count() > 1)
        self.notes.setPlainText(d.notes)
        self.ask_size.setCurrentIndex(max(0, self.ask_size.findData(d.ask_size)))
        self._on_repeat()
        self.update_ask_verdict()

    def _rule(self) -> str | None:
        choice = self.repeat.currentData()
        if choice == CUSTOM:
            text = self.custom_rule.text().strip()
            return text or None
        rule: str | None = choice
        original = self._original_rule
        if (
            rule is not None
            and original is not None
            and rule_error(original) is None
            and unanchor_rule(original) == rule
        ):
            return original  # unchanged: keep the series where it is
        return rule

    def _on_repeat(self) -> None:
        custom = self.repeat.currentData() == CUSTOM
        self.custom_rule.setVisible(custom)
        rule = self._rule()
        problem = rule_error(rule) if rule else None
        if not rule or problem:
            self.repeat_words.setText("")
        else:
            due = self.due_date.date()
            day = date(due.year(), due.month(), due.day())
            normal = normalise_rule(rule)
            assert normal is not None
            words = repeat_text(anchor_rule(unanchor_rule(normal), day))
            self.repeat_words.setText(words[:1].upper() + words[1:])
        self.repeat_words.setVisible(bool(self.repeat_words.text()))

    def draft(self) -> FollowUpDraft:
        due = self.due_date.date()
        day = date(due.year(), due.month(), due.day())
        at = self.due_time.time()
        due_time = time(at.hour(), at.minute()) if self.has_time.isChecked() else None
        choice = self.reminder.currentData()
        remind_at: datetime | None = None
        if choice == REMIND_AT:
            picked = self.remind_at.dateTime()
            d, t = picked.date(), picked.time()
            remind_at = datetime(d.year(), d.month(), d.day(), t.hour(), t.minute()).astimezone()
        elif choice == REMIND_EVENING_BEFORE:
            remind_at = datetime.combine(day - timedelta(days=1), EVENING).astimezone()
        elif choice == REMIND_WEEK_BEFORE:
            remind_at = datetime.combine(
                day - timedelta(days=7), due_time or preferences().morning
            ).astimezone()
        return FollowUpDraft(
            title=self.title.text(),
            due_date=day,
            due_time=due_time,
            contact_id=self.contact.current_id(),
            notes=self.notes.toPlainText(),
            urgent=self.urgent.isChecked(),
            important=self.important.isChecked(),
            rrule=self._rule(),
            goal_id=self.goal.currentData(),
            ask_size=self.ask_size.currentData(),
            remind_at=remind_at,
            reminder=choice != REMIND_NONE,
        )

    def update_ask_verdict(self) -> None:
        """The action threshold for the planned ask of the chosen person ("" when none)."""
        size, contact_id = self.ask_size.currentData(), self.contact.current_id()
        if size is None or contact_id is None:
            self.ask_verdict.hide()
            return
        try:
            said = verdict(contact_id, size, datetime.now(UTC))
        except LookupError:
            self.ask_verdict.hide()
            return
        self.ask_verdict.setText(
            said.text if said.ok else f"{said.text} Plan giving {said.name} something first."
        )
        set_style_property(self.ask_verdict, "role", "muted" if said.ok else "warning")
        self.ask_verdict.show()

    # saving -------------------------------------------------------------------------

    def problems(self, draft: FollowUpDraft) -> dict[str, str]:
        errors = validate_follow_up(draft)
        if self.contact.is_unresolved():
            errors["contact"] = "Pick a person from the suggestions, or leave this empty"
        return errors

    def save(self, draft: FollowUpDraft) -> None:
        if self.follow_up_id is None:
            self.saved_id = self._actions.create(draft)
        else:
            self._actions.update(self.follow_up_id, draft)
            self.saved_id = self.follow_up_id

    # actions on an existing follow-up -----------------------------------------------

    def mark_done(self) -> None:
        if self.follow_up_id is not None:
            self._actions.complete(self.follow_up_id)
            self.done(QDialog.DialogCode.Accepted)

    def done_and_log(self) -> InteractionDialog | None:
        """Open the log-interaction form pre-filled; saving it marks this follow-up done."""
        follow_up_id = self.follow_up_id
        if follow_up_id is None:
            return None
        item = follow_up_item(follow_up_id)
        if item is None:
            return None
        draft = InteractionDraft(
            occurred_at=datetime.now().astimezone(),
            contact_ids=[item.contact_id] if item.contact_id is not None else [],
            summary=item.title,
            goal_id=item.goal_id,
        )
        actions = self._actions
        parent = self.parentWidget()

        def save(interaction: InteractionDraft) -> object:
            completion = actions.complete(follow_up_id, interaction)
            if completion is None:
                raise ValidationError({"summary": "This follow-up is no longer open"})
            return completion

        dialog = InteractionDialog(save, draft, title="Done — log what you did", parent=parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.done(QDialog.DialogCode.Accepted)
        dialog.open()
        return dialog

    def snooze(self, until: datetime) -> None:
        if self.follow_up_id is not None:
            self._actions.snooze(self.follow_up_id, until)
            self.done(QDialog.DialogCode.Accepted)

    def drop(self) -> None:
        if self.follow_up_id is not None:
            self._actions.drop(self.follow_up_id)
            self.done(QDialog.DialogCode.Accepted)

    def reopen(self) -> None:
        if self.follow_up_id is not None:
            self._actions.reopen(self.follow_up_id)
            self.done(QDialog.DialogCode.Accepted)

    def delete(self) -> None:
        if self.follow_up_id is not None:
            self._actions.delete(self.follow_up_id)
            self.done(QDialog.DialogCode.Accepted)
