"""Shared fixtures: every test gets a fresh database file and runs Qt offscreen."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Tests never touch the real user's data, settings or autostart folders.
_sandbox = Path(tempfile.mkdtemp(prefix="kith-tests-"))
atexit.register(shutil.rmtree, _sandbox, ignore_errors=True)
for _var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
    os.environ[_var] = str(_sandbox / _var.lower())

from kith.store.database import close_database, open_database  # noqa: E402


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "kith.sqlite"


@pytest.fixture
def db(db_path: Path) -> Iterator[object]:
    """A new, empty Kith database bound to the models for the duration of the test."""
    database = open_database(db_path)
    yield database
    close_database()
