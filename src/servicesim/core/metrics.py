"""Names, units and meanings of every number servicesim reports.

One registry serves the CLI tables, the docs (``docs/metrics.md`` is generated from it), the
plots' axis labels and the dashboard's glossary. ``direction`` says which way is better
(+1 higher is better, -1 lower is better, 0 neither), as in the EMA Workbench's outcomes.
Conventions: shares are fractions in [0, 1]; money is in currency units (``$``) over the whole
run unless the name says ``_per_day``; ``nps`` runs from -100 to 100.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Metric:
    name: str
    unit: str
    meaning: str
    direction: int = 0


def _m(name: str, unit: str, meaning: str, direction: int = 0) -> Metric:
    return Metric(name, unit, meaning, direction)


_SUMMARY = [
    _m("customers_active_end", "customers", "customers active on the last day", +1),
    _m(
        "retention_rate",
        "share",
        "share of the customers active on measured day 0 still active at the end, never having left",
        +1,
    ),
    _m("churned", "customers", "customers who left during the measured period (all cohorts)", -1),
    _m(
        "churn_rate_per_year",
        "share/year",
        "customers who left per customer-year at risk over the measured period (leaving as behaviour)",
        -1,
    ),
    _m(
        "base_change_per_year",
        "share/year",
        "relative change of active customers a year over the measured period (compounded)",
        +1,
    ),
    _m(
        "churn_rr_unresolved_12m",
        "x",
        "hazard of leaving in the year after an episode that ended unresolved, relative to "
        "customers who never had a problem (per customer-year at risk)",
        -1,
    ),
    _m(
        "would_buy_again",
        "share",
        "share of surveyed customers who say they would buy again (stated intention; periodic "
        "survey of a sample of all customers)",
        +1,
    ),
    _m(
        "mean_satisfaction",
        "0-1",
        "mean satisfaction (attitude stock, 0-1) of active customers at the end",
        +1,
    ),
    _m(
        "nps",
        "-100..100",
        "net promoter score at the end: % promoters (satisfaction >= 0.85) minus % detractors (< 0.65)",
        +1,
    ),
    _m(
        "promoters_share",
        "share",
        "share of active customers at the end with satisfaction >= 0.85 (promoters)",
        +1,
    ),
    _m(
        "detractors_share",
        "share",
        "share of active customers at the end with satisfaction < 0.65 (detractors)",
        -1,
    ),
    _m(
        "satisfaction_p10",
        "0-1",
        "10th percentile of satisfaction among active customers at the end",
        +1,
    ),
    _m(
        "satisfaction_p90",
        "0-1",
        "90th percentile of satisfaction among active customers at the end",
        +1,
    ),
    _m(
        "wom_positive",
        "people",
        "people told something positive by customers (word of mouth), measured period",
        +1,
    ),
    _m(
        "wom_negative",
        "people",
        "people told something negative by customers (word of mouth), measured period",
        -1,
    ),
    _m(
        "unfair_comparisons",
        "messages",
        "messages that told a customer someone got a larger share of the stake for the same "
        "kind of problem (both episodes recent): felt as unfair, measured period",
        -1,
    ),
    _m("referrals", "referrals", "referrals actually made to prospects (intent acted upon)", +1),
    _m("new_customers_referral", "customers", "customers acquired through referrals", +1),
    _m("new_customers_paid", "customers", "customers acquired through paid acquisition", 0),
    _m(
        "contacts", "contacts", "contacts offered to the contact centre (calls), measured period", 0
    ),
    _m(
        "fcr_rate",
        "share",
        "first-contact resolution: share of voiced problems resolved at their first contact",
        +1,
    ),
    _m("repeat_contacts", "contacts", "contacts about a problem already contacted about", -1),
    _m("abandonment_rate", "share", "share of offered contacts that abandoned the queue", -1),
    _m(
        "mean_wait_s",
        "s",
        "mean time in queue over all offered contacts (abandoners until they left)",
        -1,
    ),
    _m("service_level_20s", "share", "share of offered contacts answered within 20 s", +1),
    _m("escalations", "cases", "cases escalated to managers", 0),
    _m(
        "mean_escalation_delay_days",
        "days",
        "mean days from escalation to a manager's decision",
        -1,
    ),
    _m("refusals", "cases", "problems refused at the front line ('our policy is...')", -1),
    _m("complaints", "problems", "problems customers voiced (first contacts about a problem)", 0),
    _m("silent_problems", "problems", "problems customers never voiced", -1),
    _m("aht_s", "s", "mean handling (service) time per answered contact", 0),
    _m(
        "aht_standard_s_end", "s", "the handling-time standard management plans with, at the end", 0
    ),
    _m("occupancy", "share", "share of paid staff time spent serving contacts", 0),
    _m(
        "overtime_hours",
        "hours",
        "paid overtime serving callers still waiting at closing (they are served, not sent away)",
        -1,
    ),
    _m("staff_morale", "0-1", "mean frontline morale over the run", +1),
    _m("staff_quits", "staff", "frontline staff who quit during the run", -1),
    _m("staff_turnover_per_year", "share/year", "quits per frontline position per year", -1),
    _m("revenue", "$", "revenue from customers, measured period", +1),
    _m("cost_of_goods", "$", "cost of the goods and services sold: revenue x (1 - margin)", -1),
    _m("cost_labour", "$", "frontline wages including overtime and training days", -1),
    _m("cost_managers", "$", "manager salaries", -1),
    _m(
        "cost_goodwill",
        "$",
        "goodwill and concessions given to resolve problems, and unauthorised giveaways",
        -1,
    ),
    _m("cost_gifts", "$", "surprise gestures and loyalty thank-you gifts", -1),
    _m("cost_promotions", "$", "discounts given to newly acquired customers", -1),
    _m("cost_hiring", "$", "hiring and training replacements", -1),
    _m("cost_acquisition", "$", "paid acquisition (cost per acquired customer)", -1),
    _m(
        "cost_other",
        "$",
        "recognition bonuses, root-cause fixes, rule-transparency effort and second looks",
        -1,
    ),
    _m("cost_total", "$", "all costs above, measured period", -1),
    _m("profit", "$", "revenue minus cost_total, measured period", +1),
    _m(
        "cost_per_contact",
        "$/contact",
        "(frontline labour + managers + goodwill) per offered contact",
        -1,
    ),
    _m("profit_margin", "share", "profit over revenue (measured period)", +1),
    _m(
        "problem_contact_share",
        "share",
        "share of offered contacts that are about a problem (the rest: routine requests)",
    ),
    _m(
        "cost_per_retained_customer",
        "$/customer",
        "service costs (all but goods) per customer active at the end",
        -1,
    ),
    _m(
        "customer_equity_end",
        "$",
        "discounted expected margin of the customers active at the end over 20 years, at their cohort's retention",
        +1,
    ),
    _m(
        "satisfaction_never_failed",
        "0-1",
        "end satisfaction of active customers who never had a problem",
        +1,
    ),
    _m(
        "satisfaction_recovered",
        "0-1",
        "end satisfaction of active customers whose last problem was resolved",
        +1,
    ),
    _m(
        "satisfaction_unrecovered",
        "0-1",
        "end satisfaction of active customers whose last problem was not resolved",
        +1,
    ),
    _m(
        "retention_never_failed",
        "share/year",
        "annualised retention of customers who never had a problem",
        +1,
    ),
    _m(
        "retention_recovered",
        "share/year",
        "annualised retention of customers whose last problem was resolved",
        +1,
    ),
    _m(
        "retention_unrecovered",
        "share/year",
        "annualised retention of customers whose last problem was not resolved",
        +1,
    ),
]

_DAILY = [
    _m("day", "day", "simulated day of the measured period (0-based; the warm-up's are negative)"),
    _m("customers_active", "customers", "customers active at the end of the day", +1),
    _m("mean_satisfaction", "0-1", "mean satisfaction of active customers", +1),
    _m("nps", "-100..100", "net promoter score of active customers", +1),
    _m("churned", "customers", "customers who left that day", -1),
    _m("new_customers_referral", "customers", "customers acquired by referral that day", +1),
    _m("new_customers_paid", "customers", "customers acquired by paid acquisition that day", 0),
    _m("problems", "problems", "new problems that day", -1),
    _m("contacts", "contacts", "contacts offered that day", 0),
    _m("abandoned", "contacts", "contacts that abandoned that day", -1),
    _m("mean_wait_s", "s", "mean queue time over offered contacts that day", -1),
    _m("service_level_20s", "share", "share of offered contacts answered within 20 s that day", +1),
    _m("fcr_rate", "share", "share of first contacts about a problem resolved there and then", +1),
    _m("repeat_contacts", "contacts", "repeat contacts that day", -1),
    _m("escalations", "cases", "cases escalated that day", 0),
    _m("escalation_backlog", "cases", "cases waiting for a manager at the end of the day", -1),
    _m("refusals", "cases", "refusals that day", -1),
    _m("complaints", "problems", "problems voiced for the first time that day", 0),
    _m("silent_problems", "problems", "problems kept silent that day", -1),
    _m("wom_positive", "people", "people told something positive that day", +1),
    _m("wom_negative", "people", "people told something negative that day", -1),
    _m(
        "unfair_comparisons",
        "messages",
        "messages that told a customer someone got more for the same kind of problem that day",
        -1,
    ),
    _m("aht_s", "s", "mean handling time of contacts answered that day", 0),
    _m("aht_standard_s", "s", "handling-time standard in force that day", 0),
    _m(
        "time_pressure",
        "ratio",
        "work offered at standard time / capacity (above 1: staff cut corners)",
        -1,
    ),
    _m("occupancy", "share", "share of staff time serving contacts that day", 0),
    _m("overtime_hours", "hours", "overtime worked after closing that day", -1),
    _m("staff_count", "staff", "frontline staff employed", 0),
    _m("staff_morale", "0-1", "mean frontline morale", +1),
    _m("staff_quits", "staff", "frontline staff who quit that day", -1),
    _m("mean_skill", "0-1", "mean frontline skill", +1),
    _m("rule_coverage", "share", "share of problem types the rulebook covers", 0),
    _m(
        "problem_rate_per_year",
        "problems/customer/year",
        "current problem rate after root-cause fixes",
        -1,
    ),
    _m("revenue", "$", "revenue that day", +1),
    _m("cost_of_goods", "$", "cost of goods that day", -1),
    _m("cost_labour", "$", "frontline wages that day", -1),
    _m("cost_managers", "$", "manager salaries that day", -1),
    _m("cost_goodwill", "$", "goodwill spent that day", -1),
    _m("cost_gifts", "$", "gifts that day", -1),
    _m("cost_promotions", "$", "promotions that day", -1),
    _m("cost_hiring", "$", "hiring and training that day", -1),
    _m("cost_acquisition", "$", "paid acquisition that day", -1),
    _m("cost_other", "$", "other costs that day", -1),
    _m("cost_total", "$", "all costs that day", -1),
    _m("profit", "$", "revenue minus all costs that day", +1),
]

SUMMARY: dict[str, Metric] = {m.name: m for m in _SUMMARY}
DAILY: dict[str, Metric] = {m.name: m for m in _DAILY}

#: ledger items, in the order they stack in figures
LEDGER = [
    "cost_of_goods",
    "cost_labour",
    "cost_managers",
    "cost_goodwill",
    "cost_gifts",
    "cost_promotions",
    "cost_hiring",
    "cost_acquisition",
    "cost_other",
]

#: outcomes shown first in tables (compare, make run)
KEY_OUTCOMES = [
    "churn_rate_per_year",
    "retention_rate",
    "customers_active_end",
    "mean_satisfaction",
    "nps",
    "fcr_rate",
    "mean_wait_s",
    "staff_morale",
    "staff_turnover_per_year",
    "cost_goodwill",
    "cost_total",
    "profit",
    "customer_equity_end",
]


def label(name: str) -> str:
    """An axis or column label with the unit: 'mean_wait_s' -> 'mean wait (s)'."""
    m = SUMMARY.get(name) or DAILY.get(name)
    text = name.replace("_", " ")
    if m is None:
        return text
    if m.unit and m.unit not in ("share",):
        return f"{text} ({m.unit})"
    return f"{text} (share)"


def describe(name: str) -> Metric | None:
    """The registry entry for a summary or daily metric, or None."""
    return SUMMARY.get(name) or DAILY.get(name)
