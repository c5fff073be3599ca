"""Contacts as the user edits them: drafts, validation, saving, deleting with undo."""

from __future__ import annotations

import re
from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from kith.core.errors import ValidationError
from kith.core.text import fold
from kith.store.changes import writing
from kith.store.models import (
    CHANNEL_KINDS,
    Contact,
    ContactCard,
    ContactDate,
    ContactIndex,
    ContactMethod,
    ContactTag,
    FollowUp,
    GoalContact,
    Interaction,
    InteractionContact,
    Relationship,
    Tag,
    database_proxy,
    utcnow,
)

CIRCLE_NAMES = {
    1: "Inner 5",
    2: "15",
    3: "50",
    4: "150",
    5: "Acquaintance",
}

CHANNEL_LABELS = {
    "email": "Email",
    "phone": "Phone",
    "url": "Link",
    "social": "Social",
    "address": "Address",
}

MAX_CADENCE_DAYS = 3650
MAX_TAG_LENGTH = 40

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
_PHONE = re.compile(r"^[+0-9 ()./\-]*(?:(?:ext\.?|x)\s*[0-9]+)?$", re.IGNORECASE)


@dataclass
class ChannelDraft:
    kind: str
    value: str
    label: str = ""
    #: An address's parts, when it has them (vCard ADR, a CSV's address columns); ``value``
    #: is the address on one line either way.
    address: AddressParts | None = None


@dataclass(frozen=True)
class AddressParts:
    """A postal address in parts, as vCard's ADR and the address books' columns hold it."""

    street: str = ""
    locality: str = ""
    region: str = ""
    postal_code: str = ""
    country: str = ""

    def one_line(self) -> str:
        """ "1 Main St, Springfield, IL 62701, USA"."""
        region_code = " ".join(p for p in (self.region, self.postal_code) if p)
        return ", ".join(p for p in (self.street, self.locality, region_code, self.country) if p)

    def __bool__(self) -> bool:
        """False for no parts, or only a street: that is an address on one line."""
        return any((self.locality, self.region, self.postal_code, self.country))


#: The label of the one date vCard names itself (ANNIVERSARY); others are Apple's X-ABDATE.
ANNIVERSARY = "Anniversary"


@dataclass(frozen=True)
class ImportantDate:
    """A date beside the birthday that comes back every year: an anniversary, or one of the
    user's own naming ("First climb"); the year when known."""

    label: str
    month: int
    day: int
    year: int | None = None

    def is_anniversary(self) -> bool:
        """The date vCard names itself (ANNIVERSARY): labelled exactly "Anniversary"."""
        return self.label.strip() == ANNIVERSARY


_ADDRESS_COLUMNS = ("street", "locality", "region", "postal_code", "country")


def _address_values(channel: ChannelDraft) -> tuple[str, ...]:
    parts = channel.address if channel.kind == "address" else None
    if not parts:
        return ("",) * 5
    return tuple(getattr(parts, name).strip() for name in _ADDRESS_COLUMNS)


@dataclass
class ContactDraft:
    """Everything the contact form edits, as plain values."""

    full_name: str = ""
    given_name: str = ""
    family_name: str = ""
    nickname: str = ""
    photo: bytes | None = None
    company: str = ""
    title: str = ""
    location: str = ""
    how_met: str = ""
    met_on: date | None = None
    introduced_by_id: int | None = None
    birthday_month: int | None = None
    birthday_day: int | None = None
    birthday_year: int | None = None
    circle: int | None = None
    cadence_days: int | None = None
    notes: str = ""
    tags: list[str] = field(default_factory=list)
    channels: list[ChannelDraft] = field(default_factory=list)
    archived: bool = False
    #: N's other parts ("Dr.", "Luisa", "PhD"); the full name is still what is shown.
    name_prefix: str = ""
    middle_name: str = ""
    name_suffix: str = ""
    #: ORG's units beside the company ("Research").
    department: str = ""
    #: Important dates beside the birthday, in the order the user keeps them.
    dates: list[ImportantDate] = field(default_factory=list)

    def display_name(self) -> str:
        name = self.full_name.strip()
        if name:
            return name
        return " ".join(p for p in (self.given_name.strip(), self.family_name.strip()) if p)


def normalise_tags(tags: Iterable[str]) -> list[str]:
    """Strip, drop empties and case-insensitive repeats, keeping the first spelling."""
    seen: set[str] = set()
    result: list[str] = []
    for tag in tags:
        clean = " ".join(tag.split())
        key = clean.casefold()
        if clean and key not in seen:
            seen.add(key)
            result.append(clean)
    return result


def channel_error(kind: str, value: str) -> str | None:
    """Why ``value`` is not a valid channel of ``kind``, or None if it is fine."""
    if kind not in CHANNEL_KINDS:
        return f"Unknown kind of channel: {kind}"
    if kind == "email" and not _EMAIL.match(value):
        return "An email address needs an @ and a domain, like name@example.com"
    if kind == "phone" and (not _PHONE.match(value) or sum(map(str.isdigit, value)) < 3):
        return "A phone number has digits, spaces and + ( ) - only"
    if kind == "url" and (" " in value or "." not in value):
        return "A link looks like example.com or https://example.com/page"
    return None


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _days_in_month(month: int, year: int | None) -> int:
    if month == 2:
        return 28 if year is not None and not _is_leap(year) else 29
    return 30 if month in (4, 6, 9, 11) else 31


