"""Run parameters and the full, validated configuration of one simulation.

``SimConfig`` = scenario (the business) + policy (the firm's levers) + behaviour (how people
respond) + run (size, horizon, seed). Build one
with :func:`servicesim.params.config.resolve`, which reads presets and ``--set`` overrides and rejects
bad input before anything runs.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, model_validator

from servicesim.params.behaviour import BehaviourParams
from servicesim.params.fields import P, Params
from servicesim.params.policy import PolicyParams
from servicesim.params.scenario import ScenarioParams


class RunParams(Params):
    """Size, horizon and seed of one run."""

    customers: int = P(
        100_000,
        "customers",
        "initial active customers (>= 100); the default centre then has 26 frontline staff and about 1,700 contacts/day",
        "MODEL.md sec. 1",
        ge=100,
        le=50_000_000,
    )
    days: int = P(730, "days", "horizon: one tick is one day", "MODEL.md sec. 1", ge=1, le=36_500)
    seed: int = P(
        0,
        "-",
        "seed of every random stream (same seed, same results)",
        "STYLE.md",
        ge=0,
        le=2**63 - 1,
    )


class SimConfig(BaseModel):
    """Everything a run needs. ``scenario_name`` / ``policy_name`` are labels only."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    scenario: ScenarioParams = ScenarioParams()
    policy: PolicyParams = PolicyParams()
    behaviour: BehaviourParams = BehaviourParams()
    run: RunParams = RunParams()
    scenario_name: str = "default"
    policy_name: str = "custom"

    @model_validator(mode="after")
    def _inside_horizon(self) -> SimConfig:
        s, days = self.scenario, self.run.days
        if s.pulse_start_day is not None and s.pulse_start_day >= days:
            raise ValueError(
                f"scenario.pulse_start_day={s.pulse_start_day} lies outside the horizon "
                f"(days 0..{days - 1})"
            )
        if s.pulse_end_day is not None and s.pulse_end_day > days:
            raise ValueError(
                f"scenario.pulse_end_day={s.pulse_end_day} lies outside the horizon (at most {days})"
            )
        start, end = pulse_days(s, days)
        if s.pulse_extra > 0 and end <= start:
            raise ValueError(f"the demand pulse ends (day {end}) before it starts (day {start})")
        return self


def pulse_days(s: ScenarioParams, days: int) -> tuple[int, int]:
    """First and one-past-last day of the demand pulse for a horizon of ``days``."""
    start = (
        s.pulse_start_day
        if s.pulse_start_day is not None
        else int(round(s.pulse_start_frac * days))
    )
    end = s.pulse_end_day if s.pulse_end_day is not None else int(round(s.pulse_end_frac * days))
    return start, end
