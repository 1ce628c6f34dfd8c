"""The full-model benchmark (issue 7): ``python benchmarks/bench_model.py [--quick] [--json PATH]``.

A thin script over ``servicesim.bench.harness`` (measurements) and ``servicesim.cli.bench`` (tables);
``servicesim bench`` runs the same code. It measures, each in a fresh process: customer-days per
second at 10k, 100k and 1M customers over a year with set-up apart, peak memory per customer and
its slope, a plain-Mesa version of the same rules (``servicesim.bench.mesa_reference``) and the ratio, sweep
runs per minute with one and two workers, numba's compile-once cache, and where a day's time
goes. It prints tables and writes JSON (``results/bench.json`` by default). Targets are
reported, never asserted: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="small sizes and horizons (a smoke test)"
    )
    parser.add_argument(
        "--json", type=Path, default=Path("results") / "bench.json", help="JSON output"
    )
    parser.add_argument(
        "--markdown", type=Path, default=None, help="also write the tables as markdown"
    )
    args = parser.parse_args(argv)
    from servicesim.cli.bench import run_and_report

    command = "python benchmarks/bench_model.py" + (" --quick" if args.quick else "")
    run_and_report(args.quick, args.json, args.markdown, command=command)
    return 0


if __name__ == "__main__":
    sys.exit(main())
