"""What the user does with suggestions: accept (an ordinary interaction, undoable), dismiss
(for good), never for this address, accept all for a person, auto-accept, forget a source."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from kith.core.capture.files import capture_file
from kith.core.capture.sources import (
    SourceDraft,
    file_source,
    forget_source,
    list_sources,
    save_source,
    set_enabled,
)
from kith.core.capture.suggestions import (
    SuggestionError,
    accept_all_for,
    accept_suggestions,
    dismiss_suggestions,
    last_captured,
    list_suggestions,
    never_for_address,
    pending_count,
    suggestion_draft,
    undo_accept,
)
from kith.core.contacts import delete_contacts
from kith.core.timeline import interactions_of
from kith.store.models import CAPTURE_TABLES, database_proxy
from tests.capture_mail import ANA, ME, add_people, inbox, noon, sent, write_mbox


@pytest.fixture
def mbox(tmp_path: Path, today: date) -> Path:
    return write_mbox(tmp_path / "all.mbox", inbox(today) + sent(today))


def test_accepting_logs_an_ordinary_interaction_and_undo_puts_it_back(
    db: object, mbox: Path, now: datetime, today: date
) -> None:
    people = add_people()
    capture_file(mbox, my_addresses=[ME], now=now)
    bob = next(s for s in list_suggestions() if s.people[0].contact_id == people.bob)
    accepted = accept_suggestions([bob.id], now=now)
    logged = interactions_of(people.bob)
    assert [(i.kind, i.occurred_at, i.initiator, i.direction) for i in logged] == [
        ("email", noon(today, 4), "me", "neutral")
    ]
    assert pending_count() == 2
    assert pending_count(up_to=1) == 1  # a page that says "1+" stops counting there
    assert [s.id for s in list_suggestions("accepted")] == [bob.id]
    with pytest.raises(SuggestionError, match="already accepted"):
        accept_suggestions([bob.id], now=now)
    undo_accept(accepted)
    assert interactions_of(people.bob) == []
    assert pending_count() == 3


def test_accepting_with_a_note_and_another_kind(db: object, mbox: Path, now: datetime) -> None:
    people = add_people()
    capture_file(mbox, my_addresses=[ME], now=now)
    bob = next(s for s in list_suggestions() if s.people[0].contact_id == people.bob)
    draft = suggestion_draft(bob)
    draft.kind = "call"
    draft.notes = "Talked about the intro"
    draft.direction = "gave"
    accept_suggestions([bob.id], drafts={bob.id: draft}, now=now)
    [logged] = interactions_of(people.bob)
    assert (logged.kind, logged.notes, logged.direction) == (
        "call",
        "Talked about the intro",
        "gave",
    )


def test_a_dismissed_suggestion_never_comes_back(db: object, mbox: Path, now: datetime) -> None:
    add_people()
    capture_file(mbox, my_addresses=[ME], now=now)
    first = list_suggestions()[0]
    assert dismiss_suggestions([first.id], now=now) == 1
    assert first.id not in {s.id for s in list_suggestions()}
    capture_file(mbox, now=now)
    assert pending_count() == 2
    with pytest.raises(SuggestionError, match="There is no suggestion 999"):
        dismiss_suggestions([999])


def test_never_for_this_address(db: object, mbox: Path, now: datetime, today: date) -> None:
    people = add_people()
    capture_file(mbox, my_addresses=[ME], now=now)
    assert never_for_address(ANA.upper(), now=now) == 2
    assert {s.people[0].contact_id for s in list_suggestions()} == {people.bob}
    assert people.ana not in last_captured([people.ana])  # what came from it is gone
    capture_file(mbox, now=now)  # and reading again brings nothing from it
    assert {s.people[0].contact_id for s in list_suggestions()} == {people.bob}
    with pytest.raises(SuggestionError, match="is not an email address"):
        never_for_address("Ana")


def test_accept_all_for_a_person(db: object, mbox: Path, now: datetime) -> None:
    people = add_people()
    capture_file(mbox, my_addresses=[ME], now=now)
    assert len(accept_all_for(people.ana, now=now)) == 2
    assert len(interactions_of(people.ana)) == 2
    assert pending_count() == 1


def test_auto_accept_logs_mail_without_asking(db: object, mbox: Path, now: datetime) -> None:
    people = add_people()
    source = file_source(mbox, [ME])
    save_source(
        SourceDraft(
            kind="file",
            name=source.name,
            path=source.path,
            my_addresses=list(source.my_addresses),
            auto_accept_mail=True,
        ),
        source.id,
    )
    report = capture_file(mbox, now=now)
    assert report.accepted == 3
    assert pending_count() == 0
    assert len(interactions_of(people.ana)) == 2


def test_forgetting_a_source_deletes_everything_captured_from_it(
    db: object, mbox: Path, now: datetime
) -> None:
    people = add_people()
    capture_file(mbox, my_addresses=[ME], now=now)
    bob = next(s for s in list_suggestions() if s.people[0].contact_id == people.bob)
    accept_suggestions([bob.id], now=now)
    [source] = list_sources()
    forget_source(source.id)
    counts = {
        table: database_proxy.execute_sql(f'SELECT count(*) FROM "{table}"').fetchone()[0]
        for table in CAPTURE_TABLES
    }
    assert counts == dict.fromkeys(CAPTURE_TABLES, 0)
    assert len(interactions_of(people.bob)) == 1  # what was accepted is the user's log now


def test_a_source_turned_off_shows_nothing(db: object, mbox: Path, now: datetime) -> None:
    people = add_people()
    capture_file(mbox, my_addresses=[ME], now=now)
    [source] = list_sources()
    set_enabled(source.id, False)
    assert pending_count() == 0
    assert last_captured([people.ana]) == {}
    set_enabled(source.id, True)
    assert pending_count() == 3


def test_someone_deleted_leaves_their_suggestions(db: object, mbox: Path, now: datetime) -> None:
    people = add_people()
    capture_file(mbox, my_addresses=[ME], now=now)
    delete_contacts([people.ana])
    assert [s.people[0].name for s in list_suggestions()] == ["Bob Stone"]


def test_merging_two_people_keeps_what_was_captured_with_either(
    db: object, mbox: Path, now: datetime, today: date
) -> None:
    from kith.core.contacts import ChannelDraft, ContactDraft, save_contact
    from kith.core.merge import merge_contacts

    people = add_people()
    # Bob's second card, with the address he wrote from.
    robert = int(
        save_contact(
            ContactDraft(full_name="Robert Stone", channels=[ChannelDraft("email", "rs@x.example")])
        )
    )
    capture_file(mbox, my_addresses=[ME], now=now)
    [bob_suggestion] = list_suggestions(contact_id=people.bob)
    merge_contacts(robert, people.bob)
    assert [s.id for s in list_suggestions(contact_id=robert)] == [bob_suggestion.id]
    assert last_captured([robert]) == {robert: noon(today, 4)}
