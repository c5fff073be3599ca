"""Export speed: every contact of a database written as vCard 4.0 (and the CSV export).

    python bench/bench_export.py [--database PATH | --contacts N] [--seed S]

Without ``--database`` it builds a database of ``--contacts`` people (default 10,000) with
``build_db.py`` first. Prints one figure per line, ``name: value unit`` with the target in
brackets, like ``bench.py``. Nothing asserts a speed.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
if str(BENCH_DIR) not in sys.path:
    sys.path.insert(0, str(BENCH_DIR))

#: Issue 14: 10,000 contacts export as vCard in at most a second.
TARGET_S_PER_10K = 1.0


def figure(name: str, value: str, target: str = "") -> None:
    print(f"{name}: {value}{target}", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", type=Path, help="an existing Kith database (read only)")
    parser.add_argument("--contacts", type=int, default=10_000, help="size of the built database")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)

    from kith.core.export import export_contacts_csv, export_vcards
    from kith.store.database import close_database, open_database

    work = Path(tempfile.mkdtemp(prefix="kith-bench-export-"))
    try:
        db_path = args.database
        if db_path is None:
            from build_db import build_database

            db_path = work / "kith.sqlite"
            build_database(db_path, args.contacts, seed=args.seed)
        open_database(db_path)
        out = work / "all.vcf"
        t0, c0 = time.perf_counter(), time.process_time()
        count = export_vcards(out)
        vcard_s, vcard_cpu = time.perf_counter() - t0, time.process_time() - c0
        size = out.stat().st_size
        t0 = time.perf_counter()
        export_contacts_csv(work / "all.csv")
        csv_s = time.perf_counter() - t0
        close_database()
        # The same people imported into a new database: every one keeps its card, and the
        # export writes Kith's fields into it (unchanged people: the card as it came).
        from kith.core.importing.apply import apply_import, default_decisions
        from kith.core.importing.review import review_file
        from kith.store.models import Contact

        open_database(work / "imported.sqlite")
        apply_import(default_decisions(review_file(out)))
        t0, c0 = time.perf_counter(), time.process_time()
        export_vcards(work / "again.vcf")
        kept_s, kept_cpu = time.perf_counter() - t0, time.process_time() - c0
        edited = [r[0] for r in Contact.select(Contact.id).limit(1000).tuples()]
        Contact.update(company="Edited Inc").where(Contact.id.in_(edited)).execute()
        t0, c0 = time.perf_counter(), time.process_time()
        export_vcards(work / "edited.vcf")
        edited_s, edited_cpu = time.perf_counter() - t0, time.process_time() - c0
        close_database()
        target = TARGET_S_PER_10K * count / 10_000
        note = (
            f"  (target <= {target:.2f} s)"
            if vcard_s <= target
            else f"  (target <= {target:.2f} s: MISSED by {vcard_s - target:.2f} s)"
        )
        figure(
            f"export: {count:,} contacts as vCard",
            f"{vcard_s:.2f} s (CPU {vcard_cpu:.2f} s), {size / 1e6:.1f} MB",
            note,
        )
        figure(f"export: {count:,} contacts as CSV", f"{csv_s:.2f} s")
        figure(
            f"export: {count:,} imported contacts (kept cards, unchanged)",
            f"{kept_s:.2f} s (CPU {kept_cpu:.2f} s)",
        )
        figure(
            f"export: {count:,} imported contacts, {len(edited):,} edited (into their cards)",
            f"{edited_s:.2f} s (CPU {edited_cpu:.2f} s)",
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
