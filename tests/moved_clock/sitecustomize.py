"""Loaded by every Python process of the moved-clock test pass (dev.py puts this folder first
on PYTHONPATH there, and nowhere else).

Debian 12's libfaketime (0.9.10) mistranslates ``clock_nanosleep(CLOCK_MONOTONIC,
TIMER_ABSTIME)`` while the monotonic clock is left real (FAKETIME_DONT_FAKE_MONOTONIC=1): it
shifts the deadline by the wall-clock offset, so the kernel gets a negative time and
Python 3.11's ``time.sleep`` — and with it ``subprocess``'s timeouts — fails with EINVAL
(libfaketime issue #426, fixed after 0.9.10). Faking the monotonic clock as well is no way
out: lock and queue timeouts (``sem_clockwait``) then never expire. So ``time.sleep`` here
waits with ``select``, whose timeout is relative and passes through libfaketime untouched.
"""

from __future__ import annotations

import os
import select
import time


def _sleep(seconds: float) -> None:
    """``time.sleep`` without ``clock_nanosleep``: same contract, same monotonic deadline."""
    if seconds < 0:
        raise ValueError("sleep length must be non-negative")
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        select.select([], [], [], left)


if os.environ.get("FAKETIME"):
    time.sleep = _sleep
