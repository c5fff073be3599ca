"""Renders Kith's app icon (resources/icons/kith.svg) to the PNG sizes and .ico the installers use.

    QT_QPA_PLATFORM=offscreen python packaging/render_icons.py [--out] OUT_DIR [--ico]

OUT_DIR is laid out like a hicolor icon theme folder, ready to copy under
``/usr/share/icons/hicolor``::

    OUT_DIR/16x16/apps/kith.png … OUT_DIR/512x512/apps/kith.png
    OUT_DIR/scalable/apps/kith.svg                (the source, copied)
    OUT_DIR/symbolic/apps/kith-symbolic.svg       (the one-colour mark)
    OUT_DIR/kith.ico                              (with --ico: 16…256 in one Windows icon)

Only PySide6 (QtGui, QtSvg) is needed; Kith itself need not be importable.
"""

from __future__ import annotations

import argparse
import os
import shutil
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"
NAME = "kith"
PNG_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512, 1024)  # 1024: macOS 512@2x
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


class RenderError(Exception):
    """The icon could not be rendered or written."""


def render(svg: Path, size: int) -> QImage:
    """``svg`` drawn into a transparent ``size``×``size`` image."""
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise RenderError(f"{svg} is not a valid SVG file")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return image


def encode(image: QImage, fmt: str) -> bytes:
    """``image`` in an image file format Qt writes (``"PNG"``, ``"ICO"``)."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, fmt):
        raise RenderError(f"Qt cannot write {fmt} images here (no image format plugin?)")
    buffer.close()
    return bytes(data.data())


def ico_bytes(images: list[QImage]) -> bytes:
    """One Windows .ico holding every image: 256 px as PNG, the smaller as 32-bit bitmaps.

    Qt's ICO writer stores a single image per file, so each small size is written with it and
    its bitmap lifted into one icon directory here.
    """
    entries: list[tuple[int, int, int, int, bytes]] = []  # width, height, planes, bits, data
    for image in images:
        size = image.width()
        if size >= 256:
            entries.append((size, size, 1, 32, encode(image, "PNG")))
            continue
        single = encode(image, "ICO")
        _reserved, _kind, count = struct.unpack_from("<HHH", single, 0)
        if count != 1:
            raise RenderError(f"Qt's ICO writer made {count} images, expected 1")
        _w, _h, _colors, _r, planes, bits, length, offset = struct.unpack_from(
            "<BBBBHHII", single, 6
        )
        entries.append((size, size, planes, bits, single[offset : offset + length]))
    header = struct.pack("<HHH", 0, 1, len(entries))
    offset = len(header) + 16 * len(entries)
    directory = b""
    for width, height, planes, bits, data in entries:
        directory += struct.pack(
            "<BBBBHHII", width % 256, height % 256, 0, 0, planes, bits, len(data), offset
        )
        offset += len(data)
    return header + directory + b"".join(entry[4] for entry in entries)


def render_icons(out: Path, ico: bool = False) -> list[Path]:
    """Write the PNG sizes, the SVGs and (with ``ico``) kith.ico into ``out``; returns the files."""
    svg = ICONS / f"{NAME}.svg"
    if not svg.is_file():
        raise RenderError(f"the app icon is missing: {svg}")
    _ensure_app()
    written: list[Path] = []
    for size in PNG_SIZES:
        png = out / f"{size}x{size}" / "apps" / f"{NAME}.png"
        png.parent.mkdir(parents=True, exist_ok=True)
        if not render(svg, size).save(str(png), "PNG"):
            raise RenderError(f"could not write {png}")
        written.append(png)
    for source, target in (
        (svg, out / "scalable" / "apps" / f"{NAME}.svg"),
        (ICONS / f"{NAME}-symbolic.svg", out / "symbolic" / "apps" / f"{NAME}-symbolic.svg"),
    ):
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        written.append(target)
    if ico:
        target = out / f"{NAME}.ico"
        target.write_bytes(ico_bytes([render(svg, size) for size in ICO_SIZES]))
        written.append(target)
    return written


_app: QGuiApplication | None = None


def _ensure_app() -> None:
    global _app
    if QGuiApplication.instance() is None:
        _app = QGuiApplication(sys.argv[:1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", nargs="?", type=Path, help="where the icon files go")
    parser.add_argument("--out", type=Path, help="the same as OUT_DIR")
    parser.add_argument("--ico", action="store_true", help="also write kith.ico (Windows)")
    args = parser.parse_args(argv)
    out = args.out or args.out_dir
    if out is None:
        parser.error("say where the icons go: render_icons.py OUT_DIR")
    try:
        files = render_icons(out, ico=args.ico)
    except (RenderError, OSError) as error:
        print(f"render_icons: {error}", file=sys.stderr)
        return 1
    print(f"render_icons: wrote {len(files)} files into {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
