#!/usr/bin/env python3
"""A fresh Debian 12 passes the README's commands: the check `.ci/run` runs after the suite.

    python3 .ci/fresh_debian.py        as root, on Debian or Ubuntu (KITH_FRESH_DEBIAN=0 skips)
    python3 .ci/fresh_debian.py --will-run    exit 0 when it would run here, 1 (and why) if not

What a newcomer starts from is rebuilt and the README's commands are run in it:
1. a Debian 12 root as `debootstrap --variant=minbase --include=python3 bookworm` makes it:
   made once (about a minute) and kept as a tarball in /var/cache/kith-fresh-debian, remade
   when the recipe below changes or the tarball is a month old;
2. a fresh copy of it per run, unpacked into a scratch folder under /var/tmp, with the host's
   CA certificates and apt sources, and a copy of this checkout (its files as `git ls-files`
   lists them, with their content in the working tree) in /root/kith;
3. inside it, through chroot with a clean environment:
   a. as root, `python3 dev.py test` — the system packages, .venv, ruff, mypy, the whole pytest
      suite and the .deb build and its tests (KITH_CLOCK_RUN=0 leaves out the second,
      moved-clock pass, which the host's run already did; CI is passed on, so lintian checks
      the .deb here — `.ci/run` leaves the .deb out of the host's run when this step follows);
   b. as a new user `newcomer` with a copy of the checkout of their own, `python3 dev.py demo`
      offscreen: it makes the user's own .venv (pip works as a user; apt-get does not, and the
      system packages are there since step a), writes demo.sqlite and opens the window, which
      must still be open a few seconds later; then `python3 dev.py demo --self-test` checks
      that the window paints and its form saves;
4. the .deb that step a's .deb test built there (on Debian 12, with Debian's own Python)
   is installed into a second fresh copy of the root with `apt-get install ./kith_….deb`, which
   pulls only its Depends; as a new user `kith --version`, `kith --self-test` and a first
   paint (`kith --exit-after-first-paint`, timed) run offscreen; then `apt-get purge
   --autoremove kith` must leave /opt and /usr exactly as they were before the install.
The scratch folder is unmounted and removed afterwards, also on failure or Ctrl-C.

Only the standard library is used. Exit code 0: passed or skipped (the reason is printed).
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shlex
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[1]

SUITE = "bookworm"
VARIANT = "minbase"
INCLUDE = "python3"
MIRROR = "http://deb.debian.org/debian"
# Bump when the way the root is made changes, so that cached roots are made anew.
RECIPE_VERSION = 1
ROOT_MAX_AGE_DAYS = 30  # then the cached root is remade, so it follows Debian's point releases

CACHE = Path(os.environ.get("KITH_FRESH_DEBIAN_CACHE", "/var/cache/kith-fresh-debian"))
SCRATCH_PARENT = Path("/var/tmp")
SCRATCH_PREFIX = "kith-fresh-debian-"

USER = "newcomer"
# Where the host's CA bundle goes inside the root: not /etc/ssl/certs, which the
# ca-certificates package rewrites when some package pulls it in.
HOST_CA_IN_ROOT = "/etc/ssl/host-ca-certificates.crt"
CHROOT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
DEMO_ALIVE_SECONDS = 5
DEMO_START_TIMEOUT = 15 * 60  # the user's pip install of PySide6 and the rest comes first
#: Where step a's .deb test leaves a copy of the .deb it built (KITH_DEB_KEEP), in the root.
KEPT_DEB = "/root/kith-deb"

# What the checkout copy leaves out even where .gitignore does not say so.
EXCLUDED_TOP = {".git", ".venv", "dist", "build"}


class Failure(Exception):
    """A step failed; the message says which and why."""


TIMINGS: list[tuple[str, float]] = []


def header(text: str) -> None:
    print(f"==> [fresh Debian] {text}", flush=True)


@contextmanager
def step(title: str) -> Iterator[None]:
    header(title)
    started = time.monotonic()
    try:
        yield
    finally:
        elapsed = time.monotonic() - started
        TIMINGS.append((title, elapsed))
        header(f"{title}: {elapsed:.0f} s")


def run(command: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(command, text=True, stdin=subprocess.DEVNULL, **kwargs)  # type: ignore[call-overload]
    if result.returncode != 0:
        raise Failure(f"`{shlex.join(command)}` failed (exit code {result.returncode})")
    return result


# --- When to run --------------------------------------------------------------------------------


def os_release(path: Path = Path("/etc/os-release")) -> dict[str, str]:
    fields = {}
    if path.exists():
        for line in path.read_text().splitlines():
            key, sep, value = line.partition("=")
            if sep:
                fields[key.strip()] = value.strip().strip('"')
    return fields


def skip_reason() -> str | None:
    if os.environ.get("KITH_FRESH_DEBIAN") == "0":
        return "KITH_FRESH_DEBIAN=0"
    release = os_release()
    family = {release.get("ID", ""), *release.get("ID_LIKE", "").split()}
    if not sys.platform.startswith("linux") or not family & {"debian", "ubuntu"}:
        return "this is not Debian or Ubuntu (debootstrap and chroot need one)"
    if os.geteuid() != 0:
        return "this is not root (debootstrap, mount and chroot need root)"
    return None


# --- The cached root -----------------------------------------------------------------------------


def recipe_key() -> str:
    recipe = f"{RECIPE_VERSION} {SUITE} {VARIANT} {INCLUDE} {MIRROR}"
    return hashlib.sha256(recipe.encode()).hexdigest()[:12]


def compression() -> tuple[str, list[str]]:
    """The tarball's suffix and tar's option for it: zstd where installed, else none."""
    return (".tar.zst", ["--zstd"]) if shutil.which("zstd") else (".tar", [])


def ensure_debootstrap() -> str:
    found = shutil.which("debootstrap") or (
        "/usr/sbin/debootstrap" if Path("/usr/sbin/debootstrap").exists() else None
    )
    if found:
        return found
    header("Installing debootstrap with apt-get")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    run(["apt-get", "-q", "update"], env=env)
    run(["apt-get", "install", "-q", "-y", "--no-install-recommends", "debootstrap"], env=env)
    return "/usr/sbin/debootstrap"


def cached_root() -> Path:
    """The root's tarball, made now if there is none for this recipe or it is too old."""
    CACHE.mkdir(parents=True, exist_ok=True)
    suffix, tar_compress = compression()
    name = f"{SUITE}-{VARIANT}-{recipe_key()}"
    tarball = CACHE / f"{name}{suffix}"
    with (CACHE / "root.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another run making the same root: wait for it
        if tarball.exists():
            age_days = (time.time() - tarball.stat().st_mtime) / 86400
            if age_days < ROOT_MAX_AGE_DAYS:
                header(f"Using the cached root {tarball} ({age_days:.0f} days old)")
                return tarball
            header(f"The cached root is {age_days:.0f} days old: making it anew")
        debootstrap = ensure_debootstrap()
        build = Path(tempfile.mkdtemp(prefix="build-", dir=CACHE))
        try:
            root = build / "root"
            command = [debootstrap, f"--variant={VARIANT}", f"--include={INCLUDE}"]
            command += [SUITE, str(root), MIRROR]
            header(f"Making the root: {shlex.join(command)}")
            log = build / "debootstrap.log"
            with log.open("w") as out:
                code = subprocess.run(
                    command, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
                ).returncode
            if code != 0:
                print(log.read_text()[-4000:])
                raise Failure(f"debootstrap failed (exit code {code}); its log is above")
            # What debootstrap downloaded is not part of a machine: the .deb files and the
            # package lists (dev.py runs apt-get update before it installs anything).
            for folder in ("var/cache/apt/archives", "var/lib/apt/lists"):
                for path in (root / folder).glob("*"):
                    if path.is_file():
                        path.unlink()
            partial = build / f"{name}{suffix}.partial"
            run(
                ["tar", *tar_compress, "--numeric-owner", "-cf", str(partial), "-C", str(root), "."]
            )
            for old in CACHE.glob(f"{SUITE}-{VARIANT}-*.tar*"):
                old.unlink()
            partial.rename(tarball)
        finally:
            remove_tree(build)
        header(f"Cached the root as {tarball} ({tarball.stat().st_size / 2**20:.0f} MiB)")
        return tarball


# --- Mounts and the scratch folder --------------------------------------------------------------


def mounts_under(folder: Path) -> list[str]:
    """Mount points at or below ``folder``, deepest first (from /proc/self/mountinfo)."""
    prefix = str(folder).rstrip("/")
    found = []
    for line in Path("/proc/self/mountinfo").read_text().splitlines():
        point = line.split()[4].replace("\\040", " ")
        if point == prefix or point.startswith(prefix + "/"):
            found.append(point)
    return sorted(found, key=len, reverse=True)


def unmount_all(folder: Path) -> None:
    for _ in range(5):  # a mount point may hold stacked mounts
        points = mounts_under(folder)
        if not points:
            return
        for point in points:
            if subprocess.run(["umount", point], stderr=subprocess.DEVNULL).returncode != 0:
                subprocess.run(["umount", "--lazy", point], stderr=subprocess.DEVNULL)


def remove_tree(folder: Path) -> None:
    """Remove a scratch folder, but never through a mount (that would delete the host's /dev
    or the download caches): unmount everything first, and refuse if anything stays."""
    if not folder.exists():
        return
    unmount_all(folder)
    left = mounts_under(folder)
    if left:
        raise Failure(f"not removing {folder}: still mounted there: {', '.join(left)}")
    subprocess.run(["rm", "-rf", "--one-file-system", str(folder)])


def remove_leftovers() -> None:
    """Scratch folders of runs that were killed before they could clean up (SIGKILL, a
    power cut): what still runs in them is stopped, and they are unmounted and removed."""
    for folder in sorted(SCRATCH_PARENT.glob(f"{SCRATCH_PREFIX}*")):
        try:
            owner = int((folder / "owner.pid").read_text())
            os.kill(owner, 0)
            continue  # its run is still going
        except (OSError, ValueError):
            pass
        header(f"Removing {folder}, left by an interrupted run")
        stop_processes_in(folder / "root")
        remove_tree(folder)


def bind(source: Path, target: Path, *, read_only: bool = False) -> None:
    if source.is_dir():
        target.mkdir(parents=True, exist_ok=True)
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.is_symlink():
            target.unlink()
        target.touch()
    run(["mount", "--bind", str(source), str(target)])
    # Mounts made or removed below it must not reach the host's mount (shared propagation).
    run(["mount", "--make-private", str(target)])
    if read_only:
        run(["mount", "-o", "remount,bind,ro", str(target)])


def processes_in(root: Path) -> list[int]:
    """Processes whose root directory is ``root``: what was started inside the chroot."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if os.readlink(entry / "root") == str(root):
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def stop_processes_in(root: Path) -> None:
    """End what a step left running inside the root (a D-Bus or keyring daemon, say)."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        pids = processes_in(root)
        if not pids:
            return
        for pid in pids:
            with suppress(ProcessLookupError):
                os.kill(pid, sig)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and processes_in(root):
            time.sleep(0.1)


# --- Setting the root up -------------------------------------------------------------------------


def checkout_files() -> list[Path]:
    """The checkout's files, relative: tracked and new ones, as git lists them."""
    listed = subprocess.run(
        [
            "git",
            "-C",
            str(CHECKOUT),
            "ls-files",
            "-z",
            "--cached",
            "--others",
            "--exclude-standard",
        ],
        capture_output=True,
        text=True,
    )
    if listed.returncode != 0:
        raise Failure(f"git ls-files failed in {CHECKOUT}: {listed.stderr.strip()}")
    files = []
    for name in sorted(set(listed.stdout.split("\0")) - {""}):
        relative = Path(name)
        if relative.parts[0] not in EXCLUDED_TOP and (CHECKOUT / relative).is_file():
            files.append(relative)
    return files


def copy_checkout(files: list[Path], destination: Path, owner: tuple[int, int] | None) -> None:
    for relative in files:
        target = destination / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(CHECKOUT / relative, target, follow_symlinks=False)
    if owner is not None:
        for path in [destination, *destination.rglob("*")]:
            os.lchown(path, *owner)


def copy_apt_configuration(root: Path) -> None:
    """The host's apt sources and download settings, so that apt downloads as on the host.

    Only when the host runs the same Debian release; otherwise the root keeps debootstrap's
    own sources.list. From apt.conf.d only the host's own settings (in no package) about
    downloading (Acquire::…: proxies, Check-Valid-Until for snapshot mirrors, …) are taken.
    """
    host = os_release()
    if host.get("ID") != "debian" or host.get("VERSION_CODENAME") != SUITE:
        print(f"    host is not Debian {SUITE}: keeping debootstrap's sources ({MIRROR})")
        return
    apt, root_apt = Path("/etc/apt"), root / "etc" / "apt"
    sources = [apt / "sources.list"] if (apt / "sources.list").is_file() else []
    sources += sorted(apt.glob("sources.list.d/*.list")) + sorted(
        apt.glob("sources.list.d/*.sources")
    )
    if not sources:
        print("    the host has no apt sources: keeping debootstrap's")
        return
    (root_apt / "sources.list").unlink(missing_ok=True)
    for source in sources:
        target = root_apt / source.relative_to(apt)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        # Keyrings named by Signed-By that the root lacks (a third-party repository's).
        for word in source.read_text().replace("=", " ").replace("]", " ").split():
            if word.startswith("/") and word.endswith((".gpg", ".asc")) and Path(word).is_file():
                keyring = root / word.lstrip("/")
                if not keyring.exists():
                    keyring.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(word, keyring)
    copied = [str(path) for path in sources]
    for conf in sorted(apt.glob("apt.conf.d/*")):
        owned = subprocess.run(["dpkg", "-S", str(conf)], capture_output=True).returncode == 0
        if conf.is_file() and not owned and "Acquire" in conf.read_text(errors="replace"):
            shutil.copyfile(conf, root_apt / "apt.conf.d" / conf.name)
            copied.append(str(conf))
    print(f"    from the host: {', '.join(copied)}")


def prepare_root(root: Path, tarball: Path) -> None:
    tar_compress = ["--zstd"] if tarball.name.endswith(".zst") else []
    root.mkdir()
    run(["tar", *tar_compress, "--numeric-owner", "-xpf", str(tarball), "-C", str(root)])
    # The host's CA bundle: pip and requests use their own (certifi's) unless told otherwise,
    # and a host network that inspects HTTPS (as some CI machines' do) needs the host's own.
    ca = Path("/etc/ssl/certs/ca-certificates.crt")
    if ca.is_file():
        copy = root / HOST_CA_IN_ROOT.lstrip("/")
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ca, copy)
        (root / "etc/apt/apt.conf.d/99host-ca").write_text(
            f'Acquire::https::CAInfo "{HOST_CA_IN_ROOT}";\n'
        )
    copy_apt_configuration(root)
    # A real machine's installer writes /etc/hosts; debootstrap does not.
    hosts = root / "etc" / "hosts"
    if not hosts.exists():
        hosts.write_text("127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n")
    (root / "tmp").chmod(0o1777)


