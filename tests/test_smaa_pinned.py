"""SMAA results pinned to the numbers the engine gives for fixed seeds: an optimisation may change how fast
SMAA runs, never what it answers.

Every configuration's figures were re-recorded once with issue 21 (scripts/pin_smaa.py), when SMAA began
drawing once and re-scoring many times: scores drawn in float32 blocks from per-chunk streams, the methods'
own kernels, weights within ± spread drawn from a seeded pool of offsets (`core.smaa`'s docstring). The
figures for a seed change only with a deliberate change of what is drawn, said in the commit.

tests/data/smaa_pinned.json holds, per configuration and method, the rank counts (acceptability x samples),
the first-place hits under the central weights (confidence x samples), the central weight vectors and the
pairwise win counts (pairwise winning index x samples).
The configurations span several chunks (and a short last chunk), both weight modes and two score modes.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from decision_app.core.compiled import compile_model
from decision_app.core.loading import load_model
from decision_app.core.smaa import smaa

ROOT = Path(__file__).resolve().parents[1]
PINNED = json.loads((ROOT / "tests" / "data" / "smaa_pinned.json").read_text(encoding="utf-8"))
CASES = sorted(PINNED["results"])


@pytest.fixture(scope="module")
def compiled():
    return compile_model(load_model(ROOT / PINNED["model"]))


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("threads", [1, 2])
def test_smaa_matches_pinned_numbers(compiled, case, threads):
    config, method = case.split("/")
    kw = dict(PINNED["configs"][config])
    center = compiled.profile_weights("kogan_outlook") if kw["weights_mode"] == "around" else None
    r = smaa(compiled, method, center=center, threads=threads, **kw)
    want = PINNED["results"][case]
    counts = np.asarray(want["rank_counts"], dtype=float)
    np.testing.assert_array_equal(r.acceptability, counts / kw["samples"])
    np.testing.assert_array_equal(r.confidence, np.asarray(want["first_place_hits"], dtype=float) / kw["samples"])
    central = np.array([[np.nan if x is None else x for x in row] for row in want["central_weights"]])
    np.testing.assert_allclose(r.central_weights, central, rtol=0, atol=1e-12)
    assert np.array_equal(np.isnan(r.central_weights), np.isnan(central))
    np.testing.assert_array_equal(r.pairwise, np.asarray(want["pairwise_counts"], dtype=float) / kw["samples"])
