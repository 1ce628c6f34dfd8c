"""Layout of the state tables shared by the kernels (the parameter vector is ``core/vector.py``).

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
F_LAST_SHARE = 11  # last voiced episode: compensation / stake, capped at 2 (-1 none or silent)
NF_PEOPLE = 12

# ---- people: int32 rows --------------------------------------------------------------------
I_JOIN = 0  # day joined (-1 never a customer)
I_LEAVE = 1  # day left (-1 still active or never a customer)
I_CONTRACT_END = 2  # last day of the current contract (-1 none)
I_PROB_DAY = 3  # day the open problem began
I_NEXT_CONTACT = 4  # day of the next planned contact about the problem (-1 none)
I_ESC_DAY = 5  # day the open problem was escalated (-1 not escalated)
I_PROMO_UNTIL = 6  # promotion discount applies until this day
I_LAST_STAFF = 7  # hire id of the last agent who handled the problem (-1 none)
I_EPISODE_END = 8  # day the last problem episode ended (-1 none)
NI_PEOPLE = 9

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
B_LAST_OUTCOME = 14  # how the last episode ended: 0 none, else its category + 1
B_SURVEY = 15  # the survey answer after the last episode: 0 none, 1 would buy again, 2 not
B_BROKEN = 16  # 1 if a discretionary fix failed in this episode (a promise broken)
B_CLAIM = 17  # 1 if this episode's claim is inflated (the stake overstated)
B_HELPED = 18  # 1 once an agent's discretion has paid this customer goodwill (persistent)
B_LAST_COVERED = 19  # last voiced episode's problem was covered by the rulebook (1) or not (0)
NB_PEOPLE = 20

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
S_TRAINING = 18  # off the phones today: 1 training, 2 away (shrinkage); 0 on the phones
S_ROLE = 19  # 0 frontline agent, 1 manager (on the phones only on front-line days)
S_PROBLEMS = 20  # problem contacts handled today (scratch)
S_GRANTED = 21  # latitude the firm grants this agent today, 0-1 (its tier's)
S_GRANTED_CAP = 22  # most goodwill this agent may spend on one case, $ (its tier's)
S_SWITCH_FROM = 23  # first day of this agent's training for a switched-to policy (0: none)
S_SWITCH_UNTIL = 24  # one past its last day (0: none; off the phones on days in between)
NS_STAFF = 25
