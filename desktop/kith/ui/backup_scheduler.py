"""Kith's own backups while the window runs: the day's backup soon after start and after each
local midnight (on a worker thread, so the window never waits for it), and the backup at
quit when anything changed since the last one.

The backups before an import, a merge, a bulk delete or a restore are taken by core itself
(:mod:`kith.core.backups`), for the window and the command line alike.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QObject, QTimer, Signal

from kith.core.backups import (
    Backup,
    BackupError,
    backup_at_quit,
    daily_backup,
    track_changes,
)
from kith.core.database import close_thread_connection
from kith.core.local_time import utcnow
from kith.ui.day_change_timer import DayChangeTimer
from kith.ui.worker_threads import start_worker

#: How long after start the day's backup waits, to keep out of the first paint's way.
START_DELAY_MS = 3_000


class DailyBackupWorker(QObject):
    """Takes the day's backup (if the day has none yet) on a worker thread."""

    done = Signal(object)  # Backup | None
    failed = Signal(str)
    finished = Signal()

    def __init__(self, now: datetime) -> None:
        super().__init__()
        self.now = now

    def cancel(self) -> None:
        """A backup is all or nothing and short: it is let finish."""

    def run(self) -> None:
        try:
            self.done.emit(daily_backup(now=self.now))
        except BackupError as exc:
            self.failed.emit(str(exc))
        finally:
            close_thread_connection()
            self.finished.emit()


class BackupScheduler(QObject):
    """Starts the daily backup and takes the one at quit, for the open database."""

    #: A daily backup was taken (the :class:`~kith.core.backups.Backup`).
    backed_up = Signal(object)
    #: A backup could not be written; the message is for the user.
    failed = Signal(str)

    def __init__(
        self, parent: QObject | None = None, *, now: Callable[[], datetime] = utcnow
    ) -> None:
        super().__init__(parent)
        self._now = now
        track_changes()  # from now on, a write means the quit needs a backup
        self.day_timer = DayChangeTimer(self, now=now)
        self.day_timer.day_changed.connect(self.take_daily)
        self._running = False

    def start(self, delay_ms: int = START_DELAY_MS) -> None:
        """The day's backup, ``delay_ms`` after now."""
        QTimer.singleShot(delay_ms, self.take_daily)

    def take_daily(self) -> None:
        """Take the day's backup on a worker thread, unless one is being taken already."""
        if self._running:
            return
        self._running = True
        worker = DailyBackupWorker(self._now())
        worker.done.connect(self._on_done)
        worker.failed.connect(self._on_failed)
        worker.finished.connect(lambda: setattr(self, "_running", False))
        self._worker = worker
        start_worker(worker, worker.run, worker.finished, worker.cancel)

    def _on_done(self, backup: Backup | None) -> None:
        if backup is not None:
            self.backed_up.emit(backup)

    def _on_failed(self, message: str) -> None:
        self.failed.emit(message)

    def at_quit(self) -> Backup | None:
        """The backup at quit (when anything changed since the last); never raises."""
        try:
            return backup_at_quit(now=self._now())
        except BackupError as exc:
            print(f"kith: {exc}", file=sys.stderr)
            return None
