"""The uncertainty analysis (SMAA) off the GUI thread: one job at a time on a one-thread pool, started at most
`DELAY_MS` after a request (a burst of requests, such as a slider drag, is served by one job, and the next
job starts as soon as the last ends), so the view follows a drag.

A job re-scores SMAA's cached draws (`core.smaa`: drawn once per edit of the model or the settings), which
takes milliseconds; a new model or new settings make the first job draw and prepare them again. During a
drag (requests through the timer) a job leaves out the confidence factors, most of a re-score's cost
(`SmaaResult.complete` is False); when the requests pause for `FULL_AFTER_MS`, a complete run follows.
Requests with `now` (a settings change, "Re-run now", `wait`) run complete at once.

`UncertaintyWorker` knows nothing of the document: on each start it asks the `inputs` callable given by
its owner (the analysis state) for what to analyse (the compiled model and the analysis specification), runs
`document.run_spec_uncertainty` on them (the command line's function, so the same seed gives the same digits),
and hands the result back through its signals: a core `Uncertainty`, which carries the method, weights and
settings it was computed for. A result that a newer request superseded while it ran is
still delivered when it is newer than the one shown and was run on the current model and settings (its
inputs say which weights it is for), so a drag shows figures as they come; other superseded results are
dropped. It holds no result; the state
keeps the last one until the next arrives.

Signals:
    sig_result(object): a core `Uncertainty`, newer than the last one delivered.
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

DELAY_MS = 0  # the longest a request waits before its run starts (a re-score is cheap: no pause for the drag;
# requests that arrive while a job runs are served together by the next job)
FULL_AFTER_MS = 150  # a pause in the requests this long brings the complete result (confidence factors too)

# What one run analyses: the compiled model and the analysis specification (frozen: safe to hand over).
Inputs = tuple[CompiledModel, AnalysisSpec]


class _SmaaSignals(QObject):
    done = Signal(int, object, object)  # generation, Uncertainty or an error message, the job's inputs


class _SmaaJob(QRunnable):
    def __init__(self, generation: int, inputs: Inputs, signals: _SmaaSignals, complete: bool):
        super().__init__()
        self.generation, self.inputs, self.signals, self.complete = generation, inputs, signals, complete

    def run(self) -> None:
        res: Uncertainty | str
        compiled, spec = self.inputs
        try:
            res = run_spec_uncertainty(compiled, spec, threads=1, confidence=self.complete)
        except Exception as exc:  # noqa: BLE001 - reported in the status bar, never kills the worker
            res = f"Uncertainty analysis failed: {exc}"
        self.signals.done.emit(self.generation, res, self.inputs)


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
        self.result_inputs: Inputs | None = None  # what the last delivered result was computed for
        self._want_complete = True  # the latest request asks for the complete result at once
        self._shown_complete = False  # the last delivered result has its confidence factors
        self._signals = _SmaaSignals()
        self._signals.done.connect(self._done)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(lambda: self._start())
        self._full_timer = QTimer(self)  # the drag paused: the complete result
        self._full_timer.setSingleShot(True)
        self._full_timer.setInterval(FULL_AFTER_MS)
        self._full_timer.timeout.connect(lambda: self._start(complete=True))

    @property
    def busy(self) -> bool:
        return self._busy

    def set_delay(self, msecs: int) -> None:
        """The longest a request waits before a run starts (benchmarks set it out of the way)."""
        self._timer.setInterval(msecs)

    def schedule(self, now: bool = False) -> None:
        """A new request: run within the delay (requests meanwhile join it), or at once with `now`."""
        self._generation += 1
        self._full_timer.stop()
        self._want_complete = now
        if now:
            self._timer.stop()
            self._start()
        elif not self._timer.isActive():
            self._timer.start()

    def _start(self, complete: bool | None = None) -> None:
        complete = self._want_complete if complete is None else complete
        if complete:
            self._want_complete = True
        if self._busy:
            self._pending = True
            return
        self._busy = True
        self._pending = False
        self.sig_running.emit(True)
        self._pool.start(_SmaaJob(self._generation, self._inputs(), self._signals, complete))

    def _done(self, generation: int, result: Uncertainty | str, inputs: Inputs) -> None:
        self._busy = False
        if isinstance(result, str):
            self.sig_failed.emit(result)
        elif generation == self._generation or (generation > self._generation_shown and self._same_draws(inputs)):
            self._generation_shown = generation
            self._shown_complete = result.result.complete
            self.result_inputs = inputs
            self.sig_result.emit(result)
        if self._pending or generation != self._generation:
            self._start()
        elif not isinstance(result, str) and not self._shown_complete and self._want_complete:
            self._start(complete=True)
        else:
            if not isinstance(result, str) and not self._shown_complete:
                self._full_timer.start()
            self.sig_running.emit(False)

    def _same_draws(self, inputs: Inputs) -> bool:
        """Was a superseded job run on the current model and settings (only the weights or method moved since)?"""
        compiled, spec = self._inputs()
        return compiled is inputs[0] and spec.uncertainty == inputs[1].uncertainty and spec.vikor_v == inputs[1].vikor_v

    def shutdown(self) -> None:
        """Stop scheduling and let a running job finish, so nothing runs while Qt tears down."""
        self._timer.stop()
        self._full_timer.stop()
        self._pending = False
        self._pool.waitForDone(-1)

    def wait(self, msecs: int = 10_000) -> bool:
        """Run the latest request now unless its result is in, and block until idle (tests, self-test, brief)."""
        self._timer.stop()
        self._full_timer.stop()
        self._want_complete = True
        if not self._busy and (self._pending or self._generation_shown != self._generation or not self._shown_complete):
            self._start(complete=True)
        deadline = time.monotonic() + msecs / 1000
        while self._busy and time.monotonic() < deadline:
            self._pool.waitForDone(50)
            QCoreApplication.processEvents()  # delivers the job's queued result
        return not self._busy
