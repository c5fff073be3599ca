"""Real damaged Kith files for tests: bytes flipped inside pages, the header left intact."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from kith.core.contacts import ContactDraft, save_contact
from kith.store.database import close_database, open_database


def _delete_leftover_widgets() -> None:
    """Windows earlier tests closed wait for Qt to delete them; until then their timers still
    read whatever database is bound. Delete them now."""
    from PySide6.QtCore import QCoreApplication, QEvent

    if QCoreApplication.instance() is not None:
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def damage_guard(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Keep a test's damaged file its own: no window left by an earlier test reads it, and
    after the test the models are bound to a sound (closed) database again."""
    _delete_leftover_widgets()
    yield
    close_database()
    _delete_leftover_widgets()
    open_database(tmp_path_factory.mktemp("sound") / "kith.sqlite")
    close_database()


def kith_file(path: Path, people: int = 300) -> Path:
    """A sound Kith database with ``people`` contacts (enough for many pages), closed."""
    open_database(path)
    try:
        for i in range(people):
            save_contact(ContactDraft(full_name=f"Person {i:03d}", company="Acme", notes="n" * 60))
    finally:
        close_database()
    return path


def flip_page_bytes(path: Path, *, every_table: bool = False) -> list[int]:
    """Overwrite the b-tree header of one leaf page of the ``contact`` table (or of one page of
    every table and index: then any read meets damage) with 0xFF; return the pages hit.

    The file's header (page 1) is not touched, so only reading the damaged pages shows it.
    """
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        rows = conn.execute(
            "SELECT name, min(pageno) FROM dbstat WHERE name != 'sqlite_schema' GROUP BY name"
            if every_table
            else "SELECT name, pageno FROM dbstat WHERE name = 'contact' AND pagetype = 'leaf'"
        ).fetchall()
    finally:
        conn.close()
    pages = sorted({page for _name, page in rows})
    if not every_table:
        pages = [pages[len(pages) // 2]]
    with path.open("r+b") as f:
        for page in pages:
            f.seek((page - 1) * page_size)
            f.write(b"\xff" * 12)
    return pages
