"""The briefing memo as PDF: answer first, then why, how robust, and the essays it rests on.

Byte-for-byte reproducible for the same inputs and date (reportlab's invariant mode). Model text is always
escaped before it reaches a Paragraph, so markup-like names print literally.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import numpy as np
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (
    CondPageBreak,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from decision_app.core.atomic import atomic_write_bytes
from decision_app.core.document import AnalysisSpec
from decision_app.core.group import model_rounds
from decision_app.core.methods import Array
from decision_app.core.schema import DecisionModel, source_label
from decision_app.report import charts, fonts, pdf_info
from decision_app.report.analysis import (
    RULE_TEXT,
    BriefData,
    BriefOptions,
    analyse,
    analyse_spec,
    bottom_line,
    scores_caveat,
    settings_lines,
    uncertainty_method,
    weights_source,
)

__all__ = ["BriefOptions", "analyse", "analyse_spec", "build_brief", "build_brief_for_cli", "build_brief_spec", "render"]

MARGIN = 20 * mm


def _styles() -> dict[str, ParagraphStyle]:
    fonts.register()
    base = ParagraphStyle("body", fontName="Roboto", fontSize=9.5, leading=13, spaceAfter=4)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=10.5, textColor=colors.HexColor("#333333")),
        "title": ParagraphStyle("title", parent=base, fontName="Roboto-Bold", fontSize=17, leading=21, spaceAfter=6),
        "meta": ParagraphStyle("meta", parent=base, fontSize=9, textColor=colors.HexColor("#333333")),
        "h1": ParagraphStyle("h1", parent=base, fontName="Roboto-Bold", fontSize=12.5, leading=16, spaceBefore=10,
                             spaceAfter=5),
        "h2": ParagraphStyle("h2", parent=base, fontName="Roboto-Bold", fontSize=10.5, leading=14, spaceBefore=8,
                             spaceAfter=3),
        "bluf": ParagraphStyle("bluf", parent=base, fontSize=10.5, leading=14.5, leftIndent=8, spaceAfter=5),
        "quote": ParagraphStyle("quote", parent=base, fontName="Roboto-Italic", fontSize=8.8, leading=12,
                                leftIndent=14, rightIndent=10, textColor=colors.HexColor("#222222")),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8, leading=10, spaceAfter=0),
        "cellb": ParagraphStyle("cellb", parent=base, fontName="Roboto-Bold", fontSize=8, leading=10, spaceAfter=0),
    }


def t(text: object) -> str:
    """Model text, set literally: escaped for reportlab's paragraph markup."""
    return escape(str(text))


def _table(rows: list[list[Any]], widths: list[float], header: bool = True, zebra: bool = True) -> Table:
    tbl = Table(rows, colWidths=widths, repeatRows=1 if header else 0)
    style = [("VALIGN", (0, 0), (-1, -1), "TOP"), ("FONTNAME", (0, 0), (-1, -1), "Roboto"),
             ("FONTSIZE", (0, 0), (-1, -1), 8), ("TOPPADDING", (0, 0), (-1, -1), 2.5),
             ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5), ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black)]
    if zebra:
        for r in range(2, len(rows), 2):
            style.append(("BACKGROUND", (0, r), (-1, r), colors.HexColor("#F2F4F7")))
    tbl.setStyle(TableStyle(style))
    return tbl


class _NumberedCanvas(rl_canvas.Canvas):  # type: ignore[misc]  # reportlab ships no type hints
    """Holds pages until the end so every page can say 'page X of Y' and carry the marking."""

    marking = ""
    footer = ""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:  # noqa: N802 - reportlab naming
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for page in self._pages:
            self.__dict__.update(page)
            self._decorate(total)
            super().showPage()
        super().save()

    def _decorate(self, total: int) -> None:
        w, h = self._pagesize
        self.saveState()
        self.setFont("Roboto-Bold", 9)
        self.setFillColor(colors.HexColor("#8B0000"))
        self.drawCentredString(w / 2, h - 11 * mm, self.marking)
        self.drawCentredString(w / 2, 8 * mm, self.marking)
        self.setFont("Roboto", 7.5)
        self.setFillColor(colors.HexColor("#444444"))
        self.drawString(MARGIN, 13 * mm, self.footer)
        self.drawRightString(w - MARGIN, 13 * mm, f"page {self._pageNumber} of {total}")
        self.restoreState()


