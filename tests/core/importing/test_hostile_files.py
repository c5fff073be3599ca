"""Files made (or damaged) to stall or break the importer: each is read within a second, the
card or row that could not be read is named, and everyone else in the file can be imported."""

from __future__ import annotations

import base64
import csv
from pathlib import Path

import pytest

from kith.core.importing.csv_file import parse_csv
from kith.core.importing.file import ImportFileError, InvalidEntry, ParsedContact
from kith.core.importing.review import ImportReview, Status
from kith.core.importing.vcard import VCardError, parse_vcard, parse_vcards
from tests.core.importing.limits import within_a_second

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "import"

#: Mallory's card in many-parameters.vcf, as the review names it.
MALLORY = (
    "Card 2 (line 6), Mallory Stall: line 10 has 24 parameters, more than any address "
    "book writes (Kith reads up to 20)."
)


def card(*lines: str) -> str:
    return "BEGIN:VCARD\r\nVERSION:3.0\r\n" + "".join(f"{ln}\r\n" for ln in lines) + "END:VCARD\r\n"


def parameters(count: int) -> str:
    return "".join(f";TYPE=x{i}" for i in range(1, count + 1))


class CancelAfter:
    """A ``should_cancel`` that says yes from its (n + 1)th question on, and counts them."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.asked = 0

    def __call__(self) -> bool:
        self.asked += 1
        return self.asked > self.n


# --- vCard ------------------------------------------------------------------------------------


def test_a_card_with_a_24_parameter_line_and_no_colon_is_named_and_the_rest_can_be_imported(
    db: object,
) -> None:
    # 347 bytes that held the window for 15 s: vobject's line pattern backtracks on them.
    review = ImportReview(FIXTURES / "many-parameters.vcf")
    candidates = within_a_second(lambda: list(review.candidates()))
    [invalid] = [c for c in candidates if c.status == Status.INVALID]
    assert (invalid.name, invalid.reason) == ("Mallory Stall", MALLORY)
    new = [c.name for c in candidates if c.status == Status.NEW]
    assert new == ["Ada Lovelace", "Grace Hopper"]


def test_a_server_card_with_that_line_is_refused_with_the_same_reason() -> None:
    text = card("FN:Mallory Stall", "TEL" + parameters(24) + " +44 20 7946 0000")
    with pytest.raises(VCardError) as caught:
        within_a_second(lambda: parse_vcard(text))
    assert str(caught.value) == (
        "Card 1 (line 1), Mallory Stall: line 4 has 24 parameters, more than any address "
        "book writes (Kith reads up to 20)."
    )


def test_a_line_without_a_colon_and_few_parameters_is_skipped_and_the_card_kept() -> None:
    # 20 parameters are allowed, and vobject took 1.5 s to refuse this line.
    [entry] = within_a_second(
        lambda: list(parse_vcards(card("FN:Ada", "EMAIL:ada@example.org", "TEL" + parameters(20))))
    )
    assert isinstance(entry, ParsedContact)
    assert [c.value for c in entry.draft.channels] == ["ada@example.org"]
    assert entry.warnings == [
        "Line 5 (“TEL;TYPE=x1;TYPE=x2;TYPE=x3;TYPE=x4;T…”) could not be read and was skipped."
    ]


def test_a_line_whose_quoted_parameter_never_closes_is_skipped_and_the_card_kept() -> None:
    line = "NOTE" + parameters(18) + ';LABEL="never closed:hello'
    [entry] = within_a_second(lambda: list(parse_vcards(card("FN:Ada", line, "NOTE:kept"))))
    assert isinstance(entry, ParsedContact)
    assert entry.draft.notes == "kept"
    assert len(entry.warnings) == 1 and "Line 4" in entry.warnings[0]


def test_quoted_parameters_with_colons_and_semicolons_still_read() -> None:
    # What real exporters write must pass the check unchanged.
    [entry] = parse_vcards(
        card(
            "FN:Ada",
            'item1.ADR;TYPE=home;LABEL="1 Main St.;Springfield: USA";PREF=1:;;1 Main St.;'
            "Springfield;;;USA",
            'TEL;VALUE=uri;TYPE="voice,cell":tel:+1-555-0100',
            'NOTE;X-A=b="c:d";CHARSET=UTF-8:hello',
        )
    )
    assert isinstance(entry, ParsedContact)
    assert [(c.kind, c.value) for c in entry.draft.channels] == [
        ("phone", "+1-555-0100"),
        ("address", "1 Main St., Springfield, USA"),
    ]
    assert entry.draft.notes == "hello"
    assert entry.warnings == []


def test_a_line_with_thousands_of_characters_before_its_value_names_the_card() -> None:
    line = "NOTE;X-LONG=" + "a" * 5000 + ":hello"
    found = within_a_second(lambda: list(parse_vcards(card("FN:Ada", line) + card("FN:Grace"))))
    assert isinstance(found[0], InvalidEntry)
    assert found[0].reason == (
        "Card 1 (line 1), Ada: line 4 has 5,012 characters before its value, more than any "
        "address book writes (Kith reads up to 4,000)."
    )
    assert isinstance(found[1], ParsedContact) and found[1].draft.full_name == "Grace"


def test_a_folded_photo_of_almost_two_megabytes_is_kept() -> None:
    # vobject's line reader copies the whole line for each folded piece: seconds for this.
    photo = b"\xff\xd8\xff" + bytes(range(256)) * 7400
    data = base64.b64encode(photo).decode("ascii")
    folded = "\r\n ".join(data[i : i + 74] for i in range(0, len(data), 74))
    [entry] = within_a_second(
        lambda: list(parse_vcards(card("FN:Ada", "PHOTO;ENCODING=b;TYPE=JPEG:" + folded)))
    )
    assert isinstance(entry, ParsedContact)
    assert entry.draft.photo == photo


def test_reading_stops_at_the_first_line_after_cancel_even_inside_a_card() -> None:
    long_card = card("FN:Long", *["NOTE:more"] * 10_000) + card("FN:Next")
    for n in (3, 5_000, 15_000):  # before the card, while it is gathered, while it is read
        cancel = CancelAfter(n)
        assert list(parse_vcards(long_card, cancel)) == []
        assert cancel.asked == n + 1
    everyone = list(parse_vcards(long_card, CancelAfter(10**9)))
    assert [e.draft.full_name for e in everyone if isinstance(e, ParsedContact)] == ["Long", "Next"]


# --- CSV --------------------------------------------------------------------------------------


@pytest.fixture
def over_the_limit() -> str:
    """A field one character longer than the csv module reads."""
    return "x" * (csv.field_size_limit() + 1)


def test_a_field_over_the_csv_limit_names_its_line_and_the_rest_can_be_imported(
    db: object, over_the_limit: str
) -> None:
    text = f"Name,Email,Notes\nAda,ada@example.org,hi\nBob,bob@example.org,{over_the_limit}\n"
    text += "Grace,grace@example.org,\n"
    review = ImportReview(Path("people.csv"), data=text.encode("utf-8"))
    candidates = within_a_second(lambda: list(review.candidates()))
    [invalid] = [c for c in candidates if c.status == Status.INVALID]
    assert invalid.reason == (
        "Line 3 has a field over 131,072 characters, more than Kith reads in one field "
        "(often a quotation mark that is never closed); the row was skipped."
    )
    assert [c.name for c in candidates if c.status == Status.NEW] == ["Ada", "Grace"]


def test_a_column_name_over_the_csv_limit_is_a_clear_message(over_the_limit: str) -> None:
    data = f"Name,{over_the_limit}\nAda,1\n".encode()
    with pytest.raises(ImportFileError) as caught:
        ImportReview(Path("people.csv"), data=data)
    assert str(caught.value) == (
        "Kith cannot find the row of column names in this CSV file: line 1 has a field over "
        "131,072 characters, more than Kith reads in one field (often a quotation mark that "
        "is never closed)."
    )


def test_a_preamble_line_over_the_csv_limit_is_passed_over(over_the_limit: str) -> None:
    text = f"Notes: {over_the_limit}\n\nName,Email\nAda,ada@example.org\n"
    [ada] = parse_csv(text)
    assert isinstance(ada, ParsedContact) and ada.draft.full_name == "Ada"


def test_a_google_csv_with_thousands_of_email_columns_reads_within_a_second() -> None:
    header = "Name," + ",".join(f"E-mail {n} - Value" for n in range(1, 5001))
    row = "Ada," + ",".join(f"ada{n}@example.org" for n in range(1, 5001))
    [ada] = within_a_second(lambda: list(parse_csv(f"{header}\n{row}\n")))
    assert isinstance(ada, ParsedContact)
    assert len(ada.draft.channels) == 5000


def test_csv_reading_stops_at_the_first_row_after_cancel() -> None:
    text = "Name\n" + "".join(f"Person {n}\n" for n in range(100))
    cancel = CancelAfter(3)
    assert len(list(parse_csv(text, cancel))) == 3
    assert cancel.asked == 4
