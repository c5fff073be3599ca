"""Helpers for the relationship-rule tests: people and interactions made through kith.core."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from kith.core.contacts import ContactDraft, save_contact
from kith.core.interactions import InteractionDraft, log_interaction
from kith.store.models import Contact

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
#: "Now" in every rule test: Monday 23 November 2026, 12:00 UTC (13:00 in Berlin).
NOW = datetime(2026, 11, 23, 12, 0)
TODAY = date(2026, 11, 23)


def person(name: str, *, added: datetime | None = None, **fields: Any) -> int:
    """A contact saved through the contacts service; ``added`` backdates when they were added."""
    contact_id = save_contact(ContactDraft(full_name=name, **fields))
    if added is not None:
        Contact.update(created_at=added).where(Contact.id == contact_id).execute()
    return contact_id


def log(
    contact_ids: int | list[int],
    when: datetime | date,
    kind: str = "call",
    direction: str = "neutral",
    *,
    now: datetime = NOW,
    **fields: Any,
) -> int:
    """Log an interaction (``when``: naive UTC, or a date meaning noon UTC that day).

    ``now`` is the moment the user logs it (the rule tests' fixed :data:`NOW`); a test that
    drives the window, whose pages read Kith's own clock, passes the ``now`` fixture.
    """
    if not isinstance(when, datetime):
        when = datetime(when.year, when.month, when.day, 12, 0)
    ids = [contact_ids] if isinstance(contact_ids, int) else contact_ids
    draft = InteractionDraft(
        occurred_at=when, kind=kind, contact_ids=ids, direction=direction, **fields
    )
    return log_interaction(draft, now=now, tz=UTC)
