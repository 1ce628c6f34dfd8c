"""The workshop dashboard without a browser: the run behind the page, its charts and export,
the page itself (rendered by Solara in-process and stepped through its buttons), the offline
settings, and the ``dashboard`` command."""

from __future__ import annotations

import json
import os
import re
import socket
from html import unescape as html_unescape

import numpy as np
import pandas as pd
import pytest

from servicesim.dashboard import charts, offline, setups, staffview, story, texts
from servicesim.dashboard.export import export_run, write_compare
from servicesim.dashboard.session import Snapshot, WorkshopRun, notable_events, per_month
from servicesim.dashboard.settings import Settings, Side, preset_levers
from servicesim.params.config import preset_names
from servicesim.present.data import load_results

SMALL = 10_000  # the fastest population that still has a contact centre


def pair(a: str = "rule_bound", b: str = "empowered", days: int = 60, **kw) -> Settings:
    return Settings("default", (Side.from_preset(a), Side.from_preset(b)), SMALL, days, **kw)


@pytest.fixture(scope="module")
def stepped() -> WorkshopRun:
    run = WorkshopRun(pair(days=40))
    run.step(25)
    return run


# --- levers and labels ---------------------------------------------------------------------------


def test_every_slider_is_a_policy_field_inside_its_bounds():
    texts.check_levers()
    for lever in texts.LEVERS:
        assert lever.help and lever.label and lever.min < lever.max


@pytest.mark.parametrize("policy", preset_names("policies"))
def test_every_preset_fits_on_the_sliders(policy):
    # a preset value outside a slider's range would be clipped by the slider and silently changed
    values = preset_levers(policy)
    for lever in texts.LEVERS:
        assert lever.min <= values[lever.name] <= lever.max, (policy, lever.name)


def test_glossary_explains_the_jargon_the_brief_names():
    terms = " ".join(texts.GLOSSARY).lower()
    for word in ("handling time", "first-contact resolution", "occupancy", "nps"):
        assert word in terms


def test_a_moved_lever_renames_the_policy_and_reaches_the_config():
    side = Side.from_preset("rule_bound").with_lever("empowerment", 0.45)
    assert side.changed and not Side.from_preset("rule_bound").changed
    settings = Settings("default", (side, Side.from_preset("empowered")), SMALL, 30)
    assert settings.labels() == ["rule_bound (changed)", "empowered"]
    assert settings.titles() == ["Rule-bound (changed)", "Empowered"]
    cfg_a, cfg_b = settings.configs()
    assert cfg_a.policy.empowerment == pytest.approx(0.45)
    assert cfg_a.policy.discretion_cap == 0.0  # the rest of the preset is kept
    assert cfg_a.run.seed == cfg_b.run.seed


def test_the_same_preset_twice_gets_two_names():
    assert pair("empowered", "empowered").labels() == ["empowered A", "empowered B"]


def test_descriptions_are_plain_words_about_this_run():
    shown = [
        texts.preset_description(kind, name)
        for kind in ("policies", "scenarios")
        for name in preset_names(kind)
    ]
    shown += [lever.help for lever in texts.LEVERS] + list(texts.GLOSSARY.values())
    for text in shown:
        assert text, "a preset without a description"
        assert "`" not in text and "--" not in text and "_" not in text, text
        assert not re.search(r"\d[\d,]* (front-?line )?staff", text), text  # another firm's size
    # the figures a business's description names are that business's
    for name in preset_names("scenarios"):
        cfg = Settings(name, (Side.from_preset("guardrailed"),), SMALL, 30).configs()[0].scenario
        words = texts.preset_description("scenarios", name)
        if name != "demand_shock":
            assert re.search(rf"covers (only )?{cfg.rule_coverage:.0%} of problems", words), name
            assert re.search(rf"\${cfg.revenue_per_customer_per_year:,.0f} a year", words), name
            assert f"{cfg.margin:.0%} margin" in words, name
        else:
            assert f"{cfg.pulse_extra:.0%} more problems" in words


def test_levers_with_a_small_effect_say_so():
    small = {
        "empowerment",
        "discretion_cap",
        "metric_focus",
        "frontline_days_per_month",
        "rule_transparency",
    }
    for lever in texts.LEVERS:
        says = "small effect" in lever.help.lower() or "little" in lever.help.lower()
        assert says == (lever.name in small), lever.name


# --- the story: so far, this month, the verdict (synthetic series) -------------------------------


def synthetic(days_done: int, days: int = 730, n: int = 2, **per_side) -> Snapshot:
    """A snapshot of made-up daily series: every column the scoreboard reads, constant per day
    unless given (``profit=(a, b)`` etc.), plus the so-far numbers of the run summary."""
    base = {
        "profit": 10_000.0,
        "revenue": 50_000.0,
        "cost_hiring": 0.0,
        "customers_active": 30_000.0,
        "mean_satisfaction": 0.7,
        "nps": 0.0,
        "staff_morale": 0.6,
        "staff_count": 14.0,
        "churned": 10.0,
        "new_customers_referral": 2.0,
        "new_customers_paid": 8.0,
        "staff_quits": 0.0,
    }
    frames = []
    for k in range(n):
        cols = {"day": np.arange(days_done)}
        for name, default in base.items():
            value = per_side.get(name, (default,) * n)[k]
            cols[name] = np.broadcast_to(np.asarray(value, dtype=float), (days_done,)).copy()
        frames.append(pd.DataFrame(cols))
    kept = list(per_side.get("kept", (24_000, 24_264)))[:n]
    return Snapshot(
        day=days_done,
        days=days,
        labels=["rule_bound", "empowered"][:n],
        titles=["Rule-bound", "Empowered"][:n],
        colors=["#0072B2", "#E69F00"][:n],
        timeseries=frames,
        staff_morale=[np.full(14, 0.6)] * n,
        staff_ids=[np.arange(14)] * n,
        staff_recognised=[np.zeros(14)] * n,
        satisfaction=[np.full(100, 0.7)] * n,
        events=[pd.DataFrame()] * n,
        start_customers=[30_000] * n,
        kept=kept,
        fcr=list(per_side.get("fcr", (0.47, 0.69)))[:n],
    )


