"""Worker threads for long jobs (import, export) that outlive the dialog that started them.

A job's QThread has no Qt parent, so closing or deleting a dialog never destroys a thread
that is still running (Qt aborts on that); the thread is kept here until it has finished,
and :func:`stop_all` cancels and joins whatever still runs when the application quits.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, QThread, SignalInstance

_running: list[tuple[QThread, QObject, Callable[[], None]]] = []
_hooked = False


def start_worker(
    worker: QObject,
    run: Callable[[], None],
    finished: SignalInstance,
    cancel: Callable[[], None],
) -> QThread:
    """Run ``run`` (a method of ``worker``) on a new thread; ``finished`` ends the thread."""
    global _hooked
    _running[:] = [item for item in _running if not item[0].isFinished()]
    thread = QThread()
    worker.moveToThread(thread)
    thread.started.connect(run)
    finished.connect(thread.quit)
    _running.append((thread, worker, cancel))
    app = QCoreApplication.instance()
    if app is not None and not _hooked:
        app.aboutToQuit.connect(stop_all)
        _hooked = True
    thread.start()
    return thread


def stop_all() -> None:
    """Cancel every job still running and wait for its thread."""
    for thread, _worker, cancel in list(_running):
        if thread.isRunning():
            cancel()
            thread.quit()
            thread.wait()
    _running.clear()
