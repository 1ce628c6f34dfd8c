"""Results -> matplotlib figures: one pure function per figure kind, and ``plot_dir``.

Every figure function takes tidy tables (``pandas.DataFrame``) and returns a
``matplotlib.figure.Figure``; none touches a live model or pyplot. ``plot_dir`` reads a results
folder (``load_results``), draws every kind that fits it and writes ``DIR/figures/KIND.FMT``
with provenance (version, seed, policies or spec) in the file's metadata.

Kinds: ``timeseries``, ``ledger``, ``cohorts`` (run, compare; ledger also for a sweep over
several policies), ``frontier``, ``heatmap`` (a grid sweep over two parameters),
``difference`` (a sweep over several policies: the paired difference against each swept
parameter), ``sensitivity`` (sensitivity).
The figures live in ``plotting_runs`` and ``plotting_sweeps``, the look in ``plotting_style``,
reading folders and the statistics in ``plotting_data``; this module is the one to import.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from matplotlib.figure import Figure

from servicesim.core.metrics import LEDGER, SUMMARY
from servicesim.errors import InputError, did_you_mean
from servicesim.present.data import Results, load_results
from servicesim.present.difference_figure import difference_figure
from servicesim.present.kinds import FORMATS, KINDS
from servicesim.present.run_figures import COHORTS, cohorts_figure, ledger_figure, timeseries_figure
from servicesim.present.style import provenance, save
from servicesim.present.sweep_figures import frontier_figure, heatmap_figure, sensitivity_figure

__all__ = [
    "KINDS",
    "Results",
    "cohorts_figure",
    "difference_figure",
    "fitting_kinds",
    "frontier_figure",
    "heatmap_figure",
    "ledger_figure",
    "load_results",
    "make_figure",
    "plot_dir",
    "sensitivity_figure",
    "timeseries_figure",
]


# --- folders ---------------------------------------------------------------------------------


def _holds(res: Results, columns: Sequence[str]) -> bool:
    """Whether every one of ``columns`` has a value in some run (a folder converted from EMA
    Workbench results holds only the outcomes its model had)."""
    return all(c in res.runs and res.runs[c].notna().any() for c in columns)


def _is_grid(res: Results) -> bool:
    """Whether a sweep's design is a grid (a heatmap's cells are then its points; a Latin
    hypercube's points each have their own values, and a heatmap of them reads as noise)."""
    spec = res.manifest.get("spec")
    return not isinstance(spec, dict) or spec.get("design", "grid") == "grid"


def _base_metric(outcome: str) -> str:
    """``profit`` for ``profit_diff`` (the paired difference is what the figure shows)."""
    return outcome.removesuffix("_diff")


def fitting_kinds(res: Results, params: Sequence[str] | None = None) -> list[str]:
    """The figure kinds a results folder can give (heatmap: two swept or chosen parameters)."""
    if res.kind == "sensitivity":
        return ["sensitivity"]
    cohort_cols = [f"{m}_{c}" for m in ("satisfaction", "retention") for c, _ in COHORTS]
    ledger = _holds(res, ["revenue", *LEDGER])
    kinds: list[str] = []
    if res.kind in ("run", "compare"):
        if not res.timeseries.empty:
            kinds.append("timeseries")
        if ledger:
            kinds.append("ledger")
        if _holds(res, cohort_cols):
            kinds.append("cohorts")
        return kinds
    if _holds(res, ["cost_total", "retention_rate"]):
        kinds.append("frontier")
    if len(params or res.swept) == 2 and _is_grid(res):
        kinds.append("heatmap")
    if res.swept and "policy" in res.runs and res.runs["policy"].nunique() > 1:
        kinds.append("difference")
    if ledger and "policy" in res.runs and res.runs["policy"].nunique() > 1:
        kinds.append("ledger")
    return kinds


