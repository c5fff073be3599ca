"""Background sync: one worker thread that syncs on start, every N minutes, after local changes
(debounced), and on "Sync now" — never on the GUI thread.

The runner keeps, per account, when it last synced, when it syncs next and the last error;
the settings page and the status bar read :meth:`SyncRunner.status`. After a transient error
(offline, server trouble) it retries with backoff — 1, 2, 4, 8 … minutes, never later than
the account's own interval; local edits are in the database meanwhile and are sent by the
next sync that gets through. A wrong password or a missing collection is not retried until
the account changes or the user asks.

Local changes are seen as they commit (:func:`watch_synced_writes`, not the Qt signal)
because only there is it known which thread wrote: the sync's own writes, made on the worker
thread, must not schedule another sync.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from PySide6.QtCore import QObject, QThread, QTimer, Signal, Slot

from kith.core.database import DatabaseProblem, close_thread_connection
from kith.core.local_time import utcnow
from kith.core.sync.accounts import account_exists, list_accounts
from kith.core.sync.engine import SyncReport, sync_account
from kith.core.sync.errors import PasswordMissingError, SyncError
from kith.core.sync.local_changes import watch_synced_writes
from kith.ui.formats import date_time_text, time_text

log = logging.getLogger(__name__)

#: Wait this long after the last local change before syncing (edits come in bursts).
DEBOUNCE_MS = 5_000
#: How often due syncs are looked for.
CHECK_MS = 15_000
FIRST_RETRY = timedelta(minutes=1)


class Cancelled(Exception):
    """The application is quitting: stop the sync where it is (nothing is lost)."""


class Stopped(Cancelled):
    """The user pressed Stop: the sync ends where it is; the next one goes on from there."""


#: What the status line says after Stop (every resource moved so far stays moved).
STOPPED = "Sync stopped. The next sync goes on from where this one stopped."


@dataclass(frozen=True)
class AccountStatus:
    """What the status line says about one account."""

    running: bool = False
    last_sync: datetime | None = None  # naive UTC
    next_sync: datetime | None = None  # naive UTC
    error: str = ""
    done: int = 0
    total: int = 0
    what: str = ""
    last_report: SyncReport | None = None
    failures: int = 0


class _Worker(QObject):
    """Lives on the sync thread; runs one account's sync per request, in order."""

    progress = Signal(int, int, int, str)  # account id, done, total, what
    #: account id, report or None, error, transient, the password is missing
    finished = Signal(int, object, str, bool, bool)

    def __init__(self) -> None:
        super().__init__()
        self.cancelled = threading.Event()
        #: Stop the sync running now (the user's Stop); cleared when the next one starts.
        self.stopping = threading.Event()
        #: The account whose sync runs now (None between syncs).
        self.current: int | None = None
        self.ident: int | None = None

    @Slot(int)
    def run(self, account_id: int) -> None:
        from kith.core.sync.accounts import get_account

        self.ident = threading.get_ident()
        report: SyncReport | None = None
        error = ""
        transient = False
        no_password = False
        try:
            if self.cancelled.is_set():
                return
            if not account_exists(account_id):
                return

            self.stopping.clear()
            self.current = account_id

            def progress(done: int, total: int, what: str) -> None:
                if self.cancelled.is_set():
                    raise Cancelled
                if self.stopping.is_set():
                    raise Stopped
                self.progress.emit(account_id, done, total, what)

            report = sync_account(get_account(account_id), progress=progress)
        except Stopped:
            error = STOPPED
        except Cancelled:
            error = "Sync stopped: Kith was closing."
            transient = True
        except PasswordMissingError as exc:
            error, no_password = str(exc), True
        except SyncError as exc:
            error, transient = str(exc), exc.transient
        except DatabaseProblem as exc:  # the file: read-only, kept locked, full or damaged
            error = str(exc)
        except Exception as exc:  # a bug: keep the thread alive, say so, log the trace
            log.exception("Sync of account %s failed", account_id)
            error = f"Sync stopped by an unexpected error ({type(exc).__name__}: {exc})."
        finally:
            self.current = None
            close_thread_connection()
        self.finished.emit(account_id, report, error, transient, no_password)


