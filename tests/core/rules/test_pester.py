"""The "don't pester" rule: ask after ask, ask after give, too often, no cadence."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from kith.core.interactions import InteractionDraft, warnings_for
from kith.core.rules.history import Touch
from kith.core.rules.pester import (
    ASK_AGAIN,
    NO_REPLY,
    TOO_OFTEN,
    pester_warnings,
    too_often_limit,
    warnings_from,
)
from tests.core.rules_fixtures import NOW, log, person


def ago(days: int, direction: str = "neutral", who: str | None = "me") -> Touch:
    return Touch(NOW - timedelta(days=days), "message", direction, 0, who)


def kinds(history, *, direction="asked", cadence=30, initiator="me"):
    found = warnings_from(
        contact_id=1,
        name="Jonas",
        cadence_days=cadence,
        touches=history,
        direction=direction,
        when=NOW,
        initiator=initiator,
        tz=UTC,
    )
    return [w.kind for w in found]


@pytest.mark.parametrize(
    ("history", "direction", "cadence", "expected"),
    [
        ([ago(9, "asked")], "asked", 30, [ASK_AGAIN]),  # no give since the last ask
        ([ago(200, "asked")], "asked", 30, [ASK_AGAIN]),  # however long ago: still open
        ([ago(200, "asked")], "asked", None, [ASK_AGAIN]),  # for everyone, cadence or not
        ([ago(200, "asked")], "asked", 14, [ASK_AGAIN]),  # the inner 5 too
        ([ago(9, "asked"), ago(4, "gave")], "asked", 30, []),  # gave since
        ([ago(9, "asked"), ago(4, "mutual")], "asked", 30, []),  # a mutual favour counts
        ([ago(9, "asked"), ago(4, "neutral")], "asked", 30, [ASK_AGAIN]),  # chatting isn't giving
        (
            [ago(9, "asked"), ago(4, "they_gave")],
            "asked",
            30,
            [ASK_AGAIN],
        ),  # their give isn't yours
        ([ago(4, "gave"), ago(9, "asked")], "asked", 30, []),
        ([ago(9, "gave"), ago(4, "asked")], "asked", 30, [ASK_AGAIN]),  # gave before, not since
        ([ago(9, "they_asked")], "asked", 30, []),  # their asks are not yours
        ([ago(9, "asked")], "gave", 30, []),  # giving never pesters
        ([ago(9, "asked")], "neutral", 30, []),
        ([], "asked", 30, []),
        ([ago(0, "asked")], "asked", 14, [ASK_AGAIN]),  # earlier today
    ],
)
def test_ask_rules(history, direction, cadence, expected):
    assert kinds(history, direction=direction, cadence=cadence) == expected


def test_ask_warning_says_when_and_suggests_giving():
    [warning] = warnings_from(
        contact_id=7,
        name="Jonas",
        cadence_days=30,
        touches=[ago(9, "asked")],
        direction="asked",
        when=NOW,
        tz=UTC,
    )
    assert warning.contact_id == 7
    assert warning.message == "You asked Jonas 9 days ago and haven't given since — give first?"
    [many] = warnings_from(
        contact_id=7,
        name="Jonas",
        cadence_days=None,
        touches=[ago(90, "asked"), ago(40, "asked"), ago(9, "asked")],
        direction="asked",
        when=NOW,
        tz=UTC,
    )
    assert many.message == "You have asked Jonas 3 times since you last gave — give first?"


@pytest.mark.parametrize(
    ("reach_outs_in_30_days", "cadence", "warns"),
    [
        (3, 30, False),  # this one makes 4: the floor of 4 is not exceeded
        (4, 30, True),  # 5 > 4
        (8, 14, True),  # inner circle: 8 + this one = 9 > 4 × 30 / 14 ≈ 8.57
        (7, 14, False),  # 8 ≤ 8.57
        (29, 1, False),  # daily cadence: 120 allowed
        (4, 180, True),  # rare cadence still allows 4
    ],
)
def test_too_often_counts_your_reach_outs(reach_outs_in_30_days, cadence, warns):
    # Spread over the month, each answered by them, so only the cadence rule can speak.
    history = []
    for n in range(reach_outs_in_30_days):
        history += [ago(29 - n % 30), ago(29 - n % 30, who="them")]
    assert (TOO_OFTEN in kinds(history, direction="neutral", cadence=cadence)) is warns


def test_their_reach_outs_never_pester():
    theirs = [ago(d, "neutral", "them") for d in (0, 1, 2, 3, 4, 5)]
    assert kinds(theirs, direction="neutral", cadence=30, initiator="them") == []
    assert kinds(theirs, direction="neutral", cadence=30, initiator="me") == []
    assert kinds([ago(d) for d in (1, 2, 3)], direction="neutral", initiator="them") == []
    assert kinds([ago(d) for d in (1, 2, 3)], direction="neutral", initiator=None) == []


@pytest.mark.parametrize("cadence", [None, 90, 14])
def test_four_unanswered_reach_outs_in_a_week_warn_whatever_the_cadence(cadence):
    three = [ago(d) for d in (1, 3, 5)]
    assert NO_REPLY in kinds(three, direction="neutral", cadence=cadence) or (
        TOO_OFTEN in kinds(three, direction="neutral", cadence=cadence)
    )
    answered = [*three, ago(2, who="them")]
    assert kinds(answered, direction="neutral", cadence=None) == []
    two = [ago(d) for d in (1, 3)]
    assert kinds(two, direction="neutral", cadence=None) == []


def test_thresholds():
    assert too_often_limit(14) == pytest.approx(120 / 14)
    assert too_often_limit(90) == 4


def test_too_often_message_names_the_cadence():
    [warning] = warnings_from(
        contact_id=1,
        name="Jonas",
        cadence_days=30,
        touches=[ago(d) for d in (1, 3, 5, 7)],
        direction="gave",
        when=NOW,
        initiator="me",
        tz=UTC,
    )
    assert warning.kind == TOO_OFTEN
    assert warning.message == (
        "This would be your 5th reach-out to Jonas in 30 days — far more often than your "
        "cadence (every 30 days)."
    )


def test_later_interactions_do_not_count_when_logging_an_old_one():
    history = [ago(2, "asked")]
    found = warnings_from(
        contact_id=1,
        name="Jonas",
        cadence_days=30,
        touches=history,
        direction="asked",
        when=NOW - timedelta(days=20),
        tz=UTC,
    )
    assert found == []


def test_warnings_for_a_draft_from_the_database(db):
    jonas = person("Jonas Weber", given_name="Jonas", circle=2)
    mia = person("Mia", circle=2)
    log(jonas, NOW - timedelta(days=9), direction="asked")
    log(mia, NOW - timedelta(days=9), direction="asked")
    log(mia, NOW - timedelta(days=2), direction="gave")
    draft = InteractionDraft(
        occurred_at=NOW, kind="email", contact_ids=[mia, jonas], direction="asked", initiator="me"
    )
    [warning] = warnings_for(draft, tz=UTC)
    assert warning.contact_id == jonas
    assert warning.message.startswith("You asked Jonas 9 days ago")


def test_editing_an_ask_does_not_warn_about_itself(db):
    jonas = person("Jonas", circle=2)
    ask = log(jonas, NOW - timedelta(days=1), direction="asked")
    when = datetime(2026, 11, 22, 12, 0)
    assert pester_warnings([jonas], "asked", when, tz=UTC) != []
    assert pester_warnings([jonas], "asked", when, tz=UTC, ignore_interaction_id=ask) == []
