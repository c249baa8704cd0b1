"""The week planner, re-plan from here, instance readers and the layer's boundaries."""

from __future__ import annotations

import datetime as dt
import itertools
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from fieldkit.routing.check import check_solution
from fieldkit.routing.geodesic import travel_time_matrix
from fieldkit.routing.instances import load_instance
from fieldkit.routing.planner import WeekModel, plan_week
from fieldkit.routing.problem import (
    REASON_TEXT_DE,
    REASON_TEXT_EN,
    Area,
    Customer,
    PlanDay,
    Reason,
    Solution,
    WeekPin,
    WeekPlan,
    WeekProblem,
    Worker,
    clock,
)
from fieldkit.routing.replan import replan_from_here
from fieldkit.routing.settings import RoutingSettings
from fieldkit.routing.solver import solve

MONDAY = dt.date(2026, 11, 23)
WEEK = [PlanDay(MONDAY + dt.timedelta(days=k)) for k in range(5)]
BENCH = Path(__file__).resolve().parents[1] / "bench" / "instances"
# 0.5 s (was 1 s): a 40-customer week is planned completely well within it; the tests check
# rules and reasons that hold for any plan the search returns.
FAST = RoutingSettings(time_limit_seconds=0.5)


def week_problem(n: int = 40, seed: int = 5) -> WeekProblem:
    """Two workers at one office; area N on Mon/Wed (worker A only), area S on Tue/Thu/Fri."""
    rng = np.random.default_rng(seed)
    office = (49.1427, 9.2109)
    coords = [office] + [
        (office[0] + rng.normal(0, 0.08), office[1] + rng.normal(0, 0.12)) for _ in range(n)
    ]
    customers = [
        Customer(
            id=f"KD{i:03d}",
            point=i,
            area="N" if coords[i][0] > office[0] else "S",
            not_before=dt.time(10) if i % 5 == 0 else None,
            priority=1 if i % 4 == 0 else 0,
        )
        for i in range(1, n + 1)
    ]
    return WeekProblem(
        customers=customers,
        areas=[Area("N", frozenset({1, 3}), worker="A"), Area("S", frozenset({2, 4, 5}))],
        workers=[Worker("A", frozenset({1, 2, 3, 4, 5}), 0), Worker("B", frozenset({2, 3}), 0)],
        days=WEEK,
        travel=travel_time_matrix(coords),
    )


def check_week(week: WeekProblem, plan: WeekPlan, settings: RoutingSettings) -> None:
    """Check a week plan through the generic checker and the area rules."""
    model = WeekModel(week, settings)
    ids = {c.id: i for i, c in enumerate(week.customers)}
    areas = {a.id: a for a in week.areas}
    by_id = {c.id: c for c in week.customers}
    routes = []
    from fieldkit.routing.problem import Route, Unplanned, Visit

    for r in plan.routes:
        v = model.vehicle_of[(r.worker, r.date)]
        visits = tuple(Visit(ids[x.customer], x.arrival, x.start, x.departure) for x in r.visits)
        routes.append(
            Route(v, visits, r.start_time, r.end_time, r.driving, r.working, 0, r.break_start)
        )
        for x in r.visits:
            area = areas[by_id[x.customer].area]
            assert r.date.isoweekday() in area.weekdays
            assert area.worker in (None, r.worker)
            nb = by_id[x.customer].not_before
            if nb is not None:
                assert x.start >= nb.hour * 3600
    unplanned = tuple(Unplanned(ids[u.customer], u.reason) for u in plan.unplanned)
    assert check_solution(model.problem, Solution(tuple(routes), unplanned, 0, 0, 0.0)) == []


def test_week_is_planned_within_the_area_rules_and_working_time() -> None:
    week = week_problem()
    plan = plan_week(week, FAST)
    check_week(week, plan, FAST)
    assert not plan.unplanned
    assert {r.date.isoweekday() for r in plan.routes} <= {1, 2, 3, 4, 5}
    assert all(r.end_time <= 16 * 3600 for r in plan.routes)
    assert plan.driving == sum(r.driving for r in plan.routes)


