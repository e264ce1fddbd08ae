"""The workshop's sheets of a Decision Desk workbook: who took part and the weights they gave, per round.

- ``Participants``: id, label (empty: no name given), code, note, absent (the rounds marked absent from, "2, 3")
- ``Rounds``: participant (id), round, method (direct, ranking, swing, ahp), values (``weights``, or
  ``inputs`` for what a ranking or swing round entered), then one column per criterion, named as in the
  matrix; an empty cell leaves the criterion out of that row
- ``Judgements``: participant, round, criterion, against, value: an AHP round's pairwise matrix, one row
  per cell, row by row (the order of the ``criterion`` column gives the matrix's criteria order); with a
  ``node`` column (version 13) a row may belong to the judgements among one objective's children (the node's
  name, or "(top of the tree)"), and ``criterion`` and ``against`` then name objectives or criteria;
  then ``criterion id``, ``against id``, ``node id``: the ids those names stand for
- ``Branches`` (version 13): participant, round, item, input, item id: a round given per branch, one row per
  objective (or criterion) weighted, with what was entered for it (points, a rank or swing points; empty for
  AHP); its ``shares`` row on the Rounds sheet says how each branch's points split over its criteria

An objective and a criterion may share a name ("A lasting peace"), so the app reads an item by its id column
when there is one; a sheet typed by hand may leave the ids out and name the items, and a name that is both an
objective's and a criterion's is then refused by cell, never guessed.

`participant_sheets` writes them (text neutralised); `apply_participant_sheets` reads them onto a model
dictionary whose criteria the other sheets have already settled, reporting every bad cell as ``Rounds!D4``.
The format's own rules (a weight for every criterion, reciprocal matrices, ...) are checked afterwards with
the rest of the model. Plain data, like `sheets`, whose table reader it uses.
"""

from __future__ import annotations

import re
from typing import Any, get_args

from decision_app.core.cells import Grid, cell, is_empty, neutralize, number_text, text
from decision_app.core.errors import InputError, Problem
from decision_app.core.schema import DecisionModel, ParticipantRound
from decision_app.core.sheets import TableSheet, norm_header

PARTICIPANTS, ROUNDS, JUDGEMENTS, BRANCHES = "Participants", "Rounds", "Judgements", "Branches"
WORKSHOP_SHEETS = (PARTICIPANTS, ROUNDS, JUDGEMENTS, BRANCHES)
ELICITATION: tuple[str, ...] = get_args(ParticipantRound.model_fields["method"].annotation)
VALUE_KINDS = ("weights", "inputs", "shares")
TOP_NODE = "(top of the tree)"  # the Judgements sheet's node for the top objectives' judgements
_ROUND_FIXED = ("participant", "round", "method", "values")
_JUDGEMENT_IDS = ("criterion id", "against id", "node id")  # the ids the name columns show: what is read back


def _exact(x: float | None) -> float | str | None:
    """A number as the workbook keeps it: openpyxl writes 16 significant digits, which loses the last bit of
    some (1/7 from an AHP judgement); those are written as text, which reads back as the same number."""
    if x is None or float(f"{x:.16g}") == x:
        return x
    return repr(x)


def _table(header: list[str], rows: Grid) -> Grid:
    return [[neutralize(v) if isinstance(v, str) else v for v in row] for row in [header, *rows]]


def participant_sheets(model: DecisionModel) -> dict[str, Grid]:
    """The three workshop sheets (header rows only when the model has no participants)."""
    crits = model.criteria
    cname = {c.id: c.name for c in crits} | {o.id: o.name for o in model.objectives}
    rounds: Grid = []
    judgements: Grid = []
    branches: Grid = []
    for p in model.participants:
        for r in p.rounds:
            rounds.append([p.id, r.round, r.method, "weights", *(_exact(r.weights.get(c.id)) for c in crits)])
            if r.branches is not None:
                rounds.append([p.id, r.round, r.method, "shares", *(_exact(r.branches.shares.get(c.id)) for c in crits)])
                inputs = r.inputs or {}
                branches += [[p.id, r.round, cname.get(i, i), _exact(inputs.get(i)), i] for i in r.branches.items]
            elif r.inputs is not None:
                rounds.append([p.id, r.round, r.method, "inputs", *(_exact(r.inputs.get(c.id)) for c in crits)])
            matrices: list[tuple[str | None, list[str], list[list[float]]]] = (
                [(None, r.ahp.criteria, r.ahp.matrix)] if r.ahp is not None else [])
            matrices += [(n.node or TOP_NODE, n.items, n.matrix) for n in r.ahp_nodes or ()]
            for node, ids, matrix in matrices:
                names = [cname.get(cid, cid) for cid in ids]
                node_name = "" if node is None else cname.get(node, node)
                judgements += [[p.id, r.round, names[i], names[j], _exact(x), node_name, ids[i], ids[j], node or ""]
                               for i, row in enumerate(matrix) for j, x in enumerate(row)]
    return {
        PARTICIPANTS: _table(["id", "label", "code", "note", "absent"],
                             [[p.id, p.label or "", p.code, p.note, ", ".join(map(str, p.absent or ()))]
                              for p in model.participants]),
        ROUNDS: _table([*_ROUND_FIXED, *(c.name for c in crits)], rounds),
        JUDGEMENTS: _table(["participant", "round", "criterion", "against", "value", "node", *_JUDGEMENT_IDS],
                           judgements),
        BRANCHES: _table(["participant", "round", "item", "input", "item id"], branches),
    }