def _story(d: BriefData) -> list[Any]:
    s = _styles()
    c, r = d.compiled, d.result
    out: list[Any] = []
    out.append(Paragraph(t(d.title), s["title"]))
    meta = [f"<b>Date</b> {t(d.date)}"]
    if d.author:
        meta.append(f"<b>From</b> {t(d.author)}")
    if d.addressee:
        meta.append(f"<b>To</b> {t(d.addressee)}")
    out.append(Paragraph(" &nbsp;·&nbsp; ".join(meta), s["meta"]))
    out.append(Paragraph(f"Model: {t(d.model.title)}", s["meta"]))
    out.append(Spacer(1, 6))

    out.append(Paragraph("Bottom line", s["h1"]))
    for point in bottom_line(d):
        out.append(Paragraph("\u2022 " + t(point), s["bluf"]))
    out.append(Paragraph(f"<i>About the scores:</i> {t(scores_caveat(d))}", s["small"]))

    out.append(Paragraph("Ranking", s["h1"]))
    label = d.spec.score_label.capitalize()
    rows: list[list[Any]] = [["Rank", "Option", label, "Range"]]
    for i in r.order:
        rng = f"{d.low[i]:.3f} – {d.high[i]:.3f}" if d.low is not None and d.high is not None else "–"
        rows.append([str(r.ranks[i]), Paragraph(t(c.option_names[i]), s["cell"]), f"{r.scores[i]:.3f}", rng])
    out.append(_table(rows, [12 * mm, 105 * mm, 22 * mm, 30 * mm]))
    out.append(Paragraph(f"{t(d.spec.label)}"
                         + ("; lower Q is better" if not r.higher_is_better else "")
                         + ". Range: the figure with the option's own scores all at the low or all at the high end "
                         "of their ranges, the other options unchanged.", s["small"]))
    out.append(KeepTogether([Paragraph("Ranking and what makes it up", s["h2"]), charts.ranking_chart(d)]))

    out.append(Paragraph("Weights used", s["h1"]))
    src = f"Weights: {t(weights_source(d))}"
    if d.profile_id:
        src += f". {t(d.model.profile(d.profile_id).description)}"
    else:
        src += " (set by the analyst, not a saved profile)."
    out.append(Paragraph(src, s["body"]))
    if d.model.objectives:
        out += _tree_table(d, s)
    else:
        rows = [["Criterion", "Direction", "Weight"]]
        for j in np.argsort(-d.weights, kind="stable"):
            rows.append([Paragraph(t(c.criterion_names[j]), s["cell"]), "lower is better" if c.is_cost[j] else
                         "higher is better", f"{d.weights[j]:.3f}"])
        out.append(_table(rows, [95 * mm, 40 * mm, 25 * mm]))
    out += _group_section(d, s)

    out.append(CondPageBreak(80 * mm))
    out.append(Paragraph("How robust is it", s["h1"]))
    if d.sentences.get("tipping"):
        out.append(Paragraph(t(d.sentences["tipping"]), s["body"]))
    out.append(KeepTogether([Paragraph(f"Sensitivity to the weight of {t(c.criterion_names[d.decisive])}", s["h2"]),
                             charts.sensitivity_chart(d)]))
    rows = [["Criterion", "Weight", "Leader unchanged from", "to"]]
    for cs in d.sens:
        rows.append([Paragraph(t(c.criterion_names[cs.criterion]), s["cell"]), f"{cs.weight:.3f}",
                     f"{cs.stability[0]:.3f}", f"{cs.stability[1]:.3f}"])
    out.append(Paragraph("Stability of each weight (the leader holds while the weight stays in this interval, "
                         "the others rescaled in proportion):", s["small"]))
    out.append(_table(rows, [90 * mm, 22 * mm, 35 * mm, 22 * mm]))
    out.append(KeepTogether([Paragraph("Rank acceptability under uncertainty", s["h2"]),
                             Paragraph(t(d.sentences["uncertainty"]), s["body"]), charts.acceptability_chart(d)]))

    out.append(PageBreak())
    out.append(Paragraph("The leading options", s["h1"]))
    for k, i in enumerate(r.order[: d.top]):
        opt = d.model.options[int(i)]
        block = [Paragraph(f"{k + 1}. {t(opt.name)}", s["h2"])]
        if opt.summary:
            block.append(Paragraph(t(opt.summary), s["body"]))
        rows = [["Criterion", "Score (range)", "Basis", "Rationale"]]
        for crit in d.model.criteria:
            sc = opt.scores[crit.id]
            rows.append([Paragraph(t(crit.name), s["cell"]), f"{sc.value:g} ({sc.low:g}–{sc.high:g})",
                         Paragraph(t(sc.basis) + (" (to review)" if sc.review else ""), s["cell"]),
                         Paragraph(t(sc.rationale), s["cell"])])
        block.append(_table(rows, [42 * mm, 22 * mm, 18 * mm, 88 * mm]))
        out.append(KeepTogether(block))
        quotes: list[tuple[str, str]] = []
        notes: dict[tuple[str, str], list[str]] = {}
        for sc in opt.scores.values():
            for cit in sc.citations:
                if (cit.source, cit.quote) not in quotes:
                    quotes.append((cit.source, cit.quote))
                if cit.note:
                    notes.setdefault((cit.source, cit.quote), []).append(cit.note)
        passages = []
        for src_id, quote in quotes:
            cited = d.model.source(src_id)
            who = t(source_label(cited)) if cited else t(src_id)
            note = " ".join(notes.get((src_id, quote), []))
            note_html = f"<br/><font name='Roboto' size='7.5'>{t(note)}</font>" if note else ""
            passages.append(Paragraph(f"\u201c{t(quote)}\u201d<br/><font name='Roboto' size='7.5'>— {who}</font>"
                                      + note_html, s["quote"]))
        if passages:  # a passage, its source and its note never part at a page break; the heading keeps with them
            out.append(KeepTogether([Paragraph("The passages it rests on", s["cellb"]), Spacer(1, 3), passages[0]]))
            out += [KeepTogether([p]) for p in passages[1:]]

    out.append(PageBreak())
    out.append(Paragraph("Appendix", s["h1"]))
    out.append(Paragraph("Method and normalisation", s["h2"]))
    out.append(Paragraph(f"<b>{t(d.spec.label)}.</b> {t(d.spec.description)} {t(d.normalisation)}", s["body"]))
    out.append(Paragraph("Where the settings come from", s["h2"]))
    out.append(Paragraph("<br/>".join(f"<b>{t(k)}:</b> {t(v)}" for k, v in settings_lines(d)), s["body"]))
    out.append(Paragraph("Scales and their anchors", s["h2"]))
    rows = [["Criterion", "Scale", "Anchors"]]
    for crit in d.model.criteria:
        scale = f"{crit.scale.min:g}–{crit.scale.max:g} {crit.unit}".strip() if crit.scale else "observed range"
        anchors = "; ".join(f"{a.value:g}: {a.description}" for a in sorted(crit.anchors, key=lambda a: a.value))
        rows.append([Paragraph(f"<b>{t(crit.name)}</b><br/>{t(crit.definition)}", s["cell"]), Paragraph(t(scale), s["cell"]),
                     Paragraph(t(anchors), s["cell"])])
    out.append(_table(rows, [70 * mm, 25 * mm, 75 * mm]))
    out.append(Paragraph("Uncertainty", s["h2"]))
    c = d.compiled
    names = dict(zip(c.criterion_ids, c.criterion_names, strict=True)) | {
        k: f"the objective {v}" for k, v in c.group_names.items()}
    out.append(Paragraph(t(uncertainty_method(d.uncertainty_settings, names)), s["body"]))
    rows = [["Option", "First", "Second", "Third", "Confidence"]]
    acc = d.uncertainty.acceptability
    for i in np.lexsort((np.arange(c.m), -acc[:, 0])):
        rows.append([Paragraph(t(c.option_names[i]), s["cell"]), *(f"{acc[i, k]:.1%}" if k < c.m else "–"
                                                                    for k in range(3)),
                     f"{d.uncertainty.confidence[i]:.1%}"])
    out.append(_table(rows, [90 * mm, 18 * mm, 18 * mm, 18 * mm, 22 * mm]))
    out.append(Paragraph("Analyst's comment", s["h2"]))
    out.append(Paragraph(t(d.comment) if d.comment else "None given.", s["body"]))
    out.append(Paragraph("Sources", s["h2"]))
    for source in d.model.sources:
        out.append(Paragraph(t(source_label(source)) + ".", s["small"]))
    out.append(Paragraph("Reproducibility", s["h2"]))
    w_text = ", ".join(f"{cid}={w:.6g}" for cid, w in zip(c.criterion_ids, d.weights, strict=True))
    out.append(Paragraph(f"Decision Desk {t(d.version)} · model SHA-256 {d.fingerprint} · method {d.method} · "
                         f"weights {t(w_text)} · uncertainty seed {d.uncertainty.seed}, {d.uncertainty.samples} "
                         "samples" + (f" · group rule {d.group.rule}, round {d.group.round}" if d.group else "")
                         + ".", s["small"]))
    return out


