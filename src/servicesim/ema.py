"""servicesim in the EMA Workbench: a ``ReplicatorModel``, and its results as servicesim folders.

``replicator_model`` builds an ``ema_workbench.ReplicatorModel`` whose uncertainties and
levers are servicesim keys (``scenario.rule_coverage`` is the EMA parameter
``scenario__rule_coverage``), with ranges, log scales and categories from the parameter registry,
replications seeded by ``servicesim.replicate_seeds``, every summary metric as an outcome
and, against a ``baseline`` policy, the paired differences ``METRIC_diff`` under common random
numbers. A run that fails is a failed experiment (NaN outcomes, ``failed = 1``), never a hung or
aborted batch. ``to_sweep_folder`` writes EMA's results as a sweep folder for
``servicesim discover`` and ``plot``; ``to_compare_folder`` one experiment as a compare
folder for ``servicesim report``. docs/ema.md is the guide.

``ema_workbench`` is imported when a function here first needs it, with its import-time warnings
filtered; importing this module loads only the standard library.
"""

# No ``from __future__ import annotations``: see ``api/_run.py``.

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from servicesim.api._ema_model import (
    LOG_RATIO,
    Simulation,
    _as_keys,
    choice,
    corners,
    ema_name,
)
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
from servicesim.api._run import replicate_seeds
from servicesim.errors import InputError

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "LOG_RATIO",
    "Simulation",
    "ema_name",
    "parameter_key",
    "quiet",
    "replicator_model",
    "to_compare_folder",
    "to_sweep_folder",
    "workbench",
]


def workbench() -> ModuleType:
    """The ``ema_workbench`` package, imported with its import-time warnings filtered (use it
    instead of ``import ema_workbench`` where warnings are errors, e.g. under pytest)."""
    from servicesim.experiments.workbench import workbench as quiet_import

    return quiet_import()


def quiet() -> Any:
    """A context manager in which warnings raised from EMA Workbench's own code (its pandas
    deprecations) are ignored; servicesim's and everyone else's still show."""
    from servicesim.experiments.workbench import quiet as quiet_block

    return quiet_block()


def parameter_key(name: str) -> str:
    """``scenario__rule_coverage`` -> ``scenario.rule_coverage`` (the key of an EMA name)."""
    section, sep, rest = name.partition("__")
    if not sep:
        raise InputError("name", name, "an EMA name SECTION__KEY from servicesim.ema")
    return f"{section}.{rest}"