def test_so_far_adds_up_the_days_since_day_0():
    snap = synthetic(100, profit=(10_000.0, 9_000.0), churned=(10.0, 8.0), staff_quits=(0.1, 0.0))
    table = story.so_far(snap)
    assert table.loc["Profit so far"].tolist() == pytest.approx([1e6, 9e5, -1e5])
    assert table.loc["Starting customers kept"].tolist() == pytest.approx([0.8, 0.8088, 0.0088])
    assert table.loc["Customers won"].tolist() == [1000, 1000, 0]
    assert table.loc["Customers lost"].tolist() == [1000, 800, -200]
    assert table.loc["First-contact resolution"].tolist() == pytest.approx([0.47, 0.69, 0.22])
    assert table.loc["Staff who quit"].tolist() == pytest.approx([10, 0, -10])
    # shown as a room reads them, the gap coloured by which way is better
    assert story.show("Profit so far", 1e6) == "$1.00M"
    assert story.show("Profit so far", -1e5, signed=True) == "-$100k"
    assert story.show("Starting customers kept", 0.0088, signed=True) == "+0.9 pp"
    assert story.judged("Customers lost", -200) == "better"
    assert story.judged("Profit so far", -1e5) == "worse"
    assert story.judged("Starting customers kept", 0.00004) == ""  # reads '0.0 pp': no gap
    assert story.judged("Front-line staff", 3) == ""  # neither better nor worse


def test_one_days_hiring_is_not_a_month_long_trough():
    hiring = np.zeros(200)
    hiring[100] = 36_500.0  # a batch of hires booked on one day
    snap = synthetic(200, n=1, profit=(10_000.0 - hiring,), cost_hiring=(hiring,))
    raw = per_month(snap.timeseries[0]["profit"])
    smooth = per_month(story.smoothed_profit(snap.timeseries[0]))
    assert raw.iloc[110] == pytest.approx((10_000 - 36_500 / 30) * 365.25 / 12)  # the trough
    assert smooth.iloc[110] == pytest.approx((10_000 - 100.0 * 11 / 30) * 365.25 / 12)
    assert smooth.iloc[150] == pytest.approx((10_000 - 100.0) * 365.25 / 12)  # $100 a day
    assert story.this_month(snap).loc["Profit per month"].iloc[0] == pytest.approx(smooth.iloc[-1])
    assert story.so_far(snap).loc["Profit so far"].iloc[0] == pytest.approx(2e6 - 36_500)
    # spread over a year, the cost adds up to what was paid once the year has passed
    spread = story.spread_cost(pd.Series(hiring.tolist() + [0.0] * 400))
    assert spread.sum() == pytest.approx(36_500) and spread.max() == pytest.approx(100.0)


@pytest.mark.parametrize(
    ("done", "profit", "kept", "sentence"),
    [
        (
            730,
            (10_000.0, 9_836.0),
            (24_000, 24_512),
            "Empowered kept 512 more of the starting customers than Rule-bound and made $120k "
            "(1.6%) less profit over two years.",
        ),
        (
            213,
            (10_000.0, 10_100.0),
            (24_000, 23_990),
            "So far, after 7 months, Empowered has kept 10 fewer of the starting customers than "
            "Rule-bound and has made $21k (1.0%) more profit.",
        ),
        (
            12,
            (10_000.0, 10_001.0),
            (24_000, 24_000),
            "So far, after 12 days, Empowered has kept as many of the starting customers as "
            "Rule-bound and has made about the same profit.",
        ),
    ],
)
def test_the_verdict_says_the_gap_in_plain_words(done, profit, kept, sentence):
    assert story.verdict(synthetic(done, profit=profit, kept=kept)) == sentence


def test_the_verdict_of_one_policy_and_of_day_0():
    one = synthetic(365, days=365, n=1, kept=(24_000,))
    assert story.verdict(one) == (
        "Rule-bound kept 80.0% of its starting customers (24,000) and made $3.65M profit over "
        "one year."
    )
    assert story.verdict(synthetic(0)).startswith("Press Play")
    assert [story.span_words(d) for d in (1, 30, 91, 365, 1095)] == [
        "one day",
        "30 days",
        "3 months",
        "one year",
        "three years",
    ]


# --- the guide's scenarios -----------------------------------------------------------------------


def _guide() -> str:
    from servicesim.dashboard import guide

    return " ".join(guide.text().split())  # the guide the package ships


def _preset(kind: str, name: str) -> str:
    """The preset the guide means by a name it prints in italics."""
    titles = texts.SCENARIO_TITLES if kind == "scenarios" else texts.POLICY_TITLES
    found = [k for k, t in titles.items() if t == name or t.startswith(name + " (")]
    assert len(found) == 1, (kind, name, found)
    return found[0]


