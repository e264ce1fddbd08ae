"""Brief benchmark (not a test; `make bench`): a brief of the default model, uncertainty included, from the
CLI (a fresh process each time, imports included). Prints the median of 5 runs against the 1.5 s target."""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        for k in range(5):
            t0 = time.perf_counter()
            model = ROOT / "tests" / "fixtures" / "recalibrated-twelve-options.json"
            subprocess.run([sys.executable, "-m", "decision_app", "brief", str(model),
                            "-o", f"{tmp}/memo{k}.pdf", "--date", "2026-11-22"], check=True, capture_output=True)
            times.append(time.perf_counter() - t0)
    med = statistics.median(times)
    print("work                                                    median    max       target")
    print("------------------------------------------------------  --------  --------  ------------------")
    print(f"CLI brief of the default model (20,000 SMAA samples)    {med * 1e3:6.0f} ms  {max(times) * 1e3:6.0f} ms  "
          f"< 1500 ms: {'met' if med < 1.5 else 'NOT met'}")


if __name__ == "__main__":
    main()
