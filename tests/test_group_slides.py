"""The workshop's group slides: present only with participants; the silent-round counter; values hidden
until R during a silent round; the same figures as `analyse_group`; codes, never labels; the 1/45 text
rule; the deck's extra pages."""

from __future__ import annotations

import io
import json

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
from PySide6.QtCore import Qt
from test_presentation import assert_text_rule

from decision_app.core.compiled import compile_model
from decision_app.core.engine import Analysis
from decision_app.core.group import analyse_group, participants_from_model
from decision_app.core.loading import load_model
from decision_app.core.snapshot import UncertaintySettings
from decision_app.report.slide_content import HIDDEN_TEXT, context_for_model, plan
from decision_app.report.slides import build_deck

GROUP = ["group-round", "group-weights", "group-first", "group-result", "group-answer"]
VALUE_SLIDES = GROUP[1:]
DATE = "2026-11-24"


def _load(tmp_path, data, name="workshop.json"):
    path = tmp_path / name

    path.write_text(json.dumps(data), encoding="utf-8")
    return load_model(path), path


def silent(d: dict) -> dict:
    """Three of five have entered round 2: P4 and P5 have only round 1."""
    for p in d["participants"][3:]:
        p["rounds"] = p["rounds"][:1]
    return d


def _ctx(model, reveal=True):
    c = compile_model(model)
    return context_for_model(model, "wsm", c.profile_weights("equal"), "equal", None, DATE, reveal)


def texts(content) -> str:
    parts = [content.title, *content.lines]
    parts += [b.head + " " + b.body for b in content.blocks]
    if content.chart is not None and hasattr(content.chart, "rows"):
        parts += [r.label + " " + r.value_text for r in content.chart.rows]
    return " ".join(parts)


def test_no_group_slides_without_participants(realistic_path):
    ctx = _ctx(load_model(realistic_path))
    assert ctx.group is None
    assert not [s.key for s in plan(None, ctx) if s.key in GROUP]


def test_group_slides_with_five_participants(tmp_path, default_dict):
    model, _ = _load(tmp_path, with_participants(default_dict))
    ctx = _ctx(model)
    keys = [s.key for s in plan(None, ctx)]
    assert [k for k in keys if k in GROUP] == GROUP
    assert ctx.group is not None and ctx.group.codes == ("P1", "P2", "P3", "P4", "P5")
    assert not ctx.group.silent
    assert ctx.group.counter == "5 of 5 have entered round 2"
    for s in plan(None, ctx):
        if s.key in GROUP:
            said = texts(s.build(ctx))
            assert not any(part in said for name in NAMES for part in name.split()), s.key  # codes only


def test_counter_and_values_hidden_in_a_silent_round(tmp_path, default_dict):
    model, _ = _load(tmp_path, silent(with_participants(default_dict)))
    hidden = _ctx(model, reveal=False)
    assert hidden.group.counter == "3 of 5 have entered round 2"
    by_key = {s.key: s for s in plan(None, hidden)}
    round_slide = by_key["group-round"].build(hidden)
    assert round_slide.title == "3 of 5 have entered round 2"
    assert "Still to enter: P4, P5." in round_slide.lines
    for key in VALUE_SLIDES:
        content = by_key[key].build(hidden)
        assert content.chart is None and not content.blocks, key
        assert content.lines == ("3 of 5 have entered round 2.", f"{HIDDEN_TEXT}."), key
        assert "%" not in texts(content)
    shown = _ctx(model, reveal=True)
    assert by_key["group-weights"].build(shown).chart is not None
    for key in VALUE_SLIDES:  # revealed, a partial round still says so on every group slide (issue 22)
        content = by_key[key].build(shown)
        assert "3 of 5 have entered round 2" in " ".join(content.lines), key


def test_values_equal_analyse_group(tmp_path, default_dict):
    model, _ = _load(tmp_path, silent(with_participants(default_dict)))
    ctx = _ctx(model)
    c = compile_model(model)
    g = analyse_group(Analysis(c), "wsm", participants_from_model(model), rule="mean", round=None)
    assert g.round == 2 and len(g.participant_ids) == 3
    by_key = {s.key: s for s in plan(None, ctx)}
    weights = by_key["group-weights"].build(ctx).chart
    for j, row in enumerate(weights.rows):
        assert row.label == c.criterion_labels[j]
        assert row.segments[0][0] == pytest.approx(g.combined.weights[j])
        assert row.span == pytest.approx((g.spread.min[j], g.spread.max[j]))
        assert row.value_text == f"{g.combined.weights[j]:.0%} ({g.spread.min[j]:.0%}\u2013{g.spread.max[j]:.0%})"
    first = by_key["group-first"].build(ctx).chart
    counts = {row.label: row.segments[0][0] for row in first.rows}
    assert counts == {c.option_labels[i]: float(g.first_choice[i]) for i in range(c.m)}
    assert sum(counts.values()) == 3
    answer = by_key["group-answer"].build(ctx)
    word = "does not change" if g.leader_holds_for_all else "changes"
    assert answer.lines[0] == "3 of 5 have entered round 2: a partial round."
    assert answer.lines[1].startswith(f"The disagreement {word} the answer")
    assert answer.blocks == ()  # said once, in the sentence: not again per participant
    if not g.leader_holds_for_all:
        assert answer.lines[1].startswith(f"The disagreement changes the answer, {c.option_names[g.leader]} (first")


