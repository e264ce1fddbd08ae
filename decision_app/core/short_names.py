"""Short names made from full names, for a table imported without them: at most `SHORT_NAME_MAX`
characters, never two alike (case and spacing aside), the same every time for the same names.

A name that fits is its own short name. A longer one is what comes before its colon, dash, bracket or comma
when that fits, else it loses a leading article ("A", "An", "The") and is cut at a word boundary with an
ellipsis. Names that would still read the same (the same first words) are told
apart by where they differ: the words after their common beginning, behind an ellipsis ("…with guarantees").
Whatever still collides gets a number ("Raise the costs… 2"). Pure functions on strings; no model here.
`short_name_problems` checks short names a spreadsheet gives, naming each bad cell.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from decision_app.core.errors import Problem
from decision_app.core.schema import SHORT_NAME_MAX

ELLIPSIS = "\u2026"
ARTICLES = ("a", "an", "the")


def _key(text: str) -> str:
    """What a reader tells apart: case and spacing aside."""
    return " ".join(text.split()).casefold()


def _hard_cut(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters without leaving a combining mark without its letter."""
    if len(text) <= limit:
        return text
    end = limit
    while end > 0 and unicodedata.combining(text[end]):
        end -= 1
    return text[:end] if end > 0 else text[:limit]


def _fit_words(words: Sequence[str], limit: int, lead: str = "") -> str:
    """`lead` and as many whole words as fit in `limit` characters, with an ellipsis when words were left out."""
    whole = lead + " ".join(words)
    if len(whole) <= limit:
        return whole
    room = limit - len(lead) - 1  # one character for the ellipsis
    out = ""
    for w in words:
        candidate = f"{out} {w}" if out else w
        if len(candidate) > room:
            break
        out = candidate
    if not out:  # the first word alone is too long: cut inside it
        out = _hard_cut(words[0], room) if words else ""
    return lead + out.rstrip(" ,;:-") + ELLIPSIS


def _words(name: str) -> list[str]:
    """The name's words without a leading article, the first capitalised as the name's was."""
    words = name.split()
    if len(words) > 1 and words[0].casefold() in ARTICLES:
        rest = words[1]
        words = [rest[:1].upper() + rest[1:] if words[0][:1].isupper() else rest, *words[2:]]
    return words


def _plain(name: str) -> str:
    """The short name of a name on its own: the name when it fits, else what comes before a colon, dash or
    bracket when that fits ("Status quo: military support…" -> "Status quo"), else its first words."""
    name = " ".join(name.split())
    if len(name) <= SHORT_NAME_MAX:
        return name or "Unnamed"
    head = re.split(r":| [-\u2013\u2014] | \(", name, maxsplit=1)[0].strip()
    if 2 <= len(head) <= SHORT_NAME_MAX:
        return head
    return _fit_words(_words(name), SHORT_NAME_MAX)


def _common_words(a: list[str], b: list[str]) -> int:
    n = 0
    while n < len(a) and n < len(b) and a[n].casefold() == b[n].casefold():
        n += 1
    return n


def _distinctive(name: str, others: list[str]) -> str | None:
    """The part of `name` that the `others` (which read the same when shortened) do not share: the words
    after the longest beginning it has in common with any of them, behind an ellipsis; None when it has no
    words of its own (it is the beginning of another name) or nothing in common with them."""
    words = _words(" ".join(name.split()))
    common = max((_common_words(words, _words(o)) for o in others), default=0)
    if common == 0 or common >= len(words):
        return None
    return _fit_words(words[common:], SHORT_NAME_MAX, lead=ELLIPSIS)


def _numbered(base: str, taken: set[str]) -> str:
    k = 2
    while True:
        suffix = f" {k}"
        out = _hard_cut(base, SHORT_NAME_MAX - len(suffix)).rstrip() + suffix
        if _key(out) not in taken:
            return out
        k += 1


def make_short_names(names: Sequence[str], given: Sequence[str | None] | None = None) -> list[str]:
    """One short name per name: the given one where there is one (kept as it is), else one made from the
    name, distinct from every other short name in the list (case and spacing aside) and at most
    `SHORT_NAME_MAX` characters. Deterministic: the same names give the same short names."""
    given = list(given) if given is not None else [None] * len(names)
    out: list[str | None] = [g if g is not None and g.strip() else None for g in given]
    taken = {_key(g) for g in out if g is not None}
    todo = [k for k, g in enumerate(out) if g is None]
    plain = {k: _plain(names[k]) for k in todo}
    by_key: dict[str, list[int]] = {}
    for k in todo:
        by_key.setdefault(_key(plain[k]), []).append(k)
    candidates: dict[int, str] = {}
    for k in todo:
        candidate = plain[k]
        # Names that read the same once shortened, but are not the same name, differ somewhere after it.
        others = [names[j] for j in by_key[_key(candidate)] if _key(names[j]) != _key(names[k])]
        candidates[k] = _distinctive(names[k], others) or candidate if others else candidate
    count: dict[str, int] = {}
    for candidate in candidates.values():
        count[_key(candidate)] = count.get(_key(candidate), 0) + 1
    # A candidate no other shares keeps it; the first of those that share one keeps it, the rest are numbered
    # (after the unique ones are placed, so that a number never takes another name's own short name).
    for k in todo:
        if count[_key(candidates[k])] == 1 and _key(candidates[k]) not in taken:
            out[k] = candidates[k]
            taken.add(_key(candidates[k]))
    for k in todo:
        if out[k] is None:
            candidate = candidates[k]
            out[k] = _numbered(candidate, taken) if _key(candidate) in taken else candidate
            taken.add(_key(out[k] or ""))
    return [s or "" for s in out]


def short_name_problems(short: list[str | None], places: list[str], what: str, file: str) -> list[Problem]:
    """The given short names a model could not take, each named by its cell: too long, or the same as
    another's (case and spacing aside)."""
    out: list[Problem] = []
    first: dict[str, str] = {}
    for name, place in zip(short, places, strict=True):
        if name is None:
            continue
        if len(name) > SHORT_NAME_MAX:
            out.append(Problem(file, place, f'the short name "{name}" has {len(name)} characters; a short name has '
                               f"at most {SHORT_NAME_MAX}"))
            continue
        key = " ".join(name.split()).casefold()
        if key in first:
            out.append(Problem(file, place, f'the short name "{name}" is also in {first[key]}; short names tell '
                               f"{what} apart: give each its own"))
        first.setdefault(key, place)
    return out
