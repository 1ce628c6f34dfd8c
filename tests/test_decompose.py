"""`servicesim decompose`: Shapley values that add up to the gap, one-at-a-time effects that
equal a paired compare, bad input named."""

from __future__ import annotations

import json

import numpy as np
import pytest

from servicesim.cli import main
from servicesim.errors import InputError
from servicesim.experiments import decompose as dec
from servicesim.experiments.compare import compare

SMALL = {"customers": 5_000, "days": 40, "warmup_days": 20}


def test_shapley_of_an_additive_game_is_each_levers_own_effect():
    own = [3.0, -1.0, 0.5]
    values = {m: sum(own[i] for i in range(3) if m >> i & 1) for m in range(8)}
    assert dec.shapley(values, 3, []) == pytest.approx(own)


def test_shapley_splits_a_pure_interaction_equally():
    values = {m: 1.0 if m & 0b11 == 0b11 else 0.0 for m in range(8)}  # levers 0 and 1 together
    assert dec.shapley(values, 3, []) == pytest.approx([0.5, 0.5, 0.0])


def test_sampled_orderings_add_up_to_the_gap_exactly():
    rng = np.random.default_rng(3)
    n = 11
    masks, orders = dec.coalitions(n, 6, seed=0)
    assert orders and all(sorted(o) == list(range(n)) for o in orders)
    assert orders[1] == orders[0][::-1]  # antithetic pairs
    values = {m: float(rng.normal()) for m in masks}
    phi = dec.shapley(values, n, orders)
    assert sum(phi) == pytest.approx(values[(1 << n) - 1] - values[0], abs=1e-12)
    full = (1 << n) - 1
    assert {1 << i for i in range(n)} <= set(masks)
    assert {full ^ (1 << i) for i in range(n)} <= set(masks)


def test_few_levers_run_every_coalition():
    masks, orders = dec.coalitions(3, 16, seed=0)
    assert masks == list(range(8)) and orders == []


@pytest.fixture(scope="module")
def three_levers(tmp_path_factory, compiled):
    folder = tmp_path_factory.mktemp("dec")
    b = folder / "b.toml"
    b.write_text(
        "[policy]\nempowerment = 0.7\ndiscretion_cap = 200.0\nservant_leadership = 0.8\n"
        "escalation_share = 0.3\nmetric_focus = 0.1\nstandards_anchored = false\n"
        "recognition = 0.1\nfrontline_days_per_month = 0.0\nfeedback_openness = 0.1\n"
        "rule_transparency = 0.2\nhiring_selectivity = 0.2\ntraining_days_per_year = 5.0\n"
        "surprise_rate = 0.0\n"
    )
    result = dec.decompose("rule_bound", str(b), folder / "out", reps=2, seed=3, **SMALL)
    return result, b, folder


def test_the_values_add_up_to_the_gap(three_levers):
    result, _, _ = three_levers
    assert [lv.name for lv in result.levers] == [
        "empowerment",
        "discretion_cap",
        "servant_leadership",
    ]
    assert result.exact
    for metric, gap in result.gap.items():
        got = result.table.loc[result.table["metric"] == metric, "shapley"].sum()
        assert got == pytest.approx(gap, rel=1e-9, abs=1e-9), metric
    assert result.gap["staff_morale"] > 0  # servant leadership and autonomy
    assert (result.table["shapley_ci_low"] <= result.table["shapley"]).all()


def test_alone_from_a_is_the_paired_compare(three_levers):
    result, _, folder = three_levers
    lever = folder / "servant.toml"
    lever.write_text(
        "[policy]\nempowerment = 0.0\ndiscretion_cap = 0.0\nsurprise_rate = 0.0\n"
        "escalation_share = 0.3\nmetric_focus = 0.1\nstandards_anchored = false\n"
        "servant_leadership = 0.8\nrecognition = 0.1\nfrontline_days_per_month = 0.0\n"
        "feedback_openness = 0.1\nrule_transparency = 0.2\nhiring_selectivity = 0.2\n"
        "training_days_per_year = 5.0\n"
    )
    cmp = compare(["rule_bound", str(lever)], reps=2, seed=3, **SMALL)
    t = result.table.set_index(["lever", "metric"])
    diffs = cmp.table.set_index(["metric", "policy"])
    for metric in ("profit", "staff_morale", "retention_rate"):
        want = diffs.loc[(metric, "servant"), "diff"]
        assert t.loc[("servant_leadership", metric), "alone_from_a"] == pytest.approx(
            want, rel=1e-12
        )


