"""The window's views, one record each: adding a view is one module and one `ViewSpec` here.

The main window makes a dock per record (its title, least width and place in the default layout), and the
View menu, the Ctrl+Alt+n keys, F6's order, F1's list of views and the self-test's screenshots all follow
from `VIEWS`, in `order`. A record's `factory` gets the analysis state and the workshop's shared view state
(`WorkshopSession`) and returns the view's widget; views never get the window.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from PySide6.QtWidgets import QWidget

from decision_app.gui.charts.group import GroupChart
from decision_app.gui.charts.profile import ProfileChart
from decision_app.gui.charts.ranking import RankingChart
from decision_app.gui.charts.sensitivity import SensitivityChart
from decision_app.gui.charts.uncertainty import UncertaintyChart
from decision_app.gui.panels.changes import ChangesPanel
from decision_app.gui.panels.constraints import ConstraintsPanel
from decision_app.gui.panels.matrix import MatrixPanel
from decision_app.gui.panels.participants import ParticipantsPanel
from decision_app.gui.panels.weights import WeightsPanel
from decision_app.gui.state import AnalysisState
from decision_app.gui.workshop_session import WorkshopSession

Factory = Callable[[AnalysisState, WorkshopSession], QWidget]
# Where a dock goes in the default layout: its own place on the left or right, tabbed with another view,
# below another, or beside another (to its right).
Place = Literal["left", "right", "tab", "below", "beside"]


@dataclass(frozen=True)
class ViewSpec:
    key: str  # also the dock's object name (dock_<key>), which the saved layout refers to
    title: str
    factory: Factory
    help: str  # F1's line for it
    order: int  # 1..n: Ctrl+Alt+n, the View menu and F6 go in this order
    place: Place
    beside: str | None = None  # the view `place` is relative to
    least_width: int = 0  # below this a chart shows labels and no data
    front: bool = False  # in front of the views tabbed with it in the default layout
    chart: bool = False  # a chart: zoomed, rebuilt on a theme change, rendered by `render_to`
    with_charts: bool = False  # not a chart, but shares the charts' place on a small screen

    @property
    def among_charts(self) -> bool:
        """Tabbed with the Ranking view on a small screen."""
        return self.chart or self.with_charts

    @property
    def shortcut(self) -> str | None:
        """Ctrl+Alt+1 ... Ctrl+Alt+9, then Ctrl+Alt+0 for the tenth view; none beyond (the View menu and F6
        still reach it)."""
        return f"Ctrl+Alt+{self.order % 10}" if self.order <= 10 else None


# In the order the default layout builds them (a view is placed relative to one made before it).
VIEWS: tuple[ViewSpec, ...] = (
    ViewSpec("weights", "Weights", lambda st, _ws: WeightsPanel(st),
             "a weight per criterion (slider, percentage, lock), the profile and the method", 1, "left", front=True),
    ViewSpec("participants", "Participants", ParticipantsPanel,
             "the workshop's roster: add, rename, notes, anonymise, rounds; enter a participant's weights", 7, "tab",
             "weights"),
    ViewSpec("ranking", "Ranking", lambda st, _ws: RankingChart(st),
             "each option's score, best first; stacked by criterion for the additive methods", 2, "right",
             least_width=480, chart=True),
    ViewSpec("matrix", "Matrix and evidence", lambda st, _ws: MatrixPanel(st),
             "the scores (editable) and the selected cell's range, rationale and sources", 6, "below", "ranking"),
    ViewSpec("sensitivity", "Sensitivity", lambda st, _ws: SensitivityChart(st),
             "every option's score as the selected criterion's weight sweeps 0–1; tipping points", 3, "beside",
             "ranking", least_width=320, front=True, chart=True),
    ViewSpec("uncertainty", "Uncertainty", lambda st, _ws: UncertaintyChart(st),
             "rank acceptability and confidence under uncertain weights and scores (SMAA-2)", 4, "tab",
             "sensitivity", least_width=320, chart=True),
    ViewSpec("profile", "Option profile", lambda st, _ws: ProfileChart(st),
             "each option's value per criterion; two options compared", 5, "tab", "uncertainty", least_width=320,
             chart=True),
    ViewSpec("group", "Group", GroupChart,
             "participants' weights per criterion, first choices, agreement and whether the leader holds", 8, "tab",
             "profile", least_width=320, chart=True),
    ViewSpec("changes", "What would change the answer", lambda st, _ws: ChangesPanel(st),
             "the verdict, and every single change of a score or a weight (a criterion's or an objective's) that "
             "changes who leads, nearest first; click one to select its cell or its weight", 9, "tab", "group",
             least_width=320, with_charts=True),
    ViewSpec("constraints", "Agreed constraints", lambda st, _ws: ConstraintsPanel(st),
             "what the room agrees on: an order of importance, bounds on a weight (a criterion's or an "
             "objective's), the participants' weights; they cut the weights the uncertainty draws and the verdict "
             "considers", 10, "tab", "participants"),
)


def views_in_order() -> list[ViewSpec]:
    """The records in their `order` (Ctrl+Alt+1…n, the View menu, F6, F1)."""
    return sorted(VIEWS, key=lambda v: v.order)


def view(key: str) -> ViewSpec:
    return next(v for v in VIEWS if v.key == key)
