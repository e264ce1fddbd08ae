"""ChartPanel: a pyqtgraph plot with a title, hover read-outs and export (copy, PNG, SVG).

The live path: a new result only marks a chart dirty and posts one queued call that refreshes it when the event
loop next runs, so a burst of slider moves costs one update per frame. A queued call (a posted event), not a
zero-interval timer: Qt delivers posted events before its own low-priority repaint request, so the chart's new
items join the frame that repaints the slider and the weights, instead of a second repaint of the window after
it (a timer fires only after that repaint). A chart that is not on screen
(closed, or its dock tabbed away: Qt moves such a dock off screen rather than hiding it) does no work and
catches up when it shows again. `flush()` brings a chart up to date at once (tests, exports, benchmarks).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPointF, QRect, QSize, Qt, Signal
from PySide6.QtGui import QAction, QColor, QFontMetrics, QFontMetricsF, QPalette, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDockWidget,
    QFileDialog,
    QGraphicsItem,
    QHBoxLayout,
    QLabel,
    QMenu,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from decision_app.gui.state import AnalysisState


MAX_FIT_ROWS = 30  # charts with more rows than this squeeze them into the height there is
TOOLTIP_MS = 10 * 60 * 1000  # hover read-outs stay while the mouse rests (Qt's default drops them)


class ChartPanel(QWidget):
    """Subclasses build items once in `build()` (on structural change) and feed them in `update_data()`."""

    _refresh_posted = Signal()  # connected queued to `_refresh_if_shown`: one posted refresh per burst

    title = "Chart"
    follows_results = True  # redraw on every new result (the uncertainty chart follows SMAA instead)
    # Lines at an angle need antialiasing; charts of axis-aligned bars and text do not, and paint faster without.
    antialias = True
    ROW_GAP, AXIS_LINES = 4, 4  # a named row's least height beyond a line of text; the value axis' in lines

    def __init__(self, state: AnalysisState, parent: QWidget | None = None):
        super().__init__(parent)
        self.state = state
        self.header = QHBoxLayout()
        self.caption = QLabel(self.title)
        self.caption.setObjectName("chartCaption")
        self.caption.setWordWrap(True)
        self.header.addWidget(self.caption, 1)
        export = QToolButton(self)
        export.setText("Export")
        export.setToolTip("Copy or save this chart")
        export.setAccessibleName(f"Export {self.title} chart")
        export.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(export)
        for text, slot in (("Copy to clipboard", self.copy_to_clipboard), ("Save as PNG…", lambda: self.save_dialog("png")),
                           ("Save as SVG…", lambda: self.save_dialog("svg"))):
            act = QAction(text, menu)
            act.triggered.connect(slot)
            menu.addAction(act)
        export.setMenu(menu)
        self.header.addWidget(export)
        self.plot = pg.PlotWidget()
        self.plot.setAccessibleName(f"{self.title} chart")
        self.plot.setMenuEnabled(False)
        self.plot.setAntialiasing(self.antialias)
        self.plot.hideButtons()
        # The view fills its whole viewport with the background brush: Qt need not paint the parents first.
        self.plot.viewport().setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.item: pg.PlotItem = self.plot.getPlotItem()
        self.item.setMouseEnabled(x=False, y=False)
        self.item.getViewBox().disableAutoRange()  # every chart sets its ranges; no bounds pass per move
        for ax in self.item.axes.values():  # axes repaint from a pixmap unless their ticks change
            ax["item"].setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self._ranges: dict[str, tuple[float, float]] = {}
        for name in ("left", "bottom"):
            self.item.getAxis(name).enableAutoSIPrefix(False)
        self.plot.scene().sigMouseMoved.connect(self._mouse_moved)
        # Hover read-outs stay while the mouse rests: a long display time, and Qt's own tooltip event (sent
        # once the mouse stops) is kept from the scene, which has no item tooltips and would hide ours.
        self.plot.setToolTipDuration(TOOLTIP_MS)
        self.plot.viewport().installEventFilter(self)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addLayout(self.header)
        self.body = QVBoxLayout()
        lay.addLayout(self.body)
        lay.addWidget(self.plot, 1)
        state.sig_model_changed.connect(self.rebuild)
        if self.follows_results:
            state.sig_results_changed.connect(self._results)
        self._built = False
        self._dirty = False
        self._posted = False  # a refresh is posted and not yet run
        self._refresh_posted.connect(self._refresh_if_shown, Qt.ConnectionType.QueuedConnection)
        self._dock: QDockWidget | None = None

    # subclass API ---------------------------------------------------------------------------------------

    def build(self) -> None:  # pragma: no cover - overridden
        pass

    def update_data(self) -> None:  # pragma: no cover - overridden
        pass

    def hover_text(self, x: float, y: float) -> str | None:
        return None

    def fit_rows(self, rows: int) -> None:
        """A chart of `rows` named rows (options, criteria) is at least as tall as one line of its zoomed text
        per row: zoomed in, the rows grow and the view scrolls in its dock instead of piling the names on top
        of each other. Beyond MAX_FIT_ROWS the chart squeezes as before (and names what fits)."""
        self._fit_rows_n = rows
        self._apply_rows()

    def _apply_rows(self) -> None:
        rows = min(getattr(self, "_fit_rows_n", 0), MAX_FIT_ROWS)
        if rows <= 0:
            return
        line = QFontMetrics(self.font()).height()  # the view's font: the zoomed size
        need = rows * (line + self.ROW_GAP) + self.AXIS_LINES * line  # and the value axis with its title
        if self.plot.minimumHeight() != need:
            self.plot.setMinimumHeight(need)

    def minimumSizeHint(self) -> QSize:
        """The layout's least size counts the caption as one line; a caption wrapped to two or three at the
        chart's width pushed the plot's value axis, and its title, past the dock's edge. Count its lines."""
        hint = super().minimumSizeHint()
        width = self.caption.width()
        if width <= 0 or not self.caption.hasHeightForWidth():
            return hint
        extra = self.caption.heightForWidth(width) - self.caption.minimumSizeHint().height()
        return QSize(hint.width(), hint.height() + max(extra, 0))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        refit_left_axis(self.item)  # the names' share of a narrower (wider) chart
        if event.size().width() != event.oldSize().width():
            self.updateGeometry()  # the caption may wrap to another number of lines: the least height changes

    def font_changed(self) -> None:
        """View > Zoom changed the view's font (subclasses refit what depends on it)."""

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._apply_rows()
            self.font_changed()

    def plot_items(self) -> list[pg.PlotItem]:
        """Every plot the view shows (View > Zoom scales the text of each)."""
        return [self.item]

    def sticky_range(self, axis: str, lo: float, hi: float, pad: float = 0.04, room: float = 0.0) -> None:
        """Set an axis range that only moves when the data leave it or fill less than half of it, so the
        axis (and its tick labels) stays put during a drag. `room` (a share of the data's span) is kept free
        at each end: a dot drawn at the data's edge then stays whole."""
        cur = self._ranges.get(axis)
        span = (hi - lo) or 1.0
        edge = room * span
        if (cur is not None and cur[0] <= lo - edge and hi + edge <= cur[1]
                and (hi - lo) >= 0.5 * (cur[1] - cur[0])):
            return
        new = (lo - pad * span, hi + pad * span)
        self._ranges[axis] = new
        (self.item.setXRange if axis == "x" else self.item.setYRange)(*new, padding=0)

    def axis_label(self, name: str) -> str:
        """The text of an axis' label ("left", "bottom")."""
        self.flush()
        return str(self.item.getAxis(name).labelText)

    def set_caption(self, html: str) -> None:
        """Only when it changes: a QLabel relayout on every slider move costs more than the chart."""
        if html != self.caption.text():
            self.caption.setText(html)

    # machinery ------------------------------------------------------------------------------------------

    def rebuild(self) -> None:
        self._ranges = {}
        self.plot.setBackground(QApplication.palette().color(QPalette.ColorRole.Base))
        self.build()
        self._built = True
        self._dirty = False
        self.update_data()

    def on_screen(self) -> bool:
        """Shown and not covered: a tabbed-away dock stays 'visible' to Qt but has an empty visible region."""
        return self.isVisible() and not self.visibleRegion().isEmpty()

    def flush(self) -> None:
        """Apply a pending result now, shown or not (tests, exports and the benchmark read current data)."""
        if self._dirty and self._built:
            self._dirty = False
            self.update_data()
            # A new range, and the bounds some items (error bars, lines) compute lazily: the view and those items
            # would apply them as the paint begins, which marks the scene dirty again and repaints it once more.
            for item in self.plot_items():
                view = item.getViewBox()
                view.prepareForPaint()
                for shown in view.addedItems:
                    shown.boundingRect()

    @property
    def pending(self) -> bool:
        """True while a result waits to be drawn."""
        return self._dirty

    def _results(self) -> None:
        """Mark dirty; one refresh per turn of the event loop, and none while the chart is off screen."""
        self._dirty = True
        if not self._posted:
            self._posted = True
            self._refresh_posted.emit()

    def _refresh_if_shown(self) -> None:
        self._posted = False
        if self.on_screen():
            self.flush()
            # The scene defers its repaint requests to queued calls of its own, which would wait behind the
            # window's pending repaint and make a second one: deliver them now, so this frame paints the chart.
            QCoreApplication.sendPostedEvents(self.plot.scene(), QEvent.Type.MetaCall.value)

    def _dock_visibility(self, visible: bool) -> None:
        if visible:
            self.flush()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._dock is None:  # a tab raised in a dock area shows no showEvent: follow the dock itself
            parent = self.parentWidget()
            while parent is not None and not isinstance(parent, QDockWidget):
                parent = parent.parentWidget()
            if parent is not None:
                self._dock = parent
                parent.visibilityChanged.connect(self._dock_visibility)
        if not self._built:
            self.rebuild()
        else:
            self.flush()

    def text_color(self) -> QColor:
        # The application's palette: right after a theme change a widget's own palette may lag behind.
        return QApplication.palette().color(QPalette.ColorRole.Text)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and watched is self.plot.viewport():
            return True  # the read-out follows the mouse (`_mouse_moved`); nothing else may hide it
        return super().eventFilter(watched, event)

    def _mouse_moved(self, pos: QPointF) -> None:
        self.flush()
        vb = self.item.getViewBox()
        if not self.item.sceneBoundingRect().contains(pos):
            QToolTip.hideText()
            return
        p = vb.mapSceneToView(pos)
        text = self.hover_text(p.x(), p.y())
        if text:
            global_pos = self.plot.mapToGlobal(self.plot.mapFromScene(pos))
            QToolTip.showText(global_pos, text, self.plot, QRect(), TOOLTIP_MS)
        else:
            QToolTip.hideText()

    def render_to(self, path: str | Path) -> Path:
        """Write the chart as PNG or SVG (by suffix)."""
        import pyqtgraph.exporters as ex

        self.flush()
        path = Path(path)
        if path.suffix.lower() == ".svg":
            self._render_svg(path)
        else:
            exp = ex.ImageExporter(self.item)
            exp.parameters()["width"] = max(800, int(self.plot.width() * self.devicePixelRatioF()))
            exp.export(str(path))
        return path

    def _render_svg(self, path: Path) -> None:
        """Vector SVG through Qt's own generator (pyqtgraph's exporter cannot parse Qt 6.11's paths)."""
        from PySide6.QtCore import QRect, QRectF, QSize
        from PySide6.QtGui import QPainter
        from PySide6.QtSvg import QSvgGenerator

        rect = self.item.sceneBoundingRect()
        gen = QSvgGenerator()
        gen.setFileName(str(path))
        gen.setSize(QSize(int(rect.width()), int(rect.height())))
        gen.setViewBox(QRect(0, 0, int(rect.width()), int(rect.height())))
        gen.setTitle(f"Decision Desk: {self.title}")
        painter = QPainter(gen)
        try:
            self.plot.scene().render(painter, QRectF(0, 0, rect.width(), rect.height()), rect)
        finally:
            painter.end()

    def copy_to_clipboard(self) -> None:
        import pyqtgraph.exporters as ex

        self.flush()
        ex.ImageExporter(self.item).export(copy=True)
        self.state.notify(f"{self.title} chart copied to the clipboard")

    def save_dialog(self, kind: str) -> None:
        filt = "PNG image (*.png)" if kind == "png" else "SVG drawing (*.svg)"
        name, _ = QFileDialog.getSaveFileName(self, f"Save {self.title} chart", f"{self.title.lower()}.{kind}", filt)
        if name:
            if not name.lower().endswith(f".{kind}"):
                name += f".{kind}"
            self.render_to(name)
            self.state.notify(f"Saved {Path(name).name}")


