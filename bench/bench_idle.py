"""Idle CPU of the running app with 1,000 open follow-ups (reminders armed, none due).

    python bench/bench_idle.py [--database PATH] [--follow-ups N] [--seconds S] [--python PATH]

Works on a copy of ``--database`` (or a new empty database), adds ``--follow-ups`` open
follow-ups (default 1,000) whose reminders fall between 10 minutes and 90 days from now, starts
``python -m kith`` on it offscreen (its own settings folder and single-instance name), waits
until start-up work has settled, then reads the process's CPU time (user + system, from
``/proc``) and its context switches (how often it woke up) over ``--seconds`` (default 60) of
idleness. The reminder scheduler sleeps on one single-shot timer until the next reminder (at
most 10 minutes), so both figures should stay near zero.

Prints ``name: value unit`` lines like ``bench.py`` (its "idle" section runs this).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
#: CPU seconds over 60 s that still count as "near zero" (0.5 % of one core).
IDLE_TARGET_S = 0.3


def target_note(value: float, target: float, unit: str) -> str:
    if value <= target:
        return f"  (target <= {target:g} {unit})"
    over = value - target
    return f"  (target <= {target:g} {unit}: MISSED by {over:.3g} {unit}, +{over / target:.0%})"


def add_follow_ups(path: Path, count: int, seed: int = 7) -> None:
    """``count`` open follow-ups with reminders 10 minutes to 90 days ahead (one transaction)."""
    sys.path.insert(0, str(ROOT / "desktop"))
    from kith.store.changes import writing
    from kith.store.database import close_database, open_database
    from kith.store.models import Contact, FollowUp, utcnow

    open_database(path)
    rng = random.Random(seed)
    now = utcnow()
    people = [c for (c,) in Contact.select(Contact.id).limit(5000).tuples()]
    rows = []
    for n in range(count):
        remind = now + timedelta(minutes=10) + timedelta(seconds=rng.randrange(90 * 24 * 3600))
        rows.append(
            {
                "title": f"Follow-up {n}",
                "contact": rng.choice(people) if people else None,
                "due_at": remind,
                "due_has_time": True,
                "remind_at": remind,
            }
        )
    with writing("follow_up"):
        for start in range(0, len(rows), 500):
            FollowUp.insert_many(rows[start : start + 500]).execute()
    close_database()


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks  # utime + stime


def wakeups(pid: int) -> int:
    """Context switches of every thread of the process (each one a wake-up)."""
    total = 0
    for status in Path(f"/proc/{pid}/task").glob("*/status"):
        for line in status.read_text().splitlines():
            if line.startswith(("voluntary_ctxt_switches", "nonvoluntary_ctxt_switches")):
                total += int(line.split()[1])
    return total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", type=Path, help="a Kith database to copy (not changed)")
    parser.add_argument("--follow-ups", type=int, default=1000)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--python", default=sys.executable)
    args = parser.parse_args()
    if not Path("/proc/self/stat").exists():
        print("idle CPU: skipped (needs Linux /proc)")
        return 0
    work = Path(tempfile.mkdtemp(prefix="kith-bench-idle-"))
    try:
        db = work / "idle.sqlite"
        if args.database is not None:
            shutil.copyfile(args.database, db)
        add_follow_ups(db, args.follow_ups)
        env = dict(
            os.environ,
            QT_QPA_PLATFORM="offscreen",
            KITH_INSTANCE_NAME=f"kith-bench-idle-{os.getpid()}",
            PYTHONPATH=str(ROOT / "desktop"),
        )
        for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
            env[var] = str(work / var.lower())
        app = subprocess.Popen(
            [args.python, "-m", "kith", "--database", str(db)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        try:
            # Settle: wait until one second passes with (almost) no CPU used.
            started = time.monotonic()
            last = cpu_seconds(app.pid)
            while time.monotonic() - started < 60:
                time.sleep(1.0)
                if app.poll() is not None:
                    print(f"idle CPU: the app exited ({app.returncode})", file=sys.stderr)
                    return 1
                now = cpu_seconds(app.pid)
                if now - last < 0.02:
                    break
                last = now
            startup = cpu_seconds(app.pid)
            cpu0, wake0 = startup, wakeups(app.pid)
            time.sleep(args.seconds)
            cpu1, wake1 = cpu_seconds(app.pid), wakeups(app.pid)
        finally:
            app.terminate()
            app.wait(10)
        idle = (cpu1 - cpu0) * 60.0 / args.seconds
        print(
            f"idle CPU with {args.follow_ups:,} open follow-ups: {cpu1 - cpu0:.2f} s over "
            f"{args.seconds:g} s ({idle / 60:.2%} of a core)"
            + target_note(idle, IDLE_TARGET_S, "s per 60 s")
        )
        woke = wake1 - wake0
        print(f"idle wake-ups (context switches, all threads): {woke} over {args.seconds:g} s")
        print(f"start-up CPU before idling: {startup:.2f} s")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
