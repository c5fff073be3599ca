"""Exports: vCard 4.0, iCalendar, CSV, and a JSON backup that restores exactly."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest

from kith.core.contacts import ChannelDraft, ContactDraft, load_draft, save_contact
from kith.core.directory import contact_ids
from kith.core.export import (
    RestoreError,
    export_contacts_csv,
    export_icalendar,
    export_json_backup,
    export_vcards,
    restore_json_backup,
)
from kith.core.importing.csv_file import parse_csv
from kith.core.importing.file import ParsedContact
from kith.core.importing.review import Status, review_file
from kith.core.importing.vcard import parse_vcards
from kith.store.changes import writing
from kith.store.database import close_database, open_database
from kith.store.models import (
    ALL_MODELS,
    Contact,
    ContactIndex,
    FollowUp,
    Goal,
    GoalContact,
    Interaction,
    InteractionContact,
    Relationship,
    Tag,
)

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


def build_network() -> dict[str, int]:
    sam = save_contact(
        ContactDraft(
            full_name="Sam Connector",
            company="Acme",
            circle=1,
            photo=PNG,
            birthday_month=2,
            birthday_day=29,
            tags=["family"],
            channels=[ChannelDraft("email", "sam@acme.example", "work")],
        )
    )
    ann = save_contact(
        ContactDraft(
            full_name="Ann Lee",
            given_name="Ann",
            family_name="Lee",
            company="Initech",
            title="CTO",
            how_met="Conference, 2019",
            met_on=date(2019, 6, 1),
            introduced_by_id=sam,
            birthday_month=5,
            birthday_day=4,
            birthday_year=1980,
            cadence_days=21,
            notes="Likes sailing; two kids.\nSecond line.",
            tags=["board", "family"],
            channels=[
                ChannelDraft("email", "ann@initech.example", "work"),
                ChannelDraft("phone", "+1 415 555 0133", "mobile"),
                ChannelDraft("url", "ann.example", "Blog"),
            ],
        )
    )
    old = save_contact(
        ContactDraft(full_name="Old Friend", archived=True, birthday_month=1, birthday_day=2)
    )
    with writing(
        "tag",
        "goal",
        "goal_contact",
        "interaction",
        "interaction_contact",
        "follow_up",
        "relationship",
    ):
        Tag.update(cadence_days=7).where(Tag.name == "family").execute()
        goal = Goal.create(title="Raise a seed round", why="Runway", target_date=date(2027, 3, 1))
        GoalContact.create(goal=goal, contact=ann)
        meal = Interaction.create(
            occurred_at=datetime(2026, 11, 20, 19, 30),
            kind="meal",
            summary="Dinner",
            notes="Talked about the round",
            direction="asked",
            goal=goal,
        )
        InteractionContact.create(interaction=meal, contact=ann)
        InteractionContact.create(interaction=meal, contact=sam)
        FollowUp.create(
            contact=ann,
            title="Send the deck",
            notes="v3",
            due_at=datetime(2026, 11, 25, 9, 0),
            due_has_time=True,
            remind_at=datetime(2026, 11, 25, 8, 30),
            urgent=True,
            important=True,
            goal=goal,
            interaction=meal,
        )
        FollowUp.create(
            contact=sam, title="Call Sam", due_at=datetime(2026, 12, 1), rrule="FREQ=MONTHLY"
        )
        FollowUp.create(
            contact=sam, title="Done already", due_at=datetime(2026, 1, 1), status="done"
        )
        Relationship.create(
            a=min(sam, ann), b=max(sam, ann), kind="introduced", note="2019", since=date(2019, 6, 1)
        )
    return {"sam": sam, "ann": ann, "old": old}


def dump() -> dict[str, list[dict[str, object]]]:
    tables = {}
    for model in ALL_MODELS:
        if model is ContactIndex:
            continue
        tables[model._meta.table_name] = list(
            model.select().order_by(model._meta.primary_key).dicts()
        )
    return tables


def test_vcard_export_round_trips_through_kiths_import(db: object, tmp_path: Path) -> None:
    ids = build_network()
    out = tmp_path / "all.vcf"
    assert export_vcards(out) == 3
    parsed = [
        e for e in parse_vcards(out.read_text(encoding="utf-8")) if isinstance(e, ParsedContact)
    ]
    by_name = {p.draft.full_name: p for p in parsed}
    ann = by_name["Ann Lee"]
    expected = load_draft(ids["ann"])
    expected.introduced_by_id = None  # travels as the introducer's uid instead
    assert ann.draft == expected
    assert ann.introduced_by_uid == Contact.get_by_id(ids["sam"]).uid
    assert by_name["Sam Connector"].draft.photo == PNG
    # Importing the export again finds everyone and offers nothing.
    again = review_file(out)
    assert [c.status for c in again] == [Status.DUPLICATE] * 3
    assert all(c.reason == "same UID" and c.changes == [] for c in again)


def test_vcard_export_of_selected_contacts(db: object, tmp_path: Path) -> None:
    ids = build_network()
    out = tmp_path / "one.vcf"
    assert export_vcards(out, [ids["ann"]]) == 1
    assert out.read_text(encoding="utf-8").count("BEGIN:VCARD") == 1


def test_icalendar_has_open_follow_ups_and_yearly_birthdays(db: object, tmp_path: Path) -> None:
    from icalendar import Calendar

    build_network()
    out = tmp_path / "kith.ics"
    assert export_icalendar(out) == (2, 2, 0)  # the archived friend's birthday is left out
    cal = Calendar.from_ical(out.read_bytes())
    todos = {t["summary"]: t for t in cal.walk("VTODO")}
    assert set(todos) == {"Send the deck — Ann Lee", "Call Sam — Sam Connector"}
    deck = todos["Send the deck — Ann Lee"]
    assert deck.decoded("due") == datetime(2026, 11, 25, 9, 0, tzinfo=deck.decoded("due").tzinfo)
    assert deck.decoded("due").utcoffset().total_seconds() == 0
    assert int(deck["priority"]) == 1
    assert deck.walk("VALARM")
    call = todos["Call Sam — Sam Connector"]
    assert call.decoded("due") == date(2026, 12, 1)
    assert call["rrule"]["FREQ"] == ["MONTHLY"]
    events = {e["summary"]: e for e in cal.walk("VEVENT")}
    assert set(events) == {"Ann Lee’s birthday", "Sam Connector’s birthday"}
    ann = events["Ann Lee’s birthday"]
    assert ann.decoded("dtstart") == date(1980, 5, 4)
    assert ann["rrule"]["FREQ"] == ["YEARLY"]
    leap = events["Sam Connector’s birthday"]
    assert leap.decoded("dtstart") == date(1972, 2, 29)
    assert leap["rrule"]["BYMONTHDAY"] == [-1] and leap["rrule"]["BYMONTH"] == [2]


def test_csv_export_reads_back(db: object, tmp_path: Path) -> None:
    build_network()
    out = tmp_path / "contacts.csv"
    assert export_contacts_csv(out) == 3
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # a BOM, so spreadsheets read accents
    rows = {
        e.draft.full_name: e
        for e in parse_csv(raw.decode("utf-8-sig"))
        if isinstance(e, ParsedContact)
    }
    ann = rows["Ann Lee"].draft
    assert [(c.kind, c.value) for c in ann.channels] == [
        ("email", "ann@initech.example"),
        ("phone", "+1 415 555 0133"),
        ("url", "https://ann.example"),
    ]
    assert ann.tags == ["board", "family"]
    assert (ann.birthday_year, ann.birthday_month, ann.birthday_day) == (1980, 5, 4)
    assert (ann.cadence_days, ann.met_on, ann.notes) == (
        21,
        date(2019, 6, 1),
        "Likes sailing; two kids.\nSecond line.",
    )


def test_json_backup_restores_into_an_empty_database_exactly(db: object, tmp_path: Path) -> None:
    build_network()
    before = dump()
    backup = tmp_path / "backup.json"
    summary = export_json_backup(backup)
    assert str(summary) == "3 contacts, 1 interactions, 3 follow-ups, 1 goals, 1 relationships"
    document = json.loads(backup.read_text(encoding="utf-8"))
    assert document["format"] == "kith-backup" and document["contacts"][0]["photo"]
    close_database()
    open_database(tmp_path / "restored.sqlite")
    restore_json_backup(backup)
    assert dump() == before
    assert contact_ids("sailing") == [
        c["id"] for c in before["contact"] if c["full_name"] == "Ann Lee"
    ]


def test_a_restored_database_is_searched_as_the_original_was(db: object, tmp_path: Path) -> None:
    from kith.store.models import database_proxy

    build_network()
    save_contact(
        ContactDraft(
            full_name="Bo",
            nickname="Bobo",
            family_name="Park",
            location="Leeds",
            how_met="The climbing wall",
            tags=["climbing", "alumni", "neighbour"],
            channels=[
                ChannelDraft("phone", "+44 20 7946 0958"),
                ChannelDraft("email", "bo@park.example"),
                ChannelDraft("url", "bo.example"),
            ],
        )
    )
    save_contact(ContactDraft(given_name="Cy", notes="Only notes"))

    def index() -> list[tuple[object, ...]]:
        return [
            tuple(row)
            for row in database_proxy.execute_sql(
                "SELECT rowid, name, company, title, location, tags, channels, notes "
                "FROM contact_index ORDER BY rowid"
            )
        ]

    before = index()
    backup = tmp_path / "backup.json"
    export_json_backup(backup)
    close_database()
    open_database(tmp_path / "restored.sqlite")
    restore_json_backup(backup)
    assert index() == before
    for words in ("Bobo", "wall", "alumni", "Leeds", "Only notes", "Cy"):
        assert len(contact_ids(words)) == 1, words


def test_a_backup_restores_however_it_is_laid_out_and_chunked(
    db: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Restore reads the file as a stream: a pretty-printed backup whose lists come in
    another order (children first), read a few characters at a time, restores exactly."""
    from kith.core import export

    build_network()
    before = dump()
    backup = tmp_path / "backup.json"
    export_json_backup(backup)
    lines = backup.read_text(encoding="utf-8").splitlines()
    assert len(lines) > 10  # one record per line: written as it is read
    document = json.loads("\n".join(lines))
    reordered = dict(reversed(list(document.items())))
    pretty = tmp_path / "pretty.json"
    pretty.write_text(json.dumps(reordered, indent=1, ensure_ascii=False), encoding="utf-8")
    close_database()
    monkeypatch.setattr(export._JsonStream, "CHUNK", 7)
    open_database(tmp_path / "restored.sqlite")
    restore_json_backup(pretty)
    assert dump() == before


