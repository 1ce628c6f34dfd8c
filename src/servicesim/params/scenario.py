"""The business a policy meets (EMA's "uncertainties"): demand, customers, money, labour market.

A scenario is separate from a policy: an experiment is scenario x policy x replicate. Presets
live in ``presets/scenarios/*.toml``. Each field says its unit, validity bounds, plausible range,
meaning and source (REFERENCES.md grades: A peer-reviewed, B practitioner survey, C folklore or
assumption). ``uncertain`` marks the rows an uncertainty analysis draws from their plausible
range: facts of the market the firm cannot know exactly (how many problems its customers have,
how patient they are), as opposed to facts it knows (its prices, wages, opening hours). How
people respond (how customers judge an episode, how staff morale moves) lives in the
``behaviour`` section (``servicesim.params.behaviour``).
"""

from __future__ import annotations

from typing import Literal

from pydantic import model_validator

from servicesim.params.fields import P, Params

DEMAND = "demand"
CUSTOMERS = "customers and money"
CENTRE = "contact centre"
LABOUR = "staff and labour market"


class ScenarioParams(Params):
    """Environment parameters. Money in $, time in days unless the name says ``_s`` (seconds)."""

    # --- the business -----------------------------------------------------------------------
    industry: str = P(
        "postpaid subscription (mobile or broadband)",
        "-",
        "the kind of business the scenario stands for (its churn band below is that industry's)",
        "MODEL.md sec. 1",
        group="business",
        uncertain=False,
        reference=True,
    )
    status_quo: str = P(
        "guardrailed",
        "-",
        "the policy the firm runs today: every run's warm-up plays it, and paid acquisition is "
        "calibrated to replace its churn (a preset name or a .toml file)",
        "MODEL.md sec. 1 (a business in its steady state)",
        group="business",
        uncertain=False,
        reference=True,
    )
    churn_band_low_per_year: float = P(
        0.08,
        "share/year",
        "lower end of the industry's published churn (the status quo should churn within the band)",
        "postpaid phones about 0.85% a month: T-Mobile US 0.86% (2024), Verizon 0.85% "
        "(Q2 2024), AT&T 0.84% (Q4 2023); 0.7% a month is 8% a year",
        0,
        1,
        low=0.06,
        high=0.10,
        grade="B",
        basis="US carriers' quarterly reports 2023-24: 0.7-1.0% a month for postpaid phones",
        group="business",
        uncertain=False,
        reference=True,
    )
    churn_band_high_per_year: float = P(
        0.18,
        "share/year",
        "upper end of the industry's published churn",
        "broadband: Frontier consumer churn 1.54% a month (Q2 2021), fiber 1.19-1.40% "
        "(2022-25); O2 UK contract churn 1.1% a month (Q3 2024); 1.63% a month is 18% a year",
        0,
        1,
        low=0.14,
        high=0.22,
        grade="B",
        basis="operators' reports 2021-25: broadband 1.2-1.6% a month, UK contract mobile 1.1%",
        group="business",
        uncertain=False,
        reference=True,
    )

    # --- demand -----------------------------------------------------------------------------
    problem_rate_per_year: float = P(
        0.35,
        "problems/customer/year",
        "rate at which an active customer without an open problem gets one with this firm "
        "(any problem, trivial ones included, as TARP counts them: most are never voiced)",
        "one provider's customers with a problem in a year: telecoms 23% (UK Customer "
        "Satisfaction Index 2014), mobile 11-46% by provider (Which? 2024), broadband 49-56% "
        "with price rises counted (Which? 2018, 2022). 0.35/yr gives about 30%",
        0,
        20,
        low=0.1,
        high=0.8,
        grade="B",
        basis="surveys of one provider's customers, 11-56% a year with a problem; a 'reason to "
        "complain' (Ofcom 2021: mobile 9%, broadband 20%) is the narrower, mostly voiced kind",
        group=DEMAND,
        uncertain=True,
    )
    request_rate_per_year: float = P(
        2.3,
        "requests/customer/year",
        "routine service requests (billing, changes): contacts that are not failures",
        "operators receive 2.5 calls per mobile and 1.8 per fixed-line subscriber a year "
        "(Oliver Wyman 2013); 2.3 routine plus the problem contacts make about 2.5",
        0,
        100,
        low=1.5,
        high=4.0,
        grade="B",
        basis="1.8-2.5 calls per subscriber a year (Oliver Wyman 2013); 47-59% of US wireless "
        "customers call their carrier in a year (J.D. Power 2006, 2008)",
        group=DEMAND,
        uncertain=True,
    )
    major_share: float = P(
        0.15,
        "share",
        "share of problems with more than $100 at stake",
        "TARP severity bands; assumption",
        0.001,
        0.95,
        low=0.08,
        high=0.25,
        basis="most problems are small; a minority is serious",
        group=DEMAND,
        uncertain=True,
    )
    minor_share: float = P(
        0.25,
        "share",
        "share of problems with less than $5 at stake",
        "TARP severity bands; assumption",
        0.001,
        0.95,
        low=0.15,
        high=0.4,
        basis="a quarter to two fifths of problems cost almost nothing",
        group=DEMAND,
        uncertain=True,
    )
    rule_coverage: float = P(
        0.7,
        "share",
        "share of problems the rulebook covers (a script resolves them)",
        "Bowen & Lawler 1992 contexts (A, conceptual); assumption",
        0,
        1,
        low=0.3,
        high=0.95,
        basis="Bowen & Lawler's complex (low) to routine (high) contexts; a context choice, not drawn",
        group=DEMAND,
        uncertain=False,
    )
    pulse_extra: float = P(
        0.0,
        "share",
        "extra problems during a temporary demand pulse (+x%)",
        "MODEL.md sec. 1 demand profile",
        0,
        10,
        low=0.0,
        high=1.0,
        basis="a scenario's choice: no pulse to a doubling",
        group=DEMAND,
        uncertain=False,
    )
    pulse_start_frac: float = P(
        0.4,
        "share of horizon",
        "pulse start as a fraction of the run's horizon",
        "MODEL.md sec. 1",
        0,
        1,
        low=0.0,
        high=1.0,
        basis="anywhere in the horizon",
        group=DEMAND,
        uncertain=False,
    )
    pulse_end_frac: float = P(
        0.55,
        "share of horizon",
        "pulse end as a fraction of the run's horizon",
        "MODEL.md sec. 1",
        0,
        1,
        low=0.0,
        high=1.0,
        basis="anywhere in the horizon",
        group=DEMAND,
        uncertain=False,
    )
    pulse_start_day: int | None = P(
        None,
        "day",
        "explicit pulse start day (overrides the fraction; must lie inside the horizon)",
        "MODEL.md sec. 1",
        ge=0,
        group=DEMAND,
        uncertain=False,
    )
    pulse_end_day: int | None = P(
        None,
        "day",
        "explicit pulse end day (exclusive; overrides the fraction)",
        "MODEL.md sec. 1",
        ge=1,
        group=DEMAND,
        uncertain=False,
    )

    # --- customers and money ----------------------------------------------------------------
    revenue_per_customer_per_year: float = P(
        600.0,
        "$/customer/year",
        "mean revenue of a customer",
        "assumption: a telecom/utility-like account",
        0,
        1e6,
        low=200.0,
        high=3000.0,
        basis="the shipped presets' span, from routine to relational businesses; known to the firm",
        group=CUSTOMERS,
        uncertain=False,
    )
    value_cv: float = P(
        0.5,
        "sd/mean",
        "spread of revenue across customers (lognormal)",
        "assumption",
        0.01,
        3,
        low=0.3,
        high=1.0,
        basis="customer value is skewed; the firm knows its own spread",
        group=CUSTOMERS,
        uncertain=False,
    )
    margin: float = P(
        0.3,
        "share",
        "gross margin on revenue before service costs",
        "assumption",
        0,
        1,
        low=0.2,
        high=0.35,
        basis="the shipped presets' span; known to the firm",
        group=CUSTOMERS,
        uncertain=False,
    )
    base_churn_per_year: float = P(
        0.06,
        "share/year",
        "defection rate of a fully satisfied customer (moves, needs change)",
        "MODEL.md: satisfied customers still defect at a base rate; assumption",
        0,
        1,
        low=0.03,
        high=0.1,
        basis="moves and changed needs alone take a few percent of customers a year",
        group=CUSTOMERS,
        uncertain=True,
    )
    contract_share: float = P(
        0.4,
        "share",
        "share of customers under a fixed-term contract",
        "seed 000: 'they have you under contract'",
        0,
        1,
        low=0.05,
        high=0.6,
        basis="the shipped presets' span; known to the firm",
        group=CUSTOMERS,
        uncertain=False,
    )
    contract_length_days: int = P(
        365,
        "days",
        "length of a contract; at its end the customer decides",
        "assumption",
        1,
        3650,
        low=90,
        high=730,
        basis="the shipped presets' span; known to the firm",
        group=CUSTOMERS,
        uncertain=False,
    )
    initial_tenure_days: float = P(
        2920.0,
        "days",
        "mean tenure of the customers at the start (exponential: the stationary tenure under a "
        "steady churn hazard); the warm-up then settles it under the status quo",
        "assumption: 1 / 12.5% a year, the industry band's middle",
        1,
        36500,
        low=1660.0,
        high=4560.0,
        basis="the stationary mean tenure at the band's ends (22% and 8% a year)",
        group=CUSTOMERS,
        uncertain=False,
    )
    patience_mean_s: float = P(
        240.0,
        "s",
        "mean time a caller waits before hanging up",
        "Brown et al. 2005: patience of a few minutes",
        1,
        1e5,
        low=120.0,
        high=600.0,
        grade="A",
        basis="Brown et al. 2005 and Gans et al. 2003: two to ten minutes across centres",
        group=CUSTOMERS,
        uncertain=True,
    )
    patience_dist: Literal["exponential", "lognormal", "infinite"] = P(
        "exponential",
        "-",
        "distribution of patience in the queue",
        "MODEL.md sec. 3",
        group=CUSTOMERS,
        uncertain=False,
    )
    patience_lognormal_sd: float = P(
        1.0,
        "log s",
        "spread of a call's patience when patience_dist is lognormal (sd of its log; mean kept)",
        "Brown et al. 2005: lognormal-like patience",
        0.01,
        5,
        low=0.6,
        high=1.4,
        basis="patience spans an order of magnitude between callers and days",
        group=CUSTOMERS,
        uncertain=True,
    )
    satisfaction_mean: float = P(
        0.78,
        "0-1",
        "mean satisfaction of a new customer with no problems (the product's own level)",
        "assumption",
        0.05,
        0.95,
        low=0.7,
        high=0.85,
        basis="a product people chose and pay for pleases most of them",
        group=CUSTOMERS,
        uncertain=True,
    )
    satisfaction_sd: float = P(
        0.08,
        "0-1",
        "spread of that baseline across customers",
        "assumption",
        0,
        0.4,
        low=0.04,
        high=0.15,
        basis="people differ in how much they like the same product",
        group=CUSTOMERS,
        uncertain=True,
    )
    memory_days: float = P(
        180.0,
        "days",
        "time constant with which satisfaction relaxes back to the baseline",
        "assumption; long relationships remember longer",
        1,
        3650,
        low=60.0,
        high=365.0,
        basis="the shipped presets' span: routine contexts forget in two months, relational in a year",
        group=CUSTOMERS,
        uncertain=True,
    )
    prospects_per_customer: float = P(
        0.5,
        "people/customer",
        "non-customers in the social network, per initial customer (referral pool)",
        "assumption",
        0,
        10,
        low=0.25,
        high=1.0,
        basis="the reachable market beside the base",
        group=CUSTOMERS,
        uncertain=True,
    )
    network_degree: float = P(
        8.0,
        "ties/person",
        "mean number of word-of-mouth ties per person",
        "assumption; weak-tie contexts lower",
        0,
        100,
        low=3.0,
        high=12.0,
        basis="the shipped presets' span",
        group=CUSTOMERS,
        uncertain=True,
    )
    tie_strength: float = P(
        0.5,
        "0-1",
        "how much one message moves the listener's attitude, relative to the maximum",
        "Bowen & Lawler contexts; assumption",
        0,
        1,
        low=0.25,
        high=0.8,
        basis="the shipped presets' span: weak (routine) to strong (relational) ties",
        group=CUSTOMERS,
        uncertain=True,
    )
    discount_rate_per_year: float = P(
        0.10,
        "share/year",
        "discount rate for customer equity",
        "assumption",
        0,
        1,
        low=0.05,
        high=0.15,
        basis="a firm's cost of capital; an accounting choice",
        group=CUSTOMERS,
        uncertain=False,
    )
    equity_horizon_years: int = P(
        20,
        "years",
        "years of future margin counted in customer equity",
        "assumption",
        1,
        100,
        low=10,
        high=30,
        basis="an accounting choice that keeps equity finite at zero discount",
        group=CUSTOMERS,
        uncertain=False,
    )
    cost_per_acquisition: float = P(
        300.0,
        "$/customer",
        "cost of one paid acquisition",
        "assumption",
        0,
        1e5,
        low=60.0,
        high=600.0,
        basis="the shipped presets' span; known to the firm",
        group=CUSTOMERS,
        uncertain=False,
    )

    calibrate_acquisition: bool = P(
        True,
        "-",
        "the warm-up sets the paid-acquisition budget to what replaces the status quo's churn "
        "(the same budget for every policy); false: paid_acquisition_per_year as given",
        "MODEL.md sec. 1 (acquisition replaces churn)",
        group=CUSTOMERS,
        uncertain=False,
    )
    paid_acquisition_per_year: float = P(
        0.12,
        "share of initial base/year",
        "customers bought a year when the budget is not calibrated by a warm-up",
        "assumption: about the industry band's middle",
        0,
        5,
        low=0.06,
        high=0.2,
        grade="C",
        basis="enough to replace churn inside the industry band",
        group=CUSTOMERS,
        uncertain=False,
    )

    # --- contact centre ------------------------------------------------------------------------
    opening_hours: float = P(
        8.0,
        "hours/day",
        "contact-centre opening hours; every staff member is on shift throughout",
        "assumption",
        1,
        24,
        low=8.0,
        high=12.0,
        basis="a firm's choice; known",
        group=CENTRE,
        uncertain=False,
    )
    request_time_s: float = P(
        300.0,
        "s",
        "mean handling time of a routine request by a fully skilled agent",
        "Gans, Koole & Mandelbaum 2003: minutes",
        10,
        7200,
        low=180.0,
        high=480.0,
        grade="A",
        basis="Gans et al. 2003: a few minutes; measured by the firm",
        group=CENTRE,
        uncertain=False,
    )
    problem_time_s: float = P(
        540.0,
        "s",
        "mean handling time of a problem contact by the script",
        "assumption",
        10,
        7200,
        low=360.0,
        high=720.0,
        basis="the shipped presets' span; measured by the firm",
        group=CENTRE,
        uncertain=False,
    )
    judgment_time_factor: float = P(
        1.6,
        "x",
        "handling-time multiplier when an agent works out a non-scripted fix",
        "assumption",
        1,
        10,
        low=1.2,
        high=2.0,
        basis="working a problem out takes longer than reading a script, not many times longer",
        group=CENTRE,
        uncertain=True,
    )
    service_cv: float = P(
        0.8,
        "sd/mean",
        "coefficient of variation of lognormal handling times",
        "Brown et al. 2005: lognormal service times",
        0,
        3,
        low=0.6,
        high=1.2,
        grade="A",
        basis="Brown et al. 2005 report lognormal times with cv near 1",
        group=CENTRE,
        uncertain=True,
    )

    shrinkage: float = P(
        0.30,
        "share",
        "share of paid agent-days off the phones besides training (breaks, meetings, absence, "
        "holiday): each frontline agent is away on a day with this chance",
        "Knowlagent survey of 100+ centres (2011): 24% on average, most often 26-30%, holiday "
        "not always counted; workforce-management guides: 30-35% with holiday",
        0,
        0.8,
        low=0.2,
        high=0.4,
        grade="B",
        basis="surveys and guides put shrinkage at a quarter to two fifths of paid time",
        group=CENTRE,
        uncertain=True,
    )
    arrival_peak_share: float = P(
        0.2,
        "share",
        "share of the day's contacts that arrive in the daily peak (the rest spread evenly)",
        "Brown et al. 2005 call-by-call data (a bank, 1999): the busiest hour takes 15% of an "
        "8-hour day's calls (a share near 0.1); practitioner guides: peak intervals 2.5-4x the "
        "quietest (0.3-0.45). 0.2 between them, an assumption",
        0,
        1,
        low=0.1,
        high=0.45,
        grade="C",
        basis="a mid-morning peak, a lunchtime dip, an afternoon plateau; its weight differs "
        "between the peer-reviewed bank data and practitioners' accounts of telecom centres",
        group=CENTRE,
        uncertain=True,
    )
    arrival_peak_center: float = P(
        0.3,
        "share of opening hours",
        "when the peak is highest, as a share of the opening hours (0.3 of 8-18 h: 11:00)",
        "Brown et al. 2005: the morning peak",
        0,
        1,
        low=0.2,
        high=0.5,
        grade="C",
        basis="late morning in most published profiles",
        group=CENTRE,
        uncertain=True,
    )
    arrival_peak_width: float = P(
        0.12,
        "share of opening hours",
        "spread (sd) of the peak, as a share of the opening hours",
        "assumption",
        0.01,
        1,
        low=0.06,
        high=0.2,
        basis="a peak an hour or two wide",
        group=CENTRE,
        uncertain=True,
    )

    # --- staff and labour market -------------------------------------------------------------------
    wage_per_day: float = P(
        200.0,
        "$/day",
        "loaded cost of a frontline staff member per paid working day (wage, benefits, taxes)",
        "US customer service representatives: median $15.53/h in 2016 (BLS), plus benefits "
        "about 42% of wages (BLS ECEC, Dec 2024): about $22/h, $176 a day in 2016 wages",
        0,
        1e4,
        low=150.0,
        high=300.0,
        grade="B",
        basis="BLS wages and benefit loads; vendors' all-in $40 per productive hour (2025) "
        "is $256 for an 8-hour day at 80% productive",
        group=LABOUR,
        uncertain=False,
    )
    manager_wage_per_day: float = P(
        400.0,
        "$/day",
        "manager salary per day",
        "assumption",
        0,
        1e5,
        low=300.0,
        high=600.0,
        basis="a firm's pay; known",
        group=LABOUR,
        uncertain=False,
    )
    second_look_cost: float = P(
        8.0,
        "$/look",
        "cost of a manager's second look at a discretionary spend (about ten minutes of a "
        "manager's and an agent's time)",
        "assumption (C): $400 a manager-day is $50 an hour",
        0,
        1e4,
        low=2.0,
        high=20.0,
        grade="C",
        basis="minutes of senior time per look",
        group=LABOUR,
        uncertain=False,
    )
    overtime_premium: float = P(
        1.5,
        "x wage",
        "pay per overtime hour relative to a normal hour",
        "assumption (time and a half)",
        1,
        5,
        low=1.25,
        high=2.0,
        basis="labour law and contracts; known",
        group=LABOUR,
        uncertain=False,
    )
    outsourced_wage_factor: float = P(
        0.65,
        "x wage",
        "cost of an outsourced agent's day relative to an in-house one",
        "seed 004 (outsourced on economics); assumption",
        0.05,
        2,
        low=0.5,
        high=0.8,
        basis="outsourcers are cheaper per hour, by a third or so",
        group=LABOUR,
        uncertain=False,
    )
    working_days_per_year: float = P(
        250.0,
        "days/year",
        "working days of a staff member a year (training days are a share of these)",
        "assumption",
        100,
        366,
        low=220.0,
        high=260.0,
        basis="a working year net of weekends and holidays",
        group=LABOUR,
        uncertain=False,
    )
    working_days_per_month: float = P(
        21.0,
        "days/month",
        "working days a month (managers' front-line days are a share of these)",
        "assumption",
        10,
        31,
        low=20.0,
        high=22.0,
        basis="a working month",
        group=LABOUR,
        uncertain=False,
    )
    hiring_delay_days: int = P(
        30,
        "days",
        "days from a vacancy to a new hire's first day",
        "industry surveys (B/C)",
        0,
        365,
        low=14,
        high=60,
        grade="B",
        basis="industry surveys: two weeks to two months",
        group=LABOUR,
        uncertain=True,
    )
    replacement_cost_share: float = P(
        0.4,
        "share of a year's wage",
        "hiring and training cost of one replacement",
        "industry surveys: about 40% of a year's wage (B/C)",
        0,
        5,
        low=0.2,
        high=0.6,
        grade="B",
        basis="industry surveys' spread around 40%",
        group=LABOUR,
        uncertain=True,
    )
    selective_hiring_cost: float = P(
        0.5,
        "x",
        "extra replacement cost under fully selective hiring (x hiring selectivity)",
        "seed 001; assumption",
        0,
        10,
        low=0.2,
        high=1.0,
        basis="a choosier search costs more: a fifth more to double",
        group=LABOUR,
        uncertain=True,
    )
    selective_hiring_delay: float = P(
        1.0,
        "x",
        "extra hiring delay under fully selective hiring (x hiring selectivity)",
        "seed 001; assumption",
        0,
        10,
        low=0.5,
        high=2.0,
        basis="a choosier search takes longer: half again to three times as long",
        group=LABOUR,
        uncertain=True,
    )
    base_quit_per_year: float = P(
        0.40,
        "share/year",
        "quit rate of staff at reference morale",
        "contact-centre turnover 30-45%/year (B)",
        0,
        5,
        low=0.3,
        high=0.45,
        grade="B",
        basis="industry surveys: 30-45% a year",
        group=LABOUR,
        uncertain=True,
    )

    @model_validator(mode="after")
    def _check(self) -> ScenarioParams:
        if self.churn_band_low_per_year > self.churn_band_high_per_year:
            raise ValueError("churn_band_low_per_year must not exceed churn_band_high_per_year")
        if self.minor_share + self.major_share >= 1.0:
            raise ValueError(
                f"minor_share + major_share must be < 1 (got {self.minor_share} + {self.major_share})"
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
