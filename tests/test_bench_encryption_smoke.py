"""bench/bench_encryption.py runs end to end on a small database and prints its three ratios
(no timing is asserted: the figures are in bench/README.md)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench" / "bench_encryption.py"


@pytest.mark.slow
def test_bench_encryption_prints_plain_and_encrypted_figures() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    args = ["--contacts", "300", "--cards", "50", "--runs", "1", "--queries", "2"]
    proc = subprocess.run(
        [sys.executable, str(BENCH), *args, "--search-rounds", "1"],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    for name in ("first paint, median:", "search p95", "import of 50 vCards"):
        line = next(line for line in proc.stdout.splitlines() if line.startswith(name))
        assert "plain" in line and "encrypted ÷ plain" in line
