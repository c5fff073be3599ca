"""Who knows whom: recording relationships, and what an introduction records."""

from __future__ import annotations

from datetime import date

import pytest

from kith.core.errors import ValidationError
from kith.core.interactions import InteractionDraft, record_interaction, undo_log
from kith.core.relationships import (
    connections_of,
    relationship_between,
    remove_relationship,
    restore_relationship,
    set_relationship,
)
from kith.store.models import Contact
from tests.core.rules_fixtures import NOW, TODAY, log, person


def test_a_relationship_is_stored_once_whichever_way_it_is_given(db: object) -> None:
    ana, ben = person("Ana Silva"), person("Ben Ito", company="Acme")
    before = set_relationship(ben, ana, "colleague", "Both at Acme", date(2020, 1, 1))
    assert before.kind is None
    assert relationship_between(ana, ben).kind == "colleague"
    [seen_from_ana] = connections_of(ana)
    assert (seen_from_ana.full_name, seen_from_ana.company, seen_from_ana.kind_label) == (
        "Ben Ito",
        "Acme",
        "Colleague",
    )
    assert connections_of(ben)[0].full_name == "Ana Silva"
    changed = set_relationship(ana, ben, "friend")
    assert changed.kind == "colleague"
    restore_relationship(changed)
    assert relationship_between(ana, ben).note == "Both at Acme"


def test_remove_and_undo(db: object) -> None:
    ana, ben = person("Ana Silva"), person("Ben Ito")
    set_relationship(ana, ben, "family")
    before = remove_relationship(ana, ben)
    assert connections_of(ana) == []
    restore_relationship(before)
    assert relationship_between(ana, ben).kind == "family"


def test_nobody_is_related_to_themselves_and_kinds_are_known(db: object) -> None:
    ana = person("Ana Silva")
    ben = person("Ben Ito")
    with pytest.raises(ValidationError) as problem:
        set_relationship(ana, ana)
    assert "other" in problem.value.errors
    with pytest.raises(ValidationError) as problem:
        set_relationship(ana, ben, "enemy")
    assert "kind" in problem.value.errors


def test_an_intro_you_gave_records_that_they_know_each_other(db: object) -> None:
    ana, ben = person("Ana Silva"), person("Ben Ito")
    log([ana, ben], TODAY, "intro", "gave", summary="Introduced Ana to Ben")
    state = relationship_between(ana, ben)
    assert (state.kind, state.note, state.since) == ("introduced", "You introduced them", TODAY)
    # You made it: nobody else is credited.
    assert Contact.get_by_id(ben).introduced_by_id is None


def test_an_intro_someone_made_credits_the_introducer(db: object) -> None:
    carl, dana = person("Carl Berg"), person("Dana Wu")
    log([carl, dana], TODAY, "intro", "asked", summary="Carl introduced me to Dana")
    assert relationship_between(carl, dana).kind == "knows"
    assert Contact.get_by_id(dana).introduced_by_id == carl


def test_an_intro_keeps_an_existing_relationship_and_existing_credit(db: object) -> None:
    ana, ben, carl = person("Ana Silva"), person("Ben Ito"), person("Carl Berg")
    set_relationship(ana, ben, "colleague")
    Contact.update(introduced_by=ana).where(Contact.id == carl).execute()
    log([ben, ana, carl], TODAY, "intro", "neutral")
    assert relationship_between(ana, ben).kind == "colleague"
    assert relationship_between(ben, carl).kind == "knows"  # Ben made this intro
    assert relationship_between(ana, carl).kind == "introduced"
    assert Contact.get_by_id(carl).introduced_by_id == ana
    assert Contact.get_by_id(ana).introduced_by_id == ben


def test_undoing_an_intro_takes_back_what_it_recorded(db: object) -> None:
    carl, dana = person("Carl Berg"), person("Dana Wu")
    draft = InteractionDraft(
        occurred_at=NOW, kind="intro", contact_ids=[carl, dana], direction="asked"
    )
    logged = record_interaction(draft, now=NOW)
    undo_log(logged)
    assert relationship_between(carl, dana).kind is None
    assert Contact.get_by_id(dana).introduced_by_id is None


def test_other_kinds_and_single_person_intros_record_nothing(db: object) -> None:
    ana, ben = person("Ana Silva"), person("Ben Ito")
    log([ana, ben], TODAY, "meeting")
    log(ana, TODAY, "intro", "gave")
    assert connections_of(ana) == []
