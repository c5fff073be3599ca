"""The demo network: ``kith demo PATH`` writes about 150 people and two years of history.

The network is deterministic for a (seed, today) pair. It is built in memory first by
:class:`_Builder`, one step per kind of data (people, meetings, birthdays, channels, rhythm,
relationships, touches, goals, introductions, follow-ups), then written in one transaction by
:func:`_write`. Each step draws from its own random stream (``"seed:step"``), so adding a step
— later issues add their own data — leaves what the other steps produce unchanged.

Fifteen people are written by hand (the inner circles: ``CAST``); the rest come from
archetypes (``CROWD``) filled with names, companies, notes and channels from the vocabulary
below. Dates follow the relationship rules: inner circles are in touch often, outer ones
rarely, a few people in each circle are going cold and most are not.
"""

from __future__ import annotations

import math
import random
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import Any

import peewee as pw

from kith.core.cadence import resolve_cadence
from kith.core.contacts import reindex_contacts
from kith.core.local_time import local_at
from kith.core.local_time import today as local_today
from kith.core.recurrence import anchor_rule
from kith.core.text import fold
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


def _split(text: str) -> tuple[str, ...]:
    """ "a | b | c" → ("a", "b", "c"): keeps the long word lists below compact."""
    return tuple(item.strip() for item in text.split("|"))


#: Every table the demo writes (named to :func:`kith.store.changes.writing`).
TABLES = _split(
    "contact | contact_method | tag | contact_tag | goal | goal_contact | interaction | "
    "interaction_contact | follow_up | relationship | contact_index"
)

#: How far back the history goes.
HISTORY_DAYS = 730


# --- vocabulary: places and names ------------------------------------------------------------


@dataclass(frozen=True)
class Country:
    """Where people come from: names, cities and the shape of a mobile number (# a digit)."""

    phone: str
    cities: tuple[str, ...]
    given: tuple[str, ...]
    family: tuple[str, ...]
    weight: int  # how common people from there are in the network


