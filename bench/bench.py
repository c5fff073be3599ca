"""Kith's performance figures: build a large database, then print one figure per line.

    python bench/bench.py [--contacts N] [--keep PATH | --database PATH] [--only SECTION,...]

Each section is a function that prints its own figures as ``name: value unit`` lines, with the
target in brackets where there is one (a missed target says by how much; nothing fails). Add
a section by writing a function ``def section_x(bench: Bench) -> None`` and listing it in
``SECTIONS``, or by dropping a script in this folder and naming it in ``SCRIPT_SECTIONS``.
The measurements that need a window run in subprocesses (offscreen Qt, a sandboxed settings
folder), so their memory figures are those of the app alone. See bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
if str(BENCH_DIR) not in sys.path:
    sys.path.insert(0, str(BENCH_DIR))

# Targets on the reference machine (issue 2 and later issues).
FIRST_PAINT_TARGET_S = 0.5
#: Issue 18: the first paint within twice a bare PySide6 window's, measured in the same run.
FIRST_PAINT_BARE_RATIO = 2.0
SEARCH_P95_TARGET_MS = 16.0
MEMORY_TARGET_MB = 250.0
#: Issue 18: the app's peak memory after searching and scrolling the whole list.
SEARCH_MEMORY_TARGET_MB = 150.0


# --- output ----------------------------------------------------------------------------------


def target_note(value: float, target: float, unit: str, label: str = "target") -> str:
    """``  (target <= 16 ms)`` when met, with the miss spelled out when not."""
    if value <= target:
        return f"  ({label} <= {target:g} {unit})"
    over = value - target
    amount = f"{over:,.0f}" if over >= 100 else f"{over:.2g}"
    return f"  ({label} <= {target:g} {unit}: MISSED by {amount} {unit}, +{over / target:,.0%})"


def figure(name: str, value: str, target: str = "") -> None:
    print(f"{name}: {value}{target}", flush=True)


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100), linear between closest ranks."""
    data = sorted(values)
    if not data:
        return float("nan")
    k = (len(data) - 1) * q / 100
    lo = int(k)
    hi = min(lo + 1, len(data) - 1)
    return data[lo] + (data[hi] - data[lo]) * (k - lo)


# --- the shared context ----------------------------------------------------------------------


@dataclass
class Bench:
    """What sections share: options, the database (built on first use), the sandbox."""

    contacts: int
    seed: int
    python: str
    keep: Path | None
    existing: Path | None
    fts: str
    verbose: bool
    search_budget: float = 600.0
    #: Time each keystroke in CPU time of the GUI thread (``--search-cpu-time``).
    search_cpu_time: bool = False
    workdir: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="kith-bench-")))
    build_report: Any = None
    _path: Path | None = None

    def database(self) -> Path:
        """The bench database, built the first time a section asks for it."""
        if self._path is None:
            if self.existing is not None:
                self._path = self.existing
            else:
                from build_db import build_database

                path = self.keep or self.workdir / "kith-bench.sqlite"
                self.build_report = build_database(
                    path,
                    self.contacts,
                    seed=self.seed,
                    fts=self.fts,
                    progress=(lambda m: print(f"  … {m}", file=sys.stderr))
                    if self.verbose
                    else None,
                )
                self._path = path
        return self._path

    def env(self) -> dict[str, str]:
        """The environment of app subprocesses: offscreen Qt, settings in a throwaway folder."""
        env = dict(os.environ)
        env["QT_QPA_PLATFORM"] = "offscreen"
        # As installed (pip and the bundles ship compiled bytecode): a shell that says
        # PYTHONDONTWRITEBYTECODE would otherwise make every start compile Kith anew (~0.4 s).
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
            env[var] = str(self.workdir / "home" / var.lower())
        return env

    def run_python(self, args: list[str], timeout: float = 600) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [self.python, *args],
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    def cleanup(self) -> None:
        shutil.rmtree(self.workdir, ignore_errors=True)


