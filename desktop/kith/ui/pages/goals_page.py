"""The Goals page: your goals, each with its people, conversations, next steps and progress,
and how much of your networking served a goal lately."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo

from PySide6.QtCore import QModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListView,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kith.core.goals import (
    GoalDraft,
    GoalSummary,
    goal_follow_ups,
    goal_interactions,
    goal_people,
    goal_summaries,
    interactions_per_month,
    load_goal_draft,
    purpose_share,
)
from kith.core.interactions import KIND_LABELS
from kith.core.local_time import local_date, today, utcnow
from kith.core.rules.circles import circle_name
from kith.ui.commands.goal_commands import (
    CreateGoalCommand,
    DeleteGoalCommand,
    EditGoalCommand,
    LinkPeopleCommand,
    UnlinkPeopleCommand,
)
from kith.ui.dialogs.dialog import Dialog
from kith.ui.dialogs.goal_dialog import GoalDialog
from kith.ui.formats import date_text
from kith.ui.icons import icon
from kith.ui.lists.goal_models import ID_ROLE, GoalListModel, Row, RowListModel
from kith.ui.lists.two_line_delegate import TwoLineDelegate
from kith.ui.pages.page import Page
from kith.ui.widgets.buttons import make_primary
from kith.ui.widgets.empty_state import EmptyState

WATCHED_TABLES = frozenset(
    {"goal", "goal_contact", "interaction", "interaction_contact", "follow_up", "contact"}
)


def _section(text: str) -> QLabel:
    label = QLabel(text)
    label.setProperty("role", "section")
    return label


def _muted(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setProperty("role", "muted")
    label.setWordWrap(True)
    return label


def _list(name: str, rows: int) -> QListView:
    view = QListView()
    view.setAccessibleName(name)
    # Goal and follow-up titles wrap to a second line rather than lose their last words.
    view.setItemDelegate(TwoLineDelegate(view, wrap=True))
    view.setMouseTracking(True)
    view.setResizeMode(QListView.ResizeMode.Adjust)
    view.setWordWrap(True)  # rows are laid out again when the width changes, not only the height
    view.setObjectName("GoalPageList")
    view.setFrameShape(QFrame.Shape.NoFrame)
    view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    view.setMinimumHeight(rows * 46)
    return view


class LinkPeopleDialog(Dialog):
    """Pick people to link to a goal."""

    def __init__(self, goal_title: str, parent: QWidget | None = None) -> None:
        from kith.ui.dialogs.interaction_dialog import PeoplePicker

        super().__init__(parent)
        self.setWindowTitle("Link people")
        self.setMinimumWidth(440)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 16)
        layout.addWidget(_muted(f"Who helps with “{goal_title}”?"))
        self.people = PeoplePicker()
        layout.addWidget(self.people)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Link")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def accept(self) -> None:
        self.people.take_typed()
        super().accept()


class GoalsPage(Page):
    """Goals on the left, the selected goal's people, progress and next steps on the right."""

    watched_tables = WATCHED_TABLES
    #: Plan a follow-up for a goal: (contact id or None, goal id).
    plan_goal_follow_up_requested = Signal(object, int)

    def __init__(
        self,
        undo_stack: QUndoStack,
        parent: QWidget | None = None,
        *,
        now: Callable[[], datetime] = utcnow,
        tz: tzinfo | None = None,
    ) -> None:
        super().__init__(parent, now=now, tz=tz)
        self.undo_stack = undo_stack
        self._goals: list[GoalSummary] = []
        self._current: int | None = None

        outer = QVBoxLayout(self)
        outer.setContentsMargins(28, 18, 28, 20)
        outer.setSpacing(12)
        header = QHBoxLayout()
        titles = QVBoxLayout()
        titles.setSpacing(2)
        title = QLabel("Goals")
        title.setObjectName("PageTitle")
        titles.addWidget(title)
        self.purpose_label = _muted()
        self.purpose_label.setWordWrap(False)
        self.purpose_label.setAccessibleName("Networking with a purpose")
        titles.addWidget(self.purpose_label)
        self.purpose_bar = QProgressBar()
        self.purpose_bar.setRange(0, 100)
        self.purpose_bar.setTextVisible(False)
        self.purpose_bar.setFixedSize(QSize(260, 6))
        titles.addWidget(self.purpose_bar)
        header.addLayout(titles)
        header.addStretch(1)
        self.new_button = QPushButton(icon("add"), "New goal")
        make_primary(self.new_button)
        self.new_button.clicked.connect(self.new_goal)
        header.addWidget(self.new_button, 0, Qt.AlignmentFlag.AlignTop)
        outer.addLayout(header)

        self.stack = QStackedWidget()
        outer.addWidget(self.stack, 1)
        self.empty = EmptyState(
            "goals",
            "Networking with a purpose",
            "Add a goal such as “Find three speaking engagements by June”, link the people "
            "who can help, and tag conversations and follow-ups with it to see it move.",
            "New goal",
        )
        self.empty.action_triggered.connect(self.new_goal)
        self.stack.addWidget(self.empty)

        body = QWidget()
        columns = QHBoxLayout(body)
        columns.setContentsMargins(0, 0, 0, 0)
        columns.setSpacing(24)
        self.goal_model = GoalListModel(self)
        self.goal_list = _list("Goals", 4)
        self.goal_list.setModel(self.goal_model)
        self.goal_list.setFixedWidth(300)
        self.goal_list.setStyleSheet("QListView#GoalPageList { background: transparent; }")
        self.goal_list.selectionModel().currentChanged.connect(self._on_current)
        columns.addWidget(self.goal_list)
        columns.addWidget(self._detail(), 1)
        self.stack.addWidget(body)

    # layout ---------------------------------------------------------------------------

    def _detail(self) -> QWidget:
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        card = QFrame()
        card.setProperty("card", True)
        card.setObjectName("GoalDetail")
        card.setStyleSheet("QListView#GoalPageList { background: transparent; border: none; }")
        scroll.setWidget(card)
        page = QVBoxLayout(card)
        page.setContentsMargins(22, 18, 22, 18)
        page.setSpacing(8)
        self.title_label = QLabel()
        font = self.title_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title_label.setFont(font)
        self.title_label.setWordWrap(True)
        page.addWidget(self.title_label)
        self.meta_label = _muted()
        page.addWidget(self.meta_label)
        self.why_label = QLabel()
        self.why_label.setWordWrap(True)
        page.addWidget(self.why_label)

        actions = QHBoxLayout()
        actions.setSpacing(6)
        self.edit_button = QPushButton(icon("edit"), "Edit…")
        self.edit_button.clicked.connect(self.edit_goal)
        self.achieved_button = QPushButton(icon("done"), "Mark achieved")
        self.achieved_button.clicked.connect(lambda: self._set_status("achieved"))
        self.drop_button = QPushButton("Drop")
        self.drop_button.clicked.connect(lambda: self._set_status("dropped"))
        self.reopen_button = QPushButton("Make active again")
        self.reopen_button.clicked.connect(lambda: self._set_status("active"))
        self.delete_button = QPushButton(icon("delete"), "Delete")
        self.delete_button.clicked.connect(self.delete_goal)
        self.plan_button = QPushButton(icon("follow-up"), "Plan next step")
        self.plan_button.setToolTip("Plan a follow-up that serves this goal")
        self.plan_button.clicked.connect(self._plan)
        for button in (
            self.edit_button,
            self.achieved_button,
            self.drop_button,
            self.reopen_button,
            self.delete_button,
        ):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.plan_button)
        page.addLayout(actions)

        page.addSpacing(6)
        page.addWidget(_section("PROGRESS · INTERACTIONS PER MONTH"))
        from kith.ui.widgets.month_chart import MonthChart

        self.chart = MonthChart()
        page.addWidget(self.chart)
        self.chart_caption = _muted()
        page.addWidget(self.chart_caption)

        grid = QGridLayout()
        grid.setHorizontalSpacing(20)
        grid.setVerticalSpacing(4)
        people_head = QHBoxLayout()
        people_head.addWidget(_section("PEOPLE"))
        people_head.addStretch(1)
        self.link_button = QPushButton(icon("link"), "Link people…")
        self.link_button.clicked.connect(self.link_people)
        self.unlink_button = QPushButton("Unlink")
        self.unlink_button.setEnabled(False)
        self.unlink_button.clicked.connect(self.unlink_selected)
        people_head.addWidget(self.link_button)
        people_head.addWidget(self.unlink_button)
        grid.addLayout(people_head, 0, 0)
        self.people_model = RowListModel(self)
        self.people_list = _list("People linked to this goal", 8)
        self.people_list.setModel(self.people_model)
        self.people_list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.people_list.selectionModel().selectionChanged.connect(
            lambda *_: self.unlink_button.setEnabled(
                self.people_list.selectionModel().hasSelection()
            )
        )
        self.people_list.doubleClicked.connect(
            lambda index: self.open_contact_requested.emit(int(index.data(ID_ROLE)))
        )
        grid.addWidget(self.people_list, 1, 0, 3, 1)
        grid.addWidget(_section("OPEN FOLLOW-UPS"), 0, 1)
        self.follow_up_model = RowListModel(self)
        self.follow_up_list = _list("Open follow-ups for this goal", 3)
        self.follow_up_list.setMaximumHeight(3 * 46)
        self.follow_up_list.setModel(self.follow_up_model)
        self.follow_up_list.doubleClicked.connect(
            lambda index: self.open_follow_up_requested.emit(int(index.data(ID_ROLE)))
        )
        grid.addWidget(self.follow_up_list, 1, 1)
        grid.addWidget(_section("RECENT INTERACTIONS"), 2, 1)
        self.interaction_model = RowListModel(self)
        self.interaction_list = _list("Recent interactions for this goal", 4)
        self.interaction_list.setModel(self.interaction_model)
        grid.addWidget(self.interaction_list, 3, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        page.addSpacing(6)
        page.addLayout(grid, 1)
        return scroll

    # data ----------------------------------------------------------------------------

    def refresh(self) -> None:
        """Re-read everything the page shows (keeps the selected goal)."""
        self._dirty = False
        now = self._now()
        share = purpose_share(now, tz=self._tz)
        self.purpose_label.setText(
            share.text + (" — am I networking just to network?" if share.total else "")
        )
        self.purpose_bar.setValue(round(100 * (share.share or 0)))
        self.purpose_bar.setVisible(share.total > 0)
        self._goals = goal_summaries(now, tz=self._tz)
        self.stack.setCurrentIndex(1 if self._goals else 0)
        keep = self._current
        self.goal_model.set_goals(self._goals)
        row = self.goal_model.row_of(keep) if keep is not None else -1
        if row < 0 and self._goals:
            row = 0
        if row >= 0:
            self.goal_list.setCurrentIndex(self.goal_model.index(row))
            self._show_goal(self._goals[row].id)
        else:
            self._current = None

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self._show_goal(int(current.data(ID_ROLE)))

    def current_goal(self) -> int | None:
        return self._current

    def select_goal(self, goal_id: int) -> None:
        row = self.goal_model.row_of(goal_id)
        if row >= 0:
            self.goal_list.setCurrentIndex(self.goal_model.index(row))

    def _show_goal(self, goal_id: int) -> None:
        self._current = goal_id
        goal = next((g for g in self._goals if g.id == goal_id), None)
        if goal is None:
            return
        now = self._now()
        self.title_label.setText(goal.title)
        meta = [goal.status_label]
        if goal.target_date is not None:
            days = (goal.target_date - today(now, self._tz)).days
            when = date_text(goal.target_date)
            if goal.status == "active" and days >= 0:
                meta.append(f"by {when} ({days} days left)")
            else:
                meta.append(f"target {when}")
        self.meta_label.setText(" · ".join(meta))
        self.why_label.setText(goal.why)
        self.why_label.setVisible(bool(goal.why))
        active = goal.status == "active"
        self.achieved_button.setVisible(active)
        self.drop_button.setVisible(active)
        self.reopen_button.setVisible(not active)

        months = interactions_per_month(goal_id, now, tz=self._tz)
        self.chart.set_months(months)
        total = sum(m.count for m in months)
        this_month = months[-1].count
        self.chart_caption.setText(
            f"{total} interaction{'s' if total != 1 else ''} in the last 12 months · "
            f"{this_month} this month"
        )

        people = goal_people(goal_id, now, tz=self._tz)
        rows = []
        for p in people:
            details = [p.company] if p.company else []
            if p.circle is not None:
                details.append(f"circle {circle_name(p.circle)}")
            details.append(f"strength {p.strength}")
            rows.append(Row(p.contact_id, p.full_name, " · ".join(details)))
        self.people_model.set_rows(rows)
        self.unlink_button.setEnabled(False)

        follow_ups = goal_follow_ups(goal_id, tz=self._tz)
        self.follow_up_model.set_rows(
            [
                Row(
                    f.id,
                    f.title,
                    " · ".join(x for x in (f"due {date_text(f.due_date)}", f.contact_name) if x),
                    "overdue" if f.due_date < today(now, self._tz) else "",
                )
                for f in follow_ups
            ]
            or [Row(0, "Nothing planned", "Plan the next step for this goal", muted=True)]
        )
        interactions = goal_interactions(goal_id, limit=12)
        self.interaction_model.set_rows(
            [
                Row(
                    i.id,
                    i.summary or KIND_LABELS.get(i.kind, i.kind),
                    " · ".join(
                        (
                            date_text(local_date(i.occurred_at, self._tz)),
                            KIND_LABELS.get(i.kind, i.kind),
                            ", ".join(i.names),
                        )
                    ),
                )
                for i in interactions
            ]
            or [Row(0, "No conversations yet", "Log one and pick this goal", muted=True)]
        )

    # actions -------------------------------------------------------------------------

    def new_goal(self) -> GoalDialog:
        def save(draft: GoalDraft) -> None:
            command = CreateGoalCommand(draft)
            self.undo_stack.push(command)
            self._current = command.goal_id
            self.refresh()
            self.status_message.emit(f"Added the goal “{draft.title.strip()}” · Undo with Ctrl+Z")

        return self._open(GoalDialog(save, parent=self))

    def edit_goal(self) -> GoalDialog | None:
        goal_id = self._current
        if goal_id is None:
            return None

        def save(draft: GoalDraft) -> None:
            self.undo_stack.push(EditGoalCommand(goal_id, draft))

        return self._open(GoalDialog(save, load_goal_draft(goal_id), editing=True, parent=self))

    def _open(self, dialog: GoalDialog) -> GoalDialog:
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _set_status(self, status: str) -> None:
        if self._current is None:
            return
        draft = load_goal_draft(self._current)
        draft.status = status
        words = {"achieved": "Achieved", "dropped": "Dropped", "active": "Reopened"}
        self.undo_stack.push(
            EditGoalCommand(self._current, draft, f"{words[status]} “{draft.title}”")
        )
        self.status_message.emit(f"{words[status]}: {draft.title} · Undo with Ctrl+Z")

    def delete_goal(self, *, confirm: bool = True) -> None:
        if self._current is None:
            return
        draft = load_goal_draft(self._current)
        if confirm:
            answer = QMessageBox.question(
                self,
                "Delete goal",
                f"Delete “{draft.title}”? Its conversations and follow-ups stay, no longer "
                "tagged with it. You can undo this.",
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.undo_stack.push(DeleteGoalCommand(self._current, draft.title))
        self._current = None
        self.status_message.emit(f"Deleted the goal “{draft.title}” · Undo with Ctrl+Z")

    def link_people(self) -> LinkPeopleDialog | None:
        goal_id = self._current
        if goal_id is None:
            return None
        dialog = LinkPeopleDialog(self.title_label.text(), self)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def accepted() -> None:
            ids = dialog.people.contact_ids()
            if ids:
                self.undo_stack.push(LinkPeopleCommand(goal_id, ids))

        dialog.accepted.connect(accepted)
        dialog.open()
        return dialog

    def unlink_selected(self) -> None:
        if self._current is None:
            return
        ids = [
            int(i.data(ID_ROLE))
            for i in self.people_list.selectionModel().selectedIndexes()
            if i.data(ID_ROLE)
        ]
        if ids:
            self.undo_stack.push(UnlinkPeopleCommand(self._current, ids))

    def _plan(self) -> None:
        if self._current is None:
            return
        selected = self.people_list.selectionModel().selectedIndexes()
        contact = int(selected[0].data(ID_ROLE)) if selected else None
        self.plan_goal_follow_up_requested.emit(contact, self._current)
