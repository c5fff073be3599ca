"""CSV files as Google, Outlook and LinkedIn export them, any CSV with names, and encodings."""

from __future__ import annotations

import codecs
from datetime import date
from pathlib import Path

import pytest

from kith.core.importing.csv_file import csv_flavour, parse_csv, parse_date
from kith.core.importing.file import (
    ImportFileError,
    InvalidEntry,
    ParsedContact,
    decode_text,
    read_import_bytes,
)

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "import"


def read(name: str) -> tuple[str, str]:
    return decode_text(read_import_bytes(FIXTURES / name), name)


def entries(name: str) -> list[ParsedContact | InvalidEntry]:
    return list(parse_csv(read(name)[0]))


def people(name: str) -> dict[str, ParsedContact]:
    return {e.draft.full_name: e for e in entries(name) if isinstance(e, ParsedContact)}


def test_google_csv_type_value_columns_and_multi_values() -> None:
    assert csv_flavour(read("google.csv")[0]) == "google"
    marcus = people("google.csv")["Marcus Chen"].draft
    assert [(c.kind, c.value, c.label) for c in marcus.channels] == [
        ("email", "marcus@fundco.example", "work"),
        ("email", "m.chen@fundco.example", "work"),  # " ::: " holds two values in one cell
        ("email", "marcus.chen@mail.example", "home"),
        ("phone", "+1 415 555 0133", "mobile"),
        ("phone", "+1 415 555 0100", "work"),
        ("url", "https://fundco.example/marcus", "Profile"),
        ("address", "1 Market St, San Francisco, CA 94105, USA", "work"),
    ]
    assert (marcus.company, marcus.title) == ("FundCo", "Partner")
    assert marcus.tags == ["Investors"]  # not Google's "* myContacts" or "* starred"
    assert marcus.notes == "Board member; likes sailing.\nAsk about the boat."
    assert marcus.department == "Ventures"
    assert (marcus.birthday_year, marcus.birthday_month, marcus.birthday_day) == (1979, 5, 21)


def test_google_csv_rows_after_a_multiline_cell_keep_their_line_numbers() -> None:
    found = entries("google.csv")
    lea = found[1]
    assert isinstance(lea, ParsedContact) and lea.source == "line 6"
    assert (lea.draft.nickname, lea.draft.birthday_year, lea.draft.birthday_month) == (
        "Lou",
        None,
        8,
    )
    assert isinstance(found[2], InvalidEntry)
    assert found[2].reason == "Line 7 has no name (only nameless@example.com)."


def test_google_csv_2024_label_columns() -> None:
    found = people("google-2024.csv")
    nadia = found["Dr. Nadia Haddad"].draft
    assert (nadia.given_name, nadia.family_name, nadia.company) == ("Nadia", "Haddad", "Cedar Labs")
    assert [(c.kind, c.value, c.label) for c in nadia.channels] == [
        ("email", "nadia@cedar.example", "home"),
        ("email", "n.haddad@cedar-labs.example", "work"),
        ("url", "nadia.example/blog", "Blog"),
        ("address", "5 Rue Hamra, Beirut", "home"),
    ]
    assert nadia.tags == ["Science"]


def test_outlook_csv_in_windows_1252() -> None:
    text, encoding = read("outlook.csv")
    assert encoding == "cp1252"
    assert csv_flavour(text) == "outlook"
    zoe = people("outlook.csv")["Zoë Brontë"].draft
    assert zoe.title == "Café Owner"  # "Job Title", not the courtesy title "Ms."
    assert zoe.company == "Brontë & Co"
    assert [(c.kind, c.value, c.label) for c in zoe.channels] == [
        ("email", "zoe@bronte.example", ""),
        ("email", "zoe.b@mail.example", ""),
        ("phone", "+44 7700 900456", "mobile"),
        ("phone", "+44 20 7946 0958", "work"),
        ("phone", "+44 20 7946 0999", "work fax"),
        ("url", "www.bronte.example", ""),
        ("address", "12 Haworth Rd, Keighley, BD22 8DR, United Kingdom", "work"),
    ]
    assert zoe.tags == ["Suppliers", "Yorkshire"]
    assert (zoe.birthday_year, zoe.birthday_month, zoe.birthday_day) == (1984, 4, 30)
    assert "Loves résumés; hates “smart” quotes." in zoe.notes
    tom = people("outlook.csv")["Tom Okafor"].draft
    assert (tom.birthday_year, tom.birthday_month, tom.birthday_day) == (1990, 12, 31)
    assert tom.tags == []  # Outlook's default "My Contacts" category is not a tag


