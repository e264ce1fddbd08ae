"""Every surface states the verdict (issue #21, items 5 and 7): the window, the memo, the slides and the command
line say, in the same words, how firm the answer is and what would change it; page 1 of the memo read back for
each kind of verdict."""

from __future__ import annotations

import copy
import io
import json
import re

import pytest
from conftest import write_json
from pypdf import PdfReader

from decision_app.cli import main
from decision_app.core.answer import answer_for
from decision_app.core.compiled import compile_model
from decision_app.core.document import AnalysisSpec, read_document, spec_analysis
from decision_app.report.analysis import BriefOptions
from decision_app.report.brief import build_brief_spec
from decision_app.report.slides import build_deck_spec

FAST = ["--samples", "2000"]


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def pdf_pages(pdf: bytes) -> list[str]:
    return [flat(p.extract_text()) for p in PdfReader(io.BytesIO(pdf)).pages]


def score_json(capsys, path, *flags: str) -> dict:
    assert main(["score", str(path), "--json", *flags]) == 0
    return json.loads(capsys.readouterr().out)


def dominating(d: dict) -> dict:
    """The model with its first option at the best end of every scale, with no range: it wins everywhere."""
    d = copy.deepcopy(d)
    best = {c["id"]: c["scale"]["min"] if c["direction"] == "cost" else c["scale"]["max"] for c in d["criteria"]}
    for cid, score in d["options"][0]["scores"].items():
        score["value"] = score["low"] = score["high"] = best[cid]
    return d


def likely(d: dict) -> dict:
    """The shipped model with the ceasefire 2.5 points better on four criteria: first in most draws (about 77 %)
    and beating each rival in most (at least about 84 %), not everywhere."""
    d = copy.deepcopy(d)
    opt = next(o for o in d["options"] if o["id"] == "ceasefire_no_freeze")
    for cid in ("alliance_cohesion", "feasibility", "russian_integration", "durability"):
        s = opt["scores"][cid]
        s["value"] = min(s["value"] + 2.5, 10.0)
        s["high"] = max(s["high"], s["value"])
    return d


def test_the_shipped_model_says_the_same_on_every_surface(capsys, realistic_path, window, tmp_path):
    """score --json, the memo's page 1, the deck and the window all state the verdict sentence and the nearest
    two changes (with what they rest on) word for word; the answer is too close to call and names who can win."""
    data = score_json(capsys, realistic_path)
    v = data["verdict"]
    sentence = v["sentence"]
    near = [p["sentence"] for p in data["tipping_points"][:2]]
    assert v["kind"] == "too_close" and sentence.startswith("Too close to call:")
    assert "A ceasefire that does not freeze territorial gains" in sentence and len(v["leaders"]) > 1
    assert all(("inside" in s or "outside" in s or "range" in s) for s in near)  # what each rests on

    read = read_document(realistic_path)
    memo, _ = build_brief_spec(read.model, read.spec, BriefOptions(date="2026-01-01"))
    page1 = pdf_pages(memo)[0]
    assert sentence in page1 and all(s in page1 for s in near)
    assert page1.index(sentence) < page1.index("ranks first (value")  # the verdict is the first bullet

    deck, _ = build_deck_spec(read.model, read.spec, date="2026-01-01")
    slides = pdf_pages(deck)
    ranking = next(p for p in slides if "1. Ceasefire, no freeze" in p)
    assert "Too close to call: 12 options can come first" in ranking
    changes = next(p for p in slides if "What would change the answer" in p and "1. " in p)
    assert sentence in changes and all(s in changes for s in near)

    state = window.state
    assert state.wait_for_answer()
    assert state.answer_is_current()
    assert window.changes.verdict.text() == f"<b>{sentence}</b>"
    assert [e.split(". ", 1)[1] for e in window.changes.entries()[:2]] == near
    assert window.ranking.banner.full == sentence and sentence in window.ranking.banner.toolTip()


