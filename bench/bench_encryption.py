"""Encryption at rest, what it costs: first paint, search p95 and an import of 10,000 vCards on
a database of 100,000 people, plain and encrypted (SQLCipher, a raw key), in the same run.

    python bench/bench_encryption.py [--contacts N] [--cards N] [--database PATH] [--runs N]

Builds the plain database with ``build_db.py`` (or copies ``--database``), converts a copy in
place with :func:`kith.store.conversion.convert_file` (timed), then measures both files the
same way, alternating plain and encrypted so that a change of load hits both:

- first paint: ``python -m kith --exit-after-first-paint`` (offscreen, its settings in a
  throwaway folder); for the encrypted file the launcher puts its key in an in-memory keyring
  first, as the OS keyring holds it for a user, so the window opens without asking;
- search: each prefix of realistic queries typed (``bench.realistic_queries``), timed as the
  Contacts list does its work — the matching ids (``contact_ids``) and the first page of cards
  (``contact_summaries``) — in one process per file;
- import: ``bench_import.make_cards`` vCards (3 % already in the database) reviewed and
  applied, backup before it included, on a fresh copy of each file.

Prints ``name: value`` lines and, for each, encrypted ÷ plain with the target (≤ 1.2×). Nothing
asserts a speed. See bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
if str(BENCH_DIR) not in sys.path:
    sys.path.insert(0, str(BENCH_DIR))

TARGET_RATIO = 1.2
KEY_HEX = "6b697468" * 8  # a fixed 256-bit key: the bench's files are throwaway

_LAUNCH = """
import sys
key_hex, path = sys.stdin.readline().split(maxsplit=1)
path = path.strip()
if key_hex != "-":
    import keyring
    from keyring.backend import KeyringBackend
    class Memory(KeyringBackend):
        priority = 1
        def get_password(self, service, username):
            return key_hex
        def set_password(self, service, username, password):
            pass
        def delete_password(self, service, username):
            pass
    keyring.set_keyring(Memory())
from kith.__main__ import main
sys.exit(main(["--database", path, "--exit-after-first-paint"]))
"""

_SEARCH = """
import json, sys, time
from pathlib import Path
key_hex, path, spec = sys.argv[1:4]
from kith.store.cipher import FileKey
from kith.store.database import open_database, close_database
from kith.core.directory import contact_ids, contact_summaries
key = None if key_hex == "-" else FileKey(raw=bytes.fromhex(key_hex))
open_database(path, key=key, check=False)
contact_ids("warm up")
times = []
for query in json.loads(Path(spec).read_text()):
    for n in range(1, len(query) + 1):
        start = time.perf_counter()
        ids = contact_ids(query[:n])
        contact_summaries(ids[:30])
        times.append((time.perf_counter() - start) * 1000)
