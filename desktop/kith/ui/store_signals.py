"""The one place where the store's change hub becomes a Qt signal every view listens to."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from kith.store.changes import changes


class StoreSignals(QObject):
    """Emits ``changed(tables)`` on the GUI thread after any write transaction commits.

    ``tables`` is a frozenset of the table names written. Writes committed on a worker
    thread are delivered through Qt's queued connection, so slots always run on the GUI
    thread.
    """

    changed = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._unsubscribe = changes.subscribe(self._relay)
        unsubscribe = self._unsubscribe
        self.destroyed.connect(lambda *_: unsubscribe())

    def _relay(self, tables: frozenset[str]) -> None:
        self.changed.emit(tables)

    def close(self) -> None:
        self._unsubscribe()


_instance: StoreSignals | None = None


def store_signals() -> StoreSignals:
    """The application's single :class:`StoreSignals` (created on first use, GUI thread)."""
    global _instance
    if _instance is None:
        _instance = StoreSignals()
    return _instance
