"""The brief's group section: a model with participants gets one, read from `analyse_group`; codes only
unless names are asked for; a model without participants prints exactly as before."""

from __future__ import annotations

import io
import json
import re

import numpy as np
import pytest
from group_models import (  # noqa: F401 - the two fixtures pin the eight-criterion model here
    NAMES,
    WORKSHOP_MODEL,
    pinned_default_dict,
    pinned_default_path,
    with_participants,
)
from pypdf import PdfReader

from decision_app.cli import main
from decision_app.core.compiled import compile_model
from decision_app.core.engine import Analysis
from decision_app.core.group import analyse_group, participants_from_model
from decision_app.core.loading import load_model
from decision_app.report.brief import BriefOptions, build_brief

SECTION = "The participants' weights"
DATE = "2026-11-22"


def pages_text(pdf: bytes) -> list[str]:
    return [re.sub(r"\s+", " ", p.extract_text()) for p in PdfReader(io.BytesIO(pdf)).pages]


def _write(tmp_path, data, name="workshop.json"):
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _brief(model, method="wsm", **opts):
    w = compile_model(model).profile_weights("equal")
    pdf, missing = build_brief(model, method, w, "equal", BriefOptions(date=DATE, samples=2000, **opts))
    assert missing == []
    return pdf, pages_text(pdf)


@pytest.fixture(scope="module")
def workshop(tmp_path_factory):
    data = with_participants(json.loads(WORKSHOP_MODEL.read_text(encoding="utf-8")), rounds=2)
    path = _write(tmp_path_factory.mktemp("workshop"), data)
    model = load_model(path)
    group = analyse_group(Analysis(compile_model(model)), "wsm", participants_from_model(model))
    _pdf, pages = _brief(model)
    return path, model, group, " ".join(pages), pages


def test_section_with_codes_and_no_names_by_default(workshop):
    _path, _model, _group, text, pages = workshop
    assert SECTION in text
    for heading in ("Combined weights and their spread", "Agreement", "Does the disagreement change the answer?",
                    "First choices", "Movement between rounds"):
        assert heading in text, heading
    for k in range(1, 6):
        assert f"P{k}" in text
    for name in NAMES:
        assert name not in text and name.split()[0] not in text
    assert "shown by anonymous code only" in text
    assert "Across 5 participants (round 2)" in pages[0]  # the bottom line, on the first page


def test_names_with_the_cli_flag(workshop, tmp_path):
    path = workshop[0]
    out = tmp_path / "named.pdf"
    assert main(["brief", str(path), "-o", str(out), "--date", DATE, "--samples", "2000", "--participant-names"]) == 0
    text = " ".join(pages_text(out.read_bytes()))
    for k, name in enumerate(NAMES, start=1):
        assert f"{name} (P{k})" in text


def test_figures_are_the_engines(workshop):
    _path, model, group, text, _pages = workshop
    assert f"Kendall's W is {group.kendall_w:.3f}: {group.agreement}" in text
    assert f"it is {group.kendall_w_criteria:.3f}: {group.agreement_criteria}" in text
    names = compile_model(model).option_names
    j = int(np.argmax(group.combined.weights))
    sp = group.spread
    row = (f"{compile_model(model).criterion_names[j]} {group.combined.weights[j]:.3f} {sp.min[j]:.3f} "
           f"{sp.max[j]:.3f} {sp.sd[j]:.3f} {sp.iqr[j]:.3f}")
    assert row in text
    for i in np.flatnonzero(group.first_choice):
        assert f"{names[i]} {group.first_choice[i]} " in text


