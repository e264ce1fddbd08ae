"""Short names where space is short, full names where there is room (issue 19, items 3 and 10): the window's
charts and matrix, the memo's charts and text, the slides; editing a short name; the empty Group view."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QCoreApplication, Qt
from reportlab.graphics.shapes import String

from decision_app.core import edits
from decision_app.core.compiled import compile_model
from decision_app.core.errors import InputError
from decision_app.core.loading import load_model, model_from_dict
from decision_app.core.schema import display_name
from decision_app.core.short_names import make_short_names


def settle(n: int = 5) -> None:
    for _ in range(n):
        QCoreApplication.processEvents()


def _strings(drawing) -> list[str]:
    out: list[str] = []

    def walk(node) -> None:
        if isinstance(node, String):
            out.append(node.text)
        for child in getattr(node, "contents", []):
            walk(child)

    walk(drawing)
    return out


# --- the window --------------------------------------------------------------------------------------------


def test_the_charts_draw_the_short_names_and_their_tooltips_give_the_full_names(window):
    state = window.state
    state.wait_for_smaa()
    c = state.compiled
    model = state.model
    shorts = [o.short_name for o in model.options]
    assert all(shorts) and list(c.option_labels) == shorts
    # Ranking: "1. Structured choice", ...; hovering a bar gives the full name
    window.focus_view("ranking")
    ticks = window.ranking.tick_labels()
    assert sorted(t.split(". ", 1)[1] for _y, t in ticks) == sorted(shorts)
    y, text = max(ticks)
    lead = shorts.index(text.split(". ", 1)[1])
    assert text.startswith("1. ")
    assert model.options[lead].name in window.ranking.hover_text(0.01, y)
    # Uncertainty: "Structured choice  38 % first"
    window.focus_view("uncertainty")
    window.uncertainty.update_data()
    assert sorted(t.split("  ")[0] for _y, t in window.uncertainty.tick_labels()) == sorted(shorts)
    # Sensitivity: the lines' ends and the tipping labels; the hover has the full name
    window.focus_view("sensitivity")
    sens = window.sensitivity
    assert sorted(sens.end_texts()) == sorted(shorts[int(i)] for i in sens.shown)
    r = state.results
    assert all(any(s in t for s in shorts) for t in sens.tipping_texts())
    i = int(sens.shown[0])
    hover = sens.hover_text(1.0, float(r.sweep_scores[-1, i]))
    assert model.options[i].name in hover
    from decision_app.gui.charts.sensitivity import NEAREST_MARK  # the nearest tipping point's criterion is marked

    shown_name = sens.criterion.currentText().removesuffix(NEAREST_MARK)
    assert shown_name == model.criteria[state.selected_criterion].short_name
    lead_short = shorts[int(r.order[0])]
    assert f"{lead_short} leads" in sens.caption.text()  # the caption's one line: the short name
    assert sens.criterion.itemData(0, Qt.ItemDataRole.ToolTipRole) == model.criteria[0].name
    # Option profile: the criteria's short names under the axis, the full name in the hover
    window.focus_view("profile")
    prof = window.profile
    ticks = [t.replace("\n", " ") for t in prof.tick_labels()]  # on two lines where one is too narrow
    assert len(ticks) == len(model.criteria)
    for tick, cr in zip(ticks, model.criteria, strict=True):  # the short name, or as much of it as fits
        words = [w.rstrip("…") for w in tick.split(" ")]
        assert all(w and w in cr.short_name for w in words), (tick, cr.short_name)
    assert sum(t == cr.short_name for t, cr in zip(ticks, model.criteria, strict=True)) >= 4
    if any("\n" in t for t in prof.tick_labels()):  # the axis is as tall as two lines of names
        from PySide6.QtGui import QFontMetricsF
        from PySide6.QtWidgets import QApplication

        axis = prof.item.getAxis("bottom")
        line = QFontMetricsF(axis.style.get("tickFont") or QApplication.font()).height()
        assert axis.height() >= 2 * line
    assert model.criteria[8].name in prof.hover_text(8.0, 0.5)  # "Humanitarian and food-supply relief"
    assert prof.pick[0].itemText(3) == "New Russian government"
    assert prof.pick[0].itemData(3, Qt.ItemDataRole.ToolTipRole) == model.options[3].name


def _open_with_participants(state, tmp_path) -> None:
    """The state's model with four participants who weigh the criteria differently, opened from a file."""
    import json

    from decision_app.core.loading import dump_model

    data = json.loads(dump_model(state.model))
    rng = np.random.default_rng(7)
    ids = [c["id"] for c in data["criteria"]]
    data["participants"] = [
        {"id": f"p{k}", "label": f"Person {k}", "code": f"P{k}",
         "rounds": [{"round": 1, "weights": {c: float(rng.integers(1, 10)) for c in ids}}]} for k in range(1, 5)]
    path = tmp_path / "w.json"
    path.write_bytes(dump_model(model_from_dict(data)))
    state.open(path)


