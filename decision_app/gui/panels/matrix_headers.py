"""The matrix's column header in a value tree: the criteria in the tree's order, under bands that name their
objectives, one band a level, as Hiview and Logical Decisions draw a tree over a table (issue 23). A band spans
the columns of its objective's criteria; its tooltip gives the objective's path and full name. A criterion with
fewer objectives above it than the deepest one has a taller header of its own. A flat model has no bands: the
header is Qt's own, columns in the model's order.

What lives here is the header's drawing and geometry; which criteria sit under which objective is read from the
compiled tree (`core.tree.ValueTree`).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPoint, QRect, Qt
from PySide6.QtGui import QFontMetrics, QHelpEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QHeaderView, QStyle, QStyleOptionHeader, QToolTip, QWidget

from decision_app.core.tree import ValueTree
from decision_app.gui.charts.base import html_escape


@dataclass(frozen=True)
class Band:
    """An objective over its criteria's columns. `level` 0 is the top band; `columns` are criterion indices
    (the model's columns), in the tree's order."""

    level: int
    name: str  # what the band shows: the objective's short name
    tooltip: str
    columns: tuple[int, ...]


def tree_columns(tree: ValueTree) -> list[int]:
    """The criteria (model columns) in the order the tree shows them, depth first."""
    return [item - tree.n_nodes for item in tree.walk() if item >= tree.n_nodes]


def branch_bands(tree: ValueTree) -> list[Band]:
    """A band per objective, parents before their children; none for a flat model."""
    order = tree_columns(tree)
    bands = []
    for item in tree.walk():
        if item >= tree.n_nodes:
            continue
        path = [tree.names[a] for a in tree.walk() if a < tree.n_nodes and tree.ancestors[item, a]]
        tip = (f"<b>{html_escape(tree.names[item])}</b>"
               + (f"<br><i>{html_escape(' › '.join(path[:-1]))}</i>" if len(path) > 1 else "")
               + f"<br>{len([j for j in order if tree.leaves[item, j] > 0])} criteria: the objective's weight"
               " is the sum of theirs")
        bands.append(Band(int(tree.depth[item]) - 1, tree.short[item], tip,
                          tuple(j for j in order if tree.leaves[item, j] > 0)))
    return bands


class BranchHeader(QHeaderView):
    """The horizontal header of the matrix, with the value tree's objectives as bands above the criteria."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(Qt.Orientation.Horizontal, parent)
        self._bands: list[Band] = []
        self._above: dict[int, int] = {}  # column -> how many bands are above its own header
        self._painted_offset = 0
        # A band spans several sections: a section resized or moved repaints the whole band, not its own part.
        self.sectionResized.connect(lambda *_a: self.viewport().update())
        self.sectionMoved.connect(lambda *_a: self.viewport().update())

    # --- the tree -----------------------------------------------------------------------------------------

    def set_tree(self, tree: ValueTree) -> None:
        """Bands for `tree`'s objectives and the columns in its order (the model's order for a flat model)."""
        self._bands = branch_bands(tree)
        self._above = {j: int(tree.depth[tree.criterion_item(j)]) - 1 for j in range(tree.n_criteria)}
        for visual, logical in enumerate(tree_columns(tree)):
            if logical < self.count() and self.visualIndex(logical) != visual:
                self.moveSection(self.visualIndex(logical), visual)
        self.viewport().update()

    def bands(self) -> list[Band]:
        return list(self._bands)

    def band_rows(self) -> int:
        return max((b.level + 1 for b in self._bands), default=0)

    def band_height(self) -> int:
        """One line of the header's (zoomed) font with the header's margins."""
        margin = self.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, self)
        return QFontMetrics(self.font()).height() + 2 * margin + 4

    def bands_height(self) -> int:
        """The height the bands take above the deepest criteria."""
        return self.band_rows() * self.band_height()

    def label_top(self, logical: int) -> int:
        """Where column `logical`'s own header starts, below the bands of its objectives."""
        return self._above.get(logical, 0) * self.band_height()

    def band_rect(self, band: Band) -> QRect:
        """The band's rectangle in the header's viewport: over its columns, on its level's row."""
        xs = [(self.sectionViewportPosition(j), self.sectionSize(j)) for j in band.columns if j < self.count()]
        left = min(x for x, _w in xs)
        right = max(x + w for x, w in xs)
        h = self.band_height()
        return QRect(left, band.level * h, right - left, h)

    # --- drawing ------------------------------------------------------------------------------------------

    def paintSection(self, painter: QPainter, rect: QRect, logical: int) -> None:
        super().paintSection(painter, rect.adjusted(0, self.label_top(logical), 0, 0), logical)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._bands or not self.count():
            return
        if self.offset() != self._painted_offset:
            # Scrolled: Qt moved the old pixels and asks only for the strip uncovered, but a band's name is
            # centred on the part in view and moves with the scroll: draw the whole header again.
            self._painted_offset = self.offset()
            self.viewport().update()
        painter = QPainter(self.viewport())
        style, fm = self.style(), QFontMetrics(self.font())
        shown = self.viewport().rect()
        for band in self._bands:
            rect = self.band_rect(band)
            if not rect.intersects(shown):
                continue
            opt = QStyleOptionHeader()
            self.initStyleOption(opt)
            opt.rect = rect
            opt.position = QStyleOptionHeader.SectionPosition.OnlyOneSection
            opt.textAlignment = Qt.AlignmentFlag.AlignCenter
            style.drawControl(QStyle.ControlElement.CE_HeaderSection, opt, painter, self)
            # The name centred on the part in view, so a band scrolled half out of sight still says what it is.
            label = style.subElementRect(QStyle.SubElement.SE_HeaderLabel, opt, self).intersected(shown)
            opt.rect = label
            opt.text = fm.elidedText(band.name, Qt.TextElideMode.ElideRight, label.width())
            style.drawControl(QStyle.ControlElement.CE_HeaderLabel, opt, painter, self)
        painter.end()

    def band_at(self, pos: QPoint) -> Band | None:
        """The band under a point of the viewport (None over a criterion's own header)."""
        logical = self.logicalIndexAt(pos)
        if logical < 0 or pos.y() >= self.label_top(logical):
            return None
        return next((b for b in self._bands if b.level == pos.y() // self.band_height() and logical in b.columns),
                    None)

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            band = self.band_at(event.pos())
            if band is not None:
                QToolTip.showText(event.globalPos(), band.tooltip, self)
                return True
        return super().viewportEvent(event)
