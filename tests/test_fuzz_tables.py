"""Fuzzing spreadsheets (issue 14): real exports (`decision-app export`) mutated as tables (odd cells, rows,
columns, label rows, separators, encodings) and, for workbooks, as sheets and zip parts (zip bombs, a cell
at row 10^9, broken XML); and participants' points tables. Each must end in status 0 or 2 with a message
naming the file, never a traceback or a hang."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from fuzz_inputs import WORKSHOP_MODEL, csv_tables, points_tables, xlsx_tables
from fuzzing import check, fuzz_settings, run_cli
from hypothesis import given
from hypothesis import strategies as st

pytestmark = pytest.mark.fuzz

TABLE_COMMANDS = [
    ["validate", "TABLE"], ["validate", "TABLE", "--direction", "Risk=cost"], ["score", "TABLE"],
    ["score", "TABLE", "--method", "topsis"], ["sensitivity", "TABLE"], ["import", "TABLE", "-o", "out.json"],
    ["export", "TABLE", "-o", "out.xlsx"], ["export", "TABLE", "-o", "out.csv"], ["audit", "TABLE"],
]


def run_table(raw: bytes, suffix: str, command: list[str], target: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        table = folder / f"table{suffix}"
        table.write_bytes(raw)
        result = run_cli([str(table) if a == "TABLE" else a for a in command], target, folder)
        check(result, [table])
        for name in ("out.csv", "out.xlsx", "out.json"):
            written = folder / name
            if result.code == 0 and written.exists():
                again = run_cli(["validate", str(written)], target + " (read back)", folder)
                check(again, [written])
                assert again.code == 0, f"what the command wrote does not read back\n{result}\n{again}"


@fuzz_settings(70)
@given(csv_tables(), st.sampled_from(TABLE_COMMANDS))
def test_mutated_csv_tables(raw, command):
    run_table(raw, ".csv", command, "tables (.csv)")


@fuzz_settings(30)
@given(xlsx_tables(), st.sampled_from(TABLE_COMMANDS))
def test_mutated_xlsx_workbooks(raw, command):
    run_table(raw, ".xlsx", command, "tables (.xlsx)")


@fuzz_settings(60)
@given(points_tables(), st.sampled_from(["import", "group"]), st.sampled_from([".csv", ".csv", ".csv", ".xlsx"]))
def test_mutated_points_tables(raw, command, suffix):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        table = folder / f"points{suffix}"
        table.write_bytes(raw)  # a .csv's bytes named .xlsx: not a workbook
        argv = (["participants", "import", str(WORKSHOP_MODEL), str(table), "-o", "out.json"] if command == "import"
                else ["group", str(WORKSHOP_MODEL), "--participants", str(table)])
        check(run_cli(argv, "points tables", folder), [table])
