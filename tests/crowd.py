"""A database of a few thousand people, most of them matching the same broad prefixes."""

from __future__ import annotations

from kith.core.contacts import reindex_contacts
from kith.core.text import fold
from kith.store.changes import writing
from kith.store.models import database_proxy


def add_crowd(size: int) -> None:
    """``size`` people written as an import would (one transaction, their full-text rows),
    most of them teachers, team leads or engineers: prefixes like "tea" match thousands."""
    firsts = ["Ana", "Ben", "Cleo", "Dev", "Émile", "Tea", "Teagan", "Lea", "Omar", "Zoe"]
    lasts = ["Lind", "Moe", "O'Brien", "Teal", "Roux", "Smith", "Berg", "Costa", "Ng"]
    titles = ["Teacher", "Team Lead", "Engineer", "Tea Sommelier", "Teaching Fellow", "Nurse"]
    rows = []
    for n in range(size):
        name = f"{firsts[n * 7 % len(firsts)]} {lasts[n * 3 % len(lasts)]} {n}"
        nickname = "Teddy" if n % 97 == 0 else ""
        rows.append(
            (f"crowd-{n}", name, fold(name), nickname, titles[n % len(titles)], int(n % 11 == 0))
        )
    with writing("contact", "contact_index"):
        database_proxy.execute_sql("SELECT 1")  # the transaction is open
        for row in rows:
            database_proxy.execute_sql(
                "INSERT INTO contact (uid, created_at, updated_at, full_name, sort_name,"
                " nickname, title, company, given_name, family_name, location, how_met, notes,"
                " archived) VALUES (?, '2026-01-01', '2026-01-01', ?, ?, ?, ?, 'Acme', '', '',"
                " '', '', '', ?)",
                row,
            )
        ids = [r[0] for r in database_proxy.execute_sql("SELECT id FROM contact")]
        reindex_contacts(ids)
