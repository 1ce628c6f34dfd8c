"""Run parameters and the full, validated configuration of one simulation.

``SimConfig`` = scenario (the business) + policy (the firm's levers) + behaviour (how people
respond) + run (size, horizon, seed). Build one
with :func:`servicesim.params.config.resolve`, which reads presets and ``--set`` overrides and rejects
bad input before anything runs.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, model_validator

from servicesim.errors import InputError
from servicesim.params.behaviour import BehaviourParams
from servicesim.params.fields import P, Params
from servicesim.params.policy import PolicyParams
from servicesim.params.preset_files import load_preset
from servicesim.params.scenario import ScenarioParams


class RunParams(Params):
    """Size, horizon and seed of one run."""

    customers: int = P(
        250_000,
        "customers",
        "initial active customers (>= 100); the default centre then has about 1,700 contacts "
        "a day and 35 frontline staff (2.5 contacts per customer a year)",
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
    warmup_days: int = P(
        730,
        "days",
        "days the status-quo policy runs before the measured period (0: none); shared by every "
        "policy that starts from the same firm",
        "MODEL.md sec. 1; two years: after one, rule coverage and skill still trend over a "
        "two-year measured period (docs/model.md, steady state)",
        ge=0,
        le=36_500,
    )
    switch_at: int | None = P(
        None,
        "day",
        "measured day from which the policy under study takes over from switch_from "
        "(days 0..switch_at-1 run switch_from); none: the policy runs from day 0",
        "MODEL.md sec. 1 (what happens when we switch)",
        ge=1,
    )
    survey_interval_days: int = P(
        30,
        "days",
        "days between the periodic survey of customers ('would you buy again?')",
        "MODEL.md sec. 2.5 (intention is a separate output)",
        ge=1,
        le=3650,
    )
    survey_sample_share: float = P(
        0.02,
        "share",
        "share of active customers each periodic survey asks (being asked changes nothing)",
        "MODEL.md sec. 2.5",
        ge=0,
        le=1,
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
    #: the scenario's status quo, which plays the warm-up: when not given, the preset that
    #: ``scenario.status_quo`` names (so a SimConfig built in Python warms up as the CLI does)
    status_quo_policy: PolicyParams = PolicyParams()
    #: with run.switch_at: the policy of measured days 0..switch_at-1
    switch_from_policy: PolicyParams | None = None
    switch_from_name: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _status_quo_from_scenario(cls, data: Any) -> Any:
        if not isinstance(data, dict) or data.get("status_quo_policy") is not None:
            return data
        scenario = data.get("scenario")
        if isinstance(scenario, ScenarioParams):
            name = scenario.status_quo
        elif isinstance(scenario, dict) and "status_quo" in scenario:
            name = str(scenario["status_quo"])
        else:
            name = ScenarioParams.model_fields["status_quo"].default
        try:
            table = load_preset("policy", name)[1]
        except InputError as err:
            raise ValueError(f"scenario.status_quo={name!r}: {err.allowed}") from None
        return {**data, "status_quo_policy": table}

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
        switch = self.run.switch_at
        if switch is not None and not 1 <= switch <= days - 1:
            raise ValueError(
                f"run.switch_at={switch} lies outside the measured period (allowed: 1..{days - 1})"
            )
        if switch is not None and self.switch_from_policy is None:
            raise ValueError("run.switch_at needs a policy to switch from (--from)")
        for label, pol in (
            ("policy", self.policy),
            ("status_quo_policy", self.status_quo_policy),
            ("switch_from_policy", self.switch_from_policy),
        ):
            if pol is None:
                continue
            away = pol.training_days_per_year / s.working_days_per_year + s.shrinkage
            if away > 1.0 - MIN_ON_PHONES:
                raise ValueError(
                    f"{label}.training_days_per_year={pol.training_days_per_year:g} of "
                    f"scenario.working_days_per_year={s.working_days_per_year:g} plus "
                    f"scenario.shrinkage={s.shrinkage:g} leave {1 - away:.0%} of staff days on "
                    f"the phones (allowed: at least {MIN_ON_PHONES:.0%})"
                )
        return self


MIN_ON_PHONES = 0.05  # share of paid staff days left for contacts after training and shrinkage


def pulse_days(s: ScenarioParams, days: int) -> tuple[int, int]:
    """First and one-past-last day of the demand pulse for a horizon of ``days``."""
    start = (
        s.pulse_start_day
        if s.pulse_start_day is not None
        else int(round(s.pulse_start_frac * days))
    )
    end = s.pulse_end_day if s.pulse_end_day is not None else int(round(s.pulse_end_frac * days))
    return start, end
