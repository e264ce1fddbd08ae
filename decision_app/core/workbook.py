"""Reading an .xlsx workbook into grids of cell values, within the limits (`limits`).

The zip's directory is read first: a file with more parts, or more unpacked bytes, than a real workbook has
(a zip bomb posing as an .xlsx) is refused before any part is unpacked. Then openpyxl reads each sheet row by
row, in read-only mode, and every row is counted against the limits on rows, columns and cells before it is
kept, so a sheet that claims a cell at row 1,000,000,000 is refused, not filled in. Cell values are what
pandas' reader gave before (whole numbers as int, empty and error cells as None), rows padded to the sheet's
widest; a number shown as a percentage is given as Excel writes it to a .csv ("55%"), so that a percentage
column stays in percent. openpyxl is imported only when a workbook is read.
"""

from __future__ import annotations

import io
from typing import Any

from decision_app.core.cells import Grid, is_empty, number_text, tidy
from decision_app.core.errors import InputError
from decision_app.core.limits import TableCounter, check_zip, grid_problems


def _unreadable(file: str, exc: BaseException) -> InputError:
    return InputError(f"not a readable .xlsx workbook ({exc.__class__.__name__}); save it again from Excel", file)


def _value(cell: Any) -> Any:
    value = cell.value
    if is_empty(value) or cell.data_type == "e":  # "#N/A", "#DIV/0!": no value
        return None
    if cell.data_type == "n" and isinstance(value, (int, float)) and "%" in (cell.number_format or ""):
        # a percentage (0.55 shown as 55 %): read as Excel writes it to a .csv, so its column stays in percent
        return f"{number_text(tidy(value * 100))}%"
    if cell.data_type == "n" and isinstance(value, float) and abs(value) < 2**53 and value.is_integer():
        return int(value)
    return value


def read_workbook(raw: bytes, file: str) -> dict[str, Grid]:
    """Every worksheet of a workbook as a grid of cell values (None for empty), positions kept from A1.
    Raises InputError naming the file when it is not a workbook, or the limit it goes over."""
    import zipfile

    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            check_zip(archive.infolist(), file)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise _unreadable(file, exc) from None
    counter = TableCounter(file)
    book: dict[str, Grid] = {}
    try:
        wb = load_workbook(io.BytesIO(raw), read_only=True, data_only=True, keep_links=False)
        try:
            for ws in wb.worksheets:
                ws.reset_dimensions()  # the rows and cells as stored, not as the sheet's header claims
                grid: Grid = []
                last = -1
                for r, row in enumerate(ws.iter_rows()):
                    counter.row(r, len(row), ws.title)
                    values = [_value(c) for c in row]
                    while values and values[-1] is None:
                        values.pop()
                    if values:
                        last = r
                    grid.append(values)
                del grid[last + 1:]
                width = max((len(row) for row in grid), default=0)
                book[str(ws.title)] = [[*row, *([None] * (width - len(row)))] for row in grid]
        finally:
            wb.close()
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds (zip, XML, KeyError...) for a broken workbook
        raise _unreadable(file, exc) from None
    problems = [p for name, grid in book.items() for p in grid_problems(grid, file, name)]
    if problems:
        raise InputError(problems[:100])
    return book
