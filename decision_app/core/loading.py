"""Reading and writing decision-model files.

`load_model` accepts a JSON model file or a spreadsheet (.csv, .xlsx) and either returns a valid
`DecisionModel` or raises `InputError` listing every problem with the file and the place in it. It
dispatches by suffix: `tables` turns a spreadsheet into plain data (a model dictionary), validated here like
a JSON document. `tables` must never import this module back.
`dump_model` is the one canonical serialisation (stable bytes, so saves and fingerprints are repeatable);
`save_model` writes it atomically. Nothing here executes content from a file.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from decision_app.core.atomic import atomic_write_bytes
from decision_app.core.errors import InputError, Problem
from decision_app.core.limits import MAX_DEPTH, MAX_FILE_BYTES, check_document, check_file_size
from decision_app.core.schema import SCHEMA_VERSION, DecisionModel, check_model, make_id, quoted_name, short
from decision_app.core.tables import TABLE_SUFFIXES, CsvDialect, csv_dialect, read_table_data
from decision_app.core.workshop_sheets import cell_of_round


def _v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    """Version 2 only adds the optional `session.uncertainty` block: a version-1 document is a valid
    version-2 document (the loop below sets its version)."""
    return data


def _v2_to_v3(data: dict[str, Any]) -> dict[str, Any]:
    """Version 3 only adds the optional `participants` list: a version-2 document is a valid version-3
    document (the loop below sets its version)."""
    return data


def _v3_to_v4(data: dict[str, Any]) -> dict[str, Any]:
    """Version 4 only adds the session's optional `slides` list: a version-3 document is a valid version-4
    document (the loop below sets its version)."""
    return data


def _v4_to_v5(data: dict[str, Any]) -> dict[str, Any]:
    """Version 5 says what every score rests on. A version-4 file does not say, so each of its scores
    becomes an `inference` flagged `review: true` (the least claim that fits a score with a rationale; the
    audit lists them until someone looks). A score without a rationale becomes `judgement` instead (an
    inference must say how it follows). Sources, citations and anchors need nothing: their new fields are
    optional."""
    options = data.get("options")
    for option in options if isinstance(options, list) else []:
        scores = option.get("scores") if isinstance(option, dict) else None
        if not isinstance(scores, dict):
            continue
        for score in scores.values():
            if isinstance(score, dict) and "basis" not in score:
                rationale = score.get("rationale")
                score["basis"] = "inference" if isinstance(rationale, str) and rationale.strip() else "judgement"
                score["review"] = True
    return data


def _v5_to_v6(data: dict[str, Any]) -> dict[str, Any]:
    """Version 6 only adds an option's and a criterion's optional `short_name`: a version-5 document is a
    valid version-6 document (the loop below sets its version). A file without short names shows full names,
    as before, until someone gives them."""
    return data


def _v6_to_v7(data: dict[str, Any]) -> dict[str, Any]:
    """Version 7 only adds optional parts to the session (the method's parameters, an order of importance
    for the uncertainty, the workshop's rule and round): a version-6 document is a valid version-7 document."""
    return data


def _v7_to_v8(data: dict[str, Any]) -> dict[str, Any]:
    """Version 8 makes the session's order of importance an agreed constraint in every weights mode and adds
    optional `bounds` on a weight and the weights mode "participants". In version 7 an order counted only with
    weights_mode "ordered"; one saved beside another mode (the window kept it when the mode changed) did not cut
    the weights, so it is dropped to keep the file's analysis what it was."""
    session = data.get("session")
    unc = session.get("uncertainty") if isinstance(session, dict) else None
    if isinstance(unc, dict) and unc.get("order") is not None and unc.get("weights_mode") != "ordered":
        del unc["order"]
    return data


def _v8_to_v9(data: dict[str, Any]) -> dict[str, Any]:
    """Version 9 only adds optional parts (an option's conditions, a score's outcomes, a citation's as_of): a
    version-8 document is a valid version-9 document, its scores all plain."""
    return data


def _v9_to_v10(data: dict[str, Any]) -> dict[str, Any]:
    """Version 10 only adds the optional value tree (`objectives`): a version-9 document is a valid version-10
    document, a flat list of criteria (a one-level tree) with the same weights, profiles and participants."""
    return data


def _v10_to_v11(data: dict[str, Any]) -> dict[str, Any]:
    """Participants re-keyed by code: ids made from names ("ana_lopez") become ids made from codes ("p1"), and
    a label that only repeats the code (an anonymised participant) is dropped: no name is kept unless one was
    given. Nothing refers to a participant's id outside its own entry, so nothing else changes."""
    people = data.get("participants")
    if isinstance(people, list):
        taken: set[str] = set()
        for p in people:
            if not isinstance(p, dict) or not isinstance(p.get("code"), str):
                continue  # left for the checks to name
            p["id"] = make_id(p["code"], taken)
            label = p.get("label")
            if isinstance(label, str) and (not label.strip() or label.strip().upper() == p["code"].upper()):
                del p["label"]
    return data


def _v11_to_v12(data: dict[str, Any]) -> dict[str, Any]:
    """Version 12 lets the session's agreed order and bounds name the value tree's objectives as well as
    criteria (an objective's weight is the sum of its criteria's): every version-11 document is a valid
    version-12 document with the same meaning, so nothing changes but the version."""
    return data


def _v12_to_v13(data: dict[str, Any]) -> dict[str, Any]:
    """Version 13 only adds a participant round's optional `branches` (points given per branch) and `ahp_nodes`
    (judgements node by node): a version-12 document is a valid version-13 document, every round given per
    criterion."""
    return data


# schema_version N -> function turning a version-N document (a dict) into a version N+1 document.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: _v1_to_v2, 2: _v2_to_v3, 3: _v3_to_v4,
                                                                 4: _v4_to_v5, 5: _v5_to_v6, 6: _v6_to_v7,
                                                                 7: _v7_to_v8, 8: _v8_to_v9, 9: _v9_to_v10,
                                                                 10: _v10_to_v11, 11: _v11_to_v12,
                                                                 12: _v12_to_v13}


