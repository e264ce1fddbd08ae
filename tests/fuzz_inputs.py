"""Strategies for the fuzzers: structurally plausible but wrong inputs, made by mutating real ones.

Models start from the shipped model, the fixtures (versions 1 to 5, one with a workshop) and a small model,
then take one to four mutations: a value of the wrong type or an odd value (numbers near the float limits,
control characters, lone surrogates, deep nesting), a missing or extra field, a duplicated or wrapped item, a
schema version that sends a damaged document through the migrations, or a degenerate but valid change (all
scores equal, one option, a tiny scale). Tables start from real exports (`write_table`) and take odd cells,
rows and columns, label rows, encodings and separators; workbooks also odd sheets and zip parts. Weights and
order strings, and whole argument lists for every command, are drawn from the parser itself.
"""

from __future__ import annotations

import copy
import csv
import functools
import io
import json
import math
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from group_models import WORKSHOP_MODEL, with_participants
from hypothesis import strategies as st

from decision_app.cli import build_parser
from decision_app.core.cells import Grid
from decision_app.core.loading import model_from_dict
from decision_app.core.sheets import model_to_sheets
from decision_app.core.tables import MATRIX_SHEET, grid_to_csv_bytes, model_to_grid
from decision_app.core.workshop_sheets import participant_sheets

ROOT = Path(__file__).resolve().parents[1]
REALISTIC_MODEL = ROOT / "tests" / "fixtures" / "recalibrated-twelve-options.json"
FIXTURES = ROOT / "tests" / "fixtures"

Draw = Callable[[st.SearchStrategy[Any]], Any]


# --- the real inputs they start from ------------------------------------------------------------------


def _small(model: dict[str, Any]) -> dict[str, Any]:
    d = copy.deepcopy(model)
    keep = [c["id"] for c in d["criteria"][:3]]
    d["criteria"] = d["criteria"][:3]
    d["options"] = d["options"][:3]
    for o in d["options"]:
        o["scores"] = {k: v for k, v in o["scores"].items() if k in keep}
    for p in d["profiles"]:
        p["weights"] = {k: v for k, v in p["weights"].items() if k in keep}
    d.pop("session", None)
    d["baseline"] = d["options"][0]["id"] if d.get("baseline") else None
    if d["baseline"] is None:
        d.pop("baseline")
    return d


def _with_ahp(model: dict[str, Any]) -> dict[str, Any]:
    d = with_participants(model, rounds=2)
    ids = [c["id"] for c in d["criteria"][:3]]
    matrix = [[1.0, 3.0, 5.0], [1 / 3, 1.0, 2.0], [1 / 5, 1 / 2, 1.0]]
    weights = {c["id"]: 0.0 for c in d["criteria"]} | dict(zip(ids, (0.65, 0.23, 0.12), strict=True))
    d["participants"][0]["rounds"].append({"round": 3, "method": "ahp", "weights": weights,
                                           "ahp": {"criteria": ids, "matrix": matrix}})
    return d


@functools.cache
def base_texts() -> tuple[tuple[str, str], ...]:
    """(name, JSON text) of every model the model fuzzers start from."""
    default = json.loads(REALISTIC_MODEL.read_text(encoding="utf-8"))
    workshop = json.loads(WORKSHOP_MODEL.read_text(encoding="utf-8"))
    docs = [("ending-the-war", default), ("small", _small(default)), ("workshop", _with_ahp(workshop))]
    docs += [(p.stem, json.loads(p.read_text(encoding="utf-8"))) for p in sorted(FIXTURES.glob("*.json"))]
    for name, d in docs:
        model_from_dict(copy.deepcopy(d), name)  # every start is a valid model
    return tuple((name, json.dumps(d, ensure_ascii=False)) for name, d in docs)


@functools.cache
def base_models() -> tuple[tuple[str, Any], ...]:
    return tuple((name, model_from_dict(json.loads(text), name)) for name, text in base_texts()
                 if name in ("ending-the-war", "small", "workshop"))


@functools.cache
def base_workbooks() -> tuple[tuple[str, dict[str, Grid]], ...]:
    """The sheets `export` writes for the small model, the shipped one and the workshop, as grids."""
    return tuple((name, {MATRIX_SHEET: model_to_grid(m), **model_to_sheets(m), **participant_sheets(m)})
                 for name, m in base_models())


@functools.cache
def base_points_grid() -> Grid:
    model = dict(base_models())["workshop"]
    header = ["participant", *(c.name for c in model.criteria), "round", "note"]
    rows = [[who, *(float((k * 7 + j * 3) % 11) for j in range(len(model.criteria))), k, f"note {k}"]
            for k, who in enumerate(("Anna", "Bruno", "Chen"), start=1)]  # newcomers to the workshop
    return [header, *rows]


