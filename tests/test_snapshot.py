"""One analysis snapshot in core: the window, the brief and the CLI show the same figures for the same state;
ranges and contributions come from one function each; the method changes only through undo."""

from __future__ import annotations

import io
import re

import numpy as np
import pytest
from pypdf import PdfReader

from decision_app.cli import main
from decision_app.core.compiled import compile_model, from_arrays
from decision_app.core.edits import set_score
from decision_app.core.engine import RANGE_BATCH_LIMIT, Analysis
from decision_app.core.errors import EngineError
from decision_app.core.loading import load_model
from decision_app.core.methods import METHOD_NAMES, METHODS, wsm_values
from decision_app.core.snapshot import UncertaintySettings, run_uncertainty, take_snapshot
from decision_app.report.analysis import BriefOptions, analyse


def pdf_text(path) -> str:
    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(path.read_bytes())).pages))


@pytest.mark.parametrize("method", ["wsm", "promethee2", "topsis"])
def test_window_and_brief_show_the_same_numbers(window, method):
    state = window.state
    state.use_profile("kogan_outlook")
    window.weights.rows[1][1].setValue(30.0)  # custom weights, as after a drag
    state.set_method(method)
    r = state.results
    brief = analyse(state.model_for_save(), state.method, state.weights, state.profile_id, BriefOptions(samples=200))
    assert brief.method == r.method == method
    np.testing.assert_array_equal(brief.result.scores, r.scores)
    np.testing.assert_array_equal(brief.result.order, r.order)
    assert r.low is not None and brief.low is not None
    np.testing.assert_array_equal(brief.low, r.low)
    np.testing.assert_array_equal(brief.high, r.high)
    if METHODS[method].additive:
        np.testing.assert_array_equal(brief.contributions, r.contributions)
        # the ranking chart stacks exactly these contributions
        np.testing.assert_allclose(window.ranking.bar_lengths(), r.contributions.sum(axis=1), atol=1e-12)
    else:
        assert r.contributions is None and brief.contributions is None


def test_contributions_come_from_the_methods_details():
    c = compile_model(load_model(_default()))
    a = Analysis(c)
    w = c.profile_weights("kogan_outlook")
    for method in METHOD_NAMES:
        got = a.contributions(method, w)
        if METHODS[method].additive:
            np.testing.assert_array_equal(got, a.prepared(method).details(w)["contributions"])
            np.testing.assert_allclose(got.sum(axis=1), a.score(method, w).scores, atol=1e-12)
        else:
            assert got is None


def test_wsm_ranges_by_hand():
    # WSM values of one option do not depend on the others (fixed scales): the range is the option's own
    # low row and high row through the value functions.
    c = compile_model(load_model(_default()))
    a = Analysis(c)
    w = c.profile_weights("equal")
    worst = np.where(c.is_cost, c.high, c.low)
    best = np.where(c.is_cost, c.low, c.high)
    low, high = a.score_ranges("wsm", w)
    np.testing.assert_allclose(low, wsm_values(worst, c.lo, c.hi, c.is_cost, c.value_fns) @ w, atol=1e-12)
    np.testing.assert_allclose(high, wsm_values(best, c.lo, c.hi, c.is_cost, c.value_fns) @ w, atol=1e-12)
    assert a.range_prepared("wsm") is a.range_prepared("wsm")  # prepared once per model


def test_one_range_limit_for_every_face():
    m, n = 60, 20
    X = np.random.default_rng(0).uniform(1, 9, size=(m, n))
    a = Analysis(from_arrays(X, np.zeros(n, dtype=bool)))
    assert METHODS["wsm"].batch_cells(2 * m, m, n) <= RANGE_BATCH_LIMIT < METHODS["promethee2"].batch_cells(2 * m, m, n)
    w = np.full(n, 1 / n)
    assert a.score_ranges("wsm", w) is not None
    assert a.score_ranges("promethee2", w) is None
    assert take_snapshot(a, "promethee2", w).low is None


def test_slider_moves_reuse_the_prepared_range_batch(window):
    state = window.state
    first = state.analysis.range_prepared(state.method)
    window.weights.rows[0][1].setValue(35.0)
    window.weights.rows[2][1].setValue(5.0)
    assert state.analysis.range_prepared(state.method) is first
    np.testing.assert_allclose(state.results.low, state.analysis.score_ranges(state.method, state.weights)[0])


