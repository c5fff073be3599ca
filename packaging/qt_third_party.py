"""The code Qt builds into the libraries and plugins PySide6 ships, and ICU beside them.

PySide6's wheels carry Qt but no notice of the third-party code compiled into it (PCRE2 in
QtCore, HarfBuzz and libpng in QtGui, libjpeg-turbo in the JPEG plugin…) nor of the ICU
libraries the Linux wheel ships next to QtCore. :func:`components` lists, for the Qt files a
bundle actually holds, each such component with its copyright and licence, and the licence
texts in ``packaging/licenses/qt/``. The table follows Qt's own attribution files
(``qt_attribution.json`` in qtbase, qtimageformats and qtwayland); when PySide6 moves to a Qt
that adds a component to a module Kith ships, add it here.

Where a component is left out of Qt's build on a platform (the Linux wheel links the system's
FreeType and zlib), ``platforms`` says where it is compiled in. Only the standard library.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

TEXTS = Path(__file__).resolve().parent / "licenses" / "qt"

#: The licence texts, by the name the table uses: (title, file in licenses/qt/).
LICENCES = {
    "Apache-2.0": ("Apache License 2.0", "Apache-2.0.txt"),
    "BSD-2-Clause": ('BSD 2-clause "Simplified" License', "BSD-2-Clause.txt"),
    "BSD-3-Clause": ('BSD 3-clause "New" or "Revised" License', "BSD-3-Clause.txt"),
    "CC0-1.0": ("Creative Commons Zero v1.0 Universal", "CC0-1.0.txt"),
    "FreeType": ("The FreeType Project License (with the BDF and PCF notices)", "FreeType.txt"),
    "GPL-2.0": ("GNU General Public License v2.0", "GPL-2.0.txt"),
    "HarfBuzz": ('HarfBuzz\'s "Old MIT" License', "HarfBuzz.txt"),
    "HPND": ("Historical Permission Notice and Disclaimer", "HPND.txt"),
    "ICC": ("International Color Consortium License", "ICC.txt"),
    "libjpeg-turbo": ("libjpeg-turbo: IJG License, BSD 3-clause and zlib", "libjpeg-turbo.txt"),
    "libpng": ("PNG Reference Library License version 2 and libpng License", "libpng.txt"),
    "libwebp": ('libwebp: BSD 3-clause "New" or "Revised" License', "libwebp.txt"),
    "MIT": ("MIT License", "MIT.txt"),
    "MPL-2.0": ("Mozilla Public License 2.0", "MPL-2.0.txt"),
    "PCRE2": ("PCRE2: BSD 3-clause with the binary library-like packages exception", "PCRE2.txt"),
    "Unicode-3.0": ("Unicode License v3", "Unicode-3.0.txt"),
    "Zlib": ("zlib License", "zlib.txt"),
}

# Which bundled files mean a Qt module or plugin is there (Linux .so, Windows .dll, macOS
# framework names all match).
CORE = r"qt6?core"
GUI = r"qt6?gui"
NETWORK = r"qt6?network"
XCB = r"qxcb|qt6?xcbqpa"
WAYLAND = r"qwayland|qt6?waylandclient"
JPEG = r"qjpeg"
WEBP = r"qwebp"
LINUX, WINDOWS, MACOS = "linux", "win32", "darwin"


@dataclass(frozen=True)
class QtPart:
    name: str
    module: str  # the Qt module or plugin it is built into
    licences: tuple[str, ...]  # keys of LICENCES; "public domain" needs no text
    copyright: str
    present_with: str  # a pattern a bundled file's name matches when Qt builds it in
    platforms: tuple[str, ...] = (LINUX, WINDOWS, MACOS)
    either: bool = False  # the licences are alternatives (OR), not all at once (AND)


PARTS = (
    # -- Qt Core
    QtPart(
        "BLAKE2 (reference implementation)",
        "Qt Core",
        ("CC0-1.0", "Apache-2.0"),
        "Copyright 2012, Samuel Neves",
        CORE,
        either=True,
    ),
    QtPart(
        "Apache Tika MIME type definitions",
        "Qt Core",
        ("Apache-2.0",),
        "Copyright The Apache Software Foundation",
        CORE,
    ),
    QtPart(
        "Easing Equations by Robert Penner",
        "Qt Core",
        ("BSD-3-Clause",),
        "Copyright (c) 2001 Robert Penner",
        CORE,
    ),
    QtPart(
        "Efficient Binary-Decimal and Decimal-Binary Conversion Routines for IEEE Doubles "
        "(double-conversion)",
        "Qt Core",
        ("BSD-3-Clause",),
        "Copyright 2006-2012, the V8 project authors",
        CORE,
    ),
    QtPart(
        "forkfd",
        "Qt Core",
        ("MIT",),
        "Copyright (C) 2016 Intel Corporation\n"
        "Copyright (C) 2015 Klarälvdalens Datakonsult AB, a KDAB Group company",
        CORE,
        platforms=(LINUX, MACOS),
    ),
    QtPart(
        "FreeBSD strtoll and strtoull",
        "Qt Core",
        ("BSD-3-Clause",),
        "Copyright (c) 1992, 1993 The Regents of the University of California",
        CORE,
    ),
    QtPart("MD4 and MD5", "Qt Core", (), "Public domain", CORE),
    QtPart(
        "PCRE2",
        "Qt Core (QRegularExpression)",
        ("PCRE2",),
        "Copyright (c) 1997-2007 University of Cambridge\n"
        "Copyright (c) 2007-2024 Philip Hazel\n"
        "Copyright (c) 2010-2024 Zoltan Herczeg",
        CORE,
    ),
    QtPart(
        "PCRE2 - Stack-less Just-In-Time Compiler (sljit)",
        "Qt Core (QRegularExpression)",
        ("BSD-2-Clause",),
        "Copyright Zoltan Herczeg",
        CORE,
    ),
    QtPart("Secure Hash Algorithm SHA-1", "Qt Core", (), "Public domain", CORE),
    QtPart(
        "Secure Hash Algorithm SHA-3 - Keccak",
        "Qt Core",
        ("CC0-1.0",),
        "Guido Bertoni, Joan Daemen, Michaël Peeters and Gilles Van Assche: to the extent "
        "possible under law, the implementers have waived all copyright and related or "
        "neighboring rights to the source code.",
        CORE,
    ),
    QtPart(
        "Secure Hash Algorithm SHA-3 - brg_endian",
        "Qt Core",
        ("BSD-2-Clause",),
        "Copyright (c) 1998-2013, Brian Gladman, Worcester, UK. All rights reserved.",
        CORE,
    ),
    QtPart(
        "Secure Hash Algorithms SHA-384 and SHA-512 (RFC 6234)",
        "Qt Core",
        ("BSD-3-Clause",),
        "Copyright (c) 2011 IETF Trust and the persons identified as authors of the code.",
        CORE,
    ),
    QtPart(
        "SipHash Algorithm",
        "Qt Core (QHash)",
        ("CC0-1.0",),
        "Copyright (C) 2012-2014 Jean-Philippe Aumasson\n"
        "Copyright (C) 2012-2014 Daniel J. Bernstein\n"
        "Copyright (C) 2016 Intel Corporation",
        CORE,
    ),
    QtPart(
        "TinyCBOR",
        "Qt Core",
        ("MIT",),
        "Copyright (C) 2015-2021 Intel Corporation",
        CORE,
    ),
    QtPart(
        "Unicode Character Database (UCD) and Common Locale Data Repository (CLDR)",
        "Qt Core",
        ("Unicode-3.0",),
        "Copyright © 1991-2025 Unicode, Inc.",
        CORE,
    ),
    QtPart(
        "Data Compression Library (zlib)",
        "Qt Core",
        ("Zlib",),
        "(C) 1995-2024 Jean-loup Gailly and Mark Adler",
        CORE,
        platforms=(WINDOWS, MACOS),  # the Linux wheel links the system's libz
    ),
    # -- Qt GUI
    QtPart(
        "Emoji Segmenter",
        "Qt GUI",
        ("Apache-2.0",),
        "Copyright 2019 Google LLC",
        GUI,
    ),
    QtPart(
        "FreeType 2",
        "Qt GUI",
        ("FreeType", "GPL-2.0"),
        "Copyright 2006-2024 by David Turner, Robert Wilhelm, and Werner Lemberg.",
        GUI,
        platforms=(WINDOWS, MACOS),  # the Linux wheel links the system's libfreetype
        either=True,
    ),
    QtPart(
        "Anti-aliasing rasterizer from FreeType 2 (grayraster)",
        "Qt GUI",
        ("FreeType",),
        "Copyright 2000-2016 by David Turner, Robert Wilhelm, and Werner Lemberg.",
        GUI,
    ),
    QtPart(
        "HarfBuzz-NG",
        "Qt GUI",
        ("HarfBuzz",),
        "Copyright © 2010-2022 Google, Inc.; © 2004-2023 Red Hat, Inc.; "
        "© 2005-2023 Behdad Esfahbod; and the other holders named in the text below",
        GUI,
    ),
    QtPart(
        "LibPNG",
        "Qt GUI",
        ("libpng",),
        "Copyright (c) 1995-2025 The PNG Reference Library Authors\n"
        "Copyright (c) 2018-2025 Cosmin Truta\n"
        "Copyright (c) 1998-2018 Glenn Randers-Pehrson, and the others named below",
        GUI,
    ),
    QtPart(
        "MD4C (Markdown in QTextDocument: Kith's Help)",
        "Qt GUI",
        ("MIT",),
        "Copyright © 2016-2020 Martin Mitáš",
        GUI,
    ),
    QtPart(
        "OpenGL and OpenGL ES 2 headers",
        "Qt GUI",
        ("MIT",),
        "Copyright (c) 2013-2014 The Khronos Group Inc.",
        GUI,
    ),
    QtPart("Pixman", "Qt GUI", ("MIT",), "Copyright © 2009 Nokia Corporation", GUI),
    QtPart(
        "sRGB color profile (ICC file, embedded in PDF/A files)",
        "Qt GUI",
        ("ICC",),
        "Copyright International Color Consortium, 2015",
        GUI,
    ),
    QtPart(
        "WebGradients",
        "Qt GUI (QGradient presets)",
        ("MIT",),
        "Copyright (c) 2017 itmeo",
        GUI,
    ),
    QtPart(
        "XCB-XInput",
        "Qt's XCB platform plugin",
        ("MIT",),
        "Copyright (C) 2001-2006 Bart Massey, Jamey Sharp, and Josh Triplett.\n"
        "Copyright (C) 2006 Peter Hutterer\n"
        "Copyright (C) 2013 Daniel Martin",
        XCB,
        platforms=(LINUX,),
    ),
    # -- image format plugins
    QtPart(
        "LibJPEG-turbo",
        "Qt's JPEG image plugin (qjpeg)",
        ("libjpeg-turbo",),
        "Copyright (C) 1991-2020 Thomas G. Lane, Guido Vollbeding (the Independent JPEG "
        "Group); Copyright (C) 2009-2024 D. R. Commander; Copyright (C) 2015 Viktor "
        "Szathmáry; and the other holders named in the text below. "
        "This software is based in part on the work of the Independent JPEG Group.",
        JPEG,
    ),
    QtPart(
        "WebP (libwebp)",
        "Qt's WebP image plugin (qwebp)",
        ("libwebp",),
        "Copyright (c) 2010, Google Inc. All rights reserved.",
        WEBP,
    ),
    # -- Qt Network
    QtPart(
        "The Public Suffix List",
        "Qt Network",
        ("MPL-2.0",),
        "The list was originally provided by Jo Hermans; it is now maintained at "
        "https://github.com/publicsuffix/list.",
        NETWORK,
    ),
    QtPart(
        "libpsl - C library to handle the Public Suffix List",
        "Qt Network",
        ("BSD-3-Clause",),
        "Copyright 2014-2016 The Chromium Authors. All rights reserved.",
        NETWORK,
    ),
    # -- Qt Wayland's client plugins (Linux)
    QtPart(
        "Wayland protocol and the Wayland protocol extensions Qt's Wayland plugin speaks "
        "(xdg-shell, xdg-decoration, xdg-output, xdg-activation, viewporter, "
        "primary selection, pointer gestures, tablet, linux-dmabuf, fullscreen shell, IVI)",
        "Qt's Wayland platform plugin",
        ("MIT",),
        "Copyright © 2008-2013 Kristian Høgsberg; © 2010-2013 Intel Corporation; "
        "© 2012-2016 Collabora, Ltd.; © 2015-2017 Red Hat Inc.; © 2015-2017 Samsung "
        "Electronics Co., Ltd; © 2013 Rafael Antognolli; © 2013 Jasper St. Pierre; "
        "© 2015 Jason Ekstrand; © 2015 Jonas Ådahl; © 2016 Yong Bakos; © 2018 Simon Ser; "
        "© 2020 Aleix Pol Gonzalez; © 2020 Carlos Garnacho; © 2013 DENSO CORPORATION; "
        "© 2013 BMW Car IT GmbH; © 2014 Stephen Chandler Paul",
        WAYLAND,
        platforms=(LINUX,),
    ),
    QtPart(
        "Wayland text input protocols (v2 and v4)",
        "Qt's Wayland platform plugin",
        ("HPND",),
        "Copyright © 2012, 2013 Intel Corporation; © 2015, 2016 Jan Arne Petersen; "
        "© 2017, 2018 Red Hat, Inc.; © 2018 Purism SPC",
        WAYLAND,
        platforms=(LINUX,),
    ),
)

#: ICU, which the Linux wheel ships beside QtCore as libicu*.so.NN.
ICU_FILE = re.compile(r"(?:^|/)libicu(?:data|i18n|uc)\.so\.(\d+)")


def _names(files: Iterable[str]) -> list[str]:
    return [Path(name).as_posix().lower() for name in files]


def parts(files: Iterable[str], platform: str) -> list[QtPart]:
    """The parts of :data:`PARTS` a bundle of ``files`` (names in the bundle) carries."""
    names = _names(files)
    system = next((p for p in (LINUX, WINDOWS, MACOS) if platform.startswith(p)), platform)
    return [
        part
        for part in PARTS
        if system in part.platforms
        and any(re.search(part.present_with, Path(name).name) for name in names)
    ]


def licence_expression(part: QtPart) -> str:
    if not part.licences:
        return "public domain"
    return (" OR " if part.either else " AND ").join(part.licences)


def listing(found: list[QtPart]) -> str:
    """Each part: its name, where Qt builds it in, its copyright and licence."""
    blocks = []
    for part in found:
        blocks.append(
            f"{part.name}\n  in: {part.module}\n  licence: {licence_expression(part)}\n"
            + "\n".join(f"  {line}" for line in part.copyright.splitlines())
        )
    return "\n\n".join(blocks)


def texts(found: list[QtPart]) -> list[tuple[str, str]]:
    """(title, text) for the listing and each licence the parts name, each text once."""
    needed = dict.fromkeys(key for part in found for key in part.licences)
    out = [("What Qt builds in, and under which licence", listing(found))]
    for key in needed:
        title, file = LICENCES[key]
        out.append((f"{title} (packaging/licenses/qt/{file})", (TEXTS / file).read_text()))
    return out


def icu_version(files: Iterable[str]) -> str | None:
    """The major version of the ICU libraries among ``files``, or None when there are none."""
    for name in _names(files):
        match = ICU_FILE.search(name)
        if match:
            return match.group(1)
    return None


def icu_texts() -> list[tuple[str, str]]:
    return [
        (
            "ICU's licence: the Unicode License, with the third-party notices ICU carries "
            "(packaging/licenses/qt/ICU.txt)",
            (TEXTS / "ICU.txt").read_text(),
        )
    ]