def test_unplanned_customers_carry_their_reasons() -> None:
    week = week_problem(n=12)
    extra = [
        Customer("NOGEO", None, "S"),
        Customer("SAT", 1, "W"),  # area visited on Saturdays only
        Customer("NOAREA", 2, "unknown"),
        Customer("LATE", 3, "S", not_before=dt.time(17)),
    ]
    week = WeekProblem(
        [*week.customers, *extra],
        [*week.areas, Area("W", frozenset({6}))],
        week.workers,
        week.days,
        week.travel,
    )
    plan = plan_week(week, FAST)
    reasons = {u.customer: u.reason for u in plan.unplanned}
    assert reasons == {
        "NOGEO": Reason.NO_COORDINATES,
        "SAT": Reason.NO_DAY_FOR_AREA,
        "NOAREA": Reason.NO_DAY_FOR_AREA,
        "LATE": Reason.NOT_ENOUGH_TIME,
    }
    check_week(week, plan, FAST)
    for reason in Reason:
        assert REASON_TEXT_DE[reason]
        assert REASON_TEXT_EN[reason]


def test_an_over_full_week_keeps_u25_customers_first() -> None:
    week = week_problem(n=120, seed=9)
    one_day = WeekProblem(
        week.customers, week.areas, week.workers, [WEEK[3]], week.travel
    )  # Thursday: only worker A, area S
    plan = plan_week(one_day, FAST)
    check_week(one_day, plan, FAST)
    planned = {v.customer for r in plan.routes for v in r.visits}
    by_id = {c.id: c for c in week.customers}
    dropped_time = [u.customer for u in plan.unplanned if u.reason is Reason.NOT_ENOUGH_TIME]
    assert dropped_time
    planned_s = [c for c in planned if by_id[c].area == "S"]
    # No U25 customer is dropped for time while a non-U25 one is planned.
    if any(by_id[c].priority for c in dropped_time):
        assert all(by_id[c].priority for c in planned_s)


def test_holiday_and_absence_remove_worker_days() -> None:
    week = week_problem(n=10)
    days = [PlanDay(d.date, working=d.date.isoweekday() != 3) for d in WEEK]
    week = WeekProblem(
        week.customers,
        week.areas,
        week.workers,
        days,
        week.travel,
        absent=frozenset({("A", WEEK[0].date)}),
    )
    model = WeekModel(week, FAST)
    assert ("A", WEEK[0].date) not in model.keys
    assert all(d != WEEK[2].date for _, d in model.keys)
    plan = plan_week(week, FAST)
    # Area N is only Mon/Wed with worker A: Monday absent, Wednesday a holiday.
    north = {c.id for c in week.customers if c.area == "N"}
    assert {u.customer for u in plan.unplanned} == north
    assert all(u.reason is Reason.NO_DAY_FOR_AREA for u in plan.unplanned)


def test_drag_and_drop_pin_is_kept_and_the_rest_reoptimised() -> None:
    week = week_problem(n=30)
    first = plan_week(week, FAST)
    donor = next(r for r in first.routes if r.date != WEEK[4].date and len(r.visits) >= 2)
    one, two = donor.visits[0].customer, donor.visits[1].customer
    # The user drags both to Friday, worker A, in swapped order; area rules are overridden.
    pins = [WeekPin(one, "A", WEEK[4].date, position=1), WeekPin(two, "A", WEEK[4].date, 0)]
    plan = plan_week(week, FAST, pins=pins, previous=first, time_limit=0.5)
    check_week_pins = [v.customer for r in plan.routes for v in r.visits]
    assert sorted(check_week_pins) == sorted(set(check_week_pins))
    fri = next(r for r in plan.routes if r.worker == "A" and r.date == WEEK[4].date)
    assert [v.customer for v in fri.visits][:2] == [two, one]
    moved = one
    assert not plan.unplanned
    planned = sorted(v.customer for r in plan.routes for v in r.visits)
    assert planned == sorted(c.id for c in week.customers)
    # To a worker-day that does not exist: reported, not silently moved.
    bad = plan_week(week, FAST, pins=[WeekPin(moved, "B", WEEK[0].date)], time_limit=0.3)
    assert (moved, Reason.PIN_NOT_POSSIBLE) in [(u.customer, u.reason) for u in bad.unplanned]