def test_outlook_unicode_csv_in_utf16_with_bom() -> None:
    _text, encoding = read("outlook-utf16.csv")
    assert encoding == "utf-16"
    assert set(people("outlook-utf16.csv")) == {"Zoë Brontë", "Tomás Okafor"}


def test_linkedin_connections_with_notes_before_the_header() -> None:
    found = entries("linkedin-connections.csv")
    amara = found[0]
    assert isinstance(amara, ParsedContact)
    assert amara.source == "line 5"
    d = amara.draft
    assert (d.full_name, d.company, d.title) == ("Amara Okonkwo", "Initech", "Staff Engineer")
    assert (d.how_met, d.met_on) == ("LinkedIn", date(2023, 3, 14))
    assert [(c.kind, c.value, c.label) for c in d.channels] == [
        ("email", "amara@example.com", ""),
        ("url", "https://www.linkedin.com/in/amara-okonkwo", "LinkedIn"),
    ]
    bjorn = found[1]
    assert isinstance(bjorn, ParsedContact)
    assert bjorn.draft.company == "Volvo Cars, Göteborg"
    assert bjorn.draft.met_on == date(2019, 1, 2)
    assert isinstance(found[2], InvalidEntry) and found[2].reason.startswith("Line 7 has no name")


def test_any_csv_with_a_name_column() -> None:
    found = people("generic-semicolon.csv")
    ingrid = found["Ingrid Svensson"].draft
    assert ingrid.tags == ["music", "stockholm"]
    assert [c.value for c in ingrid.channels] == ["ingrid@example.se", "+46 70 123 45 67"]
    assert [c.value for c in found["Pedro Alves"].draft.channels] == [
        "pedro@example.pt",
        "pedro.work@example.pt",
    ]


def test_csv_without_a_name_column_says_what_it_needs() -> None:
    text, _ = read("no-name-column.csv")
    with pytest.raises(ImportFileError) as info:
        list(parse_csv(text))
    message = str(info.value)
    assert "no column with people's names" in message
    assert "“Email”, “Phone”, “Company”" in message


@pytest.mark.parametrize(
    ("data", "encoding", "expected"),
    [
        (codecs.BOM_UTF8 + "Name\nJosé\n".encode(), "utf-8-sig", "Name\nJosé\n"),
        ("Name\nJosé\n".encode("utf-16"), "utf-16", "Name\nJosé\n"),
        ("Name\nJosé\n".encode("utf-16-be"), "utf-16-be", "Name\nJosé\n"),
        ("Name\nJosé\n".encode(), "utf-8", "Name\nJosé\n"),
        ("Name\nJosé “Pepe”\n".encode("cp1252"), "cp1252", "Name\nJosé “Pepe”\n"),
    ],
)
def test_encodings(data: bytes, encoding: str, expected: str) -> None:
    assert decode_text(data) == (expected, encoding)


def test_binary_and_empty_files_are_refused_with_a_reason() -> None:
    with pytest.raises(ImportFileError, match="not a text file"):
        decode_text((FIXTURES / "binary.vcf").read_bytes(), "binary.vcf")
    with pytest.raises(ImportFileError, match="is empty"):
        decode_text(b"  \n", "empty.csv")


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(ImportFileError, match="There is no file"):
        read_import_bytes(tmp_path / "nope.vcf")
    with pytest.raises(ImportFileError, match="is a folder"):
        read_import_bytes(tmp_path)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1985-03-04", (1985, 3, 4)),
        ("--03-04", (None, 3, 4)),
        ("14 Mar 2023", (2023, 3, 14)),
        ("02 Jan 2019", (2019, 1, 2)),
        ("Mar 14, 2023", (2023, 3, 14)),
        ("4/30/1984", (1984, 4, 30)),
        ("31/12/1990", (1990, 12, 31)),
        ("0/0/00", None),
        ("someday", None),
    ],
)
def test_dates_exporters_write(text: str, expected: object) -> None:
    assert parse_date(text) == expected
