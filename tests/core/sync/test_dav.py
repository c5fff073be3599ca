"""The DAV client against a real Radicale server: discovery, collections, changes, resources."""

from __future__ import annotations

import pytest

from kith.core.sync.dav import CALENDAR, CONTACTS, VCARD_TYPE, DavClient
from kith.core.sync.discovery import create_kith_collections
from kith.core.sync.errors import (
    AuthenticationError,
    NoSuchCollectionError,
    NotDavServerError,
    OfflineError,
    PreconditionFailed,
)
from tests.dav_server import DavUser, RadicaleServer, XandikosServer, free_port

CARD = "BEGIN:VCARD\r\nVERSION:4.0\r\nUID:{uid}\r\nFN:{name}\r\nEND:VCARD\r\n"


def client(user: DavUser, url: str | None = None, password: str | None = None) -> DavClient:
    return DavClient(url or user.url, user.username, password or user.password, timeout=5)


def test_discovery_finds_the_principal_and_both_homes(dav_user: DavUser) -> None:
    with client(dav_user) as dav:
        principal = dav.principal()
        assert principal.endswith(f"/{dav_user.username}/")
        homes = dav.home_sets(principal)
        assert set(homes) == {CONTACTS, CALENDAR}
        assert dav.collections(homes) == []


def test_discovery_works_from_the_bare_host_name(dav_user: DavUser) -> None:
    host = dav_user.url.removeprefix("http://").rstrip("/")
    with DavClient(f"http://{host}", dav_user.username, dav_user.password) as dav:
        assert dav.principal().endswith(f"/{dav_user.username}/")


def test_kith_creates_its_address_book_and_calendar_and_lists_them(dav_user: DavUser) -> None:
    with client(dav_user) as dav:
        homes = dav.home_sets()
        book = dav.make_collection(homes[CONTACTS], "kith", "Kith", CONTACTS)
        cal = dav.make_collection(homes[CALENDAR], "kith-follow-ups", "Kith follow-ups", CALENDAR)
        found = dav.collections(homes)
        assert [(c.name, c.kind) for c in found] == [
            ("Kith", CONTACTS),
            ("Kith follow-ups", CALENDAR),
        ]
        assert found[1].accepts_todos
        # Creating again finds the existing one instead of failing.
        assert dav.make_collection(homes[CONTACTS], "kith", "Kith", CONTACTS).url == book.url
        again = dav.make_collection(homes[CALENDAR], "kith-follow-ups", "Kith follow-ups", CALENDAR)
        assert again.url == cal.url
        assert dav.check_collection(cal.url, CALENDAR).name == "Kith follow-ups"


def test_sync_token_reports_only_what_changed(dav_user: DavUser) -> None:
    with client(dav_user) as dav:
        book = dav.make_collection(dav.home_sets()[CONTACTS], "kith", "Kith", CONTACTS)
        path = dav.absolute(book.url).split("127.0.0.1", 1)[1].split("/", 1)[1]
        base = "/" + path
        first = dav.put(base + "a.vcf", CARD.format(uid="a", name="Ana"), VCARD_TYPE)
        dav.put(base + "b.vcf", CARD.format(uid="b", name="Ben"), VCARD_TYPE)
        everything = dav.sync_collection(book.url, None)
        assert set(everything.changed) == {base + "a.vcf", base + "b.vcf"}
        assert everything.token
        etag = first or everything.changed[base + "a.vcf"]
        dav.put(base + "a.vcf", CARD.format(uid="a", name="Ana Lima"), VCARD_TYPE, etag=etag)
        dav.delete(base + "b.vcf")
        changes = dav.sync_collection(book.url, everything.token)
        assert set(changes.changed) == {base + "a.vcf"}
        assert changes.deleted == {base + "b.vcf"}
        fetched = dav.multiget(book.url, CONTACTS, changes.changed)
        assert "FN:Ana Lima" in fetched[base + "a.vcf"][1]
        # The ETag fallback sees the same collection.
        assert set(dav.etags(book.url)) == {base + "a.vcf"}
        token, ctag = dav.collection_tags(book.url)
        assert token and ctag