def _fail(name: str, proc: subprocess.CompletedProcess[str]) -> None:
    tail = "\n".join((proc.stderr or proc.stdout or "").strip().splitlines()[-12:])
    figure(name, f"FAILED (exit {proc.returncode})")
    print(textwrap.indent(tail, "    "), flush=True)


# --- header ------------------------------------------------------------------------------------

_VERSIONS_SCRIPT = """
import json, platform, sqlite3, sys
import peewee, PySide6
from PySide6.QtCore import qVersion
print(json.dumps({
    "python": platform.python_version(),
    "qt": qVersion(),
    "pyside": PySide6.__version__,
    "sqlite": sqlite3.sqlite_version,
    "peewee": peewee.__version__,
}))
"""


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory_gb() -> float:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    return float("nan")


def print_header(bench: Bench) -> None:
    print(f"Kith bench, {datetime.now():%Y-%m-%d %H:%M}", flush=True)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    figure(
        "machine",
        f"{_cpu_model()}, {os.cpu_count()} cores, {_memory_gb():.1f} GB RAM, "
        f"{platform.system()} {platform.release()}; load average {load:.2f} at start",
    )
    proc = bench.run_python(["-c", _VERSIONS_SCRIPT], timeout=60)
    if proc.returncode == 0:
        v = json.loads(proc.stdout.strip().splitlines()[-1])
        figure(
            "software",
            f"Python {v['python']}, Qt {v['qt']} (PySide6 {v['pyside']}), "
            f"SQLite {v['sqlite']}, peewee {v['peewee']}",
        )
    else:
        _fail("software", proc)


# --- sections ----------------------------------------------------------------------------------


def section_build(bench: Bench) -> None:
    """Time to write the database; size; what it holds."""
    if bench.existing is not None:
        path = bench.database()
        figure("build database", f"skipped (using {path})")
        return
    path = bench.database()
    r = bench.build_report
    figure(
        "build database",
        f"{r.total_seconds:.1f} s  ("
        + ", ".join(f"{k} {v:.1f} s" for k, v in r.seconds.items())
        + f"; full-text index by {'reindex_contacts' if r.fts == 'reindex' else 'batch insert'})",
    )
    size = sum(p.stat().st_size for p in path.parent.glob(path.name + "*")) / 1e6
    figure(
        "database",
        f"{size:.0f} MB: {r.contacts:,} contacts, {r.channels:,} channels, "
        f"{r.tag_links:,} tag links over {r.tags} tags, {r.interactions:,} interactions",
    )
    # How fast the app's own index writer is: it runs inside every save, restore and import.
    proc = bench.run_python([str(BENCH_DIR / "bench.py"), "--worker", "reindex", str(path)])
    if proc.returncode != 0:
        _fail("reindex_contacts", proc)
        return
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    figure(
        f"reindex_contacts of {result['count']:,} contacts",
        f"{result['seconds']:.2f} s ({result['seconds'] / max(1, result['count']) * 1e3:.3f} ms "
        "per contact; rolled back)",
    )


def _time_to_first_paint(bench: Bench, args: list[str]) -> tuple[float, float, str]:
    """Seconds from Popen to the "first-paint" line, and the process's peak RSS in MB."""
    err = (bench.workdir / "first-paint.err").open("w+")
    start = time.perf_counter()
    proc = subprocess.Popen(
        [bench.python, *args], env=bench.env(), stdout=subprocess.PIPE, stderr=err, text=True
    )
    timer = threading.Timer(120, proc.kill)
    timer.start()
    elapsed = float("nan")
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.strip() == "first-paint" and elapsed != elapsed:
            elapsed = time.perf_counter() - start
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    timer.cancel()
    err.seek(0)
    problem = "" if elapsed == elapsed else (err.read().strip() or f"exit {proc.returncode}")
    err.close()
    return elapsed, usage.ru_maxrss / 1024, problem


