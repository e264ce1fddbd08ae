"""What a file means, outside Qt: its model and the analysis its session describes.

`AnalysisSpec` is that analysis, frozen: the method and its parameters (VIKOR's v), the weights (normalised,
in the model's criterion order) and the profile they came from, the uncertainty settings (an order of
importance included), the presentation's slide arrangement, and the workshop's combining rule and round.
`AnalysisSpec.from_model(model)` reads it from a model's session (what the session leaves out takes the
app's defaults) and `to_session()` writes it back; `model_with_spec` is the model Save writes (the session
as read while it still says the same, none when the analysis is the plain default, so an untouched model
saves byte-identical). Each setting remembers where it came from (`origins`: the file, the app's default,
or a command-line flag), which every output states.

`read_document(path)` reads and checks a file once and returns the model, its specification and the digest
of the bytes read. The window, every command, the brief, the slides, the recovery file and the changes
summary start from these. `run_spec_uncertainty` is the one path from a specification to SMAA's result, for
the window's worker and the command line alike.

No Qt, no file writing. Comparing two specifications (`==`) is cheap and validates nothing: the window
compares documents on every undo step.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from decision_app.core.atomic import atomic_write_bytes
from decision_app.core.cells import tidy
from decision_app.core.compiled import CompiledModel, normalize_weights
from decision_app.core.engine import Analysis
from decision_app.core.errors import InputError
from decision_app.core.loading import document_from_bytes, dump_model, read_bytes
from decision_app.core.methods import DEFAULT_METHOD, METHODS
from decision_app.core.schema import DecisionModel, MethodParameters, Session, SessionGroup, SlideChoice
from decision_app.core.snapshot import (
    Snapshot,
    Uncertainty,
    UncertaintySettings,
    run_uncertainty,
    session_uncertainty,
    session_uncertainty_block,
    take_snapshot,
)
from decision_app.core.tables import CsvDialect

DEFAULT_VIKOR_V = 0.5
DEFAULT_GROUP_RULE = "mean"
UNCERTAINTY_FIELDS = ("samples", "seed", "weights_mode", "spread", "scores_mode", "order", "bounds")
# Every setting a specification holds, in the order outputs list them.
SETTINGS = ("method", "vikor_v", "weights", *UNCERTAINTY_FIELDS, "slides", "group_rule", "group_round")
FROM_FILE = "file"  # the setting was saved with the file
FROM_DEFAULT = "default"  # the file says nothing: the app's default (the first profile, the latest round)
CUSTOM_WEIGHTS = "custom weights"  # weights set by the analyst, no profile: every surface says so in these words
WEIGHT_TOLERANCE = 1e-12  # weights this close are the same analysis (a slider moved away and back)


def weights_source(profile_name: str | None) -> str:
    """Where the weights came from, as every sentence says it: "the profile “Equal weights”" or "custom weights"
    (the deck's weights slide, the memo's bottom line and its weights section, the window's profile box)."""
    return CUSTOM_WEIGHTS if profile_name is None else f"the profile \u201c{profile_name}\u201d"


def origin_words(origin: str) -> str:
    """How an output says where a setting came from."""
    if origin == FROM_FILE:
        return "as saved with the file"
    if origin == FROM_DEFAULT:
        return "the app's default"
    return origin  # a command-line flag, e.g. --profile


@dataclass(frozen=True, eq=False)
class AnalysisSpec:
    """One analysis of one model: everything the figures depend on besides the model itself.

    Equality compares every setting (the weights to `WEIGHT_TOLERANCE`) and ignores `origins`."""

    method: str
    criteria: tuple[str, ...]  # the criterion ids the weights follow
    weights: np.ndarray  # (n,) normalised; read-only
    profile: str | None  # the profile the weights came from (None: given or moved away from it)
    vikor_v: float = DEFAULT_VIKOR_V
    uncertainty: UncertaintySettings = field(default_factory=UncertaintySettings)
    slides: tuple[SlideChoice, ...] | None = None
    group_rule: str = DEFAULT_GROUP_RULE
    group_round: int | None = None  # None: the latest round entered
    origins: Mapping[str, str] = field(default_factory=dict)  # setting -> FROM_FILE, FROM_DEFAULT or a flag

    def __post_init__(self) -> None:
        w = np.array(self.weights, dtype=float)
        w.flags.writeable = False
        object.__setattr__(self, "weights", w)
        object.__setattr__(self, "uncertainty", dataclasses.replace(self.uncertainty))  # a private copy
        object.__setattr__(self, "origins", dict(self.origins))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, AnalysisSpec):
            return NotImplemented
        return (self.method == other.method and self.criteria == other.criteria and self.profile == other.profile
                and self.vikor_v == other.vikor_v and self.uncertainty == other.uncertainty
                and self.slides == other.slides and self.group_rule == other.group_rule
                and self.group_round == other.group_round
                and bool(np.allclose(self.weights, other.weights, rtol=0, atol=WEIGHT_TOLERANCE)))

    __hash__ = None  # type: ignore[assignment]  # equal specs may differ in the last bits of their weights

    # --- reading and writing a session ----------------------------------------------------------------

    @classmethod
    def from_model(cls, model: DecisionModel) -> AnalysisSpec:
        """The analysis `model`'s session describes; what it leaves out (or a model without a session) takes
        the defaults: the default method, the session's profile else the first, the app's uncertainty
        settings, every slide, the arithmetic mean and the latest round."""
        sess = model.session
        cids = tuple(model.criterion_ids())
        given = sess.model_fields_set if sess is not None else set()
        origins = dict.fromkeys(SETTINGS, FROM_DEFAULT)
        method = sess.method if sess is not None else DEFAULT_METHOD
        if "method" in given:
            origins["method"] = FROM_FILE
        profiles = [p.id for p in model.profiles]
        profile: str | None
        if sess is not None and sess.weights:
            raw = np.array([sess.weights.get(c, 0.0) for c in cids])
            weights, profile = normalize_weights(raw), sess.profile
            origins["weights"] = FROM_FILE
        else:  # no weights saved: the session's profile (a file may name only a method and a profile)
            named = sess.profile if sess is not None else None
            profile = named if named in profiles else profiles[0]
            weights = normalize_weights(np.array([model.profile(profile).weights.get(c, 0.0) for c in cids]))
            if named in profiles:
                origins["weights"] = FROM_FILE
        params = sess.parameters if sess is not None else None
        vikor_v = DEFAULT_VIKOR_V
        if params is not None and params.vikor_v is not None:
            vikor_v, origins["vikor_v"] = params.vikor_v, FROM_FILE
        block = sess.uncertainty if sess is not None else None
        for name in block.model_fields_set if block is not None else ():
            if getattr(block, name) is not None:
                origins[name] = FROM_FILE
        slides = tuple(sess.slides) if sess is not None and sess.slides else None
        if slides is not None:
            origins["slides"] = FROM_FILE
        group = sess.group if sess is not None else None
        rule = group.rule if group is not None and group.rule is not None else DEFAULT_GROUP_RULE
        rnd = group.round if group is not None else None
        if group is not None and group.rule is not None:
            origins["group_rule"] = FROM_FILE
        if rnd is not None:
            origins["group_round"] = FROM_FILE
        spec = cls(method, cids, weights, profile, vikor_v, session_uncertainty(sess), slides, rule, rnd, origins)
        return with_hull(spec, model)

    def to_session(self) -> Session:
        """The session that says this analysis (weights to 12 significant digits: `cells.tidy`); optional
        parts only where they differ from the defaults."""
        params = MethodParameters(vikor_v=self.vikor_v) if self.vikor_v != DEFAULT_VIKOR_V else None
        group = None
        if self.group_rule != DEFAULT_GROUP_RULE or self.group_round is not None:
            group = SessionGroup.model_validate({"rule": self.group_rule, "round": self.group_round})
        return Session.model_validate({
            "method": self.method, "profile": self.profile,
            "weights": {cid: tidy(float(w)) for cid, w in zip(self.criteria, self.weights, strict=True)},
            "uncertainty": session_uncertainty_block(self.uncertainty),
            "slides": list(self.slides) if self.slides is not None else None,
            "parameters": params, "group": group,
        })

    # --- changing it ----------------------------------------------------------------------------------

    def replace(self, origin: str | None = None, **changes: Any) -> AnalysisSpec:
        """A copy with `changes`; `origin` (a flag, say) is recorded for each setting changed."""
        origins = dict(self.origins)
        if origin is not None:
            for name in changes:
                if name == "uncertainty":
                    new = changes[name]
                    origins.update({f: origin for f in UNCERTAINTY_FIELDS
                                    if getattr(new, f) != getattr(self.uncertainty, f)})
                elif name != "profile":
                    origins[name] = origin
        return dataclasses.replace(self, **changes, origins=origins)

    def with_origins(self, origins: Mapping[str, str]) -> AnalysisSpec:
        """A copy saying that these settings came from elsewhere (a flag, say)."""
        return dataclasses.replace(self, origins={**self.origins, **origins})

    def with_weights(self, weights: np.ndarray, profile: str | None) -> AnalysisSpec:
        """The slider path: new weights (already normalised), nothing validated."""
        return dataclasses.replace(self, weights=weights, profile=profile)

    # --- what it is, in words -------------------------------------------------------------------------

    def origin(self, setting: str) -> str:
        return self.origins.get(setting, FROM_DEFAULT)

    def weights_words(self, profile_names: Mapping[str, str] | None = None) -> str:
        """Where the weights came from: "custom weights, as saved with the file", "profile kogan_outlook (--profile)",
        "custom weights, as given (--weights)", "profile equal (the model's first profile)"."""
        origin = self.origin("weights")
        if self.profile is None:
            return f"{CUSTOM_WEIGHTS}, " + ("as given (--weights)" if origin == "--weights" else origin_words(origin))
        name = f"profile {self.profile}"
        if profile_names and self.profile in profile_names:
            name = f"profile {self.profile} \u201c{profile_names[self.profile]}\u201d"
        if origin == FROM_DEFAULT:
            return f"{name} (the model's first profile)"
        if origin == FROM_FILE:
            return f"{name}, as saved with the file"
        return f"{name} ({origin})"

    def settings_lines(self, compiled: CompiledModel | None = None) -> list[tuple[str, str]]:
        """(setting, "value, where it came from") for the memo's appendix, the deck's title slide and the
        tables' headers."""
        u = self.uncertainty
        names = compiled.profile_names if compiled is not None else None
        method = METHODS[self.method].label
        out = [("Method", f"{method} ({origin_words(self.origin('method'))})")]
        if "{v" in METHODS[self.method].normalisation:  # a method whose text names VIKOR's v
            out.append(("VIKOR v", f"{self.vikor_v:g} ({origin_words(self.origin('vikor_v'))})"))
        out.append(("Weights", self.weights_words(names)))
        unc_origins = sorted({origin_words(self.origin(f)) for f in UNCERTAINTY_FIELDS})
        how = f"{u.weights_mode} \u00b1{u.spread:g}" if u.weights_mode == "around" else u.weights_mode
        if u.weights_mode == "participants":
            how = f"mixes of {len(u.hull)} participants' weights"
        if u.order:
            how += " " + ", ".join(">=".join(chain) for chain in u.order)
        if u.bounds:
            how += ", bounds " + ", ".join(f"{cid} {lo:.0%}\u2013{hi:.0%}" for cid, lo, hi in u.bounds)
        out.append(("Uncertainty", f"{u.samples:,} samples, seed {u.seed}, weights {how}, scores {u.scores_mode} "
                    f"({'; '.join(unc_origins)})"))
        return out

    def header(self, compiled: CompiledModel | None = None) -> str:
        """One line for a table's header: each setting with where it came from."""
        return "   ".join(f"{k}: {v}" for k, v in self.settings_lines(compiled)[:3])

    def payload(self, compiled: CompiledModel) -> dict[str, Any]:
        """The "analysis" block of every --json: each setting and where it came from."""
        u = self.uncertainty
        return {
            "method": self.method, "vikor_v": self.vikor_v, "profile": self.profile,
            "weights": {cid: float(w) for cid, w in zip(self.criteria, self.weights, strict=True)},
            "uncertainty": {"samples": u.samples, "seed": u.seed, "weights_mode": u.weights_mode,
                            "spread": u.spread, "scores_mode": u.scores_mode, "order": [list(c) for c in u.order],
                            "bounds": {cid: [lo, hi] for cid, lo, hi in u.bounds}},
            "slides": None if self.slides is None else [s.model_dump() for s in self.slides],
            "group": {"rule": self.group_rule, "round": self.group_round},
            "from": {name: self.origin(name) for name in SETTINGS},
        }


