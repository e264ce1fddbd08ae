"""Window rectangles that fit the screen: the first window on a 1024×768 projector, a geometry restored from a
monitor that is gone. Pure functions of rectangles, tested without a screen."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize

DEFAULT_SIZE = QSize(1400, 900)
# Room for the window manager's title bar and borders, which Qt counts outside geometry().
FRAME = QSize(16, 40)


def fit_rect(want: QSize, avail: QRect) -> QRect:
    """`want`, shrunk to what fits `avail` with its frame, centred in `avail`."""
    w = min(want.width(), avail.width() - FRAME.width())
    h = min(want.height(), avail.height() - FRAME.height())
    rect = QRect(0, 0, max(w, 1), max(h, 1))
    rect.moveCenter(avail.center())
    rect.moveTop(max(rect.top(), avail.top() + FRAME.height() - FRAME.width() // 2))
    return rect


def clamp_rect(rect: QRect, avail: QRect) -> QRect:
    """`rect` moved (and if need be shrunk) so that it lies inside `avail` with its frame."""
    if avail.adjusted(0, FRAME.height() - FRAME.width() // 2, 0, 0).contains(rect):
        return QRect(rect)
    fitted = fit_rect(rect.size(), avail)
    inner = avail.adjusted(FRAME.width() // 2, FRAME.height() - FRAME.width() // 2, -FRAME.width() // 2,
                           -FRAME.width() // 2)
    x = min(max(rect.left(), inner.left()), inner.right() - fitted.width() + 1)
    y = min(max(rect.top(), inner.top()), inner.bottom() - fitted.height() + 1)
    fitted.moveTo(max(x, avail.left()), max(y, avail.top()))
    return fitted


def is_small(avail: QRect, wide_from: int) -> bool:
    """A screen too narrow for the charts side by side."""
    return avail.width() < wide_from
