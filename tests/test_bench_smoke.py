"""The bench script runs end to end on a small database and prints its figures (no timings)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench" / "bench.py"


@pytest.mark.slow
def test_bench_prints_build_and_search_figures(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    kept = tmp_path / "bench.sqlite"
    proc = subprocess.run(
        [
            sys.executable,
            str(BENCH),
            "--contacts",
            "300",
            "--keep",
            str(kept),
            "--only",
            "build,search",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    for name in (
        "machine:",
        "software:",
        "contacts: 300",
        "build database:",
        "database:",
        "reindex_contacts of 300 contacts:",
        "search-as-you-type latency median:",
        "p95:",
        "worst query:",
        "clear the search",
        "scroll through the whole list:",
        "peak memory (app after searching and scrolling the whole list):",
    ):
        assert name in out, f"{name!r} missing from:\n{out}\n{proc.stderr}"
    assert "FAILED" not in out
    assert kept.exists()  # --keep leaves the database for a closer look


def test_bench_refuses_an_unknown_section() -> None:
    proc = subprocess.run(
        [sys.executable, str(BENCH), "--only", "no-such-section"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 2
    assert "unknown section no-such-section" in proc.stderr
