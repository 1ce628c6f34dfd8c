"""The workshop report: self-contained HTML, the headline in words with its uncertainty, key
outcomes with units, figures that decode, assumptions and a relative link to the model."""

from __future__ import annotations

import base64
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from matplotlib.image import imread

from servicesim.core.metrics import KEY_OUTCOMES, label
from servicesim.present import report
from servicesim.present.data import Results, load_results, paired_comparison

try:  # the folder builders live beside the figure tests
    from test_plotting import POLICIES, comparison_table, make_compare, make_run, make_sweep
except ImportError:  # tests/ imported as a package
    from tests.test_plotting import POLICIES, comparison_table, make_compare, make_run, make_sweep


class _Resources(HTMLParser):
    """Every src/href and every tag of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.refs: list[tuple[str, str]] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.refs += [(tag, value or "") for name, value in attrs if name in ("src", "href")]


def _cli(argv: list[str]) -> int:
    import servicesim.cli.plot  # noqa: F401  registers plot and report
    from servicesim.cli import main

    return main(argv)


@pytest.fixture(scope="module")
def compare_report(tmp_path_factory) -> tuple[str, pd.DataFrame]:
    """A compare folder's report, made once through the command line."""
    folder = make_compare(tmp_path_factory.mktemp("report") / "cmp")
    assert _cli(["report", str(folder)]) == 0
    return (folder / "report.html").read_text(encoding="utf-8"), pd.read_csv(
        folder / "comparison.csv"
    )


def test_report_is_self_contained(compare_report):
    text, _ = compare_report
    page = _Resources()
    page.feed(text)
    assert "script" not in page.tags and "link" not in page.tags
    for tag, ref in page.refs:
        if tag == "img":
            assert ref.startswith("data:image/png;base64,")
        assert not re.match(r"(https?:)?//", ref), ref
    assert "http://" not in text and "https://" not in text


def test_report_figures_decode_as_images(compare_report):
    text, _ = compare_report
    images = re.findall(r'src="data:image/png;base64,([^"]+)"', text)
    assert len(images) == 3  # time series, ledger, cohorts
    for data in images:
        pixels = imread(io.BytesIO(base64.b64decode(data)), format="png")
        assert pixels.shape[1] > 1000 and pixels[..., :3].std() > 0.05


def _row(table: pd.DataFrame, metric: str, policy: str) -> pd.Series:
    return table[(table["metric"] == metric) & (table["policy"] == policy)].iloc[0]


def test_headline_states_each_difference_with_its_interval(compare_report):
    text, table = compare_report
    headline = re.search(r'<div class="headline">(.*?)</div>', text, re.S).group(1)
    assert headline.count("Over 40 days") == len(POLICIES) - 1
    for p in POLICIES[1:]:
        r = _row(table, "retention_rate", p)
        clear = r["diff_ci_low"] > 0 or r["diff_ci_high"] < 0
        assert clear  # the synthetic policies differ in retention by 10 points each
        more = "more" if r["diff"] > 0 else "fewer"
        assert (
            f"{p} kept {100 * abs(r['diff']):.1f} percentage points {more} of its "
            f"customers than rule_bound (95% CI "
        ) in headline
    # the synthetic profits: one difference is clear, the other is not
    verdicts = []
    for p in POLICIES[1:]:
        r = _row(table, "profit", p)
        verdicts.append(r["diff_ci_low"] > 0 or r["diff_ci_high"] < 0)
        if verdicts[-1]:
            assert re.search(
                rf"{p} .*made \$[\d.]+ k more profit than rule_bound \(95% CI", headline
            )
        else:
            assert "showed no clear difference in profit from rule_bound" in headline
    assert sorted(verdicts) == [False, True]
    assert "4 paired replicates with common random numbers" in headline


def test_key_outcome_table_has_units_means_and_intervals(compare_report):
    text, table = compare_report
    for metric in KEY_OUTCOMES:
        assert label(metric) in text
    r = _row(table, "retention_rate", "empowered")
    assert f"{100 * r['mean']:.1f}%<br><small>CI {100 * r['ci_low']:.1f}% to" in text
    assert 'class="better"' in text and 'class="worse"' in text  # dearer but more loyal


def test_assumptions_list_the_levers_that_differ_and_link_the_model(compare_report):
    text, _ = compare_report
    section = text[text.index("Assumptions that drive the result") :]
    assert "Scenario <b>complex_relational</b>" in section
    assert "<code>empowerment</code>" in section and "<code>discretion_cap</code>" in section
    assert "<code>manager_span</code>" not in section  # the same in every preset
    assert "replicates per policy: <b>4</b>" in section
    assert re.search(r'<a href="[^"]*docs/model\.md">the model description</a>', section)


def test_model_link_is_relative_to_the_report(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "model.md").write_text("# model\n")
    folder = tmp_path / "results" / "cmp"
    folder.mkdir(parents=True)
    assert report.model_link(folder) == "../../docs/model.md"


