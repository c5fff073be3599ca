"""Contacts ▸ Find duplicates…: likely pairs side by side; merge them, or say they are two people.

Pairs come from :func:`kith.core.merge.find_duplicate_pairs`. Merging
(:func:`kith.core.merge.merge_contacts`) keeps every interaction, follow-up, tag and
channel of both; the contact whose details are kept is chosen with the radio buttons. A
merge is one undo step (:class:`~kith.ui.commands.contact_commands.MergeContactsCommand`). "Not a
duplicate" hides the pair for the rest of the session.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    Qt,
    Signal,
)
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kith.core.backups import BackupError
from kith.core.contacts import CHANNEL_LABELS
from kith.core.duplicates import PairSide, pair_side
from kith.core.merge import DuplicatePair, find_duplicate_pairs, merge_contacts
from kith.ui.commands.contact_commands import MergeContactsCommand
from kith.ui.dialogs.dialog import Dialog
from kith.ui.icons import icon
from kith.ui.lists.index import ModelIndex
from kith.ui.widgets.buttons import make_primary
from kith.ui.widgets.empty_state import EmptyState

#: Pairs dismissed with "Not a duplicate" during this session (smaller id first).
_dismissed: set[tuple[int, int]] = set()


def dismissed_pairs() -> set[tuple[int, int]]:
    return _dismissed


class DuplicatePairsModel(QAbstractTableModel):
    """The likely pairs: person, the one they are likely the same as, and why."""

    COLUMNS = ("Person", "Likely the same as", "Why")

    def __init__(self, pairs: list[DuplicatePair], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pairs = pairs

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.pairs)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section] if 0 <= section < len(self.COLUMNS) else None
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.pairs):
            return None
        pair = self.pairs[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return (pair.a_name, pair.b_name, pair.reason)[index.column()]
        return None

    def remove_where(self, keep: Any) -> None:
        """Drop every pair for which ``keep(pair)`` is False."""
        for row in range(len(self.pairs) - 1, -1, -1):
            if not keep(self.pairs[row]):
                self.beginRemoveRows(QModelIndex(), row, row)
                del self.pairs[row]
                self.endRemoveRows()


def _side_html(side: PairSide) -> str:
    e = html.escape
    lines = [f"<h3 style='margin:0'>{e(side.name)}</h3>"]
    if side.role_line:
        lines.append(f"<div>{e(side.role_line)}</div>")
    if side.location:
        lines.append(f"<div>{e(side.location)}</div>")
    lines.append("<p style='margin-top:8px'>")
    for kind, value in side.channels:
        lines.append(f"{e(CHANNEL_LABELS.get(kind, kind))}: {e(value)}<br>")
    if side.tags:
        lines.append(f"Tags: {e(', '.join(side.tags))}<br>")
    lines.append("</p>")
    interactions = (
        "1 interaction" if side.interactions == 1 else f"{side.interactions} interactions"
    )
    follow_ups = "1 follow-up" if side.follow_ups == 1 else f"{side.follow_ups} follow-ups"
    lines.append(f"<p><b>{interactions}</b>, <b>{follow_ups}</b></p>")
    if side.notes:
        note = side.notes if len(side.notes) < 300 else side.notes[:300] + "…"
        lines.append(f"<p style='white-space:pre-wrap'>{e(note)}</p>")
    return "".join(lines)


class SideView(QFrame):
    """One person of the pair, with the radio button that keeps their details."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("card", True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 12)
        self.keep = QRadioButton("Keep these details")
        layout.addWidget(self.keep)
        self.body = QLabel()
        self.body.setTextFormat(Qt.TextFormat.RichText)
        self.body.setWordWrap(True)
        self.body.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.body, 1)
        self.side: PairSide | None = None

    def show_side(self, side: PairSide | None) -> None:
        self.side = side
        self.body.setText(_side_html(side) if side else "")


