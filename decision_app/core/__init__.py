"""The pure core: the decision-model schema, loading and saving, spreadsheets, and the scoring engine.

Nothing in this package imports Qt, pyqtgraph or reportlab; a test enforces it. pandas and openpyxl are
imported lazily, only by the spreadsheet functions that need them.
"""
