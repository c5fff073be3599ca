"""Two Kith databases syncing contacts through a real Radicale server."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest

from kith.core.contacts import ChannelDraft, ContactDraft, delete_contacts, load_draft, save_contact
from kith.core.sync.dav import DavClient
from kith.store.models import Contact
from tests.core.sync.helpers import two_machines
from tests.dav_server import DavUser


def contact(name: str) -> int:
    return int(Contact.get(Contact.full_name == name).id)


def names() -> list[str]:
    return sorted(c.full_name for c in Contact.select())


def server_cards(user: DavUser, book: str) -> int:
    with DavClient(user.url, user.username, user.password) as dav:
        return len(dav.etags(book))


def test_contacts_edits_and_deletes_travel_both_ways(tmp_path: Path, dav_user: DavUser) -> None:
    with two_machines(tmp_path, dav_user) as (a, b):
        with a:
            save_contact(
                ContactDraft(
                    full_name="Amara Okafor",
                    company="Acme Labs",
                    circle=2,
                    cadence_days=21,
                    how_met="PyCon sprint",
                    tags=["python"],
                    channels=[ChannelDraft("email", "amara@acme.example", "work")],
                )
            )
            save_contact(ContactDraft(full_name="Jonas Berg"))
        assert a.sync().sent == 2
        report = b.sync()
        assert report.received == 2
        with b:
            assert names() == ["Amara Okafor", "Jonas Berg"]
            amara = load_draft(contact("Amara Okafor"))
            # Kith's own fields travel in X-KITH-* properties.
            assert (amara.circle, amara.cadence_days, amara.how_met) == (2, 21, "PyCon sprint")
            assert amara.tags == ["python"]
            amara.title = "CTO"
            save_contact(amara, contact("Amara Okafor"))
            delete_contacts([contact("Jonas Berg")])
        report = b.sync()
        assert (report.sent, report.deleted_on_server) == (1, 1)
        report = a.sync()
        assert (report.received, report.deleted_here) == (1, 1)
        with a:
            assert names() == ["Amara Okafor"]
            assert load_draft(contact("Amara Okafor")).title == "CTO"
        assert a.sync().moved is False
        assert b.sync().moved is False


def test_an_incremental_sync_moves_only_what_changed(tmp_path: Path, dav_user: DavUser) -> None:
    with two_machines(tmp_path, dav_user) as (a, b):
        with a:
            for n in range(8):
                save_contact(ContactDraft(full_name=f"Person {n}"))
        a.sync()
        b.sync()
        # Nothing changed: one sync-collection report, nothing else.
        assert a.sync().requests == 1
        with a:
            draft = load_draft(contact("Person 3"))
            draft.company = "Globex"
            save_contact(draft, contact("Person 3"))
        report = a.sync()
        assert (report.sent, report.requests) == (1, 2)  # the report, one PUT
        report = b.sync()
        assert (report.received, report.requests) == (1, 2)  # the report, one multiget
        with b:
            assert load_draft(contact("Person 3")).company == "Globex"


def test_a_conflict_merges_fields_and_keeps_the_losing_value_in_the_notes(
    tmp_path: Path, dav_user: DavUser
) -> None:
    with two_machines(tmp_path, dav_user) as (a, b):
        with a:
            save_contact(ContactDraft(full_name="Lena Fischer", company="Initech", title="Dev"))
        a.sync()
        b.sync()
        with a:
            draft = load_draft(contact("Lena Fischer"))
            draft.company = "Umbrella"
            draft.location = "Berlin"
            save_contact(draft, contact("Lena Fischer"))
        a.sync()
        with b:  # edited later, without having seen A's edit
            draft = load_draft(contact("Lena Fischer"))
            draft.company = "Hooli"
            draft.channels.append(ChannelDraft("phone", "+49 30 1234567", "mobile"))
            save_contact(draft, contact("Lena Fischer"))
        assert b.sync().conflicts == 1
        a.sync()
        for side in (a, b):
            with side:
                lena = load_draft(contact("Lena Fischer"))
                assert lena.company == "Hooli"  # the newer edit wins the same field
                assert lena.location == "Berlin"  # a field only A changed is taken
                assert [c.value for c in lena.channels] == ["+49 30 1234567"]
                assert "Company was “Umbrella” on the server" in lena.notes  # never lost
        assert server_cards(dav_user, a_book(a)) == 1


def a_book(side: object) -> str:
    with side:  # type: ignore[attr-defined]
        from kith.core.sync.accounts import list_accounts

        book = list_accounts()[0].addressbook_url
    assert book
    return book


def test_a_first_sync_matches_existing_contacts_instead_of_duplicating(
    tmp_path: Path, dav_user: DavUser
) -> None:
    with two_machines(tmp_path, dav_user) as (a, b):
        with a:
            save_contact(
                ContactDraft(
                    full_name="Priya Raman",
                    channels=[ChannelDraft("email", "priya@example.org")],
                    company="Wayne",
                )
            )
        a.sync()
        with b:  # the same person, typed in separately on the other machine
            save_contact(
                ContactDraft(
                    full_name="Priya Raman",
                    channels=[
                        ChannelDraft("email", "PRIYA@example.org"),
                        ChannelDraft("phone", "+1 555 0100 200"),
                    ],
                )
            )
        report = b.sync()
        assert report.matched == 1
        a.sync()
        for side in (a, b):
            with side:
                assert names() == ["Priya Raman"]
                priya = load_draft(contact("Priya Raman"))
                assert priya.company == "Wayne"
                assert {c.kind for c in priya.channels} == {"email", "phone"}
        assert server_cards(dav_user, a_book(a)) == 1


def test_a_contact_edited_here_survives_its_deletion_on_the_server(
    tmp_path: Path, dav_user: DavUser
) -> None:
    with two_machines(tmp_path, dav_user) as (a, b):
        with a:
            save_contact(ContactDraft(full_name="Omar Haddad"))
        a.sync()
        b.sync()
        with b:
            delete_contacts([contact("Omar Haddad")])
        b.sync()
        with a:
            draft = load_draft(contact("Omar Haddad"))
            draft.notes = "Call about the offsite"
            save_contact(draft, contact("Omar Haddad"))
        a.sync()
        b.sync()
        with b:
            assert load_draft(contact("Omar Haddad")).notes == "Call about the offsite"


def test_the_password_never_reaches_the_database_or_the_logs(
    tmp_path: Path, dav_user: DavUser, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    with two_machines(tmp_path, dav_user) as (a, _b):
        with a:
            save_contact(ContactDraft(full_name="Ana Lima"))
        a.sync()
        assert dav_user.password not in caplog.text
        for path in tmp_path.glob("a.sqlite*"):
            assert dav_user.password.encode() not in path.read_bytes()


def test_without_sync_tokens_the_ctag_and_etags_find_the_changes(
    tmp_path: Path, dav_user: DavUser, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kith.core.sync.errors import ReportNotSupported

    def no_report(self: DavClient, url: str, token: str | None) -> object:
        self.request_count += 1  # the refused REPORT still costs a request
        raise ReportNotSupported(url)

    monkeypatch.setattr(DavClient, "sync_collection", no_report)
    with two_machines(tmp_path, dav_user) as (a, b):
        with a:
            for n in range(5):
                save_contact(ContactDraft(full_name=f"Person {n}"))
        a.sync()
        assert b.sync().received == 5
        # Unchanged collection: the refused report and one ctag look, nothing else.
        assert b.sync().requests == 2
        with a:
            draft = load_draft(contact("Person 2"))
            draft.title = "Chef"
            save_contact(draft, contact("Person 2"))
            delete_contacts([contact("Person 4")])
        a.sync()
        report = b.sync()
        assert (report.received, report.deleted_here) == (1, 1)
        # report, ctag, ETag listing, one multiget
        assert report.requests == 4
        with b:
            assert names() == ["Person 0", "Person 1", "Person 2", "Person 3"]
            assert load_draft(contact("Person 2")).title == "Chef"


def test_a_server_card_made_to_stall_the_reader_is_skipped_and_named(
    tmp_path: Path, dav_user: DavUser, monkeypatch: pytest.MonkeyPatch
) -> None:
    with two_machines(tmp_path, dav_user) as (a, _b):
        with a:
            save_contact(ContactDraft(full_name="Ana Lima"))
        a.sync()
        book = a_book(a)
        plain = "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:m1\r\nFN:Mallory Stall\r\nEND:VCARD\r\n"
        with DavClient(dav_user.url, dav_user.username, dav_user.password) as dav:
            dav.put("/" + book.split("/", 3)[3] + "mallory.vcf", plain, "text/vcard")
        # Radicale reads cards with vobject too and would stall on this one, so it is put in
        # the server's answer on the way; other servers store whatever they are sent.
        hostile = plain.replace("END:VCARD", "TEL" + ";TYPE=x" * 24 + " +44\r\nEND:VCARD")
        served = DavClient.multiget

        def multiget(self: DavClient, *args: Any) -> dict[str, tuple[str, str]]:
            found = served(self, *args)
            return {
                href: (etag, hostile if href.endswith("/mallory.vcf") else text)
                for href, (etag, text) in found.items()
            }

        monkeypatch.setattr(DavClient, "multiget", multiget)
        report = a.sync()
        assert report.received == 0
        assert report.notes == [
            "mallory.vcf on the server was skipped: Card 1 (line 1), Mallory Stall: line 5 has "
            "24 parameters, more than any address book writes (Kith reads up to 20)."
        ]
        with a:
            assert names() == ["Ana Lima"]


def test_a_card_kith_cannot_read_is_skipped_and_named(tmp_path: Path, dav_user: DavUser) -> None:
    with two_machines(tmp_path, dav_user) as (a, _b):
        with a:
            save_contact(ContactDraft(full_name="Ana Lima"))
        a.sync()
        book = a_book(a)
        with DavClient(dav_user.url, dav_user.username, dav_user.password) as dav:
            path = "/" + book.split("/", 3)[3] + "group.vcf"
            group = "BEGIN:VCARD\r\nVERSION:4.0\r\nUID:g1\r\nKIND:group\r\nFN:Team\r\nEND:VCARD\r\n"
            dav.put(path, group, "text/vcard")
        report = a.sync()
        assert report.received == 0
        assert report.notes == [
            "group.vcf on the server was skipped: Card 1 (line 1) is a contact group (Team), "
            "not a person."
        ]
        assert a.sync().requests == 1  # not fetched again
        with a:
            assert names() == ["Ana Lima"]
