"""The Python API: real signatures, the same results as the experiments it calls, overrides as a
dict, errors named as Python names them (never a command-line flag), warnings as warnings, and an
import that loads no numba."""

from __future__ import annotations

import inspect
import os
import pydoc
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import servicesim
from servicesim import InputError, SmallCentreWarning
from servicesim.core.metrics import SUMMARY

# tiny firms have one or two staff: each run warns so (tested below), which is beside the point
pytestmark = pytest.mark.filterwarnings("ignore::servicesim.errors.SmallCentreWarning")

TINY = {"customers": 2000, "days": 20, "warmup_days": 0}
#: what a call that should fail would run if it did not (small, in case)
FAST = {"customers": 2000, "days": 5, "warmup_days": 0}


def test_importing_servicesim_loads_no_numba_and_runs_nothing():
    code = (
        "import sys, servicesim; "
        "print(sorted(m for m in ('numba', 'numpy', 'pandas', 'pydantic') if m in sys.modules))"
    )
    src = str(Path(servicesim.__file__).resolve().parents[1])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([src, os.environ.get("PYTHONPATH", "")])}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert out.stdout.strip() == "[]", out.stdout + out.stderr


def test_every_public_name_exists_and_is_documented():
    assert len(set(servicesim.__all__)) == len(servicesim.__all__)
    for name in servicesim.__all__:
        obj = getattr(servicesim, name)
        if name == "__version__":
            assert isinstance(obj, str) and obj.count(".") == 2
            continue
        assert inspect.getdoc(obj) and obj.__doc__, f"servicesim.{name} has no docstring"
    assert set(servicesim.__all__) <= set(dir(servicesim))
    assert issubclass(InputError, ValueError) and issubclass(SmallCentreWarning, UserWarning)
    assert servicesim.RunResult.__module__ == "servicesim.experiments.simulate"
    with pytest.raises(AttributeError):
        servicesim.no_such_name  # noqa: B018


def test_help_shows_the_real_signatures():
    run = inspect.signature(servicesim.run)
    options = ["customers", "days", "seed", "warmup_days", "switch_at", "switch_from"]
    for name in [*options, "sets", "overrides", "out"]:
        assert run.parameters[name].kind is inspect.Parameter.KEYWORD_ONLY
        assert run.parameters[name].default is None
    assert run.parameters["warmup_days"].annotation == int | None  # a type, not a string
    assert list(run.parameters)[:2] == ["policy", "scenario"]
    compare = inspect.signature(servicesim.compare)
    assert compare.parameters["policies"].kind is inspect.Parameter.VAR_POSITIONAL
    assert {"reps", "seed", "workers", "crn", "out", *options} <= set(compare.parameters)
    assert {"reps", "workers", "scheduler", "out", "resume"} <= set(
        inspect.signature(servicesim.sweep).parameters
    )
    assert {"permutations", "metrics", "out", "resume"} <= set(
        inspect.signature(servicesim.decompose).parameters
    )
    text = pydoc.render_doc(servicesim.run, renderer=pydoc.plaintext)
    assert "warmup_days: int | None = None" in text and "Parameters" in text


def test_run_returns_the_summary_and_the_daily_series(tmp_path):
    result = servicesim.run("rule_bound", seed=3, out=tmp_path / "one", **TINY)
    assert set(SUMMARY) <= set(result.summary)
    assert isinstance(result.timeseries, pd.DataFrame) and len(result.timeseries) == TINY["days"]
    assert (result.config.run.customers, result.config.run.warmup_days) == (2000, 0)
    assert (tmp_path / "one" / "summary.json").is_file()
    switched = servicesim.run(switch_at=5, switch_from="rule_bound", **TINY)
    assert (switched.config.run.switch_at, switched.config.switch_from_name) == (5, "rule_bound")
    again = servicesim.run("rule_bound", seed=3, **TINY)
    np.testing.assert_equal(again.summary, result.summary)  # the same seed, the same run


