"""What a number typed by a user means: one rule for every number box of the window (scores, range ends,
weight percentages, uncertainty settings, participants' points).

A typed number is taken exactly or refused with the reason in words, never read as another number:

- a point or a comma is the decimal mark ("3,5" and "3.5" are both three and a half, never 35); a number with
  two marks ("1,000.5") is refused;
- the locale's thousands separator (a comma in English, a point in German) is read as one only where the box
  itself shows it (the number of samples, "20,000"), and only in whole groups of three digits; elsewhere a
  number that reads both ways ("1,000" in English: one, or a thousand?) is refused, not guessed;
- more decimals than the box keeps, a decimal mark in a whole-number box, letters, an empty box, "inf" or "nan"
  are refused: nothing is rounded or cut;
- spaces around the number and a typographic minus ("−", as pasted from a document) are allowed.

Range checks (a score's scale, a weight's room) belong to the caller, which knows the words for them.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

# Digits are ASCII only: Python's float() also reads "١٢" and "１２", which no box shows back the same way.
_NUMBER = re.compile(r"([+-]?)(\d*)(?:([.,])(\d*))?(?:[eE]([+-]?\d{1,4}))?", re.ASCII)
_AMBIGUOUS = re.compile(r"[+-]?[1-9]\d{0,2}([.,])\d{3}", re.ASCII)  # one mark, three digits after it
LARGEST = 1e15  # beyond this a float no longer holds every whole number typed


class NumberRefusedError(ValueError):
    """A typed text that is not taken; `str()` says why, in words for the status bar."""


def read_number(text: str, *, decimals: int | None = None, group_mark: str = ",", grouping: bool = False) -> float:
    """The number `text` stands for, exactly; NumberRefusedError saying why when it stands for none.

    `decimals`: how many decimal places the box keeps (0 for a whole-number box, None for any);
    `group_mark`: the locale's thousands separator; `grouping`: whether the box shows it (then "20,000" is
    twenty thousand).
    """
    body = text.strip().replace("\u2212", "-").replace("\u2013", "-")
    if not body:
        raise NumberRefusedError("the box is empty")
    if grouping and re.fullmatch(rf"[+-]?\d{{1,3}}(?:{re.escape(group_mark)}\d{{3}})+", body, re.ASCII):
        number = Decimal(body.replace(group_mark, ""))
    else:
        ambiguous = _AMBIGUOUS.fullmatch(body)
        if ambiguous and ambiguous.group(1) == group_mark:
            whole, part = body.split(group_mark)
            raise NumberRefusedError(f"{body} could be {whole}{'.' if group_mark == ',' else ','}{part} or {whole}{part}; "
                                f"write it without the {'comma' if group_mark == ',' else 'point'} or with a "
                                "different decimal mark")
        match = _NUMBER.fullmatch(body)
        if match is None or not (match.group(2) or match.group(4)):
            raise NumberRefusedError(_not_a_number(body))
        sign, whole, mark, frac, exp = match.groups()
        if mark and decimals == 0:
            raise NumberRefusedError(f"{shown(body)} is not a whole number")
        try:
            number = Decimal(f"{sign}{whole or '0'}.{frac or '0'}e{exp or '0'}")
        except InvalidOperation as exc:  # pragma: no cover - the pattern admits only what Decimal reads
            raise NumberRefusedError(_not_a_number(body)) from exc
    if not number.is_finite() or abs(number) >= Decimal(LARGEST):
        raise NumberRefusedError(f"{shown(body)} is too large a number")
    places = max(0, -int(number.normalize().as_tuple().exponent)) if number else 0
    if decimals is not None and places > decimals:
        raise NumberRefusedError(f"{shown(body)} is not a whole number" if decimals == 0 else
                            f"{shown(body)} has more decimals than the {decimals} kept here")
    return float(number)


def shown(text: str, limit: int = 24) -> str:
    """A typed text as a message quotes it: cut to `limit` characters, line breaks as spaces."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _not_a_number(body: str) -> str:
    if re.fullmatch(r"[+-]?[\d.,]+", body, re.ASCII):
        return f'"{shown(body)}" has more than one decimal mark; write a number such as 3.5 or 3,5'
    return f'"{shown(body)}" is not a number'
