"""The contact form: create or edit a person, with problems shown beside the field."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, QSize
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kith.core.contacts import MAX_CADENCE_DAYS, ContactDraft, all_tag_names, validate
from kith.core.directory import contact_summaries
from kith.ui.dialogs.form_dialog import FormDialog
from kith.ui.formats import month_name
from kith.ui.widgets.avatar import UnreadableImageError, avatar_pixmap, photo_from_file
from kith.ui.widgets.contact_fields import (
    ChannelEditor,
    ContactPicker,
    TagEdit,
)
from kith.ui.widgets.date_fields import DateEdit, SpinBox
from kith.ui.widgets.form_rows import fix_summary
from kith.ui.widgets.important_dates_editor import ImportantDatesEditor

CIRCLE_CHOICES: list[tuple[str, int | None]] = [
    ("Unsorted", None),
    ("Inner 5 — the few closest", 1),
    ("15 — good friends and allies", 2),
    ("50 — people you rely on", 3),
    ("150 — meaningful contacts", 4),
    ("Acquaintance", 5),
]
NO_YEAR = 1899

SaveContact = Callable[[ContactDraft], int]


class ContactDialog(FormDialog):
    """Create or edit a contact. ``save`` writes the draft (and raises ValidationError)."""

    def __init__(
        self,
        save: SaveContact,
        draft: ContactDraft | None = None,
        *,
        contact_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            "Edit contact" if contact_id is not None else "New contact",
            parent,
            minimum=QSize(560, 560),
            size=QSize(620, 760),
            scrolls=True,
        )
        self._save = save
        self._contact_id = contact_id
        self.saved_id: int | None = None
        self._photo: bytes | None = None

        # Person ---------------------------------------------------------------------
        photo_row = QHBoxLayout()
        self._photo_button = QToolButton()
        self._photo_button.setIconSize(QSize(72, 72))
        self._photo_button.setAutoRaise(True)
        self._photo_button.setToolTip("Choose a photo")
        self._photo_button.setAccessibleName("Photo")
        self._photo_button.clicked.connect(self._choose_photo)
        photo_row.addWidget(self._photo_button)
        photo_buttons = QVBoxLayout()
        choose = QPushButton("Choose photo…")
        choose.clicked.connect(self._choose_photo)
        self._remove_photo = QPushButton("Remove photo")
        self._remove_photo.clicked.connect(lambda: self._set_photo(None))
        photo_buttons.addStretch()
        photo_buttons.addWidget(choose)
        photo_buttons.addWidget(self._remove_photo)
        photo_buttons.addStretch()
        photo_row.addLayout(photo_buttons)
        photo_row.addStretch()
        self._form.addRow(photo_row)

        self.full_name = QLineEdit()
        self.full_name.setPlaceholderText("Sofía Ramírez")
        self.full_name.textChanged.connect(lambda _: self._update_avatar())
        self.add_row("Name", self.full_name, "full_name")
        names = QHBoxLayout()
        self.given_name = QLineEdit()
        self.given_name.setPlaceholderText("Given name")
        self.given_name.setAccessibleName("Given name")
        self.family_name = QLineEdit()
        self.family_name.setPlaceholderText("Family name")
        self.family_name.setAccessibleName("Family name")
        self.nickname = QLineEdit()
        self.nickname.setPlaceholderText("Nickname")
        self.nickname.setAccessibleName("Nickname")
        for w in (self.given_name, self.family_name, self.nickname):
            names.addWidget(w)
        self._form.addRow("", names)
        # vCard N's other parts, kept so other address books get them back.
        parts = QHBoxLayout()
        self.name_prefix = QLineEdit()
        self.name_prefix.setPlaceholderText("Prefix (Dr.)")
        self.name_prefix.setAccessibleName("Name prefix")
        self.middle_name = QLineEdit()
        self.middle_name.setPlaceholderText("Middle name")
        self.middle_name.setAccessibleName("Middle name")
        self.name_suffix = QLineEdit()
        self.name_suffix.setPlaceholderText("Suffix (Jr., PhD)")
        self.name_suffix.setAccessibleName("Name suffix")
        for w in (self.name_prefix, self.middle_name, self.name_suffix):
            parts.addWidget(w)
        self._form.addRow("", parts)

        self._section("Work")
        self.company = QLineEdit()
        self.company.setPlaceholderText("Acme Corp.")
        self.add_row("Company", self.company)
        self.department = QLineEdit()
        self.department.setPlaceholderText("Research")
        self.add_row("Department", self.department)
        self.title = QLineEdit()
        self.title.setPlaceholderText("VP Engineering")
        self.add_row("Role", self.title)
        self.location = QLineEdit()
        self.location.setPlaceholderText("Madrid")
        self.add_row("Location", self.location)

        self._section("Channels")
        self.channels = ChannelEditor()
        self._form.addRow(self.channels)

        self._section("How you met")
        self.how_met = QLineEdit()
        self.how_met.setPlaceholderText("PyCon Spain 2023, after the panel on hiring")
        self.add_row("How", self.how_met)
        met_row = QHBoxLayout()
        self.met_known = QCheckBox("Known")
        self.met_on = DateEdit()
        self.met_on.setDate(QDate.currentDate())
        self.met_on.setEnabled(False)
        self.met_on.setAccessibleName("Met on")
        self.met_known.toggled.connect(self.met_on.setEnabled)
        met_row.addWidget(self.met_known)
        met_row.addWidget(self.met_on)
        met_row.addStretch()
        self.add_row("When", met_row)
        self.introduced_by = ContactPicker(exclude=contact_id)
        self.add_row("Introduced by", self.introduced_by, "introduced_by")

        self._section("Personal")
        birthday = QHBoxLayout()
        self.birth_day = SpinBox()
        self.birth_day.setRange(0, 31)
        self.birth_day.setSpecialValueText("Day")
        self.birth_day.setAccessibleName("Birthday day")
        self.birth_month = QComboBox()
        self.birth_month.addItem("Month", None)
        for month in range(1, 13):
            self.birth_month.addItem(month_name(month), month)
        self.birth_month.setAccessibleName("Birthday month")
        self.birth_year = SpinBox()
        self.birth_year.setRange(NO_YEAR, date.today().year)
        self.birth_year.setSpecialValueText("Year (optional)")
        self.birth_year.setValue(NO_YEAR)
        self.birth_year.setAccessibleName("Birthday year")
        birthday.addWidget(self.birth_day)
        birthday.addWidget(self.birth_month, 1)
        birthday.addWidget(self.birth_year)
        self.add_row("Birthday", birthday, "birthday", focus=self.birth_day)
        self.dates = ImportantDatesEditor()
        self.dates.setAccessibleName("Anniversaries and other dates")
        self.add_row("Dates", self.dates)
        self.tags = TagEdit(all_tag_names())
        self.add_row("Tags", self.tags, "tags")

        self._section("Keeping in touch")
        self.circle = QComboBox()
        for label, value in CIRCLE_CHOICES:
            self.circle.addItem(label, value)
        self.add_row("Circle", self.circle, "circle")
        self.cadence = SpinBox()
        self.cadence.setRange(0, MAX_CADENCE_DAYS)
        self.cadence.setSpecialValueText("As the circle suggests")
        self.cadence.setSuffix(" days")
        self.cadence.setToolTip("How often you want to be in touch; overrides the circle")
        self.add_row("Every", self.cadence, "cadence_days")

        self._section("Notes")
        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText("Kids' names, what they care about, what you promised…")
        self.notes.setMinimumHeight(100)
        self._form.addRow(self.notes)

        self.outer.addLayout(self.summary_and_buttons())

        self.set_draft(draft or ContactDraft())
        self.full_name.setFocus()

    # building -----------------------------------------------------------------------

    def _section(self, title: str) -> None:
        label = QLabel(title.upper())
        label.setProperty("role", "section")
        label.setContentsMargins(0, 10, 0, 0)
        self._form.addRow(label)

    # values -------------------------------------------------------------------------

    def set_draft(self, d: ContactDraft) -> None:
        self.full_name.setText(d.full_name)
        self.given_name.setText(d.given_name)
        self.family_name.setText(d.family_name)
        self.name_prefix.setText(d.name_prefix)
        self.middle_name.setText(d.middle_name)
        self.name_suffix.setText(d.name_suffix)
        self.nickname.setText(d.nickname)
        self.company.setText(d.company)
        self.department.setText(d.department)
        self.title.setText(d.title)
        self.location.setText(d.location)
        self.channels.set_channels(d.channels)
        self.how_met.setText(d.how_met)
        self.met_known.setChecked(d.met_on is not None)
        if d.met_on is not None:
            self.met_on.setDate(QDate(d.met_on.year, d.met_on.month, d.met_on.day))
        if d.introduced_by_id is not None:
            who = contact_summaries([d.introduced_by_id]).get(d.introduced_by_id)
            self.introduced_by.set_contact(d.introduced_by_id, who.full_name if who else "")
        else:
            self.introduced_by.set_contact(None)
        self.birth_day.setValue(d.birthday_day or 0)
        self.birth_month.setCurrentIndex(d.birthday_month or 0)
        self.birth_year.setValue(d.birthday_year or NO_YEAR)
        self.dates.set_dates(d.dates)
        self.tags.set_tags(d.tags)
        self.circle.setCurrentIndex(max(0, self.circle.findData(d.circle)))
        self.cadence.setValue(d.cadence_days or 0)
        self.notes.setPlainText(d.notes)
        self._archived = d.archived
        self._set_photo(d.photo)

    def draft(self) -> ContactDraft:
        met = self.met_on.date()
        return ContactDraft(
            full_name=self.full_name.text(),
            given_name=self.given_name.text(),
            family_name=self.family_name.text(),
            name_prefix=self.name_prefix.text(),
            middle_name=self.middle_name.text(),
            name_suffix=self.name_suffix.text(),
            nickname=self.nickname.text(),
            photo=self._photo,
            company=self.company.text(),
            department=self.department.text(),
            title=self.title.text(),
            location=self.location.text(),
            how_met=self.how_met.text(),
            met_on=date(met.year(), met.month(), met.day()) if self.met_known.isChecked() else None,
            introduced_by_id=self.introduced_by.current_id(),
            birthday_month=self.birth_month.currentData(),
            birthday_day=self.birth_day.value() or None,
            birthday_year=(self.birth_year.value() if self.birth_year.value() != NO_YEAR else None),
            circle=self.circle.currentData(),
            cadence_days=self.cadence.value() or None,
            notes=self.notes.toPlainText(),
            tags=self.tags.tags(),
            channels=self.channels.drafts(),
            archived=self._archived,
            dates=self.dates.dates(),
        )

    # photo --------------------------------------------------------------------------

    def _choose_photo(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Choose a photo", "", "Images (*.png *.jpg *.jpeg *.gif *.webp *.bmp)"
        )
        if path:
            self.load_photo(Path(path))

    def load_photo(self, path: Path) -> bool:
        try:
            self._set_photo(photo_from_file(path))
        except UnreadableImageError as exc:
            QMessageBox.warning(self, "Cannot use that file", str(exc))
            return False
        return True

    def _set_photo(self, photo: bytes | None) -> None:
        self._photo = photo
        self._remove_photo.setEnabled(photo is not None)
        self._update_avatar()

    def _update_avatar(self) -> None:
        name = self.full_name.text().strip() or "?"
        pixmap = avatar_pixmap(name, self._photo, 72, self.devicePixelRatioF())
        self._photo_button.setIcon(pixmap)

    # saving -------------------------------------------------------------------------

    def show_errors(self, errors: dict[str, str]) -> None:
        first = self._rows.show_errors(errors)
        channel_errors = {
            int(k.split(".", 1)[1]): v for k, v in errors.items() if k.startswith("channels.")
        }
        first_channel = self.channels.show_errors(channel_errors)
        date_errors = {
            int(k.split(".", 1)[1]): v for k, v in errors.items() if k.startswith("dates.")
        }
        first_date = self.dates.show_errors(date_errors)
        first = first or first_channel or first_date
        self._summary.setText(fix_summary(len(errors)))
        if first is not None:
            first.setFocus()

    def problems(self, draft: ContactDraft) -> dict[str, str]:
        errors = validate(draft, contact_id=self._contact_id)
        if self.introduced_by.is_unresolved():
            errors["introduced_by"] = "Pick a person from the suggestions, or leave this empty"
        return errors

    def save(self, draft: ContactDraft) -> None:
        self.saved_id = self._save(draft)
