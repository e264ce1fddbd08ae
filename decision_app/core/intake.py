"""Workshop intake: participants' points read from .csv/.xlsx tables (or filled-in forms) onto a model.

A points table has a header ``participant,<criterion id or name>,...`` with optional ``round`` and ``note``
columns anywhere after the first, then one row per participant: non-negative points on any scale (stored
as entered, normalised when used). A percentage is points too: "50%" and "50 %" are 50 points, never 0.5
(a row is normalised, so points and percentages mean the same). Rows whose points are all empty are unfilled
forms and are skipped. A participant is matched to the model's by code first, then by name or id (any case),
and `Intake.matched` says which rows matched whom; anyone else is new and gets the next free anonymous code
(or the code the row names, when it is a free one, as a printed form hands out). A new participant is known
by what their row says, never by the code they were given, and no code is handed out that another row names
(rows "p0", "p1", "p2" are three people). A row without a round gives the participant's next round (1 for
someone new).

Every bad cell is reported with its file and address, all of them before anything is built. The printable
form's spreadsheet twin (`form_workbook_bytes`) is written here too, with a Shares sheet stating how each
objective's points split (read back by `read_shares`, so an import applies the split the form printed); its PDF
twin is `report.forms`. A column named with a name an objective shares with a criterion is refused. No Qt,
no reportlab; openpyxl only for writing the form workbook.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from decision_app.core.branch_entry import current_weights
from decision_app.core.cells import Grid, cell, is_empty, neutralize, number, number_text, raw_text, row_is_empty, text
from decision_app.core.errors import InputError, Problem
from decision_app.core.form_items import FORM_INSTRUCTION, FORM_INSTRUCTION_BRANCHES, form_items
from decision_app.core.loading import dump_model, foreign_content, model_from_dict, read_bytes
from decision_app.core.schema import CODE_PATTERN, DecisionModel, make_id
from decision_app.core.tables import TABLE_SUFFIXES, read_grids
from decision_app.core.tree import ValueTree, build_tree

PARTICIPANT_HEADERS = ("participant", "participants")
ROUND, NOTE = "round", "note"
POINTS_SHEET, CRITERIA_SHEET, SHARES_SHEET = "Points", "Criteria", "Shares"
SHARES_HEADER = ("objective id", "criterion id", "criterion", "share")
LAYOUT = ('the first cell of the header row must be "participant", followed by one column per criterion (its id or '
          'name) and, if wanted, "round" and "note"')


@dataclass(frozen=True)
class PointsRow:
    """One participant's row of a points table, with where it is (for messages)."""

    file: str
    place: str  # the participant cell, e.g. "A4" or "Points!A4"
    who: str
    round: int | None
    note: str
    points: dict[str, float]  # criterion id -> points, in the model's criterion order
    by_branch: dict[str, Any] | None = None  # given per branch: `schema.BranchEntry` as a dict, and
    entered: dict[str, float] | None = None  # the points per branch (objective or criterion) as entered


@dataclass(frozen=True)
class Intake:
    """The model with the new rounds, and what was done, for the command line to report."""

    model: DecisionModel
    new_codes: tuple[str, ...]  # participants added
    entered: tuple[tuple[str, int], ...]  # (code, round) of every row taken
    skipped: tuple[str, ...] = field(default_factory=tuple)  # "file: place" of unfilled rows
    matched: tuple[tuple[str, str], ...] = field(default_factory=tuple)  # ("file place", code) of rows matched
    # to a participant the model already had