MAX_DATE_LABEL = 60


def date_error(month: int | None, day: int | None, year: int | None) -> str | None:
    """Why an important date (a day and month, the year optional) cannot be kept, or None."""
    if not month or not day:
        return "A date needs at least a day and a month"
    if not 1 <= month <= 12:
        return "The month must be between 1 and 12"
    if year is not None and not 1000 <= year <= 9999:
        return "The year must have four digits"
    if not 1 <= day <= _days_in_month(month, year):
        return "That day does not exist in that month"
    return None


def validate(
    draft: ContactDraft,
    *,
    contact_id: int | None = None,
    stored: Container[int] | None = None,
) -> dict[str, str]:
    """Check a draft; return field → message for every problem (empty when it can be saved).

    ``stored``: ids known to be in Kith (read at once for many drafts), so the introducer is
    looked up there instead of with a query of its own."""
    errors: dict[str, str] = {}
    if not draft.display_name():
        errors["full_name"] = "Give this person a name"
    for i, channel in enumerate(draft.channels):
        value = channel.value.strip()
        if not value:
            continue
        problem = channel_error(channel.kind, value)
        if problem:
            errors[f"channels.{i}"] = problem
    month, day, year = draft.birthday_month, draft.birthday_day, draft.birthday_year
    if month is not None or day is not None or year is not None:
        if month is None or day is None:
            errors["birthday"] = "A birthday needs at least a day and a month"
        elif not 1 <= month <= 12:
            errors["birthday"] = "The month must be between 1 and 12"
        elif year is not None and not 1900 <= year <= date.today().year:
            errors["birthday"] = f"The year must be between 1900 and {date.today().year}"
        elif not 1 <= day <= _days_in_month(month, year):
            errors["birthday"] = "That day does not exist in that month"
    for i, important in enumerate(draft.dates):
        problem = date_error(important.month, important.day, important.year)
        if problem is None and len(important.label.strip()) > MAX_DATE_LABEL:
            problem = f"Keep a date's name under {MAX_DATE_LABEL} characters"
        if problem:
            errors[f"dates.{i}"] = problem
    if draft.circle is not None and draft.circle not in CIRCLE_NAMES:
        errors["circle"] = "Unknown circle"
    if draft.cadence_days is not None and not 1 <= draft.cadence_days <= MAX_CADENCE_DAYS:
        errors["cadence_days"] = f"Keep in touch every 1 to {MAX_CADENCE_DAYS} days"
    if draft.introduced_by_id is not None:
        if contact_id is not None and draft.introduced_by_id == contact_id:
            errors["introduced_by"] = "Nobody introduces you to themselves"
        elif (
            draft.introduced_by_id not in stored
            if stored is not None
            else not Contact.select().where(Contact.id == draft.introduced_by_id).exists()
        ):
            errors["introduced_by"] = "That person is no longer in Kith"
    for tag in draft.tags:
        if len(tag.strip()) > MAX_TAG_LENGTH:
            errors["tags"] = f"Keep tags under {MAX_TAG_LENGTH} characters"
            break
    return errors


def _clean_url(value: str) -> str:
    return value if "://" in value else f"https://{value}"


def _tag_ids(names: Sequence[str]) -> list[int]:
    ids = []
    for name in names:
        tag = Tag.get_or_none(Tag.name == name)
        if tag is None:
            tag = Tag.create(name=name)
        ids.append(tag.id)
    return ids