def _guide_setups() -> dict[str, dict[str, object]]:
    """What the guide tells the facilitator to set up, scenario by scenario."""
    guide = _guide()
    defaults = re.search(
        r"Every scenario button sets what the guide's numbers were measured with: side by side, "
        r"([\d,]+) customers, (\w+) years",
        guide,
    )
    assert defaults, "the guide no longer names its defaults"
    years = {"one": 1, "two": 2, "three": 3}[defaults.group(2)]
    common = {"customers": int(defaults.group(1).replace(",", "")), "days": 365 * years}
    out: dict[str, dict[str, object]] = {}
    sections = re.split(r"## Scenario (\d)", guide)[1:]
    for number, body in zip(sections[::2], sections[1::2], strict=True):
        business = None
        for part, setup in re.findall(r"\*\*Set up(?:, part ([AB]))?:\*\*(.*?)(?=\*\*|$)", body):
            found = re.search(r"Business \*([^*]+)\*", setup)
            business = _preset("scenarios", found.group(1)) if found else business
            assert business is not None or "keep the business" in setup
            speed = re.search(r'Set "(a \w+) at a time"', setup)
            switch = re.search(
                r"Policy 2 \*[^*]+\*, starting as \*([^*]+)\* and switching on day (\d+)", setup
            )
            out[f"Scenario {number}{'B' if part == 'B' else ''}"] = {
                **common,
                "scenario": business,
                "policies": tuple(
                    _preset("policies", re.search(rf"Policy {k} \*([^*]+)\*", setup).group(1))
                    for k in (1, 2)
                ),
                "levers": ({}, {}),
                "speed": speed.group(1) if speed else "a month",
                "switch": (_preset("policies", switch.group(1)), int(switch.group(2)))
                if switch
                else None,
            }
    for button, field, pattern in (
        ("Front-line days", "frontline_days_per_month", r"\*Managers on the front line\*"),
        ("Transparency", "rule_transparency", r"\*Rule transparency\*"),
    ):
        found = re.search(
            pattern + r".*?([\w-]+) on both sides, (\d+(?:\.\d+)?) versus (\d+(?:\.\d+)?)", guide
        )
        assert found, f"the guide no longer sets up {button}"
        policy = _preset("policies", found.group(1))
        out[button] = {
            **common,
            "scenario": "default",  # the guide names no business for these: the mid-range one
            "policies": (policy, policy),
            "levers": ({field: float(found.group(2))}, {field: float(found.group(3))}),
            "speed": "a month",
            "switch": None,
        }
    return out


def test_every_scenario_button_sets_what_the_guide_says():
    guide = _guide_setups()
    assert [s.button for s in setups.SETUPS] == list(guide)
    for setup in setups.SETUPS:
        want = guide[setup.button]
        got = {
            "customers": setup.customers,
            "days": setup.days,
            "scenario": setup.scenario,
            "policies": setup.policies,
            "levers": setup.levers,
            "speed": setup.speed,
            "switch": (setup.switch_from, setup.switch_at) if setup.switch_at else None,
        }
        assert got == want, setup.button
        settings = setup.settings()
        assert settings.seed == 0 and settings.configs()  # the guide's seed, and it validates
        for side, levers in zip(settings.sides, setup.levers, strict=True):
            for name, value in levers.items():
                assert side.values[name] == value
        assert setups.matching(settings) is setup
        # policy 1 plays its preset all along; policy 2 switches as the guide says, if at all
        assert not settings.sides[0].switches
        assert (settings.sides[1].switch_from, settings.sides[1].switch_at) == (
            setup.switch_from,
            setup.switch_at,
        )


def test_the_switch_scenario_says_it_switches_in_plain_words():
    settings = setups.SETUP_BY_BUTTON["Scenario 6"].settings()
    assert settings.titles() == ["Rule-bound", "Empowered from day 180"]
    assert settings.labels() == ["rule_bound", "empowered from day 180 (rule_bound before)"]
    assert settings.switch_words() == [
        None,
        "Starts as Rule-bound; switches to Empowered on day 180",
    ]
    assert "Policy 2 starts as Rule-bound; switches to Empowered on day 180" in (
        settings.switch_banner()
    )
    rule, switched = settings.configs()
    assert rule.run.switch_at is None and switched.run.switch_at == 180
    assert (
        switched.switch_from_name == "rule_bound" and switched.policy_name == settings.labels()[1]
    )
    # a side keeps its switch when its preset or levers change, and loses it only when asked
    side = settings.sides[1]
    assert side.with_preset("guardrailed").switch_at == 180
    assert side.with_lever("empowerment", 0.5).reset_levers() == side
    assert side.with_switch(None, None) == Side.from_preset("empowered")
    # without its switch the button's run is scenario 1's
    plain = Settings("default", (settings.sides[0], side.with_switch(None, None)), 30_000, 730)
    assert setups.matching(plain) is setups.SETUP_BY_BUTTON["Scenario 1"]


# --- the run -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def switched() -> WorkshopRun:
    """Rule-bound against rule-bound switching to empowered on day 20 (small and short)."""
    settings = pair("rule_bound", "empowered", days=40)
    sides = (settings.sides[0], settings.sides[1].with_switch("rule_bound", 20))
    run = WorkshopRun(Settings("default", sides, SMALL, 40))
    run.step(20)
    run.before = run.snapshot()  # type: ignore[attr-defined]
    run.step(20)
    return run


def test_a_switching_side_is_the_policy_it_starts_as_until_the_switch_day(switched):
    a, b = switched.snapshot().timeseries
    numbers = [c for c in a.columns if a[c].dtype.kind in "fi"]
    pd.testing.assert_frame_equal(a.iloc[:20][numbers], b.iloc[:20][numbers])
    assert not a.iloc[20:]["staff_morale"].equals(b.iloc[20:]["staff_morale"])
    assert not np.allclose(a.iloc[20:]["fcr_rate"], b.iloc[20:]["fcr_rate"], equal_nan=True)
    # the switch day costs the staff: skill and morale fall that day (training, change fatigue)
    assert b["mean_skill"].iloc[20] < a["mean_skill"].iloc[20]
    assert b["staff_morale"].iloc[20] < a["staff_morale"].iloc[20]


def test_the_charts_and_the_verdict_mark_the_switch(switched):
    before, after = switched.before, switched.snapshot()
    (coming,) = before.marks
    assert (coming.kind, coming.start, coming.end, coming.side) == ("switch", 20, 21, 1)
    assert coming.label == "switch on day 20"
    assert story.verdict(before).endswith(" Policy 2 switches to Empowered on day 20.")
    (done,) = after.marks
    assert done.start == 20 and done.end > 21  # the training rollout, once played
    assert "switches" not in story.verdict(after)
    assert after.titles == ["Rule-bound", "Empowered from day 20"]
    assert story.verdict(after).startswith("Empowered from day 20 ")
    for name in ("customers", "morale", "profit_so_far"):
        fig = charts.CHARTS[name](after)
        labels = fig.axes[0].get_legend_handles_labels()[1]
        assert labels[-1] == "switch on day 20", labels
    assert charts.png(charts.CHARTS["morale"], before).startswith(b"\x89PNG")