def replicator_model(
    uncertainties: Sequence[str] | Mapping[str, Any] = (),
    levers: Sequence[str] | Mapping[str, Any] = (),
    *,
    policy: str | os.PathLike[str] = "empowered",
    scenario: str | os.PathLike[str] = "default",
    baseline: str | os.PathLike[str] | None = None,
    outcomes: Sequence[str] | None = None,
    replications: int = 2,
    seed: int = 0,
    customers: int | None = None,
    days: int | None = None,
    warmup_days: int | None = None,
    overrides: Mapping[str, Any] | None = None,
    per_replicate: bool = True,
    threads: int | None = None,
    name: str = "servicesim",
) -> Any:
    """An EMA Workbench ``ReplicatorModel`` of servicesim.

    Parameters
    ----------
    uncertainties : list of str or dict
        Keys drawn as uncertainties, applied to every run: ``["scenario.rule_coverage",
        "behaviour.refusal_coldness"]``, or a dict of key -> ``None`` (the key's plausible range,
        or its bounds; a log scale where the range spans a factor of ``LOG_RATIO`` from
        ``low > 0``; booleans and fixed text values categorical), a range ``{"low": 0.3,
        "high": 0.9, "log": False}`` or a list of values (categorical).
    levers : list of str or dict
        Keys of the firm's choice, as ``uncertainties``; applied to ``policy``'s runs only. With
        a ``baseline`` they must be ``policy.KEY`` keys.
    policy, scenario : str or path
        The preset (or TOML file) the values modify.
    baseline : str or path, optional
        A second policy run with the same seeds and uncertainties (not the levers): adds the
        outcome ``METRIC_diff`` = policy minus baseline for every outcome.
    outcomes : list of str, optional
        Summary metrics (``docs/metrics.md``); default: every one.
    replications : int
        Replications per experiment; replication ``r`` runs with ``replicate_seeds(seed, n)[r]``.
    seed : int
        The experiment's seed.
    customers, days, warmup_days : int, optional
        Every run's size, measured days and warm-up (as ``servicesim.run``).
    overrides : dict, optional
        Values held in every run, policy and baseline: ``{"scenario.margin": 0.3}``.
    per_replicate : bool
        Outcomes as ``ArrayOutcome`` (an experiments x replications array each), or, if False,
        ``ScalarOutcome`` means over the replications named ``METRIC_mean`` (with directions,
        for ``optimize``; a failed replication makes the mean NaN). EMA Workbench lets a name
        be one outcome class per process, hence the suffix.
    threads : int, optional
        numba threads each run uses (default: all the process has). With an evaluator of
        ``n_processes`` workers, cores // n_processes keeps them from competing for cores.
        Results do not depend on it.
    name : str
        The model's name (a Python identifier).

    Returns
    -------
    ema_workbench.ReplicatorModel
        Its ``function`` is a ``Simulation`` (picklable: any EMA evaluator can run it).
        Outcomes: the metrics, ``METRIC_diff`` with a baseline, and ``failed`` (1 for a
        replication whose run failed: a value out of bounds, an impossible combination).

    Raises
    ------
    InputError
        An unknown key or preset, a range outside a key's bounds, a reserved name.

    Warns
    -----
    SmallCentreWarning
        The contact centre would have fewer than ten frontline staff.
    """
    from servicesim.core.metrics import SUMMARY
    from servicesim.errors import did_you_mean

    n = at_least_one("replications", replications)
    if not (isinstance(name, str) and name.isidentifier()):
        raise InputError("name", name, "a Python identifier (EMA Workbench's rule for a model)")
    with python_names():
        chosen = {
            "uncertainties": _as_keys("uncertainties", uncertainties),
            "levers": _as_keys("levers", levers),
        }
        both = set(chosen["uncertainties"]) & set(chosen["levers"])
        if both:
            raise InputError("levers", sorted(both)[0], "a key that is not also an uncertainty")
        if baseline is not None:
            for key in chosen["levers"]:
                if not key.startswith("policy."):
                    raise InputError(
                        f"levers: {key}",
                        key,
                        "policy.KEY levers with a baseline (a scenario or behaviour key changes "
                        "the baseline's world too: make it an uncertainty)",
                    )
        metrics = list(SUMMARY) if outcomes is None else list(outcomes)
        for m in metrics:
            if m not in SUMMARY:
                raise InputError("outcomes", m, "summary metrics", did_you_mean(m, SUMMARY))
        held = dict(overrides or {})
        overrides_as_sets(None, held)  # checked now: keys, sections
        pol, scen = name_or_path("policy", policy), name_or_path("scenario", scenario)
        base = optional_path("baseline", baseline)
        size = (integer("customers", customers), integer("days", days))
        warmup = integer("warmup_days", warmup_days)
        s = integer("seed", seed)
        config = resolve_config(pol, scen, overrides_as_sets(None, held), *size, s, warmup)
        if base is not None:
            resolve_config(base, scen, overrides_as_sets(None, held), *size, s, warmup)
        choices = {
            group: {key: choice(key, spec, group) for key, spec in table.items()}
            for group, table in chosen.items()
        }
        for group in choices.values():
            for key, c in group.items():  # every end of every range is a valid run
                for value in corners(c):
                    sets = overrides_as_sets(None, {**held, key: value})
                    resolve_config(pol, scen, sets, *size, s, warmup)
    warn_small_centre(config)
    keys = {ema_name(k): k for group in choices.values() for k in group}
    function = Simulation(
        pol,
        scen,
        keys,
        frozenset(ema_name(k) for k in choices["levers"]),
        tuple(metrics),
        base,
        *size,
        warmup,
        held,
        seed=int(s or 0),
        threads=None if threads is None else at_least_one("threads", threads),
    )
    ema = workbench()
    model = ema.ReplicatorModel(name, function=function)
    model.uncertainties = [c.parameter(ema) for c in choices["uncertainties"].values()]
    model.levers = [c.parameter(ema) for c in choices["levers"].values()]
    if per_replicate:
        model.outcomes = [
            ema.ArrayOutcome(o, shape=(n,), dtype=float) for o in function.outcome_names()
        ]
    else:
        import numpy as np

        directions = {m: SUMMARY[m].direction for m in metrics}
        kinds = {1: ema.ScalarOutcome.MAXIMIZE, -1: ema.ScalarOutcome.MINIMIZE}
        model.outcomes = [
            ema.ScalarOutcome(
                f"{o}_mean",
                kind=kinds.get(directions.get(o.removesuffix("_diff"), 0), ema.ScalarOutcome.INFO),
                variable_name=o,
                function=np.mean,
            )
            for o in function.outcome_names()
        ]
    model.replications = [{"seed": r} for r in replicate_seeds(int(s or 0), n)]
    return model


