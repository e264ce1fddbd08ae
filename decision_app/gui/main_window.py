"""The main window: docks, menus and wiring. Views and dialogs live in their own modules."""

from __future__ import annotations

from pathlib import Path

import shiboken6
from PySide6.QtCore import QByteArray, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QWidget,
)

from decision_app import __version__
from decision_app.core import edits
from decision_app.core.errors import InputError
from decision_app.core.methods import METHOD_NAMES, METHODS
from decision_app.gui.charts.profile import ProfileChart
from decision_app.gui.charts.ranking import RankingChart
from decision_app.gui.charts.sensitivity import SensitivityChart
from decision_app.gui.charts.uncertainty import UncertaintyChart
from decision_app.gui.messages import show_error
from decision_app.gui.panels.matrix import MatrixPanel
from decision_app.gui.panels.weights import WeightsPanel
from decision_app.gui.settings import LAST_FILE, THEME, WINDOW_GEOMETRY, WINDOW_STATE, recent_files, remember_file, settings
from decision_app.gui.state import AnalysisState
from decision_app.gui.structure_edits import CRITERION_EDITS, OPTION_EDITS, PROFILE_EDITS, EditSpec, run_edit

OPEN_FILTER = "Decision models and spreadsheets (*.json *.csv *.xlsx);;Decision models (*.json);;Spreadsheets (*.csv *.xlsx)"
SAVE, DISCARD, CANCEL = "save", "discard", "cancel"


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
        self.act_export_model = self._action("Export &model as spreadsheet…", self.export_model, tip=
                                             "The whole model as .xlsx, or its matrix as .csv")
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
        f.addActions([self.act_export_table, self.act_export_model, self.act_export_brief])
        f.addSeparator()
        f.addAction(self.act_quit)
        e = mb.addMenu("&Edit")
        e.addActions([self.act_undo, self.act_redo])
        self.edit_actions: dict[str, QAction] = {}
        for group in (OPTION_EDITS, CRITERION_EDITS, PROFILE_EDITS):
            e.addSeparator()
            if group is PROFILE_EDITS:
                e.addAction(self._action("Save weights as profile…", self.weights.save_profile))
            for spec in group:
                self.edit_actions[spec.key] = self._action(spec.menu, lambda _c=False, s=spec: self.run_edit(s),
                                                           spec.shortcut)
                e.addAction(self.edit_actions[spec.key])
        a = mb.addMenu("&Analysis")
        self.method_actions = {}
        for i, name in enumerate(METHOD_NAMES):
            act = self._action(METHODS[name].label, lambda _c=False, n=name: self.state.set_method(n), f"Ctrl+{i + 1}")
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
                                  f"{METHODS[self.state.method].label}")

    # --- settings -----------------------------------------------------------------------------------

    def _restore_settings(self) -> None:
        s = settings()
        geo = s.value(WINDOW_GEOMETRY)
        if isinstance(geo, QByteArray) and not geo.isEmpty():
            self.restoreGeometry(geo)
        else:
            self.resize(1400, 900)
        st = s.value(WINDOW_STATE)
        self._restored = bool(isinstance(st, QByteArray) and not st.isEmpty() and self.restoreState(st))

    def closeEvent(self, event) -> None:
        if not self.maybe_save():
            event.ignore()
            return
        s = settings()
        s.setValue(WINDOW_GEOMETRY, self.saveGeometry())
        s.setValue(WINDOW_STATE, self.saveState())
        if self.state.path:
            s.setValue(LAST_FILE, str(self.state.path))
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

        settings().setValue(THEME, choice)
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
        show_error(self, title, exc)

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
        remember_file(str(path.resolve()))

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        recent = recent_files()
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

        export_table_dialog(self.state, self)

    def export_model(self) -> None:
        from decision_app.gui.exports import export_model_dialog

        export_model_dialog(self.state, self)

    def export_brief(self) -> None:
        from decision_app.gui.exports import export_brief_dialog

        export_brief_dialog(self.state, self)

    # --- structure edits ----------------------------------------------------------------------------

    def run_edit(self, spec: EditSpec) -> None:
        """Any Edit-menu structure edit (the specs live in structure_edits)."""
        run_edit(self.state, self, spec, self.show_error)

    def about(self) -> None:
        QMessageBox.about(self, "About Decision Desk",
                          f"<h3>Decision Desk {__version__}</h3><p>Offline decision support: compare policy "
                          "options against weighted criteria with five aggregation methods, sensitivity and "
                          "uncertainty analysis, and a briefing memo.</p><p>The default model's scores are "
                          "illustrative, editable judgements drawn from two essays; the app advocates none of "
                          "the options.</p><p>Never connects to a network.</p>")