def test_the_group_view_names_criteria_and_options_by_their_short_names(window, tmp_path):
    state = window.state
    _open_with_participants(state, tmp_path)
    window.focus_view("group")
    chart = window.group
    chart.update_data()
    strip = [t for _y, t in chart.item.getAxis("left").fitted_ticks[0]]
    assert sorted(strip) == sorted(cr.short_name for cr in state.model.criteria)
    firsts = [t.rsplit("  ", 1)[0] for _y, t in chart.choice_item.getAxis("left").fitted_ticks[0]]
    assert firsts and set(firsts) <= {o.short_name for o in state.model.options}
    pid = chart.person_combo.currentData()
    assert chart.person_ranking.text().startswith(f"1. {chart.participant_ranking(pid, labels=True)[0]}")
    assert chart.participant_ranking(pid)[0] in chart.person_ranking.toolTip()  # the full name


def test_a_model_without_short_names_shows_its_names(window, tmp_path):
    from tests.conftest import ROOT

    state = window.state
    state.open(ROOT / "tests" / "fixtures" / "v5-ending-the-war.json")
    c = state.compiled
    assert c.option_labels == c.option_names and c.criterion_labels == c.criterion_names
    window.focus_view("ranking")
    assert any(t.split(". ", 1)[1].startswith("A ") for _y, t in window.ranking.tick_labels())


# --- editing ---------------------------------------------------------------------------------------------------


def test_edit_a_short_name_undo_redo_and_remove(window, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    state = window.state
    state.select(option=3, criterion=8)
    asked = {}

    def answer(text):
        def get_text(_parent, title, label, text=""):
            asked.update(title=title, label=label, default=text)
            return answer.value, True
        answer.value = text
        return get_text

    monkeypatch.setattr(QInputDialog, "getText", answer("Regime change"))
    window.edit_actions["short_name_option"].trigger()
    assert asked["default"] == "New Russian government" and "at most 24 characters" in asked["label"]
    assert state.model.options[3].short_name == "Regime change"
    assert state.compiled.option_labels[3] == "Regime change"
    assert state.undo_stack.undoText() == ("Short name of A new Russian government as the West's central objective: "
                                           "Regime change")
    window.focus_view("ranking")
    assert any(t.endswith(". Regime change") for _y, t in window.ranking.tick_labels())
    state.undo_stack.undo()
    assert state.model.options[3].short_name == "New Russian government"
    state.undo_stack.redo()
    assert state.model.options[3].short_name == "Regime change"
    monkeypatch.setattr(QInputDialog, "getText", answer("   "))  # empty: the full name again
    window.edit_actions["short_name_criterion"].trigger()
    crit = state.model.criteria[8]
    assert crit.short_name is None and state.compiled.criterion_labels[8] == crit.name
    assert state.undo_stack.undoText() == f"Remove the short name of {crit.name}"
    header = window.matrix.table.model().headerData(8, Qt.Orientation.Horizontal)
    assert header.startswith("Humanitarian and\nfood-supply")  # the full name, as much as fits


@pytest.mark.parametrize("typed,words", [
    ("outreach to  RUSSIANS", 'the short name "outreach to RUSSIANS" is already that of the option "Outreach to the '
                              "Russian public against the Kremlin's narrative\""),
    ("A short name far too long to fit", "has 32 characters; a short name has at most 24"),
])
def test_a_short_name_the_format_refuses_is_refused_aloud_and_nothing_changes(window, monkeypatch, typed, words):
    from PySide6.QtWidgets import QInputDialog

    state = window.state
    state.select(option=3)
    before = state.model
    shown = []
    monkeypatch.setattr(window, "show_error", lambda title, exc: shown.append(str(exc)))
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: (typed, True))
    window.edit_actions["short_name_option"].trigger()
    assert state.model is before and state.undo_stack.count() == 0
    assert shown and words in shown[0]


