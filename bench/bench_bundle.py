#!/usr/bin/env python3
"""The installed app's figures: bundle size and cold start of the Linux .deb.

    .venv/bin/python bench/bench_bundle.py                 # builds dist/*.deb first (1–3 min)
    .venv/bin/python bench/bench_bundle.py --deb dist/kith_0.1.0_amd64.deb

The .deb is unpacked with ``dpkg -x`` into a scratch root (as the packaging test does) and the
installed ``/opt/kith/kith`` is started offscreen on a new database with
``--exit-after-first-paint``: from ``Popen`` to the ``first-paint`` line. The first start is
the cold one (the page cache is dropped first when the machine allows it — as root outside a
container — otherwise it is the first start after unpacking, which the figure says); then the
median of five warm starts. Figures print as ``name: value unit``; nothing fails on a target.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COLD_START_TARGET = 2.0  # seconds, from a double-click to a painted window


def du(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() or p.is_symlink())


def mib(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MiB"


def build() -> Path:
    dist = ROOT / "dist"
    subprocess.run(
        [sys.executable, str(ROOT / "packaging" / "linux" / "build_deb.py"), "--dist", str(dist)],
        check=True,
    )
    debs = sorted(dist.glob("kith_*.deb"), key=lambda p: p.stat().st_mtime)
    return debs[-1]


def drop_page_cache() -> bool:
    try:
        os.sync()
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
    except OSError:
        return False
    return True


def start_once(app: Path, scratch: Path, number: int) -> float:
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        XDG_DATA_HOME=str(scratch / "data"),
        XDG_CONFIG_HOME=str(scratch / "config"),
        XDG_CACHE_HOME=str(scratch / "cache"),
        XDG_RUNTIME_DIR=str(scratch / "runtime"),
    )
    (scratch / "runtime").mkdir(mode=0o700, exist_ok=True)
    database = scratch / f"start-{number}.sqlite"
    started = time.perf_counter()
    process = subprocess.Popen(
        [str(app), "--database", str(database), "--exit-after-first-paint"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
        text=True,
    )
    assert process.stdout is not None
    for line in process.stdout:
        if line.strip() == "first-paint":
            elapsed = time.perf_counter() - started
            break
    else:
        process.wait()
        raise SystemExit(f"the installed app exited ({process.returncode}) without painting")
    process.wait(timeout=30)
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--deb", type=Path, help="a .deb built before (default: build one)")
    parser.add_argument("--runs", type=int, default=5, help="warm starts to take the median of")
    args = parser.parse_args(argv)
    deb = args.deb.resolve() if args.deb else build()
    with tempfile.TemporaryDirectory(prefix="kith-bench-bundle-") as folder:
        scratch = Path(folder)
        root = scratch / "root"
        subprocess.run(["dpkg", "-x", str(deb), str(root)], check=True)
        bundle = root / "opt" / "kith"
        app = bundle / "kith"
        print(f"deb: {deb.name}")
        print(f"deb size: {mib(du(deb))}")
        print(f"installed bundle size: {mib(du(bundle))} (/opt/kith)")
        dropped = drop_page_cache()
        cold = start_once(app, scratch, 0)
        how = "page cache dropped" if dropped else "first start after unpacking; cache not dropped"
        verdict = (
            "met" if cold <= COLD_START_TARGET else f"MISSED by {cold - COLD_START_TARGET:.2f} s"
        )
        print(
            f"installed cold start: {cold:.2f} s "
            f"[target ≤ {COLD_START_TARGET:.1f} s: {verdict}] ({how})"
        )
        warm = [start_once(app, scratch, n) for n in range(1, args.runs + 1)]
        print(f"installed warm start: {statistics.median(warm):.2f} s (median of {len(warm)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
