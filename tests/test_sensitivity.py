"""Sensitivity analysis (SALib): known answers, then the command (discovery: test_discover.py)."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from servicesim.errors import InputError
from servicesim.experiments.sensitivity import analyse, outcome_values, unit_design
from servicesim.experiments.spec import spec_from_dict

RANGES = {
    "policy.empowerment": {"low": 0.0, "high": 1.0},
    "scenario.margin": {"low": 0.1, "high": 0.5},
    "scenario.rule_coverage": [0.4, 0.7, 0.9],
}


def _cli(argv: list[str]) -> int:
    import servicesim.cli.experiments  # noqa: F401  registers sensitivity
    from servicesim.cli import main

    return main(argv)


def _spec(**kw):
    return spec_from_dict(
        {"policies": ["empowered"], "customers": 2000, "days": 20, "parameters": RANGES, **kw}
    )


def test_sobol_indices_rank_a_known_linear_function():
    unit = unit_design(_spec(), "sobol", 256)
    assert unit.shape == (256 * (3 + 2), 3) and unit.min() >= 0 and unit.max() <= 1
    y = 10.0 * unit[:, 0] + 1.0 * unit[:, 1]  # third factor inert; S1 = 100/101 and 1/101
    table, skipped = analyse(list(RANGES), "sobol", unit, {"y": y}, seed=1)
    s1 = table[table["index"] == "S1"].set_index("parameter")
    assert not skipped
    assert s1.loc["policy.empowerment", "value"] == pytest.approx(100 / 101, abs=0.05)
    assert (
        abs(s1.loc["scenario.rule_coverage", "value"])
        <= s1.loc["scenario.rule_coverage", "ci"] + 0.01
    )
    assert set(table.columns) == {"outcome", "parameter", "index", "value", "ci"}


def test_morris_effects_rank_a_known_function_and_constant_outcomes_are_left_out():
    unit = unit_design(_spec(), "morris", 20)
    assert unit.shape == (20 * 4, 3)
    y = 5.0 * unit[:, 0] - 1.0 * unit[:, 2]
    table, skipped = analyse(list(RANGES), "morris", unit, {"y": y, "flat": np.ones(len(y))})
    mu = table[table["index"] == "mu_star"].set_index("parameter")["value"]
    assert mu["policy.empowerment"] == pytest.approx(5.0) and mu[
        "scenario.rule_coverage"
    ] == pytest.approx(1.0)
    assert mu["scenario.margin"] == pytest.approx(0.0, abs=1e-12)
    assert skipped == {"flat": "no variation across the design"}


def test_sensitivity_inputs_are_checked():
    with pytest.raises(InputError, match="power of 2"):
        unit_design(_spec(), "sobol", 100)
    with pytest.raises(InputError) as err:
        unit_design(_spec(), "sobolx", 8)
    assert err.value.hint == "did you mean 'sobol'?"
    with pytest.raises(InputError, match="numeric"):
        unit_design(
            _spec(parameters={"scenario.patience_dist": ["exponential", "lognormal"]}), "morris", 4
        )


def test_outcomes_are_paired_differences_with_two_policies():
    table = pd.DataFrame(
        {
            "point": [0, 0, 0, 0, 1, 1, 1, 1],
            "replicate": [0, 1] * 4,
            "policy": ["a", "a", "b", "b"] * 2,
            "status": "ok",
            "profit": [1.0, 3.0, 4.0, 8.0, 0.0, 0.0, 1.0, 1.0],
        }
    )
    spec = _spec(policies=["rule_bound", "empowered"], outcomes=["profit"])
    got = outcome_values(table, spec, 2)
    assert list(got) == ["profit_diff"]
    np.testing.assert_allclose(got["profit_diff"], [4.0, 1.0])


def test_sensitivity_command_end_to_end_and_resumes(tmp_path, capsys):
    spec = tmp_path / "s.toml"
    spec.write_text(
        'name = "s"\nquestion = "q"\npolicies = ["rule_bound", "empowered"]\ncustomers = 3000\ndays = 180\nwarmup_days = 30\n'
        'outcomes = ["revenue", "retention_rate"]\n[parameters]\n'
        '"scenario.rule_coverage" = {low = 0.3, high = 0.95}\n"scenario.revenue_per_customer_per_year" = [300, 900]\n'
    )
    out = tmp_path / "sens"
    argv = [
        "sensitivity",
        str(spec),
        "--method",
        "morris",
        "--samples",
        "2",
        "--out",
        str(out),
        "--workers",
        "1",
    ]
    assert _cli(argv) == 0
    indices = pd.read_csv(out / "indices.csv")
    assert set(indices["outcome"]) == {"revenue_diff", "retention_rate_diff"}
    assert (
        len(pd.read_parquet(out / "runs.parquet")) == 2 * 3 * 2
    )  # trajectories x (k+1) x policies
    head = json.loads((out / "manifest.json").read_text())
    assert head["kind"] == "sensitivity" and head["method"] == "morris"
    assert (out / "figures" / "sensitivity.png").is_file()
    capsys.readouterr()
    assert _cli([*argv, "--resume", "--json"]) == 0
    again = json.loads(capsys.readouterr().out)
    pd.testing.assert_frame_equal(pd.DataFrame(again["indices"]), indices, check_dtype=False)


def test_an_interval_that_cannot_be_estimated_is_said_so_not_printed_as_zero():
    """One parameter under Morris: every trajectory's effect is the same, the bootstrap gives
    '± 0'; that must come with a warning (several parameters with an exactly linear effect do
    not warn: see the test above)."""
    spec = spec_from_dict(
        {
            "policies": ["empowered"],
            "customers": 2000,
            "days": 20,
            "parameters": {"policy.empowerment": {"low": 0.0, "high": 1.0}},
        }
    )
    unit = unit_design(spec, "morris", 8)
    with pytest.warns(UserWarning, match="cannot be estimated .*one parameter"):
        table, _ = analyse(["policy.empowerment"], "morris", unit, {"y": 3.0 * unit[:, 0]})
    assert table.loc[table["index"] == "mu_star", "ci"].iloc[0] == 0
