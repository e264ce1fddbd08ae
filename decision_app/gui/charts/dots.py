"""DotSet: round dots of a fixed size in a few colours, painted in one pass (the group view's participants).

pyqtgraph's ScatterPlotItem rebuilds a record per spot and looks up a brush per point on every `setData`;
with a dot per participant and criterion that was most of the group view's update. Here a change stores
arrays, and a paint maps them to device pixels with numpy and blits one pre-drawn antialiased dot per
point (drawing the circles themselves, antialiased, cost four times as much), so dots keep their size in
pixels at any zoom.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPixmap


class DotSet(pg.GraphicsObject):  # type: ignore[misc]  # pyqtgraph ships no type information
    def __init__(self, size: float = 8.0) -> None:
        super().__init__()
        self.size = size
        self.xs = np.zeros(0)
        self.ys = np.zeros(0)
        self.groups = np.zeros(0, dtype=int)
        self.colors: list[QColor] = []
        self._sprites: dict[float, list[QPixmap]] = {}  # per device pixel ratio
        self._rect = QRectF()

    def set_colors(self, colors: list[QColor]) -> None:
        """One colour per group (dots of group j are drawn in colors[j])."""
        self.colors = [QColor(c) for c in colors]
        self._sprites = {}
        self.update()

    def _sprite_set(self, ratio: float) -> list[QPixmap]:
        if ratio not in self._sprites:
            side = int(np.ceil(self.size * ratio)) + 2
            sprites = []
            for color in self.colors:
                pm = QPixmap(side, side)
                pm.fill(Qt.GlobalColor.transparent)
                p = QPainter(pm)
                p.setRenderHint(QPainter.RenderHint.Antialiasing)
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(color)
                p.drawEllipse(QRectF(1, 1, side - 2, side - 2))
                p.end()
                pm.setDevicePixelRatio(ratio)
                sprites.append(pm)
            self._sprites[ratio] = sprites
        return self._sprites[ratio]

    def set_points(self, x: np.ndarray, y: np.ndarray, groups: np.ndarray) -> None:
        """x, y: positions in data coordinates; groups: each dot's colour index."""
        self.xs, self.ys = np.asarray(x, float).ravel(), np.asarray(y, float).ravel()
        self.groups = np.asarray(groups, int).ravel()
        if self.xs.size:
            x0, x1 = float(self.xs.min()), float(self.xs.max())
            y0, y1 = float(self.ys.min()), float(self.ys.max())
            # Room for a dot's radius (pixels) at the extremes, generously in data units: a larger rect only
            # widens the repainted region.
            px, py = 0.1 * (x1 - x0) + 0.02, 0.5
            rect = QRectF(x0 - px, y0 - py, x1 - x0 + 2 * px, y1 - y0 + 2 * py)
        else:
            rect = QRectF()
        if rect != self._rect:
            self.prepareGeometryChange()
            self._rect = rect
        self.update()

    def getData(self) -> tuple[np.ndarray, np.ndarray]:  # the name pyqtgraph's items use
        """(x, y) of the dots as drawn."""
        return self.xs.copy(), self.ys.copy()

    def boundingRect(self) -> QRectF:
        return self._rect

    def paint(self, painter: QPainter, *_args: object) -> None:
        if not self.xs.size:
            return
        t = painter.transform()  # data to device: the view box scales and translates, never rotates
        half = self.size / 2
        px = t.m11() * self.xs + t.m21() * self.ys + t.dx() - half
        py = t.m12() * self.xs + t.m22() * self.ys + t.dy() - half
        sprites = self._sprite_set(painter.device().devicePixelRatioF())
        painter.save()
        painter.resetTransform()
        for x, y, j in zip(px.tolist(), py.tolist(), self.groups.tolist(), strict=True):
            painter.drawPixmap(QPointF(x, y), sprites[j])
        painter.restore()
