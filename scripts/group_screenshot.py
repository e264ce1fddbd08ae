"""Screenshot the group view at the current X display's size, with a seeded workshop of eight participants.

    xvfb-run -s "-screen 0 1024x768x24" python scripts/group_screenshot.py docs/group-view-1024x768.png
"""

import sys
import tempfile

import numpy as np
from PySide6.QtCore import QSettings, QTimer

out = sys.argv[1]
QSettings.setDefaultFormat(QSettings.Format.IniFormat)
QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tempfile.mkdtemp())

from decision_app.core import participant_edits as pe  # noqa: E402
from decision_app.gui.app import create_window  # noqa: E402
from decision_app.paths import model_path  # noqa: E402

app, state, window = create_window([str(model_path())])
window.setGeometry(app.primaryScreen().availableGeometry())  # maximised (xvfb has no window manager)
window.show()
rng = np.random.default_rng(4)
model = state.model
for k in range(8):
    w = rng.dirichlet(np.ones(len(model.criteria)) * 2) * 100
    model = pe.add_participant(model, f"Participant {k + 1}", rounds=[pe.make_round(model, 1, "direct", w.round(1))])
state.replace_model(model, "Workshop")
window.docks["matrix"].hide()  # projecting: the facilitator closes the matrix so the group view has the height
window.focus_view("group")


def shoot() -> None:
    state.wait_for_smaa()
    app.processEvents()
    app.primaryScreen().grabWindow(0).save(out)
    print(out, window.geometry(), {k: (d.width(), d.height()) for k, d in window.docks.items()})
    state.undo_stack.setClean()
    window.close()
    app.quit()


QTimer.singleShot(1500, shoot)
app.exec()