_INDEX_INSERT = (
    "INSERT INTO contact_index (rowid, name, company, title, location, tags, channels, notes)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)


def _raw(query: Any) -> list[tuple[Any, ...]]:
    """A query's rows as SQLite returns them (no per-value conversion by peewee)."""
    sql, params = query.sql()
    return list(database_proxy.execute_sql(sql, params).fetchall())


def reindex_contacts(contact_ids: Iterable[int], *, fresh: bool = False) -> None:
    """Rewrite the full-text index rows of these contacts (call inside the write transaction).

    ``fresh``: they have no rows yet (a restore into an empty database): none to delete.
    """
    ids = list(contact_ids)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        if not fresh:
            ContactIndex.delete().where(ContactIndex.rowid.in_(chunk)).execute()
        contacts = Contact.select(
            Contact.id,
            Contact.full_name,
            Contact.nickname,
            Contact.given_name,
            Contact.family_name,
            Contact.company,
            Contact.title,
            Contact.location,
            Contact.notes,
            Contact.how_met,
        ).where(Contact.id.in_(chunk))
        tags: dict[int, list[str]] = {}
        tag_query = (
            ContactTag.select(ContactTag.contact, Tag.name)
            .join(Tag)
            .where(ContactTag.contact.in_(chunk))
            .order_by(ContactTag.id)
        )
        for contact_id, name in _raw(tag_query):
            tags.setdefault(contact_id, []).append(name)
        channels: dict[int, list[str]] = {}
        channel_query = (
            ContactMethod.select(ContactMethod.contact, ContactMethod.value)
            .where(ContactMethod.contact.in_(chunk))
            .order_by(ContactMethod.id)
        )
        for contact_id, value in _raw(channel_query):
            channels.setdefault(contact_id, []).append(value)
        rows = [
            (
                cid,
                " ".join(p for p in (full_name, nickname, given, family) if p),
                company,
                title,
                location,
                " ".join(tags.get(cid, [])),
                " ".join(channels.get(cid, [])),
                "\n".join(p for p in (notes, how_met) if p),
            )
            for (
                cid,
                full_name,
                nickname,
                given,
                family,
                company,
                title,
                location,
                notes,
                how_met,
            ) in _raw(contacts)
        ]
        if rows:
            database_proxy.cursor().executemany(_INDEX_INSERT, rows)


def _joined(columns: Sequence[str], separator: str) -> str:
    """SQL for ``separator.join`` of the columns that are not empty (NULL counts as empty)."""
    parts = " || ".join(
        f"CASE WHEN IFNULL({c}, '') != '' THEN '{separator}' || {c} ELSE '' END" for c in columns
    )
    return f"substr({parts}, {len(separator) + 1})"


def _listed(sql: str) -> str:
    """SQL for the values of a one-column query joined by spaces, in its order ('' for none)."""
    return f"IFNULL((SELECT group_concat(v, ' ') FROM ({sql})), '')"


#: Every contact's full-text row as :func:`reindex_contacts` writes it, computed by SQLite.
_FILL_INDEX = f"""
INSERT INTO contact_index (rowid, name, company, title, location, tags, channels, notes)
SELECT c.id,
       {_joined(("c.full_name", "c.nickname", "c.given_name", "c.family_name"), " ")},
       c.company, c.title, c.location,
       {
    _listed(
        "SELECT t.name AS v FROM contact_tag AS ct JOIN tag AS t ON t.id = ct.tag_id "
        "WHERE ct.contact_id = c.id ORDER BY ct.id"
    )
},
       {
    _listed("SELECT m.value AS v FROM contact_method AS m WHERE m.contact_id = c.id ORDER BY m.id")
},
       {_joined(("c.notes", "c.how_met"), chr(10))}
FROM contact AS c ORDER BY c.id
"""


def fill_contact_index() -> None:
    """Write every contact's full-text row into an EMPTY index (a restore), inside the
    caller's transaction: the rows :func:`reindex_contacts` would write, in one statement
    (no Python object per contact)."""
    database_proxy.execute_sql(_FILL_INDEX)


def save_contact(
    draft: ContactDraft,
    contact_id: int | None = None,
    *,
    uid: str | None = None,
    reindex: bool = True,
) -> int:
    """Validate and write a contact with its channels and tags in one transaction.

    Returns the contact's id. Raises :class:`ValidationError` (writing nothing) when the
    draft has problems. ``uid`` gives a new contact that stable id (an imported card's UID)
    instead of a fresh one; it is ignored when updating. ``reindex=False`` leaves the
    full-text row to the caller, who reindexes many contacts at once in the same transaction.
    """
    errors = validate(draft, contact_id=contact_id)
    if errors:
        raise ValidationError(errors)
    name = draft.display_name()
    values: dict[str, Any] = {
        "full_name": name,
        "given_name": draft.given_name.strip(),
        "family_name": draft.family_name.strip(),
        "name_prefix": draft.name_prefix.strip(),
        "middle_name": draft.middle_name.strip(),
        "name_suffix": draft.name_suffix.strip(),
        "department": draft.department.strip(),
        "nickname": draft.nickname.strip(),
        "sort_name": fold(name),
        "photo": draft.photo,
        "company": draft.company.strip(),
        "title": draft.title.strip(),
        "location": draft.location.strip(),
        "how_met": draft.how_met.strip(),
        "met_on": draft.met_on,
        "introduced_by": draft.introduced_by_id,
        "birthday_month": draft.birthday_month,
        "birthday_day": draft.birthday_day,
        "birthday_year": draft.birthday_year,
        "circle": draft.circle,
        "cadence_days": draft.cadence_days,
        "notes": draft.notes.strip(),
        "archived": draft.archived,
        "updated_at": utcnow(),
    }
    channels = [
        ChannelDraft(c.kind, c.value.strip(), c.label.strip(), c.address)
        for c in draft.channels
        if c.value.strip()
    ]
    tags = normalise_tags(draft.tags)
    with writing(
        "contact", "contact_method", "contact_date", "tag", "contact_tag", "contact_index"
    ):
        if contact_id is None:
            if uid is not None:
                values["uid"] = uid
            contact_id = int(Contact.insert(**values).execute())
        else:
            updated = Contact.update(**values).where(Contact.id == contact_id).execute()
            if not updated:
                raise ValidationError({"full_name": "This person was deleted meanwhile"})
        ContactMethod.delete().where(ContactMethod.contact == contact_id).execute()
        first_of_kind: set[str] = set()
        method_rows = []
        for position, channel in enumerate(channels):
            value = _clean_url(channel.value) if channel.kind == "url" else channel.value
            method_rows.append(
                {
                    "contact": contact_id,
                    "kind": channel.kind,
                    "label": channel.label,
                    "value": value,
                    "is_primary": channel.kind not in first_of_kind,
                    "position": position,
                    **dict(zip(_ADDRESS_COLUMNS, _address_values(channel), strict=True)),
                }
            )
            first_of_kind.add(channel.kind)
        if method_rows:
            ContactMethod.insert_many(method_rows).execute()
        ContactDate.delete().where(ContactDate.contact == contact_id).execute()
        date_rows = [
            {"contact": contact_id, **_date_values(important), "position": position}
            for position, important in enumerate(draft.dates)
        ]
        if date_rows:
            ContactDate.insert_many(date_rows).execute()
        ContactTag.delete().where(ContactTag.contact == contact_id).execute()
        tag_rows = [{"contact": contact_id, "tag": tag_id} for tag_id in _tag_ids(tags)]
        if tag_rows:
            ContactTag.insert_many(tag_rows).execute()
        if reindex:
            reindex_contacts([contact_id])
    return contact_id


def _date_values(important: ImportantDate) -> dict[str, Any]:
    return {
        "label": important.label.strip() or ANNIVERSARY,
        "month": important.month,
        "day": important.day,
        "year": important.year,
    }


class ContactNotFoundError(LookupError):
    """The contact no longer exists (deleted meanwhile)."""


def load_draft(contact_id: int) -> ContactDraft:
    """The draft the form starts from when editing an existing contact."""
    draft = load_drafts([contact_id]).get(contact_id)
    if draft is None:
        raise ContactNotFoundError(contact_id)
    return draft


def load_drafts(contact_ids: Iterable[int]) -> dict[int, ContactDraft]:
    """The drafts of many contacts at once (four queries per 500); missing ones are left out.

    The rows are read as plain SQL rows: peewee's per-row conversion was most of the time
    of a 10,000-contact export.
    """
    return {cid: rows.draft() for cid, rows in draft_rows(contact_ids).items()}


@dataclass(frozen=True)
class DraftRows:
    """A contact's rows as SQLite gives them: everything its draft is made of."""

    #: The contact's columns, in the order of ``_DRAFT_FIELDS``.
    contact: tuple[Any, ...]
    #: (kind, value, label, street, locality, region, postal code, country) per channel.
    channels: list[tuple[Any, ...]]
    tags: list[str]
    #: (label, month, day, year) per important date.
    dates: list[tuple[Any, ...]]

    def draft(self) -> ContactDraft:
        values = dict(zip(_DRAFT_FIELDS, self.contact, strict=True))
        del values["id"]
        photo = values.pop("photo")
        met_on = values.pop("met_on")
        archived = values.pop("archived")
        return ContactDraft(
            **values,
            photo=bytes(photo) if photo is not None else None,
            met_on=_date(met_on),
            archived=bool(archived),
            tags=list(self.tags),
            channels=[
                ChannelDraft(
                    kind,
                    value,
                    label,
                    AddressParts(*parts) if kind == "address" and any(parts) else None,
                )
                for kind, value, label, *parts in self.channels
            ],
            dates=[ImportantDate(*important) for important in self.dates],
        )

    def fingerprint(self, uid: str | None, introducer: str | None) -> str:
        """A fingerprint of everything the contact's card is written from (with its uid and
        its introducer's), without building the draft: ``r:`` and a SHA-1."""
        import hashlib

        digest = hashlib.sha1(usedforsecurity=False)
        photo = self.contact[_PHOTO_AT]
        values = self.contact[1:_PHOTO_AT] + self.contact[_PHOTO_AT + 1 :]
        digest.update(
            repr((values, self.channels, self.tags, self.dates, uid, introducer)).encode()
        )
        digest.update(bytes(photo or b""))
        return "r:" + digest.hexdigest()


def draft_rows(contact_ids: Iterable[int]) -> dict[int, DraftRows]:
    """The rows of many contacts' drafts (four plain SQL queries per 500)."""
    ids = list(dict.fromkeys(contact_ids))
    result: dict[int, DraftRows] = {}
    db = database_proxy
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        channels: dict[int, list[tuple[Any, ...]]] = {}
        for contact_id, *channel in db.execute_sql(
            "SELECT contact_id, kind, value, label, street, locality, region, postal_code, "
            f"country FROM contact_method WHERE contact_id IN ({marks}) "
            "ORDER BY contact_id, position, id",
            chunk,
        ):
            channels.setdefault(contact_id, []).append(tuple(channel))
        tags: dict[int, list[str]] = {}
        for contact_id, name in db.execute_sql(
            "SELECT ct.contact_id, t.name FROM contact_tag AS ct JOIN tag AS t ON t.id = ct.tag_id "
            f"WHERE ct.contact_id IN ({marks}) ORDER BY ct.id",
            chunk,
        ):
            tags.setdefault(contact_id, []).append(name)
        dates: dict[int, list[tuple[Any, ...]]] = {}
        for contact_id, *important in db.execute_sql(
            "SELECT contact_id, label, month, day, year FROM contact_date "
            f"WHERE contact_id IN ({marks}) ORDER BY contact_id, position, id",
            chunk,
        ):
            dates.setdefault(contact_id, []).append(tuple(important))
        for row in db.execute_sql(
            f"SELECT {_DRAFT_SQL} FROM contact WHERE id IN ({marks})", chunk
        ).fetchall():
            contact_id = row[0]
            result[contact_id] = DraftRows(
                tuple(row),
                channels.get(contact_id, []),
                tags.get(contact_id, []),
                dates.get(contact_id, []),
            )
    return result


def _date(value: object) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


#: The contact columns a draft is made of (load_drafts): each is the ContactDraft attribute
#: of the same name.
_DRAFT_FIELDS = (
    "id",
    "full_name",
    "given_name",
    "family_name",
    "nickname",
    "photo",
    "company",
    "title",
    "location",
    "how_met",
    "met_on",
    "introduced_by_id",
    "birthday_month",
    "birthday_day",
    "birthday_year",
    "circle",
    "cadence_days",
    "notes",
    "archived",
    "name_prefix",
    "middle_name",
    "name_suffix",
    "department",
)
_DRAFT_SQL = ", ".join(_DRAFT_FIELDS)
_PHOTO_AT = _DRAFT_FIELDS.index("photo")


def all_tag_names() -> list[str]:
    """Every tag in use or defined, for completion, alphabetically."""
    return [t.name for t in Tag.select(Tag.name).order_by(Tag.name.collate("NOCASE"))]


@dataclass
class DeletedContacts:
    """Everything removed by :func:`delete_contacts`, enough to put it all back."""

    contacts: list[dict[str, Any]]
    methods: list[dict[str, Any]]
    tag_names: list[tuple[int, str]]
    goal_links: list[dict[str, Any]]
    interactions: list[dict[str, Any]]
    interaction_links: list[dict[str, Any]]
    follow_ups: list[dict[str, Any]]
    relationships: list[dict[str, Any]]
    introduced: list[tuple[int, int]]  # (contact id, introducer id) of survivors
    #: Their kept vCards (``contact_card`` rows), if they came from one.
    cards: list[dict[str, Any]] = field(default_factory=list)
    #: Their important dates (``contact_date`` rows).
    dates: list[dict[str, Any]] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.contacts)

    @property
    def names(self) -> list[str]:
        return [str(c["full_name"]) for c in self.contacts]


