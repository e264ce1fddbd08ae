"""The answer (`core.answer`: the verdict and what would change it) off the GUI thread.

The verdict's exact part is cheap, but its draw-based part needs the uncertainty result and the list of what
would change the answer scans every cell (a second for PROMETHEE II): neither may block a drag. The state
asks for an answer whenever a new uncertainty result for the current document arrives; the job runs
`answer_for` (the command line's function) on a one-thread pool with that result: the verdict first (the
banner shows it at once), then the list of what would change the answer (`with_changes`). At most one job runs and one
waits: a request made while a job runs replaces the one waiting (a drag brings many), and a result superseded
by a newer request is dropped. The worker holds no answer; the state keeps the last one.

Signals:
    sig_answer(object): a core `Answer` for the latest request.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, Signal

from decision_app.app_log import logger
from decision_app.core.answer import Answer, answer_for, with_changes
from decision_app.core.compiled import CompiledModel
from decision_app.core.document import AnalysisSpec, spec_analysis
from decision_app.core.schema import DecisionModel
from decision_app.core.snapshot import Uncertainty


class _Signals(QObject):
    done = Signal(int, object, bool)  # generation, Answer or None, whether the job has finished


class _Job(QRunnable):
    def __init__(self, generation: int, model: DecisionModel, compiled: CompiledModel, spec: AnalysisSpec,
                 uncertainty: Uncertainty, signals: _Signals):
        super().__init__()
        self.args = (model, compiled, spec, uncertainty)
        self.generation, self.signals = generation, signals

    def run(self) -> None:
        model, compiled, spec, unc = self.args
        res: Answer | None
        try:  # its own engine: the GUI thread's caches are not shared across threads
            analysis = spec_analysis(compiled, spec)
            verdict = answer_for(model, compiled, analysis, spec, uncertainty=unc, changes=False)
            self.signals.done.emit(self.generation, verdict, False)  # the banner need not wait for the scan
            res = with_changes(verdict, model, analysis, spec)
        except Exception:  # noqa: BLE001 - a method that cannot rank the model: no verdict, the banner says so
            logger().info("no answer for this state", exc_info=True)
            res = None
        self.signals.done.emit(self.generation, res, True)


class AnswerWorker(QObject):
    sig_answer = Signal(object)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._generation = 0
        self._signals = _Signals()
        self._signals.done.connect(self._done)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._busy = False
        self._waiting: tuple[DecisionModel, CompiledModel, AnalysisSpec, Uncertainty] | None = None

    def request(self, model: DecisionModel, compiled: CompiledModel, spec: AnalysisSpec,
                uncertainty: Uncertainty) -> None:
        """The answer for this state; an earlier request's answer, still to come, is dropped."""
        self._generation += 1
        self._waiting = (model, compiled, spec, uncertainty)
        if not self._busy:
            self._start()

    def forget(self) -> None:
        """Drop every answer still to come (another document is open): none of them is delivered."""
        self._generation += 1
        self._waiting = None

    def _start(self) -> None:
        assert self._waiting is not None
        self._busy = True
        args, self._waiting = self._waiting, None
        self._pool.start(_Job(self._generation, *args, self._signals))

    def _done(self, generation: int, answer: Answer | None, finished: bool) -> None:
        if finished:
            self._busy = False
        if generation == self._generation:
            self.sig_answer.emit(answer)
        if finished and self._waiting is not None:
            self._start()

    def wait(self, msecs: int = 10_000) -> bool:
        """Block until every job has finished and deliver the latest answer (tests, the self-test)."""
        deadline = time.monotonic() + msecs / 1000
        while (self._busy or self._waiting is not None) and time.monotonic() < deadline:
            self._pool.waitForDone(50)
            QCoreApplication.processEvents()  # delivers the job's result, which may start the one waiting
        return not (self._busy or self._waiting is not None)

    def shutdown(self) -> None:
        self._pool.waitForDone(-1)