def model_with_spec(model: DecisionModel, spec: AnalysisSpec) -> DecisionModel:
    """The model as Save writes it with `spec` as its analysis: the session as read while it still says the
    same (a file opened and saved unchanged keeps its bytes), no session when `spec` is what a model without
    one opens with, else `spec.to_session()`."""
    if AnalysisSpec.from_model(model) == spec:
        return model
    bare = model.model_copy(update={"session": None})
    if AnalysisSpec.from_model(bare) == spec:
        return bare
    return model.model_copy(update={"session": spec.to_session()})


def participants_hull(model: DecisionModel, spec: AnalysisSpec) -> tuple[tuple[float, ...], ...]:
    """The participants' weights of the round the analysis reports (the specification's, else the latest), each
    normalised, in the model's criterion order: the points whose convex hull is the weights mode
    "participants"; none without participants (or with a row of zeros only)."""
    rounds = sorted({r.round for p in model.participants for r in p.rounds})
    if not rounds:
        return ()
    rnd = spec.group_round if spec.group_round in rounds else rounds[-1]
    cids = model.criterion_ids()
    rows = []
    for p in model.participants:
        for r in p.rounds:
            if r.round == rnd:
                w = np.array([r.weights.get(c, 0.0) for c in cids], dtype=float)
                if w.sum() > 0:
                    rows.append(tuple(float(x) for x in w / w.sum()))
    return tuple(rows)


