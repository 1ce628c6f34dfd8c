"""Tables that answer the question: they fit a 100-column terminal, keep every name whole, give
every number its unit, say when there is no interval, and end in a verdict whose direction
follows the metrics registry.

The comparisons here are synthetic (``paired_table`` over made-up replicates), so the tables are
checked without running the model.
"""

from __future__ import annotations

import io
import json
import re

import numpy as np
import pandas as pd
import pytest
from rich.console import Console

from servicesim.cli import main
from servicesim.cli._tables import print_comparison, print_summary
from servicesim.core.metrics import KEY_OUTCOMES, SUMMARY
from servicesim.experiments.compare import Comparison
from servicesim.experiments.stats import paired_table
from servicesim.present.fmt import estimate
from servicesim.present.verdict import judgement, sentence, verdict

WIDTH = 100
LEVEL = {"profit": 2.0e7, "churn_rate_per_year": 0.12, "customers_active_end": 250_000.0}
BY_UNIT = {"$": 1.0e6, "s": 60.0, "share": 0.5, "share/year": 0.1, "0-1": 0.7}


def _level(metric: str) -> float:
    return LEVEL.get(metric) or BY_UNIT.get(SUMMARY[metric].unit, 1000.0)


def _runs(policies: list[str], reps: int, effect: dict[str, dict[str, float]]) -> pd.DataFrame:
    """Replicates of every summary metric: a level, a replicate effect every policy shares
    (common random numbers) and a little noise of its own; ``effect[policy][metric]`` shifts one."""
    rng = np.random.default_rng(7)
    shared = rng.normal(0.0, 1.0, reps)
    rows = []
    for p in policies:
        for r in range(reps):
            row = {"policy": p, "replicate": r, "seed": r}
            for m in SUMMARY:
                level = _level(m)
                noise = 0.01 * level * (shared[r] + 0.1 * rng.normal())
                row[m] = level + noise + effect.get(p, {}).get(m, 0.0)
            rows.append(row)
    return pd.DataFrame(rows)


def _comparison(policies: list[str], reps: int = 3, effect=None) -> Comparison:  # noqa: ANN001
    runs = _runs(policies, reps, effect or {})
    head = {
        "kind": "compare",
        "policies": policies,
        "scenario": "default",
        "reps": reps,
        "seed": 0,
        "crn": True,
        "customers": 250_000,
        "days": 730,
    }
    return Comparison(runs, pd.DataFrame(), paired_table(runs, policies, list(SUMMARY)), head)


CLEAR = {"empowered": {"profit": -2.6e6, "churn_rate_per_year": -0.005}}


def _render(print_fn, *args) -> list[str]:  # noqa: ANN001, ANN002
    out = io.StringIO()
    print_fn(Console(file=out, width=WIDTH), *args)
    return out.getvalue().splitlines()


def _fits(lines: list[str]) -> None:
    assert max(len(line) for line in lines) <= WIDTH
    assert not any("…" in line for line in lines), "a cell was cut off"


@pytest.mark.parametrize(
    "policies",
    [["rule_bound", "empowered"], ["rule_bound", "empowered", "positively_outrageous"]],
)
def test_a_comparison_fits_100_columns_with_levels_beside_differences(policies):
    result = _comparison(policies, effect=CLEAR)
    lines = _render(print_comparison, result.table, result.head)
    _fits(lines)
    text = "\n".join(lines)
    for p in policies:  # every policy's name whole, on its row of every outcome
        assert sum(p in line.split() for line in lines) >= len(KEY_OUTCOMES)
    assert "95% CI" in text and "one replicate" not in text
    churn = next(line for line in lines if line.lstrip().startswith("churn rate"))  # may wrap
    assert "%" in churn  # a share's level in percent
    start = lines.index(churn)
    block = lines[start : next(i for i in range(start, len(lines)) if not lines[i].strip())]
    # each policy after the first: its difference and its interval, in percentage points
    assert sum(line.count("pp") for line in block) == 2 * (len(policies) - 1)
    assert "$" in next(line for line in lines if line.lstrip().startswith("profit ($)"))
    assert "pp: percentage points" in text


def test_one_replicate_says_no_interval_instead_of_an_empty_column():
    result = _comparison(["rule_bound", "empowered"], reps=1, effect=CLEAR)
    lines = _render(print_comparison, result.table, result.head)
    _fits(lines)
    text = "\n".join(lines)
    assert "one replicate: no interval" in text
    assert "95% CI" not in text and "n/a" not in text
    assert text.rstrip().endswith("(one replicate: no interval, so no verdict).")


