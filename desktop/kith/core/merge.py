"""Duplicates: telling that two contacts are one person, and merging them without losing anything.

Two contacts are *likely* the same person when they share a uid, an email address (any
case) or a phone number (the same E.164 number, see :mod:`kith.core.phones`: "+44 20 7946
0958" and "020 7946 0958" read in Britain match, "+49 151 23456789" and "+33 1 23 45 67
89" never do). A name alone proves nothing — two people may share one — so the same name
at the same company (or where one has no company), or a close name at the same company
(rapidfuzz ``token_sort_ratio`` ≥ 90, among people of that company sharing a word of the
name), makes only a *possible* duplicate (:attr:`Match.likely` is False): an import shows
it and adds the person unless the user chooses to merge.

Merging keeps everything: channels and tags are united; a field that only one side has is
filled in; where both have different values the kept contact's value stays and the other
value is written into its notes under a "From …:" line, once (merging the same thing again
adds nothing).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from kith.core import phones
from kith.core.backups import backup_before
from kith.core.contacts import (
    CIRCLE_NAMES,
    ChannelDraft,
    ContactDraft,
    ContactNotFoundError,
    load_draft,
    load_drafts,
    reindex_contacts,
    save_contact,
    update_contacts,
    validate,
)
from kith.core.errors import ValidationError
from kith.core.text import fold
from kith.store.changes import writing
from kith.store.models import (
    Contact,
    ContactIndex,
    FollowUp,
    GoalContact,
    InteractionContact,
    Relationship,
    database_proxy,
)

#: Names at the same company at least this similar (0–100) count as a likely duplicate.
NAME_SIMILARITY = 90

_NON_DIGIT = re.compile(r"\D")
_NON_WORD = re.compile(r"[^\w\s]")
_LEGAL_SUFFIXES = {
    "inc",
    "incorporated",
    "corp",
    "corporation",
    "ltd",
    "limited",
    "llc",
    "gmbh",
    "co",
    "company",
    "sa",
    "ag",
    "plc",
    "bv",
    "srl",
    "oy",
    "ab",
}


def email_key(value: str) -> str | None:
    key = value.strip().casefold()
    if key.startswith("mailto:"):
        key = key[7:]
    return key or None


def phone_key(value: str, region: str | None = None) -> str | None:
    """The number as E.164 (see :func:`kith.core.phones.phone_key`); None if too short."""
    return phones.phone_key(value, region)


def name_key(name: str) -> str:
    return " ".join(fold(name).split())


def company_key(company: str) -> str:
    """A company name for comparison: "Acme Corp." and "ACME corporation" → "acme"."""
    words = _NON_WORD.sub(" ", fold(company)).split()
    while len(words) > 1 and words[-1] in _LEGAL_SUFFIXES:
        words.pop()
    return " ".join(words)


def _link_key(value: str) -> str:
    key = fold(value).strip().rstrip("/")
    for prefix in ("https://", "http://"):
        if key.startswith(prefix):
            key = key[len(prefix) :]
    return key.removeprefix("www.")


def channel_key(channel: ChannelDraft, region: str | None = None) -> tuple[str, str]:
    """What makes two channels the same: kind plus a normalised value (a phone's E.164
    number read in ``region``, by default :func:`kith.core.phones.default_region`)."""
    value = channel.value
    if channel.kind == "email":
        key = email_key(value) or ""
    elif channel.kind == "phone":
        key = phone_key(value, region) or _NON_DIGIT.sub("", value) or value.strip()
    elif channel.kind in ("url", "social"):
        key = _link_key(value)
    else:
        key = " ".join(_NON_WORD.sub(" ", fold(value)).split())
    return channel.kind, key


# --- merging drafts --------------------------------------------------------------------------


@dataclass
class MergeResult:
    """What a contact becomes when something is merged into it, and what that changed."""

    draft: ContactDraft
    changes: list[str]

    @property
    def changed(self) -> bool:
        return bool(self.changes)


def _birthday_text(year: int | None, month: int | None, day: int | None) -> str:
    if month is None or day is None:
        return ""
    return f"{year:04d}-{month:02d}-{day:02d}" if year is not None else f"--{month:02d}-{day:02d}"


def merge_drafts(
    existing: ContactDraft, incoming: ContactDraft, *, source: str = ""
) -> MergeResult:
    """Merge ``incoming`` into a copy of ``existing``, field by field, losing nothing.

    ``source`` names where the incoming values came from ("contacts.vcf") for the notes.
    The changes are short sentences for a review table; none means ``incoming`` adds nothing.
    """
    merged = ContactDraft(**{**vars(existing)})
    merged.tags = list(existing.tags)
    merged.dates = list(existing.dates)
    merged.channels = [ChannelDraft(c.kind, c.value, c.label, c.address) for c in existing.channels]
    merging = _Merging(merged, incoming)
    for merge_field in _FIELD_MERGES:
        merge_field(merging)
    _merge_notes(merging, source)
    return MergeResult(merging.merged, merging.changes)


@dataclass
class _Merging:
    """A merge under way: the copy being filled in, what comes in, and what it did so far."""

    merged: ContactDraft
    incoming: ContactDraft
    #: Short sentences for the review table, in the order of the fields.
    changes: list[str] = field(default_factory=list)
    #: "Field: value" lines for incoming values that differ from the kept ones; they go
    #: into the notes (see _merge_notes).
    conflicts: list[str] = field(default_factory=list)


# One function per field (or kind of field), run in the order of _FIELD_MERGES below, which
# is also the order of the changes and of the "From …:" lines. The notes come last, because
# they collect the other fields' conflicts.


def _merge_name(m: _Merging) -> None:
    """A different name is noted; given and family names fill in where the kept ones are empty."""
    name_in = m.incoming.display_name()
    if name_in and name_key(name_in) != name_key(m.merged.display_name()):
        m.conflicts.append(f"Name: {name_in}")
    for attr in ("given_name", "family_name", "name_prefix", "middle_name", "name_suffix"):
        if not getattr(m.merged, attr).strip() and getattr(m.incoming, attr).strip():
            setattr(m.merged, attr, getattr(m.incoming, attr).strip())


#: Text fields compared without case or accents: (attribute, its label in changes and notes).
_TEXT_FIELDS = (
    ("nickname", "Nickname"),
    ("company", "Company"),
    ("department", "Department"),
    ("title", "Title"),
    ("location", "Location"),
    ("how_met", "How we met"),
)


def _merge_text_fields(m: _Merging) -> None:
    for attr, label in _TEXT_FIELDS:
        mine = getattr(m.merged, attr).strip()
        theirs = getattr(m.incoming, attr).strip()
        if not theirs or fold(mine) == fold(theirs):
            continue
        if not mine:
            setattr(m.merged, attr, theirs)
            m.changes.append(f"adds {label.lower()} “{theirs}”")
        else:
            m.conflicts.append(f"{label}: {theirs}")


def _fill_or_conflict(m: _Merging, attr: str, added: str, conflict: str) -> None:
    """An optional value the incoming side has: taken if the kept side has none, else noted."""
    theirs = getattr(m.incoming, attr)
    mine = getattr(m.merged, attr)
    if mine is None:
        setattr(m.merged, attr, theirs)
        m.changes.append(added)
    elif theirs != mine:
        m.conflicts.append(conflict)


def _merge_met_on(m: _Merging) -> None:
    met_on = m.incoming.met_on
    if met_on is not None:
        shown = met_on.isoformat()
        _fill_or_conflict(m, "met_on", f"adds the date you met ({shown})", f"Met on: {shown}")


def _merge_birthday(m: _Merging) -> None:
    """Day and month must agree before a year is added; a different birthday is noted."""
    incoming, merged = m.incoming, m.merged
    if incoming.birthday_month is None or incoming.birthday_day is None:
        return
    theirs = (incoming.birthday_year, incoming.birthday_month, incoming.birthday_day)
    mine = (merged.birthday_year, merged.birthday_month, merged.birthday_day)
    if mine[1] is None:
        merged.birthday_year, merged.birthday_month, merged.birthday_day = theirs
        m.changes.append(f"adds the birthday {_birthday_text(*theirs)}")
    elif mine[1:] == theirs[1:]:
        if mine[0] is None and theirs[0] is not None:
            merged.birthday_year = theirs[0]
            m.changes.append(f"adds the birth year {theirs[0]}")
        elif theirs[0] is not None and mine[0] != theirs[0]:
            m.conflicts.append(f"Birthday: {_birthday_text(*theirs)}")
    else:
        m.conflicts.append(f"Birthday: {_birthday_text(*theirs)}")


def _merge_circle(m: _Merging) -> None:
    circle = m.incoming.circle
    if circle is not None:
        _fill_or_conflict(
            m,
            "circle",
            f"puts them in the {CIRCLE_NAMES.get(circle, '?')} circle",
            f"Circle: {CIRCLE_NAMES.get(circle, circle)}",
        )


def _merge_cadence(m: _Merging) -> None:
    days = m.incoming.cadence_days
    if days is not None:
        _fill_or_conflict(
            m,
            "cadence_days",
            f"keeps in touch every {days} days",
            f"Keep in touch every: {days} days",
        )


def _merge_introducer(m: _Merging) -> None:
    """Who introduced you is only filled in, never noted as a conflict."""
    if m.merged.introduced_by_id is None and m.incoming.introduced_by_id is not None:
        m.merged.introduced_by_id = m.incoming.introduced_by_id
        m.changes.append("adds who introduced you")


def _merge_photo(m: _Merging) -> None:
    """A photo fills an empty one; a different photo is mentioned, and the kept one stays."""
    if not m.incoming.photo:
        return
    if not m.merged.photo:
        m.merged.photo = m.incoming.photo
        m.changes.append("adds a photo")
    elif bytes(m.incoming.photo) != bytes(m.merged.photo):
        m.changes.append("has a different photo (the current one is kept)")


def _merge_channels(m: _Merging) -> None:
    """Channels are united: a new one (by :func:`channel_key`) is added at the end."""
    have = {channel_key(c) for c in m.merged.channels if c.value.strip()}
    for channel in m.incoming.channels:
        key = channel_key(channel)
        if not channel.value.strip() or key in have:
            continue
        have.add(key)
        m.merged.channels.append(
            ChannelDraft(channel.kind, channel.value.strip(), channel.label, channel.address)
        )
        m.changes.append(f"adds {channel.kind} {channel.value.strip()}")


def _merge_dates(m: _Merging) -> None:
    """Important dates are united: one already kept (the same name, day and month) gains a
    year it lacked; another is added at the end."""
    for incoming in m.incoming.dates:
        key = (incoming.label.strip().casefold(), incoming.month, incoming.day)
        found = next(
            (
                i
                for i, d in enumerate(m.merged.dates)
                if (d.label.strip().casefold(), d.month, d.day) == key
            ),
            None,
        )
        shown = _birthday_text(incoming.year, incoming.month, incoming.day)
        if found is None:
            m.merged.dates.append(incoming)
            m.changes.append(f"adds the date {incoming.label.strip()} {shown}")
        elif m.merged.dates[found].year is None and incoming.year is not None:
            m.merged.dates[found] = incoming
            m.changes.append(f"adds the year to {incoming.label.strip()} {shown}")
        elif incoming.year is not None and m.merged.dates[found].year != incoming.year:
            m.conflicts.append(f"{incoming.label.strip()}: {shown}")


def _merge_tags(m: _Merging) -> None:
    """Tags are united, compared without case; the kept contact's spelling stays."""
    tag_keys = {t.casefold() for t in m.merged.tags}
    for tag in m.incoming.tags:
        if tag.strip() and tag.strip().casefold() not in tag_keys:
            tag_keys.add(tag.strip().casefold())
            m.merged.tags.append(tag.strip())
            m.changes.append(f"adds tag “{tag.strip()}”")