_BARE_WINDOW = """
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication(sys.argv[:1])
w = QLabel("bare window")
class Probe(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, lambda: (print("first-paint", flush=True), app.quit()))
        return False
probe = Probe()
w.installEventFilter(probe)
w.resize(1240, 800)
w.show()
app.exec()
"""


def section_first_paint(bench: Bench) -> None:
    """`python -m kith --exit-after-first-paint` on the bench database: time and peak memory."""
    path = bench.database()
    app_args = ["-m", "kith", "--database", str(path), "--exit-after-first-paint"]
    runs: list[tuple[float, float]] = []
    for attempt in range(6):  # one warm-up run, then five measured
        elapsed, rss, problem = _time_to_first_paint(bench, app_args)
        if problem:
            figure("first paint", "FAILED")
            print(textwrap.indent("\n".join(problem.splitlines()[-12:]), "    "))
            return
        if attempt:
            runs.append((elapsed, rss))
    times = [t for t, _ in runs]
    median = statistics.median(times)
    figure(
        "first paint (start to painted main window)",
        f"{median:.2f} s median of 5 runs after 1 warm-up (min {min(times):.2f}, "
        f"max {max(times):.2f})",
        target_note(median, FIRST_PAINT_TARGET_S, "s"),
    )
    floor = [_time_to_first_paint(bench, ["-c", _BARE_WINDOW])[0] for _ in range(3)]
    bare = statistics.median(floor)
    figure("  for comparison, a bare PySide6 window", f"{bare:.2f} s (median of 3)")
    figure(
        "  first paint / bare window",
        f"{median / bare:.1f}×",
        target_note(median / bare, FIRST_PAINT_BARE_RATIO, "×"),
    )
    rss = statistics.median(r for _, r in runs)
    figure("peak memory at first paint", f"{rss:.0f} MB", target_note(rss, MEMORY_TARGET_MB, "MB"))
    _print_slow_imports(bench, app_args)
    _print_startup_timeline(bench, path)


def _print_startup_timeline(bench: Bench, path: Path) -> None:
    """Where the first paint's time goes, step by step (bench/startup_timeline.py, one run)."""
    from startup_timeline import print_timeline, timeline

    try:
        steps = timeline(bench.python, str(path), bench.env())
    except (RuntimeError, subprocess.TimeoutExpired) as exc:
        figure("  start-up timeline", f"FAILED: {str(exc)[-300:]}")
        return
    print("  start-up timeline (ms since the process was started, one run):", flush=True)
    print_timeline(steps)


#: ``python -m kith`` that also says "first-paint" on stderr, after -X importtime's lines for the
#: imports before it (the work behind the window imports more once it has painted). Imports
#: in kith.__main__'s order (a Kith from before has no kith.ui.pyside_imports).
_MARKED_START = """
import sys
import kith.cli
try:
    from kith.ui.pyside_imports import look_at_imports_quickly
    look_at_imports_quickly()
except ImportError:
    pass
import kith.app
report = kith.app._FirstPaintProbe._report
def marked(self):
    print("first-paint", file=sys.stderr, flush=True)
    report(self)
kith.app._FirstPaintProbe._report = marked
import kith.__main__
sys.exit(kith.__main__.main(sys.argv[1:]))
"""


def _print_slow_imports(bench: Bench, app_args: list[str]) -> None:
    """The heaviest imports on the way to the first paint (python -X importtime)."""
    assert app_args[:2] == ["-m", "kith"]
    proc = bench.run_python(["-X", "importtime", "-c", _MARKED_START, *app_args[2:]], timeout=120)
    rows = []
    for line in proc.stderr.splitlines():
        if line.strip() == "first-paint":
            break
        # "import time:      1234 |       5678 |     kith.ui.main_window"
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        self_us, cumulative_us, name = line.removeprefix("import time:").split("|", 2)
        rows.append((int(cumulative_us), int(self_us), name.rstrip()))
    top = [r for r in rows if r[2].startswith(" ") and not r[2].startswith("  ")]
    top.sort(reverse=True)
    print(
        "  top-level imports before the first paint, by cumulative time (python -X importtime,"
        " one run):",
        flush=True,
    )
    for cumulative, _self, name in top[:8]:
        print(f"    {cumulative / 1000:7.1f} ms  {name.strip()}", flush=True)


