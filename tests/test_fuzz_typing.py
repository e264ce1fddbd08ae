"""Every number box and text field of the window, driven with typed and pasted text (issue 19, item 1).

After each entry is committed (Enter, Apply), the field it edits holds exactly the number (or text) typed,
with only the documented side effects, each said aloud (a widened range, the other weights rescaled); or it is
unchanged and a message says why. Never a third value. The oracle is deliberately not the app's parser: a
changed number must equal Python's reading of the text with its comma taken as a point (or, in a box that
shows thousands separators, with them removed); a changed text must equal the text without its surrounding
spaces. `make test` runs 60 entries per field, `make fuzz` (the fuzz profile) 1,000: a window entry is slow.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np
import pytest
from fuzzing import RUNS, TAKEN, fuzz_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QWidget

TARGET = "typing: {}"  # the fuzz summary's row: entries run, and taken (the rest refused aloud)
SHORT = 60  # entries per field under `make test` (about 2 s a field)
LONG = 1_000  # under `make fuzz`: a window entry takes ~40 ms, so 10,000 a field would take two hours


def typing_settings() -> settings:
    """`SHORT` entries a field under `make test`, `LONG` under `make fuzz`; DECISION_DESK_FUZZ_EXAMPLES when set."""
    chosen = fuzz_settings(SHORT)
    if chosen.max_examples > LONG and not os.environ.get("DECISION_DESK_FUZZ_EXAMPLES"):
        chosen = settings(chosen, max_examples=LONG)
    return settings(chosen, suppress_health_check=[*chosen.suppress_health_check, HealthCheck.function_scoped_fixture])

# What a user types or pastes: numbers written many ways, the desk officer's cases, and any text at all.
_WRITTEN = st.builds(
    lambda x, places, mark, sign: f"{sign}{abs(x):.{places}f}".replace(".", mark),
    st.floats(-2e6, 2e6, allow_nan=False), st.integers(0, 5), st.sampled_from([".", ","]), st.sampled_from(["", "-"]))
_CASES = st.sampled_from(["", " ", "-", ",", ".", "12", "150", "1,000", "3,5", "3.5", "1e3", "1e400", "inf", "nan",
                          "\u22122", "1.2.3", "1,000.5", "\u0663", "10 %", "\u00b10.1", "0", "100", "99.99",
                          "2,000,000", "12,345", "0,15", "7 ", " 7", "1_000", "0x10", "9" * 30])
_ANY = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\u2028\u2029\x0b\x0c\x1c\x1d"
                             "\x1e\x85"), max_size=14)
# numbers most boxes take (a score's 0–10 scale, a percentage, a spread), written the same ways
_SMALL = st.builds(
    lambda x, places, mark: f"{x:.{places}f}".replace(".", mark),
    st.floats(0, 10) | st.floats(-15, 115), st.integers(0, 3), st.sampled_from([".", ","]))
TYPED = st.one_of(_SMALL, _WRITTEN, st.integers(-10**7, 10**7).map(str), _CASES, _ANY)
# keyClicks sends one key per character, ASCII only (QTest asserts on others, which are pasted instead);
# control characters would be keys (Tab, Return), not text
_KEYS = st.one_of(_SMALL, _WRITTEN, _CASES, st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=10)).map(
    lambda text: "".join(ch for ch in text if " " <= ch <= "~"))


def meant(text: str, prefix: str = "", suffix: str = "", group: str | None = None) -> set[float]:
    """The numbers `text` can honestly mean (independent of the app's parser): Python's reading with a comma
    taken as a point; with `group` (a box that shows thousands separators) also with them removed."""
    body = text.strip().removeprefix(prefix).removesuffix(suffix).strip().replace("\u2212", "-")
    readings = {body.replace(",", ".")} | ({body.replace(group, "")} if group else set())
    out = set()
    for r in readings:
        try:
            x = float(r)
        except ValueError:
            continue
        if math.isfinite(x):
            out.add(x)
    return out


@dataclass
class Field:
    """One field of the window: its box, how to read what it holds, what else may change (and the words that
    must then be said), and where its messages show."""

    box: Callable[[Any], QWidget]
    stored: Callable[[Any], Any]
    others: Callable[[Any], Any] = lambda w: None
    side_words: str = ""
    said: Callable[[Any], str] | None = None  # a dialog's line; the status bar otherwise
    enter: bool = True  # committed by Enter; in a dialog (where Enter is its default button) by leaving the box
    scale: float = 1.0  # stored = typed * scale (a weight is stored as a share, typed in percent)


def enter_text(qtbot, box: QWidget, text: str, paste: bool, enter: bool = True) -> None:
    """Type `text` in `box` over what it shows (or paste it there), then press Enter (or leave the box)."""
    box.setFocus()
    edit = box.lineEdit() if hasattr(box, "lineEdit") else box
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    if paste:
        QApplication.clipboard().setText(text)
        edit.paste()
    else:
        qtbot.keyClicks(edit, text)
    if enter:
        qtbot.keyClick(box, Qt.Key.Key_Return)
    else:
        box.interpretText()  # what leaving the box does


def _score(w, j=1):
    return w.state.model.options[1].scores[w.state.model.criteria[j].id]


def _pane(w):
    return w.matrix.evidence


SCORE_FIELDS = {
    "score": Field(lambda w: _pane(w).value, lambda w: _score(w).value, lambda w: (_score(w).low, _score(w).high),
                   "range widened"),
    "range from": Field(lambda w: _pane(w).low, lambda w: _score(w).low, lambda w: _score(w).value),
    "range to": Field(lambda w: _pane(w).high, lambda w: _score(w).high, lambda w: _score(w).value),
    "score on an unscaled criterion": Field(lambda w: _pane(w).value, lambda w: _score(w, -1).value,
                                            lambda w: (_score(w, -1).low, _score(w, -1).high), "range widened"),
}
SETTINGS_FIELDS = {
    "samples": Field(lambda w: w.uncertainty.settings_row.samples, lambda w: w.state.smaa_settings.samples),
    "seed": Field(lambda w: w.uncertainty.settings_row.seed, lambda w: w.state.smaa_settings.seed),
    "spread": Field(lambda w: w.uncertainty.settings_row.spread, lambda w: w.state.smaa_settings.spread),
}


def _messages(window) -> list[str]:
    said: list[str] = []
    window.state.sig_status.connect(said.append)
    return said


def shape(box) -> tuple[str, str, str | None]:
    """A box's prefix, suffix and (when it shows them) thousands separator."""
    group = box.locale().groupSeparator() if box.isGroupSeparatorShown() else None
    return box.prefix(), box.suffix(), group


def _check(field: Field, typed: str, before: Any, after: Any, others: tuple[Any, Any], said: str,
           box_shape: tuple[str, str, str | None]) -> None:
    honest = {float(Decimal(repr(x)) * Decimal(repr(field.scale))) for x in meant(typed, *box_shape)}
    if after != before:
        assert after in honest, f"{typed!r} stored as {after!r}"
        if others[0] != others[1]:
            assert field.side_words and field.side_words in said, f"{typed!r}: a side effect unsaid: {said!r}"
    else:
        assert said or before in honest, f"{typed!r} was neither taken nor refused aloud"
    if others[0] != others[1] and after == before:
        pytest.fail(f"{typed!r}: the field kept its value but another changed")


def _drive(window, qtbot, field: Field, typed: str, paste: bool, said_list: list[str]) -> bool:
    """Enter `typed` in the field and check the outcome; True when the field took it (changed)."""
    box = field.box(window)
    before, other_before = field.stored(window), field.others(window)
    said_list.clear()
    enter_text(qtbot, box, typed, paste, field.enter)
    said = field.said(window) if field.said else " | ".join(said_list)
    after = field.stored(window)
    _check(field, typed, before, after, (other_before, field.others(window)), said, shape(box))
    return after != before


@pytest.mark.parametrize("name", list(SCORE_FIELDS))
def test_score_fields_take_the_typed_number_or_refuse_aloud(window, qtbot, name):
    field = SCORE_FIELDS[name]
    state, pane = window.state, window.matrix.evidence
    j = len(state.model.criteria) - 1 if "unscaled" in name else 1
    if "unscaled" in name:
        from decision_app.core.schema import Criterion

        crit = state.model.criteria[j]
        assert isinstance(crit, Criterion)
        if crit.scale is not None:  # the shipped model's criteria all have scales: take one away
            from decision_app.core.loading import model_from_dict

            d = state.model.model_dump(mode="json")
            d["criteria"][j].pop("scale")
            state.replace_model(model_from_dict(d, "unscaled"), "No scale")
    said = _messages(window)

    @given(typed=TYPED, paste=st.booleans())
    @typing_settings()
    def entry(typed: str, paste: bool) -> None:
        RUNS[TARGET.format(name)] += 1
        state.select(option=1, criterion=j)
        pane._drop_typing()  # each entry starts from the stored score, not from one refused before
        pane.show_cell()
        TAKEN[TARGET.format(name)] += _drive(window, qtbot, field, typed if paste else _keys(typed), paste, said)

    entry()


def _keys(text: str) -> str:
    """What of `text` can be typed key by key (the rest of the text is pasted in other entries)."""
    return "".join(ch for ch in text if " " <= ch <= "~")


def test_a_matrix_cell_takes_the_typed_number_or_refuses_aloud(window, qtbot):
    name = "matrix cell"
    state, table = window.state, window.matrix.table
    said = _messages(window)

    @given(typed=_KEYS)
    @typing_settings()
    def entry(typed: str) -> None:
        RUNS[TARGET.format(name)] += 1
        idx = table.model().index(1, 1)
        table.setCurrentIndex(idx)
        table.setFocus()
        before, rng = _score(window).value, (_score(window).low, _score(window).high)
        said.clear()
        table.edit(idx)
        editor = QApplication.focusWidget()
        editor_shape = shape(editor)
        editor.lineEdit().selectAll()
        qtbot.keyClick(editor, Qt.Key.Key_Delete)
        qtbot.keyClicks(editor, typed)
        qtbot.keyClick(editor, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: table.state() != QAbstractItemView.State.EditingState)
        after = _score(window).value
        field = Field(lambda w: editor, lambda w: after, side_words="range widened")
        _check(field, typed, before, after, (rng, (_score(window).low, _score(window).high)), " | ".join(said),
               editor_shape)
        TAKEN[TARGET.format(name)] += after != before

    entry()
    assert state.undo_stack.count() >= 0


def test_weight_percentages_take_the_typed_number_or_refuse_aloud(window, qtbot):
    name = "weight %"
    state, rows = window.state, window.weights.rows
    said = _messages(window)
    n = len(rows)

    @given(typed=TYPED, paste=st.booleans(), k=st.integers(0, n - 1), locks=st.lists(st.booleans(), min_size=n,
                                                                                        max_size=n))
    @typing_settings()
    def entry(typed: str, paste: bool, k: int, locks: list[bool]) -> None:
        RUNS[TARGET.format(name)] += 1
        state.reset_to_profile()
        for i, (_slider, _spin, lock, _name) in enumerate(rows):
            lock.setChecked(locks[i] and i != k)
        field = Field(lambda w: rows[k][1], lambda w: float(state.weights[k]),
                      lambda w: tuple(np.delete(state.weights, k)), "share the remaining", scale=0.01)
        TAKEN[TARGET.format(name)] += _drive(window, qtbot, field, typed if paste else _keys(typed), paste, said)
        assert abs(state.weights.sum() - 1.0) < 1e-9

    entry()


@pytest.mark.parametrize("name", list(SETTINGS_FIELDS))
def test_uncertainty_settings_take_the_typed_number_or_refuse_aloud(window, qtbot, name):
    window.focus_view("uncertainty")
    field = SETTINGS_FIELDS[name]
    said = _messages(window)

    @given(typed=TYPED, paste=st.booleans())
    @typing_settings()
    def entry(typed: str, paste: bool) -> None:
        RUNS[TARGET.format(name)] += 1
        TAKEN[TARGET.format(name)] += _drive(window, qtbot, field, typed if paste else _keys(typed), paste, said)

    entry()


def test_participant_points_take_the_typed_number_or_refuse_aloud(window, qtbot):
    name = "participants' points"
    from decision_app.gui.participant_entry import ParticipantEntryDialog

    dlg = ParticipantEntryDialog(window.state, window, window.workshop)
    dlg.show()
    qtbot.waitExposed(dlg)
    pages = dlg.pages
    n = len(pages.points)

    @given(typed=TYPED, paste=st.booleans(), k=st.integers(0, n - 1), page=st.sampled_from(["points", "swings",
                                                                                             "ranks"]))
    @typing_settings()
    def entry(typed: str, paste: bool, k: int, page: str) -> None:
        RUNS[TARGET.format(name)] += 1
        pages.setCurrentIndex(["points", "ranks", "swings"].index(page))
        box = getattr(pages, page)[k]
        field = Field(lambda w: box, lambda w: box.value(), lambda w: None, said=lambda w: dlg.summary.text(), enter=False)
        dlg.summary.clear()
        TAKEN[TARGET.format(name)] += _drive(window, qtbot, field, typed if paste else _keys(typed), paste, [])

    entry()
    dlg.confirm_discard = lambda: True  # typed answers: closing asks first (issue 22)
    dlg.reject()


def test_the_briefs_options_in_detail_take_the_typed_number_or_refuse_aloud(window, qtbot):
    name = "brief, options in detail"
    from decision_app.gui.brief_dialog import BriefDialog

    dlg = BriefDialog(window.state, window)
    dlg.show()
    qtbot.waitExposed(dlg)

    @given(typed=TYPED, paste=st.booleans())
    @typing_settings()
    def entry(typed: str, paste: bool) -> None:
        RUNS[TARGET.format(name)] += 1
        dlg.notice.clear()
        field = Field(lambda w: dlg.top, lambda w: dlg.top.value(), said=lambda w: dlg.notice.text(), enter=False)
        TAKEN[TARGET.format(name)] += _drive(window, qtbot, field, typed if paste else _keys(typed), paste, [])

    entry()
    dlg.reject()


# --- text ---------------------------------------------------------------------------------------------------

# What Qt's text boxes make of a pasted text before the app sees it: line breaks of every kind become one
# line break, a no-break space a space (QTextDocument.toPlainText); the README says so under "What you type".
_QT_TEXT = str.maketrans({"\u00a0": " ", "\u2028": "\n", "\u2029": "\n"})


def _plain(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").translate(_QT_TEXT).strip()


@pytest.mark.parametrize("name", ["rationale", "quote", "note"])
def test_evidence_texts_are_stored_as_typed_or_refused_aloud(window, qtbot, name):
    state, pane = window.state, window.matrix.evidence
    said = _messages(window)
    texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40) | _CASES

    @given(typed=texts, i=st.integers(0, 11))
    @typing_settings()
    def entry(typed: str, i: int) -> None:
        RUNS[TARGET.format(name)] += 1
        state.select(option=i, criterion=0)
        pane._drop_typing()  # each entry starts from the stored score, not from one refused before
        pane.show_cell()
        before = state.model.options[i].scores["casualties"]
        said.clear()
        if name == "rationale":
            pane.rationale.selectAll()
            pane.rationale.textCursor().removeSelectedText()  # an empty clipboard pastes nothing over it
            QApplication.clipboard().setText(typed)
            pane.rationale.paste()
        else:
            pane.add_quote.click()
            row = pane.citations.rowCount() - 1
            if name == "note":
                pane.citations.item(row, 1).setText("A passage")
            editor = QApplication.focusWidget()
            if name == "note":
                pane.citations.closePersistentEditor(pane.citations.item(row, 1))
                pane.citations.setCurrentCell(row, 2)
                pane.citations.editItem(pane.citations.item(row, 2))
                editor = QApplication.focusWidget()
            QApplication.clipboard().setText(typed)
            editor.paste()
        pane.commit()
        after = state.model.options[i].scores["casualties"]
        if name == "rationale":
            stored, old = after.rationale, before.rationale
        else:
            cits = after.citations
            extra = len(cits) - len(before.citations)
            assert extra in (0, 1) and cits[: len(before.citations)] == before.citations
            stored = (cits[-1].quote if name == "quote" else cits[-1].note or "") if extra else None
            old = None
        if stored != old:
            TAKEN[TARGET.format(name)] += 1
            assert stored == _plain(typed), f"{typed!r} stored as {stored!r}"
        elif name == "rationale":
            assert said or _plain(typed) == old, f"{typed!r} was neither taken nor refused aloud"
        else:  # a row was added and nothing stored: that must be said (a blank row dropped silently was)
            assert said, f"a quote row with {typed!r} was dropped without a word"

    entry()


def test_a_participants_name_is_stored_as_typed_or_refused_aloud(window, qtbot, monkeypatch):
    """The name typed in *Pass the laptop*: kept with single spaces between its words, or refused in a message
    (the dialog's error box, here recorded); an empty name is no name (issue 22: the code is enough)."""
    name = "participant's name"
    import decision_app.gui.participant_entry as entry_module

    state = window.state
    refused: list[str] = []
    monkeypatch.setattr(entry_module, "show_error", lambda _parent, _title, exc: refused.append(str(exc)))
    names = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30) | _CASES

    @given(typed=names)
    @typing_settings()
    def entry(typed: str) -> None:
        RUNS[TARGET.format(name)] += 1
        dlg = entry_module.ParticipantEntryDialog(state, window, window.workshop)
        dlg.choose(entry_module.NEW)  # a new participant is an explicit choice (issue 22)
        before = [p.label for p in state.model.participants]
        refused.clear()
        QApplication.clipboard().setText(typed)
        assert dlg.name is not None
        dlg.name.paste()
        if not dlg.save_button.isEnabled():
            assert not typed.split()  # only an empty name keeps Save disabled
        else:
            dlg.save_button.click()
            after = [p.label for p in state.model.participants]
            if after == before:
                assert refused, f"{typed!r} was neither taken nor refused aloud"
            else:
                TAKEN[TARGET.format(name)] += 1
                # a name is optional: an empty one is no name (issue 22)
                assert after[:-1] == before and after[-1] == (" ".join(typed.split()) or None), f"{typed!r} as {after[-1]!r}"
        dlg.reject()

    entry()


