"""Pure workshop edits: each takes a DecisionModel and returns a new, valid one with edited `participants`
(or raises InputError saying why). The window wraps each in one undo step (`AnalysisState.replace_model`).

Only the participants list is rebuilt: criteria, options and profiles are shared with the old model, so an
edit costs a validation of the participants, not of the whole model. What must not live here: Qt, files.

Anonymising is permanent in the model: every name is removed (the participant is known by the code P1, P2,
... alone), so the names leave the file when it is saved next; within the session Undo brings them back.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from pydantic import ValidationError

from decision_app.core.errors import InputError, Problem
from decision_app.core.limits import tree_problems
from decision_app.core.new_round import build_round
from decision_app.core.schema import (
    CODE_PATTERN,
    DecisionModel,
    Participant,
    ParticipantRound,
    check_model,
    make_id,
)


def _name_or_none(name: str) -> str | None:
    """A name is optional: without one the participant is known by their code alone (no name is kept)."""
    return " ".join(name.split()) or None


def _index(model: DecisionModel, participant_id: str) -> int:
    for i, p in enumerate(model.participants):
        if p.id == participant_id:
            return i
    raise InputError(f'no participant "{participant_id}"')


def _with(model: DecisionModel, participants: list[Participant]) -> DecisionModel:
    """The model with these participants, checked by the participant rules of `check_model` and the limits
    (`limits`: what a file could not hold, an edit cannot bring in)."""
    new = model.model_copy(update={"participants": participants})
    problems = [Problem("the edited model", place, msg) for place, msg in check_model(new)
                if place.startswith("participants")]
    problems += tree_problems({"participants": [p.model_dump(mode="json") for p in participants]}, "the edited model")
    if problems:
        raise InputError(problems)
    return new


def _edit(model: DecisionModel, participant_id: str, **fields: object) -> DecisionModel:
    i = _index(model, participant_id)
    parts = list(model.participants)
    parts[i] = parts[i].model_copy(update=fields)
    return _with(model, parts)


def next_code(model: DecisionModel) -> str:
    """The next anonymous code in order of entry: one above the highest P-number in use (P1 when none)."""
    used = [int(p.code[1:]) for p in model.participants if CODE_PATTERN.fullmatch(p.code)]
    return f"P{max(used, default=0) + 1}"


def add_participant(model: DecisionModel, label: str = "", note: str = "",
                    rounds: Sequence[ParticipantRound] = ()) -> DecisionModel:
    """A new participant at the end, with the next code (`next_code`) and an id made from the code, never from
    the name; the name is optional (without one the label is the code: no name is kept)."""
    code = next_code(model)
    pid = make_id(code, {p.id for p in model.participants})
    try:
        new = Participant(id=pid, label=_name_or_none(label), code=code, note=note, rounds=list(rounds))
    except ValidationError as exc:
        raise InputError(f"the participant cannot be added: {exc.errors()[0]['msg']}") from None
    return _with(model, [*model.participants, new])


def added_id(before: DecisionModel, after: DecisionModel) -> str:
    """The id of the participant `add_participant` appended."""
    known = {p.id for p in before.participants}
    return next(p.id for p in after.participants if p.id not in known)


def rename_participant(model: DecisionModel, participant_id: str, label: str) -> DecisionModel:
    """A new name; a blank one removes the name (the participant is known by their code alone)."""
    return _edit(model, participant_id, label=_name_or_none(label))


def set_note(model: DecisionModel, participant_id: str, note: str) -> DecisionModel:
    return _edit(model, participant_id, note=note.strip())


def remove_participant(model: DecisionModel, participant_id: str) -> DecisionModel:
    """Remove a participant and every round they entered; the others keep their codes."""
    i = _index(model, participant_id)
    return _with(model, [p for k, p in enumerate(model.participants) if k != i])


def anonymise(model: DecisionModel) -> DecisionModel:
    """Every name removed, permanently: each participant is known by their code alone."""
    return _with(model, [p.model_copy(update={"label": None}) for p in model.participants])


def set_absent(model: DecisionModel, participant_id: str, round: int, absent: bool = True) -> DecisionModel:
    """Mark a participant absent from a round (or present again), so that a no-show does not leave the round
    partial for ever; refused for a round they have entered."""
    p = model.participants[_index(model, participant_id)]
    if absent and p.round(round) is not None:
        raise InputError(f"{p.code} has entered round {round}: remove that entry first to mark them absent")
    was = set(p.absent or ())
    rounds = sorted((was | {round}) if absent else (was - {round}))
    return _edit(model, participant_id, absent=rounds or None)


def make_round(model: DecisionModel, round: int, method: str, weights: Sequence[float] | np.ndarray, *,
               inputs: Sequence[float] | None = None, ahp_matrix: np.ndarray | None = None) -> ParticipantRound:
    """A round from arrays in the model's criterion order: the weights as entered (points, any scale), what
    was entered for 'ranking' and 'swing' (`inputs`), and the pairwise matrix for 'ahp'."""
    cids = model.criterion_ids()
    w = np.asarray(weights, dtype=float)
    if w.shape != (len(cids),):
        raise InputError(f"give {len(cids)} weights, one per criterion")
    return build_round(
        "weights",
        round=round, method=method,  # checked by pydantic
        weights={c: float(x) for c, x in zip(cids, w, strict=True)},
        inputs=None if inputs is None else {c: float(x) for c, x in zip(cids, inputs, strict=True)},
        ahp=None if ahp_matrix is None else dict(
            criteria=cids, matrix=[[float(x) for x in row] for row in np.asarray(ahp_matrix, dtype=float)]))


def set_round(model: DecisionModel, participant_id: str, entry: ParticipantRound) -> DecisionModel:
    """Enter (or replace) a participant's weights for `entry.round`; rounds stay in ascending order."""
    p = model.participants[_index(model, participant_id)]
    rounds = sorted([r for r in p.rounds if r.round != entry.round] + [entry], key=lambda r: r.round)
    return _edit(model, participant_id, rounds=rounds,
                 absent=[r for r in p.absent or () if r != entry.round] or None)


def remove_round(model: DecisionModel, participant_id: str, round: int) -> DecisionModel:
    p = model.participants[_index(model, participant_id)]
    if p.round(round) is None:
        raise InputError(f"{p.code} has entered nothing in round {round}")
    return _edit(model, participant_id, rounds=[r for r in p.rounds if r.round != round])


def set_round_weight(model: DecisionModel, participant_id: str, round: int, criterion_id: str,
                     points: float) -> DecisionModel:
    """One criterion's points in a participant's round, kept as a direct entry (what was elicited before no
    longer explains the weights)."""
    p = model.participants[_index(model, participant_id)]
    r = p.round(round)
    if r is None:
        raise InputError(f"{p.code} has entered nothing in round {round}")
    if criterion_id not in r.weights:
        raise InputError(f'"{criterion_id}" is not a criterion id')
    weights: Mapping[str, float] = {**r.weights, criterion_id: float(points)}
    entry = build_round("weight", round=round, method="direct", weights=dict(weights))
    return set_round(model, participant_id, entry)