def test_overrides_with_numpy_values_equal_the_same_sets():
    by_dict = servicesim.run(
        "empowered",
        overrides={
            "policy.discretion_cap": np.float64(50),
            "scenario.revenue_per_customer_per_year": np.int64(3000),
            "policy.standards_anchored": np.bool_(True),
        },
        **TINY,
    )
    by_sets = servicesim.run(
        "empowered",
        sets=[
            "policy.discretion_cap=50",
            "scenario.revenue_per_customer_per_year=3000",
            "policy.standards_anchored=true",
        ],
        **TINY,
    )
    assert by_dict.config.policy.discretion_cap == 50.0
    assert by_dict.config.scenario.revenue_per_customer_per_year == 3000.0
    assert by_dict.config == by_sets.config
    np.testing.assert_equal(by_dict.summary, by_sets.summary)  # NaN equals NaN here
    default = servicesim.run("empowered", **TINY)
    assert default.config.policy.discretion_cap != 50.0  # the override did something
    # the dict is applied after the strings
    both = servicesim.run(
        sets=["policy.discretion_cap=10"], overrides={"policy.discretion_cap": 20}, **FAST
    )
    assert both.config.policy.discretion_cap == 20.0


@pytest.mark.parametrize(
    ("call", "named"),
    [
        (
            lambda: servicesim.run(**FAST, overrides={"policy.discretion_capp": 50}),
            "discretion_capp",
        ),
        (
            lambda: servicesim.run(**FAST, overrides={"polcy.discretion_cap": 50}),
            "polcy.discretion_cap",
        ),
        (lambda: servicesim.run(**FAST, overrides={"policy.discretion_cap": -5}), "discretion_cap"),
        (
            lambda: servicesim.run(**FAST, overrides={"policy.discretion_cap": [5]}),
            "discretion_cap",
        ),
        (lambda: servicesim.run(**FAST, sets=["policy.empowerment"]), "sets"),
        (lambda: servicesim.run(**FAST, sets="policy.empowerment=1"), "sets"),
        (lambda: servicesim.run("nope", **FAST), "policy"),
        (lambda: servicesim.run(scenario="/no/such/file.toml", **FAST), "scenario"),
        (lambda: servicesim.run(customers=10), "run.customers"),
        (lambda: servicesim.run(switch_at=5, **FAST), "switch_at"),
        (lambda: servicesim.run(switch_from="rule_bound", **FAST), "switch_from"),
        (
            lambda: servicesim.run(customers=2000, days=10, switch_at=20, switch_from="rule_bound"),
            "switch_at",
        ),
        (lambda: servicesim.compare("rule_bound", "nope", **FAST), "policies"),
        (lambda: servicesim.compare("rule_bound", "empowered", reps=0), "reps"),
        (lambda: servicesim.compare("rule_bound", "empowered", workers=0), "workers"),
        (lambda: servicesim.decompose("rule_bound", "empowerd", **FAST), "b"),
        (
            lambda: servicesim.decompose("rule_bound", "empowered", permutations=1, **FAST),
            "permutations",
        ),
        (lambda: servicesim.decompose("rule_bound", "empowered", resume=True, **FAST), "resume"),
        (lambda: servicesim.sweep({"polices": ["empowered"]}), "polices"),
        (lambda: servicesim.sweep({}, reps=0), "reps"),
        (lambda: servicesim.replicate_seeds(-1, 2), "seed"),
    ],
)
def test_bad_input_is_an_input_error_named_without_flags(call, named):
    with pytest.raises(InputError) as info:
        call()
    message = str(info.value)
    assert named in message and "--" not in message, message


def test_compare_gives_the_paired_differences_of_the_experiment_it_calls(tmp_path):
    from servicesim.experiments.compare import compare

    api = servicesim.compare("rule_bound", "empowered", reps=2, seed=4, out=tmp_path / "c", **TINY)
    direct = compare(
        ["rule_bound", "empowered"], "default", 2, 4, True, 2000, 20, [], warmup_days=0
    )
    pd.testing.assert_frame_equal(api.table, direct.table)
    pd.testing.assert_frame_equal(api.runs, direct.runs)
    diffs = api.table.dropna(subset=["diff"])
    assert set(diffs["policy"]) == {"empowered"} and diffs["diff"].abs().sum() > 0
    assert list(api.levels()["policy"].unique()) == ["rule_bound", "empowered"]
    assert (tmp_path / "c" / "comparison.csv").is_file()
    listed = servicesim.compare(["rule_bound", "empowered"], reps=2, seed=4, **TINY)
    pd.testing.assert_frame_equal(listed.table, api.table)


