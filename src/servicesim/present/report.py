"""The workshop report: one self-contained HTML page for a comparison (or a single run).

``write_report(DIR)`` writes ``DIR/report.html``: the headline result in plain words with its
uncertainty, a table of the key outcomes with units and 95% confidence intervals, the key figures
inline (PNG data URIs), and the assumptions that drive the result, with a relative link to the
model description. Nothing is fetched from the network: workshop rooms are often offline.
"""

from __future__ import annotations

import base64
import html
import io
import os
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd

from servicesim.core.metrics import KEY_OUTCOMES, SUMMARY, label
from servicesim.errors import InputError
from servicesim.params.behaviour import BehaviourParams
from servicesim.params.policy import PolicyParams
from servicesim.params.preset_files import load_preset
from servicesim.params.scenario import ScenarioParams
from servicesim.present.data import Results, load_results, paired_comparison
from servicesim.present.figures import fitting_kinds, make_figure
from servicesim.present.fmt import (
    compact,
    compact_signed,
    finite,
    money_scale,
    money_short,
)
from servicesim.present.report_gap import (
    decomposition_html,
    load_decomposition,
    load_robustness,
    robustness_html,
)
from servicesim.present.style import file_metadata, provenance, styled

REPORT_KINDS = ("timeseries", "ledger", "cohorts")
_CAPTIONS = {
    "timeseries": "Lines are means over replicates; shaded bands are 95% confidence intervals of "
    "the mean. Bands far apart mean a clear difference.",
    "ledger": "Left bar of each pair: the service costs, stacked by item; right bar: the gross "
    "margin (revenue minus the cost of the goods sold). The gap between the two is the profit.",
    "cohorts": "Customers grouped by their service experience: never had a problem, had one put "
    "right (recovered), or had one that was not put right.",
}
_CSS = """
body{font-family:system-ui,-apple-system,'Segoe UI',Helvetica,Arial,sans-serif;max-width:70rem;
margin:2rem auto;padding:0 1.5rem;color:#1a1a1a;line-height:1.5;font-size:1.05rem}
h1{font-size:1.9rem;margin-bottom:.2rem}h2{margin-top:2.2rem;border-bottom:2px solid #ddd}
.headline{font-size:1.3rem;background:#f4f7fb;border-left:6px solid #0072B2;padding:1rem 1.3rem}
.note{color:#555;font-size:.95rem}table{border-collapse:collapse;margin:1rem 0;width:100%}
th,td{border-bottom:1px solid #ddd;padding:.35rem .6rem;text-align:right;vertical-align:top}
th:first-child,td:first-child{text-align:left}td small{color:#555}
.better{font-weight:600;color:#005a8c}.worse{font-weight:600;color:#a33d00}
figure{margin:1.5rem 0}figure img{max-width:100%;height:auto;border:1px solid #eee}
figcaption{color:#444;font-size:.95rem}code{background:#f3f3f3;padding:0 .25rem}
"""


# --- numbers in words ------------------------------------------------------------------------


def _clause(metric: str, row: pd.Series, base: str, level: str) -> str:
    """One clause of the headline: the difference from ``base`` with its interval, in words."""
    d, lo, hi = row["diff"], row["diff_ci_low"], row["diff_ci_high"]
    if metric == "retention_rate":
        amount, more, less, what = (lambda v: f"{100 * v:.1f}"), "more", "fewer", "retention"
        sentence = "kept {x} percentage points {dir} of its customers than " + base
    else:
        scale, unit = money_scale([d, lo, hi])
        amount, more, less, what = (lambda v: money_short(v, scale, unit)), "more", "less", "profit"
        sentence = "made {x} {dir} profit than " + base
    if not finite(lo, hi):
        direction = more if d >= 0 else less
        return sentence.format(x=amount(abs(d)), dir=direction) + " (one replicate: no interval)"
    if lo > 0 or hi < 0:
        direction = more if d > 0 else less
        low, high = sorted((abs(lo), abs(hi)))
        return (
            sentence.format(x=amount(abs(d)), dir=direction)
            + f" ({level} CI {amount(low)} to {amount(high)})"
        )
    return (
        f"showed no clear difference in {what} from {base} "
        f"({compact_signed(metric, d)}, {level} CI {amount(lo)} to {amount(hi)})"
    )


