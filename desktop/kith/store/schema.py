"""The schema version, creation of a new database, and migrations from older versions."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import peewee as pw

from kith.store import derived
from kith.store.models import ALL_MODELS

if TYPE_CHECKING:
    from playhouse.migrate import SqliteMigrator as Migrator

#: ``PRAGMA application_id`` of every Kith database: the bytes "Kith".
KITH_APPLICATION_ID = 0x4B697468

#: The version this code writes; kept in ``PRAGMA user_version``.
SCHEMA_VERSION = 14


# playhouse.migrate (with its Postgres and MySQL migrators, ~5 ms) is imported only when a
# file is upgraded, not at every start (issue 18); the steps below call these by playhouse's names.
def SqliteMigrator(db: pw.SqliteDatabase) -> Migrator:
    from playhouse.migrate import SqliteMigrator as migrator

    return migrator(db)


def apply(*operations: Any) -> None:
    from playhouse.migrate import migrate

    migrate(*operations)


def _v1_to_v2(db: pw.SqliteDatabase) -> None:
    """v2: a tag can carry a keep-in-touch cadence (e.g. "family" every 7 days)."""
    migrator = SqliteMigrator(db)
    apply(migrator.add_column("tag", "cadence_days", pw.IntegerField(null=True)))


def _v2_to_v3(db: pw.SqliteDatabase) -> None:
    """v3: an ask carries its size; indexes for birthdays and open follow-ups by date."""
    migrator = SqliteMigrator(db)
    apply(
        migrator.add_column("interaction", "ask_size", pw.CharField(null=True)),
        migrator.add_index("contact", ("birthday_month", "birthday_day"), False),
        migrator.add_index("follow_up", ("status", "due_at"), False),
        migrator.add_index("follow_up", ("status", "remind_at"), False),
    )


_V4_TABLES = (
    'CREATE TABLE "sync_account" ("id" INTEGER NOT NULL PRIMARY KEY, '
    '"uid" VARCHAR(255) NOT NULL, "name" VARCHAR(255) NOT NULL COLLATE NOCASE, '
    '"url" VARCHAR(255) NOT NULL, "username" VARCHAR(255) NOT NULL, '
    '"addressbook_url" VARCHAR(255), "calendar_url" VARCHAR(255), '
    '"interval_minutes" INTEGER NOT NULL, "enabled" INTEGER NOT NULL, '
    '"last_sync_at" DATETIME, "last_error" TEXT NOT NULL, "created_at" DATETIME NOT NULL)',
    'CREATE UNIQUE INDEX "sync_account_uid" ON "sync_account" ("uid")',
    'CREATE UNIQUE INDEX "sync_account_name" ON "sync_account" ("name")',
    'CREATE TABLE "sync_collection" ("id" INTEGER NOT NULL PRIMARY KEY, '
    '"account_id" INTEGER NOT NULL, "url" VARCHAR(255) NOT NULL, "sync_token" TEXT, '
    '"ctag" TEXT, FOREIGN KEY ("account_id") REFERENCES "sync_account" ("id") '
    "ON DELETE CASCADE)",
    'CREATE INDEX "sync_collection_account_id" ON "sync_collection" ("account_id")',
    'CREATE UNIQUE INDEX "sync_collection_account_id_url" ON "sync_collection" '
    '("account_id", "url")',
    'CREATE TABLE "sync_resource" ("id" INTEGER NOT NULL PRIMARY KEY, '
    '"collection_id" INTEGER NOT NULL, "href" VARCHAR(255) NOT NULL, "etag" VARCHAR(255), '
    '"kind" VARCHAR(255) NOT NULL, "local_uid" VARCHAR(255) NOT NULL, "base" TEXT NOT NULL, '
    '"local_hash" VARCHAR(255) NOT NULL, "synced_at" DATETIME NOT NULL, '
    'FOREIGN KEY ("collection_id") REFERENCES "sync_collection" ("id") ON DELETE CASCADE)',
    'CREATE INDEX "sync_resource_collection_id" ON "sync_resource" ("collection_id")',
    'CREATE UNIQUE INDEX "sync_resource_collection_id_href" ON "sync_resource" '
    '("collection_id", "href")',
    'CREATE UNIQUE INDEX "sync_resource_collection_id_kind_local_uid" ON "sync_resource" '
    '("collection_id", "kind", "local_uid")',
)


def _v3_to_v4(db: pw.SqliteDatabase) -> None:
    """v4: CardDAV/CalDAV sync accounts, their collections, and each synced resource's state."""
    for statement in _V4_TABLES:
        db.execute_sql(statement)


