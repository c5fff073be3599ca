"""Two computers, one Kith: the demo network (cut to a few dozen people so the suite stays
quick) built on one, synced through a real Radicale and a real Xandikos, and the full JSON
exports of both compared; then edits on both sides and a phone, syncs in a random order, and
the exports compared again."""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar

from kith.core.contacts import delete_contacts
from kith.core.export import export_json_backup
from kith.core.follow_ups import FollowUpDraft, create_follow_up
from kith.core.goals import load_goal_draft, update_goal
from kith.core.interactions import InteractionDraft, log_interaction
from kith.core.relationships import remove_relationship, set_relationship
from kith.core.rules.cadence import set_tag_cadence
from kith.core.sync.accounts import find_account
from kith.core.sync.dav import DavClient
from kith.demo import write_demo
from kith.store.models import (
    Contact,
    FollowUp,
    Goal,
    Interaction,
    InteractionContact,
    Relationship,
)
from tests.core.sync.helpers import ACCOUNT, Kith, two_machines
from tests.core.sync.test_calendar_sync import server_calendar
from tests.dav_server import DavUser, XandikosServer

#: How many of the demo's people and (most recent) interactions the test keeps: the whole
#: network takes minutes to send (bench/bench_sync.py measures that).
PEOPLE = 20
INTERACTIONS = 80

#: Columns that say when or where a row was written on this machine, not what it says:
#: update times, a reminder already shown or snoozed here. Not compared either: tags that
#: nobody carries and that set no cadence. Relationships are compared (RELATED on both
#: people's vCards), and so is when a contact was added (CREATED, RFC 9554).
LOCAL = {"id", "updated_at", "reminded_at", "snoozed_until"}
NOT_IN_VCARD_YET: dict[str, set[str]] = {}


def portable_export(kith: Kith, folder: Path) -> dict[str, Any]:
    """The full JSON export with every local id replaced by the uid (or name) it stands for,
    lists sorted, and times to the second (what a CalDAV or CardDAV property holds)."""
    path = folder / f"{kith.path.stem}-{random.random()}.json"
    with kith:
        export_json_backup(path)
    doc = json.loads(path.read_text(encoding="utf-8"))
    uid = {
        table: {row["id"]: row.get("uid") for row in doc[table]}
        for table in ("contacts", "goals", "interactions", "follow_ups")
    }
    tags = {row["id"]: row["name"] for row in doc["tags"]}
    refs = {
        "contact": uid["contacts"],
        "introduced_by": uid["contacts"],
        "goal": uid["goals"],
        "interaction": uid["interactions"],
        "tag": tags,
        "a": uid["contacts"],
        "b": uid["contacts"],
    }

    def clean(row: dict[str, Any], table: str) -> dict[str, Any]:
        out = {}
        for key, value in row.items():
            if key in LOCAL or key in NOT_IN_VCARD_YET.get(table, ()):
                continue
            if key in refs and value is not None:
                value = refs[key][value]
            if isinstance(value, str) and len(value) >= 19 and value[10:11] == "T":
                value = value[:19]  # a time: to the second
            out[key] = value
        return out

    result: dict[str, Any] = {}
    for table in (
        "contacts",
        "contact_methods",
        "tags",
        "contact_tags",
        "goals",
        "goal_contacts",
        "interactions",
        "interaction_contacts",
        "follow_ups",
        "relationships",
    ):
        rows = [clean(r, table) for r in doc[table]]
        if table == "relationships":  # a pair is stored once, by local id: compare by uid
            rows = [{**r, "a": min(r["a"], r["b"]), "b": max(r["a"], r["b"])} for r in rows]
        if table == "tags":
            carried = {tags[link["tag"]] for link in doc["contact_tags"]}
            rows = [r for r in rows if r["name"] in carried or r["cadence_days"] is not None]
        result[table] = sorted(rows, key=lambda r: json.dumps(r, sort_keys=True))
    return result


def differences(one: dict[str, Any], other: dict[str, Any]) -> dict[str, Any]:
    """Per table, what differs (empty when both say the same): for rows with a uid, the
    fields that differ; for the others, the rows only one side has."""
    found: dict[str, Any] = {}
    for table in one:
        if one[table] and "uid" in one[table][0]:
            mine = {r["uid"]: r for r in one[table]}
            theirs = {r["uid"]: r for r in other[table]}
            diff: dict[str, Any] = {}
            for uid in mine.keys() | theirs.keys():
                if uid not in mine or uid not in theirs:
                    diff[uid] = "only here" if uid in mine else "only there"
                    continue
                fields = {
                    k: (v, theirs[uid].get(k))
                    for k, v in mine[uid].items()
                    if v != theirs[uid].get(k)
                }
                if fields:
                    diff[uid] = fields
            if diff:
                found[table] = dict(list(diff.items())[:3]) | {"count": len(diff)}
            continue
        here = {json.dumps(r, sort_keys=True) for r in one[table]}
        there = {json.dumps(r, sort_keys=True) for r in other[table]}
        if here != there:
            found[table] = {
                "only here": sorted(here - there)[:3],
                "only there": sorted(there - here)[:3],
            }
    return found


