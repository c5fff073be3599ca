"""A verb that writes never writes while Kith has the file open — through a hard link either.
The window here is the real one, in a process of its own; ``kith import`` reaches its file by
a hard link in another folder and is refused in one line, and nothing is written. Verbs that
only read go on working, and once the window has quit the same import goes through."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from kith.core.database import DatabaseFileLock, DatabaseInUseError
from kith.store.database import close_database, open_database
from kith.store.models import Contact
from tests.damaged_files import kith_file

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"


def kith(*argv: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kith", *map(str, argv)], capture_output=True, text=True, timeout=120
    )


def locked(path: Path) -> bool:
    lock = DatabaseFileLock(path)
    try:
        lock.acquire(create=False)
    except DatabaseInUseError:
        return True
    lock.release()
    return False


@pytest.fixture
def running_window(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], Path]]:
    """The real Kith window (offscreen) on a database of three people."""
    path = kith_file(tmp_path / "kith.sqlite", people=3)
    env = dict(
        os.environ, QT_QPA_PLATFORM="offscreen", KITH_INSTANCE_NAME=f"kith-test-{uuid.uuid4()}"
    )
    window = subprocess.Popen(
        [sys.executable, "-m", "kith", "--database", str(path)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while not locked(path):
            assert window.poll() is None, "the window process ended"
            assert time.monotonic() < deadline, "the window never locked its file"
            time.sleep(0.1)
        yield window, path
    finally:
        window.terminate()
        window.wait(30)


def test_kith_import_through_a_hard_link_is_refused_while_the_window_has_the_file_open(
    running_window: tuple[subprocess.Popen[bytes], Path], tmp_path: Path
) -> None:
    window, path = running_window
    linked = tmp_path / "elsewhere" / "same-file.sqlite"
    linked.parent.mkdir()
    os.link(path, linked)

    refused = kith("import", "--yes", "--database", linked, FIXTURES / "apple.vcf")
    assert refused.returncode == 2
    assert refused.stdout == ""
    assert refused.stderr == (
        f"kith import: Kith (process {window.pid} on this computer) has {linked} open, and only "
        "one Kith may write to a database at a time: import in the window instead (kith "
        "--import FILE hands the file to it), or quit Kith and run this again. Nothing was "
        "changed.\n"
    )
    # Reading needs no lock: the window and kith stats share the file.
    stats = kith("stats", "--json", "--database", linked)
    assert stats.returncode == 0, stats.stderr
    assert '"contacts": 3' in stats.stdout

    window.terminate()
    window.wait(30)
    done = kith("import", "--yes", "--database", linked, FIXTURES / "apple.vcf")
    assert done.returncode == 0, done.stderr
    open_database(path)
    try:
        assert Contact.select().count() == 5
    finally:
        close_database()


def test_sync_and_restore_honour_the_same_lock(
    running_window: tuple[subprocess.Popen[bytes], Path], tmp_path: Path
) -> None:
    window, path = running_window
    for argv in (["sync"], ["restore", "--backup", "nothing-here.sqlite"]):
        refused = kith(*argv, "--database", path)
        assert refused.returncode == 2
        assert refused.stderr.startswith(
            f"kith {argv[0]}: Kith (process {window.pid} on this computer) has {path} open"
        )
        assert "quit it (or let it finish), then run this again" in refused.stderr
