"""``servicesim sensitivity`` and ``servicesim discover``: what drives outcomes, and where a policy wins."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from servicesim.cli._app import app, print_json
from servicesim.cli._common import (
    SCHEDULER_HELP,
    SHRINK,
    WORKERS_HELP,
    progress,
    warnings_to_stderr,
    workers_or_cores,
)
from servicesim.cli._tables import make_table, number_column, print_fitted
from servicesim.present.fmt import number

if TYPE_CHECKING:
    import pandas as pd


@app.command("sensitivity")
def sensitivity_cmd(
    spec_path: Annotated[
        Path,
        typer.Argument(
            metavar="SPEC.toml", help="experiment spec whose swept parameters give the ranges"
        ),
    ],
    method: str = typer.Option(
        "sobol",
        "--method",
        help="sobol (variance shares, S1 and ST) or morris (elementary effects)",
    ),
    samples: int | None = typer.Option(
        None,
        "--samples",
        help="Sobol: base sample N, a power of 2 (runs N x (k+2)); Morris: trajectories (runs N x (k+1))",
    ),
    out: Annotated[
        Path | None,
        typer.Option("--out", help="results folder (default results/<spec name>_<method>)"),
    ] = None,
    workers: int | None = typer.Option(None, "--workers", help=WORKERS_HELP),
    scheduler: str | None = typer.Option(None, "--scheduler", help=SCHEDULER_HELP),
    resume: bool = typer.Option(False, "--resume", help="continue the analysis in --out"),
    customers: int | None = typer.Option(None, "--customers", help=SHRINK["customers"]),
    days: int | None = typer.Option(None, "--days", help=SHRINK["days"]),
    reps: int | None = typer.Option(None, "--reps", help=SHRINK["reps"]),
    json_mode: bool = typer.Option(False, "--json", help="print the indices as one JSON object"),
) -> None:
    """Sobol or Morris sensitivity of each outcome to the spec's parameters (SALib)."""
    from servicesim.experiments.sensitivity import sensitivity
    from servicesim.experiments.spec import load_spec, shrink

    spec = shrink(load_spec(spec_path), customers, days, reps)
    method = method.lower()
    out = out or Path("results") / f"{spec.name}_{method}"
    with (
        warnings_to_stderr(),
        progress(json_mode, f"{method} {spec.name}") as (on_start, on_done),
    ):
        res = sensitivity(
            spec,
            method,
            out,
            samples,
            workers=workers_or_cores(workers),
            scheduler=scheduler,
            resume=resume,
            on_start=on_start,
            on_done=on_done,
        )
    figures = []
    if not res.indices.empty:
        from servicesim.present.figures import plot_dir

        figures = plot_dir(out, kinds=["sensitivity"])
    if json_mode:
        print_json(
            {
                "out": str(out),
                "method": method,
                "indices": res.indices.to_dict(orient="records"),
                "skipped": res.skipped,
                "failed": res.outcome.failed,
            }
        )
        return
    console = Console(file=sys.stdout)
    for outcome, sub in res.indices.groupby("outcome", sort=False):
        print_fitted(console, lambda _stack, o=str(outcome), sub=sub: index_table(o, method, sub))
    for outcome, why in res.skipped.items():
        typer.echo(f"left out {outcome}: {why}", err=True)
    typer.echo(
        f"wrote {out}/indices.csv, runs.parquet, manifest.json{', figures/' if figures else ''}"
    )


def index_table(outcome: str, method: str, indices: pd.DataFrame) -> Table:
    """One outcome's sensitivity indices (rows of ``indices.csv``): a row per parameter, its key
    whole, a column per index with its 95% half-width."""
    from servicesim.core.metrics import describe

    m = describe(outcome.removesuffix("_diff"))
    unit = m.unit if m and m.unit not in ("", "-") else "the outcome's unit"
    what = "shares of the variance" if method == "sobol" else f"effects in {unit}"
    table = make_table(f"{method} sensitivity of {outcome}: {what} (± 95% CI half-width)")
    table.add_column("parameter", no_wrap=True, overflow="fold")
    kinds = list(dict.fromkeys(indices["index"]))
    for k in kinds:
        number_column(table, k)
    for param, rows in indices.groupby("parameter", sort=False):
        vals = rows.set_index("index")
        table.add_row(param, *(_pm(vals.loc[k, "value"], vals.loc[k, "ci"]) for k in kinds))
    return table


def _pm(value: float, ci: float) -> str:
    return number(value) if ci != ci else f"{number(value)} ± {number(ci, 2)}"


