"""Builds the QApplication, opens the database (explaining any problem), shows the window."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from kith.store.database import DatabaseOpenError, open_database
from kith.store.paths import APP_NAME, default_database_path


def _ask_for_database(error: DatabaseOpenError) -> Path | None:
    """Explain why a file cannot be opened; let the user pick another one or quit."""
    box = QMessageBox(QMessageBox.Icon.Critical, error.title, str(error))
    box.setInformativeText(
        "You can open another Kith database, or start a new one in a different file."
    )
    other = box.addButton("Open or create another file…", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    if box.clickedButton() is not other:
        return None
    name, _ = QFileDialog.getSaveFileName(
        None,
        "Open or create a Kith database",
        str(error.path.with_name("kith.sqlite")),
        "Kith database (*.sqlite);;All files (*)",
        options=QFileDialog.Option.DontConfirmOverwrite,
    )
    return Path(name) if name else None


class _FirstPaintProbe(QObject):
    """For bench/: print "first-paint" once the window's content has been painted, then quit."""

    def __init__(self, target: QWidget) -> None:
        super().__init__(target)
        self._done = False
        target.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self._done:
            self._done = True
            QTimer.singleShot(0, self._report)
        return False

    def _report(self) -> None:
        print("first-paint", flush=True)
        QApplication.quit()


def run_gui(args: argparse.Namespace) -> int:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setDesktopFileName("kith")

    from kith import __version__
    from kith.ui.icons import app_icon
    from kith.ui.theme import ThemeWatcher

    app.setApplicationVersion(__version__)
    app.setWindowIcon(app_icon())
    ThemeWatcher(app)
    if args.self_test:
        from kith.self_test import run_self_test

        return run_self_test(app, args.database)

    path: Path | None = args.database or default_database_path()
    while True:
        assert path is not None
        try:
            open_database(path)
            break
        except DatabaseOpenError as exc:
            path = _ask_for_database(exc)
            if path is None:
                return 2

    from kith.ui.main_window import MainWindow

    window = MainWindow(path)
    if args.exit_after_first_paint:
        # The page the window opens on (a list, or its empty state) paints inside this.
        _FirstPaintProbe(window.centralWidget())
    window.show()
    return app.exec()
