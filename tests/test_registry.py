"""The method registry: every record is complete, and everything dispatches through it (a new record works
everywhere with no other change)."""

from __future__ import annotations

import ast
import dataclasses
import typing
from pathlib import Path
from types import MappingProxyType

import numpy as np
import pytest

from decision_app.core import methods
from decision_app.core.compiled import from_arrays
from decision_app.core.engine import Analysis
from decision_app.core.errors import EngineError
from decision_app.core.methods import METHOD_NAMES, METHODS, MethodInputs, Prepared, get_method, prepare
from decision_app.core.schema import Session
from decision_app.core.sensitivity import sensitivity, sweep_grid
from decision_app.core.smaa import smaa
from decision_app.core.snapshot import take_snapshot

PKG = Path(__file__).resolve().parents[1] / "decision_app"
X = np.array([[3.0, 40.0, 2.0], [5.0, 10.0, 7.0], [4.0, 30.0, 9.0], [1.0, 20.0, 4.0]])
IS_COST = np.array([False, True, False])
W = np.array([0.5, 0.3, 0.2])


@pytest.mark.parametrize("name", METHOD_NAMES)
def test_every_record_is_complete_and_keeps_its_contracts(name):
    spec = METHODS[name]
    assert spec.name == name and get_method(name) is spec
    for text in (spec.label, spec.score_label, spec.description, spec.normalisation):
        assert isinstance(text, str) and text.strip()
    params = MethodInputs(vikor_v=0.25).params()
    normalisation = spec.normalisation_text(params)
    assert "{" not in normalisation and "}" not in normalisation
    assert callable(spec.prepare) and callable(spec.scores) and callable(spec.details)
    assert dataclasses.is_dataclass(spec) and spec.__dataclass_params__.frozen  # type: ignore[attr-defined]

    p = spec.prepare(X, IS_COST, MethodInputs())
    assert isinstance(p, Prepared) and p.method == name and p.higher_is_better is spec.higher_is_better
    s = p.scores(W)
    assert s.shape == (4,) and np.all(np.isfinite(s))
    Wk = np.vstack([W, [0.2, 0.2, 0.6]])
    np.testing.assert_allclose(p.scores(Wk)[0], s, atol=1e-12)  # one vector and a batch agree
    d = p.details(W)
    assert isinstance(d, dict) and d
    if spec.additive:
        np.testing.assert_allclose(d["contributions"].sum(axis=1), s, atol=1e-12)
    else:
        assert "contributions" not in d
    if spec.linear_values is not None:
        np.testing.assert_allclose(p.arrays[spec.linear_values] @ W, s, atol=1e-12)
        assert len(sweep_grid(name)) == 2
    assert spec.batch_cells(2, 4, 3) >= 2 * 4 * 3
    batch = spec.prepare(np.stack([X, X[::-1]]), IS_COST, MethodInputs())  # leading batch axes
    np.testing.assert_allclose(batch.scores(np.vstack([W, W]))[0], s, atol=1e-12)
    # The SMAA kernel orders the options as the scores do: keys (m, 1) for the matrix as one draw.
    assert spec.smaa is not None
    inputs = MethodInputs(X.min(axis=0), X.max(axis=0))
    keys = spec.smaa.combine(spec.smaa.terms(X.T[..., None], IS_COST, inputs), W[:, None], inputs)[:, 0]
    sign = 1.0 if spec.higher_is_better else -1.0
    assert list(np.argsort(-sign * keys, kind="stable")) == list(np.argsort(-sign * s, kind="stable"))


def test_names_are_derived_from_the_registry_and_the_file_format_knows_them():
    assert tuple(METHODS) == METHOD_NAMES
    assert isinstance(METHODS, MappingProxyType)  # read-only
    assert methods.DEFAULT_METHOD in METHODS
    literal = typing.get_args(Session.model_fields["method"].annotation)
    assert tuple(literal) == METHOD_NAMES, "core/schema.py's Session.method must list the registered methods"
    with pytest.raises(EngineError, match="choose one of wsm, wpm"):
        prepare("saw", X, IS_COST)


def test_vikor_normalisation_states_its_v():
    assert "v = 0.3." in METHODS["vikor"].normalisation_text({"v": 0.3})
    assert "v = 0.5." in METHODS["vikor"].normalisation_text(MethodInputs().params())


def test_a_new_record_works_everywhere_without_any_other_change(monkeypatch):
    """Dispatch reads only the registry: a renamed copy of a method scores, explains, sweeps, tips and samples
    exactly like the original."""
    for base in ("wsm", "topsis"):
        spec = METHODS[base]

        def renamed(X_, is_cost, inputs, _prep=spec.prepare):
            p = _prep(X_, is_cost, inputs)
            return Prepared("copy", p.arrays, p.params)

        copy = dataclasses.replace(spec, name="copy", label="Copy", prepare=renamed)
        monkeypatch.setattr(methods, "METHODS", MappingProxyType({**METHODS, "copy": copy}))
        c = from_arrays(X, IS_COST)
        a = Analysis(c)
        for attr in ("scores", "ranks", "order", "low", "high", "contributions", "sweep_scores"):
            got = getattr(take_snapshot(a, "copy", W), attr)
            want = getattr(take_snapshot(a, base, W), attr)
            if want is None:
                assert got is None, attr
            else:
                np.testing.assert_array_equal(got, want, err_msg=attr)
        assert [cs.stability for cs in sensitivity(a, "copy", W)] == [cs.stability for cs in sensitivity(a, base, W)]
        np.testing.assert_array_equal(smaa(c, "copy", samples=300, seed=2).acceptability,
                                      smaa(c, base, samples=300, seed=2).acceptability)
        monkeypatch.undo()


def _name_dispatch(path: Path) -> list[str]:
    """Comparisons with a method's name, and dicts keyed by method names: what a registry makes needless."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        consts: list[ast.expr] = []
        if isinstance(node, ast.Compare):
            consts = [node.left, *node.comparators]
        elif isinstance(node, ast.Dict):
            consts = [k for k in node.keys if k is not None]
        for c in consts:
            if isinstance(c, ast.Constant) and c.value in METHOD_NAMES:
                found.append(f"{path.relative_to(PKG.parent)}:{node.lineno}: {c.value!r}")
    return found


KNOWN: set[str] = set()  # modules allowed to name a method (none: SMAA's kernels live on the records too)


def test_no_module_dispatches_on_a_method_name():
    offenders = [hit for f in sorted(PKG.rglob("*.py")) if f.name != "methods.py" or f.parent.name != "core"
                 if str(f.relative_to(PKG.parent)) not in KNOWN for hit in _name_dispatch(f)]
    assert offenders == []
