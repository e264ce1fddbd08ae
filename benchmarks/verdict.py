"""Verdict benchmark: prints tables of median times (not a test; run with `.venv/bin/python benchmarks/verdict.py`).

On the default model at equal weights, one thread:
1. The verdict's exact part, the part a weight move would re-run (the SMAA draws are issue 21's item 6): the
   per-cell extremes, whether the leader is a necessary winner (its worst margins: a closed form over the box
   region; once an order of importance cuts it, 256 drawn witnesses first, then linear programs only if none
   shows a rival ahead) and the possible winners (one HiGHS linear program per option; the verdict first
   tries 256 drawn weight vectors as witnesses and solves only for the options none of them proves), per method
   and score mode where the method is exact.
2. The whole verdict with its 20,000 draws, per method; the weight region's draws alone.
3. What would change the answer (score and weight tipping points), per method.
Also the one-off cost of importing scipy.optimize, in a fresh interpreter.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np

from benchmarks.engine import fmt, median_time, table
from decision_app.core.audit import basis_matrix
from decision_app.core.compiled import compile_model
from decision_app.core.engine import Analysis
from decision_app.core.loading import load_model
from decision_app.core.methods import METHOD_NAMES
from decision_app.core.region import WeightRegion
from decision_app.core.snapshot import UncertaintySettings
from decision_app.core.tipping import what_would_change
from decision_app.core.verdict import can_come_first, cell_extremes, necessary_winner, possible_winners, verdict_for

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    model = load_model(ROOT / "tests" / "fixtures" / "recalibrated-twelve-options.json")
    c = compile_model(model)
    a = Analysis(c)
    w = c.profile_weights("equal")
    print(f"Default model: {c.m} options x {c.n} criteria, equal weights; medians")
    start = subprocess.run([sys.executable, "-c", "import time, numpy; t = time.perf_counter(); "
                            "import scipy.optimize; print(time.perf_counter() - t)"],
                           capture_output=True, text=True, check=True)
    print(f"importing scipy.optimize (once per process, after numpy): {fmt(float(start.stdout))}")

    regions = {"around ±0.05": WeightRegion.around(w, 0.05),
               "around ±0.05 + order (3 criteria)": WeightRegion.around(w, 0.05).with_order([[0, 1, 3]])}
    rows = []
    for label, region in regions.items():
        for method in ("wsm", "wpm"):
            for fixed in (False, True):
                ext = cell_extremes(a, method, fixed)
                if ext is None:
                    rows.append([label, method, "fixed" if fixed else "ranges", "not exact (draws)", "-", "-", "-", "-"])
                    continue
                leader = a.score(method, w).leader()
                t_ext = median_time(lambda: cell_extremes(a, method, fixed))
                t_nec = median_time(lambda: necessary_winner(region, *ext, leader))
                t_lps = median_time(lambda: possible_winners(region, *ext), budget=2.0)
                t_pos = median_time(lambda: can_come_first(region, *ext), budget=2.0)
                rows.append([label, method, "fixed" if fixed else "ranges", fmt(t_ext), fmt(t_nec), fmt(t_lps),
                             fmt(t_pos), fmt(t_ext + t_nec + t_pos)])
    table("1. The verdict's exact part (per weight move); the verdict runs 'can come first' (witnesses, then LPs)",
          ["region", "method", "scores", "cell extremes", "necessary (robust?)", "possible: all LPs",
           "can come first", "total"], rows)

    rows = []
    settings = UncertaintySettings()
    for method in METHOD_NAMES:
        t = median_time(lambda: verdict_for(a, method, w, settings), min_runs=3, budget=3.0)
        v = verdict_for(a, method, w, settings)
        rows.append([method, fmt(t), v.kind, str(v.exact)])
    region = WeightRegion.around(w, 0.05)
    rows.append(["(weights alone: 20,000 draws of the region)",
                 fmt(median_time(lambda: region.sample(np.random.default_rng(1), 20_000))), "", ""])
    table("2. The whole verdict, 20,000 draws (SMAA included)", ["method", "time", "kind", "exact"], rows)

    rows = []
    bases, units = basis_matrix(model), [cr.unit for cr in model.criteria]
    for method in METHOD_NAMES:
        t = median_time(lambda: what_would_change(a, method, w, bases=bases, units=units, region=region),
                        min_runs=3, budget=3.0)
        rows.append([method, fmt(t), str(len(what_would_change(a, method, w, bases=bases, units=units)))])
    table("3. What would change the answer (every cell, every weight)", ["method", "time", "entries"], rows)


if __name__ == "__main__":
    main()
