"""Captured mail counts as contact before any suggestion is accepted: the card says "last email
3 days ago", and going cold uses the newest of logged and captured contact."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from kith.core.capture.files import capture_file
from kith.core.capture.sources import list_sources, set_enabled
from kith.core.contacts import ChannelDraft, ContactDraft, save_contact
from kith.core.interactions import InteractionDraft, log_interaction
from kith.core.rules.cadence import cadence_status_for
from kith.core.rules.going_cold import going_cold
from kith.core.timeline import contact_header
from tests.capture_mail import ME, message, noon, write_mbox


def test_a_captured_email_warms_someone_up_and_the_card_says_so(
    db: object, tmp_path: Path, now: datetime, today: date
) -> None:
    dana = int(
        save_contact(
            ContactDraft(
                full_name="Dana Wu",
                cadence_days=14,
                channels=[ChannelDraft("email", "dana@example.com")],
            )
        )
    )
    log_interaction(
        InteractionDraft(occurred_at=noon(today, 40), kind="call", contact_ids=[dana]), now=now
    )
    assert [c.contact_id for c in going_cold(now)] == [dana]
    assert contact_header(dana, now).last_email_text == ""

    mail = [message("dana@example.com", [ME], noon(today, 3), "d1@example.com")]
    capture_file(
        write_mbox(tmp_path / "d.mbox", mail, broken_date=False), my_addresses=[ME], now=now
    )

    # Nothing accepted, yet Dana is no longer going cold, and her card says why.
    assert going_cold(now) == []
    status = cadence_status_for(dana, now)
    assert status is not None and status.last_contact == noon(today, 3)
    header = contact_header(dana, now)
    assert header.last_email_text == "last email 3 days ago"
    assert header.last_contact == noon(today, 40)  # what was logged is still what was logged

    # A source turned off counts for nothing.
    [source] = list_sources()
    set_enabled(source.id, False)
    assert [c.contact_id for c in going_cold(now)] == [dana]
    assert contact_header(dana, now).last_email_text == ""