def test_a_dominating_option_is_called_robust_everywhere(capsys, default_dict, tmp_path, window):
    path = write_json(tmp_path, dominating(default_dict))
    data = score_json(capsys, path, *FAST)
    sentence = data["verdict"]["sentence"]
    assert data["verdict"]["kind"] == "robust" and sentence.startswith("Robust: Status quo")
    assert main(["score", str(path), *FAST]) == 0
    assert sentence in capsys.readouterr().out  # the text table ends with it
    read = read_document(path)
    memo, _ = build_brief_spec(read.model, read.spec.replace(uncertainty=read.spec.uncertainty),
                               BriefOptions(date="2026-01-01", samples=2000))
    page1 = pdf_pages(memo)[0]
    assert sentence in page1 and "Too close" not in page1
    deck, _ = build_deck_spec(read.model, read.spec, date="2026-01-01")
    pages = pdf_pages(deck)
    assert any("Robust: Status quo" in p and "1. Status quo" in p for p in pages)
    assert any("What would change the answer" in p and sentence in p for p in pages)
    window.state.open(path)  # the window's own draws (its default samples): the same exact verdict
    assert window.state.wait_for_answer() and window.state.answer is not None
    assert window.state.answer.verdict.kind == "robust"
    assert window.ranking.banner.full == sentence  # the same words as score, the memo and the deck


@pytest.mark.parametrize(("make", "kind", "opening"), [
    (dominating, "robust", "Robust: "),
    (likely, "likely", "Likely: "),
    (lambda d: d, "too_close", "Too close to call: "),
])
def test_page_one_of_the_memo_reads_back_each_kind_of_verdict(default_dict, make, kind, opening):
    """The memo's first bullet is the verdict of its kind; then the leader's numbers; then what would change
    the answer (the nearest two entries of the core's list)."""
    from decision_app.core.schema import DecisionModel

    model = DecisionModel.model_validate(make(default_dict))
    spec = AnalysisSpec.from_model(model)
    c = compile_model(model)
    answer = answer_for(model, c, spec_analysis(c, spec), spec)
    assert answer.verdict.kind == kind
    memo, _ = build_brief_spec(model, spec, BriefOptions(date="2026-01-01"))
    page1 = pdf_pages(memo)[0]
    bullets = page1.split("Bottom line", 1)[1].split("\u2022 ")[1:]
    assert bullets[0].startswith(opening) and flat(bullets[0]).startswith(flat(answer.sentence))
    assert "ranks first (value" in bullets[1]
    assert bullets[2].startswith("What would change the answer")
    for p in answer.nearest():
        assert p.sentence in page1


def test_an_entry_of_what_would_change_selects_its_cell_or_its_weight(window, qtbot):
    state = window.state
    assert state.wait_for_answer()
    panel = window.changes
    points = panel.points
    k_score = next(k for k, p in enumerate(points) if p.kind == "score")
    k_weight = next(k for k, p in enumerate(points) if p.kind == "weight")
    with qtbot.waitSignal(state.sig_focus_requested) as got:
        panel.list.itemClicked.emit(panel.list.item(k_score))
    assert got.args == ["cell"]
    p = points[k_score]
    assert (state.selected_option, state.selected_criterion) == (p.option, p.criterion)
    assert window.matrix.table.currentIndex().row() >= 0
    with qtbot.waitSignal(state.sig_focus_requested) as got:
        panel.list.itemClicked.emit(panel.list.item(k_weight))
    assert got.args == ["weight"]
    assert state.selected_criterion == points[k_weight].criterion


def test_the_banner_follows_a_weight_move(window, qtbot):
    """A move marks the shown verdict as updating at once (nothing is computed on the slider path); the new
    verdict follows once the uncertainty for the new weights is in."""
    state = window.state
    assert state.wait_for_answer()
    before = window.ranking.banner.full
    state.set_weight(0, 0.6)
    assert not state.answer_is_current()
    assert window.ranking.banner.full.startswith("Updating the verdict")
    assert state.wait_for_answer()
    assert state.answer_is_current()
    after = window.ranking.banner.full
    assert after == state.answer.sentence and after != before


