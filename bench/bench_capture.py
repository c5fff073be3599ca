"""Mail capture speed: matching 50,000 headers against 100,000 contacts, a first IMAP scan of
50,000 messages in a local Dovecot (time and peak memory) and a rescan with nothing new.

    python bench/bench_capture.py [--contacts N] [--messages M] [--database PATH]

Builds the bench database (``build_db.py``; or copies ``--database``), writes M messages into
the Maildir of a Dovecot user (the test suite's server, ``tests/imap_server.py``) — a third
from people in the database, the rest from strangers, newsletters and mailing lists, each with
a few people on To and Cc — then:

- ``match``: those M messages' headers parsed (stdlib ``email``) and matched against every
  email channel in the database (``AddressIndex``), no writing; also the index's load time;
- ``first IMAP scan``: ``kith capture --account`` in a child process: wall time and that
  process's peak memory (``ru_maxrss`` from ``os.wait4``);
- ``rescan, nothing new``: ``scan_imap`` in this process once the first scan is done (three
  times: the first also pays for imports and Dovecot's first look at the folder since).

Prints ``name: value unit`` lines with the target in brackets; nothing asserts a speed.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from email.utils import format_datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "desktop"))


def _say(name: str, value: float, unit: str, target: str = "") -> None:
    print(f"{name}: {value:.2f} {unit}" + (f" [{target}]" if target else ""), flush=True)


def _messages(addresses: list[str], count: int, seed: int) -> list[bytes]:
    """``count`` messages: a third from known people, the rest strangers and bulk mail."""
    from datetime import UTC, datetime, timedelta

    rng = random.Random(seed)
    start = datetime.now(UTC) - timedelta(days=720)
    out = []
    for n in range(count):
        roll = rng.random()
        known = rng.choice(addresses)
        stranger = f"someone{rng.randrange(20000)}@elsewhere{rng.randrange(300)}.example"
        sender = known if roll < 0.33 else stranger
        people = [rng.choice(addresses) if rng.random() < 0.3 else stranger for _ in range(3)]
        when = start + timedelta(minutes=n * 20)
        extra = ""
        if 0.33 <= roll < 0.5:
            extra = "List-Unsubscribe: <mailto:leave@news.example>\n"
        elif 0.5 <= roll < 0.6:
            extra = "List-Id: <team.lists.example>\n"
        thread = f"t{n // 4}@bench" if n % 4 else None
        refs = f"In-Reply-To: <{thread}>\nReferences: <{thread}>\n" if thread else ""
        out.append(
            (
                f"From: {sender}\nTo: me@bench.example, {people[0]}\nCc: {people[1]}, {people[2]}\n"
                f"Date: {format_datetime(when)}\nMessage-ID: <m{n}@bench>\n{refs}{extra}"
                f"Subject: Message {n}\n\nA body capture never reads.\n"
            ).encode()
        )
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--messages", type=int, default=50_000)
    parser.add_argument("--database", type=Path, help="a bench database to copy (else built)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    import keyring
    from tests.dav_server import MemoryKeyring
    from tests.imap_server import DovecotServer

    keyring.set_keyring(MemoryKeyring.backend())  # type: ignore[arg-type]
    folder = Path(tempfile.mkdtemp(prefix="kith-bench-capture-"))
    db_path = folder / "kith.sqlite"
    t0 = time.perf_counter()
    if args.database:
        shutil.copy(args.database, db_path)
    else:
        sys.path.insert(0, str(ROOT / "bench"))
        from build_db import build_database

        build_database(db_path, args.contacts, seed=args.seed)
    _say("build or copy the database", time.perf_counter() - t0, "s")

    from kith.core.capture.headers import parse_headers
    from kith.core.capture.recorder import AddressIndex
    from kith.core.capture.sources import SourceDraft, get_source, save_source
    from kith.store.database import close_database, open_database
    from kith.store.models import ContactMethod

    open_database(db_path)
    addresses = [
        v.lower() for (v,) in ContactMethod.select(ContactMethod.value)
        .where(ContactMethod.kind == "email").tuples()
    ]  # fmt: skip
    print(f"email channels: {len(addresses):,}")
    t0 = time.perf_counter()
    messages = _messages(addresses, args.messages, args.seed)
    _say(f"generate {len(messages):,} messages", time.perf_counter() - t0, "s")

    t0 = time.perf_counter()
    index = AddressIndex()
    index.contacts  # noqa: B018 - read on first use; timed here
    load = time.perf_counter() - t0
    t0 = time.perf_counter()
    parsed = [parse_headers(raw) for raw in messages]
    parse = time.perf_counter() - t0
    t0 = time.perf_counter()
    matched = sum(1 for h in parsed if not h.bulk and index.known(h.people))
    match = time.perf_counter() - t0
    _say("match: load the address index", load, "s")
    _say(f"match: {len(parsed):,} headers against {len(addresses):,} addresses", match, "s")
    _say("match: load the index + match", load + match, "s", "≤ 2 s")
    _say(f"parse {len(parsed):,} headers (stdlib email, before matching)", parse, "s")
    print(f"messages with someone known (not bulk): {matched:,}")

    server = DovecotServer().start()
    try:
        user = server.add_user()
        cur = user.maildir / "cur"
        t0 = time.perf_counter()
        for n, raw in enumerate(messages):
            (cur / f"{1700000000 + n}.M{n}P1.bench:2,S").write_bytes(raw)
        server._own(user.home)
        _say(f"write {len(messages):,} messages into the Maildir", time.perf_counter() - t0, "s")
        source = save_source(
            SourceDraft(
                kind="imap", name="Bench", host="127.0.0.1", port=server.port, security="none",
                username=user.name, my_addresses=["me@bench.example"],
            ),
            password=user.password,
        )  # fmt: skip
        close_database()
        t0 = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, "-m", "kith", "capture", "--account", "Bench", "--password-stdin",
             "--database", str(db_path)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": str(ROOT / "desktop")},
        )  # fmt: skip
        assert child.stdin is not None and child.stdout is not None and child.stderr is not None
        child.stdin.write(user.password.encode() + b"\n")
        child.stdin.close()
        out = child.stdout.read().decode()
        err = child.stderr.read().decode()
        _pid, status, usage = os.wait4(child.pid, 0)
        first = time.perf_counter() - t0
        if status != 0:
            print(f"first scan failed: {err}", file=sys.stderr)
            return 1
        print(out.splitlines()[0])
        _say(f"first IMAP scan of {len(messages):,} messages (kith capture)", first, "s")
        _say("first IMAP scan: peak memory", usage.ru_maxrss / 1024, "MB")
        from kith.core.capture.imap import scan_imap

        open_database(db_path)
        times = []
        for _ in range(3):
            t0 = time.perf_counter()
            report = scan_imap(get_source(source.id), password=user.password)
            times.append(time.perf_counter() - t0)
            assert report.read == 0, report.summary()
        print("rescans: " + ", ".join(f"{t:.2f} s" for t in times))
        _say("rescan, nothing new (scan_imap, best of 3)", min(times), "s", "≤ 1 s")
        close_database()
    finally:
        server.remove()
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
