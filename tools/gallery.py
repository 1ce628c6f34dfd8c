"""Draw the documentation's gallery: every shipped experiment, run small, and its figures.

    python tools/gallery.py            # run everything small, write docs/gallery/ and docs/gallery.md
    python tools/gallery.py --check    # exit 1 if docs/gallery.md is stale (no runs; a test calls it)

It runs what a user would, through the command line in this process: the main comparison of
``make run`` (``servicesim compare rule_bound empowered``), its robustness and its
decomposition, a sweep of every spec in ``experiments/``, and for ``when_empowerment_pays``
scenario discovery and a Morris sensitivity analysis, each at a reduced size (``--customers``,
``--days``, ``--warmup-days``, ``--reps``: defaults below), and draws each folder as the
commands do. The PNGs are shrunk to ``WIDTH`` pixels with a 128-colour palette (a few tens of
kB each) and committed under ``docs/gallery/``, keeping the provenance the figures carry
(version, seed, policies or spec); ``docs/gallery/gallery.json`` records the sizes. The
figures show what each experiment draws, not its answer: the numbers, at full size and with
their intervals, are in docs/experiments.md.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GALLERY = ROOT / "docs" / "gallery"
PAGE = ROOT / "docs" / "gallery.md"
SIZES_FILE = GALLERY / "gallery.json"
SPECS = ROOT / "experiments"
WIDTH = 960  # pixels: readable on a page of the site, small in the repository
COLOURS = 128

MAIN = "main"  # the gallery's name for the comparison `make run` makes
ROBUSTNESS = "main_robustness"  # ... and for how far its verdict holds (`make run` too)
DECOMPOSE = "main_decompose"  # ... and for which levers carry its gap
QUESTION_SPEC = "when_empowerment_pays"  # the end-to-end question: also Morris and discover
MORRIS = f"{QUESTION_SPEC}_morris"
KIND_ORDER = [
    "timeseries",
    "ledger",
    "cohorts",
    "frontier",
    "heatmap",
    "difference",
    "discover_profit_diff_tradeoff",
    "discover_profit_diff_boxes",
    "sensitivity",
    "differences",
    "tornado_profit",
    "tornado_retention_rate",
    "waterfall_profit",
    "waterfall_retention_rate",
]
CAPTIONS = {
    "timeseries": "Active customers, mean satisfaction, cumulative profit and frontline "
    "morale by measured day: the mean over replicates, with its 95% band.",
    "ledger": "Where the money goes: service costs by ledger item beside the gross margin, "
    "per policy, with the profit (and its interval) above each pair.",
    "cohorts": "End satisfaction and yearly retention of customers who never had a problem, "
    "had one put right, and had one that was not.",
    "frontier": "Retention against total cost at every design point and policy; the dashed "
    "staircase is the Pareto front.",
    "heatmap": "Mean profit in each cell of the two swept parameters, one panel per policy.",
    "difference": "The paired profit difference between the two policies against each swept "
    "parameter, one dot per design point with its 95% interval over replicates, zero dashed.",
    "sensitivity": "Morris indices: each parameter's mean absolute effect (mu_star) and its "
    "spread (sigma) on each paired difference, with 95% intervals.",
    "discover_profit_diff_tradeoff": "PRIM's trade-off: coverage against density along the "
    "peeling trajectory, coloured by the number of restricted parameters, the box reported "
    "circled.",
    "discover_profit_diff_boxes": "The boxes PRIM reports, as limits on the swept ranges, with "
    "their quasi-p-values and resampling shares.",
    "differences": "Each outcome's paired difference (empowered - rule_bound) in every drawn "
    "world of assumptions, headline and with grade-C ranges halved: how often, and by how "
    "much, the verdict holds.",
    "tornado_profit": "The assumptions that move the profit difference most (delta indices "
    "with their intervals), against a dummy parameter and its upper limit.",
    "tornado_retention_rate": "The same for the retention difference.",
    "waterfall_profit": "The profit gap from rule_bound to empowered split into each lever's "
    "Shapley value (they add up to the gap).",
    "waterfall_retention_rate": "The same split for retention.",
}

INTRO = """# Gallery

