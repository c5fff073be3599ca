"""Strength: bounded, built by history, dialog and favours, never by asking."""

from __future__ import annotations

from datetime import UTC, date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kith.core.follow_ups import FollowUpDraft, complete_follow_up, create_follow_up
from kith.core.rules.constants import STRENGTH_WEIGHTS
from kith.core.rules.history import Touch
from kith.core.rules.strength import (
    facts_from,
    strength_for,
    strength_from,
    strengths,
    tie_word,
)
from tests.core.rules_fixtures import BERLIN, NOW, TODAY, log, person

KINDS = ["meeting", "meal", "call", "video", "email", "message", "event", "intro", "other"]
DIRECTIONS = ["gave", "asked", "they_gave", "they_asked", "mutual", "neutral"]
INITIATORS = ["me", "them", "both", None]


def touch(
    days_ago: float,
    kind: str = "call",
    direction: str = "neutral",
    initiator: str | None = None,
) -> Touch:
    return Touch(NOW - timedelta(days=days_ago), kind, direction, 0, initiator)


histories = st.lists(
    st.builds(
        touch,
        st.floats(min_value=0, max_value=1500, allow_nan=False),
        st.sampled_from(KINDS),
        st.sampled_from(DIRECTIONS),
        st.sampled_from(INITIATORS),
    ),
    max_size=40,
)


@settings(max_examples=200, deadline=None)
@given(histories, st.sampled_from([UTC, BERLIN]))
def test_strength_is_bounded_and_asks_never_raise_it(history, tz):
    strength = strength_from(history, NOW, tz)
    assert 0 <= strength.total <= 100
    for part in strength.parts:
        assert 0 <= part.value <= 1
    asked = strength_from([*history, touch(0, "email", "asked", "me")], NOW, tz)
    they_asked = strength_from([*history, touch(0, "call", "they_asked", "them")], NOW, tz)
    assert asked.score == pytest.approx(strength.score)
    assert they_asked.score == pytest.approx(strength.score)


@settings(max_examples=150, deadline=None)
@given(histories, st.integers(min_value=1, max_value=800))
def test_time_without_contact_never_raises_recency_and_keeps_favours(history, wait):
    before = strength_from(history, NOW)
    after = strength_from(history, NOW + timedelta(days=wait))
    assert after.recency <= before.recency + 1e-9
    assert after.favours == before.favours  # favours are for good


def test_the_weights_add_up_to_the_whole_scale():
    assert sum(STRENGTH_WEIGHTS.values()) == pytest.approx(1.0)


def test_recency_halves_every_90_days():
    assert strength_from([touch(0)], NOW).recency == 1.0
    assert strength_from([touch(90)], NOW).recency == pytest.approx(0.5)
    assert strength_from([touch(180)], NOW).recency == pytest.approx(0.25)


def test_history_counts_how_long_and_how_steadily():
    one_meeting = strength_from([touch(1, "meeting")], NOW)
    monthly_for_two_years = strength_from([touch(30 * m, "call") for m in range(24)], NOW)
    assert one_meeting.history < 0.1
    assert monthly_for_two_years.history == pytest.approx(1.0, abs=0.05)
    # The day you met counts as the start of the history even before anything was logged.
    met_long_ago = strength_from([touch(1, "meeting")], NOW, met_on=TODAY - timedelta(days=730))
    assert met_long_ago.history > one_meeting.history + 0.4


def test_dialog_needs_both_sides_to_reach_out():
    only_me = strength_from([touch(d, "email", "neutral", "me") for d in range(1, 40, 5)], NOW)
    only_them = strength_from([touch(d, "email", "neutral", "them") for d in range(1, 40, 5)], NOW)
    both = strength_from(
        [touch(d, "email", "neutral", "me" if d % 2 else "them") for d in range(1, 40, 3)], NOW
    )
    assert only_me.dialog == only_them.dialog == 0
    assert both.dialog == pytest.approx(1.0, abs=0.15)


def test_favours_count_gives_both_ways_and_commitments_kept():
    gives = strength_from([touch(10, "call", "gave"), touch(20, "call", "they_gave")], NOW)
    assert gives.facts.favours == 2
    kept = strength_from([touch(10, "call", "gave")], NOW, kept=3)
    assert kept.facts.favours == 4 and kept.favours > gives.favours


def test_one_meeting_however_recent_is_a_new_tie():
    yesterday = strength_from([touch(1, "meeting", "mutual", "both")], NOW)
    assert yesterday.tie == "new"
    assert tie_word(99, yesterday.facts) == "new"


def test_a_long_two_way_history_with_favours_is_strong_after_a_quiet_month():
    history = [
        touch(31 + 30 * m, "meal", "gave" if m % 3 == 0 else "they_gave", "me" if m % 2 else "them")
        for m in range(30)
    ]
    quiet = strength_from(history, NOW)
    assert quiet.tie == "strong"
    assert quiet.total >= 80


def test_the_running_balances_count_asks_since_the_last_give():
    facts = facts_from(
        [
            touch(50, "call", "asked", "me"),
            touch(40, "call", "gave", "me"),
            touch(30, "call", "asked", "me"),
            touch(20, "call", "they_gave", "them"),  # answers the ask, does not repay it
            touch(10, "call", "asked", "me"),
            touch(5, "call", "they_asked", "them"),
        ],
        NOW,
    )
    assert facts.open_asks == 2
    assert facts.their_open_asks == 1
    assert facts.unprompted_gives == 0


def test_a_give_of_theirs_with_nothing_of_yours_waiting_is_unprompted():
    facts = facts_from([touch(30, "call", "gave"), touch(10, "email", "they_gave", "them")], NOW)
    assert facts.unprompted_gives == 1


def test_nobody_you_have_met_is_zero():
    assert strength_from([], NOW).total == 0


def test_strength_from_the_database_reads_met_on_and_kept_follow_ups(db):
    close = person("Close", met_on=date(2023, 5, 1))
    distant = person("Distant")
    stranger = person("Stranger")
    log(close, NOW - timedelta(days=2), "meal", "gave", initiator="me")
    log(close, NOW - timedelta(days=20), "call", "mutual", initiator="them")
    log(distant, NOW - timedelta(days=300), "email", "asked")
    done = create_follow_up(
        FollowUpDraft(title="Send the deck", due_date=TODAY - timedelta(days=5), contact_id=close),
        tz=UTC,
    )
    complete_follow_up(done, now=NOW - timedelta(days=6), tz=UTC)
    figures = strengths([close, distant, stranger], NOW, UTC)
    assert figures[close].total > figures[distant].total >= figures[stranger].total == 0
    assert figures[close].facts.kept == 1
    assert figures[close].facts.known_days == (TODAY - date(2023, 5, 1)).days
    assert strength_for(close, NOW, UTC) == figures[close]
    assert [p.label for p in figures[close].parts] == ["History", "Dialog", "Favours", "Recency"]
    assert figures[close].text.startswith("History ")
    assert "kept on time" in figures[close].parts[2].why
