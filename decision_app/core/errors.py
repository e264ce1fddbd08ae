"""Error types that carry a file, a place in it and a plain-words message, one per problem."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: where it is and what to do about it."""

    file: str
    place: str
    message: str
    detail: str = ""  # the technical place (a JSON path) for whoever edits the file by hand, when `place` is words

    def __str__(self) -> str:
        where = f"{self.file}: {self.place}" if self.place else self.file
        return f"{where}: {self.message}"

    def full(self) -> str:
        """The problem with its technical place on a line of its own (the command line, a dialog's details)."""
        return str(self) + (f"\n    at {self.detail} in the file" if self.detail else "")


class InputError(Exception):
    """Bad input: a file or a value the user can fix. Carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem] | Problem | str, file: str = "", place: str = ""):
        if isinstance(problems, str):
            problems = [Problem(file, place, problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def grouped(problems: list[Problem], shown: int = 3) -> list[Problem]:
    """One problem per message: the same words at many places (a criterion renamed in the matrix only is
    named on every row of every other sheet) become one problem listing its first places and how many more."""
    places: dict[tuple[str, str], list[str]] = {}
    for p in problems:
        places.setdefault((p.file, p.message), []).append(p.place)
    out = []
    for (file, message), where in places.items():
        more = f" and {len(where) - shown} more" if len(where) > shown else ""
        out.append(Problem(file, ", ".join(w for w in where[:shown] if w) + more, message))
    return out


class EngineError(ValueError):
    """A computation that cannot give a defined answer (for example all weights zero)."""


class LacksDirectionsError(InputError):
    """A spreadsheet that says nothing about whether some criteria (`criteria`) are better high (benefit) or
    low (cost), and has other problems too (`others`, each naming a cell). `problems` leads with the others,
    then the missing directions (`missing`): fixing the others comes first, and a caller that can ask for
    directions (the window's dialog, the command line's --direction) asks once they are fixed. `file` is the
    spreadsheet."""

    def __init__(self, others: list[Problem], missing: list[Problem], file: str, criteria: list[str]):
        super().__init__([*others, *missing])
        self.others = list(others)
        self.missing = list(missing)
        self.file = file
        self.criteria = list(criteria)


class MissingDirectionsError(LacksDirectionsError):
    """A spreadsheet whose only problem is that it says nothing about some criteria's directions: give
    `directions` ({criterion name: "benefit" | "cost"}) for `criteria` to the reader again to complete the
    import. `file` is the spreadsheet.
    """

    def __init__(self, problems: list[Problem], file: str, criteria: list[str]):
        super().__init__([], problems, file, criteria)


class TextColumnsError(InputError):
    """A spreadsheet with columns of text (`columns`, by header) that nobody has said are notes on the options or
    criteria. `problems` names the column and its cells that are not numbers; `others` are the problems elsewhere
    in the file. With no others, the caller asks (the window's dialog, the command line's --notes-column) and
    reads again with the answers (`columns.NOTES` or `columns.CRITERION` for each). `file` is the spreadsheet."""

    def __init__(self, problems: list[Problem], others: list[Problem], file: str, columns: list[str]):
        super().__init__([*others, *problems])
        self.others = list(others)
        self.file = file
        self.columns = list(columns)
