"""The one place that knows where the app's folders are: the shipped `models/` and `resources/`, and the
user's data folder (recovery files, the log).

In a checkout or an editable install `models/` and `resources/` sit beside the package; in a PyInstaller
bundle they sit in the bundle's data folder (``sys._MEIPASS``). A missing file raises FileNotFoundError
naming what exists.

The data folder is where Qt's ``QStandardPaths.AppDataLocation`` puts it for this app (the window's and the
command line's logs go to the same place), computed here without Qt so the command line never loads it;
``DECISION_DESK_DATA`` points it elsewhere (tests, a portable install).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

DEFAULT_MODEL_NAME = "ending-the-war.json"
ORGANIZATION = "DecisionDesk"  # QCoreApplication's organization and application names (settings, data folder)
APPLICATION = "Decision Desk"
DATA_ENV = "DECISION_DESK_DATA"


def app_root() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle)
    return Path(__file__).resolve().parent.parent


def _find(folder: str, name: str) -> Path:
    base = app_root() / folder
    path = base / name
    if not path.exists():
        have = sorted(p.name for p in base.iterdir()) if base.is_dir() else []
        raise FileNotFoundError(f"{name} is not in {base} (it has: {', '.join(have) or 'nothing'})")
    return path


def models_dir() -> Path:
    return app_root() / "models"


def is_shipped(path: str | Path) -> bool:
    """True for a file in the app's own `models/` folder (in a checkout or inside an installed bundle), which
    the app must never overwrite; in a bundle, anything inside the bundle counts."""
    target = Path(path).resolve()
    shipped = [models_dir().resolve()]
    if getattr(sys, "_MEIPASS", None):
        shipped.append(app_root().resolve())
    return any(target.is_relative_to(folder) for folder in shipped)


def model_path(name: str = DEFAULT_MODEL_NAME) -> Path:
    return _find("models", name)


def resource_path(name: str) -> Path:
    return _find("resources", name)


def app_data_dir() -> Path:
    """The user's data folder for this app, as ``QStandardPaths.writableLocation(AppDataLocation)`` gives it
    once the organization and application names are set (or ``$DECISION_DESK_DATA``). Not created here."""
    override = os.environ.get(DATA_ENV)
    if override:
        return Path(override)
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        xdg = os.environ.get("XDG_DATA_HOME", "")
        base = Path(xdg) if os.path.isabs(xdg) else Path.home() / ".local" / "share"
    return base / ORGANIZATION / APPLICATION


def recovery_dir() -> Path:
    """Where the window keeps its autosaved recovery files (one per window)."""
    return app_data_dir() / "recovery"


def log_dir() -> Path:
    """Where the window and the command line write their log (what went wrong, for a bug report)."""
    return app_data_dir() / "logs"
