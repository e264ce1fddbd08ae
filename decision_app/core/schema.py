"""The decision-model file format: pydantic v2 models for structure, and `check_model` for the rules
that span fields (ids, coverage, ranges), reported one problem at a time with a readable place.

A model file is JSON with a ``schema_version``. Older versions are migrated by ``loading``; newer ones
are refused there. Field order here is the order written to disk.

Versions: 1, the first; 2 adds the session's optional ``uncertainty`` block (how SMAA draws for this
analysis); 3 adds optional ``participants`` (a workshop's weights, per participant and round); 4 adds the
session's optional ``slides`` (the presentation's order and hidden slides); 5 adds the
evidence basis of every score (``essay`` / ``inference`` / ``judgement``, with ``review`` for scores still to
be looked at), a ``note`` on a citation, a source's ``inferred`` metadata, and the ``baseline`` (the option
that is today's situation, and per criterion the anchor that describes it); 6 adds an option's and a
criterion's optional ``short_name`` (at most 24 characters, told apart from the others': what charts, headers
and slides show where a full name does not fit; `display_name` picks it); 7 adds to the session what the
analysis specification (``core.document``) needs to be read back whole: the method's ``parameters`` (VIKOR's
``v``), an order of importance for the uncertainty's weights (``weights_mode`` "ordered" with ``order``) and the
workshop's combining ``group`` rule and round; 8 makes the order of importance an agreed constraint in every
weights mode (in 7 it counted only under "ordered"), adds agreed ``bounds`` on a weight and the weights mode
"participants" (mixes of the workshop's participants' weights: their convex hull); 9 adds an option's
``conditions`` (a named event such as "Moscow accepts", with its ``likelihood``, a score from 0 to 1) and a
score's ``outcomes`` (the outcome if the condition is met and if it is not, each with its own range), whose
expected value the app computes (`core.expected`), and a citation's ``as_of`` (the year and month the passage
speaks of); 10 adds the optional value tree, ``objectives`` (criteria grouped into objectives; ``core.tree``
reads it); 11 keys participants by their code (an id made from the code, never from a name), makes a
participant's name (``label``) optional (kept only when given) and adds the rounds a participant is marked
``absent`` from; 12 lets the session's agreed ``order`` and ``bounds`` name the value tree's objectives (an
objective's weight is the sum of its criteria's); 13 lets a participant's round keep points given per branch
(``branches``: the objectives weighted and how the facilitator's weights split each over its criteria) and AHP
judgements per node of the value tree (``ahp_nodes``). Versions 1-3, 5, 6, 8, 9, 11 and 12 are valid documents of
the next version once raised; 4 to 5
marks every score ``inference`` under ``review``; 7 to 8 drops an order saved beside a weights mode other than
"ordered", which did not count; 10 to 11 re-keys participants by code and drops a label that only repeats the
code (``loading``).

Types are strict when a file is read (``loading.model_from_dict`` validates with ``strict=True``): a number is a
JSON number (a whole number is one too), a yes/no is ``true`` or ``false``, text is a JSON string. The text
"9" is not read as 9, nor ``true`` as 1, nor "false" as false. A whole-number field (`WHOLE`) takes a number
without a fraction, 2000.0 as 2000, as the JSON schema's "integer" does.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Callable, Hashable, Sequence
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from decision_app.core.expected import expected_range, expected_score, is_monotone
from decision_app.core.floors import least_share

SCHEMA_VERSION = 13

Id = Annotated[
    str,
    Field(
        min_length=1,
        max_length=64,
        pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$",
        description="Identifier: letters, digits, '_', '.', '-'; starts with a letter or digit.",
    ),
]
Text = Annotated[str, Field(max_length=20_000)]


def _whole_float_as_int(value: object) -> object:
    """2000.0 -> 2000 (a JSON number without a fraction is an integer); anything else is left to the validator,
    which in strict mode refuses a fraction, a bool and text."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


WHOLE = BeforeValidator(_whole_float_as_int)  # last in a whole-number field's Annotated, after its Field
Name = Annotated[str, Field(min_length=1, max_length=300)]
SHORT_NAME_MAX = 24
ShortName = Annotated[str, Field(min_length=1, max_length=SHORT_NAME_MAX)]
SHORT_NAME_DESCRIPTION = (f"Optional (version 6): at most {SHORT_NAME_MAX} characters, distinct from the others'; "
                          "shown where the full name does not fit (charts, headers, slides).")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, validate_assignment=False)


SOURCE_METADATA = ("title", "outlet", "date")
SourceField = Literal["title", "outlet", "date"]


class Source(_Strict):
    """A text the model draws on (an essay), cited by id from options and scores. `title`, `outlet` and
    `date` are what the text itself gives, unless named in `inferred` (then the modeller's reading of
    where and when it appeared, printed as such). A text without a title has none here: no invented titles."""

    id: Id
    author: Name
    title: Text = ""
    outlet: Text = ""
    date: Text = ""
    seed_file: str | None = Field(None, description="File name of the text in the seeds folder, if shipped.")
    inferred: list[SourceField] | None = Field(
        None, description="Which of title, outlet and date are inferred, not given in the text (version 5).")


def source_label(source: Source) -> str:
    """How a reader sees a source: author, the title when the text gives one, and the rest with inferred
    metadata said to be inferred, e.g. 'Ed Corcoran (outlet inferred: Foreign Policy In Focus; date inferred:
    mid-2023)'. One wording for the brief and the window."""
    inferred = source.inferred or []
    head = source.author
    if source.title:
        head += f", \u201c{source.title}\u201d" + (" (title inferred)" if "title" in inferred else "")
    bits = [f"{name} inferred: {value}" if name in inferred else value
            for name, value in (("outlet", source.outlet), ("date", source.date)) if value]
    return head + (f" ({'; '.join(bits)})" if bits else "")


class Scale(_Strict):
    """The declared range of a criterion's scores; the additive model's value runs linearly over it."""

    min: float
    max: float


class Anchor(_Strict):
    """What a point on the scale means, in words (at least the two ends and the middle). `baseline` marks
    the anchor that describes today's situation, where the model's baseline option sits (version 5)."""

    value: float
    description: Text
    baseline: bool | None = Field(None, description="This anchor describes today's situation (the baseline).")


class ValuePoint(_Strict):
    """One breakpoint of a piecewise-linear value function: score ``x`` is worth ``value`` (0..1)."""

    x: float
    value: Annotated[float, Field(ge=0.0, le=1.0)]


