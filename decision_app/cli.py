"""The headless command line: ``decision-app COMMAND ...``.

This module never imports Qt or the window: ``open`` and ``--selftest`` are routed to the GUI by
``decision_app.launcher``, which is what the ``decision-app`` program runs. Bad input of any kind exits with
status 2 and a message naming the file and the place; there is never a traceback for it. An unexpected
exception (a bug) writes its traceback to the app's log (`decision_app.app_log`), prints one line naming the
log and exits with status 1.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np

from decision_app import __version__
from decision_app.core.document import origin_words
from decision_app.core.errors import EngineError, InputError, Problem
from decision_app.core.group import RULES as GROUP_RULES
from decision_app.core.group import branch_spread_payload
from decision_app.core.limits import number_problem
from decision_app.core.methods import DEFAULT_METHOD, METHOD_NAMES, METHODS
from decision_app.core.schema import SEED_MAX
from decision_app.core.smaa import parse_order
from decision_app.core.snapshot import least_total

if TYPE_CHECKING:
    from collections.abc import Callable

    from decision_app.core.answer import Answer
    from decision_app.core.compiled import CompiledModel
    from decision_app.core.document import AnalysisSpec
    from decision_app.core.engine import Analysis
    from decision_app.core.group import GroupAnalysis
    from decision_app.core.schema import DecisionModel
    from decision_app.core.snapshot import Snapshot, UncertaintySettings
    from decision_app.core.tree import ValueTree

EXIT_BAD_INPUT = 2
AUDIT_TIPPING_SHOWN = 5  # what would change the answer: the nearest few in audit's text
T = TypeVar("T")


def _add_weights_args(p: argparse.ArgumentParser, with_method: bool = True) -> None:
    g = p.add_mutually_exclusive_group()
    g.add_argument("--profile", metavar="ID", help="weight profile id from the model (default: the weights saved "
                   "with the file, else its first profile)")
    g.add_argument("--weights", metavar="ID=W,...",
                   help="explicit weights, e.g. casualties=3,escalation_risk=2 (unlisted criteria get 0; "
                        "normalised to sum 1); in a model with a value tree an objective's id sets that branch's total, "
                        "its criteria keeping the proportions of the profile in use")
    if with_method:
        _add_method_arg(p)
        p.add_argument("--vikor-v", type=float, metavar="V",
                       help="VIKOR weight of group utility versus regret, 0..1 (default: the file's, else 0.5)")


def _add_method_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--method", metavar="NAME",
                   help="aggregation method: " + ", ".join(n + " (default)" * (n == DEFAULT_METHOD) for n in METHOD_NAMES)
                   + "; default: the method saved with the file")


def _add_uncertainty_args(p: argparse.ArgumentParser, participants: bool = True) -> None:
    """SMAA flags and the agreed constraints on the weights. Each one not given takes the model's session
    setting, else the app's default (the window's), so a saved analysis gives the same uncertainty in the
    window, the brief and here. `participants`: add --participants (a command that has its own does not)."""
    g = p.add_argument_group("uncertainty (SMAA-2); defaults: the model's session settings, else the app's")
    g.add_argument("--samples", type=int, metavar="N", help="Monte Carlo samples")
    g.add_argument("--seed", type=int, metavar="S", help="random seed")
    g.add_argument("--weights-mode", choices=("uniform", "around", "ordered", "participants"),
                   help="uniform on the simplex, around the current weights (+/- --spread), obeying --order, or "
                        "mixes of the participants' weights (as --participants)")
    g.add_argument("--spread", type=float, metavar="X", help="with --weights-mode around: half-width of the "
                   "weight interval")
    g.add_argument("--order", metavar="A>=B,...",
                   help="an agreed order of importance that every drawn weight obeys (in any weights mode), chains "
                        "such as casualties>=escalation_risk>=feasibility; with a value tree, objective ids too "
                        "(an objective weighs the sum of its criteria), e.g. security>=ukraine")
    g.add_argument("--bounds", metavar="ID=LO..HI,...",
                   help="agreed bounds on a weight, as shares or percentages of the whole, e.g. "
                        "territorial_integrity=5%%..15%%, or an objective's id (the sum of its criteria's weights); "
                        "every drawn weight and the verdict obey them")
    if participants:
        g.add_argument("--participants", nargs="*", metavar="TABLE",
                       help="the weights are mixes of the workshop's participants' weights (their convex hull; the "
                            "round saved with the file, else the latest); points tables given here replace the "
                            "participants stored in the model")
    g.add_argument("--scores-mode", choices=("fixed", "uniform", "triangular"),
                   help="sample scores within their low..high ranges (uniform, triangular), or keep them fixed")


def _add_direction_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--direction", action="append", default=[], metavar="NAME=DIR",
                   help="direction of a spreadsheet's criterion that has none (no #direction row): benefit (more is "
                        "better) or cost (less is better); repeat for each criterion, e.g. --direction Risk=cost")
    p.add_argument("--notes-column", action="append", default=[], metavar="NAME",
                   help="a spreadsheet's column of text that holds notes on the options, not scores: kept as each "
                        "option's summary; repeat for each such column (a column headed with a common word for "
                        "notes, such as Notes, Kommentar or Remarques, is taken as notes without it)")


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="decision-app",
        description="Decision Desk: compare policy options against weighted criteria, offline. "
        "MODEL may be a decision-model .json file or a .csv/.xlsx spreadsheet.",
        epilog="Exit status: 0 on success, 2 on bad input (the message names the file and the place).",
    )
    ap.add_argument("--version", action="version", version=f"Decision Desk {__version__}")
    ap.add_argument("--selftest", metavar="FOLDER",
                    help="open the main window offscreen, render every view to PNG files in FOLDER, and exit")
    sub = ap.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("validate", help="check model files or spreadsheets; one message per problem")
    p.add_argument("files", nargs="+", metavar="FILE")
    _add_direction_arg(p)

    p = sub.add_parser("score", help="rank the options")
    p.add_argument("model", metavar="MODEL")
    _add_weights_args(p)
    p.add_argument("--json", action="store_true", help="print the ranking as JSON, with the verdict and what would "
                   "change the answer")
    _add_uncertainty_args(p)

    p = sub.add_parser("sensitivity", help="tipping points and stability interval of every criterion's weight")
    p.add_argument("model", metavar="MODEL")
    _add_weights_args(p)
    p.add_argument("--json", action="store_true", help="print JSON")

    p = sub.add_parser("uncertainty", help="SMAA-2 rank acceptability under weight and score uncertainty")
    p.add_argument("model", metavar="MODEL")
    _add_weights_args(p)
    _add_uncertainty_args(p)
    p.add_argument("--json", action="store_true", help="print JSON")

    p = sub.add_parser("import", help="convert a .csv/.xlsx spreadsheet into a decision-model .json file")
    p.add_argument("table", metavar="TABLE")
    p.add_argument("-o", "--output", required=True, metavar="MODEL.json")
    _add_direction_arg(p)

    p = sub.add_parser("export", help="write a model as a .xlsx workbook (the whole model) or a .csv (the matrix)")
    p.add_argument("model", metavar="MODEL")
    p.add_argument("-o", "--output", required=True, metavar="TABLE")
    p.add_argument("--profile", metavar="ID", help="profile whose weights fill the #weight row (default: first)")
    p.add_argument("--decimal-comma", action="store_true",
                   help="write a .csv with ; separators and decimal commas, as Excel does where the decimal separator "
                        "is a comma (default: a .csv MODEL's own way, else , and decimal points)")
    _add_direction_arg(p)

    p = sub.add_parser("brief", help="write the briefing memo as PDF")
    p.add_argument("model", metavar="MODEL")
    p.add_argument("-o", "--output", required=True, metavar="memo.pdf")
    _add_weights_args(p)
    p.add_argument("--title", help="memo title (default: the model's title)")
    p.add_argument("--author", help="author (default: the model's author)")
    p.add_argument("--addressee", default="", help="to whom the memo is addressed")
    p.add_argument("--marking", help="classification marking (default: the model's)")
    p.add_argument("--date", help="date YYYY-MM-DD (default: today); fixes the output byte for byte")
    p.add_argument("--top", type=int, default=3, metavar="N", help="options described in detail (default 3)")
    _add_uncertainty_args(p)
    p.add_argument("--comment", default="", help="analyst's comment for the appendix")
    g = p.add_argument_group("participants (a model with a workshop's weights gets a group section)")
    g.add_argument("--group-rule", choices=GROUP_RULES,
                   help="how the participants' weights are combined (default: the file's, else mean; aij needs "
                        "everyone's AHP judgements)")
    g.add_argument("--round", type=int, metavar="N", help="the participants' round to report (default: the round "
                   "saved with the file, else the latest)")
    g.add_argument("--participant-names", action="store_true",
                   help="print participants' names beside their anonymous codes (default: codes only)")

    p = sub.add_parser("participants", help="a workshop's weights: printable forms, and points tables into the model")
    psub = p.add_subparsers(dest="participants_command", metavar="ACTION", required=True)
    q = psub.add_parser("form", help="weighting forms to fill in: one PDF page per participant, or a workbook")
    q.add_argument("model", metavar="MODEL")
    q.add_argument("-o", "--output", required=True, metavar="form.pdf|form.xlsx")
    g = q.add_mutually_exclusive_group()
    g.add_argument("--count", type=int, metavar="N", help="forms for N new participants, coded after the model's "
                   "(default 1)")
    g.add_argument("--codes", metavar="P1,P2,...", help="forms for these participant codes")
    q.add_argument("--round", type=int, metavar="N", help="round printed on the forms (default: each participant's "
                   "next round; 1 for someone new)")
    q.add_argument("--level", type=int, metavar="N", help="points per objective at level N of the value tree (1: the "
                   "top objectives), each objective's points splitting over its criteria as the current weights "
                   "split it, said on the form (default: points per criterion)")
    q = psub.add_parser("import", help="add participants' points from .csv/.xlsx tables (or filled-in forms) to a "
                        "model")
    q.add_argument("model", metavar="MODEL")
    q.add_argument("tables", nargs="+", metavar="TABLE", help="header participant,<criterion id or name>,... with "
                   "optional round and note columns; one row per participant")
    q.add_argument("-o", "--output", required=True, metavar="OUT.json")

    p = sub.add_parser("group", help="combine and compare participants' weights")
    p.add_argument("model", metavar="MODEL")
    p.add_argument("--participants", nargs="+", metavar="TABLE", help="points tables to use instead of the "
                   "participants stored in the model")
    _add_method_arg(p)
    p.add_argument("--vikor-v", type=float, metavar="V",
                   help="VIKOR weight of group utility versus regret, 0..1 (default: the file's, else 0.5)")
    p.add_argument("--rule", dest="group_rule", choices=GROUP_RULES,
                   help="how weights are combined: arithmetic mean (the default unless the file saved another), "
                        "geometric mean, median, or aij (AHP judgements aggregated; every participant needs a "
                        "pairwise matrix)")
    p.add_argument("--round", type=int, metavar="N", help="the round to analyse (default: the round saved with the "
                   "file, else the latest)")
    p.add_argument("--names", action="store_true", help="show participants' labels (default: anonymous codes)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p = sub.add_parser("slides", help="write the presentation's slides as a PDF deck (16:9 by default)")
    p.add_argument("model", metavar="MODEL")
    p.add_argument("-o", "--output", required=True, metavar="deck.pdf")
    _add_weights_args(p)
    p.add_argument("--size", default="1920x1080", metavar="WxH",
                   help="slide size in pixels (default 1920x1080; the page is half that in points)")
    p.add_argument("--date", help="date YYYY-MM-DD on the title slide (default: today); fixes the output byte for byte")
    p.add_argument("--participants", nargs="*", metavar="TABLE", help="the weights' region is the participants' "
                   "hull (as for score); points tables (as for `group`) given here replace the participants stored in "
                   "the model and add the group slides")
    p.add_argument("--theme", choices=("projector", "paper"), default="projector",
                   help="projector: light on black, for the room (default); paper: dark text on white in the memo's "
                        "print palette, for handouts")
    p.add_argument("--hide-group-values", action="store_true",
                   help="during a silent round (not every participant has entered the latest round) the group "
                        "slides show only the counter, as the presentation does before R (default: values shown)")
    _add_uncertainty_args(p, participants=False)

    p = sub.add_parser("audit", help="what the answer rests on (margin by basis), how firm it is and what would "
                       "change it, and the evidence health of a model")
    p.add_argument("model", metavar="MODEL")
    _add_weights_args(p)
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--strict", action="store_true", help="exit 1 when the evidence health finds anything")
    _add_uncertainty_args(p)

    p = sub.add_parser("schema", help="write the JSON Schema of the model format")
    p.add_argument("-o", "--output", metavar="FILE", help="file to write (default: print)")

    p = sub.add_parser("open", help="open the desktop window (same as the decision-desk program)")
    p.add_argument("file", nargs="?", metavar="FILE")
    return ap


# --- helpers -----------------------------------------------------------------------------------------


def load(path: str, directions: dict[str, str] | None = None) -> DecisionModel:
    from decision_app.core.loading import open_document

    return _with_direction_hint(lambda: open_document(path, directions)).model


def parse_directions(items: list[str], notes_columns: list[str] | None = None) -> dict[str, str] | None:
    """--direction NAME=DIR and --notes-column NAME options as the answers about a spreadsheet's columns
    ({criterion name: direction, notes column name: "notes"}, `core.columns`); None when there are none."""
    from decision_app.core.columns import NOTES

    out: dict[str, str] = {}
    for item in items:
        name, eq, word = item.rpartition("=")
        if not eq or not name.strip():
            raise InputError(f'"{item}" should be written NAME=benefit or NAME=cost', "--direction")
        out[name.strip()] = word.strip()
    for name in notes_columns or []:
        if not name.strip():
            raise InputError("give the header of the column that holds notes", "--notes-column")
        out[name.strip()] = NOTES
    return out or None


def _with_direction_hint(read: Callable[[], T]) -> T:
    """Run a spreadsheet read; when it lacks directions (alone or beside other problems), or has columns of text
    that may be notes, say how to give them here too. Prints what the reading decided on its own (notices)."""
    from decision_app.core.errors import LacksDirectionsError, TextColumnsError
    from decision_app.core.loading import Document

    try:
        out = read()
    except TextColumnsError as exc:
        names = " ".join(f'--notes-column "{c}"' for c in exc.columns)
        raise InputError([*exc.problems, Problem(exc.file, "", f"if {'it holds' if len(exc.columns) == 1 else 'they hold'}"
                                                 f" notes on the options, give {names} (kept as each option's "
                                                 "summary); if a criterion, put a number in each of its cells")
                          ]) from None
    except LacksDirectionsError as exc:
        raise InputError([*exc.problems, Problem(exc.file, "", "or give them here, one --direction NAME=benefit|cost "
                                                 f"for each of: {', '.join(exc.criteria)} (benefit: more is better; "
                                                 "cost: less is better)")
                          ]) from None
    for notice in out.notices if isinstance(out, Document) else ():
        print(f"decision-app: note: {notice}", file=sys.stderr)
    return out


def parse_weights(compiled: CompiledModel, text: str, tree: ValueTree | None = None,
                  base: np.ndarray | None = None) -> np.ndarray:
    """--weights ID=W,... as normalised weights (unlisted criteria get 0). With a value tree, an ID may name an
    objective: that sets the branch's total, its criteria keeping their proportions in `base` (the weights of the
    profile in use)."""
    from decision_app.core.compiled import normalize_weights

    nodes = tree.ids[:tree.n_nodes] if tree is not None else ()
    given: dict[str, float] = {}
    for part in filter(None, (s.strip() for s in text.split(","))):
        if "=" not in part:
            raise InputError(f'"{part}" should be written {"id" if nodes else "criterion_id"}=weight', "--weights")
        cid, _, num = part.partition("=")
        cid = cid.strip()
        if cid not in compiled.criterion_ids and cid not in nodes:
            known = f'criteria: {", ".join(compiled.criterion_ids)}' + (f'; objectives: {", ".join(nodes)}'
                                                                       if nodes else "")
            what = "a criterion id nor an objective id" if nodes else "a criterion id"
            raise InputError(f'"{cid}" is {"neither " if nodes else "not "}{what} ({known})', "--weights")
        try:
            x = float(num)
        except ValueError:
            raise InputError(f'the weight of "{cid}" is "{num}", not a number', "--weights") from None
        if not np.isfinite(x) or x < 0:
            raise InputError(f'the weight of "{cid}" must be a number 0 or more', "--weights")
        too_big_or_small = number_problem(x)
        if too_big_or_small is not None:
            raise InputError(f'the weight of "{cid}": {too_big_or_small}', "--weights")
        given[cid] = x
    if tree is not None and any(k in nodes for k in given):
        from decision_app.core.tree import expand_totals, overlapping

        items = {tree.index(k): x for k, x in given.items()}
        clash = overlapping(tree, list(items))
        if clash is not None:
            inner, outer = tree.ids[clash[0]], tree.ids[clash[1]]
            raise InputError(f'"{inner}" is inside "{outer}"; give the weight of one or the other, not both',
                             "--weights")
        profile = np.ones(compiled.n) if base is None else np.asarray(base, dtype=float)
        w = expand_totals(tree, profile, items)
    else:
        w = np.zeros(compiled.n)
        for cid, x in given.items():
            w[compiled.criterion_index(cid)] = x
    try:
        return normalize_weights(w)
    except EngineError as exc:
        raise InputError(str(exc), "--weights") from None


def resolve_spec(spec: AnalysisSpec, compiled: CompiledModel, args: argparse.Namespace,
                 max_samples: int = 10_000_000, tree: ValueTree | None = None) -> AnalysisSpec:
    """The analysis of a run: the file's (`spec`, from its session; what it leaves out, the app's defaults),
    each flag given overriding its one setting and recorded as where that setting came from."""
    if getattr(args, "method", None) is not None:
        spec = spec.replace("--method", method=check_method(args.method))
    if getattr(args, "vikor_v", None) is not None:
        if not 0.0 <= args.vikor_v <= 1.0:
            raise InputError("must lie between 0 and 1", "--vikor-v")
        spec = spec.replace("--vikor-v", vikor_v=float(args.vikor_v))
    if getattr(args, "weights", None):
        spec = spec.replace("--weights", weights=parse_weights(compiled, args.weights, tree, spec.weights),
                            profile=None)
    elif getattr(args, "profile", None):
        try:
            w = compiled.profile_weights(args.profile)
        except KeyError as exc:
            raise InputError(exc.args[0], "--profile") from None
        spec = spec.replace("--profile", weights=w, profile=args.profile)
    if hasattr(args, "samples"):
        given, settings = _uncertainty_flags(spec, compiled, args, max_samples)
        if given:
            spec = spec.replace(uncertainty=settings).with_origins(
                {name: "--" + name.replace("_", "-") for name in given})
    rule_flag = "--group-rule" if hasattr(args, "participant_names") else "--rule"
    if getattr(args, "group_rule", None) is not None:
        spec = spec.replace(rule_flag, group_rule=args.group_rule)
    if getattr(args, "round", None) is not None:
        spec = spec.replace("--round", group_round=args.round)
    return spec


def _uncertainty_flags(spec: AnalysisSpec, compiled: CompiledModel, args: argparse.Namespace,
                       max_samples: int) -> tuple[list[str], UncertaintySettings]:
    """(the uncertainty flags given, the specification's settings with them), checked."""
    given = {k: getattr(args, k) for k in ("samples", "seed", "weights_mode", "spread", "scores_mode")
             if getattr(args, k) is not None}
    if args.order is not None:
        try:
            ids = (*compiled.criterion_ids, *compiled.groups)
            chains = parse_order(args.order, compiled.criterion_ids, tuple(compiled.groups))
        except EngineError as exc:
            raise InputError(str(exc), "--order") from None
        given["order"] = tuple(tuple(ids[j] for j in chain) for chain in chains)
    if getattr(args, "bounds", None) is not None:
        given["bounds"] = parse_bounds(compiled, args.bounds)
    if getattr(args, "participants", None) is not None and args.weights_mode is None:
        given["weights_mode"] = "participants"
    settings = dataclasses.replace(spec.uncertainty, **given)
    if not 1 <= settings.samples <= max_samples:
        raise InputError(f"must be between 1 and {max_samples:,}", "--samples")
    if not 0 <= settings.seed <= SEED_MAX:
        raise InputError(f"must be a whole number from 0 to {SEED_MAX:,}", "--seed")
    if not 0.0 <= settings.spread <= 1.0:
        raise InputError("must lie between 0 and 1", "--spread")
    if settings.weights_mode == "ordered" and not settings.has_order(compiled.criterion_ids, compiled.groups):
        raise InputError("--weights-mode ordered needs --order, e.g. casualties>=escalation_risk", "--order")
    flags = [f"--{k}" for k in ("order", "bounds") if k in given]
    if flags and (settings.weights_mode != "participants" or settings.hull):
        # order and bounds that contradict each other are the flags' fault: say so now, not after a table and
        # naming the model file (the spread around the current weights is not theirs: it is left to the run)
        agreed = settings if settings.weights_mode == "participants" else dataclasses.replace(settings,
                                                                                             weights_mode="uniform")
        region = agreed.region(compiled.criterion_ids, np.asarray(spec.weights, dtype=float), compiled.groups)
        try:
            region.maximin(np.zeros((1, compiled.n)))
        except EngineError as exc:
            raise InputError(f"{exc}; loosen them", " and ".join(flags)) from None
        if settings.weights_mode == "around":  # agreed bounds the spread around the current weights cannot reach
            near = settings.region(compiled.criterion_ids, np.asarray(spec.weights, dtype=float), compiled.groups)
            try:
                near.polytope.check_box()
            except EngineError as exc:
                raise InputError(f"{exc} (--spread)", " and ".join(flags)) from None
    return list(given), settings


def parse_bounds(compiled: CompiledModel, text: str) -> tuple[tuple[str, float, float], ...]:
    """--bounds ID=LO..HI,... (shares 0..1, or percentages with %) as (id, low, high) shares; an id is a
    criterion's or an objective's (the sum of its criteria's weights)."""
    out: list[tuple[str, float, float]] = []
    for part in filter(None, (s.strip() for s in text.split(","))):
        cid, eq, rng = part.partition("=")
        low, dots, high = rng.partition("..")
        cid = cid.strip()
        if not (eq and dots):
            raise InputError(f'"{part}" should be written criterion_id=low..high, e.g. feasibility=5%..15%', "--bounds")
        if cid not in compiled.criterion_ids and cid not in compiled.groups:
            if compiled.groups:
                raise InputError(f'"{cid}" is neither a criterion id nor an objective id (known: '
                                 f'{", ".join((*compiled.criterion_ids, *compiled.groups))})', "--bounds")
            raise InputError(f'"{cid}" is not a criterion id (known: {", ".join(compiled.criterion_ids)})', "--bounds")
        shares = []
        for word in (low.strip(), high.strip()):
            pct = word.endswith("%")
            try:
                x = float(word.rstrip("%").strip()) / (100.0 if pct else 1.0)
            except ValueError:
                raise InputError(f'the bound "{word}" of "{cid}" is not a number', "--bounds") from None
            if not 0.0 <= x <= 1.0:
                raise InputError(f'the bound "{word}" of "{cid}" must lie between 0 and 1 (or 0 % and 100 %)',
                                 "--bounds")
            shares.append(x)
        if shares[0] > shares[1]:
            raise InputError(f'the low bound of "{cid}" is above its high bound; give the least share first',
                             "--bounds")
        out.append((cid, shares[0], shares[1]))
    if least_total(out, compiled.criterion_ids, compiled.groups) > 1.0 + 1e-9:
        raise InputError("the low bounds add up to more than the whole weight (100 %)", "--bounds")
    return tuple(out)


def check_method(name: str) -> str:
    if name not in METHODS:
        raise InputError(f'unknown method "{name}"; choose one of {", ".join(METHOD_NAMES)}', "--method")
    return name


def _table(rows: list[list[str]], right: set[int]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for k, r in enumerate(rows):
        cells = [c.rjust(widths[i]) if i in right else c.ljust(widths[i]) for i, c in enumerate(r)]
        lines.append("  ".join(cells).rstrip())
        if k == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def read_args_document(args: argparse.Namespace, max_samples: int = 10_000_000,
                       ) -> tuple[DecisionModel, CompiledModel, AnalysisSpec]:
    """The file of a command, read once, and the analysis to run: the file's, with the flags over it."""
    from decision_app.core.compiled import compile_model
    from decision_app.core.document import read_document, with_hull
    from decision_app.core.tree import build_tree

    read = _with_direction_hint(lambda: read_document(args.model))
    model = read.model
    tables = getattr(args, "participants", None)
    if tables:  # points tables replace the participants stored in the model
        from decision_app.core.intake import intake_files

        model = intake_files(model.model_copy(update={"participants": []}), tables, args.model).model
    compiled = compile_model(model)
    spec = with_hull(resolve_spec(read.spec, compiled, args, max_samples, build_tree(model)), model)
    if spec.uncertainty.weights_mode == "participants" and not spec.uncertainty.hull:
        raise InputError("no participant has entered weights: add them with `decision-app participants import`, or "
                         "give points tables after --participants", args.model)
    return model, compiled, spec


def _setup(args: argparse.Namespace, max_samples: int = 10_000_000,
           ) -> tuple[DecisionModel, CompiledModel, Analysis, AnalysisSpec]:
    from decision_app.core.document import spec_analysis

    model, compiled, spec = read_args_document(args, max_samples)
    return model, compiled, spec_analysis(compiled, spec), spec


# --- commands ----------------------------------------------------------------------------------------


def cmd_validate(args: argparse.Namespace) -> int:
    problems: list[Problem] = []
    directions = parse_directions(args.direction, args.notes_column)
    for f in args.files:
        try:
            model = load(f, directions)
        except InputError as exc:
            problems.extend(exc.problems)
        else:
            print(f"{f}: valid ({len(model.options)} options, {len(model.criteria)} criteria, "
                  f"{len(model.profiles)} weight profiles)")
    for p in problems:
        print(p.full(), file=sys.stderr)
    return EXIT_BAD_INPUT if problems else 0


def score_payload(model: DecisionModel, compiled: CompiledModel, result: Snapshot, spec: AnalysisSpec,
                  ) -> dict[str, Any]:
    return {
        "model": model.title,
        "method": result.method,
        "profile": spec.profile,
        "weights": {cid: float(x) for cid, x in zip(compiled.criterion_ids, result.weights, strict=True)},
        "ranking": [
            {"option": compiled.option_ids[i], "name": compiled.option_names[i], "score": float(result.scores[i]),
             "rank": int(result.ranks[i])}
            for i in result.order
        ],
        "analysis": spec.payload(compiled),
    } | ({"branches": branches_payload(model, compiled, result.weights)} if model.objectives else {})


def branches_payload(model: DecisionModel, compiled: CompiledModel, weights: np.ndarray) -> dict[str, Any]:
    """Every objective of the value tree: its weight (the sum of its criteria's) and each option's score on it
    (the weighted mean of its criterion values, 0..1, the same under every method)."""
    from decision_app.core.methods import wsm_values
    from decision_app.core.tree import branch_values, build_tree, item_weights

    tree = build_tree(model)
    V = wsm_values(compiled.X, compiled.lo, compiled.hi, compiled.is_cost, compiled.value_fns)
    totals, B = item_weights(tree, weights), branch_values(tree, V, weights)
    return {tree.ids[k]: {"weight": float(totals[k]),
                          "scores": {oid: float(B[i, k]) for i, oid in enumerate(compiled.option_ids)}}
            for k in range(tree.n_nodes)}


def _snapshot(args: argparse.Namespace, analysis: Analysis, spec: AnalysisSpec, all_criteria: bool = False,
              ) -> Snapshot:
    """The core's figures for this analysis; a method that cannot rank the model is bad input."""
    from decision_app.core.document import spec_snapshot

    try:
        return spec_snapshot(analysis, spec, all_criteria=all_criteria)
    except EngineError as exc:
        raise InputError(str(exc), args.model) from None


def _header(model: DecisionModel, compiled: CompiledModel, spec: AnalysisSpec) -> str:
    """A table's header: the model's title, then each setting and where it came from."""
    return model.title + "\n" + "\n".join(f"{k}: {v}" for k, v in spec.settings_lines(compiled)[:-1])


def _answer(args: argparse.Namespace, model: DecisionModel, compiled: CompiledModel, analysis: Analysis,
            spec: AnalysisSpec) -> Answer:
    """The run's answer (`core.answer`: the verdict and what would change it) under its uncertainty settings."""
    from decision_app.core.answer import answer_for

    try:
        return answer_for(model, compiled, analysis, spec, threads=min(2, os.cpu_count() or 1))
    except EngineError as exc:
        raise InputError(str(exc), args.model) from None


def _print_answer(answer: Answer) -> None:
    """The verdict sentence and the nearest changes that would settle it, as every text table ends."""
    print(f"\n{answer.sentence}\n{answer.winners_sentence()}\n{answer.settle_sentence()}")


def cmd_score(args: argparse.Namespace) -> int:
    model, compiled, analysis, aspec = _setup(args, max_samples=1_000_000)
    snap = _snapshot(args, analysis, aspec)
    payload = score_payload(model, compiled, snap, aspec)
    if args.json:
        payload |= _answer(args, model, compiled, analysis, aspec).payload()
        print(json.dumps(payload, indent=2, ensure_ascii=False))
        return 0
    spec = METHODS[aspec.method]
    print(_header(model, compiled, aspec))
    rows = [["Rank", "Option", spec.score_label.capitalize()]]
    rows += [[str(r["rank"]), r["name"], f"{r['score']:.4f}"] for r in payload["ranking"]]
    print(_table(rows, {0, 2}))
    if not spec.higher_is_better:
        print(f"({spec.label}: lower {spec.score_label} is better)")
    _print_answer(_answer(args, model, compiled, analysis, aspec))
    return 0


def cmd_sensitivity(args: argparse.Namespace) -> int:
    model, compiled, analysis, aspec = _setup(args)
    snap = _snapshot(args, analysis, aspec, all_criteria=True)
    res = snap.sensitivity or ()
    oid = compiled.option_ids
    payload = {
        "method": aspec.method,
        "weights": {cid: float(x) for cid, x in zip(compiled.criterion_ids, aspec.weights, strict=True)},
        "criteria": [
            {"criterion": compiled.criterion_ids[cs.criterion], "weight": cs.weight,
             "stability": [cs.stability[0], cs.stability[1]],
             "tipping_points": [{"weight": tp.weight, "before": oid[tp.before], "after": oid[tp.after]}
                                for tp in cs.tipping_points]}
            for cs in res
        ],
        "analysis": aspec.payload(compiled),
    }
    if args.json:
        print(json.dumps(payload, indent=2, ensure_ascii=False))
        return 0
    print(f"{_header(model, compiled, aspec)}\nLeader now: {compiled.option_names[snap.leader()]}")
    rows = [["Criterion", "Weight", "Stable from", "to", "Tipping points"]]
    for cs in res:
        tips = "; ".join(f"above {tp.weight:.3f}, {compiled.option_names[tp.after]} leads" for tp in cs.tipping_points)
        rows.append([compiled.criterion_names[cs.criterion], f"{cs.weight:.3f}", f"{cs.stability[0]:.3f}",
                     f"{cs.stability[1]:.3f}", tips or "none"])
    print(_table(rows, {1, 2, 3}))
    return 0


def cmd_uncertainty(args: argparse.Namespace) -> int:
    from decision_app.core.document import run_spec_uncertainty

    model, compiled, _analysis, aspec = _setup(args, max_samples=10_000_000)
    settings = aspec.uncertainty
    try:
        res = run_spec_uncertainty(compiled, aspec, threads=min(2, os.cpu_count() or 1)).result
    except EngineError as exc:
        raise InputError(str(exc), args.model) from None
    oid, cid = compiled.option_ids, compiled.criterion_ids
    payload = {
        "samples": res.samples,
        "seed": res.seed,
        "acceptability": {oid[i]: [float(x) for x in res.acceptability[i]] for i in range(compiled.m)},
        "central_weights": {
            oid[i]: ({cid[j]: float(res.central_weights[i, j]) for j in range(compiled.n)}
                     if np.all(np.isfinite(res.central_weights[i])) else None)
            for i in range(compiled.m)
        },
        "confidence": {oid[i]: float(res.confidence[i]) for i in range(compiled.m)},
        "analysis": aspec.payload(compiled),
    }
    if args.json:
        print(json.dumps(payload, indent=2, ensure_ascii=False))
        return 0
    spread = f" \u00b1{settings.spread:.2f}" if settings.weights_mode == "around" else ""
    print(f"{_header(model, compiled, aspec)}\nUncertainty: {aspec.settings_lines(compiled)[-1][1]}")
    print(f"SMAA-2, method {aspec.method}, {res.samples} samples, seed {res.seed}, weights "
          f"{settings.weights_mode}{spread}, scores {settings.scores_mode}")
    order = np.argsort(-res.acceptability[:, 0], kind="stable")
    shown = min(compiled.m, 5)
    rows = [["Option", *[f"Rank {r + 1}" for r in range(shown)], "Confidence"]]
    for i in order:
        rows.append([compiled.option_names[i], *[f"{res.acceptability[i, r]:.1%}" for r in range(shown)],
                     f"{res.confidence[i]:.1%}"])
    print(_table(rows, set(range(1, shown + 2))))
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from decision_app.core.loading import open_document, save_model

    if Path(args.table).suffix.lower() not in (".csv", ".xlsx"):
        raise InputError("import reads .csv or .xlsx spreadsheets", args.table)
    if Path(args.output).suffix.lower() != ".json":
        raise InputError("the output of import is a decision-model file; name it .json", args.output)
    directions = parse_directions(args.direction, args.notes_column)
    model = _with_direction_hint(lambda: open_document(args.table, directions)).model
    save_model(model, args.output)
    print(f"wrote {args.output} ({len(model.options)} options, {len(model.criteria)} criteria)")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from decision_app.core.loading import open_document
    from decision_app.core.tables import COMMA_CSV, SEMICOLON_CSV, write_table

    directions = parse_directions(args.direction, args.notes_column)
    doc = _with_direction_hint(lambda: open_document(args.model, directions))
    model = doc.model
    # A .csv goes out the way it came in; the machine's locale does not change what a script writes.
    dialect = SEMICOLON_CSV if args.decimal_comma else doc.csv_dialect or COMMA_CSV
    if args.profile:
        try:
            model.profile(args.profile)
        except KeyError as exc:
            raise InputError(exc.args[0], "--profile") from None
    left_out = write_table(model, args.output, args.profile, dialect)
    print(f"wrote {args.output}")
    if left_out:
        print(f"decision-app: note: {Path(args.output).name} holds the matrix only; left out: {', '.join(left_out)} "
              "(export to .xlsx to keep the whole model)", file=sys.stderr)
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from decision_app.core.atomic import atomic_write_bytes
    from decision_app.core.loading import json_schema_bytes

    data = json_schema_bytes()
    if args.output:
        atomic_write_bytes(args.output, data)
        print(f"wrote {args.output}")
    else:
        sys.stdout.write(data.decode("utf-8"))
    return 0


def cmd_brief(args: argparse.Namespace) -> int:
    from decision_app.report.brief import BriefOptions, build_brief_for_cli

    model, _compiled, _analysis, spec = _setup(args, max_samples=1_000_000)
    if args.top < 1:
        raise InputError("must be 1 or more", "--top")
    if args.date:
        import datetime as dt

        try:
            dt.date.fromisoformat(args.date)
        except ValueError:
            raise InputError(f'"{args.date}" is not a date written YYYY-MM-DD', "--date") from None
    opts = BriefOptions(title=args.title, author=args.author, addressee=args.addressee, marking=args.marking,
                        date=args.date, top=args.top, comment=args.comment, participant_names=args.participant_names)
    memo = build_brief_for_cli(model, spec, opts, args.output)
    print(f"wrote {args.output}")
    if memo.answer is not None:
        _print_answer(memo.answer)
    return 0


def cmd_participants(args: argparse.Namespace) -> int:
    return participants_form(args) if args.participants_command == "form" else participants_import(args)


def participants_form(args: argparse.Namespace) -> int:
    from decision_app.core.intake import form_codes, form_round, form_workbook_bytes, parse_codes

    suffix = Path(args.output).suffix.lower()
    if suffix not in (".pdf", ".xlsx"):
        raise InputError("a form is a .pdf to print or a .xlsx to fill in; name it so", args.output)
    if args.round is not None and not 1 <= args.round <= 99:
        raise InputError("must be a whole number from 1 to 99", "--round")
    model = load(args.model)
    codes = form_codes(model, args.count, parse_codes(args.codes))
    rounds = [form_round(model, code, args.round) for code in codes]
    if suffix == ".pdf":
        from decision_app.report.forms import write_forms

        missing = write_forms(model, codes, rounds, args.output, args.level)
        if missing:
            print(f"decision-app: note: the font cannot draw {' '.join(missing)}; those characters print as boxes",
                  file=sys.stderr)
    else:
        from decision_app.core.atomic import atomic_write_bytes

        atomic_write_bytes(args.output, form_workbook_bytes(model, codes, rounds, args.level))
    print(f"wrote {args.output} ({len(codes)} form{'s' * (len(codes) != 1)}: {', '.join(codes)})")
    return 0


def participants_import(args: argparse.Namespace) -> int:
    from decision_app.core.intake import intake_files
    from decision_app.core.loading import save_model

    if Path(args.output).suffix.lower() != ".json":
        raise InputError("the output is a decision-model file; name it .json", args.output)
    model = load(args.model)
    done = intake_files(model, args.tables, args.model)
    save_model(done.model, args.output)
    rounds = sorted({r for _, r in done.entered})
    print(f"wrote {args.output}: {len(done.entered)} row{'s' * (len(done.entered) != 1)} taken (round "
          f"{', '.join(map(str, rounds))}); {len(done.new_codes)} new participant{'s' * (len(done.new_codes) != 1)}"
          + (f" ({', '.join(done.new_codes)})" if done.new_codes else "")
          + f"; {len(done.model.participants)} in all")
    if done.matched:
        print("matched: " + ", ".join(f"{code} ({place})" for place, code in done.matched))
    for place in done.skipped:
        print(f"decision-app: note: {place}: no points entered; row skipped", file=sys.stderr)
    return 0


def group_payload(model: DecisionModel, compiled: CompiledModel, g: GroupAnalysis, spec: AnalysisSpec,
                  ) -> dict[str, Any]:
    """`decision-app group --json`: the group engine's summary, led by the model's title, its `ranking` in
    the form of `score --json`'s, and the "analysis" block."""
    summary = g.summary()
    combined = g.combined
    ranking = [{"option": compiled.option_ids[i], "name": compiled.option_names[i],
                "score": float(combined.scores[i]), "rank": int(combined.ranks[i])} for i in combined.order]
    head: dict[str, Any] = {"model": model.title, "method": summary["method"], "rule": summary["rule"],
                            "round": summary["round"]}
    return head | summary | {"ranking": ranking, "analysis": spec.payload(compiled)}


def cmd_group(args: argparse.Namespace) -> int:
    import dataclasses

    from decision_app.core.document import reported_round, spec_analysis
    from decision_app.core.group import analyse_group, model_rounds, participants_from_model
    from decision_app.core.intake import intake_files

    model, compiled, spec = read_args_document(args)
    if args.participants:
        model = intake_files(model.model_copy(update={"participants": []}), args.participants, args.model).model
    people = participants_from_model(model)
    if not people:
        raise InputError("no participants: add them with `decision-app participants import`, or give points tables "
                         "with --participants", args.model)
    rounds = model_rounds(model)
    if args.round is not None and args.round not in rounds:
        raise InputError(f"no participant has round {args.round} (rounds entered: "
                         f"{', '.join(map(str, rounds))})", "--round")
    current = reported_round(model, spec)
    method = spec.method
    if not args.names:  # anonymous by default: codes stand for ids and labels alike
        people = [dataclasses.replace(p, id=p.code, label=p.code) for p in people]
    try:
        g = analyse_group(spec_analysis(compiled, spec), method, people, rule=spec.group_rule, round=current)
    except EngineError as exc:
        raise InputError(str(exc), args.model) from None
    payload = group_payload(model, compiled, g, spec)
    if model.objectives:
        from decision_app.core.tree import build_tree

        payload["branch_spread"] = branch_spread_payload(build_tree(model), g.weights, g.combined.weights)
    from decision_app.core.group_answer import group_answer

    try:
        answer = group_answer(spec_analysis(compiled, spec), g, model, spec.uncertainty)
    except EngineError as exc:
        raise InputError(str(exc), args.model) from None
    payload["entered"], payload["roster"] = answer.count.entered, answer.count.roster
    payload["answer"] = answer.payload(compiled.option_ids)
    if args.json:
        print(json.dumps(payload, indent=2, ensure_ascii=False))
        return 0
    label = METHODS[method].label
    who = list(g.participant_labels)
    print(f"{_header(model, compiled, spec)}\nGroup of {len(who)}, round {g.round}, method {label}, "
          f"combined by {g.rule} ({origin_words(spec.origin('group_rule'))})")
    print(answer.count.text + (" (a partial round: the answer may change as the others enter)"
                               if answer.count.partial else ""))
    rows = [["Criterion", *who, "Combined", "SD", "IQR"]]
    for j, cname in enumerate(compiled.criterion_names):
        rows.append([cname, *(f"{g.weights[i, j]:.3f}" for i in range(len(who))), f"{g.combined.weights[j]:.3f}",
                     f"{g.spread.sd[j]:.3f}", f"{g.spread.iqr[j]:.3f}"])
    print(_table(rows, set(range(1, len(who) + 4))))
    if "branch_spread" in payload:
        rows = [["Objective", "Combined", "Min", "Max", "SD", "IQR"]]
        names = {o.id: o.name for o in model.objectives}
        rows += [[names[k], *(f"{v[x]:.3f}" for x in ("combined", "min", "max", "sd", "iqr"))]
                 for k, v in payload["branch_spread"].items()]
        print()
        print(_table(rows, set(range(1, 6))))
    print()
    first = {compiled.option_ids[i]: int(k) for i, k in enumerate(g.first_choice)}
    rows = [["Rank", "Option", METHODS[method].score_label.capitalize(), "First choice of"]]
    rows += [[str(r["rank"]), r["name"], f"{r['score']:.4f}", str(first[r["option"]] or "")] for r in payload["ranking"]]
    print(_table(rows, {0, 2, 3}))
    said = answer.sentences(compiled.option_names)
    print()
    for key in ("answer", "answer_tie", "answer_combined", "answer_hull", "answer_rules"):
        if key in said:
            print(said[key])
    w = "n/a" if g.kendall_w is None else f"{g.kendall_w:.2f}"
    print(f"\nAgreement on the ranking: Kendall's W = {w} ({g.agreement})")
    leader = compiled.option_names[g.leader]
    if g.leader_holds_for_all:
        print(f"{leader} leads under every participant's own weights.")
    else:
        print(f"{leader} leads the combined weights; not first for: "
              + ", ".join(f"{p} ({compiled.option_names[compiled.option_ids.index(o)]} first)" for p, o in g.dissenters()))
    return 0


def cmd_slides(args: argparse.Namespace) -> int:
    from decision_app.report.slides import build_deck_spec, parse_size, write_deck

    model, _compiled, _analysis, spec = _setup(args, max_samples=1_000_000)
    if args.participants:
        from decision_app.core.intake import intake_files

        model = intake_files(model.model_copy(update={"participants": []}), args.participants, args.model).model
    try:
        size = parse_size(args.size)
    except ValueError as exc:
        raise InputError(str(exc), "--size") from None
    if args.date:
        import datetime as dt

        try:
            dt.date.fromisoformat(args.date)
        except ValueError:
            raise InputError(f'"{args.date}" is not a date written YYYY-MM-DD', "--date") from None
    pdf, missing = build_deck_spec(model, spec, size=size, date=args.date, threads=min(2, os.cpu_count() or 1),
                                   reveal=not args.hide_group_values, theme=args.theme)
    write_deck(args.output, pdf)
    if missing:
        print(f"decision-app: warning: the font has no glyph for {len(missing)} character(s), shown as boxes: "
              + " ".join(missing), file=sys.stderr)
    print(f"wrote {args.output}")
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    """What the leader's margin rests on, each option's score by basis, and the evidence health; with
    --strict, exit 1 when the health check finds anything."""
    from decision_app.core.audit import basis_matrix, bottom_line, evidence_health, margin_audit, score_shares
    from decision_app.core.schema import BASES

    model, compiled, analysis, spec = _setup(args, max_samples=1_000_000)
    method, w, pid = spec.method, spec.weights, spec.profile
    bases = basis_matrix(model)
    try:
        ma = margin_audit(analysis, bases, method, w)
    except EngineError as exc:
        raise InputError(str(exc), args.model) from None
    shares = score_shares(compiled, bases, w)
    health = evidence_health(model)
    findings = health.findings()
    oid, cid, names = compiled.option_ids, compiled.criterion_ids, compiled.option_names
    payload: dict[str, Any] = {"method": method, "profile": pid, "margin": None, "analysis": spec.payload(compiled)}
    if ma is not None:
        payload["margin"] = {
            "leader": oid[ma.leader], "runner_up": oid[ma.runner_up], "margin": ma.margin, "exact": ma.exact,
            "rule": ma.rule, "by_basis": {b: ma.share(b) for b in BASES},
            "criteria": [{"criterion": cid[p.criterion], "amount": p.amount, "leader_basis": p.leader_basis,
                          "runner_up_basis": p.runner_up_basis} for p in ma.parts],
            "decisive": [cid[p.criterion] for p in ma.decisive()],
        }
        if model.objectives:
            from decision_app.core.tree import audit_by_branch, branches_payload, build_tree

            tree = build_tree(model)
            payload["margin"]["by_branch"] = branches_payload(tree, audit_by_branch(tree, ma))
    payload["score_shares"] = {oid[i]: dict(zip(BASES, map(float, shares[i]), strict=True))
                               for i in range(compiled.m)}
    answer = _answer(args, model, compiled, analysis, spec)
    payload |= answer.payload()
    points = answer.changes
    payload["health"] = {
        "scores_by_basis": health.by_basis, "under_review": [list(x) for x in health.under_review],
        "passages": [{"source": p.source, "quote": p.quote, "count": p.count} for p in health.passages],
        "citation_limit": health.limit, "findings": findings,
    }
    if args.json:
        print(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        print(_header(model, compiled, spec))
        if ma is not None:
            print(f"\nWhat the answer rests on\n{bottom_line(ma, names)}\nRule: {ma.rule}.")
            rows = [["Criterion", "Part of margin", "Leader's basis", "Runner-up's basis"]]
            rows += [[compiled.criterion_names[p.criterion], f"{p.amount:+.4f}", p.leader_basis, p.runner_up_basis]
                     for p in sorted(ma.parts, key=lambda p: -p.amount)]
            print(_table(rows, {1}))
            print("Decided by: " + ", ".join(compiled.criterion_names[p.criterion] for p in ma.decisive()))
            if "by_branch" in payload["margin"]:
                by = payload["margin"]["by_branch"]
                print(f"By objective: {by['sentence']} Rule: {by['rule']}.")
        print(f"\nHow firm the answer is\n{answer.sentence}")
        print("What would change the answer (the nearest single changes" + (f"; {len(points)} in all)" if points else ")"))
        for point in points[:AUDIT_TIPPING_SHOWN]:
            print(f"  - {point.sentence}")
        if not points:
            print("  none: no single score within its scale or weight changes who leads")
        print("\nEach option's score by basis (share of its weighted-sum value)")
        rows = [["Option", *[b.capitalize() for b in BASES]]]
        rows += [[names[i], *[f"{x:.0%}" for x in shares[i]]] for i in range(compiled.m)]
        print(_table(rows, {1, 2, 3}))
        total = sum(health.by_basis.values())
        print("\nEvidence health\nScores by basis: " + ", ".join(f"{b} {n}" for b, n in health.by_basis.items())
              + f" (of {total}); under review: {len(health.under_review)}")
        print(f"Passages: {len(health.passages)} distinct, "
              f"{sum(p.count for p in health.passages)} citations; most cited:")
        for p in health.passages[:5]:
            print(f"  {p.count}x {p.source}: \u201c{p.quote[:70]}{'…' if len(p.quote) > 70 else ''}\u201d")
        print("Findings:" if findings else "Findings: none")
        for f in findings:
            print(f"  - {f}")
    return 1 if args.strict and findings else 0


COMMANDS = {
    "audit": cmd_audit,
    "validate": cmd_validate, "score": cmd_score, "sensitivity": cmd_sensitivity, "uncertainty": cmd_uncertainty,
    "import": cmd_import, "export": cmd_export, "schema": cmd_schema, "brief": cmd_brief,
    "participants": cmd_participants, "group": cmd_group, "slides": cmd_slides,
}


def tolerant_output() -> None:
    """Text the terminal's encoding cannot show (a file name or an argument in another encoding, a character a
    Windows console lacks) prints as an escape such as \\udcff instead of stopping the command."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="backslashreplace")


def main(argv: list[str] | None = None) -> int:
    tolerant_output()
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.selftest or args.command == "open":
        print("decision-app: `open` and `--selftest` start the window; run them through the decision-app or "
              "decision-desk program (decision_app.launcher)", file=sys.stderr)
        return EXIT_BAD_INPUT
    if not args.command:
        parser.print_help()
        return 0
    try:
        return COMMANDS[args.command](args)
    except InputError as exc:
        for p in exc.problems:
            print(f"decision-app: {p.full()}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except EngineError as exc:
        print(f"decision-app: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # noqa: BLE001 - a bug, not the input: the traceback goes to the log, one line here
        from decision_app.app_log import report_bug

        return report_bug("decision-app", exc)


if __name__ == "__main__":
    raise SystemExit(main())
