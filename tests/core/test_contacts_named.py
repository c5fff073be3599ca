"""Naming one person on the command line: ``core.directory.contacts_named``."""

from __future__ import annotations

from typing import Any

import pytest

from kith.core.contacts import ContactDraft, save_contact
from kith.core.directory import contacts_named


@pytest.fixture
def people(db: object) -> dict[str, int]:
    def add(name: str, **fields: Any) -> int:
        return save_contact(ContactDraft(full_name=name, **fields))

    return {
        "sofia": add("Sofía Ramírez", company="Acme", title="VP Engineering"),
        "ana": add("Ana Souza"),
        "ana_maria": add("Ana Maria Souza-Lima"),
        "anabel": add("Anabel Cruz"),
        "jl": add("Jean-Luc O'Brien", nickname="JL"),
        "old_bo": add("Bo Chen", archived=True),
        "bob": add("Bob Stone"),
    }


def names(text: str) -> list[str]:
    return [c.full_name for c in contacts_named(text)]


def test_case_and_accents_do_not_matter(people: dict[str, int]) -> None:
    assert names("SOFIA ramirez") == ["Sofía Ramírez"]
    assert names("sofía") == ["Sofía Ramírez"]
    found = contacts_named("sofia")[0]
    assert (found.id, found.role_line, found.archived) == (
        people["sofia"],
        "VP Engineering · Acme",
        False,
    )


def test_the_full_name_wins_over_a_part_of_a_longer_name(people: dict[str, int]) -> None:
    assert names("Ana Souza") == ["Ana Souza"]  # not also Ana Maria Souza-Lima


def test_whole_words_win_over_the_starts_of_words(people: dict[str, int]) -> None:
    assert names("ana") == ["Ana Maria Souza-Lima", "Ana Souza"]  # not Anabel
    assert names("anab") == ["Anabel Cruz"]
    assert names("Lima") == ["Ana Maria Souza-Lima"]
    assert names("ana lima") == ["Ana Maria Souza-Lima"]


def test_nickname_and_joined_names(people: dict[str, int]) -> None:
    assert names("jl") == ["Jean-Luc O'Brien"]
    assert names("o'brien") == ["Jean-Luc O'Brien"]
    assert names("luc") == ["Jean-Luc O'Brien"]


def test_archived_people_are_named_too_after_those_not_archived(people: dict[str, int]) -> None:
    assert names("bo") == ["Bo Chen"]  # a whole word beats the start of "Bob"
    assert contacts_named("bo")[0].archived
    save_contact(ContactDraft(full_name="Bo Chen"))
    assert [(c.full_name, c.archived) for c in contacts_named("bo chen")] == [("Bo Chen", False)]


def test_nobody_and_nothing(people: dict[str, int]) -> None:
    assert names("Zed") == []
    assert names("  ") == []
    assert names("souza ana") == []  # words in order


def test_hash_id_names_one_person(people: dict[str, int]) -> None:
    assert names(f"#{people['ana']}") == ["Ana Souza"]
    assert names("#99999") == []
