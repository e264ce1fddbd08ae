"""The main window: docks, menus and wiring. Views and dialogs live in their own modules; the zoom, the
screen fitting and the proposed file names in theirs.

Keyboard: every standard action has its platform keys (`QKeySequence.StandardKey`), no key is bound twice,
Ctrl+Alt+1…9 and 0 raise and focus a view, F6 / Shift+F6 move between views, F1 lists it all."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QByteArray, QRect, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QWidget,
)

from decision_app import __version__
from decision_app.core import edits
from decision_app.core.errors import InputError
from decision_app.core.methods import METHOD_NAMES, METHODS
from decision_app.gui.charts.base import ChartPanel
from decision_app.gui.dock_body import DockBody
from decision_app.gui.dock_focus import RaiseOnFocus
from decision_app.gui.file_names import proposed_folder, proposed_path
from decision_app.gui.file_watch import FileWatch
from decision_app.gui.focus_ring import FocusRing
from decision_app.gui.message_bar import MessageBar
from decision_app.gui.messages import show_error, still_in_window
from decision_app.gui.number_keys import NumberBoxUndoKeys
from decision_app.gui.recovery import Autosaver, Recovered, ask_restore, offer_recovered_work
from decision_app.gui.screen_fit import DEFAULT_SIZE, clamp_rect, fit_rect, is_small
from decision_app.gui.settings import (
    LAST_FILE,
    THEME,
    WINDOW_GEOMETRY,
    WINDOW_STATE,
    ZOOM,
    read_int,
    recent_files,
    remember_file,
    settings,
)
from decision_app.gui.state import AnalysisState
from decision_app.gui.structure_edits import CRITERION_EDITS, OPTION_EDITS, PROFILE_EDITS, EditSpec, run_edit
from decision_app.gui.views import VIEWS, ViewSpec, views_in_order
from decision_app.gui.workshop_session import WorkshopSession
from decision_app.gui.zoom import ZoomKeeper, clamp_steps, zoom_chart, zoom_factor, zoom_views
from decision_app.paths import is_shipped

if TYPE_CHECKING:
    from decision_app.gui.charts.group import GroupChart
    from decision_app.gui.charts.profile import ProfileChart
    from decision_app.gui.charts.ranking import RankingChart
    from decision_app.gui.charts.sensitivity import SensitivityChart
    from decision_app.gui.charts.uncertainty import UncertaintyChart
    from decision_app.gui.help_dialog import HelpDialog
    from decision_app.gui.panels.changes import ChangesPanel
    from decision_app.gui.panels.constraints import ConstraintsPanel
    from decision_app.gui.panels.matrix import MatrixPanel
    from decision_app.gui.panels.participants import ParticipantsPanel
    from decision_app.gui.panels.weights import WeightsPanel
    from decision_app.gui.participant_entry import ParticipantEntryDialog
    from decision_app.gui.presentation.presenter import Presenter
    from decision_app.gui.presentation.window import PresentationWindow
    from decision_app.gui.tree_dialog import ObjectivesDialog

ShortcutSpec = QKeySequence | QKeySequence.StandardKey | str | list[QKeySequence] | list[str]
OPEN_FILTER = "Decision models and spreadsheets (*.json *.csv *.xlsx);;Decision models (*.json);;Spreadsheets (*.csv *.xlsx)"
SAVE, DISCARD, CANCEL = "save", "discard", "cancel"
# Below this available width the charts share one tabbed dock, so each gets the whole width.
WIDE_LAYOUT_FROM = 1440


class MainWindow(QMainWindow):
    # The views (`views.VIEWS`), each also an attribute by its key:
    weights: WeightsPanel
    ranking: RankingChart
    sensitivity: SensitivityChart
    uncertainty: UncertaintyChart
    profile: ProfileChart
    matrix: MatrixPanel
    participants: ParticipantsPanel
    group: GroupChart
    changes: ChangesPanel
    constraints: ConstraintsPanel

    def __init__(self, state: AnalysisState):
        super().__init__()
        self.state = state
        self.setAcceptDrops(True)
        self.setDockNestingEnabled(True)
        self.workshop = WorkshopSession(state, self)  # round, rule, names shown, covered: shared view state
        self.views: dict[str, QWidget] = {v.key: v.factory(state, self.workshop) for v in VIEWS}
        for key, widget in self.views.items():
            setattr(self, key, widget)
        self.charts: dict[str, ChartPanel] = {v.key: w for v in VIEWS if v.chart and isinstance(
            w := self.views[v.key], ChartPanel)}
        self.docks: dict[str, QDockWidget] = {}
        self.help_dialog: HelpDialog | None = None
        self.objectives_dialog: ObjectivesDialog | None = None  # the open Edit > Objectives… dialog
        self.presenter: Presenter | None = None  # made on the first View > Present
        self.zoom_steps = clamp_steps(read_int(ZOOM, 0))
        self._layout_at_100: tuple[QByteArray, tuple[object, ...]] | None = None  # when the zoom left 100 %
        self.zoom_keeper = ZoomKeeper(self.charts, self.zoom_steps, self)
        self.autosaver = Autosaver(state, parent=self)  # unsaved work to a recovery file (recovery.py)
        self.file_watch = FileWatch(state, self)  # the file changed on disk (file_watch.py)
        placeholder = QWidget()
        placeholder.setMaximumSize(0, 0)
        self.setCentralWidget(placeholder)
        self._make_docks()
        self.dock_focus = RaiseOnFocus(self.docks.values(), self)  # Tab into a tabbed-away view brings it up
        self.focus_ring = FocusRing(self)  # every Tab stop shows that it has the focus
        self._make_actions()
        self._make_menus()
        self.status_label = QLabel()
        self.message_bar = MessageBar(self)  # a long message shortened with "…", whole in its tooltip
        self.setStatusBar(self.message_bar)
        self.message_bar.addPermanentWidget(self.status_label)  # messages show beside it, never over it
        state.sig_status.connect(self.message_bar.say)
        state.sig_file_changed.connect(self._update_title)
        state.sig_focus_requested.connect(self._bring_forward)
        state.undo_stack.canUndoChanged.connect(self._update_title)
        state.sig_model_changed.connect(self._zoom_charts)  # after the charts rebuilt their text items
        self._default_state = self.saveState()
        self._restore_settings()
        self.set_zoom(self.zoom_steps, remember=False)
        self._update_title()

    # --- layout -------------------------------------------------------------------------------------

    def _bring_forward(self, kind: str) -> None:
        """A view asked for the selected cell ("cell": the matrix), criterion's weight ("weight") or an
        objective's ("objective")."""
        dock = self.docks["matrix" if kind == "cell" else "weights"]
        dock.show()
        dock.raise_()
        if kind == "weight":
            self.weights.focus_weight(self.state.selected_criterion)
        elif kind == "objective" and self.state.focus_objective is not None:
            self.weights.focus_item(self.state.tree.index(self.state.focus_objective))

    @property
    def VIEW_ORDER(self) -> tuple[str, ...]:
        """Ctrl+Alt+1…n and F6's order, from the view records."""
        return tuple(v.key for v in views_in_order())

    def _dock(self, spec: ViewSpec) -> QDockWidget:
        """A view's dock, placed as its record says (relative to a dock made before it)."""
        d = QDockWidget(spec.title, self)
        d.setObjectName(f"dock_{spec.key}")
        d.setWidget(DockBody(self.views[spec.key], grows=spec.key != "weights"))
        # zoomed text scrolls inside the dock, the window keeps to the screen; the weights keep to their width
        d.setAccessibleName(f"{spec.title} panel")
        d.setMinimumWidth(spec.least_width)
        left = spec.place == "left" or (spec.beside is not None and self.dockWidgetArea(self.docks[spec.beside])
                                        == Qt.DockWidgetArea.LeftDockWidgetArea)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea if left else Qt.DockWidgetArea.RightDockWidgetArea, d)
        other = self.docks.get(spec.beside or "")
        if other is not None and spec.place == "tab":
            self.tabifyDockWidget(other, d)
        elif other is not None and spec.place in ("below", "beside"):
            self.splitDockWidget(other, d, Qt.Orientation.Vertical if spec.place == "below"
                                 else Qt.Orientation.Horizontal)
        self.docks[spec.key] = d
        return d

    def _make_docks(self) -> None:
        for spec in VIEWS:
            self._dock(spec)
        for spec in VIEWS:
            if spec.front:
                self.docks[spec.key].raise_()
        self._narrow = is_small(self._available(), WIDE_LAYOUT_FROM)
        if self._narrow:
            self._tabify_charts()
        self._sized = False

    def _tabify_charts(self) -> None:
        """A small screen: the charts share the place beside the weights, the ranking in front."""
        rank = self.docks["ranking"]
        for key in (v.key for v in VIEWS if v.among_charts and v.key != "ranking"):
            if not self.docks[key].isFloating():
                self.tabifyDockWidget(rank, self.docks[key])
        rank.raise_()

    def _available(self) -> QRect:
        screen = self.screen() or QApplication.primaryScreen()
        return screen.availableGeometry()

    def _default_proportions(self) -> None:
        """Ranking large, matrix 42% of the height; on a small screen the weights take what they need."""
        w, h = self.width(), self.height()
        if self._narrow:
            self.resizeDocks([self.docks["weights"], self.docks["ranking"]], [int(w * 0.3), int(w * 0.7)],
                             Qt.Orientation.Horizontal)
        else:
            self.resizeDocks([self.docks["weights"], self.docks["ranking"], self.docks["sensitivity"]],
                             [int(w * 0.22), int(w * 0.42), int(w * 0.36)], Qt.Orientation.Horizontal)
        self.resizeDocks([self.docks["ranking"], self.docks["matrix"]], [int(h * 0.58), int(h * 0.42)],
                         Qt.Orientation.Vertical)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._sized and not self.layout_restored:
            self._default_proportions()  # once the window has its size
        self._sized = True

    def _action(self, text: str, slot: Callable[..., object], shortcut: ShortcutSpec | None = None,
                tip: str = "") -> QAction:
        """An action; `shortcut` is a StandardKey (all of the platform's keys for it), a key text or a list."""
        a = QAction(text, self)
        a.triggered.connect(slot)
        if isinstance(shortcut, QKeySequence.StandardKey):
            a.setShortcuts(shortcut)
        elif isinstance(shortcut, list):
            a.setShortcuts([QKeySequence(k) for k in shortcut])
        elif shortcut is not None:
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
        self.act_export_slides = self._action("Export s&lides…", self.export_slides, tip=
                                              "The presentation's slides as a PDF deck")
        self.act_present = self._action("&Present", lambda: self.present(), "F5",
                                        "The slides full screen (on the second screen when one is connected)")
        self.act_present_here = self._action("Present from the current slide", lambda: self.present(True),
                                             "Shift+F5", "The slides full screen, from the slide shown last")
        self.act_arrange_slides = self._action("Arrange slides…", self.arrange_slides, tip=
                                               "Choose which slides to show and their order")
        self.act_quit = self._action("&Quit", self.close, S.Quit)
        self.act_undo = self.state.undo_stack.createUndoAction(self, "&Undo")
        self.act_undo.setShortcuts(S.Undo)
        self.act_redo = self.state.undo_stack.createRedoAction(self, "&Redo")
        self.act_redo.setShortcuts(redo_keys())
        self.number_keys = NumberBoxUndoKeys(self, [self.act_undo, self.act_redo])  # not the box's text undo
        self.act_copy_summary = self._action("Copy &summary", self.copy_summary, "Ctrl+Alt+C",
                                             "The memo's bottom line as text, for an email or a memo template")
        self.act_about = self._action("&About Decision Desk", self.about)
        self.act_help = self._action("Keyboard and help (F1)", self.show_help, S.HelpContents,
                                     "The views, the methods and every keyboard shortcut")
        self.act_zoom_in = self._action("Zoom &in", lambda: self.set_zoom(self.zoom_steps + 1),
                                        [*QKeySequence.keyBindings(S.ZoomIn), QKeySequence("Ctrl+=")],
                                        "Larger text in every view and chart")
        self.act_zoom_out = self._action("Zoom &out", lambda: self.set_zoom(self.zoom_steps - 1), S.ZoomOut,
                                         "Smaller text in every view and chart")
        self.act_zoom_reset = self._action("&Reset zoom", lambda: self.set_zoom(0), "Ctrl+0")
        self.act_next_view = self._action("Next view", lambda: self.cycle_view(1), "F6",
                                          "Move the keyboard focus to the next view")
        self.act_prev_view = self._action("Previous view", lambda: self.cycle_view(-1), "Shift+F6",
                                          "Move the keyboard focus to the previous view")
        self.view_actions = {
            v.key: self._action(f"Go to {v.title}", lambda _c=False, k=v.key: self.focus_view(k), v.shortcut,
                                f"Show the {v.title} view and move the focus to it")
            for v in views_in_order()
        }
        self._make_workshop_actions()

    def _make_workshop_actions(self) -> None:
        from decision_app.gui.participant_entry import CoverPage, WindowCover

        ws = self.workshop
        self.act_pass_laptop = self._action("&Pass the laptop…", self.pass_the_laptop, "Ctrl+Shift+P",
                                            "Hide the views and let a new participant enter their weights")
        self.act_reveal = self._action("&Reveal", lambda: ws.set_covered(False), "Ctrl+Shift+R",
                                       "Show the views again after participants entered their weights")
        self.act_new_round = self._action("Start a new r&ound", ws.start_new_round, tip=
                                          "Participants enter their weights again, into the next round")
        self.act_show_names = self._action("Show participants' &names", ws.set_show_names, "Ctrl+Shift+N",
                                           "Names beside the codes P1, P2, … (off at every start)")
        self.act_show_names.setCheckable(True)
        self.act_delphi = self._action("Returning participants see their earlier answer", lambda on: ws.
                                       set_returning_start("own" if on else "neutral"), tip="In a later round, start "
                                       "a returning participant from their own answer beside the group's (Delphi)")
        self.act_delphi.setCheckable(True)
        ws.sig_names_changed.connect(self.act_show_names.setChecked)
        # intake is a locked mode: every other action of the window is off while the views are covered
        self.cover = WindowCover(self, list(self.docks.values()), CoverPage(self.state, ws),
                                 [self.act_pass_laptop, self.act_reveal])
        ws.sig_cover_changed.connect(self.cover.set_covered)
        ws.sig_cover_changed.connect(self._cover_changed)
        self.autosaver.workshop = lambda: {"covered": ws.covered, "round": ws.round}
        self.act_reveal.setEnabled(False)
        self.entry_dialog: ParticipantEntryDialog | None = None

    def _cover_changed(self, on: bool) -> None:
        self.act_reveal.setEnabled(on)
        if not on:  # entries saved while covered changed what Undo and Redo can do
            self.act_undo.setEnabled(self.state.undo_stack.canUndo())
            self.act_redo.setEnabled(self.state.undo_stack.canRedo())

    def pass_the_laptop(self) -> None:
        """Cover the views and open the entry dialog for a new participant."""
        from decision_app.gui.participant_entry import ParticipantEntryDialog

        self.entry_dialog = ParticipantEntryDialog(self.state, self, self.workshop)
        self.entry_dialog.open()

    def _make_menus(self) -> None:
        mb = self.menuBar()
        f = mb.addMenu("&File")
        f.addActions([self.act_new, self.act_open])
        self.recent_menu = f.addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(self.fill_recent_menu)
        f.addSeparator()
        f.addActions([self.act_save, self.act_save_as])
        f.addSeparator()
        f.addActions([self.act_export_table, self.act_export_model, self.act_export_brief, self.act_export_slides])
        f.addSeparator()
        f.addAction(self.act_quit)
        e = mb.addMenu("&Edit")
        e.addActions([self.act_undo, self.act_redo])
        e.addSeparator()
        e.addAction(self.act_copy_summary)
        self.edit_actions: dict[str, QAction] = {}
        for group in (OPTION_EDITS, CRITERION_EDITS, PROFILE_EDITS):
            e.addSeparator()
            if group is PROFILE_EDITS:
                e.addAction(self._action("Save weights as profile…", self.weights.save_profile))
            for spec in group:
                self.edit_actions[spec.key] = self._action(spec.menu, lambda _c=False, s=spec: self.run_edit(s),
                                                           spec.shortcut)
                e.addAction(self.edit_actions[spec.key])
            if group is CRITERION_EDITS:
                e.addAction(self._action("O&bjectives…", self.edit_objectives, "Ctrl+Shift+B",
                                         "Group the criteria into objectives (branches): the value tree"))
        a = mb.addMenu("&Analysis")
        self.method_actions = {}
        methods = QActionGroup(self)  # exclusive: choosing the current method again leaves it checked
        for i, name in enumerate(METHOD_NAMES):
            act = self._action(METHODS[name].label, lambda _c=False, n=name: self.state.set_method(n), f"Ctrl+{i + 1}")
            act.setCheckable(True)
            methods.addAction(act)
            a.addAction(act)
            self.method_actions[name] = act
        self.state.sig_method_changed.connect(self._method_checked)
        self._method_checked(self.state.method)
        a.addSeparator()
        a.addAction(self._action("Reset weights to profile", self.state.reset_to_profile, "Ctrl+R"))
        a.addAction(self._action("Elicit weights…", self.elicit_weights, "Ctrl+E",
                                 "Weights from a ranking, swing points or pairwise (AHP) judgements"))
        a.addAction(self._action("Re-run uncertainty now", lambda: self.state.schedule_smaa(now=True), "Ctrl+F5"))
        w = mb.addMenu("&Workshop")
        self.cover.allowed.append(w.menuAction())  # Pass the laptop and Reveal stay within reach
        w.addActions([self.act_pass_laptop, self.act_reveal])
        w.addSeparator()
        w.addActions([self.act_new_round, self.act_show_names, self.act_delphi])
        v = mb.addMenu("&View")
        for key in self.VIEW_ORDER:
            v.addAction(self.docks[key].toggleViewAction())
        v.addSeparator()
        go: QMenu = v.addMenu("&Go to")
        go.addActions([*self.view_actions.values()])
        go.addSeparator()
        go.addActions([self.act_next_view, self.act_prev_view])
        v.addSeparator()
        v.addActions([self.act_zoom_in, self.act_zoom_out, self.act_zoom_reset])
        v.addSeparator()
        v.addActions([self.act_present, self.act_present_here, self.act_arrange_slides])
        v.addSeparator()
        v.addAction(self._action("Reset layout", self.reset_layout))
        theme = v.addMenu("Theme")
        for key, text in (("system", "Follow the system"), ("light", "Light"), ("dark", "Dark")):
            theme.addAction(self._action(text, lambda _c=False, k=key: self.set_theme(k)))
        h = mb.addMenu("&Help")
        h.addAction(self.act_help)
        h.addAction(self._action("Open &log folder", self.open_log_folder, tip=
                                 "The folder with the app's log, to attach to a bug report"))
        h.addAction(self.act_about)

    def _method_checked(self, method: str) -> None:
        for name, act in self.method_actions.items():
            act.setChecked(name == method)

    def _update_title(self, *_args: object) -> None:
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
        avail = self._available()
        layout = self.layout()
        if layout is not None:
            layout.activate()  # the minimum size of the dock arrangement made above, not of an earlier one
        if isinstance(geo, QByteArray) and not geo.isEmpty() and self.restoreGeometry(geo):
            # a geometry saved on a monitor that is gone, or a larger one, comes back inside this screen
            self.setGeometry(clamp_rect(self.geometry(), self._screen_for(self.geometry())))
        else:
            self.setGeometry(fit_rect(DEFAULT_SIZE, avail))
        st = s.value(WINDOW_STATE)
        # True when the docks came back as the user left them (then the first show keeps their sizes)
        self.layout_restored = bool(isinstance(st, QByteArray) and not st.isEmpty() and self.restoreState(st))
        if self.layout_restored and self.minimumSizeHint().width() > avail.width():
            # charts side by side from a wide monitor cannot fit here: they share one place instead
            self._tabify_charts()
            layout = self.layout()
            if layout is not None:
                layout.activate()
            self.setGeometry(clamp_rect(self.geometry(), avail))

    def _screen_for(self, rect: QRect) -> QRect:
        """The available geometry of the screen showing most of `rect` (the window's screen if none)."""
        best, area = self._available(), 0
        for screen in QApplication.screens():
            common = screen.availableGeometry().intersected(rect)
            if common.width() * common.height() > area:
                best, area = screen.availableGeometry(), common.width() * common.height()
        return best

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.maybe_save():
            event.ignore()
            return
        s = settings()
        s.setValue(WINDOW_GEOMETRY, self.saveGeometry())
        s.setValue(WINDOW_STATE, self.saveState())
        if self.state.path:
            s.setValue(LAST_FILE, str(self.state.path))
        s.sync()
        self.autosaver.close()  # a clean exit leaves no recovery file
        self.state.shutdown()
        event.accept()

    def reset_layout(self) -> None:
        self.restoreState(self._default_state)
        self._default_proportions()

    def set_theme(self, choice: str) -> None:
        from decision_app.gui.theme import apply_theme

        settings().setValue(THEME, choice)
        layout = self.saveState()  # re-styling the application must not rearrange the docks
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, choice)
        for chart in self.charts.values():  # pens, brushes and backgrounds are built from the palette
            chart.rebuild()
        self._zoom_charts()
        self.restoreState(layout)

    # --- zoom, views and help ------------------------------------------------------------------------

    def set_zoom(self, steps: int, remember: bool = True) -> None:
        """Scale the text of every view and chart by `steps` zoom steps (0: the system size)."""
        if remember and self.zoom_steps == 0 and clamp_steps(steps) != 0:
            self._layout_at_100 = (self.saveState(), self._arrangement())
        self.zoom_steps = self.zoom_keeper.steps = clamp_steps(steps)
        zoom_views((body.view for body in self.bodies()), self.zoom_steps)
        for body in self.bodies():
            body.set_scale(zoom_factor(self.zoom_steps))
        self._zoom_charts()
        self.act_zoom_reset.setEnabled(self.zoom_steps != 0)
        if remember:  # a change by the user (at start, the window's size is fitted to the screen already)
            before = QRect(self.geometry())
            QTimer.singleShot(0, lambda: self.keep_on_screen(before))  # once the docks have their least sizes
            settings().setValue(ZOOM, self.zoom_steps)
            self.state.notify(f"Zoom {100 + 10 * self.zoom_steps} %")

    def bodies(self) -> list[DockBody]:
        return [body for d in self.docks.values() if isinstance(body := d.widget(), DockBody)]

    def keep_on_screen(self, before: QRect) -> None:
        """After a zoom: a window that grew while its views took their new least sizes goes back to where it
        was (`before`), or when that is too small now, moves and shrinks to fit its screen; then zoomed views
        take the room their neighbours can spare."""
        for spec in VIEWS:
            # Qt pins a tabbed-away dock's least size to the width it last had: after zooming back out
            # that stale pin (not the view) would hold the window wide
            self.docks[spec.key].setMinimumSize(spec.least_width, 0)
        if self.zoom_steps == 0 and self._layout_at_100 is not None:
            # back at 100 %: zoomed views had widened their docks; unless the user moved a view meanwhile, each
            # gets the width it had (the chart area's tab titles stayed cut short otherwise)
            (state, arrangement), self._layout_at_100 = self._layout_at_100, None
            if arrangement == self._arrangement():
                front = [d for d in self.docks.values() if d.isVisible() and not d.visibleRegion().isEmpty()]
                self.restoreState(state)
                for dock in front:  # the views in front stay in front (the state has the ones then)
                    dock.raise_()
        if self.isMaximized() or self.isFullScreen():
            self._make_room()
            return
        layout = self.layout()
        if layout is not None:
            layout.activate()
        if self.geometry() != before:
            least = self.minimumSizeHint()
            avail = self._screen_for(before)
            if before.width() >= least.width() and before.height() >= least.height():
                self.setGeometry(before)
            elif not avail.contains(self.geometry()):
                self.setGeometry(clamp_rect(self.geometry(), avail))
            if layout is not None:
                layout.activate()
        self._make_room()

    def _arrangement(self) -> tuple[object, ...]:
        """Where each view is (its dock area, floating, shown, the views tabbed with it), not how wide."""
        return tuple((key, self.dockWidgetArea(d), d.isFloating(), d.isVisible(),
                      sorted(t.objectName() for t in self.tabifiedDockWidgets(d))) for key, d in self.docks.items())

    def _make_room(self) -> None:
        """Zoomed views that would scroll sideways take width from neighbours that have some to spare (never
        so much that a neighbour starts to scroll in its turn)."""
        for dock in self.docks.values():
            if not self._scrolls_sideways(dock):
                continue
            body = dock.widget()
            assert isinstance(body, DockBody)
            want = self._needed_width(body) + dock.width() - body.width()
            others = {d: self._shortfall(d) for d in self.docks.values() if d is not dock}
            before, ask = self.saveState(), want
            for _ in range(2):  # Qt counts the dock area's own margins in: ask again for what fell short
                self.resizeDocks([dock], [ask], Qt.Orientation.Horizontal)
                layout = self.layout()
                if layout is not None:
                    layout.activate()
                if dock.width() >= want:
                    break
                ask += want - dock.width()
            if any(self._shortfall(d) > max(short, 0) for d, short in others.items()):
                self.restoreState(before)  # it would only move the scrolling next door

    @staticmethod
    def _needed_width(body: DockBody) -> int:
        """The body's width that shows its whole view's width (beside the up-down scroll bar, if shown)."""
        bar = body.verticalScrollBar()
        return body.view.minimumSizeHint().width() + (bar.sizeHint().width() if bar.isVisible() else 0)

    def _shortfall(self, dock: QDockWidget) -> int:
        """How much narrower than its view a dock on screen shows it (≤ 0: no sideways scrolling)."""
        body = dock.widget()
        if not isinstance(body, DockBody) or dock.isFloating() or dock.visibleRegion().isEmpty():
            return 0
        return self._needed_width(body) - body.width()

    def _scrolls_sideways(self, dock: QDockWidget) -> bool:
        return self._shortfall(dock) > 0

    def _zoom_charts(self) -> None:
        for chart in self.charts.values():
            for item in chart.plot_items():
                zoom_chart(item, self.zoom_steps)

    def focus_view(self, key: str) -> None:
        """Open, raise (a tabbed view comes to the front) and focus a view."""
        if self.workshop.covered:  # nothing shows before the facilitator reveals
            return
        dock = self.docks[key]
        dock.show()
        dock.raise_()
        target = focus_target(dock)
        if target is not None:
            target.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def current_view(self) -> str | None:
        w = QApplication.focusWidget()
        return next((k for k, d in self.docks.items() if w is not None and d.isAncestorOf(w)), None)

    def cycle_view(self, step: int) -> None:
        """F6 / Shift+F6: the next (previous) open view in VIEW_ORDER, tabbed-away views included."""
        order = [k for k in self.VIEW_ORDER if self.docks[k].toggleViewAction().isChecked()]
        if not order:
            return
        current = self.current_view()
        i = order.index(current) if current in order else (-1 if step > 0 else 0)
        self.focus_view(order[(i + step) % len(order)])

    def help_page(self) -> str:
        from decision_app.gui.help_dialog import action_shortcuts, help_html

        views = [(v.title, self.view_actions[v.key].shortcut().toString(QKeySequence.SequenceFormat.NativeText),
                  v.help) for v in views_in_order()]
        methods = [(METHODS[m].label, METHODS[m].description) for m in METHOD_NAMES]
        return help_html(views, methods, action_shortcuts(menu_actions(self.menuBar().actions())))

    def show_help(self) -> None:
        from decision_app.gui.help_dialog import HelpDialog

        if self.help_dialog is None:
            self.help_dialog = HelpDialog(self.help_page(), self)
        else:
            self.help_dialog.browser.setHtml(self.help_page())
        self.help_dialog.show()
        self.help_dialog.raise_()
        self.help_dialog.activateWindow()

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

    def commit_typing(self) -> None:
        """Apply evidence typed but not yet applied (Save, Save As and closing must not lose it)."""
        self.matrix.evidence.commit()

    def maybe_save(self) -> bool:
        self.commit_typing()
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
        """Open a model or spreadsheet (File > Open, Open Recent, a drop, the command line). The file is read
        and checked first (a table without directions asks for them): a file that cannot be opened is refused
        with the work untouched and nothing asked; only a file that opens asks about unsaved work (`ask`)."""
        from decision_app.gui.direction_dialog import read_asking_directions

        try:
            read = read_asking_directions(path, self)
            if read is None:  # the directions were not given
                return False
            if ask and not self.maybe_save():
                return False
            if read.changed_on_disk():  # saved over (the same file) or changed while the question was open
                read = read.again()
        except InputError as exc:
            self.show_error("Cannot open this file", exc)
            return False
        self.state.put(read)
        self._add_recent(Path(path))
        return True

    def file_new(self) -> None:
        if self.maybe_save():
            self.state.new_document(edits.blank_model())

    def file_open(self) -> None:
        start = str(self.state.path.parent) if self.state.path else str(proposed_folder(None))
        name, _ = QFileDialog.getOpenFileName(self, "Open a model or spreadsheet", start, OPEN_FILTER)
        if name:
            self.open_path(name)

    def file_save(self) -> bool:
        """Save; an unsaved model or the app's own shipped model (never overwritten) asks where, as Save As."""
        self.commit_typing()
        if self.state.path is None or is_shipped(self.state.path):
            return self.file_save_as()
        return self._save_to(self.state.path)

    def file_save_as(self) -> bool:
        """Proposes the model's title as the file name, in the current file's folder or (unsaved, shipped)
        the user's documents folder."""
        self.commit_typing()
        start = proposed_path(self.state.model.title, self.state.path)
        name, _ = QFileDialog.getSaveFileName(self, "Save the model", str(start), "Decision model (*.json)")
        if not name:
            return False
        if not name.lower().endswith(".json"):
            name += ".json"
        return self._save_to(Path(name))

    def _save_to(self, path: Path) -> bool:
        if not self.file_watch.confirm_overwrite(path):  # someone else changed it since we read it
            return False
        try:
            self.state.save(path)
        except InputError as exc:
            self.show_error("Cannot save", still_in_window(exc))
            return False
        self._add_recent(path)
        return True

    def _add_recent(self, path: Path) -> None:
        remember_file(str(path.resolve()))

    def fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = recent_files()
        for p in recent:
            self.recent_menu.addAction(self._action(p, lambda _c=False, p=p: self.open_path(p)))
        if not recent:
            none = self.recent_menu.addAction("No recent files")
            none.setEnabled(False)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        urls = event.mimeData().urls()
        if urls and Path(urls[0].toLocalFile()).suffix.lower() in (".json", ".csv", ".xlsx"):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        path = event.mimeData().urls()[0].toLocalFile()
        event.acceptProposedAction()
        QTimer.singleShot(0, lambda: self.open_path(path))

    def edit_objectives(self) -> None:
        from decision_app.gui.tree_dialog import ObjectivesDialog

        dialog = self.objectives_dialog
        if dialog is None:  # one at a time: a second Edit > Objectives… brings the open one to the front
            dialog = ObjectivesDialog(self.state, self)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # and with it its slot on every model change
            dialog.finished.connect(self._objectives_closed)
            self.objectives_dialog = dialog
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()

    def _objectives_closed(self) -> None:
        self.objectives_dialog = None

    def elicit_weights(self) -> None:
        from decision_app.gui.elicit_dialog import ElicitDialog

        ElicitDialog(self.state, self).exec()

    def export_table(self) -> None:
        from decision_app.gui.exports import export_table_dialog

        export_table_dialog(self.state, self)

    def export_model(self) -> None:
        from decision_app.gui.exports import export_model_dialog

        export_model_dialog(self.state, self)

    def present(self, from_current: bool = False) -> PresentationWindow:
        from decision_app.gui.presentation.presenter import Presenter

        if self.presenter is None:
            self.presenter = Presenter(self.state, self)
        return self.presenter.present(from_current)

    def arrange_slides(self) -> None:
        from decision_app.gui.presentation.arrange import ArrangeSlidesDialog

        ArrangeSlidesDialog(self.state, self).exec()

    def export_slides(self) -> None:
        from decision_app.gui.presentation.export import export_slides_dialog

        export_slides_dialog(self.state, self)

    def copy_summary(self) -> None:
        from decision_app.gui.copy_summary import copy_summary

        self.commit_typing()
        copy_summary(self.state)

    def export_brief(self) -> None:
        from decision_app.gui.exports import export_brief_dialog

        export_brief_dialog(self.state, self)

    # --- structure edits ----------------------------------------------------------------------------

    def run_edit(self, spec: EditSpec) -> None:
        """Any Edit-menu structure edit (the specs live in structure_edits)."""
        run_edit(self.state, self, spec, self.show_error)

    def offer_recovery(self) -> Recovered | None:
        """At start: offer the unsaved work of a window that died (recovery.py)."""
        rec = offer_recovered_work(self.state, self.autosaver, self, self.ask_restore, self.show_error)
        if rec is not None and rec.workshop is not None:  # a crash during intake: still hidden, same round
            self.workshop.set_round(int(str(rec.workshop["round"])))
            self.workshop.set_covered(bool(rec.workshop["covered"]))
        return rec

    def ask_restore(self, parent: QWidget | None, recovered: Recovered) -> str:
        """Restore, discard or later (tests replace this)."""
        return ask_restore(parent, recovered)

    def open_log_folder(self) -> None:
        from decision_app.gui.crash import open_log_folder

        open_log_folder()

    def about(self) -> None:
        QMessageBox.about(self, "About Decision Desk",
                          f"<h3>Decision Desk {__version__}</h3><p>Offline decision support: compare policy "
                          "options against weighted criteria with five aggregation methods, sensitivity and "
                          "uncertainty analysis, and a briefing memo.</p><p>The default model's scores are "
                          "illustrative, editable judgements drawn from two essays; the app advocates none of "
                          "the options.</p><p>Never connects to a network.</p>")


