"""Each person's stored last contact (``contact.last_contact_at``, v14) stays exact through
every write that can change it: logging, editing (date, people) and deleting interactions and
their undo, deleting and restoring people, merging, importing, a JSON restore, capture (and a
source turned off or forgotten, an address blocked), and the migration that fills it (every
test ends by checking everyone's against the tables)."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from kith.core.contacts import ContactDraft, delete_contacts, restore_contacts, save_contact
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
from kith.store import derived, last_contact
from kith.store.database import close_database, open_database
from kith.store.models import database_proxy
from kith.store.schema import SCHEMA_VERSION
from tests import kept_values
from tests.core.sync.conftest import memory_keyring  # noqa: F401

NOW = datetime(2026, 11, 23, 12, 0)
FIXTURES = Path(__file__).parent.parent / "fixtures"


def stamp(when: datetime) -> str:
    return str(when)


def last(contact_id: int) -> str | None:
    row = database_proxy.execute_sql(
        "SELECT last_contact_at FROM contact WHERE id = ?", (contact_id,)
    ).fetchone()
    return row[0]


def person(name: str) -> int:
    return save_contact(ContactDraft(full_name=name))


def log(people: list[int], days_ago: int, hours: int = 0) -> int:
    draft = InteractionDraft(
        occurred_at=NOW - timedelta(days=days_ago, hours=hours), kind="call", contact_ids=people
    )
    return record_interaction(draft, now=NOW).interaction_id


def ago(days: int, hours: int = 0) -> str:
    return stamp(NOW - timedelta(days=days, hours=hours))


@pytest.fixture
def exact(db: object) -> Iterator[None]:
    """Whatever the test wrote, the stored values agree with the tables at its end."""
    yield
    kept_values.assert_exact()


def test_a_new_database_has_the_column_its_index_and_triggers(exact: None) -> None:
    names = {
        name
        for (name,) in database_proxy.execute_sql(
            "SELECT name FROM sqlite_master WHERE type IN ('index', 'trigger')"
        ).fetchall()
    }
    assert last_contact.INDEX in names
    assert {name for name, _table, _sql in derived.triggers()} <= names
    assert last(person("Ana")) is None


def test_the_index_holds_the_circles_cadences() -> None:
    from kith.core.rules.constants import CIRCLE_CADENCE_DAYS

    assert last_contact.CIRCLE_DAYS == CIRCLE_CADENCE_DAYS


def test_logging_raises_it_and_an_older_one_leaves_it(exact: None) -> None:
    ana, ben = person("Ana"), person("Ben")
    log([ana], 10)
    assert last(ana) == ago(10)
    log([ana, ben], 20)  # older: Ana's stays, Ben's is this one
    assert (last(ana), last(ben)) == (ago(10), ago(20))
    log([ana], 2, hours=3)
    assert last(ana) == ago(2, 3)


def test_editing_the_date_or_the_people(exact: None) -> None:
    ana, ben, cy = person("Ana"), person("Ben"), person("Cy")
    log([ana], 30)
    latest = log([ana, ben], 5)
    draft = load_interaction_draft(latest)
    draft.occurred_at = NOW - timedelta(days=40)  # moved back, behind Ana's other one
    update_interaction(latest, draft, now=NOW)
    assert (last(ana), last(ben)) == (ago(30), ago(40))
    draft.occurred_at = NOW - timedelta(days=1)
    draft.contact_ids = [ana, cy]  # Ben leaves it, Cy joins
    update_interaction(latest, draft, now=NOW)
    assert (last(ana), last(ben), last(cy)) == (ago(1), None, ago(1))
    draft.summary = "Same day, other words"
    update_interaction(latest, draft, now=NOW)
    assert last(ana) == ago(1)


def test_deleting_and_its_undo(exact: None) -> None:
    ana, ben = person("Ana"), person("Ben")
    log([ana], 30)
    latest = log([ana, ben], 3)
    snapshot = delete_interaction(latest)
    assert (last(ana), last(ben)) == (ago(30), None)
    restore_interaction(snapshot)
    assert (last(ana), last(ben)) == (ago(3), ago(3))


def test_undoing_a_log(exact: None) -> None:
    ana = person("Ana")
    log([ana], 30)
    draft = InteractionDraft(occurred_at=NOW - timedelta(days=1), contact_ids=[ana])
    logged = record_interaction(draft, now=NOW)
    assert last(ana) == ago(1)
    undo_log(logged)
    assert last(ana) == ago(30)


def test_deleting_people_and_putting_them_back(exact: None) -> None:
    ana, ben = person("Ana"), person("Ben")
    log([ana, ben], 9)
    log([ana], 4)
    snapshot = delete_contacts([ana])
    assert last(ben) == ago(9)  # the shared one stays, without Ana
    restored = restore_contacts(snapshot)
    assert [last(i) for i in restored] == [ago(4)]


def test_merging_keeps_the_later_of_the_two(exact: None) -> None:
    keep, other, third = person("Ana Lima"), person("Ana L."), person("Ben")
    log([keep], 20)
    log([other, third], 6)
    log([keep, other], 12)  # shared: one link goes, the other moves
    merge_contacts(keep, other)
    assert last(keep) == ago(6)
    assert last(third) == ago(6)


def test_an_import_merging_into_people_leaves_their_last_contact(
    exact: None, tmp_path: Path
) -> None:
    from kith.core.contacts import ChannelDraft
    from kith.core.importing.apply import apply_import, default_decisions
    from kith.core.importing.review import review_file

    ana = save_contact(
        ContactDraft(full_name="Ana Lima", channels=[ChannelDraft("email", "ana@example.com")])
    )
    log([ana], 8)
    card = tmp_path / "people.vcf"
    card.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana Lima\r\nEMAIL:ana@example.com\r\nTITLE:CTO\r\n"
        "END:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bo Chen\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    result = apply_import(default_decisions(review_file(card)))
    assert result.merged == [ana] and len(result.added) == 1
    assert last(ana) == ago(8)
    assert last(result.added[0]) is None


def test_a_json_restore_gives_everyone_the_same_last_contact(tmp_path: Path) -> None:
    from kith.core.export import export_json_backup, restore_json_backup

    open_database(tmp_path / "a.sqlite")
    try:
        ana, ben, cy = person("Ana"), person("Ben"), person("Cy")
        log([ana, ben], 9)
        log([ana], 2)
        before = kept_values.stored()
        assert before[ana] == ago(2) and before[cy] is None
        export_json_backup(tmp_path / "backup.json")
    finally:
        close_database()
    open_database(tmp_path / "b.sqlite")
    try:
        restore_json_backup(tmp_path / "backup.json")
        assert kept_values.stored() == before
        # The triggers are back after the load: a new log raises it as before.
        log([cy], 1)
        assert last(cy) == ago(1)
        kept_values.assert_exact()
        triggers = database_proxy.execute_sql(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger'"
        ).fetchone()[0]
        assert triggers == len(derived.triggers())
    finally:
        close_database()


def test_captured_mail_counts_while_its_source_is_on(
    exact: None,
    tmp_path: Path,
    memory_keyring: object,  # noqa: F811
) -> None:
    from kith.core.capture.files import capture_file
    from kith.core.capture.sources import forget_source, list_sources, set_enabled
    from kith.core.capture.suggestions import never_for_address
    from kith.core.local_time import today
    from tests.capture_mail import ME, add_people, inbox, sent, write_mbox

    now = NOW
    day = today(now)
    people = add_people()
    log([people.ana], 30)
    log([people.bob], 1)
    mbox = write_mbox(tmp_path / "all.mbox", inbox(day) + sent(day))
    capture_file(mbox, my_addresses=[ME], now=now)
    stored = kept_values.stored()
    assert stored[people.ana] > ago(30)  # mail a few days ago
    assert stored[people.bob] == ago(1)  # the logged call is later than his mail
    source = list_sources()[0].id
    set_enabled(source, False)
    assert (last(people.ana), last(people.bob)) == (ago(30), ago(1))
    set_enabled(source, True)
    assert last(people.ana) == stored[people.ana]
    never_for_address("ana.lima@example.com")
    never_for_address("ana@work.example")
    assert last(people.ana) == ago(30)
    kept_values.assert_exact()
    forget_source(source)  # Bob's mail goes with it; his logged call stays the latest
    assert last(people.bob) == ago(1)


def test_captured_mail_moves_with_a_merge(
    exact: None,
    tmp_path: Path,
    memory_keyring: object,  # noqa: F811
) -> None:
    from kith.core.capture.files import capture_file
    from kith.core.local_time import today
    from tests.capture_mail import ME, add_people, inbox, sent, write_mbox

    day = today(NOW)
    people = add_people()
    keep = person("Ana (work)")
    log([keep], 40)
    mbox = write_mbox(tmp_path / "all.mbox", inbox(day) + sent(day))
    capture_file(mbox, my_addresses=[ME], now=NOW)
    mailed = last(people.ana)
    assert mailed is not None and mailed > ago(40)
    merge_contacts(keep, people.ana)  # her mail is now the kept one's
    assert last(keep) == mailed


def _interaction(interaction_id: int, days_ago: int) -> None:
    database_proxy.execute_sql(
        "INSERT INTO interaction (id, uid, created_at, updated_at, occurred_at, kind, summary, "
        "notes, direction) VALUES (?, ?, ?, ?, ?, 'call', '', '', 'neutral')",
        (interaction_id, f"u{interaction_id}", stamp(NOW), stamp(NOW), ago(days_ago)),
    )


def test_a_link_inserted_before_its_interaction(exact: None) -> None:
    ana = person("Ana")
    with database_proxy.atomic():
        database_proxy.execute_sql("PRAGMA defer_foreign_keys = ON")
        database_proxy.execute_sql(
            "INSERT INTO interaction_contact (interaction_id, contact_id) VALUES (400, ?)", (ana,)
        )
        assert last(ana) is None
        _interaction(400, 6)
    assert last(ana) == ago(6)


def _make_v13(path: Path) -> None:
    """The file as schema 13 had it: no column, indexes or triggers (the data kept)."""
    with sqlite3.connect(path) as conn:
        for name, _table, _sql in derived.triggers():
            conn.execute(f'DROP TRIGGER "{name}"')
        conn.execute(f'DROP INDEX "{last_contact.INDEX}"')
        conn.execute('DROP INDEX "follow_up_status_urgent_important_due_at"')
        conn.execute(f'ALTER TABLE contact DROP COLUMN "{last_contact.COLUMN}"')
        conn.execute("PRAGMA user_version = 13")


def test_the_migration_fills_it_from_the_interactions_there_are(tmp_path: Path) -> None:
    path = tmp_path / "kith.sqlite"
    open_database(path)
    try:
        ana, ben, cy = person("Ana"), person("Ben"), person("Cy")
        log([ana, ben], 9)
        log([ana], 2)
        before = kept_values.stored()
    finally:
        close_database()
    _make_v13(path)
    open_database(path)
    try:
        assert database_proxy.execute_sql("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert kept_values.stored() == before
        assert (before[ana], before[ben], before[cy]) == (ago(2), ago(9), None)
        kept_values.assert_exact()
    finally:
        close_database()


def test_an_old_file_with_interactions_is_filled_when_upgraded(tmp_path: Path) -> None:
    old = tmp_path / "old.sqlite"
    shutil.copy(FIXTURES / "kith-v1.sqlite", old)
    open_database(old)
    try:
        kept_values.assert_exact()
    finally:
        close_database()
