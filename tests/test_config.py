"""Parameters, presets and overrides: everything bad is rejected before a run, with a clear error."""

from __future__ import annotations

import tomllib

import pytest

from servicesim.errors import CombinationError, InputError
from servicesim.params.behaviour import BehaviourParams
from servicesim.params.config import (
    MOVED,
    DeprecatedKeyWarning,
    from_dict,
    from_toml_text,
    load_preset,
    outside_plausible,
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
    for model in (PolicyParams, ScenarioParams, BehaviourParams):
        for row in model.field_docs():
            assert row["meaning"] and row["source"] and row["unit"], row["name"]
            assert row["grade"] in ("A", "B", "C"), row["name"]


def test_every_behaviour_row_has_a_numeric_plausible_range_with_its_basis():
    """The ranges an uncertainty analysis draws from: numeric, inside the validity bounds,
    around the default, each with a stated basis; an assumption is never graded A or B."""
    for row in BehaviourParams.field_docs():
        name, lo, hi, d = row["name"], row["low"], row["high"], row["default"]
        assert all(isinstance(x, int | float) for x in (d, lo, hi)), name
        assert row["min"] is not None and row["max"] is not None, name
        assert row["min"] <= lo <= d <= hi <= row["max"] and lo < hi, name
        assert row["basis"] and row["group"], name
        if row["source"].startswith("assumption"):
            assert row["grade"] == "C", name


def test_scenario_rows_say_whether_uncertainty_draws_them():
    rows = ScenarioParams.field_docs()
    assert all(isinstance(r["uncertain"], bool) for r in rows)
    drawn = [r for r in rows if r["uncertain"]]
    assert {"problem_rate_per_year", "patience_mean_s", "base_churn_per_year"} <= {
        r["name"] for r in drawn
    }
    for r in drawn:
        assert r["low"] < r["high"] and r["low"] <= r["default"] <= r["high"], r["name"]


def test_no_name_is_shared_between_sections():
    names = [n for m in (ScenarioParams, PolicyParams, BehaviourParams) for n in m.model_fields]
    assert len(names) == len(set(names))


def test_moved_keys_keep_working_with_a_deprecation_warning(tmp_path):
    """A key that moved from scenario to behaviour works in --set, in a preset file, in a spec
    and in an old results folder's config.toml, each time with a warning naming the new key."""
    with pytest.warns(DeprecatedKeyWarning, match="scenario.refusal_coldness is now behaviour"):
        cfg = resolve("empowered", "default", ["scenario.refusal_coldness=0.3"])
    assert cfg.behaviour.refusal_coldness == 0.3
    old = tmp_path / "old.toml"
    old.write_text("[scenario]\ntalk_neutral = 0.65\nmargin = 0.25\n")
    with pytest.warns(DeprecatedKeyWarning, match="behaviour.talk_neutral"):
        cfg = resolve("empowered", str(old))
    assert cfg.behaviour.talk_neutral == 0.65 and cfg.scenario.margin == 0.25
    text = to_toml(resolve("empowered", "default"))
    assert "[behaviour]" in text
    data = tomllib.loads(text)  # as config.toml was written before the move:
    behaviour = data.pop("behaviour")  # the moved keys under [scenario], no [behaviour]
    data["scenario"].update({k: v for k, v in behaviour.items() if ("scenario", k) in MOVED})
    data["scenario"]["refusal_coldness"] = 0.2
    with pytest.warns(DeprecatedKeyWarning):
        cfg = from_dict(data)
    assert cfg.behaviour.refusal_coldness == 0.2
    assert cfg.behaviour.talk_neutral == BehaviourParams().talk_neutral
    assert MOVED[("scenario", "refusal_coldness")] == ("behaviour", "refusal_coldness")


def test_renamed_keys_keep_working_under_their_new_names():
    """The TARP logistic is now what people say in a survey: stay_* became intent_*; paid
    acquisition is the market's, not a policy lever."""
    with pytest.warns(
        DeprecatedKeyWarning, match="scenario.stay_slope is now behaviour.intent_slope"
    ):
        cfg = resolve("empowered", "default", ["scenario.stay_slope=8"])
    assert cfg.behaviour.intent_slope == 8.0
    with pytest.warns(DeprecatedKeyWarning, match="scenario.paid_acquisition_per_year"):
        cfg = resolve("empowered", "default", ["policy.paid_acquisition_per_year=0.1"])
    assert cfg.scenario.paid_acquisition_per_year == 0.1


def test_values_outside_the_plausible_range_are_allowed_and_listed():
    cfg = resolve("empowered", "default", ["behaviour.intent_slope=20", "scenario.margin=0.3"])
    assert outside_plausible(cfg) == [
        {"key": "behaviour.intent_slope", "value": 20.0, "low": 5.0, "high": 14.0}
    ]
    assert outside_plausible(resolve("empowered", "default")) == []
    with pytest.raises(InputError, match="behaviour.intent_slope"):
        resolve("empowered", "default", ["behaviour.intent_slope=200"])


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
