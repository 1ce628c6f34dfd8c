"""servicesim in the EMA Workbench (``servicesim.ema``): parameters from the registry, replications
from ``replicate_seeds``, paired differences under common random numbers, failed runs recorded
as failed experiments, a process pool forked after a run, and EMA's results read back by
``discover``, ``plot``, ``report`` and a sweep's design file. Tiny runs: 2,000 customers."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import textwrap
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import servicesim
from servicesim import ema
from servicesim.errors import InputError
from servicesim.experiments.keys import choices, field_row
from servicesim.experiments.workbench import quiet

TINY = {"customers": 2000, "days": 20, "warmup_days": 5}
UNCERTAIN = ["scenario.rule_coverage", "behaviour.refusal_coldness"]
ROOT = Path(__file__).resolve().parents[1]


def _model(**kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", servicesim.SmallCentreWarning)
        args = {"policy": "empowered", "replications": 2, "seed": 3, **TINY, **kw}
        return ema.replicator_model(**args)


def _run(policy, seed, overrides):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", servicesim.SmallCentreWarning)
        return servicesim.run(policy, seed=seed, overrides=overrides, **TINY).summary


def _env() -> dict[str, str]:
    """The environment for a child Python: this checkout's sources first."""
    path = os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])
    return {**os.environ, "PYTHONPATH": path}


def _cli(argv: list[str]) -> int:
    import servicesim.cli.experiments  # noqa: F401  registers discover, sweep, plot, report
    from servicesim.cli import main

    return main(argv)


def test_parameters_names_ranges_and_scales_come_from_the_registry():
    model = _model(
        uncertainties=[
            "scenario.rule_coverage",
            "scenario.revenue_per_customer_per_year",  # 200..3000: a log scale
            "scenario.patience_dist",  # text with fixed values: categorical
            "policy.staffing_lookback_days",  # an integer
        ],
        levers={"policy.empowerment": {"low": 0.2, "high": 0.9}, "policy.outsourced": None},
        outcomes=["profit"],
    )
    u = {p.name: p for p in model.uncertainties}
    assert list(u) == [
        "scenario__rule_coverage",
        "scenario__revenue_per_customer_per_year",
        "scenario__patience_dist",
        "policy__staffing_lookback_days",
    ]
    cov = field_row("scenario.rule_coverage")
    assert (u["scenario__rule_coverage"].lower_bound, u["scenario__rule_coverage"].upper_bound) == (
        cov["low"],
        cov["high"],
    )
    assert u["scenario__rule_coverage"].dist.dist.name == "uniform"
    assert u["scenario__revenue_per_customer_per_year"].dist.dist.name == "loguniform"
    assert [c.value for c in u["scenario__patience_dist"].categories] == choices(
        "scenario.patience_dist"
    )
    assert "lognormal" in choices("scenario.patience_dist")
    assert type(u["policy__staffing_lookback_days"]).__name__ == "IntegerParameter"
    lev = {p.name: p for p in model.levers}
    assert (lev["policy__empowerment"].lower_bound, lev["policy__empowerment"].upper_bound) == (
        0.2,
        0.9,
    )
    assert type(lev["policy__outsourced"]).__name__ == "BooleanParameter"
    assert [r["seed"] for r in model.replications] == servicesim.replicate_seeds(3, 2)
    assert [o.name for o in model.outcomes] == ["profit", "failed"]
    assert ema.parameter_key("scenario__rule_coverage") == "scenario.rule_coverage"


@pytest.mark.parametrize(
    ("kw", "match"),
    [
        ({"levers": ["policy"]}, "EMA Workbench keeps policy, scenario and model"),
        ({"uncertainties": ["scenario.rule_coverag"]}, "did you mean 'rule_coverage'"),
        ({"uncertainties": {"scenario.rule_coverage": {"low": 0.5, "high": 1.5}}}, "got 1.5"),
        ({"uncertainties": {"scenario.rule_coverage": [0.5]}}, "two or more distinct values"),
        ({"levers": ["scenario.margin"], "baseline": "rule_bound"}, "policy.KEY levers"),
        ({"uncertainties": UNCERTAIN, "levers": UNCERTAIN[:1]}, "not also an uncertainty"),
        ({"outcomes": ["proft"]}, "did you mean 'profit'"),
        ({"replications": 0}, "replications"),
        ({"policy": "empowerd"}, "empowered"),
        ({"name": "service sim"}, "Python identifier"),
    ],
)
def test_bad_models_are_named_before_anything_runs(kw, match):
    with pytest.raises(InputError, match=match):
        _model(**kw)


