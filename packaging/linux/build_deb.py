#!/usr/bin/env python3
"""Build Kith's Linux installers: the PyInstaller bundle, a .deb and a plain .tar.gz.

    python3 packaging/linux/build_deb.py [--dist DIR] [--work DIR]

1. copies the sources Kith is built from (pyproject.toml, desktop/, resources/) into WORK/src,
   so the build never writes into the checkout;
2. makes the build environment WORK/venv (kept between runs) and installs Kith into it
   non-editable, with PyInstaller (the ``packaging`` extra) — the only network use (PyPI);
3. renders the icon sizes (packaging/render_icons.py) and freezes Kith with
   packaging/kith.spec into WORK/bundle/kith;
4. lays the .deb out — the bundle in /opt/kith, /usr/bin/kith, the .desktop file, icons
   16–512 px plus the SVG, AppStream metainfo — works out Depends from the libraries the bundle
   links but does not carry, and packs it with ``dpkg-deb -Zzstd``;
5. writes DIST/kith_VERSION_ARCH.deb and DIST/kith-VERSION-linux-MACHINE.tar.gz, and checks the
   .desktop and metainfo files with desktop-file-validate / appstreamcli when they are installed.

Needs Python 3.11+, dpkg-deb, objdump (binutils) and a Debian-like system (dpkg -S). Only the
standard library is used here.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
import tarfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APP_ID = "io.github.kith.Kith"
PACKAGE = "kith"
ICON_NAME = "kith"  # Icon= in the .desktop file
ICON_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
MAINTAINER = "The Kith developers <kith@users.noreply.github.com>"


class BuildError(Exception):
    """A step failed; the message says which and what to do."""


def step(text: str) -> None:
    print(f"==> {text}", flush=True)


def run(command: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(command, text=True, stdin=subprocess.DEVNULL, **kwargs)  # type: ignore[call-overload]
    if result.returncode != 0:
        raise BuildError(f"`{' '.join(map(str, command))}` failed (exit code {result.returncode})")
    return result


def project_version() -> str:
    with (ROOT / "pyproject.toml").open("rb") as file:
        return tomllib.load(file)["project"]["version"]


# --- 1. sources and the build environment ------------------------------------------------------


def copy_sources(destination: Path) -> None:
    if destination.exists():
        shutil.rmtree(destination)
    destination.mkdir(parents=True)
    for name in ("pyproject.toml", "README.md"):
        if (ROOT / name).exists():
            shutil.copy2(ROOT / name, destination / name)
    skip = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    for folder in ("desktop", "resources"):
        shutil.copytree(ROOT / folder, destination / folder, ignore=skip)


def venv_python(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def build_environment(work: Path, python: str) -> Path:
    """WORK/venv with Kith (from WORK/src, not editable) and PyInstaller; returns its python."""
    venv = work / "venv"
    if not venv_python(venv).exists():
        step(f"Creating the build environment {venv}")
        run([python, "-m", "venv", str(venv)])
    pip = [str(venv_python(venv)), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    step("Installing Kith (not editable) and PyInstaller into it")
    run([*pip, f"{work / 'src'}[packaging]"])
    # A kept environment may hold an older build of the same version: replace it.
    run([*pip, "--no-deps", "--force-reinstall", str(work / "src")])
    return venv_python(venv)


# --- 2. icons and the bundle -------------------------------------------------------------------


def render_icons(python: Path, out: Path) -> Path:
    """PNG sizes of resources/icons/kith.svg, via the icon helper; returns the folder."""
    helper = ROOT / "packaging" / "render_icons.py"
    if not helper.exists():
        raise BuildError(f"{helper} is missing: it renders Kith's icon to the PNG sizes")
    if out.exists():
        shutil.rmtree(out)
    run(
        [str(python), str(helper), "--out", str(out)],
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
    )
    return out


def freeze(python: Path, work: Path) -> Path:
    """Run PyInstaller on packaging/kith.spec; returns the one-folder bundle."""
    step("Freezing Kith with PyInstaller (packaging/kith.spec)")
    dist = work / "bundle"
    run(
        [
            str(python),
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--log-level",
            "WARN",
            "--distpath",
            str(dist),
            "--workpath",
            str(work / "pyinstaller"),
            str(ROOT / "packaging" / "kith.spec"),
        ],
        cwd=work,
    )
    bundle = dist / "kith"
    if not (bundle / "kith").is_file():
        raise BuildError(f"PyInstaller made no {bundle / 'kith'}")
    return bundle


# --- 3. the .deb -------------------------------------------------------------------------------


def elf_files(folder: Path) -> list[Path]:
    found = []
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as file:
                if file.read(4) == b"\x7fELF":
                    found.append(path)
    return found


def needed_names(path: Path) -> list[str]:
    out = run(["objdump", "-p", str(path)], capture_output=True).stdout
    return [line.split()[1] for line in out.splitlines() if line.strip().startswith("NEEDED")]


def glibc_needed(paths: list[Path]) -> str:
    """The newest GLIBC_x.y symbol version any file of the bundle asks for."""
    newest: tuple[int, ...] = (2, 0)
    for path in paths:
        out = run(["objdump", "-T", str(path)], capture_output=True).stdout
        for match in re.finditer(r"\bGLIBC_(\d+(?:\.\d+)+)\b", out):
            newest = max(newest, tuple(int(part) for part in match.group(1).split(".")))
    return ".".join(map(str, newest))


def system_library_paths() -> dict[str, str]:
    """soname → path of the libraries the dynamic linker knows (ldconfig -p)."""
    machine = {"x86_64": "x86-64", "aarch64": "AArch64"}.get(platform.machine(), "")
    out = run(["/sbin/ldconfig", "-p"], capture_output=True).stdout
    paths: dict[str, str] = {}
    for line in out.splitlines()[1:]:
        name, _, path = line.strip().partition(" => ")
        soname, _, flags = name.partition(" (")
        if path and (not machine or machine in flags or "64" not in flags):
            paths.setdefault(soname, path)
    return paths


def owning_package(path: str) -> str | None:
    """The Debian package that installed ``path`` (also through /lib → /usr/lib)."""
    candidates = [path, str(Path(path).resolve())]
    for candidate in list(candidates):
        if candidate.startswith("/lib/"):
            candidates.append("/usr" + candidate)
        elif candidate.startswith("/usr/lib/"):
            candidates.append(candidate.removeprefix("/usr"))
    for candidate in candidates:
        result = subprocess.run(["dpkg", "-S", candidate], capture_output=True, text=True)
        if result.returncode == 0:
            return result.stdout.split(":")[0].strip()
    return None


def depends_of(bundle: Path) -> list[str]:
    """Debian packages for the libraries the bundle links but does not carry.

    packaging/kith.spec leaves the graphics stack (GL, EGL, xcb, Wayland), the C++ runtime and
    fontconfig/FreeType to the system; libfontconfig1 in turn depends on a font, without which
    Qt draws no text.
    """
    elves = elf_files(bundle)
    carried = {path.name for path in bundle.rglob("*")}
    wanted = sorted({name for elf in elves for name in needed_names(elf)} - carried)
    known = system_library_paths()
    packages: set[str] = set()
    missing = []
    for soname in wanted:
        path = known.get(soname)
        package = owning_package(path) if path else None
        if package is None:
            missing.append(soname)
        else:
            packages.add(package)
    if missing:
        raise BuildError(
            "the bundle links libraries that are neither in it nor installed here, so the "
            f".deb cannot name their packages: {', '.join(missing)}. Install them (their "
            "Debian packages) and build again."
        )
    libc = f"libc6 (>= {glibc_needed(elves)})"
    return [libc, *sorted(packages - {"libc6"})]


def installed_size_kib(root: Path) -> int:
    total = 0
    for path in root.rglob("*"):
        if "DEBIAN" in path.relative_to(root).parts:
            continue
        total += 1 if path.is_dir() or path.is_symlink() else -(-path.stat().st_size // 1024)
    return total


def copy_file(source: Path, target: Path, mode: int = 0o644) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    target.chmod(mode)


def stage_deb(bundle: Path, icons: Path, root: Path, version: str, arch: str) -> list[str]:
    """Lay out the package's files under ``root`` (DEBIAN/control included); returns Depends."""
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(bundle, root / "opt" / "kith", symlinks=True)
    (root / "usr" / "bin").mkdir(parents=True)
    # The bundle finds its _internal/ folder from the real path of the executable.
    (root / "usr" / "bin" / "kith").symlink_to("/opt/kith/kith")
    share = root / "usr" / "share"
    copy_file(
        ROOT / "resources" / f"{APP_ID}.desktop", share / "applications" / f"{APP_ID}.desktop"
    )
    copy_file(
        ROOT / "resources" / f"{APP_ID}.metainfo.xml", share / "metainfo" / f"{APP_ID}.metainfo.xml"
    )
    hicolor = share / "icons" / "hicolor"
    for size in ICON_SIZES:
        png = icons / f"{size}x{size}" / "apps" / f"{ICON_NAME}.png"
        if not png.exists():
            raise BuildError(f"the icon helper made no {png}")
        copy_file(png, hicolor / f"{size}x{size}" / "apps" / f"{ICON_NAME}.png")
    copy_file(
        ROOT / "resources" / "icons" / f"{ICON_NAME}.svg",
        hicolor / "scalable" / "apps" / f"{ICON_NAME}.svg",
    )
    doc = share / "doc" / PACKAGE
    doc.mkdir(parents=True)
    (doc / "copyright").write_text(
        "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n"
        "Upstream-Name: Kith\n\n"
        "Files: *\nCopyright: The Kith developers\nLicense: GPL-3.0-or-later\n"
        " On Debian systems, the full text of the GNU General Public License version 3 can be\n"
        " found in /usr/share/common-licenses/GPL-3.\n\n"
        "Files: opt/kith/_internal/*\nCopyright: their respective authors\n"
        "License: various\n The bundled Python runtime, Qt (LGPL-3.0) through PySide6 and the\n"
        " Python packages listed in opt/kith/_internal/*.dist-info carry their own licences.\n"
    )
    for path in root.rglob("*"):
        if path.is_symlink():
            continue
        # Directories and whatever PyInstaller made executable: 755; everything else: 644.
        executable = path.is_dir() or path.stat().st_mode & 0o111
        path.chmod(0o755 if executable else 0o644)

    depends = depends_of(bundle)
    control = root / "DEBIAN" / "control"
    control.parent.mkdir()
    control.write_text(
        f"Package: {PACKAGE}\n"
        f"Version: {version}\n"
        f"Architecture: {arch}\n"
        f"Maintainer: {MAINTAINER}\n"
        f"Installed-Size: {installed_size_kib(root)}\n"
        f"Depends: {', '.join(depends)}\n"
        "Section: misc\n"
        "Priority: optional\n"
        "Description: keeps your professional network alive\n"
        " Kith is a local-first personal relationship manager: it remembers, for the\n"
        " people you choose to keep close, how you met, who introduced you, what you\n"
        " talked about and when to get back in touch.\n"
        " .\n"
        " Your data stays on your computer, in one SQLite file. This package carries\n"
        " its own Python and Qt in /opt/kith.\n"
    )
    return depends


