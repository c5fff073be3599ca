"""The contact directory: which contacts match a search, in order, and what a card shows."""

from __future__ import annotations

import bisect
import functools
import heapq
import json
import re
import threading
import weakref
from array import array
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from itertools import chain, compress, filterfalse, islice, repeat, takewhile
from typing import Any, Concatenate, ParamSpec, TypeVar, overload

import peewee as pw

from kith.core.contacts import ImportantDate
from kith.core.text import fold, fold_in_place, words
from kith.store.changes import changes
from kith.store.models import (
    Contact,
    ContactDate,
    ContactMethod,
    database_proxy,
)


def search_expression(text: str) -> str | None:
    """An FTS5 query matching every word of ``text`` as a prefix, or None for no words.

    User input never reaches FTS5's query syntax: each word is quoted, so "o'brien@acme"
    or a stray quote cannot cause a syntax error.
    """
    terms = [w.replace('"', '""') for w in words(text)]
    if not terms:
        return None
    return " ".join(f'"{t}"*' for t in terms)


_P = ParamSpec("_P")
_R = TypeVar("_R")


def _locked(
    method: Callable[Concatenate[_NameOrder, _P], _R],
) -> Callable[Concatenate[_NameOrder, _P], _R]:
    """Run a reader of :class:`_NameOrder` under its lock: what it reads (places, ids, word
    starts) then comes from one reading, even if a write on another thread drops it and the
    preparer reads it again meanwhile."""

    @functools.wraps(method)
    def locked(self: _NameOrder, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        with self._lock:
            return method(self, *args, **kwargs)

    return locked


class _NameOrder:
    """Every contact's place in name order, kept in memory until a contact is written.

    Sorting the matches of a search by name in SQL means reading each matching contact's row
    (sort name, archived) from the table: ~35 ms for 20,000 matches in a database of 100,000.
    With the places in memory (two scans of the ``(archived, sort_name, id)`` index, merged:
    ~0.15 s at 100,000, once after each change to the contact table) a search is the
    full-text match alone plus a sort of integers.
    """

    def __init__(self) -> None:
        self._database: weakref.ReferenceType[pw.Database] | None = None
        self._places: array[int] | None = None
        self._archived: set[int] = set()
        #: Everyone's folded sort name, and id, in name order.
        self._keys: list[str] = []
        self._order: array[int] = array("i")
        #: By id: 1 for everyone not archived (``_live``), for every contact (``_known``) — what
        #: counting a search's matches without ordering them reads (one byte a person each).
        self._live = bytearray()
        self._known = bytearray()
        #: The same two as integers, one bit a byte (``int.from_bytes``, built on first use):
        #: counting a search's matches among them is one ``&`` and ``bit_count``, in C.
        self._bits: tuple[int, int] | None = None
        #: By place in name order: 1 for everyone not archived; and the archived ones' places,
        #: ascending — counting the people shown in a range of the order is two bisections.
        self._live_at = bytearray()
        self._archived_at: array[int] = array("i")
        #: For a two-letter word start (see :meth:`word_starts`), how many of the people with
        #: a word so are archived (counted on first use).
        self._archived_starting: dict[str, int] = {}
        #: :meth:`_initial_marks` of a few letters.
        self._initials: dict[str, bytearray] = {}
        self._starts: dict[str, array[int]] | None = None
        self._nicknames: dict[int, str] | None = None
        #: Every word of the index's name column (read by :meth:`warm`).
        self._name_terms: list[str] | None = None
        #: Every word of the index, in any column, sorted, each after a newline and the last
        #: one followed by one (read by :meth:`warm`): what :meth:`expanded` looks prefixes up
        #: in. Dropped on every write that changes the index (:data:`_INDEXED_TABLES`);
        #: ``_terms_read`` counts those writes, so that a reading they overtook is not kept.
        self._terms: str | None = None
        #: Every 64th of those words, and where its newline is in ``_terms``: where to look.
        self._term_marks: list[str] = []
        self._term_at: array[int] = array("i")
        #: In a large database, the rows holding each of those words (aligned with them), and
        #: holding a word beginning with each two and three letters (see :meth:`read_cost`).
        self._term_docs: array[int] = array("i")
        self._prefix_docs: dict[str, int] = {}
        self._terms_read = 0
        #: (key, id) of every nickname, sorted: the folded nickname, and its words joined by
        #: one space ("jean luc" for "Jean-Luc"), for finding the ones that begin so by bisection.
        self._nickname_keys: list[tuple[str, int]] = []
        #: (id, " " + the nickname with hyphens and apostrophes as spaces) of every nickname.
        self._nickname_words: list[tuple[int, str]] = []
        #: The ids of everyone with a word of their nickname starting with a letter, by letter.
        self._nickname_initials: dict[str, list[int]] = {}
        #: Held while the order is read or dropped: a worker thread may be preparing it
        #: (:func:`prepare_search`) while the window searches.
        self._lock = threading.RLock()
        changes.subscribe(self._on_change)

    def _on_change(self, tables: frozenset[str]) -> None:
        if "contact" in tables:
            self.forget()
        elif tables & _INDEXED_TABLES:
            with self._lock:
                self._forget_terms()

    def forget(self) -> None:
        with self._lock:
            self._places = None
            self._starts = None
            self._nicknames = None
            self._forget_terms()

    def _forget_terms(self) -> None:
        self._name_terms = None
        self._terms = None
        self._terms_read += 1

    def places(self) -> tuple[array[int], set[int]]:
        """Each contact's place in name order, indexed by id (the number of contacts for an id
        that is no contact: a place after everyone's), and the archived ones. An array indexed
        by id, not a dict: ids are small dense integers, indexing is what makes sorting 20,000
        matches take a few milliseconds, and 4 bytes a person is a tenth of a list of ints."""
        with self._lock:
            return self._read_places()

    def _read_places(self) -> tuple[array[int], set[int]]:
        current = database_proxy.obj
        if self._database is None or self._database() is not current:
            self._database = weakref.ref(current)
            self.forget()
        if self._places is None:
            # Each half comes in index order; merging them is cheaper than SQLite sorting all.
            query = "SELECT id, sort_name FROM contact WHERE archived = ? ORDER BY sort_name, id"
            live = database_proxy.execute_sql(query, (False,)).fetchall()
            gone = database_proxy.execute_sql(query, (True,)).fetchall()
            rows = list(heapq.merge(live, gone, key=lambda r: (r[1], r[0]))) if gone else live
            places = array("i", [len(rows)]) * (max((row[0] for row in rows), default=0) + 1)
            for place, (contact_id, _name) in enumerate(rows):
                places[contact_id] = place
            self._keys = [name for _cid, name in rows]
            self._order = array("i", [cid for cid, _name in rows])
            self._known = bytearray(len(places))
            for contact_id, _name in rows:
                self._known[contact_id] = 1
            self._live = bytearray(self._known)
            for contact_id, _name in gone:
                self._live[contact_id] = 0
            self._bits = None
            self._live_at = bytearray(b"\x01") * len(rows)
            for contact_id, _name in gone:
                self._live_at[places[contact_id]] = 0
            self._archived_at = array("i", sorted(places[c] for c, _name in gone))
            self._archived_starting = {}
            self._initials = {}
            self._places, self._archived = places, {r[0] for r in gone}
        return self._places, self._archived

    def ready(self) -> bool:
        """Whether everything a search reads is in memory for the open database."""
        current = database_proxy.obj
        return (
            self._database is not None
            and self._database() is current
            and self._places is not None
            and self._starts is not None
            and self._nicknames is not None
        )

    def warm(self) -> None:
        """Read everything a search needs now (the name order, the names' words, the
        nicknames, the words of the full-text index), so that no keystroke pays for it."""
        self.word_starts()
        self.nicknames()
        if self._terms is None:
            # Every distinct word of the index and the columns it is in (a walk of the
            # index's vocabulary: ~0.25 s at 100,000 people, ~2 s at 1,000,000) — read without
            # holding the lock, so that a keystroke meanwhile does not wait for it.
            with self._lock:
                places, read = self._places, self._terms_read
            database_proxy.execute_sql(
                "CREATE VIRTUAL TABLE IF NOT EXISTS temp.contact_terms"
                " USING fts5vocab(main, 'contact_index', 'col')"
            )
            rows = database_proxy.execute_sql("SELECT term, col, doc FROM temp.contact_terms")
            names: list[str] = []
            every: dict[str, int] = {}
            for term, column, rows_with in rows:
                every[term] = every.get(term, 0) + rows_with
                if column == "name":
                    names.append(term)
            ordered = sorted(every)
            terms = "".join(f"\n{term}" for term in ordered) + "\n"
            marks, at, where = ordered[::64], 0, array("i")
            for place, term in enumerate(ordered):
                if place % 64 == 0:
                    where.append(at)
                at += len(term) + 1
            # In a large database, what reading each word costs (the rows holding it, summed
            # over the columns), and each prefix of two and three letters: whether finding a
            # first page by testing people costs less (see :meth:`probed_page`).
            docs = array("i")
            prefix_docs: dict[str, int] = {}
            if self.people() >= BOUNDED_FROM:
                docs = array("i", (every[term] for term in ordered))
                for term, rows_with in every.items():
                    for prefix in {term[:2], term[:3]}:
                        prefix_docs[prefix] = prefix_docs.get(prefix, 0) + rows_with
            with self._lock:
                if self._places is places and self._terms_read == read and self._current():
                    # no change to the contacts, nor to the index, meanwhile
                    self._name_terms = sorted(names)
                    self._terms = terms
                    self._term_marks, self._term_at = marks, where
                    self._term_docs, self._prefix_docs = docs, prefix_docs

    @_locked
    def no_name_has(self, terms: Sequence[str]) -> bool:
        """Whether, by the name column's words read by :meth:`warm`, some of ``terms``
        (plain ASCII letters and digits, as the index folds them: lower case) begins no word
        of anyone's name — then no name matches them all. False when that cannot be told
        (the words are not read, or a term is not plain ASCII)."""
        names = self._name_terms
        if names is None or not self._current():
            return False
        for term in terms:
            if not (term.isascii() and term.isalnum()):
                return False
        for term in terms:
            key = term.lower()
            at = bisect.bisect_left(names, key)
            if at == len(names) or not names[at].startswith(key):
                return True
        return False

    @_locked
    def expanded(self, expression: str, *, in_name: bool = False) -> str:
        """``expression`` (see :func:`search_expression`) with each quoted prefix of
        :data:`_EXPAND_FROM` letters or more that begins at most :data:`_EXPAND_TERMS`
        words of the index replaced by those words, each whole: ``"engin"*`` becomes
        ``("engineer" OR "engineering" OR "engineers")``. The same matches: the index holds
        no other word so — but FTS5 reads a prefix of four letters or more by merging the
        rows of every word so into one list first (its prefix index keeps two and three
        letters), where whole words are read as they are (about half the time at 1,000,000
        people: ``"teac"*`` 55 ms, its three words 28 ms). The expression unchanged when the
        words are not read (see :meth:`warm`) or a prefix is not plain ASCII letters and
        digits (what the index folds to lower case, nothing else).

        ``in_name``: the expression is matched in the name column alone — its words there
        are what counts ("niamh"* is "niamh" in the names, and 410 words in all columns)."""
        terms = self._terms
        names = self._name_terms
        if terms is None or names is None or not self._current():
            return expression

        def in_names(prefix: str) -> list[str] | None:
            """The words of the name column beginning with ``prefix``; None: too many."""
            at = bisect.bisect_left(names, prefix)
            beginning = takewhile(lambda t: t.startswith(prefix), names[at:])
            found = list(islice(beginning, _EXPAND_TERMS + 1))
            return None if len(found) > _EXPAND_TERMS else found

        def whole_words(prefix: str) -> str | None:
            """The words ``prefix`` stands for, in parentheses; None: keep the prefix."""
            if len(prefix) < _EXPAND_FROM or not (prefix.isascii() and prefix.isalnum()):
                return None
            prefix = prefix.lower()
            found: list[str] | None
            if in_name:
                found = in_names(prefix)
            else:
                beginning = self._words_beginning(prefix, _EXPAND_TERMS)
                found = None if beginning is None else beginning[0]
            if not found or not all(t.isascii() and t.isalnum() for t in found):
                return None
            return "(" + " OR ".join(f'"{t}"' for t in found) + ")"

        parts: list[str] = []
        at = 0
        changed = False
        for match in _QUOTED.finditer(expression):
            between = expression[at : match.start()]
            # FTS5 takes no implicit AND next to a parenthesis: say it where words meet.
            parts.append(" AND " if parts and between.isspace() else between)
            words_of = whole_words(match.group(1))
            parts.append(match.group(0) if words_of is None else words_of)
            changed = changed or words_of is not None
            at = match.end()
        parts.append(expression[at:])
        return "".join(parts) if changed else expression

    def _words_beginning(self, prefix: str, most: int) -> tuple[list[str], int] | None:
        """The index's words beginning with ``prefix`` (lower case) and the place of the
        first among them all (see :meth:`warm`); None when there are more than ``most``."""
        terms = self._terms
        assert terms is not None
        key = "\n" + prefix
        marks, where = self._term_marks, self._term_at
        first = bisect.bisect_left(marks, prefix)
        last = bisect.bisect_left(marks, prefix + "\U0010ffff", lo=first)
        # The first word so is after the mark before it, and before the first mark past every
        # word so.
        start = where[first - 1] if first else 0
        at = terms.find(key, start, where[last] + 1 if last < len(where) else len(terms))
        if at < 0:
            return [], 0
        place = (
            (first - 1) * 64 + terms.count("\n", start, at) if first else terms.count("\n", 0, at)
        )
        found: list[str] = []
        while terms.startswith(key, at):
            end = terms.index("\n", at + 1)
            found.append(terms[at + 1 : end])
            if len(found) > most:
                return None
            at = end
        return found, place

    @_locked
    def read_cost(self, expression: str) -> int | None:
        """About how many rows the index reads for ``expression`` (every word's, summed: an
        AND reads them all), in a large database and for an expression read exactly (see
        :meth:`_read_exactly`); None when that is not known."""
        docs, prefixes = self._term_docs, self._prefix_docs
        if self._terms is None or not docs or not self._current():
            return None
        cost = 0
        for quoted in _QUOTED.findall(expression):
            prefix = quoted.replace('""', '"')
            if not (prefix.isascii() and prefix.isalnum()):
                return None
            prefix = prefix.lower()
            if len(prefix) <= 3:
                cost += prefixes.get(prefix, 0) if len(prefix) >= 2 else 0
                continue
            beginning = self._words_beginning(prefix, _EXPAND_TERMS)
            if beginning is None:
                return None
            found, place = beginning
            cost += sum(docs[place : place + len(found)])
        return cost

    @_locked
    def in_order(self, ids: Iterable[int], *, drop_archived: bool) -> list[int]:
        """``ids`` in name order, without the ones that are not (or no longer) contacts, and
        without the archived ones if ``drop_archived``.

        A few matches are sorted by place; many (a search matching a large part of the
        database) are marked in a bytearray by place and read back in name order — no Python
        call per id, a few milliseconds for 80,000.
        """
        found = ids if isinstance(ids, list) else list(ids)
        if not found:
            return []
        places, archived = self.places()
        nobody = len(self._order)  # the place of an id that is no contact
        if max(found) < len(places):
            if len(found) * 8 < len(places):
                found.sort(key=places.__getitem__)
                if places[found[-1]] != nobody:
                    if drop_archived and archived:
                        found = list(filterfalse(archived.__contains__, found))
                    return found
            else:
                marks = bytearray(nobody + 1)
                for _ in map(marks.__setitem__, map(places.__getitem__, found), repeat(1)):
                    pass
                if not marks[nobody]:
                    if drop_archived:
                        for contact_id in archived:
                            marks[places[contact_id]] = 0
                    return list(compress(self._order, marks))
        # An id with no place: written without announcing it (another program, say) — learn
        # the order anew.
        self.forget()
        places, archived = self.places()
        nobody = len(self._order)
        found = [c for c in found if c < len(places) and places[c] != nobody]
        found.sort(key=places.__getitem__)
        if drop_archived and archived:
            found = list(filterfalse(archived.__contains__, found))
        return found

    def _counted_bits(self) -> tuple[int, int]:
        """``_known`` and ``_live`` as integers (one bit a byte), made once per reading."""
        if self._bits is None:
            self._bits = (
                int.from_bytes(self._known, "little"),
                int.from_bytes(self._live, "little"),
            )
        return self._bits

    def _range(self, prefix: str) -> tuple[int, int]:
        """The places of everyone whose folded name begins with ``prefix`` (bisection)."""
        low = bisect.bisect_left(self._keys, prefix)
        return low, bisect.bisect_left(self._keys, prefix + "\U0010ffff", lo=low)

    def _live_between(self, low: int, high: int) -> int:
        """How many of the places ``low``–``high`` (excluded) are people not archived."""
        archived = self._archived_at
        inside = bisect.bisect_left(archived, high) - bisect.bisect_left(archived, low)
        return high - low - inside

    def _marked(self, found: list[int], *, drop_archived: bool) -> tuple[bytearray, int] | None:
        """``found`` marked in a bytearray by id, and how many of them are shown (without the
        archived if ``drop_archived``); None when one is no contact Kith read (stale)."""
        self.places()
        known_bits, live_bits = self._counted_bits()
        marks = bytearray(len(self._known))
        try:
            for _ in map(marks.__setitem__, found, repeat(1)):
                pass
        except IndexError:
            return None  # an id past everyone Kith read
        matched = int.from_bytes(marks, "little")
        if not found or matched & ~known_bits:
            return None
        count = (matched & live_bits).bit_count() if drop_archived else matched.bit_count()
        return marks, count

    @_locked
    def count_found(self, found: list[int]) -> int | None:
        """How many of ``found`` (a search's matches) are shown — not archived; None when the
        order is stale (an id is no contact it holds)."""
        if not found:
            return 0
        marked = self._marked(found, drop_archived=True)
        return None if marked is None else marked[1]

    @_locked
    def people(self) -> int:
        """How many contacts the order in memory holds (0 when it is not read)."""
        return len(self._order) if self._current() else 0

    @_locked
    def probed_page(
        self,
        expression: str,
        begins: str,
        size: int,
        *,
        walk_limit: int,
        named_limit: int,
    ) -> list[int] | None:
        """The first ``size`` people :func:`_ranked` lists for ``expression`` (everyone not
        archived), found without reading the matches: the names beginning with ``begins``
        (a range of the order), then the names matching (the full-text name column: read
        when the first group does not fill the page, if at most ``named_limit`` match;
        more, and they are found as the rest is), then the name order from the top — each
        candidate tested by :func:`_probe`, in chunks sized by the share matching so far.

        None — read the matches instead — when the order is not read, when fewer than one in
        :data:`_BROAD_SHARE` of the first hundred people at the top match, or when the share
        found says the page would take more than ``walk_limit`` people tested.
        """
        if not self._current():
            return None
        cost = self.read_cost(expression) if self._read_exactly(expression) else None
        if cost is not None:
            # The index reads these matches without merging words: as long as testing people
            # costs less than reading its rows (~50 rows a test).
            walk_limit = min(walk_limit, max(cost // _ROWS_A_TEST, 100))
        order, places, live_at, live = self._order, self._places, self._live_at, self._live
        assert places is not None
        page: list[int] = []
        taken: set[int] = set()
        walked = 0
        #: What the probe said of each id tested against the whole expression.
        tested: dict[int, bool] = {}

        def probe(ids: list[int], matching: str = expression) -> set[int]:
            nonlocal walked
            if matching != expression:
                walked += len(ids)
                return _probe(ids, matching)
            new = [c for c in ids if c not in tested]
            if new:
                walked += len(new)
                found = _probe(new, expression)
                tested.update((c, c in found) for c in new)
            return {c for c in ids if tested[c]}

        def test(
            candidates: Iterator[int], skip: Callable[[int], bool], matching: str = expression
        ) -> bool | None:
            """Probe the ids of ``candidates`` (in order, ``skip`` left out) against
            ``matching`` until the page is full (True) or they run out (False); None when the
            share matching so far says the page would take more than the walk limit. Each
            chunk is sized for the page's rest at that share."""
            seen = hits = 0
            while len(page) < size:
                share = hits / seen if seen else 0.5
                needed = (size - len(page)) / max(share, 1e-9)
                if seen and walked + needed > walk_limit:
                    return None
                chunk = min(max(32, round(needed * 1.25)), 2048)
                ids: list[int] = []
                for contact_id in candidates:
                    if not skip(contact_id):
                        ids.append(contact_id)
                        if len(ids) >= chunk:
                            break
                if not ids:
                    return False
                found = probe(ids, matching)
                seen += len(ids)
                hits += len(found)
                for contact_id in ids:
                    if contact_id in found:
                        page.append(contact_id)
                        taken.add(contact_id)
                        if len(page) >= size:
                            return True
            return True

        def gone(contact_id: int) -> bool:
            return not live[contact_id] or contact_id in taken

        low, high = self._range(begins)
        nicknamed = sorted(self._places_of(self.nicknames_starting_with(begins)))
        if high > low or nicknamed:
            starting = map(order.__getitem__, _unique(heapq.merge(range(low, high), nicknamed)))
            full = test(starting, gone)
            if full is None:
                return None
            if full:
                return page
        # The names matching, when the index gives them exactly and cheaply (see
        # :meth:`_read_exactly`): each of them matches the whole expression too (a name with
        # every word), so the first of them in name order follow untested — a family name
        # ("yan", "yang": 60,000 people at 1,000,000) fills the page here, however few of the
        # people at the top of the order match.
        typed_terms = [t.replace('""', '"') for t in _QUOTED.findall(expression)]
        exact_named: list[int] | None = None
        if self._read_exactly(expression, in_name=True):
            exact_named = (
                [] if self.no_name_has(typed_terms) else _full_text_ids(expression, in_name=True)
            )
            wanted = size - len(page) + len(taken)
            for contact_id in self._first_named(exact_named, self._known, live, wanted):
                if contact_id not in taken:
                    page.append(contact_id)
                    taken.add(contact_id)
                    if len(page) >= size:
                        return page
        # How many of the people at the top of the order match: too few, and the page would
        # take a long walk — reading the matches is cheaper (a rare word, or rare together).
        top = list(islice(filterfalse(gone, compress(order, live_at)), max(size, 100)))
        share = len(probe(top)) / max(len(top), 1)
        if len(top) >= 100 and share * _BROAD_SHARE < 1:
            return None
        if exact_named is not None:
            others = set(exact_named)
            full = test(compress(order, live_at), lambda c: c in taken or c in others)
            return None if full is None else page
        # The names matching: none when a word begins nobody's name ("engineer", "wants");
        # else those whose names match the words cut to three letters (the index keeps those
        # prefixes: no reading every row of "niamh…" for it), tested. Many of them (a family
        # name) fill the page: found like the rest.
        in_name = f"name : ({expression})"
        named: list[int] = []
        if not self.no_name_has(typed_terms):
            row = database_proxy.execute_sql(
                "SELECT group_concat(rowid) FROM (SELECT rowid FROM contact_index"
                " WHERE contact_index MATCH ? LIMIT ?)",
                (f"name : ({_cut(expression)})", named_limit + 1),
            ).fetchone()
            named = json.loads(f"[{row[0]}]") if row and row[0] else []
            if len(named) > named_limit:
                full = test(compress(order, live_at), gone, in_name)
                return page if full else None
            named = [c for c in named if c < len(live) and live[c] and c not in taken]
            named = list(probe(named, in_name)) if named else []
        for contact_id in heapq.nsmallest(size - len(page), named, key=places.__getitem__):
            page.append(contact_id)
            taken.add(contact_id)
        if len(page) >= size:
            return page
        others = set(named)
        full = test(compress(order, live_at), lambda c: c in taken or c in others)
        return None if full is None else page

    def _read_exactly(self, expression: str, *, in_name: bool = False) -> bool:
        """Whether the index reads ``expression``'s matches without merging the rows of many
        words: each quoted prefix of two or three letters (its prefix index), or of a few
        whole words (:meth:`expanded`)."""
        expanded = self.expanded(expression, in_name=in_name)
        return all(2 <= len(t) <= 3 for t in _QUOTED.findall(expanded))

    @_locked
    def first_page(
        self,
        found: list[int],
        begins: str,
        named: Callable[[], Collection[int]],
        size: int,
        *,
        drop_archived: bool,
    ) -> tuple[int, list[int]] | None:
        """How many of ``found`` (a search's matches, in any order) the list shows, and the
        first ``size`` of them in the list's order (:func:`_ranked`'s, without putting all of
        them in order): those whose name or nickname begins with ``begins``, then those in
        ``named`` (read only when the first group does not fill the page), then the rest —
        each in name order. None when an id is no contact (the order is stale: the caller
        orders them all, which learns it anew).

        The matches are marked in a bytearray by id; the count and the check that every one
        is a contact are big-integer ``&`` and ``bit_count`` (C, no call per match). The first
        page walks the names beginning so (one range of the order), then the named, then the
        name order from the top until it has ``size`` (a few hundred steps when a third of
        the people match).
        """
        marked = self._marked(found, drop_archived=drop_archived)
        if marked is None:
            return None
        marks, count = marked
        shown = self._live if drop_archived else self._known
        order, places = self._order, self._places
        assert places is not None
        page: list[int] = []
        taken: set[int] = set()

        def take(ids: Iterable[int]) -> bool:
            """Add ``ids`` (in order) that match, are shown and not yet listed; whether the
            page is full."""
            for contact_id in ids:
                if marks[contact_id] and shown[contact_id] and contact_id not in taken:
                    page.append(contact_id)
                    taken.add(contact_id)
                    if len(page) >= size:
                        return True
            return False

        low, high = self._range(begins)
        nicknamed = sorted(self._places_of(self.nicknames_starting_with(begins)))
        starting = map(order.__getitem__, heapq.merge(range(low, high), nicknamed))
        if take(starting):
            return count, page
        if take(self._first_named(named(), marks, shown, size + len(taken))):
            return count, page
        take(compress(order, map(marks.__getitem__, order)))
        return count, page

    def _first_named(
        self, named: Collection[int], marks: bytearray, shown: bytearray, size: int
    ) -> list[int]:
        """The first ``size`` of ``named`` in name order that are marked and shown (ids
        indexing ``marks`` and ``shown``). Many of them (a family name at 1,000,000 people:
        70,000) are marked in a bytearray by id and met walking the name order from the top
        (in C, until the page is full: ~100 × the share of people they are); a few are
        sorted by place."""
        places, order = self._places, self._order
        assert places is not None
        ids = named if isinstance(named, list) else list(named)
        if max(ids, default=0) >= min(len(marks), len(shown)):  # stale: one by one
            ok = [c for c in ids if c < len(marks) and c < len(shown) and marks[c] and shown[c]]
            return heapq.nsmallest(size, ok, key=places.__getitem__)
        if marks is not self._known:
            ids = list(compress(ids, map(marks.__getitem__, ids)))
        ids = list(compress(ids, map(shown.__getitem__, ids)))
        if len(ids) * 200 <= len(order):
            return heapq.nsmallest(size, ids, key=places.__getitem__)
        wanted = bytearray(len(marks))
        for _ in map(wanted.__setitem__, ids, repeat(1)):
            pass
        return list(islice(compress(order, map(wanted.__getitem__, order)), size))

    @_locked
    def initialled_page(
        self, expression: str, letters: Sequence[str], begins: str, size: int, *, in_name: bool
    ) -> list[int] | None:
        """The first ``size`` people :func:`_search` lists for a search with one-letter words
        (``letters``, initials of a name) among longer ones (``expression``): those whose
        name or nickname begins with ``begins``, then those whose name matches — each with a
        word starting with each letter, each in name order. ``in_name``: the last word is a
        lone letter ("niamh k"), and only names are searched (``expression`` in the name
        column); else everything is ("o'br": ``expression`` in any column).

        Found without reading the matches: the names beginning so tested by :func:`_probe`
        and the initials in memory; then — when the index reads them exactly and cheaply
        (:meth:`_read_exactly`) and there is one letter — the names matching, in name
        order, with that initial. None when that does not fill the page (but for the names
        alone, ``in_name``: a short page is then everyone), or the names beginning so take
        more than :data:`_INITIALLED_WALK` tests."""
        if not self.ready():
            return None
        order, live_at, live = self._order, self._live_at, self._live
        matching = f"name : ({expression})" if in_name else expression
        page: list[int] = []
        low, high = self._range(begins)
        nicknamed = sorted(self._places_of(self.nicknames_starting_with(begins)))
        starting = (
            order[p] for p in _unique(heapq.merge(range(low, high), nicknamed)) if live_at[p]
        )
        tested = 0
        while len(page) < size:
            chunk = list(islice(starting, 128))
            if not chunk:
                break
            tested += len(chunk)
            if tested > _INITIALLED_WALK:
                return None
            kept = self._initialled_few(chunk, letters)
            found = _probe([c for c in chunk if c in kept], matching) if kept else set()
            page.extend(c for c in chunk if c in found)
        if len(page) >= size:
            return page[:size]
        if len(letters) != 1 or not self._read_exactly(expression, in_name=True):
            return None
        taken = set(page)
        terms = [t.replace('""', '"') for t in _QUOTED.findall(expression)]
        named = [] if self.no_name_has(terms) else _full_text_ids(expression, in_name=True)
        marks = self._initial_marks(letters[0])
        for contact_id in self._first_named(named, marks, live, size + len(taken)):
            if contact_id not in taken:
                page.append(contact_id)
                if len(page) >= size:
                    return page
        # Fewer than a page: in the names alone ("niamh k"), that is everyone (the names
        # beginning so were all tested, the names matching all read); else the people whose
        # other fields match are missing.
        return page if in_name and page else None

    @_locked
    def initial_page(self, letter: str, size: int) -> SearchResult | None:
        """The names beginning with ``letter`` (the one-letter search) as a
        :class:`SearchResult`: one range of the name order, its count the range less the
        archived in it (bisections); None when the order is not read for the open database."""
        if not self._current():
            return None
        low, high = self._range(letter)
        order, live_at = self._order, self._live_at
        count = self._live_between(low, high)
        end = low + size + len(self._archived_at)  # far enough for a page, whoever is archived
        page = list(
            islice(compress(order[low : min(high, end)], live_at[low : min(high, end)]), size)
        )

        def rest() -> list[int]:
            with self._lock:
                if self._order is order and self._current():
                    return list(compress(order[low:high], live_at[low:high]))
            return contact_ids(letter)

        return SearchResult(count, page, rest)

    @_locked
    def word_start_page(self, two: str, search: str, size: int) -> SearchResult | None:
        """The two-letter search (:func:`_search`: everyone with a word of their name or
        nickname starting with ``two``, those whose name or nickname begins so first) as a
        :class:`SearchResult`, counted and paged from the word-start index: no list of the
        100,000 people with an "ma" word is made until the list is scrolled. None when the
        order is not ready, or when nobody shown has such a word (the search then looks in
        the other fields)."""
        if not self.ready():
            return None
        starts = self.word_starts()
        places, order, live_at = self._places, self._order, self._live_at
        assert places is not None
        with_word = starts.get(two) or array("i")
        nicknamed = self._places_of(self.nicknamed_with(" " + two))
        extra = sorted(p for p in nicknamed if not _holds(with_word, p))
        archived = self._archived_starting.get(two)
        if archived is None:
            archived = len(with_word) - sum(map(live_at.__getitem__, with_word))
            self._archived_starting[two] = archived
        count = len(with_word) - archived + sum(map(live_at.__getitem__, extra))
        if not count:
            return None
        low, high = self._range(two)
        begins_nick = self._places_of(self.nicknames_starting_with(two))
        page: list[int] = []
        last = -1
        for place in heapq.merge(range(low, high), sorted(begins_nick)):
            fits = place in nicknamed or _holds(with_word, place)
            if place != last and live_at[place] and fits:
                page.append(order[place])
                if len(page) >= size:
                    break
            last = place
        if len(page) < size:
            skip = bisect.bisect_left(with_word, low), bisect.bisect_left(with_word, high)
            rest = chain(with_word[: skip[0]], with_word[skip[1] :])
            for place in heapq.merge(rest, extra):
                if live_at[place] and place not in begins_nick and not low <= place < high:
                    page.append(order[place])
                    if len(page) >= size:
                        break
        return SearchResult(count, page, functools.partial(contact_ids, search))

    def _places_of(self, ids: Iterable[int]) -> set[int]:
        """The places of these ids in the order (those it does not hold left out)."""
        places, nobody = self._places, len(self._order)
        assert places is not None
        return {places[c] for c in ids if c < len(places) and places[c] < nobody}

    def _current(self) -> bool:
        """Whether the order in memory was read for the open database since its last change."""
        current = database_proxy.obj
        return (
            self._places is not None and self._database is not None and self._database() is current
        )

    @_locked
    def listed(self) -> list[int] | None:
        """Everyone not archived, in name order, from memory (a few milliseconds at 100,000:
        no Python call per person), or None when the order has not been read for the open
        database since its last change."""
        if not self._current():
            return None
        return list(compress(self._order, self._live_at))

    def word_starts(self) -> dict[str, array[int]]:
        """For the first two characters of each word of the folded names (one, for a word of
        one letter: the O of "O'Brien"), the places (ascending) of everyone with such a word —
        words as the full-text index splits them. What a search of two letters, or with a
        one-letter word, looks up (built on first use: ~0.15 s at 100,000 people, 4 bytes a
        word)."""
        with self._lock:
            self.places()  # the same database, the same freshness
            if self._starts is None:
                starts: dict[str, array[int]] = {}
                for place, key in enumerate(self._keys):
                    for word in words(key):
                        start = word[:2]
                        found = starts.get(start)
                        if found is None:
                            starts[start] = found = array("i")
                        if not found or found[-1] != place:
                            found.append(place)
                self._starts = starts
            return self._starts

    @_locked
    def names_with_a_word_starting(self, two: str) -> list[int]:
        """Ids, in name order, of everyone with a word of their name starting with ``two``
        (two characters): one lookup, whatever the size of the database."""
        places = self.word_starts().get(two)
        return list(map(self._order.__getitem__, places)) if places else []

    @_locked
    def with_initials(self, ids: Iterable[int], letters: Sequence[str]) -> set[int]:
        """Those of ``ids`` whose name or nickname has a word starting with each of
        ``letters`` (one character each), each id looked up in a mark by id of the people
        with such a word (made once per letter), not by listing everyone with a word
        starting so (~25 ms for "a" at 100,000 people)."""
        kept = list(ids)
        for letter in letters:
            marks = self._initial_marks(letter)
            if kept and max(kept) >= len(marks):
                kept = [c for c in kept if c < len(marks)]
            kept = list(compress(kept, map(marks.__getitem__, kept)))
        return set(kept)

    def _initialled_few(self, ids: list[int], letters: Sequence[str]) -> set[int]:
        """:meth:`with_initials` for a few people of the order, each name's words looked at
        — not a mark of everyone made for a letter (~20 ms at 1,000,000 people) — unless the
        marks are made already."""
        if all(letter in self._initials for letter in letters):
            return self.with_initials(ids, letters)
        places, keys, nicknames = self._places, self._keys, self.nicknames()
        assert places is not None
        kept = set()
        for contact_id in ids:
            firsts = {w[0] for w in words(keys[places[contact_id]])}
            nickname = nicknames.get(contact_id)
            if nickname:
                firsts.update(w[0] for w in words(nickname))
            if all(letter in firsts for letter in letters):
                kept.add(contact_id)
        return kept

    @_locked
    def initialled(self, letters: Sequence[str]) -> set[int]:
        """Ids of everyone whose name or nickname has a word starting with each of
        ``letters`` (one character each): "o b" (typing O'Brien) read from the marks of
        :meth:`_initial_marks`, where the full-text index would read every word starting with
        O and with B (~250 ms at 1,000,000 people)."""
        if not letters:
            return set()
        marks = [self._initial_marks(letter) for letter in letters]
        size = min(map(len, marks))
        # The marks of each letter as one big integer, one bit a byte: "and" in C, no step
        # per person (~25 ms at 1,000,000 people for the ids with an O, one by one).
        both = functools.reduce(int.__and__, (int.from_bytes(m[:size], "little") for m in marks))
        marked = both.to_bytes(size, "little")
        found = set()
        at = marked.find(1)
        while at >= 0:
            found.add(at)
            at = marked.find(1, at + 1)
        return found

    def _initial_marks(self, letter: str) -> bytearray:
        """By id, 1 for everyone with a word of their name or nickname starting with
        ``letter`` (kept for a few letters until the order is read again)."""
        marks = self._initials.get(letter)
        if marks is None:
            starts = self.word_starts()
            nicknames = self.nicknames()
            order = self._order
            marks = bytearray(max(len(self._known), max(nicknames, default=0) + 1))
            for start, places in starts.items():
                if start[0] == letter:
                    for _ in map(marks.__setitem__, map(order.__getitem__, places), repeat(1)):
                        pass
            for cid in self._nickname_initials.get(letter, ()):
                marks[cid] = 1
            if len(self._initials) >= 8:
                self._initials.pop(next(iter(self._initials)))
            self._initials[letter] = marks
        return marks

    @_locked
    def archived(self) -> set[int]:
        return self.places()[1]

    @_locked
    def starting_with(self, prefix: str) -> set[int]:
        """Everyone whose folded name begins with ``prefix``: one range of the name order,
        found by bisection."""
        self.places()
        low = bisect.bisect_left(self._keys, prefix)
        high = bisect.bisect_left(self._keys, prefix + "\U0010ffff", lo=low)
        return set(self._order[low:high])

    @_locked
    def folded_names(self) -> Callable[[int], str]:
        """A lookup of anyone's folded name by id ("" for an id Kith does not know)."""
        places = self.places()[0]
        keys = self._keys

        def name(contact_id: int) -> str:
            place = places[contact_id] if contact_id < len(places) else len(keys)
            return keys[place] if place < len(keys) else ""

        return name

    def nicknames(self) -> dict[int, str]:
        """Folded nicknames of the few people who have one, by id (read on first use)."""
        with self._lock:
            return self._read_nicknames()

    def _read_nicknames(self) -> dict[int, str]:
        self.places()
        if self._nicknames is None:
            rows = database_proxy.execute_sql(
                "SELECT id, nickname FROM contact WHERE nickname != ''"
            )
            nicknames = {cid: fold(nickname) for cid, nickname in rows}
            keys = [(nickname, cid) for cid, nickname in nicknames.items()]
            keys += [(" ".join(words(nickname)), cid) for cid, nickname in nicknames.items()]
            keys.sort()
            self._nickname_keys = keys
            self._nickname_words = [
                (cid, " " + nickname.replace("-", " ").replace("'", " "))
                for cid, nickname in nicknames.items()
            ]
            initials: dict[str, list[int]] = {}
            for cid, nickname in nicknames.items():
                for letter in {w[0] for w in words(nickname)}:
                    initials.setdefault(letter, []).append(cid)
            self._nickname_initials = initials
            self._nicknames = nicknames
        return self._nicknames

    @_locked
    def nicknamed_with(self, needle: str) -> list[int]:
        """Ids of everyone whose nickname, a space before it and its hyphens and apostrophes
        read as spaces, holds ``needle`` (" le": a word of it starting with "le")."""
        self.nicknames()
        return [cid for cid, spaced in self._nickname_words if needle in spaced]

    @_locked
    def nicknames_starting_with(self, prefix: str) -> set[int]:
        """Everyone whose folded nickname, or its words joined by one space, begins with
        ``prefix``: found by bisection."""
        self.nicknames()
        keys = self._nickname_keys
        low = bisect.bisect_left(keys, (prefix,))
        high = bisect.bisect_left(keys, (prefix + "\U0010ffff",), lo=low)
        return {cid for _key, cid in keys[low:high]}


_QUOTED = re.compile(r'"((?:[^"]|"")*)"\*')
#: The tables whose writes change the full-text index's words (see :meth:`_NameOrder.expanded`).
_INDEXED_TABLES = frozenset({"contact", "contact_index", "contact_method", "tag", "contact_tag"})
#: A quoted prefix of this many letters or more is read as the index's words that begin so
#: (see :meth:`_NameOrder.expanded`) — when they are at most :data:`_EXPAND_TERMS`: reading
#: many whole words one beside the other costs more than the merge (410 words for "niamh",
#: from e-mail addresses: 280 ms instead of 35 at 1,000,000 people).
_EXPAND_FROM = 4
_EXPAND_TERMS = 8


def _cut(expression: str) -> str:
    """``expression`` (see :func:`search_expression`) with each word cut to its first three
    letters: what it matches, and more — read from the index's three-letter prefixes."""
    terms = [t.replace('""', '"')[:3] for t in _QUOTED.findall(expression)]
    return " ".join('"{}"*'.format(t.replace('"', '""')) for t in terms) or expression


def _unique(ascending: Iterable[int]) -> Iterator[int]:
    """``ascending`` without repeats."""
    last = None
    for value in ascending:
        if value != last:
            yield value
            last = value


def _holds(ascending: array[int], value: int) -> bool:
    """Whether the ascending array holds ``value`` (bisection)."""
    at = bisect.bisect_left(ascending, value)
    return at < len(ascending) and ascending[at] == value


_name_order = _NameOrder()


def prepare_search() -> None:
    """Read into memory what searching reads (everyone's place in name order, the words of
    the names, the nicknames: ~0.25 s at 100,000 people), so that no keystroke waits for it.

    The window calls it on a worker thread once it has painted, on that thread's own
    connection; a search that comes while it runs waits for it rather than reading the same
    again. Its reads are scans read once (the nicknames: the whole contact table), so they go
    through a small page cache (1 MB instead of the connection's 8 MB), kept small in memory.
    """
    (cache_size,) = database_proxy.execute_sql("PRAGMA cache_size").fetchone()
    database_proxy.execute_sql("PRAGMA cache_size = -1024")
    try:
        _name_order.warm()
    finally:
        database_proxy.execute_sql(f"PRAGMA cache_size = {int(cache_size)}")


def search_is_prepared() -> bool:
    """Whether :func:`prepare_search` has run for the open database since its last change to
    the contacts."""
    return _name_order.ready()


def _in_name_order(ids: Collection[int]) -> list[int]:
    """``ids`` sorted by name (those no longer in the database dropped)."""
    return _name_order.in_order(ids, drop_archived=False)


def _full_text_ids(expression: str, *, in_name: bool = False) -> list[int]:
    """The rowids (contact ids) whose full-text row matches ``expression`` (in the name
    column alone if ``in_name``).

    Read as one row, the ids joined by commas, parsed by the JSON parser: stepping the cursor
    through 35,000 rows costs two to three times more (a Python tuple and int per row).
    """
    matching = _name_order.expanded(expression, in_name=in_name)
    row = database_proxy.execute_sql(
        "SELECT group_concat(rowid) FROM contact_index WHERE contact_index MATCH ?",
        (f"name : ({matching})" if in_name else matching,),
    ).fetchone()
    return json.loads(f"[{row[0]}]") if row and row[0] else []


_PROBE = "contact_probe"
#: The full-text table's columns and the options that decide what matches, per database.
_probe_shape: weakref.WeakKeyDictionary[pw.Database, tuple[str, str]] = weakref.WeakKeyDictionary()


def _probe_table() -> str:
    """Make (if this connection has none) a small contentless full-text table in the
    connection's temporary schema (kept in memory: ``temp_store``), with the columns and the
    tokenizer of ``contact_index``; return its column list."""
    database = database_proxy.obj
    shape = _probe_shape.get(database)
    if shape is None:
        (sql,) = database_proxy.execute_sql(
            "SELECT sql FROM sqlite_master WHERE name = 'contact_index'"
        ).fetchone()
        columns = ", ".join(
            f'"{row[1]}"'
            for row in database_proxy.execute_sql('PRAGMA table_info("contact_index")')
        )
        options = "".join(
            f", {m.group(0)}"
            for m in re.finditer(r"""\b(?:tokenize|detail)\s*=\s*(?:"[^"]*"|'[^']*'|\w+)""", sql)
        )
        shape = _probe_shape[database] = (columns, options)
    columns, options = shape
    database_proxy.execute_sql(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{_PROBE} USING fts5"
        f"({columns}, content=''{options})"
    )
    return columns


def _probe(ids: Sequence[int], expression: str) -> set[int]:
    """Which of ``ids`` match ``expression``: their full-text rows copied into a small
    full-text table of the same columns and tokenizer (:func:`_probe_table`) and matched
    there — exactly what the index would answer, at ~15 µs a person whatever the size of the
    index. (Asking the index itself about a few rowids costs a whole prefix's worth of
    reading per rowid: ~40 ms for "teac" at 1,000,000 people.)"""
    columns = _probe_table()
    database_proxy.execute_sql(f"INSERT INTO temp.{_PROBE}({_PROBE}) VALUES('delete-all')")
    database_proxy.execute_sql(
        f"INSERT INTO temp.{_PROBE}(rowid, {columns}) SELECT rowid, {columns}"
        " FROM main.contact_index WHERE rowid IN (SELECT value FROM json_each(?))",
        (json.dumps(list(ids)),),
    )
    row = database_proxy.execute_sql(
        f"SELECT group_concat(rowid) FROM temp.{_PROBE} WHERE {_PROBE} MATCH ?", (expression,)
    ).fetchone()
    return set(json.loads(f"[{row[0]}]")) if row and row[0] else set()


#: From this many people in the database, a search matching more than one in
#: :data:`_BROAD_SHARE` of them is answered from a first page found by testing people in name
#: order (:meth:`_NameOrder.probed_page`), its count left for later (reading 350,000 matches
#: costs ~100 ms at 1,000,000 people; below this size it costs a few milliseconds, and the
#: count is read with the list).
BOUNDED_FROM = 200_000
_BROAD_SHARE = 25
#: At most this many people are tested for a first page (~15 µs each: ~45 ms) before reading
#: the matches instead — a page found among a 25th of 1,000,000 people costs about what
#: reading their 40,000 matches does.
_WALK_LIMIT = 3_000
#: At most this many people whose names match the words cut short are tested for the names
#: matching; more (a family name at 1,000,000 people: 70,000), and the names are found by
#: testing people from the top of the order.
_NAMED_LIMIT = 1_500
#: For a search whose matches the index reads without merging many words' rows (prefixes of
#: two or three letters, or a few whole words; see :meth:`_NameOrder.expanded`), reading
#: costs ~0.25 µs a row of its words (:meth:`_NameOrder.read_cost`), testing a person
#: ~12 µs: at most one person is tested for this many rows ("climb", 38,000 rows, is read
#: (12 ms at 1,000,000 people, where testing 2,700 people took 32); "prof", 124,000, is
#: tested (15 ms, 26 to read)).
_ROWS_A_TEST = 50


def _bounded(expression: str, typed: list[str], size: int) -> SearchResult | None:
    """A full-text search in a large database (see :data:`BOUNDED_FROM`) as a
    :class:`SearchResult` whose count is read on first use; None when its first page cannot
    be found cheaply: the people tested at the top of the name order say that fewer than one
    in :data:`_BROAD_SHARE` match (reading the matches is then cheaper).
    """
    people = _name_order.people()
    if people < BOUNDED_FROM:
        return None
    try:
        page = _name_order.probed_page(
            expression,
            " ".join(typed),
            size,
            walk_limit=_WALK_LIMIT,
            named_limit=_NAMED_LIMIT,
        )
    except pw.OperationalError:
        return None  # no temporary table here (a read-only connection, say): read them
    if page is None:
        return None
    return SearchResult(
        None if len(page) >= size else len(page),  # a short page is everyone
        page,
        functools.partial(_ordered_matches, expression, typed, False),
        lambda: _name_order.count_found(_full_text_ids(expression)),
    )


#: At most this many people whose names begin with what was typed are tested for the first
#: page of a search with initials (see :meth:`_NameOrder.initialled_page`).
_INITIALLED_WALK = 640


def _initialled(search: str, size: int) -> SearchResult | None:
    """A search with one-letter words among longer ones ("niamh k", "o'br") in a large
    database (see :data:`BOUNDED_FROM`) as a :class:`SearchResult` whose first page is found
    without reading the matches (:meth:`_NameOrder.initialled_page`) and whose count is
    read on first use with the whole list; None when that page is not found so (the
    search then reads its matches, as :func:`contact_ids`)."""
    if _name_order.people() < BOUNDED_FROM:
        return None
    text = search.strip()
    typed = words(fold(text))
    letters = [w for w in typed if len(w) == 1]
    longer = search_expression(" ".join(w for w in words(text) if len(w) > 1))
    if len(typed) < 2 or not letters or longer is None:
        return None
    try:
        page = _name_order.initialled_page(
            longer, letters, " ".join(typed), size, in_name=len(typed[-1]) == 1
        )
    except pw.OperationalError:
        return None  # no temporary table here (a read-only connection, say)
    if page is None:
        return None
    return SearchResult(
        None if len(page) >= size else len(page),  # a short page is everyone
        page,
        functools.partial(contact_ids, search),
    )


def _in_circles(circles: Collection[int | None]) -> set[int]:
    """Ids of everyone in these circles (None: people without a circle), archived or not."""
    numbers = sorted(c for c in circles if c is not None)
    clauses = []
    if numbers:
        clauses.append(f"circle IN ({', '.join('?' * len(numbers))})")
    if None in circles:
        clauses.append("circle IS NULL")
    if not clauses:
        return set()
    sql = f"SELECT id FROM contact WHERE {' OR '.join(clauses)}"
    return {row[0] for row in database_proxy.execute_sql(sql, numbers)}


def _ranked(found: list[int], named: Collection[int], typed: list[str]) -> list[int]:
    """``found`` (in name order) with the names first: those whose name or nickname begins
    with what was typed, then those with every typed word starting a word of their name
    (``named``), then the rest — each group still in name order."""
    if not typed:
        return found
    begins = " ".join(typed)
    starting = _name_order.starting_with(begins)
    starting |= _name_order.nicknames_starting_with(begins)
    named_only = set(named) - starting
    if not starting and not named_only:
        return found
    first = list(filter(starting.__contains__, found))
    then = list(filter(named_only.__contains__, found))
    rest = list(filterfalse((starting | named_only).__contains__, found))
    return first + then + rest


def _name_matches(expression: str) -> set[int]:
    """Ids whose name or nickname has every word of the (quoted, prefix) ``expression``
    (none, without asking the index, when a word begins nobody's name: see
    :meth:`_NameOrder.no_name_has`)."""
    if _name_order.no_name_has([t.replace('""', '"') for t in _QUOTED.findall(expression)]):
        return set()
    return set(_full_text_ids(expression, in_name=True))


def _named(text: str) -> set[int]:
    """Ids whose name or nickname has every word of ``text`` starting one of its words: the
    one-letter words through the word-start index of the names in memory (a one-letter
    prefix would make the full-text index read every word starting with it), the longer ones
    through the name column of the full-text index."""
    letters = [w for w in words(fold(text)) if len(w) == 1]
    longer = search_expression(" ".join(w for w in words(text) if len(w) > 1))
    if not letters:
        return _name_matches(longer) if longer is not None else set()
    if longer is None:
        return _name_order.initialled(letters)
    return _name_order.with_initials(_name_matches(longer), letters)


def contact_ids(
    search: str = "",
    *,
    include_archived: bool = False,
    limit: int | None = None,
    circles: Collection[int | None] | None = None,
) -> list[int]:
    """Ids of the contacts matching ``search``: names first, then by name.

    - An empty search lists everyone, in name order.
    - One letter lists the names that start with it (an address-book index); so does one
      letter with only marks around it ("o'", "@p"), which would match nearly everyone in
      the other fields.
    - Otherwise the people whose name or nickname *begins* with what was typed come first
      ("lea" → *Léa Roux*), then those with every typed word starting a word of their name
      (*Ana Léa Costa*), then everyone else who matches (a company, a role, a note: *Team
      Lead* at …) — each group in name order. Case and accents never matter.
    - Two letters find the names with a word starting so ("li" finds *Lina* and *Wei Li*);
      only when no name matches do they search everything (nicknames, companies, …) — two
      letters are the start of nearly every email address, so searching them everywhere
      would list almost everyone.
    - Longer searches look in names, nickname, company, role, location, tags, channels and
      notes, every word narrowing, each word as a prefix. A lone letter after other words
      narrows the names ("lea r": the Léas whose family name starts with R); when no name
      matches so it is left out until the next letter comes ("staff e"), as it would match
      nearly every word elsewhere. A one-letter word among longer ones is an initial of a
      name, too: "j smith" is a Smith with a J in their name, "o'br" an O'Brien.

    ``circles`` keeps only the people in those circles (None among them: people without a
    circle) — the Contacts page's circle filter; empty or None keeps everyone.
    """
    if circles:
        members = _in_circles(circles)
        found = contact_ids(search, include_archived=include_archived)
        kept = [contact_id for contact_id in found if contact_id in members]
        return kept if limit is None else kept[:limit]
    answer = _search(search, include_archived, limit)
    if isinstance(answer, list):
        return answer
    expression, typed = answer
    found = _ordered_matches(expression, typed, include_archived)
    return found if limit is None else found[:limit]


def _search(
    search: str, include_archived: bool, limit: int | None
) -> list[int] | tuple[str, list[str]]:
    """What :func:`contact_ids` lists for ``search`` (without the circle filter), or — for a
    search answered by the full-text index, which may match most of the database — its
    full-text expression and the words typed, for :func:`_ordered_matches` to put the
    matches in order (or :func:`contact_list` to count them and read the first page)."""
    text = search.strip()
    order = " ORDER BY sort_name, id" + ("" if limit is None else f" LIMIT {int(limit)}")
    visible = "" if include_archived else "archived = 0"
    # One letter, alone or with marks around it ("o'", "@p"), is an address-book index: in
    # every field it would match nearly everyone.
    key = _index_key(text)
    if not key:
        where = f" WHERE {visible}" if visible else ""
        rows = database_proxy.execute_sql(f"SELECT id FROM contact{where}{order}")
        return [row[0] for row in rows]
    typed = words(fold(text))
    if len(key) == 1:
        clause = "sort_name >= ? AND sort_name < ?" + (f" AND {visible}" if visible else "")
        rows = database_proxy.execute_sql(
            f"SELECT id FROM contact WHERE {clause}{order}", (key, key + "\U0010ffff")
        )
        return [row[0] for row in rows]
    if len(key) == 2 and key.isalnum():
        # Two letters: the start of a word of a name or nickname, looked up in memory (the
        # full-text index would read every word starting so, in every column). Names that
        # begin so come first: "le" lists *Lea Roux* before *Ana Leal*.
        needle = " " + key
        found = _name_order.names_with_a_word_starting(key)
        nicknamed = _name_order.nicknamed_with(needle)
        if nicknamed:
            found = _in_name_order(set(found) | set(nicknamed))
        found = _ranked(found, set(found), typed)
        archived = _name_order.archived()
        if archived and not include_archived:
            found = list(filterfalse(archived.__contains__, found))
        if found:
            return found if limit is None else found[:limit]
    if len(typed) > 1 and len(typed[-1]) == 1:
        # A lone letter after other words narrows names ("lea r": the Léas whose family name
        # starts with R); anywhere else it would match nearly every word, so it waits for
        # the next letter.
        whole = search_expression(text)
        if whole is not None:
            named = _named(text)
            if named:
                found = _name_order.in_order(named, drop_archived=not include_archived)
                found = _ranked(found, named, typed)
                return found if limit is None else found[:limit]
        text = " ".join(words(text)[:-1])
    letters = [w for w in words(fold(text)) if len(w) == 1]
    longer = " ".join(w for w in words(text) if len(w) > 1)
    if letters and longer:
        # A one-letter word among longer ones ("o'br" on the way to O'Brien, "j smith") is
        # an initial of a name: it narrows the names. As a full-text prefix it would read
        # every word starting with that letter, in every column (~40 ms at 100,000).
        expression = search_expression(longer)
        assert expression is not None
        initialled = _name_order.with_initials(_full_text_ids(expression), letters)
        found = _name_order.in_order(list(initialled), drop_archived=not include_archived)
        found = _ranked(found, _name_matches(expression) & initialled, typed)
        return found if limit is None else found[:limit]
    expression = search_expression(text)
    if expression is None:
        return []
    return expression, typed


def _ordered_matches(
    expression: str,
    typed: list[str],
    include_archived: bool,
    found: list[int] | None = None,
    named: set[int] | None = None,
) -> list[int]:
    """Everyone matching ``expression`` in the list's order (see :func:`_ranked`); ``found``
    and ``named`` when already read."""
    if found is None:
        found = _full_text_ids(expression)
    ordered = _name_order.in_order(found, drop_archived=not include_archived)
    return _ranked(ordered, _name_matches(expression) if named is None else named, typed)


class SearchResult(Sequence[int]):
    """A search's ids in the list's order, of which only the first page — and, unless the
    count was left for later, the count — are known at first: the rest is put in order when a
    row past the first page is first read (scrolling, "select all", finding a row) — then the
    list is exactly what :func:`contact_ids` returns.

    A count left for later (``count`` None, see :func:`contact_list`) is read by ``counter``
    on first use of :func:`len` (or :meth:`count_now`); :attr:`known_count` says what is known
    without reading anything.
    """

    def __init__(
        self,
        count: int | None,
        first_page: list[int],
        rest: Callable[[], list[int]],
        counter: Callable[[], int | None] | None = None,
    ) -> None:
        self._count = count
        self._first = first_page
        self._rest: Callable[[], list[int]] | None = rest
        self._counter = counter
        self._all: list[int] | None = None

    @property
    def ordered(self) -> bool:
        """Whether the whole list has been put in order."""
        return self._all is not None

    @property
    def known_count(self) -> int | None:
        """The count if it has been read (None: not yet, the first page is all that is)."""
        return self._count

    @property
    def first_page(self) -> list[int]:
        return self._first if self._all is None else self._all[: len(self._first)]

    def count_now(self) -> int:
        """The count, read now if it was left for later."""
        if self._count is None:
            counted = self._counter() if self._counter is not None else None
            if counted is None:
                self.everyone()  # the order in memory is stale: order them all
            else:
                self._count = counted
        assert self._count is not None
        return self._count

    def everyone(self) -> list[int]:
        """The whole list, in order (read on first use)."""
        if self._all is None:
            assert self._rest is not None
            self._all, self._rest = self._rest(), None
            self._count = len(self._all)  # a write since the count (the model then re-reads)
        return self._all

    def __len__(self) -> int:
        return self.count_now()

    @overload
    def __getitem__(self, index: int) -> int: ...

    @overload
    def __getitem__(self, index: slice) -> list[int]: ...

    def __getitem__(self, index: int | slice) -> int | list[int]:
        if self._all is None:
            first = self._first
            count = self._count
            if isinstance(index, slice):
                stop = index.stop
                if count is not None:  # the first page may be everyone
                    stop = count if stop is None else min(stop, count)
                forward = index.step in (None, 1) and (index.start or 0) >= 0
                if forward and stop is not None and 0 <= stop <= len(first):
                    return first[index.start : stop]
            elif 0 <= index < len(first):
                return first[index]
            elif index < 0 and count is not None and -count <= index < len(first) - count:
                return first[count + index]
        return self.everyone()[index]

    def __iter__(self) -> Iterator[int]:
        return iter(self.everyone())


#: A search matching at least this many people is answered with its count and its first page,
#: the rest put in order only when scrolled to (see :func:`contact_list`). Below it, ordering
#: them all costs less than a millisecond or two.
FIRST_PAGE_FROM = 2_000


def _everyone(count: int) -> list[int]:
    """Everyone not archived, in name order (``contact_ids()``): from the name order in
    memory when it is read and holds ``count`` people (the ``count(*)`` just read: a contact
    written behind Kith's back makes them differ), else from the name index (~70 ms)."""
    listed = _name_order.listed()
    return listed if listed is not None and len(listed) == count else contact_ids()


def contact_list(
    search: str = "", *, circles: Collection[int | None] | None = None, first_page: int = 100
) -> Sequence[int]:
    """The Contacts list for ``search``: :func:`contact_ids` (without the archived people),
    but a search matching many people (prefixes like "tea" or "pro": a third of the
    database), one or two letters, and the empty search listing everyone, come back as a
    :class:`SearchResult`: the exact count and the first ``first_page`` rows in the list's
    order, read without putting the 35,000 matches in order; the rest is ordered when first
    read, and is then the same list in the same order.

    From :data:`BOUNDED_FROM` people on, a full-text search that many match does not read
    its matches at all (350,000 rowids at 1,000,000 people: ~100 ms): its first page is found
    by testing people in name order (:meth:`_NameOrder.probed_page`), and its count is left
    for later — :attr:`SearchResult.known_count` is None until :func:`len` reads it.
    """
    if circles:
        return contact_ids(search, circles=circles)
    key = _index_key(search)
    listed: SearchResult | None = None
    if not key:
        # The count and the first page from the name index, the rest when scrolled to. The
        # count is everyone less the archived: SQLite counts a table from its smallest index
        # (4 ms at 1,000,000 people) and the archived from theirs, where counting the people
        # not archived walks that index (120 ms).
        (everyone,) = database_proxy.execute_sql("SELECT count(*) FROM contact").fetchone()
        (archived,) = database_proxy.execute_sql(
            "SELECT count(*) FROM contact WHERE archived = 1"
        ).fetchone()
        rows = database_proxy.execute_sql(
            "SELECT id FROM contact WHERE archived = 0 ORDER BY sort_name, id"
            f" LIMIT {int(first_page)}"
        )
        count = everyone - archived
        page = [row[0] for row in rows]
        return SearchResult(count, page, functools.partial(_everyone, count))
    elif len(key) == 1:
        listed = _name_order.initial_page(key, first_page)
    elif len(key) == 2 and key.isalnum():
        listed = _name_order.word_start_page(key, search, first_page)
    if listed is not None:
        return listed
    lettered = _initialled(search, first_page)
    if lettered is not None:
        return lettered
    answer = _search(search, False, None)
    if isinstance(answer, list):
        return answer  # a search read from the names (one or two letters, initials)
    expression, typed = answer
    bounded = _bounded(expression, typed, first_page)
    if bounded is not None:
        return bounded
    found = _full_text_ids(expression)
    if len(found) >= FIRST_PAGE_FROM:
        named: list[set[int]] = []

        def name_matches() -> set[int]:
            if not named:
                named.append(_name_matches(expression))
            return named[0]

        counted = _name_order.first_page(
            found, " ".join(typed), name_matches, first_page, drop_archived=True
        )
        if counted is not None:
            count, page = counted
            return SearchResult(
                count, page, functools.partial(_ordered_matches, expression, typed, False)
            )
    return _ordered_matches(expression, typed, False, found)


def _index_key(search: str) -> str:
    """``search`` folded — or, for one letter with only marks around it ("o'", "@p"), that
    letter: what :func:`_search` looks up in the names for one or two characters."""
    key = fold(search.strip())
    typed = words(key)
    if len(typed) == 1 and len(typed[0]) == 1 and typed[0].isalpha():
        return typed[0]
    return key


def section_letters(ids: Sequence[int]) -> dict[int, str]:
    """Where each letter's section begins in ``ids`` (a list in name order): ``{row: "A"}``,
    for the compact list's A–Z headers. Accents are folded (*Émile* is under E); a name that
    does not begin with a letter is under "#"."""
    names = _name_order.folded_names()
    rows: dict[int, str] = {}
    last = None
    for row, contact_id in enumerate(ids):
        first = names(contact_id)[:1].upper()
        letter = first if first.isalpha() and first.isascii() else "#"
        if letter != last:
            rows[row] = letter
            last = letter
    return rows


@dataclass(frozen=True)
class ContactSummary:
    """What a contact card in a list shows."""

    id: int
    full_name: str
    company: str
    title: str
    circle: int | None
    tags: tuple[str, ...]
    last_contact: datetime | None
    photo: bytes | None
    archived: bool

    @property
    def role_line(self) -> str:
        return " · ".join(p for p in (self.title, self.company) if p)


def _last_contacts(ids: Sequence[int]) -> dict[int, datetime]:
    result = {}
    for contact_id, when in _rows_of(
        "SELECT ic.contact_id, MAX(i.occurred_at) FROM interaction_contact AS ic"
        " JOIN interaction AS i ON i.id = ic.interaction_id"
        " WHERE ic.contact_id IN ({ids}) GROUP BY ic.contact_id",
        ids,
    ):
        if isinstance(when, str):
            when = datetime.fromisoformat(when)
        result[contact_id] = when
    return result


def _rows_of(sql: str, ids: Sequence[int]) -> list[tuple[Any, ...]]:
    """The rows of ``sql`` (whose one ``{ids}`` stands for the ids' placeholders) for ``ids``.

    Plain SQL: a page of cards is read on a keystroke, and peewee's row objects cost more than
    the reads themselves.
    """
    wanted = [int(i) for i in ids]
    marks = ", ".join("?" * len(wanted))
    return database_proxy.execute_sql(sql.format(ids=marks), wanted).fetchall()


def _tags_of(ids: Sequence[int]) -> dict[int, list[str]]:
    tags: dict[int, list[str]] = {}
    for contact_id, name in _rows_of(
        "SELECT contact_tag.contact_id, tag.name FROM contact_tag"
        " JOIN tag ON tag.id = contact_tag.tag_id"
        " WHERE contact_tag.contact_id IN ({ids}) ORDER BY contact_tag.id",
        ids,
    ):
        tags.setdefault(contact_id, []).append(name)
    return tags


def contact_summaries(ids: Sequence[int]) -> dict[int, ContactSummary]:
    """Card data for these contacts (three indexed queries, whatever the page size)."""
    if not ids:
        return {}
    tags = _tags_of(ids)
    last = _last_contacts(ids)
    result = {}
    for row in _rows_of(
        "SELECT id, full_name, company, title, circle, photo, archived FROM contact"
        " WHERE id IN ({ids})",
        ids,
    ):
        contact_id, name, company, title, circle, photo, archived = row
        result[contact_id] = ContactSummary(
            id=contact_id,
            full_name=name,
            company=company,
            title=title,
            circle=circle,
            tags=tuple(tags.get(contact_id, ())),
            last_contact=last.get(contact_id),
            photo=bytes(photo) if photo is not None else None,
            archived=bool(archived),
        )
    return result


@dataclass(frozen=True)
class Channel:
    kind: str
    label: str
    value: str


@dataclass(frozen=True)
class ContactDetail:
    """Everything the detail pane shows about one contact."""

    summary: ContactSummary
    given_name: str
    family_name: str
    nickname: str
    location: str
    how_met: str
    met_on: date | None
    introduced_by: tuple[int, str] | None
    birthday_month: int | None
    birthday_day: int | None
    birthday_year: int | None
    cadence_days: int | None
    notes: str
    channels: tuple[Channel, ...]
    introduced: tuple[tuple[int, str], ...]
    #: Anniversaries and other dates beside the birthday, in the user's order.
    dates: tuple[ImportantDate, ...] = ()


def contact_detail(contact_id: int) -> ContactDetail | None:
    """The detail of one contact, or None if it no longer exists."""
    summaries = contact_summaries([contact_id])
    if contact_id not in summaries:
        return None
    c = Contact.get_by_id(contact_id)
    introducer = None
    if c.introduced_by_id is not None:
        who = Contact.get_or_none(Contact.id == c.introduced_by_id)
        if who is not None:
            introducer = (who.id, who.full_name)
    channels = tuple(
        Channel(m.kind, m.label, m.value)
        for m in ContactMethod.select()
        .where(ContactMethod.contact == contact_id)
        .order_by(ContactMethod.position, ContactMethod.id)
    )
    introduced = tuple(
        Contact.select(Contact.id, Contact.full_name)
        .where(Contact.introduced_by == contact_id)
        .order_by(Contact.sort_name)
        .tuples()
    )
    return ContactDetail(
        summary=summaries[contact_id],
        given_name=c.given_name,
        family_name=c.family_name,
        nickname=c.nickname,
        location=c.location,
        how_met=c.how_met,
        met_on=c.met_on,
        introduced_by=introducer,
        birthday_month=c.birthday_month,
        birthday_day=c.birthday_day,
        birthday_year=c.birthday_year,
        cadence_days=c.cadence_days,
        notes=c.notes,
        channels=channels,
        introduced=introduced,
        dates=tuple(
            ImportantDate(label, month, day, year)
            for label, month, day, year in ContactDate.select(
                ContactDate.label, ContactDate.month, ContactDate.day, ContactDate.year
            )
            .where(ContactDate.contact == contact_id)
            .order_by(ContactDate.position, ContactDate.id)
            .tuples()
        ),
    )


def find_contacts(text: str, limit: int = 20) -> list[ContactSummary]:
    """The best few people for ``text``, names first (see :func:`contact_ids`), with what a
    picker's row shows (avatar, role · company) — for pickers like "introduced by"."""
    ids = contact_ids(text, limit=limit)
    summaries = contact_summaries(ids)
    return [summaries[i] for i in ids if i in summaries]


#: The marks around a matched word in a reason (see :func:`match_reasons`).
MATCH_START, MATCH_END = "\x02", "\x03"
#: How many words of a field a reason quotes around the match.
_REASON_WORDS = 8
_WORD_SPAN = re.compile(r"\w+", re.UNICODE)


def _matches(word: str, terms: Sequence[str]) -> bool:
    folded = word.lower() if word.isascii() else fold(word)  # the same for an ASCII word
    return any(folded.startswith(term) for term in terms)


@functools.lru_cache(maxsize=16)
def _word_starting(terms: tuple[str, ...]) -> re.Pattern[str]:
    """Where a word (``\\w+``) begins with one of ``terms`` (words themselves)."""
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, terms)) + ")")


