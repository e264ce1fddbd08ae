"""Formats follow the schema (issue 20): a model with every field of the format set survives JSON -> XLSX ->
JSON unchanged, and every older fixture migrates to a model that validates and round-trips the same way.

The fields come from the pydantic models by introspection: a field added to the format is in `schema_fields()`
by construction, so it is either filled here (a text, yes/no or choice field is filled on its own; others need
a value in `full_model`) and must then survive the workbook, or the coverage check fails naming it. A field the
sheets cannot carry fails the round trip instead of vanishing."""

from __future__ import annotations

import copy
import json
import types
import typing
from pathlib import Path
from typing import Any, Literal, get_args, get_origin

import pytest
from group_models import with_participants
from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from decision_app.core.loading import dump_model, load_model, model_from_dict, read_table
from decision_app.core.schema import DecisionModel
from decision_app.core.tables import write_table

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in get_args(annotation) for m in _models_in(arg)]


def schema_classes(root: type[BaseModel] = DecisionModel) -> list[type[BaseModel]]:
    """Every model class of the format, reachable from the document."""
    seen: list[type[BaseModel]] = []
    todo = [root]
    while todo:
        cls = todo.pop()
        if cls in seen:
            continue
        seen.append(cls)
        for f in cls.model_fields.values():
            todo += _models_in(f.annotation)
    return seen


def schema_fields() -> set[tuple[str, str]]:
    """Every field of the format but the version (always the current one, its default)."""
    return {(cls.__name__, name) for cls in schema_classes() for name in cls.model_fields} - {
        ("DecisionModel", "schema_version")}


def _default(cls: type[BaseModel], name: str) -> Any:
    f = cls.model_fields[name]
    return PydanticUndefined if f.is_required() else f.get_default(call_default_factory=True)


def set_fields(model: BaseModel) -> set[tuple[str, str]]:
    """The (class, field) pairs this model sets to something other than the field's default."""
    out: set[tuple[str, str]] = set()

    def walk(value: Any) -> None:
        if isinstance(value, BaseModel):
            cls = type(value)
            for name in cls.model_fields:
                v = getattr(value, name)
                d = _default(cls, name)
                if d is PydanticUndefined or v != d:
                    out.add((cls.__name__, name))
                walk(v)
        elif isinstance(value, (list, tuple)):
            for v in value:
                walk(v)
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)

    walk(model)
    return out


def _scalar(annotation: Any) -> Any:
    """The one non-None type of an optional annotation, else the annotation."""
    if get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        return args[0] if len(args) == 1 else annotation
    return annotation


def fill_simple(data: dict[str, Any], cls: type[BaseModel] = DecisionModel, done: set[Any] | None = None) -> None:
    """Give each text, yes/no and choice field that the model leaves at its default everywhere a value of its
    own, on its first occurrence, in place (ids and references excepted: those need a valid value from
    `full_model`)."""
    done = done if done is not None else set()
    for name, f in cls.model_fields.items():
        ann = _scalar(f.annotation)
        base = get_args(ann)[0] if get_origin(ann) is typing.Annotated else ann
        value = data.get(name, _default(cls, name))
        if (cls, name) not in done and value == _default(cls, name):
            done.add((cls, name))
            if base is bool:
                data[name] = True
            elif get_origin(base) is Literal:
                data[name] = next(c for c in get_args(base) if c != value)
            elif base is str and not _is_reference(f):
                data[name] = f"{name} text"[: _max_len(f) or 300]
        elif value != _default(cls, name):
            done.add((cls, name))
        for sub in _models_in(f.annotation):
            value = data.get(name)
            if isinstance(value, dict) and sub.__name__ == "Score":
                items = list(value.values())
            else:
                items = value if isinstance(value, list) else [value]
            for item in items:
                if isinstance(item, dict):
                    fill_simple(item, sub, done)


def _max_len(f: Any) -> int | None:
    return next((m.max_length for m in f.metadata if getattr(m, "max_length", None)), None)


def _is_reference(f: Any) -> bool:
    """An id or a reference to one (a pattern-checked field), or a file name: not free text."""
    return any(getattr(m, "pattern", None) for m in f.metadata) or (f.description is not None and "File name" in (
        f.description or ""))


