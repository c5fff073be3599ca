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

import functools
import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
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
    _unescape,
    card_lines,
    folded_card,
    n_value,
    parse_vcard,
    related_uid,
    uid_line,
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
    "ANNIVERSARY": "dates",
    "X-ANNIVERSARY": "dates",
    "X-MS-ANNIVERSARY": "dates",
    "X-EVOLUTION-ANNIVERSARY": "dates",
    "X-ABDATE": "dates",
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
#: Lines :func:`unchanged_card` leaves out: Kith's own (VERSION, PRODID, UID, REV) and the
#: card's BEGIN/END (group prefixes and any case, as :func:`_props` reads them). Matched line
#: by line: a search over the whole card would try every character of its photo.
_OWN_LINE = re.compile(
    r"(?:[A-Za-z0-9-]+\.)?(?:(?:VERSION|PRODID|UID|REV)[;:]|(?:BEGIN|END):[ \t]*VCARD[ \t]*$)",
    re.IGNORECASE,
)
_VERSION_LINE = re.compile(r"^(?:[A-Za-z0-9-]+\.)?VERSION[;:](?:[^:\n]*:)?(.*)$", re.I | re.M)


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
        "dates": b.dates == draft.dates,
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


#: A content line's head with no quoted parameter value ("UID:", "item1.TEL;TYPE=cell,voice:"):
#: its value starts after the first colon, as :func:`scan_line` finds (a tenth of the time).
_PLAIN_HEAD = re.compile(
    r'(?:[A-Za-z0-9_-]+\.)?[A-Za-z0-9_-]+(?:;[A-Za-z0-9_-]+(?:=[^";:,]*(?:,[^";:,]*)*)?)*:'
)


def _value_start(line: str) -> int | None:
    """The index of the colon before the line's value (None: not a content line)."""
    plain = _PLAIN_HEAD.match(line)
    return plain.end() - 1 if plain is not None else scan_line(line).colon


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
    related: Sequence[str] = (),
    known_uids: frozenset[str] = frozenset(),
) -> str | None:
    """``draft`` written into the kept card ``original`` (see the module's text); None when
    the kept card cannot be read any more (the caller then writes a fresh card).
    ``related`` are Kith's RELATED lines for the person's relationships; the card's own
    RELATED lines naming people in Kith (``known_uids``) give way to them when they differ."""
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
                anniversary=v4,
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
    if uid:
        out.append(_kept_uid_line(props, uid, v4))
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
    out = _with_relations(out, related, known_uids)
    if "REV" in own:
        out.append(own["REV"])
    return folded_card(out)


def _kept_uid_line(props: list[_Prop], uid: str, v4: bool) -> str:
    """The card's own UID line while it holds ``uid`` (verbatim, its way), else Kith's."""
    for p in props:
        if p.name == "UID" and p.group is None:
            colon = _value_start(p.text)
            if colon is not None and _unescape(p.text[colon + 1 :].strip()) == uid:
                return p.text
    return uid_line(uid, v4=v4)


def _with_relations(lines: list[str], related: Sequence[str], known: frozenset[str]) -> list[str]:
    """The card's lines with Kith's relationships (``related``): a RELATED line of the card
    that names someone in Kith stays exactly as it is while it says what Kith holds (the
    same person, kind, note and since, as an import reads it); one that no longer does
    goes; Kith's lines for the rest go where the first of them was, else at the end."""
    if not known:  # the card names nobody in Kith: Kith's lines go at the end
        return [*lines, *related] if related else lines
    ours = [
        i
        for i, line in enumerate(lines)
        if (name := _NAME.match(line)) is not None
        and name.group(2).upper() == "RELATED"
        and (uid := related_uid(line)) is not None
        and uid in known
    ]
    if not ours and not related:
        return lines
    wanted = {_relation_facts(line): line for line in related}
    dropped = set()
    for i in ours:
        facts = _relation_facts(lines[i])
        if facts in wanted:
            del wanted[facts]  # said already, the card's way
        else:
            dropped.add(i)
    if not wanted and not dropped:
        return lines
    at = min(ours) if ours else len(lines)
    kept = [line for i, line in enumerate(lines) if i not in dropped]
    at -= sum(1 for i in dropped if i < at)
    return [*kept[:at], *wanted.values(), *kept[at:]]


@functools.lru_cache(maxsize=4096)
def _relation_facts(line: str) -> tuple[object, ...]:
    """(the person's uid, kind, note, since) a RELATED line says, as an import reads it."""
    try:
        parsed = parse_vcard(f"BEGIN:VCARD\nVERSION:4.0\nFN:-\n{line}\nEND:VCARD\n")
    except VCardError:
        return (line,)
    if not parsed.related:
        return (line,)
    person = parsed.related[0]
    bare = person.who[9:] if person.who.lower().startswith("urn:uuid:") else person.who
    return (bare, *person.relationship())


_FIELD_ORDER = list(dict.fromkeys(_FIELD_OF.values()))


def _order(field: str) -> int:
    return _FIELD_ORDER.index(field) if field in _FIELD_ORDER else len(_FIELD_ORDER)


# --- the table -----------------------------------------------------------------------------------


def card_hash(draft: ContactDraft, uid: str | None, introducer: str | None) -> str:
    """A fingerprint of what Kith holds for a contact (for the kept card's fast path)."""
    digest = hashlib.sha1(usedforsecurity=False)
    # An empty ``dates`` is left out: hashes kept before dates were modelled still match.
    fields = sorted(
        (k, v) for k, v in vars(draft).items() if k != "photo" and not (k == "dates" and not v)
    )
    digest.update(repr((fields, uid, introducer)).encode())
    digest.update(bytes(draft.photo or b""))
    return digest.hexdigest()


