"""The help page and the code cannot disagree: every number of kith.core.rules.constants is in
resources/help/rules.md's "All the numbers" table with the same value, and nothing else is."""

from __future__ import annotations

import re

import pytest

from kith.assets import asset_path
from kith.core.rules import constants

ROW = re.compile(r"^\|[^|]+\|\s*([0-9.]+)\s*<!--\s*([A-Z_]+)(?:\[(\w+)\])?\s*-->\s*\|$", re.M)


def _help_numbers() -> dict[str, float]:
    text = asset_path("help", "rules.md").read_text(encoding="utf-8")
    table = text.split("## All the numbers", 1)[1]
    found = {}
    for value, name, key in ROW.findall(table):
        label = f"{name}[{key}]" if key else name
        assert label not in found, f"{label} is in the table twice"
        found[label] = float(value)
    return found


def _code_numbers() -> dict[str, float]:
    numbers: dict[str, float] = {}
    for name in dir(constants):
        if not name.isupper():
            continue
        value = getattr(constants, name)
        if isinstance(value, dict):
            for key, item in value.items():
                numbers[f"{name}[{key}]"] = float(item)
        else:
            numbers[name] = float(value)
    return numbers


def test_every_rule_number_is_in_the_help_with_the_same_value() -> None:
    assert _help_numbers() == _code_numbers()


@pytest.mark.parametrize(
    "sentence",
    [
        "an important follow-up more than **7** days past its due",
        "full after **24 months**",
        "known someone **60 days**",
        "**3** months of history, **1** favour exchanged, at most **1** of your asks open",
        "**6** months of history, contact in **4** different months or more, **2** favours",
    ],
)
def test_the_prose_quotes_the_same_numbers(sentence: str) -> None:
    text = asset_path("help", "rules.md").read_text(encoding="utf-8")
    assert " ".join(sentence.split()) in " ".join(text.split())
