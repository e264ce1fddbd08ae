"""The fuzzers' shared parts: the command line run in-process, what every run must end in, the settings of
the two profiles, and the count of inputs each target ran (printed by conftest at the end of the session).

A run must end in exit status 0 or 2 (1 only for `audit --strict`), with no traceback, within generous budgets
of CPU time and memory (guards against hangs and exhaustion, not speed tests); a status 2 must say what was
wrong, naming the file when a file was the input being fuzzed. Output goes through strict UTF-8 streams, as on
a terminal, so text that cannot be printed fails here as it would there."""

from __future__ import annotations

import contextlib
import io
import os
import signal
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from hypothesis import HealthCheck, settings

from decision_app.cli import main

SHORT_PROFILE, FUZZ_PROFILE = "decision-desk", "fuzz"
FUZZ_EXAMPLES = 10_000
CPU_BUDGET = 60.0  # seconds of CPU per input: far beyond any real one; only a hang reaches it
MEMORY_BUDGET = 4 << 30  # bytes of address space per input beyond what the process had: likewise

# inputs run per target, and how many of them a command took (status 0), over the whole session; conftest
# prints them at the end
RUNS: Counter[str] = Counter()
TAKEN: Counter[str] = Counter()
# kill tests: (command, what) -> count, what being "kills", "in the write", "old file", "new file"
KILLS: Counter[tuple[str, str]] = Counter()


def register_profiles() -> None:
    """`make test`: a short, derandomised run per target, with no example database (tests stay independent);
    `make fuzz` (--hypothesis-profile=fuzz): 10,000 inputs per target, random, the failing input printed."""
    quiet = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example,
             HealthCheck.filter_too_much]
    settings.register_profile(SHORT_PROFILE, max_examples=60, derandomize=True, database=None, deadline=None,
                              suppress_health_check=quiet, print_blob=True)
    settings.register_profile(FUZZ_PROFILE, max_examples=FUZZ_EXAMPLES, database=None, deadline=None,
                              suppress_health_check=quiet, print_blob=True)


def fuzz_settings(short: int) -> settings:
    """`short` examples under the default profile (a target's share of `make test`), the fuzz profile's own
    count under `make fuzz`; DECISION_DESK_FUZZ_EXAMPLES, when set, for every target."""
    current = settings.default
    given = os.environ.get("DECISION_DESK_FUZZ_EXAMPLES")
    if given:
        return settings(current, max_examples=int(given))
    if current is not None and current.max_examples >= FUZZ_EXAMPLES:
        return settings(current)
    return settings(current, max_examples=short)


class HangError(Exception):
    """A run used more CPU time than any real input needs."""


@contextlib.contextmanager
def memory_guard(extra: int = MEMORY_BUDGET) -> Iterator[None]:
    """Let the run allocate at most `extra` bytes more address space (RLIMIT_AS), so that an input that would
    exhaust memory fails with MemoryError instead of bringing the machine's OOM killer (Linux only)."""
    try:
        import resource

        pages = int(Path("/proc/self/statm").read_text().split()[0])
    except (ImportError, OSError, ValueError):
        yield
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = pages * resource.getpagesize() + extra
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


@contextlib.contextmanager
def hang_guard(seconds: float = CPU_BUDGET) -> Iterator[None]:
    """Raise HangError in the run once the process has used `seconds` of CPU time (SIGPROF, so it leaves
    pytest-timeout's SIGALRM alone and does not fire while another program has the CPU)."""

    def alarm(signum: int, frame: object) -> None:
        raise HangError(f"more than {seconds:g} s of CPU time: a hang")

    previous = signal.signal(signal.SIGPROF, alarm)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


@dataclass(frozen=True)
class Run:
    argv: tuple[str, ...]
    code: int
    out: str
    err: str

    def __str__(self) -> str:
        return f"decision-app {' '.join(self.argv)}\n-> status {self.code}\nstdout: {self.out[-2000:]}\nstderr: {self.err[-4000:]}"


def _strict_stream() -> io.TextIOWrapper:
    return io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict", write_through=True)


def _text(stream: io.TextIOWrapper) -> str:
    buffer = stream.buffer
    assert isinstance(buffer, io.BytesIO)
    return buffer.getvalue().decode("utf-8", errors="backslashreplace")


def run_cli(argv: Sequence[str], target: str, cwd: Path) -> Run:
    """`decision-app ARGV` in this process, in folder `cwd` (so that any relative output lands there)."""
    RUNS[target] += 1
    out, err = _strict_stream(), _strict_stream()
    here = os.getcwd()
    os.chdir(cwd)
    try:
        with hang_guard(), memory_guard(), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(list(argv))
            except SystemExit as exc:  # argparse: --help (0) and usage errors (2)
                code = exc.code if isinstance(exc.code, int) else 2
    finally:
        os.chdir(here)
    TAKEN[target] += code == 0
    return Run(tuple(argv), code, _text(out), _text(err))


def check(run: Run, names: Sequence[str | Path] = ()) -> None:
    """What every run must end in. `names`: the input files being fuzzed; a status 2 must name one of them,
    unless the message is about a typed option (it then names the option)."""
    allowed = {0, 2} | ({1} if run.argv[:1] == ("audit",) and "--strict" in run.argv else set())
    assert run.code in allowed, f"unexpected exit status\n{run}"
    assert "Traceback" not in run.err and "Traceback" not in run.out, f"a traceback\n{run}"
    if run.code == 2:
        assert run.err.strip(), f"status 2 with no message\n{run}"
        if names and not run.err.startswith("usage:"):
            shown = [str(n) for n in names]
            assert any(n in run.err for n in shown) or "decision-app: --" in run.err, \
                f"the message names none of {shown}\n{run}"


def write_bytes(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def summary_lines() -> list[str]:
    """The inputs each fuzz target ran in this session (and how many a command took), and the kills of each
    kill test, as tables (empty when none ran)."""
    lines: list[str] = []
    if RUNS:
        width = max(len(t) for t in RUNS)
        lines += [f"{'fuzz target'.ljust(width)}  inputs run  status 0", f"{'-' * width}  ----------  --------"]
        lines += [f"{t.ljust(width)}  {n:>10,}  {TAKEN[t]:>8,}" for t, n in sorted(RUNS.items())]
        lines += [f"{'total'.ljust(width)}  {sum(RUNS.values()):>10,}  {sum(TAKEN.values()):>8,}", ""]
    commands = sorted({c for c, _ in KILLS})
    if commands:
        whats = ("kills", "in the write", "old file", "new file")
        lines.append("killed command  " + "  ".join(f"{w:>12}" for w in whats))
        lines += [f"{c:<14}  " + "  ".join(f"{KILLS[c, w]:>12,}" for w in whats) for c in commands]
    return lines