COUNTRIES: dict[str, Country] = {
    "es": Country(
        "+34 6## ### ###",
        ("Madrid", "Barcelona", "Valencia", "Sevilla", "Bilbao"),
        ("Lucía", "Javier", "Inés", "Pablo", "Carmen", "Andrés", "Nuria", "Álvaro", "Rocío"),
        ("García", "Fernández", "Navarro", "Jiménez", "Muñoz", "Castillo", "Serrano", "Ibáñez"),
        9,
    ),
    "mx": Country(
        "+52 55 #### ####",
        ("Mexico City", "Guadalajara", "Monterrey"),
        ("Camila", "Santiago", "Ximena", "Guillermo", "Renata", "Emiliano"),
        ("Hernández", "Rojas", "Gutiérrez", "Peña", "Cárdenas", "Mendoza"),
        3,
    ),
    "ar": Country(
        "+54 9 11 #### ####",
        ("Buenos Aires", "Córdoba"),
        ("Valentina", "Nicolás", "Joaquín", "Martina", "Facundo"),
        ("Vargas", "Sosa", "Acosta", "Benítez", "Quiroga"),
        2,
    ),
    "fr": Country(
        "+33 6 ## ## ## ##",
        ("Paris", "Lyon", "Nantes", "Toulouse", "Bordeaux"),
        ("Léa", "Théo", "Hugo", "Camille", "Mathilde", "Étienne", "Anaïs", "Raphaël", "Margaux"),
        ("Dubois", "Lefèvre", "Moreau", "Girard", "Rousseau", "Bonnet", "Mercier", "Fournier"),
        7,
    ),
    "de": Country(
        "+49 15# #######",
        ("Berlin", "Munich", "Hamburg", "Cologne", "Leipzig"),
        ("Lena", "Felix", "Anna", "Maximilian", "Leonie", "Jürgen", "Katrin", "Moritz", "Jana"),
        ("Schäfer", "Müller", "Hoffmann", "Wagner", "Krüger", "Vogel", "Schröder", "Brandt"),
        12,
    ),
    "pl": Country(
        "+48 5## ### ###",
        ("Warsaw", "Kraków", "Wrocław", "Gdańsk"),
        ("Agnieszka", "Małgorzata", "Paweł", "Katarzyna", "Michał", "Zofia", "Wojciech"),
        ("Nowak", "Mazur", "Krawczyk", "Kaczmarek", "Zając", "Dudek", "Pawlak"),
        5,
    ),
    "uk": Country(
        "+44 7700 900###",
        ("London", "Manchester", "Edinburgh", "Bristol", "Cambridge"),
        ("Oliver", "Amelia", "Harry", "Isla", "George", "Freya", "Rebecca", "Jonathan"),
        ("Hughes", "Walsh", "Bennett", "Clarke", "Fletcher", "Ahmed", "Patel", "Gallagher"),
        9,
    ),
    "ie": Country(
        "+353 8# ### ####",
        ("Dublin", "Cork", "Galway"),
        ("Aoife", "Siobhán", "Cian", "Niamh", "Seán", "Oisín"),
        ("Murphy", "O'Sullivan", "Byrne", "Kavanagh", "Doyle"),
        3,
    ),
    "us": Country(
        "+1 ### 555 01##",
        ("San Francisco", "New York", "Seattle", "Austin", "Boston", "Chicago"),
        ("Emily", "Michael", "Jessica", "Tyler", "Madison", "Robert", "Christopher", "Dana"),
        ("Johnson", "Miller", "Thompson", "Reyes", "Brooks", "Sullivan", "Foster", "Nguyen"),
        8,
    ),
    "ng": Country(
        "+234 80# ### ####",
        ("Lagos", "Abuja"),
        ("Chinedu", "Ngozi", "Oluwaseun", "Funmilayo", "Chukwuemeka", "Adaeze", "Tunde"),
        ("Adeyemi", "Eze", "Okonkwo", "Balogun", "Nwosu", "Adebayo"),
        3,
    ),
    "ke": Country(
        "+254 7## ### ###",
        ("Nairobi", "Mombasa"),
        ("Wanjiru", "Otieno", "Achieng", "Kamau", "Njeri"),
        ("Odhiambo", "Kariuki", "Wambui", "Kiptoo", "Njoroge"),
        2,
    ),
    "gh": Country(
        "+233 24 ### ####",
        ("Accra", "Kumasi"),
        ("Kwame", "Akosua", "Kofi", "Ama", "Yaw", "Efua"),
        ("Mensah", "Owusu", "Boateng", "Asante", "Appiah"),
        2,
    ),
    "in": Country(
        "+91 9#### #####",
        ("Bengaluru", "Mumbai", "Pune", "Hyderabad", "Chennai"),
        ("Arjun", "Ananya", "Rohan", "Kavya", "Vikram", "Meera", "Aditya", "Sneha"),
        ("Sharma", "Iyer", "Reddy", "Nair", "Gupta", "Menon", "Desai"),
        6,
    ),
    "cn": Country(
        "+86 13# #### ####",
        ("Shanghai", "Shenzhen", "Beijing", "Hangzhou"),
        ("Jing", "Hao", "Xin", "Mei", "Jun", "Lin", "Yutong"),
        ("Zhang", "Wang", "Chen", "Liu", "Huang", "Zhou"),
        3,
    ),
    "jp": Country(
        "+81 90 #### ####",
        ("Tokyo", "Osaka", "Kyoto", "Fukuoka"),
        ("Yuki", "Haruto", "Aiko", "Kenji", "Sakura", "Ren", "Emi"),
        ("Sato", "Suzuki", "Takahashi", "Watanabe", "Yamamoto", "Nakamura"),
        3,
    ),
    "kr": Country(
        "+82 10 #### ####",
        ("Seoul", "Busan"),
        ("Ji-woo", "Min-jun", "Seo-yeon", "Ha-eun", "Do-yun"),
        ("Kim", "Park", "Lee", "Choi", "Jung", "Kang"),
        2,
    ),
    "br": Country(
        "+55 11 9#### ####",
        ("São Paulo", "Rio de Janeiro", "Belo Horizonte", "Florianópolis"),
        ("João", "Beatriz", "Gabriel", "Larissa", "Thiago", "Fernanda", "Caio", "Luíza"),
        ("Silva", "Santos", "Souza", "Costa", "Almeida", "Ferreira"),
        4,
    ),
    "pt": Country(
        "+351 91# ### ###",
        ("Lisbon", "Porto"),
        ("Duarte", "Leonor", "Gonçalo", "Matilde", "Rui", "Beatriz"),
        ("Pereira", "Rodrigues", "Carvalho", "Gomes", "Lopes", "Marques"),
        3,
    ),
    "it": Country(
        "+39 3## ### ####",
        ("Milan", "Rome", "Turin", "Bologna"),
        ("Giulia", "Francesca", "Matteo", "Alessandro", "Chiara", "Lorenzo", "Niccolò"),
        ("Rossi", "Bianchi", "Romano", "Colombo", "Ricci", "Greco", "Esposito"),
        4,
    ),
    "nl": Country(
        "+31 6 ########",
        ("Amsterdam", "Rotterdam", "Utrecht", "Eindhoven"),
        ("Daan", "Sanne", "Bram", "Fleur", "Joris", "Lotte", "Zoë"),
        ("de Vries", "Jansen", "Bakker", "Visser", "Smit", "Mulder"),
        4,
    ),
    "nordic": Country(
        "+46 70 ### ## ##",
        ("Stockholm", "Oslo", "Copenhagen", "Gothenburg"),
        ("Åsa", "Bjørn", "Ingrid", "Sigrid", "Nils", "Freja", "Mikkel", "Astrid"),
        ("Lindqvist", "Johansson", "Halvorsen", "Sørensen", "Nyström", "Ekström"),
        4,
    ),
    "tr": Country(
        "+90 5## ### ## ##",
        ("Istanbul", "Ankara", "Izmir"),
        ("Emre", "Zeynep", "Can", "Çağla", "Burak", "Deniz", "Selin"),
        ("Yılmaz", "Demir", "Kaya", "Çelik", "Aydın", "Öztürk"),
        3,
    ),
    "vn": Country(
        "+84 9# ### ####",
        ("Ho Chi Minh City", "Hanoi"),
        ("Linh", "Minh", "Thảo", "Quang", "Huyền", "Tuấn"),
        ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng"),
        2,
    ),
    "gr": Country(
        "+30 69# ### ####",
        ("Athens", "Thessaloniki"),
        ("Eleni", "Nikos", "Katerina", "Giorgos", "Dimitra", "Yannis"),
        ("Papadopoulos", "Georgiou", "Nikolaidis", "Alexiou"),
        2,
    ),
    "mena": Country(
        "+961 3 ### ###",
        ("Beirut", "Cairo", "Dubai", "Amman"),
        ("Karim", "Layla", "Omar", "Yasmin", "Rami", "Salma", "Tarek"),
        ("Khalil", "Mansour", "Nasser", "El-Amin", "Farouk", "Saleh"),
        3,
    ),
    "il": Country(
        "+972 5# ### ####",
        ("Tel Aviv", "Haifa"),
        ("Noa", "Yael", "Tamar", "Eitan", "Avi", "Shira"),
        ("Cohen", "Levi", "Mizrahi", "Friedman", "Peretz"),
        2,
    ),
}

#: The country of each city (for phone numbers of people who moved).
CITY_COUNTRY: dict[str, str] = {
    city: code for code, country in COUNTRIES.items() for city in country.cities
}

#: Short forms some people go by.
NICKNAMES = {
    "Katarzyna": "Kasia",
    "Małgorzata": "Gosia",
    "Wojciech": "Wojtek",
    "Maximilian": "Max",
    "Jonathan": "Jon",
    "Rebecca": "Becca",
    "Robert": "Rob",
    "Christopher": "Chris",
    "Oluwaseun": "Seun",
    "Chukwuemeka": "Emeka",
    "Funmilayo": "Funmi",
    "Alessandro": "Sandro",
    "Guillermo": "Memo",
    "Nicolás": "Nico",
    "Giorgos": "George",
}

# --- vocabulary: work ------------------------------------------------------------------------


@dataclass(frozen=True)
class Company:
    name: str
    domain: str
    city: str


#: Companies several people work at (so a search for "acme" finds a group).
COMPANIES: dict[str, Company] = {
    c.name: c
    for c in (
        Company("Acme Analytics", "acme-analytics.com", "Berlin"),
        Company("Fjordline", "fjordline.io", "Berlin"),
        Company("Kestrel Ventures", "kestrel.vc", "London"),
        Company("Nimbus Capital", "nimbus.capital", "Berlin"),
        Company("Parallax Studio", "parallax.studio", "Amsterdam"),
        Company("Lumen Health", "lumenhealth.fr", "Paris"),
        Company("Brightwave", "brightwave.pl", "Warsaw"),
        Company("Northwind Robotics", "northwind-robotics.co.uk", "London"),
        Company("Tessera Bank", "tesserabank.com", "Madrid"),
        Company("Helio Mobility", "helio-mobility.de", "Munich"),
        Company("Atlas Talent", "atlastalent.com", "London"),
        Company("Oakridge Institute of Technology", "oakridge.edu", "Edinburgh"),
        Company("Verdant Agritech", "verdant.ag", "Bengaluru"),
        Company("Cobalt Labs", "cobaltlabs.jp", "Tokyo"),
        Company("Orbital Payments", "orbitalpay.es", "Barcelona"),
        Company("Zephyr Games", "zephyrgames.com", "Berlin"),
        Company("Meridian Maps", "meridianmaps.pt", "Lisbon"),
        Company("Clínica Turia", "clinicaturia.es", "Valencia"),
    )
}

