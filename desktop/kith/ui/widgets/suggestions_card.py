"""Suggestions from mail and calendar, on Today: the list, and what to do with the one picked
— accept (Enter), accept with a note, accept all for that person, dismiss (Delete), never for
this address. The card only asks; the Today page does (through undoable commands)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kith.core.capture.suggestions import Suggestion
from kith.ui.lists.suggestion_list_model import SuggestionListModel
from kith.ui.lists.two_line_delegate import TwoLineDelegate

#: Rows the list shows before it scrolls.
VISIBLE_ROWS = 5


def heading_text(count: int, more: bool = False) -> str:
    """ "12 SUGGESTIONS FROM MAIL AND CALENDAR" ("1000+ …" when counting stopped there)."""
    word = "SUGGESTION" if count == 1 and not more else "SUGGESTIONS"
    return f"{count}{'+' if more else ''} {word} FROM MAIL AND CALENDAR"


class SuggestionsCard(QFrame):
    """The pending suggestions, hidden when there are none."""

    accept_requested = Signal(int)
    accept_with_note_requested = Signal(int)
    #: Accept every pending suggestion with this person (contact id).
    accept_all_requested = Signal(int)
    dismiss_requested = Signal(int)
    #: Never capture this address again.
    never_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("card", True)
        self.setObjectName("SuggestionsCard")
        self.setAccessibleName("Suggestions from mail and calendar")
        self.count = 0
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(6)
        self.heading = QLabel()
        self.heading.setProperty("role", "section")
        layout.addWidget(self.heading)
        self.model = SuggestionListModel(self)
        self.list = QListView()
        self.list.setObjectName("FollowUpList")
        self.list.setAccessibleName("Suggestions")
        self.list.setModel(self.model)
        self.list.setItemDelegate(TwoLineDelegate(self.list))
        self.list.setFrameShape(QListView.Shape.NoFrame)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.activated.connect(lambda _: self._emit_id(self.accept_requested))
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._menu_at)
        layout.addWidget(self.list)
        row = QHBoxLayout()
        row.setSpacing(6)
        self.accept_button = QPushButton("Accept")
        self.accept_button.setToolTip("Log it as an interaction (Enter)")
        self.accept_button.clicked.connect(lambda: self._emit_id(self.accept_requested))
        row.addWidget(self.accept_button)
        self.note_button = QPushButton("Accept with a note…")
        self.note_button.setToolTip("Log it after changing the kind, what flowed or the notes")
        self.note_button.clicked.connect(lambda: self._emit_id(self.accept_with_note_requested))
        row.addWidget(self.note_button)
        self.all_button = QPushButton("Accept all for this person")
        self.all_button.clicked.connect(self._accept_all)
        row.addWidget(self.all_button)
        row.addStretch(1)
        self.dismiss_button = QPushButton("Dismiss")
        self.dismiss_button.setToolTip("Drop it for good (Delete)")
        self.dismiss_button.clicked.connect(lambda: self._emit_id(self.dismiss_requested))
        row.addWidget(self.dismiss_button)
        self.never_button = QPushButton("Never for this address")
        self.never_button.setToolTip("Stop capturing mail and meetings with this address")
        self.never_button.clicked.connect(self._never)
        row.addWidget(self.never_button)
        layout.addLayout(row)
        QShortcut(
            QKeySequence(Qt.Key.Key_Delete),
            self.list,
            activated=lambda: self._emit_id(self.dismiss_requested),
            context=Qt.ShortcutContext.WidgetShortcut,
        )
        self.list.selectionModel().currentChanged.connect(lambda *_: self._update_buttons())
        self.hide()

    def set_suggestions(self, rows: list[Suggestion], count: int, *, more: bool = False) -> None:
        """Show these (the first of ``count`` pending — or more, counting stopped there);
        keeps the one picked when it stays."""
        current = self.current()
        self.count = count
        self.model.set_rows(rows)
        self.heading.setText(heading_text(count, more))
        row = self.model.row_of(current.id) if current is not None else None
        if rows:
            self.list.setCurrentIndex(self.model.index(row if row is not None else 0, 0))
        line = self.list.sizeHintForRow(0) if rows else 0
        self.list.setFixedHeight(max(1, min(len(rows), VISIBLE_ROWS)) * max(line, 1) + 4)
        self._update_buttons()
        self.setVisible(bool(rows))

    def current(self) -> Suggestion | None:
        index = self.list.currentIndex()
        return self.model.suggestion(index.row()) if index.isValid() else None

    def _update_buttons(self) -> None:
        current = self.current()
        for button in (
            self.accept_button,
            self.note_button,
            self.all_button,
            self.dismiss_button,
            self.never_button,
        ):
            button.setEnabled(current is not None)
        single = current is not None and len(current.people) == 1
        self.all_button.setEnabled(single)
        self.never_button.setEnabled(single)

    def _emit_id(self, signal: Signal) -> None:
        current = self.current()
        if current is not None:
            signal.emit(current.id)

    def _accept_all(self) -> None:
        current = self.current()
        if current is not None and current.people:
            self.accept_all_requested.emit(current.people[0].contact_id)

    def _never(self) -> None:
        current = self.current()
        if current is not None and current.people:
            self.never_requested.emit(current.people[0].address)

    def _menu_at(self, position: QPoint) -> None:
        index = self.list.indexAt(position)
        suggestion = self.model.suggestion(index.row()) if index.isValid() else None
        if suggestion is None:
            return
        self.list.setCurrentIndex(index)
        menu = QMenu(self)
        menu.addAction("Accept", lambda: self.accept_requested.emit(suggestion.id))
        menu.addAction(
            "Accept with a note…", lambda: self.accept_with_note_requested.emit(suggestion.id)
        )
        menu.addAction("Dismiss", lambda: self.dismiss_requested.emit(suggestion.id))
        for person in suggestion.people:
            menu.addAction(
                f"Never for {person.address}",
                lambda a=person.address: self.never_requested.emit(a),
            )
        menu.popup(self.list.viewport().mapToGlobal(position))
