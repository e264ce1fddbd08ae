"""Spreadsheets (.csv, .xlsx) in and out, as plain data: this module reads files into model dictionaries
and writes models into files; `loading` validates the dictionaries into a `DecisionModel`.

The matrix layout (a .csv, or the first sheet of an .xlsx): a header row ``option,<criterion name>,...``;
then label rows whose first cell is ``#direction`` (required: max/min or benefit/cost per criterion), and
optionally ``#weight``, ``#min``, ``#max`` (the declared scale; where absent, the observed range); then one
row per option. Optionally a ``#short`` row gives the criteria's short names and a column headed ``short name``
(anywhere after column A) the options'; those not given are made from the names (`short_names`). CSV may be
written as Excel writes it: UTF-8 with a byte-order mark (or Windows-1252),
``;`` separators and decimal commas. An .xlsx written by `write_table` carries the whole model: after the
matrix, the sheets of `sheets` (ranges, evidence, criteria, profiles, sources, the model's details) and of
`tree_sheets` (the value tree) and `workshop_sheets` (participants and their rounds).

Errors name the cell (``C7``; ``Ranges!D7`` in a workbook). Text written out that begins with = + - @ is
prefixed with ' so that a spreadsheet shows it as text instead of running it as a formula; reading strips
that prefix again. openpyxl is imported only when an .xlsx is read (`workbook`) or written, pandas only when one is written.
This module must not import `loading` (loading imports it).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from decision_app.core import sheets, tree_sheets, workshop_sheets
from decision_app.core.atomic import atomic_write_bytes
from decision_app.core.cells import (
    Grid,
    Percent,
    cell,
    is_percent,
    neutralize,
    number,
    number_text,
    percent_format,
    percent_points,
    raw_text,
    row_is_empty,
    text,
    tidy,
)
from decision_app.core.columns import is_notes_word, split_answers
from decision_app.core.errors import (
    InputError,
    LacksDirectionsError,
    MissingDirectionsError,
    Problem,
    TextColumnsError,
)
from decision_app.core.limits import MAX_TEXT, TableCounter, grid_problems
from decision_app.core.schema import SCHEMA_VERSION, Criterion, DecisionModel, Option, make_id
from decision_app.core.short_names import make_short_names, short_name_problems
from decision_app.core.workbook import read_workbook

if TYPE_CHECKING:
    import numpy as np

    from decision_app.core.compiled import CompiledModel

__all__ = ["COMMA_CSV", "SEMICOLON_CSV", "TABLE_SUFFIXES", "CsvDialect", "csv_dialect", "left_out_of_csv", "read_grids",
           "read_table_data",
           "write_results_table", "write_table"]

TABLE_SUFFIXES = (".csv", ".xlsx")
LABELS = ("#direction", "#weight", "#min", "#max", "#short")
DIRECTIONS = {"max": "benefit", "benefit": "benefit", "min": "cost", "cost": "cost"}
MATRIX_SHEET = "Matrix"
MATRIX_SHEET_NAMES = ("matrix", "model")  # "model": the sheet name older versions wrote
NOTES_HEADER = "notes"  # the column a .csv export writes the options' notes (summaries) in
SHORT_NAME_HEADER = "short name"  # the options' short names: a column (the criteria's: a #short row)
SHORT_NAME_HEADERS = ("short name", "short_name", "short names", "short")


# --- reading -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CsvDialect:
    """How a .csv is written: separator, decimal mark, text encoding and line ending. A model read from a
    .csv keeps its dialect for the session (not in the model file) so that exporting writes it back the same
    way; the window picks the locale's dialect for others. This module knows no locale: callers choose."""

    delimiter: str = ","
    decimal: str = "."
    encoding: str = "utf-8-sig"  # "utf-8-sig" (with a byte-order mark, as Excel writes), "utf-8" or "cp1252"
    newline: str = "\r\n"


COMMA_CSV = CsvDialect()
SEMICOLON_CSV = CsvDialect(";", ",")  # Excel's CSV where the decimal separator is a comma
_DECIMAL_COMMA = re.compile(r"^[+-]?\d*,\d+$")
_DECIMAL_POINT = re.compile(r"^[+-]?\d*\.\d+(?:[eE][+-]?\d+)?$")


def _decode_csv(raw: bytes) -> tuple[str, str]:
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw.decode("utf-8-sig", errors="replace"), "utf-8-sig"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace"), "cp1252"


