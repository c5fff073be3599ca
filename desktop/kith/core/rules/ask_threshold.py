"""The action threshold: how well someone must know you before they will do what you ask.

An ask is small (a coffee, a quick answer), medium (advice, a review, an introduction) or large
(a referral, a job, money, a public endorsement). Each size needs a relationship strength; Kith
compares the two and says so plainly. See resources/help/rules.md ("The action threshold").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING

from kith.core.rules.pester import short_name
from kith.core.rules.strength import strength_for
from kith.store.models import Contact

if TYPE_CHECKING:
    from kith.core.follow_ups import FollowUpDraft

ASK_SIZES = ("small", "medium", "large")
#: The strength (0–100) at which someone would likely do an ask of each size.
THRESHOLDS: dict[str, int] = {"small": 15, "medium": 40, "large": 65}
#: Within this many points below the threshold the ask is a stretch, not out of reach.
STRETCH_MARGIN = 15
SIZE_EXAMPLES = {
    "small": "a coffee or a quick answer",
    "medium": "advice, a review or an introduction",
    "large": "a referral, a job, money or a public endorsement",
}

LIKELY = "likely"
STRETCH = "stretch"
TOO_BIG = "too_big"


def tie_word(strength: int) -> str:
    """ "strong" (65 and up), "good" (40 and up), "weak" (15 and up) or "new"."""
    if strength >= THRESHOLDS["large"]:
        return "strong"
    if strength >= THRESHOLDS["medium"]:
        return "good"
    if strength >= THRESHOLDS["small"]:
        return "weak"
    return "new"


@dataclass(frozen=True)
class AskVerdict:
    """What Kith says about an ask of this size of this person."""

    size: str
    strength: int
    needed: int
    level: str  # likely, stretch or too_big
    text: str
    #: Suggest a give-first follow-up (the ask is above the threshold).
    give_first: bool
    #: A title for that follow-up: "Give Ana something first (share, help or introduce)".
    give_first_title: str
    #: What Kith calls the person (nickname, else given name, else full name).
    name: str = ""

    @property
    def ok(self) -> bool:
        return self.level == LIKELY


def judge(strength: int, size: str, name: str) -> AskVerdict:
    """The verdict for an ask of ``size`` of someone called ``name`` at this strength."""
    if size not in THRESHOLDS:
        raise ValueError(f"unknown ask size {size!r}; choose small, medium or large")
    needed = THRESHOLDS[size]
    tie = tie_word(strength)
    title = f"Give {name} something first (share, help or introduce)"
    if strength >= needed:
        text = f"{name} would likely do this: a {size} ask of a {tie} tie."
        return AskVerdict(size, strength, needed, LIKELY, text, False, title, name)
    if strength >= needed - STRETCH_MARGIN:
        text = (
            f"A stretch: a {size} ask of a {tie} tie (strength {strength}, {needed} is "
            f"comfortable). Give first, or keep the ask smaller."
        )
        return AskVerdict(size, strength, needed, STRETCH, text, True, title, name)
    smaller = "" if size == "small" else "Ask for something smaller first or give first"
    advice = smaller or "Give or meet first"
    text = f"This is a {size} ask of a {tie} tie (strength {strength}). {advice}."
    return AskVerdict(size, strength, needed, TOO_BIG, text, True, title, name)


def verdict(contact_id: int, size: str, now: datetime, *, tz: tzinfo | None = None) -> AskVerdict:
    """The verdict for asking this person for something of ``size`` ("small", "medium",
    "large"), as of ``now`` — what the log-interaction and follow-up forms show."""
    row = Contact.get_or_none(Contact.id == contact_id)
    if row is None:
        raise LookupError(contact_id)
    name = short_name(row.full_name, row.given_name, row.nickname)
    return judge(strength_for(contact_id, now, tz).total, size, name)


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