What each shipped experiment draws. `python tools/gallery.py` (`make gallery`) runs the main
comparison of `make run` with its robustness and decomposition, a sweep of every spec in
`experiments/`, and scenario discovery and a Morris sensitivity analysis for the end-to-end
question, **all at a reduced size** ({size}), and draws each results folder as the commands
do. The figures show what each experiment produces and how to read it, not its answer: the
numbers, at full size and with their intervals, are in [Experiments](experiments.md), and
[Figures](figures.md) explains each kind. Each PNG carries its provenance (servicesim
version, seed, policies or spec) in its metadata.
"""


def _size_text(sizes: dict[str, int]) -> str:
    return (
        f"{sizes['customers']:,} customers, {sizes['days']} measured days after a "
        f"{sizes['warmup_days']}-day warm-up, {sizes['reps']} replicates"
    )


def _spec_facts() -> dict[str, dict[str, str]]:
    facts = {}
    for path in _sweep_specs():
        spec = tomllib.loads(path.read_text())
        facts[path.stem] = {"file": path.name, "question": str(spec.get("question", ""))}
    return facts


def _figures(name: str) -> list[Path]:
    files = sorted(GALLERY.glob(f"{name}--*.png"))
    order = {k: i for i, k in enumerate(KIND_ORDER)}
    return sorted(files, key=lambda f: (order.get(_kind(f), len(order)), f.name))


def _kind(file: Path) -> str:
    return file.stem.split("--", 1)[1]


def _images(name: str) -> list[str]:
    lines = []
    for file in _figures(name):
        kind = _kind(file)
        caption = CAPTIONS.get(kind, "")
        lines += [f"![the {kind} figure of {name}](gallery/{file.name})", ""]
        lines += [f"**{kind}**: {caption}".rstrip(": "), ""]
    return lines


def facts_json() -> dict:
    """docs/gallery/gallery.json: the sizes and the discovery threshold the figures come from."""
    return json.loads(SIZES_FILE.read_text())


def _upper_quartile_diff(folder: Path) -> float:
    """The profit difference (empowered - rule_bound, mean over replicates) that a quarter of
    the sweep's design points exceed: discovery's threshold, so that it has cases to box."""
    import pandas as pd

    runs = pd.read_parquet(folder / "runs.parquet")
    runs = runs[runs["status"] == "ok"]
    by_point = runs.pivot_table(index="point", columns="policy", values="profit", aggfunc="mean")
    return float((by_point["empowered"] - by_point["rule_bound"]).quantile(0.75))


def render() -> str:
    """docs/gallery.md from the specs, the PNGs in docs/gallery/ and the sizes they were run at."""
    sizes = facts_json()["sizes"]
    out = [INTRO.format(size=_size_text(sizes)), ""]
    out += [
        "## The main comparison",
        "",
        "`rule_bound` against `empowered` in the default business, as `make run` compares them "
        "(`servicesim compare rule_bound empowered`).",
        "",
        *_images(MAIN),
        "How far its verdict holds over the model's own assumptions (`servicesim robustness "
        f"rule_bound empowered --samples {sizes['samples'] * 2}`; [Robustness](robustness.md)):",
        "",
        *_images(ROBUSTNESS),
        "Which levers carry the gap (`servicesim decompose rule_bound empowered "
        f"--permutations {sizes['samples'] // 2}`):",
        "",
        *_images(DECOMPOSE),
    ]
    for name, facts in _spec_facts().items():
        out += [f"## {name}", ""]
        if facts["question"]:
            out += [f"*{facts['question']}*", ""]
        out += [
            f"Spec `experiments/{facts['file']}`; at full size: "
            f"`servicesim sweep experiments/{facts['file']} --out results/{name}`.",
            "",
        ]
        if name == QUESTION_SPEC:
            out += [
                "Scenario discovery asks where empowerment does best: where its paired profit "
                "difference is in the top quarter of the environments (`servicesim discover "
                f"results/{name} --outcome profit_diff --threshold "
                f"{facts_json()['discover_threshold']:.0f}` at the reduced size; at full "
                "size, see [discover](experiments.md#servicesim-discover-where-a-policy-wins)).",
                "",
            ]
        out += _images(name)
        if name == QUESTION_SPEC:
            out += [
                "Its Morris sensitivity analysis (`servicesim sensitivity "
                f"experiments/{facts['file']} --method morris --samples {sizes['samples']} "
                "--reps 1` at the reduced size):",
                "",
                *_images(MORRIS),
            ]
    return "\n".join(out).rstrip() + "\n"


def check() -> list[str]:
    """What is stale: a spec without figures, a figure without a spec, or the page itself."""
    problems = []
    names = set(_spec_facts()) | {MAIN, ROBUSTNESS, DECOMPOSE, MORRIS}
    for name in sorted(names):
        if not _figures(name):
            problems.append(f"no figure for {name} in docs/gallery/")
    for file in GALLERY.glob("*.png"):
        if file.stem.split("--", 1)[0] not in names:
            problems.append(f"docs/gallery/{file.name} belongs to no shipped experiment")
    if PAGE.read_text() != render():
        problems.append("docs/gallery.md differs from what the figures give")
    return problems


# --- running ---------------------------------------------------------------------------------


def _cli(args: list[str]) -> None:
    from servicesim.cli import main

    print("servicesim", " ".join(args), flush=True)
    if main(args) != 0:
        raise SystemExit(f"failed: servicesim {' '.join(args)}")


def _sweep_specs() -> list[Path]:
    """The shipped sweep specs (not a robustness spec: ``kind = "robustness"``)."""
    return [
        p
        for p in sorted(SPECS.glob("*.toml"))
        if tomllib.loads(p.read_text()).get("kind") != "robustness"
    ]


def _small_spec(path: Path, folder: Path, warmup_days: int) -> Path:
    """A copy of a spec with the gallery's warm-up (sweep has no --warmup-days option)."""
    text = path.read_text()
    line = f"warmup_days = {warmup_days}"
    if re.search(r"^warmup_days\s*=", text, re.M):
        text = re.sub(r"^warmup_days\s*=.*$", line, text, count=1, flags=re.M)
    else:
        text = f"{line}\n{text}"
    copy = folder / path.name
    copy.write_text(text)
    return copy


