"""Start at login: the XDG autostart file for real in a temp folder; the Windows Run value and
the macOS LaunchAgent on what they would write."""

from __future__ import annotations

import configparser
import plistlib
import shlex
from pathlib import Path

import pytest

from kith.core.autostart import (
    RUN_VALUE,
    Autostart,
    AutostartError,
    desktop_exec,
    launch_command,
)


class MemoryRunKey:
    """HKCU\\…\\Run as a dict."""

    def __init__(self) -> None:
        self.values: dict[str, str] = {}

    def get(self, name: str) -> str | None:
        return self.values.get(name)

    def set(self, name: str, value: str) -> None:
        self.values[name] = value

    def delete(self, name: str) -> None:
        self.values.pop(name, None)


COMMAND = ["/opt/Kith Apps/bin/python3", "-m", "kith"]


def test_linux_autostart_file_appears_and_disappears(tmp_path: Path):
    config = tmp_path / "config"
    auto = Autostart("linux", env={"XDG_CONFIG_HOME": str(config)}, command=COMMAND)
    target = config / "autostart" / "io.github.kith.Kith.desktop"
    assert auto.path() == target
    assert not auto.is_enabled()
    auto.enable()
    assert target.is_file() and auto.is_enabled()
    entry = configparser.ConfigParser(interpolation=None)
    entry.read(target, encoding="utf-8")
    section = entry["Desktop Entry"]
    assert section["Type"] == "Application"
    assert section["Name"] == "Kith"
    assert section["X-GNOME-Autostart-enabled"] == "true"
    # The Exec line, unescaped as a launcher does, gives back the command with its space.
    exec_value = section["Exec"].replace("\\\\", "\\")
    assert shlex.split(exec_value) == COMMAND
    assert not list(target.parent.glob("*.part"))
    auto.enable()  # again: still one file
    assert list(target.parent.iterdir()) == [target]
    auto.disable()
    assert not target.exists() and not auto.is_enabled()
    auto.disable()  # nothing to remove: fine


def test_linux_default_folder_is_dot_config(tmp_path: Path):
    auto = Autostart("linux", env={}, home=tmp_path, command=COMMAND)
    assert auto.path() == tmp_path / ".config" / "autostart" / "io.github.kith.Kith.desktop"


def test_linux_uses_the_environment_by_default(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    auto = Autostart("linux")
    auto.set_enabled(True)
    assert (tmp_path / "autostart" / "io.github.kith.Kith.desktop").is_file()
    auto.set_enabled(False)
    assert not (tmp_path / "autostart" / "io.github.kith.Kith.desktop").exists()


def test_unwritable_folder_is_a_user_error(tmp_path: Path):
    blocker = tmp_path / "config"
    blocker.write_text("a file where the folder should be")
    auto = Autostart("linux", env={"XDG_CONFIG_HOME": str(blocker)}, command=COMMAND)
    with pytest.raises(AutostartError, match="start at login"):
        auto.enable()


def test_desktop_exec_quoting():
    assert desktop_exec(["/usr/bin/kith"]) == "/usr/bin/kith"
    assert desktop_exec(["/a b/kith", "--x=1"]) == '"/a b/kith" "--x=1"'
    assert desktop_exec(['say "$hi"']) == '"say \\\\"\\\\$hi\\\\""'
    assert desktop_exec(["100%"]) == '"100%%"'


def test_windows_run_value():
    key = MemoryRunKey()
    auto = Autostart("win32", run_key=key, command=[r"C:\Program Files\Kith\Kith.exe"])
    assert auto.path() is None
    assert "CurrentVersion\\Run" in auto.where()
    assert not auto.is_enabled()
    auto.enable()
    assert key.values == {RUN_VALUE: '"C:\\Program Files\\Kith\\Kith.exe"'}
    assert auto.is_enabled()
    auto.disable()
    assert key.values == {} and not auto.is_enabled()


def test_macos_launch_agent(tmp_path: Path):
    auto = Autostart(
        "darwin", home=tmp_path, command=["/Applications/Kith.app/Contents/MacOS/Kith"]
    )
    target = tmp_path / "Library" / "LaunchAgents" / "io.github.kith.Kith.plist"
    assert auto.path() == target
    auto.enable()
    plist = plistlib.loads(target.read_bytes())
    assert plist["Label"] == "io.github.kith.Kith"
    assert plist["ProgramArguments"] == ["/Applications/Kith.app/Contents/MacOS/Kith"]
    assert plist["RunAtLoad"] is True
    assert auto.is_enabled()
    auto.disable()
    assert not target.exists()


def test_launch_command_runs_this_kith():
    command = launch_command()
    assert command[1:] == ["-m", "kith"]
    assert Path(command[0]).exists()


def test_windows_run_key_talks_to_winreg(monkeypatch):
    """WindowsRunKey opens HKCU\\…\\Run and writes a REG_SZ value (winreg faked here)."""
    import types

    store: dict[str, tuple[int, str]] = {}
    calls: list[tuple[object, ...]] = []

    class Key:
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

    def open_key(root, path, *rest):
        calls.append(("open", root, path))
        return Key()

    def query(key, name):
        if name not in store:
            raise FileNotFoundError(name)
        return store[name][1], store[name][0]

    def delete(key, name):
        if name not in store:
            raise FileNotFoundError(name)
        del store[name]

    fake = types.SimpleNamespace(
        HKEY_CURRENT_USER="HKCU",
        KEY_SET_VALUE=2,
        REG_SZ=1,
        OpenKey=open_key,
        CreateKeyEx=open_key,
        QueryValueEx=query,
        SetValueEx=lambda key, name, _r, kind, value: store.__setitem__(name, (kind, value)),
        DeleteValue=delete,
    )
    monkeypatch.setitem(__import__("sys").modules, "winreg", fake)
    auto = Autostart("win32", command=[r"C:\Kith\Kith.exe"])
    assert not auto.is_enabled()
    auto.enable()
    assert store == {"Kith": (1, r"C:\Kith\Kith.exe")}
    assert ("open", "HKCU", r"Software\Microsoft\Windows\CurrentVersion\Run") in calls
    assert auto.is_enabled()
    auto.disable()
    auto.disable()
    assert store == {} and not auto.is_enabled()