class SyncRunner(QObject):
    """Schedules syncs of every enabled account and runs them on one worker thread."""

    #: Something in :meth:`status` changed (progress, a sync started or finished).
    status_changed = Signal(int)  # account id
    #: A sync finished: account id, the report (None after an error), the error text.
    sync_finished = Signal(int, object, str)
    #: An account has no password (no keyring, first start of this session): ask for it.
    password_needed = Signal(int)
    _request = Signal(int)

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        clock: Callable[[], datetime] = utcnow,
        debounce_ms: int = DEBOUNCE_MS,
        check_ms: int = CHECK_MS,
    ) -> None:
        super().__init__(parent)
        self.clock = clock
        self._status: dict[int, AccountStatus] = {}
        self._queued: set[int] = set()
        self._thread = QThread()
        self._thread.setObjectName("kith-sync")
        self._worker = _Worker()
        self._worker.moveToThread(self._thread)
        self._request.connect(self._worker.run)
        self._worker.progress.connect(self._on_progress)
        self._worker.finished.connect(self._on_finished)
        self._again: set[int] = set()
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(debounce_ms)
        self._debounce.timeout.connect(self._after_local_change)
        self._check = QTimer(self)
        self._check.setInterval(check_ms)
        self._check.timeout.connect(self.check_due)
        self._local_change.connect(self._restart_debounce)
        self._unsubscribe = watch_synced_writes(self._synced_write)
        self._started = False

    _local_change = Signal()

    # --- life -----------------------------------------------------------------------------

    def start(self) -> None:
        """Start the worker and sync every enabled account once (the "on start" sync)."""
        if self._started:
            return
        self._started = True
        self._check.start()
        for account in list_accounts():
            if account.enabled:
                self.sync_now(account.id)

    def stop(self) -> None:
        """Stop timers, cancel a running sync at its next step, and join the thread."""
        self._unsubscribe()
        self._check.stop()
        self._debounce.stop()
        self._worker.cancelled.set()
        if self._thread.isRunning():
            self._thread.quit()
            self._thread.wait()
        self._started = False

    @property
    def debounce_timer(self) -> QTimer:
        return self._debounce

    def _synced_write(self) -> None:
        # Called on the thread that committed: the sync's own writes are not local edits.
        if threading.get_ident() != self._worker.ident:
            self._local_change.emit()  # queued to the GUI thread, where the timer lives

    def _restart_debounce(self) -> None:
        if self._started and list_accounts():
            self._debounce.start()

    # --- scheduling -----------------------------------------------------------------------

    def status(self, account_id: int) -> AccountStatus:
        found = self._status.get(account_id)
        if found is None:
            from kith.core.sync.accounts import get_account

            try:
                account = get_account(account_id)
            except Exception:
                return AccountStatus()
            found = AccountStatus(last_sync=account.last_sync_at, error=account.last_error)
        return found

    def sync_now(self, account_id: int | None = None) -> None:
        """Queue a sync of one account (or every enabled one) right away."""
        if not self._started:
            self._started = True
            self._check.start()
        if not self._thread.isRunning():
            self._thread.start()  # the worker thread exists only once there is work
        ids = (
            [account_id] if account_id is not None else [a.id for a in list_accounts() if a.enabled]
        )
        for one in ids:
            if one in self._queued:
                self._again.add(one)  # changed while syncing: once more afterwards
                continue
            self._queued.add(one)
            self._status[one] = replace(self.status(one), running=True, done=0, total=0, what="")
            self.status_changed.emit(one)
            self._request.emit(one)

    def check_due(self) -> None:
        """Sync every account whose next sync time has come (the timer calls this)."""
        now = self.clock()
        for account in list_accounts():
            if not account.enabled or account.id in self._queued:
                continue
            state = self.status(account.id)
            due = state.next_sync
            if due is None:
                last = state.last_sync or account.last_sync_at
                due = (last + timedelta(minutes=account.interval_minutes)) if last else now
            if due <= now:
                self.sync_now(account.id)

    def _after_local_change(self) -> None:
        for account in list_accounts():
            if account.enabled and self.status(account.id).error == "":
                self.sync_now(account.id)

    # --- results --------------------------------------------------------------------------

    def _on_progress(self, account_id: int, done: int, total: int, what: str) -> None:
        self._status[account_id] = replace(
            self.status(account_id), running=True, done=done, total=total, what=what
        )
        self.status_changed.emit(account_id)

    def _on_finished(
        self, account_id: int, report: object, error: str, transient: bool, no_password: bool
    ) -> None:
        self._queued.discard(account_id)
        from kith.core.sync.accounts import get_account

        try:
            interval = timedelta(minutes=get_account(account_id).interval_minutes)
        except Exception:  # the account was removed meanwhile
            self._status.pop(account_id, None)
            self.status_changed.emit(account_id)
            return
        now = self.clock()
        before = self.status(account_id)
        if not error:
            state = AccountStatus(
                last_sync=now,
                next_sync=now + interval,
                last_report=report if isinstance(report, SyncReport) else None,
            )
        else:
            failures = before.failures + 1
            wait = min(FIRST_RETRY * 2 ** (failures - 1), interval) if transient else interval
            state = AccountStatus(
                last_sync=before.last_sync,
                next_sync=now + wait,
                error=error,
                failures=failures,
            )
        self._status[account_id] = state
        self.status_changed.emit(account_id)
        self.sync_finished.emit(account_id, state.last_report, error)
        if no_password:
            self.password_needed.emit(account_id)
        if account_id in self._again:
            self._again.discard(account_id)
            if not error:
                self.sync_now(account_id)

    def stop_sync(self, account_id: int) -> None:
        """Stop the account's sync at its next step (a big first sync the user does not want
        to wait for). Everything moved so far stays moved; the next sync — at the interval,
        or Sync now — goes on from there."""
        if self._worker.current == account_id:
            self._worker.stopping.set()

    def forget(self, account_id: int) -> None:
        """Drop what is known of an account (after it was edited: errors start afresh)."""
        self._status.pop(account_id, None)
        self.status_changed.emit(account_id)


