"""People going cold (past their keep-in-touch cadence, worst first) as a Qt list model."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, Qt

from kith.core.rules.going_cold import ColdContact
from kith.ui.lists.index import ModelIndex


class GoingColdModel(QAbstractListModel):
    """The :class:`~kith.core.rules.going_cold.ColdContact` rows the Today page lists."""

    ColdRole = Qt.ItemDataRole.UserRole + 1
    IdRole = Qt.ItemDataRole.UserRole + 2

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ColdContact] = []

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        cold = self._rows[index.row()]
        if role == self.ColdRole:
            return cold
        if role == self.IdRole:
            return cold.contact_id
        if role == Qt.ItemDataRole.DisplayRole:
            return cold.full_name
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{cold.full_name}, {cold.text}, {cold.status.cadence.label}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return cold.status.cadence.label
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def set_rows(self, rows: Sequence[ColdContact]) -> None:
        new = list(rows)
        if [r.contact_id for r in new] == [r.contact_id for r in self._rows]:
            changed = [i for i, (a, b) in enumerate(zip(self._rows, new, strict=True)) if a != b]
            self._rows = new
            if changed:
                self.dataChanged.emit(self.index(min(changed)), self.index(max(changed)))
            return
        self.beginResetModel()
        self._rows = new
        self.endResetModel()

    def rows(self) -> list[ColdContact]:
        return list(self._rows)

    def contact_id(self, row: int) -> int:
        return self._rows[row].contact_id
