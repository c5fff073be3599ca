"""Going cold as it was derived before v14 (a subquery per person over their interactions and
captures), kept verbatim as the reference the stored last contact is checked against
(tests/core/rules/test_going_cold_stored.py). Not used by Kith."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import Any

from kith.core.local_time import to_utc, today
from kith.core.rules.cadence import (
    CIRCLE_CADENCE_DAYS,
    Cadence,
    CadenceStatus,
    cadence_status,
    parse_stamp,
    resolve_cadence,
    tag_cadences_of,
)
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


def _circle_list() -> str:
    return ", ".join(str(c) for c in sorted(CIRCLE_CADENCE_DAYS))


def _circle_case() -> str:
    whens = " ".join(f"WHEN {c} THEN {d}" for c, d in sorted(CIRCLE_CADENCE_DAYS.items()))
    return f"CASE c.circle {whens} END"


# Candidates are everyone not archived with a cadence. For each, SQLite works out the days from
# the UTC date of the reference moment (last interaction, else when they were added) to today,
# and the days since the day you met; that count is within one day of the local-calendar count,
# so the query can drop everyone certainly within their cadence, and Python only converts time
# zones exactly for the few near the line or competing for the first places.
# The last interaction comes from the (contact, interaction) covering index, per candidate; the
# last contact mail or calendar capture found (sources turned on only) from captured_contact's
# (contact, kind, occurred_at) index: the newest of the two counts.
_CAPTURED = """(SELECT MAX(cc.occurred_at) FROM captured_contact AS cc
            JOIN capture_source AS s ON s.id = cc.source_id
            WHERE cc.contact_id = c.id AND s.enabled = 1)"""

_CANDIDATES = f"""
WITH tag_cadence(contact_id, days) AS MATERIALIZED (
    SELECT ct.contact_id, MIN(t.cadence_days)
    FROM tag AS t CROSS JOIN contact_tag AS ct ON ct.tag_id = t.id
    WHERE t.cadence_days IS NOT NULL
    GROUP BY ct.contact_id
),
with_cadence(id) AS (
    SELECT id FROM contact WHERE circle IN ({_circle_list()})
    UNION SELECT id FROM contact WHERE cadence_days IS NOT NULL
    UNION SELECT contact_id FROM tag_cadence
),
candidate AS MATERIALIZED (
    SELECT c.id, COALESCE(c.cadence_days, tc.days, {_circle_case()}) AS cadence,
           c.created_at, c.met_on,
           (SELECT MAX(i.occurred_at) FROM interaction_contact AS ic
            JOIN interaction AS i ON i.id = ic.interaction_id
            WHERE ic.contact_id = c.id) AS logged,
           {_CAPTURED} AS captured
    FROM with_cadence AS w CROSS JOIN contact AS c ON c.id = w.id
    LEFT JOIN tag_cadence AS tc ON tc.contact_id = c.id
    WHERE c.archived = 0
),
with_last AS (
    SELECT id, cadence, created_at, met_on,
           COALESCE(MAX(logged, captured), logged, captured) AS last
    FROM candidate
),
counted AS (
    SELECT id, cadence,
           CAST(julianday(:today) - julianday(substr(COALESCE(last, created_at), 1, 10))
                AS INTEGER) AS utc_days,
           CASE WHEN last IS NULL AND met_on IS NOT NULL
                THEN CAST(julianday(:today) - julianday(met_on) AS INTEGER) END AS met_days
    FROM with_last
)
SELECT id, cadence, utc_days, met_days FROM counted
WHERE MIN(utc_days + 1, COALESCE(met_days, utc_days + 1)) > cadence
"""

#: What the exact check needs of the candidates that survive the rough one.
_DETAILS = (
    """
SELECT c.id, c.full_name, c.circle, c.cadence_days,
       (SELECT MIN(t.cadence_days) FROM contact_tag AS ct JOIN tag AS t ON t.id = ct.tag_id
        WHERE ct.contact_id = c.id) AS tag_days,
       c.created_at, c.met_on,
       (SELECT MAX(i.occurred_at) FROM interaction_contact AS ic
        JOIN interaction AS i ON i.id = ic.interaction_id
        WHERE ic.contact_id = c.id) AS logged,
       """
    + _CAPTURED
    + """ AS captured
FROM contact AS c WHERE c.id IN ({})
"""
)


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
    rows = database_proxy.execute_sql(_CANDIDATES, {"today": day.isoformat()}).fetchall()
    sure: list[tuple[float, float, int]] = []
    unsure: list[int] = []
    for contact_id, cadence_days, utc_days, met_days in rows:
        low, high = utc_days - 1, utc_days + 1
        if met_days is not None:
            low, high = min(low, met_days), min(high, met_days)
        if low > cadence_days:
            sure.append((low / cadence_days, high / cadence_days, contact_id))
        elif high > cadence_days:
            unsure.append(contact_id)
    sure_count = len(sure)
    if limit is not None and 0 < limit < len(sure):
        # The exact first ``limit`` are among those whose best case reaches the limit-th
        # highest worst case.
        threshold = sorted((low for low, _, _ in sure), reverse=True)[limit - 1]
        sure = [item for item in sure if item[1] >= threshold]
    details = _details([contact_id for _, _, contact_id in sure] + unsure)
    cold = [_exact(details[contact_id], now, tz) for _, _, contact_id in sure]
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
    contact_id, name, circle, own_days, tag_days, created, met_on, logged, captured = row
    stamps = [parse_stamp(v) for v in (logged, captured) if v is not None]
    last = max(stamps) if stamps else None
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
