"""Give and ask: what flowed over the last 12 months, and the running balance of open asks.

Two numbers drive the advice, for everyone whatever their circle:

- the **12-month balance** — your gives minus your asks — on the card;
- the **open asks** — your asks since your last give (and theirs since their last give). A new
  ask while one of yours is open gets "give first"; someone who asked again and again in a
  year and gave nothing is named on their card.

Every number is in :mod:`kith.core.rules.constants`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from kith.core.local_time import local_date, today
from kith.core.rules.constants import BALANCE_WINDOW_DAYS, ONLY_ASKS_MIN
from kith.core.rules.history import Touch, touches_of
from kith.core.rules.strength import TieFacts, facts_from

#: Kept for the rules' wording: "the last 12 months" in local calendar days.
WINDOW_DAYS = BALANCE_WINDOW_DAYS


@dataclass(frozen=True)
class Balance:
    """What flowed over the last 12 months, and the running open asks (all time)."""

    gives: int = 0
    asks: int = 0
    their_gives: int = 0
    their_asks: int = 0
    mutual: int = 0
    neutral: int = 0
    #: Your asks since your last give; theirs since their last give.
    open_asks: int = 0
    their_open_asks: int = 0
    #: Their gives while none of your asks was waiting: they acted for you unprompted.
    unprompted_gives: int = 0

    @property
    def balance(self) -> int:
        """Your gives minus your asks over the last 12 months."""
        return self.gives - self.asks

    @property
    def text(self) -> str:
        """ "+3 (5 gives, 2 asks)", "0 (no gives or asks)"."""
        if not self.gives and not self.asks:
            return "0 (no gives or asks)"
        sign = "+" if self.balance > 0 else ""
        return f"{sign}{self.balance} ({_count(self.gives, 'give')}, {_count(self.asks, 'ask')})"

    @property
    def only_asks(self) -> bool:
        """They asked at least ``ONLY_ASKS_MIN`` times in 12 months and gave nothing."""
        return self.their_asks >= ONLY_ASKS_MIN and not self.their_gives and not self.mutual


def _count(n: int, word: str) -> str:
    return f"1 {word}" if n == 1 else f"{n} {word}s"


def in_window(touch: Touch, day_today: date, tz: tzinfo | None) -> bool:
    """Whether a touch happened within the last 12 months (today included)."""
    return (day_today - local_date(touch.occurred_at, tz)).days < BALANCE_WINDOW_DAYS


def balance_from(
    touches: Sequence[Touch],
    now: datetime,
    tz: tzinfo | None = None,
    *,
    facts: TieFacts | None = None,
) -> Balance:
    """The balance of these touches (any order) as of ``now`` (``facts``: theirs, when the
    caller has counted them already)."""
    day = today(now, tz)
    counts = dict.fromkeys(("gave", "asked", "they_gave", "they_asked", "mutual", "neutral"), 0)
    for touch in touches:
        if in_window(touch, day, tz) and touch.direction in counts:
            counts[touch.direction] += 1
    if facts is None:
        facts = facts_from(touches, now, tz)
    return Balance(
        gives=counts["gave"],
        asks=counts["asked"],
        their_gives=counts["they_gave"],
        their_asks=counts["they_asked"],
        mutual=counts["mutual"],
        neutral=counts["neutral"],
        open_asks=facts.open_asks,
        their_open_asks=facts.their_open_asks,
        unprompted_gives=facts.unprompted_gives,
    )


def only_asks_text(name: str, balance: Balance) -> str:
    """ "Bo has asked 4 times and given nothing in a year" — or "" when that is not so."""
    if not balance.only_asks:
        return ""
    return f"{name} has asked {balance.their_asks} times and given nothing in a year"


def unprompted_text(name: str, balance: Balance) -> str:
    """ "Ana gave without being asked 2 times" — the network effect, or "" when never."""
    n = balance.unprompted_gives
    if not n:
        return ""
    times = "once" if n == 1 else f"{n} times"
    return f"{name} gave without being asked {times}"


def balances(
    contact_ids: Sequence[int], now: datetime, tz: tzinfo | None = None
) -> dict[int, Balance]:
    """The balance of each of these contacts (every id gets one, zero when nothing happened)."""
    touches = touches_of(contact_ids)
    return {cid: balance_from(touches.get(cid, []), now, tz) for cid in contact_ids}


def balance_for(contact_id: int, now: datetime, tz: tzinfo | None = None) -> Balance:
    return balances([contact_id], now, tz)[contact_id]
