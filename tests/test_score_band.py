"""The band of each option's score over the uncertainty draws (issue 19, item 4e), computed once in core: for
TOPSIS, VIKOR and PROMETHEE II the ranking's whiskers show it, because their scores are relative to the other
options and the low-high range (one option's own scores at their ends) ran across most of the axis."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from decision_app.core import smaa as smaa_module
from decision_app.core.compiled import compile_model
from decision_app.core.engine import Analysis
from decision_app.core.loading import load_model
from decision_app.core.methods import METHODS, prepare
from decision_app.core.region import WeightRegion
from decision_app.core.smaa import BAND, engine_for, smaa
from decision_app.core.snapshot import UncertaintySettings, run_uncertainty, take_snapshot

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def compiled():
    return compile_model(load_model(ROOT / "tests" / "fixtures" / "recalibrated-twelve-options.json"))


def test_only_the_relative_methods_are_marked_relative():
    assert {name for name, m in METHODS.items() if m.relative} == {"topsis", "vikor", "promethee2"}


@pytest.mark.parametrize("method", ["topsis", "vikor", "promethee2"])
def test_the_band_is_the_5_to_95_percent_of_each_score_over_the_draws(compiled, method):
    """With fixed scores a draw is a weight vector: the scores under the same draws, computed here with the
    method's own function, give the same percentiles."""
    center = compiled.profile_weights("kogan_outlook")
    res = smaa(compiled, method, samples=3000, seed=7, weights_mode="around", center=center, spread=0.1,
               scores_mode="fixed")
    engine = engine_for(compiled, method, samples=3000, seed=7, scores_mode="fixed")
    W = engine._weight_draws(WeightRegion.from_mode("around", compiled.n, center, 0.1, None))[0].T  # the run's draws
    prep = prepare(method, compiled.X, compiled.is_cost, lo=compiled.lo, hi=compiled.hi, value_fns=compiled.value_fns,
                   q=compiled.pref_q, p=compiled.pref_p)
    S = prep.scores(W).astype(np.float32).astype(float)
    np.testing.assert_allclose(res.score_band, np.quantile(S, BAND, axis=0), rtol=0, atol=1e-5)
    assert res.score_band.shape == (2, compiled.m)


@pytest.mark.parametrize("method", ["wpm", "wsm"])
def test_the_band_of_a_method_whose_whiskers_show_the_range_is_not_a_number(compiled, method):
    """Only a relative method's whiskers show the band; the others' show the low-high range, and the quantile
    over every draw would be a third of a drag's re-score (and the weighted product's SMAA keys leave out each
    draw's reference, so they cannot give its score at all)."""
    res = smaa(compiled, method, samples=500, seed=7, weights_mode="around", center=compiled.profile_weights("equal"),
               spread=0.1)
    assert np.isnan(res.score_band).all()


def test_the_band_holds_whatever_the_threads_and_is_ordered(compiled):
    center = compiled.profile_weights("kogan_outlook")
    kw = dict(samples=5000, seed=3, weights_mode="around", center=center, spread=0.05, chunk=2000)
    one, two = smaa(compiled, "topsis", threads=1, **kw), smaa(compiled, "topsis", threads=2, **kw)
    np.testing.assert_array_equal(one.score_band, two.score_band)
    assert np.all(one.score_band[0] <= one.score_band[1])
    assert np.all(one.score_band[1] - one.score_band[0] > 0)  # scores and weights vary: a band, not a point


def test_many_draws_of_many_options_keep_only_the_first_draws_for_the_band(compiled, monkeypatch):
    """Memory stays bounded: past BAND_CELLS cells, the band is read from the first draws."""
    center = compiled.profile_weights("kogan_outlook")
    kw = dict(seed=5, weights_mode="around", center=center, spread=0.1, scores_mode="fixed")
    monkeypatch.setattr(smaa_module, "BAND_CELLS", 1000 * compiled.m)
    many = smaa(compiled, "vikor", samples=4000, **kw)
    engine = engine_for(compiled, "vikor", samples=4000, seed=5, scores_mode="fixed")
    W = engine._weight_draws(WeightRegion.from_mode("around", compiled.n, center, 0.1, None))[0].T
    prep = prepare("vikor", compiled.X, compiled.is_cost, lo=compiled.lo, hi=compiled.hi, value_fns=compiled.value_fns,
                   q=compiled.pref_q, p=compiled.pref_p)
    first = prep.scores(W[:1000]).astype(np.float32).astype(float)
    np.testing.assert_allclose(many.score_band, np.quantile(first, BAND, axis=0), rtol=0, atol=1e-5)
    assert not np.allclose(many.score_band, np.quantile(prep.scores(W), BAND, axis=0), rtol=0, atol=1e-5)


def test_the_whiskers_are_the_band_for_relative_methods_and_the_range_for_the_others(compiled):
    analysis = Analysis(compiled)
    w = compiled.profile_weights("kogan_outlook")
    settings = UncertaintySettings(samples=2000)
    wsm = take_snapshot(analysis, "wsm", w)
    whiskers = wsm.whiskers()
    assert whiskers is not None and not whiskers.band
    np.testing.assert_array_equal(whiskers.low, wsm.low)
    assert "low–high" in whiskers.words("value")
    topsis = take_snapshot(analysis, "topsis", w)
    assert topsis.whiskers() is None  # no draws yet: nothing rather than the misleading range
    u = run_uncertainty(compiled, "topsis", w, settings)
    with_draws = topsis.with_uncertainty(u).whiskers()
    assert with_draws is not None and with_draws.band and with_draws.samples == 2000
    np.testing.assert_array_equal(with_draws.high, u.result.score_band[1])
    assert "5%–95%" in with_draws.words("closeness") and "2,000" in with_draws.words("closeness")
    # the band is narrower than the range, which ran across most of the axis
    assert np.mean(with_draws.high - with_draws.low) < 0.5 * np.mean(topsis.high - topsis.low)
    moved = w.copy()
    moved[0] += 0.1
    stale = take_snapshot(analysis, "topsis", moved / moved.sum(), uncertainty=u)
    assert stale.whiskers() is None  # the draws of other weights say nothing about these


@pytest.mark.parametrize("method", ["topsis", "vikor", "promethee2"])
def test_the_band_from_the_keys_order_statistics_is_numpys_quantile_of_the_scores(method):
    """The band turns only the order statistics around each quantile into scores; digit for digit what
    np.quantile of every draw's score gives (the scores grow with the keys)."""
    to_scores = METHODS[method].smaa.scores_from_keys
    rng = np.random.default_rng(3)
    for draws in (1, 2, 7, 1001, 20_000):
        keys = rng.random((12, draws), dtype=np.float32) * np.float32(0.9)
        expected = np.quantile(np.asarray(to_scores(keys), dtype=np.float32), BAND, axis=1).astype(float)
        np.testing.assert_array_equal(smaa_module._band(keys.copy(), to_scores), expected)
