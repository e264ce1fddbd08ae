"""The one place that knows where the shipped `models/` and `resources/` folders are.

In a checkout or an editable install they sit beside the package; in a PyInstaller bundle they sit in
the bundle's data folder (``sys._MEIPASS``). A missing file raises FileNotFoundError naming what exists.
"""

from __future__ import annotations

import sys
from pathlib import Path

DEFAULT_MODEL_NAME = "ending-the-war.json"


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


def model_path(name: str = DEFAULT_MODEL_NAME) -> Path:
    return _find("models", name)


def resource_path(name: str) -> Path:
    return _find("resources", name)