def delete_contacts(contact_ids: Sequence[int]) -> DeletedContacts:
    """Delete contacts and what belongs only to them, returning a snapshot for undo.

    Their channels, tags, follow-ups, relationships and goal links go with them. Interactions
    they shared with someone else stay (without them); interactions that involved only them
    are deleted too. People they introduced keep existing, with "introduced by" cleared.
    """
    ids = list(contact_ids)
    with writing(
        "contact",
        "contact_method",
        "contact_card",
        "contact_date",
        "contact_tag",
        "goal_contact",
        "interaction",
        "interaction_contact",
        "follow_up",
        "relationship",
        "contact_index",
    ):
        contacts = list(Contact.select().where(Contact.id.in_(ids)).dicts())
        methods = list(ContactMethod.select().where(ContactMethod.contact.in_(ids)).dicts())
        cards = list(ContactCard.select().where(ContactCard.contact.in_(ids)).dicts())
        dates = list(ContactDate.select().where(ContactDate.contact.in_(ids)).dicts())
        tag_names = list(
            ContactTag.select(ContactTag.contact, Tag.name)
            .join(Tag)
            .where(ContactTag.contact.in_(ids))
            .tuples()
        )
        goal_links = list(GoalContact.select().where(GoalContact.contact.in_(ids)).dicts())
        links = list(InteractionContact.select().where(InteractionContact.contact.in_(ids)).dicts())
        touched = {link["interaction"] for link in links}
        shared = {
            row[0]
            for row in InteractionContact.select(InteractionContact.interaction)
            .where(
                InteractionContact.interaction.in_(list(touched)),
                InteractionContact.contact.not_in(ids),
            )
            .tuples()
        }
        only_theirs = sorted(touched - shared)
        interactions = list(Interaction.select().where(Interaction.id.in_(only_theirs)).dicts())
        follow_ups = list(FollowUp.select().where(FollowUp.contact.in_(ids)).dicts())
        relationships = list(
            Relationship.select().where(Relationship.a.in_(ids) | Relationship.b.in_(ids)).dicts()
        )
        introduced = list(
            Contact.select(Contact.id, Contact.introduced_by)
            .where(Contact.introduced_by.in_(ids), Contact.id.not_in(ids))
            .tuples()
        )
        snapshot = DeletedContacts(
            contacts=contacts,
            methods=methods,
            tag_names=tag_names,
            goal_links=goal_links,
            interactions=interactions,
            interaction_links=links,
            follow_ups=follow_ups,
            relationships=relationships,
            introduced=introduced,
            cards=cards,
            dates=dates,
        )
        if only_theirs:
            Interaction.delete().where(Interaction.id.in_(only_theirs)).execute()
        Contact.update(introduced_by=None).where(Contact.introduced_by.in_(ids)).execute()
        ContactIndex.delete().where(ContactIndex.rowid.in_(ids)).execute()
        Contact.delete().where(Contact.id.in_(ids)).execute()
    return snapshot


