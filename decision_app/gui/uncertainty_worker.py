"""The uncertainty analysis (SMAA) off the GUI thread: one job at a time on a one-thread pool, started after a
short pause in the changes, its result dropped when a newer request superseded it.

`UncertaintyWorker` knows nothing of the document: on each start it asks the `inputs` callable given by
its owner (the analysis state) for what to analyse (the compiled model and the analysis specification), runs
`document.run_spec_uncertainty` on them (the command line's function, so the same seed gives the same digits),
and hands the result back through its signals. It holds no result; the state keeps the last one.

Signals:
    sig_result(object): a core `Uncertainty` (the result with what produced it) for the latest request.
    sig_failed(str): the job raised; the message says why.
    sig_running(bool): a job started (True) or the worker went idle (False).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, QTimer, Signal

from decision_app.core.compiled import CompiledModel
from decision_app.core.document import AnalysisSpec, run_spec_uncertainty
from decision_app.core.snapshot import Uncertainty

DELAY_MS = 200  # the pause after the last change before a run starts

# What one run analyses: the compiled model and the analysis specification (frozen: safe to hand over).
Inputs = tuple[CompiledModel, AnalysisSpec]


class _SmaaSignals(QObject):
    done = Signal(int, object)  # generation, Uncertainty or an error message


class _SmaaJob(QRunnable):
    def __init__(self, generation: int, compiled: CompiledModel, spec: AnalysisSpec, signals: _SmaaSignals):
        super().__init__()
        self.generation, self.compiled, self.spec, self.signals = generation, compiled, spec, signals

    def run(self) -> None:
        res: Uncertainty | str
        try:
            res = run_spec_uncertainty(self.compiled, self.spec, threads=1)
        except Exception as exc:  # noqa: BLE001 - reported in the status bar, never kills the worker
            res = f"Uncertainty analysis failed: {exc}"
        self.signals.done.emit(self.generation, res)


class UncertaintyWorker(QObject):
    sig_result = Signal(object)
    sig_failed = Signal(str)
    sig_running = Signal(bool)

    def __init__(self, inputs: Callable[[], Inputs], parent: QObject | None = None, delay_ms: int = DELAY_MS):
        super().__init__(parent)
        self._inputs = inputs
        self._generation = 0  # bumped by every request
        self._generation_shown = -1  # the request whose result was last delivered
        self._busy = False
        self._pending = False  # a request arrived while a job ran: start again when it ends
        self._signals = _SmaaSignals()
        self._signals.done.connect(self._done)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self._start)

    @property
    def busy(self) -> bool:
        return self._busy

    def set_delay(self, msecs: int) -> None:
        """The pause after the last request before a run starts (benchmarks set it out of the way)."""
        self._timer.setInterval(msecs)

    def schedule(self, now: bool = False) -> None:
        """A new request: after the pause, or at once with `now`; older requests' results are dropped."""
        self._generation += 1
        if now:
            self._timer.stop()
            self._start()
        else:
            self._timer.start()

    def _start(self) -> None:
        if self._busy:
            self._pending = True
            return
        self._busy = True
        self._pending = False
        self.sig_running.emit(True)
        compiled, spec = self._inputs()
        self._pool.start(_SmaaJob(self._generation, compiled, spec, self._signals))

    def _done(self, generation: int, result: Uncertainty | str) -> None:
        self._busy = False
        if isinstance(result, str):
            self.sig_failed.emit(result)
        elif generation == self._generation:
            self._generation_shown = generation
            self.sig_result.emit(result)
        if self._pending or generation != self._generation:
            self._start()
        else:
            self.sig_running.emit(False)

    def shutdown(self) -> None:
        """Stop scheduling and let a running job finish, so nothing runs while Qt tears down."""
        self._timer.stop()
        self._pending = False
        self._pool.waitForDone(-1)

    def wait(self, msecs: int = 10_000) -> bool:
        """Run the latest request now unless its result is in, and block until idle (tests, self-test, brief)."""
        self._timer.stop()
        if not self._busy and (self._pending or self._generation_shown != self._generation):
            self._start()
        deadline = time.monotonic() + msecs / 1000
        while self._busy and time.monotonic() < deadline:
            self._pool.waitForDone(50)
            QCoreApplication.processEvents()  # delivers the job's queued result
        return not self._busy
