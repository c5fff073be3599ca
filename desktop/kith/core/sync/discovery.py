"""Setting up an account: test the connection, list the collections, create Kith's own."""

from __future__ import annotations

from dataclasses import dataclass

from kith.core.sync.dav import CALENDAR, CONTACTS, Collection, DavClient

#: The address book and calendar Kith creates when the user lets it.
KITH_ADDRESSBOOK = ("kith", "Kith")
KITH_CALENDAR = ("kith-follow-ups", "Kith follow-ups")
#: Where Kith makes its calendar when the one above exists but takes no journal entries
#: (an older Kith made it for tasks and events only, and some servers hold to that).
KITH_CALENDAR_WITH_JOURNAL = ("kith-calendar", "Kith")


@dataclass(frozen=True)
class Discovery:
    """What "Test connection" found: the user's homes and every collection in them."""

    principal: str
    homes: dict[str, str]
    collections: list[Collection]

    @property
    def addressbooks(self) -> list[Collection]:
        return [c for c in self.collections if c.kind == CONTACTS]

    @property
    def calendars(self) -> list[Collection]:
        """Calendars that can hold tasks (follow-ups are VTODOs)."""
        return [c for c in self.collections if c.kind == CALENDAR and c.accepts_todos]

    def summary(self) -> str:
        books, cals = len(self.addressbooks), len(self.calendars)
        return (
            f"Connected. Found {books} address book{'s' if books != 1 else ''} and "
            f"{cals} calendar{'s' if cals != 1 else ''} for tasks."
        )


def discover(url: str, username: str, password: str, *, timeout: float = 30.0) -> Discovery:
    """Sign in and list the account's address books and calendars (raises a SyncError)."""
    with DavClient(url, username, password, timeout=timeout) as dav:
        principal = dav.principal()
        homes = dav.home_sets(principal)
        return Discovery(principal, homes, dav.collections(homes))


def create_kith_collections(
    url: str,
    username: str,
    password: str,
    *,
    contacts: bool = True,
    calendar: bool = True,
    timeout: float = 30.0,
) -> dict[str, Collection]:
    """Create (or find) the "Kith" address book and the "Kith follow-ups" calendar (or, when
    that one takes no journal entries, a calendar "Kith" that takes tasks, events and
    journal entries)."""
    made: dict[str, Collection] = {}
    with DavClient(url, username, password, timeout=timeout) as dav:
        homes = dav.home_sets()
        if contacts and CONTACTS in homes:
            slug, name = KITH_ADDRESSBOOK
            made[CONTACTS] = dav.make_collection(homes[CONTACTS], slug, name, CONTACTS)
        if calendar and CALENDAR in homes:
            slug, name = KITH_CALENDAR
            found = dav.make_collection(homes[CALENDAR], slug, name, CALENDAR)
            if not found.accepts_journals:
                slug, name = KITH_CALENDAR_WITH_JOURNAL
                found = dav.make_collection(homes[CALENDAR], slug, name, CALENDAR)
            made[CALENDAR] = found
    return made
