"""Builds and writes the demo network: ``kith demo PATH`` writes about 150 people and two years
of history.

The network is deterministic for a (seed, today) pair. It is built in memory first by
:class:`_Builder`, one step per kind of data (people, imports, meetings, birthdays, channels,
rhythm, relationships, touches, goals, introductions, the asker, answers, gifts, who reached
out, follow-ups), then written in one transaction by :func:`_write`. Each step draws from its
own random stream (``"seed:step"``), so adding a step — later issues add their own data —
leaves what the other steps produce unchanged.

Fifteen people are written by hand (the inner circles: ``CAST``), and one more: the former
colleague who only gets in touch to ask (``ASKER``). Most of the rest come from archetypes
(``CROWD``) filled with names, companies, notes and channels from the vocabulary in
:mod:`kith.demo.data`; the last few were imported in the last weeks and wait to be sorted
(``IMPORTS``: no circle, no history). Dates follow the relationship rules: inner circles are
in touch often, outer ones rarely, a few people in each circle are going cold and most are
not. Every interaction says what flowed and who reached out, so strength can tell years of
favours both ways from a single meeting, and the asker from everyone else.
"""

from __future__ import annotations

import math
import random
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from itertools import pairwise
from pathlib import Path
from typing import Any

import peewee as pw

from kith.core.contacts import reindex_contacts
from kith.core.local_time import local_at, local_date
from kith.core.local_time import today as local_today
from kith.core.recurrence import anchor_rule
from kith.core.rules.cadence import resolve_cadence
from kith.core.rules.constants import BALANCE_WINDOW_DAYS, ONLY_ASKS_MIN
from kith.core.text import fold
from kith.demo.data import (
    ADDRESSES,
    ASKER,
    ASKER_HISTORY,
    CAST,
    CAST_FRIENDS,
    CITY_COUNTRY,
    COLD_PER_CIRCLE,
    COMPANIES,
    COUNTRIES,
    CROWD,
    DIRECTION_WEIGHTS,
    EVENTS,
    FAMILY_SUMMARIES,
    FOLLOW_UP_NOTES,
    FOLLOW_UP_TITLES,
    GIFTS,
    GOALS,
    GROUP_SUMMARIES,
    HISTORY_DAYS,
    IMPORT_KINDS,
    IMPORTS,
    INITIATOR_WEIGHTS,
    INTERACTION_NOTES,
    INTEREST_TAGS,
    INTRO_REASONS,
    KIDS,
    KIND_HOURS,
    KIND_WEIGHTS,
    NICKNAMES,
    NOT_HIRING,
    NOTE_FAMILY,
    NOTE_LIFE,
    NOTE_PREFERENCES,
    PARTNERS,
    PETS,
    RHYTHM,
    SOLO_COMPANIES,
    SUMMARIES,
    TABLES,
    TAG_CADENCES,
    TAGS,
    TEAMS,
    TOPICS,
    TRAVEL_CITIES,
    WORKDAY_KINDS,
    Archetype,
)
from kith.store.changes import writing
from kith.store.database import DatabaseOpenError, close_database, open_database
from kith.store.models import (
    Contact,
    ContactMethod,
    ContactTag,
    FollowUp,
    Goal,
    GoalContact,
    Interaction,
    InteractionContact,
    Relationship,
    Tag,
    utcnow,
)


class DemoError(Exception):
    """The demo network cannot be written there; the message is meant for the user."""


# --- the plan: people and touches ------------------------------------------------------------


@dataclass
class Person:
    """One demo contact as the builder plans it (written as a Contact row at the end)."""

    id: int
    given: str
    family: str
    country: str
    city: str
    company: str
    title: str
    circle: int | None
    tags: list[str]
    kind: str  # "cast", "asker", "imported" or an archetype key (the crowd)
    nickname: str = ""
    notes: str = ""
    how_met: str = ""
    met_on: date | None = None
    introduced_by: int | None = None
    birthday: tuple[int, int, int | None] | None = None
    born: int | None = None
    cadence_days: int | None = None
    profile: str = "default"
    address: str = ""
    channels: list[tuple[str, str, str]] = field(default_factory=list)  # kind, label, value
    # The rhythm of contact (see _Builder._rhythm).
    cadence: int | None = None
    cold: bool = False
    last_touch: date | None = None
    #: The day they were added to Kith (an import's day); None: when you started Kith.
    added_on: date | None = None

    @property
    def crowd(self) -> bool:
        """Drawn from an archetype (not written by hand, not imported)."""
        return self.kind not in ("cast", "asker", "imported")

    @property
    def full_name(self) -> str:
        return f"{self.given} {self.family}"

    @property
    def first(self) -> str:
        return self.nickname or self.given


@dataclass
class Touch:
    """One interaction as the builder plans it."""

    at: datetime  # naive UTC
    people: list[int]
    kind: str
    direction: str
    summary: str
    notes: str = ""
    goal: int | None = None
    id: int = 0
    #: Who reached out: "me", "them" or "both" (set by the step that knows, else _initiators).
    initiator: str | None = None
    first: bool = False  # the day you met


@dataclass
class DemoNetwork:
    """Everything the demo writes: the rows of each table, with explicit ids."""

    contacts: list[dict[str, Any]] = field(default_factory=list)
    contact_methods: list[dict[str, Any]] = field(default_factory=list)
    tags: list[dict[str, Any]] = field(default_factory=list)
    contact_tags: list[dict[str, Any]] = field(default_factory=list)
    goals: list[dict[str, Any]] = field(default_factory=list)
    goal_contacts: list[dict[str, Any]] = field(default_factory=list)
    interactions: list[dict[str, Any]] = field(default_factory=list)
    interaction_contacts: list[dict[str, Any]] = field(default_factory=list)
    follow_ups: list[dict[str, Any]] = field(default_factory=list)
    relationships: list[dict[str, Any]] = field(default_factory=list)

    def summary(self, path: Path) -> str:
        """ "Wrote 152 people, 1,843 interactions, … to PATH." """
        open_count = sum(1 for f in self.follow_ups if f["status"] == "open")
        return (
            f"Wrote {len(self.contacts):,} people, {len(self.interactions):,} interactions, "
            f"{len(self.follow_ups):,} follow-ups ({open_count:,} open), "
            f"{len(self.goals):,} goals and {len(self.relationships):,} relationships to {path}."
        )


# --- small helpers ---------------------------------------------------------------------------

_ASCII = str.maketrans({"ł": "l", "ø": "o", "ß": "ss", "æ": "ae", "đ": "d", "ı": "i", "œ": "oe"})


def ascii_slug(text: str, sep: str = "") -> str:
    """ "Łukasz Wójcik" → "lukaszwojcik" (or "lukasz-wojcik" with ``sep="-"``)."""
    words = re.findall(r"[a-z0-9]+", fold(text.casefold().translate(_ASCII)).translate(_ASCII))
    return sep.join(words)


