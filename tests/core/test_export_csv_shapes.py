"""Google- and Outlook-shaped CSV exports keep channel labels, and Kith reads them back."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from kith.core.contacts import ChannelDraft, ContactDraft, save_contact
from kith.core.export import export_google_csv, export_outlook_csv
from kith.core.importing.review import ImportReview

ANN = ContactDraft(
    full_name="Ann Lee",
    given_name="Ann",
    family_name="Lee",
    company="Acme",
    title="CTO",
    location="Lisbon",
    met_on=date(2024, 5, 1),
    tags=["board", "friends"],
    birthday_month=3,
    birthday_day=4,
    channels=[
        ChannelDraft("email", "ann@acme.example", "work"),
        ChannelDraft("email", "ann@home.example", "Personal Stuff"),
        ChannelDraft("phone", "+1 415 555 0133", "mobile"),
        ChannelDraft("phone", "+1 415 555 0100", "work"),
        ChannelDraft("phone", "+1 415 555 0199", "work fax"),
        ChannelDraft("url", "https://ann.example", ""),
        ChannelDraft("social", "@ann", "Mastodon"),
        ChannelDraft("address", "1 Main St, Springfield, IL 62701, USA", "home"),
    ],
    notes="Met at the offsite.",
)


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def test_google_csv_keeps_every_label_and_reads_back(db: object, tmp_path: Path) -> None:
    save_contact(ANN)
    path = tmp_path / "google.csv"
    assert export_google_csv(path) == 1
    [row] = rows(path)
    assert (row["E-mail 1 - Label"], row["E-mail 1 - Value"]) == ("* Work", "ann@acme.example")
    assert (row["E-mail 2 - Label"], row["E-mail 2 - Value"]) == (
        "Personal Stuff",
        "ann@home.example",
    )
    assert (row["Phone 3 - Label"], row["Phone 3 - Value"]) == ("work fax", "+1 415 555 0199")
    assert (row["IM 1 - Service"], row["IM 1 - Value"]) == ("Mastodon", "@ann")
    assert row["Labels"] == "board ::: friends"
    assert row["Birthday"] == "--03-04"
    review = ImportReview(path)
    assert review.format_name == "Google Contacts CSV"
    [back] = review.candidates()
    assert sorted((c.kind, c.value, c.label) for c in back.parsed.draft.channels) == sorted(
        (c.kind, c.value, c.label) for c in ANN.channels
    )
    assert back.parsed.draft.tags == ANN.tags
    assert "Met on: 2024-05-01" in back.parsed.draft.notes


def test_outlook_csv_puts_each_channel_in_its_labelled_column(db: object, tmp_path: Path) -> None:
    save_contact(ANN)
    path = tmp_path / "outlook.csv"
    assert export_outlook_csv(path) == 1
    assert path.read_bytes().count(b"\r\n") >= 2
    [row] = rows(path)
    assert row["Mobile Phone"] == "+1 415 555 0133"
    assert row["Business Phone"] == "+1 415 555 0100"
    assert row["Business Fax"] == "+1 415 555 0199"
    assert row["E-mail Address"] == "ann@acme.example"
    assert row["E-mail 2 Address"] == "ann@home.example"
    assert row["Home Street"] == "1 Main St, Springfield, IL 62701, USA"
    assert row["IMAddress"] == "@ann"
    assert row["Job Title"] == "CTO" and row["Categories"] == "board;friends"
    assert "Label of ann@home.example: Personal Stuff" in row["Notes"]
    assert "Birthday: --03-04" in row["Notes"]  # Outlook has no year-less birthday
    review = ImportReview(path)
    assert review.format_name == "Outlook CSV"
    [back] = review.candidates()
    labels = {(c.kind, c.value): c.label for c in back.parsed.draft.channels}
    assert labels[("phone", "+1 415 555 0133")] == "mobile"
    assert labels[("phone", "+1 415 555 0199")] == "work fax"
    assert labels[("address", "1 Main St, Springfield, IL 62701, USA")] == "home"


def test_outlook_csv_notes_what_has_no_column_left(db: object, tmp_path: Path) -> None:
    many = [ChannelDraft("email", f"p{n}@example.org", "") for n in range(5)]
    save_contact(ContactDraft(full_name="Many Mails", channels=many))
    path = tmp_path / "outlook.csv"
    export_outlook_csv(path)
    [row] = rows(path)
    assert row["E-mail 3 Address"] == "p2@example.org"
    assert "Email: p3@example.org" in row["Notes"] and "Email: p4@example.org" in row["Notes"]
