"""Text folding shared by ordering and search: case- and accent-insensitive keys."""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"\w+", re.UNICODE)


def fold(text: str) -> str:
    """Lower-case ``text`` and strip accents: "Sofía Ramírez" → "sofia ramirez"."""
    # ASCII and accented Latin text without a Python step per character.
    in_place = fold_in_place(text)
    return in_place.strip() if in_place is not None else _folded(text)


def fold_in_place(text: str) -> str | None:
    """``text`` folded character for character — the same length, each letter or digit
    still one, each other character as it was: what :func:`fold` gives but for the outer
    spaces — for ASCII and accented Latin letters ("Café" → "cafe"); None when a character
    folds to more or fewer (a ligature, a combining mark, another script)."""
    if text.isascii():
        return text.lower()
    return _latin_folded(text)


def _folded(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).strip()


#: The letters and digits of U+0080–U+024F (Latin-1, Latin Extended-A and -B) whose fold is
#: one ASCII letter or digit ("é" → "e", "Ø" → "o"), for ``str.translate`` (made on first use).
_LATIN: dict[int, str] = {}


def _latin_folded(text: str) -> str | None:
    """``text`` of ASCII and the letters of :data:`_LATIN`, folded in C (case folding and
    decomposition go character by character, so folding each is folding the text); None for
    any other character."""
    if not _LATIN:
        for code in range(0x80, 0x250):
            folded = _folded(chr(code))
            if len(folded) == 1 and folded.isascii() and folded.isalnum() and chr(code).isalnum():
                _LATIN[code] = folded
    latin = text.translate(_LATIN)
    return latin.lower() if latin.isascii() else None


def words(text: str) -> list[str]:
    """The words of ``text`` as SQLite's unicode61 tokenizer would split them."""
    return _WORD.findall(text)


def initials(name: str) -> str:
    """Up to two initials for an avatar: "Sofía Ramírez" → "SR", "Cher" → "C"."""
    parts = [w for w in words(name) if w]
    if not parts:
        return "?"
    if len(parts) == 1:
        return parts[0][0].upper()
    return (parts[0][0] + parts[-1][0]).upper()
