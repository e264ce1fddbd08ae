"""Moving one weight (the slider path): pure, Qt-free, in core.weights."""

from __future__ import annotations

import numpy as np
import pytest

from decision_app.core.weights import weights_after_move

W = np.array([0.4, 0.3, 0.2, 0.1])
NO_LOCKS = np.zeros(4, dtype=bool)


def test_others_give_way_in_proportion():
    out = weights_after_move(W, NO_LOCKS, 0, 0.7)
    assert out[0] == pytest.approx(0.7)
    assert out.sum() == pytest.approx(1.0)
    np.testing.assert_allclose(out[1:] / out[1:].sum(), W[1:] / W[1:].sum())  # their ratios are kept


def test_locked_weights_stay_and_the_moved_one_may_be_locked():
    locks = np.array([True, False, True, False])
    out = weights_after_move(W, locks, 1, 0.35)
    assert (out[0], out[2]) == (W[0], W[2])
    np.testing.assert_allclose(out, [0.4, 0.35, 0.2, 0.05])
    moved_locked = weights_after_move(W, np.array([True, False, False, False]), 0, 0.1)
    assert moved_locked[0] == pytest.approx(0.1)  # a lock on the weight being moved does not hold it


@pytest.mark.parametrize("value,expected", [(-0.5, 0.0), (0.95, 0.5), (2.0, 0.5)])
def test_value_is_clamped_to_what_the_locks_leave(value, expected):
    locks = np.array([False, True, True, False])  # 0.5 locked: the moved weight can reach 0.5 at most
    out = weights_after_move(W, locks, 0, value)
    assert out[0] == pytest.approx(expected)
    assert out[3] == pytest.approx(0.5 - expected)
    assert (out[1], out[2]) == (W[1], W[2])


def test_all_others_locked_changes_nothing():
    locks = np.array([False, True, True, True])
    out = weights_after_move(W, locks, 0, 0.9)
    np.testing.assert_array_equal(out, W)
    assert out is not W


def test_zero_rest_is_shared_equally():
    w = np.array([1.0, 0.0, 0.0, 0.0])
    out = weights_after_move(w, NO_LOCKS, 0, 0.4)
    np.testing.assert_allclose(out, [0.4, 0.2, 0.2, 0.2])


def test_inputs_are_not_modified():
    w, locks = W.copy(), np.array([True, False, False, False])
    weights_after_move(w, locks, 0, 0.9)
    np.testing.assert_array_equal(w, W)
    np.testing.assert_array_equal(locks, [True, False, False, False])
