"""Global sensitivity analysis with SALib: Sobol indices or Morris elementary effects.

The spec's swept parameters span the input space: a range ``{low, high}`` continuously (log
scale if asked), a list as equal strata over its values. SALib designs in the unit cube are
mapped onto them with :func:`servicesim.experiments.spec.from_unit`, run as a resumable sweep
(``DIR/runs/``), averaged over replicates, and analysed per outcome. With one policy an outcome
is a summary metric; with two or more it is the paired difference from the first policy
(``profit_diff``: second minus first; with more policies ``profit_diff_<policy>``). Every design
point runs with the same replicate seeds (common random numbers), so noise does not masquerade
as a parameter's effect between neighbouring points.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from servicesim.errors import InputError
from servicesim.experiments.spec import Spec, from_unit, param_kind, split_parameters
from servicesim.experiments.store import atomic_write_csv
from servicesim.experiments.sweep import Outcome, execute
from servicesim.experiments.tasks import spec_tasks

METHODS = ("sobol", "morris")
DEFAULT_SAMPLES = {"sobol": 64, "morris": 10}
MORRIS_LEVELS = 4


def factors(spec: Spec) -> dict[str, Any]:
    """The spec's swept parameters, checked to be numeric (sensitivity needs an ordering)."""
    if spec.design == "file":
        raise InputError(
            f"{spec.name}: design", "file", "grid, random or latin (SALib draws its own design)"
        )
    _, swept = split_parameters(spec)
    if not swept:
        raise InputError(
            f"{spec.name}: parameters", {}, "at least one swept parameter (a list or {low, high})"
        )
    for key, value in swept.items():
        kind = param_kind(key)
        if kind not in ("int", "float") or (
            isinstance(value, list) and any(isinstance(v, bool) for v in value)
        ):
            raise InputError(
                f"{spec.name}: parameters.{key}",
                value,
                "a numeric parameter for a sensitivity analysis",
            )
    return swept


def unit_design(spec: Spec, method: str, samples: int) -> np.ndarray:
    """SALib's design in the unit cube: one row per design point, one column per factor."""
    if method not in METHODS:
        from servicesim.errors import did_you_mean

        raise InputError("--method", method, "sobol or morris", did_you_mean(method, METHODS))
    if samples < 2:
        raise InputError("--samples", samples, "an integer >= 2")
    names = list(factors(spec))
    problem = {"num_vars": len(names), "names": names, "bounds": [[0.0, 1.0]] * len(names)}
    if method == "sobol":
        if samples & (samples - 1):
            near = 2 ** round(math.log2(samples))
            raise InputError(
                "--samples", samples, "a power of 2 for Sobol' sequences", f"try {near}"
            )
        from SALib.sample import sobol

        return sobol.sample(problem, samples, calc_second_order=False, seed=spec.seed)
    from SALib.sample import morris

    return morris.sample(problem, samples, num_levels=MORRIS_LEVELS, seed=spec.seed)


def outcome_values(table: pd.DataFrame, spec: Spec, n_points: int) -> dict[str, np.ndarray]:
    """Each outcome per design point, averaged over replicates (NaN where a run is missing)."""
    ok = table[table["status"] == "ok"]
    labels = list(dict.fromkeys(table["policy"]))
    out: dict[str, np.ndarray] = {}
    for metric in spec.outcomes:
        wide = ok.pivot_table(
            index="point", columns="policy", values=metric, aggfunc="mean", dropna=False
        )
        wide = wide.reindex(index=range(n_points), columns=labels)
        if len(labels) == 1:
            out[metric] = wide[labels[0]].to_numpy(float)
            continue
        for p in labels[1:]:
            name = f"{metric}_diff" if len(labels) == 2 else f"{metric}_diff_{p}"
            out[name] = (wide[p] - wide[labels[0]]).to_numpy(float)
    return out