def test_the_shipped_profiles_state_no_result_as_fixed_text(default_dict):
    """Which option leads is computed live (the banner, the memo's first bullet); a profile's description that
    said so went wrong after the first edit."""
    names = [o["name"].lower() for o in default_dict["options"]]
    for p in default_dict["profiles"]:
        text = p["description"].lower()
        assert " leads" not in text and "ranks first" not in text, p["id"]
        assert not any(n in text for n in names), p["id"]


def test_copy_summary_carries_the_verdict_and_the_nearest_changes(window):
    """Edit > Copy summary reads the memo's bottom line: its first point is the verdict sentence the window shows."""
    from PySide6.QtGui import QGuiApplication

    state = window.state
    assert state.wait_for_answer()
    QGuiApplication.clipboard().clear()
    window.act_copy_summary.trigger()
    lines = QGuiApplication.clipboard().mimeData().text().splitlines()
    assert lines[1] == f"\u2022 {state.answer.sentence}"
    assert lines[3].startswith("\u2022 What would change the answer (the nearest 2): ")
    assert all(p.sentence in lines[3] for p in state.answer.nearest())


def test_the_banner_shows_the_verdict_before_the_list_of_changes_is_made(window):
    """The worker hands the verdict over first; the banner states it while the list still says it is updating."""
    state = window.state
    assert state.wait_for_answer()
    full = state.answer
    entries = window.changes.entries()
    partial = answer_for(state.model, state.compiled, state.analysis, state.spec, uncertainty=state.results.uncertainty,
                         changes=False)
    assert not partial.complete and partial.changes == () and partial.sentence == full.sentence
    state._answer_arrived(partial)
    assert window.ranking.banner.full == full.sentence
    assert window.changes.status.text().startswith("Updating") and window.changes.entries() == entries
    state._answer_arrived(full)
    assert window.changes.status.isHidden()


def test_the_banner_never_shows_the_verdict_of_the_file_opened_before(window, qtbot):
    """The third walk (issue 19): after opening a colleague's spreadsheet the banner read "Updating the verdict…
    Before: <the previous file's verdict>", naming options the new file does not have."""
    from decision_app.gui.verdict_banner import UPDATING

    state, banner = window.state, window.ranking.banner
    assert state.wait_for_answer()
    before = state.answer.sentence
    assert banner.full == before
    state.new_document(state.model.model_copy(update={"title": "Another file"}))
    assert before not in banner.full
    assert banner.full == UPDATING or state.answer_is_current()
    assert state.wait_for_answer()
    assert banner.full == state.answer.sentence


def test_the_banners_tooltip_lists_the_changes_once_they_are_in(window):
    """The first answer comes without its changes (`complete` False) and the same sentence; the tooltip kept
    "no single change ... changes who leads" while the changes view listed 40."""
    state = window.state
    assert state.wait_for_answer()
    answer = state.answer
    assert answer.complete and answer.changes
    banner = window.ranking.banner
    assert answer.settle_sentence() in banner.toolTip()
    assert "no single change" not in banner.toolTip()
    assert banner.accessibleDescription() == banner.toolTip()


def test_settings_with_no_weights_to_draw_say_no_verdict_not_the_last_one(window, qtbot):
    """Agreed bounds the spread around the current weights cannot reach (Casualties at its current share,
    bounded to 30-50 % within ±0.05) leave no region: the banner said the previous settings' verdict as if it
    held; it says there is none and why, and a verdict comes back once the bounds are loosened."""
    state = window.state
    assert state.wait_for_answer()
    first = state.model.criteria[0].id
    state.set_smaa_settings(bounds=((first, 0.3, 0.5),))
    qtbot.waitUntil(lambda: window.ranking.banner.full.startswith("No verdict: the weight region is empty"))
    assert "spread" in window.ranking.banner.toolTip() and state.answer is None
    state.set_smaa_settings(bounds=())
    qtbot.waitUntil(lambda: state.answer is not None and state.answer_is_current(), timeout=20_000)
    qtbot.waitUntil(lambda: window.ranking.banner.full == state.answer.sentence)
