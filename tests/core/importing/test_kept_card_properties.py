"""Property test (issue 14): a card with arbitrary properties Kith does not model survives
import → edit in Kith → export with every one of them intact, exactly and in order."""

from __future__ import annotations

import string
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kith.core.contacts import ChannelDraft, load_draft, save_contact
from kith.core.export import export_vcards
from kith.core.importing.apply import apply_import, default_decisions
from kith.core.importing.original_card import _FIELD_OF
from kith.core.importing.review import review_file
from kith.core.importing.vcard import parse_vcard
from kith.core.importing.vcard_lines import logical_lines
from kith.store.database import close_database, open_database

#: Properties Kith reads (or writes itself); everything else must come back untouched.
_MODELLED = {
    *_FIELD_OF,
    *("VERSION", "PRODID", "UID", "REV", "BEGIN", "END", "KIND", "X-ADDRESSBOOKSERVER-KIND"),
    *("X-ABLABEL", "ROLE"),
}
_UNMODELLED = ["ANNIVERSARY", "GEO", "GENDER", "LANG", "TZ", "RELATED", "KEY", "X-ABDATE"]

_name = st.one_of(
    st.sampled_from(_UNMODELLED),
    st.text(string.ascii_uppercase + string.digits + "-", min_size=1, max_size=12).map(
        lambda s: "X-" + s
    ),
).filter(lambda n: n not in _MODELLED and not n.startswith("X-KITH-"))
_param = st.tuples(
    st.text(string.ascii_uppercase + "-", min_size=1, max_size=8).filter(
        lambda p: p not in ("ENCODING", "CHARSET")
    ),
    st.text(string.ascii_letters + string.digits + "-_./ ", min_size=1, max_size=10),
)
_value = st.text(
    st.characters(
        blacklist_categories=("Cc", "Cs", "Zl", "Zp"),
        blacklist_characters="\r\n",
    ),
    max_size=120,
).filter(lambda v: "printable" not in v.lower())


@st.composite
def unknown_lines(draw: st.DrawFn) -> list[str]:
    lines = []
    for _ in range(draw(st.integers(1, 6))):
        group = draw(st.one_of(st.none(), st.sampled_from(["item1", "item7", "home"])))
        params = draw(st.lists(_param, max_size=2))
        head = (f"{group}." if group else "") + draw(_name)
        head += "".join(f";{k}={v}" for k, v in params)
        lines.append(f"{head}:{draw(_value)}")
    return lines


@contextmanager
def fresh_database() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="kith-kept-") as folder:
        open_database(Path(folder) / "kith.sqlite")
        try:
            yield Path(folder)
        finally:
            close_database()


def logical(text: str) -> list[str]:
    return [line for line, _ in logical_lines(text.replace("\r\n", "\n"))]


_EDITS = ["company", "department", "title", "given", "email", "notes", "nothing"]


@given(
    unknown_lines(),
    st.sampled_from(["3.0", "4.0"]),
    st.sampled_from(_EDITS),
    st.text(string.ascii_letters + " ", min_size=1, max_size=20).map(str.strip).filter(bool),
)
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_unknown_properties_survive_import_edit_and_export(
    unknown: list[str], version: str, edit: str, word: str
) -> None:
    card = "\r\n".join(
        [
            "BEGIN:VCARD",
            f"VERSION:{version}",
            "FN:Ada Lovelace",
            "N:Lovelace;Ada;Augusta;;",
            "ORG:Analytical;Engines",
            "EMAIL;TYPE=work:ada@example.org",
            *unknown,
            "END:VCARD",
            "",
        ]
    )
    with fresh_database() as folder:
        source = folder / "in.vcf"
        source.write_bytes(card.encode("utf-8"))
        [added] = apply_import(default_decisions(review_file(source))).added
        draft = load_draft(added)
        if edit == "company":
            draft.company = word
        elif edit == "department":
            draft.department = word
        elif edit == "title":
            draft.title = word
        elif edit == "given":
            draft.given_name = word
        elif edit == "email":
            draft.channels.append(ChannelDraft("email", "new@example.org", "home"))
        elif edit == "notes":  # added to: a note line read from the card (ANNIVERSARY: …)
            draft.notes = f"{draft.notes}\n\n{word}"  # would come back if deleted (see docs)
        save_contact(draft, added)
        out = folder / "out.vcf"
        export_vcards(out)
        text = out.read_bytes().decode("utf-8")
        lines = logical(text)
        # Every unknown property, exactly, in the card's order.
        rest = iter(lines)
        assert all(line in rest for line in unknown), (unknown, lines)  # a subsequence
        assert lines[1] == f"VERSION:{version}"
        assert max(len(p.encode()) for p in text.split("\r\n")) <= 75
        # Kith's edit went out, and the card reads back as Kith holds the person.
        back = parse_vcard(text).draft
        stored = load_draft(added)
        assert (back.company, back.department, back.title, back.given_name, back.notes) == (
            stored.company,
            stored.department,
            stored.title,
            stored.given_name,
            stored.notes,
        )
        assert back.channels == stored.channels
        if edit == "given":
            assert f"N:Lovelace;{word};Augusta;;" in lines  # the middle name stays
        org = {"company": f"ORG:{word};Engines", "department": f"ORG:Analytical;{word}"}
        assert org.get(edit, "ORG:Analytical;Engines") in lines  # the other part stays