class Preference(_Strict):
    """PROMETHEE preference function for a criterion: 'usual' (any advantage is full preference) or
    'linear' with indifference threshold q and preference threshold p (q <= p)."""

    type: Literal["usual", "linear"] = "usual"
    q: Annotated[float, Field(ge=0.0)] = 0.0
    p: Annotated[float, Field(ge=0.0)] = 0.0


class Criterion(_Strict):
    id: Id
    name: Name
    short_name: ShortName | None = Field(None, description=SHORT_NAME_DESCRIPTION)
    definition: Text = ""
    direction: Literal["benefit", "cost"]
    unit: Text = ""
    scale: Scale | None = Field(None, description="Declared scale; absent means the observed range.")
    anchors: list[Anchor] = Field(default_factory=list)
    value_function: list[ValuePoint] | None = None
    preference: Preference | None = None


TREE_LEVELS_MAX = 4  # levels of the value tree, the criteria's own level included


class Objective(_Strict):
    """A node of the value tree (version 10): an objective that groups criteria, or other objectives, under a
    name. `children` are criterion ids and objective ids, in the order shown; an objective that no other one
    lists is at the top, and a criterion that no objective lists sits at the top beside them. A node's weight
    is the sum of its criteria's weights: the stored weights stay one per criterion."""

    id: Id
    name: Name
    short_name: ShortName | None = Field(None, description=SHORT_NAME_DESCRIPTION)
    description: Text = ""
    children: list[Id] = Field(description="Criterion ids and objective ids grouped under this objective.")


class Citation(_Strict):
    """A passage, character for character, and optionally how it bears on the score (version 5)."""

    source: Id
    quote: Annotated[str, Field(min_length=1, max_length=5_000)]
    note: Annotated[str, Field(max_length=500)] | None = Field(
        None, description="How the passage bears on the score (short).")
    as_of: str | None = Field(
        None, pattern=r"^[0-9]{4}-(0[1-9]|1[0-2])$",
        description="Optional (version 9): the year and month (YYYY-MM) the passage speaks of, when it states "
        "something about its own moment; `audit --strict` refuses an essay basis for a present-day score resting "
        "only on such passages.")


BASES = ("essay", "inference", "judgement")
Basis = Literal["essay", "inference", "judgement"]
BASIS_MEANING = {
    "essay": "a cited passage states or directly implies this judgement on this criterion",
    "inference": "reasoned from an essay's argument; the rationale says how",
    "judgement": "the modeller's own judgement",
}


class Outcome(_Strict):
    """The outcome on one criterion if a condition is met, or if it is not (version 9): a value with its range."""

    value: float
    low: float
    high: float
    rationale: Text = ""


class ConditionalOutcomes(_Strict):
    """A score that depends on one of its option's conditions (version 9): the outcome if it is met
    (``accepted``) and if it is not (``refused``). The score's value, low and high are then the app's: the
    expected value through the criterion's value function (`core.expected`), never typed."""

    condition: Id
    accepted: Outcome
    refused: Outcome


class Score(_Strict):
    """A judgement: best estimate ``value`` with a plausible ``low``..``high`` range and its grounds.

    ``basis`` (version 5) says what the value rests on: ``essay`` (a cited passage states or directly implies
    it; needs a citation), ``inference`` (reasoned from an essay's argument; the rationale says how) or
    ``judgement`` (the modeller's own). ``review`` marks a score still to be looked at (set by migration)."""

    value: float
    low: float
    high: float
    basis: Basis = "judgement"
    rationale: Text = ""
    citations: list[Citation] = Field(default_factory=list)
    review: bool | None = Field(None, description="True: the basis was set by migration; still to be reviewed.")
    outcomes: ConditionalOutcomes | None = Field(
        None, description="Optional (version 9): the outcomes if the option's condition is met and if not; the "
        "value, low and high are then computed (the expected value), and a file leaves them out.")

    @model_validator(mode="before")
    @classmethod
    def _computed_later(cls, data: object) -> object:
        """A score with outcomes has no typed value, low or high: placeholders until `DecisionModel` computes
        them (`_expected_values`)."""
        if isinstance(data, dict) and "outcomes" in data:
            data = dict(data)
            for key in ("value", "low", "high"):
                data.setdefault(key, 0.0)
        return data


class Condition(_Strict):
    """A named event the option's effect depends on, e.g. "Moscow accepts" (version 9), with its likelihood: a
    score from 0 to 1 with a range, basis, rationale and citations like any other."""

    id: Id
    name: Name
    likelihood: Score


class Option(_Strict):
    id: Id
    name: Name
    short_name: ShortName | None = Field(None, description=SHORT_NAME_DESCRIPTION)
    summary: Text = ""
    sources: list[Id] = Field(default_factory=list)
    conditions: list[Condition] = Field(
        default_factory=list, description="Optional (version 9): events the option's outcomes depend on.")
    scores: dict[str, Score]


class WeightProfile(_Strict):
    """A named set of non-negative weights, one per criterion; normalised to sum 1 on use."""

    id: Id
    name: Name
    description: Text = ""
    weights: dict[str, Annotated[float, Field(ge=0.0)]]


SAMPLES_MIN, SAMPLES_MAX = 100, 1_000_000
SEED_MAX = 2**31 - 1  # what a spin box can show


class WeightBounds(_Strict):
    """An agreed range for one criterion's weight, as a share of the whole (version 8)."""

    low: Annotated[float, Field(ge=0.0, le=1.0)] = Field(description="The least share of the whole weight.")
    high: Annotated[float, Field(ge=0.0, le=1.0)] = Field(description="The largest share of the whole weight.")


class SessionUncertainty(_Strict):
    """How the rank acceptability of this analysis is sampled (SMAA-2). A field left out takes the app's
    default (`decision_app.core.snapshot.UncertaintySettings`), so the defaults live in one place."""

    samples: Annotated[int, Field(ge=SAMPLES_MIN, le=SAMPLES_MAX), WHOLE] | None = Field(
        None, description="Joint draws of weights and scores.")
    seed: Annotated[int, Field(ge=0, le=SEED_MAX), WHOLE] | None = Field(None, description="Random seed.")
    weights_mode: Literal["around", "uniform", "ordered", "participants"] | None = Field(
        None, description="'around': within +/- spread of the session's weights; 'uniform': any weights; "
        "'ordered' (version 7): any weights obeying `order`; 'participants' (version 8): mixes of the "
        "participants' weights of the reported round (their convex hull). Each is cut by `order` and `bounds`.")
    spread: Annotated[float, Field(ge=0.0, le=1.0)] | None = Field(
        None, description="With weights_mode 'around': half-width of each weight's interval.")
    scores_mode: Literal["fixed", "uniform", "triangular"] | None = Field(
        None, description="Scores fixed at their values, or drawn uniformly or triangularly within low..high.")
    order: list[Annotated[list[Id], Field(min_length=2)]] | None = Field(
        None, description="Optional (version 7): chains of criterion ids, most important first, that the drawn "
        "weights obey (a >= b >= c); each criterion in one chain at most. Version 8: an agreed constraint in "
        "every weights mode. Version 12: a chain may also name objectives of the value tree (an objective's "
        "weight is the sum of its criteria's); each id in one chain at most.")
    bounds: dict[Id, WeightBounds] | None = Field(
        None, description="Optional (version 8): agreed bounds on a criterion's weight (shares of the whole, "
        "0..1) that the drawn weights and the verdict obey in every weights mode. Version 12: the key may also "
        "be an objective's id, bounding the sum of its criteria's weights.")


