"""One set of uncertainty settings (issue 10, item 1): the Uncertainty view, the brief exported from the window
and the CLI draw SMAA with the same samples, seed, weight spread and score mode, kept in the analysis state and
saved in the model's session (schema_version 2)."""

from __future__ import annotations

import io
import re

import numpy as np
import pytest
from pypdf import PdfReader

from decision_app.core.schema import SCHEMA_VERSION
from decision_app.core.verdict import first_words, share_words
from decision_app.report import brief as brief_module


def pdf_text(data: bytes) -> str:
    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages))


def test_brief_from_the_window_prints_the_acceptability_the_view_shows(window, monkeypatch):
    from decision_app.gui.brief_dialog import brief_for_state
    from decision_app.report.analysis import BriefOptions

    state = window.state
    assert state.wait_for_smaa()
    shown = state.smaa
    assert shown is not None
    np.testing.assert_array_equal(window.uncertainty.bars.lengths, shown.acceptability)  # what the view draws
    built = []
    render = brief_module.render
    monkeypatch.setattr(brief_module, "render", lambda d: built.append(d) or render(d))
    pdf, _ = brief_for_state(state, BriefOptions(date="2026-11-22"))
    (d,) = built
    np.testing.assert_array_equal(d.uncertainty.acceptability, shown.acceptability)
    assert (d.uncertainty.samples, d.uncertainty.seed) == (shown.samples, shown.seed)
    lead = state.results.leader()
    name = state.compiled.option_names[lead]
    assert f"{name} ranks first in {share_words(shown.acceptability[lead, 0])} of draws" in pdf_text(pdf)


# --- the view edits the document's settings --------------------------------------------------------------


def test_settings_row_edits_are_undoable_rerun_smaa_and_save_in_the_session(window, qtbot, tmp_path):
    from PySide6.QtCore import Qt

    from decision_app.core.loading import load_model
    from decision_app.core.snapshot import UncertaintySettings

    state, row = window.state, window.uncertainty.settings_row
    assert state.smaa_settings == UncertaintySettings() and not state.dirty
    assert (row.samples.value(), row.seed.value()) == (UncertaintySettings().samples, UncertaintySettings().seed)
    assert state.wait_for_smaa()
    with qtbot.waitSignal(state.sig_smaa_changed, timeout=10_000):
        row.samples.setValue(4_000)
        row.samples.editingFinished.emit()
    assert state.smaa.samples == 4_000 and state.results.uncertainty.settings.samples == 4_000
    assert state.dirty and state.undo_stack.count() == 1
    row.seed.setValue(7)
    row.seed.editingFinished.emit()
    row.spread.setValue(0.12)
    row.spread.editingFinished.emit()
    row.scores_mode.setFocus()
    qtbot.keyClick(row.scores_mode, Qt.Key.Key_Down)  # keyboard: triangular -> uniform
    assert state.smaa_settings == UncertaintySettings(samples=4_000, seed=7, spread=0.12, scores_mode="uniform")
    assert state.undo_stack.count() == 4
    row.seed.editingFinished.emit()  # leaving a box unchanged is no edit
    assert state.undo_stack.count() == 4
    assert state.wait_for_smaa() and (state.smaa.samples, state.smaa.seed) == (4_000, 7)
    assert "\u00b10.12" in window.uncertainty.caption.text()

    state.undo_stack.undo()
    assert state.smaa_settings.scores_mode == "triangular" and row.scores_mode.currentData() == "triangular"
    state.undo_stack.redo()

    saved = tmp_path / "saved.json"
    state.save(saved)
    assert not state.dirty
    session = load_model(saved).session
    assert session is not None and session.uncertainty is not None
    assert session.uncertainty.model_dump(exclude_none=True) == {"samples": 4_000, "seed": 7, "weights_mode": "around", "spread": 0.12,
                                                "scores_mode": "uniform"}
    state.open(tmp_path / "saved.json")  # reopening restores them, in the view too
    assert state.smaa_settings == UncertaintySettings(samples=4_000, seed=7, spread=0.12, scores_mode="uniform")
    assert (row.samples.value(), row.seed.value(), row.spread.value()) == (4_000, 7, 0.12)
    assert row.scores_mode.currentData() == "uniform" and not state.dirty and state.undo_stack.count() == 0


def test_settings_back_at_the_defaults_save_no_block(window, tmp_path, model_copy):
    state = window.state
    state.set_smaa_settings(seed=9)
    assert state.model_for_save().session is not None  # only the settings differ: they are saved
    state.set_smaa_settings(seed=1)
    assert state.model_for_save().session is None  # the app's defaults again: the model saves as it was
    state.save(tmp_path / "same.json")
    assert (tmp_path / "same.json").read_bytes() == model_copy.read_bytes()


