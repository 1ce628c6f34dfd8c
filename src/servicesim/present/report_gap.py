"""The report's section on which levers carry the gap between two policies, from a
``servicesim decompose`` folder (``servicesim report DIR --decomposition DEC_DIR``)."""

from __future__ import annotations

import base64
import html
import json
from pathlib import Path
from typing import Any

from servicesim.core.metrics import SUMMARY, label
from servicesim.errors import InputError
from servicesim.present.fmt import SHARE_UNITS, compact_signed, finite, plain, points

#: outcomes the decomposition section explains, in this order
DECOMPOSITION_METRICS = ("profit", "retention_rate")


def load_decomposition(directory: str | Path, a: str, b: str) -> dict[str, Any]:
    """A decompose folder's ``decomposition.json``, checked to explain ``a`` against ``b``."""
    path = Path(directory) / "decomposition.json"
    if not path.is_file():
        raise InputError(
            "decomposition folder",
            str(directory),
            "a folder written by servicesim decompose (with decomposition.json)",
        )
    dec = json.loads(path.read_text(encoding="utf-8"))
    if (dec.get("a"), dec.get("b")) != (a, b):
        raise InputError(
            "decomposition folder",
            str(directory),
            f"a decomposition of {a} against {b}, as in the comparison",
            f"it decomposes {dec.get('a')} against {dec.get('b')}",
        )
    return dec


def _gap_number(metric: str, value: float) -> str:
    """A contribution to a gap: shares in pp to two decimals (they are small), money as prose."""
    if SUMMARY[metric].unit in SHARE_UNITS and finite(value):
        return points(value, 2)
    return compact_signed(metric, value)


def _share_of_gap(metric: str, value: float, ci: Any) -> str:
    text = _gap_number(metric, value)
    if isinstance(ci, list) and len(ci) == 2 and finite(*ci):
        low, high = _gap_number(metric, ci[0]), _gap_number(metric, ci[1])
        text += f" <small>({low} to {high})</small>"
    return text


def decomposition_sentences(dec: dict[str, Any]) -> list[str]:
    """For each explained outcome: the gap, the levers that carry most of it, the interaction."""
    out = []
    for metric in DECOMPOSITION_METRICS:
        gap = dec["gap"].get(metric)
        if gap is None or not finite(gap):
            continue
        levers = sorted(dec["levers"], key=lambda lv: -abs(lv["shapley"][metric]))
        top = [
            f"{html.escape(lv['name'])} {_gap_number(metric, lv['shapley'][metric])}"
            for lv in levers[:3]
        ]
        rest = levers[3:]
        if rest:
            together = _gap_number(metric, sum(lv["shapley"][metric] for lv in rest))
            top.append(f"the other {len(rest)} together {together}")
        alone = sum(lv["alone_from_a"][metric] for lv in dec["levers"])
        out.append(
            f"The {label(metric)} gap, {html.escape(dec['b'])} minus {html.escape(dec['a'])}, "
            f"is {_gap_number(metric, gap)}: {', '.join(top)}. Switched one at a time, the "
            f"levers would add up to {_gap_number(metric, alone)}; "
            f"{_gap_number(metric, dec['interaction'][metric])} comes from levers acting "
            "together."
        )
    return out


def _decompose_settings(directory: Path) -> str:
    """`` at 150,000 customers x 730 days, scenario default`` from the folder's manifest."""
    try:
        spec = json.loads((directory / "manifest.json").read_text(encoding="utf-8"))["spec"]
        return (
            f" at {int(spec['customers']):,} customers x {int(spec['days'])} days, "
            f"scenario {html.escape(str(spec['scenario']))}"
        )
    except (OSError, KeyError, TypeError, ValueError):
        return ""


