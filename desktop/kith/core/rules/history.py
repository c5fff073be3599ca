"""A contact's interactions as small facts (when, kind, what flowed, who reached out) that the
rules read."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from kith.store.models import Interaction, InteractionContact


@dataclass(frozen=True)
class Touch:
    """One interaction with a person, as the rules see it."""

    occurred_at: datetime  # naive UTC
    kind: str
    direction: str
    interaction_id: int = 0
    #: Who reached out: "me", "them", "both", or None (not known).
    initiator: str | None = None

    @property
    def is_ask(self) -> bool:
        """An ask, yours or theirs: it spends trust and builds none."""
        return self.direction in ASKS

    @property
    def is_mine(self) -> bool:
        """You reached out (alone, or planned together)."""
        return self.initiator in ("me", "both")

    @property
    def is_theirs(self) -> bool:
        """They reached out (alone, or planned together)."""
        return self.initiator in ("them", "both")


#: What flowed when someone asked.
ASKS = ("asked", "they_asked")
#: What counts as a favour: a give either way, or an exchange where both gave.
FAVOURS = ("gave", "they_gave", "mutual")
#: What counts as you giving (it closes your open asks).
YOU_GAVE = ("gave", "mutual")
#: What counts as them giving (it closes their open asks).
THEY_GAVE = ("they_gave", "mutual")


def touches_of(
    contact_ids: Sequence[int], *, since: datetime | None = None
) -> dict[int, list[Touch]]:
    """Each contact's interactions (optionally only those at or after ``since``), newest first.

    Contacts without any interaction are left out.
    """
    result: dict[int, list[Touch]] = {}
    ids = list(contact_ids)
    for start in range(0, len(ids), 500):
        query = (
            InteractionContact.select(
                InteractionContact.contact,
                Interaction.id,
                Interaction.occurred_at,
                Interaction.kind,
                Interaction.direction,
                Interaction.initiator,
            )
            .join(Interaction)
            .where(InteractionContact.contact.in_(ids[start : start + 500]))
        )
        if since is not None:
            query = query.where(Interaction.occurred_at >= since)
        for contact_id, interaction_id, when, kind, direction, initiator in query.tuples():
            touch = Touch(when, kind, direction, interaction_id, initiator)
            result.setdefault(contact_id, []).append(touch)
    _introduced_met(result)
    for touches in result.values():
        touches.sort(key=lambda t: (t.occurred_at, t.interaction_id), reverse=True)
    return result


def _introduced_met(result: dict[int, list[Touch]]) -> None:
    """In an introduction someone made for you ("Ana introduced me to Ben": Ana picked first),
    what flowed — your ask, their give — was between you and the introducer; for the people
    you were introduced to it was a first meeting, and counts as one (rewritten in place)."""
    intro_ids = {
        t.interaction_id
        for touches in result.values()
        for t in touches
        if t.kind == "intro" and t.direction != "gave"
    }
    if not intro_ids:
        return
    introducer: dict[int, int] = {}
    ids = sorted(intro_ids)
    for start in range(0, len(ids), 500):
        rows = (
            InteractionContact.select(InteractionContact.interaction, InteractionContact.contact)
            .where(InteractionContact.interaction.in_(ids[start : start + 500]))
            .order_by(InteractionContact.id)
            .tuples()
        )
        for interaction_id, contact_id in rows:
            introducer.setdefault(interaction_id, contact_id)
    for contact_id, touches in result.items():
        for i, t in enumerate(touches):
            if t.interaction_id in introducer and introducer[t.interaction_id] != contact_id:
                touches[i] = Touch(t.occurred_at, t.kind, "neutral", t.interaction_id, "both")


def touches_with(contact_id: int, *, since: datetime | None = None) -> list[Touch]:
    """One contact's interactions, newest first."""
    return touches_of([contact_id], since=since).get(contact_id, [])
