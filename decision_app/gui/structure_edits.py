"""The Edit menu's structural edits (add, rename, give a short name, move, delete an option, a criterion or a
profile) as one table of specs and one path that runs any of them.

Each spec names a pure edit from `core.edits` and says how to phrase it; `run_edit` finds the item the
edit addresses, asks for what is missing, runs the edit and pushes the new model to the analysis state as
one undo step. Adding a kind of edit is a row here, not a new slot in the window.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QInputDialog, QWidget

from decision_app.core import edits
from decision_app.core.errors import InputError
from decision_app.core.schema import SHORT_NAME_MAX, DecisionModel

if TYPE_CHECKING:
    from decision_app.gui.state import AnalysisState

ADD, RENAME, SHORT, MOVE, DELETE = "add", "rename", "short", "move", "delete"
SHORT_PROMPT = (f"Short name of “{{name}}”, shown where the full name does not fit (charts, matrix, slides); at most "
                f"{SHORT_NAME_MAX} characters. Leave it empty to show the full name:")
DIRECTIONS = ("benefit (higher is better)", "cost (lower is better)")


def _ask_direction(parent: QWidget | None) -> list[Any] | None:
    kind, ok = QInputDialog.getItem(parent, "Add criterion", "Direction:", list(DIRECTIONS), 0, False)
    return ["cost" if kind.startswith("cost") else "benefit"] if ok else None


@dataclass(frozen=True)
class EditSpec:
    """One Edit-menu entry and the edit behind it.

    `undo` is the undo-step text: `{name}` is the addressed item's name, `{new}` the name (or short name) typed.
    `follow`: the selection follows the item (to the new one after add, to its new place after a move).
    `missing`: the status message when no item is chosen (custom weights are no profile).
    `more`: asks for further arguments after the name (None when cancelled).
    """

    key: str
    menu: str
    shortcut: str | None
    verb: str
    noun: str  # "option", "criterion" or "profile"
    edit: Callable[..., DecisionModel]
    undo: str
    prompt: str = "New name:"
    delta: int = 0
    follow: bool = False
    missing: str = ""
    more: Callable[[QWidget | None], list[Any] | None] | None = None


OPTION_EDITS = (
    EditSpec("add_option", "Add &option…", "Ctrl+Shift+O", ADD, "option", edits.add_option, "Add option {new}",
             prompt="Name of the new option:", follow=True),
    EditSpec("rename_option", "Rename option…", "F2", RENAME, "option", edits.rename_option,
             "Rename option to {new}"),
    EditSpec("short_name_option", "Short name of option…", "Ctrl+F2", SHORT, "option", edits.set_option_short_name,
             "Short name of {name}: {new}", prompt=SHORT_PROMPT),
    EditSpec("move_option_up", "Move option up", "Ctrl+Alt+Up", MOVE, "option", edits.move_option, "Move {name}",
             delta=-1, follow=True),
    EditSpec("move_option_down", "Move option down", "Ctrl+Alt+Down", MOVE, "option", edits.move_option,
             "Move {name}", delta=1, follow=True),
    EditSpec("delete_option", "Delete option", "Ctrl+Shift+Del", DELETE, "option", edits.delete_option,
             "Delete option {name}"),
)
CRITERION_EDITS = (
    EditSpec("add_criterion", "Add &criterion…", "Ctrl+Shift+C", ADD, "criterion", edits.add_criterion,
             "Add criterion {new}", prompt="Name of the new criterion (scale 0–10):", more=_ask_direction),
    EditSpec("rename_criterion", "Rename criterion…", "Shift+F2", RENAME, "criterion", edits.rename_criterion,
             "Rename criterion to {new}"),
    EditSpec("short_name_criterion", "Short name of criterion…", "Ctrl+Shift+F2", SHORT, "criterion",
             edits.set_criterion_short_name, "Short name of {name}: {new}", prompt=SHORT_PROMPT),
    EditSpec("move_criterion_left", "Move criterion left", "Ctrl+Alt+Left", MOVE, "criterion",
             edits.move_criterion, "Move {name}", delta=-1, follow=True),
    EditSpec("move_criterion_right", "Move criterion right", "Ctrl+Alt+Right", MOVE, "criterion",
             edits.move_criterion, "Move {name}", delta=1, follow=True),
    EditSpec("delete_criterion", "Delete criterion", None, DELETE, "criterion", edits.delete_criterion,
             "Delete criterion {name}"),
)
PROFILE_EDITS = (
    EditSpec("rename_profile", "Rename profile…", None, RENAME, "profile", edits.rename_profile,
             "Rename profile to {new}", missing="Choose a profile first (custom weights have no name)"),
    EditSpec("delete_profile", "Delete profile", None, DELETE, "profile", edits.delete_profile, "Delete profile",
             missing="Choose a profile to delete"),
)


def current_item(state: AnalysisState, noun: str) -> Any:
    """The selected option or criterion, or the active profile (None under custom weights)."""
    if noun == "option":
        return state.model.options[state.selected_option]
    if noun == "criterion":
        return state.model.criteria[state.selected_criterion]
    return None if state.profile_id is None else state.model.profile(state.profile_id)


def run_edit(state: AnalysisState, parent: QWidget | None, spec: EditSpec,
             show_error: Callable[[str, InputError], None]) -> None:
    """Ask for what `spec` needs, run its edit on the state's model and push the result as one undo step."""
    item = None if spec.verb == ADD else current_item(state, spec.noun)
    if spec.verb != ADD and item is None:
        state.notify(spec.missing)
        return
    args: list[Any] = [] if item is None else [item.id]
    new = ""
    if spec.verb in (ADD, RENAME):
        new, ok = QInputDialog.getText(parent, f"{spec.verb.capitalize()} {spec.noun}", spec.prompt,
                                       text=item.name if item is not None else "")
        if ok and not new.strip():
            state.notify(f"Nothing {'added' if spec.verb == ADD else 'renamed'}: the {spec.noun} needs a name")
            return
        if not ok or (item is not None and new == item.name):
            return
        args.append(new)
    if spec.verb == SHORT and item is not None:
        old = item.short_name or ""
        new, ok = QInputDialog.getText(parent, f"Short name of {spec.noun}", spec.prompt.format(name=item.name),
                                       text=old)
        if not ok or " ".join(new.split()) == old:
            return
        args.append(new)
    if spec.more is not None:
        more = spec.more(parent)
        if more is None:
            return
        args += more
    if spec.verb == MOVE:
        args.append(spec.delta)
    try:
        model = spec.edit(state.model, *args)
    except InputError as exc:
        show_error("Cannot make this change", exc)
        return
    undo = spec.undo.format(name=item.name if item is not None else "", new=" ".join(new.split()))
    if spec.verb == SHORT and item is not None and not new.strip():
        undo = f"Remove the short name of {item.name}"
    state.replace_model(model, undo)
    if spec.follow:  # options and criteria only: a profile is chosen, not selected
        items = state.model.options if spec.noun == "option" else state.model.criteria
        selected = state.selected_option if spec.noun == "option" else state.selected_criterion
        state.select(**{spec.noun: len(items) - 1 if spec.verb == ADD else selected + spec.delta})
