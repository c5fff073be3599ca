"""Avatars — a contact's photo or initials in a circle — and image files turned into thumbnails."""

from __future__ import annotations

import zlib
from collections import OrderedDict
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QImage, QPainter, QPainterPath, QPixmap

from kith.core.text import initials

#: Stored photos are squares of at most this many pixels a side.
PHOTO_SIZE = 256

# Calm, distinguishable colours with white text readable on each (WCAG AA for large text).
AVATAR_COLOURS = (
    "#d97706",
    "#2563eb",
    "#059669",
    "#7c3aed",
    "#db2777",
    "#ea580c",
    "#0891b2",
    "#4f46e5",
    "#65a30d",
    "#be123c",
)

_cache: OrderedDict[tuple[object, ...], QPixmap] = OrderedDict()
_CACHE_LIMIT = 600


def avatar_colour(name: str) -> QColor:
    """The same name always gets the same colour."""
    return QColor(AVATAR_COLOURS[zlib.crc32(name.encode("utf-8")) % len(AVATAR_COLOURS)])


def avatar_pixmap(name: str, photo: bytes | None, size: int, dpr: float = 1.0) -> QPixmap:
    """A round avatar ``size`` logical pixels wide, crisp at device pixel ratio ``dpr``."""
    key = (name, zlib.crc32(photo) if photo else None, size, dpr)
    cached = _cache.get(key)
    if cached is not None:
        _cache.move_to_end(key)
        return cached
    pixels = max(1, round(size * dpr))
    pixmap = QPixmap(pixels, pixels)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    circle = QPainterPath()
    circle.addEllipse(QRectF(0, 0, pixels, pixels))
    image = QImage()
    if photo and image.loadFromData(photo):
        painter.setClipPath(circle)
        side = min(image.width(), image.height())
        square = image.copy(
            (image.width() - side) // 2, (image.height() - side) // 2, side, side
        ).scaled(
            pixels,
            pixels,
            Qt.AspectRatioMode.IgnoreAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        painter.drawImage(0, 0, square)
    else:
        painter.fillPath(circle, QBrush(avatar_colour(name)))
        font = QFont()
        font.setBold(True)
        font.setPixelSize(max(6, round(pixels * 0.38)))
        painter.setFont(font)
        painter.setPen(QColor("#ffffff"))
        painter.drawText(QRectF(0, 0, pixels, pixels), Qt.AlignmentFlag.AlignCenter, initials(name))
    painter.end()
    pixmap.setDevicePixelRatio(dpr)
    _cache[key] = pixmap
    if len(_cache) > _CACHE_LIMIT:
        _cache.popitem(last=False)
    return pixmap


class UnreadableImageError(ValueError):
    """The chosen file is not an image Kith can read; the message is for the user."""


def photo_from_file(path: Path) -> bytes:
    """Read an image file and return a centred square JPEG thumbnail to store with a contact."""
    image = QImage(str(path))
    if image.isNull():
        raise UnreadableImageError(
            f"“{path.name}” is not an image Kith can read. Choose a JPEG, PNG, GIF or WebP file."
        )
    return photo_from_image(image)


def photo_from_image(image: QImage) -> bytes:
    side = min(image.width(), image.height())
    square = image.copy((image.width() - side) // 2, (image.height() - side) // 2, side, side)
    if side > PHOTO_SIZE:
        square = square.scaled(
            PHOTO_SIZE,
            PHOTO_SIZE,
            Qt.AspectRatioMode.IgnoreAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
    # JPEG has no transparency: flatten onto white so transparent parts don't turn black.
    flat = QImage(square.size(), QImage.Format.Format_RGB32)
    flat.fill(QColor("#ffffff"))
    painter = QPainter(flat)
    painter.drawImage(0, 0, square)
    painter.end()
    square = flat
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    square.save(buffer, "JPEG", 85)
    buffer.close()
    return bytes(data.data())
