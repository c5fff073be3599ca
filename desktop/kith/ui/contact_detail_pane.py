"""The detail pane beside the list: everything about the selected contact, and its actions."""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, QLocale, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedLayout,
    QVBoxLayout,
    QWidget,
)

from kith.core.contacts import CHANNEL_LABELS, CIRCLE_NAMES
from kith.core.directory import ContactDetail, contact_detail
from kith.core.relative_time import ago_words, local_date, until_words
from kith.ui.avatar import avatar_pixmap
from kith.ui.empty_state import EmptyState
from kith.ui.icons import icon
from kith.ui.store_signals import store_signals
from kith.ui.theme import current_theme

CONTACT_LINK = "kith:contact/"


def _esc(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def long_date(d: date) -> str:
    return QLocale().toString(QDate(d.year, d.month, d.day), "d MMMM yyyy")


def birthday_text(detail: ContactDetail, today: date) -> str | None:
    month, day, year = detail.birthday_month, detail.birthday_day, detail.birthday_year
    if month is None or day is None:
        return None
    month_name = QLocale().monthName(month)
    text = f"{day} {month_name}" + (f" {year}" if year else "")
    next_year = today.year
    try:
        upcoming = date(next_year, month, day)
    except ValueError:  # 29 February in a common year: celebrated on the 28th
        upcoming = date(next_year, 2, 28)
    if upcoming < today:
        try:
            upcoming = date(next_year + 1, month, day)
        except ValueError:
            upcoming = date(next_year + 1, 2, 28)
    days = (upcoming - today).days
    if year:
        text += f" — turns {upcoming.year - year} {until_words(days)}"
    elif days <= 31:
        text += f" — {until_words(days)}"
    return text


def channel_href(kind: str, value: str) -> str | None:
    if kind == "email":
        return f"mailto:{value}"
    if kind == "phone":
        return "tel:" + "".join(c for c in value if c.isdigit() or c == "+")
    if kind == "url":
        return value
    return None


class ContactDetailPane(QWidget):
    """Shows one contact (or a calm empty state); emits what the user asks to do with it."""

    edit_requested = Signal(int)
    delete_requested = Signal(int)
    contact_activated = Signal(int)

    def __init__(self, parent: QWidget | None = None, today: Callable[[], date] = date.today):
        super().__init__(parent)
        self.setObjectName("DetailPane")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setMinimumWidth(320)
        self._today = today
        self._contact_id: int | None = None

        self._stack = QStackedLayout(self)
        self._empty = EmptyState(
            "contacts",
            "Nobody selected",
            "Pick someone in the list to see their card: how you met, their channels, notes.",
        )
        self._stack.addWidget(self._empty)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(20, 20, 20, 20)
        layout.setSpacing(12)

        header = QHBoxLayout()
        header.setSpacing(14)
        self._avatar = QLabel()
        self._avatar.setFixedSize(64, 64)
        header.addWidget(self._avatar, 0, Qt.AlignmentFlag.AlignTop)
        names = QVBoxLayout()
        names.setSpacing(2)
        self._name = QLabel()
        self._name.setObjectName("DetailName")
        self._name.setWordWrap(True)
        self._name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self._name.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self._name.setFont(font)
        self._role = QLabel()
        self._role.setProperty("role", "muted")
        self._role.setWordWrap(True)
        names.addWidget(self._name)
        names.addWidget(self._role)
        header.addLayout(names, 1)
        layout.addLayout(header)

        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        self._edit = QPushButton(icon("edit"), "Edit")
        self._edit.setToolTip("Edit this contact (Ctrl+E)")
        self._edit.clicked.connect(lambda: self._emit(self.edit_requested))
        self._delete = QPushButton(icon("delete"), "Delete")
        self._delete.setToolTip("Delete this contact (Delete)")
        self._delete.clicked.connect(lambda: self._emit(self.delete_requested))
        buttons.addWidget(self._edit)
        buttons.addWidget(self._delete)
        buttons.addStretch()
        layout.addLayout(buttons)

        self._body = QLabel()
        self._body.setTextFormat(Qt.TextFormat.RichText)
        self._body.setWordWrap(True)
        self._body.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self._body.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self._body.setOpenExternalLinks(False)
        self._body.linkActivated.connect(self._on_link)
        self._body.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        layout.addWidget(self._body)
        layout.addStretch()
        scroll.setWidget(body)
        scroll.viewport().setAutoFillBackground(False)
        body.setAutoFillBackground(False)
        self._stack.addWidget(scroll)

        store_signals().changed.connect(self._on_store_changed)

    @property
    def contact_id(self) -> int | None:
        return self._contact_id

    def body_text(self) -> str:
        """The card's text as the user reads it (for tests and accessibility)."""
        return self._body.text()

    def show_contact(self, contact_id: int | None) -> None:
        detail = contact_detail(contact_id) if contact_id is not None else None
        self._contact_id = contact_id if detail is not None else None
        if detail is None:
            self._stack.setCurrentWidget(self._empty)
            return
        summary = detail.summary
        self._avatar.setPixmap(
            avatar_pixmap(summary.full_name, summary.photo, 64, self.devicePixelRatioF())
        )
        self._name.setText(summary.full_name)
        self._role.setText(" · ".join(p for p in (summary.role_line, detail.location) if p))
        self._body.setText(self._render(detail))
        self._stack.setCurrentIndex(1)

    def _emit(self, signal: Signal) -> None:
        if self._contact_id is not None:
            signal.emit(self._contact_id)  # type: ignore[attr-defined]

    def _on_link(self, href: str) -> None:
        if href.startswith(CONTACT_LINK):
            self.contact_activated.emit(int(href.removeprefix(CONTACT_LINK)))
        else:
            QDesktopServices.openUrl(QUrl(href))

    def _on_store_changed(self, tables: frozenset[str]) -> None:
        if self._contact_id is not None:
            self.show_contact(self._contact_id)

    def _render(self, d: ContactDetail) -> str:
        today = self._today()
        muted = current_theme().muted
        parts: list[str] = []

        def section(title: str, rows: list[str]) -> None:
            if rows:
                parts.append(
                    f"<p style='margin-top:12px; margin-bottom:3px'>"
                    f"<span style='font-size:8.5pt; font-weight:700; color:{muted}'>"
                    f"{_esc(title.upper())}</span></p>" + "".join(rows)
                )

        def row(text: str) -> str:
            return f"<p style='margin:2px 0'>{text}</p>"

        summary = d.summary
        last = (
            f"Last contact {ago_words((today - local_date(summary.last_contact)).days)}"
            if summary.last_contact
            else "No contact logged yet"
        )
        keep = [row(_esc(last))]
        if summary.circle is not None:
            keep.append(row(f"Circle: {_esc(CIRCLE_NAMES[summary.circle])}"))
        if d.cadence_days:
            keep.append(row(f"Keep in touch every {d.cadence_days} days"))
        section("Keep in touch", keep)

        channels = []
        for c in d.channels:
            label = CHANNEL_LABELS.get(c.kind, c.kind) + (f" ({c.label})" if c.label else "")
            href = channel_href(c.kind, c.value)
            value = (
                f"<a href='{html.escape(href, quote=True)}'>{_esc(c.value)}</a>"
                if href
                else _esc(c.value)
            )
            channels.append(row(f"<span style='color:{muted}'>{_esc(label)}</span>&nbsp; {value}"))
        section("Channels", channels)

        met = []
        if d.how_met:
            met.append(row(_esc(d.how_met)))
        if d.met_on:
            met.append(row(f"Met on {_esc(long_date(d.met_on))}"))
        if d.introduced_by:
            who_id, who = d.introduced_by
            met.append(row(f"Introduced by <a href='{CONTACT_LINK}{who_id}'>{_esc(who)}</a>"))
        if d.introduced:
            links = ", ".join(
                f"<a href='{CONTACT_LINK}{cid}'>{_esc(name)}</a>" for cid, name in d.introduced
            )
            met.append(row(f"Introduced you to {links}"))
        section("How you met", met)

        birthday = birthday_text(d, today)
        if birthday:
            section("Birthday", [row(_esc(birthday))])
        if summary.tags:
            section("Tags", [row(" · ".join(_esc(t) for t in summary.tags))])
        if d.notes:
            section("Notes", [row(_esc(d.notes))])
        return "".join(parts)
