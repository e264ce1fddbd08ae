"""The README's verdicts block (item 8 of issue 24) is the app's own output: scripts/readme_verdicts.py writes it
from `decision-app score --profile ID --json`, and this test fails when the README and the app differ."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def rv():
    spec = importlib.util.spec_from_file_location("readme_verdicts", ROOT / "scripts" / "readme_verdicts.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_readme_block_is_what_the_app_computes_now(rv):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert rv.current(readme) == rv.block(), "README.md is stale: run python scripts/readme_verdicts.py"


def test_the_block_carries_every_profile_leader_kind_shares_and_tipping_points(rv):
    block = rv.current((ROOT / "README.md").read_text(encoding="utf-8"))
    model = json.loads(rv.MODEL.read_text(encoding="utf-8"))
    for p in model["profiles"]:
        d = rv.app_answer(rv.MODEL, p["id"])
        v = d["verdict"]
        section = block.split(f"(`--profile {p['id']}`)")[1].split("**")[0:3]
        text = "**".join(section)
        names = {r["option"]: r["name"] for r in d["ranking"]}
        assert f"- Leader: {names[v['leader']]} " in text, p["id"]
        assert f"**{rv.KINDS[v['kind']]}**" in text, p["id"]
        top_share, top = max((s, o) for o, s in v["first_share"].items())
        assert f"{names[top]} {top_share * 100:.1f} %" in block.split(f"(`--profile {p['id']}`)")[1], p["id"]
        assert d["tipping_points"][0]["sentence"] in block, p["id"]


def test_a_changed_figure_is_caught(rv, tmp_path, monkeypatch):
    """The check is not vacuous: a README whose block has one figure changed fails `--check`."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = rv.current(readme)
    changed = block.replace(" %", " %.", 1)
    assert changed != block
    fake = tmp_path / "README.md"
    fake.write_text(readme.replace(block, changed), encoding="utf-8")
    monkeypatch.setattr(rv, "README", fake)
    assert rv.main(["--check"]) == 1
    fake.write_text(readme, encoding="utf-8")
    assert rv.main(["--check"]) == 0


def test_rewrite_refuses_a_readme_without_the_markers(rv):
    with pytest.raises(ValueError, match="no block"):
        rv.rewrite("# A README with no block\n", "x")
