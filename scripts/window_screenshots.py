"""Screenshot the real window maximised on the current X display, first start (no remembered layout).

Run under xvfb-run with the screen size wanted, for example
    xvfb-run -s "-screen 0 1024x768x24" python scripts/window_screenshots.py docs/window-1024x768.png
"""

import sys
import tempfile

from PySide6.QtCore import QSettings, QTimer

out = sys.argv[1]
QSettings.setDefaultFormat(QSettings.Format.IniFormat)
QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tempfile.mkdtemp())

from decision_app.gui.app import create_window  # noqa: E402
from decision_app.paths import model_path  # noqa: E402

app, state, window = create_window([str(model_path())])
window.setGeometry(app.primaryScreen().availableGeometry())  # maximised (xvfb has no window manager)
window.show()
state.select(option=8)  # the criterion the model opens on: the nearest tipping point's


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