def _weighted(rng: random.Random, weights: dict[Any, int]) -> Any:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def _names(people: Sequence[Person]) -> str:
    """ "Sofía", "Sofía and Jonas", "Sofía, Jonas and Tomás"."""
    firsts = [p.first for p in people]
    return firsts[0] if len(firsts) == 1 else f"{', '.join(firsts[:-1])} and {firsts[-1]}"


def _domain(company: str) -> str:
    """A made-up email domain for a company of the vocabulary: "Kite Robotics" → kiterobotics.io."""
    if not company:
        return ""
    slug = ascii_slug(company)
    return slug + (".com", ".io", ".eu")[len(slug) % 3]


def _next_june(today: date) -> date:
    return date(today.year + (1 if today.month >= 5 else 0), 6, 30)


# --- the builder -----------------------------------------------------------------------------


class _Builder:
    """Builds the :class:`DemoNetwork` for one (seed, today, tz), one step at a time."""

    def __init__(self, seed: int, today: date, tz: tzinfo | None) -> None:
        self.seed = seed
        self.today = today
        self.tz = tz
        self.people: list[Person] = []
        self.touches: list[Touch] = []
        self.relations: dict[tuple[int, int], dict[str, Any]] = {}
        self.goal_ids: dict[str, int] = {}
        self.goal_people: dict[str, list[int]] = {}
        self.network = DemoNetwork()

    def rng(self, step: str) -> random.Random:
        """The random stream of one step (independent of every other step)."""
        return random.Random(f"{self.seed}:{step}")

    def uid(self, table: str, row_id: int) -> str:
        """A stable uid for one row: the same whatever other rows a later step adds."""
        bits = random.Random(f"{self.seed}:uid:{table}:{row_id}").getrandbits(128)
        return str(uuid.UUID(int=bits, version=4))

    def at(self, day: date, hour: int, minute: int = 0) -> datetime:
        """The naive UTC moment of a local clock time on a local day."""
        return local_at(day, time(hour, minute), self.tz)

    def by_given(self, given: str) -> Person:
        return next(p for p in self.people if p.given == given and p.kind == "cast")

    def build(self) -> DemoNetwork:
        self._cast()
        self._crowd()
        self._imports()
        self._meetings()
        self._birthdays()
        self._channels()
        self._rhythm()
        self._relationships()
        self._touches()
        self._goals()
        self._introductions()
        self._asker_history()
        self._answers()
        self._gifts()
        self._only_one_asker()
        self._initiators()
        self._interaction_rows()
        self._follow_ups()
        self._contact_rows()
        self._relationship_rows()
        return self.network

    # --- people ------------------------------------------------------------------------------

    @property
    def asker(self) -> Person:
        return next(p for p in self.people if p.kind == "asker")

    def day_of(self, touch: Touch) -> date:
        """The local day of a touch."""
        return local_date(touch.at, self.tz)

    def within_a_year(self, touch: Touch) -> bool:
        """Whether a touch is in the balance's window (the last 12 months, today included)."""
        return (self.today - self.day_of(touch)).days < BALANCE_WINDOW_DAYS

    def _cast(self) -> None:
        for spec in (*CAST, ASKER):
            person = Person(
                id=len(self.people) + 1,
                given=spec["given"],
                family=spec["family"],
                country=spec["country"],
                city=spec["city"],
                company=spec["company"],
                title=spec["title"],
                circle=spec["circle"],
                tags=list(spec["tags"]),
                kind="asker" if spec is ASKER else "cast",
                nickname=spec.get("nickname", ""),
                notes=spec["notes"],
                how_met=spec["how_met"],
                met_on=date.fromisoformat(spec["met_on"]) if spec["met_on"] else None,
                born=spec["born"],
                cadence_days=spec.get("cadence_days"),
                profile=spec.get("profile", "default"),
                address=spec.get("address", ""),
            )
            self.people.append(person)
        for spec in CAST:
            if "introduced_by" in spec:
                self.by_given(spec["given"]).introduced_by = self.by_given(spec["introduced_by"]).id

    def _crowd(self) -> None:
        rng = self.rng("crowd")
        taken = {p.full_name for p in self.people}
        countries = list(COUNTRIES)
        weights = [COUNTRIES[c].weight for c in countries]
        circles = [3] * 30 + [4] * 70 + [5] * 22  # the unsorted are imported: _imports
        rng.shuffle(circles)
        solos = {key: list(names) for key, names in SOLO_COMPANIES.items()}
        for names in solos.values():
            rng.shuffle(names)
        for archetype in CROWD:
            slots = [name for name, count in archetype.companies for _ in range(count)]
            for i in range(archetype.count):
                code = rng.choices(countries, weights=weights)[0]
                country = COUNTRIES[code]
                while True:
                    given, family = rng.choice(country.given), rng.choice(country.family)
                    if f"{given} {family}" not in taken:
                        break
                taken.add(f"{given} {family}")
                title = rng.choice(archetype.titles)
                if i < len(slots):
                    company = slots[i]
                    home = COMPANIES[company].city
                elif title == "Angel investor" or not archetype.solo:
                    company, home = "", ""
                else:
                    pool = solos[archetype.solo]
                    if not pool:  # every name taken: some people work at the same place
                        known = SOLO_COMPANIES[archetype.solo]
                        pool += rng.sample(known, min(6, len(known)))
                    company, home = pool.pop(), ""
                if home and rng.random() < 0.65:
                    city = home
                elif rng.random() < 0.3:
                    city = "Berlin"  # where you live: many of your people do too
                else:
                    city = rng.choice(country.cities)
                tags = list(archetype.always)
                if archetype.maybe:
                    for tag in rng.sample(archetype.maybe, rng.choice((0, 1, 1, 2))):
                        if tag not in tags:
                            tags.append(tag)
                for tag, chance in INTEREST_TAGS:
                    if rng.random() < chance and tag not in tags:
                        tags.append(tag)
                if city == "Berlin" and rng.random() < 0.6:
                    tags.append("berlin")
                if company == "Tessera Bank":
                    tags.append("former-colleague")
                circle = circles.pop()
                if circle > 3:
                    tags = [t for t in tags if t != "mentor"]  # a mentor is someone close
                person = Person(
                    id=len(self.people) + 1,
                    given=given,
                    family=family,
                    country=code,
                    city=city,
                    company=company,
                    title=title,
                    circle=circle,
                    tags=tags,
                    kind=archetype.key,
                    nickname=NICKNAMES.get(given, "") if rng.random() < 0.7 else "",
                    profile=archetype.profile,
                )
                if "mentor" in tags or "investor" in tags:
                    person.profile = "ask"
                person.notes = self._crowd_notes(rng, person, archetype)
                self.people.append(person)

    def _crowd_notes(self, rng: random.Random, p: Person, archetype: Archetype) -> str:
        country = COUNTRIES[p.country]
        hometowns = [c for c in country.cities if c != p.city] or list(country.cities)
        values = {
            "first": p.first,
            "company": p.company,
            "city": p.city,
            "hometown": rng.choice(hometowns),
            "topic": rng.choice(TOPICS),
            "team": rng.choice(TEAMS),
            "event": rng.choice(EVENTS),
            "kid": rng.choice(KIDS),
            "kid2": rng.choice(KIDS),
            "partner": rng.choice(PARTNERS),
            "pet": rng.choice(PETS),
        }
        if values["kid2"] == values["kid"]:
            values["kid2"] = KIDS[(KIDS.index(values["kid"]) + 5) % len(KIDS)]
        outer = p.circle is None or p.circle == 5
        chances = (0.45, 0.35, 0.45, 0.3) if outer else (0.8, 0.55, 0.6, 0.4)
        parts = []
        for pool, chance in zip(
            (archetype.lines, NOTE_FAMILY, NOTE_LIFE, NOTE_PREFERENCES), chances, strict=True
        ):
            lines = [line for line in pool if p.company or "{company}" not in line]
            if lines and rng.random() < chance:
                parts.append(rng.choice(lines).format(**values))
        if not parts and (not outer or rng.random() < 0.5):
            parts.append(rng.choice(archetype.lines or NOTE_LIFE).format(**values))
        return " ".join(parts)

    def _imports(self) -> None:
        """People imported in the last weeks, as an import leaves them: a name, a company, a
        title and channels (see _channels) — no circle, no tags, no notes, no history. They
        wait on Today to be sorted."""
        rng = self.rng("imports")
        taken = {p.full_name for p in self.people}
        countries = list(COUNTRIES)
        weights = [COUNTRIES[c].weight for c in countries]
        kinds = [a for a in CROWD if a.key in IMPORT_KINDS]
        families: set[str] = set()  # no two of an import share a family name
        for days_ago, count in IMPORTS:
            added = self.today - timedelta(days=days_ago)
            for _ in range(count):
                archetype = rng.choice(kinds)
                code = rng.choices(countries, weights=weights)[0]
                country = COUNTRIES[code]
                while True:
                    given, family = rng.choice(country.given), rng.choice(country.family)
                    if f"{given} {family}" not in taken and family not in families:
                        break
                taken.add(f"{given} {family}")
                families.add(family)
                city = "Berlin" if rng.random() < 0.4 else rng.choice(country.cities)
                self.people.append(
                    Person(
                        id=len(self.people) + 1,
                        given=given,
                        family=family,
                        country=code,
                        city=city,
                        company=rng.choice(SOLO_COMPANIES[archetype.solo]),
                        title=rng.choice(archetype.titles),
                        circle=None,
                        tags=[],
                        kind="imported",
                        added_on=added,
                    )
                )

    def _meetings(self) -> None:
        """When and how you met each person of the crowd, and who introduced you."""
        rng = self.rng("meetings")
        last_day = self.today - timedelta(days=14)
        for p in self.people:
            if not p.crowd:
                continue
            years_ago = min(15, int(rng.expovariate(1 / 3.5)))
            year = self.today.year - years_ago
            first = date(year, 1, 1)
            span = max(0, (min(date(year, 12, 31), last_day) - first).days)
            p.met_on = first + timedelta(days=rng.randint(0, span))
        # In the order you met them, so an introducer is always someone you knew before.
        crowd = sorted((p for p in self.people if p.crowd), key=lambda p: p.met_on or date.min)
        connectors = [self.by_given(g).id for g in ("Tomás", "Sofía", "Amara", "Grace", "Zoë")]
        for p in crowd:
            assert p.met_on is not None
            known = [
                q
                for q in self.people
                if q.met_on is not None
                and q.met_on < p.met_on
                and q.id != p.id
                and q.kind != "asker"  # he introduces nobody
            ]
            how = rng.random()
            if known and how < 0.28:
                hubs = [q for q in known if q.id in connectors]
                introducer = rng.choice(hubs) if hubs and rng.random() < 0.5 else rng.choice(known)
                p.introduced_by = introducer.id
                p.how_met = rng.choice(
                    (
                        f"Intro from {introducer.first} at the Berlin meetup",
                        f"{introducer.first} introduced us over email",
                        f"Met at {introducer.first}'s birthday party",
                        f"Intro from {introducer.first}: we both work on {rng.choice(TOPICS)}",
                    )
                )
            elif "former-colleague" in p.tags:
                p.how_met = f"Worked together at Tessera Bank, {p.met_on.year}"
            elif how < 0.7:
                event = rng.choice(EVENTS)
                p.how_met = rng.choice(
                    (
                        f"{event} {p.met_on.year}",
                        f"{event} {p.met_on.year}, hallway track",
                        f"{event} {p.met_on.year}: sat together at the speakers' dinner",
                        f"{event} {p.met_on.year}: gave the talk right after mine",
                    )
                )
            else:
                p.how_met = self._other_how_met(rng, p)

    def _other_how_met(self, rng: random.Random, p: Person) -> str:
        by_kind = {
            "recruiter": f"Reached out on LinkedIn about a role at {p.company or 'a startup'}",
            "mentee": "Mentoring programme at the Berlin Python meetup",
            "media": "Interviewed me about the product launch",
            "investor": "Office hours at the Kestrel Ventures open day",
            "founder": "Founders' dinner in Berlin",
        }
        if p.kind in by_kind:
            return by_kind[p.kind]
        return rng.choice(
            (
                f"Cold email about their blog post on {rng.choice(TOPICS)}",
                "Neighbours in Kreuzberg",
                f"Sat next to each other on a flight to {p.city}",
                "Same climbing gym in Berlin",
                "Friends of friends, at a wedding in Valencia",
                f"Same lab at university ({rng.choice(('Edinburgh', 'Madrid', 'Delft'))})",
            )
        )

    def _birthdays(self) -> None:
        """Birthdays for most people; exactly three fall in the next fourteen days."""
        rng = self.rng("birthdays")
        window = {(self.today + timedelta(days=d)).timetuple()[1:3] for d in range(0, 16)}
        close = [p for p in self.people if p.circle in (1, 2, 3) and "family" not in p.tags]
        soon = rng.sample(close, 3)
        offsets = sorted(rng.sample(range(1, 14), 3))
        for p in self.people:
            if p.kind == "imported" or (p.crowd and rng.random() < 0.12):
                continue  # birthday unknown
            year = p.born
            if year is None and p.crowd and rng.random() < 0.62:
                year = rng.randint(1962, 2001)
            while True:
                month, day = rng.randint(1, 12), rng.randint(1, 28)
                if (month, day) not in window:
                    break
            p.birthday = (month, day, year)
        for p, offset in zip(soon, offsets, strict=True):
            when = self.today + timedelta(days=offset)
            year = p.birthday[2] if p.birthday else None
            if (when.month, when.day) == (2, 29) and year is not None and year % 4:
                year = None
            p.birthday = (when.month, when.day, year)

    def _channels(self) -> None:
        """Emails, phones, links, handles and a few addresses."""
        rng = self.rng("channels")
        providers = ("gmail.com", "fastmail.com", "proton.me", "outlook.com", "icloud.com")
        tech = {"python", "rust", "open-source", "data", "ml"}
        used_addresses = {p.address for p in self.people if p.address}
        for p in self.people:
            first, family = ascii_slug(p.given), ascii_slug(p.family)
            company = COMPANIES.get(p.company)
            domain = company.domain if company else _domain(p.company)
            channels: list[tuple[str, str, str]] = []
            if domain and "family" not in p.tags:
                local = rng.choice((f"{first}.{family}", f"{first}", f"{first[0]}{family}"))
                channels.append(("email", "work", f"{local}@{domain}"))
            if rng.random() < 0.55 or not channels:
                number = rng.choice(("", str(rng.randint(1, 99))))
                home = f"{first}.{family}{number}@{rng.choice(providers)}"
                channels.append(("email", "home", home))
            phone_country = COUNTRIES[CITY_COUNTRY.get(p.city, p.country)]
            if p.kind == "cast" or rng.random() < 0.8:
                channels.append(("phone", "mobile", self._phone(rng, phone_country.phone)))
            if rng.random() < 0.12:
                channels.append(("phone", "work", self._phone(rng, phone_country.phone)))
            if "family" not in p.tags and rng.random() < 0.75:
                slug = f"{first}-{family}-{rng.getrandbits(24):06x}"
                channels.append(("url", "LinkedIn", f"https://www.linkedin.com/in/{slug}"))
            if tech & set(p.tags) and rng.random() < 0.6:
                handle = rng.choice((f"{first}{family[:1]}", f"{first[:1]}{family}", first))
                channels.append(("url", "GitHub", f"https://github.com/{handle}"))
            if rng.random() < 0.08:
                channels.append(("url", "site", f"https://{first}{family}.dev"))
            if rng.random() < 0.4:
                handle = rng.choice((f"{first}_{family[:1]}", f"{first}{family}", first))
                service = rng.choice(("Mastodon", "Bluesky", "X"))
                value = {
                    "Mastodon": f"@{handle}@{rng.choice(('hachyderm.io', 'fosstodon.org'))}",
                    "Bluesky": f"@{handle}.bsky.social",
                    "X": f"@{handle}",
                }[service]
                channels.append(("social", service, value))
            if not p.address and p.circle in (2, 3) and rng.random() < 0.35:
                free = [a for a in ADDRESSES.get(p.city, ()) if a not in used_addresses]
                p.address = rng.choice(free) if free else ""
            if p.address:
                used_addresses.add(p.address)
                channels.append(("address", "home", p.address))
            p.channels = channels

    @staticmethod
    def _phone(rng: random.Random, pattern: str) -> str:
        return "".join(str(rng.randint(0, 9)) if ch == "#" else ch for ch in pattern)

    # --- rhythm and relationships ------------------------------------------------------------

    def _rhythm(self) -> None:
        """Cadences (a few set per person), and who is going cold."""
        rng = self.rng("rhythm")
        for circle, days in ((3, 45), (4, 60), (5, 120)):
            pool = [
                p for p in self.people if p.crowd and p.circle == circle and p.cadence_days is None
            ]
            rng.choice(pool).cadence_days = days
        for p in self.people:
            tags = [(t, TAG_CADENCES.get(t)) for t in p.tags]
            p.cadence = resolve_cadence(p.cadence_days, tags, p.circle).days
        for circle, count in COLD_PER_CIRCLE.items():
            pool = [
                p
                for p in self.people
                if p.circle == circle
                and p.cadence is not None
                and p.kind != "asker"  # his history is written by hand
                and "family" not in p.tags
                and self._history_start(p) <= self.today - timedelta(days=3 * p.cadence)
            ]
            for p in rng.sample(pool, min(count, len(pool))):
                p.cold = True

    def _history_start(self, p: Person) -> date:
        start = self.today - timedelta(days=HISTORY_DAYS)
        return max(start, p.met_on) if p.met_on is not None else start

    def _relate(self, a: int, b: int, kind: str, since: date | None, note: str = "") -> bool:
        key = (min(a, b), max(a, b))
        if a == b or key in self.relations:
            return False
        self.relations[key] = {"kind": kind, "since": since, "note": note}
        return True

    def _relationships(self) -> None:
        """Who knows whom: colleagues, family, friends, introducers, and acquaintances.

        An import knows nothing of who knows whom: the imported people stand alone."""
        rng = self.rng("relationships")
        people = [p for p in self.people if p.kind != "imported"]
        by_company: dict[str, list[Person]] = {}
        for p in people:
            if p.company:
                by_company.setdefault(p.company, []).append(p)
        for company in sorted(by_company):
            staff = by_company[company]
            for i, a in enumerate(staff):
                for b in staff[i + 1 :]:
                    since = self.today - timedelta(days=rng.randint(120, 2200))
                    self._relate(a.id, b.id, "colleague", since, f"Both at {company}")
        for ga, gb, kind, note in CAST_FRIENDS:
            a, b = self.by_given(ga), self.by_given(gb)
            known = [d for d in (a.met_on, b.met_on) if d is not None]
            self._relate(a.id, b.id, kind, min(known) if kind != "family" else None, note)
        asker = self.asker
        self._relate(
            asker.id, self.by_given("Sofía").id, "knows", asker.met_on, "Both at Tessera Bank"
        )
        for p in people:
            if p.introduced_by is not None and p.met_on is not None:
                since = p.met_on - timedelta(days=rng.randint(60, 1800))
                close = p.circle in (1, 2) and self.people[p.introduced_by - 1].circle in (1, 2)
                self._relate(p.introduced_by, p.id, "friend" if close else "knows", since)
        # Acquaintances among them: people in the same city or sharing a tag, hubs first.
        target = rng.randint(215, 245)
        weights = [6 if p.circle in (1, 2) else 3 if p.circle == 3 else 1 for p in people]
        tries = 0
        while len(self.relations) < target and tries < 20_000:
            tries += 1
            a, b = rng.choices(people, weights=weights, k=2)
            shared = a.city == b.city or bool(set(a.tags) & set(b.tags) - {"berlin"})
            if not shared and rng.random() < 0.85:
                continue
            kind = "friend" if rng.random() < 0.25 else "knows"
            since = self.today - timedelta(days=rng.randint(90, 3000))
            self._relate(a.id, b.id, kind, since)

    # --- interactions ------------------------------------------------------------------------

    def _touches(self) -> None:
        """Each person's history: regular touches at their rhythm, and a few shared ones."""
        rng = self.rng("touches")
        for p in self.people:
            if p.kind in ("asker", "imported"):
                continue  # his history is written by hand; theirs has not begun
            days = self._touch_days(rng, p)
            for day in days:
                self.touches.append(self._touch(rng, p, day))
            p.last_touch = max(days) if days else None
        # Some dinners, events and sessions with two or three people who know each other.
        related: dict[int, list[int]] = {}
        for a, b in self.relations:
            related.setdefault(a, []).append(b)
            related.setdefault(b, []).append(a)
        for touch in self.touches:
            if touch.kind not in GROUP_SUMMARIES or rng.random() > 0.09:
                continue
            host = self.people[touch.people[0] - 1]
            if host.circle not in (1, 2, 3) or "family" in host.tags:
                continue
            day = touch.at.date()
            others = [
                self.people[i - 1]
                for i in sorted(related.get(host.id, ()))
                if self._can_touch(self.people[i - 1], day)
                and "family" not in self.people[i - 1].tags
            ]
            if not others:
                continue
            guests = rng.sample(others, min(len(others), rng.choice((1, 1, 2))))
            touch.people += [g.id for g in guests]
            touch.summary = rng.choice(GROUP_SUMMARIES[touch.kind]).format(
                names=_names([host, *guests]), event=rng.choice(EVENTS), topic=rng.choice(TOPICS)
            )
            touch.direction = rng.choice(("mutual", "neutral"))

    def _can_touch(self, p: Person, day: date) -> bool:
        """Whether an extra touch on ``day`` keeps ``p``'s last contact where it was planned."""
        return (
            p.last_touch is not None
            and day <= p.last_touch
            and (p.met_on is None or p.met_on <= day)
        )

    def _touch_days(self, rng: random.Random, p: Person) -> list[date]:
        start = self._history_start(p)
        end = self.today - timedelta(days=1)
        if end < start:
            return []
        if p.cadence is None:
            count = rng.choice((0, 1, 1, 2, 3) if p.circle == 5 else (0, 0, 1, 1, 2))
            span = (end - start).days
            return sorted({start + timedelta(days=rng.randint(0, span)) for _ in range(count)})
        c = p.cadence
        if p.cold:
            last = self.today - timedelta(days=rng.randint(math.ceil(1.3 * c), math.ceil(2.6 * c)))
        else:
            last = self.today - timedelta(days=rng.randint(1, max(1, int(0.8 * c))))
        last = max(last, start)
        lo, hi = RHYTHM.get(p.circle or 5, RHYTHM[5])
        if "family" in p.tags:
            lo, hi = 0.4, 1.0
        days = [last]
        day = last
        while True:
            gap = max(1, round(c * rng.uniform(lo, hi)))
            if rng.random() < 0.06:
                gap *= 2  # a quiet spell
            day -= timedelta(days=gap)
            if day < start:
                break
            days.append(day)
        if p.met_on is not None and p.met_on >= start and p.met_on not in days:
            days.append(p.met_on)  # the day you met
        return sorted(days)

    def _touch(self, rng: random.Random, p: Person, day: date) -> Touch:
        first_meeting = p.met_on == day
        values = self._values(rng, p)
        if first_meeting:
            at_event = any(event in p.how_met for event in EVENTS)
            kind, direction = ("event", "neutral") if at_event else ("meeting", "mutual")
            summary = f"First met: {p.how_met}"[:200]
        else:
            profile = "family" if "family" in p.tags else p.profile
            direction = _weighted(rng, DIRECTION_WEIGHTS[profile])
            pool = FAMILY_SUMMARIES if profile == "family" else SUMMARIES[direction]
            text, kinds = rng.choice(pool)
            weights = KIND_WEIGHTS[p.circle if p.circle in KIND_WEIGHTS else None]
            allowed = {k: w for k, w in weights.items() if not kinds or k in kinds}
            kind = _weighted(rng, allowed) if allowed else rng.choice(kinds)
            if day.weekday() >= 5 and kind in WORKDAY_KINDS:
                kind = "message" if not kinds or "message" in kinds else kind
            summary = text.format(**values)
        hours = rng.choice(KIND_HOURS[kind])
        moment = self.at(day, rng.randint(*hours), rng.choice((0, 10, 15, 20, 30, 40, 45, 50)))
        notes = ""
        if rng.random() < 0.35 and "family" not in p.tags:
            notes = rng.choice(
                [n for n in INTERACTION_NOTES if p.company or "{company}" not in n]
            ).format(**values)
        return Touch(moment, [p.id], kind, direction, summary, notes, first=first_meeting)

    def _values(self, rng: random.Random, p: Person) -> dict[str, str]:
        others = [c for c in COMPANIES if c != p.company and c not in NOT_HIRING]
        cities = [c for c in TRAVEL_CITIES if c != p.city]
        return {
            "first": p.first,
            "company": p.company,
            "city": p.city,
            "other_company": rng.choice(others),
            "other_city": rng.choice(cities),
            "topic": rng.choice(TOPICS),
            "event": rng.choice(EVENTS),
        }

    def _goals(self) -> None:
        """The goals, who helps with each, and the interactions that served them."""
        rng = self.rng("goals")
        for spec in GOALS:
            goal_id = len(self.network.goals) + 1
            started = self.today - timedelta(days=spec.started_days_ago)
            if spec.key == "speaking":
                target = _next_june(self.today)
            elif spec.status == "achieved":
                target = self.today - timedelta(days=150)
            else:
                target = self.today + timedelta(days=75 if spec.key == "hiring" else 150)
            end = min(self.today, target)
            created = self.at(started, 21, 0)
            self.network.goals.append(
                {
                    "id": goal_id,
                    "uid": self.uid("goal", goal_id),
                    "created_at": created,
                    "updated_at": self.at(end, 21, 30) if spec.status == "achieved" else created,
                    "title": spec.title,
                    "why": spec.why,
                    "target_date": target,
                    "status": spec.status,
                }
            )
            self.goal_ids[spec.key] = goal_id
            helpers = [self.by_given(g) for g in spec.cast]
            tagged = [
                p
                for p in self.people
                if p not in helpers and set(spec.tags) & set(p.tags) and p.circle is not None
            ]
            rng.shuffle(tagged)
            tagged.sort(key=lambda p: p.circle or 9)
            chosen = (helpers + tagged)[: spec.size]
            self.goal_people[spec.key] = [p.id for p in chosen]
            self.network.goal_contacts += [{"goal": goal_id, "contact": p.id} for p in chosen]
            ids = {p.id for p in chosen}
            window = [
                t
                for t in self.touches
                if t.people[0] in ids and t.goal is None and started <= t.at.date() <= end
            ]
            per_person: dict[int, int] = {}
            for touch in window:
                who = touch.people[0]
                if per_person.get(who, 0) >= 4 or rng.random() > 0.55 or len(touch.people) > 1:
                    continue
                per_person[who] = per_person.get(who, 0) + 1
                person = self.people[who - 1]
                touch.goal = goal_id
                touch.summary = rng.choice(spec.summaries).format(**self._values(rng, person))
                touch.direction = spec.direction if rng.random() < 0.7 else "mutual"
                if touch.kind in ("event", "other"):
                    touch.kind = "video"
            # Everyone else who helped gets one conversation about it (before their last one).
            for person in chosen:
                if per_person.get(person.id) or person.last_touch is None:
                    continue
                first = max(started, person.met_on or started)
                last = min(end, person.last_touch)
                if last < first:
                    continue
                day = first + timedelta(days=rng.randint(0, (last - first).days))
                kind = rng.choice(("video", "call", "meal", "email"))
                self.touches.append(
                    Touch(
                        self.at(day, rng.randint(*rng.choice(KIND_HOURS[kind])), 30),
                        [person.id],
                        kind,
                        spec.direction,
                        rng.choice(spec.summaries).format(**self._values(rng, person)),
                        goal=goal_id,
                    )
                )

    def _introductions(self) -> None:
        """Times you introduced two people to each other (they know each other since)."""
        rng = self.rng("introductions")
        candidates = [p for p in self.people if p.circle in (1, 2, 3, 4) and p.last_touch]
        made = 0
        for _ in range(2000):
            if made >= 18:
                break
            a, b = rng.sample(candidates, 2)
            if (min(a.id, b.id), max(a.id, b.id)) in self.relations:
                continue
            if "family" in a.tags or "family" in b.tags:
                continue
            assert a.last_touch is not None and b.last_touch is not None
            starts = [self.today - timedelta(days=HISTORY_DAYS - 30)]
            starts += [p.met_on for p in (a, b) if p.met_on is not None]
            first, last = max(starts), min(a.last_touch, b.last_touch)
            if last < first:
                continue
            day = first + timedelta(days=rng.randint(0, (last - first).days))
            values = {
                "a": a.first,
                "b": b.first,
                "a_company": a.company or "a new team",
                "b_city": b.city,
                "topic": rng.choice(TOPICS),
            }
            reason = rng.choice(INTRO_REASONS).format(**values)
            self.touches.append(
                Touch(
                    self.at(day, rng.randint(9, 17), rng.choice((0, 15, 30, 45))),
                    [a.id, b.id],
                    "intro",
                    "gave",
                    f"Introduced {a.first} to {b.first}",
                    reason,
                )
            )
            self._relate(a.id, b.id, "introduced", day, "You introduced them")
            made += 1

    # --- who gave, who asked, who reached out -------------------------------------------------

    def _touches_by_person(self) -> dict[int, list[Touch]]:
        """Each person's touches (shared ones too), oldest first."""
        result: dict[int, list[Touch]] = {}
        for touch in sorted(self.touches, key=lambda t: (t.at, t.people)):
            for who in dict.fromkeys(touch.people):
                result.setdefault(who, []).append(touch)
        return result

    def _asker_history(self) -> None:
        """The one person who only asks: his history as written (ASKER_HISTORY)."""
        rng = self.rng("asker")
        p = self.asker
        days = []
        for days_ago, kind, direction, initiator, summary in ASKER_HISTORY:
            day = self.today - timedelta(days=days_ago)
            hours = rng.choice(KIND_HOURS[kind])
            moment = self.at(day, rng.randint(*hours), rng.choice((0, 15, 30, 45)))
            touch = Touch(moment, [p.id], kind, direction, summary, initiator=initiator)
            self.touches.append(touch)
            days.append(day)
        p.last_touch = max(days)

    def _answers(self) -> None:
        """What came back for your asks: now and then the touch after an ask of yours is their
        answer — a name, notes, an intro (they gave; it answers your ask but does not repay
        it, so it is not "without being asked")."""
        rng = self.rng("answers")
        by_person = self._touches_by_person()
        for p in self.people:
            if "family" in p.tags or p.kind == "asker":
                continue
            touches = by_person.get(p.id, [])
            for ask, after in pairwise(touches):
                if (
                    ask.direction != "asked"
                    or len(ask.people) > 1
                    or len(after.people) > 1
                    or after.direction not in ("mutual", "neutral")
                    or after.first
                    or after.goal is not None
                    or after.kind in ("event", "intro")
                    or after.at <= ask.at
                    or rng.random() > 0.4
                ):
                    continue
                texts = [
                    t for t, kinds in SUMMARIES["they_gave"] if not kinds or after.kind in kinds
                ]
                after.direction = "they_gave"
                after.summary = rng.choice(texts).format(**self._values(rng, p))
                after.goal = ask.goal

    def _gifts(self) -> None:
        """Gives nobody asked for (GIFTS): each on the day nearest the one planned when none of
        your asks to that person is waiting, so their card says they gave without being
        asked."""
        rng = self.rng("gifts")
        by_person = self._touches_by_person()
        day = timedelta(days=1)
        for given, days_ago, kind, summary, notes in GIFTS:
            p = self.by_given(given)
            touches = by_person.get(p.id, [])
            free: list[date] = []
            open_asks = 0
            for touch, following in pairwise(touches):
                if touch.direction == "asked":
                    open_asks += 1
                elif touch.direction in ("gave", "mutual"):
                    open_asks = 0
                first, last = self.day_of(touch) + day, self.day_of(following) - day
                if open_asks == 0 and first <= last:
                    free += [first + i * day for i in range((last - first).days + 1)]
            if not free:
                continue
            target = self.today - days_ago * day
            when = min(free, key=lambda d: (abs((d - target).days), d))
            moment = self.at(when, rng.randint(*KIND_HOURS[kind][0]), rng.choice((5, 25, 40)))
            self.touches.append(
                Touch(moment, [p.id], kind, "they_gave", summary, notes, initiator="them")
            )

    def _only_one_asker(self) -> None:
        """Nobody but the asker reads as only asking, today or on a later day: whoever asked
        you ``ONLY_ASKS_MIN`` times in the last year since they last gave gets their latest
        ask turned into an exchange."""
        rng = self.rng("only_one_asker")
        by_person = self._touches_by_person()
        for p in self.people:
            if p.kind == "asker":
                continue
            asks: list[Touch] = []
            for touch in by_person.get(p.id, []):
                if touch.direction in ("they_gave", "mutual"):
                    asks = []
                elif touch.direction == "they_asked" and self.within_a_year(touch):
                    asks.append(touch)
            if len(asks) >= ONLY_ASKS_MIN:
                last = asks[-1]
                texts = [t for t, kinds in SUMMARIES["mutual"] if not kinds or last.kind in kinds]
                last.direction = "mutual"
                last.summary = rng.choice(texts).format(**self._values(rng, p))

    def _initiators(self) -> None:
        """Who reached out, where the steps before left it open: you, to ask; they, to ask or
        to give; otherwise events, introductions, first meetings and plans with several people
        are "both", and the rest goes as the relationship goes (INITIATOR_WEIGHTS)."""
        rng = self.rng("initiators")
        for touch in self.touches:
            if touch.initiator is not None:
                continue
            if touch.direction == "asked":
                touch.initiator = "me"
            elif touch.direction in ("they_asked", "they_gave"):
                touch.initiator = "them"
            elif touch.kind in ("event", "intro") or touch.first or len(touch.people) > 1:
                touch.initiator = "both"
            else:
                p = self.people[touch.people[0] - 1]
                profile = "family" if "family" in p.tags else p.profile
                if profile == "default" and p.circle not in (1, 2, 3):
                    profile = "outer"
                touch.initiator = _weighted(rng, INITIATOR_WEIGHTS[profile])

    def _interaction_rows(self) -> None:
        self.touches.sort(key=lambda t: (t.at, t.people))
        for number, touch in enumerate(self.touches, start=1):
            touch.id = number
            logged = touch.at + timedelta(minutes=20 + (number * 37) % 600)
            self.network.interactions.append(
                {
                    "id": number,
                    "uid": self.uid("interaction", number),
                    "created_at": logged,
                    "updated_at": logged,
                    "occurred_at": touch.at,
                    "kind": touch.kind,
                    "summary": touch.summary,
                    "notes": touch.notes,
                    "direction": touch.direction,
                    "initiator": touch.initiator,
                    "goal": touch.goal,
                }
            )
            self.network.interaction_contacts += [
                {"interaction": number, "contact": who} for who in dict.fromkeys(touch.people)
            ]

    # --- follow-ups --------------------------------------------------------------------------

    def _follow_up(
        self,
        title: str,
        due: date,
        *,
        contact: Person | None,
        at: time | None = None,
        remind_before: int = 15,
        urgent: bool = False,
        important: bool = False,
        notes: str = "",
        goal: int | None = None,
        rrule: str | None = None,
        status: str = "open",
        completed_at: datetime | None = None,
        interaction: int | None = None,
    ) -> None:
        if at is None:
            due_at = datetime.combine(due, time(0, 0))
            remind_at = self.at(due, 9, 0)
        else:
            due_at = self.at(due, at.hour, at.minute)
            remind_at = due_at - timedelta(minutes=remind_before)
        created = self.at(min(due, self.today) - timedelta(days=3 + len(title) % 25), 18, 0)
        # Reminders of the past have been shown; a timed one due today is still to come.
        shown = status != "open" or due < self.today or (due == self.today and at is None)
        follow_up_id = len(self.network.follow_ups) + 1
        self.network.follow_ups.append(
            {
                "id": follow_up_id,
                "uid": self.uid("follow_up", follow_up_id),
                "created_at": created,
                "updated_at": completed_at or created,
                "contact": contact.id if contact else None,
                "title": title[:200],
                "notes": notes,
                "due_at": due_at,
                "due_has_time": at is not None,
                "remind_at": remind_at,
                "urgent": urgent,
                "important": important,
                "status": status,
                "snoozed_until": None,
                "reminded_at": remind_at if shown else None,
                "completed_at": completed_at,
                "rrule": anchor_rule(rrule, due) if rrule else None,
                "goal": goal,
                "interaction": interaction,
            }
        )

    def _title(self, rng: random.Random, p: Person) -> str:
        values = self._values(rng, p)
        return rng.choice(FOLLOW_UP_TITLES).format(**values)

    def _flags(self, rng: random.Random) -> tuple[bool, bool]:
        return _weighted(
            rng, {(True, True): 15, (False, True): 35, (True, False): 15, (False, False): 35}
        )

    def _follow_ups(self) -> None:
        """Open follow-ups (a few overdue, some today, many ahead) and the done history."""
        rng = self.rng("follow_ups")
        today = self.today
        day = timedelta(days=1)
        close = [p for p in self.people if p.circle in (1, 2, 3) and not p.cold]
        outer = [
            p for p in self.people if p.circle in (3, 4, 5) and not p.cold and p.kind != "asker"
        ]

        def notes() -> str:
            return rng.choice(FOLLOW_UP_NOTES) if rng.random() < 0.3 else ""

        # Overdue: three, from one to eleven days late.
        for offset, p in zip(
            sorted(rng.sample(range(1, 12), 3)), rng.sample(close, 3), strict=True
        ):
            self._follow_up(
                self._title(rng, p),
                today - offset * day,
                contact=p,
                important=True,
                urgent=offset < 5,
                notes=notes(),
            )
        # Due today: one any time, one at half past five with a reminder at a quarter past.
        a, b = rng.sample(close, 2)
        self._follow_up(self._title(rng, a), today, contact=a, urgent=True, notes=notes())
        self._follow_up(
            f"Call {b.first} about {rng.choice(TOPICS)}",
            today,
            contact=b,
            at=time(17, 30),
            important=True,
        )
        # The next two weeks: birthdays, a timed call, and the usual small things.
        for p in self.people:
            if p.birthday is None:
                continue
            month, dom, _ = p.birthday
            for offset in range(1, 15):
                when = today + offset * day
                if (when.month, when.day) == (month, dom):
                    self._follow_up(f"Wish {p.first} a happy birthday", when, contact=p)
        p = rng.choice(close)
        self._follow_up(
            f"Video call with {p.first} about {rng.choice(TOPICS)}",
            today + 3 * day,
            contact=p,
            at=time(10, 0),
            important=True,
        )
        for offset in rng.sample(range(1, 15), 6):
            p = rng.choice(close)
            urgent, important = self._flags(rng)
            self._follow_up(
                self._title(rng, p),
                today + offset * day,
                contact=p,
                urgent=urgent,
                important=important,
                notes=notes(),
            )
        # Reconnect with some of the people going cold.
        cold = [p for p in self.people if p.cold]
        for p in rng.sample(cold, min(3, len(cold))):
            self._follow_up(
                f"Reconnect with {p.first}",
                today + rng.randint(2, 20) * day,
                contact=p,
                important=True,
                notes="It has been too long.",
            )
        # The goals' next steps, one with nobody in particular.
        for spec in GOALS:
            if spec.status != "active":
                continue
            goal = self.goal_ids[spec.key]
            helpers = self.goal_people[spec.key]
            for title in spec.follow_ups:
                p = self.people[rng.choice(helpers) - 1]
                values = self._values(rng, p)
                self._follow_up(
                    title.format(**values),
                    today + rng.randint(4, 40) * day,
                    contact=p,
                    goal=goal,
                    important=True,
                    urgent=rng.random() < 0.3,
                )
        self._follow_up(
            "Update my speaker bio and headshot",
            today + 10 * day,
            contact=None,
            goal=self.goal_ids["speaking"],
            important=True,
        )
        # A quarterly check-in that repeats (its last occurrence is in the history below).
        mentor = self.by_given("Amara")
        next_check = today + 24 * day
        self._follow_up(
            f"Quarterly check-in with {mentor.first}",
            next_check,
            contact=mentor,
            important=True,
            rrule="FREQ=MONTHLY;INTERVAL=3",
            notes="Bring the metrics and one hard question.",
        )
        # Further ahead: months of small plans.
        for _ in range(28):
            p = rng.choice(close if rng.random() < 0.6 else outer)
            urgent, important = self._flags(rng)
            self._follow_up(
                self._title(rng, p),
                today + rng.randint(15, 270) * day,
                contact=p,
                urgent=urgent and rng.random() < 0.3,
                important=important,
                notes=notes(),
            )
        self._done_follow_ups(rng, mentor, next_check)

    def _done_follow_ups(self, rng: random.Random, mentor: Person, next_check: date) -> None:
        today = self.today
        # The previous quarterly check-in, done on the day.
        previous = next_check - timedelta(days=91)
        self._follow_up(
            f"Quarterly check-in with {mentor.first}",
            previous,
            contact=mentor,
            important=True,
            status="done",
            completed_at=self.at(previous, 16, 0),
        )
        by_person: dict[int, list[Touch]] = {}
        for touch in self.touches:
            if touch.at.date() < today - timedelta(days=3):
                by_person.setdefault(touch.people[0], []).append(touch)
        people = [
            p
            for p in self.people
            if p.id in by_person and p.circle in (1, 2, 3, 4) and p.kind != "asker"
        ]
        for number in range(95):
            p = rng.choice(people)
            status = "dropped" if number % 24 == 23 else "done"
            if rng.random() < 0.4 and status == "done":
                # Done by an interaction: due a few days before it, completed when it happened.
                touch = rng.choice(by_person[p.id])
                due = touch.at.date() - timedelta(days=rng.randint(0, 4))
                done_at, interaction = touch.at, touch.id
            else:
                due = today - timedelta(days=rng.randint(4, HISTORY_DAYS - 10))
                done_day = min(today - timedelta(days=1), due + timedelta(days=rng.randint(-2, 3)))
                done_at, interaction = self.at(done_day, rng.randint(8, 19), 5), None
            urgent, important = self._flags(rng)
            self._follow_up(
                self._title(rng, p),
                due,
                contact=p,
                urgent=urgent,
                important=important,
                status=status,
                completed_at=done_at,
                interaction=interaction,
            )

    # --- rows --------------------------------------------------------------------------------

    def _contact_rows(self) -> None:
        imported = self.today - timedelta(days=HISTORY_DAYS + 15)  # the day you started Kith
        tag_ids = {name: number for number, name in enumerate(TAGS, start=1)}
        self.network.tags = [
            {"id": tag_ids[name], "name": name, "cadence_days": TAG_CADENCES.get(name)}
            for name in TAGS
        ]
        for p in self.people:
            added_on = p.met_on if p.met_on is not None and p.met_on > imported else imported
            if p.added_on is not None:
                added_on = p.added_on
            added = self.at(added_on, 21, (p.id * 7) % 60)
            month, day, year = p.birthday if p.birthday else (None, None, None)
            self.network.contacts.append(
                {
                    "id": p.id,
                    "uid": self.uid("contact", p.id),
                    "created_at": added,
                    "updated_at": added,
                    "full_name": p.full_name,
                    "given_name": p.given,
                    "family_name": p.family,
                    "nickname": p.nickname,
                    "sort_name": fold(p.full_name),
                    "photo": None,
                    "company": p.company,
                    "title": p.title,
                    "location": p.city,
                    "how_met": p.how_met,
                    "met_on": p.met_on,
                    "introduced_by": None,  # set after every contact exists
                    "birthday_month": month,
                    "birthday_day": day,
                    "birthday_year": year,
                    "circle": p.circle,
                    "cadence_days": p.cadence_days,
                    "notes": p.notes,
                    "archived": False,
                }
            )
            self.network.contact_tags += [
                {"contact": p.id, "tag": tag_ids[t]} for t in dict.fromkeys(p.tags)
            ]
            seen: set[str] = set()
            for position, (kind, label, value) in enumerate(p.channels):
                self.network.contact_methods.append(
                    {
                        "contact": p.id,
                        "kind": kind,
                        "label": label,
                        "value": value,
                        "is_primary": kind not in seen,
                        "position": position,
                    }
                )
                seen.add(kind)

    def _relationship_rows(self) -> None:
        self.network.relationships = [
            {"a": a, "b": b, **values} for (a, b), values in sorted(self.relations.items())
        ]

    def introducers(self) -> dict[int, int]:
        return {p.id: p.introduced_by for p in self.people if p.introduced_by is not None}


