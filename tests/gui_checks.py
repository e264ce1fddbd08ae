"""Checks the window tests share: the charts against the engine's own numbers."""

from __future__ import annotations

from typing import Any

import numpy as np

from decision_app.core.engine import Analysis, Result


def engine_scores(state: Any, method: str | None = None) -> Result:
    return Analysis(state.compiled).score(method or state.method, state.weights)


def assert_ranking_matches_engine(win: Any) -> None:
    res = engine_scores(win.state)
    np.testing.assert_allclose(win.ranking.bar_lengths(), res.scores, atol=1e-12)
    # the bars' vertical order is the engine's order, best at the top
    ypos = win.ranking.row_positions()
    assert list(np.argsort(-ypos, kind="stable")) == list(res.order)
    ticks = win.ranking.tick_labels()
    top_label = max(ticks, key=lambda t: t[0])[1]
    assert top_label.startswith(f"1. {win.state.compiled.option_labels[res.order[0]][:20]}")