def _v4_to_v5(db: pw.SqliteDatabase) -> None:
    """v5: a planned follow-up can be an ask of a size, like a logged one."""
    migrator = SqliteMigrator(db)
    apply(migrator.add_column("follow_up", "ask_size", pw.CharField(null=True)))


def _v5_to_v6(db: pw.SqliteDatabase) -> None:
    """v6: who reached out (me, them, both) beside what flowed; unknown for earlier rows, whose
    directions (gave, asked, mutual, neutral) keep their meaning."""
    migrator = SqliteMigrator(db)
    apply(migrator.add_column("interaction", "initiator", pw.CharField(null=True)))


_CAPTURE_TABLES = (
    'CREATE TABLE "capture_source" ("id" INTEGER NOT NULL PRIMARY KEY, '
    '"uid" VARCHAR(255) NOT NULL, "kind" VARCHAR(255) NOT NULL, '
    '"name" VARCHAR(255) NOT NULL COLLATE NOCASE, "enabled" INTEGER NOT NULL, '
    '"auto_accept_mail" INTEGER NOT NULL, "auto_accept_meetings" INTEGER NOT NULL, '
    '"read_subject" INTEGER NOT NULL, "max_participants" INTEGER NOT NULL, '
    '"host" VARCHAR(255) NOT NULL, "port" INTEGER, "security" VARCHAR(255) NOT NULL, '
    '"username" VARCHAR(255) NOT NULL, "folders" TEXT NOT NULL, "path" TEXT NOT NULL, '
    '"my_addresses" TEXT NOT NULL, "last_scan_at" DATETIME, "last_error" TEXT NOT NULL, '
    '"created_at" DATETIME NOT NULL)',
    'CREATE UNIQUE INDEX "capture_source_uid" ON "capture_source" ("uid")',
    'CREATE UNIQUE INDEX "capture_source_name" ON "capture_source" ("name")',
    'CREATE TABLE "capture_folder" ("id" INTEGER NOT NULL PRIMARY KEY, '
    '"source_id" INTEGER NOT NULL, "name" VARCHAR(255) NOT NULL, "uidvalidity" INTEGER, '
    '"last_uid" INTEGER NOT NULL, FOREIGN KEY ("source_id") REFERENCES "capture_source" ("id") '
    "ON DELETE CASCADE)",
    'CREATE INDEX "capture_folder_source_id" ON "capture_folder" ("source_id")',
    'CREATE UNIQUE INDEX "capture_folder_source_id_name" ON "capture_folder" ("source_id", "name")',
    'CREATE TABLE "capture_thread" ("id" INTEGER NOT NULL PRIMARY KEY, '
    '"source_id" INTEGER NOT NULL, "key" VARCHAR(255) NOT NULL, "started_at" DATETIME NOT NULL, '
    '"started_by_me" INTEGER NOT NULL, FOREIGN KEY ("source_id") REFERENCES "capture_source" '
    '("id") ON DELETE CASCADE)',
    'CREATE INDEX "capture_thread_source_id" ON "capture_thread" ("source_id")',
    'CREATE UNIQUE INDEX "capture_thread_source_id_key" ON "capture_thread" ("source_id", "key")',
    'CREATE TABLE "captured_contact" ("id" INTEGER NOT NULL PRIMARY KEY, '
    '"source_id" INTEGER NOT NULL, "contact_id" INTEGER NOT NULL, "kind" VARCHAR(255) NOT NULL, '
    '"occurred_at" DATETIME NOT NULL, "item_key" VARCHAR(255) NOT NULL, '
    '"thread_key" VARCHAR(255) NOT NULL, "address" VARCHAR(255) NOT NULL, '
    '"from_me" INTEGER NOT NULL, FOREIGN KEY ("source_id") REFERENCES "capture_source" ("id") '
    'ON DELETE CASCADE, FOREIGN KEY ("contact_id") REFERENCES "contact" ("id") '
    "ON DELETE CASCADE)",
    'CREATE INDEX "captured_contact_source_id" ON "captured_contact" ("source_id")',
    'CREATE INDEX "captured_contact_contact_id" ON "captured_contact" ("contact_id")',
    'CREATE UNIQUE INDEX "captured_contact_source_id_item_key_contact_id" ON '
    '"captured_contact" ("source_id", "item_key", "contact_id")',
    'CREATE INDEX "captured_contact_contact_id_kind_occurred_at" ON "captured_contact" '
    '("contact_id", "kind", "occurred_at")',
    'CREATE INDEX "captured_contact_address" ON "captured_contact" ("address")',
    'CREATE TABLE "capture_suggestion" ("id" INTEGER NOT NULL PRIMARY KEY, '
    '"source_id" INTEGER NOT NULL, "key" VARCHAR(255) NOT NULL, "kind" VARCHAR(255) NOT NULL, '
    '"occurred_at" DATETIME NOT NULL, "thread_key" VARCHAR(255) NOT NULL, '
    '"summary" VARCHAR(255) NOT NULL, "status" VARCHAR(255) NOT NULL, "interaction_id" INTEGER, '
    '"created_at" DATETIME NOT NULL, "decided_at" DATETIME, FOREIGN KEY ("source_id") '
    'REFERENCES "capture_source" ("id") ON DELETE CASCADE, FOREIGN KEY ("interaction_id") '
    'REFERENCES "interaction" ("id") ON DELETE SET NULL)',
    'CREATE INDEX "capture_suggestion_source_id" ON "capture_suggestion" ("source_id")',
    'CREATE INDEX "capture_suggestion_interaction_id" ON "capture_suggestion" ("interaction_id")',
    'CREATE UNIQUE INDEX "capture_suggestion_source_id_key" ON "capture_suggestion" '
    '("source_id", "key")',
    'CREATE INDEX "capture_suggestion_status_occurred_at" ON "capture_suggestion" '
    '("status", "occurred_at")',
    'CREATE TABLE "capture_suggestion_contact" ("id" INTEGER NOT NULL PRIMARY KEY, '
    '"suggestion_id" INTEGER NOT NULL, "contact_id" INTEGER NOT NULL, '
    '"address" VARCHAR(255) NOT NULL, FOREIGN KEY ("suggestion_id") REFERENCES '
    '"capture_suggestion" ("id") ON DELETE CASCADE, FOREIGN KEY ("contact_id") REFERENCES '
    '"contact" ("id") ON DELETE CASCADE)',
    'CREATE INDEX "capture_suggestion_contact_suggestion_id" ON "capture_suggestion_contact" '
    '("suggestion_id")',
    'CREATE INDEX "capture_suggestion_contact_contact_id" ON "capture_suggestion_contact" '
    '("contact_id")',
    'CREATE UNIQUE INDEX "capture_suggestion_contact_suggestion_id_contact_id" ON '
    '"capture_suggestion_contact" ("suggestion_id", "contact_id")',
    'CREATE TABLE "capture_blocked_address" ("id" INTEGER NOT NULL PRIMARY KEY, '
    '"address" VARCHAR(255) NOT NULL, "created_at" DATETIME NOT NULL)',
    'CREATE UNIQUE INDEX "capture_blocked_address_address" ON "capture_blocked_address" '
    '("address")',
)