def headline(res: Results, comparison: pd.DataFrame) -> list[str]:
    """The result in plain words, one sentence per policy compared with the first."""
    days = res.manifest.get("days")
    over = f"Over {days} days" if days else "Over the run"
    pols = res.policies
    rows = comparison.set_index(["metric", "policy"])
    if len(pols) == 1:
        p = pols[0]
        keep = compact("retention_rate", rows.loc[("retention_rate", p), "mean"])
        profit = compact("profit", rows.loc[("profit", p), "mean"])
        return [
            f"{over}, {p} kept {keep} of its customers and made {profit} profit. This is "
            "a single run, so it carries no uncertainty estimate: "
            "<code>servicesim compare</code> gives confidence intervals."
        ]
    sentences = []
    for p in pols[1:]:
        retention = _clause("retention_rate", rows.loc[("retention_rate", p)], pols[0], "95%")
        profit = _clause("profit", rows.loc[("profit", p)], pols[0], "95%")
        sentences.append(f"{over}, {p} {retention}, and {profit}.")
    reps = res.replicates
    paired = (
        "paired replicates with common random numbers" if res.manifest.get("crn") else "replicates"
    )
    sentences.append(
        f"Each number is a mean over {reps} {paired}; a 95% confidence interval (CI) says how "
        "far the result could move with other random draws of the same model, not how far the "
        "model is from reality. &ldquo;No clear difference&rdquo; means the interval includes zero."
    )
    return sentences


# --- sections --------------------------------------------------------------------------------