def kept_card_hash(text: str, contact_id: int, uid: str | None, introducer: str | None) -> str:
    """The fingerprint of what Kith holds for the contact (:meth:`DraftRows.fingerprint`)
    when the card ``text`` says exactly that (then export and sync send the card without
    reading it again); "" when they differ."""
    from kith.core.contacts import draft_rows

    rows = draft_rows([contact_id]).get(contact_id)
    if rows is None:
        return ""
    try:
        base = parse_vcard(text)
    except VCardError:
        return ""
    if _changed_fields(base, rows.draft(), introducer):
        return ""
    return rows.fingerprint(uid, introducer)


#: What a kept card says, as an import saved it: (draft, uid, the introducer's uid).
Saved = tuple[ContactDraft, str | None, str | None]


def refresh_fingerprints(
    contact_ids: Iterable[int], saved: Mapping[int, Saved] | None = None
) -> None:
    """Turn the kept cards' draft fingerprints (:func:`card_hash`, what an import can take
    before saving) into row fingerprints where they still hold, so export needs no draft
    for them; inside the caller's ``writing`` block. ``saved`` gives, instead of a draft
    fingerprint, what a contact's card said when it was saved (an import compares that with
    what Kith now holds: the same answer, without fingerprinting each draft twice). A card
    that no longer says what Kith holds (the person merged with a second card of the same
    file) is kept with Kith's fields written into it — what every export would write — and
    fingerprinted too, so export does not read and write it again each time."""
    from kith.core.contacts import draft_rows
    from kith.core.importing.vcard import kith_uids_named_in, relationship_lines
    from kith.store.models import ContactCard, database_proxy

    ids = list(contact_ids)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        cards = {
            cid: (text, digest)
            for cid, (text, digest) in stored_cards(chunk).items()
            if not digest.startswith("r:")
        }
        if not cards:
            continue
        marks = ", ".join("?" * len(cards))
        people = {
            cid: (uid, introducer)
            for cid, uid, introducer in database_proxy.execute_sql(
                "SELECT c.id, c.uid, i.uid FROM contact AS c LEFT JOIN contact AS i "
                f"ON i.id = c.introduced_by_id WHERE c.id IN ({marks})",
                list(cards),
            )
        }
        rewritten: dict[int, tuple[str, str]] = {}
        related: dict[int, list[str]] | None = None
        holding: list[tuple[str, int]] = []  # (row fingerprint, contact id)
        for cid, rows in draft_rows(list(cards)).items():
            uid, introducer = people[cid]
            text, digest = cards[cid]
            draft = rows.draft()
            said = saved.get(cid) if saved is not None else None
            if (
                said == (draft, uid, introducer)
                if said is not None
                else bool(digest) and digest == card_hash(draft, uid, introducer)
            ):
                holding.append((rows.fingerprint(uid, introducer), cid))
                continue
            if related is None:
                related = relationship_lines(list(cards))
            written = write_into(
                text,
                draft,
                uid=uid,
                introduced_by_uid=introducer,
                related=related.get(cid, []),
                known_uids=kith_uids_named_in([text]),
            )
            if written is None:
                continue
            written = written.replace("\r\n", "\n")
            try:
                says = not _changed_fields(parse_vcard(written), draft, introducer)
            except VCardError:
                says = False
            if says:  # else the card stays as it came, and export writes into it each time
                rewritten[cid] = (written, rows.fingerprint(uid, introducer))
        # One statement for the chunk's cards that still hold (peewee compiling an update
        # per card was most of this function).
        database_proxy.cursor().executemany(
            f"UPDATE {ContactCard._meta.table_name} SET kith_hash = ? WHERE contact_id = ?",
            holding,
        )
        keep_cards(rewritten)


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


def unchanged_card(
    original: str,
    *,
    uid: str | None,
    revised: datetime | None,
    related: Sequence[str] = (),
    known_uids: frozenset[str] = frozenset(),
) -> str:
    """The kept card of a contact Kith has not changed since: what :func:`write_into` gives
    when no field changed (the card's lines with Kith's PRODID, UID and REV), without
    reading the card as an import would: a few regular expressions over the whole text."""
    text = original.replace("\r\n", "\n").replace("\r", "\n")
    if "quoted-printable" in text.lower():  # rare: line by line
        props = _props(original)
        found = next((p.text.split(":", 1)[1] for p in props if p.name == "VERSION"), None)
        body = [p.text for p in props if p.name not in _KITHS_OWN]
        uids = [p for p in props if p.name == "UID"]
    else:
        text = _FOLD.sub("", text)
        version_line = _VERSION_LINE.search(text)
        found = version_line.group(1) if version_line else None
        own = _OWN_LINE.match
        body = []
        uids = []
        for line in text.split("\n"):
            if not own(line):
                if line.strip():
                    body.append(line)
            elif line[:3].upper() == "UID" and line[3:4] in (":", ";"):
                uids.append(_Prop(None, "UID", line))
    version = (found or "4.0").strip()
    out = [f"VERSION:{version}", f"PRODID:{PRODID}"]
    if uid:
        out.append(_kept_uid_line(uids, uid, version.startswith("4")))
    out.extend(body)
    out = _with_relations(out, related, known_uids)
    if revised is not None:
        out.append(f"REV:{_stamp(revised)}")
    return folded_card(out)
