"""Every example in README.md and docs/*.md runs, at a reduced size.

The test reads each page's fenced code blocks in order and runs, in one temporary folder per
page (holding a copy of ``experiments/``):

- every ```` ```python ```` block, in one namespace per page, so a block may use what an
  earlier block on the page defined;
- every command line of a shell block (no language, ``console``, ``bash``, ``sh``, ``shell``)
  whose first word is ``servicesim`` and whose second is a subcommand, in this process through
  ``servicesim.cli.main`` (``$`` prompts, ``\\`` continuations, ``#`` comments and ``&&`` are
  understood). Lines that are not ``servicesim`` commands (output, equations) are not run.

A usage synopsis (a line with ``[...]``, ``a|b``, ``...`` or an upper-case placeholder such as
``DIR``, ``SPEC.toml`` or ``N``) is not run; its subcommand and options are checked against the
command line instead.

**Size.** ``SERVICESIM_DOCS_SCALE`` (default 0.02) scales the examples down: each number of
customers, days, replicates, Morris or Sobol samples, design points, decomposition orderings and
robustness worlds becomes ``min(value, max(floor, round(value * scale)))`` (floors: 1,000 customers,
30 days, 2 replicates, 2 samples, 8 design points, 2 orderings, 4 worlds), the warm-up becomes at
most 30 days, and a size an example leaves at its default is set to the scaled default. Shell
commands have their options rewritten and added; the Python API's ``run``, ``compare``, ``sweep``
and ``decompose`` have their keyword arguments (and a sweep spec dict's keys) scaled on the way in;
the copied experiment specs have their top-level keys rewritten. Below scale 1, local worker pools
run in this process (``--workers 1``). An absolute ``--out`` folder is moved into the temporary one.
``SERVICESIM_DOCS_SCALE=1`` runs every example as written. At reduced size the centres are small, so
``SmallCentreWarning`` is ignored; every other warning is an error, as in the rest of the suite.

**Known failures.** ``KNOWN_BROKEN`` lists examples in pages this test's authors do not own
that do not run as written, each with why; they run and must fail, so an entry goes when its
example is fixed.

**Skipping.** An HTML comment on the line before a block marks it:
``<!-- docs-test: skip -->`` skips the whole block (interactive or networked examples:
``make run``, ``make test``, the dashboard, a Dask scheduler at ``tcp://``, a benchmark), and
``<!-- docs-test: skip dashboard -->`` skips only that block's ``servicesim dashboard`` lines.
An unmarked block that would start the dashboard or the benchmark, reach a ``tcp://`` address
or call ``make`` fails the test, asking for the mark.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import os
import re
import shlex
import time
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
SCALE = float(os.environ.get("SERVICESIM_DOCS_SCALE", "0.02"))

SHELL_LANGS = {"", "console", "bash", "sh", "shell", "shell-session"}
MARK = re.compile(r"^\s*<!--\s*docs-test:\s*(?P<what>[^>]*?)\s*-->\s*$")
FENCE = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})\s*(?P<lang>[\w+-]*)")

#: what a size is scaled to at least (a smaller value in the example is kept)
FLOORS = {
    "customers": 1000,
    "days": 30,
    "warmup_days": 30,
    "reps": 2,
    "samples": 2,
    "points": 8,
    "permutations": 2,
    "worlds": 4,
}
#: the model's defaults, used where an example leaves a size out
DEFAULT_CUSTOMERS = 250_000
DEFAULT_DAYS = 730
DEFAULT_COMPARE_REPS = 10
DEFAULT_PERMUTATIONS = 16  # decompose: orderings sampled when more than eight levers differ

#: subcommands never run unmarked: why each needs a mark
NEEDS_MARK = {
    "dashboard": "interactive: serves a page until Ctrl+C",
    "bench": "a benchmark that takes minutes by design",
}
#: examples known not to run as written, by page and a line of the block, with why: the test
#: runs them and expects them to fail, so an entry must go when its example is fixed
KNOWN_BROKEN: dict[tuple[str, str], str] = {}
#: subcommands whose exit code 1 is an answer, not a failure
EXIT_ONE_IS_AN_ANSWER = {"validate"}  # a calibration check missed, as it may at a tiny size


def scaled(value: int, what: str) -> int:
    """``value`` scaled by SERVICESIM_DOCS_SCALE, never below the floor nor above itself."""
    new = min(value, max(FLOORS[what], round(value * SCALE)))
    if what == "samples" and value & (value - 1) == 0:  # Sobol needs a power of 2
        new = min(value, 2 ** int(math.log2(max(new, 1))))
    return new


# --- extraction --------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Block:
    page: Path
    line: int  # the first line of the block's body, 1-based
    lang: str
    body: str
    mark: str | None  # the text after "docs-test:" on the line before, if any

    @property
    def where(self) -> str:
        return f"{self.page.relative_to(ROOT)}:{self.line}"

    @property
    def skipped_commands(self) -> set[str]:
        """The subcommands this block's mark skips; ``{"*"}`` for the whole block."""
        if self.mark is None:
            return set()
        words = self.mark.split()
        if not words or words[0] != "skip":
            raise AssertionError(f"{self.where}: unknown docs-test mark {self.mark!r}")
        return set(words[1:]) or {"*"}


