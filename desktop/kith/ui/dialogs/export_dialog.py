"""File ▸ Export ▸ …: pick a file, write it on a worker thread, say how many went out.

Four exports (core: :mod:`kith.core.export`): contacts as vCard 4.0 (everyone, or the
people selected in the Contacts list), follow-ups and birthdays as iCalendar, contacts as
CSV, and the full JSON backup. The save dialog goes through :attr:`ExportActions.ask_path`,
a seam tests replace. While a large export runs, a progress dialog (busy) shows; the result
is a status message with the count, or a message box saying plainly what went wrong.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, Qt, QThread, QTimer, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

from kith.core.database import close_thread_connection
from kith.core.export import (
    ExportError,
    export_contacts_csv,
    export_google_csv,
    export_icalendar,
    export_json_backup,
    export_outlook_csv,
    export_vcards,
)
from kith.core.local_time import local_today
from kith.ui.worker_threads import start_worker


@dataclass(frozen=True)
class ExportKind:
    key: str
    title: str  # the save dialog's title
    suffix: str
    file_filter: str
    stem: str  # the suggested file name without suffix


KINDS = {
    "vcard": ExportKind("vcard", "Export contacts as vCard", ".vcf", "vCard (*.vcf)", "contacts"),
    "ics": ExportKind(
        "ics",
        "Export follow-ups and birthdays as iCalendar",
        ".ics",
        "iCalendar (*.ics)",
        "follow-ups",
    ),
    "csv": ExportKind("csv", "Export contacts as CSV", ".csv", "CSV (*.csv)", "contacts"),
    "google-csv": ExportKind(
        "google-csv", "Export contacts for Google Contacts", ".csv", "CSV (*.csv)", "google"
    ),
    "outlook-csv": ExportKind(
        "outlook-csv", "Export contacts for Outlook", ".csv", "CSV (*.csv)", "outlook"
    ),
    "json": ExportKind(
        "json", "Full backup of Kith", ".json", "Kith backup (*.json)", "kith-backup"
    ),
}


def _plural(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"


def run_export(key: str, path: Path, contact_ids: Sequence[int] | None) -> str:
    """Write one export; return the status message ("Exported 152 contacts to …")."""
    if key == "vcard":
        count = export_vcards(path, contact_ids)
        return f"Exported {_plural(count, 'contact', 'contacts')} to {path.name} (vCard)."
    if key == "csv":
        count = export_contacts_csv(path, contact_ids)
        return f"Exported {_plural(count, 'contact', 'contacts')} to {path.name} (CSV)."
    if key in ("google-csv", "outlook-csv"):
        writer = export_google_csv if key == "google-csv" else export_outlook_csv
        count = writer(path, contact_ids)
        shape = "Google" if key == "google-csv" else "Outlook"
        return f"Exported {_plural(count, 'contact', 'contacts')} to {path.name} ({shape} CSV)."
    if key == "ics":
        follow_ups, birthdays, dated = export_icalendar(path)
        dates = f" and {_plural(dated, 'other date', 'other dates')}" if dated else ""
        return (
            f"Exported {_plural(follow_ups, 'open follow-up', 'open follow-ups')} and "
            f"{_plural(birthdays, 'birthday', 'birthdays')}{dates} to {path.name}."
        )
    if key == "json":
        summary = export_json_backup(path)
        return f"Backed up {summary} to {path.name}."
    raise ValueError(f"Unknown export: {key}")


class ExportWorker(QObject):
    """Runs one export on a worker thread."""

    done = Signal(str)
    failed = Signal(str)
    finished = Signal()

    def __init__(self, key: str, path: Path, contact_ids: Sequence[int] | None) -> None:
        super().__init__()
        self.key, self.path, self.contact_ids = key, path, contact_ids

    def run(self) -> None:
        try:
            self.done.emit(run_export(self.key, self.path, self.contact_ids))
        except ExportError as exc:
            self.failed.emit(str(exc))
        except OSError as exc:
            self.failed.emit(f"Kith could not write {self.path}: {exc.strerror or exc}.")
        except Exception as exc:  # a bug: say so, and let the log have the details
            self.failed.emit(f"The export failed: {exc}")
            traceback.print_exc()
        finally:
            close_thread_connection()
            self.finished.emit()


class ExportActions(QObject):
    """The File ▸ Export ▸ … actions of a window."""

    status_message = Signal(str)
    #: An export ended: the status message, or None when it failed or was not started.
    finished = Signal(object)

    #: Show the progress dialog only when an export takes longer than this (ms).
    PROGRESS_DELAY_MS = 400

    def __init__(self, window: QWidget, selected_ids: Callable[[], list[int]]) -> None:
        super().__init__(window)
        self._window = window
        self._selected_ids = selected_ids
        #: The save dialog: (title, suggested path, filter) → chosen path or None.
        self.ask_path: Callable[[str, str, str], Path | None] = self._ask_path
        #: How an error is shown (tests replace it).
        self.show_error: Callable[[str], None] = self._show_error
        self._thread: QThread | None = None
        self._worker: ExportWorker | None = None
        self._progress: QProgressDialog | None = None
        self.last_folder: Path | None = None
        self._result: str | None = None

    @property
    def busy(self) -> bool:
        return self._thread is not None

    def export_vcard(self, *, selected: bool = False) -> bool:
        return self.export("vcard", selected=selected)

    def export_icalendar(self) -> bool:
        return self.export("ics")

    def export_csv(self, *, selected: bool = False) -> bool:
        return self.export("csv", selected=selected)

    def export_backup(self) -> bool:
        return self.export("json")

    def export(self, key: str, *, selected: bool = False) -> bool:
        """Ask where, then write in the background. False when nothing was started."""
        if self.busy:
            self.status_message.emit("An export is still running.")
            return False
        kind = KINDS[key]
        ids: list[int] | None = None
        if selected:
            ids = self._selected_ids()
            if not ids:
                self.status_message.emit("Select the people to export in the Contacts list.")
                return False
        stem = kind.stem
        if key == "json":
            stem = f"{stem}-{local_today():%Y-%m-%d}"
        elif ids is not None:
            stem = f"{stem}-{len(ids)}"
        folder = self.last_folder or Path(
            QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
            or Path.home()
        )
        title = (
            kind.title if ids is None else f"{kind.title} ({_plural(len(ids), 'person', 'people')})"
        )
        path = self.ask_path(title, str(folder / f"{stem}{kind.suffix}"), kind.file_filter)
        if path is None:
            return False
        path = Path(path)
        if not path.suffix:
            path = path.with_suffix(kind.suffix)
        self.last_folder = path.parent
        self._start(key, path, ids)
        return True

    # internals ------------------------------------------------------------------------

    def _start(self, key: str, path: Path, ids: list[int] | None) -> None:
        worker = ExportWorker(key, path, ids)
        worker.done.connect(self._on_done)
        worker.failed.connect(self._on_failed)
        worker.finished.connect(self._on_worker_finished)
        self._worker = worker
        self._result = None
        progress = QProgressDialog(f"Writing {path.name}…", "", 0, 0, self._window)
        progress.setWindowTitle("Exporting")
        progress.setCancelButton(None)  # an export is short and atomic: it cannot half-finish
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(self.PROGRESS_DELAY_MS)
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        self._progress = progress
        # The busy dialog appears only if the export is still running after the delay.
        QTimer.singleShot(0, progress, lambda: progress.setValue(0))
        self.status_message.emit(f"Exporting to {path.name}…")
        self._thread = start_worker(worker, worker.run, worker.finished, lambda: None)

    def _on_done(self, message: str) -> None:
        self._close_progress()
        self.status_message.emit(message)
        self._result = message

    def _on_failed(self, message: str) -> None:
        self._close_progress()
        self._result = None
        self.status_message.emit("The export failed.")
        self.show_error(message)

    def _on_worker_finished(self) -> None:
        self._thread = None
        self._worker = None
        self.finished.emit(self._result)

    def _close_progress(self) -> None:
        if self._progress is not None:
            self._progress.close()
            self._progress.deleteLater()
            self._progress = None

    def _ask_path(self, title: str, suggested: str, file_filter: str) -> Path | None:
        path, _ = QFileDialog.getSaveFileName(self._window, title, suggested, file_filter)
        return Path(path) if path else None

    def _show_error(self, message: str) -> None:
        QMessageBox.warning(self._window, "Export failed", message)

    def wait(self) -> None:
        """Wait for a running export (for closing the window)."""
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait()