def parse_points(grid: Grid, model: DecisionModel, file: str, sheet: str | None, decimal_comma: bool,
                 problems: list[Problem],
                 stated: dict[str, dict[str, float]] | None = None) -> tuple[list[PointsRow], list[str]]:
    """The rows of one points table, and the places of the rows skipped as unfilled. Problems are appended
    (every bad cell), and the rows that had one are left out. `stated`: how each objective's points split, as
    the form said when it was printed (its Shares sheet, `read_shares`); None: the model's current weights."""

    def bad(r: int, c: int, msg: str) -> None:
        problems.append(Problem(file, cell(r, c, sheet), msg))

    rows = [list(r) for r in grid]
    while rows and row_is_empty(rows[-1]):
        rows.pop()
    if not rows or text(rows[0][0] if rows[0] else "").lower() not in PARTICIPANT_HEADERS:
        bad(0, 0, LAYOUT)
        return [], []
    header = rows[0]
    by_key: dict[str, str] = {}
    by_name: dict[str, list[str]] = {}  # a name an objective shares with a criterion is refused, never guessed
    for c in model.criteria:
        by_key.setdefault(c.id.lower(), c.id)
        by_name.setdefault(" ".join(c.name.split()).lower(), []).append(c.id)
    for o in model.objectives:  # points per branch: an objective's column stands for its criteria (`_branch_split`)
        by_key.setdefault(o.id.lower(), o.id)
        by_name.setdefault(" ".join(o.name.split()).lower(), []).append(o.id)
    for k, meant in by_name.items():
        by_key.setdefault(k, meant[0] if len(meant) == 1 else "")
    names = {c.id: c.name for c in model.criteria} | {o.id: o.name for o in model.objectives}
    columns: dict[str, int] = {}  # criterion id (or objective id) -> column
    special: dict[str, int] = {}
    for j in range(1, len(header)):
        h = " ".join(text(header[j]).split())
        if not h:
            continue
        key = h.lower()
        if key in (ROUND, NOTE):
            if key in special:
                bad(0, j, f'a second "{key}" column (the first is {cell(0, special[key], sheet)})')
            special.setdefault(key, j)
            continue
        cid = by_key.get(key)
        if cid == "":
            bad(0, j, f'"{h}" names both the criterion "{by_name[key][0]}" and the objective "{by_name[key][1]}"; '
                "head the column with its id")
        elif cid is None:
            bad(0, j, f'"{h}" is not a criterion of the model (its criteria: {", ".join(c.name for c in model.criteria)})'
                + (f'; objectives: {", ".join(o.name for o in model.objectives)}' if model.objectives else ""))
        elif cid in columns:
            bad(0, j, f'a second column for "{names[cid]}" (the first is {cell(0, columns[cid], sheet)})')
        else:
            columns[cid] = j
    split = _branch_split(model, columns, lambda j, msg: bad(0, j, msg), stated)
    if split is None:
        return [], []
    for c in model.criteria:
        if c.id not in columns and c.id not in split.covered:
            bad(0, len(header), f'no column for the criterion "{c.name}"'
                + (" or an objective above it" if model.objectives else "")
                + ": every criterion needs points (0 is allowed)")
    if sum(cid in columns or cid in split.covered for cid in model.criterion_ids()) < len(model.criteria):
        return [], []
    used = {*columns.values(), *special.values(), 0}

    def val(row: list[Any], j: int) -> Any:
        return row[j] if j < len(row) else None

    out: list[PointsRow] = []
    skipped: list[str] = []
    for r in range(1, len(rows)):
        row = rows[r]
        if row_is_empty(row):
            continue
        before = len(problems)
        who = text(val(row, 0))
        shown = who or f"row {r + 1}"
        for j in range(len(row)):
            if j not in used and not is_empty(row[j]):
                bad(r, j, "a value in a column without a header; name the column after a criterion, or remove it")
                break
        unfilled = all(is_empty(val(row, j)) for j in columns.values()) and is_empty(val(row, special.get(NOTE, -1)))
        if unfilled and who:
            skipped.append(f"{file}: {cell(r, 0, sheet)}")  # an unfilled form row
            continue
        if not who:
            bad(r, 0, "empty: give the participant's code or name")
        rnd: int | None = None
        if ROUND in special and not is_empty(val(row, special[ROUND])):
            x = number(val(row, special[ROUND]), decimal_comma)
            if x is None or x != int(x) or not 1 <= x <= 99:
                bad(r, special[ROUND], f'"{text(val(row, special[ROUND]))}" is not a round number (a whole number from '
                    f'1 to 99) (round of "{shown}")')
            else:
                rnd = int(x)
        points: dict[str, float] = {}
        entered: dict[str, float] = {}
        for key, j in columns.items():
            label = names[key]
            v = val(row, j)
            x = _points(v, decimal_comma)
            if is_empty(v):
                bad(r, j, f'empty: give the points of "{shown}" on "{label}" (0 is allowed)')
            elif x is None:
                bad(r, j, f'"{text(v)}" is not a number (weight of "{shown}" on "{label}")')
            elif x < 0:
                bad(r, j, f'{number_text(x)} is negative (weight of "{shown}" on "{label}"); points are 0 or more')
            elif key in split.shares:
                points.update({cid: x * share for cid, share in split.shares[key].items()})
                entered[key] = x
            else:
                points[key] = x
                entered[key] = x
        points = {c.id: points[c.id] for c in model.criteria if c.id in points}  # in the model's order
        if len(points) == len(model.criteria) and not any(x > 0 for x in points.values()):
            bad(r, min(columns.values()), f'every weight of "{shown}" is zero; give at least one criterion points')
        if len(problems) == before:
            note = raw_text(val(row, special[NOTE])).strip() if NOTE in special else ""
            by_branch = None
            if split.shares:  # kept as entered, with how each branch split (format version 13)
                shares = {c: 1.0 for c in columns if c not in split.shares}
                for inside in split.shares.values():
                    shares.update(inside)
                by_branch = {"items": list(columns), "shares": shares}
            out.append(PointsRow(file, cell(r, 0, sheet), who, rnd, note, points, by_branch,
                                 entered if by_branch else None))
    return out, skipped


