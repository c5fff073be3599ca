"""Applying an import: one transaction, cancel or failure leaves the database untouched."""

from __future__ import annotations

from pathlib import Path

import pytest

from kith.core.contacts import (
    ChannelDraft,
    ContactDraft,
    load_draft,
    reindex_contacts,
    save_contact,
)
from kith.core.directory import contact_ids
from kith.core.importing import apply as import_apply
from kith.core.importing.apply import (
    Decision,
    ImportCancelled,
    apply_import,
    default_decisions,
)
from kith.core.importing.review import Action, Status, review_file
from kith.core.importing.vcard import draft_to_vcard
from kith.store.changes import changes
from kith.store.models import Contact, ContactMethod, ContactTag, Tag

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "import"


def snapshot() -> tuple[object, ...]:
    return (
        list(Contact.select().order_by(Contact.id).dicts()),
        list(ContactMethod.select().order_by(ContactMethod.id).dicts()),
        list(ContactTag.select().order_by(ContactTag.id).dicts()),
        list(Tag.select().order_by(Tag.id).dicts()),
    )


def many_cards(tmp_path: Path, count: int) -> Path:
    path = tmp_path / "many.vcf"
    path.write_text(
        "".join(
            draft_to_vcard(
                ContactDraft(
                    full_name=f"Person {i}",
                    tags=["imported"],
                    channels=[ChannelDraft("email", f"p{i}@example.com")],
                )
            )
            for i in range(count)
        ),
        encoding="utf-8",
    )
    return path


def test_new_people_are_added_with_everything_the_file_says(db: object) -> None:
    result = apply_import(default_decisions(review_file(FIXTURES / "apple.vcf")))
    assert (len(result.added), result.merged, result.skipped) == (2, [], 1)
    sofia = Contact.get(Contact.full_name == "Sofía Ramírez")
    assert sofia.uid == "7A3E9C3B-1C2D-4E5F-8A9B-0C1D2E3F4A5B"  # the card's UID is kept
    draft = load_draft(sofia.id)
    assert draft.photo is not None and draft.photo.startswith(b"\xff\xd8")
    assert draft.tags == ["mentor", "Madrid"]
    assert contact_ids("twitter.com/sofiar") == [sofia.id]  # searchable at once


def test_user_choices_skip_merge_or_add_as_new(db: object) -> None:
    existing = save_contact(
        ContactDraft(
            full_name="Sofía Ramírez", channels=[ChannelDraft("email", "sofia@acme.example")]
        )
    )
    sofia, globex, _group = review_file(FIXTURES / "apple.vcf")
    assert sofia.status == Status.DUPLICATE
    apply_import([Decision(sofia, Action.ADD), Decision(globex, Action.SKIP)], source="apple.vcf")
    assert Contact.select().count() == 2  # added as a second, separate contact
    newest = Contact.select().order_by(Contact.id.desc()).get()
    assert newest.uid == "7A3E9C3B-1C2D-4E5F-8A9B-0C1D2E3F4A5B"
    apply_import([Decision(sofia, Action.MERGE, merge_into=existing)], source="apple.vcf")
    assert "+34 600 123 456" in [c.value for c in load_draft(existing).channels]
    assert contact_ids("twitter.com/sofiar") == [existing, newest.id]  # merged: searchable


