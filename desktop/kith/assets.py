"""The one way to find Kith's resource files (icons, styles, desktop files) wherever it runs.

Installed (pip or a PyInstaller bundle), resources live in the data package ``kith/resources``;
in a source checkout they are the top-level ``resources/`` folder.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path


@cache
def resources_dir() -> Path:
    installed = Path(__file__).resolve().parent / "resources"
    if installed.is_dir():
        return installed
    checkout = Path(__file__).resolve().parents[2] / "resources"
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"Kith's resources are missing (looked in {installed} and {checkout})")


def asset_path(*parts: str) -> Path:
    """The path of a resource file, e.g. ``asset_path("icons", "contacts.svg")``."""
    return resources_dir().joinpath(*parts)
