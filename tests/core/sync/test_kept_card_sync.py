"""Sync keeps other apps' data: Kith writes its fields into the card the server had."""

from __future__ import annotations

from pathlib import Path

from kith.core.contacts import load_draft, save_contact
from kith.core.sync.dav import DavClient
from kith.store.models import Contact
from tests.core.sync.helpers import two_machines
from tests.dav_server import DavUser

#: A card another client (a phone) wrote, with much that Kith does not model.
PHONE_CARD = (
    "BEGIN:VCARD\r\n"
    "VERSION:4.0\r\n"
    "PRODID:-//Other Phone//EN\r\n"
    "UID:phone-card-1\r\n"
    "FN:Dr. Maria Luisa Fernández\r\n"
    "N:Fernández;Maria;Luisa;Dr.;PhD\r\n"
    "ORG:Old Company;Research\r\n"
    "EMAIL;TYPE=work:maria@old.example\r\n"
    "ADR;TYPE=home:;;Calle Mayor 5;Madrid;;28013;Spain\r\n"
    "ANNIVERSARY:20100612\r\n"
    "GEO:geo:40.4168,-3.7038\r\n"
    "RELATED;TYPE=spouse;VALUE=text:Jorge Fernández\r\n"
    "GENDER:F\r\n"
    "X-OTHER-APP;X-FLAG=1:keep me\\, exactly\r\n"
    "END:VCARD\r\n"
)

KEPT = (
    "N:Fernández;Maria;Luisa;Dr.;PhD",
    "ADR;TYPE=home:;;Calle Mayor 5;Madrid;;28013;Spain",
    "ANNIVERSARY:20100612",
    "GEO:geo:40.4168,-3.7038",
    "RELATED;TYPE=spouse;VALUE=text:Jorge Fernández",
    "GENDER:F",
    "X-OTHER-APP;X-FLAG=1:keep me\\, exactly",
    "EMAIL;TYPE=work:maria@old.example",
)


def unfolded(text: str) -> list[str]:
    return text.replace("\r\n ", "").split("\r\n")


def test_a_phone_card_keeps_everything_after_kith_edits_the_company(
    tmp_path: Path, dav_user: DavUser
) -> None:
    with two_machines(tmp_path, dav_user) as (a, _b):
        a.sync()
        with a:
            from kith.core.sync.engine import SyncCollection

            book = str(SyncCollection.get().url)
        path = "/" + book.split("/", 3)[3] + "maria.vcf"
        with DavClient(dav_user.url, dav_user.username, dav_user.password) as dav:
            dav.put(path, PHONE_CARD, "text/vcard")
        assert a.sync().received == 1
        with a:
            from kith.core.importing.original_card import stored_cards, write_into
            from kith.core.importing.vcard import contact_to_vcard

            maria = Contact.get(Contact.uid == "phone-card-1")
            # Kept with its fingerprint: sent as it came without being read again, and that
            # is exactly what writing Kith's (unchanged) fields into it gives.
            [(text, digest)] = stored_cards([maria.id]).values()
            assert digest
            assert contact_to_vcard(maria.id) == write_into(
                text, load_draft(maria.id), uid="phone-card-1", revised=maria.updated_at
            )
            draft = load_draft(maria.id)
            assert draft.company == "Old Company"
            draft.company = "New Company"
            save_contact(draft, maria.id)
        assert a.sync().sent == 1
        with DavClient(dav_user.url, dav_user.username, dav_user.password) as dav:
            found = dav.get(path)
        assert found is not None
        lines = unfolded(found[1])
        for line in KEPT:
            assert line in lines, line
        assert "ORG:New Company;Research" in lines  # the department stays
        assert "UID:phone-card-1" in lines
        assert max(len(line.encode()) for line in found[1].split("\r\n")) <= 75
        # Nothing more to send, and the card reads back as Kith holds it.
        assert a.sync().moved is False


def test_a_first_sync_does_not_merge_two_people_who_share_a_name(
    tmp_path: Path, dav_user: DavUser
) -> None:
    from kith.core.contacts import ChannelDraft, ContactDraft

    with two_machines(tmp_path, dav_user) as (a, b):
        with a:
            save_contact(
                ContactDraft(
                    full_name="Maria Garcia", channels=[ChannelDraft("email", "m@one.example")]
                )
            )
            save_contact(ContactDraft(full_name="Tom Lee"))
        a.sync()
        with b:  # another Maria; and Tom again, here with his company
            save_contact(
                ContactDraft(
                    full_name="Maria Garcia", channels=[ChannelDraft("email", "m@two.example")]
                )
            )
            save_contact(ContactDraft(full_name="Tom Lee", company="Initech"))
        report = b.sync()
        assert report.matched == 1  # Tom: the card says nothing this Tom lacks
        with b:
            marias = Contact.select().where(Contact.full_name == "Maria Garcia")
            emails = sorted(c.value for m in marias for c in load_draft(m.id).channels)
            assert emails == ["m@one.example", "m@two.example"]  # two people, both kept
            assert Contact.select().where(Contact.full_name == "Tom Lee").count() == 1
