"""Every lever moves the output its docs name, in the direction they name (common random numbers)."""

from __future__ import annotations

import pytest

from servicesim.experiments.levers import LEVER_EFFECTS
from servicesim.experiments.simulate import run_config
from servicesim.params.config import resolve


def _outcome(result, name: str) -> float:
    if name.startswith("ts:"):
        return float(result.timeseries[name[3:]].iloc[-1])
    return float(result.summary[name])


@pytest.mark.parametrize("effect", LEVER_EFFECTS, ids=lambda e: f"{e.key}->{e.outcome}")
def test_lever_direction(effect, compiled):
    values = []
    for v in (effect.low, effect.high):
        value = str(bool(v)).lower() if effect.key.endswith("outsourced") else repr(v)
        cfg = resolve(
            "guardrailed",
            "default",
            [*effect.base, f"{effect.key}={value}"],
            customers=24000,
            days=240,
            seed=7,
        )
        values.append(_outcome(run_config(cfg), effect.outcome))
    low, high = values
    assert effect.direction in (-1, 1)
    msg = f"{effect.key} {effect.low}->{effect.high}: {effect.outcome} {low} -> {high} (expected {'up' if effect.direction > 0 else 'down'}: {effect.why})"
    assert (high - low) * effect.direction > 0, msg
