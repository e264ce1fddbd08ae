"""The window's remembered preferences: one `QSettings` factory and the names of its keys.

Everything the GUI remembers between sessions (geometry, dock layout, theme, recent files, the brief
dialog's fields) is read and written through `settings()` with a key from here. Tests and `--selftest`
point QSettings' default format and path elsewhere before the first call, so they never touch the user's.
No widgets live here, and nothing here imports another GUI module.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings

ORGANIZATION = "DecisionDesk"
APPLICATION = "Decision Desk"

WINDOW_GEOMETRY = "window/geometry"
WINDOW_STATE = "window/state"
THEME = "view/theme"
LAST_FILE = "files/last"
RECENT_FILES = "files/recent"
MAX_RECENT = 8
BRIEF_COMMENT = "brief/comment"


def brief_key(field: str) -> str:
    """The key remembering one field of the brief dialog (title, author, addressee, marking)."""
    return f"brief/{field}"


def settings() -> QSettings:
    """The app's settings, in the default format and path (tests and --selftest point those elsewhere)."""
    return QSettings(QSettings.defaultFormat(), QSettings.Scope.UserScope, ORGANIZATION, APPLICATION)


def recent_files() -> list[str]:
    """The recently opened files, newest first (QSettings returns a lone string for a one-item list)."""
    recent = settings().value(RECENT_FILES) or []
    return [recent] if isinstance(recent, str) else list(recent)


def remember_file(path: str) -> None:
    """Put `path` (already resolved) first in the recent files and make it the file to open next time."""
    s = settings()
    s.setValue(RECENT_FILES, [path, *(p for p in recent_files() if p != path)][:MAX_RECENT])
    s.setValue(LAST_FILE, path)
