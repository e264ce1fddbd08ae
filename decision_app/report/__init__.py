"""The briefing memo (PDF, reportlab). Never imports Qt or pyqtgraph: the CLI builds briefs headless."""
