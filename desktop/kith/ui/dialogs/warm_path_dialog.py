"""“How do I reach …?”: warm introduction chains to a person or a company, best first."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, tzinfo

from PySide6.QtCore import QModelIndex, QStringListModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kith.core.errors import ValidationError
from kith.core.follow_ups import FollowUpDraft
from kith.core.interactions import goal_choices
from kith.core.local_time import today, utcnow
from kith.core.rules.ask_threshold import LIKELY, STRETCH, TOO_BIG, AskVerdict, verdict
from kith.core.warm_path import (
    NetworkGraph,
    WarmPath,
    build_graph,
    companies,
    strength_word,
    warm_paths,
    warm_paths_to_company,
)
from kith.ui.commands.follow_up_actions import FollowUpActions
from kith.ui.dialogs.dialog import Dialog
from kith.ui.icons import icon
from kith.ui.lists.goal_models import Row, RowListModel
from kith.ui.lists.two_line_delegate import TwoLineDelegate
from kith.ui.widgets.buttons import make_primary
from kith.ui.widgets.contact_fields import ContactPicker

#: An introduction is asked for within this many days.
ASK_WITHIN_DAYS = 2


#: What each first hop's verdict on an introduction says in the list.
INTRO_WORDS = {
    LIKELY: "{name} would likely introduce you",
    STRETCH: "an introduction is a stretch for {name}",
    TOO_BIG: "too big an ask of {name} for now",
}


class WarmPathDialog(Dialog):
    """Pick a person or type a company; the chains appear best first; ask the first person."""

    def __init__(
        self,
        actions: FollowUpActions | None,
        parent: QWidget | None = None,
        *,
        now: Callable[[], datetime] = utcnow,
        tz: tzinfo | None = None,
    ) -> None:
        super().__init__(parent)
        self.actions = actions
        self._now = now
        self._tz = tz
        self.setWindowTitle("How do I reach…?")
        self.setMinimumSize(580, 540)
        self.graph: NetworkGraph = build_graph(now(), tz=tz)
        self.paths: list[WarmPath] = []
        self._verdicts: dict[int, AskVerdict] = {}
        self._target_name = ""
        self._ask_name = ""

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 16)
        layout.setSpacing(10)
        intro = QLabel(
            "Kith looks for chains of people you know — you → A → B → them — and lists the "
            "strongest first. Ask the first person on the chain for an introduction."
        )
        intro.setProperty("role", "muted")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.person = ContactPicker()
        self.person.setPlaceholderText("Type a name…")
        self.person.picked.connect(self._on_person)
        form.addRow("Person", self.person)
        self.company = QLineEdit()
        self.company.setPlaceholderText("or a company, e.g. Acme")
        self.company.setClearButtonEnabled(True)
        completer = QCompleter(QStringListModel(companies(self.graph), self), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.company.setCompleter(completer)
        self.company.returnPressed.connect(lambda: self.set_company(self.company.text()))
        completer.activated[str].connect(self.set_company)
        form.addRow("Company", self.company)
        layout.addLayout(form)

        self.result_label = QLabel()
        self.result_label.setProperty("role", "section")
        layout.addWidget(self.result_label)
        self.model = RowListModel(self)
        self.list = QListView()
        self.list.setAccessibleName("Warm paths, best first")
        self.list.setModel(self.model)
        self.list.setItemDelegate(TwoLineDelegate(self.list))
        self.list.setMouseTracking(True)
        self.list.setFrameShape(QFrame.Shape.NoFrame)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.selectionModel().currentChanged.connect(self._on_current)
        layout.addWidget(self.list, 1)
        self.empty = QLabel()
        self.empty.setProperty("role", "muted")
        self.empty.setWordWrap(True)
        layout.addWidget(self.empty)

        self.verdict_label = QLabel()
        self.verdict_label.setWordWrap(True)
        layout.addWidget(self.verdict_label)
        goal_row = QFormLayout()
        goal_row.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.goal = QComboBox()
        self.goal.addItem("No goal", None)
        for choice in goal_choices():
            self.goal.addItem(icon("goals"), choice.title, choice.id)
        goal_row.addRow("For goal", self.goal)
        self.goal.setVisible(self.goal.count() > 1)
        goal_row.labelForField(self.goal).setVisible(self.goal.count() > 1)
        layout.addLayout(goal_row)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.ask_button = QPushButton(icon("follow-up"), "Ask for an introduction")
        make_primary(self.ask_button)
        self.ask_button.setEnabled(False)
        self.ask_button.clicked.connect(self.ask_for_introduction)
        buttons.addButton(self.ask_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._show([])
        self.result_label.hide()
        self.empty.setText("Pick a person or type a company.")
        self.person.setFocus()

    # queries -------------------------------------------------------------------------

    def _on_person(self, contact_id: object) -> None:
        if isinstance(contact_id, int):
            self.set_target(contact_id)

    def set_target(self, contact_id: int) -> None:
        """Show the chains to this person."""
        name = self.graph.name(contact_id)
        if self.person.current_id() != contact_id:
            self.person.set_contact(contact_id, name)
        self.company.clear()
        self._target_name = name
        self.result_label.setText(f"WAYS TO REACH {name.upper()}")
        self._show(warm_paths(self.graph, contact_id))

    def set_company(self, company: str) -> None:
        """Show the chains to anyone at this company."""
        company = company.strip()
        if not company:
            return
        if self.company.text() != company:
            self.company.setText(company)
        self.person.set_contact(None)
        self._target_name = company
        self.result_label.setText(f"WAYS INTO {company.upper()}")
        self._show(warm_paths_to_company(self.graph, company))

    def _show(self, paths: list[WarmPath]) -> None:
        self.paths = paths
        # Each first person's verdict on an introduction (a medium ask), read once: the list
        # shows it on each chain and the text below the list for the chosen one.
        self._verdicts = {
            path.first: verdict(path.first, "medium", self._now(), tz=self._tz)
            for path in paths
            if not path.direct
        }
        rows = []
        for i, path in enumerate(paths):
            words = " · ".join(strength_word(w) for w in path.links)
            detail = f"{words} · {round(100 * path.score)} % overall"
            if not path.direct:
                said = self._verdicts[path.first]
                detail += f" · {INTRO_WORDS[said.level].format(name=said.name)}"
            badge = "you know them" if path.direct else ("best" if i == 0 else "")
            rows.append(Row(i, path.text, detail, badge))
        self.model.set_rows(rows)
        self.result_label.setVisible(True)
        self.empty.setVisible(not paths)
        self.empty.setText(
            f"No warm path to {self._target_name} within three links. Meet someone who knows "
            "them, or reach out directly."
        )
        self.verdict_label.clear()
        self.ask_button.setEnabled(False)
        self.ask_button.setText("Ask for an introduction")
        if paths:
            self.list.setCurrentIndex(self.model.index(0))

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        path = self.selected_path()
        if path is None:
            return
        if path.direct:
            self.ask_button.setEnabled(False)
            self.ask_button.setText("Ask for an introduction")
            self.verdict_label.setText(f"You know {path.names[0]} yourself: reach out directly.")
            return
        # Asking for an introduction is a medium ask (see the action threshold).
        said = self._verdicts[path.first]
        self._ask_name = said.name
        self.ask_button.setEnabled(self.actions is not None)
        self.ask_button.setText(f"Ask {said.name} for an introduction")
        self.verdict_label.setText(said.text)

    def selected_path(self) -> WarmPath | None:
        index = self.list.currentIndex()
        if not index.isValid() or not 0 <= index.row() < len(self.paths):
            return None
        return self.paths[index.row()]

    # the ask -------------------------------------------------------------------------

    def ask_for_introduction(self) -> int | None:
        """Plan a follow-up: ask the first person on the chain to introduce you; return its id."""
        path = self.selected_path()
        if path is None or path.direct or self.actions is None:
            return None
        first, target = self._ask_name or path.names[0], path.names[-1]
        draft = FollowUpDraft(
            title=f"Ask {first} for an introduction to {target}",
            due_date=today(self._now(), self._tz) + timedelta(days=ASK_WITHIN_DAYS),
            contact_id=path.first,
            notes=path.text,
            goal_id=self.goal.currentData(),
        )
        try:
            follow_up_id = self.actions.create(draft)
        except ValidationError as problem:
            self.verdict_label.setText("; ".join(problem.errors.values()))
            return None
        self.accept()
        return follow_up_id
