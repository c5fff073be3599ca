"""Relationship strength 0–100: a weighted sum of recency, frequency, reciprocity and depth."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo

from kith.core.local_time import local_date, today
from kith.core.rules.history import Touch, touches_of
from kith.core.rules.reciprocity import WINDOW_DAYS, reciprocity_score

#: Recency halves for every this many days since the last interaction.
RECENCY_HALF_LIFE_DAYS = 90
#: Interactions in the last 12 months that earn the full frequency score (twice a month).
FREQUENCY_SATURATION = 24

#: How deep each kind of interaction is, 0–1: being together beats seeing each other on a
#: screen, which beats hearing each other, which beats writing.
DEPTH = {
    "meeting": 1.0,
    "meal": 1.0,
    "event": 0.8,
    "video": 0.7,
    "call": 0.6,
    "intro": 0.5,
    "email": 0.3,
    "message": 0.3,
    "other": 0.3,
}

WEIGHTS = {"recency": 0.35, "frequency": 0.25, "reciprocity": 0.15, "depth": 0.25}

LABELS = {
    "recency": "Recency",
    "frequency": "Frequency",
    "reciprocity": "Reciprocity",
    "depth": "Depth",
}


@dataclass(frozen=True)
class StrengthPart:
    """One component: its value 0–1, its weight, and the points (0–100 scale) it adds."""

    name: str
    label: str
    value: float
    weight: float

    @property
    def points(self) -> float:
        return 100 * self.weight * self.value


@dataclass(frozen=True)
class Strength:
    """A relationship's strength with the parts it is made of (for the hover card)."""

    recency: float
    frequency: float
    reciprocity: float
    depth: float

    @property
    def score(self) -> float:
        """The exact weighted sum, 0–100."""
        return sum(part.points for part in self.parts)

    @property
    def total(self) -> int:
        """The strength shown to the user: the score rounded to a whole number, 0–100."""
        return max(0, min(100, round(self.score)))

    @property
    def parts(self) -> tuple[StrengthPart, ...]:
        return tuple(
            StrengthPart(name, LABELS[name], getattr(self, name), weight)
            for name, weight in WEIGHTS.items()
        )

    @property
    def text(self) -> str:
        """ "Recency 30 · Frequency 12 · Reciprocity 9 · Depth 25": the points of each part."""
        return " · ".join(f"{p.label} {round(p.points)}" for p in self.parts)


NO_STRENGTH = Strength(0.0, 0.0, 0.0, 0.0)


def strength_from(touches: Sequence[Touch], now: datetime, tz: tzinfo | None = None) -> Strength:
    """The strength of a relationship with these interactions, as of ``now``.

    - recency = 0.5 ^ (days since the last interaction / 90)
    - frequency = log(1 + n) / log(1 + 24), at most 1, n = interactions in the last 12 months
    - reciprocity: see :func:`kith.core.rules.reciprocity.reciprocity_score`
    - depth = the deepest interaction of the last 12 months (meeting 1 … message 0.3)

    Interactions later than ``now`` count as happening today. No part can shrink when any
    interaction is more recent, and none can grow while time passes without contact.
    """
    if not touches:
        return NO_STRENGTH
    day = today(now, tz)
    ages = [max(0, (day - local_date(t.occurred_at, tz)).days) for t in touches]
    recency = 0.5 ** (min(ages) / RECENCY_HALF_LIFE_DAYS)
    recent = [t for t, age in zip(touches, ages, strict=True) if age < WINDOW_DAYS]
    frequency = min(1.0, math.log1p(len(recent)) / math.log1p(FREQUENCY_SATURATION))
    depth = max((DEPTH.get(t.kind, DEPTH["other"]) for t in recent), default=0.0)
    return Strength(recency, frequency, reciprocity_score(touches), depth)


def strengths(
    contact_ids: Sequence[int], now: datetime, tz: tzinfo | None = None
) -> dict[int, Strength]:
    """The strength of each of these contacts (every id gets one; no interactions: 0)."""
    touches = touches_of(contact_ids)
    return {cid: strength_from(touches.get(cid, []), now, tz) for cid in contact_ids}


def strength_for(contact_id: int, now: datetime, tz: tzinfo | None = None) -> Strength:
    return strengths([contact_id], now, tz)[contact_id]
