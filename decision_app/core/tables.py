"""Spreadsheets (.csv, .xlsx) in and out.

Layout: a header row ``option,<criterion name>,...``; then label rows whose first cell is ``#direction``
(required: max/min or benefit/cost per criterion), and optionally ``#weight``, ``#min``, ``#max`` (the
declared scale; where absent, the observed range); then one row per option. CSV may be written as Excel
writes it: UTF-8 with a byte-order mark (or Windows-1252), ``;`` separators and decimal commas.
Errors name the cell (``C7``). Text written out that begins with = + - @ is prefixed with ' so that a
spreadsheet shows it as text instead of running it as a formula; reading strips that prefix again.
openpyxl and pandas are imported only when an .xlsx is read or results are exported.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from decision_app.core.atomic import atomic_write_bytes
from decision_app.core.errors import InputError, Problem
from decision_app.core.loading import model_from_dict, read_bytes
from decision_app.core.schema import SCHEMA_VERSION, DecisionModel, make_id

LABELS = ("#direction", "#weight", "#min", "#max")
DIRECTIONS = {"max": "benefit", "benefit": "benefit", "min": "cost", "cost": "cost"}
FORMULA_START = ("=", "+", "-", "@")


def column_letter(j: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    s = ""
    j += 1
    while j:
        j, r = divmod(j - 1, 26)
        s = chr(65 + r) + s
    return s


def cell(row: int, col: int) -> str:
    return f"{column_letter(col)}{row + 1}"


def neutralize(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_START) else text


def unneutralize(text: str) -> str:
    return text[1:] if text.startswith("'") and text[1:2] in FORMULA_START else text


# --- reading -----------------------------------------------------------------------------------------


def _read_csv_grid(raw: bytes, file: str) -> tuple[list[list[Any]], bool]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
        delim = dialect.delimiter
    except csv.Error:
        first = sample.splitlines()[0] if sample else ""
        delim = max((",", ";", "\t"), key=first.count)
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delim))
    return rows, delim != ","


def _read_xlsx_grid(path: Path, file: str) -> list[list[Any]]:
    import zipfile

    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise InputError(f"not a readable .xlsx workbook ({exc.__class__.__name__}); save it again from Excel",
                         file) from None
    try:
        ws = wb.worksheets[0]
        return [list(r) for r in ws.iter_rows(values_only=True)]
    finally:
        wb.close()


def _number(value: Any, decimal_comma: bool) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if not isinstance(value, str):
        return None
    s = value.strip().replace("\u00a0", "").replace(" ", "")
    if decimal_comma:
        s = s.replace(",", ".")
    try:
        x = float(s)
    except ValueError:
        return None
    return x if x == x and abs(x) != float("inf") else None


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return unneutralize(str(value).strip())


def read_table(path: str | Path) -> DecisionModel:
    p = Path(path)
    file = str(p)
    if p.suffix.lower() == ".xlsx":
        read_bytes(p)  # same clear messages for missing or unreadable files
        grid, decimal_comma = _read_xlsx_grid(p, file), False
    else:
        grid, decimal_comma = _read_csv_grid(read_bytes(p), file)
    return table_to_model(grid, file, p.stem, decimal_comma)


def table_to_model(grid: list[list[Any]], file: str, title: str, decimal_comma: bool = False) -> DecisionModel:
    problems: list[Problem] = []

    def bad(r: int, c: int, msg: str) -> None:
        problems.append(Problem(file, cell(r, c), msg))

    rows = [list(r) for r in grid]
    while rows and all(_text(v) == "" for v in rows[-1]):
        rows.pop()
    if not rows:
        raise InputError("the spreadsheet is empty; see the README for the layout (header row option,<criteria>)",
                         file)
    header = rows[0]
    while header and _text(header[-1]) == "":
        header.pop()
    if not header or _text(header[0]).lower() not in ("option", "options"):
        raise InputError('the first cell of the header row must be "option", followed by one criterion name '
                         "per column", file, "A1")
    names = [_text(v) for v in header[1:]]
    if not names:
        raise InputError("no criteria: put criterion names in the header row after \"option\"", file, "B1")
    for j, nm in enumerate(names, start=1):
        if not nm:
            bad(0, j, "empty criterion name; name every criterion column")
    seen: dict[str, int] = {}
    for j, nm in enumerate(names, start=1):
        if nm and nm.lower() in seen:
            bad(0, j, f'the criterion name "{nm}" is used twice (also in {cell(0, seen[nm.lower()])})')
        seen.setdefault(nm.lower(), j)
    n = len(names)

    label_rows: dict[str, int] = {}
    option_rows: list[int] = []
    for r in range(1, len(rows)):
        first = _text(rows[r][0] if rows[r] else "")
        if all(_text(v) == "" for v in rows[r]):
            continue
        if first.startswith("#"):
            lab = first.lower()
            if lab not in LABELS:
                bad(r, 0, f'unknown row label "{first}"; use #direction, #weight, #min or #max')
            elif lab in label_rows:
                bad(r, 0, f'"{lab}" appears twice (also row {label_rows[lab] + 1})')
            else:
                label_rows[lab] = r
        else:
            option_rows.append(r)

    def val(r: int, j: int) -> Any:
        row = rows[r]
        return row[j] if j < len(row) else None

    directions: list[str] = ["benefit"] * n
    if "#direction" not in label_rows:
        problems.append(Problem(file, "A2", 'no "#direction" row: add a row starting with #direction and '
                                "max/min (or benefit/cost) under each criterion"))
    else:
        r = label_rows["#direction"]
        for j in range(n):
            t = _text(val(r, j + 1)).lower()
            if t not in DIRECTIONS:
                bad(r, j + 1, f'direction "{_text(val(r, j + 1))}" is not max, min, benefit or cost')
            else:
                directions[j] = DIRECTIONS[t]

    def numbers_row(label: str, allow_empty: bool) -> list[float | None] | None:
        if label not in label_rows:
            return None
        r = label_rows[label]
        out: list[float | None] = []
        for j in range(n):
            v = val(r, j + 1)
            if _text(v) == "" and allow_empty:
                out.append(None)
                continue
            x = _number(v, decimal_comma)
            if x is None:
                bad(r, j + 1, f'"{_text(v)}" is not a number ({label[1:]} of "{names[j]}")')
            out.append(x)
        return out

    weights = numbers_row("#weight", allow_empty=False)
    mins = numbers_row("#min", allow_empty=True)
    maxs = numbers_row("#max", allow_empty=True)
    if weights is not None:
        for j, w in enumerate(weights):
            if w is not None and w < 0:
                bad(label_rows["#weight"], j + 1, f"weight {w:g} is negative; weights are 0 or more")
        if all(w is not None for w in weights) and not any((w or 0) > 0 for w in weights):
            bad(label_rows["#weight"], 1, "every weight is zero; give at least one criterion a positive weight")

    if not option_rows:
        problems.append(Problem(file, f"A{len(rows) + 1}", "no option rows: add one row per option under the "
                                "label rows, its name in column A"))
    values: list[list[float]] = []
    opt_names: list[str] = []
    for r in option_rows:
        opt_names.append(_text(val(r, 0)))
        row_vals = []
        for j in range(n):
            v = val(r, j + 1)
            x = _number(v, decimal_comma)
            if x is None:
                if _text(v) == "":
                    bad(r, j + 1, f'empty: option "{opt_names[-1]}" needs a score for "{names[j]}"')
                else:
                    bad(r, j + 1, f'"{_text(v)}" is not a number (score of "{opt_names[-1]}" on "{names[j]}")')
                x = 0.0
            row_vals.append(x)
        values.append(row_vals)
        for extra in range(n + 1, len(rows[r])):
            if _text(rows[r][extra]) != "":
                bad(r, extra, "a value beyond the last criterion column; give the column a criterion name")
                break

    scales: list[tuple[float, float] | None] = [None] * n
    for j in range(n):
        lo = mins[j] if mins else None
        hi = maxs[j] if maxs else None
        if (lo is None) != (hi is None):
            r = label_rows["#min" if lo is None else "#max"]
            bad(r, j + 1, f'give both #min and #max for "{names[j]}", or neither (then its observed range is used)')
        elif lo is not None and hi is not None:
            if not lo < hi:
                bad(label_rows["#max"], j + 1, f"the maximum {hi:g} must be above the minimum {lo:g}")
            else:
                scales[j] = (lo, hi)
                for i, r in enumerate(option_rows):
                    x = values[i][j]
                    if x < lo:
                        bad(r, j + 1, f"{x:g} is below the declared minimum {lo:g} of \"{names[j]}\"")
                    elif x > hi:
                        bad(r, j + 1, f"{x:g} is above the declared maximum {hi:g} of \"{names[j]}\"")
    for i, r in enumerate(option_rows):
        if not opt_names[i]:
            bad(r, 0, "the option has no name; put its name in column A")
    if problems:
        raise InputError(problems)

    cids_taken: set[str] = set()
    cids = [make_id(nm, cids_taken) for nm in names]
    oids_taken: set[str] = set()
    criteria = []
    for j, nm in enumerate(names):
        c: dict[str, Any] = {"id": cids[j], "name": nm, "definition": "", "direction": directions[j]}
        if scales[j] is not None:
            lo, hi = scales[j]
            c["scale"] = {"min": lo, "max": hi}
            c["anchors"] = [
                {"value": lo, "description": "Scale minimum"},
                {"value": (lo + hi) / 2, "description": "Middle of the scale"},
                {"value": hi, "description": "Scale maximum"},
            ]
        criteria.append(c)
    options = [
        {
            "id": make_id(nm, oids_taken),
            "name": nm,
            "scores": {cids[j]: {"value": x, "low": x, "high": x} for j, x in enumerate(values[i])},
        }
        for i, nm in enumerate(opt_names)
    ]
    if weights is not None:
        profile = {"id": "sheet", "name": "Weights from the spreadsheet",
                   "description": "The #weight row of the imported spreadsheet.",
                   "weights": {cids[j]: float(w or 0.0) for j, w in enumerate(weights)}}
    else:
        profile = {"id": "equal", "name": "Equal weights",
                   "description": "Every criterion weighs the same (the spreadsheet has no #weight row).",
                   "weights": {cid: 1.0 for cid in cids}}
    data = {
        "schema_version": SCHEMA_VERSION,
        "title": title or "Imported table",
        "score_status": f"Imported from the spreadsheet {Path(file).name}: point scores without ranges, "
        "rationale or citations.",
        "criteria": criteria,
        "options": options,
        "profiles": [profile],
    }
    return model_from_dict(data, file)


# --- writing -----------------------------------------------------------------------------------------


def model_to_grid(model: DecisionModel, profile_id: str | None = None) -> list[list[Any]]:
    crits = model.criteria
    prof = model.profile(profile_id) if profile_id else model.profiles[0]
    grid: list[list[Any]] = [["option", *(neutralize(c.name) for c in crits)]]
    grid.append(["#direction", *("max" if c.direction == "benefit" else "min" for c in crits)])
    grid.append(["#weight", *(prof.weights.get(c.id, 0.0) for c in crits)])
    if any(c.scale is not None for c in crits):
        grid.append(["#min", *(c.scale.min if c.scale else None for c in crits)])
        grid.append(["#max", *(c.scale.max if c.scale else None for c in crits)])
    for o in model.options:
        grid.append([neutralize(o.name), *(o.scores[c.id].value for c in crits)])
    return grid


def _num_text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return repr(int(v)) if v.is_integer() and abs(v) < 1e15 else repr(v)
    return str(v)


def grid_to_csv_bytes(grid: list[list[Any]]) -> bytes:
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\r\n")
    for row in grid:
        w.writerow([_num_text(v) if not isinstance(v, str) else v for v in row])
    return buf.getvalue().encode("utf-8-sig")


def grids_to_xlsx_bytes(sheets: dict[str, list[list[Any]]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    wb.remove(wb.active)
    for title, grid in sheets.items():
        ws = wb.create_sheet(title[:31])
        for row in grid:
            ws.append(row)
        for c in ws[1]:
            c.font = Font(bold=True)
        # Strings are already neutralised; make sure openpyxl never stores one as a formula.
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str):
                    c.data_type = "s"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def write_table(model: DecisionModel, path: str | Path, profile_id: str | None = None) -> None:
    p = Path(path)
    grid = model_to_grid(model, profile_id)
    suffix = p.suffix.lower()
    if suffix == ".csv":
        atomic_write_bytes(p, grid_to_csv_bytes(grid))
    elif suffix == ".xlsx":
        atomic_write_bytes(p, grids_to_xlsx_bytes({"model": grid}))
    else:
        raise InputError("choose a .csv or .xlsx file name for the spreadsheet", str(p))


def results_grids(model: DecisionModel, compiled, method: str, weights, scores, ranks, low, high,
                  profile_id: str | None) -> dict[str, list[list[Any]]]:
    """Ranking, weights and matrix as grids of cells (text neutralised), for XLSX sheets or CSV sections."""
    import pandas as pd

    ranking = pd.DataFrame({
        "rank": ranks, "option": [neutralize(n) for n in compiled.option_names], "score": scores,
        "low": low if low is not None else scores, "high": high if high is not None else scores,
    }).sort_values(["rank", "option"], kind="stable")
    prof = model.profile(profile_id) if profile_id else None
    weights_df = pd.DataFrame({
        "criterion": [neutralize(n) for n in compiled.criterion_names],
        "direction": ["cost" if c else "benefit" for c in compiled.is_cost],
        "weight": weights,
    })
    head = [["method", method], ["weights from", neutralize(prof.name) if prof else "custom weights"]]
    return {
        "ranking": [list(ranking.columns), *ranking.itertuples(index=False, name=None)],
        "weights": [*head, list(weights_df.columns), *weights_df.itertuples(index=False, name=None)],
        "matrix": model_to_grid(model, profile_id),
    }


def write_results_table(path: str | Path, model: DecisionModel, compiled, method: str, weights, scores, ranks,
                        low, high, profile_id: str | None) -> None:
    """Write the results: an .xlsx with three sheets, or one .csv with three titled sections."""
    p = Path(path)
    grids = results_grids(model, compiled, method, weights, scores, ranks, low, high, profile_id)
    clean = {k: [[v.item() if hasattr(v, "item") else v for v in row] for row in g] for k, g in grids.items()}
    if p.suffix.lower() == ".xlsx":
        atomic_write_bytes(p, grids_to_xlsx_bytes(clean))
    elif p.suffix.lower() == ".csv":
        rows: list[list[Any]] = []
        for title, g in clean.items():
            rows += [[f"# {title}"], *g, []]
        atomic_write_bytes(p, grid_to_csv_bytes(rows))
    else:
        raise InputError("choose a .csv or .xlsx file name", str(p))