@app.command("discover")
def discover_cmd(
    directory: Annotated[Path, typer.Argument(metavar="DIR", help="a sweep results folder")],
    outcome: str = typer.Option(
        "profit_diff",
        "--outcome",
        help="a summary metric, or METRIC_diff: the second policy minus the first, paired by replicate",
    ),
    threshold: float = typer.Option(
        0.0,
        "--threshold",
        help="a design point is a case of interest when the outcome is beyond this",
    ),
    below: bool | None = typer.Option(
        None,
        "--below/--above",
        help="cases lie below / above the threshold (default: the metric's better side)",
    ),
    policy: str | None = typer.Option(
        None,
        "--policy",
        help="the policy whose outcome (or difference) is studied (default: the second)",
    ),
    baseline: str | None = typer.Option(
        None, "--baseline", help="the policy differences are taken from (default: the first)"
    ),
    min_coverage: float = typer.Option(
        0.5,
        "--min-coverage",
        help="report the densest box holding at least this share of the cases",
    ),
    alpha: float = typer.Option(0.1, "--alpha", help="share of the points peeled per PRIM step"),
    paste_alpha: float = typer.Option(
        0.05, "--paste-alpha", help="share of the points pasted back per PRIM step"
    ),
    min_mass: float = typer.Option(
        0.05, "--min-mass", help="the smallest box, as a share of the points"
    ),
    boxes: int = typer.Option(
        1, "--boxes", help="at most this many boxes: more set each box aside and look again"
    ),
    resamples: int = typer.Option(
        20, "--resamples", help="PRIM runs on random halves of the points, for stability (0: none)"
    ),
    seed: int = typer.Option(0, "--seed", help="seed of the resampling"),
    json_mode: bool = typer.Option(False, "--json", help="print the boxes as one JSON object"),
) -> None:
    """Scenario discovery (EMA Workbench's PRIM): parameter ranges where an outcome holds, with
    coverage, density, quasi-p-values and stability."""
    from servicesim.experiments.discover import discover, read_sweep, to_json
    from servicesim.experiments.store import atomic_write_json
    from servicesim.present.discover_figures import plot_discovery

    found = discover(
        directory,
        outcome,
        threshold,
        below=below,
        policy=policy,
        baseline=baseline,
        alpha=alpha,
        paste_alpha=paste_alpha,
        min_mass=min_mass,
        min_coverage=min_coverage,
        boxes=boxes,
        resamples=resamples,
        seed=seed,
    )
    data = to_json(found)
    target = directory / f"discover_{outcome}.json"
    atomic_write_json(target, data)
    figures = plot_discovery(data, directory, read_sweep(directory)[0])
    if json_mode:
        print_json({**data, "file": str(target), "figures": [str(f) for f in figures]})
        return
    for note in found.notes:
        typer.echo(note)
    typer.echo(
        f"{data['condition']} at {data['cases']} of {data['points']} design points ({100 * found.share:.0f}%)."
    )
    if not data["boxes"]:
        typer.echo("no box: there is no case of interest to look for")
    for i, b in enumerate(data["boxes"], 1):
        typer.echo(f"box {i}: {b['description']}")
        typer.echo(
            f"  {b['n']} points, coverage {b['coverage']:.2f} (share of all cases inside), "
            f"density {b['density']:.2f} (share of points inside that are cases), "
            f"mean {outcome} {_mean(b['mean_value'])}"
        )
        for line in _trust(b):
            typer.echo(f"  {line}")
    typer.echo(f"wrote {target}, {', '.join(f.name for f in figures)} in {figures[0].parent}")


def _mean(value: float | None) -> str:
    return "n/a" if value is None else f"{value:,.4g}"


def _trust(box: dict[str, Any]) -> list[str]:
    """How far to trust a box: quasi-p per restricted parameter, resampling, replicates."""
    lines = []
    for dim, qp in box["quasi_p"].items():
        share = box["stability"].get("dimensions", {}).get(dim)
        kept = "" if share is None else f", restricted in {100 * share:.0f}% of resampled halves"
        chance = " (over 0.05: could be chance)" if qp is not None and qp > 0.05 else ""
        lines.append(f"{dim}: quasi-p {'n/a' if qp is None else number(qp, 2)}{chance}{kept}")
    st = box["stability"]
    if st.get("resamples"):
        same = st.get("same_dimensions")
        lines.append(
            f"the same parameters restricted in {100 * same:.0f}% of {st['resamples']} "
            "resampled halves"
        )
    reps = st.get("replicates", [])
    if len(reps) > 1:
        dens = ", ".join("n/a" if r["density"] is None else f"{r['density']:.2f}" for r in reps)
        lines.append(f"density replicate by replicate: {dens}")
    return lines
