"""Suggested interactions from mail and calendar capture, as a Qt list model (title: who and
what; detail: when, who reached out, from where)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, Qt

from kith.core.capture.suggestions import Suggestion
from kith.core.local_time import local_date
from kith.ui.formats import date_text
from kith.ui.lists.goal_models import DETAIL_ROLE
from kith.ui.lists.index import ModelIndex

_KINDS = {"email": "Email", "meeting": "Meeting"}
_MAIL_FIRST = {"me": "you wrote first", "them": "they wrote first"}
_MEETING_BY = {"me": "you organised it", "them": "they organised it"}


def suggestion_title(suggestion: Suggestion) -> str:
    """ "Email with Ana Lima", "Meeting with Ana Lima and Bob Stone"."""
    names = [p.name for p in suggestion.people]
    who = names[0] if len(names) == 1 else ", ".join(names[:-1]) + f" and {names[-1]}"
    text = f"{_KINDS.get(suggestion.kind, suggestion.kind)} with {who}"
    return f"{text}: “{suggestion.summary}”" if suggestion.summary else text


def suggestion_detail(suggestion: Suggestion) -> str:
    """ "Tue 1 Dec · you wrote first · Work mail"."""
    day = local_date(suggestion.occurred_at)
    words = _MAIL_FIRST if suggestion.kind == "email" else _MEETING_BY
    parts = [date_text(day, weekday=True, year=False)]
    if suggestion.initiator in words:
        parts.append(words[suggestion.initiator or ""])
    parts.append(suggestion.source)
    return " · ".join(parts)


class SuggestionListModel(QAbstractListModel):
    """The pending :class:`~kith.core.capture.suggestions.Suggestion` rows Today lists."""

    SuggestionRole = Qt.ItemDataRole.UserRole + 11

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Suggestion] = []

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == self.SuggestionRole:
            return row
        if role == Qt.ItemDataRole.DisplayRole:
            return suggestion_title(row)
        if role == DETAIL_ROLE:
            return suggestion_detail(row)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{suggestion_title(row)}, {suggestion_detail(row)}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return "\n".join(f"{p.name} <{p.address}>" for p in row.people)
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def set_rows(self, rows: Sequence[Suggestion]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def suggestion(self, row: int) -> Suggestion | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, suggestion_id: int) -> int | None:
        for row, suggestion in enumerate(self._rows):
            if suggestion.id == suggestion_id:
                return row
        return None