def with_hull(spec: AnalysisSpec, model: DecisionModel) -> AnalysisSpec:
    """`spec` with its uncertainty's participants' weights read from `model` (weights mode "participants"; none
    otherwise, so the settings compare as they did)."""
    hull = participants_hull(model, spec) if spec.uncertainty.weights_mode == "participants" else ()
    if hull == spec.uncertainty.hull:
        return spec
    return dataclasses.replace(spec, uncertainty=dataclasses.replace(spec.uncertainty, hull=hull))


def carry_spec(spec: AnalysisSpec, model: DecisionModel) -> AnalysisSpec:
    """`spec` carried over to `model`'s criteria after an edit: weights by criterion id (a new criterion at
    the mean weight, then normalised; the same criteria, perhaps moved, keep theirs to the last bit), the
    profile while the model still has it, the order and bounds without criteria or objectives that are gone."""
    ids = tuple(model.criterion_ids())
    old = dict(zip(spec.criteria, spec.weights, strict=True))
    fill = float(np.mean(spec.weights)) if len(spec.weights) else 1.0
    weights = np.array([old.get(c, fill) for c in ids])
    if set(ids) != set(old):
        weights = normalize_weights(weights) if weights.sum() > 0 else np.full(len(ids), 1.0 / len(ids))
    profile = spec.profile if any(p.id == spec.profile for p in model.profiles) else None
    known = set(ids) | {o.id for o in model.objectives}  # an order or a bound may name an objective (version 12)
    order = tuple(kept for chain in spec.uncertainty.order if len(kept := tuple(c for c in chain if c in known)) >= 2)
    bounds = tuple(b for b in spec.uncertainty.bounds if b[0] in known)
    carried = dataclasses.replace(spec, criteria=ids, weights=weights, profile=profile,
                                  uncertainty=dataclasses.replace(spec.uncertainty, order=order, bounds=bounds))
    return with_hull(carried, model)