def _tree_table(d: BriefData, s: dict[str, ParagraphStyle]) -> list[Any]:
    """The weights as the value tree: each objective (bold) above what it groups, indented, with its weight and
    its share of its parent's."""
    from decision_app.core.tree import build_tree, item_weights, local_weights

    tree = build_tree(d.model)
    total, local = item_weights(tree, d.weights), local_weights(tree, d.weights)
    rows: list[list[Any]] = [["Objective or criterion", "Weight", "Share of its objective (at the top: of all)"]]
    for i in tree.walk():
        pad = " " * 4 * (int(tree.depth[i]) - 1)
        name = t(tree.names[i])
        cell = f"{pad}<b>{name}</b>" if i < tree.n_nodes else pad + name
        rows.append([Paragraph(cell, s["cell"]), f"{total[i]:.3f}", f"{local[i]:.0%}"])
    return [_table(rows, [95 * mm, 25 * mm, 40 * mm]),
            Paragraph("An objective's weight is the sum of its criteria's; a criterion's weight is the product of "
                      "the shares on its path.", s["small"])]


def _group_section(d: BriefData, s: dict[str, ParagraphStyle]) -> list[Any]:
    """The participants' weights: combined and spread, agreement, whether the disagreement changes the
    answer, first choices, leave-one-out and movement between rounds. Every figure is read from `d.group`
    (one `analyse_group` call); nothing is computed here. Empty when the model has no participants."""
    g = d.group
    if g is None:
        return []
    c, who, names = d.compiled, d.group_names, d.compiled.option_names
    lead = g.leader
    p = len(g.participant_ids)
    out: list[Any] = [CondPageBreak(90 * mm), Paragraph("The participants' weights", s["h1"])]
    rounds = model_rounds(d.model)
    shown = ("Participants are shown by name and anonymous code, as the analyst asked." if d.group_named else
             "Participants are shown by anonymous code only.")
    out.append(Paragraph(
        f"{p} participant{'s' * (p != 1)} entered weights in round {g.round} (rounds entered: "
        f"{', '.join(map(str, rounds))}). The combined weights are {t(RULE_TEXT[g.rule])}; the combined "
        f"ranking uses the {t(d.spec.in_sentence)} method. {shown}", s["body"]))
    if d.group_answer is not None:
        out.append(Paragraph(t(d.sentences["count"]), s["bluf"]))
        out.append(Paragraph("The group's answer", s["h2"]))
        for key in ("answer", "answer_tie", "answer_combined", "answer_hull", "answer_rules"):
            if d.sentences.get(key):
                out.append(Paragraph(t(d.sentences[key]), s["body"]))
    out.append(Paragraph(t(d.sentences["group_matters"]), s["bluf"]))

    order = [int(j) for j in np.argsort(-g.combined.weights, kind="stable")]
    sp = g.spread
    rows: list[list[Any]] = [["Criterion", "Combined", "Min", "Max", "SD", "IQR"]]
    for j in order:
        rows.append([Paragraph(t(c.criterion_names[j]), s["cell"]), f"{g.combined.weights[j]:.3f}",
                     f"{sp.min[j]:.3f}", f"{sp.max[j]:.3f}", f"{sp.sd[j]:.3f}", f"{sp.iqr[j]:.3f}"])
    out.append(KeepTogether([Paragraph("Combined weights and their spread", s["h2"]),
                             _table(rows, [80 * mm, 20 * mm, 17 * mm, 17 * mm, 17 * mm, 17 * mm])]))
    out.append(Paragraph("Each participant's weights are normalised to sum 1 first. SD: standard deviation over "
                         "the participants (population); IQR: interquartile range (75th less 25th percentile).",
                         s["small"]))
    out.append(KeepTogether([Paragraph("Each participant's weights", s["h2"]), charts.participants_chart(d, order)]))

    out.append(Paragraph("Agreement", s["h2"]))
    out.append(Paragraph(t(d.sentences["group_agreement"]), s["body"]))
    out.append(Paragraph("Kendall's coefficient of concordance W runs from 0 (no agreement) to 1 (identical "
                         "rankings), tie-corrected; the words follow Schmidt (1997).", s["small"]))

    rows = [["Participant", "First under their own weights", "Combined leader first?", "First without them"]]
    lo = g.leave_one_out
    for i in range(p):
        rows.append([Paragraph(t(who[i]), s["cell"]), Paragraph(t(names[int(g.top[i])]), s["cell"]),
                     "yes" if g.leader_holds[i] else "no",
                     Paragraph(t(names[int(lo.orders[i, 0])]) if lo is not None else "–", s["cell"])])
    out.append(KeepTogether([Paragraph("Does the disagreement change the answer?", s["h2"]),
                             _table(rows, [28 * mm, 54 * mm, 32 * mm, 56 * mm])]))
    out.append(Spacer(1, 3))
    out.append(Paragraph(f"Combined leader: {t(names[lead])}. {t(d.sentences['group_loo'])}", s["body"]))

    rows = [["Option", "First choice of", "Participants"]]
    for i in np.lexsort((np.arange(c.m), -g.first_choice)):
        if g.first_choice[i] > 0:
            rows.append([Paragraph(t(names[i]), s["cell"]), str(int(g.first_choice[i])),
                         Paragraph(t(", ".join(who[k] for k in range(p) if g.top[k] == i)), s["cell"])])
    out.append(KeepTogether([Paragraph("First choices", s["h2"]), _table(rows, [85 * mm, 25 * mm, 60 * mm])]))

    mv = g.movement
    if mv is not None and "group_movement" in d.sentences:
        out.append(Paragraph("Movement between rounds", s["h2"]))
        out.append(Paragraph(t(d.sentences["group_movement"]), s["body"]))
        pos = {pid: k for k, pid in enumerate(g.participant_ids)}
        rows = [["Participant", f"Distance, round {mv.from_round}", f"Distance, round {mv.to_round}", "Change"]]
        for k, pid in enumerate(mv.participant_ids):
            rows.append([Paragraph(t(who[pos[pid]]), s["cell"]), f"{mv.before[k]:.3f}", f"{mv.after[k]:.3f}",
                         f"{mv.change[k]:+.3f}"])
        out.append(_table(rows, [60 * mm, 35 * mm, 35 * mm, 25 * mm]))
    return out


