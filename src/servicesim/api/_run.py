"""``servicesim.run``, ``servicesim.compile_kernels`` and ``servicesim.replicate_seeds``."""

# No ``from __future__ import annotations`` in the API's modules: help() and inspect.signature
# then show the arguments' types as types. The result types stay names (their modules import
# pandas and numba; importing servicesim must not).

import os
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from servicesim.api._inputs import (
    integer,
    optional_path,
    overrides_as_sets,
    python_names,
    resolve_config,
    warn_small_centre,
)
from servicesim.errors import InputError

if TYPE_CHECKING:
    from servicesim.experiments.simulate import RunResult


def run(
    policy: str | os.PathLike[str] = "empowered",
    scenario: str | os.PathLike[str] = "default",
    *,
    customers: int | None = None,
    days: int | None = None,
    seed: int | None = None,
    warmup_days: int | None = None,
    switch_at: int | None = None,
    switch_from: str | os.PathLike[str] | None = None,
    sets: Sequence[str] | None = None,
    overrides: Mapping[str, Any] | None = None,
    out: str | os.PathLike[str] | None = None,
    check_invariants: bool = False,
    record_episodes: bool = False,
    progress: Callable[[int], None] | None = None,
) -> "RunResult":
    """Run one simulation, as ``servicesim run`` does.

    The firm first plays ``warmup_days`` under its scenario's status quo, then ``policy``
    runs for ``days`` measured days. Everything is validated before anything runs.

    Parameters
    ----------
    policy : str or path
        A policy preset's name (``rule_bound``, ``empowered``, ``guardrailed``,
        ``outsourced_efficiency``, ``positively_outrageous``) or a TOML file with a
        ``[policy]`` table.
    scenario : str or path
        A scenario preset's name (``default``, ``routine_transactional``,
        ``complex_relational``, ``demand_shock``) or a TOML file with a ``[scenario]`` table.
    customers : int, optional
        Initial customers (>= 100; default 250,000). Under about 70,000 the contact centre
        has fewer than ten frontline staff, and the run warns.
    days : int, optional
        Measured days (default 730).
    seed : int, optional
        Seed of every random stream (default 0): the same seed gives the same results.
    warmup_days : int, optional
        Days the scenario's status quo runs before the measured period (default 730; 0: none).
    switch_at : int, optional
        Measured day from which ``policy`` takes over from ``switch_from`` (1 to days - 1).
    switch_from : str or path, optional
        The policy of measured days 0 to ``switch_at`` - 1; given with ``switch_at``.
    sets : list of str, optional
        Overrides as the command line writes them: ``["policy.discretion_cap=50",
        "scenario.rule_coverage=0.9"]``; sections ``scenario``, ``policy``, ``behaviour`` and
        ``run``.
    overrides : dict, optional
        Overrides as a dict, ``{"policy.discretion_cap": 50}``; values are bools, ints,
        floats, strings or numpy scalars. Applied after ``sets``.
    out : str or path, optional
        A folder to write ``summary.json``, ``timeseries.parquet``, ``config.toml`` and
        ``manifest.json`` to.
    check_invariants : bool
        Check the state after every day (debugging; slower).
    record_episodes : bool
        Keep one row per problem episode in ``result.episodes``.
    progress : callable, optional
        Called with each measured day as it ends (for a progress bar).

    Returns
    -------
    RunResult
        ``summary`` (a dict of outcomes by metric name), ``timeseries`` (a DataFrame, one row
        per measured day), ``events``, ``config`` (every parameter used), ``wall_s``.

    Raises
    ------
    InputError
        An unknown preset or key, a value out of bounds, an impossible combination; the
        message names the argument or key, the value and what is allowed.

    Warns
    -----
    SmallCentreWarning
        The contact centre would have fewer than ten frontline staff.

    Examples
    --------
    >>> import servicesim
    >>> result = servicesim.run("rule_bound", customers=70_000, days=30, warmup_days=30)
    >>> profit = result.summary["profit"]
    """
    from servicesim.experiments.simulate import run_config, write_run

    with python_names():
        config = resolve_config(
            policy,
            scenario,
            overrides_as_sets(sets, overrides),
            customers,
            days,
            seed,
            warmup_days,
            switch_at,
            switch_from,
        )
        folder = optional_path("out", out)
    warn_small_centre(config)
    result = run_config(
        config,
        progress=progress,
        record_episodes=bool(record_episodes),
        check_invariants=bool(check_invariants),
    )
    if folder is not None:
        write_run(result, folder)
    return result


def compile_kernels() -> float:
    """Compile the simulation's numba kernels now, or load them from numba's on-disk cache.

    A process compiles (or loads) the kernels on its first run anyway; call this first to keep
    that time out of a measurement, or before starting worker processes so that a cold cache
    is filled once, not once per worker. The first time on a machine takes about a minute,
    later processes a second or two. (Nothing to do with a run's simulated warm-up,
    ``warmup_days``.)

    Returns
    -------
    float
        The seconds it took.
    """
    from servicesim.experiments.simulate import compile_kernels as compile_now

    return compile_now()


def replicate_seeds(seed: int, n: int) -> list[int]:
    """The seeds of replicates 0 to ``n`` - 1 of an experiment with seed ``seed``.

    ``compare``, ``sweep`` and ``decompose`` run replicate ``r`` of every policy with
    ``replicate_seeds(seed, reps)[r]`` (common random numbers): ``run(seed=...)`` with one of
    them repeats that replicate. Independent streams from ``numpy.random.SeedSequence``.

    Parameters
    ----------
    seed : int
        The experiment's seed (>= 0).
    n : int
        How many replicates (>= 0).

    Returns
    -------
    list of int
        ``n`` seeds (63-bit, plain ints), the same on every machine.
    """
    s, count = integer("seed", seed), integer("n", n)
    if s is None or s < 0:
        raise InputError("seed", seed, "an integer >= 0")
    if count is None or count < 0:
        raise InputError("n", n, "an integer >= 0")
    from servicesim.core.rng import replicate_seeds as seeds

    return seeds(s, count)