def _reject_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in pairs:
        if k in out:
            raise ValueError(f'the key "{k}" appears twice in one object')
        out[k] = v
    return out


def _place_from_loc(loc: tuple[Any, ...], data: Any) -> str:
    """Turn a pydantic location into `options[3] "Ceasefire…" / escalation_risk / low`."""
    parts: list[str] = []
    node = data
    for seg in loc:
        if isinstance(seg, int):
            label = f"[{seg}]"
            item = node[seg] if isinstance(node, list) and 0 <= seg < len(node) else None
            if isinstance(item, dict) and isinstance(item.get("name"), str):
                label += f' "{short(item["name"])}"'
            elif isinstance(item, dict) and isinstance(item.get("id"), str):
                label += f' "{short(item["id"])}"'
            if parts:
                parts[-1] += label
            else:
                parts.append(label)
            node = item
        else:
            parts.append(short(str(seg), 40))
            node = node.get(seg) if isinstance(node, dict) else None
    return " / ".join(parts)


# Fields in a desk officer's words, where a problem names them.
_FIELD_WORDS = {"value": "score", "low": "low end of the score's range", "high": "high end of the score's range",
                "citations": "quotes", "quote": "quote", "min": "minimum", "max": "maximum",
                "schema_version": "format version", "review": "to-review flag"}


def _name_of(item: Any) -> str | None:
    """An item's name as a message quotes it (`quoted_name`), or None when it has none."""
    name = item.get("name") if isinstance(item, dict) else None
    return quoted_name(name) if isinstance(name, str) and name.strip() else None


def _item(data: Any, key: str, index: Any) -> Any:
    items = data.get(key) if isinstance(data, dict) else None
    return items[index] if isinstance(items, list) and isinstance(index, int) and 0 <= index < len(items) else None


def _criterion_name(data: Any, cid: Any) -> str:
    crits = data.get("criteria") if isinstance(data, dict) else None
    for c in crits if isinstance(crits, list) else []:
        if isinstance(c, dict) and c.get("id") == cid:
            return _name_of(c) or str(cid)
    return str(cid)


