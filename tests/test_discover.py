"""Scenario discovery on EMA Workbench's PRIM: planted boxes found, chance boxes flagged by their
quasi-p-values, categorical parameters, stability under resampling and across replicates, the
command's text, JSON and figures, and clean errors on folders it cannot read."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from servicesim.errors import InputError
from servicesim.experiments import prim_boxes as pb
from servicesim.experiments.discover import discover, to_json
from servicesim.experiments.workbench import prim, quiet

SWEPT = ["scenario.rule_coverage", "scenario.revenue_per_customer_per_year", "policy.outsourced"]


def _cli(argv: list[str]) -> int:
    import servicesim.cli.experiments  # noqa: F401  registers discover
    from servicesim.cli import main

    return main(argv)


def _sweep_folder(path, diff, reps=2):
    """A hand-made sweep folder: a 4 x 4 x 2 grid (a boolean among it), two policies;
    ``diff(coverage, revenue, outsourced, replicate)`` is empowered's profit minus rule_bound's."""
    rows, point = [], 0
    for cov in (0.2, 0.4, 0.6, 0.8):
        for rev in (200.0, 600.0, 1500.0, 3000.0):
            for out in (False, True):
                for rep in range(reps):
                    for pol, profit in (
                        ("rule_bound", 0.0),
                        ("empowered", diff(cov, rev, out, rep) + 0.1 * rep),
                    ):
                        rows.append(
                            {
                                "run_id": f"{point}{pol}{rep}",
                                "point": point,
                                "policy": pol,
                                "replicate": rep,
                                "seed": rep,
                                "status": "ok",
                                **dict(zip(SWEPT, (cov, rev, out), strict=True)),
                                "profit": profit,
                            }
                        )
                point += 1
    path.mkdir()
    pd.DataFrame(rows).to_parquet(path / "runs.parquet")
    (path / "manifest.json").write_text(json.dumps({"kind": "sweep", "swept": SWEPT, "runs": {}}))
    return path


def _prim_box(x: pd.DataFrame, y: np.ndarray, min_coverage: float = 0.8):
    with quiet():
        finder = prim().Prim(pb.design_frame(x, list(x.columns)), y, peel_alpha=0.05)
        box = finder.find_box()
    i = pb.choose(box.peeling_trajectory, min_coverage)
    return box, i, pb.limits_of(box.box_lims[i], finder.box_init)


def test_prim_finds_a_planted_box_with_small_quasi_p_values():
    rng = np.random.default_rng(0)
    x = pd.DataFrame(rng.random((600, 3)), columns=["a", "b", "c"])
    y = ((x["a"] < 0.4) & (x["b"] > 0.5)).to_numpy()
    box, i, limits = _prim_box(x, y)
    assert set(limits) == {"a", "b"}  # c is never restricted
    assert limits["a"][0] is None and limits["a"][1] == pytest.approx(0.4, abs=0.05)
    assert limits["b"][0] == pytest.approx(0.5, abs=0.05) and limits["b"][1] is None
    assert box.peeling_trajectory.loc[i, "density"] > 0.9
    assert all(p < 1e-6 for p in pb.quasi_p(box, i, limits).values())
    stable = pb.resampled(x, y, limits, 0.8, {"peel_alpha": 0.05}, 4, seed=1)
    assert stable["resamples"] == 4 and stable["same_dimensions"] >= 0.75


def test_a_box_around_one_lucky_point_is_flagged_by_its_quasi_p_values():
    # the case: one "win" in 128 points; PRIM still draws a box around it
    rng = np.random.default_rng(3)
    x = pd.DataFrame(rng.random((128, 3)), columns=["a", "b", "c"])
    y = np.zeros(128, dtype=bool)
    y[17] = True
    box, i, limits = _prim_box(x, y, min_coverage=0.5)
    assert limits and box.peeling_trajectory.loc[i, "density"] < 0.5
    assert max(pb.quasi_p(box, i, limits).values()) > 0.05


def test_categorical_parameters_are_peeled_as_categories():
    rng = np.random.default_rng(1)
    x = pd.DataFrame(
        {
            "a": rng.random(400),
            "flag": rng.random(400) < 0.5,
            "kind": rng.choice(["exponential", "lognormal", "fixed"], 400),
        }
    )
    y = ((x["a"] > 0.5) & x["flag"] & (x["kind"] != "fixed")).to_numpy()
    box, i, limits = _prim_box(x, y)
    assert limits["flag"] == [True]
    assert limits["kind"] == ["exponential", "lognormal"]
    inside = pb.within(pb.design_frame(x, list(x.columns)), limits)
    assert inside.sum() == box.peeling_trajectory.loc[i, "n"]


def test_discover_reads_a_sweep_and_says_how_far_to_trust_the_box(tmp_path):
    # empowerment pays where the rules cover little and customers are worth a lot; in
    # replicate 1 only at the highest revenue (half the box)
    def diff(cov, rev, out, rep):
        wins = cov <= 0.4 and rev >= (3000 if rep else 1500)
        return 10.0 if wins else -10.0

    folder = _sweep_folder(tmp_path / "sw", diff)
    found = discover(folder, "profit_diff", alpha=0.2, resamples=6)
    assert found.share == pytest.approx(8 / 32)  # the mean over replicates is > 0 in 8 points
    box = found.boxes[0]
    assert set(box.limits) == {"scenario.rule_coverage", "scenario.revenue_per_customer_per_year"}
    assert box.limits["scenario.rule_coverage"][0] is None
    assert 0.4 <= box.limits["scenario.rule_coverage"][1] < 0.6
    assert 600 < box.limits["scenario.revenue_per_customer_per_year"][0] <= 1500
    assert (box.coverage, box.density, box.n) == (1.0, 1.0, 8)
    assert set(box.quasi_p) == set(box.limits)
    reps = box.stability["replicates"]
    assert [(r["replicate"], r["density"]) for r in reps] == [(0, 1.0), (1, 0.5)]
    assert box.stability["resamples"] == 6 and 0 <= box.stability["same_dimensions"] <= 1
    data = json.loads(json.dumps(to_json(found), allow_nan=False))  # strict JSON
    assert data["parameters"]["policy.outsourced"] == {
        "kind": "categorical",
        "values": [False, True],
    }
    assert data["boxes"][0]["trajectory_index"] < len(data["trajectories"][0])


def test_discover_command_prints_writes_json_and_draws(tmp_path, capsys):
    folder = _sweep_folder(
        tmp_path / "sw", lambda cov, rev, out, rep: 10.0 if (out and rev >= 1500) else -10.0
    )
    argv = ["discover", str(folder), "--outcome", "profit_diff", "--resamples", "3"]
    assert _cli(argv) == 0
    out = capsys.readouterr().out
    assert "box 1: " in out and "policy.outsourced in {True}" in out
    assert "quasi-p" in out and "resampled halves" in out and "replicate by replicate" in out
    assert _cli([*argv, "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    written = json.loads((folder / "discover_profit_diff.json").read_text())
    assert printed["boxes"] == written["boxes"] and printed["file"].endswith(".json")
    for box in written["boxes"]:
        assert {"limits", "coverage", "density", "quasi_p", "stability"} <= set(box)
        assert set(box["quasi_p"]) == set(box["limits"])
    for name in ("tradeoff", "boxes"):
        png = folder / "figures" / f"discover_profit_diff_{name}.png"
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_folders_discover_cannot_read_are_clean_errors(tmp_path, capsys):
    compare = tmp_path / "cmp"
    compare.mkdir()
    (compare / "manifest.json").write_text(json.dumps({"kind": "compare"}))
    pd.DataFrame({"policy": ["a"], "replicate": [0], "profit": [1.0]}).to_parquet(
        compare / "runs.parquet"
    )
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "manifest.json").write_text("{")
    (broken / "runs.parquet").write_text("x")
    for folder, said in (
        (compare, "this is a compare folder"),
        (tmp_path / "nowhere", "no such folder"),
        (broken, "unreadable manifest.json"),
    ):
        assert _cli(["discover", str(folder)]) == 2
        err = capsys.readouterr().err
        assert said in err and "Traceback" not in err
    sweep = _sweep_folder(tmp_path / "sw", lambda *a: 1.0)
    assert _cli(["discover", str(sweep), "--outcome", "proft_diff"]) == 2
    assert "did you mean 'profit'" in capsys.readouterr().err
    with pytest.raises(InputError, match="--policy"):
        discover(sweep, "profit")  # two policies: say which
    with pytest.raises(InputError, match="--resamples"):
        discover(sweep, "profit_diff", resamples=-1)
