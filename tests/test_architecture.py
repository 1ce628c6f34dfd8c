"""The house's rules: imports flow one way with no circles, and no module outgrows reading.

``lint-imports`` checks the contracts written in ``pyproject.toml`` (layers cli > dashboard >
present | bench > api > experiments > core > params > errors, no circle among the modules of
any package, kernels free of Mesa, pandas and matplotlib, no drawing below present/,
presentation never touching a live engine). CONTRIBUTING.md explains them.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "servicesim"
#: declarative parameter tables: one documented row per parameter, longer by nature
TABLES = {"params/scenario.py", "params/policy.py", "params/behaviour.py"}
MAX_LINES = 420  # "about 400"


def test_import_contracts_hold(monkeypatch: pytest.MonkeyPatch) -> None:
    from importlinter.cli import lint_imports

    monkeypatch.chdir(ROOT)
    assert lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True) == 0


def test_a_broken_contract_is_caught(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The check can fail: a core module that draws breaks its contract."""
    from importlinter.cli import lint_imports

    text = (ROOT / "pyproject.toml").read_text()
    bad = PACKAGE / "core" / "_contract_probe.py"
    bad.write_text("import matplotlib  # noqa: F401\n")
    try:
        config = tmp_path / "pyproject.toml"
        config.write_text(text)
        monkeypatch.chdir(ROOT)
        assert lint_imports(config_filename=str(config), no_cache=True) == 1
    finally:
        os.remove(bad)


def test_no_module_outgrows_about_400_lines() -> None:
    long = {
        str(f.relative_to(PACKAGE)): n
        for f in PACKAGE.rglob("*.py")
        if (n := len(f.read_text().splitlines())) > MAX_LINES
    }
    assert set(long) <= TABLES, f"modules over {MAX_LINES} lines: {long}"