def restore_contacts(snapshot: DeletedContacts) -> list[int]:
    """Undo :func:`delete_contacts`: put every deleted row back; return the contacts' ids.

    Ids are kept where they are still free; otherwise the contacts get new ids and every
    reference is remapped.
    """

    def insert_all(model: Any, rows: list[dict[str, Any]]) -> dict[int, int]:
        mapping = {}
        for row in rows:
            old = row["id"]
            taken = model.select().where(model.id == old).exists()
            values = {k: v for k, v in row.items() if not (k == "id" and taken)}
            mapping[old] = int(model.insert(**values).execute())
        return mapping

    with writing(
        "contact",
        "contact_method",
        "contact_card",
        "contact_date",
        "tag",
        "contact_tag",
        "goal_contact",
        "interaction",
        "interaction_contact",
        "follow_up",
        "relationship",
        "contact_index",
    ):
        contacts_first = [{**c, "introduced_by": None} for c in snapshot.contacts]
        cmap = insert_all(Contact, contacts_first)
        for c in snapshot.contacts:
            introducer = c["introduced_by"]
            if introducer is not None:
                Contact.update(introduced_by=cmap.get(introducer, introducer)).where(
                    Contact.id == cmap[c["id"]]
                ).execute()
        for contact_id, introducer in snapshot.introduced:
            Contact.update(introduced_by=cmap[introducer]).where(Contact.id == contact_id).execute()
        for m in snapshot.methods:
            ContactMethod.insert(**{**m, "id": None, "contact": cmap[m["contact"]]}).execute()
        for card in snapshot.cards:
            ContactCard.insert(**{**card, "contact": cmap[card["contact"]]}).execute()
        for row in snapshot.dates:
            ContactDate.insert(**{**row, "id": None, "contact": cmap[row["contact"]]}).execute()
        by_contact: dict[int, list[str]] = {}
        for contact_id, name in snapshot.tag_names:
            by_contact.setdefault(cmap[contact_id], []).append(name)
        for contact_id, names in by_contact.items():
            for tag_id in _tag_ids(names):
                ContactTag.insert(contact=contact_id, tag=tag_id).on_conflict_ignore().execute()
        for g in snapshot.goal_links:
            GoalContact.insert(
                goal=g["goal"], contact=cmap[g["contact"]]
            ).on_conflict_ignore().execute()
        imap = insert_all(Interaction, snapshot.interactions)
        for link in snapshot.interaction_links:
            InteractionContact.insert(
                interaction=imap.get(link["interaction"], link["interaction"]),
                contact=cmap[link["contact"]],
            ).on_conflict_ignore().execute()
        for f in snapshot.follow_ups:
            values = {**f, "contact": cmap[f["contact"]]}
            if values.get("interaction") in imap:
                values["interaction"] = imap[values["interaction"]]
            if FollowUp.select().where(FollowUp.id == f["id"]).exists():
                values.pop("id")
            FollowUp.insert(**values).execute()
        for r in snapshot.relationships:
            a, b = cmap.get(r["a"], r["a"]), cmap.get(r["b"], r["b"])
            a, b = min(a, b), max(a, b)
            Relationship.insert(**{**r, "id": None, "a": a, "b": b}).on_conflict_ignore().execute()
        reindex_contacts(cmap.values())
    return list(cmap.values())


