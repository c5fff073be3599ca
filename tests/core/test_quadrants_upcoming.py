"""Today's urgent/important groups still to come (``quadrants(upcoming=True)``), counted as
ranges of the (status, urgent, important, due_at) index (v14), against sorting every open
follow-up by hand: the same counts and the same first few, in three time zones, with timed and
untimed follow-ups due around midnight of the days either side of today."""

from __future__ import annotations

import random
from datetime import UTC, time, timedelta

from kith.core.follow_ups import (
    FollowUpDraft,
    create_follow_up,
    drop,
    open_follow_ups,
    quadrants,
)
from kith.core.local_time import today
from kith.store.models import FollowUp
from tests.core.rules_fixtures import BERLIN, NEW_YORK, NOW, TODAY

ZONES = (UTC, BERLIN, NEW_YORK)
GROUPS = {
    "do": (True, True),
    "plan": (False, True),
    "quick": (True, False),
    "later": (False, False),
}


def test_the_groups_still_to_come_match_every_follow_up_sorted_by_hand(db: object) -> None:
    rng = random.Random(5)
    for n in range(160):
        timed = rng.random() < 0.6
        draft = FollowUpDraft(
            title=f"Follow-up {n:03d}",
            due_date=TODAY + timedelta(days=rng.randint(-3, 4)),
            due_time=time(rng.choice((0, 1, 5, 12, 18, 22, 23)), rng.choice((0, 30, 59)))
            if timed
            else None,
            urgent=rng.random() < 0.4,
            important=rng.random() < 0.5,
        )
        follow_up_id = create_follow_up(draft, tz=rng.choice(ZONES))
        if rng.random() < 0.1:
            drop(follow_up_id, now=NOW)
    stored = dict(FollowUp.select(FollowUp.id, FollowUp.due_at).tuples())
    for tz in ZONES:
        day = today(NOW, tz)
        coming = [i for i in open_follow_ups(tz=tz) if i.due_date > day]
        for limit in (1, 3, 1000):
            groups = quadrants(NOW, tz=tz, limit=limit, upcoming=True)
            for name, (urgent, important) in GROUPS.items():
                mine = [i for i in coming if (i.urgent, i.important) == (urgent, important)]
                assert groups.counts[name] == len(mine), (tz, name)
                first = sorted(mine, key=lambda i: (stored[i.id], i.id))[:limit]
                shown = getattr(groups, name)
                assert sorted(i.id for i in shown) == sorted(i.id for i in first), (tz, name)
                assert list(shown) == sorted(
                    shown,
                    key=lambda i: (i.due_date, i.due_time is not None, i.due_time or time(0), i.id),
                )
