"""Where Kith keeps its files by default (the platform's user data folder)."""

from __future__ import annotations

from pathlib import Path

APP_NAME = "Kith"
DATABASE_FILENAME = "kith.sqlite"


def data_dir() -> Path:
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def config_dir() -> Path:
    """Kith's settings folder, e.g. ~/.config/Kith (beside the window's own Kith.conf)."""
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False)


def default_database_path() -> Path:
    """The database used when no ``--database`` is given, e.g. ~/.local/share/Kith/kith.sqlite."""
    return data_dir() / DATABASE_FILENAME
