"""The brief's font: Roboto (Apache 2.0, shipped by the font-roboto package), embedded as TrueType.

It covers Latin, Greek and Cyrillic. Text the font cannot draw is reported, never dropped silently.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FAMILY = "Roboto"
_FACES = {"Roboto": "Roboto-Regular.ttf", "Roboto-Bold": "Roboto-Bold.ttf", "Roboto-Italic": "Roboto-Italic.ttf",
          "Roboto-BoldItalic": "Roboto-BoldItalic.ttf"}
_registered = False


def font_folder() -> Path:
    import font_roboto

    return Path(font_roboto.font_directory)


def register() -> None:
    global _registered
    if _registered:
        return
    folder = font_folder()
    for name, file in _FACES.items():
        pdfmetrics.registerFont(TTFont(name, str(folder / file)))
    addMapping(FAMILY, 0, 0, "Roboto")
    addMapping(FAMILY, 1, 0, "Roboto-Bold")
    addMapping(FAMILY, 0, 1, "Roboto-Italic")
    addMapping(FAMILY, 1, 1, "Roboto-BoldItalic")
    _registered = True


def missing_glyphs(texts: Iterable[str]) -> list[str]:
    """Characters in `texts` that Roboto has no glyph for (whitespace and controls ignored)."""
    register()
    face = pdfmetrics.getFont("Roboto").face
    cmap = face.charToGlyph
    missing = set()
    for text in texts:
        for ch in text:
            if ch.isspace() or ord(ch) < 32:
                continue
            if ord(ch) not in cmap:
                missing.add(ch)
    return sorted(missing)