def test_the_verdict_calls_a_difference_only_when_its_interval_excludes_zero():
    result = _comparison(["rule_bound", "empowered"], effect=CLEAR)
    line = sentence(result.table, "rule_bound", "empowered", 730)
    assert line.startswith("empowered vs rule_bound over 730 days: profit -$2.6")
    # profit down (higher is better): rule_bound; churn down (lower is better): empowered
    assert re.search(
        r"profit -\$2\.\d+ M \(95% CI -\$[\d.]+ M to -\$[\d.]+ M: rule_bound better\)", line
    )
    assert re.search(
        r"yearly churn -0\.\d+ pp \(95% CI -[\d.]+ to -[\d.]+ pp: empowered better\)", line
    )
    assert "customers at the end" in line and line.endswith("no clear difference).")
    # the same difference with an interval that includes zero calls nothing
    assert judgement("profit", -2.6e6, -3.7e6, 0.4e6, "a", "b") == "no clear difference"
    assert judgement("profit", -2.6e6, -3.7e6, -1.5e6, "a", "b") == "a better"
    assert judgement("churn_rate_per_year", 0.01, 0.005, 0.015, "a", "b") == "a better"
    assert judgement("churn_rate_per_year", -0.01, -0.015, -0.005, "a", "b") == "b better"
    assert judgement("contacts", 10.0, 5.0, 15.0, "a", "b") == "clear difference"  # no direction
    assert judgement("profit", 1.0, float("nan"), float("nan"), "a", "b") == (
        "one replicate: no interval"
    )
    # three policies: one sentence each, against the first
    three = _comparison(["rule_bound", "empowered", "guardrailed"], effect=CLEAR)
    text = verdict(three.table, three.head["policies"], 730)
    assert "empowered vs rule_bound" in text and "guardrailed vs rule_bound" in text


def test_differences_of_shares_are_percentage_points_and_money_shares_a_scale():
    assert estimate("churn_rate_per_year", 0.088, 0.084, 0.093) == ("8.8%", "8.4 to 9.3%")
    assert estimate("retention_rate", -0.005, -0.007, -0.003, signed=True) == (
        "-0.50 pp",
        "-0.70 to -0.30 pp",
    )
    assert estimate("profit", -2.62e6, -3.74e6, -1.49e6, signed=True) == (
        "-$2.62 M",
        "-$3.74 M to -$1.49 M",
    )
    assert estimate("cost_goodwill", 1880.0, -7.47, 3760.0, signed=True) == (
        "+$1.88 k",
        "-$0.01 k to +$3.76 k",
    )
    assert estimate("mean_wait_s", 43.8, 26.0, 61.6) == ("43.8 s", "26.0 to 61.6 s")
    assert estimate("profit", float("nan")) == ("n/a", "")


def _fake_compare(result: Comparison):  # noqa: ANN202
    def fake(*args, **kwargs):  # noqa: ANN002, ANN003
        return result

    return fake


