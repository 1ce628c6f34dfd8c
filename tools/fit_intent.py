"""Fit the survey answer ("would you buy again?") to the TARP repurchase table.

    python tools/fit_intent.py [--customers 60000] [--days 730] [--seed 0]

The answer is a logistic in the customer's satisfaction when the episode ends
(``behaviour.intent_slope``, ``behaviour.intent_midpoint``). This runs the default scenario under
its status quo with the current defaults, takes every measured episode's satisfaction, and
finds the two numbers that make the mean answer in each of TARP's eight cells closest to the
table (least squares, each cell weighted by the inverse of its binomial variance at the
published share). It changes no behaviour: the answer is only ever reported, never acted upon,
so fitting it to the table is calibration to an input (MODEL.md sec. 2.5), not tuning.
Prints the fit and each cell; copy the two numbers into ``params/behaviour.py`` by hand.
"""

from __future__ import annotations

import argparse

import numpy as np
from scipy.optimize import minimize


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--customers", type=int, default=250_000)
    ap.add_argument("--days", type=int, default=730)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()

    from servicesim.experiments.validation import TARP, band, episodes_frame, run_validation

    _, model = run_validation(args.customers, args.days, args.seed)
    ep = episodes_frame(model)
    ep = ep[ep["measured"]]
    bands = band(ep["severity"])
    cells = []
    for (b, cat), pub in TARP.items():
        sat = ep.loc[(bands == b) & (ep["category"] == cat), "satisfaction"].to_numpy(float)
        cells.append((b, cat, pub, sat))

    def loss(x: np.ndarray) -> float:
        slope, mid = x
        err = 0.0
        for _, _, pub, sat in cells:
            said = float(np.mean(1.0 / (1.0 + np.exp(-slope * (sat - mid)))))
            err += (said - pub) ** 2 / (pub * (1 - pub))
        return err

    res = minimize(loss, np.array([9.0, 0.5]), method="Nelder-Mead")
    slope, mid = res.x
    print(f"intent_slope = {slope:.2f}, intent_midpoint = {mid:.3f} (loss {res.fun:.4f})")
    for b, cat, pub, sat in cells:
        said = float(np.mean(1.0 / (1.0 + np.exp(-slope * (sat - mid)))))
        print(f"  {b:5s} category {cat}: TARP {pub:.2f}, fitted {said:.3f} (n={sat.size})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
