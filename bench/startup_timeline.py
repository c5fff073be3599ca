"""Where the first paint's time goes: a timeline of Kith's start, from the moment the process
was started to the first painted frame and Today's figures after it.

    python bench/startup_timeline.py --database PATH

Runs ``python -m kith --database PATH --exit-after-first-paint`` in a child process (offscreen,
as bench.py's first-paint section does) through a small driver that notes the wall-clock
moment of each step (interpreter ready, imports, QApplication, the database open, the window
built, each page built, first paint, and Today's figures painted right after it) by wrapping
the functions that do them, and prints each step in milliseconds from the moment the process
was started (``Popen``). Used by bench.py's first-paint section; see bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

DRIVER = r"""
import json, sys, time
marks = [("python ready (site imported)", time.time())]
def mark(name):
    marks.append((name, time.time()))
import kith.cli
mark("kith.cli imported (argument parser)")
import PySide6.QtWidgets
try:  # as kith.__main__ does before the window's modules (a Kith from before has none)
    from kith.ui.pyside_imports import look_at_imports_quickly
    look_at_imports_quickly()
except ImportError:
    pass
mark("PySide6.QtWidgets imported")
import kith.app
mark("kith.app imported")
import kith.ui.main_window as mw
mark("kith.ui.main_window imported")

def wrap(owner, name, before=None, after=None):
    inner = getattr(owner, name)
    def wrapper(*args, **kwargs):
        if before: mark(before(*args))
        result = inner(*args, **kwargs)
        if after: mark(after(*args))
        return result
    setattr(owner, name, wrapper)

wrap(kith.app, "identify", after=lambda *a: "QApplication built")
wrap(kith.app, "open_database", after=lambda *a: "database opened")
wrap(mw.MainWindow, "__init__", lambda *a: "window: building", lambda *a: "window built")
built = set()
inner_page = mw.MainWindow.page
def page(self, name):
    new = name not in built
    result = inner_page(self, name)
    if new:
        built.add(name)
        mark(f"page built: {name}")
    return result
mw.MainWindow.page = page
wrap(mw.MainWindow, "show", before=lambda *a: "window.show()")
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

def done():
    if not done.printed:
        done.printed = True
        print("TIMELINE " + json.dumps(marks), flush=True)
        QApplication.quit()
done.printed = False

class Filled(QObject):
    # Today's sections (its figures) paint after their first read, right after the first
    # paint: the next step a user sees. The driver quits then.
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and watched.isVisible():
            watched.removeEventFilter(self)
            mark("Today's figures painted")
            QTimer.singleShot(0, done)
        return False

inner_window = mw.MainWindow.__init__
def window_init(self, *args, **kwargs):
    inner_window(self, *args, **kwargs)
    self._timeline_filled = Filled(self)
    self.today_page.body.installEventFilter(self._timeline_filled)
mw.MainWindow.__init__ = window_init
def report(self):
    mark("first paint")
    QTimer.singleShot(10_000, done)  # a Kith whose Today does not fill in
kith.app._FirstPaintProbe._report = report
import kith.__main__
sys.exit(kith.__main__.main(sys.argv[1:]))
"""


def timeline(python: str, database: str, env: dict[str, str]) -> list[tuple[str, float]]:
    """(step, milliseconds since Popen) for one start of the window."""
    started = time.time()
    proc = subprocess.run(
        [python, "-c", DRIVER, "--database", database, "--exit-after-first-paint"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    for line in proc.stdout.splitlines():
        if line.startswith("TIMELINE "):
            return [(name, (at - started) * 1000) for name, at in json.loads(line[9:])]
    raise RuntimeError((proc.stderr or proc.stdout).strip()[-2000:] or f"exit {proc.returncode}")


def print_timeline(steps: list[tuple[str, float]], indent: str = "    ") -> None:
    last = 0.0
    for name, ms in steps:
        print(f"{indent}{ms:7.0f} ms  (+{ms - last:5.0f})  {name}", flush=True)
        last = ms


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True)
    parser.add_argument("--python", default=sys.executable)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kith-timeline-") as home:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
            env[var] = os.path.join(home, var.lower())  # the user's settings are never touched
        print_timeline(timeline(args.python, args.database, env))
    return 0


if __name__ == "__main__":
    sys.exit(main())
