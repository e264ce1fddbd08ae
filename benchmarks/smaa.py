"""SMAA benchmark (issue 21, item 6): prints tables of medians; not a test.

On the first default model (tests/fixtures/recalibrated-twelve-options.json, 12 x 11, frozen so the figures stay
comparable), one thread (OMP/OPENBLAS/MKL threads set to 1), the app's default uncertainty settings (weights
within ±0.05 of the current ones, triangular scores, seed 1):

1. Per weight move at 10^4 draws: `smaa()` called with a new centre each time (the draws are made once and
   re-scored: first-place shares, pairwise winning indices, rank acceptability, central weights and confidence
   factors), and the quick re-score alone (`SmaaEngine.quick`: first-place shares and pairwise winning
   indices, what the verdict reads). Each row cycles through 16 weight vectors a slider drag would visit.
2. A full run of 10^5 draws from a cold cache (draws made, terms prepared, scored), wall-clock and CPU.
3. Memory: the peak traced by tracemalloc during a cold run of 10^5 draws, and the cache's bytes.

Targets (issue 21): per move <= 5 ms (WSM, WPM, PROMETHEE II) or <= 10 ms (TOPSIS, VIKOR); full run <= 250 ms
(<= 350 ms for PROMETHEE II); cache about 150 MB at most.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import statistics  # noqa: E402 - after the thread settings, which numpy reads on import
import sys  # noqa: E402
import time  # noqa: E402
import tracemalloc  # noqa: E402
from pathlib import Path  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402
from engine import table  # noqa: E402 - benchmarks/engine.py: the same table layout

from decision_app.core import smaa as smaa_mod  # noqa: E402
from decision_app.core.compiled import compile_model  # noqa: E402
from decision_app.core.loading import load_model  # noqa: E402
from decision_app.core.methods import METHOD_NAMES  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
MOVE_TARGET = {"wsm": 5.0, "wpm": 5.0, "promethee2": 5.0, "topsis": 10.0, "vikor": 10.0}
FULL_TARGET = {"wsm": 250.0, "wpm": 250.0, "topsis": 250.0, "vikor": 250.0, "promethee2": 350.0}
SETTINGS = {"seed": 1, "weights_mode": "around", "spread": 0.05, "scores_mode": "triangular"}


def drag_weights(n: int, steps: int = 16) -> list[np.ndarray]:
    """Weight vectors a drag of the first criterion's slider visits (the others share the rest)."""
    out = []
    for t in np.linspace(0.05, 0.2, steps):
        w = np.full(n, (1.0 - t) / (n - 1))
        w[0] = t
        out.append(w)
    return out


def ms(sec: float) -> str:
    return f"{sec * 1e3:8.2f} ms"


def timed(fn, runs: int) -> tuple[list[float], list[float]]:
    wall, cpu = [], []
    for _ in range(runs):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return wall, cpu


def clear_cache() -> None:
    clear = getattr(smaa_mod, "clear_cache", None)
    if clear is not None:
        clear()


def main() -> None:
    c = compile_model(load_model(ROOT / "tests" / "fixtures" / "recalibrated-twelve-options.json"))
    ws = drag_weights(c.n)
    quick_available = hasattr(smaa_mod, "SmaaEngine")
    rows = []
    for method in METHOD_NAMES:
        smaa_mod.smaa(c, method, samples=10_000, center=ws[0], **SETTINGS)  # warm-up (and the draws, if cached)
        i = iter(range(10**9))
        wall, cpu = timed(lambda: smaa_mod.smaa(c, method, samples=10_000, center=ws[next(i) % len(ws)],
                                                **SETTINGS), 48)
        row = [method, f"{ms(statistics.median(wall))} / {ms(statistics.median(cpu))}"]
        best = statistics.median(cpu)
        if quick_available:
            engine = smaa_mod.engine_for(c, method, samples=10_000, **{k: v for k, v in SETTINGS.items()
                                                                     if k not in ("weights_mode", "spread")})
            regions = [smaa_mod.WeightRegion.around(w, SETTINGS["spread"]) for w in ws]
            engine.quick(regions[0])
            j = iter(range(10**9))
            dwall, dcpu = timed(lambda: engine.run(regions[next(j) % len(regions)], confidence=False), 48)
            qwall, qcpu = timed(lambda: engine.quick(regions[next(j) % len(regions)]), 48)
            row += [f"{ms(statistics.median(dwall))} / {ms(statistics.median(dcpu))}",
                    f"{ms(statistics.median(qwall))} / {ms(statistics.median(qcpu))}",
                    ms(float(np.percentile(qwall, 95)))]
            best = statistics.median(qcpu)
        else:
            row += ["-", "-", "-"]
        row.append(f"<= {MOVE_TARGET[method]:.0f} ms: {'met' if best * 1e3 <= MOVE_TARGET[method] else 'NOT met'}")
        rows.append(row)
    table(f"Per weight move, 10^4 draws, default model ({c.m} options x {c.n} criteria), 1 thread; "
          "medians, wall / CPU (the target judged on the CPU median of the shares + pairwise: the machine is shared)",
          ["method", "whole result", "without confidence (drag)", "shares + pairwise", "its p95 (wall)", "target"],
          rows)

    rows = []
    for method in METHOD_NAMES:
        def cold(method: str = method) -> None:
            clear_cache()
            smaa_mod.smaa(c, method, samples=100_000, center=ws[0], **SETTINGS)

        cold()
        wall, cpu = timed(cold, 7)
        med, cmed = statistics.median(wall), statistics.median(cpu)
        rows.append([method, ms(med), ms(float(np.percentile(wall, 95))), ms(cmed),
                     f"<= {FULL_TARGET[method]:.0f} ms: wall {'met' if med * 1e3 <= FULL_TARGET[method] else 'NOT met'}, "
                     f"CPU {'met' if cmed * 1e3 <= FULL_TARGET[method] else 'NOT met'}"])
    table("Full run, 10^5 draws from a cold cache, 1 thread", ["method", "median", "p95", "cpu median", "target"],
          rows)

    rows = []
    for method in METHOD_NAMES:
        clear_cache()
        tracemalloc.start()
        smaa_mod.smaa(c, method, samples=100_000, center=ws[0], **SETTINGS)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        nbytes = getattr(smaa_mod, "cache_nbytes", lambda: 0)()
        rows.append([method, f"{peak / 2**20:8.1f} MB", f"{nbytes / 2**20:8.1f} MB"])
    table("Memory, 10^5 draws (tracemalloc peak of a cold run; bytes the cache keeps)",
          ["method", "peak", "cache"], rows)


if __name__ == "__main__":
    print(f"numpy {np.__version__}, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}")
    main()