def _read_csv_grid(raw: bytes, file: str) -> tuple[Grid, CsvDialect]:
    decoded, encoding = _decode_csv(raw)
    sample = decoded[:8192]
    try:
        delim = csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        first = sample.splitlines()[0] if sample else ""
        delim = max((",", ";", "\t"), key=first.count)
    rows: Grid = []
    counter = TableCounter(file)
    reader = csv.reader(io.StringIO(decoded, newline=""), delimiter=delim)
    try:
        for r, row in enumerate(reader):
            counter.row(r, len(row))
            rows.append(row)
    except csv.Error as exc:
        too_long = "field limit" in str(exc)
        raise InputError(f"a cell holds more than {MAX_TEXT:,} characters (the limit)" if too_long else
                         f"not a readable .csv ({exc})", file, f"line {reader.line_num}") from None
    problems = grid_problems(rows, file, None)
    if problems:
        raise InputError(problems)
    # The decimal mark the numbers were written with; with no fractions to tell, a ; file is taken as
    # Excel's where the decimal separator is a comma.
    cells = [v.strip() for row in rows[1:] for v in row[1:]]
    if delim != "," and any(_DECIMAL_COMMA.match(v) for v in cells):
        decimal = ","
    elif any(_DECIMAL_POINT.match(v) for v in cells):
        decimal = "."
    else:
        decimal = "," if delim == ";" else "."
    newline = "\r\n" if "\r\n" in sample or not sample.count("\n") else "\n"
    return rows, CsvDialect(delim, decimal, encoding, newline)


def csv_dialect(raw: bytes, file: str = "<table>") -> CsvDialect:
    """The dialect a .csv's bytes are written in (the one `write_table` should write it back in)."""
    return _read_csv_grid(raw, file)[1]


def read_table_data(raw: bytes, suffix: str, file: str, title: str,
                    directions: Mapping[str, str] | None = None, notices: list[str] | None = None,
                    places: dict[tuple[int, int], dict[str, str]] | None = None) -> dict[str, Any]:
    """A spreadsheet's bytes as a model dictionary (not yet validated). Raises InputError naming cells,
    `TextColumnsError` when columns of text may be notes or criteria, or `MissingDirectionsError` when the only
    thing missing is some criteria's direction: then call again with the answers in `directions` ({criterion
    name: "benefit" | "cost"}, max/min accepted too; {column name: "notes" | "criterion"}, `columns`) to
    complete the import. What the reading decided on its own (a column of notes it recognised) is appended to
    `notices`, in words for the user; `places` receives the cells of the workshop's rounds
    (`workshop_sheets.cell_of_round`)."""
    if suffix.lower() == ".xlsx":
        book = read_workbook(raw, file)
        if not book:
            raise InputError("the workbook has no sheets", file)
        by_name = {name.strip().lower(): name for name in book}
        matrix_name = next((by_name[k] for k in MATRIX_SHEET_NAMES if k in by_name), next(iter(book)))
        matrix = parse_matrix(book[matrix_name], file, matrix_name, directions=directions)
        if notices is not None:
            notices.extend(matrix.notices)
        data = matrix_dict(matrix, file, title)
        extra = {name: grid for name, grid in book.items() if name != matrix_name}
        sheets.apply_sheets(data, extra, file, matrix.weights)
        tree_sheets.apply_objective_sheets(data, extra, file)
        return workshop_sheets.apply_participant_sheets(data, extra, file, places)
    grid, dialect = _read_csv_grid(raw, file)
    matrix = parse_matrix(grid, file, None, dialect.delimiter != ",", directions)
    if notices is not None:
        notices.extend(matrix.notices)
    return matrix_dict(matrix, file, title)


def read_grids(raw: bytes, suffix: str, file: str) -> list[tuple[str | None, Grid, bool]]:
    """Every table of a .csv (one, no sheet name) or .xlsx (each sheet) as (sheet name, grid, decimal comma):
    the same readers as the matrix, for other layouts (`intake`'s points tables)."""
    if suffix.lower() == ".xlsx":
        return [(name, grid, False) for name, grid in read_workbook(raw, file).items()]
    grid, dialect = _read_csv_grid(raw, file)
    return [(None, grid, dialect.decimal == ",")]


@dataclass
class Matrix:
    """The matrix layout, parsed: names in column and row order, and the numbers under them."""

    names: list[str]
    directions: list[str]
    weights: list[float] | None
    scales: list[tuple[float, float] | None]
    option_names: list[str]
    values: list[list[float]]
    notes: list[str] | None = None  # per option, from a Comment / Notes / Remarks column ("" for none)
    title: str = ""  # a title row above the header (`_title_above`), "" for none
    short_names: list[str | None] | None = None  # per criterion, from a #short row (None: an empty cell)
    option_short_names: list[str | None] | None = None  # per option, from a "short name" column
    percent: list[bool] | None = None  # per criterion: a column of percentages, its values in percent points
    notices: list[str] = field(default_factory=list)  # what the reading decided that the user should hear of