def _field_words(rest: tuple[Any, ...]) -> str:
    """`("citations", 1, "quote")` as words: "quote 2"; `("scale", "min")`: "scale minimum"."""
    words: list[str] = []
    for seg in rest:
        if isinstance(seg, int):
            if words:
                words[-1] = words[-1].removesuffix("s")
            words.append(f"{seg + 1},")
        else:
            word = _FIELD_WORDS.get(str(seg), str(seg).replace("_", " "))
            if len(words) < 2 or words[-2] != word:  # "quote 2 quote" says "quote 2"
                words.append(word)
    return " ".join(words).rstrip(",")


def plain_place(loc: tuple[Any, ...], data: Any) -> str | None:
    """A place in a model document in a desk officer's words ("Option 'Raise the costs of war further…',
    criterion 'Escalation risk', score"), or None where there are none better than the technical place."""
    kinds = {"options": "Option", "criteria": "Criterion", "profiles": "Weight profile", "sources": "Source"}
    if len(loc) >= 2 and loc[0] == "session":
        return f"Session saved with the model, {_field_words(tuple(loc[1:]))}"
    if len(loc) < 2 or loc[0] not in kinds or not isinstance(loc[1], int):
        return None
    item = _item(data, loc[0], loc[1])
    name = _name_of(item)
    ident = item.get("id") if isinstance(item, dict) else None
    head = (f"{kinds[loc[0]]} '{name}'" if name else
            f"{kinds[loc[0]]} {loc[1] + 1}" + (f" (id {short(ident)})" if isinstance(ident, str) else ""))
    rest = tuple(loc[2:])
    if loc[0] == "options" and rest[:1] == ("scores",) and len(rest) >= 2:
        tail = _field_words(rest[2:]) or "score"
        return f"{head}, criterion '{_criterion_name(data, rest[1])}', {tail}"
    if loc[0] == "profiles" and rest[:1] == ("weights",) and len(rest) == 2:
        return f"{head}, weight of '{_criterion_name(data, rest[1])}'"
    return f"{head}, {_field_words(rest)}" if rest else head


def json_path(loc: tuple[Any, ...]) -> str:
    """A pydantic location as a JSON path: options[1].scores.escalation_risk.value."""
    out = ""
    for seg in loc:
        out += f"[{seg}]" if isinstance(seg, int) else (f".{seg}" if out else str(seg))
    return out


def _describe(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else f'"{value}"'
    return short(text, 40)


# What a field of each type expects, for a value of the wrong type (strict validation: nothing is converted).
_EXPECTED = {"float_type": "a number", "int_type": "a whole number", "bool_type": "true or false",
             "string_type": "text (in quotes)"}


def _what_it_is(value: Any) -> str:
    """A JSON value described by its kind: 'the text "9"', 'true', 'the number 3', 'null', 'a list'."""
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, str):
        return f"the text {_describe(value)}"
    if isinstance(value, (int, float)):
        return f"the number {_describe(value)}"
    return f"a list {_describe(value)}" if isinstance(value, list) else f"an object {_describe(value)}"


# What a patterned text field holds, in words, for a value that does not match its pattern.
_PATTERN_WORDS = {"as_of": "a year and month written YYYY-MM, such as 2022-03"}


def _message(err: ErrorDetails) -> str:
    kind = err["type"]
    loc = err["loc"]
    last = loc[-1] if loc else ""
    if kind == "string_pattern_mismatch" and last in _PATTERN_WORDS:
        return f"should be {_PATTERN_WORDS[str(last)]}, not {_describe(err.get('input'))}"
    if kind == "missing":
        return f'the required field "{last}" is missing'
    if kind == "extra_forbidden":
        return f'"{last}" is not a field of this format (check its spelling, or remove it)'
    if kind == "finite_number":
        return "must be a finite number"
    if kind in _EXPECTED:
        return f"expected {_EXPECTED[kind]}, the file has {_what_it_is(err.get('input'))}"
    msg: str = err["msg"].replace("Input should", "should").replace("String should", "should")
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, "):]
    if "input" in err and kind not in ("too_short",):
        msg += f", not {_describe(err['input'])}"
    return msg


