"""What each presentation slide says: one Qt-free description read by the presentation window and the slide
deck PDF alike, so the two never disagree.

`SLIDES` is the slide registry, one `SlideSpec` per slide (key, title, builder, visible-when); a slide of
another kind (the workshop's group slides) is one more record, added with `register`. A builder reads a
`SlideContext` (the core `Snapshot` of one state, its uncertainty attached) and returns `SlideContent`:
a title, a few lines of text, and at most one chart (`Bars` or `Lines`) or a list of `Block`s. Every figure
comes from the snapshot; nothing here recomputes one. `plan` applies the facilitator's order and hidden
slides (the session's `slides`). No Qt, no reportlab.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from decision_app.core.answer import NEAREST_WEIGHT, SETTLE_HEADING, WORKING_OUT, Answer
from decision_app.core.compiled import CompiledModel, compile_model, normalize_weights
from decision_app.core.document import AnalysisSpec
from decision_app.core.document import weights_source as source_words
from decision_app.core.engine import Analysis
from decision_app.core.errors import EngineError
from decision_app.core.group import GroupAnalysis, analyse_group, model_rounds, participants_from_model
from decision_app.core.group_answer import GroupAnswer, group_answer
from decision_app.core.methods import Array, get_method
from decision_app.core.schema import DecisionModel, SlideChoice
from decision_app.core.sensitivity import SWEEP_POINTS
from decision_app.core.snapshot import Snapshot, Uncertainty, session_uncertainty, take_snapshot
from decision_app.core.verdict import first_words
from decision_app.report import projector as theme
from decision_app.report.analysis import group_sentences


@dataclass(frozen=True)
class Block:
    """A paragraph of a list slide: `head` (bold when a `body` follows), an optional `body`, an optional
    colour swatch."""

    head: str
    body: str = ""
    swatch: str | None = None


@dataclass(frozen=True)
class BarRow:
    label: str  # the full text; the layout wraps it, never cuts it
    segments: tuple[tuple[float, str], ...]  # (length, colour) from zero outwards; negative lengths go left
    value_text: str  # printed at the bar's end: the label on the data
    emphasis: bool = False
    span: tuple[float, float] | None = None  # a range drawn as a whisker over the bar (the group's min to max)


@dataclass(frozen=True)
class Bars:
    rows: tuple[BarRow, ...]
    lo: float
    hi: float
    selected: int = -1  # a row drawn outlined (the weights slide's chosen criterion)
    header: tuple[tuple[float, str], ...] = ()  # labels over the first row's segments: (segment centre, text)


@dataclass(frozen=True)
class Series:
    label: str
    ys: tuple[float, ...]
    color: str
    emphasis: bool = True


@dataclass(frozen=True)
class Lines:
    xs: tuple[float, ...]
    series: tuple[Series, ...]  # the emphasised ones last (drawn on top), labelled at their right end
    x_label: str
    marker_x: float  # the current weight
    marker_text: str
    tip: tuple[float, float, str] | None = None  # (x, y, label) of the tipping point


@dataclass(frozen=True)
class SlideContent:
    key: str
    title: str
    lines: tuple[str, ...] = ()
    blocks: tuple[Block, ...] = ()
    chart: Bars | Lines | None = None
    big_title: bool = False  # the title slide


HIDDEN_TEXT = "Values are hidden until the facilitator reveals them (R)"


@dataclass(frozen=True)
class GroupView:
    """The workshop as the group slides see it: the roster's anonymous codes, who has entered the latest
    round, and the one `analyse_group` call for that round (None, with the reason, when it cannot be made).
    Codes only: participants' labels never reach a slide."""

    codes: tuple[str, ...]  # the roster, in the model's order
    round: int  # the latest round anyone has entered; 0 before anyone has
    entered: tuple[str, ...]  # the codes of those who have entered it
    analysis: GroupAnalysis | None
    error: str = ""
    answer: GroupAnswer | None = None  # the group's answer (ranking under the combined weights, its verdicts)

    @property
    def silent(self) -> bool:
        """A silent round: not every roster member has entered the latest round yet."""
        return len(self.entered) < len(self.codes)

    @property
    def counter(self) -> str:
        if not self.round:
            return f"0 of {len(self.codes)} have entered their weights"
        return f"{len(self.entered)} of {len(self.codes)} have entered round {self.round}"