def same_content(a: DecisionModel, b: DecisionModel) -> bool:
    """The two models hold the same options, criteria, scores, profiles and the rest; their sessions are not
    compared (a specification says the analysis). Parts an edit left alone are compared by identity first."""
    return a is b or all(getattr(a, f) is getattr(b, f) or getattr(a, f) == getattr(b, f)
                         for f in type(a).model_fields if f != "session")


@dataclass
class Baseline:
    """The document as last opened or saved, and whether the file still holds it: what "modified" compares
    with (`differs`: a comparison of documents, cheap when an edit left the model alone)."""

    model: DecisionModel
    spec: AnalysisSpec
    file_lost: bool = False  # deleted, moved or changed by someone else: modified until saved

    def differs(self, model: DecisionModel, spec: AnalysisSpec) -> bool:
        return self.file_lost or not (spec == self.spec and same_content(model, self.model))

    def as_model(self) -> DecisionModel:
        return model_with_spec(self.model, self.spec)


def write_document(model: DecisionModel, path: Path) -> str:
    """Write `model` atomically (`core.atomic`; InputError saying what to do when it cannot be) and return
    the digest of the bytes written."""
    data = dump_model(model)
    atomic_write_bytes(path, data)
    return hashlib.sha256(data).hexdigest()


# --- running it -------------------------------------------------------------------------------------


