"""Item models for the Goals page: the goals, and small lists of plain rows (people,
interactions, follow-ups) read from kith.core."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt

from kith.ui.formats import date_text
from kith.ui.lists.index import ModelIndex

if TYPE_CHECKING:  # Today's suggestions share the roles: start-up need not import the goals
    from kith.core.goals import GoalSummary

ID_ROLE = Qt.ItemDataRole.UserRole + 1
DETAIL_ROLE = Qt.ItemDataRole.UserRole + 2
BADGE_ROLE = Qt.ItemDataRole.UserRole + 3
MUTED_ROLE = Qt.ItemDataRole.UserRole + 4


@dataclass(frozen=True)
class Row:
    """One line of a small list: a title, a muted detail line, an optional badge."""

    id: int
    title: str
    detail: str = ""
    badge: str = ""
    tooltip: str = ""
    muted: bool = False


class RowListModel(QAbstractListModel):
    """A list of :class:`Row`; ``set_rows`` replaces them all (a page re-reads on change)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Row] = []

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[Row]:
        return list(self._rows)

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return row.title
        if role == DETAIL_ROLE:
            return row.detail
        if role == BADGE_ROLE:
            return row.badge
        if role == MUTED_ROLE:
            return row.muted
        if role == ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.tooltip or None
        return None


def _goal_row(goal: GoalSummary) -> Row:
    parts = []
    if goal.target_date is not None:
        parts.append(f"by {date_text(goal.target_date)}")
    parts.append("1 person" if goal.people == 1 else f"{goal.people} people")
    if goal.open_follow_ups:
        parts.append(f"{goal.open_follow_ups} to do")
    badge = "" if goal.status == "active" else goal.status_label
    return Row(goal.id, goal.title, " · ".join(parts), badge, goal.why, goal.status != "active")


class GoalListModel(RowListModel):
    """The goals, active first (see kith.core.goals.goal_summaries)."""

    def set_goals(self, goals: Sequence[GoalSummary]) -> None:
        self.set_rows([_goal_row(g) for g in goals])

    def row_of(self, goal_id: int) -> int:
        return next((i for i, r in enumerate(self._rows) if r.id == goal_id), -1)
