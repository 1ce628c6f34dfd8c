"""Calibration: realised behaviour of simulated customers against the published inputs."""

from __future__ import annotations

import pytest

from servicesim.cli import main
from servicesim.core.kernels import layout as L
from servicesim.experiments.validation import episodes_frame, run_validation


@pytest.fixture(scope="module")
def validated(compiled):
    return run_validation(customers=250_000, days=730, seed=0)


@pytest.mark.slow
def test_every_calibration_check_passes(validated):
    checks, _ = validated
    failed = [
        f"{c.name}: realised {c.realised:.3f}, allowed {c.low:.3f}..{c.high:.3f} (n={c.n})"
        for c in checks
        if c.binding and not c.ok
    ]
    assert not failed, "\n".join(failed)


@pytest.mark.slow
def test_voice_rises_with_severity(validated):
    _, model = validated
    ep = episodes_frame(model)
    voiced = ep["category"] != L.CAT_SILENT
    assert (
        voiced[ep["severity"] < 5].mean()
        < voiced[(ep["severity"] > 20) & (ep["severity"] < 60)].mean()
        < voiced[ep["severity"] > 100].mean()
    )


@pytest.mark.slow
def test_repurchase_cells_are_measured_not_copied(validated):
    checks, _ = validated
    cells = [c for c in checks if c.name.startswith("say they would buy again")]
    assert len(cells) == 8
    assert all(c.n >= 15 for c in cells)
    assert any(abs(c.realised - c.published) > 1e-3 for c in cells)


def test_validate_cli_rejects_short_runs(capsys):
    assert main(["validate", "--days", "30"]) == 2
    assert "--days" in capsys.readouterr().err
