"""Kith's first sync of N contacts beside vdirsyncer and a bare PUT loop, on one Radicale.

    python bench/bench_sync_vdirsyncer.py --vdirsyncer PATH [--contacts N]

vdirsyncer is not one of Kith's dependencies (it is asyncio/aiohttp throughout): install it in
a virtual environment of its own (``python3 -m venv /tmp/vds && /tmp/vds/bin/pip install
vdirsyncer``) and name its executable. The same N cards (Kith's own vCards of N generated
contacts) are uploaded into three fresh address books of one Radicale (``tests/dav_server.py``,
on 127.0.0.1 with a temporary folder), one after another: by vdirsyncer from a vdir, by a bare
loop over one ``requests`` session (the server's cost), and by Kith's first sync. Prints
``name: value unit`` lines; nothing asserts a speed.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--vdirsyncer", required=True, help="the vdirsyncer executable")
    parser.add_argument("--contacts", type=int, default=1000)
    parser.add_argument("--database", type=Path, help="accepted for bench.py; unused")
    args = parser.parse_args()

    import keyring
    import requests
    from tests.dav_server import MemoryKeyring, RadicaleServer

    from kith.core.contacts import ChannelDraft, ContactDraft, save_contacts
    from kith.core.importing.vcard import contact_vcards
    from kith.core.sync.accounts import AccountDraft, save_account
    from kith.core.sync.dav import CONTACTS, DavClient
    from kith.core.sync.discovery import create_kith_collections
    from kith.core.sync.engine import sync_account
    from kith.store.database import close_database, open_database
    from kith.store.models import Contact

    keyring.set_keyring(MemoryKeyring.backend())  # type: ignore[arg-type]
    n = args.contacts
    folder = Path(tempfile.mkdtemp(prefix="kith-bench-vdirsyncer-"))
    database = folder / "a.sqlite"
    open_database(database)
    save_contacts(
        [
            ContactDraft(
                full_name=f"Person {i:05d}",
                company=f"Company {i % 97}",
                title="Engineer",
                tags=["bench"],
                channels=[
                    ChannelDraft("email", f"person{i}@example.org", "work"),
                    ChannelDraft("phone", f"+1 555 {i:07d}", "mobile"),
                ],
                birthday_month=1 + i % 12,
                birthday_day=1 + i % 28,
            )
            for i in range(n)
        ]
    )
    uids = dict(Contact.select(Contact.id, Contact.uid).tuples())
    texts = contact_vcards(list(uids))
    close_database()
    vdir = folder / "vdir" / "book"
    vdir.mkdir(parents=True)
    for contact_id, text in texts.items():
        (vdir / f"{uids[contact_id]}.vcf").write_text(text, encoding="utf-8")

    server = RadicaleServer(folder).start()
    try:
        user = server.add_user()
        book = create_kith_collections(user.url, user.username, user.password, calendar=False)[
            CONTACTS
        ].url
        with DavClient(user.url, user.username, user.password) as dav:
            home = dav.home_sets()[CONTACTS]
            floor_book = dav.make_collection(home, "floor", "Floor", CONTACTS).url
            kith_book = dav.make_collection(home, "kith-first-sync", "Kith", CONTACTS).url

        (folder / "status").mkdir()
        config = folder / "vdirsyncer.conf"
        config.write_text(
            f'[general]\nstatus_path = "{folder}/status/"\n\n'
            '[pair bench]\na = "local"\nb = "remote"\ncollections = null\n\n'
            f'[storage local]\ntype = "filesystem"\npath = "{vdir}/"\nfileext = ".vcf"\n\n'
            f'[storage remote]\ntype = "carddav"\nurl = "{book}"\n'
            f'username = "{user.username}"\npassword = "{user.password}"\n',
            encoding="utf-8",
        )
        env = {**os.environ, "VDIRSYNCER_CONFIG": str(config)}
        subprocess.run(
            [args.vdirsyncer, "discover", "bench"], env=env, check=True, capture_output=True
        )
        start = time.perf_counter()
        subprocess.run([args.vdirsyncer, "sync"], env=env, check=True, capture_output=True)
        print(f"vdirsyncer {n} cards uploaded: {time.perf_counter() - start:.1f} s")

        session = requests.Session()
        session.auth = (user.username, user.password)
        start = time.perf_counter()
        for contact_id, text in texts.items():
            answer = session.put(
                floor_book + f"{uids[contact_id]}.vcf",
                data=text.encode("utf-8"),
                headers={"Content-Type": "text/vcard; charset=utf-8", "If-None-Match": "*"},
            )
            answer.raise_for_status()
        print(f"bare PUT loop {n} cards (the server's cost): {time.perf_counter() - start:.1f} s")

        open_database(database)
        try:
            account = save_account(AccountDraft("Bench", user.url, user.username, kith_book))
            start = time.perf_counter()
            report = sync_account(account, password=user.password)
            seconds = time.perf_counter() - start
        finally:
            close_database()
        print(f"Kith first sync {report.sent} cards sent: {seconds:.1f} s")
        print(f"  {report.summary()}")
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