def _quote(text: str, terms: Sequence[str]) -> str | None:
    """A few words of ``text`` around its first word that starts with one of ``terms`` (folded),
    every such word marked; None when no word does."""
    in_place = fold_in_place(text)
    folded = fold(text) if in_place is None else in_place
    if not any(term in folded for term in terms):
        return None  # the common case, decided without looking at each word
    spans = [(m.start(), m.end()) for m in _WORD_SPAN.finditer(text)]
    if in_place is not None:
        # Folded in place (ASCII, accented Latin), every word is where it was: the words
        # starting so are where the terms begin a word of the folded text (one regular
        # expression, no step per word).
        starts = {m.start() for m in _word_starting(tuple(terms)).finditer(folded)}
        hits = [i for i, (a, _b) in enumerate(spans) if a in starts] if starts else []
    else:
        hits = [i for i, (a, b) in enumerate(spans) if _matches(text[a:b], terms)]
    if not hits:
        return None
    first = max(0, hits[0] - 2)
    last = min(len(spans), first + _REASON_WORDS)
    parts = []
    at = spans[first][0]
    for i in range(first, last):
        a, b = spans[i]
        parts.append(text[at:a])
        word = text[a:b]
        parts.append(f"{MATCH_START}{word}{MATCH_END}" if i in hits else word)
        at = b
    quoted = " ".join("".join(parts).split())
    return ("…" if first > 0 else "") + quoted + ("…" if last < len(spans) else "")