class MethodParameters(_Strict):
    """The aggregation method's own parameters (version 7); a field left out takes the method's default."""

    vikor_v: Annotated[float, Field(ge=0.0, le=1.0)] | None = Field(
        None, description="VIKOR: the weight of the group utility against the individual regret (default 0.5).")


GROUP_RULES = ("mean", "geometric", "median", "aij")


class SessionGroup(_Strict):
    """How the workshop's weights are combined and which round is reported (version 7); a field left out takes
    the default (the arithmetic mean; the latest round entered)."""

    rule: Literal["mean", "geometric", "median", "aij"] | None = Field(
        None, description="How the participants' weights are combined.")
    round: Annotated[int, Field(ge=1, le=99), WHOLE] | None = Field(
        None, description="The participants' round the analysis reports; absent means the latest entered.")


class SlideChoice(_Strict):
    """One slide of the presentation as the facilitator arranged it: its key (the app's slide registry) and
    whether it is hidden. A key this app does not know (a later version's slide) is kept and ignored."""

    key: Id
    hidden: bool = False


class Session(_Strict):
    """The analysis a file was saved with: method, the profile it started from, the working weights, and
    (version 2) how its uncertainty is sampled, (version 4) the presentation's slides, and (version 7) the
    method's parameters and the workshop's rule and round. `core.document.AnalysisSpec` reads and writes it."""

    method: Literal["wsm", "wpm", "topsis", "vikor", "promethee2"] = "wsm"
    profile: str | None = None
    weights: dict[str, Annotated[float, Field(ge=0.0)]] = Field(default_factory=dict)
    uncertainty: SessionUncertainty | None = Field(
        None, description="Optional: SMAA settings; absent means the app's defaults.")
    slides: list[SlideChoice] | None = Field(
        None, description="Optional (version 5): the presentation's slides in the facilitator's order, each shown "
        "or hidden; slides not listed follow in the app's order; absent means every slide in the app's order.")
    parameters: MethodParameters | None = Field(
        None, description="Optional (version 7): the method's parameters; absent means the defaults.")
    group: SessionGroup | None = Field(
        None, description="Optional (version 7): the workshop's combining rule and reported round.")


ELICITATION_METHODS = ("direct", "ranking", "swing", "ahp")
Code = Annotated[str, Field(min_length=1, max_length=8, description="Anonymous code: P1, P2, ... (checked in check_model)")]
CODE_PATTERN = re.compile(r"P[1-9][0-9]{0,3}")


class AhpJudgements(_Strict):
    """Saaty's pairwise judgements, kept so they can be revisited: a full reciprocal matrix whose rows and
    columns follow `criteria` (matrix[i][j] = how much more important criteria[i] is than criteria[j])."""

    criteria: list[Id] = Field(min_length=2)
    matrix: list[list[Annotated[float, Field(gt=0.0)]]]


class BranchEntry(_Strict):
    """Points given per branch, not per criterion (version 13): `items` are what the participant weighted (the
    objectives at the level chosen, and any criterion standing beside them), and `shares` is each criterion's
    share of its item's points, as the facilitator's weights split the item when the round was entered (1 for a
    criterion weighted itself). The round's `weights` are the resulting criterion weights; its `inputs` (points,
    ranks or swing points) and `ahp` judgements name the items."""

    items: list[Id] = Field(min_length=1)
    shares: dict[Id, Annotated[float, Field(ge=0.0, le=1.0)]]


class NodeJudgements(_Strict):
    """AHP pairwise judgements among the children of one node of the value tree (version 13): `node` is an
    objective id, or absent for the top of the tree; `items` are its children (matrix[i][j] = how much more
    important items[i] is than items[j])."""

    node: Id | None = None
    items: list[Id] = Field(min_length=2)
    matrix: list[list[Annotated[float, Field(gt=0.0)]]]


class ParticipantRound(_Strict):
    """The weights one participant gave in one round, and how they were elicited.

    `weights` are non-negative points on any scale (normalised when used). `inputs` keeps what the
    participant entered for 'ranking' (a rank per criterion, 1 = most important, ties allowed) and 'swing'
    (points per criterion, 100 for the most important swing); 'ahp' keeps its judgements in `ahp` (one matrix
    over every criterion) or, with a value tree, node by node in `ahp_nodes` (version 13). A round given per
    branch (version 13) says so in `branches`; its inputs and judgements then name the branches.
    """

    round: Annotated[int, Field(ge=1, le=99), WHOLE] = 1
    method: Literal["direct", "ranking", "swing", "ahp"] = "direct"
    weights: dict[str, Annotated[float, Field(ge=0.0)]]
    inputs: dict[str, Annotated[float, Field(ge=0.0)]] | None = None
    ahp: AhpJudgements | None = None
    branches: BranchEntry | None = Field(
        None, description="Optional (version 13): the round was given per branch; what was weighted and how each "
        "branch's points split over its criteria.")
    ahp_nodes: list[NodeJudgements] | None = Field(
        None, description="Optional (version 13): an 'ahp' round's judgements node by node of the value tree "
        "(the children of each objective, and of the top), instead of one matrix over every criterion.")


class Participant(_Strict):
    """One workshop participant: shown by `code` (P1, P2, ... in order of entry) unless names are switched on.
    Since version 11 the id is made from the code (never from a name), the name (`label`) is kept only when the
    participant gave one, and `absent` lists the rounds the facilitator marked them absent from."""

    id: Id
    label: Name | None = Field(None, description="The participant's name, only when one was given (version 11: "
                               "optional; the code is enough).")
    code: Code
    note: Text = Field("", description="Dissent or reasoning, in the participant's words.")
    rounds: list[ParticipantRound] = Field(default_factory=list)
    absent: list[Annotated[int, Field(ge=1, le=99), WHOLE]] | None = Field(
        None, description="Optional (version 11): rounds the participant is marked absent from, so "
        "that a no-show does not leave the round partial.")

    def round(self, number: int) -> ParticipantRound | None:
        return next((r for r in self.rounds if r.round == number), None)

    @property
    def name(self) -> str:
        """The name given, else the code."""
        return self.label or self.code

    def expected(self, number: int) -> bool:
        """On the roster of round `number`: not marked absent from it (or entered it all the same)."""
        return number not in (self.absent or ()) or self.round(number) is not None


