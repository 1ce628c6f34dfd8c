"""One road per lever: every parameter reaches the model through the named parameter vector.

Checked on the source itself: every slot is read somewhere in the model (``K.name`` in
``core/``), every parameter is a slot or an input of a derivation, nothing in a kernel reads a
pydantic object, and the vector of every preset is finite.
"""

from __future__ import annotations

import math
import re
import typing
from pathlib import Path

import numpy as np
import pytest

from servicesim.core import vector
from servicesim.core.vector import DERIVED, NAMES, K, derive, param_vector
from servicesim.errors import InputError
from servicesim.params.config import SECTIONS, preset_names, resolve

CORE = Path(vector.__file__).resolve().parent
KERNELS = CORE / "kernels"


def _core_sources() -> str:
    files = [f for f in CORE.rglob("*.py") if f.name != "vector.py"]
    return "\n".join(f.read_text() for f in files)


def test_every_slot_is_read_by_the_model() -> None:
    """No slot is written and never read: each name appears as ``K.name`` in core/."""
    used = set(re.findall(r"\bK\.(\w+)", _core_sources()))
    unread = [name for name in NAMES if name not in used]
    assert not unread, f"slots written but never read: {unread}"


def _other_values(section: str, name: str) -> list[str]:
    """Valid-looking values of ``section.name`` other than its default, as --set writes them."""
    field = SECTIONS[section].model_fields[name]
    row = next(r for r in SECTIONS[section].field_docs() if r["name"] == name)
    levels = typing.get_args(field.annotation)
    if row["default"] is None:
        return ["3", "90"]
    if levels and all(isinstance(x, str) for x in levels):
        return [f'"{x}"' for x in levels if x != row["default"]]
    return [repr(x) for x in (row["low"], row["high"]) if x is not None and x != row["default"]]


def test_every_numeric_parameter_is_a_slot_or_moves_a_derived_slot() -> None:
    """A parameter a derivation replaces must move that derivation: none is silently lost."""
    replaced = {name for replaces, _ in DERIVED.values() for name in replaces}
    base = derive(resolve("empowered", "default", [], customers=100_000, days=100))
    for section in ("scenario", "policy", "behaviour"):
        reference = {r["name"] for r in SECTIONS[section].field_docs() if r["reference"]}
        for name in SECTIONS[section].model_fields:
            if name in reference:  # read by the checks, never by the model: no slot
                assert name not in NAMES, f"{section}.{name} is a reference row with a slot"
                continue
            if name not in replaced:
                assert name in NAMES, f"{section}.{name} reaches no slot"
                continue
            moved = []
            for value in _other_values(section, name):
                sets = [f"{section}.{name}={value}", "scenario.pulse_extra=0.5"]
                differs = []
                for n in (2_000, 100_000):  # a small firm and a large one (fix thresholds)
                    try:
                        cfg = resolve("empowered", "default", sets, customers=n, days=100)
                    except InputError:  # impossible beside the defaults: try the next value
                        continue
                    base = derive(resolve("empowered", "default", sets[1:], customers=n, days=100))
                    differs.append(derive(cfg) != base)
                if differs:
                    moved.append(any(differs))
            assert moved and all(moved), f"{section}.{name} moves no derived slot"


def test_derivations_fill_exactly_the_derived_slots() -> None:
    cfg = resolve("empowered", "default", [], customers=1000, days=30)
    assert set(derive(cfg)) == set(DERIVED)
    assert list(NAMES[-len(DERIVED) :]) == list(DERIVED)


def test_no_kernel_reads_a_configuration_object() -> None:
    """Kernels take arrays and the vector, never ``cfg``, ``scenario.x`` or ``policy.x``."""
    for f in KERNELS.glob("*.py"):
        text = f.read_text()
        for pattern in (
            r"\bcfg\b",
            r"\b(scenario|policy|behaviour)\.\w",
            r"SimConfig",
            r"Params\b",
        ):
            assert not re.search(pattern, text), f"{f.name} matches {pattern!r}"


@pytest.mark.parametrize("policy", preset_names("policies"))
@pytest.mark.parametrize("scenario", preset_names("scenarios"))
def test_every_preset_gives_a_finite_vector_with_its_values(policy: str, scenario: str) -> None:
    cfg = resolve(policy, scenario, [], customers=2000, days=100)
    v = param_vector(cfg)
    assert v.shape == (len(NAMES),) and np.isfinite(v).all()
    assert v[K.empowerment] == cfg.policy.empowerment
    assert v[K.refusal_coldness] == cfg.behaviour.refusal_coldness
    assert v[K.outsourced] == float(cfg.policy.outsourced)
    assert v[K.relax] == 1.0 / cfg.scenario.memory_days


def test_a_changed_behaviour_parameter_changes_only_its_slot() -> None:
    base = param_vector(resolve("empowered", "default", [], customers=2000, days=100))
    moved = param_vector(
        resolve("empowered", "default", ["behaviour.morale_base=0.5"], customers=2000, days=100)
    )
    (changed,) = np.flatnonzero(base != moved)
    assert NAMES[changed] == "morale_base" and math.isclose(moved[changed], 0.5)