def match_terms(search: str) -> tuple[str, ...]:
    """The folded words :func:`match_reasons` marks for ``search`` (none for a search of
    fewer than three letters): two searches with the same terms have the same reasons."""
    key = fold(search)
    terms = words(key)
    if len(terms) > 1 and len(terms[-1]) == 1:
        terms = terms[:-1]
    return tuple(terms) if len(key) >= 3 else ()


def match_reasons(ids: Sequence[int], search: str) -> dict[int, str]:
    """Why each of these people matched ``search`` when it was not their name: "Role: Team
    \x02Lead\x03" — the field's name, then a few words of it around the match, the matched
    words between :data:`MATCH_START` and :data:`MATCH_END`. People whose name (or nickname)
    has every word typed, and searches of fewer than three letters, have no reason.

    Read for the rows on screen (a page of the list, a picker's suggestions) from the rows
    themselves — a few indexed reads, whatever the search: asking the full-text index to
    quote them would match the search against the whole index again.
    """
    terms = match_terms(search)
    wanted = [int(i) for i in ids]
    if not wanted or not terms:
        return {}
    tags = _tags_of(wanted)
    channels: dict[int, list[str]] = {}
    for contact_id, value in _rows_of(
        "SELECT contact_id, value FROM contact_method WHERE contact_id IN ({ids})", wanted
    ):
        channels.setdefault(contact_id, []).append(value)
    reasons = {}
    for row in _rows_of(
        "SELECT id, full_name, nickname, given_name, family_name, company, title, location,"
        " notes, how_met FROM contact WHERE id IN ({ids})",
        wanted,
    ):
        contact_id, full, nick, given, family, company, title, location, notes, how = row
        name_words = words(fold(" ".join((full, nick, given, family))))
        if all(any(w.startswith(term) for w in name_words) for term in terms):
            continue  # the name explains it
        fields = (
            ("Company", company),
            ("Role", title),
            ("Location", location),
            ("Tags", ", ".join(tags.get(contact_id, ()))),
            ("Contact", " ".join(channels.get(contact_id, ()))),
            ("Notes", "\n".join(p for p in (notes, how) if p)),
        )
        found = [
            f"{label}: {quote}"
            for label, text in fields
            if text and (quote := _quote(text, terms)) is not None
        ]
        if found:
            reasons[contact_id] = " · ".join(found[:2])
    return reasons