def blocks(page: Path) -> list[Block]:
    """The fenced code blocks of a markdown page, in order."""
    lines = page.read_text(encoding="utf-8").splitlines()
    found: list[Block] = []
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        fence, lang = m["fence"], m["lang"].lower()
        before = next((x for x in reversed(lines[:i]) if x.strip()), "")
        mark = MARK.match(before)
        j = i + 1
        while j < len(lines) and not lines[j].strip().startswith(fence):
            j += 1
        indent = len(m["indent"])
        body = "\n".join(x[indent:] if x[:indent].isspace() else x for x in lines[i + 1 : j])
        found.append(Block(page, i + 2, lang, body, mark["what"] if mark else None))
        i = j + 1
    return found


@functools.cache
def subcommands() -> dict[str, Any]:
    """The CLI's subcommands by name (click commands)."""
    import typer

    from servicesim.cli import app

    return dict(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


def command_lines(block: Block) -> Iterator[tuple[str, list[str]]]:
    """``(line, argv)`` for each command of a shell block; ``&&`` splits a line into several."""
    text = re.sub(r"\\\n\s*", " ", block.body)
    prompted = any(x.lstrip().startswith("$ ") for x in text.splitlines())
    for raw in text.splitlines():
        line = raw.strip()
        if prompted:
            if not line.startswith("$ "):
                continue  # output
            line = line[2:]
        try:
            words = shlex.split(line, comments=True)
        except ValueError:
            continue  # not a command (an apostrophe in output)
        argv: list[str] = []
        for word in [*words, "&&"]:
            if word != "&&":
                argv.append(word)
            elif argv:
                yield line, argv
                argv = []


PLACEHOLDER = re.compile(r"(?<![a-z])[A-Z][A-Z_]+(?![a-z])|^[A-Z]$|[\[\]|]|\.\.\.")


def is_synopsis(argv: list[str]) -> bool:
    return any(PLACEHOLDER.search(word) for word in argv[1:])


def is_servicesim(argv: list[str]) -> bool:
    """A ``servicesim SUBCOMMAND`` line (output such as ``servicesim dashboard: open`` is not)."""
    return (
        len(argv) > 1
        and argv[0] == "servicesim"
        and re.fullmatch(r"[a-z][a-z-]*", argv[1]) is not None
    )


def runnable(block: Block) -> bool:
    """Whether the block has something to run (before its mark is applied)."""
    if block.lang == "python":
        return True
    return block.lang in SHELL_LANGS and any(
        is_servicesim(a) and not is_synopsis(a) for _, a in command_lines(block)
    )


# --- scaling ---------------------------------------------------------------------------------


def _option(argv: list[str], name: str) -> int | None:
    return argv.index(name) if name in argv else None


def scale_argv(argv: list[str]) -> list[str]:
    """A ``servicesim`` command's arguments with its sizes scaled (see the module docstring)."""
    args = list(argv[1:])
    sub = args[0]
    params = {o for p in subcommands()[sub].params for o in p.opts}

    def put(name: str, what: str, default: int | None, cap: int | None = None) -> None:
        if name not in params:
            return
        i = _option(args, name)
        if i is not None:
            args[i + 1] = str(scaled(int(args[i + 1].replace("_", "")), what))
        elif default is not None:
            value = scaled(default, what) if cap is None else max(cap, scaled(default, what))
            args.extend([name, str(value)])

    spec_sized = sub in {"sweep", "sensitivity"}  # the copied spec carries its own sizes
    days_floor = 365 if sub == "validate" else None  # validate follows risk for 12 months
    put("--customers", "customers", None if spec_sized else DEFAULT_CUSTOMERS)
    put("--days", "days", None if spec_sized else DEFAULT_DAYS, days_floor)
    put("--warmup-days", "warmup_days", DEFAULT_DAYS)
    put("--reps", "reps", DEFAULT_COMPARE_REPS if sub == "compare" else None)
    put("--permutations", "permutations", DEFAULT_PERMUTATIONS)
    if sub == "robustness":  # worlds of assumptions; half as many again with halved ranges
        put("--samples", "worlds", None)
        put("--halved-samples", "worlds", None)
    if sub == "sensitivity":
        from servicesim.experiments.sensitivity import DEFAULT_SAMPLES

        i = _option(args, "--method")
        method = args[i + 1] if i is not None else "sobol"
        put("--samples", "samples", None if _spec_has_samples(args[1]) else DEFAULT_SAMPLES[method])
    if SCALE < 1 and "--workers" in params:
        i = _option(args, "--workers")
        if i is None:
            args.extend(["--workers", "1"])
        else:
            args[i + 1] = "1"
    return args


def _spec_has_samples(path: str) -> bool:
    return re.search(r"^samples\s*=", Path(path).read_text(), re.M) is not None


def scale_spec_text(text: str) -> str:
    """An experiment spec's top-level sizes scaled, with a short warm-up added."""
    head, sep, tables = text.partition("\n[")
    keys = {"customers": "customers", "days": "days", "replicates": "reps", "samples": "points"}

    def one(m: re.Match[str]) -> str:
        what = keys.get(m["key"], "warmup_days")
        return f"{m['key']} = {scaled(int(m['value'].replace('_', '')), what)}{m['rest']}"

    head = re.sub(
        r"^(?P<key>customers|days|replicates|samples|warmup_days)\s*=\s*(?P<value>[\d_]+)(?P<rest>.*)$",
        one,
        head,
        flags=re.M,
    )
    if not re.search(r"^warmup_days\s*=", head, re.M):
        head += f"\nwarmup_days = {scaled(DEFAULT_DAYS, 'warmup_days')}"
    return head + sep + tables


def scale_kwargs(fn: Callable[..., Any]) -> Callable[..., Any]:
    """A Python API function whose sizes are scaled on the way in (see the module docstring)."""
    import inspect

    accepted = inspect.signature(fn).parameters

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        sizes = {
            "customers": ("customers", DEFAULT_CUSTOMERS),
            "days": ("days", DEFAULT_DAYS),
            "warmup_days": ("warmup_days", DEFAULT_DAYS),
            "reps": ("reps", None),
            "permutations": ("permutations", DEFAULT_PERMUTATIONS),
        }
        spec = kwargs.get("spec", args[0] if fn.__name__ == "sweep" and args else None)
        for name, (what, default) in sizes.items():
            if name not in accepted:
                continue
            if kwargs.get(name) is not None:
                kwargs[name] = scaled(int(kwargs[name]), what)
            elif default is not None and not isinstance(spec, dict | str | os.PathLike):
                kwargs[name] = scaled(default, what)
        if fn.__name__ == "compare" and "reps" not in kwargs:
            kwargs["reps"] = scaled(accepted["reps"].default, "reps")
        if isinstance(spec, dict):
            spec = dict(spec)
            for key, what in (("customers", "customers"), ("days", "days")):
                if key in spec and kwargs.get(key) is None:
                    spec[key] = scaled(int(spec[key]), what)
            spec["replicates"] = scaled(int(spec.get("replicates", 1)), "reps")
            if "samples" in spec:
                spec["samples"] = scaled(int(spec["samples"]), "points")
            spec["warmup_days"] = scaled(int(spec.get("warmup_days", DEFAULT_DAYS)), "warmup_days")
            args = (spec, *args[1:]) if args else args
            if "spec" in kwargs:
                kwargs["spec"] = spec
        if SCALE < 1 and "workers" in accepted:
            kwargs["workers"] = 1
        return fn(*args, **kwargs)

    return wrapper


# --- running -----------------------------------------------------------------------------------


def _run_python(block: Block, namespace: dict[str, Any]) -> None:
    code = compile("\n" * (block.line - 1) + block.body, str(block.page), "exec")
    exec(code, namespace)  # noqa: S102 - the docs' own examples


def _run_command(block: Block, line: str, argv: list[str]) -> None:
    from servicesim.cli import main

    args = _inside(scale_argv(argv))
    print(f"{block.where}: servicesim {shlex.join(args)}")
    rc = main(args)
    allowed = {0, 1} if args[0] in EXIT_ONE_IS_AN_ANSWER else {0}
    assert rc in allowed, (
        f"{block.where}: `{line}` exited with {rc} (ran: servicesim {shlex.join(args)})"
    )


def _known_broken(block: Block) -> str | None:
    page = str(block.page.relative_to(ROOT))
    lines = {line.strip() for line in block.body.splitlines()}
    return next(
        (why for (p, line), why in KNOWN_BROKEN.items() if p == page and line in lines), None
    )


def test_known_broken_examples_are_still_there() -> None:
    """An entry of KNOWN_BROKEN names a python block that exists (else the entry is stale)."""
    for (page, line), _ in KNOWN_BROKEN.items():
        found = [b for b in blocks(ROOT / page) if b.lang == "python" and _known_broken(b)]
        assert found, f"{page}: no python block has {line!r}; remove it from KNOWN_BROKEN"


def _inside(args: list[str]) -> list[str]:
    """An absolute ``--out`` (``/tmp/rob16``) moved into this page's temporary folder."""
    args = list(args)
    for i, word in enumerate(args[:-1]):
        if word == "--out" and Path(args[i + 1]).is_absolute():
            args[i + 1] = str(Path("absolute") / Path(args[i + 1]).relative_to("/"))
    return args


def check_marks(block: Block) -> list[str]:
    """Problems with a block's mark: a subcommand that needs one and lacks it, or a bad mark."""
    skipped = block.skipped_commands
    problems = [
        f"{block.where}: the mark names {w!r}, which is no servicesim subcommand"
        for w in skipped - {"*"}
        if w not in subcommands()
    ]
    if "*" in skipped or block.lang not in SHELL_LANGS:
        return problems
    for line, argv in command_lines(block):
        if argv[0] == "make":
            problems.append(f"{block.where}: `{line}` runs make; mark the block")
        elif is_servicesim(argv) and not is_synopsis(argv) and argv[1] not in skipped:
            why = NEEDS_MARK.get(argv[1]) or (
                "reaches a network address" if "tcp://" in line else None
            )
            if why:
                problems.append(f"{block.where}: `{line}` is {why}; mark the block")
    return problems


#: the pages with an example to run (a page of prose and usage lines has none)
EXAMPLE_PAGES = [p for p in PAGES if any(runnable(b) for b in blocks(p))]


@pytest.mark.parametrize(
    "page", EXAMPLE_PAGES, ids=[str(p.relative_to(ROOT)) for p in EXAMPLE_PAGES]
)
def test_page_examples_run(
    page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, compiled: None
) -> None:
    import servicesim

    problems = [p for b in blocks(page) for p in check_marks(b)]
    assert not problems, "\n".join(problems)
    todo = [b for b in blocks(page) if runnable(b) and "*" not in b.skipped_commands]
    (tmp_path / "experiments").mkdir()
    for spec in (ROOT / "experiments").glob("*.toml"):
        (tmp_path / "experiments" / spec.name).write_text(scale_spec_text(spec.read_text()))
    monkeypatch.chdir(tmp_path)
    for name in ("run", "compare", "sweep", "decompose"):
        monkeypatch.setattr(servicesim, name, scale_kwargs(getattr(servicesim, name)))
    namespace: dict[str, Any] = {"__name__": "__docs_example__"}
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", servicesim.SmallCentreWarning)
        for block in todo:
            if block.lang == "python":
                print(f"{block.where}: python")
                broken = _known_broken(block)
                if broken is None:
                    _run_python(block, namespace)
                    continue
                try:
                    _run_python(block, dict(namespace))
                except Exception as err:  # noqa: BLE001 - any failure is the known one
                    print(f"{block.where}: fails as known ({broken}): {err!r}")
                    continue
                pytest.fail(f"{block.where} now runs: remove it from KNOWN_BROKEN")
            for line, argv in command_lines(block):
                if is_servicesim(argv) and not is_synopsis(argv):
                    if argv[1] not in block.skipped_commands:
                        _run_command(block, line, argv)
    print(f"{page.name}: {time.perf_counter() - start:.1f} s")


def test_api_docstring_examples_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, compiled: None
) -> None:
    """The ``Examples`` of the public API's docstrings (the API reference shows them) run too."""
    import doctest

    import servicesim

    public = {n: getattr(servicesim, n) for n in servicesim.__all__ if n != "__version__"}
    tests = [
        t
        for name, obj in public.items()
        for t in doctest.DocTestFinder(recurse=False).find(obj, f"servicesim.{name}")
        if t.examples
    ]
    assert tests, "no docstring example found: has the finder broken?"
    monkeypatch.chdir(tmp_path)
    for name in ("run", "compare", "sweep", "decompose"):
        monkeypatch.setattr(servicesim, name, scale_kwargs(public[name]))
    report: list[str] = []
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", servicesim.SmallCentreWarning)
        for test in tests:
            runner.run(test, out=report.append)
    assert runner.failures == 0, "".join(report)