def _collect(results: Path, name: str) -> None:
    from PIL import Image, PngImagePlugin

    for png in sorted((results / "figures").glob("*.png")):
        with Image.open(png) as img:
            info = PngImagePlugin.PngInfo()
            for key, value in getattr(img, "text", {}).items():
                info.add_text(key, value)
            info.add_text("gallery", "reduced size: see docs/gallery/gallery.json")
            height = round(img.height * WIDTH / img.width)
            small = img.convert("RGB").resize((WIDTH, height), Image.Resampling.LANCZOS)
            small = small.quantize(colors=COLOURS, method=Image.Quantize.MEDIANCUT)
            small.save(GALLERY / f"{name}--{png.stem}.png", optimize=True, pnginfo=info)


def generate(sizes: dict[str, int], workers: int) -> None:
    import servicesim

    shrink = ["--customers", str(sizes["customers"]), "--days", str(sizes["days"])]
    if GALLERY.exists():
        shutil.rmtree(GALLERY)
    GALLERY.mkdir(parents=True)
    with tempfile.TemporaryDirectory() as tmp, warnings.catch_warnings():
        warnings.simplefilter("ignore", servicesim.SmallCentreWarning)
        work = Path(tmp)
        main_dir = work / MAIN
        _cli(
            ["compare", "rule_bound", "empowered", "--reps", str(sizes["reps"]), *shrink,
             "--warmup-days", str(sizes["warmup_days"]), "--workers", str(workers),
             "--out", str(main_dir)]
        )  # fmt: skip
        _cli(["plot", str(main_dir)])
        _collect(main_dir, MAIN)
        sized = [*shrink, "--warmup-days", str(sizes["warmup_days"]), "--workers", str(workers)]
        out = work / ROBUSTNESS
        _cli(["robustness", "rule_bound", "empowered", "--samples", str(sizes["samples"] * 2),
              "--reps", str(sizes["reps"]), *sized, "--out", str(out)])  # fmt: skip
        _collect(out, ROBUSTNESS)
        out = work / DECOMPOSE
        _cli(["decompose", "rule_bound", "empowered", "--permutations",
              str(sizes["samples"] // 2), "--reps", str(sizes["reps"]), *sized,
              "--out", str(out)])  # fmt: skip
        _collect(out, DECOMPOSE)
        threshold = 0.0
        for path in _sweep_specs():
            spec = _small_spec(path, work, sizes["warmup_days"])
            out = work / path.stem
            _cli(["sweep", str(spec), *shrink, "--reps", str(sizes["reps"]),
                  "--workers", str(workers), "--out", str(out)])  # fmt: skip
            _cli(["plot", str(out)])
            if path.stem == QUESTION_SPEC:
                threshold = _upper_quartile_diff(out)
                _cli(["discover", str(out), "--outcome", "profit_diff", "--threshold",
                      f"{threshold:.0f}"])  # fmt: skip
            _collect(out, path.stem)
            if path.stem == QUESTION_SPEC:
                out = work / MORRIS
                _cli(["sensitivity", str(spec), "--method", "morris", "--samples",
                      str(sizes["samples"]), "--reps", "1", *shrink, "--workers", str(workers),
                      "--out", str(out)])  # fmt: skip
                _collect(out, MORRIS)
    SIZES_FILE.write_text(
        json.dumps(
            {
                "sizes": sizes,
                "discover_threshold": round(threshold),
                "servicesim_version": servicesim.__version__,
                "git_commit": _git_commit(),
                "made_by": "python tools/gallery.py",
            },
            indent=2,
        )
        + "\n"
    )
    PAGE.write_text(render())


def _git_commit() -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
        )
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return out.stdout.strip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="check docs/gallery.md; run nothing")
    parser.add_argument("--customers", type=int, default=20_000)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--warmup-days", type=int, default=365)
    parser.add_argument("--reps", type=int, default=2)
    parser.add_argument("--samples", type=int, default=4, help="Morris trajectories")
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args(argv)
    if args.check:
        problems = check()
        for p in problems:
            print(p, file=sys.stderr)
        return 1 if problems else 0
    sizes = {
        "customers": args.customers,
        "days": args.days,
        "warmup_days": args.warmup_days,
        "reps": args.reps,
        "samples": args.samples,
    }
    generate(sizes, args.workers)
    return 0


if __name__ == "__main__":
    sys.exit(main())
