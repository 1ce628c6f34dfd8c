"""``servicesim decompose A B``: which lever carries the gap between two policies."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from servicesim.cli._app import app, print_json
from servicesim.cli._common import (
    SCHEDULER_HELP,
    WARMUP_HELP,
    progress,
    resolve_options,
    warn_small_centre,
    warnings_to_stderr,
    workers_or_cores,
)
from servicesim.cli.run import SCENARIO_HELP, SET_HELP
from servicesim.present.fmt import signed


@app.command("decompose")
def decompose_cmd(
    a: Annotated[str, typer.Argument(metavar="A", help="the policy the gap starts from")],
    b: Annotated[str, typer.Argument(metavar="B", help="the policy the gap goes to")],
    scenario: str = typer.Option("default", "--scenario", help=SCENARIO_HELP),
    reps: int = typer.Option(2, "--reps", help="paired replicates of every coalition"),
    customers: int | None = typer.Option(
        None, "--customers", help="initial customers (default 250,000)"
    ),
    days: int | None = typer.Option(None, "--days", help="horizon in days (default 730)"),
    seed: int = typer.Option(0, "--seed", help="seed of the whole decomposition"),
    sets: Annotated[list[str] | None, typer.Option("--set", help=SET_HELP)] = None,
    permutations: int = typer.Option(
        16,
        "--permutations",
        help="orderings sampled when more than 8 levers differ (fewer run every coalition)",
    ),
    warmup_days: int | None = typer.Option(None, "--warmup-days", help=WARMUP_HELP),
    workers: int | None = typer.Option(None, "--workers", help="local worker processes"),
    scheduler: str | None = typer.Option(None, "--scheduler", help=SCHEDULER_HELP),
    out: Annotated[
        Path | None,
        typer.Option("--out", help="results folder (default results/decompose_A_B)"),
    ] = None,
    resume: bool = typer.Option(False, "--resume", help="continue the decomposition in --out"),
    json_mode: bool = typer.Option(
        False, "--json", help="print the decomposition as one JSON object"
    ),
) -> None:
    """Attribute the gap between two policies to each lever they set differently: one at a
    time from A, one at a time from B, and Shapley values that add up to the gap (paired,
    common random numbers)."""
    from servicesim.experiments.decompose import decompose, levers
    from servicesim.present.waterfall import table_for, write_waterfalls

    with warnings_to_stderr():
        levers(a, b, scenario, sets)  # names A and B if they cannot be read or do not differ
        warn_small_centre(resolve_options(a, scenario, sets, customers, days, seed, warmup_days))
    out = out or Path("results") / f"decompose_{Path(a).stem}_{Path(b).stem}"
    with progress(json_mode, f"decompose {a} {b}") as (on_start, on_done):
        result = decompose(
            a,
            b,
            out,
            scenario,
            reps,
            seed,
            customers,
            days,
            sets,
            permutations,
            warmup_days,
            workers=workers_or_cores(workers),
            scheduler=scheduler,
            resume=resume,
            on_start=on_start,
            on_done=on_done,
        )
    data = result.to_json()
    figures = write_waterfalls(out)
    if json_mode:
        print_json({**data, "out": str(out), "figures": [str(f) for f in figures]})
        return
    console = Console(file=sys.stdout, width=140)
    for metric in data["gap"]:
        rows = table_for(data, metric)
        how = "exact" if result.exact else "sampled orderings"
        title = (
            f"{metric}: {b} - {a} = {signed(metric, data['gap'][metric])}; Shapley value per lever "
            f"({how}) [95% CI over {result.reps} paired replicates], and each lever alone"
        )
        table = Table(title=title, title_justify="left")
        for col in ("lever", a, b, "Shapley [95% CI]", "alone from A", "alone from B"):
            table.add_column(col, justify="right" if col != "lever" else "left")
        for r in rows.itertuples():
            ci = (
                f" [{signed(metric, r.ci_low)}, {signed(metric, r.ci_high)}]"
                if result.reps > 1
                else ""
            )
            table.add_row(
                r.lever,
                str(r.a),
                str(r.b),
                signed(metric, r.shapley) + ci,
                signed(metric, r.alone_from_a),
                signed(metric, r.alone_from_b),
            )
        table.add_row(
            "interaction (gap - sum alone from A)",
            "",
            "",
            "",
            signed(metric, data["interaction"][metric]),
            "",
        )
        console.print(table)
    if result.reps == 1:
        typer.echo("one replicate: no interval")
    typer.echo(
        f"wrote {out}/ (decomposition.csv, decomposition.json, runs.parquet, manifest.json, "
        f"figures/{', figures/'.join(f.name for f in figures)})"
    )
