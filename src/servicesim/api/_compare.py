"""``servicesim.compare``: policies side by side on paired replicates."""

# No ``from __future__ import annotations``: see ``_run.py``.

import os
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from servicesim.api._inputs import (
    at_least_one,
    integer,
    name_or_path,
    optional_path,
    overrides_as_sets,
    python_names,
    resolve_config,
    warn_small_centre,
)
from servicesim.errors import InputError

if TYPE_CHECKING:
    from servicesim.experiments.compare import Comparison


def compare(
    *policies: str | os.PathLike[str],
    scenario: str | os.PathLike[str] = "default",
    reps: int = 10,
    customers: int | None = None,
    days: int | None = None,
    seed: int = 0,
    warmup_days: int | None = None,
    switch_at: int | None = None,
    switch_from: str | os.PathLike[str] | None = None,
    sets: Sequence[str] | None = None,
    overrides: Mapping[str, Any] | None = None,
    crn: bool = True,
    workers: int = 1,
    out: str | os.PathLike[str] | None = None,
) -> "Comparison":
    """Run policies side by side on paired replicates, as ``servicesim compare`` does.

    Replicate ``r`` of every policy uses the same seed, ``replicate_seeds(seed, reps)[r]``,
    and starts from the same firm warmed up under the scenario's status quo (common random
    numbers): each policy's difference from the first is paired by replicate.

    Parameters
    ----------
    *policies : str or path
        Two or more policy preset names or TOML files (or one list of them); differences are
        taken from the first.
    scenario : str or path
        A scenario preset's name or a TOML file with a ``[scenario]`` table.
    reps : int
        Paired replicates per policy (default 10).
    customers, days, warmup_days : int, optional
        As for ``servicesim.run`` (defaults 250,000 customers, 730 days, 730 days).
    seed : int
        Seed of the whole comparison (default 0).
    switch_at, switch_from : optional
        Every policy runs ``switch_from`` until measured day ``switch_at``.
    sets : list of str, optional
        ``"SECTION.KEY=VALUE"`` overrides, applied to every policy.
    overrides : dict, optional
        ``{"SECTION.KEY": value}`` overrides (plain or numpy values), applied after ``sets``.
    crn : bool
        Common random numbers (default). False gives each policy its own streams, to show what
        pairing buys.
    workers : int
        Local worker processes (default 1: in this process). With more, a script must start
        its work under ``if __name__ == "__main__":`` (processes are spawned).
    out : str or path, optional
        A folder to write ``runs.parquet``, ``timeseries.parquet``, ``comparison.csv`` and
        ``manifest.json`` to (``servicesim plot`` draws its figures).

    Returns
    -------
    Comparison
        ``table`` (a DataFrame: per metric and policy the mean with its 95% interval and the
        paired difference from the first policy with its interval), ``runs`` (one row per
        run), ``timeseries`` (one row per run and day), ``head`` (what was run) and
        ``levels()`` (each policy's absolute churn, base change, revenue, profit and margin).

    Raises
    ------
    InputError
        Bad input, named as the argument or key, before anything runs.
    RuntimeError
        A run failed.

    Warns
    -----
    SmallCentreWarning
        The contact centre would have fewer than ten frontline staff.

    Examples
    --------
    >>> import servicesim
    >>> cmp = servicesim.compare("rule_bound", "empowered", reps=2, customers=70_000, days=30)
    >>> differences = cmp.table.dropna(subset=["diff"])
    """
    from servicesim.experiments.compare import compare as compare_policies
    from servicesim.experiments.compare import compare_tasks, write_compare

    names = policy_names(policies)
    n_workers = at_least_one("workers", workers)
    with python_names(POLICY="policies"):
        every = overrides_as_sets(sets, overrides)
        seed_, reps_ = integer("seed", seed), at_least_one("reps", reps)
        folder = optional_path("out", out)
        run_options: dict[str, Any] = {
            "customers": integer("customers", customers),
            "days": integer("days", days),
            "warmup_days": integer("warmup_days", warmup_days),
            "switch_at": integer("switch_at", switch_at),
            "switch_from": optional_path("switch_from", switch_from),
        }
        config = resolve_config(names[0], scenario, every, seed=seed_, **run_options)
        scenario_ = name_or_path("scenario", scenario)
        compare_tasks(names, scenario_, 1, seed_ or 0, True, sets=every, **run_options)
    warn_small_centre(config)
    result = compare_policies(
        names, scenario_, reps_, seed_ or 0, bool(crn), sets=every, workers=n_workers, **run_options
    )
    if folder is not None:
        write_compare(result, folder)
    return result


def policy_names(policies: tuple[Any, ...]) -> list[str]:
    """``compare("a", "b")`` or ``compare(["a", "b"])`` -> ``["a", "b"]``."""
    if len(policies) == 1 and isinstance(policies[0], list | tuple):
        policies = tuple(policies[0])
    if not policies:
        raise InputError(
            "policies",
            [],
            "one or more policy preset names or .toml files, e.g. "
            "compare('rule_bound', 'empowered')",
        )
    return [name_or_path("policies", p) for p in policies]
