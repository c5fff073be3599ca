"""Kith's judgement in the cases it exists for — one test per row of the scenario table in
resources/help/rules.md ("Worked examples"), each named after the case.

The essays Kith follows: trust is built by history, two-way dialog, favours and commitments
kept — not by one recent meeting or a swap of cards; asks spend trust; only your own
reach-outs can pester; quality over quantity.
"""

from __future__ import annotations

from datetime import UTC, date, timedelta

from kith.core.follow_ups import FollowUpDraft, create_follow_up, quadrants, stale_count
from kith.core.interactions import InteractionDraft, warnings_for
from kith.core.rules.ask_threshold import verdict
from kith.core.rules.cadence import cadence_for, set_tag_cadence
from kith.core.rules.going_cold import going_cold
from kith.core.rules.pester import ASK_AGAIN, NO_REPLY, TOO_OFTEN
from kith.core.rules.reciprocity import balance_for, only_asks_text, unprompted_text
from kith.core.rules.strength import strength_for
from kith.core.warm_path import build_graph, warm_paths
from tests.core.rules_fixtures import NOW, TODAY, log, person


def days_ago(n: int):
    return NOW - timedelta(days=n)


def test_swapped_cards_at_an_event_yesterday_is_a_new_tie(db: object) -> None:
    ana = person("Ana Reyes", given_name="Ana")
    log(ana, days_ago(1), "event", "neutral", initiator="both")
    strength = strength_for(ana, NOW, UTC)
    assert strength.tie == "new"
    large = verdict(ana, "large", NOW, tz=UTC)
    assert large.level == "too_big"
    assert "you have known Ana for 1 day; large asks need 6 months of history" in large.text
    assert verdict(ana, "small", NOW, tz=UTC).ok  # a coffee is fine


def test_one_coffee_yesterday_is_not_trust(db: object) -> None:
    ben = person("Ben Ode", given_name="Ben")
    log(ben, days_ago(1), "meal", "mutual", initiator="me")
    assert strength_for(ben, NOW, UTC).tie == "new"
    assert verdict(ben, "large", NOW, tz=UTC).level == "too_big"
    assert verdict(ben, "small", NOW, tz=UTC).ok


def test_two_messages_this_week_never_met_is_a_new_tie(db: object) -> None:
    cy = person("Cy Park", given_name="Cy")
    log(cy, days_ago(5), "message", "neutral", initiator="them")
    log(cy, days_ago(2), "message", "neutral", initiator="me")
    assert strength_for(cy, NOW, UTC).tie == "new"
    assert verdict(cy, "large", NOW, tz=UTC).level == "too_big"


def test_five_asks_in_five_months_never_a_give_spend_trust(db: object) -> None:
    dee = person("Dee Moss", given_name="Dee")
    log(dee, days_ago(400), "meeting", "mutual", initiator="both")
    log(dee, days_ago(300), "call", "they_gave", initiator="them")
    before = strength_for(dee, days_ago(160), UTC).score
    levels = []
    for month in range(5):
        when = days_ago(150 - 30 * month)
        log(dee, when, "email", "asked", initiator="me")
        assert strength_for(dee, when, UTC).score <= before + 1e-9  # asks never raise it
        levels.append(verdict(dee, "large", when, tz=UTC).level)
    assert "likely" not in levels
    assert levels[-1] == "too_big"
    said = verdict(dee, "large", NOW, tz=UTC)
    assert "5 of your asks are still open (no give since)" in said.text and said.give_first
    draft = InteractionDraft(NOW, "email", [dee], direction="asked", initiator="me")
    [warning] = warnings_for(draft, tz=UTC)
    assert warning.kind == ASK_AGAIN
    assert warning.message == "You have asked Dee 5 times since you last gave — give first?"


def test_a_running_balance_of_minus_five_warns_for_the_inner_5_and_the_unsorted(
    db: object,
) -> None:
    inner = person("Eli Inner", given_name="Eli", circle=1)
    unsorted = person("Flo Loose", given_name="Flo")
    for person_id in (inner, unsorted):
        log(person_id, days_ago(300), "meeting", "gave", initiator="me")
        for n in range(5):
            log(person_id, days_ago(250 - 40 * n), "email", "asked", initiator="me")
        assert balance_for(person_id, NOW, UTC).open_asks == 5
    draft = InteractionDraft(NOW, "call", [inner, unsorted], direction="asked", initiator="me")
    warned = {w.contact_id for w in warnings_for(draft, tz=UTC) if w.kind == ASK_AGAIN}
    assert warned == {inner, unsorted}


def test_they_contact_you_four_times_in_a_week_is_not_pestering(db: object) -> None:
    gus = person("Gus Hale", given_name="Gus", circle=2)
    for n in (6, 4, 3, 1):
        log(gus, days_ago(n), "message", "neutral", initiator="them")
    reply = InteractionDraft(NOW, "message", [gus], direction="neutral", initiator="me")
    theirs = InteractionDraft(NOW, "message", [gus], direction="neutral", initiator="them")
    assert warnings_for(reply, tz=UTC) == []
    assert warnings_for(theirs, tz=UTC) == []
    # Four of your own unanswered messages in a week are another matter.
    hal = person("Hal Ng", given_name="Hal")
    for n in (6, 4, 2):
        log(hal, days_ago(n), "message", "neutral", initiator="me")
    again = InteractionDraft(NOW, "message", [hal], direction="neutral", initiator="me")
    [warning] = warnings_for(again, tz=UTC)
    assert warning.kind in (NO_REPLY, TOO_OFTEN)
    assert "without a reply" in warning.message