def status_text(status: AccountStatus, *, now: datetime | None = None) -> str:
    """The status line: "Syncing… 120 of 1,000 — sending interactions", "Last sync 10:42 ·
    next at 10:57", errors."""
    from kith.core.local_time import local_wall

    def at(moment: datetime) -> str:
        wall = local_wall(moment)
        today = local_wall(now or utcnow()).date()
        return time_text(wall) if wall.date() == today else date_time_text(wall, year=False)

    if status.running:
        if status.total:
            doing = f" — {status.what[:1].lower()}{status.what[1:]}" if status.what else ""
            return f"Syncing… {status.done:,} of {status.total:,}{doing}"
        return "Syncing…"
    parts = []
    if status.error:
        parts.append(status.error)
    parts.append(f"Last sync {at(status.last_sync)}" if status.last_sync else "Not synced yet")
    if status.next_sync:
        word = "retrying" if status.error else "next"
        parts.append(f"{word} at {at(status.next_sync)}")
    return " · ".join(parts)


_instance: SyncRunner | None = None


def sync_runner() -> SyncRunner:
    """The application's single :class:`SyncRunner` (created on first use, GUI thread).

    The app calls ``sync_runner().start()`` once the window is up and ``stop()`` on quit;
    the settings page and the status bar read the same instance.
    """
    global _instance
    if _instance is None:
        _instance = SyncRunner()
    return _instance