def realistic_queries(seed: int) -> list[str]:
    """Fifty searches a user would type, drawn from the same Zipf-ordered lists as the data."""
    from build_db import Vocabulary, ascii_word

    v = Vocabulary(random.Random(seed))
    first, last, company, city = v.first.items, v.last.items, v.company.items, v.city.items
    tag, noun, topic = v.tag.items, v.noun.items, v.topic.items
    lower = str.lower
    queries = [
        # people, typed without accents as most people do, and some with
        ascii_word(first[0]),
        ascii_word(first[1]),
        ascii_word(first[40]),
        ascii_word(first[250]),
        lower(first[5]),
        ascii_word(last[0]),
        ascii_word(last[3]),
        ascii_word(last[200]),
        f"{ascii_word(first[0])} {ascii_word(last[1])}",
        f"{ascii_word(first[2])} {ascii_word(last[0])[:1]}",
        f"{lower(first[12])} {lower(last[30])}",
        "o'brien",
        "mc",
        # companies: the biggest, a middling one, a small one
        lower(company[0].split()[0]),
        lower(company[0]),
        lower(company[30]),
        lower(company[300].split()[0]),
        # roles
        "engineer",
        "product manager",
        "founder",
        "vp",
        # tags
        lower(tag[0]),
        "open source",
        lower(tag[-1]),
        # places
        lower(city[0]),
        "san francisco",
        lower(city[150]),
        # words from notes: very common, middling, rare; topics, hobbies, food, events
        noun[0],
        noun[100],
        noun[500],
        lower(topic[0]),
        "climbing",
        "ramen",
        "pycon",
        "wants an intro",
        "kids",
        # emails and phones
        "gmail",
        "gmail.com",
        f"{ascii_word(first[0])}.{ascii_word(last[0])}@",
        "@proton",
        "linkedin",
        "+44",
        "555 12",
        # two words across fields
        f"{lower(city[0])} {lower(tag[0])}",
        f"python {lower(title_word(v))}",
        f"{ascii_word(first[0])} engineer",
        f"{noun[3]} {lower(city[1])}",
        # no match, a typo
        "zzyzx",
        ascii_word(first[0])[:2] + ascii_word(first[0])[3:2:-1] + ascii_word(first[0])[2:3],
        "x",
    ]
    return queries


def title_word(v: Any) -> str:
    return str(v.title.items[0]).split()[-1]


