"""Builds a Kith database of N realistic contacts, fast, on the real schema.

    python bench/build_db.py PATH [--contacts N] [--seed S] [--fts batch|reindex]

The file is created by :func:`kith.store.database.open_database`, so tables, indexes, pragmas
and the FTS5 table are exactly the app's. Rows are then written in bulk (``executemany``) in
one transaction, with explicit ids. The full-text index gets exactly the rows that
``kith.core.contacts.reindex_contacts`` would write, either in one batch insert built from the
rows in memory (``--fts batch``, the default: about three times faster) or by calling
``reindex_contacts`` itself (``--fts reindex``).

The data is drawn from ``bench/vocabulary.py`` with Zipf-like weights, as real address books
are skewed: a few companies, cities, tags and first names are very common, most are rare.
"""

from __future__ import annotations

import argparse
import bisect
import functools
import itertools
import random
import sys
import time
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import vocabulary as V
from kith.core.text import fold
from kith.store import derived
from kith.store.database import close_database, open_database
from kith.store.models import (
    Contact,
    ContactMethod,
    ContactTag,
    Interaction,
    InteractionContact,
    Tag,
)

TODAY = datetime(2026, 11, 23, 12, 0, 0)


# --- sampling --------------------------------------------------------------------------------


class Zipf:
    """Draws items with weight 1/rank**s; the rank order is a seeded shuffle of the list."""

    def __init__(self, items: Sequence[Any], rng: random.Random, s: float = 1.0) -> None:
        order = list(items)
        rng.shuffle(order)
        self.items: list[Any] = order  # most common first
        self._cum = list(itertools.accumulate(1.0 / (r**s) for r in range(1, len(order) + 1)))
        self._rng = rng

    def __call__(self) -> Any:
        r = self._rng.random() * self._cum[-1]
        return self.items[bisect.bisect_right(self._cum, r)]

    def many(self, k: int) -> list[Any]:
        """``k`` distinct items."""
        chosen: dict[Any, None] = {}
        while len(chosen) < min(k, len(self.items)):
            chosen[self()] = None
        return list(chosen)


_ASCII = str.maketrans(
    {"ł": "l", "ø": "o", "ß": "ss", "æ": "ae", "đ": "d", "ı": "i", "œ": "oe", "'": "", " ": ""}
)


@functools.lru_cache(maxsize=4096)
def ascii_word(text: str) -> str:
    """ "Łukasz O'Brien" → "lukaszobrien": what goes into an email address."""
    folded = fold(text).translate(_ASCII)
    folded = unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode()
    return "".join(ch for ch in folded if ch.isalnum() or ch in "-")


@dataclass
class Vocabulary:
    """The seeded, Zipf-ordered lists one database is drawn from (queries use them too)."""

    rng: random.Random
    first: Zipf = field(init=False)
    last: Zipf = field(init=False)
    company: Zipf = field(init=False)
    title: Zipf = field(init=False)
    city: Zipf = field(init=False)
    tag: Zipf = field(init=False)
    email_domain: Zipf = field(init=False)
    noun: Zipf = field(init=False)
    verb: Zipf = field(init=False)
    adjective: Zipf = field(init=False)
    adverb: Zipf = field(init=False)
    topic: Zipf = field(init=False)
    hobby: Zipf = field(init=False)
    event: Zipf = field(init=False)
    food: Zipf = field(init=False)

    def __post_init__(self) -> None:
        rng = self.rng
        self.first = Zipf(V.FIRST_NAMES, rng, 0.8)
        self.last = Zipf(V.LAST_NAMES, rng, 0.7)
        self.company = Zipf(company_names(rng), rng, 1.05)
        self.title = Zipf(V.TITLES, rng, 0.9)
        self.city = Zipf(V.CITIES, rng, 1.0)
        self.tag = Zipf(V.TAGS, rng, 0.9)
        self.email_domain = Zipf(V.EMAIL_DOMAINS, rng, 1.2)
        self.noun = Zipf(V.NOUNS, rng, 1.0)
        self.verb = Zipf(V.VERBS, rng, 1.0)
        self.adjective = Zipf(V.ADJECTIVES, rng, 1.0)
        self.adverb = Zipf(V.ADVERBS, rng, 1.0)
        self.topic = Zipf(V.TOPICS, rng, 0.9)
        self.hobby = Zipf(V.HOBBIES, rng, 0.9)
        self.event = Zipf(V.EVENTS, rng, 0.9)
        self.food = Zipf(V.FOODS, rng, 0.9)


