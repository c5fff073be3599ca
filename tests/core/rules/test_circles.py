"""The circle budget: counts per circle against Dunbar's nested layers, and who to move out."""

from __future__ import annotations

from datetime import UTC, timedelta

from kith.core.rules.circles import (
    CircleFilter,
    circle_budget,
    circle_counts,
    circles_of,
    contact_ids_in_circle,
    move_out_candidates,
)
from tests.core.rules_fixtures import NOW, TODAY, log, person


def _people(count: int, circle: int | None, prefix: str) -> list[int]:
    return [person(f"{prefix} {n:02d}", circle=circle) for n in range(count)]


def test_counts_per_circle_leave_out_archived_people(db: object) -> None:
    _people(3, 1, "Inner")
    _people(2, 5, "Acq")
    _people(1, None, "Loose")
    person("Gone", circle=1, archived=True)
    counts = circle_counts()
    assert counts == {1: 3, 2: 0, 3: 0, 4: 0, 5: 2, None: 1}


def test_layers_are_cumulative(db: object) -> None:
    _people(4, 1, "Inner")
    _people(12, 2, "Close")  # 4 + 12 = 16 > 15
    budget = circle_budget(NOW, tz=UTC)
    inner, fifteen, fifty, _ = budget.layers
    assert (inner.own, inner.cumulative, inner.over) == (4, 4, False)
    assert (fifteen.own, fifteen.cumulative, fifteen.excess) == (12, 16, 1)
    assert (fifty.cumulative, fifty.over) == (16, False)
    assert budget.over
    assert budget.warnings == [
        "Circle 15 with the circles inside it holds 16 people: 1 more than Dunbar's 15."
    ]


def test_within_every_layer_there_is_no_warning(db: object) -> None:
    _people(5, 1, "Inner")
    _people(10, 2, "Close")
    budget = circle_budget(NOW, tz=UTC)
    assert not budget.over and budget.warnings == []
    assert all(layer.suggestions == () for layer in budget.layers)


def test_suggestions_longest_without_contact_first_then_weakest(db: object) -> None:
    a, b, c, d, e, f = _people(6, 1, "Inner")  # one over the 5
    log(a, TODAY - timedelta(days=5), "meeting")
    log(b, TODAY - timedelta(days=40), "email")
    log(c, TODAY - timedelta(days=40), "meeting", "gave")  # as long ago as b, but a favour
    log(d, TODAY - timedelta(days=1))
    log(e, TODAY - timedelta(days=2))
    # f: never in touch — the first to move out
    budget = circle_budget(NOW, tz=UTC)
    inner = budget.layers[0]
    assert inner.excess == 1
    assert [s.contact_id for s in inner.suggestions] == [f]
    assert inner.suggestions[0].reason.startswith("never in touch")
    assert inner.suggestions[0].to_circle == 2
    ranked = move_out_candidates(1, 4, NOW, tz=UTC)
    assert [s.contact_id for s in ranked] == [f, b, c, a]
    assert ranked[1].reason.startswith("not in touch for 40 days")
    assert ranked[1].strength < ranked[2].strength


def test_circle_filter_and_grouping(db: object) -> None:
    inner = person("Zoë Inner", circle=1)
    other = person("Ann Inner", circle=1)
    loose = person("Loose", circle=None)
    assert contact_ids_in_circle(1) == [other, inner]
    assert contact_ids_in_circle(None) == [loose]
    assert circles_of([inner, loose]) == {inner: 1, loose: None}


def test_circle_filter_keeps_the_given_order(db: object) -> None:
    zoe = person("Zoë Inner", circle=1)
    ann = person("Ann Fifteen", circle=2)
    loose = person("Loose")
    keep = CircleFilter(frozenset({1, None}))
    assert keep.apply([loose, ann, zoe]) == [loose, zoe]
    assert keep.label == "Inner 5 and No circle"
    assert CircleFilter(frozenset({1, 2, 3})).label == "Inner 5, 15 and 50"
    assert CircleFilter(frozenset()).apply([ann, zoe]) == [ann, zoe]