class _WorkshopReader:
    def __init__(self, data: dict[str, Any], book: dict[str, Grid], file: str) -> None:
        self.data = data
        self.problems: list[Problem] = []
        self.sheets = {norm_header(n): TableSheet(n, g, self.problems, file) for n, g in book.items()}
        self.crit_by_name = {c["name"].lower(): c["id"] for c in data["criteria"]}
        # objectives too: a branch round's judgements and items name them (the Objectives sheet is read first)
        self.obj_by_name = {o["name"].lower(): o["id"] for o in data.get("objectives", ())}
        self.kind_of = {o["id"]: "objective" for o in data.get("objectives", ())} | {
            c["id"]: "criterion" for c in data["criteria"]}
        self.name_of = {o["id"]: o["name"] for o in data.get("objectives", ())} | {
            c["id"]: c["name"] for c in data["criteria"]}
        self.people: dict[str, dict[str, Any]] = {}
        self.rounds: dict[tuple[str, int], dict[str, Any]] = {}
        self.cells: dict[tuple[str, int], dict[str, str]] = {}  # a round's first cell on each sheet (`round_cells`)

    def _seen(self, sh: TableSheet, r: int, key: tuple[str, int], part: str) -> None:
        self.cells.setdefault(key, {}).setdefault(part, cell(r, 0, sh.name))

    def round_cells(self) -> dict[tuple[int, int], dict[str, str]]:
        """(participant index, round index) in the data -> {"": its first Rounds row's cell, "branches": its
        first Branches row's, "ahp": its first Judgements row's}: where a rule of the format broken by a round
        is shown."""
        out = {}
        for i, p in enumerate(self.data.get("participants", ())):
            for j, rnd in enumerate(p["rounds"]):
                out[i, j] = self.cells.get((p["id"], rnd["round"]), {})
        return out

    def item(self, sh: TableSheet, r: int, col: str, objectives_only: bool = False) -> str | None:
        """The objective or criterion a row names in `col`: by the id in its "<col> id" column when the sheet has
        one (what the app writes), else by name; a name that is both an objective's and a criterion's is
        refused (which one was meant cannot be told), as is an unknown one. None (reported) otherwise."""
        id_col = f"{col} id"
        given = sh.text(r, id_col) if id_col in sh.columns else ""
        kinds = ("objective",) if objectives_only else ("objective", "criterion")
        name = sh.text(r, col)
        if given:
            if self.kind_of.get(given) not in kinds:
                what = " or ".join(("an " if k == "objective" else "a ") + k for k in kinds)
                sh.bad(r, id_col, f'"{given}" is not the id of {what} of this model')
                return None
            if name and name.lower() not in (given.lower(), self.name_of[given].lower()):
                sh.bad(r, col, f'"{name}" is not the name of "{given}" (its id, beside it); change both, or clear '
                               f'the id to read the name')
                return None
            return given
        found: list[tuple[str, str]] = [(k, i) for k, i in (("objective", self.obj_by_name.get(name.lower())),
                                     ("criterion", self.crit_by_name.get(name.lower())))
                 if i is not None and k in kinds]
        if len(found) == 1:
            return found[0][1]
        if len(found) == 2:
            (_, oid), (_, cid) = found
            sh.bad(r, col, f'"{name}" names both the criterion "{cid}" and the objective "{oid}"; write its id '
                           f'in an "{id_col}" column')
        elif not name:
            sh.bad(r, col, f"empty: name the {' or '.join(kinds)}, as in the model")
        elif objectives_only:
            sh.bad(r, col, f'"{name}" is not an objective of this model, nor "{TOP_NODE}"')
        else:
            nor = " nor an objective" if self.obj_by_name else ""
            sh.bad(r, col, f'"{name}" is not a criterion of the Matrix sheet{nor}')
        return None

    def sheet(self, name: str) -> TableSheet | None:
        sh = self.sheets.get(norm_header(name))
        return sh if sh is not None and sh.columns else None

    def participants(self) -> bool:
        sh = self.sheet(PARTICIPANTS)
        if sh is None or not sh.require("id", "label", "code"):
            return False
        out = []
        for r in sh.rows:
            p: dict[str, Any] = {"id": sh.text(r, "id"), "code": sh.text(r, "code"),
                                 "note": sh.raw(r, "note") if "note" in sh.columns else "", "rounds": []}
            label = sh.raw(r, "label")
            if label.strip():
                p["label"] = label
            if "absent" in sh.columns and sh.text(r, "absent"):
                absent = [a.strip() for a in sh.text(r, "absent").split(",")]
                if all(a.isdigit() for a in absent):
                    p["absent"] = [int(a) for a in absent]
                else:
                    sh.bad(r, "absent", f'"{sh.text(r, "absent")}" is not a list of rounds (whole numbers, "2, 3")')
            if p["id"] in self.people:
                sh.bad(r, "id", f'the participant "{p["id"]}" has two rows in this sheet')
                continue
            self.people[p["id"]] = p
            out.append(p)
        self.data["participants"] = out
        return True

    def _key(self, sh: TableSheet, r: int) -> tuple[str, int] | None:
        """(participant id, round) of a row, or None (reported) when either is unusable."""
        pid = sh.text(r, "participant")
        if pid not in self.people:
            sh.bad(r, "participant", f'"{pid}" is not an id on the Participants sheet' if pid else
                   "empty: give the participant's id, as on the Participants sheet")
            return None
        x = sh.number(r, "round", f'round of "{pid}"')
        if x is None:
            return None
        if x != int(x) or not 1 <= x <= 99:
            sh.bad(r, "round", f"the round must be a whole number from 1 to 99, not {number_text(x)}")
            return None
        return pid, int(x)

    def round_rows(self) -> None:
        sh = self.sheet(ROUNDS)
        if sh is None or not sh.require("participant", "round", "method", "values"):
            return
        columns: list[tuple[str, int]] = []
        header = sh.grid[sh.header_row]
        for col, v in enumerate(header):
            name = "" if is_empty(v) else text(v)
            if not name or norm_header(name) in _ROUND_FIXED:
                continue
            cid = self.crit_by_name.get(name.lower())
            if cid is None:
                sh.bad(sh.header_row, col, f'"{name}" is not a criterion of the Matrix sheet')
            else:
                columns.append((cid, col))
        for r in sh.rows:
            key = self._key(sh, r)
            if key is None:
                continue
            method = sh.text(r, "method").lower() or "direct"
            kind = sh.text(r, "values").lower() or "weights"
            if method not in ELICITATION:
                sh.bad(r, "method", f'"{method}" is not one of {", ".join(ELICITATION)}')
            if kind not in VALUE_KINDS:
                sh.bad(r, "values", f'"{kind}" is not weights, inputs or shares')
                continue
            self._seen(sh, r, key, "")
            rnd = self.rounds.get(key)
            if rnd is None:
                rnd = {"round": key[1], "method": method}
                self.rounds[key] = rnd
                self.people[key[0]]["rounds"].append(rnd)
            elif rnd["method"] != method:
                sh.bad(r, "method", f'round {key[1]} of "{key[0]}" is a {rnd["method"]} round on an earlier row')
            if kind in rnd:
                sh.bad(r, "values", f'a second row of {kind} for round {key[1]} of "{key[0]}"')
                continue
            values: dict[str, float] = {}
            what = {"weights": "weight", "inputs": "input", "shares": "share"}[kind]
            for cid, col in columns:
                x = sh.number(r, col, f'{what} of "{key[0]}" on "{text(header[col])}"', optional=True)
                if x is not None:
                    values[cid] = x
            if kind == "shares":
                rnd["branches"] = {"items": [], "shares": values}
            else:
                rnd[kind] = values
        for rnd in self.rounds.values():
            rnd.setdefault("weights", {})  # the format's check names the missing weights

    def branch_rows(self) -> None:
        """A round given per branch: its items in order, with what was entered for each."""
        sh = self.sheet(BRANCHES)
        if sh is None or not sh.rows or not sh.require("participant", "round", "item"):
            return
        for r in sh.rows:
            key = self._key(sh, r)
            if key is None:
                continue
            name = sh.text(r, "item")
            item = self.item(sh, r, "item")
            rnd = self.rounds.get(key)
            if item is None:
                continue
            self._seen(sh, r, key, "branches")
            if rnd is None or "branches" not in rnd:
                sh.bad(r, "participant", f'round {key[1]} of "{key[0]}" has no shares row on the Rounds sheet')
            else:
                rnd["branches"]["items"].append(item)
                if "input" in sh.columns:
                    x = sh.number(r, "input", f'input of "{key[0]}" on "{name}"', optional=True)
                    if x is not None:
                        rnd.setdefault("inputs", {})[item] = x

    def judgements(self) -> None:
        sh = self.sheet(JUDGEMENTS)
        if sh is None or not sh.rows or not sh.require("participant", "round", "criterion", "against", "value"):
            return
        groups: dict[tuple[str, int, str], dict[str, Any]] = {}
        for r in sh.rows:
            pair = self._key(sh, r)
            if pair is None:
                continue
            self._seen(sh, r, pair, "ahp")
            node = sh.text(r, "node") if "node" in sh.columns else ""
            node_id = sh.text(r, "node id") if "node id" in sh.columns else ""
            if node_id == TOP_NODE or (not node_id and node == TOP_NODE):
                node = TOP_NODE
            elif node or node_id:
                found = self.item(sh, r, "node", objectives_only=True)
                if found is None:
                    continue
                node = found
            gkey = (*pair, node)
            ids = [self.item(sh, r, col) for col in ("criterion", "against")]
            x = sh.number(r, "value", f'judgement of "{pair[0]}", {sh.text(r, "criterion")} against {sh.text(r, "against")}')
            if None in ids or x is None:
                continue
            g = groups.setdefault(gkey, {"first": r, "criteria": [], "cells": {}})
            for cid in ids:
                if cid not in g["criteria"]:
                    g["criteria"].append(cid)
            if (ids[0], ids[1]) in g["cells"]:
                sh.bad(r, "against", "this pair is judged twice in this round")
            g["cells"][ids[0], ids[1]] = x
        for (pid, number, node), g in groups.items():
            key = (pid, number)
            rnd = self.rounds.get(key)
            if rnd is None:
                sh.bad(g["first"], "participant", f'round {key[1]} of "{key[0]}" has no row on the Rounds sheet')
                continue
            crit = g["criteria"]
            missing = [(a, b) for a in crit for b in crit if (a, b) not in g["cells"]]
            if missing:
                a, b = missing[0]
                sh.bad(g["first"], "criterion", f'the judgements of round {key[1]} of "{key[0]}" need every pair; '
                       f"{len(missing)} missing, the first {a} against {b}")
                continue
            matrix = [[g["cells"][a, b] for b in crit] for a in crit]
            if not node:
                rnd["ahp"] = {"criteria": crit, "matrix": matrix}
            else:
                rnd.setdefault("ahp_nodes", []).append({"node": None if node == TOP_NODE else node,
                                                        "items": crit, "matrix": matrix})