def _simulation(model: Any) -> Simulation:
    function = getattr(model, "function", None)
    if not isinstance(function, Simulation):
        raise InputError("model", model, "the model servicesim.ema.replicator_model built")
    return function


def to_sweep_folder(
    experiments: "pd.DataFrame",
    outcomes: Mapping[str, Any],
    out: str | os.PathLike[str],
    model: Any,
) -> Path:
    """Write EMA Workbench results as a sweep folder (``runs.parquet``, ``summary.csv``,
    ``manifest.json``): ``servicesim discover`` and ``plot`` read it.

    Each experiment is a design point, each replication a replicate (its seed recorded), the
    policy's runs labelled with its name and, with a baseline, the baseline's runs with theirs
    (its metrics are the policy's minus ``METRIC_diff``). A failed replication is a run with
    ``status = failed``.

    Parameters
    ----------
    experiments, outcomes
        What ``perform_experiments`` returned.
    out : str or path
        A new folder.
    model : ReplicatorModel
        The model ``replicator_model`` built, that ran them.

    Returns
    -------
    pathlib.Path
        The folder.
    """
    from servicesim.api._ema_results import head, run_rows
    from servicesim.experiments.external import runs_frame, write_sweep_folder

    sim = _simulation(model)
    rows, swept = run_rows(experiments, outcomes, sim, model)
    runs = runs_frame(rows, swept)
    return write_sweep_folder(
        runs, swept, list(sim.outcomes), name_or_path("out", out), **head(sim, model)
    )


def to_compare_folder(
    experiments: "pd.DataFrame",
    outcomes: Mapping[str, Any],
    out: str | os.PathLike[str],
    model: Any,
    experiment: int = 0,
) -> Path:
    """Write one experiment of EMA Workbench results as a compare folder (``runs.parquet``,
    ``comparison.csv``, ``manifest.json``): ``servicesim report`` and ``plot`` read it.

    The policy against its baseline (or alone), one row per replication; the experiment's
    values are recorded in the manifest (``sets``). Arguments as ``to_sweep_folder``, and
    ``experiment``: the row of ``experiments``.
    """
    from servicesim.api._ema_results import head, run_rows
    from servicesim.experiments.external import runs_frame, write_compare_folder

    sim = _simulation(model)
    i = integer("experiment", experiment)
    if i is None or not 0 <= i < len(experiments):
        raise InputError(
            "experiment", experiment, f"a row of experiments, 0 to {len(experiments) - 1}"
        )
    import numpy as np

    row = {name: np.ma.asarray(v)[i : i + 1] for name, v in outcomes.items()}
    rows, swept = run_rows(experiments.iloc[[i]], row, sim, model, offset=i)
    runs = runs_frame(rows, swept)
    values = {k: runs[k].iloc[0] for k in swept}
    sets = overrides_as_sets(None, {**sim.held, **values})
    meta = head(sim, model)
    policies = meta.pop("policies")
    return write_compare_folder(
        runs, policies, name_or_path("out", out), experiment=i, sets=sets, crn=True, **meta
    )
