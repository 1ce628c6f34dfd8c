"""Experiments: a spec (scenario x policies x parameters x replicates), its design, one run.

EMA Workbench's vocabulary: a **spec** names the scenario (uncertainties), the policies (levers),
parameters to hold or sweep, a design, replicates and a seed. In ``parameters`` a scalar is held,
a list is swept over its values and a table ``{low, high}`` is a range (``levels = n`` for a
grid, ``log = true`` for a log scale). Designs: ``grid`` (every combination), ``random`` and
``latin`` (``samples`` points; Latin hypercube from ``scipy.stats.qmc``), and ``file``: the rows of
a CSV or Parquet file ``points`` (columns ``SECTION.KEY``, or EMA Workbench's ``SECTION__KEY``)
are the design points, e.g. an EMA design or one made elsewhere (``design_file``).

Runs = design points x policies x replicates. Replicate ``r`` runs with seed
``replicate_seeds(seed, R)[r]`` for every policy and every design point (common random numbers):
rows pair across policies. Each run is a plain dict (a *task*) holding its full configuration as
TOML, so any process or Dask worker can run it and ``rerun`` can repeat it bit for bit.
"""

from __future__ import annotations

import itertools
import math
from pathlib import Path
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError

from servicesim.core.metrics import SUMMARY
from servicesim.core.rng import derive_seed
from servicesim.errors import InputError, did_you_mean
from servicesim.experiments.keys import PARAMETER_SECTIONS as PARAMETER_SECTIONS  # re-exported
from servicesim.experiments.keys import field_of, kind_of, param_kind
from servicesim.params.config import canonical_key
from servicesim.params.preset_files import load_preset, read_toml

DESIGNS = ("grid", "random", "latin", "file")
#: SeedSequence path of the design's own stream (a 3-element path: no replicate key collides)
DESIGN_PATH = (7, 7, 7)
#: spec keys people reach for, and the key meant
_ALIASES = {
    "horizon": "days",
    "horizon_days": "days",
    "population": "customers",
    "reps": "replicates",
    "policy": "policies",
    "params": "parameters",
    "n_samples": "samples",
}
_RANGE_KEYS = ("low", "high", "levels", "log")
#: what a run's record keeps of its task


class InertParameterWarning(UserWarning):
    """A swept parameter has no effect on some runs (e.g. a discretion cap at zero empowerment)."""


class Range(BaseModel):
    """A numeric range of a swept parameter: ``{low = 0.3, high = 0.9, levels = 4, log = false}``."""

    model_config = ConfigDict(extra="forbid", strict=True)

    low: float | int
    high: float | int
    levels: int | None = Field(None, ge=2, le=10_000)
    log: bool = False


