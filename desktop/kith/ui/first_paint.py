"""Work that waits for the window to paint.

What the first frame does not show — the tray, the reminders, the sync indicator, sync and
capture, the application's version — is set up once the window has painted, so the window
appears first (issue 18: the first paint within twice a bare Qt window's).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class AfterFirstPaint(QObject):
    """Calls ``then`` once, from the event loop, after ``target`` was first painted — or
    ``at_the_latest_ms`` after it was made, should ``target`` not paint by then (a window
    that opens where nothing shows it)."""

    def __init__(
        self, target: QWidget, then: Callable[[], None], *, at_the_latest_ms: int | None = None
    ) -> None:
        super().__init__(target)
        self._then: Callable[[], None] | None = then
        target.installEventFilter(self)
        if at_the_latest_ms is not None:
            QTimer.singleShot(at_the_latest_ms, self, self._run)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            # Not inside the paint: from the event loop, once the frame is on its way.
            QTimer.singleShot(0, self, self._run)
        return False

    def _run(self) -> None:
        then, self._then = self._then, None
        if then is not None:
            then()


def after_first_paint(
    target: QWidget, then: Callable[[], None], *, at_the_latest_ms: int | None = None
) -> AfterFirstPaint:
    """Call ``then`` once ``target`` has been painted (or ``at_the_latest_ms`` after now);
    it is dropped with ``target``."""
    return AfterFirstPaint(target, then, at_the_latest_ms=at_the_latest_ms)