def render(d: BriefData) -> bytes:
    """The PDF bytes. The same BriefData gives the same bytes."""
    fonts.register()
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=18 * mm,
                            bottomMargin=20 * mm, title=d.title, author=d.author or "", subject=d.model.title,
                            creator=f"Decision Desk {d.version}", invariant=1, **pdf_info.INITIAL_FONT)

    class Canvas(_NumberedCanvas):
        marking = d.marking
        footer = f"Decision Desk {d.version} · model {d.fingerprint[:16]}… · {d.method}"

        def __init__(self, *args: Any, **kwargs: Any):
            super().__init__(*args, **kwargs)
            pdf_info.stamp(self, d.date)

    doc.build(_story(d), canvasmaker=Canvas)  # the template passes invariant=1 on
    return buf.getvalue()


def texts_of(d: BriefData) -> list[str]:
    """Every piece of model text the brief prints (to check the font can draw it)."""
    m = d.model
    out = [d.title, d.author, d.addressee, d.marking, d.comment, m.title, m.score_status]
    for o in m.options:
        out += [o.name, o.summary] + [s.rationale for s in o.scores.values()]
        out += [cit.quote for s in o.scores.values() for cit in s.citations]
        out += [cit.note or "" for s in o.scores.values() for cit in s.citations]
    for c in m.criteria:
        out += [c.name, c.definition, c.unit] + [a.description for a in c.anchors]
    for s in m.sources:
        out += [s.author, s.title, s.outlet, s.date]
    for p in m.profiles:
        out += [p.name, p.description]
    out += list(d.group_names)
    return [x for x in out if x]


