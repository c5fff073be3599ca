"""Give/ask balance over the last 12 months."""

from __future__ import annotations

from datetime import UTC, timedelta

from kith.core.rules.reciprocity import Balance, balance_for, balance_from, balances
from tests.core.rules_fixtures import NOW, log, person


def test_balance_is_gives_minus_asks_over_the_last_12_months(db):
    jonas = person("Jonas")
    log(jonas, NOW - timedelta(days=3), direction="gave")
    log(jonas, NOW - timedelta(days=40), direction="gave")
    log(jonas, NOW - timedelta(days=100), direction="asked")
    log(jonas, NOW - timedelta(days=120), direction="mutual")
    log(jonas, NOW - timedelta(days=130), direction="neutral")
    log(jonas, NOW - timedelta(days=364), direction="asked")
    log(jonas, NOW - timedelta(days=366), direction="asked")  # more than 12 months ago
    balance = balance_for(jonas, NOW, UTC)
    assert balance == Balance(gives=2, asks=2, mutual=1, neutral=1)
    assert balance.balance == 0
    assert balance.text == "0 (2 gives, 2 asks)"


def test_balance_text_and_sign():
    assert Balance(gives=5, asks=2).text == "+3 (5 gives, 2 asks)"
    assert Balance(gives=0, asks=1).text == "-1 (0 gives, 1 ask)"
    assert Balance().text == "0 (no gives or asks)"


def test_balances_for_several_people_give_everyone_a_figure(db):
    ana = person("Ana")
    ben = person("Ben")
    log([ana, ben], NOW - timedelta(days=1), direction="asked")
    log(ana, NOW - timedelta(days=2), direction="gave")
    result = balances([ana, ben, 999], NOW, UTC)
    assert result[ana].balance == 0
    assert result[ben].balance == -1
    assert result[999] == Balance()


def test_balance_from_plain_touches_ignores_the_future_window_edge():
    assert balance_from([], NOW) == Balance()
