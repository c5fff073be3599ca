"""Kith's icons: the line icons of resources/icons in the palette's colours, and the app icon.

Every line icon is an SVG whose strokes are ``currentColor``. :func:`icon` gives a ``QIcon`` whose
engine replaces that colour when Qt asks for a pixmap — the palette's text colour (Normal and
Active), its disabled text colour (Disabled) and its highlighted-text colour (Selected) — so icons
follow the palette when it switches between light and dark, and are rendered at the device pixel
ratio asked for, crisp on HiDPI screens. :func:`icon_pixmap` draws one icon in a given colour for
delegates. Rendered pixmaps are cached; :func:`clear_icon_cache` empties the cache.
"""

from __future__ import annotations

import re
from functools import cache

import shiboken6
from PySide6.QtCore import QByteArray, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QGuiApplication,
    QIcon,
    QIconEngine,
    QImage,
    QPainter,
    QPalette,
    QPixmap,
)
from PySide6.QtSvg import QSvgRenderer

from kith.assets import asset_path

#: The sizes (logical pixels) a line icon says it has; any other size is rendered on demand.
ICON_SIZES: tuple[int, ...] = (16, 20, 24, 32, 48)
#: The sizes the application icon is rendered at.
APP_ICON_SIZES: tuple[int, ...] = (16, 22, 24, 32, 48, 64, 128, 256, 512)
#: The opacity of a pinned colour (``icon(name, color=...)``) in Disabled mode.
DISABLED_OPACITY = 0.45

_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_svg_sources: dict[str, bytes] = {}
_pixmaps: dict[tuple[str, int, int, float], QPixmap] = {}
# PySide does not hand ownership of an engine returned by clone() to the QIcon that asked for it:
# each clone is kept alive here until Qt deletes it (the wrapper then turns invalid).
_clones: list[QIconEngine] = []


class UnknownIconError(KeyError):
    """There is no icon of that name in resources/icons (a typo, or a file not added)."""

    def __str__(self) -> str:  # KeyError would show the message in quotes
        return str(self.args[0])


def svg_source(name: str) -> bytes:
    """The SVG text of the icon ``name`` (cached); raises :class:`UnknownIconError`."""
    source = _svg_sources.get(name)
    if source is None:
        path = asset_path("icons", f"{name}.svg") if _NAME.fullmatch(name) else None
        if path is None or not path.is_file():
            where = asset_path("icons")
            raise UnknownIconError(f"Kith has no icon named {name!r} (no {name}.svg in {where})")
        source = path.read_bytes()
        if not QSvgRenderer(QByteArray(source)).isValid():
            raise ValueError(f"the icon {name!r} is not a valid SVG file: {path}")
        _svg_sources[name] = source
    return source


def render_svg(source: bytes, pixel_size: int) -> QImage:
    """An SVG drawn into a transparent square image of ``pixel_size`` device pixels."""
    image = QImage(pixel_size, pixel_size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    renderer = QSvgRenderer(QByteArray(source))
    renderer.setAspectRatioMode(Qt.AspectRatioMode.KeepAspectRatio)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter, QRectF(0, 0, pixel_size, pixel_size))
    painter.end()
    return image


def icon_pixmap(name: str, size: int, color: QColor, dpr: float | None = None) -> QPixmap:
    """The icon ``name``, ``size`` logical pixels square, drawn in ``color`` (for delegates).

    ``dpr`` is the device pixel ratio to render at; by default the application's (2.0 on a
    HiDPI screen gives a pixmap of twice the pixels, tagged with that ratio).
    """
    if dpr is None:
        dpr = _app_device_pixel_ratio()
    pixel_size = max(1, round(size * dpr))
    color = QColor(color)
    key = (name, pixel_size, color.rgba(), dpr)
    pixmap = _pixmaps.get(key)
    if pixmap is None:
        source = svg_source(name).replace(b"currentColor", color.name().encode("ascii"))
        image = render_svg(source, pixel_size)
        if color.alpha() < 255:
            image = _with_opacity(image, color.alphaF())
        pixmap = QPixmap.fromImage(image)
        pixmap.setDevicePixelRatio(dpr)
        _pixmaps[key] = pixmap
    return pixmap


