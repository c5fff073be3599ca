"""``kith due`` and ``kith stats --json``: what a terminal user (or a script) reads."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from kith.__main__ import main
from kith.core.contacts import ContactDraft, save_contact
from kith.core.follow_ups import FollowUpDraft, create_follow_up
from kith.core.interactions import InteractionDraft, log_interaction
from kith.store.database import close_database, open_database
from kith.store.models import Contact, Goal


def kith(*argv: str | Path) -> int:
    return main([str(a) for a in argv])


@pytest.fixture
def filled(tmp_path: Path, now: datetime, today: date) -> Path:
    """A database with follow-ups overdue, due today and later, and one person going cold."""
    path = tmp_path / "k.sqlite"
    open_database(path)
    try:
        ana = save_contact(ContactDraft(full_name="Ana Souza", circle=1))
        ben = save_contact(ContactDraft(full_name="Ben Okafor"))
        # Ana (inner circle: every 14 days) was added a month ago and never contacted.
        Contact.update(created_at=now - timedelta(days=30)).where(Contact.id == ana).execute()
        create_follow_up(
            FollowUpDraft("Send Ana the deck", today - timedelta(days=3), contact_id=ana)
        )
        create_follow_up(FollowUpDraft("Call Ben", today, contact_id=ben))
        create_follow_up(FollowUpDraft("Renew the domain", today))
        create_follow_up(FollowUpDraft("Next quarter", today + timedelta(days=40)))
        log_interaction(
            InteractionDraft(contact_ids=[ben], occurred_at=now - timedelta(days=2), kind="call")
        )
        Goal.create(title="Find a co-founder")
        Goal.create(title="Old goal", status="achieved")
    finally:
        close_database()
    return path


def test_due_prints_overdue_then_today_one_line_each(
    filled: Path, capsys: pytest.CaptureFixture[str], today: date
) -> None:
    assert kith("due", "--database", filled) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        f"{(today - timedelta(days=3)).isoformat()}  Ana Souza: Send Ana the deck",
        f"{today.isoformat()}  Ben Okafor: Call Ben",
        f"{today.isoformat()}  —: Renew the domain",
    ]


def test_due_on_an_empty_database_says_nothing_is_due(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    open_database(db_path)
    close_database()
    assert kith("--database", db_path, "due") == 0
    assert capsys.readouterr().out == "Nothing due.\n"


def test_stats_json_counts_the_network(filled: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert kith("stats", "--json", "--database", filled) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["contacts"] == 2
    assert stats["interactions"] == 1
    assert stats["open_followups"] == 4
    assert stats["overdue_followups"] == 1
    assert stats["due_today_followups"] == 2
    assert stats["goals"] == 1
    assert stats["going_cold"] == 1


def test_stats_text_is_a_readable_table(filled: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert kith("stats", "--database", filled) == 0
    out = capsys.readouterr().out
    assert "Open follow-ups  4" in out
    assert "Active goals" in out


@pytest.mark.parametrize("verb", [["due"], ["stats", "--json"]])
def test_a_missing_database_is_an_error_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], verb: list[str]
) -> None:
    missing = tmp_path / "nope.sqlite"
    assert kith(*verb, "--database", missing) != 0
    out, err = capsys.readouterr()
    assert out == ""
    assert f"There is no Kith database at {missing}" in err
    assert not missing.exists()


def test_a_file_that_is_not_kith_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "notes.txt"
    other.write_text("just some text\n" * 50)
    assert kith("due", "--database", other) != 0
    assert "kith due:" in capsys.readouterr().err


def test_stats_json_as_a_subprocess(filled: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "kith", "stats", "--json", "--database", str(filled)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    keys = json.loads(done.stdout).keys()
    assert {"contacts", "interactions", "open_followups", "going_cold", "goals"} <= keys
