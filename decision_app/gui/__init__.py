"""The desktop workbench (PySide6 + pyqtgraph). The only package that imports Qt.

`state.AnalysisState` owns the model, weights, method and undo stack and emits `sig_*` signals; widgets
listen to it and never talk to each other. Charts live in `charts/`, panels in `panels/`.
"""

import os

# pyqtgraph prefers PyQt6 when several bindings are installed; this app uses PySide6 only.
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