# --- odd values ---------------------------------------------------------------------------------------

ODD_NUMBERS: list[Any] = [
    0, -0.0, 1, -1, 0.5, 2, 3, 5, 10, 100, 1e6, 1e15, 1e16, -1e15, 1e-100, 1e-101, 5e-324, 2.2250738585072014e-308,
    1e-320, 1e308, -1e308, 1.7976931348623157e308, math.inf, -math.inf, math.nan, 2**31 - 1, 2**31, 2**53 + 1, 2**63,
    -(2**63), 10**30, 10**400, 99, 1_000_000, 1e-9, 0.1 + 0.2,
]
ODD_TEXTS: list[str] = [
    "", " ", "\t", "\n", "x" * 300, "x" * 301, "a" * 20_001, "a" * 100_001, "A" * 65, "\x00", "a\x01b", "\x0b", "\x7f",
    "\x85", "\u2028", "\ud800", "a\udfffb", "\ufeff", "\u202e", "=1+1", "+1", "-1", "@SUM(A1)", "'=x", "P1", "P0",
    "P10000", "benefit", "cost", "max", "min", "wsm", "ahp", "essay", "inference", "judgement", "yes", "1", "1e308",
    "-0", "nan", "NaN", "inf", "null", "true", "🙂", "日本語", "e\u0301", "ids.with.dots", "-lead", "_x", "a b",
    "<b>bold</b>", "%s%n", "{}", "\\", '"', "'", "#direction", "#weight", "#min", "#max", "option", "participant",
    "round", "note", "2024-01-01", "Matrix", "Ranges", "casualties", "escalation_risk",
]


def odd_numbers() -> st.SearchStrategy[Any]:
    return st.one_of(st.sampled_from(ODD_NUMBERS), st.floats(), st.integers(-(2**70), 2**70))


def odd_texts() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(ODD_TEXTS), st.text(max_size=12))


def _nested(depth: int) -> Any:
    node: Any = 1
    for k in range(depth):
        node = [node] if k % 2 else {"x": node}
    return node


def odd_values() -> st.SearchStrategy[Any]:
    structures = st.one_of(
        st.sampled_from([[], {}, [[]], {"x": 1}, [1, 2, 3], [None], {"": ""}]),
        st.sampled_from([5, 31, 40, 2_000, 100_000]).map(_nested),
        st.lists(st.one_of(odd_numbers(), odd_texts()), max_size=5),
        st.sampled_from([1_001, 200_001]).map(lambda n: list(range(n))),
    )
    return st.one_of(odd_numbers(), odd_texts(), st.booleans(), st.none(), structures)


# --- model documents ----------------------------------------------------------------------------------

Path_ = tuple[str | int, ...]


def _paths(doc: Any) -> list[Path_]:
    """Every place in the document down to 12 levels (the format has 8; below that is junk a mutation put in,
    and the paths into something nested 100,000 deep would fill the memory)."""
    out: list[Path_] = []
    stack: list[tuple[Any, Path_]] = [(doc, ())]
    while stack:
        node, path = stack.pop()
        out.append(path)
        if len(path) >= 12:
            continue
        if isinstance(node, dict):
            stack.extend((v, (*path, k)) for k, v in node.items())
        elif isinstance(node, list):
            stack.extend((v, (*path, i)) for i, v in enumerate(node))
    out.sort(key=lambda p: (len(p), str(p)))
    return out


def _get(doc: Any, path: Path_) -> Any:
    for seg in path:
        doc = doc[seg]
    return doc


def _pick(draw: Draw, doc: Any, kind: type | tuple[type, ...] | None = None) -> Path_ | None:
    paths = [p for p in _paths(doc) if p and (kind is None or isinstance(_get(doc, p), kind))]
    return draw(st.sampled_from(paths)) if paths else None


def _set(doc: Any, path: Path_, value: Any) -> None:
    _get(doc, path[:-1])[path[-1]] = value


def _copy(value: Any) -> Any:
    """A deep copy, or the value itself when it is nested too deep to copy (something a mutation put in)."""
    try:
        return copy.deepcopy(value)
    except RecursionError:
        return value


def _shown(value: Any) -> str:
    try:
        text = repr(value)[:100] if not isinstance(value, (dict, list)) else json.dumps(value)[:100]
    except (RecursionError, ValueError):
        text = f"<{type(value).__name__} nested too deep to show>"
    return text if len(text) <= 60 else text[:57] + "..."


