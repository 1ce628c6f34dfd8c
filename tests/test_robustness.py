"""`servicesim robustness`: worlds drawn over the plausible ranges, paired policies, shares that
match their own run table, resume, Dask, bad input named."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from servicesim.cli import main
from servicesim.core.metrics import SUMMARY
from servicesim.errors import InputError
from servicesim.experiments import robustness as rob
from servicesim.experiments.drivers import delta, delta_rows, n_classes
from servicesim.experiments.robust_stats import DEFAULT_METRICS, NOISE_SHARE_WARN, summary, wilson

#: 4 worlds x 2 replicates x A and B at a tiny size (the status quo's churn: the warm-up's)
TINY = {"samples": 4, "reps": 2, "customers": 2000, "days": 30, "warmup_days": 30}
HALVED = 2
#: an industry band holding every world, so that all of them enter the headline
WIDE = ["scenario.churn_band_low_per_year=0.0", "scenario.churn_band_high_per_year=1.0"]
RUNS = (TINY["samples"] + HALVED) * 2 * TINY["reps"]


def _argv(out: Path, *extra: str, **opts: object) -> list[str]:
    merged = {**TINY, **opts}
    argv = ["robustness", "rule_bound", "empowered", "--out", str(out), "--workers", "1"]
    for key, value in merged.items():
        argv += [f"--{key.replace('_', '-')}", str(value)]
    return argv + ["--halved-samples", str(HALVED), *extra]


def _wide(out: Path, **kwargs: object) -> dict:
    return rob.robustness(
        "rule_bound", "empowered", out, sets=WIDE, **{**TINY, "halved_samples": HALVED, **kwargs}
    )


@pytest.fixture(scope="module")
def wide(tmp_path_factory, compiled):
    """The tiny analysis with every world in the headline, through the CLI's --json."""
    out = tmp_path_factory.mktemp("rob") / "wide"
    sets = [a for s in WIDE for a in ("--set", s)]
    return out, _json(_argv(out, *sets, "--json"))


def _json(argv: list[str]) -> dict:
    import contextlib
    import io

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        assert main(argv) == 0
    return json.loads(buf.getvalue())


def test_at_least_40_assumptions_are_drawn_and_no_lever():
    drawn, held = rob.assumptions()
    keys = [d.key for d in drawn]
    assert len(keys) >= 40 and held == []
    assert all(k.split(".")[0] in ("behaviour", "scenario") for k in keys)
    assert not any(k.startswith("policy.") for k in keys)
    assert "scenario.problem_rate_per_year" in keys and "scenario.margin" not in keys
    assert all(d.low < d.high for d in drawn)
    # a scenario preset's own values define its business: held, not drawn
    drawn_r, held_r = rob.assumptions("routine_transactional")
    assert "scenario.base_churn_per_year" in held_r
    assert "scenario.base_churn_per_year" not in {d.key for d in drawn_r}


def test_worlds_are_a_latin_hypercube_over_the_ranges_and_grade_c_is_halved():
    p = rob.plan("rule_bound", "empowered", samples=8, reps=1, customers=2000, days=10)
    full = [w for w in p.worlds if w.design == "full"]
    halved = [w for w in p.worlds if w.design == "halved_c"]
    assert len(full) == 8 and len(halved) == 4
    for a in p.drawn:
        x = np.array([w.values[a.key] for w in full], float)
        assert ((a.low <= x) & (x <= a.high)).all(), a.key
        if not a.integer:  # one world in each eighth of the range: a Latin hypercube
            strata = np.floor((x - a.low) / (a.high - a.low) * 8).astype(int)
            assert sorted(strata) == list(range(8)), a.key
        h = a.halved()
        xh = np.array([w.values[a.key] for w in halved], float)
        assert ((h.low - 1e-12 <= xh) & (xh <= h.high + 1e-12)).all(), a.key
        if a.grade == "C":
            assert h.high - h.low == pytest.approx((a.high - a.low) / 2)
            assert h.low <= a.default <= h.high
        else:
            assert (h.low, h.high) == (a.low, a.high)
    # A and B meet the same replicate seeds in a world; the worlds' seeds differ
    assert len({tuple(w.seeds) for w in p.worlds}) == len(p.worlds)
    # the status quo's churn is the warm-up's: no extra run; A and B of a replicate go together
    assert p.status_quo_arm == rob.WARMUP and len(p.tasks) == 12 * 2
    groups = pd.Series([t["group"] for t in p.tasks])
    assert groups.value_counts().eq(2).all() and groups.nunique() == 12


