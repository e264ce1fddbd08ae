"""Issue 22: the group's own answer (items 3, 4), anonymity by construction (item 6) and the group view's
legibility (item 7), on the pinned eight-criterion model with five named participants."""

from __future__ import annotations

import copy
import io
import json

import numpy as np
import pytest
from conftest import write_json
from group_models import WORKSHOP_MODEL, with_participants
from pypdf import PdfReader

from decision_app.cli import main
from decision_app.core.compiled import compile_model
from decision_app.core.engine import Analysis
from decision_app.core.group import RULES, analyse_group, participants_from_model
from decision_app.core.group_answer import group_answer
from decision_app.core.loading import model_from_dict
from decision_app.core.schema import make_id
from decision_app.core.snapshot import UncertaintySettings
from decision_app.report.analysis import BriefOptions, analyse
from decision_app.report.slide_content import context_for_model, plan
from decision_app.report.slides import build_deck

SETTINGS = UncertaintySettings(samples=2_000)


def named_model(partial: bool = False, ahp_for: int = 0) -> dict:
    """Five named participants whose ids are made from their names (as files before issue 22 were), two rounds;
    with `partial`, only P1 and P2 have entered round 2; `ahp_for` participants carry AHP judgements."""
    d = with_participants(json.loads(WORKSHOP_MODEL.read_text(encoding="utf-8")), rounds=2)
    taken: set[str] = set()
    ids = [c["id"] for c in d["criteria"]]
    for k, p in enumerate(d["participants"]):
        p["id"] = make_id(p["label"], taken)
        if partial and k >= 2:
            p["rounds"] = p["rounds"][:1]
        if k < ahp_for:
            for r in p["rounds"]:
                w = [r["weights"][c] for c in ids]
                r["method"] = "ahp"
                r["ahp"] = {"criteria": ids, "matrix": [[a / b for b in w] for a in w]}
    return d


def test_the_group_answer_names_its_leader_verdicts_and_who_has_entered():
    model = model_from_dict(named_model(partial=True))
    a = Analysis(compile_model(model))
    g = analyse_group(a, "wsm", participants_from_model(model), round=2)
    ans = group_answer(a, g, model, SETTINGS, samples=2_000)
    names = a.model.option_names
    said = ans.sentences(names)
    assert ans.leader == g.leader and list(ans.order) == list(g.combined.order)
    assert said["answer"] == f"The group's answer (round 2, arithmetic mean of the weights): {names[g.leader]} first."
    assert ans.count.text == "2 of 5 have entered round 2" and ans.count.partial
    assert said["count"].endswith("the answer may change as the others enter.")
    assert ans.combined.kind in ("robust", "likely", "too_close")
    assert "Dirichlet(1)" in said["answer_hull"] and ans.hull is not None
    assert ans.near_tie == (ans.combined.kind == "too_close" or ans.combined.tie)
    body = ans.payload(a.model.option_ids)
    assert (body["entered"], body["roster"], body["partial"]) == (2, 5, True)
    assert body["verdict"]["kind"] == ans.combined.kind and body["ranking"][0] == a.model.option_ids[g.leader]


def test_a_rule_that_changes_the_leader_is_said():
    """A participant's 0 zeroes a criterion under the geometric mean: search a seeded family of groups for one
    where the geometric mean (or the median) puts another option first, and read that it is said."""
    base = named_model()
    ids = [c["id"] for c in base["criteria"]]
    rng = np.random.default_rng(7)
    for _ in range(200):
        d = copy.deepcopy(base)
        for p in d["participants"]:
            w = rng.dirichlet(np.ones(len(ids)) * 0.5)
            w[rng.integers(len(ids))] = 0.0
            p["rounds"] = [{"round": 1, "weights": dict(zip(ids, map(float, w), strict=True))}]
        model = model_from_dict(d)
        a = Analysis(compile_model(model))
        g = analyse_group(a, "wsm", participants_from_model(model))
        ans = group_answer(a, g, model, SETTINGS, samples=500)
        if ans.other_rules:
            break
    else:
        pytest.fail("no group in the family where another rule changes the leader")
    said = ans.sentences(a.model.option_names)["answer_rules"]
    for rule, i in ans.other_rules.items():
        assert f"puts {a.model.option_names[i]} first" in said and i != ans.leader and rule != "mean"


