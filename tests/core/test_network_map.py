"""The network picture's data: rings by circle, strength, goals, tags and relationships."""

from __future__ import annotations

import math
from datetime import UTC, timedelta

import pytest

from kith.core.goals import GoalDraft, create_goal, link_contacts
from kith.core.network_map import FIRST_RING, network_map
from kith.core.relationships import set_relationship
from tests.core.rules_fixtures import NOW, TODAY, log, person


def test_map_places_people_by_circle_and_keeps_their_facts(db: object) -> None:
    ana = person("Ana Lima", circle=1, tags=["design"], company="Acme", title="Designer")
    bo = person("Bo Jensen", circle=4)
    gone = person("Gone", circle=1, archived=True)
    set_relationship(ana, bo, "friend")
    set_relationship(ana, gone, "friend")
    log(ana, TODAY - timedelta(days=3), "meeting")
    active = create_goal(GoalDraft("Speak"))
    done = create_goal(GoalDraft("Old", status="achieved"))
    link_contacts(active, [ana])
    link_contacts(done, [bo])
    data = network_map(NOW, tz=UTC)
    nodes = {n.id: n for n in data.nodes}
    assert set(nodes) == {ana, bo}
    assert data.edges == [(ana, bo, "friend")]
    assert data.goals == {active: "Speak"}
    a, b = nodes[ana], nodes[bo]
    assert (a.subtitle, a.tags, a.goal_ids, a.days_since) == (
        "Designer · Acme",
        ("design",),
        (active,),
        3,
    )
    assert b.goal_ids == () and b.days_since is None and b.strength == 0
    assert math.hypot(a.x, a.y) == pytest.approx(FIRST_RING)
    assert math.hypot(b.x, b.y) > math.hypot(a.x, a.y)
    assert set(data.ring_radii) == {1, 4}
