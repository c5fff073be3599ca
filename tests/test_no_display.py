"""Started without a display, Kith says so in one message instead of Qt's abort."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="X11/Wayland displays are a Linux matter"
)


def _start_kith(tmp_path: Path, *args: str, **env_vars: str) -> subprocess.CompletedProcess[str]:
    """``python -m kith`` with no display, no Qt platform chosen and an empty home."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
        and not key.startswith("XDG_")
    }
    env.update(HOME=str(tmp_path / "home"), **env_vars)
    return subprocess.run(
        [sys.executable, "-m", "kith", "--database", str(tmp_path / "kith.sqlite"), *args],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )


def test_without_a_display_kith_says_so_and_exits(tmp_path: Path) -> None:
    result = _start_kith(tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "there is no graphical display" in result.stderr
    assert "QT_QPA_PLATFORM=offscreen" in result.stderr
    # Not Qt's message, which blames xcb-cursor, and no abort.
    assert "xcb" not in output
    assert "Aborted" not in output and "core dumped" not in output
    assert not (tmp_path / "kith.sqlite").exists()


def test_the_x11_platform_without_an_x_display_gets_the_same_message(tmp_path: Path) -> None:
    result = _start_kith(tmp_path, QT_QPA_PLATFORM="xcb", WAYLAND_DISPLAY="wayland-0")
    assert result.returncode == 1
    assert "there is no graphical display" in result.stderr


def test_offscreen_still_opens_the_window(tmp_path: Path) -> None:
    result = _start_kith(tmp_path, "--exit-after-first-paint", QT_QPA_PLATFORM="offscreen")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "first-paint" in result.stdout