def _at(draw: Draw, n: int) -> int:
    """A position in `n` bytes, drawn as a fraction: the same draw for bytes whose length varies (a workbook
    carries its time of writing), so hypothesis replays it faithfully."""
    return int(draw(st.integers(0, 1_000)) * n // 1_000)


def _where(path: Path_) -> str:
    return "/".join(map(str, path)) or "(top)"


# Each mutation changes the document in place and says what it did (which is what a failing example shows).


def _replace(draw: Draw, doc: Any) -> str:
    path = _pick(draw, doc)
    if path is None:
        return "nothing to replace"
    value = draw(odd_values())
    _set(doc, path, value)
    return f"{_where(path)} = {_shown(value)}"


def _delete(draw: Draw, doc: Any) -> str:
    path = _pick(draw, doc)
    if path is None:
        return "nothing to delete"
    del _get(doc, path[:-1])[path[-1]]
    return f"delete {_where(path)}"


def _extra_field(draw: Draw, doc: Any) -> str:
    path = _pick(draw, doc, dict)
    if path is None or draw(st.booleans()):
        path = ()
    key = draw(st.one_of(st.sampled_from(["x", "id", "name", "value", "weights", "scores", "rounds", "hidden",
                                          "schema_version", "session", "ahp"]), odd_texts()))
    value = draw(odd_values())
    _get(doc, path)[key] = value
    return f"{_where((*path, key))} = {_shown(value)} (added)"


def _duplicate(draw: Draw, doc: Any) -> str:
    path = _pick(draw, doc, list)
    items = _get(doc, path) if path is not None else []
    if not items:
        return "nothing to duplicate"
    k, at = draw(st.integers(0, len(items) - 1)), draw(st.integers(0, len(items)))
    items.insert(at, _copy(items[k]))
    return f"copy {_where(path or ())}[{k}] to [{at}]"


def _wrap(draw: Draw, doc: Any) -> str:
    path = _pick(draw, doc)
    if path is None:
        return "nothing to wrap"
    value = _get(doc, path)
    how = draw(st.sampled_from(["list", "value", "key"]))
    _set(doc, path, [value] if how == "list" else {"value" if how == "value" else str(path[-1]): value})
    return f"wrap {_where(path)} in a {'list' if how == 'list' else 'object'}"


def _swap(draw: Draw, doc: Any) -> str:
    a, b = _pick(draw, doc), _pick(draw, doc)
    if a is None or b is None or a[: len(b)] == b or b[: len(a)] == a:
        return "nothing to swap"
    va, vb = _get(doc, a), _get(doc, b)
    _set(doc, a, _copy(vb))
    _set(doc, b, _copy(va))
    return f"swap {_where(a)} and {_where(b)}"


def _number(draw: Draw, doc: Any) -> str:
    path = _pick(draw, doc, (int, float))
    if path is None or isinstance(_get(doc, path), bool):
        return "no number to change"
    x = _get(doc, path)
    try:
        derived = [-x, x * 1e300, x + 1e-300, x / 3, x * 10]
    except OverflowError:  # a whole number too large for a float
        derived = [-x, x * 10]
    value = draw(st.one_of(odd_numbers(), st.sampled_from(derived)))
    _set(doc, path, value)
    return f"{_where(path)} = {_shown(value)}"


def _text(draw: Draw, doc: Any) -> str:
    path = _pick(draw, doc, str)
    if path is None:
        return "no text to change"
    t = _get(doc, path)
    longer = (t * 50)[:120_000]  # at most just over the limit, however often the same text is chosen
    value = draw(st.one_of(odd_texts(), st.sampled_from([t + "\x01", t + "\ud800", longer, t.upper(), f" {t} ",
                                                          "=" + t, t[:1], (t + t)[:120_000]])))
    _set(doc, path, value)
    return f"{_where(path)} = {_shown(value)}"


def _version(draw: Draw, doc: Any) -> str:
    if not isinstance(doc, dict):
        return "no version to change"
    doc["schema_version"] = draw(st.sampled_from([0, 1, 2, 3, 4, 5, 6, -1, 10**20, "5", 5.0, None, True]))
    return f"schema_version = {doc['schema_version']!r}"


def _degenerate(draw: Draw, doc: Any) -> str:
    """Valid-looking but extreme: equal scores, one option or criterion, weights on one criterion, a tiny or
    huge scale, zero ranges, odd session and uncertainty settings, value functions and preferences."""
    crits, opts = (doc.get("criteria"), doc.get("options")) if isinstance(doc, dict) else (None, None)
    if not (isinstance(crits, list) and crits and all(isinstance(c, dict) for c in crits)
            and isinstance(opts, list) and opts):
        return "no model to make degenerate"
    j = draw(st.integers(0, len(crits) - 1))
    cid = crits[j].get("id")
    kind = draw(st.sampled_from(["equal", "one_option", "one_criterion", "weights", "scale", "session",
                                 "value_function", "preference", "many_options"]))
    scores = [o["scores"].get(cid) for o in opts if isinstance(o, dict) and isinstance(o.get("scores"), dict)]
    scores = [sc for sc in scores if isinstance(sc, dict)]
    detail = ""
    if kind == "equal":
        x = draw(st.sampled_from([0.0, 5.0, -0.0]))
        for sc in scores:
            sc.update(value=x, low=x, high=x)
        detail = repr(x)
    elif kind == "one_option":
        del opts[1:]
    elif kind == "one_criterion":
        doc["criteria"] = [crits[j]]
    elif kind == "weights":
        w = draw(st.sampled_from([1.0, 1e-90, 1e15, 7.0]))
        for p in doc.get("profiles") or []:
            if isinstance(p, dict) and isinstance(p.get("weights"), dict):
                p["weights"] = {k: (w if k == cid else 0.0) for k in p["weights"]}
        detail = repr(w)
    elif kind == "scale":
        lo, hi = draw(st.sampled_from([(0.0, 1e-90), (-1e15, 1e15), (0.0, 1e-9), (1e14, 1e14 + 1), (-1.0, 0.0)]))
        crits[j]["scale"] = {"min": lo, "max": hi}
        crits[j]["anchors"] = [{"value": lo, "description": "lo"}, {"value": (lo + hi) / 2, "description": "mid"},
                               {"value": hi, "description": "hi"}]
        crits[j].pop("value_function", None)
        for sc in scores:
            x = draw(st.sampled_from([lo, hi, (lo + hi) / 2]))
            sc.update(value=x, low=lo, high=hi)
        detail = f"{lo!r}..{hi!r}"
    elif kind == "session":
        doc["session"] = {"method": draw(st.sampled_from(["wsm", "wpm", "topsis", "vikor", "promethee2"])),
                          "weights": {cid: 1.0},
                          "uncertainty": {"samples": 100, "seed": draw(st.sampled_from([0, 2**31 - 1])),
                                          "weights_mode": draw(st.sampled_from(["around", "uniform"])),
                                          "spread": draw(st.sampled_from([0.0, 1.0, 0.5])),
                                          "scores_mode": draw(st.sampled_from(["fixed", "uniform", "triangular"]))}}
        detail = json.dumps(doc["session"])
    elif kind == "value_function":
        crits[j]["value_function"] = draw(st.sampled_from([
            [{"x": 0, "value": 0}, {"x": 1e-90, "value": 1}], [{"x": -1e15, "value": 1}, {"x": 1e15, "value": 0}],
            [{"x": 0, "value": 0.5}, {"x": 1, "value": 0.5}]]))
        detail = json.dumps(crits[j]["value_function"])
    elif kind == "preference":
        crits[j]["preference"] = {"type": "linear", "q": draw(st.sampled_from([0.0, 1e-90, 1e15])),
                                  "p": draw(st.sampled_from([0.0, 1e-90, 1e15]))}
        detail = json.dumps(crits[j]["preference"])
    else:
        n = draw(st.sampled_from([30, 200]))
        for k in range(n):
            o = _copy(opts[0])
            if isinstance(o, dict):
                o.update(id=f"copy_{k}", name=f"Copy {k}")
            opts.append(o)
        detail = str(n)
    return f"degenerate: {kind} on criteria[{j}] {detail}".rstrip()


MODEL_MUTATIONS = (_replace, _delete, _extra_field, _duplicate, _wrap, _swap, _number, _text, _version, _degenerate,
                   _degenerate, _number, _text)


class Mutated:
    """A mutated document; its repr (what a failing example shows) is the start and the mutations, not the
    whole document."""

    def __init__(self, base: str, doc: Any, steps: list[str]) -> None:
        self.base, self.doc, self.steps = base, doc, steps

    def __repr__(self) -> str:
        return f"Mutated({self.base!r}: {'; '.join(self.steps)})"


@st.composite
def mutated_models(draw: Draw) -> Mutated:
    name, text = draw(st.sampled_from(base_texts()))
    doc = json.loads(text)
    steps = [draw(st.sampled_from(MODEL_MUTATIONS))(draw, doc) for _ in range(draw(st.integers(1, 4)))]
    return Mutated(name, doc, steps)


class Raw(bytes):
    """File bytes whose repr is their length and start (a failing example stays readable)."""

    def __repr__(self) -> str:
        return f"<{len(self):,} bytes: {bytes(self[:80])!r}...>"


@st.composite
def model_file_bytes(draw: Draw, doc: Any) -> bytes:
    """A document as a file: escaped or raw UTF-8 (lone surrogates as the bytes Java's "modified UTF-8" would
    write), indented or not, NaN and Infinity as JavaScript writes them."""
    ascii_only = draw(st.booleans())
    try:
        text = json.dumps(doc, ensure_ascii=ascii_only, allow_nan=True, indent=draw(st.sampled_from([None, 2])))
    except RecursionError:
        return Raw(b"[" * 100_000 + b"]" * 100_000)
    return Raw(text.encode("utf-8", errors="surrogatepass"))


@st.composite
def damaged_json_bytes(draw: Draw) -> Raw:
    """A real model file damaged as bytes: cut short, bytes inserted or flipped, numbers that JSON allows but
    floats do not, deep nesting, duplicate keys, other encodings."""
    return Raw(_damage(draw))


def _damage(draw: Draw) -> bytes:
    _, text = draw(st.sampled_from(base_texts()))
    raw = text.encode("utf-8")
    kind = draw(st.sampled_from(["truncate", "insert", "flip", "number", "nest", "duplicate_key", "encoding",
                                 "bom", "empty", "nul"]))
    at = _at(draw, len(raw))
    if kind == "truncate":
        return raw[:at]
    if kind == "insert":
        return raw[:at] + draw(st.binary(min_size=1, max_size=8)) + raw[at:]
    if kind == "flip":
        at = min(at, len(raw) - 1)
        return raw[:at] + bytes([raw[at] ^ draw(st.integers(1, 255))]) + raw[at + 1:]
    if kind == "number":
        literal = draw(st.sampled_from([b"1e400", b"-1e400", b"NaN", b"Infinity", b"-0", b"1" * 5_000, b"1" * 30,
                                        b"4.9e-324", b"1e-400", b"0.1e1", b"2e15"]))
        pos = raw.find(b'"value": ', at)
        pos = raw.find(b'"value": ') if pos < 0 else pos
        end = min((i for i in (raw.find(b",", pos), raw.find(b"}", pos)) if i > 0), default=len(raw))
        return raw[: pos + 9] + literal + raw[end:]
    if kind == "nest":
        depth = draw(st.sampled_from([33, 500, 1_000, 100_000]))
        return b'{"schema_version": 5, "title": ' + b"[" * depth + b"]" * depth + b"}"
    if kind == "duplicate_key":
        return b'{"title": "twice", ' + raw[1:]
    if kind == "encoding":
        return text.encode(draw(st.sampled_from(["utf-16", "utf-32", "cp1252"])), errors="replace")
    if kind == "bom":
        return b"\xef\xbb\xbf" + raw
    if kind == "nul":
        return raw[:at] + b"\x00" * 10 + raw[at:]
    return b""


# --- tables -------------------------------------------------------------------------------------------

CELL_TEXTS = [*ODD_TEXTS, "1e308", "-1e308", "1e16", "1e15", "5e-324", "1e-101", "1,5", "1.5", "1;5", "1 000", "0x10",
              "1_000", "١", "½", "²", "Infinity", "-inf", "", "  ", "max", "min", "#note"]


def odd_cells(typed: bool) -> st.SearchStrategy[Any]:
    """Cell values: texts, and in a workbook also numbers, booleans and empties."""
    texts = st.one_of(st.sampled_from(CELL_TEXTS), st.text(max_size=8))
    if not typed:
        return texts
    return st.one_of(texts, odd_numbers(), st.booleans(), st.none())


def _grid_op(draw: Draw, grid: Grid, typed: bool) -> Grid:
    grid = [list(r) for r in grid] or [[]]
    r = draw(st.integers(0, len(grid) - 1))
    row = grid[r]
    kind = draw(st.sampled_from(["cell", "cell", "cell", "insert_row", "delete_row", "insert_column",
                                 "delete_column", "truncate_row", "extend_row", "move_row", "blank_row",
                                 "drop_label", "only_min", "many_rows", "wide_row"]))
    if kind == "cell":
        c = draw(st.integers(0, max(len(row), 1)))
        while len(row) <= c:
            row.append(None if typed else "")
        row[c] = draw(odd_cells(typed))
    elif kind == "insert_row":
        grid.insert(r, list(draw(st.sampled_from(grid))))
    elif kind == "delete_row":
        del grid[r]
    elif kind == "insert_column":
        c = draw(st.integers(0, max(len(row), 1)))
        for k, rw in enumerate(grid):
            rw.insert(min(c, len(rw)), draw(odd_cells(typed)) if k == 0 else (rw[min(c, len(rw) - 1)] if rw else ""))
    elif kind == "delete_column":
        c = draw(st.integers(0, max(len(row) - 1, 0)))
        for rw in grid:
            if c < len(rw):
                del rw[c]
    elif kind == "truncate_row":
        del row[draw(st.integers(0, len(row))):]
    elif kind == "extend_row":
        row.extend(draw(st.lists(odd_cells(typed), min_size=1, max_size=3)))
    elif kind == "move_row":
        grid.insert(draw(st.integers(0, len(grid))), grid.pop(r))
    elif kind == "blank_row":
        grid[r] = [None if typed else ""] * len(row)
    elif kind in ("drop_label", "only_min"):
        labels = [k for k, rw in enumerate(grid) if rw and str(rw[0]).startswith("#")]
        if labels:
            k = draw(st.sampled_from(labels))
            if kind == "drop_label":
                del grid[k]
            else:
                grid[k] = ["#min" if str(grid[k][0]) == "#max" else "#max", *grid[k][1:]]
    elif kind == "many_rows":
        grid.extend(list(grid[-1]) for _ in range(draw(st.sampled_from([50, 500]))))
    else:
        row.extend([row[-1] if row else 1] * draw(st.sampled_from([100, 1_001])))
    return grid or [[]]


@st.composite
def mutated_grid(draw: Draw, grid: Grid, typed: bool = False) -> Grid:
    for _ in range(draw(st.integers(0, 3))):  # none, now and then: the file's other oddities alone
        grid = _grid_op(draw, grid, typed)
    return grid


@st.composite
def csv_bytes(draw: Draw, grid: Grid) -> bytes:
    """A grid as a .csv the way some program might write it: separator, quoting, encoding, line ends, and now
    and then bytes no program should write."""
    buf = io.StringIO(newline="")
    delimiter = draw(st.sampled_from([",", ",", ",", ";", "\t", "|"]))
    writer = csv.writer(buf, delimiter=delimiter, lineterminator=draw(st.sampled_from(["\r\n", "\n", "\r"])),
                        quoting=draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONNUMERIC])))
    for row in grid:
        writer.writerow(["" if v is None else v for v in row])
    text = buf.getvalue()
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8", "utf-8-sig", "cp1252", "utf-16", "latin-1"]))
    raw = text.encode(encoding, errors="replace") if encoding != "utf-8" else text.encode("utf-8", "surrogatepass")
    junk = draw(st.sampled_from([None] * 14 + [b"\x00", b"\xff\xfe", b'"', b"\r", b"\x1a"]))
    if junk is not None:
        at = _at(draw, len(raw))
        raw = raw[:at] + junk + raw[at:]
    return Raw(raw)


