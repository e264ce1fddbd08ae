"""Pure edits: each takes a DecisionModel and returns a new, valid one (or raises InputError saying why).

The window wraps every edit in an undo command; keeping them here (no Qt) lets the CLI, tests and the
workshop mode share them.
"""

from __future__ import annotations

from typing import Any

from decision_app.core.errors import InputError
from decision_app.core.loading import model_from_dict
from decision_app.core.schema import SHORT_NAME_MAX, DecisionModel, Score, make_id
from decision_app.core.short_names import make_short_names
from decision_app.core.tree_edits import drop_child


def _data(model: DecisionModel) -> dict[str, Any]:
    return model.model_dump(mode="python", exclude_none=True)


def _rebuild(data: dict[str, Any]) -> DecisionModel:
    return model_from_dict(data, "the edited model")


def new_id(name: str, taken: set[str]) -> str:
    return make_id(name, set(taken))


def _index(items: list[dict[str, Any]], item_id: str, what: str) -> int:
    for i, it in enumerate(items):
        if it["id"] == item_id:
            return i
    raise InputError(f'no {what} "{item_id}"')


def _name_ok(name: str, what: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise InputError(f"the {what} needs a name")
    return name


# The lists an edit can address, and the word for one of their items.
_WHAT = {"options": "option", "criteria": "criterion", "profiles": "weight profile"}


def _rename(model: DecisionModel, key: str, item_id: str, name: str) -> DecisionModel:
    """Rename an item. A short name that was made from the old name (as an import makes them) is made again
    from the new one; a short name someone chose stays."""
    d = _data(model)
    items = d[key]
    k = _index(items, item_id, _WHAT[key])
    made = key != "profiles" and items[k].get("short_name") == make_short_names([it["name"] for it in items])[k]
    items[k]["name"] = _name_ok(name, _WHAT[key])
    if made:
        others: list[str | None] = [it.get("short_name") for it in items]
        others[k] = None
        items[k]["short_name"] = make_short_names([it["name"] for it in items], others)[k]
    return _rebuild(d)


def _set_short_name(model: DecisionModel, key: str, item_id: str, short_name: str) -> DecisionModel:
    """Give an option or criterion the short name the charts show (spaces tidied as in a name), or, when
    `short_name` is blank, take it away (the charts then show the full name). Refused, saying why, when it
    is longer than the format allows or another one of them already has it."""
    d = _data(model)
    item = d[key][_index(d[key], item_id, _WHAT[key])]
    text = " ".join(short_name.split())
    if len(text) > SHORT_NAME_MAX:
        raise InputError(f'the short name "{text}" has {len(text)} characters; a short name has at most '
                         f"{SHORT_NAME_MAX}")
    clash = next((it for it in d[key] if it is not item and text and " ".join(
        it.get("short_name", "").split()).casefold() == text.casefold()), None)
    if clash is not None:
        raise InputError(f'the short name "{text}" is already that of the {_WHAT[key]} "{clash["name"]}"; short '
                         f"names tell the {key} apart on the charts: choose another")
    if text:
        item["short_name"] = text
    else:
        item.pop("short_name", None)
    return _rebuild(d)


def _remove(d: dict[str, Any], key: str, item_id: str) -> None:
    """Remove an item from `d[key]`, refusing to leave the list empty."""
    if len(d[key]) <= 1:
        raise InputError(f"a model needs at least one {_WHAT[key]}")
    del d[key][_index(d[key], item_id, _WHAT[key])]


def _move(model: DecisionModel, key: str, item_id: str, delta: int) -> DecisionModel:
    d = _data(model)
    i = _index(d[key], item_id, _WHAT[key])
    j = max(0, min(len(d[key]) - 1, i + delta))
    d[key].insert(j, d[key].pop(i))
    return _rebuild(d)


# --- scores ------------------------------------------------------------------------------------------


def set_score(model: DecisionModel, option_id: str, criterion_id: str, *, value: float | None = None,
              low: float | None = None, high: float | None = None, rationale: str | None = None,
              citations: list[dict[str, Any]] | None = None, basis: str | None = None) -> DecisionModel:
    """Change a score. A new value outside the current range widens the range to include it. Setting the
    basis marks the score reviewed (drops the `review` flag a migration set)."""
    d = _data(model)
    o = d["options"][_index(d["options"], option_id, "option")]
    s = o["scores"][criterion_id]
    if "outcomes" in s and (value, low, high) != (None, None, None):
        cond = next((c["name"] for c in o.get("conditions", []) if c["id"] == s["outcomes"]["condition"]),
                    s["outcomes"]["condition"])
        raise InputError(f'the score of "{o["name"]}" here is the expected value of its outcomes if "{cond}" and '
                         "if not; change those outcomes or the likelihood in the evidence pane, not the value")
    if value is not None:
        s["value"] = float(value)
        if low is None:
            s["low"] = min(s["low"], s["value"])
        if high is None:
            s["high"] = max(s["high"], s["value"])
    if low is not None:
        s["low"] = float(low)
    if high is not None:
        s["high"] = float(high)
    if rationale is not None:
        s["rationale"] = rationale
    if citations is not None:
        s["citations"] = citations
    if basis is not None:
        s["basis"] = basis
        s.pop("review", None)
    return _rebuild(d)


def set_outcomes(model: DecisionModel, option_id: str, criterion_id: str, *,
                 likelihood: tuple[float, float, float] | None = None,
                 accepted: tuple[float, float, float] | None = None,
                 refused: tuple[float, float, float] | None = None) -> DecisionModel:
    """Change an expected-value score's parts (format version 9), each a (value, low, high): the likelihood of the
    condition it depends on (shared by every score of the option that depends on it) and its outcomes if accepted
    and if refused. The expected value follows on rebuilding. Refused, saying why, for a plain score."""
    d = _data(model)
    o = d["options"][_index(d["options"], option_id, "option")]
    s = o["scores"][criterion_id]
    if "outcomes" not in s:
        raise InputError(f'the score of "{o["name"]}" here is a plain score, with no outcomes to change')
    for key in ("value", "low", "high"):
        s.pop(key, None)  # computed again from the outcomes
    oc = s["outcomes"]
    for side, given in (("accepted", accepted), ("refused", refused)):
        if given is not None:
            oc[side].update(value=float(given[0]), low=float(given[1]), high=float(given[2]))
    if likelihood is not None:
        cond = next(c for c in o["conditions"] if c["id"] == oc["condition"])
        cond["likelihood"].update(value=float(likelihood[0]), low=float(likelihood[1]), high=float(likelihood[2]))
    return _rebuild(d)


def range_widening(before: Score, after: Score) -> str:
    """Words for a range that `set_score` widened to take in a new value ("" when it did not): a user who
    typed only a score must hear that its range moved too."""
    if (after.low, after.high) == (before.low, before.high) or not (after.low <= before.low and after.high >= before.high):
        return ""
    return (f"range widened from {before.low:g}–{before.high:g} to {after.low:g}–{after.high:g} "
            f"to take in the score {after.value:g}")


# --- options -----------------------------------------------------------------------------------------


def add_option(model: DecisionModel, name: str, summary: str = "") -> DecisionModel:
    """A new option scored at the middle of each scale (or of the observed range), with no range yet."""
    d = _data(model)
    name = _name_ok(name, "option")
    scores = {}
    for c in model.criteria:
        if c.scale is not None:
            mid = (c.scale.min + c.scale.max) / 2
        else:
            vals = [o.scores[c.id].value for o in model.options]
            mid = (min(vals) + max(vals)) / 2
        scores[c.id] = {"value": mid, "low": mid, "high": mid, "rationale": "New option: not yet scored.",
                        "citations": []}
    d["options"].append({"id": new_id(name, {o["id"] for o in d["options"]}), "name": name, "summary": summary,
                         "sources": [], "scores": scores})
    return _rebuild(d)


def rename_option(model: DecisionModel, option_id: str, name: str) -> DecisionModel:
    return _rename(model, "options", option_id, name)


def set_option_short_name(model: DecisionModel, option_id: str, short_name: str) -> DecisionModel:
    return _set_short_name(model, "options", option_id, short_name)


def delete_option(model: DecisionModel, option_id: str) -> DecisionModel:
    """Remove an option; when it was the baseline, the model has no baseline until one is named again."""
    d = _data(model)
    _remove(d, "options", option_id)
    if d.get("baseline") == option_id:
        del d["baseline"]
    return _rebuild(d)


def move_option(model: DecisionModel, option_id: str, delta: int) -> DecisionModel:
    return _move(model, "options", option_id, delta)


# --- criteria ----------------------------------------------------------------------------------------


def add_criterion(model: DecisionModel, name: str, direction: str = "benefit",
                  scale: tuple[float, float] = (0.0, 10.0)) -> DecisionModel:
    d = _data(model)
    name = _name_ok(name, "criterion")
    lo, hi = float(scale[0]), float(scale[1])
    cid = new_id(name, {c["id"] for c in d["criteria"]})
    mid = (lo + hi) / 2
    d["criteria"].append({
        "id": cid, "name": name, "definition": "", "direction": direction, "unit": "",
        "scale": {"min": lo, "max": hi},
        "anchors": [{"value": lo, "description": "Scale minimum"}, {"value": mid, "description": "Middle"},
                    {"value": hi, "description": "Scale maximum"}],
    })
    for o in d["options"]:
        o["scores"][cid] = {"value": mid, "low": mid, "high": mid, "rationale": "New criterion: not yet scored.",
                            "citations": []}
    for p in d["profiles"]:
        ws = list(p["weights"].values())
        p["weights"][cid] = sum(ws) / len(ws) if ws else 1.0
    if d.get("session") and d["session"].get("weights"):
        ws = list(d["session"]["weights"].values())
        d["session"]["weights"][cid] = sum(ws) / len(ws)
    return _rebuild(d)


def rename_criterion(model: DecisionModel, criterion_id: str, name: str) -> DecisionModel:
    return _rename(model, "criteria", criterion_id, name)


def set_criterion_short_name(model: DecisionModel, criterion_id: str, short_name: str) -> DecisionModel:
    return _set_short_name(model, "criteria", criterion_id, short_name)


def delete_criterion(model: DecisionModel, criterion_id: str) -> DecisionModel:
    d = _data(model)
    _remove(d, "criteria", criterion_id)
    drop_child(d, criterion_id)  # out of the value tree too (an objective left empty goes with it)
    for o in d["options"]:
        o["scores"].pop(criterion_id, None)
    for p in d["profiles"]:
        p["weights"].pop(criterion_id, None)
        if not any(w > 0 for w in p["weights"].values()):
            for k in p["weights"]:
                p["weights"][k] = 1.0
    if d.get("session"):
        d["session"].get("weights", {}).pop(criterion_id, None)
        if not any(w > 0 for w in d["session"].get("weights", {}).values()):
            d.pop("session")
    return _rebuild(d)


def move_criterion(model: DecisionModel, criterion_id: str, delta: int) -> DecisionModel:
    return _move(model, "criteria", criterion_id, delta)


def set_criterion(model: DecisionModel, criterion_id: str, **fields: Any) -> DecisionModel:
    """Change a criterion's definition, direction or unit."""
    d = _data(model)
    c = d["criteria"][_index(d["criteria"], criterion_id, "criterion")]
    for k, v in fields.items():
        if k not in ("definition", "direction", "unit", "name"):
            raise InputError(f'"{k}" cannot be edited here')
        c[k] = v
    return _rebuild(d)


# --- profiles ----------------------------------------------------------------------------------------


def add_profile(model: DecisionModel, name: str, weights: dict[str, float], description: str = "") -> DecisionModel:
    d = _data(model)
    name = _name_ok(name, "profile")
    d["profiles"].append({"id": new_id(name, {p["id"] for p in d["profiles"]}), "name": name,
                          "description": description, "weights": {k: float(v) for k, v in weights.items()}})
    return _rebuild(d)


def rename_profile(model: DecisionModel, profile_id: str, name: str, description: str | None = None) -> DecisionModel:
    d = _data(model)
    p = d["profiles"][_index(d["profiles"], profile_id, "profile")]
    p["name"] = _name_ok(name, "profile")
    if description is not None:
        p["description"] = description
    return _rebuild(d)


def delete_profile(model: DecisionModel, profile_id: str) -> DecisionModel:
    d = _data(model)
    _remove(d, "profiles", profile_id)
    if d.get("session") and d["session"].get("profile") == profile_id:
        d["session"]["profile"] = None
    return _rebuild(d)


def blank_model() -> DecisionModel:
    """File > New: two options, two criteria, equal weights, ready to edit."""
    return _rebuild({
        "schema_version": 1, "title": "Untitled decision", "classification": "UNCLASSIFIED",
        "score_status": "Scores are placeholders: edit them.",
        "criteria": [
            {"id": "benefit", "name": "Benefit", "direction": "benefit", "scale": {"min": 0, "max": 10},
             "anchors": [{"value": 0, "description": "None"}, {"value": 5, "description": "Moderate"},
                         {"value": 10, "description": "Very large"}]},
            {"id": "cost", "name": "Cost", "direction": "cost", "scale": {"min": 0, "max": 10},
             "anchors": [{"value": 0, "description": "None"}, {"value": 5, "description": "Moderate"},
                         {"value": 10, "description": "Very large"}]},
        ],
        "options": [
            {"id": "option_a", "name": "Option A", "scores": {"benefit": {"value": 6, "low": 4, "high": 8},
                                                              "cost": {"value": 5, "low": 3, "high": 7}}},
            {"id": "option_b", "name": "Option B", "scores": {"benefit": {"value": 4, "low": 3, "high": 6},
                                                              "cost": {"value": 2, "low": 1, "high": 4}}},
        ],
        "profiles": [{"id": "equal", "name": "Equal weights", "description": "Every criterion counts the same.",
                      "weights": {"benefit": 1, "cost": 1}}],
    })