def test_sweep_takes_a_dict_spec_with_numpy_values_and_keeps_no_folder():
    spec = {
        "policies": ["rule_bound", "empowered"],
        "replicates": np.int64(2),
        "warmup_days": 0,
        "parameters": {"scenario.revenue_per_customer_per_year": np.array([600.0, 1800.0])},
    }
    result = servicesim.sweep(spec, customers=2000, days=20)
    assert len(result.runs) == 2 * 2 * 2 and result.failed == 0 and result.path is None
    assert set(result.summary["scenario.revenue_per_customer_per_year"]) == {600.0, 1800.0}
    assert set(result.summary["metric"]) == set(result.spec.outcomes)


def test_decompose_splits_the_gap_among_the_levers():
    result = servicesim.decompose(
        "rule_bound", "empowered", reps=1, permutations=2, metrics=["profit"], **TINY
    )
    shapley = result.table.loc[result.table["metric"] == "profit", "shapley"]
    assert shapley.sum() == pytest.approx(result.gap["profit"], abs=1e-6)
    assert not result.exact and len(result.levers) > 8


def test_robustness_counts_the_worlds_b_wins_as_its_own_run_table_does(tmp_path):
    result = servicesim.robustness(
        "rule_bound",
        "empowered",
        samples=2,
        halved_samples=0,
        reps=1,
        customers=2000,
        days=20,
        warmup_days=20,
        out=tmp_path / "rob",
    )
    assert result.result["kind"] == "robustness" and result.path == tmp_path / "rob"
    assert set(result.outcomes["metric"]) >= {"profit", "retention_rate"}
    assert result.result["assumptions"] >= 40
    head = result.runs[result.runs["in_headline"]]
    profit = next(o for o in result.result["outcomes"] if o["metric"] == "profit")
    if profit["worlds"]:
        m = head.pivot_table(index="sample", columns="policy", values="profit")
        share = float((m["empowered"] - m["rule_bound"] > 0).mean())
        assert profit["p_b_better"] == pytest.approx(share)
    with pytest.raises(InputError, match="samples") as err:
        servicesim.robustness("rule_bound", "empowered", samples=1, **FAST)
    assert "--" not in str(err.value)
    with pytest.raises(InputError, match="^b: ") as err:
        servicesim.robustness("rule_bound", "rule_bound", samples=2, **FAST)
    assert "--" not in str(err.value)


def test_replicate_seeds_are_reproducible_plain_ints():
    from servicesim.core import rng

    seeds = servicesim.replicate_seeds(np.int64(5), 3)
    assert seeds == servicesim.replicate_seeds(5, 3) == rng.replicate_seeds(5, 3)
    assert len(set(seeds)) == 3 and all(type(s) is int for s in seeds)
    assert servicesim.replicate_seeds(6, 3) != seeds


def test_compile_kernels_replaces_warm_up_which_still_works_with_a_warning():
    from servicesim.experiments import simulate

    assert servicesim.compile_kernels() >= 0.0
    with pytest.warns(DeprecationWarning, match="compile_kernels"):
        assert simulate.warm_up() >= 0.0


def test_a_small_centre_warns_as_python_does_and_a_large_one_does_not():
    with pytest.warns(SmallCentreWarning, match=r"only \d+ frontline staff") as caught:
        servicesim.run(customers=2000, days=1, warmup_days=0)
    message = str(caught[0].message)
    assert "customers=70000" in message and "--" not in message
    assert caught[0].filename == __file__  # the warning points at the caller's line
    from servicesim.experiments.simulate import small_centre_warnings
    from servicesim.params.config import resolve

    assert small_centre_warnings(resolve(customers=70_000)) == []
