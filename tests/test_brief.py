"""The briefing memo: content a recipient can check, literal text, reproducible bytes, CLI = window."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys

import numpy as np
import pytest
from conftest import write_json
from pypdf import PdfReader

from decision_app.cli import main
from decision_app.core.loading import fingerprint, load_model
from decision_app.report.brief import BriefOptions, build_brief


def pages_text(pdf: bytes) -> list[str]:
    return [re.sub(r"\s+", " ", p.extract_text()) for p in PdfReader(io.BytesIO(pdf)).pages]


@pytest.fixture(scope="module")
def memo():
    from conftest import REALISTIC_MODEL

    model = load_model(REALISTIC_MODEL)
    from decision_app.core.compiled import compile_model

    w = compile_model(model).profile_weights("equal")
    pdf, missing = build_brief(model, "wsm", w, "equal", BriefOptions(date="2026-11-22", addressee="Desk"))
    return model, pdf, missing, pages_text(pdf)


def test_marking_and_page_numbers_on_every_page(memo):
    model, _pdf, _missing, pages = memo
    assert len(pages) >= 4
    for k, text in enumerate(pages, start=1):
        assert text.count(model.classification) >= 2, f"page {k} lacks the marking top and bottom"
        assert f"page {k} of {len(pages)}" in text


def test_bottom_line_first_and_every_option_named(memo):
    model, _pdf, missing, pages = memo
    assert missing == []
    first = pages[0]
    assert first.index("Bottom line") < first.index("Ranking")
    assert "ranks first" in first and "What would change the answer" in first and "ranks first in" in first
    # the verdict is the first bullet, before the leader's numbers
    assert first.index("Bottom line") < first.index("Too close to call") < first.index("ranks first (value")
    everything = " ".join(pages)
    for o in model.options:
        assert o.name in everything, o.name
    assert "Date 2026-11-22" in first and "To Desk" in first


def test_quotes_sources_and_fingerprint(memo):
    model, _pdf, _missing, pages = memo
    everything = " ".join(pages)
    assert fingerprint(model) in everything
    leader = next(o for o in model.options if o.id == "ceasefire_no_freeze")  # first under equal weights
    quote = leader.scores["casualties"].citations[0].quote
    assert re.sub(r"\s+", " ", quote) in everything
    assert "What the answer rests on" in pages[0] and "judgement-only scores" in pages[0]
    assert "Basis" in everything and "date inferred: early March 2022" in everything
    assert "Eugene B. Kogan" in everything and "Without Giving In" in everything
    assert "Analyst's comment" in everything and "SMAA-2" in everything


def test_two_builds_are_byte_identical(memo):
    model, pdf, _missing, _pages = memo
    from decision_app.core.compiled import compile_model

    w = compile_model(model).profile_weights("equal")
    again, _ = build_brief(model, "wsm", w, "equal", BriefOptions(date="2026-11-22", addressee="Desk"), threads=2)
    assert again == pdf


def test_markup_and_cyrillic_set_literally(tmp_path, small_dict):
    name = "<b>Мир & безопасность</b> <i>не</i> &amp; <font size=40>x</font>"
    small_dict["options"][0]["name"] = name
    small_dict["criteria"][0]["name"] = "Жертвы <br/> & потери"
    small_dict["title"] = "Бриф: <para> test"
    model = load_model(write_json(tmp_path, small_dict))
    pdf, missing = build_brief(model, "topsis", np.ones(3) / 3, None,
                               BriefOptions(date="2026-01-01", comment="Комментарий <script>"))
    text = " ".join(pages_text(pdf))
    assert missing == []
    for literal in (name, "Жертвы <br/> & потери", "Бриф: <para> test", "Комментарий <script>"):
        assert literal in text, literal
    # the Roboto TrueType font is embedded
    assert b"Roboto" in pdf and b"/FontFile2" in pdf


def test_characters_outside_the_font_are_reported(tmp_path, small_dict):
    small_dict["options"][1]["name"] = "和平 option"
    model = load_model(write_json(tmp_path, small_dict))
    _pdf, missing = build_brief(model, "wsm", np.ones(3), None, BriefOptions(date="2026-01-01"))
    assert missing == ["和", "平"]


def test_cli_brief_and_bad_arguments(tmp_path, capsys, realistic_path):
    out = tmp_path / "memo.pdf"
    assert main(["brief", str(realistic_path), "-o", str(out), "--date", "2026-11-22", "--marking", "RESTRICTED",
                 "--title", "Options memo", "--top", "2", "--samples", "2000", "--seed", "4"]) == 0
    pages = pages_text(out.read_bytes())
    assert all("RESTRICTED" in p for p in pages)
    assert pages[0].startswith("RESTRICTED Options memo") or "Options memo" in pages[0]
    assert "2,000 samples, seed 4" in " ".join(pages)
    for argv, where in ((["--date", "22/11/2026"], "--date"), (["--top", "0"], "--top")):
        code = main(["brief", str(realistic_path), "-o", str(out), *argv])
        assert code == 2 and where in capsys.readouterr().err


def test_window_export_matches_cli(window, tmp_path):
    from decision_app.gui.brief_dialog import brief_for_state

    state = window.state
    state.use_profile("kogan_outlook")
    state.set_method("topsis")
    saved = tmp_path / "state.json"
    state.save(saved)
    opts = BriefOptions(date="2026-11-22", author="A. Analyst", addressee="Planning", marking="UNCLASSIFIED",
                        comment="Workshop draft")
    from_window, _ = brief_for_state(state, opts)
    cli_pdf = tmp_path / "cli.pdf"
    # the file carries the profile and the method (issue 20): the command needs no flags to agree byte for byte
    r = subprocess.run([sys.executable, "-m", "decision_app", "brief", str(saved), "-o", str(cli_pdf),
                        "--date", "2026-11-22", "--author", "A. Analyst",
                        "--addressee", "Planning", "--marking", "UNCLASSIFIED", "--comment", "Workshop draft"],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert cli_pdf.read_bytes() == from_window
    assert json.loads(saved.read_text(encoding="utf-8"))["session"]["method"] == "topsis"


def test_brief_dialog_remembers_fields(window, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QDialog, QFileDialog

    from decision_app.gui.brief_dialog import BriefDialog

    target = tmp_path / "memo.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "PDF (*.pdf)"))

    def fake_exec(self):
        self.edits["addressee"].setText("Director, Policy Planning")
        self.comment.setPlainText("Read with the annex")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(BriefDialog, "exec", fake_exec)
    assert BriefDialog.run(window.state, window) == target
    text = " ".join(pages_text(target.read_bytes()))
    assert "To Director, Policy Planning" in text and "Read with the annex" in text
    again = BriefDialog(window.state, window)
    assert again.edits["addressee"].text() == "Director, Policy Planning"
    assert again.comment.toPlainText() == "Read with the annex"


def test_no_axis_reads_minus_zero(memo):
    """The sensitivity chart's lowest tick read "-0.00" (a tick at -0.0 when the lines dip just below 0)."""
    _model, _pdf, _missing, pages = memo
    assert not any(re.search(r"-0\.0+\b", text) for text in pages)