def parse_matrix(grid: Grid, file: str, sheet: str | None, decimal_comma: bool = False,
                 directions: Mapping[str, str] | None = None) -> Matrix:
    """Read the matrix layout; every bad cell is reported (by its address) before anything is built.
    `directions` completes a table without a #direction row (or with empty cells in it)."""
    problems: list[Problem] = []
    missing: list[Problem] = []  # directions nobody gave: the one problem the window can ask about

    def bad(r: int, c: int, msg: str) -> None:
        problems.append(Problem(file, cell(r, c, sheet), msg))

    rows = [list(r) for r in grid]
    while rows and row_is_empty(rows[-1]):
        rows.pop()
    if not rows:
        raise InputError("the spreadsheet is empty; see the README for the layout (header row option,<criteria>)",
                         file)
    # The header is the first row starting with "option": rows above it (a title, a blank row, a note, as
    # people put above a table) are not part of the matrix.
    top = next((r for r, row in enumerate(rows) if row and text(row[0]).lower() in ("option", "options")), None)
    if top is None:
        at = next(r for r, row in enumerate(rows) if not row_is_empty(row))
        raise InputError('no header row: the row that names the criteria must start with "option" in column A, '
                         "followed by one criterion name per column (rows above it, such as a title, are skipped)",
                         file, cell(at, 0, sheet))
    title = _title_above(rows[:top])
    header = rows[top]
    while header and text(header[-1]) == "":
        header.pop()
    if len(header) < 2:
        raise InputError("no criteria: put criterion names in the header row after \"option\"", file,
                         cell(top, 1, sheet))

    label_rows: dict[str, int] = {}
    option_rows: list[int] = []
    for r in range(top + 1, len(rows)):
        if row_is_empty(rows[r]):
            continue
        first = text(rows[r][0] if rows[r] else "")
        if first.startswith("#"):
            lab = first.lower()
            if lab not in LABELS:
                bad(r, 0, f'unknown row label "{first}"; use #direction, #weight, #min, #max or #short')
            elif lab in label_rows:
                bad(r, 0, f'"{lab}" appears twice (also row {label_rows[lab] + 1})')
            else:
                label_rows[lab] = r
        else:
            option_rows.append(r)

    def val(r: int, j: int) -> Any:
        row = rows[r]
        return row[j] if j < len(row) else None

    # A column headed "short name" with nothing in the label rows holds the options' short names.
    short_col = next((c for c in range(1, len(header)) if " ".join(text(header[c]).lower().split())
                      in SHORT_NAME_HEADERS and all(text(val(r, c)) == "" for r in label_rows.values())), None)
    # A column of text is never taken silently (`columns`): notes when the caller says so, or when its header is
    # a word for notes and its label rows are empty (then a notice says so); any other column of words with empty
    # label rows (`_all_words`) is a question for the caller, unless it was answered "criterion".
    directions, notes_given, criteria_given = split_answers(directions)
    notices: list[str] = []
    note_cols: list[int] = []
    unasked: list[int] = []  # columns of text nobody has said are notes or criteria
    for c in range(1, len(header)):
        key = text(header[c]).lower()
        if c == short_col:
            continue
        if key in notes_given:
            note_cols.append(c)
        elif key in criteria_given or any(text(val(r, c)) != "" for r in label_rows.values()):
            continue
        elif is_notes_word(key):
            note_cols.append(c)
            notices.append(f'"{text(header[c])}" ({cell(top, c, sheet)}) read as notes on the options, not a '
                           "criterion (a #direction in it makes it one)")
        elif _all_words([val(r, c) for r in option_rows], decimal_comma):
            unasked.append(c)
    headers_lower = {text(header[c]).lower() for c in range(1, len(header))}
    for name in sorted((notes_given | criteria_given) - headers_lower):
        problems.append(Problem(file, "", f'the column "{name}" was named as notes or a criterion, but the header '
                                f"has no such column (the columns: {', '.join(text(h) for h in header[1:])})"))
    cols = [c for c in range(1, len(header)) if c not in note_cols and c != short_col]  # the criteria's columns
    names = [text(header[c]) for c in cols]
    if not names:
        raise InputError("no criteria: put criterion names in the header row after \"option\"", file,
                         cell(top, 1, sheet))
    for j, nm in zip(cols, names, strict=True):
        if not nm:
            bad(top, j, "empty criterion name; name every criterion column")
    seen: dict[str, int] = {}
    for j, nm in zip(cols, names, strict=True):
        if nm and nm.lower() in seen:
            bad(top, j, f'the criterion name "{nm}" is used twice (also in {cell(top, seen[nm.lower()], sheet)})')
        seen.setdefault(nm.lower(), j)
    n = len(names)

    given = _given_directions(directions, names, file, problems)
    direction_of: list[str | None] = [None] * n
    dir_row = label_rows.get("#direction")
    for j in range(n):
        t = text(val(dir_row, cols[j])) if dir_row is not None else ""
        where = cell(dir_row, cols[j], sheet) if dir_row is not None else cell(top + 1, 0, sheet)
        other = given.get(names[j].lower())
        if t.lower() in DIRECTIONS:
            direction_of[j] = DIRECTIONS[t.lower()]
            if other is not None and other != direction_of[j]:
                problems.append(Problem(file, where, f'the table makes "{names[j]}" a {direction_of[j]} criterion, '
                                        f"but it was given as a {other} criterion"))
        elif t:
            problems.append(Problem(file, where, f'direction "{t}" is not max, min, benefit or cost'))
        elif other is not None:
            direction_of[j] = other
        elif dir_row is not None:
            missing.append(Problem(file, where, f'no direction for "{names[j]}": write max or min (or benefit or '
                                   "cost)"))
    if dir_row is None and any(d is None for d in direction_of):
        missing.insert(0, Problem(file, cell(top + 1, 0, sheet), 'no "#direction" row: add a row starting with #direction '
                                  "and max/min (or benefit/cost) under each criterion"))
    directions_found = [d or "benefit" for d in direction_of]

    # A column of percentages ("55%", as Excel writes a percentage to a .csv) keeps its percent points (55, unit
    # %), not the fraction (0.55); a plain number among them is refused, not guessed.
    percent = [any(is_percent(val(r, cols[j])) for r in option_rows) for j in range(n)]

    def numbers_row(label: str, allow_empty: bool, in_percent: bool = False) -> list[float | None] | None:
        """The numbers of a label row; with `in_percent`, "100%" in a percentage column is 100 (its points)."""
        if label not in label_rows:
            return None
        r = label_rows[label]
        out: list[float | None] = []
        for j in range(n):
            v = val(r, cols[j])
            if text(v) == "" and allow_empty:
                out.append(None)
                continue
            x = percent_points(v, decimal_comma) if in_percent and percent[j] and is_percent(v) else number(v, decimal_comma)
            if x is None:
                bad(r, cols[j], f'"{text(v)}" is not a number ({label[1:]} of "{names[j]}")')
            out.append(x)
        return out

    short_row = label_rows.get("#short")
    short_names = None if short_row is None else [raw_text(val(short_row, c)) or None for c in cols]
    weights = numbers_row("#weight", allow_empty=False)
    mins = numbers_row("#min", allow_empty=True, in_percent=True)
    maxs = numbers_row("#max", allow_empty=True, in_percent=True)
    if weights is not None:
        for j, w in enumerate(weights):
            if w is not None and w < 0:
                bad(label_rows["#weight"], cols[j], f"weight {number_text(w)} is negative; weights are 0 or more")
        if all(w is not None for w in weights) and not any((w or 0) > 0 for w in weights):
            bad(label_rows["#weight"], cols[0], "every weight is zero; give at least one criterion a positive weight")

    if not option_rows:
        problems.append(Problem(file, cell(len(rows), 0, sheet), "no option rows: add one row per option under "
                                "the label rows, its name in column A"))
    values: list[list[float]] = []
    opt_names: list[str] = []
    notes: list[str] = []
    option_short: list[str | None] = []
    for r in option_rows:
        opt_names.append(text(val(r, 0)))
        option_short.append(raw_text(val(r, short_col)) or None if short_col is not None else None)
        notes.append("; ".join(raw_text(val(r, c)).strip() for c in note_cols if text(val(r, c))))
        row_vals = []
        for j in range(n):
            v = val(r, cols[j])
            x = (percent_points(v, decimal_comma) if is_percent(v) else None) if percent[j] else number(v, decimal_comma)
            if x is None and percent[j] and number(v, decimal_comma) is not None:
                bad(r, cols[j], f'"{text(v)}" has no % sign, but the other scores of "{names[j]}" are percentages: '
                    f'write it as one ("{text(v)}%" if you mean {text(v)} percent)')
                x = 0.0
            if x is None:
                if text(v) == "":
                    bad(r, cols[j], f'empty: option "{opt_names[-1]}" needs a score for "{names[j]}"')
                else:
                    bad(r, cols[j], f'"{text(v)}" is not a number (score of "{opt_names[-1]}" on "{names[j]}")')
                x = 0.0
            row_vals.append(x)
        values.append(row_vals)
        for extra in range(len(header), len(rows[r])):
            if text(rows[r][extra]) != "":
                bad(r, extra, "a value beyond the last criterion column; give the column a criterion name")
                break

    scales: list[tuple[float, float] | None] = [None] * n
    for j in range(n):
        lo = mins[j] if mins else None
        hi = maxs[j] if maxs else None
        if (lo is None) != (hi is None):
            blank, filled = ("#min", "#max") if lo is None else ("#max", "#min")
            r = label_rows.get(blank, label_rows[filled])  # the empty cell, or the filled one when its row is missing
            bad(r, cols[j], f'give both #min and #max for "{names[j]}", or neither (then its observed range is used)')
        elif lo is not None and hi is not None:
            if not lo < hi:
                bad(label_rows["#max"], cols[j], f"the maximum {number_text(hi)} must be above the minimum {number_text(lo)}")
            else:
                scales[j] = (lo, hi)
                for i, r in enumerate(option_rows):
                    x = values[i][j]
                    if x < lo:
                        bad(r, cols[j], f"{number_text(x)} is below the declared minimum {number_text(lo)} of \"{names[j]}\"")
                    elif x > hi:
                        bad(r, cols[j], f"{number_text(x)} is above the declared maximum {number_text(hi)} of \"{names[j]}\"")
    for i, r in enumerate(option_rows):
        if not opt_names[i]:
            bad(r, 0, "the option has no name; put its name in column A")
    if short_row is not None and short_names is not None:
        problems += short_name_problems(short_names, [cell(short_row, c, sheet) for c in cols], "criteria", file)
    if short_col is not None:
        problems += short_name_problems(option_short, [cell(r, short_col, sheet) for r in option_rows], "options",
                                        file)
    if unasked:  # what the columns of text are comes first: a column of notes needs no direction
        text_places = {cell(r, c, sheet) for c in unasked for r in range(top, len(rows))}
        in_text = [p for p in problems if p.place in text_places]
        others = [p for p in problems if p.place not in text_places]
        leads = [Problem(file, cell(top, c, sheet), f'the column "{text(header[c])}" holds text, not scores: notes on '
                         "the options, or a criterion (whose cells then need numbers)?") for c in unasked]
        raise TextColumnsError([*leads, *in_text], others, file, [text(header[c]) for c in unasked])
    undirected = [nm for nm, d in zip(names, direction_of, strict=True) if d is None]
    if problems and missing:  # the cells to fix first; the directions can be asked for afterwards
        raise LacksDirectionsError(problems, missing, file, undirected)
    if problems:
        raise InputError(problems)
    if missing:
        raise MissingDirectionsError(missing, file, undirected)
    return Matrix(names, directions_found, None if weights is None else [w or 0.0 for w in weights], scales, opt_names,
                  values, notes, title, short_names, option_short if short_col is not None else None, percent,
                  notices)