def test_renaming_remakes_a_short_name_made_from_the_name_and_keeps_a_chosen_one(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("option,Cost\n#direction,min\nBuild the new bridge over the river,3\n"
                    "Repair the old bridge over the river,2\n", encoding="utf-8")
    from decision_app.core.loading import read_table

    m = read_table(path)
    assert m.options[0].short_name == "Build the new bridge…"
    renamed = edits.rename_option(m, m.options[0].id, "Tunnel under the river instead of a bridge")
    assert renamed.options[0].short_name == "Tunnel under the river…"
    chosen = edits.set_option_short_name(m, m.options[0].id, "New bridge")
    assert edits.rename_option(chosen, m.options[0].id, "Tunnel").options[0].short_name == "New bridge"
    with pytest.raises(InputError, match="at most 24"):
        edits.set_option_short_name(m, m.options[0].id, "x" * 25)


# --- the memo and the slides -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def brief_data():
    from conftest import REALISTIC_MODEL

    from decision_app.report.analysis import analyse
    from decision_app.report.brief import BriefOptions

    model = load_model(REALISTIC_MODEL)
    w = compile_model(model).profile_weights("equal")
    return analyse(model, "wsm", w, "equal", BriefOptions(date="2026-11-22"))


def test_the_memos_charts_name_options_and_criteria_by_their_short_names(brief_data):
    from decision_app.report.charts import acceptability_chart, ranking_chart, sensitivity_chart

    model = brief_data.model
    ranking = _strings(ranking_chart(brief_data))
    for o in model.options:
        assert any(s.endswith(f". {o.short_name}") for s in ranking), o.short_name
        assert not any(o.name in s for s in ranking if o.name != o.short_name)
    for cr in model.criteria:
        assert cr.short_name in ranking  # the contributions' legend
    accept = _strings(acceptability_chart(brief_data))
    assert {o.short_name for o in model.options} <= set(accept)
    sens = _strings(sensitivity_chart(brief_data))
    top = [model.options[int(i)].short_name for i in brief_data.result.order[:5]]
    assert set(top) <= set(sens)


def test_the_memos_text_keeps_the_full_names(brief_data):
    from test_brief import pages_text

    from decision_app.report.brief import BriefOptions, build_brief

    model = brief_data.model
    w = compile_model(model).profile_weights("equal")
    pdf, _missing = build_brief(model, "wsm", w, "equal", BriefOptions(date="2026-11-22"))
    pages = pages_text(pdf)
    leader = model.options[int(brief_data.result.order[0])]
    assert leader.short_name != leader.name
    assert f"{leader.name} ranks first" in pages[0]  # the bottom line's sentence
    everything = " ".join(pages)
    for o in model.options:  # the ranking table and the sentences: full names
        assert o.name in everything, o.name


def test_the_slides_charts_use_short_names_and_their_sentences_full_names():
    from conftest import REALISTIC_MODEL

    from decision_app.report.slide_content import lead_sentence, ranking_slide, sensitivity_slide, weights_slide
    from decision_app.report.slides import context_for_model

    model = load_model(REALISTIC_MODEL)
    c = compile_model(model)
    ctx = context_for_model(model, "wsm", c.profile_weights("equal"), None, None)
    ranking = ranking_slide(ctx)
    labels = [row.label.split(". ", 1)[1] for row in ranking.chart.rows]
    assert sorted(labels) == sorted(o.short_name for o in model.options)
    lead = int(ctx.snapshot.order[0])
    assert model.options[lead].name in lead_sentence(ctx)
    assert [row.label for row in weights_slide(ctx).chart.rows] == [cr.short_name for cr in model.criteria]
    named = [s.label for s in sensitivity_slide(ctx).chart.series if s.emphasis]
    assert named and set(named) <= {o.short_name for o in model.options}


# --- item 10: the empty Group view ------------------------------------------------------------------------------


def test_the_empty_group_view_shows_no_empty_ranking_chooser(window, tmp_path):
    state = window.state
    assert not state.model.participants
    window.focus_view("group")
    chart = window.group
    chart.update_data()
    settle()
    assert chart.person_combo.count() == 0
    assert not chart.person_combo.isVisible() and not chart.person_label.isVisible()
    _open_with_participants(state, tmp_path)
    window.focus_view("group")
    chart.update_data()
    settle()
    assert chart.person_combo.count() == len(state.model.participants) > 0
    assert chart.person_combo.isVisible() and chart.person_label.isVisible()
    assert chart.person_ranking.text().startswith("1. ")


def test_display_name_is_one_helper_for_both_faces():
    model = load_model(__import__("conftest").REALISTIC_MODEL)
    c = compile_model(model)
    assert c.option_labels == tuple(display_name(o) for o in model.options)
    assert c.criterion_labels == tuple(display_name(x) for x in model.criteria)
    bare = compile_model(model.model_copy(update={"options": [o.model_copy(update={"short_name": None})
                                                              for o in model.options]}))
    assert bare.option_labels == bare.option_names
    assert make_short_names(list(bare.option_names)) != list(bare.option_names)  # names that would need shortening
    assert np.all(np.array([len(x) for x in c.option_labels]) <= 24)


def test_a_criterion_name_too_wide_for_its_slot_goes_on_two_lines(qapp):
    from PySide6.QtGui import QFontMetricsF
    from PySide6.QtWidgets import QApplication

    from decision_app.gui.charts.profile import two_lines

    fm = QFontMetricsF(QApplication.font())
    room = max(fm.horizontalAdvance("Territorial"), fm.horizontalAdvance("integrity")) + 2
    assert fm.horizontalAdvance("Territorial integrity") > room
    assert two_lines("Territorial integrity", fm, room) == "Territorial\nintegrity"
    assert two_lines("Feasibility", fm, 1000) == "Feasibility"
    narrow = two_lines("Humanitarian", fm, fm.horizontalAdvance("Huma") + 1)
    assert narrow.endswith("…") and "\n" not in narrow


def test_matrix_headers_show_short_names_whole_on_two_lines(window):
    from PySide6.QtGui import QFontMetrics

    from decision_app.gui.panels.matrix import two_line_header

    assert two_line_header("Territorial integrity", " ↑") == "Territorial\nintegrity ↑"
    assert two_line_header("Casualties", " ↓") == "Casualties ↓"
    assert two_line_header("Supercalifragilisticexpialidocious", " ↑") == "Supercalifrag… ↑"
    assert two_line_header("Humanitarian and food-supply relief", " ↑") == "Humanitarian and\nfood-supply r… ↑"
    table = window.matrix.table
    header = table.horizontalHeader()
    fm = QFontMetrics(header.font())
    tm = table.model()
    for j, crit in enumerate(window.state.model.criteria):
        text = tm.headerData(j, Qt.Orientation.Horizontal)
        assert text.replace("\n", " ").rsplit(" ", 1)[0] == crit.short_name  # whole, the arrow after it
        assert all(fm.horizontalAdvance(line) <= header.sectionSize(j) for line in text.split("\n")), text


def test_the_option_profile_names_its_criteria_whole_where_two_rows_give_room(window, qtbot):
    """The third walk (issue 19, item 3): at 1920x1080 the Option profile sits in a dock about 690 px wide and
    cut most criteria's short names ("Casua…", "Feasib…", "Mosco… accep…"). Crowded names now alternate
    between two rows, each with two slots of room: a name is cut only where even that is too narrow."""
    from PySide6.QtGui import QFontMetricsF
    from PySide6.QtWidgets import QApplication

    from decision_app.gui.charts.profile import two_lines

    window.focus_view("profile")
    prof = window.profile
    dock = window.docks["profile"]
    dock.setFloating(True)
    dock.resize(690, 420)
    qtbot.wait(50)
    prof.flush()
    prof._label_ticks()
    c = window.state.compiled
    axis = prof.item.getAxis("bottom")
    fm = QFontMetricsF(axis.style.get("tickFont") or QApplication.font())
    lo, hi = prof.item.getViewBox().viewRange()[0]
    slot = prof.item.getViewBox().width() / (hi - lo)
    assert c.n * fm.horizontalAdvance("Abcdefghij") > prof.item.getViewBox().width() * 0.8  # crowded, as walked
    shown = prof.tick_labels()
    assert len(shown) == c.n
    for tick, j in zip(shown, prof.order, strict=True):
        room = 2 * slot - fm.averageCharWidth()  # the end names too: the axis runs a slot beyond them
        if "…" in tick:
            assert "…" in two_lines(c.criterion_labels[j], fm, room), (tick, c.criterion_labels[j])
        assert tick.replace("\n", " ").split(" ")[0].rstrip("…") in c.criterion_labels[j]
    raw = [str(t) for _x, t in axis._tickLevels[0]]
    assert axis.height() >= max(t.count("\n") + 1 for t in raw) * fm.height()  # every row shows
