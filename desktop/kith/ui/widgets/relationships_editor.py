"""Who knows whom, from a contact: list the people they know, add or remove a relationship."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kith.core.directory import contact_detail
from kith.core.errors import ValidationError
from kith.core.relationships import (
    KIND_LABELS,
    RELATIONSHIP_KINDS,
    RelationshipState,
    connections_of,
    remove_relationship,
    restore_relationship,
    set_relationship,
)
from kith.ui.dialogs.dialog import Dialog
from kith.ui.icons import icon
from kith.ui.lists.goal_models import ID_ROLE, Row, RowListModel
from kith.ui.lists.two_line_delegate import TwoLineDelegate
from kith.ui.store_signals import store_signals
from kith.ui.widgets.contact_fields import ContactPicker


class SetRelationshipCommand(QUndoCommand):
    """Record that two people know each other (or change how); undo puts the pair back."""

    def __init__(self, x: int, y: int, kind: str, note: str = "") -> None:
        self._args = (x, y, kind, note)
        self._before: RelationshipState = set_relationship(x, y, kind, note)  # may raise
        self._first = True
        super().__init__("Record who knows whom")

    def undo(self) -> None:
        restore_relationship(self._before)

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        x, y, kind, note = self._args
        self._before = set_relationship(x, y, kind, note)


class RemoveRelationshipCommand(QUndoCommand):
    def __init__(self, x: int, y: int) -> None:
        self._pair = (x, y)
        self._before = remove_relationship(x, y)
        self._first = True
        super().__init__("Forget who knows whom")

    def undo(self) -> None:
        restore_relationship(self._before)

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self._before = remove_relationship(*self._pair)


class RelationshipsDialog(Dialog):
    """The people a contact knows, with a row to add one: pick a person, say how they know
    each other, add. Changes are undoable with the window's undo stack (Ctrl+Z)."""

    def __init__(
        self,
        contact_id: int,
        parent: QWidget | None = None,
        *,
        undo_stack: QUndoStack | None = None,
    ) -> None:
        super().__init__(parent)
        self.contact_id = contact_id
        if undo_stack is None and parent is not None:
            undo_stack = getattr(parent.window(), "undo_stack", None)
        self.undo_stack = undo_stack if undo_stack is not None else QUndoStack(self)
        detail = contact_detail(contact_id)
        self.name = detail.summary.full_name if detail is not None else ""
        self.setWindowTitle(f"Who {self.name} knows")
        self.setMinimumSize(480, 420)
        self.resize(620, 540)  # room for "Colleague · company · Both at … · since 2019"

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 16)
        layout.setSpacing(8)
        heading = QLabel(f"People {self.name} knows")
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        layout.addWidget(heading)
        self.model = RowListModel(self)
        self.list = QListView()
        self.list.setAccessibleName(f"People {self.name} knows")
        self.list.setModel(self.model)
        self.list.setItemDelegate(TwoLineDelegate(self.list))
        self.list.setFrameShape(QFrame.Shape.NoFrame)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        layout.addWidget(self.list, 1)
        self.empty = QLabel(
            "Nobody yet. Record colleagues, friends and family: Kith uses them to find warm "
            "introductions."
        )
        self.empty.setProperty("role", "muted")
        self.empty.setWordWrap(True)
        layout.addWidget(self.empty)

        # Who and how on one line, the note and Add on the next: every field wide enough to
        # read what it asks for.
        add = QHBoxLayout()
        add.setSpacing(6)
        self.picker = ContactPicker(exclude=contact_id)
        self.picker.setPlaceholderText("Someone they know…")
        add.addWidget(self.picker, 1)
        self.kind = QComboBox()
        for kind in RELATIONSHIP_KINDS:
            self.kind.addItem(KIND_LABELS[kind], kind)
        add.addWidget(self.kind)
        layout.addLayout(add)
        note_row = QHBoxLayout()
        note_row.setSpacing(6)
        self.note = QLineEdit()
        self.note.setPlaceholderText("Note (optional)")
        note_row.addWidget(self.note, 1)
        self.add_button = QPushButton(icon("add"), "Add")
        self.add_button.clicked.connect(self.add_relationship)
        note_row.addWidget(self.add_button)
        layout.addLayout(note_row)
        self.error = QLabel()
        self.error.setProperty("role", "error")
        self.error.hide()
        layout.addWidget(self.error)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.remove_button = QPushButton(icon("delete"), "Remove")
        self.remove_button.setEnabled(False)
        self.remove_button.clicked.connect(self.remove_selected)
        buttons.addButton(self.remove_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.list.selectionModel().selectionChanged.connect(
            lambda *_: self.remove_button.setEnabled(self.list.selectionModel().hasSelection())
        )
        self.list.doubleClicked.connect(self._edit_kind)
        store_signals().changed.connect(self._on_store_changed)
        self.refresh()

    def _on_store_changed(self, tables: frozenset[str]) -> None:
        if "relationship" in tables or "contact" in tables:
            self.refresh()

    def refresh(self) -> None:
        rows = []
        for c in connections_of(self.contact_id):
            details = [c.kind_label]
            if c.company:
                details.append(c.company)
            if c.note:
                details.append(c.note)
            if c.since is not None:
                details.append(f"since {c.since.year}")
            rows.append(Row(c.contact_id, c.full_name, " · ".join(details)))
        self.model.set_rows(rows)
        self.empty.setVisible(not rows)
        self.remove_button.setEnabled(False)

    def add_relationship(self) -> bool:
        other = self.picker.current_id()
        if other is None:
            self._show_error("Pick someone from the list")
            return False
        try:
            command = SetRelationshipCommand(
                self.contact_id, other, str(self.kind.currentData()), self.note.text()
            )
        except ValidationError as problem:
            self._show_error("; ".join(problem.errors.values()))
            return False
        self.undo_stack.push(command)
        self.picker.set_contact(None)
        self.note.clear()
        self.error.hide()
        self.refresh()
        return True

    def remove_selected(self) -> None:
        ids = [int(i.data(ID_ROLE)) for i in self.list.selectionModel().selectedIndexes()]
        if not ids:
            return
        self.undo_stack.beginMacro("Forget who knows whom")
        for other in ids:
            self.undo_stack.push(RemoveRelationshipCommand(self.contact_id, other))
        self.undo_stack.endMacro()
        self.refresh()

    def _edit_kind(self, index: QModelIndex) -> None:
        """Double-click a person: load them into the add row to change how they know each other."""
        other = int(index.data(ID_ROLE))
        self.picker.set_contact(other, str(index.data(Qt.ItemDataRole.DisplayRole)))
        self.kind.setFocus()

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
