"""The card a contact came with: kept, and Kith's fields written into it.

Every contact that came from a vCard (an import, a sync) keeps its last-seen card in the
``contact_card`` table. Export and sync do not write a fresh card for it: they write Kith's
fields *into* that card — the approach of DAVx5 and CardBook — so every property Kith does
not model (a middle name, ANNIVERSARY, GEO, RELATED, GENDER, another app's X- properties…)
goes back out exactly as it came.

How, field by field: the kept card is read as an import would read it (the *base*). A
property whose Kith field still has the base's value is written exactly as it was, line for
line. A property whose field was changed in Kith is replaced by Kith's own lines, at the
place of the first one it replaces (channels are replaced kind by kind: all EMAIL lines when
an email changed). N and ORG keep their group and parameters when Kith changes a part, and
ORG its units exactly while the department is unchanged. PRODID, UID
and REV are always Kith's. The card keeps its VERSION (2.1 and 3.0 cards get Kith's lines
in 3.0 form: ``TYPE=pref``, ``ENCODING=b`` photos). A contact made in Kith has no kept card
and gets a fresh one.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from kith.core.contacts import ContactDraft
from kith.core.importing.file import ParsedContact
from kith.core.importing.vcard import (
    IM_PROPERTIES,
    PRODID,
    X_ARCHIVED,
    X_CADENCE,
    X_CIRCLE,
    X_HOW_MET,
    X_INTRODUCED_BY,
    X_LOCATION,
    X_MET_ON,
    VCardError,
    _escape,
    _split,
    _stamp,
    card_lines,
    folded_card,
    n_value,
    parse_vcard,
    uid_variants,
)
from kith.core.importing.vcard_lines import logical_lines, scan_line

#: Property name → the Kith field (or channel kind) it carries.
_FIELD_OF = {
    "FN": "name",
    "N": "n",
    "NICKNAME": "nickname",
    "ORG": "company",
    "TITLE": "title",
    "NOTE": "notes",
    "BDAY": "birthday",
    "CATEGORIES": "tags",
    "PHOTO": "photo",
    "EMAIL": "email",
    "TEL": "phone",
    "URL": "url",
    "X-SOCIALPROFILE": "social",
    "IMPP": "social",
    **dict.fromkeys(IM_PROPERTIES, "social"),
    "ADR": "address",
    X_CIRCLE: "circle",
    X_CADENCE: "cadence",
    X_HOW_MET: "how_met",
    X_MET_ON: "met_on",
    X_LOCATION: "location",
    X_ARCHIVED: "archived",
    X_INTRODUCED_BY: "introducer",
}
#: Always Kith's own: the product, the person's uid (as stored), the revision time.
_KITHS_OWN = {"VERSION", "PRODID", "UID", "REV"}

_NAME = re.compile(r"^(?:([A-Za-z0-9-]+)\.)?([A-Za-z0-9-]+)(?=[;:])")
_ITEM = re.compile(r"^item(\d+)$", re.IGNORECASE)


@dataclass
class _Prop:
    group: str | None
    name: str
    text: str  # the logical (unfolded) line, exactly as the card had it

    @property
    def field(self) -> str | None:
        return _FIELD_OF.get(self.name)


_FOLD = re.compile(r"\n[ \t]")


def _unfolded(text: str) -> list[str]:
    """The card's logical lines (``logical_lines``; a plain split when no line can be
    quoted-printable, which is most of the time and ten times faster)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "quoted-printable" in text.lower():
        return [line for line, _number in logical_lines(text)]
    return [line for line in _FOLD.sub("", text).split("\n") if line.strip()]


def _props(text: str) -> list[_Prop]:
    props = []
    for line in _unfolded(text):
        match = _NAME.match(line)
        if match is None:
            props.append(_Prop(None, "", line))
            continue
        name = match.group(2).upper()
        if name in ("BEGIN", "END") and line.split(":", 1)[-1].strip().upper() == "VCARD":
            continue
        group = match.group(1).lower() if match.group(1) else None
        props.append(_Prop(group, name, line))
    return props


def _channels(draft: ContactDraft, kind: str) -> list[tuple[object, ...]]:
    return [
        (c.value.strip(), c.label.strip(), c.address or None)
        for c in draft.channels
        if c.kind == kind
    ]


