"""Layout of the state tables and the parameter vector shared by the kernels.

State is a structure of arrays stored as 2-D tables with one contiguous row per field
(``people_f[F_SAT]`` is every person's satisfaction). ``state.py`` builds the tables from the
schema below and documents each field; kernels index rows with these constants, which numba
freezes at compile time. Changing a number here requires clearing numba's cache
(``make clean-cache``); append new fields instead of renumbering.
"""

# ---- people: float32 rows ------------------------------------------------------------------
F_SAT = 0  # satisfaction / attitude toward the firm, 0-1 (prospects too)
F_BASE = 1  # personal baseline satisfaction the attitude relaxes to, 0-1
F_EXPECT = 2  # justice score expected from a recovery, 0-1
F_VALUE = 3  # revenue per day, $
F_PATIENCE = 4  # patience multiplier (x scenario mean)
F_VOICE = 5  # voice propensity (odds multiplier)
F_SEV = 6  # open problem: money at stake, $ (0 = no open problem)
F_WAIT = 7  # open problem: queue seconds waited so far
F_COMP = 8  # open problem: compensation received so far, $
F_COURTESY = 9  # open problem: courtesy of the last contact, 0-1
F_FAILS = 10  # failures in the past year (decayed count)
NF_PEOPLE = 11

# ---- people: int32 rows --------------------------------------------------------------------
I_JOIN = 0  # day joined (-1 never a customer)
I_LEAVE = 1  # day left (-1 still active or never a customer)
I_CONTRACT_END = 2  # last day of the current contract (-1 none)
I_PROB_DAY = 3  # day the open problem began
I_NEXT_CONTACT = 4  # day of the next planned contact about the problem (-1 none)
I_ESC_DAY = 5  # day the open problem was escalated (-1 not escalated)
I_PROMO_UNTIL = 6  # promotion discount applies until this day
I_LAST_STAFF = 7  # hire id of the last agent who handled the problem (-1 none)
NI_PEOPLE = 8

# ---- people: int8 rows ----------------------------------------------------------------------
B_STATUS = 0  # 0 prospect, 1 active customer, 2 former customer
B_PSTATE = 1  # problem: 0 none, 1 silent, 2 voiced (contacting), 3 escalated, 4 given up (deciding)
B_COVERED = 2  # open problem covered by the rulebook (1) or not (0)
B_CONTACTS = 3  # contacts made about the open problem (saturates at 100)
B_REFUSED = 4  # refusals in this episode
B_EXPLAINED = 5  # 1 if a refusal in this episode came with an explanation
B_DELIGHT = 6  # 1 if a surprise gesture came with this episode
B_COHORT = 7  # 0 never failed, 1 last problem resolved, 2 last problem not resolved
B_CHANNEL = 8  # 0 initial base, 1 referral, 2 paid acquisition
B_CONTACT_TODAY = 9  # 0 none, 1 routine request, 2 problem contact (scratch, rewritten daily)
B_TALK_TODAY = 10  # messages this person sends today: 0 none, else count (scratch)
B_TALK_SIGN = 11  # 1 positive, 0 negative (scratch)
B_EVENT = 12  # 1 if a silent/given-up episode closed today (scratch)
B_ABANDONS = 13  # abandoned calls in this episode
NB_PEOPLE = 14

# ---- episode categories (repurchase table) ---------------------------------------------------
CAT_SILENT = 0
CAT_UNRESOLVED = 1  # complained, not resolved
CAT_RESOLVED = 2  # resolved, not quickly
CAT_QUICK = 3  # resolved at the first contact, same day

