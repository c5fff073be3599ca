"""Bulk changes to many contacts: one transaction each, exactly undoable, search kept in step."""

from __future__ import annotations

from datetime import datetime

import pytest

from kith.core.bulk import (
    add_tag,
    delete_many,
    redo_tagging,
    restore_many,
    restore_values,
    set_archived,
    set_cadence,
    set_circle,
    undo_tagging,
)
from kith.core.contacts import ContactDraft, load_draft, save_contact
from kith.core.directory import contact_ids
from kith.core.errors import ValidationError
from kith.core.interactions import InteractionDraft, log_interaction
from kith.store.changes import changes
from kith.store.models import Interaction, InteractionContact, Tag


def people(n: int, **values: object) -> list[int]:
    return [save_contact(ContactDraft(full_name=f"Person {i:03d}", **values)) for i in range(n)]  # type: ignore[arg-type]


def test_set_circle_on_many_and_undo_restores_each_old_value(db: object) -> None:
    inner = save_contact(ContactDraft(full_name="Ana", circle=1))
    loose = save_contact(ContactDraft(full_name="Ben"))
    many = people(1200, circle=4)  # more than one chunk of ids
    announced: list[frozenset[str]] = []
    unsubscribe = changes.subscribe(announced.append)
    try:
        change = set_circle([inner, loose, *many], 3)
    finally:
        unsubscribe()
    assert announced == [frozenset({"contact"})]  # one transaction
    assert change.count == 1202
    assert {load_draft(i).circle for i in (inner, loose, many[0], many[-1])} == {3}
    restore_values(change)
    assert load_draft(inner).circle == 1
    assert load_draft(loose).circle is None
    assert load_draft(many[700]).circle == 4


def test_cadence_and_archive(db: object) -> None:
    ids = people(3)
    cadence = set_cadence(ids[:2], 21)
    assert [load_draft(i).cadence_days for i in ids] == [21, 21, None]
    archive = set_archived(ids[1:])
    assert contact_ids() == [ids[0]]  # archived people leave the list
    restore_values(archive)
    assert contact_ids() == ids
    restore_values(cadence)
    assert [load_draft(i).cadence_days for i in ids] == [None, None, None]


def test_bad_values_are_refused_before_writing(db: object) -> None:
    ids = people(2)
    with pytest.raises(ValidationError):
        set_circle(ids, 9)
    with pytest.raises(ValidationError):
        set_cadence(ids, 0)
    with pytest.raises(ValidationError):
        add_tag(ids, "  ")
    assert load_draft(ids[0]).circle is None


def test_tagging_many_is_searchable_and_undo_removes_only_what_it_added(db: object) -> None:
    already = save_contact(ContactDraft(full_name="Cleo Tagged", tags=["Investor"]))
    others = people(3)
    tagging = add_tag([already, *others], "investor")
    assert tagging.tag == "Investor"  # the existing spelling wins
    assert tagging.added_to == others and not tagging.created
    assert set(contact_ids("investor")) == {already, *others}  # the search index knows
    undo_tagging(tagging)
    assert contact_ids("investor") == [already]
    assert load_draft(already).tags == ["Investor"]


def test_a_new_tag_is_removed_again_by_undo_and_redo_brings_it_back(db: object) -> None:
    ids = people(2)
    tagging = add_tag(ids, "conference 2026")
    assert tagging.created
    undo_tagging(tagging)
    assert not Tag.select().where(Tag.name == "conference 2026").exists()
    assert contact_ids("conference") == []
    again = redo_tagging(tagging)
    assert again.added_to == ids
    assert set(contact_ids("conference")) == set(ids)


def test_delete_many_beyond_one_chunk_and_restore_everything(
    db: object, monkeypatch: pytest.MonkeyPatch, now: datetime
) -> None:
    monkeypatch.setattr("kith.core.bulk.DELETE_CHUNK", 2)
    ids = people(5)
    keeper = save_contact(ContactDraft(full_name="Zoe Keeps", introduced_by_id=ids[4]))
    shared = log_interaction(
        InteractionDraft(occurred_at=now, kind="meal", contact_ids=[ids[0], ids[3]])
    )
    with_keeper = log_interaction(
        InteractionDraft(occurred_at=now, kind="call", contact_ids=[ids[1], keeper])
    )
    deleted = delete_many(ids)
    assert deleted.count == 5 and len(deleted.parts) == 3
    assert contact_ids() == [keeper]
    assert not Interaction.select().where(Interaction.id == shared).exists()
    assert Interaction.select().where(Interaction.id == with_keeper).exists()
    assert load_draft(keeper).introduced_by_id is None

    restored = restore_many(deleted)
    assert sorted(restored) == ids
    assert len(contact_ids()) == 6
    assert load_draft(keeper).introduced_by_id == ids[4]
    people_of_meal = {
        link.contact_id
        for link in InteractionContact.select().where(InteractionContact.interaction == shared)
    }
    assert people_of_meal == {ids[0], ids[3]}
