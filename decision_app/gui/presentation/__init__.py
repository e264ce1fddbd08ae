"""Presentation mode: the analysis as full-screen slides for a projector, driven by a clicker or the keyboard.

`canvas` paints a slide's layout (the one `report.slide_layout` also draws into the deck PDF), `window` is
the full-screen slide show and its key map, `screens` chooses the screen to present on, `presenter` opens
and closes the show for the workbench, `arrange` lets the facilitator hide and reorder slides and `export`
writes the deck. What a slide says lives in `report.slide_content`, never here.
"""
