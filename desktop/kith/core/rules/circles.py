"""The circle budget: people per circle against Dunbar's layers, warnings and who to move out.

Dunbar's layers are nested: the 15 people you are closest to include your inner 5, the 50
include the 15, and so on. Kith reads the layer sizes cumulatively (see resources/help/rules.md,
"Circles and Dunbar's layers"): the layer "15" is exceeded when your inner 5 and circle 15
together hold more than 15 people.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo

from peewee import fn

from kith.core.local_time import local_date, today
from kith.core.rules.strength import strengths
from kith.store.models import (
    CIRCLE_15,
    CIRCLE_50,
    CIRCLE_150,
    CIRCLE_ACQUAINTANCE,
    CIRCLE_INNER_5,
    Contact,
    Interaction,
    InteractionContact,
    database_proxy,
)

#: Dunbar's layer size for each active circle: how many people that layer holds, counting the
#: inner circles too.
LAYER_SIZES: dict[int, int] = {CIRCLE_INNER_5: 5, CIRCLE_15: 15, CIRCLE_50: 50, CIRCLE_150: 150}
ACTIVE_CIRCLES = tuple(LAYER_SIZES)
CIRCLE_NAMES: dict[int | None, str] = {
    CIRCLE_INNER_5: "Inner 5",
    CIRCLE_15: "15",
    CIRCLE_50: "50",
    CIRCLE_150: "150",
    CIRCLE_ACQUAINTANCE: "Acquaintances",
    None: "No circle",
}
#: The circles in the order the Contacts page groups them (unsorted last).
CIRCLE_ORDER: tuple[int | None, ...] = (
    CIRCLE_INNER_5,
    CIRCLE_15,
    CIRCLE_50,
    CIRCLE_150,
    CIRCLE_ACQUAINTANCE,
    None,
)


def circle_name(circle: int | None) -> str:
    return CIRCLE_NAMES.get(circle, "No circle")


def circle_counts() -> dict[int | None, int]:
    """How many people (not archived) are in each circle; every circle has an entry."""
    counts: dict[int | None, int] = dict.fromkeys(CIRCLE_ORDER, 0)
    query = (
        Contact.select(Contact.circle, fn.COUNT(Contact.id))
        .where(Contact.archived == False)  # noqa: E712
        .group_by(Contact.circle)
        .tuples()
    )
    for circle, count in query:
        key = circle if circle in counts else None
        counts[key] += count
    return counts


@dataclass(frozen=True)
class MoveSuggestion:
    """Someone to consider moving one circle out."""

    contact_id: int
    full_name: str
    circle: int
    to_circle: int
    days_since: int | None  # None: never in touch
    strength: int

    @property
    def reason(self) -> str:
        """ "not in touch for 240 days · strength 12"."""
        if self.days_since is None:
            quiet = "never in touch"
        elif self.days_since == 0:
            quiet = "in touch today"
        else:
            quiet = f"not in touch for {self.days_since} days"
        return f"{quiet} · strength {self.strength}"


@dataclass(frozen=True)
class Layer:
    """One of Dunbar's layers: who is in it (cumulative), its size, and how far over it is."""

    circle: int
    size: int
    #: People in this circle alone.
    own: int
    #: People in this circle and every inner one (what the layer size is compared with).
    cumulative: int
    suggestions: tuple[MoveSuggestion, ...] = ()

    @property
    def name(self) -> str:
        return circle_name(self.circle)

    @property
    def excess(self) -> int:
        return max(0, self.cumulative - self.size)

    @property
    def over(self) -> bool:
        return self.excess > 0

    @property
    def warning(self) -> str:
        """ "Your 15 holds 18 people: 3 more than you can keep close." ("" when within)."""
        if not self.over:
            return ""
        extra = "1 more" if self.excess == 1 else f"{self.excess} more"
        inner = "" if self.circle == CIRCLE_INNER_5 else " with the circles inside it"
        return (
            f"Circle {self.name}{inner} holds {self.cumulative} people: "
            f"{extra} than Dunbar's {self.size}."
        )


@dataclass(frozen=True)
class CircleBudget:
    layers: tuple[Layer, ...]
    acquaintances: int
    unsorted: int

    @property
    def over(self) -> bool:
        return any(layer.over for layer in self.layers)

    @property
    def warnings(self) -> list[str]:
        return [layer.warning for layer in self.layers if layer.over]


def _last_contacts(ids: Sequence[int]) -> dict[int, datetime]:
    last: dict[int, datetime] = {}
    for start in range(0, len(ids), 500):
        query = (
            InteractionContact.select(InteractionContact.contact, fn.MAX(Interaction.occurred_at))
            .join(Interaction)
            .where(InteractionContact.contact.in_(list(ids[start : start + 500])))
            .group_by(InteractionContact.contact)
            .tuples()
        )
        for cid, at in query:
            last[cid] = datetime.fromisoformat(at) if isinstance(at, str) else at
    return last


