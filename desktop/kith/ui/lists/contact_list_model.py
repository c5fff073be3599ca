"""The contacts list as a Qt model: every matching id up front, card data fetched page by page."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    Qt,
    Signal,
)

from kith.core.directory import (
    ContactSummary,
    SearchResult,
    contact_ids,
    contact_list,
    contact_summaries,
    match_reasons,
    match_terms,
)
from kith.ui.lists.index import ModelIndex
from kith.ui.store_signals import store_signals

#: Tables whose changes can alter who is listed or what a card shows.
WATCHED_TABLES = frozenset(
    {"contact", "contact_method", "tag", "contact_tag", "interaction", "interaction_contact"}
)


class ContactListModel(QAbstractListModel):
    """Contacts matching a search, ordered by name.

    Holding 100,000 ids costs a few megabytes; a search matching many people holds only their
    count and first page until the list is scrolled past it (:func:`contact_list`). The card
    data (names, tags, photos, last contact) is loaded only for the pages the view actually
    paints, ``PAGE_SIZE`` rows per query, and kept in a bounded cache. When the database
    changes, the ids are re-read and the rows re-laid out so the view keeps its selection and
    scroll position.
    """

    IdRole = Qt.ItemDataRole.UserRole + 1
    SummaryRole = Qt.ItemDataRole.UserRole + 2
    #: Why a row matched the search when it was not the name ("Role: Team Lead"), with the
    #: matched words marked (see :func:`kith.core.directory.match_reasons`); None otherwise.
    MatchRole = Qt.ItemDataRole.UserRole + 3

    PAGE_SIZE = 100
    CACHE_LIMIT = 3_000
    #: Rows whose match reasons are read at a time (about a screenful).
    REASON_PAGE = 20

    count_changed = Signal(int)
    #: A new search or circle filter was shown without a model reset (:meth:`set_search`):
    #: True when the rows are the same people as before (the view's current row and
    #: selection still name them), False when they changed.
    replaced = Signal(bool)

    def __init__(
        self, parent: QObject | None = None, *, watch_store: bool = True, load: bool = True
    ) -> None:
        """``load=False`` makes an empty model that reads its ids on :meth:`ensure_loaded` (or
        the first search): the Contacts page reads them when it is first shown, not while the
        window is built."""
        super().__init__(parent)
        self._search = ""
        self._circles: frozenset[int | None] = frozenset()
        self._loaded = load
        self._ids: Sequence[int] = contact_ids() if load else []
        #: How many rows the model shows: the count — or, while a broad search's count is
        #: left for later (:func:`kith.core.directory.contact_list`), its first page.
        self._shown = len(self._ids)
        self._rows: dict[int, int] | None = None
        self._cache: OrderedDict[int, ContactSummary] = OrderedDict()
        #: Why each row of the pages looked at so far matched the search (see MatchRole).
        self._reasons: dict[int, str] = {}
        self._reasoned: set[int] = set()
        #: The words the reasons read so far mark (:func:`match_terms` of their search).
        self._reason_terms: tuple[str, ...] = ()
        if watch_store:
            store_signals().changed.connect(self._on_store_changed)

    # Qt model API -------------------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._shown

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self._shown:
            return None
        try:
            contact_id = self._ids[index.row()]
        except IndexError:  # the rest, put in order, is shorter: a write the model will hear of
            return None
        if role == self.IdRole:
            return contact_id
        if role == self.MatchRole:
            return self._reason(index.row())
        if role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.AccessibleTextRole,
            Qt.ItemDataRole.ToolTipRole,
            self.SummaryRole,
        ):
            return None
        summary = self._summary(index.row())
        if summary is None:
            return None
        if role == self.SummaryRole:
            return summary
        if role == Qt.ItemDataRole.DisplayRole:
            return summary.full_name
        if role == Qt.ItemDataRole.ToolTipRole:
            return summary.role_line or None
        return ", ".join(p for p in (summary.full_name, summary.role_line) if p)

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    # Kith API ---------------------------------------------------------------------------

    @property
    def search(self) -> str:
        return self._search

    @property
    def circles(self) -> frozenset[int | None]:
        return self._circles

    @property
    def loaded(self) -> bool:
        """Whether the ids have been read (see ``load``)."""
        return self._loaded

    def ensure_loaded(self) -> None:
        """Read the ids now if the model was made without them."""
        if not self._loaded:
            self._reset()

    def set_search(self, text: str) -> None:
        """Show the contacts matching ``text`` (see :func:`kith.core.directory.contact_ids`)."""
        if text == self._search and self._loaded:
            return
        self._search = text
        self._replace()

    def set_circles(self, circles: frozenset[int | None]) -> None:
        """Show only the people in these circles (None: without a circle); empty: everyone."""
        if circles == self._circles and self._loaded:
            return
        self._circles = circles
        self._replace()

    def _replace(self) -> None:
        """Show the list of the new search or filter without resetting the model: the rows
        past the new count are removed (or the new ones added at the end) and the others'
        data changes — a view keeps its layout and only repaints, and the page keeps its
        current row when the same person is still on top (see :attr:`replaced`)."""
        if not self._loaded:
            self._reset()
            return
        old = self._ids
        new = self._read_ids()
        same = self._same_rows(old, new)
        if match_terms(self._search) != self._reason_terms:
            self._forget_reasons()  # the same words marked: the reasons read still hold
        before, after = self._shown, _known_length(new)
        # Rows go (or come) at the end while the others keep their people; then the others
        # change to the new list's.
        if after < before:
            self.beginRemoveRows(QModelIndex(), after, before - 1)
            self._shown = after
            self.endRemoveRows()
        self._set_ids(new)
        self._shown = min(before, after)
        if self._shown:
            self.dataChanged.emit(self.index(0, 0), self.index(self._shown - 1, 0))
        if after > before:
            self.beginInsertRows(QModelIndex(), before, after - 1)
            self._shown = after
            self.endInsertRows()
        self.count_changed.emit(after)
        self.replaced.emit(same)

    def _set_ids(self, ids: Sequence[int]) -> None:
        self._ids = ids
        self._rows = None
        self._shown = _known_length(ids)

    def canFetchMore(self, parent: ModelIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self.count_known

    def fetchMore(self, parent: ModelIndex = QModelIndex()) -> None:  # noqa: B008
        if not parent.isValid():
            self.count_all()

    @property
    def count_known(self) -> bool:
        """Whether every row is shown (False while a broad search's count is left for
        later: only its first page is, until :meth:`count_all`)."""
        return not isinstance(self._ids, SearchResult) or self._ids.known_count is not None

    def count_all(self) -> None:
        """Read the count of a broad search left for later (~0.1 s at 1,000,000 people)
        and show all its rows — when typing pauses, the list is scrolled past its first
        page, or all of them are wanted."""
        if self.count_known:
            return
        total = len(self._ids)
        shown = self._shown
        if total > shown:
            self.beginInsertRows(QModelIndex(), shown, total - 1)
            self._shown = total
            self.endInsertRows()
        elif total < shown:  # a write since the first page: the model hears of it
            self.beginRemoveRows(QModelIndex(), total, shown - 1)
            self._shown = total
            self.endRemoveRows()
        self.count_changed.emit(total)

    def _same_rows(self, old: Sequence[int], new: Sequence[int]) -> bool:
        """Whether ``new`` lists the same people in the same rows as ``old``, as far as
        anything can have shown or picked them one by one: the count and the first page —
        and the rest too once ``old`` has been put in order past its first page (scrolled)."""
        if _known_length(old) != _known_length(new):
            return False
        if _counted(old) != _counted(new):
            return False  # a count left for later on one side only
        page = self.PAGE_SIZE
        if list(old[:page]) != list(new[:page]):
            return False
        if _known_length(old) <= page or (isinstance(old, SearchResult) and not old.ordered):
            return True
        if isinstance(new, SearchResult) and not new.ordered:
            return False  # not worth ordering the new list to find out
        return list(old) == list(new)

    def _reset(self) -> None:
        self._loaded = True
        self.beginResetModel()
        self._set_ids(self._read_ids())
        self._forget_reasons()
        self.endResetModel()
        self.count_changed.emit(self._shown)

    def refresh(self) -> None:
        """Re-read the ids after a change, keeping selected and current rows where they went."""
        if not self._loaded:
            return  # nothing read yet: the first read will be current
        self.layoutAboutToBeChanged.emit()
        old_persistent = self.persistentIndexList()
        old_ids = [self._ids[i.row()] if i.isValid() else None for i in old_persistent]
        self._set_ids(self._read_ids())
        self._cache.clear()
        self._forget_reasons()
        new_persistent = []
        for contact_id in old_ids:
            row = self.row_of(contact_id) if contact_id is not None else None
            new_persistent.append(self.index(row, 0) if row is not None else QModelIndex())
        self.changePersistentIndexList(old_persistent, new_persistent)
        self.layoutChanged.emit()
        self.count_changed.emit(self._shown)

    def contact_id(self, row: int) -> int:
        return self._ids[row]

    def all_ids(self) -> list[int]:
        """Every id the model lists, in order (e.g. for "select all matching")."""
        self.count_all()
        return list(self._ids)

    def row_of(self, contact_id: int) -> int | None:
        if not self.count_known:
            first = self._ids[: self._shown]
            if contact_id in first:
                return first.index(contact_id)
            self.count_all()
        if self._rows is None:
            self._rows = {cid: row for row, cid in enumerate(self._ids)}
        return self._rows.get(contact_id)

    # internals ----------------------------------------------------------------------------

    def _read_ids(self) -> Sequence[int]:
        return contact_list(self._search, circles=self._circles, first_page=self.PAGE_SIZE)

    def _summary(self, row: int) -> ContactSummary | None:
        contact_id = self._ids[row]
        summary = self._cache.get(contact_id)
        if summary is not None:
            self._cache.move_to_end(contact_id)
            return summary
        start = row - row % self.PAGE_SIZE
        page = [cid for cid in self._ids[start : start + self.PAGE_SIZE] if cid not in self._cache]
        self._cache.update(contact_summaries(page))
        while len(self._cache) > self.CACHE_LIMIT:
            self._cache.popitem(last=False)
        return self._cache.get(contact_id)

    def _reason(self, row: int) -> str | None:
        if not self._search.strip():
            return None
        contact_id = self._ids[row]
        if contact_id not in self._reasoned:
            start = row - row % self.REASON_PAGE
            page = self._ids[start : start + self.REASON_PAGE]
            self._reasons.update(match_reasons(page, self._search))
            self._reasoned.update(page)
        return self._reasons.get(contact_id)

    def _forget_reasons(self) -> None:
        self._reasons.clear()
        self._reasoned.clear()
        self._reason_terms = match_terms(self._search)

    def _on_store_changed(self, tables: frozenset[str]) -> None:
        if tables & WATCHED_TABLES:
            self.refresh()


def _known_length(ids: Sequence[int]) -> int:
    """How many rows ``ids`` shows now: its length — or, for a search whose count is left
    for later, its first page's."""
    if isinstance(ids, SearchResult) and ids.known_count is None:
        return len(ids.first_page)
    return len(ids)


def _counted(ids: Sequence[int]) -> bool:
    return not isinstance(ids, SearchResult) or ids.known_count is not None