def test_without_a_warm_up_the_status_quo_is_measured_once_per_world():
    kw = {"samples": 2, "reps": 2, "customers": 2000, "days": 10, "halved_samples": 0}
    p = rob.plan("guardrailed", "empowered", warmup_days=0, **kw)
    assert p.status_quo_arm == "A" and set(p.arms) == {"A", "B"}
    assert len(p.tasks) == 2 * 2 * 2  # worlds x arms x replicates
    p = rob.plan("rule_bound", "empowered", warmup_days=0, **kw)
    assert p.status_quo_arm == "status_quo" and len(p.tasks) == 2 * (2 * 2 + 1)


def test_runs_parquet_has_a_row_per_world_policy_and_replicate(wide):
    out, data = wide
    t = pd.read_parquet(out / "runs.parquet")
    assert len(t) == RUNS and (t["status"] == "ok").all()
    drawn, _ = rob.assumptions()
    for col in ("sample", "policy", "replicate", "seed", "in_headline", *SUMMARY):
        assert col in t, col
    assert all(d.key in t for d in drawn)
    assert set(t["policy"]) == {"rule_bound", "empowered"}
    ab = t[t["arm"].isin(["A", "B"])]
    assert (ab.groupby(["sample", "replicate"])["seed"].nunique() == 1).all()
    assert ab.groupby(["sample", "replicate"]).size().eq(2).all()
    # every world of the full design is in the headline (the band holds all); halved ones not
    assert t.loc[ab.index, "in_headline"].eq(ab["design"] == "full").all()
    assert data["headline"] == TINY["samples"] and data["apart"] == data["failed"] == 0
    assert data["assumptions"] == len(drawn) >= 40
    for name in ("robustness.csv", "drivers.csv", "manifest.json", "figures/differences.png"):
        assert (out / name).is_file(), name
    assert {o["metric"] for o in data["outcomes"]} == set(DEFAULT_METRICS)


def test_p_b_better_is_the_share_computed_from_runs_parquet(wide):
    out, data = wide
    t = pd.read_parquet(out / "runs.parquet")
    head = t[t["in_headline"]]
    for o in data["outcomes"]:
        m = o["metric"]
        means = head.pivot_table(index="sample", columns="policy", values=m, aggfunc="mean")
        diff = (means["empowered"] - means["rule_bound"]).to_numpy()
        better = SUMMARY[m].direction * diff > 0
        assert o["p_b_better"] == better.mean(), m
        assert o["wins"] == better.sum() and o["worlds"] == len(diff)
        assert o["median_diff"] == pytest.approx(np.median(diff), rel=1e-12, abs=1e-12)
        lo, hi = wilson(int(better.sum()), len(diff))
        assert (o["p_b_better_low"], o["p_b_better_high"]) == (lo, hi)
    csv = pd.read_csv(out / "robustness.csv")
    assert set(csv["design"]) == {"full", "halved_c"}


def test_resume_after_an_interruption_gives_identical_rows(wide, tmp_path):
    out, _ = wide
    seen = []

    def stop(record: dict) -> None:
        seen.append(record)
        if len(seen) == 7:
            raise KeyboardInterrupt

    cut = tmp_path / "cut"
    with pytest.raises(KeyboardInterrupt):
        _wide(cut, on_done=stop)
    assert len(list((cut / "runs").glob("*.json"))) == 7
    again = _wide(cut, resume=True)
    assert again["headline"] == TINY["samples"]
    pd.testing.assert_frame_equal(
        pd.read_parquet(cut / "runs.parquet"), pd.read_parquet(out / "runs.parquet")
    )


def test_a_dask_cluster_gives_identical_rows(wide, tmp_path):
    distributed = pytest.importorskip("distributed")
    out, _ = wide
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=False, dashboard_address=":0"
    ) as cluster:
        _wide(tmp_path / "dask", scheduler=cluster.scheduler_address)
    pd.testing.assert_frame_equal(
        pd.read_parquet(tmp_path / "dask" / "runs.parquet"), pd.read_parquet(out / "runs.parquet")
    )


