"""Python's cyclic garbage collector held off while a burst of work allocates many objects
that live on (an import's parsed cards and match keys): the collector would walk them again
and again — a tenth of an import's review — and find no cycles among them.

Process-wide and nestable across threads: the collector runs again when the last pause ends
(if it was running when the first began). Hold it over plain work, never across a ``yield``.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_pauses = 0
_resume = False


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while the block runs (reference counting still frees
    what is dropped)."""
    global _pauses, _resume
    with _lock:
        if _pauses == 0:
            _resume = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _lock:
            _pauses -= 1
            if _pauses == 0 and _resume:
                gc.enable()
