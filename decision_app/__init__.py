"""Decision Desk: offline multi-criteria comparison of policy options.

Layers: ``core`` (schema, loading, engine) and ``report`` (PDF) never import Qt; ``gui`` is the only face
that does. ``cli`` is headless and imports the GUI only when asked to open a window.
"""

from decision_app._version import __version__

__all__ = ["__version__"]