def _add_capture_tables(db: pw.SqliteDatabase) -> None:
    """Capture from mail and calendars: sources, IMAP folder state, threads, captured
    contact, suggestions (with their people) and blocked addresses."""
    for statement in _CAPTURE_TABLES:
        db.execute_sql(statement)


def _add_sync_account_needs_password(db: pw.SqliteDatabase) -> None:
    """A sync account can be for a server without authentication (``kith accounts add
    --no-password``): then no password is asked for, stored or sent."""
    migrator = SqliteMigrator(db)
    apply(migrator.add_column("sync_account", "needs_password", pw.BooleanField(default=True)))


def _add_contact_card(db: pw.SqliteDatabase) -> None:
    """The last vCard seen for each contact (import, sync), so export and sync keep every
    property Kith does not model. Contacts imported before have none: they get fresh cards."""
    db.execute_sql(
        'CREATE TABLE "contact_card" ("contact_id" INTEGER NOT NULL PRIMARY KEY, '
        '"text" TEXT NOT NULL, "kith_hash" VARCHAR(255) NOT NULL, '
        'FOREIGN KEY ("contact_id") REFERENCES "contact" ("id") ON DELETE CASCADE)'
    )


def _add_name_parts(db: pw.SqliteDatabase) -> None:
    """A contact's name prefix, middle name and suffix (vCard N's other parts) and department
    (ORG's units), empty for everyone so far: their names stay as they were."""
    # Plain ADD COLUMN: playhouse rebuilds the table for a NOT NULL column, and dropping the
    # old one would clear every "introduced by" (its foreign key is ON DELETE SET NULL).
    for column in ("name_prefix", "middle_name", "name_suffix", "department"):
        db.execute_sql(
            f'ALTER TABLE "contact" ADD COLUMN "{column}" VARCHAR(255) NOT NULL DEFAULT \'\''
        )