def move_out_candidates(
    circle: int, count: int, now: datetime, *, tz: tzinfo | None = None
) -> list[MoveSuggestion]:
    """Up to ``count`` people of ``circle`` to move one circle out: longest without contact
    first (never in touch before anyone), then the weakest, then by name."""
    if count <= 0:
        return []
    rows = list(
        Contact.select(Contact.id, Contact.full_name, Contact.sort_name)
        .where(Contact.circle == circle, Contact.archived == False)  # noqa: E712
        .tuples()
    )
    ids = [r[0] for r in rows]
    last = _last_contacts(ids)
    power = strengths(ids, now, tz)
    day = today(now, tz)
    suggestions = []
    for cid, name, sort_name in rows:
        when = last.get(cid)
        since = None if when is None else max(0, (day - local_date(when, tz)).days)
        suggestion = MoveSuggestion(cid, name, circle, circle + 1, since, power[cid].total)
        suggestions.append((suggestion, sort_name))
    suggestions.sort(
        key=lambda pair: (
            -(pair[0].days_since if pair[0].days_since is not None else 10**9),
            pair[0].strength,
            pair[1],
            pair[0].contact_id,
        )
    )
    return [s for s, _ in suggestions[:count]]


def circle_budget(now: datetime, *, tz: tzinfo | None = None) -> CircleBudget:
    """Counts per circle against Dunbar's layers, with move-out suggestions for each layer
    that is over: as many people as it is over by, from that layer's own circle."""
    counts = circle_counts()
    layers = []
    cumulative = 0
    for circle in ACTIVE_CIRCLES:
        own = counts[circle]
        cumulative += own
        size = LAYER_SIZES[circle]
        excess = max(0, cumulative - size)
        suggestions = tuple(move_out_candidates(circle, excess, now, tz=tz)) if excess else ()
        layers.append(Layer(circle, size, own, cumulative, suggestions))
    return CircleBudget(tuple(layers), counts[CIRCLE_ACQUAINTANCE], counts[None])


def contact_ids_in_circle(circle: int | None, *, include_archived: bool = False) -> list[int]:
    """Ids of the people in one circle (None: no circle), ordered by name — the Contacts
    page's circle filter."""
    query = Contact.select(Contact.id)
    query = query.where(Contact.circle.is_null() if circle is None else Contact.circle == circle)
    if not include_archived:
        query = query.where(Contact.archived == False)  # noqa: E712
    return [r[0] for r in query.order_by(Contact.sort_name, Contact.id).tuples()]


def circles_of(contact_ids: Sequence[int]) -> dict[int, int | None]:
    """The circle of each of these contacts (for grouping a list by circle)."""
    result: dict[int, int | None] = {}
    ids = list(contact_ids)
    for start in range(0, len(ids), 500):
        query = Contact.select(Contact.id, Contact.circle).where(
            Contact.id.in_(ids[start : start + 500])
        )
        result.update(query.tuples())
    return result


@dataclass(frozen=True)
class CircleFilter:
    """The Contacts page's circle filter: keep only people in these circles (None in the set:
    people without a circle), in the order they were given."""

    circles: frozenset[int | None]

    def apply(self, contact_ids: Sequence[int]) -> list[int]:
        if not self.circles:
            return list(contact_ids)
        circle = circles_of(contact_ids)
        return [cid for cid in contact_ids if cid in circle and circle[cid] in self.circles]

    @property
    def label(self) -> str:
        """ "Inner 5 and 15", "No circle"; "" when it keeps everyone."""
        names = [circle_name(c) for c in CIRCLE_ORDER if c in self.circles]
        return (
            " and ".join((", ".join(names[:-1]), names[-1])) if len(names) > 1 else "".join(names)
        )


# --- newcomers --------------------------------------------------------------------------------
# Quality over quantity: people who arrive by import (or anyone without a circle) are sorted
# into a circle deliberately — Today offers them one at a time — and never nag before that
# (no circle: no cadence, so nobody without one goes cold).


@dataclass(frozen=True)
class Newcomer:
    """Someone waiting to be sorted into a circle."""

    contact_id: int
    full_name: str
    company: str
    title: str
    added: datetime  # naive UTC


def _unsorted() -> object:
    return (Contact.circle.is_null(True)) & (Contact.archived == False)  # noqa: E712


def newcomer_count() -> int:
    """How many people wait to be sorted (no circle, not archived)."""
    # Written out (peewee's compiling of a count costs more than a part of it): a range of the
    # covering (circle, archived, created_at, id) index.
    row = database_proxy.execute_sql(
        "SELECT COUNT(*) FROM contact WHERE circle IS NULL AND archived = 0"
    ).fetchone()
    return int(row[0])


def newcomers(limit: int = 50) -> list[Newcomer]:
    """The people waiting to be sorted, the longest-waiting first."""
    rows = (
        Contact.select(
            Contact.id, Contact.full_name, Contact.company, Contact.title, Contact.created_at
        )
        .where(_unsorted())
        .order_by(Contact.created_at, Contact.id)
        .limit(limit)
        .tuples()
    )
    return [Newcomer(*row) for row in rows]