#: Companies of one person each, by the kind of work (the domain is made from the name).
SOLO_COMPANIES: dict[str, tuple[str, ...]] = {
    "tech": _split(
        "Ironbark Cloud | Basalt Data | Lantern Labs | Umbra Security | Quanta Logistics | "
        "Pinecone Bikes | Gridline Energy | Monsoon Payments | Sable Systems | Tandem Mobility | "
        "Halcyon AI | Kora Fintech | Juniper Health | Aurora Games | Marigold Retail | "
        "Wayfinder Travel | Polaris Insurance | Copperleaf Books | Orchard Learning | "
        "Solstice Energy | Driftwood Software | Lighthouse Telecom | Saffron Foods | "
        "Bluefin Shipping | Kite Robotics | Vireo Analytics | Granite Cloud | Nettle Commerce | "
        "Foxtail Software | Ember Analytics | Otterly | Runway Logistics | Slate Security | "
        "Beacon Health | Tundra Cloud | Mosaic Learning | Heron Payments | Cinder Games"
    ),
    "vc": ("Northstar Seed", "Alder Capital", "Fieldwork Ventures"),
    "academia": ("Northgate University", "Lindenberg University", "Rivermouth College"),
    "design": ("Studio Lumbre", "Fold & Form", "Nordlicht Design", "Paper Crane Studio"),
    "startup": _split(
        "Tallyho | Seedling | Stackbird | Quill | Moss Energy | Loop Returns | Harbor Health | "
        "Oriel | Cartograph | Pebble Finance | Kiln | Tidepool | Ferrous | Brisk"
    ),
    "media": ("The Daily Byte", "Shipping Code podcast", "Tech Ledger", "Open Source Weekly"),
    "other": _split(
        "Riverstone Consulting | Harbor Legal | Blue Heron Media | Greenleaf Foundation | "
        "Meadow Partners | Caldera Group | Summit Logistics | Larkspur Retail | "
        "Foxglove Marketing | Evergreen Housing | Bramble & Co | Westpoint Advisory | "
        "Cedar Law | Kingfisher Events | Alder Facilities"
    ),
}


@dataclass(frozen=True)
class Archetype:
    """A kind of person in the crowd: how many, what they do, where, and their tags."""

    key: str
    count: int
    titles: tuple[str, ...]
    #: Shared companies to fill first (name, how many of this kind work there).
    companies: tuple[tuple[str, int], ...]
    solo: str  # SOLO_COMPANIES key for the rest ("" for no company)
    always: tuple[str, ...] = ()  # tags everyone of this kind has
    maybe: tuple[str, ...] = ()  # tags drawn from (one or two)
    #: default, ask (you mostly ask them) or give (you mostly give to them)
    profile: str = "default"
    #: A line of their notes (one is picked; {first}, {company}, {topic}, {event} filled in).
    lines: tuple[str, ...] = ()


