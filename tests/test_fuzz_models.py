"""Fuzzing model files (issue 14): real models mutated into structurally plausible but wrong ones, and real
files damaged as bytes, through every command that reads a model. Each must end in status 0 or 2 with a
message naming the file, never a traceback or a hang; an export that succeeds must read back the same way.
`make test` runs a short deterministic share; `make fuzz` runs 10,000 inputs per target."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from fuzz_inputs import damaged_json_bytes, model_file_bytes, mutated_models, points_tables
from fuzzing import check, fuzz_settings, run_cli
from hypothesis import given
from hypothesis import strategies as st

pytestmark = pytest.mark.fuzz

# (argv with MODEL where the model goes); the cheap commands are listed more often than the PDF writers
MODEL_COMMANDS = [
    *[["validate", "MODEL"], ["score", "MODEL"], ["score", "MODEL", "--json"], ["sensitivity", "MODEL"],
      ["audit", "MODEL"]] * 3,
    ["score", "MODEL", "--method", "wpm"], ["score", "MODEL", "--method", "topsis", "--json"],
    ["score", "MODEL", "--method", "vikor"], ["score", "MODEL", "--method", "promethee2"],
    ["sensitivity", "MODEL", "--method", "vikor", "--json"], ["sensitivity", "MODEL", "--method", "promethee2"],
    ["sensitivity", "MODEL", "--method", "wpm"], ["sensitivity", "MODEL", "--method", "topsis"],
    ["audit", "MODEL", "--json", "--method", "wpm"], ["audit", "MODEL", "--method", "vikor"],
    ["uncertainty", "MODEL", "--samples", "100"],
    ["uncertainty", "MODEL", "--samples", "100", "--scores-mode", "uniform", "--weights-mode", "uniform",
     "--method", "promethee2"],
    ["group", "MODEL"], ["group", "MODEL", "--rule", "aij", "--json"], ["group", "MODEL", "--rule", "median"],
    ["export", "MODEL", "-o", "out.csv"], ["export", "MODEL", "-o", "out.xlsx"],
    ["brief", "MODEL", "-o", "memo.pdf", "--samples", "100", "--date", "2024-01-01"],
    ["slides", "MODEL", "-o", "deck.pdf", "--samples", "100", "--date", "2024-01-01"],
    ["participants", "form", "MODEL", "-o", "form.pdf"], ["participants", "form", "MODEL", "-o", "form.xlsx"],
    ["participants", "import", "MODEL", "points.csv", "-o", "out.json"],
]


def run_model(raw: bytes, command: list[str], target: str, points: bytes | None = None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        model = folder / "model.json"
        model.write_bytes(raw)
        if points is not None:
            (folder / "points.csv").write_bytes(points)
        argv = [str(model) if a == "MODEL" else str(folder / a) if a == "points.csv" else a for a in command]
        result = run_cli(argv, target, folder)
        check(result, [model] + ([folder / "points.csv"] if "points.csv" in command else []))
        for name in ("out.csv", "out.xlsx", "out.json"):
            written = folder / name
            if result.code == 0 and written.exists():  # what a command wrote reads back
                again = run_cli(["validate", str(written)], target + " (read back)", folder)
                check(again, [written])
                assert again.code == 0, f"what the command wrote does not read back\n{result}\n{again}"


@fuzz_settings(70)
@given(mutated_models(), st.data())
def test_mutated_models(model, data):
    command = data.draw(st.sampled_from(MODEL_COMMANDS))
    points = data.draw(points_tables()) if "points.csv" in command else None
    run_model(data.draw(model_file_bytes(model.doc)), command, "models (mutated)", points)


@fuzz_settings(40)
@given(damaged_json_bytes(), st.sampled_from([["validate", "MODEL"], ["score", "MODEL"], ["export", "MODEL", "-o", "out.csv"]]))
def test_damaged_model_files(raw, command):
    run_model(raw, command, "models (damaged bytes)")
