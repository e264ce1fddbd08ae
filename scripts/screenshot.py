"""Screenshot the real window on the current X display (run under xvfb-run): scripts/screenshot.py OUT.png [light|dark]."""

import sys
import tempfile

from PySide6.QtCore import QSettings, QTimer

out, theme = sys.argv[1], (sys.argv[2] if len(sys.argv) > 2 else "light")
tmp = tempfile.mkdtemp()
QSettings.setDefaultFormat(QSettings.Format.IniFormat)
QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tmp)
QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "DecisionDesk", "Decision Desk").setValue(
    "view/theme", theme)

from decision_app.gui.app import create_window  # noqa: E402
from decision_app.paths import model_path  # noqa: E402

app, state, window = create_window([str(model_path())])
window.resize(1600, 1000)
window.move(0, 0)
window.show()
state.select(option=8, criterion=0)


def shoot():
    state.wait_for_smaa()
    app.processEvents()
    app.primaryScreen().grabWindow(0).save(out)
    state.undo_stack.setClean()
    window.close()
    app.quit()


QTimer.singleShot(1500, shoot)
app.exec()
