"""Crash containment: a bug in the window becomes a dialog (after the work is written for recovery) and the app
keeps running; a bug in the command line becomes one line pointing at the log and status 1; both share one
rotating log in the data folder, which the command line finds without Qt."""

from __future__ import annotations

import logging
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QStandardPaths, QTimer, QUrl, Signal
from PySide6.QtGui import QGuiApplication

from decision_app import app_log, cli
from decision_app.core import edits
from decision_app.gui import crash
from decision_app.gui.crash import CrashDialog, CrashGuard, make_report
from decision_app.gui.recovery import read_recovery
from decision_app.paths import APPLICATION, ORGANIZATION, app_data_dir, log_dir

ROOT = Path(__file__).resolve().parents[1]


def edit_score(state) -> None:
    c = state.compiled
    state.replace_model(edits.set_score(state.model, c.option_ids[4], c.criterion_ids[1], value=9.0), "Score")


def test_the_data_folder_is_where_qstandardpaths_puts_it(qapp, monkeypatch, tmp_path):
    """The command line computes the folder without Qt; the window's Qt would put it in the same place."""
    monkeypatch.delenv("DECISION_DESK_DATA")
    names = qapp.organizationName(), qapp.applicationName()
    qapp.setOrganizationName(ORGANIZATION)
    qapp.setApplicationName(APPLICATION)
    try:
        for xdg in (str(tmp_path / "xdg-data"), None):
            if xdg is None:
                monkeypatch.delenv("XDG_DATA_HOME")
            else:
                monkeypatch.setenv("XDG_DATA_HOME", xdg)
            qt = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
            assert Path(qt) == app_data_dir()
            assert str(app_data_dir()).startswith(str(tmp_path))  # the test's home or data folder, never the user's
    finally:
        qapp.setOrganizationName(names[0])
        qapp.setApplicationName(names[1])


def test_the_log_rotates_in_the_data_folder(monkeypatch):
    path = app_log.setup()
    assert path == log_dir() / app_log.LOG_NAME and path.parent.parent == app_data_dir()
    [handler] = [h for h in app_log.logger().handlers if isinstance(h, logging.handlers.RotatingFileHandler)]
    assert (handler.maxBytes, handler.backupCount) == (app_log.MAX_BYTES, app_log.BACKUPS)
    monkeypatch.setattr(handler, "maxBytes", 300)
    for k in range(6):
        app_log.logger().info("line %d %s", k, "x" * 100)
    assert path.exists() and (path.parent / f"{app_log.LOG_NAME}.1").exists() and path.stat().st_size <= 300


# --- the command line ----------------------------------------------------------------------------------

def test_a_bug_in_the_command_line_is_one_line_and_status_1(capsys, monkeypatch, realistic_path):
    def broken(_args):
        raise ZeroDivisionError("the engine divided by zero")

    monkeypatch.setitem(cli.COMMANDS, "validate", broken)
    code = cli.main(["validate", str(realistic_path)])
    out, err = capsys.readouterr()
    assert code == 1 and out == ""
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    log = app_log.log_file()
    assert str(log) in err and "a bug, not your input" in err
    text = log.read_text(encoding="utf-8")
    assert "Traceback" in text and "ZeroDivisionError: the engine divided by zero" in text and "in broken" in text


def test_bad_input_is_still_status_2(capsys, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    assert cli.main(["validate", str(bad)]) == 2
    assert "Traceback" not in capsys.readouterr().err and not app_log.log_file().exists()


def test_the_command_line_logs_a_bug_without_loading_qt(tmp_path):
    script = textwrap.dedent("""
        import sys
        from decision_app import cli
        cli.COMMANDS["schema"] = lambda args: {}["missing"]
        code = cli.main(["schema"])
        print(code, sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6", "pyqtgraph")))
    """)
    env = {"PYTHONPATH": str(ROOT), "DECISION_DESK_DATA": str(tmp_path / "data"), "PATH": "/usr/bin:/bin"}
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120)
    assert run.stdout.strip() == "1 []", run.stderr
    assert "Traceback" not in run.stderr and str(tmp_path / "data" / "logs") in run.stderr
    assert "KeyError: 'missing'" in (tmp_path / "data" / "logs" / app_log.LOG_NAME).read_text(encoding="utf-8")


