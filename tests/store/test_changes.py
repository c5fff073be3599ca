"""The change hub: one announcement per committed write, none for a rolled-back one."""

from __future__ import annotations

import pytest

from kith.store.changes import changes, writing
from kith.store.models import Contact, Tag


def test_a_committed_write_announces_its_tables_once(db: object) -> None:
    seen: list[frozenset[str]] = []
    unsubscribe = changes.subscribe(seen.append)
    try:
        with writing("contact"):
            Contact.create(full_name="A")
            with writing("tag"):
                Tag.create(name="x")
    finally:
        unsubscribe()
    assert seen == [frozenset({"contact", "tag"})]


def test_a_failed_write_changes_nothing_and_announces_nothing(db: object) -> None:
    seen: list[frozenset[str]] = []
    unsubscribe = changes.subscribe(seen.append)
    try:
        with pytest.raises(RuntimeError), writing("contact"):
            Contact.create(full_name="A")
            raise RuntimeError("disk full")
    finally:
        unsubscribe()
    assert seen == []
    assert Contact.select().count() == 0
