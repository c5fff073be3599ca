"""Fitting a title into a width: broken at spaces over a few lines, the last one elided."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics


def wrap_title(text: str, metrics: QFontMetrics, width: int, lines: int = 2) -> list[str]:
    """``text`` broken at spaces into at most ``lines`` lines of ``width``; the last one
    elided when the words do not all fit (a word wider than a line is elided too)."""
    if width <= 0:
        return [""]
    result: list[str] = []
    words = text.split()
    while words and len(result) < lines - 1:
        line = words[0]
        taken = 1
        for word in words[1:]:
            if metrics.horizontalAdvance(f"{line} {word}") > width:
                break
            line = f"{line} {word}"
            taken += 1
        if metrics.horizontalAdvance(line) > width:
            break  # one long word: the last line elides it
        result.append(line)
        words = words[taken:]
    if words:
        rest = " ".join(words)
        result.append(metrics.elidedText(rest, Qt.TextElideMode.ElideRight, width))
    return result or [""]
