"""Capture from IMAP against a real Dovecot on 127.0.0.1: the right suggestions and nothing
else, incremental scans, a renumbered folder, a wrong password, an untrusted certificate, a
server that goes away mid-scan — and nothing read but headers, nothing marked read."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from kith.core.capture.imap import CaptureConnectionError, check_login, scan_imap
from kith.core.capture.sources import Source, SourceDraft, get_source, save_source
from kith.core.capture.suggestions import list_suggestions
from kith.core.local_time import local_date
from kith.core.sync.accounts import KEYRING_SERVICE
from tests.capture_mail import ME, add_people, inbox, message, noon, sent
from tests.imap_server import DovecotServer, ImapUser, dovecot_available


def imap_source(
    server: DovecotServer, user: ImapUser, *, security: str = "none", host: str = "127.0.0.1"
) -> Source:
    port = server.tls_port if security == "tls" else server.port
    return save_source(
        SourceDraft(
            kind="imap",
            name="Work mail",
            host=host,
            port=port,
            security=security,
            username=user.name,
        ),
        password=user.password,
    )


def seen() -> list[tuple[str, str, date, str | None]]:
    return sorted(
        (s.kind, s.people[0].name, local_date(s.occurred_at), s.initiator)
        for s in list_suggestions()
    )


def expected(today: date) -> list[tuple[str, str, date, str | None]]:
    return sorted(
        [
            ("email", "Ana Lima", local_date(noon(today, 5)), "them"),
            ("email", "Ana Lima", local_date(noon(today, 3)), "them"),
            ("email", "Bob Stone", local_date(noon(today, 4)), "me"),
        ]
    )


def fill(server: DovecotServer, user: ImapUser, today: date) -> None:
    server.deliver(user, inbox(today))
    server.deliver(user, sent(today), "Sent")


def test_a_scan_suggests_the_right_people_and_nothing_else(
    db: object, dovecot: DovecotServer, imap_user: ImapUser, now: datetime, today: date
) -> None:
    add_people()
    fill(dovecot, imap_user, today)
    source = imap_source(dovecot, imap_user)
    report = scan_imap(source, password=imap_user.password, now=now)
    assert seen() == expected(today)
    assert report.read == 10
    assert report.notes == ["INBOX, message 9: it has no date; skipped"]
    # The user's address was learnt from the Sent folder (the login is not an address).
    assert get_source(source.id).my_addresses == (ME,)
    assert get_source(source.id).last_error == ""
    # Read-only and headers only: every message is still unread, and no body was fetched.
    from imapclient import IMAPClient

    with IMAPClient("127.0.0.1", port=dovecot.port, ssl=False) as client:
        client.login(imap_user.name, imap_user.password)
        client.select_folder("INBOX", readonly=True)
        assert len(client.search(["UNSEEN"])) == len(inbox(today))
    log = (dovecot.folder / "dovecot.log").read_text()
    mine = [line for line in log.splitlines() if f"imap({imap_user.name})" in line]
    assert mine and all(
        "body_count=0 body_bytes=0" in line for line in mine if "Logged out" in line
    )


def test_a_second_scan_adds_nothing_and_a_new_message_adds_exactly_one(
    db: object, dovecot: DovecotServer, imap_user: ImapUser, now: datetime, today: date
) -> None:
    add_people()
    fill(dovecot, imap_user, today)
    source = imap_source(dovecot, imap_user)
    scan_imap(source, password=imap_user.password, now=now)
    again = scan_imap(source, password=imap_user.password, now=now)
    assert (again.read, again.suggestions) == (0, 0)
    assert seen() == expected(today)
    dovecot.deliver(imap_user, [message("bob@example.net", [ME], noon(today, 0), "new@x")])
    third = scan_imap(source, password=imap_user.password, now=now)
    assert (third.read, third.suggestions) == (1, 1)
    assert seen() == sorted([*expected(today), ("email", "Bob Stone", today, "them")])


def test_a_renumbered_folder_is_read_again_without_duplicates(
    db: object, dovecot: DovecotServer, imap_user: ImapUser, now: datetime, today: date
) -> None:
    add_people()
    fill(dovecot, imap_user, today)
    source = imap_source(dovecot, imap_user)
    scan_imap(source, password=imap_user.password, now=now)
    dovecot.set_uidvalidity(imap_user, "INBOX", 4242)
    report = scan_imap(source, password=imap_user.password, now=now)
    assert report.read == 8  # the whole inbox again (9 messages, one broken)…
    assert report.suggestions == 0  # …and nothing twice
    assert "INBOX: the server renumbered this folder" in report.notes[0]
    assert seen() == expected(today)
    assert scan_imap(source, password=imap_user.password, now=now).read == 0


def test_a_wrong_password_is_said_plainly_and_nothing_is_read(
    db: object, dovecot: DovecotServer, imap_user: ImapUser, now: datetime, today: date
) -> None:
    add_people()
    fill(dovecot, imap_user, today)
    source = imap_source(dovecot, imap_user)
    with pytest.raises(CaptureConnectionError, match="refused the user name “user") as caught:
        scan_imap(source, password="wrong", now=now)
    assert "or its password" in str(caught.value)
    assert seen() == []
    assert get_source(source.id).last_error == str(caught.value)
    assert get_source(source.id).last_scan_at is None


def test_no_server_there_is_said_plainly(db: object, now: datetime) -> None:
    from tests.dav_server import free_port

    source = save_source(
        SourceDraft(
            kind="imap", name="Nowhere", host="127.0.0.1", port=free_port(), security="none",
            username="ana",
        )
    )  # fmt: skip
    with pytest.raises(CaptureConnectionError, match="refused the connection"):
        scan_imap(source, password="x", now=now)


def test_tls_with_an_untrusted_certificate_sends_no_password(
    db: object,
    dovecot: DovecotServer,
    imap_user: ImapUser,
    now: datetime,
    today: date,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    add_people()
    fill(dovecot, imap_user, today)
    source = imap_source(dovecot, imap_user, security="tls", host="localhost")
    with pytest.raises(CaptureConnectionError, match="certificate of localhost is not trusted"):
        check_login(source, imap_user.password)
    assert f"user=<{imap_user.name}>" not in (dovecot.folder / "dovecot.log").read_text()
    # Once the system trusts it, the same source reads the mail over TLS.
    monkeypatch.setenv("SSL_CERT_FILE", str(dovecot.certificate))
    scan_imap(source, password=imap_user.password, now=now)
    assert seen() == expected(today)


def test_the_password_is_in_the_keyring_not_in_the_file(
    db: object,
    db_path: Path,
    dovecot: DovecotServer,
    imap_user: ImapUser,
    memory_keyring: object,
) -> None:
    source = imap_source(dovecot, imap_user)
    assert memory_keyring.secrets == {(KEYRING_SERVICE, source.uid): imap_user.password}  # type: ignore[attr-defined]
    from kith.store.database import close_database, open_database

    close_database()
    stored = b"".join(p.read_bytes() for p in db_path.parent.glob(db_path.name + "*"))
    open_database(db_path)
    assert imap_user.password.encode() not in stored


@pytest.mark.skipif(not dovecot_available(), reason="Dovecot is not installed")
def test_a_server_stopped_mid_scan_loses_nothing(
    db: object, imap_user: ImapUser, now: datetime, today: date
) -> None:
    add_people()
    server = DovecotServer().start()
    try:
        user = server.add_user()
        fill(server, user, today)
        source = imap_source(server, user)
        batches: list[tuple[str, int]] = []

        def crash_after_first(folder: str, done: int, total: int) -> bool:
            batches.append((folder, done))
            if len(batches) == 1:  # the first message of Sent is read and written
                server.crash()
            return True

        with pytest.raises(
            CaptureConnectionError, match=r"connection to 127\.0\.0\.1:\d+ was lost"
        ):
            scan_imap(source, password=user.password, now=now, progress=crash_after_first, batch=1)
        assert batches == [("Sent", 1)]
        # What was read before the server went is kept: the user's answer to Ana.
        assert seen() == [("email", "Ana Lima", local_date(noon(today, 5)), "me")]
        assert "was lost" in get_source(source.id).last_error
        server.start()
        report = scan_imap(source, password=user.password, now=now, batch=1)
        assert report.read == 9  # carries on after it: Sent's other message, the inbox's 8
        # Ana's first message, read now, shows she wrote first.
        assert seen() == expected(today)
        assert get_source(source.id).last_error == ""
    finally:
        server.remove()
