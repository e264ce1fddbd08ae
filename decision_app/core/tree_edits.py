"""Pure edits of the value tree (schema version 8): each takes a DecisionModel and returns a new, valid one, or
raises InputError saying why (the format's own checks, `schema.check_objectives`). The window wraps each in one
undo step, as it does `edits`. The stored weights stay one per criterion: no edit here changes a weight.

An item is a criterion or an objective, named by id; `parent` None is the top of the tree.
"""

from __future__ import annotations

from typing import Any

from decision_app.core.errors import InputError
from decision_app.core.loading import model_from_dict
from decision_app.core.schema import TREE_LEVELS_MAX, DecisionModel, make_id


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
    raise InputError(f'There is no objective "{node_id}"')


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


def _name(d: dict[str, Any], item_id: str) -> str:
    """What the user sees for an item: its name (the id only if it has none)."""
    for x in (*d["criteria"], *d["objectives"]):
        if x["id"] == item_id:
            return str(x.get("name") or item_id)
    return item_id


def _levels(d: dict[str, Any]) -> int:
    """How many levels the tree in `d` has, the criteria's own included (1 without objectives)."""
    parent = {c: o["id"] for o in d["objectives"] for c in o["children"]}
    deepest = 1
    for c in d["criteria"]:
        depth, node = 1, c["id"]
        while node in parent and depth <= len(d["objectives"]) + 1:  # a cycle is the format's to refuse
            node, depth = parent[node], depth + 1
        deepest = max(deepest, depth)
    return deepest


def _check_levels(d: dict[str, Any], doing: str) -> None:
    """Refuse, in words, a step that would make the tree deeper than the format allows."""
    levels = _levels(d)
    if levels > TREE_LEVELS_MAX:
        raise InputError(f"{doing} would make the tree {levels} levels deep, counting the criteria's own level; "
                         f"a value tree has at most {TREE_LEVELS_MAX}. Group fewer objectives inside each other, or "
                         "remove an objective first")


def _check_none_emptied(d: dict[str, Any], doing: str) -> None:
    """Refuse a step that leaves an objective with nothing under it, as a move does."""
    for o in d["objectives"]:
        if not o["children"]:
            raise InputError(f'"{o["name"]}" would be left empty by {doing}; remove that objective instead, or '
                             "leave one of its items out")


def add_objective(model: DecisionModel, name: str, children: list[str], parent: str | None = None) -> DecisionModel:
    """A new objective grouping `children` (criteria or objectives, taken from wherever they were), placed under
    `parent` where the first of them was (at the end when none was there); at the top, where the first of them
    that is a top objective was (after the top objectives when none is: criteria follow them there). An
    objective that grouping would leave empty (all its items taken), other than `parent`, is refused, as a
    move that empties one is; so is a tree deeper than `TREE_LEVELS_MAX` levels."""
    name = " ".join(name.split())
    if not name:
        raise InputError("The new objective needs a name; nothing was grouped")
    if not children:
        raise InputError("An objective groups at least one criterion or objective: select what it groups first")
    d = _data(model)
    taken = {c["id"] for c in d["criteria"]} | {o["id"] for o in d["objectives"]}
    node_ids = [o["id"] for o in d["objectives"]]
    tops = [o["id"] for o in d["objectives"] if _parent_of(d, o["id"]) is None]
    kids: list[str] = []
    node = {"id": make_id(name, taken), "name": name, "description": "", "children": kids}
    holder = _node(d, parent)["children"] if parent is not None else None
    at = next((holder.index(c) for c in children if c in holder), len(holder)) if holder is not None else 0
    top_before = next((c for c in children if c in tops), None)
    for child in children:
        if holder is not None and child in holder and holder.index(child) < at:
            at -= 1
        old = _parent_of(d, child)
        if old is not None:
            old["children"].remove(child)
        kids.append(child)
    if parent is not None:
        _node(d, parent)["children"].insert(at, node["id"])
    _check_none_emptied(d, f'grouping them into "{name}"')
    objs = d["objectives"]
    objs.insert(node_ids.index(top_before) if top_before is not None and parent is None else len(objs), node)
    _check_levels(d, f'Grouping them into "{name}"')
    return _rebuild(d)


def rename_objective(model: DecisionModel, node_id: str, name: str) -> DecisionModel:
    name = " ".join(name.split())
    if not name:
        raise InputError("The objective needs a name; it keeps the one it has")
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
    what = _name(d, item_id)
    if parent == item_id:
        raise InputError(f'"{what}" cannot go inside itself')
    node_ids = [o["id"] for o in d["objectives"]]
    crit_ids = [c["id"] for c in d["criteria"]]
    if item_id not in node_ids and item_id not in crit_ids:
        raise InputError(f'There is no criterion or objective "{item_id}"')
    old = _parent_of(d, item_id)
    if old is not None:
        old["children"].remove(item_id)
        if not old["children"]:
            raise InputError(f'"{old["name"]}" would be left empty by moving "{what}" out; remove the objective '
                             "instead, or move something else into it first")
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
    _check_levels(d, f'Moving "{what}" into "{_name(d, parent)}"' if parent is not None else f'Moving "{what}"')
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