CROWD: tuple[Archetype, ...] = (
    Archetype(
        "engineer",
        38,
        _split(
            "Software Engineer | Senior Software Engineer | Staff Engineer | "
            "Engineering Manager | Site Reliability Engineer | Frontend Engineer | "
            "Principal Engineer | VP Engineering | Developer Advocate"
        ),
        (
            ("Acme Analytics", 2),
            ("Fjordline", 4),
            ("Northwind Robotics", 3),
            ("Tessera Bank", 3),
            ("Helio Mobility", 3),
            ("Brightwave", 2),
        ),
        "tech",
        maybe=("python", "rust", "open-source", "python", "hiring"),
        lines=(
            "Building the {team} team at {company} from scratch.",
            "Maintains a well-loved open-source library for {topic}.",
            "Just promoted to lead; finding it hard to manage former peers.",
            "Quietly the person everyone at {company} asks about {topic}.",
            "Spoke at {event} about {topic}; the recording is worth watching.",
            "Wants to move from engineering into product within a year.",
            "Looking for a new role from spring; open to Berlin or remote.",
        ),
    ),
    Archetype(
        "data",
        14,
        _split(
            "Data Scientist | Data Engineer | ML Engineer | Analytics Lead | Research Scientist"
        ),
        (("Acme Analytics", 3), ("Cobalt Labs", 1), ("Lumen Health", 1)),
        "tech",
        always=("data",),
        maybe=("python", "ml", "open-source"),
        lines=(
            "Works on {topic} and has strong, usually right, opinions about it.",
            "Runs the internal {topic} guild at {company}.",
            "Wrote the best post I have read on {topic}.",
            "Moving from analytics into machine learning engineering.",
        ),
    ),
    Archetype(
        "designer",
        12,
        _split(
            "Product Designer | Senior Product Designer | UX Researcher | Design Lead | "
            "Brand Designer"
        ),
        (("Parallax Studio", 3), ("Lumen Health", 1)),
        "design",
        always=("design",),
        maybe=("speaking", "product"),
        lines=(
            "Cares a lot about accessibility and tests every flow with a screen reader.",
            "Built the design system at {company}; happy to show how it is governed.",
            "Portfolio is excellent on onboarding and empty states.",
            "Thinking about going freelance next year.",
        ),
    ),
    Archetype(
        "product",
        10,
        ("Product Manager", "Senior Product Manager", "Head of Product", "Product Lead"),
        (("Lumen Health", 2),),
        "tech",
        always=("product",),
        maybe=("design", "data", "hiring"),
        lines=(
            "Runs discovery better than anyone I know: ask about interview scripts.",
            "Owns pricing at {company} and loves talking about it.",
            "Came to product from customer support; deeply user-minded.",
        ),
    ),
    Archetype(
        "investor",
        8,
        ("Partner", "Principal", "Associate", "Venture Partner", "Angel investor"),
        (("Kestrel Ventures", 3), ("Nimbus Capital", 2)),
        "vc",
        always=("investor",),
        maybe=("advisor", "mentor", "founder"),
        profile="ask",
        lines=(
            "Writes first cheques of €100k–€500k in developer tools.",
            "Looks for technical founders; read the fund's thesis before pitching.",
            "Former founder (exited in 2019); blunt and kind.",
            "Invests in climate software at pre-seed and seed.",
        ),
    ),
    Archetype(
        "recruiter",
        5,
        ("Technical Recruiter", "Talent Partner", "Head of Talent"),
        (("Atlas Talent", 2),),
        "other",
        always=("recruiter", "hiring"),
        profile="give",
        lines=(
            "Recruits senior engineers and designers for startups across Europe.",
            "Honest about salary bands and never spams.",
            "Knows the Berlin design market very well.",
        ),
    ),
    Archetype(
        "founder",
        12,
        ("Founder & CEO", "Co-founder & CTO", "Co-founder"),
        (),
        "startup",
        always=("founder",),
        maybe=("hiring", "product", "python"),
        lines=(
            "Raised a pre-seed round last year and is hiring the first engineers.",
            "Bootstrapped {company} to profitability; happy to talk about it.",
            "Second-time founder; the first company failed and the notes on why are gold.",
            "Building tools for {topic}; early customers are mostly in Germany.",
        ),
    ),
    Archetype(
        "organiser",
        6,
        ("Developer Advocate", "Community Manager", "Community Lead", "Programme Chair"),
        (),
        "tech",
        always=("conference-organizer",),
        maybe=("community", "speaking", "python"),
        lines=(
            "Organises {event}; always looking for speakers with real stories.",
            "On the programme committee for {event}.",
            "Runs a monthly meetup on {topic}.",
        ),
    ),
    Archetype(
        "media",
        4,
        ("Journalist", "Tech Editor", "Podcast Host", "Newsletter Writer"),
        (),
        "media",
        maybe=("journalist", "podcast"),
        lines=(
            "Covers European startups; prefers a story with numbers.",
            "Hosts a podcast on how software gets built; interviewed me once.",
            "Writes a weekly newsletter on {topic} with a big readership.",
        ),
    ),
    Archetype(
        "academic",
        4,
        (
            "Professor of Computer Science",
            "Postdoctoral Researcher",
            "PhD Candidate",
            "Lecturer in HCI",
        ),
        (("Oakridge Institute of Technology", 2),),
        "academia",
        maybe=("ml", "speaking", "data"),
        lines=(
            "Researches {topic}; looking for industry partners for a study.",
            "Supervises master's theses and likes real-world problems.",
        ),
    ),
    Archetype(
        "mentee",
        5,
        ("Junior Developer", "Junior Data Analyst", "Computer Science Student", "Apprentice"),
        (),
        "tech",
        always=("mentee",),
        maybe=("python", "community"),
        profile="give",
        lines=(
            "Career-changer from teaching; we meet once a month.",
            "Met through the meetup's mentoring programme; learning fast.",
            "Looking for a first job in data; working on a portfolio project.",
        ),
    ),
    Archetype(
        "other",
        19,
        _split(
            "Operations Lead | Head of Marketing | Chief of Staff | Sales Director | Lawyer | "
            "Product Marketing Manager | Customer Success Lead | Finance Director"
        ),
        (),
        "other",
        maybe=("community", "advisor"),
        lines=(
            "Knows everyone in the Berlin startup scene.",
            "Helped three friends' startups with their first contracts.",
            "Thinking about a move into tech; curious about product roles.",
        ),
    ),
)

#: Tags people pick up outside work, with how likely.
INTEREST_TAGS = (("climbing", 0.08), ("running", 0.1), ("board-games", 0.06), ("speaking", 0.04))

#: Every tag of the demo; ``TAG_CADENCES`` gives a keep-in-touch cadence to a couple.
TAGS = _split(
    "mentor | mentee | investor | advisor | founder | hiring | recruiter | python | rust | "
    "data | ml | open-source | design | product | speaking | conference-organizer | podcast | "
    "journalist | community | former-colleague | berlin | climbing | running | board-games | "
    "family"
)
TAG_CADENCES = {"family": 7, "mentor": 30}

TOPICS = _split(
    "data contracts | type hints in large codebases | design systems | LLM evaluation | "
    "platform engineering | accessibility | remote team rituals | pricing | "
    "developer experience | observability | Rust in production | hiring loops | "
    "growth experiments | privacy engineering | open-source funding | energy forecasting | "
    "on-call health"
)
TEAMS = _split(
    "data platform | design systems | payments | mobile | growth | infrastructure | search | "
    "machine learning"
)
EVENTS = _split(
    "PyCon Spain | EuroPython | PyData Berlin | PyCon US | FOSDEM | DjangoCon Europe | "
    "Web Summit | Slush | Config | RustConf | JSConf EU | SmashingConf | PyCon JP | re:publica | "
    "MozFest | PyData London"
)
KIDS = _split(
    "Mateo | Emma | Noah | Mia | Leo | Zara | Yuna | Kofi | Inès | Oskar | Ada | Felix | Nina | "
    "Ravi | Amélie | Jonah | Sami | Elsa"
)
PETS = ("Biscuit", "Pixel", "Miso", "Luna", "Pepper", "Chorizo", "Kafka", "Tofu")

# --- vocabulary: notes -----------------------------------------------------------------------

NOTE_FAMILY = (
    "{first} has two kids, {kid} and {kid2}, both obsessed with dinosaurs.",
    "{first}'s daughter {kid} started school in September.",
    "New parent: {kid} was born this spring, so replies are slow.",
    "Married to {partner}, who works as an architect.",
    "Partner {partner} is a doctor; they met at university in {hometown}.",
    "Has a dog called {pet} who appears on every video call.",
    "Looks after an elderly parent in {hometown} and travels there most weekends.",
    "Three kids and a very patient partner; evenings are family time.",
    "{first}'s son {kid} plays in a junior football league; weekends are matches.",
)
NOTE_LIFE = (
    "Climbs at the bouldering gym in {city} most Tuesdays.",
    "Ran the {city} marathon in under four hours last year.",
    "Huge board-game collection; bring something new.",
    "Learning Japanese for a sabbatical in Kyoto.",
    "Sails on weekends and is unreachable on sunny Saturdays.",
    "Bakes sourdough and will tell you about it.",
    "Plays bass in a band that covers 90s indie songs.",
    "Volunteers at a coding club for teenagers on Saturdays.",
    "Into birdwatching; once took me on a 6 a.m. walk.",
    "Moved to {city} from {hometown} a few years ago and loves it.",
    "Reads a lot of science fiction; currently on a Le Guin streak.",
    "Cycles to work all year, snow included.",
    "Grows tomatoes on a tiny balcony and gives them away by the bagful.",
)
NOTE_PREFERENCES = (
    "Prefers Signal to email.",
    "Doesn't drink coffee: suggest tea or a walk.",
    "Vegetarian.",
    "Best reached early in the morning; in meetings all afternoon.",
    "Hates phone calls: write first.",
    "Replies fast on LinkedIn, slowly everywhere else.",
    "Always up for lunch near the office.",
    "Keeps weekends strictly offline.",
)
PARTNERS = ("Sam", "Alex", "Kim", "Noor", "Jules", "Robin", "Ari", "Maya", "Luca", "Hana")

