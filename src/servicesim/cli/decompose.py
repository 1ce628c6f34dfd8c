"""``servicesim decompose A B``: which lever carries the gap between two policies."""

from __future__ import annotations

import sys
from functools import partial
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
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
from servicesim.cli._tables import (
    BOLD,
    estimate_cells,
    label_column,
    make_table,
    number_column,
    print_fitted,
)
from servicesim.cli.run import SCENARIO_HELP, SET_HELP
from servicesim.core.metrics import label
from servicesim.present.fmt import estimate, plain
from servicesim.present.verdict import NO_INTERVAL


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
    from servicesim.present.waterfall import write_waterfalls

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
    console = Console(file=sys.stdout)
    styled = console.color_system is not None
    for metric in data["gap"]:
        print_fitted(console, partial(lever_table, data, metric, a, b, styled=styled))
    typer.echo(
        f"wrote {out}/ (decomposition.csv, decomposition.json, runs.parquet, manifest.json, "
        f"figures/{', figures/'.join(f.name for f in figures)})"
    )


def lever_table(
    data: dict[str, Any], metric: str, a: str, b: str, stack: bool = False, styled: bool = False
) -> Table:
    """One metric of a decomposition (``Decomposition.to_json``): per lever, largest Shapley
    value first, its values under A and B, its Shapley value with the interval, and its effect
    alone from A and from B; then the interaction. ``stack``: intervals on two lines;
    ``styled``: the console shows bold (a Shapley value whose interval excludes zero)."""
    from servicesim.present.waterfall import table_for

    reps = int(data["reps"])
    ci = reps > 1
    gap, _ = estimate(metric, data["gap"][metric], signed=True)
    how = "exact" if data["exact"] else "sampled orderings"
    over = f"95% CI over {reps} paired replicates" if ci else NO_INTERVAL
    title = (
        f"{label(metric)} from A {escape(a)} to B {escape(b)}: B - A = {gap}; Shapley value per "
        f"lever ({how}; {over}), and each lever alone"
    )
    caption = "pp: percentage points" + (BOLD if styled else "")
    caption = caption if ci else f"{NO_INTERVAL}; pp: percentage points"
    table = make_table(title, caption)
    rows = table_for(data, metric)
    label_column(table, "lever", [*rows["lever"], "interaction"])
    for header in ("A", "B"):
        table.add_column(header, justify="right", overflow="fold")
    for header in ("Shapley", "95% CI") if ci else ("Shapley",):
        number_column(table, header)
    number_column(table, "alone\nfrom A")
    number_column(table, "alone\nfrom B")
    for r in rows.itertuples():
        cells = estimate_cells(metric, (r.shapley, r.ci_low, r.ci_high), True, ci, stack)
        alone = [estimate(metric, v, signed=True)[0] for v in (r.alone_from_a, r.alone_from_b)]
        table.add_row(escape(str(r.lever)), plain(r.a), plain(r.b), *cells, *alone)
    interaction, _ = estimate(metric, data["interaction"][metric], signed=True)
    blank = [""] * (2 if ci else 1)
    table.add_row("interaction (gap - sum alone from A)", "", "", *blank, interaction, "")
    return table
