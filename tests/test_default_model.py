"""The shipped default model: valid, complete, neutral, and quoting the essays character for character."""

from __future__ import annotations

import pytest
from conftest import SEEDS

from decision_app.core.loading import load_model


@pytest.fixture(scope="module")
def model():
    from conftest import DEFAULT_MODEL

    return load_model(DEFAULT_MODEL)


def test_at_least_ten_options_from_both_essays(model):
    assert len(model.options) >= 10
    cited = {s for o in model.options for s in o.sources}
    assert {"corcoran", "kogan"} <= cited
    assert sum("kogan" in o.sources for o in model.options) >= 3
    assert sum("corcoran" in o.sources for o in model.options) >= 7


def test_required_criteria_and_more(model):
    ids = {c.id for c in model.criteria}
    assert {"casualties", "escalation_risk", "russian_integration", "moral_hazard"} <= ids
    assert len(ids) >= 6
    for c in model.criteria:
        assert c.definition and c.scale is not None and len(c.anchors) >= 3


def test_every_score_has_range_and_rationale(model):
    for o in model.options:
        for cid, s in o.scores.items():
            assert s.low <= s.value <= s.high
            assert s.low < s.high, f"{o.id}/{cid} has no range"
            assert len(s.rationale) > 10


def test_every_option_cites_a_quote(model):
    for o in model.options:
        assert any(s.citations for s in o.scores.values()), o.id


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed essays (../shared/seeds or $DECISION_DESK_SEEDS) are not here")
def test_quotes_are_verbatim(model):
    texts = {s.id: (SEEDS / s.seed_file).read_text(encoding="utf-8") for s in model.sources}
    count = 0
    for o in model.options:
        for s in o.scores.values():
            for cit in s.citations:
                assert cit.quote in texts[cit.source], f"{o.id}: quote not found in {cit.source}: {cit.quote[:60]}"
                count += 1
    assert count >= 50
    # The seeds differ in their quote marks; the copies keep them.
    all_quotes = " ".join(c.quote for o in model.options for s in o.scores.values() for c in s.citations)
    assert "\u2019" in all_quotes and "'" in all_quotes


def _seed_texts(model):
    return {s.id: (SEEDS / s.seed_file).read_text(encoding="utf-8") for s in model.sources}


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed essays are not here")
def test_quoted_words_in_notes_and_descriptions_are_verbatim(model):
    """Whatever a note, a rationale or a description puts in double quotes is in one of the essays, or is a
    word the essays quote (such as "win")."""
    import re

    texts = " ".join(_seed_texts(model).values())
    prose = [model.description] + [p.description for p in model.profiles] + [o.summary for o in model.options]
    prose += [c.note or "" for o in model.options for s in o.scores.values() for c in s.citations]
    prose += [s.rationale for o in model.options for s in o.scores.values()]
    quoted = [q for text in prose for q in re.findall(r'"([^"]+)"|\u201c([^\u201d]+)\u201d', text) for q in q if q]
    assert len(quoted) >= 10
    for q in quoted:
        assert q in texts, f"not verbatim in the seeds: {q}"


def test_no_passage_cited_more_than_four_times(model):
    from collections import Counter

    counts = Counter((c.source, c.quote) for o in model.options for s in o.scores.values() for c in s.citations)
    assert max(counts.values()) <= 4
    assert len(counts) >= 40


def test_bases_and_baseline(model):
    bases = [s.basis for o in model.options for s in o.scores.values()]
    assert set(bases) == {"essay", "inference", "judgement"}
    assert not any(s.review for o in model.options for s in o.scores.values())
    base = next(o for o in model.options if o.id == model.baseline)
    for c in model.criteria:
        (anchor,) = [a for a in c.anchors if a.baseline]
        assert base.scores[c.id].value == anchor.value, c.id
    for o in model.options:  # an option cites only the essays it comes from
        assert {c.source for s in o.scores.values() for c in s.citations} <= set(o.sources), o.id
    assert {"humanitarian_food", "moscow_acceptance", "durability"} <= {c.id for c in model.criteria}


def test_sources_say_what_is_inferred(model):
    from decision_app.core.schema import source_label

    corcoran, kogan = model.source("corcoran"), model.source("kogan")
    assert corcoran.title == ""  # the seed text has no title; none is invented
    assert set(corcoran.inferred) == {"outlet", "date"} and "date" in kogan.inferred
    assert "date inferred:" in source_label(corcoran) and "untitled" not in source_label(corcoran)


def test_profiles_equal_and_one_per_essay(model):
    ids = [p.id for p in model.profiles]
    assert len(ids) >= 3
    eq = model.profile("equal")
    assert len(set(eq.weights.values())) == 1
    assert any("Corcoran" in p.name for p in model.profiles)
    assert any("Kogan" in p.name for p in model.profiles)
    assert all(len(p.description) > 40 for p in model.profiles)


def test_model_says_scores_are_illustrative(model):
    assert "illustrative" in model.score_status.lower()
    assert "editable" in model.score_status.lower()
    assert "advocates none" in model.score_status
