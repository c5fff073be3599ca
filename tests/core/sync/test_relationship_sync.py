"""Relationships travel with the contacts' vCards (RELATED), on a real Radicale: one added
on one computer reaches the other, and so do a change and a removal."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from kith.core.contacts import ContactDraft, save_contact
from kith.core.relationships import relationship_between, remove_relationship, set_relationship
from kith.store.models import Contact
from tests.core.sync.helpers import two_machines
from tests.dav_server import DavUser


def _ids(*names: str) -> list[int]:
    return [Contact.get(Contact.full_name == name).id for name in names]


def test_a_relationship_added_changed_and_removed_on_one_computer_reaches_the_other(
    tmp_path: Path, dav_user: DavUser
) -> None:
    with two_machines(tmp_path, dav_user) as (a, b):
        with a:
            ana = save_contact(ContactDraft(full_name="Ana Lima"))
            bo = save_contact(ContactDraft(full_name="Bo Jensen"))
            save_contact(ContactDraft(full_name="Cy Park"))
        a.sync()
        b.sync()
        with a:
            set_relationship(ana, bo, "friend", "met climbing", date(2019, 5, 1))
        assert a.sync().sent == 2  # both people's cards say it
        assert b.sync().received == 2
        with b:
            ana_b, bo_b, cy_b = _ids("Ana Lima", "Bo Jensen", "Cy Park")
            state = relationship_between(ana_b, bo_b)
            assert (state.kind, state.note, state.since) == (
                "friend",
                "met climbing",
                date(2019, 5, 1),
            )
            assert "urn:uuid" not in Contact.get_by_id(ana_b).notes
            set_relationship(ana_b, bo_b, "family", "spouse")
            set_relationship(bo_b, cy_b, "colleague")
        b.sync()
        a.sync()
        with a:
            ana, bo, cy = _ids("Ana Lima", "Bo Jensen", "Cy Park")
            state = relationship_between(ana, bo)
            assert (state.kind, state.note) == ("family", "spouse")
            assert relationship_between(bo, cy).kind == "colleague"
            remove_relationship(ana, bo)
        a.sync()
        b.sync()
        with b:
            assert relationship_between(ana_b, bo_b).kind is None
            assert relationship_between(bo_b, cy_b).kind == "colleague"
        # Nothing more moves once both agree.
        assert not a.sync().moved
        assert not b.sync().moved


def test_a_relationship_changed_on_both_computers_keeps_the_newer_and_notes_the_other(
    tmp_path: Path, dav_user: DavUser
) -> None:
    with two_machines(tmp_path, dav_user) as (a, b):
        with a:
            ana = save_contact(ContactDraft(full_name="Ana Lima"))
            bo = save_contact(ContactDraft(full_name="Bo Jensen"))
            cy = save_contact(ContactDraft(full_name="Cy Park"))
            set_relationship(ana, bo, "friend", "met climbing")
            set_relationship(bo, cy, "colleague")
        a.sync()
        b.sync()
        with a:
            set_relationship(ana, bo, "family", "spouse", date(2021, 6, 12))
            remove_relationship(bo, cy)
        a.sync()
        with b:  # changed later, without having seen A's changes
            ana_b, bo_b, cy_b = _ids("Ana Lima", "Bo Jensen", "Cy Park")
            set_relationship(ana_b, bo_b, "colleague", "same lab")
            set_relationship(bo_b, cy_b, "friend", "book club")
        assert b.sync().conflicts == 2  # one per pair, though both people's cards say each
        a.sync()
        for side in (a, b):
            with side:
                ana, bo, cy = _ids("Ana Lima", "Bo Jensen", "Cy Park")
                # The newer edit wins: B's, on both computers.
                state = relationship_between(ana, bo)
                assert (state.kind, state.note, state.since) == ("colleague", "same lab", None)
                state = relationship_between(bo, cy)
                assert (state.kind, state.note) == ("friend", "book club")
                # The losing versions are kept in the notes, once.
                notes = "\n".join(Contact.get_by_id(i).notes for i in (ana, bo, cy))
                line = "Relationship with {} was “Family: spouse, since 2021-06-12” on the server"
                assert (
                    notes.count(line.format("Bo Jensen")) + notes.count(line.format("Ana Lima"))
                    == 1
                )
                assert notes.count("was “(none)” on the server") == 1
                assert "Sync conflict" in notes
        assert not a.sync().moved
        assert not b.sync().moved