def spec_analysis(compiled: CompiledModel, spec: AnalysisSpec) -> Analysis:
    """The engine for this model with the specification's method parameters."""
    return Analysis(compiled, vikor_v=spec.vikor_v)


def spec_snapshot(analysis: Analysis, spec: AnalysisSpec, **kwargs: Any) -> Snapshot:
    """`take_snapshot` for this specification's method, weights and profile."""
    return take_snapshot(analysis, spec.method, spec.weights, profile_id=spec.profile, **kwargs)


def run_spec_uncertainty(compiled: CompiledModel, spec: AnalysisSpec, *, method: str | None = None,
                         threads: int = 1, confidence: bool = True) -> Uncertainty:
    """SMAA-2 for this specification: its method (or `method`, the window's display fallback), weights,
    VIKOR v and uncertainty settings. The window's worker and every command call this; `threads` changes
    the speed only, never a digit of the result. Without `confidence`, no confidence factors (the window
    during a drag)."""
    return run_uncertainty(compiled, method or spec.method, spec.weights, spec.uncertainty, vikor_v=spec.vikor_v,
                           threads=threads, confidence=confidence)


def reported_round(model: DecisionModel, spec: AnalysisSpec) -> int:
    """The participants' round an analysis reports: the specification's, else the latest entered. A round
    given by a flag that nobody entered is refused (InputError on --round); one saved with the file that
    nobody entered any more (the participants were removed) gives way to the latest."""
    rounds = sorted({r.round for p in model.participants for r in p.rounds})
    if not rounds:
        raise InputError("no participant has entered weights", "--round")
    rnd = spec.group_round
    if rnd is None or (rnd not in rounds and spec.origin("group_round") == FROM_FILE):
        return rounds[-1]
    if rnd not in rounds:
        raise InputError(f"no participant entered round {rnd} (rounds entered: {', '.join(map(str, rounds))})",
                         spec.origin("group_round"))
    return rnd


# --- reading a file once ----------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class ReadDocument:
    """A file read and checked once: its model, its analysis, and the digest of the bytes read."""

    path: Path
    model: DecisionModel
    spec: AnalysisSpec
    digest: str  # SHA-256 of the bytes the model was read from
    csv_dialect: CsvDialect | None = None  # how a .csv was written (to export it back the same way)
    directions: Mapping[str, str] | None = None  # the answers a spreadsheet needed (directions, text columns)
    notices: tuple[str, ...] = ()  # what reading a spreadsheet decided on its own that the user should hear of

    @property
    def is_table(self) -> bool:
        return self.path.suffix.lower() in (".csv", ".xlsx")

    def changed_on_disk(self) -> bool:
        """True when the file is no longer what was read (saved over, say): read it again before use."""
        return file_digest(self.path) != self.digest

    def again(self) -> ReadDocument:
        """The file read anew, with the same directions; raises InputError when it no longer opens."""
        return read_document(self.path, self.directions)


def read_document(path: str | Path, directions: Mapping[str, str] | None = None) -> ReadDocument:
    """Read `path` once (a model, or a .csv/.xlsx table with `directions` for criteria it lacks), check it and
    return its model, specification and digest. Raises InputError naming the file and each problem."""
    p = Path(path)
    raw = read_bytes(p)
    doc = document_from_bytes(raw, p, directions)
    return ReadDocument(p, doc.model, AnalysisSpec.from_model(doc.model), hashlib.sha256(raw).hexdigest(),
                        doc.csv_dialect, dict(directions) if directions else None, doc.notices)


def file_digest(path: str | Path) -> str | None:
    """SHA-256 of a file's bytes as they are now, None when it cannot be read."""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return None