def icon(name: str, color: QColor | str | None = None) -> QIcon:
    """The line icon ``name`` as a QIcon drawn in the current palette's colours.

    ``color`` pins the Normal/Active colour (e.g. white on an accent-coloured button, the
    sidebar's text colour on the dark sidebar); Disabled mode then draws that colour faded and
    Selected mode still uses the palette's highlighted-text colour. Raises
    :class:`UnknownIconError` (a ``KeyError``) for a name with no SVG file.
    """
    svg_source(name)  # fail now, loudly, on a typo
    return QIcon(PaletteIconEngine(name, QColor(color) if color is not None else None))


def icon_color(
    mode: QIcon.Mode, pinned: QColor | None = None, palette: QPalette | None = None
) -> QColor:
    """The colour a line icon is drawn in for ``mode``, read now from ``palette`` (by default the
    application's)."""
    if palette is None:
        palette = QGuiApplication.palette()
    if mode == QIcon.Mode.Selected:
        return palette.color(QPalette.ColorGroup.Normal, QPalette.ColorRole.HighlightedText)
    if mode == QIcon.Mode.Disabled:
        if pinned is not None:
            faded = QColor(pinned)
            faded.setAlphaF(pinned.alphaF() * DISABLED_OPACITY)
            return faded
        return palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
    if pinned is not None:
        return QColor(pinned)
    return palette.color(QPalette.ColorGroup.Normal, QPalette.ColorRole.Text)


class PaletteIconEngine(QIconEngine):
    """Draws one line icon in the palette's colour for the mode, at the size and ratio asked."""

    def __init__(self, name: str, color: QColor | None = None) -> None:
        super().__init__()
        self._name = name
        self._color = color

    def clone(self) -> QIconEngine:
        _clones[:] = [engine for engine in _clones if shiboken6.isValid(engine)]
        engine = PaletteIconEngine(self._name, self._color)
        _clones.append(engine)
        return engine

    def key(self) -> str:
        return "kith-palette"

    def iconName(self) -> str:
        return self._name

    def isNull(self) -> bool:
        return False

    def availableSizes(self, mode: QIcon.Mode, state: QIcon.State) -> list[QSize]:
        return [QSize(size, size) for size in ICON_SIZES]

    def actualSize(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QSize:
        side = min(size.width(), size.height())
        return QSize(side, side)

    def scaledPixmap(
        self, size: QSize, mode: QIcon.Mode, state: QIcon.State, scale: float
    ) -> QPixmap:
        side = min(size.width(), size.height())
        if side <= 0:
            return QPixmap()
        return icon_pixmap(self._name, side, icon_color(mode, self._color), scale)

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return self.scaledPixmap(size, mode, state, 1.0)

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        side = min(rect.width(), rect.height())
        if side <= 0:
            return
        device = painter.device()
        dpr = device.devicePixelRatioF() if device is not None else 1.0
        # The application's palette, not the widget's: PySide hands the painter's device over
        # as a bare QPaintDevice, so the widget behind it cannot be known. Icons on a surface
        # of another colour (the dark sidebar, a primary button) pin their colour.
        pixmap = icon_pixmap(self._name, side, icon_color(mode, self._color), dpr)
        x = rect.x() + (rect.width() - side) // 2
        y = rect.y() + (rect.height() - side) // 2
        painter.drawPixmap(QRect(x, y, side, side), pixmap)


@cache
def app_icon() -> QIcon:
    """Kith's full-colour application icon (resources/icons/kith.svg) at 16 to 512 pixels."""
    source = svg_source("kith")
    result = QIcon()
    for size in APP_ICON_SIZES:
        result.addPixmap(QPixmap.fromImage(render_svg(source, size)))
    return result


def clear_icon_cache() -> None:
    """Forget every rendered pixmap (call after a palette change to free the old colours')."""
    _pixmaps.clear()


def _app_device_pixel_ratio() -> float:
    app = QGuiApplication.instance()
    return float(app.devicePixelRatio()) if isinstance(app, QGuiApplication) else 1.0


def _with_opacity(image: QImage, opacity: float) -> QImage:
    faded = QImage(image.size(), QImage.Format.Format_ARGB32_Premultiplied)
    faded.fill(Qt.GlobalColor.transparent)
    painter = QPainter(faded)
    painter.setOpacity(opacity)
    painter.drawImage(0, 0, image)
    painter.end()
    return faded
