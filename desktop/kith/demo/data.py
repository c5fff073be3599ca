"""The demo network's vocabulary: countries, names, companies, archetypes, the hand-written
people (the inner circles, ``CAST``, and the one who only asks, ``ASKER``), the inner circles'
unprompted gifts, the recent imports, goals and the words interactions and follow-ups are made
of.

Plain typed data; :mod:`kith.demo.builder` draws from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


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
        33,
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
        12,
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
        10,
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
        13,
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
    #: What they asked of you (they reached out).
    "they_asked": (
        ("{first} asked for feedback on their CV", ("email", "message")),
        ("{first} asked for advice on an offer from {other_company}", ("call", "video", "meal")),
        ("{first} asked me to review their talk proposal for {event}", ("email", "message")),
        ("{first} asked for an intro to someone at {other_company}", ("email", "message")),
        ("{first} asked how we run {topic}", ("call", "video", "message", "meeting")),
        ("{first} asked for a second opinion on their {topic} plan", ("call", "video", "meal")),
    ),
    #: What they gave back for one of your asks (see _Builder._answers).
    "they_gave": (
        ("{first} came back with two people to talk to about {topic}", ANY_KIND),
        ("{first} sent detailed notes on {topic}", ("email", "message", "call", "video")),
        ("{first} made the intro to someone at {other_company}", ("email", "message")),
        ("{first} sent edits on my draft", ("email", "message")),
        ("{first} followed up with what I asked for", ANY_KIND),
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

#: How often you give, ask, share, just keep in touch — and they ask you — by profile. (What
#: they give comes back for your asks, _Builder._answers, or unprompted: ``GIFTS``.)
DIRECTION_WEIGHTS: dict[str, dict[str, int]] = {
    "default": {"gave": 34, "asked": 14, "they_asked": 6, "mutual": 32, "neutral": 20},
    "ask": {"gave": 10, "asked": 52, "they_asked": 2, "mutual": 28, "neutral": 10},
    "give": {"gave": 56, "asked": 4, "they_asked": 12, "mutual": 21, "neutral": 15},
    "family": {"gave": 10, "asked": 6, "mutual": 50, "neutral": 34},
}

#: Who reached out ("me", "them", "both": planned together), by profile, for a give of yours,
#: a shared exchange or a catch-up. You reach out to ask, they reach out to ask or give;
#: events, introductions, first meetings and group plans are "both". The further out the
#: circle, the more it is you who keeps in touch ("outer").
INITIATOR_WEIGHTS: dict[str, dict[str, int]] = {
    "default": {"me": 45, "them": 40, "both": 15},
    "outer": {"me": 62, "them": 24, "both": 14},  # the default in circle 150 and beyond
    "ask": {"me": 65, "them": 20, "both": 15},  # mentors, investors: mostly you write
    "give": {"me": 30, "them": 55, "both": 15},  # mentees, recruiters: mostly they write
    "family": {"me": 45, "them": 45, "both": 10},
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

#: The one person who only asks, written by hand (the card names him: "has asked 5 times and
#: given nothing in a year"). Not one of the inner circles: he has no rhythm of his own, only
#: ``ASKER_HISTORY``.
ASKER: dict[str, Any] = {
    "given": "Dominik",
    "family": "Albrecht",
    "country": "de",
    "city": "Munich",
    "company": "Caldera Group",
    "title": "Head of Sales",
    "circle": 4,
    "tags": ("former-colleague",),
    "how_met": "Worked together at Tessera Bank: he sold the fraud models Sofía and I built",
    "met_on": "2016-02-01",
    "born": 1983,
    "notes": "Sat two desks away at Tessera Bank and sold our fraud models to other banks; "
    "good company at the Christmas party. Since we both left he only gets in touch when he "
    "needs something: an intro to an investor, a reference, someone's number. Always "
    "charming, never asks how I am, never offers anything back.",
}

#: Everything that ever happened with the asker: (days ago, kind, what flowed, who reached
#: out, summary). Five asks in the last year, all his; your two gives do not change that.
ASKER_HISTORY: tuple[tuple[int, str, str, str, str], ...] = (
    (690, "meal", "neutral", "both", "Tessera alumni drinks; Dominik told the old stories"),
    (430, "email", "they_asked", "them", "Dominik asked me for a reference for the Caldera job"),
    (424, "email", "gave", "me", "Wrote Dominik the reference he asked for"),
    (330, "message", "they_asked", "them", "Dominik asked for an intro to Amara at Kestrel"),
    (318, "email", "gave", "me", "Forwarded Dominik's deck to Amara with a short note"),
    (212, "call", "they_asked", "them", "Dominik asked for Sofía's number to pitch Acme"),
    (121, "message", "they_asked", "them", "Dominik asked me to share Caldera's launch post"),
    (47, "email", "they_asked", "them", "Dominik asked for an intro to Łukasz at Brightwave"),
    (
        9,
        "message",
        "they_asked",
        "them",
        "Dominik asked if I could get him into a speakers' dinner",
    ),
)

#: Gives of the inner circles nobody asked for: the network effect ("gave without being asked"
#: on their cards). (given name, about how many days ago, kind, summary, notes); each lands on
#: the nearest day when none of your asks to them is waiting (see _Builder._gifts).
GIFTS: tuple[tuple[str, int, str, str, str], ...] = (
    (
        "Tomás",
        40,
        "message",
        "Tomás put my name forward to the PyData Berlin organisers as a keynote speaker",
        "I never asked; he just did it. Thank him properly.",
    ),
    (
        "Sofía",
        95,
        "email",
        "Sofía sent me a seed investor from her network who backs data tools",
        "She had heard I was raising and thought of me first.",
    ),
    (
        "Jonas",
        150,
        "message",
        "Jonas forwarded a senior designer's portfolio: 'saw this and thought of your search'",
        "",
    ),
)

#: People imported in the last weeks and not sorted yet (no circle, no history): (days ago,
#: how many). A LinkedIn export a few weeks back, the phone's address book last week.
IMPORTS: tuple[tuple[int, int], ...] = ((19, 10), (5, 6))
#: The kinds of people an import brings in (CROWD keys): whoever you once connected with.
IMPORT_KINDS = ("engineer", "data", "designer", "product", "founder", "other")

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