def test_does_the_disagreement_matter(workshop):
    _path, model, group, text, _pages = workshop
    names = compile_model(model).option_names
    codes = {p.id: p.code for p in model.participants}
    assert not group.leader_holds_for_all  # the fixture has dissent: P1 and P4 put other options first
    head = f"The disagreement changes the answer, {names[group.leader]} (first under the combined weights):"
    start = text.index(head)  # names the answer it changes
    sentence = text[start: text.index(".", start + len(head) + 40) + 1]
    for pid, oid in group.dissenters():
        option = names[list(group.option_ids).index(oid)]
        assert f"under the weights of {codes[pid]}" in sentence and f"{option} leads" in sentence
    assert f"{names[group.leader]} leads for the other {int(group.leader_holds.sum())}." in sentence
    assert not group.leave_one_out.leader_changes.any()
    assert "Leaving out any one participant does not change the leader" in text


def test_agreement_everywhere_reads_so(default_dict):
    data = with_participants(default_dict, rounds=1)
    for p in data["participants"]:
        p["rounds"][0]["weights"] = {c["id"]: 1.0 for c in data["criteria"]}
    from decision_app.core.loading import model_from_dict

    _pdf, pages = _brief(model_from_dict(data, "same.json"))
    text = " ".join(pages)
    assert "The disagreement does not change the answer" in text
    assert "Kendall's W is 1.000: very strong agreement" in text


def test_movement_only_with_two_rounds(workshop, default_dict):
    from decision_app.core.loading import model_from_dict

    _path, model, group, text, _pages = workshop
    mv = group.movement
    assert mv is not None and (mv.from_round, mv.to_round) == (1, 2)
    for k, code in enumerate(p.code for p in model.participants):
        assert f"{code} {mv.before[k]:.3f} {mv.after[k]:.3f} {mv.change[k]:+.3f}" in text
    one = model_from_dict(with_participants(default_dict, rounds=1), "one.json")
    _pdf, pages = _brief(one)
    assert SECTION in " ".join(pages) and "Movement between rounds" not in " ".join(pages)
    _pdf, pages = _brief(model, round=1)  # an earlier round reported: nothing before it to move from
    assert "Across 5 participants (round 1)" in pages[0] and "Movement between rounds" not in " ".join(pages)


def test_no_participants_no_section_and_same_bytes(realistic_path):
    model = load_model(realistic_path)
    assert model.participants == []
    pdf, pages = _brief(model)
    assert SECTION not in " ".join(pages) and "participants" not in pages[0]
    # the group options change nothing when there is no group: the memo is the one it was before them
    again, _ = _brief(model, participant_names=True, group_rule="median", round=4)
    assert again == pdf


def test_rule_and_round_from_the_cli(workshop, tmp_path, capsys):
    path = workshop[0]
    out = tmp_path / "median.pdf"
    assert main(["brief", str(path), "-o", str(out), "--date", DATE, "--samples", "2000", "--group-rule", "median",
                 "--round", "1"]) == 0
    text = " ".join(pages_text(out.read_bytes()))
    assert "combined weights (median)" in text and "group rule median, round 1" in text
    assert main(["brief", str(path), "-o", str(out), "--round", "3"]) == 2
    assert "--round: no participant entered round 3 (rounds entered: 1, 2)" in capsys.readouterr().err
    assert main(["brief", str(path), "-o", str(out), "--group-rule", "aij"]) == 2
    assert "--group-rule" in capsys.readouterr().err


def test_dialog_checkbox_asks_for_names(qtbot, workshop, realistic_path):
    from decision_app.gui.brief_dialog import BriefDialog, brief_for_state
    from decision_app.gui.state import AnalysisState

    path, model = workshop[0], workshop[1]
    plain = BriefDialog(AnalysisState(load_model(realistic_path), realistic_path))
    assert not plain.participant_names.isEnabled()
    state = AnalysisState(model, path)
    dlg = BriefDialog(state)
    qtbot.addWidget(dlg)
    assert dlg.participant_names.isEnabled() and not dlg.options().participant_names
    dlg.participant_names.setChecked(True)
    opts = dlg.options()
    assert opts.participant_names
    pdf, _ = brief_for_state(state, BriefOptions(date=DATE, samples=2000, participant_names=True))
    assert f"{NAMES[0]} (P1)" in " ".join(pages_text(pdf))
