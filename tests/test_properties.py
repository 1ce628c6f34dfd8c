"""Property-based tests (hypothesis): any valid configuration runs cleanly; any invalid one is
rejected before the simulation starts.

Scenario and policy fields are drawn over their full declared ranges; the run itself is kept
tiny (100-400 customers, 2-12 days) so that 200 examples per property fit in CI.
"""

from __future__ import annotations

import math
import typing

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from servicesim.core.metrics import LEDGER
from servicesim.core.model import ServiceModel
from servicesim.errors import InputError
from servicesim.params.config import SECTIONS, preset_names, resolve
from servicesim.params.simconfig import SimConfig

EXAMPLES = 200


def _bounds(model, name):  # noqa: ANN001
    f = model.model_fields[name]
    lo = hi = None
    for m in f.metadata:
        if getattr(m, "ge", None) is not None:
            lo = m.ge
        if getattr(m, "le", None) is not None:
            hi = m.le
    return f, lo, hi


def _field_strategy(model, name: str, days: int):  # noqa: ANN001
    f, lo, hi = _bounds(model, name)
    ann = f.annotation
    if typing.get_origin(ann) is typing.Literal:
        return st.sampled_from(typing.get_args(ann))
    if ann is bool:
        return st.booleans()
    if name == "status_quo":
        return st.sampled_from(preset_names("policies"))
    if ann is str:
        return st.text(max_size=20)
    if name == "pulse_start_day":
        return st.none() | st.integers(0, days - 1)
    if name == "pulse_end_day":
        return st.none() | st.integers(1, days)
    if ann is int:
        return st.integers(int(lo), int(hi if hi is not None else 10**6))
    return st.floats(float(lo), float(hi), allow_nan=False, allow_infinity=False)


@st.composite
def valid_configs(draw):  # noqa: ANN001
    days = draw(st.integers(2, 12))
    customers = draw(st.integers(100, 400))
    tables = {}
    for section in ("scenario", "policy", "behaviour"):
        model = SECTIONS[section]
        tables[section] = {n: draw(_field_strategy(model, n, days)) for n in model.model_fields}
    s, b = tables["scenario"], tables["behaviour"]
    # keep the documented cross-field rules
    if s["minor_share"] + s["major_share"] >= 0.999:
        s["major_share"] = max(0.001, 0.998 - s["minor_share"])
    if b["w_distributive"] + b["w_interactional"] + b["w_procedural"] <= 0:
        b["w_interactional"] = 0.4
    for lo, hi in (
        ("voice_p_minor", "voice_p_major"),
        ("baseline_min", "baseline_max"),
        ("trait_min", "trait_max"),
        ("detractor_threshold", "promoter_threshold"),
    ):
        if b[lo] > b[hi]:
            b[lo], b[hi] = b[hi], b[lo]
    if s["churn_band_low_per_year"] > s["churn_band_high_per_year"]:
        s["churn_band_low_per_year"], s["churn_band_high_per_year"] = (
            s["churn_band_high_per_year"],
            s["churn_band_low_per_year"],
        )
    if s["pulse_end_frac"] <= s["pulse_start_frac"]:
        s["pulse_extra"] = 0.0
    if (
        s["pulse_start_day"] is not None
        and s["pulse_end_day"] is not None
        and s["pulse_end_day"] <= s["pulse_start_day"]
    ):
        s["pulse_end_day"] = None
    start = (
        s["pulse_start_day"]
        if s["pulse_start_day"] is not None
        else round(s["pulse_start_frac"] * days)
    )
    end = (
        s["pulse_end_day"] if s["pulse_end_day"] is not None else round(s["pulse_end_frac"] * days)
    )
    if end <= start:
        s["pulse_extra"] = 0.0
    # leave at least a tenth of staff days on the phones (the validator's rule is 5%)
    # (the status-quo presets train at most 10 days a year)
    p = tables["policy"]
    p["training_days_per_year"] = min(p["training_days_per_year"], 0.5 * s["working_days_per_year"])
    most = max(p["training_days_per_year"], 10.0) / s["working_days_per_year"]
    if most + s["shrinkage"] > 0.9:
        s["shrinkage"] = 0.0
    seed = draw(st.integers(0, 2**31))
    warmup = draw(st.integers(0, 5))
    return SimConfig(
        scenario=s,
        policy=p,
        behaviour=b,
        run={"customers": customers, "days": days, "seed": seed, "warmup_days": warmup},
    )


