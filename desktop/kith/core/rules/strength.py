"""Relationship strength 0–100, from parts a user can read: history, dialog, favours, recency.

Trust is built by history, two-way dialog, and favours and commitments kept — not by one
recent meeting, and never by asking. So:

- **history**: how long you have known them (since the first contact or the day you met) and
  how steadily (in how many different months of the last two years you were in touch);
- **dialog**: whether both of you reach out, not only you (or only they);
- **favours**: gives either way, exchanges where both gave, and follow-ups about them you did
  on time;
- **recency**: how long since you were last in touch.

Asks — yours and theirs — count in none of the parts: asking spends trust (see the balance and
the action threshold), it never builds it. Every number is in
:mod:`kith.core.rules.constants`; resources/help/rules.md explains them with examples.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from kith.core.local_time import local_date, today
from kith.core.relative_time import span_words
from kith.core.rules.constants import (
    DIALOG_FULL_REACH_OUTS,
    FAVOURS_FULL,
    GOOD_TIE,
    HISTORY_FULL_MONTHS,
    NEW_TIE_DAYS,
    NEW_TIE_MIN_MONTHS,
    RECENCY_HALF_LIFE_DAYS,
    STEADY_FULL_MONTHS,
    STEADY_LOOKBACK_MONTHS,
    STRENGTH_WEIGHTS,
    STRONG_TIE,
)
from kith.core.rules.history import FAVOURS, THEY_GAVE, YOU_GAVE, Touch, touches_of
from kith.store.models import Contact, FollowUp

DAYS_PER_MONTH = 30.44

LABELS = {
    "history": "History",
    "dialog": "Dialog",
    "favours": "Favours",
    "recency": "Recency",
}


@dataclass(frozen=True)
class TieFacts:
    """What the rules know of a relationship, counted once and read by every rule."""

    #: Days since the first contact that was not an ask, or since the day you met (the
    #: earlier); None when you have never really been in touch.
    known_days: int | None = None
    #: Different calendar months, of the last 24, with contact that was not an ask.
    steady_months: int = 0
    #: Reach-outs in the last 24 months (not asks): yours, theirs (planned together: both).
    mine: int = 0
    theirs: int = 0
    #: Favours, all time: gives either way, mutual exchanges, and commitments kept.
    favours: int = 0
    #: Of those, follow-ups about them you did on time.
    kept: int = 0
    #: Days since the last contact that was not an ask (None: never).
    days_since_contact: int | None = None
    #: Your asks since your last give, and theirs since their last give (all time).
    open_asks: int = 0
    their_open_asks: int = 0
    #: The day of your latest open ask (None when none of your asks is open).
    last_open_ask: date | None = None
    #: They gave without being asked: gives of theirs with no ask of yours since your last
    #: give before them (the network effect: they act for you unprompted).
    unprompted_gives: int = 0

    @property
    def known_months(self) -> float:
        return 0.0 if self.known_days is None else self.known_days / DAYS_PER_MONTH


@dataclass(frozen=True)
class StrengthPart:
    """One part: its value 0–1, its weight, the points (0–100 scale) it adds, and why."""

    name: str
    label: str
    value: float
    weight: float
    why: str = ""

    @property
    def points(self) -> float:
        return 100 * self.weight * self.value


@dataclass(frozen=True)
class Strength:
    """A relationship's strength with the parts it is made of (for the hover card)."""

    history: float
    dialog: float
    favours: float
    recency: float
    facts: TieFacts = TieFacts()

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
        whys = _whys(self.facts)
        return tuple(
            StrengthPart(name, LABELS[name], getattr(self, name), weight, whys[name])
            for name, weight in STRENGTH_WEIGHTS.items()
        )

    @property
    def text(self) -> str:
        """ "History 30 · Dialog 12 · Favours 9 · Recency 20": the points of each part."""
        return " · ".join(f"{p.label} {round(p.points)}" for p in self.parts)

    @property
    def tie(self) -> str:
        """ "new", "weak", "good" or "strong" — see :func:`tie_word`."""
        return tie_word(self.total, self.facts)


NO_STRENGTH = Strength(0.0, 0.0, 0.0, 0.0)


