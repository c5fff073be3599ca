"""One Kith at a time: a second start hands its arguments to the first (a real second process)
and never touches the database; the lock on the database file keeps a second writer out —
through a hard link too."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kith.app import handle_second_start
from kith.store.database import DatabaseOpenError
from kith.ui.single_instance import (
    DatabaseInUseError,
    DatabaseLock,
    SingleInstance,
    server_name,
)

HAND_OVER = """
import sys
from PySide6.QtCore import QCoreApplication
from kith.ui.single_instance import SingleInstance
app = QCoreApplication([])
sys.exit(0 if SingleInstance(sys.argv[1]).hand_over(sys.argv[2:]) else 3)
"""


@pytest.fixture
def name() -> str:
    return f"kith-test-{uuid.uuid4().hex[:12]}"


@pytest.fixture
def first(name: str, qtbot: QtBot):
    instance = SingleInstance(name)
    assert instance.listen()
    yield instance
    instance.close()


def run_second(qtbot: QtBot, args: list[str], env: dict[str, str] | None = None) -> int:
    proc = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    qtbot.waitUntil(lambda: proc.poll() is not None, timeout=20000)
    return proc.returncode


def test_a_second_start_hands_its_arguments_to_the_first(first, name, qtbot):
    with qtbot.waitSignal(first.message_received, timeout=20000) as got:
        code = run_second(
            qtbot, [sys.executable, "-c", HAND_OVER, name, "--database", "/tmp/other.sqlite"]
        )
    assert code == 0
    assert got.args == [["--database", "/tmp/other.sqlite"]]


def test_nobody_listening_means_this_one_is_first(name, qtbot):
    instance = SingleInstance(name)
    assert instance.hand_over(["x"], timeout_ms=200) is False
    assert instance.listen()
    instance.close()


def test_a_socket_left_by_a_crash_is_taken_over(name, qtbot):
    crashed = subprocess.run(
        [
            sys.executable,
            "-c",
            "import os, sys\n"
            "from PySide6.QtCore import QCoreApplication\n"
            "from kith.ui.single_instance import SingleInstance\n"
            "app = QCoreApplication([])\n"
            "assert SingleInstance(sys.argv[1]).listen()\n"
            "os._exit(0)\n",
            name,
        ],
        check=True,
    )
    assert crashed.returncode == 0
    instance = SingleInstance(name)
    assert instance.hand_over([], timeout_ms=300) is False
    assert instance.listen()
    instance.close()


def test_starting_kith_again_raises_the_window_and_never_opens_the_database(
    window, name, tmp_path: Path, qtbot, monkeypatch
):
    """The real ``python -m kith`` as the second process: it hands over and exits."""
    instance = SingleInstance(name)
    assert instance.listen()
    instance.message_received.connect(lambda argv: handle_second_start(window, argv))
    window.hide()
    other = tmp_path / "other.sqlite"
    env = dict(os.environ, KITH_INSTANCE_NAME=name, QT_QPA_PLATFORM="offscreen")
    try:
        with qtbot.waitSignal(instance.message_received, timeout=30000):
            code = run_second(
                qtbot, [sys.executable, "-m", "kith", "--database", str(other)], env=env
            )
    finally:
        instance.close()
    assert code == 0
    assert window.isVisible()  # the running Kith came forward
    assert "already open" in window.statusBar().currentMessage()
    # The second process never created, opened or locked that database.
    assert not other.exists()
    assert not Path(str(other) + ".lock").exists()


def test_server_name_is_per_user(monkeypatch):
    monkeypatch.delenv("KITH_INSTANCE_NAME", raising=False)
    assert server_name("ana") != server_name("jonas")
    assert server_name("ana") == server_name("ana")
    monkeypatch.setenv("KITH_INSTANCE_NAME", "kith-custom")
    assert server_name() == "kith-custom"


def test_the_lock_keeps_a_second_writer_out(tmp_path: Path):
    database = tmp_path / "kith.sqlite"
    mine = DatabaseLock(database)
    mine.acquire()
    assert mine.held
    assert [p.name for p in tmp_path.iterdir()] == ["kith.sqlite"]  # no lock file of its own
    theirs = DatabaseLock(database)
    with pytest.raises(DatabaseInUseError, match="this computer") as refused:
        theirs.acquire()
    assert isinstance(refused.value, DatabaseOpenError)  # shown like any file problem
    assert refused.value.title == "The database is in use"
    mine.release()
    theirs.acquire()
    assert theirs.held
    theirs.release()


def test_a_lock_left_by_a_crash_is_taken_over(tmp_path: Path):
    database = tmp_path / "kith.sqlite"
    subprocess.run(
        [
            sys.executable,
            "-c",
            "import os, sys\n"
            "from pathlib import Path\n"
            "from kith.ui.single_instance import DatabaseLock\n"
            "lock = DatabaseLock(Path(sys.argv[1]))\n"
            "lock.acquire()\n"
            "os._exit(0)\n",
            str(database),
        ],
        check=True,
    )
    lock = DatabaseLock(database)
    lock.acquire()  # the kernel let go of the crashed process's lock
    assert lock.held
    lock.release()


def test_a_lock_held_by_another_live_process_is_refused(tmp_path: Path, qtbot):
    database = tmp_path / "kith.sqlite"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys\n"
            "from pathlib import Path\n"
            "from kith.ui.single_instance import DatabaseLock\n"
            "lock = DatabaseLock(Path(sys.argv[1]))\n"
            "lock.acquire()\n"
            "print('locked', flush=True)\n"
            "sys.stdin.read()\n",
            str(database),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == b"locked"
        with pytest.raises(DatabaseInUseError, match=f"process {holder.pid}"):
            DatabaseLock(database).acquire()
        # The same file through a hard link, or another spelling of its path: refused alike.
        linked = tmp_path / "elsewhere" / "linked.sqlite"
        linked.parent.mkdir()
        os.link(database, linked)
        with pytest.raises(DatabaseInUseError) as refused:
            DatabaseLock(linked).acquire()
        assert str(refused.value) == (
            f"Another Kith (process {holder.pid} on this computer) is using {linked}. Only one "
            "Kith may write to a database at a time: close the other one, or open another file."
        )
        with pytest.raises(DatabaseInUseError):
            DatabaseLock(tmp_path / "elsewhere" / ".." / "kith.sqlite").acquire()
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(10)
