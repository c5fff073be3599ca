"""Important dates beside the birthday (issue 14): anniversaries and dates of the user's own
naming are fields — saved, read from other address books, written back, on Today and in the
calendar — never lines in the notes."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest

from kith.core.contacts import (
    ContactDraft,
    ImportantDate,
    delete_contacts,
    load_draft,
    restore_contacts,
    save_contact,
    save_contacts,
    update_contacts,
)
from kith.core.errors import ValidationError
from kith.core.export import export_contacts_csv, export_google_csv, export_outlook_csv
from kith.core.importing.apply import apply_import, default_decisions
from kith.core.importing.file import ParsedContact
from kith.core.importing.original_card import keep_cards
from kith.core.importing.review import review_file
from kith.core.importing.vcard import contact_to_vcard, parse_vcard, parse_vcards
from kith.core.merge import merge_drafts
from kith.core.rules.birthdays import birthdays_between
from kith.core.today import today_overview
from kith.store.changes import writing
from kith.store.database import close_database, open_database
from kith.store.models import Contact

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"

WEDDING = ImportantDate("Anniversary", 8, 18, 2012)
CLIMB = ImportantDate("First climb", 3, 1, None)


def _unfolded(card: str) -> list[str]:
    return card.replace("\r\n ", "").split("\r\n")


def test_dates_are_saved_in_order_and_come_back(db: object) -> None:
    cid = save_contact(ContactDraft(full_name="Björn Lindqvist", dates=[WEDDING, CLIMB]))
    assert load_draft(cid).dates == [WEDDING, CLIMB]
    [bulk] = save_contacts([ContactDraft(full_name="Karin", dates=[CLIMB, WEDDING])])
    assert load_draft(bulk).dates == [CLIMB, WEDDING]
    # The bulk update (an import merging into many people) replaces them the same way.
    with writing("contact"):
        update_contacts({cid: ContactDraft(full_name="Björn Lindqvist", dates=[CLIMB])})
    assert load_draft(cid).dates == [CLIMB]
    assert load_draft(bulk).dates == [CLIMB, WEDDING]


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (ImportantDate("Anniversary", 2, 30, None), "That day does not exist in that month"),
        (ImportantDate("Anniversary", 2, 29, 2023), "That day does not exist in that month"),
        (ImportantDate("Anniversary", 0, 12, None), "A date needs at least a day and a month"),
        (ImportantDate("Anniversary", 13, 1, None), "The month must be between 1 and 12"),
        (ImportantDate("x" * 61, 1, 1, None), "Keep a date's name under 60 characters"),
    ],
)
def test_an_impossible_date_is_named_beside_its_row(
    db: object, bad: ImportantDate, message: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        save_contact(ContactDraft(full_name="Ana", dates=[WEDDING, bad]))
    assert caught.value.errors == {"dates.1": message}


def test_deleting_and_undoing_keeps_the_dates(db: object) -> None:
    cid = save_contact(ContactDraft(full_name="Björn", dates=[WEDDING, CLIMB]))
    snapshot = delete_contacts([cid])
    [back] = restore_contacts(snapshot)
    assert load_draft(back).dates == [WEDDING, CLIMB]


def test_a_fresh_card_says_anniversary_and_apples_labelled_dates(db: object) -> None:
    cid = save_contact(ContactDraft(full_name="Björn", dates=[WEDDING, CLIMB]))
    card = contact_to_vcard(cid)
    lines = _unfolded(card)
    assert "ANNIVERSARY:20120818" in lines
    assert "item1.X-ABDATE;X-APPLE-OMIT-YEAR=1604:1604-03-01" in lines
    assert "item1.X-ABLABEL:First climb" in lines
    assert not any(line.startswith("NOTE") for line in lines)
    again = parse_vcard(card)
    assert again.draft.dates == [WEDDING, CLIMB]
    assert again.draft.notes == ""


def test_a_second_anniversary_goes_out_with_apples_anniversary_label(db: object) -> None:
    second = ImportantDate("Anniversary", 5, 2, 1990)
    cid = save_contact(ContactDraft(full_name="Ana", dates=[WEDDING, second]))
    lines = _unfolded(contact_to_vcard(cid))
    assert "item1.X-ABDATE:1990-05-02" in lines
    assert "item1.X-ABLABEL:_$!<Anniversary>!$_" in lines
    assert parse_vcard(contact_to_vcard(cid)).draft.dates == [WEDDING, second]


def test_a_date_edited_in_kith_replaces_only_its_lines_of_the_kept_card(db: object) -> None:
    result = apply_import(default_decisions(review_file(FIXTURES / "apple-dates-relations.vcf")))
    [cid] = result.added
    draft = load_draft(cid)
    assert draft.dates == [WEDDING, ImportantDate("first climb", 3, 1, 2019)]
    draft.dates = [WEDDING, ImportantDate("First climb", 3, 2, 2019)]
    save_contact(draft, cid)
    lines = _unfolded(contact_to_vcard(cid))
    assert "item3.X-ABDATE:2019-03-01" not in lines
    assert "item3.X-ABLabel:first climb" not in lines
    [climb] = [line for line in lines if line.endswith("X-ABDATE:2019-03-02")]
    group = climb.split(".", 1)[0]
    assert f"{group}.X-ABLABEL:First climb" in lines
    # A 3.0 card has no ANNIVERSARY: Apple's labelled date, as the card had it.
    [wedding] = [line for line in lines if line.endswith("X-ABDATE:2012-08-18")]
    assert f"{wedding.split('.', 1)[0]}.X-ABLABEL:_$!<Anniversary>!$_" in lines
    assert "item4.X-ABRELATEDNAMES;type=pref:Karin Lindqvist" in lines  # the rest as it was
    assert "X-ABUID:A1B2C3D4-0000-4000-8000-000000000001:ABPerson" in lines
    assert parse_vcard(contact_to_vcard(cid)).draft.dates == draft.dates


def test_an_anniversary_added_to_a_kept_3_0_card_is_written_as_3_0_reads_it(
    db: object,
) -> None:
    card = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Siobhán\r\nN:;Siobhán;;;\r\nEND:VCARD\r\n"
    cid = save_contact(ContactDraft(full_name="Siobhán", given_name="Siobhán"))
    with writing("contact_card"):
        keep_cards({cid: (card, "")})
    draft = load_draft(cid)
    draft.dates = [ImportantDate("Anniversary", 5, 21, None)]
    save_contact(draft, cid)
    out = contact_to_vcard(cid)
    assert "item1.X-ABDATE;X-APPLE-OMIT-YEAR=1604:1604-05-21" in _unfolded(out)
    assert "item1.X-ABLABEL:_$!<Anniversary>!$_" in _unfolded(out)
    assert "\nANNIVERSARY" not in out
    assert parse_vcard(out).draft.dates == draft.dates


def test_google_outlook_and_kith_csv_carry_the_dates(db: object, tmp_path: Path) -> None:
    cid = save_contact(ContactDraft(full_name="Björn Lindqvist", dates=[WEDDING, CLIMB]))
    google, outlook, own = tmp_path / "g.csv", tmp_path / "o.csv", tmp_path / "k.csv"
    export_google_csv(google, [cid])
    export_outlook_csv(outlook, [cid])
    export_contacts_csv(own, [cid])
    [from_google] = review_file(google)
    assert from_google.parsed.draft.dates == [WEDDING, CLIMB]
    [from_own] = review_file(own)
    assert from_own.parsed.draft.dates == [WEDDING, CLIMB]
    [from_outlook] = review_file(outlook)
    # Outlook has one column, for an anniversary; the other date is a line in Notes.
    assert from_outlook.parsed.draft.dates == [WEDDING]
    assert "First climb: --03-01" in from_outlook.parsed.draft.notes


def test_outlook_csv_anniversary_is_a_date_and_none_is_nothing(db: object) -> None:
    [rows] = [list(review_file(FIXTURES / "outlook.csv"))]
    for row in rows:
        assert row.parsed.draft.dates == []  # "0/0/00" is Outlook's "none"
        assert "Anniversary" not in row.parsed.draft.notes


def test_an_unreadable_date_stays_in_the_notes_with_a_warning() -> None:
    card = (
        "BEGIN:VCARD\nVERSION:4.0\nFN:Ana\nANNIVERSARY:last spring\n"
        "item1.X-ABDATE:2019-02-30\nitem1.X-ABLabel:Climb\nEND:VCARD\n"
    )
    [entry] = list(parse_vcards(card))
    assert isinstance(entry, ParsedContact)
    assert entry.draft.dates == []
    assert "Anniversary: last spring" in entry.draft.notes
    assert "Climb: 2019-02-30" in entry.draft.notes
    assert len(entry.warnings) == 2


def test_merging_unites_dates_and_fills_a_missing_year() -> None:
    mine = ContactDraft(full_name="Ana", dates=[ImportantDate("Anniversary", 8, 18, None)])
    theirs = ContactDraft(full_name="Ana", dates=[WEDDING, CLIMB])
    merged = merge_drafts(mine, theirs)
    assert merged.draft.dates == [WEDDING, CLIMB]
    assert merged.changes == [
        "adds the year to Anniversary 2012-08-18",
        "adds the date First climb --03-01",
    ]
    assert not merge_drafts(merged.draft, theirs).changed


def test_dates_are_on_today_and_in_the_calendar_beside_birthdays(
    db: object, now: object, today: date
) -> None:
    soon = today + timedelta(days=3)
    save_contact(
        ContactDraft(
            full_name="Ana Ruiz",
            birthday_month=soon.month,
            birthday_day=soon.day,
            dates=[ImportantDate("Anniversary", soon.month, soon.day, soon.year - 10)],
        )
    )
    save_contact(
        ContactDraft(
            full_name="Archived",
            archived=True,
            dates=[ImportantDate("Anniversary", soon.month, soon.day, None)],
        )
    )
    found = birthdays_between(today, today + timedelta(days=14))
    assert [(b.title, b.day) for b in found] == [
        ("Ana Ruiz’s birthday", soon),
        ("Ana Ruiz’s anniversary", soon),
    ]
    assert found[1].text(today) == "in 3 days, 10 years"
    overview = today_overview(now)  # type: ignore[arg-type]
    assert [b.title for b in overview.birthdays] == [b.title for b in found]


def test_the_upgrade_moves_a_kept_cards_dates_out_of_the_notes(tmp_path: Path) -> None:
    """A database of version 11 kept the card and wrote the dates into the notes; upgraded,
    they are dates, and the notes are what the card's NOTE says again."""
    path = tmp_path / "old.sqlite"
    open_database(path)
    card = (FIXTURES / "apple-dates-relations.vcf").read_text(encoding="utf-8")
    notes = "Met at the crag\n\nAnniversary: 2012-08-18\nFirst climb: 2019-03-01"
    cid = save_contact(ContactDraft(full_name="Björn Lindqvist", notes=notes))
    with writing("contact_card"):
        keep_cards({cid: (card, "")})
    close_database()
    conn = sqlite3.connect(path)
    conn.execute("DROP TABLE contact_date")
    conn.execute("PRAGMA user_version = 11")
    conn.commit()
    conn.close()
    open_database(path)
    try:
        draft = load_draft(cid)
        assert draft.dates == [WEDDING, ImportantDate("first climb", 3, 1, 2019)]
        assert draft.notes == "Met at the crag"
        from kith.core.directory import contact_ids

        assert contact_ids("crag") == [cid]
        assert contact_ids("climb") == []
        assert Contact.get_by_id(cid).full_name == "Björn Lindqvist"
    finally:
        close_database()


