"""Kill -9 trials: imports, upgrades, backups, restores and idle windows killed at random moments,
then every file checked.

    python bench/kill9.py                       # 94 trials (about 3 minutes here)
    python bench/kill9.py --only import,backup  # some kinds
    python bench/kill9.py --trials 5            # 5 of each kind
    python bench/kill9.py --quick               # one of each, small data (the smoke test)
    python bench/kill9.py --old-copy 20         # also: the pre-upgrade copy as Kith wrote it before

Each trial copies a prepared database into a folder of its own, starts a Python process that
does one thing to it with Kith's own code, and kills that process (SIGKILL) at a random moment
while it works: uniformly between its start signal and 110 % of the time the same work took
in an unkilled run (so a few trials end just before the kill). Then, with plain ``sqlite3``:

- ``PRAGMA integrity_check`` is ``ok``, and so is the FTS5 index's own check
  (``INSERT INTO contact_index(contact_index) VALUES('integrity-check')``);
- all or nothing: the counts of people and interactions (and the format version) are those
  from before the work or those from after it, never in between;
- every file in ``backups/`` named like a backup is a complete Kith database (not empty, its
  integrity ``ok``, Kith's application id) holding exactly the data from before the work.
  Temporary files of a backup being written (``.incomplete-….tmp``) may be left; they are
  counted, and Kith removes them later.

The kinds (default trials):

- ``import`` (30): :func:`kith.core.importing.apply.apply_import` of 2,000 new vCards into a
  database of 5,000 people — the backup before it, then one transaction;
- ``upgrade`` (20): :func:`kith.store.database.open_database` on a version-1 file of 20,000
  people — the copy before the upgrade, then the migration in one transaction;
- ``backup`` (20): four backups in a row (:func:`kith.core.backups.take_backup`, with pruning);
- ``restore`` (12): :func:`kith.core.backups.restore_backup` of a backup holding other people;
- ``window`` (12): ``python -m kith`` offscreen, killed 0.3–5 s after it was started (start-up,
  the background page check, the day's backup three seconds in, idleness).

``--old-copy N`` adds N trials of the copy as Kith wrote it before backups were made atomic
(straight to its final name), to show what the temporary name prevents.
"""

from __future__ import annotations

import argparse
import os
import random
import select
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
sys.path.insert(0, str(ROOT / "desktop"))

DEFAULT_TRIALS = {"import": 30, "upgrade": 20, "backup": 20, "restore": 12, "window": 12}
KITH_APPLICATION_ID = 0x4B697468
#: An unkilled run (the calibration) that takes longer than this is a failure, not a wait.
UNKILLED_LIMIT = 300.0


@dataclass(frozen=True)
class Sizes:
    people: int
    new_cards: int
    v1_people: int
    other_people: int


FULL = Sizes(people=5_000, new_cards=2_000, v1_people=20_000, other_people=300)
QUICK = Sizes(people=300, new_cards=200, v1_people=500, other_people=40)


# --- the data ---------------------------------------------------------------------------------


def build_base(folder: Path, sizes: Sizes, seed: int) -> dict[str, Path]:
    """The files every trial starts from (made once)."""
    sys.path.insert(0, str(BENCH_DIR))
    from build_db import build_database
    from kith.core.contacts import ChannelDraft, ContactDraft
    from kith.core.importing.vcard import draft_to_vcard
    from kith.store.database import close_database, open_database

    base = folder / "base.sqlite"
    build_database(base, sizes.people, seed=seed, photo_fraction=0.0)
    other = folder / "other.sqlite"
    build_database(other, sizes.other_people, seed=seed + 1, photo_fraction=0.0)
    for path in (base, other):  # one file each, no -wal
        open_database(path)
        close_database()
    cards = folder / "new.vcf"
    cards.write_text(
        "".join(
            draft_to_vcard(
                ContactDraft(  # each at a company of their own: no two look alike
                    full_name=f"Newcomer {i:05d}",
                    company=f"Kill Nine {i:05d}",
                    notes="Met at the trials. " * 5,
                    channels=[ChannelDraft("email", f"newcomer{i}@example.org")],
                )
            )
            for i in range(sizes.new_cards)
        ),
        encoding="utf-8",
    )
    v1 = folder / "v1.sqlite"
    make_v1(v1, sizes.v1_people)
    return {"base": base, "other": other, "cards": cards, "v1": v1}


