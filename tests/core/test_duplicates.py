"""Merging two stored duplicates, and undoing it exactly."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from kith.core.contacts import ChannelDraft, ContactDraft, load_draft, save_contact
from kith.core.duplicates import merge_pair, pair_side, remerge, unmerge
from kith.core.follow_ups import FollowUpDraft, create_follow_up
from kith.core.goals import GoalDraft, create_goal, link_contacts
from kith.core.interactions import InteractionDraft, log_interaction
from kith.core.relationships import set_relationship
from kith.store.models import (
    Contact,
    FollowUp,
    GoalContact,
    Interaction,
    InteractionContact,
    Relationship,
)


def state() -> dict[str, Any]:
    """Everything a merge touches, in a comparable form (row ids of links left out)."""
    contacts = {c.id: load_draft(c.id) for c in Contact.select()}
    return {
        "contacts": contacts,
        "introduced": {c.id: c.introduced_by_id for c in Contact.select()},
        "interactions": sorted((i.id, i.summary) for i in Interaction.select()),
        "links": sorted((x.interaction_id, x.contact_id) for x in InteractionContact.select()),
        "follow_ups": sorted((f.id, f.contact_id, f.title) for f in FollowUp.select()),
        "goals": sorted((g.goal_id, g.contact_id) for g in GoalContact.select()),
        "relationships": sorted((r.a_id, r.b_id, r.kind, r.note) for r in Relationship.select()),
    }


def test_merge_pair_keeps_everything_and_undo_puts_both_back_exactly(
    db: object, now: datetime, today: date
) -> None:
    ana = save_contact(
        ContactDraft(
            full_name="Ana Souza",
            company="Acme",
            tags=["client"],
            channels=[ChannelDraft("email", "ana@acme.example")],
        )
    )
    dup = save_contact(
        ContactDraft(
            full_name="Ana S.",
            tags=["speaker"],
            channels=[
                ChannelDraft("email", "ana@acme.example"),
                ChannelDraft("phone", "+351 912 345 678"),
            ],
        )
    )
    ben = save_contact(ContactDraft(full_name="Ben Okafor"))
    cleo = save_contact(ContactDraft(full_name="Cleo Park", introduced_by_id=dup))

    def log(summary: str, ids: list[int]) -> None:
        log_interaction(
            InteractionDraft(
                occurred_at=now - timedelta(days=len(summary)), summary=summary, contact_ids=ids
            )
        )

    log("lunch with Ana", [ana])
    log("call with Ana S.", [dup])
    log("both Anas at once", [ana, dup])
    log("dinner with Ana S. and Ben", [dup, ben])
    create_follow_up(FollowUpDraft("Send the deck", today, contact_id=dup))
    goal = create_goal(GoalDraft(title="Find a co-founder"))
    link_contacts(goal, [ana, dup])
    set_relationship(dup, ben, "colleague", "worked together at Globex")
    set_relationship(ana, ben, "knows", "met at a meetup")
    before = state()
    assert pair_side(dup) is not None and pair_side(dup).interactions == 3  # type: ignore[union-attr]

    merged = merge_pair(ana, dup)
    after = state()
    assert dup not in after["contacts"]
    kept = after["contacts"][ana]
    assert set(kept.tags) == {"client", "speaker"}
    assert {link for link in after["links"] if link[1] == ana} == {
        (i, ana) for i, _ in before["interactions"]
    }
    assert [f[1] for f in after["follow_ups"]] == [ana]
    assert after["introduced"][cleo] == ana

    unmerge(merged)
    assert state() == before

    remerge(merged)
    assert state() == after
    unmerge(merged)
    assert state() == before
