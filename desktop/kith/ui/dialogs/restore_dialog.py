"""File ▸ Restore from backup…: Kith's automatic backups, newest first, each with its date (in
the user's locale), why it was made, and how many people and interactions it holds (read from
the backup itself, read-only). Restoring one asks first, keeps the data as it is now as a
backup of its own (:func:`kith.core.backups.restore_backup`), and every open view re-reads.

The question before restoring goes through :attr:`RestoreDialog.confirm`, a seam tests replace.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QLocale, QSize, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kith.core.backups import (
    BackupError,
    BackupSummary,
    RestoreError,
    RestoreResult,
    backup_summaries,
    backups_folder,
    restore_backup,
    size_cap,
)
from kith.core.local_time import local_wall
from kith.ui.dialogs.dialog import Dialog
from kith.ui.formats import date_time_text
from kith.ui.widgets.buttons import make_primary

COLUMNS = ("When", "Why", "People", "Interactions", "Size")

INTRO = (
    "Kith copies your data once a day, just before every import, merge, bulk delete and "
    "restore, and when you quit after changes. Choose a copy to go back to it: your data as "
    "it is now is kept as a copy first, so you can come back to it the same way."
)


def when_text(taken_at: datetime) -> str:
    """A backup's moment (naive UTC) as a local date and time: "Wed, 5 Aug 2026, 09:00"."""
    return date_time_text(local_wall(taken_at), weekday=True)


def size_text(size: int, locale: QLocale | None = None) -> str:
    """Sizes in MB of 1,024 KB, as the size cap is set (Settings ▸ Backups, ``kith backups``)."""
    locale = locale or QLocale()
    return locale.formattedDataSize(size, 1, QLocale.DataSizeFormat.DataSizeTraditionalFormat)


def _count(value: int | None, locale: QLocale) -> str:
    return "?" if value is None else locale.toString(value)


class RestoreDialog(Dialog):
    """The backups of the open database; Restore… brings the chosen one back."""

    #: A backup was restored (a :class:`~kith.core.backups.RestoreResult`).
    restored = Signal(object)

    def __init__(self, parent: QWidget | None = None, *, database: Path | None = None) -> None:
        super().__init__(parent)
        #: The database whose backups are listed and restored into (None: the open one).
        self.database = database
        self.setWindowTitle("Restore from backup")
        self.setMinimumSize(QSize(760, 420))
        self.locale = QLocale()
        #: Asked before restoring: the backup → go ahead?
        self.confirm: Callable[[BackupSummary], bool] = self._confirm
        self.summaries: list[BackupSummary] = []

        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setAccessibleName("Backups")
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemSelectionChanged.connect(self._update)
        self.table.itemDoubleClicked.connect(lambda _item: self.restore_selected())

        self.where_label = QLabel()
        self.where_label.setProperty("role", "muted")
        self.where_label.setWordWrap(True)
        self.where_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label = QLabel()
        self.error_label.setProperty("role", "error")
        self.error_label.setWordWrap(True)
        self.error_label.hide()

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.restore_button = QPushButton("Restore…")
        make_primary(self.restore_button)
        self.restore_button.clicked.connect(self.restore_selected)
        self.buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.folder_button = QPushButton("Show the folder")
        self.folder_button.clicked.connect(self.show_folder)
        self.buttons.addButton(self.folder_button, QDialogButtonBox.ButtonRole.HelpRole)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 18, 18, 14)
        layout.setSpacing(10)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.where_label)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.reload()

    # the list -------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the backups again (each one opened read-only for its counts)."""
        self.summaries = backup_summaries(self.database)
        self.table.setRowCount(len(self.summaries))
        for row, summary in enumerate(self.summaries):
            backup = summary.backup
            cells = [
                when_text(backup.taken_at),
                backup.reason if summary.readable else f"{backup.reason} (cannot be read)",
                _count(summary.people, self.locale),
                _count(summary.interactions, self.locale),
                size_text(backup.size, self.locale),
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column >= 2:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                item.setToolTip(str(backup.path))
                self.table.setItem(row, column, item)
        folder = backups_folder(self.database)
        folder = folder.absolute() if folder is not None else None
        used = sum(s.backup.size for s in self.summaries)
        if folder is None:
            self.where_label.setText("")
        elif not self.summaries:
            self.where_label.setText(f"No copies yet. They will be kept in {folder}.")
        else:
            self.where_label.setText(
                f"Kept in {folder} · {size_text(used, self.locale)} of the "
                f"{size_text(size_cap(), self.locale)} they may take (Settings ▸ Backups)."
            )
        if self.summaries:
            self.table.selectRow(0)
        self._update()

    def rows(self) -> list[list[str]]:
        """The table's text, row by row (what the user reads)."""
        return [
            [self.table.item(r, c).text() for c in range(len(COLUMNS))]
            for r in range(self.table.rowCount())
        ]

    def selected(self) -> BackupSummary | None:
        rows = self.table.selectionModel().selectedRows()
        return self.summaries[rows[0].row()] if rows else None

    def select_row(self, row: int) -> None:
        self.table.selectRow(row)

    def _update(self) -> None:
        summary = self.selected()
        self.restore_button.setEnabled(summary is not None and summary.readable)

    # restoring ------------------------------------------------------------------------

    def restore_selected(self) -> RestoreResult | None:
        """Ask, then restore the selected backup; None when cancelled or refused."""
        summary = self.selected()
        if summary is None or not summary.readable or not self.confirm(summary):
            return None
        try:
            result = restore_backup(summary.backup, database=self.database)
        except (RestoreError, BackupError) as exc:
            self.error_label.setText(str(exc))
            self.error_label.show()
            self.reload()
            return None
        self.restored.emit(result)
        self.accept()
        return result

    def _confirm(self, summary: BackupSummary) -> bool:
        when = when_text(summary.backup.taken_at)
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Restore from backup",
            f"Go back to the copy of {when}?",
            parent=self,
        )
        box.setInformativeText(
            f"It holds {_count(summary.people, self.locale)} people and "
            f"{_count(summary.interactions, self.locale)} interactions. Your data as it is now "
            "is kept as a copy first, so you can come back to it."
        )
        restore = box.addButton("Restore", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is restore

    def show_folder(self) -> None:
        folder = backups_folder(self.database)
        if folder is not None:
            Path(folder).mkdir(parents=True, exist_ok=True)
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


def restore_from_backup(database: Path, parent: QWidget | None = None) -> bool:
    """The backups of ``database`` (a damaged file, open or not) in a modal dialog; True when
    one was restored into it. The window's own restore, when ``parent`` is the window, clears
    its undo history and says what came back."""
    dialog = RestoreDialog(parent, database=database)
    actions = getattr(parent, "data_actions", None)
    if actions is not None:
        dialog.restored.connect(actions.on_restored)
    return dialog.exec() == QDialog.DialogCode.Accepted
