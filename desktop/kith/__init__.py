"""Kith: a local-first desktop app that keeps your professional network alive."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("kith")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"