def apply_participant_sheets(data: dict[str, Any], book: dict[str, Grid], file: str,
                             places: dict[tuple[int, int], dict[str, str]] | None = None) -> dict[str, Any]:
    """Put the participants the workshop sheets of `book` hold onto `data`, in place. A workbook without a
    Participants sheet leaves `data` as it is. Raises InputError naming each bad cell. `places` receives where
    each round was read (`_WorkshopReader.round_cells`), for `cell_of_round` to name the cell of a problem
    found later by the format's rules."""
    known = {norm_header(n) for n in WORKSHOP_SHEETS}
    book = {name: grid for name, grid in book.items() if norm_header(name) in known}
    if not book:
        return data
    reader = _WorkshopReader(data, book, file)
    if reader.participants():
        reader.round_rows()
        reader.branch_rows()
        reader.judgements()
    if reader.problems:
        raise InputError(reader.problems)
    if places is not None:
        places.update(reader.round_cells())
    return data


_ROUND_PATH = re.compile(r"participants\[(\d+)\][^\[]*rounds\[(\d+)\](?:\W+(\w+))?")


def cell_of_round(problem: Problem, places: dict[tuple[int, int], dict[str, str]]) -> Problem:
    """A problem the format's rules found in a round read from the workshop sheets, placed at the round's cell
    (its JSON path kept as the detail); any other problem as it is."""
    found = _ROUND_PATH.search(problem.place) or _ROUND_PATH.search(problem.detail)
    if found is None or (int(found[1]), int(found[2])) not in places:
        return problem
    cells = places[int(found[1]), int(found[2])]
    part = {"branches": "branches", "ahp": "ahp", "ahp_nodes": "ahp"}.get(found[3] or "", "")
    where = cells.get(part) or cells.get("")
    if where is None:
        return problem
    return Problem(problem.file, where, problem.message, problem.detail or problem.place)
