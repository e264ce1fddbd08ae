"""Pass the laptop: one participant enters their weights while the window's views are covered.

`ParticipantEntryDialog` covers the window (through the workshop session) as it opens, shows the criteria
with their definitions, scales and anchors, and asks for weights by direct points, ranking, swing or AHP
(the elicitation dialog's pages, `elicit_dialog.ElicitPages`), always starting neutral so nobody sees the
previous participant's answers. Saving enters the round as one undo step; the window stays covered until
the facilitator reveals it (`CoverPage`, or Workshop > Reveal).

With a value tree the participant may weigh per branch instead (the objectives at a chosen level,
`core.branch_entry`): the same questions about the objectives, each objective's points then split over its
criteria as the facilitator's current weights split it, said in words beside the questions.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QByteArray, QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from decision_app.core import branch_entry as be
from decision_app.core import participant_edits as pe
from decision_app.core.ahp_tree import TreeShape, node_ahp_round
from decision_app.core.errors import InputError
from decision_app.core.group import DelphiFeedback, delphi_feedback
from decision_app.core.schema import Criterion, DecisionModel, ParticipantRound
from decision_app.core.tree import item_weights
from decision_app.gui.charts.base import html_escape
from decision_app.gui.elicit_dialog import AHP, DIRECT, ElicitPages, preview_text, refusal_html
from decision_app.gui.messages import show_error
from decision_app.gui.node_pages import NodePages
from decision_app.gui.state import AnalysisState
from decision_app.gui.workshop_session import WorkshopSession

NEW = "new"  # the entry dialog's choice of a new participant
NODES = 0  # the form's "level" for AHP node by node through the value tree


def feedback_html(model: DecisionModel, f: DelphiFeedback) -> str:
    """A returning participant's earlier answer beside the group's range in that round, per criterion."""
    rows = "".join(f"<tr><td>{html_escape(c.name)}</td><td align='right'>{f.own[j]:.0%}</td>"
                   f"<td align='right'>{f.low[j]:.0%}–{f.high[j]:.0%}</td></tr>"
                   for j, c in enumerate(model.criteria))
    return (f"<p>Your answer in round {f.round}, beside the range of the group's {f.count} answers in that round "
            "(the pages start from your answer; change what you now think):</p>"
            f"<table cellspacing='6'><tr><th align='left'>Criterion</th><th>You</th><th>Group</th></tr>{rows}</table>")


def criteria_html(model: DecisionModel) -> str:
    """Every criterion with its direction, definition, scale and anchors, for a participant to read."""
    return "".join(_criterion_html(c) for c in model.criteria)


def _criterion_html(c: Criterion) -> str:
    better = "lower is better" if c.direction == "cost" else "higher is better"
    out = f"<h3>{html_escape(c.name)}</h3><p><i>{better}</i></p>"
    if c.definition:
        out += f"<p>{html_escape(c.definition)}</p>"
    if c.scale is not None:
        out += f"<p>Scale {c.scale.min:g} to {c.scale.max:g} {html_escape(c.unit)}</p>"
    if c.anchors:
        out += "<ul>" + "".join(f"<li><b>{a.value:g}</b>: {html_escape(a.description)}</li>"
                                for a in sorted(c.anchors, key=lambda a: a.value)) + "</ul>"
    return out


class ParticipantEntryDialog(QDialog):
    """One participant's weights for the session's current round: a new participant (a name to type) or
    an existing one (`participant_id`)."""

    def __init__(self, state: AnalysisState, parent: QWidget | None, session: WorkshopSession,
                 participant_id: str | None = None):
        super().__init__(parent)
        self.state, self.session = state, session
        self.participant_id = participant_id
        self.round = session.round
        session.set_covered(True)  # before anything of this dialog shows
        model = state.model
        self.setWindowTitle(f"Enter your weights — round {self.round}")
        lay = QVBoxLayout(self)
        who = QHBoxLayout()
        self.name: QLineEdit | None = None  # a new participant may give a name (the code is enough)
        self.who: QComboBox | None = None  # without a participant given: returning ones or "new", chosen
        if participant_id is None:
            who.addWidget(QLabel("Who is entering:"))
            self.who = QComboBox()
            self.who.setAccessibleName("Who is entering")
            waiting = [p for p in model.participants if p.round(self.round) is None]
            if waiting:
                self.who.addItem("Choose your code…", None)
                for p in waiting:
                    self.who.addItem(session.display_name(p.code, p.label), p.id)
            self.who.addItem(f"I am new here (I will be {pe.next_code(model)})", NEW)
            self.who.currentIndexChanged.connect(self._who_changed)
            who.addWidget(self.who)
            self.name = QLineEdit()
            self.name.setAccessibleName("Participant's name (optional)")
            self.name.setPlaceholderText("name (optional; only your code is shown unless the facilitator shows names)")
            who.addWidget(self.name, 1)
        else:
            p = next(q for q in model.participants if q.id == participant_id)
            who.addWidget(QLabel(f"<b>{html_escape(session.display_name(p.code, p.label))}</b>, round {self.round}"))
            who.addStretch(1)
        lay.addLayout(who)
        self.earlier = QLabel()  # the Delphi way: a returning participant's earlier answer beside the group's
        self.earlier.setWordWrap(True)
        self.earlier.setAccessibleName("Your earlier answer and the group's")
        self.earlier.hide()
        lay.addWidget(self.earlier)
        self.split = QSplitter(Qt.Orientation.Horizontal)
        self.criteria = QTextBrowser()
        self.criteria.setAccessibleName("The criteria, their definitions and anchors")
        self.criteria.setHtml(criteria_html(model))
        self.split.addWidget(self.criteria)
        tree = state.tree
        self.base = np.asarray(state.weights, dtype=float)  # the facilitator's weights now: how a branch splits
        self.level = tree.levels()  # the criteria's own level: points per criterion
        self.items: tuple[int, ...] = tuple(tree.n_nodes + j for j in range(tree.n_criteria))
        right = QWidget()
        self.right = QVBoxLayout(right)
        self.right.setContentsMargins(0, 0, 0, 0)
        self.by = QComboBox()  # per criterion, or per objective at a level (only with a value tree)
        self.by.setAccessibleName("Give points to")
        self.by.addItem("Give points to every criterion", self.level)
        for k in be.branch_levels(tree):
            self.by.addItem(f"Give points to {be.level_label(tree, k)}", k)
        if not tree.is_flat:
            self.by.addItem("Compare in pairs, objective by objective (AHP through the tree)", NODES)
        self.by.setVisible(self.by.count() > 1)
        self.by.activated.connect(self._level_chosen)
        self.right.addWidget(self.by)
        self.split_note = QLabel()  # how each objective's points split over its criteria, in words
        self.split_note.setWordWrap(True)
        self.split_note.setAccessibleName("How each objective's points split over its criteria")
        self.split_note.hide()
        self.right.addWidget(self.split_note)
        self.pages = self._make_pages(None)
        self.right.addWidget(self.pages, 1)
        self.split.addWidget(right)
        self.split.setSizes([380, 520])
        lay.addWidget(self.split, 1)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Your weights")
        lay.addWidget(self.summary)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.addButton("Save my weights", QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.clicked.connect(self.save)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.weights: np.ndarray | None = None
        self.resize(900, 620)
        self.preview()
        self._start = self.pages.answers()  # Esc asks before throwing away anything typed after this
        if self.name is not None:
            self.name.setEnabled(self.chosen() == NEW)

    def typed(self) -> bool:
        """Anything entered since the dialog opened (answers or a name)."""
        return self.pages.answers() != self._start or bool(self.name is not None and self.name.text().strip())

    def confirm_discard(self) -> bool:
        """Asked when the form is closed with answers typed (tests replace this)."""
        answer = QMessageBox.question(self, "Discard these answers?", "Close the form and throw away what was "
                                      "entered? Nothing has been saved yet.",
                                      QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                                      QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Discard

    def reject(self) -> None:
        """Esc, Cancel or the close box: typed answers are thrown away only when the user says so."""
        if self.isVisible() and self.typed() and not self.confirm_discard():  # on screen: someone may lose work
            return
        super().reject()

    def _make_pages(self, start: np.ndarray | None) -> ElicitPages | NodePages:
        tree = self.state.tree
        if self.level == NODES:
            nodes = NodePages(tree, TreeShape.of_tree(tree))
            nodes.sig_changed.connect(self.preview)
            return nodes
        what = ("objective", "objectives") if self.by_branch() else ("criterion", "criteria")
        pages = ElicitPages([tree.names[i] for i in self.items], start, with_direct=True, what=what)
        pages.sig_changed.connect(self.preview)
        pages.sig_refused.connect(self.refused)
        return pages

    def by_branch(self) -> bool:
        """Points per objective at a level (not per criterion, nor node by node)."""
        return NODES < self.level < self.state.tree.levels()

    def choose_level(self, level: int) -> None:
        """Ask per criterion (the deepest level) or per objective at `level`, as the combo box does."""
        self.by.setCurrentIndex(self.by.findData(level))
        self._level_chosen()

    def _level_chosen(self) -> None:
        """New questions about the items of the level chosen; answers already typed are thrown away only when
        the participant says so (else the choice goes back)."""
        level = int(self.by.currentData())
        if level == self.level:
            return
        if self.pages.answers() != self._start and not self.confirm_discard():
            self.by.setCurrentIndex(self.by.findData(self.level))
            return
        self._set_level(level)

    def _set_level(self, level: int) -> None:
        tree = self.state.tree
        self.level = level
        self.by.setCurrentIndex(self.by.findData(level))
        self.items = be.level_items(tree, level if level != NODES else tree.levels())
        sentences = [] if level == NODES else [t for t in (be.split_sentence(tree, self.base, i) for i in self.items) if t]
        self.split_note.setText("<br>".join(html_escape(t) for t in sentences))
        self.split_note.setVisible(bool(sentences))
        self._replace_pages(None)

    def _earlier_level(self, participant_id: str, number: int) -> int | None:
        """The level of the tree a participant weighed in round `number`, when they gave points per branch."""
        p = next(q for q in self.state.model.participants if q.id == participant_id)
        r = p.round(number)
        if r is None or r.branches is None:
            return None
        tree = self.state.tree
        return next((k for k in be.branch_levels(tree)
                     if [tree.ids[i] for i in be.level_items(tree, k)] == r.branches.items), None)

    def _replace_pages(self, start: np.ndarray | None) -> None:
        old = self.pages
        self.pages = self._make_pages(start)
        self.right.replaceWidget(old, self.pages)
        old.deleteLater()
        self._start = self.pages.answers()
        self.preview()

    def chosen(self) -> str | None:
        """The participant entering: their id, NEW, or None while nobody is chosen."""
        if self.who is None:
            return self.participant_id
        data = self.who.currentData()
        return data if isinstance(data, str) else None

    def choose(self, participant_id: str) -> None:
        """Pick a returning participant (by id) or NEW, as the combo box does."""
        assert self.who is not None
        self.who.setCurrentIndex(self.who.findData(participant_id))

    def _who_changed(self) -> None:
        """A returning participant starts neutral, or (the facilitator's choice, the Delphi way) from their own
        earlier answer beside the group's spread in that round; a new one always starts neutral."""
        chosen = self.chosen()
        assert self.name is not None
        self.name.setEnabled(chosen == NEW)
        feedback = None
        if chosen not in (None, NEW) and self.session.returning_start == "own":
            feedback = delphi_feedback(self.state.model, chosen or "", self.round)
        fresh = self.pages.answers() == self._start
        if fresh:  # never over answers already typed
            level = None if feedback is None else self._earlier_level(chosen or "", feedback.round)
            if level is not None and level != self.level:  # asked again as they answered: per objective
                self._set_level(level)
            start = None if feedback is None else item_weights(self.state.tree, feedback.own)[list(self.items)]
            self._replace_pages(start)
        self.earlier.setVisible(feedback is not None)
        if feedback is not None:
            self.earlier.setText(feedback_html(self.state.model, feedback))
        self.preview()

    def preview(self) -> None:
        w, note = self.pages.compute()
        self.weights = None if w is None else be.criterion_weights(self.state.tree, self.base, self.items, w)
        self.save_button.setEnabled(w is not None and self.chosen() is not None)
        self.summary.setText(self._preview_html(w, note))

    def _preview_html(self, w: np.ndarray | None, note: str) -> str:
        """The weights as entered, and per criterion too when they were given per branch."""
        out = preview_text(self.pages.names, w, note)
        if self.by_branch() and self.weights is not None:
            out += "<br>" + preview_text([c.name for c in self.state.model.criteria], self.weights, "per criterion")
        return out

    def refused(self, message: str) -> None:
        """A typed number not taken: said above the preview until the next change."""
        self.summary.setText(refusal_html(message) + self._preview_html(*self.pages.compute()))

    def entry(self, model: DecisionModel) -> ParticipantRound:
        """The round as the model keeps it: points as entered (direct), normalised weights otherwise; given per
        branch, the criterion weights with what was entered per branch and how each split (`branch_entry`)."""
        if isinstance(self.pages, NodePages):
            return node_ahp_round(model, self.round, self.pages.matrices())
        method = self.pages.method()
        ahp_matrix = self.pages.pairwise_matrix() if method == AHP else None
        if self.by_branch():
            w_items = self.pages.entered_points() if method == DIRECT else self.pages.compute()[0]
            assert w_items is not None
            return be.branch_round(model, self.state.tree, self.base, self.round, method, self.items, w_items,
                                   inputs=self.pages.inputs(), ahp_matrix=ahp_matrix)
        w = self.pages.entered_points() if method == DIRECT else self.weights
        return pe.make_round(model, self.round, method, np.asarray(w), inputs=self.pages.inputs(),
                             ahp_matrix=ahp_matrix)

    def save(self) -> bool:
        """Enter the weights as one undo step; False (and the reason shown) when the model refuses them."""
        if self.weights is None:
            return False
        old = self.state.model
        chosen = self.chosen()
        if chosen is None:
            return False
        try:
            if chosen == NEW:
                new = pe.add_participant(old, self.name.text() if self.name is not None else "",
                                         rounds=[self.entry(old)])
                code = new.participants[-1].code
            else:
                new = pe.set_round(old, chosen, self.entry(old))
                code = next(p.code for p in new.participants if p.id == chosen)
        except InputError as exc:
            show_error(self, "Cannot keep these weights", exc)
            return False
        self.state.replace_model(new, f"{code}: round {self.round} weights ({self.pages.method()})")
        self.accept()
        return True


class CoverPage(QWidget):
    """What the window shows while covered: no figures, only the way on (next participant, or reveal)."""

    def __init__(self, state: AnalysisState, session: WorkshopSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.state, self.session = state, session
        self.setAutoFillBackground(True)
        lay = QVBoxLayout(self)
        lay.addStretch(1)
        self.message = QLabel()
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        lay.addWidget(self.message)
        row = QHBoxLayout()
        row.addStretch(1)
        self.next_button = QPushButton("Next participant…")
        self.next_button.clicked.connect(self.next_participant)
        self.reveal_button = QPushButton("Reveal")
        self.reveal_button.setToolTip("Show the views again (the facilitator)")
        self.reveal_button.clicked.connect(lambda: session.set_covered(False))
        row.addWidget(self.next_button)
        row.addWidget(self.reveal_button)
        row.addStretch(1)
        lay.addLayout(row)
        lay.addStretch(1)
        self.dialog: ParticipantEntryDialog | None = None
        self.refresh()
        state.sig_model_changed.connect(self.refresh)
        state.sig_participants_changed.connect(self.refresh)

    def refresh(self) -> None:
        r = self.session.round
        entered = sum(1 for p in self.state.model.participants if p.round(r) is not None)
        self.message.setText(f"<h2>Pass the laptop</h2><p>Round {r}: {entered} participant"
                             f"{'' if entered == 1 else 's'} entered. The views are hidden until the facilitator "
                             "reveals them.</p>")

    def next_participant(self) -> None:
        self.dialog = ParticipantEntryDialog(self.state, self.window(), self.session)
        self.dialog.open()


class WindowCover(QObject):
    """Covers a main window's views while the laptop is passed round, and brings them back as they were.

    Intake is a locked mode: covering hides every dock (floating ones too), shows `page` in their place and
    disables every action of the window (menus, presenting, undo and redo, view keys, every edit) except those
    in `allowed` (the entry dialog's and the facilitator's Reveal). An action that would come back on its own
    while covered (Undo after an entry is saved) is switched off again. Revealing restores the saved layout
    and each action's enabled state as it was."""

    def __init__(self, window: QMainWindow, docks: list[QDockWidget], page: QWidget, allowed: list[QAction]):
        super().__init__(window)
        self.window, self.docks, self.page, self.allowed = window, docks, page, allowed
        self._layout: QByteArray | None = None
        self._central: QWidget | None = None
        self._was_enabled: dict[QAction, bool] = {}

    def actions(self) -> list[QAction]:
        """Every action of the window: its own, its menus' and its widgets' (dock toggles included)."""
        found = {id(a): a for a in self.window.findChildren(QAction)}
        for a in self.window.menuBar().actions():
            found.setdefault(id(a), a)
        return list(found.values())

    def _lock(self) -> None:
        keep = {id(a) for a in self.allowed}
        for a in self.actions():
            if id(a) in keep:
                continue
            if a not in self._was_enabled:
                self._was_enabled[a] = a.isEnabled()
                a.changed.connect(self._keep_disabled)
            a.setEnabled(False)

    def _keep_disabled(self) -> None:
        a = self.sender()
        if isinstance(a, QAction) and self.covered and a.isEnabled():
            a.setEnabled(False)

    def _unlock(self) -> None:
        was, self._was_enabled = self._was_enabled, {}
        for a, on in was.items():
            a.changed.disconnect(self._keep_disabled)
            a.setEnabled(on)

    def set_covered(self, on: bool) -> None:
        w = self.window
        if on and self._layout is None:
            self._layout = w.saveState()
            for d in self.docks:
                d.hide()
            self._central = w.takeCentralWidget()
            w.setCentralWidget(self.page)
            self.page.show()
            self._lock()
        elif not on and self._layout is not None:
            w.takeCentralWidget()
            self.page.setParent(None)
            if self._central is not None:
                w.setCentralWidget(self._central)
            layout, self._layout = self._layout, None
            self._unlock()
            w.restoreState(layout)

    @property
    def covered(self) -> bool:
        return self._layout is not None
