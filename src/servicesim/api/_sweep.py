"""``servicesim.sweep``: every run of an experiment spec, and what they add up to."""

# No ``from __future__ import annotations``: see ``_run.py``.

import os
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from servicesim.api._inputs import (
    at_least_one,
    integer,
    name_or_path,
    plain,
    python_names,
    results_folder,
    warn_small_centre,
)

if TYPE_CHECKING:
    import pandas as pd

    from servicesim.experiments.spec import Spec


@dataclass
class SweepResult:
    """What a sweep produced.

    Attributes
    ----------
    spec : Spec
        The validated spec as it ran (with ``customers``, ``days`` and ``reps`` applied).
    runs : pandas.DataFrame
        One row per run (``runs.parquet``): ``run_id``, ``point``, ``policy``, ``replicate``,
        ``seed``, ``status`` (``ok`` or ``failed``), the swept parameters, every summary
        metric and ``error``.
    summary : pandas.DataFrame
        Per design point, policy and outcome (``summary.csv``): the mean with its 95%
        interval and the paired difference from the first policy at that point (with one
        policy: from design point 0), column ``versus`` saying which. Empty when no run
        finished.
    path : pathlib.Path or None
        The results folder, or None when it was temporary (``out`` not given).
    ran : int
        Runs run by this call (fewer than ``len(runs)`` when resuming).
    wall_s : float
        Seconds the sweep took.
    """

    spec: "Spec"
    runs: "pd.DataFrame"
    summary: "pd.DataFrame"
    path: Path | None
    ran: int
    wall_s: float
    statuses: dict[str, str] = field(default_factory=dict, repr=False)

    @property
    def failed(self) -> int:
        """How many runs failed (their ``error`` is in ``runs``)."""
        return sum(s == "failed" for s in self.statuses.values())


def sweep(
    spec: str | os.PathLike[str] | Mapping[str, Any],
    *,
    customers: int | None = None,
    days: int | None = None,
    reps: int | None = None,
    workers: int = 1,
    scheduler: str | None = None,
    out: str | os.PathLike[str] | None = None,
    resume: bool = False,
) -> SweepResult:
    """Run every run of an experiment spec, as ``servicesim sweep`` does.

    A spec names a scenario, policies, parameters to hold (a value) or sweep (a list, or a
    range ``{"low": .., "high": .., "levels": n}``), a design and replicates: see
    docs/experiments.md. Runs = design points x policies x replicates; replicate ``r`` uses
    ``replicate_seeds(seed, replicates)[r]`` everywhere, so runs pair across policies.

    Parameters
    ----------
    spec : str, path or dict
        A spec TOML file, or its tables as a dict, e.g. ``{"policies": ["rule_bound",
        "empowered"], "parameters": {"policy.discretion_cap": [0, 200]}, "replicates": 2}``
        (numpy values and arrays are taken as plain values and lists).
    customers, days, reps : int, optional
        Shrink the spec: initial customers and horizon of every run, replicates per design
        point and policy.
    workers : int
        Local worker processes (default 1: in this process). With more, a script must start
        its work under ``if __name__ == "__main__":`` (processes are spawned).
    scheduler : str, optional
        Run on a Dask cluster instead: its scheduler's address, ``"tcp://HOST:8786"``.
    out : str or path, optional
        The results folder (``runs/``, ``runs.parquet``, ``summary.csv``, ``manifest.json``).
        Default: a temporary folder, removed when the sweep returns.
    resume : bool
        Continue the sweep in ``out``: run only what is missing or failed.

    Returns
    -------
    SweepResult
        ``runs`` and ``summary`` (DataFrames), ``spec``, ``path``, ``failed``.

    Raises
    ------
    InputError
        A bad spec or argument, named, before anything runs.

    Warns
    -----
    SmallCentreWarning
        The contact centre would have fewer than ten frontline staff.
    RuntimeWarning
        Some runs failed (the sweep goes on; ``runs`` holds their errors).

    Examples
    --------
    >>> import servicesim
    >>> spec = {"policies": ["rule_bound", "empowered"], "replicates": 2,
    ...         "parameters": {"scenario.revenue_per_customer_per_year": [600, 1800]}}
    >>> result = servicesim.sweep(spec, customers=70_000, days=30)
    """
    from servicesim.experiments.spec import load_spec, shrink, spec_from_dict, split_parameters
    from servicesim.experiments.stats import summarise
    from servicesim.experiments.sweep import sweep as run_sweep
    from servicesim.experiments.tasks import spec_tasks
    from servicesim.params.config import from_toml_text

    n_workers = at_least_one("workers", workers)
    with python_names():
        if isinstance(spec, Mapping):
            the_spec = spec_from_dict(dict(plain(spec)), "spec")
        else:
            the_spec = load_spec(name_or_path("spec", spec))
        reps_ = None if reps is None else at_least_one("reps", reps)
        the_spec = shrink(the_spec, integer("customers", customers), integer("days", days), reps_)
        tasks = spec_tasks(the_spec)
        warn_small_centre(from_toml_text(tasks[0]["config"]))
        with results_folder(out, bool(resume)) as (folder, kept):
            outcome = run_sweep(
                the_spec, folder, tasks, workers=n_workers, scheduler=scheduler, resume=bool(resume)
            )
    ok = outcome.table["status"] == "ok"
    swept = list(split_parameters(the_spec)[1])
    summary = summarise(outcome.table, swept, the_spec.outcomes) if ok.any() else _empty()
    result = SweepResult(
        the_spec,
        outcome.table,
        summary,
        folder if kept else None,
        outcome.ran,
        outcome.wall_s,
        dict(outcome.statuses),
    )
    if result.failed:
        first = outcome.table.loc[~ok, "error"].iloc[0]
        warnings.warn(
            f"{result.failed} of {len(outcome.statuses)} runs failed (the first: {first}); "
            "their errors are in the result's runs['error']",
            RuntimeWarning,
            stacklevel=2,
        )
    return result


def _empty() -> "pd.DataFrame":
    import pandas as pd

    return pd.DataFrame()
