"""How people respond: every behavioural number in the model, with its evidence and its range.

The ``behaviour`` section is neither the business (``scenario``) nor the firm's choice
(``policy``): it is how customers judge, complain, talk and leave, how staff learn, dare, tire
and quit, and how managers and the organisation react. Each row has a default (the value the
model has always used, so results do not change), a unit, a one-line meaning, a source or the
word "assumption", an evidence grade (REFERENCES.md: A peer-reviewed, B practitioner survey,
C folklore or assumption), validity bounds (``ge``/``le``: outside is an input error) and a
plausible range (``low``/``high``) with its ``basis``: what an uncertainty analysis draws from.
A range's basis is a study's interval (A), a survey's spread (B) or a one-line argument (C).

``servicesim params behaviour`` lists the rows; ``--set behaviour.KEY=VALUE`` changes one.
"""

from __future__ import annotations

from pydantic import model_validator

from servicesim.params.fields import P, Params

VOICE = "problems and voice"
JUDGE = "judging an episode"
LEAVE = "staying or leaving"
WOM = "word of mouth and referrals"
PEOPLE = "customers' traits"
CONTACT = "contacts and diagnosis"
COURTESY = "courtesy"
DISCRETION = "discretion"
HIRE = "staff traits at hire"
DARE = "discretion staff dare to use"
MORALE = "morale and recognition"
QUIT = "learning and quits"
PRESSURE = "time pressure and standards"
ORG = "managers and organisational learning"
MARKET = "marketing response"
COSTS = "what discretion costs and what rules give"
SWITCH = "switching policy"


