"""Each person's last contact, stored (v14): ``contact.last_contact_at``, kept by triggers.

The newest of a person's logged interactions and of what mail and calendar capture found with
them (from capture sources turned on) — what "going cold" counts from. Deriving it on every
Today refresh cost a subquery over each person's interactions; stored, "going cold" is one
range of an index (``contact_going_cold``) over the people with a cadence.

SQLite triggers keep it exact in the transaction of every write that can change it, whatever
wrote it (logging, editing or deleting an interaction, its people, a merge, an import, a sync,
an undo, capture, a source turned off): there is no write path that has to remember it. The
column is not one of the peewee model's fields, so no model write can put back a stale value;
only the triggers, :func:`fill` (the migration, a restore) and nothing else write it.

Its value is the text SQLite's ``MAX`` picks among the timestamps (naive UTC, as stored), or
NULL for someone never in touch.
"""

from __future__ import annotations

import peewee as pw

COLUMN = "last_contact_at"
INDEX = "contact_going_cold"

#: Days between touches for each circle that has a cadence (kith.core.rules.constants
#: CIRCLE_CADENCE_DAYS, which a test holds equal): part of the index's expression. Change it
#: only with a migration that builds the index again: until then the query no longer matches
#: the index and is answered, still right, from the table.
CIRCLE_DAYS: dict[int, int] = {1: 14, 2: 30, 3: 90, 4: 180}


def _circles() -> str:
    return ", ".join(str(c) for c in sorted(CIRCLE_DAYS))


#: A person's circle's cadence (NULL: none), and their cadence without their tags: their
#: own, else their circle's.
CIRCLE_CADENCE = (
    'CASE "circle" '
    + " ".join(f"WHEN {c} THEN {d}" for c, d in sorted(CIRCLE_DAYS.items()))
    + " END"
)
OWN_OR_CIRCLE_CADENCE = f'COALESCE("cadence_days", {CIRCLE_CADENCE})'

#: The julian day a person without a tag cadence is first counted past their cadence, roughly
#: (UTC dates, a day early): the day they were last in touch (else added, or met if later)
#: plus their cadence. Going cold's rough test — ``MIN(days since + 1, days since met) >
#: cadence``, days counted from the UTC date — is exactly ``DUE < julianday(today)``.
DUE = (
    'MAX(julianday(substr(COALESCE("last_contact_at", "created_at"), 1, 10)) - 1, '
    'COALESCE(CASE WHEN "last_contact_at" IS NULL THEN julianday("met_on") END, 0)) + '
    + OWN_OR_CIRCLE_CADENCE
)

#: Who the index holds: the people with a cadence of their own or of their circle. A query
#: must repeat this exact text for SQLite to use the (partial) index.
WITH_CADENCE = f'("cadence_days" IS NOT NULL OR "circle" IN ({_circles()}))'

#: Everything going cold reads of those people, in the index: no row of the table is read.
#: ``archived`` first: an equality before the range, so SQLite (without statistics) prefers
#: this index to the (archived, sort_name) one.
INDEX_SQL = (
    f'CREATE INDEX "{INDEX}" ON "contact" ("archived", {DUE}, "cadence_days", "circle", '
    f'"created_at", "met_on", "last_contact_at") WHERE {WITH_CADENCE}'
)


def latest(contact_id: str) -> str:
    """SQL for the last contact with the person whose id is the SQL ``contact_id``."""
    return f"""(SELECT MAX(t) FROM (
        SELECT MAX(i.occurred_at) AS t FROM interaction_contact AS ic
        JOIN interaction AS i ON i.id = ic.interaction_id WHERE ic.contact_id = {contact_id}
        UNION ALL
        SELECT MAX(cc.occurred_at) FROM captured_contact AS cc
        JOIN capture_source AS s ON s.id = cc.source_id
        WHERE cc.contact_id = {contact_id} AND s.enabled = 1))"""


def _again(where: str) -> str:
    """Work the column out afresh for the contacts ``where`` picks."""
    return f'UPDATE "contact" SET "{COLUMN}" = {latest("contact.id")} WHERE {where};'


def _later(stamp: str, contact_id: str) -> str:
    """Raise the column to ``stamp`` (SQL) where that is later: a contact added."""
    return (
        f'UPDATE "contact" SET "{COLUMN}" = {stamp} WHERE "id" = {contact_id} '
        f"AND {stamp} > COALESCE(\"{COLUMN}\", '');"
    )


_LINK_STAMP = "(SELECT occurred_at FROM interaction WHERE id = {}.interaction_id)"