def test_marks_are_placed_where_needed() -> None:
    """Every page: interactive or networked commands are marked, and marks name real commands."""
    problems = [p for page in PAGES for b in blocks(page) for p in check_marks(b)]
    assert not problems, "\n".join(problems)


def test_synopses_name_real_options() -> None:
    """A usage line's subcommand exists and every option it shows is one the command takes."""
    bad = []
    seen = 0
    for page in PAGES:
        for block in blocks(page):
            if block.lang not in SHELL_LANGS:
                continue
            for line, argv in command_lines(block):
                if argv[0] != "servicesim" or not is_synopsis(argv):
                    continue
                seen += 1
                command = subcommands().get(argv[1])
                if command is None:
                    bad.append(f"{block.where}: no subcommand {argv[1]!r} in `{line}`")
                    continue
                known = {o for p in command.params for o in (*p.opts, *p.secondary_opts)}
                shown = re.findall(r"(?<![\w-])--[a-z][\w-]*", line)
                bad += [
                    f"{block.where}: `{line}` shows {o}, which `servicesim {argv[1]}` does not take"
                    for o in shown
                    if o not in known
                ]
    assert seen, "no usage synopsis found: has the extraction broken?"
    assert not bad, "\n".join(bad)


def test_scaling_rewrites_sizes() -> None:
    """The reduction the runs rely on: explicit sizes shrink, missing ones are added."""
    if SCALE >= 1:
        pytest.skip("SERVICESIM_DOCS_SCALE >= 1: examples run as written")
    args = scale_argv(["servicesim", "compare", "a", "b", "--reps", "10", "--customers", "50000"])
    assert args[args.index("--reps") + 1] == str(scaled(10, "reps"))
    assert int(args[args.index("--customers") + 1]) < 50000
    assert args[args.index("--warmup-days") + 1] == "30"
    assert "--days" in args and args[args.index("--workers") + 1] == "1"
    assert scale_argv(["servicesim", "validate"])[-1] == "365"
    spec = scale_spec_text("customers = 50000\nsamples = 32\n\n[parameters]\nx = 1\n")
    assert (
        "warmup_days = 30" in spec
        and "samples = 8" in spec
        and spec.endswith("[parameters]\nx = 1\n")
    )


def test_extraction_finds_the_examples() -> None:
    """The parser sees the README's commands, python.md's code and the marks."""
    readme = blocks(ROOT / "README.md")
    commands = [a for b in readme if b.lang in SHELL_LANGS for _, a in command_lines(b)]
    assert any(a[:2] == ["servicesim", "compare"] and not is_synopsis(a) for a in commands)
    assert any(b.lang == "python" for b in readme)
    assert any("*" in b.skipped_commands for b in readme)  # make run / make test
    assert is_synopsis(["servicesim", "plot", "DIR", "--format", "png|svg"])
    assert not is_synopsis(
        ["servicesim", "run", "--set", "policy.discretion_cap=50", "--out", "results/one"]
    )
