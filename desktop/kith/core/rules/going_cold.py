"""Who is going cold: everyone past their keep-in-touch cadence, worst first, in one query."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import Any

from kith.core.local_time import to_utc, today
from kith.core.rules.cadence import (
    Cadence,
    CadenceStatus,
    cadence_status,
    parse_stamp,
    resolve_cadence,
    tag_cadences_of,
)
from kith.store import last_contact
from kith.store.models import database_proxy


@dataclass(frozen=True)
class ColdContact:
    """One person past their cadence, with what the Today page shows about them."""

    contact_id: int
    full_name: str
    circle: int | None
    status: CadenceStatus

    @property
    def ratio(self) -> float:
        return self.status.ratio or 0.0

    @property
    def text(self) -> str:
        """ "3 weeks overdue"."""
        return self.status.text


# Candidates are everyone not archived with a cadence. For each, SQLite works out the days from
# the UTC date of the reference moment (the last contact, else when they were added) to today,
# and the days since the day you met; that count is within one day of the local-calendar count,
# so the query can drop everyone certainly within their cadence, and Python only converts time
# zones exactly for the few near the line or competing for the first places.
# The last contact (logged, or mail or a meeting that capture found) is stored with each person
# (contact.last_contact_at, kept by triggers: kith.store.last_contact). Everyone whose cadence
# is their own or their circle's is in the index ``contact_going_cold`` by the day they are
# first past it (``DUE``): those going cold are one range of it, read without the table. The
# few with a tag cadence are read from their rows.
_TAG_CADENCE = """tag_cadence(contact_id, days) AS MATERIALIZED (
    SELECT ct.contact_id, MIN(t.cadence_days)
    FROM tag AS t CROSS JOIN contact_tag AS ct ON ct.tag_id = t.id
    WHERE t.cadence_days IS NOT NULL
    GROUP BY ct.contact_id
)"""

_DAYS = """CAST(julianday(:today)
                - julianday(substr(COALESCE("last_contact_at", "created_at"), 1, 10))
                AS INTEGER),
           CASE WHEN "last_contact_at" IS NULL AND "met_on" IS NOT NULL
                THEN CAST(julianday(:today) - julianday("met_on") AS INTEGER) END"""

_CANDIDATES = f"""
WITH {_TAG_CADENCE},
rough(id, cadence, utc_days, met_days) AS (
    SELECT "id", {last_contact.OWN_OR_CIRCLE_CADENCE}, {_DAYS}
    FROM "contact"
    WHERE "archived" = 0 AND {last_contact.WITH_CADENCE}
      AND {last_contact.DUE} < julianday(:today)
      AND "id" NOT IN (SELECT contact_id FROM tag_cadence)
    UNION ALL
    -- A tag's cadence makes a circle's tighter, never looser; a person's own wins.
    SELECT "contact"."id",
           COALESCE("cadence_days", MIN(tc.days, COALESCE({last_contact.CIRCLE_CADENCE}, tc.days))),
           {_DAYS}
    FROM tag_cadence AS tc CROSS JOIN "contact" ON "contact"."id" = tc.contact_id
    WHERE "archived" = 0
),
-- Days since, at least and at most: the local count is within one day of the UTC one.
bounds(id, cadence, low, high) AS MATERIALIZED (
    SELECT id, cadence, MIN(utc_days - 1, COALESCE(met_days, utc_days - 1)),
           MIN(utc_days + 1, COALESCE(met_days, utc_days + 1))
    FROM rough
),
candidate AS MATERIALIZED (SELECT * FROM bounds WHERE high > cadence),
-- With a limit, the exact first ``limit`` are among those surely past their cadence whose
-- best case reaches the limit-th highest worst case (``:skip`` = limit - 1; -1: all).
threshold(ratio) AS (
    SELECT CASE WHEN :skip < 0 THEN 0 ELSE COALESCE((
        SELECT low * 1.0 / cadence FROM candidate WHERE low > cadence
        ORDER BY 1 DESC LIMIT 1 OFFSET :skip), 0) END
)
-- Only those go to Python, and the few near the line (to be checked in their time zone),
-- each with how many are surely past it in all.
SELECT id, cadence, low, high,
       (SELECT COUNT(*) FROM candidate WHERE low > cadence)
