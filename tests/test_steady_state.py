"""A business in its steady state: the warm-up, the switch, the fixed acquisition budget, the
survey that changes nothing, the trend test (MODEL.md sec. 1, 2.5)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from servicesim.cli import main
from servicesim.core.model import ServiceModel
from servicesim.errors import InputError
from servicesim.experiments import simulate
from servicesim.experiments.simulate import run_config
from servicesim.experiments.steady import trend_test
from servicesim.params.config import resolve

SMALL = {"customers": 30_000, "days": 120, "seed": 4}


def _run(policy: str, **kw: object) -> simulate.RunResult:
    args = {**SMALL, **kw}
    return run_config(
        resolve(
            policy,
            "default",
            list(args.pop("sets", [])),  # type: ignore[arg-type]
            args.pop("customers"),  # type: ignore[arg-type]
            args.pop("days"),  # type: ignore[arg-type]
            args.pop("seed"),  # type: ignore[arg-type]
            **args,  # type: ignore[arg-type]
        )
    )


def test_a_switch_equals_the_old_policy_until_the_switch(compiled):
    old = _run("rule_bound", warmup_days=60)
    switched = _run("empowered", warmup_days=60, switch_at=50, switch_from="rule_bound")
    pd.testing.assert_frame_equal(old.timeseries.iloc[:50], switched.timeseries.iloc[:50])
    after = slice(50, None)
    assert not old.timeseries.iloc[after].equals(switched.timeseries.iloc[after])
    assert (
        switched.timeseries["refusals"].iloc[60:].sum() < old.timeseries["refusals"].iloc[60:].sum()
    )


def test_a_shared_warm_up_is_bit_identical_to_a_fresh_one(compiled):
    simulate._WARMUPS.clear()
    cfg_a = resolve("rule_bound", "default", [], 20_000, 40, 9, warmup_days=50)
    cfg_b = resolve("empowered", "default", [], 20_000, 40, 9, warmup_days=50)
    shared_a = run_config(cfg_a).summary
    shared_b = run_config(cfg_b).summary  # starts from a copy of cfg_a's warm-up
    assert len(simulate._WARMUPS) == 1
    for cfg, shared in ((cfg_a, shared_a), (cfg_b, shared_b)):
        fresh = ServiceModel(cfg)  # plays its own warm-up
        fresh.run_all()
        got = fresh.summary()
        assert got.keys() == shared.keys()
        for k in got:
            assert got[k] == shared[k] or (math.isnan(got[k]) and math.isnan(shared[k])), k


def test_the_warm_up_plays_the_status_quo_and_is_numbered_before_day_0(compiled):
    cfg = resolve("rule_bound", "default", [], 20_000, 30, 1, warmup_days=45)
    model = ServiceModel(cfg)
    model.run_all()
    ts = model.timeseries(warmup=True)
    assert ts["day"].iloc[0] == -45 and ts["day"].iloc[-1] == 29
    assert list(model.timeseries()["day"]) == list(range(30))
    # the status quo (guardrailed) refuses less than rule_bound: the switch shows at day 0
    before, after = ts[ts["day"] < 0], ts[ts["day"] >= 0]
    assert after["refusals"].mean() > 2 * before["refusals"].mean()


def test_the_acquisition_budget_is_the_same_for_every_policy(compiled):
    kw = {"warmup_days": 90, "days": 200}
    paid = {p: _run(p, **kw).summary for p in ("rule_bound", "empowered", "outsourced_efficiency")}
    # outsourced_efficiency's newcomer discount buys more (a lever); the budget is shared
    assert paid["rule_bound"]["new_customers_paid"] == paid["empowered"]["new_customers_paid"]
    assert paid["rule_bound"]["churned"] != paid["empowered"]["churned"]
    # it never tracks the run's churn: more churn here buys nothing back
    worse = _run("rule_bound", sets=["policy.escalation_share=0"], **kw).summary
    assert worse["churned"] > paid["rule_bound"]["churned"]
    assert worse["new_customers_paid"] == paid["rule_bound"]["new_customers_paid"]


def test_being_surveyed_changes_nothing(compiled):
    base = _run("empowered", warmup_days=30)
    asked = _run(
        "empowered",
        warmup_days=30,
        sets=["run.survey_sample_share=0.5", "run.survey_interval_days=7"],
    )
    assert asked.summary["would_buy_again"] != base.summary["would_buy_again"]
    for k, v in base.summary.items():
        if k != "would_buy_again":
            assert v == asked.summary[k] or (math.isnan(v) and math.isnan(asked.summary[k])), k
    pd.testing.assert_frame_equal(base.timeseries, asked.timeseries)


def test_leaving_is_behaviour_and_the_survey_is_what_people_say(compiled):
    r = _run("guardrailed", customers=60_000, days=365, warmup_days=365)
    s = r.summary
    assert 0.05 < s["churn_rate_per_year"] < 0.25
    assert 1.0 < s["churn_rr_unresolved_12m"] < 10.0
    assert 0.5 < s["would_buy_again"] < 1.0


@pytest.mark.slow
def test_the_status_quo_firm_is_steady_after_its_warm_up(compiled):
    """The default warm-up (730 days) leaves no trend over a two-year measured period: the
    base, satisfaction, morale, skill, backlog and rule coverage (docs/model.md)."""
    r = run_config(resolve("guardrailed", "default", [], 150_000, 730, 0))
    trends = trend_test(r.timeseries, block_days=61)
    assert trends["steady"].all(), trends.to_string()
    scen = r.config.scenario
    assert scen.churn_band_low_per_year <= r.summary["churn_rate_per_year"]
    assert r.summary["churn_rate_per_year"] <= scen.churn_band_high_per_year
    assert abs(r.summary["base_change_per_year"]) < 0.03


def test_the_trend_test_finds_a_trend_and_passes_noise():
    rng = np.random.default_rng(0)
    days = 730
    flat = pd.DataFrame({"x": 100 + rng.normal(0, 5, days)})
    rising = pd.DataFrame({"x": 100 + np.arange(days) * 0.05 + rng.normal(0, 5, days)})
    assert trend_test(flat, ("x",))["steady"].all()
    got = trend_test(rising, ("x",))
    assert not got["steady"].any()
    assert got["slope_per_year"].iloc[0] == pytest.approx(0.05 * 365, rel=0.2)


@pytest.mark.parametrize(
    ("argv", "named"),
    [
        (["--warmup-days", "-1"], "--warmup-days"),
        (["--switch-at", "0", "--from", "rule_bound"], "--switch-at"),
        (["--switch-at", "30", "--from", "rule_bound"], "--switch-at"),
        (["--switch-at", "10"], "--switch-at"),
        (["--switch-at", "10", "--from", "rule_boundd"], "--from"),
    ],
)
def test_bad_warm_up_and_switch_inputs_exit_2(argv, named, capsys):
    code = main(["run", "--customers", "2000", "--days", "30", *argv])
    assert code == 2
    assert named in capsys.readouterr().err


def test_from_may_equal_the_policy(compiled, capsys):
    argv = ["run", "--policy", "rule_bound", "--customers", "2000", "--days", "20"]
    assert (
        main([*argv, "--warmup-days", "10", "--switch-at", "5", "--from", "rule_bound", "--json"])
        == 0
    )


def test_levels_give_each_policy_its_absolute_numbers():
    from servicesim.experiments.stats import LEVEL_METRICS, levels

    runs = pd.DataFrame(
        {
            "policy": ["a", "a", "a", "b", "b", "b"],
            "profit": [1.0, 2.0, 3.0, 10.0, 10.0, np.nan],
            "churn_rate_per_year": [0.1, 0.1, 0.1, 0.2, 0.3, 0.4],
        }
    )
    got = levels(runs, metrics=["profit", "churn_rate_per_year"]).set_index(["policy", "metric"])
    assert got.loc[("a", "profit"), "mean"] == 2.0
    assert got.loc[("a", "profit"), "ci_low"] < 2.0 < got.loc[("a", "profit"), "ci_high"]
    assert got.loc[("b", "profit"), "n"] == 2
    assert got.loc[("b", "churn_rate_per_year"), "mean"] == pytest.approx(0.3)
    assert list(levels(runs.assign(**{m: 1.0 for m in LEVEL_METRICS}))["metric"].unique()) == list(
        LEVEL_METRICS
    )


def test_a_comparison_reports_levels(compiled):
    from servicesim.experiments.compare import compare

    result = compare(["rule_bound", "empowered"], reps=2, customers=5_000, days=30, warmup_days=20)
    got = result.levels()
    assert list(got["policy"].unique()) == ["rule_bound", "empowered"]
    assert (got["n"] == 2).all()
    assert result.head["warmup_days"] == 20 and result.head["status_quo"] == "guardrailed"


def test_spec_keys_reach_every_run(tmp_path):
    from servicesim.experiments.spec import spec_from_dict
    from servicesim.experiments.tasks import spec_tasks
    from servicesim.params.config import from_toml_text

    spec = spec_from_dict(
        {
            "name": "s",
            "question": "q",
            "policies": ["empowered"],
            "customers": 2000,
            "days": 60,
            "warmup_days": 30,
            "switch_at": 20,
            "switch_from": "rule_bound",
            "parameters": {"policy.recognition": [0.1, 0.9]},
        }
    )
    for task in spec_tasks(spec):
        cfg = from_toml_text(task["config"])
        assert cfg.run.warmup_days == 30 and cfg.run.switch_at == 20
        assert cfg.switch_from_name == "rule_bound"
        assert cfg.switch_from_policy.empowerment == 0.0
    with pytest.raises(InputError, match="switch_at"):
        spec_tasks(spec_from_dict({"name": "s", "question": "q", "days": 60, "switch_at": 20}))


@pytest.mark.slow
@pytest.mark.parametrize("scenario", ["default", "routine_transactional", "complex_relational"])
def test_every_scenario_s_status_quo_churns_within_its_industry_band(scenario, compiled):
    r = run_config(resolve("guardrailed", scenario, [], 60_000, 365, 5)).summary
    band = resolve("guardrailed", scenario).scenario
    assert band.churn_band_low_per_year <= r["churn_rate_per_year"] <= band.churn_band_high_per_year
