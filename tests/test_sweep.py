"""Sweeps: executors give identical rows, kill and resume, failed runs, rerun, Dask."""

from __future__ import annotations

import functools
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from servicesim.errors import InputError
from servicesim.experiments import sweep as sweep_mod
from servicesim.experiments.spec import load_spec
from servicesim.experiments.tasks import spec_tasks

SPEC = """
name = "tiny"
question = "test sweep"
policies = ["rule_bound", "empowered"]
replicates = 2
seed = 9
customers = 5000
days = 60

[parameters]
"scenario.rule_coverage" = [0.4, 0.7, 0.9]
"policy.recognition" = 0.2
"""
N_RUNS = 3 * 2 * 2
CLI = "import servicesim.cli.experiments; from servicesim.cli import main; raise SystemExit(main())"


def _cli(argv: list[str]) -> int:
    import servicesim.cli.experiments  # noqa: F401  registers sweep, rerun, ...
    from servicesim.cli import main

    return main(argv)


@pytest.fixture(scope="module")
def spec_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("spec") / "tiny.toml"
    path.write_text(SPEC)
    return path


@pytest.fixture(scope="module")
def baseline(spec_file, tmp_path_factory) -> pd.DataFrame:
    """The uninterrupted sweep, run in this process."""
    out = tmp_path_factory.mktemp("base") / "sweep"
    result = sweep_mod.sweep(load_spec(spec_file), out, workers=1)
    assert result.failed == 0 and result.ran == N_RUNS
    return pd.read_parquet(out / "runs.parquet")


def _rows(folder: Path) -> pd.DataFrame:
    return pd.read_parquet(folder / "runs.parquet").sort_values("run_id").reset_index(drop=True)


def test_sweep_folder_format(baseline, spec_file, tmp_path):
    t = baseline
    assert list(t.columns[:7]) == [
        "run_id",
        "point",
        "policy",
        "replicate",
        "seed",
        "status",
        "scenario.rule_coverage",
    ]
    assert "policy.recognition" not in t.columns  # held, not swept
    assert t["run_id"].is_unique and len(t) == N_RUNS and (t["status"] == "ok").all()
    assert t["error"].isna().all() and t["profit"].notna().all()
    # rows pair across policies: the same seed for the same replicate
    seeds = t.pivot_table(index=["point", "replicate"], columns="policy", values="seed")
    assert (seeds["rule_bound"] == seeds["empowered"]).all()
    out = tmp_path / "again"
    assert (
        _cli(
            ["sweep", str(spec_file), "--out", str(out), "--workers", "1", "--reps", "1", "--json"]
        )
        == 0
    )
    m = json.loads((out / "manifest.json").read_text())
    assert (
        m["kind"] == "sweep"
        and m["swept"] == ["scenario.rule_coverage"]
        and m["spec"]["replicates"] == 1
    )
    assert set(m["runs"].values()) == {"ok"} and len(m["runs"]) == N_RUNS // 2
    assert (
        "wall_s" not in pd.read_parquet(out / "runs.parquet").columns
    )  # timings live in the manifest
    summary = pd.read_csv(out / "summary.csv")  # the spec's outcomes per point, paired
    assert list(summary.columns[:4]) == ["point", "scenario.rule_coverage", "policy", "metric"]
    assert len(summary) == 3 * 2 * 3 and set(summary["versus"]) == {"rule_bound"}
    # an existing folder is not overwritten without --resume
    assert _cli(["sweep", str(spec_file), "--out", str(out), "--workers", "1"]) == 2


