"""A parameter's key in an experiment (``SECTION.KEY``): its section, its type, its metadata, and a
value checked against its type.

Specs, design files and the EMA Workbench model (``servicesim.ema``) name parameters this way;
one place says which sections an experiment may set and what each key's values look like.
"""

from __future__ import annotations

import math
from typing import Any, Literal, get_args, get_origin

from servicesim.errors import InputError, did_you_mean
from servicesim.params.config import SECTIONS, check_key

#: the sections an experiment may hold or sweep parameters of
PARAMETER_SECTIONS = ("policy", "scenario", "behaviour")


def field_of(key: str, where: str = "parameters: ") -> tuple[str, str, Any]:
    """``(section, name, annotation)`` of ``key``; an InputError named ``where + key`` if unknown."""
    section, _, name = key.partition(".")
    if section not in PARAMETER_SECTIONS or not name:
        hint = (
            "set customers, days and seed at the top of the spec"
            if section == "run"
            else did_you_mean(section, PARAMETER_SECTIONS)
        )
        raise InputError(f"{where}{key}", key, "policy.KEY, scenario.KEY or behaviour.KEY", hint)
    check_key(section, name)
    return section, name, SECTIONS[section].model_fields[name].annotation


def kind_of(annotation: Any) -> str:
    """'bool', 'int', 'float' or 'str' for a parameter's type annotation."""
    args = set(get_args(annotation)) or {annotation}
    for kind in (bool, int, float):
        if kind in args:
            return kind.__name__
    return "str"


def param_kind(key: str) -> str:
    """'bool', 'int', 'float' or 'str': the type of parameter ``section.name``."""
    return kind_of(field_of(key)[2])


def choices(key: str) -> list[Any] | None:
    """The values a boolean or a string parameter with a fixed set of values takes (None for
    numbers, and for free strings)."""
    annotation = field_of(key)[2]
    kind = kind_of(annotation)
    if kind == "bool":
        return [False, True]
    if kind == "str":
        found = [a for a in (annotation, *get_args(annotation)) if get_origin(a) is Literal]
        return list(get_args(found[0])) if found else None
    return None


def field_row(key: str) -> dict[str, Any]:
    """The parameter's documented row (``Params.field_docs``): default, unit, ``min``/``max``
    (validity bounds), ``low``/``high`` (plausible range), meaning, ..."""
    section, name, _ = field_of(key)
    return next(r for r in SECTIONS[section].field_docs() if r["name"] == name)


def typed_value(key: str, value: Any, where: str) -> Any:
    """``value`` as parameter ``key``'s type (a whole float for an int, 0/1 or 'true'/'false' for
    a bool); an InputError named ``where`` for what is not."""
    kind = param_kind(key)
    if hasattr(value, "item") and callable(value.item):
        value = value.item()  # a numpy scalar
    if isinstance(value, float) and math.isnan(value):
        raise InputError(where, value, f"a value for {key} (the cell is empty)")
    if kind == "bool":
        text = str(value).strip().lower()
        if isinstance(value, bool) or text in ("true", "false", "0", "1"):
            return value if isinstance(value, bool) else text in ("true", "1")
        raise InputError(where, value, "true or false")
    if kind == "str":
        return str(value)
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise InputError(where, value, f"a number ({key} is numeric)") from None
    if kind == "int":
        if not number.is_integer():
            raise InputError(where, value, f"a whole number ({key} is an integer)")
        return int(number)
    return number
