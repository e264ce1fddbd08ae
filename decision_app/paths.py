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
