"""Reading configurations: presets (TOML), ``--set section.key=value`` overrides, TOML output.

Everything is validated before a run starts; errors are :class:`servicesim.errors.InputError`
naming the key, the value and what is allowed, with a suggestion for a misspelt key. Keys that
moved from ``scenario`` to ``behaviour`` (see ``MOVED``) keep working everywhere a key is read
(``--set``, preset and spec files, an old results folder's ``config.toml``), with a
:class:`DeprecatedKeyWarning` that names the new key.
"""

from __future__ import annotations

import math
import tomllib
import warnings
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from servicesim.errors import CombinationError, InputError, did_you_mean
from servicesim.params.behaviour import BehaviourParams
from servicesim.params.fields import Params
from servicesim.params.policy import PolicyParams
from servicesim.params.scenario import ScenarioParams
from servicesim.params.simconfig import RunParams, SimConfig

SECTIONS: dict[str, type[Params]] = {
    "scenario": ScenarioParams,
    "policy": PolicyParams,
    "behaviour": BehaviourParams,
    "run": RunParams,
}
#: the sections a run's configuration holds, in the order config.toml writes them
CONFIG_SECTIONS = ("scenario", "policy", "behaviour", "run")

#: keys that moved from one section to another: old (section, key) -> new section
MOVED: dict[tuple[str, str], str] = {
    ("scenario", key): "behaviour"
    for key in [
        "voice_p_minor",
        "voice_p_major",
        "loss_minor",
        "loss_major",
        "open_erosion_per_day",
        "silent_days",
        "w_distributive",
        "w_interactional",
        "w_procedural",
        "recovery_gain",
        "justice_expectation",
        "comp_scale",
        "double_deviation",
        "refusal_coldness",
        "explanation_bonus",
        "procedural_contacts_scale",
        "procedural_days_scale",
        "procedural_wait_scale_s",
        "request_annoyance",
        "manager_courtesy",
        "recovery_fatigue",
        "delight_bonus",
        "delight_expectation_step",
        "stay_slope",
        "stay_midpoint",
        "talk_base_per_day",
        "talk_unhappy_slope",
        "talk_happy_slope",
        "talk_neutral",
        "episode_tell_resolved",
        "episode_tell_unhappy",
        "episode_audience_unhappy",
        "wom_impact",
        "wom_negative_weight",
        "referral_act_prob",
        "referral_conversion",
        "retry_prob",
        "quit_morale_slope",
        "learning_rate",
        "morale_rate",
    ]
}


class DeprecatedKeyWarning(FutureWarning):
    """A key was given under its old section; it still works, under its new name."""


def moved_section(section: str, name: str, where: str = "") -> str:
    """The section ``section.name`` lives in now; warns once per use if it moved."""
    new = MOVED.get((section, name))
    if new is None:
        return section
    warnings.warn(
        f"{where}{section}.{name} is now {new}.{name} (how people respond lives in the "
        f"'{new}' section); the old key still works but will be removed",
        DeprecatedKeyWarning,
        stacklevel=3,
    )
    return new


def canonical_key(key: str, where: str = "") -> str:
    """``scenario.stay_slope`` -> ``behaviour.stay_slope`` (with a warning); others unchanged."""
    section, dot, name = key.partition(".")
    return f"{moved_section(section, name, where)}{dot}{name}" if dot else key


def _migrate(tables: dict[str, Any], where: str) -> dict[str, Any]:
    """Move keys given under an old section to their new one (``{"scenario": {...}, ...}``)."""
    out = {k: (dict(v) if isinstance(v, dict) else v) for k, v in tables.items()}
    for section in list(out):
        table = out[section]
        if not isinstance(table, dict):
            continue
        for name in list(table):
            new = moved_section(section, name, where)
            if new != section:
                out.setdefault(new, {})[name] = table.pop(name)
    return out


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
                "a key of the form scenario.KEY, policy.KEY, behaviour.KEY or run.KEY",
                did_you_mean(section, SECTIONS),
            )
        section = moved_section(section, name, "--set ")
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
    tables = _migrate({"policy": pol, "scenario": scen}, f"{scen_name}: ")
    for section, table in tables.items():
        for key in table:
            check_key(section, key)
    over = parse_sets(sets or [])
    for section in ("policy", "scenario", "behaviour"):
        tables.setdefault(section, {}).update(over.get(section, {}))
    run: dict[str, Any] = dict(over.get("run", {}))
    for key, val in (("customers", customers), ("days", days), ("seed", seed)):
        if val is not None:
            run[key] = val
    try:
        return SimConfig(
            scenario=tables["scenario"],
            policy=tables["policy"],
            behaviour=tables["behaviour"],
            run=run,
            scenario_name=scen_name,
            policy_name=pol_name,
        )
    except ValidationError as err:
        raise _from_validation(err, "") from None


def from_dict(data: dict[str, Any]) -> SimConfig:
    """Validate a nested dict (as written to ``config.toml``) into a SimConfig.

    A ``config.toml`` written before keys moved to ``behaviour`` still reads (with a warning).
    """
    try:
        return SimConfig(**_migrate(data, "config: "))
    except ValidationError as err:
        raise _from_validation(err, "") from None


def outside_plausible(config: SimConfig) -> list[dict[str, Any]]:
    """Every numeric parameter set outside its plausible range (allowed; a manifest notes it):
    ``[{"key": "behaviour.stay_slope", "value": 20.0, "low": 5.0, "high": 14.0}, ...]``."""
    out = []
    for section in ("scenario", "policy", "behaviour"):
        params = getattr(config, section)
        for row in SECTIONS[section].field_docs():
            value, lo, hi = getattr(params, row["name"]), row["low"], row["high"]
            if isinstance(value, bool) or not isinstance(value, int | float):
                continue
            if (lo is not None and value < lo) or (hi is not None and value > hi):
                out.append(
                    {"key": f"{section}.{row['name']}", "value": value, "low": lo, "high": hi}
                )
    return out


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
    for section in CONFIG_SECTIONS:
        lines.append(f"\n[{section}]")
        for key, val in getattr(config, section).model_dump().items():
            if val is not None:
                lines.append(f"{key} = {_toml_value(val)}")
    return "\n".join(lines) + "\n"


def from_toml_text(text: str) -> SimConfig:
    """Inverse of :func:`to_toml`."""
    return from_dict(tomllib.loads(text))
