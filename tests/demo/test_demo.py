"""The demo network: deterministic, realistic in shape, and what the pages will show."""

from __future__ import annotations

import re
import sqlite3
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest

from kith.core.contacts import load_draft, validate
from kith.core.directory import contact_ids
from kith.core.follow_ups import due_today, follow_ups_between, open_follow_ups, overdue
from kith.core.rules.birthdays import upcoming_birthdays
from kith.core.rules.circles import newcomer_count, newcomers
from kith.core.rules.constants import FAVOURS_FULL, ONLY_ASKS_MIN
from kith.core.rules.going_cold import going_cold
from kith.core.rules.pester import short_name
from kith.core.rules.reciprocity import balances, only_asks_text, unprompted_text
from kith.core.rules.strength import strength_for, strengths
from kith.core.text import words
from kith.demo import TABLES, DemoError, write_demo
from kith.store.database import close_database, open_database
from kith.store.models import (
    DIRECTIONS,
    INITIATORS,
    INTERACTION_KINDS,
    Contact,
    ContactMethod,
    ContactTag,
    FollowUp,
    Goal,
    GoalContact,
    Interaction,
    InteractionContact,
    Relationship,
    Tag,
)

TODAY = date(2026, 11, 23)
NOW = datetime.combine(TODAY, time(12, 0))  # naive UTC; the tests use UTC as the local zone


def _write(path: Path, seed: int = 7, today: date = TODAY) -> str:
    return write_demo(path, seed=seed, today=today, tz=UTC)


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """One demo network (seed 7, as of TODAY in UTC), written once for the module."""
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    return path, _write(path)


@pytest.fixture
def demo(demo_file: tuple[Path, str]) -> Iterator[str]:
    """The demo database opened for one test; yields the summary line write_demo returned."""
    path, summary = demo_file
    open_database(path)
    yield summary
    close_database()


def _dump(path: Path) -> dict[str, list[tuple[object, ...]]]:
    conn = sqlite3.connect(path)
    try:
        dump = {
            table: conn.execute(f'SELECT * FROM "{table}" ORDER BY rowid').fetchall()
            for table in TABLES
            if table != "contact_index"
        }
        dump["contact_index"] = conn.execute(
            "SELECT rowid, * FROM contact_index ORDER BY rowid"
        ).fetchall()
    finally:
        conn.close()
    return dump


def test_the_same_seed_and_day_give_the_same_network(tmp_path: Path) -> None:
    first, second, other = tmp_path / "a.sqlite", tmp_path / "b.sqlite", tmp_path / "c.sqlite"
    assert _write(first).replace(str(first), "") == _write(second).replace(str(second), "")
    assert _dump(first) == _dump(second)
    _write(other, seed=8)
    names = {row[4] for row in _dump(first)["contact"]}
    other_names = {row[4] for row in _dump(other)["contact"]}
    assert names != other_names
    assert "Sofía Ramírez" in names & other_names  # the hand-written people are always there


def test_summary_tells_what_was_written(demo: str, demo_file: tuple[Path, str]) -> None:
    path, _ = demo_file
    numbers = [int(n.replace(",", "")) for n in re.findall(r"\d[\d,]*", demo.split(" to ")[0])]
    people, interactions, follow_ups, open_count, goals, relationships = numbers
    assert demo.startswith("Wrote ") and demo.endswith(f" to {path}.")
    assert people == Contact.select().count()
    assert 140 <= people <= 160
    assert interactions == Interaction.select().count()
    assert 1_200 <= interactions <= 2_500
    assert follow_ups == FollowUp.select().count()
    assert open_count == FollowUp.select().where(FollowUp.status == "open").count()
    assert 40 <= open_count <= 70
    assert goals == Goal.select().count()
    assert 3 <= goals <= 4
    assert relationships == Relationship.select().count()
    assert 200 <= relationships <= 300


