"""Messages in the user's words (issue 19, item 6): a bad value is named by its option, criterion and field,
with the JSON path in the details; bytes that are no text are called what they are, not asked to be UTF-8."""

from __future__ import annotations

import json
import os
import random

import pytest
from conftest import write_json

from decision_app.cli import main
from decision_app.core.errors import InputError
from decision_app.core.loading import load_model

BAD_SCORE = ("Option 'Raise the costs of war further…', criterion 'Escalation risk', score: expected a number, "
             'the file has the text "high"')
NOT_OURS = "not a Decision Desk model or spreadsheet"


def _bad_score(tmp_path, default_dict):
    default_dict["options"][1]["scores"]["escalation_risk"]["value"] = "high"
    return write_json(tmp_path, default_dict)


def test_a_bad_score_is_named_in_words_with_the_path_below(tmp_path, capsys, default_dict):
    path = _bad_score(tmp_path, default_dict)
    assert main(["score", str(path)]) == 2
    _out, err = capsys.readouterr()
    assert err == f"decision-app: {path}: {BAD_SCORE}\n    at options[1].scores.escalation_risk.value in the file\n"


def test_the_window_shows_the_words_and_keeps_the_path_for_the_details(tmp_path, default_dict):
    from decision_app.gui.messages import error_text

    path = _bad_score(tmp_path, default_dict)
    with pytest.raises(InputError) as exc:
        load_model(path)
    text, _informative, details = error_text(exc.value)
    assert text == f"{path}: {BAD_SCORE}"
    assert "options[1].scores.escalation_risk.value" in details and "options[1]" not in text


@pytest.mark.parametrize("suffix", [".json", ".csv", ".bin", ""])
def test_random_bytes_are_not_a_model_nor_asked_to_be_utf8(tmp_path, capsys, suffix):
    path = tmp_path / f"random{suffix}"
    path.write_bytes(random.Random(19).randbytes(2048))
    assert main(["validate", str(path)]) == 2
    _out, err = capsys.readouterr()
    assert NOT_OURS in err and "UTF-8" not in err and "Traceback" not in err


def test_urandom_bytes_too(tmp_path, capsys):
    path = tmp_path / "noise.json"
    path.write_bytes(os.urandom(2048))
    assert main(["score", str(path)]) == 2
    assert NOT_OURS in capsys.readouterr().err


def test_a_text_in_another_encoding_still_gets_the_utf8_advice(tmp_path, capsys, default_dict):
    path = tmp_path / "latin1.json"
    default_dict["title"] = "Rückhalt"
    path.write_bytes(json.dumps(default_dict, ensure_ascii=False).encode("latin-1", errors="replace"))
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert "UTF-8" in err and NOT_OURS not in err


def test_the_window_calls_random_bytes_what_they_are(window, tmp_path):
    path = tmp_path / "random.json"
    path.write_bytes(random.Random(6).randbytes(2048))
    shown = []
    window.show_error = lambda title, exc: shown.append(str(exc))
    before = window.state.model
    assert not window.open_path(path)
    assert window.state.model is before
    assert len(shown) == 1 and NOT_OURS in shown[0] and "UTF-8" not in shown[0]


def test_a_binary_points_table_is_not_read_cell_by_cell(tmp_path, capsys, realistic_path):
    """`participants import` listed a hundred "invisible control character" cells of a random file."""
    table = tmp_path / "points.csv"
    table.write_bytes(random.Random(2).randbytes(2048))
    assert main(["participants", "import", str(realistic_path), str(table), "-o", str(tmp_path / "out.json")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and NOT_OURS in err and str(table) in err
