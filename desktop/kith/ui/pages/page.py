"""What every page of the main window shares: the tables it watches, re-reading when it is
shown after a change, the clock and time zone it reads, and the requests it sends the window.

A page subclasses :class:`Page`, names the tables whose writes make it stale in
``watched_tables``, and re-reads its data in :meth:`Page.refresh`. While the page is hidden a
change only marks it stale; it re-reads when it is next shown. The main window connects the
shared request signals of every page in one place (``MainWindow._connect_page``), so a page
that wants the window to open a person, a follow-up or a form just emits the signal.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, tzinfo
from typing import ClassVar

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QWidget

from kith.core.local_time import today, utcnow
from kith.ui.day_change_timer import DayChangeTimer
from kith.ui.store_signals import store_signals


class Page(QWidget):
    """A page of the main window (Today, Contacts, Calendar, Goals, Network)."""

    #: Table names whose writes make the page stale (none: the page keeps itself current).
    watched_tables: ClassVar[frozenset[str]] = frozenset()

    #: A line for the status bar.
    status_message = Signal(str)
    #: Open a person's card on the Contacts page.
    open_contact_requested = Signal(int)
    #: Open a follow-up in its form.
    open_follow_up_requested = Signal(int)
    #: Log an interaction with these people (contact ids; empty: nobody chosen yet).
    log_interaction_requested = Signal(list)
    #: Plan a follow-up: (contact id or None, due date or None).
    plan_follow_up_requested = Signal(object, object)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        now: Callable[[], datetime] = utcnow,
        tz: tzinfo | None = None,
    ) -> None:
        super().__init__(parent)
        self._now = now
        self._tz = tz
        #: The data changed since the page last read it (re-read when shown).
        self._dirty = bool(self.watched_tables)
        if self.watched_tables:
            store_signals().changed.connect(self._on_store_changed)

    def _refresh_timers(self, refresh_now: Callable[[], None]) -> QTimer:
        """A zero-delay single-shot timer that calls ``refresh_now`` from the event loop (so
        the changes of one step — an import, an undo of many — make one re-read; start it to
        ask), returned; and :attr:`day_timer`, which calls :meth:`refresh` at each local
        midnight of the page's clock."""
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(0)
        timer.timeout.connect(refresh_now)
        self.day_timer = DayChangeTimer(self, now=self._now, tz=self._tz)
        self.day_timer.day_changed.connect(self.refresh)
        return timer

    def now(self) -> datetime:
        """The page's clock (naive UTC): Kith's own, or the one a test handed in."""
        return self._now()

    def today(self) -> date:
        """The user's calendar day at :meth:`now`."""
        return today(self._now(), self._tz)

    def refresh(self) -> None:
        """Re-read everything the page shows (subclasses read their data here)."""
        self._dirty = False

    def tables_changed(self, tables: frozenset[str]) -> None:
        """Watched ``tables`` were written: re-read now if shown, else when next shown."""
        self._dirty = True
        if self.isVisible():
            self.refresh()

    def refresh_stale(self) -> None:
        """The page is being shown while stale; by default it re-reads at once."""
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._dirty:
            self.refresh_stale()

    def _on_store_changed(self, tables: frozenset[str]) -> None:
        written = tables & self.watched_tables
        if written:
            self.tables_changed(frozenset(written))
