"""What ``servicesim.ema`` builds an EMA Workbench model from: parameters taken from servicesim's
registry, and the function EMA calls for each replication.

A key ``scenario.rule_coverage`` becomes the EMA parameter ``scenario__rule_coverage`` (EMA names
must be Python identifiers, and ``policy``, ``scenario`` and ``model`` are EMA's own columns).
Its range is the key's plausible range (``low``..``high`` in ``params/``), or its validity
bounds where it has none; a float range spanning a factor of ten or more with ``low > 0`` is
drawn on a log scale (``LOG_RATIO``); booleans and text keys with fixed values are categorical.
A caller may give a range ``{"low": .., "high": .., "log": ..}`` or a list of values instead.
"""

# No ``from __future__ import annotations``: see ``_run.py``.

import logging
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from servicesim.api._inputs import overrides_as_sets, resolve_config
from servicesim.errors import InputError

#: a float range with high / low at least this (and low > 0) is drawn on a log scale
LOG_RATIO = 10.0
#: EMA Workbench's own columns in its experiments table: never a parameter's name
RESERVED = frozenset({"policy", "scenario", "model"})
#: the log EMA Workbench's ``ema_logging.log_to_stderr`` shows (a child of its "EMA" logger)
LOGGER = logging.getLogger("EMA.servicesim")


def ema_name(key: str) -> str:
    """``scenario.rule_coverage`` -> ``scenario__rule_coverage`` (EMA's name for a key)."""
    name = key.replace(".", "__")
    if not name.isidentifier() or name in RESERVED:
        raise InputError(key, key, "a key SECTION.KEY whose EMA name is a Python identifier")
    return name


def _as_keys(name: str, given: Any) -> dict[str, Any]:
    """``uncertainties`` or ``levers``: a list of keys, or a dict of key -> None, a range or a
    list of values; as one dict (keys canonical, checked)."""
    from servicesim.experiments.keys import field_of
    from servicesim.params.config import canonical_key

    if given is None:
        return {}
    if isinstance(given, str) or not isinstance(given, Mapping | Sequence):
        raise InputError(name, given, "a list of keys SECTION.KEY, or a dict of key -> range")
    items = given.items() if isinstance(given, Mapping) else ((k, None) for k in given)
    out: dict[str, Any] = {}
    for key, spec in items:
        if not isinstance(key, str):
            raise InputError(name, key, "keys SECTION.KEY (strings)")
        if key.strip() in RESERVED:
            raise InputError(
                f"{name}: {key}",
                key,
                "a parameter key SECTION.KEY (EMA Workbench keeps policy, scenario and model "
                "for its own columns)",
                "choose the preset with policy= or scenario=, and its values as keys",
            )
        canonical = canonical_key(key.strip(), f"{name}: ")
        field_of(canonical, f"{name}: ")
        if canonical in out:
            raise InputError(name, key, "each key once")
        out[canonical] = spec
    return out


@dataclass(frozen=True)
class Choice:
    """How one key is drawn: a range (``low``, ``high``, ``log``) or a list of ``values``."""

    key: str
    kind: str
    low: float = 0.0  # a range's ends (unused with values)
    high: float = 0.0
    log: bool = False
    values: list[Any] | None = None

    def parameter(self, ema: Any) -> Any:
        """The EMA Workbench parameter."""
        name = ema_name(self.key)
        if self.values is not None:
            if self.values == [False, True]:
                return ema.BooleanParameter(name)
            return ema.CategoricalParameter(name, self.values)
        if self.kind == "int":
            return ema.IntegerParameter(name, int(self.low), int(self.high))
        if self.log:
            from scipy import stats

            return ema.RealParameter.from_dist(name, stats.loguniform(self.low, self.high))
        return ema.RealParameter(name, self.low, self.high)