def make_v1(path: Path, people: int) -> None:
    """tests/fixtures/kith-v1.sqlite (written by Kith 1) with ``people`` more people."""
    shutil.copyfile(ROOT / "tests" / "fixtures" / "kith-v1.sqlite", path)
    conn = sqlite3.connect(path)
    with conn:
        start = conn.execute("SELECT coalesce(max(id), 0) FROM contact").fetchone()[0] + 1
        rows = []
        for n in range(people):
            name = f"Person {n:06d}"
            rows.append(
                (
                    start + n,
                    f"v1-{n}",
                    "2024-01-01 10:00:00",
                    "2024-01-01 10:00:00",
                    name,
                    name.casefold(),
                    "Acme",
                    "Engineer",
                    "Berlin",
                    "Met at a conference long ago. " * 8,
                )
            )
        conn.executemany(
            "INSERT INTO contact (id, uid, created_at, updated_at, full_name, given_name, "
            "family_name, nickname, sort_name, company, title, location, how_met, notes, "
            "archived) VALUES (?, ?, ?, ?, ?, '', '', '', ?, ?, ?, ?, '', ?, 0)",
            rows,
        )
        conn.executemany(
            "INSERT INTO contact_index (rowid, name, company, title, location, tags, channels, "
            "notes) VALUES (?, ?, ?, ?, ?, '', '', ?)",
            [(r[0], r[4], r[6], r[7], r[8], r[9]) for r in rows],
        )
    conn.close()


# --- the checks -------------------------------------------------------------------------------


@dataclass(frozen=True)
class State:
    """What a database holds, as far as all-or-nothing is concerned."""

    people: int
    interactions: int
    version: int


def read_state(path: Path, *, read_only: bool = False) -> State:
    uri = f"{path.resolve().as_uri()}?mode=ro" if read_only else str(path)
    conn = sqlite3.connect(uri, uri=read_only)
    try:
        return State(
            conn.execute("SELECT count(*) FROM contact").fetchone()[0],
            conn.execute("SELECT count(*) FROM interaction").fetchone()[0],
            conn.execute("PRAGMA user_version").fetchone()[0],
        )
    finally:
        conn.close()


@dataclass
class Outcome:
    """One trial's findings."""

    kind: str
    killed: bool  # the process was still working when it was killed
    state: str = ""  # "before" or "after"
    problems: list[str] = field(default_factory=list)  # the database's
    backups: int = 0
    bad_backups: list[str] = field(default_factory=list)
    temporaries: int = 0
    seconds: float = 0.0

    @property
    def failed(self) -> bool:
        return bool(self.problems or self.bad_backups)


def check_database(path: Path, allowed: dict[State, str], outcome: Outcome) -> None:
    """Opening recovers the WAL as Kith would; then integrity, FTS5 and the counts."""
    try:
        conn = sqlite3.connect(path)
        try:
            rows = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
            if rows != ["ok"]:
                outcome.problems.append(f"integrity_check: {rows[:3]}")
            try:
                conn.execute("INSERT INTO contact_index(contact_index) VALUES('integrity-check')")
                conn.rollback()
            except sqlite3.DatabaseError as exc:
                outcome.problems.append(f"FTS5 integrity-check: {exc}")
        finally:
            conn.close()
        state = read_state(path)
    except sqlite3.DatabaseError as exc:
        outcome.problems.append(f"database: {exc}")
        return
    if state not in allowed:
        outcome.problems.append(f"partial: {state} is neither of {sorted(allowed.values())}")
    else:
        outcome.state = allowed[state]


def check_backups(folder: Path, before: State, outcome: Outcome, stem: str = "kith") -> None:
    from kith.store.backup import TEMP_PREFIX, parse_backup_name

    if not folder.exists():
        return
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith(TEMP_PREFIX):
            outcome.temporaries += entry.name.endswith(".tmp")  # not its -journal
            continue
        name = parse_backup_name(entry.name)
        if name is None or name.stem != stem:
            continue
        outcome.backups += 1
        outcome.bad_backups.extend(f"{entry.name}: {p}" for p in backup_problems(entry, before))