@dataclass(frozen=True)
class _Split:
    covered: frozenset[str]  # criterion ids given through an objective's column
    shares: dict[str, dict[str, float]]  # objective id -> {criterion id: its share of the objective's points}


def branch_shares(model: DecisionModel, tree: ValueTree, node: int) -> dict[str, float]:
    """How an objective's points split over its criteria: in the proportions of the facilitator's current
    weights (the session's, else the first profile's; equally where those are all 0). What a form prints and
    writes on its Shares sheet."""
    current = dict(zip(model.criterion_ids(), current_weights(model), strict=True))
    inside = [model.criteria[j].id for j in range(len(model.criteria)) if tree.leaves[node, j] > 0]
    total = sum(current.get(c, 0.0) for c in inside)
    return {c: (current.get(c, 0.0) / total if total > 0 else 1.0 / len(inside)) for c in inside}


def _branch_split(model: DecisionModel, columns: dict[str, int], bad: Callable[[int, str], None],
                  stated: dict[str, dict[str, float]] | None = None) -> _Split | None:
    """Points per branch: each objective column's points split over its criteria as the form stated when it was
    printed (`stated`, from its Shares sheet), else as `branch_shares` says now. An objective and a criterion (or
    objective) inside it both given is refused (None, reported at the inner one), and so is a stated split that
    does not fit the objective's criteria (reported at its column)."""
    nodes = [k for k in columns if k not in set(model.criterion_ids())]
    if not nodes:
        return _Split(frozenset(), {})
    tree = build_tree(model)
    given = {k: tree.index(k) for k in columns}
    clash = False
    for k, i in given.items():
        for n in nodes:
            if k != n and tree.ancestors[i, given[n]]:
                bad(columns[k], f'"{k}" is inside the objective "{n}", which has a column too; give points to one or '
                    "the other")
                clash = True
    if clash:
        return None
    shares: dict[str, dict[str, float]] = {}
    for n in nodes:
        now = branch_shares(model, tree, given[n])
        said = (stated or {}).get(n)
        if said is not None and set(said) != set(now):
            bad(columns[n], f"the form's Shares sheet splits \"{n}\" over {', '.join(sorted(said))}, but the "
                f"objective now holds {', '.join(now)}; the tree changed since the form was printed: print it again")
            clash = True
            continue
        shares[n] = now if said is None else {c: said[c] for c in now}
    if clash:
        return None
    return _Split(frozenset(c for s in shares.values() for c in s), shares)


