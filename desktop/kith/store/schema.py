"""The schema version, creation of a new database, and migrations from older versions."""

from __future__ import annotations

from collections.abc import Callable

import peewee as pw

from kith.store.models import ALL_MODELS

#: ``PRAGMA application_id`` of every Kith database: the bytes "Kith".
KITH_APPLICATION_ID = 0x4B697468

#: The version this code writes; kept in ``PRAGMA user_version``.
SCHEMA_VERSION = 1

#: ``MIGRATIONS[n]`` upgrades a database from version n to n + 1, inside a transaction.
MIGRATIONS: dict[int, Callable[[pw.SqliteDatabase], None]] = {}


def create_schema(db: pw.SqliteDatabase) -> None:
    """Create every table of a new, empty database and stamp it as a Kith database."""
    with db.atomic():
        db.create_tables(ALL_MODELS)
        db.execute_sql(f"PRAGMA application_id = {KITH_APPLICATION_ID}")
        db.execute_sql(f"PRAGMA user_version = {SCHEMA_VERSION}")


def migrate(db: pw.SqliteDatabase, from_version: int) -> None:
    """Upgrade a database from ``from_version`` to :data:`SCHEMA_VERSION` in one transaction.

    Either every step applies and the version is stamped, or nothing changes.
    """
    with db.atomic():
        for version in range(from_version, SCHEMA_VERSION):
            MIGRATIONS[version](db)
        db.execute_sql(f"PRAGMA user_version = {SCHEMA_VERSION}")
