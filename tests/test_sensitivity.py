"""Sensitivity analysis (SALib) and scenario discovery (PRIM): known answers, then the commands."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from servicesim.errors import InputError
from servicesim.experiments.discover import choose, discover, peel, relax
from servicesim.experiments.sensitivity import analyse, outcome_values, unit_design
from servicesim.experiments.spec import spec_from_dict

RANGES = {
    "policy.empowerment": {"low": 0.0, "high": 1.0},
    "scenario.margin": {"low": 0.1, "high": 0.5},
    "scenario.rule_coverage": [0.4, 0.7, 0.9],
}


def _cli(argv: list[str]) -> int:
    import servicesim.cli.experiments  # noqa: F401  registers sensitivity, discover
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


# --- scenario discovery ---------------------------------------------------------------------------


def test_prim_finds_a_planted_box():
    rng = np.random.default_rng(0)
    x = rng.random((600, 3))
    y = ((x[:, 0] < 0.4) & (x[:, 1] > 0.5)).astype(float)
    names = ["a", "b", "c"]
    traj = peel(x, y, y, names, int(y.sum()), alpha=0.05, min_mass=0.02)
    box = relax(choose(traj, min_coverage=0.8), x, y, y, names, int(y.sum()), len(y))
    assert box.density > 0.9 and box.coverage >= 0.8
    assert set(box.limits) == {"a", "b"}  # c is never restricted
    a_lo, a_hi = box.limits["a"]
    b_lo, b_hi = box.limits["b"]
    assert a_lo == -np.inf and a_hi == pytest.approx(0.4, abs=0.05)
    assert b_lo == pytest.approx(0.5, abs=0.05) and b_hi == np.inf
    assert [b.mass for b in traj] == sorted((b.mass for b in traj), reverse=True)


def _sweep_folder(path, diff):
    """A hand-made sweep folder: a 4 x 4 grid, two policies, two replicates."""
    rows, point = [], 0
    for cov in (0.2, 0.4, 0.6, 0.8):
        for rev in (200.0, 600.0, 1500.0, 3000.0):
            for rep in range(2):
                for pol, profit in (
                    ("rule_bound", 0.0),
                    ("empowered", diff(cov, rev) + (rep - 0.5)),
                ):
                    rows.append(
                        {
                            "run_id": f"{point}{pol}{rep}",
                            "point": point,
                            "policy": pol,
                            "replicate": rep,
                            "seed": rep,
                            "status": "ok",
                            "scenario.rule_coverage": cov,
                            "scenario.revenue_per_customer_per_year": rev,
                            "profit": profit,
                        }
                    )
            point += 1
    path.mkdir()
    pd.DataFrame(rows).to_parquet(path / "runs.parquet")
    swept = ["scenario.rule_coverage", "scenario.revenue_per_customer_per_year"]
    (path / "manifest.json").write_text(json.dumps({"kind": "sweep", "swept": swept, "runs": {}}))
    return path


def test_discover_reads_a_sweep_and_names_the_conditions(tmp_path, capsys):
    # empowerment pays where the rules cover little and customers are worth a lot
    folder = _sweep_folder(
        tmp_path / "sw", lambda cov, rev: 10.0 if (cov <= 0.4 and rev >= 1500) else -10.0
    )
    found = discover(folder, "profit_diff", alpha=0.2)
    box = found.boxes[0]
    assert box.limits == {
        "scenario.rule_coverage": (-np.inf, 0.4),
        "scenario.revenue_per_customer_per_year": (1500.0, np.inf),
    }
    assert (box.coverage, box.density, box.n) == (1.0, 1.0, 4)
    assert found.share == pytest.approx(4 / 16)
    assert _cli(["discover", str(folder), "--outcome", "profit_diff", "--alpha", "0.2"]) == 0
    out = capsys.readouterr().out
    assert (
        "scenario.rule_coverage <= 0.4 and scenario.revenue_per_customer_per_year >= 1500" in out
        and "coverage 1.00" in out
        and "density 1.00" in out
    )
    assert json.loads((folder / "discover_profit_diff.json").read_text())["boxes"][0]["n"] == 4
    assert _cli(["discover", str(folder), "--outcome", "proft_diff"]) == 2
    assert "did you mean 'profit'" in capsys.readouterr().err
    with pytest.raises(InputError, match="--policy"):
        discover(folder, "profit")  # two policies: say which