#: Contacts per batch in :func:`save_contacts`.
_BULK_ROWS = 500


def _insert_sql(model: Any, fields: Sequence[Any]) -> str:
    columns = ", ".join(f'"{f.column_name}"' for f in fields)
    marks = ", ".join("?" for _ in fields)
    return f'INSERT INTO "{model._meta.table_name}" ({columns}) VALUES ({marks})'


def _converters(fields: Sequence[Any]) -> list[Any]:
    """Per field, peewee's conversion to the stored value where one is needed, else None."""
    import peewee as pw

    needs = (pw.DateTimeField, pw.DateField, pw.BooleanField, pw.ForeignKeyField)
    return [f.db_value if isinstance(f, needs) else None for f in fields]


def _db_values(converters: Sequence[Any], values: Sequence[Any]) -> tuple[Any, ...]:
    """Values as the fields store them (peewee's own conversions), for ``executemany``."""
    return tuple(
        v if c is None or v is None else c(v) for c, v in zip(converters, values, strict=True)
    )


def _method_insert() -> tuple[str, list[Any]]:
    """The INSERT of a channel row and its fields' conversions (see :func:`_method_rows`)."""
    fields = [
        ContactMethod._meta.fields[name]
        for name in ("contact", "kind", "label", "value", "is_primary", "position")
    ] + [ContactMethod._meta.fields[name] for name in _ADDRESS_COLUMNS]
    return _insert_sql(ContactMethod, fields), _converters(fields)


def _date_insert() -> str:
    """The INSERT of an important date's row (see :func:`_date_rows`)."""
    fields = [
        ContactDate._meta.fields[name]
        for name in ("contact", "label", "month", "day", "year", "position")
    ]
    return _insert_sql(ContactDate, fields)


def _date_rows(contact_id: int, draft: ContactDraft) -> list[tuple[Any, ...]]:
    """The important-date rows :func:`save_contact` writes for a draft, for the INSERT of
    :func:`_date_insert`."""
    rows = []
    for place, important in enumerate(draft.dates):
        cells = _date_values(important)
        rows.append(
            (contact_id, cells["label"], cells["month"], cells["day"], cells["year"], place)
        )
    return rows