def _add_address_parts(db: pw.SqliteDatabase) -> None:
    """An address's street, locality, region, postal code and country beside its one-line
    value; empty for the addresses kept so far, which stay readable as they were."""
    for column in ("street", "locality", "region", "postal_code", "country"):
        db.execute_sql(
            f'ALTER TABLE "contact_method" ADD COLUMN "{column}" VARCHAR(255) NOT NULL DEFAULT \'\''
        )


def _add_contact_dates(db: pw.SqliteDatabase) -> None:
    """Important dates beside the birthday (anniversaries, dates of the user's own naming).

    Until now an imported ANNIVERSARY or Apple ``X-ABDATE`` became a line in the notes
    ("Anniversary: 2012-08-18"), and the kept card held the property. Each date a kept card
    holds becomes a date of its person, and the notes line the import wrote for it goes (the
    card's NOTE is then again what Kith's notes say, so export and sync leave it as it was).
    A person with no kept card (imported before cards were kept, or from a Google or Outlook
    CSV) has only the notes line: each line of exactly the form those imports wrote
    ("Anniversary: 2012-08-18", "Anniversary: --08-18") becomes an anniversary and goes.
    """
    import calendar
    import re

    db.execute_sql(
        'CREATE TABLE "contact_date" ("id" INTEGER NOT NULL PRIMARY KEY, '
        '"contact_id" INTEGER NOT NULL, "label" VARCHAR(255) NOT NULL, '
        '"month" INTEGER NOT NULL, "day" INTEGER NOT NULL, "year" INTEGER, '
        '"position" INTEGER NOT NULL, '
        'FOREIGN KEY ("contact_id") REFERENCES "contact" ("id") ON DELETE CASCADE)'
    )
    db.execute_sql(
        'CREATE INDEX "contact_date_contact_id_position" '
        'ON "contact_date" ("contact_id", "position")'
    )
    db.execute_sql('CREATE INDEX "contact_date_contact_id" ON "contact_date" ("contact_id")')
    db.execute_sql('CREATE INDEX "contact_date_month_day" ON "contact_date" ("month", "day")')
    line_re = re.compile(r"^(?:([A-Za-z0-9-]+)\.)?([A-Za-z0-9-]+)((?:;[^:]*)?):(.*)$")
    date_re = re.compile(r"^(?:(\d{4})|--)-?(\d{2})-?(\d{2})$")
    apple_re = re.compile(r"^_\$!<(.+)>!\$_$")
    anniversaries = {"ANNIVERSARY", "X-ANNIVERSARY", "X-MS-ANNIVERSARY", "X-EVOLUTION-ANNIVERSARY"}
    cards = db.execute_sql(
        "SELECT c.contact_id, c.text, k.notes, k.how_met FROM contact_card AS c "
        "JOIN contact AS k ON k.id = c.contact_id "
        "WHERE c.text LIKE '%ANNIVERSARY%' OR c.text LIKE '%X-ABDATE%'"
    ).fetchall()
    for contact_id, text, notes, how_met in cards:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        lines = [m for ln in re.sub(r"\n[ \t]", "", text).split("\n") if (m := line_re.match(ln))]
        labels = {
            m.group(1).lower(): m.group(4).strip()
            for m in lines
            if m.group(1) and m.group(2).upper() == "X-ABLABEL"
        }
        position = 0
        note_lines = notes.split("\n")
        for m in lines:
            name = m.group(2).upper()
            if name not in anniversaries and name != "X-ABDATE":
                continue
            found = date_re.match(m.group(4).strip().split("T", 1)[0])
            if found is None:
                continue
            year = int(found.group(1)) if found.group(1) else None
            month, day = int(found.group(2)), int(found.group(3))
            if year == 1604 or "X-APPLE-OMIT-YEAR" in m.group(3).upper():
                year = None
            if not 1 <= month <= 12 or not 1 <= day <= calendar.monthrange(year or 2000, month)[1]:
                continue
            if name == "X-ABDATE":
                raw = labels.get((m.group(1) or "").lower(), "")
                coded = apple_re.match(raw)
                label = (coded.group(1).lower() if coded else raw).strip() or "Date"
                old_label = label.capitalize()
                label = old_label if coded else label
            else:
                label = old_label = "Anniversary"
            db.execute_sql(
                'INSERT INTO "contact_date" ("contact_id", "label", "month", "day", "year", '
                '"position") VALUES (?, ?, ?, ?, ?, ?)',
                (contact_id, label, month, day, year, position),
            )
            position += 1
            shown = f"{year:04d}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}"
            if f"{old_label}: {shown}" in note_lines:
                note_lines.remove(f"{old_label}: {shown}")
        cleaned = "\n".join(note_lines).strip()
        if cleaned != notes:
            db.execute_sql('UPDATE "contact" SET "notes" = ? WHERE "id" = ?', (cleaned, contact_id))
            indexed = "\n".join(p for p in (cleaned, how_met) if p)
            db.execute_sql(
                'UPDATE "contact_index" SET "notes" = ? WHERE "rowid" = ?', (indexed, contact_id)
            )
    # No kept card: the old imports' own lines (vcard._read_anniversary, the Outlook CSV's
    # Anniversary, the Google CSV's "Anniversary" event), and only those, become dates.
    noted_re = re.compile(r"^Anniversary: (?:(\d{4})|-)-(\d{2})-(\d{2})$")
    uncarded = db.execute_sql(
        "SELECT k.id, k.notes, k.how_met FROM contact AS k WHERE k.notes LIKE '%Anniversary: %' "
        "AND NOT EXISTS (SELECT 1 FROM contact_card AS c WHERE c.contact_id = k.id)"
    ).fetchall()
    for contact_id, notes, how_met in uncarded:
        kept: list[str] = []
        found_dates: list[tuple[int, int, int | None]] = []
        dropped = False
        for line in notes.split("\n"):
            found = noted_re.match(line)
            if found is not None:
                year = int(found.group(1)) if found.group(1) else None
                year = None if year == 1604 else year  # Apple's "no year"
                month, day = int(found.group(2)), int(found.group(3))
                last_day = calendar.monthrange(year or 2000, month)[1] if 1 <= month <= 12 else 0
                if 1 <= day <= last_day:
                    if (month, day, year) not in found_dates:
                        found_dates.append((month, day, year))
                    dropped = True
                    continue
            if dropped and line == "" and (not kept or kept[-1] == ""):
                continue  # the blank line the removed one stood beside
            dropped = False
            kept.append(line)
        if not found_dates:
            continue
        for position, (month, day, year) in enumerate(found_dates):
            db.execute_sql(
                'INSERT INTO "contact_date" ("contact_id", "label", "month", "day", "year", '
                '"position") VALUES (?, ?, ?, ?, ?, ?)',
                (contact_id, "Anniversary", month, day, year, position),
            )
        cleaned = "\n".join(kept).strip()
        db.execute_sql('UPDATE "contact" SET "notes" = ? WHERE "id" = ?', (cleaned, contact_id))
        indexed = "\n".join(p for p in (cleaned, how_met) if p)
        db.execute_sql(
            'UPDATE "contact_index" SET "notes" = ? WHERE "rowid" = ?', (indexed, contact_id)
        )