def company_names(rng: random.Random, count: int = 360) -> list[str]:
    """A few hundred distinct company names ("Cobalt Robotics", "Juniper & Helix Legal")."""
    names: dict[str, None] = {}
    while len(names) < count:
        stem = rng.choice(V.COMPANY_STEMS)
        shape = rng.random()
        if shape < 0.6:
            name = f"{stem} {rng.choice(V.COMPANY_KINDS)}"
        elif shape < 0.75:
            name = f"{stem} & {rng.choice(V.COMPANY_STEMS)} {rng.choice(V.COMPANY_KINDS)}"
        elif shape < 0.9:
            name = f"{stem}{rng.choice(('ly', 'io', 'ify', 'hub', 'works', 'AI'))}"
        else:
            name = f"{rng.choice(V.LAST_NAMES)} {rng.choice(V.COMPANY_KINDS)}"
        names[name] = None
    return list(names)


# --- text ----------------------------------------------------------------------------------


_IRREGULAR_PAST = {
    "meet": "met",
    "build": "built",
    "write": "wrote",
    "read": "read",
    "sell": "sold",
    "buy": "bought",
    "teach": "taught",
    "lead": "led",
    "fly": "flew",
    "drive": "drove",
    "grow": "grew",
    "draw": "drew",
    "sing": "sang",
    "run": "ran",
    "swim": "swam",
    "leave": "left",
    "forget": "forgot",
    "spend": "spent",
    "lend": "lent",
    "catch": "caught",
    "ski": "skied",
    "begin": "began",
    "speak": "spoke",
    "fight": "fought",
    "think": "thought",
    "bring": "brought",
}


def _past(verb: str) -> str:
    if verb in _IRREGULAR_PAST:
        return _IRREGULAR_PAST[verb]
    if len(verb) <= 4 and verb[-1] in "tpgnm" and verb[-2] in "aeiou" and verb[-3] not in "aeiou":
        return verb + verb[-1] + "ed"  # chat -> chatted, plan -> planned
    if verb.endswith("e"):
        return verb + "d"
    if verb.endswith("y") and verb[-2:-1] not in "aeiou":
        return verb[:-1] + "ied"
    return verb + "ed"


def _ing(verb: str) -> str:
    if verb.endswith("e") and not verb.endswith("ee"):
        return verb[:-1] + "ing"
    return verb + "ing"


def _plural(noun: str) -> str:
    if noun.endswith(("s", "x", "ch", "sh")):
        return noun + "es"
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + "s"