def test_the_controls_are_keyboard_reachable(window):
    from PySide6.QtCore import Qt

    row = window.uncertainty.settings_row
    controls = [row.samples, row.seed, row.weights_mode, row.spread, row.scores_mode]
    for w in controls:
        assert w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.accessibleName().startswith("Uncertainty: ")
    chain, w = [], row.samples
    for _ in controls:
        chain.append(w)
        w = w.nextInFocusChain()
        while w.focusProxy() is not None or not (w.focusPolicy() & Qt.FocusPolicy.TabFocus):
            w = w.nextInFocusChain()
    assert chain == controls
    window.state.set_smaa_settings(weights_mode="uniform")
    assert not row.spread.isEnabled() and row.weights_mode.currentData() == "uniform"


# --- the CLI reads the session's settings --------------------------------------------------------------


def _saved_with_settings(tmp_path, small=False):
    import json

    from conftest import REALISTIC_MODEL

    from decision_app.core.loading import load_model, save_model
    from decision_app.core.schema import Session, SessionUncertainty

    model = load_model(FIXTURES / "v1-small-with-session.json" if small else REALISTIC_MODEL)
    block = SessionUncertainty(samples=3_000, seed=11, weights_mode="around", spread=0.2, scores_mode="fixed")
    session = model.session or Session(profile=model.profiles[0].id)
    model = model.model_copy(update={"session": session.model_copy(update={"uncertainty": block})})
    path = tmp_path / "with-settings.json"
    save_model(model, path)
    assert json.loads(path.read_text(encoding="utf-8"))["session"]["uncertainty"]["seed"] == 11
    return path, model


