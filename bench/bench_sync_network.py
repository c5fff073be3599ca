"""Sync of a whole network: the demo network (contacts, interactions, follow-ups, goals, tag
cadences) sent by a first Kith to a real server, received by a second, and a sync with
nothing changed — on Radicale and on Xandikos.

    python bench/bench_sync_network.py [--server radicale|xandikos|both] [--interactions N]
                                       [--cut-after N | --stop-after N] [--no-floor]

``--interactions N`` adds N generated interactions (spread over the demo's people and the
last ten years) to the demo's own. ``--cut-after N`` stops the first sync after N entries
(as Cancel in the window does) and lets a second sync finish the job; ``--stop-after N``
stops it there for good (the floor and the second computer then take those N entries: a
comparison of a big first sync within a time budget, the servers' cost growing with each
entry a collection holds). ``--no-floor`` skips the bare loop after a whole first sync (for a
run so long that the floor, measured on a slice with ``--stop-after``, would double it).

**The server's cost floor.** After Kith's first sync, the exact texts it stored on the server
(each resource's ``base``, in the order they were sent) are PUT again into a fresh address
book and calendar on the same server by a bare loop over one ``requests`` session — no
database, no rendering, no fingerprints: what any client, vdirsyncer included, pays the server
for the same entries. Kith's figure next to it is the client's own cost.

Starts the servers the test suite uses (``tests/dav_server.py``) on 127.0.0.1 with temporary
folders. Prints ``name: value unit`` lines; nothing asserts a speed.
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


class _CutOff(Exception):
    """Raised by the progress callback to stop a sync after ``--cut-after`` entries."""


def _floor(user: object, calendar_url: str | None, contacts_url: str, path: Path) -> None:
    """PUT what Kith stored on the server again, into fresh collections, with a bare loop."""
    import requests

    from kith.core.sync.dav import CALENDAR, CONTACTS, DavClient
    from kith.store.database import close_database, open_database
    from kith.store.models import SyncCollection, SyncResource

    open_database(path)
    try:
        sent = [
            (url, href, base)
            for url, href, base in SyncResource.select(
                SyncCollection.url, SyncResource.href, SyncResource.base
            )
            .join(SyncCollection)
            .where(SyncResource.base != "")
            .order_by(SyncResource.id)
            .tuples()
        ]
    finally:
        close_database()
    with DavClient(user.url, user.username, user.password) as dav:  # type: ignore[attr-defined]
        homes = dav.home_sets()
        fresh = {
            contacts_url: dav.make_collection(homes[CONTACTS], "floor-book", "Floor", CONTACTS).url
        }
        if calendar_url:
            made = dav.make_collection(homes[CALENDAR], "floor-cal", "Floor", CALENDAR)
            fresh[calendar_url] = made.url
    session = requests.Session()
    session.auth = (user.username, user.password)  # type: ignore[attr-defined]
    start = time.perf_counter()
    for n, (url, href, text) in enumerate(sent, 1):
        kind = "text/vcard" if url == contacts_url else "text/calendar"
        answer = session.put(
            fresh[url] + href.rsplit("/", 1)[-1],
            data=text.encode("utf-8"),
            headers={"Content-Type": f"{kind}; charset=utf-8", "If-None-Match": "*"},
        )
        answer.raise_for_status()
        if n % 1000 == 0:
            print(f"  bare PUT loop: {n:,} after {time.perf_counter() - start:.0f} s", flush=True)
    seconds = time.perf_counter() - start
    print(f"  bare PUT loop (the server's cost): {len(sent):,} entries in {seconds:.1f} s")


def run(
    server_name: str,
    extra: int,
    folder: Path,
    cut_after: int = 0,
    resume: bool = True,
    floor: bool = True,
) -> None:
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

        def sync(path: Path, name: str = "", cut: int = 0) -> tuple[float, object]:
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
                    if cut and done >= cut:
                        raise _CutOff

                report = sync_account(account, timeout=120, progress=progress)
                return time.perf_counter() - start, report
            finally:
                close_database()

        open_database(a_path)
        sizes = (Interaction.select().count(), FollowUp.select().count())
        close_database()
        label = f"{server_name}: demo network + {extra} interactions"
        print(f"{label}: {sizes[0]} interactions, {sizes[1]} follow-ups", flush=True)
        start = time.perf_counter()
        cpu = time.process_time()
        try:
            seconds, report = sync(a_path, "first sync, sending", cut_after)
        except _CutOff:
            print(
                f"{label}: cut off after {cut_after:,} entries: {time.perf_counter() - start:.1f} s"
            )
            if not resume:
                print(f"  (stopped there: Kith's own CPU {time.process_time() - cpu:.1f} s)")
                _floor(user, made["calendar"].url, made["contacts"].url, a_path)
                seconds, report = sync(b_path, "first sync, receiving")
                print(f"{label}: receiving those: {seconds:.1f} s, {report.requests} requests")  # type: ignore[attr-defined]
                print(f"  {report.summary()}")  # type: ignore[attr-defined]
                return
            seconds, report = sync(a_path, "first sync, the rest")
        print(
            f"{label}: first sync, sending: {time.perf_counter() - start:.1f} s "
            f"(Kith's own CPU {time.process_time() - cpu:.1f} s), {report.requests} requests"  # type: ignore[attr-defined]
        )
        print(f"  {report.summary()}")  # type: ignore[attr-defined]
        if floor:
            _floor(user, made["calendar"].url, made["contacts"].url, a_path)
        seconds, report = sync(b_path, "first sync, receiving")
        print(f"{label}: first sync, receiving: {seconds:.1f} s, {report.requests} requests")  # type: ignore[attr-defined]
        print(f"  {report.summary()}")  # type: ignore[attr-defined]
        seconds, report = sync(a_path)
        print(f"{label}: nothing changed: {seconds:.2f} s, {report.requests} requests")  # type: ignore[attr-defined]
    finally:
        server.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--server", choices=["radicale", "xandikos", "both"], default="both")
    parser.add_argument("--interactions", type=int, default=0)
    cut = parser.add_mutually_exclusive_group()
    cut.add_argument("--cut-after", type=int, default=0, help="stop the first sync after N")
    cut.add_argument("--stop-after", type=int, default=0, help="… and do not finish it")
    parser.add_argument(
        "--no-floor", action="store_true", help="skip the bare PUT loop after a whole first sync"
    )
    parser.add_argument("--database", type=Path, help="accepted for bench.py; unused")
    args = parser.parse_args()

    import keyring
    from tests.dav_server import MemoryKeyring

    keyring.set_keyring(MemoryKeyring.backend())  # type: ignore[arg-type]
    names = ["radicale", "xandikos"] if args.server == "both" else [args.server]
    for name in names:
        folder = Path(tempfile.mkdtemp(prefix=f"kith-bench-{name}-"))
        cut_after = args.cut_after or args.stop_after
        run(
            name,
            args.interactions,
            folder,
            cut_after,
            resume=not args.stop_after,
            floor=not args.no_floor,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
