"""A server killed in the middle of sending the calendar, and a server answering 500 now and
then: nothing is lost and nothing is doubled (real Radicale, and a small proxy in front of it
that fails every third PUT)."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from kith.core.contacts import ContactDraft, save_contact
from kith.core.follow_ups import FollowUpDraft, create_follow_up
from kith.core.goals import GoalDraft, create_goal
from kith.core.interactions import InteractionDraft, log_interaction
from kith.core.sync.accounts import find_account, list_accounts
from kith.core.sync.dav import DavClient
from kith.core.sync.engine import sync_account
from kith.core.sync.errors import OfflineError, ServerError
from kith.store.models import FollowUp, Goal, Interaction
from tests.core.sync.helpers import ACCOUNT, Kith, two_machines
from tests.dav_server import DavUser, RadicaleServer


def fill(today: date, now: datetime) -> None:
    people = [save_contact(ContactDraft(full_name=f"Person {n:02d}")) for n in range(4)]
    create_goal(GoalDraft(title="Find a co-founder"))
    for n in range(12):
        log_interaction(
            InteractionDraft(
                occurred_at=now - timedelta(days=n + 1),
                kind="call",
                contact_ids=[people[n % 4]],
                summary=f"Call {n:02d}",
            )
        )
    for n in range(6):
        create_follow_up(FollowUpDraft(title=f"Task {n:02d}", due_date=today + timedelta(n)))


def counts() -> tuple[int, int, int]:
    return Interaction.select().count(), FollowUp.select().count(), Goal.select().count()


def server_entries(kith: Kith, user: DavUser) -> int:
    with kith:
        url = list_accounts()[0].calendar_url
    assert url
    with DavClient(user.url, user.username, user.password) as dav:
        return len(dav.etags(url))


def test_a_server_killed_while_the_calendar_is_sent_loses_and_doubles_nothing(
    tmp_path: Path, today: date, now: datetime
) -> None:
    folder = tmp_path / "server-folder"
    folder.mkdir()
    server = RadicaleServer(folder).start()
    try:
        user = server.add_user()
        with two_machines(tmp_path, user, calendar=True) as (a, b):
            with a:
                fill(today, now)
                expected = counts()
                account = find_account(ACCOUNT)
                assert account is not None
                sent = 0

                def kill_midway(done: int, total: int, what: str) -> None:
                    nonlocal sent
                    if what == "Sending interactions":
                        sent += 1
                        if sent == 5:
                            server.stop()

                with pytest.raises(OfflineError):
                    sync_account(account, progress=kill_midway, timeout=5)
                assert counts() == expected  # nothing lost here
            server.start()
            report = a.sync()
            assert report.interactions_sent == 12 - 5
            assert report.follow_ups_sent == 0  # open follow-ups went before the interactions
            b.sync()
            with b:
                assert counts() == expected
            assert server_entries(a, user) == sum(expected)  # one entry each, no doubles
            assert a.sync().moved is False and b.sync().moved is False
    finally:
        server.stop()


class FlakyProxy:
    """An HTTP proxy to the real server that answers 500 to every third PUT."""

    def __init__(self, upstream: str) -> None:
        import requests

        session = requests.Session()
        puts = 0

        class Handler(http.server.BaseHTTPRequestHandler):
            def _forward(self) -> None:
                nonlocal puts
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                if self.command == "PUT":
                    puts += 1
                    if puts % 3 == 0:
                        self.send_response(500)
                        self.send_header("Content-Length", "0")
                        self.end_headers()
                        return
                headers = {k: v for k, v in self.headers.items() if k.lower() != "host"}
                answer = session.request(
                    self.command,
                    upstream.rstrip("/") + self.path,
                    data=body,
                    headers=headers,
                    allow_redirects=False,
                )
                self.send_response(answer.status_code)
                for key, value in answer.headers.items():
                    if key.lower() not in (
                        "content-length",
                        "content-encoding",
                        "transfer-encoding",
                        "connection",
                    ):
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(answer.content)))
                self.end_headers()
                self.wfile.write(answer.content)

            do_GET = do_PUT = do_DELETE = do_PROPFIND = do_REPORT = _forward
            do_MKCOL = do_MKCALENDAR = do_OPTIONS = _forward

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def flaky(dav_user: DavUser) -> Iterator[tuple[FlakyProxy, DavUser]]:
    proxy = FlakyProxy(dav_user.url)
    yield proxy, DavUser(proxy.url, dav_user.username, dav_user.password)
    proxy.close()


def test_500s_now_and_then_lose_and_double_nothing(
    tmp_path: Path, flaky: tuple[FlakyProxy, DavUser], dav_user: DavUser, today: date, now: datetime
) -> None:
    _proxy, through_proxy = flaky
    with two_machines(tmp_path, dav_user, calendar=True) as (a, b):
        with a:
            fill(today, now)
            expected = counts()
            account = find_account(ACCOUNT)
            assert account is not None
            calendar_url = account.calendar_url
            assert calendar_url
        flaky_a = Kith(tmp_path / "flaky.sqlite", through_proxy, None, None)
        a.path.replace(flaky_a.path)  # the desktop, now behind the flaky proxy
        with flaky_a:
            from kith.core.sync.accounts import save_account

            draft = account.draft()
            draft.url = through_proxy.url
            draft.addressbook_url = account.addressbook_url.replace(dav_user.url, through_proxy.url)  # type: ignore[union-attr]
            draft.calendar_url = calendar_url.replace(dav_user.url, through_proxy.url)
            save_account(draft, account.id, password=dav_user.password)
        failures = 0
        for _attempt in range(30):
            try:
                flaky_a.sync()
                break
            except ServerError as exc:
                assert "had a problem (500" in str(exc)
                failures += 1
        else:
            pytest.fail("the sync never got through")
        assert failures > 3
        assert flaky_a.sync().moved is False
        b.sync()
        with b:
            assert counts() == expected
        assert server_entries(b, dav_user) == sum(expected)


class Quit(Exception):
    """Kith quitting in the middle of a sync."""


def test_a_second_computer_cut_off_while_receiving_goes_on_from_there(
    tmp_path: Path, dav_user: DavUser, today: date, now: datetime
) -> None:
    with two_machines(tmp_path, dav_user, calendar=True) as (a, b):
        with a:
            fill(today, now)
            expected = counts()
        a.sync()
        with b:
            account = find_account(ACCOUNT)
            assert account is not None
            received = 0

            def quit_midway(done: int, total: int, what: str) -> None:
                nonlocal received
                if what == "Receiving calendar entries":
                    received += 1
                    if received == 7:
                        raise Quit

            with pytest.raises(Quit):
                sync_account(account, progress=quit_midway, timeout=5)
            partial = counts()
            assert 0 < sum(partial) < sum(expected)
        report = b.sync()
        with b:
            assert counts() == expected  # the rest, and nothing twice
        assert (
            report.interactions_received + report.follow_ups_received + report.goals_received
            == (sum(expected) - sum(partial))
        )
        assert a.sync().moved is False and b.sync().moved is False


def test_a_long_first_sync_stopped_early_has_sent_what_is_due_and_the_newest_interactions(
    tmp_path: Path, dav_user: DavUser, today: date, now: datetime
) -> None:
    with two_machines(tmp_path, dav_user, calendar=True) as (a, b):
        with a:
            ana = save_contact(ContactDraft(full_name="Ana Lima"))
            for n in range(12):  # logged oldest first, as an import of old history would be
                log_interaction(
                    InteractionDraft(
                        occurred_at=now - timedelta(days=40 - n),
                        kind="call",
                        contact_ids=[ana],
                        summary=f"Call {n:02d}",
                    )
                )
            create_follow_up(
                FollowUpDraft(title="Send Ana the deck", due_date=today, contact_id=ana)
            )
            account = find_account(ACCOUNT)
            assert account is not None
            sent = 0

            def stop_after_five(done: int, total: int, what: str) -> None:
                nonlocal sent
                if what == "Sending interactions":
                    sent += 1
                    if sent == 5:
                        raise Quit

            with pytest.raises(Quit):
                sync_account(account, progress=stop_after_five, timeout=5)
        b.sync()
        with b:  # the laptop already knows what is due and the five most recent calls
            assert [f.title for f in FollowUp.select()] == ["Send Ana the deck"]
            calls = sorted(i.summary for i in Interaction.select())
            assert calls == ["Call 07", "Call 08", "Call 09", "Call 10", "Call 11"]
        a.sync()
        b.sync()
        with b:
            assert Interaction.select().count() == 12


def test_the_status_line_counts_everything_the_calendar_will_send_from_the_first_entry(
    tmp_path: Path, dav_user: DavUser, today: date, now: datetime
) -> None:
    with two_machines(tmp_path, dav_user, calendar=True) as (a, _b):
        with a:
            fill(today, now)
            account = find_account(ACCOUNT)
            assert account is not None
            seen: list[tuple[int, int, str]] = []

            def note(done: int, total: int, what: str) -> None:
                if what.startswith("Sending") and "contacts" not in what:
                    seen.append((done, total, what))

            sync_account(account, progress=note, timeout=5)
        # Goals, open follow-ups, interactions: "1 of 23" … "23 of 23", never "7 of 7" first.
        assert {what for _done, _total, what in seen} == {
            "Sending goals",
            "Sending follow-ups",
            "Sending interactions",
        }
        totals = {total for _done, total, _what in seen}
        assert len(totals) == 1
        assert seen[-1][0] == seen[-1][1] == totals.pop()