def _changed_fields(base: ParsedContact, draft: ContactDraft, introducer: str | None) -> set[str]:
    """The Kith fields whose value is no longer the kept card's."""
    b = base.draft
    same: dict[str, bool] = {
        "name": b.display_name() == draft.display_name(),
        "n": _name_parts(b) == _name_parts(draft),
        "nickname": b.nickname == draft.nickname,
        "company": (b.company, b.department) == (draft.company, draft.department),
        "title": b.title == draft.title,
        "notes": b.notes.strip() == draft.notes.strip(),
        "birthday": (b.birthday_year, b.birthday_month, b.birthday_day)
        == (draft.birthday_year, draft.birthday_month, draft.birthday_day),
        "tags": [t.casefold() for t in b.tags] == [t.casefold() for t in draft.tags],
        "photo": bytes(b.photo or b"") == bytes(draft.photo or b""),
        "circle": b.circle == draft.circle,
        "cadence": b.cadence_days == draft.cadence_days,
        "how_met": b.how_met == draft.how_met,
        "met_on": b.met_on == draft.met_on,
        "location": b.location == draft.location,
        "archived": b.archived == draft.archived,
        "introducer": (
            (introducer or None) == (base.introduced_by_uid or None)
            or (
                introducer is not None
                and base.introduced_by_uid is not None
                and base.introduced_by_uid in uid_variants(introducer)
            )
        ),
    }
    for kind in ("email", "phone", "url", "social", "address"):
        same[kind] = _channels(b, kind) == _channels(draft, kind)
    return {name for name, unchanged in same.items() if not unchanged}


def _name_parts(d: ContactDraft) -> tuple[str, ...]:
    return (d.family_name, d.given_name, d.middle_name, d.name_prefix, d.name_suffix)


def _value_start(line: str) -> int | None:
    return scan_line(line).colon


def _n_line(original: _Prop, draft: ContactDraft) -> str:
    """The card's N (its group and parameters) with Kith's five name parts."""
    colon = _value_start(original.text)
    if colon is None:
        return f"N:{n_value(draft)}"
    head, value = original.text[:colon], original.text[colon + 1 :]
    extra = _split(value, ";", unescape=False)[5:]  # beyond RFC 6350's five: kept
    return f"{head}:{';'.join([n_value(draft), *extra])}"


def _org_line(original: _Prop, draft: ContactDraft, same_department: bool) -> str:
    """The card's ORG (its group and parameters) with Kith's company; its units exactly as
    they were while Kith's department is still what they say."""
    colon = _value_start(original.text)
    units = [_escape(draft.department)] if draft.department else []
    if colon is None:
        return f"ORG:{';'.join([_escape(draft.company), *units])}"
    head, value = original.text[:colon], original.text[colon + 1 :]
    if same_department:
        units = _split(value, ";", unescape=False)[1:]
    if not draft.company and not units:
        return ""
    return f"{head}:{';'.join([_escape(draft.company), *units])}"


def _as_v3(prop: _Prop) -> _Prop:
    """One of Kith's 4.0 lines in vCard 3.0 form (for a kept 2.1 or 3.0 card)."""
    text = prop.text
    if prop.name == "PHOTO" and text.startswith("PHOTO:data:"):
        header, _, data = text[len("PHOTO:data:") :].partition(",")
        mime = header.split(";", 1)[0]
        kind = mime.split("/", 1)[-1].upper() or "JPEG"
        return _Prop(prop.group, prop.name, f"PHOTO;ENCODING=b;TYPE={kind}:{data}")
    colon = _value_start(text)
    if colon is None:
        return prop
    head, value = text[:colon], text[colon + 1 :]
    if ";PREF=1" in head:
        head = head.replace(";PREF=1", "")
        if ";TYPE=" in head:
            head = re.sub(r";TYPE=([^;:]*)", lambda m: f";TYPE={m.group(1)},pref", head, count=1)
        else:
            head += ";TYPE=pref"
    return _Prop(prop.group, prop.name, f"{head}:{value}")