#: (name, table, SQL) of each trigger. Additions raise the column; a removal works it out
#: again only when what went could have been the latest; moves work it out again.
TRIGGERS: tuple[tuple[str, str, str], ...] = (
    (
        "last_contact_link_added",
        "interaction_contact",
        "AFTER INSERT ON interaction_contact BEGIN "
        + _later(_LINK_STAMP.format("NEW"), "NEW.contact_id")
        + " END",
    ),
    (
        "last_contact_link_removed",
        "interaction_contact",
        # The interaction itself gone (deleted, the link going with it): work it out again.
        f"AFTER DELETE ON interaction_contact WHEN {_LINK_STAMP.format('OLD')} IS NULL "
        f'OR {_LINK_STAMP.format("OLD")} >= (SELECT "{COLUMN}" FROM contact '
        "WHERE id = OLD.contact_id) BEGIN " + _again('"id" = OLD.contact_id') + " END",
    ),
    (
        "last_contact_link_moved",
        "interaction_contact",
        "AFTER UPDATE OF contact_id, interaction_id ON interaction_contact BEGIN "
        + _again('"id" IN (OLD.contact_id, NEW.contact_id)')
        + " END",
    ),
    (
        "last_contact_interaction_added",
        "interaction",
        # Its people are usually linked after it; a restore may link them first.
        "AFTER INSERT ON interaction BEGIN "
        f'UPDATE "contact" SET "{COLUMN}" = NEW.occurred_at WHERE "id" IN '
        "(SELECT contact_id FROM interaction_contact WHERE interaction_id = NEW.id) "
        f"AND NEW.occurred_at > COALESCE(\"{COLUMN}\", ''); END",
    ),
    (
        "last_contact_interaction_moved",
        "interaction",
        "AFTER UPDATE OF occurred_at ON interaction "
        "WHEN NEW.occurred_at IS NOT OLD.occurred_at BEGIN "
        + _again(
            '"id" IN (SELECT contact_id FROM interaction_contact WHERE interaction_id = NEW.id)'
        )
        + " END",
    ),
    (
        "last_contact_captured_added",
        "captured_contact",
        "AFTER INSERT ON captured_contact "
        "WHEN (SELECT enabled FROM capture_source WHERE id = NEW.source_id) = 1 BEGIN "
        + _later("NEW.occurred_at", "NEW.contact_id")
        + " END",
    ),
    (
        "last_contact_captured_removed",
        "captured_contact",
        "AFTER DELETE ON captured_contact "
        f'WHEN OLD.occurred_at >= (SELECT "{COLUMN}" FROM contact WHERE id = OLD.contact_id) '
        "BEGIN " + _again('"id" = OLD.contact_id') + " END",
    ),
    (
        "last_contact_captured_moved",
        "captured_contact",
        "AFTER UPDATE OF contact_id, source_id, occurred_at ON captured_contact BEGIN "
        + _again('"id" IN (OLD.contact_id, NEW.contact_id)')
        + " END",
    ),
    (
        "last_contact_source_switched",
        "capture_source",
        "AFTER UPDATE OF enabled ON capture_source WHEN NEW.enabled IS NOT OLD.enabled BEGIN "
        + _again('"id" IN (SELECT contact_id FROM captured_contact WHERE source_id = NEW.id)')
        + " END",
    ),
)


def trigger_sql(name: str, body: str) -> str:
    return f'CREATE TRIGGER "{name}" {body}'


def fill(db: pw.Database) -> None:
    """Work out everyone's last contact afresh: one pass over each table, not a query per
    person (the migration, and after a load with the triggers off)."""
    db.execute_sql(f'UPDATE "contact" SET "{COLUMN}" = NULL WHERE "{COLUMN}" IS NOT NULL')
    db.execute_sql(
        f"""UPDATE "contact" SET "{COLUMN}" = found.t FROM (
            SELECT contact_id, MAX(t) AS t FROM (
                SELECT ic.contact_id, MAX(i.occurred_at) AS t FROM interaction_contact AS ic
                JOIN interaction AS i ON i.id = ic.interaction_id GROUP BY ic.contact_id
                UNION ALL
                SELECT cc.contact_id, MAX(cc.occurred_at) FROM captured_contact AS cc
                JOIN capture_source AS s ON s.id = cc.source_id WHERE s.enabled = 1
                GROUP BY cc.contact_id)
            GROUP BY contact_id) AS found
        WHERE "contact"."id" = found.contact_id"""
    )


def create_triggers(db: pw.Database) -> None:
    for name, _table, body in TRIGGERS:
        db.execute_sql(trigger_sql(name, body))


def drop_triggers(db: pw.Database) -> None:
    for name, _table, _body in TRIGGERS:
        db.execute_sql(f'DROP TRIGGER IF EXISTS "{name}"')


def install(db: pw.Database) -> None:
    """Add the column, fill it, and add its index and triggers (a new file and v14). Run
    again on a file that has them (its version set back), it leaves the same."""
    columns = [row[1] for row in db.execute_sql('PRAGMA table_info("contact")').fetchall()]
    if COLUMN not in columns:
        db.execute_sql(f'ALTER TABLE "contact" ADD COLUMN "{COLUMN}" DATETIME')
    fill(db)
    db.execute_sql(INDEX_SQL.replace("CREATE INDEX", "CREATE INDEX IF NOT EXISTS", 1))
    drop_triggers(db)
    create_triggers(db)
