"""Kith: a local-first desktop app that keeps your professional network alive."""

from __future__ import annotations

#: The application id, the same everywhere: the Wayland app_id and X11 WM_CLASS (Qt takes both
#: from the desktop file name), the installed ``.desktop`` file and its ``StartupWMClass``, the
#: AppStream id, the macOS bundle identifier, the autostart entries.
APP_ID = "io.github.kith.Kith"


def __getattr__(name: str) -> str:
    """``kith.__version__``, read from the installed distribution's metadata on first use:
    importing ``importlib.metadata`` costs ~25 ms that the window's first paint need not wait
    for."""
    if name != "__version__":
        raise AttributeError(f"module 'kith' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        found = version("kith")
    except PackageNotFoundError:  # running from a source tree that was never installed
        found = "0+unknown"
    globals()["__version__"] = found
    return found