def section_search(bench: Bench) -> None:
    """Search-as-you-type latency, then scrolling the whole list, then peak memory."""
    path = bench.database()
    queries = realistic_queries(bench.seed)
    spec = bench.workdir / "search-queries.json"
    spec.write_text(
        json.dumps(
            {
                "queries": queries,
                "budget_s": bench.search_budget,
                "clock": "thread" if bench.search_cpu_time else "wall",
            }
        )
    )
    proc = bench.run_python(
        [str(BENCH_DIR / "bench.py"), "--worker", "search", str(path), str(spec)], timeout=1800
    )
    if proc.returncode != 0:
        _fail("search-as-you-type latency", proc)
        return
    for line in proc.stdout.splitlines():
        if line.startswith("warning:"):
            print(line, flush=True)
    r = json.loads(proc.stdout.strip().splitlines()[-1])
    keys = r["keystrokes"]
    total = [k["ms"] for k in keys]
    p50, p95 = statistics.median(total), percentile(total, 95)
    figure(
        "search-as-you-type latency median",
        f"{p50:.1f} ms, p95: {p95:.1f} ms over {len(total)} keystrokes of "
        f"{r['queries_typed']} queries",
        target_note(p95, SEARCH_P95_TARGET_MS, "ms", "target p95"),
    )
    figure("  measured on", r["surface"])
    if bench.search_cpu_time:
        figure("  clock", "CPU time of the GUI thread (--search-cpu-time), not wall time")
    if r.get("prepared_s") is not None:
        figure(
            "  search prepared on a worker thread",
            f"{r['prepared_s']:.2f} s after the window was shown (typing starts then)",
        )
    if r["queries_typed"] < len(queries):
        print(
            f"  NOTE: only the first {r['queries_typed']} queries were typed: the time budget "
            f"of {bench.search_budget:g} s (--search-budget) ran out",
            flush=True,
        )
    for label, test in (
        ("one letter", lambda k: len(k["text"].strip()) == 1),
        ("two letters", lambda k: len(k["text"].strip()) == 2),
        ("three or more", lambda k: len(k["text"].strip()) >= 3),
    ):
        part = [k for k in keys if test(k)]
        if part:
            figure(
                f"  {label}",
                f"median {statistics.median(k['ms'] for k in part):.1f} ms, "
                f"p95 {percentile([k['ms'] for k in part], 95):.1f} ms ({len(part)} keystrokes)",
            )
    phases = ("ids", "cards", "rest")
    figure(
        "  median split",
        ", ".join(f"{name} {statistics.median(k[name] for k in keys):.1f} ms" for name in phases)
        + "  (ids = matching ids query, cards = card data of the first page, "
        "rest = reset, layout, detail pane and paint)",
    )
    by_query: dict[str, list[float]] = {}
    for k in keys:
        by_query.setdefault(k["query"], []).append(k["ms"])
    worst_query = max(by_query, key=lambda q: statistics.mean(by_query[q]))
    figure(
        "  worst query",
        f"{worst_query!r}: mean {statistics.mean(by_query[worst_query]):.1f} ms over "
        f"{len(by_query[worst_query])} keystrokes, max {max(by_query[worst_query]):.1f} ms",
    )
    slowest = sorted(keys, key=lambda k: k["ms"], reverse=True)[: 10 if bench.verbose else 5]
    figure(
        "  slowest keystrokes",
        "; ".join(
            f"{k['text']!r} {k['ms']:.0f} ms (ids {k['ids']:.0f}, cards {k['cards']:.0f}, "
            f"rest {k['rest']:.0f}; {k['rows']:,} rows)"
            for k in slowest
        ),
    )
    if bench.verbose:
        for k in keys:
            print(
                f"    {k['text']!r:28} {k['ms']:7.1f} ms  ids {k['ids']:6.1f}  "
                f"cards {k['cards']:5.1f}  rest {k['rest']:6.1f}  rows {k['rows']:,}"
            )
    figure("clear the search (list everyone again)", f"{r['clear_ms']:.1f} ms")
    scroll = r["scroll_ms"]
    figure(
        "scroll through the whole list",
        f"{len(scroll)} jumps + page steps, each fetching and painting new cards: "
        f"median {statistics.median(scroll):.1f} ms, p95 {percentile(scroll, 95):.1f} ms",
    )
    figure(
        "peak memory (app after searching and scrolling the whole list)",
        f"{r['peak_mb']:.0f} MB (now {r['rss_mb']:.0f} MB)",
        target_note(r["peak_mb"], SEARCH_MEMORY_TARGET_MB, "MB"),
    )


def run_script_section(bench: Bench, script: Path) -> None:
    """A section kept in its own script: run it on the bench database (``--database PATH``;
    the script must not change that file) and pass its figure lines through."""
    proc = bench.run_python([str(script), "--database", str(bench.database())], timeout=1800)
    if proc.returncode != 0:
        _fail(script.stem, proc)
        return
    print(proc.stdout.rstrip(), flush=True)


Section = Callable[[Bench], None]