def _all_words(cells: list[Any], decimal_comma: bool) -> bool:
    """A column of text: some cells filled, and none of them a number (a criterion with a stray word among its
    numbers is a criterion, and that word gets its cell's error)."""
    filled = [v for v in cells if text(v) != ""]
    return bool(filled) and all(number(v, decimal_comma) is None for v in filled)


MAX_TITLE = 300  # the model's title, as the schema allows; a longer line above a table is a note


def _title_above(rows: Grid) -> str:
    """The title a person puts above a table: the first non-empty row above the header when it holds one
    piece of text (a cell merged across the table, as Excel makes a title, keeps its text in the first cell),
    else "" (several cells, a number or a paragraph are not a title)."""
    first = next((row for row in rows if not row_is_empty(row)), None)
    if first is None:
        return ""
    filled = [v for v in first if text(v) != ""]
    if len(filled) != 1 or number(filled[0]) is not None:
        return ""
    title = " ".join(text(filled[0]).split())  # a title wrapped onto lines in its cell reads as one line
    return title if len(title) <= MAX_TITLE else ""


def _given_directions(directions: Mapping[str, str] | None, names: list[str], file: str,
                      problems: list[Problem]) -> dict[str, str]:
    """`directions` keyed by lower-case criterion name, as benefit/cost; unknown names and words are problems."""
    out: dict[str, str] = {}
    known = {nm.lower() for nm in names}
    for name, word in (directions or {}).items():
        key = name.strip().lower()
        if key not in known:
            problems.append(Problem(file, "", f'a direction was given for "{name}", but no criterion has that name '
                                    f"(the criteria: {', '.join(names)})"))
        elif word.strip().lower() not in DIRECTIONS:
            problems.append(Problem(file, "", f'the direction "{word}" given for "{name}" is not benefit or cost'))
        else:
            out[key] = DIRECTIONS[word.strip().lower()]
    return out