def test_the_surge_of_problems_is_shaded_where_the_business_has_one():
    run = WorkshopRun(Settings("demand_shock", (Side.from_preset("guardrailed"),), SMALL, 100))
    (surge,) = run.snapshot().marks
    assert (surge.kind, surge.start, surge.end) == ("surge", 40, 55)
    run.step(50)
    labels = charts.CHARTS["satisfaction"](run.snapshot()).axes[0].get_legend_handles_labels()[1]
    assert "surge of problems" in labels
    assert not WorkshopRun(pair(days=10)).snapshot().marks  # the default business has none


def test_a_saved_switching_run_reopens_with_its_switch_and_settings(switched, tmp_path):
    from servicesim.dashboard import saved

    done = export_run(switched, tmp_path)
    again = saved.reopen(done.folder)
    snap = switched.snapshot()
    assert again.marks == snap.marks and again.titles == snap.titles
    assert story.verdict(again) == story.verdict(snap)
    assert saved.saved_settings(done.folder) == switched.settings
    manifest = json.loads((done.folder / "manifest.json").read_text())
    assert manifest["switches"] == {
        "empowered from day 20 (rule_bound before)": {"from": "rule_bound", "at": 20}
    }
    handout = html_unescape(done.handout.read_text())
    assert "Empowered from day 20" in handout and "A switch of policy costs the staff" in handout
    assert "Starts as Rule-bound; switches to Empowered on day 20" in handout


def test_same_policy_twice_gives_identical_runs():
    run = WorkshopRun(pair("guardrailed", "guardrailed", days=20))
    run.step(20)
    a, b = (m.timeseries() for m in run.models)
    pd.testing.assert_frame_equal(a, b)


def test_two_policies_meet_the_same_customers_and_problems(stepped):
    a, b = stepped.snapshot().timeseries
    # day 0's new problems are drawn before any policy acts: common random numbers make them equal
    assert a["problems"].iloc[0] == b["problems"].iloc[0] > 0
    # ... and the policies do differ afterwards
    assert not np.allclose(a["staff_morale"], b["staff_morale"])


def test_keep_going_stops_a_step_within_a_day():
    run = WorkshopRun(pair(days=30))
    asked: list[int] = []
    assert run.step(10, keep_going=lambda: asked.append(run.day) or len(asked) < 3) == 3
    assert asked == [1, 2, 3]


def test_step_stops_at_the_horizon_and_snapshot_is_consistent(stepped):
    snap = stepped.snapshot()
    assert snap.day == 25 == len(snap.timeseries[0]) == len(snap.timeseries[1])
    for morale, ids in zip(snap.staff_morale, snap.staff_ids, strict=True):
        assert morale.size == ids.size > 0 and ((morale >= 0) & (morale <= 1)).all()
    for sat in snap.satisfaction:
        assert sat.size > 0.5 * SMALL and ((sat >= 0) & (sat <= 1)).all()
    short = WorkshopRun(pair(days=5))
    assert short.step(30) == 5 and short.done


def test_scoreboard_gap_is_second_minus_first(stepped):
    snap = stepped.snapshot()
    for table in (story.so_far(snap), story.this_month(snap)):
        assert list(table.columns) == ["rule_bound", "empowered", "gap"]
        assert np.allclose(table["gap"], table["empowered"] - table["rule_bound"])
    active = [ts["customers_active"].iloc[-1] for ts in snap.timeseries]
    assert story.this_month(snap).loc["Customers"].tolist()[:2] == active


def test_so_far_reads_the_run_summary_and_the_ledger(stepped):
    snap = stepped.snapshot()
    table = story.so_far(snap)
    for k, (ts, summary) in enumerate(zip(snap.timeseries, snap.summaries, strict=True)):
        column = table.iloc[:, k]
        assert column["Profit so far"] == pytest.approx(summary["profit"])
        assert column["Starting customers kept"] == pytest.approx(
            summary["retention_rate"], abs=1 / snap.start_customers[k]
        )
        assert column["First-contact resolution"] == pytest.approx(summary["fcr_rate"])
        assert column["Customers lost"] == summary["churned"]
        won = summary["new_customers_referral"] + summary["new_customers_paid"]
        assert column["Customers won"] == won
        assert 0 < snap.kept[k] <= snap.start_customers[k]
        assert abs(snap.start_customers[k] - ts["customers_active"].iloc[0]) < 0.01 * SMALL


def test_money_per_month_is_the_30_day_mean_times_days_in_a_month():
    daily = pd.Series(np.arange(60, dtype=float))
    monthly = per_month(daily)
    assert monthly.iloc[-1] == pytest.approx(np.mean(np.arange(30, 60)) * 365.25 / 12)
    assert monthly.iloc[0] == pytest.approx(0.0)


def test_the_feed_is_newest_first_and_varied():
    rows = [(d, k, 100 + d, 7, 10) for d in range(10) for k in (0, 1)]
    frame = pd.DataFrame(rows, columns=["day", "kind", "person", "staff", "value"])
    frame["label"] = frame["kind"].map({0: "staff quit", 1: "hero recovery"})
    frame["text"] = [f"Day {d}: event" for d in frame["day"]]
    picked = notable_events(frame, n=5, per_kind=2)
    assert picked["day"].tolist() == [9, 9, 8, 8] and picked["label"].iloc[0] == "hero recovery"
    assert picked.groupby("label").size().max() == 2


def test_the_feed_names_day_and_person_and_changes_with_the_seed():
    texts_by_seed = []
    for seed in (1, 2):
        run = WorkshopRun(pair(days=60, seed=seed))
        run.step(60)
        feed = notable_events(run.snapshot().events[0])
        assert len(feed) > 0
        assert feed["text"].str.match(r"Day \d+: .*#\d+").all()
        texts_by_seed.append(feed["text"].tolist())
    assert texts_by_seed[0] != texts_by_seed[1]


# --- charts and export ---------------------------------------------------------------------------