def test_a_stale_write_is_refused_instead_of_overwriting(dav_user: DavUser) -> None:
    with client(dav_user) as dav:
        book = dav.make_collection(dav.home_sets()[CONTACTS], "kith", "Kith", CONTACTS)
        path = "/" + book.url.split("/", 3)[3] + "a.vcf"
        dav.put(path, CARD.format(uid="a", name="Ana"), VCARD_TYPE)
        with pytest.raises(PreconditionFailed):
            dav.put(path, CARD.format(uid="a", name="Other"), VCARD_TYPE)
        with pytest.raises(PreconditionFailed):
            dav.put(path, CARD.format(uid="a", name="Other"), VCARD_TYPE, etag='"stale"')


def test_wrong_password_is_said_plainly(dav_user: DavUser) -> None:
    with (
        client(dav_user, password="not-it") as dav,
        pytest.raises(AuthenticationError, match="refused the username or password"),
    ):
        dav.principal()


def test_a_missing_collection_is_said_plainly(dav_user: DavUser) -> None:
    with client(dav_user) as dav:
        home = dav.home_sets()[CONTACTS]
        with pytest.raises(NoSuchCollectionError, match="There is no address book at"):
            dav.check_collection(home + "nothing-here/", CONTACTS)


def test_a_server_that_is_not_dav_is_said_plainly(radicale: RadicaleServer) -> None:
    import http.server
    import threading

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), http.server.SimpleHTTPRequestHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        with (
            DavClient(url, "ana", "pw", timeout=5) as dav,
            pytest.raises(NotDavServerError, match="not a CardDAV or CalDAV server"),
        ):
            dav.principal()
    finally:
        server.shutdown()
        server.server_close()


def test_no_server_at_all_is_offline() -> None:
    with (
        DavClient(f"http://127.0.0.1:{free_port()}/", "ana", "pw", timeout=5) as dav,
        pytest.raises(OfflineError, match="cannot reach"),
    ):
        dav.principal()


def test_xandikos_answering_mkcalendar_with_403_on_an_existing_calendar_is_fine(
    xandikos: XandikosServer,
) -> None:
    user = xandikos.user()
    first = create_kith_collections(user.url, user.username, user.password)
    again = create_kith_collections(user.url, user.username, user.password)
    assert again[CALENDAR].url == first[CALENDAR].url
    assert again[CONTACTS].url == first[CONTACTS].url
    with client(user) as dav:
        # Xandikos does say 403 to a second MKCALENDAR; Kith takes the calendar that is there.
        assert dav.request("MKCALENDAR", first[CALENDAR].url).status_code == 403
        names = {c.name for c in dav.collections()}
    assert {"Kith", "Kith follow-ups"} <= names


def test_a_kith_calendar_made_for_tasks_and_events_only_gets_a_sibling_that_takes_journals(
    xandikos: XandikosServer,
) -> None:
    user = xandikos.user()
    with client(user) as dav:
        home = dav.home_sets()[CALENDAR]
        body = (
            '<?xml version="1.0" encoding="utf-8"?><C:mkcalendar xmlns:D="DAV:" '
            'xmlns:C="urn:ietf:params:xml:ns:caldav"><D:set><D:prop>'
            "<C:supported-calendar-component-set>"
            '<C:comp name="VTODO"/><C:comp name="VEVENT"/>'
            "</C:supported-calendar-component-set></D:prop></D:set></C:mkcalendar>"
        )
        # What an older Kith made.
        assert dav.request("MKCALENDAR", home + "kith-follow-ups/", body=body).status_code == 201
    made = create_kith_collections(user.url, user.username, user.password)
    assert made[CALENDAR].url.endswith("/kith-calendar/")
    with client(user) as dav:
        assert dav.check_collection(made[CALENDAR].url, CALENDAR).accepts_journals
