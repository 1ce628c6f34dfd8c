"""The typer application object shared by the command modules, and output helpers.

Command modules (``cli/queue.py``, ``cli/run.py``, ...) import ``app`` from here and register
their commands with ``@app.command()``. Only the CLI prints; library code returns data.
"""

from __future__ import annotations

import json
import math
import sys
from typing import Any

import typer

app = typer.Typer(
    name="servicesim",
    help="Simulate customer-service policies (rule-bound to empowered) and their effect on "
    "loyalty and cost.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

STATE: dict[str, bool] = {"debug": False}


def _jsonable(obj: Any) -> Any:
    if isinstance(obj, float) and not math.isfinite(obj):
        return None
    if hasattr(obj, "item"):  # numpy scalars
        return _jsonable(obj.item())
    if isinstance(obj, dict):
        return {str(k): _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_jsonable(v) for v in obj]
    return obj


def print_json(obj: Any) -> None:
    """Print one JSON object on stdout and nothing else (``--json`` mode)."""
    sys.stdout.write(json.dumps(_jsonable(obj), indent=None, sort_keys=False) + "\n")
    sys.stdout.flush()


def show_progress(json_mode: bool) -> bool:
    """Progress bars only on an interactive terminal, never in --json mode or CI logs."""
    return (not json_mode) and sys.stderr.isatty()
