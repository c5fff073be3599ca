"""Database failures inside a slot are told to the user in a dialog, never as a traceback.

Qt hands an exception raised in a slot (a click, a timer, a store signal) to ``sys.excepthook``
and carries on, so the one place to catch what the database raises at any moment is that hook.
:class:`DatabaseErrorHook` replaces it while the window runs: an exception that
:func:`kith.core.database.explain_failure` can explain — a read that met a damaged page, a write
refused by a read-only file, a lock or a full disk — gets its message in a dialog (the same
title and words as at start-up); anything else goes on to the previous hook, because a bug
should stay visible as one.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QMessageBox, QWidget

from kith.core.database import (
    BackgroundCheck,
    CorruptDatabaseError,
    DatabaseProblem,
    check_problem,
    explain_failure,
)

#: Put a backup of a damaged file back: (the damaged file, the parent for any dialog) → True
#: when it did. Set by the backups feature (File ▸ Restore from backup…); while it is None, the
#: damaged dialogs offer another file (at start) or Quit (later) and say where backups are kept.
RestoreFromBackup = Callable[[Path, QWidget | None], bool]
restore_from_backup: RestoreFromBackup | None = None

RESTORE_BUTTON = "Restore from backup…"


def backups_hint(path: Path) -> str:
    """Where to look for a good copy of ``path``."""
    return (
        f"Kith keeps automatic backups of this file in {path.parent / 'backups'}; a copy you "
        "made yourself, or a full backup (JSON) you exported, will do as well."
    )


class DatabaseErrorHook(QObject):
    """``sys.excepthook`` while the window runs (see the module's docstring)."""

    def __init__(self, window: QWidget, quit_app: Callable[[], None]) -> None:
        super().__init__(window)
        self.window = window
        self.quit_app = quit_app
        self.box: QMessageBox | None = None
        self._previous = sys.excepthook

    def install(self) -> DatabaseErrorHook:
        self._previous = sys.excepthook
        sys.excepthook = self
        return self

    def uninstall(self) -> None:
        if sys.excepthook is self:
            sys.excepthook = self._previous

    def __call__(
        self,
        kind: type[BaseException],
        value: BaseException,
        traceback: TracebackType | None,
    ) -> None:
        problem = explain_failure(value)
        if problem is None:
            self._previous(kind, value, traceback)
            return
        self.show(problem)

    def report_check(self, check: BackgroundCheck, interval_ms: int = 100) -> None:
        """Show what the start-up check of every page finds (a damaged page: the damaged
        dialog), when it is done — for a file large enough that the window did not wait."""

        timer = QTimer(self)
        timer.setInterval(interval_ms)

        def look() -> None:
            if not check.wait(0):
                return
            timer.stop()
            timer.deleteLater()
            problem = check_problem(check)
            if problem is not None:
                self.show(problem)

        timer.timeout.connect(look)
        timer.start()
        look()

    def show(self, problem: DatabaseProblem) -> QMessageBox:
        """The dialog for ``problem`` (one at a time: a failure met while it is up joins it)."""
        if self.box is not None and self.box.isVisible():
            return self.box
        damaged = isinstance(problem, CorruptDatabaseError)
        box = QMessageBox(
            QMessageBox.Icon.Critical if damaged else QMessageBox.Icon.Warning,
            problem.title,
            str(problem),
            parent=self.window,
        )
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if damaged:
            restore = None
            if restore_from_backup is not None:
                restore = box.addButton(RESTORE_BUTTON, QMessageBox.ButtonRole.AcceptRole)
            else:
                box.setInformativeText(backups_hint(problem.path))
            quit_button = box.addButton("Quit Kith", QMessageBox.ButtonRole.DestructiveRole)
            box.addButton("Keep the window open", QMessageBox.ButtonRole.RejectRole)

            def chosen(button: object) -> None:
                if button is quit_button:
                    self.quit_app()
                elif button is restore and restore_from_backup is not None:
                    restore_from_backup(problem.path, self.window)

            box.buttonClicked.connect(chosen)
        else:
            box.addButton(QMessageBox.StandardButton.Ok)
        self.box = box
        box.open()
        return box
