"""Contacts ▸ Find duplicates…: what each side of a likely pair holds, to compare them."""

from __future__ import annotations

from dataclasses import dataclass

from kith.core.directory import contact_detail
from kith.store.models import FollowUp, InteractionContact


@dataclass(frozen=True)
class PairSide:
    """One contact of a likely duplicate pair, as the side-by-side view shows it."""

    contact_id: int
    name: str
    role_line: str  # "VP Engineering · Acme"
    location: str
    channels: tuple[tuple[str, str], ...]  # (kind, value)
    tags: tuple[str, ...]
    interactions: int
    follow_ups: int
    notes: str


def pair_side(contact_id: int) -> PairSide | None:
    """What one contact holds (None when it was deleted meanwhile)."""
    detail = contact_detail(contact_id)
    if detail is None:
        return None
    interactions = (
        InteractionContact.select().where(InteractionContact.contact == contact_id).count()
    )
    follow_ups = FollowUp.select().where(FollowUp.contact == contact_id).count()
    return PairSide(
        contact_id=contact_id,
        name=detail.summary.full_name,
        role_line=detail.summary.role_line,
        location=detail.location,
        channels=tuple((c.kind, c.value) for c in detail.channels),
        tags=detail.summary.tags,
        interactions=int(interactions),
        follow_ups=int(follow_ups),
        notes=detail.notes,
    )
