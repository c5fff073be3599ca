"""Merging an imported contact or a duplicate pair: nothing lost, nothing doubled."""

from __future__ import annotations

from datetime import datetime

import pytest

from kith.core.contacts import ChannelDraft, ContactDraft, load_draft, save_contact
from kith.core.directory import contact_ids
from kith.core.merge import (
    ContactMatcher,
    Match,
    company_key,
    find_duplicate_pairs,
    merge_contacts,
    merge_drafts,
    merge_into,
    phone_key,
)
from kith.store.models import (
    Contact,
    FollowUp,
    Goal,
    GoalContact,
    Interaction,
    InteractionContact,
    Relationship,
)


def ann(**changes: object) -> ContactDraft:
    draft = ContactDraft(
        full_name="Ann Lee",
        company="Acme",
        title="CEO",
        tags=["board"],
        channels=[ChannelDraft("email", "ann@acme.example", "work")],
        notes="Met at the offsite.",
    )
    for key, value in changes.items():
        setattr(draft, key, value)
    return draft


def test_merge_adds_channels_and_keeps_conflicts_in_the_notes() -> None:
    incoming = ann(
        title="CTO",
        location="Lisbon",
        tags=["Board", "investor"],
        channels=[
            ChannelDraft("email", "ANN@acme.example", "work"),  # same address, other case
            ChannelDraft("email", "ann@home.example", "home"),
            ChannelDraft("phone", "+351 912 345 678", "mobile"),
        ],
        birthday_month=5,
        birthday_day=4,
        notes="Likes sailing.",
    )
    result = merge_drafts(ann(), incoming, source="contacts.vcf")
    merged = result.draft
    assert merged.title == "CEO"  # the existing value stays
    assert merged.location == "Lisbon"  # an empty field is filled
    assert [c.value for c in merged.channels] == [
        "ann@acme.example",
        "ann@home.example",
        "+351 912 345 678",
    ]
    assert merged.tags == ["board", "investor"]
    assert (merged.birthday_month, merged.birthday_day) == (5, 4)
    assert merged.notes == "Met at the offsite.\n\nLikes sailing.\n\nFrom contacts.vcf:\nTitle: CTO"
    assert "keeps the current title (“CTO” goes into the notes)" in result.changes
    assert "adds email ann@home.example" in result.changes


def test_merging_the_same_thing_again_changes_nothing() -> None:
    once = merge_drafts(ann(), ann(title="CTO", notes="Likes sailing."), source="a.vcf").draft
    again = merge_drafts(once, ann(title="CTO", notes="Likes sailing."), source="a.vcf")
    assert again.changes == []
    assert again.draft == once


def test_birth_year_is_filled_but_a_different_birthday_goes_to_notes() -> None:
    mine = ann(birthday_month=5, birthday_day=4)
    filled = merge_drafts(mine, ann(birthday_month=5, birthday_day=4, birthday_year=1980))
    assert filled.draft.birthday_year == 1980
    other = merge_drafts(mine, ann(birthday_month=6, birthday_day=1, birthday_year=1980))
    assert (other.draft.birthday_month, other.draft.birthday_day) == (5, 4)
    assert "Birthday: 1980-06-01" in other.draft.notes


def test_merge_into_saves_the_stored_contact(db: object) -> None:
    contact_id = save_contact(ann())
    merge_into(contact_id, ann(channels=[ChannelDraft("phone", "+1 555 0100 200")]), source="x")
    assert [c.kind for c in load_draft(contact_id).channels] == ["email", "phone"]
    assert contact_ids("555") == [contact_id]  # the new channel is searchable


def test_phone_and_company_keys() -> None:
    assert phone_key("+44 20 7946 0958", "GB") == phone_key("020 7946 0958", "GB")
    assert phone_key("+1 (415) 555-0133") == phone_key("415.555.0133") == "+14155550133"
    assert phone_key("tel:+1-415-555-0133;ext=12") == phone_key("+1 (415) 555-0133 ext. 12")
    assert phone_key("+1 (415) 555-0133 ext. 12") != phone_key("415.555.0133")  # another desk
    assert phone_key("112") is None
    assert company_key("Acme Corp.") == company_key("ACME corporation") == "acme"


