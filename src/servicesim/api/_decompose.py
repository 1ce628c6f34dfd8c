"""``servicesim.decompose``: which lever carries the gap between two policies."""

# No ``from __future__ import annotations``: see ``_run.py``.

import os
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from servicesim.api._inputs import (
    at_least_one,
    integer,
    name_or_path,
    overrides_as_sets,
    python_names,
    resolve_config,
    results_folder,
    warn_small_centre,
)
from servicesim.errors import InputError, did_you_mean

if TYPE_CHECKING:
    from servicesim.experiments.decompose import Decomposition


def decompose(
    a: str | os.PathLike[str],
    b: str | os.PathLike[str],
    *,
    scenario: str | os.PathLike[str] = "default",
    reps: int = 2,
    customers: int | None = None,
    days: int | None = None,
    seed: int = 0,
    warmup_days: int | None = None,
    sets: Sequence[str] | None = None,
    overrides: Mapping[str, Any] | None = None,
    permutations: int = 16,
    metrics: Sequence[str] | None = None,
    workers: int = 1,
    scheduler: str | None = None,
    out: str | os.PathLike[str] | None = None,
    resume: bool = False,
) -> "Decomposition":
    """Attribute the gap between two policies to the levers they set differently, as
    ``servicesim decompose`` does.

    A coalition is policy ``a`` with some of its levers set to ``b``'s values; every coalition
    runs on the same replicate seeds from the same warmed-up firm. Each lever gets its effect
    alone from ``a``, alone from ``b``, and a Shapley value (its mean contribution over
    orderings of the levers): the Shapley values add up to the gap. Up to 8 levers every
    coalition runs; with more, ``permutations`` orderings are sampled (in antithetic pairs).

    Parameters
    ----------
    a, b : str or path
        The policies the gap starts from and goes to: preset names or TOML files.
    scenario : str or path
        A scenario preset's name or a TOML file with a ``[scenario]`` table.
    reps : int
        Paired replicates of every coalition (default 2).
    customers, days, warmup_days : int, optional
        As for ``servicesim.run``.
    seed : int
        Seed of the whole decomposition (default 0).
    sets : list of str, optional
        ``"SECTION.KEY=VALUE"`` overrides, applied to both policies.
    overrides : dict, optional
        ``{"SECTION.KEY": value}`` overrides (plain or numpy values), applied after ``sets``.
    permutations : int
        Orderings sampled when more than 8 levers differ (>= 2; default 16).
    metrics : list of str, optional
        The outcomes to decompose (default: profit, retention_rate, churn_rate_per_year,
        mean_satisfaction, staff_morale); any summary metric (docs/metrics.md).
    workers : int
        Local worker processes (default 1: in this process). With more, a script must start
        its work under ``if __name__ == "__main__":`` (processes are spawned).
    scheduler : str, optional
        Run on a Dask cluster instead: its scheduler's address.
    out : str or path, optional
        The results folder (``decomposition.csv``, ``decomposition.json``, ``runs.parquet``,
        ``manifest.json``; ``servicesim plot`` draws the waterfalls). Default: a temporary
        folder, removed when the call returns (``result.outcome.path`` is then gone).
    resume : bool
        Continue the decomposition in ``out``.

    Returns
    -------
    Decomposition
        ``table`` (a DataFrame, one row per lever and metric: ``a``, ``b``, ``shapley`` with
        ``shapley_ci_low``/``shapley_ci_high``, ``alone_from_a``, ``alone_from_b``), ``gap``
        and ``interaction`` (dicts by metric), ``levers``, ``exact``, ``reps``; ``outcome.table``
        holds every coalition's run.

    Raises
    ------
    InputError
        Bad input, named, before anything runs (also two policies that set no lever
        differently).
    RuntimeError
        A run failed.

    Warns
    -----
    SmallCentreWarning
        The contact centre would have fewer than ten frontline staff.
    """
    from servicesim.core.metrics import SUMMARY
    from servicesim.experiments.decompose import DEFAULT_METRICS, levers
    from servicesim.experiments.decompose import decompose as decompose_gap

    n_workers = at_least_one("workers", workers)
    chosen = DEFAULT_METRICS if metrics is None else tuple(_metrics(metrics, SUMMARY))
    with python_names(A="a", B="b", POLICY="a, b"):
        a_, b_ = name_or_path("a", a), name_or_path("b", b)
        scenario_ = name_or_path("scenario", scenario)
        every = overrides_as_sets(sets, overrides)
        seed_ = integer("seed", seed) or 0
        options: dict[str, Any] = {
            "customers": integer("customers", customers),
            "days": integer("days", days),
            "warmup_days": integer("warmup_days", warmup_days),
        }
        levers(a_, b_, scenario_, every)  # names a and b if they cannot be read or do not differ
        warn_small_centre(resolve_config(a_, scenario_, every, seed=seed_, **options))
        with results_folder(out, bool(resume)) as (folder, _):
            return decompose_gap(
                a_,
                b_,
                folder,
                scenario_,
                at_least_one("reps", reps),
                seed_,
                sets=every,
                permutations=at_least_one("permutations", permutations),
                metrics=chosen,
                workers=n_workers,
                scheduler=scheduler,
                resume=bool(resume),
                **options,
            )


def _metrics(names: Any, known: Mapping[str, Any]) -> list[str]:
    if isinstance(names, str) or not isinstance(names, Sequence) or not names:
        raise InputError("metrics", names, "a non-empty list of summary metric names")
    for name in names:
        if name not in known:
            raise InputError("metrics", name, "summary metric names", did_you_mean(name, known))
    return list(names)