def _add_covering_indexes(db: pw.SqliteDatabase) -> None:
    """Indexes that hold every column Today and the Calendar read, so their counts and lists
    never fetch a contact's or a follow-up's row: newcomers by (circle, archived, created_at),
    birthdays with the name, follow-ups by status and due date with the flags the quadrants
    count, and the few people with a cadence of their own. Each replaces the narrower index
    that began with the same columns."""
    for statement in (
        'DROP INDEX IF EXISTS "contact_circle"',
        'CREATE INDEX IF NOT EXISTS "contact_circle_archived_created_at_id" ON "contact" '
        '("circle", "archived", "created_at", "id")',
        'DROP INDEX IF EXISTS "contact_birthday_month_birthday_day"',
        'CREATE INDEX IF NOT EXISTS "contact_birthday_covering" ON "contact" '
        '("birthday_month", "birthday_day", "birthday_year", "archived", "full_name")',
        'CREATE INDEX IF NOT EXISTS "contact_cadence_days" ON "contact" ("cadence_days") '
        'WHERE ("cadence_days" IS NOT NULL)',
        'DROP INDEX IF EXISTS "follow_up_status_due_at"',
        'CREATE INDEX IF NOT EXISTS "follow_up_status_due_at_due_has_time_urgent_important" '
        'ON "follow_up" ("status", "due_at", "due_has_time", "urgent", "important")',
    ):
        db.execute_sql(statement)


