"""Follow-ups (with birthdays and day headings between them) as one Qt list model.

The Calendar page's day list and agenda and the Today page's sections all show this model;
``follow_up_delegate.FollowUpDelegate`` paints its rows. Follow-up rows can be dragged (the
mime data carries the follow-up id, see ``month_view.follow_up_mime``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeAlias

from PySide6.QtCore import (
    QAbstractListModel,
    QMimeData,
    QModelIndex,
    QObject,
    Qt,
)

from kith.core.follow_ups import FollowUpItem
from kith.core.rules.birthdays import Birthday
from kith.ui.formats import date_text, time_text
from kith.ui.lists.index import ModelIndex
from kith.ui.widgets.month_view import FOLLOW_UP_MIME, follow_up_mime


@dataclass(frozen=True)
class DayHeading:
    """A heading row before a day's entries in the agenda."""

    day: date
    today: date

    @property
    def text(self) -> str:
        days = (self.day - self.today).days
        when = {0: "Today", 1: "Tomorrow", -1: "Yesterday"}.get(days)
        label = date_text(self.day, weekday=True, year=self.day.year != self.today.year, long=True)
        return f"{when} · {label}" if when else label


Entry: TypeAlias = FollowUpItem | Birthday | DayHeading

KIND_FOLLOW_UP = "follow_up"
KIND_BIRTHDAY = "birthday"
KIND_HEADING = "heading"


def entry_kind(entry: Entry) -> str:
    if isinstance(entry, FollowUpItem):
        return KIND_FOLLOW_UP
    if isinstance(entry, Birthday):
        return KIND_BIRTHDAY
    return KIND_HEADING


def entry_key(entry: Entry) -> tuple[str, object]:
    """What identifies a row across refreshes (to keep the selection)."""
    if isinstance(entry, FollowUpItem):
        return (KIND_FOLLOW_UP, entry.id)
    if isinstance(entry, Birthday):
        return (KIND_BIRTHDAY, (entry.contact_id, entry.day, entry.label))
    return (KIND_HEADING, entry.day)


class FollowUpListModel(QAbstractListModel):
    """A list of follow-ups, birthdays and day headings, in the order given."""

    EntryRole = Qt.ItemDataRole.UserRole + 1
    KindRole = Qt.ItemDataRole.UserRole + 2
    #: The follow-up id of a follow-up row, the contact id of a birthday row.
    IdRole = Qt.ItemDataRole.UserRole + 3

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._entries: list[Entry] = []

    # Qt model API -------------------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._entries)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        entry = self._entries[index.row()]
        if role == self.EntryRole:
            return entry
        if role == self.KindRole:
            return entry_kind(entry)
        if role == self.IdRole:
            if isinstance(entry, FollowUpItem):
                return entry.id
            if isinstance(entry, Birthday):
                return entry.contact_id
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(entry)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._accessible(entry)
        if role == Qt.ItemDataRole.ToolTipRole:
            if isinstance(entry, FollowUpItem) and entry.notes:
                return entry.notes
            return None
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        entry = self._entries[index.row()]
        if isinstance(entry, DayHeading):
            return Qt.ItemFlag.ItemIsEnabled
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if isinstance(entry, FollowUpItem) and entry.status == "open":
            flags |= Qt.ItemFlag.ItemIsDragEnabled
        return flags

    def mimeTypes(self) -> list[str]:
        return [FOLLOW_UP_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData | None:
        for index in indexes:
            entry = self.entry(index.row()) if index.isValid() else None
            if isinstance(entry, FollowUpItem):
                return follow_up_mime(entry.id)
        return None

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    # Kith API ---------------------------------------------------------------------------

    def set_entries(self, entries: Sequence[Entry]) -> None:
        """Show these entries. Rows that stay the same keep their place (and selection)."""
        new = list(entries)
        if [entry_key(e) for e in new] == [entry_key(e) for e in self._entries]:
            changed = [i for i, (a, b) in enumerate(zip(self._entries, new, strict=True)) if a != b]
            self._entries = new
            if changed:
                self.dataChanged.emit(self.index(min(changed)), self.index(max(changed)))
            return
        self.beginResetModel()
        self._entries = new
        self.endResetModel()

    def entries(self) -> list[Entry]:
        return list(self._entries)

    def entry(self, row: int) -> Entry | None:
        return self._entries[row] if 0 <= row < len(self._entries) else None

    def follow_up_ids(self) -> list[int]:
        return [e.id for e in self._entries if isinstance(e, FollowUpItem)]

    def row_of(self, key: tuple[str, object]) -> int | None:
        for row, entry in enumerate(self._entries):
            if entry_key(entry) == key:
                return row
        return None

    def row_of_follow_up(self, follow_up_id: int) -> int | None:
        return self.row_of((KIND_FOLLOW_UP, follow_up_id))

    # internals ----------------------------------------------------------------------------

    @staticmethod
    def _display(entry: Entry) -> str:
        if isinstance(entry, FollowUpItem):
            return entry.title
        if isinstance(entry, Birthday):
            return entry.title
        return entry.text

    @staticmethod
    def _accessible(entry: Entry) -> str:
        if isinstance(entry, FollowUpItem):
            parts = [entry.title]
            if entry.contact_name:
                parts.append(f"with {entry.contact_name}")
            parts.append(f"due {date_text(entry.due_date, weekday=True)}")
            if entry.due_time is not None:
                parts.append(f"at {time_text(entry.due_time)}")
            if entry.status != "open":
                parts.append(entry.status)
            if entry.urgent:
                parts.append("urgent")
            if entry.important:
                parts.append("important")
            return ", ".join(parts)
        if isinstance(entry, Birthday):
            age = ""
            if entry.turning:
                age = f", {entry.turning} years" if entry.label else f", turns {entry.turning}"
            return f"{entry.title}, {date_text(entry.day, weekday=True)}{age}"
        return entry.text
