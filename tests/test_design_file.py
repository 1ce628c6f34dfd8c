"""A sweep runs explicit design points from a CSV or Parquet file (``design = "file"``): the same
runs as the equivalent list sweep, EMA Workbench's column names and table, errors named."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from servicesim.errors import InputError
from servicesim.experiments.spec import design_points, load_spec, spec_from_dict
from servicesim.experiments.tasks import spec_tasks

HEAD = """
policies = ["rule_bound", "empowered"]
replicates = 2
seed = 5
customers = 2000
days = 10
warmup_days = 5
"""


def _cli(argv: list[str]) -> int:
    import servicesim.cli.experiments  # noqa: F401  registers sweep
    from servicesim.cli import main

    return main(argv)


def test_a_file_design_runs_the_same_runs_as_the_list_it_writes_out(tmp_path):
    values = [0.4, 0.9]
    pd.DataFrame({"scenario.rule_coverage": values}).to_csv(tmp_path / "points.csv", index=False)
    (tmp_path / "file.toml").write_text(
        HEAD + 'design = "file"\npoints = "points.csv"\n[parameters]\n"policy.recognition" = 0.2\n'
    )
    (tmp_path / "list.toml").write_text(
        HEAD + f'[parameters]\n"scenario.rule_coverage" = {values}\n"policy.recognition" = 0.2\n'
    )
    by_file = spec_tasks(load_spec(tmp_path / "file.toml"))  # points.csv beside the spec
    by_list = spec_tasks(load_spec(tmp_path / "list.toml"))
    assert [t["run_id"] for t in by_file] == [t["run_id"] for t in by_list]


def test_ema_names_types_and_an_ema_experiments_table(tmp_path):
    table = pd.DataFrame(
        {
            "scenario__rule_coverage": [0.3, 0.9],
            "policy.discretion_cap": [50, 200],
            "policy__outsourced": [True, False],
            "scenario": [0, 1],  # EMA's own columns, all three: left out
            "policy": ["None", "None"],
            "model": ["servicesim", "servicesim"],
        }
    )
    table.to_parquet(tmp_path / "design.parquet")
    spec = spec_from_dict({"design": "file", "points": str(tmp_path / "design.parquet")})
    assert design_points(spec) == [
        {"scenario.rule_coverage": 0.3, "policy.discretion_cap": 50.0, "policy.outsourced": True},
        {"scenario.rule_coverage": 0.9, "policy.discretion_cap": 200.0, "policy.outsourced": False},
    ]
    shrunk = spec.model_copy(update={"days": 3})  # --days on a file design keeps its points
    assert design_points(shrunk) == design_points(spec)


@pytest.mark.parametrize(
    ("spec", "table", "match"),
    [
        ({"design": "file"}, None, "design: got 'file'"),
        ({"points": "p.csv"}, None, "points: got 'p.csv'; allowed: design = \"file\""),
        ({"design": "file", "points": "missing.csv"}, None, "no such file"),
        (
            {"design": "file", "points": "p.csv", "samples": 4},
            {"policy.empowerment": [1]},
            "samples",
        ),
        (
            {"design": "file", "points": "p.csv", "parameters": {"policy.empowerment": [0, 1]}},
            {"scenario.rule_coverage": [0.5]},
            "with design = file, the file's columns are swept",
        ),
        (
            {"design": "file", "points": "p.csv", "parameters": {"policy.empowerment": 1}},
            {"policy.empowerment": [0.5]},
            "not a column of the points file",
        ),
        ({"design": "file", "points": "p.csv"}, {"scenario.rule_coverag": [0.5]}, "rule_coverage"),
        ({"design": "file", "points": "p.csv"}, {"policy": [1]}, "column policy"),
        (
            {"design": "file", "points": "p.csv"},
            {"policy.staffing_lookback_days": [7.5]},
            "row 1, column policy.staffing_lookback_days: got 7.5; allowed: a whole number",
        ),
        (
            {"design": "file", "points": "p.csv"},
            {"scenario.rule_coverage": [0.5, None]},
            "row 2, column scenario.rule_coverage: got nan",
        ),
    ],
)
def test_bad_design_files_are_named(tmp_path, monkeypatch, spec, table, match):
    monkeypatch.chdir(tmp_path)
    if table is not None:
        pd.DataFrame(table).to_csv("p.csv", index=False)
    with pytest.raises(InputError, match=match):
        spec_from_dict(spec)


def test_a_value_out_of_bounds_stops_the_sweep_before_it_runs(tmp_path):
    pd.DataFrame({"scenario.rule_coverage": [0.5, 1.5]}).to_csv(tmp_path / "p.csv", index=False)
    spec = spec_from_dict({"design": "file", "points": str(tmp_path / "p.csv")})
    with pytest.raises(InputError, match="scenario.rule_coverage: got 1.5"):
        spec_tasks(spec)


def test_servicesim_sweep_runs_a_design_file(tmp_path, capsys, compiled):
    pd.DataFrame({"scenario.rule_coverage": [0.4, 0.9], "policy.outsourced": [False, True]}).to_csv(
        tmp_path / "points.csv", index=False
    )
    (tmp_path / "spec.toml").write_text(HEAD + 'design = "file"\npoints = "points.csv"\n')
    out = tmp_path / "out"
    assert _cli(["sweep", str(tmp_path / "spec.toml"), "--workers", "1", "--out", str(out)]) == 0
    runs = pd.read_parquet(out / "runs.parquet")
    assert (runs["status"] == "ok").all() and len(runs) == 2 * 2 * 2
    points = runs.drop_duplicates("point").set_index("point")
    assert points["scenario.rule_coverage"].tolist() == [0.4, 0.9]
    assert points["policy.outsourced"].tolist() == [False, True]
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["swept"] == ["scenario.rule_coverage", "policy.outsourced"]
    assert manifest["spec"]["design"] == "file"


def test_sensitivity_draws_its_own_design(tmp_path):
    from servicesim.experiments.sensitivity import factors

    pd.DataFrame({"policy.empowerment": [0.2, 0.8]}).to_csv(tmp_path / "p.csv", index=False)
    spec = spec_from_dict({"design": "file", "points": str(tmp_path / "p.csv")})
    with pytest.raises(InputError, match="SALib draws its own design"):
        factors(spec)