def mount_root(root: Path) -> None:
    run(["mount", "-t", "proc", "proc", str(root / "proc")])
    bind(Path("/sys"), root / "sys", read_only=True)
    bind(Path("/dev"), root / "dev")
    bind(Path("/dev/pts"), root / "dev" / "pts")
    bind(Path("/dev/shm"), root / "dev" / "shm")
    bind(Path("/etc/resolv.conf").resolve(), root / "etc" / "resolv.conf", read_only=True)
    # Download caches from the host, to save the time and bandwidth of downloading the same
    # .deb files and wheels every run. They hold downloads, not installed state: apt and pip
    # still install everything into the fresh root and check every file's hash.
    bind(cache_dir("apt-archives"), root / "var" / "cache" / "apt" / "archives")
    bind(cache_dir("pip-root"), root / "root" / ".cache" / "pip")


def cache_dir(name: str, owner: tuple[int, int] | None = None) -> Path:
    folder = CACHE / name
    folder.mkdir(parents=True, exist_ok=True)
    if owner is not None:  # pip ignores a cache that is not the user's own
        for path in [folder, *folder.rglob("*")]:
            os.lchown(path, *owner)
    return folder


def add_user(root: Path) -> tuple[int, int]:
    chroot(root, ["useradd", "--create-home", "--shell", "/bin/bash", USER], env={})
    for line in (root / "etc" / "passwd").read_text().splitlines():
        fields = line.split(":")
        if fields[0] == USER:
            return int(fields[2]), int(fields[3])
    raise Failure(f"useradd made no user {USER}")