def validate(root: Path) -> None:
    desktop = root / "usr/share/applications" / f"{APP_ID}.desktop"
    metainfo = root / "usr/share/metainfo" / f"{APP_ID}.metainfo.xml"
    if shutil.which("desktop-file-validate"):
        run(["desktop-file-validate", str(desktop)])
        print(f"    desktop-file-validate: {desktop.name} is valid")
    else:
        print("    desktop-file-validate not installed (apt package desktop-file-utils): skipped")
    if shutil.which("appstreamcli"):
        run(
            ["appstreamcli", "validate", "--no-net", "--pedantic", str(metainfo)],
            capture_output=True,
        )
        print(f"    appstreamcli validate: {metainfo.name} is valid")
    else:
        print("    appstreamcli not installed (apt package appstream): skipped")


def pack_tarball(bundle: Path, out: Path) -> None:
    with tarfile.open(out, "w:gz", compresslevel=6) as archive:
        archive.add(bundle, arcname="kith")


def du(path: Path) -> int:
    return sum(p.lstat().st_size for p in path.rglob("*")) if path.is_dir() else path.stat().st_size


def mib(size: int) -> str:
    return f"{size / 2**20:.1f} MiB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--dist",
        type=Path,
        default=ROOT / "dist",
        help="where the .deb and .tar.gz go (default dist/)",
    )
    parser.add_argument(
        "--work",
        type=Path,
        default=ROOT / "build" / "linux",
        help="build folder, kept between runs for its environment (default build/linux)",
    )
    parser.add_argument(
        "--python", default=sys.executable, help="the Python the bundle is made from"
    )
    args = parser.parse_args(argv)
    work, dist = args.work.resolve(), args.dist.resolve()
    started = time.monotonic()
    try:
        for tool in ("dpkg-deb", "dpkg", "objdump"):
            if shutil.which(tool) is None:
                raise BuildError(f"{tool} is missing (Debian packages dpkg, binutils)")
        version = project_version()
        arch = run(["dpkg", "--print-architecture"], capture_output=True).stdout.strip()
        work.mkdir(parents=True, exist_ok=True)
        dist.mkdir(parents=True, exist_ok=True)
        step(f"Building Kith {version} for {arch} in {work}")
        copy_sources(work / "src")
        python = build_environment(work, args.python)
        step("Rendering the icon sizes (packaging/render_icons.py)")
        icons = render_icons(python, work / "icons")
        bundle = freeze(python, work)
        shown = run([str(bundle / "kith"), "--version"], capture_output=True).stdout.strip()
        if shown != f"Kith {version}":
            raise BuildError(f"the bundle says {shown!r}, not 'Kith {version}'")

        step("Laying out the .deb")
        root = work / "deb" / f"{PACKAGE}_{version}_{arch}"
        depends = stage_deb(bundle, icons, root, version, arch)
        validate(root)
        deb = dist / f"{PACKAGE}_{version}_{arch}.deb"
        step(f"Packing {deb.name} (dpkg-deb -Zzstd)")
        run(
            ["dpkg-deb", "--root-owner-group", "-Zzstd", "--build", str(root), str(deb)],
            stdout=subprocess.DEVNULL,
        )
        tarball = dist / f"{PACKAGE}-{version}-linux-{platform.machine()}.tar.gz"
        step(f"Packing {tarball.name}")
        pack_tarball(bundle, tarball)
    except BuildError as exc:
        print(f"build_deb: {exc}", file=sys.stderr)
        return 1
    print(
        f"Built in {time.monotonic() - started:.0f} s:\n"
        f"  bundle   {bundle}  {mib(du(bundle))}\n"
        f"  .deb     {deb}  {mib(du(deb))}\n"
        f"  .tar.gz  {tarball}  {mib(du(tarball))}\n"
        f"  Depends: {', '.join(depends)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
