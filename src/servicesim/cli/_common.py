"""Helpers shared by the experiment commands: progress bars, warnings, worker counts."""

from __future__ import annotations

import contextlib
import sys
import warnings
from collections.abc import Iterator
from typing import Any

from rich.console import Console

from servicesim.cli._app import show_progress
from servicesim.errors import InputError, SmallCentreWarning

WORKERS_HELP = "local worker processes (default: one per CPU core; 1 runs in this process)"
SCHEDULER_HELP = "run on a Dask cluster instead: its scheduler's address, e.g. tcp://HOST:8786"
SHRINK = {
    "customers": "shrink the spec: initial customers of every run",
    "days": "shrink the spec: horizon of every run",
    "reps": "shrink the spec: replicates per design point and policy",
}


@contextlib.contextmanager
def progress(json_mode: bool, what: str) -> Iterator[tuple[Any, Any]]:
    """``(on_start, on_done)`` callbacks driving a progress bar with ETA on stderr (if shown)."""
    if not show_progress(json_mode):
        yield None, None
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    bar = Progress(
        TextColumn(what),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("failed {task.fields[failed]}"),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=Console(file=sys.stderr),
        transient=False,
    )
    state: dict[str, Any] = {"failed": 0}

    def on_start(todo: int, total: int) -> None:
        state["task"] = bar.add_task(what, total=todo, failed=0)

    def on_done(record: dict[str, Any]) -> None:
        state["failed"] += record.get("status") != "ok"
        bar.update(state["task"], advance=1, failed=state["failed"])

    with bar:
        yield on_start, on_done


@contextlib.contextmanager
def warnings_to_stderr() -> Iterator[None]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield
    for w in caught:
        sys.stderr.write(f"warning: {w.message}\n")


def small_centre(config_text: str) -> None:
    from servicesim.params.config import from_toml_text

    warn_small_centre(from_toml_text(config_text))


def workers_or_cores(workers: int | None) -> int:
    import os

    if workers is not None and workers < 1:
        raise InputError("--workers", workers, "an integer >= 1")
    return workers or os.cpu_count() or 1


def warn_small_centre(cfg) -> None:  # noqa: ANN001
    """Warn when the contact centre would be too small for queueing and morale to mean much."""
    from servicesim.experiments.simulate import small_centre_warnings

    for message in small_centre_warnings(cfg, "--customers "):
        warnings.warn(message, SmallCentreWarning, stacklevel=2)


WARMUP_HELP = (
    "days the scenario's status quo runs before the measured period (default 730; 0: none)"
)
SWITCH_AT_HELP = "measured day from which the policy takes over from --from (1..days-1)"
FROM_HELP = "the policy that runs before --switch-at (a preset name or a .toml file)"


def resolve_options(
    policy: str,
    scenario: str,
    sets: list[str] | None,
    customers: int | None,
    days: int | None,
    seed: int | None,
    warmup_days: int | None = None,
    switch_at: int | None = None,
    switch_from: str | None = None,
):  # noqa: ANN201
    """``params.config.resolve`` with the run options checked as the command line names them."""
    from servicesim.params.config import resolve

    if warmup_days is not None and warmup_days < 0:
        raise InputError("--warmup-days", warmup_days, "an integer >= 0 (0: no warm-up)")
    if switch_at is not None and switch_from is None:
        raise InputError("--switch-at", switch_at, "a day together with --from POLICY")
    if switch_from is not None and switch_at is None:
        raise InputError("--from", switch_from, "a policy together with --switch-at DAY")
    base = resolve(policy, scenario, sets, customers, days, seed, warmup_days=warmup_days)
    if switch_at is None:
        return base
    horizon = base.run.days
    if not 1 <= switch_at <= horizon - 1:
        raise InputError(
            "--switch-at", switch_at, f"a measured day from 1 to {horizon - 1} (--days {horizon})"
        )
    return resolve(
        policy,
        scenario,
        sets,
        customers,
        days,
        seed,
        warmup_days=warmup_days,
        switch_at=switch_at,
        switch_from=switch_from,
    )
