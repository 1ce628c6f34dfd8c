"""Ten years of the status-quo firm, and the trend test behind the default warm-up.

    python tools/steady_state.py [--customers 250000] [--seed 0]

Writes ``docs/img/steady_state.png`` (the default scenario under its status quo: the warm-up
and ten measured years of active customers, satisfaction, morale, skill, the escalation
backlog and rule coverage) and prints two markdown tables for ``docs/model.md``: the trend
test over the ten measured years, and over a two-year measured period after warm-ups of 0,
182, 365 and 730 days.
"""

from __future__ import annotations

import argparse
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "docs" / "img" / "steady_state.png"
PANELS = (
    ("customers_active", "active customers"),
    ("mean_satisfaction", "mean satisfaction (0-1)"),
    ("staff_morale", "frontline morale (0-1)"),
    ("mean_skill", "frontline skill (0-1)"),
    ("escalation_backlog", "escalation backlog (cases)"),
    ("rule_coverage", "rule coverage (share)"),
)


def _table(trends, label: str) -> str:  # noqa: ANN001
    rows = [
        f"| {label} | `{r.series}` | {r.mean:,.4g} | {100 * r.relative_per_year:+.2f}% "
        f"| [{r.ci_low:+.3g}, {r.ci_high:+.3g}] | {'yes' if r.steady else 'no'} |"
        for r in trends.itertuples()
    ]
    return "\n".join(rows)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--customers", type=int, default=250_000)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()

    import matplotlib.pyplot as plt

    from servicesim.core.model import ServiceModel
    from servicesim.experiments.steady import trend_test
    from servicesim.params.config import resolve
    from servicesim.present.style import finish, styled, suptitle

    cfg = resolve("guardrailed", "default", [], args.customers, 3650, args.seed)
    model = ServiceModel(cfg)
    model.run_all()
    ts = model.timeseries(warmup=True)
    measured = model.timeseries()
    head = "| warm-up | series | mean | trend a year | 95% interval (per year) | steady |"
    print(head + "\n|---|---|---|---|---|---|")
    print(_table(trend_test(measured), f"{cfg.run.warmup_days} days, ten years"))
    for warmup in (0, 182, 365, 730):
        two = ServiceModel(
            resolve(
                "guardrailed", "default", [], args.customers, 730, args.seed, warmup_days=warmup
            )
        )
        two.run_all()
        print(_table(trend_test(two.timeseries(), block_days=61), f"{warmup} days, two years"))
    yearly = measured.assign(year=measured["day"] // 365).groupby("year")
    print("\n| year | churned a day | referrals a day | bought a day | rule coverage |")
    print("|---|---|---|---|---|")
    for year, g in yearly:
        print(
            f"| {year + 1} | {g['churned'].mean():.1f} | {g['new_customers_referral'].mean():.1f} "
            f"| {g['new_customers_paid'].mean():.1f} | {g['rule_coverage'].mean():.3f} |"
        )
    s = model.summary()
    print(
        f"\nten years: churn {s['churn_rate_per_year']:.2%}/yr, base change "
        f"{s['base_change_per_year']:+.2%}/yr, margin {s['profit_margin']:.1%}"
    )
    with styled():
        fig, axes = plt.subplots(3, 2, figsize=(11, 8.5), sharex=True, layout="constrained")
        years = ts["day"] / 365.0
        for ax, (col, label) in zip(axes.flat, PANELS, strict=True):
            ax.plot(years, ts[col], lw=0.6, color="0.55")
            ax.plot(years, ts[col].rolling(91, center=True).mean(), lw=1.8, color="C0")
            ax.axvspan(years.iloc[0], 0.0, color="0.9", zorder=0)
            ax.set_title(label)
        for ax in axes[-1]:
            ax.set_xlabel("years from the end of the warm-up (shaded)")
        suptitle(
            fig,
            f"The default firm under its status quo ({cfg.scenario.status_quo}): "
            f"{args.customers:,} customers, seed {args.seed}; daily values (grey) and their "
            "91-day mean (blue)",
        )
        OUT.parent.mkdir(parents=True, exist_ok=True)
        finish(fig).savefig(OUT, dpi=110)
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