def _validation_problems(exc: ValidationError, data: Any, file: str) -> list[Problem]:
    """One problem per error, its place in words where there are words for it and the JSON path as detail."""
    problems = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        at = loc[:-1] if err["type"] == "extra_forbidden" else loc
        words = plain_place(at, data)
        if words is None:
            problems.append(Problem(file, _place_from_loc(at, data) or "(top level)", _message(err)))
        else:
            problems.append(Problem(file, words, _message(err), json_path(at)))
    return problems


def model_from_dict(data: Any, file: str = "<model>") -> DecisionModel:
    """Validate a parsed JSON document (migrating older schema versions) into a DecisionModel. A document
    over the limits (`limits`) is refused before anything else is looked at."""
    check_document(data, file)
    if not isinstance(data, dict):
        raise InputError("the file must contain one JSON object (a decision model), not a list or a value", file)
    version = data.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise InputError(
            f"schema_version must be a whole number (this app writes {SCHEMA_VERSION}); is this a decision-model file?",
            file,
            "schema_version",
        )
    if version > SCHEMA_VERSION:
        raise InputError(
            f"this file was written by a newer Decision Desk (schema_version {version}); this version reads up to "
            f"{SCHEMA_VERSION}. Open it with a newer version of the app.",
            file,
            "schema_version",
        )
    while version < SCHEMA_VERSION:
        if version not in MIGRATIONS:
            raise InputError(f"schema_version {version} is not a version this app knows", file, "schema_version")
        data = MIGRATIONS[version](data)
        version += 1
        data["schema_version"] = version
    try:
        model = DecisionModel.model_validate(data, strict=True)  # "9" is not 9, true is not 1 (`schema`)
    except ValidationError as exc:
        raise InputError(_validation_problems(exc, data, file)) from None
    problems = [Problem(file, place, msg) for place, msg in check_model(model)]
    if problems:
        raise InputError(problems)
    return model


# What a file is when it is not what its name says: the first bytes of formats people open by mistake.
_SIGNATURES = (
    (b"%PDF", "this is a PDF document, not a decision model; open the model's .json file, or a .csv or .xlsx "
              "table"),
    (b"\xd0\xcf\x11\xe0", "this is an old-format Office file (.xls or .doc); in Excel, save it as an .xlsx "
                          "workbook and open that"),
    (b"\x89PNG", "this is a PNG image, not a decision model"),
    (b"\xff\xd8\xff", "this is a JPEG image, not a decision model"),
    (b"\xff\xfe", "this text is UTF-16; save it as UTF-8 (in Excel: CSV UTF-8)"),
    (b"\xfe\xff", "this text is UTF-16; save it as UTF-8 (in Excel: CSV UTF-8)"),
)
_ZIP = b"PK\x03\x04"


def foreign_content(raw: bytes, suffix: str) -> str | None:
    """Why these bytes cannot be the model or table their name promises, in words, or None."""
    if not raw.strip():
        return "the file is empty: it holds no model (was it saved or copied completely?)"
    for magic, what in _SIGNATURES:
        if raw.startswith(magic):
            return what
    if suffix != ".xlsx" and not raw.startswith(_ZIP) and (kind := _binary(raw)):
        return kind
    if raw.startswith(_ZIP) and suffix != ".xlsx":
        return ("this is a zip archive or an Excel workbook, not text; if it is a workbook, rename it to end "
                "in .xlsx and open it again")
    if suffix == ".xlsx" and not raw.startswith(_ZIP):
        return ("not a readable .xlsx workbook (every .xlsx is a zip archive, and this is not one): save it "
                "again from Excel, or if it is a .csv or .json file, rename it to match")
    return None


NOT_OURS = ("not a Decision Desk model or spreadsheet: the file holds binary data, not text (a model is a .json "
            "file saved by Decision Desk; a spreadsheet is a .csv or .xlsx file)")


