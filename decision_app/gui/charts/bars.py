"""StackedBars: many horizontal bars in a few colours, painted as one filled path per colour.

pyqtgraph's BarGraphItem records a QPicture on every change and replays it on every paint; with a bar per
option and criterion that dominated the slider path. Here a change only stores arrays, and a paint draws
each colour's rectangles in one call: a list of QRectF for a few dozen bars a colour, one QPainterPath
built with numpy (pyqtgraph's arrayToQPath) beyond that, where building Python objects would cost more.

Attribute names avoid QGraphicsObject's own members (`y()`, and the `width`/`height` properties).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath

FEW = 64  # bars of one colour drawn from a list of rectangles; more go through one numpy-built path


class StackedBars(pg.GraphicsObject):  # type: ignore[misc]  # pyqtgraph ships no type information
    def __init__(self, colors: list[QColor], bar_height: float = 0.66):
        super().__init__()
        self.brushes = [QBrush(QColor(c)) for c in colors]
        self.bar_height = bar_height
        self.starts = np.zeros((0, len(colors)))
        self.lengths = np.zeros((0, len(colors)))
        self.rows = np.zeros(0)
        self._shapes: list[list[QRectF] | QPainterPath | None] | None = None
        self._rect = QRectF()

    def set_bars(self, starts: np.ndarray, lengths: np.ndarray, rows: np.ndarray) -> None:
        """starts, lengths: (bars, colours); rows: (bars,) vertical centres. Bars of zero length are not drawn."""
        self.starts = np.asarray(starts, float)
        self.lengths = np.asarray(lengths, float)
        self.rows = np.asarray(rows, float)
        self._shapes = None
        if self.rows.size:
            ends = self.starts + self.lengths
            lo = float(min(self.starts.min(), ends.min()))
            hi = float(max(self.starts.max(), ends.max()))
            rect = QRectF(lo, float(self.rows.min()) - self.bar_height / 2, hi - lo,
                          float(np.ptp(self.rows)) + self.bar_height)
        else:
            rect = QRectF()
        if rect != self._rect:  # a geometry change re-indexes the item; most moves keep the same extent
            self.prepareGeometryChange()
            self._rect = rect
        self.update()

    def boundingRect(self) -> QRectF:
        return self._rect

    def _build(self) -> list[list[QRectF] | QPainterPath | None]:
        shapes: list[list[QRectF] | QPainterPath | None] = []
        h = self.bar_height / 2
        for j in range(self.lengths.shape[1]):
            keep = self.lengths[:, j] != 0
            count = int(np.count_nonzero(keep))
            if not count:
                shapes.append(None)
                continue
            x0 = self.starts[keep, j]
            x1 = x0 + self.lengths[keep, j]
            y = self.rows[keep]
            if count <= FEW:
                left = np.minimum(x0, x1)
                shapes.append([QRectF(a, b, c, self.bar_height) for a, b, c in
                               zip(left.tolist(), (y - h).tolist(), np.abs(x1 - x0).tolist(), strict=True)])
                continue
            xs = np.stack([x0, x1, x1, x0, x0], axis=1).ravel()
            ys = np.stack([y - h, y - h, y + h, y + h, y - h], axis=1).ravel()
            connect = np.ones(xs.size, dtype=bool)
            connect[4::5] = False  # each rectangle is its own closed polygon
            shapes.append(pg.functions.arrayToQPath(xs, ys, connect=connect))
        return shapes

    def paint(self, painter: QPainter, *_args: object) -> None:
        if self._shapes is None:
            self._shapes = self._build()
        painter.setPen(Qt.PenStyle.NoPen)
        for shape, brush in zip(self._shapes, self.brushes, strict=True):
            if isinstance(shape, list):
                painter.setBrush(brush)
                painter.drawRects(shape)
            elif shape is not None:
                painter.fillPath(shape, brush)

    def bar_at(self, x: float, y: float) -> tuple[int, int] | None:
        """(row, colour) of the bar under a point, for hover read-outs."""
        rows = np.flatnonzero(np.abs(self.rows - y) <= self.bar_height / 2)
        for i in rows:
            left = np.minimum(self.starts[i], self.starts[i] + self.lengths[i])
            right = np.maximum(self.starts[i], self.starts[i] + self.lengths[i])
            hit = np.flatnonzero((left <= x) & (x <= right) & (self.lengths[i] != 0))
            if hit.size:
                return int(i), int(hit[0])
        return None
