"""Undoing an import removes exactly what it added and puts merged people back."""

from __future__ import annotations

from pathlib import Path

from kith.core.contacts import ChannelDraft, ContactDraft, load_draft, save_contact
from kith.core.directory import contact_ids
from kith.core.importing.apply import apply_import, default_decisions
from kith.core.importing.original_card import stored_cards
from kith.core.importing.review import review_file
from kith.core.importing.undo import before_import, import_undo, redo_import, undo_import

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "import"


def test_undo_and_redo_an_import_with_a_merge(db: object) -> None:
    sofia = save_contact(
        ContactDraft(
            full_name="Sofia Ramirez", channels=[ChannelDraft("email", "SOFIA@acme.example")]
        )
    )
    original = load_draft(sofia)
    decisions = default_decisions(review_file(FIXTURES / "apple.vcf"))
    before = before_import(decisions)
    result = apply_import(decisions, source="apple.vcf")
    assert len(result.added) == 1 and result.merged == [sofia]
    merged = load_draft(sofia)
    assert merged != original
    state = import_undo(result, before)
    card = stored_cards([sofia])[sofia]
    assert "FN:Sofía Ramírez" in card[0]  # she had no card: the file's is kept

    undo_import(state)
    assert contact_ids() == [sofia]
    assert load_draft(sofia) == original
    assert stored_cards([sofia]) == {}  # exactly as before, without the file's card

    redo_import(state)
    assert len(contact_ids()) == 2
    assert load_draft(sofia) == merged
    assert stored_cards([sofia]) == {sofia: card}
    undo_import(state)
    assert contact_ids() == [sofia]
