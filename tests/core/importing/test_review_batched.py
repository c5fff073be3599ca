"""The review's shortcuts give what matching card by card gives.

An import's review reads the stored uids of a batch of cards in one query
(:meth:`~kith.core.merge.ContactMatcher.look_up_uids`), parses a phone number only when a
stored or earlier number shares its last digits (and each written number once), groups the
stored phones by suffix in Python, and keys a card's channels only where a kind repeats.
None of that may change a candidate: on a file of tricky cards (an email in another case,
a number written another way, a uid in its other spelling, accents, repeats within the
file) the batched review equals one card at a time, and says what it said before.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kith.core import phones
from kith.core.contacts import ChannelDraft, ContactDraft, save_contact
from kith.core.importing.review import ImportReview, Status
from kith.core.merge import ContactMatcher, _stored_phones
from kith.core.phones import region_used
from kith.store.models import database_proxy

UUID = "0f8fad5b-d9cb-469f-a165-70867728950e"


def card(*lines: str) -> str:
    return "\r\n".join(["BEGIN:VCARD", "VERSION:3.0", *lines, "END:VCARD"])


def stored_people() -> dict[str, int]:
    def person(name: str, *channels: tuple[str, str], company: str = "", uid: str = "") -> int:
        draft = ContactDraft(
            full_name=name, company=company, channels=[ChannelDraft(k, v) for k, v in channels]
        )
        return save_contact(draft, uid=uid or None)

    return {
        "ana": person("Ana Núñez", ("email", "Ana.Nunez@Example.org"), uid="ana-uid"),
        "bo": person("Bo Berg", ("phone", "+49 151 23456789"), company="Acme"),
        "cy": person("Cy Chen", ("phone", "(030) 1234-5678 ext. 9"), uid=f"urn:uuid:{UUID}"),
        "dee": person("Zoë Ångström", company="Globex GmbH"),
        "eve": person("Eve Early", ("email", "shared@example.org")),
        "fay": person("Fay Later", ("email", "shared@example.org")),
        "gus": person("Gustav Müller-Lüdenscheidt", company="Initech"),
    }


TRICKY = [
    card("FN:Ana N", "EMAIL:ANA.NUNEZ@EXAMPLE.ORG"),  # an email in another case
    card("FN:Bo", "TEL;TYPE=CELL:0151 2345 6789"),  # a number written another way (DE)
    card("FN:Bo again", "TEL:+49-151-23456789", "TEL:+4915123456789"),  # twice on one card
    card("FN:Cy", f"UID:{UUID}"),  # a uid in its other spelling
    card("FN:Ana uid", "UID:ana-uid", "EMAIL:new@example.org"),  # the same uid
    card("FN:Zoe Angstrom", "ORG:GLOBEX"),  # accents, a company with its suffix dropped
    card("FN:Gustav Muller-Ludenscheid", "ORG:Initech Inc."),  # a close name, same company
    card("FN:Shared", "EMAIL:Shared@Example.org"),  # two stored people: the earlier answers
    card("FN:New One", "EMAIL:one@example.net", "TEL:+33 1 23 45 67 89", "UID:file-uid"),
    card("FN:New One", "EMAIL:ONE@example.net"),  # an earlier row of the file, by email
    card("FN:Other", "TEL:+33 (0)1 23 45 67 89"),  # the same French number, another way
    card("FN:Third", "UID:file-uid"),  # an earlier row, by uid
    card("FN:Extension", "TEL:030 12345678 x9"),  # Cy's number and extension
    card("FN:Short", "TEL:112"),  # too short to compare
    card("FN:Nobody", "TEL:+1 212 555 0199", "EMAIL:nobody@example.com"),
    card("N:;;;;", "EMAIL:no-name@example.com"),  # invalid: no name
]


def signature(review: ImportReview) -> list[tuple[object, ...]]:
    return [
        (c.row, c.status, c.name, c.reason, c.match_id, c.match_row, c.match_name)
        + (tuple(c.changes), tuple(c.warnings))
        + ((c.draft.channels, c.draft.notes) if c.draft is not None else ((), ""))
        for c in review.candidates()
    ]


@pytest.fixture
def tricky_file(tmp_path: Path) -> Path:
    path = tmp_path / "tricky.vcf"
    path.write_text("\r\n".join(TRICKY) + "\r\n", encoding="utf-8")
    return path


def test_the_batched_review_equals_one_card_at_a_time(
    db: object, tricky_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    people = stored_people()
    with region_used("DE"):
        phones._phone_key.cache_clear()
        batched = signature(ImportReview(tricky_file))
        # One card at a time, every uid asked on its own, every number parsed afresh.
        phones._phone_key.cache_clear()
        monkeypatch.setattr(ImportReview, "BATCH", 1)
        monkeypatch.setattr(ContactMatcher, "look_up_uids", lambda self, uids: None)
        one_by_one = signature(ImportReview(tricky_file))
    assert batched == one_by_one
    found = [(status, reason, match_id, row) for _, status, _, reason, match_id, row, *_ in batched]
    assert found == [
        (Status.DUPLICATE, "same email ANA.NUNEZ@EXAMPLE.ORG", people["ana"], None),
        (Status.DUPLICATE, "same phone 0151 2345 6789", people["bo"], None),
        (Status.DUPLICATE, "same phone +49-151-23456789", people["bo"], None),
        (Status.DUPLICATE, "same UID", people["cy"], None),
        (Status.DUPLICATE, "same UID", people["ana"], None),
        (Status.POSSIBLE, "same name and company", people["dee"], None),
        (Status.POSSIBLE, "similar name at the same company", people["gus"], None),
        (Status.DUPLICATE, "same email Shared@Example.org", people["eve"], None),
        (Status.NEW, "", None, None),
        (Status.DUPLICATE, "same email ONE@example.net as row 9 of this file", None, 8),
        (Status.DUPLICATE, "same phone +33 (0)1 23 45 67 89 as row 9 of this file", None, 8),
        (Status.DUPLICATE, "same UID as row 9 of this file", None, 8),
        (Status.DUPLICATE, "same phone 030 12345678 x9", people["cy"], None),
        (Status.NEW, "", None, None),
        (Status.NEW, "", None, None),
        (Status.INVALID, "Card 16 (line 81) has no name (only no-name@example.com).", None, None),
    ]
    # The number written twice on one card is kept once.
    assert batched[2][-2] == [ChannelDraft("phone", "+49-151-23456789", "")]


def test_uids_looked_up_ahead_answer_as_asked_one_by_one(db: object) -> None:
    people = stored_people()
    ahead = ContactMatcher()
    ahead.look_up_uids(["ana-uid", UUID, f"urn:uuid:{UUID}", "nobody", "ana-uid"])
    alone = ContactMatcher()
    for uid in ("ana-uid", UUID, f"urn:uuid:{UUID}", "nobody"):
        assert ahead._stored_uids[uid] == alone._uid(uid)
    assert ahead._stored_uids == {
        "ana-uid": people["ana"],
        UUID: people["cy"],
        f"urn:uuid:{UUID}": people["cy"],
        "nobody": None,
    }


@pytest.mark.parametrize(
    ("value", "suffix"),
    [
        ("+49 151 23456789", "456789"),
        ("(030) 1234-5678", "345678"),
        ("030/1234 5678", "345678"),
        ("+1.212.555.0199", "550199"),
        ("555 0100 x12", "550100"),
        ("0151 23456789 ext. 3", "456789"),
        ("+33 1 23 45 67 89;ext=7", "456789"),
        ("+44 (0) 20 7946 0958#12", "460958"),
        ("call me: 030 1234 5678", "345678"),
        ("١٢٣٤٥٦٧٨", "٣٤٥٦٧٨"),
        ("12345", None),
        ("1234-56", "123456"),
        ("--..++", None),
        ("", None),
    ],
)
def test_a_phones_suffix_is_its_last_digits_before_any_extension(
    value: str, suffix: str | None
) -> None:
    """Written with punctuation only, with an extension, with words or in other digits: the
    same last six digits of the number itself (None for fewer than six)."""
    assert phones.phone_suffix(value) == suffix


def test_stored_phones_are_grouped_by_their_suffix(db: object) -> None:
    values = [
        "+49 151 23456789", "(030) 1234-5678", "030/1234 5678", "+1.212.555.0199",
        "555 0100 x12", "0151 23456789 ext. 3", "+33 1 23 45 67 89;ext=7", "tel:+4930123",
        "12345", "1234-56", "١٢٣٤٥٦٧٨", "０３０ １２３４５６７８", "call me: 030 1234 5678",
        "  +44 20 7946 0958  ", "+44 (0) 20 7946 0958#12", "--..++", "",
    ]  # fmt: skip
    for i, value in enumerate(values):
        # Stored as a sync or an older Kith may have stored them, past the form's checks.
        draft = ContactDraft(full_name=f"P{i}", channels=[ChannelDraft("phone", "+1 555 0100")])
        contact_id = save_contact(draft)
        database_proxy.execute_sql(
            "UPDATE contact_method SET value = ? WHERE contact_id = ?", (value, contact_id)
        )
    expected: dict[str, set[str]] = {}
    for value in values:
        suffix = phones.phone_suffix(value)
        if suffix:
            expected.setdefault(suffix, set()).add(value)
    got = {suffix: {v for v, _ in found} for suffix, found in _stored_phones().items()}
    assert got == expected


HEADS = [
    card("FN:Ana", "EMAIL;TYPE=INTERNET;TYPE=WORK:a@example.org", "TEL;TYPE=CELL:+1 555 0100"),
    card("FN:Bo", "EMAIL;TYPE=INTERNET;TYPE=WORK:b@example.org", "TEL;TYPE=CELL:+1 555 0101"),
    card("FN:Cy", 'ADR;LABEL="Main St: 1":;;Main St 1;Town;;;', 'ADR;LABEL="Main St: 1":;;2;X;;;'),
    card("FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:J=C3=B6rg", "NOTE;X=a:b:c:d"),
    card("FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:D=C3=A9b=", "=C3=A9"),
    card("FN;CHARSET=NO-SUCH;ENCODING=QUOTED-PRINTABLE:X=41", "FN:Fallback", "NOTE:x"),
    card("FN:Dee", "item1.EMAIL;type=INTERNET;type=pref:d@example.org", "item1.X-ABLabel:Old"),
    card("FN:Eve", "item1.EMAIL;type=INTERNET;type=pref:e@example.org", "TEL;;TYPE=x:12345678"),
    card("fn:Fay", "email;type=internet:f@example.org", "NOTE:with: colons: inside"),
    card("FN:Gus", "NOTE;LANGUAGE=en:" + "x" * 300, "X-LONG;X=" + "y" * 300 + ":z"),
]


def test_a_head_read_before_gives_what_reading_it_again_gives(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from kith.core.importing import vcard

    text = "\r\n".join(HEADS + TRICKY + HEADS) + "\r\n"

    def entries() -> list[object]:
        return [vars(e) for e in vcard.parse_vcards(text)]

    vcard._HEADS.clear()
    remembered = entries()
    again = entries()  # every head known from the start
    monkeypatch.setattr(vcard, "_HEADS_KEPT", 0)
    vcard._HEADS.clear()
    assert remembered == again == entries()
    assert any(e.get("warnings") for e in remembered)  # the unknown charset: a warning
