"""The organisation's levers (EMA's "policies"): how frontline staff and managers work.

Presets live in ``presets/policies/*.toml`` and differ only in lever values: no kernel branches
on a preset's name. Every lever has a price and a benefit path (MODEL.md sec. 5): see each
field's meaning and ``docs/model.md``.
"""

from __future__ import annotations

from servicesim.params.fields import P, Params


class PolicyParams(Params):
    """Policy levers. Shares in [0, 1]; money in $; times in seconds or days as named."""

    # --- discretion ---------------------------------------------------------------------------
    empowerment: float = P(
        0.5,
        "0-1",
        "latitude staff are given to resolve problems the rulebook does not cover (0: none, 1: 'use your best judgment')",
        "seeds 000, 001, 004; Bowen & Lawler 1992 (A)",
        ge=0,
        le=1,
    )
    discretion_cap: float = P(
        200.0,
        "$/case",
        "most goodwill one agent may spend on one case without asking",
        "Ritz-Carlton's $2,000 (C, press accounts)",
        ge=0,
        le=1e5,
    )
    discretion_spend_share: float = P(
        0.3,
        "x stake",
        "median goodwill an agent using discretion spends, as a share of the money at stake (heavy-tailed)",
        "assumption (C)",
        ge=0,
        le=10,
    )
    surprise_rate: float = P(
        0.03,
        "probability",
        "chance a fully empowered agent adds an unasked-for gesture to a resolved problem (x empowerment used)",
        "seeds 000, 001 ('positively outrageous')",
        ge=0,
        le=1,
    )
    surprise_cost: float = P(
        25.0, "$/gesture", "mean cost of a surprise gesture", "assumption (C)", ge=0, le=1e4
    )
    escalation_share: float = P(
        0.3,
        "share",
        "share of uncovered problems an agent who does not use discretion escalates to a manager rather than refuses",
        "seed 001 ('have a plan for escalation')",
        ge=0,
        le=1,
    )
    script_comp_share: float = P(
        0.2,
        "x stake",
        "compensation the rulebook gives for a covered problem, as a share of the stake",
        "assumption (C)",
        ge=0,
        le=10,
    )
    manager_comp_share: float = P(
        0.5,
        "x stake",
        "compensation a manager gives on an escalated case, as a share of the stake",
        "assumption (C)",
        ge=0,
        le=10,
    )

    # --- handling time and measurement ----------------------------------------------------------
    aht_target_s: float = P(
        360.0,
        "s",
        "initial handling-time standard used for staffing and time pressure",
        "Oliva & Sterman 2001 (A)",
        ge=30,
        le=7200,
    )
    standards_anchored: bool = P(
        True,
        "-",
        "if false, the standard drifts toward the time actually taken under pressure (erosion)",
        "Oliva & Sterman 2001 (A)",
    )
    metric_focus: float = P(
        0.5,
        "0-1",
        "what managers measure and reward: 0 internal efficiency (handling time), 1 the customer's verdict",
        "seed 004",
        ge=0,
        le=1,
    )
    servant_leadership: float = P(
        0.5,
        "0-1",
        "leadership style: 0 command-and-control, 1 servant (serves the front line; costs manager time)",
        "seed 004; Hartline & Ferrell 1996 (A)",
        ge=0,
        le=1,
    )
    recognition: float = P(
        0.3,
        "0-1",
        "share of good outcomes managers recognise (bonus, praise)",
        "seed 004; Gallup (B)",
        ge=0,
        le=1,
    )
    recognition_bonus: float = P(
        20.0, "$/recognition", "bonus paid per recognition", "assumption (C)", ge=0, le=1e4
    )
    frontline_days_per_month: float = P(
        0.0,
        "days/month",
        "days each manager spends at the front line (senior time)",
        "seed 003; Tucker & Singer 2015 (A)",
        ge=0,
        le=20,
    )
    feedback_openness: float = P(
        0.3,
        "0-1",
        "how much the firm acts on complaints and front-line findings (root-cause fixes, wider rules)",
        "seeds 002-004; Tucker & Singer 2015 (A)",
        ge=0,
        le=1,
    )
    fix_cost: float = P(
        2000.0, "$/fix", "cost of one root-cause fix or rule change", "assumption (C)", ge=0, le=1e6
    )
    rule_transparency: float = P(
        0.3,
        "0-1",
        "how clearly the rules are told to customers up front (refusals come with an explanation)",
        "seed 002",
        ge=0,
        le=1,
    )
    transparency_cost_per_customer_per_year: float = P(
        3.0,
        "$/customer/year",
        "cost of keeping customers informed of the rules, at full transparency",
        "assumption (C)",
        ge=0,
        le=1e4,
    )

    # --- people -----------------------------------------------------------------------------
    staffing_ratio: float = P(
        1.0,
        "x need",
        "frontline staff relative to the number the standard says demand needs",
        "MODEL.md sec. 1",
        ge=0.05,
        le=5,
    )
    manager_span: float = P(
        12.0, "staff/manager", "frontline staff per manager", "MODEL.md sec. 1", ge=1, le=100
    )
    escalations_per_manager_day: float = P(
        12.0,
        "cases/day",
        "escalated cases one manager can decide per full day",
        "assumption (C)",
        ge=0,
        le=1000,
    )
    hiring_selectivity: float = P(
        0.3,
        "0-1",
        "how choosy hiring is: better judgment and empathy, slower and dearer hiring",
        "seed 001 ('weeded out during the hiring process')",
        ge=0,
        le=1,
    )
    training_days_per_year: float = P(
        5.0,
        "days/year",
        "training days per staff member: off the phones, faster learning, higher skill cap",
        "assumption (C)",
        ge=0,
        le=60,
    )
    outsourced: bool = P(
        False,
        "-",
        "contact centre run by an outsourcer: cheaper per hour, lower skill and morale, higher turnover",
        "seed 004",
        ge=0,
        le=1,
    )

    # --- customers -----------------------------------------------------------------------------
    loyalty_gift_per_year: float = P(
        0.0,
        "$/customer/year",
        "thank-you gifts to customers of over a year's tenure",
        "seed 004",
        ge=0,
        le=1e4,
    )
    promotion_discount: float = P(
        0.0,
        "share",
        "discount on a new customer's first 90 days of revenue (offered only to non-customers)",
        "seed 004",
        ge=0,
        le=1,
    )
    paid_acquisition_per_year: float = P(
        0.08,
        "share of initial base/year",
        "customers bought through paid acquisition each year",
        "assumption (C)",
        ge=0,
        le=5,
    )
