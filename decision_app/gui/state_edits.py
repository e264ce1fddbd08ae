"""The undoable edits of the analysis state: the model (`replace_model`) and the analysis specification (one
generic path, `_change`: weights, profile, method, uncertainty settings, slides), plus the selection and the
workshop's rule and round (view choices saved with the file, not undo steps).

`Edits` is a mixin of `state.AnalysisState`, kept apart so the state module holds only the document, its
signals, the computation and the worker. Every edit here pushes a `commands.SetValueCommand` onto the state's
undo stack, whose apply function puts the new value in place and emits the signals that say what changed.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from decision_app.core.compiled import normalize_weights
from decision_app.core.document import AnalysisSpec, carry_spec
from decision_app.core.methods import METHODS
from decision_app.core.schema import DecisionModel, SlideChoice
from decision_app.core.snapshot import UncertaintySettings
from decision_app.core.weights import weights_after_move
from decision_app.gui.commands import SetValueCommand, method_label

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance
    from PySide6.QtGui import QUndoStack

    from decision_app.core.compiled import CompiledModel
    from decision_app.core.engine import Analysis

IN_THE_WINDOW = "set in the window"  # where a setting changed here came from, as the memo says


class Edits:
    """Mixin: what `AnalysisState` provides is declared here for the type checker."""

    model: DecisionModel
    spec: AnalysisSpec
    compiled: CompiledModel
    analysis: Analysis
    locks: np.ndarray
    undo_stack: QUndoStack
    selected_option: int
    selected_criterion: int
    _drag: int
    sig_model_changed: SignalInstance
    sig_participants_changed: SignalInstance
    sig_weights_changed: SignalInstance
    sig_method_changed: SignalInstance
    sig_results_changed: SignalInstance
    sig_selection_changed: SignalInstance
    sig_smaa_settings_changed: SignalInstance
    sig_slides_changed: SignalInstance
    sig_group_changed: SignalInstance

    if TYPE_CHECKING:  # the state's own
        def notify(self, text: str) -> None: ...
        def recompute(self, schedule_smaa: bool = True) -> None: ...
        def schedule_smaa(self, now: bool = False) -> None: ...
        def _compile(self) -> None: ...
        def _clamp_selection(self, keep: bool) -> None: ...
        def _compute_results(self) -> None: ...
        def _refresh_dirty(self, *_args: object) -> None: ...

    @property
    def weights(self) -> np.ndarray:
        return self.spec.weights

    @property
    def method(self) -> str:
        return self.spec.method

    @property
    def profile_id(self) -> str | None:
        return self.spec.profile

    @property
    def smaa_settings(self) -> UncertaintySettings:
        return self.spec.uncertainty

    @property
    def slides(self) -> list[SlideChoice] | None:
        return list(self.spec.slides) if self.spec.slides is not None else None

    # --- model edits (undoable) -----------------------------------------------------------------------

    def replace_model(self, new: DecisionModel, text: str) -> None:
        """A new model as one undo step, the analysis and locks carried over by criterion (`carry_spec`); on
        undo exactly those the old model had (a deleted criterion's weight and lock come back)."""
        locks = dict(zip(self.compiled.criterion_ids, self.locks, strict=True))
        after = ModelStep(new, carry_spec(self.spec, new),
                          np.array([locks.get(c, False) for c in new.criterion_ids()], dtype=bool))
        self.undo_stack.push(SetValueCommand(self._apply_model, ModelStep(self.model, self.spec, self.locks.copy()),
                                             after, text))
        self.notify(text)

    def _apply_model(self, step: ModelStep) -> None:
        if _only_participants_differ(self.model, step.model):
            # A roster or weight entry changes no option, criterion or score (nor the weights that go with
            # them): nothing to recompile, no chart to rebuild; the participants' views refresh on their signal.
            self.model = step.model
            self.sig_participants_changed.emit()
            return
        self.model = step.model  # the workshop's rule and round are not undone by a model step
        self.spec = dataclasses.replace(step.spec, group_rule=self.spec.group_rule, group_round=self.spec.group_round)
        self._compile()
        self.locks = step.locks.copy()
        self._clamp_selection(True)
        self._compute_results()
        for sig in (self.sig_model_changed, self.sig_weights_changed, self.sig_results_changed):
            sig.emit()
        self.schedule_smaa()

    # --- the analysis (undoable, one path) ------------------------------------------------------------

    def _change(self, text: str, merge_key: Any = None, **values: Any) -> None:
        """Settings of the specification as one undo step; steps with one `merge_key` join into one."""
        old = {name: getattr(self.spec, name) for name in values}
        self.undo_stack.push(SetValueCommand(self._apply, old, values, text, merge_key))

    def _apply(self, values: dict[str, Any]) -> None:
        self.spec = self.spec.replace(IN_THE_WINDOW, **values)
        if "weights" in values:
            self.sig_weights_changed.emit()
        if "method" in values:
            self.sig_method_changed.emit(self.method)
        for name, sig in (("uncertainty", self.sig_smaa_settings_changed), ("slides", self.sig_slides_changed)):
            if name in values:
                sig.emit()
        if "weights" in values or "method" in values:
            self.recompute()
        elif "uncertainty" in values:
            self.schedule_smaa(now=True)

    def begin_drag(self) -> None:
        """A slider was pressed: the moves until release form one undo step."""
        self._drag += 1

    def end_drag(self) -> None:
        self._drag += 1

    def set_weight(self, k: int, value: float, source: str = "slider") -> None:
        new = weights_after_move(self.weights, self.locks, k, value)
        if np.allclose(new, self.weights, rtol=0, atol=1e-12):
            self.sig_weights_changed.emit()  # snap the control back (locked or clamped)
            return
        self._change(f"Weight of {self.compiled.criterion_names[k]}", (source, k, self._drag), weights=new,
                     profile=None)

    def set_weights(self, w: np.ndarray, text: str = "Set weights") -> None:
        self._change(text, weights=normalize_weights(w), profile=None)

    def use_profile(self, profile_id: str) -> None:
        name = self.compiled.profile_names[profile_id]
        self._change(f"Weights: {name}", weights=self.compiled.profile_weights(profile_id), profile=profile_id)
        self.notify(f"Weights from the profile \u201c{name}\u201d")

    def reset_to_profile(self) -> None:
        self.use_profile(self.profile_id or self.model.profiles[0].id)

    def set_lock(self, k: int, locked: bool) -> None:
        self.locks[k] = locked
        self.sig_weights_changed.emit()

    def set_method(self, method: str) -> None:
        """Switch method as one undo step; a method that cannot rank this model is refused with a status
        message and nothing pushed (the method controls are told to show the current method again)."""
        if method == self.method or method not in METHODS:
            return
        why = self.analysis.cannot_rank(method)
        if why is not None:
            self.notify(f"{METHODS[method].label} cannot rank this model: {why}")
            self.sig_method_changed.emit(self.method)
            return
        self._change(f"Method: {method_label(method)}", method=method)  # the label, not the name

    def set_smaa_settings(self, **changes: Any) -> None:
        """Change fields of the uncertainty settings as one undo step (nothing when they stay the same)."""
        new = dataclasses.replace(self.smaa_settings, **changes)
        if new != self.smaa_settings:
            old = self.smaa_settings
            what = ", ".join(n.replace("_", " ") for n in changes if getattr(new, n) != getattr(old, n))
            self._change(f"Uncertainty: {what}", uncertainty=new)

    def set_slides(self, slides: list[SlideChoice] | None) -> None:
        """The presentation's slide arrangement (order, hidden ones) as one undo step; saved in the session."""
        if slides != self.slides:
            self._change("Arrange slides", slides=tuple(slides) if slides is not None else None)

    def set_group(self, rule: str, round: int | None) -> None:
        """The workshop's combining rule and reported round (None: the latest): a view choice that is saved
        with the file, not an undo step (the round follows the participants' entries)."""
        if (rule, round) != (self.spec.group_rule, self.spec.group_round):
            self.spec = self.spec.replace(IN_THE_WINDOW, group_rule=rule, group_round=round)
            self.sig_group_changed.emit()
            self._refresh_dirty()

    def select(self, option: int | None = None, criterion: int | None = None) -> None:
        if option is not None:
            self.selected_option = int(np.clip(option, 0, self.compiled.m - 1))
        if criterion is not None and criterion != self.selected_criterion:
            self.selected_criterion = int(np.clip(criterion, 0, self.compiled.n - 1))
            self.recompute(schedule_smaa=False)
        self.sig_selection_changed.emit(self.selected_option, self.selected_criterion)


@dataclass(frozen=True, eq=False)
class ModelStep:
    """What one model edit puts in place: the model, the analysis carried to it and the locks."""

    model: DecisionModel
    spec: AnalysisSpec
    locks: np.ndarray


def _only_participants_differ(old: DecisionModel, new: DecisionModel) -> bool:
    """True when `new` is `old` with other participants (identity first: edits share the untouched fields)."""
    return old.participants != new.participants and all(
        getattr(old, f) is getattr(new, f) or getattr(old, f) == getattr(new, f)
        for f in type(new).model_fields if f != "participants")
