"""The contact directory: which contacts match a search, in order, and what a card shows."""

from __future__ import annotations

import heapq
import re
import weakref
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime

import peewee as pw

from kith.core.text import fold, words
from kith.store.changes import changes
from kith.store.models import (
    Contact,
    ContactMethod,
    ContactTag,
    Interaction,
    InteractionContact,
    Tag,
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
        self._places: list[int] | None = None
        self._archived: set[int] = set()
        self._sorted: list[tuple[int, str]] = []
        self._names: list[tuple[int, str]] | None = None
        changes.subscribe(self._on_change)

    def _on_change(self, tables: frozenset[str]) -> None:
        if "contact" in tables:
            self.forget()

    def forget(self) -> None:
        self._places = None
        self._names = None

    def places(self) -> tuple[list[int], set[int]]:
        """Each contact's place in name order, indexed by id (-1: no such contact), and the
        archived ones. A list, not a dict: ids are small dense integers, and indexing a list is
        what makes sorting 20,000 matches take a few milliseconds."""
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
            places = [-1] * (max((row[0] for row in rows), default=0) + 1)
            for place, (contact_id, _name) in enumerate(rows):
                places[contact_id] = place
            self._places, self._archived, self._sorted = places, {r[0] for r in gone}, rows
        return self._places, self._archived

    def names(self) -> list[tuple[int, str]]:
        """(id, " word word …") of everyone in name order: the folded name with the marks that
        join words ("Jean-Luc", "O'Brien") made spaces — what a two-letter search looks
        through (built on first use)."""
        self.places()  # the same database, the same freshness
        if self._names is None:
            self._names = [
                (cid, " " + name.replace("-", " ").replace("'", " ")) for cid, name in self._sorted
            ]
        return self._names

    def archived(self) -> set[int]:
        return self.places()[1]


_name_order = _NameOrder()


def _sorted_has_unknown(found: list[int], places: list[int]) -> bool:
    """Sort ``found`` by name in place; True if one of them has no place (it sorts first)."""
    found.sort(key=places.__getitem__)
    return places[found[0]] < 0


def _matching_ids(expression: str, include_archived: bool, limit: int | None) -> list[int]:
    """Contacts whose full-text row matches ``expression``, in name order."""
    found = [
        row[0]
        for row in database_proxy.execute_sql(
            "SELECT rowid FROM contact_index WHERE contact_index MATCH ?", (expression,)
        )
    ]
    places, archived = _name_order.places()
    if found and (max(found) >= len(places) or _sorted_has_unknown(found, places)):
        # Written without announcing it (another program, say): learn the order anew.
        _name_order.forget()
        places, archived = _name_order.places()
        found = [contact_id for contact_id in found if contact_id < len(places)]
        found.sort(key=places.__getitem__)
        found = [contact_id for contact_id in found if places[contact_id] >= 0]
    if archived and not include_archived:
        found = [contact_id for contact_id in found if contact_id not in archived]
    return found if limit is None else found[:limit]


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


def contact_ids(
    search: str = "",
    *,
    include_archived: bool = False,
    limit: int | None = None,
    circles: Collection[int | None] | None = None,
) -> list[int]:
    """Ids of the contacts matching ``search``, ordered by name.

    - An empty search lists everyone.
    - One letter lists the names that start with it (an address-book index).
    - Two letters find the names with a word starting so ("li" finds *Lina* and *Wei Li*);
      only when no name matches do they search everything (nicknames, companies, …) — two
      letters are the start of nearly every email address, so searching them everywhere
      would list almost everyone.
    - Longer searches look in names, nickname, company, role, location, tags, channels and
      notes, each word as a prefix. A lone letter after other words ("staff e") is left out
      until the next letter comes: it would match nearly every word.

    ``circles`` keeps only the people in those circles (None among them: people without a
    circle) — the Contacts page's circle filter; empty or None keeps everyone.
    """
    if circles:
        members = _in_circles(circles)
        found = contact_ids(search, include_archived=include_archived)
        kept = [contact_id for contact_id in found if contact_id in members]
        return kept if limit is None else kept[:limit]
    text = search.strip()
    key = fold(text)
    order = " ORDER BY sort_name, id" + ("" if limit is None else f" LIMIT {int(limit)}")
    visible = "" if include_archived else "archived = 0"
    if not key:
        where = f" WHERE {visible}" if visible else ""
        rows = database_proxy.execute_sql(f"SELECT id FROM contact{where}{order}")
        return [row[0] for row in rows]
    if len(key) == 1:
        clause = "sort_name >= ? AND sort_name < ?" + (f" AND {visible}" if visible else "")
        rows = database_proxy.execute_sql(
            f"SELECT id FROM contact WHERE {clause}{order}", (key, key + "\U0010ffff")
        )
        return [row[0] for row in rows]
    terms = words(text)
    if len(terms) > 1 and len(terms[-1]) == 1:
        text = " ".join(terms[:-1])
    if len(key) == 2 and key.isalnum():
        # Two letters: the start of a word of a name, looked up in memory (the full-text
        # index would read every word starting so, in every column).
        needle = " " + key
        found = [cid for cid, name_words in _name_order.names() if needle in name_words]
        archived = _name_order.archived()
        if archived and not include_archived:
            found = [cid for cid in found if cid not in archived]
        if found:
            return found if limit is None else found[:limit]
    expression = search_expression(text)
    if expression is None:
        return []
    return _matching_ids(expression, include_archived, limit)


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
    query = (
        InteractionContact.select(InteractionContact.contact, pw.fn.MAX(Interaction.occurred_at))
        .join(Interaction)
        .where(InteractionContact.contact.in_(list(ids)))
        .group_by(InteractionContact.contact)
        .tuples()
    )
    result = {}
    for contact_id, when in query:
        if isinstance(when, str):
            when = datetime.fromisoformat(when)
        result[contact_id] = when
    return result


def _tags_of(ids: Sequence[int]) -> dict[int, list[str]]:
    tags: dict[int, list[str]] = {}
    for contact_id, name in (
        ContactTag.select(ContactTag.contact, Tag.name)
        .join(Tag)
        .where(ContactTag.contact.in_(list(ids)))
        .order_by(ContactTag.id)
        .tuples()
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
    for row in (
        Contact.select(
            Contact.id,
            Contact.full_name,
            Contact.company,
            Contact.title,
            Contact.circle,
            Contact.photo,
            Contact.archived,
        )
        .where(Contact.id.in_(list(ids)))
        .tuples()
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
    )


def find_contacts(text: str, limit: int = 20) -> list[tuple[int, str, str]]:
    """(id, name, role line) of the best few matches, for pickers like "introduced by"."""
    ids = contact_ids(text, limit=limit)
    summaries = contact_summaries(ids)
    return [(i, summaries[i].full_name, summaries[i].role_line) for i in ids if i in summaries]


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
