"""A list of people going cold, with Log and Plan on each row and a menu for the keyboard.

Shown by the Today page (the worst few) and by its “and 9 more” dialog (everyone).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QListView, QMenu, QWidget

from kith.core.rules.going_cold import ColdContact
from kith.ui.icons import icon
from kith.ui.lists.going_cold_delegate import GAP, ROW_HEIGHT, GoingColdDelegate
from kith.ui.lists.going_cold_model import GoingColdModel


class GoingColdView(QListView):
    """:class:`GoingColdModel` rows painted by :class:`GoingColdDelegate`.

    ``fit_rows``: as tall as its rows (inside a scrolling page); else it scrolls.
    """

    log_requested = Signal(int)  # contact id
    plan_requested = Signal(int)  # contact id
    open_requested = Signal(int)  # contact id

    def __init__(self, parent: QWidget | None = None, *, fit_rows: bool = False) -> None:
        super().__init__(parent)
        self._fit = fit_rows
        self.cold_model = GoingColdModel(self)
        self.setObjectName("FollowUpList")
        self.setAccessibleName("Going cold")
        self.setModel(self.cold_model)
        self.cold_delegate = GoingColdDelegate(self)
        self.setItemDelegate(self.cold_delegate)
        self.setMouseTracking(True)
        self.setFrameShape(QListView.Shape.NoFrame)
        self.viewport().setAutoFillBackground(False)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        if fit_rows:
            self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.cold_delegate.log_clicked.connect(self.log_requested)
        self.cold_delegate.plan_clicked.connect(self.plan_requested)
        # Enter or double-click (``activated`` covers both; double-click also emits
        # ``doubleClicked``, so only one of them is connected).
        self.activated.connect(
            lambda i: self.open_requested.emit(self.cold_model.contact_id(i.row()))
        )
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._menu_at)

    def set_rows(self, rows: Sequence[ColdContact]) -> None:
        self.cold_model.set_rows(rows)
        if self._fit:
            self.setFixedHeight(self.cold_model.rowCount() * (ROW_HEIGHT + GAP) + 2)

    def rows(self) -> list[ColdContact]:
        return self.cold_model.rows()

    def menu_for(self, row: int) -> QMenu:
        """The menu of a person going cold (the keyboard's way to the Log and Plan buttons)."""
        cold = self.cold_model.rows()[row]
        cid = cold.contact_id
        menu = QMenu(self)
        menu.addAction(icon("log-interaction"), "Log interaction…").triggered.connect(
            lambda: self.log_requested.emit(cid)
        )
        menu.addAction(icon("follow-up"), "Plan follow-up…").triggered.connect(
            lambda: self.plan_requested.emit(cid)
        )
        menu.addSeparator()
        menu.addAction(icon("contacts"), f"Open {cold.full_name}").triggered.connect(
            lambda: self.open_requested.emit(cid)
        )
        return menu

    def _menu_at(self, pos: QPoint) -> None:
        index = self.indexAt(pos)
        if not index.isValid():
            index = self.currentIndex()
        if not index.isValid():
            return
        self.setCurrentIndex(index)
        menu = self.menu_for(index.row())
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self.viewport().mapToGlobal(pos))
