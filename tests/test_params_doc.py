"""docs/parameters.md lists every parameter as the registry has it (regenerate with the tool)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

TOOL = Path(__file__).resolve().parents[1] / "tools" / "params_doc.py"


def test_parameters_doc_is_up_to_date() -> None:
    spec = importlib.util.spec_from_file_location("params_doc", TOOL)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    assert mod.DOC.read_text() == mod.render(), "run: python tools/params_doc.py"
    assert mod.METRICS_DOC.read_text() == mod.render_metrics(), "run: python tools/params_doc.py"
    assert "| `profit` | $ | higher |" in mod.render_metrics()
    assert "`behaviour.refusal_coldness` | 0.5 | 0-1 | 0..1 | 0.2..0.8 |" in mod.render()
