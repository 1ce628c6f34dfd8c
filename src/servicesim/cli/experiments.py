"""``servicesim compare | sweep | sensitivity | discover | rerun``: experiments from the command line."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from servicesim.cli._app import app, print_json
from servicesim.cli._common import (
    FROM_HELP,
    SCHEDULER_HELP,
    SHRINK,
    SWITCH_AT_HELP,
    WARMUP_HELP,
    WORKERS_HELP,
    progress,
    resolve_options,
    small_centre,
    warn_small_centre,
    warnings_to_stderr,
    workers_or_cores,
)
from servicesim.cli._tables import print_comparison, print_summary
from servicesim.cli.run import POLICY_HELP, SCENARIO_HELP, SET_HELP
from servicesim.present.verdict import verdict


@app.command("compare")
def compare_cmd(
    policies: Annotated[list[str], typer.Argument(metavar="POLICY...", help=POLICY_HELP)],
    scenario: str = typer.Option("default", "--scenario", help=SCENARIO_HELP),
    reps: int = typer.Option(10, "--reps", help="paired replicates per policy"),
    customers: int | None = typer.Option(
        None, "--customers", help="initial customers (default 250,000)"
    ),
    days: int | None = typer.Option(None, "--days", help="horizon in days (default 730)"),
    seed: int = typer.Option(0, "--seed", help="seed of the whole comparison"),
    sets: Annotated[list[str] | None, typer.Option("--set", help=SET_HELP)] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="write runs.parquet, timeseries.parquet, comparison.csv, a figure and manifest.json here",
        ),
    ] = None,
    no_crn: bool = typer.Option(
        False,
        "--no-crn",
        help="independent random streams per policy (see what common random numbers buy)",
    ),
    workers: int = typer.Option(1, "--workers", help="local worker processes (1: in this process)"),
    warmup_days: int | None = typer.Option(None, "--warmup-days", help=WARMUP_HELP),
    switch_at: int | None = typer.Option(None, "--switch-at", help=SWITCH_AT_HELP),
    switch_from: str | None = typer.Option(None, "--from", help=FROM_HELP),
    json_mode: bool = typer.Option(False, "--json", help="print the comparison as one JSON object"),
) -> None:
    """Run policies side by side on paired replicates: means, 95% CIs, paired differences and a
    verdict in plain words.

    Every replicate's policies start from the same firm, warmed up under the scenario's status
    quo (--warmup-days); with --switch-at D --from Q each runs Q until day D.
    """
    from servicesim.experiments.compare import compare, compare_tasks, write_compare

    compare_tasks(policies, scenario, 1, seed, True, customers, days, sets)  # names POLICY
    cfg = resolve_options(
        policies[0], scenario, sets, customers, days, seed, warmup_days, switch_at, switch_from
    )
    with warnings_to_stderr():
        warn_small_centre(cfg)
    with progress(json_mode, "compare") as (on_start, on_done):
        result = compare(
            policies,
            scenario,
            reps,
            seed,
            not no_crn,
            customers,
            days,
            sets,
            workers=workers_or_cores(workers),
            on_start=on_start,
            on_done=on_done,
            warmup_days=warmup_days,
            switch_at=switch_at,
            switch_from=switch_from,
        )
    figures = []
    if out is not None:
        from servicesim.present.figures import plot_dir

        figures = plot_dir(write_compare(result, out), kinds=["timeseries"])
    if json_mode:
        print_json(
            {
                **result.head,
                "comparison": result.table.to_dict(orient="records"),
                "verdict": verdict(result.table, result.head["policies"], result.head["days"]),
                "out": str(out) if out else None,
                "figures": [str(f) for f in figures],
            }
        )
        return
    print_comparison(Console(file=sys.stdout), result.table, result.head)
    if out is not None:
        typer.echo(
            f"wrote {out}/ (runs.parquet, timeseries.parquet, comparison.csv, manifest.json"
            f"{', figures/' if figures else ''})"
        )


@app.command("sweep")
def sweep_cmd(
    spec_path: Annotated[
        Path, typer.Argument(metavar="SPEC.toml", help="experiment spec (see experiments/)")
    ],
    workers: int | None = typer.Option(None, "--workers", help=WORKERS_HELP),
    scheduler: str | None = typer.Option(None, "--scheduler", help=SCHEDULER_HELP),
    out: Annotated[
        Path | None, typer.Option("--out", help="results folder (default results/<spec name>)")
    ] = None,
    resume: bool = typer.Option(
        False, "--resume", help="continue the sweep in --out: run only what is missing or failed"
    ),
    customers: int | None = typer.Option(None, "--customers", help=SHRINK["customers"]),
    days: int | None = typer.Option(None, "--days", help=SHRINK["days"]),
    reps: int | None = typer.Option(None, "--reps", help=SHRINK["reps"]),
    json_mode: bool = typer.Option(False, "--json", help="print a summary as one JSON object"),
) -> None:
    """Run every run of an experiment spec; resumable; local processes or a Dask cluster."""
    from servicesim.experiments.spec import load_spec, shrink
    from servicesim.experiments.sweep import sweep
    from servicesim.experiments.tasks import spec_tasks

    spec = shrink(load_spec(spec_path), customers, days, reps)
    out = out or Path("results") / spec.name
    with warnings_to_stderr():
        tasks = spec_tasks(spec)
        small_centre(tasks[0]["config"])
    with (
        progress(json_mode, f"sweep {spec.name}") as (on_start, on_done),
        _interrupt(spec_path, out),
    ):
        result = sweep(
            spec,
            out,
            tasks,
            workers=workers_or_cores(workers),
            scheduler=scheduler,
            resume=resume,
            on_start=on_start,
            on_done=on_done,
        )
    _report_runs(result, json_mode)
    if not json_mode and (result.path / "summary.csv").is_file():
        _print_summary(result.path / "summary.csv")


@contextlib.contextmanager
def _interrupt(spec_path: Path, out: Path) -> Iterator[None]:
    try:
        yield
    except KeyboardInterrupt:
        sys.stderr.write(
            f"\ninterrupted: finished runs are kept in {out}/runs/; continue with\n"
            f"  servicesim sweep {spec_path} --out {out} --resume\n"
        )
        raise typer.Exit(130) from None


def _print_summary(path: Path, max_points: int = 24) -> None:
    """Per outcome: each design point's mean [95% CI] per policy and the paired differences."""
    import pandas as pd

    table = pd.read_csv(path)
    if table["point"].nunique() > max_points:
        typer.echo(f"per-point means and paired differences: {path}")
        return
    swept = list(table.columns[1 : table.columns.get_loc("policy")])
    print_summary(Console(file=sys.stdout), table, swept)
    typer.echo(f"wrote {path}")


