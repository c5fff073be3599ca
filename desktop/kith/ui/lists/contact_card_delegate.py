"""Paints one contact card per row: avatar, name, role · company, circle and tags, last contact."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPainterPath, QPen, QPixmap
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from kith.core.contacts import CIRCLE_NAMES
from kith.core.directory import MATCH_END, MATCH_START, ContactSummary
from kith.core.local_time import local_date
from kith.core.relative_time import ago_words
from kith.ui.lists.contact_list_model import ContactListModel
from kith.ui.lists.index import ModelIndex
from kith.ui.theme import current_theme
from kith.ui.widgets.avatar import avatar_pixmap

CARD_HEIGHT = 78
GAP = 8
AVATAR = 42
PAD = 12


_backgrounds: OrderedDict[tuple[object, ...], QPixmap] = OrderedDict()


def card_background(width: int, fill: str, border: QColor, pen: float, dpr: float) -> QPixmap:
    """The card's rounded, outlined background, ``width`` × CARD_HEIGHT logical pixels.

    Filling and stroking an antialiased rounded rectangle as wide as the list costs about
    half a millisecond a card; every card of one width and state looks the same, so each is
    drawn once and then copied (a few kinds: plain, hovered, selected, focused).
    """
    key = (width, fill, border.rgba(), pen, dpr)
    cached = _backgrounds.get(key)
    if cached is not None:
        _backgrounds.move_to_end(key)
        return cached
    pixmap = QPixmap(max(1, round(width * dpr)), max(1, round(CARD_HEIGHT * dpr)))
    pixmap.setDevicePixelRatio(dpr)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    path = QPainterPath()
    path.addRoundedRect(QRectF(0.5, 0.5, width - 1, CARD_HEIGHT - 1), 8, 8)
    painter.fillPath(path, QColor(fill))
    painter.setPen(QPen(border, pen))
    painter.drawPath(path)
    painter.end()
    _backgrounds[key] = pixmap
    while len(_backgrounds) > 16:
        _backgrounds.popitem(last=False)
    return pixmap


def circle_chip(circle: int | None) -> str | None:
    if circle is None:
        return None
    name = CIRCLE_NAMES.get(circle, "")
    return name.lower() if circle in (1, 5) else f"circle {name}"


def marked_parts(text: str) -> list[tuple[str, bool]]:
    """``text`` cut at the match marks of :func:`~kith.core.directory.match_reasons`: (part,
    whether it is a matched word), the marks themselves left out."""
    parts: list[tuple[str, bool]] = []
    for i, chunk in enumerate(text.split(MATCH_START)):
        if i == 0:
            parts.append((chunk, False))
            continue
        matched, _, rest = chunk.partition(MATCH_END)
        parts += [(matched, True), (rest, False)]
    return [(part, marked) for part, marked in parts if part]


def draw_marked(
    painter: QPainter, rect: QRect, text: str, font: QFont, colour: QColor, accent: QColor
) -> None:
    """One line of ``text`` with its matched words bold in ``accent``, elided to ``rect``."""
    bold = QFont(font)
    bold.setBold(True)
    x = rect.left()
    for part, marked in marked_parts(text):
        part_font = bold if marked else font
        metrics = QFontMetrics(part_font)
        room = rect.right() - x
        if room <= metrics.horizontalAdvance("…"):
            break
        shown = metrics.elidedText(part, Qt.TextElideMode.ElideRight, room)
        painter.setFont(part_font)
        painter.setPen(accent if marked else colour)
        painter.drawText(
            QRect(x, rect.top(), room, rect.height()),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            shown,
        )
        if shown != part:
            break
        x += metrics.horizontalAdvance(part)


_FONTS: dict[str, tuple[QFont, QFontMetrics, QFont, QFontMetrics, QFont, QFontMetrics]] = {}


def _fonts(base: QFont) -> tuple[QFont, QFontMetrics, QFont, QFontMetrics, QFont, QFontMetrics]:
    """The card's small, name and chip fonts for the view's font, with their metrics (made
    once per font)."""
    key = base.key()
    fonts = _FONTS.get(key)
    if fonts is None:
        small = QFont(base)
        small.setPointSizeF(base.pointSizeF() * 0.92)
        name = QFont(base)
        name.setBold(True)
        name.setPointSizeF(base.pointSizeF() * 1.05)
        chip = QFont(base)
        chip.setPointSizeF(base.pointSizeF() * 0.82)
        fonts = (small, QFontMetrics(small), name, QFontMetrics(name), chip, QFontMetrics(chip))
        _FONTS[key] = fonts
    return fonts


class ContactCardDelegate(QStyledItemDelegate):
    """Cards for :class:`ContactListModel` rows; every row has the same height.

    Each card is painted once into a pixmap and copied after that, for as long as what it
    shows stays the same (the person's card data, the match reason, the width, hover,
    selection and focus, the theme, the day): a keystroke that leaves people on screen —
    "teac" after "tea" — repaints them as copies (~0.05 ms a card instead of ~0.5 ms of
    text layout and drawing). The last cards painted are kept: a screenful and
    :attr:`SPARE` more (each ~200 KB at 570 logical pixels wide).
    """

    SPARE = 6

    def __init__(
        self, parent: QWidget | None = None, today: Callable[[], date] = date.today
    ) -> None:
        super().__init__(parent)
        self._today = today
        self._painted: OrderedDict[tuple[object, ...], QPixmap] = OrderedDict()

    def sizeHint(self, option: QStyleOptionViewItem, index: ModelIndex) -> QSize:
        # The view stretches each row to its width (no horizontal scrolling).
        return QSize(320, CARD_HEIGHT + GAP)

    def last_contact_text(self, summary: ContactSummary) -> str:
        if summary.last_contact is None:
            return "no contact logged"
        days = (self._today() - local_date(summary.last_contact)).days
        return ago_words(days)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: ModelIndex,
    ) -> None:
        summary: ContactSummary | None = index.data(ContactListModel.SummaryRole)
        reason = index.data(ContactListModel.MatchRole) if summary is not None else None
        rect = option.rect
        dpr = painter.device().devicePixelRatioF() if painter.device() else 1.0
        if summary is None or rect.isEmpty():
            self._paint_card(painter, option, summary, reason, dpr)
            return
        state = option.state & (
            QStyle.StateFlag.State_Selected
            | QStyle.StateFlag.State_MouseOver
            | QStyle.StateFlag.State_HasFocus
        )
        key = (
            summary,
            reason,
            rect.width(),
            rect.height(),
            state.value,
            dpr,
            current_theme(),
            option.font.key(),
            self._today(),
        )
        card = self._painted.get(key)
        if card is None:
            card = QPixmap(max(1, round(rect.width() * dpr)), max(1, round(rect.height() * dpr)))
            card.setDevicePixelRatio(dpr)
            card.fill(Qt.GlobalColor.transparent)
            at_origin = QStyleOptionViewItem(option)
            at_origin.rect = QRect(0, 0, rect.width(), rect.height())
            card_painter = QPainter(card)
            try:
                self._paint_card(card_painter, at_origin, summary, reason, dpr)
            finally:
                card_painter.end()
            self._painted[key] = card
            kept = self._screenful(rect.height()) + self.SPARE
            while len(self._painted) > kept:
                self._painted.popitem(last=False)
        else:
            self._painted.move_to_end(key)
        painter.drawPixmap(rect.topLeft(), card)

    def _screenful(self, row_height: int) -> int:
        """How many cards the view shows at once (at least a few)."""
        view = self.parent()
        height = view.height() if isinstance(view, QWidget) else 0
        return max(6, height // max(row_height, 1) + 1)

    def _paint_card(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        summary: ContactSummary | None,
        reason: str | None,
        dpr: float,
    ) -> None:
        theme = current_theme()
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        card = QRectF(option.rect.adjusted(1, GAP // 2, -1, -GAP // 2)).adjusted(
            0.5, 0.5, -0.5, -0.5
        )
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        hovered = bool(option.state & QStyle.StateFlag.State_MouseOver)
        focused = bool(option.state & QStyle.StateFlag.State_HasFocus)
        border = QColor(theme.accent if (selected or focused) else theme.border)
        if hovered and not selected:
            border = QColor(theme.accent).lighter(150) if not theme.dark else QColor(theme.muted)
        outline = option.rect.adjusted(1, GAP // 2, -1, -GAP // 2)
        fill = theme.accent_soft if selected else theme.base
        if outline.height() == CARD_HEIGHT:
            background = card_background(outline.width(), fill, border, 1.5 if focused else 1, dpr)
            painter.drawPixmap(outline.topLeft(), background)
        else:  # a row of another height (never in the list; kept exact all the same)
            path = QPainterPath()
            path.addRoundedRect(card, 8, 8)
            painter.fillPath(path, QColor(fill))
            painter.setPen(QPen(border, 1.5 if focused else 1))
            painter.drawPath(path)
        if summary is None:
            painter.restore()
            return

        rect = card.toRect()
        avatar_top = rect.top() + (rect.height() - AVATAR) // 2
        painter.drawPixmap(
            rect.left() + PAD,
            avatar_top,
            avatar_pixmap(summary.full_name, summary.photo, AVATAR, dpr),
        )
        left = rect.left() + PAD + AVATAR + PAD
        right = rect.right() - PAD
        small, metrics, name_font, name_metrics, chip_font, chip_metrics = _fonts(option.font)

        # Line 1: name, and on the right the last contact.
        when = self.last_contact_text(summary)
        when_width = metrics.horizontalAdvance(when)
        line1 = QRect(left, rect.top() + 10, right - left, name_metrics.height())
        painter.setFont(small)
        painter.setPen(QColor(theme.muted))
        painter.drawText(line1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, when)
        painter.setFont(name_font)
        painter.setPen(QColor(theme.text))
        name_room = line1.width() - when_width - PAD
        painter.drawText(
            line1.adjusted(0, 0, -(when_width + PAD), 0),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            name_metrics.elidedText(summary.full_name, Qt.TextElideMode.ElideRight, name_room),
        )

        # Line 2: role · company — or, when the search matched something else than the name,
        # where it matched, the matched words in the accent colour.
        line2 = QRect(left, line1.bottom() + 2, right - left, metrics.height())
        if reason:
            draw_marked(painter, line2, reason, small, QColor(theme.muted), QColor(theme.accent))
        else:
            painter.setFont(small)
            painter.setPen(QColor(theme.muted))
            painter.drawText(
                line2,
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                metrics.elidedText(summary.role_line, Qt.TextElideMode.ElideRight, line2.width()),
            )

        # Line 3: circle and tag chips, as many as fit.
        painter.setFont(chip_font)
        x = left
        y = line2.bottom() + 5
        chip_h = chip_metrics.height() + 4
        chips = [c for c in (circle_chip(summary.circle),) if c] + list(summary.tags)
        for i, chip in enumerate(chips):
            w = chip_metrics.horizontalAdvance(chip) + 14
            if x + w > right:
                more = f"+{len(chips) - i}"
                painter.setPen(QColor(theme.muted))
                painter.drawText(
                    QRect(x, y, right - x, chip_h), Qt.AlignmentFlag.AlignVCenter, more
                )
                break
            chip_rect = QRectF(x, y, w, chip_h)
            chip_path = QPainterPath()
            chip_path.addRoundedRect(chip_rect, 4, 4)
            is_circle = i == 0 and summary.circle is not None
            fill = (theme.base if selected else theme.accent_soft) if is_circle else theme.chip
            painter.fillPath(chip_path, QColor(fill))
            painter.setPen(QColor(theme.accent if is_circle else theme.chip_text))
            painter.drawText(chip_rect, Qt.AlignmentFlag.AlignCenter, chip)
            x += w + 6
        painter.restore()