class BehaviourParams(Params):
    """How customers, staff, managers and the organisation respond. Units as named."""

    # --- problems and voice --------------------------------------------------------------------
    voice_p_minor: float = P(
        0.035,
        "probability",
        "chance a customer with a $5 problem contacts the firm",
        "TARP / Goodman & Newman: 3-4% of minor problems voiced",
        0.001,
        0.999,
        low=0.02,
        high=0.06,
        grade="B",
        basis="TARP's 3-4%, widened for firms whose channels make voicing easier or harder",
        group=VOICE,
    )
    voice_p_major: float = P(
        0.69,
        "probability",
        "chance a customer with a $100 problem contacts the firm (interpolated in log $)",
        "TARP: 69% of serious problems voiced; CCMC 2015: 79% reported their most serious one",
        0.001,
        0.999,
        low=0.55,
        high=0.85,
        grade="B",
        basis="between TARP's 69% and CCMC 2015's 79%, widened for channel effort either way",
        group=VOICE,
    )
    voice_log_sd: float = P(
        0.5,
        "log-odds",
        "spread of personal voice propensity (sd of the log odds multiplier across customers)",
        "assumption",
        0,
        3,
        low=0.25,
        high=1.0,
        basis="one sd multiplies (or divides) a person's odds of complaining by 1.3 at the low end, 2.7 at the high",
        group=VOICE,
    )
    loss_minor: float = P(
        0.30,
        "0-1",
        "drop in satisfaction when a $5 problem occurs",
        "fitted to the TARP repurchase table by tools/fit_intent.py (stated intentions)",
        0,
        1,
        low=0.15,
        high=0.45,
        grade="B",
        basis="fitted to stated intentions, which overstate behaviour (Mittal & Kamakura 2001): half to 1.5x",
        group=VOICE,
    )
    loss_major: float = P(
        0.49,
        "0-1",
        "drop in satisfaction when a $100 problem occurs (interpolated in log $)",
        "fitted to the TARP repurchase table by tools/fit_intent.py (stated intentions)",
        0,
        1,
        low=0.3,
        high=0.7,
        grade="B",
        basis="fitted to stated intentions; a serious problem costs at least a minor one's drop",
        group=VOICE,
    )
    open_erosion_per_day: float = P(
        0.004,
        "0-1/day",
        "satisfaction lost each day a problem stays open, voiced or silent (hassle)",
        "procedural justice; assumption",
        0,
        0.1,
        low=0.001,
        high=0.01,
        basis="a month with a problem open costs between 0.03 and 0.3 of satisfaction",
        group=VOICE,
    )
    silent_days: int = P(
        14,
        "days",
        "days a silent or abandoned problem lingers before the customer decides",
        "assumption",
        1,
        365,
        low=7,
        high=45,
        basis="a silent sufferer settles their view within one to six weeks",
        group=VOICE,
    )
    retry_prob: float = P(
        0.6,
        "probability",
        "chance a caller who abandoned, or whose fix did not work, tries again on a later day",
        "assumption",
        0,
        1,
        low=0.4,
        high=0.8,
        basis="most people with an unsolved problem try at least once more; some give up",
        group=VOICE,
    )

    # --- judging an episode (justice) -----------------------------------------------------------
    w_distributive: float = P(
        0.30,
        "weight",
        "weight of the outcome and compensation in the lasting attitude",
        "Gelbrich & Roschk 2011: interactional at least as strong as distributive",
        0,
        1,
        low=0.2,
        high=0.45,
        grade="A",
        basis="meta-analyses: distributive leads satisfaction with handling (Orsingher et al. 2010), not loyalty",
        group=JUDGE,
    )
    w_interactional: float = P(
        0.40,
        "weight",
        "weight of courtesy, empathy and explanation in the lasting attitude",
        "Gelbrich & Roschk 2011",
        0,
        1,
        low=0.25,
        high=0.5,
        grade="A",
        basis="Gelbrich & Roschk 2011: at least as strong as distributive for the lasting attitude",
        group=JUDGE,
    )
    w_procedural: float = P(
        0.30,
        "weight",
        "weight of wait, number of contacts and delay in the lasting attitude",
        "Orsingher et al. 2010",
        0,
        1,
        low=0.15,
        high=0.4,
        grade="A",
        basis="Orsingher et al. 2010: the weakest of the three for satisfaction with handling",
        group=JUDGE,
    )
    distributive_fix_weight: float = P(
        0.7,
        "weight",
        "share of distributive justice that comes from the problem being fixed",
        "assumption",
        0,
        1,
        low=0.5,
        high=0.9,
        basis="a fix matters more than money to most complainants; money alone can matter",
        group=JUDGE,
    )
    distributive_comp_weight: float = P(
        0.3,
        "weight",
        "share of distributive justice that comes from compensation (diminishing returns)",
        "assumption",
        0,
        1,
        low=0.1,
        high=0.5,
        basis="compensation is the lesser part of a fair outcome, never none of it",
        group=JUDGE,
    )
    recovery_gain: float = P(
        1.0,
        "0-1 per justice unit",
        "how far an episode's justice score above (below) expectation lifts (lowers) satisfaction",
        "calibrated to the TARP repurchase table (stated intentions)",
        0,
        2,
        low=0.6,
        high=1.4,
        grade="B",
        basis="fitted to stated intentions; the recovery paradox is rare in behaviour",
        group=JUDGE,
    )
    justice_expectation: float = P(
        0.25,
        "0-1",
        "justice score a customer expects from a recovery at first",
        "Rust & Oliver 2000: expectations",
        0,
        1,
        low=0.1,
        high=0.45,
        basis="first-time complainants expect little; an experienced market expects more",
        group=JUDGE,
    )
    comp_scale: float = P(
        1.0,
        "x stake",
        "compensation equal to comp_scale x the stake gives 63% of the compensation utility (diminishing returns)",
        "Gelbrich & Roschk 2011",
        0.01,
        100,
        low=0.5,
        high=2.0,
        basis="compensation of half to twice the stake gives most of what money can give",
        group=JUDGE,
    )
    double_deviation: float = P(
        0.22,
        "0-1",
        "extra satisfaction lost when a voiced problem ends unresolved, scaled by how poorly it was treated",
        "Bitner, Booms & Tetreault 1990 (direction); size an assumption",
        0,
        1,
        low=0.1,
        high=0.35,
        basis="a failed recovery hurts more than the failure (Bitner et al.): how much more is assumed",
        group=JUDGE,
    )
    refusal_coldness: float = P(
        0.5,
        "0-1",
        "how much warmth a bare refusal ('our policy is...') takes away; softened by an explanation",
        "seeds 000, 002, 004; Bies & Shapiro 1987 (explanations); size an assumption",
        0,
        1,
        low=0.2,
        high=0.8,
        basis="a refusal takes some warmth, never all of a courteous agent's; MODEL.md sec. 2.4",
        group=JUDGE,
    )
    explanation_bonus: float = P(
        0.25,
        "0-1",
        "interactional credit for an explained refusal",
        "Bies & Shapiro 1987 (direction); size an assumption",
        0,
        1,
        low=0.1,
        high=0.4,
        basis="an account softens a refusal (Bies & Shapiro) but does not make it a fix",
        group=JUDGE,
    )
    procedural_contacts_scale: float = P(
        1.5,
        "contacts",
        "procedural justice falls by 63% for every this many extra contacts",
        "Orsingher et al. 2010 (procedure); scale an assumption",
        0.1,
        100,
        low=1.0,
        high=3.0,
        basis="a second contact already feels like effort (SQM: more contacts, more defection intent)",
        group=JUDGE,
    )
    procedural_days_scale: float = P(
        1.5,
        "days",
        "procedural justice falls by 63% for every this many days the problem stays open",
        "TARP: 'resolved quickly' vs not; scale an assumption",
        0.1,
        365,
        low=0.5,
        high=5.0,
        basis="TARP's 'quickly' means the same day or two; a week is slow in every study",
        group=JUDGE,
    )
    procedural_wait_scale_s: float = P(
        600.0,
        "s",
        "procedural justice falls by 63% at this mean queue wait",
        "assumption",
        1,
        1e5,
        low=300.0,
        high=1200.0,
        basis="waits of five to twenty minutes are where callers start to abandon in numbers",
        group=JUDGE,
    )
    request_annoyance: float = P(
        0.04,
        "0-1",
        "satisfaction a routine caller loses by abandoning the queue (x 1 - exp(-wait / procedural_wait_scale_s) when answered)",
        "Dixon, Freeman & Toman 2010 (B): customer effort drives disloyalty; size an assumption",
        0,
        1,
        low=0.01,
        high=0.08,
        basis="a failed routine call is a small irritation, a tenth to a fifth of a minor problem's drop",
        group=JUDGE,
    )
    botched_request_annoyance: float = P(
        0.5,
        "x request_annoyance",
        "extra loss when a routine request is handled wrongly, relative to request_annoyance",
        "assumption",
        0,
        10,
        low=0.25,
        high=1.0,
        basis="a botched request costs less than an abandoned call, at most as much",
        group=JUDGE,
    )
    manager_courtesy: float = P(
        0.65,
        "0-1",
        "courtesy shown by a manager deciding an escalated case",
        "assumption",
        0,
        1,
        low=0.5,
        high=0.8,
        basis="a manager is at least as courteous as a scripted agent, rarely warm",
        group=JUDGE,
    )
    recovery_fatigue: float = P(
        0.35,
        "per failure",
        "recovery works exp(-fatigue x earlier failures within a year) as well",
        "Maxham & Netemeyer 2002 (direction); size an assumption",
        0,
        5,
        low=0.1,
        high=0.7,
        basis="a second failure's recovery works 50-90% as well (Maxham & Netemeyer: weaker, not gone)",
        group=JUDGE,
    )
    delight_bonus: float = P(
        0.15,
        "0-1",
        "interactional credit of a surprise gesture",
        "Rust & Oliver 2000; seeds 000, 001; size an assumption",
        0,
        1,
        low=0.05,
        high=0.25,
        basis="delight lifts less than a fix (Dixon et al. 2010) but more than nothing",
        group=JUDGE,
    )
    delight_expectation_step: float = P(
        0.08,
        "0-1",
        "rise in expected justice after a delight (raises the bar next time)",
        "Rust & Oliver 2000 (direction); size an assumption",
        0,
        1,
        low=0.02,
        high=0.15,
        basis="one surprise raises expectations a little; Rust & Oliver give no size",
        group=JUDGE,
    )

    # --- staying or leaving ---------------------------------------------------------------------
    hazard_satisfaction_slope: float = P(
        3.0,
        "log-hazard per satisfaction unit",
        "how much lower satisfaction raises the hazard of leaving: x exp(slope x (reference - "
        "satisfaction)), convex in satisfaction",
        "Bolton 1998 (satisfaction lowers the hazard of leaving a cellular provider); Mittal & "
        "Kamakura 2001 (behaviour convex in satisfaction); size an assumption",
        0,
        20,
        low=1.0,
        high=5.0,
        basis="between reference and a very unhappy customer the hazard rises 2x to 9x",
        group=LEAVE,
    )
    hazard_reference_satisfaction: float = P(
        0.75,
        "0-1",
        "satisfaction at which a customer leaves at the scenario's base rate",
        "assumption: about a new customer's satisfaction",
        0,
        1,
        low=0.65,
        high=0.85,
        basis="the satisfaction of a typical customer without recent trouble",
        group=LEAVE,
    )
    renewal_churn: float = P(
        0.10,
        "probability",
        "chance a customer at reference satisfaction leaves when a contract ends (raised by "
        "dissatisfaction and a recent episode as the hazard is)",
        "assumption: contract ends concentrate switching",
        0,
        1,
        low=0.05,
        high=0.2,
        basis="a contract's end is the moment to switch; most renew",
        group=LEAVE,
    )
    episode_shock_silent: float = P(
        1.5,
        "x hazard",
        "extra hazard of leaving right after a problem the customer never voiced (fades)",
        "TARP's order (silent worst) as ordinal; size an assumption",
        0,
        20,
        low=0.0,
        high=4.0,
        basis="silent sufferers leave more than the recovered (TARP, ordinal); how much more is assumed",
        group=LEAVE,
    )
    episode_shock_unresolved: float = P(
        1.5,
        "x hazard",
        "extra hazard of leaving right after a voiced problem ended unresolved (fades)",
        "Knox & van Oest 2014 (a complaint raises the risk of leaving); size an assumption",
        0,
        20,
        low=0.5,
        high=4.0,
        basis="an unrecovered complaint raises the risk of leaving for months (Knox & van Oest)",
        group=LEAVE,
    )
    episode_shock_resolved: float = P(
        0.3,
        "x hazard",
        "extra hazard right after a voiced problem was resolved, not quickly (fades)",
        "Knox & van Oest 2014 (recovery offsets most but rarely all); size an assumption",
        0,
        20,
        low=0.0,
        high=1.0,
        basis="recovery offsets most of a complaint's effect, rarely all",
        group=LEAVE,
    )
    episode_shock_quick: float = P(
        0.1,
        "x hazard",
        "extra hazard right after a problem resolved at the first contact (fades)",
        "Knox & van Oest 2014; TARP's order (quick resolution best) as ordinal; size an assumption",
        0,
        20,
        low=0.0,
        high=0.5,
        basis="a quick fix leaves almost no trace",
        group=LEAVE,
    )
    episode_shock_days: float = P(
        90.0,
        "days",
        "time constant with which an episode's extra hazard fades",
        "Knox & van Oest 2014: complaint and recovery effects fade within months",
        1,
        3650,
        low=30.0,
        high=180.0,
        basis="within months (Knox & van Oest): one to six months",
        group=LEAVE,
    )
    win_back_days: float = P(
        365.0,
        "days",
        "a customer who left can be won back (by a referral or paid acquisition) after this long",
        "assumption: leavers sign up with a rival, often for a year's contract",
        0,
        3650,
        low=180.0,
        high=730.0,
        basis="a rival's contract or a year's habit before switching again",
        group=LEAVE,
    )
    intent_slope: float = P(
        8.8,
        "logit per satisfaction unit",
        "steepness of a survey answer 'I would buy again' in satisfaction (stated intention, "
        "not behaviour: leaving is the hazard above)",
        "fitted to the TARP repurchase table by tools/fit_intent.py (stated intentions)",
        0,
        100,
        low=5.0,
        high=14.0,
        grade="B",
        basis="TARP's cells span 9%-95% over the satisfaction the model gives them",
        group=LEAVE,
    )
    intent_midpoint: float = P(
        0.528,
        "0-1",
        "satisfaction at which a surveyed customer is as likely to say yes as no",
        "fitted to the TARP repurchase table by tools/fit_intent.py (stated intentions)",
        0,
        1,
        low=0.35,
        high=0.6,
        grade="B",
        basis="TARP's middle cells (46%-54%) sit at middling satisfaction",
        group=LEAVE,
    )
    failure_memory_days: float = P(
        365.0,
        "days",
        "time constant with which the count of recent failures decays (recovery fatigue)",
        "Maxham & Netemeyer 2002: failures within a year",
        1,
        3650,
        low=180.0,
        high=730.0,
        basis="Maxham & Netemeyer follow customers over months, not years",
        group=LEAVE,
    )
    promotion_resentment_per_day: float = P(
        0.0005,
        "0-1/day per unit discount",
        "daily satisfaction a customer of over a year loses per unit of the newcomers' discount",
        "seed 004 (deals offered only to non-customers); size an assumption",
        0,
        0.1,
        low=0.0,
        high=0.002,
        basis="from no resentment to a 0.7 loss over a year of a 100% newcomer discount",
        group=LEAVE,
    )
    gift_lift: float = P(
        0.1,
        "0-1",
        "satisfaction lift of a thank-you gift at saturation",
        "seed 004; assumption",
        0,
        1,
        low=0.02,
        high=0.2,
        basis="a gift pleases less than a good recovery; a token still registers",
        group=LEAVE,
    )
    gift_saturation_usd: float = P(
        50.0,
        "$",
        "gift of this size gives 63% of the lift (diminishing returns)",
        "assumption",
        0.01,
        1e5,
        low=20.0,
        high=150.0,
        basis="thank-you gifts are felt at tens of dollars",
        group=LEAVE,
    )

    # --- word of mouth and referrals ------------------------------------------------------------
    talk_base_per_day: float = P(
        0.002,
        "probability/day",
        "chance a neutral customer mentions the firm to someone on a given day",
        "Anderson 1998 (U shape); level an assumption",
        0,
        1,
        low=0.0005,
        high=0.005,
        basis="a neutral customer mentions the firm a few times a year at most",
        group=WOM,
    )
    talk_unhappy_slope: float = P(
        0.08,
        "probability/day",
        "extra daily talk at satisfaction 0 (quadratic, steeper on the unhappy side)",
        "Anderson 1998 (shape); level an assumption",
        0,
        1,
        low=0.03,
        high=0.15,
        basis="a very unhappy customer talks about the firm every one to four weeks",
        group=WOM,
    )
    talk_happy_slope: float = P(
        0.03,
        "probability/day",
        "extra daily talk at satisfaction 1",
        "Anderson 1998 (shape); level an assumption",
        0,
        1,
        low=0.01,
        high=0.06,
        basis="Anderson 1998: the happy side is the flatter one",
        group=WOM,
    )
    talk_neutral: float = P(
        0.7,
        "0-1",
        "satisfaction at which customers talk least; messages above it are positive",
        "Anderson 1998",
        0,
        1,
        low=0.6,
        high=0.8,
        basis="the trough lies near the average customer's satisfaction",
        group=WOM,
    )
    episode_tell_resolved: float = P(
        0.41,
        "probability",
        "chance a customer tells someone after first-contact resolution",
        "SQM vendor survey",
        0,
        1,
        low=0.3,
        high=0.5,
        grade="B",
        basis="SQM's 41%, a vendor survey of stated telling; recall of telling is generous",
        group=WOM,
    )
    episode_tell_unhappy: float = P(
        0.74,
        "probability",
        "chance a very dissatisfied customer with an unresolved problem tells someone",
        "SQM vendor survey",
        0,
        1,
        low=0.6,
        high=0.85,
        grade="B",
        basis="SQM's 74%, a vendor survey of stated telling",
        group=WOM,
    )
    episode_audience_unhappy: float = P(
        5.0,
        "people",
        "mean people told by a very dissatisfied customer (1 after FCR)",
        "SQM vendor survey; not the folklore '9-15' (C)",
        1,
        50,
        low=3.0,
        high=9.0,
        grade="B",
        basis="SQM's about 5; the folklore 9-15 is the tail, not the mean",
        group=WOM,
    )
    very_unhappy_satisfaction: float = P(
        0.15,
        "0-1",
        "satisfaction at which a customer counts as very dissatisfied (SQM's 74% tell about 5)",
        "assumption",
        0,
        0.5,
        low=0.05,
        high=0.3,
        basis="the bottom of the scale, below every detractor",
        group=WOM,
    )
    delight_tell_bonus: float = P(
        0.3,
        "probability",
        "extra chance of telling someone after a surprise gesture",
        "seed 001 ('a story to tell'); assumption",
        0,
        1,
        low=0.1,
        high=0.5,
        basis="a surprise gives a story; most people tell a story they got",
        group=WOM,
    )
    delight_audience: float = P(
        1.0,
        "people",
        "extra people told after a surprise gesture",
        "seed 001; assumption",
        0,
        20,
        low=0.0,
        high=2.0,
        basis="a story travels a little further than a plain fix",
        group=WOM,
    )
    wom_impact: float = P(
        0.04,
        "0-1",
        "satisfaction change of a customer who hears one message (x tie strength)",
        "East, Hammond & Lomax 2008 (equal impact); size an assumption",
        0,
        1,
        low=0.01,
        high=0.08,
        basis="one message shifts an attitude by a few points at most",
        group=WOM,
    )
    wom_negative_weight: float = P(
        1.0,
        "x",
        "impact of a complaint relative to praise (1 = the same)",
        "East, Hammond & Lomax 2008",
        0,
        10,
        low=0.7,
        high=2.0,
        grade="A",
        basis="East et al. found praise about as strong; negativity-bias studies suggest up to 2x",
        group=WOM,
    )
    referral_act_prob: float = P(
        0.33,
        "probability",
        "share of intended referrals that are actually made",
        "Kumar, Petersen & Leone 2007",
        0,
        1,
        low=0.2,
        high=0.5,
        grade="A",
        basis="Kumar et al.'s one in three, field data from a few firms",
        group=WOM,
    )
    referral_conversion: float = P(
        0.13,
        "probability",
        "share of referred prospects who become customers (at neutral attitude)",
        "Kumar, Petersen & Leone 2007",
        0,
        1,
        low=0.08,
        high=0.2,
        grade="A",
        basis="Kumar et al.'s 13%, field data from a few firms",
        group=WOM,
    )
    referral_attitude_cap: float = P(
        1.5,
        "x",
        "most a prospect's good opinion multiplies the referral conversion (x attitude / neutral)",
        "assumption",
        1,
        10,
        low=1.2,
        high=2.0,
        basis="a prospect who already likes the firm converts more, not without limit",
        group=WOM,
    )
    prospect_satisfaction: float = P(
        0.5,
        "0-1",
        "attitude of a prospect who has heard nothing (the referral funnel's neutral point)",
        "assumption",
        0.01,
        1,
        low=0.4,
        high=0.6,
        basis="a prospect starts undecided",
        group=WOM,
    )

    # --- customers' traits ----------------------------------------------------------------------
    patience_cv: float = P(
        0.5,
        "sd/mean",
        "spread of personal patience across customers (lognormal, mean 1 x scenario mean)",
        "assumption; Brown et al. 2005 (patience varies widely)",
        0.01,
        3,
        low=0.3,
        high=0.8,
        basis="callers differ in patience by a factor of two or more",
        group=PEOPLE,
    )
    baseline_min: float = P(
        0.05,
        "0-1",
        "lowest personal baseline satisfaction (the draw is clipped here)",
        "assumption",
        0,
        0.5,
        low=0.02,
        high=0.1,
        basis="nobody stays a customer of a product they utterly dislike",
        group=PEOPLE,
    )
    baseline_max: float = P(
        0.98,
        "0-1",
        "highest personal baseline satisfaction (the draw is clipped here)",
        "assumption",
        0.5,
        1,
        low=0.95,
        high=1.0,
        basis="a baseline just short of perfect",
        group=PEOPLE,
    )
    promoter_threshold: float = P(
        0.85,
        "0-1",
        "satisfaction at or above which a customer counts as a promoter (NPS 9-10)",
        "Reichheld's NPS bands mapped onto 0-1; assumption",
        0,
        1,
        low=0.8,
        high=0.9,
        basis="9 of 10 on the survey scale, give or take the mapping",
        group=PEOPLE,
    )
    detractor_threshold: float = P(
        0.65,
        "0-1",
        "satisfaction below which a customer counts as a detractor (NPS 0-6)",
        "Reichheld's NPS bands mapped onto 0-1; assumption",
        0,
        1,
        low=0.6,
        high=0.7,
        basis="7 of 10 on the survey scale, give or take the mapping",
        group=PEOPLE,
    )

    # --- contacts and diagnosis -----------------------------------------------------------------
    diagnosis_error_base: float = P(
        0.04,
        "probability",
        "chance a fully skilled agent misdiagnoses a problem, unhurried",
        "seed 001 ('don't make assumptions'); assumption",
        0,
        1,
        low=0.02,
        high=0.08,
        basis="even experts get a few percent wrong",
        group=CONTACT,
    )
    diagnosis_error_novice: float = P(
        0.30,
        "probability",
        "extra misdiagnosis chance of an agent with no skill (x 1 - skill)",
        "assumption",
        0,
        1,
        low=0.15,
        high=0.45,
        basis="a new hire gets a sizeable minority of non-routine problems wrong",
        group=CONTACT,
    )
    request_error_base: float = P(
        0.02,
        "probability",
        "chance a fully skilled agent botches a routine request",
        "assumption",
        0,
        1,
        low=0.01,
        high=0.05,
        basis="routine requests go wrong less often than problems",
        group=CONTACT,
    )
    request_error_novice: float = P(
        0.10,
        "probability",
        "extra chance an agent with no skill botches a routine request (x 1 - skill)",
        "assumption",
        0,
        1,
        low=0.05,
        high=0.2,
        basis="a third of the novice's extra error rate on problems",
        group=CONTACT,
    )
    rush_error_factor: float = P(
        2.5,
        "x per unit of time cut",
        "errors rise by this factor x the share of needed time cut under pressure",
        "Oliva & Sterman 2001 (direction); size an assumption",
        0,
        20,
        low=1.0,
        high=4.0,
        basis="cutting 40% of the time (the most staff cut) doubles to trebles errors",
        group=CONTACT,
    )
    refused_retry_share: float = P(
        0.5,
        "x retry_prob",
        "chance a refused customer calls again hoping for another answer, relative to retry_prob",
        "assumption",
        0,
        1,
        low=0.25,
        high=0.75,
        basis="a refusal discourages trying again more than a fix that failed",
        group=CONTACT,
    )
    failed_fix_retry_days: int = P(
        2,
        "days",
        "days until a customer whose fix did not work calls again",
        "assumption",
        1,
        60,
        low=1,
        high=5,
        basis="people notice a failed fix within a few days",
        group=CONTACT,
    )
    angry_satisfaction: float = P(
        0.5,
        "0-1",
        "a caller below this satisfaction is angry (staff morale) and unhappy (a hero's starting point)",
        "Schneider et al. 1998 (customer mood feeds staff); threshold an assumption",
        0,
        1,
        low=0.4,
        high=0.6,
        basis="the middle of the scale, below every detractor threshold",
        group=CONTACT,
    )
    grateful_satisfaction: float = P(
        0.7,
        "0-1",
        "a resolved caller at or above this satisfaction is grateful (staff morale, recognition)",
        "assumption",
        0,
        1,
        low=0.6,
        high=0.8,
        basis="a satisfied, not necessarily delighted, customer",
        group=CONTACT,
    )

    # --- courtesy -------------------------------------------------------------------------------
    script_courtesy_base: float = P(
        0.50,
        "0-1",
        "courtesy of a scripted answer from an agent at morale 0 (a steady floor)",
        "Wetzels et al. 2000 (scripts, less role ambiguity); level an assumption",
        0,
        1,
        low=0.4,
        high=0.6,
        basis="a script is polite and impersonal",
        group=COURTESY,
    )
    script_courtesy_morale: float = P(
        0.15,
        "0-1",
        "extra courtesy of a scripted answer at morale 1",
        "assumption",
        0,
        1,
        low=0.05,
        high=0.25,
        basis="morale shows through a script, not much",
        group=COURTESY,
    )
    own_courtesy_base: float = P(
        0.15,
        "0-1",
        "courtesy of an agent's own words with no empathy",
        "assumption",
        0,
        1,
        low=0.05,
        high=0.3,
        basis="without a script, a cold agent is colder than the script",
        group=COURTESY,
    )
    own_courtesy_empathy: float = P(
        0.85,
        "0-1",
        "extra courtesy of an agent's own words per unit of empathy (x morale factor)",
        "Brown & Lam 2008 (staff attitudes reach customers through behaviour); assumption",
        0,
        1,
        low=0.6,
        high=0.95,
        basis="an empathetic agent in good spirits is warmer than any script",
        group=COURTESY,
    )
    courtesy_morale_floor: float = P(
        0.4,
        "0-1",
        "share of an agent's empathy that shows at morale 0",
        "assumption",
        0,
        1,
        low=0.2,
        high=0.6,
        basis="a demoralised agent shows some of their empathy",
        group=COURTESY,
    )
    courtesy_morale_weight: float = P(
        0.6,
        "0-1",
        "further share of empathy that shows at morale 1",
        "Brown & Lam 2008; assumption",
        0,
        1,
        low=0.4,
        high=0.8,
        basis="morale acts on customers through behaviour (Brown & Lam)",
        group=COURTESY,
    )

    # --- discretion -----------------------------------------------------------------------------
    spend_sigma_base: float = P(
        0.6,
        "log $",
        "spread (lognormal sigma) of the goodwill agents spend under command-and-control",
        "assumption",
        0,
        5,
        low=0.3,
        high=0.9,
        basis="discretionary spending is heavy-tailed (Ritz-Carlton's cap is rarely used)",
        group=DISCRETION,
    )
    spend_sigma_servant: float = P(
        0.6,
        "log $",
        "extra spread of goodwill spent under fully servant leadership (command buys consistency)",
        "MODEL.md sec. 5: command and control has consistency as its upside; assumption",
        0,
        5,
        low=0.0,
        high=1.0,
        basis="from no effect of leadership on consistency to a clear one",
        group=DISCRETION,
    )
    spend_judgment_ref: float = P(
        1.5,
        "0-1",
        "spending spread scales with (this - judgment): poor judgment spends more erratically",
        "assumption",
        1,
        5,
        low=1.2,
        high=2.0,
        basis="judgment narrows the spread, never to nothing",
        group=DISCRETION,
    )
    manager_fix_rate: float = P(
        0.9,
        "probability",
        "chance a manager deciding an escalated case resolves it",
        "seed 000 (someone accountable with authority); assumption",
        0,
        1,
        low=0.8,
        high=0.98,
        basis="managers have the authority agents lack; some problems cannot be fixed",
        group=DISCRETION,
    )

    # --- what discretion costs and what rules give (MODEL.md sec. 4) ------------------------------
    broken_promise: float = P(
        0.3,
        "0-1",
        "how much warmth a discretionary fix that failed takes away when the problem then ends "
        "unresolved (a promise broken; a refusal's counterpart is refusal_coldness)",
        "MODEL.md sec. 4; Bitner, Booms & Tetreault 1990 (a failed recovery as a second "
        "failure); size an assumption",
        0,
        1,
        low=0.0,
        high=0.6,
        grade="C",
        basis="a broken promise can hurt as much as a cold refusal (0.5) or hardly at all",
        group=COSTS,
    )
    claim_rate: float = P(
        0.05,
        "share",
        "chance that a voiced problem comes with an inflated claim (the customer overstates "
        "what is at stake), before the factors below",
        "Wirtz & McColl-Kennedy 2010 (opportunistic claiming exists and varies with the "
        "situation); rate an assumption",
        0,
        1,
        low=0.0,
        high=0.2,
        grade="C",
        basis="self-reports of opportunistic claiming are common; how often a contact-centre "
        "claim is inflated is unknown",
        group=COSTS,
    )
    claim_inflation: float = P(
        1.0,
        "x stake",
        "how much an inflated claim overstates the stake (1: claims twice the loss)",
        "assumption",
        0,
        10,
        low=0.0,
        high=3.0,
        grade="C",
        basis="Wirtz & Kum 2004 found the size of the possible gain did not drive cheating; the "
        "overstatement itself is assumed",
        group=COSTS,
    )
    claim_grievance: float = P(
        1.0,
        "x",
        "extra propensity to claim after the customer's last episode ended unresolved (felt "
        "unjustly treated): x (1 + this)",
        "Wirtz & McColl-Kennedy 2010 (perceived injustice raises opportunism); size an assumption",
        0,
        10,
        low=0.0,
        high=3.0,
        grade="C",
        basis="injustice is the strongest driver they report; its size here is assumed",
        group=COSTS,
    )
    claim_learned: float = P(
        1.0,
        "x",
        "extra propensity to claim once a customer has been paid goodwill by an agent's "
        "discretion: x (1 + this)",
        "Ma, Sun & Kekre 2015 (customers who got help complain more next time; telecom, "
        "revealed); size an assumption",
        0,
        10,
        low=0.0,
        high=3.0,
        grade="C",
        basis="generosity teaches customers that asking pays; how much is assumed",
        group=COSTS,
    )
    claim_relationship: float = P(
        0.5,
        "0-1",
        "how much a long relationship lowers the propensity to claim, reached at five years "
        "of tenure (linear before)",
        "Wirtz & McColl-Kennedy 2010 (less opportunism in established relationships); size "
        "an assumption",
        0,
        1,
        low=0.0,
        high=0.9,
        grade="C",
        basis="customers cheat firms they know less often; by how much is assumed",
        group=COSTS,
    )
    sweetheart_rate: float = P(
        0.005,
        "probability",
        "chance an agent at quit_reference_morale, using no discretion, gives a customer on the "
        "phone an unauthorised giveaway (sweethearting)",
        "Brady, Voorhees & Brusco 2012 (sweethearting exists, driven by job dissatisfaction "
        "and permissive norms); rate an assumption",
        0,
        1,
        low=0.0,
        high=0.03,
        grade="C",
        basis="their employees admit it; how often per call in a contact centre is unknown",
        group=COSTS,
    )
    sweetheart_morale_slope: float = P(
        3.0,
        "1/morale",
        "how fast sweethearting rises as morale falls below quit_reference_morale (exp)",
        "Brady et al. 2012 (job dissatisfaction drives it); slope an assumption",
        0,
        20,
        low=0.0,
        high=6.0,
        grade="C",
        basis="the same shape as quitting: dissatisfied staff take it out on the firm",
        group=COSTS,
    )
    sweetheart_norms: float = P(
        1.0,
        "x",
        "extra sweethearting where discretion is in use (permissive norms): x (1 + this x "
        "empowerment used)",
        "Brady et al. 2012 (permissive co-worker norms drive it); size an assumption",
        0,
        10,
        low=0.0,
        high=3.0,
        grade="C",
        basis="latitude to give makes unauthorised giving easier to hide",
        group=COSTS,
    )
    sweetheart_value: float = P(
        15.0,
        "$",
        "mean cost of one unauthorised giveaway (exponential)",
        "assumption",
        0,
        1e4,
        low=5.0,
        high=50.0,
        grade="C",
        basis="a waived fee or a small credit",
        group=COSTS,
    )
    sweetheart_lift: float = P(
        0.05,
        "0-1",
        "satisfaction a giveaway adds to the recipient (fades with memory_days like any gain)",
        "Brady et al. 2012 (recipients' satisfaction up to about 9% higher); size an assumption",
        0,
        1,
        low=0.0,
        high=0.15,
        grade="C",
        basis="a few points on the 0-1 scale, as their recipients report",
        group=COSTS,
    )
    script_novice_help: float = P(
        0.5,
        "0-1",
        "share of a novice's extra diagnosis errors a script prevents on problems the rules cover",
        "MODEL.md sec. 4 (scripts help novices); assumption",
        0,
        1,
        low=0.0,
        high=0.8,
        grade="C",
        basis="a checklist carries a green agent through the common cases; how far is assumed",
        group=COSTS,
    )
    judgment_learning_rate: float = P(
        0.002,
        "share of the gap per decision",
        "share of the gap to trait_max an agent's judgment closes with each discretionary "
        "decision, times the feedback it gets ((metric_focus + servant_leadership) / 2: the "
        "customer's verdict measured, coaching)",
        "MODEL.md sec. 4 (judgment grows with tenure and feedback); assumption",
        0,
        0.1,
        low=0.0,
        high=0.01,
        grade="C",
        basis="a seasoned agent's judgment beats a new hire's; a few hundred decisions with "
        "feedback close a fifth to a half of the gap",
        group=COSTS,
    )
    unfairness_weight: float = P(
        0.5,
        "x a message's impact per unit of share gap",
        "satisfaction a customer loses on hearing that someone got more for the same kind of "
        "problem (both inside or both outside the rulebook, both within unfairness_window_days): "
        "this x the message's impact x the gap in compensation / stake (at most 1); only "
        "under-reward is felt",
        "Adams 1965 (equity is comparative); strength: assumption (C)",
        0,
        10,
        low=0.0,
        high=2.0,
        grade="C",
        basis="from no effect to twice a complaint's own impact for a whole stake's gap; the "
        "default, half a message for a whole stake, keeps it below the message itself",
        group=COSTS,
    )
    unfairness_window_days: float = P(
        180.0,
        "days",
        "how recent both episodes must be for a customer to compare what they got with what "
        "another got",
        "Adams 1965 (equity is comparative); strength: assumption (C)",
        1,
        3650,
        low=30.0,
        high=365.0,
        grade="C",
        basis="a month to a year: an episode is remembered and compared for a while, not for good",
        group=COSTS,
    )
    expectation_adaptation: float = P(
        0.1,
        "share of the gap per episode",
        "share by which what a customer expects from a recovery moves toward the justice they "
        "got, at the end of each voiced episode (after judging it): generous handling raises "
        "the bar, stingy handling lowers it",
        "Oliver 1980 (expectations adapt to experience: expectation-disconfirmation); size an "
        "assumption (C)",
        0,
        1,
        low=0.0,
        high=0.3,
        grade="C",
        basis="a few episodes move expectations most of the way at the high end; none at 0",
        group=COSTS,
    )

    # --- staff traits at hire -------------------------------------------------------------------
    skill_cap: float = P(
        0.92,
        "0-1",
        "skill an in-house agent's experience tends to (before training)",
        "assumption",
        0,
        1,
        low=0.85,
        high=0.97,
        basis="experience makes agents good, not perfect",
        group=HIRE,
    )
    skill_cap_max: float = P(
        0.98,
        "0-1",
        "highest skill cap training can reach",
        "assumption",
        0,
        1,
        low=0.95,
        high=1.0,
        basis="nearly perfect",
        group=HIRE,
    )
    training_cap_gain_per_day: float = P(
        0.004,
        "0-1 per training day/year",
        "rise of the skill cap per yearly training day",
        "assumption",
        0,
        0.1,
        low=0.002,
        high=0.008,
        basis="ten training days a year add a few points of skill",
        group=HIRE,
    )
    training_cap_gain_max: float = P(
        0.06,
        "0-1",
        "most training can add to the skill cap",
        "assumption",
        0,
        0.5,
        low=0.03,
        high=0.1,
        basis="training has diminishing returns",
        group=HIRE,
    )
    outsourced_skill_penalty: float = P(
        0.15,
        "0-1",
        "lower skill cap of outsourced staff",
        "seed 004; assumption",
        0,
        1,
        low=0.05,
        high=0.25,
        basis="outsourcers hire cheaper and train less (seed 004); by how much is assumed",
        group=HIRE,
    )
    novice_skill: float = P(
        0.3,
        "0-1",
        "skill of a new hire on their first day",
        "assumption",
        0,
        1,
        low=0.15,
        high=0.5,
        basis="a new hire knows the basics",
        group=HIRE,
    )
    initial_skill_floor: float = P(
        0.6,
        "x skill cap",
        "the initial team's skill is cap x (floor + spread x U(0, 1))",
        "assumption",
        0,
        1,
        low=0.4,
        high=0.8,
        basis="the team at day 0 is experienced, not all fully",
        group=HIRE,
    )
    initial_skill_spread: float = P(
        0.4,
        "x skill cap",
        "spread of the initial team's skill (see initial_skill_floor)",
        "assumption",
        0,
        1,
        low=0.2,
        high=0.6,
        basis="experience at day 0 varies across the team",
        group=HIRE,
    )
    judgment_mean: float = P(
        0.55,
        "0-1",
        "mean judgment of a hire under unselective hiring",
        "assumption",
        0,
        1,
        low=0.45,
        high=0.65,
        basis="a typical hire's discretionary fix works a little more often than not",
        group=HIRE,
    )
    judgment_selectivity: float = P(
        0.25,
        "0-1",
        "extra mean judgment of a hire under fully selective hiring",
        "seed 001 (bad judgment 'weeded out during the hiring process'); size an assumption",
        0,
        1,
        low=0.1,
        high=0.4,
        basis="selection raises the mean by one to three sd",
        group=HIRE,
    )
    judgment_sd: float = P(
        0.12,
        "0-1",
        "spread of judgment across hires",
        "assumption",
        0,
        1,
        low=0.06,
        high=0.2,
        basis="people differ in judgment",
        group=HIRE,
    )
    empathy_mean: float = P(
        0.55,
        "0-1",
        "mean empathy of a hire under unselective hiring",
        "assumption",
        0,
        1,
        low=0.45,
        high=0.65,
        basis="mid-scale",
        group=HIRE,
    )
    empathy_selectivity: float = P(
        0.20,
        "0-1",
        "extra mean empathy of a hire under fully selective hiring",
        "seed 001; size an assumption",
        0,
        1,
        low=0.1,
        high=0.35,
        basis="empathy is harder to select for than judgment",
        group=HIRE,
    )
    empathy_sd: float = P(
        0.15,
        "0-1",
        "spread of empathy across hires",
        "assumption",
        0,
        1,
        low=0.08,
        high=0.22,
        basis="people differ in empathy",
        group=HIRE,
    )
    trait_min: float = P(
        0.05,
        "0-1",
        "lowest judgment, empathy or starting morale a hire can have (draws are clipped here)",
        "assumption",
        0,
        0.5,
        low=0.01,
        high=0.1,
        basis="nobody is hired with none",
        group=HIRE,
    )
    trait_max: float = P(
        0.99,
        "0-1",
        "highest judgment or empathy a hire can have",
        "assumption",
        0.5,
        1,
        low=0.95,
        high=1.0,
        basis="nobody is perfect",
        group=HIRE,
    )
    hire_morale_mean: float = P(
        0.65,
        "0-1",
        "mean morale of a new in-house hire",
        "assumption",
        0,
        1,
        low=0.55,
        high=0.75,
        basis="new hires start keen",
        group=HIRE,
    )
    hire_morale_sd: float = P(
        0.05,
        "0-1",
        "spread of a new hire's morale",
        "assumption",
        0,
        0.5,
        low=0.02,
        high=0.1,
        basis="small at the start",
        group=HIRE,
    )
    hire_morale_max: float = P(
        0.95,
        "0-1",
        "highest morale a new hire can have",
        "assumption",
        0.5,
        1,
        low=0.9,
        high=1.0,
        basis="nearly perfect",
        group=HIRE,
    )
    outsourced_morale_penalty: float = P(
        0.08,
        "0-1",
        "lower morale of outsourced staff, at hire and in every day's morale target",
        "seed 004; assumption",
        0,
        1,
        low=0.03,
        high=0.15,
        basis="outsourced staff are paid less and identify less with the client (seed 004)",
        group=HIRE,
    )
    confidence_log_sd: float = P(
        0.3,
        "log",
        "spread of personal readiness to use discretion (sd of its log)",
        "assumption",
        0,
        3,
        low=0.1,
        high=0.5,
        basis="some agents dare more than others",
        group=HIRE,
    )
    manager_skill: float = P(
        0.9,
        "0-1",
        "a manager's skill",
        "assumption",
        0,
        1,
        low=0.8,
        high=0.95,
        basis="experienced",
        group=HIRE,
    )
    manager_judgment: float = P(
        0.85,
        "0-1",
        "a manager's judgment",
        "assumption",
        0,
        1,
        low=0.7,
        high=0.95,
        basis="promoted for it, mostly",
        group=HIRE,
    )
    manager_empathy: float = P(
        0.7,
        "0-1",
        "a manager's empathy",
        "assumption",
        0,
        1,
        low=0.55,
        high=0.85,
        basis="above a typical hire's",
        group=HIRE,
    )
    manager_morale: float = P(
        0.7,
        "0-1",
        "a manager's morale",
        "assumption",
        0,
        1,
        low=0.55,
        high=0.85,
        basis="managers' morale is not modelled; held here",
        group=HIRE,
    )
    manager_confidence: float = P(
        1.5,
        "x",
        "a manager's readiness to use discretion",
        "assumption",
        0,
        5,
        low=1.0,
        high=2.0,
        basis="managers have authority and know it",
        group=HIRE,
    )
    manager_empowerment: float = P(
        0.9,
        "0-1",
        "discretion a manager uses on the phones",
        "assumption",
        0,
        1,
        low=0.7,
        high=1.0,
        basis="a manager needs nobody's permission",
        group=HIRE,
    )
    manager_speed: float = P(
        0.9,
        "x",
        "a manager's speed on the phones relative to a fully skilled agent",
        "assumption",
        0.1,
        2,
        low=0.7,
        high=1.0,
        basis="managers are out of practice",
        group=HIRE,
    )
    novice_speed: float = P(
        0.6,
        "x",
        "speed of an agent with no skill, relative to a fully skilled one",
        "assumption",
        0.1,
        2,
        low=0.4,
        high=0.8,
        basis="a novice takes half again to two and a half times as long",
        group=HIRE,
    )
    skill_speed: float = P(
        0.4,
        "x",
        "extra speed per unit of skill",
        "assumption",
        0,
        2,
        low=0.2,
        high=0.6,
        basis="complements novice_speed",
        group=HIRE,
    )

    # --- discretion staff dare to use -----------------------------------------------------------
    dare_lead_base: float = P(
        0.55,
        "x",
        "readiness to use discretion under command-and-control, relative to under servant leaders",
        "Hartline & Ferrell 1996 (direction); assumption",
        0,
        2,
        low=0.35,
        high=0.8,
        basis="staff dare less where deviating is punished",
        group=DARE,
    )
    dare_servant: float = P(
        0.45,
        "x",
        "extra readiness under fully servant leadership",
        "seed 004; assumption",
        0,
        2,
        low=0.2,
        high=0.65,
        basis="support makes latitude usable",
        group=DARE,
    )
    dare_efficiency_penalty: float = P(
        0.3,
        "share",
        "readiness lost under a pure efficiency metric (script deviations punished)",
        "seed 004; assumption",
        0,
        1,
        low=0.1,
        high=0.5,
        basis="what is measured is done",
        group=DARE,
    )
    dare_morale_floor: float = P(
        0.6,
        "x",
        "readiness at morale 0, relative to the policy's latitude",
        "assumption",
        0,
        2,
        low=0.4,
        high=0.8,
        basis="low morale makes staff cautious, not paralysed",
        group=DARE,
    )
    dare_morale_weight: float = P(
        0.4,
        "x",
        "extra readiness at morale 1",
        "assumption",
        0,
        2,
        low=0.2,
        high=0.6,
        basis="complements dare_morale_floor",
        group=DARE,
    )

    # --- morale and recognition -----------------------------------------------------------------
    morale_rate: float = P(
        0.05,
        "per day",
        "daily share of the gap to the morale target that morale closes",
        "assumption",
        0,
        1,
        low=0.02,
        high=0.1,
        basis="morale follows conditions over weeks",
        group=MORALE,
    )
    morale_base: float = P(
        0.45,
        "0-1",
        "morale target with nothing for or against",
        "assumption",
        0,
        1,
        low=0.35,
        high=0.55,
        basis="mid-scale",
        group=MORALE,
    )
    morale_autonomy: float = P(
        0.20,
        "0-1",
        "morale target rise with the discretion used (x leadership support)",
        "Hartline & Ferrell 1996; assumption",
        0,
        1,
        low=0.05,
        high=0.3,
        basis="supported autonomy raises job satisfaction (Hartline & Ferrell)",
        group=MORALE,
    )
    autonomy_support_floor: float = P(
        0.5,
        "x",
        "share of autonomy's lift felt under command-and-control",
        "assumption",
        0,
        1,
        low=0.25,
        high=0.75,
        basis="autonomy without support pleases less",
        group=MORALE,
    )
    autonomy_support_servant: float = P(
        0.5,
        "x",
        "further share of autonomy's lift felt under servant leadership",
        "assumption",
        0,
        1,
        low=0.25,
        high=0.75,
        basis="complements autonomy_support_floor",
        group=MORALE,
    )
    morale_servant: float = P(
        0.12,
        "0-1",
        "morale target rise under fully servant leadership",
        "seed 004; assumption",
        0,
        1,
        low=0.04,
        high=0.2,
        basis="being served by one's managers is felt",
        group=MORALE,
    )
    morale_recognition: float = P(
        0.10,
        "0-1",
        "morale target rise per unit of recent recognition",
        "Gallup recognition reports (B, correlational); size an assumption",
        0,
        1,
        low=0.03,
        high=0.18,
        basis="recognised staff are more engaged (Gallup, correlational)",
        group=MORALE,
    )
    recognition_cap: float = P(
        1.5,
        "recognitions",
        "recent recognition beyond this adds no morale",
        "assumption",
        0.1,
        20,
        low=1.0,
        high=3.0,
        basis="praise saturates",
        group=MORALE,
    )
    morale_grateful: float = P(
        0.10,
        "0-1",
        "morale target rise if every customer met today was grateful",
        "Schneider et al. 1998 (customers' mood feeds back); size an assumption",
        0,
        1,
        low=0.03,
        high=0.18,
        basis="grateful customers make the job",
        group=MORALE,
    )
    morale_overload: float = P(
        0.35,
        "0-1 per occupancy",
        "morale target fall per unit of occupancy above overload_occupancy",
        "Oliva & Sterman 2001; assumption",
        0,
        5,
        low=0.15,
        high=0.6,
        basis="sustained overload burns people out",
        group=MORALE,
    )
    overload_occupancy: float = P(
        0.85,
        "share",
        "occupancy above which staff feel overloaded",
        "Gans, Koole & Mandelbaum 2003 (centres run at 80-90%); assumption",
        0,
        1,
        low=0.8,
        high=0.92,
        basis="the upper end of what centres plan for",
        group=MORALE,
    )
    morale_angry: float = P(
        0.15,
        "0-1",
        "morale target fall if every caller today was angry",
        "Schneider et al. 1998; size an assumption",
        0,
        1,
        low=0.05,
        high=0.3,
        basis="abuse wears staff down",
        group=MORALE,
    )
    morale_role_stress: float = P(
        0.15,
        "0-1",
        "morale target fall from discretion used without support (x 1 - servant leadership)",
        "Hartline & Ferrell 1996; size an assumption",
        0,
        1,
        low=0.05,
        high=0.3,
        basis="empowerment without support is role stress (Hartline & Ferrell)",
        group=MORALE,
    )
    morale_script_punishment: float = P(
        0.30,
        "0-1",
        "morale target fall per share of discretionary decisions under a pure efficiency metric",
        "seed 004; size an assumption",
        0,
        1,
        low=0.1,
        high=0.5,
        basis="being punished for deviating from the script (seed 004)",
        group=MORALE,
    )
    morale_unheeded_visits: float = P(
        0.05,
        "0-1",
        "morale target fall from managers' front-line days whose findings are not acted on",
        "Tucker & Singer 2015 (walk-rounds hurt unless acted on); size an assumption",
        0,
        1,
        low=0.0,
        high=0.1,
        basis="Tucker & Singer: visits without action hurt performance",
        group=MORALE,
    )
    recognition_daily_share: float = P(
        0.2,
        "probability",
        "chance per day that a fully meritorious agent is recognised at full recognition",
        "assumption",
        0,
        1,
        low=0.1,
        high=0.4,
        basis="recognition comes every few days at most",
        group=MORALE,
    )
    hero_merit_weight: float = P(
        0.5,
        "x",
        "weight of a hero recovery beside a grateful customer in the customer-verdict merit",
        "assumption",
        0,
        5,
        low=0.0,
        high=1.0,
        basis="a turned-around customer counts extra, at most double",
        group=MORALE,
    )
    recognition_decay: float = P(
        0.97,
        "per day",
        "daily factor by which recent recognition fades",
        "assumption",
        0,
        1,
        low=0.93,
        high=0.99,
        basis="recognition is remembered for weeks",
        group=MORALE,
    )

    # --- learning and quits ---------------------------------------------------------------------
    learning_rate: float = P(
        0.004,
        "per day",
        "daily share of the gap to the skill cap that experience closes",
        "assumption",
        0,
        1,
        low=0.002,
        high=0.008,
        basis="a new hire takes about six months to a year to near full skill",
        group=QUIT,
    )
    training_learning_days: float = P(
        10.0,
        "training days/year",
        "yearly training days that double the learning rate",
        "assumption",
        0.1,
        1000,
        low=5.0,
        high=30.0,
        basis="a couple of weeks of training a year makes learning markedly faster",
        group=QUIT,
    )
    quit_morale_slope: float = P(
        3.0,
        "log-hazard per morale unit",
        "how strongly low morale raises the quit hazard",
        "Gallup recognition reports (B, correlational)",
        0,
        20,
        low=1.5,
        high=4.5,
        grade="B",
        basis="Gallup: recognised staff about 45% less likely to have left (correlational)",
        group=QUIT,
    )
    quit_reference_morale: float = P(
        0.6,
        "0-1",
        "morale at which staff quit at the scenario's base rate",
        "assumption",
        0,
        1,
        low=0.5,
        high=0.7,
        basis="the industry's turnover is that of a typical centre's morale",
        group=QUIT,
    )
    outsourced_quit_factor: float = P(
        1.5,
        "x",
        "base quit rate of outsourced staff relative to in-house",
        "seed 004; industry surveys (B/C)",
        0,
        10,
        low=1.2,
        high=2.0,
        basis="outsourced centres turn over faster (seed 004)",
        group=QUIT,
    )

    # --- switching policy (run.switch_at; MODEL.md sec. 4) ---------------------------------------
    # Only a run that switches at run.switch_at to a policy that differs from the one it
    # switches from pays these, all from the switch day (no anticipation). Customers'
    # expectations are not moved on the switch day: they adjust through their own episodes.
    switch_training_days: float = P(
        2.0,
        "days",
        "days each frontline agent spends off the phones, paid, training for the new policy "
        "(rounded to whole days; in waves of switch_training_wave_share of the team)",
        "assumption (C): a rollout of a new service policy takes a day or two of classroom time",
        0,
        60,
        low=0,
        high=10,
        basis="from none (a memo) to two weeks of training",
        group=SWITCH,
    )
    switch_training_wave_share: float = P(
        0.1,
        "share",
        "share of the frontline team in switch training at a time: the team trains in waves, "
        "the first on the switch day, each for switch_training_days, in a random order",
        "assumption (C): centres train in groups so the phones stay staffed",
        0.01,
        1,
        low=0.05,
        high=0.5,
        basis="from a rollout over months (5% at a time) to half the team at once",
        group=SWITCH,
    )
    switch_skill_dip: float = P(
        0.1,
        "share",
        "share of its skill each frontline agent loses on the switch day (new rules and tools; "
        "it recovers through the normal learning)",
        "assumption (C): a learning curve after a change of procedure",
        0,
        1,
        low=0,
        high=0.3,
        basis="from none to a third of the way back to a novice",
        group=SWITCH,
    )
    switch_morale_shock: float = P(
        -0.03,
        "morale",
        "added to each frontline agent's morale on the switch day (negative: change fatigue; "
        "positive: a welcome change); it then relaxes toward its target",
        "assumption (C): change fatigue",
        -1,
        1,
        low=-0.1,
        high=0.02,
        basis="from marked change fatigue to a small lift from a welcome change",
        group=SWITCH,
    )

    # --- time pressure and standards ------------------------------------------------------------
    pressure_cut_exponent: float = P(
        0.6,
        "-",
        "under time pressure p > 1 staff take p^-exponent of the needed time",
        "Oliva & Sterman 2001 (direction); size an assumption",
        0,
        5,
        low=0.3,
        high=1.0,
        basis="staff absorb part of an overload by cutting corners (Oliva & Sterman)",
        group=PRESSURE,
    )
    pressure_cut_floor: float = P(
        0.6,
        "share",
        "the least share of the needed time staff take however great the pressure",
        "assumption",
        0.05,
        1,
        low=0.4,
        high=0.8,
        basis="some work cannot be skipped",
        group=PRESSURE,
    )
    standard_drift_days: float = P(
        30.0,
        "days",
        "time constant with which an unanchored handling-time standard drifts toward practice",
        "Oliva & Sterman 2001 (erosion); size an assumption",
        1,
        3650,
        low=10.0,
        high=90.0,
        basis="standards erode over weeks to months",
        group=PRESSURE,
    )
    efficiency_rush: float = P(
        0.08,
        "share",
        "handling time cut under a pure efficiency metric",
        "seed 004 ('measured on the length of time they are on the phone'); size an assumption",
        0,
        0.5,
        low=0.03,
        high=0.15,
        basis="staff measured on handling time shave a little off every call",
        group=PRESSURE,
    )

    # --- managers and organisational learning ---------------------------------------------------
    servant_manager_time: float = P(
        0.3,
        "share",
        "share of managers' escalation capacity that fully servant leadership spends on staff",
        "seed 004 (serving the front line costs manager time); size an assumption",
        0,
        1,
        low=0.1,
        high=0.5,
        basis="coaching and support take a good part of a manager's day",
        group=ORG,
    )
    fix_signals_min: float = P(
        20.0,
        "signals",
        "fewest heard signals (refusals, escalations, misfires, front-line days) one root-cause fix needs",
        "assumption",
        1,
        1e6,
        low=10.0,
        high=50.0,
        basis="a pattern needs a few dozen cases to be seen",
        group=ORG,
    )
    fix_signals_per_customer: float = P(
        0.0005,
        "signals/customer",
        "signals one root-cause fix needs, per initial customer (bigger firms need more)",
        "assumption",
        0,
        1,
        low=0.0002,
        high=0.001,
        basis="fixes in a large firm touch more people and take more evidence",
        group=ORG,
    )
    fix_coverage_step: float = P(
        0.02,
        "share of the gap",
        "share of the gap to fix_coverage_max that one rule-widening fix closes",
        "seeds 002-004 (openness to feedback); assumption",
        0,
        1,
        low=0.01,
        high=0.05,
        basis="one rule change covers a few more kinds of problem",
        group=ORG,
    )
    fix_coverage_max: float = P(
        0.98,
        "share",
        "highest rule coverage learning can reach",
        "assumption",
        0,
        1,
        low=0.9,
        high=1.0,
        basis="some problems are always new",
        group=ORG,
    )
    fix_problem_factor: float = P(
        0.99,
        "x",
        "factor on the problem rate of one root-cause fix",
        "assumption",
        0,
        1,
        low=0.97,
        high=0.998,
        basis="one fix removes a small share of all problems",
        group=ORG,
    )
    fix_obsolescence_per_year: float = P(
        0.5,
        "1/year",
        "rate at which root-cause fixes go stale: products, prices and systems change, so rule "
        "coverage relaxes toward the scenario's rule_coverage and the problem rate toward its own",
        "assumption (C): without it learning ratchets the rulebook up for ever and no firm "
        "reaches a steady state",
        0,
        10,
        low=0.1,
        high=1.0,
        grade="C",
        basis="a fix's half-life of a year or two (0.35-7 years over the range)",
        group=ORG,
    )
    frontline_day_signals: float = P(
        5.0,
        "signals/day",
        "signals a manager's front-line day adds to organisational learning",
        "seed 003; Tucker & Singer 2015; assumption",
        0,
        100,
        low=1.0,
        high=10.0,
        basis="a day on the phones shows a manager a handful of frictions",
        group=ORG,
    )

    # --- marketing response -----------------------------------------------------------------------
    promotion_acquisition_lift: float = P(
        1.5,
        "x per unit discount",
        "paid acquisition multiplied by 1 + this x the newcomers' discount",
        "seed 004; assumption",
        0,
        20,
        low=0.5,
        high=3.0,
        basis="a discount buys more newcomers for the same budget",
        group=MARKET,
    )

    @model_validator(mode="after")
    def _check(self) -> BehaviourParams:
        if self.w_distributive + self.w_interactional + self.w_procedural <= 0:
            raise ValueError(
                "behaviour.w_distributive + w_interactional + w_procedural must be > 0"
            )
        if self.voice_p_minor > self.voice_p_major:
            raise ValueError(
                "behaviour.voice_p_minor must not exceed voice_p_major (voice rises with severity)"
            )
        if self.baseline_min > self.baseline_max:
            raise ValueError("behaviour.baseline_min must not exceed baseline_max")
        if self.trait_min > self.trait_max:
            raise ValueError("behaviour.trait_min must not exceed trait_max")
        if self.detractor_threshold > self.promoter_threshold:
            raise ValueError("behaviour.detractor_threshold must not exceed promoter_threshold")
        return self