def full_model(default_dict: dict) -> DecisionModel:
    """The default model with every field of the format set (the simple ones by `fill_simple`)."""
    d = with_participants(copy.deepcopy(default_dict), rounds=2)
    ids = [c["id"] for c in d["criteria"]]
    d["baseline"] = d["options"][0]["id"]
    d["sources"][0]["inferred"] = ["outlet", "date"]
    d["sources"][0]["seed_file"] = "essay.txt"
    c0, c1 = d["criteria"][:2]
    c0["value_function"] = [{"x": c0["scale"]["min"], "value": 0.0}, {"x": c0["scale"]["max"], "value": 1.0}]
    c0["preference"] = {"type": "linear", "q": 0.5, "p": 2.0}
    c1["anchors"][0]["baseline"] = True
    for k, c in enumerate(d["criteria"]):
        c["short_name"] = f"Crit {k}"
        c.pop("definition", None)
    for k, o in enumerate(d["options"]):
        o["short_name"] = f"Opt {k}"
    score = d["options"][1]["scores"][ids[0]]
    score["citations"] = [{"source": d["sources"][0]["id"], "quote": "a passage", "note": "how it bears"}]
    score["basis"], score["review"] = "essay", True
    score["citations"][0]["as_of"] = "2022-03"
    # version 9: a condition with a cited likelihood, and one score depending on it
    cond_opt = d["options"][2]
    cond_opt["conditions"] = [{"id": "moscow_accepts", "name": "Moscow accepts", "likelihood": {
        "value": 0.3, "low": 0.2, "high": 0.45, "basis": "essay", "rationale": "why this chance",
        "citations": [{"source": d["sources"][0]["id"], "quote": "another passage", "note": "bears", "as_of": "2023-07"}]}}]
    c2 = d["criteria"][2]
    lo, hi = c2["scale"]["min"], c2["scale"]["max"]
    cond_opt["scores"][c2["id"]].update(outcomes={
        "condition": "moscow_accepts",
        "accepted": {"value": hi, "low": (lo + hi) / 2, "high": hi, "rationale": "if met"},
        "refused": {"value": lo, "low": lo, "high": (lo + hi) / 2, "rationale": "if not"}})
    for key in ("value", "low", "high"):
        cond_opt["scores"][c2["id"]].pop(key)
    p1, p2 = d["participants"][:2]
    p1["note"] = "dissents on casualties"
    d["participants"][4]["absent"] = [3]  # version 11: a round they were marked absent from
    p1["rounds"][0].update(method="ranking", inputs={c: float(1 + k % 3) for k, c in enumerate(ids)})
    n = len(ids)
    p2["rounds"][0].update(method="ahp", ahp={"criteria": ids, "matrix": [[1.0] * n for _ in range(n)]})
    d["session"] = {
        "method": "vikor", "profile": d["profiles"][1]["id"], "weights": {c: 1.0 + k for k, c in enumerate(ids)},
        "uncertainty": {"samples": 900, "seed": 3, "weights_mode": "ordered", "spread": 0.2, "scores_mode": "fixed",
                        "order": [[ids[0], ids[2]], [ids[4], ids[1], ids[3]]],
                        "bounds": {ids[1]: {"low": 0.05, "high": 0.15}}},
        "slides": [{"key": "ranking", "hidden": True}, {"key": "title"}],
        "parameters": {"vikor_v": 0.3}, "group": {"rule": "median", "round": 1},
    }
    d["objectives"] = [
        {"id": "goal_a", "name": "First goal", "short_name": "Goal A", "children": [ids[0], "goal_b", ids[3]]},
        {"id": "goal_b", "name": "Second goal", "children": [ids[1], ids[2]]},
    ]
    # version 13: a round given per branch, and AHP judgements node by node
    p3, p4 = d["participants"][2:4]
    top = ["goal_a", *ids[4:]]
    p3["rounds"][0].update(method="swing", inputs={i: 100.0 - 10 * k for k, i in enumerate(top)},
                           branches={"items": top, "shares": {ids[0]: 0.5, ids[1]: 0.1, ids[2]: 0.15, ids[3]: 0.25}
                                     | {c: 1.0 for c in ids[4:]}})

    def ones(k: int, a: float = 1.0) -> list[list[float]]:
        return [[a if (i, j) == (0, 1) else 1 / a if (i, j) == (1, 0) else 1.0 for j in range(k)] for i in range(k)]

    p4["rounds"][0].update(method="ahp", ahp_nodes=[
        {"node": "goal_a", "items": [ids[0], "goal_b", ids[3]], "matrix": ones(3, 1 / 7)},
        {"items": top, "matrix": ones(len(top), 3.0)},
        {"node": "goal_b", "items": [ids[1], ids[2]], "matrix": ones(2, 5.0)}])
    fill_simple(d)
    return model_from_dict(d, "full model")


@pytest.fixture
def default_dict() -> dict:
    return json.loads((FIXTURES / "eight-criteria.json").read_text(encoding="utf-8"))


def test_the_full_model_sets_every_field_of_the_format(default_dict):
    missing = schema_fields() - set_fields(full_model(default_dict))
    assert not missing, f"fields of the format this test does not set yet (give them a value in full_model): {missing}"


def test_every_field_survives_json_to_xlsx_to_json(default_dict, tmp_path):
    model = full_model(default_dict)
    out = tmp_path / "full.xlsx"
    assert write_table(model, out) == []
    back = read_table(out)
    lost = set_fields(model) - set_fields(back)
    assert not lost, f"the workbook does not carry: {sorted(lost)}"
    assert dump_model(back) == dump_model(model)


@pytest.mark.parametrize("fixture", sorted(p.name for p in FIXTURES.glob("*.json")))
def test_every_fixture_migrates_validates_and_round_trips(fixture, tmp_path):
    model = load_model(FIXTURES / fixture)
    assert model_from_dict(json.loads(dump_model(model))) == model  # validates as the current version
    out = tmp_path / "f.xlsx"
    assert write_table(model, out) == []
    assert dump_model(read_table(out)) == dump_model(model)


def test_a_field_the_session_sheet_has_no_cell_for_is_refused_not_dropped(default_dict, tmp_path, monkeypatch):
    """Were a block to gain a field of a kind the sheet cannot write (here a mapping), writing the workbook
    fails, naming it, instead of leaving it out."""
    from pydantic import Field

    from decision_app.core import sheets
    from decision_app.core.schema import _Strict

    class Odd(_Strict):
        table: dict[str, float] | None = Field(None)

    monkeypatch.setitem(sheets.SESSION_BLOCKS, "parameters", Odd)
    monkeypatch.setattr(sheets, "BLOCK_COLUMNS", {(b, f): f"{b} {f}" for b, cls in sheets.SESSION_BLOCKS.items()
                                                  for f in cls.model_fields})
    model = full_model(default_dict)
    monkeypatch.setattr(model.session, "parameters", Odd(table={"a": 1.0}))
    with pytest.raises(sheets.SheetFormatError, match=r"session\.parameters\.table"):
        write_table(model, tmp_path / "odd.xlsx")
