"""Text folding: case- and accent-insensitive keys for ordering and search."""

from __future__ import annotations

import unicodedata

import pytest

from kith.core.text import fold, fold_in_place


def _by_the_book(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).strip()


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Sofía Ramírez", "sofia ramirez"),
        ("  Zoë  ", "zoe"),
        ("Øyvind Ærø", "øyvind ærø"),  # no decomposition: lower case only
        ("Straße", "strasse"),
        ("ﬁne", "fine"),
        ("Łukasz Żółć", "łukasz zołc"),
        ("Δημήτρης", "δημητρησ"),
        ("e\u0301cole", "ecole"),
        ("Ĳssel ½", "ijssel 1⁄2"),
    ],
)
def test_fold_strips_case_and_accents(text: str, folded: str) -> None:
    assert fold(text) == folded == _by_the_book(text)


def test_every_latin_character_folds_as_the_unicode_rules_say() -> None:
    # The accented Latin letters are folded by a translation table (in C); each one, and a
    # text of all of them, folds exactly as case folding and decomposition say.
    latin = "".join(chr(code) for code in range(0x20, 0x250))
    for ch in latin:
        assert fold(ch) == _by_the_book(ch), repr(ch)
        assert fold(f"a{ch}b") == _by_the_book(f"a{ch}b"), repr(ch)
    assert fold(latin) == _by_the_book(latin)


def test_folding_in_place_keeps_every_character_where_it_was() -> None:
    assert fold_in_place("Café Lünd, 2ª") == "cafe lund, 2a"
    assert fold_in_place(" Léa ") == " lea "
    for text in ["Straße", "ﬁne", "e\u0301cole", "Δήμος", "Øyvind"]:
        assert fold_in_place(text) is None, text  # one character folds to more, or another script
