"""Group view: the workshop's weights on one chart, and what they mean for the ranking.

A strip chart per criterion (a dot per participant, the interquartile range as a bar, the combined weight
as a tall mark), first-choice counts per option as bars, Kendall's W in plain words, one sentence on
whether the participants' differences change the leader, and any participant's own ranking on demand.
Every figure comes from one `core.group.analyse_group` call per change of the model, the method, the rule
or the round (a few ms for 30 participants); a working-weights move leaves it alone. With a value tree the strip
chart shows the spread by criterion or by objective (each participant's objective weight is the sum of their
criteria's: `core.group.branch_spread`, the numbers of `group --json`'s ``branch_spread``). Participants show as
their codes unless the facilitator shows names (the workshop session's switch, off at every start).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from decision_app.core.errors import EngineError
from decision_app.core.group import RULES, GroupAnalysis, analyse_group, branch_spread, participants_from_model
from decision_app.core.group_answer import GroupAnswer, group_answer, group_profile_name
from decision_app.core.methods import METHODS
from decision_app.core.tree import item_weights
from decision_app.gui.charts.bars import StackedBars
from decision_app.gui.charts.base import ChartPanel, axis_font_color, compact_combo, html_escape, refit_left_axis, set_left_ticks
from decision_app.gui.charts.dots import DotSet
from decision_app.gui.theme import criterion_color, is_dark
from decision_app.gui.workshop_session import RULE_LABELS, WorkshopSession

if TYPE_CHECKING:
    from decision_app.gui.state import AnalysisState

NO_PARTICIPANTS = ("No participants yet. To compare a workshop's weights: add each participant in the "
                   "Participants view (Add…), then let each enter their weights there (Enter weights…) or with "
                   "Workshop > Pass the laptop… (Ctrl+Shift+P). Their weights, the spread and whether the "
                   "leader holds then show here.")
VIEW_SAMPLES = 4_000  # draws per verdict in the view (the brief and the slides draw more)
JITTER = 0.28  # dots of one criterion spread over this height, in participant order


def does_it_matter(g: GroupAnalysis, names: dict[str, str], option_names: dict[str, str]) -> str:
    """One sentence: does the leader under the combined weights stay first under every participant's own?"""
    leader = option_names[g.option_ids[g.leader]]
    if g.leader_holds_for_all:
        return f"The leader, {leader}, stays first under every participant's weights."
    by_option: dict[str, list[str]] = {}
    for pid, oid in g.dissenters():
        by_option.setdefault(oid, []).append(names[pid])
    parts = []
    for k, (oid, who) in enumerate(by_option.items()):
        owners = " and ".join([", ".join(f"{w}'s" for w in who[:-1]), f"{who[-1]}'s"]) if len(who) > 1 else f"{who[0]}'s"
        parts.append(f"under {owners} weights {option_names[oid]} leads" + (" instead" if k == 0 else ""))
    text = "; ".join(parts)
    return f"{text[0].upper()}{text[1:]} (the combined leader is {leader})."


