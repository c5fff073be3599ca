"""The action threshold: what each size of ask needs, and the verdict naming what is missing."""

from __future__ import annotations

from datetime import UTC, timedelta

import pytest

from kith.core.rules.ask_threshold import judge, missing_for, verdict
from kith.core.rules.history import Touch
from kith.core.rules.strength import strength_from
from tests.core.rules_fixtures import NOW, TODAY, log, person


def touch(days_ago: float, kind: str = "call", direction: str = "neutral", who=None) -> Touch:
    return Touch(NOW - timedelta(days=days_ago), kind, direction, 0, who)


#: Two years of monthly contact, both reaching out, favours both ways: a strong tie.
TRUSTED = [
    touch(15 + 30 * m, "meal", ("gave", "they_gave", "neutral")[m % 3], ("me", "them")[m % 2])
    for m in range(24)
]


def test_a_trusted_tie_would_do_any_size_of_ask() -> None:
    strength = strength_from(TRUSTED, NOW)
    for size in ("small", "medium", "large"):
        assert judge(strength, size, "Ana").level == "likely"
    assert judge(strength, "large", "Ana").text == (
        "Ana would likely do this: a large ask of a strong tie."
    )
    assert not judge(strength, "large", "Ana").give_first


def test_a_small_ask_needs_only_that_you_have_been_in_touch() -> None:
    assert judge(strength_from([touch(1, "event")], NOW), "small", "Ana").level == "likely"
    never = judge(strength_from([], NOW), "small", "Ana")
    assert never.level == "stretch"
    assert never.text == (
        "A stretch: you have never been in touch with Ana; say hello before you ask — "
        "give first or keep the ask smaller."
    )


def test_the_verdict_names_what_a_large_ask_lacks() -> None:
    said = judge(strength_from([touch(21, "meeting", "mutual", "both")], NOW), "large", "Ana")
    assert said.level == "too_big"
    assert said.text.startswith(
        "Too big for now: you have known Ana for 3 weeks; large asks need 6 months of history "
        "— give first or ask for something smaller. Also: "
    )
    assert [m.need for m in said.missing] == [
        "large asks need 6 months of history",
        "large asks need steady contact, in 4 months or more",
        "large asks need 2 favours exchanged",
    ]


def test_one_missing_thing_is_a_stretch() -> None:
    # Everything a large ask needs but your own last ask is still open.
    strength = strength_from([*TRUSTED, touch(2, "email", "asked", "me")], NOW)
    said = judge(strength, "large", "Ana")
    assert said.level == "stretch"
    assert "your last ask is still open (no give since)" in said.text
    assert said.give_first


def test_a_medium_ask_allows_one_open_ask_but_not_two() -> None:
    base = [touch(200, "call", "they_gave", "them"), touch(120, "call"), touch(60, "meal")]
    one = strength_from([*base, touch(5, "email", "asked", "me")], NOW)
    two = strength_from([*base, touch(9, "email", "asked", "me"), touch(5, "call", "asked")], NOW)
    assert judge(one, "medium", "Ana").level == "likely"
    assert judge(two, "medium", "Ana").level == "stretch"


def test_unknown_size_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        missing_for(strength_from(TRUSTED, NOW), "huge", "Ana")


def test_verdict_reads_the_database_and_calls_people_by_their_first_name(db: object) -> None:
    ana = person("Ana Silva", given_name="Ana")
    assert verdict(ana, "medium", NOW, tz=UTC).level == "too_big"  # never in touch
    for months in range(12):
        direction = "they_gave" if months % 4 == 0 else "gave" if months % 4 == 2 else "neutral"
        who = "them" if months % 2 else "me"
        log(ana, NOW - timedelta(days=10 + 30 * months), "meeting", direction, initiator=who)
    result = verdict(ana, "large", NOW, tz=UTC)
    assert result.ok and result.text.startswith("Ana would likely do this")


def test_give_first_follow_up_is_planned_about_them(db: object) -> None:
    from kith.core.follow_ups import create_follow_up, open_follow_ups
    from kith.core.rules.ask_threshold import give_first_draft

    ana = person("Ana Silva", given_name="Ana")
    said = verdict(ana, "large", NOW, tz=UTC)
    assert said.give_first
    draft = give_first_draft(ana, said, TODAY)
    create_follow_up(draft, tz=UTC)
    (item,) = open_follow_ups(tz=UTC)
    assert item.title == "Give Ana something first (share, help or introduce)"
    assert item.contact_id == ana and item.important and not item.urgent
    assert item.due_date == TODAY + timedelta(days=3)
