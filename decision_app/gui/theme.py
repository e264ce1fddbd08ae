"""Colours and the light/dark theme.

The hues come from `decision_app.palette` (shared with the brief and the slides): the same criterion, and the
same option, has the same colour in every view. Options in line charts add dash patterns to colours so
that more than twelve stay apart. The theme follows the system unless the
user picks one (View > Theme).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from decision_app.palette import CRITERION_COLORS, OPTION_COLORS, criterion_hex, option_hex

__all__ = ["CRITERION_COLORS", "OPTION_COLORS"]  # re-exported: tests and charts read them here

DASHES = [Qt.PenStyle.SolidLine, Qt.PenStyle.DashLine, Qt.PenStyle.DotLine, Qt.PenStyle.DashDotLine]


def criterion_color(j: int) -> QColor:
    return QColor(criterion_hex(j))


def option_style(i: int) -> tuple[QColor, Qt.PenStyle]:
    """Option i's colour (the same in the brief and the slides) and, past the palette's end, a dash."""
    return QColor(option_hex(i)), DASHES[(i // len(OPTION_COLORS)) % len(DASHES)]


def rank_color(r: int, m: int, dark: bool) -> QColor:
    """Sequential blues for rank acceptability: rank 1 darkest on light backgrounds (lightest on dark)."""
    t = 0.0 if m <= 1 else r / (m - 1)
    lo, hi = (QColor("#08306B"), QColor("#DEEBF7"))
    if dark:
        lo, hi = QColor("#C6DBEF"), QColor("#08306B")
    return QColor(int(lo.red() + (hi.red() - lo.red()) * t), int(lo.green() + (hi.green() - lo.green()) * t),
                  int(lo.blue() + (hi.blue() - lo.blue()) * t))


def system_is_dark() -> bool:
    hints = QGuiApplication.styleHints()
    scheme = getattr(hints, "colorScheme", None)
    if scheme is not None:
        return bool(scheme() == Qt.ColorScheme.Dark)
    return QGuiApplication.palette().color(QPalette.ColorRole.Window).lightness() < 128


def is_dark() -> bool:
    return QApplication.palette().color(QPalette.ColorRole.Window).lightness() < 128


def apply_theme(app: QApplication, choice: str = "system") -> bool:
    """Set the Fusion style with a light or dark palette; returns True for dark."""
    dark = system_is_dark() if choice == "system" else choice == "dark"
    if app.style().name().lower() != "fusion":  # re-setting it would repolish, and re-lay out, every widget
        app.setStyle("Fusion")
    pal = QPalette()
    if dark:
        base, text, window, button = QColor("#1E1F22"), QColor("#E6E6E6"), QColor("#2B2D30"), QColor("#3C3F41")
        pal.setColor(QPalette.ColorRole.Window, window)
        pal.setColor(QPalette.ColorRole.WindowText, text)
        pal.setColor(QPalette.ColorRole.Base, base)
        pal.setColor(QPalette.ColorRole.AlternateBase, window)
        pal.setColor(QPalette.ColorRole.Text, text)
        pal.setColor(QPalette.ColorRole.Button, button)
        pal.setColor(QPalette.ColorRole.ButtonText, text)
        pal.setColor(QPalette.ColorRole.ToolTipBase, window)
        pal.setColor(QPalette.ColorRole.ToolTipText, text)
        pal.setColor(QPalette.ColorRole.Highlight, QColor("#3574F0"))
        pal.setColor(QPalette.ColorRole.HighlightedText, QColor("#FFFFFF"))
        pal.setColor(QPalette.ColorRole.PlaceholderText, QColor("#8C8C8C"))
        pal.setColor(QPalette.ColorRole.Link, QColor("#6CA6FF"))
        for role in (QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText, QPalette.ColorRole.WindowText):
            pal.setColor(QPalette.ColorGroup.Disabled, role, QColor("#777777"))
    else:
        pal = app.style().standardPalette()
    app.setPalette(pal)
    import pyqtgraph as pg

    pg.setConfigOptions(background=pal.color(QPalette.ColorRole.Base), foreground=pal.color(QPalette.ColorRole.Text),
                        antialias=True)
    return dark