def generated_anchors(lo: float, hi: float) -> list[dict[str, Any]]:
    """The anchors a spreadsheet's declared scale gets when nothing describes it."""
    return [
        {"value": lo, "description": "Scale minimum"},
        {"value": tidy((lo + hi) / 2), "description": "Middle of the scale"},  # 0.15, not 0.15000000000000002
        {"value": hi, "description": "Scale maximum"},
    ]


def matrix_dict(matrix: Matrix, file: str, title: str) -> dict[str, Any]:
    """The model a bare matrix describes: point scores, generated ids and anchors, one weight profile. Its
    title is the sheet's title row, else `title` (the file's name). Options and criteria take the short names
    the table gives (a "short name" column, a #short row); those without get distinct ones made from their
    names (`short_names`), so that the charts can tell them apart."""
    crit_short = make_short_names(matrix.names, matrix.short_names)
    opt_short = make_short_names(matrix.option_names, matrix.option_short_names)
    cids_taken: set[str] = set()
    cids = [make_id(nm, cids_taken) for nm in matrix.names]
    oids_taken: set[str] = set()
    criteria = []
    for j, nm in enumerate(matrix.names):
        c: dict[str, Any] = {"id": cids[j], "name": nm, "short_name": crit_short[j], "definition": "",
                             "direction": matrix.directions[j]}
        if matrix.percent and matrix.percent[j]:
            c["unit"] = "%"
        scale = matrix.scales[j]
        if scale is not None:
            c["scale"] = {"min": scale[0], "max": scale[1]}
            c["anchors"] = generated_anchors(*scale)
        criteria.append(c)
    options = [
        {
            "id": make_id(nm, oids_taken),
            "name": nm,
            "short_name": opt_short[i],
            **({"summary": matrix.notes[i]} if matrix.notes and matrix.notes[i] else {}),
            "scores": {cids[j]: {"value": x, "low": x, "high": x} for j, x in enumerate(matrix.values[i])},
        }
        for i, nm in enumerate(matrix.option_names)
    ]
    if matrix.weights is not None:
        profile = {"id": "sheet", "name": "Weights from the spreadsheet",
                   "description": "The #weight row of the imported spreadsheet.",
                   "weights": {cids[j]: w for j, w in enumerate(matrix.weights)}}
    else:
        profile = {"id": "equal", "name": "Equal weights",
                   "description": "Every criterion weighs the same (the spreadsheet has no #weight row).",
                   "weights": {cid: 1.0 for cid in cids}}
    return {
        "schema_version": SCHEMA_VERSION,
        "title": matrix.title or title or "Imported table",
        "score_status": f"Imported from the spreadsheet {Path(file).name}: point scores without ranges, "
        "rationale or citations.",
        "criteria": criteria,
        "options": options,
        "profiles": [profile],
    }