def read_shares(tables: list[tuple[str | None, Grid, bool]], file: str,
                problems: list[Problem]) -> dict[str, dict[str, float]] | None:
    """The split a form's workbook states on its Shares sheet (objective id -> {criterion id: share}), or None
    when it has none (a points table typed by hand). Bad cells are appended to `problems`; each objective's
    shares must add up to 1."""
    grid = next((g for name, g, _dec in tables if name is not None and name.strip().lower() == SHARES_SHEET.lower()),
                None)
    if grid is None:
        return None
    filled = [r for r, row in enumerate(grid) if not row_is_empty(row)]
    if not filled or [text(v).lower() for v in list(grid[filled[0]])[:len(SHARES_HEADER)]] != list(SHARES_HEADER):
        problems.append(Problem(file, cell(filled[0] if filled else 0, 0, SHARES_SHEET),
                                f'the header row must be {", ".join(SHARES_HEADER)}'))
        return None
    out: dict[str, dict[str, float]] = {}
    first: dict[str, int] = {}
    for r in filled[1:]:
        row = list(grid[r])
        node, crit = text(row[0]), text(row[1]) if len(row) > 1 else ""
        x = number(row[3]) if len(row) > 3 else None
        if x is None or not 0.0 <= x <= 1.0:
            problems.append(Problem(file, cell(r, 3, SHARES_SHEET), "the share must be a number from 0 to 1"))
            continue
        out.setdefault(node, {})[crit] = x
        first.setdefault(node, r)
    for node, inside in out.items():
        if abs(sum(inside.values()) - 1.0) > 1e-6:
            problems.append(Problem(file, cell(first[node], 3, SHARES_SHEET), f'the shares of "{node}" add up to '
                                    f"{number_text(sum(inside.values()))}, not 1; print the form again"))
    return out


def _points(value: Any, decimal_comma: bool) -> float | None:
    """Points from a cell: a number, or a percentage read as that many points ("50%" is 50, not 0.5)."""
    if isinstance(value, str) and value.strip().endswith("%"):
        return number(value.strip()[:-1], decimal_comma)
    return number(value, decimal_comma)


def _points_sheet(tables: list[tuple[str | None, Grid, bool]]) -> tuple[str | None, Grid, bool]:
    """The table to read: a .csv's only one; a workbook's first sheet whose header starts with "participant"."""
    for name, grid, dec in tables:
        first = next((row for row in grid if not row_is_empty(row)), None)
        if first and text(first[0]).lower() in PARTICIPANT_HEADERS:
            return name, grid, dec
    return tables[0] if tables else (None, [], False)


def read_points_files(model: DecisionModel, paths: Sequence[str | Path]) -> tuple[list[PointsRow], list[str]]:
    """Every row of every table, in order, and the unfilled rows skipped. Raises InputError with every problem
    of every file."""
    problems: list[Problem] = []
    rows: list[PointsRow] = []
    skipped: list[str] = []
    for path in paths:
        p = Path(path)
        if p.suffix.lower() not in TABLE_SUFFIXES:
            problems.append(Problem(str(p), "", "a points table is a .csv or .xlsx file"))
            continue
        try:
            raw = read_bytes(p)
            foreign = foreign_content(raw, p.suffix.lower())  # a binary file is said to be one, not cell by cell
            if foreign is not None:
                raise InputError(foreign, str(p))
            tables = read_grids(raw, p.suffix, str(p))
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        sheet, grid, dec = _points_sheet(tables)
        got, skip = parse_points(grid, model, str(p), sheet, dec, problems, read_shares(tables, str(p), problems))
        rows += got
        skipped += skip
    if problems:
        raise InputError(problems)
    return rows, skipped


def _code_number(code: str) -> int:
    return int(code[1:]) if CODE_PATTERN.fullmatch(code) else 0


def _key(who: str) -> str:
    return " ".join(who.split()).lower()


