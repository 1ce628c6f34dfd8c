"""``servicesim queue``: JSON output, the table, and one-line errors with exit code 2."""

from __future__ import annotations

import json

import pytest

from servicesim.cli import main

BASE = ["queue", "--arrivals-per-hour", "100", "--hours", "20", "--seed", "1"]
GOOD = [*BASE, "--servers", "3", "--service", "exp:60", "--patience", "exp:120"]


def run(capsys, args):
    rc = main(args)
    out, err = capsys.readouterr()
    return rc, out, err


def test_json_prints_one_object_and_nothing_else(capsys):
    rc, out, err = run(capsys, [*GOOD, "--json"])
    assert rc == 0, err
    assert out.endswith("\n") and out.count("\n") == 1
    data = json.loads(out)
    assert isinstance(data, dict)
    for key in ("contacts", "p_wait", "mean_wait_s", "service_level_20s", "p_abandon", "occupancy"):
        assert isinstance(data[key], int | float), key
    assert data["contacts"] > 1000 and 0 < data["p_abandon"] < data["p_wait"] < 1
    assert data["inputs"]["warmup_hours"] == 1.0  # default: 10% of 20 h, at most 1 h
    theory = data["theory"]
    assert theory["model"].startswith("Erlang A")
    assert abs(theory["occupancy"] - data["occupancy"]) < 0.05
    assert set(data["se"]) >= {"p_wait", "mean_wait_s", "occupancy"}


def test_json_is_reproducible_and_theory_only_when_markovian(capsys):
    _, first, _ = run(capsys, [*GOOD, "--json"])
    _, second, _ = run(capsys, [*GOOD, "--json"])
    assert first == second
    _, out, _ = run(
        capsys, [*BASE, "--servers", "3", "--service", "exp:60", "--patience", "inf", "--json"]
    )
    assert json.loads(out)["theory"]["model"].startswith("Erlang C")
    _, out, _ = run(
        capsys,
        [
            *BASE,
            "--servers",
            "3",
            "--service",
            "lognormal:60,30",
            "--patience",
            "exp:120",
            "--json",
        ],
    )
    assert json.loads(out)["theory"] is None
    # unstable Erlang C: no steady state, infinite mean wait becomes null in JSON
    _, out, _ = run(
        capsys, [*BASE, "--servers", "1", "--service", "exp:60", "--patience", "inf", "--json"]
    )
    theory = json.loads(out)["theory"]
    assert theory["stable"] is False and theory["mean_wait_s"] is None


def test_table_has_units_and_erlang_values(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")  # rich wraps at the terminal width
    rc, out, err = run(capsys, [*GOOD, "--warmup-hours", "0.5"])
    assert rc == 0, err
    flat = " ".join(out.split())  # the title wraps to the table's width
    for text in ("simulated", "Erlang A", "(s)", "(share)", "warm-up 0.5 h", "overtime"):
        assert text in flat, text
    rc, out, _ = run(
        capsys, [*BASE, "--servers", "2", "--service", "fixed:60", "--patience", "inf"]
    )
    assert rc == 0 and "No analytic reference" in out


BAD = [
    (["--service", "exp:"], "--service", "'exp:'"),
    (["--service", "lognormal:1"], "--service", "'lognormal:1'"),
    (["--service", "gamma:3"], "--service", "'gamma:3'"),
    (["--service", "fixed:-1"], "--service", "'fixed:-1'"),
    (["--service", "inf"], "--service", "'inf'"),
    (["--patience", "exp:-5"], "--patience", "'exp:-5'"),
    (["--servers", "0"], "--servers", "got 0"),
    (["--servers", "two"], "--servers", "'two'"),
    (["--servers", "2.5"], "--servers", "'2.5'"),
    (["--hours", "-1"], "--hours", "-1"),
    (["--warmup-hours", "20"], "--warmup-hours", "20"),
    (["--warmup-hours", "25"], "--warmup-hours", "25"),
    (["--arrivals-per-hour", "0"], "--arrivals-per-hour", "0"),
    (["--seed", "-2"], "--seed", "-2"),
]


@pytest.mark.parametrize("change,option,value", BAD)
def test_bad_input_exits_2_with_a_one_line_message(capsys, change, option, value):
    args = dict(zip(GOOD[1::2], GOOD[2::2], strict=True))
    args.update(dict(zip(change[0::2], change[1::2], strict=True)))
    argv = ["queue", *[x for kv in args.items() for x in kv], "--json"]
    rc, out, err = run(capsys, argv)
    assert rc == 2
    assert out == ""  # nothing on stdout, not even in --json mode
    assert err.startswith("error: ") and err.count("\n") == 1, err
    assert "Traceback" not in err
    assert option in err and value in err and "allowed:" in err
    if option in ("--service", "--patience"):
        assert "exp:MEAN_S" in err and "lognormal:MEAN_S,SD_S" in err and "fixed:VALUE_S" in err
        assert ("or inf" in err) == (option == "--patience")


def test_help_gives_units(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "250")
    rc, out, _ = run(capsys, ["queue", "--help"])
    assert rc == 0
    for text in ("contacts per hour", "seconds", "Warm-up (h)", "10% of --hours"):
        assert text in out, text
