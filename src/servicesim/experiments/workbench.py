"""EMA Workbench (``ema_workbench``), imported when first needed and kept quiet.

Importing it warns about optional extras it lacks (ipyparallel, altair), and its code calls
pandas in ways pandas now deprecates. Those warnings say nothing about servicesim's results, so
they are filtered where they arise, by module, and every other warning still reaches the user
(and the test suite, which turns warnings into errors).
"""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Iterator
from types import ModuleType

#: warnings raised from (or attributed by pandas, numpy ... to) EMA Workbench's own modules
_EMA_MODULES = r"ema_workbench(\.|$)"


@contextlib.contextmanager
def quiet() -> Iterator[None]:
    """A block in which warnings attributed to EMA Workbench's modules are ignored."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", module=_EMA_MODULES)
        yield


def workbench() -> ModuleType:
    """The ``ema_workbench`` package (ReplicatorModel, parameters, outcomes, evaluators)."""
    with quiet():
        # the extras' warnings are raised at import, attributed to ema_workbench's __init__
        warnings.filterwarnings("ignore", message=r"ipyparallel not installed")
        warnings.filterwarnings("ignore", category=ImportWarning)
        import ema_workbench

    return ema_workbench


def prim() -> ModuleType:
    """``ema_workbench.analysis.prim`` (PRIM for scenario discovery)."""
    workbench()
    with quiet():
        warnings.filterwarnings("ignore", category=ImportWarning)
        from ema_workbench.analysis import prim as prim_module

    return prim_module
