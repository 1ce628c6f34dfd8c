"""The calibration checks and the published figures they compare with (``validation.py``
runs them). Three families: what customers say (survey answers against TARP and SQM), what
they do (churn, the base rate, risk after episodes) and how the firm runs (cost per contact,
the problem share of contacts, complaints, turnover, margin).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from servicesim.core.kernels import layout as L

if TYPE_CHECKING:
    from servicesim.core.model import ServiceModel

#: the hazard after an episode is followed for this many days (or until the next one ends)
FOLLOW_DAYS = 365
CATEGORIES = {
    L.CAT_SILENT: "did not complain",
    L.CAT_UNRESOLVED: "complained, not resolved",
    L.CAT_RESOLVED: "resolved",
    L.CAT_QUICK: "resolved quickly",
}
#: the assumed range of the 12-month relative risk after an unresolved episode (grade C)
RR_UNRESOLVED = (1.5, 6.0)
#: a satisfied customer still leaves (moves, needs, prices): at least this much a year
BASE_RATE_LOW = 0.03
#: "acquisition replaces churn (the base within a few % a year)" (MODEL.md sec. 1)
STEADY_BAND = 0.03
#: voice contacts in a mid-range in-house centre, $ per contact
COST_PER_CONTACT = (5.0, 8.0)
#: share of contact-centre calls about a problem: from a mobile firm's (Ofcom 2016: 4% of
#: customers complained, J.D. Power: about 2 calls a problem, Oliver Wyman: 2.5 calls a
#: subscriber a year, so 3%) to ContactBabel's telecoms centres (2010: 18% complaints)
PROBLEM_SHARE = (0.03, 0.18)
#: customers who complained to their provider in a year: Ofcom's mobile 4% to broadband 13%
COMPLAINED = (0.04, 0.13)


@dataclass
class Check:
    name: str
    source: str
    published: float
    realised: float
    low: float
    high: float
    n: int
    binding: bool = True  # False: a band shown for context
    kind: str = "behaviour"  # "said" (survey answers), "behaviour", "operations"

    @property
    def ok(self) -> bool:
        return math.isfinite(self.realised) and self.low <= self.realised <= self.high


def band(sev: pd.Series) -> pd.Series:
    return pd.Series(
        np.where(sev < 5.0, "minor", np.where(sev > 100.0, "major", "mid")), index=sev.index
    )


def hazards_after_episodes(model: ServiceModel, ep: pd.DataFrame) -> pd.DataFrame:
    """Leaving per customer-year in the ``FOLLOW_DAYS`` after a measured episode, by how it
    ended: each episode is followed until the customer leaves, the next episode ends, the
    window closes or the run ends. Columns: category, left, years."""
    eng = model.engine
    ep = ep.sort_values(["person", "day"], kind="stable")
    person = ep["person"].to_numpy()
    day = ep["day"].to_numpy()
    nxt = np.full(len(ep), np.iinfo(np.int64).max)
    same = person[1:] == person[:-1]
    nxt[:-1][same] = day[1:][same]
    leave = eng.people.i[L.I_LEAVE, person].astype(np.int64)
    leave = np.where(leave >= day, leave, np.iinfo(np.int64).max)  # left before: returned later
    stop = np.minimum.reduce([day + FOLLOW_DAYS, nxt, np.full(len(ep), eng.day), leave])
    left = (leave == stop) & (leave < nxt)
    keep = ep["measured"].to_numpy()
    return pd.DataFrame(
        {
            "category": ep["category"].to_numpy()[keep],
            "left": left[keep],
            "years": np.maximum(stop - day, 0)[keep] / 365.0,
        }
    )


def _rate(left: float, years: float) -> float:
    return left / years if years > 0 else float("nan")


def behaviour_checks(model: ServiceModel, ep: pd.DataFrame) -> list[Check]:
    """What customers do: churn in the industry band, the base rate, risk after episodes."""
    s = model.summary()
    scen = model.config.scenario
    ts = model.timeseries()
    checks = [
        Check(
            "status quo: customers leaving per customer-year",
            f"industry band ({scen.industry})",
            0.5 * (scen.churn_band_low_per_year + scen.churn_band_high_per_year),
            s["churn_rate_per_year"],
            scen.churn_band_low_per_year,
            scen.churn_band_high_per_year,
            int(s["churned"]),
        ),
        Check(
            "status quo: relative change of the base a year",
            "MODEL.md sec. 1: acquisition replaces churn",
            0.0,
            s["base_change_per_year"],
            -STEADY_BAND,
            STEADY_BAND,
            int(s["customers_active_end"]),
        ),
    ]
    t = model.engine.ledger.totals
    never = _rate(365.0 * t.get("_churn0", 0.0), t.get("_exposure0", 0.0))
    checks.append(
        Check(
            "never had a problem: leaving per customer-year",
            "moves, needs and prices (assumption: at least 3%, within the band)",
            BASE_RATE_LOW,
            never,
            BASE_RATE_LOW,
            scen.churn_band_high_per_year,
            int(t.get("_churn0", 0.0)),
        )
    )
    checks.append(
        Check(
            "relative risk of leaving, 12 months after an unresolved episode",
            "assumption (grade C), range 1.5-6",
            float(np.sqrt(RR_UNRESOLVED[0] * RR_UNRESOLVED[1])),
            s["churn_rr_unresolved_12m"],
            *RR_UNRESOLVED,
            int(t.get("_churn_u12", 0.0)),
        )
    )
    h = hazards_after_episodes(model, ep)
    rr: dict[int, tuple[float, float, int]] = {}
    for cat in CATEGORIES:
        sel = h[h["category"] == cat]
        n_left, years = float(sel["left"].sum()), float(sel["years"].sum())
        rate = _rate(n_left, years)
        se = math.sqrt(max(n_left, 1.0)) / years / never if years > 0 and never > 0 else math.nan
        rr[cat] = (rate / never if never > 0 else math.nan, se, int(n_left))
    # Knox & van Oest (2014): a complaint raises the risk; recovery offsets most but rarely all
    quick, resolved, unresolved = rr[L.CAT_QUICK], rr[L.CAT_RESOLVED], rr[L.CAT_UNRESOLVED]
    checks.append(
        Check(
            "relative risk after a resolved episode (between 1 and unresolved's)",
            "Knox & van Oest 2014: recovery offsets most but rarely all",
            1.0,
            resolved[0],
            1.0 - 2 * resolved[1],
            unresolved[0],
            resolved[2],
        )
    )
    checks.append(
        Check(
            "relative risk after a quick resolution (at most a resolved one's)",
            "TARP order, taken as ordinal",
            1.0,
            quick[0],
            0.0,
            resolved[0] + 2 * math.hypot(quick[1], resolved[1]),
            quick[2],
        )
    )
    silent = rr[L.CAT_SILENT]
    checks.append(
        Check(
            "relative risk after a problem never voiced",
            "context: Gustafsson et al. 2005 find triggers add little",
            1.0,
            silent[0],
            0.0,
            math.inf,
            silent[2],
            binding=False,
        )
    )
    del ts
    return checks


def operations_checks(model: ServiceModel, ep: pd.DataFrame) -> list[Check]:
    """The firm and its contact centre: cost per contact, problem share, turnover, margin."""
    s = model.summary()
    ts = model.timeseries()
    measured = ep[ep["measured"]]
    voiced_ep = measured[measured["category"] != L.CAT_SILENT]
    checks = [
        Check(
            "cost per contact ($, labour + managers + goodwill)",
            "ContactBabel UK 2023-24: GBP 6.26 ($7.68) a call; 2024: GBP 5.58; Gartner 2019: $8.01",
            6.5,
            s["cost_per_contact"],
            *COST_PER_CONTACT,
            int(s["contacts"]),
            kind="operations",
        ),
        Check(
            "share of contacts about a problem",
            "mobile about 3% (Ofcom 2016 complainers x J.D. Power calls a problem / Oliver Wyman "
            "calls a year) to telecoms centres' 18% complaints (ContactBabel 2010)",
            0.18,
            s["problem_contact_share"],
            *PROBLEM_SHARE,
            int(s["contacts"]),
            kind="operations",
        ),
        Check(
            "contacts per voiced problem",
            "context: 1.76-1.94 calls to resolve (J.D. Power 2006); mobile 2, landline 3+ "
            "(Infosys/Kantar 2016)",
            1.9,
            float(voiced_ep["contacts"].mean()) if len(voiced_ep) else math.nan,
            1.5,
            3.5,
            len(voiced_ep),
            binding=False,
            kind="operations",
        ),
        Check(
            "first-contact resolution of voiced problems",
            "context: complaints resolved at first contact, Ofcom 2021: 37-43%; SQM's "
            "cross-industry benchmark about 70%",
            0.55,
            s["fcr_rate"],
            0.37,
            0.75,
            int(s["complaints"]),
            binding=False,
            kind="operations",
        ),
        Check(
            "profit margin (profit / revenue)",
            "MODEL.md sec. 1: margins are positive",
            0.1,
            s["profit_margin"],
            0.0,
            1.0,
            1,
            kind="operations",
        ),
    ]
    # how many customers have a problem, and how many complain, in a year (one firm)
    ep = ep[ep["measured"]]
    years = float(ts["customers_active"].sum()) / 365.0
    problems = float(ts["problems"].sum())
    voiced_n = int((ep["category"] != L.CAT_SILENT).sum())
    checks.append(
        Check(
            "customers with a problem in a year (input: one firm)",
            "UKCSI 2014 telecoms 23%; Which? 2018-24 11-56% by provider",
            0.30,
            1.0 - math.exp(-problems / years) if years > 0 else math.nan,
            0.10,
            0.56,
            int(problems),
            kind="operations",
        )
    )
    checks.append(
        Check(
            "customers who complain to the firm in a year",
            "Ofcom 2017 (on 2016): mobile 4%, broadband 13% complained to their provider",
            0.085,
            1.0 - math.exp(-voiced_n / years) if years > 0 else math.nan,
            COMPLAINED[0],
            COMPLAINED[1],
            voiced_n,
            kind="operations",
        )
    )
    # voice by severity (TARP): what share of problems customers report
    bands = band(ep["severity"])
    for b, pub, lo, hi, src in (
        ("minor", 0.035, 0.015, 0.06, "TARP: 3-4% of minor problems voiced"),
        ("major", 0.69, 0.60, 0.80, "TARP: ~69% of serious problems voiced"),
    ):
        sel = ep[bands == b]
        voiced = float((sel["category"] != L.CAT_SILENT).mean()) if len(sel) else float("nan")
        checks.append(Check(f"share voicing a {b} problem", src, pub, voiced, lo, hi, len(sel)))
    # word of mouth after an episode (SQM): behaviour, counted people told
    fcr = ep[ep["category"] == L.CAT_QUICK]
    told = fcr["told"] > 0
    angry = ep[(ep["category"] == L.CAT_UNRESOLVED) & (ep["satisfaction"] < 0.25)]
    told_a = angry["told"] > 0
    for label, src, pub, val, lo, hi, n in (
        (
            "tell someone after first-contact resolution",
            "SQM: ~41%",
            0.41,
            told.mean() if len(fcr) else math.nan,
            0.31,
            0.51,
            len(fcr),
        ),
        (
            "people told after FCR, by those who tell",
            "SQM: about one",
            1.0,
            fcr.loc[told, "told"].mean() if told.any() else math.nan,
            1.0,
            1.6,
            int(told.sum()),
        ),
        (
            "tell someone: unresolved, very dissatisfied",
            "SQM: ~74%",
            0.74,
            told_a.mean() if len(angry) else math.nan,
            0.62,
            0.86,
            len(angry),
        ),
        (
            "people told: unresolved, very dissatisfied",
            "SQM: about 5",
            5.0,
            angry.loc[told_a, "told"].mean() if told_a.any() else math.nan,
            3.5,
            6.5,
            int(told_a.sum()),
        ),
    ):
        checks.append(Check(label, src, pub, float(val), lo, hi, n))
    # staff turnover
    quits = ts["staff_quits"].sum()
    years = ts["staff_count"].mean() * len(ts) / 365.0
    turnover = quits / years
    se = math.sqrt(max(quits, 1.0)) / years  # Poisson sampling error of a small staff
    checks.append(
        Check(
            "frontline turnover per year (range widened by 2 s.e.)",
            "industry surveys: 30-45%",
            0.375,
            float(turnover),
            0.30 - 2 * se,
            0.45 + 2 * se,
            int(quits),
            kind="operations",
        )
    )
    return checks