class NoteWriter:
    """Sentences of the kind people jot down about someone, from a broad vocabulary."""

    def __init__(self, v: Vocabulary) -> None:
        self.v = v
        self.rng = v.rng
        self._templates: list[Callable[[], str]] = [
            self._met,
            self._working_on,
            self._talked,
            self._wants,
            self._family,
            self._hobby,
            self._recommended,
            self._generic,
            self._generic,
            self._generic,
            self._asked,
            self._moving,
            self._follow,
        ]

    def _noun(self) -> str:
        noun = self.v.noun()
        return _plural(noun) if self.rng.random() < 0.3 else noun

    def _person(self) -> str:
        return self.v.first() if self.rng.random() < 0.7 else f"{self.v.first()} {self.v.last()}"

    def _met(self) -> str:
        return (
            f"Met at {self.v.event()} in {self.v.city()} "
            f"({self.rng.choice(('spring', 'summer', 'autumn', 'winter'))} "
            f"{self.rng.randint(2012, 2026)})."
        )

    def _working_on(self) -> str:
        who = self.rng.choice(V.PRONOUNS)
        return (
            f"{who} is {_ing(self.v.verb())} a {self.v.adjective()} {self.v.noun()} "
            f"{self.rng.choice(V.PREPOSITIONS)} {self.v.topic()}."
        )

    def _talked(self) -> str:
        return (
            f"Talked about {self.v.topic()} and {self.v.topic()} over {self.v.food()}; "
            f"{self.rng.choice(V.PRONOUNS).lower()} {self.v.adverb()} {_past(self.v.verb())} "
            f"the {self._noun()}."
        )

    def _wants(self) -> str:
        return (
            f"Wants an intro to someone who knows {self.v.topic()}"
            f"{', maybe ' + self._person() if self.rng.random() < 0.5 else ''}."
        )

    def _family(self) -> str:
        kids = " and ".join(self.v.first() for _ in range(self.rng.randint(1, 3)))
        return f"Kids: {kids}. Partner {self.v.first()} is a {self.v.title().lower()}."

    def _hobby(self) -> str:
        return f"Loves {self.v.hobby()} and {self.v.hobby()}; ask about the {self.v.noun()}."

    def _recommended(self) -> str:
        return (
            f"Recommended a {self.v.adjective()} {self.v.noun()} on {self.v.topic()} "
            f"by {self._person()}."
        )

    def _asked(self) -> str:
        return (
            f"Asked me for {self.rng.choice(('advice', 'feedback', 'an intro', 'a reference'))} "
            f"on {self.v.topic()}; I {_past(self.v.verb())} a {self._noun()}."
        )

    def _moving(self) -> str:
        return (
            f"Moving to {self.v.city()} {self.rng.choice(('soon', 'next year', 'in the spring'))}."
        )

    def _follow(self) -> str:
        return (
            f"Follow up about the {self.v.adjective()} {self.v.noun()} "
            f"{self.rng.choice(('next month', 'after the launch', 'in January', 'before summer'))}."
        )

    def _generic(self) -> str:
        rng, v = self.rng, self.v
        parts = [
            rng.choice(("The", "A", "Our", "Their", "Her", "His")),
            v.adjective(),
            self._noun(),
            v.adverb() if rng.random() < 0.3 else "",
            _past(v.verb()),
            rng.choice(V.PREPOSITIONS),
            rng.choice(("the", "a", "every", "some")),
            v.adjective() if rng.random() < 0.5 else "",
            self._noun(),
        ]
        if rng.random() < 0.4:
            parts += ["and", _past(v.verb()), "the", self._noun()]
        return " ".join(p for p in parts if p) + "."

    def sentence(self) -> str:
        return self.rng.choice(self._templates)()

    def paragraph(self, lo: int, hi: int) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(lo, hi)))


# --- rows ----------------------------------------------------------------------------------


def _stamp(when: datetime) -> str:
    """How peewee/sqlite3 store a naive datetime."""
    return when.isoformat(" ")


def bench_photos(count: int, seed: int) -> list[bytes]:
    """A few distinct photo thumbnails, stored the way the contact form stores a picked image.

    Smooth colour blobs plus grain, so the JPEGs have a realistic size. (Built from bytes rather
    than painted: PySide6 6.12 on Python 3.11 drops a reference to None on every call of a
    C++ method that returns void, and thousands of QPainter calls here would crash Python.)
    """
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage

    from kith.ui.widgets.avatar import photo_from_image

    rng = random.Random(seed)
    side = 256
    size = side * side * 4
    grain_mask = int.from_bytes(b"\x1f\x1f\x1f\x00" * (side * side), "little")
    photos = []
    for _ in range(count):
        coarse = QImage(rng.randbytes(6 * 6 * 4), 6, 6, QImage.Format.Format_RGB32)
        smooth = coarse.scaled(
            side,
            side,
            Qt.AspectRatioMode.IgnoreAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        ).convertToFormat(QImage.Format.Format_RGB32)
        pixels = int.from_bytes(bytes(smooth.constBits())[:size], "little")
        grain = int.from_bytes(rng.randbytes(size), "little") & grain_mask
        data = (pixels ^ grain).to_bytes(size, "little")
        photos.append(photo_from_image(QImage(data, side, side, QImage.Format.Format_RGB32)))
    return photos


@dataclass
class BuildReport:
    path: Path
    contacts: int
    channels: int
    tags: int
    tag_links: int
    interactions: int
    fts: str
    seconds: dict[str, float]

    @property
    def total_seconds(self) -> float:
        return sum(self.seconds.values())


