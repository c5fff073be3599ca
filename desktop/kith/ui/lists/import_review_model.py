"""The import review table as a Qt model: one row per person in the file, checkable, with a choice.

Rows arrive in batches while the file is still being parsed (:meth:`append`). Column 0
carries the checkbox: a checked row is imported. A *likely duplicate* also has a choice in
the "Do" column — skip, merge into the match, or add as new — kept in step with its
checkbox (skip ⇔ unchecked). A *possible duplicate* (only the name agrees) has the same
choice but is added as new unless the user merges. *Invalid* rows show the reason and
cannot be checked.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush

from kith.core.importing.apply import Decision
from kith.core.importing.review import PRESELECT_LIMIT, Action, Candidate, Status
from kith.ui.icons import icon
from kith.ui.lists.index import ModelIndex
from kith.ui.theme import current_theme

COLUMNS = ("Name", "Company", "Email or phone", "Tags", "Status", "Do")
NAME, COMPANY, CHANNEL, TAGS, STATUS, ACTION = range(len(COLUMNS))


@dataclass
class ReviewRow:
    candidate: Candidate
    action: Action  # SKIP when unchecked

    @property
    def checked(self) -> bool:
        return self.action != Action.SKIP

    @property
    def unchanged(self) -> bool:
        """Already in Kith (or earlier in the file) and the file adds nothing."""
        return self.candidate.status == Status.DUPLICATE and not self.candidate.changes


def action_text(candidate: Candidate, action: Action) -> str:
    if candidate.status == Status.INVALID:
        return ""
    if action == Action.SKIP:
        return "Skip"
    if action == Action.MERGE:
        return f"Merge into {candidate.match_name}"
    return "Add as new" if candidate.status in (Status.DUPLICATE, Status.POSSIBLE) else "Add"


def choices(candidate: Candidate) -> list[Action]:
    """What the "Do" column offers for this row."""
    if candidate.status == Status.DUPLICATE:
        return [Action.SKIP, Action.MERGE, Action.ADD]
    if candidate.status == Status.POSSIBLE:
        return [Action.SKIP, Action.ADD, Action.MERGE]
    if candidate.status == Status.NEW:
        return [Action.SKIP, Action.ADD]
    return []


class ImportReviewModel(QAbstractTableModel):
    """Everyone in an import file as the review table shows them."""

    ActionRole = Qt.ItemDataRole.UserRole + 1
    CandidateRole = Qt.ItemDataRole.UserRole + 2
    SearchRole = Qt.ItemDataRole.UserRole + 3

    #: The number of checked rows changed.
    checked_changed = Signal(int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[ReviewRow] = []
        #: Whether new rows arrive pre-checked (False once the file has more than 50 people).
        self.preselect = True
        self._checked = 0

    # Qt model API -------------------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section] if 0 <= section < len(COLUMNS) else None
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        row = self.rows[index.row()]
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if row.candidate.status == Status.INVALID:
            return flags
        if index.column() == NAME:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        if index.column() == ACTION:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        c = row.candidate
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.CheckStateRole and column == NAME:
            if c.status == Status.INVALID:
                return None
            return Qt.CheckState.Checked if row.checked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            t = current_theme()
            if c.status == Status.INVALID and column in (NAME, STATUS):
                return QBrush(t.color("danger"))
            if column == STATUS and c.status in (Status.DUPLICATE, Status.POSSIBLE):
                possible = c.status == Status.POSSIBLE
                return QBrush(t.color("warning" if c.changes or possible else "muted"))
            if column == STATUS and c.status == Status.NEW:
                return QBrush(t.color("success"))
            if column == ACTION and row.action == Action.SKIP:
                return QBrush(t.color("muted"))
            return None
        if role == Qt.ItemDataRole.DecorationRole and column == STATUS:
            if c.status == Status.INVALID or c.warnings:
                return icon("warning")
            return None
        if role == self.ActionRole:
            return row.action
        if role == self.CandidateRole:
            return c
        if role == self.SearchRole:
            channel = c.draft.channels[0].value if c.draft and c.draft.channels else ""
            return " ".join((c.name, c.company, channel, " ".join(c.tags), c.reason))
        return None

    def setData(self, index: ModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid():
            return False
        row = self.rows[index.row()]
        if row.candidate.status == Status.INVALID:
            return False
        if role == Qt.ItemDataRole.CheckStateRole and index.column() == NAME:
            checked = Qt.CheckState(value) == Qt.CheckState.Checked
            return self.set_action(index.row(), self._checked_action(row) if checked else None)
        if role == Qt.ItemDataRole.EditRole and index.column() == ACTION:
            action = Action(value)
            if action not in choices(row.candidate):
                return False
            return self.set_action(index.row(), action)
        return False

    # Kith API ---------------------------------------------------------------------------

    def append(self, candidates: list[Candidate]) -> None:
        """Add rows parsed since the last call (checked by default as :attr:`preselect` says)."""
        if not candidates:
            return
        first = len(self.rows)
        self.beginInsertRows(QModelIndex(), first, first + len(candidates) - 1)
        for c in candidates:
            action = c.default_action if self.preselect else Action.SKIP
            self.rows.append(ReviewRow(c, action))
            if action != Action.SKIP:
                self._checked += 1
        self.endInsertRows()
        if self.preselect and len(self.rows) > PRESELECT_LIMIT:
            # A large file: nothing is pre-selected, not even the first fifty.
            self.preselect = False
            self.set_checked(range(len(self.rows)), False)
        else:
            self.checked_changed.emit(self._checked)

    def set_action(self, row: int, action: Action | None) -> bool:
        """Choose what happens to one row (None or SKIP: leave it out)."""
        r = self.rows[row]
        if r.candidate.status == Status.INVALID:
            return False
        action = action or Action.SKIP
        if action == r.action:
            return True
        self._checked += int(action != Action.SKIP) - int(r.checked)
        r.action = action
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))
        self.checked_changed.emit(self._checked)
        return True

    def set_checked(self, rows: Any, checked: bool) -> None:
        """Check or uncheck many rows at once (invalid ones are left alone)."""
        changed: list[int] = []
        for number in rows:
            r = self.rows[number]
            if r.candidate.status == Status.INVALID or r.checked == checked:
                continue
            r.action = self._checked_action(r) if checked else Action.SKIP
            self._checked += 1 if checked else -1
            changed.append(number)
        if changed:
            self.dataChanged.emit(
                self.index(min(changed), 0), self.index(max(changed), len(COLUMNS) - 1)
            )
        self.checked_changed.emit(self._checked)

    @property
    def checked_count(self) -> int:
        return self._checked

    def decisions(self) -> list[Decision]:
        return [Decision(r.candidate, r.action) for r in self.rows]

    def counts(self) -> dict[Status, int]:
        result = dict.fromkeys(Status, 0)
        for r in self.rows:
            result[r.candidate.status] += 1
        return result

    def unchanged_count(self) -> int:
        return sum(1 for r in self.rows if r.unchanged)

    def companies(self) -> list[tuple[str, int]]:
        """Companies in the file with how many valid people each, most first."""
        found: dict[str, int] = {}
        for r in self.rows:
            if r.candidate.status != Status.INVALID and r.candidate.company.strip():
                name = r.candidate.company.strip()
                found[name] = found.get(name, 0) + 1
        return sorted(found.items(), key=lambda item: (-item[1], item[0].casefold()))

    def tags(self) -> list[tuple[str, int]]:
        found: dict[str, int] = {}
        for r in self.rows:
            if r.candidate.status != Status.INVALID:
                for tag in r.candidate.tags:
                    found[tag] = found.get(tag, 0) + 1
        return sorted(found.items(), key=lambda item: (-item[1], item[0].casefold()))

    def rows_where(self, *, company: str | None = None, tag: str | None = None) -> list[int]:
        result = []
        for number, r in enumerate(self.rows):
            c = r.candidate
            if c.status == Status.INVALID:
                continue
            if (company is not None and c.company.strip().casefold() == company.casefold()) or (
                tag is not None and tag.casefold() in (t.casefold() for t in c.tags)
            ):
                result.append(number)
        return result

    # internals ----------------------------------------------------------------------------

    @staticmethod
    def _checked_action(row: ReviewRow) -> Action:
        c = row.candidate
        if c.status == Status.DUPLICATE:
            return Action.MERGE
        return Action.ADD

    @staticmethod
    def _text(row: ReviewRow, column: int) -> str:
        c = row.candidate
        if column == NAME:
            return c.name or "(no name)"
        if column == COMPANY:
            return c.company
        if column == CHANNEL:
            draft = c.draft
            if draft is None:
                return ""
            first = next((ch for ch in draft.channels if ch.kind in ("email", "phone")), None)
            return first.value if first else ""
        if column == TAGS:
            return ", ".join(c.tags)
        if column == STATUS:
            if c.status == Status.NEW:
                return "new"
            if c.status == Status.INVALID:
                return f"invalid: {c.reason}"
            if c.match_row is not None:
                where = f"{c.match_name} (row {c.match_row + 1})"
            else:
                where = c.match_name
            if c.status == Status.POSSIBLE:
                return f"possible duplicate of {where} ({c.reason})"
            if not c.changes:
                return f"already in Kith as {where}, nothing new"
            return f"likely duplicate of {where}"
        if column == ACTION:
            return action_text(c, row.action)
        return ""

    @staticmethod
    def _tooltip(row: ReviewRow, column: int) -> str | None:
        c = row.candidate
        lines: list[str] = []
        if column == STATUS and c.status == Status.POSSIBLE:
            lines.append(
                f"Only {c.reason}: they may be two people. Added as a new person unless you "
                "choose to merge."
            )
        if column == STATUS and c.status == Status.DUPLICATE:
            lines.append(f"Matched by {c.reason}.")
            if c.changes:
                lines.append("Merging " + "; ".join(c.changes) + ".")
        if column in (NAME, STATUS):
            lines.append(f"{c.source.capitalize()} of the file.")
            lines.extend(c.warnings)
            if c.status == Status.INVALID:
                lines.append(c.reason)
        return "\n".join(lines) or None


class ImportFilterModel(QSortFilterProxyModel):
    """The filter box (name, company, email, tags) and "show unchanged" over the review rows."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._words: list[str] = []
        self._show_unchanged = False
        self.setFilterRole(ImportReviewModel.SearchRole)

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self._words = text.casefold().split()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_show_unchanged(self, show: bool) -> None:
        self.beginFilterChange()
        self._show_unchanged = show
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: ModelIndex) -> bool:
        model = self.sourceModel()
        if not isinstance(model, ImportReviewModel):
            return True
        row = model.rows[source_row]
        if row.unchanged and not self._show_unchanged:
            return False
        if not self._words:
            return True
        text = str(model.index(source_row, 0).data(ImportReviewModel.SearchRole)).casefold()
        return all(word in text for word in self._words)

    def source_rows(self) -> list[int]:
        """The source rows currently shown, in order."""
        return [self.mapToSource(self.index(r, 0)).row() for r in range(self.rowCount())]
