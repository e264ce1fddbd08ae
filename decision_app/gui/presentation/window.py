"""The full-screen slide show and its key map (a clicker sends Page Up/Down, some B or Esc).

Forward: Page Down, Right, Down, Space, Enter. Back: Page Up, Left, Up, Backspace. Home/End: the first or
last slide; digits then Enter: that slide. B or . blanks to black, W to white; any key returns (and does
nothing else). R reveals the group's values during a silent round (and hides them again); the reveal holds
for that round for the rest of the session, never saved. Esc leaves. On the weights slide, Tab / Shift+Tab
or a digit choose a criterion and + / − change its weight through the state's undoable `set_weight`, so
every slide (and the workbench) follows.

Slides are rebuilt from the state whenever its results, uncertainty, model or slide arrangement change; only
the slide on screen is laid out."""

from __future__ import annotations

import dataclasses
import datetime as dt

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

from decision_app.gui.presentation.canvas import SlideCanvas
from decision_app.gui.state import AnalysisState
from decision_app.report import projector
from decision_app.report.slide_content import SlideContext, SlideSpec, plan, spec_context
from decision_app.report.slide_layout import layout

K = Qt.Key
FORWARD = {K.Key_PageDown, K.Key_Right, K.Key_Down, K.Key_Space, K.Key_Return, K.Key_Enter}
BACK = {K.Key_PageUp, K.Key_Left, K.Key_Up, K.Key_Backspace}
BLANK: dict[int, str] = {K.Key_B: projector.BACKGROUND, K.Key_Period: projector.BACKGROUND, K.Key_W: projector.BLANK_WHITE}
DIGITS: dict[int, str] = {getattr(K, f"Key_{d}"): d for d in "0123456789"}
WEIGHT_STEP = 0.02  # + and − move the chosen weight by two points (the others rescale)


class PresentationWindow(QWidget):
    sig_closed = Signal(int)  # the slide shown when the show ended
    sig_revealed = Signal(int)  # the round whose group values R revealed; 0 when hidden again

    def __init__(self, state: AnalysisState, start: int = 0, revealed_round: int = 0):
        super().__init__(None, Qt.WindowType.Window)
        self.state = state
        self.setWindowTitle(f"{state.model.title} — presentation")
        self.setAccessibleName("Presentation")
        self.canvas = SlideCanvas(self)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.canvas)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.index = max(0, start)
        self.criterion = state.selected_criterion
        self.digits = ""
        self.chose_by_digit = False  # the last key chose a criterion by its number (weights slide)
        self.date = dt.date.today().isoformat()
        self.revealed_round = revealed_round  # the round whose group values the facilitator revealed (R)
        self.ctx: SlideContext | None = None
        self.slides: list[SlideSpec] = []
        for sig in (state.sig_results_changed, state.sig_smaa_changed, state.sig_slides_changed,
                    state.sig_participants_changed, state.sig_answer_changed):
            sig.connect(self.refresh)
        self.refresh()

    # --- content -----------------------------------------------------------------------------------------

    def refresh(self) -> None:
        """A new context from the state (its snapshot from the core) and the slide on screen again."""
        st = self.state
        if st.results is None:
            return
        self.criterion = min(self.criterion, st.compiled.n - 1)
        self.ctx = spec_context(st.model, st.compiled, st.analysis, st.spec, st.results.uncertainty, self.criterion,
                                self.date, answer=st.answer if st.answer_is_current() else None)
        g = self.ctx.group
        self.ctx = dataclasses.replace(self.ctx, reveal=g is not None and g.round == self.revealed_round > 0)
        self.slides = plan(st.slides, self.ctx)
        self.index = min(self.index, len(self.slides) - 1)
        self.show_slide()

    def current_key(self) -> str:
        return self.slides[self.index].key if self.slides else ""

    def show_slide(self) -> None:
        if self.ctx is None or not self.slides:
            return
        content = self.slides[self.index].build(self.ctx)
        self.canvas.set_slide(layout(content, self.canvas.width() or self.width(), self.canvas.height() or
                                     self.height(), self.ctx.marking, f"{self.index + 1} / {len(self.slides)}"))

    def go(self, index: int) -> None:
        self.index = max(0, min(index, len(self.slides) - 1))
        self.show_slide()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.show_slide()

    # --- keys --------------------------------------------------------------------------------------------

    def event(self, e: QEvent) -> bool:
        # Tab and Shift+Tab choose a criterion on the weights slide; they never move the focus here.
        if e.type() == QEvent.Type.KeyPress and isinstance(e, QKeyEvent) and e.key() in (K.Key_Tab, K.Key_Backtab):
            self.keyPressEvent(e)
            return True
        return super().event(e)

    def keyPressEvent(self, e: QKeyEvent) -> None:
        key = e.key()
        if self.canvas.blank is not None:  # any key returns from a blank screen, and does only that
            self.canvas.set_blank(None)
            return
        chose, self.chose_by_digit = self.chose_by_digit, False
        if chose and key in (K.Key_Return, K.Key_Enter):
            return  # "7, Enter" on the weights slide: the 7 chose criterion 7; the Enter confirms, not advances
        if key == K.Key_Escape:
            self.close()
        elif key in BLANK and not e.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.canvas.set_blank(BLANK[key])
        elif self.current_key() == "weights" and self._weights_key(e):
            pass
        elif key in DIGITS:
            self.digits += DIGITS[key]
        elif key in (K.Key_Return, K.Key_Enter) and self.digits:
            self.go(int(self.digits) - 1)
            self.digits = ""
        elif key in FORWARD:
            self.digits = ""
            self.go(self.index + 1)
        elif key in BACK:
            self.digits = ""
            self.go(self.index - 1)
        elif key == K.Key_R and not e.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.toggle_reveal()
        elif key == K.Key_Home:
            self.go(0)
        elif key == K.Key_End:
            self.go(len(self.slides) - 1)
        else:
            super().keyPressEvent(e)

    def _weights_key(self, e: QKeyEvent) -> bool:
        """Tab / digits choose a criterion, + and − change its weight; True when the key was one of them."""
        n = self.state.compiled.n
        key = e.key()
        if key in (K.Key_Tab, K.Key_Backtab):
            back = key == K.Key_Backtab or bool(e.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            self.choose((self.criterion + (-1 if back else 1)) % n)
        elif key in DIGITS and not self.digits and 1 <= int(DIGITS[key]) <= min(n, 9):
            self.choose(int(DIGITS[key]) - 1)
            self.chose_by_digit = True
        elif key in (K.Key_Plus, K.Key_Equal, K.Key_Minus, K.Key_Underscore):
            step = WEIGHT_STEP if key in (K.Key_Plus, K.Key_Equal) else -WEIGHT_STEP
            k = self.criterion
            self.state.set_weight(k, float(min(1.0, max(0.0, self.state.weights[k] + step))), source="presentation")
        else:
            return False
        return True

    def toggle_reveal(self) -> None:
        """R: reveal the group's values of the current round during a silent round, or hide them again."""
        g = self.ctx.group if self.ctx is not None else None
        if g is None or not g.round:
            return
        self.revealed_round = 0 if self.revealed_round == g.round else g.round
        self.sig_revealed.emit(self.revealed_round)
        self.refresh()

    def choose(self, k: int) -> None:
        self.criterion = k
        self.refresh()

    def closeEvent(self, event: QCloseEvent) -> None:
        for sig in (self.state.sig_results_changed, self.state.sig_smaa_changed, self.state.sig_slides_changed,
                    self.state.sig_participants_changed):
            sig.disconnect(self.refresh)
        self.sig_closed.emit(self.index)
        super().closeEvent(event)
