"""Prepares the search on a worker thread once the window has painted, and again a second
after writes to the contacts stop: the first keystrokes of a search then find the name order
in memory (:func:`kith.core.directory.prepare_search`, ~0.25 s at 100,000 people) instead of
reading it themselves, and neither the first paint nor a save waits for it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from kith.core.database import close_thread_connection
from kith.core.directory import prepare_search, search_is_prepared
from kith.ui.store_signals import store_signals
from kith.ui.worker_threads import start_worker

#: Writes that change what the search reads: the contacts, and the full-text index's words.
_INDEXED = frozenset({"contact", "contact_index", "contact_method", "tag", "contact_tag"})


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

    def __init__(self, widget: QWidget, *, after_changes_ms: int = 1000) -> None:
        """``after_changes_ms``: after a write to the contacts, how long things must stay
        quiet before the order is read again (a sync or an import writes in bursts; a search
        meanwhile reads it itself)."""
        super().__init__(widget)
        self._started = False
        self._running = False
        self._again = QTimer(self)
        self._again.setSingleShot(True)
        self._again.setInterval(after_changes_ms)
        self._again.timeout.connect(self.start)
        self._widget = widget
        widget.installEventFilter(self)
        store_signals().changed.connect(self._on_store_changed)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.begin()
        return False

    def begin(self) -> None:
        """Prepare now, as after the first paint (for a widget that has painted already)."""
        if not self._started:
            self._started = True
            self._widget.removeEventFilter(self)
            self.start()

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
            self._again.start()  # the contacts changed while it read them
        else:
            self.prepared.emit()

    def _on_store_changed(self, tables: frozenset[str]) -> None:
        if tables & _INDEXED and self._started:
            self._again.start()