def test_worlds_outside_the_industry_band_are_reported_apart(tmp_path, compiled):
    data = rob.robustness("rule_bound", "empowered", tmp_path / "o", halved_samples=0, **TINY)
    t = pd.read_parquet(tmp_path / "o" / "runs.parquet")
    worlds = t.drop_duplicates("sample").set_index("sample")
    lo, hi = data["band"]
    inside = worlds["status_quo_churn"].between(lo, hi)
    assert (worlds["world"] == np.where(inside, "headline", "apart")).all()
    assert data["apart"] == int((~inside).sum()) and data["headline"] == int(inside.sum())
    assert 0 < data["apart"] < TINY["samples"]  # this seed and size give both kinds
    assert not t.loc[t["world"] == "apart", "in_headline"].any()


def test_a_world_that_fails_validation_is_a_failed_row(tmp_path, compiled, monkeypatch):
    real = rob.make_task

    def picky(policy, scenario, values, seed, **kw):  # noqa: ANN001, ANN003
        if kw["point"] == 1:
            raise InputError("behaviour.trait_min", 0.9, "at most behaviour.trait_max")
        return real(policy, scenario, values, seed, **kw)

    monkeypatch.setattr(rob, "make_task", picky)
    data = _wide(tmp_path / "o", halved_samples=0)
    t = pd.read_parquet(tmp_path / "o" / "runs.parquet")
    bad = t[t["sample"] == 1]
    assert data["failed"] == 1 and data["headline"] == TINY["samples"] - 1
    assert (bad["status"] == "failed").all() and bad["profit"].isna().all()
    assert bad["error"].str.contains("trait_min").all() and not bad["in_headline"].any()


@pytest.mark.parametrize(
    ("extra", "named"),
    [
        (["--samples", "1"], "--samples"),
        (["--reps", "0"], "--reps"),
        (["--halved-samples", "1"], "--halved-samples"),
    ],
)
def test_bad_counts_exit_2_naming_the_option(extra, named, tmp_path, capsys):
    argv = ["robustness", "rule_bound", "empowered", "--out", str(tmp_path / "o"), *extra]
    assert main(argv) == 2
    assert capsys.readouterr().err.startswith(f"error: {named}:")