class DecisionModel(_Strict):
    schema_version: int = SCHEMA_VERSION
    title: Name
    author: Text = ""
    classification: Text = "UNCLASSIFIED"
    score_status: Text = Field(
        "", description="A note on the status of the scores (for example: illustrative, editable judgements)."
    )
    description: Text = ""
    baseline: Id | None = Field(
        None, description="Optional (version 5): id of the option that is today's situation, the common baseline.")
    sources: list[Source] = Field(default_factory=list)
    criteria: list[Criterion] = Field(min_length=1)
    objectives: list[Objective] = Field(
        default_factory=list, description="Optional (version 10): the value tree, criteria grouped into objectives "
        f"(at most {TREE_LEVELS_MAX} levels, the criteria's included); absent means a flat list of criteria.")
    options: list[Option] = Field(min_length=1)
    profiles: list[WeightProfile] = Field(min_length=1)
    session: Session | None = Field(None, description="Optional: the analysis state the file was saved with.")
    participants: list[Participant] = Field(
        default_factory=list, description="Optional (version 3): workshop participants and their weights.")

    @model_validator(mode="after")
    def _expected_values(self) -> DecisionModel:
        """Every score with outcomes gets its value, low and high from them (`fill_expected`)."""
        fill_expected(self)
        return self

    # Convenience lookups (not validation).
    def criterion_ids(self) -> list[str]:
        return [c.id for c in self.criteria]

    def option_ids(self) -> list[str]:
        return [o.id for o in self.options]

    def profile(self, profile_id: str) -> WeightProfile:
        for p in self.profiles:
            if p.id == profile_id:
                return p
        known = ", ".join(p.id for p in self.profiles)
        raise KeyError(f'no weight profile "{profile_id}" (this model has: {known})')

    def source(self, source_id: str) -> Source | None:
        return next((s for s in self.sources if s.id == source_id), None)


# Letters that Unicode's decomposition does not take to ASCII, spelt as their languages do when a keyboard lacks
# them (German ä -> ae, not a; Danish ø -> o; ß -> ss), so that an id stays readable: "Rückhalt" -> rueckhalt.
_SPELLED_OUT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ẞ": "ss", "æ": "ae", "œ": "oe", "ø": "o",
                              "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i"})


def ascii_words(name: str) -> str:
    """`name` in lower-case ASCII letters, digits and the rest, its accents dropped and its special letters spelt
    out (`_SPELLED_OUT`)."""
    lower = unicodedata.normalize("NFC", name).lower().translate(_SPELLED_OUT)
    return unicodedata.normalize("NFKD", lower).encode("ascii", "ignore").decode("ascii")


def make_id(name: str, taken: set[str]) -> str:
    """A new id from a name (lower-case ASCII letters, digits, '_'; "Rückhalt" -> rueckhalt, "Coût" -> cout),
    unique against `taken`, which it extends."""
    base = re.sub(r"[^a-z0-9]+", "_", ascii_words(name)).strip("_")[:48] or "item"
    out, k = base, 2
    while out in taken:
        out, k = f"{base}_{k}", k + 1
    taken.add(out)
    return out


def display_name(item: Option | Criterion) -> str:
    """What a reader sees where space is short (chart labels, matrix headers, slides): the short name when
    the item has one, else its name. Tooltips, tables with room and running text use the full `name`."""
    return item.short_name or item.name


def usable_value_function(c: Criterion) -> tuple[list[float], list[float]] | None:
    """The criterion's value function as (xs, values) when it is usable for expected values; None for none (linear)
    and for an invalid or non-monotone one (`check_model` reports those)."""
    vf = c.value_function
    if not vf or len(vf) < 2:
        return None
    xs, vs = [q.x for q in vf], [q.value for q in vf]
    if any(b <= a for a, b in itertools.pairwise(xs)) or not is_monotone(vs):
        return None
    return xs, vs


def fill_expected(model: DecisionModel) -> None:
    """Set every conditional score's value, low and high to the expected value of its outcomes and its range
    (`core.expected`), in place. References that do not resolve are left for `check_model` to report."""
    crits = {c.id: c for c in model.criteria}
    for o in model.options:
        conds = {c.id: c.likelihood for c in o.conditions}
        for cid, sc in o.scores.items():
            oc = sc.outcomes
            if oc is None or oc.condition not in conds or cid not in crits:
                continue
            lk, vf = conds[oc.condition], usable_value_function(crits[cid])
            a, r = oc.accepted, oc.refused
            low, high = expected_range((lk.low, lk.high), (a.low, a.high), (r.low, r.high), vf)
            value = float(expected_score(lk.value, a.value, r.value, vf))
            sc.value, sc.low, sc.high = min(max(value, low), high), low, high


def _num(x: float) -> str:
    return f"{x:g}"


def short(text: str, limit: int = 28) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def quoted_name(name: str, limit: int = 32) -> str:
    """A name as a message quotes it to a desk officer: whole words, cut with an ellipsis when long
    ("Raise the costs of war further…")."""
    words = " ".join(name.split())
    if len(words) <= limit:
        return words
    cut = words[: limit + 1].rsplit(" ", 1)[0] if " " in words[:limit] else words[:limit]
    return cut.rstrip(" ,;:.–-") + "…"


def option_place(i: int, name: str) -> str:
    return f'options[{i}] "{short(name)}"'


def criterion_place(j: int, name: str) -> str:
    return f'criteria[{j}] "{short(name)}"'


def participant_place(k: int, code: str) -> str:
    return f'participants[{k}] "{code}"'


def objective_place(k: int, name: str) -> str:
    return f'objectives[{k}] "{short(name)}"'


def profile_place(k: int, name: str) -> str:
    return f'profiles[{k}] "{short(name)}"'


def _duplicates(ids: list[str]) -> list[str]:
    seen: set[str] = set()
    dup: list[str] = []
    for i in ids:
        if i in seen and i not in dup:
            dup.append(i)
        seen.add(i)
    return dup


