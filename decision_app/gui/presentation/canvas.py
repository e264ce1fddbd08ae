"""A widget that paints one slide's layout (`report.slide_layout`) with QPainter in the embedded Roboto.

Font sizes come from the layout in pixels of this widget's height; the last paint's texts and pixel sizes are
kept in `painted` so a test can measure every one. Blanking paints the whole widget black or white."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontDatabase, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from decision_app.report import fonts
from decision_app.report.slide_layout import Box, Path, SlideLayout, Text

_family: str | None = None


def roboto_family() -> str:
    """Load the Roboto faces the PDF embeds (once) and return the family name Qt knows them by."""
    global _family
    if _family is None:
        folder = fonts.font_folder()
        names: list[str] = []
        for face in ("Roboto-Regular.ttf", "Roboto-Bold.ttf"):
            fid = QFontDatabase.addApplicationFont(str(folder / face))
            names += QFontDatabase.applicationFontFamilies(fid) if fid >= 0 else []
        _family = names[0] if names else "Roboto"
    return _family


class SlideCanvas(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.slide: SlideLayout | None = None
        self.blank: str | None = None  # "#000000" or "#FFFFFF" while blanked
        self.painted: list[tuple[str, int]] = []  # (text, pixel size) of the last paint
        self.family = roboto_family()
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    def set_slide(self, slide: SlideLayout) -> None:
        self.slide = slide
        self.update()

    def set_blank(self, color: str | None) -> None:
        self.blank = color
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        self.painted = []
        if self.blank is not None or self.slide is None:
            p.fillRect(self.rect(), QColor(self.blank or "#000000"))
            p.end()
            return
        fonts_cache: dict[tuple[int, bool], QFont] = {}
        for op in self.slide.ops:
            if isinstance(op, Box):
                rect = QRectF(op.x, op.y, op.w, op.h)
                if op.fill is not None:
                    p.fillRect(rect, QColor(op.fill))
                if op.stroke is not None:
                    p.setPen(QPen(QColor(op.stroke), op.width))
                    p.setBrush(Qt.BrushStyle.NoBrush)
                    p.drawRect(rect)
            elif isinstance(op, Path):
                pen = QPen(QColor(op.color), op.width)
                pen.setCapStyle(Qt.PenCapStyle.RoundCap)
                pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
                if op.dash:
                    pen.setStyle(Qt.PenStyle.DashLine)
                p.setPen(pen)
                path = QPainterPath(QPointF(op.points[0], op.points[1]))
                for k in range(2, len(op.points), 2):
                    path.lineTo(op.points[k], op.points[k + 1])
                if op.fill is not None:
                    path.closeSubpath()
                    p.setBrush(QBrush(QColor(op.fill)))
                else:
                    p.setBrush(Qt.BrushStyle.NoBrush)
                p.drawPath(path)
            elif isinstance(op, Text):
                px = max(1, round(op.size))
                font = fonts_cache.get((px, op.bold))
                if font is None:
                    font = QFont(self.family)
                    font.setPixelSize(px)
                    font.setBold(op.bold)
                    fonts_cache[(px, op.bold)] = font
                p.setFont(font)
                p.setPen(QColor(op.color))
                x = op.x
                if op.anchor != "start":
                    w = p.fontMetrics().horizontalAdvance(op.text)
                    x -= w / 2 if op.anchor == "middle" else w
                p.drawText(QPointF(x, op.y), op.text)
                self.painted.append((op.text, font.pixelSize()))
        p.end()
