"""What the Python API does with its arguments before the experiments see them.

The experiments name an input as the command line does (``--policy``, ``--set``, ``--from
POLICY``): :func:`python_names` raises such an InputError again under the keyword argument's
name, with every flag in its text translated, so that nothing a Python user reads names a flag.
Numpy scalars become plain values, ``sets`` and ``overrides`` become one list of checked
``SECTION.KEY=VALUE`` items (the road every run takes), and a run's advice (a small contact
centre) becomes a Python warning.

Only the standard library is imported here: ``import servicesim`` stays cheap.
"""

from __future__ import annotations

import contextlib
import os
import re
import warnings
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from servicesim.errors import CombinationError, InputError, SmallCentreWarning

#: the command line's name of an input -> the keyword argument's
KEYWORDS = {
    "--policy": "policy",
    "--scenario": "scenario",
    "--set": "sets",
    "--from": "switch_from",
    "--switch-at": "switch_at",
    "--warmup-days": "warmup_days",
    "--customers": "customers",
    "--days": "days",
    "--seed": "seed",
    "--reps": "reps",
    "--workers": "workers",
    "--permutations": "permutations",
    "--out": "out",
    "--resume": "resume",
    "--scheduler": "scheduler",
    "--samples": "samples",
    "POLICY": "policies",
    "SPEC": "spec",
}
#: how a flag reads inside a sentence, where the keyword alone would not say it
_IN_TEXT = {"--resume": "resume=True"}
#: a flag, with the metavar that may follow it (``--from POLICY``)
_FLAG = re.compile(r"--[a-z][a-z-]*(?: [A-Z]+\b)?")


def _keyword(flag: str) -> str:
    return KEYWORDS.get(flag, flag.removeprefix("--").replace("-", "_"))


def _text(text: str | None) -> str | None:
    if text is None:
        return None

    def word(m: re.Match[str]) -> str:
        flag = m.group(0).split(" ")[0]
        return _IN_TEXT.get(flag) or _keyword(flag)

    return _FLAG.sub(word, text)


def translated(err: InputError, renames: Mapping[str, str]) -> InputError:
    """``err`` named as the Python API names its arguments (``renames`` first)."""
    if isinstance(err, CombinationError):
        return CombinationError(_text(err.allowed) or "")
    if err.name in renames:
        name = renames[err.name]
    elif err.name.startswith("--") or err.name in KEYWORDS:
        name = _keyword(err.name)
    else:
        name = err.name
    return InputError(name, err.value, _text(err.allowed) or "", _text(err.hint))


@contextlib.contextmanager
def python_names(**renames: str) -> Iterator[None]:
    """Raise an InputError from the block under the API's names (``A="a"``: name A reads a)."""
    try:
        yield
    except InputError as err:
        new = translated(err, renames)
        if str(new) == str(err):
            raise
        raise new from None


def plain(value: Any) -> Any:
    """``value`` with numpy scalars and arrays as plain Python (``.item()``, ``.tolist()``), and
    tuples as lists, all the way down (a spec's tables as TOML would give them)."""
    if callable(getattr(value, "tolist", None)) and getattr(value, "ndim", None) is not None:
        return value.tolist()  # a numpy scalar or array: plain values all the way down
    if isinstance(value, Mapping):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def integer(name: str, value: Any) -> int | None:
    """An int argument (None stays None): a numpy integer or a whole float is accepted."""
    value = plain(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
        raise InputError(name, value, "an integer")
    return value


def at_least_one(name: str, value: Any) -> int:
    """An int argument >= 1 (replicates, workers, ...)."""
    n = integer(name, value)
    if n is None or n < 1:
        raise InputError(name, value, "an integer >= 1")
    return n


def name_or_path(name: str, value: Any) -> str:
    """A preset's name or a TOML file's path (``str`` or ``os.PathLike``) as a string."""
    if isinstance(value, str | os.PathLike):
        return os.fspath(value)
    raise InputError(name, value, "a preset name or the path of a .toml file")


def optional_path(name: str, value: Any) -> str | None:
    """:func:`name_or_path`, or None for None."""
    return None if value is None else name_or_path(name, value)


def strings(name: str, value: Any) -> list[str]:
    """A list of strings (None: none); a lone string is named as an error, not split."""
    if value is None:
        return []
    if isinstance(value, str) or not isinstance(value, Sequence):
        raise InputError(name, value, "a list of strings, e.g. ['policy.empowerment=0.8']")
    return list(value)


def overrides_as_sets(sets: Any, overrides: Any) -> list[str]:
    """``sets`` (``"SECTION.KEY=VALUE"`` strings) and then ``overrides`` (a dict, which wins) as
    one list of checked items under their current keys, values exactly as given."""
    from servicesim.params.config import as_sets, parse_overrides, parse_sets

    tables = parse_sets(strings("sets", sets), where="sets")
    if overrides is not None:
        for section, table in parse_overrides(overrides, "overrides").items():
            tables.setdefault(section, {}).update(table)
    return as_sets(tables)


def resolve_config(
    policy: Any,
    scenario: Any,
    sets: list[str],
    customers: Any,
    days: Any,
    seed: Any,
    warmup_days: Any = None,
    switch_at: Any = None,
    switch_from: Any = None,
) -> Any:
    """The validated ``SimConfig`` of one run (``sets`` as :func:`overrides_as_sets` gives)."""
    from servicesim.params.config import resolve

    if switch_from is not None and switch_at is None:
        raise InputError("switch_from", switch_from, "a policy together with switch_at=DAY")
    return resolve(
        name_or_path("policy", policy),
        name_or_path("scenario", scenario),
        sets,
        integer("customers", customers),
        integer("days", days),
        integer("seed", seed),
        warmup_days=integer("warmup_days", warmup_days),
        switch_at=integer("switch_at", switch_at),
        switch_from=optional_path("switch_from", switch_from),
    )


def warn_small_centre(config: Any, stacklevel: int = 3) -> None:
    """Each piece of advice on ``config`` as a :class:`SmallCentreWarning` (``stacklevel`` 3:
    the line that called the API function that calls this)."""
    from servicesim.experiments.simulate import small_centre_warnings

    for message in small_centre_warnings(config):
        warnings.warn(message, SmallCentreWarning, stacklevel=stacklevel)


@contextlib.contextmanager
def results_folder(out: Any, resume: bool) -> Iterator[tuple[Path, bool]]:
    """``(folder, kept)``: ``out``, or a temporary folder removed when the block ends."""
    if out is not None:
        yield Path(name_or_path("out", out)), True
        return
    if resume:
        raise InputError("resume", resume, "True only with out=FOLDER, the folder to continue")
    import tempfile

    with tempfile.TemporaryDirectory(prefix="servicesim-") as tmp:
        yield Path(tmp) / "results", False