def test_a_bug_while_the_window_starts_is_one_line_and_status_1(capsys, monkeypatch):
    import decision_app.gui.app as gui_app
    from decision_app import launcher

    monkeypatch.setattr(gui_app, "main", lambda argv: [][0])
    assert launcher.main([]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "decision-desk: an unexpected error" in err


# --- the window --------------------------------------------------------------------------------------------

@pytest.fixture
def guard(window):
    """The window's crash guard as `gui.app.main` installs it, its dialog recorded with what was on disk then."""
    g = CrashGuard(window.autosaver.write_now, lambda: window.state.dirty, window)
    shown = []

    def show_report(report):
        shown.append((report, read_recovery(report.saved).work if report.saved else None))
    g.show_report = show_report
    g.shown_reports = shown
    g.install()
    yield g
    g.uninstall()


class Emitter(QObject):
    sig = Signal()


@pytest.mark.qt_no_exception_capture
def test_a_bug_in_a_slot_is_reported_after_the_work_is_saved_and_the_app_runs_on(window, guard, qtbot):
    state = window.state
    edit_score(state)
    emitter = Emitter()

    def broken_slot():
        raise RuntimeError("a slot that fails")

    emitter.sig.connect(broken_slot)
    QTimer.singleShot(0, emitter.sig.emit)
    qtbot.waitUntil(lambda: bool(guard.shown_reports), timeout=5000)
    [(report, on_disk)] = guard.shown_reports
    assert report.summary == "RuntimeError: a slot that fails" and "broken_slot" in report.details
    assert on_disk is not None and on_disk == state.model_for_save()  # written before the dialog showed
    assert report.log is not None and "a slot that fails" in report.log.read_text(encoding="utf-8")
    assert "Your work is safe" in crash.safety_text(report)
    window.weights.rows[0][1].setValue(25.0)  # the window still works
    assert state.undo_stack.count() == 2 and window.isVisible()


def test_the_same_fault_repeating_is_shown_once_and_logged_each_time(window, guard):
    def fail():
        raise ValueError("painting failed")

    for _ in range(3):
        try:
            fail()
        except ValueError:
            guard.excepthook(*sys.exc_info())
    assert len(guard.shown_reports) == 1 and len(guard.reports) == 3
    assert app_log.log_file().read_text(encoding="utf-8").count("ValueError: painting failed") == 3
    assert "there were no unsaved changes" in crash.safety_text(guard.reports[0])


def test_a_bug_in_another_thread_is_reported_from_the_gui_thread(window, guard, qtbot):
    edit_score(window.state)
    worker = threading.Thread(target=lambda: 1 / 0)
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: bool(guard.shown_reports), timeout=5000)
    report, on_disk = guard.shown_reports[0]
    assert report.summary.startswith("ZeroDivisionError") and on_disk == window.state.model_for_save()


def test_copy_details_puts_the_report_on_the_clipboard(qtbot):
    try:
        raise KeyError("weights")
    except KeyError:
        report = make_report(*sys.exc_info())
    dialog = CrashDialog(report)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.copy_button.click()
    text = QGuiApplication.clipboard().text()
    assert text == report.details and "KeyError: 'weights'" in text and "Decision Desk" in text
    assert dialog.copy_button.text() == "Copied" and dialog.isVisible()  # copying does not close the report


def test_help_opens_the_log_folder(window, monkeypatch):
    opened = []

    class Desktop:
        @staticmethod
        def openUrl(url):
            opened.append(url)
            return True

    monkeypatch.setattr(crash, "QDesktopServices", Desktop)
    [action] = next(a for a in window.menuBar().actions() if a.text() == "&Help").menu().actions()[1:2]
    assert action.text() == "Open &log folder"
    action.trigger()
    assert opened == [QUrl.fromLocalFile(str(log_dir()))] and log_dir().is_dir()