def _results(diffs: dict[str, tuple[float, float, float]]) -> tuple[Results, pd.DataFrame]:
    """A two-policy comparison with chosen (diff, low, high) for retention and profit."""
    runs = pd.DataFrame(
        {"policy": ["rule_bound", "empowered"] * 3, "replicate": [0, 0, 1, 1, 2, 2]}
    )
    res = Results(
        path=None,
        kind="compare",
        runs=runs,  # type: ignore[arg-type]
        manifest={"policies": ["rule_bound", "empowered"], "days": 365, "crn": False},
    )
    rows = []
    for metric, (d, lo, hi) in diffs.items():
        rows.append([metric, "rule_bound", 0.5, 0.4, 0.6, np.nan, np.nan, np.nan])
        rows.append([metric, "empowered", 0.5 + d, 0.4 + d, 0.6 + d, d, lo, hi])
    columns = [
        "metric",
        "policy",
        "mean",
        "ci_low",
        "ci_high",
        "diff",
        "diff_ci_low",
        "diff_ci_high",
    ]
    return res, pd.DataFrame(rows, columns=columns)


def test_headline_words_follow_the_sign_and_the_interval():
    res, table = _results(
        {"retention_rate": (-0.031, -0.038, -0.024), "profit": (-4.1e5, -5.2e5, -3.0e5)}
    )
    first = report.headline(res, table)[0]
    assert first == (
        "Over 365 days, empowered kept 3.1 percentage points fewer of its customers "
        "than rule_bound (95% CI 2.4 to 3.8), and made $410 k less profit than "
        "rule_bound (95% CI $300 k to $520 k)."
    )
    res, table = _results(
        {"retention_rate": (0.003, -0.005, 0.011), "profit": (120.0, -80.0, 320.0)}
    )
    first, second = report.headline(res, table)
    assert (
        "showed no clear difference in retention from rule_bound (+0.3 pp, 95% CI -0.5 to 1.1)"
        in first
    )
    assert "no clear difference in profit from rule_bound (+$120, 95% CI -$80 to $320)" in first
    assert "3 replicates;" in second  # not paired: crn is off


def test_missing_comparison_is_rebuilt_from_the_runs(tmp_path):
    res = load_results(make_compare(tmp_path / "cmp"))
    metrics = ["retention_rate", "profit", "cost_total"]
    rebuilt = paired_comparison(res.runs, res.policies, metrics)
    oracle = comparison_table(res.runs, res.policies)
    oracle = oracle[oracle["metric"].isin(metrics)].set_index(["metric", "policy"])
    rebuilt = rebuilt.set_index(["metric", "policy"]).loc[oracle.index]
    assert np.allclose(rebuilt.to_numpy(float), oracle.to_numpy(float), equal_nan=True)


def test_a_single_run_reports_its_result_without_an_interval(tmp_path, monkeypatch):
    monkeypatch.setattr(report, "REPORT_KINDS", ("ledger",))  # one figure is enough here
    folder = make_run(tmp_path / "run")
    text = report.write_report(folder).read_text(encoding="utf-8")
    summary = load_results(folder).runs.iloc[0]
    assert (f"empowered kept {100 * summary['retention_rate']:.1f}% of its customers") in text
    assert "single run" in text and text.count("data:image/png;base64,") == 1
    # the run's config sets empowerment 0.8 against the model default 0.5
    assert "levers that differ from the model defaults, from this run&#x27;s config.toml" in text
    assert re.search(r"<code>empowerment</code>.*?<td>0.8</td>", text, re.S)


def test_cli_report_rejects_folders_it_cannot_report(tmp_path, capsys):
    assert _cli(["report", str(make_sweep(tmp_path / "sweep"))]) == 2
    assert "a compare or run folder" in capsys.readouterr().err
    assert _cli(["report", str(tmp_path / "nowhere")]) == 2


def _decomposition(folder: Path, a: str, b: str, reps: int = 4) -> Path:
    """A decompose folder as ``servicesim decompose`` writes it (values by design)."""
    folder.mkdir(parents=True)

    def lever(name, profit, retention, ci):
        return {
            "name": name,
            "a": 0.0,
            "b": 1.0,
            "shapley": {"profit": profit, "retention_rate": retention},
            "shapley_ci": {
                "profit": [profit - ci, profit + ci] if reps > 1 else [None, None],
                "retention_rate": [retention - 1e-4, retention + 1e-4]
                if reps > 1
                else [None, None],
            },
            "alone_from_a": {"profit": 0.9 * profit, "retention_rate": retention},
            "alone_from_b": {"profit": 1.1 * profit, "retention_rate": retention},
        }

    levers = [
        lever("empowerment", -300_000.0, 0.004, 50_000.0),
        lever("recognition", -150_000.0, 0.001, 10_000.0),
        lever("training_days_per_year", 40_000.0, 0.0005, 5_000.0),
        lever("surprise_rate", -5_000.0, 0.0, 1_000.0),
    ]
    gap = {m: sum(lv["shapley"][m] for lv in levers) for m in ("profit", "retention_rate")}
    alone = {m: sum(lv["alone_from_a"][m] for lv in levers) for m in gap}
    dec = {
        "kind": "decompose",
        "a": a,
        "b": b,
        "reps": reps,
        "gap": gap,
        "interaction": {m: gap[m] - alone[m] for m in gap},
        "levers": levers,
    }
    (folder / "decomposition.json").write_text(json.dumps(dec), encoding="utf-8")
    spec = {"a": a, "b": b, "scenario": "default", "customers": 20000, "days": 365}
    (folder / "manifest.json").write_text(json.dumps({"spec": spec}), encoding="utf-8")
    return folder


