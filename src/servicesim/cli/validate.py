"""``servicesim validate``: the calibration table; exit 1 when a check misses."""

from __future__ import annotations

import typer
from rich.console import Console
from rich.markup import escape

from servicesim.cli._app import app, print_json
from servicesim.cli._tables import label_column, make_table, number_column, print_fitted


@app.command("validate")
def validate_cmd(
    customers: int = typer.Option(250_000, "--customers", help="customers in the validation run"),
    days: int = typer.Option(
        730,
        "--days",
        help="measured days (after the warm-up); at least 365 for the 12-month windows",
    ),
    seed: int = typer.Option(0, "--seed", help="random seed"),
    json_mode: bool = typer.Option(False, "--json", help="print the checks as JSON"),
) -> None:
    """Compare the model's realised behaviour with each published calibration input."""
    from servicesim.errors import InputError
    from servicesim.experiments.validation import run_validation

    if days < 365:
        raise InputError(
            "--days", days, "at least 365 (risk is followed 12 months after an episode)"
        )
    checks, _ = run_validation(customers, days, seed)
    failed = [c for c in checks if c.binding and not c.ok]
    if json_mode:
        print_json({"ok": not failed, "checks": [c.__dict__ | {"ok": c.ok} for c in checks]})
    else:
        table = make_table(
            f"Calibration: default scenario under its status quo, {customers:,} customers, "
            f"{days} measured days after the warm-up, seed {seed}"
        )
        label_column(table, "check", [c.name for c in checks], most=16)
        for col in ("published", "realised", "tolerance", "n", "result"):
            number_column(table, col)
        label_column(table, "source", [c.source for c in checks], most=16)
        for c in checks:
            res = ("ok" if c.ok else "MISS") if c.binding else "(context)"
            table.add_row(
                escape(c.name),
                f"{c.published:.3g}",
                f"{c.realised:.3g}",
                f"{c.low:.3g}..{c.high:.3g}",
                f"{c.n:,}",
                res,
                escape(c.source),
                end_section=True,
            )
        print_fitted(Console(), lambda _stack: table)
    if failed:
        raise typer.Exit(1)