@pytest.mark.slow
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(cfg=valid_configs())
def test_any_valid_configuration_runs_cleanly(cfg, compiled):  # noqa: ANN001
    model = ServiceModel(cfg, check_invariants=True)  # checks state after every day
    model.run_all()
    summary = model.summary()
    for k, v in summary.items():
        assert not (isinstance(v, float) and math.isinf(v)), k
    for k in (
        "retention_rate",
        "service_level_20s",
        "abandonment_rate",
        "occupancy",
        "fcr_rate",
        "staff_morale",
    ):
        v = summary[k]
        assert math.isnan(v) or 0.0 <= v <= 1.0, (k, v)
    assert sum(summary[k] for k in LEDGER) == pytest.approx(
        summary["cost_total"], rel=1e-9, abs=1e-6
    )
    assert summary["profit"] == pytest.approx(
        summary["revenue"] - summary["cost_total"], rel=1e-9, abs=1e-6
    )
    ts = model.timeseries()
    assert len(ts) == cfg.run.days
    assert (
        not ts.drop(
            columns=[
                "fcr_rate",
                "mean_wait_s",
                "service_level_20s",
                "aht_s",
                "staff_morale",
                "mean_skill",
                "mean_satisfaction",
                "nps",
                "occupancy",
            ]
        )
        .isna()
        .any()
        .any()
    )


@st.composite
def invalid_settings(draw):  # noqa: ANN001
    section = draw(st.sampled_from(["scenario", "policy"]))
    model = SECTIONS[section]
    numeric = [
        n
        for n, f in model.model_fields.items()
        if f.annotation in (int, float) and _bounds(model, n)[1] is not None
    ]
    name = draw(st.sampled_from(numeric))
    _, lo, hi = _bounds(model, name)
    kind = draw(st.sampled_from(["below", "above", "text", "unknown"]))
    if kind == "below":
        value = repr(lo - draw(st.floats(0.01, 1e6)))
    elif kind == "above":
        if hi is None:
            kind = "text"
            value = '"lots"'
        else:
            value = repr(hi + draw(st.floats(0.01, 1e6)))
    if kind == "text":
        value = draw(st.sampled_from(['"lots"', "[1, 2]", "{a = 1}", "nan"]))
    if kind == "unknown":
        name = name + draw(st.sampled_from(["_x", "s", "2"]))
        value = "1"
    return f"{section}.{name}={value}", f"{section}.{name}"


@pytest.mark.slow
@settings(max_examples=EXAMPLES, deadline=None)
@given(item=invalid_settings())
def test_any_invalid_setting_is_rejected_before_running(item):  # noqa: ANN001
    import servicesim.core.model as model_mod

    def boom(*a, **k):  # noqa: ANN002, ANN003
        raise AssertionError("the simulation started")

    text, key = item
    with pytest.MonkeyPatch.context() as mp, pytest.raises(InputError) as err:
        mp.setattr(model_mod.ServiceModel, "__init__", boom)
        resolve("empowered", "default", [text], customers=200, days=10)
    assert key.split(".")[1][:4] in str(err.value) or key in str(err.value)


def test_cross_field_rules_rejected():
    for sets in (
        ["scenario.minor_share=0.6", "scenario.major_share=0.5"],
        ["behaviour.voice_p_minor=0.9", "behaviour.voice_p_major=0.1"],
        ["behaviour.w_distributive=0", "behaviour.w_interactional=0", "behaviour.w_procedural=0"],
    ):
        with pytest.raises((InputError, ValidationError)):
            resolve("empowered", "default", sets)
