"""THIRD-PARTY-LICENSES: every component a Kith bundle carries, its licence and the full texts.

packaging/kith.spec calls :func:`write` on every platform with the files PyInstaller is about
to bundle, so the list is what the bundle holds, not what someone remembered to write down:

- each Python distribution that owns a bundled file (found through its RECORD), with the
  licence files of its ``.dist-info`` — or, for the few wheels that ship none (PySide6 and
  shiboken6, which carry Qt: LGPL-3.0; Kith itself: GPL-3.0), the texts in
  ``packaging/licenses/``;
- the code Qt compiles into its libraries and plugins, and ICU beside QtCore, which the Qt
  wheel gives no notice of: the table in ``qt_third_party.py`` with the texts in
  ``packaging/licenses/qt/``;
- PyInstaller, whose bootloader is the executable (GPL-2.0-or-later with its exception);
- the Python runtime, with the LICENSE.txt of the Python the bundle is made from (on Windows
  and macOS that file also carries the notices of the libraries python.org builds in);
- on Debian and Ubuntu, each system library PyInstaller copied in (zlib, OpenSSL, libffi…),
  with the copyright file of the Debian package it came from.

Files from the checkout itself (Kith's resources) are Kith's. On Linux a bundled file that fits
none of these stops the build: add its licence before shipping it. On Windows and macOS (no
package database to ask) such files are listed by name at the end. Only the standard library
is used.
"""

from __future__ import annotations

import os
import platform
import re
import shutil
import subprocess
import sys
import sysconfig
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
TEXTS = HERE / "licenses"
if str(HERE) not in sys.path:  # the spec and the tests load this file by its path
    sys.path.insert(0, str(HERE))
import qt_third_party  # noqa: E402  (the table of what Qt builds in, beside this file)

#: Distributions whose wheel carries no licence file: the texts to ship for them instead.
FALLBACK_TEXTS = {
    "pyside6-essentials": ("LGPL-3.0", "GPL-3.0"),  # Qt and PySide6: LGPL-3.0 (GPL-3.0 with it)
    "pyside6": ("LGPL-3.0", "GPL-3.0"),
    "shiboken6": ("LGPL-3.0", "GPL-3.0"),
    "kith": ("GPL-3.0",),
}
LICENSE_FILE = re.compile(r"(LICEN[CS]E|COPYING|NOTICE|AUTHORS)", re.IGNORECASE)


class LicenseError(Exception):
    """A bundled file whose licence is not known."""


@dataclass
class Component:
    name: str
    version: str
    licence: str
    texts: list[tuple[str, str]] = field(default_factory=list)  # (title, text)
    files: list[str] = field(default_factory=list)  # what of it the bundle holds (a sample)


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _licence_name(dist: metadata.Distribution) -> str:
    meta = dist.metadata

    def value_of(name: str) -> str:
        return ((meta.get_all(name) or [""])[0] or "").strip()

    if value_of("License-Expression"):
        return value_of("License-Expression")
    classifiers = [
        value.split("::")[-1].strip()
        for value in meta.get_all("Classifier") or []
        if value.startswith("License ::")
    ]
    short = value_of("License")
    if short and "\n" not in short and len(short) < 80:
        return short
    return ", ".join(classifiers) or "see the text below"


def _distribution_texts(dist: metadata.Distribution) -> list[tuple[str, str]]:
    texts = []
    for file in dist.files or []:
        parts = file.parts
        in_metadata = any(part.endswith(".dist-info") for part in parts[:-1])
        if in_metadata and LICENSE_FILE.search(parts[-1]) and parts[-1] != "RECORD":
            path = Path(str(dist.locate_file(file)))
            if path.is_file():
                texts.append((file.as_posix(), path.read_text(encoding="utf-8", errors="replace")))
    if not texts:
        for name in FALLBACK_TEXTS.get(_normal(dist.metadata["Name"]), ()):
            texts.append(
                (f"{name} (packaging/licenses/{name}.txt)", (TEXTS / f"{name}.txt").read_text())
            )
    return texts


def _file_owners() -> dict[str, metadata.Distribution]:
    owners: dict[str, metadata.Distribution] = {}
    for dist in metadata.distributions():
        for file in dist.files or []:
            owners.setdefault(_key(str(dist.locate_file(file))), dist)
    return owners


def _key(path: str) -> str:
    return os.path.normcase(os.path.realpath(path))


def python_licence() -> Component:
    version = platform.python_version()
    minor = f"{sys.version_info.major}.{sys.version_info.minor}"
    candidates = [
        Path(sysconfig.get_path("stdlib")) / "LICENSE.txt",
        Path(sys.base_prefix) / "LICENSE.txt",
        Path(f"/usr/share/doc/python{minor}/copyright"),
    ]
    for path in candidates:
        if path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace")
            return Component("Python", version, "PSF-2.0", [(str(path), text)])
    raise LicenseError(f"no licence text of Python {version} in any of {candidates}")


def _debian_package(path: str) -> str | None:
    if not shutil.which("dpkg"):
        return None
    for candidate in dict.fromkeys([path, os.path.realpath(path)]):
        variants = [candidate]
        if candidate.startswith("/usr/lib/"):
            variants.append(candidate.removeprefix("/usr"))
        elif candidate.startswith("/lib/"):
            variants.append("/usr" + candidate)
        for variant in variants:
            result = subprocess.run(["dpkg", "-S", variant], capture_output=True, text=True)
            if result.returncode == 0:
                return result.stdout.split(":")[0].strip()
    return None


