"""How cost grows: first paint, search, Today refresh and memory at 10,000, 100,000 and
1,000,000 contacts.

    python bench/bench_scaling.py [--sizes 10000,100000,1000000] [--cache DIR]
                                  [--follow-ups N] [--search-budget S] [--paint-runs R]

For each size it uses ``DIR/db-N.sqlite`` (default ``/tmp/kith-bench-scaling``), building it
with ``build_db.py`` the first time (1,000,000 people take ~4 minutes and 3 GB of memory to
build, 2.7 GB on disk), upgraded in place if an older Kith wrote it, and ``--follow-ups``
(default 50,000) follow-ups added once (``bench_calendar.add_follow_ups``). Then, each in its
own process with offscreen Qt and throwaway settings (``bench.py``'s machinery):

- first paint: ``python -m kith --exit-after-first-paint``, median of ``--paint-runs`` after a
  warm-up, and that process's peak memory;
- search-as-you-type: ``bench.py``'s search worker (the real main window, ~50 realistic
  queries typed letter by letter, for at most ``--search-budget`` seconds), p95 and worst
  keystroke, and the peak memory after searching and scrolling the whole list;
- Today refresh: the Today page re-reading everything (``TodayPage._refresh_now``) and
  ``today_overview`` alone, medians of 5 after a warm-up.

Prints one row per size and the load average with each. 1,000,000 is a stress row: it must
stay usable (search p95 <= 50 ms), not meet the 100,000 targets. Nothing asserts a speed.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
if str(BENCH_DIR) not in sys.path:
    sys.path.insert(0, str(BENCH_DIR))

STRESS_SEARCH_P95_MS = 50.0


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"{one:.1f}/{five:.1f}"


def prepare(path: Path, contacts: int, follow_ups: int) -> None:
    """Build (first time), upgrade and add the follow-ups (once) to the cached database."""
    import peewee as pw

    from kith.store.schema import SCHEMA_VERSION, migrate

    if not path.exists():
        from build_db import build_database

        print(f"  building {path} ({contacts:,} contacts)…", flush=True)
        build_database(path, contacts, seed=1)
    db = pw.SqliteDatabase(str(path))
    version = db.execute_sql("PRAGMA user_version").fetchone()[0]
    if version < SCHEMA_VERSION:
        # Upgraded in place, without the backup the app takes first: this is a cache.
        print(f"  upgrading {path.name} from v{version}…", flush=True)
        migrate(db, version)
    # A cache built by a build_db.py that stamped a newer version than the tables it made
    # (the 1,000,000 file: v12 without contact_date, which v11 -> v12 adds) lacks tables no
    # migration will add; made empty here, or Today fails ("no such table: contact_date").
    from kith.store.models import ALL_MODELS

    missing = [m for m in ALL_MODELS if not db.table_exists(m._meta.table_name)]
    if missing:
        names = ", ".join(m._meta.table_name for m in missing)
        print(f"  adding the tables {path.name} lacks: {names}", flush=True)
        with db.bind_ctx(missing):
            db.create_tables(missing)
    has = db.execute_sql("SELECT COUNT(*) FROM follow_up").fetchone()[0]
    db.close()
    if has == 0 and follow_ups:
        from bench_calendar import add_follow_ups
        from kith.store.database import close_database, open_database

        open_database(path)
        add_follow_ups(follow_ups, date.today(), 1)
        close_database()


def worker_today(path: str) -> None:
    """The Today page's full refresh and today_overview, medians of 5 after a warm-up."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from datetime import UTC, datetime

    from PySide6.QtGui import QUndoStack
    from PySide6.QtWidgets import QApplication

    app = QApplication([sys.argv[0]])
    from kith.store.database import open_database

    open_database(path)
    from kith.core.today import today_overview
    from kith.ui.commands.follow_up_actions import FollowUpActions
    from kith.ui.pages.today_page import TodayPage

    def median_ms(work: object, runs: int = 5) -> float:
        work()  # type: ignore[operator]
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            work()  # type: ignore[operator]
            times.append((time.perf_counter() - start) * 1000)
        return statistics.median(times)

    now = datetime.now(UTC)
    overview_ms = median_ms(lambda: today_overview(now))
    page = TodayPage(FollowUpActions(QUndoStack()))
    page.resize(1040, 760)
    page.show()
    app.processEvents()

    def everything() -> None:
        page.refresh()  # everything stale, as at a new day
        page._refresh_now()

    page_ms = median_ms(everything)
    print(json.dumps({"overview_ms": overview_ms, "page_ms": page_ms}), flush=True)
    os._exit(0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/kith-bench-scaling"))
    parser.add_argument("--follow-ups", type=int, default=50_000)
    parser.add_argument("--search-budget", type=float, default=240.0)
    parser.add_argument("--paint-runs", type=int, default=3)
    parser.add_argument("--worker", nargs=2, metavar=("KIND", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker_today(args.worker[1])
        return 0

    import bench as B

    args.cache.mkdir(parents=True, exist_ok=True)
    sizes = [int(s) for s in args.sizes.split(",")]
    rows = []
    for size in sizes:
        path = args.cache / f"db-{size}.sqlite"
        print(f"{size:,} contacts (load {load()})", flush=True)
        prepare(path, size, args.follow_ups)
        bench = B.Bench(
            contacts=size,
            seed=1,
            python=sys.executable,
            keep=None,
            existing=path,
            fts="batch",
            verbose=False,
            search_budget=args.search_budget,
        )
        try:
            app_args = ["-m", "kith", "--database", str(path), "--exit-after-first-paint"]
            paints = []
            for attempt in range(args.paint_runs + 1):
                elapsed, rss, problem = B._time_to_first_paint(bench, app_args)
                if problem:
                    raise SystemExit(f"first paint failed at {size:,}: {problem}")
                if attempt:
                    paints.append((elapsed, rss))
            paint_s = statistics.median(t for t, _ in paints)
            paint_mb = statistics.median(m for _, m in paints)
            bare = B._time_to_first_paint(bench, ["-c", B._BARE_WINDOW])[0]
            print(
                f"  first paint {paint_s:.2f} s ({paint_mb:.0f} MB), bare window {bare:.2f} s "
                f"(load {load()})",
                flush=True,
            )

            spec = bench.workdir / "queries.json"
            spec.write_text(
                json.dumps({"queries": B.realistic_queries(1), "budget_s": args.search_budget})
            )
            proc = bench.run_python(
                [str(BENCH_DIR / "bench.py"), "--worker", "search", str(path), str(spec)],
                timeout=3600,
            )
            if proc.returncode != 0:
                raise SystemExit(f"search failed at {size:,}: {proc.stderr[-2000:]}")
            result = json.loads(proc.stdout.strip().splitlines()[-1])
            keys = [k["ms"] for k in result["keystrokes"]]
            p95, worst = B.percentile(keys, 95), max(keys)
            print(
                f"  search p95 {p95:.1f} ms, max {worst:.0f} ms over {len(keys)} keystrokes, "
                f"peak {result['peak_mb']:.0f} MB (load {load()})",
                flush=True,
            )

            proc = bench.run_python(
                [str(Path(__file__).resolve()), "--worker", "today", str(path)], timeout=1800
            )
            if proc.returncode != 0:
                raise SystemExit(f"Today refresh failed at {size:,}: {proc.stderr[-2000:]}")
            today = json.loads(proc.stdout.strip().splitlines()[-1])
            print(
                f"  Today page refresh {today['page_ms']:.1f} ms (today_overview "
                f"{today['overview_ms']:.1f} ms) (load {load()})",
                flush=True,
            )
            rows.append(
                (size, paint_s, bare, paint_mb, p95, worst, today, result["peak_mb"], load())
            )
        finally:
            bench.cleanup()

    print()
    print(
        "| contacts | first paint (bare window) | memory at first paint | search p95 / max "
        "| Today refresh (today_overview) | memory after search + scroll | load |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for size, paint_s, bare, paint_mb, p95, worst, today, peak, when in rows:
        stress = (
            f" ({'usable' if p95 <= STRESS_SEARCH_P95_MS else 'NOT usable'}: p95 <= "
            f"{STRESS_SEARCH_P95_MS:g} ms)"
            if size >= 1_000_000
            else ""
        )
        print(
            f"| {size:,} | {paint_s:.2f} s ({bare:.2f} s) | {paint_mb:.0f} MB "
            f"| {p95:.1f} / {worst:.0f} ms{stress} "
            f"| {today['page_ms']:.1f} ms ({today['overview_ms']:.1f} ms) | {peak:.0f} MB "
            f"| {when} |",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
