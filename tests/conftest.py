"""Shared fixtures: every test gets a fresh database file and runs Qt offscreen."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Tests never touch the real user's data, settings or autostart folders.
_sandbox = Path(tempfile.mkdtemp(prefix="kith-tests-"))
atexit.register(shutil.rmtree, _sandbox, ignore_errors=True)
for _var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
    os.environ[_var] = str(_sandbox / _var.lower())
# Phone numbers without a country code are read as US numbers, whatever the machine's locale
# (kith.core.phones); a test about another country says so with phones.region_used.
os.environ["KITH_PHONE_REGION"] = "US"

from kith.core.local_time import today as calendar_day  # noqa: E402
from kith.core.local_time import utcnow  # noqa: E402
from kith.store.database import close_database, open_database  # noqa: E402


@pytest.fixture
def now() -> datetime:
    """ "Now" for a test that runs against Kith's own clock: one reading of it, naive UTC.

    Kith reads the process clock (:func:`kith.core.local_time.utcnow`); a test that builds
    data "three days ago" or "due tomorrow" for a page that asks that clock takes both from
    this one reading (and :func:`today`), never from ``date.today()`` beside a fixed date.
    CI runs the whole suite a second time with the process clock moved (see
    docs/development.md), so a test written this way holds on any day.
    """
    return utcnow()


@pytest.fixture
def today(now: datetime) -> date:
    """The user's calendar date at :func:`now` (the machine's time zone, as Kith uses it)."""
    return calendar_day(now)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "kith.sqlite"


@pytest.fixture
def db(db_path: Path) -> Iterator[object]:
    """A new, empty Kith database bound to the models for the duration of the test."""
    database = open_database(db_path)
    yield database
    close_database()