def _insert(cursor: Any, model: Any, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    table = model._meta.table_name
    names = ", ".join(f'"{c}"' for c in columns)
    sql = f'INSERT INTO "{table}" ({names}) VALUES ({", ".join("?" * len(columns))})'
    rows = list(rows)
    cursor.executemany(sql, rows)
    return len(rows)


def _check_columns(model: Any, columns: Sequence[str]) -> None:
    """Fail loudly if the schema gained a required column the builder does not fill."""
    known = set(columns) | {"id"}
    for f in model._meta.sorted_fields:
        if f.column_name not in known and not f.null and f.default is None:
            raise SystemExit(
                f"build_db: {model.__name__}.{f.name} is required but not filled; update bench."
            )


def build_database(
    path: Path | str,
    contacts: int = 100_000,
    *,
    seed: int = 1,
    fts: str = "batch",
    photo_fraction: float = 0.03,
    progress: Callable[[str], None] | None = None,
) -> BuildReport:
    """Write a new database of ``contacts`` people at ``path`` (which must not exist)."""
    path = Path(path)
    if path.exists():
        raise SystemExit(f"build_db: {path} exists; choose a new file")
    say = progress or (lambda _msg: None)
    seconds: dict[str, float] = {}
    t0 = time.perf_counter()
    rng = random.Random(seed)
    v = Vocabulary(rng)
    notes = NoteWriter(v)
    photos = bench_photos(40, seed) if photo_fraction > 0 and contacts else []

    # contacts ------------------------------------------------------------------------
    contact_cols = [
        *("id", "uid", "created_at", "updated_at", "full_name", "given_name", "family_name"),
        *("nickname", "sort_name", "photo", "company", "title", "location", "how_met", "met_on"),
        *("introduced_by_id", "birthday_month", "birthday_day", "birthday_year", "circle"),
        *("cadence_days", "notes", "archived"),
    ]
    contact_rows: list[tuple[Any, ...]] = []
    method_rows: list[tuple[Any, ...]] = []
    tag_link_rows: list[tuple[int, int]] = []
    tag_ids = {name: i for i, name in enumerate(v.tag.items, start=1)}
    companies_with_domain = {
        c: ascii_word(c.split(" & ")[0].split()[0]) + rng.choice((".com", ".io", ".co", ".org"))
        for c in v.company.items
    }
    circle_budget = {1: 5, 2: 10, 3: 35, 4: 100}
    method_id = 0
    for cid in range(1, contacts + 1):
        given, family = v.first(), v.last()
        full = f"{given} {family}"
        if rng.random() < 0.06:
            full = f"{given} {chr(rng.randrange(65, 91))}. {family}"
        nickname = ""
        if rng.random() < 0.05:
            nickname = rng.choice((given[:3], given[:4], "Max", "Bea", "Sasha", "DJ", "Kat"))
        has_company = rng.random() < 0.8
        company = v.company() if has_company else ""
        title = v.title() if rng.random() < 0.85 else ""
        location = v.city() if rng.random() < 0.75 else ""
        how_met = notes.sentence() if rng.random() < 0.5 else ""
        note = notes.paragraph(1, 6) if rng.random() < 0.75 else ""
        created = TODAY - timedelta(days=rng.uniform(0, 6 * 365))
        met_on = (
            (created - timedelta(days=rng.randint(0, 2000))).date() if rng.random() < 0.3 else None
        )
        bmonth = bday = byear = None
        if rng.random() < 0.3:
            bmonth, bday = rng.randint(1, 12), rng.randint(1, 28)
            byear = rng.randint(1950, 2005) if rng.random() < 0.5 else None
        circle = None
        for layer in (1, 2, 3, 4):
            if circle_budget[layer] and rng.random() < 0.01:
                circle_budget[layer] -= 1
                circle = layer
                break
        if circle is None and rng.random() < 0.2:
            circle = 5
        introducer = rng.randint(1, cid - 1) if cid > 1 and rng.random() < 0.1 else None
        photo = rng.choice(photos) if photos and rng.random() < photo_fraction else None
        contact_rows.append(
            (
                cid,
                f"bench-{seed}-{cid:08d}",
                _stamp(created),
                _stamp(created + timedelta(days=rng.uniform(0, (TODAY - created).days))),
                full,
                given,
                family,
                nickname,
                fold(full),
                photo,
                company,
                title,
                location,
                how_met,
                met_on.isoformat() if met_on else None,
                introducer,
                bmonth,
                bday,
                byear,
                circle,
                rng.choice((7, 14, 30, 60, 90)) if rng.random() < 0.02 else None,
                note,
                rng.random() < 0.02,
            )
        )
        # channels: 1-3
        user = ascii_word(given)
        surname = ascii_word(family)
        channels: list[tuple[str, str, str]] = []
        if rng.random() < 0.92:
            local = rng.choice(
                (f"{user}.{surname}", f"{user[:1]}{surname}", f"{user}{rng.randint(1, 99)}")
            )
            if company and rng.random() < 0.5:
                channels.append(("email", "work", f"{local}@{companies_with_domain[company]}"))
            else:
                channels.append(("email", "home", f"{local}@{v.email_domain()}"))
        extra = rng.choices((0, 1, 2), weights=(45, 40, 15))[0] if channels else 1
        for _ in range(extra):
            kind = rng.choices(("phone", "email", "url", "social", "address"), (60, 15, 8, 12, 5))[
                0
            ]
            if kind == "phone":
                value = (
                    f"+{rng.choice((1, 33, 34, 44, 49, 55, 81, 91, 234))} "
                    f"{rng.randint(100, 999)} {rng.randint(100, 999)} {rng.randint(1000, 9999)}"
                )
                label = rng.choice(("mobile", "work", "home"))
            elif kind == "email":
                value, label = f"{user}.{surname}@{v.email_domain()}", "home"
            elif kind == "url":
                value, label = f"https://{user}{surname}.net", "site"
            elif kind == "social":
                value = f"https://www.linkedin.com/in/{user}-{surname}-{rng.randint(10, 9999)}"
                label = "LinkedIn"
            else:
                value = f"{rng.randint(1, 200)} {v.noun().title()} Street, {v.city()}"
                label = "home"
            channels.append((kind, label, value))
        seen_kinds: set[str] = set()
        for position, (kind, label, value) in enumerate(channels):
            method_id += 1
            method_rows.append(
                (method_id, cid, kind, label, value, kind not in seen_kinds, position)
            )
            seen_kinds.add(kind)
        for name in v.tag.many(rng.choices((0, 1, 2, 3), weights=(35, 35, 20, 10))[0]):
            tag_link_rows.append((cid, tag_ids[name]))

    # interactions: a quarter of the contacts, a handful each ------------------------------
    interaction_rows: list[tuple[Any, ...]] = []
    link_rows: list[tuple[int, int]] = []
    kinds = ("meeting", "meal", "call", "video", "email", "message", "event", "intro", "other")
    summaries = {
        "meeting": lambda: f"Meeting about {v.topic()}",
        "meal": lambda: f"{v.food().capitalize()} with {v.first()}",
        "call": lambda: f"Call: {v.topic()}",
        "video": lambda: f"Video call on {v.topic()}",
        "email": lambda: f"Email about the {v.noun()}",
        "message": lambda: f"Messages about {v.hobby()}",
        "event": lambda: f"Saw each other at {v.event()}",
        "intro": lambda: f"Intro to {v.first()} {v.last()}",
        "other": lambda: notes.sentence()[:80],
    }
    iid = 0
    for cid in range(1, contacts + 1):
        if rng.random() >= 0.25:
            continue
        for _ in range(min(40, int(rng.expovariate(1 / 5)) + 1)):
            iid += 1
            kind = rng.choices(kinds, weights=(15, 12, 15, 10, 18, 20, 5, 2, 3))[0]
            when = TODAY - timedelta(days=rng.uniform(0, 730), minutes=rng.randint(0, 600))
            interaction_rows.append(
                (
                    iid,
                    f"bench-i-{seed}-{iid:08d}",
                    _stamp(when),
                    _stamp(when),
                    _stamp(when),
                    kind,
                    summaries[kind](),
                    notes.paragraph(1, 3) if rng.random() < 0.5 else "",
                    rng.choices(("gave", "asked", "mutual", "neutral"), (25, 20, 25, 30))[0],
                )
            )
            link_rows.append((iid, cid))
            if rng.random() < 0.1 and contacts > 1:
                other = rng.randint(1, contacts)
                if other != cid:
                    link_rows.append((iid, other))
    seconds["generate"] = time.perf_counter() - t0
    say(
        f"generated {contacts:,} contacts, {len(method_rows):,} channels, "
        f"{len(interaction_rows):,} interactions in {seconds['generate']:.1f} s"
    )

    # write ---------------------------------------------------------------------------------
    t1 = time.perf_counter()
    db = open_database(path)
    try:
        iw_cols = [
            *("id", "uid", "occurred_at", "created_at", "updated_at", "kind", "summary"),
            *("notes", "direction"),
        ]
        m_cols = ["id", "contact_id", "kind", "label", "value", "is_primary", "position"]
        for model, cols in (
            (Contact, contact_cols),
            (ContactMethod, m_cols),
            (Tag, ["id", "name"]),
            (ContactTag, ["contact_id", "tag_id"]),
            (Interaction, iw_cols),
            (InteractionContact, ["interaction_id", "contact_id"]),
        ):
            _check_columns(model, cols)
        with db.atomic():
            cursor = db.cursor()
            # Indexes are dropped and re-created around the bulk insert (same SQL, so the same
            # schema): building an index from all rows at once beats updating it row by row.
            tables = [m._meta.table_name for m in (Contact, ContactMethod, Tag, ContactTag)]
            tables += [Interaction._meta.table_name, InteractionContact._meta.table_name]
            indexes = cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                f"AND tbl_name IN ({', '.join('?' * len(tables))})",
                tables,
            ).fetchall()
            for name, _sql in indexes:
                cursor.execute(f'DROP INDEX "{name}"')
            # The triggers that keep what Today reads too: worked out once after the rows.
            with derived.triggers_off(db):
                _insert(cursor, Contact, contact_cols, contact_rows)
                _insert(cursor, ContactMethod, m_cols, method_rows)
                _insert(cursor, Tag, ["id", "name"], [(i, n) for n, i in tag_ids.items()])
                _insert(cursor, ContactTag, ["contact_id", "tag_id"], tag_link_rows)
                _insert(cursor, Interaction, iw_cols, interaction_rows)
                _insert(cursor, InteractionContact, ["interaction_id", "contact_id"], link_rows)
            for _name, sql in indexes:
                cursor.execute(sql)
            seconds["insert"] = time.perf_counter() - t1
            say(f"inserted rows in {seconds['insert']:.1f} s")
            t2 = time.perf_counter()
            if fts == "reindex":
                from kith.core.contacts import reindex_contacts

                reindex_contacts(range(1, contacts + 1))
            elif fts == "batch":
                _direct_index(cursor, contact_rows, method_rows, tag_link_rows, tag_ids)
            else:
                raise SystemExit(f"build_db: unknown --fts {fts!r}")
            seconds["full-text index"] = time.perf_counter() - t2
            say(f"full-text index ({fts}) in {seconds['full-text index']:.1f} s")
        t3 = time.perf_counter()
        db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        seconds["commit and checkpoint"] = time.perf_counter() - t3
    finally:
        close_database()
    return BuildReport(
        path=path,
        contacts=contacts,
        channels=len(method_rows),
        tags=len(tag_ids),
        tag_links=len(tag_link_rows),
        interactions=len(interaction_rows),
        fts=fts,
        seconds=seconds,
    )


