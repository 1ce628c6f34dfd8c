"""The organisation's levers (EMA's "policies"): how frontline staff and managers work.

Presets live in ``presets/policies/*.toml`` and differ only in lever values: no kernel branches
on a preset's name. Every lever has a price and a benefit path (MODEL.md sec. 5): see each
field's meaning and ``docs/model.md``. A lever's ``low``/``high`` is the range a sweep would
usually span; it is never drawn as uncertainty (the firm chooses its levers).
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
        low=0,
        high=1,
        grade="A",
        group="discretion",
    )
    discretion_cap: float = P(
        200.0,
        "$/case",
        "most goodwill one agent may spend on one case without asking",
        "Ritz-Carlton's $2,000 (C, press accounts)",
        ge=0,
        le=1e5,
        low=0,
        high=2000,
        grade="C",
        group="discretion",
    )
    second_look_above: float = P(
        0.0,
        "$/case",
        "a discretionary spend above this gets a manager's second look, which pays an inflated "
        "claim on the true stake (a guardrail; each look costs scenario.second_look_cost); "
        "0: no second look",
        "MODEL.md sec. 4 (guardrails cut paid illegitimate claims at a cost); assumption (C)",
        ge=0,
        le=1e5,
        low=0,
        high=500,
        grade="C",
        group="discretion",
    )
    discretion_spend_share: float = P(
        0.3,
        "x stake",
        "median goodwill an agent using discretion spends, as a share of the money at stake (heavy-tailed)",
        "assumption (C)",
        ge=0,
        le=10,
        low=0.1,
        high=1.0,
        grade="C",
        group="discretion",
    )
    surprise_rate: float = P(
        0.03,
        "probability",
        "chance a fully empowered agent adds an unasked-for gesture to a resolved problem (x empowerment used)",
        "seeds 000, 001 ('positively outrageous')",
        ge=0,
        le=1,
        low=0,
        high=0.15,
        grade="C",
        group="discretion",
    )
    surprise_cost: float = P(
        25.0,
        "$/gesture",
        "mean cost of a surprise gesture",
        "assumption (C)",
        ge=0,
        le=1e4,
        low=10,
        high=60,
        grade="C",
        group="discretion",
    )
    escalation_share: float = P(
        0.3,
        "share",
        "share of uncovered problems an agent who does not use discretion escalates to a manager rather than refuses",
        "seed 001 ('have a plan for escalation')",
        ge=0,
        le=1,
        low=0,
        high=1,
        grade="C",
        group="discretion",
    )
    script_comp_share: float = P(
        0.2,
        "x stake",
        "compensation the rulebook gives for a covered problem, as a share of the stake",
        "assumption (C)",
        ge=0,
        le=10,
        low=0,
        high=0.5,
        grade="C",
        group="discretion",
    )
    manager_comp_share: float = P(
        0.5,
        "x stake",
        "compensation a manager gives on an escalated case, as a share of the stake",
        "assumption (C)",
        ge=0,
        le=10,
        low=0.2,
        high=1.0,
        grade="C",
        group="discretion",
    )

    # --- empowerment per agent: a senior tier ---------------------------------------------------
    senior_skill: float = P(
        0.8,
        "0-1",
        "skill from which an agent belongs to the senior tier (skill grows with experience and "
        "feedback; the initial team is experienced, a new hire starts at behaviour.novice_skill)",
        "Bowen & Lawler 1992 (empowerment suits some staff more than others); assumption (C)",
        ge=0,
        le=1,
        low=0.6,
        high=0.95,
        grade="C",
        group="tiers",
    )
    senior_extra_latitude: float = P(
        0.0,
        "0-1",
        "latitude the senior tier gets on top of empowerment (capped at 1); 0: one tier for all",
        "Bowen & Lawler 1992; assumption (C)",
        ge=0,
        le=1,
        low=0,
        high=0.5,
        grade="C",
        group="tiers",
    )
    senior_cap_multiple: float = P(
        1.0,
        "x cap",
        "the senior tier's discretion cap as a multiple of discretion_cap; 1: the same cap for all",
        "assumption (C)",
        ge=1,
        le=100,
        low=1,
        high=5,
        grade="C",
        group="tiers",
    )
    # --- ... and by the case: its stake and the customer's value --------------------------------
    major_case_stake: float = P(
        100.0,
        "$",
        "stake (as the customer claims it) from which an uncovered problem is a major case",
        "TARP: major problems are those over $100 (B)",
        ge=0,
        le=1_000_000,
        low=20,
        high=1000,
        grade="B",
        group="tiers",
    )
    major_case_latitude: float = P(
        1.0,
        "x latitude",
        "multiple of the agent's discretion on a major case (the case's discretion is at most "
        "1); 1: the same as on any case; 0: no discretion on major cases, they are escalated "
        "or refused as escalation_share says",
        "Bowen & Lawler 1992 (latitude suits some situations more than others); assumption (C)",
        ge=0,
        le=10,
        low=0,
        high=2,
        grade="C",
        group="tiers",
    )
    valued_customer_multiple: float = P(
        2.0,
        "x mean revenue",
        "revenue per day, as a multiple of the mean customer's, from which a customer counts "
        "as valued (0: every customer)",
        "assumption (C): firms tier service by customer value",
        ge=0,
        le=100,
        low=1.5,
        high=5,
        grade="C",
        group="tiers",
    )
    valued_customer_latitude: float = P(
        1.0,
        "x latitude",
        "multiple of the agent's discretion for a valued customer (the case's discretion is at "
        "most 1); 1: the same as for any customer",
        "assumption (C)",
        ge=0,
        le=10,
        low=0.5,
        high=3,
        grade="C",
        group="tiers",
    )

    # --- handling time, measurement and management ----------------------------------------------------------
    aht_target_s: float = P(
        360.0,
        "s",
        "initial handling-time standard used for staffing and time pressure",
        "Oliva & Sterman 2001 (A)",
        ge=30,
        le=7200,
        low=240,
        high=600,
        grade="A",
        group="handling time and measurement",
    )
    standards_anchored: bool = P(
        True,
        "-",
        "if false, the standard drifts toward the time actually taken under pressure (erosion)",
        "Oliva & Sterman 2001 (A)",
        low=0,
        high=1,
        grade="A",
        group="handling time and measurement",
    )
    metric_focus: float = P(
        0.5,
        "0-1",
        "what managers measure and reward: 0 internal efficiency (handling time), 1 the customer's verdict",
        "seed 004",
        ge=0,
        le=1,
        low=0,
        high=1,
        grade="C",
        group="handling time and measurement",
    )
    servant_leadership: float = P(
        0.5,
        "0-1",
        "leadership style: 0 command-and-control, 1 servant (serves the front line; costs manager time)",
        "seed 004; Hartline & Ferrell 1996 (A)",
        ge=0,
        le=1,
        low=0,
        high=1,
        grade="A",
        group="management",
    )
    recognition: float = P(
        0.3,
        "0-1",
        "share of good outcomes managers recognise (bonus, praise)",
        "seed 004; Gallup (B)",
        ge=0,
        le=1,
        low=0,
        high=1,
        grade="B",
        group="management",
    )
    recognition_bonus: float = P(
        20.0,
        "$/recognition",
        "bonus paid per recognition",
        "assumption (C)",
        ge=0,
        le=1e4,
        low=0,
        high=50,
        grade="C",
        group="management",
    )
    frontline_days_per_month: float = P(
        0.0,
        "days/month",
        "days each manager spends at the front line (senior time)",
        "seed 003; Tucker & Singer 2015 (A)",
        ge=0,
        le=20,
        low=0,
        high=2,
        grade="A",
        group="management",
    )
    feedback_openness: float = P(
        0.3,
        "0-1",
        "how much the firm acts on complaints and front-line findings (root-cause fixes, wider rules)",
        "seeds 002-004; Tucker & Singer 2015 (A)",
        ge=0,
        le=1,
        low=0,
        high=1,
        grade="A",
        group="management",
    )
    fix_cost: float = P(
        2000.0,
        "$/fix",
        "cost of one root-cause fix or rule change",
        "assumption (C)",
        ge=0,
        le=1e6,
        low=500,
        high=5000,
        grade="C",
        group="management",
    )
    rule_transparency: float = P(
        0.3,
        "0-1",
        "how clearly the rules are told to customers up front (refusals come with an explanation)",
        "seed 002",
        ge=0,
        le=1,
        low=0,
        high=1,
        grade="C",
        group="management",
    )
    transparency_cost_per_customer_per_year: float = P(
        3.0,
        "$/customer/year",
        "cost of keeping customers informed of the rules, at full transparency",
        "assumption (C)",
        ge=0,
        le=1e4,
        low=1,
        high=6,
        grade="C",
        group="management",
    )

    # --- people -----------------------------------------------------------------------------
    staffing_ratio: float = P(
        1.0,
        "x need",
        "frontline staff relative to the number the standard says demand needs",
        "MODEL.md sec. 1",
        ge=0.05,
        le=5,
        low=0.8,
        high=1.3,
        grade="C",
        group="people",
    )
    manager_span: float = P(
        12.0,
        "staff/manager",
        "frontline staff per manager",
        "MODEL.md sec. 1",
        ge=1,
        le=100,
        low=8,
        high=20,
        grade="C",
        group="people",
    )
    escalations_per_manager_day: float = P(
        12.0,
        "cases/day",
        "escalated cases one manager can decide per full day",
        "assumption (C)",
        ge=0,
        le=1000,
        low=6,
        high=20,
        grade="C",
        group="people",
    )
    hiring_selectivity: float = P(
        0.3,
        "0-1",
        "how choosy hiring is: better judgment and empathy, slower and dearer hiring",
        "seed 001 ('weeded out during the hiring process')",
        ge=0,
        le=1,
        low=0,
        high=1,
        grade="C",
        group="people",
    )
    training_days_per_year: float = P(
        5.0,
        "days/year",
        "training days per staff member: off the phones, faster learning, higher skill cap",
        "assumption (C)",
        ge=0,
        le=60,
        low=0,
        high=15,
        grade="C",
        group="people",
    )
    outsourced: bool = P(
        False,
        "-",
        "contact centre run by an outsourcer: cheaper per hour, lower skill and morale, higher turnover",
        "seed 004",
        ge=0,
        le=1,
        low=0,
        high=1,
        grade="C",
        group="people",
    )

    target_occupancy: float = P(
        0.85,
        "share",
        "occupancy the staffing plan aims at (and against which time pressure is measured)",
        "Gans, Koole & Mandelbaum 2003 (A): centres plan for 80-90%",
        ge=0.05,
        le=1,
        low=0.75,
        high=0.92,
        grade="A",
        group="people",
    )
    planning_repeat_factor: float = P(
        1.3,
        "contacts/voiced problem",
        "contacts the staffing plan expects per voiced problem (first contact plus repeats)",
        "assumption (C)",
        ge=1,
        le=10,
        low=1.1,
        high=1.6,
        grade="C",
        group="people",
    )
    staffing_review_days: int = P(
        7,
        "days",
        "days between staffing reviews that hire toward the plan's need",
        "assumption (C): a weekly review",
        ge=1,
        le=365,
        low=7,
        high=28,
        grade="C",
        group="people",
    )
    staffing_lookback_days: int = P(
        28,
        "days",
        "days of offered contacts a staffing review averages",
        "assumption (C)",
        ge=1,
        le=365,
        low=7,
        high=91,
        grade="C",
        group="people",
    )

    # --- customers -----------------------------------------------------------------------------
    loyalty_gift_per_year: float = P(
        0.0,
        "$/customer/year",
        "thank-you gifts to customers of over a year's tenure",
        "seed 004",
        ge=0,
        le=1e4,
        low=0,
        high=50,
        grade="C",
        group="customers",
    )
    promotion_discount: float = P(
        0.0,
        "share",
        "discount on a new customer's revenue for their first promotion_days (offered only to non-customers)",
        "seed 004",
        ge=0,
        le=1,
        low=0,
        high=0.5,
        grade="C",
        group="customers",
    )
    promotion_days: int = P(
        90,
        "days",
        "days a newcomer's promotion discount lasts",
        "seed 004; assumption (C)",
        ge=1,
        le=3650,
        low=30,
        high=365,
        grade="C",
        group="customers",
    )
