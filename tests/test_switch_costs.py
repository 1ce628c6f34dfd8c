"""Switching policy costs something (MODEL.md sec. 4): training waves off the phones, a skill
dip, a morale shock, all from the switch day; before it a run equals the old policy's. And the
latitude by the case (major cases, valued customers) that a policy may grant."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from servicesim.core import workforce
from servicesim.core.kernels import layout as L
from servicesim.core.kernels import workforce as wf
from servicesim.core.kernels.resolution import case_latitude
from servicesim.core.vector import K, param_vector
from servicesim.experiments.simulate import run_config
from servicesim.params.config import resolve

SWITCH = 40
ZERO = [
    "behaviour.switch_training_days=0",
    "behaviour.switch_skill_dip=0",
    "behaviour.switch_morale_shock=0",
]


def _switched(sets: list[str], days: int = 80) -> pd.DataFrame:
    cfg = resolve(
        "empowered",
        "default",
        sets,
        customers=20_000,
        days=days,
        seed=5,
        warmup_days=40,
        switch_at=SWITCH,
        switch_from="rule_bound",
    )
    return run_config(cfg).timeseries


def _after(ts: pd.DataFrame, metric: str, days: int = 20) -> float:
    return float(ts[metric].iloc[SWITCH : SWITCH + days].mean())


def test_a_costly_switch_equals_the_old_policy_before_the_switch(compiled):
    old = run_config(resolve("rule_bound", "default", [], 20_000, 80, 5, warmup_days=40))
    costly = _switched(["behaviour.switch_training_days=5", "behaviour.switch_skill_dip=0.5"])
    pd.testing.assert_frame_equal(old.timeseries.iloc[:SWITCH], costly.iloc[:SWITCH])
    assert not old.timeseries.iloc[SWITCH:].equals(costly.iloc[SWITCH:])


def test_a_switch_at_zero_cost_is_the_switch_without_the_mechanism(compiled, monkeypatch):
    zero = _switched(ZERO)
    costly = _switched([])  # the defaults cost something, and only from the switch day
    pd.testing.assert_frame_equal(zero.iloc[:SWITCH], costly.iloc[:SWITCH])
    assert not zero.iloc[SWITCH:].equals(costly.iloc[SWITCH:])
    monkeypatch.setattr(workforce, "switch_costs", lambda w: None)  # the switch as before
    pd.testing.assert_frame_equal(zero, _switched(ZERO))
    pd.testing.assert_frame_equal(zero, _switched([]))


def test_switch_training_lengthens_queues_in_the_first_weeks(compiled):
    base = _switched(ZERO)
    trained = _switched([*ZERO[1:], "behaviour.switch_training_days=5"])
    assert _after(trained, "service_level_20s") < _after(base, "service_level_20s")
    assert _after(trained, "abandoned") > _after(base, "abandoned")
    assert _after(trained, "mean_wait_s") > _after(base, "mean_wait_s")


def test_a_skill_dip_means_more_wrong_fixes_right_after(compiled):
    base = _switched(ZERO)
    dipped = _switched([*ZERO[::2], "behaviour.switch_skill_dip=0.5"])
    assert _after(dipped, "mean_skill") < _after(base, "mean_skill")
    assert _after(dipped, "repeat_contacts", 40) > _after(base, "repeat_contacts", 40)
    assert _after(dipped, "fcr_rate", 40) < _after(base, "fcr_rate", 40)


def test_a_morale_shock_lowers_staff_morale_right_after(compiled):
    base = _switched(ZERO)
    for shock, sign in ((-0.1, -1), (0.02, +1)):
        shocked = _switched([*ZERO[:2], f"behaviour.switch_morale_shock={shock}"])
        diff = _after(shocked, "staff_morale") - _after(base, "staff_morale")
        assert diff * sign > 0, shock


def _staff(n: int, day: int) -> np.ndarray:
    st = np.zeros((L.NS_STAFF, n + 2))
    st[L.S_ACTIVE, :] = 1.0
    st[L.S_HIRE_ID] = np.arange(1, n + 3)
    st[L.S_SKILL, :] = 0.8
    st[L.S_MORALE, :] = 0.5
    st[L.S_ROLE, n] = 1.0  # a manager: no switch costs
    st[L.S_START_DAY, n + 1] = day + 5  # a hire not yet started: trains at induction
    return st


def test_the_team_trains_in_waves_from_the_switch_day(compiled):
    cfg = resolve(
        "empowered",
        "default",
        [
            "behaviour.switch_training_days=3",
            "behaviour.switch_training_wave_share=0.25",
            "behaviour.switch_skill_dip=0.1",
            "behaviour.switch_morale_shock=-0.05",
        ],
        customers=5_000,
        days=10,
    )
    prm = param_vector(cfg)
    day, n = 100, 10
    st = _staff(n, day)
    assert wf.switch_costs(st, day, 7, prm) == n
    front = slice(0, n)
    starts = np.sort(st[L.S_SWITCH_FROM, front])
    # waves of ceil(0.25 x 10) = 3 agents, 3 days each: 3, 3, 3, then 1
    assert list(starts) == [100] * 3 + [103] * 3 + [106] * 3 + [109]
    assert (st[L.S_SWITCH_UNTIL, front] - st[L.S_SWITCH_FROM, front] == 3).all()
    assert st[L.S_SKILL, front] == pytest.approx(0.72)
    assert st[L.S_MORALE, front] == pytest.approx(0.45)
    for r in (n, n + 1):  # the manager and the future hire pay nothing
        assert st[L.S_SWITCH_UNTIL, r] == 0 and st[L.S_SKILL, r] == 0.8
    # at the roll-call, exactly the wave of the day is training for the switch
    for d, in_wave in ((100, 3), (105, 3), (109, 1), (111, 1), (112, 0)):
        wf.start_shift(st, d, 7, prm)
        training = st[L.S_TRAINING, front] == 1
        waved = (st[L.S_SWITCH_FROM, front] <= d) & (d < st[L.S_SWITCH_UNTIL, front])
        assert waved.sum() == in_wave and training[waved].all()


def test_case_latitude_scales_discretion_by_stake_and_value(compiled):
    prm = param_vector(resolve("empowered", "default", [], customers=5_000, days=10))
    mean = prm[K.value_per_day]
    assert case_latitude(0.37, 500.0, 10 * mean, prm) == 0.37  # defaults: unchanged
    prm[K.major_case_latitude] = 0.0
    assert case_latitude(0.6, 150.0, mean, prm) == 0.0
    assert case_latitude(0.6, 50.0, mean, prm) == 0.6  # a minor case keeps its latitude
    prm[K.major_case_latitude] = 1.0
    prm[K.valued_customer_latitude] = 3.0
    assert case_latitude(0.2, 50.0, 2.5 * mean, prm) == pytest.approx(0.6)
    assert case_latitude(0.5, 50.0, 2.5 * mean, prm) == 1.0  # at most 1
    assert case_latitude(0.2, 50.0, 1.5 * mean, prm) == 0.2  # not valued


@pytest.mark.parametrize(
    "key,value",
    [
        ("policy.major_case_latitude", "-0.1"),
        ("policy.valued_customer_latitude", "11"),
        ("policy.major_case_stake", "-5"),
        ("policy.valued_customer_multiple", "-1"),
        ("behaviour.switch_training_wave_share", "0"),
        ("behaviour.switch_skill_dip", "1.5"),
    ],
)
def test_out_of_range_values_are_input_errors(key, value):
    from servicesim.errors import InputError

    with pytest.raises(InputError, match=key.split(".")[1]):
        resolve("empowered", "default", [f"{key}={value}"], customers=5_000, days=10)


def test_a_switch_to_the_same_policy_costs_nothing(compiled):
    def same(sets: list[str]) -> pd.DataFrame:
        cfg = resolve(
            "empowered",
            "default",
            sets,
            customers=20_000,
            days=60,
            seed=5,
            warmup_days=40,
            switch_at=SWITCH,
            switch_from="empowered",
        )
        return run_config(cfg).timeseries

    pd.testing.assert_frame_equal(same([]), same(ZERO))
