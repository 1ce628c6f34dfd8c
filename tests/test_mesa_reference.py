"""The plain-Mesa baseline of the benchmark follows the same rules as the fast model.

Its draws come from Mesa's generators, so runs agree in aggregate, not draw for draw: retention
and satisfaction within a few points, volumes within a few per cent, at a few thousand customers.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import mesa
import pytest

from servicesim.bench import SETS
from servicesim.config import resolve
from servicesim.simulate import run_config

PATH = Path(__file__).resolve().parents[1] / "benchmarks" / "mesa_reference.py"
CUSTOMERS, DAYS = 5_000, 90


def load():  # noqa: ANN201
    spec = importlib.util.spec_from_file_location("mesa_reference", PATH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def runs(compiled):  # noqa: ANN001, ANN201
    ref = load()
    cfg = resolve("empowered", "default", SETS, customers=CUSTOMERS, days=DAYS, seed=11)
    slow = ref.MesaServiceModel(cfg)
    slow.run_all()
    return ref, slow, run_config(cfg)


def test_it_is_a_plain_mesa_model(runs) -> None:  # noqa: ANN001
    ref, slow, _ = runs
    assert isinstance(slow, mesa.Model)
    people = slow.agents_by_type[ref.Customer]
    assert len(people) == CUSTOMERS * 3 // 2  # customers + prospects (0.5 per customer)
    assert all(isinstance(a, mesa.Agent) for a in slow.agents)
    assert len(slow.datacollector.get_model_vars_dataframe()) == DAYS


@pytest.mark.slow
def test_agrees_in_aggregate_with_the_fast_model(runs) -> None:  # noqa: ANN001
    _, slow, fast = runs
    s, f, ts = slow.summary(), fast.summary, fast.timeseries
    assert abs(s["retention_rate"] - f["retention_rate"]) < 0.02
    assert abs(s["mean_satisfaction"] - f["mean_satisfaction"]) < 0.015
    assert abs(s["customers_active_end"] / f["customers_active_end"] - 1) < 0.03
    assert abs(s["problems"] / ts["problems"].sum() - 1) < 0.08
    assert abs(s["contacts"] / f["contacts"] - 1) < 0.06
    assert abs(s["churned"] / f["churned"] - 1) < 0.25
    assert abs(s["staff_count"] - ts["staff_count"].mean()) <= 1.0