def add_rounds(model: DecisionModel, rows: Sequence[PointsRow], file: str = "<model>",
               skipped: Sequence[str] = ()) -> Intake:
    """`model` with one 'direct' round per row: existing participants (by code, then name or id, any case) get
    a new round, anyone else is added. Raises InputError naming the place of a participant entered twice in one
    round (both files and cells), or given a round they already have."""
    data = json.loads(dump_model(model))
    people: list[dict[str, Any]] = data.setdefault("participants", [])
    index: dict[str, dict[str, Any]] = {}
    for field_ in ("code", "label", "id"):  # a code names one participant; a name may look like another's code
        for p in people:
            if p.get(field_):
                index.setdefault(_key(p[field_]), p)
    known = {id(p) for p in people}
    last_round = {p["id"]: max((r["round"] for r in p["rounds"]), default=0) for p in people}
    taken_ids = {p["id"] for p in people}
    taken_codes = {p["code"] for p in people}
    # codes the rows themselves name are held for those rows: no one else is given them
    named_codes = {row.who.strip().upper() for row in rows if CODE_PATTERN.fullmatch(row.who.strip().upper())}
    problems: list[Problem] = []
    seen: dict[tuple[str, int], PointsRow] = {}
    new_codes: list[str] = []
    entered: list[tuple[str, int]] = []
    matched: list[tuple[str, str]] = []
    for row in rows:
        found = index.get(_key(row.who))
        if found is not None:
            p = found
            if id(p) in known:
                matched.append((f"{row.file} {row.place}", p["code"]))
        else:
            wanted = row.who.strip().upper()
            if CODE_PATTERN.fullmatch(wanted) and wanted not in taken_codes:
                code = wanted
            else:
                k = max((_code_number(c) for c in taken_codes), default=0) + 1
                while f"P{k}" in named_codes:
                    k += 1
                code = f"P{k}"
            taken_codes.add(code)
            p = {"id": make_id(code, taken_ids), "code": code, "note": "", "rounds": []}
            if row.who.strip().upper() != code:  # a name, kept; a code is no name
                p["label"] = row.who
            people.append(p)
            index[_key(row.who)] = p  # known by what the row says, not by the code it was given
            new_codes.append(code)
        rnd = row.round if row.round is not None else last_round.get(p["id"], 0) + 1
        key = (p["id"], rnd)
        if key in seen:
            other = seen[key]
            problems.append(Problem(row.file, row.place, f'"{row.who}" is entered twice in round {rnd} (also '
                                    f"{other.file} {other.place}); keep one row"))
            continue
        seen[key] = row
        if any(r["round"] == rnd for r in p["rounds"]):
            problems.append(Problem(row.file, row.place, f'"{row.who}" ({p["code"]}) already has round {rnd} in {file}; '
                                    "give this row another round in a round column"))
            continue
        p["rounds"].append({"round": rnd, "method": "direct", "weights": dict(row.points)}
                           | ({"branches": row.by_branch, "inputs": row.entered} if row.by_branch else {}))
        p["rounds"].sort(key=lambda r: r["round"])
        if row.note:
            p["note"] = row.note
        entered.append((p["code"], rnd))
    if problems:
        raise InputError(problems)
    return Intake(model_from_dict(data, file), tuple(new_codes), tuple(entered), tuple(skipped), tuple(matched))


def intake_files(model: DecisionModel, paths: Sequence[str | Path], file: str = "<model>") -> Intake:
    """Read points tables (see the module docstring) and add them to `model` (named `file` in messages)."""
    rows, skipped = read_points_files(model, paths)
    return add_rounds(model, rows, file, skipped)


# --- the form, as a workbook -----------------------------------------------------------------------------


def form_codes(model: DecisionModel, count: int | None = None, codes: Sequence[str] | None = None) -> list[str]:
    """The codes forms are printed for: `codes` as given (checked), else `count` codes after the model's."""
    if codes:
        out = []
        for c in codes:
            code = c.strip().upper()
            if not CODE_PATTERN.fullmatch(code):
                raise InputError(f'"{c}" is not an anonymous code; use P1, P2, ...', "--codes")
            if code in out:
                raise InputError(f'"{code}" is given twice', "--codes")
            out.append(code)
        return out
    n = 1 if count is None else count
    if not 1 <= n <= 500:
        raise InputError("give from 1 to 500 forms", "--count")
    start = max((_code_number(p.code) for p in model.participants), default=0)
    return [f"P{start + k}" for k in range(1, n + 1)]