def test_replan_from_here_reorders_a_line_optimally() -> None:
    # Stops on a line east of the office; from the far west end the best order is a sweep.
    coords = [(49.0, 9.0 + 0.01 * k) for k in range(22)]
    travel = travel_time_matrix(coords)
    rng = np.random.default_rng(1)
    shuffled = [int(k) for k in rng.permutation(range(2, 22))]
    remaining = [Customer(f"KD{k}", k, "S") for k in shuffled]
    route, unplanned = replan_from_here(
        travel,
        here=1,
        now=dt.time(9, 30),
        remaining=remaining,
        office=0,
        worker="A",
        date=MONDAY,
        settings=RoutingSettings(replan_time_limit_seconds=0.5),
    )
    assert not unplanned
    order = [int(v.customer[2:]) for v in route.visits]
    assert order in (list(range(2, 22)), list(range(21, 1, -1)))
    assert route.visits[0].arrival >= 9 * 3600 + 30 * 60
    assert clock(route.start_time) == "09:30"


def test_replan_late_in_the_day_drops_what_no_longer_fits() -> None:
    coords = [(49.0, 9.0 + 0.02 * k) for k in range(12)]
    remaining = [Customer(f"KD{k}", k, "S") for k in range(2, 12)]
    route, unplanned = replan_from_here(
        travel_time_matrix(coords),
        here=1,
        now=dt.time(14, 0),
        remaining=remaining,
        office=0,
        worker="A",
        date=MONDAY,
        break_taken=True,
    )
    assert unplanned
    assert all(u.reason is Reason.NOT_ENOUGH_TIME for u in unplanned)
    assert route.end_time <= 16 * 3600
    assert len(route.visits) + len(unplanned) == len(remaining)


@pytest.mark.parametrize(
    ("name", "optimum", "kind"),
    [("berlin52.tsp", 7542, "tsp"), ("E-n22-k4.txt", 375, "cvrp"), ("P-n101-k4.txt", 681, "cvrp")],
)
def test_instances_read_with_their_cost_convention(name: str, optimum: int, kind: str) -> None:
    inst = load_instance(BENCH / name)
    assert inst.kind == kind
    assert inst.optimum == optimum
    problem = inst.to_problem()
    sol = solve(problem, time_limit=0.5, search="gls")
    assert check_solution(problem, sol) == []
    assert not sol.unplanned
    assert sol.cost >= optimum  # nobody beats a proven optimum: the convention is right


def test_rc208_published_solution_costs_776_1() -> None:
    inst = load_instance(BENCH / "RC208.vrp")
    assert (inst.kind, inst.scale, inst.service, len(inst.windows)) == ("vrptw", 10, 100, 101)
    total = 0
    for line in (BENCH / "RC208.sol").read_text().splitlines():
        if line.startswith("Route"):
            tour = [0, *map(int, line.split(":")[1].split()), 0]
            total += sum(int(inst.matrix[a, b]) for a, b in itertools.pairwise(tour))
    assert total == 7761


def test_routing_imports_neither_qt_nor_the_store() -> None:
    code = (
        "import sys, fieldkit.routing.planner, fieldkit.routing.replan, fieldkit.routing.check;"
        "bad = [m for m in sys.modules"
        " if m.startswith(('PySide6', 'fieldkit.store', 'fieldkit.ui'))];"
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_routing_settings_join_the_app_settings() -> None:
    from fieldkit.settings import Settings

    settings = Settings()
    assert isinstance(settings.section("routing", RoutingSettings), RoutingSettings)
    assert settings.routing.service_minutes == 15


def test_no_visit_after_the_appointment_nor_inside_the_lead_time() -> None:
    from dataclasses import replace

    week = week_problem(n=16)
    # Area S is on Tue/Thu/Fri. Latest day Thursday: only Tue and Thu remain; latest day
    # Monday: no S day is left, the reason says so.
    thursday, monday = WEEK[3].date, WEEK[0].date
    customers = [
        replace(c, latest_day=thursday if c.area == "S" and i % 2 == 0 else c.latest_day)
        for i, c in enumerate(week.customers)
    ]
    customers.append(Customer("EARLY", 1, "S", latest_day=monday))
    week = WeekProblem(customers, week.areas, week.workers, week.days, week.travel)
    plan = plan_week(week, FAST)
    check_week(week, plan, FAST)
    by_id = {c.id: c for c in customers}
    for route in plan.routes:
        for visit in route.visits:
            latest = by_id[visit.customer].latest_day
            assert latest is None or route.date <= latest
    assert {u.customer: u.reason for u in plan.unplanned}["EARLY"] is Reason.APPOINTMENT_TOO_CLOSE
