"""Version 5: every score's basis, citation notes, inferred source metadata, the baseline, and the
migration of version-3 files (their scores become `inference`, flagged for review)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import write_json

from decision_app.core.errors import InputError
from decision_app.core.loading import dump_model, load_model, parse_model_json
from decision_app.core.schema import SCHEMA_VERSION, Source, source_label

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def messages(tmp_path, data) -> list[str]:
    with pytest.raises(InputError) as exc:
        load_model(write_json(tmp_path, data))
    return [str(p) for p in exc.value.problems]


def first_score(d):
    return next(iter(d["options"][0]["scores"].values()))


def test_essay_basis_needs_a_citation(tmp_path, small_dict):
    s = first_score(small_dict)
    s["basis"], s["citations"] = "essay", []
    (msg,) = messages(tmp_path, small_dict)
    assert ", basis: " in msg and 'the basis is "essay" but no passage is cited' in msg


def test_inference_basis_needs_a_rationale(tmp_path, small_dict):
    s = first_score(small_dict)
    s["basis"], s["rationale"] = "inference", "  "
    (msg,) = messages(tmp_path, small_dict)
    assert 'the basis is "inference" but the rationale is empty' in msg


def test_judgement_needs_no_citation(tmp_path, small_dict):
    s = first_score(small_dict)
    s["basis"], s["citations"] = "judgement", []
    assert load_model(write_json(tmp_path, small_dict)).options[0].scores
    s["basis"] = "hunch"
    (msg,) = messages(tmp_path, small_dict)
    assert "basis" in msg and "'essay', 'inference' or 'judgement'" in msg


def test_citation_note_kept_and_empty_note_refused(tmp_path, small_dict):
    s = first_score(small_dict)
    s["basis"] = "essay"
    s["citations"] = [{"source": "corcoran", "quote": "x", "note": "States the effect on casualties."}]
    m = load_model(write_json(tmp_path, small_dict))
    assert next(iter(m.options[0].scores.values())).citations[0].note == "States the effect on casualties."
    assert b'"note": "States the effect on casualties."' in dump_model(m)
    s["citations"][0]["note"] = " "
    (msg,) = messages(tmp_path, small_dict)
    assert "quote 1, note: the note is empty" in msg


def test_inferred_source_metadata(tmp_path, small_dict):
    small_dict["sources"][0]["inferred"] = ["date", "date"]
    (msg,) = messages(tmp_path, small_dict)
    assert '"date" is listed more than once' in msg
    small_dict["sources"][0]["inferred"] = ["title"]
    small_dict["sources"][0]["title"] = ""
    (msg,) = messages(tmp_path, small_dict)
    assert '"title" is marked inferred but the source has no title' in msg
    small_dict["sources"][0]["inferred"] = ["publisher"]
    (msg,) = messages(tmp_path, small_dict)
    assert "inferred" in msg


def test_source_label_says_what_is_inferred():
    s = Source(id="a", author="Ed Corcoran", outlet="Foreign Policy In Focus", date="mid-2023",
               inferred=["outlet", "date"])
    assert source_label(s) == "Ed Corcoran (outlet inferred: Foreign Policy In Focus; date inferred: mid-2023)"
    k = Source(id="k", author="K", title="T", outlet="Newsweek", date="March 2022", inferred=["date"])
    assert source_label(k) == "K, \u201cT\u201d (Newsweek; date inferred: March 2022)"
    assert "untitled" not in source_label(s)


def test_baseline_must_be_an_option_and_one_anchor(tmp_path, small_dict):
    small_dict["baseline"] = "nowhere"
    (msg,) = messages(tmp_path, small_dict)
    assert "baseline" in msg and '"nowhere" is not an option id' in msg
    small_dict["baseline"] = small_dict["options"][0]["id"]
    for a in small_dict["criteria"][0]["anchors"]:
        a["baseline"] = True
    (msg,) = messages(tmp_path, small_dict)
    assert "more than one anchor is marked baseline" in msg


@pytest.mark.parametrize("name", ["v3-ending-the-war.json", "v4-ending-the-war.json"])
def test_version_3_and_4_files_migrate_to_inference_under_review(name):
    raw = (FIXTURES / name).read_bytes()
    assert json.loads(raw)["schema_version"] == int(name[1])
    m = parse_model_json(raw)
    assert m.schema_version == SCHEMA_VERSION >= 5
    scores = [s for o in m.options for s in o.scores.values()]
    assert scores and all(s.basis == "inference" and s.review for s in scores)
    again = parse_model_json(dump_model(m))  # saved in version 5 and read back: the same
    assert dump_model(again) == dump_model(m)


def test_migration_without_rationale_gives_judgement(tmp_path):
    d = json.loads((FIXTURES / "v3-ending-the-war.json").read_text(encoding="utf-8"))
    first_score(d)["rationale"] = ""
    m = load_model(write_json(tmp_path, d))
    s = next(iter(m.options[0].scores.values()))
    assert s.basis == "judgement" and s.review


@pytest.mark.parametrize("name", ["v1-ending-the-war.json", "v2-ending-the-war.json", "v1-small-with-session.json"])
def test_older_fixtures_still_open(name):
    m = load_model(FIXTURES / name)
    assert all(s.review for o in m.options for s in o.scores.values())


def test_deleting_the_baseline_option_leaves_no_baseline(realistic_path):
    from decision_app.core.edits import delete_option, set_score

    model = load_model(realistic_path)
    assert model.baseline == "status_quo"
    assert delete_option(model, "status_quo").baseline is None
    cid = model.criteria[0].id
    marked = set_score(load_model(FIXTURES / "v3-ending-the-war.json"), "status_quo", cid, basis="judgement")
    s = next(o for o in marked.options if o.id == "status_quo").scores[cid]
    assert s.basis == "judgement" and not s.review  # choosing a basis is the review