def _child_rows(
    method_convert: Sequence[Any],
    tag_ids: dict[str, int],
    drafts: Iterable[tuple[int, ContactDraft]],
) -> tuple[list[tuple[Any, ...]], list[tuple[int, int]], list[tuple[Any, ...]]]:
    """The channel, tag-link and important-date rows of each (contact id, draft), for the
    bulk writes of :func:`save_contacts` and :func:`update_contacts`. ``tag_ids`` (a tag's
    name → its id) is filled in as tags are first met."""
    method_rows: list[tuple[Any, ...]] = []
    link_rows: list[tuple[int, int]] = []
    date_rows: list[tuple[Any, ...]] = []
    for contact_id, draft in drafts:
        method_rows.extend(_method_rows(method_convert, contact_id, draft))
        for tag in normalise_tags(draft.tags):
            if tag not in tag_ids:
                tag_ids[tag] = _tag_ids([tag])[0]
            link_rows.append((contact_id, tag_ids[tag]))
        date_rows.extend(_date_rows(contact_id, draft))
    return method_rows, link_rows, date_rows


def _method_rows(
    convert: Sequence[Any], contact_id: int, draft: ContactDraft
) -> list[tuple[Any, ...]]:
    """The channel rows :func:`save_contact` writes for a draft (empty values left out, the
    first of each kind primary, urls with a scheme), for the INSERT of :func:`_method_insert`."""
    rows = []
    first_of_kind: set[str] = set()
    position = 0
    for channel in draft.channels:
        value = channel.value.strip()
        if not value:
            continue
        if channel.kind == "url":
            value = _clean_url(value)
        primary = channel.kind not in first_of_kind
        rows.append(
            _db_values(
                convert,
                (
                    contact_id,
                    channel.kind,
                    channel.label.strip(),
                    value,
                    primary,
                    position,
                    *_address_values(channel),
                ),
            )
        )
        first_of_kind.add(channel.kind)
        position += 1
    return rows


#: The contact columns :func:`update_contacts` sets, in the order of its UPDATE.
_UPDATE_FIELDS = (
    *("full_name", "given_name", "family_name", "name_prefix", "middle_name", "name_suffix"),
    *("department", "nickname", "sort_name", "photo", "company", "title", "location"),
    *("how_met", "met_on", "introduced_by", "birthday_month", "birthday_day"),
    *("birthday_year", "circle", "cadence_days", "notes", "archived", "updated_at"),
)


def update_contacts(drafts: Mapping[int, ContactDraft]) -> None:
    """Write many stored contacts (id → validated draft) with their channels, dates and tags, as
    :func:`save_contact` would one by one, in batches; inside the caller's ``writing`` block.

    The bulk path for merging an import into many people: the caller validates the drafts
    (:func:`validate`) and reindexes the contacts' full-text rows afterwards
    (:func:`reindex_contacts`). Raises :class:`ValidationError` when one of them was deleted
    meanwhile.
    """
    fields = [Contact._meta.fields[name] for name in _UPDATE_FIELDS]
    convert = _converters(fields)
    update = (
        'UPDATE "contact" SET '
        + ", ".join(f'"{f.column_name}" = ?' for f in fields)
        + ' WHERE "id" = ?'
    )
    insert_method, method_convert = _method_insert()
    insert_link = _insert_sql(
        ContactTag, [ContactTag._meta.fields["contact"], ContactTag._meta.fields["tag"]]
    )
    insert_date = _date_insert()
    db = Contact._meta.database
    now = utcnow()
    tag_ids: dict[str, int] = {}
    items = list(drafts.items())
    with writing("contact", "contact_method", "contact_date", "tag", "contact_tag"):
        cursor = db.cursor()
        for start in range(0, len(items), _BULK_ROWS):
            chunk = items[start : start + _BULK_ROWS]
            ids = [contact_id for contact_id, _ in chunk]
            marks = ", ".join("?" * len(ids))
            rows = []
            for contact_id, draft in chunk:
                name = draft.display_name()
                values = (
                    *(name, draft.given_name.strip(), draft.family_name.strip()),
                    *(draft.name_prefix.strip(), draft.middle_name.strip()),
                    *(draft.name_suffix.strip(), draft.department.strip()),
                    *(draft.nickname.strip(), fold(name), draft.photo, draft.company.strip()),
                    *(draft.title.strip(), draft.location.strip(), draft.how_met.strip()),
                    *(draft.met_on, draft.introduced_by_id, draft.birthday_month),
                    *(draft.birthday_day, draft.birthday_year, draft.circle, draft.cadence_days),
                    *(draft.notes.strip(), draft.archived, now),
                )
                rows.append((*_db_values(convert, values), contact_id))
            cursor.executemany(update, rows)
            found = db.execute_sql(f"SELECT COUNT(*) FROM contact WHERE id IN ({marks})", ids)
            if found.fetchone()[0] != len(set(ids)):
                raise ValidationError({"full_name": "This person was deleted meanwhile"})
            db.execute_sql(f"DELETE FROM contact_method WHERE contact_id IN ({marks})", ids)
            method_rows, link_rows, date_rows = _child_rows(method_convert, tag_ids, chunk)
            cursor.executemany(insert_method, method_rows)
            db.execute_sql(f"DELETE FROM contact_date WHERE contact_id IN ({marks})", ids)
            if date_rows:
                cursor.executemany(insert_date, date_rows)
            db.execute_sql(f"DELETE FROM contact_tag WHERE contact_id IN ({marks})", ids)
            cursor.executemany(insert_link, link_rows)