def _debian_component(package: str) -> Component:
    version = subprocess.run(
        ["dpkg-query", "-W", "-f=${Version}", package], capture_output=True, text=True
    ).stdout.strip()
    copyright_path = Path("/usr/share/doc") / package / "copyright"
    if not copyright_path.is_file():
        raise LicenseError(f"the Debian package {package} has no {copyright_path}")
    text = copyright_path.read_text(encoding="utf-8", errors="replace")
    return Component(
        f"{package} (Debian package)",
        version,
        "see its copyright file",
        [(str(copyright_path), text)],
    )


def components(
    sources: Iterable[tuple[str, str]], own: Path, *, bootloader: bool = True
) -> list[Component]:
    """The components the bundle's files come from.

    ``sources`` is (name in the bundle, source file) for each bundled file — a Python module's
    name ends in ``.py`` — and ``own`` the checkout Kith is built from. ``bootloader``: list
    PyInstaller, whose bootloader every bundle's executable is.
    """
    owners = _file_owners()
    own_key = _key(str(own))
    sources = list(sources)
    sources_seen = [dest for dest, source in sources if source and os.path.exists(source)]
    python_prefixes = {_key(sys.base_prefix), _key(sys.prefix)}
    found: dict[str, Component] = {}
    unknown = []
    for dest, source in sources:
        if not source or not os.path.exists(source):
            continue
        dist = owners.get(_key(source))
        if dist is None and _key(source).startswith(own_key + os.sep):
            dist = metadata.distribution("kith")
        if dist is not None:
            name = dist.metadata["Name"]
            if name not in found:
                texts = _distribution_texts(dist)
                if not texts:
                    raise LicenseError(
                        f"{name} {dist.version} ships no licence file: add its text to "
                        f"packaging/licenses/ and to FALLBACK_TEXTS in {Path(__file__).name}"
                    )
                found[name] = Component(name, dist.version, _licence_name(dist), texts)
            component = found[name]
        elif dest.endswith((".py", ".pyc")) or dest.startswith(("base_library.zip", "python")):
            continue  # the standard library: the Python runtime below
        else:
            package = _debian_package(source) if sys.platform.startswith("linux") else None
            if package is not None:
                if package not in found:
                    found[package] = _debian_component(package)
                component = found[package]
            elif any(_key(source).startswith(prefix + os.sep) for prefix in python_prefixes):
                continue  # part of the Python installation: its LICENSE.txt covers it
            else:
                unknown.append(f"{dest} (from {source})")
                continue
        if len(component.files) < 5 and dest not in component.files:
            component.files.append(dest)
    if unknown and not sys.platform.startswith("linux"):
        found["~other"] = Component(
            "Other files of the build machine's Python", "", "see the Python licence", [], unknown
        )
    elif unknown:
        raise LicenseError(
            "these bundled files come from no Python distribution, no Debian package and not "
            "the Python installation, so their licence is unknown:\n  " + "\n  ".join(unknown)
        )
    found.update(_qt_components(sources_seen, found))
    listed = [python_licence(), *sorted(found.values(), key=lambda c: c.name.lower())]
    if bootloader:
        pyinstaller = metadata.distribution("pyinstaller")
        listed.append(
            Component(
                "PyInstaller (its bootloader is the kith executable)",
                pyinstaller.version,
                _licence_name(pyinstaller),
                _distribution_texts(pyinstaller),
            )
        )
    return listed


def _qt_components(dests: list[str], found: dict[str, Component]) -> dict[str, Component]:
    """Qt's third-party code and ICU, for a bundle whose files (``dests``) carry Qt."""
    qt = next((c for c in found.values() if _normal(c.name).startswith("pyside6")), None)
    if qt is None:
        return {}
    extra = {}
    parts = qt_third_party.parts(dests, sys.platform)
    if parts:
        licences = sorted({key for part in parts for key in part.licences})
        if any(not part.licences for part in parts):
            licences.append("public domain")
        extra["~qt-third-party"] = Component(
            "Qt's built-in third-party code",
            qt.version,
            ", ".join(licences),
            qt_third_party.texts(parts),
        )
    icu = qt_third_party.icu_version(dests)
    if icu is not None:
        files = [d for d in dests if qt_third_party.ICU_FILE.search(Path(d).as_posix().lower())]
        extra["~icu"] = Component(
            "ICU (International Components for Unicode)",
            icu,
            "Unicode-3.0 (Unicode License, with ICU's third-party notices)",
            qt_third_party.icu_texts(),
            files[:5],
        )
    return extra


def render(listed: list[Component]) -> str:
    width = min(max(len(c.name) for c in listed), 36)
    lines = [
        "Third-party software in this Kith bundle",
        "=" * 40,
        "",
        "Kith is free software under the GNU GPL, version 3 or later. The bundle also carries",
        "the components below, each under its own licence; their full texts follow the list.",
        "Qt is used through PySide6 under the GNU LGPL, version 3: it is dynamically linked",
        "(the Qt libraries in this folder), so you may replace them with your own build.",
        "",
    ]
    lines += [f"  {c.name:<{width}}  {c.version:<14}  {c.licence}" for c in listed]
    for component in listed:
        lines += ["", "", "-" * 78, f"{component.name} {component.version} — {component.licence}"]
        if component.files:
            lines.append(
                "In the bundle: "
                + ", ".join(component.files)
                + ("…" if len(component.files) == 5 else "")
            )
        lines.append("-" * 78)
        for title, text in component.texts:
            lines += ["", f"== {title} ==", "", text.rstrip()]
    return "\n".join(lines) + "\n"


def write(sources: Iterable[tuple[str, str]], own: Path, out: Path) -> Path:
    """Write THIRD-PARTY-LICENSES for the bundle's files to ``out``; returns ``out``."""
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render(components(sources, own)), encoding="utf-8")
    return out
