"""What Kith's forms (contact, interaction, follow-up) share: rows with an error line under
each field, Save and Cancel with the shortcuts, and one way to check, save and show problems.

A form subclasses :class:`FormDialog`, builds its rows with :meth:`FormDialog.add_row`, its
buttons with :meth:`FormDialog.save_buttons`, and implements :meth:`~FormDialog.draft`,
:meth:`~FormDialog.problems` (the core's validation plus what only the form knows, such as a
typed name nobody picked) and :meth:`~FormDialog.save` (which may raise
:class:`~kith.core.errors.ValidationError`). Save then checks, saves and closes — or keeps the
form open with every problem beside its field, so nothing the user typed is lost. A file that
refuses the write (read-only, locked, a full disk: a
:class:`~kith.core.database.DatabaseProblem`) is said beside the buttons, the form kept as typed.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kith.core.database import DatabaseProblem
from kith.core.errors import ValidationError
from kith.ui.dialogs.dialog import Dialog, fitted, screen_area
from kith.ui.wheel_guard import guard_wheel
from kith.ui.widgets.buttons import make_primary
from kith.ui.widgets.form_rows import FormRows, fix_summary


class _FormScroll(QScrollArea):
    """The scrolling body of a long form: never narrower than the form's own narrowest layout
    (it has no horizontal scroll bar, so a narrower view would cut fields off on the right),
    and it says so again whenever the form's rows change (a date row added, say)."""

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        body = self.widget()
        if body is None:
            return hint
        width = (
            body.minimumSizeHint().width()
            + self.verticalScrollBar().sizeHint().width()
            + 2 * self.frameWidth()
        )
        return QSize(max(hint.width(), width), hint.height())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()
        return super().eventFilter(watched, event)


class FormDialog(Dialog):
    """A form of labelled rows over Save and Cancel (Ctrl+Return and Ctrl+S save too)."""

    def __init__(
        self,
        title: str,
        parent: QWidget | None = None,
        *,
        minimum: QSize,
        size: QSize,
        scrolls: bool = False,
    ) -> None:
        super().__init__(parent)
        self.remembers_height = scrolls
        self.setWindowTitle(title)
        self.setMinimumSize(minimum)
        self.resize(size)
        self.outer = QVBoxLayout(self)
        self.outer.setContentsMargins(0, 0, 0, 0)
        #: Extra widgets above the form (a status line, say) go here, in order.
        self.above_form = QVBoxLayout()
        self.above_form.setContentsMargins(0, 0, 0, 0)
        self.outer.addLayout(self.above_form)
        if scrolls:
            body = QWidget()
            self._form = QFormLayout(body)
            scroll = _FormScroll()
            scroll.setWidgetResizable(True)
            scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            scroll.setWidget(body)
            self.outer.addWidget(scroll, 1)
        else:
            self._form = QFormLayout()
            self.outer.addLayout(self._form)
        self._form.setContentsMargins(20, 16, 20, 8)
        self._form.setHorizontalSpacing(14)
        self._form.setVerticalSpacing(8)
        self._form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self._rows = FormRows(self._form)
        self._errors = self._rows.errors
        self._fields = self._rows.fields
        #: "Fix the 2 fields marked in red", beside or above the buttons.
        self._summary = QLabel()
        self._summary.setProperty("role", "error")

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        if event.type() == QEvent.Type.LayoutRequest and self.isVisible():
            self.fit_height()
        return handled

    def fit_height(self) -> None:
        """Grow to the height the form needs at its width, so a warning or a verdict that
        appears (and wraps) pushes the rows below down instead of being clipped — never
        past the screen's edge (a longer form scrolls); and to the width its rows need."""
        layout = self.layout()
        if layout is None:
            return
        layout.activate()
        area = screen_area(self)
        wide = min(layout.totalMinimumSize().width(), area.width())
        if wide > self.width():  # a row that needs more room (the long form's view says so)
            self.resize(wide, self.height())
        needed = self.heightForWidth(self.width())
        if needed <= 0:
            needed = self.sizeHint().height()
        needed = min(needed, fitted(QSize(self.width(), needed), area).height())
        if needed > self.height():
            self.resize(self.width(), needed)
            frame = self.frameGeometry()
            if frame.bottom() > area.bottom():
                self.move(self.x(), max(area.top(), self.y() - (frame.bottom() - area.bottom())))

    def showEvent(self, event: QShowEvent) -> None:
        # Scrolling the form over a field it does not focus never changes that field.
        guard_wheel(self)
        super().showEvent(event)

    # building -----------------------------------------------------------------------

    def add_row(
        self,
        label: str,
        field: QWidget | QHBoxLayout | QVBoxLayout,
        key: str | None = None,
        *,
        focus: QWidget | None = None,
    ) -> QVBoxLayout:
        """A labelled row; with ``key`` (the core's field name) an error line under it."""
        return self._rows.add(label, field, key, focus=focus)

    def set_row_visible(self, row: QVBoxLayout, visible: bool) -> None:
        self._rows.set_row_visible(row, visible)

    def save_buttons(self, save_text: str = "Save") -> QDialogButtonBox:
        """Save (the main action, also Ctrl+Return and Ctrl+S) and Cancel; the caller places
        them. The Save button is :attr:`save_button`."""
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        save = buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setText(save_text)
        make_primary(save)
        save.setDefault(True)
        self.save_button: QPushButton = save
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence("Ctrl+Return"), self, activated=self.accept)
        QShortcut(QKeySequence("Ctrl+S"), self, activated=self.accept)
        return buttons

    def summary_and_buttons(self, save_text: str = "Save") -> QHBoxLayout:
        """The usual footer: the problems summary on the left, Save and Cancel on the right."""
        footer = QHBoxLayout()
        footer.setContentsMargins(20, 8, 20, 16)
        footer.addWidget(self._summary, 1)
        footer.addWidget(self.save_buttons(save_text))
        return footer

    # checking and saving ------------------------------------------------------------

    def draft(self) -> Any:
        """The form's values as the core's draft."""
        raise NotImplementedError

    def problems(self, draft: Any) -> dict[str, str]:
        """What stops ``draft`` from being saved: ``{field name: message}``."""
        raise NotImplementedError

    def save(self, draft: Any) -> None:
        """Write ``draft``; raises :class:`ValidationError` for what only saving finds."""
        raise NotImplementedError

    def show_errors(self, errors: dict[str, str]) -> None:
        """Each problem beside its field, the count beside the buttons, the first one focused."""
        first = self._rows.show_errors(errors)
        self._summary.setText(fix_summary(len(errors)))
        if first is not None:
            first.setFocus()

    def accept(self) -> None:
        draft = self.draft()
        errors = self.problems(draft)
        if errors:
            self.show_errors(errors)
            return
        try:
            self.save(draft)
        except ValidationError as exc:
            self.show_errors(exc.errors)
            return
        except DatabaseProblem as exc:  # read-only, locked, disk full…: the form stays as typed
            self.show_save_failure(str(exc))
            return
        super().accept()

    def show_save_failure(self, message: str) -> None:
        """Why the file refused the save, beside the buttons; the form keeps what was typed."""
        self._summary.setWordWrap(True)
        self._summary.setText(message)
        self.save_button.setFocus()
