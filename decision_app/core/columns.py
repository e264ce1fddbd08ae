"""What a spreadsheet's columns hold besides scores: notes on the options, in any of several languages.

A column of text is never taken silently. Its header a common word for notes ("Kommentar", "Remarques",
"Notes", ...) and nothing in its label rows: it is read as notes, and a notice says so. Any other column of text
is a question the caller answers (the window asks; the command line takes ``--notes-column NAME``): notes, or a
criterion, whose words then get the cell-named errors of any score that is not a number.

The answers travel with the criteria's directions, in one mapping {column name: answer}: "benefit"/"cost"
(max/min) for a criterion's direction, `NOTES` for a column of notes, `CRITERION` for a column of text that is
a criterion after all. Pure functions; no file access.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping

NOTES, CRITERION = "notes", "criterion"

# Words for notes, comments and remarks as a header says them (lower case, accents removed): English, German,
# French, Spanish, Portuguese, Italian, Dutch, Polish, the Scandinavian languages.
NOTE_WORDS = frozenset({
    "comment", "comments", "note", "notes", "remark", "remarks", "notice", "annotation", "annotations",
    "kommentar", "kommentare", "bemerkung", "bemerkungen", "anmerkung", "anmerkungen", "notiz", "notizen",
    "commentaire", "commentaires", "remarque", "remarques",
    "nota", "notas", "comentario", "comentarios", "observacion", "observaciones", "observacao", "observacoes",
    "commento", "commenti", "osservazione", "osservazioni",
    "opmerking", "opmerkingen", "toelichting", "notitie", "notities",
    "uwaga", "uwagi", "komentarz", "komentarze",
    "kommentarer", "anmarkning", "anmarkningar", "bemaerkning", "bemaerkninger", "merknad", "merknader",
})


def header_key(name: str) -> str:
    """A header as the notes words are written: accents removed, lower case, no closing colon."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return " ".join(plain.casefold().split()).rstrip(":").strip()


def is_notes_word(name: str) -> bool:
    return header_key(name.replace("æ", "ae").replace("Æ", "AE")) in NOTE_WORDS


def split_answers(answers: Mapping[str, str] | None) -> tuple[dict[str, str], set[str], set[str]]:
    """The answers given about a spreadsheet's columns as (directions {name: word}, names of notes columns,
    names of text columns that are criteria); names of the last two lower-cased."""
    directions: dict[str, str] = {}
    notes: set[str] = set()
    criteria: set[str] = set()
    for name, word in (answers or {}).items():
        w = word.strip().lower()
        if w == NOTES:
            notes.add(name.strip().lower())
        elif w == CRITERION:
            criteria.add(name.strip().lower())
        else:
            directions[name] = word
    return directions, notes, criteria
