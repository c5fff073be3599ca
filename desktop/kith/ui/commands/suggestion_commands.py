"""Undoable decisions on suggestions from mail and calendar: accept (an ordinary interaction
is logged; undo removes it and the suggestion waits again) and dismiss.

Like the other commands, the first run happens in Python before the push, so a suggestion
that is gone becomes a message instead of an exception inside Qt; ``redo()`` skips it.
"""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from kith.core.capture.suggestions import (
    AcceptedSuggestion,
    accept_suggestions,
    dismiss_suggestions,
    undismiss,
    undo_accept,
)
from kith.core.interactions import InteractionDraft


def _count(n: int) -> str:
    return "1 suggestion" if n == 1 else f"{n} suggestions"


class AcceptSuggestionsCommand(QUndoCommand):
    """Accept suggestions (``drafts``: one the user changed); undo takes the interactions back."""

    def __init__(
        self, suggestion_ids: list[int], drafts: dict[int, InteractionDraft] | None = None
    ) -> None:
        self._ids = list(suggestion_ids)
        self._drafts = drafts
        # Raises SuggestionError / ValidationError before anything is pushed.
        self.accepted: list[AcceptedSuggestion] = accept_suggestions(self._ids, drafts=drafts)
        self._first = True
        super().__init__(f"Accept {_count(len(self._ids))}")

    def undo(self) -> None:
        undo_accept(self.accepted)

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self.accepted = accept_suggestions(self._ids, drafts=self._drafts)


class DismissSuggestionsCommand(QUndoCommand):
    """Dismiss suggestions for good; undo lets them wait again."""

    def __init__(self, suggestion_ids: list[int]) -> None:
        self._ids = list(suggestion_ids)
        dismiss_suggestions(self._ids)  # raises SuggestionError before anything is pushed
        self._first = True
        super().__init__(f"Dismiss {_count(len(self._ids))}")

    def undo(self) -> None:
        undismiss(self._ids)

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        dismiss_suggestions(self._ids)