def test_numbers_are_compared_as_e164_in_the_default_region() -> None:
    from kith.core.phones import region_used

    german, french = "+49 151 23456789", "+33 1 23 45 67 89"
    assert phone_key(german) != phone_key(french)  # the old rule: same last nine digits
    with region_used("DE"):
        assert phone_key("0151 23456789") == phone_key(german) == "+4915123456789"
        assert phone_key("01 23 45 67 89") != phone_key(french)  # a German number now
    with region_used("FR"):
        assert phone_key("01 23 45 67 89") == phone_key(french) == "+33123456789"
    # No country code and no region: all the digits, so only the same digits match.
    assert phone_key("0151 23456789", "ZZ") == "015123456789"
    assert phone_key("+49 (0)151-234 567 89", "ZZ") == phone_key(german)


def test_region_comes_from_the_setting_or_the_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    from kith.core import phones

    monkeypatch.delenv("KITH_PHONE_REGION", raising=False)
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_TELEPHONE", raising=False)
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    phones.forget_default_region()
    try:
        assert phones.default_region() == "DE"
        assert phone_key("0151 23456789") == "+4915123456789"
        monkeypatch.setenv("KITH_PHONE_REGION", "fr")
        phones.forget_default_region()
        assert phones.default_region() == "FR"
        assert phones.region_of_locale("C.UTF-8") is None
        assert phones.region_of_locale("en_GB.UTF-8") == "GB"
    finally:
        monkeypatch.undo()
        phones.forget_default_region()


def test_matcher_order_uid_email_phone_name_and_similar_name(db: object) -> None:
    ann_id = save_contact(ann(), uid="ann-uid")
    bob_id = save_contact(
        ContactDraft(
            full_name="Robert Smith",
            company="Globex Ltd",
            channels=[ChannelDraft("phone", "+1 415 555 0133")],
        )
    )
    matcher = ContactMatcher()
    assert matcher.match(ContactDraft(full_name="Whoever"), "ann-uid") == Match(ann_id, "same UID")
    found = matcher.match(
        ContactDraft(full_name="A. Lee", channels=[ChannelDraft("email", "Ann@Acme.example")])
    )
    assert found is not None and (found.contact_id, found.reason) == (
        ann_id,
        "same email Ann@Acme.example",
    )
    found = matcher.match(
        ContactDraft(full_name="Bob", channels=[ChannelDraft("phone", "(415) 555-0133")])
    )
    assert found is not None and found.contact_id == bob_id
    assert found.likely
    found = matcher.match(ContactDraft(full_name="ann lee"))
    assert found == Match(ann_id, "same name", likely=False)  # only possibly her
    found = matcher.match(ContactDraft(full_name="Ann Lee", company="ACME inc"))
    assert found == Match(ann_id, "same name and company", likely=False)
    assert matcher.match(ContactDraft(full_name="Ann Lee", company="Initech")) is None
    found = matcher.match(ContactDraft(full_name="Robert Smyth", company="GLOBEX"))
    assert found == Match(bob_id, "similar name at the same company", likely=False)
    assert matcher.match(ContactDraft(full_name="Roberta Jones", company="Globex")) is None


def _history(contact_id: int, other_id: int) -> None:
    when = datetime(2026, 10, 1, 12, 0)
    shared = Interaction.create(occurred_at=when, kind="meal", summary="Lunch with both")
    InteractionContact.create(interaction=shared, contact=contact_id)
    InteractionContact.create(interaction=shared, contact=other_id)
    own = Interaction.create(occurred_at=when, kind="call", summary="Call with the duplicate")
    InteractionContact.create(interaction=own, contact=other_id)
    FollowUp.create(contact=other_id, title="Send the deck", due_at=when)
    goal = Goal.create(title="Raise a round")
    GoalContact.create(goal=goal, contact=contact_id)
    GoalContact.create(goal=goal, contact=other_id)


