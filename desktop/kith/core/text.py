"""Text folding shared by ordering and search: case- and accent-insensitive keys."""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"\w+", re.UNICODE)


def fold(text: str) -> str:
    """Lower-case ``text`` and strip accents: "Sofía Ramírez" → "sofia ramirez"."""
    if text.isascii():
        return text.lower().strip()  # the same, without a Python step per character
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).strip()


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
