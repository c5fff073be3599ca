"""The contact directory: which contacts match a search, in order, and what a card shows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

import peewee as pw

from kith.core.text import fold, words
from kith.store.models import (
    Contact,
    ContactIndex,
    ContactMethod,
    ContactTag,
    Interaction,
    InteractionContact,
    Tag,
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


def contact_ids(
    search: str = "", *, include_archived: bool = False, limit: int | None = None
) -> list[int]:
    """Ids of the contacts matching ``search``, ordered by name.

    An empty search lists everyone. A single letter lists the names that start with it (an
    address-book index, and fast on any size of database). Two or more characters search
    names, nickname, company, role, location, tags, channels and notes, each word as a prefix.
    """
    text = search.strip()
    key = fold(text)
    base = Contact.select(Contact.id)
    if not include_archived:
        base = base.where(Contact.archived == False)  # noqa: E712
    order = (Contact.sort_name, Contact.id)
    if not key:
        query = base.order_by(*order)
    elif len(key) == 1:
        query = base.where(
            (Contact.sort_name >= key) & (Contact.sort_name < key + "\U0010ffff")
        ).order_by(*order)
    else:
        expression = search_expression(text)
        if expression is None:
            return []
        query = (
            base.join(ContactIndex, on=(ContactIndex.rowid == Contact.id))
            .where(ContactIndex.match(expression))
            .order_by(*order)
        )
    if limit is not None:
        query = query.limit(limit)
    return [row[0] for row in query.tuples()]


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
