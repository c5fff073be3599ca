"""Fixtures for the sync tests: one real Radicale server per run, a fresh account per test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.dav_server import DavUser, RadicaleServer, XandikosServer


@pytest.fixture(scope="session")
def radicale(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RadicaleServer]:
    server = RadicaleServer(tmp_path_factory.mktemp("radicale")).start()
    yield server
    server.stop()


@pytest.fixture
def dav_user(radicale: RadicaleServer) -> DavUser:
    """An account of its own on the shared server: empty, with its own password."""
    return radicale.add_user()


@pytest.fixture
def xandikos(tmp_path: Path) -> Iterator[XandikosServer]:
    """A real Xandikos of this test's own (it has one principal, so no sharing)."""
    folder = tmp_path / "xandikos"
    folder.mkdir()
    server = XandikosServer(folder).start()
    yield server
    server.stop()


@pytest.fixture
def radicale_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "radicale"
    folder.mkdir()
    return folder


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[object]:
    """Every sync test uses an in-memory keyring, never the machine's own."""
    import keyring

    from kith.core.sync import accounts
    from tests.dav_server import MemoryKeyring

    before = keyring.get_keyring()
    backend = MemoryKeyring.backend()
    keyring.set_keyring(backend)  # type: ignore[arg-type]
    accounts._store = None
    yield backend
    keyring.set_keyring(before)
    accounts._store = None
