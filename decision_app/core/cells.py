"""Spreadsheet cells: addresses (``C7``, ``Ranges!D7``), formula neutralisation, and reading a cell as a
number or as text the way a person typing into Excel means it.

Pure functions on plain values; no file access, no pandas. ``tables`` and ``sheets`` build on these.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

FORMULA_START = ("=", "+", "-", "@")
Grid = list[list[Any]]


def column_letter(j: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    s = ""
    j += 1
    while j:
        j, r = divmod(j - 1, 26)
        s = chr(65 + r) + s
    return s


def cell(row: int, col: int, sheet: str | None = None) -> str:
    """The address of a 0-based (row, col), prefixed with the sheet as Excel writes it when one is given."""
    ref = f"{column_letter(col)}{row + 1}"
    if sheet is None:
        return ref
    name = sheet if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", sheet) else "'" + sheet.replace("'", "''") + "'"
    return f"{name}!{ref}"


def _formula_like(text: str) -> bool:
    """Starts with = + - @, perhaps behind apostrophes (which `neutralize` added, or a person typed)."""
    return text.lstrip("'").startswith(FORMULA_START)


def neutralize(text: str) -> str:
    """Prefix text a spreadsheet would run as a formula with ' so that it shows as text. Text that already
    looks neutralised (``'=x``) gets one more, so that `unneutralize` gives every text back unchanged."""
    return "'" + text if _formula_like(text) else text


def unneutralize(text: str) -> str:
    return text[1:] if text.startswith("'") and _formula_like(text) else text


def is_empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and value.strip() == ""


def number(value: Any, decimal_comma: bool = False) -> float | None:
    """A finite number from a cell (numbers stored as text included, and percentages: "55%" is 0.55, as in
    Excel), or None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        x = float(value)
    elif isinstance(value, str):
        s = value.strip().replace("\u00a0", "").replace(" ", "")
        if decimal_comma:
            s = s.replace(",", ".")
        percent = s.endswith("%")  # "55%", as Excel writes a percentage to CSV or keeps one typed as text
        try:
            x = float(s[:-1]) / 100 if percent else float(s)
        except ValueError:
            return None
    else:
        return None
    return x if math.isfinite(x) else None


class Percent(float):
    """A score in percent points (55 for 55 %), which a spreadsheet writes as a percentage: "55%" in a .csv, the
    number 0.55 shown as 55 % in an .xlsx. Reading such a column back gives 55 again (`percent_points`)."""


def is_percent(value: Any) -> bool:
    """A cell written as a percentage ("55%", "55 %"), as Excel writes one to a .csv."""
    return isinstance(value, str) and value.strip().endswith("%")


def percent_points(value: Any, decimal_comma: bool = False) -> float | None:
    """The number of percent points a percentage cell says ("55%" -> 55.0), or None when it is not one."""
    return number(value.strip()[:-1], decimal_comma) if is_percent(value) else None


def percent_format(x: float) -> str:
    """An Excel number format that shows `x` percent points with all of its decimals (55 -> "0%")."""
    decimals = min(len(number_text(tidy(x)).partition(".")[2].partition("e")[0]), 10)
    return "0." + "0" * decimals + "%" if decimals else "0%"


def number_text(x: float | int, decimal: str = ".") -> str:
    """A number as the shortest text that reads back as the same float (``0.2``, never
    ``0.20000000000000004`` unless that is the number), whole numbers without ``.0``, with `decimal` as the
    decimal separator."""
    if isinstance(x, float) and x.is_integer() and abs(x) < 1e15:
        return str(int(x))
    s = repr(x) if isinstance(x, float) else str(x)
    return s.replace(".", decimal) if decimal != "." else s


def tidy(x: float, digits: int = 12) -> float:
    """A computed number without the last bits of floating-point noise (``0.6324000000000001`` -> 0.6324):
    rounded to `digits` significant digits, far more than any display shows, far fewer than the noise."""
    return float(f"{x:.{digits}g}") if math.isfinite(x) else x


def _plain(value: Any) -> str:
    if is_empty(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        # Excel turns a typed date into a date cell; give back what was typed.
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def raw_text(value: Any) -> str:
    """A free-text cell exactly as written (its spaces kept), the formula prefix removed."""
    return unneutralize(_plain(value))


def text(value: Any) -> str:
    """A label, name or id cell: trimmed, the formula prefix removed."""
    return unneutralize(_plain(value).strip())


def row_is_empty(row: list[Any]) -> bool:
    return all(is_empty(v) for v in row)
