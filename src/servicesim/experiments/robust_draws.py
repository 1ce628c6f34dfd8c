"""What a robustness analysis draws: the assumptions (``behaviour`` rows and scenario rows marked
``uncertain``, with their plausible ranges, held where the business defines them) and the
Latin hypercube over them (SciPy, from the seed). ``robustness.py`` runs the worlds.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from servicesim.core.rng import derive_seed
from servicesim.params.behaviour import BehaviourParams
from servicesim.params.config import canonical_key, load_preset, parse_sets, resolve
from servicesim.params.scenario import ScenarioParams


@dataclass(frozen=True)
class Assumption:
    """One drawn row: ``section.key``, its plausible range, its value without the draw."""

    key: str
    low: float
    high: float
    default: float
    grade: str
    integer: bool

    def halved(self) -> Assumption:
        """The range halved around the default if the row is graded C (else unchanged)."""
        if self.grade != "C":
            return self
        mid = min(max(self.default, self.low), self.high)
        return Assumption(
            self.key,
            mid - (mid - self.low) / 2.0,
            mid + (self.high - mid) / 2.0,
            self.default,
            self.grade,
            self.integer,
        )

    def at(self, u: float) -> float | int:
        """The value at ``u`` in [0, 1) of the range (rounded for an integer row)."""
        x = self.low + u * (self.high - self.low)
        return int(round(x)) if self.integer else float(x)


def assumptions(
    scenario: str = "default", sets: list[str] | None = None
) -> tuple[list[Assumption], list[str]]:
    """The rows drawn, and the drawable rows held at the value the scenario or ``--set`` gives."""
    _, preset = load_preset("scenario", scenario)
    held = {canonical_key(f"scenario.{k}") for k in preset}
    held |= {f"{s}.{k}" for s, table in parse_sets(sets or []).items() for k in table}
    cfg = resolve("guardrailed", scenario, sets)
    drawn: list[Assumption] = []
    held_out: list[str] = []
    for section, model in (("behaviour", BehaviourParams), ("scenario", ScenarioParams)):
        for row in model.field_docs():
            if row["low"] is None or row["high"] is None or row["reference"]:
                continue
            if section == "scenario" and not row["uncertain"]:
                continue
            annotation = model.model_fields[row["name"]].annotation
            if annotation not in (int, float):
                continue
            key = f"{section}.{row['name']}"
            if key in held:
                held_out.append(key)
                continue
            default = getattr(getattr(cfg, section), row["name"])
            drawn.append(
                Assumption(
                    key,
                    float(row["low"]),
                    float(row["high"]),
                    float(default),
                    row["grade"],
                    annotation is int,
                )
            )
    return drawn, held_out


def unit_design(n_assumptions: int, samples: int, seed: int, path: tuple[int, ...]) -> np.ndarray:
    """A Latin hypercube in [0, 1): ``samples`` rows, one column per assumption and the dummy."""
    from scipy.stats import qmc

    gen = np.random.default_rng(derive_seed(seed, *path))
    return qmc.LatinHypercube(d=n_assumptions + 1, rng=gen).random(samples)
