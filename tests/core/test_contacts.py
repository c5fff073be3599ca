"""Creating, validating, editing, deleting and restoring contacts."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from kith.core.contacts import (
    ChannelDraft,
    ContactDraft,
    all_tag_names,
    delete_contacts,
    load_draft,
    restore_contacts,
    save_contact,
    validate,
)
from kith.core.directory import contact_detail, contact_ids
from kith.core.errors import ValidationError
from kith.store.models import (
    Contact,
    ContactMethod,
    FollowUp,
    Interaction,
    InteractionContact,
    Relationship,
)


def sofia(**changes: object) -> ContactDraft:
    draft = ContactDraft(
        full_name="Sofía Ramírez",
        company="Acme Corp.",
        title="VP Engineering",
        location="Madrid",
        tags=["mentor", "Madrid"],
        channels=[
            ChannelDraft("email", "sofia@acme.example", "work"),
            ChannelDraft("email", "sofia.r@mail.example", "home"),
            ChannelDraft("phone", "+34 600 123 456", "mobile"),
            ChannelDraft("url", "linkedin.com/in/sofia", "LinkedIn"),
        ],
        how_met="PyCon Spain 2023",
        met_on=date(2023, 9, 30),
        birthday_month=2,
        birthday_day=29,
        circle=2,
        notes="Two kids; loves climbing.",
    )
    for key, value in changes.items():
        setattr(draft, key, value)
    return draft


def test_a_saved_contact_reads_back_as_it_was_entered(db: object) -> None:
    contact_id = save_contact(sofia())
    draft = load_draft(contact_id)
    assert draft.full_name == "Sofía Ramírez"
    assert draft.tags == ["mentor", "Madrid"]
    assert [(c.kind, c.label) for c in draft.channels] == [
        ("email", "work"),
        ("email", "home"),
        ("phone", "mobile"),
        ("url", "LinkedIn"),
    ]
    assert draft.channels[3].value == "https://linkedin.com/in/sofia"
    assert (draft.birthday_month, draft.birthday_day, draft.birthday_year) == (2, 29, None)
    assert draft.met_on == date(2023, 9, 30)


def test_the_first_channel_of_each_kind_is_primary(db: object) -> None:
    contact_id = save_contact(sofia())
    primary = {
        m.value
        for m in ContactMethod.select().where(
            (ContactMethod.contact == contact_id) & (ContactMethod.is_primary == True)  # noqa: E712
        )
    }
    assert primary == {"sofia@acme.example", "+34 600 123 456", "https://linkedin.com/in/sofia"}


def test_name_is_composed_from_given_and_family_names(db: object) -> None:
    contact_id = save_contact(ContactDraft(given_name="Jonas", family_name="Berg"))
    assert Contact.get_by_id(contact_id).full_name == "Jonas Berg"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"full_name": "  "}, "full_name", "name"),
        ({"channels": [ChannelDraft("email", "sofia.acme")]}, "channels.0", "@"),
        (
            {"channels": [ChannelDraft("phone", "+34 1"), ChannelDraft("phone", "call me")]},
            "channels.1",
            "digits",
        ),
        ({"channels": [ChannelDraft("url", "not a link")]}, "channels.0", "example.com"),
        ({"birthday_month": 2, "birthday_day": 30}, "birthday", "does not exist"),
        ({"birthday_month": 2, "birthday_day": 29, "birthday_year": 1985}, "birthday", "exist"),
        ({"birthday_month": None, "birthday_day": 4}, "birthday", "day and a month"),
        ({"birthday_month": 13, "birthday_day": 4}, "birthday", "month"),
        ({"birthday_year": 1850}, "birthday", "year"),
        ({"cadence_days": 0}, "cadence_days", "1 to"),
        ({"introduced_by_id": 999}, "introduced_by", "no longer"),
        ({"tags": ["x" * 41]}, "tags", "under"),
    ],
)
def test_invalid_fields_are_named_with_a_reason(
    db: object, changes: dict[str, object], field: str, message: str
) -> None:
    errors = validate(sofia(**changes))
    assert field in errors
    assert message in errors[field]


def test_an_invalid_draft_writes_nothing(db: object) -> None:
    with pytest.raises(ValidationError) as caught:
        save_contact(sofia(channels=[ChannelDraft("email", "no-at-sign")]))
    assert "channels.0" in caught.value.errors
    assert Contact.select().count() == 0


def test_leap_day_birthday_with_a_leap_year_is_fine(db: object) -> None:
    assert "birthday" not in validate(sofia(birthday_year=1988))


def test_nobody_introduces_you_to_themselves(db: object) -> None:
    contact_id = save_contact(sofia())
    errors = validate(sofia(introduced_by_id=contact_id), contact_id=contact_id)
    assert "introduced_by" in errors


def test_editing_replaces_channels_and_tags(db: object) -> None:
    contact_id = save_contact(sofia())
    save_contact(
        sofia(tags=["investor"], channels=[ChannelDraft("email", "s@new.example")]), contact_id
    )
    draft = load_draft(contact_id)
    assert draft.tags == ["investor"]
    assert [c.value for c in draft.channels] == ["s@new.example"]
    assert contact_ids("mentor") == []
    assert contact_ids("investor") == [contact_id]
    assert "mentor" in all_tag_names()  # the tag itself stays for completion


def test_tags_are_case_insensitive_and_deduplicated(db: object) -> None:
    a = save_contact(sofia(tags=["Python", "python ", "  "]))
    b = save_contact(ContactDraft(full_name="Jonas", tags=["PYTHON"]))
    assert load_draft(a).tags == ["Python"]
    assert load_draft(b).tags == ["Python"]


def test_delete_and_restore_puts_everything_back(db: object) -> None:
    introducer = save_contact(ContactDraft(full_name="Tomás Ortega"))
    contact_id = save_contact(sofia(introduced_by_id=introducer))
    other = save_contact(ContactDraft(full_name="Jonas Berg", introduced_by_id=contact_id))
    alone = Interaction.create(occurred_at=datetime(2026, 11, 1), kind="call", summary="Call")
    InteractionContact.create(interaction=alone, contact=contact_id)
    shared = Interaction.create(occurred_at=datetime(2026, 11, 2), kind="meal", summary="Lunch")
    InteractionContact.create(interaction=shared, contact=contact_id)
    InteractionContact.create(interaction=shared, contact=other)
    FollowUp.create(contact=contact_id, title="Send the slides", due_at=datetime(2026, 12, 1))
    Relationship.create(a=min(contact_id, other), b=max(contact_id, other), kind="colleague")

    snapshot = delete_contacts([contact_id])
    assert snapshot.names == ["Sofía Ramírez"]
    assert contact_ids("climbing") == []
    assert Interaction.get_or_none(Interaction.id == alone.id) is None
    assert Interaction.get_or_none(Interaction.id == shared.id) is not None
    assert Contact.get_by_id(other).introduced_by_id is None
    assert FollowUp.select().count() == 0

    (restored,) = restore_contacts(snapshot)
    draft = load_draft(restored)
    assert draft.full_name == "Sofía Ramírez"
    assert draft.tags == ["mentor", "Madrid"]
    assert len(draft.channels) == 4
    assert draft.introduced_by_id == introducer
    assert Contact.get_by_id(other).introduced_by_id == restored
    assert contact_ids("climbing") == [restored]
    assert FollowUp.get().title == "Send the slides"
    assert Relationship.select().count() == 1
    involved = {
        link.interaction_id
        for link in InteractionContact.select().where(InteractionContact.contact == restored)
    }
    assert len(involved) == 2
    detail = contact_detail(restored)
    assert detail is not None and detail.summary.last_contact == datetime(2026, 11, 2)
