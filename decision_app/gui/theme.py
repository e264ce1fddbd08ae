"""Colours and the light/dark theme.

Criteria use the Okabe-Ito palette (distinguishable with the common colour-vision deficiencies), then
Paul Tol's muted set; the same criterion has the same colour in every view. Options in line charts add
dash patterns to colours so that more than twelve stay apart. The theme follows the system unless the
user picks one (View > Theme).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#7F7F7F"]
TOL_MUTED = ["#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77", "#CC6677", "#882255", "#AA4499"]
CRITERION_COLORS = OKABE_ITO + TOL_MUTED
DASHES = [Qt.PenStyle.SolidLine, Qt.PenStyle.DashLine, Qt.PenStyle.DotLine, Qt.PenStyle.DashDotLine]


def criterion_color(j: int) -> QColor:
    return QColor(CRITERION_COLORS[j % len(CRITERION_COLORS)])


# Options take Paul Tol's bright and vibrant sets, none of which is a criterion's colour: an option's line
# never reads as a criterion's bar segment, and option i has the same colour wherever options are coloured.
OPTION_COLORS = ["#4477AA", "#EE6677", "#228833", "#CCBB44", "#66CCEE", "#AA3377", "#EE7733", "#0077BB",
                 "#33BBEE", "#EE3377", "#CC3311", "#009988"]


def option_style(i: int) -> tuple[QColor, Qt.PenStyle]:
    colors = OPTION_COLORS
    return QColor(colors[i % len(colors)]), DASHES[(i // len(colors)) % len(DASHES)]


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