def test_circles_follow_dunbars_layers(demo: str) -> None:
    circles = Counter(c.circle for c in Contact.select(Contact.circle))
    assert 4 <= circles[1] <= 6
    assert 8 <= circles[2] <= 12
    assert 25 <= circles[3] <= 35
    assert 60 <= circles[4] <= 80
    assert circles[5] >= 10  # acquaintances
    assert 12 <= circles[None] <= 20  # imported lately, not sorted yet


def test_people_look_like_a_real_address_book(demo: str) -> None:
    contacts = list(Contact.select())
    assert all(c.given_name and c.family_name for c in contacts)
    assert all(c.company and c.title and c.location for c in contacts if c.circle in (1, 2))
    names = {c.full_name for c in contacts}
    assert {"Sofía Ramírez", "Łukasz Wójcik", "Zoë Van den Berg", "Chloé Martin"} <= names
    assert sum(1 for n in names if not n.isascii()) >= 25
    assert sum(1 for c in contacts if c.nickname) >= 3
    assert sum(1 for c in contacts if c.introduced_by_id) >= 20
    assert sum(1 for c in contacts if c.how_met and c.met_on) >= 120
    assert sum(1 for c in contacts if len(c.notes) > 60) >= 100
    assert all(c.photo is None for c in contacts)  # the UI draws initials
    assert 2 <= sum(1 for c in contacts if c.cadence_days is not None) <= 8
    with_year = sum(1 for c in contacts if c.birthday_year is not None)
    without_year = sum(1 for c in contacts if c.birthday_day and c.birthday_year is None)
    assert with_year > 60 and without_year > 15


def test_every_demo_contact_can_be_saved_again_from_the_form(demo: str) -> None:
    for contact in Contact.select(Contact.id):
        assert validate(load_draft(contact.id), contact_id=contact.id) == {}


def test_channels_have_labels_and_international_phone_numbers(demo: str) -> None:
    methods = list(ContactMethod.select())
    kinds = Counter(m.kind for m in methods)
    assert kinds["email"] > 150 and kinds["phone"] > 100 and kinds["url"] > 100
    assert kinds["social"] > 20 and 3 <= kinds["address"] <= 20
    assert all(m.label for m in methods)
    assert all(m.value.startswith("+") for m in methods if m.kind == "phone")
    labels = Counter(m.label for m in methods)
    assert labels["LinkedIn"] > 50 and labels["GitHub"] > 10 and labels["work"] > 100
    people_with_channels = {m.contact_id for m in methods}
    assert people_with_channels == {c.id for c in Contact.select(Contact.id)}


def test_tags_come_from_a_vocabulary_and_family_has_a_cadence(demo: str) -> None:
    tags = {t.name: t.cadence_days for t in Tag.select()}
    assert 20 <= len(tags) <= 30
    assert tags["family"] == 7
    assert sum(1 for days in tags.values() if days is not None) >= 2
    used = Counter(t.tag.name for t in ContactTag.select(ContactTag, Tag).join(Tag))
    assert {"mentor", "investor", "python", "design", "hiring", "recruiter", "founder"} <= set(used)


def test_search_finds_demo_people_by_company_notes_and_unaccented_name(demo: str) -> None:
    acme = contact_ids("acme")
    assert len(acme) >= 3
    assert set(acme) == {c.id for c in Contact.select().where(Contact.company ** "%acme%")}
    sofia = Contact.get(Contact.full_name == "Sofía Ramírez")
    assert contact_ids("sofia ramirez") == [sofia.id]
    assert sofia.id in contact_ids("marathon")  # from her notes
    # Any person, by a long word of their notes.
    someone = next(c for c in Contact.select().order_by(Contact.id.desc()) if len(c.notes) > 60)
    word = max(words(someone.notes), key=len)
    assert someone.id in contact_ids(word)