def check_model(model: DecisionModel) -> list[tuple[str, str]]:
    """Rules that span fields. Returns (place, message) pairs; empty when the model is consistent."""
    out: list[tuple[str, str]] = []
    for what, items in (
        ("sources", model.sources),
        ("criteria", model.criteria),
        ("options", model.options),
        ("profiles", model.profiles),
    ):
        for d in _duplicates([x.id for x in items]):
            out.append((what, f'the id "{d}" is used more than once; ids must be unique'))
    out.extend(_check_short_names("criteria", model.criteria, criterion_place))
    out.extend(_check_short_names("options", model.options, option_place))

    for k, src in enumerate(model.sources):
        for d in _duplicates(list(src.inferred or [])):
            out.append((f'sources[{k}] "{src.id}" / inferred', f'"{d}" is listed more than once'))
        for name in src.inferred or []:
            if not getattr(src, name):
                out.append((f'sources[{k}] "{src.id}" / inferred',
                            f'"{name}" is marked inferred but the source has no {name}; remove it from inferred'))
    source_ids = {s.id for s in model.sources}
    crit_ids = [c.id for c in model.criteria]
    crit_set = set(crit_ids)
    scales = {c.id: c.scale for c in model.criteria}
    crit_names = {c.id: c.name for c in model.criteria}
    crit_by_id = {c.id: c for c in model.criteria}

    for j, c in enumerate(model.criteria):
        place = criterion_place(j, c.name)
        s = c.scale
        if s is not None:
            if not s.min < s.max:
                out.append((f"{place} / scale", f"the minimum {_num(s.min)} must be below the maximum {_num(s.max)}"))
            else:
                have = {a.value for a in c.anchors}
                mid = (s.min + s.max) / 2
                for label, v in (("minimum", s.min), ("middle", mid), ("maximum", s.max)):
                    if not any(abs(h - v) <= 1e-9 * max(1.0, abs(v)) for h in have):
                        out.append(
                            (f"{place} / anchors", f"no anchor describes the scale's {label} ({_num(v)}); "
                             "describe at least both ends and the middle")
                        )
                for a_i, a in enumerate(c.anchors):
                    if not s.min <= a.value <= s.max:
                        out.append(
                            (f"{place} / anchors[{a_i}]",
                             f"anchor {_num(a.value)} lies outside the scale {_num(s.min)}..{_num(s.max)}")
                        )
        if sum(bool(a.baseline) for a in c.anchors) > 1:
            out.append((f"{place} / anchors", "more than one anchor is marked baseline; mark the one that "
                        "describes today's situation"))
        if c.value_function is not None:
            xs = [p.x for p in c.value_function]
            if len(xs) < 2:
                out.append((f"{place} / value_function", "needs at least two points"))
            elif any(b <= a for a, b in itertools.pairwise(xs)):
                out.append((f"{place} / value_function", "the points' x values must increase strictly"))
        if c.preference is not None and c.preference.q > c.preference.p:
            out.append(
                (f"{place} / preference",
                 f"the indifference threshold q {_num(c.preference.q)} is above the preference threshold "
                 f"p {_num(c.preference.p)}")
            )

    for i, o in enumerate(model.options):
        place = option_place(i, o.name)
        for s_id in o.sources:
            if s_id not in source_ids:
                out.append((f"{place} / sources", f'"{s_id}" is not a source id of this model'))
        for cid in crit_ids:
            if cid not in o.scores:
                out.append((place, f'no score for criterion "{cid}"; every option needs a score for every criterion'))
        for cid, sc in o.scores.items():
            sp = f"{place} / {cid}"
            if cid in crit_set:  # a score's problems are named in words: the option, the criterion
                sp = f"Option '{quoted_name(o.name)}', criterion '{quoted_name(crit_names[cid])}'"
            else:
                out.append((sp, f'"{cid}" is not a criterion id (known: {", ".join(crit_ids)})'))
                continue
            scale = scales[cid]
            if sc.outcomes is None:
                out.extend(_check_range(sp, sc.value, sc.low, sc.high, scale))
            else:
                out.extend(_check_outcomes(sp, sc.outcomes, scale, {c.id for c in o.conditions},
                                           crit_by_id[cid]))
            out.extend(_check_grounds(sp, sc, source_ids))
        out.extend(_check_conditions(place, o, source_ids))
    if model.baseline is not None and model.baseline not in {o.id for o in model.options}:
        out.append(("baseline", f'"{model.baseline}" is not an option id of this model'))

    if model.session is not None:
        sess = model.session
        if sess.profile is not None and sess.profile not in {p.id for p in model.profiles}:
            out.append(("session / profile", f'"{sess.profile}" is not a profile id of this model'))
        for cid in sess.weights:
            if cid not in crit_set:
                out.append((f"session / weights / {cid}", f'"{cid}" is not a criterion id'))
        if sess.weights and not any(w > 0 for w in sess.weights.values()):
            out.append(("session / weights", "every weight is zero; give at least one criterion a positive weight"))
        out.extend(_check_order(sess.uncertainty, crit_set, model.objectives))

    for k, p in enumerate(model.profiles):
        place = profile_place(k, p.name)
        for cid in crit_ids:
            if cid not in p.weights:
                out.append((place, f'no weight for criterion "{cid}"; give every criterion a weight (0 is allowed)'))
        for cid in p.weights:
            if cid not in crit_set:
                out.append((f"{place} / {cid}", f'"{cid}" is not a criterion id (known: {", ".join(crit_ids)})'))
        if not any(w > 0 for cid, w in p.weights.items() if cid in crit_set):
            out.append((place, "every weight is zero; give at least one criterion a positive weight"))
    out.extend(_check_participants(model, crit_ids))
    out.extend(check_objectives(model.objectives, crit_ids))
    return out


