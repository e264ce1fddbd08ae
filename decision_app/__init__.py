"""Decision Desk: offline multi-criteria comparison of policy options.

Layers: ``core`` (schema, loading, engine) and ``report`` (PDF) never import Qt; ``gui`` is the only face
that does. ``cli`` is headless and never imports the GUI: ``launcher`` routes to one face or the other.
The import-linter contracts in pyproject.toml check all of this (``make lint``).
"""

import os as _os

# Small matrix products are ~10x slower with a second BLAS thread on 2-core machines: pin to one, unless
# the user has chosen otherwise. Must run before numpy is first imported.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    _os.environ.setdefault(_var, "1")

from decision_app._version import __version__  # noqa: E402

__all__ = ["__version__"]