def _report_runs(result: Any, json_mode: bool) -> None:
    ok = sum(s == "ok" for s in result.statuses.values())
    summary = {
        "out": str(result.path),
        "runs": len(result.statuses),
        "ok": ok,
        "failed": result.failed,
        "ran_now": result.ran,
        "wall_s": result.wall_s,
    }
    if json_mode:
        print_json(summary)
        return
    typer.echo(
        f"{ok} of {len(result.statuses)} runs ok ({result.ran} run now, {result.failed} failed) "
        f"in {result.wall_s:.1f} s; wrote {result.path}/runs.parquet and manifest.json"
    )
    for rec in result.records.values():
        if rec.get("status") == "failed":
            typer.echo(
                f"  failed {rec['run_id']} ({rec['policy']}, replicate {rec['replicate']}): {rec['error']}",
                err=True,
            )


@app.command("rerun")
def rerun_cmd(
    directory: Annotated[
        Path, typer.Argument(metavar="DIR", help="a sweep or sensitivity results folder")
    ],
    run_id: str = typer.Argument(
        ..., metavar="RUN_ID", help="the run's id (column run_id of runs.parquet)"
    ),
    json_mode: bool = typer.Option(False, "--json", help="print the result as one JSON object"),
) -> None:
    """Re-run one recorded run from its stored configuration and seed; exit 1 if it differs."""
    from servicesim.experiments.sweep import rerun

    res = rerun(directory, run_id)
    if json_mode:
        print_json(res)
    elif res["match"]:
        typer.echo(f"run {run_id}: identical ({res['status']}; rerun took {res['wall_s']:.1f} s)")
    else:
        typer.echo(f"run {run_id}: DIFFERS from the recorded run", err=True)
        for m, (was, now) in res["differences"].items():
            typer.echo(f"  {m}: recorded {was!r}, now {now!r}", err=True)
        if res["error"]:
            typer.echo(f"  error now: {res['error']}", err=True)
    if not res["match"]:
        raise typer.Exit(1)


# The analysis commands (sensitivity, discover) live beside this module; importing it registers them.
