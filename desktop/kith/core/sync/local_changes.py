"""Which local writes a sync has to send: commits that touched a table the sync engine reads."""

from __future__ import annotations

from collections.abc import Callable

from kith.store.changes import changes

#: Tables whose changes are worth sending (what the sync engine reads).
SYNCED_TABLES = frozenset({"contact", "contact_method", "contact_tag", "tag", "follow_up"})


def watch_synced_writes(listener: Callable[[], None]) -> Callable[[], None]:
    """Call ``listener`` after each commit that wrote a synced table; returns the unsubscriber.

    The listener runs on the thread that committed, right after the commit, so a caller can
    tell its own writes (a sync's, on the sync's thread) from the user's.
    """

    def relay(tables: frozenset[str]) -> None:
        if tables & SYNCED_TABLES:
            listener()

    return changes.subscribe(relay)
