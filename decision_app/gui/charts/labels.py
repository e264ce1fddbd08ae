"""LabelSet: many short text labels anchored at data points (optionally each with a diamond marker),
drawn in device pixels by one item.

A pyqtgraph TextItem per label is a QGraphicsTextItem (a QTextDocument) with its own transform: changing
a dozen of them on every slider move, and re-rendering their caches, cost more than the bars they label.
Here a move stores positions and strings; a paint maps the anchors to device pixels and draws the text.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPolygonF, QTransform
from PySide6.QtWidgets import QApplication


def spread(wanted: np.ndarray, gap: float, lo: float, hi: float, ties: np.ndarray | None = None) -> np.ndarray:
    """Positions as near `wanted` as the rest allow (least squares), in the same order, at least `gap` apart
    and within [lo, hi]; when they cannot fit at `gap`, as far apart as [lo, hi] allows. Equal wishes keep
    the order of `ties` (where converging lines came from), else their own.

    Labels at the ends of converging lines: each stays beside its line when there is room and moves no more
    than the crowd needs. With x_i = p_i - i * gap the constraints become x non-decreasing, so the answer is
    the isotonic least-squares fit of wanted_i - i * gap (the max-min formula on means of runs, for a few
    dozen labels in one numpy pass), clipped to the bounds."""
    y = np.asarray(wanted, float)
    n = y.size
    if n == 0:
        return y.copy()
    order = np.argsort(y, kind="stable") if ties is None else np.lexsort((np.asarray(ties, float), y))
    if n > 1 and hi > lo:
        gap = min(gap, (hi - lo) / (n - 1))
    steps = np.arange(n) * gap
    z = y[order] - steps
    sums = np.concatenate([[0.0], np.cumsum(z)])
    j, k = np.arange(n)[:, None], np.arange(n)[None, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        means = np.where(k >= j, (sums[k + 1] - sums[j]) / (k - j + 1), np.inf)  # mean of z[j..k]
    least_after = np.minimum.accumulate(means[:, ::-1], axis=1)[:, ::-1]  # [j, i]: min over k >= i
    fit = np.where(j <= k, least_after, -np.inf).max(axis=0)  # [i]: max over j <= i
    fit = np.clip(fit, lo, max(lo, hi - steps[-1]))
    out = np.empty(n)
    out[order] = fit + steps
    return out


class LabelSet(pg.GraphicsObject):  # type: ignore[misc]  # pyqtgraph ships no type information
    sig_font_changed = Signal()  # the labels need more or less room: a chart that makes room for them re-ranges

    def __init__(self, color: QColor, anchor: tuple[float, float] = (0.0, 0.5), offset: tuple[float, float] = (0.0, 0.0),
                 marker: float = 0.0, avoid_overlap: bool = False, stack: bool = False):
        """anchor: which point of each label's box sits on its data point ((0, 0.5): left edge, middle);
        offset: a shift in pixels; marker: the size in pixels of a diamond drawn on each point (0: none);
        avoid_overlap: move a label that would cover an earlier one up or down by whole line heights;
        stack: labels in a column (line ends): spread apart in their points' order, inside the view, each
        moved as little as the others allow and joined to its point by a thin leader when moved."""
        super().__init__()
        self.stack = stack
        self.max_width = 0.0  # > 0: longer texts are shortened to this many pixels
        self.left_of: float | None = None  # a data x the labels end before (flipped to their point's left)
        self.clear_of: list[float] = []  # data x of vertical lines no label may cross (the current weight)
        self.color = QColor(color)
        self.anchor = anchor
        self.offset = offset
        self.marker = marker
        self.avoid_overlap = avoid_overlap
        self.colors: list[QColor] = []  # one per label when set (set_labels' colors), else self.color for all
        self.font = QApplication.font()
        self._font_key = self.font.key()
        self._widths: dict[tuple[str, str], float] = {}
        self.xs = np.zeros(0)
        self.ys = np.zeros(0)
        self.ties: np.ndarray | None = None
        self.priority: np.ndarray | None = None
        self.drawn = np.zeros(0, dtype=bool)  # per label: drawn at the last layout (stacked: room for it)
        self.texts: list[str] = []
        self._rect = QRectF()

    def set_font(self, font: QFont) -> None:
        """View > Zoom: the labels at the zoomed size."""
        if font == self.font:
            return
        self.font = QFont(font)
        self._font_key = self.font.key()
        self.update()
        self.sig_font_changed.emit()

    def set_labels(self, xs: Sequence[float] | np.ndarray, ys: Sequence[float] | np.ndarray, texts: Sequence[str],
                   colors: Sequence[QColor] | None = None, ties: np.ndarray | None = None,
                   priority: np.ndarray | None = None) -> None:
        """ties: for stacked labels at equal heights, data heights whose order theirs follows; priority: for
        stacked labels with too little room for all, which to draw first (lowest first)."""
        self.ties = None if ties is None else np.asarray(ties, float)
        self.priority = None if priority is None else np.asarray(priority)
        self.colors = list(colors) if colors is not None else []
        self.xs = np.asarray(xs, float)
        self.ys = np.asarray(ys, float)
        self.texts = list(texts)
        self._update_rect()
        self.update()

    def _update_rect(self) -> None:
        # The labels' pixel extent beyond their anchors is unknown in data units until paint: claim the view.
        vb = self.getViewBox()
        rect = vb.viewRect() if vb is not None and self.texts else QRectF()
        if rect != self._rect:
            self.prepareGeometryChange()
            self._rect = rect

    def viewRangeChanged(self) -> None:
        self._update_rect()

    def boundingRect(self) -> QRectF:
        return self._rect

    def layout(self, tr: QTransform) -> list[tuple[QPointF, QRectF]]:
        """Each label's (anchor point, text box) in the pixel space that `tr` maps item coordinates to."""
        fm = QFontMetricsF(self.font)
        ax, ay = self.anchor
        height = fm.ascent() + fm.descent()
        out: list[tuple[QPointF, QRectF]] = []
        drawn: list[bool] = []
        for x, y, text in zip(self.xs.tolist(), self.ys.tolist(), self.texts, strict=True):
            p = tr.map(QPointF(x, y))
            w = self._width(fm, text)
            if self.max_width > 0:
                w = min(w, self.max_width)
            box = QRectF(p.x() - ax * w + self.offset[0], p.y() - ay * height + self.offset[1], w, height)
            if self.left_of is not None:
                limit = tr.map(QPointF(self.left_of, y)).x()
                if box.right() > limit:  # it would run into what stands right of `left_of`: the other side
                    box.moveRight(min(limit, p.x() - abs(self.offset[0])))
                    vb = self.getViewBox()
                    left = tr.mapRect(vb.viewRect()).left() if vb is not None else box.left()
                    if box.left() < left:  # and never out of the chart: shortened to the room there is
                        box = QRectF(left, box.top(), max(min(box.width(), limit - left), 1.0), box.height())
            if not self.stack:
                box = self._inside_vertically(box, p, tr)
            if self.clear_of:
                box = self._beside_lines(box, p, tr)
            if self.avoid_overlap and not self.stack:
                placed = [b for (_p, b), shown in zip(out, drawn, strict=True) if shown]
                free = self._free_spot(box, placed, height, self._view_px(tr))
                drawn.append(free is not None)  # no room left in a short chart: left out, never on another
                box = free if free is not None else box
            else:
                drawn.append(True)
            out.append((p, box))
        self.drawn = np.array(drawn, dtype=bool)
        if self.stack and out:
            vb = self.getViewBox()
            view = tr.mapRect(vb.viewRect()) if vb is not None else QRectF()
            gap = height + 1.0
            fit = int((view.height() - height) // gap) + 1 if view.height() > height else 0
            if fit < len(out):  # more names than lines of room: the most important ones, never a heap
                rank = self.priority if self.priority is not None and self.priority.size == len(out) \
                    else np.arange(len(out))
                self.drawn[:] = False
                self.drawn[np.argsort(rank, kind="stable")[:fit]] = True
            keep = np.flatnonzero(self.drawn)
            ties = None
            if self.ties is not None and self.ties.size == len(out):
                ties = np.array([tr.map(QPointF(0.0, float(self.ties[k]))).y() for k in keep])
            if keep.size:
                tops = spread(np.array([out[k][1].top() for k in keep]), gap, view.top(), view.bottom() - height, ties)
                for k, t in zip(keep.tolist(), tops.tolist(), strict=True):
                    p, b = out[k]
                    out[k] = (p, QRectF(b.left(), t, b.width(), b.height()))
        return out

    def _width(self, fm: QFontMetricsF, text: str) -> float:
        """A text's width at the labels' font, measured once per font (a slider move repaints the same names)."""
        key = (self._font_key, text)
        w = self._widths.get(key)
        if w is None:
            if len(self._widths) > 4096:
                self._widths.clear()
            w = self._widths[key] = fm.horizontalAdvance(text)
        return w

    def shown_texts(self) -> list[str]:
        """The texts as drawn: shortened to `max_width` when one is set."""
        if self.max_width <= 0:
            return list(self.texts)
        fm = QFontMetricsF(self.font)
        return [fm.elidedText(t, Qt.TextElideMode.ElideRight, self.max_width) for t in self.texts]

    def _view_px(self, tr: QTransform) -> QRectF:
        vb = self.getViewBox()
        return tr.mapRect(vb.viewRect()) if vb is not None else QRectF()

    def _inside_vertically(self, box: QRectF, p: QPointF, tr: QTransform) -> QRectF:
        """A label above its point near the view's top edge goes below it (and the reverse), never out."""
        view = self._view_px(tr)
        if view.isEmpty():
            return box
        gap = abs(self.offset[1])
        if box.top() < view.top():
            box.moveTop(p.y() + gap)
        elif box.bottom() > view.bottom():
            box.moveBottom(p.y() - gap)
        box.moveTop(min(max(box.top(), view.top()), view.bottom() - box.height()))
        return box

    def _beside_lines(self, box: QRectF, p: QPointF, tr: QTransform) -> QRectF:
        """`box` moved off every line of `clear_of` it would cross: to the side of the line its point is on
        when the room there (within the view, left of `left_of`) holds it, else to the side with more room,
        shortened to that room."""
        view = self._view_px(tr)
        right_end = view.right()
        if self.left_of is not None:
            right_end = min(right_end, tr.map(QPointF(self.left_of, 0.0)).x())
        pad = 3.0
        for x in sorted(tr.map(QPointF(v, 0.0)).x() for v in self.clear_of):
            if not box.left() - pad < x < box.right() + pad:
                continue
            right_room, left_room = right_end - (x + pad), (x - pad) - view.left()
            fits_right, fits_left = right_room >= box.width(), left_room >= box.width()
            go_right = fits_right if fits_right != fits_left else (p.x() >= x if fits_right else right_room >= left_room)
            width = min(box.width(), max(right_room if go_right else left_room, 1.0))
            left = x + pad if go_right else max(view.left(), min(p.x() - abs(self.offset[0]), x - pad) - width)
            box = QRectF(left, box.top(), width, box.height())
        return box

    @staticmethod
    def _free_spot(box: QRectF, placed: list[QRectF], step: float, view: QRectF | None = None) -> QRectF | None:
        """The nearest of box moved up or down that covers none of the placed boxes: tried at whole steps
        and just above or below each placed box, inside `view` when one is given; None when none is free."""
        def inside(b: QRectF) -> bool:
            return view is None or view.isEmpty() or view.contains(b)

        if not any(box.intersects(b) for b in placed) and inside(box):
            return box
        tops = [box.top() + sign * k * (step + 1.0) for k in range(1, 2 * len(placed) + 2) for sign in (-1.0, 1.0)]
        tops += [t for b in placed for t in (b.top() - box.height() - 1.0, b.bottom() + 1.0)]
        if view is not None and not view.isEmpty():
            tops += [view.top(), view.bottom() - box.height()]
        free = [b for b in (box.translated(0.0, t - box.top()) for t in tops)
                if inside(b) and not any(b.intersects(o) for o in placed)]
        return min(free, key=lambda b: abs(b.top() - box.top())) if free else None

    def rects(self) -> list[QRectF]:
        """The labels' text boxes in scene coordinates, as drawn (tests compare them with the view)."""
        vb = self.getViewBox()
        if vb is not None:
            vb.childTransform()  # the view applies a new range lazily, before its next paint: apply it now
        placed = self.layout(self.sceneTransform())
        return [box for (_p, box), drawn in zip(placed, self.drawn, strict=True) if drawn]

    def paint(self, painter: QPainter, *_args: object) -> None:
        if not self.texts:
            return
        tr = painter.transform()
        painter.resetTransform()  # draw in device pixels: text keeps its size whatever the axes' scales
        painter.setFont(self.font)
        painter.setPen(self.color)
        ascent = QFontMetricsF(self.font).ascent()
        placed = self.layout(tr)
        fm = QFontMetricsF(self.font)
        for n, ((p, box), text) in enumerate(zip(placed, self.shown_texts(), strict=True)):
            if not self.drawn[n]:
                continue
            if self._width(fm, text) > box.width() + 0.5:  # a box narrowed to the room there is
                text = fm.elidedText(text, Qt.TextElideMode.ElideRight, box.width())
            if self.colors:
                painter.setPen(self.colors[n])
            painter.drawText(QPointF(box.left(), box.top() + ascent), text)
            if self.stack and abs(box.center().y() - p.y()) > 1.5:  # moved off its point: a leader back to it
                painter.drawLine(QPointF(p.x() + 1.0, p.y()), QPointF(box.left() - 2.0, box.center().y()))
        if self.marker:  # (labels with markers are never stacked): every point's marker, its label or not
            r = self.marker / 2
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(self.color)
            for p, _box in placed:
                x, y = p.x(), p.y()
                painter.drawPolygon(QPolygonF([QPointF(x, y - r), QPointF(x + r, y), QPointF(x, y + r), QPointF(x - r, y)]))