def make_figure(
    res: Results, kind: str, params: Sequence[str] | None = None, outcome: str = "profit"
) -> Figure:
    """The figure of ``kind`` for a loaded results folder (the kind must fit; see ``fitting_kinds``)."""
    pols = res.policies
    if kind == "timeseries":
        return timeseries_figure(res.timeseries, pols)
    if kind == "ledger":
        return ledger_figure(res.runs, pols)
    if kind == "cohorts":
        return cohorts_figure(res.runs, pols)
    if kind == "frontier":
        return frontier_figure(res.runs, res.swept, policies=pols)
    if kind == "heatmap":
        return heatmap_figure(res.runs, list(params or res.swept), outcome)
    if kind == "difference":
        a, b = pols[0], pols[1]
        metric = _base_metric(outcome)
        return difference_figure(res.runs, list(params or res.swept), metric, a, b, _is_grid(res))
    if kind == "sensitivity":
        return sensitivity_figure(res.indices, str(res.manifest.get("method", "sobol")))
    raise InputError("--kind", kind, ", ".join(KINDS), did_you_mean(kind, KINDS))


def check_request(
    res: Results, kinds: Sequence[str] | None, fmt: str, params: Sequence[str] | None, outcome: str
) -> list[str]:
    """Validate a plot request against a folder; returns the kinds to draw."""
    if fmt not in FORMATS:
        raise InputError("--format", fmt, ", ".join(FORMATS), did_you_mean(fmt, FORMATS))
    for kind in kinds or []:
        if kind not in KINDS:
            raise InputError("--kind", kind, ", ".join(KINDS), did_you_mean(kind, KINDS))
    for p in params or []:
        if p not in res.runs.columns:
            allowed = ", ".join(res.swept) or "the swept parameters of a sweep folder"
            raise InputError("--params", p, allowed, did_you_mean(p, res.swept))
    fits = fitting_kinds(res, params)
    for kind in kinds or []:
        if kind not in fits:
            hint = None
            if kind == "heatmap" and res.kind == "sweep":
                hint = (
                    "heatmap needs exactly two swept parameters; choose them with --params"
                    if _is_grid(res)
                    else "a heatmap is for grids; this design's points each have their own "
                    "values: see --kind difference (or frontier)"
                )
            raise InputError("--kind", kind, f"for a {res.kind} folder: {', '.join(fits)}", hint)
    chosen = list(kinds) if kinds else fits
    metrics = [m for m in SUMMARY if m in res.runs.columns]
    if "heatmap" in chosen and outcome not in res.runs.columns:
        hint = (
            "a paired difference is drawn by --kind difference"
            if outcome.endswith("_diff")
            else did_you_mean(outcome, metrics)
        )
        raise InputError("--outcome", outcome, "a summary metric", hint)
    if "difference" in chosen and _base_metric(outcome) not in metrics:
        raise InputError(
            "--outcome",
            outcome,
            "a summary metric, or METRIC_diff",
            did_you_mean(_base_metric(outcome), metrics),
        )
    return chosen


def plot_dir(
    directory: str | Path,
    kinds: Sequence[str] | None = None,
    fmt: str = "png",
    params: Sequence[str] | None = None,
    outcome: str = "profit",
) -> list[Path]:
    """Draw ``kinds`` (default: all that fit) for a results folder into ``DIR/figures/``.

    Args:
        directory: a run, compare, sweep or sensitivity folder.
        kinds: figure kinds (``KINDS``); each must fit the folder.
        fmt: ``png``, ``svg`` or ``pdf``.
        params: two swept parameters for the heatmap (default: the two swept ones).
        outcome: summary metric in the heatmap cells.

    Returns:
        The files written, in the order of ``kinds``.
    """
    res = load_results(directory)
    chosen = check_request(res, kinds, fmt, params, outcome)
    written = []
    for kind in chosen:
        fig = make_figure(res, kind, params, outcome)
        written.append(
            save(fig, res.path / "figures" / f"{kind}.{fmt}", provenance(res.manifest, kind), fmt)
        )
    return written
