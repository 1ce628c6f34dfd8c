"""servicesim: agent-based simulation of customer-service policies and their effect on loyalty and cost.

Public API::

    import servicesim
    result = servicesim.run(policy="empowered", scenario="default", customers=20_000, days=365)
    result.summary["retention_rate"], result.timeseries

Nothing is compiled or computed at import time.
"""

from __future__ import annotations

from typing import Any

from servicesim._version import __version__

__all__ = ["__version__", "run"]


def run(*args: Any, **kwargs: Any) -> Any:
    """Run one simulation; see :func:`servicesim.experiments.simulate.run`."""
    from servicesim.experiments.simulate import run as _run

    return _run(*args, **kwargs)