def test_a_backup_damaged_at_its_end_restores_nothing(db: object, tmp_path: Path) -> None:
    build_network()
    backup = tmp_path / "backup.json"
    export_json_backup(backup)
    text = backup.read_text(encoding="utf-8")
    close_database()
    open_database(tmp_path / "restored.sqlite")
    cut = tmp_path / "cut.json"
    cut.write_text(text[: text.rindex('"relationships"') + 30], encoding="utf-8")
    with pytest.raises(RestoreError, match="not valid JSON"):
        restore_json_backup(cut)
    assert Contact.select().count() == 0 and contact_ids("sailing") == []


def test_a_backup_with_two_people_under_one_uid_restores_nothing(
    db: object, tmp_path: Path
) -> None:
    twins = tmp_path / "twins.json"
    twins.write_text(
        json.dumps(
            {
                "format": "kith-backup",
                "version": 1,
                "contacts": [
                    {"id": 1, "uid": "same", "full_name": "Ann"},
                    {"id": 2, "uid": "same", "full_name": "Bob"},
                ],
            }
        )
    )
    with pytest.raises(RestoreError, match="do not fit together"):
        restore_json_backup(twins)
    assert Contact.select().count() == 0
    from kith.store.models import database_proxy

    names = {row[0] for row in database_proxy.execute_sql("SELECT name FROM sqlite_master")}
    assert {"contact_uid", "contact_archived_sort_name_id"} <= names  # still there