_FIELD_MERGES: tuple[Callable[[_Merging], None], ...] = (
    _merge_name,
    _merge_text_fields,
    _merge_met_on,
    _merge_birthday,
    _merge_dates,
    _merge_circle,
    _merge_cadence,
    _merge_introducer,
    _merge_photo,
    _merge_channels,
    _merge_tags,
)


def _merge_notes(m: _Merging, source: str) -> None:
    """New notes are appended, then the conflicts not yet in the notes under "From …:"."""
    notes = m.merged.notes.strip()
    additions: list[str] = []
    incoming_notes = m.incoming.notes.strip()
    if incoming_notes and incoming_notes not in notes:
        additions.append(incoming_notes)
        m.changes.append("adds to the notes")
    new_conflicts = [line for line in m.conflicts if line not in notes]
    if new_conflicts:
        header = f"From {source}:" if source else "Also given:"
        additions.append("\n".join([header, *new_conflicts]))
        for line in new_conflicts:
            field_name, _, value = line.partition(": ")
            m.changes.append(
                f"keeps the current {field_name.lower()} (“{value}” goes into the notes)"
            )
    if additions:
        m.merged.notes = "\n\n".join([p for p in (notes, *additions) if p])


def merge_into(
    contact_id: int, incoming: ContactDraft, *, source: str = "", reindex: bool = True
) -> MergeResult:
    """Merge ``incoming`` into the stored contact and save it (one transaction).

    ``reindex=False``: the caller reindexes the contact's full-text row (see
    :func:`~kith.core.contacts.save_contact`)."""
    result = merge_drafts(load_draft(contact_id), incoming, source=source)
    if result.changed:
        save_contact(result.draft, contact_id, reindex=reindex)
    return result