def test_a_replication_is_servicesim_run_and_the_difference_is_paired(compiled):
    model = _model(uncertainties=UNCERTAIN, baseline="rule_bound", outcomes=["profit"])
    seed = model.replications[1]["seed"]
    values = {"scenario__rule_coverage": np.float64(0.6), "behaviour__refusal_coldness": 0.4}
    out = model.function(seed=seed, **values)
    keys = {"scenario.rule_coverage": 0.6, "behaviour.refusal_coldness": 0.4}
    b, a = _run("empowered", seed, keys)["profit"], _run("rule_bound", seed, keys)["profit"]
    assert out == {"profit": b, "profit_diff": b - a, "failed": 0.0}


def _design(wb):
    samples = [
        wb.Sample(scenario__rule_coverage=c, behaviour__refusal_coldness=r)
        for c, r in ((0.4, 0.3), (0.9, 0.7), (1.5, 0.5), (0.6, 0.5))  # 1.5: out of bounds
    ]
    return samples


@pytest.fixture(scope="module")
def sequential(compiled):
    model = _model(uncertainties=UNCERTAIN, baseline="rule_bound")
    wb = ema.workbench()
    with quiet():
        experiments, outcomes = wb.perform_experiments(
            model, scenarios=_design(wb), evaluator=wb.SequentialEvaluator(model)
        )
    return model, experiments, outcomes


def test_a_run_that_fails_is_a_failed_experiment_and_the_batch_goes_on(sequential):
    _, experiments, outcomes = sequential
    assert experiments["scenario__rule_coverage"].tolist() == [0.4, 0.9, 1.5, 0.6]
    assert outcomes["profit"].shape == (4, 2) and outcomes["profit_diff"].shape == (4, 2)
    assert outcomes["failed"].tolist() == [[0, 0], [0, 0], [1, 1], [0, 0]]
    assert (
        np.isnan(outcomes["profit"][2]).all() and np.isfinite(outcomes["profit"][[0, 1, 3]]).all()
    )