# --- writing -----------------------------------------------------------------------------------------


def model_to_grid(model: DecisionModel, profile_id: str | None = None, notes: bool = False) -> Grid:
    """The matrix layout of the model. A criterion whose unit is % writes its numbers as percentages (`Percent`);
    with `notes`, the options' summaries follow the criteria in a column headed "notes" (when any option has one)."""
    crits = model.criteria
    prof = model.profile(profile_id) if profile_id else model.profiles[0]

    def num(c: Criterion, x: float | None) -> float | None:
        return Percent(x) if x is not None and c.unit.strip() == "%" else x

    # Short names, when the model has any of its own: the criteria's in a #short row, the options' in a "short
    # name" column after the criteria (an empty cell: none; an import makes one from the name). Short names that
    # are exactly those an import makes from the names are left out, so a table read and written back is
    # unchanged. With `notes`, the options' summaries follow the criteria in a column of their own.
    opt_short = _own_short_names(model.options)
    with_notes = notes and any(o.summary for o in model.options)
    tail: list[Any] = [None] * (bool(opt_short) + with_notes)
    grid: Grid = [["option", *(neutralize(c.name) for c in crits), *([NOTES_HEADER] if with_notes else []),
                   *([SHORT_NAME_HEADER] if opt_short else [])]]
    grid.append(["#direction", *("max" if c.direction == "benefit" else "min" for c in crits), *tail])
    grid.append(["#weight", *(prof.weights.get(c.id, 0.0) for c in crits), *tail])
    if any(c.scale is not None for c in crits):
        grid.append(["#min", *(num(c, c.scale.min if c.scale else None) for c in crits), *tail])
        grid.append(["#max", *(num(c, c.scale.max if c.scale else None) for c in crits), *tail])
    if _own_short_names(crits):
        grid.append(["#short", *(neutralize(c.short_name) if c.short_name else None for c in crits), *tail])
    for o in model.options:
        grid.append([neutralize(o.name), *(num(c, o.scores[c.id].value) for c in crits),
                     *([neutralize(o.summary)] if with_notes else []),
                     *([neutralize(o.short_name) if o.short_name else None] if opt_short else [])])
    return grid


def _own_short_names(items: Sequence[Option | Criterion]) -> bool:
    """Whether the items have short names other than those an import makes from their names."""
    shorts = [x.short_name for x in items]
    return any(shorts) and shorts != make_short_names([x.name for x in items])


