"""The plain-Mesa baseline of the benchmark follows the same rules as the fast model.

``servicesim.bench.mesa_reference`` draws from Mesa's generators, so it agrees with the fast model
in aggregate, not draw for draw. Tolerances are about three standard deviations of the
difference between two independent runs at this size (binomial / Poisson), so a rule that drifts
apart in one model (a changed erosion, churn or escalation rule) shows up as a failure.

What the agreement test runs, and why: 16,000 customers, a 90-day warm-up and 120 measured
days. At 5,000 customers the contact centre has one frontline agent (about 0.0066 contacts a
customer-day), so a quit or a day of shrinkage leaves nobody on the phones and the run-to-run
spread of satisfaction and of the share of voiced episodes fixed is several times the sampling
error the tolerances assume; 16,000 customers staff three agents, mid-way between the plan's
steps from two to three and three to four. The warm-up is 90 days instead of the default 730
so that the plain-Mesa run stays near 20 s: it still plays the status quo, calibrates paid
acquisition on the warm-up's churn and switches policy when measurement begins. Measured over
80 seeds of the fast model (and 24 of both), the tolerances are 3.2 to 8 standard deviations of
the difference of two runs, except the fixed share's, about 2.6: its binomial standard error
leaves out the spread between runs that a three-agent centre's quits and absences add.
"""

from __future__ import annotations

import math

import mesa
import pandas as pd

from servicesim.bench import mesa_reference
from servicesim.bench.harness import SETS
from servicesim.experiments.simulate import run_config
from servicesim.params.config import resolve


def load():  # noqa: ANN201
    return mesa_reference


def test_it_is_a_plain_mesa_model() -> None:
    """Agent objects, a DataCollector, one row per measured day (the warm-up is played on
    construction and not collected); a closed-episode log for the checks."""
    ref = load()
    cfg = resolve("empowered", "default", SETS, customers=400, days=5, seed=1)
    model = ref.MesaServiceModel(cfg)
    assert model.day == cfg.run.warmup_days > 0 and model.measured_day == 0
    model.run_all()
    assert isinstance(model, mesa.Model)
    assert len(model.agents_by_type[ref.Customer]) == 600  # customers + 0.5 prospects each
    assert len(model.agents_by_type[ref.Staff]) >= 2  # frontline staff and a manager
    assert list(model.datacollector.get_model_vars_dataframe()["day"]) == [0, 1, 2, 3, 4]
    assert model.summary()["contacts"] > 0
    assert {outcome for _, outcome, _ in model.episodes} <= {0, 1, 2, 3}


def test_agrees_in_aggregate_with_the_fast_model(compiled) -> None:  # noqa: ANN001
    cfg = resolve("empowered", "default", SETS, customers=16_000, days=120, seed=11, warmup_days=90)
    slow = load().MesaServiceModel(cfg)
    slow.run_all()
    s = slow.summary()
    fast = run_config(cfg, record_episodes=True)
    f, ts = fast.summary, fast.timeseries

    def counts_agree(a: float, b: float) -> bool:  # two Poisson-like counts, 4 sd
        return abs(a - b) < 4.0 * math.sqrt(a + b)

    assert abs(s["retention_rate"] - f["retention_rate"]) < 0.015
    assert abs(s["mean_satisfaction"] - f["mean_satisfaction"]) < 0.01
    assert counts_agree(s["problems"], ts["problems"].sum())
    assert counts_agree(s["churned"], f["churned"])
    assert abs(s["contacts"] / f["contacts"] - 1.0) < 0.05
    assert abs(s["staff_count"] - ts["staff_count"].mean()) <= 1.0
    # episode by episode: how they end, and the attitude they leave behind
    slow_ep = pd.DataFrame(slow.episodes, columns=["day", "category", "satisfaction"])
    sat_slow = slow_ep.groupby("category")["satisfaction"].mean()
    sat_fast = fast.episodes.groupby("category")["satisfaction"].mean()
    assert abs(sat_slow[0] - sat_fast[0]) < 0.025  # silent: about 2,200 episodes each
    assert abs(sat_slow[3] - sat_fast[3]) < 0.08  # first-contact fixes: three agents' manners vary
    voiced = [(ep["category"] > 0).sum() for ep in (slow_ep, fast.episodes)]
    fixed = [(ep["category"] >= 2).sum() for ep in (slow_ep, fast.episodes)]
    p = sum(fixed) / sum(voiced)
    se = math.sqrt(p * (1 - p) * (1 / voiced[0] + 1 / voiced[1]))
    assert abs(fixed[0] / voiced[0] - fixed[1] / voiced[1]) < 4 * se


def test_it_pays_the_costs_of_a_switch_like_the_fast_model() -> None:
    """On the switch day the reference's frontline staff lose skill and morale and train in
    waves off the phones (``core/kernels/workforce.py`` ``switch_costs``); at zero cost the
    same run keeps them."""
    ref = load()

    def after_switch(*sets: str):
        cfg = resolve(
            "empowered",
            "default",
            list(sets),
            customers=3_000,
            days=4,
            seed=2,
            warmup_days=10,
            switch_at=2,
            switch_from="rule_bound",
        )
        model = ref.MesaServiceModel(cfg)
        for _ in range(3):  # measured days 0 and 1, then the switch day
            model.step()
        return sorted(model.frontline(working=True), key=lambda a: a.unique_id)

    free = after_switch(
        "behaviour.switch_training_days=0",
        "behaviour.switch_skill_dip=0",
        "behaviour.switch_morale_shock=0",
    )
    costly = after_switch(
        "behaviour.switch_training_days=3",
        "behaviour.switch_skill_dip=0.2",
        "behaviour.switch_morale_shock=-0.1",
    )
    assert [a.unique_id for a in free] == [a.unique_id for a in costly]
    assert all(c.skill < f.skill for f, c in zip(free, costly, strict=True))
    assert all(c.morale < f.morale for f, c in zip(free, costly, strict=True))
    training = [a for a in costly if a.switch_from <= 12 < a.switch_until]  # warm-up 10 + day 2
    assert training and all(a.off_phones for a in training)
    assert all(a.switch_until == -1 for a in free)