def check_objectives(objectives: Sequence[Objective], crit_ids: list[str]) -> list[tuple[str, str]]:
    """The value tree's rules: ids unique and apart from the criteria's; every child a criterion or an
    objective, listed in one place only; no empty objective; no cycle; at most `TREE_LEVELS_MAX` levels,
    the criteria's own level included."""
    if not objectives:
        return []
    out: list[tuple[str, str]] = []
    crit_set = set(crit_ids)
    node_ids = [o.id for o in objectives]
    node_at = {o.id: k for k, o in enumerate(objectives)}
    for d in _duplicates(node_ids):
        out.append(("objectives", f'the id "{d}" is used more than once; ids must be unique'))
    for k, o in enumerate(objectives):
        if o.id in crit_set:
            out.append((f"{objective_place(k, o.name)} / id", f'"{o.id}" is also a criterion id; give the objective '
                        "its own id"))
    out.extend(_check_short_names("objectives", objectives, objective_place))
    placed: dict[str, str] = {}  # child id -> the place that lists it first
    parent: dict[str, str] = {}
    for k, o in enumerate(objectives):
        place = objective_place(k, o.name)
        if not o.children:
            out.append((f"{place} / children", "the objective is empty; put at least one criterion or objective "
                        "under it, or remove it"))
        for i, child in enumerate(o.children):
            cp = f"{place} / children[{i}]"
            if child not in crit_set and child not in node_at:
                out.append((cp, f'"{child}" is neither a criterion id nor an objective id of this model'))
            elif child == o.id:
                out.append((cp, f'the objective "{o.id}" lists itself; an objective cannot contain itself'))
            elif child in placed:
                out.append((cp, f'"{child}" is also listed at {placed[child]}; each criterion and objective has '
                            "one place in the tree"))
            else:
                placed[child] = cp
                if child in node_at:
                    parent[child] = o.id
    cycle = False
    for k, o in enumerate(objectives):  # a cycle: following the parents comes back to the start
        seen = [o.id]
        node = o.id
        while node in parent:
            node = parent[node]
            if node == o.id:
                cycle = True
                if min(seen) == o.id:  # said once per cycle
                    path = " > ".join([*reversed(seen), seen[-1]])
                    out.append((objective_place(k, o.name), f"the objectives contain each other in a circle "
                                f"({path}); a tree has no cycles: move one of them out"))
                break
            if node in seen:
                break
            seen.append(node)
    if not cycle:
        out.extend(_check_depth(objectives, parent, crit_set))
    return out


def _check_depth(objectives: Sequence[Objective], parent: dict[str, str],
                 crit_set: set[str]) -> list[tuple[str, str]]:
    """The deepest criterion sits at most `TREE_LEVELS_MAX` levels down, counting its own level."""
    out: list[tuple[str, str]] = []
    for k, o in enumerate(objectives):
        depth, node, guard = 1, o.id, 0
        while node in parent and guard <= len(objectives):
            node, depth, guard = parent[node], depth + 1, guard + 1
        if any(c in crit_set for c in o.children) and depth + 1 > TREE_LEVELS_MAX:
            out.append((objective_place(k, o.name), f"its criteria sit {depth + 1} levels down; the tree has at most "
                        f"{TREE_LEVELS_MAX} levels (the criteria's own included): move them up a level"))
    return out


def _check_range(place: str, value: float, low: float, high: float, scale: Scale | None) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    if low > value:
        out.append((place, f"low {_num(low)} is above the value {_num(value)}"))
    if high < value:
        out.append((place, f"high {_num(high)} is below the value {_num(value)}"))
    if scale is not None and scale.min < scale.max:
        for label, v in (("low", low), ("value", value), ("high", high)):
            if v < scale.min:
                out.append((place, f"{label} {_num(v)} is below the scale minimum {_num(scale.min)}"))
            elif v > scale.max:
                out.append((place, f"{label} {_num(v)} is above the scale maximum {_num(scale.max)}"))
    return out


def _check_grounds(sp: str, sc: Score, source_ids: set[str]) -> list[tuple[str, str]]:
    """A score's citations name known sources, and its basis is backed (a passage for essay, reasoning for
    inference)."""
    out: list[tuple[str, str]] = []
    for k, cit in enumerate(sc.citations):
        if cit.source not in source_ids:
            out.append((f"{sp}, quote {k + 1}", f'"{cit.source}" is not a source id of this model'))
        if cit.note is not None and not cit.note.strip():
            out.append((f"{sp}, quote {k + 1}, note", "the note is empty; say how the passage bears on "
                        "the score, or remove the note"))
    if sc.basis == "essay" and not sc.citations:
        out.append((f"{sp}, basis", 'the basis is "essay" but no passage is cited; cite the passage that '
                    'states this judgement, or mark the basis "inference" or "judgement"'))
    if sc.basis == "inference" and not sc.rationale.strip():
        out.append((f"{sp}, basis", 'the basis is "inference" but the rationale is empty; say how the '
                    "score follows from the essay's argument"))
    return out


def _check_outcomes(sp: str, oc: ConditionalOutcomes, scale: Scale | None, conditions: set[str],
                    crit: Criterion) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    if oc.condition not in conditions:
        known = ", ".join(sorted(conditions)) or "none"
        out.append((f"{sp} / outcomes / condition", f'"{oc.condition}" is not a condition of this option (its '
                    f"conditions: {known}); add it to the option's conditions or name one of them"))
    for label, o in (("accepted", oc.accepted), ("refused", oc.refused)):
        out.extend(_check_range(f"{sp} / outcomes / {label}", o.value, o.low, o.high, scale))
    vf = crit.value_function
    if vf and len(vf) >= 2 and not is_monotone([q.value for q in vf]):
        out.append((f"{sp} / outcomes", f'the value function of "{crit.name}" rises and falls; an expected value '
                    "needs one that only rises or only falls: make it monotone or give a plain score"))
    return out


def _check_conditions(place: str, o: Option, source_ids: set[str]) -> list[tuple[str, str]]:
    """An option's conditions: unique ids, a likelihood from 0 to 1 with a backed basis, and each used by a score."""
    out: list[tuple[str, str]] = []
    for d in _duplicates([c.id for c in o.conditions]):
        out.append((f"{place} / conditions", f'the id "{d}" is used more than once; ids must be unique'))
    used = {sc.outcomes.condition for sc in o.scores.values() if sc.outcomes is not None}
    for k, cond in enumerate(o.conditions):
        cp = f'{place} / conditions[{k}] "{short(cond.name)}"'
        lk = cond.likelihood
        out.extend(_check_range(f"{cp} / likelihood", lk.value, lk.low, lk.high, Scale(min=0.0, max=1.0)))
        out.extend(_check_grounds(f"{cp} / likelihood", lk, source_ids))
        if lk.outcomes is not None:
            out.append((f"{cp} / likelihood / outcomes", "a likelihood is a chance from 0 to 1 and has no "
                        "outcomes of its own; remove them"))
        if cond.id not in used:
            out.append((cp, "no score of this option depends on this condition; give the criteria it affects "
                        "their outcomes if met and if not, or remove it"))
    return out


