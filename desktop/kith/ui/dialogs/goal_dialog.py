"""The goal form: title, why it matters, target date and status."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from kith.core.errors import ValidationError
from kith.core.goals import GOAL_STATUSES, STATUS_LABELS, GoalDraft
from kith.ui.dialogs.dialog import Dialog
from kith.ui.widgets.buttons import make_primary
from kith.ui.widgets.date_fields import DateEdit

SaveGoal = Callable[[GoalDraft], object]


class GoalDialog(Dialog):
    """Edits a :class:`GoalDraft`; *Save* calls ``save(draft)``, problems show by the fields."""

    def __init__(
        self,
        save: SaveGoal,
        draft: GoalDraft | None = None,
        *,
        editing: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._save = save
        draft = draft or GoalDraft()
        self.setWindowTitle("Edit goal" if editing else "New goal")
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 16)
        form = QFormLayout()
        form.setVerticalSpacing(8)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.title_edit = QLineEdit(draft.title)
        self.title_edit.setPlaceholderText("e.g. Find three speaking engagements by June")
        self.title_error = self._error()
        form.addRow("Goal", self._with_error(self.title_edit, self.title_error))
        self.why_edit = QPlainTextEdit(draft.why)
        self.why_edit.setPlaceholderText("Why it matters to you")
        self.why_edit.setTabChangesFocus(True)
        self.why_edit.setFixedHeight(72)
        form.addRow("Why", self.why_edit)
        row = QHBoxLayout()
        self.has_target = QCheckBox("By")
        self.has_target.setChecked(draft.target_date is not None)
        self.target_edit = DateEdit()
        target = draft.target_date or date.today() + timedelta(days=90)
        self.target_edit.setDate(QDate(target.year, target.month, target.day))
        self.target_edit.setEnabled(draft.target_date is not None)
        self.has_target.toggled.connect(self.target_edit.setEnabled)
        row.addWidget(self.has_target)
        row.addWidget(self.target_edit, 1)
        form.addRow("Target date", row)
        self.status_combo = QComboBox()
        for status in GOAL_STATUSES:
            self.status_combo.addItem(STATUS_LABELS[status], status)
        self.status_combo.setCurrentIndex(GOAL_STATUSES.index(draft.status))
        form.addRow("Status", self.status_combo)
        layout.addLayout(form)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        make_primary(save_button)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.title_edit.setFocus()

    @staticmethod
    def _error() -> QLabel:
        label = QLabel()
        label.setProperty("role", "error")
        label.hide()
        return label

    @staticmethod
    def _with_error(field: QWidget, error: QLabel) -> QWidget:
        box = QWidget()
        col = QVBoxLayout(box)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(2)
        col.addWidget(field)
        col.addWidget(error)
        return box

    def draft(self) -> GoalDraft:
        target = None
        if self.has_target.isChecked():
            q = self.target_edit.date()
            target = date(q.year(), q.month(), q.day())
        return GoalDraft(
            title=self.title_edit.text(),
            why=self.why_edit.toPlainText(),
            target_date=target,
            status=str(self.status_combo.currentData()),
        )

    def accept(self) -> None:
        try:
            self._save(self.draft())
        except ValidationError as problem:
            message = problem.errors.get("title") or "; ".join(problem.errors.values())
            self.title_error.setText(message)
            self.title_error.show()
            self.title_edit.setProperty("invalid", True)
            self.title_edit.style().polish(self.title_edit)
            return
        super().accept()
