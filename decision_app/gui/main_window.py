"""The main window: docks, menus and wiring. Views and dialogs live in their own modules."""

from __future__ import annotations

from pathlib import Path

import shiboken6
from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFileDialog,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QWidget,
)

from decision_app import __version__
from decision_app.core import edits
from decision_app.core.errors import InputError
from decision_app.core.methods import LABELS, METHOD_NAMES
from decision_app.gui.charts.profile import ProfileChart
from decision_app.gui.charts.ranking import RankingChart
from decision_app.gui.charts.sensitivity import SensitivityChart
from decision_app.gui.charts.uncertainty import UncertaintyChart
from decision_app.gui.panels.matrix import MatrixPanel
from decision_app.gui.panels.weights import WeightsPanel
from decision_app.gui.state import AnalysisState

OPEN_FILTER = "Decision models and spreadsheets (*.json *.csv *.xlsx);;Decision models (*.json);;Spreadsheets (*.csv *.xlsx)"
MAX_RECENT = 8
SAVE, DISCARD, CANCEL = "save", "discard", "cancel"


def settings() -> QSettings:
    """The app's settings, in the default format and path (tests and --selftest point those elsewhere)."""
    return QSettings(QSettings.defaultFormat(), QSettings.Scope.UserScope, "DecisionDesk", "Decision Desk")