def redo_keys() -> list[QKeySequence]:
    """The platform's Redo keys, with Ctrl+Shift+Z first (the key the menu shows everywhere) and Ctrl+Y
    (which Windows users press) where the platform lacks it; each key once."""
    keys = [QKeySequence("Ctrl+Shift+Z"), *QKeySequence.keyBindings(QKeySequence.StandardKey.Redo),
            QKeySequence("Ctrl+Y")]
    unique: list[QKeySequence] = []
    for k in keys:
        if not k.isEmpty() and k not in unique:
            unique.append(k)
    return unique


def menu_actions(actions: Iterable[QAction]) -> list[QAction]:
    """Every action of these menu-bar entries and their submenus, in menu order."""
    out: list[QAction] = []
    for act in actions:
        menu = act.menu()
        if isinstance(menu, QMenu):
            out += menu_actions(menu.actions())
        elif not act.isSeparator():
            out.append(act)
    return out


def focus_target(dock: QDockWidget) -> QWidget | None:
    """The first control in `dock` that takes the keyboard focus (the dock's contents when none does)."""
    start = dock.widget()
    if start is None:
        return None
    w = start
    for _ in range(10_000):
        if (dock.isAncestorOf(w) and w.isVisible() and w.isEnabled()
                and w.focusPolicy() & Qt.FocusPolicy.TabFocus):
            return w
        nxt = w.nextInFocusChain()
        if nxt is None or nxt is start:
            break
        w = nxt
        if w is start:
            break
    return start
