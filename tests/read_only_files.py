"""Making a file or folder read-only for real in a test — for root too.

A normal user gets ``chmod a-w``. Root writes through any permission bits, so for root the
file or folder is made immutable (``chattr +i``), which the kernel refuses to change even for
root; where that is not possible (a file system without it, no CAP_LINUX_IMMUTABLE) the test
is skipped rather than passing for the wrong reason.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


@contextmanager
def read_only(path: Path) -> Iterator[Path]:
    path = Path(path)
    if os.geteuid() != 0:
        mode = path.stat().st_mode
        path.chmod(mode & ~0o222)
        try:
            yield path
        finally:
            path.chmod(mode)
        return
    if shutil.which("chattr") is None:
        pytest.skip("running as root without chattr: cannot make a file read-only for root")
    made = subprocess.run(["chattr", "+i", str(path)], capture_output=True, text=True)
    if made.returncode != 0:
        pytest.skip(f"cannot make {path} immutable here: {made.stderr.strip()}")
    try:
        assert not os.access(path, os.W_OK)
        yield path
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)