def group_view(model: DecisionModel, analysis: Analysis, method: str, rule: str = "mean",
               round: int | None = None) -> GroupView | None:
    """None without participants; otherwise the roster, the round (`round`, else the latest) and its group
    analysis combined by `rule`."""
    if not model.participants:
        return None
    codes = tuple(p.code for p in model.participants)
    rounds = model_rounds(model)
    if not rounds:
        return GroupView(codes, 0, (), None, "No one has entered weights yet.")
    latest = round if round in rounds else rounds[-1]
    codes = tuple(p.code for p in model.participants if p.expected(latest))  # the absent are not waited for
    entered = tuple(p.code for p in model.participants if any(r.round == latest for r in p.rounds))
    try:
        g = analyse_group(analysis, method, participants_from_model(model), rule=rule, round=latest)
    except EngineError as exc:
        return GroupView(codes, latest, entered, None, f"The group's weights cannot be combined: {exc}")
    return GroupView(codes, latest, entered, g, answer=_answer(model, analysis, g))


_ANSWERS: list[tuple[DecisionModel, str, GroupAnswer]] = []  # the last few: a presenter refreshes on every move


def _answer(model: DecisionModel, analysis: Analysis, g: GroupAnalysis) -> GroupAnswer:
    """The group's answer for `g`, computed once per model and method (its verdicts draw thousands of times)."""
    for m, method, ans in _ANSWERS:
        if m is model and method == g.method and ans.rule == g.rule and ans.round == g.round:
            return ans
    ans = group_answer(analysis, g, model, session_uncertainty(model.session))
    _ANSWERS.insert(0, (model, g.method, ans))
    del _ANSWERS[4:]
    return ans


@dataclass(frozen=True)
class SlideContext:
    """One state as the slides see it: the snapshot (every criterion's sensitivity, uncertainty attached if
    there is one), what the facilitator has selected, and the workshop's group (None without participants)
    with whether its values are revealed during a silent round."""

    model: DecisionModel
    compiled: CompiledModel
    snapshot: Snapshot
    selected_criterion: int = 0
    date: str = ""
    group: GroupView | None = None
    reveal: bool = True  # during a silent round the group's values show only when revealed
    analysis_spec: AnalysisSpec | None = None  # a deck's: the title slide says where each setting came from
    answer: Answer | None = None  # the verdict and what would change it (core.answer); None while it is computed

    @property
    def marking(self) -> str:
        return self.model.classification


def slide_context(model: DecisionModel, compiled: CompiledModel, analysis: Analysis, method: str, weights: Array,
                  profile_id: str | None, uncertainty: Uncertainty | None = None, selected_criterion: int = 0,
                  date: str = "", reveal: bool = True) -> SlideContext:
    """The core snapshot of a state with what the slides need beyond the workbench's (every criterion's
    tipping points, the decisive one swept on the brief's grid), and the group's analysis under the method
    shown."""
    snap = take_snapshot(analysis, method, np.asarray(weights, dtype=float), profile_id=profile_id,
                         sweep_criterion=None, sweep_t=np.linspace(0.0, 1.0, SWEEP_POINTS), all_criteria=True,
                         display_fallback=True, uncertainty=uncertainty)
    return SlideContext(model, compiled, snap, selected_criterion, date, group_view(model, analysis, snap.method),
                        reveal)


def context_for_model(model: DecisionModel, method: str, weights: Array, profile_id: str | None,
                      uncertainty: Uncertainty | None, date: str = "", reveal: bool = True) -> SlideContext:
    c = compile_model(model)
    return slide_context(model, c, Analysis(c), method, normalize_weights(np.asarray(weights, dtype=float)),
                         profile_id, uncertainty, 0, date, reveal)