# --- vocabulary: interactions ----------------------------------------------------------------

ANY_KIND: tuple[str, ...] = ()

#: (summary, kinds it fits — empty: any) by direction. {first} is the person's first name.
SUMMARIES: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "gave": (
        ("Reviewed {first}'s CV before the interview round", ("email", "video")),
        ("Gave feedback on {first}'s talk proposal for {event}", ("email", "video", "call")),
        ("Sent {first} my notes on {topic}", ("email", "message")),
        ("Recommended {first} for a role at {other_company}", ("email", "call", "message")),
        ("Helped {first} prepare for a promotion conversation", ("call", "video", "meal")),
        ("Shared the {topic} article {first} asked about", ("message", "email")),
        ("Did a mock interview with {first}", ("video", "meeting")),
        ("Talked {first} through how we run {topic}", ("call", "video", "meal")),
        ("Reviewed {first}'s pull request on the open-source project", ("email", "message")),
        ("Connected {first} with a speaker for their meetup", ("email", "message")),
    ),
    "asked": (
        ("Asked {first} for advice on {topic}", ("call", "video", "meal", "message")),
        ("Asked {first} for feedback on the pitch deck", ("email", "video")),
        ("Asked {first} about salary bands for senior engineers", ("message", "call")),
        ("Asked {first} for an intro to someone at {other_company}", ("email", "message")),
        ("Picked {first}'s brain about {topic}", ("meal", "call", "video")),
        ("Asked {first} to review my blog post draft", ("email", "message")),
        ("Asked {first} how they structure {topic}", ("call", "video", "meeting")),
    ),
    "mutual": (
        ("Swapped notes on {topic}", ANY_KIND),
        ("Caught up on work and family", ("meal", "call", "video")),
        ("Compared notes on hiring", ("meal", "call", "video", "meeting")),
        ("Long chat about {topic}", ("meal", "call")),
        ("Planned a joint workshop on {topic}", ("meeting", "video")),
        ("Walked along the river and talked careers", ("meal", "other")),
    ),
    "neutral": (
        ("Quick catch-up", ANY_KIND),
        ("Congratulated {first} on the new role", ("message", "email")),
        ("Saw each other at {event}", ("event",)),
        ("Happy new year messages", ("message",)),
        ("Coffee in {city}", ("meal",)),
        ("Said hello at the {topic} meetup", ("event",)),
        ("Ran into {first} at the airport", ("other",)),
    ),
}

#: Summaries for family (mostly mutual or neutral).
FAMILY_SUMMARIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Sunday call", ("call",)),
    ("Video call with the kids", ("video",)),
    ("Messages about Mum's birthday party", ("message",)),
    ("Lunch during my visit to {city}", ("meal",)),
    ("Sent photos from the weekend", ("message",)),
    ("Long call about work and the flat", ("call",)),
    ("Planned the summer holidays together", ("call", "video")),
)

#: How often each kind happens, by circle (None: acquaintances and unsorted).
KIND_WEIGHTS: dict[int | None, dict[str, int]] = {
    1: {"meal": 4, "call": 4, "message": 6, "video": 2, "meeting": 2, "event": 1, "email": 1},
    2: {"meal": 3, "call": 3, "message": 4, "video": 3, "meeting": 2, "event": 1, "email": 2},
    3: {"meal": 2, "call": 2, "message": 3, "video": 3, "meeting": 2, "event": 2, "email": 3},
    4: {"meal": 1, "call": 1, "message": 3, "video": 2, "meeting": 1, "event": 3, "email": 4},
    None: {"event": 3, "email": 3, "message": 2, "meeting": 1, "other": 1},
}

#: How often you give, ask, share and just keep in touch, by profile.
DIRECTION_WEIGHTS: dict[str, dict[str, int]] = {
    "default": {"gave": 34, "asked": 14, "mutual": 32, "neutral": 20},
    "ask": {"gave": 10, "asked": 52, "mutual": 28, "neutral": 10},
    "give": {"gave": 60, "asked": 4, "mutual": 21, "neutral": 15},
    "family": {"gave": 10, "asked": 6, "mutual": 50, "neutral": 34},
}

#: Local clock hours (first, last) at which each kind happens.
KIND_HOURS = {
    "meal": ((8, 9), (12, 13), (19, 20)),
    "call": ((9, 18),),
    "video": ((9, 17),),
    "meeting": ((10, 16),),
    "message": ((8, 21),),
    "email": ((8, 18),),
    "event": ((18, 20),),
    "intro": ((9, 17),),
    "other": ((10, 18),),
}
WORKDAY_KINDS = ("meeting", "video", "email")

#: Gaps between touches as fractions of the cadence (low, high), by circle.
RHYTHM = {1: (0.2, 0.85), 2: (0.25, 0.95), 3: (0.3, 1.0), 4: (0.35, 1.05), 5: (0.35, 1.0)}

#: How many people of each circle are going cold.
COLD_PER_CIRCLE = {1: 1, 2: 2, 3: 4, 4: 8, 5: 1}

INTERACTION_NOTES = (
    "{first} is thinking about a move to {other_city} next year.",
    "Their team is hiring two backend engineers; remember for referrals.",
    "Tired after the reorg at {company}; check in again soon.",
    "Recommended the book “The Manager's Path”.",
    "Wants to speak at {event} next year; send the CFP when it opens.",
    "Promised to send the slides afterwards.",
    "Good energy; we should do this more often.",
    "Mentioned a side project on {topic}; ask how it goes.",
    "Big launch in the next month, so keep it short until then.",
    "Back from parental leave and easing in.",
    "Suggested I talk to someone on their team about {topic}.",
    "Looking for a flat in {city}; pass on anything I hear.",
    "Owes me a restaurant recommendation for {other_city}.",
)

