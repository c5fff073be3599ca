"""A contact's interactions as small facts (when, kind, direction) that the rules read."""

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
            )
            .join(Interaction)
            .where(InteractionContact.contact.in_(ids[start : start + 500]))
        )
        if since is not None:
            query = query.where(Interaction.occurred_at >= since)
        for contact_id, interaction_id, when, kind, direction in query.tuples():
            result.setdefault(contact_id, []).append(Touch(when, kind, direction, interaction_id))
    for touches in result.values():
        touches.sort(key=lambda t: (t.occurred_at, t.interaction_id), reverse=True)
    return result


def touches_with(contact_id: int, *, since: datetime | None = None) -> list[Touch]:
    """One contact's interactions, newest first."""
    return touches_of([contact_id], since=since).get(contact_id, [])
