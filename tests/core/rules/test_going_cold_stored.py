"""Going cold from the stored last contact (v14) against the derivation it replaced (a subquery
per person over their interactions and captures, kept in going_cold_before_v14.py) and against
the rule one person at a time, over a random database edited the ways users edit it: logging,
changing an interaction's date and people, deleting, undoing, deleting and restoring people,
merging, sorting into circles and archiving, mail captured from a source turned on and
off."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from kith.core.bulk import restore_values, set_archived, set_circle
from kith.core.contacts import delete_contacts, restore_contacts
from kith.core.interactions import (
    InteractionDraft,
    delete_interaction,
    load_interaction_draft,
    record_interaction,
    restore_interaction,
    undo_log,
    update_interaction,
)
from kith.core.merge import merge_contacts
from kith.core.rules.cadence import cadence_statuses, set_tag_cadence
from kith.core.rules.going_cold import going_cold_with_total
from kith.store.changes import writing
from kith.store.models import CapturedContact, CaptureSource, Contact
from tests import kept_values
from tests.core.rules import going_cold_before_v14 as before
from tests.core.rules_fixtures import BERLIN, NEW_YORK, NOW, person

ZONES = (UTC, BERLIN, NEW_YORK)


def _rows(items: list) -> list[tuple]:
    return [(c.contact_id, c.full_name, c.circle, c.status) for c in items]


def _check(*, against_before: bool) -> None:
    kept_values.assert_exact()
    ids = [cid for (cid,) in Contact.select(Contact.id).tuples()]
    for tz in ZONES:
        full, total = going_cold_with_total(NOW, tz)
        statuses = cadence_statuses(ids, NOW, tz)
        expected = {cid for cid, status in statuses.items() if status.going_cold}
        archived = {cid for (cid,) in Contact.select(Contact.id).where(Contact.archived).tuples()}
        expected -= archived
        assert {c.contact_id for c in full} == expected
        assert total == len(expected)
        for c in full:
            assert c.status == statuses[c.contact_id]
        if against_before:
            old_full, old_total = before.going_cold_with_total(NOW, tz)
            assert _rows(full) == _rows(old_full)  # the same people in the same order
            assert total == old_total
        for limit in (0, 1, 3, 10):
            top, top_total = going_cold_with_total(NOW, tz, limit)
            assert (_rows(top), top_total) == (_rows(full[:limit]), total)
            if against_before:
                old_top, old_top_total = before.going_cold_with_total(NOW, tz, limit)
                assert (_rows(top), top_total) == (_rows(old_top), old_top_total)


#: Every cadence in play: many moments fall a day either side of one of them.
CADENCES = (3, 7, 10, 14, 20, 30, 45, 60, 90, 180)


def _when(rng: random.Random) -> datetime:
    """A past moment; often a cadence ago give or take a day, near midnight UTC (where the
    time zones disagree on the day): the people the rough query must not drop."""
    if rng.random() < 0.3:
        return NOW - timedelta(days=rng.randint(0, 400), minutes=rng.randint(0, 1439))
    day = (NOW - timedelta(days=rng.choice(CADENCES) + rng.choice((-1, 0, 1)))).date()
    hour = rng.choice((0, 1, 3, 4, 5, 6, 12, 21, 22, 23))
    moment = datetime(day.year, day.month, day.day, hour, rng.randint(0, 59))
    return min(moment, NOW)


def _random_people(rng: random.Random, count: int, tags: list[str]) -> list[int]:
    ids = []
    for n in range(count):
        ids.append(
            person(
                f"Person {n:03d}",
                circle=rng.choice([1, 2, 3, 4, 5, None, None]),
                cadence_days=rng.choice([None, None, None, None, 3, 20, 45]),
                tags=rng.sample(tags, rng.choice([0, 0, 0, 1, 2])),
                archived=rng.random() < 0.05,
                added=_when(rng) - timedelta(days=rng.choice((0, 0, 100))),
                met_on=rng.choice([None, None, _when(rng).date()]),
            )
        )
    return ids


def _edit(rng: random.Random, state: dict[str, list]) -> None:
    """One random edit, of the kinds the app makes (through the same functions); an undo
    right after what it undoes, as the undo stack does it."""
    alive = [cid for (cid,) in Contact.select(Contact.id).tuples()]
    logged = state["logged"]
    action = rng.choice(
        [
            "log",
            "log",
            "log",
            "redate",
            "repeople",
            "delete",
            "delete_person",
            "merge",
            "capture",
            "switch",
            "circle",
            "archive",
        ]
    )
    if action == "log" or not logged:
        ids = rng.sample(alive, rng.choice([1, 1, 2, 3]))
        draft = InteractionDraft(occurred_at=_when(rng), kind="call", contact_ids=ids)
        done = record_interaction(draft, now=NOW)
        if rng.random() < 0.15:
            undo_log(done)
        else:
            logged.append(done.interaction_id)
    elif action in ("redate", "repeople"):
        interaction_id = rng.choice(logged)
        try:
            draft = load_interaction_draft(interaction_id)
        except LookupError:  # gone with the people it was with
            logged.remove(interaction_id)
            return
        if action == "redate":
            draft.occurred_at = _when(rng)
        else:
            draft.contact_ids = rng.sample(alive, rng.choice([1, 2]))
        before_edit = update_interaction(interaction_id, draft, now=NOW)
        if rng.random() < 0.2:
            update_interaction(interaction_id, before_edit, now=NOW)  # undo
    elif action == "delete":
        interaction_id = logged.pop(rng.randrange(len(logged)))
        try:
            snapshot = delete_interaction(interaction_id)
        except LookupError:
            return
        if rng.random() < 0.4:
            kept_values.assert_exact()
            logged.append(restore_interaction(snapshot))
    elif action == "delete_person" and len(alive) > 20:
        snapshot = delete_contacts(rng.sample(alive, rng.choice([1, 2])))
        if rng.random() < 0.5:
            kept_values.assert_exact()
            restore_contacts(snapshot)
    elif action == "merge" and len(alive) > 20:
        keep, other = rng.sample(alive, 2)
        merge_contacts(keep, other)
    elif action == "capture":
        source = rng.choice(state["sources"])
        with writing("captured_contact"):
            CapturedContact.insert(
                source=source,
                contact=rng.choice(alive),
                kind=rng.choice(["email", "meeting"]),
                occurred_at=_when(rng),
                item_key=f"item-{rng.random()}",
                thread_key="",
                address="someone@example.com",
            ).execute()
    elif action == "circle":
        change = set_circle(rng.sample(alive, 3), rng.choice([1, 2, 3, 4, 5, None]))
        if rng.random() < 0.3:
            restore_values(change)  # undo
    elif action == "archive":
        set_archived(rng.sample(alive, 1), rng.random() < 0.5)
    elif action == "switch":
        source = rng.choice(state["sources"])
        with writing("capture_source"):
            CaptureSource.update(enabled=~CaptureSource.enabled).where(
                CaptureSource.id == source
            ).execute()


def _random_history(seed: int, tags: list[str], *, against_before: bool) -> None:
    rng = random.Random(seed)
    _random_people(rng, 90, tags)
    sources = [
        CaptureSource.insert(kind="file", name=f"Mail {n}", enabled=n == 0).execute()
        for n in range(2)
    ]
    state: dict[str, list] = {"logged": [], "sources": sources}
    for _ in range(40):
        _edit(rng, state)
    _check(against_before=against_before)
    for _round in range(8):
        for _ in range(15):
            _edit(rng, state)
        _check(against_before=against_before)


@pytest.mark.parametrize("seed", [2, 5, 11])
def test_the_same_people_in_the_same_order_as_before(db: object, seed: int) -> None:
    # Tag cadences no looser than any circle's: where the old query was right.
    set_tag_cadence("family", 7)
    set_tag_cadence("club", 10)
    _random_history(seed, ["family", "club", "work"], against_before=True)


def test_agrees_with_the_rule_when_a_tag_is_looser_than_the_circle(db: object) -> None:
    # A tag looser than the circle leaves the circle's cadence (resolve_cadence): the query
    # before v14 took the tag's and missed them; the rule one person at a time is the judge.
    set_tag_cadence("newsletter", 60)
    set_tag_cadence("family", 7)
    _random_history(23, ["newsletter", "family", "work"], against_before=False)


def test_a_tag_looser_than_the_circle_leaves_the_circles_cadence(db: object) -> None:
    from kith.core.rules.going_cold import going_cold
    from tests.core.rules_fixtures import TODAY, log

    set_tag_cadence("newsletter", 60)
    inner = person("Inner", circle=1, tags=["newsletter"], added=datetime(2025, 1, 1))
    log(inner, TODAY - timedelta(days=20))  # 20 days: past the inner circle's 14
    cold = going_cold(NOW, UTC)
    assert [c.full_name for c in cold] == ["Inner"]
    assert cold[0].status.cadence.label == "every 14 days (inner 5)"
    assert before.going_cold(NOW, UTC) == []  # what the query before v14 missed