GROUP_SUMMARIES = {
    "meal": ("Dinner with {names}", "Lunch with {names}"),
    "event": ("At {event} with {names}",),
    "meeting": ("Working session with {names} on {topic}",),
    "video": ("Video call with {names} about {topic}",),
}

# --- vocabulary: follow-ups ------------------------------------------------------------------

FOLLOW_UP_TITLES = (
    "Send {first} the notes on {topic}",
    "Ask {first} how the launch went",
    "Congratulate {first} on the new role",
    "Book dinner with {first} next time in {city}",
    "Share the {topic} article with {first}",
    "Reply to {first}'s email about {topic}",
    "Thank {first} for the intro",
    "Review {first}'s draft blog post",
    "Invite {first} to the meetup on {topic}",
    "Send {first} the book recommendation",
    "Check how {first}'s job search is going",
    "Ask {first} for feedback on the onboarding flow",
    "Coffee with {first} when they are back from holiday",
    "Send {first} the recording of my {topic} talk",
)
FOLLOW_UP_NOTES = (
    "Came up at our last lunch.",
    "Small thing, but it will be appreciated.",
    "Before the end of the quarter.",
    "Mentioned twice now; do not let it slip again.",
    "Link is in my notes from the call.",
)

# --- goals -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class GoalSpec:
    """One goal of the demo: who helps with it and how its interactions read."""

    key: str
    title: str
    why: str
    started_days_ago: int
    status: str
    tags: tuple[str, ...]  # who can help: people with any of these tags
    cast: tuple[str, ...]  # given names of the hand-written people who help
    size: int  # how many people are linked to the goal
    direction: str  # how its interactions mostly go
    summaries: tuple[str, ...]
    follow_ups: tuple[str, ...]


GOALS = (
    GoalSpec(
        "speaking",
        "Find three speaking engagements by June",
        "Speaking is how I want to grow visibility for the product and meet the Python "
        "community beyond Berlin.",
        120,
        "active",
        ("conference-organizer", "podcast"),
        ("Hiroshi", "Nadia", "Chloé"),
        7,
        "asked",
        (
            "Asked {first} about the CFP for {event}",
            "Pitched my talk on {topic} to {first}",
            "Sent {first} the abstract for my {topic} talk",
            "Talked through the {event} programme with {first}",
        ),
        ("Send {first} the talk abstract", "Ask {first} when the {event} CFP opens"),
    ),
    GoalSpec(
        "hiring",
        "Hire a senior product designer",
        "The product needs a designer who can own onboarding end to end before the public launch.",
        60,
        "active",
        ("recruiter", "design"),
        ("Grace", "Zoë", "Elif"),
        7,
        "asked",
        (
            "Asked {first} for designers to talk to",
            "Shared the senior designer role with {first}",
            "Portfolio review with {first}",
            "Asked {first} what a fair offer looks like in Berlin",
        ),
        ("Ask {first} for two more designer candidates", "Send {first} the design brief"),
    ),
    GoalSpec(
        "seed",
        "Raise a seed round",
        "Eighteen months of runway to reach €1M in annual revenue with a team of eight.",
        200,
        "active",
        ("investor", "advisor"),
        ("Amara", "Łukasz", "Priya"),
        9,
        "asked",
        (
            "Walked {first} through the seed deck",
            "Asked {first} for feedback on the financial model",
            "Sent {first} the monthly investor update",
            "Asked {first} which funds lead seed rounds in {topic}",
        ),
        ("Send {first} the monthly update", "Share the data room with {first}"),
    ),
    GoalSpec(
        "mentor",
        "Find a mentor for my first year as a founder",
        "Someone who has built a company before, to call when I am stuck.",
        420,
        "achieved",
        ("mentor",),
        ("Zoë", "Amara"),
        3,
        "asked",
        (
            "Asked {first} whether they would mentor me",
            "First mentoring session with {first}",
            "Asked {first} how to set up a board",
        ),
        ("Thank {first} for the first mentoring session",),
    ),
)

# --- the hand-written people -----------------------------------------------------------------