def build_brief(model: DecisionModel, method: str, weights: Array, profile_id: str | None, opts: BriefOptions,
                vikor_v: float | None = None, threads: int = 1) -> tuple[bytes, list[str]]:
    """(PDF bytes, characters the font cannot draw) for a method and weights given apart (`analyse`)."""
    return build_brief_spec(model, opts.spec_for(model, method, weights, profile_id, vikor_v), opts, threads)


def build_brief_spec(model: DecisionModel, spec: AnalysisSpec, opts: BriefOptions,
                     threads: int = 1) -> tuple[bytes, list[str]]:
    """(PDF bytes, characters the font cannot draw): the memo of `model` analysed as `spec`, the one path of
    the window's Export brief and `decision-app brief`."""
    d = analyse_spec(model, spec, opts, threads=threads)
    return render(d), fonts.missing_glyphs(texts_of(d))


def build_brief_for_cli(model: DecisionModel, spec: AnalysisSpec, opts: BriefOptions, output: str | Path,
                        ) -> BriefData:
    """Write the memo of `model` analysed as `spec` to `output` (warning on stderr of characters the font
    cannot draw) and return what it says (its verdict for the command's stdout)."""
    import os
    import sys

    d = analyse_spec(model, spec, opts, threads=min(2, os.cpu_count() or 1))
    pdf, missing = render(d), fonts.missing_glyphs(texts_of(d))
    atomic_write_bytes(output, pdf)
    if missing:
        print(f"decision-app: warning: the font has no glyph for {len(missing)} character(s), shown as boxes: "
              + " ".join(missing), file=sys.stderr)
    return d