def spec_context(model: DecisionModel, compiled: CompiledModel, analysis: Analysis, spec: AnalysisSpec,
                 uncertainty: Uncertainty | None, selected_criterion: int = 0, date: str = "",
                 reveal: bool = True, deck: bool = False, answer: Answer | None = None) -> SlideContext:
    """The slides of `model` analysed as `spec` (its weights as they are, its group rule and round) with its
    `answer` (`core.answer`, for the ranking slide's title and the what-would-change slide); a `deck`'s title
    slide says where each setting came from."""
    snap = take_snapshot(analysis, spec.method, spec.weights, profile_id=spec.profile, sweep_criterion=None,
                         sweep_t=np.linspace(0.0, 1.0, SWEEP_POINTS), all_criteria=True, display_fallback=True,
                         uncertainty=uncertainty)
    group = group_view(model, analysis, snap.method, spec.group_rule, spec.group_round)
    return SlideContext(model, compiled, snap, selected_criterion, date, group, reveal, spec if deck else None, answer)


# --- the slides ---------------------------------------------------------------------------------------


def _authors(ctx: SlideContext, source_ids: Sequence[str]) -> str:
    names = []
    for sid in source_ids:
        src = ctx.model.source(sid)
        names.append(src.author if src is not None else sid)
    return " and ".join(names)


def title_slide(ctx: SlideContext) -> SlideContent:
    m = ctx.model
    meta = " · ".join(x for x in (m.author, ctx.date) if x)
    lines = tuple(x for x in (m.description, meta) if x)
    if ctx.analysis_spec is not None:
        lines += tuple(f"{k}: {v}" for k, v in ctx.analysis_spec.settings_lines(ctx.compiled))
    return SlideContent("title", m.title, lines, big_title=True)


def options_slide(ctx: SlideContext) -> SlideContent:
    blocks = tuple(Block(f"{o.name} \u2014 {_authors(ctx, o.sources)}" if o.sources else o.name)
                   for o in ctx.model.options)
    return SlideContent("options", f"The {len(blocks)} options, and the essays they come from", (), blocks)


def criteria_slide(ctx: SlideContext) -> SlideContent:
    blocks = tuple(Block(c.name + (" (lower is better)" if c.direction == "cost" else ""), c.definition,
                         theme.criterion_color(j)) for j, c in enumerate(ctx.model.criteria))
    return SlideContent("criteria", f"What we judge them on: {len(blocks)} criteria", (), blocks)


def weights_source(ctx: SlideContext) -> str:
    """Where the weights came from, in core's words (`document.weights_source`)."""
    pid = ctx.snapshot.profile_id
    return source_words(ctx.compiled.profile_names[pid] if pid is not None and pid in ctx.compiled.profile_names
                        else None)


def weights_slide(ctx: SlideContext) -> SlideContent:
    c, w = ctx.compiled, ctx.snapshot.weights
    if ctx.model.objectives:
        return _tree_weights_slide(ctx)
    rows = tuple(BarRow(c.criterion_labels[j], ((float(w[j]), theme.criterion_color(j)),), f"{w[j]:.0%}",
                        emphasis=j == ctx.selected_criterion) for j in range(c.n))
    return SlideContent("weights", "How much each criterion counts",
                        (f"Weights: {weights_source(ctx)}.",),
                        chart=Bars(rows, 0.0, max(float(np.max(w)), 1e-9), selected=ctx.selected_criterion))


def _tree_weights_slide(ctx: SlideContext) -> SlideContent:
    """The weights as the value tree: each objective (bold, in its colour on the window's ranking by objective)
    above what it groups, indented; an objective's bar is the sum of its criteria's."""
    from decision_app.core.tree import build_tree, item_weights

    c, tree = ctx.compiled, build_tree(ctx.model)
    total = item_weights(tree, ctx.snapshot.weights)
    rows: list[BarRow] = []
    selected = -1
    for i in tree.walk():
        top = next(t for t in tree.top if tree.ancestors[i, t])
        is_node = i < tree.n_nodes
        j = i - tree.n_nodes
        colour = theme.criterion_color(c.n + tree.top.index(top)) if is_node else theme.criterion_color(j)
        if not is_node and j == ctx.selected_criterion:  # j is negative for an objective: -1 is no criterion
            selected = len(rows)
        label = "\u00b7 " * (int(tree.depth[i]) - 1) + (tree.short[i] if is_node else c.criterion_labels[j])  # a dot a level
        rows.append(BarRow(label, ((float(total[i]), colour),), f"{total[i]:.0%}", emphasis=is_node))
    return SlideContent("weights", "How much each objective and criterion counts",
                        (f"Weights: {weights_source(ctx)}; an objective counts as much as its criteria together.",),
                        chart=Bars(tuple(rows), 0.0, max(float(np.max(total)), 1e-9), selected=selected))


