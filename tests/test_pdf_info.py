"""What the memo's and the deck's PDFs say about themselves: their creation date is the document's own date (not
reportlab's invariant 2000-01-01), the same inputs and date give the same bytes, and every font is embedded."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from pypdf.generic import IndirectObject

from decision_app.cli import main
from decision_app.core.compiled import compile_model
from decision_app.core.loading import load_model
from decision_app.core.snapshot import UncertaintySettings
from decision_app.report.brief import BriefOptions, build_brief
from decision_app.report.slides import build_deck

FAST = UncertaintySettings(samples=200, seed=1)


def _memo(date: str | None = None) -> bytes:
    from conftest import REALISTIC_MODEL

    model = load_model(REALISTIC_MODEL)
    w = compile_model(model).profile_weights("equal")
    return build_brief(model, "wsm", w, "equal", BriefOptions(date=date, samples=200))[0]


def _deck(date: str | None = None) -> bytes:
    from conftest import REALISTIC_MODEL

    model = load_model(REALISTIC_MODEL)
    w = compile_model(model).profile_weights("equal")
    return build_deck(model, "wsm", w, "equal", FAST, date=date)[0]


def _forms(date: str | None = None) -> bytes:
    from conftest import REALISTIC_MODEL

    from decision_app.report.forms import render_forms

    return render_forms(load_model(REALISTIC_MODEL), ["P1", "P2"], [1, 1])


def _resolve(x):
    return x.get_object() if isinstance(x, IndirectObject) else x


def fonts_of(pdf: bytes) -> dict[str, bool]:
    """{base font name: embedded?} over the fonts of every page (and of the forms the pages draw)."""
    out: dict[str, bool] = {}

    def visit(resources, seen: set[int]) -> None:
        resources = _resolve(resources)
        if not resources:
            return
        for font in (_resolve(resources.get("/Font")) or {}).values():
            font = _resolve(font)
            descriptor = font.get("/FontDescriptor")
            if font.get("/Subtype") == "/Type0":
                descriptor = _resolve(font["/DescendantFonts"][0]).get("/FontDescriptor")
            descriptor = _resolve(descriptor) or {}
            out[str(font.get("/BaseFont"))] = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
        for xobj in (_resolve(resources.get("/XObject")) or {}).values():
            obj = _resolve(xobj)
            if id(obj) not in seen and obj.get("/Subtype") == "/Form":
                seen.add(id(obj))
                visit(obj.get("/Resources"), seen)

    for page in PdfReader(io.BytesIO(pdf)).pages:
        visit(page.get("/Resources"), set())
    return out


BASE14 = {"Courier", "Helvetica", "Times", "Symbol", "ZapfDingbats"}


@pytest.mark.parametrize("make", [_memo, _deck], ids=["memo", "deck"])
def test_creation_date_is_the_documents_date(make):
    pdf = make("2026-11-22")
    info = PdfReader(io.BytesIO(pdf)).metadata
    assert info["/CreationDate"].startswith("D:20261122"), info["/CreationDate"]
    assert info["/ModDate"].startswith("D:20261122")
    assert make("2026-11-22") == pdf  # the same date, the same bytes
    other = make("2026-11-23")
    assert PdfReader(io.BytesIO(other)).metadata["/CreationDate"].startswith("D:20261123")


@pytest.mark.parametrize("make", [_memo, _deck], ids=["memo", "deck"])
def test_source_date_epoch_gives_the_date_and_the_same_bytes(make, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764547200")  # 2025-12-01 00:00 UTC
    pdf = make()
    assert PdfReader(io.BytesIO(pdf)).metadata["/CreationDate"].startswith("D:20251201")
    assert make() == pdf


@pytest.mark.parametrize("make", [_memo, _deck, _forms], ids=["memo", "deck", "forms"])
def test_every_font_is_embedded(make):
    fonts = fonts_of(make("2026-11-22"))
    assert fonts, "no fonts found: the test reads nothing"
    assert any("Roboto" in name for name in fonts)
    not_embedded = [name for name, embedded in fonts.items() if not embedded]
    assert not_embedded == []
    assert not any(name.lstrip("/").split("-")[0] in BASE14 for name in fonts)


def test_cli_memo_date_from_source_date_epoch(tmp_path, realistic_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764547200")
    out = tmp_path / "memo.pdf"
    assert main(["brief", str(realistic_path), "-o", str(out), "--samples", "200"]) == 0
    reader = PdfReader(out)
    assert reader.metadata["/CreationDate"].startswith("D:20251201")
    assert "Date 2025-12-01" in " ".join(reader.pages[0].extract_text().split())