# --- Running inside ------------------------------------------------------------------------------


def chroot_command(
    root: Path, command: list[str], *, env: dict[str, str], user: tuple[int, int] | None = None
) -> list[str]:
    """``command`` run in ``root`` with nothing of this process's environment but ``env``."""
    clean = {"PATH": CHROOT_PATH, "LANG": "C.UTF-8", **env}
    prefix = [shutil.which("chroot") or "/usr/sbin/chroot"]
    if user is not None:  # numeric: names are looked up in the host's /etc/passwd
        prefix += [f"--userspec={user[0]}:{user[1]}", f"--groups={user[1]}"]
    variables = [f"{name}={value}" for name, value in clean.items()]
    return [*prefix, str(root), "/usr/bin/env", "-i", *variables, *command]


def chroot(
    root: Path, command: list[str], *, env: dict[str, str], user: tuple[int, int] | None = None
) -> None:
    run(chroot_command(root, command, env=env, user=user), env={})


def ca_env(root: Path) -> dict[str, str]:
    if not (root / HOST_CA_IN_ROOT.lstrip("/")).exists():
        return {}
    # The host's network may need the host's CA bundle (see prepare_root).
    return {
        "SSL_CERT_FILE": HOST_CA_IN_ROOT,
        "PIP_CERT": HOST_CA_IN_ROOT,
        "REQUESTS_CA_BUNDLE": HOST_CA_IN_ROOT,
    }


