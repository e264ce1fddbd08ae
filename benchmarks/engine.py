"""Engine benchmark: prints tables of median times (not a test; run with `make bench`).

1. Each method from scratch (prepare + score + rank) at 12x6, 200x30, 1,000x50 and 10,000x100, beside
   pymcdm (the same classic formulation, validation skipped: its fastest configuration) and the ratio.
2. On the default model: the live re-score when only the weights change, all five methods plus the WSM
   contributions, the full sensitivity set, and SMAA-2 at 10^4 and 10^5 samples (weights and scores sampled);
   then SMAA-2 per method, one thread, 10^5 samples, beside its target. Every SMAA run here starts from a cold
   cache (draws made and prepared): a weight move's re-score is measured by benchmarks/smaa.py.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np

from decision_app.core.compiled import compile_model
from decision_app.core.engine import Analysis
from decision_app.core.loading import load_model
from decision_app.core.methods import METHOD_NAMES, prepare, rank
from decision_app.core.sensitivity import sensitivity
from decision_app.core.smaa import clear_cache, smaa

ROOT = Path(__file__).resolve().parents[1]


def median_time(fn, *, min_runs: int = 5, budget: float = 1.0, max_runs: int = 2000) -> float:
    """Median seconds per call over repeated runs (at least min_runs, up to ~budget seconds)."""
    fn()  # warm-up
    times = []
    start = time.perf_counter()
    while len(times) < max_runs and (len(times) < min_runs or time.perf_counter() - start < budget):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def fmt(sec: float | None) -> str:
    if sec is None:
        return "-"
    if sec < 1e-3:
        return f"{sec * 1e6:8.1f} µs"
    if sec < 1:
        return f"{sec * 1e3:8.2f} ms"
    return f"{sec:8.2f} s "


def table(title: str, header: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]
    print(f"\n{title}")
    print("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
    print("  ".join("-" * w for w in widths))
    for r in rows:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)))


def peers():
    try:
        from pymcdm import methods as M
        from pymcdm import normalizations as N
    except ImportError:
        return None
    return {
        "wsm": M.WSM(N.minmax_normalization),
        "wpm": M.WPM(N.linear_normalization),
        "topsis": M.TOPSIS(N.vector_normalization),
        "vikor": M.VIKOR(),
        "promethee2": M.PROMETHEE_II("usual"),
    }


def ours_full(method, X, cost, w):
    p = prepare(method, X, cost)
    return rank(p.scores(w), p.higher_is_better)


def methods_table() -> None:
    import warnings

    warnings.simplefilter("ignore")
    rng = np.random.default_rng(1)
    ps = peers()
    rows = []
    for m, n in ((12, 6), (200, 30), (1000, 50), (10_000, 100)):
        X = rng.uniform(1, 100, size=(m, n))
        cost = rng.random(n) < 0.4
        w = rng.random(n)
        w /= w.sum()
        types = np.where(cost, -1, 1)
        for method in METHOD_NAMES:
            t_ours = median_time(lambda: ours_full(method, X, cost, w), budget=0.5)
            t_peer, note = None, ""
            if ps is not None:
                peer = ps[method]
                if method == "promethee2" and m >= 10_000:
                    # pymcdm builds an m x m table per criterion (800 MB each here): time 2 criteria, scale by n/2.
                    Xs, ws, ts = X[:, :2], w[:2] / w[:2].sum(), types[:2]
                    t_peer = median_time(lambda: peer(Xs, ws, ts, validation=False), min_runs=1, budget=0) * n / 2
                    note = "peer estimated from 2 criteria x n/2"
                else:
                    t_peer = median_time(lambda: peer(X, w, types, validation=False), budget=0.5, max_runs=200)
            ratio = f"{t_ours / t_peer:.3f}" if t_peer else "-"
            rows.append([f"{m}x{n}", method, fmt(t_ours), fmt(t_peer), ratio, note])
        if (m, n) == (1000, 50):  # judgement scales are coarse: the same size with many ties
            Xt = np.round(X / 10)
            t_ours = median_time(lambda: ours_full("promethee2", Xt, cost, w), budget=0.5)
            t_peer = median_time(lambda: ps["promethee2"](Xt, w, types, validation=False), budget=0.5) if ps else None
            rows.append([f"{m}x{n}", "promethee2", fmt(t_ours), fmt(t_peer),
                         f"{t_ours / t_peer:.3f}" if t_peer else "-", "scores rounded to 10 levels (ties)"])
    table("Each method from scratch (prepare + score + rank); ratio = ours / pymcdm (<= 1.0 is faster)",
          ["size", "method", "ours", "pymcdm", "ratio", "note"], rows)


def default_model_table() -> None:
    model = load_model(ROOT / "tests" / "fixtures" / "recalibrated-twelve-options.json")
    c = compile_model(model)
    a = Analysis(c)
    for method in METHOD_NAMES:
        a.prepared(method)
    rng = np.random.default_rng(2)
    W = rng.dirichlet(np.ones(c.n), size=64)
    k = iter(range(10**9))

    def live_wsm():
        a.score("wsm", W[next(k) % 64], normalized=True)

    def all_five():
        wi = W[next(k) % 64]
        for method in METHOD_NAMES:
            a.score(method, wi, normalized=True)
        a.prepared("wsm").details(wi)

    rows = [
        ["live re-score, WSM (weights only)", fmt(median_time(live_wsm)), ""],
        ["all five methods + WSM contributions", fmt(median_time(all_five)), "target < 1 ms"],
    ]
    for method in METHOD_NAMES:
        rows.append([f"sensitivity set, every criterion, {method}",
                     fmt(median_time(lambda: sensitivity(a, method, W[next(k) % 64]))),
                     "target < 5 ms"])
    for samples in (10_000, 100_000):
        for method in ("wsm", "topsis"):
            for threads in (1, 2):
                rows.append([f"SMAA-2 {method}, {samples:,} samples, weights + scores, {threads} thread(s)",
                             fmt(median_time(lambda: cold_smaa(c, method, samples=samples, threads=threads),
                                             min_runs=7, budget=3)), ""])
    table(f"Default model ({c.m} options x {c.n} criteria)", ["work", "median", "note"], rows)
    smaa_table(c)


SMAA_TARGETS = {"wsm": 0.250, "wpm": 0.250, "topsis": 0.250, "vikor": 0.250, "promethee2": 0.350}  # issue 21


def cold_smaa(c, method: str, samples: int, threads: int = 1) -> None:
    """One SMAA run from a cold cache: the draws made and prepared, then scored."""
    clear_cache()
    smaa(c, method, samples=samples, seed=1, threads=threads)


def smaa_table(c) -> None:
    """SMAA-2 per method, one thread, 10^5 samples, weights and scores sampled: wall-clock median and p95
    over 9 runs, and the process CPU time (median), which a busy shared machine inflates less."""
    rows = []
    for method, target in SMAA_TARGETS.items():
        cold_smaa(c, method, 100_000)  # warm-up
        wall, cpu = [], []
        for _ in range(9):
            t0, c0 = time.perf_counter(), time.process_time()
            cold_smaa(c, method, 100_000)
            wall.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
        med = statistics.median(wall)
        rows.append([method, fmt(med), fmt(float(np.percentile(wall, 95))), fmt(statistics.median(cpu)),
                     f"<= {target * 1e3:.0f} ms: {'met' if med <= target else 'NOT met'}"])
    table("SMAA-2, 10^5 samples, weights + scores sampled, 1 thread (default model)",
          ["method", "median", "p95", "cpu median", "target (median)"], rows)


if __name__ == "__main__":
    if "--smaa" in sys.argv:  # only the SMAA table
        smaa_table(compile_model(load_model(ROOT / "tests" / "fixtures" / "recalibrated-twelve-options.json")))
        raise SystemExit
    print(f"numpy {np.__version__}, {os.cpu_count()} CPUs, OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS')}")
    default_model_table()
    methods_table()