def test_two_years_of_interactions_at_sensible_hours(demo: str) -> None:
    rows = list(Interaction.select())
    assert min(i.occurred_at for i in rows) >= NOW - timedelta(days=731)
    assert max(i.occurred_at for i in rows) < datetime.combine(TODAY, time(0, 0))
    assert all(7 <= i.occurred_at.hour <= 22 for i in rows)
    assert {i.kind for i in rows} <= set(INTERACTION_KINDS)
    assert all(i.summary for i in rows)
    assert sum(1 for i in rows if i.notes) > len(rows) // 5
    directions = Counter(i.direction for i in rows)
    assert set(directions) == set(DIRECTIONS)
    assert directions["gave"] > directions["asked"]
    assert directions["gave"] > directions["they_asked"] > 0
    assert sum(1 for i in rows if i.goal_id) >= 20


def test_every_interaction_says_who_reached_out(demo: str) -> None:
    rows = list(Interaction.select())
    initiators = Counter(i.initiator for i in rows)
    assert set(initiators) == set(INITIATORS)  # never unknown
    assert initiators["me"] > initiators["them"] > initiators["both"] > 0
    assert all(i.initiator == "both" for i in rows if i.kind in ("event", "intro"))
    assert all(i.initiator == "me" for i in rows if i.direction == "asked")
    assert all(i.initiator == "them" for i in rows if i.direction in ("they_asked", "they_gave"))


def test_inner_circles_hear_from_you_more_often(demo: str) -> None:
    touches = Counter(
        circle for (circle,) in InteractionContact.select(Contact.circle).join(Contact).tuples()
    )
    circles = Counter(c.circle for c in Contact.select(Contact.circle))
    per_person = {c: touches[c] / circles[c] for c in (1, 2, 3, 4)}
    assert per_person[1] > per_person[2] > per_person[3] > per_person[4]


def test_some_interactions_involve_several_people_and_some_are_introductions(demo: str) -> None:
    people = Counter(link.interaction_id for link in InteractionContact.select())
    assert sum(1 for n in people.values() if n == 2) >= 20
    assert sum(1 for n in people.values() if n == 3) >= 3
    intros = list(Interaction.select().where(Interaction.kind == "intro"))
    assert len(intros) >= 10
    for intro in intros:
        a, b = sorted(link.contact_id for link in intro.contact_links)
        assert intro.direction == "gave"
        pair = Relationship.get((Relationship.a == a) & (Relationship.b == b))
        assert pair.kind == "introduced"


def test_most_relationships_give_and_a_few_mostly_ask(demo: str) -> None:
    balance: Counter[int] = Counter()
    for contact_id, direction in (
        InteractionContact.select(InteractionContact.contact, Interaction.direction)
        .join(Interaction)
        .tuples()
    ):
        balance[contact_id] += {"gave": 1, "asked": -1}.get(direction, 0)
    askers = [c for c, b in balance.items() if b < -1]
    givers = [c for c, b in balance.items() if b > 1]
    assert len(askers) >= 3
    assert len(givers) > 2 * len(askers)


# --- the stories the relationship rules tell (issue 12), as the card and Today show them -----


def _first_name(contact: Contact) -> str:
    """What the card calls someone ("Dominik has asked 5 times …")."""
    return short_name(contact.full_name, contact.given_name, contact.nickname)


def test_the_inner_circles_are_strong_through_years_of_favours(demo: str) -> None:
    people = list(Contact.select())
    ties = strengths([c.id for c in people], NOW, UTC)
    inner = [c for c in people if c.circle in (1, 2)]
    strong = [c for c in inner if ties[c.id].tie == "strong"]
    assert len(strong) >= 10
    for contact in strong:
        facts = ties[contact.id].facts
        # Known for years, not weeks (a sibling: since the first contact the demo holds).
        assert facts.known_days is not None and facts.known_days >= 18 * 30
        assert facts.favours >= FAVOURS_FULL  # favours both ways
        assert facts.mine and facts.theirs  # a dialog: both reach out
    # Strong ties are the few: most of the network is not (yet) one.
    all_strong = [c for c in people if ties[c.id].tie == "strong"]
    assert len(all_strong) <= len(people) // 2
    sofia = Contact.get(Contact.full_name == "Sofía Ramírez")
    assert strength_for(sofia.id, NOW, UTC).tie == "strong"


