"""The "don't pester" rule: warnings shown while logging an interaction, before it is saved."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo

from kith.core.local_time import local_date, to_utc
from kith.core.relative_time import ago_words
from kith.core.rules.cadence import cadences_for
from kith.core.rules.history import Touch, touches_of
from kith.core.rules.reciprocity import GIVING
from kith.store.models import Contact

#: Without a cadence, an ask within this many days of the previous one (no give between) warns.
ASK_WINDOW_NO_CADENCE_DAYS = 14
#: The "too often" rule looks at this many days (today included).
TOO_OFTEN_WINDOW_DAYS = 30
#: Touches in the window may reach this multiple of what the cadence asks for…
TOO_OFTEN_FACTOR = 4
#: …and at least this many, before the rule warns.
TOO_OFTEN_MINIMUM = 4

ASK_AGAIN = "ask_again"
TOO_OFTEN = "too_often"


@dataclass(frozen=True)
class PesterWarning:
    """A warning for the log-interaction form: its kind, whom it is about, and what to say."""

    kind: str  # ask_again or too_often
    contact_id: int
    message: str


def ask_window_days(cadence_days: int | None) -> float:
    """How recent a previous ask must be to warn: half the cadence, or 14 days without one."""
    return ASK_WINDOW_NO_CADENCE_DAYS if cadence_days is None else cadence_days / 2


def too_often_limit(cadence_days: int) -> float:
    """The most touches in 30 days that do not warn: 4 × (30 / cadence), at least 4."""
    return max(TOO_OFTEN_MINIMUM, TOO_OFTEN_FACTOR * TOO_OFTEN_WINDOW_DAYS / cadence_days)


def warnings_from(
    *,
    contact_id: int,
    name: str,
    cadence_days: int | None,
    touches: Sequence[Touch],
    direction: str,
    when: datetime,
    tz: tzinfo | None = None,
) -> list[PesterWarning]:
    """The warnings for logging an interaction of ``direction`` at ``when`` with one person.

    ``touches`` are their other interactions (any order). Only those up to ``when`` count.
    """
    when = to_utc(when)
    day = local_date(when, tz)
    before = sorted((t for t in touches if t.occurred_at <= when), key=lambda t: t.occurred_at)
    warnings = []
    if direction == "asked":
        asks = [t for t in before if t.direction == "asked"]
        if asks:
            last_ask = asks[-1]
            days = (day - local_date(last_ask.occurred_at, tz)).days
            gave_since = any(
                t.direction in GIVING and t.occurred_at > last_ask.occurred_at for t in before
            )
            if days <= ask_window_days(cadence_days) and not gave_since:
                warnings.append(
                    PesterWarning(
                        ASK_AGAIN,
                        contact_id,
                        f"You asked {name} {ago_words(days)} and haven't given since — give first?",
                    )
                )
    if cadence_days is not None:
        recent = sum(
            1 for t in before if (day - local_date(t.occurred_at, tz)).days < TOO_OFTEN_WINDOW_DAYS
        )
        touches_with_this = recent + 1
        if touches_with_this > too_often_limit(cadence_days):
            every = "every day" if cadence_days == 1 else f"every {cadence_days} days"
            warnings.append(
                PesterWarning(
                    TOO_OFTEN,
                    contact_id,
                    f"This would be {touches_with_this} touches with {name} in "
                    f"{TOO_OFTEN_WINDOW_DAYS} days — far more often than your cadence "
                    f"({every}).",
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
            tz=tz,
        )
    return warnings