#: The sections in the order they run; ``--only NAME`` picks some.
SECTIONS: dict[str, Section] = {
    "build": section_build,
    "first-paint": section_first_paint,
    "search": section_search,
}

#: Sections that live in their own script in this folder, run when the script exists.
SCRIPT_SECTIONS: dict[str, str] = {
    "import": "bench_import.py",
    "export": "bench_export.py",
    "calendar": "bench_calendar.py",
    "idle": "bench_idle.py",
    "network": "bench_network.py",
    "sync": "bench_sync.py",
}


# --- workers (run in subprocesses) ---------------------------------------------------------------


def _prop_up_none_if_leaking() -> str:
    """Work around PySide6 6.12.0 on Python < 3.12, which drops a reference to None on every
    call of a C++ method returning void: after a few thousand such calls (a few dozen list
    repaints) Python aborts with "none_dealloc". The worker raises None's reference count so
    it can finish measuring; the app itself has no such prop. Returns a warning, or "".
    """
    from PySide6.QtCore import QRect

    rect = QRect()
    before = sys.getrefcount(None)
    for _ in range(100):
        rect.setX(1)
    lost = before - sys.getrefcount(None)
    if lost < 50 or sys.version_info >= (3, 12):
        return ""
    import ctypes

    ctypes.c_ssize_t.from_address(id(None)).value += 1 << 40
    import PySide6

    return (
        f"warning: PySide6 {PySide6.__version__} on Python {platform.python_version()} loses a "
        "reference to None on every void C++ call; the app itself aborts (none_dealloc) after "
        "a few dozen list repaints. The bench propped None up to measure; see bench/README.md."
    )


