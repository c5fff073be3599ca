"""Strength: bounded, monotonic in recency, and each part doing what the rules say."""

from __future__ import annotations

from datetime import UTC, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kith.core.rules.history import Touch
from kith.core.rules.strength import WEIGHTS, strength_for, strength_from, strengths
from tests.core.rules_fixtures import BERLIN, NOW, log, person

KINDS = ["meeting", "meal", "call", "video", "email", "message", "event", "intro", "other"]
DIRECTIONS = ["gave", "asked", "mutual", "neutral"]


def touch(days_ago: float, kind: str = "call", direction: str = "neutral") -> Touch:
    return Touch(NOW - timedelta(days=days_ago), kind, direction)


histories = st.lists(
    st.builds(
        touch,
        st.floats(min_value=0, max_value=1500, allow_nan=False),
        st.sampled_from(KINDS),
        st.sampled_from(DIRECTIONS),
    ),
    max_size=40,
)


@settings(max_examples=200, deadline=None)
@given(histories, st.integers(min_value=0, max_value=800), st.sampled_from([UTC, BERLIN]))
def test_strength_never_rises_while_time_passes_without_contact(history, wait, tz):
    before = strength_from(history, NOW, tz)
    after = strength_from(history, NOW + timedelta(days=wait), tz)
    assert after.score <= before.score + 1e-9
    assert after.total <= before.total


@settings(max_examples=200, deadline=None)
@given(histories, st.sampled_from([UTC, BERLIN]))
def test_strength_is_bounded_and_made_of_its_parts(history, tz):
    strength = strength_from(history, NOW, tz)
    assert 0 <= strength.total <= 100
    for part in strength.parts:
        assert 0.0 <= part.value <= 1.0
        assert part.weight == WEIGHTS[part.name]
    assert strength.score == pytest.approx(sum(p.points for p in strength.parts))


@settings(max_examples=200, deadline=None)
@given(histories, st.data(), st.sampled_from([UTC, BERLIN]))
def test_a_more_recent_interaction_never_makes_it_weaker(history, data, tz):
    if not history:
        return
    index = data.draw(st.integers(min_value=0, max_value=len(history) - 1))
    moved = history[index]
    sooner = data.draw(st.floats(min_value=0, max_value=(NOW - moved.occurred_at).days))
    closer = [*history]
    closer[index] = Touch(moved.occurred_at + timedelta(days=sooner), moved.kind, moved.direction)
    assert strength_from(closer, NOW, tz).score >= strength_from(history, NOW, tz).score - 1e-9


@pytest.mark.parametrize("days", [0, 1, 30, 89, 90, 200, 364, 365, 1000])
def test_a_more_recent_last_contact_is_stronger(days):
    base = [touch(1500, "meal", "gave"), touch(1200, "email", "asked")]
    recent = strength_from([*base, touch(days, "call", "mutual")], NOW)
    older = strength_from([*base, touch(days + 1, "call", "mutual")], NOW)
    assert recent.score > older.score
    assert recent.recency > older.recency


def test_recency_halves_every_90_days():
    assert strength_from([touch(0)], NOW).recency == 1.0
    assert strength_from([touch(90)], NOW).recency == pytest.approx(0.5)
    assert strength_from([touch(180)], NOW).recency == pytest.approx(0.25)


def test_frequency_counts_the_last_12_months_and_saturates():
    assert strength_from([touch(400)], NOW).frequency == 0.0
    one = strength_from([touch(10)], NOW).frequency
    six = strength_from([touch(d) for d in range(0, 60, 10)], NOW).frequency
    many = strength_from([touch(d) for d in range(0, 360, 15)], NOW).frequency
    lots = strength_from([touch(d) for d in range(0, 360, 5)], NOW).frequency
    assert 0 < one < six < many == lots == 1.0


@pytest.mark.parametrize(
    ("deeper", "shallower"),
    [
        ("meeting", "video"),
        ("meal", "video"),
        ("video", "call"),
        ("call", "message"),
        ("call", "email"),
    ],
)
def test_being_together_is_deeper_than_a_screen_a_call_or_a_message(deeper, shallower):
    assert (
        strength_from([touch(5, deeper)], NOW).depth
        > strength_from([touch(5, shallower)], NOW).depth
    )


def test_depth_is_the_best_of_the_last_12_months():
    assert strength_from([touch(5, "message"), touch(100, "meeting")], NOW).depth == 1.0
    assert strength_from([touch(5, "message"), touch(400, "meeting")], NOW).depth == 0.3


@pytest.mark.parametrize(
    ("directions", "expected"),
    [
        (["gave", "gave"], 1.0),
        (["gave", "asked"], 0.5),
        (["mutual", "mutual"], 0.5),
        (["neutral"], 0.5),
        (["asked", "asked"], 0.0),
    ],
)
def test_reciprocity_rewards_giving(directions, expected):
    history = [touch(10 * i, "call", d) for i, d in enumerate(directions)]
    assert strength_from(history, NOW).reciprocity == pytest.approx(expected)


def test_giving_more_than_asking_scores_higher_and_all_asking_lowest():
    gives_more = strength_from(
        [touch(1, "call", "gave"), touch(2, "call", "gave"), touch(3, "call", "asked")], NOW
    )
    asks_more = strength_from(
        [touch(1, "call", "asked"), touch(2, "call", "asked"), touch(3, "call", "gave")], NOW
    )
    all_asking = strength_from(
        [touch(1, "call", "asked"), touch(2, "call", "asked"), touch(3, "call", "asked")], NOW
    )
    assert gives_more.total > asks_more.total > all_asking.total
    assert all_asking.reciprocity == 0.0


def test_nobody_you_have_met_is_zero():
    assert strength_from([], NOW).total == 0


def test_strength_from_the_database(db):
    close = person("Close")
    distant = person("Distant")
    stranger = person("Stranger")
    log(close, NOW - timedelta(days=2), "meal", "gave")
    log(close, NOW - timedelta(days=20), "call", "mutual")
    log(distant, NOW - timedelta(days=300), "email", "asked")
    figures = strengths([close, distant, stranger], NOW, UTC)
    assert figures[close].total > figures[distant].total > figures[stranger].total == 0
    assert strength_for(close, NOW, UTC) == figures[close]
    assert figures[close].text.startswith("Recency ")
    assert [p.label for p in figures[close].parts] == [
        "Recency",
        "Frequency",
        "Reciprocity",
        "Depth",
    ]