def test_the_process_pool_forked_after_a_run_does_not_hang_and_agrees(sequential, tmp_path):
    """EMA's MultiprocessingEvaluator forks its workers (Linux); the parent has run a simulation
    large enough for the parallel daily pass first. Run in a child process with a timeout."""
    script = tmp_path / "pool.py"
    script.write_text(
        textwrap.dedent(
            f"""
            import multiprocessing, sys, warnings
            warnings.simplefilter("error")
            multiprocessing.set_start_method("fork")  # the case under test (Linux's default)
            import numpy as np, servicesim
            from servicesim import ema
            sys.path.insert(0, {str(Path(__file__).parent)!r})
            from test_ema import _design, _model

            servicesim.run("empowered", customers=70_000, days=3, warmup_days=0)
            model = _model(uncertainties={UNCERTAIN!r}, baseline="rule_bound", threads=1)
            wb = ema.workbench()
            with ema.quiet(), wb.MultiprocessingEvaluator(model, n_processes=2) as pool:
                experiments, outcomes = pool.perform_experiments(scenarios=_design(wb))
            np.savez(sys.argv[1], **{{k: np.asarray(v) for k, v in outcomes.items()}})
            """
        )
    )
    out = tmp_path / "outcomes.npz"
    proc = subprocess.run(
        [sys.executable, str(script), str(out)],
        capture_output=True,
        text=True,
        timeout=300,  # a hung pool fails the test instead of hanging the suite
        cwd=ROOT,
        env=_env(),
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    pooled = np.load(out)
    _, _, outcomes = sequential
    for name in ("profit", "profit_diff", "failed"):
        np.testing.assert_array_equal(pooled[name], outcomes[name])


def test_ema_results_are_a_sweep_folder_for_discover_and_plot(sequential, tmp_path, capsys):
    model, experiments, outcomes = sequential
    folder = ema.to_sweep_folder(experiments, outcomes, tmp_path / "sw", model)
    runs = pd.read_parquet(folder / "runs.parquet")
    assert len(runs) == 4 * 2 * 2 and set(runs["policy"]) == {"rule_bound", "empowered"}
    assert runs["seed"].dropna().astype(int).unique().tolist() == servicesim.replicate_seeds(3, 2)
    assert (runs["status"] == "failed").sum() == 4  # experiment 2, both policies, both seeds
    head = json.loads((folder / "manifest.json").read_text())
    assert head["kind"] == "sweep" and head["swept"] == UNCERTAIN
    assert head["policies"] == ["rule_bound", "empowered"]
    # the baseline's rows are its own runs (policy minus the paired difference)
    row = runs[(runs["point"] == 1) & (runs["replicate"] == 0)].set_index("policy")
    direct = _run(
        "rule_bound",
        int(row.loc["rule_bound", "seed"]),
        dict(zip(UNCERTAIN, (0.9, 0.7), strict=True)),
    )
    assert row.loc["rule_bound", "profit"] == pytest.approx(direct["profit"], rel=1e-12)
    assert _cli(["discover", str(folder), "--outcome", "profit_diff", "--threshold", "-1e9"]) == 0
    assert "at 3 of 3 design points" in capsys.readouterr().out
    assert _cli(["plot", str(folder), "--kind", "frontier"]) == 0
    with pytest.raises(InputError, match="already holds results"):
        ema.to_sweep_folder(experiments, outcomes, folder, model)


def test_one_experiment_is_a_compare_folder_for_report(sequential, tmp_path):
    model, experiments, outcomes = sequential
    folder = ema.to_compare_folder(experiments, outcomes, tmp_path / "cmp", model, experiment=1)
    assert _cli(["report", str(folder)]) == 0
    html = (folder / "report.html").read_text()
    assert "rule_bound vs empowered" in html
    head = json.loads((folder / "manifest.json").read_text())
    assert "scenario.rule_coverage=0.9" in head["sets"]
    with pytest.raises(InputError, match="succeeded"):
        ema.to_compare_folder(experiments, outcomes, tmp_path / "bad", model, experiment=2)


def test_an_ema_design_runs_as_a_sweep_design_file_with_the_same_results(sequential, tmp_path):
    _, experiments, outcomes = sequential
    ok = experiments.drop(index=2)  # the out-of-bounds point would stop the sweep
    ok.to_csv(tmp_path / "design.csv", index=False)  # EMA's own columns included
    spec = {"design": "file", "points": str(tmp_path / "design.csv"), "replicates": 2, "seed": 3}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", servicesim.SmallCentreWarning)
        swept = servicesim.sweep({**spec, **TINY, "policies": ["empowered"]})
    profit = swept.runs.pivot_table(index="point", columns="replicate", values="profit")
    np.testing.assert_array_equal(profit.to_numpy(), outcomes["profit"][[0, 1, 3]])


def test_means_over_replications_as_scalar_outcomes_with_directions(compiled):
    model = _model(
        uncertainties=UNCERTAIN[:1], outcomes=["profit", "mean_wait_s"], per_replicate=False
    )
    kinds = {o.name: o.kind for o in model.outcomes}
    wb = ema.workbench()
    assert kinds == {
        "profit_mean": wb.ScalarOutcome.MAXIMIZE,
        "mean_wait_s_mean": wb.ScalarOutcome.MINIMIZE,
        "failed_mean": wb.ScalarOutcome.INFO,
    }
    with quiet():
        _, outcomes = wb.perform_experiments(
            model, scenarios=[wb.Sample(scenario__rule_coverage=0.5)]
        )
    seeds = [r["seed"] for r in model.replications]
    runs = [_run("empowered", s, {"scenario.rule_coverage": 0.5})["profit"] for s in seeds]
    assert math.isclose(outcomes["profit_mean"][0], sum(runs) / 2, rel_tol=1e-12)


def test_the_example_in_docs_ema_md_runs_as_written(tmp_path, capsys):
    """docs/ema.md's Python blocks, in order, in a fresh process (its pool forks): they must
    finish, and the folder they write must be one discover and plot read."""
    import re

    blocks = re.findall(r"```python\n(.*?)```", (ROOT / "docs" / "ema.md").read_text(), re.S)
    script = tmp_path / "example.py"
    script.write_text("import warnings\nwarnings.simplefilter('error')\n" + "\n".join(blocks))
    proc = subprocess.run(
        [sys.executable, str(script)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
        env=_env(),
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    folder = tmp_path / "results" / "ema_example"
    assert _cli(["discover", str(folder), "--outcome", "profit_diff", "--resamples", "2"]) == 0
    assert _cli(["plot", str(folder)]) == 0
    assert (folder / "figures" / "frontier.png").is_file()


def test_a_folder_of_fewer_outcomes_draws_only_what_they_allow(compiled, tmp_path, capsys):
    model = _model(uncertainties=UNCERTAIN[:1], outcomes=["profit"], name="few")
    wb = ema.workbench()
    scenarios = [wb.Sample(scenario__rule_coverage=c) for c in (0.4, 0.8)]
    with quiet():
        experiments, outcomes = wb.perform_experiments(model, scenarios=scenarios)
    folder = ema.to_sweep_folder(experiments, outcomes, tmp_path / "few", model)
    assert pd.read_parquet(folder / "runs.parquet")["cost_total"].isna().all()
    assert _cli(["plot", str(folder)]) == 0
    assert "no figure fits" in capsys.readouterr().err
    assert _cli(["plot", str(folder), "--kind", "frontier"]) == 2
