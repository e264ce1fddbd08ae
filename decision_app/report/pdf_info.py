"""What every PDF the app writes says about itself: its creation date, and a first font that is embedded.

reportlab's invariant mode (which makes the same inputs give the same bytes) dates every file 2000-01-01 and
starts every page in Helvetica, a font it does not embed. Here the creation date is the document's own date
(the memo's, the deck's), so the file stays byte-identical for the same date, and every page starts in Roboto.
Without a date given, the date is today's, or that of ``SOURCE_DATE_EPOCH`` when it is set (reproducible
builds' convention).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from typing import Any

INITIAL_FONT = {"initialFontName": "Roboto", "initialFontSize": 10, "initialLeading": 12}


def default_date() -> str:
    """The date a document carries when none is given: SOURCE_DATE_EPOCH's (UTC) when set, else today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date().isoformat()
        except (ValueError, OverflowError, OSError):
            pass  # not a number of seconds: today, as without it
    return dt.date.today().isoformat()


def date_formatter(date: str) -> Callable[..., str]:
    """A reportlab date formatter that writes `date` (YYYY-MM-DD), at midnight UTC, whatever the clock says."""
    day = dt.date.fromisoformat(date)
    stamp = f"D:{day:%Y%m%d}000000+00'00'"

    def formatter(*_ignored: Any) -> str:
        return stamp

    return formatter


def stamp(canvas: Any, date: str) -> None:
    """Make `canvas` (a reportlab Canvas) date its file `date` (YYYY-MM-DD): /CreationDate and /ModDate. A
    date written otherwise (the callers check theirs) leaves reportlab's own."""
    try:
        canvas.setDateFormatter(date_formatter(date))
    except ValueError:
        return
