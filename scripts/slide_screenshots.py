"""Screenshot four slides of the real presentation window, full screen on the current X display.

    xvfb-run -s "-screen 0 1024x768x24" python scripts/slide_screenshots.py docs
"""

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer

out = Path(sys.argv[1])
QSettings.setDefaultFormat(QSettings.Format.IniFormat)
QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tempfile.mkdtemp())

from decision_app.gui.app import create_window  # noqa: E402
from decision_app.paths import model_path  # noqa: E402

app, state, window = create_window([str(model_path())])
window.show()
SHOTS = ("weights", "ranking", "sensitivity", "uncertainty")


def shoot() -> None:
    state.wait_for_smaa()
    app.processEvents()
    show = window.present()
    for key in SHOTS:
        show.go([s.key for s in show.slides].index(key))
        app.processEvents()
        app.primaryScreen().grabWindow(0).save(str(out / f"slide-{key}.png"))
        print(out / f"slide-{key}.png", show.geometry())
    show.close()
    state.undo_stack.setClean()
    window.close()
    app.quit()


QTimer.singleShot(1500, shoot)
app.exec()