def _add_today_without_derivations(db: pw.SqliteDatabase) -> None:
    """What Today reads without working it out on every refresh (:mod:`kith.store.derived`):
    each person's last contact, stored and kept by triggers (``contact.last_contact_at``),
    filled from the interactions and captures there are, with the index "going cold" reads
    instead of a subquery per person over their interactions; and follow-ups by (status,
    urgent, important, due date), so each urgent/important group is counted as one range of
    an index."""
    derived.install(db)
    db.execute_sql(
        'CREATE INDEX IF NOT EXISTS "follow_up_status_urgent_important_due_at" '
        'ON "follow_up" ("status", "urgent", "important", "due_at")'
    )


#: ``MIGRATIONS[n]`` upgrades a database from version n to n + 1, inside a transaction.
#: Each step is small and written against table and column names, never against the current
#: models (which describe only the newest version).
MIGRATIONS: dict[int, Callable[[pw.SqliteDatabase], None]] = {
    1: _v1_to_v2,
    2: _v2_to_v3,
    3: _v3_to_v4,
    4: _v4_to_v5,
    5: _v5_to_v6,
    6: _add_capture_tables,
    7: _add_sync_account_needs_password,
    8: _add_contact_card,
    9: _add_name_parts,
    10: _add_address_parts,
    11: _add_contact_dates,
    12: _add_covering_indexes,
    13: _add_today_without_derivations,
}


def create_schema(db: pw.SqliteDatabase) -> None:
    """Create every table of a new, empty database and stamp it as a Kith database."""
    with db.atomic():
        db.create_tables(ALL_MODELS)
        # Not models (no model write may put back a stale value): kept by triggers.
        derived.install(db)
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
