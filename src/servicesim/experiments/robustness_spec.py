"""A robustness analysis as a TOML spec: ``servicesim robustness --spec FILE`` (options on the
command line override it).

The keys are the sweep spec's where they mean the same (``name``, ``question``, ``scenario``,
``samples``, ``replicates``, ``seed``, ``customers``, ``days``, ``warmup_days``, and
``parameters``: values held in every run, as ``--set`` holds them; nothing is swept, the worlds
are drawn), and ``a`` and ``b``, the policies compared (B against A), ``halved_samples``, and
``kind = "robustness"``, which tells it from a sweep spec (``servicesim sweep`` refuses it)::

    kind = "robustness"
    name = "robustness_main"
    a = "rule_bound"
    b = "empowered"
    samples = 64
    replicates = 2
    customers = 50000
    days = 730

Every problem is an ``InputError`` naming the file and the key (the CLI exits 2).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from servicesim.errors import InputError
from servicesim.experiments.robustness import DEFAULT_SAMPLES
from servicesim.experiments.spec import unknown_key
from servicesim.params.config import canonical_key
from servicesim.params.preset_files import load_preset, read_toml

#: keys people reach for (the command's own option names among them), and the key meant
_ALIASES = {
    "reps": "replicates",
    "n_samples": "samples",
    "policy_a": "a",
    "policy_b": "b",
    "policies": "a and b",
    "sets": "parameters",
    "set": "parameters",
    "params": "parameters",
    "horizon": "days",
    "population": "customers",
}
_ALLOWED = {
    "a": "a policy preset name or .toml file (the policy compared against)",
    "b": "a policy preset name or .toml file (the policy that may beat A)",
    "samples": "an integer >= 2 (worlds drawn)",
    "halved_samples": "0 (none) or an integer >= 2",
    "replicates": "an integer >= 1",
    "seed": "an integer >= 0",
    "customers": "an integer >= 100",
    "days": "an integer >= 1",
    "warmup_days": "an integer >= 0 (0: no warm-up)",
    "parameters": "a table of SECTION.KEY = value, each held in every run",
    "kind": '"robustness" (a sweep spec is run by servicesim sweep)',
}


class RobustnessSpec(BaseModel):
    """A robustness analysis as read from TOML (see the module docstring)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    kind: Literal["robustness"] = "robustness"  # tells it from a sweep spec in experiments/
    name: str = "robustness"
    question: str = ""
    a: str
    b: str
    scenario: str = "default"
    samples: int = Field(DEFAULT_SAMPLES, ge=2, le=100_000)
    halved_samples: int | None = Field(None, ge=0, le=100_000)
    replicates: int = Field(2, ge=1, le=10_000)
    seed: int = Field(0, ge=0, le=2**63 - 1)
    customers: int | None = Field(None, ge=100)
    days: int | None = Field(None, ge=1)
    warmup_days: int | None = Field(None, ge=0, le=36_500)
    parameters: dict[str, Any] = Field(default_factory=dict)

    def sets(self) -> list[str]:
        """``parameters`` as ``--set`` items."""
        from servicesim.experiments.tasks import _toml

        return [f"{k}={_toml(v)}" for k, v in self.parameters.items()]


def _near(name: str, base: Path) -> str:
    p = base / name
    return str(p) if name.endswith(".toml") and not Path(name).exists() and p.exists() else name


def spec_from_dict(
    data: dict[str, Any], where: str = "spec", base: Path | None = None
) -> RobustnessSpec:
    """Validate a robustness spec table; a problem is an InputError naming ``where`` and the key."""
    try:
        spec = RobustnessSpec.model_validate(data)
    except ValidationError as err:
        e = err.errors()[0]
        loc = [str(x) for x in e.get("loc", ())]
        field = loc[0] if loc else "spec"
        if e.get("type") == "extra_forbidden":
            raise unknown_key(field, where, list(RobustnessSpec.model_fields), _ALIASES) from None
        if e.get("type") == "missing":
            raise InputError(f"{where}: {field}", None, _ALLOWED[field], "missing") from None
        value = data.get(field, e.get("input"))
        raise InputError(
            f"{where}: {field}", value, _ALLOWED.get(field, "see docs/robustness.md"), e.get("msg")
        ) from None
    if base is not None:  # preset files named relative to the spec's own folder
        spec.a, spec.b, spec.scenario = (_near(x, base) for x in (spec.a, spec.b, spec.scenario))
    if spec.halved_samples == 1:
        raise InputError(f"{where}: halved_samples", 1, _ALLOWED["halved_samples"])
    for key in ("a", "b"):
        try:
            load_preset("policy", getattr(spec, key))
        except InputError as err:
            raise InputError(f"{where}: {key}", err.value, err.allowed, err.hint) from None
    try:
        load_preset("scenario", spec.scenario)
    except InputError as err:
        raise InputError(f"{where}: scenario", err.value, err.allowed, err.hint) from None
    held = {}
    for key, value in spec.parameters.items():
        if isinstance(value, list | dict):
            raise InputError(
                f"{where}: parameters.{key}",
                value,
                "a value held in every run (robustness draws its worlds; nothing is swept)",
            )
        held[canonical_key(key, f"{where}: parameters.")] = value
    spec.parameters = held
    return spec


def load_robustness_spec(path: str | Path) -> RobustnessSpec:
    """Read and validate a robustness spec file (missing or malformed: an InputError)."""
    data = read_toml(path, "--spec")
    data.setdefault("name", Path(path).stem)
    return spec_from_dict(data, str(path), Path(path).parent)


def merge(spec: RobustnessSpec | None, **given: Any) -> dict[str, Any]:
    """The analysis's settings: each option given (not None) over the spec's value over the
    default. ``sets``: the spec's ``parameters`` first, then the options' (the later wins).

    Keys: a, b, scenario, samples, halved_samples, reps, seed, customers, days, warmup_days,
    sets, name.
    """
    base: dict[str, Any] = {
        "a": None,
        "b": None,
        "scenario": "default",
        "samples": DEFAULT_SAMPLES,
        "halved_samples": None,
        "reps": 2,
        "seed": 0,
        "customers": None,
        "days": None,
        "warmup_days": None,
        "name": None,
    }
    if spec is not None:
        base.update(
            {k: getattr(spec, k) for k in base if k not in ("reps",)},
            reps=spec.replicates,
        )
    out = {**base, **{k: v for k, v in given.items() if v is not None and k != "sets"}}
    out["sets"] = (spec.sets() if spec is not None else []) + list(given.get("sets") or [])
    for key, name in (("a", "A"), ("b", "B")):
        if not out[key]:
            raise InputError(name, None, "a policy preset name or .toml file (or --spec FILE)")
    return out


__all__ = ["RobustnessSpec", "load_robustness_spec", "merge", "spec_from_dict"]
