"""A file dropped on the window: what Kith imports (File ▸ Import…'s filter, the endings a drop
accepts) and the event filter that takes the drop — apart from the import dialog, so the window
does not import the dialog (and the importers) before it first shows."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QWidget

#: File name endings the window accepts when a file is dropped on it.
IMPORT_SUFFIXES = (".vcf", ".vcard", ".csv", ".json")

#: The file dialog's filter for File ▸ Import….
IMPORT_FILTER = (
    "Contacts (*.vcf *.vcard *.csv *.json);;vCard (*.vcf *.vcard);;CSV (*.csv);;"
    "Kith backup (*.json);;All files (*)"
)


def importable_paths(mime: Any) -> list[Path]:
    """The local files in a drag that look like something Kith imports."""
    if not mime.hasUrls():
        return []
    paths = [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]
    return [p for p in paths if p.suffix.lower() in IMPORT_SUFFIXES]


class FileDropFilter(QObject):
    """Lets a window take a .vcf, .csv or .json file dropped on it and import it."""

    def __init__(self, window: QWidget, open_file: Callable[[Path], object]) -> None:
        super().__init__(window)
        self._open = open_file
        window.setAcceptDrops(True)
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            assert isinstance(event, QDragMoveEvent)
            if importable_paths(event.mimeData()):
                event.acceptProposedAction()
                return True
        elif event.type() == QEvent.Type.Drop:
            assert isinstance(event, QDropEvent)
            paths = importable_paths(event.mimeData())
            if paths:
                event.acceptProposedAction()
                self._open(paths[0])
                return True
        return False
