"""Arrows point one way: the import-linter contracts in pyproject.toml hold, and they catch a violation.

The contracts (launcher above cli | gui above report above core; core and report free of Qt, pyqtgraph and,
for core, reportlab; no cycles between the modules of any package) are checked by `lint-imports`, which
reads every import statement, those inside functions included. The runtime test below checks what the
contracts cannot see: that the headless paths really load no Qt.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PKG = ROOT / "decision_app"
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
GUI_MODULES = ("PySide6", "PyQt5", "PyQt6", "PySide2", "shiboken6", "pyqtgraph")
CONTRACTS = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]["contracts"]

needs_lint_imports = pytest.mark.skipif(not LINT_IMPORTS.exists(), reason="import-linter is not installed")


def lint_imports(tree: Path) -> subprocess.CompletedProcess:
    """`lint-imports` on the package in `tree` (its pyproject.toml, its decision_app first on the path)."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    return subprocess.run([str(LINT_IMPORTS), "--config", str(tree / "pyproject.toml"), "--no-cache"], cwd=tree,
                          env=env, capture_output=True, text=True, timeout=120)


def verdicts(output: str) -> dict[str, str]:
    """Contract name -> KEPT or BROKEN, from lint-imports' summary (long names wrap over lines)."""
    flat = " ".join(output.split())
    return {c["name"]: m.group(1) for c in CONTRACTS
            if (m := re.search(re.escape(" ".join(c["name"].split())) + r" (KEPT|BROKEN)", flat))}


def test_contracts_cover_layers_headless_faces_and_cycles():
    kinds = {c["type"] for c in CONTRACTS}
    assert {"layers", "forbidden", "acyclic_siblings"} <= kinds
    layers = next(c for c in CONTRACTS if c["type"] == "layers")
    assert layers["layers"].index("launcher") < layers["layers"].index("cli | gui") < layers["layers"].index("report") \
        < layers["layers"].index("core")
    forbidden = {c["source_modules"][0]: set(c["forbidden_modules"]) for c in CONTRACTS if c["type"] == "forbidden"}
    assert {"PySide6", "shiboken6", "pyqtgraph", "reportlab"} <= forbidden["decision_app.core"]
    assert {"PySide6", "shiboken6", "pyqtgraph"} <= forbidden["decision_app.report"]


@needs_lint_imports
def test_import_contracts_hold():
    r = lint_imports(ROOT)
    assert r.returncode == 0, r.stdout + r.stderr
    assert verdicts(r.stdout) == {c["name"]: "KEPT" for c in CONTRACTS}  # every contract in the file was read


@needs_lint_imports
def test_contracts_catch_violations_inside_functions(tmp_path):
    """Plant one violation per contract in a copy, each as an import inside a function: all are caught."""
    shutil.copytree(PKG, tmp_path / "decision_app", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    plants = {
        "core/errors.py": "def _planted():\n    import PySide6  # noqa\n",
        "report/charts.py": "def _planted():\n    import pyqtgraph  # noqa\n",
        "cli.py": "def _planted():\n    from decision_app.gui import app  # noqa\n",
        "gui/settings.py": "def _planted():\n    from decision_app.gui import main_window  # noqa\n",
    }
    for rel, code in plants.items():
        with (tmp_path / "decision_app" / rel).open("a", encoding="utf-8") as f:
            f.write("\n\n" + code)
    r = lint_imports(tmp_path)
    assert r.returncode != 0
    assert verdicts(r.stdout) == {c["name"]: "BROKEN" for c in CONTRACTS}, r.stdout
    assert "decision_app.cli -> decision_app.gui.app" in r.stdout
    assert ".settings -> .main_window" in r.stdout or ".main_window -> .settings" in r.stdout


def test_headless_paths_load_no_qt_at_runtime(tmp_path):
    code = (
        "import sys, pkgutil, importlib, decision_app.core, decision_app.report\n"
        "for pkg in (decision_app.core, decision_app.report):\n"
        "    for m in pkgutil.iter_modules(pkg.__path__):\n"
        "        importlib.import_module(pkg.__name__ + '.' + m.name)\n"
        "from decision_app.cli import main\n"
        f"main(['score', r'{PKG.parent / 'models' / 'ending-the-war.json'}', '--json'])\n"
        "assert main(['open']) == 2  # the window is the launcher's to open, never the command line's\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in %r]\n"
        "assert not bad, bad\n" % (GUI_MODULES,)
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert '"ranking"' in r.stdout
