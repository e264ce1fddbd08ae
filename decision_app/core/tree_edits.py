"""Pure edits of the value tree (schema version 8): each takes a DecisionModel and returns a new, valid one, or
raises InputError saying why (the format's own checks, `schema.check_objectives`). The window wraps each in one
undo step, as it does `edits`. The stored weights stay one per criterion: no edit here changes a weight.

An item is a criterion or an objective, named by id; `parent` None is the top of the tree.
"""

from __future__ import annotations

from typing import Any

from decision_app.core.errors import InputError
from decision_app.core.loading import model_from_dict
from decision_app.core.schema import DecisionModel, make_id


def _data(model: DecisionModel) -> dict[str, Any]:
    data: dict[str, Any] = {**model.model_dump(mode="python", exclude_none=True)}
    data.setdefault("objectives", [])
    return data


def _rebuild(data: dict[str, Any]) -> DecisionModel:
    return model_from_dict(data, "the edited model")


def _node(d: dict[str, Any], node_id: str) -> dict[str, Any]:
    nodes: list[dict[str, Any]] = d["objectives"]
    for o in nodes:
        if o["id"] == node_id:
            return o
    raise InputError(f'no objective "{node_id}"')


def drop_child(d: dict[str, Any], item_id: str) -> None:
    """Take `item_id` out of whichever objective lists it, in place (a model dictionary); an objective left empty
    by it goes too, and so on up the tree (an empty objective is not valid)."""
    for o in list(d.get("objectives", [])):
        if item_id in o["children"]:
            o["children"].remove(item_id)
            if not o["children"]:
                d["objectives"].remove(o)
                drop_child(d, o["id"])


def _parent_of(d: dict[str, Any], item_id: str) -> dict[str, Any] | None:
    return next((o for o in d["objectives"] if item_id in o["children"]), None)


def add_objective(model: DecisionModel, name: str, children: list[str], parent: str | None = None) -> DecisionModel:
    """A new objective grouping `children` (criteria or objectives, taken from wherever they were), placed under
    `parent` where the first of them was (at the end when none was there)."""
    name = " ".join(name.split())
    if not name:
        raise InputError("the objective needs a name")
    if not children:
        raise InputError("an objective groups at least one criterion or objective: choose what it groups")
    d = _data(model)
    taken = {c["id"] for c in d["criteria"]} | {o["id"] for o in d["objectives"]}
    kids: list[str] = []
    node = {"id": make_id(name, taken), "name": name, "description": "", "children": kids}
    holder = _node(d, parent)["children"] if parent is not None else None
    at = next((holder.index(c) for c in children if c in holder), len(holder)) if holder is not None else 0
    for child in children:
        if holder is not None and child in holder and holder.index(child) < at:
            at -= 1
        drop_child(d, child)
        kids.append(child)
    if parent is not None:
        _node(d, parent)["children"].insert(at, node["id"])
    d["objectives"].append(node)
    return _rebuild(d)


def rename_objective(model: DecisionModel, node_id: str, name: str) -> DecisionModel:
    name = " ".join(name.split())
    if not name:
        raise InputError("the objective needs a name")
    d = _data(model)
    _node(d, node_id)["name"] = name
    return _rebuild(d)


def remove_objective(model: DecisionModel, node_id: str) -> DecisionModel:
    """Remove an objective; what it grouped moves up to its place (criteria and objectives are never lost)."""
    d = _data(model)
    node = _node(d, node_id)
    parent = _parent_of(d, node_id)
    if parent is not None:
        k = parent["children"].index(node_id)
        parent["children"][k:k + 1] = node["children"]
    d["objectives"].remove(node)
    return _rebuild(d)


def move_item(model: DecisionModel, item_id: str, parent: str | None, index: int | None = None) -> DecisionModel:
    """Move a criterion or an objective under `parent` (None: the top), at `index` among its children (the end
    when None). At the top, objectives keep their order in the file and criteria follow them; an objective moved
    there goes to `index` among the top objectives."""
    d = _data(model)
    if parent == item_id:
        raise InputError(f'"{item_id}" cannot go inside itself')
    node_ids = [o["id"] for o in d["objectives"]]
    crit_ids = [c["id"] for c in d["criteria"]]
    if item_id not in node_ids and item_id not in crit_ids:
        raise InputError(f'no criterion or objective "{item_id}"')
    old = _parent_of(d, item_id)
    if old is not None:
        old["children"].remove(item_id)
        if not old["children"]:
            raise InputError(f'"{old["name"]}" would be left empty; remove the objective instead, or move something '
                             "else into it first")
    if parent is not None:
        kids = _node(d, parent)["children"]
        kids.insert(len(kids) if index is None else max(0, min(index, len(kids))), item_id)
    elif item_id in node_ids:
        objs = d["objectives"]
        node = _node(d, item_id)
        objs.remove(node)
        tops = [o for o in objs if _parent_of(d, o["id"]) is None]
        target = tops[index] if index is not None and index < len(tops) else None
        objs.insert(objs.index(target) if target is not None else len(objs), node)
    return _rebuild(d)


def move_within(model: DecisionModel, item_id: str, delta: int) -> DecisionModel:
    """Move an item up (-1) or down (+1) among its siblings; at either end nothing changes."""
    d = _data(model)
    parent = _parent_of(d, item_id)
    if parent is not None:
        kids = parent["children"]
        k = kids.index(item_id)
        return move_item(model, item_id, parent["id"], max(0, min(len(kids) - 1, k + delta)))
    tops = [o["id"] for o in d["objectives"] if _parent_of(d, o["id"]) is None]
    if item_id not in tops:
        return model  # a criterion at the top follows the objectives in the criteria's order
    k = tops.index(item_id)
    return move_item(model, item_id, None, max(0, min(len(tops) - 1, k + delta)))