def test_brief_normalisation_states_the_vikor_v(tmp_path, realistic_path):
    texts = {}
    for v in ("0.5", "0.3"):
        out = tmp_path / f"memo-{v}.pdf"
        assert main(["brief", str(realistic_path), "-o", str(out), "--method", "vikor", "--vikor-v", v,
                     "--samples", "200", "--date", "2026-01-01"]) == 0
        texts[v] = pdf_text(out)
    assert "v = 0.3. Lower Q is better" in texts["0.3"] and "v = 0.5" not in texts["0.3"]
    assert "v = 0.5. Lower Q is better" in texts["0.5"]


def test_brief_appendix_follows_its_uncertainty_settings(realistic_path):
    model = load_model(realistic_path)
    w = compile_model(model).profile_weights("equal")
    d = analyse(model, "wsm", w, "equal", BriefOptions(samples=300, seed=5))
    # no session in the model: the app's settings (the window's), with the samples and seed given
    assert d.uncertainty_settings == UncertaintySettings(samples=300, seed=5)
    assert d.snapshot.uncertainty_is_current()
    assert f"within \u00b1{UncertaintySettings().spread:.2f} of these" in d.sentences["uncertainty"]


# --- the method changes only through undo ------------------------------------------------------------


def _with_zero(model):
    """A model in which one score is 0: the weighted product cannot rank it."""
    return set_score(model, model.options[0].id, "russian_integration", value=0.0)


def test_an_edit_that_rules_the_method_out_keeps_the_method(window):
    state = window.state
    state.set_method("wpm")
    assert state.results.method == "wpm" and state.results.unavailable is None
    statuses: list[str] = []
    state.sig_status.connect(statuses.append)
    state.replace_model(_with_zero(state.model), "Score 0")
    assert state.method == "wpm"  # not switched behind the undo stack's back
    assert window.method_actions["wpm"].isChecked()
    r = state.results
    assert r.requested_method == "wpm" and r.method == "wsm" and "above 0" in r.unavailable
    np.testing.assert_allclose(r.scores, Analysis(state.compiled).score("wsm", state.weights).scores, atol=1e-12)
    assert any("cannot rank" in s for s in statuses)
    assert state.undo_stack.count() == 2  # the method, the edit; nothing else
    state.undo_stack.undo()
    assert state.method == "wpm" and state.results.method == "wpm" and state.results.unavailable is None
    state.undo_stack.undo()
    assert state.method == "wsm"


def test_set_method_refuses_a_method_that_cannot_rank(window):
    state = window.state
    state.replace_model(_with_zero(state.model), "Score 0")
    count = state.undo_stack.count()
    statuses: list[str] = []
    state.sig_status.connect(statuses.append)
    state.set_method("wpm")
    assert state.method == "wsm" and state.undo_stack.count() == count
    assert statuses and "cannot rank this model" in statuses[-1]
    assert window.weights.method.currentData() == "wsm" and window.method_actions["wsm"].isChecked()
    state.set_method("topsis")
    assert state.method == "topsis" and state.undo_stack.count() == count + 1


def test_strict_snapshot_and_cli_refuse_a_method_that_cannot_rank(tmp_path, capsys):
    model = _with_zero(load_model(_default()))
    a = Analysis(compile_model(model))
    with pytest.raises(EngineError, match="above 0"):
        take_snapshot(a, "wpm", np.full(a.model.n, 1 / a.model.n))
    with pytest.raises(EngineError, match="unknown method"):
        take_snapshot(a, "nope", np.full(a.model.n, 1 / a.model.n), display_fallback=True)
    path = tmp_path / "zero.json"
    from decision_app.core.loading import save_model

    save_model(model, path)
    assert main(["score", str(path), "--method", "wpm"]) == 2
    assert "above 0" in capsys.readouterr().err


def test_uncertainty_arrives_with_its_settings(window):
    state = window.state
    state.set_smaa_settings(samples=600, seed=3)
    assert state.wait_for_smaa()
    u = state.results.uncertainty
    assert u is not None and u.result is state.smaa
    assert u.settings == state.smaa_settings == UncertaintySettings(samples=600, seed=3)
    assert state.results.uncertainty_is_current()
    again = run_uncertainty(state.compiled, state.method, state.weights, u.settings)
    np.testing.assert_array_equal(again.result.acceptability, state.smaa.acceptability)
    window.weights.rows[0][1].setValue(30.0)  # the previous result stays, marked as not current
    assert state.results.uncertainty is u and not state.results.uncertainty_is_current()


def _default():
    from conftest import REALISTIC_MODEL

    return REALISTIC_MODEL