def form_round(model: DecisionModel, code: str, given: int | None = None) -> int:
    """The round printed on `code`'s form: `given`, else one after the last round that participant has (1 if new)."""
    if given is not None:
        return given
    p = next((p for p in model.participants if p.code == code), None)
    return 1 + max((r.round for r in p.rounds), default=0) if p else 1


def form_workbook_bytes(model: DecisionModel, codes: Sequence[str], round_of: Sequence[int],
                        level: int | None = None) -> bytes:
    """The form as a workbook: a Points sheet (participant, round, one column per criterion, or per objective at
    `level` of the value tree, note; one row per code, points empty) that `intake_files` reads back as it is, and a
    Criteria sheet with the definitions and anchors, or what each objective holds and how its points split (also
    as comments on the Points headers)."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = POINTS_SHEET
    crits = form_items(model, level)
    names = [" ".join(n.split()).lower() for n in [*(c.name for c in model.criteria),
                                                   *(o.name for o in model.objectives)]]
    # a name an objective shares with a criterion would read back as neither (`parse_points`): the id heads it
    ws.append(["participant", "round", *(neutralize(c.name if names.count(" ".join(c.name.split()).lower()) == 1
                                                    else c.id) for c in crits), "note"])
    for code, rnd in zip(codes, round_of, strict=True):
        ws.append([code, rnd])
    for j, c in enumerate(crits, start=3):
        head = ws.cell(row=1, column=j)
        body = "\n".join([c.note, "", *c.lines]).strip()
        head.comment = Comment(body, "Decision Desk", width=320, height=200)
        ws.column_dimensions[head.column_letter].width = max(12, min(28, len(c.name) + 2))
    ws.column_dimensions["A"].width = 13
    ws.column_dimensions[ws.cell(row=1, column=len(crits) + 3).column_letter].width = 48
    for c_ in ws[1]:
        c_.font = Font(bold=True)
        c_.alignment = Alignment(wrap_text=True, vertical="top")
        c_.data_type = "s"
    if codes:
        dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                            showErrorMessage=True, error="Points are a number, 0 or more (0 to 100 is usual).")
        last = ws.cell(row=len(codes) + 1, column=len(crits) + 2).coordinate
        dv.add(f"C2:{last}")
        ws.add_data_validation(dv)
    ws.freeze_panes = "C2"

    info = wb.create_sheet(CRITERIA_SHEET)
    info.append(["objective or criterion" if level else "criterion", "id", "definition",
                 "what it holds, how its points split" if level else "what the scale means"])
    for c in crits:
        info.append([neutralize(c.name), c.id, neutralize(c.note), neutralize("\n".join(c.lines))])
    info.append([])
    info.append([neutralize(FORM_INSTRUCTION_BRANCHES if level else FORM_INSTRUCTION)])
    info.append([neutralize(f"Model: {model.title}")])
    for row in info.iter_rows():
        for c_ in row:
            c_.alignment = Alignment(wrap_text=True, vertical="top")
            if isinstance(c_.value, str):
                c_.data_type = "s"
    for c_ in info[1]:
        c_.font = Font(bold=True)
    for col, width in zip("ABCD", (28, 20, 60, 60), strict=True):
        info.column_dimensions[col].width = width
    nodes = {o.id for o in model.objectives}
    if any(c.id in nodes for c in crits):  # the split the form states, read back on import (`read_shares`)
        tree = build_tree(model)
        split = wb.create_sheet(SHARES_SHEET)
        split.append(list(SHARES_HEADER))
        crit_name = {c.id: c.name for c in model.criteria}
        for c in crits:
            if c.id in nodes:
                for cid, share in branch_shares(model, tree, tree.index(c.id)).items():
                    split.append([c.id, cid, neutralize(crit_name[cid]), share])
        for col, width in zip("ABCD", (20, 24, 40, 12), strict=True):
            split.column_dimensions[col].width = width
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


_CODES_SPLIT = re.compile(r"[\s,;]+")


def parse_codes(arg: str | None) -> list[str] | None:
    """--codes P1,P2 as a list (None when not given)."""
    if arg is None:
        return None
    return [c for c in _CODES_SPLIT.split(arg) if c]