def write_into(
    original: str,
    draft: ContactDraft,
    *,
    uid: str | None,
    introduced_by_uid: str | None = None,
    revised: datetime | None = None,
) -> str | None:
    """``draft`` written into the kept card ``original`` (see the module's text); None when
    the kept card cannot be read any more (the caller then writes a fresh card)."""
    try:
        base = parse_vcard(original)
    except VCardError:
        return None
    changed = _changed_fields(base, draft, introduced_by_uid)
    props = _props(original)
    version = next((p.text.split(":", 1)[1].strip() for p in props if p.name == "VERSION"), "4.0")
    v4 = version.startswith("4")
    last_item = max(
        (int(m.group(1)) for p in props if p.group and (m := _ITEM.match(p.group))), default=0
    )
    fresh = _props(
        "\n".join(
            card_lines(
                draft,
                uid=uid,
                introduced_by_uid=introduced_by_uid,
                revised=revised,
                first_group=last_item + 1,
            )
        )
    )
    if not v4:
        fresh = [_as_v3(p) for p in fresh]
    field_of_group = {p.group: p.field for p in fresh if p.group and p.field}
    by_field: dict[str, list[str]] = {}
    for p in fresh:
        owner = p.field or (field_of_group.get(p.group) if p.group else None)
        if owner is not None:
            by_field.setdefault(owner, []).append(p.text)
    own = {p.name: p.text for p in fresh if p.name in _KITHS_OWN}
    # Groups whose property is replaced: their labels (X-ABLabel…) go with it.
    dropped = {p.group for p in props if p.group and p.field in changed}
    out = [f"VERSION:{version}", own["PRODID"]]
    if "UID" in own:
        out.append(own["UID"])
    placed: set[str] = set()
    for p in props:
        if p.name in _KITHS_OWN:
            continue
        if p.group in dropped and p.field is None and p.name.startswith("X-AB"):
            continue
        field = p.field
        if field is None or field not in changed:
            out.append(p.text)
            continue
        if field == "n":
            out.append(_n_line(p, draft))
            placed.add(field)
        elif field == "company" and field not in placed:
            line = _org_line(p, draft, base.draft.department == draft.department)
            if line:
                out.append(line)
            placed.add(field)
        elif field not in placed:
            out.extend(by_field.get(field, []))
            placed.add(field)
    for field in sorted(changed - placed, key=_order):
        out.extend(by_field.get(field, []))
    if "REV" in own:
        out.append(own["REV"])
    return folded_card(out)


_FIELD_ORDER = list(dict.fromkeys(_FIELD_OF.values()))


def _order(field: str) -> int:
    return _FIELD_ORDER.index(field) if field in _FIELD_ORDER else len(_FIELD_ORDER)


# --- the table -----------------------------------------------------------------------------------


def card_hash(draft: ContactDraft, uid: str | None, introducer: str | None) -> str:
    """A fingerprint of what Kith holds for a contact (for the kept card's fast path)."""
    digest = hashlib.sha1(usedforsecurity=False)
    fields = sorted((k, v) for k, v in vars(draft).items() if k != "photo")
    digest.update(repr((fields, uid, introducer)).encode())
    digest.update(bytes(draft.photo or b""))
    return digest.hexdigest()


def stored_cards(contact_ids: Iterable[int]) -> dict[int, tuple[str, str]]:
    """(text, kith_hash) of the kept card of each of these contacts that has one."""
    from kith.store.models import database_proxy

    ids = list(contact_ids)
    found: dict[int, tuple[str, str]] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        for contact_id, text, digest in database_proxy.execute_sql(
            f"SELECT contact_id, text, kith_hash FROM contact_card WHERE contact_id IN ({marks})",
            chunk,
        ):
            found[contact_id] = (text, digest)
    return found


def keep_cards(cards: dict[int, tuple[str, str]], *, replace: bool = True) -> None:
    """Keep ``cards`` (contact id → (vCard text, :func:`card_hash` of what Kith saved from it,
    or "")) as the contacts' last-seen cards; inside the caller's ``writing`` block.
    ``replace=False`` keeps a card a contact already has. One ``executemany`` (an import keeps
    thousands: compiling a multi-row insert cost more than writing it)."""
    from kith.store.models import database_proxy

    verb = "INSERT OR REPLACE" if replace else "INSERT OR IGNORE"
    database_proxy.cursor().executemany(
        f"{verb} INTO contact_card (contact_id, text, kith_hash) VALUES (?, ?, ?)",
        [(contact_id, text, digest) for contact_id, (text, digest) in cards.items()],
    )


def unchanged_card(original: str, *, uid: str | None, revised: datetime | None) -> str:
    """The kept card of a contact Kith has not changed since: what :func:`write_into` gives
    when no field changed (the card's lines with Kith's PRODID, UID and REV), without
    reading the card as an import would."""
    props = _props(original)
    version = next((p.text.split(":", 1)[1].strip() for p in props if p.name == "VERSION"), "4.0")
    out = [f"VERSION:{version}", f"PRODID:{PRODID}"]
    if uid:
        out.append(f"UID:{_escape(uid)}")
    out.extend(p.text for p in props if p.name not in _KITHS_OWN)
    if revised is not None:
        out.append(f"REV:{_stamp(revised)}")
    return folded_card(out)