close_database()
print(json.dumps(times))
"""

_IMPORT = """
import json, sys, time
from pathlib import Path
key_hex, path, cards = sys.argv[1:4]
from kith.store.cipher import FileKey
from kith.store.database import open_database, close_database
from kith.core.importing.apply import apply_import, default_decisions
from kith.core.importing.review import ImportReview
key = None if key_hex == "-" else FileKey(raw=bytes.fromhex(key_hex))
open_database(path, key=key, check=False)
start = time.perf_counter()
candidates = list(ImportReview(Path(cards)).candidates())
result = apply_import(default_decisions(candidates), source="bench.vcf")
seconds = time.perf_counter() - start
close_database()
print(json.dumps({"seconds": seconds, "added": len(result.added)}))
"""


def figure(name: str, value: str, target: str = "") -> None:
    print(f"{name}: {value}{target}", flush=True)


def percentile(values: list[float], q: float) -> float:
    data = sorted(values)
    k = (len(data) - 1) * q / 100
    lo = int(k)
    hi = min(lo + 1, len(data) - 1)
    return data[lo] + (data[hi] - data[lo]) * (k - lo)


def ratio_note(plain: float, encrypted: float) -> str:
    ratio = encrypted / plain
    met = "met" if ratio <= TARGET_RATIO else "MISSED"
    return f"  (encrypted ÷ plain {ratio:.2f}×, target ≤ {TARGET_RATIO}×: {met})"


def env(work: Path) -> dict[str, str]:
    out = dict(os.environ)
    out["QT_QPA_PLATFORM"] = "offscreen"
    out.pop("PYTHONDONTWRITEBYTECODE", None)
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        out[var] = str(work / "home" / var.lower())
    return out


def first_paint(work: Path, path: Path, key_hex: str) -> float:
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", _LAUNCH],
        env=env(work),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write(f"{key_hex} {path}\n")
    proc.stdin.close()
    elapsed = float("nan")
    for line in proc.stdout:
        if line.strip() == "first-paint" and elapsed != elapsed:
            elapsed = time.perf_counter() - start
    proc.wait(timeout=120)
    if elapsed != elapsed:
        raise SystemExit(f"bench_encryption: no first paint on {path} (exit {proc.returncode})")
    return elapsed


def run_json(work: Path, code: str, *args: str) -> object:
    proc = subprocess.run(
        [sys.executable, "-c", code, *args],
        env=env(work),
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    if proc.returncode != 0:
        raise SystemExit(f"bench_encryption: a worker failed:\n{proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--cards", type=int, default=10_000)
    parser.add_argument("--database", type=Path, help="a plain Kith database to copy")
    parser.add_argument("--runs", type=int, default=3, help="first-paint runs of each (3)")
    parser.add_argument("--queries", type=int, default=40, help="queries typed (40)")
    parser.add_argument("--search-rounds", type=int, default=3, help="search rounds (3)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)

    from bench import realistic_queries
    from bench_import import make_cards
    from kith.store.cipher import FileKey
    from kith.store.conversion import convert_file

    work = Path(tempfile.mkdtemp(prefix="kith-bench-encryption-"))
    try:
        plain = work / "plain" / "kith.sqlite"
        encrypted = work / "encrypted" / "kith.sqlite"
        plain.parent.mkdir()
        encrypted.parent.mkdir()
        start = time.perf_counter()
        if args.database is not None:
            shutil.copyfile(args.database, plain)
        else:
            from build_db import build_database

            build_database(plain, args.contacts, seed=args.seed)
        figure(
            "database",
            f"{plain.stat().st_size / 1e6:.0f} MB, built in {time.perf_counter() - start:.1f} s",
        )
        shutil.copyfile(plain, encrypted)
        start = time.perf_counter()
        convert_file(encrypted, old_key=None, new_key=FileKey(raw=bytes.fromhex(KEY_HEX)))
        figure(
            "encrypt in place (write the copy, integrity_check, row counts, swap)",
            f"{time.perf_counter() - start:.1f} s",
        )
        files = (("plain", plain, "-"), ("encrypted", encrypted, KEY_HEX))

        paints: dict[str, list[float]] = {"plain": [], "encrypted": []}
        for attempt in range(args.runs + 1):  # one warm-up round
            for name, path, key in files:
                seconds = first_paint(work, path, key)
                if attempt:
                    paints[name].append(seconds)
        p, e = statistics.median(paints["plain"]), statistics.median(paints["encrypted"])
        figure(
            "first paint, median",
            f"plain {p:.2f} s, encrypted {e:.2f} s ({args.runs} runs each after a warm-up)",
            ratio_note(p, e),
        )

        spec = work / "queries.json"
        spec.write_text(json.dumps(realistic_queries(args.seed)[: args.queries]))
        p95s: dict[str, list[float]] = {"plain": [], "encrypted": []}
        keystrokes = 0
        for _round in range(args.search_rounds):  # alternating, so a change of load hits both
            for name, path, key in files:
                times: list[float] = run_json(work, _SEARCH, key, str(path), str(spec))  # type: ignore[assignment]
                p95s[name].append(percentile(times, 95))
                keystrokes = len(times)
        sp, se = statistics.median(p95s["plain"]), statistics.median(p95s["encrypted"])
        figure(
            "search p95 (ids + first page of cards, per keystroke)",
            f"plain {sp:.1f} ms, encrypted {se:.1f} ms (median of {args.search_rounds} rounds "
            f"of {keystrokes} keystrokes; rounds: plain "
            + ", ".join(f"{v:.0f}" for v in p95s["plain"])
            + "; encrypted "
            + ", ".join(f"{v:.0f}" for v in p95s["encrypted"])
            + " ms)",
            ratio_note(sp, se),
        )

        from kith.store.database import close_database, open_database
        from kith.store.models import database_proxy

        open_database(plain, check=False)
        emails = [
            row[0]
            for row in database_proxy.execute_sql(
                "SELECT value FROM contact_method WHERE kind = 'email' LIMIT 5000"
            )
        ]
        close_database()
        cards = work / "import.vcf"
        cards.write_text(make_cards(args.cards, emails, args.seed), encoding="utf-8")
        imports = {}
        for name, path, key in files:
            copy = path.with_name("import-copy.sqlite")
            shutil.copyfile(path, copy)
            imports[name] = run_json(work, _IMPORT, key, str(copy), str(cards))
            for leftover in copy.parent.glob("import-copy.sqlite*"):
                leftover.unlink()
        ip = imports["plain"]["seconds"]  # type: ignore[index]
        ie = imports["encrypted"]["seconds"]  # type: ignore[index]
        figure(
            f"import of {args.cards:,} vCards (review + write, backup before it included)",
            f"plain {ip:.2f} s, encrypted {ie:.2f} s",
            ratio_note(ip, ie),
        )
        print(f"load: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