def decomposition_html(dec: dict[str, Any], directory: Path) -> str:
    reps = int(dec.get("reps", 0))
    note = (
        "one replicate: no interval" if reps < 2 else f"95% intervals over {reps} paired replicates"
    )
    head = "".join(
        f"<th>{html.escape(label(m))}: Shapley value</th>" for m in DECOMPOSITION_METRICS
    )
    body = []
    for lv in sorted(dec["levers"], key=lambda lv: -abs(lv["shapley"]["profit"])):
        cells = "".join(
            f"<td>{_share_of_gap(m, lv['shapley'][m], lv.get('shapley_ci', {}).get(m))}</td>"
            for m in DECOMPOSITION_METRICS
        )
        alone = compact_signed("profit", lv["alone_from_a"]["profit"])
        body.append(
            f"<tr><td>{html.escape(lv['name'])}</td><td>{plain(lv['a'])}</td>"
            f"<td>{plain(lv['b'])}</td>{cells}<td>{alone}</td></tr>"
        )
    figures = []
    for metric in DECOMPOSITION_METRICS:
        png = directory / "figures" / f"waterfall_{metric}.png"
        if png.is_file():
            data = base64.b64encode(png.read_bytes()).decode("ascii")
            figures.append(
                f'<figure><img src="data:image/png;base64,{data}" alt="waterfall of the '
                f'{html.escape(label(metric))} gap"><figcaption>How each lever builds the '
                f"{html.escape(label(metric))} gap (Shapley values), and the gap itself."
                "</figcaption></figure>"
            )
    sentences = "".join(f"<p>{s}</p>" for s in decomposition_sentences(dec))
    a, b = html.escape(dec["a"]), html.escape(dec["b"])
    return f"""<h2>Which levers carry the gap</h2>
{sentences}
<p class="note">Each lever's Shapley value is its average contribution to the gap over every
order in which the levers could be switched from {a} to {b}, paired under common random numbers
so that the values and the interaction add up to the gap exactly ({note}). &ldquo;Alone from
{a}&rdquo; is the profit difference from switching that lever alone. Made by
<code>servicesim decompose</code>{_decompose_settings(directory)}.</p>
<table><thead><tr><th>lever</th><th>{a}</th><th>{b}</th>{head}<th>profit, alone from {a}</th>
</tr></thead><tbody>{"".join(body)}</tbody></table>
{"".join(figures)}"""


# --- how far the verdict holds over the model's assumptions (a robustness folder) ------------

#: outcomes whose robustness the report states, in this order
ROBUSTNESS_METRICS = ("profit", "retention_rate", "churn_rate_per_year")


def load_robustness(directory: str | Path, a: str, b: str) -> dict[str, Any]:
    """A robustness folder's result (its manifest's ``result``), checked to compare ``a`` and
    ``b`` as the report does."""
    path = Path(directory) / "manifest.json"
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        result = {**manifest["result"], "spec": manifest.get("spec") or {}}
    except (OSError, KeyError, TypeError, ValueError):
        raise InputError(
            "robustness folder",
            str(directory),
            "a folder written by servicesim robustness (its manifest.json holds the result)",
        ) from None
    if (result.get("a"), result.get("b")) != (a, b):
        raise InputError(
            "robustness folder",
            str(directory),
            f"a robustness analysis of {a} against {b}, as in the comparison",
            f"it compares {result.get('a')} with {result.get('b')}",
        )
    return result


def _settings_of(spec: dict[str, Any]) -> str:
    """`` at 70,000 customers x 730 days, 2 replicates a world`` (the worlds' own size, which
    may differ from the comparison's)."""
    try:
        return (
            f" at {int(spec['customers']):,} customers x {int(spec['days'])} days, "
            f"{int(spec['reps'])} replicates a world"
        )
    except (KeyError, TypeError, ValueError):
        return ""


def robustness_html(result: dict[str, Any]) -> str:
    """The verdict sentences, one per outcome, and what the worlds were."""
    from servicesim.present.robustness import verdict

    metrics = [m for m in ROBUSTNESS_METRICS if any(o["metric"] == m for o in result["outcomes"])]
    sentences = "".join(f"<p>{html.escape(verdict(result, m))}</p>" for m in metrics)
    warnings = "".join(f"<p class='note'>{html.escape(w)}</p>" for w in result.get("warnings", []))
    return f"""<h2>How far this holds over the model's assumptions</h2>
<div class="headline">{sentences}</div>
<p class="note">Each world draws all {result["assumptions"]} assumptions (behaviour, and the
scenario's uncertain rows) from their stated plausible ranges and runs both policies paired;
{result["headline"]} of {result["samples"]} worlds are in the headline ({result["apart"]} set apart
because the status quo churned outside the industry's band, {result["failed"]} failed). Made by
<code>servicesim robustness</code>{_settings_of(result.get("spec") or {})};
<code>docs/robustness.md</code> says how.</p>
{warnings}"""