def test_merging_two_stored_contacts_keeps_all_their_history(db: object) -> None:
    keep = save_contact(ann())
    other = save_contact(
        ContactDraft(
            full_name="Ann  Lee",
            company="Acme Inc",
            title="Founder",
            tags=["investor"],
            channels=[ChannelDraft("email", "ann@home.example")],
        )
    )
    friend = save_contact(ContactDraft(full_name="Cal Friend"))
    introduced = save_contact(ContactDraft(full_name="Dee Intro", introduced_by_id=other))
    _history(keep, other)
    Relationship.create(a=min(other, friend), b=max(other, friend), kind="friend", note="climbing")
    Relationship.create(a=min(keep, other), b=max(keep, other), kind="knows")

    merge_contacts(keep, other)

    assert not Contact.select().where(Contact.id == other).exists()
    draft = load_draft(keep)
    assert [c.value for c in draft.channels] == ["ann@acme.example", "ann@home.example"]
    assert draft.tags == ["board", "investor"]
    assert "Title: Founder" in draft.notes
    summaries = sorted(
        i.summary
        for i in Interaction.select()
        .join(InteractionContact)
        .where(InteractionContact.contact == keep)
    )
    assert summaries == ["Call with the duplicate", "Lunch with both"]
    assert FollowUp.get(FollowUp.title == "Send the deck").contact_id == keep
    assert GoalContact.select().where(GoalContact.contact == keep).count() == 1
    rels = list(Relationship.select())
    assert [(r.a_id, r.b_id, r.note) for r in rels] == [
        (min(keep, friend), max(keep, friend), "climbing")
    ]
    assert Contact.get_by_id(introduced).introduced_by_id == keep
    assert contact_ids("home.example") == [keep]


def test_a_contact_cannot_be_merged_into_itself(db: object) -> None:
    contact_id = save_contact(ann())
    with pytest.raises(ValueError):
        merge_contacts(contact_id, contact_id)


def test_find_duplicate_pairs(db: object) -> None:
    a = save_contact(ann())
    b = save_contact(
        ContactDraft(full_name="Annie L.", channels=[ChannelDraft("email", "ann@ACME.example")])
    )
    c = save_contact(ContactDraft(full_name="Jon Smith", company="Initech"))
    d = save_contact(ContactDraft(full_name="John Smith", company="Initech LLC"))
    e = save_contact(ContactDraft(full_name="Ann Lee", company="Other Co"))
    f = save_contact(
        ContactDraft(full_name="Zed", channels=[ChannelDraft("phone", "+1 415 555 0133")])
    )
    g = save_contact(
        ContactDraft(full_name="Zedd", channels=[ChannelDraft("phone", "415-555-0133")])
    )
    pairs = find_duplicate_pairs()
    found = {(p.a_id, p.b_id): p.reason.casefold() for p in pairs}
    assert found == {
        (a, b): "same email ann@acme.example",
        (f, g): "same phone +1 415 555 0133",
        (c, d): "similar name at the same company — perhaps two people",
    }
    assert (a, e) not in found  # same name, different companies
    assert pairs[0].a_name == "Ann Lee" and pairs[0].b_name == "Annie L."


def test_load_drafts_reads_many_contacts_as_load_draft_does(db: object) -> None:
    from kith.core.contacts import load_drafts

    ids = [
        save_contact(ann()),
        save_contact(ContactDraft(full_name="Bo", photo=b"\x89PNG\r\n\x1a\n", tags=["x", "a"])),
        save_contact(ann(full_name="Cy", channels=[ChannelDraft("phone", "+1 555 010 0100")])),
    ]
    assert load_drafts([*ids, 999]) == {i: load_draft(i) for i in ids}


def test_a_shared_email_always_matches_the_same_person(db: object) -> None:
    family = [ChannelDraft("email", "family@home.example")]
    first = save_contact(ContactDraft(full_name="Pat Home", channels=list(family)))
    save_contact(ContactDraft(full_name="Sam Home", channels=list(family)))
    save_contact(ann(channels=list(family)), first)  # rewrites the first one's channels
    found = ContactMatcher().match(ContactDraft(full_name="X", channels=list(family)))
    assert found is not None and found.contact_id == first


class _Undo(Exception):
    """Rolls a test's writing block back."""


def _everything() -> tuple[object, ...]:
    """People (without the moment they were saved), channels, tags and search rows, as
    stored."""
    from kith.store.models import database_proxy

    def rows(sql: str) -> list[tuple[object, ...]]:
        return [tuple(row) for row in database_proxy.execute_sql(sql).fetchall()]

    people = list(Contact.select().order_by(Contact.id).dicts())
    for person in people:
        person.pop("updated_at")
    return (
        people,
        rows(
            "SELECT contact_id, kind, label, value, is_primary, position, street, locality, "
            "region, postal_code, country FROM contact_method ORDER BY contact_id, position"
        ),
        rows(
            "SELECT ct.contact_id, t.name FROM contact_tag AS ct JOIN tag AS t ON t.id = ct.tag_id"
            " ORDER BY ct.contact_id, ct.id"
        ),
        rows("SELECT name FROM tag ORDER BY name"),
        rows(
            "SELECT rowid, name, company, title, location, tags, channels, notes "
            "FROM contact_index ORDER BY rowid"
        ),
    )


