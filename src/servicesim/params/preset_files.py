"""The shipped presets (``presets/policies``, ``presets/scenarios``) and TOML files: read, never
validated here (``config.resolve`` and ``SimConfig`` validate)."""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

from servicesim.errors import InputError, did_you_mean

__all__ = ["load_preset", "preset_names", "read_toml"]


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
