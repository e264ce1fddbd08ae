"""PolylineSet: several polylines over one x grid, each with its own pen, in one graphics item.

One PlotCurveItem per option meant, per slider move, a bounds pass (nanmin/nanmax) and a scene re-index
per curve. Here a move stores one (lines, points) array and computes one extent; a paint builds one
QPainterPath per line with numpy (pyqtgraph's arrayToQPath).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainter, QPainterPath, QPen


class PolylineSet(pg.GraphicsObject):  # type: ignore[misc]  # pyqtgraph ships no type information
    def __init__(self) -> None:
        super().__init__()
        self.xs = np.zeros(0)
        self.ys = np.zeros((0, 0))
        self.pens: list[QPen] = []
        self._paths: list[QPainterPath] | None = None
        self._rect = QRectF()

    def set_lines(self, xs: np.ndarray, ys: np.ndarray, pens: list[QPen] | None = None) -> None:
        """xs: (points,); ys: (lines, points); pens: one per line (kept when None)."""
        self.xs = np.asarray(xs, float)
        self.ys = np.atleast_2d(np.asarray(ys, float))
        if pens is not None:
            self.pens = pens
        self._paths = None
        if self.ys.size:
            x0, x1 = float(self.xs.min()), float(self.xs.max())
            y0, y1 = float(self.ys.min()), float(self.ys.max())
            pad_y = 0.01 * ((y1 - y0) or 1.0)  # room for the pen's width at the extremes
            rect = QRectF(x0, y0 - pad_y, x1 - x0, y1 - y0 + 2 * pad_y)
        else:
            rect = QRectF()
        if rect != self._rect:
            self.prepareGeometryChange()
            self._rect = rect
        self.update()

    def line_data(self, i: int) -> tuple[np.ndarray, np.ndarray]:
        """(x, y) of line i as drawn."""
        return self.xs.copy(), self.ys[i].copy()

    def boundingRect(self) -> QRectF:
        return self._rect

    def paint(self, painter: QPainter, *_args: object) -> None:
        if self._paths is None:
            self._paths = [pg.functions.arrayToQPath(self.xs, y) for y in self.ys]
        for path, pen in zip(self._paths, self.pens, strict=False):
            painter.setPen(pen)
            painter.drawPath(path)