def test_group_json_counts_who_entered_and_carries_the_answer(tmp_path, capsys):
    path = write_json(tmp_path, named_model(partial=True))
    assert main(["group", str(path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["entered"], out["roster"]) == (2, 5)
    assert out["answer"]["leader"] == out["leader"] and out["answer"]["partial"] is True
    assert out["answer"]["verdict"]["kind"] in ("robust", "likely", "too_close")
    assert main(["group", str(path)]) == 0
    text = capsys.readouterr().out
    assert "2 of 5 have entered round 2 (a partial round" in text and "The group's answer (round 2" in text


def test_the_brief_says_a_partial_round_in_its_bottom_line_and_group_section():
    model = model_from_dict(named_model(partial=True))
    d = analyse(model, "wsm", compile_model(model).profile_weights(model.profiles[0].id), model.profiles[0].id,
                BriefOptions(uncertainty=SETTINGS))
    assert d.sentences["group_lead"].startswith("2 of 5 have entered round 2: the answer may change")
    assert d.group_answer is not None and d.sentences["answer"].startswith("The group's answer (round 2")


# --- anonymity by construction -------------------------------------------------------------------------------


def _forbidden(model) -> list[str]:
    """Each participant's name, its words, and the id made from it."""
    out = []
    for p in model.participants:
        out += [p.label, *p.label.split(), p.id]
    return [w.lower() for w in out if len(w) > 3]


def _leaks(texts: list[str], forbidden: list[str]) -> list[tuple[str, str]]:
    return [(w, t[:80]) for t in texts for w in forbidden if w in t.lower()]


def _slide_texts(model, method: str) -> list[str]:
    c = compile_model(model)
    w = c.profile_weights(model.profiles[0].id)
    ctx = context_for_model(model, method, w, model.profiles[0].id, None)
    out = []
    for spec in plan(None, ctx):
        content = spec.build(ctx)
        out += [content.title, *content.lines, *(b.head + " " + b.body for b in content.blocks)]
        chart = content.chart
        if chart is not None and hasattr(chart, "rows"):
            out += [r.label + " " + r.value_text for r in chart.rows]
    return out


@pytest.mark.parametrize("rule", RULES)
def test_no_name_reaches_the_group_view_its_messages_the_slides_or_the_deck(window, rule, tmp_path):
    """Every string the group view, the window's messages, the slides and the deck produce, under every rule
    (AIJ with some participants' judgements missing: its message once listed ids made from names)."""
    data = named_model(ahp_for=3)
    model = model_from_dict(data)
    forbidden = _forbidden(model)
    st = window.state
    messages: list[str] = []
    st.sig_status.connect(messages.append)
    st.replace_model(model, "Workshop")
    ws = window.workshop
    ws.set_rule(rule)
    for r in (1, 2):
        ws.set_round(r)
        window.focus_view("group")
        chart = window.group
        chart.update_data()
        texts = [chart.reading.text(), chart.answer.text(), chart.caption.text(), chart.person_ranking.text(),
                 chart.person_ranking.toolTip(), chart.plot.toolTip(), chart.choice_plot.toolTip(),
                 *(chart.person_combo.itemText(i) for i in range(chart.person_combo.count())),
                 window.statusBar().currentMessage(), *messages]
        if chart.group is not None:
            texts.append(chart.hover_text(0.1, 0.0) or "")
        assert _leaks(texts, forbidden) == []
        if rule == "aij":  # not everyone gave judgements: the message says who by code
            assert chart.group is None and "P4" in chart.reading.text()
    model_now = st.model
    assert _leaks(_slide_texts(model_now, "wsm"), forbidden) == []
    pdf, _missing = build_deck(model_now, "wsm", st.weights, st.profile_id, SETTINGS)
    deck = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert _leaks([deck], forbidden) == []
    assert "P1" in deck  # the group slides are there, by code


# --- the group view in the window ---------------------------------------------------------------------------


def test_use_the_group_weights_makes_a_profile_and_undoes_in_one_step(window):
    model = model_from_dict(named_model())
    st = window.state
    st.replace_model(model, "Workshop")
    window.workshop.set_round(2)
    window.focus_view("group")
    chart = window.group
    chart.update_data()
    assert "The group's answer (round 2" in chart.answer.text() and "5 of 5 have entered round 2" in chart.answer.text()
    before = len(st.model.profiles)
    chart.use_button.click()
    assert st.model.profiles[-1].name == "Group, round 2, mean" and st.profile_id == st.model.profiles[-1].id
    assert np.allclose(st.weights, chart.group.combined.weights, atol=1e-5)
    st.undo_stack.undo()
    assert len(st.model.profiles) == before


def test_at_1024x768_the_key_sentence_wraps_and_a_ranking_shows_every_option(window):
    model = model_from_dict(named_model())
    window.resize(1024, 768)
    st = window.state
    st.replace_model(model, "Workshop")
    window.focus_view("group")
    chart = window.group
    chart.update_data()
    assert "…" not in chart.reading.text() and chart.reading.wordWrap()
    names = compile_model(st.model).option_labels
    shown = chart.person_ranking.text()
    assert all(name in shown.replace("\u00a0", " ") for name in names)  # all 12, not 2½
    assert chart.person_ranking.wordWrap()
    one = copy.deepcopy(named_model())
    one["participants"] = one["participants"][:1]
    st.replace_model(model_from_dict(one), "One")
    chart.update_data()
    assert "not defined: not defined" not in chart.reading.text()
    assert "Kendall's W needs at least two participants." in chart.reading.text()


def test_a_dot_at_the_end_of_the_axis_is_drawn_whole(window):
    """Issue 22: after a change kept the old range, a dot at its very end was cut in half."""
    model = model_from_dict(named_model())
    window.state.replace_model(model, "Workshop")
    window.focus_view("group")
    chart = window.group
    chart.update_data()
    chart.sticky_range("x", 0.0, 0.30, pad=0.05, room=0.025)  # the range ends at 0.315
    chart.sticky_range("x", 0.0, 0.3149, pad=0.05, room=0.025)  # a dot at 0.3149 needs room beyond it
    _lo, hi = chart.item.getViewBox().viewRange()[0]
    assert hi >= 0.3149 + 0.025 * 0.3149 - 1e-9