def lead_sentence(ctx: SlideContext) -> str:
    s, c = ctx.snapshot, ctx.compiled
    spec = get_method(s.method)
    lead = s.leader()
    tied = [int(i) for i in s.order if s.ranks[i] == 1]
    if len(tied) > 1:
        return f"{' and '.join(c.option_names[i] for i in tied)} tie for first place."
    if c.m < 2:
        return f"{c.option_names[lead]} is the only option."
    second = int(s.order[1])
    margin = abs(float(s.scores[lead] - s.scores[second]))
    return (f"{c.option_names[lead]} leads, {margin:.3f} {'above' if s.higher_is_better else 'below'} "
            f"{c.option_names[second]} ({spec.score_label}, {spec.in_sentence}).")


def ranking_slide(ctx: SlideContext) -> SlideContent:
    s, c = ctx.snapshot, ctx.compiled
    spec = get_method(s.method)
    rows = []
    for i in s.order:
        lead = s.ranks[i] == 1
        rows.append(BarRow(f"{s.ranks[i]}. {c.option_labels[i]}",  # option i in option i's colour, everywhere
                           ((float(s.scores[i]), theme.option_color(int(i))),),
                           f"{s.scores[i]:.3f}", emphasis=bool(lead)))
    lo = min(0.0, float(np.min(s.scores)))
    lines = [lead_sentence(ctx)]
    title = "The ranking"
    if ctx.answer is not None and ctx.answer.verdict.leader == s.leader():
        title = ctx.answer.headline(c.option_labels)  # the whole sentence opens "What would change the answer"
    if not s.higher_is_better:
        lines.append(f"{spec.label}: a lower {spec.score_label} is better.")
    if s.unavailable is not None:
        lines.append(f"{get_method(s.requested_method).label} cannot rank this model ({s.unavailable}); "
                     f"shown: {spec.in_sentence}.")
    return SlideContent("ranking", title, tuple(lines), chart=Bars(tuple(rows), lo, float(np.max(s.scores))))


CHANGES_SHOWN = 2  # entries of "What would change the answer" on its slide (after the verdict sentence)


def changes_slide(ctx: SlideContext) -> SlideContent:
    a = ctx.answer
    if a is None or not a.complete:
        return SlideContent("changes", SETTLE_HEADING, ("The uncertainty analysis is still running.",))
    near = a.nearest(CHANGES_SHOWN)
    if not near:
        return SlideContent("changes", SETTLE_HEADING, (a.sentence, a.settle_sentence()))
    blocks = tuple(Block(f"{k + 1}. {p.sentence}") for k, p in enumerate(near))
    more = len(a.changes) - len(near)
    lines = (a.sentence, "The nearest single changes of a score or a weight that change who leads"
             + (f" ({more} more further away):" if more > 0 else ":"))
    return SlideContent("changes", SETTLE_HEADING, lines, blocks)


def why_slide(ctx: SlideContext) -> SlideContent:
    s, c = ctx.snapshot, ctx.compiled
    lead = s.leader()
    title = f"Why {c.option_labels[lead]} leads"
    if c.m < 2:
        return SlideContent("why", title, ("It is the only option.",))
    second = int(s.order[1])
    if s.contributions is None:
        return SlideContent("why", title, (f"The {get_method(s.method).in_sentence} method does not split a score "
                                           "into parts per criterion; the weighted sum and PROMETHEE II do.",))
    diff = s.contributions[lead] - s.contributions[second]
    order = np.argsort(-diff, kind="stable")
    rows = tuple(BarRow(c.criterion_labels[j], ((float(diff[j]), theme.criterion_color(int(j))),), f"{diff[j]:+.3f}")
                 for j in order)
    best, worst = int(order[0]), int(order[-1])
    lines = [f"Where it gains and loses against {c.option_names[second]}, criterion by criterion "
             "(weighted contributions)."]
    if diff[best] > 0:
        lines.append(f"Its largest advantage: {c.criterion_names[best]} ({diff[best]:+.3f}).")
    if diff[worst] < 0:
        lines.append(f"Its largest disadvantage: {c.criterion_names[worst]} ({diff[worst]:+.3f}).")
    lo, hi = min(0.0, float(diff.min())), max(0.0, float(diff.max()))
    return SlideContent("why", title, tuple(lines), chart=Bars(rows, lo, hi if hi > lo else lo + 1e-9))


