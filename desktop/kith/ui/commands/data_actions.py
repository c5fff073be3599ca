"""The window's import, export, restore and duplicates actions: menus, the file drop, the
dialogs.

:class:`DataActions` gives the main window File ▸ Import… (Ctrl+I) and dropping a .vcf,
.csv or .json file on the window, File ▸ Export ▸ …, File ▸ Restore from backup…, and
Contacts ▸ Find duplicates…. An import becomes one undo step
(:class:`~kith.ui.commands.contact_commands.ImportCommand`); a restore empties the undo
history (its steps speak of data that is no longer there).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QMainWindow, QMenu, QMenuBar

from kith.ui.file_drop import IMPORT_FILTER, FileDropFilter
from kith.ui.icons import icon

if TYPE_CHECKING:  # the dialogs are imported when first opened: start-up does not wait for them
    from kith.core.backups import RestoreResult
    from kith.core.importing.undo import ImportUndo
    from kith.ui.dialogs.duplicates_dialog import DuplicatesDialog
    from kith.ui.dialogs.export_dialog import ExportActions
    from kith.ui.dialogs.import_dialog import ImportDialog
    from kith.ui.dialogs.restore_dialog import RestoreDialog


class DataActions(QObject):
    """Import, export and find-duplicates for one main window."""

    def __init__(
        self,
        window: QMainWindow,
        undo_stack: QUndoStack,
        selected_contacts: Callable[[], list[int]],
        show_status: Callable[[str], None],
    ) -> None:
        super().__init__(window)
        self._window = window
        self._undo = undo_stack
        self._selected = selected_contacts
        self._status = show_status
        #: The open-file dialog for File ▸ Import… (tests replace it): → path or None.
        self.ask_open_path: Callable[[], Path | None] = self._ask_open_path
        self._exporter: ExportActions | None = None
        self.drop_filter = FileDropFilter(window, self.import_file)
        self.import_dialog: ImportDialog | None = None
        self.duplicates_dialog: DuplicatesDialog | None = None
        self.restore_dialog: RestoreDialog | None = None
        self._last_folder: Path | None = None

    @property
    def exporter(self) -> ExportActions:
        """File ▸ Export's actions, made (and the export code imported) on first use."""
        if self._exporter is None:
            from kith.ui.dialogs.export_dialog import ExportActions

            self._exporter = ExportActions(self._window, self._selected)
            self._exporter.status_message.connect(self._status)
        return self._exporter

    # import ---------------------------------------------------------------------------

    def import_file(self, path: Path | str | None = None) -> ImportDialog | None:
        """Open the review dialog for ``path`` (asks for a file when None); window-modal."""
        from kith.ui.dialogs.import_dialog import ImportDialog

        if path is None:
            path = self.ask_open_path()
            if path is None:
                return None
        path = Path(path)
        self._last_folder = path.parent
        if self.import_dialog is not None:
            self.import_dialog.close()
        dialog = ImportDialog(path, self._window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.imported.connect(lambda undo: self._on_imported(undo, path.name))
        dialog.finished.connect(lambda _: setattr(self, "import_dialog", None))
        self.import_dialog = dialog
        dialog.open()
        dialog.activateWindow()
        dialog.start()
        return dialog

    def _on_imported(self, undo: ImportUndo, source: str) -> None:
        from kith.ui.commands.contact_commands import ImportCommand

        self._undo.push(ImportCommand(undo, source))
        added, merged = len(undo.added), len(undo.merged)
        text = f"Imported {added:,} {'person' if added == 1 else 'people'} from {source}"
        if merged:
            text += f", merged {merged:,}"
        self._status(text + ". Undo with Ctrl+Z.")

    def _ask_open_path(self) -> Path | None:
        from PySide6.QtCore import QStandardPaths
        from PySide6.QtWidgets import QFileDialog  # its type, made on first use

        folder = self._last_folder or Path(
            QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DownloadLocation)
            or Path.home()
        )
        path, _ = QFileDialog.getOpenFileName(
            self._window, "Import contacts", str(folder), IMPORT_FILTER
        )
        return Path(path) if path else None

    # restore --------------------------------------------------------------------------

    def restore_from_backup(self) -> RestoreDialog:
        """File ▸ Restore from backup… (window-modal; returns at once)."""
        from kith.ui.dialogs.restore_dialog import RestoreDialog

        if self.restore_dialog is not None:
            self.restore_dialog.close()
        dialog = RestoreDialog(self._window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.restored.connect(self.on_restored)
        dialog.finished.connect(lambda _: setattr(self, "restore_dialog", None))
        self.restore_dialog = dialog
        dialog.open()
        dialog.activateWindow()
        return dialog

    def on_restored(self, result: RestoreResult) -> None:
        """A backup came back: the undo history goes (its steps speak of other data)."""
        from kith.ui.dialogs.restore_dialog import when_text

        self._undo.clear()
        held = result.restored
        people, interactions = held.people or 0, held.interactions or 0
        text = (
            f"Restored the copy of {when_text(held.backup.taken_at)}: "
            f"{people:,} {'person' if people == 1 else 'people'}, "
            f"{interactions:,} {'interaction' if interactions == 1 else 'interactions'}."
        )
        if result.kept_as is not None:
            text += " Your data from before is kept as a copy (File ▸ Restore from backup…)."
        self._status(text)

    # duplicates -----------------------------------------------------------------------

    def find_duplicates(self) -> DuplicatesDialog:
        """Open Contacts ▸ Find duplicates… (window-modal; returns at once)."""
        from kith.ui.dialogs.duplicates_dialog import DuplicatesDialog

        if self.duplicates_dialog is not None:
            self.duplicates_dialog.close()
        dialog = DuplicatesDialog(self._undo, self._window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.status_message.connect(self._status)
        dialog.finished.connect(lambda _: setattr(self, "duplicates_dialog", None))
        self.duplicates_dialog = dialog
        dialog.open()
        dialog.activateWindow()
        return dialog

    # menus ----------------------------------------------------------------------------

    def _action(
        self, text: str, slot: Callable[[], object], shortcut: str = "", icon_name: str = ""
    ) -> QAction:
        action = QAction(text, self._window)
        if icon_name:
            action.setIcon(icon(icon_name))
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _=False: slot())
        self._window.addAction(action)
        return action

    def add_file_menu_entries(self, menu: QMenu) -> None:
        """File ▸ Import… (Ctrl+I), File ▸ Export ▸ … and File ▸ Restore from backup…."""
        self.import_action = self._action("&Import…", self.import_file, "Ctrl+I", "import")
        menu.addAction(self.import_action)
        export = menu.addMenu(icon("export"), "&Export")
        self.export_menu = export
        export.addAction(self._action("Contacts as &vCard…", lambda: self.exporter.export_vcard()))
        self.export_selected_vcard = self._action(
            "&Selected contacts as vCard…", lambda: self.exporter.export_vcard(selected=True)
        )
        export.addAction(self.export_selected_vcard)
        export.addAction(
            self._action(
                "Follow-ups and birthdays as i&Calendar…", lambda: self.exporter.export_icalendar()
            )
        )
        export.addAction(self._action("Contacts as &CSV…", lambda: self.exporter.export_csv()))
        self.export_selected_csv = self._action(
            "Selected contacts as CS&V…", lambda: self.exporter.export_csv(selected=True)
        )
        export.addAction(self.export_selected_csv)
        export.addAction(
            self._action(
                "Contacts for &Google Contacts (CSV)…", lambda: self.exporter.export("google-csv")
            )
        )
        export.addAction(
            self._action(
                "Contacts for &Outlook (CSV)…", lambda: self.exporter.export("outlook-csv")
            )
        )
        export.addSeparator()
        export.addAction(
            self._action("Full &backup (JSON)…", lambda: self.exporter.export_backup())
        )
        export.aboutToShow.connect(self._update_export_menu)
        self.restore_action = self._action("&Restore from backup…", self.restore_from_backup)
        menu.addAction(self.restore_action)

    def _update_export_menu(self) -> None:
        count = len(self._selected())
        for action, what in (
            (self.export_selected_vcard, "vCard"),
            (self.export_selected_csv, "CSV"),
        ):
            action.setEnabled(count > 0)
            who = "1 selected contact" if count == 1 else f"{count:,} selected contacts"
            action.setText(f"{who.capitalize()} as {what}…" if count else f"Selected as {what}…")

    def add_contacts_menu(self, bar: QMenuBar, before: QAction | None = None) -> QMenu:
        """Contacts ▸ Find duplicates…."""
        menu = QMenu("&Contacts", bar)
        if before is not None:
            bar.insertMenu(before, menu)
        else:
            bar.addMenu(menu)
        self.find_duplicates_action = self._action(
            "Find &duplicates…", self.find_duplicates, icon_name="contacts"
        )
        menu.addAction(self.find_duplicates_action)
        return menu
