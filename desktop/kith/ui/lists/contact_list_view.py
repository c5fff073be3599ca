"""The contact list's view: one column of equally tall cards that stays fast at any length.

A ``QListView`` lays its items out one by one: on every relayout (each resize, each reset,
a dozen times while the window is built) it asks the model's ``rowCount`` twice per row —
over a million Python calls for 100,000 contacts, seconds before the first paint. A table
whose rows all have one fixed height places row N at N × height without asking anyone, so
this view is a one-column ``QTableView`` dressed as a list: no headers, no grid, whole-row
selection, the column stretched to the width, per-pixel scrolling.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from kith.ui.lists.contact_card_delegate import CARD_HEIGHT, GAP


class ContactListView(QTableView):
    """A list of contact cards over :class:`~kith.ui.lists.contact_list_model.ContactListModel`."""

    ROW_HEIGHT = CARD_HEIGHT + GAP

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setCornerButtonEnabled(False)
        self.setTabKeyNavigation(False)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setMouseTracking(True)
        rows = self.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setMinimumSectionSize(1)
        rows.setDefaultSectionSize(self.ROW_HEIGHT)
        self._taller: dict[int, int] = {}
        columns = self.horizontalHeader()
        columns.hide()
        columns.setStretchLastSection(True)
        columns.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)

    def selectAll(self) -> None:
        """Select every row — of a broad search too, whose rows past the first page are
        shown once counted (the model's ``fetchMore``)."""
        model, root = self.model(), self.rootIndex()
        while model is not None and model.canFetchMore(root):
            model.fetchMore(root)
        super().selectAll()

    def set_row_height(self, height: int, taller: dict[int, int] | None = None) -> None:
        """Every row ``height`` tall, except the rows of ``taller`` ({row: height}): the
        compact list's section headers. Only those few rows get their own size, so placing
        row N stays a multiplication for the rest."""
        rows = self.verticalHeader()
        for row in self._taller:
            if row < rows.count():
                rows.resizeSection(row, height)
        rows.setDefaultSectionSize(height)
        self._taller = dict(taller or {})
        for row, size in self._taller.items():
            if row < rows.count():
                rows.resizeSection(row, size)
