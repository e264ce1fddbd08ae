"""The window's remembered preferences: one `QSettings` factory and the names of its keys.

Everything the GUI remembers between sessions (geometry, dock layout, theme, zoom, recent files, the brief
dialog's fields) is read and written through `settings()` with a key from here, and read back through a
typed helper: an ini file gives back a one-item list as a string and a number as text. Tests and `--selftest`
point QSettings' default format and path elsewhere before the first call, so they never touch the user's.
No widgets live here, and nothing here imports another GUI module (the app's names come from `paths`).
"""

from __future__ import annotations

import hashlib

from PySide6.QtCore import QSettings

from decision_app.paths import APPLICATION, ORGANIZATION

WINDOW_GEOMETRY = "window/geometry"
WINDOW_STATE = "window/state"
THEME = "view/theme"
LAST_FILE = "files/last"
RECENT_FILES = "files/recent"
MAX_RECENT = 8
ZOOM = "view/zoom"
# The brief dialog: a person's own details follow them from model to model; what describes a model (title,
# marking, comment) is remembered per model file.
BRIEF_PERSON_FIELDS = ("author", "addressee")


def brief_key(field: str) -> str:
    """The key remembering one of the person's fields of the brief dialog (author, addressee)."""
    return f"brief/{field}"


def model_brief_key(model_key: str, field: str) -> str:
    """The key remembering a model's own brief field (title, marking, comment); `model_key` names the model
    (its resolved path), hashed so any path makes a valid key."""
    digest = hashlib.sha1(model_key.encode("utf-8")).hexdigest()[:16]
    return f"brief-models/{digest}/{field}"


def settings() -> QSettings:
    """The app's settings, in the default format and path (tests and --selftest point those elsewhere)."""
    return QSettings(QSettings.defaultFormat(), QSettings.Scope.UserScope, ORGANIZATION, APPLICATION)


def read_list(key: str) -> list[str]:
    """A list of strings, whatever the store gives back: a lone string (an ini file's one-item list), a list,
    nothing. Never the characters of a string."""
    value = settings().value(key)
    if value is None or value == "":
        return []
    items = [value] if isinstance(value, str) else list(value) if isinstance(value, list | tuple) else []
    return [item for item in items if isinstance(item, str) and item]


def read_str(key: str, default: str = "") -> str:
    value = settings().value(key)
    return value if isinstance(value, str) else default


def read_int(key: str, default: int = 0) -> int:
    """An integer (an ini file gives it back as text); `default` when absent or not a number."""
    value = settings().value(key)
    try:
        return int(value) if value is not None and not isinstance(value, bool) else default
    except (TypeError, ValueError):
        return default


def recent_files() -> list[str]:
    """The recently opened files, newest first."""
    return read_list(RECENT_FILES)[:MAX_RECENT]


def remember_file(path: str) -> None:
    """Put `path` (already resolved) first in the recent files and make it the file to open next time."""
    s = settings()
    s.setValue(RECENT_FILES, [path, *(p for p in recent_files() if p != path)][:MAX_RECENT])
    s.setValue(LAST_FILE, path)
