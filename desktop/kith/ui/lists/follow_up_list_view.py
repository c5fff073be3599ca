"""A list of follow-ups and birthdays with Done, Snooze, Move to…, Drop and Open on each row.

Used by the Calendar page (the selected day, the agenda) and the Today page (its sections).
Changes go through the shared
:class:`~kith.ui.commands.follow_up_actions.FollowUpActions` (undoable);
opening a follow-up or a person is asked for with signals the main window connects.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime, tzinfo
from typing import Any

from PySide6.QtCore import QModelIndex, QPoint, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QContextMenuEvent,
    QDrag,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QFont,
    QFontMetrics,
    QKeySequence,
    QPainter,
    QPainterPath,
    QPixmap,
    QResizeEvent,
)
from PySide6.QtWidgets import QAbstractItemView, QListView, QMenu, QWidget

from kith.core.follow_ups import FollowUpItem
from kith.core.local_time import utcnow
from kith.core.rules.birthdays import Birthday
from kith.ui.commands.follow_up_actions import FollowUpActions
from kith.ui.icons import icon
from kith.ui.lists.follow_up_delegate import FollowUpDelegate
from kith.ui.lists.follow_up_list_model import DayHeading, Entry, FollowUpListModel, entry_key
from kith.ui.theme import current_theme
from kith.ui.widgets.month_view import follow_up_from_mime, follow_up_mime
from kith.ui.widgets.snooze_menu import snooze_menu


def drag_pixmap(title: str, font: QFont, dpr: float = 1.0) -> QPixmap:
    """A small accent chip with the follow-up's title, shown under the pointer while dragging."""
    theme = current_theme()
    metrics = QFontMetrics(font)
    text = metrics.elidedText(title, Qt.TextElideMode.ElideRight, 260)
    width, height = metrics.horizontalAdvance(text) + 24, metrics.height() + 12
    pixmap = QPixmap(int(width * dpr), int(height * dpr))
    pixmap.setDevicePixelRatio(dpr)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    path = QPainterPath()
    path.addRoundedRect(QRectF(0.5, 0.5, width - 1, height - 1), height / 2, height / 2)
    painter.fillPath(path, QColor(theme.accent))
    painter.setFont(font)
    painter.setPen(QColor(theme.accent_text))
    painter.drawText(QRectF(0, 0, width, height), Qt.AlignmentFlag.AlignCenter, text)
    painter.end()
    return pixmap


