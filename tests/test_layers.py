"""The pure layers (core, report) never import Qt or pyqtgraph; core does not import reportlab either."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parents[1] / "decision_app"
GUI_MODULES = ("PySide6", "PyQt5", "PyQt6", "PySide2", "shiboken6", "pyqtgraph")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.add(node.module.split(".")[0])
    return out


@pytest.mark.parametrize("layer,forbidden", [
    ("core", (*GUI_MODULES, "reportlab")),
    ("report", GUI_MODULES),
])
def test_layer_sources_import_no_gui(layer, forbidden):
    files = sorted((PKG / layer).rglob("*.py"))
    assert files, f"no sources found in {layer}"
    for f in files:
        bad = imported_modules(f) & set(forbidden)
        assert not bad, f"{f.relative_to(PKG.parent)} imports {sorted(bad)}"


def test_headless_paths_load_no_qt_at_runtime(tmp_path):
    code = (
        "import sys, pkgutil, importlib, decision_app.core, decision_app.report\n"
        "for pkg in (decision_app.core, decision_app.report):\n"
        "    for m in pkgutil.iter_modules(pkg.__path__):\n"
        "        importlib.import_module(pkg.__name__ + '.' + m.name)\n"
        "from decision_app.cli import main\n"
        f"main(['score', r'{PKG.parent / 'models' / 'ending-the-war.json'}', '--json'])\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in %r]\n"
        "assert not bad, bad\n" % (GUI_MODULES,)
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert '"ranking"' in r.stdout
