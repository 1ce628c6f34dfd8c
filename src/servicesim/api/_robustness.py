"""``servicesim.robustness``: how often a verdict holds over the model's own assumptions."""

# No ``from __future__ import annotations``: see ``_run.py``.

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
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

if TYPE_CHECKING:
    import pandas as pd


@dataclass
class Robustness:
    """A finished robustness analysis of ``b`` against ``a``.

    Attributes
    ----------
    result : dict
        The ``servicesim robustness --json`` object: ``outcomes`` (per metric: ``median_diff``,
        ``p05``, ``p95``, ``p_b_better`` with its Wilson 90% interval, ``noise_share``,
        ``halved_c``), ``drivers``, ``warnings``, ``samples``, ``headline``, ``apart``,
        ``failed``, ``assumptions``.
    outcomes : pandas.DataFrame
        ``robustness.csv``: one row per outcome and design.
    drivers : pandas.DataFrame
        ``drivers.csv``: per outcome and assumption, its delta index and whether it stands above
        the dummy's noise floor.
    runs : pandas.DataFrame
        ``runs.parquet``: one row per world, arm and replicate, with the drawn assumptions.
    path : pathlib.Path or None
        The results folder, or None when it was temporary.
    """

    result: dict[str, Any]
    outcomes: "pd.DataFrame"
    drivers: "pd.DataFrame"
    runs: "pd.DataFrame"
    path: Path | None


def robustness(
    a: str | os.PathLike[str],
    b: str | os.PathLike[str],
    *,
    scenario: str | os.PathLike[str] = "default",
    samples: int = 64,
    halved_samples: int | None = None,
    reps: int = 2,
    customers: int | None = None,
    days: int | None = None,
    seed: int = 0,
    warmup_days: int | None = None,
    sets: Sequence[str] | None = None,
    overrides: Mapping[str, Any] | None = None,
    workers: int = 1,
    scheduler: str | None = None,
    out: str | os.PathLike[str] | None = None,
    resume: bool = False,
) -> Robustness:
    """How often ``b`` beats ``a`` over the plausible ranges of the model's assumptions, as
    ``servicesim robustness`` does (``docs/robustness.md``).

    Worlds are drawn as a Latin hypercube over every ``behaviour`` parameter and the scenario's
    uncertain rows (policy levers never); in each, both policies run paired on the same
    replicate seeds from a firm warmed up in that world. Worlds whose status quo churns outside
    the scenario's industry band are set apart.

    Parameters
    ----------
    a, b : str or path
        The policies compared (``b`` against ``a``): preset names or TOML files.
    scenario : str or path
        A scenario preset's name or a TOML file with a ``[scenario]`` table.
    samples : int
        Worlds drawn (>= 2; default 64).
    halved_samples : int, optional
        Worlds drawn again with the grade-C ranges halved (0: none; default half of
        ``samples``).
    reps : int
        Paired replicates per policy and world (default 2).
    customers, days, warmup_days : int, optional
        As for ``servicesim.run``.
    seed : int
        Seed of the whole analysis (default 0).
    sets : list of str, optional
        ``"SECTION.KEY=VALUE"`` overrides; a key set here is held, not drawn.
    overrides : dict, optional
        ``{"SECTION.KEY": value}`` overrides (plain or numpy values), applied after ``sets``.
    workers : int
        Local worker processes (default 1: in this process). With more, a script must start
        its work under ``if __name__ == "__main__":`` (processes are spawned).
    scheduler : str, optional
        Run on a Dask cluster instead: its scheduler's address.
    out : str or path, optional
        The results folder. Default: a temporary folder, removed when the call returns.
    resume : bool
        Continue the analysis in ``out``.

    Returns
    -------
    Robustness
        ``result``, ``outcomes``, ``drivers``, ``runs``, ``path``
        (``servicesim.present.robustness.verdict(result.result, metric)`` says it in words).

    Raises
    ------
    InputError
        Bad input, named, before anything runs (fewer than two samples, no replicate, ``a``
        equal to ``b``, ``resume`` on another analysis's folder).
    RuntimeError
        Runs are missing (``resume=True`` runs them).

    Warns
    -----
    SmallCentreWarning
        The contact centre would have fewer than ten frontline staff.
    """
    import pandas as pd

    from servicesim.experiments.robustness import check_inputs
    from servicesim.experiments.robustness import robustness as analyse

    n_workers = at_least_one("workers", workers)
    with python_names(A="a", B="b", POLICY="a, b"):
        a_, b_ = name_or_path("a", a), name_or_path("b", b)
        scenario_ = name_or_path("scenario", scenario)
        every = overrides_as_sets(sets, overrides)
        seed_ = integer("seed", seed) or 0
        n_samples = integer("samples", samples)
        n_reps = integer("reps", reps)
        halved = integer("halved_samples", halved_samples)
        options: dict[str, Any] = {
            "customers": integer("customers", customers),
            "days": integer("days", days),
            "warmup_days": integer("warmup_days", warmup_days),
        }
        check_inputs(a_, b_, scenario_, n_samples, n_reps, seed_, halved, every)
        warn_small_centre(resolve_config(a_, scenario_, every, seed=seed_, **options))
        with results_folder(out, bool(resume)) as (folder, kept):
            result = analyse(
                a_,
                b_,
                folder,
                scenario_,
                n_samples,
                n_reps,
                seed_,
                options["customers"],
                options["days"],
                options["warmup_days"],
                every,
                halved,
                workers=n_workers,
                scheduler=scheduler,
                resume=bool(resume),
            )
            return Robustness(
                result=result,
                outcomes=pd.read_csv(folder / "robustness.csv"),
                drivers=pd.read_csv(folder / "drivers.csv"),
                runs=pd.read_parquet(folder / "runs.parquet"),
                path=folder if kept else None,
            )
