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
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPolygonF
from PySide6.QtWidgets import QApplication


class LabelSet(pg.GraphicsObject):  # type: ignore[misc]  # pyqtgraph ships no type information
    def __init__(self, color: QColor, anchor: tuple[float, float] = (0.0, 0.5), offset: tuple[float, float] = (0.0, 0.0),
                 marker: float = 0.0):
        """anchor: which point of each label's box sits on its data point ((0, 0.5): left edge, middle);
        offset: a shift in pixels; marker: the size in pixels of a diamond drawn on each point (0: none)."""
        super().__init__()
        self.color = QColor(color)
        self.anchor = anchor
        self.offset = offset
        self.marker = marker
        self.font = QApplication.font()
        self.xs = np.zeros(0)
        self.ys = np.zeros(0)
        self.texts: list[str] = []
        self._rect = QRectF()

    def set_labels(self, xs: Sequence[float] | np.ndarray, ys: Sequence[float] | np.ndarray, texts: Sequence[str]) -> None:
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

    def paint(self, painter: QPainter, *_args: object) -> None:
        if not self.texts:
            return
        tr = painter.transform()
        painter.resetTransform()  # draw in device pixels: text keeps its size whatever the axes' scales
        painter.setFont(self.font)
        painter.setPen(self.color)
        fm = QFontMetricsF(self.font)
        ax, ay = self.anchor
        height = fm.ascent() + fm.descent()
        points = [tr.map(QPointF(float(x), float(y))) for x, y in zip(self.xs, self.ys, strict=True)]
        dx, dy = self.offset[0], self.offset[1] - ay * height + fm.ascent()
        for p, text in zip(points, self.texts, strict=True):
            shift = ax * fm.horizontalAdvance(text) if ax else 0.0  # left-anchored labels need no width
            painter.drawText(QPointF(p.x() - shift + dx, p.y() + dy), text)
        if self.marker:
            r = self.marker / 2
            painter.setBrush(self.color)
            painter.setPen(Qt.PenStyle.NoPen)
            for p in points:
                x, y = p.x(), p.y()
                painter.drawPolygon(QPolygonF([QPointF(x, y - r), QPointF(x + r, y), QPointF(x, y + r), QPointF(x - r, y)]))