def compact_combo(combo: QComboBox, chars: int = 14) -> QComboBox:
    """A combo box that may shrink to a few characters (long option names show in full in its popup), so
    it never forces its dock wider."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(chars)
    return combo


def fill_names(combo: QComboBox, labels: Sequence[str], names: Sequence[str]) -> None:
    """Fill a chooser of options or criteria: each item shows its short label, as the charts name it, and
    its full name as the item's tooltip."""
    combo.clear()
    combo.addItems(list(labels))
    for k, name in enumerate(names):
        combo.setItemData(k, name, Qt.ItemDataRole.ToolTipRole)


def set_left_ticks(item: pg.PlotItem, ticks: Sequence[tuple[float, str]], most: int = 320,
                   keep_end: bool = False) -> None:
    """Label the left axis with `ticks` and make it as wide as their widest text: pyqtgraph drops any tick
    text wider than the axis, so a width guessed from the name lengths lost short rows' labels (their % is
    extra). The ticks are kept, so that `refit_left_axis` fits them again when View > Zoom or the chart's
    width changes. A text too long for half the chart is shortened at its end, or in its middle with
    `keep_end` (a figure after the name stays)."""
    ax = item.getAxis("left")
    ax.fitted_ticks = (list(ticks), most, keep_end)
    ax.shown_ticks = None
    refit_left_axis(item)