def test_a_bulk_of_merges_gives_what_merging_one_by_one_gives(db: object) -> None:
    from kith.core.contacts import AddressParts, reindex_contacts
    from kith.core.merge import merge_many
    from kith.store.changes import writing

    ann_id = save_contact(ann(birthday_month=3, birthday_day=9))
    bo_id = save_contact(
        ContactDraft(
            full_name="Bo Park",
            introduced_by_id=ann_id,
            channels=[ChannelDraft("phone", "+44 20 7946 0958", "mobile")],
            tags=["climbing"],
        )
    )
    cy_id = save_contact(ContactDraft(full_name="Cy Ng", company="Initech"))
    merges = [
        # new channels, a conflicting title, a new tag, a birth year
        (
            ann_id,
            ann(
                title="Chair",
                tags=["board", "investor"],
                birthday_year=1980,
                birthday_month=3,
                birthday_day=9,
                channels=[
                    ChannelDraft("email", "ANN@acme.example"),
                    ChannelDraft("url", "ann.example/blog", "blog"),
                ],
            ),
        ),
        # the same thing again: nothing changes
        (bo_id, ContactDraft(full_name="Bo Park")),
        # an address, a company, notes
        (
            bo_id,
            ContactDraft(
                full_name="Bo Park",
                company="Globex",
                notes="Lent me a rope.",
                channels=[
                    ChannelDraft(
                        "address",
                        "1 High St, Leeds",
                        "home",
                        AddressParts("1 High St", "Leeds", "", "LS1", "UK"),
                    )
                ],
            ),
        ),
        # a second merge into Ann reads what the first wrote
        (
            ann_id,
            ContactDraft(
                full_name="Annie Lee",
                title="Chair",
                tags=["mentor"],
                channels=[ChannelDraft("url", "https://ann.example/blog")],
            ),
        ),
        (cy_id, ContactDraft(full_name="Cy Ng", company="Initech Corp", location="Oslo")),
        (ann_id, ContactDraft(full_name="Ann Lee", company="Hooli")),
    ]
    tables = ("contact", "contact_method", "tag", "contact_tag", "contact_index")
    with pytest.raises(_Undo), writing(*tables):
        one_by_one = [
            merge_into(cid, incoming, source="cards.vcf", reindex=False) for cid, incoming in merges
        ]
        reindex_contacts([ann_id, bo_id, cy_id])
        expected = _everything()
        raise _Undo
    with writing(*tables):
        in_bulk = merge_many(merges, source="cards.vcf")
        reindex_contacts([ann_id, bo_id, cy_id])
    assert _everything() == expected
    assert [r.changes for r in in_bulk] == [r.changes for r in one_by_one]
    stored = load_draft(ann_id)
    assert stored.title == "CEO" and "Title: Chair" in stored.notes
    assert stored.notes.count("Title: Chair") == 1 and "Company: Hooli" in stored.notes
    assert stored.tags == ["board", "investor", "mentor"]
    assert contact_ids("Hooli") == [ann_id] and contact_ids("Oslo") == [cy_id]


def test_a_bulk_of_merges_names_the_first_that_cannot_be_saved(db: object) -> None:
    from kith.core.merge import MergeFailed, merge_many
    from kith.store.changes import writing

    ann_id = save_contact(ann())
    bo_id = save_contact(ContactDraft(full_name="Bo Park"))
    bad = ContactDraft(full_name="Bo Park", channels=[ChannelDraft("email", "not an address")])
    tables = ("contact", "contact_method", "tag", "contact_tag")
    with pytest.raises(MergeFailed) as failed, writing(*tables):
        merge_many([(ann_id, ann(title="Chair")), (bo_id, bad), (ann_id, bad)])
    assert failed.value.index == 1
    assert load_draft(ann_id).notes == "Met at the offsite."  # rolled back