def save_contacts(
    drafts: Sequence[ContactDraft], *, uids: Sequence[str | None] | None = None
) -> list[int]:
    """Validate and write many new contacts in one transaction; return their ids in order.

    The bulk path of :func:`save_contact` (for imports): batched inserts (``executemany``)
    for contacts, channels and tag links, and one full-text reindex at the end. ``uids``
    (one per draft, None for a fresh one) keeps imported cards' UIDs. Nothing is written
    when any draft is invalid: :class:`ValidationError` then names each problem as
    ``"N.field"`` (N is the draft's position).
    """
    from kith.store.models import new_uid

    if uids is not None and len(uids) != len(drafts):
        raise ValueError("save_contacts needs one uid (or None) per draft")
    errors: dict[str, str] = {}
    for i, draft in enumerate(drafts):
        for key, message in validate(draft).items():
            errors[f"{i}.{key}"] = message
    if errors:
        raise ValidationError(errors)
    now = utcnow()
    given = list(uids) if uids is not None else [None] * len(drafts)
    row_uids = [u if u is not None else new_uid() for u in given]
    ids: list[int] = []
    tag_ids: dict[str, int] = {}
    contact_fields = [
        Contact._meta.fields[name]
        for name in (
            *("uid", "created_at", "updated_at", "full_name", "given_name", "family_name"),
            *("nickname", "sort_name", "photo", "company", "title", "location", "how_met"),
            *("met_on", "introduced_by", "birthday_month", "birthday_day", "birthday_year"),
            *("circle", "cadence_days", "notes", "archived"),
            *("name_prefix", "middle_name", "name_suffix", "department"),
        )
    ]
    insert_contact = _insert_sql(Contact, contact_fields)
    contact_convert = _converters(contact_fields)
    insert_method, method_convert = _method_insert()
    link_fields = [ContactTag._meta.fields["contact"], ContactTag._meta.fields["tag"]]
    insert_link = _insert_sql(ContactTag, link_fields)
    db = Contact._meta.database
    insert_date = _date_insert()
    with writing(
        "contact", "contact_method", "contact_date", "tag", "contact_tag", "contact_index"
    ):
        cursor = db.cursor()
        for start in range(0, len(drafts), _BULK_ROWS):
            chunk = drafts[start : start + _BULK_ROWS]
            chunk_uids = row_uids[start : start + _BULK_ROWS]
            rows = []
            for draft, uid in zip(chunk, chunk_uids, strict=True):
                name = draft.display_name()
                values = (
                    *(uid, now, now, name, draft.given_name.strip(), draft.family_name.strip()),
                    *(draft.nickname.strip(), fold(name), draft.photo, draft.company.strip()),
                    *(draft.title.strip(), draft.location.strip(), draft.how_met.strip()),
                    *(draft.met_on, draft.introduced_by_id, draft.birthday_month),
                    *(draft.birthday_day, draft.birthday_year, draft.circle, draft.cadence_days),
                    *(draft.notes.strip(), draft.archived),
                    *(draft.name_prefix.strip(), draft.middle_name.strip()),
                    *(draft.name_suffix.strip(), draft.department.strip()),
                )
                rows.append(_db_values(contact_convert, values))
            cursor.executemany(insert_contact, rows)
            marks = ", ".join("?" * len(chunk_uids))
            by_uid = dict(
                db.execute_sql(f"SELECT uid, id FROM contact WHERE uid IN ({marks})", chunk_uids)
            )
            chunk_ids = [int(by_uid[u]) for u in chunk_uids]
            ids.extend(chunk_ids)
            method_rows, link_rows, date_rows = _child_rows(
                method_convert, tag_ids, zip(chunk_ids, chunk, strict=True)
            )
            cursor.executemany(insert_method, method_rows)
            if date_rows:
                cursor.executemany(insert_date, date_rows)
            cursor.executemany(insert_link, link_rows)
            # The full-text rows reindex_contacts would write, built from what is in hand.
            index_rows = []
            for contact_id, draft in zip(chunk_ids, chunk, strict=True):
                names = (draft.display_name(), draft.nickname, draft.given_name, draft.family_name)
                channel_values = [
                    _clean_url(c.value.strip()) if c.kind == "url" else c.value.strip()
                    for c in draft.channels
                    if c.value.strip()
                ]
                notes = (draft.notes.strip(), draft.how_met.strip())
                index_rows.append(
                    (
                        contact_id,
                        " ".join(p.strip() for p in names if p.strip()),
                        draft.company.strip(),
                        draft.title.strip(),
                        draft.location.strip(),
                        " ".join(normalise_tags(draft.tags)),
                        " ".join(channel_values),
                        "\n".join(p for p in notes if p),
                    )
                )
            cursor.executemany(
                'INSERT INTO "contact_index" (rowid, name, company, title, location, tags, '
                "channels, notes) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                index_rows,
            )
    return ids