def analyse(
    names: list[str], method: str, unit: np.ndarray, values: dict[str, np.ndarray], seed: int = 0
) -> tuple[pd.DataFrame, dict[str, str]]:
    """``indices.csv`` rows (outcome, parameter, index, value, ci: 95% half-width) and the
    outcomes left out with the reason (missing runs, no variation)."""
    problem = {"num_vars": len(names), "names": names, "bounds": [[0.0, 1.0]] * len(names)}
    rows, skipped = [], {}
    for outcome, y in values.items():
        if not np.isfinite(y).all():
            skipped[outcome] = f"{int((~np.isfinite(y)).sum())} design points without a value"
            continue
        if np.ptp(y) == 0:
            skipped[outcome] = "no variation across the design"
            continue
        if method == "sobol":
            from SALib.analyze import sobol

            res = sobol.analyze(problem, y, calc_second_order=False, conf_level=0.95, seed=seed)
            pairs: list[tuple[str, str | None]] = [("S1", "S1_conf"), ("ST", "ST_conf")]
        else:
            from SALib.analyze import morris

            res = morris.analyze(
                problem, unit, y, conf_level=0.95, num_levels=MORRIS_LEVELS, seed=seed
            )
            pairs = [("mu_star", "mu_star_conf"), ("sigma", None)]
        for j, name in enumerate(names):
            for index, conf in pairs:
                ci = float(res[conf][j]) if conf else math.nan
                rows.append(
                    {
                        "outcome": outcome,
                        "parameter": name,
                        "index": index,
                        "value": float(res[index][j]),
                        "ci": ci,
                    }
                )
    table = pd.DataFrame(rows, columns=["outcome", "parameter", "index", "value", "ci"])
    _warn_inestimable(table, method, len(names))
    return table, skipped


def _warn_inestimable(table: pd.DataFrame, method: str, n_params: int) -> None:
    """Warn where an index's interval could not be estimated (zero width or none): its "± 0"
    would read as certainty. With one parameter a Morris design has one elementary effect per
    trajectory, and under common random numbers they can all be equal."""
    index = "mu_star" if method == "morris" else "ST"
    rows = table[(table["index"] == index) & (table["value"] != 0)]
    # a zero width is honest for an effect that is exactly linear in a design of several
    # parameters; with one parameter nothing tells it from an interval that was not estimated
    bad = rows[~np.isfinite(rows["ci"]) | ((rows["ci"] == 0) & (n_params == 1))]
    for (outcome, param), _ in bad.groupby(["outcome", "parameter"], sort=False):
        why = (
            "one parameter: every trajectory gave the same effect"
            if n_params == 1
            else "the bootstrap gave none"
        )
        warnings.warn(
            f"the interval of {index} of {param} on {outcome} cannot be estimated ({why}); "
            "read it as unknown, not as zero: draw more samples, or sweep more parameters",
            stacklevel=3,
        )


@dataclass
class Sensitivity:
    """A finished sensitivity analysis: its folder, the indices and what was left out."""

    outcome: Outcome
    indices: pd.DataFrame
    skipped: dict[str, str]


def sensitivity(
    spec: Spec,
    method: str,
    out: str | Path,
    samples: int | None = None,
    **kwargs: Any,
) -> Sensitivity:
    """Run a SALib design over the spec's ranges into ``out`` and write ``indices.csv``.

    Keyword arguments go to :func:`servicesim.experiments.sweep.execute` (workers, scheduler, resume, ...).
    """
    n = samples or (spec.samples if spec.samples else DEFAULT_SAMPLES.get(method, 0))
    unit = unit_design(spec, method, n)
    swept = factors(spec)
    names = list(swept)
    points = [{k: from_unit(k, swept[k], float(u[j])) for j, k in enumerate(names)} for u in unit]
    tasks = spec_tasks(spec, points)
    head = {
        "kind": "sensitivity",
        "method": method,
        "samples": n,
        "spec": spec.model_dump(),
        "n_points": len(points),
        "n_runs": len(tasks),
    }
    result = execute(tasks, out, head, names, **kwargs)
    indices, skipped = analyse(
        names, method, unit, outcome_values(result.table, spec, len(points)), spec.seed
    )
    atomic_write_csv(Path(out) / "indices.csv", indices)
    return Sensitivity(result, indices, skipped)
