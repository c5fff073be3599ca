"""``kith log``, ``kith person`` and ``kith ask``: Kith's judgement for scripts and checks
(issue 12, point 10) — real database files, the real entry point, and one real process."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest

from kith import cli
from kith.__main__ import main
from kith.core.contacts import ContactDraft, save_contact
from kith.core.interactions import (
    KIND_LABELS,
    InteractionDraft,
    load_interaction_draft,
    log_interaction,
)
from kith.core.local_time import from_local
from kith.store.database import close_database, open_database
from kith.store.models import Interaction


def kith(*argv: str | Path) -> int:
    return main([str(a) for a in argv])


def log(contact_id: int, when: datetime, direction: str, initiator: str, now: datetime) -> None:
    draft = InteractionDraft(
        occurred_at=when,
        kind="call",
        contact_ids=[contact_id],
        direction=direction,
        initiator=initiator,
    )
    log_interaction(draft, now=now)


class Network:
    """The people of the test database, by short name → id."""

    def __init__(self, path: Path, ids: dict[str, int]) -> None:
        self.path = path
        self.ids = ids


@pytest.fixture
def network(tmp_path: Path, now: datetime) -> Network:
    """Two Anas, a Sofía going cold, Bo with two years of favours both ways, Nia met yesterday,
    and Dee who only asks."""
    path = tmp_path / "kith.sqlite"
    open_database(path)
    try:
        alice = save_contact(ContactDraft(full_name="Alice Martin"))
        ana = save_contact(
            ContactDraft(
                full_name="Ana Souza",
                given_name="Ana",
                company="Acme",
                title="Designer",
                circle=2,
                introduced_by_id=alice,
            )
        )
        ana_lima = save_contact(ContactDraft(full_name="Ana Lima"))
        sofia = save_contact(ContactDraft(full_name="Sofía Ramírez", circle=1))
        bo = save_contact(ContactDraft(full_name="Bo Chen", given_name="Bo", circle=2))
        nia = save_contact(ContactDraft(full_name="Nia Newton", given_name="Nia"))
        dee = save_contact(ContactDraft(full_name="Dee Walsh", given_name="Dee"))
        # Ana Souza: three reach-outs of yours this week, one of them an ask, no reply.
        log(ana, now - timedelta(days=3), "neutral", "me", now)
        log(ana, now - timedelta(days=2), "asked", "me", now)
        log(ana, now - timedelta(days=1), "neutral", "me", now)
        # Sofía (inner 5: every 14 days): last call 20 days ago.
        log(sofia, now - timedelta(days=20), "neutral", "me", now)
        # Bo: two years of monthly calls, both reaching out, favours both ways.
        for month in range(1, 25):
            mine = month % 2 == 0
            log(
                bo,
                now - timedelta(days=30 * month),
                "gave" if mine else "they_gave",
                "me" if mine else "them",
                now,
            )
        # Nia: one coffee yesterday.
        log(nia, now - timedelta(days=1), "neutral", "me", now)
        # Dee: asked three times this year, never gave.
        for months in (2, 4, 6):
            log(dee, now - timedelta(days=30 * months), "they_asked", "them", now)
    finally:
        close_database()
    ids = {"alice": alice, "ana": ana, "ana_lima": ana_lima, "sofia": sofia}
    ids |= {"bo": bo, "nia": nia, "dee": dee}
    return Network(path, ids)


def interaction_count(path: Path) -> int:
    open_database(path)
    try:
        return int(Interaction.select().count())
    finally:
        close_database()


def files_in(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


# --- names ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "verb", [["log", "--kind", "call", "--reached-out", "me", "--flow", "gave"], ["person"]]
)
def test_a_name_that_fits_several_people_is_an_error_listing_them(
    network: Network, capsys: pytest.CaptureFixture[str], verb: list[str]
) -> None:
    before = interaction_count(network.path)
    assert kith(verb[0], "ana", *verb[1:], "--database", network.path) == 2
    out, err = capsys.readouterr()
    assert out == ""
    ana, lima = network.ids["ana"], network.ids["ana_lima"]
    width = max(len(f"#{ana}"), len(f"#{lima}"))
    assert err.splitlines() == [
        f"kith {verb[0]}: “ana” could be 2 people; give more of the name, or #ID for one of them:",
        f"  {f'#{lima}':<{width}}  Ana Lima",
        f"  {f'#{ana}':<{width}}  Ana Souza (Designer · Acme)",
    ]
    assert interaction_count(network.path) == before


def test_a_name_that_fits_nobody_is_an_error_and_logs_nothing(
    network: Network, capsys: pytest.CaptureFixture[str]
) -> None:
    before = interaction_count(network.path)
    argv = ["log", "Bo", "Zed", "--kind", "call", "--reached-out", "me", "--flow", "gave"]
    assert kith(*argv, "--database", network.path) == 2
    assert capsys.readouterr().err == "kith log: nobody in Kith is called “Zed”.\n"
    assert interaction_count(network.path) == before


def test_the_id_the_listing_shows_names_one_of_them(
    network: Network, capsys: pytest.CaptureFixture[str]
) -> None:
    lima = f"#{network.ids['ana_lima']}"
    assert kith("ask", lima, "--size", "small", "--json", "--database", network.path) == 0
    assert json.loads(capsys.readouterr().out)["name"] == "Ana Lima"


# --- kith log ---------------------------------------------------------------------------------


def test_log_with_every_option(
    network: Network, capsys: pytest.CaptureFixture[str], today: date
) -> None:
    day = today - timedelta(days=3)
    argv = ["log", "ana lima", "SOFIA", "--kind", "meal", "--reached-out", "both"]
    argv += ["--flow", "asked", "--size", "medium", "--when", f"{day.isoformat()}T08:15"]
    argv += ["--summary", "Lunch about the Berlin role"]
    assert kith(*argv, "--database", network.path) == 0
    out, err = capsys.readouterr()
    assert out == (
        f"Logged coffee or meal with Ana Lima and Sofía Ramírez, {day.isoformat()} 08:15 — "
        "Planned together · I asked (a medium ask) — “Lunch about the Berlin role”\n"
    )
    assert err == ""
    open_database(network.path)
    try:
        newest = Interaction.select().order_by(Interaction.id.desc()).get()
        draft = load_interaction_draft(newest.id)
    finally:
        close_database()
    assert draft.contact_ids == [network.ids["ana_lima"], network.ids["sofia"]]
    assert draft.kind == "meal"
    assert draft.initiator == "both"
    assert draft.direction == "asked"
    assert draft.ask_size == "medium"
    assert draft.summary == "Lunch about the Berlin role"
    assert draft.occurred_at == from_local(datetime.combine(day, time(8, 15)))


@pytest.mark.parametrize(
    ("flow", "direction"),
    [("they-gave", "they_gave"), ("they-asked", "they_asked"), ("neither", "neutral")],
)
def test_log_flow_words_are_what_core_stores(
    network: Network, capsys: pytest.CaptureFixture[str], flow: str, direction: str
) -> None:
    argv = ["log", "Nia", "--kind", "email", "--reached-out", "them", "--flow", flow]
    assert kith(*argv, "--database", network.path) == 0
    assert capsys.readouterr().out.startswith("Logged email with Nia Newton, ")
    open_database(network.path)
    try:
        newest = Interaction.select().order_by(Interaction.id.desc()).get()
    finally:
        close_database()
    assert (newest.direction, newest.initiator) == (direction, "them")


def test_log_says_dont_pester_and_give_first_on_stderr_and_still_logs(
    network: Network, capsys: pytest.CaptureFixture[str]
) -> None:
    before = interaction_count(network.path)
    argv = ["log", "Ana Souza", "--kind", "email", "--reached-out", "me", "--flow", "asked"]
    assert kith(*argv, "--database", network.path) == 0
    out, err = capsys.readouterr()
    assert out.startswith("Logged email with Ana Souza, ")
    assert out.endswith(" — I reached out · I asked\n")
    assert err.splitlines() == [
        "kith log: You asked Ana 2 days ago and haven't given since — give first?",
        "kith log: This would be your 4th reach-out to Ana in 7 days without a reply — "
        "give them time?",
    ]
    assert interaction_count(network.path) == before + 1


def test_when_in_the_future_is_refused_with_cores_message(
    network: Network, capsys: pytest.CaptureFixture[str], today: date
) -> None:
    before = interaction_count(network.path)
    tomorrow = (today + timedelta(days=1)).isoformat()
    argv = ["log", "Bo", "--kind", "call", "--reached-out", "me", "--flow", "gave"]
    assert kith(*argv, "--when", tomorrow, "--database", network.path) == 2
    assert capsys.readouterr().err == (
        "kith log: That day has not come yet: plan it as a follow-up instead.\n"
    )
    assert interaction_count(network.path) == before


@pytest.mark.parametrize("when", ["yesterday", "2026-13-01", "2026-11-02T25:00", "02/11/2026"])
def test_when_that_is_not_a_date_is_refused(
    network: Network, capsys: pytest.CaptureFixture[str], when: str
) -> None:
    argv = ["log", "Bo", "--kind", "call", "--reached-out", "me", "--flow", "gave"]
    assert kith(*argv, "--when", when, "--database", network.path) == 2
    assert capsys.readouterr().err == (
        f"kith log: --when takes YYYY-MM-DD or YYYY-MM-DDTHH:MM (local time), not “{when}”.\n"
    )


def test_a_day_without_a_time_is_noon_that_day(
    network: Network, capsys: pytest.CaptureFixture[str], today: date
) -> None:
    day = today - timedelta(days=10)
    argv = ["log", "Bo", "--kind", "call", "--reached-out", "me", "--flow", "mutual"]
    assert kith(*argv, "--when", day.isoformat(), "--database", network.path) == 0
    assert f", {day.isoformat()} 12:00 — I reached out · Both gave\n" in capsys.readouterr().out


def test_size_is_only_for_an_ask(network: Network, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["log", "Bo", "--kind", "call", "--reached-out", "me", "--flow", "gave"]
    assert kith(*argv, "--size", "large", "--database", network.path) == 2
    assert "--size is the size of an ask" in capsys.readouterr().err


def test_the_kinds_are_cores_kinds() -> None:
    assert tuple(KIND_LABELS) == cli._KINDS


# --- kith person ------------------------------------------------------------------------------

PERSON_KEYS = {
    "id",
    "name",
    "short_name",
    "role",
    "circle",
    "circle_name",
    "archived",
    "introduced_by",
    "strength",
    "balance",
    "only_asks",
    "unprompted",
    "cadence",
    "going_cold",
    "pester",
    "give_first",
}


def person_json(network: Network, name: str, capsys: pytest.CaptureFixture[str]) -> dict:
    assert kith("person", name, "--json", "--database", network.path) == 0
    out, err = capsys.readouterr()
    assert err == ""
    return dict(json.loads(out))


def test_person_json_has_strength_balance_cadence_pester_and_introducer(
    network: Network, capsys: pytest.CaptureFixture[str]
) -> None:
    ana = person_json(network, "ana souza", capsys)
    assert set(ana) == PERSON_KEYS
    assert (ana["id"], ana["name"], ana["short_name"]) == (network.ids["ana"], "Ana Souza", "Ana")
    assert ana["role"] == "Designer · Acme"
    assert (ana["circle"], ana["archived"]) == (2, False)
    assert ana["introduced_by"] == {"id": network.ids["alice"], "name": "Alice Martin"}
    strength = ana["strength"]
    assert strength["tie"] == "new"  # a few days of contact is not trust
    assert [p["name"] for p in strength["parts"]] == ["history", "dialog", "favours", "recency"]
    for part in strength["parts"]:
        assert set(part) == {"name", "label", "points", "value", "weight", "why"}
        assert part["why"]
    assert 0 <= strength["total"] <= 100
    assert strength["parts"][2]["why"] == "no favours yet"
    assert ana["balance"]["balance"] == -1
    assert ana["balance"]["asks"] == 1
    assert ana["balance"]["open_asks"] == 1
    assert ana["cadence"]["days"] == 30
    assert ana["cadence"]["source"] == "circle"
    assert ana["cadence"]["label"] == "every 30 days (circle 15)"
    assert ana["cadence"]["due_in"] == 29
    assert ana["going_cold"] is False
    assert ana["pester"] == [
        {
            "kind": "no_reply",
            "message": "This would be your 4th reach-out to Ana in 7 days without a reply — "
            "give them time?",
        }
    ]
    assert ana["give_first"] == "You asked Ana 2 days ago and haven't given since — give first?"
    assert (ana["only_asks"], ana["unprompted"]) == (None, None)


def test_person_json_going_cold_only_asks_and_unprompted(
    network: Network, capsys: pytest.CaptureFixture[str]
) -> None:
    sofia = person_json(network, "sofia", capsys)  # accents and case do not matter
    assert sofia["name"] == "Sofía Ramírez"
    assert sofia["going_cold"] is True
    assert sofia["cadence"]["status"] == "6 days overdue"
    assert sofia["introduced_by"] is None
    dee = person_json(network, "Dee", capsys)
    assert dee["only_asks"] == "Dee has asked 3 times and given nothing in a year"
    assert dee["balance"]["their_open_asks"] == 3
    bo = person_json(network, "Bo", capsys)
    assert bo["unprompted"] == "Bo gave without being asked 12 times"
    assert bo["strength"]["tie"] == "strong"
    assert bo["pester"] == []
    assert bo["give_first"] is None


def test_person_text_is_a_readable_block(
    network: Network, capsys: pytest.CaptureFixture[str]
) -> None:
    assert kith("person", "Ana", "Souza", "--database", network.path) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Ana Souza — Designer · Acme"
    assert "  Circle         circle 15" in lines
    assert "  Introduced by  Alice Martin" in lines
    assert any(line.startswith("  Strength       ") and "a new tie" in line for line in lines)
    assert any(line.strip().startswith("Favours") and "no favours yet" in line for line in lines)
    assert "  Give & ask     -1 (0 gives, 1 ask) in 12 months; your last ask is open" in lines
    assert "  Cadence        every 30 days (circle 15): due in 4 weeks" in lines
    assert (
        "  Reaching out   This would be your 4th reach-out to Ana in 7 days without a reply "
        "— give them time?"
    ) in lines
    assert (
        "  Asking         You asked Ana 2 days ago and haven't given since — give first?"
    ) in lines


# --- kith ask ---------------------------------------------------------------------------------


def test_ask_a_new_tie_for_something_large_is_too_big_and_says_why(
    network: Network, capsys: pytest.CaptureFixture[str]
) -> None:
    assert kith("ask", "Nia", "--size", "large", "--json", "--database", network.path) == 0
    said = json.loads(capsys.readouterr().out)
    assert said["name"] == "Nia Newton"
    assert (said["size"], said["level"], said["ok"], said["tie"]) == (
        "large",
        "too_big",
        False,
        "new",
    )
    assert said["missing"][0] == {
        "what": "you have known Nia for 1 day",
        "need": "large asks need 6 months of history",
    }
    assert said["text"].startswith(
        "Too big for now: you have known Nia for 1 day; large asks need 6 months of history "
        "— give first or ask for something smaller. Also: "
    )
    assert said["give_first"] is True
    assert said["give_first_title"] == "Give Nia something first (share, help or introduce)"


def test_ask_a_new_tie_for_something_small_is_fine(
    network: Network, capsys: pytest.CaptureFixture[str]
) -> None:
    assert kith("ask", "Nia", "--size", "small", "--database", network.path) == 0
    assert capsys.readouterr().out.splitlines()[1:] == [
        "Nia would likely do this: a small ask of a new tie."
    ]


def test_ask_a_long_history_of_favours_for_something_large_is_likely(
    network: Network, capsys: pytest.CaptureFixture[str]
) -> None:
    assert kith("ask", "bo chen", "--size", "large", "--database", network.path) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(
        "A large ask (a referral, a job, money or a public endorsement) of Bo Chen: strength "
    )
    assert lines[0].endswith(", a strong tie.")
    assert lines[1:] == ["Bo would likely do this: a large ask of a strong tie."]


def test_ask_while_your_last_ask_is_open_is_a_stretch(
    network: Network, capsys: pytest.CaptureFixture[str]
) -> None:
    assert kith("ask", "Ana Souza", "--size", "medium", "--json", "--database", network.path) == 0
    said = json.loads(capsys.readouterr().out)
    assert said["level"] == "too_big"
    assert {"what": "no favours exchanged yet", "need": "medium asks need 1 favour exchanged"} in (
        said["missing"]
    )


def test_ask_json_as_a_real_process(network: Network) -> None:
    argv = ["--database", str(network.path), "ask", "Bo", "--size", "large", "--json"]
    done = subprocess.run(
        [sys.executable, "-m", "kith", *argv],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    said = json.loads(done.stdout)
    assert (said["name"], said["level"], said["missing"]) == ("Bo Chen", "likely", [])


# --- reading never writes ---------------------------------------------------------------------

VERBS = [
    ["person", "Ana"],
    ["person", "Ana", "--json"],
    ["ask", "Ana", "--size", "small"],
    ["log", "Ana", "--kind", "call", "--reached-out", "me", "--flow", "gave"],
]


@pytest.mark.parametrize("verb", VERBS, ids=lambda v: " ".join(v[:1] + v[2:3]))
def test_on_an_empty_file_they_say_so_and_leave_it_empty(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], verb: list[str]
) -> None:
    empty = tmp_path / "empty.sqlite"
    empty.touch()
    before = files_in(tmp_path)
    assert kith(*verb, "--database", empty) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (
        f"kith {verb[0]}: {empty} is an empty file, not a Kith database. "
        "Kith has left it untouched.\n"
    )
    assert files_in(tmp_path) == before


@pytest.mark.parametrize("verb", VERBS, ids=lambda v: " ".join(v[:1] + v[2:3]))
def test_a_missing_database_is_not_created(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], verb: list[str]
) -> None:
    missing = tmp_path / "nope.sqlite"
    assert kith(*verb, "--database", missing) == 2
    assert f"There is no Kith database at {missing}" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "verb", [["person", "Bo"], ["person", "Bo", "--json"], ["ask", "Bo", "--size", "large"]]
)
def test_person_and_ask_leave_a_kith_database_byte_for_byte(
    network: Network, capsys: pytest.CaptureFixture[str], verb: list[str]
) -> None:
    before = files_in(network.path.parent)
    assert kith(*verb, "--database", network.path) == 0
    assert files_in(network.path.parent) == before
