"""tools/workshop_robustness.py: each workshop button's robustness, computed ahead for the
dashboard (a tiny size here; the real run is `make workshop-robustness`)."""

from __future__ import annotations

import importlib.util
import json
import tomllib
from dataclasses import replace
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def tool():
    spec = importlib.util.spec_from_file_location(
        "workshop_robustness", ROOT / "tools" / "workshop_robustness.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_file_has_a_verdict_per_button(tool, tmp_path, compiled):
    from servicesim import __version__

    out = tmp_path / "robustness.json"
    buttons = ["Scenario 1", "Transparency"]  # a plain button and one with levers
    argv = ["--samples", "2", "--reps", "1", "--customers", "2000", "--days", "30"]
    argv += ["--workers", "1", "--work", str(tmp_path / "work"), "--out", str(out)]
    assert tool.main(argv + [a for b in buttons for a in ("--only", b)]) == 0
    data = json.loads(out.read_text())
    assert data["model"].startswith(__version__)
    assert data["settings"] == {"samples": 2, "reps": 1, "customers": 2000, "days": 30, "seed": 0}
    assert list(data["scenarios"]) == buttons and data["skipped"] == {}
    one = data["scenarios"]["Scenario 1"]
    assert (one["a"], one["b"]) == ("rule_bound", "empowered")
    assert one["sentence"].startswith("empowered makes more profit than rule_bound in ")
    assert "keeps more customers" in one["sentence"]
    assert 0 <= one["worlds"] <= 2
    for entry in data["scenarios"].values():
        assert set(entry["p_b_better"]) == {"profit", "retention_rate"}
        assert all(p is None or 0.0 <= p <= 1.0 for p in entry["p_b_better"].values())
    lever = data["scenarios"]["Transparency"]
    assert lever["a"] == "rule_bound (rule_transparency = 0.2)"
    assert lever["b"] == "rule_bound (rule_transparency = 0.9)"
    assert lever["sentence"].startswith(f"{lever['b']} makes more profit than {lever['a']} in ")


def test_a_lever_button_runs_the_preset_with_that_lever_changed(tool, tmp_path):
    from servicesim.params.preset_files import load_preset

    path, label = tool.policy_file("rule_bound", {"rule_transparency": 0.9}, tmp_path)
    _, own = load_preset("policy", "rule_bound")
    _, changed = load_preset("policy", path)
    assert changed == {**own, "rule_transparency": 0.9} and own["rule_transparency"] != 0.9
    assert label == "rule_bound (rule_transparency = 0.9)"
    assert tool.policy_file("empowered", {}, tmp_path) == ("empowered", "empowered")


def test_a_button_the_command_cannot_express_is_skipped_with_a_reason(tool):
    from servicesim.dashboard.setups import SETUPS

    # every button but the one that switches policy mid-run, which the command cannot express
    assert {s.button: tool.why_not(s) for s in SETUPS if tool.why_not(s)} == {
        "Scenario 6": "a policy switch mid-run: servicesim robustness runs each policy from day 0"
    }
    same = replace(SETUPS[0], policies=("empowered", "empowered"))
    assert "same policy" in tool.why_not(same)


def test_the_file_ships_in_the_wheel():
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert "dashboard/robustness.json" in data["tool"]["setuptools"]["package-data"]["servicesim"]
    make = (ROOT / "Makefile").read_text()
    assert "workshop-robustness:" in make and "tools/workshop_robustness.py" in make
