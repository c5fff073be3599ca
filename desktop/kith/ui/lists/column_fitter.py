"""Gives a table's columns the width their content needs: every column as wide as what it
shows when all fit (one column takes what is left), else the overflow is taken from the
columns that can give most — never below a column's least width. It follows new rows and the
table's size until the user resizes a column by hand."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QTableView

#: Rows measured for a column's content width (the first ones: a file may hold thousands).
MEASURED_ROWS = 200


def column_widths(
    wanted: Sequence[int], least: Sequence[int], room: int, stretch: int
) -> list[int]:
    """Widths for columns that want ``wanted`` in ``room``: all of it when it fits (column
    ``stretch`` gets what is left over), else each column gives up part of what it has above
    its ``least``, in proportion to it."""
    widths = list(wanted)
    total = sum(widths)
    if total <= room:
        widths[stretch] += room - total
        return widths
    give = [max(0, w - low) for w, low in zip(wanted, least, strict=True)]
    can = sum(give)
    if can == 0:
        return widths
    take = min(total - room, can)
    return [w - round(g * take / can) for w, g in zip(wanted, give, strict=True)]


class ColumnFitter(QObject):
    """Keeps ``table``'s columns fitted (see the module). ``limits``: per column, the most it
    may want (None: no limit); ``minimum``: the least some columns take (room for an editor's
    combo box)."""

    def __init__(
        self,
        table: QTableView,
        *,
        stretch: int,
        limits: Sequence[int | None],
        minimum: dict[int, int] | None = None,
    ) -> None:
        super().__init__(table)
        self.table = table
        self.stretch = stretch
        self.limits = list(limits)
        self.minimum = dict(minimum or {})
        self.by_hand = False
        self._fitting = False
        header = table.horizontalHeader()
        header.setResizeContentsPrecision(MEASURED_ROWS)
        header.setStretchLastSection(False)
        header.sectionResized.connect(self._resized)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.fit)
        model = table.model()
        model.rowsInserted.connect(self._timer.start)
        model.modelReset.connect(self._timer.start)
        model.layoutChanged.connect(self._timer.start)
        table.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self._timer.start()
        return False

    def _resized(self, *_: object) -> None:
        if not self._fitting:
            self.by_hand = True  # the user's widths win from now on

    def wanted(self) -> tuple[list[int], list[int]]:
        """What each column wants (its content, within its limit) and the least it takes."""
        header = self.table.horizontalHeader()
        wanted: list[int] = []
        least: list[int] = []
        for column, limit in enumerate(self.limits):
            label = header.sectionSizeFromContents(column).width()
            content = max(label, self.table.sizeHintForColumn(column) + 8)
            floor = self.minimum.get(column, 0)
            want = min(content, limit) if limit is not None else content
            wanted.append(max(want, floor))
            least.append(max(floor, min(max(label, 70), wanted[-1])))
        return wanted, least

    def fit(self) -> None:
        if self.by_hand:
            return
        wanted, least = self.wanted()
        room = self.table.viewport().width()
        self._fitting = True
        try:
            for column, width in enumerate(column_widths(wanted, least, room, self.stretch)):
                self.table.setColumnWidth(column, width)
        finally:
            self._fitting = False