class GroupChart(ChartPanel):
    title = "Group"

    def __init__(self, state: AnalysisState, session: WorkshopSession, parent: QWidget | None = None):
        super().__init__(state, parent)
        self.session = session
        controls = QHBoxLayout()
        controls.addWidget(QLabel("Rule"))
        self.rule_combo = QComboBox()
        self.rule_combo.setAccessibleName("Combining rule")
        for rule in RULES:
            self.rule_combo.addItem(RULE_LABELS[rule], rule)
        self.rule_combo.activated.connect(lambda i: session.set_rule(self.rule_combo.itemData(i)))
        controls.addWidget(self.rule_combo)
        controls.addWidget(QLabel("Round"))
        self.round_combo = QComboBox()
        self.round_combo.setAccessibleName("Round shown")
        self.round_combo.activated.connect(lambda i: session.set_round(self.round_combo.itemData(i)))
        controls.addWidget(self.round_combo)
        self.names_box = QCheckBox("Show names")
        self.names_box.setToolTip("Participants show as codes (P1, P2, …) unless the facilitator switches names "
                                  "on; off again at every start")
        self.names_box.toggled.connect(session.set_show_names)
        controls.addWidget(self.names_box)
        self.spread_by = compact_combo(QComboBox(), 12)  # with a value tree: the spread by criterion or objective
        self.spread_by.addItem("By criterion", "criterion")
        self.spread_by.addItem("By objective", "branch")
        self.spread_by.setAccessibleName("Show the participants' spread by criterion or by objective")
        self.spread_by.setToolTip("The participants' weights per criterion, or per objective of the value tree "
                                  "(an objective's weight is the sum of its criteria's)")
        self.spread_by.activated.connect(lambda _i: self.rebuild())  # other rows: items made anew
        controls.addWidget(self.spread_by)
        controls.addStretch(1)
        self.body.addLayout(controls)
        self.reading = QLabel()
        self.reading.setTextFormat(Qt.TextFormat.RichText)  # escaped text: "&gt;" must read ">"
        self.reading.setWordWrap(True)
        self.reading.setAccessibleName("Agreement and whether it matters")
        self.reading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard
                                             | Qt.TextInteractionFlag.TextSelectableByMouse)
        self.answer = QLabel()  # the group's answer: the ranking under the combined weights, how firm, who entered
        self.answer.setTextFormat(Qt.TextFormat.RichText)
        self.answer.setWordWrap(True)
        self.answer.setAccessibleName("The group's answer")
        self.answer.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard
                                            | Qt.TextInteractionFlag.TextSelectableByMouse)
        self.use_button = QPushButton("Use the group's weights")
        self.use_button.setToolTip("Make the combined weights a profile (\u201cGroup, round 2, mean\u201d) and use "
                                   "it, so that the ranking, the sensitivity, the slides and the brief follow the group")
        self.use_button.clicked.connect(self.use_group_weights)
        self.choice_plot = pg.PlotWidget()
        self.choice_plot.setAccessibleName("First choices chart")
        self.choice_plot.setMenuEnabled(False)
        self.choice_plot.hideButtons()
        self.choice_item: pg.PlotItem = self.choice_plot.getPlotItem()
        self.choice_item.setMouseEnabled(x=False, y=False)
        self.choice_item.getViewBox().disableAutoRange()
        ranking_row = QHBoxLayout()
        self.person_label = QLabel("Ranking of")
        ranking_row.addWidget(self.person_label)
        self.person_combo = compact_combo(QComboBox(), 8)
        self.person_combo.setAccessibleName("Participant whose ranking is shown")
        self.person_combo.currentIndexChanged.connect(self._show_person)
        ranking_row.addWidget(self.person_combo)
        self.person_label.hide()  # shown with the first participant's ranking (`_fill_people`)
        self.person_combo.hide()
        self.person_ranking = QLabel()
        self.person_ranking.setTextFormat(Qt.TextFormat.RichText)
        self.person_ranking.setWordWrap(True)  # every option, wrapped: never 2½ of 12
        self.person_ranking.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)  # never widens the dock
        self.person_ranking.setAccessibleName("The participant's ranking")
        ranking_row.addStretch(1)
        outer = self.layout()
        assert isinstance(outer, QVBoxLayout)  # ChartPanel's: header, body, plot; the rest goes below
        # The charts and the reading scroll together: on a projector's short dock each criterion keeps a row as
        # tall as its name instead of eleven names overlapping in 110 px (`_fit_rows`).
        outer.removeWidget(self.plot)
        content = QWidget()
        lay = QVBoxLayout(content)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.plot, 1)
        lay.addWidget(self.choice_plot)
        lay.addWidget(self.answer)
        lay.addWidget(self.use_button, 0, Qt.AlignmentFlag.AlignLeft)
        lay.addWidget(self.reading)
        lay.addLayout(ranking_row)
        lay.addWidget(self.person_ranking)
        self.body_scroll = QScrollArea()
        self.body_scroll.setWidgetResizable(True)
        self.body_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.body_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.body_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.body_scroll.setWidget(content)
        outer.addWidget(self.body_scroll, 1)
        self.group: GroupAnalysis | None = None
        self.group_answer: GroupAnswer | None = None
        self.problem: str | None = None
        self._key: tuple[object, ...] | None = None
        self._shape: tuple[object, ...] | None = None
        # the first-choice chart's rows: (options shown, their counts, participants)
        self._choice_ticks: tuple[tuple[int, ...], tuple[int, ...], int] | None = None
        session.sig_rule_changed.connect(self._session_changed)
        state.sig_participants_changed.connect(self._session_changed)
        session.sig_round_changed.connect(self._session_changed)
        session.sig_names_changed.connect(self._session_changed)

    def set_stale_for_benchmark(self) -> None:
        """Forget the last analysis, so the next update computes it again (benchmarks time the view's share)."""
        self._key = None

    def _session_changed(self, *_args: object) -> None:
        self._key = None
        self._results()

    # --- items, made once per shape ----------------------------------------------------------------------

    def by_objective(self) -> bool:
        """The strip chart shows objectives (a value tree, and the facilitator's choice), not criteria."""
        return not self.state.tree.is_flat and self.spread_by.currentData() == "branch"

    def row_items(self) -> tuple[int, ...]:
        """The value tree's items the strip chart's rows show, top row first: the criteria, or the objectives
        in the order the tree shows them."""
        tree = self.state.tree
        if self.by_objective():
            return tuple(i for i in tree.walk() if i < tree.n_nodes)
        return tuple(tree.n_nodes + j for j in range(tree.n_criteria))

    def row_labels(self) -> list[str]:
        tree, c = self.state.tree, self.state.compiled
        if not self.by_objective():
            return list(c.criterion_labels)
        return ["  " * (int(tree.depth[i]) - 1) + tree.short[i] for i in self.row_items()]  # sub-objectives indented

    def row_colors(self) -> list[QColor]:
        """A criterion's colour; an objective takes its top objective's (the weights panel's and the ranking's)."""
        tree = self.state.tree
        if not self.by_objective():
            return [criterion_color(j) for j in range(tree.n_criteria)]
        tops = [next(a for a in tree.top if tree.ancestors[i, a]) for i in self.row_items()]
        return [criterion_color(tree.n_criteria + tree.top.index(t)) for t in tops]

    def build(self) -> None:
        c = self.state.compiled
        self.spread_by.setVisible(not self.state.tree.is_flat)
        shape = (c.criterion_ids, c.option_ids, c.criterion_labels, c.option_labels, is_dark(), self.state.tree.ids,
                 self.by_objective())
        if shape == self._shape:
            return  # a participant or score edit: the same items take the new arrays
        self._shape = shape
        self._key = None
        text = QApplication.palette().color(QPalette.ColorRole.Text)
        self.item.clear()
        axis_font_color(self.item, text)
        self.item.showGrid(x=True, y=False, alpha=0.2)
        self.iqr = StackedBars([QColor(text.red(), text.green(), text.blue(), 60)], 0.62)
        self.item.addItem(self.iqr)
        labels = self.row_labels()
        r = len(labels)
        self.dots = DotSet(8)
        self.dots.set_colors(self.row_colors())
        self.item.addItem(self.dots)
        self.combined = pg.ScatterPlotItem(symbol="|", size=18, pen=pg.mkPen(None), brush=pg.mkBrush(text))
        self.item.addItem(self.combined)
        self.item.setYRange(-0.6, r - 0.4, padding=0)
        ticks = [(r - 1 - j, labels[j]) for j in range(r)]
        set_left_ticks(self.item, ticks)  # measured: widths guessed from name lengths dropped names zoomed
        ci = self.choice_item
        ci.clear()
        axis_font_color(ci, text)
        self.choice_plot.setBackground(self.plot.backgroundBrush())
        accent = QApplication.palette().color(QPalette.ColorRole.Highlight)
        self.choices = StackedBars([QColor("#7F7F7F"), accent], 0.6)
        ci.addItem(self.choices)
        self._choice_ticks = None
        self.plot.setAntialiasing(True)
        self.plot.setToolTip("Dots: each participant's weight; grey bar: the middle half of them (interquartile "
                             "range); tall mark: the combined weight")
        self.choice_plot.setToolTip("How many participants put each option first (options nobody puts first are "
                                    "left out); highlighted: the leader under the combined weights")

    # --- data --------------------------------------------------------------------------------------------

    def analyse(self) -> GroupAnalysis | None:
        """The group analysis the view shows (None, and `problem` says why, when there is none)."""
        s, st = self.session, self.state
        method = st.results.method if st.results is not None else st.method
        key = (st.model, method, s.rule, s.round)
        if key == self._key:
            return self.group
        self._key = key
        self.group, self.group_answer, self.problem = None, None, None
        people = participants_from_model(st.model)
        if not st.model.participants:
            self.problem = NO_PARTICIPANTS
        elif not any(p.round == s.round for p in people):
            self.problem = (f"No participant has entered weights in round {s.round} yet: select one in the "
                            "Participants view and choose Enter weights…, or use Workshop > Pass the laptop… "
                            "(Ctrl+Shift+P).")
        else:
            try:
                self.group = analyse_group(st.analysis, method, people, rule=s.rule, round=s.round)
                self.group_answer = group_answer(st.analysis, self.group, st.model, st.smaa_settings,
                                                 samples=VIEW_SAMPLES)
            except EngineError as exc:
                self.problem = str(exc)
        return self.group

    def names(self) -> dict[str, str]:
        """Participant id -> how it is shown now (code, or code and name)."""
        return {p.id: self.session.display_name(p.code, p.label) for p in self.state.model.participants}

    def plot_items(self) -> list[pg.PlotItem]:
        return [self.item, self.choice_item]

    def _fit_rows(self) -> None:
        """Each chart at least as tall as one line of its names per row, plus its axis."""
        line = QFontMetrics(self.font()).height()  # the zoomed size: the view's font and its axes' are one
        need = len(self.row_items()) * (line + 4) + 3 * line
        if self.plot.minimumHeight() != need:
            self.plot.setMinimumHeight(need)
        rows = max(len(self._choice_ticks[0]) if self._choice_ticks else 0, 3)
        tall = 2 * line + 10 + rows * max(18, line + 4)
        if self.choice_plot.height() != tall or self.choice_plot.minimumHeight() != tall:
            self.choice_plot.setFixedHeight(tall)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)  # refits the strip chart's names
        refit_left_axis(self.choice_item)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # View > Zoom
            self._fit_rows()

    def update_data(self) -> None:
        if not hasattr(self, "dots"):
            return
        self._fit_rows()
        self._sync_controls()
        g = self.analyse()
        c = self.state.compiled
        if g is None:
            self.dots.set_points(np.zeros(0), np.zeros(0), np.zeros(0, dtype=int))
            self.combined.setData(x=[], y=[])
            self.iqr.set_bars(np.zeros((0, 1)), np.zeros((0, 1)), np.zeros(0))
            self.choices.set_bars(np.zeros((0, 2)), np.zeros((0, 2)), np.zeros(0))
            self.set_caption(f"<b>Group</b> — round {self.session.round}")
            self.reading.setText(html_escape(self.problem or ""))
            self.answer.setText("")
            self.answer.hide()
            self.use_button.hide()
            self._show_charts(False)  # empty axes say nothing: the reading says what to do
            self._fill_people(None)
            return
        self._show_charts(True)
        W, combined_w, iqr = self.rows_data(g)
        p, n = W.shape
        rows = (n - 1 - np.arange(n)).astype(float)  # the first criterion (or objective) at the top
        offsets = (np.arange(p) / max(p - 1, 1) - 0.5) * JITTER if p > 1 else np.zeros(1)
        self.dots.set_points(W, rows[None, :] + offsets[:, None], np.broadcast_to(np.arange(n), (p, n)))
        self.combined.setData(x=combined_w, y=rows)
        q1 = np.percentile(W, 25.0, axis=0)
        self.iqr.set_bars(q1[:, None], iqr[:, None], rows)
        # the dots are drawn whole: the range keeps half its padding free beyond the farthest dot
        self.sticky_range("x", 0.0, float(max(W.max(), combined_w.max())), pad=0.05, room=0.025)
        shown = self.first_choice_rows(g)  # options someone puts first, and the combined leader
        k = len(shown)
        width = np.zeros((k, 2))
        lead = shown == g.leader
        width[~lead, 0] = g.first_choice[shown[~lead]]
        width[lead, 1] = g.first_choice[shown[lead]]
        self.choices.set_bars(np.zeros((k, 2)), width, (k - 1 - np.arange(k)).astype(float))
        ticks = (tuple(int(i) for i in shown), tuple(int(x) for x in g.first_choice[shown]), p)
        if ticks != self._choice_ticks:
            self._choice_ticks = ticks
            choice_ticks = [(k - 1 - r, f"{c.option_labels[i]}  {g.first_choice[i]}") for r, i in enumerate(shown)]
            set_left_ticks(self.choice_item, choice_ticks, keep_end=True)
            self.choice_item.setXRange(0, max(1, p), padding=0.02)
            self.choice_item.setYRange(-0.6, max(k, 3) - 0.4, padding=0)
            self._fit_rows()  # a row per option shown
        self.set_caption(f"<b>Group</b> — round {g.round}, {p} participant{'s' if p != 1 else ''}, "
                         f"{RULE_LABELS[g.rule].lower()}, {html_escape(METHODS[g.method].label)}")
        option_names = dict(zip(c.option_ids, c.option_names, strict=True))  # whole: the sentence wraps, never cut
        if g.kendall_w is None:  # one participant: no agreement to measure (not "not defined: not defined")
            agreement = "Kendall's W needs at least two participants."
        else:
            agreement = f"Kendall's W {g.kendall_w:.2f}: {html_escape(g.agreement)} on the order of the options."
        reading = f"{agreement}<br><b>{html_escape(does_it_matter(g, self.names(), option_names))}</b>"
        answer = self.answer_html(c.option_names)
        if answer != self.answer.text():
            self.answer.setText(answer)
        self.answer.show()
        self.use_button.show()
        if reading != self.reading.text():  # a word-wrapped label relays out its dock on every set
            self.reading.setText(reading)
        self._fill_people(g)

    def rows_data(self, g: GroupAnalysis) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(participants' weights (p, rows), combined (rows,), interquartile range (rows,)) per row shown: the
        engine's per criterion, or per objective as `core.group.branch_spread` gives them."""
        if not self.by_objective():
            return g.weights, g.combined.weights, g.spread.iqr
        tree = self.state.tree
        nodes = list(self.row_items())
        return (item_weights(tree, g.weights)[:, nodes], item_weights(tree, g.combined.weights)[nodes],
                branch_spread(tree, g.weights).iqr[nodes])

    def answer_html(self, option_names: tuple[str, ...]) -> str:
        """The group's answer as the view says it: who entered, the leader, the verdicts, other rules."""
        ans = self.group_answer
        if ans is None:
            return ""
        said = ans.sentences(option_names)
        head = f"<b>{html_escape(said['answer'])}</b> {html_escape(said['count'])}"
        rest = [said[k] for k in ("answer_tie", "answer_combined", "answer_hull", "answer_rules") if k in said]
        return head + "".join(f"<br>{html_escape(x)}" for x in rest)

    def use_group_weights(self) -> None:
        """The combined weights as a profile ("Group, round 2, mean"), used: one undo step."""
        from decision_app.core.edits import add_profile
        from decision_app.core.errors import InputError

        g = self.group
        if g is None:
            return
        name = group_profile_name(g.rule, g.round)
        weights = {cid: float(x) for cid, x in zip(g.criterion_ids, np.round(g.combined.weights, 6), strict=True)}
        st = self.state
        try:
            new = add_profile(st.model, name, weights, f"The combined weights of the workshop's round {g.round} "
                              f"({RULE_LABELS[g.rule].lower()}).")
        except InputError as exc:
            st.notify(str(exc.problems[0].message))
            return
        st.undo_stack.beginMacro(f"Use the group's weights ({name})")
        st.replace_model(new, f"Add profile {name}")
        st.use_profile(new.profiles[-1].id)
        st.undo_stack.endMacro()

    def _show_charts(self, shown: bool) -> None:
        if self.plot.isVisibleTo(self) != shown:
            self.plot.setVisible(shown)
            self.choice_plot.setVisible(shown)

    def charts_shown(self) -> bool:
        """Whether the strip and first-choice charts are shown (not while there is nothing to chart)."""
        return bool(self.plot.isVisibleTo(self) and self.choice_plot.isVisibleTo(self))

    def _sync_controls(self) -> None:
        s = self.session
        self.rule_combo.setCurrentIndex(self.rule_combo.findData(s.rule))
        rounds = s.rounds()
        if [self.round_combo.itemData(i) for i in range(self.round_combo.count())] != rounds:
            self.round_combo.clear()
            for r in rounds:
                self.round_combo.addItem(f"Round {r}", r)
        self.round_combo.setCurrentIndex(self.round_combo.findData(s.round))
        if self.names_box.isChecked() != s.show_names:
            self.names_box.setChecked(s.show_names)

    def _fill_people(self, g: GroupAnalysis | None) -> None:
        names = self.names()
        items = [] if g is None else [(names[pid], pid) for pid in g.participant_ids]
        current = self.person_combo.currentData()
        if [(self.person_combo.itemText(i), self.person_combo.itemData(i))
                for i in range(self.person_combo.count())] != items:
            self.person_combo.blockSignals(True)
            self.person_combo.clear()
            for text, pid in items:
                self.person_combo.addItem(text, pid)
            k = self.person_combo.findData(current)
            self.person_combo.setCurrentIndex(max(k, 0) if items else -1)
            self.person_combo.blockSignals(False)
        # no participant's ranking to show: no empty chooser either
        if self.person_combo.isVisibleTo(self) != bool(items):
            self.person_label.setVisible(bool(items))
            self.person_combo.setVisible(bool(items))
        self._show_person()

    @staticmethod
    def first_choice_rows(g: GroupAnalysis) -> np.ndarray:
        """Option indices shown in the first-choice bars, in model order: every option some participant puts
        first, and the combined leader."""
        keep = g.first_choice > 0
        keep[g.leader] = True
        return np.flatnonzero(keep)

    def participant_ranking(self, participant_id: str, labels: bool = False) -> list[str]:
        """The option names in the participant's order, best first (with `labels`, as the view lists them:
        short names where the options have them)."""
        g = self.group
        if g is None:
            return []
        i = g.participant_ids.index(participant_id)
        c = self.state.compiled
        names = c.option_labels if labels else c.option_names
        return [names[int(k)] for k in g.orders[i]]

    def _show_person(self, *_args: object) -> None:
        pid = self.person_combo.currentData()
        if self.group is None or pid is None:
            self.person_ranking.setText("")
            return
        shown = self.participant_ranking(pid, labels=True)
        text = ", ".join(f"{k}. {name}" for k, name in enumerate(shown, start=1))
        self.person_ranking.setText(html_escape(text))
        order = self.participant_ranking(pid)
        self.person_ranking.setToolTip("<br>".join(f"{k}. {html_escape(nm)}" for k, nm in enumerate(order, start=1)))

    def hover_text(self, x: float, y: float) -> str | None:
        g = self.group
        if g is None:
            return None
        W, combined_w, iqr = self.rows_data(g)
        n = W.shape[1]
        j = n - 1 - round(y)
        if not 0 <= j < n:
            return None
        i = int(np.argmin(np.abs(W[:, j] - x)))
        names = self.names()
        row_name = self.state.tree.names[self.row_items()[j]]
        return (f"<b>{html_escape(row_name)}</b><br>"
                f"nearest: {html_escape(names[g.participant_ids[i]])} {W[i, j]:.1%}<br>"
                f"combined {combined_w[j]:.1%}; middle half spans {iqr[j]:.1%}")