def refit_left_axis(item: pg.PlotItem) -> None:
    """Fit the left axis to its ticks at its current font and the chart's current width. The axis grows with
    the font (zoomed in, names that fitted at 100 % still fit) but takes at most half the chart, so the bars
    and the labels beside them keep room; names that do not fit are shortened, never dropped."""
    ax = item.getAxis("left")
    fitted = getattr(ax, "fitted_ticks", None)
    if fitted is None:
        return
    ticks, most, keep_end = fitted
    base = QApplication.font()
    font = ax.style.get("tickFont") or base
    scale = font.pointSizeF() / base.pointSizeF() if font.pointSizeF() > 0 and base.pointSizeF() > 0 else 1.0
    room = most * scale
    if item.width() > 0:
        room = min(room, 0.5 * item.width())
    fm = QFontMetricsF(font)
    extra = max(0, ax.style["tickLength"]) + ax.style["tickTextOffset"][0] + 8
    widest = max((fm.horizontalAdvance(t) for _y, t in ticks), default=0.0)
    width = math.ceil(min(room, max(40.0, widest + extra)))
    if ax.width() != width:
        ax.setWidth(width)
    mode = Qt.TextElideMode.ElideMiddle if keep_end else Qt.TextElideMode.ElideRight
    shown = [(y, t if fm.horizontalAdvance(t) + extra <= width else fm.elidedText(t, mode, width - extra))
             for y, t in ticks]
    if shown != getattr(ax, "shown_ticks", None):
        ax.shown_ticks = shown
        ax.setTicks([shown])


def elide(text: str, limit: int = 42) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def html_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def axis_font_color(item: pg.PlotItem, color: QColor) -> None:
    for name in ("left", "bottom"):
        ax = item.getAxis(name)
        ax.setPen(color)
        ax.setTextPen(color)

