"""Names on the Network page: always the same readable size, whatever the zoom, and placed so
that no two overlap — the greedy placement of map labelling.

People are labelled in order of importance (the hovered person and whom they know first,
then the inner circles, then stronger ties); each name tries the spots around its dot — right,
left, above, below — and takes the first one free. A name with no free spot is left out; zoom
in and it finds room. Positions are in the view's pixels, so this is plain geometry, tested
without a window.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QFontMetricsF

#: Side of the squares the placed names are filed in, for a quick overlap check.
_BUCKET = 64.0
#: Room left between a dot and its name, and between names.
GAP = 3.0


@dataclass(frozen=True)
class LabelCandidate:
    """Someone who could be named: where their dot is (view pixels) and how big it is."""

    id: int
    text: str
    centre: QPointF
    radius: float
    #: Smaller first: the order names are placed in.
    rank: tuple[float, ...]


class _Placed:
    """The rectangles taken so far, filed by the squares they touch."""

    def __init__(self) -> None:
        self._buckets: dict[tuple[int, int], list[QRectF]] = {}

    @staticmethod
    def _keys(rect: QRectF) -> Iterable[tuple[int, int]]:
        for x in range(int(rect.left() // _BUCKET), int(rect.right() // _BUCKET) + 1):
            for y in range(int(rect.top() // _BUCKET), int(rect.bottom() // _BUCKET) + 1):
                yield x, y

    def free(self, rect: QRectF) -> bool:
        padded = rect.adjusted(-GAP, -GAP / 2, GAP, GAP / 2)
        return not any(
            padded.intersects(other)
            for key in self._keys(padded)
            for other in self._buckets.get(key, ())
        )

    def take(self, rect: QRectF) -> None:
        for key in self._keys(rect):
            self._buckets.setdefault(key, []).append(rect)


def spots(candidate: LabelCandidate, width: float, height: float) -> list[QRectF]:
    """Where a name may go around its dot, best first: right, left, above, below."""
    c, r = candidate.centre, candidate.radius + GAP
    return [
        QRectF(c.x() + r, c.y() - height / 2, width, height),
        QRectF(c.x() - r - width, c.y() - height / 2, width, height),
        QRectF(c.x() - width / 2, c.y() - r - height, width, height),
        QRectF(c.x() - width / 2, c.y() + r, width, height),
    ]


def place_labels(
    candidates: Sequence[LabelCandidate],
    metrics: QFontMetricsF,
    area: QRectF,
    *,
    keep_clear: Sequence[QRectF] = (),
    limit: int = 400,
) -> dict[int, QRectF]:
    """Where each name goes (by id) — none overlapping another or ``keep_clear``, all inside
    ``area`` — for at most ``limit`` people, in rank order."""
    placed = _Placed()
    for rect in keep_clear:
        placed.take(rect)
    found: dict[int, QRectF] = {}
    height = metrics.height()
    for candidate in sorted(candidates, key=lambda c: c.rank):
        if len(found) >= limit:
            break
        if not area.contains(candidate.centre):
            continue
        width = metrics.horizontalAdvance(candidate.text) + 2
        for rect in spots(candidate, width, height):
            if area.contains(rect) and placed.free(rect):
                placed.take(rect)
                found[candidate.id] = rect
                break
    return found