@st.composite
def csv_tables(draw: Draw) -> bytes:
    _, book = draw(st.sampled_from(base_workbooks()))
    matrix = [["" if v is None else (v if isinstance(v, str) else repr(v)) for v in row] for row in book[MATRIX_SHEET]]
    return draw(csv_bytes(draw(mutated_grid(matrix))))


@st.composite
def points_tables(draw: Draw) -> bytes:
    grid = [[v if isinstance(v, str) else repr(v) for v in row] for row in base_points_grid()]
    return draw(csv_bytes(draw(mutated_grid(grid))))


def _sheet_title(name: str) -> str:
    bad = set("[]:*?/\\")
    cleaned = "".join(ch for ch in name if ch not in bad)[:31]
    return cleaned or "Sheet"


def _writable(v: Any) -> Any:
    if isinstance(v, str):
        return "".join(ch for ch in v if ch in "\t\n\r" or (ord(ch) >= 32 and not 0xD800 <= ord(ch) <= 0xDFFF))
    if isinstance(v, int) and not isinstance(v, bool) and abs(v) > 2**63:
        return float("inf") if v > 0 else float("-inf")
    return v


def workbook_bytes(book: dict[str, Grid]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    taken: set[str] = set()
    for name, grid in book.items():
        title = _sheet_title(name)
        while title.lower() in taken:
            title = (title[:28] + "_2")[:31]
        taken.add(title.lower())
        ws = wb.create_sheet(title)
        for row in grid:
            ws.append([_writable(v) for v in row])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _with_parts(raw: bytes, parts: dict[str, bytes], drop: str | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename not in parts and info.filename != drop:
                dst.writestr(info, src.read(info))
        for name, data in parts.items():
            dst.writestr(name, data)
    return out.getvalue()


def declared_bomb(raw: bytes, size: int = 600 << 20) -> bytes:
    """`raw` with one more part whose directory entry says it unpacks to `size` bytes: a zip bomb as its
    directory describes it (zipfile never unpacks more than a part declares, so that is what counts)."""
    name = b"xl/media/image1.bin"
    raw = _with_parts(raw, {name.decode(): bytes(64)})
    at = raw.rfind(b"PK\x01\x02")
    assert raw[at + 46: at + 46 + len(name)] == name
    return raw[: at + 24] + size.to_bytes(4, "little") + raw[at + 28:]


SHEET_XML = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
             'spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>')


@st.composite
def raw_sheet_xml(draw: Draw) -> bytes:
    """A sheet's XML written by hand: cells far out (row 10^9, column ZZZ), rows out of order, bad values."""
    row = draw(st.sampled_from([1, 2, 0, -1, 500_001, 10**9, 10**20]))
    col = draw(st.sampled_from(["A", "B", "ALM", "ZZZ", "AAAA", "1", ""]))
    value = draw(st.sampled_from(["1", "1e400", "nan", "-0", "x", "", "1" * 400]))
    kind = draw(st.sampled_from(["n", "s", "str", "b", "e", "inlineStr", "d", "zz"]))
    body = f'<row r="1"><c r="A1" t="str"><v>option</v></c></row><row r="{row}"><c r="{col}{row}" t="{kind}"><v>{value}</v></c></row>'
    if draw(st.booleans()):
        body += "<row><c><v>broken"
    return SHEET_XML.format(rows=body).encode("utf-8")


@st.composite
def xlsx_tables(draw: Draw) -> bytes:
    _, book = draw(st.sampled_from(base_workbooks()))
    book = dict(book)
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["grid", "grid", "grid", "drop_sheet", "rename_sheet", "copy_sheet",
                                     "reorder"]))
        names = list(book)
        sheet = draw(st.sampled_from(names)) if names else None
        if kind == "grid" and sheet is not None:
            book[sheet] = draw(mutated_grid(book[sheet], typed=True))
        elif kind == "drop_sheet" and sheet is not None:
            del book[sheet]
        elif kind == "rename_sheet" and sheet is not None:
            book = {(draw(odd_texts()) if k == sheet else k): v for k, v in book.items()}
        elif kind == "copy_sheet" and sheet is not None:
            book[sheet + " (2)"] = [list(r) for r in book[sheet]]
        elif kind == "reorder":
            book = dict(reversed(list(book.items())))
    raw = workbook_bytes(book or {"Sheet": [[]]})
    damage = draw(st.sampled_from([None, None, None, None, "bomb", "parts", "sheet_xml", "truncate", "flip",
                                   "not_zip", "drop_part"]))
    if damage == "bomb":
        raw = declared_bomb(raw)
    elif damage == "parts":
        raw = _with_parts(raw, {f"junk/{k}.xml": b"<x/>" for k in range(1_001)})
    elif damage == "sheet_xml":
        raw = _with_parts(raw, {"xl/worksheets/sheet1.xml": draw(raw_sheet_xml())})
    elif damage == "drop_part":
        with zipfile.ZipFile(io.BytesIO(raw)) as z:
            names = z.namelist()
        raw = _with_parts(raw, {}, drop=draw(st.sampled_from(names)))
    elif damage == "truncate":
        raw = raw[: _at(draw, len(raw))]
    elif damage == "flip":
        at = _at(draw, len(raw) - 1)
        raw = raw[:at] + bytes([raw[at] ^ 0xFF]) + raw[at + 1:]
    elif damage == "not_zip":
        raw = grid_to_csv_bytes([[str(v) for v in row] for row in next(iter(dict(base_workbooks()).values()))[MATRIX_SHEET]])
    return Raw(raw)