def _vm_mb(field_name: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field_name + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def worker_reindex(path: str) -> None:
    """Time kith.core.contacts.reindex_contacts over up to 10,000 contacts, rolled back."""
    from kith.core.contacts import reindex_contacts
    from kith.store.database import close_database, open_database
    from kith.store.models import Contact

    db = open_database(path)
    ids = [row[0] for row in Contact.select(Contact.id).order_by(Contact.id).limit(10_000).tuples()]
    with db.atomic() as transaction:
        start = time.perf_counter()
        reindex_contacts(ids)
        seconds = time.perf_counter() - start
        transaction.rollback()
    close_database()
    print(json.dumps({"count": len(ids), "seconds": seconds}))


def worker_search(path: str, spec: str) -> None:
    """Type the queries into the real Contacts page and time each keystroke to a painted view."""
    from PySide6.QtWidgets import QApplication, QWidget

    warning = _prop_up_none_if_leaking()
    if warning:
        print(warning, flush=True)
    job = json.loads(Path(spec).read_text())
    queries: list[str] = job["queries"]
    # Wall time, or the GUI thread's CPU time (what it computed, not the time it waited for a
    # core: steadier on a loaded machine, blind to waiting on the disk).
    clock = time.thread_time if job.get("clock") == "thread" else time.perf_counter
    app = QApplication([sys.argv[0]])
    app.setApplicationName("Kith")
    app.setOrganizationName("Kith")

    from kith.store.database import open_database

    open_database(path)

    import kith.ui.lists.contact_list_model as list_model

    phase = {"ids": 0.0, "cards": 0.0}

    def timed(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            start = clock()
            try:
                return fn(*args, **kwargs)
            finally:
                phase[name] += (clock() - start) * 1000

        return wrapper

    list_model.contact_ids = timed("ids", list_model.contact_ids)  # type: ignore[assignment]
    if hasattr(list_model, "contact_list"):  # the count and first page of a broad search
        list_model.contact_list = timed("ids", list_model.contact_list)  # type: ignore[attr-defined]
    list_model.contact_summaries = timed("cards", list_model.contact_summaries)  # type: ignore[assignment]

    window: QWidget
    try:
        from kith.ui.main_window import MainWindow

        main = MainWindow(Path(path))
        main.show_page("contacts")  # the window opens on Today
        window, page = main, main.contacts_page
        surface = "the main window (kith.ui.main_window.MainWindow, Contacts page)"
    except ImportError as exc:
        surface = (
            f"ContactListModel + ContactListView + ContactCardDelegate (no main window: {exc})"
        )
        main = page = None
    if page is None:
        from kith.ui.lists.contact_card_delegate import ContactCardDelegate
        from kith.ui.lists.contact_list_view import ContactListView

        model = list_model.ContactListModel()
        view = ContactListView()
        view.setModel(model)
        view.setItemDelegate(ContactCardDelegate(view))
        window = view

        def set_text(text: str) -> None:
            model.set_search(text)

        def applied(text: str) -> bool:
            return True

    else:
        view = page.list_view
        model = page.model

        def set_text(text: str) -> None:
            page.search_box.setText(text)

        def applied(text: str) -> bool:
            return page.model.search == text

    prepared: list[float] = []
    preparing = False
    if main is not None:
        # As the app does (kith.app.run_gui): the search is prepared on a worker thread once
        # the window has painted; a user starts typing a moment after the window shows.
        try:
            from kith.ui.search_preparer import SearchPreparer
        except ImportError:  # a Kith from before the preparer
            pass
        else:
            shown_at = time.perf_counter()
            preparer = SearchPreparer(main.centralWidget())
            preparer.prepared.connect(lambda: prepared.append(time.perf_counter() - shown_at))
            preparing = True
    window.resize(1240, 800)
    window.show()
    deadline = time.perf_counter() + 10
    while not window.isVisible() and time.perf_counter() < deadline:
        app.processEvents()
    app.processEvents()
    window.repaint()
    if preparing:
        while not prepared and time.perf_counter() < deadline:
            app.processEvents()
            time.sleep(0.005)

    from PySide6.QtCore import QEvent, QObject

    class PaintSeen(QObject):
        """Which of the watched widgets were painted since the last keystroke."""

        def __init__(self) -> None:
            super().__init__()
            self.painted: set[int] = set()

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                self.painted.add(id(watched))
            return False

    paints = PaintSeen()
    # What a keystroke shows: the list, or the page's "Nobody matches" in its place.
    stack = getattr(page, "_stack", None)
    results = [view.viewport()] + (
        [stack.widget(i) for i in range(1, stack.count())] if stack is not None else []
    )
    for widget in results:
        widget.installEventFilter(paints)

    def shown_result() -> QWidget:
        if stack is None or stack.currentWidget() is view:
            return view.viewport()
        return stack.currentWidget()

    def keystroke(text: str) -> float:
        phase["ids"] = phase["cards"] = 0.0
        paints.painted.clear()
        start = clock()
        set_text(text)
        while not applied(text):  # the page coalesces keystrokes with a 0 ms timer
            app.processEvents()
        # Item layout, current-row change, and the paint the change asked for (Qt paints the
        # dirty widgets when it handles their update request, inside processEvents): cards
        # (fetching their data), count, "Nobody matches".
        app.processEvents()
        result = shown_result()
        if id(result) not in paints.painted:
            result.repaint()  # not painted yet: paint it now, so every keystroke counts one
        return (clock() - start) * 1000

    keystrokes = []
    typed = 0
    began = time.perf_counter()
    for query in queries:
        if time.perf_counter() - began > job["budget_s"]:
            break
        typed += 1
        for end in range(1, len(query) + 1):
            text = query[:end]
            ms = keystroke(text)
            keystrokes.append(
                {
                    "query": query,
                    "text": text,
                    "ms": ms,
                    "ids": phase["ids"],
                    "cards": phase["cards"],
                    "rest": ms - phase["ids"] - phase["cards"],
                    "rows": model.rowCount(),
                }
            )
    clear_ms = keystroke("")

    # Scroll from top to bottom: jumps across the scroll range, then page steps at the end.
    bar = view.verticalScrollBar()
    scroll_ms = []
    steps = 60
    for i in range(steps + 1):
        start = time.perf_counter()
        bar.setValue(bar.maximum() * i // steps)
        view.viewport().repaint()
        scroll_ms.append((time.perf_counter() - start) * 1000)
    view.scrollToBottom()
    for _ in range(10):
        start = time.perf_counter()
        bar.setValue(bar.value() - bar.pageStep())
        view.viewport().repaint()
        scroll_ms.append((time.perf_counter() - start) * 1000)
    app.processEvents()
    print(
        json.dumps(
            {
                "surface": surface,
                "prepared_s": prepared[0] if prepared else None,
                "keystrokes": keystrokes,
                "queries_typed": typed,
                "clear_ms": clear_ms,
                "scroll_ms": scroll_ms,
                "peak_mb": _vm_mb("VmHWM"),
                "rss_mb": _vm_mb("VmRSS"),
            }
        ),
        flush=True,
    )
    os._exit(0)  # skip teardown: nothing to save, and it is not what is measured


WORKERS: dict[str, Callable[..., None]] = {"search": worker_search, "reindex": worker_reindex}


# --- main ----------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--worker"]:
        WORKERS[argv[1]](*argv[2:])
        return 0
    parser = argparse.ArgumentParser(
        description="Build a large Kith database and print performance figures."
    )
    parser.add_argument("--contacts", type=int, default=100_000, help="default 100,000")
    parser.add_argument("--seed", type=int, default=1, help="random seed of the data (default 1)")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--keep", type=Path, metavar="PATH", help="build the database here, keep it")
    where.add_argument(
        "--database", type=Path, metavar="PATH", help="use this existing bench database"
    )
    parser.add_argument(
        "--only",
        metavar="SECTION[,SECTION]",
        help="run only these sections: " + ", ".join([*SECTIONS, *SCRIPT_SECTIONS]),
    )
    parser.add_argument(
        "--fts",
        choices=("batch", "reindex"),
        default="batch",
        help="fill the full-text index by one batch insert (default) or reindex_contacts",
    )
    parser.add_argument(
        "--python",
        default=sys.executable,
        help="interpreter for the app subprocesses (default: this one)",
    )
    parser.add_argument(
        "--search-budget",
        type=float,
        default=600.0,
        metavar="SECONDS",
        help="stop typing new search queries after this long (default 600)",
    )
    parser.add_argument(
        "--search-cpu-time",
        action="store_true",
        help="time each keystroke in CPU time of the GUI thread, not wall time (steadier when"
        " the machine is busy)",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="every keystroke, progress")
    args = parser.parse_args(argv)

    known = [*SECTIONS, *SCRIPT_SECTIONS]
    chosen = args.only.split(",") if args.only else known
    unknown = [name for name in chosen if name not in known]
    if unknown:
        parser.error(f"unknown section {', '.join(unknown)}; choose from {', '.join(known)}")
    if args.keep is not None and args.keep.exists():
        parser.error(f"{args.keep} exists; --keep builds a new file (use --database to reuse)")
    bench = Bench(
        contacts=args.contacts,
        seed=args.seed,
        python=args.python,
        keep=args.keep,
        existing=args.database,
        fts=args.fts,
        verbose=args.verbose,
        search_budget=args.search_budget,
        search_cpu_time=args.search_cpu_time,
    )
    try:
        print_header(bench)
        if args.database is None:
            figure("contacts", f"{args.contacts}")
        else:
            figure("contacts", f"from {args.database}")
        for name in known:
            if name not in chosen:
                continue
            if name in SECTIONS:
                SECTIONS[name](bench)
            else:
                script = BENCH_DIR / SCRIPT_SECTIONS[name]
                if script.exists():
                    run_script_section(bench, script)
                elif args.only:
                    figure(name, f"not available yet ({script.name} does not exist)")
    finally:
        bench.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