def assert_same(one: dict[str, Any], other: dict[str, Any]) -> None:
    found = differences(one, other)
    assert not found, json.dumps(found, indent=1, default=str)[:4000]


def small_demo(path: Path, today: date) -> None:
    """The demo network, keeping its first PEOPLE people, what is about them, and their
    INTERACTIONS most recent interactions."""
    write_demo(path, today=today)
    from kith.store.database import close_database, open_database

    open_database(path)
    try:
        gone = [c.id for c in Contact.select().order_by(Contact.id).offset(PEOPLE)]
        delete_contacts(gone)
        kept = [
            i.id
            for i in Interaction.select(Interaction.id)
            .where(Interaction.id.in_(InteractionContact.select(InteractionContact.interaction)))
            .order_by(Interaction.occurred_at.desc())
            .limit(INTERACTIONS)
        ]
        Interaction.delete().where(Interaction.id.not_in(kept)).execute()
    finally:
        close_database()


def converge(kiths: list[Kith], rng: random.Random) -> None:
    """Sync every computer in a random order, twice (what one sync sends, the next brings)."""
    for _ in range(2):
        for kith in rng.sample(kiths, len(kiths)):
            kith.sync()


@pytest.mark.parametrize("server", ["radicale", "xandikos"])
def test_two_computers_converge_on_the_demo_network(
    server: str,
    tmp_path: Path,
    request: pytest.FixtureRequest,
    today: date,
) -> None:
    if server == "radicale":
        user: DavUser = request.getfixturevalue("dav_user")
    else:
        xandikos: XandikosServer = request.getfixturevalue("xandikos")
        user = xandikos.user()
    demo = tmp_path / "demo.sqlite"
    small_demo(demo, today)
    rng = random.Random(15)
    with two_machines(tmp_path, user, calendar=True) as (a, b):
        # The desktop is the demo; the laptop starts empty.
        with b:
            account = find_account(ACCOUNT)
        assert account is not None
        demo.replace(a.path)
        for suffix in ("-wal", "-shm"):
            Path(f"{a.path}{suffix}").unlink(missing_ok=True)
        a_with_account = Kith(a.path, user, account.addressbook_url, account.calendar_url)
        kiths = [a_with_account, b]
        a_with_account.sync()
        received = b.sync()
        # The laptop's first sync is a handful of multigets, not a request per entry.
        assert received.requests < 20
        first, second = portable_export(a_with_account, tmp_path), portable_export(b, tmp_path)
        assert_same(first, second)
        assert len(second["interactions"]) > 50 and len(second["follow_ups"]) > 5
        assert len(second["goals"]) >= 1
        assert len(second["relationships"]) >= 1

        # Edits everywhere: an interaction logged on the laptop, a goal renamed and a tag
        # cadence changed on the desktop, a person deleted on the laptop, a follow-up ticked
        # off on a phone writing the task directly.
        with b:
            someone = Contact.select().order_by(Contact.uid).first()
            log_interaction(
                InteractionDraft(
                    occurred_at=today_noon(today),
                    kind="call",
                    contact_ids=[someone.id],
                    summary="Caught up on the laptop",
                )
            )
            doomed = Contact.select().order_by(Contact.uid.desc()).first()
            delete_contacts([doomed.id])
            create_follow_up(FollowUpDraft(title="Plan the offsite", due_date=today))
            pair = list(Contact.select().where(Contact.id != doomed.id).order_by(Contact.uid)[:2])
            set_relationship(pair[0].id, pair[1].id, "friend", "met on the laptop")
        with a_with_account:
            gone = Relationship.select().order_by(Relationship.id.desc()).first()
            remove_relationship(gone.a_id, gone.b_id)
            goal = Goal.select().order_by(Goal.uid).first()
            draft = load_goal_draft(goal.id)
            draft.title += " (renamed)"
            update_goal(goal.id, draft)
            set_tag_cadence("Kith test tag", 45)
            open_task = FollowUp.select().where(FollowUp.status == "open").order_by(FollowUp.uid)
            ticked = open_task.first().uid
        path, etag, cal, todo = server_calendar(a_with_account, user)[ticked]  # type: ignore[misc]
        todo["STATUS"] = "COMPLETED"
        todo.add("COMPLETED", todo["DTSTAMP"].dt)
        with DavClient(user.url, user.username, user.password) as dav:
            dav.put(path, Calendar.to_ical(cal).decode(), "text/calendar", etag=etag)
        converge(kiths, rng)
        first, second = portable_export(a_with_account, tmp_path), portable_export(b, tmp_path)
        assert_same(first, second)
        done = [f for f in first["follow_ups"] if f["uid"] == ticked]
        assert done and done[0]["status"] == "done"
        assert any(i["summary"] == "Caught up on the laptop" for i in first["interactions"])
        assert any(g["title"].endswith("(renamed)") for g in second["goals"])
        assert {"name": "Kith test tag", "cadence_days": 45} in second["tags"]
        assert any(r["note"] == "met on the laptop" for r in first["relationships"])
        assert a_with_account.sync().moved is False and b.sync().moved is False


def today_noon(today: date) -> Any:
    from datetime import datetime, time

    return datetime.combine(today - timedelta(days=1), time(12, 0))