def test_the_same_policy_twice_exits_2_naming_b(tmp_path, capsys):
    assert main(["robustness", "rule_bound", "rule_bound", "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: B:") and "differs from A" in err


def test_resume_on_another_runs_folder_exits_2(wide, capsys):
    out, _ = wide
    sets = [a for s in WIDE for a in ("--set", s)]
    assert main(_argv(out, *sets, "--resume", seed=5)) == 2
    err = capsys.readouterr().err
    assert "error: --resume:" in err and "seed" in err


def test_wilson_matches_scipy():
    from scipy.stats import binomtest

    for k, n in ((0, 3), (3, 3), (18, 128), (1, 128), (40, 64)):
        ci = binomtest(k, n).proportion_ci(confidence_level=0.9, method="wilson")
        assert wilson(k, n) == pytest.approx((ci.low, ci.high), abs=1e-12)
    assert all(math.isnan(x) for x in wilson(0, 0))


def test_the_noise_share_tells_replicate_noise_from_the_worlds():
    rng = np.random.default_rng(1)
    worlds = rng.normal(0.0, 1.0, size=(200, 1))
    spread = pd.DataFrame(worlds + rng.normal(0.0, 0.05, size=(200, 4)))
    noise = pd.DataFrame(0.01 * worlds + rng.normal(0.0, 1.0, size=(200, 4)))
    assert summary(spread, 1, 4)["noise_share"] < 0.05
    assert summary(noise, 1, 4)["noise_share"] > NOISE_SHARE_WARN
    ties = summary(pd.DataFrame(np.zeros((5, 2))), 1, 2)
    assert ties["p_b_better"] == 0.0  # a tie is not better
    assert summary(pd.DataFrame([[1.0], [-2.0]]), -1, 1)["p_b_better"] == 0.5


def test_delta_is_salibs_estimator_and_finds_the_input_that_matters():
    from SALib.analyze.delta import calc_delta

    rng = np.random.default_rng(0)
    for n in (16, 64, 200):
        x, y = rng.random(n), rng.normal(size=n)
        y += 3 * x
        m = np.linspace(0, n, n_classes(n) + 1)
        grid = np.linspace(y.min(), y.max(), 100)
        assert delta_rows(x[None], y[None], grid)[0] == pytest.approx(
            calc_delta(y, grid, x, m), rel=1e-12
        )
    x = rng.random((64, 6))
    y = 4 * x[:, 0] + rng.normal(0.0, 0.3, size=64)
    value, half = delta(x, y)
    assert value[0] - half[0] > (value[1:] + half[1:]).max()


def test_drivers_flag_the_input_that_moves_the_difference_and_not_the_dummy():
    from servicesim.experiments.drivers import drivers_table

    rng = np.random.default_rng(2)
    x = pd.DataFrame(rng.random((64, 3)), columns=["behaviour.a", "behaviour.b", "dummy"])
    y = -4 * x["behaviour.a"].to_numpy() + rng.normal(0.0, 0.3, size=64)
    table = drivers_table(x, {"profit": y})
    found = table.set_index("parameter")
    assert list(found.index[found["driver"]]) == ["behaviour.a"]
    assert found.loc["behaviour.a", "spearman"] < -0.8
    assert table["parameter"].iloc[0] == "behaviour.a"  # largest index first


def test_a_policy_set_changes_a_and_b_but_not_the_status_quo_run():
    from servicesim.params.config import from_toml_text

    sets = ["policy.recognition=0.9", "scenario.margin=0.25"]
    p = rob.plan(
        "rule_bound", "empowered", samples=2, reps=1, halved_samples=0, sets=sets, warmup_days=0
    )
    assert "status_quo" in p.arms
    for task in p.tasks:
        cfg = from_toml_text(task["config"])
        arm = p.labels[task["run_id"]][1]
        assert cfg.scenario.margin == 0.25
        assert (cfg.policy.recognition == 0.9) == (arm != "status_quo"), arm
        if arm == "status_quo":
            assert cfg.policy == cfg.status_quo_policy


def test_a_and_b_rows_equal_their_runs_played_alone(wide, compiled):
    """Sharing one warm-up between A and B changes nothing: each row equals its run played on
    its own from a fresh warm-up (how every run was played before A and B were grouped)."""
    from servicesim.experiments import simulate
    from servicesim.experiments.tasks import run_task

    out, _ = wide
    t = pd.read_parquet(out / "runs.parquet").set_index("run_id")
    p = rob.plan("rule_bound", "empowered", sets=WIDE, **{**TINY, "halved_samples": HALVED})
    for task in p.tasks[:4] + p.tasks[-2:]:
        simulate._WARMUPS.clear()
        alone = run_task(task)["summary"]
        assert {m: alone[m] for m in SUMMARY} == pytest.approx(
            t.loc[task["run_id"], list(SUMMARY)].to_dict(), nan_ok=True, rel=0, abs=0
        )


def test_the_status_quo_churn_is_the_warm_up_s(wide, compiled):
    """``status_quo_churn``: customers lost over customer-years at risk in the status quo's
    warm-up (replicate 0; here all 30 days of it), as the summary counts churn."""
    from servicesim.core.model import ServiceModel
    from servicesim.params.config import from_toml_text

    out, _ = wide
    t = pd.read_parquet(out / "runs.parquet")
    first = t[(t["arm"] == "A") & (t["replicate"] == 0)].iloc[0]
    p = rob.plan("rule_bound", "empowered", sets=WIDE, **{**TINY, "halved_samples": HALVED})
    task = next(x for x in p.tasks if x["run_id"] == first["run_id"])
    # the warm-up plays the status quo, whatever the policy under study
    model = ServiceModel(from_toml_text(task["config"]))
    warm = model.timeseries(warmup=True).iloc[: TINY["warmup_days"]]
    churn = warm["churned"].sum() / (warm["customers_active"].sum() / 365.0)
    assert t.loc[t["sample"] == first["sample"], "status_quo_churn"].eq(churn).all()
    man = json.loads((out / "manifest.json").read_text())
    assert man["spec"]["status_quo_churn"].startswith("warm-up")


def test_bundles_keep_a_group_together_in_order():
    from servicesim.experiments.sweep import bundles

    tasks = [{"run_id": i, "group": g} for i, g in enumerate(["x", "y", None, "x", "y", None])]
    assert [[t["run_id"] for t in b] for b in bundles(tasks)] == [[0, 3], [1, 4], [2], [5]]


# --- the spec ------------------------------------------------------------------------------------

MAIN_SPEC = Path(__file__).resolve().parents[1] / "experiments" / "robustness_main.toml"


def test_the_shipped_spec_loads_and_options_override_it():
    from servicesim.experiments.robustness_spec import load_robustness_spec, merge

    spec = load_robustness_spec(MAIN_SPEC)
    assert (spec.a, spec.b, spec.scenario) == ("rule_bound", "empowered", "default")
    assert (spec.samples, spec.replicates, spec.customers, spec.days) == (64, 2, 50_000, 730)
    assert spec.question and spec.name == "robustness_main"
    s = merge(spec, samples=4, days=30, sets=["scenario.margin=0.3"])
    assert (s["samples"], s["days"], s["customers"], s["reps"]) == (4, 30, 50_000, 2)
    assert (s["a"], s["b"], s["sets"], s["halved_samples"]) == (
        "rule_bound",
        "empowered",
        ["scenario.margin=0.3"],
        None,
    )
    with pytest.raises(InputError, match="^A:"):
        merge(None, b="empowered")


def test_a_spec_with_options_gives_the_rows_of_the_same_options(wide, tmp_path):
    out, _ = wide
    held = "\n".join(f'"{s.split("=")[0]}" = {s.split("=")[1]}' for s in WIDE)
    spec = tmp_path / "tiny.toml"
    spec.write_text(
        'kind = "robustness"\na = "rule_bound"\nb = "rule_bound"\nsamples = 64\nreps_note = 1\n'
        f"replicates = 2\ncustomers = 2000\ndays = 30\nwarmup_days = 30\n[parameters]\n{held}\n"
    )
    assert main(["robustness", "--spec", str(spec), "--out", str(tmp_path / "x")]) == 2
    spec.write_text(spec.read_text().replace("reps_note = 1\n", ""))
    # B from the command line over the spec's (the spec's B equals A: refused without it)
    argv = ["robustness", "rule_bound", "empowered", "--spec", str(spec), "--samples", "4"]
    assert main([*argv, "--halved-samples", str(HALVED), "--out", str(tmp_path / "s")]) == 0
    pd.testing.assert_frame_equal(
        pd.read_parquet(tmp_path / "s" / "runs.parquet"), pd.read_parquet(out / "runs.parquet")
    )


@pytest.mark.parametrize(
    ("text", "named", "says"),
    [
        ('a = "rule_bound"\nb = "empowered"\nreps = 2\n', "reps", "'replicates'"),
        ('a = "rule_bound"\nb = "empowered"\nsamples = 1\n', "samples", "an integer >= 2"),
        ('a = "rule_bound"\nb = "empowerd"\n', "b", "empowered"),
        ('b = "empowered"\n', "a", "missing"),
        ('a = "rule_bound"\nb = "empowered"\nhalved_samples = 1\n', "halved_samples", ">= 2"),
        (
            'a = "rule_bound"\nb = "empowered"\n[parameters]\n"policy.recognition" = [0.1, 0.9]\n',
            "parameters.policy.recognition",
            "nothing is swept",
        ),
    ],
)
def test_a_bad_spec_exits_2_naming_the_file_and_key(text, named, says, tmp_path, capsys):
    spec = tmp_path / "bad.toml"
    spec.write_text(text)
    assert main(["robustness", "--spec", str(spec), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: {spec}: {named}:") and says in err, err
    assert not (tmp_path / "o").exists()


def test_a_missing_or_broken_spec_exits_2_naming_it(tmp_path, capsys):
    assert main(["robustness", "--spec", str(tmp_path / "none.toml")]) == 2
    assert "error: --spec:" in capsys.readouterr().err
    (tmp_path / "b.toml").write_text("a = \n")
    assert main(["robustness", "--spec", str(tmp_path / "b.toml")]) == 2
    assert "valid TOML" in capsys.readouterr().err


def test_sweep_refuses_a_robustness_spec_and_says_what_runs_it(tmp_path, capsys):
    assert main(["sweep", str(MAIN_SPEC), "--out", str(tmp_path / "o")]) == 2
    assert "servicesim robustness --spec" in capsys.readouterr().err
