"""Undoable goal changes: create, edit, status, delete, link and unlink people.

The first run happens in Python before the push (so a ValidationError reaches the form) and
``redo()`` skips it, like the contact and interaction commands.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QUndoCommand

from kith.core.goals import (
    DeletedGoal,
    GoalDraft,
    create_goal,
    delete_goal,
    link_contacts,
    restore_goal,
    unlink_contacts,
    update_goal,
)


class _Once(QUndoCommand):
    def __init__(self, text: str) -> None:
        super().__init__(text)
        self._first = True

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self.again()

    def again(self) -> None:
        raise NotImplementedError


class CreateGoalCommand(_Once):
    def __init__(self, draft: GoalDraft) -> None:
        self._draft = draft
        self.goal_id = create_goal(draft)  # raises ValidationError
        super().__init__(f"New goal “{draft.title.strip()}”")

    def undo(self) -> None:
        self._deleted: DeletedGoal = delete_goal(self.goal_id)

    def again(self) -> None:
        self.goal_id = restore_goal(self._deleted)


class EditGoalCommand(_Once):
    """Save a goal's title, why, target date or status; undo puts the old values back."""

    def __init__(self, goal_id: int, draft: GoalDraft, text: str = "") -> None:
        self.goal_id = goal_id
        self._after = draft
        self._before = update_goal(goal_id, draft)  # raises ValidationError
        super().__init__(text or f"Edit goal “{draft.title.strip()}”")

    def undo(self) -> None:
        update_goal(self.goal_id, self._before)

    def again(self) -> None:
        update_goal(self.goal_id, self._after)


class DeleteGoalCommand(_Once):
    def __init__(self, goal_id: int, title: str) -> None:
        self.goal_id = goal_id
        self._deleted = delete_goal(goal_id)
        super().__init__(f"Delete goal “{title}”")

    def undo(self) -> None:
        self.goal_id = restore_goal(self._deleted)

    def again(self) -> None:
        self._deleted = delete_goal(self.goal_id)


class LinkPeopleCommand(_Once):
    def __init__(self, goal_id: int, contact_ids: Sequence[int]) -> None:
        self.goal_id = goal_id
        self.linked = link_contacts(goal_id, contact_ids)
        super().__init__("Link people to a goal")

    def undo(self) -> None:
        unlink_contacts(self.goal_id, self.linked)

    def again(self) -> None:
        link_contacts(self.goal_id, self.linked)


class UnlinkPeopleCommand(_Once):
    def __init__(self, goal_id: int, contact_ids: Sequence[int]) -> None:
        self.goal_id = goal_id
        self.unlinked = unlink_contacts(goal_id, contact_ids)
        super().__init__("Unlink people from a goal")

    def undo(self) -> None:
        link_contacts(self.goal_id, self.unlinked)

    def again(self) -> None:
        unlink_contacts(self.goal_id, self.unlinked)