class DuplicatesDialog(Dialog):
    """Likely duplicate pairs; Merge keeps everything of both, Not a duplicate hides the pair."""

    #: Two contacts were merged: (kept id, removed id).
    merged = Signal(int, int)
    status_message = Signal(str)

    def __init__(
        self,
        undo_stack: QUndoStack | None = None,
        parent: QWidget | None = None,
        *,
        limit: int = 1000,
    ) -> None:
        super().__init__(parent)
        self._undo = undo_stack
        self.setWindowTitle("Find duplicates")
        self.setMinimumSize(820, 520)
        self.resize(980, 640)
        pairs = [p for p in find_duplicate_pairs(limit=limit) if (p.a_id, p.b_id) not in _dismissed]
        self.model = DuplicatePairsModel(pairs, self)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 14)
        layout.setSpacing(8)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        note = QLabel(
            "Merging keeps every interaction, follow-up, tag and channel of both people; "
            "where both have a different value, the kept one stays and the other goes into "
            "the notes. Undo a merge with Ctrl+Z in the main window."
        )
        note.setProperty("role", "muted")
        note.setWordWrap(True)
        layout.addWidget(note)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setHighlightSections(False)
        self.table.setAccessibleName("Likely duplicate pairs")
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_current())

        self.left = SideView()
        self.right = SideView()
        self.keep_group = QButtonGroup(self)  # the two sides' radio buttons exclude each other
        self.keep_group.addButton(self.left.keep)
        self.keep_group.addButton(self.right.keep)
        self.left.keep.setChecked(True)
        sides = QWidget()
        side_row = QHBoxLayout(sides)
        side_row.setContentsMargins(0, 0, 0, 0)
        side_row.addWidget(self.left, 1)
        side_row.addWidget(self.right, 1)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(sides)
        splitter.setSizes([220, 320])
        splitter.setChildrenCollapsible(False)
        self.empty = EmptyState(
            "contacts",
            "No likely duplicates",
            "Nobody shares an email address or phone number, and no two names at the same "
            "company look alike.",
        )
        self.stack = QStackedWidget()
        self.stack.addWidget(splitter)
        self.stack.addWidget(self.empty)
        layout.addWidget(self.stack, 1)

        self.buttons = QDialogButtonBox()
        self.merge_button = QPushButton(icon("done", "#ffffff"), "Merge")
        make_primary(self.merge_button)
        self.merge_button.setToolTip("Merge the two into the one whose details are kept")
        self.merge_button.clicked.connect(self.merge_current)
        self.not_duplicate_button = QPushButton("Not a duplicate")
        self.not_duplicate_button.setToolTip("These are two people; stop suggesting the pair")
        self.not_duplicate_button.clicked.connect(self.dismiss_current)
        self.buttons.addButton(self.merge_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.not_duplicate_button, QDialogButtonBox.ButtonRole.ActionRole)
        close = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.clicked.connect(self.accept)
        layout.addWidget(self.buttons)

        self.model.rowsRemoved.connect(lambda *_: self._after_change())
        self._after_change()

    # public API ---------------------------------------------------------------------

    def current_pair(self) -> DuplicatePair | None:
        index = self.table.currentIndex()
        return self.model.pairs[index.row()] if index.isValid() else None

    def select_pair(self, row: int) -> None:
        self.table.selectRow(row)

    def merge_current(self) -> None:
        """Merge the selected pair into the side whose details are kept."""
        pair = self.current_pair()
        if pair is None:
            return
        keep, other = (pair.a_id, pair.b_id)
        if self.right.keep.isChecked():
            keep, other = other, keep
        kept_name = pair.a_name if keep == pair.a_id else pair.b_name
        row = self.table.currentIndex().row()
        try:  # a backup is made before the first of a run of merges
            if self._undo is not None:
                self._undo.push(MergeContactsCommand(keep, other, kept_name))
                undo = " Undo with Ctrl+Z."
            else:
                merge_contacts(keep, other)
                undo = ""
        except BackupError as exc:
            QMessageBox.warning(
                self,
                "Nothing was merged",
                f"Kith keeps a copy of your data before merging, and could not make one: {exc}",
            )
            return
        self.model.remove_where(lambda p: other not in (p.a_id, p.b_id))
        self.status_message.emit(f"Merged two records of {kept_name} into one.{undo}")
        self.merged.emit(keep, other)
        self._select_near(row)

    def dismiss_current(self) -> None:
        """These are two people: hide the pair for the rest of the session."""
        pair = self.current_pair()
        if pair is None:
            return
        row = self.table.currentIndex().row()
        _dismissed.add((pair.a_id, pair.b_id))
        self.model.remove_where(lambda p: (p.a_id, p.b_id) != (pair.a_id, pair.b_id))
        self._select_near(row)

    # internals ----------------------------------------------------------------------

    def _select_near(self, row: int) -> None:
        if self.model.rowCount():
            self.select_pair(min(row, self.model.rowCount() - 1))

    def _after_change(self) -> None:
        n = self.model.rowCount()
        self.summary.setText(
            "No likely duplicates."
            if not n
            else ("1 likely duplicate pair." if n == 1 else f"{n:,} likely duplicate pairs.")
        )
        self.stack.setCurrentIndex(0 if n else 1)
        self.merge_button.setEnabled(bool(n))
        self.not_duplicate_button.setEnabled(bool(n))
        if n and not self.table.currentIndex().isValid():
            self.select_pair(0)
        if not n:
            self.left.show_side(None)
            self.right.show_side(None)

    def _show_current(self) -> None:
        pair = self.current_pair()
        if pair is None:
            return
        self.left.show_side(pair_side(pair.a_id))
        self.right.show_side(pair_side(pair.b_id))
        self.left.keep.setChecked(True)