def _least_weight(w, j: int = 0) -> float:
    """The agreed least weight of the `j`-th criterion, in percent (0 when it has no bound)."""
    cid = w.state.compiled.criterion_ids[j]
    return round(next((lo for c, lo, _hi in w.state.smaa_settings.bounds if c == cid), 0.0) * 100, 6)


def test_agreed_bounds_take_the_typed_number_or_refuse_aloud(window, qtbot):
    """The third walk (issue 19): the Agreed constraints' bounds were Qt's own boxes: "150" became 15 %, "3,5"
    became 35 %, "-5" left the box unchanged without a word."""
    name = "agreed bound"
    window.focus_view("constraints")
    said = _messages(window)

    @given(typed=TYPED, paste=st.booleans())
    @typing_settings()
    def entry(typed: str, paste: bool) -> None:
        RUNS[TARGET.format(name)] += 1
        field = Field(lambda w: w.constraints.bounds[0][0], _least_weight)
        TAKEN[TARGET.format(name)] += _drive(window, qtbot, field, typed if paste else _keys(typed), paste, said)

    entry()


def test_every_number_box_of_the_window_is_a_typed_box(window):
    """Qt's own spin boxes keep a typed 150 as 15 and "3,5" as 35; every number box of the window (the agreed
    bounds and an expected value's outcomes were Qt's own) takes what is typed or refuses it aloud."""
    from PySide6.QtWidgets import QAbstractSpinBox

    from decision_app.gui.number_boxes import DecimalBox, WholeBox

    boxes = window.findChildren(QAbstractSpinBox)
    assert len(boxes) > len(window.state.model.criteria)
    plain = [f"{type(b).__name__} {b.accessibleName()!r}" for b in boxes if not isinstance(b, DecimalBox | WholeBox)]
    assert plain == []