# ---- staff: float64 rows ----------------------------------------------------------------------
S_SKILL = 0
S_CAP = 1  # skill cap
S_JUDGMENT = 2
S_EMPATHY = 3
S_MORALE = 4
S_CONFIDENCE = 5  # personal readiness to use discretion (x)
S_EMPOWER = 6  # empowerment actually used today, 0-1
S_BUSY = 7  # seconds serving today (scratch)
S_HANDLED = 8  # contacts handled today (scratch)
S_ANGRY = 9  # angry customers met today (scratch)
S_GRATEFUL = 10  # grateful customers (resolved, satisfied) today (scratch)
S_HEROES = 11  # discretionary recoveries that turned an unhappy customer around today (scratch)
S_DISCRETION = 12  # discretionary decisions today (scratch)
S_JUSTICE = 13  # sum of customers' justice scores today (scratch)
S_RECOG = 14  # recent recognition (decayed)
S_HIRE_ID = 15  # hire number: identity for random draws
S_ACTIVE = 16  # 1 employed, 0 vacancy
S_START_DAY = 17  # first working day (a vacancy being filled has a future start)
S_TRAINING = 18  # 1 on training today (off the phones)
S_ROLE = 19  # 0 frontline agent, 1 manager (on the phones only on front-line days)
S_PROBLEMS = 20  # problem contacts handled today (scratch)
NS_STAFF = 21

# ---- parameter vector (float64) -----------------------------------------------------------------
K_PROBLEM_P = 0  # daily problem probability (before pulse and fixes)
K_REQUEST_P = 1  # daily routine-request probability
K_SEV_MU = 2
K_SEV_SIGMA = 3
K_COVERAGE = 4  # initial rule coverage
K_VOICE_A = 5  # voice logit = A + B * ln(severity)
K_VOICE_B = 6
K_LOSS_A = 7  # loss = clip(A + B * ln(severity), 0, 1)
K_LOSS_B = 8
K_EROSION = 9
K_SILENT_DAYS = 10
K_RELAX = 11  # 1 / memory_days
K_BASE_CHURN_P = 12  # daily base defection probability
K_CONTRACT_LEN = 13
K_CONTRACT_SHARE = 14
K_STAY_SLOPE = 15
K_STAY_MID = 16
K_WD = 17
K_WI = 18
K_WP = 19
K_GAIN = 20
K_COMP_SCALE = 21
K_DOUBLE_DEV = 22
K_COLDNESS = 23
K_EXPLAIN_BONUS = 24
K_FATIGUE = 25
K_DELIGHT_BONUS = 26
K_DELIGHT_STEP = 27
K_TALK_BASE = 28
K_TALK_UNHAPPY = 29
K_TALK_HAPPY = 30
K_TALK_NEUTRAL = 31
K_TELL_RESOLVED = 32
K_TELL_UNHAPPY = 33
K_AUDIENCE_UNHAPPY = 34
K_WOM_IMPACT = 35  # x tie strength
K_WOM_NEG_WEIGHT = 36
K_REF_ACT = 37
K_REF_CONV = 38
K_RETRY = 39
K_OPEN_S = 40
K_PATIENCE_S = 41
K_PATIENCE_KIND = 42  # 0 exponential, 1 lognormal, 2 infinite
K_REQUEST_S = 43
K_PROBLEM_S = 44
K_JUDGMENT_FACTOR = 45
K_SERVICE_SIGMA = 46  # lognormal sigma of handling-time multipliers
K_SERVICE_MU = 47  # lognormal mu giving mean 1
# policy
K_EMPOWER = 48
K_CAP = 49
K_SPEND_SHARE = 50
K_SURPRISE_RATE = 51
K_SURPRISE_COST = 52
K_ESC_SHARE = 53
K_SCRIPT_COMP = 54
K_MANAGER_COMP = 55
K_TRANSPARENCY = 56
K_METRIC = 57
K_SERVANT = 58
K_GIFT_PER_YEAR = 59
K_PROMO = 60
K_SPEND_SIGMA = 61
K_PROMO_RESENT = 62  # daily satisfaction cost to tenured customers per unit of promotion discount
K_GIFT_EFFECT = 63  # satisfaction lift of a $ gift, at saturation
K_PROC_CONTACTS = 64  # procedural justice: contacts scale
K_PROC_DAYS = 65  # procedural justice: days-open scale
K_PROC_WAIT_S = 66  # procedural justice: mean-wait scale, s
K_MANAGER_COURTESY = 67
K_REQUEST_ANNOY = 68  # satisfaction a routine caller loses to a long wait or abandonment
NK = 69
