"""Keep-in-touch cadence: how often to be in touch with someone, where that comes from, and status.

The person's own cadence wins; otherwise the tightest of their tags' cadences and their
circle's — a tag can make a cadence tighter, never looser than the circle's (an inner-5 friend
tagged "newsletter" is still seen every 14 days). See resources/help/rules.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo

import peewee as pw

from kith.core.contacts import MAX_CADENCE_DAYS
from kith.core.local_time import local_date, to_utc, today
from kith.core.relative_time import span_words
from kith.core.rules.constants import CIRCLE_CADENCE_DAYS
from kith.store.changes import writing
from kith.store.models import Contact, ContactTag, Interaction, InteractionContact, Tag

#: How the circles are called in cadence labels.
CIRCLE_LABELS: dict[int, str] = {1: "inner 5", 2: "circle 15", 3: "circle 50", 4: "circle 150"}

SOURCE_CONTACT = "contact"
SOURCE_TAG = "tag"
SOURCE_CIRCLE = "circle"
SOURCE_NONE = "none"


@dataclass(frozen=True)
class Cadence:
    """Days between touches (None: no cadence) and the setting it comes from."""

    days: int | None
    source: str  # contact, tag, circle or none
    #: The tag's name for a tag cadence, the circle number (as text) for a circle cadence.
    source_name: str = ""

    @property
    def reason(self) -> str:
        """Where the cadence comes from, in words: "circle 15", "tag family"."""
        if self.source == SOURCE_CONTACT:
            return "set for this person"
        if self.source == SOURCE_TAG:
            return f"tag {self.source_name}"
        if self.source == SOURCE_CIRCLE:
            return CIRCLE_LABELS.get(int(self.source_name), f"circle {self.source_name}")
        return ""

    @property
    def label(self) -> str:
        """ "every 30 days (circle 15)", "every 7 days (tag family)" or "no cadence"."""
        if self.days is None:
            return "no cadence"
        every = "every day" if self.days == 1 else f"every {self.days} days"
        return f"{every} ({self.reason})"


NO_CADENCE = Cadence(None, SOURCE_NONE)


def resolve_cadence(
    contact_days: int | None,
    tag_cadences: Iterable[tuple[str, int | None]],
    circle: int | None,
) -> Cadence:
    """The cadence that applies: the person's own, else the tightest of their tags' and their
    circle's.

    ``tag_cadences`` is (tag name, cadence days or None) for each of the person's tags. When
    two tags share the smallest cadence, the alphabetically first name is reported; a tag and
    the circle with the same cadence report the circle.
    """
    if contact_days is not None:
        return Cadence(contact_days, SOURCE_CONTACT)
    candidates: list[tuple[int, int, str, Cadence]] = [
        (days, 1, name.casefold(), Cadence(days, SOURCE_TAG, name))
        for name, days in tag_cadences
        if days is not None
    ]
    if circle in CIRCLE_CADENCE_DAYS:
        days = CIRCLE_CADENCE_DAYS[circle]
        candidates.append((days, 0, "", Cadence(days, SOURCE_CIRCLE, str(circle))))
    if not candidates:
        return NO_CADENCE
    return min(candidates, key=lambda c: c[:3])[3]


def tag_cadences_of(contact_ids: Sequence[int]) -> dict[int, list[tuple[str, int]]]:
    """(tag name, cadence) of the cadence-carrying tags of each of these contacts."""
    result: dict[int, list[tuple[str, int]]] = {}
    ids = list(contact_ids)
    for start in range(0, len(ids), 500):
        query = (
            ContactTag.select(ContactTag.contact, Tag.name, Tag.cadence_days)
            .join(Tag)
            .where(
                ContactTag.contact.in_(ids[start : start + 500]), Tag.cadence_days.is_null(False)
            )
            .tuples()
        )
        for contact_id, name, days in query:
            result.setdefault(contact_id, []).append((name, days))
    return result


def cadences_for(contact_ids: Sequence[int]) -> dict[int, Cadence]:
    """The cadence of each of these contacts (missing ids are left out)."""
    ids = list(contact_ids)
    tags = tag_cadences_of(ids)
    result = {}
    for start in range(0, len(ids), 500):
        rows = (
            Contact.select(Contact.id, Contact.cadence_days, Contact.circle)
            .where(Contact.id.in_(ids[start : start + 500]))
            .tuples()
        )
        for contact_id, days, circle in rows:
            result[contact_id] = resolve_cadence(days, tags.get(contact_id, ()), circle)
    return result


def cadence_for(contact_id: int) -> Cadence:
    """The cadence of one contact (no cadence if the contact does not exist)."""
    return cadences_for([contact_id]).get(contact_id, NO_CADENCE)


def status_text(due_in: int | None) -> str:
    """What a card says: "due in 12 days", "due today", "3 weeks overdue" or "no cadence"."""
    if due_in is None:
        return "no cadence"
    if due_in == 0:
        return "due today"
    if due_in == 1:
        return "due tomorrow"
    if due_in > 0:
        return f"due in {span_words(due_in)}"
    return f"{span_words(-due_in)} overdue"


@dataclass(frozen=True)
class CadenceStatus:
    """Where someone stands against their cadence, as of one "now"."""

    cadence: Cadence
    #: The last interaction (naive UTC), or None if there has been none.
    last_contact: datetime | None
    #: The local date the count starts from: the last interaction, else when they were added
    #: to Kith or met (whichever is later). None only without a cadence and any interaction.
    counted_from: date | None
    #: Local calendar days from ``counted_from`` to today.
    days_since: int | None
    #: Days until the next touch is due (negative: overdue); None without a cadence.
    due_in: int | None
    #: ``days_since / cadence``; above 1 means going cold; None without a cadence.
    ratio: float | None

    @property
    def going_cold(self) -> bool:
        return self.ratio is not None and self.ratio > 1

    @property
    def text(self) -> str:
        return status_text(self.due_in)


def cadence_status(
    cadence: Cadence,
    *,
    last_contact: datetime | None,
    added_at: datetime | None,
    met_on: date | None,
    now: datetime,
    tz: tzinfo | None = None,
) -> CadenceStatus:
    """The status of someone with this cadence and history, at ``now`` in zone ``tz``.

    Without any interaction, the count starts on the later of the day they were added
    (``added_at``, UTC) and the day you met (``met_on``).
    """
    day = today(now, tz)
    start: date | None
    if last_contact is not None:
        start = local_date(last_contact, tz)
    else:
        candidates = [d for d in (local_date(added_at, tz) if added_at else None, met_on) if d]
        start = max(candidates) if candidates else None
    days_since = None if start is None else max(0, (day - start).days)
    if cadence.days is None or days_since is None:
        return CadenceStatus(cadence, last_contact, start, days_since, None, None)
    return CadenceStatus(
        cadence,
        last_contact,
        start,
        days_since,
        cadence.days - days_since,
        days_since / cadence.days,
    )


def last_contacts(contact_ids: Sequence[int]) -> dict[int, datetime]:
    """The time (naive UTC) of each contact's latest contact — a logged interaction, or mail or
    a meeting that capture found (from a source turned on); no entry if none."""
    result: dict[int, datetime] = {}
    ids = list(contact_ids)
    for start in range(0, len(ids), 500):
        query = (
            InteractionContact.select(
                InteractionContact.contact, pw.fn.MAX(Interaction.occurred_at)
            )
            .join(Interaction)
            .where(InteractionContact.contact.in_(ids[start : start + 500]))
            .group_by(InteractionContact.contact)
            .tuples()
        )
        for contact_id, when in query:
            result[contact_id] = parse_stamp(when)
    from kith.core.capture.suggestions import last_captured

    for kind in ("email", "meeting"):
        for contact_id, when in last_captured(ids, kind).items():
            if contact_id not in result or when > result[contact_id]:
                result[contact_id] = when
    return result


def parse_stamp(value: datetime | str) -> datetime:
    """A timestamp read through an aggregate (SQLite hands those back as text)."""
    if isinstance(value, str):
        return datetime.fromisoformat(value)
    return value


def cadence_statuses(
    contact_ids: Sequence[int], now: datetime, tz: tzinfo | None = None
) -> dict[int, CadenceStatus]:
    """The cadence status of each of these contacts (a few indexed queries per 500)."""
    ids = list(contact_ids)
    cadences = cadences_for(ids)
    last = last_contacts(ids)
    result = {}
    now = to_utc(now)
    for start in range(0, len(ids), 500):
        rows = (
            Contact.select(Contact.id, Contact.created_at, Contact.met_on)
            .where(Contact.id.in_(ids[start : start + 500]))
            .tuples()
        )
        for contact_id, created_at, met_on in rows:
            result[contact_id] = cadence_status(
                cadences[contact_id],
                last_contact=last.get(contact_id),
                added_at=created_at,
                met_on=met_on,
                now=now,
                tz=tz,
            )
    return result


def cadence_status_for(
    contact_id: int, now: datetime, tz: tzinfo | None = None
) -> CadenceStatus | None:
    """The cadence status of one contact, or None if it does not exist."""
    return cadence_statuses([contact_id], now, tz).get(contact_id)


def set_tag_cadence(tag_name: str, days: int | None) -> None:
    """Give everyone with this tag a keep-in-touch cadence (None: the tag sets none).

    The tag is created if it does not exist yet. Raises ValueError (message for the user) for
    a cadence outside 1–3650 days.
    """
    if days is not None and not 1 <= days <= MAX_CADENCE_DAYS:
        raise ValueError(f"Keep in touch every 1 to {MAX_CADENCE_DAYS} days")
    name = " ".join(tag_name.split())
    if not name:
        raise ValueError("A tag needs a name")
    with writing("tag"):
        updated = Tag.update(cadence_days=days).where(Tag.name == name).execute()
        if not updated:
            Tag.insert(name=name, cadence_days=days).execute()


def tag_cadences() -> list[tuple[str, int | None]]:
    """Every tag with its cadence (None: none), alphabetically."""
    return list(
        Tag.select(Tag.name, Tag.cadence_days).order_by(Tag.name.collate("NOCASE")).tuples()
    )
