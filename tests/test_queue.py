"""The queue kernel and ``simulate_queue``: twins, invariants, analytic oracles, Ciw, seeds."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicesim.core import theory
from servicesim.core.kernels.queue import SCAN_MAX_SERVERS, queue_day, queue_day_core
from servicesim.core.kernels.queue_py import queue_day_py
from servicesim.core.queue import (
    Exponential,
    Fixed,
    Infinite,
    LogNormal,
    default_warmup_hours,
    parse_dist,
    simulate_queue,
)
from servicesim.errors import InputError

OUTPUTS = ("wait_s", "abandoned", "server", "service_s", "end_s")


def random_day(seed, n, servers, rho=0.95, mean_service=100.0, inf_share=0.2, speeds=True):
    rng = np.random.default_rng(seed)
    arrival = np.cumsum(rng.exponential(mean_service / (rho * servers), n))
    work = rng.lognormal(math.log(mean_service) - 0.18, 0.6, n)
    patience = rng.exponential(3 * mean_service, n)
    patience[rng.random(n) < inf_share] = np.inf
    speed = rng.uniform(0.5, 2.0, servers) if speeds else np.ones(servers)
    return arrival, work, patience, speed, float(arrival[-1]) * 0.9 if n else 0.0


def assert_same(a, b):
    for name, x, y in zip(OUTPUTS, a[:5], b[:5], strict=True):
        assert x.dtype == y.dtype, name
        np.testing.assert_array_equal(x, y, err_msg=name)
    assert a[5] == b[5]


# ---------------------------------------------------------------- kernel: twins and invariants


@pytest.mark.parametrize("servers", [1, 3, SCAN_MAX_SERVERS, SCAN_MAX_SERVERS + 1, 120])
def test_numba_and_python_twins_identical(servers):
    inputs = random_day(servers, 3000, servers, rho=1.3)
    fast = queue_day(*inputs)
    assert_same(fast, queue_day_py(*inputs))
    # the heap and the scan pick the same server every time
    assert_same(fast, queue_day_core(*inputs, True))
    assert_same(fast, queue_day_core(*inputs, False))
    assert fast[1].any() and (fast[0] > 0).any()  # the case exercised waiting and abandonment


@st.composite
def small_days(draw):
    n = draw(st.integers(0, 30))
    servers = draw(st.integers(1, 5))
    gap = st.one_of(st.just(0.0), st.floats(0.0, 60.0))  # zeros make simultaneous arrivals
    arrival = np.cumsum(np.array(draw(st.lists(gap, min_size=n, max_size=n)), dtype=float))
    work = draw(st.lists(st.floats(0.0, 300.0), min_size=n, max_size=n))
    patience = draw(
        st.lists(
            st.one_of(st.just(math.inf), st.just(0.0), st.floats(0.0, 200.0)),
            min_size=n,
            max_size=n,
        )
    )
    speed = draw(
        st.lists(st.sampled_from([0.5, 1.0, 1.5, 3.0]), min_size=servers, max_size=servers)
    )
    close = draw(st.floats(0.0, 2000.0))
    return (
        arrival,
        np.array(work, dtype=float),
        np.array(patience, dtype=float),
        np.array(speed, dtype=float),
        close,
    )


@settings(max_examples=300, deadline=None)
@given(small_days())
def test_twins_identical_on_generated_days(day):
    fast = queue_day(*day)
    assert_same(fast, queue_day_py(*day))
    assert_same(fast, queue_day_core(*day, False))
    check_invariants(*day, fast)


def check_invariants(arrival, work, patience, speed, close, out):
    wait, abandoned, server, service, end, overtime = out
    served = ~abandoned
    assert np.all(wait >= 0)
    assert np.all(wait[served] <= patience[served])
    np.testing.assert_array_equal(wait[abandoned], patience[abandoned])
    assert np.all(server[abandoned] == -1) and np.all(service[abandoned] == 0)
    assert np.all((server[served] >= 0) & (server[served] < len(speed)))
    np.testing.assert_array_equal(service[served], work[served] / speed[server[served]])
    start = arrival + wait
    # FCFS: service starts never go backwards in arrival order
    assert np.all(np.diff(start[served]) >= -1e-9)
    # no server serves two contacts at once
    for k in range(len(speed)):
        mine = served & (server == k)
        assert np.all(start[mine][1:] >= end[mine][:-1] - 1e-9)
    after_close = np.clip(end[served] - np.maximum(start[served], close), 0.0, None)
    assert overtime == pytest.approx(after_close.sum(), rel=1e-12, abs=1e-9)


def test_invariants_on_a_long_day():
    inputs = random_day(7, 20000, 7)
    check_invariants(*inputs, queue_day(*inputs))


def test_hand_worked_day_with_overtime_and_abandonment():
    # one server; closing at 3 s
    arrival = np.array([0.0, 1.0, 2.0, 2.5])
    work = np.array([5.0, 5.0, 1.0, 1.0])
    patience = np.array([np.inf, np.inf, 2.0, 100.0])
    wait, abandoned, server, service, end, overtime = queue_day(
        arrival, work, patience, np.array([1.0]), 3.0
    )
    # #0 0-5; #1 waits 4, 5-10; #2 would wait 8 > 2: leaves at 4; #3 waits 7.5, 10-11
    np.testing.assert_array_equal(wait, [0.0, 4.0, 2.0, 7.5])
    np.testing.assert_array_equal(abandoned, [False, False, True, False])
    np.testing.assert_array_equal(server, [0, 0, -1, 0])
    np.testing.assert_array_equal(end, [5.0, 10.0, 4.0, 11.0])
    assert overtime == (5.0 - 3.0) + 5.0 + 1.0


def test_earliest_free_server_takes_the_contact_and_speed_scales_service():
    # two servers, speeds 1 and 2; #0 goes to server 0 (tie: lowest index), #1 to server 1
    out = queue_day(
        np.array([0.0, 0.0, 1.0]),
        np.array([10.0, 10.0, 4.0]),
        np.full(3, np.inf),
        np.array([1.0, 2.0]),
        100.0,
    )
    wait, _, server, service, end, overtime = out
    np.testing.assert_array_equal(server, [0, 1, 1])
    np.testing.assert_array_equal(service, [10.0, 5.0, 2.0])
    np.testing.assert_array_equal(wait, [0.0, 0.0, 4.0])  # server 1 is free at 5 s
    assert overtime == 0.0


def test_empty_day_and_bad_lengths():
    empty = np.zeros(0)
    out = queue_day(empty, empty, empty, np.ones(3), 10.0)
    assert all(len(a) == 0 for a in out[:5]) and out[5] == 0.0
    with pytest.raises(ValueError, match="same length"):
        queue_day(np.zeros(2), np.zeros(3), np.zeros(2), np.ones(1), 1.0)
    with pytest.raises(ValueError, match="same length"):
        queue_day_py(np.zeros(2), np.zeros(3), np.zeros(2), np.ones(1), 1.0)


# ---------------------------------------------------------------- analytic oracles


def assert_within(name, sim, se, ref, k=4.0):
    tol = k * se + 1e-12
    assert abs(sim - ref) <= tol, (
        f"{name}: simulated {sim:.6g}, analytic {ref:.6g}, standard error {se:.3g}, "
        f"tolerance {tol:.3g} ({k:g} s.e.)"
    )


KEYS = ("p_wait", "mean_wait_s", "service_level_20s", "p_abandon", "occupancy")


@pytest.mark.parametrize(
    "servers,rho,patience,contacts",
    [
        (1, 0.7, "inf", 400_000),
        (5, 0.95, "inf", 1_500_000),
        (30, 0.95, "inf", 1_000_000),
        (1, 0.7, "exp:150", 300_000),
        (5, 0.95, "exp:200", 600_000),
        (30, 1.1, "exp:300", 600_000),  # overloaded: only abandonment keeps it stable
    ],
)
def test_agrees_with_erlang_c_and_erlang_a(servers, rho, patience, contacts):
    mean_service = 100.0
    per_hour = rho * servers * 3600.0 / mean_service
    hours = contacts / per_hour
    result = simulate_queue(
        per_hour,
        servers,
        Exponential(mean_service),
        parse_dist(patience, "patience"),
        hours,
        seed=servers * 1000 + int(rho * 100),
        warmup_hours=0.02 * hours,
    )
    batches = result.batch_stats(n_batches=30)
    ref = result.theory()
    assert ref is not None
    assert ref["model"].startswith("Erlang C" if patience == "inf" else "Erlang A")
    for key in KEYS:
        assert_within(key, batches["mean"][key], batches["se"][key], ref[key])


def test_p_abandon_is_erlang_b_when_nobody_waits():
    # zero patience: an arrival that finds all servers busy leaves at once (M/M/c/c)
    result = simulate_queue(3600.0 * 4 / 100.0, 5, "exp:100", "fixed:0", 20000.0, seed=3)
    b = result.batch_stats(30)
    assert_within(
        "p_abandon", b["mean"]["p_abandon"], b["se"]["p_abandon"], theory.erlang_b(5, 4.0)
    )


def test_p_abandon_equals_mean_wait_over_mean_patience_with_lognormal_service():
    mean_patience = 240.0
    result = simulate_queue(
        1.0 * 10 * 3600 / 180.0,
        10,
        LogNormal(180.0, 240.0),
        Exponential(mean_patience),
        hours=20000.0,
        seed=11,
    )
    # the identity holds batch by batch, so compare the paired differences
    edges = np.linspace(result.warmup_s, result.close_s, 31)
    diffs = []
    for a, b in zip(edges[:-1], edges[1:], strict=True):
        s = result.stats(a, b)
        diffs.append(s["p_abandon"] - s["mean_wait_s"] / mean_patience)
    mean, se = float(np.mean(diffs)), float(np.std(diffs, ddof=1) / math.sqrt(len(diffs)))
    assert result.stats()["p_abandon"] > 0.05  # a case with real abandonment
    assert_within("P(abandon) - E[wait]/mean patience", mean, se, 0.0)


def test_littles_law_for_the_queue_and_the_servers():
    servers, mean_service = 10, 180.0
    rate_per_s = 1.0 * servers / mean_service
    result = simulate_queue(
        rate_per_s * 3600,
        servers,
        LogNormal(mean_service, 120.0),
        LogNormal(300.0, 300.0),
        hours=5000.0,
        seed=5,
    )
    a, b = result.warmup_s, result.close_s
    arrival, wait = result.arrival_s, result.wait_s
    served = ~result.abandoned
    start, end = (arrival + wait)[served], result.end_s[served]
    # queue length and busy servers sampled at random instants, counted from sorted event times
    t = np.sort(np.random.default_rng(0).uniform(a, b, 40000))
    in_queue = np.searchsorted(arrival, t, "right") - np.searchsorted(
        np.sort(arrival + wait), t, "right"
    )
    busy = np.searchsorted(np.sort(start), t, "right") - np.searchsorted(np.sort(end), t, "right")
    # invariants: never more than c busy; anyone waiting means every server is busy
    assert busy.max() == servers and busy.min() >= 0
    assert np.all(busy[in_queue > 0] == servers)
    se_sample = lambda x: float(np.std(x) / math.sqrt(len(x)))  # noqa: E731
    batches = result.batch_stats(30)
    # L_q = lambda W_q
    lq = theory.little_l(rate_per_s, batches["mean"]["mean_wait_s"])
    se = math.hypot(se_sample(in_queue), rate_per_s * batches["se"]["mean_wait_s"])
    assert_within("mean number in queue", float(in_queue.mean()), se, lq)
    # L_s = lambda (1 - P(abandon)) E[S] = c x occupancy
    ls = theory.little_l(
        rate_per_s * (1 - batches["mean"]["p_abandon"]), batches["mean"]["mean_service_s"]
    )
    se = math.hypot(se_sample(busy), servers * batches["se"]["occupancy"])
    assert_within("mean number in service", float(busy.mean()), se, ls)
    assert theory.time_average_count(arrival, arrival + wait, a, b) == pytest.approx(
        theory.little_l(
            np.count_nonzero((arrival >= a) & (arrival < b)) / (b - a),
            result.stats()["mean_wait_s"],
        ),
        rel=1e-3,
    )


def ciw_batches(per_hour, servers, service, patience, hours, warmup_h, seed, n_batches=20):
    ciw = pytest.importorskip("ciw")
    mu_s, sigma_s = service.log_params
    mu_p, sigma_p = patience.log_params
    network = ciw.create_network(
        arrival_distributions=[ciw.dists.Exponential(rate=per_hour / 3600.0)],
        service_distributions=[ciw.dists.Lognormal(mean=mu_s, sd=sigma_s)],
        number_of_servers=[servers],
        reneging_time_distributions=[ciw.dists.Lognormal(mean=mu_p, sd=sigma_p)],
    )
    ciw.seed(seed)
    sim = ciw.Simulation(network)
    sim.simulate_until_max_time(hours * 3600.0)
    recs = [r for r in sim.get_all_records() if r.record_type in ("service", "renege")]
    arrival = np.array([r.arrival_date for r in recs])
    wait = np.array([r.waiting_time for r in recs])
    reneged = np.array([r.record_type == "renege" for r in recs])
    # customers still inside at the end have no record: stop measuring well before the end
    edges = np.linspace(warmup_h * 3600.0, (hours - 5.0) * 3600.0, n_batches + 1)
    rows = []
    for a, b in zip(edges[:-1], edges[1:], strict=True):
        m = (arrival >= a) & (arrival < b)
        rows.append((np.mean(wait[m]), np.mean(wait[m] > 0), np.mean(reneged[m])))
    rows = np.array(rows)
    return rows.mean(axis=0), rows.std(axis=0, ddof=1) / math.sqrt(n_batches)


def test_agrees_with_ciw_on_lognormal_service_and_patience():
    servers, service, patience = 3, LogNormal(120.0, 80.0), LogNormal(180.0, 120.0)
    per_hour = 0.95 * servers * 3600.0 / service.mean_s
    ciw_mean, ciw_se = ciw_batches(per_hour, servers, service, patience, 600.0, 10.0, seed=1)
    ours = simulate_queue(per_hour, servers, service, patience, 6000.0, seed=1).batch_stats(20)
    for i, key in enumerate(("mean_wait_s", "p_wait", "p_abandon")):
        se = math.hypot(ours["se"][key], ciw_se[i])
        assert_within(f"{key} (servicesim vs Ciw)", ours["mean"][key], se, ciw_mean[i])


# ---------------------------------------------------------------- seeds and common random numbers


def test_same_seed_same_records_and_different_seeds_differ():
    args = (500.0, 4, "lognormal:30,20", "exp:60", 50.0)
    a, b = simulate_queue(*args, seed=42), simulate_queue(*args, seed=42)
    for name in (*OUTPUTS, "arrival_s", "work_s", "patience_s"):
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name), err_msg=name)
    assert a.overtime_s == b.overtime_s and a.summary() == b.summary()
    c = simulate_queue(*args, seed=43)
    assert len(c.arrival_s) != len(a.arrival_s) or not np.array_equal(c.arrival_s, a.arrival_s)
    assert a.summary() != c.summary()


def test_common_random_numbers_across_patience_and_service():
    base = dict(arrivals_per_hour=300.0, servers=3, hours=40.0, seed=9)
    runs = [
        simulate_queue(service="exp:40", patience=p, **base)
        for p in ("exp:60", "lognormal:60,30", "inf", "fixed:10")
    ]
    for r in runs[1:]:
        np.testing.assert_array_equal(r.arrival_s, runs[0].arrival_s)
        np.testing.assert_array_equal(r.work_s, runs[0].work_s)
    assert not np.array_equal(runs[0].patience_s, runs[1].patience_s)
    # a longer mean patience scales the same draws: nobody becomes less patient
    longer = simulate_queue(service="exp:40", patience="exp:120", **base)
    np.testing.assert_allclose(longer.patience_s, 2.0 * runs[0].patience_s, rtol=1e-15)
    assert longer.stats()["p_abandon"] < runs[0].stats()["p_abandon"]
    # changing the service distribution leaves arrivals and patience unchanged
    other = simulate_queue(service="lognormal:40,10", patience="exp:60", **base)
    np.testing.assert_array_equal(other.arrival_s, runs[0].arrival_s)
    np.testing.assert_array_equal(other.patience_s, runs[0].patience_s)


# ---------------------------------------------------------------- API, statistics, parsing


def test_stats_match_a_direct_computation():
    r = simulate_queue(200.0, 2, "exp:30", "exp:45", 30.0, seed=4, warmup_hours=2.0)
    df = r.to_frame()
    assert list(df.columns[:5]) == ["arrival_s", "wait_s", "abandoned", "server", "service_s"]
    a, b = 2 * 3600.0, 30 * 3600.0
    win = df[(df.arrival_s >= a) & (df.arrival_s < b)]
    s = r.stats()
    assert s["contacts"] == len(win)
    assert s["p_wait"] == pytest.approx((win.wait_s > 0).mean())
    assert s["mean_wait_s"] == pytest.approx(win.wait_s.mean())
    assert s["service_level_20s"] == pytest.approx(((~win.abandoned) & (win.wait_s <= 20)).mean())
    assert s["p_abandon"] == pytest.approx(win.abandoned.mean())
    assert s["mean_service_s"] == pytest.approx(win.service_s[~win.abandoned].mean())
    busy = 0.0
    for row in df[~df.abandoned].itertuples():
        st_, en = row.arrival_s + row.wait_s, row.end_s
        busy += max(0.0, min(en, b) - max(st_, a))
    assert s["occupancy"] == pytest.approx(busy / (2 * (b - a)), rel=1e-12)
    assert 0 < s["p_abandon"] < s["p_wait"] < 1


def test_defaults_and_empty_window():
    r = simulate_queue(10.0, 1, Fixed(60.0), Infinite(), 5.0, seed=0)
    assert r.warmup_s == 0.5 * 3600.0 == default_warmup_hours(5.0) * 3600.0
    assert default_warmup_hours(100.0) == 1.0
    s = r.stats(0.0, 1e-3)
    assert s["contacts"] == 0 and math.isnan(s["p_wait"]) and math.isnan(s["mean_wait_s"])
    assert r.theory() is None  # fixed service: no Erlang reference


@pytest.mark.parametrize(
    "text,expected",
    [
        ("exp:120", Exponential(120.0)),
        (" LogNormal:120, 80 ", LogNormal(120.0, 80.0)),
        ("fixed:0", Fixed(0.0)),
        ("inf", Infinite()),
    ],
)
def test_parse_dist_round_trip(text, expected):
    got = parse_dist(text, "--patience")
    assert got == expected
    assert parse_dist(str(got), "--patience") == got


def test_lognormal_has_the_requested_mean_and_sd():
    d = LogNormal(120.0, 80.0)
    x = d.sample(np.random.default_rng(0), 400_000)
    assert x.mean() == pytest.approx(120.0, rel=0.01)
    assert x.std() == pytest.approx(80.0, rel=0.02)


@pytest.mark.parametrize(
    "text", ["exp:", "lognormal:1", "gamma:3", "fixed:-1", "exp:0", "exp:nan", "", "inf:3"]
)
def test_parse_dist_rejects_bad_text(text):
    with pytest.raises(InputError) as info:
        parse_dist(text, "--service", allow_infinite=False)
    assert info.value.name == "--service" and info.value.value == text
    assert "exp:MEAN_S" in info.value.allowed and "lognormal:MEAN_S,SD_S" in info.value.allowed


def test_parse_dist_inf_only_for_patience():
    assert parse_dist("inf", "--patience") == Infinite()
    with pytest.raises(InputError, match="only valid for patience"):
        parse_dist("inf", "--service", allow_infinite=False)


@pytest.mark.parametrize(
    "kwargs,name",
    [
        ({"arrivals_per_hour": 0.0}, "arrivals_per_hour"),
        ({"arrivals_per_hour": math.inf}, "arrivals_per_hour"),
        ({"servers": 0}, "servers"),
        ({"servers": 2.0}, "servers"),
        ({"servers": True}, "servers"),
        ({"service": Infinite()}, "service"),
        ({"service": "inf"}, "service"),
        ({"patience": "exp:-3"}, "patience"),
        ({"hours": -1.0}, "hours"),
        ({"warmup_hours": 10.0}, "warmup_hours"),
        ({"warmup_hours": -0.5}, "warmup_hours"),
        ({"seed": -1}, "seed"),
        ({"seed": 1.5}, "seed"),
        ({"arrivals_per_hour": 1e9}, "arrivals_per_hour"),
    ],
)
def test_simulate_queue_rejects_bad_input(kwargs, name):
    args = dict(
        arrivals_per_hour=10.0, servers=2, service="exp:60", patience="inf", hours=10.0, seed=0
    )
    args.update(kwargs)
    with pytest.raises(InputError) as info:
        simulate_queue(**args)
    assert info.value.name == name