def test_a_passage_and_its_note_stay_on_one_page(tmp_path, default_dict):
    """A page break fell between a quoted passage and its note (walk-through, brief page 8): the note stood
    alone at the top of the next page, apart from the words it comments on."""
    from decision_app.core.compiled import compile_model

    data = default_dict
    leader = next(o for o in data["options"] if o["id"] == "ceasefire_no_freeze")
    source = leader["scores"]["casualties"]["citations"][0]["source"]
    words = "a long passage that runs over several lines of the memo so that pages must break between them"
    cits = [{"source": source, "quote": f"QSTART{k} " + " ".join([words] * 4) + f" QEND{k}", "note": f"NOTE{k} the analyst's reading"}
            for k in range(14)]
    leader["scores"]["casualties"]["citations"] = cits
    path = write_json(tmp_path, data)
    model = load_model(path)
    w = compile_model(model).profile_weights("equal")
    pdf, _missing = build_brief(model, "wsm", w, "equal", BriefOptions(date="2026-11-22"))
    pages = [p.replace(" ", "") for p in pages_text(pdf)]
    broke = 0
    for k in range(14):
        start = [n for n, p in enumerate(pages) if f"QSTART{k}" in p]
        end = [n for n, p in enumerate(pages) if f"QEND{k}" in p]
        note = [n for n, p in enumerate(pages) if f"NOTE{k}" in p]
        assert start and start == end == note, (k, start, end, note)
        broke += k > 0 and start[0] != next(n for n, p in enumerate(pages) if f"QSTART{k - 1}" in p)
    assert broke >= 1  # the passages did run over a page break