def test_newcomers_wait_to_be_sorted(demo: str) -> None:
    waiting = newcomers()
    assert 12 <= newcomer_count() <= 20
    assert len(waiting) == newcomer_count()
    imported = {
        c.id: c for c in Contact.select().where(Contact.id.in_([n.contact_id for n in waiting]))
    }
    for person in waiting:
        contact = imported[person.contact_id]
        assert NOW - timedelta(days=35) <= person.added < NOW  # added in the last weeks
        assert contact.circle is None and not contact.archived
        assert person.company and person.title  # as an import leaves them
        assert ContactMethod.select().where(ContactMethod.contact == person.contact_id).exists()
        assert (
            not InteractionContact.select()
            .where(InteractionContact.contact == person.contact_id)
            .exists()
        )
        assert strength_for(person.contact_id, NOW, UTC).tie == "new"
    assert not {c.contact_id for c in going_cold(NOW, UTC)} & set(imported)  # they never nag


def test_one_person_only_asks(demo: str) -> None:
    people = list(Contact.select())
    money = balances([c.id for c in people], NOW, UTC)
    named = {c.full_name: only_asks_text(_first_name(c), money[c.id]) for c in people}
    askers = {name: text for name, text in named.items() if text}
    assert askers == {"Dominik Albrecht": "Dominik has asked 5 times and given nothing in a year"}
    dominik = Contact.get(Contact.full_name == "Dominik Albrecht")
    assert "only gets in touch when he needs something" in dominik.notes
    asks = (
        Interaction.select()
        .join(InteractionContact)
        .where(
            InteractionContact.contact == dominik.id,
            Interaction.direction == "they_asked",
            Interaction.occurred_at >= NOW - timedelta(days=365),
        )
    )
    assert asks.count() >= max(4, ONLY_ASKS_MIN)
    assert {i.initiator for i in asks} == {"them"}
    assert strength_for(dominik.id, NOW, UTC).tie in ("weak", "good")  # asks build nothing


def test_a_few_close_people_gave_without_being_asked(demo: str) -> None:
    people = list(Contact.select())
    money = balances([c.id for c in people], NOW, UTC)
    unprompted = {
        c.full_name: c.circle for c in people if unprompted_text(_first_name(c), money[c.id])
    }
    assert sum(1 for circle in unprompted.values() if circle in (1, 2)) >= 2
    assert len(unprompted) <= 6  # the network effect is rare, not the rule
    assert {"Tomás Oliveira", "Sofía Ramírez"} <= set(unprompted)


def test_the_stories_hold_on_any_day(tmp_path: Path, today: date, now: datetime) -> None:
    """The same three stories for a demo written today (the machine's zone), seed 3."""
    path = tmp_path / "demo.sqlite"
    write_demo(path, seed=3, today=today)
    open_database(path)
    try:
        people = list(Contact.select())
        ids = [c.id for c in people]
        ties, money = strengths(ids, now), balances(ids, now)
        strong = [c for c in people if c.circle in (1, 2) and ties[c.id].tie == "strong"]
        assert len(strong) >= 10
        assert 12 <= newcomer_count() <= 20
        askers = [c.full_name for c in people if only_asks_text(_first_name(c), money[c.id])]
        assert askers == ["Dominik Albrecht"]
        unprompted = [c for c in people if unprompted_text(_first_name(c), money[c.id])]
        assert sum(1 for c in unprompted if c.circle in (1, 2)) >= 2
    finally:
        close_database()


def test_a_few_people_are_going_cold_and_most_are_not(demo: str) -> None:
    cold = going_cold(NOW, UTC)
    with_cadence = Contact.select().where(Contact.circle.in_([1, 2, 3, 4])).count()
    assert 5 <= len(cold) <= with_cadence // 4
    assert {c.circle for c in cold} >= {1, 3, 4}
    assert all(c.status.ratio and c.status.ratio > 1 for c in cold)


def test_birthdays_in_the_next_two_weeks(demo: str) -> None:
    soon = upcoming_birthdays(TODAY)
    assert 2 <= len(soon) <= 4
    assert all(TODAY < b.day <= TODAY + timedelta(days=14) for b in soon)