def test_every_chart_draws_before_and_after_a_step(stepped):
    fresh = WorkshopRun(pair(days=40)).snapshot()
    later = stepped.snapshot()
    for name, build in charts.CHARTS.items():
        before, after = charts.png(build, fresh), charts.png(build, later)
        assert before.startswith(b"\x89PNG") and after.startswith(b"\x89PNG"), name
        assert before != after, f"chart {name} does not change when the run moves on"


def test_staff_carry_the_latitude_granted_and_used(stepped):
    snap = stepped.snapshot()
    for morale, granted, used, cap in zip(
        snap.staff_morale, snap.staff_granted, snap.staff_used, snap.staff_cap, strict=True
    ):
        assert morale.size == granted.size == used.size == cap.size > 0
        assert ((used >= 0) & (used <= granted + 1e-9)).all()
    rules, empowered = snap.staff_granted
    assert (rules == 0).all() and np.allclose(empowered, 0.8)  # the presets' empowerment
    assert np.allclose(snap.staff_cap[1], 300.0) and (snap.staff_used[1] > 0).all()
    assert staffview.latitude_words(rules, snap.staff_used[0], snap.staff_cap[0]).startswith(
        "latitude granted: none"
    )


def test_a_senior_tier_is_granted_more_and_the_staff_view_says_so(monkeypatch):
    from servicesim.dashboard import settings

    plain = settings.resolve
    tier = [
        "policy.senior_skill=0.9",
        "policy.senior_extra_latitude=0.2",
        "policy.senior_cap_multiple=3",
    ]
    monkeypatch.setattr(settings, "resolve", lambda p, s, sets, *a: plain(p, s, [*sets, *tier], *a))
    run = WorkshopRun(Settings("default", (Side.from_preset("empowered"),), SMALL, 10))
    run.step(10)
    snap = run.snapshot()
    skill = np.array([a.skill for a in sorted(run.models[0].frontline, key=lambda a: a.hire_id)])
    senior = skill >= 0.9
    assert np.allclose(snap.staff_granted[0], np.where(senior, 1.0, 0.8))
    assert np.allclose(snap.staff_cap[0], np.where(senior, 900.0, 300.0))
    words = staffview.latitude_words(
        np.array([0.8, 1.0, 1.0]), np.array([0.4, 0.9, 0.5]), np.array([300.0, 900.0, 900.0])
    )
    assert words == (
        "latitude granted 0.80-1.00 (2 senior), used 0.60 on average; cap $300-$900 a case"
    )


def test_the_staff_view_draws_latitude_used(stepped):
    from dataclasses import replace

    snap = stepped.snapshot()
    idle = replace(snap, staff_used=[np.zeros_like(u) for u in snap.staff_used])
    assert charts.png(charts.staff, snap) != charts.png(charts.staff, idle)


def test_every_chart_draws_in_the_presentation_shape(stepped):
    from io import BytesIO

    from PIL import Image

    snap = stepped.snapshot()
    assert set(charts.CHART_TITLES) == set(charts.CHARTS)
    normal = Image.open(BytesIO(charts.png(charts.customers, snap))).size
    wide = Image.open(BytesIO(charts.png(charts.customers, snap, wide=True))).size
    assert wide[0] == normal[0] and wide[1] < normal[1]


def test_axes_keep_a_sensible_floor_so_a_small_gap_reads_small():
    # two policies 0.01 apart: autoscaled, that gap would fill the chart
    snap = synthetic(
        200,
        customers_active=(30_000.0, 30_100.0),
        mean_satisfaction=(0.72, 0.73),
        staff_morale=(0.60, 0.61),
        profit=(10_000.0, 9_900.0),
    )
    with __import__("matplotlib").rc_context(charts.STYLE):
        limits = {
            name: charts.CHARTS[name](snap).axes[0].get_ylim()
            for name in ("customers", "satisfaction", "morale", "profit", "profit_so_far")
        }
    assert limits["satisfaction"][0] <= 0.5 and limits["satisfaction"][1] >= 1.0
    assert limits["morale"] == pytest.approx((0.0, 1.0), abs=0.05)
    low, high = limits["customers"]
    assert low <= 0.85 * 30_000 and high >= 1.05 * 30_000
    for money in ("profit", "profit_so_far"):
        low, high = limits[money]
        assert low <= 0.0 < high
    top = snap.timeseries[0]["profit"].sum() / 1e6
    assert limits["profit_so_far"][1] > top  # room above the line, not cut at the top


def test_profit_ticks_in_millions_never_read_twice():
    ticks = [charts._millions(x) for x in (0.0, 0.05, 0.1, 0.15, 2.5, 8.0, -0.0)]
    assert ticks == ["0", "0.05", "0.1", "0.15", "2.5", "8", "0"]


def test_export_is_a_compare_folder_the_report_reads(stepped, tmp_path):
    done = export_run(stepped, tmp_path)
    res = load_results(done.folder)
    assert res.kind == "compare" and res.policies == ["rule_bound", "empowered"]
    assert res.replicates == 1 and res.manifest["crn"] is True and res.manifest["days"] == 25
    assert res.manifest["source"] == "dashboard"
    assert set(res.manifest["levers"]) == {"rule_bound", "empowered"}
    assert len(res.timeseries) == 2 * 25
    cmp = res.comparison.set_index(["metric", "policy"])
    runs = res.runs.set_index("policy")
    diff = runs.loc["empowered", "profit"] - runs.loc["rule_bound", "profit"]
    assert cmp.loc[("profit", "empowered"), "diff"] == pytest.approx(diff)
    assert cmp[["ci_low", "ci_high"]].isna().all().all()  # one replicate: no interval
    assert done.report is not None and done.report.read_text().startswith("<!DOCTYPE html>")


def test_export_refuses_an_empty_run(tmp_path):
    with pytest.raises(ValueError, match="nothing to export"):
        write_compare(WorkshopRun(pair(days=10)), tmp_path)


# --- the page ------------------------------------------------------------------------------------