def grid_to_csv_bytes(grid: Grid, dialect: CsvDialect = COMMA_CSV) -> bytes:
    """Cells as CSV in `dialect`; numbers as the shortest text that reads back the same. Text that the
    dialect's encoding (Windows-1252) cannot hold is written as UTF-8 with a byte-order mark instead."""
    buf = io.StringIO(newline="")
    w = csv.writer(buf, delimiter=dialect.delimiter, lineterminator=dialect.newline)
    for row in grid:
        w.writerow(["" if v is None else v if isinstance(v, str) else number_text(float(v), dialect.decimal) + "%"
                    if isinstance(v, Percent) else number_text(v, dialect.decimal) for v in row])
    try:
        return buf.getvalue().encode(dialect.encoding)
    except UnicodeEncodeError:
        return buf.getvalue().encode("utf-8-sig")


def grids_to_xlsx_bytes(book: dict[str, Grid]) -> bytes:
    """Write grids (text already neutralised) as sheets, in order, the first row of each in bold."""
    import pandas as pd
    from openpyxl.styles import Font

    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        for title, grid in book.items():
            name = title[:31]
            width = max((len(row) for row in grid), default=0)
            padded = [[*row, *([None] * (width - len(row)))] for row in grid]
            pd.DataFrame(padded, dtype=object).to_excel(writer, sheet_name=name, header=False, index=False)
            ws = writer.sheets[name]
            for row in ws.iter_rows():
                for c in row:
                    if c.row == 1:
                        c.font = Font(bold=True)
                    if isinstance(c.value, str):
                        c.data_type = "s"  # never a formula, whatever the text
                    given = padded[c.row - 1][c.column - 1] if c.row <= len(padded) else None
                    if isinstance(given, Percent):  # shown as a percentage, stored as Excel does: 55 % is 0.55
                        c.value = tidy(float(given) / 100)
                        c.number_format = percent_format(float(given))
    return buf.getvalue()


def left_out_of_csv(model: DecisionModel, path: str | Path | None = None) -> list[str]:
    """What a .csv (the bare matrix) cannot carry of this model, in words; empty when it carries it all.
    The title is reported when it differs from the name of the file at `path` (which import takes)."""
    scores = [o.scores[c.id] for o in model.options for c in model.criteria]
    taken: set[str] = set()
    same_criterion_ids = [make_id(c.name.strip(), taken) for c in model.criteria] == model.criterion_ids()
    taken = set()
    same_option_ids = [make_id(o.name.strip(), taken) for o in model.options] == model.option_ids()
    out = [
        what for what, present in (
            ("ranges", any(s.low != s.value or s.high != s.value for s in scores)),
            ("rationales", any(s.rationale for s in scores)),
            ("citations", any(s.citations for s in scores)),
            # a score with outcomes goes in as its expected value, a plain score when read back
            ("outcomes and likelihoods", any(o.conditions for o in model.options)),
            # summaries go in a notes column, which reads them back without their outer spaces
            ("option summaries", any(o.summary != o.summary.strip() for o in model.options)),
            ("option sources", any(o.sources for o in model.options)),
            ("definitions", any(c.definition for c in model.criteria)),
            ("units", any(c.unit and c.unit.strip() != "%" for c in model.criteria)),  # % shows in the cells
            ("anchors", any(c.anchors and (c.scale is None or [a.model_dump() for a in c.anchors]
                                           != generated_anchors(c.scale.min, c.scale.max)) for c in model.criteria)),
            ("value functions", any(c.value_function is not None for c in model.criteria)),
            ("preference thresholds", any(c.preference is not None for c in model.criteria)),
            ("ids", not (same_criterion_ids and same_option_ids)),
            ("sources", bool(model.sources)),
            ("title", path is not None and model.title != Path(path).stem),
            ("author", bool(model.author)),
            ("classification", model.classification != DecisionModel.model_fields["classification"].default),
            ("description", bool(model.description)),
            ("score status", bool(model.score_status)),
            ("session", model.session is not None),
            ("objectives (the value tree)", bool(model.objectives)),
        ) if present
    ]
    if len(model.profiles) > 1:
        out.append(f"{len(model.profiles) - 1} profile{'s' if len(model.profiles) > 2 else ''}")
    return out