def build_network(seed: int, today: date, tz: tzinfo | None = None) -> DemoNetwork:
    """The demo network for ``seed`` as of the local day ``today`` (rows, not yet written)."""
    return _Builder(seed, today, tz).build()


# --- writing ---------------------------------------------------------------------------------


def _write(network: DemoNetwork, introducers: dict[int, int]) -> None:
    """Write every row in one transaction, and the contacts' full-text index with them."""
    with writing(*TABLES):
        for model, rows in (
            (Contact, network.contacts),
            (ContactMethod, network.contact_methods),
            (Tag, network.tags),
            (ContactTag, network.contact_tags),
            (Goal, network.goals),
            (GoalContact, network.goal_contacts),
            (Interaction, network.interactions),
            (InteractionContact, network.interaction_contacts),
            (FollowUp, network.follow_ups),
            (Relationship, network.relationships),
        ):
            for batch in pw.chunked(rows, 200):
                model.insert_many(batch).execute()
        for contact_id, introducer in sorted(introducers.items()):
            Contact.update(introduced_by=introducer).where(Contact.id == contact_id).execute()
        reindex_contacts(row["id"] for row in network.contacts)


def write_demo(
    path: Path, *, seed: int = 7, today: date | None = None, tz: tzinfo | None = None
) -> str:
    """Write the demo network to a new database file at ``path``; return a one-line summary.

    The data is the same for the same ``seed`` and ``today`` (the local day the history
    leads up to; by default the real today) in the same time zone ``tz`` (default: the
    machine's). Raises :class:`DemoError` when ``path`` already exists (it is never touched)
    or cannot be created.
    """
    path = Path(path).expanduser()
    if path.exists() or path.is_symlink():
        raise DemoError(
            f"{path} already exists. kith demo only writes new files, so it has left that one "
            "untouched; give the name of a file that does not exist yet."
        )
    day = today if today is not None else local_today(utcnow(), tz)
    builder = _Builder(seed, day, tz)
    network = builder.build()
    try:
        open_database(path)
    except (OSError, DatabaseOpenError) as exc:
        _remove(path)
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise DemoError(f"Kith cannot create {path}: {reason}.") from exc
    try:
        _write(network, builder.introducers())
    except BaseException:
        close_database()
        _remove(path)
        raise
    close_database()
    return network.summary(path)


def _remove(path: Path) -> None:
    """Remove a database file this call created, with its WAL and shared-memory files."""
    for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        if leftover.is_file():
            leftover.unlink()