def _direct_index(
    cursor: Any,
    contact_rows: list[tuple[Any, ...]],
    method_rows: list[tuple[Any, ...]],
    tag_link_rows: list[tuple[int, int]],
    tag_ids: dict[str, int],
) -> None:
    """The rows ``reindex_contacts`` would write, built from the rows already in memory."""
    names = {i: n for n, i in tag_ids.items()}
    tags: dict[int, list[str]] = {}
    for cid, tid in sorted(tag_link_rows):  # the order reindex_contacts reads them in
        tags.setdefault(cid, []).append(names[tid])
    channels: dict[int, list[str]] = {}
    for row in method_rows:
        channels.setdefault(row[1], []).append(row[4])
    rows = []
    for r in contact_rows:
        cid, full, given, family, nick = r[0], r[4], r[5], r[6], r[7]
        company, title, location, how_met, note = r[10], r[11], r[12], r[13], r[21]
        rows.append(
            (
                cid,
                " ".join(p for p in (full, nick, given, family) if p),
                company,
                title,
                location,
                " ".join(tags.get(cid, [])),
                " ".join(channels.get(cid, [])),
                "\n".join(p for p in (note, how_met) if p),
            )
        )
    cursor.executemany(
        "INSERT INTO contact_index (rowid, name, company, title, location, tags, channels, notes) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path, help="the new database file")
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--fts", choices=("batch", "reindex"), default="batch")
    parser.add_argument("--photos", type=float, default=0.03, help="fraction with a photo")
    args = parser.parse_args(argv)
    report = build_database(
        args.path,
        args.contacts,
        seed=args.seed,
        fts=args.fts,
        photo_fraction=args.photos,
        progress=lambda msg: print(msg, file=sys.stderr),
    )
    print(
        f"{report.contacts:,} contacts, {report.channels:,} channels, "
        f"{report.tag_links:,} tag links, {report.interactions:,} interactions "
        f"written to {report.path} in {report.total_seconds:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