def backup_problems(path: Path, before: State) -> list[str]:
    if path.stat().st_size == 0:
        return ["empty"]
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            rows = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        finally:
            conn.close()
        state = read_state(path, read_only=True)
    except sqlite3.DatabaseError as exc:
        return [f"unreadable ({exc})"]
    problems = []
    if rows != ["ok"]:
        problems.append(f"integrity_check {rows[:2]}")
    if app_id != KITH_APPLICATION_ID:
        problems.append("not a Kith database")
    if state != before:
        problems.append(f"holds {state}, not the data from before ({before})")
    return problems


# --- the trials -------------------------------------------------------------------------------


def child(kind: str, folder: Path) -> None:
    """What the killed process does (``kill9.py --child KIND FOLDER``)."""
    from datetime import timedelta

    database = folder / "kith.sqlite"

    def go() -> None:
        print("go", flush=True)

    if kind == "import":
        from kith.core.importing.apply import apply_import, default_decisions
        from kith.core.importing.review import review_file
        from kith.store.database import open_database

        open_database(database)
        decisions = default_decisions(review_file(folder / "new.vcf"))
        go()
        apply_import(decisions, source="new.vcf")
    elif kind == "upgrade":
        from kith.store.database import open_database

        go()
        open_database(database)
    elif kind == "backup":
        from kith.core.backups import take_backup
        from kith.core.local_time import utcnow
        from kith.store.database import open_database

        open_database(database)
        go()
        now = utcnow()
        for day in range(4):
            take_backup("daily", now=now + timedelta(days=day))
    elif kind == "restore":
        from kith.core.backups import restore_backup
        from kith.store.database import open_database

        open_database(database)
        go()
        restore_backup(folder / "other.sqlite")
    elif kind == "old-copy":
        go()
        for n in range(4):
            old_backup_copy(database, f"before-v9.{n}")
    else:
        raise SystemExit(f"unknown kind {kind}")
    print("done", flush=True)


def old_backup_copy(source: Path, label: str) -> Path:
    """The pre-upgrade copy as Kith wrote it before this issue: straight to its final name."""
    target = source.with_name(f"{source.stem}.{label}.sqlite")
    src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    src.backup(dst)
    dst.close()
    src.close()
    return target


def environment(folder: Path) -> dict[str, str]:
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        KITH_INSTANCE_NAME=f"kith-kill9-{os.getpid()}-{folder.name}",
        PYTHONPATH=str(ROOT / "desktop"),
    )
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        env[var] = str(folder / "xdg" / var.lower())
    return env


def wait_or_kill(proc: subprocess.Popen[bytes], seconds: float) -> tuple[bool, bytes]:
    """Wait up to ``seconds`` for ``proc`` to end, else SIGKILL it: (whether it was killed,
    what it printed meanwhile).

    The end is seen as the end of its stdout (``select``), not by sleeping in a loop, which
    fails under libfaketime (CI also runs the suite with the clock moved).
    """
    assert proc.stdout is not None
    fd = proc.stdout.fileno()
    out = b""
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        ready, _, _ = select.select([fd], [], [], left)
        if ready:
            chunk = os.read(fd, 65536)
            if not chunk:
                proc.wait()
                return False, out
            out += chunk
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    return True, out


def _start(args: list[str], folder: Path) -> subprocess.Popen[bytes]:
    with (folder / "stderr.txt").open("wb") as stderr:
        return subprocess.Popen(
            args, env=environment(folder), stdout=subprocess.PIPE, stderr=stderr
        )


def _stderr(folder: Path) -> str:
    return (folder / "stderr.txt").read_text(errors="replace")


