"""Interactions as CalDAV journal entries (RFC 5545 VJOURNAL), both ways.

Another app (Nextcloud's Journal, jtx Board) shows the standard part: ``DTSTART`` (when),
``SUMMARY``, ``DESCRIPTION`` (the notes), ``CATEGORIES`` (the kind, in words) and the people as
``ATTENDEE``s with their email where they have one. Another Kith reads back the rest from
``X-KITH-*`` properties, written as escaped TEXT:

- ``X-KITH-CONTACT``: one per person, the contact's vCard UID (as in the address book);
- ``X-KITH-KIND``, ``X-KITH-INITIATOR`` (who reached out), ``X-KITH-FLOW`` (what flowed:
  gave, asked, …), ``X-KITH-ASK-SIZE`` and ``X-KITH-GOAL`` (the goal's uid).

An interaction without a summary is sent with one made up for other apps ("Call with Ana
Lima"); Kith reads that back as no summary.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from kith.core.sync.follow_up_tasks import text_value, wrap
from kith.store.models import DIRECTIONS, INITIATORS, INTERACTION_KINDS, Interaction

X_CONTACT = "X-KITH-CONTACT"
X_KIND = "X-KITH-KIND"
X_INITIATOR = "X-KITH-INITIATOR"
X_FLOW = "X-KITH-FLOW"
X_ASK_SIZE = "X-KITH-ASK-SIZE"
X_GOAL = "X-KITH-GOAL"

ASK_SIZES = ("small", "medium", "large")


@dataclass(frozen=True)
class Person:
    """Someone an interaction was with, as a journal entry names them."""

    uid: str
    name: str
    email: str | None


def default_summary(kind: str, names: Sequence[str]) -> str:
    """The SUMMARY other apps show for an interaction logged without one."""
    from kith.core.interactions import KIND_LABELS

    label = KIND_LABELS.get(kind, "Interaction")
    return f"{label} with {', '.join(names)}" if names else label


def render_journal(i: Interaction, people: Sequence[Person], goal_uid: str | None) -> str:
    """The VJOURNAL Kith sends for an interaction (DTSTAMP is its ``updated_at``)."""
    from icalendar import Journal, vCalAddress, vText

    from kith.core.interactions import KIND_LABELS

    journal = Journal()
    journal.add("uid", i.uid)
    journal.add("dtstamp", i.updated_at.replace(tzinfo=UTC))
    journal.add("dtstart", i.occurred_at.replace(tzinfo=UTC))
    journal.add("summary", i.summary or default_summary(i.kind, [p.name for p in people]))
    if i.notes:
        journal.add("description", i.notes)
    journal.add("status", "FINAL")
    journal.add("categories", [KIND_LABELS.get(i.kind, "Other")])
    for person in people:
        if person.email:
            attendee = vCalAddress(f"mailto:{person.email}")
            attendee.params["CN"] = vText(person.name)
            journal.add("attendee", attendee)
    for person in people:
        journal.add(X_CONTACT, vText(person.uid))
    for name, value in (
        (X_KIND, i.kind),
        (X_INITIATOR, i.initiator),
        (X_FLOW, i.direction),
        (X_ASK_SIZE, i.ask_size),
        (X_GOAL, goal_uid),
    ):
        if value:
            journal.add(name, vText(value))
    journal.add("created", i.created_at.replace(tzinfo=UTC))
    journal.add("last-modified", i.updated_at.replace(tzinfo=UTC))
    return wrap(journal)


@dataclass
class Entry:
    """A VJOURNAL read as an interaction: its columns, and the people and goal it names."""

    uid: str
    occurred_at: datetime
    kind: str
    summary: str
    notes: str
    direction: str
    initiator: str | None
    ask_size: str | None
    created_at: datetime | None
    contact_uids: list[str]
    emails: list[str]
    goal_uid: str | None
    #: Whether Kith wrote it (``X-KITH-KIND``): then a made-up SUMMARY means none.
    from_kith: bool

    def columns(self) -> dict[str, Any]:
        return {
            "occurred_at": self.occurred_at,
            "kind": self.kind,
            "summary": self.summary,
            "notes": self.notes,
            "direction": self.direction,
            "initiator": self.initiator,
            "ask_size": self.ask_size,
        }


def _values(component: Any, name: str) -> list[str]:
    raw = component.get(name)
    if raw is None:
        return []
    items = raw if isinstance(raw, list) else [raw]
    return [v for v in (text_value(name, item) for item in items) if v]


def read_journal(text: str, *, now: datetime) -> Entry | None:
    """The first VJOURNAL in ``text`` as an :class:`Entry`; None when there is none."""
    from icalendar import Calendar

    from kith.core.sync.follow_up_tasks import as_utc

    try:
        cal = Calendar.from_ical(text)
    except ValueError:
        return None
    for journal in cal.walk("VJOURNAL"):
        uid = text_value("UID", journal.get("UID"))
        if not uid:
            return None
        start = journal.get("DTSTART")
        moment = as_utc(start.dt) if start is not None else None
        if moment is None and start is not None:  # an all-day note: its date at noon
            moment = datetime.combine(start.dt, datetime.min.time()).replace(hour=12)
        kind = text_value(X_KIND, journal.get(X_KIND)).lower()
        flow = text_value(X_FLOW, journal.get(X_FLOW)).lower()
        initiator = text_value(X_INITIATOR, journal.get(X_INITIATOR)).lower()
        ask = text_value(X_ASK_SIZE, journal.get(X_ASK_SIZE)).lower()
        created = journal.get("CREATED")
        emails = []
        for attendee in _values(journal, "ATTENDEE"):
            if attendee.lower().startswith("mailto:"):
                emails.append(attendee[7:].strip())
        return Entry(
            uid=uid,
            occurred_at=min(moment or now, now),
            kind=kind if kind in INTERACTION_KINDS else "other",
            summary=text_value("SUMMARY", journal.get("SUMMARY"))[:200],
            notes=text_value("DESCRIPTION", journal.get("DESCRIPTION")),
            direction=flow if flow in DIRECTIONS else "neutral",
            initiator=initiator if initiator in INITIATORS else None,
            ask_size=ask if ask in ASK_SIZES and flow == "asked" else None,
            created_at=as_utc(created.dt) if created is not None else None,
            contact_uids=list(dict.fromkeys(_values(journal, X_CONTACT))),
            emails=emails,
            goal_uid=text_value(X_GOAL, journal.get(X_GOAL)) or None,
            from_kith=bool(kind),
        )
    return None
