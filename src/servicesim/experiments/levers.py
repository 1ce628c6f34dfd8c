"""What each lever does: the output it moves and in which direction (docs and tests share this).

Each entry: the parameter (``policy.KEY`` or ``scenario.KEY``), a low and a high value, the
outcome it moves (a summary key, or ``ts:NAME`` for the last day of a daily series), the
direction (+1: the outcome rises from low to high), other settings that make the effect
visible, and the mechanism in plain words. Tested under common random numbers.
"""

from __future__ import annotations

from typing import NamedTuple


class LeverEffect(NamedTuple):
    key: str
    low: float
    high: float
    outcome: str
    direction: int
    base: tuple[str, ...]
    why: str


LEVER_EFFECTS: list[LeverEffect] = [
    LeverEffect(
        "policy.staffing_ratio", 0.8, 1.5, "mean_wait_s", -1, (), "more staff, shorter waits"
    ),
    LeverEffect(
        "policy.empowerment",
        0.0,
        1.0,
        "refusals",
        -1,
        ("policy.escalation_share=0.3",),
        "latitude replaces 'our policy is...'",
    ),
    LeverEffect(
        "policy.empowerment",
        0.0,
        1.0,
        "cost_goodwill",
        +1,
        ("policy.discretion_cap=500",),
        "discretion spends goodwill",
    ),
    LeverEffect(
        "policy.discretion_cap",
        10.0,
        2000.0,
        "cost_goodwill",
        +1,
        ("policy.empowerment=0.9",),
        "a higher cap, more goodwill spent",
    ),
    LeverEffect(
        "policy.servant_leadership",
        0.0,
        1.0,
        "staff_morale",
        +1,
        (),
        "command-and-control lowers morale",
    ),
    LeverEffect(
        "policy.servant_leadership",
        0.0,
        1.0,
        "mean_escalation_delay_days",
        +1,
        (
            "policy.empowerment=0",
            "policy.escalation_share=1",
            "policy.escalations_per_manager_day=2",
            "scenario.rule_coverage=0.2",
        ),
        "serving the front line costs manager time",
    ),
    LeverEffect(
        "policy.escalation_share",
        0.0,
        1.0,
        "escalations",
        +1,
        ("policy.empowerment=0",),
        "escalate rather than refuse",
    ),
    LeverEffect(
        "policy.recognition", 0.0, 1.0, "cost_other", +1, (), "recognition costs a bonus budget"
    ),
    LeverEffect(
        "policy.recognition",
        0.0,
        1.0,
        "staff_morale",
        +1,
        ("policy.recognition_bonus=0",),
        "recognised staff feel better",
    ),
    LeverEffect(
        "policy.metric_focus", 0.0, 1.0, "aht_s", +1, (), "an efficiency metric makes staff rush"
    ),
    LeverEffect(
        "policy.surprise_rate",
        0.0,
        0.3,
        "cost_gifts",
        +1,
        ("policy.empowerment=1",),
        "gestures cost money",
    ),
    LeverEffect(
        "policy.feedback_openness",
        0.0,
        1.0,
        "ts:rule_coverage",
        +1,
        ("policy.empowerment=0",),
        "heard complaints widen the rules",
    ),
    LeverEffect(
        "policy.rule_transparency",
        0.0,
        1.0,
        "cost_other",
        +1,
        ("policy.recognition=0",),
        "telling rules up front costs effort",
    ),
    LeverEffect(
        "policy.training_days_per_year", 0.0, 40.0, "ts:mean_skill", +1, (), "training raises skill"
    ),
    LeverEffect(
        "policy.outsourced", 0, 1, "cost_labour", -1, (), "outsourcing is cheaper per hour"
    ),
    LeverEffect(
        "policy.outsourced", 0, 1, "staff_morale", -1, (), "outsourced staff have lower morale"
    ),
    LeverEffect(
        "policy.loyalty_gift_per_year",
        0.0,
        50.0,
        "cost_gifts",
        +1,
        (),
        "thank-you gifts cost money",
    ),
    LeverEffect(
        "policy.promotion_discount",
        0.0,
        0.5,
        "cost_promotions",
        +1,
        (),
        "discounts for newcomers cost revenue",
    ),
    LeverEffect(
        "scenario.paid_acquisition_per_year",
        0.0,
        0.3,
        "new_customers_paid",
        +1,
        ("scenario.calibrate_acquisition=false",),
        "paid acquisition buys customers (when set, not calibrated to the status quo)",
    ),
    LeverEffect(
        "policy.frontline_days_per_month",
        0.0,
        6.0,
        "mean_escalation_delay_days",
        +1,
        (
            "policy.empowerment=0",
            "policy.escalation_share=1",
            "policy.escalations_per_manager_day=2",
            "scenario.rule_coverage=0.2",
        ),
        "front-line days cost senior time",
    ),
    LeverEffect(
        "behaviour.fix_obsolescence_per_year",
        0.1,
        1.0,
        "ts:rule_coverage",
        -1,
        ("policy.feedback_openness=0.8",),
        "fixes that go stale sooner leave a narrower rulebook",
    ),
    LeverEffect(
        "policy.senior_extra_latitude",
        0.0,
        0.5,
        "escalations",
        -1,
        ("policy.empowerment=0.3", "scenario.rule_coverage=0.3"),
        "a senior tier with more latitude settles more problems itself (and may spend less "
        "than the managers it no longer escalates to)",
    ),
    LeverEffect(
        "policy.senior_skill",
        0.6,
        0.95,
        "escalations",
        +1,
        (
            "policy.empowerment=0.3",
            "policy.senior_extra_latitude=0.5",
            "scenario.rule_coverage=0.3",
        ),
        "the higher the bar to the senior tier, the fewer agents get its latitude",
    ),
    LeverEffect(
        "policy.senior_cap_multiple",
        1.0,
        5.0,
        "cost_goodwill",
        +1,
        ("policy.empowerment=1", "policy.discretion_cap=20", "scenario.rule_coverage=0.3"),
        "a senior tier with a higher cap spends more where the cap binds",
    ),
    LeverEffect(
        "policy.major_case_latitude",
        0.0,
        1.0,
        "escalations",
        -1,
        ("policy.empowerment=0.8", "scenario.rule_coverage=0.3"),
        "no discretion on major cases sends them to a manager (or a refusal) instead",
    ),
    LeverEffect(
        "policy.major_case_latitude",
        0.0,
        1.0,
        "refusals",
        -1,
        ("policy.empowerment=0.8", "policy.escalation_share=0", "scenario.rule_coverage=0.3"),
        "without escalation, no discretion on major cases means 'our policy is...'",
    ),
    LeverEffect(
        "policy.major_case_stake",
        20.0,
        1000.0,
        "escalations",
        -1,
        (
            "policy.empowerment=0.8",
            "policy.major_case_latitude=0",
            "scenario.rule_coverage=0.3",
        ),
        "the higher the bar to a major case, the fewer cases lose their discretion",
    ),
    LeverEffect(
        "policy.valued_customer_latitude",
        1.0,
        3.0,
        "escalations",
        -1,
        (
            "policy.empowerment=0.3",
            "policy.valued_customer_multiple=1",
            "scenario.rule_coverage=0.3",
        ),
        "more latitude for valued customers settles more of their problems at the front line",
    ),
    LeverEffect(
        "policy.valued_customer_multiple",
        0.0,
        5.0,
        "escalations",
        +1,
        (
            "policy.empowerment=0.3",
            "policy.valued_customer_latitude=3",
            "scenario.rule_coverage=0.3",
        ),
        "the higher the bar to a valued customer, the fewer get the extra latitude",
    ),
    LeverEffect(
        "behaviour.claim_rate",
        0.0,
        0.2,
        "cost_goodwill",
        +1,
        ("policy.empowerment=1", "scenario.rule_coverage=0.3"),
        "inflated claims raise what discretion pays",
    ),
    LeverEffect(
        "behaviour.claim_inflation",
        0.0,
        3.0,
        "cost_goodwill",
        +1,
        ("policy.empowerment=1", "scenario.rule_coverage=0.3", "behaviour.claim_rate=0.2"),
        "the more a claim overstates, the more discretion pays",
    ),
    LeverEffect(
        "behaviour.claim_learned",
        0.0,
        3.0,
        "cost_goodwill",
        +1,
        ("policy.empowerment=1", "scenario.rule_coverage=0.3", "behaviour.claim_rate=0.2"),
        "customers who were paid before claim more",
    ),
    LeverEffect(
        "behaviour.claim_grievance",
        0.0,
        3.0,
        "cost_goodwill",
        +1,
        ("policy.empowerment=1", "scenario.rule_coverage=0.3", "behaviour.claim_rate=0.2"),
        "customers who felt unjustly treated claim more",
    ),
    LeverEffect(
        "behaviour.claim_relationship",
        0.0,
        0.9,
        "cost_goodwill",
        -1,
        ("policy.empowerment=1", "scenario.rule_coverage=0.3", "behaviour.claim_rate=0.2"),
        "long relationships claim less",
    ),
    LeverEffect(
        "policy.second_look_above",
        0.0,
        20.0,
        "cost_goodwill",
        -1,
        (
            "policy.empowerment=1",
            "policy.discretion_cap=2000",
            "scenario.rule_coverage=0.3",
            "behaviour.claim_rate=0.2",
        ),
        "a second look above a limit pays inflated claims on the true stake",
    ),
    LeverEffect(
        "policy.second_look_above",
        0.0,
        20.0,
        "cost_other",
        +1,
        ("policy.empowerment=1", "policy.discretion_cap=2000", "scenario.rule_coverage=0.3"),
        "second looks cost senior time",
    ),
    LeverEffect(
        "behaviour.broken_promise",
        0.0,
        0.6,
        "satisfaction_unrecovered",
        -1,
        ("policy.empowerment=1", "scenario.rule_coverage=0.3", "behaviour.judgment_mean=0.3"),
        "a failed discretionary fix hurts like a broken promise",
    ),
    LeverEffect(
        "behaviour.sweetheart_rate",
        0.0,
        0.03,
        "cost_goodwill",
        +1,
        ("policy.empowerment=0",),
        "unauthorised giveaways cost money, under rules too",
    ),
    LeverEffect(
        "behaviour.sweetheart_morale_slope",
        0.0,
        6.0,
        "cost_goodwill",
        +1,
        ("policy.empowerment=0", "policy.servant_leadership=0", "policy.recognition=0"),
        "unhappy staff give more away",
    ),
    LeverEffect(
        "behaviour.script_novice_help",
        0.0,
        0.8,
        "fcr_rate",
        +1,
        ("policy.empowerment=0", "scenario.rule_coverage=0.9"),
        "scripts cut a green agent's errors on covered problems",
    ),
    LeverEffect(
        "behaviour.judgment_learning_rate",
        0.0,
        0.01,
        "fcr_rate",
        +1,
        (
            "policy.empowerment=1",
            "scenario.rule_coverage=0.3",
            "policy.metric_focus=1",
            "policy.servant_leadership=1",
        ),
        "judgment grows with decisions and feedback, so discretion fixes more",
    ),
    LeverEffect(
        "scenario.problem_rate_per_year",
        0.3,
        1.2,
        "complaints",
        +1,
        (),
        "more problems, more complaints",
    ),
    LeverEffect(
        "scenario.rule_coverage",
        0.3,
        0.95,
        "refusals",
        -1,
        ("policy.empowerment=0",),
        "rules that cover more, fewer refusals",
    ),
]
