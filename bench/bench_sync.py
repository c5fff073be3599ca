"""Sync speed: N contacts sent to a real Radicale server on a first sync, received by a second
Kith, and the cost of a sync when nothing changed.

    python bench/bench_sync.py [--contacts N] [--profile]

Starts Radicale (the test suite's server, ``tests/dav_server.py``) on 127.0.0.1 with a
temporary folder, makes two empty Kith databases, adds N generated contacts to the first and
syncs both; beside Kith's first sync, the same cards PUT into a fresh address book by a bare
loop over one ``requests`` session (the server's cost floor, see ``bench_sync_network.py``).
Prints ``name: value unit`` lines; nothing asserts a speed.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--contacts", type=int, default=1000)
    parser.add_argument("--profile", action="store_true", help="print where the first sync spends")
    parser.add_argument(
        "--database",
        type=Path,
        help="accepted for bench.py, which passes its database; sync builds its own two",
    )
    args = parser.parse_args()

    import keyring
    from tests.dav_server import MemoryKeyring, RadicaleServer

    from kith.core.contacts import ChannelDraft, ContactDraft, save_contacts
    from kith.core.sync.accounts import AccountDraft, save_account
    from kith.core.sync.discovery import create_kith_collections
    from kith.core.sync.engine import sync_account
    from kith.store.database import close_database, open_database

    keyring.set_keyring(MemoryKeyring.backend())  # type: ignore[arg-type]
    folder = Path(tempfile.mkdtemp(prefix="kith-bench-sync-"))
    server = RadicaleServer(folder).start()
    try:
        user = server.add_user()
        made = create_kith_collections(user.url, user.username, user.password, calendar=False)
        book = made["contacts"].url

        def account() -> object:
            return save_account(AccountDraft("Bench", user.url, user.username, book))

        open_database(folder / "a.sqlite")
        save_contacts(
            [
                ContactDraft(
                    full_name=f"Person {n:05d}",
                    company=f"Company {n % 97}",
                    title="Engineer",
                    tags=["bench"],
                    channels=[
                        ChannelDraft("email", f"person{n}@example.org", "work"),
                        ChannelDraft("phone", f"+1 555 {n:07d}", "mobile"),
                    ],
                    birthday_month=1 + n % 12,
                    birthday_day=1 + n % 28,
                )
                for n in range(args.contacts)
            ]
        )
        first = account()
        start = time.perf_counter()
        profiler = cProfile.Profile() if args.profile else None
        if profiler:
            profiler.enable()
        report = sync_account(first, password=user.password)  # type: ignore[arg-type]
        if profiler:
            profiler.disable()
        sent_s = time.perf_counter() - start
        close_database()
        # The server's cost floor: the same cards PUT into a fresh address book by a bare loop.
        from bench_sync_network import _floor

        _floor(user, None, book, folder / "a.sqlite")
        open_database(folder / "a.sqlite")
        start = time.perf_counter()
        again = sync_account(first, password=user.password)  # type: ignore[arg-type]
        idle_s = time.perf_counter() - start
        close_database()

        open_database(folder / "b.sqlite")
        second = account()
        start = time.perf_counter()
        received = sync_account(second, password=user.password)  # type: ignore[arg-type]
        received_s = time.perf_counter() - start
        close_database()
    finally:
        server.stop()
    n = args.contacts
    print(f"first sync, {report.sent} contacts sent: {sent_s:.1f} s ({n / sent_s:.0f}/s)")
    print(
        f"first sync on a second machine, {received.received} contacts received: "
        f"{received_s:.1f} s ({received.requests} requests)"
    )
    print(f"sync with nothing changed: {idle_s * 1000:.0f} ms ({again.requests} request)")
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