# --- typed strings and argument lists ---------------------------------------------------------------

WEIGHT_NUMBERS = ["1", "0", "-0", "-1", "0.5", "1e308", "1e309", "inf", "nan", "-inf", "1e15", "1e16", "5e-324", "1e-101",
                  "", " ", "x", "1,5", "0x10", "1_000", "١", "٣.٥", "1" * 400, "1e-400", "+2", ".5", "5.", "2e"]


@st.composite
def weights_strings(draw: Draw, ids: list[str]) -> str:
    """--weights: id=number parts with odd ids (cases, spaces, unknown ones), odd numbers and odd separators."""
    parts = []
    for _ in range(draw(st.integers(0, 6))):
        cid = draw(st.one_of(st.sampled_from(ids), st.sampled_from(ids).map(str.upper), odd_texts()))
        sep = draw(st.sampled_from(["=", "=", "=", "==", ":", " = ", ""]))
        parts.append(f"{cid}{sep}{draw(st.one_of(st.sampled_from(WEIGHT_NUMBERS), st.text(max_size=5)))}")
    return draw(st.sampled_from([",", ",", ", ", ",,", ";"])).join(parts)


@st.composite
def order_strings(draw: Draw, ids: list[str]) -> str:
    """--order: chains a>=b with odd ids, repeats and separators."""
    chains = []
    for _ in range(draw(st.integers(0, 3))):
        names = draw(st.lists(st.one_of(st.sampled_from(ids), odd_texts()), min_size=0, max_size=4))
        chains.append(draw(st.sampled_from([">=", ">", "<=", ">=>="])).join(names))
    return ",".join(chains)


