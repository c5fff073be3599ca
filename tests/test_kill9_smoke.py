"""bench/kill9.py runs end to end: one trial of each kind (import, upgrade, backup, restore,
window) killed with SIGKILL, every file checked afterwards. The full 94 trials and their
figures are in bench/README.md."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

KILL9 = Path(__file__).resolve().parents[1] / "bench" / "kill9.py"


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix", reason="needs SIGKILL")
def test_one_kill_of_each_kind_leaves_every_file_whole() -> None:
    # No timeout= here: waiting with one sleeps in a loop, which libfaketime breaks (CI runs
    # the suite again with the clock moved); the script bounds itself with --max-seconds.
    proc = subprocess.run(
        [sys.executable, str(KILL9), "--quick", "--seed", "3", "--max-seconds", "240"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    for kind in ("import", "upgrade", "backup", "restore", "window"):
        assert f"{kind}: 1 trials" in proc.stdout
    assert "no empty or partial file named like a backup: yes" in proc.stdout