class MergeFailed(ValidationError):
    """Merging item ``index`` of :func:`merge_many` makes a contact that cannot be saved."""

    def __init__(self, index: int, errors: dict[str, str]) -> None:
        super().__init__(errors)
        self.index = index


def merge_many(items: Sequence[tuple[int, ContactDraft]], *, source: str = "") -> list[MergeResult]:
    """Merge each incoming draft into its stored contact (id, draft), in order, with the
    same result as :func:`merge_into` one by one with ``reindex=False`` — a contact merged
    into twice gets the second merge on top of the first — but reading the contacts and
    writing them in batches (:func:`~kith.core.contacts.update_contacts`). Call it inside
    the caller's ``writing`` block, which reindexes the contacts afterwards.

    Raises :class:`MergeFailed` naming the first item whose merge cannot be saved, or
    :class:`~kith.core.contacts.ContactNotFoundError` when that first item's contact is not
    stored (the caller's transaction then rolls back what was written).
    """
    results: list[MergeResult | None] = [None] * len(items)
    pending = list(range(len(items)))
    failed: tuple[int, Exception] | None = None
    db = database_proxy
    while pending:
        # Each round takes the next merge of every contact, so a contact merged into again
        # reads what the round before wrote.
        this_round: list[int] = []
        later: list[int] = []
        seen: set[int] = set()
        for index in pending:
            contact_id = items[index][0]
            (later if contact_id in seen else this_round).append(index)
            seen.add(contact_id)
        stored = load_drafts(seen)
        drafts: dict[int, ContactDraft] = {}  # the changed ones, by item
        for index in this_round:
            contact_id, incoming = items[index]
            if contact_id not in stored:
                if failed is None or index < failed[0]:
                    failed = (index, ContactNotFoundError(contact_id))
                continue
            result = merge_drafts(stored[contact_id], incoming, source=source)
            results[index] = result
            if result.changed:
                drafts[index] = result.draft
        introducers = sorted(
            {d.introduced_by_id for d in drafts.values() if d.introduced_by_id is not None}
        )
        known: set[int] = set()
        for start in range(0, len(introducers), 500):
            chunk = introducers[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            known.update(
                row[0]
                for row in db.execute_sql(f"SELECT id FROM contact WHERE id IN ({marks})", chunk)
            )
        writes: dict[int, ContactDraft] = {}
        for index, draft in drafts.items():
            contact_id = items[index][0]
            errors = validate(draft, contact_id=contact_id, stored=known)
            if errors:
                if failed is None or index < failed[0]:
                    failed = (index, MergeFailed(index, errors))
                continue
            writes[contact_id] = draft
        update_contacts(writes)
        pending = later if failed is None else [i for i in later if i < failed[0]]
    if failed is not None:
        raise failed[1]
    return [r for r in results if r is not None]  # all of them: nothing failed


def merge_contacts(keep_id: int, other_id: int) -> MergeResult:
    """Merge two contacts in the database into ``keep_id``; ``other_id`` is deleted.

    Every interaction, follow-up, goal link, relationship, channel and tag of both ends up
    on the kept contact; people the other one introduced are now introduced by the kept
    one. Conflicting fields keep the kept contact's value, with the other's in its notes.
    A backup is taken first (one for a run of merges, see :mod:`kith.core.backups`).
    """
    if keep_id == other_id:
        raise ValueError("A contact cannot be merged into itself")
    backup_before("merge")  # raises BackupError: nothing merged
    keep = load_draft(keep_id)
    other = load_draft(other_id)
    if other.introduced_by_id == keep_id:
        other.introduced_by_id = None
    result = merge_drafts(keep, other, source=f"{other.display_name()} (merged)")
    if result.draft.introduced_by_id == other_id:
        result.draft.introduced_by_id = None
    with writing(
        "contact",
        "contact_method",
        "contact_date",
        "tag",
        "contact_tag",
        "goal_contact",
        "interaction_contact",
        "follow_up",
        "relationship",
        "contact_index",
        "captured_contact",
        "capture_suggestion_contact",
    ):
        save_contact(result.draft, keep_id)
        shared = InteractionContact.select(InteractionContact.interaction).where(
            InteractionContact.contact == keep_id
        )
        InteractionContact.delete().where(
            (InteractionContact.contact == other_id) & InteractionContact.interaction.in_(shared)
        ).execute()
        InteractionContact.update(contact=keep_id).where(
            InteractionContact.contact == other_id
        ).execute()
        goals = GoalContact.select(GoalContact.goal).where(GoalContact.contact == keep_id)
        GoalContact.delete().where(
            (GoalContact.contact == other_id) & GoalContact.goal.in_(goals)
        ).execute()
        GoalContact.update(contact=keep_id).where(GoalContact.contact == other_id).execute()
        FollowUp.update(contact=keep_id).where(FollowUp.contact == other_id).execute()
        _move_relationships(keep_id, other_id)
        from kith.core.capture.suggestions import move_captured

        move_captured(keep_id, other_id)  # mail and meetings capture found with them
        Contact.update(introduced_by=keep_id).where(
            (Contact.introduced_by == other_id) & (Contact.id != keep_id)
        ).execute()
        ContactIndex.delete().where(ContactIndex.rowid == other_id).execute()
        Contact.delete().where(Contact.id == other_id).execute()
        reindex_contacts([keep_id])
    return result


def _move_relationships(keep_id: int, other_id: int) -> None:
    rows = list(
        Relationship.select().where((Relationship.a == other_id) | (Relationship.b == other_id))
    )
    for rel in rows:
        third = rel.b_id if rel.a_id == other_id else rel.a_id
        if third == keep_id:
            rel.delete_instance()
            continue
        a, b = min(keep_id, third), max(keep_id, third)
        existing = Relationship.get_or_none((Relationship.a == a) & (Relationship.b == b))
        if existing is not None:
            if rel.note and rel.note not in existing.note:
                existing.note = "\n".join(p for p in (existing.note, rel.note) if p)
                existing.save()
            rel.delete_instance()
        else:
            Relationship.update(a=a, b=b).where(Relationship.id == rel.id).execute()


# --- matching ----------------------------------------------------------------------------------


def _stored_emails() -> _KeyIndex:
    """Email key → contact id for every stored email (one contact per key).

    The keys come from the (kind, value) index alone — no table rows are read — and are
    mostly computed by SQLite, so 100,000 of them load in about a tenth of a second.
    """
    method_keys = dict(
        database_proxy.execute_sql(
            "SELECT lower(trim(value)), id FROM contact_method WHERE kind = 'email'"
        ).fetchall()
    )
    for key in [k for k in method_keys if not k.isascii() or k.startswith("mailto:")]:
        method_id = method_keys.pop(key)
        fixed = email_key(key)
        if fixed:
            method_keys[fixed] = method_id
    return _KeyIndex(method_keys)


def _stored_phones() -> dict[str, list[tuple[str, int]]]:
    """:func:`~kith.core.phones.phone_suffix` → (value, channel id) of every stored phone.

    Read from the (kind, value) index; a number is parsed only when an incoming one shares
    its suffix. (Working the suffixes out in Python is quicker than SQLite's ``replace``.)
    """
    by_suffix: dict[str, list[tuple[str, int]]] = {}
    for value, method_id in database_proxy.execute_sql(
        "SELECT value, id FROM contact_method WHERE kind = 'phone'"
    ).fetchall():
        suffix = phones.phone_suffix(value)
        if suffix:
            by_suffix.setdefault(suffix, []).append((value, method_id))
    return by_suffix


def _first_contact_of(method_ids: Iterable[int]) -> int | None:
    """The earliest contact with any of these channels, or with one of the same value.

    Several people may share an address (a family email, an office line): the earliest
    contact answers, whatever the scan order was.
    """
    ids = sorted(set(method_ids))
    if not ids:
        return None
    marks = ", ".join("?" * len(ids))
    row = database_proxy.execute_sql(
        "SELECT min(m.contact_id) FROM contact_method AS m "
        "JOIN contact_method AS seen ON m.kind = seen.kind AND m.value = seen.value "
        f"WHERE seen.id IN ({marks})",
        ids,
    ).fetchone()
    return int(row[0]) if row is not None and row[0] is not None else None


class _KeyIndex:
    """Match key → contact id; stored keys point at a channel row until first asked for."""

    def __init__(self, method_ids: dict[str, int] | None = None) -> None:
        self._methods = method_ids or {}
        self._contacts: dict[str, int] = {}

    def get(self, key: str) -> int | None:
        found = self._contacts.get(key)
        if found is None and key in self._methods:
            found = _first_contact_of([self._methods[key]])
            if found is not None:
                self._contacts[key] = found
        return found

    def add(self, key: str, contact_id: int) -> None:
        if key not in self._contacts and key not in self._methods:
            self._contacts[key] = contact_id


class _PhoneIndex:
    """Written phone number → the contact with the same number (:func:`phone_key`).

    Stored and added numbers are grouped by their last digits; only those sharing an
    incoming number's last digits are parsed (and the incoming number only when some do),
    once each. (A number has a suffix exactly when it has a key: enough digits.)
    """

    def __init__(
        self, region: str | None, stored: dict[str, list[tuple[str, int]]] | None = None
    ) -> None:
        self._region = region
        self._stored = stored or {}
        self._added: dict[str, list[tuple[str, int]]] = {}
        self._keys: dict[str, str | None] = {}

    def key(self, value: str) -> str | None:
        if value not in self._keys:
            self._keys[value] = phone_key(value, self._region)
        return self._keys[value]

    def get(self, value: str) -> int | None:
        suffix = phones.phone_suffix(value)
        if suffix is None:
            return None
        stored = self._stored.get(suffix, ())
        added = self._added.get(suffix, ())
        if not stored and not added:
            return None
        key = self.key(value)
        if key is None:
            return None
        same = [m for v, m in stored if self.key(v) == key]
        found = _first_contact_of(same)
        if found is not None:
            return found
        return next((c for v, c in added if self.key(v) == key), None)

    def add(self, value: str, contact_id: int) -> None:
        suffix = phones.phone_suffix(value)
        if suffix is not None:
            self._added.setdefault(suffix, []).append((value, contact_id))


@dataclass(frozen=True)
class Match:
    """The contact an incoming one may be, and why (for the review table).

    ``likely`` is True for the same uid, email or phone; a name (and company) alone is only
    a possible match, never enough to take two people for one.
    """

    contact_id: int
    reason: str
    likely: bool = True


class ContactMatcher:
    """Finds the existing contact that an incoming one most likely is.

    Checks, in order: the same uid, email, phone (likely matches), then the same name (at the
    same company or where either has none) and a close name at the same company (possible
    matches). ``region`` is the country phone numbers without a country code are read in
    (default: :func:`kith.core.phones.default_region`). The keys of every stored contact are
    read once, on the first :meth:`match` (about 0.4 s for 100,000 contacts); after that a
    match is a few dictionary look-ups. :meth:`remember` adds an incoming contact under a
    key of the caller's choosing (an import uses a negative row number) so later rows of
    the same file match it too.
    """

    def __init__(self, *, region: str | None = None) -> None:
        self._loaded = False
        self._region = region
        self._uids: dict[str, int] = {}
        #: A uid → its stored contact (None: none), read ahead by :meth:`look_up_uids`.
        self._stored_uids: dict[str, int | None] = {}
        self._emails = _KeyIndex()
        self._phones = _PhoneIndex(region)
        self._names: dict[str, list[tuple[int, str]]] = {}
        self._companies: dict[str, list[tuple[str, int]]] = {}
        self._tokens: dict[str, dict[str, list[tuple[str, int]]]] = {}
        self._company_keys: dict[str, str] = {}

    def _company(self, raw: str) -> str:
        key = self._company_keys.get(raw)
        if key is None:
            key = self._company_keys[raw] = company_key(raw)
        return key

    def _load(self) -> None:
        self._loaded = True
        self._emails = _stored_emails()
        self._phones = _PhoneIndex(self._region, _stored_phones())
        names = self._names
        by_company: dict[str, list[tuple[str, int]]] = {}
        for contact_id, sort_name, company in database_proxy.execute_sql(
            "SELECT id, sort_name, company FROM contact"
        ).fetchall():
            if "  " in sort_name:
                sort_name = " ".join(sort_name.split())
            if company:
                by_company.setdefault(company, []).append((sort_name, contact_id))
            else:
                names.setdefault(sort_name, []).append((contact_id, ""))
        for raw, members in by_company.items():
            key = self._company(raw)
            if key:
                self._companies.setdefault(key, []).extend(members)
            for sort_name, contact_id in members:
                names.setdefault(sort_name, []).append((contact_id, key))

    def _add_name(self, key: int, name: str, company: str) -> None:
        self._names.setdefault(name, []).append((key, company))
        if company:
            self._companies.setdefault(company, []).append((name, key))
            tokens = self._tokens.get(company)
            if tokens is not None:
                for token in set(name.split()):
                    tokens.setdefault(token, []).append((name, key))

    def _uid(self, uid: str) -> int | None:
        from kith.core.importing.vcard import uid_variants

        variants = uid_variants(uid)
        for variant in variants:
            if variant in self._uids:
                return self._uids[variant]
        if uid in self._stored_uids:
            return self._stored_uids[uid]
        marks = ", ".join("?" * len(variants))
        row = database_proxy.execute_sql(
            f"SELECT min(id) FROM contact WHERE uid IN ({marks})", variants
        ).fetchone()
        return int(row[0]) if row and row[0] is not None else None

    #: Uids (with their other spelling) asked of SQLite in one query.
    UID_QUERY = 400

    def look_up_uids(self, uids: Iterable[str]) -> None:
        """Find the stored contacts of these uids ahead, a few hundred in one query, for the
        :meth:`match` calls to come (an import's next batch of cards); as one by one, the
        earliest contact with either spelling of a uid (:func:`uid_variants`) answers."""
        from kith.core.importing.vcard import uid_variants

        wanted = {uid: uid_variants(uid) for uid in uids if uid not in self._stored_uids}
        spellings = sorted({variant for variants in wanted.values() for variant in variants})
        found: dict[str, int] = {}
        for start in range(0, len(spellings), self.UID_QUERY):
            chunk = spellings[start : start + self.UID_QUERY]
            marks = ", ".join("?" * len(chunk))
            found.update(
                database_proxy.execute_sql(
                    f"SELECT uid, min(id) FROM contact WHERE uid IN ({marks}) GROUP BY uid", chunk
                ).fetchall()
            )
        for uid, variants in wanted.items():
            ids = [found[variant] for variant in variants if variant in found]
            self._stored_uids[uid] = min(ids) if ids else None

    def match(self, draft: ContactDraft, uid: str | None = None) -> Match | None:
        if not self._loaded:
            self._load()
        if uid:
            found = self._uid(uid)
            if found is not None:
                return Match(found, "same UID")
        for channel in draft.channels:
            if channel.kind == "email":
                key = email_key(channel.value)
                found = self._emails.get(key) if key else None
                if found is not None:
                    return Match(found, f"same email {channel.value.strip()}")
        for channel in draft.channels:
            if channel.kind == "phone":
                found = self._phones.get(channel.value)
                if found is not None:
                    return Match(found, f"same phone {channel.value.strip()}")
        name = name_key(draft.display_name())
        if not name:
            return None
        company = self._company(draft.company)
        for known, other_company in self._names.get(name, ()):
            if not company or not other_company or company == other_company:
                reason = "same name and company" if company and other_company else "same name"
                return Match(known, reason, likely=False)
        if company:
            return self._similar(name, company)
        return None

    def _similar(self, name: str, company: str) -> Match | None:
        members = self._companies.get(company)
        if not members:
            return None
        tokens = self._tokens.get(company)
        if tokens is None:
            tokens = self._tokens[company] = {}
            for other, key in members:
                for token in set(other.split()):
                    tokens.setdefault(token, []).append((other, key))
        pool: dict[str, int] = {}
        for token in set(name.split()):
            for other, key in tokens.get(token, ()):
                pool.setdefault(other, key)
        if not pool:
            return None
        from rapidfuzz import fuzz, process

        best = process.extractOne(
            name, list(pool), scorer=fuzz.token_sort_ratio, score_cutoff=NAME_SIMILARITY
        )
        if best is None:
            return None
        return Match(pool[best[0]], "similar name at the same company", likely=False)

    def remember(self, key: int, draft: ContactDraft, uid: str | None = None) -> None:
        """Let later calls match ``draft`` too, answering with ``key``."""
        if not self._loaded:
            self._load()
        if uid:
            self._uids.setdefault(uid, key)
        for channel in draft.channels:
            if channel.kind == "email":
                found = email_key(channel.value)
                if found:
                    self._emails.add(found, key)
            elif channel.kind == "phone":
                self._phones.add(channel.value, key)
        name = name_key(draft.display_name())
        if name:
            self._add_name(key, name, self._company(draft.company))


# --- duplicates already in the database -------------------------------------------------------


@dataclass(frozen=True)
class DuplicatePair:
    """Two stored contacts that are likely one person (``a_id`` < ``b_id``)."""

    a_id: int
    b_id: int
    a_name: str
    b_name: str
    reason: str


_REASON_RANK = {"email": 0, "phone": 1, "name": 2, "similar": 3}

#: Said of a pair that only a name joins: they may well be two people.
_MAYBE_TWO = "perhaps two people"


def find_duplicate_pairs(*, limit: int = 1000) -> list[DuplicatePair]:
    """Likely duplicate pairs among stored contacts, strongest reasons first (at most ``limit``).

    For Contacts ▸ Find duplicates…: a shared email or phone, the same name (at the same
    company, or where one has none), or a close name at the same company.
    """
    db = database_proxy
    found: dict[tuple[int, int], tuple[int, str]] = {}

    def pair(a: int, b: int, rank: str, reason: str) -> None:
        if a == b:
            return
        key = (min(a, b), max(a, b))
        current = found.get(key)
        if current is None or _REASON_RANK[rank] < current[0]:
            found[key] = (_REASON_RANK[rank], reason)

    def pairs_in(groups: Iterable[tuple[str, list[int]]], rank: str, label: str) -> None:
        for value, ids in groups:
            unique = sorted(set(ids))
            for i, a in enumerate(unique[:50]):
                for b in unique[i + 1 : 50]:
                    pair(a, b, rank, f"same {label} {value}" if value else f"same {label}")

    emails: dict[str, list[int]] = {}
    numbers: dict[str, list[int]] = {}
    shown: dict[str, str] = {}
    by_suffix: dict[str, list[tuple[str, int]]] = {}
    for contact_id, kind, value in db.execute_sql(
        "SELECT contact_id, kind, value FROM contact_method WHERE kind IN ('email', 'phone')"
    ):
        if kind == "email":
            key = email_key(value)
            if key:
                emails.setdefault(key, []).append(contact_id)
                shown.setdefault(f"email:{key}", value)
        else:
            suffix = phones.phone_suffix(value)
            if suffix:
                by_suffix.setdefault(suffix, []).append((value, contact_id))
    # Only numbers sharing their last digits can be one number: only those are parsed.
    region = phones.default_region()
    for group in by_suffix.values():
        if len({contact_id for _, contact_id in group}) < 2:
            continue
        for value, contact_id in group:
            key = phone_key(value, region)
            if key:
                numbers.setdefault(key, []).append(contact_id)
                shown.setdefault(f"phone:{key}", value)
    pairs_in(((shown[f"email:{k}"], v) for k, v in emails.items() if len(v) > 1), "email", "email")
    pairs_in(((shown[f"phone:{k}"], v) for k, v in numbers.items() if len(v) > 1), "phone", "phone")

    names: dict[str, list[tuple[int, str]]] = {}
    companies: dict[str, list[tuple[str, int]]] = {}
    company_keys: dict[str, str] = {}
    full_names: dict[int, str] = {}
    for contact_id, full_name, sort_name, company in db.execute_sql(
        "SELECT id, full_name, sort_name, company FROM contact"
    ):
        full_names[contact_id] = full_name
        ckey = company_keys.get(company)
        if ckey is None:
            ckey = company_keys[company] = company_key(company)
        nkey = " ".join(sort_name.split())
        names.setdefault(nkey, []).append((contact_id, ckey))
        if ckey:
            companies.setdefault(ckey, []).append((nkey, contact_id))
    for members in names.values():
        if len(members) < 2:
            continue
        for i, (a, ca) in enumerate(members[:50]):
            for b, cb in members[i + 1 : 50]:
                if not ca or not cb or ca == cb:
                    pair(a, b, "name", f"same name only — {_MAYBE_TWO}")
    from rapidfuzz import fuzz

    for people in companies.values():
        tokens: dict[str, list[tuple[str, int]]] = {}
        for nkey, contact_id in people:
            for token in set(nkey.split()):
                tokens.setdefault(token, []).append((nkey, contact_id))
        for group in tokens.values():
            if len(group) < 2 or len(group) > 200:
                continue
            for i, (na, a) in enumerate(group):
                for nb, b in group[i + 1 :]:
                    if na != nb and fuzz.token_sort_ratio(na, nb) >= NAME_SIMILARITY:
                        pair(a, b, "similar", f"similar name at the same company — {_MAYBE_TWO}")
    ordered = sorted(found.items(), key=lambda item: (item[1][0], item[0]))[:limit]
    return [
        DuplicatePair(a, b, full_names.get(a, ""), full_names.get(b, ""), reason)
        for (a, b), (_, reason) in ordered
    ]