def test_the_compare_command_prints_the_verdict_and_adds_it_to_json(monkeypatch, capsys):
    import servicesim.experiments.compare as compare_module

    result = _comparison(["rule_bound", "empowered"], effect=CLEAR)
    monkeypatch.setattr(compare_module, "compare", _fake_compare(result))
    monkeypatch.setenv("COLUMNS", str(WIDTH))
    argv = ["compare", "rule_bound", "empowered", "--customers", "250000"]
    assert main(argv) == 0
    lines = capsys.readouterr().out.splitlines()
    _fits(lines)
    assert any(line.startswith("empowered vs rule_bound over 730 days:") for line in lines)
    assert main([*argv, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["verdict"] == verdict(result.table, ["rule_bound", "empowered"], 730)
    assert "rule_bound better" in data["verdict"]
    assert {"policies", "reps", "comparison", "out", "figures"} <= set(data)


def test_a_sweep_summary_fits_and_keeps_its_keys_whole():
    runs = _runs(["rule_bound", "empowered"], 3, CLEAR)
    parts = []
    for point, coverage in enumerate([0.3, 0.9]):
        table = paired_table(runs, ["rule_bound", "empowered"], ["profit", "retention_rate"])
        parts.append(
            table.assign(point=point, versus="rule_bound")
            .assign(**{"behaviour.promotion_resentment_per_day": coverage})
            .assign(**{"scenario.revenue_per_customer_per_year": 600.0})
        )
    summary = pd.concat(parts, ignore_index=True)
    swept = ["behaviour.promotion_resentment_per_day", "scenario.revenue_per_customer_per_year"]
    lines = _render(print_summary, summary, swept)
    _fits(lines)
    text = "\n".join(lines)
    assert "behaviour.promotion_resentment_per_day = 0.9" in text
    assert "scenario.revenue_per_customer_per_year = 600" in text
    assert "pp" in text and "95% CI" in text


def _decomposition(reps: int) -> dict:
    names = ["empowerment", "servant_leadership", "discretion_spend_share", "metric_focus"]
    ci = (lambda v: [v - 0.1 * abs(v), v + 0.1 * abs(v)]) if reps > 1 else (lambda v: [None] * 2)
    return {
        "a": "rule_bound",
        "b": "positively_outrageous",
        "reps": reps,
        "exact": True,
        "gap": {"profit": -2.6e6, "retention_rate": 0.012},
        "interaction": {"profit": 1.2e5, "retention_rate": -0.001},
        "levers": [
            {
                "name": n,
                "a": 0.1 * i,
                "b": 0.9,
                "shapley": {"profit": -4e5 * (i + 1), "retention_rate": 0.002 * (i - 2)},
                "shapley_ci": {"profit": ci(-4e5 * (i + 1)), "retention_rate": ci(0.002 * (i - 2))},
                "alone_from_a": {"profit": -3.9e5 * (i + 1), "retention_rate": 0.002 * i},
                "alone_from_b": {"profit": -4.1e5 * (i + 1), "retention_rate": 0.002 * i},
            }
            for i, n in enumerate(names)
        ],
    }


@pytest.mark.parametrize("reps", [1, 3])
def test_the_decomposition_table_fits_with_whole_lever_names(reps):
    from servicesim.cli._tables import print_fitted
    from servicesim.cli.decompose import lever_table

    data = _decomposition(reps)

    def show(console: Console) -> None:
        for metric in data["gap"]:
            print_fitted(console, lambda stack, m=metric: lever_table(data, m, "a", "b", stack))

    lines = _render(show)
    _fits(lines)
    text = "\n".join(lines)
    assert all(lever["name"] in text for lever in data["levers"])
    assert ("one replicate: no interval" in text) == (reps == 1)
    assert ("95% CI" in text) == (reps > 1)
    assert "pp" in text


@pytest.mark.parametrize("width", [WIDTH, 70])
def test_params_keeps_every_key_whole_and_hangs_what_wraps(width, monkeypatch, capsys):
    from servicesim.params.config import SECTIONS

    monkeypatch.setenv("COLUMNS", str(width))
    assert main(["params"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert max(len(line) for line in lines) <= width
    keys = {line.split()[0] for line in lines if line.startswith("  ") and " = " in line}
    for section, params in SECTIONS.items():
        for row in params.field_docs():
            assert f"{section}.{row['name']}" in keys, f"{section}.{row['name']} not whole"
    # nothing wraps back to the margin: there only section heads and the closing note begin
    flush = [i for i, line in enumerate(lines) if line and not line.startswith((" ", "["))]
    assert lines[flush[0]].startswith("sources and the basis") and flush[-1] == len(lines) - 1


@pytest.mark.parametrize("width", [80, 100])
def test_the_robustness_table_cuts_nothing_off(width):
    """Outcome labels wrap, numbers stay whole: no '…' at 80 or 100 columns."""
    from functools import partial

    from servicesim.cli._tables import print_fitted
    from servicesim.cli.robustness import outcome_table

    def outcome(metric: str, d: float) -> dict:
        ps = {"p_b_better": 1.0, "p_b_better_low": 0.94, "p_b_better_high": 1.0}
        return {
            "metric": metric,
            "median_diff": d,
            "p05": d / 3,
            "p95": 3 * d,
            **ps,
            "p_b_better_by_replicate": [1.0, 1.0],
            "noise_share": 0.07,
            "halved_c": {"worlds": 29, **ps},
        }

    result = {
        "headline": 44,
        "samples": 64,
        "assumptions": 198,
        "apart": 20,
        "failed": 0,
        "outcomes": [outcome("profit", -503_954.6), outcome("churn_rate_per_year", -0.0056)],
    }
    out = io.StringIO()
    print_fitted(
        Console(file=out, width=width), partial(outcome_table, result, "rule_bound", "empowered")
    )
    lines = out.getvalue().splitlines()
    assert max(len(line) for line in lines) <= width
    assert not any("…" in line for line in lines)
    assert any("churn rate" in line for line in lines) and "-$504 k" in out.getvalue()
