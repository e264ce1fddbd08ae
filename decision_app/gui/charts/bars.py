"""StackedBars: many horizontal bars in a few colours, painted as one filled path per colour.

pyqtgraph's BarGraphItem records a QPicture on every change and replays it on every paint; with a bar per
option and criterion that dominated the slider path. Here a change only stores arrays, and a paint builds
one QPainterPath per colour with numpy (pyqtgraph's arrayToQPath) and fills it.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtGui import QBrush, QColor, QPainter


class StackedBars(pg.GraphicsObject):
    def __init__(self, colors: list[QColor], height: float = 0.66):
        super().__init__()
        self.brushes = [QBrush(QColor(c)) for c in colors]
        self.height = height
        self.x0 = np.zeros((0, len(colors)))
        self.width = np.zeros((0, len(colors)))
        self.y = np.zeros(0)
        self._paths: list | None = None
        self._rect = QRectF()

    def set_bars(self, x0: np.ndarray, width: np.ndarray, y: np.ndarray) -> None:
        """x0, width: (rows, colours); y: (rows,). Bars of zero width are not drawn."""
        self.x0, self.width, self.y = np.asarray(x0, float), np.asarray(width, float), np.asarray(y, float)
        self._paths = None
        self.prepareGeometryChange()
        if self.y.size:
            lo = float(min(self.x0.min(), (self.x0 + self.width).min()))
            hi = float(max(self.x0.max(), (self.x0 + self.width).max()))
            self._rect = QRectF(lo, float(self.y.min()) - self.height / 2, hi - lo,
                                float(np.ptp(self.y)) + self.height)
        else:
            self._rect = QRectF()
        self.update()

    def boundingRect(self) -> QRectF:
        return self._rect

    def _build(self) -> list:
        paths = []
        h = self.height / 2
        for j in range(self.width.shape[1]):
            keep = self.width[:, j] != 0
            if not keep.any():
                paths.append(None)
                continue
            x0, x1, y = self.x0[keep, j], self.x0[keep, j] + self.width[keep, j], self.y[keep]
            xs = np.stack([x0, x1, x1, x0, x0], axis=1).ravel()
            ys = np.stack([y - h, y - h, y + h, y + h, y - h], axis=1).ravel()
            connect = np.ones(xs.size, dtype=bool)
            connect[4::5] = False  # each rectangle is its own closed polygon
            paths.append(pg.functions.arrayToQPath(xs, ys, connect=connect))
        return paths

    def paint(self, painter: QPainter, *_args) -> None:
        if self._paths is None:
            self._paths = self._build()
        painter.setPen(pg.mkPen(None))
        for path, brush in zip(self._paths, self.brushes, strict=True):
            if path is not None:
                painter.fillPath(path, brush)

    def bar_at(self, x: float, y: float) -> tuple[int, int] | None:
        """(row, colour) of the bar under a point, for hover read-outs."""
        rows = np.flatnonzero(np.abs(self.y - y) <= self.height / 2)
        for i in rows:
            left = np.minimum(self.x0[i], self.x0[i] + self.width[i])
            right = np.maximum(self.x0[i], self.x0[i] + self.width[i])
            hit = np.flatnonzero((left <= x) & (x <= right) & (self.width[i] != 0))
            if hit.size:
                return int(i), int(hit[0])
        return None
