"""The one time limit import tests keep: reading any file takes under a second.

Not a benchmark (figures belong in bench/): a file that stalls the reader for seconds is a
bug, because the window cannot answer meanwhile (vobject's line pattern once took minutes
on a card of a few hundred bytes). One second is far above what any of these inputs needs.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

LIMIT_SECONDS = 1.0


def within_a_second(read: Callable[[], T]) -> T:
    """``read()``'s result; the test fails when it took a second or more."""
    start = time.perf_counter()
    result = read()
    took = time.perf_counter() - start
    assert took < LIMIT_SECONDS, f"took {took:.1f} s; a second or more stalls the window"
    return result
