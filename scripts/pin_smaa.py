"""Re-pin tests/data/smaa_pinned.json: the SMAA figures for fixed seeds (tests/test_smaa_pinned.py).

Run only with a deliberate change of what SMAA draws, and say so in the commit: the pinned figures exist so
that an optimisation can never change an answer unnoticed.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from decision_app.core.compiled import compile_model  # noqa: E402
from decision_app.core.loading import load_model  # noqa: E402
from decision_app.core.methods import METHOD_NAMES  # noqa: E402
from decision_app.core.smaa import smaa  # noqa: E402

PATH = ROOT / "tests" / "data" / "smaa_pinned.json"


def main() -> None:
    pinned = json.loads(PATH.read_text(encoding="utf-8"))
    pinned["configs"].setdefault("around-triangular", {"samples": 20000, "seed": 1, "weights_mode": "around",
                                                       "scores_mode": "triangular", "spread": 0.05})
    pinned["configs"].setdefault("around-fixed", {"samples": 3000, "seed": 2, "weights_mode": "around",
                                                  "scores_mode": "fixed", "spread": 0.1, "chunk": 1000})
    c = compile_model(load_model(ROOT / pinned["model"]))
    results = {}
    for config, kw in pinned["configs"].items():
        center = c.profile_weights("kogan_outlook") if kw["weights_mode"] == "around" else None
        for method in METHOD_NAMES:
            r = smaa(c, method, center=center, **kw)
            k = kw["samples"]
            results[f"{config}/{method}"] = {
                "rank_counts": np.rint(r.acceptability * k).astype(int).tolist(),
                "first_place_hits": np.rint(r.confidence * k).astype(int).tolist(),
                "central_weights": [[None if np.isnan(x) else float(x) for x in row] for row in r.central_weights],
                "pairwise_counts": np.rint(r.pairwise * k).astype(int).tolist(),
            }
    pinned["results"] = dict(sorted(results.items()))
    PATH.write_text(json.dumps(pinned, separators=(",", ":")) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
