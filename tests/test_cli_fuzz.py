"""Fuzzing the CLI with malformed input: never a traceback, always exit code 0, 1 or 2.

Values are drawn from a mix of plausible and hostile text; sizes stay tiny so that a command
that does succeed finishes in milliseconds.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from servicesim.cli import main

HOSTILE = st.sampled_from(
    [
        "",
        "-1",
        "0",
        "1e309",
        "nan",
        "inf",
        "abc",
        "1.5",
        "[1]",
        "{}",
        "'",
        '"',
        "=",
        "policy.",
        ".x=1",
        "policy.empowerment",
        "policy.empowerment=",
        "policy.empowerment=2",
        "scenario.pulse_start_day=99999",
        "policy.standards_anchored=yes",
        "run.seed=-3",
        "/no/such/file.toml",
        "exp:",
        "lognormal:1",
        "fixed:-1",
        "gamma:3",
        "inf",
        "exp:0",
        "\u00e9\u00e8",
        "0x10",
        "tcp://",
        "--json",
    ]
)
SMALL = st.sampled_from(["100", "150", "200"])
DAYS = st.sampled_from(["1", "2", "3"])

COMMANDS = {
    "run": ["--policy", "--scenario", "--set", "--customers", "--days", "--seed"],
    "queue": [
        "--arrivals-per-hour",
        "--servers",
        "--service",
        "--patience",
        "--hours",
        "--warmup-hours",
        "--seed",
    ],
    "params": [],
    "compare": ["--scenario", "--reps", "--customers", "--days", "--seed"],
    "sweep": ["--workers", "--customers", "--days", "--reps"],
    "plot": ["--kind", "--format"],
    "report": [],
    "validate": ["--days", "--customers"],
    "rerun": [],
    "discover": ["--outcome"],
    "sensitivity": ["--method", "--samples"],
}


@st.composite
def argv(draw):  # noqa: ANN001
    cmd = draw(st.sampled_from(sorted(COMMANDS)))
    args = [cmd]
    if cmd in ("plot", "report", "rerun", "discover", "sweep", "sensitivity"):
        args.append(draw(HOSTILE))
    if cmd == "compare":
        args += draw(
            st.lists(
                st.sampled_from(["rule_bound", "empowered", "nope", ""]), min_size=0, max_size=3
            )
        )
    for opt in (
        draw(st.lists(st.sampled_from(COMMANDS[cmd]), max_size=4, unique=True))
        if COMMANDS[cmd]
        else []
    ):
        if opt == "--customers":
            args += [opt, draw(SMALL | HOSTILE)]
        elif opt == "--days":
            args += [opt, draw(DAYS | HOSTILE)]
        elif opt == "--reps":
            args += [opt, draw(st.sampled_from(["1", "0", "-2", "x"]))]
        elif opt == "--hours":
            args += [opt, draw(st.sampled_from(["1", "0", "-1", "x"]))]
        elif opt == "--arrivals-per-hour":
            args += [opt, draw(st.sampled_from(["10", "0", "-5", "x"]))]
        else:
            args += [opt, draw(HOSTILE)]
    if cmd in ("run", "compare"):
        # keep any successful run tiny
        if "--customers" not in args:
            args += ["--customers", "100"]
        if "--days" not in args:
            args += ["--days", "2"]
    if cmd == "validate" and "--days" not in args:
        args += ["--days", "3"]  # a full validation run is covered by test_validation.py
    if cmd == "queue" and "--hours" not in args:
        args += ["--hours", "1"]
    return args


@pytest.mark.slow
@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(args=argv())
def test_cli_never_tracebacks(args, capsys, tmp_path_factory, compiled):  # noqa: ANN001
    out = tmp_path_factory.mktemp("fuzz")
    if args[0] in ("run", "compare"):
        args = [*args, "--out", str(out / "o")]
    rc = main(args)
    err = capsys.readouterr().err
    assert "Traceback" not in err, (args, err)
    assert rc in (0, 1, 2), (args, rc, err)
    if rc == 2:
        assert err.strip(), (args, "exit 2 without a message")
