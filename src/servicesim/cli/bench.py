"""``servicesim bench``: the performance benchmark (``servicesim.bench.harness``) as tables and JSON."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from servicesim.cli._app import app
from servicesim.experiments.store import atomic_write_json, atomic_write_text

DEFAULT_JSON = Path("results") / "bench.json"


def _num(x: Any, digits: int = 0) -> str:
    if x is None:
        return "n/a"
    if isinstance(x, bool):
        return "yes" if x else "no"
    return f"{x:,.{digits}f}"


def sections(res: dict[str, Any]) -> list[tuple[str, list[str], list[list[str]]]]:
    """The report as (title, header, rows) tables: one source for the terminal and markdown."""
    sizes = [
        [
            f"{r['customers']:,}",
            str(r["days"]),
            _num(r["setup_s"], 2),
            _num(r["step_s"], 2),
            _num(r["total_s"], 2),
            _num(r["customer_days_per_s"] / 1e6, 2),
            _num(r["peak_bytes"] / 2**20, 0),
            _num(r["peak_bytes_per_customer"], 0),
            _num(r["people_bytes_per_customer"], 0),
            _num(r["contacts_per_day"], 0),
            _num(r["staff"], 0),
        ]
        for r in res["sizes"]
    ]
    out = [
        (
            "Full model (every mechanism on, default contact rates)",
            [
                "customers",
                "days",
                "set-up s",
                "stepping s",
                "total s",
                "M customer-days/s",
                "peak MB",
                "peak B/customer",
                "arrays B/customer",
                "contacts/day",
                "staff",
            ],
            sizes,
        )
    ]
    mesa, sw = res.get("mesa", {}), res["sweep"]
    other = []
    if "ratio" in mesa:
        other += [
            [
                f"plain Mesa, {mesa['customers']:,} customers x {mesa['days']} days",
                f"{_num(mesa['mesa_customer_days_per_s'])} customer-days/s (stepping {_num(mesa['mesa_step_s'], 1)} s, "
                f"set-up {_num(mesa['mesa_setup_s'], 1)} s)",
            ],
            [
                "fast model, same size and horizon",
                f"{_num(mesa['fast_customer_days_per_s'])} customer-days/s",
            ],
            ["ratio fast / plain Mesa", f"{_num(mesa['ratio'], 0)}x"],
            [
                "the same with the fast model on 1 numba thread",
                f"{_num(mesa['ratio_1_thread'], 0)}x",
            ],
        ]
    else:
        other.append(["plain Mesa", mesa.get("skipped", "not run")])
    other.append(
        [
            "peak-memory slope, two largest sizes",
            f"{_num(res['memory_slope_bytes_per_customer'], 0)} B/customer",
        ]
    )
    for kind, label in (
        ("pool", "fresh pool of 1-thread workers, start-up included"),
        ("run_many", "as `servicesim sweep` runs it (1 worker: in-process, all threads)"),
    ):
        s = sw[kind]
        other.append(
            [
                f"sweep {sw['runs']} x ({sw['customers']:,} x {sw['days']} days), {label}",
                f"1 worker {_num(s[1]['runs_per_min'], 1)} runs/min, 2 workers {_num(s[2]['runs_per_min'], 1)} "
                f"runs/min: {_num(s['ratio'], 2)}x",
            ]
        )
    for t in res.get("threads", []):
        other.append(
            [
                f"numba threads, {t['customers']:,} customers x {t['days']} days",
                f"stepping {_num(t['step_s_1_thread'], 2)} s with 1 thread, {_num(t['step_s_all_threads'], 2)} s "
                f"with {t['threads']}: {_num(t['speedup'], 2)}x",
            ]
        )
    if "compile_first" in res:
        c = res["compile_first"]
        other.append(
            [
                "numba: first process, empty cache",
                f"warm_up {_num(c['warm_up_s'], 1)} s, {c['compiled']} functions compiled",
            ]
        )
    c = res["compile_second"]
    other.append(
        [
            "numba: second process, same cache",
            f"warm_up {_num(c['warm_up_s'], 1)} s, {c['compiled']} compiled, {c['loaded']} loaded from cache",
        ]
    )
    pool = sw["pool"]
    other.append(
        [
            "sweep pool start-up (wall time the runs do not explain)",
            f"1 worker {_num(pool[1]['startup_s'], 1)} s, 2 workers {_num(pool[2]['startup_s'], 1)} s",
        ]
    )
    other.append(
        [
            "numba: sweep pool workers",
            ", ".join(
                f"{w['compiled']} compiled / {w['loaded']} loaded" for w in pool[2]["worker_cache"]
            ),
        ]
    )
    out.append(("Other figures", ["figure", "measured"], other))
    out.append(
        (
            "Targets (issue 7)",
            ["target", "goal", "measured", "met"],
            [
                [
                    t["target"],
                    t["goal"],
                    _num(t["measured"], 1 if isinstance(t["measured"], float) else 0),
                    "n/a" if t["met"] is None else ("yes" if t["met"] else "NO"),
                ]
                for t in res["targets"]
            ],
        )
    )
    hs = res["hotspots"]
    out.append(
        (
            f"Where a day goes ({hs['customers']:,} customers, {hs['days']} days, {_num(hs['total_s'], 1)} s)",
            ["stage", "ms/day", "share"],
            [
                [s["stage"], _num(s["ms_per_day"], 1), f"{100 * s['share']:.1f}%"]
                for s in hs["stages"]
            ],
        )
    )
    return out


def markdown(res: dict[str, Any], command: str) -> str:
    m = res["machine"]
    lines = [
        f"Measured {res['started']} on {m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB "
        f"(numba {m['versions'].get('numba')}, {m['numba_threads']} threads), with `{command}`. "
        f"Load average (1 min) at start {res['load_average_start'][0]:.1f}, at end {res['load_average_end'][0]:.1f}. "
        f"CPU reference (a fixed pure-Python loop, `servicesim.bench.measures.cpu_reference`): "
        f"{_num(res.get('cpu_reference_start_s'), 2)} s at start, {_num(res.get('cpu_reference_end_s'), 2)} s at end "
        "(lower is a faster machine at that moment).",
        "",
    ]
    for title, header, rows in sections(res):
        lines += [f"**{title}**", "", "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(row) + " |" for row in rows] + [""]
    return "\n".join(lines)


def run_and_report(
    quick: bool,
    json_path: Path,
    markdown_path: Path | None = None,
    command: str = "servicesim bench",
) -> dict[str, Any]:
    """Run the benchmark, print its tables on stdout, write JSON (and markdown if asked)."""
    from servicesim.bench.harness import run_benchmark

    err = Console(stderr=True)
    res = run_benchmark(quick=quick, progress=lambda msg: err.print(f"[dim]{msg}[/dim]"))
    res["command"] = command
    console = Console(width=None if sys.stdout.isatty() else 160)  # logs keep whole rows
    for title, header, rows in sections(res):
        table = Table(title=title, title_justify="left")
        for h in header:
            table.add_column(h, overflow="fold")
        for row in rows:
            table.add_row(*row)
        console.print(table)
    atomic_write_json(json_path, res)
    err.print(f"wrote {json_path}")
    if markdown_path:
        atomic_write_text(markdown_path, markdown(res, command))
        err.print(f"wrote {markdown_path}")
    return res


@app.command("bench")
def bench_cmd(
    quick: Annotated[
        bool,
        typer.Option("--quick", help="Small sizes and horizons (a minute or two): a smoke test."),
    ] = False,
    json_path: Annotated[
        Path, typer.Option("--json", metavar="PATH", help="Where to write the results as JSON.")
    ] = DEFAULT_JSON,
    markdown_path: Annotated[
        Path | None,
        typer.Option("--markdown", metavar="PATH", help="Also write the tables as markdown."),
    ] = None,
) -> None:
    """Measure speed, memory, sweep scaling and numba caching; compare with plain Mesa.

    The full run takes several minutes (among others a year of 1M customers). Timings depend on the machine and on what else runs on it.
    """
    command = "servicesim bench" + (" --quick" if quick else "")
    run_and_report(quick, json_path, markdown_path, command=command)
    sys.stdout.flush()