class MainWindow(QMainWindow):
    def __init__(self, state: AnalysisState):
        super().__init__()
        self.state = state
        self.setAcceptDrops(True)
        self.setDockNestingEnabled(True)
        self.weights = WeightsPanel(state)
        self.ranking = RankingChart(state)
        self.profile = ProfileChart(state)
        self.sensitivity = SensitivityChart(state)
        self.uncertainty = UncertaintyChart(state)
        self.matrix = MatrixPanel(state)
        self.charts = {"ranking": self.ranking, "profile": self.profile, "sensitivity": self.sensitivity,
                       "uncertainty": self.uncertainty}
        self.docks: dict[str, QDockWidget] = {}
        placeholder = QWidget()
        placeholder.setMaximumSize(0, 0)
        self.setCentralWidget(placeholder)
        self._make_docks()
        self._make_actions()
        self._make_menus()
        self.status_label = QLabel()
        self.statusBar().addWidget(self.status_label, 1)
        state.sig_status.connect(lambda msg: self.statusBar().showMessage(msg, 6000))
        state.sig_file_changed.connect(self._update_title)
        state.undo_stack.canUndoChanged.connect(self._update_title)
        self._default_state = self.saveState()
        self._restore_settings()
        self._update_title()

    # --- layout -------------------------------------------------------------------------------------

    def _dock(self, key: str, title: str, widget: QWidget, area) -> QDockWidget:
        d = QDockWidget(title, self)
        d.setObjectName(f"dock_{key}")
        d.setWidget(widget)
        d.setAccessibleName(f"{title} panel")
        self.addDockWidget(area, d)
        self.docks[key] = d
        return d

    def _make_docks(self) -> None:
        L, R = Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea
        self._dock("weights", "Weights", self.weights, L)
        rank = self._dock("ranking", "Ranking", self.ranking, R)
        sens = self._dock("sensitivity", "Sensitivity", self.sensitivity, R)
        matrix = self._dock("matrix", "Matrix and evidence", self.matrix, R)
        self.splitDockWidget(rank, matrix, Qt.Orientation.Vertical)
        self.splitDockWidget(rank, sens, Qt.Orientation.Horizontal)
        unc = self._dock("uncertainty", "Uncertainty", self.uncertainty, R)
        prof = self._dock("profile", "Option profile", self.profile, R)
        self.tabifyDockWidget(sens, unc)
        self.tabifyDockWidget(unc, prof)
        sens.raise_()
        self._sized = False

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._sized and not self._restored:
            # Proportions once the window has its size: ranking large, matrix 40% of the height.
            w, h = self.width(), self.height()
            self.resizeDocks([self.docks["weights"], self.docks["ranking"], self.docks["sensitivity"]],
                             [int(w * 0.22), int(w * 0.42), int(w * 0.36)], Qt.Orientation.Horizontal)
            self.resizeDocks([self.docks["ranking"], self.docks["matrix"]], [int(h * 0.58), int(h * 0.42)],
                             Qt.Orientation.Vertical)
        self._sized = True

    def _action(self, text: str, slot, shortcut=None, tip: str = "") -> QAction:
        a = QAction(text, self)
        a.triggered.connect(slot)
        if shortcut is not None:
            a.setShortcut(QKeySequence(shortcut))
        if tip:
            a.setStatusTip(tip)
            a.setToolTip(tip)
        return a

    def _make_actions(self) -> None:
        S = QKeySequence.StandardKey
        self.act_new = self._action("&New", self.file_new, S.New, "Start a new, blank model")
        self.act_open = self._action("&Open…", self.file_open, S.Open, "Open a model or a spreadsheet")
        self.act_save = self._action("&Save", self.file_save, S.Save, "Save the model")
        self.act_save_as = self._action("Save &As…", self.file_save_as, S.SaveAs, "Save the model under a new name")
        self.act_export_table = self._action("Export &table…", self.export_table, "Ctrl+Shift+T",
                                             "Ranking, weights and matrix as a spreadsheet")
        self.act_export_brief = self._action("Export &brief…", self.export_brief, "Ctrl+Shift+E",
                                             "The briefing memo as PDF")
        self.act_quit = self._action("&Quit", self.close, S.Quit)
        self.act_undo = self.state.undo_stack.createUndoAction(self, "&Undo")
        self.act_undo.setShortcut(QKeySequence(S.Undo))
        self.act_redo = self.state.undo_stack.createRedoAction(self, "&Redo")
        self.act_redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence(S.Redo)])
        self.act_about = self._action("&About Decision Desk", self.about)

    def _make_menus(self) -> None:
        mb = self.menuBar()
        f = mb.addMenu("&File")
        f.addActions([self.act_new, self.act_open])
        self.recent_menu = f.addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        f.addSeparator()
        f.addActions([self.act_save, self.act_save_as])
        f.addSeparator()
        f.addActions([self.act_export_table, self.act_export_brief])
        f.addSeparator()
        f.addAction(self.act_quit)
        e = mb.addMenu("&Edit")
        e.addActions([self.act_undo, self.act_redo])
        e.addSeparator()
        e.addAction(self._action("Add &option…", self.add_option, "Ctrl+Shift+O"))
        e.addAction(self._action("Rename option…", self.rename_option, "F2"))
        e.addAction(self._action("Move option up", lambda: self.move_option(-1), "Ctrl+Alt+Up"))
        e.addAction(self._action("Move option down", lambda: self.move_option(1), "Ctrl+Alt+Down"))
        e.addAction(self._action("Delete option", self.delete_option, "Ctrl+Shift+Del"))
        e.addSeparator()
        e.addAction(self._action("Add &criterion…", self.add_criterion, "Ctrl+Shift+C"))
        e.addAction(self._action("Rename criterion…", self.rename_criterion, "Shift+F2"))
        e.addAction(self._action("Move criterion left", lambda: self.move_criterion(-1), "Ctrl+Alt+Left"))
        e.addAction(self._action("Move criterion right", lambda: self.move_criterion(1), "Ctrl+Alt+Right"))
        e.addAction(self._action("Delete criterion", self.delete_criterion))
        e.addSeparator()
        e.addAction(self._action("Save weights as profile…", self.weights.save_profile))
        e.addAction(self._action("Rename profile…", self.rename_profile))
        e.addAction(self._action("Delete profile", self.delete_profile))
        a = mb.addMenu("&Analysis")
        self.method_actions = {}
        for i, name in enumerate(METHOD_NAMES):
            act = self._action(LABELS[name], lambda _c=False, n=name: self.state.set_method(n), f"Ctrl+{i + 1}")
            act.setCheckable(True)
            a.addAction(act)
            self.method_actions[name] = act
        self.state.sig_method_changed.connect(self._method_checked)
        self._method_checked(self.state.method)
        a.addSeparator()
        a.addAction(self._action("Reset weights to profile", self.state.reset_to_profile, "Ctrl+R"))
        a.addAction(self._action("Elicit weights…", self.elicit_weights, "Ctrl+E",
                                 "Weights from a ranking, swing points or pairwise (AHP) judgements"))
        a.addAction(self._action("Re-run uncertainty now", lambda: self.state.schedule_smaa(now=True), "F5"))
        v = mb.addMenu("&View")
        for d in self.docks.values():
            v.addAction(d.toggleViewAction())
        v.addSeparator()
        v.addAction(self._action("Reset layout", self.reset_layout))
        theme = v.addMenu("Theme")
        for key, text in (("system", "Follow the system"), ("light", "Light"), ("dark", "Dark")):
            theme.addAction(self._action(text, lambda _c=False, k=key: self.set_theme(k)))
        h = mb.addMenu("&Help")
        h.addAction(self.act_about)

    def _method_checked(self, method: str) -> None:
        for name, act in self.method_actions.items():
            act.setChecked(name == method)

    def _update_title(self, *_args) -> None:
        if not shiboken6.isValid(self.state.undo_stack):  # late signal while Qt tears down
            return
        name = self.state.path.name if self.state.path else f"{self.state.model.title} (not saved)"
        self.setWindowTitle(f"{name}[*] — Decision Desk")
        self.setWindowModified(self.state.dirty)
        self.status_label.setText(f"{self.state.compiled.m} options · {self.state.compiled.n} criteria · "
                                  f"{LABELS[self.state.method]}")

    # --- settings -----------------------------------------------------------------------------------

    def _restore_settings(self) -> None:
        s = settings()
        geo = s.value("window/geometry")
        if isinstance(geo, QByteArray) and not geo.isEmpty():
            self.restoreGeometry(geo)
        else:
            self.resize(1400, 900)
        st = s.value("window/state")
        self._restored = bool(isinstance(st, QByteArray) and not st.isEmpty() and self.restoreState(st))

    def closeEvent(self, event) -> None:
        if not self.maybe_save():
            event.ignore()
            return
        s = settings()
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())
        if self.state.path:
            s.setValue("files/last", str(self.state.path))
        s.sync()
        self.state.shutdown()
        event.accept()

    def reset_layout(self) -> None:
        self.restoreState(self._default_state)
        w, h = self.width(), self.height()
        self.resizeDocks([self.docks["weights"], self.docks["ranking"], self.docks["sensitivity"]],
                         [int(w * 0.22), int(w * 0.42), int(w * 0.36)], Qt.Orientation.Horizontal)
        self.resizeDocks([self.docks["ranking"], self.docks["matrix"]], [int(h * 0.58), int(h * 0.42)],
                         Qt.Orientation.Vertical)

    def set_theme(self, choice: str) -> None:
        from decision_app.gui.theme import apply_theme

        settings().setValue("view/theme", choice)
        layout = self.saveState()  # re-styling the application must not rearrange the docks
        apply_theme(QApplication.instance(), choice)
        for chart in self.charts.values():  # pens, brushes and backgrounds are built from the palette
            chart.rebuild()
        self.restoreState(layout)

    # --- files --------------------------------------------------------------------------------------

    def ask_save_changes(self) -> str:
        """Save, discard or cancel when there are unsaved changes (tests replace this)."""
        box = QMessageBox(QMessageBox.Icon.Warning, "Unsaved changes",
                          f"Save the changes to “{self.state.model.title}” first?", parent=self)
        box.setStandardButtons(QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                               | QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        choice = box.exec()
        return {QMessageBox.StandardButton.Save: SAVE, QMessageBox.StandardButton.Discard: DISCARD}.get(
            QMessageBox.StandardButton(choice), CANCEL)

    def maybe_save(self) -> bool:
        if not self.state.dirty:
            return True
        answer = self.ask_save_changes()
        if answer == SAVE:
            return self.file_save()
        return answer == DISCARD

    def show_error(self, title: str, exc: InputError) -> None:
        """The validator's messages in a dialog (tests replace this)."""
        lines = [str(p) for p in exc.problems]
        box = QMessageBox(QMessageBox.Icon.Critical, title, lines[0] if len(lines) == 1 else
                          f"{len(lines)} problems were found. The current model is unchanged.", parent=self)
        if len(lines) > 1:
            box.setDetailedText("\n".join(lines))
        box.setInformativeText("Nothing was changed." if len(lines) == 1 else "")
        box.exec()

    def open_path(self, path: str | Path, ask: bool = True) -> bool:
        if ask and not self.maybe_save():
            return False
        try:
            self.state.open(path)
        except InputError as exc:
            self.show_error("Cannot open this file", exc)
            return False
        self._add_recent(Path(path))
        return True

    def file_new(self) -> None:
        if self.maybe_save():
            self.state.new_document(edits.blank_model())

    def file_open(self) -> None:
        start = str(self.state.path.parent) if self.state.path else ""
        name, _ = QFileDialog.getOpenFileName(self, "Open a model or spreadsheet", start, OPEN_FILTER)
        if name:
            self.open_path(name)

    def file_save(self) -> bool:
        if self.state.path is None:
            return self.file_save_as()
        return self._save_to(self.state.path)

    def file_save_as(self) -> bool:
        name, _ = QFileDialog.getSaveFileName(self, "Save the model", str(self.state.path or "model.json"),
                                              "Decision model (*.json)")
        if not name:
            return False
        if not name.lower().endswith(".json"):
            name += ".json"
        return self._save_to(Path(name))

    def _save_to(self, path: Path) -> bool:
        try:
            self.state.save(path)
        except InputError as exc:
            self.show_error("Cannot save", exc)
            return False
        self._add_recent(path)
        return True

    def _add_recent(self, path: Path) -> None:
        s = settings()
        recent = [p for p in (s.value("files/recent") or []) if p != str(path.resolve())]
        s.setValue("files/recent", [str(path.resolve()), *recent][:MAX_RECENT])
        s.setValue("files/last", str(path.resolve()))

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        recent = settings().value("files/recent") or []
        if isinstance(recent, str):
            recent = [recent]
        for p in recent:
            self.recent_menu.addAction(self._action(p, lambda _c=False, p=p: self.open_path(p)))
        if not recent:
            none = self.recent_menu.addAction("No recent files")
            none.setEnabled(False)

    def dragEnterEvent(self, event) -> None:
        urls = event.mimeData().urls()
        if urls and Path(urls[0].toLocalFile()).suffix.lower() in (".json", ".csv", ".xlsx"):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        path = event.mimeData().urls()[0].toLocalFile()
        event.acceptProposedAction()
        QTimer.singleShot(0, lambda: self.open_path(path))

    def elicit_weights(self) -> None:
        from decision_app.gui.elicit_dialog import ElicitDialog

        ElicitDialog(self.state, self).exec()

    def export_table(self) -> None:
        from decision_app.gui.exports import export_table_dialog

        export_table_dialog(self)

    def export_brief(self) -> None:
        from decision_app.gui.exports import export_brief_dialog

        export_brief_dialog(self)

    # --- structure edits ----------------------------------------------------------------------------

    def _edit(self, fn, *args, text: str) -> None:
        try:
            new = fn(self.state.model, *args)
        except InputError as exc:
            self.show_error("Cannot make this change", exc)
            return
        self.state.replace_model(new, text)

    def _current_option(self):
        return self.state.model.options[self.state.selected_option]

    def _current_criterion(self):
        return self.state.model.criteria[self.state.selected_criterion]

    def add_option(self) -> None:
        name, ok = QInputDialog.getText(self, "Add option", "Name of the new option:")
        if ok and name.strip():
            self._edit(edits.add_option, name, text=f"Add option {name}")
            self.state.select(option=self.state.compiled.m - 1)

    def rename_option(self) -> None:
        o = self._current_option()
        name, ok = QInputDialog.getText(self, "Rename option", "New name:", text=o.name)
        if ok and name.strip() and name != o.name:
            self._edit(edits.rename_option, o.id, name, text=f"Rename option to {name}")

    def move_option(self, delta: int) -> None:
        o = self._current_option()
        self._edit(edits.move_option, o.id, delta, text=f"Move {o.name}")
        self.state.select(option=self.state.selected_option + delta)

    def delete_option(self) -> None:
        o = self._current_option()
        self._edit(edits.delete_option, o.id, text=f"Delete option {o.name}")

    def add_criterion(self) -> None:
        name, ok = QInputDialog.getText(self, "Add criterion", "Name of the new criterion (scale 0–10):")
        if not ok or not name.strip():
            return
        kinds = ["benefit (higher is better)", "cost (lower is better)"]
        kind, ok = QInputDialog.getItem(self, "Add criterion", "Direction:", kinds, 0, False)
        if ok:
            self._edit(edits.add_criterion, name, "cost" if kind.startswith("cost") else "benefit",
                       text=f"Add criterion {name}")

    def rename_criterion(self) -> None:
        c = self._current_criterion()
        name, ok = QInputDialog.getText(self, "Rename criterion", "New name:", text=c.name)
        if ok and name.strip() and name != c.name:
            self._edit(edits.rename_criterion, c.id, name, text=f"Rename criterion to {name}")

    def move_criterion(self, delta: int) -> None:
        c = self._current_criterion()
        self._edit(edits.move_criterion, c.id, delta, text=f"Move {c.name}")
        self.state.select(criterion=self.state.selected_criterion + delta)

    def delete_criterion(self) -> None:
        c = self._current_criterion()
        self._edit(edits.delete_criterion, c.id, text=f"Delete criterion {c.name}")

    def rename_profile(self) -> None:
        pid = self.state.profile_id
        if pid is None:
            self.state.sig_status.emit("Choose a profile first (custom weights have no name)")
            return
        p = self.state.model.profile(pid)
        name, ok = QInputDialog.getText(self, "Rename profile", "New name:", text=p.name)
        if ok and name.strip():
            self._edit(edits.rename_profile, pid, name, text=f"Rename profile to {name}")

    def delete_profile(self) -> None:
        pid = self.state.profile_id
        if pid is None:
            self.state.sig_status.emit("Choose a profile to delete")
            return
        self._edit(edits.delete_profile, pid, text="Delete profile")

    def about(self) -> None:
        QMessageBox.about(self, "About Decision Desk",
                          f"<h3>Decision Desk {__version__}</h3><p>Offline decision support: compare policy "
                          "options against weighted criteria with five aggregation methods, sensitivity and "
                          "uncertainty analysis, and a briefing memo.</p><p>The default model's scores are "
                          "illustrative, editable judgements drawn from two essays; the app advocates none of "
                          "the options.</p><p>Never connects to a network.</p>")
