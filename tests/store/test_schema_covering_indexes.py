"""The covering-index migrations (v13, v14): an upgraded file gets exactly a new file's
indexes, and Today's and the Calendar's reads are answered from them without the table rows."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from kith.store.database import close_database, open_database
from kith.store.models import database_proxy

FIXTURES = Path(__file__).parent.parent / "fixtures"


def _indexes() -> dict[str, str]:
    rows = database_proxy.execute_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
    ).fetchall()
    return dict(rows)


def _plan(sql: str, params: tuple[object, ...] | dict[str, object] = ()) -> str:
    rows = database_proxy.execute_sql("EXPLAIN QUERY PLAN " + sql, params).fetchall()
    return " | ".join(row[-1] for row in rows)


def test_an_upgraded_database_has_the_indexes_of_a_new_one(tmp_path: Path) -> None:
    open_database(tmp_path / "new.sqlite")
    try:
        fresh = _indexes()
    finally:
        close_database()
    old = tmp_path / "old.sqlite"
    shutil.copy(FIXTURES / "kith-v1.sqlite", old)
    open_database(old)
    try:
        assert _indexes() == fresh
        assert "contact_circle" not in fresh  # replaced by the covering one
    finally:
        close_database()


def test_todays_counts_and_birthdays_read_only_indexes(tmp_path: Path) -> None:
    open_database(tmp_path / "new.sqlite")
    try:
        newcomers = _plan("SELECT COUNT(*) FROM contact WHERE circle IS NULL AND archived = 0")
        assert "COVERING INDEX contact_circle_archived_created_at_id" in newcomers
        overdue = _plan(
            "SELECT COUNT(*) FROM follow_up WHERE status = 'open' AND due_at < ?",
            (date(2026, 1, 1).isoformat(),),
        )
        assert "COVERING INDEX follow_up_status_due_at_due_has_time_urgent_important" in overdue
        # Each urgent/important group still to come: one range of the flags index (v14).
        group = _plan(
            "SELECT COUNT(*) FROM follow_up"
            " WHERE status = 'open' AND urgent = 1 AND important = 0 AND due_at >= ?",
            (date(2026, 1, 1).isoformat(),),
        )
        assert "COVERING INDEX follow_up_status_urgent_important_due_at" in group
        birthdays = _plan(
            "SELECT id, full_name, birthday_month, birthday_day, birthday_year, archived"
            " FROM contact WHERE birthday_month = 3 AND birthday_day BETWEEN 1 AND 31"
        )
        assert "COVERING INDEX contact_birthday_covering" in birthdays
    finally:
        close_database()


def test_going_cold_reads_one_range_of_its_index(tmp_path: Path) -> None:
    """Those past their own or their circle's cadence come from the range of
    ``contact_going_cold`` before today, without a row of the table (v14)."""
    from kith.core.rules.going_cold import _CANDIDATES

    open_database(tmp_path / "new.sqlite")
    try:
        plan = _plan(_CANDIDATES, {"today": "2026-11-23", "skip": 9})
        assert (
            "SEARCH contact USING COVERING INDEX contact_going_cold (archived=? AND <expr><?)"
            in plan
        )
        assert "interaction" not in plan and "captured_contact" not in plan
    finally:
        close_database()