@pytest.fixture
def page(monkeypatch):
    solara = pytest.importorskip("solara")
    from servicesim.dashboard import app, state

    # the charts are tested above; here a stub keeps each redraw of the page fast
    monkeypatch.setattr(
        charts, "png", lambda build, snap, wide=False: b"\x89PNG stub %d" % snap.day
    )

    state.reset_state()
    state.customers.set(SMALL)
    box, rc = solara.render(app.Page(), handle_error=False)
    yield app, rc
    rc.close()  # first: resetting the state of a mounted page would redraw it
    state.reset_state()


def _texts(rc, css_class: str) -> list[str]:
    import solara

    return [
        w.unsafe_innerHTML
        for w in rc.find(solara.widgets.HTML).widgets
        if css_class in str(w.attributes.get("class", ""))
    ]


def test_page_imports_renders_and_steps(page):
    import ipyvuetify as v

    app, rc = page
    assert _texts(rc, "ss-day") == ["Day 0 of 730"]
    assert any("Same customers, same problems" in t for t in _texts(rc, "ss-banner"))
    rc.find(v.Btn, children=["+1 month"]).widget.click()
    assert _texts(rc, "ss-day") == ["Day 30 of 730"]
    rc.find(v.Btn, children=["Step 1 day"]).widget.click()
    assert _texts(rc, "ss-day") == ["Day 31 of 730"]
    (score,) = _texts(rc, "ss-scoreboard")
    assert "Rule-bound" in score and "Empowered" in score and "Gap" in score
    feed = [t for t in _texts(rc, "") if t and "<ul>" in t]
    assert len(feed) == 2 and all(re.search(r"<li>Day \d+: ", t) for t in feed)


def test_page_restarts_when_a_lever_moves_and_shows_one_policy(page):
    import ipyvuetify as v

    app, rc = page
    rc.find(v.Btn, children=["+1 month"]).widget.click()
    app.side_a.set(app.side_a.value.with_lever("empowerment", 0.5))  # what the slider does
    assert _texts(rc, "ss-day") == ["Day 0 of 730"]
    (score,) = _texts(rc, "ss-scoreboard")
    assert "Rule-bound (changed)" in score
    app.mode.set(app.MODES[0])
    (score,) = _texts(rc, "ss-scoreboard")
    assert "Empowered" not in score and "Gap" not in score
    assert not _texts(rc, "ss-banner")


def test_a_scenario_button_sets_up_the_guide_in_one_redraw(page, monkeypatch):
    import ipyvuetify as v

    from servicesim.dashboard import session, state

    app, rc = page
    built: list[Settings] = []
    make = session.WorkshopRun.__init__

    def counting(self, settings):
        built.append(settings)
        make(self, settings)

    monkeypatch.setattr(session.WorkshopRun, "__init__", counting)
    rc.find(v.Btn, children=["Scenario 4"]).widget.click()
    want = setups.SETUP_BY_BUTTON["Scenario 4"]
    # one new run, at the guide's settings (no half-changed setting warmed up on the way)
    assert built == [want.settings()]
    assert state.current_settings() == want.settings() and state.speed.value == "a week"
    (score,) = _texts(rc, "ss-scoreboard")
    assert "Outsourced for efficiency" in score and "Guardrailed" in score
    assert rc.find(v.Btn, children=["Scenario 4"]).widget.color == "primary"


def test_the_switch_scenario_button_and_the_switch_option_in_the_set_up(page):
    import ipyvuetify as v

    from servicesim.dashboard import state

    app, rc = page
    assert not state.side_b.value.switches and not _texts(rc, "ss-switch-banner")
    rc.find(v.Btn, children=["Scenario 6"]).widget.click()
    want = setups.SETUP_BY_BUTTON["Scenario 6"].settings()
    assert state.current_settings() == want
    (banner,) = _texts(rc, "ss-switch-banner")
    assert "Policy 2 starts as Rule-bound; switches to Empowered on day 180" in banner
    (words,) = _texts(rc, "ss-switch-words")
    assert words.startswith("Starts as Rule-bound; switches to Empowered on day 180.")
    boxes = rc.find(v.Checkbox, label="Start as another policy, switch mid-run")
    assert [b.v_model for b in boxes.widgets] == [False, True]  # policy 1, policy 2
    rc.find(v.Select, label="Switches on").widget.v_model = "day 365"
    assert state.side_b.value.switch_at == 365 and state.side_b.value.switch_from == "rule_bound"
    state.set_length(365)  # a year: the switch moves inside it
    assert state.side_b.value.switch_at == 270 and state.days.value == 365
    boxes.widgets[1].v_model = False
    assert not state.side_b.value.switches and not _texts(rc, "ss-switch-banner")
    boxes = rc.find(v.Checkbox, label="Start as another policy, switch mid-run")
    boxes.widgets[0].v_model = True  # policy 1 (rule-bound) starts as guardrailed
    assert (state.side_a.value.switch_from, state.side_a.value.switch_at) == ("guardrailed", 180)


def test_facilitator_notes_show_the_packaged_guide_over_the_page(page):
    import ipyvuetify as v

    from servicesim.dashboard import guide, state

    app, rc = page
    rc.find(v.Btn, children=["+1 month"]).widget.click()
    assert rc.find(v.Dialog).widget.v_model is False and not _texts(rc, "ss-notes-body")
    rc.find(v.Btn, class_="ss-notes-toggle").widget.click()
    assert state.notes_open.value and rc.find(v.Dialog).widget.v_model is True
    (notes,) = _texts(rc, "ss-notes-body")
    assert notes == guide.to_html() and "<h2>Scenario 5: the best rulebook" in notes
    assert _texts(rc, "ss-day") == ["Day 30 of 730"]  # the run is where it was
    rc.find(v.Card, class_="ss-notes").find(v.Btn).widget.click()  # Close
    assert not state.notes_open.value and rc.find(v.Dialog).widget.v_model is False
    assert not _texts(rc, "ss-notes-body")


