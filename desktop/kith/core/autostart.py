"""Start Kith at login: an XDG autostart file (Linux), the Run registry key (Windows), a
LaunchAgent (macOS).

:class:`Autostart` writes and removes the one thing each platform reads at login. The
platform, the folders and the registry are passed in, so each code path is tested on any
machine: the Linux one against a real (temporary) ``XDG_CONFIG_HOME``, the Windows one
against an in-memory registry key, the macOS one on the plist it writes.
"""

from __future__ import annotations

import os
import plistlib
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol

from kith import APP_ID

#: The value name under HKCU\\…\\Run.
RUN_VALUE = "Kith"
RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"


class AutostartError(OSError):
    """Kith could not change the start-at-login setting; the message is for the user."""


def launch_command() -> list[str]:
    """The command that starts this Kith: the bundle's executable, or ``python -m kith``."""
    if getattr(sys, "frozen", False):
        return [sys.executable]
    executable = sys.executable
    if sys.platform == "win32":  # no console window at login
        pythonw = Path(executable).with_name("pythonw.exe")
        if pythonw.exists():
            executable = str(pythonw)
    return [executable, "-m", "kith"]


class RunKey(Protocol):
    """The few operations on HKCU\\…\\Run that Kith needs (winreg in real life)."""

    def get(self, name: str) -> str | None: ...

    def set(self, name: str, value: str) -> None: ...

    def delete(self, name: str) -> None: ...


def _winreg() -> Any:
    """The winreg module (Windows only), typed loosely so the code checks on every platform."""
    import importlib

    return importlib.import_module("winreg")


class WindowsRunKey:
    """HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Run through winreg."""

    def get(self, name: str) -> str | None:
        winreg = _winreg()

        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, RUN_KEY) as key:
                value, _kind = winreg.QueryValueEx(key, name)
        except FileNotFoundError:
            return None
        return str(value)

    def set(self, name: str, value: str) -> None:
        winreg = _winreg()

        with winreg.CreateKeyEx(winreg.HKEY_CURRENT_USER, RUN_KEY, 0, winreg.KEY_SET_VALUE) as key:
            winreg.SetValueEx(key, name, 0, winreg.REG_SZ, value)

    def delete(self, name: str) -> None:
        winreg = _winreg()

        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, RUN_KEY, 0, winreg.KEY_SET_VALUE) as key:
                winreg.DeleteValue(key, name)
        except FileNotFoundError:
            pass


def desktop_exec(argv: Sequence[str]) -> str:
    """``argv`` as the Exec= value of a .desktop file (quoted as the Desktop Entry spec says)."""
    reserved = set(" \t\n\"'\\><~|&;$*?#()`")
    parts = []
    for arg in argv:
        if arg and not (set(arg) & reserved) and "%" not in arg and "=" not in arg:
            parts.append(arg)
            continue
        quoted = "".join("\\" + c if c in '"`$\\' else c for c in arg).replace("%", "%%")
        parts.append(f'"{quoted}"')
    # The whole value is a string value too: each backslash is written twice.
    return " ".join(parts).replace("\\", "\\\\")


def desktop_entry(argv: Sequence[str]) -> str:
    """The XDG autostart file's text."""
    return (
        "[Desktop Entry]\n"
        "Type=Application\n"
        "Name=Kith\n"
        "Comment=Keeps your professional network alive; reminds you to follow up\n"
        f"Exec={desktop_exec(argv)}\n"
        "Icon=kith\n"
        "Terminal=false\n"
        "X-GNOME-Autostart-enabled=true\n"
        "X-KDE-autostart-phase=2\n"
    )


def launch_agent(argv: Sequence[str]) -> bytes:
    """The macOS LaunchAgent plist: run Kith once at login."""
    return plistlib.dumps(
        {
            "Label": APP_ID,
            "ProgramArguments": list(argv),
            "RunAtLoad": True,
            "ProcessType": "Interactive",
            "LimitLoadToSessionType": "Aqua",
        }
    )


class Autostart:
    """Start-at-login for one platform (``sys.platform`` by default).

    ``env`` (default ``os.environ``) and ``home`` pick the folders; ``run_key`` replaces the
    real registry; ``command`` replaces :func:`launch_command`.
    """

    def __init__(
        self,
        platform: str | None = None,
        *,
        env: Mapping[str, str] | None = None,
        home: Path | None = None,
        run_key: RunKey | None = None,
        command: Sequence[str] | None = None,
    ) -> None:
        self.platform = platform or sys.platform
        self._env = os.environ if env is None else env
        self._home = home or Path.home()
        self._run_key = run_key
        self.command = list(command) if command is not None else launch_command()

    # where --------------------------------------------------------------------------------

    @property
    def kind(self) -> str:
        """ "xdg", "registry" or "launchagent"."""
        if self.platform == "win32":
            return "registry"
        if self.platform == "darwin":
            return "launchagent"
        return "xdg"

    def path(self) -> Path | None:
        """The file Kith writes (None on Windows, where it is a registry value)."""
        if self.kind == "xdg":
            config = self._env.get("XDG_CONFIG_HOME") or str(self._home / ".config")
            return Path(config) / "autostart" / f"{APP_ID}.desktop"
        if self.kind == "launchagent":
            return self._home / "Library" / "LaunchAgents" / f"{APP_ID}.plist"
        return None

    def where(self) -> str:
        """Where the setting lives, in words for the settings dialog."""
        path = self.path()
        if path is not None:
            return str(path)
        return f"HKEY_CURRENT_USER\\{RUN_KEY}\\{RUN_VALUE}"

    def _key(self) -> RunKey:
        if self._run_key is None:
            self._run_key = WindowsRunKey()
        return self._run_key

    # what ---------------------------------------------------------------------------------

    def contents(self) -> bytes:
        """Exactly what :meth:`enable` writes (file bytes, or the registry value's text)."""
        if self.kind == "xdg":
            return desktop_entry(self.command).encode("utf-8")
        if self.kind == "launchagent":
            return launch_agent(self.command)
        return subprocess.list2cmdline(self.command).encode("utf-8")

    def is_enabled(self) -> bool:
        if self.kind == "registry":
            return self._key().get(RUN_VALUE) is not None
        path = self.path()
        assert path is not None
        return path.is_file()

    def enable(self) -> None:
        """Start Kith at login from now on (rewrites the entry, so a moved Kith is found)."""
        try:
            if self.kind == "registry":
                self._key().set(RUN_VALUE, self.contents().decode("utf-8"))
                return
            path = self.path()
            assert path is not None
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_name(path.name + ".part")
            partial.write_bytes(self.contents())
            os.replace(partial, path)
        except OSError as exc:
            raise AutostartError(f"Kith could not set itself to start at login: {exc}") from exc

    def disable(self) -> None:
        """Do not start Kith at login (nothing to do if it was not set)."""
        try:
            if self.kind == "registry":
                self._key().delete(RUN_VALUE)
                return
            path = self.path()
            assert path is not None
            path.unlink(missing_ok=True)
        except OSError as exc:
            raise AutostartError(f"Kith could not stop starting at login: {exc}") from exc

    def set_enabled(self, on: bool) -> None:
        if on:
            self.enable()
        else:
            self.disable()