def test_cli_uncertainty_uses_the_session_settings_and_flags_override(tmp_path, capsys):
    import json

    from decision_app.cli import main
    from decision_app.core.compiled import compile_model
    from decision_app.core.snapshot import run_uncertainty, session_uncertainty

    path, model = _saved_with_settings(tmp_path)
    assert main(["uncertainty", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    c = compile_model(model)
    want = run_uncertainty(c, "wsm", c.profile_weights(model.profiles[0].id), session_uncertainty(model.session)).result
    assert (data["samples"], data["seed"]) == (3_000, 11)
    np.testing.assert_array_equal(np.array([data["acceptability"][o] for o in c.option_ids]), want.acceptability)
    assert main(["uncertainty", str(path), "--seed", "12", "--scores-mode", "triangular"]) == 0
    out = capsys.readouterr().out
    assert "3000 samples, seed 12, weights around \u00b10.20, scores triangular" in out


def test_cli_without_a_session_uses_the_apps_settings(realistic_path, capsys):
    import json

    from decision_app.cli import main
    from decision_app.core.snapshot import UncertaintySettings

    assert main(["uncertainty", str(realistic_path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["samples"], data["seed"]) == (UncertaintySettings().samples, UncertaintySettings().seed)


def test_cli_brief_uses_the_session_settings(tmp_path):
    from decision_app.cli import main

    path, _model = _saved_with_settings(tmp_path)
    out = tmp_path / "memo.pdf"
    assert main(["brief", str(path), "-o", str(out), "--date", "2026-11-22"]) == 0
    text = pdf_text(out.read_bytes())
    assert "3,000 samples, seed 11" in text and "within \u00b10.20 of those used" in text
    assert "scores fixed at their best estimates" in text
    assert main(["brief", str(path), "-o", str(out), "--date", "2026-11-22", "--samples", "1000"]) == 0
    assert "1,000 samples, seed 11" in pdf_text(out.read_bytes())


def test_window_saved_then_cli_brief_is_the_windows_brief(window, tmp_path):
    from decision_app.cli import main
    from decision_app.gui.brief_dialog import brief_for_state
    from decision_app.report.analysis import BriefOptions

    state = window.state
    state.use_profile("kogan_outlook")
    state.set_smaa_settings(samples=2_500, seed=4, spread=0.08)
    saved = tmp_path / "state.json"
    state.save(saved)
    from_window, _ = brief_for_state(state, BriefOptions(date="2026-11-22", addressee="Planning"))
    cli = tmp_path / "cli.pdf"
    # the file says the profile and the settings: no flag needed (issue 20), and the memos agree byte for byte
    assert main(["brief", str(saved), "-o", str(cli), "--date", "2026-11-22", "--addressee", "Planning"]) == 0
    assert cli.read_bytes() == from_window
    assert "2,500 samples, seed 4" in pdf_text(from_window)


# --- schema_version 2 and the files of version 1 -----------------------------------------------------------


FIXTURES = __import__("pathlib").Path(__file__).resolve().parent / "fixtures"


@pytest.mark.parametrize("name", ["v1-ending-the-war.json", "v1-small-with-session.json"])
def test_version_1_files_open_validate_and_save_as_the_current_version(tmp_path, capsys, name):
    import json

    from decision_app.cli import main
    from decision_app.core.loading import load_model, save_model
    from decision_app.core.schema import SCHEMA_VERSION
    from decision_app.core.snapshot import UncertaintySettings, session_uncertainty

    src = FIXTURES / name
    raw = json.loads(src.read_text(encoding="utf-8"))
    assert raw["schema_version"] == 1
    assert main(["validate", str(src)]) == 0 and "valid" in capsys.readouterr().out
    model = load_model(src)
    assert model.schema_version == SCHEMA_VERSION >= 2
    assert session_uncertainty(model.session) == UncertaintySettings()
    out = tmp_path / "out.json"
    save_model(model, out)
    again = json.loads(out.read_text(encoding="utf-8"))
    assert again["schema_version"] == SCHEMA_VERSION
    raw["schema_version"] = SCHEMA_VERSION
    for o in raw["options"]:  # version 4: each score's basis, flagged for review (see loading._v3_to_v4)
        for sc in o["scores"].values():
            sc["basis"] = "inference" if sc.get("rationale", "").strip() else "judgement"
            sc["review"] = True
    assert again == raw  # otherwise structurally unchanged
    if model.session is not None:
        assert model.session.method == "topsis" and model.session.uncertainty is None


@pytest.mark.parametrize("old", ["v1-ending-the-war.json", "v2-ending-the-war.json", "v3-ending-the-war.json"])
def test_the_shipped_model_is_current_and_older_copies_differ_only_in_the_version(realistic_path, old):
    """The older copies are the model as it was before version 4 recalibrated it; they differ from the
    version-3 copy only in the version (the shipped model is now written in the current version)."""
    from decision_app.core.schema import SCHEMA_VERSION

    shipped = realistic_path.read_text(encoding="utf-8")
    assert f'"schema_version": {SCHEMA_VERSION},' in shipped
    v3 = (FIXTURES / "v3-ending-the-war.json").read_text(encoding="utf-8")
    text = (FIXTURES / old).read_text(encoding="utf-8")
    version = int(old[1])
    assert text.replace(f'"schema_version": {version},', '"schema_version": 3,', 1) == v3


def test_the_window_opens_a_version_1_file_with_its_session(window):
    from decision_app.core.snapshot import UncertaintySettings

    state = window.state
    state.open(FIXTURES / "v1-small-with-session.json")
    assert state.method == "topsis" and state.smaa_settings == UncertaintySettings()
    assert state.wait_for_smaa() and state.smaa.samples == UncertaintySettings().samples
    assert state.model_for_save().schema_version == SCHEMA_VERSION


def test_a_partial_block_takes_the_apps_defaults_and_bad_values_are_named(tmp_path, small_dict):
    from conftest import write_json

    from decision_app.core.errors import InputError
    from decision_app.core.loading import load_model
    from decision_app.core.snapshot import UncertaintySettings, session_uncertainty

    small_dict["schema_version"] = 2
    small_dict["session"] = {"method": "wsm", "profile": small_dict["profiles"][0]["id"],
                             "uncertainty": {"seed": 42}}
    model = load_model(write_json(tmp_path, small_dict))
    assert session_uncertainty(model.session) == UncertaintySettings(seed=42)
    small_dict["session"]["uncertainty"] = {"samples": 5, "spread": 2, "weights_mode": "sorted", "colour": 1}
    with pytest.raises(InputError) as exc:
        load_model(write_json(tmp_path, small_dict))
    text = str(exc.value)
    for field in ("samples", "spread", "weights_mode", "colour"):
        assert (f"Session saved with the model, uncertainty {field.replace('_', ' ')}:" in text
                or f'"{field}" is not a field' in text)


def test_the_readme_states_the_apps_defaults():
    from conftest import ROOT

    from decision_app.core.snapshot import UncertaintySettings

    d = UncertaintySettings()
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert (f"{d.samples:,} samples, seed {d.seed}, weights {d.weights_mode} the current ones within "
            f"\u00b1{d.spread:.2f}, scores {d.scores_mode}") in readme


def test_the_whole_model_workbook_keeps_the_uncertainty_block(tmp_path):
    from decision_app.core.loading import dump_model, read_table
    from decision_app.core.tables import write_table

    _path, model = _saved_with_settings(tmp_path)
    write_table(model, tmp_path / "model.xlsx", None)
    assert dump_model(read_table(tmp_path / "model.xlsx")) == dump_model(model)


def test_the_view_prints_beside_each_name_the_share_the_brief_prints(window):
    """The figure beside a name in the view is the memo's ("71 % first", core's words), not the confidence factor, which
    a reader took for it: the window said 77 % where its memo said 71 %."""
    from decision_app.gui.brief_dialog import brief_for_state
    from decision_app.report.analysis import BriefOptions

    state = window.state
    assert state.wait_for_smaa()
    window.uncertainty.update_data()
    acc = state.smaa.acceptability
    assert not np.allclose(acc[:, 0], state.smaa.confidence)  # the two figures differ on this model
    shown = sorted(window.uncertainty.tick_labels(), key=lambda yt: -yt[0])  # top row first
    assert [t.rsplit("  ", 1)[1] for _y, t in shown] == [first_words(a) for a in -np.sort(-acc[:, 0])]
    pdf, _ = brief_for_state(state, BriefOptions(date="2026-11-22"))
    text = pdf_text(pdf)
    lead = state.results.leader()
    assert first_words(acc[lead, 0]) in text
