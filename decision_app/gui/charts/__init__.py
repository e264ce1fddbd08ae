"""Charts: pyqtgraph views that take arrays from the analysis state; items are created once, then fed."""
