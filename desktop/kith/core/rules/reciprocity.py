"""Give and ask: the balance over the last 12 months, and the reciprocity part of strength."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from kith.core.local_time import local_date, to_utc, today
from kith.core.rules.history import Touch, touches_of

#: "The last 12 months": today and the 364 days before it, in local calendar days.
WINDOW_DAYS = 365

#: Directions that count as giving when the pester rule asks "have you given since?".
GIVING = ("gave", "mutual")


@dataclass(frozen=True)
class Balance:
    """Gives and asks over the last 12 months; ``balance`` is gives minus asks."""

    gives: int = 0
    asks: int = 0
    mutual: int = 0
    neutral: int = 0

    @property
    def balance(self) -> int:
        return self.gives - self.asks

    @property
    def text(self) -> str:
        """ "+3 (5 gives, 2 asks)", "0 (no gives or asks)"."""
        if not self.gives and not self.asks:
            return "0 (no gives or asks)"
        sign = "+" if self.balance > 0 else ""
        gives = "1 give" if self.gives == 1 else f"{self.gives} gives"
        asks = "1 ask" if self.asks == 1 else f"{self.asks} asks"
        return f"{sign}{self.balance} ({gives}, {asks})"


def in_window(touch: Touch, day_today: date, tz: tzinfo | None) -> bool:
    """Whether a touch happened within the last 12 months (today included)."""
    days = (day_today - local_date(touch.occurred_at, tz)).days
    return days < WINDOW_DAYS


def balance_from(touches: Sequence[Touch], now: datetime, tz: tzinfo | None = None) -> Balance:
    """The give/ask balance of these touches over the 12 months up to ``now``."""
    day = today(now, tz)
    counts = {"gave": 0, "asked": 0, "mutual": 0, "neutral": 0}
    for touch in touches:
        if in_window(touch, day, tz) and touch.direction in counts:
            counts[touch.direction] += 1
    return Balance(counts["gave"], counts["asked"], counts["mutual"], counts["neutral"])


def balances(
    contact_ids: Sequence[int], now: datetime, tz: tzinfo | None = None
) -> dict[int, Balance]:
    """The balance of each of these contacts (every id gets one, zero when nothing happened)."""
    since = to_utc(now) - timedelta(days=WINDOW_DAYS + 1)
    touches = touches_of(contact_ids, since=since)
    return {cid: balance_from(touches.get(cid, []), now, tz) for cid in contact_ids}


def balance_for(contact_id: int, now: datetime, tz: tzinfo | None = None) -> Balance:
    return balances([contact_id], now, tz)[contact_id]


def reciprocity_score(touches: Sequence[Touch]) -> float:
    """0–1: how much you give compared with how much you ask, over your whole history.

    Each give counts +1, each ask −1, each mutual exchange 0 (but it makes the relationship
    more balanced), neutral ones not at all. Score = 0.5 + 0.5 × (gives − asks) / (gives +
    asks + mutual): 1 when you only give, 0.5 when balanced (or only neutral), 0 when you
    only ask; no interactions at all: 0. It does not depend on when things happened, so it
    neither drifts while time passes nor punishes a more recent interaction.
    """
    if not touches:
        return 0.0
    gives = sum(1 for t in touches if t.direction == "gave")
    asks = sum(1 for t in touches if t.direction == "asked")
    mutual = sum(1 for t in touches if t.direction == "mutual")
    total = gives + asks + mutual
    if total == 0:
        return 0.5
    return 0.5 + 0.5 * (gives - asks) / total