def tie_word(total: int, facts: TieFacts) -> str:
    """ "new" until known ``NEW_TIE_DAYS`` days and in touch in ``NEW_TIE_MIN_MONTHS`` different
    months, whatever the score; then "weak", "good" (from ``GOOD_TIE``) or "strong" (from
    ``STRONG_TIE``)."""
    if (
        facts.known_days is None
        or facts.known_days < NEW_TIE_DAYS
        or facts.steady_months < NEW_TIE_MIN_MONTHS
    ):
        return "new"
    if total >= STRONG_TIE:
        return "strong"
    if total >= GOOD_TIE:
        return "good"
    return "weak"


def _months_back(day: date, months: int) -> tuple[int, int]:
    index = day.year * 12 + day.month - 1 - months
    return index // 12, index % 12 + 1


def facts_from(
    touches: Sequence[Touch],
    now: datetime,
    tz: tzinfo | None = None,
    *,
    met_on: date | None = None,
    kept: int = 0,
) -> TieFacts:
    """Count the facts of a relationship with these interactions (any order), as of ``now``.

    Interactions later than ``now`` count as happening today; ``kept`` is the number of
    follow-ups about them done on time (see :func:`kept_commitments`).
    """
    day = today(now, tz)
    dated = sorted(
        ((min(local_date(t.occurred_at, tz), day), t) for t in touches),
        key=lambda pair: (pair[0], pair[1].occurred_at, pair[1].interaction_id),
    )
    contact = [(d, t) for d, t in dated if not t.is_ask]
    starts = [d for d, _ in contact[:1]]
    if met_on is not None:
        starts.append(min(met_on, day))
    first = min(starts, default=None)
    known_days = None if first is None else max(0, (day - first).days)
    oldest_month = _months_back(day, STEADY_LOOKBACK_MONTHS - 1)
    recent = [(d, t) for d, t in contact if (d.year, d.month) >= oldest_month]
    steady = len({(d.year, d.month) for d, _ in recent})
    mine = sum(1 for _, t in recent if t.is_mine)
    theirs = sum(1 for _, t in recent if t.is_theirs)
    favours = sum(1 for _, t in dated if t.direction in FAVOURS) + kept
    since = None if not contact else (day - contact[-1][0]).days
    # The running balances: your asks since your last give, theirs since theirs. Their give
    # answers your ask but does not repay it: only your own give closes your asks.
    open_asks = their_open = unprompted = 0
    last_open_ask: date | None = None
    for touch_day, touch in dated:
        if touch.direction == "asked":
            open_asks += 1
            last_open_ask = touch_day
        elif touch.direction == "they_asked":
            their_open += 1
        elif touch.direction == "they_gave" and open_asks == 0:
            unprompted += 1  # nothing of yours was waiting: they acted for you unprompted
        if touch.direction in YOU_GAVE:
            open_asks = 0
            last_open_ask = None
        if touch.direction in THEY_GAVE:
            their_open = 0
    return TieFacts(
        known_days=known_days,
        steady_months=steady,
        mine=mine,
        theirs=theirs,
        favours=favours,
        kept=kept,
        days_since_contact=since,
        open_asks=open_asks,
        their_open_asks=their_open,
        last_open_ask=last_open_ask,
        unprompted_gives=unprompted,
    )


def strength_of(facts: TieFacts) -> Strength:
    """The four parts from the facts:

    - history = ½ × min(1, months known ÷ 24) + ½ × min(1, months in touch ÷ 12)
    - dialog = (2 × the smaller side ÷ both sides) × min(1, both sides ÷ 6)
    - favours = min(1, favours ÷ 6)
    - recency = 0.5 ^ (days since the last contact ÷ 90)
    """
    history = 0.5 * min(1.0, facts.known_months / HISTORY_FULL_MONTHS) + 0.5 * min(
        1.0, facts.steady_months / STEADY_FULL_MONTHS
    )
    both = facts.mine + facts.theirs
    if both:
        evenness = 2 * min(facts.mine, facts.theirs) / both
        dialog = evenness * min(1.0, both / DIALOG_FULL_REACH_OUTS)
    else:
        dialog = 0.0
    favours = min(1.0, facts.favours / FAVOURS_FULL)
    if facts.days_since_contact is None:
        recency = 0.0
    else:
        recency = 0.5 ** (facts.days_since_contact / RECENCY_HALF_LIFE_DAYS)
    return Strength(history, dialog, favours, recency, facts)


