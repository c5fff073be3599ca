"""Sync of a whole network: the demo network (contacts, interactions, follow-ups, goals, tag
cadences) sent by a first Kith to a real server, received by a second, and a sync with
nothing changed — on Radicale and on Xandikos.

    python bench/bench_sync_network.py [--server radicale|xandikos|both] [--interactions N]

``--interactions N`` adds N generated interactions (spread over the demo's people and the
last ten years) to the demo's own. Starts the servers the test suite uses
(``tests/dav_server.py``) on 127.0.0.1 with temporary folders. Prints ``name: value unit``
lines; nothing asserts a speed.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _add_interactions(count: int) -> None:
    from kith.store.changes import writing
    from kith.store.models import Contact, Interaction, InteractionContact, new_uid, utcnow

    rng = random.Random(15)
    people = [c.id for c in Contact.select(Contact.id)]
    now = utcnow().replace(microsecond=0)
    kinds = ["call", "meal", "meeting", "email", "message", "video"]
    with writing("interaction", "interaction_contact"):
        for n in range(count):
            interaction_id = Interaction.insert(
                uid=new_uid(),
                occurred_at=now - timedelta(minutes=rng.randrange(10 * 365 * 24 * 60)),
                kind=rng.choice(kinds),
                summary=f"Generated interaction {n:05d}",
                direction=rng.choice(["gave", "mutual", "neutral"]),
            ).execute()
            InteractionContact.insert(
                interaction=interaction_id, contact=rng.choice(people)
            ).execute()


def run(server_name: str, extra: int, folder: Path) -> None:
    from tests.dav_server import RadicaleServer, XandikosServer

    from kith.core.sync.accounts import AccountDraft, find_account, password_store, save_account
    from kith.core.sync.discovery import create_kith_collections
    from kith.core.sync.engine import sync_account
    from kith.demo import write_demo
    from kith.store.database import close_database, open_database
    from kith.store.models import FollowUp, Interaction

    (folder / "server").mkdir()
    server: RadicaleServer | XandikosServer
    if server_name == "radicale":
        radicale = RadicaleServer(folder / "server").start()
        server, user = radicale, radicale.add_user()
    else:
        xandikos = XandikosServer(folder / "server").start()
        server, user = xandikos, xandikos.user()
    try:
        made = create_kith_collections(user.url, user.username, user.password)
        a_path, b_path = folder / "a.sqlite", folder / "b.sqlite"
        write_demo(a_path)
        for path in (a_path, b_path):
            open_database(path)
            if path == a_path and extra:
                _add_interactions(extra)
            account = save_account(
                AccountDraft(
                    "Bench", user.url, user.username, made["contacts"].url, made["calendar"].url
                )
            )
            password_store().set(account.uid, user.password)
            close_database()

        def sync(path: Path, name: str = "") -> tuple[float, object]:
            open_database(path)
            try:
                account = find_account("Bench")
                assert account is not None
                start = time.perf_counter()
                marks = [0]

                def progress(done: int, total: int, what: str) -> None:
                    # Every 1,000 entries: how long so far (a run cut short still tells).
                    if name and done >= marks[0] + 1000:
                        marks[0] = done - done % 1000
                        elapsed = time.perf_counter() - start
                        print(f"  {name}: {done:,} of {total:,} after {elapsed:.0f} s", flush=True)

                report = sync_account(account, timeout=120, progress=progress)
                return time.perf_counter() - start, report
            finally:
                close_database()

        open_database(a_path)
        sizes = (Interaction.select().count(), FollowUp.select().count())
        close_database()
        label = f"{server_name}: demo network + {extra} interactions"
        print(f"{label}: {sizes[0]} interactions, {sizes[1]} follow-ups", flush=True)
        for name, path in (("first sync, sending", a_path), ("first sync, receiving", b_path)):
            seconds, report = sync(path, name)
            print(f"{label}: {name}: {seconds:.1f} s, {report.requests} requests")  # type: ignore[attr-defined]
            print(f"  {report.summary()}")  # type: ignore[attr-defined]
        seconds, report = sync(a_path)
        print(f"{label}: nothing changed: {seconds:.2f} s, {report.requests} requests")  # type: ignore[attr-defined]
    finally:
        server.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--server", choices=["radicale", "xandikos", "both"], default="both")
    parser.add_argument("--interactions", type=int, default=0)
    parser.add_argument("--database", type=Path, help="accepted for bench.py; unused")
    args = parser.parse_args()

    import keyring
    from tests.dav_server import MemoryKeyring

    keyring.set_keyring(MemoryKeyring.backend())  # type: ignore[arg-type]
    names = ["radicale", "xandikos"] if args.server == "both" else [args.server]
    for name in names:
        run(name, args.interactions, Path(tempfile.mkdtemp(prefix=f"kith-bench-{name}-")))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