def run_child(kind: str, folder: Path, kill_after: float | None, python: str) -> tuple[bool, float]:
    """Start the work; kill it ``kill_after`` s after it says "go" (None: let it finish).

    Returns (whether it was still running when killed, seconds from "go" to the end).
    """
    proc = _start([python, str(Path(__file__).resolve()), "--child", kind, str(folder)], folder)
    assert proc.stdout is not None
    fd = proc.stdout.fileno()
    said = b""
    while b"\n" not in said:  # read "go" byte by byte: nothing after it is swallowed
        if not select.select([fd], [], [], UNKILLED_LIMIT)[0]:
            break
        byte = os.read(fd, 1)
        if not byte:
            break
        said += byte
    started = time.monotonic()
    if said.strip() != b"go":
        wait_or_kill(proc, 10)
        raise RuntimeError(f"{kind}: the child failed before starting:\n{_stderr(folder)}")
    if kill_after is None:
        killed, out = wait_or_kill(proc, UNKILLED_LIMIT)
        if killed or proc.returncode != 0 or b"done" not in out:
            raise RuntimeError(f"{kind}: the unkilled run failed:\n{_stderr(folder)}")
        return False, time.monotonic() - started
    killed, _out = wait_or_kill(proc, kill_after)
    if not killed and proc.returncode != 0:
        raise RuntimeError(f"{kind}: the child failed:\n{_stderr(folder)}")
    return killed, time.monotonic() - started


def run_window(folder: Path, kill_after: float, python: str) -> str | None:
    """Start the window and kill it after ``kill_after`` s; None, or why it ended by itself."""
    proc = _start([python, "-m", "kith", "--database", str(folder / "kith.sqlite")], folder)
    if wait_or_kill(proc, kill_after)[0]:
        return None
    lines = _stderr(folder).strip().splitlines()
    return f"the window ended by itself ({proc.returncode}): {lines[-1] if lines else ''}"


class Trials:
    def __init__(self, work: Path, files: dict[str, Path], rng: random.Random, python: str):
        self.work = work
        self.files = files
        self.rng = rng
        self.python = python
        self.count = 0
        self.states: dict[str, State] = {
            "base": read_state(files["base"]),
            "other": read_state(files["other"]),
            "v1": read_state(files["v1"]),
        }
        self.durations: dict[str, float] = {}

    def folder(self, kind: str) -> Path:
        self.count += 1
        folder = self.work / f"{self.count:03d}-{kind}"
        folder.mkdir()
        source = self.files["v1"] if kind == "upgrade" else self.files["base"]
        shutil.copyfile(source, folder / "kith.sqlite")
        if kind == "import":
            shutil.copyfile(self.files["cards"], folder / "new.vcf")
        if kind == "restore":
            shutil.copyfile(self.files["other"], folder / "other.sqlite")
        return folder

    def expected(self, kind: str) -> tuple[dict[State, str], State]:
        """The states the database may be in after the kill, and what backups must hold."""
        from kith.store.schema import SCHEMA_VERSION

        base, v1 = self.states["base"], self.states["v1"]
        if kind == "import":
            added = State(base.people + self.added, base.interactions, base.version)
            return {base: "before", added: "after"}, base
        if kind == "upgrade":
            upgraded = State(v1.people, v1.interactions, SCHEMA_VERSION)
            return {v1: "before", upgraded: "after"}, v1
        if kind == "restore":
            other = self.states["other"]
            return {base: "before", other: "after"}, base
        return {base: "before"}, base

    def calibrate(self, kind: str) -> float:
        """How long the work takes when nobody kills it (once per kind)."""
        if kind not in self.durations:
            folder = self.folder(kind)
            _killed, took = run_child(kind, folder, None, self.python)
            if kind == "import":
                self.added = read_state(folder / "kith.sqlite").people - self.states["base"].people
            self.durations[kind] = took
            shutil.rmtree(folder, ignore_errors=True)
        return self.durations[kind]

    def run(self, kind: str) -> Outcome:
        if kind == "window":
            folder = self.folder(kind)
            ended = run_window(folder, self.rng.uniform(0.3, 5.0), self.python)
            killed = ended is None
        else:
            ended = None
            took = self.calibrate(kind)
            folder = self.folder(kind)
            killed, _ = run_child(kind, folder, self.rng.uniform(0, took * 1.1), self.python)
        outcome = Outcome(kind, killed)
        if ended is not None:
            outcome.problems.append(ended)
        if kind == "old-copy":
            base = self.states["base"]
            outcome.state = "before"
            for leftover in folder.glob("kith.before-v9.*.sqlite"):
                outcome.backups += 1
                outcome.bad_backups.extend(
                    f"{leftover.name}: {p}" for p in backup_problems(leftover, base)
                )
            shutil.rmtree(folder, ignore_errors=True)
            return outcome
        allowed, before = self.expected(kind)
        check_database(folder / "kith.sqlite", allowed, outcome)
        check_backups(folder / "backups", before, outcome)
        shutil.rmtree(folder, ignore_errors=True)
        return outcome


