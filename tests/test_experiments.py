"""Experiment specs, design expansion, common random numbers, paired intervals and `compare`."""

from __future__ import annotations

import json
import math
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from servicesim.core.metrics import SUMMARY
from servicesim.core.rng import derive_seed, replicate_seeds
from servicesim.errors import InputError
from servicesim.experiments.compare import compare
from servicesim.experiments.spec import (
    InertParameterWarning,
    design_points,
    load_spec,
    shrink,
    spec_from_dict,
)
from servicesim.experiments.stats import mean_ci, paired_table, summarise
from servicesim.experiments.tasks import spec_tasks
from servicesim.params.config import from_toml_text

TINY = {"customers": 2000, "days": 20}


def _cli(argv: list[str]) -> int:
    import servicesim.cli.experiments  # noqa: F401  registers compare, sweep, ...
    from servicesim.cli import main

    return main(argv)


def _spec(**kw):
    data = {"policies": ["rule_bound", "empowered"], **TINY, **kw}
    return spec_from_dict(data)


# --- expansion rules ------------------------------------------------------------------------------


def test_grid_crosses_lists_holds_scalars_and_pairs_seeds():
    spec = _spec(
        replicates=3,
        seed=11,
        parameters={
            "scenario.rule_coverage": [0.4, 0.7, 0.9],
            "policy.servant_leadership": [0.0, 1.0],
            "policy.recognition": 0.25,
        },
    )
    tasks = spec_tasks(spec)
    assert len(tasks) == 3 * 2 * 2 * 3  # points x policies x replicates
    points = {
        (t["params"]["scenario.rule_coverage"], t["params"]["policy.servant_leadership"])
        for t in tasks
    }
    assert points == {(c, s) for c in (0.4, 0.7, 0.9) for s in (0.0, 1.0)}
    seeds = replicate_seeds(11, 3)
    for t in tasks:
        cfg = from_toml_text(t["config"])
        assert cfg.policy.recognition == 0.25  # held everywhere
        assert cfg.scenario.rule_coverage == t["params"]["scenario.rule_coverage"]
        assert t["seed"] == cfg.run.seed == seeds[t["replicate"]]  # the same for every policy
        assert (cfg.run.customers, cfg.run.days) == (2000, 20)
    assert len({t["run_id"] for t in tasks}) == len(tasks)
    assert [t["run_id"] for t in spec_tasks(spec)] == [t["run_id"] for t in tasks]  # deterministic


def test_grid_range_levels_log_and_integer_fields():
    spec = _spec(
        parameters={
            "scenario.revenue_per_customer_per_year": {
                "low": 100,
                "high": 10000,
                "levels": 3,
                "log": True,
            },
            "scenario.contract_length_days": {"low": 30, "high": 100, "levels": 4},
        }
    )
    pts = design_points(spec)
    revenues = sorted({p["scenario.revenue_per_customer_per_year"] for p in pts})
    assert revenues == pytest.approx([100.0, 1000.0, 10000.0])
    lengths = sorted({p["scenario.contract_length_days"] for p in pts})
    assert lengths == [30, 53, 77, 100] and all(isinstance(v, int) for v in lengths)


def test_latin_hypercube_fills_every_stratum_once_and_random_stays_in_range():
    params = {
        "policy.empowerment": {"low": 0.0, "high": 1.0},
        "scenario.margin": {"low": 0.1, "high": 0.5},
    }
    lhs = design_points(_spec(design="latin", samples=20, parameters=params))
    for key, lo, hi in (("policy.empowerment", 0.0, 1.0), ("scenario.margin", 0.1, 0.5)):
        strata = sorted(int((p[key] - lo) / (hi - lo) * 20) for p in lhs)
        assert strata == list(range(20))
    rnd = design_points(_spec(design="random", samples=50, seed=3, parameters=params))
    assert all(0.1 <= p["scenario.margin"] <= 0.5 for p in rnd)
    assert design_points(_spec(design="random", samples=50, seed=3, parameters=params)) == rnd
    assert design_points(_spec(design="random", samples=50, seed=4, parameters=params)) != rnd


def test_nothing_swept_gives_one_point_and_shrink_changes_size():
    spec = _spec(replicates=4, parameters={"policy.recognition": 0.5})
    assert design_points(spec) == [{}]
    small = shrink(spec, customers=1000, days=10, reps=2)
    tasks = spec_tasks(small)
    assert len(tasks) == 2 * 2
    assert from_toml_text(tasks[0]["config"]).run.customers == 1000


def test_discretion_cap_at_zero_empowerment_is_inert_with_a_warning():
    spec = _spec(parameters={"policy.discretion_cap": [0.0, 500.0]})
    with pytest.warns(InertParameterWarning, match="empowerment = 0"):
        tasks = spec_tasks(spec)
    # rule_bound has empowerment 0: its two cap levels give identical runs (so zero may be swept)
    from servicesim.experiments.sweep import run_many

    rb = [t for t in tasks if t["policy"] == "rule_bound"]
    a, b = (r["summary"] for r in run_many(rb))
    assert json.dumps(a) == json.dumps(b)


