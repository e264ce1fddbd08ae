"""The one way a participant's round is built from what was entered (the entry dialog's pages, a round per branch,
judgements node by node): pydantic checks it, and what it refuses is said for a desk officer, with its place
("the weight of "casualties": must be 0 or more, not -2"), never as pydantic's "Input should be …"."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import ValidationError

from decision_app.core.errors import InputError
from decision_app.core.schema import ParticipantRound

_FIELDS = {"round": "the round", "method": "the method", "weights": "the weight", "inputs": "what was entered",
           "ahp": "the judgements", "ahp_nodes": "the judgements", "branches": "the branches",
           "matrix": "the judgements", "shares": "the share", "items": "the items", "criteria": "the items"}


def _number(x: Any) -> str:
    return f"{x:g}" if isinstance(x, float) else str(x)


def _place(loc: tuple[Any, ...]) -> str:
    """('weights', 'casualties') -> 'the weight of "casualties"'; ('ahp', 'matrix', 0, 1) -> 'the judgements,
    row 1, column 2'."""
    words: list[str] = []
    numbers: list[int] = []
    for part in loc:
        if isinstance(part, int):
            numbers.append(part + 1)
        elif part in _FIELDS:
            if not words or _FIELDS[part] != words[-1]:
                words.append(_FIELDS[part])
        elif not words:
            words.append(str(part))
        else:
            words[-1] += f' of "{part}"'
    place = words[-1] if words else "the round"
    if len(numbers) == 2:
        place += f", row {numbers[0]}, column {numbers[1]}"
    elif len(numbers) == 1:
        place += f" {numbers[0]}"
    return place


def _words(err: Any) -> str:
    kind, ctx = err["type"], err.get("ctx") or {}
    wording: dict[str, Callable[[], str]] = {
        "greater_than_equal": lambda: f"must be {_number(ctx.get('ge'))} or more",
        "greater_than": lambda: f"must be more than {_number(ctx.get('gt'))}",
        "less_than_equal": lambda: f"must be {_number(ctx.get('le'))} or less",
        "less_than": lambda: f"must be less than {_number(ctx.get('lt'))}",
        "finite_number": lambda: "must be a number (not infinite, not blank)",
        "literal_error": lambda: f"must be one of {ctx.get('expected', '')}",
        "int_from_float": lambda: "must be a whole number",
    }
    said = wording.get(kind)
    text: str = said() if said is not None else str(err["msg"]).removeprefix("Value error, ")
    if "input" in err and not isinstance(err["input"], dict | list):
        text += f", not {_number(err['input'])}"
    return text


def build_round(what: str, **fields: Any) -> ParticipantRound:
    """A ParticipantRound from `fields`; InputError "the <what> cannot be kept: <place>: <words>" otherwise
    (`what`: "weights", "judgements")."""
    try:
        return ParticipantRound(**fields)
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        raise InputError(f"the {what} cannot be kept: {_place(tuple(err['loc']))}: {_words(err)}") from None
