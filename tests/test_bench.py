"""The benchmark's measurements run and its tables render (tiny sizes; timings not asserted)."""

from __future__ import annotations

import pytest

from servicesim.bench import harness as bench
from servicesim.cli.bench import markdown, sections


def test_hotspots_time_every_phase_of_the_day(compiled) -> None:  # noqa: ANN001
    """Every phase of the engine's recipe is timed, each takes real time, and phases are
    timed apart (none inside another): what is left over is not negative."""
    from servicesim.core.engine import PHASES

    res = bench.measure_hotspots(1500, 5)
    stages = {s["stage"]: s["s"] for s in res["stages"]}
    for name, _ in PHASES:
        assert stages[name] > 0, name
    assert stages["other (Python in ServiceModel.step)"] >= 0


@pytest.fixture(scope="module")
def small_result(compiled) -> dict:  # noqa: ANN001
    sizes = [bench.measure_size(n, 5, 1) for n in (1000, 2000)]
    fake_pool = {
        w: {
            "runs_per_min": rate,
            "wall_s": wall,
            "startup_s": 1.0,
            "worker_cache": [{"compiled": 0, "loaded": 3}] * w,
        }
        for w, rate, wall in ((1, 10.0, 6.0), (2, 19.0, 3.2))
    }
    return {
        "quick": True,
        "machine": bench.machine(),
        "started": "now",
        "load_average_start": (0.0, 0.0, 0.0),
        "load_average_end": (0.0, 0.0, 0.0),
        "cpu_reference_start_s": bench.cpu_reference(),
        "cpu_reference_end_s": 0.5,
        "compile_second": {"warm_up_s": 0.1, "compiled": 0, "loaded": 3, "cache_dir": "x"},
        "sizes": sizes,
        "memory_slope_bytes_per_customer": 150.0,
        "threads": [],
        "mesa": bench.measure_mesa(300, 3, repeats=1),
        "sweep": {
            "runs": 2,
            "customers": 1000,
            "days": 5,
            "pool": {**fake_pool, "ratio": 1.9},
            "run_many": {**fake_pool, "ratio": 1.9},
        },
        "hotspots": bench.measure_hotspots(1000, 3),
    }


def test_mesa_and_fast_model_are_both_timed(small_result) -> None:  # noqa: ANN001
    m = small_result["mesa"]
    assert m["mesa_step_s"] > 0 and m["fast_step_s"] > 0
    assert m["ratio"] == pytest.approx(m["mesa_step_s"] / m["fast_step_s"])
    assert len(m["mesa_step_s_runs"]) == 1 and len(m["fast_step_s_runs"]) == 3


def test_targets_and_tables_render(small_result) -> None:  # noqa: ANN001
    res = dict(small_result)
    res["targets"] = bench.targets(res)
    names = [t["target"] for t in res["targets"]]
    assert any("sweep" in n for n in names) and any("Mesa" in n for n in names)
    sweep_row = next(t for t in res["targets"] if "sweep" in t["target"])
    assert sweep_row["met"] is True  # 1.9 >= 1.8
    titles = [title for title, _, _ in sections(res)]
    assert "Targets (issue 7)" in titles
    text = markdown(res, "servicesim bench --quick")
    assert "servicesim bench --quick" in text and "| target |" in text
    assert "0.50 s at end" in text


def test_a_cold_pool_runs_the_tasks_and_its_workers_compile_nothing(compiled) -> None:  # noqa: ANN001
    from servicesim.bench import measures

    tasks = measures._sweep_tasks(2, 800, 5)
    row = measures._cold_pool(tasks, 2)
    assert row["failed"] == 0 and len(row["run_s"]) == 2
    assert row["startup_s"] > 0  # spawning interpreters is never free
    assert all(w["compiled"] == 0 and w["loaded"] > 0 for w in row["worker_cache"])
