"""The "don't pester" rule and "give first": warnings shown while logging, before saving.

Only your own reach-outs can pester someone: their reach-outs and their favours are the signs
of a living relationship, never a warning. Three warnings, for everyone whatever their circle:

- **give first**: a new ask while one of your asks is still open (no give of yours since);
- **too often**: with a cadence, your reach-outs in 30 days far beyond what it asks for;
- **no reply yet**: cadence or not, more than a few of your reach-outs in a week without a
  reply from them.

Every number is in :mod:`kith.core.rules.constants`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo

from kith.core.local_time import local_date, to_utc
from kith.core.relative_time import ago_words
from kith.core.rules.cadence import cadences_for
from kith.core.rules.constants import (
    GIVE_FIRST_OPEN_ASKS,
    TOO_OFTEN_FACTOR,
    TOO_OFTEN_MINIMUM,
    TOO_OFTEN_WINDOW_DAYS,
    UNANSWERED_MAX,
    UNANSWERED_WINDOW_DAYS,
)
from kith.core.rules.history import Touch, touches_of
from kith.core.rules.strength import facts_from
from kith.store.models import Contact

ASK_AGAIN = "ask_again"
TOO_OFTEN = "too_often"
NO_REPLY = "no_reply"


@dataclass(frozen=True)
class PesterWarning:
    """A warning for the log-interaction form: its kind, whom it is about, and what to say."""

    kind: str  # ask_again, too_often or no_reply
    contact_id: int
    message: str


def too_often_limit(cadence_days: int) -> float:
    """The most of your reach-outs in 30 days that do not warn: 4 × (30 / cadence), at least 4."""
    return max(TOO_OFTEN_MINIMUM, TOO_OFTEN_FACTOR * TOO_OFTEN_WINDOW_DAYS / cadence_days)


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def warnings_from(
    *,
    contact_id: int,
    name: str,
    cadence_days: int | None,
    touches: Sequence[Touch],
    direction: str,
    when: datetime,
    initiator: str | None = None,
    tz: tzinfo | None = None,
) -> list[PesterWarning]:
    """The warnings for logging an interaction (``direction``: what flowed, ``initiator``: who
    reached out) at ``when`` with one person. ``touches`` are their other interactions (any
    order); only those up to ``when`` count.
    """
    when = to_utc(when)
    day = local_date(when, tz)
    before = sorted((t for t in touches if t.occurred_at <= when), key=lambda t: t.occurred_at)
    warnings = []
    if direction == "asked":
        facts = facts_from(before, when, tz)  # the running balance, as of this ask
        if facts.open_asks >= GIVE_FIRST_OPEN_ASKS and facts.last_open_ask is not None:
            days = (day - facts.last_open_ask).days
            if facts.open_asks == 1:
                said = f"You asked {name} {ago_words(days)} and haven't given since"
            else:
                said = f"You have asked {name} {facts.open_asks} times since you last gave"
            warnings.append(PesterWarning(ASK_AGAIN, contact_id, f"{said} — give first?"))
    if initiator not in ("me", "both"):
        return warnings  # their reach-out (or not known): never pestering
    mine = [t for t in before if t.is_mine]
    if cadence_days is not None:
        recent = sum(
            1 for t in mine if (day - local_date(t.occurred_at, tz)).days < TOO_OFTEN_WINDOW_DAYS
        )
        if recent + 1 > too_often_limit(cadence_days):
            every = "every day" if cadence_days == 1 else f"every {cadence_days} days"
            warnings.append(
                PesterWarning(
                    TOO_OFTEN,
                    contact_id,
                    f"This would be your {_ordinal(recent + 1)} reach-out to {name} in "
                    f"{TOO_OFTEN_WINDOW_DAYS} days — far more often than your cadence "
                    f"({every}).",
                )
            )
    replied = max((t.occurred_at for t in before if t.is_theirs), default=None)
    unanswered = [
        t
        for t in mine
        if (day - local_date(t.occurred_at, tz)).days < UNANSWERED_WINDOW_DAYS
        and (replied is None or t.occurred_at > replied)
    ]
    if len(unanswered) + 1 > UNANSWERED_MAX and not any(w.kind == TOO_OFTEN for w in warnings):
        warnings.append(
            PesterWarning(
                NO_REPLY,
                contact_id,
                f"This would be your {_ordinal(len(unanswered) + 1)} reach-out to {name} in "
                f"{UNANSWERED_WINDOW_DAYS} days without a reply — give them time?",
            )
        )
    return warnings


def short_name(full_name: str, given_name: str = "", nickname: str = "") -> str:
    """What a warning calls someone: nickname, else given name, else full name."""
    return nickname.strip() or given_name.strip() or full_name


def pester_warnings(
    contact_ids: Sequence[int],
    direction: str,
    when: datetime,
    *,
    initiator: str | None = None,
    tz: tzinfo | None = None,
    ignore_interaction_id: int | None = None,
) -> list[PesterWarning]:
    """The warnings for logging an interaction with these people (none saved yet).

    ``ignore_interaction_id`` leaves out the interaction being edited. The result follows
    the order of ``contact_ids``.
    """
    ids = list(dict.fromkeys(contact_ids))
    cadences = cadences_for(ids)
    touches = touches_of(ids)
    names = {
        row[0]: short_name(row[1], row[2], row[3])
        for row in Contact.select(
            Contact.id, Contact.full_name, Contact.given_name, Contact.nickname
        )
        .where(Contact.id.in_(ids))
        .tuples()
    }
    warnings: list[PesterWarning] = []
    for contact_id in ids:
        if contact_id not in names:
            continue
        history = [
            t for t in touches.get(contact_id, []) if t.interaction_id != ignore_interaction_id
        ]
        warnings += warnings_from(
            contact_id=contact_id,
            name=names[contact_id],
            cadence_days=cadences[contact_id].days,
            touches=history,
            direction=direction,
            when=when,
            initiator=initiator,
            tz=tz,
        )
    return warnings
