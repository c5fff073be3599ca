"""File ▸ Import…: review everyone in a file, choose whom to keep close, then import in one go.

The file is read on a worker thread (:class:`ReviewWorker`): rows stream into the table
while parsing continues, with a progress bar and Cancel. An encrypted Kith backup is read with
the open database's key; one made from another database (or with another passphrase) is read
once its passphrase or recovery key is given, and without it the dialog says it cannot be.
Nothing is written until Import; the import itself runs on a worker thread too
(:class:`ApplyWorker`), in one transaction, so Cancel (or any error) leaves the database
exactly as it was.
"""

from __future__ import annotations

import html
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QObject,
    Qt,
    QThread,
    Signal,
)
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QProgressBar,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kith.core.database import close_thread_connection
from kith.core.importing.apply import (
    Decision,
    ImportApplyError,
    ImportCancelled,
    ImportResult,
    apply_import,
)
from kith.core.importing.file import EncryptedBackupError, ImportFileError
from kith.core.importing.review import Candidate, ImportReview, Status
from kith.core.importing.undo import ImportUndo, before_import, import_undo
from kith.ui.dialogs.dialog import Dialog
from kith.ui.file_drop import IMPORT_FILTER, IMPORT_SUFFIXES, FileDropFilter, importable_paths
from kith.ui.icons import icon
from kith.ui.lists.column_fitter import ColumnFitter
from kith.ui.lists.import_review_model import (
    ACTION,
    CHANNEL,
    COMPANY,
    NAME,
    STATUS,
    TAGS,
    ImportFilterModel,
    ImportReviewModel,
    action_text,
    choices,
)
from kith.ui.lists.index import ModelIndex
from kith.ui.theme import current_theme, set_style_property
from kith.ui.widgets.buttons import make_primary
from kith.ui.worker_threads import start_worker

if TYPE_CHECKING:
    from kith.core.encryption import FileKey

__all__ = ["IMPORT_FILTER", "IMPORT_SUFFIXES", "FileDropFilter", "ImportDialog", "importable_paths"]


def locked_text(name: str) -> str:
    """What the dialog says of an encrypted backup it was given no key for."""
    return (
        f"“{name}” is an encrypted Kith backup, and Kith cannot read it without the passphrase "
        "or the recovery key of the database it was made from. Nothing was imported."
    )


class ReviewWorker(QObject):
    """Reads and reviews a file on a worker thread; candidates arrive in small batches."""

    opened = Signal(str, str)  # format name, encoding
    rows = Signal(list)  # list[Candidate]
    progress = Signal(float)  # 0.0–1.0
    failed = Signal(str)
    #: An encrypted backup the key it was read with does not open: the message says why.
    locked = Signal(str)
    finished = Signal(bool)  # True: read to the end; False: cancelled or failed

    #: At most this long (seconds) between two batches, so the table fills smoothly.
    BATCH_SECONDS = 0.1
    BATCH_ROWS = 200

    def __init__(self, path: Path, key: FileKey | None = None) -> None:
        super().__init__()
        self.path = path
        self.key = key
        self._cancel = threading.Event()
        self._review: ImportReview | None = None

    def cancel(self) -> None:
        self._cancel.set()
        if self._review is not None:
            self._review.cancel()

    def run(self) -> None:
        complete = False
        try:
            self._review = ImportReview(self.path, key=self.key)
            if self._cancel.is_set():
                return
            self.opened.emit(self._review.format_name, self._review.encoding)
            batch: list[Candidate] = []
            last = time.monotonic()
            for candidate in self._review.candidates():
                batch.append(candidate)
                now = time.monotonic()
                if len(batch) >= self.BATCH_ROWS or now - last >= self.BATCH_SECONDS:
                    self.rows.emit(batch)
                    self.progress.emit(self._review.progress)
                    batch, last = [], now
                if self._cancel.is_set():
                    return
            if batch:
                self.rows.emit(batch)
            complete = not self._cancel.is_set()
            self.progress.emit(1.0)
        except EncryptedBackupError as exc:
            self.locked.emit(str(exc))
        except ImportFileError as exc:
            self.failed.emit(str(exc))
        except Exception as exc:  # a bug: say so, and let it reach the log too
            self.failed.emit(f"Kith could not read “{self.path.name}”: {exc}")
            traceback.print_exc()
        finally:
            close_thread_connection()
            self.finished.emit(complete)