class Spec(BaseModel):
    """An experiment spec as read from TOML (see the module docstring and docs/experiments.md)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    name: str = "experiment"
    question: str = ""
    scenario: str = "default"
    policies: list[str] = Field(default_factory=lambda: ["empowered"], min_length=1)
    design: Literal["grid", "random", "latin", "file"] = "grid"
    samples: int | None = Field(None, ge=1, le=1_000_000)
    points: str | None = None
    replicates: int = Field(1, ge=1, le=100_000)
    seed: int = Field(0, ge=0, le=2**63 - 1)
    customers: int | None = None
    days: int | None = None
    warmup_days: int | None = Field(None, ge=0, le=36_500)
    switch_at: int | None = Field(None, ge=1)
    switch_from: str | None = None
    outcomes: list[str] = Field(
        default_factory=lambda: ["profit", "retention_rate", "mean_satisfaction"]
    )
    parameters: dict[str, Any] = Field(default_factory=dict)
    #: the design points read from ``points`` (design = file), validated on loading
    _points: list[dict[str, Any]] | None = PrivateAttr(None)


_FIELD_ALLOWED = {
    "design": "grid, random, latin or file",
    "points": "a .csv or .parquet file of design points (columns SECTION.KEY), with design = file",
    "samples": "an integer between 1 and 1,000,000",
    "replicates": "an integer between 1 and 100,000",
    "seed": "an integer >= 0",
    "customers": "an integer >= 100",
    "days": "an integer >= 1",
    "policies": "a non-empty list of policy preset names or .toml files",
    "outcomes": "a list of summary metric names",
    "warmup_days": "an integer >= 0 (0: no warm-up)",
    "switch_at": "a measured day >= 1, with switch_from",
    "switch_from": "a policy preset name or .toml file, with switch_at",
    "parameters": "a table of SECTION.KEY = value, [values] or {low, high}",
}


def unknown_key(field: str, where: str, fields: list[str], aliases: dict[str, str]) -> InputError:
    """A key a spec does not have: the error names it, the keys allowed, and the key meant (a
    known alias, else the nearest name)."""
    hint = f"did you mean {aliases[field]!r}?" if field in aliases else did_you_mean(field, fields)
    return InputError(f"{where}: {field}", field, f"one of {', '.join(fields)}", hint)


def _spec_error(err: ValidationError, where: str, data: dict[str, Any]) -> InputError:
    e = err.errors()[0]
    loc = [str(x) for x in e.get("loc", ())]
    field = loc[0] if loc else "spec"
    if e.get("type") == "extra_forbidden":
        return unknown_key(field, where, list(Spec.model_fields), _ALIASES)
    value = data.get(field, e.get("input"))
    hint = e.get("msg")
    if field == "design":  # 'latin_hypercube', 'LHS' ... -> 'latin'
        named = [d for d in DESIGNS if d in str(value).lower()] + (
            ["latin"] if str(value).lower() == "lhs" else []
        )
        hint = f"did you mean {named[0]!r}?" if named else did_you_mean(str(value), DESIGNS)
    return InputError(
        f"{where}: {field}", value, _FIELD_ALLOWED.get(field, "see docs/experiments.md"), hint
    )


def spec_from_dict(data: dict[str, Any], where: str = "spec", base: Path | None = None) -> Spec:
    """Validate a spec table; every problem is an InputError naming the key (``where``: its file)."""
    if data.get("kind") == "robustness":
        raise InputError(
            where,
            "kind = robustness",
            "an experiment spec for servicesim sweep",
            "this is a robustness spec: servicesim robustness --spec FILE runs it",
        )
    try:
        spec = Spec.model_validate(data)
    except ValidationError as err:
        raise _spec_error(err, where, data) from None
    if base is not None:  # preset files named relative to the spec's own folder
        spec.policies = [_near(p, base) for p in spec.policies]
        spec.scenario = _near(spec.scenario, base)
    if spec.design in ("grid", "file") and spec.samples is not None:
        raise InputError(f"{where}: samples", spec.samples, "only with design = random or latin")
    if spec.design not in ("grid", "file") and spec.samples is None:
        raise InputError(
            f"{where}: samples", None, f"an integer >= 1 (design = {spec.design} needs it)"
        )
    if len(set(spec.policies)) != len(spec.policies):
        raise InputError(f"{where}: policies", spec.policies, "distinct policies")
    load_preset("scenario", spec.scenario)
    for policy in spec.policies:
        load_preset("policy", policy)
    if (spec.switch_at is None) != (spec.switch_from is None):
        field = "switch_at" if spec.switch_from is None else "switch_from"
        raise InputError(
            f"{where}: switch_from",
            spec.switch_from,
            "switch_at and switch_from together",
            f"{field} is missing",
        )
    if spec.switch_from is not None:
        if base is not None:
            spec.switch_from = _near(spec.switch_from, base)
        try:
            load_preset("policy", spec.switch_from)
        except InputError as err:
            raise InputError(f"{where}: switch_from", err.value, err.allowed, err.hint) from None
    for name in spec.outcomes:
        if name not in SUMMARY:
            raise InputError(
                f"{where}: outcomes", name, "summary metrics", did_you_mean(name, SUMMARY)
            )
    spec.parameters = {
        canonical_key(key, f"{where}: parameters."): value for key, value in spec.parameters.items()
    }
    for key, value in spec.parameters.items():
        _check_parameter(key, value, where)
    if spec.design == "file" or spec.points is not None:
        from servicesim.experiments.design_file import read_points

        if spec.design != "file" or spec.points is None:
            field = "points" if spec.points is not None else "design"
            value = spec.points if spec.points is not None else spec.design
            raise InputError(f"{where}: {field}", value, 'design = "file" with points = FILE')
        if base is not None and not Path(spec.points).is_absolute():
            if not Path(spec.points).exists() and (base / spec.points).exists():
                spec.points = str(base / spec.points)
        swept = [k for k, v in spec.parameters.items() if isinstance(v, list | dict)]
        if swept:
            raise InputError(
                f"{where}: parameters.{swept[0]}",
                spec.parameters[swept[0]],
                "a value held in every run (with design = file, the file's columns are swept)",
            )
        spec._points = read_points(spec.points, f"{where}: points")
        clash = sorted(set(spec._points[0]) & set(spec.parameters))
        if clash:
            raise InputError(
                f"{where}: parameters.{clash[0]}",
                spec.parameters[clash[0]],
                "a key that is not a column of the points file (it would be held and swept)",
            )
    return spec


def _near(name: str, base: Path) -> str:
    p = base / name
    return str(p) if name.endswith(".toml") and not Path(name).exists() and p.exists() else name


def load_spec(path: str | Path) -> Spec:
    """Read and validate a spec file (missing or malformed files are InputErrors)."""
    data = read_toml(path, "SPEC")
    data.setdefault("name", Path(path).stem)
    return spec_from_dict(data, str(path), Path(path).parent)


def shrink(
    spec: Spec, customers: int | None = None, days: int | None = None, reps: int | None = None
) -> Spec:
    """The spec with a smaller population, horizon or replicate count (``--customers`` ...)."""
    update = {
        k: v
        for k, v in (("customers", customers), ("days", days), ("replicates", reps))
        if v is not None
    }
    if reps is not None and reps < 1:
        raise InputError("--reps", reps, "an integer >= 1")
    return spec.model_copy(update=update)


# --- parameters ------------------------------------------------------------------------------


def _check_parameter(key: str, value: Any, where: str) -> None:
    _, _, annotation = field_of(key)
    name = f"{where}: parameters.{key}"
    if isinstance(value, list):
        if not value:
            raise InputError(
                name, value, "a non-empty list of values (an empty list sweeps nothing)"
            )
        if any(isinstance(v, list | dict) for v in value):
            raise InputError(name, value, "a list of scalars")
    elif isinstance(value, dict):
        allowed = "{low = number, high = number, levels = int, log = bool}"
        for bad in sorted(set(value) - set(_RANGE_KEYS)):
            near = {"min": "low", "max": "high", "n": "levels"}.get(bad)
            hint = f"did you mean {near!r}?" if near else did_you_mean(bad, _RANGE_KEYS)
            raise InputError(name, value, allowed, hint)
        try:
            rng = Range.model_validate(value)
        except ValidationError as err:
            raise InputError(name, value, allowed, err.errors()[0].get("msg")) from None
        if kind_of(annotation) not in ("int", "float"):
            raise InputError(name, value, f"a value or a list of values ({key} is not numeric)")
        if not rng.high > rng.low:
            raise InputError(name, value, "a range with high > low")
        if rng.log and rng.low <= 0:
            raise InputError(name, value, "low > 0 on a log scale")


def split_parameters(spec: Spec) -> tuple[dict[str, Any], dict[str, Any]]:
    """``(held, swept)``: scalars are held, lists and ranges are swept (in the spec's order);
    with design = file, the file's columns are swept (each as the list of its values)."""
    held = {k: v for k, v in spec.parameters.items() if not isinstance(v, list | dict)}
    swept = {k: v for k, v in spec.parameters.items() if isinstance(v, list | dict)}
    if spec.design == "file" and spec._points:
        swept = {k: [p[k] for p in spec._points] for k in spec._points[0]}
    return held, swept


def _typed(key: str, x: float) -> Any:
    return int(round(x)) if param_kind(key) == "int" else float(x)


def _grid_levels(key: str, value: Any) -> list[Any]:
    if isinstance(value, list):
        return list(value)
    rng = Range.model_validate(value)
    if rng.levels is None:  # checked here, not on loading: sensitivity uses ranges as they are
        allowed = "a range with levels = N in a grid design"
        raise InputError(
            f"parameters.{key}", value, allowed, "or a list of values, or design = latin"
        )
    space = np.geomspace if rng.log else np.linspace
    return list(dict.fromkeys(_typed(key, x) for x in space(rng.low, rng.high, rng.levels)))


def from_unit(key: str, value: Any, u: float) -> Any:
    """Map ``u`` in [0, 1) onto a swept parameter: a list's values in equal strata, or a range."""
    if isinstance(value, list):
        return value[min(int(u * len(value)), len(value) - 1)]
    rng = Range.model_validate(value)
    if rng.log:
        return _typed(
            key, math.exp(math.log(rng.low) + u * (math.log(rng.high) - math.log(rng.low)))
        )
    return _typed(key, rng.low + u * (rng.high - rng.low))


def design_points(spec: Spec) -> list[dict[str, Any]]:
    """The swept parameters' values at every design point (one point when nothing is swept)."""
    if spec.design == "file":
        return [dict(p) for p in spec._points or []]
    _, swept = split_parameters(spec)
    keys = list(swept)
    if not keys:
        return [{}]
    if spec.design == "grid":
        combos = itertools.product(*(_grid_levels(k, swept[k]) for k in keys))
        return [dict(zip(keys, combo, strict=True)) for combo in combos]
    n = int(spec.samples or 0)
    gen = np.random.default_rng(derive_seed(spec.seed, *DESIGN_PATH))
    if spec.design == "latin":
        from scipy.stats import qmc

        unit = qmc.LatinHypercube(d=len(keys), rng=gen).random(n)
    else:
        unit = gen.random((n, len(keys)))
    return [{k: from_unit(k, swept[k], float(u[j])) for j, k in enumerate(keys)} for u in unit]
