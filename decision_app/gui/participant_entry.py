"""Pass the laptop: one participant enters their weights while the window's views are covered.

`ParticipantEntryDialog` covers the window (through the workshop session) as it opens, shows the criteria
with their definitions, scales and anchors, and asks for weights by direct points, ranking, swing or AHP
(the elicitation dialog's pages, `elicit_dialog.ElicitPages`), always starting neutral so nobody sees the
previous participant's answers. Saving enters the round as one undo step; the window stays covered until
the facilitator reveals it (`CoverPage`, or Workshop > Reveal).
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QByteArray, QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from decision_app.core import participant_edits as pe
from decision_app.core.errors import InputError
from decision_app.core.schema import Criterion, DecisionModel, ParticipantRound
from decision_app.gui.charts.base import html_escape
from decision_app.gui.elicit_dialog import AHP, DIRECT, ElicitPages, preview_text, refusal_html
from decision_app.gui.messages import show_error
from decision_app.gui.state import AnalysisState
from decision_app.gui.workshop_session import WorkshopSession


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
        self.name: QLineEdit | None = None  # a new participant types a name
        if participant_id is None:
            who.addWidget(QLabel("Your name:"))
            self.name = QLineEdit()
            self.name.setAccessibleName("Participant's name")
            self.name.setPlaceholderText(f"shown as {pe.next_code(model)} unless the facilitator shows names")
            self.name.textChanged.connect(self.preview)
            who.addWidget(self.name, 1)
        else:
            p = next(q for q in model.participants if q.id == participant_id)
            who.addWidget(QLabel(f"<b>{html_escape(session.display_name(p.code, p.label))}</b>, round {self.round}"))
            who.addStretch(1)
        lay.addLayout(who)
        split = QSplitter(Qt.Orientation.Horizontal)
        self.criteria = QTextBrowser()
        self.criteria.setAccessibleName("The criteria, their definitions and anchors")
        self.criteria.setHtml(criteria_html(model))
        split.addWidget(self.criteria)
        self.pages = ElicitPages([c.name for c in model.criteria], None, with_direct=True)
        self.pages.sig_changed.connect(self.preview)
        self.pages.sig_refused.connect(self.refused)
        split.addWidget(self.pages)
        split.setSizes([380, 520])
        lay.addWidget(split, 1)
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

    def preview(self) -> None:
        w, note = self.pages.compute()
        self.weights = w
        named = self.name is None or bool(self.name.text().strip())
        self.save_button.setEnabled(w is not None and named)
        self.summary.setText(preview_text(self.pages.names, w, note))

    def refused(self, message: str) -> None:
        """A typed number not taken: said above the preview until the next change."""
        self.summary.setText(refusal_html(message) + preview_text(self.pages.names, self.weights, self.pages.compute()[1]))

    def entry(self, model: DecisionModel) -> ParticipantRound:
        """The round as the model keeps it: points as entered (direct), normalised weights otherwise."""
        method = self.pages.method()
        w = self.pages.entered_points() if method == DIRECT else self.weights
        return pe.make_round(model, self.round, method, np.asarray(w), inputs=self.pages.inputs(),
                             ahp_matrix=self.pages.pairwise_matrix() if method == AHP else None)

    def save(self) -> bool:
        """Enter the weights as one undo step; False (and the reason shown) when the model refuses them."""
        if self.weights is None:
            return False
        old = self.state.model
        try:
            if self.name is not None:
                new = pe.add_participant(old, self.name.text(), rounds=[self.entry(old)])
                code = new.participants[-1].code
            else:
                new = pe.set_round(old, self.participant_id or "", self.entry(old))
                code = next(p.code for p in new.participants if p.id == self.participant_id)
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

    Covering hides every dock (floating ones too) and shows `page` in their place; their toggles and the
    actions in `blocked` are disabled so no key shows a view early. Revealing restores the saved layout."""

    def __init__(self, window: QMainWindow, docks: list[QDockWidget], page: QWidget, blocked: list[QAction]):
        super().__init__(window)
        self.window, self.docks, self.page, self.blocked = window, docks, page, blocked
        self._layout: QByteArray | None = None
        self._central: QWidget | None = None

    def set_covered(self, on: bool) -> None:
        w = self.window
        if on and self._layout is None:
            self._layout = w.saveState()
            for d in self.docks:
                d.hide()
                d.toggleViewAction().setEnabled(False)
            self._central = w.takeCentralWidget()
            w.setCentralWidget(self.page)
            self.page.show()
        elif not on and self._layout is not None:
            w.takeCentralWidget()
            self.page.setParent(None)
            if self._central is not None:
                w.setCentralWidget(self._central)
            for d in self.docks:
                d.toggleViewAction().setEnabled(True)
            w.restoreState(self._layout)
            self._layout = None
        for a in self.blocked:
            a.setEnabled(not on)

    @property
    def covered(self) -> bool:
        return self._layout is not None
