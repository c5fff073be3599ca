"""Prepares the search on a worker thread once the window has painted, and again after each
write to the contacts: the first keystrokes of a search then find the name order in memory
(:func:`kith.core.directory.prepare_search`, ~0.25 s at 100,000 people) instead of reading
it themselves, and neither the first paint nor a save waits for it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import QWidget

from kith.core.database import close_thread_connection
from kith.core.directory import prepare_search, search_is_prepared
from kith.ui.store_signals import store_signals
from kith.ui.worker_threads import start_worker


class _Preparer(QObject):
    finished = Signal()

    def run(self) -> None:
        try:
            prepare_search()
        finally:
            close_thread_connection()
            self.finished.emit()


class SearchPreparer(QObject):
    """Starts :func:`~kith.core.directory.prepare_search` on a worker thread after the first
    paint of ``widget`` (the window's central widget)."""

    #: The search is prepared (emitted on the GUI thread).
    prepared = Signal()

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self._started = False
        self._running = False
        widget.installEventFilter(self)
        store_signals().changed.connect(self._on_store_changed)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self._started:
            self._started = True
            watched.removeEventFilter(self)
            self.start()
        return False

    def start(self) -> None:
        """Prepare the search now, on a worker thread (unless one is at it already)."""
        if self._running:
            return
        self._running = True
        worker = _Preparer()
        worker.finished.connect(self._done)
        start_worker(worker, worker.run, worker.finished, cancel=lambda: None)

    def _done(self) -> None:
        self._running = False
        if self._started and not search_is_prepared():
            self.start()  # the contacts changed while it read them
        else:
            self.prepared.emit()

    def _on_store_changed(self, tables: frozenset[str]) -> None:
        if "contact" in tables and self._started:
            self.start()
