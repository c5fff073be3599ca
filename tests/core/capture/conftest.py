"""Fixtures for the capture tests: one real Dovecot per run, a fresh mail user per test, and an
in-memory keyring (never the machine's own)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.core.sync.conftest import memory_keyring  # noqa: F401
from tests.imap_server import DovecotServer, ImapUser, dovecot_available


@pytest.fixture(scope="session")
def dovecot() -> Iterator[DovecotServer]:
    if not dovecot_available():
        pytest.skip("Dovecot is not installed (python3 dev.py setup installs dovecot-imapd)")
    server = DovecotServer().start()
    yield server
    server.remove()


@pytest.fixture
def imap_user(dovecot: DovecotServer) -> ImapUser:
    """A mail account of its own on the shared server: an empty inbox and Sent folder."""
    return dovecot.add_user()
