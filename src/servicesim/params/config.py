"""Reading configurations: presets (TOML), ``--set section.key=value`` overrides (or a dict of
them, from Python: ``parse_overrides``), TOML output.

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
from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from servicesim.errors import CombinationError, InputError, did_you_mean
from servicesim.params.behaviour import BehaviourParams
from servicesim.params.fields import Params
from servicesim.params.policy import PolicyParams
from servicesim.params.preset_files import load_preset as load_preset  # re-exported
from servicesim.params.preset_files import preset_names as preset_names
from servicesim.params.preset_files import read_toml as read_toml
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

#: keys that moved or were renamed: old (section, key) -> new (section, key)
MOVED: dict[tuple[str, str], tuple[str, str]] = {
    ("scenario", key): ("behaviour", key)
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
# the TARP-calibrated logistic is what customers *say* (a survey answer), no longer who leaves
for _section in ("scenario", "behaviour"):
    MOVED[(_section, "stay_slope")] = ("behaviour", "intent_slope")
    MOVED[(_section, "stay_midpoint")] = ("behaviour", "intent_midpoint")
# paid acquisition is the market's budget, the same for every policy: a scenario knob
MOVED[("policy", "paid_acquisition_per_year")] = ("scenario", "paid_acquisition_per_year")


class DeprecatedKeyWarning(FutureWarning):
    """A key was given under its old name or section; it still works, under its new one."""


def moved_key(section: str, name: str, where: str = "", stacklevel: int = 3) -> tuple[str, str]:
    """Where ``section.name`` lives now, ``(section, name)``; warns if it moved."""
    new = MOVED.get((section, name))
    if new is None:
        return section, name
    warnings.warn(
        f"{where}{section}.{name} is now {new[0]}.{new[1]}; the old key still works but will "
        "be removed",
        DeprecatedKeyWarning,
        stacklevel=stacklevel,
    )
    return new


def canonical_key(key: str, where: str = "") -> str:
    """``scenario.refusal_coldness`` -> ``behaviour.refusal_coldness`` (with a warning)."""
    section, dot, name = key.partition(".")
    return ".".join(moved_key(section, name, where)) if dot else key


def _migrate(tables: dict[str, Any], where: str) -> dict[str, Any]:
    """Move keys given under an old section to their new one (``{"scenario": {...}, ...}``)."""
    out = {k: (dict(v) if isinstance(v, dict) else v) for k, v in tables.items()}
    for section in list(out):
        table = out[section]
        if not isinstance(table, dict):
            continue
        for name in list(table):
            new_section, new_name = moved_key(section, name, where)
            if (new_section, new_name) != (section, name):
                out.setdefault(new_section, {})[new_name] = table.pop(name)
    return out


def _parse_value(text: str) -> Any:
    try:
        return tomllib.loads(f"v = {text}")["v"]
    except tomllib.TOMLDecodeError:
        return text  # a bare word: let the model say whether a string is allowed


def parse_sets(items: list[str], where: str = "--set") -> dict[str, dict[str, Any]]:
    """``["policy.empowerment=0.8", ...]`` -> ``{"policy": {"empowerment": 0.8}}`` (checked).

    ``where``: how errors and warnings name the items (the Python API: ``sets``).
    """
    out: dict[str, dict[str, Any]] = {}
    for item in items:
        if not isinstance(item, str) or "=" not in item:
            raise InputError(where, item, "SECTION.KEY=VALUE, e.g. policy.empowerment=0.8")
        key, _, raw = item.partition("=")
        section, name = _section_key(key.strip(), where, item, f"{where} ")
        out.setdefault(section, {})[name] = _parse_value(raw.strip())
    return out


def parse_overrides(
    overrides: Mapping[str, Any], where: str = "overrides"
) -> dict[str, dict[str, Any]]:
    """``{"policy.empowerment": 0.8, ...}`` -> ``{"policy": {"empowerment": 0.8}}``, each key
    checked as :func:`parse_sets` checks one; a numpy scalar becomes its Python value
    (``.item()``). Whether a value suits its key is checked where the configuration is built
    (:func:`resolve`), as for ``--set``."""
    if not isinstance(overrides, Mapping):
        raise InputError(where, overrides, "a dict of 'SECTION.KEY': value")
    out: dict[str, dict[str, Any]] = {}
    for key, value in overrides.items():
        if not isinstance(key, str):
            raise InputError(where, key, "keys of the form 'policy.KEY' (strings)")
        section, name = _section_key(key.strip(), where, key, "")
        out.setdefault(section, {})[name] = plain_value(f"{section}.{name}", value)
    return out


def plain_value(key: str, value: Any) -> bool | int | float | str:
    """``value`` as plain Python: a numpy scalar (or 0-d array) becomes its ``.item()``; anything
    but a bool, int, float or string is an InputError naming ``key``."""
    if getattr(value, "ndim", None) == 0 and callable(getattr(value, "item", None)):
        value = value.item()
    if not isinstance(value, bool | int | float | str):
        raise InputError(key, value, "a bool, int, float or string (or a numpy scalar)")
    return value


def as_sets(tables: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """``{"policy": {"empowerment": 0.8}}`` -> ``["policy.empowerment=0.8"]``: the items
    :func:`parse_sets` reads back as the same values (floats by ``repr``, strings quoted)."""
    return [
        f"{section}.{name}={_toml_value(value)}"
        for section, table in tables.items()
        for name, value in table.items()
    ]


def _section_key(key: str, where: str, given: Any, warn_prefix: str) -> tuple[str, str]:
    """``(section, name)`` of an override's key, under its new name if it moved (checked)."""
    section, _, name = key.partition(".")
    if section not in SECTIONS or not name:
        raise InputError(
            where,
            given,
            "a key of the form scenario.KEY, policy.KEY, behaviour.KEY or run.KEY",
            did_you_mean(section, SECTIONS),
        )
    section, name = moved_key(section, name, warn_prefix, stacklevel=4)
    check_key(section, name)
    return section, name


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
    *,
    warmup_days: int | None = None,
    switch_at: int | None = None,
    switch_from: str | None = None,
) -> SimConfig:
    """Build and validate a full configuration from preset names/files and overrides.

    ``sets`` override the policy under study, the scenario and behaviour, never the status quo
    the warm-up plays (``scenario.status_quo``) or the policy switched from (``switch_from``):
    those are taken as their presets say. ``switch_at`` (a measured day) needs ``switch_from``.
    """
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
    for key, val in (
        ("customers", customers),
        ("days", days),
        ("seed", seed),
        ("warmup_days", warmup_days),
        ("switch_at", switch_at),
    ):
        if val is not None:
            run[key] = val
    status_quo = str(tables["scenario"].get("status_quo", ScenarioParams().status_quo))
    extra: dict[str, Any] = {
        "status_quo_policy": _policy_table(status_quo, "scenario.status_quo")[1]
    }
    if switch_from is not None:
        extra["switch_from_name"], extra["switch_from_policy"] = _policy_table(
            switch_from, "--from"
        )
    elif run.get("switch_at") is not None:
        raise InputError("--switch-at", run["switch_at"], "a day together with --from POLICY")
    try:
        return SimConfig(
            scenario=tables["scenario"],
            policy=tables["policy"],
            behaviour=tables["behaviour"],
            run=run,
            scenario_name=scen_name,
            policy_name=pol_name,
            **extra,
        )
    except ValidationError as err:
        raise _from_validation(err, "") from None


def _policy_table(name_or_path: str, what: str) -> tuple[str, dict[str, Any]]:
    """A policy preset's label and table, its keys checked (errors name ``what``)."""
    try:
        label, table = load_preset("policy", name_or_path)
    except InputError as err:
        raise InputError(what, err.value, err.allowed, err.hint) from None
    table = _migrate({"policy": table}, f"{name_or_path}: ").get("policy", {})
    for key in table:
        check_key("policy", key)
    return label, table


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
    if config.switch_from_name is not None:
        lines.append(f"switch_from_name = {_toml_value(config.switch_from_name)}")
    tables = [*CONFIG_SECTIONS, "status_quo_policy"]
    if config.switch_from_policy is not None:
        tables.append("switch_from_policy")
    for section in tables:
        lines.append(f"\n[{section}]")
        for key, val in getattr(config, section).model_dump().items():
            if val is not None:
                lines.append(f"{key} = {_toml_value(val)}")
    return "\n".join(lines) + "\n"


def from_toml_text(text: str) -> SimConfig:
    """Inverse of :func:`to_toml`."""
    return from_dict(tomllib.loads(text))
