"""A round built from what was entered (`new_round.build_round`, called by the entry dialog's pages, a round per
branch and judgements node by node) is refused in words for a desk officer, with its place: never pydantic's
"Input should be …"."""

from __future__ import annotations

import numpy as np
import pytest
from group_models import WORKSHOP_MODEL

from decision_app.core import participant_edits as pe
from decision_app.core.errors import InputError
from decision_app.core.loading import load_model
from decision_app.core.new_round import build_round


@pytest.fixture
def model():
    return load_model(WORKSHOP_MODEL)


@pytest.mark.parametrize("kwargs,expected", [
    ({"round": 0}, "the weights cannot be kept: the round: must be 1 or more, not 0"),
    ({"round": 120}, "the weights cannot be kept: the round: must be 99 or less, not 120"),
    ({"method": "vote"}, "the weights cannot be kept: the method: must be one of 'direct', 'ranking', 'swing' or "
                         "'ahp', not vote"),
])
def test_a_bad_round_is_said_in_words_with_its_place(model, kwargs, expected):
    n = len(model.criteria)
    with pytest.raises(InputError) as info:
        pe.make_round(model, kwargs.get("round", 1), kwargs.get("method", "direct"), np.ones(n))
    assert str(info.value.problems[0].message) == expected
    assert "Input should" not in str(info.value)


def test_a_negative_weight_and_a_bad_judgement_name_their_place(model):
    ids = model.criterion_ids()
    with pytest.raises(InputError, match=f'the weight of "{ids[1]}": must be 0 or more, not -2'):
        build_round("weights", round=1, method="direct", weights={ids[0]: 1.0, ids[1]: -2.0})
    m = np.ones((len(ids), len(ids)))
    m[0, 1] = -1.0
    with pytest.raises(InputError, match="the judgements cannot be kept: the judgements, row 1, column 2: must be "
                                         "more than 0, not -1"):
        build_round("judgements", round=1, method="ahp", weights=dict.fromkeys(ids, 1.0),
                    ahp={"criteria": ids, "matrix": m.tolist()})
