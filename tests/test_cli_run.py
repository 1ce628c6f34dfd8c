"""`servicesim run`, `params`, `presets`: outputs, JSON mode, exit codes."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from servicesim.cli import main

RUN = [
    "run",
    "--policy",
    "rule_bound",
    "--customers",
    "1000",
    "--days",
    "20",
    "--seed",
    "4",
    "--json",
]


def test_run_json_and_out(tmp_path, capsys, compiled):
    out = tmp_path / "r"
    assert main([*RUN, "--out", str(out)]) == 0
    summary = json.loads(capsys.readouterr().out)
    from servicesim.core.metrics import SUMMARY

    assert set(SUMMARY) <= set(summary)
    for name in ("summary.json", "timeseries.parquet", "config.toml", "manifest.json"):
        assert (out / name).is_file()
    ts = pd.read_parquet(out / "timeseries.parquet")
    assert len(ts) == 20 and "aht_standard_s" in ts and "day" in ts
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["seed"] == 4 and manifest["kind"] == "run"
    # same seed, same summary file
    out2 = tmp_path / "r2"
    assert main([*RUN, "--out", str(out2)]) == 0
    assert (out / "summary.json").read_text() == (out2 / "summary.json").read_text()


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["run", "--set", "policy.empowermnt=1"], "did you mean 'empowerment'"),
        (["run", "--customers", "10"], "run.customers"),
        (["run", "--policy", "nope"], "--policy"),
        (["run", "--scenario", "/no/such/file.toml"], "file not found"),
        (["run", "--days", "10", "--set", "scenario.pulse_start_day=40"], "outside the horizon"),
        (["run", "--customers", "many"], "--customers"),
    ],
)
def test_bad_input_exit_2_no_traceback(args, fragment, capsys):
    rc = main(args)
    err = capsys.readouterr().err
    assert rc == 2
    assert fragment in err
    assert "Traceback" not in err


def test_params_lists_every_key(capsys):
    assert main(["params", "policy", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)["policy"]
    assert any(r["name"] == "discretion_cap" and r["unit"] == "$/case" for r in rows)
    assert main(["params", "polcy"]) == 2


def test_params_behaviour_lists_every_behavioural_number(capsys):
    from servicesim.params.behaviour import BehaviourParams

    assert main(["params", "behaviour", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)["behaviour"]
    assert [r["name"] for r in rows] == list(BehaviourParams.model_fields)
    keys = {"name", "default", "unit", "min", "max", "low", "high", "grade", "meaning", "source"}
    for r in rows:
        assert keys <= set(r), r["name"]
    coldness = next(r for r in rows if r["name"] == "refusal_coldness")
    assert (coldness["default"], coldness["low"], coldness["high"]) == (0.5, 0.2, 0.8)
    assert main(["params", "behaviour"]) == 0
    assert "behaviour.refusal_coldness" in capsys.readouterr().out


def test_validate_miss_exits_1(monkeypatch, capsys):
    """A command's own exit code (typer.Exit(1)) reaches the shell."""
    import servicesim.experiments.validation as validation

    miss = validation.Check("a check", "a source", 0.5, 0.9, 0.4, 0.6, 100)
    monkeypatch.setattr(validation, "run_validation", lambda *a, **k: ([miss], None))
    assert main(["validate", "--json"]) == 1
    assert '"ok": false' in capsys.readouterr().out


def test_numbers_read_as_a_person_reads_them() -> None:
    """Negative money is -$437,205 (not $-437,205); a count and its interval share a format."""
    from servicesim.present.fmt import signed as _signed
    from servicesim.present.fmt import value as fmt

    assert fmt("profit", -437205.2) == "-$437,205"
    assert _signed("profit", -437205.2) == "-$437,205"
    assert _signed("profit", 199247.1) == "+$199,247"
    assert fmt("profit", -12.5) == "-$12.50"
    assert fmt("customers_active_end", 70318.0) == "70,318"
    assert fmt("customers_active_end", 70169.62) == "70,170"
    assert fmt("nps", -1.89) == "-1.89"