def tipping_sentence(ctx: SlideContext) -> str:
    """The nearest weight change, in the words of "What would change the answer" (`Answer.weight_change_sentence`,
    the memo's too)."""
    a = ctx.answer
    return a.weight_change_sentence() if a is not None else f"{NEAREST_WEIGHT}: {WORKING_OUT}"


def sensitivity_slide(ctx: SlideContext) -> SlideContent:
    s, c = ctx.snapshot, ctx.compiled
    k, tip = s.decisive()
    shown = [int(i) for i in s.order[: min(3, c.m)]]
    if tip is not None:
        for i in (tip.before, tip.after):
            if i not in shown:
                shown.append(i)
    xs = tuple(float(x) for x in s.sweep_t)
    others = tuple(Series("", tuple(float(v) for v in s.sweep_scores[:, i]), theme.OTHER, False)
                   for i in range(c.m) if i not in shown)
    named = tuple(Series(c.option_labels[i], tuple(float(v) for v in s.sweep_scores[:, i]), theme.option_color(i))
                  for i in shown)
    tip_mark = None
    if tip is not None:
        y = float(np.interp(tip.weight, s.sweep_t, s.sweep_scores[:, tip.after]))
        tip_mark = (float(tip.weight), y, f"tipping point {tip.weight:.2f}")
    lines = (tipping_sentence(ctx), "Grey lines: the other options; the others' weights rescale in proportion.")
    return SlideContent("sensitivity", f"The decisive criterion: {c.criterion_labels[k]}", lines,
                        chart=Lines(xs, others + named, f"weight of {c.criterion_labels[k]}", float(s.weights[k]),
                                    f"now {s.weights[k]:.2f}", tip_mark))


def uncertainty_slide(ctx: SlideContext) -> SlideContent:
    s, c = ctx.snapshot, ctx.compiled
    title = "How sure: rank acceptability under uncertainty"
    u = s.uncertainty
    if u is None:
        return SlideContent("uncertainty", title, ("The uncertainty analysis is still running.",))
    acc = u.result.acceptability
    order = np.lexsort((np.arange(c.m), -acc[:, 0]))
    ranks = len(theme.RANK_COLORS)
    rows = []
    for i in order:
        segs = [(float(acc[i, r]), theme.RANK_COLORS[r]) for r in range(min(ranks, c.m))]
        rest = float(acc[i, ranks:].sum()) if c.m > ranks else 0.0
        segs.append((rest, theme.RANK_REST))
        rows.append(BarRow(c.option_labels[i], tuple(segs), first_words(acc[i, 0]), emphasis=bool(i == order[0])))
    left, header = 0.0, []
    for r, (v, _col) in enumerate(rows[0].segments):
        header.append((left + v / 2, ("1st", "2nd", "3rd", "lower")[r] if r <= ranks else ""))
        left += v
    st = u.settings
    draws = (f"within \u00b1{st.spread:.2f} of these" if st.weights_mode == "around" else "drawn at random")
    scores = "fixed" if st.scores_mode == "fixed" else "drawn within their ranges"
    lines = [f"Share of {u.result.samples:,} draws in which each option ranks first, second, third (brightest "
             f"first), with weights {draws} and scores {scores}."]
    if not s.uncertainty_is_current():
        lines.append("Updating for the current weights\u2026")
    return SlideContent("uncertainty", title, tuple(lines), chart=Bars(tuple(rows), 0.0, 1.0, header=tuple(header)))


# --- the group slides (a workshop with participants) -----------------------------------------------------


def has_group(ctx: SlideContext) -> bool:
    return ctx.group is not None


def values_hidden(ctx: SlideContext) -> bool:
    """During a silent round the group's values stay hidden until the facilitator reveals them."""
    return ctx.group is not None and ctx.group.silent and not ctx.reveal


def _group_or_hidden(ctx: SlideContext, key: str, title: str) -> tuple[GroupAnalysis | None, SlideContent | None]:
    """The group analysis, or the slide to show instead (values hidden, or no analysis)."""
    g = ctx.group
    assert g is not None
    if values_hidden(ctx):
        return None, SlideContent(key, title, (f"{g.counter}.", f"{HIDDEN_TEXT}."))
    if g.analysis is None:
        return None, SlideContent(key, title, (g.error,))
    return g.analysis, None


