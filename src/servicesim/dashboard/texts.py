"""The dashboard's words: lever labels and help, preset names, the glossary.

Written for a room of non-programmers: every lever has a one-line help text in plain words, and
every piece of jargon shown on the page has a glossary entry. Lever bounds and meanings come from
``PolicyParams.field_docs()``; the texts here only say the same thing more plainly.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from servicesim.params.policy import PolicyParams


@dataclass(frozen=True)
class Lever:
    """A slider on the page: a policy field with a plain label, help text and a slider range.

    ``low`` and ``high`` describe the two ends of the slider in words; ``money`` levers are
    shown in dollars. The slider range may be narrower than the field's valid range (a workshop
    needs the useful range, not every possible value); it never exceeds it.
    """

    name: str
    label: str
    help: str
    min: float
    max: float
    step: float
    low: str = ""
    high: str = ""
    money: bool = False

    def show(self, value: float) -> str:
        """The value as the page shows it: '$300', '0.80', '1.5 days'."""
        if self.money:
            return f"${value:,.0f}"
        if self.name == "frontline_days_per_month":
            return f"{value:g} day{'s' if value != 1 else ''} a month"
        if self.name == "staffing_ratio":
            return f"{value:.2f} x what demand needs"
        return f"{value:.2f}"


#: the main levers, in the order the sliders appear
LEVERS: tuple[Lever, ...] = (
    Lever(
        "empowerment",
        "Empowerment",
        "How far staff may solve problems the rulebook does not cover, using their own judgment. "
        "Moved on its own it solves more problems at the first contact but changes customers "
        "and NPS little: the presets differ in many levers at once.",
        0.0,
        1.0,
        0.05,
        "follow the script",
        "'use your best judgment'",
    ),
    Lever(
        "discretion_cap",
        "Discretion cap",
        "The most money one agent may spend to put one customer's problem right without asking. "
        "Small effect on its own: customers and NPS barely move; a high cap costs a little profit.",
        0.0,
        2000.0,
        25.0,
        "nothing",
        "$2,000 (the Ritz-Carlton figure)",
        money=True,
    ),
    Lever(
        "staffing_ratio",
        "Staffing",
        "How many front-line staff, compared with what the expected number of calls needs.",
        0.6,
        1.5,
        0.05,
        "short-staffed",
        "generous",
    ),
    Lever(
        "servant_leadership",
        "Leadership style",
        "Do managers give orders and check, or serve the front line? Serving costs manager time.",
        0.0,
        1.0,
        0.05,
        "command and control",
        "servant leadership",
    ),
    Lever(
        "metric_focus",
        "What managers measure",
        "What gets rewarded: speed (handling time, calls per hour) or the customer's own verdict. "
        "Small effect on its own over two years.",
        0.0,
        1.0,
        0.05,
        "speed",
        "the customer's verdict",
    ),
    Lever(
        "recognition",
        "Recognition",
        "How often managers notice and reward good outcomes (praise, a small bonus).",
        0.0,
        1.0,
        0.05,
        "never",
        "always",
    ),
    Lever(
        "frontline_days_per_month",
        "Managers on the front line",
        "Days a month each manager spends answering customers; helps only if problems get fixed. "
        "Small effect over two years.",
        0.0,
        4.0,
        0.5,
        "never",
        "4 days a month",
    ),
    Lever(
        "rule_transparency",
        "Rule transparency",
        "How clearly customers are told the rules up front, so a 'no' comes with a reason. "
        "Small effect on customers; telling everyone costs about 2% of profit.",
        0.0,
        1.0,
        0.05,
        "fine print",
        "clear up front",
    ),
)

LEVER_BY_NAME = {lever.name: lever for lever in LEVERS}

#: preset names as the page shows them
POLICY_TITLES = {
    "rule_bound": "Rule-bound",
    "guardrailed": "Guardrailed (judgment within limits)",
    "empowered": "Empowered",
    "positively_outrageous": "Positively outrageous",
    "outsourced_efficiency": "Outsourced for efficiency",
    "well_run_rules": "Rules, run well",
}
SCENARIO_TITLES = {
    "default": "Mid-range (telecom, utility)",
    "routine_transactional": "Routine (parcels, fast food)",
    "complex_relational": "Complex, relational (bank, B2B)",
    "demand_shock": "Mid-range with a surge of problems",
}

#: plain-words meaning of every piece of jargon the page shows
GLOSSARY: dict[str, str] = {
    "Satisfaction": "How a customer feels about the firm, from 0 (furious) to 1 (delighted). "
    "It drops when a problem happens and moves with how the problem is handled.",
    "NPS (net promoter score)": "Share of promoters (satisfaction 0.85 or more) minus share of "
    "detractors (below 0.65), in points from -100 to +100.",
    "Churn": "Customers leaving. Customers on a contract can only leave when it ends.",
    "Handling time": "Minutes an agent spends on one call. Short is cheap, but rushing causes "
    "mistakes and repeat calls.",
    "First-contact resolution (FCR)": "Share of problems solved on the customer's first call.",
    "Occupancy": "Share of the staff's paid time spent on calls. Near 100% means no slack: queues "
    "grow and morale falls.",
    "Escalation": "Passing a case up to a manager. Managers have limited time, so escalated "
    "customers wait days.",
    "Refusal": "'Our policy is...': the agent may not help with a problem the rules do not cover.",
    "Goodwill": "Money or credit given to put a problem right (a refund, a free month).",
    "Surprise gesture": "An unasked-for extra (flowers, an upgrade). Costs money, gives the "
    "customer a story to tell, and raises what they expect next time.",
    "Staff morale": "How the front-line staff feel, from 0 to 1. Low morale means less "
    "courtesy and more people quitting.",
    "Rule coverage": "Share of problems the rulebook has an answer for.",
    "Discretion cap": "The most one agent may spend on one customer's problem without asking.",
    "Servant leadership": "Managers see their job as making the front line's job easier, rather "
    "than giving orders and checking.",
    "Word of mouth": "Customers telling friends about the firm, good or bad. Unhappy customers "
    "talk more.",
    "Same customers, same problems": "In side-by-side mode both policies meet the same customers, "
    "who get the same problems on the same days (common random numbers). Any gap between the "
    "two is caused by the policy, not by luck.",
    "pp (percentage points)": "The gap between two shares: 80.1% against 79.2% is a gap of "
    "+0.9 pp (not 0.9%, which would be a share of a share).",
    "Seed": "The number that draws the customers and their problems. Change it for another, "
    "equally likely, set of customers.",
}

#: what side-by-side mode means, shown above its charts
SAME_CUSTOMERS = (
    "<b>Same customers, same problems: the gap is the policy.</b> Both policies serve the same "
    "customers, who run into the same problems on the same days. Everything that differs "
    "between the two lines comes from how each policy handles them."
)
#: the same in one line, for the presentation layout
SAME_CUSTOMERS_SHORT = (
    "<b>Same customers, same problems: the gap is the policy.</b> The grey band between two "
    "lines is that gap."
)


def policy_title(name: str) -> str:
    return POLICY_TITLES.get(name, name.replace("_", " ").capitalize())


def scenario_title(name: str) -> str:
    return SCENARIO_TITLES.get(name, name.replace("_", " ").capitalize())


#: what each shipped preset means, in plain words for the room (the presets' own descriptions
#: are written for modellers: field names, command options, the default firm's staff numbers).
#: The figures are the presets' values; a test checks them.
DESCRIPTIONS: dict[tuple[str, str], str] = {
    ("scenarios", "default"): "A subscription business such as mobile or broadband, where 8-18% "
    "of customers leave each year. The rulebook covers 70% of problems; each customer brings in "
    "$600 a year at a 30% margin; 40% are on one-year contracts; customers know each other "
    "moderately well.",
    ("scenarios", "routine_transactional"): "A routine business such as pay-as-you-go mobile, "
    "parcels or fast food: the rulebook covers 95% of problems, each customer brings in only "
    "$200 a year at a 20% margin, few are on contracts, ties are weak and relationships short. "
    "Where rule-bound service should do well (Bowen & Lawler).",
    ("scenarios", "complex_relational"): "A complex business built on relationships, such as a "
    "bank's advice or business-to-business service: the rulebook covers only 40% of problems, "
    "each customer brings in $3,000 a year at a 35% margin, 60% are on two-year contracts, ties "
    "are strong and relationships long. Where judgment should pay (Bowen & Lawler).",
    ("scenarios", "demand_shock"): "The mid-range business hit by a surge: 60% more problems "
    "from 40% to 55% of the way through the run. A test of staffing, time pressure and "
    "slipping standards.",
    ("policies", "rule_bound"): "Staff follow the script; a problem the rulebook does not cover "
    "is refused or passed to a manager. Managers measure handling time and calls per hour, give "
    "orders and check, and let the time allowed per call slide toward what hurried staff "
    "actually do. Upside: steady courtesy, consistency, no giveaways.",
    ("policies", "guardrailed"): "Staff may use their judgment within a small spending limit and "
    "a soft time target per call; managers weigh speed and the customer's verdict equally; a "
    "manager decides what staff may not.",
    ("policies", "empowered"): "Staff may solve problems outside the rules with their own "
    "judgment and spend money to put things right, up to a limit; managers serve the front line, "
    "reward the customer's verdict, hold the time allowed per call steady and act on "
    "complaints. Costs: longer calls, goodwill, manager time, more careful hiring.",
    ("policies", "positively_outrageous"): "Full empowerment with a large spending limit, "
    "frequent surprise gestures, thank-you gifts to loyal customers instead of deals for "
    "newcomers, managers who serve, recognised service heroes, careful hiring. Costs: gestures "
    "and gifts, goodwill, and customers who expect more next time.",
    ("policies", "outsourced_efficiency"): "An outsourced contact centre, cheaper per hour and "
    "measured on handling time: scripts only, orders and checks, little training, fewer staff "
    "than the calls need, and discounts to win new customers.",
    ("policies", "well_run_rules"): "Rules, run well: customers are told the rules up front, "
    "every problem the rules do not cover goes to a manager (no bare refusals), and managers "
    "serve the front line, reward the customer's verdict and act on complaints. The same "
    "people, training and leadership as Empowered; only the freedom to use judgment differs.",
}


@cache
def preset_meta(kind: str, name: str) -> dict[str, object]:
    """The ``[meta]`` table of a shipped preset (``kind``: 'policies' or 'scenarios')."""
    path = resources.files("servicesim.params") / "presets" / kind / f"{name}.toml"
    if not path.is_file():
        return {}
    meta = tomllib.loads(path.read_text(encoding="utf-8")).get("meta", {})
    return dict(meta) if isinstance(meta, dict) else {}


def preset_description(kind: str, name: str) -> str:
    """A preset's description in one paragraph of plain words ('' when it has none)."""
    if (kind, name) in DESCRIPTIONS:
        return DESCRIPTIONS[(kind, name)]
    text = " ".join(str(preset_meta(kind, name).get("description", "")).split())
    return text.replace("`", "")


def check_levers() -> None:
    """Raise ValueError if a slider's range leaves the field's valid range (a test calls this)."""
    docs = {d["name"]: d for d in PolicyParams.field_docs()}
    for lever in LEVERS:
        if lever.name not in docs:
            raise ValueError(f"lever {lever.name!r} is not a policy field")
        lo, hi = docs[lever.name]["min"], docs[lever.name]["max"]
        if (lo is not None and lever.min < lo) or (hi is not None and lever.max > hi):
            raise ValueError(f"slider {lever.name} [{lever.min}, {lever.max}] outside [{lo}, {hi}]")