def _verbs() -> dict[str, list[Any]]:
    """Every command and sub-command with its options, from the parser itself ("participants form" ...)."""
    parser = build_parser()
    out: dict[str, list[Any]] = {}

    def walk(p: Any, prefix: tuple[str, ...]) -> None:
        subs = [a for a in p._actions if a.__class__.__name__ == "_SubParsersAction"]
        if not subs:
            out[" ".join(prefix)] = [a for a in p._actions if a.option_strings and a.dest != "help"]
            return
        for name, sub in subs[0].choices.items():
            walk(sub, (*prefix, name))

    walk(parser, ())
    return out


VERBS = _verbs()
# positional files a command takes, and a good output name for it (None: no -o)
SHAPES: dict[str, tuple[tuple[str, ...], str | None]] = {
    "validate": (("model.json", "table.xlsx"), None), "score": (("model.json",), None),
    "sensitivity": (("model.json",), None), "uncertainty": (("small.json",), None), "audit": (("model.json",), None),
    "import": (("table.xlsx",), "out.json"), "export": (("model.json",), "out.xlsx"),
    "brief": (("small.json",), "out.pdf"), "slides": (("small.json",), "out.pdf"),
    "participants form": (("workshop.json",), "out.xlsx"), "participants import": (("workshop.json", "points.csv"), "out.json"),
    "group": (("workshop.json",), None), "schema": ((), None), "open": (("model.json",), None),
}
# for each option, values a person would type (drawn half the time), beside odd ones
PLAUSIBLE: dict[str, list[str]] = {
    "--samples": ["100", "200"], "--seed": ["0", "1", "7"], "--top": ["1", "3", "12"], "--count": ["1", "3"],
    "--round": ["1", "2"], "--vikor-v": ["0", "0.5", "1"], "--spread": ["0", "0.1", "1"],
    "--profile": ["equal", "kogan_outlook", "sheet"], "--weights": ["casualties=1,feasibility=2", "casualties=1"],
    "--order": ["casualties>=feasibility", "casualties>=escalation_risk>=feasibility"], "--size": ["1920x1080", "320x240"],
    "--date": ["2024-01-01", "1999-12-31"], "--codes": ["P1,P2", "P7"], "--direction": ["Risk=cost"],
    "--participants": ["points.csv"], "--method": ["wsm", "wpm", "topsis", "vikor", "promethee2"],
}
INT_VALUES = ["-1", "0", "1", "2", "3", "5", "99", "100", "101", "500", "501", str(2**31), str(10**20), "1e3", "x", "",
              "nan", "-0", "١"]
