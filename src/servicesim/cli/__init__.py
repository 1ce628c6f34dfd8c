"""Command-line interface: the only part of servicesim that reads argv and prints.

Exit codes: 0 success, 1 a check failed (``validate``), 2 bad input (named, no traceback unless
``--debug``).
"""

from __future__ import annotations

import sys
import traceback
import warnings

import click
import typer

try:  # typer >= 0.26 vendors its own click; catch both
    from typer import _click as _tclick  # type: ignore[attr-defined]

    _CLICK_ERRORS: tuple[type[BaseException], ...] = (
        click.ClickException,
        _tclick.exceptions.ClickException,
    )
    _ABORTS: tuple[type[BaseException], ...] = (click.exceptions.Abort,)
    _EXITS: tuple[type[BaseException], ...] = (click.exceptions.Exit,)
except ImportError:  # pragma: no cover
    _CLICK_ERRORS = (click.ClickException,)
    _ABORTS = (click.exceptions.Abort,)
    _EXITS = (click.exceptions.Exit,)

# Importing a command module registers its commands on ``app``.
from servicesim.cli import analysis as _analysis  # noqa: E402,F401
from servicesim.cli import bench as _bench  # noqa: E402,F401
from servicesim.cli import dashboard as _dashboard  # noqa: E402,F401
from servicesim.cli import decompose as _decompose  # noqa: E402,F401
from servicesim.cli import experiments as _experiments  # noqa: E402,F401
from servicesim.cli import guide as _guide  # noqa: E402,F401
from servicesim.cli import plot as _plot  # noqa: E402,F401
from servicesim.cli import queue as _queue  # noqa: E402,F401
from servicesim.cli import robustness as _robustness  # noqa: E402,F401
from servicesim.cli import run as _run  # noqa: E402,F401
from servicesim.cli import validate as _validate  # noqa: E402,F401
from servicesim.cli._app import STATE, app
from servicesim.errors import InputError


@app.callback()
def _root(
    debug: bool = typer.Option(False, "--debug", help="Show full tracebacks for errors."),
) -> None:
    """Simulate customer-service policies and their effect on loyalty and cost."""
    STATE["debug"] = debug


def _print_warning(message, category, filename, lineno, file=None, line=None) -> None:  # noqa: ANN001
    """A warning as one line a user reads, ``warning: ...``, without Python's source line."""
    sys.stderr.write(f"warning: {message}\n")


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``servicesim`` script; returns the exit code."""
    with warnings.catch_warnings():
        warnings.showwarning = _print_warning
        return _main(argv)


def _main(argv: list[str] | None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    STATE["debug"] = "--debug" in args
    command = typer.main.get_command(app)
    try:
        rv = command.main(args=args, prog_name="servicesim", standalone_mode=False)
    except InputError as err:
        if STATE["debug"]:
            traceback.print_exc()
        sys.stderr.write(f"error: {err}\n")
        return 2
    except _ABORTS:
        sys.stderr.write("aborted\n")
        return 130
    except _CLICK_ERRORS as err:
        err.show()
        return err.exit_code  # type: ignore[attr-defined]
    except _EXITS as err:
        return err.exit_code
    except (FileNotFoundError, IsADirectoryError, PermissionError) as err:
        if STATE["debug"]:
            traceback.print_exc()
        sys.stderr.write(f"error: {err.filename}: {err.strerror}\n")
        return 2
    return rv if isinstance(rv, int) else 0


def _script() -> None:
    raise SystemExit(main())
