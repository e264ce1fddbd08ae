"""The memo named the tipping point's options the wrong way round when the weight had to fall: "if the weight
of Time to effect fell from 0.09 to 0.06, A ceasefire … would lead instead of A conditional path …", while
its own chart and the slides said the conditional path leads below 0.06. The memo and the slides now phrase
it from one place, and the option named as the new leader is the one the engine ranks first there."""

from __future__ import annotations

import numpy as np
import pytest

from decision_app.core.compiled import compile_model
from decision_app.core.loading import load_model
from decision_app.core.sensitivity import TippingPoint
from decision_app.report.analysis import BriefOptions, analyse


def test_change_from_follows_the_direction_of_the_move():
    tp = TippingPoint(weight=0.3, before=1, after=2)
    assert tp.change_from(0.1) == (2, 1)  # the weight rises through 0.3: the option leading above it
    assert tp.change_from(0.5) == (1, 2)  # it falls through 0.3: the option leading below it


@pytest.mark.parametrize("method", ["wsm", "wpm", "topsis", "vikor", "promethee2"])
def test_the_memo_and_the_slides_name_the_option_that_would_lead(realistic_path, method):
    """Both state the nearest weight change of "What would change the answer" word for word; its new leader is
    the option the engine ranks first just past it, and the sentence names it as such."""
    from decision_app.core.answer import NEAREST_WEIGHT
    from decision_app.core.engine import Analysis
    from decision_app.core.sensitivity import sweep_weights
    from decision_app.core.snapshot import take_snapshot
    from decision_app.report.slide_content import spec_context, tipping_sentence

    model = load_model(realistic_path)
    c = compile_model(model)
    w = c.profile_weights(model.profiles[0].id)
    data = analyse(model, method, w, model.profiles[0].id, BriefOptions(samples=100, seed=1))
    assert data.answer is not None
    p = data.answer.nearest_weight_change()
    if p is None:
        pytest.skip(f"{method}: no weight tipping point in the default model")
    assert data.sentences["tipping"] == f"{NEAREST_WEIGHT}: {p.sentence}"
    if p.kind == "weight":  # the weights just past the tipping point, the others rescaled in proportion
        t = p.to + (1e-3 if p.to > p.start else -1e-3)
        moved = sweep_weights(np.asarray(data.weights, float), p.criterion, np.array([t]))[0]
        assert int(take_snapshot(Analysis(c), method, moved, profile_id=None).order[0]) == p.new_leader
    new, old = c.option_names[p.new_leader], c.option_names[p.leader]
    assert p.sentence.startswith((f"{new} overtakes {old}", f"{old} and {new} swap places"))
    ctx = spec_context(model, c, Analysis(c), data.analysis_spec, None, answer=data.answer)
    assert tipping_sentence(ctx) == data.sentences["tipping"]
