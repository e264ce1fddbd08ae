"""Kill tests (issue 14): the command line killed with SIGKILL while it writes (`export`, `import`, `brief`)
leaves the target either as it was or complete and new, never cut short, and no stray file that could be
taken for it (a killed write may leave its hidden ``.NAME.*.tmp``, nothing else).

Half the kills come at a random (seeded) moment of the run, half just after the temporary file appears, so
that many land in the write itself. DECISION_DESK_KILLS sets the kills per command: a few in `make test`,
100 in `make fuzz` (the window's save has its own kill test, tests/test_kill_window.py, with the same
variable). The counts (kills, those in the write, old and new files found) are printed at the end of the session.
"""

from __future__ import annotations

import contextlib
import io
import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fuzzing import KILLS

from decision_app.cli import main
from decision_app.core.errors import InputError
from decision_app.core.loading import dump_model, load_model

ROOT = Path(__file__).resolve().parents[1]
MODEL = ROOT / "tests" / "fixtures" / "recalibrated-twelve-options.json"
KILLS_PER_COMMAND = int(os.environ.get("DECISION_DESK_KILLS", "2"))

# command -> (argument list with IN and OUT, the old target's name, the input to make)
COMMANDS = {
    "export": (["export", "IN", "-o", "OUT"], "table.xlsx", "model.json"),
    "import": (["import", "IN", "-o", "OUT"], "model.json", "table.xlsx"),
    "brief": (["brief", "IN", "-o", "OUT", "--date", "2024-01-01", "--samples", "5000"], "memo.pdf", "model.json"),
}


def _in_process(argv: list[str]) -> None:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        assert main(argv) == 0


def _content(path: Path) -> bytes:
    """What must match for the target to be the complete new file: the bytes, or for a workbook (which carries
    its time of writing) the model it reads back as (nothing, when it does not read)."""
    if path.suffix != ".xlsx":
        return path.read_bytes()
    try:
        return dump_model(load_model(path))
    except InputError:
        return b""


def _prepare(folder: Path, command: str) -> tuple[list[str], Path, bytes, bytes]:
    """The inputs, the target holding an older version, and the content a complete new target has."""
    argv, target_name, input_name = COMMANDS[command]
    folder.mkdir()
    source = folder / input_name
    if input_name == "model.json":
        source.write_bytes(MODEL.read_bytes())
    else:
        _in_process(["export", str(MODEL), "-o", str(source)])
    target = folder / target_name
    old_source = folder / "old-input.json"  # the old target: the same command run on a three-option model
    model = load_model(MODEL)
    old_source.write_bytes(dump_model(model.model_copy(update={"options": model.options[:3], "baseline": None})))
    old_in = old_source
    if input_name == "table.xlsx":
        old_in = folder / "old-input.xlsx"
        _in_process(["export", str(old_source), "-o", str(old_in)])
    _in_process([str(old_in) if a == "IN" else str(target) if a == "OUT" else a for a in argv])
    reference = folder / f"reference{target.suffix}"
    _in_process([str(source) if a == "IN" else str(reference) if a == "OUT" else a for a in argv])
    new = _content(reference)
    reference.unlink()
    cmd = [sys.executable, "-m", "decision_app.cli",
           *(str(source) if a == "IN" else str(target) if a == "OUT" else a for a in argv)]
    return cmd, target, target.read_bytes(), new


def _kill(cmd: list[str], folder: Path, target: Path, rng: random.Random, on_write: bool) -> bool:
    """Run and SIGKILL `cmd`; True when the kill came while its temporary file existed."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    temp = re.compile(rf"^\.{re.escape(target.name)}\..*\.tmp$")
    proc = subprocess.Popen(cmd, cwd=folder, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    during = False
    try:
        if on_write:  # wait for the temporary file, then a random moment of its writing
            while proc.poll() is None and not any(temp.match(n) for n in os.listdir(folder)):
                time.sleep(0.0005)
            time.sleep(rng.uniform(0, 0.004))
        else:
            time.sleep(rng.uniform(0, 2.5))
        during = proc.poll() is None and any(temp.match(n) for n in os.listdir(folder))
        with contextlib.suppress(ProcessLookupError):
            os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait()
    return during


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_killed_write_leaves_the_old_file_or_the_complete_new_one(tmp_path, command):
    folder = tmp_path / "work"
    cmd, target, old, new = _prepare(folder, command)
    expected = {p.name for p in folder.iterdir()}
    temp = re.compile(rf"^\.{re.escape(target.name)}\..*\.tmp$")
    rng = random.Random(f"kill {command}")
    outcomes = []
    for k in range(KILLS_PER_COMMAND):
        target.write_bytes(old)
        during = _kill(cmd, folder, target, rng, on_write=k % 2 == 1)
        now = target.read_bytes()
        outcome = "old" if now == old else "new" if _content(target) == new else "damaged"
        assert outcome != "damaged", f"kill {k}: the target is neither the old file nor the complete new one"
        outcomes.append(outcome)
        stray = {p.name for p in folder.iterdir()} - expected
        assert all(temp.match(n) for n in stray), f"kill {k}: files that could be taken for {target.name}: {stray}"
        for n in stray:
            (folder / n).unlink()
        KILLS[command, "kills"] += 1
        KILLS[command, "in the write"] += during
        KILLS[command, f"{outcome} file"] += 1
    assert len(outcomes) == KILLS_PER_COMMAND
