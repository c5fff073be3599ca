"""Kith: a local-first desktop app that keeps your professional network alive."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

#: The application id, the same everywhere: the Wayland app_id and X11 WM_CLASS (Qt takes both
#: from the desktop file name), the installed ``.desktop`` file and its ``StartupWMClass``, the
#: AppStream id, the macOS bundle identifier, the autostart entries.
APP_ID = "io.github.kith.Kith"

try:
    __version__ = version("kith")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"