@pytest.mark.slow
def test_kill_and_resume_loses_nothing_and_doubles_nothing(baseline, spec_file, tmp_path):
    out = tmp_path / "killed"
    proc = subprocess.Popen(
        [sys.executable, "-c", CLI, "sweep", str(spec_file), "--out", str(out), "--workers", "1"],
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    runs = out / "runs"
    deadline = time.time() + 120
    while time.time() < deadline and proc.poll() is None:
        if (
            runs.is_dir()
            and len([p for p in runs.glob("*.json") if not p.name.startswith(".")]) >= 3
        ):
            break
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    done = len(list(runs.glob("*.json")))
    assert 3 <= done < N_RUNS, "the sweep should be killed part-way"
    assert (
        _cli(["sweep", str(spec_file), "--out", str(out), "--resume", "--workers", "1", "--json"])
        == 0
    )
    resumed = _rows(out)
    assert resumed["run_id"].is_unique and len(resumed) == N_RUNS
    pd.testing.assert_frame_equal(resumed, baseline.sort_values("run_id").reset_index(drop=True))
    assert len(list(runs.glob("*.json"))) == N_RUNS
    # resuming a finished sweep runs nothing; resuming with another spec is refused
    assert sweep_mod.sweep(load_spec(spec_file), out, resume=True).ran == 0
    with pytest.raises(InputError, match="replicates"):
        from servicesim.experiments.spec import shrink

        sweep_mod.sweep(shrink(load_spec(spec_file), reps=1), out, resume=True)


def test_a_run_that_raises_is_recorded_and_resume_retries_it(
    spec_file, baseline, tmp_path, monkeypatch
):
    import servicesim.experiments.simulate as sim

    real = sim.run_config

    def flaky(cfg, **kw):
        if cfg.policy_name == "empowered" and cfg.scenario.rule_coverage == 0.7:
            raise RuntimeError("boom")
        return real(cfg, **kw)

    monkeypatch.setattr(sim, "run_config", flaky)
    out = tmp_path / "flaky"
    res = sweep_mod.sweep(load_spec(spec_file), out, workers=1)
    assert res.failed == 2 and res.ran == N_RUNS
    t = _rows(out)
    bad = t[t["status"] == "failed"]
    assert (
        len(bad) == 2
        and (bad["error"] == "RuntimeError: boom").all()
        and bad["profit"].isna().all()
    )
    monkeypatch.setattr(sim, "run_config", real)
    again = sweep_mod.sweep(load_spec(spec_file), out, workers=1, resume=True)
    assert again.ran == 2 and again.failed == 0
    pd.testing.assert_frame_equal(_rows(out), baseline.sort_values("run_id").reset_index(drop=True))


def test_rerun_repeats_a_row_bit_for_bit_and_notices_a_difference(
    baseline, spec_file, tmp_path, capsys
):
    out = tmp_path / "one"
    sweep_mod.sweep(load_spec(spec_file), out, workers=1)
    run_id = baseline["run_id"].iloc[3]
    assert _cli(["rerun", str(out), run_id]) == 0
    assert "identical" in capsys.readouterr().out
    path = out / "runs" / f"{run_id}.json"
    record = json.loads(path.read_text())
    record["summary"]["profit"] += 1.0
    path.write_text(json.dumps(record))
    res = sweep_mod.rerun(out, run_id)
    assert not res["match"] and list(res["differences"]) == ["profit"]
    assert _cli(["rerun", str(out), run_id[:-1] + "x"]) == 2
    assert "did you mean" in capsys.readouterr().err


@pytest.mark.slow
def test_local_process_pool_gives_the_same_rows(baseline, spec_file, tmp_path):
    out = tmp_path / "pool"
    res = sweep_mod.sweep(load_spec(spec_file), out, workers=2)
    assert res.failed == 0, [r["error"] for r in res.records.values() if r["status"] != "ok"]
    pd.testing.assert_frame_equal(_rows(out), baseline.sort_values("run_id").reset_index(drop=True))


def test_a_pool_whose_workers_die_records_failures_and_finishes(spec_file, tmp_path, monkeypatch):
    # every worker dies on start: the pool is restarted, then the runs are recorded as failed
    monkeypatch.setattr(sweep_mod, "_worker_init", functools.partial(os._exit, 3))
    tasks = spec_tasks(load_spec(spec_file))[:2]
    records = list(sweep_mod.run_many(tasks, workers=2))
    assert sorted(r["run_id"] for r in records) == sorted(t["run_id"] for t in tasks)
    assert all(r["status"] == "failed" and "worker died" in r["error"] for r in records)


@pytest.mark.slow
def test_dask_local_cluster_gives_the_same_rows(baseline, spec_file, tmp_path):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0", host="127.0.0.1"
    ) as cluster:
        out = tmp_path / "dask"
        res = sweep_mod.sweep(load_spec(spec_file), out, scheduler=cluster.scheduler_address)
    assert res.failed == 0, [r["error"] for r in res.records.values() if r["status"] != "ok"]
    pd.testing.assert_frame_equal(_rows(out), baseline.sort_values("run_id").reset_index(drop=True))


def test_unreachable_scheduler_is_an_input_error(monkeypatch):
    monkeypatch.setattr(sweep_mod, "CONNECT_TIMEOUT_S", 1)
    with (
        pytest.raises(InputError, match="--scheduler"),
        sweep_mod.executor_for(1, "tcp://127.0.0.1:1"),
    ):
        pass