FROM candidate
WHERE low <= cadence OR high * 1.0 / cadence >= (SELECT ratio FROM threshold)
"""

#: What the exact check needs of the candidates that survive the rough one.
_DETAILS = """
SELECT c.id, c.full_name, c.circle, c.cadence_days,
       (SELECT MIN(t.cadence_days) FROM contact_tag AS ct JOIN tag AS t ON t.id = ct.tag_id
        WHERE ct.contact_id = c.id) AS tag_days,
       c.created_at, c.met_on, c.last_contact_at
FROM contact AS c WHERE c.id IN ({})
"""


def going_cold(
    now: datetime, tz: tzinfo | None = None, limit: int | None = None
) -> list[ColdContact]:
    """Everyone not archived who is past their cadence (days since / cadence > 1), worst first.

    Order: the ratio, highest first; then the circle, inner first (unsorted last); then the
    longer time without contact; then the name and id. ``limit`` keeps the first few.
    """
    return going_cold_with_total(now, tz, limit)[0]


def going_cold_with_total(
    now: datetime, tz: tzinfo | None = None, limit: int | None = None
) -> tuple[list[ColdContact], int]:
    """:func:`going_cold` and how many people are going cold in all (for "and 40 more")."""
    now = to_utc(now)
    day = today(now, tz)
    skip = limit - 1 if limit is not None and limit > 0 else -1
    params = {"today": day.isoformat(), "skip": skip}
    rows = database_proxy.execute_sql(_CANDIDATES, params).fetchall()
    sure_count = rows[0][4] if rows else 0
    sure = [contact_id for contact_id, cadence, low, _, _ in rows if low > cadence]
    unsure = [contact_id for contact_id, cadence, low, _, _ in rows if low <= cadence]
    details = _details(sure + unsure)
    cold = [_exact(details[contact_id], now, tz) for contact_id in sure]
    late = [c for c in (_exact(details[i], now, tz) for i in unsure) if c.status.going_cold]
    total = sure_count + len(late)
    cold += late
    cold.sort(key=_rank)
    if limit is not None:
        cold = cold[: max(0, limit)]
    return _with_tag_names(cold), total


def _details(contact_ids: list[int]) -> dict[int, tuple[Any, ...]]:
    result = {}
    for start in range(0, len(contact_ids), 500):
        chunk = contact_ids[start : start + 500]
        sql = _DETAILS.format(", ".join("?" * len(chunk)))
        for row in database_proxy.execute_sql(sql, chunk).fetchall():
            result[row[0]] = row
    return result


def _exact(row: tuple[Any, ...], now: datetime, tz: tzinfo | None) -> ColdContact:
    contact_id, name, circle, own_days, tag_days, created, met_on, stored = row
    last = parse_stamp(stored) if stored is not None else None
    cadence = resolve_cadence(own_days, [("", tag_days)] if tag_days is not None else [], circle)
    status = cadence_status(
        cadence,
        last_contact=last,
        added_at=parse_stamp(created),
        met_on=date.fromisoformat(met_on) if isinstance(met_on, str) else met_on,
        now=now,
        tz=tz,
    )
    return ColdContact(contact_id, name, circle, status)


def _rank(item: ColdContact) -> tuple[float, int, int, str, int]:
    circle = item.circle if item.circle is not None else 99
    return (
        -item.ratio,
        circle,
        -(item.status.days_since or 0),
        item.full_name.casefold(),
        item.contact_id,
    )


def _with_tag_names(items: list[ColdContact]) -> list[ColdContact]:
    """Fill in the tag a tag cadence comes from (only for the items that will be shown)."""
    tag_ids = [i.contact_id for i in items if i.status.cadence.source == "tag"]
    if not tag_ids:
        return items
    tags = tag_cadences_of(tag_ids)
    result = []
    for item in items:
        if item.status.cadence.source == "tag":
            cadence: Cadence = resolve_cadence(None, tags.get(item.contact_id, ()), item.circle)
            status = CadenceStatus(
                cadence,
                item.status.last_contact,
                item.status.counted_from,
                item.status.days_since,
                item.status.due_in,
                item.status.ratio,
            )
            item = ColdContact(item.contact_id, item.full_name, item.circle, status)
        result.append(item)
    return result
