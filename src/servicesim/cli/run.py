"""``servicesim run``, ``servicesim params`` and ``servicesim presets``."""

from __future__ import annotations

import sys
import textwrap
import warnings
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from servicesim.cli._app import app, print_json, show_progress
from servicesim.cli._common import (
    FROM_HELP,
    SWITCH_AT_HELP,
    WARMUP_HELP,
    resolve_options,
    warn_small_centre,
)
from servicesim.core import metrics
from servicesim.params.config import SECTIONS
from servicesim.params.preset_files import preset_names
from servicesim.present.fmt import plain, span
from servicesim.present.fmt import value as fmt

POLICY_HELP = "policy preset name or a TOML file with a \\[policy] table (see `servicesim presets`)"
SCENARIO_HELP = "scenario preset name or a TOML file with a \\[scenario] table"
SET_HELP = "override one parameter: scenario.KEY=VALUE, policy.KEY=VALUE or behaviour.KEY=VALUE (repeatable)"


@app.command("run")
def run_cmd(
    policy: str = typer.Option("empowered", "--policy", help=POLICY_HELP),
    scenario: str = typer.Option("default", "--scenario", help=SCENARIO_HELP),
    sets: list[str] = typer.Option([], "--set", help=SET_HELP),
    customers: int | None = typer.Option(
        None, "--customers", help="initial customers (>= 100; default 250,000)"
    ),
    days: int | None = typer.Option(None, "--days", help="horizon in days (default 730)"),
    seed: int | None = typer.Option(None, "--seed", help="random seed (default 0)"),
    warmup_days: int | None = typer.Option(None, "--warmup-days", help=WARMUP_HELP),
    switch_at: int | None = typer.Option(None, "--switch-at", help=SWITCH_AT_HELP),
    switch_from: str | None = typer.Option(None, "--from", help=FROM_HELP),
    out: Path | None = typer.Option(
        None,
        "--out",
        help="write summary.json, timeseries.parquet, config.toml, manifest.json here",
    ),
    json_mode: bool = typer.Option(
        False, "--json", help="print the summary as one JSON object and nothing else"
    ),
    check_invariants: bool = typer.Option(
        False, "--check-invariants", help="check the state after every day (debug; slower)"
    ),
) -> None:
    """Run one simulation and print its summary."""
    from servicesim.experiments.simulate import run_config, write_run

    cfg = resolve_options(
        policy, scenario, sets, customers, days, seed, warmup_days, switch_at, switch_from
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        warn_small_centre(cfg)
    for w in caught:
        sys.stderr.write(f"warning: {w.message}\n")
    progress = None
    bar = None
    if show_progress(json_mode):
        from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

        bar = Progress(
            TextColumn("simulating"),
            BarColumn(),
            TextColumn("day {task.completed}/{task.total}"),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        bar.start()
        task = bar.add_task("run", total=cfg.run.days)

        def progress(day: int) -> None:
            bar.update(task, completed=day)

    try:
        result = run_config(cfg, progress=progress, check_invariants=check_invariants)
    finally:
        if bar is not None:
            bar.stop()
    if out is not None:
        write_run(result, out)
    if json_mode:
        print_json(result.summary)
        return
    console = Console()
    switch = f", {cfg.switch_from_name} until day {cfg.run.switch_at}" if cfg.run.switch_at else ""
    table = Table(
        title=f"{cfg.policy_name} in {cfg.scenario_name}{switch}: {cfg.run.customers:,} "
        f"customers, {cfg.run.days} days after a {cfg.run.warmup_days}-day warm-up under "
        f"{cfg.scenario.status_quo}, seed {cfg.run.seed}"
    )
    table.add_column("outcome")
    table.add_column("value", justify="right")
    table.add_column("meaning")
    for name, m in metrics.SUMMARY.items():
        table.add_row(name, fmt(name, result.summary[name]), m.meaning)
    console.print(table)
    console.print(f"wall time {result.wall_s:.1f} s" + (f"; results in {out}" if out else ""))


@app.command("params")
def params_cmd(
    section: str = typer.Argument("all", help="scenario, policy, behaviour, run or all"),
    json_mode: bool = typer.Option(False, "--json", help="print as JSON"),
) -> None:
    """List every parameter: default, unit, validity bounds, plausible range, grade, meaning, source.

    Outside the validity bounds (min..max) is an input error; outside the plausible range
    (low..high) is allowed and noted in a run's manifest. Grades: A peer-reviewed, B practitioner
    survey, C folklore or assumption.
    """
    from servicesim.errors import InputError, did_you_mean

    names = list(SECTIONS) if section == "all" else [section]
    for n in names:
        if n not in SECTIONS:
            raise InputError(
                "SECTION",
                section,
                "scenario, policy, behaviour, run or all",
                did_you_mean(section, SECTIONS),
            )
    rows = {n: SECTIONS[n].field_docs() for n in names}
    if json_mode:
        print_json(rows)
        return
    console = Console(highlight=False)
    for n in names:
        console.print(f"[bold]\\[{n}][/bold] {len(rows[n])} parameters")
        group = None
        for r in rows[n]:
            if r["group"] and r["group"] != group:
                group = r["group"]
                console.print(f"\n  [bold]{group}[/bold]")
            ranges = f"valid {span(r['min'], r['max']) or 'any'}"
            if r["low"] is not None or r["high"] is not None:
                ranges += f", plausible {span(r['low'], r['high'])}"
            if r["uncertain"]:
                ranges += " (drawn)"
            unit = "" if r["unit"] in ("", "-") else r["unit"]
            key = f"{n}.{r['name']}"
            value = f" = {plain(r['default'])}"
            details = f"({ranges}; grade {r['grade']})"
            line = f"  {key}{value} {unit}".rstrip()
            if len(line) + 2 + len(details) <= console.width:  # all on the key's line
                tail = escape(f"{value} {unit}".rstrip()) + f"  [dim]{escape(details)}[/dim]"
                below = ""
            elif len(line) <= console.width:  # the details hang below, like the meaning
                tail, below = escape(f"{value} {unit}".rstrip()), details
            else:  # the unit too: the key line never wraps back to the margin
                tail, below = escape(value), f"{unit} {details}".strip()
            console.print(f"  [cyan]{escape(key)}[/cyan]{tail}", overflow="fold")
            if below:
                console.print(_hanging(below, console.width), style="dim", markup=False)
            console.print(_hanging(r["meaning"], console.width), markup=False)
        console.print()
    console.print(
        "sources and the basis of each plausible range: servicesim params --json, or "
        "docs/parameters.md"
    )


def _hanging(text: str, width: int) -> str:
    """``text`` wrapped to ``width`` under a parameter's key, indented six columns."""
    indent = " " * 6
    return textwrap.fill(
        text, width=max(width, 40), initial_indent=indent, subsequent_indent=indent
    )


@app.command("presets")
def presets_cmd() -> None:
    """List the policy and scenario presets."""
    console = Console()
    console.print("policies: " + ", ".join(preset_names("policies")))
    console.print("scenarios: " + ", ".join(preset_names("scenarios")))
