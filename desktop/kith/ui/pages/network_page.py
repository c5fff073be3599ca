"""The Network page: you in the centre, people on rings by circle, who knows whom.

Drawing stays smooth with thousands of people: positions come precomputed from
kith.core.network_map; the guide rings and all relationship lines are the view's background,
cached in a viewport-sized pixmap (panning scrolls it, hovering never redraws it, only a zoom
does), drawn as opaque hairlines in one call; each person is one small item cached as a
device pixmap per zoom level, whose name is drawn only when zoomed in far enough (level of
detail); nothing is recomputed per frame. Scroll to zoom (or Ctrl+= / Ctrl+-, Ctrl+0 to
fit), drag to move, hover for a card, click to open the person.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, tzinfo

from PySide6.QtCore import QEvent, QLineF, QPoint, QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPen,
    QResizeEvent,
    QShortcut,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGraphicsItem,
    QGraphicsScene,
    QGraphicsSceneHoverEvent,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QStyleOptionGraphicsItem,
    QVBoxLayout,
    QWidget,
)

from kith.core.local_time import utcnow
from kith.core.network_map import MapNode, NetworkMap, network_map
from kith.core.rules.circles import circle_budget, circle_name
from kith.ui.commands.follow_up_actions import FollowUpActions
from kith.ui.icons import icon
from kith.ui.pages.network_labels import LabelCandidate, place_labels
from kith.ui.pages.page import Page
from kith.ui.theme import current_theme
from kith.ui.widgets.buttons import make_primary
from kith.ui.widgets.circle_budget import CircleBudgetMeter
from kith.ui.widgets.empty_state import EmptyState

WATCHED_TABLES = frozenset(
    {
        "contact",
        "relationship",
        "interaction",
        "interaction_contact",
        "goal",
        "goal_contact",
        "tag",
        "contact_tag",
    }
)
#: Calm, distinct colours for goals or tags; everyone else is grey.
PALETTE = ("#3b82f6", "#10b981", "#f59e0b", "#a855f7", "#06b6d4", "#ec4899", "#84cc16")
OTHER = "#9ca3af"
#: The order circles are named in when names compete for room (no circle last).
CIRCLE_RANK = {1: 0, 2: 1, 3: 2, 4: 3, 5: 4, None: 5}
MIN_SCALE, MAX_SCALE = 0.08, 6.0


def node_radius(strength: int) -> float:
    """4 px for a stranger up to 13 px for the strongest tie."""
    return 4.0 + 9.0 * max(0, min(100, strength)) / 100


#: How much of the muted colour the relationship lines take (the rest is the page colour):
#: faint, and fainter still while the mouse is over someone, whose own lines stand out.
EDGE_MIX = 0.16
EDGE_MIX_FADED = 0.07


def edge_colour(mix: float) -> QColor:
    """An opaque line colour between the page colour and the muted one: blending thousands of
    translucent lines costs several times more than drawing opaque ones."""
    theme = current_theme()
    base, muted = QColor(theme.base), QColor(theme.muted)
    return QColor.fromRgbF(
        base.redF() + mix * (muted.redF() - base.redF()),
        base.greenF() + mix * (muted.greenF() - base.greenF()),
        base.blueF() + mix * (muted.blueF() - base.blueF()),
    )


class NodeItem(QGraphicsItem):
    """One person: a dot sized by strength, coloured by goal or tag. The view writes the
    names (:mod:`kith.ui.pages.network_labels`), at one size whatever the zoom."""

    def __init__(self, node: MapNode, colour: QColor, hover: Callable[[NodeItem, bool], None]):
        super().__init__()
        self.node = node
        self.colour = colour
        self.radius = node_radius(node.strength)
        self._hover = hover
        self._hovered = False
        self.setPos(node.x, node.y)
        self.setAcceptHoverEvents(True)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)  # the view handles clicks
        self.setZValue(2)
        # Each dot is painted once per zoom level into a small device pixmap: panning and
        # repaints blit pixmaps instead of calling Python.
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        r = self.radius
        self._bounds = QRectF(-r - 2, -r - 2, 2 * r + 4, 2 * r + 4)

    def boundingRect(self) -> QRectF:
        return self._bounds

    def set_colour(self, colour: QColor) -> None:
        self.colour = colour
        self.update()

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        r = self.radius
        theme = current_theme()
        painter.setPen(QPen(QColor(theme.accent), 2.5) if self._hovered else Qt.PenStyle.NoPen)
        painter.setBrush(self.colour)
        painter.drawEllipse(QPointF(0, 0), r, r)

    def hoverEnterEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        self._hovered = True
        self.setZValue(3)
        self.update()
        self._hover(self, True)

    def hoverLeaveEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        self._hovered = False
        self.setZValue(2)
        self.update()
        self._hover(self, False)


class LinesItem(QGraphicsItem):
    """Many straight lines drawn in one call (all relationships, or the hovered person's).

    The lines are turned into one QPainterPath when they are set, so a repaint hands Qt a
    single ready-made path instead of converting thousands of Python objects each frame.
    """

    def __init__(self, colour: QColor, width: float, many: bool) -> None:
        super().__init__()
        self._lines: list[QLineF] = []
        self._bounds = QRectF()
        self._pen = QPen(colour, width)
        self._pen.setCosmetic(True)
        self._smooth = not many
        self._path = QPainterPath()

    def set_lines(self, lines: Sequence[QLineF]) -> None:
        self.prepareGeometryChange()
        self._lines = list(lines)
        path = QPainterPath()
        for line in self._lines:
            path.moveTo(line.p1())
            path.lineTo(line.p2())
        self._path = path
        if self._lines:
            xs = [x for line in self._lines for x in (line.x1(), line.x2())]
            ys = [y for line in self._lines for y in (line.y1(), line.y2())]
            left, top = min(xs), min(ys)
            bounds = QRectF(left, top, max(xs) - left, max(ys) - top)
            self._bounds = bounds.adjusted(-2, -2, 2, 2)
        else:
            self._bounds = QRectF()
        self.update()

    def line_count(self) -> int:
        return len(self._lines)

    def set_colour(self, colour: QColor) -> None:
        self._pen.setColor(colour)
        self.update()

    def colour(self) -> QColor:
        return self._pen.color()

    def boundingRect(self) -> QRectF:
        return self._bounds

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        painter.setPen(self._pen)
        # Thousands of faint hairlines: antialiasing costs more than it shows.
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, self._smooth)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self._path)


#: How far outside its outermost people a circle's ring is drawn.
RING_MARGIN = 20.0


class RingsItem(QGraphicsItem):
    """The guide rings between circles, each with its name, and you in the centre."""

    def __init__(self, radii: dict[int | None, float]) -> None:
        super().__init__()
        self._radii = radii
        outer = max(radii.values(), default=100.0) + 40
        self._bounds = QRectF(-outer, -outer, 2 * outer, 2 * outer)
        self.setZValue(0)

    def boundingRect(self) -> QRectF:
        return self._bounds

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        theme = current_theme()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(QColor(theme.border), 1.2, Qt.PenStyle.DashLine)
        pen.setCosmetic(True)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for radius in self._radii.values():
            edge = radius + RING_MARGIN
            painter.drawEllipse(QPointF(0, 0), edge, edge)


class YouItem(QGraphicsItem):
    """You, in the centre."""

    RADIUS = 22.0

    def __init__(self) -> None:
        super().__init__()
        self.setZValue(2)

    def boundingRect(self) -> QRectF:
        r = self.RADIUS
        return QRectF(-r, -r, 2 * r, 2 * r)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        theme = current_theme()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(theme.accent))
        painter.drawEllipse(self.boundingRect())
        painter.setPen(QColor(theme.accent_text))
        bold = QFont(painter.font())
        bold.setBold(True)
        painter.setFont(bold)
        painter.drawText(self.boundingRect(), Qt.AlignmentFlag.AlignCenter, "You")


class HoverCard(QFrame):
    """What the page says about the person under the mouse."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setProperty("card", True)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(2)
        self.name = QLabel()
        font = self.name.font()
        font.setBold(True)
        self.name.setFont(font)
        self.subtitle = QLabel()
        self.subtitle.setProperty("role", "muted")
        self.facts = QLabel()
        self.facts.setWordWrap(True)
        for label in (self.name, self.subtitle, self.facts):
            layout.addWidget(label)
        self.hide()

    def show_node(self, node: MapNode, knows: int, goals: dict[int, str]) -> None:
        self.name.setText(node.name)
        self.subtitle.setText(node.subtitle)
        self.subtitle.setVisible(bool(node.subtitle))
        lines = [f"Circle {circle_name(node.circle)} · strength {node.strength}"]
        if node.days_since is None:
            lines.append("Never in touch yet")
        elif node.days_since == 0:
            lines.append("In touch today")
        else:
            lines.append(f"Last in touch {node.days_since} days ago")
        if knows:
            lines.append(f"Knows {knows} {'person' if knows == 1 else 'people'} you know")
        titles = [goals[g] for g in node.goal_ids if g in goals]
        if titles:
            lines.append("Goals: " + ", ".join(titles))
        if node.tags:
            lines.append("Tags: " + ", ".join(node.tags))
        self.facts.setText("\n".join(lines))
        self.fit_text()
        self.show()
        self.raise_()

    #: The card never grows wider than this; a longer line wraps.
    MAX_WIDTH = 340

    def fit_text(self) -> None:
        """As wide as its longest line (up to :attr:`MAX_WIDTH`), as tall as its text."""
        margins = self.layout().contentsMargins()
        widest = 0
        for label in (self.name, self.subtitle, self.facts):
            if label.isHidden() and label is not self.facts:
                continue
            metrics = label.fontMetrics()
            for line in label.text().splitlines() or [""]:
                widest = max(widest, metrics.horizontalAdvance(line))
        width = min(self.MAX_WIDTH, widest + margins.left() + margins.right() + 4)
        self.setFixedWidth(max(160, width))
        self.setFixedHeight(self.layout().heightForWidth(self.width()) or self.sizeHint().height())


class NetworkView(QGraphicsView):
    """Zoom with the wheel, move by dragging, click a person to open them."""

    node_clicked = Signal(int)
    zoom_changed = Signal(float)

    def __init__(self, scene: QGraphicsScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontSavePainterState, True)
        self.setCacheMode(QGraphicsView.CacheModeFlag.CacheBackground)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAccessibleName("Your network")
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._press: QPoint | None = None
        self._background: tuple[QGraphicsItem, ...] = ()
        #: Fit everyone in view on resize until the user zooms.
        self.auto_fit = True
        # Names are placed anew whenever what is on screen moves: paint the whole viewport.
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.FullViewportUpdate)
        #: Who is on the map (by id), the circles' rings, and who the mouse is over.
        self.nodes: dict[int, NodeItem] = {}
        self.ring_radii: dict[int | None, float] = {}
        self.hovered: int | None = None
        self.hovered_knows: frozenset[int] = frozenset()
        self.label_font = QFont(self.font())
        self._labels_for: tuple[object, ...] = ()
        self._labels: dict[int, QRectF] = {}

    def label_metrics(self) -> QFontMetricsF:
        return QFontMetricsF(self.label_font)

    def labels(self) -> dict[int, QRectF]:
        """Where each name shown is written (view pixels), placed anew when the view moves."""
        origin = self.mapFromScene(QPointF(0, 0))
        key = (
            self.transform().m11(),
            origin.x(),
            origin.y(),
            self.viewport().width(),
            self.viewport().height(),
            self.hovered,
            id(self.nodes),
            len(self.nodes),
        )
        if key != self._labels_for:
            self._labels_for = key
            self._labels = self._place()
        return self._labels

    def _place(self) -> dict[int, QRectF]:
        scale = self.transform().m11()
        candidates = []
        for cid, item in self.nodes.items():
            node = item.node
            if cid == self.hovered:
                rank: tuple[float, ...] = (0,)
            elif cid in self.hovered_knows:
                rank = (1, -node.strength)
            else:
                rank = (2, CIRCLE_RANK.get(node.circle, 5), -node.strength, node.id)
            centre = QPointF(self.mapFromScene(item.pos()))
            candidates.append(LabelCandidate(cid, node.name, centre, item.radius * scale, rank))
        # Names never cover a dot, you, or a ring's name.
        you = YouItem.RADIUS * scale + 2
        centre = QPointF(self.mapFromScene(QPointF(0, 0)))
        clear = [QRectF(centre.x() - you, centre.y() - you, 2 * you, 2 * you)]
        clear += [
            QRectF(c.centre.x() - c.radius, c.centre.y() - c.radius, 2 * c.radius, 2 * c.radius)
            for c in candidates
        ]
        clear += [box for _circle, box in self.ring_names()]
        area = QRectF(self.viewport().rect()).adjusted(4, 4, -4, -4)
        return place_labels(candidates, self.label_metrics(), area, keep_clear=clear)

    def ring_names(self) -> list[tuple[int | None, QRectF]]:
        """Where each circle's name is written: just above its ring, at the top."""
        metrics = QFontMetricsF(self._ring_font())
        found = []
        for circle, radius in self.ring_radii.items():
            top = QPointF(self.mapFromScene(QPointF(0, -(radius + RING_MARGIN))))
            width = metrics.horizontalAdvance(circle_name(circle)) + 6
            height = metrics.height()
            found.append((circle, QRectF(top.x() - width / 2, top.y() - height - 2, width, height)))
        return found

    def _ring_font(self) -> QFont:
        small = QFont(self.label_font)
        small.setPointSizeF(self.label_font.pointSizeF() * 0.9)
        return small

    def drawForeground(self, painter: QPainter, rect: QRectF | QRect) -> None:
        theme = current_theme()
        painter.save()
        painter.resetTransform()
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.setFont(self._ring_font())
        painter.setPen(QColor(theme.muted))
        for circle, box in self.ring_names():
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, circle_name(circle))
        base, text = QColor(theme.base), QColor(theme.text)
        bold = QFont(self.label_font)
        bold.setBold(True)
        for cid, box in self.labels().items():
            name = self.nodes[cid].node.name
            painter.setFont(bold if cid == self.hovered else self.label_font)
            painter.setPen(base)  # a halo, so a name stays readable over lines and dots
            for dx, dy in ((-1, 0), (1, 0), (0, -1), (0, 1)):
                painter.drawText(box.translated(dx, dy), Qt.AlignmentFlag.AlignCenter, name)
            painter.setPen(text)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, name)
        painter.restore()

    def set_background(self, *layers: QGraphicsItem) -> None:
        """Draw these (the guide rings, all relationship lines) as the view's background.

        The background is cached in a viewport-sized pixmap (CacheBackground): panning
        scrolls it and paints only the newly exposed strip, hovering never redraws it; only
        a zoom redraws the lines.
        """
        self._background = layers
        self.resetCachedContent()
        self.viewport().update()

    def drawBackground(self, painter: QPainter, rect: QRectF | QRect) -> None:
        painter.fillRect(rect, QColor(current_theme().base))
        option = QStyleOptionGraphicsItem()
        for layer in self._background:
            painter.save()
            layer.paint(painter, option)
            painter.restore()

    def fit_rect(self) -> QRectF:
        return self.scene().itemsBoundingRect()

    def scale_factor(self) -> float:
        return self.transform().m11()

    def zoom_by(self, factor: float) -> None:
        current = self.scale_factor()
        target = max(MIN_SCALE, min(MAX_SCALE, current * factor))
        self.auto_fit = False
        if target != current:
            self.scale(target / current, target / current)
            self.zoom_changed.emit(target)

    def fit(self) -> None:
        rect = self.scene().itemsBoundingRect()
        if rect.isValid():
            self.fitInView(rect.adjusted(-20, -20, 20, 20), Qt.AspectRatioMode.KeepAspectRatio)
            self.zoom_changed.emit(self.scale_factor())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.auto_fit:
            self.fit()

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120
        if steps:
            self.zoom_by(1.15**steps)
        event.accept()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._press = event.position().toPoint()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        start, self._press = self._press, None
        if start is None or event.button() != Qt.MouseButton.LeftButton:
            return
        if (event.position().toPoint() - start).manhattanLength() > 4:
            return  # a drag, not a click
        item = self.node_at(event.position().toPoint())
        if item is not None:
            self.node_clicked.emit(item.node.id)

    def node_at(self, point: QPoint) -> NodeItem | None:
        scene_point = self.mapToScene(point)
        for item in self.items(point):
            if isinstance(item, NodeItem):
                offset = scene_point - item.pos()
                if offset.x() ** 2 + offset.y() ** 2 <= (item.radius + 3) ** 2:
                    return item
        return None


