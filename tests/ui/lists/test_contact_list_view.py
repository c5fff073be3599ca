"""The contact list's view stays fast however many contacts there are."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from pytestqt.qtbot import QtBot

from kith.ui.lists.contact_list_view import ContactListView

ROWS = 100_000
ROOT = QModelIndex()


class CountingModel(QAbstractListModel):
    """A long list that counts how often the view asks for its length."""

    def __init__(self) -> None:
        super().__init__()
        self.row_count_calls = 0

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = ROOT) -> int:
        self.row_count_calls += 1
        return 0 if parent.isValid() else ROWS

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return f"person {index.row()}"
        return None


def test_laying_out_a_hundred_thousand_rows_does_not_visit_each_one(qtbot: QtBot) -> None:
    model = CountingModel()
    view = ContactListView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(500, 700)
    view.show()
    qtbot.waitExposed(view)
    for width in (520, 640, 480):  # the user drags the window's edge
        view.resize(width, 700)
        qtbot.wait(1)
    view.scrollToBottom()
    view.repaint()
    # A per-row layout would ask hundreds of thousands of times.
    assert model.row_count_calls < 5_000


def test_rows_are_cards_of_one_height_across_the_whole_width(qtbot: QtBot) -> None:
    model = CountingModel()
    view = ContactListView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(500, 700)
    view.show()
    qtbot.waitExposed(view)
    first, later = view.visualRect(model.index(0, 0)), view.visualRect(model.index(3, 0))
    assert first.height() == later.height() == ContactListView.ROW_HEIGHT
    assert first.width() == view.viewport().width()
    view.scrollTo(model.index(ROWS - 1, 0))
    assert view.rowAt(view.viewport().height() - 1) == ROWS - 1
