"""servicesim: agent-based simulation of customer-service policies and their effect on loyalty and cost.

The Python API reads like the command line (docs/python.md)::

    import servicesim

    result = servicesim.run("empowered", customers=70_000, days=365, warmup_days=365)
    result.summary["retention_rate"], result.timeseries

    cmp = servicesim.compare("rule_bound", "empowered", reps=3, customers=70_000, days=365)
    cmp.table, cmp.levels()

``servicesim.ema`` builds an EMA Workbench model of servicesim and reads its results back
(docs/ema.md).

Bad input raises :class:`InputError` naming the argument or key, the value and what is
allowed. Importing servicesim compiles and computes nothing, and loads neither numba nor
pandas: each function imports the simulation when it is first called.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from servicesim._version import __version__
from servicesim.api import (
    Robustness,
    SweepResult,
    compare,
    compile_kernels,
    decompose,
    replicate_seeds,
    robustness,
    run,
    sweep,
)
from servicesim.errors import InputError, SmallCentreWarning

if TYPE_CHECKING:
    from servicesim.experiments.compare import Comparison
    from servicesim.experiments.decompose import Decomposition
    from servicesim.experiments.simulate import RunResult

#: the result classes, imported when first asked for (their modules load pandas and numba)
_LAZY = {
    "RunResult": "servicesim.experiments.simulate",
    "Comparison": "servicesim.experiments.compare",
    "Decomposition": "servicesim.experiments.decompose",
}

__all__ = [
    "Comparison",
    "Decomposition",
    "InputError",
    "Robustness",
    "RunResult",
    "SmallCentreWarning",
    "SweepResult",
    "__version__",
    "compare",
    "compile_kernels",
    "decompose",
    "replicate_seeds",
    "robustness",
    "run",
    "sweep",
]


def __getattr__(name: str) -> Any:
    if name == "ema":  # the EMA Workbench module, loaded when first used
        return importlib.import_module("servicesim.ema")
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'servicesim' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY, "ema"})