#: The inner circles, written by hand. ``introduced_by`` names another cast member.
CAST: tuple[dict[str, Any], ...] = (
    {
        "given": "Sofía",
        "family": "Ramírez",
        "country": "es",
        "city": "Madrid",
        "company": "Acme Analytics",
        "title": "Head of Data",
        "circle": 1,
        "tags": ("python", "data", "former-colleague", "speaking"),
        "how_met": "Worked together at Tessera Bank",
        "met_on": "2016-05-09",
        "born": 1986,
        "address": "Calle de Toledo 42, 3º B, 28005 Madrid, Spain",
        "notes": "Sofía and I rebuilt Tessera's fraud models together in 2017; still the first "
        "person I call about a hard technical decision. Two kids, Mateo (7) and Lucía (4). "
        "Training for the Madrid half marathon. Runs a monthly study group for women moving "
        "into data engineering; ask how it is going.",
    },
    {
        "given": "Tomás",
        "family": "Oliveira",
        "country": "pt",
        "city": "Berlin",
        "company": "Fjordline",
        "title": "Staff Engineer",
        "circle": 1,
        "tags": ("python", "community", "climbing", "open-source", "berlin"),
        "how_met": "Berlin Python meetup, 2018: he ran the lightning talks",
        "met_on": "2018-03-21",
        "born": 1988,
        "address": "Wiener Straße 18, 10999 Berlin, Germany",
        "notes": "Organises the Berlin Python meetup and knows absolutely everyone; most of my "
        "Berlin network came through him. Climbing partner on Thursday evenings at the "
        "Kreuzberg gym. His partner Jana is a paediatrician; they are expecting their first "
        "child in spring. Maintains a popular open-source task-queue library and is quietly "
        "burning out on it.",
    },
    {
        "given": "Chloé",
        "family": "Martin",
        "country": "fr",
        "city": "Paris",
        "company": "Lumen Health",
        "title": "Head of Product",
        "circle": 1,
        "tags": ("product", "climbing", "speaking"),
        "how_met": "EuroPython 2019: we skipped the same keynote for coffee",
        "met_on": "2019-07-10",
        "born": 1989,
        "notes": "Closest friend from the conference circuit. Leads product for Lumen's "
        "patient app and thinks hard about consent and privacy. Has a rescue greyhound called "
        "Biscuit. Wants to move to Lisbon within two years. Brutally honest feedback on "
        "anything I write: ask her before publishing.",
    },
    {
        "given": "Marta",
        "family": "Ortega",
        "country": "es",
        "city": "Valencia",
        "company": "Clínica Turia",
        "title": "Paediatric Nurse",
        "circle": 1,
        "tags": ("family",),
        "how_met": "My little sister",
        "met_on": None,
        "born": 1991,
        "profile": "family",
        "address": "Carrer de Cadis 7, 46006 València, Spain",
        "notes": "Lives in Valencia with Pau and their twins, Leo and Nora (5). We call every "
        "Sunday evening. Works nights on the children's ward every other week, so message "
        "before calling. Planning Mum's 65th birthday party for next summer.",
    },
    {
        "given": "Benjamin",
        "family": "Carter",
        "nickname": "Ben",
        "country": "uk",
        "city": "London",
        "company": "Northwind Robotics",
        "title": "Principal Engineer",
        "circle": 1,
        "tags": ("rust", "open-source", "board-games"),
        "how_met": "Flatmates during our master's in Edinburgh",
        "met_on": "2010-09-18",
        "born": 1987,
        "notes": "Oldest friend in tech. Writes embedded Rust for warehouse robots and loves "
        "explaining it. Hosts a board-game night on the first Friday of the month; join by "
        "video when I can. Daughter Ada (3) just started nursery.",
    },
    {
        "given": "Diego",
        "family": "Ortega",
        "country": "es",
        "city": "Barcelona",
        "company": "Orbital Payments",
        "title": "Backend Engineer",
        "circle": 2,
        "tags": ("family", "python"),
        "cadence_days": 21,
        "how_met": "My little brother",
        "met_on": None,
        "born": 1994,
        "profile": "give",
        "notes": "Works at a payments startup in Barcelona and asks me for career advice more "
        "than he admits. Into bouldering and trail running. Moving in with his girlfriend "
        "Laia in January; offer to help with the move.",
    },
    {
        "given": "Zoë",
        "family": "Van den Berg",
        "country": "nl",
        "city": "Amsterdam",
        "company": "Parallax Studio",
        "title": "Design Director",
        "circle": 2,
        "tags": ("design", "speaking", "mentor"),
        "how_met": "Config 2021: I wrote to her after her talk on design critique",
        "met_on": "2021-06-24",
        "born": 1982,
        "profile": "ask",
        "notes": "Runs a 30-person design studio and mentors me on building a design culture "
        "from zero. Sharp on hiring designers: ask her before every senior design interview. "
        "Two teenagers, Fenna and Sem. Cycles everywhere, including to meetings in the rain.",
    },
    {
        "given": "Łukasz",
        "family": "Wójcik",
        "country": "pl",
        "city": "Warsaw",
        "company": "Brightwave",
        "title": "CTO & Co-founder",
        "circle": 2,
        "tags": ("founder", "rust", "hiring"),
        "how_met": "Intro from Tomás at the Berlin meetup",
        "introduced_by": "Tomás",
        "met_on": "2019-11-13",
        "born": 1985,
        "notes": "Co-founded Brightwave (grid-balancing software) after ten years in energy "
        "trading. Raised their seed round from Kestrel: the person to ask about investors. "
        "Speaks Polish, German and very fast English. Collects vinyl and always has a "
        "recommendation.",
    },
    {
        "given": "Amara",
        "family": "Okafor",
        "country": "ng",
        "city": "London",
        "company": "Kestrel Ventures",
        "title": "Partner",
        "circle": 2,
        "tags": ("investor", "mentor", "advisor"),
        "how_met": "Łukasz introduced us when Brightwave raised",
        "introduced_by": "Łukasz",
        "met_on": "2022-04-05",
        "born": 1980,
        "profile": "ask",
        "notes": "Partner at Kestrel; invests in climate and developer-tools companies at seed. "
        "Generous with founders' time: monthly office hours, book them early. Grew up in Lagos, "
        "studied in Manchester. Sits on the board of a coding school for girls in Lagos.",
    },
    {
        "given": "Hiroshi",
        "family": "Tanaka",
        "country": "jp",
        "city": "Tokyo",
        "company": "Cobalt Labs",
        "title": "Research Scientist",
        "circle": 2,
        "tags": ("ml", "speaking", "conference-organizer", "python"),
        "how_met": "PyCon JP 2019: same table at the speakers' dinner",
        "met_on": "2019-09-16",
        "born": 1984,
        "notes": "Co-chairs the PyCon JP programme committee: the person to ask about the Tokyo "
        "CFP. Works on evaluation for speech models. Two kids; the elder, Sora, is a chess "
        "prodigy. Visits Berlin every autumn for a conference; always make time.",
    },
    {
        "given": "Priya",
        "family": "Raman",
        "country": "in",
        "city": "Bengaluru",
        "company": "Verdant Agritech",
        "title": "Founder & CEO",
        "circle": 2,
        "tags": ("founder", "ml", "hiring"),
        "how_met": "Slush 2022, founders' breakfast",
        "met_on": "2022-11-17",
        "born": None,
        "notes": "Building satellite-based crop forecasting for smallholder farmers. Raised a "
        "seed round in 2023 and is candid about what worked. Runs ultramarathons. Her father "
        "was a rice farmer, which is why she started Verdant.",
    },
    {
        "given": "Jonas",
        "family": "Becker",
        "country": "de",
        "city": "Berlin",
        "company": "Acme Analytics",
        "title": "Engineering Manager",
        "circle": 2,
        "tags": ("python", "data", "hiring", "berlin", "running"),
        "how_met": "Intro from Sofía: both at Acme",
        "introduced_by": "Sofía",
        "met_on": "2020-02-11",
        "born": 1990,
        "notes": "Manages Acme's Berlin data platform team (12 people). Runs along the "
        "Landwehr Canal every morning; we sometimes run together on Saturdays. Son Emil (2). "
        "Thinking about a move to a smaller company; keep an eye out.",
    },
    {
        "given": "Nadia",
        "family": "Haddad",
        "country": "mena",
        "city": "Lisbon",
        "company": "Meridian Maps",
        "title": "Developer Advocate",
        "circle": 2,
        "tags": ("community", "conference-organizer", "speaking", "python"),
        "how_met": "PyData Berlin 2021: she gave the closing keynote",
        "met_on": "2021-10-29",
        "born": 1991,
        "notes": "Grew up in Beirut, moved to Lisbon in 2020. Organises PyData Lisbon and sits "
        "on the EuroPython programme committee. Gives the best conference feedback I have "
        "had. Learning to surf, badly, and happy to talk about it.",
    },
    {
        "given": "Grace",
        "family": "Mwangi",
        "country": "ke",
        "city": "London",
        "company": "Atlas Talent",
        "title": "Head of Talent",
        "circle": 2,
        "tags": ("recruiter", "hiring"),
        "how_met": "She placed me in my last job; we stayed in touch",
        "met_on": "2020-08-03",
        "born": 1986,
        "notes": "Best recruiter I know: honest about salary bands and never spams. Splits her "
        "time between London and Nairobi. Knows the design market well, which matters for "
        "the designer search. Sings in a gospel choir.",
    },
    {
        "given": "Elif",
        "family": "Şahin",
        "country": "tr",
        "city": "Berlin",
        "company": "Zephyr Games",
        "title": "Senior Product Designer",
        "circle": 2,
        "tags": ("design", "speaking", "berlin"),
        "how_met": "Intro from Zoë: portfolio review at Parallax",
        "introduced_by": "Zoë",
        "met_on": "2023-03-08",
        "born": 1992,
        "notes": "Originally from Izmir, in Berlin since 2019. Designs onboarding for a mobile "
        "games studio and wants to move to a mission-driven product. Gave a great talk on "
        "dark patterns at SmashingConf. Has a cat called Simit.",
    },
)