def test_the_folder_resumes_without_running_again(three_levers):
    result, b, folder = three_levers
    again = dec.decompose(
        "rule_bound", str(b), folder / "out", reps=2, seed=3, resume=True, **SMALL
    )
    assert again.outcome.ran == 0
    assert again.gap == result.gap
    data = json.loads((folder / "out" / "decomposition.json").read_text())
    assert data["kind"] == "decompose" and len(data["levers"]) == 3
    assert set(data["levers"][0]) == {
        "name",
        "a",
        "b",
        "shapley",
        "shapley_ci",
        "alone_from_a",
        "alone_from_b",
    }


def test_the_same_policy_twice_is_an_input_error(capsys):
    assert main(["decompose", "rule_bound", "rule_bound", "--customers", "2000"]) == 2
    assert "differ in at least one lever" in capsys.readouterr().err


def test_an_unknown_policy_names_its_argument(capsys):
    assert main(["decompose", "rule_bound", "empowerd", "--customers", "2000"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: B:") and "empowered" in err


def test_a_coalition_that_fails_validation_names_its_levers(monkeypatch):
    real = dec.make_task

    def picky(policy, scenario, values, *a, **k):  # noqa: ANN001, ANN002, ANN003
        if "policy.servant_leadership" in values and "policy.empowerment" in values:
            raise InputError("policy.servant_leadership", 0.8, "not with empowerment here")
        return real(policy, scenario, values, *a, **k)

    monkeypatch.setattr(dec, "make_task", picky)
    with pytest.raises(InputError, match=r"coalition \(empowerment, servant_leadership"):
        dec.decompose_tasks("rule_bound", "empowered", reps=1, customers=2000, days=10)


def test_one_replicate_says_so(tmp_path, compiled, capsys):
    b = tmp_path / "b.toml"
    b.write_text("[policy]\nempowerment = 0.0\nservant_leadership = 0.9\n")
    argv = ["decompose", "rule_bound", str(b), "--reps", "1", "--customers", "3000"]
    argv += ["--days", "20", "--warmup-days", "10", "--workers", "1", "--out", str(tmp_path / "o")]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "one replicate: no interval" in out
    assert (tmp_path / "o" / "figures" / "waterfall_profit.png").is_file()


def test_a_nested_tier_table_is_one_lever(tmp_path):
    """The senior tier and latitude by the case (policy group ``tiers``) count as one lever:
    every coalition moves the whole table, so Shapley values attribute the table, not its
    rows."""
    a, b = tmp_path / "a.toml", tmp_path / "b.toml"
    a.write_text("[policy]\nempowerment = 0.8\n")
    b.write_text(
        "[policy]\nempowerment = 0.7\nsenior_extra_latitude = 0.2\nmajor_case_latitude = 0.0\n"
    )
    lev = dec.levers(str(a), str(b))
    assert [lv.name for lv in lev] == ["empowerment", "tiers"]
    tiers = lev[1]
    settings = {"policy.senior_extra_latitude": 0.2, "policy.major_case_latitude": 0.0}
    assert tiers.settings() == settings
    assert tiers.a == "senior_extra_latitude=0.0, major_case_latitude=1.0"
    assert tiers.b == "senior_extra_latitude=0.2, major_case_latitude=0.0"
    assert lev[0].settings() == {"policy.empowerment": 0.7}
    _, masks, _, tasks = dec.decompose_tasks(str(a), str(b), reps=1, **SMALL)
    assert masks == [0, 1, 2, 3]
    assert [t["params"] for t in tasks] == [
        {},
        {"policy.empowerment": 0.7},
        settings,
        {"policy.empowerment": 0.7, **settings},
    ]