def test_presentation_view_folds_the_set_up_and_shows_two_chosen_charts(page):
    import ipyvuetify as v

    from servicesim.dashboard import state

    app, rc = page
    rc.find(v.Btn, children=["+1 month"]).widget.click()
    toggle = rc.find(v.Btn, class_="ss-present-toggle")
    toggle.widget.click()
    assert state.presenting.value
    layout = rc.find(v.Html, class_="ss-layout ss-layout-present")
    assert len(layout.widgets) == 1
    # the set-up column is hidden by CSS, not left out: the run's widgets stay the same ones
    assert len(layout.find(v.Html, class_="ss-controls").widgets) == 1
    (verdict,) = _texts(rc, "ss-verdict")
    assert verdict.startswith("So far, after 30 days, Empowered has kept")
    featured = rc.find(v.Html, class_="ss-featured")
    assert len(featured.find(v.Html, class_="ss-chart ss-chart-customers").widgets) == 1
    assert len(featured.find(v.Html, class_="ss-chart ss-chart-profit_so_far").widgets) == 1
    picks = rc.find(v.Select, label="Chart 2")
    picks.widget.v_model = "Staff morale"
    assert state.featured.value == ("customers", "morale")
    assert len(rc.find(v.Html, class_="ss-chart ss-chart-morale").widgets) == 1  # not twice
    toggle.widget.click()
    assert not state.presenting.value


# --- the debrief, the handout, the robustness sentence ---------------------------------------------


def test_a_saved_run_reopens_with_the_screens_numbers_without_simulating(stepped, tmp_path):
    from servicesim.dashboard import saved

    done = export_run(stepped, tmp_path)
    snap = stepped.snapshot()
    again = saved.reopen(done.folder)
    assert again.day == snap.day == 25 and again.titles == snap.titles
    pd.testing.assert_frame_equal(story.so_far(again), story.so_far(snap))
    pd.testing.assert_frame_equal(story.this_month(again), story.this_month(snap))
    assert story.verdict(again) == story.verdict(snap)
    for name in saved.SAVED_CHARTS:  # every chart that reads the daily series draws again
        assert charts.png(charts.CHARTS[name], again).startswith(b"\x89PNG")
    (listed,) = saved.saved_runs(tmp_path)
    table = story.so_far(snap)
    assert listed.profit == pytest.approx(table.loc["Profit so far"].iloc[:2].tolist())
    assert listed.kept == snap.kept and listed.verdict == story.verdict(snap)
    assert listed.setup is None and listed.business == texts.scenario_title("default")
    (tmp_path / "not-a-run").mkdir()
    (tmp_path / "not-a-run" / saved.SIDECAR).write_text("[]")  # skipped, not an error
    assert len(saved.saved_runs(tmp_path)) == 1


def test_the_handout_is_one_mailable_page_in_plain_words(stepped, tmp_path):
    done = export_run(stepped, tmp_path)
    assert done.handout is not None
    text = done.handout.read_text()
    snap = stepped.snapshot()
    # nothing fetched or linked: the charts are inline, so the file works when mailed
    assert "href=" not in text and "url(" not in text
    images = re.findall(r'<img src="([^"]*)"', text)
    assert len(images) == 3 and all(i.startswith("data:image/png;base64,") for i in images)
    assert html_unescape(story.verdict(snap)) in html_unescape(text)
    assert texts.scenario_title("default") in text and "What the model assumes" in text
    for label, value in story.so_far(snap)["gap"].items():  # the screen's numbers
        assert story.show(str(label), float(value), signed=True) in text
    # developer detail only in the metadata and the closed appendix
    visible = text.split("<details>")[0].split("<body>")[1]
    for word in ("rule_bound", "seed", "parquet", "manifest", "policy.", "servicesim"):
        assert word not in visible, word
    assert '<meta name="servicesim:seed" content="0">' in text


def test_the_robustness_sentence_shows_only_when_shipped_for_that_scenario(monkeypatch, tmp_path):
    import json

    from servicesim.dashboard import worlds

    path = tmp_path / "robustness.json"
    monkeypatch.setattr(worlds, "ROBUSTNESS_FILE", path)
    assert worlds.robustness_sentence("Scenario 1") is None  # no file
    entry = {
        "a": "rule_bound",
        "b": "empowered",
        "sentence": "empowered makes more profit than rule_bound in 25% of 12 worlds ...",
        "worlds": 12,
        "p_b_better": {"profit": 0.25, "retention_rate": 1.0},
    }
    path.write_text(json.dumps({"model": "x", "settings": {}, "scenarios": {"Scenario 1": entry}}))
    said = worlds.robustness_sentence("Scenario 1")
    assert said == (
        "Tried over 12 versions of the model's uncertain assumptions, Empowered kept more "
        "customers than Rule-bound in all of them and made more profit in 3 of them."
    )
    none = {**entry, "p_b_better": {"profit": 0.0, "retention_rate": 0.5}}
    path.write_text(json.dumps({"scenarios": {"Scenario 1": none}}))
    assert worlds.robustness_sentence("Scenario 1").endswith(
        "in 6 of them and made more profit in none of them."
    )
    almost = {**entry, "p_b_better": {"profit": 1 / 12, "retention_rate": 11 / 12}}
    path.write_text(json.dumps({"scenarios": {"Scenario 1": almost}}))
    assert worlds.robustness_sentence("Scenario 1").endswith(
        "in 11 of them and made more profit in 1 of them."
    )
    levers = {**entry, "a": "empowered (x = 0)", "b": "empowered (x = 1)"}  # a lever apart
    path.write_text(json.dumps({"scenarios": {"Front-line days": levers}}))
    assert "the second firm kept more customers than the first firm" in (
        worlds.robustness_sentence("Front-line days")
    )
    path.write_text(json.dumps({"scenarios": {"Scenario 1": entry}}))
    assert worlds.robustness_sentence("Scenario 2") is None  # no key
    assert worlds.robustness_sentence(None) is None  # set up by hand
    stale = {**entry, "b": "guardrailed"}  # not the button's policies: nothing
    path.write_text(json.dumps({"scenarios": {"Scenario 1": stale}}))
    assert worlds.robustness_sentence("Scenario 1") is None
    path.write_text("{not json")
    assert worlds.robustness_sentence("Scenario 1") is None