def test_restore_refuses_a_database_with_data(db: object, tmp_path: Path) -> None:
    build_network()
    backup = tmp_path / "backup.json"
    export_json_backup(backup)
    with pytest.raises(RestoreError, match="already has data"):
        restore_json_backup(backup)


def test_restore_refuses_other_and_damaged_files_and_writes_nothing(
    db: object, tmp_path: Path
) -> None:
    other = tmp_path / "other.json"
    other.write_text('{"hello": "world"}')
    with pytest.raises(RestoreError, match="not a Kith backup"):
        restore_json_backup(other)
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "kith-backup", "version": 1, "contacts": [')
    with pytest.raises(RestoreError, match="not valid JSON"):
        restore_json_backup(broken)
    damaged = tmp_path / "damaged.json"
    damaged.write_text(
        json.dumps(
            {
                "format": "kith-backup",
                "version": 1,
                "contacts": [{"id": 1, "uid": "a", "full_name": "Ann", "met_on": "yesterday"}],
            }
        )
    )
    with pytest.raises(RestoreError, match="record 1 of “contacts”"):
        restore_json_backup(damaged)
    # A yes/no where a number goes, a number where text goes: refused like a bad date.
    for bad in ({"circle": True}, {"full_name": 5}, {"cadence_days": "21"}):
        wrong = tmp_path / "wrong.json"
        record = {"id": 1, "uid": "a", "full_name": "Ann", **bad}
        wrong.write_text(json.dumps({"format": "kith-backup", "version": 1, "contacts": [record]}))
        with pytest.raises(RestoreError, match="record 1 of “contacts” has a bad value"):
            restore_json_backup(wrong)
    dangling = tmp_path / "dangling.json"
    dangling.write_text(
        json.dumps(
            {
                "format": "kith-backup",
                "version": 1,
                "contacts": [{"id": 1, "uid": "a", "full_name": "Ann"}],
                "contact_methods": [{"id": 1, "contact": 99, "kind": "email", "value": "x@y.z"}],
            }
        )
    )
    with pytest.raises(RestoreError, match="do not fit together"):
        restore_json_backup(dangling)
    assert Contact.select().count() == 0


def test_a_backup_can_be_imported_into_a_database_in_use(db: object, tmp_path: Path) -> None:
    build_network()
    backup = tmp_path / "backup.json"
    export_json_backup(backup)
    candidates = review_file(backup)
    assert [c.status for c in candidates] == [Status.DUPLICATE] * 3
    assert all(c.changes == [] for c in candidates)
