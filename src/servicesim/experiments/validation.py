"""Calibration checks: the model's realised values, measured from simulated customers.

Each check compares a published calibration input of MODEL.md with what simulated customers
actually did in a run of the default scenario (never a value read back from a parameter table).
``servicesim validate`` prints the table and exits 1 when a check misses its tolerance.

Definitions used by the repurchase table (TARP; stated intentions, not observed behaviour):
"buy again" = still a customer 90 days after the episode ended, among customers not under
contract when it ended and whose 90 days fit in the run; "resolved quickly" = resolved at the
first contact, on the day of that contact, without escalation.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from servicesim.core.kernels import layout as L
from servicesim.core.ledger import EPISODE_COLUMNS

if TYPE_CHECKING:
    from servicesim.core.model import ServiceModel

WINDOW_DAYS = 90
CATEGORIES = {
    L.CAT_SILENT: "did not complain",
    L.CAT_UNRESOLVED: "complained, not resolved",
    L.CAT_RESOLVED: "resolved",
    L.CAT_QUICK: "resolved quickly",
}
TARP = {  # (band, category) -> published share who buy again
    ("minor", L.CAT_SILENT): 0.37,
    ("minor", L.CAT_UNRESOLVED): 0.46,
    ("minor", L.CAT_RESOLVED): 0.70,
    ("minor", L.CAT_QUICK): 0.95,
    ("major", L.CAT_SILENT): 0.09,
    ("major", L.CAT_UNRESOLVED): 0.19,
    ("major", L.CAT_RESOLVED): 0.54,
    ("major", L.CAT_QUICK): 0.82,
}


@dataclass
class Check:
    name: str
    source: str
    published: float
    realised: float
    low: float
    high: float
    n: int
    binding: bool = True  # False: a plausibility band shown for context

    @property
    def ok(self) -> bool:
        return math.isfinite(self.realised) and self.low <= self.realised <= self.high


def episodes_frame(model: ServiceModel) -> pd.DataFrame:
    """Every closed problem episode: person, day, category, severity, contract, told, satisfaction."""
    eng = model.engine
    cols = list(EPISODE_COLUMNS)
    if not eng.episodes:
        return pd.DataFrame(columns=cols)
    df = pd.DataFrame(np.concatenate(eng.episodes), columns=cols)
    df["person"] = df["person"].astype(np.int64)
    df["day"] = df["day"].astype(np.int64)
    df["category"] = df["category"].astype(np.int64)
    leave = eng.people.i[L.I_LEAVE, df["person"].to_numpy()]
    df["left_within_window"] = (leave >= 0) & (leave <= df["day"] + WINDOW_DAYS)
    df["observable"] = (df["day"] + WINDOW_DAYS < eng.day) & (df["under_contract"] == 0)
    return df


def band(sev: pd.Series) -> pd.Series:
    return pd.Series(
        np.where(sev < 5.0, "minor", np.where(sev > 100.0, "major", "mid")), index=sev.index
    )


def calibration_checks(model: ServiceModel) -> list[Check]:
    """All checks for a finished run that recorded its episodes."""
    ts = model.timeseries()
    ep = episodes_frame(model)
    ep["band"] = band(ep["severity"])
    checks: list[Check] = []
    # problem incidence: P(at least one problem in a year) from problems per customer-year
    per_year = ts["problems"].sum() / (ts["customers_active"].sum() / 365.0)
    checks.append(
        Check(
            "households with a problem in a year",
            "TARP 1979 32%; CCMC 2015 54%, 2020 66%",
            0.54,
            1.0 - math.exp(-per_year),
            0.32,
            0.66,
            int(ts["problems"].sum()),
        )
    )
    # voice by severity
    for b, pub, lo, hi, src in (
        ("minor", 0.035, 0.015, 0.06, "TARP: 3-4% of minor problems voiced"),
        ("major", 0.69, 0.60, 0.80, "TARP: ~69% of serious problems voiced"),
    ):
        sel = ep[ep["band"] == b]
        voiced = float((sel["category"] != L.CAT_SILENT).mean()) if len(sel) else float("nan")
        checks.append(Check(f"share voicing a {b} problem", src, pub, voiced, lo, hi, len(sel)))
    # the repurchase table
    obs = ep[ep["observable"]]
    cells: dict[tuple[str, int], Check] = {}
    for (b, cat), pub in TARP.items():
        sel = obs[(obs["band"] == b) & (obs["category"] == cat)]
        again = float(1.0 - sel["left_within_window"].mean()) if len(sel) else float("nan")
        cells[(b, cat)] = Check(
            f"buy again: {b}, {CATEGORIES[cat]}",
            "TARP repurchase table (stated intentions)",
            pub,
            again,
            pub - 0.10,
            pub + 0.10,
            len(sel),
        )
        checks.append(cells[(b, cat)])
    # the table's order: within each row, silent < unresolved < resolved < quickly; within each
    # column, major < minor. A pair counts as out of order only when the reversal exceeds two
    # standard errors (small cells, e.g. voiced minor problems, are noisy).
    worst = 0.0
    for b in ("minor", "major"):
        row = [cells[(b, k)] for k in (L.CAT_SILENT, L.CAT_UNRESOLVED, L.CAT_RESOLVED, L.CAT_QUICK)]
        pairs = list(zip(row, row[1:], strict=False))
        if b == "minor":
            pairs += [(cells[("major", k)], cells[("minor", k)]) for k in CATEGORIES]
        for lo_c, hi_c in pairs:
            se = math.sqrt(sum(c.realised * (1 - c.realised) / max(c.n, 1) for c in (lo_c, hi_c)))
            worst = max(worst, (lo_c.realised - hi_c.realised) / max(se, 1e-9))
    checks.append(
        Check(
            "repurchase table order: worst reversal (s.e.)",
            "TARP table order",
            0.0,
            worst,
            -math.inf,
            2.0,
            len(obs),
        )
    )
    # word of mouth after an episode (SQM)
    fcr = ep[ep["category"] == L.CAT_QUICK]
    told = fcr["told"] > 0
    checks.append(
        Check(
            "tell someone after first-contact resolution",
            "SQM: ~41%",
            0.41,
            float(told.mean()) if len(fcr) else float("nan"),
            0.31,
            0.51,
            len(fcr),
        )
    )
    checks.append(
        Check(
            "people told after FCR, by those who tell",
            "SQM: about one",
            1.0,
            float(fcr.loc[told, "told"].mean()) if told.any() else float("nan"),
            1.0,
            1.6,
            int(told.sum()),
        )
    )
    angry = ep[(ep["category"] == L.CAT_UNRESOLVED) & (ep["satisfaction"] < 0.25)]
    told_a = angry["told"] > 0
    checks.append(
        Check(
            "tell someone: unresolved, very dissatisfied",
            "SQM: ~74%",
            0.74,
            float(told_a.mean()) if len(angry) else float("nan"),
            0.62,
            0.86,
            len(angry),
        )
    )
    checks.append(
        Check(
            "people told: unresolved, very dissatisfied",
            "SQM: about 5",
            5.0,
            float(angry.loc[told_a, "told"].mean()) if told_a.any() else float("nan"),
            3.5,
            6.5,
            int(told_a.sum()),
        )
    )
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
        )
    )
    # plausibility band (vendor survey; not binding: its sources disagree with TARP's)
    voiced = obs[obs["category"] != L.CAT_SILENT]
    for label, sel, pub in (
        ("defect after FCR", voiced[voiced["category"] == L.CAT_QUICK], 0.05),
        ("defect when unresolved", voiced[voiced["category"] == L.CAT_UNRESOLVED], 0.25),
    ):
        val = float(sel["left_within_window"].mean()) if len(sel) else float("nan")
        checks.append(
            Check(
                label,
                "SQM vendor survey (plausibility band)",
                pub,
                val,
                0.0,
                1.0,
                len(sel),
                binding=False,
            )
        )
    return checks


def run_validation(
    customers: int = 60_000, days: int = 455, seed: int = 0
) -> tuple[list[Check], ServiceModel]:
    """Run the default scenario with the default levers, recording episodes, and check it."""
    from servicesim.core.model import ServiceModel
    from servicesim.params.config import resolve

    cfg = resolve("empowered", "default", ["policy.empowerment=0.5"], customers, days, seed)
    model = ServiceModel(cfg, record_episodes=True)
    model.run_all()
    return calibration_checks(model), model
