"""Kill the real window mid-edit, start it again and screenshot the recovery offer (docs/recovery-offer.png).

Run on an X display, for example
    xvfb-run -a -s "-screen 0 1280x800x24" python scripts/recovery_screenshot.py docs/recovery-offer.png
Everything it writes (settings, data folder, a copy of the default model) goes to a temporary folder.
It runs itself twice more: `edit` (the first start: three scores and a weight change, then it waits for
SIGKILL once the recovery file is written) and `offer` (the second start: screenshot, then Restore).
"""

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox


def first_start() -> None:
    import decision_app.gui.app as gui_app

    real = gui_app.create_window

    def create(argv):
        app, state, window = real(argv)

        def edit() -> None:  # three plain scores (a score with outcomes is edited in the evidence pane) and a weight
            table = window.matrix.model
            cells = ((r, c) for r in range(table.rowCount()) for c in range(table.columnCount()))
            changed = 0
            for row, col in cells:
                if changed < 3 and table.setData(table.index(row, col), "7"):
                    changed += 1
            state.set_weight(0, 0.4)
        QTimer.singleShot(1500, edit)
        return app, state, window
    gui_app.create_window = create
    gui_app.main(sys.argv[3:])


def second_start(out: str) -> None:
    import decision_app.gui.app as gui_app

    real = gui_app.create_window

    def shoot() -> None:
        app = QApplication.instance()
        [box] = [w for w in app.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
        app.primaryScreen().grabWindow(0).save(out)
        print(out, "|", box.text(), "|", box.informativeText().replace("\n\n", " "))
        next(b for b in box.buttons() if b.text() == "Restore").click()
        QTimer.singleShot(500, app.quit)

    def create(argv):
        made = real(argv)
        made[2].ask_save_changes = lambda: "discard"
        QTimer.singleShot(3000, shoot)
        return made
    gui_app.create_window = create
    gui_app.main([])


def main(out: str) -> None:
    root = Path(tempfile.mkdtemp())
    model = root / "my-model.json"
    shutil.copyfile(Path(__file__).resolve().parents[1] / "models" / "ending-the-war.json", model)
    env = {**os.environ, "HOME": str(root), "XDG_DATA_HOME": str(root / "data"),
           "XDG_CONFIG_HOME": str(root / "config")}
    recovery = root / "data" / "DecisionDesk" / "Decision Desk" / "recovery"
    first = subprocess.Popen([sys.executable, __file__, "edit", out, str(model)], env=env)
    while not list(recovery.glob("*.json")):
        time.sleep(0.2)
    first.send_signal(signal.SIGKILL)
    first.wait()
    subprocess.run([sys.executable, __file__, "offer", out], env=env, check=True)


if __name__ == "__main__":
    if sys.argv[1] == "edit":
        first_start()
    elif sys.argv[1] == "offer":
        second_start(sys.argv[2])
    else:
        main(sys.argv[1])
