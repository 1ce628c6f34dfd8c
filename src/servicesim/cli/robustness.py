"""``servicesim robustness A B``: how often B beats A over the plausible ranges of the model's
assumptions, and which assumptions decide it."""

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
from servicesim.cli._tables import label_column, make_table, number_column, print_fitted
from servicesim.cli.run import SCENARIO_HELP, SET_HELP
from servicesim.core.metrics import label
from servicesim.present.fmt import share
from servicesim.present.robustness import diff_text


@app.command("robustness")
def robustness_cmd(
    a: Annotated[
        str | None,
        typer.Argument(metavar="[A]", help="the policy compared against (or a in --spec)"),
    ] = None,
    b: Annotated[
        str | None,
        typer.Argument(metavar="[B]", help="the policy that may beat A (or b in --spec)"),
    ] = None,
    spec_path: Annotated[
        Path | None,
        typer.Option(
            "--spec",
            help="read the settings from a robustness spec (TOML, e.g. "
            "experiments/robustness_main.toml); options given here override it",
        ),
    ] = None,
    scenario: str | None = typer.Option(None, "--scenario", help=SCENARIO_HELP),
    samples: int | None = typer.Option(
        None, "--samples", help="worlds drawn (a Latin hypercube; default 64)"
    ),
    halved_samples: int | None = typer.Option(
        None,
        "--halved-samples",
        help="worlds drawn again with every grade-C range halved (default: half of --samples, "
        "at least 2; 0: none)",
    ),
    reps: int | None = typer.Option(
        None, "--reps", help="paired replicates of each policy in each world (default 2)"
    ),
    customers: int | None = typer.Option(
        None, "--customers", help="initial customers (default 250,000)"
    ),
    days: int | None = typer.Option(None, "--days", help="horizon in days (default 730)"),
    seed: int | None = typer.Option(
        None, "--seed", help="seed of the worlds and of their replicates (default 0)"
    ),
    sets: Annotated[
        list[str] | None,
        typer.Option("--set", help=SET_HELP + "; a key set here is held, not drawn"),
    ] = None,
    warmup_days: int | None = typer.Option(None, "--warmup-days", help=WARMUP_HELP),
    workers: int | None = typer.Option(None, "--workers", help="local worker processes"),
    scheduler: str | None = typer.Option(None, "--scheduler", help=SCHEDULER_HELP),
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="results folder (default results/robustness_A_B, or results/NAME of --spec)",
        ),
    ] = None,
    resume: bool = typer.Option(False, "--resume", help="continue the analysis in --out"),
    json_mode: bool = typer.Option(False, "--json", help="print the result as one JSON object"),
) -> None:
    """Draw worlds from the plausible ranges of every behaviour assumption and of the scenario's
    uncertain rows, run A and B paired in each, and report how often B beats A on each outcome,
    across worlds, with what decides it and how much is replicate noise. The settings can come
    from a spec (--spec experiments/robustness_main.toml); options given override it."""
    from servicesim.experiments.robustness import check_inputs, robustness
    from servicesim.experiments.robustness_spec import load_robustness_spec, merge
    from servicesim.present.robustness import verdict, write_figures

    spec = load_robustness_spec(spec_path) if spec_path is not None else None
    s = merge(
        spec,
        a=a,
        b=b,
        scenario=scenario,
        samples=samples,
        halved_samples=halved_samples,
        reps=reps,
        seed=seed,
        customers=customers,
        days=days,
        warmup_days=warmup_days,
        sets=sets,
    )
    a, b, scenario, samples, reps, seed = (
        s["a"], s["b"], s["scenario"], s["samples"], s["reps"], s["seed"]
    )  # fmt: skip
    customers, days, warmup_days, sets = s["customers"], s["days"], s["warmup_days"], s["sets"]
    halved_samples = s["halved_samples"]
    check_inputs(a, b, scenario, samples, reps, seed, halved_samples, sets)
    with warnings_to_stderr():
        warn_small_centre(resolve_options(a, scenario, sets, customers, days, seed, warmup_days))
    default_out = s["name"] if spec is not None else f"robustness_{Path(a).stem}_{Path(b).stem}"
    out = out or Path("results") / default_out
    with progress(json_mode, f"robustness {a} {b}") as (on_start, on_done):
        result = robustness(
            a,
            b,
            out,
            scenario,
            samples,
            reps,
            seed,
            customers,
            days,
            warmup_days,
            sets,
            halved_samples,
            workers=workers_or_cores(workers),
            scheduler=scheduler,
            resume=resume,
            on_start=on_start,
            on_done=on_done,
        )
    figures = write_figures(out)
    if json_mode:
        print_json({**result, "figures": [str(f) for f in figures]})
        return
    console = Console(file=sys.stdout)  # rich fits the terminal
    print_fitted(console, partial(outcome_table, result, a, b))
    for metric in result["drivers"]:
        typer.echo(verdict(result, metric))
    for w in result["warnings"]:
        typer.echo(f"warning: {w}", err=True)
    names = ", ".join(f"figures/{f.name}" for f in figures)
    typer.echo(f"wrote {out}/ (runs.parquet, robustness.csv, drivers.csv, manifest.json, {names})")


def outcome_table(result: dict[str, Any], a: str, b: str, stack: bool = False) -> Table:
    """The robustness of each outcome in the house's table style (``cli/_tables.py``): outcome
    labels wrap, numbers never do, nothing is cut off. ``stack``: ranges on two lines."""
    title = (
        f"{escape(Path(b).stem)} - {escape(Path(a).stem)} across {result['headline']} of "
        f"{result['samples']} worlds ({result['assumptions']} assumptions drawn; "
        f"{result['apart']} apart: status quo outside the industry churn band; "
        f"{result['failed']} failed)"
    )
    table = make_table(title, "pp: percentage points; noise: the replicates' share of the spread")
    label_column(table, "outcome", [label(o["metric"]) for o in result["outcomes"]])
    for header in (
        "median\nB - A",
        "90% of worlds",
        "B better in\n[90% CI]",
        "by\nreplicate",
        "noise",
        "grade-C\nhalved",
    ):
        number_column(table, header)
    sep = "\n" if stack else " "
    for o in result["outcomes"]:
        m, h = o["metric"], o["halved_c"]
        table.add_row(
            label(m),
            diff_text(m, o["median_diff"]),
            f"{diff_text(m, o['p05'])} ..{sep}{diff_text(m, o['p95'])}",
            f"{share(o['p_b_better'], 0)}{sep}[{share(o['p_b_better_low'], 0)}, "
            f"{share(o['p_b_better_high'], 0)}]",
            " / ".join(share(p, 0) for p in o["p_b_better_by_replicate"]),
            share(o["noise_share"], 0),
            f"{share(h['p_b_better'], 0)} of {h['worlds']}" if h["worlds"] else "-",
        )
    return table
