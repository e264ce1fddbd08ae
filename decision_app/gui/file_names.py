"""File names the window proposes: made from a model's title, safe on Windows, macOS and Linux, and placed in
the user's own folders (never in the app's shipped `models/` folder)."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from PySide6.QtCore import QStandardPaths

from decision_app.paths import is_shipped

MAX_STEM = 80
FALLBACK = "decision-model"
# Names Windows reserves whatever the extension.
RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}


def slug_file_name(title: str) -> str:
    """A lowercase ASCII stem from `title`: letters and digits joined by single hyphens, at most MAX_STEM
    characters (cut at a hyphen), never empty and never a name Windows reserves."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii").lower()
    ascii_text = re.sub(r"['’`]", "", ascii_text)  # "Russia's" -> "russias", not "russia-s"
    stem = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    if len(stem) > MAX_STEM:
        cut = stem[:MAX_STEM]
        stem = cut.rsplit("-", 1)[0] if "-" in cut else cut
    if not stem:
        return FALLBACK
    return f"{stem}-model" if stem in RESERVED else stem


def documents_folder() -> Path:
    """The user's documents folder, or the home folder when the platform names none or it does not exist
    (Qt names ~/Documents whether or not there is one)."""
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(docs) if docs and Path(docs).is_dir() else Path.home()


def proposed_folder(current: Path | None) -> Path:
    """Where every save dialog starts (Save As, Export table, model, brief and slides): the current file's
    folder, unless it is unsaved or a shipped model; then `documents_folder`, never the program's folder."""
    if current is None or is_shipped(current):
        return documents_folder()
    return current.parent


def proposed_path(title: str, current: Path | None, suffix: str = ".json", extra: str = "") -> Path:
    """The name a save dialog proposes: the title's slug (plus `extra`) in `proposed_folder`."""
    return proposed_folder(current) / f"{slug_file_name(title)}{extra}{suffix}"
