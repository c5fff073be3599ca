"""Mail and calendar capture in the background: :class:`ScanWorker` reads one source on a worker
thread (Settings ▸ Capture's *Read now* uses it too), and :class:`CaptureRunner` reads every
enabled IMAP and calendar source on sync's schedule — at start, then every 15 minutes (sync's
default interval) — one source at a time, never blocking the window."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from kith.core.capture.sources import Source, list_sources
from kith.core.database import close_thread_connection
from kith.core.local_time import utcnow
from kith.core.sync.accounts import DEFAULT_INTERVAL_MINUTES
from kith.ui.worker_threads import start_worker

#: How often the runner looks for a source whose time has come.
CHECK_MS = 60_000


class ScanWorker(QObject):
    """Reads one source on a worker thread; Cancel stops it after the batch being written
    (what was read is kept, and the next scan carries on from there)."""

    progress = Signal(str, int, int)  # folder or file, done, total
    done = Signal(object)  # ScanReport
    failed = Signal(str)
    finished = Signal()

    def __init__(self, source: Source, password: str | None = None) -> None:
        super().__init__()
        self.source = source
        self.password = password
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def _step(self, where: str, done: int, total: int) -> bool:
        self.progress.emit(where, done, total)
        return not self._cancel.is_set()

    def run(self) -> None:
        from kith.core.capture.calendars import scan_calendars
        from kith.core.capture.files import CaptureFileError, capture_file
        from kith.core.capture.imap import CaptureConnectionError, scan_imap
        from kith.core.sync.errors import SyncError

        try:
            if self.source.kind == "caldav":
                report = scan_calendars(self.source)
            elif self.source.kind == "imap":
                password = self.password
                if password is None:
                    from kith.core.sync.accounts import password_store

                    password = password_store().get(self.source.uid)
                if password is None:
                    raise CaptureConnectionError(
                        f"Kith has no password for {self.source.name} (no keyring keeps it): "
                        "forget the source in Settings ▸ Capture and add it again."
                    )
                report = scan_imap(self.source, password=password, progress=self._step)
            else:
                path = Path(self.source.path)
                report = capture_file(path, progress=lambda d, t: self._step(path.name, d, t))
            self.done.emit(report)
        except (CaptureConnectionError, CaptureFileError, SyncError) as exc:
            self.failed.emit(str(exc))
        except Exception as exc:  # a bug: say so rather than hang the page
            self.failed.emit(f"Kith could not finish reading this source: {exc}")
        finally:
            close_thread_connection()
            self.finished.emit()


class CaptureRunner(QObject):
    """Reads each enabled IMAP and calendar source when its time has come, one at a time."""

    #: A scheduled scan ended: the source's id, and its summary or the problem.
    scan_finished = Signal(int, str)

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        clock: Callable[[], datetime] = utcnow,
        check_ms: int = CHECK_MS,
        interval_minutes: int = DEFAULT_INTERVAL_MINUTES,
    ) -> None:
        super().__init__(parent)
        self.clock = clock
        self.interval = timedelta(minutes=interval_minutes)
        self._timer = QTimer(self)
        self._timer.setInterval(check_ms)
        self._timer.timeout.connect(self.check_due)
        self._worker: ScanWorker | None = None
        #: When each source was last tried (a failed scan waits an interval too).
        self._tried: dict[int, datetime] = {}

    def start(self) -> None:
        self._timer.start()
        self.check_due()

    def stop(self) -> None:
        self._timer.stop()
        if self._worker is not None:
            self._worker.cancel()

    @property
    def busy(self) -> bool:
        return self._worker is not None

    def due(self) -> list[Source]:
        """The sources whose next scan time has come, longest waiting first."""
        now = self.clock()
        found = []
        for source in list_sources():
            if source.kind not in ("imap", "caldav") or not source.enabled:
                continue
            last = max(
                (t for t in (source.last_scan_at, self._tried.get(source.id)) if t is not None),
                default=None,
            )
            if last is None or last + self.interval <= now:
                found.append((last or datetime.min, source))
        return [s for _, s in sorted(found, key=lambda item: (item[0], item[1].id))]

    def check_due(self) -> None:
        """Start the scan of the first source whose time has come (unless one runs)."""
        if self._worker is not None:
            return
        waiting = self.due()
        if not waiting:
            return
        source = waiting[0]
        self._tried[source.id] = self.clock()
        worker = ScanWorker(source)
        self._worker = worker
        worker.done.connect(lambda report: self.scan_finished.emit(source.id, report.summary()))
        worker.failed.connect(lambda text: self.scan_finished.emit(source.id, text))
        worker.finished.connect(self._ended)
        start_worker(worker, worker.run, worker.finished, worker.cancel)

    def _ended(self) -> None:
        self._worker = None
        self.check_due()  # the next source waiting, if any


_runner: CaptureRunner | None = None


def capture_runner() -> CaptureRunner:
    """The one capture runner of the window."""
    global _runner
    if _runner is None:
        _runner = CaptureRunner()
    return _runner
