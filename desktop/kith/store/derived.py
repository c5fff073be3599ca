"""What Kith keeps instead of working it out on every read, kept exact by SQLite triggers in
the transaction of every write that changes it (v14): each person's last contact
(:mod:`kith.store.last_contact`). One place for the schema and for bulk loads to install,
refill and switch them off, whatever is added later."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import peewee as pw

from kith.store import last_contact

PARTS = (last_contact,)


def install(db: pw.Database) -> None:
    """Add and fill each of them, with their indexes and triggers (a new file, v14)."""
    for part in PARTS:
        part.install(db)


def triggers() -> list[tuple[str, str, str]]:
    """(name, table, SQL) of every trigger that keeps them."""
    return [t for part in PARTS for t in part.TRIGGERS]


@contextmanager
def triggers_off(db: pw.Database) -> Iterator[None]:
    """For a bulk load inside one transaction: no trigger per row (some would search tables
    whose indexes the load dropped); everything worked out once at the end."""
    for part in PARTS:
        part.drop_triggers(db)
    yield
    for part in PARTS:
        part.fill(db)
        part.create_triggers(db)