def test_report_says_which_levers_carry_the_gap(tmp_path):
    from servicesim.present.report import build_report

    folder = make_compare(tmp_path / "cmp")
    a, b = POLICIES[0], POLICIES[1]
    text = build_report(folder, _decomposition(tmp_path / "dec", a, b))
    assert "Which levers carry the gap" in text
    # the largest contribution first, the rest summed, the interaction named
    profit = next(s for s in text.split("<p>") if s.startswith("The profit"))
    assert profit.index("empowerment -$300 k") < profit.index("recognition -$150 k")
    assert "the other 1 together -$5 k" in profit and "acting together" in profit
    assert "at 20,000 customers x 365 days" in text and "4 paired replicates" in text


def test_report_rejects_a_decomposition_of_other_policies(tmp_path, capsys):
    folder = make_compare(tmp_path / "cmp")
    dec = _decomposition(tmp_path / "dec", "rule_bound", "someone_else")
    assert _cli(["report", str(folder), "--decomposition", str(dec)]) == 2
    assert "decomposition folder" in capsys.readouterr().err
    assert _cli(["report", str(folder), "--decomposition", str(folder)]) == 2


def test_a_one_replicate_decomposition_says_it_has_no_interval(tmp_path):
    from servicesim.present.report import build_report

    folder = make_compare(tmp_path / "cmp")
    dec = _decomposition(tmp_path / "dec", POLICIES[0], POLICIES[1], reps=1)
    assert "one replicate: no interval" in build_report(folder, dec)


def _robustness(folder: Path, a: str, b: str) -> Path:
    """A robustness folder's manifest as ``servicesim robustness`` writes it (values by design:
    B makes more profit in 12 of 16 worlds, keeps more customers in 16)."""
    folder.mkdir(parents=True)

    def outcome(metric, direction, wins, median):
        return {
            "metric": metric,
            "direction": direction,
            "worlds": 16,
            "median_diff": median,
            "p05": median - 1.0,
            "p95": median + 1.0,
            "wins": wins,
            "p_b_better": wins / 16,
            "p_b_better_low": wins / 16 - 0.2,
            "p_b_better_high": min(wins / 16 + 0.15, 1.0),
            "halved_c": {"worlds": 8, "p_b_better": 0.5},
        }

    result = {
        "kind": "robustness",
        "a": a,
        "b": b,
        "samples": 20,
        "headline": 16,
        "apart": 4,
        "failed": 0,
        "assumptions": 191,
        "outcomes": [
            outcome("profit", 1, 12, 80_000.0),
            outcome("retention_rate", 1, 16, 0.004),
        ],
        "drivers": {"profit": {"worlds": 16, "dummy_upper": 0.05, "drivers": []}},
        "warnings": ["a warning the analysis gave"],
    }
    spec = {"a": a, "b": b, "customers": 70000, "days": 730, "reps": 2}
    (folder / "manifest.json").write_text(
        json.dumps({"spec": spec, "result": result}), encoding="utf-8"
    )
    return folder


def test_report_says_how_far_the_verdict_holds_over_the_assumptions(tmp_path, capsys):
    from servicesim.present.report import build_report

    folder = make_compare(tmp_path / "cmp")
    a, b = POLICIES[0], POLICIES[1]
    text = build_report(folder, robustness=_robustness(tmp_path / "rob", a, b))
    assert "How far this holds over the model" in text
    assert f"{b} makes more profit than {a} in 75% of 16 worlds" in text
    assert f"{b} keeps more customers than {a} in 100% of 16 worlds" in text
    assert "16 of 20 worlds are in the headline (4 set apart" in " ".join(text.split())
    assert "a warning the analysis gave" in text
    assert "at 70,000 customers x 730 days, 2 replicates a world" in text
    other = _robustness(tmp_path / "other", a, "someone_else")
    assert _cli(["report", str(folder), "--robustness", str(other)]) == 2
    assert "robustness folder" in capsys.readouterr().err
    assert _cli(["report", str(folder), "--robustness", str(folder)]) == 2
