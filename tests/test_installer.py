"""Build the PyInstaller bundle and run it from another folder, with no Python of ours on the path."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.timeout(1800)  # building the bundle takes minutes on two cores

ROOT = Path(__file__).resolve().parents[1]


def _pyinstaller_problem() -> str | None:
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        return "PyInstaller is not installed in this environment"
    if sys.platform.startswith("linux") and shutil.which("objdump") is None:
        return "PyInstaller needs objdump (Debian package binutils) on Linux"
    return None


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    problem = _pyinstaller_problem()
    if problem:
        pytest.skip(problem)
    work = tmp_path_factory.mktemp("build")
    r = subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--distpath", str(work / "dist"),
                        "--workpath", str(work / "work"), str(ROOT / "build_installer.spec")],
                       capture_output=True, text=True, cwd=ROOT, timeout=900)
    assert r.returncode == 0, r.stderr[-3000:]
    moved = tmp_path_factory.mktemp("elsewhere") / "decision-desk"
    shutil.copytree(work / "dist" / "decision-desk", moved, symlinks=True)
    shutil.rmtree(work)
    return moved


def _pins(lock: str) -> set[str]:
    text = (ROOT / "requirements" / lock).read_text(encoding="utf-8")
    return {_canonical(name) for name in re.findall(r"^([A-Za-z0-9._-]+)==", text, re.MULTILINE)}


def _canonical(dist: str) -> str:
    return re.sub(r"[-_.]+", "-", dist).lower()


def run(bundle: Path, program: str, *args, **env) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    clean["PATH"] = "/usr/bin:/bin"
    clean.update(env)
    return subprocess.run([str(bundle / program), *args], capture_output=True, text=True, timeout=120,
                          cwd=bundle.parent, env=clean)


@pytest.mark.slow
def test_frozen_cli(bundle):
    model = bundle / "_internal" / "models" / "ending-the-war.json"
    assert model.exists(), "models/ travels inside the bundle"
    assert (bundle / "_internal" / "resources" / "icon.png").exists()
    r = run(bundle, "decision-app", "--version")
    assert r.returncode == 0 and re.search(r"Decision Desk \d+\.\d+\.\d+", r.stdout)
    assert run(bundle, "decision-app", "validate", str(model)).returncode == 0
    r = run(bundle, "decision-app", "score", str(model), "--json", "--method", "promethee2")
    assert r.returncode == 0 and '"method": "promethee2"' in r.stdout
    bad = run(bundle, "decision-app", "validate", str(bundle / "missing.json"))
    assert bad.returncode == 2 and "no such file" in bad.stderr and "Traceback" not in bad.stderr


@pytest.mark.slow
def test_frozen_brief_is_correct(bundle, tmp_path):
    import io

    from pypdf import PdfReader

    out = tmp_path / "memo.pdf"
    model = bundle / "_internal" / "models" / "ending-the-war.json"
    r = run(bundle, "decision-app", "brief", str(model), "-o", str(out), "--date", "2026-11-22")
    assert r.returncode == 0, r.stderr
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(out.read_bytes())).pages]
    assert all("UNCLASSIFIED // ILLUSTRATIVE" in p for p in pages)
    from decision_app.core.compiled import compile_model
    from decision_app.core.loading import load_model
    from decision_app.report.brief import BriefOptions, build_brief

    m = load_model(model)
    first = " ".join(pages[0].split())  # the shipped model's options, named in the bottom line and the ranking
    assert "Bottom line" in first and sum(o.name in first for o in m.options) >= len(m.options) // 2
    # the frozen app writes the same bytes as the app run from source
    pdf, _ = build_brief(m, "wsm", compile_model(m).profile_weights("equal"), "equal",
                         BriefOptions(date="2026-11-22"))
    assert out.read_bytes() == pdf


@pytest.mark.slow
def test_frozen_window_selftest(bundle, tmp_path):
    r = run(bundle, "decision-desk", "--selftest", str(tmp_path / "views"), QT_QPA_PLATFORM="offscreen")
    assert r.returncode == 0, r.stderr[-2000:]
    assert "selftest: ok" in r.stdout
    for name in ("ranking", "sensitivity", "uncertainty", "profile", "matrix", "window"):
        assert (tmp_path / "views" / f"{name}.png").stat().st_size > 2000


@pytest.mark.slow
def test_bundle_carries_no_dev_package(bundle):
    """Nothing installed only for tests, checks or the build (dev.txt less runtime.txt) is frozen in, nor
    setuptools (in runtime.txt only to install the project)."""
    from importlib.metadata import packages_distributions

    from PyInstaller.archive.readers import pkg_archive_contents

    dev_only = _pins("dev.txt") - _pins("runtime.txt") | {"setuptools"}
    dev_modules = {module for module, dists in packages_distributions().items()
                   if {_canonical(d) for d in dists} <= dev_only}
    assert {"pytest", "mypy", "pymcdm", "matplotlib", "PyInstaller", "setuptools"} <= dev_modules  # the check can fail
    internal = list((bundle / "_internal").iterdir())
    frozen = {name.split(".")[0] for name in pkg_archive_contents(str(bundle / "decision-app"))}
    frozen |= {p.name.split(".")[0] for p in internal}
    assert sorted(frozen & dev_modules) == []
    dists = {_canonical(p.name.split("-")[0]) for p in internal if p.name.endswith(".dist-info")}
    assert sorted(dists & dev_only) == []
