"""The three-way merge of a contact edited on both sides (no server needed)."""

from __future__ import annotations

from datetime import date, datetime

from kith.core.contacts import ChannelDraft, ContactDraft
from kith.core.sync.contact_merge import (
    merge_relationship,
    merge_three_way,
    with_conflict_lines,
)

EARLY = datetime(2026, 5, 1, 9)
LATE = datetime(2026, 5, 1, 10)


def card(**fields: object) -> ContactDraft:
    return ContactDraft(**{"full_name": "Ana Lima", **fields})  # type: ignore[arg-type]


def test_each_side_keeps_its_own_changes_and_removals() -> None:
    base = card(
        tags=["python", "climbing"],
        channels=[ChannelDraft("email", "ana@old.example"), ChannelDraft("phone", "+1 555 0100")],
    )
    local = card(
        title="CTO",
        tags=["python"],  # "climbing" removed here
        channels=[ChannelDraft("email", "ana@old.example"), ChannelDraft("phone", "+1 555 0100")],
    )
    remote = card(
        company="Acme",
        tags=["python", "climbing", "investor"],  # "investor" added there
        channels=[ChannelDraft("phone", "+1 555 0100")],  # the old email removed there
    )
    result = merge_three_way(base, local, remote, local_time=EARLY, remote_time=LATE)
    assert (result.draft.title, result.draft.company) == ("CTO", "Acme")
    assert result.draft.tags == ["python", "investor"]
    assert [c.value for c in result.draft.channels] == ["+1 555 0100"]
    assert result.conflicts == []
    assert result.draft.notes == ""


def test_the_same_field_changed_twice_keeps_the_newer_and_notes_the_older() -> None:
    base = card(company="Initech", circle=3, notes="Met at PyCon")
    local = card(company="Hooli", circle=2, notes="Met at PyCon. Likes climbing.")
    remote = card(company="Umbrella", circle=3, notes="Met at PyCon. Two kids.")
    result = merge_three_way(
        base, local, remote, local_time=LATE, remote_time=EARLY, today="2026-05-02"
    )
    assert result.draft.company == "Hooli"
    assert result.draft.circle == 2  # only changed here
    assert result.conflicts == ["Company was “Umbrella” on the server"]
    assert result.draft.notes == (
        "Met at PyCon. Likes climbing.\n\nMet at PyCon. Two kids.\n\n"
        "Sync conflict 2026-05-02:\nCompany was “Umbrella” on the server"
    )
    older = merge_three_way(base, local, remote, local_time=EARLY, remote_time=LATE)
    assert older.draft.company == "Umbrella"
    assert older.conflicts == ["Company was “Hooli” in this Kith"]


def test_dates_added_or_removed_on_either_side_are_kept_so() -> None:
    from kith.core.contacts import ImportantDate

    wedding = ImportantDate("Anniversary", 8, 18, 2012)
    climb = ImportantDate("First climb", 3, 1)
    base = card(dates=[wedding, climb])
    local = card(dates=[wedding, climb, ImportantDate("Name day", 7, 26)])  # added here
    remote = card(dates=[wedding])  # the climb removed there
    result = merge_three_way(base, local, remote, local_time=EARLY, remote_time=LATE)
    assert result.draft.dates == [wedding, ImportantDate("Name day", 7, 26)]
    assert result.conflicts == []


def test_a_relationship_changed_on_one_side_is_taken_and_on_both_keeps_the_other_in_words() -> None:
    friend = ("friend", "met climbing", None)
    spouse = ("family", "spouse", date(2021, 6, 12))
    colleague = ("colleague", "", None)
    assert merge_relationship(friend, friend, spouse, local_wins=True, other="Bo") == (spouse, None)
    assert merge_relationship(friend, None, friend, local_wins=False, other="Bo") == (None, None)
    assert merge_relationship(friend, spouse, spouse, local_wins=False, other="Bo") == (
        spouse,
        None,
    )
    assert merge_relationship(friend, colleague, spouse, local_wins=True, other="Bo") == (
        colleague,
        "Relationship with Bo was “Family: spouse, since 2021-06-12” on the server",
    )
    assert merge_relationship(friend, colleague, None, local_wins=False, other="Bo") == (
        None,
        "Relationship with Bo was “Colleague” in this Kith",
    )


def test_conflict_lines_join_todays_block_and_are_never_written_twice() -> None:
    notes = "Likes tea\n\nSync conflict 2026-05-02:\nCompany was “Umbrella” on the server"
    line = "Relationship with Bo was “(none)” on the server"
    once = with_conflict_lines(notes, [line], "2026-05-02")
    assert once == notes + "\n" + line
    assert with_conflict_lines(once, [line], "2026-05-02") == once
    assert with_conflict_lines("Likes tea", [line], "2026-05-03") == (
        "Likes tea\n\nSync conflict 2026-05-03:\n" + line
    )