def _check_order(unc: SessionUncertainty | None, crit_set: set[str],
                 objectives: Sequence[Objective] = ()) -> list[tuple[str, str]]:
    """The session's order of importance and bounds name criteria or (version 12) the value tree's objectives,
    each once in the order; 'ordered' weights need one."""
    if unc is None:
        return []
    out: list[tuple[str, str]] = []
    node_set = {o.id for o in objectives}
    known = crit_set | node_set
    what = "criterion or objective" if node_set else "criterion"

    def unknown(cid: str) -> str:
        if node_set:
            return f'"{cid}" is neither a criterion id nor an objective id of this model'
        return f'"{cid}" is not a criterion id'

    seen: set[str] = set()
    for k, chain in enumerate(unc.order or []):
        for cid in chain:
            if cid not in known:
                out.append((f"session / uncertainty / order[{k}]", unknown(cid)))
            elif cid in seen:
                out.append((f"session / uncertainty / order[{k}]",
                            f'"{cid}" appears in more than one place; put each {what} in one chain, a>=b>=c'))
            seen.add(cid)
    if unc.weights_mode == "ordered" and not unc.order:
        out.append(("session / uncertainty / order", "weights_mode is \"ordered\" but no order is given; add "
                    "chains such as [\"casualties\", \"feasibility\"] or choose another weights_mode"))
    for cid, b in (unc.bounds or {}).items():
        if cid not in known:
            out.append((f"session / uncertainty / bounds / {cid}", unknown(cid)))
        elif b.low > b.high:
            out.append((f"session / uncertainty / bounds / {cid}",
                        f"low ({b.low:g}) is above high ({b.high:g}); give the least share first"))
    under = _criteria_under(objectives)
    bounded = {cid: b.low for cid, b in (unc.bounds or {}).items() if cid in known}
    lows = least_share(bounded, {cid: under.get(cid, frozenset({cid})) for cid in bounded})
    if lows > 1.0 + 1e-9:
        out.append(("session / uncertainty / bounds", f"the least shares add up to {lows:g}, more than the whole "
                    "weight (1); lower some of them"))
    return out


def _criteria_under(objectives: Sequence[Objective]) -> dict[str, frozenset[Hashable]]:
    """Each objective's criteria, however deep (an id that is not an objective's: itself)."""
    children = {o.id: o.children for o in objectives}
    out: dict[str, frozenset[Hashable]] = {}

    def under(i: str, seen: frozenset[str]) -> frozenset[Hashable]:
        if i not in children:
            return frozenset({i})
        if i not in out:
            out[i] = frozenset().union(*(under(c, seen | {i}) for c in children[i] if c not in seen))
        return out[i]

    for o in objectives:
        under(o.id, frozenset())
    return out


def _check_short_names(what: str, items: Sequence[Criterion | Option | Objective],
                       place_of: Callable[[int, str], str]) -> list[tuple[str, str]]:
    """A short name is not blank, and no two options (or criteria) have the same one, case and spacing
    aside: it is what tells them apart on a chart."""
    out: list[tuple[str, str]] = []
    first: dict[str, int] = {}
    for k, item in enumerate(items):
        if item.short_name is None:
            continue
        place = f"{place_of(k, item.name)} / short_name"
        key = " ".join(item.short_name.split()).casefold()
        if not key:
            out.append((place, "the short name is blank; give a few words that tell it apart, or remove it"))
        elif key in first:
            j = first[key]
            out.append((place, f'the short name "{item.short_name}" is also the short name of '
                        f"{place_of(j, items[j].name)}; short names tell {what} apart on the charts: give each "
                        "its own"))
        else:
            first[key] = k
    return out


