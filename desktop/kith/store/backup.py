"""Backup copies of a database file, written with SQLite's online backup API."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path


def backup_copy(source: Path, label: str) -> Path:
    """Copy the database at ``source`` to a new file beside it and return the copy's path.

    The copy is consistent even while the file is open elsewhere (online backup API), and
    its name says when and why it was made, e.g. ``kith.before-v2.20261123-101500.sqlite``.
    """
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = source.with_name(f"{source.stem}.{label}.{stamp}{source.suffix or '.sqlite'}")
    counter = 1
    while target.exists():
        counter += 1
        target = source.with_name(
            f"{source.stem}.{label}.{stamp}-{counter}{source.suffix or '.sqlite'}"
        )
    src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    return target
