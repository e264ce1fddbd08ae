"""Limits on what comes in: the size of a file, a workbook's unpacked size, a table's rows and columns, a
document's nesting, length and counts, every text and every number.

Every reader measures its input against these before parsing further (`loading` for model files, `tables`
and `workbook` for spreadsheets, `intake` through both, the command line for typed weights), so a
pathological input is refused with a message naming the file, what is over the limit and the limit, before
it can exhaust memory or time. The limits are generous for real use: the shipped model is 12 options x 11
criteria, a big real one 500 x 100. README.md lists them in a table; keep it in step.

Plain functions on plain data, no Qt: a JSON document as Python values, a table as a grid of cells.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from decision_app.core.cells import cell
from decision_app.core.errors import InputError, Problem

MIB = 1024 * 1024

MAX_FILE_BYTES = 64 * MIB  # a model file or a spreadsheet, as stored
MAX_UNPACKED_BYTES = 256 * MIB  # a workbook's parts once unzipped, as its zip directory declares them
MAX_ZIP_ENTRIES = 1_000  # parts of a workbook (a real one has about 2 per sheet plus 10)
MAX_DEPTH = 32  # nesting of a JSON document (the format needs 9: a round's judgements node by node)
MAX_VALUES = 2_000_000  # numbers, texts, lists and objects in one JSON document
MAX_ENTRIES = 1_000  # fields (keys) of one JSON object: the scores of an option, the weights of a profile
MAX_ITEMS = 200_000  # items of one JSON list
MAX_TEXT = 100_000  # characters of one text (the format itself allows 20,000 in a rationale)
MAX_NUMBER = 1e15  # size of any number (a thousand trillion)
MIN_NUMBER = 1e-100  # size of any number other than 0

MAX_OPTIONS = 2_000
MAX_CRITERIA = 500
MAX_SCORES = 200_000  # options x criteria
MAX_PROFILES = 1_000
MAX_SOURCES = 5_000
MAX_CITATIONS = 200  # per score
MAX_PARTICIPANTS = 1_000
MAX_POINTS = 1_000  # anchors, or value-function points, of one criterion

MAX_ROWS = 500_000  # of one sheet or .csv
MAX_COLUMNS = 1_000  # of one sheet or .csv
MAX_CELLS = 3_000_000  # of all the sheets of one file together

# C0 control characters other than tab, line feed and carriage return: XML (so .xlsx) cannot hold them and
# nobody types them; surrogates (U+D800..U+DFFF) alone are not text at all (a JSON "\ud800" escape).
_BAD_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")
_NUMBER_TEXT = re.compile(r"^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$")


def count(n: float) -> str:
    """A limit or a count as people write it: 2,000; 64 MB; 1e+15."""
    return f"{n:,}" if isinstance(n, int) else f"{n:g}"


def size_text(n: int) -> str:
    return f"{n / MIB:,.0f} MB" if n >= MIB else f"{n:,} bytes"


def over(what: str, amount: int, limit: int, unit: str = "") -> str:
    """'has 2,345 options; the limit is 2,000'."""
    unit = f" {unit}" if unit else ""
    return f"{what} {count(amount)}{unit}; the limit is {count(limit)}{unit}"


# --- texts and numbers --------------------------------------------------------------------------------


def character_problem(text: str) -> str | None:
    """Why `text` cannot be taken (a control character, half a surrogate pair, too long), or None."""
    if len(text) > MAX_TEXT:
        return f"the text is {count(len(text))} characters long; the limit is {count(MAX_TEXT)}; shorten it"
    bad = _BAD_CHARACTER.search(text)
    if bad is None:
        return None
    code = ord(bad.group())
    where = f"after “{_shown(text[:bad.start()][-20:])}”" if bad.start() else "at the start"
    if code >= 0xD800:
        return (f"the text holds half of a character (U+{code:04X}, a lone surrogate) {where}: it is not valid "
                "Unicode; retype the text or save the file again as UTF-8")
    return (f"the text holds an invisible control character (U+{code:04X}) {where}; delete it or retype the "
            "text")


def _shown(text: str) -> str:
    return _BAD_CHARACTER.sub("?", " ".join(text.split()))


def number_problem(x: float) -> str | None:
    """Why a number cannot be computed with (not finite, too large, too small), or None."""
    if isinstance(x, bool):
        return None
    if isinstance(x, float) and math.isnan(x):
        return "NaN (not a number) is not a number to compute with; give a number"
    if isinstance(x, float) and math.isinf(x):
        return f"an infinite number is too large: numbers may be up to {count(MAX_NUMBER)} in size"
    if abs(x) > MAX_NUMBER:
        return f"{_number_shown(x)} is too large: numbers may be up to {count(MAX_NUMBER)} in size"
    if x and abs(x) < MIN_NUMBER:
        return f"{_number_shown(x)} is too small: numbers other than 0 must be at least {count(MIN_NUMBER)} in size"
    return None


def _number_shown(x: float) -> str:
    if isinstance(x, int) and len(str(abs(x))) > 20:
        return f"a number of {len(str(abs(x)))} digits"
    return f"{x:g}" if isinstance(x, float) else str(x)


# --- files --------------------------------------------------------------------------------------------


def check_file_size(size: int, file: str) -> None:
    if size > MAX_FILE_BYTES:
        raise InputError(f"the file is larger than {size_text(MAX_FILE_BYTES)} (the limit for a model or a "
                         "spreadsheet); is it the right file?", file)


def check_zip(info: Sequence[Any], file: str) -> None:
    """A workbook's zip directory (`zipfile.ZipFile.infolist()`): refuse more parts, or more unpacked bytes,
    than any real workbook has (a zip bomb posing as an .xlsx), before any part is unpacked."""
    if len(info) > MAX_ZIP_ENTRIES:
        raise InputError(over("the workbook has", len(info), MAX_ZIP_ENTRIES, "parts") + "; is it a real .xlsx?",
                         file)
    total = sum(max(0, int(i.file_size)) for i in info)
    if total > MAX_UNPACKED_BYTES:
        raise InputError(f"the workbook would unpack to {size_text(total)}; the limit is "
                         f"{size_text(MAX_UNPACKED_BYTES)}; is it a real .xlsx?", file)


# --- JSON documents -----------------------------------------------------------------------------------


def _place(path: Iterable[str | int], data: Any = None) -> str:
    """`options[3] "Ceasefire…" / scores / risk / value`, as the loader writes places (items named by their
    name or id when `data`, the document, has one)."""
    parts: list[str] = []
    node = data
    for seg in path:
        if isinstance(seg, int):
            node = node[seg] if isinstance(node, list) and 0 <= seg < len(node) else None
            label = f"[{seg}]"
            name = next((node[k] for k in ("name", "id") if isinstance(node, dict) and isinstance(node.get(k), str)
                         and not _BAD_CHARACTER.search(node[k])), None)
            if name is not None:
                label += f' "{_short_key(" ".join(name.split()), 28)}"'
            if parts:
                parts[-1] += label
            else:
                parts.append(label)
        else:
            node = node.get(seg) if isinstance(node, dict) else None
            parts.append(_short_key(seg))
    return " / ".join(parts) or "(top level)"


def _short_key(key: str, limit: int = 40) -> str:
    key = _BAD_CHARACTER.sub("?", key)
    return key if len(key) <= limit else key[: limit - 1].rstrip() + "…"


def _within(data: Any) -> bool:
    """The quick pass of `tree_problems`: True when nothing in the document is over a limit. Level by level,
    keeping no paths (the document of a big real model is half a million values; this runs on every edit)."""
    level, depth, values = [data], 0, 0
    bad, good_keys = _BAD_CHARACTER.search, set()
    while level:
        values += len(level)
        if values > MAX_VALUES:
            return False
        below: list[Any] = []
        for node in level:
            kind = type(node)
            if kind is str:
                if len(node) > MAX_TEXT or bad(node):
                    return False
            elif kind is float:
                if node != 0 and not MIN_NUMBER <= abs(node) <= MAX_NUMBER:  # NaN fails both comparisons
                    return False
            elif kind is dict:
                if depth >= MAX_DEPTH or len(node) > MAX_ENTRIES:
                    return False
                for key in node:
                    if key not in good_keys:
                        if type(key) is not str or len(key) > MAX_TEXT or bad(key):
                            return False
                        good_keys.add(key)
                below.extend(node.values())
            elif kind is list:
                if depth >= MAX_DEPTH or len(node) > MAX_ITEMS:
                    return False
                below.extend(node)
            elif kind is int:
                if abs(node) > MAX_NUMBER or (node and abs(node) < MIN_NUMBER):
                    return False
            elif kind is not bool and node is not None:
                return False  # anything else (a subclass, a tuple): let the careful pass say what
        level, depth = below, depth + 1
    return True


def tree_problems(data: Any, file: str) -> list[Problem]:
    """A parsed JSON document against the limits on nesting, size, texts and numbers: every problem (up to
    a hundred), each with its place. Iterative: a document nested a million deep is measured, not recursed."""
    if _within(data):
        return []
    problems: list[Problem] = []
    values = 0
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(data, ())]
    while stack and len(problems) < 100:
        node, path = stack.pop()
        values += 1
        if values > MAX_VALUES:
            return [Problem(file, "", f"the document holds more than {count(MAX_VALUES)} values (the limit); is it "
                            "a decision-model file?")]
        if isinstance(node, str):
            msg = character_problem(node)
        elif isinstance(node, (int, float)):
            msg = number_problem(node)
        elif isinstance(node, (dict, list)):
            msg = None
            if len(path) >= MAX_DEPTH:
                return [Problem(file, _place(path[:8]) + " / …", f"the document is nested more than {MAX_DEPTH} "
                                "levels deep (the limit; a decision model needs 9); is it a decision-model file?")]
            if isinstance(node, dict):
                if len(node) > MAX_ENTRIES:
                    msg = over("holds", len(node), MAX_ENTRIES, "fields")
                else:
                    for key, value in node.items():
                        key_msg = character_problem(key)
                        if key_msg is not None:
                            problems.append(Problem(file, _place(path, data), "a field name: " + key_msg))
                        stack.append((value, (*path, key)))
            elif len(node) > MAX_ITEMS:
                msg = over("holds", len(node), MAX_ITEMS, "items")
            else:
                stack.extend((v, (*path, i)) for i, v in enumerate(node))
        else:
            msg = None
        if msg is not None:
            problems.append(Problem(file, _place(path, data), msg))
    return problems


# (path, limit, what): a "*" matches every item of a list or every field of an object.
_COUNTS: tuple[tuple[tuple[str, ...], int, str], ...] = (
    (("options",), MAX_OPTIONS, "options"),
    (("criteria",), MAX_CRITERIA, "criteria"),
    (("profiles",), MAX_PROFILES, "weight profiles"),
    (("sources",), MAX_SOURCES, "sources"),
    (("participants",), MAX_PARTICIPANTS, "participants"),
    (("criteria", "*", "anchors"), MAX_POINTS, "anchors"),
    (("criteria", "*", "value_function"), MAX_POINTS, "value-function points"),
    (("options", "*", "scores", "*", "citations"), MAX_CITATIONS, "citations"),
    (("participants", "*", "rounds", "*", "ahp", "criteria"), MAX_CRITERIA, "criteria"),
)


def _matches(data: Any, path: tuple[str, ...], done: tuple[str | int, ...] = ()) -> Iterator[tuple[Any, tuple[str | int, ...]]]:
    if not path:
        yield data, done
        return
    head, rest = path[0], path[1:]
    if head == "*":
        items: Iterable[tuple[str | int, Any]] = (
            enumerate(data) if isinstance(data, list) else data.items() if isinstance(data, dict) else ())
        for k, v in items:
            yield from _matches(v, rest, (*done, k))
    elif isinstance(data, dict) and head in data:
        yield from _matches(data[head], rest, (*done, head))


def count_problems(data: Any, file: str) -> list[Problem]:
    """A model document's options, criteria, scores, profiles, sources, participants and citations against
    their limits (before the format is checked, so that nothing huge is validated)."""
    problems = []
    for path, limit, what in _COUNTS:
        for node, place in _matches(data, path):
            if isinstance(node, list) and len(node) > limit:
                problems.append(Problem(file, _place(place, data), over("has", len(node), limit, what)))
    if isinstance(data, dict) and isinstance(data.get("options"), list) and isinstance(data.get("criteria"), list):
        cells = len(data["options"]) * len(data["criteria"])
        if cells > MAX_SCORES and not problems:
            problems.append(Problem(file, "options", f"{count(len(data['options']))} options x "
                                    f"{count(len(data['criteria']))} criteria make {count(cells)} scores; the "
                                    f"limit is {count(MAX_SCORES)}"))
    return problems


def check_document(data: Any, file: str) -> None:
    """Raise InputError with every way a parsed model document is over the limits."""
    problems = tree_problems(data, file)
    if not problems:
        problems = count_problems(data, file)
    if problems:
        raise InputError(problems)


# --- tables -------------------------------------------------------------------------------------------


class TableCounter:
    """Counts the rows, columns and cells of a file's tables as they are read, refusing the first that goes
    over its limit (a reader calls `row` for every row, before keeping it)."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.cells = 0

    def row(self, index: int, width: int, sheet: str | None = None) -> None:
        where = f'the sheet "{sheet}"' if sheet is not None else "the table"
        if index >= MAX_ROWS:
            raise InputError(f"{where} has more than {count(MAX_ROWS)} rows (the limit); is it the right file?",
                             self.file)
        if width > MAX_COLUMNS:
            raise InputError(f"{where} has {count(width)} columns in row {index + 1}; the limit is "
                             f"{count(MAX_COLUMNS)}", self.file)
        self.cells += width
        if self.cells > MAX_CELLS:
            raise InputError(f"the file has more than {count(MAX_CELLS)} cells (the limit); is it the right file?",
                             self.file)


def grid_problems(grid: Sequence[Sequence[Any]], file: str, sheet: str | None) -> list[Problem]:
    """Every cell of a table whose text or number is over the limits, by address (up to a hundred)."""
    problems: list[Problem] = []
    for r, row in enumerate(grid):
        for c, v in enumerate(row):
            msg: str | None = None
            if isinstance(v, str):
                msg = character_problem(v)
                if msg is None and _NUMBER_TEXT.match(v):
                    try:
                        msg = number_problem(float(v))
                    except (ValueError, OverflowError):
                        msg = None
            elif isinstance(v, (int, float)):
                msg = number_problem(v)
            if msg is not None:
                problems.append(Problem(file, cell(r, c, sheet), msg))
                if len(problems) >= 100:
                    return problems
    return problems
