"""The command line: documented commands, exact JSON, exit status 2 and no traceback on bad input."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys

import numpy as np
import pytest

from decision_app import __version__
from decision_app.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_version(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert __version__ in capsys.readouterr().out


def test_help_documents_each_command(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for cmd in ("validate", "score", "sensitivity", "uncertainty", "import", "export", "brief", "schema"):
        assert cmd in out


def test_validate_ok_and_bad(capsys, tmp_path, realistic_path):
    code, out, _ = run(capsys, "validate", str(realistic_path))
    assert code == 0 and "valid (12 options" in out
    bad = tmp_path / "bad.json"
    bad.write_text("{}", encoding="utf-8")
    code, out, err = run(capsys, "validate", str(realistic_path), str(bad))
    assert code == 2
    assert f"{bad}: schema_version" in err
    assert "Traceback" not in err


def test_score_json_exact_shape(capsys, realistic_path):
    code, out, _ = run(capsys, "score", str(realistic_path), "--json")
    assert code == 0
    data = json.loads(out)
    assert list(data) == ["model", "method", "profile", "weights", "ranking", "analysis", "verdict", "tipping_points"]
    assert data["method"] == "wsm" and data["profile"] == "equal"
    assert data["analysis"]["from"]["method"] == "default" and data["analysis"]["from"]["weights"] == "default"
    assert sum(data["weights"].values()) == pytest.approx(1.0)
    assert len(data["ranking"]) >= 10
    assert all(list(r) == ["option", "name", "score", "rank"] for r in data["ranking"])
    ranks = [r["rank"] for r in data["ranking"]]
    scores = [r["score"] for r in data["ranking"]]
    assert ranks == sorted(ranks) and ranks[0] == 1
    assert scores == sorted(scores, reverse=True)
    for a, b in itertools.pairwise(data["ranking"]):  # ties share the better rank
        assert (a["rank"] == b["rank"]) == (round(a["score"], 12) == round(b["score"], 12))


def test_score_with_weights(capsys, realistic_path):
    code, out, _ = run(capsys, "score", str(realistic_path), "--weights", "casualties=3,escalation_risk=1", "--json")
    data = json.loads(out)
    assert code == 0 and data["profile"] is None
    assert data["weights"]["casualties"] == pytest.approx(0.75)
    assert data["weights"]["feasibility"] == 0.0


@pytest.mark.parametrize("method", ["wsm", "wpm", "topsis", "vikor", "promethee2"])
def test_score_every_method_text(capsys, realistic_path, method):
    code, out, _ = run(capsys, "score", str(realistic_path), "--method", method, "--profile", "kogan_outlook")
    assert code == 0 and "Rank" in out and "Ukraine" in out


@pytest.mark.parametrize("argv,where", [
    (["--method", "best"], "--method"),
    (["--profile", "nobody"], "--profile"),
    (["--weights", "casualties=x"], "--weights"),
    (["--weights", "speed=1"], "--weights"),
    (["--weights", "casualties=0"], "--weights"),
])
def test_score_bad_arguments(capsys, realistic_path, argv, where):
    code, _out, err = run(capsys, "score", str(realistic_path), *argv)
    assert code == 2 and where in err and "Traceback" not in err


def test_score_accepts_spreadsheet(capsys, tmp_path):
    p = tmp_path / "t.csv"
    p.write_text("option,Risk,Gain\n#direction,min,max\nA,1,3\nB,2,9\nC,3,1\n", encoding="utf-8")
    code, out, _ = run(capsys, "score", str(p), "--json")
    data = json.loads(out)
    assert code == 0 and [r["option"] for r in data["ranking"]] == ["b", "a", "c"]


def test_import_export(capsys, tmp_path, realistic_path):
    xlsx = tmp_path / "m.xlsx"
    assert run(capsys, "export", str(realistic_path), "-o", str(xlsx))[0] == 0
    js = tmp_path / "m.json"
    assert run(capsys, "import", str(xlsx), "-o", str(js))[0] == 0
    code, _out, _ = run(capsys, "validate", str(js))
    assert code == 0
    code, _, err = run(capsys, "import", str(realistic_path), "-o", str(js))
    assert code == 2 and "import reads .csv or .xlsx" in err


def test_output_written_atomically(capsys, tmp_path, realistic_path, monkeypatch):
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "out.csv"
    target.write_text("previous", encoding="utf-8")
    import os

    def boom(*a, **k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)
    code, _, err = run(capsys, "export", str(realistic_path), "-o", str(target))
    assert code == 2 and "previous version is unchanged" in err
    assert target.read_text(encoding="utf-8") == "previous"
    assert [p.name for p in folder.iterdir()] == ["out.csv"]


def test_subprocess_bad_input_exit_2_no_traceback(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("option,A\n#direction,max\nx,abc\n", encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "decision_app", "score", str(bad)], capture_output=True, text=True)
    assert r.returncode == 2
    assert "B3" in r.stderr and "Traceback" not in r.stderr


SHEET = "option,Risk,Gain,Cost\n#direction,min,max,min\n#min,0,0,1\n#max,10,10,100\nA,2,7,30\nB,5,9,60\nC,1,3,10\nD,8,8,90\n"


@pytest.mark.parametrize("method", ["wsm", "wpm", "topsis", "vikor", "promethee2"])
def test_sensitivity_and_uncertainty_json_on_model_and_spreadsheet(capsys, tmp_path, realistic_path, method):
    sheet = tmp_path / "t.csv"
    sheet.write_text(SHEET, encoding="utf-8")
    for model in (str(realistic_path), str(sheet)):
        code, out, err = run(capsys, "sensitivity", model, "--method", method, "--json")
        assert code == 0, err
        data = json.loads(out)
        assert list(data) == ["method", "weights", "criteria", "analysis"] and data["method"] == method
        assert data["analysis"]["method"] == method and data["analysis"]["from"]["method"] == "--method"
        for c in data["criteria"]:
            assert list(c) == ["criterion", "weight", "stability", "tipping_points"]
            assert c["stability"][0] <= c["weight"] <= c["stability"][1]
            for tp in c["tipping_points"]:
                assert list(tp) == ["weight", "before", "after"] and tp["before"] != tp["after"]
        code, out, err = run(capsys, "uncertainty", model, "--method", method, "--samples", "3000", "--seed", "7",
                             "--json")
        assert code == 0, err
        data = json.loads(out)
        assert list(data) == ["samples", "seed", "acceptability", "central_weights", "confidence", "analysis"]
        assert data["samples"] == 3000 and data["seed"] == 7
        assert data["analysis"]["from"]["samples"] == "--samples" and data["analysis"]["from"]["spread"] == "default"
        acc = np.array(list(data["acceptability"].values()))
        np.testing.assert_allclose(acc.sum(axis=0), 1.0)
        np.testing.assert_allclose(acc.sum(axis=1), 1.0)


def test_uncertainty_modes_and_order(capsys, realistic_path):
    code, out, _ = run(capsys, "uncertainty", str(realistic_path), "--weights-mode", "ordered", "--order",
                       "casualties>=escalation_risk>=moral_hazard", "--samples", "2000", "--json")
    assert code == 0
    cw = [w for w in json.loads(out)["central_weights"].values() if w]
    assert cw and all(w["casualties"] >= w["escalation_risk"] >= w["moral_hazard"] for w in cw)
    code, _, err = run(capsys, "uncertainty", str(realistic_path), "--weights-mode", "ordered")
    assert code == 2 and "--order" in err
    code, _, err = run(capsys, "uncertainty", str(realistic_path), "--samples", "0")
    assert code == 2 and "--samples" in err


def test_blas_pinned_to_one_thread():
    import os

    env = {k: v for k, v in os.environ.items() if not k.endswith("_NUM_THREADS")}
    r = subprocess.run([sys.executable, "-c", "import decision_app, os; print(os.environ['OPENBLAS_NUM_THREADS'])"],
                       capture_output=True, text=True, env=env)
    assert r.stdout.strip() == "1"