def _binary(raw: bytes) -> str | None:
    """Words for bytes that are no text at all (a program, an image, random data), or None. A text in another
    encoding (a few bytes that are not UTF-8) is text: it gets the reader's advice to save it as UTF-8."""
    head = raw[:4096]
    nul = head.count(0)
    if nul > len(head) // 3 and (head[0::2].count(0) > len(head) * 0.45 or head[1::2].count(0) > len(head) * 0.45):
        return "this text is UTF-16; save it as UTF-8 (in Excel: CSV UTF-8)"
    text = head.decode("utf-8", errors="replace")
    odd = sum(1 for ch in text if ch == "\ufffd" or (ch < " " and ch not in "\t\n\r\f"))
    return NOT_OURS if nul or odd > len(text) // 10 else None


def parse_model_json(raw: bytes, file: str = "<model>") -> DecisionModel:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"byte {exc.start} is not UTF-8 text; save the file as UTF-8", file) from None
    try:
        data = json.loads(text, object_pairs_hook=_reject_duplicate_keys, parse_int=_parse_int)
    except json.JSONDecodeError as exc:
        if exc.pos >= len(text.rstrip()) or exc.msg.startswith("Unterminated string"):
            raise InputError("the file ends in the middle of the model: it was cut short, perhaps by an "
                             "interrupted copy, download or save; open a complete copy", file,
                             f"line {text.rstrip().count(chr(10)) + 1} (the end)") from None
        raise InputError(f"not valid JSON: {exc.msg}", file, f"line {exc.lineno}, column {exc.colno}") from None
    except ValueError as exc:
        raise InputError(f"not valid JSON: {exc}", file) from None
    except RecursionError:
        raise InputError(f"the document is nested more than {MAX_DEPTH} levels deep (the limit; a decision model "
                         "needs 9); is it a decision-model file?", file) from None
    _refuse_typed_expected_values(data, file)
    return model_from_dict(data, file)


COMPUTED = ("value", "low", "high")  # of a score with outcomes: the app computes them, a file never gives them


def _refuse_typed_expected_values(data: Any, file: str) -> None:
    """A score with outcomes takes its value, low and high from them; a file that types them is refused by place
    (they would otherwise be replaced without a word)."""
    options = data.get("options") if isinstance(data, dict) else None
    problems: list[Problem] = []
    for i, o in enumerate(options if isinstance(options, list) else []):
        scores = o.get("scores") if isinstance(o, dict) else None
        for cid, sc in (scores.items() if isinstance(scores, dict) else ()):
            if isinstance(sc, dict) and "outcomes" in sc and any(k in sc for k in COMPUTED):
                typed = ", ".join(k for k in COMPUTED if k in sc)
                name = o.get("name") if isinstance(o.get("name"), str) else str(o.get("id", ""))
                problems.append(Problem(file, f'options[{i}] "{short(name)}" / {cid}',
                                        f"a score with outcomes takes its value, low and high from them (the "
                                        f"expected value); remove {typed}, or remove the outcomes to give a plain "
                                        "score"))
    if problems:
        raise InputError(problems)


def _parse_int(digits: str) -> int | float:
    """A JSON whole number; one too long to be an int Python reads (4,300 digits) is read as a float, which
    the limits then refuse as too large by name."""
    return int(digits) if len(digits) <= 20 else float(digits)


def read_bytes(path: str | Path) -> bytes:
    """The bytes of a file that comes in, refused (InputError) when it cannot be read or is over the size
    limit; a device or pipe that never ends is read only up to the limit."""
    p = Path(path)
    try:
        with p.open("rb") as fh:
            raw = fh.read(MAX_FILE_BYTES + 1)
        check_file_size(len(raw), str(p))
        return raw
    except FileNotFoundError:
        raise InputError("no such file; check the name and folder", str(p)) from None
    except IsADirectoryError:
        raise InputError("this is a folder, not a file", str(p)) from None
    except PermissionError:
        raise InputError("the file cannot be read (permission denied)", str(p)) from None
    except OSError as exc:
        raise InputError(f"the file cannot be read ({exc.strerror})", str(p)) from None


