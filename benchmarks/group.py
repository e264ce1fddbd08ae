"""Group benchmark (not a test; `make bench` can add it): prints tables of median times.

1. `analyse_group` for 30 participants on the default model, every method and every rule (AIJ from
   30 noisy reciprocal matrices), without the hull SMAA: warm (methods prepared, as in the window) and cold
   (a fresh `Analysis`, preparing the method included). Target under 5 ms each.
2. The hull SMAA alone (`hull_smaa`), every method, at 10,000 and 100,000 samples.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np
from engine import fmt, median_time, table  # benchmarks/engine.py: the shared timing helpers

from decision_app.core.compiled import compile_model
from decision_app.core.engine import Analysis
from decision_app.core.group import RULES, ParticipantWeights, analyse_group, hull_smaa
from decision_app.core.loading import load_model
from decision_app.core.methods import METHOD_NAMES

ROOT = Path(__file__).resolve().parents[1]
PARTICIPANTS = 30
TARGET = 5e-3


def workshop(n: int, p: int = PARTICIPANTS, seed: int = 1) -> list[ParticipantWeights]:
    """p participants: Dirichlet weights, and a pairwise matrix w_i / w_j with reciprocal log-normal noise."""
    rng = np.random.default_rng(seed)
    W = rng.dirichlet(np.ones(n), size=p)
    noise = np.exp(np.triu(rng.normal(0, 0.2, size=(p, n, n)), 1))
    noise = noise / np.transpose(noise, (0, 2, 1))
    mats = W[:, :, None] / W[:, None, :] * noise
    return [ParticipantWeights(f"p{i + 1}", f"Participant {i + 1}", W[i], 1, "", mats[i]) for i in range(p)]


def main() -> None:
    c = compile_model(load_model(ROOT / "tests" / "fixtures" / "recalibrated-twelve-options.json"))
    people = workshop(c.n)
    warm = Analysis(c)
    rows = []
    for method in METHOD_NAMES:
        for rule in RULES:
            t_warm = median_time(lambda: analyse_group(warm, method, people, rule=rule))
            t_cold = median_time(lambda: analyse_group(Analysis(c), method, people, rule=rule))
            rows.append([method, rule, fmt(t_warm), fmt(t_cold),
                         "met" if max(t_warm, t_cold) < TARGET else "NOT met"])
    table(f"analyse_group, {PARTICIPANTS} participants, default model ({c.m} options x {c.n} criteria), "
          f"no hull SMAA; AIJ leave-one-out = {PARTICIPANTS} eigenvectors",
          ["method", "rule", "warm", "cold (prepare included)", "< 5 ms"], rows)

    W = np.vstack([p.weights for p in people])
    rows = []
    for method in METHOD_NAMES:
        prep = warm.prepared(method)
        for samples in (10_000, 100_000):
            t = median_time(lambda: hull_smaa(prep, W, 0, samples=samples, seed=1), min_runs=5, budget=2)
            rows.append([method, f"{samples:,}", fmt(t)])
    table(f"Hull SMAA alone ({PARTICIPANTS} participants' convex hull, Dirichlet(1) mixing, scores fixed)",
          ["method", "samples", "median"], rows)


if __name__ == "__main__":
    print(f"numpy {np.__version__}, {os.cpu_count()} CPUs, OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS')}")
    main()
