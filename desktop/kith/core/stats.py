"""Counts that sum up a network (for ``kith stats --json`` and scripts)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime, tzinfo
from typing import Any

from kith.core.follow_up_counts import due_counts
from kith.core.local_time import to_utc
from kith.core.rules.going_cold import going_cold_with_total
from kith.store.models import Contact, FollowUp, Goal, Interaction


@dataclass(frozen=True)
class NetworkStats:
    """How big the network is and how much needs doing, as of one moment."""

    contacts: int  # not archived
    archived: int
    interactions: int
    open_followups: int
    overdue_followups: int
    due_today_followups: int
    going_cold: int
    goals: int  # active goals

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def network_stats(now: datetime, tz: tzinfo | None = None) -> NetworkStats:
    """Counts over the whole database as of ``now`` (naive UTC or aware)."""
    now = to_utc(now)
    overdue, due_today = due_counts(now, tz=tz)
    _, cold = going_cold_with_total(now, tz, 0)
    archived = int(Contact.select().where(Contact.archived == True).count())  # noqa: E712
    return NetworkStats(
        contacts=int(Contact.select().count()) - archived,
        archived=archived,
        interactions=int(Interaction.select().count()),
        open_followups=int(FollowUp.select().where(FollowUp.status == "open").count()),
        overdue_followups=overdue,
        due_today_followups=due_today,
        going_cold=cold,
        goals=int(Goal.select().where(Goal.status == "active").count()),
    )