def _partial(ctx: SlideContext, lines: tuple[str, ...]) -> tuple[str, ...]:
    """A revealed partial round says so on every group slide: "3 of 5 have entered round 2" first."""
    g = ctx.group
    return (f"{g.counter}: a partial round.", *lines) if g is not None and g.silent else lines


def _codes(g: GroupAnalysis, ctx: SlideContext) -> tuple[str, ...]:
    by_id = {p.id: p.code for p in ctx.model.participants}
    return tuple(by_id[pid] for pid in g.participant_ids)


def group_round_slide(ctx: SlideContext) -> SlideContent:
    g = ctx.group
    assert g is not None
    lines: list[str] = [] if g.round else [g.error]
    waiting = [c for c in g.codes if c not in g.entered]
    if g.round and waiting:
        lines.append(f"Still to enter: {', '.join(waiting)}.")
        if not ctx.reveal:
            lines.append(f"{HIDDEN_TEXT}.")
    elif g.round:
        lines.append("Everyone has entered; the group's values are shown.")
    return SlideContent("group-round", g.counter, tuple(lines), big_title=True)


def group_weights_slide(ctx: SlideContext) -> SlideContent:
    title = "The group's weights, and how far apart they are"
    g, instead = _group_or_hidden(ctx, "group-weights", title)
    if g is None:
        return instead or SlideContent("group-weights", title)
    c, w, sp = ctx.compiled, g.combined.weights, g.spread
    rows = tuple(BarRow(c.criterion_labels[j], ((float(w[j]), theme.criterion_color(j)),),
                        f"{w[j]:.0%} ({sp.min[j]:.0%}\u2013{sp.max[j]:.0%})", span=(float(sp.min[j]), float(sp.max[j])))
                 for j in range(c.n))
    p = len(g.participant_ids)
    lines = (f"Bars: the combined weights (mean of {p} participants, round {g.round}); "
             "lines and brackets: the lowest to the highest weight any of them gave.",)
    return SlideContent("group-weights", title, _partial(ctx, lines),
                        chart=Bars(rows, 0.0, max(float(np.max(sp.max)), float(np.max(w)), 1e-9)))


def group_first_slide(ctx: SlideContext) -> SlideContent:
    title = "Whose first choice is which option"
    g, instead = _group_or_hidden(ctx, "group-first", title)
    if g is None:
        return instead or SlideContent("group-first", title)
    c, counts, p = ctx.compiled, g.first_choice, len(g.participant_ids)
    order = np.lexsort((np.arange(c.m), -counts))
    top = int(counts.max())
    rows = tuple(BarRow(c.option_labels[i], ((float(counts[i]), theme.option_color(int(i))),), f"{int(counts[i])} of {p}",
                        emphasis=bool(counts[i] == top)) for i in order)
    lines = (f"How many of the {p} participants (round {g.round}) rank each option first under their own "
             "weights.",)
    return SlideContent("group-first", title, _partial(ctx, lines), chart=Bars(rows, 0.0, float(max(top, 1))))


GROUP_RESULT_ROWS = 5


def group_result_slide(ctx: SlideContext) -> SlideContent:
    """The group's own answer: the ranking under the combined weights, with its verdicts and the count."""
    title = "The group's answer"
    view = ctx.group
    g, instead = _group_or_hidden(ctx, "group-result", title)
    if g is None or view is None or view.answer is None:
        return instead or SlideContent("group-result", title)
    ans, c = view.answer, ctx.compiled
    shown = ans.order[:GROUP_RESULT_ROWS]  # the top of the ranking: legible at the back of the room
    rows = tuple(BarRow(f"{int(g.combined.ranks[i])}. {c.option_labels[i]}",
                        ((float(ans.scores[i]), theme.option_color(int(i))),), f"{ans.scores[i]:.3f}",
                        emphasis=bool(i == ans.leader)) for i in shown)
    lines = ans.short_lines(c.option_labels)  # the room reads few words; the brief says it in full
    if len(ans.order) > len(shown):
        lines.append(f"Shown: the first {len(shown)} of {len(ans.order)} options under the combined weights.")
    lo = min(0.0, float(np.min(ans.scores)))
    how = {"robust": "", "likely": " (likely)", "too_close": " — too close to call"}[ans.combined.kind]
    return SlideContent("group-result", f"{title}: {c.option_labels[ans.leader]}{how}", tuple(lines),
                        chart=Bars(rows, lo, float(np.max(ans.scores))))


