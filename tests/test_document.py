"""One document, one analysis (issue 20): a file saved by the window gives the same analysis in the window,
every command, the memo and the deck, and each says where its settings came from."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import numpy as np
import pytest
from pypdf import PdfReader

from decision_app.cli import main
from decision_app.core.document import AnalysisSpec, model_with_spec, read_document, run_spec_uncertainty
from decision_app.core.loading import dump_model, load_model
from decision_app.core.schema import SCHEMA_VERSION

FIXTURES = Path(__file__).resolve().parent / "fixtures"
DATE = "2026-11-22"
CUSTOM = np.array([5, 1, 2, 0.5, 3, 1, 4, 1, 2, 1, 0.25])  # the default model's eleven criteria
UNCERTAINTY = {"samples": 1_200, "seed": 9, "spread": 0.1, "scores_mode": "uniform"}
BRIEF_FIELDS = {"title": "Options memo", "author": "A. Analyst", "addressee": "Planning", "marking": "RESTRICTED",
                "comment": "Workshop draft"}


def cli_json(capsys, *args: str) -> dict:
    capsys.readouterr()
    assert main([*args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def pages(data: bytes) -> list[str]:
    return [re.sub(r"\s+", " ", p.extract_text()) for p in PdfReader(io.BytesIO(data)).pages]


def set_up(window, method: str, tmp_path: Path) -> Path:
    """The window with `method`, custom weights and non-default uncertainty settings, saved."""
    state = window.state
    state.set_weights(CUSTOM)
    state.set_method(method)
    state.set_smaa_settings(**UNCERTAINTY)
    saved = tmp_path / f"{method}.json"
    state.save(saved)
    assert state.wait_for_smaa(60_000) and state.results is not None and state.results.uncertainty_is_current()
    return saved


@pytest.mark.parametrize("method", ["wsm", "wpm", "topsis", "vikor", "promethee2"])
def test_a_saved_file_gives_the_windows_analysis_on_every_command(window, tmp_path, capsys, method):
    state = window.state
    saved = set_up(window, method, tmp_path)
    snap = state.results
    ids = state.compiled.option_ids

    score = cli_json(capsys, "score", str(saved))
    got = {r["option"]: r["score"] for r in score["ranking"]}
    np.testing.assert_allclose([got[o] for o in ids], snap.scores, rtol=0, atol=1e-12)
    np.testing.assert_allclose(list(score["weights"].values()), state.weights, rtol=0, atol=1e-12)
    assert score["analysis"]["method"] == method and score["analysis"]["from"]["method"] == "file"
    assert score["analysis"]["from"]["weights"] == "file" and score["analysis"]["profile"] is None

    sens = cli_json(capsys, "sensitivity", str(saved))
    swept = sens["criteria"][snap.sweep_criterion]
    assert [tp["weight"] for tp in swept["tipping_points"]] == pytest.approx(
        [tp.weight for tp in snap.tipping], abs=1e-12)

    unc = cli_json(capsys, "uncertainty", str(saved))
    mine = state.smaa
    assert mine is not None and unc["samples"] == UNCERTAINTY["samples"] and unc["seed"] == UNCERTAINTY["seed"]
    theirs = np.array([unc["acceptability"][o] for o in ids])
    np.testing.assert_array_equal(theirs, mine.acceptability)  # to the last digit: one function, one spec
    assert unc["analysis"]["from"]["samples"] == "file" and unc["analysis"]["uncertainty"]["spread"] == 0.1


def test_the_worker_and_the_command_line_run_one_function(window, tmp_path, capsys):
    """The acceptabilities the window shows are `run_spec_uncertainty`'s for the file's specification."""
    saved = set_up(window, "topsis", tmp_path)
    read = read_document(saved)
    from decision_app.core.compiled import compile_model

    again = run_spec_uncertainty(compile_model(read.model), read.spec, threads=2).result
    np.testing.assert_array_equal(again.acceptability, window.state.smaa.acceptability)


@pytest.mark.parametrize("method", ["wsm", "vikor"])
def test_the_cli_memo_is_the_windows_export_brief(window, tmp_path, method):
    from decision_app.gui.brief_dialog import brief_for_state
    from decision_app.report.analysis import BriefOptions

    saved = set_up(window, method, tmp_path)
    from_window, _ = brief_for_state(window.state, BriefOptions(date=DATE, **BRIEF_FIELDS))
    out = tmp_path / "cli.pdf"
    flags = [x for k, v in BRIEF_FIELDS.items() for x in (f"--{k}", v)]
    assert main(["brief", str(saved), "-o", str(out), "--date", DATE, *flags]) == 0
    cli_pages, window_pages = pages(out.read_bytes()), pages(from_window)
    assert cli_pages[0] == window_pages[0]
    assert out.read_bytes() == from_window  # the appendix too: both say the settings were saved with the file
    appendix = " ".join(cli_pages)
    assert "Where the settings come from" in appendix and "Weights: custom weights, as saved with the file" in appendix


def test_the_cli_deck_is_the_windows_export_slides(window, tmp_path):
    from decision_app.gui.presentation.export import deck_bytes

    saved = set_up(window, "promethee2", tmp_path)
    from_window = deck_bytes(window.state, date=DATE)
    out = tmp_path / "deck.pdf"
    assert main(["slides", str(saved), "-o", str(out), "--date", DATE]) == 0
    assert pages(out.read_bytes()) == pages(from_window)
    title = pages(from_window)[0]
    assert "Method: PROMETHEE" in title and "as saved with the file" in title


def test_flags_override_the_file_and_say_so(window, tmp_path, capsys):
    saved = set_up(window, "vikor", tmp_path)
    data = cli_json(capsys, "score", str(saved), "--profile", "kogan_outlook", "--method", "wsm")
    assert data["analysis"]["from"]["weights"] == "--profile" and data["analysis"]["from"]["method"] == "--method"
    assert data["analysis"]["from"]["samples"] == "file"
    capsys.readouterr()
    assert main(["score", str(saved), "--profile", "kogan_outlook"]) == 0
    text = capsys.readouterr().out
    assert "Weights: profile kogan_outlook" in text and "(--profile)" in text
    assert "Method: VIKOR" in text and "(as saved with the file)" in text
    assert "VIKOR v: 0.5 (the app's default)" in text


def test_group_uses_the_rule_and_round_saved_by_the_window(qtbot, tmp_path, capsys):
    from group_models import with_participants

    from decision_app.gui.main_window import MainWindow
    from decision_app.gui.state import AnalysisState

    path = tmp_path / "workshop.json"
    path.write_text(json.dumps(with_participants(json.loads((FIXTURES / "eight-criteria.json").read_text()))))
    state = AnalysisState(load_model(path), path)
    win = MainWindow(state)
    try:
        assert win.workshop.round == 2 and state.spec.group_round is None  # the latest
        win.workshop.set_rule("median")
        win.workshop.set_round(1)
        assert state.dirty and (state.spec.group_rule, state.spec.group_round) == ("median", 1)
        state.set_method("topsis")
        state.save(path)
        data = cli_json(capsys, "group", str(path))
        g = win.group.analyse()
        assert g is not None and (data["rule"], data["round"], g.round) == ("median", 1, 1)
        assert data["analysis"]["from"]["group_rule"] == "file" and data["method"] == "topsis"
        np.testing.assert_allclose(list(data["combined"].values()), g.combined.weights, rtol=0, atol=1e-12)
        np.testing.assert_allclose([r["score"] for r in data["ranking"]], g.combined.scores[g.combined.order],
                                   rtol=0, atol=1e-12)
        assert cli_json(capsys, "group", str(path), "--rule", "mean")["analysis"]["from"]["group_rule"] == "--rule"
        memo = tmp_path / "memo.pdf"
        assert main(["brief", str(path), "-o", str(memo), "--date", DATE, "--samples", "500"]) == 0
        text = " ".join(pages(memo.read_bytes()))
        assert "Group: median (as saved with the file), round 1 (as saved with the file)" in text
        reopened = AnalysisState(load_model(path), path)
        assert reopened.spec.group_round == 1 and not reopened.dirty
        reopened.shutdown()
    finally:
        state.undo_stack.setClean()
        win.close()
        state.shutdown()


# --- the specification and the format ----------------------------------------------------------------


def test_every_setting_survives_the_session(default_dict):
    """A session with every setting of the specification reads back as the same specification, and an
    untouched model saves byte-identical (no session written for the defaults)."""
    from decision_app.core.loading import model_from_dict

    plain = model_from_dict(default_dict)
    spec = AnalysisSpec.from_model(plain)
    assert model_with_spec(plain, spec) is plain
    from decision_app.core.snapshot import UncertaintySettings

    ids = plain.criterion_ids()
    full = spec.replace(method="vikor", vikor_v=0.3, weights=CUSTOM / CUSTOM.sum(), profile=None,
                        uncertainty=UncertaintySettings(samples=900, seed=3, weights_mode="ordered", spread=0.2,
                                                        scores_mode="fixed", order=((ids[0], ids[2]), (ids[4], ids[1]))),
                        group_rule="geometric", group_round=2)
    model = model_with_spec(plain, full)
    again = model_from_dict(json.loads(dump_model(model)))
    assert AnalysisSpec.from_model(again) == full
    assert again.session is not None and again.session.parameters is not None
    assert again.session.parameters.vikor_v == 0.3 and again.session.uncertainty.order == [[ids[0], ids[2]],
                                                                                           [ids[4], ids[1]]]
    assert model_with_spec(again, AnalysisSpec.from_model(again)) is again  # written back as read


def test_a_version_6_file_opens_as_the_current_version_with_its_session(tmp_path):
    raw = json.loads((FIXTURES / "v6-ending-the-war.json").read_text(encoding="utf-8"))
    assert raw["schema_version"] == 6 < SCHEMA_VERSION
    raw["session"] = {"method": "vikor", "profile": "kogan_outlook", "uncertainty": {"seed": 4}}
    path = tmp_path / "v6.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    read = read_document(path)
    assert read.model.schema_version == SCHEMA_VERSION
    assert (read.spec.method, read.spec.profile, read.spec.uncertainty.seed) == ("vikor", "kogan_outlook", 4)
    assert read.spec.origin("weights") == "file" and read.spec.origin("samples") == "default"
    assert f'"schema_version": {SCHEMA_VERSION}'.encode() in dump_model(read.model)


def test_a_bad_order_is_named_with_its_place(default_dict, tmp_path):
    from decision_app.core.errors import InputError
    from decision_app.core.loading import model_from_dict

    default_dict["session"] = {"method": "wsm", "uncertainty": {"weights_mode": "ordered",
                                                                "order": [["casualties", "nowhere"]]}}
    with pytest.raises(InputError) as exc:
        model_from_dict(default_dict, "m.json")
    assert 'session / uncertainty / order[0]: "nowhere" is not a criterion id' in str(exc.value)
    default_dict["session"]["uncertainty"] = {"weights_mode": "ordered"}
    with pytest.raises(InputError) as exc:
        model_from_dict(default_dict, "m.json")
    assert "session / uncertainty / order" in str(exc.value) and "no order is given" in str(exc.value)


def test_read_document_reads_once_and_its_digest_is_of_those_bytes(tmp_path, realistic_path, monkeypatch):
    import hashlib

    from decision_app.core import document

    calls = []
    real = document.read_bytes
    monkeypatch.setattr(document, "read_bytes", lambda p: calls.append(p) or real(p))
    read = read_document(realistic_path)
    assert len(calls) == 1 and read.digest == hashlib.sha256(realistic_path.read_bytes()).hexdigest()
    assert not read.changed_on_disk()


def test_modified_is_a_comparison_of_documents(window):
    """Switching the method away and back, or a rule away and back, is no change; a weight move is."""
    state = window.state
    assert not state.dirty
    state.set_method("topsis")
    assert state.dirty
    state.set_method("wsm")
    assert not state.dirty  # two undo steps, the same document
    window.workshop.set_rule("median")
    assert state.dirty
    window.workshop.set_rule("mean")
    assert not state.dirty
    state.set_weight(0, 0.3)
    assert state.dirty


def test_the_changes_summary_compares_specifications(default_dict):
    from decision_app.core.changes import describe_changes
    from decision_app.core.loading import model_from_dict

    before = model_from_dict(default_dict)
    spec = AnalysisSpec.from_model(before)
    after = model_with_spec(before, spec.replace(group_rule="median", vikor_v=0.2))
    text = describe_changes(before, after)
    assert "the method" in text and "the group's rule or round" in text and "the weights" not in text
    same = model_with_spec(before, spec.replace(weights=spec.weights * (1 + 1e-15)))  # the same analysis
    assert describe_changes(before, same) == "nothing changed since you saved"


def test_an_order_saved_with_the_file_reaches_the_draws_and_the_verdict(default_dict, tmp_path, capsys):
    """The session's order of importance (version 7) is what SMAA and the verdict draw from, with no flag."""
    default_dict["session"] = {"method": "wsm", "uncertainty": {
        "samples": 2000, "weights_mode": "ordered", "order": [["casualties", "escalation_risk", "feasibility"]]}}
    path = tmp_path / "ordered.json"
    path.write_text(json.dumps(default_dict), encoding="utf-8")
    unc = cli_json(capsys, "uncertainty", str(path))
    assert unc["analysis"]["uncertainty"]["order"] == [["casualties", "escalation_risk", "feasibility"]]
    assert unc["analysis"]["from"]["order"] == "file"
    central = [w for w in unc["central_weights"].values() if w]
    assert central and all(w["casualties"] >= w["escalation_risk"] >= w["feasibility"] for w in central)
    score = cli_json(capsys, "score", str(path))
    assert score["verdict"]["kind"] in ("robust", "likely", "too_close")
    flagged = cli_json(capsys, "uncertainty", str(path), "--order", "feasibility>=casualties")
    assert flagged["analysis"]["uncertainty"]["order"] == [["feasibility", "casualties"]]
    assert flagged["analysis"]["from"]["order"] == "--order"