class ApplyWorker(QObject):
    """Writes the user's decisions on a worker thread, in one transaction."""

    progress = Signal(int, int)
    done = Signal(object)  # ImportResult
    failed = Signal(str)
    cancelled = Signal()
    finished = Signal()

    def __init__(self, decisions: list[Decision], source: str) -> None:
        super().__init__()
        self.decisions = decisions
        self.source = source
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def run(self) -> None:
        try:
            result = apply_import(
                self.decisions,
                source=self.source,
                should_cancel=self._cancel.is_set,
                progress=self.progress.emit,
            )
            self.done.emit(result)
        except ImportCancelled:
            self.cancelled.emit()
        except ImportApplyError as exc:
            self.failed.emit(str(exc))
        except Exception as exc:  # nothing was written (one transaction); report the bug
            self.failed.emit(f"Nothing was imported: {exc}")
            traceback.print_exc()
        finally:
            close_thread_connection()
            self.finished.emit()


class ActionDelegate(QStyledItemDelegate):
    """The "Do" column's editor: skip / merge into X / add as new, as a combo box."""

    def createEditor(
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: ModelIndex,
    ) -> QWidget:
        candidate = index.data(ImportReviewModel.CandidateRole)
        combo = QComboBox(parent)
        for action in choices(candidate):
            combo.addItem(action_text(candidate, action), action.value)
        combo.activated.connect(lambda _: self.commitData.emit(combo))
        return combo

    def setEditorData(self, editor: QWidget, index: ModelIndex) -> None:
        assert isinstance(editor, QComboBox)
        action = index.data(ImportReviewModel.ActionRole)
        found = editor.findData(str(action) if action is not None else "")
        editor.setCurrentIndex(max(found, 0))

    def setModelData(
        self,
        editor: QWidget,
        model: Any,
        index: ModelIndex,
    ) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class ImportDialog(Dialog):
    """The review step of an import, then its summary.

    ``imported(undo)`` is emitted after a successful import with the record the main
    window wraps in an undo command (:class:`kith.ui.commands.contact_commands.ImportCommand`).
    """

    imported = Signal(object)  # ImportUndo
    #: Reading the file ended: True when it was read to the end.
    reading_finished = Signal(bool)
    #: The import ended: its result (None when it failed or was cancelled).
    import_finished = Signal(object)

    def __init__(self, path: Path | str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = Path(path)
        self.result: ImportResult | None = None
        self.error: str | None = None
        self.reading = True
        self._applying = False
        self._review_thread: QThread | None = None
        self._review_worker: ReviewWorker | None = None
        self._apply_thread: QThread | None = None
        self._apply_worker: ApplyWorker | None = None
        self._before: dict[int, Any] = {}
        self._locked = False
        #: How the passphrase or recovery key of an encrypted backup is asked for (tests
        #: replace it): the key, checked to open it, or None when the user gave up.
        self.ask_backup_key: Callable[[Path], FileKey | None] = self._ask_backup_key
        self.setWindowTitle(f"Import {self.path.name}")
        self.setMinimumSize(860, 520)
        self.resize(1180, 680)

        self.model = ImportReviewModel(self)
        self.proxy = ImportFilterModel(self)
        self.proxy.setSourceModel(self.model)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 14)
        layout.setSpacing(8)
        self._build_heading(layout)
        self._build_tools(layout)
        layout.addWidget(self._build_table(), 1)
        self.details = QLabel()
        self.details.setProperty("role", "muted")
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setMinimumHeight(self.details.fontMetrics().lineSpacing() * 2)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.details)

        self._build_progress(layout)
        self._build_buttons(layout)

        self.model.checked_changed.connect(lambda _: self._update())
        self.model.rowsInserted.connect(lambda *_: self._update())
        self._update()

    # building -----------------------------------------------------------------------------

    def _build_heading(self, layout: QVBoxLayout) -> None:
        """The question, what was read so far, and any error or problems with the file."""
        self.heading = QLabel(f"Whom from <b>{self.path.name}</b> do you want to keep close?")
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.heading.setFont(font)
        layout.addWidget(self.heading)
        self.summary = QLabel("Reading the file…")
        self.summary.setProperty("role", "muted")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.error_label = QLabel()
        self.error_label.setProperty("role", "error")
        self.error_label.setWordWrap(True)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.hide()
        layout.addWidget(self.error_label)
        self.problems_label = QLabel()
        self.problems_label.setWordWrap(True)
        self.problems_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problems_label.setStyleSheet(f"color: {current_theme().warning};")
        self.problems_label.hide()
        layout.addWidget(self.problems_label)

    def _build_tools(self, layout: QVBoxLayout) -> None:
        """Filter, select or clear what is shown, select by company or tag, show known people."""
        tools = QHBoxLayout()
        tools.setSpacing(6)
        self.filter_box = QLineEdit()
        self.filter_box.setPlaceholderText("Filter by name, company, email, tag…")
        self.filter_box.setClearButtonEnabled(True)
        self.filter_box.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.filter_box.setAccessibleName("Filter people")
        self.filter_box.textChanged.connect(self._on_filter)
        tools.addWidget(self.filter_box, 1)
        self.select_shown = QPushButton("Select shown")
        self.select_shown.setToolTip("Check everyone the filter shows")
        self.select_shown.clicked.connect(lambda: self.check_shown(True))
        tools.addWidget(self.select_shown)
        self.clear_shown = QPushButton("Clear shown")
        self.clear_shown.setToolTip("Uncheck everyone the filter shows")
        self.clear_shown.clicked.connect(lambda: self.check_shown(False))
        tools.addWidget(self.clear_shown)
        self.select_by = QToolButton()
        self.select_by.setText("Select by company or tag")
        self.select_by.setIcon(icon("tag"))
        self.select_by.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.select_by.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.select_by_menu = QMenu(self.select_by)
        self.select_by_menu.aboutToShow.connect(self._fill_select_by_menu)
        self.select_by.setMenu(self.select_by_menu)
        tools.addWidget(self.select_by)
        self.show_unchanged = QCheckBox("Show people already in Kith")
        self.show_unchanged.setToolTip(
            "People this file has nothing new about are hidden; show them too"
        )
        self.show_unchanged.toggled.connect(self.proxy.set_show_unchanged)
        tools.addWidget(self.show_unchanged)
        layout.addLayout(tools)

    def _build_table(self) -> QTableView:
        """One row per person in the file: checkbox, what Kith knows, and what to do."""
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setItemDelegateForColumn(ACTION, ActionDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.CurrentChanged
            | QAbstractItemView.EditTrigger.SelectedClicked
            | QAbstractItemView.EditTrigger.DoubleClicked
        )
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(28)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # Each column as wide as what it shows (a long company, an email address), the
        # status taking what is left; a narrow dialog takes from the widest first.
        limits = {NAME: 280, COMPANY: 260, CHANNEL: 320, TAGS: 220, STATUS: 460, ACTION: 260}
        self.column_fitter = ColumnFitter(
            self.table,
            stretch=STATUS,
            limits=[limits[column] for column in range(len(limits))],
            minimum={ACTION: 150},  # the Do column's combo box: “Merge into …”
        )
        self.table.setAccessibleName("People in the file")
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_details())
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        toggle = QAction("Tick or untick the selected people", self.table)
        toggle.setShortcut(QKeySequence(Qt.Key.Key_Space))
        toggle.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        toggle.triggered.connect(self.toggle_selected)
        self.table.addAction(toggle)
        return self.table

    def _build_progress(self, layout: QVBoxLayout) -> None:
        """Reading or importing: a thin bar, what it is doing, and Stop reading."""
        progress_row = QHBoxLayout()
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(8)
        progress_row.addWidget(self.progress, 1)
        self.progress_label = QLabel("Reading…")
        self.progress_label.setProperty("role", "muted")
        progress_row.addWidget(self.progress_label)
        self.stop_button = QPushButton("Stop reading")
        self.stop_button.setToolTip("Stop reading the file; you can import the people read so far")
        self.stop_button.clicked.connect(self.stop_reading)
        progress_row.addWidget(self.stop_button)
        self.progress_row = QWidget()
        self.progress_row.setLayout(progress_row)
        progress_row.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.progress_row)

    def _build_buttons(self, layout: QVBoxLayout) -> None:
        """Import (the main action), Cancel, and Close once the import is done."""
        self.buttons = QDialogButtonBox()
        self.import_button = self.buttons.addButton(
            "Import", QDialogButtonBox.ButtonRole.AcceptRole
        )
        make_primary(self.import_button)
        t = current_theme()
        self.import_button.setStyleSheet(
            f"QPushButton:disabled {{ background: {t.chip}; color: {t.muted}; "
            f"border-color: {t.border}; }}"
        )
        self.import_button.setIcon(icon("import", "#ffffff"))
        self.import_button.setEnabled(False)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.close_button.hide()
        self.import_button.clicked.connect(self.start_import)
        self.cancel_button.clicked.connect(self.reject)
        self.close_button.clicked.connect(self.accept)
        layout.addWidget(self.buttons)

    # reading --------------------------------------------------------------------------

    def start(self, key: FileKey | None = None) -> None:
        """Start reading the file on a worker thread (rows appear as they are parsed); an
        encrypted backup with ``key`` (else the open database's)."""
        worker = ReviewWorker(self.path, key)
        worker.opened.connect(self._on_opened)
        worker.rows.connect(self.model.append)
        worker.progress.connect(self._on_progress)
        worker.failed.connect(self._on_failed)
        worker.locked.connect(self._on_locked)
        worker.finished.connect(self._on_read)
        self.destroyed.connect(worker.cancel, Qt.ConnectionType.DirectConnection)
        self._review_worker = worker
        self._review_thread = start_worker(worker, worker.run, worker.finished, worker.cancel)

    def stop_reading(self) -> None:
        """Stop parsing; the rows read so far stay and can be imported."""
        if self._review_worker is not None and self.reading:
            self._review_worker.cancel()

    def _on_opened(self, format_name: str, encoding: str) -> None:
        readable = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8", "cp1252": "Windows-1252"}
        shown = readable.get(encoding, encoding.upper())
        self.heading.setToolTip(f"{format_name}, {shown}")
        self.heading.setText(
            f"Whom from <b>{self.path.name}</b> do you want to keep close? "
            f"<span style='font-weight:normal'>({format_name})</span>"
        )

    def _on_progress(self, fraction: float) -> None:
        self.progress.setValue(int(fraction * 1000))

    def _on_failed(self, message: str) -> None:
        self.error = message
        self.error_label.setText(message)
        self.error_label.show()

    def _on_locked(self, _message: str) -> None:
        self._locked = True

    def _ask_backup_key(self, path: Path) -> FileKey | None:
        from kith.ui.dialogs.passphrase_dialog import ask_for_backup_key

        return ask_for_backup_key(path, self)

    def _on_read(self, complete: bool) -> None:
        self._review_thread = None
        if self._locked:
            # An encrypted backup of another database: read it again with its own key.
            self._locked = False
            key = self.ask_backup_key(self.path)
            if key is not None and self.isVisible():
                self.start(key)
                return
            self._on_failed(locked_text(self.path.name))
        self.reading = False
        self.progress_row.setVisible(False)
        self._update()
        self.reading_finished.emit(complete)

    # choosing -------------------------------------------------------------------------

    def _on_filter(self, text: str) -> None:
        self.proxy.set_text(text)

    def check_shown(self, checked: bool) -> None:
        """Check (or uncheck) everyone the filter shows."""
        self.model.set_checked(self.proxy.source_rows(), checked)

    def toggle_selected(self) -> None:
        """Space: tick the selected rows (untick them if all are ticked already)."""
        rows = sorted(
            {self.proxy.mapToSource(i).row() for i in self.table.selectionModel().selectedRows()}
        )
        valid = [r for r in rows if self.model.rows[r].candidate.status != Status.INVALID]
        if valid:
            self.model.set_checked(valid, not all(self.model.rows[r].checked for r in valid))

    def select_company(self, company: str) -> None:
        self.model.set_checked(self.model.rows_where(company=company), True)

    def select_tag(self, tag: str) -> None:
        self.model.set_checked(self.model.rows_where(tag=tag), True)

    def _fill_select_by_menu(self) -> None:
        menu = self.select_by_menu
        menu.clear()
        companies = self.model.companies()
        tags = self.model.tags()
        if not companies and not tags:
            none = menu.addAction("Nobody in this file has a company or tag")
            none.setEnabled(False)
            return
        if companies:
            menu.addSection("Company")
            for name, count in companies[:25]:
                menu.addAction(f"{name} ({count})", lambda n=name: self.select_company(n))
        if tags:
            menu.addSection("Tag")
            for name, count in tags[:25]:
                menu.addAction(f"{name} ({count})", lambda n=name: self.select_tag(n))

    def _update(self) -> None:
        counts = self.model.counts()
        total = len(self.model.rows)
        unchanged = self.model.unchanged_count()
        changed = counts[Status.DUPLICATE] - unchanged
        checked = self.model.checked_count
        if self.result is None and not self._applying:
            parts = [f"{counts[Status.NEW]:,} new"]
            if counts[Status.POSSIBLE]:
                parts.append(f"{counts[Status.POSSIBLE]:,} possible duplicates (added as new)")
            if changed:
                parts.append(f"{changed:,} already in Kith with something new")
            if unchanged:
                parts.append(f"{unchanged:,} already in Kith, nothing new")
            if counts[Status.INVALID]:
                parts.append(f"{counts[Status.INVALID]:,} invalid")
            people = "1 entry" if total == 1 else f"{total:,} entries"
            so_far = " so far" if self.reading else ""
            text = f"{people}{so_far}: " + " · ".join(parts) + "."
            if not self.reading and total and total == unchanged + counts[Status.INVALID]:
                text += " Everyone in this file is already in Kith; there is nothing to import."
            elif not self.reading and total > 50:
                text += " Nobody is selected yet: tick the people you want to keep close."
            if self.reading or total:
                self.summary.setText(text)
            elif self.error is None:
                self.summary.setText("Nobody to import in this file.")
            else:
                self.summary.setText("")
            self.show_unchanged.setText(f"Show people already in Kith ({unchanged:,})")
            self.show_unchanged.setVisible(unchanged > 0)
        self._update_problems()
        self.progress_label.setText(f"Reading… {total:,} read" if self.reading else "")
        self.import_button.setText(f"Import {checked:,}" if checked else "Import")
        self.import_button.setEnabled(bool(checked) and not self.reading and not self._applying)

    def _show_details(self) -> None:
        """Under the table: everything about the current row, in full."""
        index = self.table.currentIndex()
        if not index.isValid():
            self.details.setText("")
            return
        candidate: Candidate = index.data(ImportReviewModel.CandidateRole)
        parts = [f"{candidate.name or '(no name)'} — {candidate.source} of the file."]
        if candidate.status == Status.POSSIBLE:
            parts.append(
                f"Perhaps {candidate.match_name}: only {candidate.reason}. Added as a new "
                "person unless you choose to merge."
            )
        elif candidate.status == Status.DUPLICATE:
            parts.append(f"Likely {candidate.match_name}: {candidate.reason}.")
            if candidate.changes:
                parts.append("Merging " + "; ".join(candidate.changes) + ".")
            else:
                parts.append("The file has nothing new about them.")
        elif candidate.status == Status.INVALID:
            parts.append(candidate.reason)
        parts.extend(candidate.warnings)
        self.details.setText(" ".join(parts))

    #: Invalid entries listed by name above the table; the rest are counted.
    PROBLEMS_SHOWN = 4

    def _update_problems(self) -> None:
        invalid = [r.candidate for r in self.model.rows if r.candidate.status == Status.INVALID]
        if not invalid:
            self.problems_label.hide()
            return
        many = len(invalid) > 1
        head = (
            f"{len(invalid):,} entries cannot be imported" if many else "1 entry cannot be imported"
        )
        lines = [f"<b>{head}</b> (the rest can):"]
        lines += [f"• {html.escape(c.reason)}" for c in invalid[: self.PROBLEMS_SHOWN]]
        if len(invalid) > self.PROBLEMS_SHOWN:
            lines.append(
                f"• … and {len(invalid) - self.PROBLEMS_SHOWN:,} more, marked in the table"
            )
        self.problems_label.setText("<br>".join(lines))
        self.problems_label.show()

    # importing ------------------------------------------------------------------------

    def start_import(self) -> None:
        """Write the checked rows (one transaction, on a worker thread)."""
        if self.reading or self._applying or not self.model.checked_count:
            return
        decisions = self.model.decisions()
        self._before = before_import(decisions)
        self._applying = True
        self.table.setEnabled(False)
        self.filter_box.setEnabled(False)
        self.progress.setValue(0)
        self.progress_label.setText("Importing…")
        self.stop_button.hide()
        self.progress_row.show()
        self._update()
        worker = ApplyWorker(decisions, self.path.name)
        worker.progress.connect(self._on_apply_progress)
        worker.done.connect(self._on_imported)
        worker.failed.connect(self._on_apply_failed)
        worker.cancelled.connect(self._on_apply_cancelled)
        self.destroyed.connect(worker.cancel, Qt.ConnectionType.DirectConnection)
        self._apply_worker = worker
        self._apply_thread = start_worker(worker, worker.run, worker.finished, worker.cancel)

    def _on_apply_progress(self, done: int, total: int) -> None:
        self.progress.setValue(int(1000 * done / max(total, 1)))
        self.progress_label.setText(f"Importing… {done:,} of {total:,}")

    def _on_imported(self, result: ImportResult) -> None:
        self._applying = False
        self._apply_thread = None
        self.result = result
        undo: ImportUndo = import_undo(result, self._before)
        added, merged = len(result.added), len(result.merged)
        parts = [f"Added {added:,} {'person' if added == 1 else 'people'}"]
        if merged:
            parts.append(f"merged {merged:,} into people already in Kith")
        text = " and ".join(parts) + ". Undo with Ctrl+Z."
        self.summary.setText(text)
        set_style_property(self.summary, "role", "")
        self.progress_row.hide()
        self.import_button.hide()
        self.cancel_button.hide()
        self.close_button.show()
        self.close_button.setDefault(True)
        self.close_button.setFocus()
        self.imported.emit(undo)
        self.import_finished.emit(result)

    def _on_apply_cancelled(self) -> None:
        self._on_apply_failed("Cancelled: nothing was imported.")

    def _on_apply_failed(self, message: str) -> None:
        self._applying = False
        self._apply_thread = None
        self.progress_row.hide()
        self.table.setEnabled(True)
        self.filter_box.setEnabled(True)
        self._on_failed(message)
        self._update()
        self.import_finished.emit(None)

    def summary_text(self) -> str:
        return self.summary.text()

    # closing --------------------------------------------------------------------------

    def done(self, code: int) -> None:
        """Closing cancels any reading or import still running and waits for it."""
        if self._review_worker is not None and self.reading:
            self._review_worker.cancel()
        if self._apply_worker is not None and self._applying:
            self._apply_worker.cancel()
        for thread in (self._review_thread, self._apply_thread):
            if thread is not None and thread.isRunning():
                thread.quit()
                thread.wait()
        super().done(code)
