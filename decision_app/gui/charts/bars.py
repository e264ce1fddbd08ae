"""StackedBars: many horizontal bars in a few colours, painted as one filled path per colour.

pyqtgraph's BarGraphItem records a QPicture on every change and replays it on every paint; with a bar per
option and criterion that dominated the slider path. Here a change only stores arrays, and a paint builds
one QPainterPath per colour with numpy (pyqtgraph's arrayToQPath) and fills it.

Attribute names avoid QGraphicsObject's own members (`y()`, and the `width`/`height` properties).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath


class StackedBars(pg.GraphicsObject):
    def __init__(self, colors: list[QColor], bar_height: float = 0.66):
        super().__init__()
        self.brushes = [QBrush(QColor(c)) for c in colors]
        self.bar_height = bar_height
        self.starts = np.zeros((0, len(colors)))
        self.lengths = np.zeros((0, len(colors)))
        self.rows = np.zeros(0)
        self._paths: list[QPainterPath | None] | None = None
        self._rect = QRectF()

    def set_bars(self, starts: np.ndarray, lengths: np.ndarray, rows: np.ndarray) -> None:
        """starts, lengths: (bars, colours); rows: (bars,) vertical centres. Bars of zero length are not drawn."""
        self.starts = np.asarray(starts, float)
        self.lengths = np.asarray(lengths, float)
        self.rows = np.asarray(rows, float)
        self._paths = None
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

    def _build(self) -> list[QPainterPath | None]:
        paths: list[QPainterPath | None] = []
        h = self.bar_height / 2
        for j in range(self.lengths.shape[1]):
            keep = self.lengths[:, j] != 0
            if not keep.any():
                paths.append(None)
                continue
            x0 = self.starts[keep, j]
            x1 = x0 + self.lengths[keep, j]
            y = self.rows[keep]
            xs = np.stack([x0, x1, x1, x0, x0], axis=1).ravel()
            ys = np.stack([y - h, y - h, y + h, y + h, y - h], axis=1).ravel()
            connect = np.ones(xs.size, dtype=bool)
            connect[4::5] = False  # each rectangle is its own closed polygon
            paths.append(pg.functions.arrayToQPath(xs, ys, connect=connect))
        return paths

    def paint(self, painter: QPainter, *_args: object) -> None:
        if self._paths is None:
            self._paths = self._build()
        for path, brush in zip(self._paths, self.brushes, strict=True):
            if path is not None:
                painter.fillPath(path, brush)

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
