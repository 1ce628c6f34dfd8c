"""The environment a policy meets (EMA's "uncertainties"): demand, customers, labour market.

A scenario is separate from a policy: an experiment is scenario x policy x replicate. Presets
live in ``presets/scenarios/*.toml``; each field below says its unit, range, meaning and source
(REFERENCES.md grades: A peer-reviewed, B practitioner survey, C folklore/assumption).
Behavioural constants (how customers judge an episode, how staff morale moves) are here too:
they are facts of the world the firm cannot choose, and belong in every sensitivity analysis.
"""

from __future__ import annotations

from typing import Literal

from pydantic import model_validator

from servicesim.params.fields import P, Params


class ScenarioParams(Params):
    """Environment parameters. Money in $, time in days unless the name says ``_s`` (seconds)."""

    # --- demand -----------------------------------------------------------------------------
    problem_rate_per_year: float = P(
        0.6,
        "problems/customer/year",
        "rate at which an active customer without an open problem gets one",
        "TARP 1979: 32% of households had a problem in a year; CCMC 2015/2020: 54%/66%. 0.6/yr gives 45% (B)",
        ge=0,
        le=20,
    )
    request_rate_per_year: float = P(
        6.0,
        "requests/customer/year",
        "routine service requests (billing, changes): contacts that are not failures",
        "assumption sized so the default centre handles about 1,700 contacts/day (C)",
        ge=0,
        le=100,
    )
    major_share: float = P(
        0.15,
        "share",
        "share of problems with more than $100 at stake",
        "TARP severity bands; assumption (C)",
        ge=0.001,
        le=0.95,
    )
    minor_share: float = P(
        0.25,
        "share",
        "share of problems with less than $5 at stake",
        "TARP severity bands; assumption (C)",
        ge=0.001,
        le=0.95,
    )
    rule_coverage: float = P(
        0.7,
        "share",
        "share of problems the rulebook covers (a script resolves them)",
        "Bowen & Lawler 1992 contexts (A, conceptual); assumption",
        ge=0,
        le=1,
    )
    pulse_extra: float = P(
        0.0,
        "share",
        "extra problems during a temporary demand pulse (+x%)",
        "MODEL.md sec. 1 demand profile",
        ge=0,
        le=10,
    )
    pulse_start_frac: float = P(
        0.4,
        "share of horizon",
        "pulse start as a fraction of the run's horizon",
        "MODEL.md sec. 1",
        ge=0,
        le=1,
    )
    pulse_end_frac: float = P(
        0.55,
        "share of horizon",
        "pulse end as a fraction of the run's horizon",
        "MODEL.md sec. 1",
        ge=0,
        le=1,
    )
    pulse_start_day: int | None = P(
        None,
        "day",
        "explicit pulse start day (overrides the fraction; must lie inside the horizon)",
        "MODEL.md sec. 1",
        ge=0,
    )
    pulse_end_day: int | None = P(
        None,
        "day",
        "explicit pulse end day (exclusive; overrides the fraction)",
        "MODEL.md sec. 1",
        ge=1,
    )

    # --- customers and money ----------------------------------------------------------------
    revenue_per_customer_per_year: float = P(
        600.0,
        "$/customer/year",
        "mean revenue of a customer",
        "assumption: a telecom/utility-like account (C)",
        ge=0,
        le=1e6,
    )
    margin: float = P(
        0.3, "share", "gross margin on revenue before service costs", "assumption (C)", ge=0, le=1
    )
    base_churn_per_year: float = P(
        0.06,
        "share/year",
        "defection rate of a fully satisfied customer (moves, needs change)",
        "MODEL.md: satisfied customers still defect at a base rate; assumption (C)",
        ge=0,
        le=1,
    )
    contract_share: float = P(
        0.4,
        "share",
        "share of customers under a fixed-term contract",
        "seed 000: 'they have you under contract'",
        ge=0,
        le=1,
    )
    contract_length_days: int = P(
        365,
        "days",
        "length of a contract; at its end the customer decides",
        "assumption (C)",
        ge=1,
        le=3650,
    )
    patience_mean_s: float = P(
        240.0,
        "s",
        "mean time a caller waits before hanging up",
        "Brown et al. 2005 (A): patience of a few minutes",
        ge=1,
        le=1e5,
    )
    patience_dist: Literal["exponential", "lognormal", "infinite"] = P(
        "exponential", "-", "distribution of patience in the queue", "MODEL.md sec. 3"
    )
    retry_prob: float = P(
        0.6,
        "probability",
        "chance a caller who abandoned, or whose fix did not work, tries again on a later day",
        "assumption (C)",
        ge=0,
        le=1,
    )
    satisfaction_mean: float = P(
        0.78,
        "0-1",
        "mean satisfaction of a new customer with no problems (the product's own level)",
        "assumption (C)",
        ge=0.05,
        le=0.95,
    )
    satisfaction_sd: float = P(
        0.08, "0-1", "spread of that baseline across customers", "assumption (C)", ge=0, le=0.4
    )
    memory_days: float = P(
        180.0,
        "days",
        "time constant with which satisfaction relaxes back to the baseline",
        "assumption; long relationships remember longer (C)",
        ge=1,
        le=3650,
    )
    prospects_per_customer: float = P(
        0.5,
        "people/customer",
        "non-customers in the social network, per initial customer (referral pool)",
        "assumption (C)",
        ge=0,
        le=10,
    )
    network_degree: float = P(
        8.0,
        "ties/person",
        "mean number of word-of-mouth ties per person",
        "assumption; weak-tie contexts lower (C)",
        ge=0,
        le=100,
    )
    tie_strength: float = P(
        0.5,
        "0-1",
        "how much one message moves the listener's attitude, relative to the maximum",
        "Bowen & Lawler contexts; assumption (C)",
        ge=0,
        le=1,
    )
    discount_rate_per_year: float = P(
        0.10, "share/year", "discount rate for customer equity", "assumption (C)", ge=0, le=1
    )

    # --- contact centre ------------------------------------------------------------------------
    opening_hours: float = P(
        8.0,
        "hours/day",
        "contact-centre opening hours; every staff member is on shift throughout",
        "assumption (C)",
        ge=1,
        le=24,
    )
    request_time_s: float = P(
        300.0,
        "s",
        "mean handling time of a routine request by a fully skilled agent",
        "Gans, Koole & Mandelbaum 2003 (A): minutes",
        ge=10,
        le=7200,
    )
    problem_time_s: float = P(
        540.0,
        "s",
        "mean handling time of a problem contact by the script",
        "assumption (C)",
        ge=10,
        le=7200,
    )
    judgment_time_factor: float = P(
        1.6,
        "x",
        "handling-time multiplier when an agent works out a non-scripted fix",
        "assumption (C)",
        ge=1,
        le=10,
    )
    service_cv: float = P(
        0.8,
        "sd/mean",
        "coefficient of variation of lognormal handling times",
        "Brown et al. 2005 (A): lognormal service times",
        ge=0,
        le=3,
    )

    # --- how customers judge episodes ------------------------------------------------------------
    voice_p_minor: float = P(
        0.035,
        "probability",
        "chance a customer with a $5 problem contacts the firm",
        "TARP / Goodman & Newman: 3-4% of minor problems voiced (B)",
        ge=0.001,
        le=0.999,
    )
    voice_p_major: float = P(
        0.69,
        "probability",
        "chance a customer with a $100 problem contacts the firm (interpolated in log $)",
        "TARP: 69% of serious problems voiced (B)",
        ge=0.001,
        le=0.999,
    )
    loss_minor: float = P(
        0.30,
        "0-1",
        "drop in satisfaction when a $5 problem occurs",
        "calibrated to the TARP repurchase table (B)",
        ge=0,
        le=1,
    )
    loss_major: float = P(
        0.49,
        "0-1",
        "drop in satisfaction when a $100 problem occurs (interpolated in log $)",
        "calibrated to the TARP repurchase table (B)",
        ge=0,
        le=1,
    )
    open_erosion_per_day: float = P(
        0.004,
        "0-1/day",
        "satisfaction lost each day a problem stays open, voiced or silent (hassle)",
        "procedural justice; assumption (C)",
        ge=0,
        le=0.1,
    )
    silent_days: int = P(
        14,
        "days",
        "days a silent or abandoned problem lingers before the customer decides",
        "assumption (C)",
        ge=1,
        le=365,
    )
    w_distributive: float = P(
        0.30,
        "weight",
        "weight of the outcome and compensation in the lasting attitude",
        "Gelbrich & Roschk 2011 (A): interactional at least as strong as distributive",
        ge=0,
        le=1,
    )
    w_interactional: float = P(
        0.40,
        "weight",
        "weight of courtesy, empathy and explanation in the lasting attitude",
        "Gelbrich & Roschk 2011 (A)",
        ge=0,
        le=1,
    )
    w_procedural: float = P(
        0.30,
        "weight",
        "weight of wait, number of contacts and delay in the lasting attitude",
        "Orsingher et al. 2010 (A)",
        ge=0,
        le=1,
    )
    recovery_gain: float = P(
        1.0,
        "0-1 per justice unit",
        "how far an episode's justice score above (below) expectation lifts (lowers) satisfaction",
        "calibrated to the TARP repurchase table (B)",
        ge=0,
        le=2,
    )
    justice_expectation: float = P(
        0.25,
        "0-1",
        "justice score a customer expects from a recovery at first",
        "Rust & Oliver 2000 (A): expectations",
        ge=0,
        le=1,
    )
    comp_scale: float = P(
        1.0,
        "x stake",
        "compensation equal to comp_scale x the stake gives 63% of the compensation utility (diminishing returns)",
        "Gelbrich & Roschk 2011 (A)",
        ge=0.01,
        le=100,
    )
    double_deviation: float = P(
        0.22,
        "0-1",
        "extra satisfaction lost when a voiced problem ends unresolved, scaled by how poorly it was treated",
        "Bitner, Booms & Tetreault 1990 (A)",
        ge=0,
        le=1,
    )
    refusal_coldness: float = P(
        0.5,
        "0-1",
        "how much warmth a bare refusal ('our policy is...') takes away; softened by an explanation",
        "seeds 000, 002, 004; Bies & Shapiro 1987 (A)",
        ge=0,
        le=1,
    )
    explanation_bonus: float = P(
        0.25,
        "0-1",
        "interactional credit for an explained refusal",
        "Bies & Shapiro 1987 (A)",
        ge=0,
        le=1,
    )
    procedural_contacts_scale: float = P(
        1.5,
        "contacts",
        "procedural justice falls by 63% for every this many extra contacts",
        "Orsingher et al. 2010 (A): procedure; scale an assumption (C)",
        ge=0.1,
        le=100,
    )
    procedural_days_scale: float = P(
        1.5,
        "days",
        "procedural justice falls by 63% for every this many days the problem stays open",
        "TARP: 'resolved quickly' vs not; scale an assumption (C)",
        ge=0.1,
        le=365,
    )
    procedural_wait_scale_s: float = P(
        600.0,
        "s",
        "procedural justice falls by 63% at this mean queue wait",
        "assumption (C)",
        ge=1,
        le=1e5,
    )
    request_annoyance: float = P(
        0.04,
        "0-1",
        "satisfaction a routine caller loses by abandoning the queue (x 1 - exp(-wait / procedural_wait_scale_s) when answered)",
        "Dixon, Freeman & Toman 2010 (B): customer effort drives disloyalty; size an assumption (C)",
        ge=0,
        le=1,
    )
    manager_courtesy: float = P(
        0.65,
        "0-1",
        "courtesy shown by a manager deciding an escalated case",
        "assumption (C)",
        ge=0,
        le=1,
    )
    recovery_fatigue: float = P(
        0.35,
        "per failure",
        "recovery works exp(-fatigue x earlier failures within a year) as well",
        "Maxham & Netemeyer 2002 (A)",
        ge=0,
        le=5,
    )
    delight_bonus: float = P(
        0.15,
        "0-1",
        "interactional credit of a surprise gesture",
        "Rust & Oliver 2000 (A); seeds 000, 001",
        ge=0,
        le=1,
    )
    delight_expectation_step: float = P(
        0.08,
        "0-1",
        "rise in expected justice after a delight (raises the bar next time)",
        "Rust & Oliver 2000 (A)",
        ge=0,
        le=1,
    )
    stay_slope: float = P(
        9.0,
        "logit per satisfaction unit",
        "steepness of the stay-or-leave decision in satisfaction",
        "calibrated to the TARP repurchase table (B)",
        ge=0,
        le=100,
    )
    stay_midpoint: float = P(
        0.50,
        "0-1",
        "satisfaction at which a deciding customer is as likely to leave as stay",
        "calibrated to the TARP repurchase table (B)",
        ge=0,
        le=1,
    )

    # --- word of mouth ---------------------------------------------------------------------------
    talk_base_per_day: float = P(
        0.002,
        "probability/day",
        "chance a neutral customer mentions the firm to someone on a given day",
        "Anderson 1998 (A): U-shaped; assumption for the level (C)",
        ge=0,
        le=1,
    )
    talk_unhappy_slope: float = P(
        0.08,
        "probability/day",
        "extra daily talk at satisfaction 0 (quadratic, steeper on the unhappy side)",
        "Anderson 1998 (A)",
        ge=0,
        le=1,
    )
    talk_happy_slope: float = P(
        0.03,
        "probability/day",
        "extra daily talk at satisfaction 1",
        "Anderson 1998 (A)",
        ge=0,
        le=1,
    )
    talk_neutral: float = P(
        0.7,
        "0-1",
        "satisfaction at which customers talk least; messages above it are positive",
        "Anderson 1998 (A)",
        ge=0,
        le=1,
    )
    episode_tell_resolved: float = P(
        0.41,
        "probability",
        "chance a customer tells someone after first-contact resolution",
        "SQM vendor survey (B)",
        ge=0,
        le=1,
    )
    episode_tell_unhappy: float = P(
        0.74,
        "probability",
        "chance a very dissatisfied customer with an unresolved problem tells someone",
        "SQM vendor survey (B)",
        ge=0,
        le=1,
    )
    episode_audience_unhappy: float = P(
        5.0,
        "people",
        "mean people told by a very dissatisfied customer (1 after FCR)",
        "SQM vendor survey (B); not the folklore '9-15' (C)",
        ge=1,
        le=50,
    )
    wom_impact: float = P(
        0.04,
        "0-1",
        "satisfaction change of a customer who hears one message (x tie strength)",
        "East, Hammond & Lomax 2008 (A): equal impact",
        ge=0,
        le=1,
    )
    wom_negative_weight: float = P(
        1.0,
        "x",
        "impact of a complaint relative to praise (1 = the same)",
        "East, Hammond & Lomax 2008 (A)",
        ge=0,
        le=10,
    )
    referral_act_prob: float = P(
        0.33,
        "probability",
        "share of intended referrals that are actually made",
        "Kumar, Petersen & Leone 2007 (A/B)",
        ge=0,
        le=1,
    )
    referral_conversion: float = P(
        0.13,
        "probability",
        "share of referred prospects who become customers (at neutral attitude)",
        "Kumar, Petersen & Leone 2007 (A/B)",
        ge=0,
        le=1,
    )
    cost_per_acquisition: float = P(
        300.0, "$/customer", "cost of one paid acquisition", "assumption (C)", ge=0, le=1e5
    )

    # --- staff and labour market -------------------------------------------------------------------
    wage_per_day: float = P(
        200.0,
        "$/day",
        "frontline wage per staff member per working day",
        "assumption (C)",
        ge=0,
        le=1e4,
    )
    manager_wage_per_day: float = P(
        400.0, "$/day", "manager salary per day", "assumption (C)", ge=0, le=1e5
    )
    hiring_delay_days: int = P(
        30,
        "days",
        "days from a vacancy to a new hire's first day",
        "industry surveys (B/C)",
        ge=0,
        le=365,
    )
    replacement_cost_share: float = P(
        0.4,
        "share of a year's wage",
        "hiring and training cost of one replacement",
        "industry surveys: about 40% of a year's wage (B/C)",
        ge=0,
        le=5,
    )
    base_quit_per_year: float = P(
        0.40,
        "share/year",
        "quit rate of staff at reference morale 0.6",
        "contact-centre turnover 30-45%/year (B)",
        ge=0,
        le=5,
    )
    quit_morale_slope: float = P(
        3.0,
        "log-hazard per morale unit",
        "how strongly low morale raises the quit hazard",
        "Gallup recognition reports (B, correlational)",
        ge=0,
        le=20,
    )
    learning_rate: float = P(
        0.004,
        "per day",
        "daily share of the gap to the skill cap that experience closes",
        "assumption (C)",
        ge=0,
        le=1,
    )
    morale_rate: float = P(
        0.05,
        "per day",
        "daily share of the gap to the morale target that morale closes",
        "assumption (C)",
        ge=0,
        le=1,
    )

    @model_validator(mode="after")
    def _check(self) -> ScenarioParams:
        if self.minor_share + self.major_share >= 1.0:
            raise ValueError(
                f"minor_share + major_share must be < 1 (got {self.minor_share} + {self.major_share})"
            )
        if self.w_distributive + self.w_interactional + self.w_procedural <= 0:
            raise ValueError("w_distributive + w_interactional + w_procedural must be > 0")
        if self.voice_p_minor > self.voice_p_major:
            raise ValueError(
                "voice_p_minor must not exceed voice_p_major (voice rises with severity)"
            )
        if self.pulse_end_frac <= self.pulse_start_frac and self.pulse_extra > 0:
            raise ValueError(
                f"pulse_end_frac ({self.pulse_end_frac}) must be after pulse_start_frac ({self.pulse_start_frac})"
            )
        if (
            self.pulse_start_day is not None
            and self.pulse_end_day is not None
            and self.pulse_end_day <= self.pulse_start_day
        ):
            raise ValueError(
                f"the demand pulse ends (pulse_end_day={self.pulse_end_day}) before it starts "
                f"(pulse_start_day={self.pulse_start_day})"
            )
        return self
