"""What the database keeps by triggers (v14, kith.store.derived) against what it stands for,
worked out from the tables the slow way: a test's check that no write left it stale."""

from __future__ import annotations

from kith.store.models import database_proxy


def derived() -> dict[int, str | None]:
    """Each contact's newest logged interaction or capture (from a source turned on)."""
    rows = database_proxy.execute_sql(
        "SELECT c.id,"
        " (SELECT MAX(i.occurred_at) FROM interaction_contact AS ic"
        "  JOIN interaction AS i ON i.id = ic.interaction_id WHERE ic.contact_id = c.id),"
        " (SELECT MAX(cc.occurred_at) FROM captured_contact AS cc"
        "  JOIN capture_source AS s ON s.id = cc.source_id"
        "  WHERE cc.contact_id = c.id AND s.enabled = 1)"
        " FROM contact AS c"
    ).fetchall()
    return {
        contact_id: max((v for v in (logged, captured) if v is not None), default=None)
        for contact_id, logged, captured in rows
    }


def stored() -> dict[int, str | None]:
    """Each contact's stored last contact."""
    return dict(database_proxy.execute_sql("SELECT id, last_contact_at FROM contact").fetchall())


def assert_exact() -> None:
    """Every contact's stored last contact is the one the tables give."""
    have, want = stored(), derived()
    wrong = {cid: (have[cid], want[cid]) for cid in want if have[cid] != want[cid]}
    assert not wrong, f"stored last contact != derived (stored, derived): {wrong}"