def _outcome_table(res: Results, comparison: pd.DataFrame) -> str:
    pols = res.policies
    rows = comparison.set_index(["metric", "policy"])
    head = "".join(f"<th>{html.escape(p)}</th>" for p in pols)
    body = []
    for metric in [m for m in KEY_OUTCOMES if (m, pols[0]) in rows.index]:
        meaning = html.escape(SUMMARY[metric].meaning)
        cells = [f'<td title="{meaning}">{html.escape(label(metric))}</td>']
        for i, p in enumerate(pols):
            r = rows.loc[(metric, p)]
            text = compact(metric, r["mean"])
            if finite(r["ci_low"], r["ci_high"]):
                text += (
                    f"<br><small>CI {compact(metric, r['ci_low'])} to "
                    f"{compact(metric, r['ci_high'])}</small>"
                )
            if i > 0 and finite(r["diff"]):
                text += "<br>" + _diff_cell(metric, r)
            cells.append(f"<td>{text}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return (
        f"<table><thead><tr><th>outcome (unit)</th>{head}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def _diff_cell(metric: str, r: pd.Series) -> str:
    text = f"&Delta; {compact_signed(metric, r['diff'])}"
    if not finite(r["diff_ci_low"], r["diff_ci_high"]):
        return f"<small>{text}</small>"
    text += f" ({compact_signed(metric, r['diff_ci_low'])} to {compact_signed(metric, r['diff_ci_high'])})"
    clear = r["diff_ci_low"] > 0 or r["diff_ci_high"] < 0
    direction = SUMMARY[metric].direction
    if clear and direction:
        better = (r["diff"] > 0) == (direction > 0)
        verdict = "better" if better else "worse"
        return f'<small class="{verdict}">{text} {verdict}</small>'
    return f"<small>{text}{' clear' if clear else ''}</small>"


def _figure_html(res: Results) -> str:
    parts = []
    for kind in [k for k in REPORT_KINDS if k in fitting_kinds(res)]:
        fig = make_figure(res, kind)
        title = " ".join(fig.get_suptitle().split())
        buffer = io.BytesIO()
        with styled():
            fig.savefig(
                buffer,
                format="png",
                dpi=110,
                metadata=file_metadata(provenance(res.manifest, kind), title, "png"),
            )
        data = base64.b64encode(buffer.getvalue()).decode("ascii")
        parts.append(
            f'<figure><img src="data:image/png;base64,{data}" alt="{html.escape(title)}">'
            f"<figcaption>{html.escape(title)}. {_CAPTIONS[kind]}</figcaption></figure>"
        )
    return "\n".join(parts)


def _preset_description(folder: str, name: str) -> str:
    path = resources.files("servicesim.params") / "presets" / folder / f"{name}.toml"
    if not path.is_file():
        return ""
    meta = tomllib.loads(path.read_text(encoding="utf-8")).get("meta", {})
    return " ".join(str(meta.get("description", "")).split())


def policy_levers(res: Results) -> tuple[dict[str, dict[str, Any]], str]:
    """Lever values per policy and where they came from (folder record, config, presets)."""
    pols = res.policies
    recorded = res.manifest.get("levers")
    if isinstance(recorded, dict) and all(p in recorded for p in pols):
        return {p: dict(recorded[p]) for p in pols}, "as recorded in this folder's manifest"
    defaults = PolicyParams().model_dump()
    if res.kind == "run" and isinstance(res.config.get("policy"), dict):
        return {pols[0]: {**defaults, **res.config["policy"]}}, "from this run's config.toml"
    levers = {}
    for p in pols:
        try:
            levers[p] = {**defaults, **load_preset("policy", p)[1]}
        except InputError:
            continue
    return (
        levers,
        "as the shipped policy presets set them; overrides given with --set are not shown",
    )


def _lever_table(res: Results) -> str:
    levers, source = policy_levers(res)
    if not levers:
        return (
            "<p>The lever values of these policies were not recorded in this folder; see the "
            "policy files the comparison was run with.</p>"
        )
    docs = {d["name"]: d for d in PolicyParams.field_docs()}
    pols = list(levers)
    compare_to = {k: d["default"] for k, d in docs.items()} if len(pols) == 1 else None
    rows = []
    for lever in docs:
        values = [levers[p].get(lever) for p in pols]
        reference = [compare_to[lever]] if compare_to else []
        if len({repr(v) for v in values + reference}) == 1:
            continue
        cells = "".join(f"<td>{html.escape(_plain(v))}</td>" for v in values)
        unit = html.escape(str(docs[lever]["unit"]))
        rows.append(
            f"<tr><td><code>{lever}</code> ({unit})<br><small>"
            f"{html.escape(docs[lever]['meaning'])}</small></td>{cells}</tr>"
        )
    what = "differ from the model defaults" if compare_to else "differ between the policies"
    if not rows:
        return f"<p>No policy lever values {what}.</p>"
    head = "".join(f"<th>{html.escape(p)}</th>" for p in pols)
    return (
        f"<p>The policy levers that {what}, {html.escape(source)}:</p>"
        f"<table><thead><tr><th>lever (unit)</th>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _plain(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    return f"{value:g}" if isinstance(value, float) else str(value)


def _settings(res: Results) -> str:
    m = res.manifest
    scenario = str(m.get("scenario") or res.config.get("scenario_name") or "default")
    items = [f"<li>Scenario <b>{html.escape(scenario)}</b>"]
    description = _preset_description("scenarios", scenario)
    if description:
        items[-1] += f": {html.escape(description)}"
    items[-1] += "</li>"
    scenario_values = res.config.get("scenario") or {}
    if not scenario_values:
        try:
            scenario_values = load_preset("scenario", scenario)[1]
        except InputError:
            scenario_values = {}
    defaults = ScenarioParams().model_dump()
    changed = {k: v for k, v in scenario_values.items() if defaults.get(k, object()) != v}
    if changed:
        listed = ", ".join(
            f"<code>{k} = {html.escape(_plain(v))}</code>" for k, v in changed.items()
        )
        items.append(f"<li>Scenario values that differ from the model defaults: {listed}</li>")
    behaviour = BehaviourParams().model_dump()
    assumed = {
        k: v
        for k, v in (res.config.get("behaviour") or {}).items()
        if behaviour.get(k, object()) != v
    }
    if assumed:
        listed = ", ".join(
            f"<code>{k} = {html.escape(_plain(v))}</code>" for k, v in assumed.items()
        )
        items.append(
            f"<li>Behavioural assumptions that differ from the model defaults: {listed}</li>"
        )
    known = {
        "customers": "customers at the start",
        "days": "simulated days",
        "reps": "replicates per policy",
        "seed": "seed",
        "crn": "common random numbers",
        "version": "servicesim version",
    }
    for key, meaning in known.items():
        if key in m:
            items.append(f"<li>{meaning}: <b>{html.escape(_plain(m[key]))}</b></li>")
    for key, value in m.items():
        if key not in known and key not in ("kind", "policies", "policy", "scenario", "levers"):
            items.append(f"<li><code>{html.escape(key)}</code>: {html.escape(_plain(value))}</li>")
    return "<ul>" + "".join(items) + "</ul>"


def model_link(directory: Path) -> str:
    """A relative link from ``directory`` to ``docs/model.md`` (searched upwards), or the bare path."""
    here = directory.resolve()
    candidates = [p / "docs" / "model.md" for p in (here, *here.parents)]
    candidates.append(Path(__file__).resolve().parents[2] / "docs" / "model.md")
    for candidate in candidates:
        if candidate.is_file():
            return Path(os.path.relpath(candidate, here)).as_posix()
    return "docs/model.md"


# --- the page ----------------------------------------------------------------------------------


def build_report(
    directory: str | Path,
    decomposition: str | Path | None = None,
    robustness: str | Path | None = None,
) -> str:
    """The report for a compare (or run) folder, as one HTML string; with ``decomposition``
    (a ``servicesim decompose`` folder of the first two policies), which levers carry the gap;
    with ``robustness`` (a ``servicesim robustness`` folder of the same two), how often the
    verdict holds over the model's assumptions."""
    res = load_results(directory)
    if res.kind not in ("compare", "run"):
        raise InputError(
            "DIR",
            str(directory),
            "a compare or run folder",
            f"this is a {res.kind} folder; use servicesim plot for it",
        )
    metrics = [m for m in SUMMARY if m in res.runs.columns]
    comparison = res.comparison
    if comparison.empty or not {"retention_rate", "profit"} <= set(comparison["metric"]):
        comparison = paired_comparison(res.runs, res.policies, metrics)
    comparison = comparison[comparison["policy"].astype(str).isin(res.policies)].copy()
    comparison["policy"] = comparison["policy"].astype(str)
    pols = res.policies
    title = (
        f"{' vs '.join(pols)}: loyalty and cost"
        if len(pols) > 1
        else f"{pols[0]}: loyalty and cost in one run"
    )
    dec_html = ""
    if decomposition is not None:
        if len(pols) < 2:
            raise InputError("decomposition folder", str(decomposition), "a report of a comparison")
        dec = load_decomposition(decomposition, pols[0], pols[1])
        dec_html = decomposition_html(dec, Path(decomposition))
    rob_html = ""
    if robustness is not None:
        if len(pols) < 2:
            raise InputError("robustness folder", str(robustness), "a report of a comparison")
        rob_html = robustness_html(load_robustness(robustness, pols[0], pols[1]))
    link = html.escape(model_link(res.path))
    sentences = "".join(f"<p>{s}</p>" for s in headline(res, comparison))
    facts = provenance(res.manifest, "report")
    facts.pop("figure_kind")
    footer = "; ".join(f"{k} {html.escape(v)}" for k, v in facts.items())
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="servicesim {html.escape(facts["servicesim_version"])}">
<title>{html.escape(title)}</title><style>{_CSS}</style></head>
<body>
<h1>{html.escape(title)}</h1>
<p class="note">A simulation, not a forecast: these numbers follow from the model and the
assumptions listed below.</p>
<h2>Headline</h2>
<div class="headline">{sentences}</div>
{rob_html}
<h2>Key outcomes</h2>
<p class="note">Mean over replicates with its 95% confidence interval (CI); &Delta; is the paired
difference from {html.escape(pols[0])}. &ldquo;better&rdquo; or &ldquo;worse&rdquo; marks a
difference whose interval excludes zero. Hover an outcome for its meaning.</p>
{_outcome_table(res, comparison)}
<h2>Key figures</h2>
{_figure_html(res)}
{dec_html}
<h2>Assumptions that drive the result</h2>
{_settings(res)}
{_lever_table(res)}
<p>How the model works, what each mechanism assumes and how strong the evidence behind it is:
<a href="{link}">the model description</a> (<code>docs/model.md</code> in the servicesim source
tree; open it beside this page).</p>
<hr><p class="note">Made by <code>servicesim report</code> from <code>{html.escape(str(res.path))}</code>:
{footer}.</p>
</body></html>
"""


def write_report(
    directory: str | Path,
    decomposition: str | Path | None = None,
    robustness: str | Path | None = None,
) -> Path:
    """Write ``DIR/report.html`` and return its path."""
    text = build_report(directory, decomposition, robustness)
    path = Path(directory) / "report.html"
    path.write_text(text, encoding="utf-8")
    return path
