"""The whole of a list that Today shows only the start of: every overdue follow-up, everyone
going cold, every follow-up of one urgent/important group. Opened by the list's “and 22 more”
link; it stays open beside the window (non-modal), acts like the list on the page and re-reads
on every change."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime, tzinfo

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from kith.core.follow_ups import FollowUpItem
from kith.core.rules.going_cold import ColdContact
from kith.ui.commands.follow_up_actions import FollowUpActions
from kith.ui.dialogs.dialog import Dialog
from kith.ui.lists.follow_up_list_view import FollowUpListView, follow_up_list
from kith.ui.lists.going_cold_view import GoingColdView
from kith.ui.store_signals import store_signals


class FullListDialog(Dialog):
    """A heading ("Overdue · 8"), the list, and Close. Subclasses fill the list in ``show_rows``
    and say how many rows they show."""

    #: Tables whose changes can alter the list.
    watched_tables: frozenset[str] = frozenset()

    def __init__(self, title: str, view: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._title = title
        self.setWindowTitle(title)
        self.resize(560, 620)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 12)
        layout.setSpacing(8)
        self.heading = QLabel()
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.heading.setFont(font)
        layout.addWidget(self.heading)
        self.view = view
        layout.addWidget(view, 1)
        self.empty = QLabel("Nothing left here.")
        self.empty.setProperty("role", "muted")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.empty, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._reload_timer = QTimer(self)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.setInterval(0)
        self._reload_timer.timeout.connect(self.reload)
        store_signals().changed.connect(self._tables_changed)

    def _tables_changed(self, tables: frozenset[str]) -> None:
        if tables & self.watched_tables and self.isVisible():
            self._reload_timer.start()

    def reload(self) -> None:
        """Read the whole list again."""
        count = self.show_rows()
        self.heading.setText(f"{self._title} · {count}")
        self.view.setVisible(count > 0)
        self.empty.setVisible(count == 0)

    def show_rows(self) -> int:
        raise NotImplementedError


class FollowUpsDialog(FullListDialog):
    """Every follow-up of a list, with Done, Snooze, Move to…, Drop and Open on each row."""

    watched_tables = frozenset({"follow_up", "contact"})

    def __init__(
        self,
        title: str,
        load: Callable[[], Sequence[FollowUpItem]],
        actions: FollowUpActions,
        *,
        now: Callable[[], datetime],
        tz: tzinfo | None,
        today: Callable[[], date],
        open_follow_up: Callable[[int], object],
        open_contact: Callable[[int], object],
        move: Callable[[int], object],
        chips: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        self.list_view: FollowUpListView = follow_up_list(
            actions,
            now=now,
            tz=tz,
            today=today,
            open_follow_up=open_follow_up,
            open_contact=open_contact,
            move=move,
            chips=chips,
        )
        self.list_view.setAccessibleName(title)
        self._load = load
        super().__init__(title, self.list_view, parent)
        self.reload()

    def show_rows(self) -> int:
        items = list(self._load())
        self.list_view.set_entries(items)
        return len(items)


class GoingColdDialog(FullListDialog):
    """Everyone going cold, worst first, with Log and Plan on each row."""

    watched_tables = frozenset(
        {"contact", "interaction", "interaction_contact", "tag", "contact_tag"}
    )

    def __init__(
        self,
        load: Callable[[], Sequence[ColdContact]],
        *,
        log: Callable[[int], object],
        plan: Callable[[int], object],
        open_contact: Callable[[int], object],
        parent: QWidget | None = None,
    ) -> None:
        self.cold_view = GoingColdView()
        self.cold_view.log_requested.connect(log)
        self.cold_view.plan_requested.connect(plan)
        self.cold_view.open_requested.connect(open_contact)
        self._load = load
        super().__init__("Going cold", self.cold_view, parent)
        self.reload()

    def show_rows(self) -> int:
        rows = list(self._load())
        self.cold_view.set_rows(rows)
        return len(rows)
