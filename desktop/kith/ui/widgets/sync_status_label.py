"""The main window's sync indicator: a small status-bar label that says how sync is doing.

Empty while no account is set up; "Syncing… 120 of 1,000" during a sync; "Synced 10:42"
after one; "Sync problem" (in the error colour, the whole message as its tooltip) after an
error. It reads the :class:`~kith.ui.sync_runner.SyncRunner` and never touches the network.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from kith.core.sync.accounts import list_accounts
from kith.ui.formats import time_text
from kith.ui.store_signals import store_signals
from kith.ui.sync_runner import SyncRunner, status_text
from kith.ui.theme import set_style_property


class SyncStatusLabel(QLabel):
    def __init__(self, runner: SyncRunner | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        if runner is None:
            from kith.ui.sync_runner import sync_runner

            runner = sync_runner()
        self.runner = runner
        self.setAccessibleName("Sync status")
        runner.status_changed.connect(self.refresh)
        store_signals().changed.connect(self._store_changed)
        self.refresh()

    def _store_changed(self, tables: frozenset[str]) -> None:
        if "sync_account" in tables:
            self.refresh()

    def refresh(self, *_: object) -> None:
        accounts = [a for a in list_accounts() if a.enabled]
        if not accounts:
            self.clear()
            self.setToolTip("")
            self.hide()
            return
        states = [(a, self.runner.status(a.id)) for a in accounts]
        running = [s for _, s in states if s.running]
        failed = [(a, s) for a, s in states if s.error and not s.running]
        if running:
            text = status_text(running[0])
            role = "muted"
            tip = "\n".join(f"{a.name}: {status_text(s)}" for a, s in states)
        elif failed:
            text = "Sync problem"
            role = "error"
            tip = "\n".join(f"{a.name}: {s.error}" for a, s in failed)
        else:
            times = [s.last_sync for _, s in states if s.last_sync is not None]
            if times:
                from kith.core.local_time import local_wall

                text = f"Synced {time_text(local_wall(max(times)))}"
            else:
                text = "Not synced yet"
            role = "muted"
            tip = "\n".join(f"{a.name}: {status_text(s)}" for a, s in states)
        self.setText(text)
        self.setToolTip(tip + "\nSettings ▸ Sync has the details.")
        if self.property("role") != role:
            set_style_property(self, "role", role)
        self.show()