def choice(key: str, spec: Any, where: str) -> Choice:
    """How ``key`` is drawn: from ``spec`` (None: the parameter's metadata)."""
    from servicesim.experiments.keys import choices, field_row, param_kind, typed_value
    from servicesim.experiments.spec import Range

    kind = param_kind(key)
    name = f"{where}: {key}"
    if isinstance(spec, list | tuple):
        values = list(dict.fromkeys(typed_value(key, v, name) for v in spec))
        if len(values) < 2:
            raise InputError(name, spec, "two or more distinct values")
        return Choice(key, kind, values=sorted(values) if kind == "bool" else values)
    if spec is None:
        fixed = choices(key)
        if fixed is not None:
            return Choice(key, kind, values=fixed)
        row = field_row(key)
        low, high = row["low"], row["high"]
        if low is None or high is None:
            low, high = row["min"], row["max"]
        if low is None or high is None or kind == "str":
            raise InputError(
                name, None, "a range {'low': .., 'high': ..} or a list of values", "no range known"
            )
        spec = {"low": low, "high": high, "log": kind == "float" and _wide(low, high)}
    if not isinstance(spec, Mapping):
        raise InputError(name, spec, "None, a list of values or {'low': .., 'high': .., 'log': ..}")
    try:
        rng = Range.model_validate({k: v for k, v in spec.items() if k != "levels"})
    except ValueError as err:
        raise InputError(
            name, spec, "{'low': number, 'high': number, 'log': bool}", str(err)
        ) from None
    if kind not in ("int", "float") or not rng.high > rng.low or (rng.log and rng.low <= 0):
        raise InputError(name, spec, "a numeric key, high > low, and low > 0 on a log scale")
    low, high = (math.ceil(rng.low), math.floor(rng.high)) if kind == "int" else (rng.low, rng.high)
    return Choice(key, kind, float(low), float(high), bool(rng.log) and kind == "float")


def _wide(low: float, high: float) -> bool:
    return low > 0 and high / low >= LOG_RATIO


def corners(c: Choice) -> list[Any]:
    """The values that must be valid for every draw of ``c`` to be (its ends or its values)."""
    if c.values is not None:
        return list(c.values)
    return [int(c.low), int(c.high)] if c.kind == "int" else [c.low, c.high]


@dataclass(frozen=True)
class Simulation:
    """The function EMA Workbench calls once per replication: ``seed`` (from
    ``replicate_seeds``) and one keyword per parameter, by EMA name.

    Runs ``policy`` under every value, and ``baseline`` (when given) under the same seed and
    every value but the levers: its outcomes are the policy's summary metrics and, with a
    baseline, ``METRIC_diff`` (policy minus baseline, common random numbers). A run that fails
    (a value out of bounds, an impossible combination) is logged on the ``EMA.servicesim``
    logger and returns NaN for every outcome and ``failed = 1``: EMA records a failed
    experiment and the batch goes on. Picklable, so EMA's process pools can ship it.
    """

    policy: str
    scenario: str
    keys: dict[str, str]
    levers: frozenset[str]
    outcomes: tuple[str, ...]
    baseline: str | None = None
    customers: int | None = None
    days: int | None = None
    warmup_days: int | None = None
    held: dict[str, Any] = field(default_factory=dict)
    #: the experiment's seed (its replications' seeds derive from it), for the record
    seed: int = 0
    #: numba threads per run (None: as the process has them); results do not depend on it
    threads: int | None = None

    def outcome_names(self) -> list[str]:
        """Every outcome this function returns, in order."""
        diffs = [f"{m}_diff" for m in self.outcomes] if self.baseline else []
        return [*self.outcomes, *diffs, "failed"]

    def run(self, policy: str, seed: int, values: Mapping[str, Any]) -> dict[str, float]:
        """One run's summary metrics."""
        from servicesim.experiments.simulate import run_config

        if self.threads:
            import numba

            numba.set_num_threads(min(self.threads, numba.config.NUMBA_NUM_THREADS))  # type: ignore[attr-defined]
        sets = overrides_as_sets(None, {**self.held, **values})
        config = resolve_config(
            policy, self.scenario, sets, self.customers, self.days, seed, self.warmup_days
        )
        return run_config(config).summary

    def __call__(self, seed: int, **values: Any) -> dict[str, float]:
        unknown = sorted(set(values) - set(self.keys))
        shared = {
            self.keys[n]: v for n, v in values.items() if n in self.keys and n not in self.levers
        }
        own = {self.keys[n]: v for n, v in values.items() if n in self.levers}
        try:
            if unknown:
                raise InputError("parameters", unknown[0], ", ".join(self.keys))
            b = self.run(self.policy, seed, {**shared, **own})
            out = {m: float(b[m]) for m in self.outcomes}
            if self.baseline is not None:
                a = self.run(self.baseline, seed, shared)
                out.update({f"{m}_diff": float(b[m]) - float(a[m]) for m in self.outcomes})
            return {**out, "failed": 0.0}
        except Exception as err:  # recorded as a failed experiment: the batch goes on
            LOGGER.warning("servicesim run failed (seed %s, %s): %s", seed, values, err)
            return {**dict.fromkeys(self.outcome_names(), math.nan), "failed": 1.0}
