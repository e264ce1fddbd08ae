"""Fuzzing what is typed (issue 14): --weights and --order strings, and whole argument lists for every
command and option the parser has, with odd values and junk. Each must end in status 0 or 2, never a
traceback or a hang; a status 2 always says what was wrong."""

from __future__ import annotations

import functools
import tempfile
from pathlib import Path

import pytest
from fuzz_inputs import (
    REALISTIC_MODEL,
    base_points_grid,
    base_texts,
    base_workbooks,
    cli_arguments,
    order_strings,
    weights_strings,
    workbook_bytes,
)
from fuzzing import check, fuzz_settings, run_cli
from hypothesis import given
from hypothesis import strategies as st

from decision_app.core.tables import grid_to_csv_bytes

pytestmark = pytest.mark.fuzz

IDS = ["casualties", "escalation_risk", "russian_integration", "moral_hazard", "feasibility", "time_to_effect"]


@fuzz_settings(80)
@given(weights_strings(IDS), st.sampled_from(["score", "sensitivity", "audit"]),
       st.sampled_from(["wsm", "wpm", "topsis", "vikor", "promethee2"]))
def test_weights_strings(weights, command, method):
    with tempfile.TemporaryDirectory() as tmp:
        check(run_cli([command, str(REALISTIC_MODEL), "--weights", weights, "--method", method], "--weights", Path(tmp)))


@fuzz_settings(40)
@given(order_strings(IDS), st.sampled_from(["around", "uniform", "ordered"]))
def test_order_strings(order, mode):
    with tempfile.TemporaryDirectory() as tmp:
        argv = ["uncertainty", str(REALISTIC_MODEL), "--samples", "100", "--weights-mode", mode, "--order", order]
        check(run_cli(argv, "--order", Path(tmp)))


@functools.cache
def file_pool() -> dict[str, bytes]:
    """The files an argument list may name (written afresh for each input: a command may overwrite them)."""
    texts = dict(base_texts())
    return {
        "model.json": REALISTIC_MODEL.read_bytes(),
        "workshop.json": texts["workshop"].encode("utf-8"),
        "small.json": texts["small"].encode("utf-8"),
        "points.csv": grid_to_csv_bytes([[v if isinstance(v, str) else repr(v) for v in row] for row in base_points_grid()]),
        "bad.json": b'{"schema_version": 5}',
        "empty.csv": b"",
        "table.xlsx": workbook_bytes(dict(base_workbooks())["small"]),
    }


FILES = [*file_pool(), "missing.json", "folder"]
OUTPUTS = ["out.json", "out.csv", "out.xlsx", "out.pdf", "out.txt", "out", "folder", "model.json", ".", "",
           "nofolder/out.pdf", "out.PDF"]


@fuzz_settings(100)
@given(cli_arguments(FILES, OUTPUTS))
def test_argument_lists(argv):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name, data in file_pool().items():
            (folder / name).write_bytes(data)
        (folder / "folder").mkdir()
        check(run_cli(argv, "argument lists", folder))