@pytest.fixture
def group_window(open_window, tmp_path, default_dict):
    model, path = _load(tmp_path, silent(with_participants(default_dict)))
    return open_window(path, model=model)


def _painted(show) -> str:
    show.canvas.grab()
    return " ".join(t for t, _ in show.canvas.painted)


def test_r_reveals_in_the_window_and_the_presenter_keeps_it(group_window, qtbot):
    show = group_window.present()
    qtbot.waitExposed(show)
    keys = [s.key for s in show.slides]
    assert all(k in keys for k in GROUP)
    show.go(keys.index("group-weights"))
    words = _painted(show)
    assert "Values are hidden" in words and "%" not in words
    qtbot.keyClick(show, Qt.Key.Key_R)
    assert show.ctx.reveal and show.current_key() == "group-weights"
    g = show.ctx.group.analysis
    words = _painted(show)
    assert "Values are hidden" not in words
    assert f"{g.combined.weights[0]:.0%}" in words
    qtbot.keyClick(show, Qt.Key.Key_Escape)
    assert group_window.presenter.revealed_round == 2  # kept for the session
    again = group_window.present(from_current=True)
    assert again.ctx.reveal and again.current_key() == "group-weights"
    qtbot.keyClick(again, Qt.Key.Key_R)  # R again hides them
    assert not again.ctx.reveal and "Values are hidden" in _painted(again)
    again.close()
    assert group_window.state.model.session is None or "reveal" not in str(group_window.state.model.session)


def test_group_slides_keep_the_45th_rule_at_1024x768(group_window, qtbot):
    from decision_app.gui.presentation.window import PresentationWindow

    win = PresentationWindow(group_window.state)
    win.resize(1024, 768)
    win.show()
    qtbot.waitExposed(win)
    assert win.canvas.height() == 768
    assert_text_rule(win, GROUP)  # hidden
    win.toggle_reveal()
    assert win.ctx.reveal
    assert_text_rule(win, GROUP)  # revealed: the charts and the dissenters
    win.close()


def test_deck_has_the_group_pages(tmp_path, default_dict, realistic_path):
    settings = UncertaintySettings(samples=1000)

    def deck(model, **kw):
        c = compile_model(model)
        pdf, missing = build_deck(model, "wsm", c.profile_weights("equal"), "equal", settings, date=DATE, **kw)
        assert not missing
        return [p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages]

    plain = deck(load_model(realistic_path))
    model, _ = _load(tmp_path, silent(with_participants(default_dict)))
    pages = deck(model)
    assert len(pages) == len(plain) + len(GROUP)
    assert "3 of 5 have entered round 2" in " ".join(pages)
    assert not any("Values are hidden" in p for p in pages)  # a handout: values shown
    assert any("of 3" in p for p in pages)  # first-choice counts
    hidden = deck(model, reveal=False)
    assert len(hidden) == len(pages)
    assert sum("Values are hidden" in " ".join(p.split()) for p in hidden) >= len(VALUE_SLIDES)
    assert np.all([not any(part in p for name in NAMES for part in name.split()) for p in pages[-4:]])


def test_cli_hide_group_values(tmp_path, default_dict):
    from decision_app.cli import main

    _, path = _load(tmp_path, silent(with_participants(default_dict)))
    shown, hidden = tmp_path / "shown.pdf", tmp_path / "hidden.pdf"
    common = ["--profile", "equal", "--date", DATE, "--samples", "1000"]
    assert main(["slides", str(path), "-o", str(shown), *common]) == 0
    assert main(["slides", str(path), "-o", str(hidden), "--hide-group-values", *common]) == 0
    text = [" ".join(" ".join(p.extract_text() for p in PdfReader(f).pages).split()) for f in (shown, hidden)]
    assert "Values are hidden" not in text[0] and "Values are hidden" in text[1]
