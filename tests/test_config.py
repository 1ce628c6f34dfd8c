"""Parameters, presets and overrides: everything bad is rejected before a run, with a clear error."""

from __future__ import annotations

import pytest

from servicesim.errors import CombinationError, InputError
from servicesim.params.config import (
    from_toml_text,
    load_preset,
    parse_sets,
    preset_names,
    resolve,
    to_toml,
)
from servicesim.params.policy import PolicyParams
from servicesim.params.scenario import ScenarioParams


def test_presets_all_resolve():
    for pol in preset_names("policies"):
        for scen in preset_names("scenarios"):
            cfg = resolve(pol, scen, days=100)
            assert cfg.policy_name == pol and cfg.scenario_name == scen


def test_required_presets_exist():
    assert {
        "rule_bound",
        "empowered",
        "guardrailed",
        "outsourced_efficiency",
        "positively_outrageous",
    } <= set(preset_names("policies"))
    assert {"default", "routine_transactional", "complex_relational", "demand_shock"} <= set(
        preset_names("scenarios")
    )


def test_rule_bound_levers():
    cfg = resolve("rule_bound")
    assert cfg.policy.empowerment == 0.0
    assert cfg.policy.standards_anchored is False
    assert cfg.policy.metric_focus < 0.5


def test_every_field_documented():
    for model in (PolicyParams, ScenarioParams):
        for row in model.field_docs():
            assert row["meaning"] and row["source"] and row["unit"], row["name"]


def test_set_overrides_and_types():
    cfg = resolve(
        "rule_bound",
        "default",
        [
            "policy.empowerment=0.4",
            "policy.standards_anchored=true",
            "scenario.problem_rate_per_year=1",
        ],
    )
    assert cfg.policy.empowerment == 0.4
    assert cfg.policy.standards_anchored is True
    assert cfg.scenario.problem_rate_per_year == 1.0


def test_typo_suggests_nearest_key():
    with pytest.raises(InputError) as err:
        resolve("empowered", "default", ["policy.empowermnt=0.3"])
    assert "empowermnt" in str(err.value) and "did you mean 'empowerment'" in str(err.value)


@pytest.mark.parametrize(
    "item, fragment",
    [
        ("policy.empowerment=3", "between 0 and 1"),
        ("policy.empowerment=abc", "policy.empowerment"),
        ("policy.standards_anchored=maybe", "bool"),
        ("scenario.rule_coverage=-0.1", "scenario.rule_coverage"),
        ("nonsense", "SECTION.KEY=VALUE"),
        ("x.y=1", "scenario.KEY"),
    ],
)
def test_bad_values_named(item, fragment):
    with pytest.raises(InputError) as err:
        resolve("empowered", "default", [item])
    assert fragment in str(err.value)


def test_pulse_outside_horizon_and_backwards():
    with pytest.raises(CombinationError, match="outside the horizon"):
        resolve("empowered", "default", ["scenario.pulse_start_day=200"], days=100)
    with pytest.raises(InputError, match="before it starts"):
        resolve(
            "empowered",
            "default",
            ["scenario.pulse_start_day=50", "scenario.pulse_end_day=20"],
            days=100,
        )


def test_demand_shock_fits_any_horizon():
    for days in (10, 100, 730):
        cfg = resolve("empowered", "demand_shock", days=days)
        from servicesim.params.simconfig import pulse_days

        start, end = pulse_days(cfg.scenario, days)
        assert 0 <= start < end <= days


def test_unknown_preset_and_files(tmp_path):
    with pytest.raises(InputError, match="did you mean 'rule_bound'"):
        resolve("rule_bund")
    bad = tmp_path / "bad.toml"
    bad.write_text("[policy\nempowerment = 1")
    with pytest.raises(InputError, match="valid TOML"):
        resolve(str(bad))
    with pytest.raises(InputError, match="file not found"):
        resolve(str(tmp_path / "missing.toml"))
    wrong = tmp_path / "wrong.toml"
    wrong.write_text("[scenario]\nrule_coverage = 0.5\n")
    with pytest.raises(InputError, match=r"\[policy\] table"):
        resolve(str(wrong))
    typo = tmp_path / "typo.toml"
    typo.write_text("[policy]\nempowerment = 0.5\ndiscretion_capp = 10\n")
    with pytest.raises(InputError, match="discretion_cap"):
        resolve(str(typo))


def test_policy_file_and_toml_roundtrip(tmp_path):
    f = tmp_path / "mine.toml"
    f.write_text("[policy]\nempowerment = 0.25\n")
    name, table = load_preset("policy", str(f))
    assert name == "mine" and table == {"empowerment": 0.25}
    cfg = resolve(str(f), "complex_relational", ["scenario.pulse_start_day=3"], days=50, seed=9)
    assert from_toml_text(to_toml(cfg)) == cfg


def test_parse_sets_structure():
    assert parse_sets(["policy.empowerment=0.5", "scenario.rule_coverage=0.9"]) == {
        "policy": {"empowerment": 0.5},
        "scenario": {"rule_coverage": 0.9},
    }


def test_small_population_floor():
    with pytest.raises(InputError, match="run.customers"):
        resolve(customers=50)