def count_contacts(*, include_archived: bool = False) -> int:
    query = Contact.select()
    if not include_archived:
        query = query.where(Contact.archived == False)  # noqa: E712
    return int(query.count())


@dataclass(frozen=True)
class NamedContact:
    """Someone a name given on the command line could mean."""

    id: int
    full_name: str
    role_line: str
    archived: bool


def _in_order(query: list[str], name: list[str], *, whole: bool) -> bool:
    """Whether each query word is a word of ``name`` (``whole``) or the start of one, in order."""
    rest = iter(name)
    return all(any(w == q if whole else w.startswith(q) for w in rest) for q in query)


def _name_tier(query: list[str], name: list[str]) -> int | None:
    """How well the query's words name someone whose name has these words (all folded):
    0 the whole name, 1 whole words of it in order, 2 starts of words of it in order, None
    not at all."""
    if not name:
        return None
    if query == name:
        return 0
    if _in_order(query, name, whole=True):
        return 1
    if _in_order(query, name, whole=False):
        return 2
    return None


def contacts_named(text: str) -> list[NamedContact]:
    """The people ``text`` names — one when it is unambiguous, several when it is not, none
    when it names nobody — for the command line's NAME arguments.

    Case and accents do not matter ("sofia" names *Sofía Ramírez*). The full name (or the
    nickname) wins over a part of a name; whole words of a name ("Souza", "Ana Souza" for
    *Ana Maria Souza*) over the starts of words ("Sou"); at the same level, people not
    archived over archived ones. Several people at the best level are all returned, in name
    order. ``#12`` names the person whose id is 12 (what a listing of several shows, for two
    people of one name).
    """
    rows = Contact.select(
        Contact.id,
        Contact.full_name,
        Contact.nickname,
        Contact.company,
        Contact.title,
        Contact.archived,
    )
    by_id = re.fullmatch(r"\s*#(\d+)\s*", text)
    if by_id:
        rows = rows.where(Contact.id == int(by_id.group(1)))
        return [
            NamedContact(cid, name, " · ".join(p for p in (title, company) if p), bool(archived))
            for cid, name, _nick, company, title, archived in rows.tuples()
        ]
    query = words(fold(text))
    if not query:
        return []
    best: dict[tuple[int, bool], list[NamedContact]] = {}
    for contact_id, full_name, nickname, company, title, archived in rows.tuples():
        tiers = [
            t
            for t in (
                _name_tier(query, words(fold(full_name))),
                _name_tier(query, words(fold(nickname or ""))),
            )
            if t is not None
        ]
        if not tiers:
            continue
        role = " · ".join(p for p in (title, company) if p)
        found = NamedContact(contact_id, full_name, role, bool(archived))
        best.setdefault((min(tiers), bool(archived)), []).append(found)
    if not best:
        return []
    chosen = best[min(best)]
    return sorted(chosen, key=lambda c: (fold(c.full_name), c.id))
