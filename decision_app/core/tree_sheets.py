"""The value tree's sheet of a Decision Desk workbook (schema version 8).

- ``Objectives``: id, name, short name, description, children (the ids of the criteria and objectives grouped
  under it, in the order shown, separated by commas; a criterion's id is on the Criteria sheet)

`objective_sheets` writes it (text neutralised; a flat model gets the header row only); `apply_objective_sheets`
reads it onto a model dictionary, reporting every bad cell as ``Objectives!E4``. The tree's own rules (every
child known, one place each, no cycle, at most four levels) are checked afterwards with the rest of the model,
as for a JSON file. A `.csv` stays flat: it carries the matrix only. Plain data, like `sheets`.
"""

from __future__ import annotations

import re
from typing import Any

from decision_app.core.cells import Grid, neutralize
from decision_app.core.errors import InputError, Problem
from decision_app.core.schema import DecisionModel
from decision_app.core.sheets import TableSheet, norm_header

OBJECTIVES = "Objectives"
_COLUMNS = ("id", "name", "short name", "description", "children")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")


def objective_sheets(model: DecisionModel) -> dict[str, Grid]:
    rows: Grid = [[o.id, o.name, o.short_name, o.description, ", ".join(o.children)] for o in model.objectives]
    return {OBJECTIVES: [[neutralize(v) if isinstance(v, str) else v for v in row] for row in [list(_COLUMNS), *rows]]}


def apply_objective_sheets(data: dict[str, Any], book: dict[str, Grid], file: str) -> dict[str, Any]:
    """Put the tree the Objectives sheet of `book` holds onto `data`, in place; a workbook without the sheet (or
    with its header only) leaves `data` flat. Raises InputError naming each bad cell."""
    grid = next((g for name, g in book.items() if norm_header(name) == norm_header(OBJECTIVES)), None)
    if grid is None:
        return data
    problems: list[Problem] = []
    sh = TableSheet(OBJECTIVES, grid, problems, file)
    if not sh.rows:
        return data
    if not sh.require("id", "name", "children"):
        raise InputError(problems)
    out = []
    for r in sh.rows:
        node: dict[str, Any] = {"id": sh.text(r, "id"), "name": sh.raw(r, "name"), "children": []}
        if not node["id"]:
            sh.bad(r, "id", "empty: give the objective an id (letters, digits, '_', '.', '-')")
        if "short name" in sh.columns and sh.text(r, "short name"):
            node["short_name"] = sh.raw(r, "short name")
        if "description" in sh.columns:
            node["description"] = sh.raw(r, "description")
        for child in (x.strip() for x in sh.text(r, "children").split(",")):
            if not child:
                continue
            if not _ID.match(child):
                sh.bad(r, "children", f'"{child}" is not an id; list the ids of the criteria (Criteria sheet) and '
                       "objectives under this one, separated by commas")
            node["children"].append(child)
        out.append(node)
    if problems:
        raise InputError(problems)
    data["objectives"] = out
    return data