def test_the_verdict_carries_the_robustness_sentence(stepped):
    solara = pytest.importorskip("solara")
    from servicesim.dashboard.components import Verdict

    box, rc = solara.render(Verdict(stepped.snapshot(), "Over 8 worlds drawn: it holds."))
    assert _texts(rc, "ss-worlds") == ["Over 8 worlds drawn: it holds."]
    rc.close()


def test_the_debrief_lists_saved_runs_and_reopens_one(page, monkeypatch, tmp_path):
    import ipyvuetify as v

    from servicesim.dashboard import state

    monkeypatch.setenv(state.EXPORT_DIR_ENV, str(tmp_path))
    app, rc = page
    rc.find(v.Btn, children=["+1 month"]).widget.click()
    rc.find(v.Btn, class_="ss-save").widget.click()
    (table,) = _texts(rc, "ss-debrief")
    assert table.count("<tr>") == 2 and "Set up by hand" in table and "Rule-bound" in table
    played = state.tick.value
    rc.find(v.Btn, class_="ss-reopen").widget.click()
    assert state.reopened.value is not None
    verdicts = _texts(rc, "ss-verdict")
    assert len(verdicts) == 2 and verdicts[0] == verdicts[1]  # the page's and the saved run's
    assert state.tick.value == played and _texts(rc, "ss-day") == ["Day 30 of 730"]
    rc.find(v.Btn, class_="ss-reopened-close").widget.click()
    assert state.reopened.value is None and len(_texts(rc, "ss-verdict")) == 1


def test_participants_get_the_address_and_a_qr_code_when_shared(monkeypatch):
    from servicesim.dashboard import share

    monkeypatch.setattr(share, "lan_address", lambda: "192.168.1.20")
    assert share.share_url("127.0.0.1", 8765) is None
    assert share.share_url("0.0.0.0", 8765) == "http://192.168.1.20:8765"
    assert share.share_url("10.0.0.5", 80) == "http://10.0.0.5:80"
    svg = share.qr_svg("http://192.168.1.20:8765")
    assert svg.startswith("<svg") and "http" not in svg  # drawn, nothing to fetch


def test_the_real_lan_address_needs_no_network():
    from servicesim.dashboard import share

    address = share.lan_address()
    assert re.fullmatch(r"\d+\.\d+\.\d+\.\d+", address), address


def test_dashboard_command_on_0000_shows_the_participants_address(monkeypatch, capsys, tmp_path):
    import servicesim.experiments.simulate
    from servicesim.cli import dashboard as cmd
    from servicesim.dashboard import share

    monkeypatch.setattr(os, "environ", os.environ.copy())
    monkeypatch.setattr(servicesim.experiments.simulate, "compile_kernels", lambda: 0.0)
    monkeypatch.setattr(share, "lan_address", lambda: "192.168.1.20")
    monkeypatch.setattr(cmd, "serve", lambda host, port: None)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    assert (
        _cli(["dashboard", "--host", "0.0.0.0", "--port", str(port), "--export-dir", str(tmp_path)])
        == 0
    )
    assert os.environ[share.SHARE_ENV] == f"http://192.168.1.20:{port}"
    assert f"participants open http://192.168.1.20:{port}" in capsys.readouterr().out


# --- offline and the command ---------------------------------------------------------------------


def test_offline_environment_turns_telemetry_off_and_keeps_a_chosen_mirror():
    env: dict[str, str] = {"SOLARA_TELEMETRY_MIXPANEL_ENABLE": "True"}
    offline.set_environment(env)
    assert env["SOLARA_TELEMETRY_MIXPANEL_ENABLE"] == "False"
    assert env["SOLARA_ASSETS_CDN"].startswith("http://127.0.0.1:")
    mirror = {"SOLARA_ASSETS_CDN": "http://127.0.0.1:8000/mirror/"}
    offline.set_environment(mirror)
    assert mirror["SOLARA_ASSETS_CDN"] == "http://127.0.0.1:8000/mirror/"
    assert env["SOLARA_THEME_SHOW_BANNER"] == "False"  # the corner badge would cover the page


def test_the_app_module_leaves_solara_offline():
    pytest.importorskip("solara")
    import solara.server.settings as server_settings
    import solara.settings as main_settings

    from servicesim.dashboard import app  # noqa: F401

    assert server_settings.telemetry.mixpanel_enable is False
    assert server_settings.theme.show_banner is False
    assert "jsdelivr" not in main_settings.assets.cdn and main_settings.assets.proxy


def _cli(argv: list[str]) -> int:
    import servicesim.cli.dashboard  # noqa: F401  registers the command
    from servicesim.cli import main

    return main(argv)


def test_dashboard_command_compiles_before_it_prints_the_address(monkeypatch, capsys, tmp_path):
    import servicesim.experiments.simulate
    from servicesim.cli import dashboard as cmd

    monkeypatch.setattr(os, "environ", os.environ.copy())  # the command sets SOLARA_* variables
    calls: list[str] = []

    def compile_kernels() -> float:
        calls.append("compile_kernels, printed so far: " + capsys.readouterr().out)
        return 0.0

    monkeypatch.setattr(servicesim.experiments.simulate, "compile_kernels", compile_kernels)
    monkeypatch.setattr(cmd, "serve", lambda host, port: calls.append(f"serve {host}:{port}"))
    with socket.socket() as probe:  # a port that is free now
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    assert _cli(["dashboard", "--port", str(port), "--export-dir", str(tmp_path)]) == 0
    assert calls == ["compile_kernels, printed so far: ", f"serve 127.0.0.1:{port}"]
    assert f"http://127.0.0.1:{port}" in capsys.readouterr().out


def test_dashboard_command_names_a_busy_port(capsys):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert _cli(["dashboard", "--port", str(port)]) == 2
    assert f"port {port} is in use" in capsys.readouterr().err