def _check_participants(model: DecisionModel, crit_ids: list[str]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    parts = model.participants
    for d in _duplicates([p.id for p in parts]):
        out.append(("participants", f'the id "{d}" is used more than once; ids must be unique'))
    for d in _duplicates([p.code for p in parts]):
        out.append(("participants", f'the code "{d}" is used more than once; each participant needs their own'))
    crit_set = set(crit_ids)
    for k, p in enumerate(parts):
        place = participant_place(k, p.code)
        if not CODE_PATTERN.fullmatch(p.code):
            out.append((f"{place} / code", f'"{p.code}" is not an anonymous code; use P1, P2, ... in order of entry'))
        for d in _duplicates([str(r.round) for r in p.rounds]):
            out.append((f"{place} / rounds", f"round {d} is entered more than once for this participant"))
        for d in _duplicates([str(r) for r in p.absent or ()]):
            out.append((f"{place} / absent", f"round {d} is listed twice"))
        out.extend((f"{place} / absent", f"round {r} is entered for this participant: they were not absent")
                   for r in sorted(set(p.absent or ())) if p.round(r) is not None)
        for r_i, r in enumerate(p.rounds):
            rp = f"{place} / rounds[{r_i}]"
            for cid in crit_ids:
                if cid not in r.weights:
                    out.append((f"{rp} / weights", f'no weight for criterion "{cid}" (0 is allowed)'))
            for cid in r.weights:
                if cid not in crit_set:
                    out.append((f"{rp} / weights / {cid}", f'"{cid}" is not a criterion id'))
            if not any(w > 0 for cid, w in r.weights.items() if cid in crit_set):
                out.append((f"{rp} / weights", "every weight is zero; give at least one criterion a positive weight"))
            if r.method in ("ranking", "swing") and r.branches is None:
                if r.inputs is None:
                    out.append((f"{rp} / inputs", f"a '{r.method}' round keeps what was entered: add the inputs"))
                else:
                    out.extend((f"{rp} / inputs / {cid}", f'"{cid}" is not a criterion id')
                               for cid in r.inputs if cid not in crit_set)
                    if r.method == "ranking":
                        out.extend((f"{rp} / inputs / {cid}", f"rank {_num(v)} must be a whole number from 1")
                                   for cid, v in r.inputs.items() if v < 1 or v != int(v))
            if r.branches is not None:
                out.extend(_check_branch_round(rp, r, model))
            elif r.method == "ahp" and r.ahp_nodes is not None:
                out.extend(_check_ahp_nodes(rp, r.ahp_nodes, model))
                if r.ahp is not None:
                    out.append((f"{rp} / ahp", "judgements are kept node by node (ahp_nodes) or over every criterion "
                                "(ahp), not both"))
            elif r.method == "ahp":
                out.extend(_check_ahp(rp, r.ahp, crit_set))
            if r.method != "ahp" and (r.ahp is not None or r.ahp_nodes is not None):
                out.append((f"{rp} / ahp", f"pairwise judgements belong to an 'ahp' round, not '{r.method}'"))
    return out


def tree_children(model: DecisionModel) -> dict[str | None, list[str]]:
    """Every objective's children, and (key None) what stands at the top of the tree, in the order shown."""
    listed = {c for o in model.objectives for c in o.children}
    top = [o.id for o in model.objectives if o.id not in listed] + [c.id for c in model.criteria if c.id not in listed]
    return {None: top} | {o.id: list(o.children) for o in model.objectives}


def criteria_under(model: DecisionModel, item: str) -> list[str]:
    """The criteria inside an objective (depth first, in the order shown), or [item] for a criterion."""
    kids = {o.id: o.children for o in model.objectives}
    if item not in kids:
        return [item]
    out: list[str] = []
    stack = list(reversed(kids[item]))
    seen: set[str] = set()
    while stack:
        x = stack.pop()
        if x in seen:  # a cycle, reported by check_objectives
            continue
        seen.add(x)
        if x in kids:
            stack.extend(reversed(kids[x]))
        else:
            out.append(x)
    return out


def _check_branch_round(place: str, r: ParticipantRound, model: DecisionModel) -> list[tuple[str, str]]:
    """A round given per branch: its items are objectives or criteria, none inside another, together covering
    every criterion once; the shares split each item over its criteria (summing to 1); the inputs and the
    judgements name the items."""
    assert r.branches is not None
    bp = f"{place} / branches"
    out: list[tuple[str, str]] = []
    crit_ids = model.criterion_ids()
    known = set(crit_ids) | {o.id for o in model.objectives}
    items = r.branches.items
    for d in _duplicates(items):
        out.append((f"{bp} / items", f'"{d}" appears more than once'))
    bad = [i for i in items if i not in known]
    out.extend((f"{bp} / items", f'"{i}" is neither an objective nor a criterion of this model') for i in bad)
    if bad:
        return out
    owner: dict[str, str] = {}
    for i in items:
        for c in criteria_under(model, i):
            if c in owner and owner[c] != i:
                out.append((f"{bp} / items", f'"{i}" and "{owner[c]}" both hold the criterion "{c}"; give points to '
                            "one or the other"))
            owner.setdefault(c, i)
    missing = [c for c in crit_ids if c not in owner]
    if missing:
        name = next(c.name for c in model.criteria if c.id == missing[0])
        out.append((f"{bp} / items", f'the criterion "{quoted_name(name)}" ({missing[0]}) is in none of the branches '
                    "weighted: weight an objective above it, or the criterion itself"))
    shares = r.branches.shares
    out.extend((f"{bp} / shares / {c}", f'"{c}" is not a criterion id') for c in shares if c not in owner)
    for i in items:
        inside = criteria_under(model, i)
        lacking = [c for c in inside if c not in shares]
        if lacking:
            out.append((f"{bp} / shares", f'no share for the criterion "{lacking[0]}" (inside "{i}")'))
        elif abs(sum(shares[c] for c in inside) - 1.0) > 1e-6:
            out.append((f"{bp} / shares", f'the shares of the criteria inside "{i}" must add up to 1'))
    if r.inputs is not None:
        out.extend((f"{place} / inputs / {k}", f'"{k}" is not one of the branches weighted') for k in r.inputs
                   if k not in items)
    if r.method in ("ranking", "swing") and r.inputs is None:
        out.append((f"{place} / inputs", f"a '{r.method}' round keeps what was entered: add the inputs"))
    if r.method == "ahp":
        if r.ahp is None:
            out.append((f"{place} / ahp", "an 'ahp' round keeps its pairwise judgements: add them"))
        else:
            out.extend(_check_matrix(f"{place} / ahp", r.ahp.criteria, r.ahp.matrix, set(items),
                                     "one of the branches weighted", "criteria"))
    return out


def _check_ahp_nodes(place: str, nodes: Sequence[NodeJudgements], model: DecisionModel) -> list[tuple[str, str]]:
    """Judgements node by node: each node an objective (or the top) compared once, its items exactly its
    children, every node with two or more children judged."""
    out: list[tuple[str, str]] = []
    kids = tree_children(model)
    if not model.objectives:
        return [(f"{place} / ahp_nodes", "judgements node by node need a value tree (objectives); this model has none")]
    for d in _duplicates([n.node or "" for n in nodes]):  # "": the top of the tree (no objective's id is empty)
        where = "the top of the tree" if not d else f'the objective "{d}"'
        out.append((f"{place} / ahp_nodes", f"{where} is judged more than once; keep one matrix for it"))
    for k, n in enumerate(nodes):
        np_ = f"{place} / ahp_nodes[{k}]"
        if n.node is not None and n.node not in kids:
            out.append((f"{np_} / node", f'"{n.node}" is not an objective of this model'))
            continue
        children = kids[n.node]
        where = "the top of the tree" if n.node is None else f'"{n.node}"'
        if sorted(n.items) != sorted(children):
            out.append((f"{np_} / items", f"must be the children of {where}: {', '.join(children)}"))
            continue
        out.extend(_check_matrix(np_, n.items, n.matrix, set(children), f"a child of {where}"))
    judged = {n.node for n in nodes}
    for node, children in kids.items():
        if len(children) > 1 and node not in judged:
            out.append((f"{place} / ahp_nodes", "no judgements among the children of " +
                        ("the top of the tree" if node is None else f'"{node}"') + "; every node with two or more "
                        "children needs them"))
    return out


def _check_ahp(place: str, ahp: AhpJudgements | None, crit_set: set[str]) -> list[tuple[str, str]]:
    if ahp is None:
        return [(f"{place} / ahp", "an 'ahp' round keeps its pairwise judgements: add them")]
    return _check_matrix(f"{place} / ahp", ahp.criteria, ahp.matrix, crit_set, "a criterion id", "criteria")


def _check_matrix(place: str, names: list[str], matrix: list[list[float]], known: set[str],
                  what: str, field: str = "items") -> list[tuple[str, str]]:
    """A reciprocal judgement matrix whose rows and columns follow `names` (the list at `field`, each in `known`)."""
    out: list[tuple[str, str]] = []
    n = len(names)
    head = f"{place} / {field}"
    for d in _duplicates(names):
        out.append((head, f'"{d}" appears more than once'))
    out.extend((head, f'"{cid}" is not {what}') for cid in names if cid not in known)
    if len(matrix) != n or any(len(row) != n for row in matrix):
        out.append((f"{place} / matrix", f"must be {n} rows of {n} judgements, one per "
                    f"{'criterion' if field == 'criteria' else 'item'} listed"))
        return out
    for i in range(n):
        if abs(matrix[i][i] - 1.0) > 1e-9:
            out.append((f"{place} / matrix[{i}][{i}]",
                        f"{'a criterion' if field == 'criteria' else 'an item'} compared with itself must be 1"))
        for j in range(i + 1, n):
            a, b = matrix[i][j], matrix[j][i]
            if abs(a * b - 1.0) > 1e-6:
                out.append((f"{place} / matrix[{j}][{i}]",
                            f"must be the reciprocal of matrix[{i}][{j}] ({_num(a)}): {_num(1 / a)}, not {_num(b)}"))
    return out