class NetworkPage(Page):
    """The picture of your network, the circle budget beside it, and "How do I reach …?"."""

    watched_tables = WATCHED_TABLES

    def __init__(
        self,
        actions: FollowUpActions | None = None,
        parent: QWidget | None = None,
        *,
        now: Callable[[], datetime] = utcnow,
        tz: tzinfo | None = None,
    ) -> None:
        super().__init__(parent, now=now, tz=tz)
        self.actions = actions
        self.map: NetworkMap | None = None
        self.items: dict[int, NodeItem] = {}
        self._neighbours: dict[int, list[int]] = {}

        outer = QVBoxLayout(self)
        outer.setContentsMargins(28, 18, 28, 20)
        outer.setSpacing(10)
        header = QHBoxLayout()
        titles = QVBoxLayout()
        titles.setSpacing(2)
        title = QLabel("Network")
        title.setObjectName("PageTitle")
        titles.addWidget(title)
        self.summary = QLabel()
        self.summary.setProperty("role", "muted")
        titles.addWidget(self.summary)
        header.addLayout(titles)
        header.addStretch(1)
        header.addWidget(QLabel("Colour by"))
        self.colour_by = QComboBox()
        self.colour_by.addItem("Goal", "goal")
        self.colour_by.addItem("Tag", "tag")
        self.colour_by.currentIndexChanged.connect(lambda _: self._recolour())
        header.addWidget(self.colour_by)
        self.fit_button = QPushButton("Fit")
        self.fit_button.setToolTip("Show everyone (Ctrl+0)")
        self.fit_button.clicked.connect(lambda: self._fit())
        header.addWidget(self.fit_button)
        self.reach_button = QPushButton(icon("introduced"), "How do I reach…?")
        make_primary(self.reach_button)
        self.reach_button.setToolTip("Find warm introductions to someone or to a company")
        self.reach_button.clicked.connect(lambda: self.find_warm_path())
        header.addWidget(self.reach_button)
        outer.addLayout(header)
        self.legend = QLabel()
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setWordWrap(True)
        outer.addWidget(self.legend)

        body = QHBoxLayout()
        body.setSpacing(20)
        frame = QFrame()
        frame.setProperty("card", True)
        frame_layout = QVBoxLayout(frame)
        frame_layout.setContentsMargins(1, 1, 1, 1)
        self.scene = QGraphicsScene(self)
        self.scene.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.BspTreeIndex)
        self.view = NetworkView(self.scene)
        self.view.node_clicked.connect(self.open_contact_requested)
        self.view.zoom_changed.connect(lambda _: self._place_card())
        self.view.horizontalScrollBar().valueChanged.connect(lambda _: self._place_card())
        self.view.verticalScrollBar().valueChanged.connect(lambda _: self._place_card())
        self.empty = EmptyState(
            "network",
            "Your network will appear here",
            "You in the centre, the people you add on rings by circle — your inner 5 closest — "
            "with lines for who knows whom and bigger dots for stronger ties. Add people on the "
            "Contacts page (Ctrl+N), or import your address book (Ctrl+I).",
        )
        self.map_stack = QStackedWidget()
        self.map_stack.addWidget(self.view)
        self.map_stack.addWidget(self.empty)
        frame_layout.addWidget(self.map_stack)
        self.card = HoverCard(self.view.viewport())
        self._hovered: NodeItem | None = None
        body.addWidget(frame, 1)
        side = QVBoxLayout()
        side.setSpacing(8)
        self.budget = CircleBudgetMeter()
        self.budget.open_contact_requested.connect(self.open_contact_requested)
        self.budget.setFixedWidth(290)
        side.addWidget(self.budget)
        hint = QLabel(
            "Scroll to zoom, drag to move, click someone to open them. "
            "Bigger dots are stronger ties."
        )
        hint.setProperty("role", "muted")
        hint.setWordWrap(True)
        hint.setFixedWidth(290)
        side.addWidget(hint)
        side.addStretch(1)
        body.addLayout(side)
        outer.addLayout(body, 1)

        self.highlight = LinesItem(QColor(current_theme().accent), 1.6, many=False)
        for keys, action in (
            (("Ctrl+=", "Ctrl++"), lambda: self.view.zoom_by(1.25)),
            (("Ctrl+-",), lambda: self.view.zoom_by(0.8)),
            (("Ctrl+0",), self.view.fit),
        ):
            for key in keys:
                shortcut = QShortcut(QKeySequence(key), self)
                shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                shortcut.activated.connect(action)

    # data ----------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        # Light/dark switch: the cached background and dots carry the old colours.
        if event.type() == QEvent.Type.PaletteChange and self.map is not None:
            self.show_map(self.map)
        super().changeEvent(event)

    def _fit(self) -> None:
        self.view.fit()

    def refresh(self) -> None:
        """Re-read the network and redraw it (keeps the zoom, fits the first time)."""
        first = self.map is None
        self._dirty = False
        now = self._now()
        self.show_map(network_map(now, tz=self._tz))
        self.budget.set_budget(circle_budget(now, tz=self._tz))
        if first:
            self.view.fit()

    def show_map(self, data: NetworkMap) -> None:
        """Build the scene for this map (one item per person, one for all lines)."""
        self.map = data
        self.card.hide()
        self._hovered = None
        self.scene.clear()
        self.items = {}
        self._neighbours = {}
        theme = current_theme()
        self.rings = RingsItem(data.ring_radii)
        self.scene.addItem(YouItem())
        for node in data.nodes:
            item = NodeItem(node, QColor(OTHER), self._on_hover)
            self.items[node.id] = item
            self.scene.addItem(item)
        self.edges = LinesItem(edge_colour(EDGE_MIX), 1.0, many=True)
        lines = []
        where = {node.id: (node.x, node.y) for node in data.nodes}
        for a, b, _ in data.edges:
            if a in where and b in where:
                lines.append(QLineF(*where[a], *where[b]))
                self._neighbours.setdefault(a, []).append(b)
                self._neighbours.setdefault(b, []).append(a)
        self.edges.set_lines(lines)
        self.view.set_background(self.edges, self.rings)
        self.highlight = LinesItem(QColor(theme.accent), 1.6, many=False)
        self.highlight.setZValue(1.5)
        self.scene.addItem(self.highlight)
        rect = self.scene.itemsBoundingRect().united(self.rings.boundingRect())
        rect = rect.adjusted(-400, -400, 400, 400)
        self.scene.setSceneRect(rect)
        self.summary.setText(
            f"{len(data.nodes):,} people · {len(lines):,} relationships between them"
        )
        self.view.nodes = self.items
        self.view.ring_radii = dict(data.ring_radii)
        self.view.hovered, self.view.hovered_knows = None, frozenset()
        self.map_stack.setCurrentWidget(self.view if data.nodes else self.empty)
        self.legend.setVisible(bool(data.nodes))
        self._recolour()

    def _colour_keys(self) -> tuple[dict[int, str], list[tuple[str, str]]]:
        """(contact id → colour, legend entries) for the chosen colouring."""
        assert self.map is not None
        colours: dict[int, str] = {}
        legend: list[tuple[str, str]] = []
        if self.colour_by.currentData() == "goal":
            goal_ids = sorted(self.map.goals)
            by_goal = {g: PALETTE[i % len(PALETTE)] for i, g in enumerate(goal_ids)}
            legend = [(by_goal[g], self.map.goals[g]) for g in goal_ids]
            for node in self.map.nodes:
                goal = next((g for g in node.goal_ids if g in by_goal), None)
                if goal is not None:
                    colours[node.id] = by_goal[goal]
        else:
            counts: dict[str, int] = {}
            for node in self.map.nodes:
                for tag in node.tags:
                    counts[tag] = counts.get(tag, 0) + 1
            top = sorted(counts, key=lambda t: (-counts[t], t.casefold()))[: len(PALETTE)]
            by_tag = {t: PALETTE[i] for i, t in enumerate(top)}
            legend = [(by_tag[t], t) for t in top]
            for node in self.map.nodes:
                chosen = next((t for t in node.tags if t in by_tag), None)
                if chosen is not None:
                    colours[node.id] = by_tag[chosen]
        return colours, legend

    def _recolour(self) -> None:
        if self.map is None:
            return
        colours, legend = self._colour_keys()
        for cid, item in self.items.items():
            item.set_colour(QColor(colours.get(cid, OTHER)))
        entries = [f"<span style='color:{c}'>●</span>&nbsp;{t}" for c, t in legend] + [
            f"<span style='color:{OTHER}'>●</span>&nbsp;everyone else"
        ]
        self.legend.setText("&nbsp;&nbsp;&nbsp; ".join(entries))

    def colour_of(self, contact_id: int) -> str:
        return self.items[contact_id].colour.name()

    # interaction ---------------------------------------------------------------------

    def _on_hover(self, item: NodeItem, entered: bool) -> None:
        """The person under the mouse: their card, their lines bright and every other line
        fainter, their name (and the names of whom they know) first."""
        if not entered or self.map is None:
            self._hovered = None
            self.card.hide()
            self.highlight.set_lines([])
            self.view.hovered, self.view.hovered_knows = None, frozenset()
            self.edges.set_colour(edge_colour(EDGE_MIX))
            self.view.resetCachedContent()
            self.view.viewport().update()
            return
        self._hovered = item
        neighbours = self._neighbours.get(item.node.id, [])
        self.highlight.set_lines(
            [QLineF(item.pos(), self.items[n].pos()) for n in neighbours if n in self.items]
        )
        self.view.hovered, self.view.hovered_knows = item.node.id, frozenset(neighbours)
        self.edges.set_colour(edge_colour(EDGE_MIX_FADED))
        self.view.resetCachedContent()
        self.view.viewport().update()
        self.card.show_node(item.node, len(neighbours), self.map.goals)
        self._place_card()

    def _place_card(self) -> None:
        """Beside the hovered person, wherever the zoom and scrolling have put them."""
        item = self._hovered
        if item is None or not self.card.isVisible():
            return
        point = self.view.mapFromScene(item.pos())
        offset = int(item.radius * self.view.scale_factor()) + 10
        x = point.x() + offset
        y = point.y() + offset // 2
        viewport = self.view.viewport().rect()
        if x + self.card.width() > viewport.right():
            x = point.x() - offset - self.card.width()
        if y + self.card.height() > viewport.bottom():
            y = point.y() - offset // 2 - self.card.height()
        self.card.move(max(0, x), max(0, y))

    def hover(self, contact_id: int) -> None:
        """Show the card for this person as if the mouse were over them (for tests)."""
        item = self.items[contact_id]
        item.hoverEnterEvent(QGraphicsSceneHoverEvent())

    def focus_contact(self, contact_id: int) -> None:
        item = self.items.get(contact_id)
        if item is not None:
            self.view.centerOn(item)

    def find_warm_path(self, target: int | None = None, company: str = "") -> QWidget:
        """Open "How do I reach …?" (window-modal); returned so tests can drive it."""
        from kith.ui.dialogs.warm_path_dialog import WarmPathDialog

        dialog = WarmPathDialog(self.actions, parent=self, now=self._now, tz=self._tz)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        if target is not None:
            dialog.set_target(target)
        elif company:
            dialog.set_company(company)
        dialog.open()
        return dialog
