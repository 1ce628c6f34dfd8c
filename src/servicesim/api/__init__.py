"""The Python API: ``servicesim.run``, ``compare``, ``sweep`` and ``decompose``, which read like
the commands of the same names (keyword arguments for their options), and their helpers.

This layer sits on ``experiments`` (and draws nothing: figures come from ``servicesim plot``
on a results folder). It takes plain or numpy values, raises :class:`servicesim.InputError`
naming the keyword argument or key (never a command-line flag), and turns a run's advice into
Python warnings (:class:`servicesim.SmallCentreWarning`). Importing it loads only the standard
library; each function imports the simulation when it is called. docs/python.md is the guide.
"""

from servicesim.api._compare import compare
from servicesim.api._decompose import decompose
from servicesim.api._robustness import Robustness, robustness
from servicesim.api._run import compile_kernels, replicate_seeds, run
from servicesim.api._sweep import SweepResult, sweep

__all__ = [
    "Robustness",
    "SweepResult",
    "compare",
    "compile_kernels",
    "decompose",
    "replicate_seeds",
    "robustness",
    "run",
    "sweep",
]