#: Companies nobody asks you for an introduction to.
NOT_HIRING = ("Clínica Turia", "Oakridge Institute of Technology")

#: Cities people move to, travel to and recommend restaurants in.
TRAVEL_CITIES = _split(
    "Lisbon | Barcelona | Amsterdam | London | Berlin | Copenhagen | New York | Tokyo | "
    "Mexico City | Paris | Stockholm | Bengaluru"
)

#: Home addresses (a few people have one).
ADDRESSES: dict[str, tuple[str, ...]] = {
    "Berlin": (
        "Oranienstraße 25, 10999 Berlin, Germany",
        "Kastanienallee 12, 10435 Berlin, Germany",
        "Sonnenallee 67, 12045 Berlin, Germany",
        "Bergmannstraße 101, 10961 Berlin, Germany",
    ),
    "London": ("14 Columbia Road, London E2 7RG, United Kingdom",),
    "Paris": ("12 rue des Martyrs, 75009 Paris, France",),
    "Amsterdam": ("Westerstraat 102, 1015 MN Amsterdam, Netherlands",),
    "Lisbon": ("Rua da Rosa 51, 1200-382 Lisboa, Portugal",),
    "Madrid": ("Calle de Lavapiés 8, 28012 Madrid, Spain",),
}

#: Friendships among the hand-written people (given names), with a note.
CAST_FRIENDS = (
    ("Tomás", "Chloé", "friend", "Climbing trips together"),
    ("Tomás", "Jonas", "friend", "Run the Berlin meetup together"),
    ("Tomás", "Benjamin", "friend", ""),
    ("Benjamin", "Sofía", "knows", ""),
    ("Hiroshi", "Nadia", "friend", "Both on conference programme committees"),
    ("Chloé", "Nadia", "friend", ""),
    ("Amara", "Priya", "knows", "Amara looked at Verdant's seed round"),
    ("Grace", "Zoë", "knows", "Grace places Parallax's designers"),
    ("Tomás", "Elif", "knows", ""),
    ("Marta", "Diego", "family", "Siblings"),
)

INTRO_REASONS = (
    "{a} is hiring for {a_company}; {b} might be a great fit.",
    "Both working on {topic}; they should compare notes.",
    "{b} wanted advice on fundraising and {a} has been through it.",
    "{a} is moving to {b_city} and {b} knows everyone there.",
    "{b} is looking for speakers and {a} has a great talk on {topic}.",
    "{a} needs someone who knows {topic}; {b} is the best I know.",
)


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
    kind: str  # "cast" or an archetype key
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
        self._meetings()
        self._birthdays()
        self._channels()
        self._rhythm()
        self._relationships()
        self._touches()
        self._goals()
        self._introductions()
        self._interaction_rows()
        self._follow_ups()
        self._contact_rows()
        self._relationship_rows()
        return self.network

    # --- people ------------------------------------------------------------------------------

    def _cast(self) -> None:
        for spec in CAST:
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
                kind="cast",
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
        circles: list[int | None] = [3] * 30 + [4] * 70 + [5] * 22 + [None] * 15
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
                if circle is None or circle > 3:
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

    def _meetings(self) -> None:
        """When and how you met each person of the crowd, and who introduced you."""
        rng = self.rng("meetings")
        last_day = self.today - timedelta(days=14)
        for p in self.people:
            if p.kind == "cast":
                continue
            years_ago = min(15, int(rng.expovariate(1 / 3.5)))
            year = self.today.year - years_ago
            first = date(year, 1, 1)
            span = max(0, (min(date(year, 12, 31), last_day) - first).days)
            p.met_on = first + timedelta(days=rng.randint(0, span))
        # In the order you met them, so an introducer is always someone you knew before.
        crowd = sorted(
            (p for p in self.people if p.kind != "cast"), key=lambda p: p.met_on or date.min
        )
        connectors = [self.by_given(g).id for g in ("Tomás", "Sofía", "Amara", "Grace", "Zoë")]
        for p in crowd:
            assert p.met_on is not None
            known = [
                q
                for q in self.people
                if q.met_on is not None and q.met_on < p.met_on and q.id != p.id
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
            if p.kind != "cast" and rng.random() < 0.12:
                continue  # birthday unknown
            year = p.born
            if year is None and p.kind != "cast" and rng.random() < 0.62:
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
                p
                for p in self.people
                if p.kind != "cast" and p.circle == circle and p.cadence_days is None
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
        """Who knows whom: colleagues, family, friends, introducers, and acquaintances."""
        rng = self.rng("relationships")
        by_company: dict[str, list[Person]] = {}
        for p in self.people:
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
        for p in self.people:
            if p.introduced_by is not None and p.met_on is not None:
                since = p.met_on - timedelta(days=rng.randint(60, 1800))
                close = p.circle in (1, 2) and self.people[p.introduced_by - 1].circle in (1, 2)
                self._relate(p.introduced_by, p.id, "friend" if close else "knows", since)
        # Acquaintances among them: people in the same city or sharing a tag, hubs first.
        target = rng.randint(215, 245)
        weights = [6 if p.circle in (1, 2) else 3 if p.circle == 3 else 1 for p in self.people]
        tries = 0
        while len(self.relations) < target and tries < 20_000:
            tries += 1
            a, b = rng.choices(self.people, weights=weights, k=2)
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
        return Touch(moment, [p.id], kind, direction, summary, notes)

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
        outer = [p for p in self.people if p.circle in (3, 4, 5) and not p.cold]

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
        people = [p for p in self.people if p.id in by_person and p.circle in (1, 2, 3, 4)]
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