def strength_from(
    touches: Sequence[Touch],
    now: datetime,
    tz: tzinfo | None = None,
    *,
    met_on: date | None = None,
    kept: int = 0,
) -> Strength:
    """The strength of a relationship with these interactions, as of ``now``."""
    return strength_of(facts_from(touches, now, tz, met_on=met_on, kept=kept))


def _whys(facts: TieFacts) -> dict[str, str]:
    """Each part in words, for the hover card."""
    if facts.known_days is None:
        history = "never in touch yet"
    else:
        months = "1 month" if facts.steady_months == 1 else f"{facts.steady_months} months"
        history = f"known {span_words(facts.known_days)}, in touch in {months} of the last 24"
    if facts.mine or facts.theirs:
        dialog = f"you reached out {facts.mine}×, they did {facts.theirs}× (last 24 months)"
    else:
        dialog = "nobody's reach-outs recorded yet"
    kept = f", {facts.kept} kept on time" if facts.kept else ""
    favours = f"{facts.favours} favours exchanged{kept}" if facts.favours else "no favours yet"
    # Asks do not count here either, so say so: "last contact" on the card may be an ask.
    if facts.days_since_contact is None:
        recency = (
            "no contact but asks yet"
            if facts.open_asks or facts.their_open_asks
            else ("no contact yet")
        )
    else:
        recency = (
            "in touch today (asks aside)"
            if facts.days_since_contact == 0
            else f"last in touch {span_words(facts.days_since_contact)} ago, asks aside"
        )
    return {"history": history, "dialog": dialog, "favours": favours, "recency": recency}


def kept_commitments(contact_ids: Sequence[int], tz: tzinfo | None = None) -> dict[int, int]:
    """Follow-ups about each of these people that were done on or before their due day."""
    result: dict[int, int] = {}
    ids = list(contact_ids)
    for start in range(0, len(ids), 500):
        rows = (
            FollowUp.select(
                FollowUp.contact, FollowUp.due_at, FollowUp.due_has_time, FollowUp.completed_at
            )
            .where(
                FollowUp.contact.in_(ids[start : start + 500]),
                FollowUp.status == "done",
                FollowUp.completed_at.is_null(False),
            )
            .tuples()
        )
        for contact_id, due_at, has_time, completed_at in rows:
            due_day = local_date(due_at, tz) if has_time else due_at.date()
            if local_date(completed_at, tz) <= due_day:
                result[contact_id] = result.get(contact_id, 0) + 1
    return result


def tie_facts(
    contact_ids: Sequence[int],
    now: datetime,
    tz: tzinfo | None = None,
    *,
    touches: Mapping[int, Sequence[Touch]] | None = None,
) -> dict[int, TieFacts]:
    """The facts of each of these contacts (every id gets some; no history: empty facts).

    ``touches``: their interactions when the caller has read them already.
    """
    ids = list(contact_ids)
    if touches is None:
        touches = touches_of(ids)
    kept = kept_commitments(ids, tz)
    met: dict[int, date | None] = {}
    for start in range(0, len(ids), 500):
        rows = Contact.select(Contact.id, Contact.met_on).where(
            Contact.id.in_(ids[start : start + 500])
        )
        met.update(rows.tuples())
    return {
        cid: facts_from(touches.get(cid, []), now, tz, met_on=met.get(cid), kept=kept.get(cid, 0))
        for cid in ids
    }


def strengths(
    contact_ids: Sequence[int], now: datetime, tz: tzinfo | None = None
) -> dict[int, Strength]:
    """The strength of each of these contacts (every id gets one; no history: 0)."""
    return {cid: strength_of(facts) for cid, facts in tie_facts(contact_ids, now, tz).items()}


def strength_for(contact_id: int, now: datetime, tz: tzinfo | None = None) -> Strength:
    return strengths([contact_id], now, tz)[contact_id]