@pytest.mark.parametrize(
    ("data", "name", "hint"),
    [
        ({"replicate": 2}, "replicate", "replicates"),
        ({"horizon": 365}, "horizon", "days"),
        ({"design": "latin_hypercube", "samples": 4}, "design", "latin"),
        ({"replicates": "three"}, "replicates", None),
        (
            {"parameters": {"policy.empowerment_level": [0.1]}},
            "policy.empowerment_level",
            "empowerment",
        ),
        ({"parameters": {"policy.empowerment": []}}, "policy.empowerment", None),
        ({"parameters": {"policy.empowerment": {"lo": 0, "high": 1}}}, "policy.empowerment", "low"),
        ({"parameters": {"policy.empowerment": [0.5, 2.0]}}, "policy.empowerment", None),
        ({"design": "latin"}, "samples", None),
        ({"policies": ["rule_bond"]}, "--policy", "rule_bound"),
        ({"outcomes": ["proft"]}, "outcomes", "profit"),
    ],
)
def test_bad_specs_are_input_errors_naming_the_key(data, name, hint):
    with pytest.raises(InputError) as err:
        spec_tasks(_spec(**data))
    assert name in err.value.name or name == err.value.value
    if hint:
        assert hint in (err.value.hint or "")


def test_cli_turns_bad_spec_files_into_exit_code_2(tmp_path, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text('policies = ["empowered"\n')
    assert _cli(["sweep", str(bad), "--out", str(tmp_path / "o")]) == 2
    assert _cli(["sweep", str(tmp_path / "missing.toml")]) == 2
    typo = tmp_path / "typo.toml"
    typo.write_text("replicats = 2\n")
    assert _cli(["sweep", str(typo), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert "valid TOML" in err and "file not found" in err and "'replicates'" in err
    assert "Traceback" not in err
    assert not (tmp_path / "o").exists()


def test_shipped_specs_load_and_quick_is_at_most_20_runs():
    folder = Path(__file__).resolve().parents[1] / "experiments"
    specs = sorted(folder.glob("*.toml"))
    assert {p.stem for p in specs} >= {"quick"}
    robustness = [p for p in specs if 'kind = "robustness"' in p.read_text()]
    assert [p.stem for p in robustness] == ["robustness_main"]  # tests/test_robustness.py
    for path in sorted(set(specs) - set(robustness)):
        spec = load_spec(path)
        assert spec.question, path.name
        if spec.design == "grid":
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", InertParameterWarning)
                n = len(spec_tasks(spec))
            assert n <= (20 if path.stem == "quick" else 400), path.name


# --- statistics ---------------------------------------------------------------------------------


def test_t_interval_covers_a_known_mean_at_the_stated_rate():
    rng = np.random.default_rng(2024)
    samples = rng.normal(3.0, 2.0, size=(4000, 5))
    hits = [lo <= 3.0 <= hi for _, lo, hi in (mean_ci(s) for s in samples)]
    assert abs(np.mean(hits) - 0.95) < 0.015  # binomial sd ~0.0034
    assert all(math.isnan(v) for v in mean_ci([1.0])[1:])


def test_paired_difference_interval_covers_the_true_difference():
    rng = np.random.default_rng(7)
    hits = []
    for _ in range(400):
        shared = rng.normal(100.0, 30.0, 6)  # what a pair shares (common random numbers)
        runs = pd.DataFrame(
            {
                "policy": ["a"] * 6 + ["b"] * 6,
                "replicate": list(range(6)) * 2,
                "y": np.concatenate(
                    [shared + rng.normal(0, 1, 6), shared + 2.0 + rng.normal(0, 1, 6)]
                ),
            }
        )
        row = paired_table(runs, ["a", "b"], ["y"]).iloc[1]
        hits.append(row.diff_ci_low <= 2.0 <= row.diff_ci_high)
        assert row.diff_ci_high - row.diff_ci_low < row.ci_high - row.ci_low  # pairing pays
    assert abs(np.mean(hits) - 0.95) < 0.04


# --- common random numbers and compare ------------------------------------------------------------


def test_crn_pairs_see_identical_problem_draws_and_independent_streams_do_not():
    kw = {"reps": 3, "customers": 5000, "days": 15, "seed": 5}
    paired = compare(["rule_bound", "empowered"], crn=True, **kw)
    indep = compare(["rule_bound", "empowered"], crn=False, **kw)
    for res in (paired, indep):
        first = res.timeseries[res.timeseries["day"] == 0]
        res.day0 = first.pivot(index="replicate", columns="policy", values="problems")
    assert (paired.day0["rule_bound"] == paired.day0["empowered"]).all()
    assert not (indep.day0["rule_bound"] == indep.day0["empowered"]).all()
    seeds = indep.runs.pivot(index="replicate", columns="policy", values="seed")
    assert list(seeds["empowered"]) == [derive_seed(5, r, 2) for r in range(3)]
    assert list(
        paired.runs.pivot(index="replicate", columns="policy", values="seed")["empowered"]
    ) == (replicate_seeds(5, 3))

    def width(res, metric):
        row = res.table.set_index(["metric", "policy"]).loc[(metric, "empowered")]
        return row.diff_ci_high - row.diff_ci_low

    assert width(paired, "revenue") < width(indep, "revenue") / 5  # what common random numbers buy


def test_compare_command_writes_the_folder_other_modules_read(tmp_path, capsys):
    out = tmp_path / "cmp"
    argv = [
        "compare",
        "rule_bound",
        "empowered",
        "--reps",
        "3",
        "--customers",
        "2000",
        "--days",
        "20",
    ]
    assert _cli([*argv, "--seed", "4", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "policy -" in printed and "empowered vs rule_bound over 20 days: profit" in printed
    runs = pd.read_parquet(out / "runs.parquet")
    assert list(runs.columns[:3]) == ["policy", "replicate", "seed"] and set(SUMMARY) <= set(
        runs.columns
    )
    assert len(runs) == 6
    ts = pd.read_parquet(out / "timeseries.parquet")
    assert list(ts.columns[:3]) == ["policy", "replicate", "day"] and len(ts) == 6 * 20
    table = pd.read_csv(out / "comparison.csv")
    assert list(table.columns) == [
        "metric",
        "policy",
        "mean",
        "ci_low",
        "ci_high",
        "diff",
        "diff_ci_low",
        "diff_ci_high",
    ]
    assert table[table.policy == "rule_bound"]["diff"].isna().all()
    wide = runs.pivot(index="replicate", columns="policy", values="revenue")
    row = table[(table.metric == "revenue") & (table.policy == "empowered")].iloc[0]
    assert row["diff"] == pytest.approx((wide["empowered"] - wide["rule_bound"]).mean())
    head = json.loads((out / "manifest.json").read_text())
    assert head["kind"] == "compare" and head["policies"] == ["rule_bound", "empowered"]
    assert (head["crn"], head["reps"], head["customers"], head["days"], head["seed"]) == (
        True,
        3,
        2000,
        20,
        4,
    )
    assert (out / "figures" / "timeseries.png").is_file()
    # a repeated compare is bit-identical
    assert _cli([*argv, "--seed", "4", "--json"]) == 0
    again = json.loads(capsys.readouterr().out)
    assert again["comparison"][0]["mean"] == table.iloc[0]["mean"]
    assert again["verdict"].startswith("empowered vs rule_bound over 20 days: profit")


def test_sweep_summary_pairs_policies_at_a_point_or_points_with_one_policy():
    runs = pd.DataFrame(
        {
            "point": [0, 0, 0, 0, 1, 1, 1, 1],
            "replicate": [0, 1, 0, 1] * 2,
            "policy": ["a", "a", "b", "b"] * 2,
            "status": "ok",
            "x.k": [1.0] * 4 + [2.0] * 4,
            "profit": [1.0, 3.0, 2.0, 5.0, 0.0, 0.0, 4.0, 4.0],
        }
    )
    two = summarise(runs, ["x.k"], ["profit"]).set_index(["point", "policy"])
    assert two.loc[(0, "b"), "diff"] == 1.5 and two.loc[(1, "b"), "diff"] == 4.0
    assert math.isnan(two.loc[(0, "a"), "diff"]) and two.loc[(1, "b"), "x.k"] == 2.0
    one = summarise(runs[runs["policy"] == "b"], ["x.k"], ["profit"]).set_index("point")
    assert one.loc[1, "diff"] == pytest.approx(0.5) and one.loc[1, "versus"] == "point 0"
    assert one.loc[1, "diff_ci_low"] < 0.5 < one.loc[1, "diff_ci_high"]


def test_a_spec_naming_a_moved_key_sweeps_it_under_its_new_name():
    from servicesim.params.config import DeprecatedKeyWarning

    with pytest.warns(DeprecatedKeyWarning, match="parameters.scenario.refusal_coldness"):
        spec = spec_from_dict({"parameters": {"scenario.refusal_coldness": [0.2, 0.4]}})
    assert spec.parameters == {"behaviour.refusal_coldness": [0.2, 0.4]}
    tasks = spec_tasks(spec)
    assert [t["params"] for t in tasks] == [
        {"behaviour.refusal_coldness": 0.2},
        {"behaviour.refusal_coldness": 0.4},
    ]
    assert "refusal_coldness = 0.4" in tasks[1]["config"]