def _check_names_read_back(model: DecisionModel, file: str, whole_model: bool) -> None:
    """Refuse to write a spreadsheet that could not be read back: names must not be blank, an option's must not
    start with # (a row label), a table tells criteria apart by name (any case), and a workbook's sheets tell
    options apart by name too."""
    problems: list[Problem] = []
    for what, items in (("criteria", model.criteria), ("options", model.options)):
        for item in items:
            name = text(item.name)
            if not name:
                problems.append(Problem(file, "", f"the name of the {what[:-1] if what == 'options' else 'criterion'} "
                                        f"{item.id} is blank; a spreadsheet needs a name: give it one, then export"))
            elif what == "options" and name.startswith("#"):
                problems.append(Problem(file, "", f'the option name "{name}" ({item.id}) would read back as a row '
                                        "label (#direction, #weight, ...): rename it, then export"))
    for what, items, key in (("criteria", model.criteria, lambda n: n.strip().lower()),
                             *((("options", model.options, lambda n: n.strip()),) if whole_model else ())):
        first: dict[str, str] = {}
        for item in items:
            k = key(item.name)
            if k in first:
                problems.append(Problem(file, "", f'two {what} are named "{item.name.strip()}" (ids {first[k]} and '
                                        f"{item.id}); a spreadsheet tells {what} apart by name: rename one, then "
                                        "export"))
            first.setdefault(k, item.id)
    if problems:
        raise InputError(problems)


def write_table(model: DecisionModel, path: str | Path, profile_id: str | None = None,
                dialect: CsvDialect = COMMA_CSV) -> list[str]:
    """Write the model as a spreadsheet: an .xlsx carries all of it, a .csv only the matrix (whose #weight
    row holds `profile_id`'s weights, the first profile's by default), in `dialect`. Returns what the file
    left out."""
    p = Path(path)
    grid = model_to_grid(model, profile_id)
    suffix = p.suffix.lower()
    if suffix in TABLE_SUFFIXES:
        _check_names_read_back(model, str(p), whole_model=suffix == ".xlsx")
    if suffix == ".csv":
        atomic_write_bytes(p, grid_to_csv_bytes(model_to_grid(model, profile_id, notes=True), dialect))
        return left_out_of_csv(model, p)
    if suffix == ".xlsx":
        atomic_write_bytes(p, grids_to_xlsx_bytes({MATRIX_SHEET: grid, **sheets.model_to_sheets(model),
                                                    **tree_sheets.objective_sheets(model),
                                                    **workshop_sheets.participant_sheets(model)}))
        return []
    raise InputError("choose a .csv or .xlsx file name for the spreadsheet", str(p))


def results_grids(model: DecisionModel, compiled: CompiledModel, method: str, weights: np.ndarray,
                  scores: np.ndarray, ranks: np.ndarray, low: np.ndarray | None, high: np.ndarray | None,
                  profile_id: str | None) -> dict[str, Grid]:
    """Ranking, weights and matrix as grids of cells (text neutralised), for XLSX sheets or CSV sections.
    Computed numbers (scores, normalised weights) lose their floating-point noise; the matrix is as entered."""
    import pandas as pd

    def computed(xs: np.ndarray) -> list[float]:
        return [tidy(float(x)) for x in xs]

    ranking = pd.DataFrame({
        "rank": ranks, "option": [neutralize(n) for n in compiled.option_names], "score": computed(scores),
        "low": computed(low if low is not None else scores), "high": computed(high if high is not None else scores),
    }).sort_values(["rank", "option"], kind="stable")
    prof = model.profile(profile_id) if profile_id else None
    weights_df = pd.DataFrame({
        "criterion": [neutralize(n) for n in compiled.criterion_names],
        "direction": ["cost" if c else "benefit" for c in compiled.is_cost],
        "weight": computed(weights),
    })
    head: Grid = [["method", method], ["weights from", neutralize(prof.name) if prof else "custom weights"]]
    return {
        "ranking": [list(ranking.columns), *(list(r) for r in ranking.itertuples(index=False, name=None))],
        "weights": [*head, list(weights_df.columns), *(list(r) for r in weights_df.itertuples(index=False, name=None))],
        "matrix": model_to_grid(model, profile_id),
    }


def write_results_table(path: str | Path, model: DecisionModel, compiled: CompiledModel, method: str,
                        weights: np.ndarray, scores: np.ndarray, ranks: np.ndarray, low: np.ndarray | None,
                        high: np.ndarray | None, profile_id: str | None, dialect: CsvDialect = COMMA_CSV) -> None:
    """Write the results: an .xlsx with three sheets, or one .csv (in `dialect`) with three titled sections.
    Computed numbers (scores, normalised weights) lose their floating-point noise (`cells.tidy`)."""
    p = Path(path)
    grids = results_grids(model, compiled, method, weights, scores, ranks, low, high, profile_id)
    clean = {k: [[v.item() if hasattr(v, "item") else v for v in row] for row in g] for k, g in grids.items()}
    if p.suffix.lower() == ".xlsx":
        atomic_write_bytes(p, grids_to_xlsx_bytes(clean))
    elif p.suffix.lower() == ".csv":
        rows: Grid = []
        for title, g in clean.items():
            rows += [[f"# {title}"], *g, []]
        atomic_write_bytes(p, grid_to_csv_bytes(rows, dialect))
    else:
        raise InputError("choose a .csv or .xlsx file name", str(p))
