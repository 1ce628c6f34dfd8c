"""Seeded random streams and common random numbers.

Two layers:

* ``derive_seed`` / ``replicate_seeds`` turn one user seed into independent 63-bit keys with
  ``numpy.random.SeedSequence`` (per replicate, per purpose). Keys handed to Mesa are plain ints.
* Inside kernels, every draw is a pure function of ``(key, stream, identity, day, k)`` through a
  counter-based hash (SplitMix64 finaliser). ``identity`` is a person's id (the order in which
  people entered the population; slots are never reused), a staff member's hire number or a
  contact's number, never a reused array slot. So:

  - the same customer gets the same draw for the same purpose on the same day under every
    policy (common random numbers), however the rest of the run differs;
  - results do not depend on the number of threads or on loop order.

Stream ids below name each purpose; adding a stream never shifts the draws of another.
"""

from __future__ import annotations

import math

import numba as nb
import numpy as np

from servicesim.core import _numba_cache  # noqa: F401  (must precede every cached kernel)

# Purposes (streams). Never renumber: results are keyed by them.
S_INIT = 1  # initial traits of people
S_PROBLEM = 2  # does a problem occur today
S_SEVERITY = 3  # the money at stake
S_COVERED = 4  # is the problem covered by the rulebook
S_VOICE = 5  # complain or stay silent
S_ARRIVAL = 6  # time of day of a contact
S_SERVICE = 7  # service-time multiplier
S_PATIENCE = 8  # patience in the queue
S_DIAGNOSIS = 9  # right or wrong diagnosis
S_DISCRETION = 10  # use of discretion, its spending, its success
S_GESTURE = 11  # surprise gesture
S_CHURN = 12  # repurchase / defection decisions
S_WOM = 13  # word of mouth: whether, how many, whom
S_REQUEST = 14  # routine service requests
S_RETRY = 15  # retry after abandonment or wrong fix
S_STAFF = 16  # staff traits, quits, recognition
S_ACQUIRE = 17  # acquisition and referral funnel
S_ESCALATE = 18  # manager outcomes
S_NETWORK = 19  # building the social network
S_GIFT = 20  # loyalty gifts and promotions
S_SURVEY = 21  # survey samples and answers (never used by a behaviour)
S_MARKET = 22  # people entering the market
S_CLAIM = 23  # an inflated claim, and whether a second look catches it
S_SWEET = 24  # sweethearting: whether, and what the giveaway costs

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_C_STREAM = np.uint64(0xD6E8FEB86659FD93)
_C_ID = np.uint64(0xA0761D6478BD642F)
_C_DAY = np.uint64(0xE7037ED1A0B428DB)
_C_K = np.uint64(0x8EBC6AF09C88C6E3)
_S30 = np.uint64(30)
_S27 = np.uint64(27)
_S31 = np.uint64(31)
_S11 = np.uint64(11)
_INV53 = 1.0 / 9007199254740992.0  # 2**-53


@nb.njit(nb.uint64(nb.uint64), cache=True, inline="always")
def mix64(z):
    """SplitMix64 finaliser: a bijective avalanche of 64 bits."""
    z = z + _GOLDEN
    z = (z ^ (z >> _S30)) * _M1
    z = (z ^ (z >> _S27)) * _M2
    return z ^ (z >> _S31)


@nb.njit(nb.uint64(nb.int64, nb.int64), cache=True, inline="always")
def stream_key(key, stream):
    """The first hashing stage of ``uniform``: depends on (key, stream) only.

    Hot loops compute it once per stream and draw with ``uniform_sk``; the draws are the same
    bits as ``uniform``'s.
    """
    return mix64(nb.uint64(key) ^ (nb.uint64(stream) * _C_STREAM))


@nb.njit(nb.float64(nb.uint64, nb.int64, nb.int64, nb.int64), cache=True, inline="always")
def uniform_sk(sk, ident, day, k):
    """``uniform(key, stream, ident, day, k)`` given ``sk = stream_key(key, stream)``."""
    h = mix64(sk ^ (nb.uint64(ident) * _C_ID))
    h = mix64(h ^ (nb.uint64(day + 1) * _C_DAY) ^ (nb.uint64(k + 1) * _C_K))
    return float(h >> _S11) * _INV53


@nb.njit(nb.float64(nb.int64, nb.int64, nb.int64, nb.int64, nb.int64), cache=True)
def uniform(key, stream, ident, day, k):
    """A uniform draw in [0, 1) determined by (key, stream, identity, day, k) alone."""
    return uniform_sk(stream_key(key, stream), ident, day, k)


@nb.njit(nb.float64(nb.int64, nb.int64, nb.int64, nb.int64, nb.int64), cache=True)
def normal(key, stream, ident, day, k):
    """A standard normal draw (Box-Muller on two keyed uniforms)."""
    u1 = uniform(key, stream, ident, day, 2 * k)
    u2 = uniform(key, stream, ident, day, 2 * k + 1)
    return math.sqrt(-2.0 * math.log(1.0 - u1)) * math.cos(2.0 * math.pi * u2)


@nb.njit(nb.float64(nb.int64, nb.int64, nb.int64, nb.int64, nb.int64), cache=True)
def exponential(key, stream, ident, day, k):
    """A unit-mean exponential draw."""
    return -math.log(1.0 - uniform(key, stream, ident, day, k))


@nb.njit(nb.int64(nb.float64, nb.int64, nb.int64, nb.int64, nb.int64, nb.int64), cache=True)
def poisson(lam, key, stream, ident, day, k):
    """A Poisson draw with mean ``lam`` (inversion; meant for small means, < 30)."""
    if lam <= 0.0:
        return 0
    u = uniform(key, stream, ident, day, k)
    p = math.exp(-lam)
    cdf = p
    n = 0
    while u > cdf and n < 1000:
        n += 1
        p *= lam / n
        cdf += p
    return n


def derive_seed(seed: int, *path: int) -> int:
    """An independent 63-bit key for ``seed`` and a purpose path (replicate, policy, ...).

    Built with ``numpy.random.SeedSequence`` so keys for different paths are independent.
    Returns a plain ``int`` (Mesa 3.5 rejects numpy integers).
    """
    if seed < 0:
        raise ValueError(f"seed: got {seed}; allowed: a non-negative integer")
    ss = np.random.SeedSequence(entropy=int(seed), spawn_key=tuple(int(p) for p in path))
    return int(ss.generate_state(1, dtype=np.uint64)[0] >> np.uint64(1))


def replicate_seeds(seed: int, n: int) -> list[int]:
    """Keys for ``n`` replicates of an experiment: the same for every policy (pairing)."""
    return [derive_seed(seed, r) for r in range(n)]