# --- the report -------------------------------------------------------------------------------


def report(outcomes: Iterable[Outcome], seconds: float) -> int:
    outcomes = list(outcomes)
    print(f"kill -9 trials: {len(outcomes)} in {seconds:.0f} s")
    for kind in dict.fromkeys(o.kind for o in outcomes):
        mine = [o for o in outcomes if o.kind == kind]
        states = Counter(o.state for o in mine if o.state)
        bad_files = [o for o in mine if o.bad_backups]
        print(
            f"{kind}: {len(mine)} trials ({sum(o.seconds for o in mine):.0f} s), "
            f"{sum(o.killed for o in mine)} killed while working; "
            f"database as before {states.get('before', 0)}, as after {states.get('after', 0)}, "
            f"damaged or partial {sum(bool(o.problems) for o in mine)}; "
            f"files named like a backup {sum(o.backups for o in mine)}, "
            f"empty or partial {sum(len(o.bad_backups) for o in mine)} "
            f"(in {len(bad_files)} trials); "
            f"temporary files left {sum(o.temporaries for o in mine)}"
        )
        for o in [o for o in mine if o.failed][:3]:
            print(f"  {kind}: {'; '.join((o.problems + o.bad_backups)[:3])}")
    kith_trials = [o for o in outcomes if o.kind != "old-copy"]
    failed = [o for o in kith_trials if o.failed]
    print(
        f"all {len(kith_trials)} trials of Kith: integrity_check ok, FTS5 integrity-check ok, "
        "counts all or nothing, no empty or partial file named like a backup: "
        f"{'yes' if not failed else f'NO ({len(failed)} trials failed)'}"
    )
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", nargs=2, metavar=("KIND", "FOLDER"), help=argparse.SUPPRESS)
    parser.add_argument("--only", help="comma-separated kinds: " + ", ".join(DEFAULT_TRIALS))
    parser.add_argument("--trials", type=int, help="trials of each kind (default: 30/20/20/12/12)")
    parser.add_argument("--quick", action="store_true", help="one trial of each, small data")
    parser.add_argument("--old-copy", type=int, default=0, metavar="N")
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("--max-seconds", type=float, default=900, help="stop after this long")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    args = parser.parse_args(argv)
    if args.child:
        child(args.child[0], Path(args.child[1]))
        return 0
    if os.name != "posix":
        print("kill -9 trials: skipped (needs SIGKILL)")
        return 0
    kinds = dict(DEFAULT_TRIALS)
    if args.only:
        kinds = {k: kinds.get(k, 0) for k in args.only.split(",")}
    if args.quick or args.trials is not None:
        kinds = {k: 1 if args.quick else args.trials for k in kinds}
    if args.old_copy:
        kinds["old-copy"] = args.old_copy
    rng = random.Random(args.seed)
    work = Path(tempfile.mkdtemp(prefix="kith-kill9-"))
    started = time.monotonic()
    outcomes: list[Outcome] = []
    try:
        files = build_base(work / "base", QUICK if args.quick else FULL, args.seed)
        print(
            f"data: {', '.join(f'{k} {read_state(p)}' for k, p in files.items() if k != 'cards')}"
        )
        trials = Trials(work, files, rng, args.python)
        plan = [kind for kind, n in kinds.items() for _ in range(n)]
        rng.shuffle(plan)
        for kind in plan:
            if time.monotonic() - started > args.max_seconds:
                print(f"stopped after {args.max_seconds:g} s ({len(outcomes)} trials)")
                break
            began = time.monotonic()
            outcome = trials.run(kind)
            outcome.seconds = time.monotonic() - began
            outcomes.append(outcome)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"kept {work}")
    return report(outcomes, time.monotonic() - started)


if __name__ == "__main__":
    sys.exit(main())
