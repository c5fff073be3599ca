"""The picture of your network: who is where (rings by circle), how strong, and who knows whom.

Positions are computed here, in plain Python, so the Network page only draws. You are at the
origin; each circle is a band of rings around you (inner 5 closest, then 15, 50, 150,
acquaintances, and people without a circle outermost). A band holds as many rings as it needs
so that neighbours on a ring stay at least ``NODE_SPACING`` apart.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo

from peewee import fn

from kith.core.local_time import local_date, today
from kith.core.relationships import all_relationships
from kith.core.rules.circles import CIRCLE_ORDER
from kith.core.rules.strength import strengths
from kith.store.models import (
    Contact,
    ContactTag,
    Goal,
    GoalContact,
    Interaction,
    InteractionContact,
    Tag,
)

#: The distance from you to the first ring.
FIRST_RING = 120.0
#: The distance between two rings of the same circle, and the gap between circles.
RING_GAP = 34.0
BAND_GAP = 80.0
#: The least arc length between two neighbours on a ring.
NODE_SPACING = 26.0
#: Half the angle (radians, on the first ring) left free at the top of each ring.
LABEL_GAP = 0.35


@dataclass(frozen=True)
class MapNode:
    """One person on the map."""

    id: int
    name: str
    subtitle: str  # "Designer · Acme"
    circle: int | None
    strength: int
    days_since: int | None  # None: never in touch
    goal_ids: tuple[int, ...]
    tags: tuple[str, ...]
    x: float = 0.0
    y: float = 0.0


@dataclass(frozen=True)
class NetworkMap:
    nodes: list[MapNode]
    edges: list[tuple[int, int, str]]
    #: Active goals by id (for colours and the legend).
    goals: dict[int, str]
    #: The radius of each circle's band (its outermost ring), for drawing the guide rings.
    ring_radii: dict[int | None, float]


def ring_layout(
    groups: Sequence[Sequence[int]],
) -> tuple[dict[int, tuple[float, float]], list[float]]:
    """Positions for nodes in nested bands: ``groups[0]`` closest to the origin.

    Returns (id → (x, y), the outer radius of each band). Nodes keep their order around
    each ring, starting at the top and going clockwise; rings in a band are staggered so
    neighbours of two rings do not line up.
    """
    positions: dict[int, tuple[float, float]] = {}
    radii: list[float] = []
    radius = FIRST_RING
    for group in groups:
        remaining = list(group)
        ring = 0
        outer = radius
        while remaining:
            capacity = max(6, int(2 * math.pi * radius / NODE_SPACING))
            here, remaining = remaining[:capacity], remaining[capacity:]
            # A small gap at the top of every ring keeps the circle's name readable.
            gap = LABEL_GAP * FIRST_RING / radius
            span = 2 * math.pi - 2 * gap
            step = span / max(1, len(here) - 1) if len(here) > 1 else 0.0
            offset = (ring % 2) * step / 2 if len(here) < capacity else 0.0
            for i, node in enumerate(here):
                angle = -math.pi / 2 + gap + offset + step * i
                positions[node] = (radius * math.cos(angle), radius * math.sin(angle))
            outer = radius
            ring += 1
            if remaining:
                radius += RING_GAP
        radii.append(outer)
        radius = outer + BAND_GAP
    return positions, radii


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


def network_map(now: datetime, *, tz: tzinfo | None = None) -> NetworkMap:
    """Everyone not archived, placed on rings by circle, with who knows whom.

    Around each ring people are ordered by their first active goal, then their first tag,
    then name, so people who share a goal or tag sit together.
    """
    rows = list(
        Contact.select(
            Contact.id,
            Contact.full_name,
            Contact.title,
            Contact.company,
            Contact.circle,
            Contact.sort_name,
        )
        .where(Contact.archived == False)  # noqa: E712
        .tuples()
    )
    ids = [r[0] for r in rows]
    alive = set(ids)
    power = strengths(ids, now, tz)
    last = _last_contacts(ids)
    goals = dict(Goal.select(Goal.id, Goal.title).where(Goal.status == "active").tuples())
    goal_of: dict[int, list[int]] = {}
    for gid, cid in (
        GoalContact.select(GoalContact.goal, GoalContact.contact)
        .order_by(GoalContact.goal)
        .tuples()
    ):
        if gid in goals:
            goal_of.setdefault(cid, []).append(gid)
    tags_of: dict[int, list[str]] = {}
    for cid, name in (
        ContactTag.select(ContactTag.contact, Tag.name).join(Tag).order_by(Tag.name).tuples()
    ):
        tags_of.setdefault(cid, []).append(name)
    day = today(now, tz)
    nodes: dict[int, MapNode] = {}
    sort_keys: dict[int, tuple[object, ...]] = {}
    for cid, name, title, company, circle, sort_name in rows:
        when = last.get(cid)
        nodes[cid] = MapNode(
            cid,
            name,
            " · ".join(x for x in (title, company) if x),
            circle if circle in CIRCLE_ORDER else None,
            power[cid].total,
            None if when is None else max(0, (day - local_date(when, tz)).days),
            tuple(goal_of.get(cid, ())),
            tuple(tags_of.get(cid, ())),
        )
        first_goal = goal_of.get(cid, [10**9])[0]
        first_tag = (tags_of.get(cid) or ["\uffff"])[0].casefold()
        sort_keys[cid] = (first_goal, first_tag, sort_name, cid)
    groups = [
        sorted((n.id for n in nodes.values() if n.circle == circle), key=sort_keys.__getitem__)
        for circle in CIRCLE_ORDER
    ]
    positions, radii = ring_layout(groups)
    placed = [
        MapNode(**{**n.__dict__, "x": positions[n.id][0], "y": positions[n.id][1]})
        for n in nodes.values()
    ]
    edges = [(a, b, kind) for a, b, kind in all_relationships() if a in alive and b in alive]
    ring_radii = {circle: radii[i] for i, circle in enumerate(CIRCLE_ORDER) if groups[i]}
    return NetworkMap(placed, edges, goals, ring_radii)