def test_a_card_introduced_by_alice_gives_a_warm_path_through_alice(db: object) -> None:
    alice = person("Alice Kim", circle=2)
    for n in range(6):
        log(alice, days_ago(20 + 60 * n), "meal", "gave" if n % 2 else "they_gave", initiator="me")
    bob = person("Bob Ray", introduced_by_id=alice)
    paths = warm_paths(build_graph(NOW, tz=UTC), bob)
    assert [p.text for p in paths] == ["You → Alice Kim → Bob Ray"]


def test_sixty_imported_people_without_a_circle_never_nag_and_wait_to_be_sorted(
    db: object,
) -> None:
    from kith.core.rules.circles import newcomer_count, newcomers

    ids = [person(f"Imported {n:02}", added=NOW - timedelta(days=400)) for n in range(60)]
    assert list(going_cold(NOW, tz=UTC)) == []
    assert newcomer_count() == 60
    assert [n.contact_id for n in newcomers(limit=3)] == ids[:3]


def test_an_important_follow_up_forty_days_overdue_is_do_now(db: object) -> None:
    late = create_follow_up(
        FollowUpDraft("Send Ana the intro", TODAY - timedelta(days=40), important=True), tz=UTC
    )
    week = create_follow_up(
        FollowUpDraft("Book the venue", TODAY - timedelta(days=7), important=True), tz=UTC
    )
    stale = create_follow_up(FollowUpDraft("Read Bo's post", TODAY - timedelta(days=31)), tz=UTC)
    groups = quadrants(NOW, tz=UTC)
    assert [i.id for i in groups.do] == [late]
    assert [i.id for i in groups.plan] == [week]  # a week late is not yet "more than a week"
    assert groups.counts["do"] == 1 and groups.counts["plan"] == 1
    (item,) = groups.later
    assert item.id == stale and item.stale_on(TODAY)
    assert stale_count(NOW, tz=UTC) == 1
    # Today lists them above its grid, which holds only what is still to come.
    assert quadrants(NOW, tz=UTC, upcoming=True).counts == {
        "do": 0,
        "plan": 0,
        "quick": 0,
        "later": 0,
    }


def test_an_inner_5_friend_tagged_newsletter_keeps_the_circle_cadence(db: object) -> None:
    ivy = person("Ivy Lane", circle=1, tags=["newsletter"])
    set_tag_cadence("newsletter", 365)
    assert cadence_for(ivy).days == 14
    assert cadence_for(ivy).label == "every 14 days (inner 5)"
    jo = person("Jo Tan", circle=4, tags=["newsletter"], cadence_days=45)
    assert cadence_for(jo).days == 45  # the person's own value first


def test_a_circle_15_person_never_logged_is_a_new_tie_everywhere(db: object) -> None:
    kai = person("Kai Berg", given_name="Kai", circle=2)
    lena = person("Lena Ruiz", company="Acme")
    from kith.core.relationships import set_relationship

    set_relationship(kai, lena, "friend")
    assert strength_for(kai, NOW, UTC).total == 0
    assert warm_paths(build_graph(NOW, tz=UTC), lena) == []  # no made-up strength
    assert verdict(kai, "medium", NOW, tz=UTC).tie == "new"


def test_someone_who_only_asks_is_named_on_their_card(db: object) -> None:
    bo = person("Bo Lind", given_name="Bo")
    for n in range(4):
        log(bo, days_ago(30 + 60 * n), "call", "they_asked", initiator="them")
    assert only_asks_text("Bo", balance_for(bo, NOW, UTC)) == (
        "Bo has asked 4 times and given nothing in a year"
    )


def test_a_give_without_being_asked_is_the_network_effect_on_the_card(db: object) -> None:
    mo = person("Mo Sato", given_name="Mo")
    log(mo, days_ago(90), "meal", "gave", initiator="me")
    log(mo, days_ago(10), "email", "they_gave", initiator="them")
    assert unprompted_text("Mo", balance_for(mo, NOW, UTC)) == "Mo gave without being asked once"


def test_a_long_two_way_history_with_favours_stays_strong_after_a_quiet_month(
    db: object,
) -> None:
    nia = person("Nia Obi", given_name="Nia", met_on=date(2023, 3, 1))
    for n in range(24):
        log(
            nia,
            days_ago(35 + 30 * n),
            "meal",
            ("gave", "they_gave", "neutral")[n % 3],
            initiator=("me", "them")[n % 2],
        )
    strength = strength_for(nia, NOW, UTC)
    assert strength.tie == "strong"
    assert verdict(nia, "large", NOW, tz=UTC).ok