class FollowUpListView(QListView):
    """A :class:`FollowUpListModel` painted by :class:`FollowUpDelegate`, with its actions.

    ``fit_rows``: the view is as tall as its rows (for sections inside a scrolling page) —
    at most ``max_rows`` follow-up rows, scrolling beyond that. ``chips``: show the urgent and
    important chips (not where the list's heading already says it, as in Today's grid).
    """

    open_follow_up_requested = Signal(int)
    open_contact_requested = Signal(int)
    move_requested = Signal(int)  # follow-up id: the page asks for a date
    follow_up_dropped = Signal(int, object)  # follow-up id, the day of the row it was dropped on

    def __init__(
        self,
        actions: FollowUpActions,
        parent: QWidget | None = None,
        *,
        now: Callable[[], datetime] = utcnow,
        tz: tzinfo | None = None,
        today: Callable[[], date] = date.today,
        fit_rows: bool = False,
        max_rows: int = 8,
        draggable: bool = False,
        day_drops: bool = False,
        chips: bool = True,
    ) -> None:
        super().__init__(parent)
        self.actions = actions
        self._now = now
        self._tz = tz
        self._fit = fit_rows
        self._max_rows = max_rows
        self.list_model = FollowUpListModel(self)
        self.setModel(self.list_model)
        self.follow_up_delegate = FollowUpDelegate(self, today, chips=chips)
        self.setItemDelegate(self.follow_up_delegate)
        self.setObjectName("FollowUpList")
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setMouseTracking(True)
        self.setFrameShape(QListView.Shape.NoFrame)
        self.viewport().setAutoFillBackground(False)  # cards on the page's own background
        self._day_drops = day_drops
        if draggable or day_drops:
            self.setDragEnabled(draggable)
            self.setDragDropMode(
                QAbstractItemView.DragDropMode.DragDrop
                if day_drops
                else QAbstractItemView.DragDropMode.DragOnly
            )
            self.setDefaultDropAction(Qt.DropAction.MoveAction)
            self.setDropIndicatorShown(False)
        self.follow_up_delegate.done_clicked.connect(self.actions.complete)
        self.follow_up_delegate.snooze_clicked.connect(self._snooze_at)
        # Enter or double-click: ``activated`` covers both (a double-click also emits
        # ``doubleClicked``; connecting both would open the form twice).
        self.activated.connect(self._open)
        self.list_model.modelReset.connect(self._fit_height)
        self.list_model.dataChanged.connect(lambda *_: self.viewport().update())
        self._fit_height()

        # Keyboard: the same actions as the context menu, while the list has focus.
        self.done_action = self._shortcut("Done", "Ctrl+D", "done", self._done_current)
        self.move_action = self._shortcut("Move to…", "Ctrl+M", "calendar", self._move_current)
        self.drop_action = self._shortcut("Drop", "Shift+Delete", "close", self._drop_current)

    def _shortcut(self, text: str, keys: str, icon_name: str, slot: Callable[[], None]) -> QAction:
        action = QAction(icon(icon_name), text, self)
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    # content ------------------------------------------------------------------------------

    def set_entries(self, entries: Sequence[Entry]) -> None:
        """Show these rows, keeping the selected one selected when it is still there."""
        current = self.current_entry()
        self.list_model.set_entries(entries)
        if current is not None:
            row = self.list_model.row_of(entry_key(current))
            if row is not None:
                self.setCurrentIndex(self.list_model.index(row))
        self._fit_height()

    def current_entry(self) -> Entry | None:
        index = self.currentIndex()
        return self.list_model.entry(index.row()) if index.isValid() else None

    def current_follow_up(self) -> FollowUpItem | None:
        entry = self.current_entry()
        return entry if isinstance(entry, FollowUpItem) else None

    def select_follow_up(self, follow_up_id: int) -> bool:
        row = self.list_model.row_of_follow_up(follow_up_id)
        if row is None:
            return False
        self.setCurrentIndex(self.list_model.index(row))
        return True

    # sizing ---------------------------------------------------------------------------------

    def _fit_height(self) -> None:
        if not self._fit:
            return
        height = 0
        follow_ups = 0
        for row in range(self.list_model.rowCount()):
            index = self.list_model.index(row)
            if isinstance(self.list_model.entry(row), FollowUpItem | Birthday):
                follow_ups += 1
                if follow_ups > self._max_rows:
                    height += self.sizeHintForIndex(index).height() // 2  # a peek at more
                    break
            height += self.sizeHintForIndex(index).height()
        self.setFixedHeight(height + 2)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            # Long titles wrap differently: rows change height now, not after Qt's delay.
            self.doItemsLayout()
            self._fit_height()

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(hint.width(), self.height()) if self._fit else hint

    # actions --------------------------------------------------------------------------------

    @property
    def max_rows(self) -> int:
        return self._max_rows

    def _open(self, index: QModelIndex) -> None:
        entry = self.list_model.entry(index.row())
        if isinstance(entry, FollowUpItem):
            self.open_follow_up_requested.emit(entry.id)
        elif isinstance(entry, Birthday):
            self.open_contact_requested.emit(entry.contact_id)

    def _done_current(self) -> None:
        item = self.current_follow_up()
        if item is not None and item.status == "open":
            self.actions.complete(item.id)

    def _move_current(self) -> None:
        item = self.current_follow_up()
        if item is not None and item.status == "open":
            self.move_requested.emit(item.id)

    def _drop_current(self) -> None:
        item = self.current_follow_up()
        if item is not None and item.status == "open":
            self.actions.drop(item.id)

    def startDrag(self, supportedActions: Qt.DropAction) -> None:
        """Drag the current open follow-up (onto a day of the month grid to move it)."""
        item = self.current_follow_up()
        if item is None or item.status != "open":
            return
        drag = QDrag(self)
        drag.setMimeData(follow_up_mime(item.id))
        pixmap = drag_pixmap(item.title, self.font(), self.devicePixelRatioF())
        drag.setPixmap(pixmap)
        drag.setHotSpot(QPoint(12, int(pixmap.deviceIndependentSize().height() / 2)))
        drag.exec(Qt.DropAction.MoveAction)

    # dropping a follow-up on a day's rows (the agenda) ------------------------------------

    def day_at(self, pos: QPoint) -> date | None:
        """The day of the row at ``pos`` (a heading's day, a follow-up's or birthday's)."""
        index = self.indexAt(pos)
        entry = self.list_model.entry(index.row()) if index.isValid() else None
        if isinstance(entry, DayHeading | Birthday):
            return entry.day
        if isinstance(entry, FollowUpItem):
            return entry.due_date
        return None

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._day_drops and follow_up_from_mime(event.mimeData()) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        day = self.day_at(event.position().toPoint())
        if not self._day_drops or day is None or follow_up_from_mime(event.mimeData()) is None:
            event.ignore()
            return
        event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        day = self.day_at(event.position().toPoint())
        follow_up_id = follow_up_from_mime(event.mimeData())
        if not self._day_drops or day is None or follow_up_id is None:
            event.ignore()
            return
        event.acceptProposedAction()
        self.follow_up_dropped.emit(follow_up_id, day)

    def snooze_menu_for(self, follow_up_id: int) -> QMenu:
        """The Snooze menu for one follow-up (choices as of now)."""
        return snooze_menu(
            self, self._now(), self._tz, lambda m: self.actions.snooze(follow_up_id, m)
        )

    def _snooze_at(self, follow_up_id: int, where: QPoint) -> None:
        menu = self.snooze_menu_for(follow_up_id)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(where)

    def context_menu_for(self, entry: Entry) -> QMenu | None:
        """The right-click menu of a row (None for a heading)."""
        menu = QMenu(self)
        if isinstance(entry, Birthday):
            menu.addAction(icon("contacts"), f"Open {entry.full_name}").triggered.connect(
                lambda: self.open_contact_requested.emit(entry.contact_id)
            )
            return menu
        if not isinstance(entry, FollowUpItem):
            return None
        fid = entry.id
        menu.addAction(icon("edit"), "Open…").triggered.connect(
            lambda: self.open_follow_up_requested.emit(fid)
        )
        if entry.contact_id is not None:
            contact_id = entry.contact_id
            menu.addAction(icon("contacts"), f"Go to {entry.contact_name}").triggered.connect(
                lambda: self.open_contact_requested.emit(contact_id)
            )
        if entry.status == "open":
            menu.addSeparator()
            done = menu.addAction(icon("done"), "Done")
            done.setShortcut(self.done_action.shortcut())
            done.triggered.connect(lambda: self.actions.complete(fid))
            snooze = self.snooze_menu_for(fid)
            snooze.setParent(menu, snooze.windowFlags())  # deleted with the menu
            snooze.setIcon(icon("snooze"))
            menu.addMenu(snooze)
            move = menu.addAction(icon("calendar"), "Move to…")
            move.setShortcut(self.move_action.shortcut())
            move.triggered.connect(lambda: self.move_requested.emit(fid))
            menu.addSeparator()
            dropped = menu.addAction(icon("close"), "Drop")
            dropped.setShortcut(self.drop_action.shortcut())
            dropped.triggered.connect(lambda: self.actions.drop(fid))
        return menu

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        index = self.indexAt(event.pos())
        if not index.isValid():
            index = self.currentIndex()
        entry = self.list_model.entry(index.row()) if index.isValid() else None
        menu = self.context_menu_for(entry) if entry is not None else None
        if menu is None:
            return
        self.setCurrentIndex(index)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(event.globalPos())


def follow_up_list(
    actions: FollowUpActions,
    *,
    now: Callable[[], datetime],
    tz: tzinfo | None,
    today: Callable[[], date],
    open_follow_up: Callable[[int], object],
    open_contact: Callable[[int], object],
    move: Callable[[int], object],
    **options: Any,
) -> FollowUpListView:
    """A :class:`FollowUpListView` whose requests go where its page (or dialog) sends them.

    ``options``: ``fit_rows``, ``max_rows``, ``draggable``, ``day_drops``, ``chips``.
    """
    view = FollowUpListView(actions, now=now, tz=tz, today=today, **options)
    view.open_follow_up_requested.connect(open_follow_up)
    view.open_contact_requested.connect(open_contact)
    view.move_requested.connect(move)
    return view