def test_a_failure_midway_leaves_the_database_exactly_as_before(
    db: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    save_contact(
        ContactDraft(full_name="Person 3", channels=[ChannelDraft("email", "p3@example.com")])
    )
    save_contact(
        ContactDraft(full_name="Person 7", channels=[ChannelDraft("email", "p7@example.com")])
    )
    candidates = review_file(many_cards(tmp_path, 20))
    assert [c.status for c in candidates].count(Status.DUPLICATE) == 2
    before = snapshot()

    def failing_merge(*args: object, **kwargs: object) -> object:
        original(*args, **kwargs)  # the merges are written, then the disk fails
        raise RuntimeError("disk on fire")

    original = import_apply.merge_many
    monkeypatch.setattr(import_apply, "merge_many", failing_merge)
    announced: list[frozenset[str]] = []
    unsubscribe = changes.subscribe(announced.append)
    try:
        with pytest.raises(RuntimeError, match="disk on fire"):
            apply_import(default_decisions(candidates))
    finally:
        unsubscribe()
    assert snapshot() == before
    assert announced == []
    assert len(contact_ids("Person")) == 2  # the search index was rolled back too


def test_cancelling_rolls_everything_back(
    db: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(import_apply, "BATCH", 10)
    candidates = review_file(many_cards(tmp_path, 35))
    before = snapshot()
    progress: list[tuple[int, int]] = []
    with pytest.raises(ImportCancelled):
        apply_import(
            default_decisions(candidates),
            should_cancel=lambda: len(progress) >= 2,
            progress=lambda done, total: progress.append((done, total)),
        )
    assert progress == [(10, 35), (20, 35)]
    assert snapshot() == before


def test_introducer_in_the_same_file_is_linked_and_the_card_kept_as_it_came(
    db: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The introducer named in the card (X-KITH-INTRODUCED-BY) is linked, and that link is
    what the card says: its kept card, unchanged, gets the row fingerprint (with the
    introducer's uid), so export sends it without reading it."""
    from kith.core.contacts import draft_rows
    from kith.core.importing import original_card
    from kith.core.importing.original_card import stored_cards

    path = tmp_path / "intro.vcf"
    path.write_text(
        draft_to_vcard(
            ContactDraft(full_name="Newer Person"), uid="new-1", introduced_by_uid="sam-1"
        )
        + draft_to_vcard(ContactDraft(full_name="Sam Connector"), uid="sam-1"),
        encoding="utf-8",
    )
    card = path.read_text(encoding="utf-8").split("END:VCARD")[0] + "END:VCARD"

    def rewritten(*args: object, **kwargs: object) -> None:
        raise AssertionError("a card that says what Kith holds was written into")

    monkeypatch.setattr(original_card, "write_into", rewritten)
    apply_import(default_decisions(review_file(path)))
    newer = Contact.get(Contact.full_name == "Newer Person")
    assert newer.introduced_by.full_name == "Sam Connector"
    text, fingerprint = stored_cards([newer.id])[newer.id]
    assert fingerprint == draft_rows([newer.id])[newer.id].fingerprint("new-1", "sam-1")
    assert text.replace("\r\n", "\n").strip() == card.replace("\r\n", "\n").strip()


def test_a_large_file_goes_in_with_batched_inserts(db: object, tmp_path: Path) -> None:
    result = apply_import(default_decisions(review_file(many_cards(tmp_path, 2000))))
    assert len(result.added) == 2000
    assert Tag.select().count() == 1
    assert ContactTag.select().count() == 2000
    assert contact_ids("p1999@example.com") == [result.added[-1]]


def test_bulk_save_stores_exactly_what_a_single_save_stores(db: object) -> None:
    from datetime import date

    from kith.core.contacts import save_contacts
    from kith.core.errors import ValidationError

    draft = ContactDraft(
        full_name=" Zoë Brontë ",
        given_name="Zoë",
        photo=b"\x89PNG\r\n\x1a\nxx",
        company="Brontë & Co",
        met_on=date(2020, 2, 29),
        birthday_month=4,
        birthday_day=30,
        circle=3,
        cadence_days=45,
        archived=True,
        notes="notes ",
        tags=["Yorkshire", "yorkshire", "tea"],
        channels=[
            ChannelDraft("email", "zoe@example.com", "work"),
            ChannelDraft("url", "bronte.example", ""),
            ChannelDraft("email", " ", ""),
            ChannelDraft("email", "z2@example.com", "home"),
        ],
    )
    one = save_contact(draft)
    [many] = save_contacts([draft], uids=["bulk-uid"])

    def row(contact_id: int) -> tuple[object, ...]:
        c = Contact.select().where(Contact.id == contact_id).dicts().get()
        for key in ("id", "uid", "created_at", "updated_at"):
            c.pop(key)
        methods = [
            (m.kind, m.label, m.value, m.is_primary, m.position)
            for m in ContactMethod.select().where(ContactMethod.contact == contact_id)
        ]
        return c, methods, load_draft(contact_id).tags

    assert row(one) == row(many)

    def index_words(contact_id: int) -> dict[str, list[str]]:
        from kith.store.models import ContactIndex

        r = (
            ContactIndex.select(
                ContactIndex.rowid,
                ContactIndex.name,
                ContactIndex.company,
                ContactIndex.title,
                ContactIndex.location,
                ContactIndex.tags,
                ContactIndex.channels,
                ContactIndex.notes,
            )
            .where(ContactIndex.rowid == contact_id)
            .dicts()
            .get()
        )
        return {k: sorted(str(v).split()) for k, v in r.items() if k != "rowid"}

    written = index_words(many)
    reindex_contacts([many])
    assert written == index_words(many)
    assert Contact.get_by_id(many).uid == "bulk-uid"
    assert contact_ids("Brontë", include_archived=True) == sorted([one, many])
    with pytest.raises(ValidationError) as info:
        save_contacts([draft, ContactDraft()])
    assert info.value.errors == {"1.full_name": "Give this person a name"}


def test_imported_cards_are_fingerprinted_with_what_kith_holds(db: object, tmp_path: Path) -> None:
    # refresh_fingerprints writes every card that still holds in one statement per chunk:
    # each gets its own contact's row fingerprint, as export computes it.
    from kith.core.contacts import draft_rows
    from kith.core.importing.original_card import stored_cards

    known = save_contact(
        ContactDraft(full_name="Known", channels=[ChannelDraft("email", "k@x.org")])
    )
    path = tmp_path / "people.vcf"
    path.write_text(
        "".join(
            f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{name}\r\nEMAIL:{email}\r\n{extra}END:VCARD\r\n"
            for name, email, extra in [
                ("Ada", "ada@x.org", "UID:ada-1\r\n"),
                ("Bo", "bo@x.org", "X-CUSTOM:kept\r\n"),
                ("Cy", "cy@x.org", "UID:urn:uuid:0f8fad5b-d9cb-469f-a165-70867728950e\r\n"),
                ("Known Again", "K@X.org", "NOTE:merged\r\n"),
            ]
        ),
        encoding="utf-8",
    )
    result = apply_import(default_decisions(review_file(path)), source="people.vcf")
    ids = [*result.added, known]
    uids = dict(Contact.select(Contact.id, Contact.uid).where(Contact.id.in_(ids)).tuples())
    cards = stored_cards(ids)
    assert len(result.added) == 3 and set(result.added) <= set(cards)
    rows = draft_rows(result.added)
    for cid in result.added:
        assert cards[cid][1] == rows[cid].fingerprint(uids[cid], None), cid