def group_answer_slide(ctx: SlideContext) -> SlideContent:
    title = "Does the disagreement change the answer?"
    g, instead = _group_or_hidden(ctx, "group-answer", title)
    if g is None:
        return instead or SlideContent("group-answer", title)
    codes = _codes(g, ctx)
    names = ctx.compiled.option_names
    sentence = group_sentences(g, names, codes)["group_matters"]  # said once, naming the answer it changes
    return SlideContent("group-answer", title, _partial(ctx, (sentence,)))


# --- the registry ---------------------------------------------------------------------------------------


def _always(_ctx: SlideContext) -> bool:
    return True


@dataclass(frozen=True)
class SlideSpec:
    """One slide: its key (saved in the session), its title in lists, what it says, and when it exists."""

    key: str
    title: str
    build: Callable[[SlideContext], SlideContent]
    visible_when: Callable[[SlideContext], bool] = _always


SLIDES: list[SlideSpec] = [
    SlideSpec("title", "Title and question", title_slide),
    SlideSpec("options", "The options", options_slide),
    SlideSpec("criteria", "The criteria", criteria_slide),
    SlideSpec("weights", "The weights", weights_slide),
    SlideSpec("ranking", "The ranking", ranking_slide),
    SlideSpec("why", "Why the leader leads", why_slide, lambda ctx: ctx.compiled.m > 1),
    SlideSpec("sensitivity", "The decisive criterion", sensitivity_slide),
    SlideSpec("uncertainty", "Rank acceptability", uncertainty_slide),
    SlideSpec("changes", SETTLE_HEADING, changes_slide),
    # the workshop's group, when the model has participants
    SlideSpec("group-round", "The group's round", group_round_slide, has_group),
    SlideSpec("group-weights", "The group's weights and spread", group_weights_slide, has_group),
    SlideSpec("group-first", "First choices in the group", group_first_slide, has_group),
    SlideSpec("group-result", "The group's answer", group_result_slide, has_group),
    SlideSpec("group-answer", "Does the disagreement change the answer", group_answer_slide, has_group),
]


def register(spec: SlideSpec, after: str | None = None) -> None:
    """Add a slide to the registry (at the end, or after the slide keyed `after`); a key is registered once."""
    if any(s.key == spec.key for s in SLIDES):
        raise ValueError(f'a slide keyed "{spec.key}" is already registered')
    keys = [s.key for s in SLIDES]
    SLIDES.insert(keys.index(after) + 1 if after in keys else len(SLIDES), spec)


def spec(key: str) -> SlideSpec:
    for s in SLIDES:
        if s.key == key:
            return s
    raise KeyError(f'no slide "{key}" (known: {", ".join(s.key for s in SLIDES)})')


def arrangement(choices: Sequence[SlideChoice] | None) -> list[tuple[SlideSpec, bool]]:
    """Every registered slide in the facilitator's order with whether it is shown: the listed ones first, in
    their order (unknown keys skipped), then those not listed in registry order, shown."""
    listed = [(spec(ch.key), not ch.hidden) for ch in choices or () if any(s.key == ch.key for s in SLIDES)]
    seen = {s.key for s, _ in listed}
    return listed + [(s, True) for s in SLIDES if s.key not in seen]


def plan(choices: Sequence[SlideChoice] | None, ctx: SlideContext) -> list[SlideSpec]:
    """The slides shown, in order: arranged, not hidden, and visible for this state."""
    return [s for s, shown in arrangement(choices) if shown and s.visible_when(ctx)]


def choices_from(arranged: Sequence[tuple[str, bool]]) -> list[SlideChoice] | None:
    """What a session saves for an arrangement of (key, shown): None when it is the registry's own."""
    if [k for k, _ in arranged] == [s.key for s in SLIDES] and all(shown for _, shown in arranged):
        return None
    return [SlideChoice(key=k, hidden=not shown) for k, shown in arranged]
