"""Campaign Planner statistics: pilot design and pilot analysis (pure; no UI, no database).

Names are imported lazily on first use (PEP 562), so ``import experiments.design.assignment``
or a benchmark does not pay for scipy and statsmodels until it needs them.
"""

from __future__ import annotations

import datasources  # noqa: F401 - installs the lazy Ibis compilers before any backend loads
from experiments import _lazy_numpy
from planner_common.lazy import lazy_exports

_lazy_numpy.install()  # numpy's f2py and testing wait until used, not loaded by scipy (~80 ms)

from experiments import analysis as _analysis  # noqa: E402
from experiments import design as _design  # noqa: E402

# The union of both subpackages' lazy maps (their __init__ modules are cheap: no scipy until used).
_EXPORTS: dict[str, str] = {**_design._EXPORTS, **_analysis._EXPORTS}

__all__ = sorted(_EXPORTS)

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
