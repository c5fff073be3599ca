"""Contacts from CSV files: Google Contacts, Outlook, LinkedIn Connections, or any with names.

The flavour is told by the header row. LinkedIn's ``Connections.csv`` starts with a few lines
of notes before its header; so may other files, so the header is the first of the first 30
rows that names a person (a "Name", "First Name", "Full Name"… column). The delimiter is a
comma unless the header row has more semicolons or tabs (Outlook in some locales).

Google writes several values in one cell separated by `` ::: `` and marks the primary
one's type with ``*``; its "Group Membership"/"Labels" become tags (without Google's own
``* myContacts``-style system groups). Outlook's "Categories" become tags and its
"Title" is the courtesy title (Mr., Dr.), not the job title. A LinkedIn connection's
"Connected On" becomes the how-we-met date, "LinkedIn" the how-we-met text, and the
profile URL a link labelled LinkedIn.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections.abc import Callable, Iterator
from datetime import date

from kith.core.contacts import (
    ANNIVERSARY,
    AddressParts,
    ChannelDraft,
    ContactDraft,
    ImportantDate,
    date_error,
)
from kith.core.importing.file import Entry, ImportFileError, InvalidEntry, finish_entry

GOOGLE = "google"
OUTLOOK = "outlook"
LINKEDIN = "linkedin"
GENERIC = "csv"

FLAVOUR_NAMES = {
    GOOGLE: "Google Contacts CSV",
    OUTLOOK: "Outlook CSV",
    LINKEDIN: "LinkedIn connections",
    GENERIC: "CSV",
}

_HEADER_SCAN_ROWS = 30


def _key(header: str) -> str:
    """A header reduced to letters and digits, lower-case: "E-mail 1 - Value" → "email1value"."""
    return re.sub(r"[^0-9a-z]", "", header.casefold())


# Generic column names (as keys) for each field; the first present wins.
_GENERIC = {
    "full": ("name", "fullname", "displayname", "contactname", "contact", "person"),
    "given": ("firstname", "givenname", "first", "forename"),
    "family": ("lastname", "familyname", "surname", "last"),
    "nickname": ("nickname", "nick"),
    "email": ("email", "emails", "emailaddress", "emailaddresses", "mail"),
    "phone": ("phone", "phones", "phonenumber", "telephone", "tel", "mobile", "mobilephone"),
    "url": ("website", "url", "links", "link", "web", "homepage", "linkedin"),
    "social": ("social", "socialprofiles", "twitter", "mastodon"),
    "address": ("address", "addresses", "postaladdress"),
    "company": ("company", "organization", "organisation", "org", "employer", "companyname"),
    "title": ("title", "jobtitle", "position", "role", "occupation"),
    "location": ("location", "city", "town"),
    "notes": ("notes", "note", "comments", "comment", "description"),
    "tags": ("tags", "tag", "groups", "group", "categories", "labels"),
    "birthday": ("birthday", "dateofbirth", "dob", "birthdate"),
    "dates": ("dates", "importantdates"),
    "anniversary": ("anniversary", "weddinganniversary"),
    "how_met": ("howwemet", "howmet"),
    "met_on": ("meton", "connectedon", "met"),
    "circle": ("circle",),
    "cadence": ("cadencedays", "cadence"),
    "uid": ("uid",),
}
_NAME_KEYS = set(_GENERIC["full"]) | set(_GENERIC["given"]) | set(_GENERIC["family"])


def detect_flavour(header: list[str]) -> str:
    keys = {_key(h) for h in header}
    if "connectedon" in keys and "firstname" in keys:
        return LINKEDIN
    numbered = r"(email|phone|website|address|event|relation)\d+(type|label|value)"
    if any(re.fullmatch(numbered, k) for k in keys):
        return GOOGLE
    if {"emailaddress", "businessphone"} & keys and ("jobtitle" in keys or "company" in keys):
        return OUTLOOK
    if {"email2address", "mobilephone", "homephone"} & keys and "firstname" in keys:
        return OUTLOOK
    return GENERIC


def _split_multi(value: str, separators: str = r"\n| ::: |;") -> list[str]:
    return [v.strip() for v in re.split(separators, value) if v.strip()]


_MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}


def parse_date(text: str) -> tuple[int | None, int, int] | None:
    """(year or None, month, day) from the date styles exporters write, or None.

    ISO ``1985-03-04`` and ``--03-04``; LinkedIn's ``23 Nov 2026``; US ``3/4/1985`` (day
    first when the first number is over 12); ``0/0/00`` (Outlook's "none") is None.
    """
    text = text.strip()
    if not text:
        return None
    match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?", text)
    if match:
        return int(match.group(1)), int(match.group(2)), int(match.group(3))
    match = re.fullmatch(r"--(\d{2})-?(\d{2})", text)
    if match:
        return None, int(match.group(1)), int(match.group(2))
    match = re.fullmatch(r"(\d{1,2})[ -]([A-Za-z]{3})[a-z]*[ -](\d{4})", text)
    if match and match.group(2).lower() in _MONTHS:
        return int(match.group(3)), _MONTHS[match.group(2).lower()], int(match.group(1))
    match = re.fullmatch(r"([A-Za-z]{3})[a-z]* (\d{1,2}),? (\d{4})", text)
    if match and match.group(1).lower() in _MONTHS:
        return int(match.group(3)), _MONTHS[match.group(1).lower()], int(match.group(2))
    match = re.fullmatch(r"(\d{1,2})[/.](\d{1,2})[/.](\d{2}|\d{4})", text)
    if match:
        first, second, year = (int(g) for g in match.groups())
        if first == 0 or second == 0:
            return None
        if year < 100:
            year += 2000 if year <= date.today().year % 100 else 1900
        month, day = (second, first) if first > 12 else (first, second)
        return year, month, day
    return None


class _Row:
    """One data row with case-and-punctuation-insensitive column access."""

    def __init__(self, header_keys: list[str], cells: list[str]) -> None:
        self.cells: dict[str, str] = {}
        for key, cell in zip(header_keys, cells, strict=False):
            if key and key not in self.cells:
                self.cells[key] = cell.strip()

    def get(self, *keys: str) -> str:
        for key in keys:
            value = self.cells.get(key, "")
            if value:
                return value
        return ""


def _set_birthday(draft: ContactDraft, text: str, notes: list[str], warnings: list[str]) -> None:
    if not text:
        return
    parsed = parse_date(text)
    if parsed is None:
        if text not in ("0/0/00", "0/0/0000"):
            notes.append(f"Birthday: {text}")
            warnings.append(
                f"The birthday “{text}” is not a date Kith understands; it was kept in the notes."
            )
        return
    year, month, day = parsed
    if year is not None and not 1900 <= year <= date.today().year:
        year = None
    draft.birthday_year, draft.birthday_month, draft.birthday_day = year, month, day


def _add_date(
    draft: ContactDraft, label: str, text: str, notes: list[str], warnings: list[str]
) -> None:
    """An important date from a column; one Kith cannot read goes into the notes."""
    if not text or text in ("0/0/00", "0/0/0000"):
        return
    parsed = parse_date(text)
    if parsed is None or date_error(parsed[1], parsed[2], parsed[0]):
        notes.append(f"{label}: {text}")
        warnings.append(
            f"The date “{text}” ({label}) is not one Kith understands; it was kept in the notes."
        )
        return
    year, month, day = parsed
    draft.dates.append(ImportantDate(label, month, day, year))


def _google_label(raw: str) -> str:
    label = raw.replace("*", "").strip()
    lowered = label.lower()
    if lowered in ("home", "work", "other", "mobile", "main", "pager"):
        return lowered
    if lowered in ("home fax", "work fax", "other fax"):
        return lowered
    return label


_NUMBERED = re.compile(r"(email|phone|website|address|event|relation|customfield|im)(\d+)")


def _google(row: _Row, draft: ContactDraft, notes: list[str], warnings: list[str]) -> None:
    parts = [
        row.get(k) for k in ("nameprefix", "firstname", "middlename", "lastname", "namesuffix")
    ]
    draft.full_name = row.get("name") or " ".join(p for p in parts if p) or row.get("fileas")
    draft.given_name = row.get("givenname", "firstname")
    draft.family_name = row.get("familyname", "lastname")
    draft.middle_name = row.get("middlename", "additionalname")
    draft.name_prefix = row.get("nameprefix")
    draft.name_suffix = row.get("namesuffix")
    draft.nickname = row.get("nickname")
    draft.company = row.get("organization1name", "organizationname")
    draft.title = row.get("organization1title", "organizationtitle")
    draft.department = row.get("organization1department", "organizationdepartment")
    draft.location = row.get("location")
    draft.notes = row.get("notes")
    _set_birthday(draft, row.get("birthday"), notes, warnings)
    groups = row.get("groupmembership", "labels")
    draft.tags = [g for g in _split_multi(groups, r" ::: ") if not g.startswith("*")]
    if row.get("photo"):
        warnings.append("The photo link was not downloaded; add the photo by hand if you want it.")
    # Which numbered columns the row has ("email1value" → ("email", "1")), found in one pass:
    # asking every column for every number took seconds for a header of thousands.
    numbered = {
        (match.group(1), match.group(2)) for k in row.cells if (match := _NUMBERED.match(k))
    }
    for prefix, kind in (
        ("email", "email"),
        ("phone", "phone"),
        ("website", "url"),
        ("address", "address"),
    ):
        n = 1
        while (prefix, str(n)) in numbered:
            stem = f"{prefix}{n}"
            label = _google_label(row.get(f"{stem}type", f"{stem}label"))
            address = None
            if kind == "address":
                address = AddressParts(
                    *(
                        " ".join(row.get(f"{stem}{f}").replace("\n", ", ").split())
                        for f in ("street", "city", "region", "postalcode", "country")
                    )
                )
                value = row.get(f"{stem}formatted")
                if not value:
                    value = ", ".join(
                        p
                        for p in (
                            row.get(f"{stem}{f}")
                            for f in ("street", "city", "region", "postalcode", "country")
                        )
                        if p
                    )
                values = [" ".join(value.replace("\n", ", ").split())] if value else []
            else:
                values = _split_multi(row.get(f"{stem}value"), r" ::: ")
            for value in values:
                draft.channels.append(ChannelDraft(kind, value, label, address or None))
            n += 1
    if not draft.location:
        draft.location = row.get("address1city")
    _google_extras(row, numbered, draft, notes, warnings)


def _google_extras(
    row: _Row,
    numbered: set[tuple[str, str]],
    draft: ContactDraft,
    notes: list[str],
    warnings: list[str],
) -> None:
    """IM handles as social channels; events as important dates ("Anniversary", "Other"…);
    relations, custom fields and the gender, which Kith has no field for yet, as lines in
    the notes naming them (never dropped)."""
    for n in sorted({n for prefix, n in numbered if prefix == "im"}, key=int):
        service = row.get(f"im{n}service") or _google_label(row.get(f"im{n}type", f"im{n}label"))
        for value in _split_multi(row.get(f"im{n}value"), r" ::: "):
            draft.channels.append(ChannelDraft("social", value, service))
    for n in sorted({n for p, n in numbered if p == "event"}, key=int):
        label = _google_label(row.get(f"event{n}type", f"event{n}label")).strip() or "Date"
        for value in _split_multi(row.get(f"event{n}value"), r" ::: "):
            _add_date(draft, label[:1].upper() + label[1:], value, notes, warnings)
    for prefix, fallback in (("relation", "Related"), ("customfield", "")):
        for n in sorted({n for p, n in numbered if p == prefix}, key=int):
            label = _google_label(row.get(f"{prefix}{n}type", f"{prefix}{n}label"))
            label = (label or fallback or "Custom field").strip()
            for value in _split_multi(row.get(f"{prefix}{n}value"), r" ::: "):
                notes.append(f"{label[:1].upper()}{label[1:]}: {value}")
    gender = row.get("gender")
    if gender:
        notes.append(f"Gender: {gender}")


_OUTLOOK_PHONES = (
    ("mobilephone", "mobile"),
    ("businessphone", "work"),
    ("businessphone2", "work"),
    ("homephone", "home"),
    ("homephone2", "home"),
    ("primaryphone", ""),
    ("companymaintelephone", "main"),
    ("otherphone", "other"),
    ("businessfax", "work fax"),
    ("homefax", "home fax"),
    ("otherfax", "other fax"),
    ("pager", "pager"),
    ("carphone", "car"),
    ("assistantsphone", "assistant"),
)


#: Outlook columns Kith has no field for yet, kept as lines in the notes.
_OUTLOOK_NOTED = (
    ("spouse", "Spouse"),
    ("children", "Children"),
    ("managersname", "Manager"),
    ("assistantsname", "Assistant"),
    ("gender", "Gender"),
    ("hobby", "Hobby"),
    ("schools", "Schools"),
    ("officelocation", "Office"),
)


def _outlook(row: _Row, draft: ContactDraft, notes: list[str], warnings: list[str]) -> None:
    parts = [row.get(k) for k in ("firstname", "middlename", "lastname", "suffix")]
    draft.full_name = " ".join(p for p in parts if p) or row.get("name", "displayname")
    draft.given_name = row.get("firstname")
    draft.family_name = row.get("lastname")
    draft.middle_name = row.get("middlename")
    draft.name_prefix = row.get("title")  # Outlook's "Title" is the courtesy title
    draft.name_suffix = row.get("suffix")
    draft.nickname = row.get("nickname")
    draft.company = row.get("company")
    draft.title = row.get("jobtitle")
    draft.department = row.get("department")
    draft.notes = row.get("notes")
    _set_birthday(draft, row.get("birthday"), notes, warnings)
    draft.tags = [t for t in _split_multi(row.get("categories"), r";|,") if t != "My Contacts"]
    for key in ("emailaddress", "email2address", "email3address"):
        value = row.get(key)
        if value:
            draft.channels.append(ChannelDraft("email", value, ""))
    for key, label in _OUTLOOK_PHONES:
        value = row.get(key)
        if value:
            draft.channels.append(ChannelDraft("phone", value, label))
    for value in _split_multi(row.get("imaddress"), r";| ::: "):
        draft.channels.append(ChannelDraft("social", value, "IM"))
    for key, label in (("webpage", ""), ("personalwebpage", "personal")):
        value = row.get(key)
        if value:
            draft.channels.append(ChannelDraft("url", value, label))
    for place, label in (("business", "work"), ("home", "home"), ("other", "other")):
        fields = [
            row.get(f"{place}{f}")
            for f in ("street", "city", "state", "postalcode", "countryregion")
        ]
        street, city, state, code, country = fields
        region = " ".join(p for p in (state, code) if p)
        text = ", ".join(p for p in (street.replace("\n", ", "), city, region, country) if p)
        if text:
            one_street = " ".join(street.replace("\n", ", ").split())
            address = AddressParts(one_street, city, state, code, country)
            draft.channels.append(ChannelDraft("address", text, label, address or None))
    draft.location = row.get("location") or row.get("businesscity", "homecity")
    _add_date(draft, ANNIVERSARY, row.get("anniversary"), notes, warnings)
    # What Kith has no field for yet: lines in the notes naming them, never dropped.
    for key, label in _OUTLOOK_NOTED:
        value = row.get(key)
        if value and value.casefold() != "unspecified":
            notes.append(f"{label}: {value}")


def _linkedin(row: _Row, draft: ContactDraft, notes: list[str], warnings: list[str]) -> None:
    draft.given_name = row.get("firstname")
    draft.family_name = row.get("lastname")
    draft.full_name = " ".join(p for p in (draft.given_name, draft.family_name) if p)
    draft.company = row.get("company")
    draft.title = row.get("position")
    email = row.get("emailaddress")
    if email:
        draft.channels.append(ChannelDraft("email", email, ""))
    url = row.get("url", "profileurl")
    if url:
        draft.channels.append(ChannelDraft("url", url, "LinkedIn"))
    draft.how_met = "LinkedIn"
    connected = row.get("connectedon")
    if connected:
        parsed = parse_date(connected)
        if parsed is not None and parsed[0] is not None:
            try:
                draft.met_on = date(parsed[0], parsed[1], parsed[2])
            except ValueError:
                parsed = None
        if parsed is None:
            notes.append(f"Connected on LinkedIn: {connected}")
            warnings.append(
                f"The date “{connected}” is not one Kith understands; it was kept in the notes."
            )


def _generic(row: _Row, draft: ContactDraft, notes: list[str], warnings: list[str]) -> None:
    def field(name: str) -> str:
        return row.get(*_GENERIC[name])

    draft.given_name = field("given")
    draft.family_name = field("family")
    draft.full_name = field("full") or " ".join(
        p for p in (draft.given_name, draft.family_name) if p
    )
    draft.nickname = field("nickname")
    draft.company = field("company")
    draft.title = field("title")
    draft.location = field("location")
    draft.notes = field("notes")
    draft.how_met = field("how_met")
    draft.tags = _split_multi(field("tags"), r"\n|;|,| ::: ")
    for kind in ("email", "phone"):
        for value in _split_multi(field(kind), r"\n| ::: |;|,"):
            draft.channels.append(ChannelDraft(kind, value, ""))
    for kind in ("url", "social"):
        for value in _split_multi(field(kind), r"\s+"):
            draft.channels.append(ChannelDraft(kind, value, ""))
    for value in _split_multi(field("address"), r"\n"):
        draft.channels.append(ChannelDraft("address", value, ""))
    _set_birthday(draft, field("birthday"), notes, warnings)
    _add_date(draft, ANNIVERSARY, field("anniversary"), notes, warnings)
    for line in _split_multi(field("dates"), r"\n"):  # "Anniversary: 2012-08-18" a line
        label, colon, value = line.rpartition(": ")
        _add_date(
            draft, label.strip() if colon and label.strip() else "Date", value, notes, warnings
        )
    met = field("met_on")
    if met:
        parsed = parse_date(met)
        try:
            draft.met_on = date(parsed[0], parsed[1], parsed[2]) if parsed and parsed[0] else None
        except ValueError:
            draft.met_on = None
        if draft.met_on is None:
            notes.append(f"Met on: {met}")
    circle = field("circle")
    if circle.isdigit() and 1 <= int(circle) <= 5:
        draft.circle = int(circle)
    cadence = field("cadence")
    if cadence.isdigit() and 1 <= int(cadence) <= 3650:
        draft.cadence_days = int(cadence)


_MAPPERS: dict[str, Callable[[_Row, ContactDraft, list[str], list[str]], None]] = {
    GOOGLE: _google,
    OUTLOOK: _outlook,
    LINKEDIN: _linkedin,
    GENERIC: _generic,
}


def _delimiter(line: str) -> str:
    counts = {d: line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > counts[","] else ","


def _cells(line: str) -> list[str]:
    """One line's cells; :class:`csv.Error` for a line the csv module refuses."""
    return next(csv.reader([line], delimiter=_delimiter(line)), [])


def _unreadable(exc: csv.Error) -> str:
    """Why the csv module refused a line, in words for the user ("has a field over …")."""
    if "field limit" in str(exc):
        return (
            f"has a field over {csv.field_size_limit():,} characters, more than Kith reads "
            "in one field (often a quotation mark that is never closed)"
        )
    if "NUL" in str(exc):
        return "contains a NUL character"
    return f"is not valid CSV ({exc})"


def _header_line(text: str) -> tuple[int, str]:
    """The line number and text of the header: the first line naming a person column.

    Raises :class:`ImportFileError` naming the line when no header is found and a line
    before it could not be read at all (a field over the csv module's limit).
    """
    problem = ""
    for number, line in enumerate(text.split("\n")[:_HEADER_SCAN_ROWS], start=1):
        try:
            cells = _cells(line)
        except csv.Error as exc:
            problem = problem or f"line {number} {_unreadable(exc)}"
            continue
        if {_key(c) for c in cells} & _NAME_KEYS:
            return number, line
    if problem:
        raise ImportFileError(
            f"Kith cannot find the row of column names in this CSV file: {problem}."
        )
    return 0, ""


def csv_flavour(text: str) -> str:
    """Which exporter wrote this CSV: google, outlook, linkedin or csv (any other)."""
    number, line = _header_line(_normalise(text))
    if not number:
        raise _no_name_column(text)
    return detect_flavour(_cells(line))


def _normalise(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text[1:] if text.startswith("\ufeff") else text


def _no_name_column(text: str) -> ImportFileError:
    first = next((ln for ln in _normalise(text).split("\n") if ln.strip()), "")
    try:
        cells = _cells(first)
    except csv.Error:
        cells = []
    shown = ", ".join(f"“{c.strip()}”" for c in cells[:8] if c.strip())
    more = "…" if len(cells) > 8 else ""
    return ImportFileError(
        "This CSV file has no column with people's names. Kith needs a column called "
        "“Name”, “Full Name”, or “First Name” and “Last Name”"
        + (f" (the first row has {shown}{more})." if shown else ".")
    )


def _check_width(
    line: int, header: list[str], cells: list[str], notes: list[str], warnings: list[str]
) -> None:
    """Name a row with fewer or more fields than the header: its values may have shifted
    (a missing or an extra delimiter). Extra fields are kept in the notes, never dropped."""
    columns = len(header)
    if len(cells) < columns:
        warnings.append(
            f"Line {line} has {len(cells)} fields but the header has {columns} columns: the "
            f"last {columns - len(cells)} are empty, and values after a missing separator may "
            "be in the wrong fields. Check this person."
        )
    elif len(cells) > columns:
        extra = [c.strip() for c in cells[columns:] if c.strip()]
        if not extra:
            return  # trailing empty fields (a separator at the end of the row)
        warnings.append(
            f"Line {line} has {len(cells)} fields but the header has {columns} columns: "
            "values may be in the wrong fields (an unquoted separator?). The extra ones were "
            "kept in the notes. Check this person."
        )
        notes.append("Extra fields in the file: " + " | ".join(extra))


def parse_csv(text: str, should_cancel: Callable[[], bool] | None = None) -> Iterator[Entry]:
    """Every data row of a contacts CSV as an entry, in file order.

    Raises :class:`ImportFileError` when no header row names a person column. Rows with no
    name, and rows the csv module cannot read (a field over its size limit), are
    :class:`InvalidEntry` naming their line. Reading stops as soon as ``should_cancel()``
    is true.
    """
    text = _normalise(text)
    header_number, header_line = _header_line(text)
    if not header_number:
        raise _no_name_column(text)
    delimiter = _delimiter(header_line)
    lines = text.split("\n")
    body = "\n".join(lines[header_number - 1 :])
    reader = csv.reader(io.StringIO(body), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration as exc:
        raise _no_name_column(text) from exc
    except csv.Error as exc:
        raise ImportFileError(
            f"Line {header_number}, the row of column names, {_unreadable(exc)}."
        ) from exc
    flavour = detect_flavour(header)
    mapper = _MAPPERS[flavour]
    keys = [_key(h) for h in header]
    ends = list(itertools.accumulate(len(ln) + 1 for ln in lines))
    offset = ends[header_number - 1]
    previous_end = 1
    while should_cancel is None or not should_cancel():
        start_line = header_number + previous_end
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            source = f"line {start_line}"
            previous_end = reader.line_num
            reason = f"Line {start_line} {_unreadable(exc)}; the row was skipped."
            yield InvalidEntry(source, reason, offset)
            continue
        end_line = header_number - 1 + reader.line_num
        offset = ends[min(end_line, len(ends)) - 1]
        previous_end = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        source = f"line {start_line}"
        row = _Row(keys, cells)
        draft = ContactDraft()
        notes: list[str] = []
        warnings: list[str] = []
        _check_width(start_line, header, cells, notes, warnings)
        mapper(row, draft, notes, warnings)
        uid = row.get("uid") or None
        yield finish_entry(draft, source, end=offset, uid=uid, warnings=warnings, extra_notes=notes)
