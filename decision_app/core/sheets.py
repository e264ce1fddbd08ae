"""The sheets after the matrix in a Decision Desk workbook, which make an .xlsx carry the whole model.

Each sheet is a plain table with a header row; rows name options and criteria by their names in the
matrix sheet, so a person can read and edit them in Excel:

- ``Ranges``: option, criterion, low, high, basis, review (a cell without a row keeps low = high = its value;
  ``review`` is "yes" for a score still to be reviewed)
- ``Evidence``: option, criterion, rationale, source, quote, note, as of (one row per citation; the rationale on the
  first row of its cell)
- ``Conditions`` (version 8): option, condition (its id), name, likelihood, low, high, basis, review, rationale,
  source, quote, note, as of (one row per citation of the likelihood; the numbers on the first row of each)
- ``Outcomes`` (version 8): option, criterion, condition, accepted, accepted low, accepted high, accepted
  rationale, refused, refused low, refused high, refused rationale. The Matrix and Ranges sheets show such a
  cell's expected value and range; they are computed again on reading, and a Matrix value that differs from
  them is refused by cell (the outcomes say what the cell is).
- ``Options``: id, name, summary, sources (ids separated by commas), short name (version 6)
- ``Criteria``: id, name, direction, unit, definition, scale min, scale max, preference, q, p, short name
- ``Anchors``: criterion, value, description, baseline ("yes" on the anchor for today); ``Value functions``: criterion, x, value
- ``Profiles``: id, name, description, then one weight column per criterion
- ``Sources``: id, author, title, outlet, date, seed file, inferred (which of title, outlet, date; commas)
- ``About``: field, value (title, author, classification, score_status, description, baseline, schema_version)
- ``Session``: method, profile, then one weight column per criterion, then one column per field of the
  session's optional blocks, derived from the schema (`SESSION_BLOCKS`): ``uncertainty samples``, ``… seed``,
  ``… weights mode``, ``… spread``, ``… scores mode``, ``… order`` (chains ``a>=b>=c, d>=e``), ``parameters
  vikor v``, ``group rule``, ``group round`` (a block's cells all empty: no block, the app's defaults), then
  ``slides`` and ``hidden slides`` (no data row: no session). A field of a kind the sheet has no cell format
  for is refused when written (`SheetFormatError`), never dropped.

The workshop's sheets (``Participants``, ``Rounds``, ``Judgements``) live in `workshop_sheets`.

`model_to_sheets` writes them (text neutralised); `apply_sheets` reads them onto the model dictionary
the matrix gave, reporting every bad cell as ``Sheet!C7``. Sheets with other names are ignored; columns are
found by their header, wherever they are; empty rows are skipped. Plain data in and out: no pandas here,
and this module must not import `tables` or `loading`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal, get_args, get_origin

from pydantic import BaseModel

from decision_app.core.cells import Grid, cell, is_empty, neutralize, number, number_text, raw_text, row_is_empty, text
from decision_app.core.errors import InputError, Problem, grouped
from decision_app.core.expected import expected_range, expected_score, is_monotone
from decision_app.core.schema import (
    SCHEMA_VERSION,
    Citation,
    DecisionModel,
    MethodParameters,
    Session,
    SessionGroup,
    SessionUncertainty,
    WeightBounds,
    make_id,
)
from decision_app.core.short_names import short_name_problems

RANGES, EVIDENCE, OPTIONS, CRITERIA = "Ranges", "Evidence", "Options", "Criteria"
CONDITIONS, OUTCOMES = "Conditions", "Outcomes"
ANCHORS, VALUE_FUNCTIONS, PROFILES, SOURCES, ABOUT, SESSION = (
    "Anchors", "Value functions", "Profiles", "Sources", "About", "Session")
SHEET_NAMES = (RANGES, EVIDENCE, CONDITIONS, OUTCOMES, OPTIONS, CRITERIA, ANCHORS, VALUE_FUNCTIONS, PROFILES, SOURCES, ABOUT, SESSION)
ABOUT_FIELDS = ("title", "author", "classification", "score_status", "description")
METHODS: tuple[str, ...] = get_args(Session.model_fields["method"].annotation)
DIRECTIONS = {"max": "benefit", "benefit": "benefit", "min": "cost", "cost": "cost"}
# The session's optional blocks; each field is a column "<block> <field>" on the Session sheet (prefixed: a
# criterion may be called "seed"), in the schema's order, written and read by the kind of its annotation.
SESSION_BLOCKS: dict[str, type[BaseModel]] = {"uncertainty": SessionUncertainty, "parameters": MethodParameters,
                                             "group": SessionGroup}
BLOCK_COLUMNS = {(block, f): f"{block} {f.replace('_', ' ')}" for block, cls in SESSION_BLOCKS.items()
                 for f in cls.model_fields}
UNCERTAINTY_COLUMNS = {f: col for (block, f), col in BLOCK_COLUMNS.items() if block == "uncertainty"}
# session.slides: the presentation's order (every key listed) and which of them are hidden, comma-separated
SLIDE_COLUMNS = ("slides", "hidden slides")


OUTCOME_COLUMNS = tuple(f"{side}{part}" for side in ("accepted", "refused")
                        for part in ("", " low", " high", " rationale"))


class SheetFormatError(ValueError):
    """A field of the format that the Session sheet has no cell format for (a test catches it: a new field
    either gets one or the round trip fails, never a silent loss)."""


def _kind(cls: type[BaseModel], name: str) -> str | None:
    """How a block's field goes into a cell: 'whole', 'number', 'word', 'chains' (a list of lists of ids),
    'bounds' (id=low..high, ...), or None when the sheet has no format for it."""
    ann = cls.model_fields[name].annotation
    args = [a for a in get_args(ann) if a is not type(None)] or [ann]
    base = args[0]
    while get_origin(base) is Annotated:
        base = get_args(base)[0]
    if base is int:
        return "whole"
    if base is float:
        return "number"
    if base is str or get_origin(base) is Literal:
        return "word"
    if get_origin(base) is list and get_origin(inner := get_args(base)[0]) is Annotated and \
            get_origin(get_args(inner)[0]) is list:
        return "chains"
    if get_origin(base) is dict and get_args(base)[1] is WeightBounds:
        return "bounds"
    return None


def _block_cell(block: str, cls: type[BaseModel], name: str, value: Any) -> Any:
    if value is None:
        return None
    kind = _kind(cls, name)
    if kind == "chains":
        return ", ".join(">=".join(chain) for chain in value)
    if kind == "bounds":
        return ", ".join(f"{cid}={b.low!r}..{b.high!r}" for cid, b in value.items())
    if kind is None:
        raise SheetFormatError(f"the Session sheet has no cell format for session.{block}.{name}")
    return value


# --- writing -----------------------------------------------------------------------------------------


def _table(header: list[str], rows: Grid) -> Grid:
    return [[neutralize(v) if isinstance(v, str) else v for v in row] for row in [header, *rows]]


def model_to_sheets(model: DecisionModel) -> dict[str, Grid]:
    """Every part of the model the matrix sheet does not hold, one grid per sheet, in reading order."""
    crits = model.criteria
    cname = {c.id: c.name for c in crits}
    ranges: Grid = []
    evidence: Grid = []
    conditions: Grid = []
    outcomes: Grid = []
    for o in model.options:
        for c in crits:
            s = o.scores[c.id]
            ranges.append([o.name, c.name, s.low, s.high, s.basis, "yes" if s.review else ""])
            if s.citations:
                for k, cit in enumerate(s.citations):
                    evidence.append([o.name, c.name, s.rationale if k == 0 else "", cit.source, cit.quote,
                                     cit.note or "", cit.as_of])
            elif s.rationale:
                evidence.append([o.name, c.name, s.rationale, "", "", "", None])
            if s.outcomes is not None:
                a, r = s.outcomes.accepted, s.outcomes.refused
                outcomes.append([o.name, c.name, s.outcomes.condition, a.value, a.low, a.high, a.rationale,
                                 r.value, r.low, r.high, r.rationale])
        for cond in o.conditions:
            lk = cond.likelihood
            head = [o.name, cond.id, cond.name, lk.value, lk.low, lk.high, lk.basis, "yes" if lk.review else "",
                    lk.rationale]
            cites: list[Citation | None] = [*lk.citations] or [None]
            for k, cite in enumerate(cites):
                row = head if k == 0 else [o.name, cond.id, None, None, None, None, None, None, None]
                conditions.append(row + ([cite.source, cite.quote, cite.note or "", cite.as_of] if cite else
                                         [None, None, None, None]))
    session: Grid = []
    if model.session is not None:
        sw = model.session.weights
        blocks = {b: getattr(model.session, b) for b in SESSION_BLOCKS}
        session.append([model.session.method, model.session.profile, *(sw.get(c.id) for c in crits),
                        *(_block_cell(b, SESSION_BLOCKS[b], f, getattr(blocks[b], f) if blocks[b] else None)
                          for b, f in BLOCK_COLUMNS), *_slide_cells(model)])
    about: Grid = [[f, getattr(model, f)] for f in ABOUT_FIELDS]
    if model.baseline is not None:
        about.append(["baseline", model.baseline])
    about.append(["schema_version", model.schema_version])
    return {
        RANGES: _table(["option", "criterion", "low", "high", "basis", "review"], ranges),
        EVIDENCE: _table(["option", "criterion", "rationale", "source", "quote", "note", "as of"], evidence),
        CONDITIONS: _table(["option", "condition", "name", "likelihood", "low", "high", "basis", "review", "rationale",
                            "source", "quote", "note", "as of"], conditions),
        OUTCOMES: _table(["option", "criterion", "condition", *OUTCOME_COLUMNS], outcomes),
        OPTIONS: _table(["id", "name", "summary", "sources", "short name"],
                        [[o.id, o.name, o.summary, ", ".join(o.sources), o.short_name] for o in model.options]),
        CRITERIA: _table(
            ["id", "name", "direction", "unit", "definition", "scale min", "scale max", "preference", "q", "p",
             "short name"],
            [[c.id, c.name, c.direction, c.unit, c.definition, c.scale.min if c.scale else None,
              c.scale.max if c.scale else None, *((c.preference.type, c.preference.q, c.preference.p)
                                                   if c.preference else (None, None, None)), c.short_name]
             for c in crits]),
        ANCHORS: _table(["criterion", "value", "description", "baseline"],
                        [[c.name, a.value, a.description, "yes" if a.baseline else ""] for c in crits
                         for a in c.anchors]),
        VALUE_FUNCTIONS: _table(["criterion", "x", "value"],
                                [[c.name, p.x, p.value] for c in crits for p in c.value_function or []]),
        PROFILES: _table(["id", "name", "description", *(cname[c.id] for c in crits)],
                         [[p.id, p.name, p.description, *(p.weights.get(c.id) for c in crits)]
                          for p in model.profiles]),
        SOURCES: _table(["id", "author", "title", "outlet", "date", "seed file", "inferred"],
                        [[s.id, s.author, s.title, s.outlet, s.date, s.seed_file, ", ".join(s.inferred or [])]
                         for s in model.sources]),
        ABOUT: _table(["field", "value"], about),
        SESSION: _table(["method", "profile", *(c.name for c in crits), *BLOCK_COLUMNS.values(), *SLIDE_COLUMNS],
                        session),
    }


def _slide_cells(model: DecisionModel) -> list[str | None]:
    slides = model.session.slides if model.session is not None else None
    if slides is None:
        return [None, None]
    return [", ".join(c.key for c in slides), ", ".join(c.key for c in slides if c.hidden) or None]


def _keys(text: str) -> list[str]:
    return [k.strip() for k in text.split(",") if k.strip()]


# --- reading -----------------------------------------------------------------------------------------


def _yes(text: str) -> bool:
    return text.strip().lower() in ("yes", "y", "true", "1", "x")


def _norm(header: str) -> str:
    return re.sub(r"[\s_]+", " ", header.strip().lower())


@dataclass
class _Sheet:
    """One sheet: its header (the first non-empty row), the columns by header, and the data rows."""

    name: str
    grid: Grid
    problems: list[Problem]
    file: str
    header_row: int = 0
    columns: dict[str, int] = field(default_factory=dict)
    rows: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        filled = [r for r, row in enumerate(self.grid) if not row_is_empty(row)]
        if filled:
            self.header_row = filled[0]
            for j, v in enumerate(self.grid[self.header_row]):
                if not is_empty(v):
                    self.columns.setdefault(_norm(text(v)), j)
            self.rows = filled[1:]

    def bad(self, r: int, col: str | int, msg: str) -> None:
        j = col if isinstance(col, int) else self.columns.get(col, 0)
        self.problems.append(Problem(self.file, cell(r, j, self.name), msg))

    def require(self, *cols: str) -> bool:
        missing = [c for c in cols if c not in self.columns]
        for c in missing:
            self.problems.append(Problem(self.file, cell(self.header_row, len(self.grid[self.header_row])
                                                          if self.grid else 0, self.name),
                                         f'no "{c}" column; the header row needs {", ".join(cols)}'))
        return not missing

    def value(self, r: int, col: str | int) -> Any:
        j = col if isinstance(col, int) else self.columns.get(col)
        row = self.grid[r]
        return row[j] if j is not None and j < len(row) else None

    def text(self, r: int, col: str) -> str:
        return text(self.value(r, col))

    def raw(self, r: int, col: str) -> str:
        return raw_text(self.value(r, col))

    def number(self, r: int, col: str | int, what: str, optional: bool = False) -> float | None:
        v = self.value(r, col)
        if is_empty(v):
            if not optional:
                self.bad(r, col, f"empty: give a number ({what})")
            return None
        x = number(v)
        if x is None:
            self.bad(r, col, f'"{text(v)}" is not a number ({what})')
        return x


TableSheet = _Sheet  # for the workshop's sheets (`workshop_sheets`), which read tables the same way
norm_header = _norm


class _Reader:
    """Applies the sheets to the model dictionary the matrix gave; collects every problem before raising."""

    def __init__(self, data: dict[str, Any], book: dict[str, Grid], file: str) -> None:
        self.data = data
        self.file = file
        self.problems: list[Problem] = []
        self.sheets = {_norm(name): _Sheet(name, grid, self.problems, file) for name, grid in book.items()}
        self.criteria: list[dict[str, Any]] = data["criteria"]
        self.options: list[dict[str, Any]] = data["options"]
        self.crit_index = {c["name"].lower(): j for j, c in enumerate(self.criteria)}
        self.opt_index: dict[str, int] = {}
        for i, o in enumerate(self.options):
            if o["name"] in self.opt_index:
                self.problems.append(Problem(file, "Matrix", f'the option name "{o["name"]}" is used twice; '
                                             "option names must be unique to match the other sheets"))
            self.opt_index.setdefault(o["name"], i)

    def sheet(self, name: str) -> _Sheet | None:
        """The sheet of that name, or None when the workbook has none or it is blank."""
        sh = self.sheets.get(_norm(name))
        return sh if sh is not None and sh.columns else None

    def criterion(self, sh: _Sheet, r: int, col: str = "criterion") -> int | None:
        name = sh.text(r, col)
        j = self.crit_index.get(name.lower())
        if j is None:
            sh.bad(r, col, f'"{name}" is not a criterion of the Matrix sheet: name it there too, or delete these rows' if name else
                   "empty: name the criterion as in the Matrix sheet's header")
        return j

    def option(self, sh: _Sheet, r: int, col: str = "option") -> int | None:
        name = sh.text(r, col)
        i = self.opt_index.get(name)
        if i is None:
            sh.bad(r, col, f'"{name}" is not an option of the Matrix sheet: add it there, or delete these rows' if name else
                   "empty: name the option as in the Matrix sheet's column A")
        return i

    # Ids first: every other sheet writes into the dictionaries keyed by criterion id.
    def ids(self) -> None:
        for sheet_name, items, on_key in ((CRITERIA, self.criteria, self.criterion),
                                          (OPTIONS, self.options, self.option)):
            sh = self.sheet(sheet_name)
            if sh is None or not sh.require("id", "name"):
                continue
            given: dict[int, str] = {}
            for r in sh.rows:
                k = on_key(sh, r, "name")
                if k is None:
                    continue
                if k in given:
                    sh.bad(r, "name", f'"{sh.text(r, "name")}" has two rows in this sheet')
                    continue
                given[k] = sh.text(r, "id")
                items[k]["name"] = sh.raw(r, "name") or items[k]["name"]
            taken = set(given.values())
            old_ids = [it["id"] for it in items]
            for k, it in enumerate(items):
                it["id"] = given[k] if given.get(k) else make_id(it["name"], taken)
            if sheet_name == CRITERIA:
                rename = dict(zip(old_ids, (c["id"] for c in self.criteria), strict=True))
                for o in self.options:
                    o["scores"] = {rename[k]: v for k, v in o["scores"].items()}
                for p in self.data["profiles"]:
                    p["weights"] = {rename[k]: v for k, v in p["weights"].items()}

    def cells(self, sh: _Sheet) -> Iterator[tuple[int, int, int]]:
        """(row, option index, criterion index) of each row naming a known option and criterion; the others
        are reported by `option` and `criterion` and skipped."""
        for r in sh.rows:
            i, j = self.option(sh, r), self.criterion(sh, r)
            if i is not None and j is not None:
                yield r, i, j

    def short_names(self, sh: _Sheet, r: int, item: dict[str, Any], places: dict[str, str], what: str) -> None:
        """The row's short name, when the sheet has the column: an empty cell is no short name (then the
        charts show the name), a given one is checked here so that the cell is named."""
        if "short name" not in sh.columns:
            return  # a workbook without the column keeps the short names made from the names
        given = sh.raw(r, "short name") or None
        problems = short_name_problems([given], [cell(r, sh.columns["short name"], sh.name)], what, self.file)
        if given is not None and not problems:
            key = " ".join(given.split()).casefold()
            if key in places:
                problems.append(Problem(self.file, cell(r, sh.columns["short name"], sh.name),
                                        f'the short name "{given}" is also in {places[key]}; short names tell {what} '
                                        "apart: give each its own"))
            places.setdefault(key, cell(r, sh.columns["short name"], sh.name))
        self.problems.extend(problems)
        item.pop("short_name", None)
        if given is not None and not problems:
            item["short_name"] = given

    def options_sheet(self) -> None:
        sh = self.sheet(OPTIONS)
        if sh is None or "name" not in sh.columns:
            return
        places: dict[str, str] = {}
        for r in sh.rows:
            i = self.opt_index.get(sh.text(r, "name"))
            if i is None:
                continue  # reported by ids()
            o = self.options[i]
            self.short_names(sh, r, o, places, "options")
            if "summary" in sh.columns:
                o["summary"] = sh.raw(r, "summary")
            if "sources" in sh.columns:
                o["sources"] = [s for s in (x.strip() for x in sh.text(r, "sources").split(",")) if s]

    def criteria_sheet(self) -> None:
        sh = self.sheet(CRITERIA)
        if sh is None or "name" not in sh.columns:
            return
        places: dict[str, str] = {}
        for r in sh.rows:
            j = self.crit_index.get(sh.text(r, "name").lower())
            if j is None:
                continue  # reported by ids()
            c = self.criteria[j]
            self.short_names(sh, r, c, places, "criteria")
            for col in ("unit", "definition"):
                if col in sh.columns:
                    c[col] = sh.raw(r, col)
            if "direction" in sh.columns and not is_empty(sh.value(r, "direction")):
                d = DIRECTIONS.get(sh.text(r, "direction").lower())
                if d is None:
                    sh.bad(r, "direction", f'direction "{sh.text(r, "direction")}" is not benefit, cost, max or min')
                elif d != c["direction"]:
                    sh.bad(r, "direction", f'direction "{d}" of "{c["name"]}" differs from the Matrix sheet\'s '
                           f'#direction ({c["direction"]}); make them agree')
            if "scale min" in sh.columns or "scale max" in sh.columns:
                what = f'scale of "{c["name"]}"'
                lo = sh.number(r, "scale min", what, optional=True) if "scale min" in sh.columns else None
                hi = sh.number(r, "scale max", what, optional=True) if "scale max" in sh.columns else None
                scale = c.get("scale")
                if (lo, hi) != ((scale["min"], scale["max"]) if scale else (None, None)):
                    sh.bad(r, "scale min", f'the {what} differs from the Matrix sheet\'s #min and #max; make them '
                           "agree")
            if "preference" in sh.columns:
                self._preference(sh, r, c)

    def _preference(self, sh: _Sheet, r: int, c: dict[str, Any]) -> None:
        kind = sh.text(r, "preference").lower()
        q_given = any(not is_empty(sh.value(r, k)) for k in ("q", "p"))
        if not kind:
            if q_given:
                sh.bad(r, "preference", f'give the preference type (usual or linear) of "{c["name"]}" for its q and p')
            return
        if kind not in ("usual", "linear"):
            sh.bad(r, "preference", f'preference "{kind}" is not usual or linear')
            return
        pref: dict[str, Any] = {"type": kind}
        for k in ("q", "p"):
            x = sh.number(r, k, f'{k} of "{c["name"]}"', optional=True) if k in sh.columns else None
            pref[k] = 0.0 if x is None else x
        c["preference"] = pref

    def points(self, sheet_name: str, x_col: str, y_col: str, key: str,
               make: Callable[[_Sheet, int, float], dict[str, Any] | None]) -> None:
        """Anchors and value-function points: rows grouped by criterion; a criterion with rows gets exactly those."""
        sh = self.sheet(sheet_name)
        if sh is None or not sh.require("criterion", x_col, y_col):
            return
        groups: dict[int, list[dict[str, Any]]] = {}
        for r in sh.rows:
            j = self.criterion(sh, r)
            if j is None:
                continue
            x = sh.number(r, x_col, f'{x_col} of "{self.criteria[j]["name"]}"')
            point = make(sh, r, x) if x is not None else None
            if point is not None:
                groups.setdefault(j, []).append(point)
        for j, pts in groups.items():
            self.criteria[j][key] = pts

    def _anchor(self, sh: _Sheet, r: int, x: float) -> dict[str, Any]:
        out: dict[str, Any] = {"value": x, "description": sh.raw(r, "description")}
        if "baseline" in sh.columns and _yes(sh.text(r, "baseline")):
            out["baseline"] = True
        return out

    def _value_point(self, sh: _Sheet, r: int, x: float) -> dict[str, Any] | None:
        y = sh.number(r, "value", f"value at x = {number_text(x)}")
        if y is not None and not 0 <= y <= 1:
            sh.bad(r, "value", f"the value {number_text(y)} is outside 0..1")
        return None if y is None else {"x": x, "value": y}

    def ranges(self) -> None:
        sh = self.sheet(RANGES)
        if sh is None or not sh.require("option", "criterion", "low", "high"):
            return
        for r, i, j in self.cells(sh):
            o, c = self.options[i], self.criteria[j]
            score = o["scores"][c["id"]]
            where = f'of "{o["name"]}" on "{c["name"]}"'
            low = sh.number(r, "low", f"low {where}")
            high = sh.number(r, "high", f"high {where}")
            v = score["value"]
            if low is not None and low > v:
                sh.bad(r, "low", f"low {number_text(low)} is above the value {number_text(v)} {where} in the Matrix sheet")
            if high is not None and high < v:
                sh.bad(r, "high", f"high {number_text(high)} is below the value {number_text(v)} {where} in the Matrix sheet")
            if low is not None and high is not None:
                score["low"], score["high"] = low, high
            basis = _norm(sh.text(r, "basis")) if "basis" in sh.columns else ""
            if basis:
                score["basis"] = basis  # the validator names a wrong one
            if "review" in sh.columns and _yes(sh.text(r, "review")):
                score["review"] = True

    def evidence(self) -> None:
        sh = self.sheet(EVIDENCE)
        if sh is None or not sh.require("option", "criterion"):
            return
        seen: dict[tuple[int, int], int] = {}  # cell -> the row that gave its rationale
        for r, i, j in self.cells(sh):
            score = self.options[i]["scores"][self.criteria[j]["id"]]
            rationale = sh.raw(r, "rationale") if "rationale" in sh.columns else ""
            if rationale:
                if (i, j) in seen and score.get("rationale", "") != rationale:
                    sh.bad(r, "rationale", "a second, different rationale for this cell (the first is in row "
                           f"{seen[i, j] + 1}); keep one")
                else:
                    score["rationale"] = rationale
                    seen.setdefault((i, j), r)
            self._citation(sh, r, score)

    def _citation(self, sh: _Sheet, r: int, score: dict[str, Any]) -> None:
        """The row's citation (source, quote, note, as of), added to `score`'s."""
        source = sh.text(r, "source") if "source" in sh.columns else ""
        quote = sh.raw(r, "quote") if "quote" in sh.columns else ""
        note = sh.raw(r, "note") if "note" in sh.columns else ""
        as_of = sh.text(r, "as of") if "as of" in sh.columns else ""
        if source and quote:
            score.setdefault("citations", []).append({"source": source, "quote": quote,
                                                      **({"note": note} if note else {}),
                                                      **({"as_of": as_of} if as_of else {})})
        elif source or quote:
            sh.bad(r, "quote" if source else "source",
                   "a citation needs both a source id and a quote" + (f' (source "{source}")' if source else ""))

    def conditions(self) -> None:
        sh = self.sheet(CONDITIONS)
        if sh is None or not sh.require("option", "condition", "likelihood", "low", "high"):
            return
        found: dict[tuple[int, str], dict[str, Any]] = {}
        for r in sh.rows:
            i = self.option(sh, r)
            cid = sh.text(r, "condition")
            if i is None:
                continue
            if not cid:
                sh.bad(r, "condition", "empty: give the condition's id (e.g. moscow_accepts)")
                continue
            lk = found.get((i, cid))
            if lk is None:
                what = f'of "{cid}" for "{self.options[i]["name"]}"'
                nums = [sh.number(r, col, f"{col} {what}") for col in ("likelihood", "low", "high")]
                if any(x is None for x in nums):
                    continue
                lk = {"value": nums[0], "low": nums[1], "high": nums[2]}
                basis = _norm(sh.text(r, "basis")) if "basis" in sh.columns else ""
                if basis:
                    lk["basis"] = basis
                if "review" in sh.columns and _yes(sh.text(r, "review")):
                    lk["review"] = True
                if "rationale" in sh.columns and sh.raw(r, "rationale"):
                    lk["rationale"] = sh.raw(r, "rationale")
                name = sh.raw(r, "name") if "name" in sh.columns else ""
                self.options[i].setdefault("conditions", []).append(
                    {"id": cid, "name": name or cid, "likelihood": lk})
                found[i, cid] = lk
            self._citation(sh, r, lk)

    def outcomes(self) -> None:
        sh = self.sheet(OUTCOMES)
        if sh is None or not sh.require("option", "criterion", "condition", *OUTCOME_COLUMNS[:3],
                                        *OUTCOME_COLUMNS[4:7]):
            return
        for r, i, j in self.cells(sh):
            o, c = self.options[i], self.criteria[j]
            where = f'of "{o["name"]}" on "{c["name"]}"'
            sides: dict[str, dict[str, Any]] = {}
            for side in ("accepted", "refused"):
                nums = [sh.number(r, f"{side}{part}", f"{side}{part} {where}") for part in ("", " low", " high")]
                if any(x is None for x in nums):
                    break
                sides[side] = {"value": nums[0], "low": nums[1], "high": nums[2]}
                if f"{side} rationale" in sh.columns and sh.raw(r, f"{side} rationale"):
                    sides[side]["rationale"] = sh.raw(r, f"{side} rationale")
            if len(sides) < 2:
                continue
            score = o["scores"][c["id"]]
            score["outcomes"] = {"condition": sh.text(r, "condition"), **sides}
            typed = {k: score.pop(k, None) for k in ("value", "low", "high")}
            self._typed_matches_expected(sh, r, o, c, score["outcomes"], typed)

    def _typed_matches_expected(self, sh: _Sheet, r: int, o: dict[str, Any], c: dict[str, Any],
                                oc: dict[str, Any], typed: dict[str, Any]) -> None:
        """The Matrix sheet shows a conditional cell's expected value: a value there that is not the one its
        outcomes give was typed over it, and is refused by cell rather than replaced."""
        lk = next((cd["likelihood"] for cd in o.get("conditions", []) if cd["id"] == oc["condition"]), None)
        if lk is None or typed["value"] is None:
            return  # the format's checks name an unknown condition
        vf = c.get("value_function")
        fn = None
        if vf and len(vf) >= 2 and is_monotone([q["value"] for q in vf]):
            fn = ([q["x"] for q in vf], [q["value"] for q in vf])
        a, f = oc["accepted"], oc["refused"]
        want = float(expected_score(lk["value"], a["value"], f["value"], fn))
        low, high = expected_range((lk["low"], lk["high"]), (a["low"], a["high"]), (f["low"], f["high"]), fn)
        want = min(max(want, low), high)
        if abs(typed["value"] - want) > 1e-9 * max(1.0, abs(want)):
            where = f'of "{o["name"]}" on "{c["name"]}"'
            sh.bad(r, "accepted", f'the Matrix sheet gives {number_text(typed["value"])} {where} '
                   f"but its outcomes and likelihood give the expected value {number_text(want)}; change the outcomes "
                   "or the likelihood, or delete this row to make the Matrix value a plain score")

    def profiles(self, sheet_weights: list[float] | None) -> None:
        sh = self.sheet(PROFILES)
        if sh is None or not sh.require("id", "name"):
            return
        weight_cols = self._criterion_columns(sh, ("id", "name", "description"), require_all=True)
        profiles: list[dict[str, Any]] = []
        for r in sh.rows:
            p: dict[str, Any] = {"id": sh.text(r, "id"), "name": sh.raw(r, "name"),
                                 "description": sh.raw(r, "description") if "description" in sh.columns else "",
                                 "weights": {}}
            for j, col in weight_cols:
                x = sh.number(r, col, f'weight of "{self.criteria[j]["name"]}" in profile "{p["name"]}"')
                if x is not None and x < 0:
                    sh.bad(r, col, f"weight {number_text(x)} is negative; weights are 0 or more")
                p["weights"][self.criteria[j]["id"]] = 0.0 if x is None else x
            profiles.append(p)
        if not profiles:
            return
        if sheet_weights is not None:
            row = {c["id"]: w for c, w in zip(self.criteria, sheet_weights, strict=True)}
            if all(p["weights"] != row for p in profiles):
                # the #weight row was edited: keep it as a profile of its own rather than drop it
                taken = {p["id"] for p in profiles}
                profiles.append({"id": make_id("sheet", taken), "name": "Weights from the spreadsheet",
                                 "description": "The #weight row of the imported spreadsheet.", "weights": row})
        self.data["profiles"] = profiles

    def _criterion_columns(self, sh: _Sheet, fixed: tuple[str, ...], require_all: bool) -> list[tuple[int, int]]:
        """(criterion index, column) for every column of `sh` that is not one of `fixed`."""
        out: list[tuple[int, int]] = []
        if not sh.grid:
            return out
        header = sh.grid[sh.header_row]
        for col, v in enumerate(header):
            name = text(v)
            if not name or _norm(name) in fixed:
                continue
            j = self.crit_index.get(name.lower())
            if j is None:
                sh.bad(sh.header_row, col, f'"{name}" is not a criterion of the Matrix sheet')
            else:
                out.append((j, col))
        if require_all:
            have = {j for j, _ in out}
            for j, c in enumerate(self.criteria):
                if j not in have:
                    sh.bad(sh.header_row, len(header), f'no column for the criterion "{c["name"]}"')
        return out

    def sources(self) -> None:
        sh = self.sheet(SOURCES)
        if sh is None or not sh.require("id", "author", "title"):
            return
        out = []
        for r in sh.rows:
            s: dict[str, Any] = {"id": sh.text(r, "id"), "author": sh.raw(r, "author"), "title": sh.raw(r, "title")}
            for col in ("outlet", "date"):
                s[col] = sh.raw(r, col) if col in sh.columns else ""
            seed = sh.text(r, "seed file") if "seed file" in sh.columns else ""
            if seed:
                s["seed_file"] = seed
            inferred = sh.text(r, "inferred") if "inferred" in sh.columns else ""
            if inferred:
                s["inferred"] = [_norm(x) for x in inferred.split(",") if x.strip()]
            out.append(s)
        self.data["sources"] = out

    def about(self) -> None:
        sh = self.sheet(ABOUT)
        if sh is None or not sh.require("field", "value"):
            return
        for r in sh.rows:
            key = _norm(sh.text(r, "field")).replace(" ", "_")
            if key in ABOUT_FIELDS:
                v = sh.raw(r, "value")
                if key == "title" and not v.strip():
                    sh.bad(r, "value", "the title is empty; give the model a title")
                else:
                    self.data[key] = v
            elif key == "baseline":
                v = sh.text(r, "value")
                if v:
                    self.data["baseline"] = v
            elif key == "schema_version":
                x = sh.number(r, "value", "schema_version")
                if x is not None and x > SCHEMA_VERSION:
                    sh.bad(r, "value", f"this workbook was written by a newer Decision Desk (schema_version "
                           f"{number_text(x)}); this version reads up to {SCHEMA_VERSION}")
            elif key:
                sh.bad(r, "field", f'"{sh.text(r, "field")}" is not a field here (known: '
                       f'{", ".join(ABOUT_FIELDS)}, schema_version)')

    def session(self) -> None:
        sh = self.sheet(SESSION)
        if sh is None or not sh.rows or not sh.require("method"):
            return
        r = sh.rows[0]
        for extra in sh.rows[1:]:
            sh.bad(extra, 0, "the session has one row; remove this one")
        method = sh.text(r, "method").lower() or "wsm"
        if method not in METHODS:
            sh.bad(r, "method", f'method "{method}" is not one of {", ".join(METHODS)}')
        session: dict[str, Any] = {"method": method}
        profile = sh.text(r, "profile") if "profile" in sh.columns else ""
        if profile:
            session["profile"] = profile
        weights: dict[str, float] = {}
        fixed = ("method", "profile", *BLOCK_COLUMNS.values(), *SLIDE_COLUMNS)
        for j, col in self._criterion_columns(sh, fixed, require_all=False):
            x = sh.number(r, col, f'session weight of "{self.criteria[j]["name"]}"', optional=True)
            if x is not None:
                weights[self.criteria[j]["id"]] = x
        session["weights"] = {c["id"]: weights[c["id"]] for c in self.criteria if c["id"] in weights}
        for block in SESSION_BLOCKS:
            values = self._block(sh, r, block)
            if values:
                session[block] = values
        if "slides" in sh.columns and sh.text(r, "slides"):
            hidden = set(_keys(sh.text(r, "hidden slides"))) if "hidden slides" in sh.columns else set()
            session["slides"] = [{"key": k, "hidden": True} if k in hidden else {"key": k}
                                 for k in _keys(sh.text(r, "slides"))]
        self.data["session"] = session

    def _block(self, sh: _Sheet, r: int, block: str) -> dict[str, Any]:
        """The filled cells of one of the session's blocks: whole numbers, numbers, words (lower case) and
        chains of criterion ids (a>=b>=c, d>=e); their ranges are the format's rules, checked with the rest."""
        out: dict[str, Any] = {}
        cls = SESSION_BLOCKS[block]
        for f in cls.model_fields:
            col = BLOCK_COLUMNS[block, f]
            if col not in sh.columns or is_empty(sh.value(r, col)):
                continue
            words = f.replace("_", " ") if block == "uncertainty" else f"{block} {f.replace('_', ' ')}"
            kind, what = _kind(cls, f), f"the session's {words}"
            if kind == "word":
                out[f] = sh.text(r, col).lower()
            elif kind == "chains":
                out[f] = [[c.strip() for c in part.split(">=")] for part in sh.text(r, col).split(",") if part.strip()]
            elif kind == "bounds":
                out[f] = _bounds_cell(sh, r, col, what)
            elif (x := sh.number(r, col, what)) is not None:
                if kind == "whole" and x != int(x):
                    sh.bad(r, col, f"{what} must be a whole number, not {number_text(x)}")
                out[f] = int(x) if kind == "whole" else x
        return out


