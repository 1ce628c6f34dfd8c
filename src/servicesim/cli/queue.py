"""``servicesim queue``: run the contact-centre queue on its own and compare it with Erlang C/A."""

from __future__ import annotations

import math
import sys
from typing import Any

import typer

from servicesim.cli._app import app, print_json
from servicesim.core.queue import (
    PATIENCE_FORMS,
    SERVICE_FORMS,
    parse_dist,
    simulate_queue,
)
from servicesim.errors import InputError

# Library parameter names -> the options that set them, so errors name what the user typed.
_OPTION = {
    "arrivals_per_hour": "--arrivals-per-hour",
    "servers": "--servers",
    "service": "--service",
    "patience": "--patience",
    "hours": "--hours",
    "warmup_hours": "--warmup-hours",
    "seed": "--seed",
}
_N_BATCHES = 20
_STATS = [  # key, column header (units), format
    ("p_wait", "waited\n(share)", "{:.4f}"),
    ("mean_wait_s", "mean wait\n(s)", "{:.2f}"),
    ("service_level_20s", "answered\n≤ 20 s\n(share)", "{:.4f}"),
    ("p_abandon", "abandoned\n(share)", "{:.4f}"),
    ("occupancy", "occupancy\n(share)", "{:.4f}"),
    ("mean_service_s", "mean\nservice\n(s)", "{:.1f}"),
]


_HELP = (
    "Simulate an FCFS M/G/c+G queue (Poisson arrivals, c servers, impatient customers) and "
    "report waits, abandonment and occupancy.\n\n"
    "Contacts still waiting at closing are served in paid overtime (they may still abandon). "
    "With exponential service and exponential or infinite patience the Erlang A / Erlang C "
    "values are shown beside the simulated ones. Standard errors are batch means over 20 equal "
    "windows after the warm-up."
)


@app.command("queue", help=_HELP)
def queue_command(
    arrivals_per_hour: str = typer.Option(
        ...,
        "--arrivals-per-hour",
        metavar="FLOAT",
        help="Poisson arrival rate (contacts per hour), > 0.",
    ),
    servers: str = typer.Option(
        ..., "--servers", metavar="INT", help="Number of servers (agents), an integer >= 1."
    ),
    service: str = typer.Option(
        ..., "--service", metavar="DIST", help=f"Service time, seconds: {SERVICE_FORMS}."
    ),
    patience: str = typer.Option(
        ..., "--patience", metavar="DIST", help=f"Patience, seconds: {PATIENCE_FORMS}."
    ),
    hours: str = typer.Option(
        ..., "--hours", metavar="FLOAT", help="Opening hours (h); arrivals stop at closing, > 0."
    ),
    warmup_hours: str | None = typer.Option(
        None,
        "--warmup-hours",
        metavar="FLOAT",
        help="Warm-up (h) excluded from the statistics, >= 0 and < --hours. "
        "Default: 10% of --hours, at most 1 h.",
    ),
    seed: str = typer.Option(..., "--seed", metavar="INT", help="Random seed, an integer >= 0."),
    json_out: bool = typer.Option(
        False, "--json", help="Print one JSON object on stdout instead of a table."
    ),
) -> None:
    """Run ``simulate_queue`` from the command line (help text in ``_HELP``)."""
    # Numbers are parsed here, not by typer, so that every bad value gets the same one-line
    # InputError (named option, value, allowed) and exit code 2.
    rate = _parse(float, "--arrivals-per-hour", arrivals_per_hour, "a finite number > 0")
    n_servers = _parse(int, "--servers", servers, "an integer >= 1")
    hours_f = _parse(float, "--hours", hours, "a finite number > 0")
    warm = None
    if warmup_hours is not None:
        warm = _parse(float, "--warmup-hours", warmup_hours, "a number >= 0 and < --hours")
    seed_i = _parse(int, "--seed", seed, "an integer >= 0")
    try:
        service_d = parse_dist(service, "--service", allow_infinite=False)
        patience_d = parse_dist(patience, "--patience")
        result = simulate_queue(rate, n_servers, service_d, patience_d, hours_f, seed_i, warm)
    except InputError as err:
        option = _OPTION.get(str(err.name), err.name)
        raise InputError(option, err.value, err.allowed, err.hint) from None
    summary = result.summary()
    theory = result.theory()
    se = result.batch_stats(_N_BATCHES)["se"] if summary["contacts"] >= 2 * _N_BATCHES else None
    out: dict[str, Any] = {
        "command": "queue",
        "inputs": {
            "arrivals_per_hour": rate,
            "servers": n_servers,
            "service": str(service_d),
            "patience": str(patience_d),
            "hours": hours_f,
            "warmup_hours": result.warmup_s / 3600.0,
            "seed": seed_i,
        },
        **summary,
        "se": se,
        "theory": theory,
    }
    if json_out:
        print_json(out)
        return
    _print_table(out)


def _parse(kind: type, option: str, text: str, allowed: str) -> Any:
    """``int(text)`` or ``float(text)``, or an InputError naming the option."""
    try:
        return kind(text.strip())
    except ValueError:
        raise InputError(option, text, allowed) from None


def _fmt(value: Any, fmt: str) -> str:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "inf" if value == math.inf else "-"
    return fmt.format(value)


def _print_table(out: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    inp = out["inputs"]
    console = Console(file=sys.stdout)
    title = (
        f"{inp['arrivals_per_hour']:g} contacts/h, {inp['servers']} servers, service "
        f"{inp['service']}, patience {inp['patience']}, {inp['hours']:g} h "
        f"(warm-up {inp['warmup_hours']:g} h), seed {inp['seed']}"
    )
    table = Table(title=title, title_justify="left")
    table.add_column("")
    for _, header, _ in _STATS:
        table.add_column(header, justify="right")
    table.add_row("simulated", *(_fmt(out[k], f) for k, _, f in _STATS))
    if out["se"] is not None:
        table.add_row("± s.e.", *(_fmt(out["se"][k], f) for k, _, f in _STATS))
    theory = out["theory"]
    if theory is not None:
        name = theory["model"].split(" (")[0]
        if not theory["stable"]:
            name += " (unstable: load >= servers)"
        table.add_row(name, *(_fmt(theory[k], f) for k, _, f in _STATS))
    console.print(table)
    console.print(
        f"contacts after warm-up: {out['contacts']:,} (served {out['served']:,}, abandoned "
        f"{out['abandoned']:,}); whole day: {out['contacts_total']:,} contacts, "
        f"overtime {out['overtime_s'] / 3600:.2f} server-hours after closing."
    )
    if theory is None:
        console.print(
            "No analytic reference: Erlang values need exponential service and "
            "exponential or infinite patience."
        )