def start(command: list[str]) -> tuple[subprocess.Popen[str], threading.Thread, list[str]]:
    """Start ``command`` in a process group of its own and print its output as it comes, with
    the seconds since the start before each of dev.py's ``==>`` headers (a thread does it).
    Returns the process, the thread and the list of the output's lines so far."""
    process = subprocess.Popen(
        command,
        env={},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    started = time.monotonic()
    lines: list[str] = []

    def echo() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.append(line)
            if line.startswith("==> "):
                line = f"{line[:4]}[+{time.monotonic() - started:.0f} s] {line[4:]}"
            print(line, end="", flush=True)

    thread = threading.Thread(target=echo, daemon=True)
    thread.start()
    return process, thread, lines


def stop(process: subprocess.Popen[str]) -> None:
    """End the process and its group: SIGTERM, then SIGKILL after 30 s."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def test_as_root(root: Path) -> None:
    env = {"HOME": "/root", "KITH_CLOCK_RUN": "0", "KITH_DEB_KEEP": KEPT_DEB, **ca_env(root)}
    if os.environ.get("CI"):
        env["CI"] = os.environ["CI"]  # dev.py installs lintian, and the .deb test runs it
    # KITH_FRESH_DEBIAN_PYTEST="tests/packaging -x", say, while working on this script.
    pytest_args = os.environ.get("KITH_FRESH_DEBIAN_PYTEST", "")
    shell = f"cd /root/kith && exec python3 dev.py test {pytest_args}".rstrip()
    process, echo, _ = start(chroot_command(root, ["/bin/sh", "-c", shell], env=env))
    try:
        code = process.wait()
        echo.join(timeout=10)
    finally:
        stop(process)
        stop_processes_in(root)
    if code != 0:
        raise Failure(f"`python3 dev.py test` failed as root in the fresh root (exit code {code})")


def holds_lock(database: Path) -> bool:
    """Whether some process holds the lock Kith's window takes on its database file (an
    ``flock`` on the file itself, kith.store.file_lock), read from /proc/locks — without
    touching the lock, which would race the window for it."""
    try:
        st = database.stat()
        lines = Path("/proc/locks").read_text(encoding="ascii").splitlines()
    except OSError:
        return False
    wanted = f"{os.major(st.st_dev):02x}:{os.minor(st.st_dev):02x}:{st.st_ino}"
    return any("FLOCK" in line.split() and wanted in line.split() for line in lines)


def demo_as_user(root: Path, user: tuple[int, int]) -> None:
    home = f"/home/{USER}"
    env = {"HOME": home, "USER": USER, "QT_QPA_PLATFORM": "offscreen", **ca_env(root)}
    checkout = root / home.lstrip("/") / "kith"
    shell = f"cd {home}/kith && exec python3 dev.py demo"
    process, echo, output = start(
        chroot_command(root, ["/bin/sh", "-c", shell], env=env, user=user)
    )
    try:
        # The window has opened its database once it holds the lock on the file.
        database = checkout / "demo.sqlite"
        deadline = time.monotonic() + DEMO_START_TIMEOUT
        while not holds_lock(database) and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.5)
        opened = holds_lock(database)
        if opened:
            header(f"The demo window is open; is it still open {DEMO_ALIVE_SECONDS} s later?")
            time.sleep(DEMO_ALIVE_SECONDS)
        code = process.poll()
        if code is not None:
            raise Failure(f"`python3 dev.py demo` ended by itself with exit code {code}")
        if not opened:
            raise Failure(f"`python3 dev.py demo` opened no window in {DEMO_START_TIMEOUT} s")
        if not (checkout / "demo.sqlite").is_file():
            raise Failure("`python3 dev.py demo` wrote no demo.sqlite")
        header("Yes: stopping it")
    finally:
        stop(process)
        echo.join(timeout=10)
        stop_processes_in(root)
    # Ended by that SIGTERM, not by a crash of its own, and said nothing alarming.
    if process.returncode not in (-signal.SIGTERM, 0):
        raise Failure(f"the demo window ended with {process.returncode} when asked to stop")
    if any("Traceback" in line or "Fatal Python error" in line for line in output):
        raise Failure("the demo window printed an error (above)")

    header("python3 dev.py demo --self-test (the window paints and its form saves)")
    shell = f"cd {home}/kith && exec python3 dev.py demo --self-test"
    result = subprocess.run(
        chroot_command(root, ["/bin/sh", "-c", shell], env=env, user=user),
        env={},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=300,
    )
    stop_processes_in(root)
    print(result.stdout + result.stderr, end="", flush=True)
    if result.returncode != 0 or "kith --self-test: OK" not in result.stdout:
        raise Failure(f"`python3 dev.py demo --self-test` failed (exit code {result.returncode})")


def snapshot(root: Path) -> dict[str, tuple[str, int | str]]:
    """What /opt and /usr of ``root`` hold: each path, its kind, and a file's size or a link's
    target (folders' times change when anything inside does; what they hold is compared)."""
    found: dict[str, tuple[str, int | str]] = {}
    for top in ("opt", "usr"):
        base = root / top
        found[f"/{top}"] = ("folder", 0) if base.is_dir() else ("missing", 0)
        for folder, folders, files in os.walk(base):
            for name in folders + files:
                path = Path(folder) / name
                mode = path.lstat()
                key = "/" + path.relative_to(root).as_posix()
                if stat.S_ISLNK(mode.st_mode):
                    found[key] = ("link", os.readlink(path))
                elif stat.S_ISDIR(mode.st_mode):
                    found[key] = ("folder", 0)
                else:
                    found[key] = ("file", mode.st_size)
    return found


def differences(
    before: dict[str, tuple[str, int | str]], after: dict[str, tuple[str, int | str]]
) -> list[str]:
    lines = [f"left behind: {path}" for path in sorted(after.keys() - before.keys())]
    lines += [f"gone: {path}" for path in sorted(before.keys() - after.keys())]
    lines += [
        f"changed: {path} {before[path]} -> {after[path]}"
        for path in sorted(before.keys() & after.keys())
        if before[path] != after[path]
    ]
    return lines


def as_user(
    root: Path, user: tuple[int, int], command: list[str], env: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        chroot_command(root, command, env=env, user=user),
        env={},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=300,
    )
    stop_processes_in(root)
    return result


def install_deb(root: Path, tarball: Path, deb: Path) -> None:
    """Install ``deb`` into a fresh root, run Kith as a new user, purge it: /opt and /usr
    must be as before."""
    with (CHECKOUT / "pyproject.toml").open("rb") as file:
        version = tomllib.load(file)["project"]["version"]
    prepare_root(root, tarball)
    mount_root(root)
    before = snapshot(root)
    shutil.copyfile(deb, root / "tmp" / deb.name)
    apt_env = {"HOME": "/root", "DEBIAN_FRONTEND": "noninteractive"}
    chroot(root, ["apt-get", "-q", "update"], env=apt_env)
    install = ["apt-get", "install", "-q", "-y", "--no-install-recommends", f"/tmp/{deb.name}"]
    chroot(root, install, env=apt_env)
    user = add_user(root)
    env = {"HOME": f"/home/{USER}", "USER": USER, "QT_QPA_PLATFORM": "offscreen"}
    shown = as_user(root, user, ["kith", "--version"], env)
    print(f"    kith --version: {shown.stdout.strip()}")
    if shown.returncode != 0 or shown.stdout.strip() != f"Kith {version}":
        raise Failure(f"the installed kith --version said {shown.stdout + shown.stderr!r}")
    tested = as_user(root, user, ["kith", "--self-test"], env)
    print(tested.stdout + tested.stderr, end="", flush=True)
    if tested.returncode != 0 or "kith --self-test: OK" not in tested.stdout:
        raise Failure(f"the installed kith --self-test failed (exit code {tested.returncode})")
    for run_name in ("first start", "second start"):
        started = time.monotonic()
        painted = as_user(root, user, ["kith", "--exit-after-first-paint"], env)
        elapsed = time.monotonic() - started
        if painted.returncode != 0 or "first-paint" not in painted.stdout:
            raise Failure(f"the installed kith painted no window: {painted.stderr[-2000:]}")
        print(f"    kith --exit-after-first-paint, {run_name}: painted in {elapsed:.2f} s")
    chroot(root, ["apt-get", "purge", "-q", "-y", "--autoremove", "kith"], env=apt_env)
    (root / "tmp" / deb.name).unlink()
    changed = differences(before, snapshot(root))
    if changed:
        shown_lines = "\n    ".join(changed[:40])
        raise Failure(f"/opt and /usr are not as before the install:\n    {shown_lines}")
    print("    apt-get purge --autoremove kith: /opt and /usr are as before the install")


def check(root: Path, tarball: Path) -> None:
    with step("Unpacking a fresh copy of the root"):
        prepare_root(root, tarball)
        files = checkout_files()
        copy_checkout(files, root / "root" / "kith", owner=None)
        print(f"    the checkout: {len(files)} files in /root/kith")
        mount_root(root)
    with step("(a) as root: python3 dev.py test"):
        test_as_root(root)
    with step(f"(b) as the user {USER}: python3 dev.py demo, offscreen"):
        user = add_user(root)
        copy_checkout(files, root / "home" / USER / "kith", owner=user)
        bind(cache_dir("pip-user", owner=user), root / "home" / USER / ".cache" / "pip")
        os.lchown(root / "home" / USER / ".cache", *user)
        demo_as_user(root, user)
    # The apt download cache keeps only what the mirror still has (old versions go).
    chroot(root, ["apt-get", "-qq", "autoclean"], env={"HOME": "/root"})
    kept = sorted((root / KEPT_DEB.lstrip("/")).glob("kith_*.deb"))
    if not kept and os.environ.get("KITH_FRESH_DEBIAN_PYTEST"):
        header("No .deb was built (KITH_FRESH_DEBIAN_PYTEST): the install check is skipped")
        return
    if not kept:
        raise Failure(f"step (a) left no .deb in {KEPT_DEB} (did its .deb test run?)")
    with step("(c) apt-get install the .deb into a fresh root, run it as a user, purge it"):
        deb = root.parent / kept[-1].name
        shutil.copyfile(kept[-1], deb)
        stop_processes_in(root)
        remove_tree(root)  # its disk space, before the second root is unpacked
        install_deb(root.parent / "root-install", tarball, deb)


def main() -> int:
    reason = skip_reason()
    if sys.argv[1:] == ["--will-run"]:
        print(f"the fresh-Debian check is skipped here: {reason}" if reason else "it runs here")
        return 1 if reason else 0
    if reason:
        header(f"Skipped: {reason}. The fresh-Debian check runs as root on Debian or Ubuntu.")
        return 0

    # A terminated CI job still unmounts and removes the scratch folder.
    def interrupted(signum: int, _frame: object) -> None:
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, interrupted)
    signal.signal(signal.SIGHUP, interrupted)
    started = time.monotonic()
    code = 0
    scratch: Path | None = None
    try:
        with step("The Debian 12 root (debootstrap minbase + python3)"):
            tarball = cached_root()
        remove_leftovers()
        scratch = Path(tempfile.mkdtemp(prefix=SCRATCH_PREFIX, dir=SCRATCH_PARENT))
        (scratch / "owner.pid").write_text(str(os.getpid()))
        check(scratch / "root", tarball)
    except Failure as failure:
        header(f"FAILED: {failure}")
        code = 1
    except KeyboardInterrupt:
        header("Interrupted")
        code = 130
    finally:
        if scratch is not None:
            try:
                with step(f"Removing {scratch}"):
                    stop_processes_in(scratch / "root")
                    remove_tree(scratch)
            except Failure as failure:
                header(f"FAILED: {failure}")
                code = code or 1
    for title, seconds in TIMINGS:
        print(f"    {seconds:6.0f} s  {title}")
    total = time.monotonic() - started
    if code == 0:
        header(f"Passed: a fresh Debian 12 runs the README's commands ({total:.0f} s)")
    return code


if __name__ == "__main__":
    sys.exit(main())
