"""JSON backup speed and memory: ``kith export --format json`` and ``kith restore`` of it.

    python bench/bench_backup_json.py [--database PATH | --contacts N] [--repeats R]
                                      [--old-tree DIR]

Works on a copy of ``--database`` (or a database of ``--contacts`` people built with
``build_db.py``). Each run is the real command line in a subprocess: the wall time and the
process's peak memory (``ru_maxrss`` of that very process, through ``os.wait4``) of the export,
then of restoring that file into a new database. ``--old-tree DIR`` (a ``desktop`` folder of
another checkout, e.g. ``git archive HEAD~3 desktop | tar -x -C /tmp/old``) runs the same
commands with that code too, alternating old and new in each repeat, so both see the same load:
an A/B in one run. Its database must be one the old code opens (not newer than it knows).

Prints ``name: value unit`` lines with the medians. Nothing asserts a speed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
DESKTOP = BENCH_DIR.parent / "desktop"
if str(BENCH_DIR) not in sys.path:
    sys.path.insert(0, str(BENCH_DIR))

#: Issue 18: streamed, at 100,000 people.
PEAK_TARGET_MB = 300.0
RESTORE_TARGET_S = 15.0


def run(tree: Path, *args: str) -> tuple[float, float]:
    """(seconds, peak MB) of ``python -m kith ARGS`` with the code in ``tree``."""
    env = dict(os.environ, PYTHONPATH=str(tree))
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "kith", *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if status != 0:
        error = process.stderr.read().decode() if process.stderr else ""
        raise SystemExit(f"kith {' '.join(args)} failed: {error}")
    return seconds, usage.ru_maxrss / 1024


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load {one:.2f} / {five:.2f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", type=Path, help="an existing Kith database (copied)")
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--old-tree", type=Path, help="another checkout's desktop folder")
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="kith-bench-backup-json-"))
    try:
        source = work / "source.sqlite"
        if args.database is not None:
            shutil.copyfile(args.database, source)
        else:
            from build_db import build_database

            build_database(source, args.contacts, seed=1)
        trees = {"new": DESKTOP}
        copies = {"new": work / "new.sqlite"}
        shutil.copyfile(source, copies["new"])
        # Upgraded once here (the new code migrates an older file when it opens it).
        run(DESKTOP, "stats", "--database", str(copies["new"]))
        if args.old_tree is not None:
            trees["old"] = args.old_tree.resolve()
            copies["old"] = source
        figures: dict[str, dict[str, list[float]]] = {
            side: {"export s": [], "export MB": [], "restore s": [], "restore MB": []}
            for side in trees
        }
        print(f"backup json: {args.repeats} repeats, {load()} at the start", flush=True)
        for repeat in range(args.repeats):
            for side, tree in trees.items():
                out = work / f"{side}.json"
                seconds, peak = run(
                    tree, "export", "--database", str(copies[side]), "--format", "json", str(out)
                )
                figures[side]["export s"].append(seconds)
                figures[side]["export MB"].append(peak)
                target = work / f"{side}-restored.sqlite"
                for leftover in work.glob(f"{side}-restored.sqlite*"):
                    leftover.unlink()
                seconds, peak = run(tree, "restore", "--database", str(target), str(out))
                figures[side]["restore s"].append(seconds)
                figures[side]["restore MB"].append(peak)
                size = out.stat().st_size / 1e6
                out.unlink()
                print(
                    f"  repeat {repeat + 1} {side}: export {figures[side]['export s'][-1]:.1f} s "
                    f"{figures[side]['export MB'][-1]:.0f} MB ({size:.0f} MB file), restore "
                    f"{seconds:.1f} s {peak:.0f} MB ({load()})",
                    flush=True,
                )
        for side, values in figures.items():
            med = {name: statistics.median(v) for name, v in values.items()}
            print(
                f"kith export --format json ({side}): {med['export s']:.1f} s, "
                f"{med['export MB']:.0f} MB peak  (target <= {PEAK_TARGET_MB:g} MB)",
                flush=True,
            )
            print(
                f"kith restore ({side}): {med['restore s']:.1f} s, {med['restore MB']:.0f} MB "
                f"peak  (target <= {RESTORE_TARGET_S:g} s, <= {PEAK_TARGET_MB:g} MB)",
                flush=True,
            )
        print(f"backup json: {load()} at the end", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