def test_the_upgrade_turns_an_older_imports_anniversary_lines_into_dates(tmp_path: Path) -> None:
    """Imported before cards were kept (or from a CSV), a person has only the notes lines the
    import wrote; upgraded, exactly those lines are dates, and every other line stays."""
    path = tmp_path / "old.sqlite"
    open_database(path)
    wed = save_contact(
        ContactDraft(
            full_name="Ana Lima",
            notes="Met at PyCon\n\nAnniversary: 2012-08-18\nAnniversary: --05-02\n\nLikes tea",
        )
    )
    kept = (
        "Anniversary: sometime in May\n"  # not a date the import wrote: stays
        "Our anniversary: 2012-08-18\n"  # not the import's line: stays
        "Anniversary: 2023-02-30"  # no such day: stays
    )
    other = save_contact(ContactDraft(full_name="Bo Jensen", notes=kept))
    csv_only = save_contact(ContactDraft(full_name="Cy Park", notes="Anniversary: 1604-11-03"))
    close_database()
    conn = sqlite3.connect(path)
    conn.execute("DROP TABLE contact_date")
    conn.execute("PRAGMA user_version = 11")
    conn.commit()
    conn.close()
    open_database(path)
    try:
        ana = load_draft(wed)
        assert ana.dates == [WEDDING, ImportantDate("Anniversary", 5, 2, None)]
        assert ana.notes == "Met at PyCon\n\nLikes tea"
        bo = load_draft(other)
        assert (bo.dates, bo.notes) == ([], kept)
        cy = load_draft(csv_only)
        assert (cy.dates, cy.notes) == ([ImportantDate("Anniversary", 11, 3, None)], "")
        from kith.core.directory import contact_ids

        assert contact_ids("tea") == [wed]
        assert contact_ids("2012") == [other]
        indexes = {
            row[0]
            for row in sqlite3.connect(path).execute(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'contact_date'"
            )
        }
        assert indexes == {
            "contact_date_contact_id",
            "contact_date_contact_id_position",
            "contact_date_month_day",
        }
    finally:
        close_database()


def test_the_icalendar_export_has_the_dates_as_yearly_events(db: object, tmp_path: Path) -> None:
    from icalendar import Calendar

    from kith.core.export import export_icalendar

    save_contact(ContactDraft(full_name="Björn", dates=[WEDDING, CLIMB]))
    out = tmp_path / "kith.ics"
    assert export_icalendar(out) == (0, 0, 2)
    events = {str(e["summary"]): e for e in Calendar.from_ical(out.read_bytes()).walk("VEVENT")}
    assert set(events) == {"Björn: Anniversary", "Björn: First climb"}
    assert events["Björn: Anniversary"].decoded("dtstart") == date(2012, 8, 18)
    assert events["Björn: First climb"]["rrule"]["FREQ"] == ["YEARLY"]
