"""A contact's timeline as a list model: open follow-ups, then history (newest first).

Rows are plain :class:`TimelineEntry` values built from ``kith.core.timeline``. Two header
rows ("Coming up", "History") separate the parts. Interactions are loaded a page at a time
(``canFetchMore``/``fetchMore``); a done or dropped follow-up joins the history at the day it
was closed, once every interaction newer than it is loaded.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    Qt,
)

from kith.core.follow_ups import FollowUpItem
from kith.core.interactions import ASK_SIZE_LABELS
from kith.core.local_time import local_date, utcnow
from kith.core.relative_time import until_words
from kith.core.timeline import (
    ContactTimeline,
    TimelineHeader,
    TimelineInteraction,
    contact_timeline,
    interactions_of,
)
from kith.ui.dialogs.interaction_dialog import KIND_ICONS
from kith.ui.formats import date_text, repeat_text, time_text
from kith.ui.lists.index import ModelIndex

PAGE_SIZE = 200

HEADER = "header"
INTERACTION = "interaction"
FOLLOW_UP = "follow_up"


@dataclass(frozen=True)
class TimelineEntry:
    """One row: a header, an interaction or a follow-up, with the words the row shows."""

    kind: str  # header, interaction or follow_up
    id: int
    day: date | None
    title: str
    detail: str = ""
    notes: str = ""
    #: The icon name: the interaction's kind, "follow-up", "done" or "" for a header.
    icon: str = ""
    #: open, done or dropped for a follow-up; "" otherwise.
    status: str = ""
    overdue: bool = False
    direction: str = ""
    interaction: TimelineInteraction | None = None
    follow_up: FollowUpItem | None = None

    @property
    def is_open_follow_up(self) -> bool:
        return self.kind == FOLLOW_UP and self.status == "open"


def _interaction_entry(item: TimelineInteraction) -> TimelineEntry:
    direction = item.direction_label
    if item.direction == "asked" and item.ask_size:
        direction += f" ({ASK_SIZE_LABELS.get(item.ask_size, item.ask_size).lower()})"
    parts = [item.kind_label]
    if item.initiator == "them":  # your own reach-outs go without saying
        parts.append(item.initiator_label)
    if item.direction != "neutral":
        parts.append(direction)
    if item.others:
        parts.append("with " + ", ".join(name for _, name in item.others))
    return TimelineEntry(
        kind=INTERACTION,
        id=item.id,
        day=item.day,
        title=item.summary or item.kind_label,
        detail=" · ".join(parts),
        notes=item.notes,
        icon=KIND_ICONS.get(item.kind, "edit"),
        direction=item.direction,
        interaction=item,
    )


def _follow_up_entry(item: FollowUpItem, today: date) -> TimelineEntry:
    parts: list[str] = []
    overdue = False
    if item.status == "open":
        days = (item.due_date - today).days
        overdue = days < 0
        due = (
            "due " + until_words(days) if days >= 0 else f"overdue since {date_text(item.due_date)}"
        )
        if item.due_time is not None:
            due += f" at {time_text(item.due_time)}"
        parts.append(due[:1].upper() + due[1:])
        day = item.due_date
    else:
        closed = local_date(item.completed_at) if item.completed_at else item.due_date
        parts.append(("Done" if item.status == "done" else "Dropped") + f" on {date_text(closed)}")
        day = closed
    if item.urgent:
        parts.append("urgent")
    if item.important:
        parts.append("important")
    if item.repeats:
        parts.append(repeat_text(item.rrule))
    return TimelineEntry(
        kind=FOLLOW_UP,
        id=item.id,
        day=day,
        title=item.title,
        detail=" · ".join(parts),
        notes=item.notes,
        icon={"open": "follow-up", "done": "done"}.get(item.status, "dropped"),
        status=item.status,
        overdue=overdue,
        follow_up=item,
    )


def _header(title: str, detail: str = "") -> TimelineEntry:
    return TimelineEntry(kind=HEADER, id=0, day=None, title=title, detail=detail)


class TimelineModel(QAbstractListModel):
    """The rows of one contact's timeline; :meth:`refresh` re-reads them from core."""

    EntryRole = Qt.ItemDataRole.UserRole + 1
    KindRole = Qt.ItemDataRole.UserRole + 2
    IdRole = Qt.ItemDataRole.UserRole + 3

    def __init__(
        self,
        parent: QObject | None = None,
        now: Callable[[], datetime] = utcnow,
        page_size: int = PAGE_SIZE,
    ) -> None:
        super().__init__(parent)
        self._now = now
        self._page_size = page_size
        self._contact_id: int | None = None
        self._timeline: ContactTimeline | None = None
        self._interactions: list[TimelineInteraction] = []
        self._rows: list[TimelineEntry] = []

    # Qt --------------------------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        entry = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return entry.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return "\n".join(p for p in (entry.title, entry.detail, entry.notes) if p)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return ". ".join(p for p in (entry.title, entry.detail, entry.notes) if p)
        if role == self.EntryRole:
            return entry
        if role == self.KindRole:
            return entry.kind
        if role == self.IdRole:
            return entry.id
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self._rows[index.row()].kind == HEADER:
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def canFetchMore(self, parent: ModelIndex = QModelIndex()) -> bool:  # noqa: B008
        if parent.isValid() or self._timeline is None:
            return False
        return len(self._interactions) < self._timeline.interaction_count

    def fetchMore(self, parent: ModelIndex = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent) or self._contact_id is None:
            return
        more = interactions_of(
            self._contact_id, limit=self._page_size, offset=len(self._interactions)
        )
        if not more:
            return
        self._interactions.extend(more)
        rows = self._build()
        old = len(self._rows)
        if len(rows) <= old:  # nothing new to show (a race with a write): re-read instead
            self.refresh()
            return
        self.beginInsertRows(QModelIndex(), old, len(rows) - 1)
        self._rows = rows
        self.endInsertRows()

    # reading ---------------------------------------------------------------------------

    @property
    def contact_id(self) -> int | None:
        return self._contact_id

    @property
    def header(self) -> TimelineHeader | None:
        """The figures for the pane's header (last contact, strength, balance, cadence)."""
        return self._timeline.header if self._timeline is not None else None

    def entry(self, row: int) -> TimelineEntry:
        return self._rows[row]

    def entries(self) -> list[TimelineEntry]:
        return list(self._rows)

    def row_of(self, kind: str, item_id: int) -> int | None:
        for row, entry in enumerate(self._rows):
            if entry.kind == kind and entry.id == item_id:
                return row
        return None

    def set_contact(self, contact_id: int | None) -> None:
        self._contact_id = contact_id
        self._interactions = []
        self.refresh()

    def refresh(self) -> None:
        """Re-read the timeline (as much history as was loaded, at least one page)."""
        self.beginResetModel()
        timeline = None
        if self._contact_id is not None:
            loaded = max(self._page_size, len(self._interactions))
            timeline = contact_timeline(self._contact_id, self._now(), limit=loaded)
        self._timeline = timeline
        self._interactions = list(timeline.interactions) if timeline is not None else []
        self._rows = self._build()
        self.endResetModel()

    def _build(self) -> list[TimelineEntry]:
        timeline = self._timeline
        if timeline is None:
            return []
        today = local_date(self._now())
        rows: list[TimelineEntry] = []
        if timeline.open_follow_ups:
            count = len(timeline.open_follow_ups)
            rows.append(
                _header("Coming up", "1 follow-up" if count == 1 else f"{count} follow-ups")
            )
            rows.extend(_follow_up_entry(item, today) for item in timeline.open_follow_ups)
        history: list[tuple[datetime, int, TimelineEntry]] = []
        for interaction in self._interactions:
            history.append((interaction.occurred_at, 1, _interaction_entry(interaction)))
        complete = len(self._interactions) >= timeline.interaction_count
        oldest = self._interactions[-1].occurred_at if self._interactions else None
        for item in timeline.closed_follow_ups:
            when = item.completed_at or datetime.combine(item.due_date, datetime.min.time())
            if complete or oldest is None or when >= oldest:
                history.append((when, 0, _follow_up_entry(item, today)))
        history.sort(key=lambda h: (h[0], h[1], h[2].id), reverse=True)
        if history:
            count = timeline.interaction_count
            rows.append(
                _header("History", "1 interaction" if count == 1 else f"{count} interactions")
            )
            rows.extend(entry for _, _, entry in history)
        return rows
