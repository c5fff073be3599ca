"""The action threshold: how well someone must know you before they will do what you ask.

An ask is small (a coffee, a quick answer), medium (advice, a review, an introduction) or large
(a referral, a job, money, a public endorsement). Trust of the size of the ask is built by
history, favours exchanged and asks repaid — not by one recent meeting or a swap of cards:

- a small ask needs only that you have been in touch;
- a medium ask needs a few months of history, a favour exchanged, and at most one open ask;
- a large ask needs months of steady history, favours both ways, and no open ask.

The verdict names what is missing ("you have known Ana for 3 weeks; large asks need 6 months of
history — give first or ask for something smaller"). Every number is in
:mod:`kith.core.rules.constants`; see resources/help/rules.md ("The action threshold").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING

from kith.core.relative_time import span_words
from kith.core.rules.constants import (
    LARGE_MAX_OPEN_ASKS,
    LARGE_MIN_FAVOURS,
    LARGE_MIN_MONTHS,
    LARGE_MIN_STEADY_MONTHS,
    MEDIUM_MAX_OPEN_ASKS,
    MEDIUM_MIN_FAVOURS,
    MEDIUM_MIN_MONTHS,
)
from kith.core.rules.pester import short_name
from kith.core.rules.strength import Strength, strength_for
from kith.store.models import Contact

if TYPE_CHECKING:
    from kith.core.follow_ups import FollowUpDraft

ASK_SIZES = ("small", "medium", "large")
SIZE_EXAMPLES = {
    "small": "a coffee or a quick answer",
    "medium": "advice, a review or an introduction",
    "large": "a referral, a job, money or a public endorsement",
}

LIKELY = "likely"
STRETCH = "stretch"
TOO_BIG = "too_big"


@dataclass(frozen=True)
class Missing:
    """One thing an ask of this size needs and the relationship lacks, in words."""

    what: str  # "you have known Ana for 3 weeks"
    need: str  # "large asks need 6 months of history"


@dataclass(frozen=True)
class AskVerdict:
    """What Kith says about an ask of this size of this person."""

    size: str
    strength: int
    level: str  # likely, stretch or too_big
    text: str
    #: Suggest a give-first follow-up (something is missing, or an ask is still open).
    give_first: bool
    #: A title for that follow-up: "Give Ana something first (share, help or introduce)".
    give_first_title: str
    #: What Kith calls the person (nickname, else given name, else full name).
    name: str = ""
    #: "new", "weak", "good" or "strong": the same word the card and warm paths use.
    tie: str = "new"
    missing: tuple[Missing, ...] = ()

    @property
    def ok(self) -> bool:
        return self.level == LIKELY


def _months(n: int) -> str:
    return "1 month" if n == 1 else f"{n} months"


def _favours(n: int) -> str:
    return "1 favour" if n == 1 else f"{n} favours"


def missing_for(strength: Strength, size: str, name: str) -> list[Missing]:
    """What an ask of ``size`` needs that this relationship lacks, most telling first."""
    if size not in ASK_SIZES:
        raise ValueError(f"unknown ask size {size!r}; choose small, medium or large")
    facts = strength.facts
    never = Missing(f"you have never been in touch with {name}", "say hello before you ask")
    if size == "small":
        return [never] if facts.known_days is None else []
    months, favours, open_asks = (
        (MEDIUM_MIN_MONTHS, MEDIUM_MIN_FAVOURS, MEDIUM_MAX_OPEN_ASKS)
        if size == "medium"
        else (LARGE_MIN_MONTHS, LARGE_MIN_FAVOURS, LARGE_MAX_OPEN_ASKS)
    )
    missing = []
    if facts.known_days is None:
        missing.append(never)
    elif facts.known_months < months:
        known = "today" if facts.known_days == 0 else f"for {span_words(facts.known_days)}"
        missing.append(
            Missing(
                f"you have known {name} {known}", f"{size} asks need {_months(months)} of history"
            )
        )
    if (
        size == "large"
        and facts.known_days is not None
        and facts.steady_months < LARGE_MIN_STEADY_MONTHS
    ):
        missing.append(
            Missing(
                f"you have been in touch in {_months(facts.steady_months)}",
                f"large asks need steady contact, in {LARGE_MIN_STEADY_MONTHS} months or more",
            )
        )
    if facts.favours < favours:
        done = (
            "no favours exchanged yet" if not facts.favours else f"{_favours(facts.favours)} so far"
        )
        missing.append(Missing(done, f"{size} asks need {_favours(favours)} exchanged"))
    if facts.open_asks > open_asks:
        waiting = (
            "your last ask is still open"
            if facts.open_asks == 1
            else f"{facts.open_asks} of your asks are still open"
        )
        missing.append(Missing(f"{waiting} (no give since)", "give before you ask again"))
    return missing


def judge(strength: Strength, size: str, name: str) -> AskVerdict:
    """The verdict for an ask of ``size`` of someone called ``name``: likely when nothing is
    missing, a stretch when one thing is, too big otherwise."""
    missing = missing_for(strength, size, name)
    tie = strength.tie
    title = f"Give {name} something first (share, help or introduce)"
    if not missing:
        text = f"{name} would likely do this: a {size} ask of a {tie} tie."
        return AskVerdict(size, strength.total, LIKELY, text, False, title, name, tie)
    first = missing[0]
    if len(missing) == 1:
        level = STRETCH
        text = f"A stretch: {first.what}; {first.need} — give first or keep the ask smaller."
    else:
        level = TOO_BIG
        also = "; ".join(m.what for m in missing[1:])
        smaller = "" if size == "small" else " or ask for something smaller"
        text = f"Too big for now: {first.what}; {first.need} — give first{smaller}. Also: {also}."
    return AskVerdict(size, strength.total, level, text, True, title, name, tie, tuple(missing))


def verdict(contact_id: int, size: str, now: datetime, *, tz: tzinfo | None = None) -> AskVerdict:
    """The verdict for asking this person for something of ``size`` ("small", "medium",
    "large"), as of ``now`` — what the forms, the warm-path dialog and `kith ask` show."""
    row = Contact.get_or_none(Contact.id == contact_id)
    if row is None:
        raise LookupError(contact_id)
    name = short_name(row.full_name, row.given_name, row.nickname)
    return judge(strength_for(contact_id, now, tz), size, name)


#: A give-first follow-up is due this many days from today.
GIVE_FIRST_IN_DAYS = 3


def give_first_draft(contact_id: int, said: AskVerdict, day: date) -> FollowUpDraft:
    """The give-first follow-up a form offers beside a verdict: about this person, due
    ``GIVE_FIRST_IN_DAYS`` after ``day`` (today, local), important but not urgent."""
    from kith.core.follow_ups import FollowUpDraft

    return FollowUpDraft(
        title=said.give_first_title,
        due_date=day + timedelta(days=GIVE_FIRST_IN_DAYS),
        contact_id=contact_id,
        notes=said.text,
        important=True,
    )
