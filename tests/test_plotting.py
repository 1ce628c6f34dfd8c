"""Figures from small synthetic results folders: every kind renders, files are valid images with
provenance, axes carry the expected labels and units, and bad requests fail with exit code 2.

The builders below write folders in exactly the shapes ``run``, ``compare``, ``sweep`` and
``sensitivity`` write (see docs/figures.md); ``test_report.py`` reuses them.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from matplotlib.image import imread
from scipy import stats

from servicesim.core.metrics import DAILY, LEDGER, SUMMARY
from servicesim.errors import InputError
from servicesim.present import figures as plotting
from servicesim.present.data import pareto_mask
from servicesim.present.style import KNOWN_POLICY_COLORS, policy_colors

DAYS = 40
POLICIES = ["rule_bound", "empowered", "guardrailed"]


def _summary_row(rng: np.random.Generator, boost: float) -> dict[str, float]:
    """Plausible whole-run summary metrics; ``boost`` makes a policy better and dearer."""
    row = {}
    for name, m in SUMMARY.items():
        if m.unit in ("share", "0-1", "share/year"):
            row[name] = float(np.clip(0.6 + 0.1 * boost + rng.normal(0, 0.03), 0, 1))
        elif m.unit == "$":
            row[name] = float(2e4 * (1 + 0.2 * boost) * rng.uniform(0.8, 1.2))
        else:
            row[name] = float(rng.uniform(10, 100))
    row["cost_of_goods"] = 4e5
    row["revenue"] = 1.0e6 * (1 + 0.05 * boost) + rng.normal(0, 1e4)
    row["cost_total"] = sum(row[c] for c in LEDGER)
    row["profit"] = row["revenue"] - row["cost_total"]
    row["retention_unrecovered"] = row["retention_never_failed"] - 0.3
    return row


def _daily(rng: np.random.Generator, boost: float) -> pd.DataFrame:
    day = np.arange(DAYS)
    frame = {"day": day}
    for name, m in DAILY.items():
        if name == "day":
            continue
        if m.unit in ("share", "0-1"):
            frame[name] = np.clip(0.6 + 0.1 * boost + rng.normal(0, 0.02, DAYS), 0, 1)
        elif m.unit == "$":
            frame[name] = rng.uniform(500, 1500, DAYS)
        else:
            frame[name] = rng.uniform(0, 50, DAYS)
    frame["customers_active"] = 1000 - (3 - boost) * day + rng.normal(0, 5, DAYS)
    frame["revenue"] = rng.uniform(2000, 3000, DAYS) * (1 + 0.1 * boost)
    frame["profit"] = frame["revenue"] - frame["cost_total"]
    return pd.DataFrame(frame)


def _manifest(directory: Path, **fields) -> None:
    (directory / "manifest.json").write_text(
        json.dumps({"version": "0.1.0", "seed": 42, **fields}, indent=1)
    )


def make_run(directory: Path, policy: str = "empowered") -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(1)
    (directory / "summary.json").write_text(json.dumps(_summary_row(rng, 1.0)))
    _daily(rng, 1.0).to_parquet(directory / "timeseries.parquet")
    (directory / "config.toml").write_text(
        f'[policy]\nname = "{policy}"\nempowerment = 0.8\n[scenario]\nname = "base"\n'
    )
    _manifest(directory, kind="run", policy=policy, scenario="base", customers=1000, days=DAYS)
    return directory


def comparison_table(runs: pd.DataFrame, policies: list[str]) -> pd.DataFrame:
    """``comparison.csv`` as compare writes it: means, t-intervals, paired differences."""
    metrics = list(SUMMARY)
    by_policy = {
        p: runs[runs["policy"] == p].sort_values("replicate")[metrics].to_numpy() for p in policies
    }
    frames = []
    for p in policies:
        mean, lo, hi = _t_interval(by_policy[p])
        diff = _t_interval(by_policy[p] - by_policy[policies[0]])
        if p == policies[0]:
            diff = (np.full(len(metrics), np.nan),) * 3
        frames.append(
            pd.DataFrame(
                {
                    "metric": metrics,
                    "policy": p,
                    "mean": mean,
                    "ci_low": lo,
                    "ci_high": hi,
                    "diff": diff[0],
                    "diff_ci_low": diff[1],
                    "diff_ci_high": diff[2],
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def _t_interval(values: np.ndarray) -> tuple:
    """Mean and 95% t-interval down axis 0 (one replicate per row)."""
    n = values.shape[0]
    half = stats.t.ppf(0.975, n - 1) * values.std(axis=0, ddof=1) / np.sqrt(n)
    mean = values.mean(axis=0)
    return mean, mean - half, mean + half


def make_compare(directory: Path, policies: list[str] = POLICIES, reps: int = 4) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(2)
    runs, series = [], []
    for i, p in enumerate(policies):
        for r in range(reps):
            runs.append({"policy": p, "replicate": r, "seed": 100 + r, **_summary_row(rng, i)})
            series.append(_daily(rng, i).assign(policy=p, replicate=r))
    runs_df = pd.DataFrame(runs)
    # profits by design, not by draw: the second policy is clearly ahead of the first, the third
    # differs from it by paired noise with mean zero (so tests can rely on one clear and one
    # unclear difference whatever metrics the registry holds)
    base = 8.0e5 + 1.0e3 * np.arange(reps)
    effects = {
        0: np.zeros(reps),
        1: 5.0e4 + np.array([1e3, -1e3, 5e2, -5e2, 0.0] * reps)[:reps],
        2: np.array([3e4, -3e4, 2e4, -2e4, 0.0] * reps)[:reps],
    }
    for i, p in enumerate(policies):
        sel = runs_df["policy"] == p
        profit = base + effects.get(i, np.zeros(reps))
        runs_df.loc[sel, "profit"] = profit
        runs_df.loc[sel, "revenue"] = runs_df.loc[sel, "cost_total"].to_numpy() + profit
    runs_df.to_parquet(directory / "runs.parquet")
    ts = pd.concat(series)[["policy", "replicate", *DAILY]]
    ts.to_parquet(directory / "timeseries.parquet")
    comparison_table(runs_df, policies).to_csv(directory / "comparison.csv", index=False)
    _manifest(
        directory,
        kind="compare",
        policies=policies,
        scenario="complex_relational",
        reps=reps,
        crn=True,
        customers=1000,
        days=DAYS,
    )
    return directory


def make_sweep(
    directory: Path, swept: tuple[str, ...] = ("policy.empowerment", "scenario.rule_coverage")
) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(3)
    rows, run_id = [], 0
    levels = {
        "policy.empowerment": [0.0, 0.5, 1.0],
        "scenario.rule_coverage": [0.3, 0.6, 0.9],
        "policy.discretion_cap": [50.0, 200.0],
    }
    grid = pd.MultiIndex.from_product([levels[s] for s in swept], names=swept).to_frame(index=False)
    for policy in ("rule_bound", "empowered"):
        for point in grid.to_dict("records"):
            for r in range(2):
                e = point.get("policy.empowerment", 0.5)
                row = _summary_row(rng, 2 * e)
                row["retention_rate"] = 0.7 + 0.2 * e + rng.normal(0, 0.01)
                row["cost_total"] = 6e5 + 3e5 * e**2 + rng.normal(0, 1e4)
                rows.append(
                    {
                        "run_id": run_id,
                        "policy": policy,
                        "replicate": r,
                        "seed": run_id,
                        "status": "ok",
                        **point,
                        **row,
                    }
                )
                run_id += 1
    rows.append({**rows[-1], "run_id": run_id, "status": "error", "profit": np.nan})
    pd.DataFrame(rows).to_parquet(directory / "runs.parquet")
    _manifest(
        directory,
        kind="sweep",
        swept=list(swept),
        spec={"policy": ["rule_bound", "empowered"], "swept": list(swept)},
    )
    return directory


def make_sensitivity(directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    rows = []
    for outcome in ("retention_rate", "profit"):
        for j, param in enumerate(["policy.empowerment", "scenario.problem_rate", "policy.wage"]):
            rows.append([outcome, param, "S1", 0.5 / (j + 1), 0.05])
            rows.append([outcome, param, "ST", 0.6 / (j + 1), 0.07])
    pd.DataFrame(rows, columns=["outcome", "parameter", "index", "value", "ci"]).to_csv(
        directory / "indices.csv", index=False
    )
    _manifest(directory, kind="sensitivity", method="sobol")
    return directory


# --- image checks ----------------------------------------------------------------------------


def assert_valid_image(path: Path) -> None:
    data = path.read_bytes()
    if path.suffix == ".png":
        assert data.startswith(b"\x89PNG\r\n\x1a\n")
        pixels = imread(path)
        assert pixels.shape[0] > 400 and pixels.shape[1] > 800
        assert pixels[..., :3].std() > 0.05  # not a blank canvas
    elif path.suffix == ".svg":
        root = ET.fromstring(data)
        assert root.tag.endswith("svg")
    else:
        assert data.startswith(b"%PDF") and data.rstrip().endswith(b"%%EOF")


def _title(fig) -> str:
    return " ".join(fig.get_suptitle().split())  # titles wrap to the figure's width


def _labels(fig) -> tuple[list[str], list[str], list[str]]:
    axes = [ax for ax in fig.axes if ax.get_visible()]
    return (
        [ax.get_xlabel() for ax in axes],
        [ax.get_ylabel() for ax in axes],
        [ax.get_title() for ax in axes],
    )


# --- figure functions ------------------------------------------------------------------------


def test_timeseries_has_four_labelled_panels_with_bands(tmp_path):
    res = plotting.load_results(make_compare(tmp_path / "cmp"))
    fig = plotting.timeseries_figure(res.timeseries, res.policies)
    xl, yl, titles = _labels(fig)
    assert titles == [
        "Active customers",
        "Mean satisfaction",
        "Cumulative profit",
        "Frontline staff morale",
    ]
    assert yl[0] == "customers active (customers)" and yl[1] == "mean satisfaction (0-1)"
    assert yl[2] == "cumulative profit (thousand $)"  # daily profit in the thousands
    assert xl[2:] == ["time (days)", "time (days)"]
    assert "95% CI over 4 replicates" in _title(fig)
    # one band per policy per panel, one line per policy in the policy's colour
    ax = fig.axes[0]
    assert len(ax.collections) == len(POLICIES)
    assert [line.get_color() for line in ax.lines] == [KNOWN_POLICY_COLORS[p] for p in POLICIES]


def test_timeseries_of_a_single_run_has_no_band(tmp_path):
    res = plotting.load_results(make_run(tmp_path / "run"))
    fig = plotting.timeseries_figure(res.timeseries, res.policies)
    assert len(fig.axes[0].lines) == 1 and not fig.axes[0].collections
    assert "one replicate" in _title(fig)


def test_ledger_stacks_every_cost_item_beside_revenue(tmp_path):
    res = plotting.load_results(make_compare(tmp_path / "cmp"))
    fig = plotting.ledger_figure(res.runs, res.policies)
    ax = fig.axes[0]
    label = ax.get_ylabel()
    assert label.startswith("money over the whole run (") and label.endswith(" $)")
    unit = {"million": 1e6, "thousand": 1e3}[label.split("(")[1].split()[0]]
    assert len(ax.patches) == len(POLICIES) * len(LEDGER)  # service items + gross margin
    texts = [t.get_text() for t in ax.texts]
    assert len(texts) == len(POLICIES) and all(t.startswith("profit ") for t in texts)
    assert [t.get_text() for t in ax.get_xticklabels()] == [
        "rule bound",
        "empowered",
        "guardrailed",
    ]
    # the stacked costs of a policy add up to its mean total cost
    n_items = len(LEDGER) - 1  # the cost of goods is taken off revenue, not stacked
    heights = [p.get_height() for p in ax.patches[: n_items * len(POLICIES)]]
    total_rb = sum(heights[i * len(POLICIES)] for i in range(n_items))
    rb = res.runs[res.runs["policy"] == "rule_bound"]
    service = rb["cost_total"] - rb["cost_of_goods"]
    assert total_rb == pytest.approx(service.mean() / unit)
    margin = [p.get_height() for p in ax.patches[n_items * len(POLICIES) :]]
    assert margin[0] == pytest.approx((rb["revenue"] - rb["cost_of_goods"]).mean() / unit)


def test_cohorts_show_three_experiences_per_policy_with_error_bars(tmp_path):
    res = plotting.load_results(make_compare(tmp_path / "cmp"))
    fig = plotting.cohorts_figure(res.runs, res.policies)
    xl, yl, titles = _labels(fig)
    assert yl == ["end satisfaction (0-1)", "annualised retention (share/year)"]
    assert xl == ["customer experience (last problem)"] * 2
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == [
        "never failed",
        "recovered",
        "not recovered",
    ]
    assert len(ax.patches) == 3 * len(POLICIES)
    # the error bar of rule_bound, never failed, is the 95% t-interval over its replicates
    bars = [c for c in ax.containers if hasattr(c, "errorbar")]
    assert len(bars) == len(POLICIES)
    segment = bars[0].errorbar.lines[2][0].get_segments()[0]
    rb = res.runs.loc[res.runs["policy"] == "rule_bound", "satisfaction_never_failed"].to_numpy()
    _, low, high = _t_interval(rb)
    assert segment[:, 1] == pytest.approx([low, high])


def test_frontier_draws_the_pareto_front_of_design_points(tmp_path):
    res = plotting.load_results(make_sweep(tmp_path / "sweep"))
    assert (res.runs["status"] == "ok").all()
    fig = plotting.frontier_figure(res.runs, res.swept, policies=res.policies)
    ax = fig.axes[0]
    assert ax.get_xlabel() == "cost total (thousand $)"  # costs of 0.6 to 0.9 million
    assert ax.get_ylabel() == "retention rate (share)"
    front = [line for line in ax.lines if line.get_label() == "Pareto front"]
    assert len(front) == 1
    xs = front[0].get_xdata()
    assert np.all(np.diff(xs) >= 0) and len(xs) >= 2
    assert "18 sweep design points" in _title(fig)


def test_pareto_mask_keeps_only_undominated_points():
    cost = [1.0, 2.0, 3.0, 2.5, 1.0]
    retention = [0.5, 0.7, 0.9, 0.6, 0.4]
    assert pareto_mask(cost, retention).tolist() == [True, True, True, False, False]
    # with both higher-is-better, the dearest, most loyal point beats every other
    assert pareto_mask(cost, retention, x_better=+1).tolist() == [False, False, True, False, False]


def test_heatmap_annotates_mean_outcome_per_cell_and_policy(tmp_path):
    res = plotting.load_results(make_sweep(tmp_path / "sweep"))
    fig = plotting.heatmap_figure(res.runs, res.swept, "retention_rate")
    panels = [ax for ax in fig.axes if ax.get_label() != "<colorbar>"]
    assert [ax.get_title() for ax in panels] == ["rule bound", "empowered"]
    assert panels[0].get_xlabel() == "policy.empowerment"
    assert panels[0].get_ylabel() == "scenario.rule_coverage"
    assert len(panels[0].texts) == 9
    # the cell at empowerment 1.0 shows the mean of its two replicates
    rb = res.runs[
        (res.runs["policy"] == "rule_bound")
        & (res.runs["policy.empowerment"] == 1.0)
        & (res.runs["scenario.rule_coverage"] == 0.3)
    ]
    cell = panels[0].texts[2].get_text()
    assert float(cell) == pytest.approx(rb["retention_rate"].mean(), abs=1e-3)
    assert "2 runs per cell" in _title(fig)


def test_sensitivity_bars_per_outcome_with_ci(tmp_path):
    res = plotting.load_results(make_sensitivity(tmp_path / "sens"))
    fig = plotting.sensitivity_figure(res.indices, "sobol")
    xl, yl, titles = _labels(fig)
    assert titles == ["retention rate (share)", "profit ($)"]
    assert xl == ["index (share of output variance)"] * 2
    assert len(fig.axes[0].patches) == 6
    assert "S1, ST" in _title(fig)


def test_policy_colours_are_fixed_and_distinct():
    a = policy_colors(["empowered", "mine", "rule_bound", "other"])
    b = policy_colors(["rule_bound", "empowered"])
    assert a["empowered"] == b["empowered"] and a["rule_bound"] == b["rule_bound"]
    assert len(set(a.values())) == 4


# --- folders -> files ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("builder", "kinds"),
    [
        (make_run, ["timeseries", "ledger", "cohorts"]),
        (make_compare, ["timeseries", "ledger", "cohorts"]),
        (make_sweep, ["frontier", "heatmap", "difference", "ledger"]),
        (make_sensitivity, ["sensitivity"]),
    ],
)
def test_each_folder_kind_offers_the_kinds_that_fit_it(tmp_path, builder, kinds):
    assert plotting.fitting_kinds(plotting.load_results(builder(tmp_path / "res"))) == kinds


def test_a_sweep_of_one_policy_has_no_ledger(tmp_path):
    res = plotting.load_results(make_sweep(tmp_path / "sweep"))
    res.runs = res.runs[res.runs["policy"] == "empowered"]
    assert plotting.fitting_kinds(res) == ["frontier", "heatmap"]


@pytest.mark.parametrize("builder", [make_compare, make_sweep, make_sensitivity])
def test_plot_dir_writes_every_fitting_kind_as_a_valid_image(tmp_path, builder):
    folder = builder(tmp_path / "res")
    written = plotting.plot_dir(folder)
    kinds = plotting.fitting_kinds(plotting.load_results(folder))
    assert [p.name for p in written] == [f"{k}.png" for k in kinds]
    for path in written:
        assert path.parent == folder / "figures"
        assert_valid_image(path)


def test_png_carries_provenance(tmp_path):
    from PIL import Image  # matplotlib depends on pillow

    folder = make_compare(tmp_path / "cmp")
    (path,) = plotting.plot_dir(folder, ["ledger"])
    with Image.open(path) as image:
        info = image.info
    assert info["servicesim_version"] == "0.1.0" and info["seed"] == "42"
    assert json.loads(info["policies"]) == POLICIES
    assert info["Title"].startswith("Service costs by item")


@pytest.mark.parametrize("fmt", ["svg", "pdf"])
def test_vector_formats_are_valid_and_carry_provenance(tmp_path, fmt):
    folder = make_sweep(tmp_path / "sweep")
    (path,) = plotting.plot_dir(folder, ["frontier"], fmt=fmt)
    assert path.suffix == f".{fmt}"
    assert_valid_image(path)
    assert b"seed=42" in path.read_bytes()


def test_more_than_two_swept_parameters_need_a_choice_for_the_heatmap(tmp_path):
    folder = make_sweep(
        tmp_path / "sweep",
        ("policy.empowerment", "scenario.rule_coverage", "policy.discretion_cap"),
    )
    res = plotting.load_results(folder)
    assert plotting.fitting_kinds(res) == ["frontier", "difference", "ledger"]
    assert "heatmap" in plotting.fitting_kinds(res, ["policy.empowerment", "policy.wage"])
    with pytest.raises(InputError, match="heatmap needs exactly two"):
        plotting.plot_dir(folder, ["heatmap"])
    with pytest.raises(InputError, match="did you mean 'policy.discretion_cap'"):
        plotting.plot_dir(folder, ["heatmap"], params=["policy.empowerment", "policy.discretion"])
    (path,) = plotting.plot_dir(
        folder, ["heatmap"], params=["policy.empowerment", "policy.discretion_cap"]
    )
    assert_valid_image(path)


@pytest.mark.parametrize(
    ("args", "match"),
    [
        ({"kinds": ["heatmp"]}, "did you mean 'heatmap'"),
        ({"kinds": ["frontier"]}, "for a compare folder: timeseries, ledger, cohorts"),
        ({"fmt": "jpg"}, "--format"),
    ],
)
def test_bad_requests_name_what_is_allowed(tmp_path, args, match):
    folder = make_compare(tmp_path / "cmp")
    with pytest.raises(InputError, match=match):
        plotting.plot_dir(folder, **args)


def test_folders_without_results_are_rejected(tmp_path):
    with pytest.raises(InputError, match="no such folder"):
        plotting.load_results(tmp_path / "nowhere")
    with pytest.raises(InputError, match="no manifest.json"):
        plotting.load_results(tmp_path)
    _manifest(tmp_path, kind="compare")
    with pytest.raises(InputError, match="no results"):
        plotting.load_results(tmp_path)


# --- command line ----------------------------------------------------------------------------


def _cli(argv: list[str]) -> int:
    import servicesim.cli.plot  # noqa: F401  registers plot and report
    from servicesim.cli import main

    return main(argv)


def test_cli_plot_writes_files_and_exits_2_on_bad_input(tmp_path, capsys):
    folder = make_compare(tmp_path / "cmp")
    assert _cli(["plot", str(folder), "--kind", "ledger", "--format", "svg"]) == 0
    assert (folder / "figures" / "ledger.svg").is_file()
    assert capsys.readouterr().out.strip() == str(folder / "figures" / "ledger.svg")
    assert _cli(["plot", str(tmp_path / "missing")]) == 2
    assert _cli(["plot", str(folder), "--kind", "timeseris"]) == 2
    assert "did you mean 'timeseries'" in capsys.readouterr().err
    assert _cli(["plot", str(folder), "--kind", "heatmap"]) == 2


def test_the_difference_figure_puts_the_paired_difference_against_each_swept_parameter(tmp_path):
    """Per design point, B minus A paired by replicate with its interval; a Latin hypercube
    gets the difference figure but no heatmap; profit_diff names the same figure."""
    from servicesim.present.difference_figure import paired_differences

    folder = make_sweep(tmp_path / "sweep")
    res = plotting.load_results(folder)
    swept = list(res.swept)
    d = paired_differences(res.runs, "retention_rate", "rule_bound", "empowered", swept)
    assert len(d) == 9 and set(d["n"]) == {2}
    one = d[(d["policy.empowerment"] == 1.0) & (d["scenario.rule_coverage"] == 0.3)].iloc[0]
    runs = res.runs[
        (res.runs["policy.empowerment"] == 1.0) & (res.runs["scenario.rule_coverage"] == 0.3)
    ]
    by = runs.pivot_table(index="replicate", columns="policy", values="retention_rate")
    assert one["mean"] == pytest.approx((by["empowered"] - by["rule_bound"]).mean())
    assert one["low"] < one["mean"] < one["high"]
    fig = plotting.make_figure(res, "difference", outcome="retention_rate_diff")
    assert len(fig.axes) == 2 and "minus" in fig.get_suptitle()
    res.manifest["spec"]["design"] = "latin"
    assert "heatmap" not in plotting.fitting_kinds(res)
    assert "difference" in plotting.fitting_kinds(res)
    with pytest.raises(InputError, match="a heatmap is for grids"):
        plotting.check_request(res, ["heatmap"], "png", None, "profit")
    with pytest.raises(InputError, match="METRIC_diff"):
        plotting.check_request(res, ["difference"], "png", None, "profitt_diff")
