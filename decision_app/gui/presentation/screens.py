"""Which screen the slides go to: the second screen when one is connected (the projector), so the workbench
stays on the laptop's; with one screen, that one. Pure geometry, so it is tested with made-up screens."""

from __future__ import annotations

from collections.abc import Sequence

Rect = tuple[int, int, int, int]  # x, y, width, height


def choose_screen(screens: Sequence[Rect], workbench: Rect) -> int:
    """The index of the screen to present on: the largest screen that does not show most of the workbench
    window, else the one that does."""
    if not screens:
        raise ValueError("no screen to present on")

    def overlap(a: Rect, b: Rect) -> int:
        w = min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0])
        h = min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1])
        return max(w, 0) * max(h, 0)

    home = max(range(len(screens)), key=lambda k: (overlap(screens[k], workbench), -k))
    others = [k for k in range(len(screens)) if k != home]
    if not others:
        return home
    return max(others, key=lambda k: (screens[k][2] * screens[k][3], -k))