def _bounds_cell(sh: _Sheet, r: int, col: str, what: str) -> dict[str, Any]:
    """'id=low..high, id=low..high' (shares of the whole weight) as the session's bounds."""
    out: dict[str, Any] = {}
    for part in filter(None, (p.strip() for p in sh.text(r, col).split(","))):
        cid, eq, rng = part.partition("=")
        low, dots, high = rng.partition("..")
        try:
            if not (eq and dots):
                raise ValueError
            out[cid.strip()] = {"low": float(low), "high": float(high)}
        except ValueError:
            sh.bad(r, col, f'{what}: "{part}" should be written criterion_id=low..high, e.g. feasibility=0.05..0.15')
    return out


def apply_sheets(data: dict[str, Any], book: dict[str, Grid], file: str,
                 sheet_weights: list[float] | None = None) -> dict[str, Any]:
    """Put what the known sheets of `book` hold onto `data` (the matrix's model dictionary), in place.

    `sheet_weights` is the matrix's #weight row, if any: kept as a profile when no profile of the
    Profiles sheet has those weights. Raises InputError naming each bad cell.
    """
    known = {_norm(n) for n in SHEET_NAMES}
    book = {name: grid for name, grid in book.items() if _norm(name) in known}
    if not book:
        return data
    reader = _Reader(data, book, file)
    reader.ids()
    reader.options_sheet()
    reader.criteria_sheet()
    reader.points(ANCHORS, "value", "description", "anchors", reader._anchor)
    reader.points(VALUE_FUNCTIONS, "x", "value", "value_function", reader._value_point)
    reader.ranges()
    reader.evidence()
    reader.conditions()
    reader.outcomes()
    reader.profiles(sheet_weights)
    reader.sources()
    reader.about()
    reader.session()
    if reader.problems:
        raise InputError(grouped(reader.problems))
    return data
