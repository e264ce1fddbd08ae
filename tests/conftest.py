"""Shared fixtures. Every test runs offscreen, seeded, and with its own settings store."""

from __future__ import annotations

import copy
import json
import os
import shutil
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ["PYQTGRAPH_QT_LIB"] = "PySide6"

import pytest
from fuzzing import SHORT_PROFILE, register_profiles, summary_lines
from hypothesis import settings

ROOT = Path(__file__).resolve().parents[1]
SHIPPED_MODEL = ROOT / "models" / "ending-the-war.json"
# The recalibrated first model (twelve options, eleven criteria), frozen: tests that need a realistic model, or pin
# its figures, read this one, so the shipped model can be rebuilt without touching them.
REALISTIC_MODEL = ROOT / "tests" / "fixtures" / "recalibrated-twelve-options.json"
SEEDS = Path(os.environ.get("DECISION_DESK_SEEDS", ROOT.parent / "shared" / "seeds"))

# hypothesis: a short, derandomised run without an example database unless `--hypothesis-profile=fuzz`
# (make fuzz) asks for 10,000 inputs per target
register_profiles()
settings.load_profile(SHORT_PROFILE)


def pytest_terminal_summary(terminalreporter):
    """After the fuzzers ran: how many inputs each target ran."""
    lines = summary_lines()
    if lines:
        terminalreporter.section("fuzzing: inputs run per target, and kills")
        for line in lines:
            terminalreporter.write_line(line)


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path, monkeypatch):
    """Each test gets its own QSettings folder, home and data folder (recovery files, the log), so no test
    reads or writes the user's."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("DECISION_DESK_DATA", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    from PySide6.QtCore import QSettings

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    for fmt in (QSettings.Format.IniFormat, QSettings.Format.NativeFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(home / ".config"))
    yield
    from PySide6.QtGui import QGuiApplication

    if QGuiApplication.instance() is not None:
        # Qt's offscreen platform crashes the process at exit when the clipboard still owns data a test put there
        # (Edit > Copy summary): pytest ended with status 139 after every test had passed. The xcb platform a user
        # runs does not; the clipboard is each test's own anyway.
        QGuiApplication.clipboard().clear()


@pytest.fixture
def realistic_path() -> Path:
    """A realistic model whose ids and figures never change (the frozen recalibrated first model)."""
    return REALISTIC_MODEL


@pytest.fixture
def shipped_path() -> Path:
    """The model the app ships and opens by default."""
    return SHIPPED_MODEL


@pytest.fixture
def default_dict() -> dict:
    return json.loads(REALISTIC_MODEL.read_text(encoding="utf-8"))


@pytest.fixture
def small_dict(default_dict) -> dict:
    """A valid three-option, three-criterion model derived from the default one."""
    d = copy.deepcopy(default_dict)
    keep = ["casualties", "escalation_risk", "time_to_effect"]
    d["criteria"] = [c for c in d["criteria"] if c["id"] in keep]
    d["options"] = d["options"][:3]
    for o in d["options"]:
        o["scores"] = {k: v for k, v in o["scores"].items() if k in keep}
    for p in d["profiles"]:
        p["weights"] = {k: v for k, v in p["weights"].items() if k in keep}
    return d


def write_json(tmp_path: Path, data, name: str = "model.json") -> Path:
    p = tmp_path / name
    p.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return p


@pytest.fixture
def model_copy(tmp_path) -> Path:
    """The realistic model (the frozen fixture) copied to a temporary folder (tests may save over it)."""
    p = tmp_path / "model.json"
    shutil.copyfile(REALISTIC_MODEL, p)
    return p


def close_window(win) -> None:
    """Close a test's window without questions. Not qtbot.addWidget: pytest-qt would close the window before
    the test's teardown, and an unsaved-changes question would block the run."""
    win.state.undo_stack.setClean()
    win.ask_save_changes = lambda: "discard"  # typed evidence is applied on close, which makes it dirty again
    win.close()
    win.state.shutdown()
    win.deleteLater()


@pytest.fixture
def open_window(qtbot):
    """A factory: the real window on the model at `path` (or on `model`, saved as `path`), at `size`, shown;
    every window it opened is closed at teardown."""
    from decision_app.core.loading import load_model
    from decision_app.gui.main_window import MainWindow
    from decision_app.gui.state import AnalysisState

    opened = []

    def open_(path, model=None, size=(1400, 900)):
        state = AnalysisState(load_model(path) if model is None else model, path)
        win = MainWindow(state)
        if size is not None:
            win.resize(*size)
        win.show()
        qtbot.waitExposed(win)
        opened.append(win)
        return win

    yield open_
    for win in opened:
        close_window(win)


@pytest.fixture
def window(open_window, model_copy):
    return open_window(model_copy)


@pytest.fixture
def tree_window(open_window, default_dict, tmp_path):
    """The window at 1024x768 on the realistic model with a three-level value tree (`tree_models.with_tree`)."""
    from tree_models import with_tree

    path = tmp_path / "tree.json"
    path.write_text(json.dumps(with_tree(default_dict)), encoding="utf-8")
    return open_window(path, size=(1024, 768))