@dataclass(frozen=True)
class Document:
    """A loaded file: its model, for a .csv the dialect it was written in (to export it back the same way), and
    what reading a spreadsheet decided on its own that the user should hear of (`notices`, in words)."""

    model: DecisionModel
    csv_dialect: CsvDialect | None = None
    notices: tuple[str, ...] = ()


def open_document(path: str | Path, directions: Mapping[str, str] | None = None) -> Document:
    """Load JSON, CSV or XLSX. Raises InputError naming the file and place of each problem, and
    `MissingDirectionsError` for a spreadsheet that needs only `directions` ({criterion name: benefit|cost}),
    `TextColumnsError` for one whose columns of text may be notes or criteria (answered in the same mapping,
    {column name: "notes" | "criterion"}, see `columns`)."""
    p = Path(path)
    return document_from_bytes(read_bytes(p), p, directions)


def document_from_bytes(raw: bytes, path: Path, directions: Mapping[str, str] | None = None) -> Document:
    """`open_document` for bytes already read from `path` (which names the file and its kind)."""
    p = path
    suffix = p.suffix.lower()
    problem = foreign_content(raw, suffix)
    if problem is not None:
        raise InputError(problem, str(p))
    if suffix not in TABLE_SUFFIXES:
        return Document(parse_model_json(raw, str(p)))
    notices: list[str] = []
    places: dict[tuple[int, int], dict[str, str]] = {}
    data = read_table_data(raw, p.suffix, str(p), p.stem, directions, notices, places)
    try:
        model = model_from_dict(data, str(p))
    except InputError as exc:  # a round's broken rule is shown at its cell, not at a JSON path
        raise InputError([cell_of_round(q, places) for q in exc.problems]) from None
    return Document(model, csv_dialect(raw, str(p)) if suffix == ".csv" else None, tuple(notices))


def read_table(path: str | Path, directions: Mapping[str, str] | None = None) -> DecisionModel:
    """Load a model from a .csv or .xlsx spreadsheet (see `tables` for the layouts and `directions`)."""
    p = Path(path)
    if p.suffix.lower() not in TABLE_SUFFIXES:
        raise InputError("a spreadsheet is a .csv or .xlsx file", str(p))
    return open_document(p, directions).model


def load_model(path: str | Path, directions: Mapping[str, str] | None = None) -> DecisionModel:
    """Load a model from JSON, CSV or XLSX. Raises InputError naming the file and place of each problem
    (`directions` completes a spreadsheet without a #direction row; JSON ignores it)."""
    return open_document(path, directions).model


def dump_model(model: DecisionModel) -> bytes:
    """The canonical bytes of a model: stable key order, two-space indent, UTF-8, final newline."""
    data = model.model_dump(mode="json", exclude_none=True)
    if not data.get("participants"):
        data.pop("participants", None)  # a model without a workshop reads as it did before version 3
    for option in data["options"]:
        if not option.get("conditions"):
            option.pop("conditions", None)  # a model without conditions reads as it did before version 9
        for score in option["scores"].values():
            if "outcomes" in score:
                for key in COMPUTED:  # computed from the outcomes on every load (`schema.fill_expected`)
                    score.pop(key, None)
    if not data.get("objectives"):
        data.pop("objectives", None)  # a flat model reads as it did before version 10
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def fingerprint(model: DecisionModel) -> str:
    """SHA-256 of the canonical serialisation: identifies exactly the model an analysis used."""
    return hashlib.sha256(dump_model(model)).hexdigest()


def save_model(model: DecisionModel, path: str | Path) -> None:
    atomic_write_bytes(path, dump_model(model))


def json_schema() -> dict[str, Any]:
    schema = DecisionModel.model_json_schema()
    score = schema["$defs"]["Score"]  # a score with outcomes leaves them out: the app computes them
    score["required"] = [k for k in score.get("required", []) if k not in COMPUTED]
    score["description"] += " A score without outcomes needs value, low and high; one with outcomes leaves them out."
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Decision Desk decision model"
    return schema


def json_schema_bytes() -> bytes:
    return (json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n").encode("utf-8")
