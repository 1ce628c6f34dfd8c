"""``servicesim plot`` and ``servicesim report``: figures and the workshop page from a results folder."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from servicesim.cli._app import app, print_json
from servicesim.errors import InputError
from servicesim.present.kinds import FORMATS, KINDS


def _split(text: str | None) -> list[str] | None:
    if not text:
        return None
    return [part.strip() for part in text.split(",") if part.strip()]


@app.command("plot")
def plot(
    directory: Annotated[
        Path,
        typer.Argument(metavar="DIR", help="A run, compare, sweep or sensitivity results folder."),
    ],
    kind: str | None = typer.Option(
        None,
        "--kind",
        "-k",
        help=f"Figure kind(s), comma-separated: {', '.join(KINDS)}. Default: every kind that fits the folder.",
    ),
    fmt: str = typer.Option("png", "--format", "-f", help=f"File format: {', '.join(FORMATS)}."),
    params: str | None = typer.Option(
        None, "--params", help="Heatmap: the two swept parameters, comma-separated (x,y)."
    ),
    outcome: str = typer.Option(
        "profit",
        "--outcome",
        help="Heatmap: summary metric in the cells; difference: the metric whose paired "
        "difference is drawn (profit or profit_diff alike).",
    ),
    json_mode: bool = typer.Option(
        False, "--json", help="Print the files written as one JSON object."
    ),
) -> None:
    """Draw figures for a results folder into DIR/figures/."""
    from servicesim.present.figures import plot_dir  # matplotlib: only when drawing

    chosen = _split(params)
    if chosen is not None and len(chosen) != 2:
        raise InputError("--params", params, "two swept parameters, comma-separated (x,y)")
    written = plot_dir(directory, _split(kind), fmt.lower(), chosen, outcome)
    if json_mode:
        print_json({"files": [str(p) for p in written]})
        return
    for path in written:
        typer.echo(str(path))
    if not written:
        typer.echo("no figure fits this folder: its runs lack the metrics figures need", err=True)


@app.command("report")
def report(
    directory: Annotated[
        Path, typer.Argument(metavar="DIR", help="A compare (or run) results folder.")
    ],
    decomposition: Annotated[
        Path | None,
        typer.Option(
            "--decomposition",
            metavar="DEC_DIR",
            help="A servicesim decompose folder of the first two policies: adds which levers "
            "carry the gap.",
        ),
    ] = None,
    robustness: Annotated[
        Path | None,
        typer.Option(
            "--robustness",
            metavar="ROB_DIR",
            help="A servicesim robustness folder of the first two policies: adds how often the "
            "verdict holds over the model's assumptions.",
        ),
    ] = None,
    json_mode: bool = typer.Option(
        False, "--json", help="Print the file written as one JSON object."
    ),
) -> None:
    """Write DIR/report.html: one self-contained page for a workshop (works offline)."""
    from servicesim.present.report import write_report

    path = write_report(directory, decomposition, robustness)
    if json_mode:
        print_json({"file": str(path)})
        return
    typer.echo(str(path))