SLOW_INTS = {"--samples": ["-1", "0", "1", "99", "100", "150", str(10**12), "x", "1e3", "nan"]}
FLOAT_VALUES = ["0", "-0", "0.5", "1", "1.5", "-1", "nan", "inf", "-inf", "1e308", "1e-320", "x", ""]


def _odd_value(action: Any, flag: str, files: list[str], outputs: list[str]) -> st.SearchStrategy[str]:
    if action.dest == "output":
        return st.sampled_from(outputs)
    if action.choices:
        return st.one_of(st.sampled_from(sorted(map(str, action.choices))), odd_texts())
    if action.type is int:
        return st.sampled_from(SLOW_INTS.get(flag, INT_VALUES))
    if action.type is float:
        return st.sampled_from(FLOAT_VALUES)
    if action.nargs in ("+", "*"):
        return st.sampled_from(files)
    return st.one_of(odd_texts(), st.sampled_from(["casualties=1", "casualties>=feasibility", "1920x1080", "10x10",
                                                   "2024-02-30", "P1,P1", "x=y", "ending"]))


@st.composite
def cli_arguments(draw: Draw, files: list[str], outputs: list[str]) -> list[str]:
    """A whole argument list: a command, its files (the right ones, mostly), and options with values a person
    would type or odd ones, now and then junk."""
    verb = draw(st.sampled_from(sorted(VERBS)))
    argv = verb.split() if verb else []
    inputs, output = SHAPES.get(verb, ((), None))
    if draw(st.integers(0, 3)):
        argv += inputs
        if output is not None:
            argv += ["-o", output]
    else:
        argv += draw(st.lists(st.sampled_from(files), max_size=len(inputs) + 1))
    for action in draw(st.lists(st.sampled_from(VERBS[verb]), max_size=4)) if VERBS.get(verb) else []:
        flag = max(action.option_strings, key=len)
        argv.append(flag)
        if action.nargs == 0:
            continue
        plausible = PLAUSIBLE.get(flag)
        if plausible and draw(st.booleans()):
            argv.append(draw(st.sampled_from(plausible)))
        else:
            argv.append(draw(_odd_value(action, flag, files, outputs)))
    if draw(st.integers(0, 9)) == 0:
        argv.insert(draw(st.integers(0, len(argv))), draw(st.sampled_from(["--", "-", "--nope", "-o", "--json", "-h"])))
    return argv