@pytest.mark.parametrize("today", [date(2028, 2, 20), date(2026, 12, 24)])
def test_birthdays_around_leap_days_and_new_year(tmp_path: Path, today: date) -> None:
    path = tmp_path / "demo.sqlite"
    _write(path, seed=3, today=today)
    open_database(path)
    try:
        assert 2 <= len(upcoming_birthdays(today)) <= 4
        for contact in Contact.select(Contact.id):
            assert validate(load_draft(contact.id), contact_id=contact.id) == {}
    finally:
        close_database()


def test_follow_ups_overdue_today_and_ahead(demo: str) -> None:
    assert 2 <= len(overdue(NOW, tz=UTC)) <= 4
    today = due_today(NOW, tz=UTC)
    assert 2 <= len(today) <= 3
    assert any(item.due_time is not None and item.remind_at for item in today)
    ahead = follow_ups_between(
        TODAY + timedelta(days=1), TODAY + timedelta(days=14), tz=UTC, statuses=("open",)
    )
    assert sum(len(day.items) for day in ahead.values()) >= 5
    later = [i for i in open_follow_ups(tz=UTC) if i.due_date > TODAY + timedelta(days=60)]
    assert len(later) >= 10
    items = open_follow_ups(tz=UTC)
    assert {i.quadrant for i in items} == {"do", "plan", "quick", "later"}
    assert sum(1 for i in items if i.due_time is not None and i.remind_at) >= 2
    repeating = [i for i in items if i.rrule]
    assert len(repeating) == 1
    assert repeating[0].rrule.startswith("FREQ=MONTHLY;INTERVAL=3")
    assert repeating[0].repeat_text.startswith("every 3 months")
    assert any(i.contact_id is None for i in items)


def test_done_follow_ups_are_in_the_past(demo: str) -> None:
    done = list(FollowUp.select().where(FollowUp.status == "done"))
    assert len(done) >= 40
    assert all(f.completed_at is not None and f.completed_at < NOW for f in done)
    assert sum(1 for f in done if f.interaction_id is not None) >= 10


def test_goals_have_people_interactions_and_next_steps(demo: str) -> None:
    goals = list(Goal.select())
    assert Counter(g.status for g in goals)["achieved"] == 1
    titles = {g.title for g in goals}
    assert {"Hire a senior product designer", "Raise a seed round"} <= titles
    for goal in goals:
        assert GoalContact.select().where(GoalContact.goal == goal.id).count() >= 2
        assert Interaction.select().where(Interaction.goal == goal.id).count() >= 3
        if goal.status == "active":
            assert open_follow_ups(goal_id=goal.id, tz=UTC)
            assert goal.target_date > TODAY


def test_relationships_cover_colleagues_friends_family_and_introductions(demo: str) -> None:
    rows = list(Relationship.select())
    assert all(r.a_id < r.b_id for r in rows)
    kinds = Counter(r.kind for r in rows)
    assert {"colleague", "friend", "family", "introduced", "knows"} <= set(kinds)
    acme = [c.id for c in Contact.select().where(Contact.company == "Acme Analytics")]
    colleagues = Relationship.select().where(
        Relationship.a.in_(acme), Relationship.b.in_(acme), Relationship.kind == "colleague"
    )
    assert colleagues.count() == len(acme) * (len(acme) - 1) // 2


def test_refuses_a_file_that_exists_and_leaves_it_alone(tmp_path: Path) -> None:
    path = tmp_path / "kith.sqlite"
    path.write_bytes(b"my precious data")
    with pytest.raises(DemoError, match="already exists") as caught:
        _write(path)
    assert str(path) in str(caught.value)
    assert path.read_bytes() == b"my precious data"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kith.sqlite"]


def test_refuses_a_folder(tmp_path: Path) -> None:
    with pytest.raises(DemoError, match="already exists"):
        _write(tmp_path)


def test_says_why_it_cannot_create_the_file(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(DemoError, match="cannot create"):
        _write(blocker / "demo.sqlite")
    assert blocker.read_text() == "not a folder"
