"""Reading configurations: presets (TOML), ``--set section.key=value`` overrides, TOML output.

Everything is validated before a run starts; errors are :class:`servicesim.errors.InputError`
naming the key, the value and what is allowed, with a suggestion for a misspelt key.
"""

from __future__ import annotations

import math
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from servicesim.errors import CombinationError, InputError, did_you_mean
from servicesim.params.fields import Params
from servicesim.params.policy import PolicyParams
from servicesim.params.scenario import ScenarioParams
from servicesim.params.simconfig import RunParams, SimConfig

SECTIONS: dict[str, type[Params]] = {
    "scenario": ScenarioParams,
    "policy": PolicyParams,
    "run": RunParams,
}


def preset_names(kind: str) -> list[str]:
    """Names of the shipped presets of ``kind`` ('policies' or 'scenarios')."""
    folder = resources.files("servicesim.params") / "presets" / kind
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".toml"))


def read_toml(path: str | Path, what: str) -> dict[str, Any]:
    """Parse a TOML file; a missing or malformed file is an InputError naming it."""
    p = Path(path)
    if not p.is_file():
        raise InputError(what, str(path), "an existing TOML file", "file not found")
    try:
        return tomllib.loads(p.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as err:
        raise InputError(what, str(path), "valid TOML", f"parse error: {err}") from None
    except UnicodeDecodeError:
        raise InputError(what, str(path), "a UTF-8 TOML text file") from None


def load_preset(kind: str, name_or_path: str) -> tuple[str, dict[str, Any]]:
    """A preset's label and its table: ``kind`` is 'policy' or 'scenario'.

    ``name_or_path`` is a shipped preset's name or a path to a TOML file holding a ``[policy]``
    (or ``[scenario]``) table.
    """
    folder = "policies" if kind == "policy" else "scenarios"
    names = preset_names(folder)
    if name_or_path in names:
        text = (
            resources.files("servicesim.params") / "presets" / folder / f"{name_or_path}.toml"
        ).read_text(encoding="utf-8")
        data = tomllib.loads(text)
        label = name_or_path
    elif name_or_path.endswith(".toml") or Path(name_or_path).exists():
        data = read_toml(name_or_path, f"--{kind}")
        label = Path(name_or_path).stem
    else:
        hint = did_you_mean(name_or_path, names)
        raise InputError(
            f"--{kind}", name_or_path, f"one of {', '.join(names)}, or a .toml file", hint
        )
    table = data.get(kind)
    if not isinstance(table, dict):
        raise InputError(f"--{kind}", name_or_path, f"a TOML file with a [{kind}] table")
    extra = set(data) - {kind, "meta"}
    if extra:
        raise InputError(
            f"--{kind}", name_or_path, f"only [{kind}] and [meta] tables", f"found {sorted(extra)}"
        )
    return label, dict(table)


def _parse_value(text: str) -> Any:
    try:
        return tomllib.loads(f"v = {text}")["v"]
    except tomllib.TOMLDecodeError:
        return text  # a bare word: let the model say whether a string is allowed


def parse_sets(items: list[str]) -> dict[str, dict[str, Any]]:
    """``["policy.empowerment=0.8", ...]`` -> ``{"policy": {"empowerment": 0.8}}`` (checked)."""
    out: dict[str, dict[str, Any]] = {}
    for item in items:
        if "=" not in item:
            raise InputError("--set", item, "SECTION.KEY=VALUE, e.g. policy.empowerment=0.8")
        key, _, raw = item.partition("=")
        key = key.strip()
        section, _, name = key.partition(".")
        if section not in SECTIONS or not name:
            raise InputError(
                "--set",
                item,
                "a key of the form scenario.KEY, policy.KEY or run.KEY",
                did_you_mean(section, SECTIONS),
            )
        check_key(section, name)
        out.setdefault(section, {})[name] = _parse_value(raw.strip())
    return out


def check_key(section: str, name: str) -> None:
    """Raise an InputError with the nearest valid key if ``section.name`` does not exist."""
    fields = SECTIONS[section].model_fields
    if name not in fields:
        near = did_you_mean(name, fields)
        raise InputError(
            f"{section}.{name}", name, f"a known {section} key (see `servicesim params`)", near
        )


def _allowed(section: str, name: str) -> str:
    for row in SECTIONS[section].field_docs():
        if row["name"] == name:
            f = SECTIONS[section].model_fields[name]
            kind = getattr(f.annotation, "__name__", str(f.annotation))
            lo, hi = row["min"], row["max"]
            rng = ""
            if lo is not None and hi is not None:
                rng = f" between {lo:g} and {hi:g}"
            elif lo is not None:
                rng = f" >= {lo:g}"
            unit = f" ({row['unit']})" if row["unit"] and row["unit"] != "-" else ""
            return f"{kind}{rng}{unit}"
    return "see `servicesim params`"


def _from_validation(err: ValidationError, where: str) -> InputError:
    e = err.errors()[0]
    loc = [str(x) for x in e.get("loc", ())]
    value = e.get("input")
    if len(loc) >= 2 and loc[0] in SECTIONS:
        section, name = loc[0], loc[1]
        key = f"{section}.{name}"
        if e.get("type") == "extra_forbidden":
            near = did_you_mean(name, SECTIONS[section].model_fields)
            return InputError(f"{where}{key}", name, f"a known {section} key", near)
        return InputError(f"{where}{key}", value, _allowed(section, name), e.get("msg"))
    msg = e.get("msg", str(err)).removeprefix("Value error, ")
    return CombinationError(msg)


def resolve(
    policy: str = "empowered",
    scenario: str = "default",
    sets: list[str] | None = None,
    customers: int | None = None,
    days: int | None = None,
    seed: int | None = None,
) -> SimConfig:
    """Build and validate a full configuration from preset names/files and overrides."""
    pol_name, pol = load_preset("policy", policy)
    scen_name, scen = load_preset("scenario", scenario)
    for section, table in (("policy", pol), ("scenario", scen)):
        for key in table:
            check_key(section, key)
    over = parse_sets(sets or [])
    pol.update(over.get("policy", {}))
    scen.update(over.get("scenario", {}))
    run: dict[str, Any] = dict(over.get("run", {}))
    for key, val in (("customers", customers), ("days", days), ("seed", seed)):
        if val is not None:
            run[key] = val
    try:
        return SimConfig(
            scenario=scen, policy=pol, run=run, scenario_name=scen_name, policy_name=pol_name
        )
    except ValidationError as err:
        raise _from_validation(err, "") from None


def from_dict(data: dict[str, Any]) -> SimConfig:
    """Validate a nested dict (as written to ``config.toml``) into a SimConfig."""
    try:
        return SimConfig(**data)
    except ValidationError as err:
        raise _from_validation(err, "") from None


def _toml_value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return repr(v) if math.isfinite(v) else ("inf" if v > 0 else "-inf" if v < 0 else "nan")
    if isinstance(v, str):
        return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'
    raise TypeError(f"cannot write {type(v).__name__} to TOML")


def to_toml(config: SimConfig) -> str:
    """Every resolved parameter as TOML (flat tables of scalars; None values are omitted)."""
    lines = [
        f"scenario_name = {_toml_value(config.scenario_name)}",
        f"policy_name = {_toml_value(config.policy_name)}",
    ]
    for section in ("scenario", "policy", "run"):
        lines.append(f"\n[{section}]")
        for key, val in getattr(config, section).model_dump().items():
            if val is not None:
                lines.append(f"{key} = {_toml_value(val)}")
    return "\n".join(lines) + "\n"


def from_toml_text(text: str) -> SimConfig:
    """Inverse of :func:`to_toml`."""
    return from_dict(tomllib.loads(text))
