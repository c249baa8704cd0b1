"""The week planner: customers → worker-days (within the area rules) → ordered routes.

Each worker on each of their working days of the week is one vehicle. A customer may go to a
worker-day whose weekday is one of its area's weekdays (and not after its ``latest_day``, the
lead time before the appointment it hands over) and, if the area has a worker, only to
that worker. A fixed choice from the UI (:class:`WeekPin`) overrides the area rule: the user
decided. Everything that cannot be planned is listed with its reason.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Sequence
from dataclasses import replace

from fieldkit.routing.decompose import solve_decomposed, worth_decomposing
from fieldkit.routing.problem import (
    Break,
    Customer,
    Pin,
    Reason,
    RoutingProblem,
    Solution,
    Stop,
    UnplannedCustomer,
    Vehicle,
    WeekPin,
    WeekPlan,
    WeekProblem,
    WeekRoute,
    WeekVisit,
)
from fieldkit.routing.settings import RoutingSettings
from fieldkit.routing.solver import CancelCheck, ProgressCallback, solve


def seconds_of(value: dt.time | str) -> int:
    """Seconds since midnight of a ``time`` or an ``HH:MM`` string."""
    if isinstance(value, str):
        hours, _, minutes = value.partition(":")
        return int(hours) * 3600 + int(minutes or 0) * 60
    return value.hour * 3600 + value.minute * 60 + value.second


def day_vehicle(office: int, settings: RoutingSettings, start: int | None = None) -> Vehicle:
    """A worker-day from and to ``office`` with the shift and break of the settings."""
    day_start = seconds_of(settings.day_start)
    shift_end = day_start + round(settings.day_hours * 3600)
    brk = None
    if settings.break_minutes > 0:
        brk = Break(
            day_start + round(settings.break_after_hours * 3600), settings.break_minutes * 60
        )
    return Vehicle(office, office, day_start if start is None else start, shift_end, brk)


def worker_settings(
    settings: RoutingSettings, start: str = "", end: str = "", break_minutes: int | None = None
) -> RoutingSettings:
    """The planning settings with one worker's own hours and break (empty/None: unchanged)."""
    own = settings
    if start:
        own = replace(own, day_start=start)
    if end:
        hours = max(0, seconds_of(end) - seconds_of(own.day_start)) / 3600
        own = replace(own, day_hours=hours)
    if break_minutes is not None:
        own = replace(own, break_minutes=break_minutes)
    return own


def customer_stop(
    customer: Customer, settings: RoutingSettings, allowed: tuple[int, ...] | None
) -> Stop:
    """The generic stop of a customer (service time, window, priority)."""
    window = None
    if customer.not_before is not None or customer.not_after is not None:
        lo = seconds_of(customer.not_before) if customer.not_before else 0
        hi = seconds_of(customer.not_after) if customer.not_after else 24 * 3600
        window = (lo, hi)
    minutes = (
        customer.service_minutes
        if customer.service_minutes is not None
        else settings.service_minutes
    )
    return Stop(
        node=customer.point,
        service=minutes * 60,
        window=window,
        priority=customer.priority,
        allowed_vehicles=allowed,
    )


class WeekModel:
    """The generic problem of a week, with the maps back to customers and worker-days."""

    def __init__(self, week: WeekProblem, settings: RoutingSettings) -> None:
        self.week = week
        self.settings = settings
        self.keys: list[tuple[str, dt.date]] = []
        vehicles: list[Vehicle] = []
        for day in week.days:
            if not day.working:
                continue
            for worker in week.workers:
                if day.date.isoweekday() not in worker.weekdays:
                    continue
                if (worker.id, day.date) in week.absent:
                    continue
                self.keys.append((worker.id, day.date))
                own = worker_settings(settings, worker.start, worker.end, worker.break_minutes)
                vehicles.append(day_vehicle(worker.office, own))
        areas = {a.id: a for a in week.areas}
        self.early: dict[int, Reason] = {}
        stops: list[Stop] = []
        for i, customer in enumerate(week.customers):
            # The union of the days of every area the customer is in.
            mine = [a for a in (customer.area, *customer.other_areas) if a in areas]
            allowed = tuple(
                v
                for v, (worker, date) in enumerate(self.keys)
                if any(
                    date.isoweekday() in areas[a].weekdays and areas[a].open_to(worker)
                    for a in mine
                )
            )
            in_time = tuple(
                v
                for v in allowed
                if customer.latest_day is None or self.keys[v][1] <= customer.latest_day
            )
            if customer.point is not None and not allowed:
                self.early[i] = Reason.NO_DAY_FOR_AREA
            elif customer.point is not None and not in_time:
                self.early[i] = Reason.APPOINTMENT_TOO_CLOSE
            allowed = in_time
            stops.append(customer_stop(customer, settings, allowed))
        self.problem = RoutingProblem(week.travel, stops, vehicles)
        self.index = {c.id: i for i, c in enumerate(week.customers)}
        self.vehicle_of = {key: v for v, key in enumerate(self.keys)}

    def pins(self, pins: Sequence[WeekPin]) -> list[Pin]:
        """Generic pins; a pin to a worker-day that does not exist gets vehicle -1."""
        out = []
        for pin in pins:
            if pin.customer not in self.index:
                continue
            vehicle = self.vehicle_of.get((pin.worker, pin.date), -1)
            out.append(Pin(self.index[pin.customer], vehicle, pin.position))
        return out

    def initial_routes(self, plan: WeekPlan, pins: Sequence[Pin]) -> list[list[int]]:
        """The previous plan as stop indices per vehicle, with the pinned stops moved."""
        routes: list[list[int]] = [[] for _ in self.keys]
        for route in plan.routes:
            v = self.vehicle_of.get((route.worker, route.date))
            if v is None:
                continue
            routes[v] = [self.index[x.customer] for x in route.visits if x.customer in self.index]
        for pin in pins:
            for r in routes:
                if pin.stop in r:
                    r.remove(pin.stop)
            if 0 <= pin.vehicle < len(routes):
                target = routes[pin.vehicle]
                at = len(target) if pin.position is None else min(pin.position, len(target))
                target.insert(at, pin.stop)
        return routes

    def to_plan(self, solution: Solution) -> WeekPlan:
        """The solver's answer in the week's terms."""
        customers = self.week.customers
        routes = []
        for r in solution.routes:
            worker, date = self.keys[r.vehicle]
            visits = tuple(
                WeekVisit(customers[v.stop].id, v.arrival, v.start, v.departure) for v in r.visits
            )
            routes.append(
                WeekRoute(
                    worker,
                    date,
                    visits,
                    r.start_time,
                    r.end_time,
                    r.driving,
                    r.working,
                    r.break_start,
                )
            )
        routes.sort(key=lambda x: (x.date, x.worker))
        unplanned = []
        for u in solution.unplanned:
            reason = self.early.get(u.stop, u.reason)
            if reason is Reason.NO_VEHICLE:
                reason = Reason.NO_DAY_FOR_AREA
            unplanned.append(UnplannedCustomer(customers[u.stop].id, reason))
        return WeekPlan(
            tuple(routes),
            tuple(unplanned),
            solution.driving,
            solution.seconds,
            solution.cancelled,
        )


def plan_week(
    week: WeekProblem,
    settings: RoutingSettings | None = None,
    *,
    pins: Sequence[WeekPin] = (),
    previous: WeekPlan | None = None,
    time_limit: float | None = None,
    on_progress: ProgressCallback | None = None,
    cancel: CancelCheck | threading.Event | None = None,
) -> WeekPlan:
    """Plan the week: assign customers to worker-days within the area rules and order routes.

    ``pins`` are fixed choices (drag-and-drop); with ``previous`` the search starts from the
    last plan with the pins applied, so the rest moves as little as it needs to.
    """
    settings = settings or RoutingSettings()
    t0 = time.perf_counter()
    model = WeekModel(week, settings)
    generic_pins = model.pins(pins)
    seed = model.initial_routes(previous, generic_pins) if previous is not None else None
    limit = settings.time_limit_seconds if time_limit is None else time_limit
    if seed is None and settings.solution_limit <= 0 and worth_decomposing(model.problem):
        # Big weeks: a first pass, then groups of neighbouring routes re-solved (decompose.py).
        solution = solve_decomposed(
            model.problem,
            time_limit=limit,
            search=settings.search,
            pins=generic_pins,
            on_progress=on_progress,
            cancel=cancel,
        )
    else:
        solution = solve(
            model.problem,
            time_limit=limit,
            solution_limit=settings.solution_limit,
            search=settings.search,
            pins=generic_pins,
            initial_routes=seed,
            on_progress=on_progress,
            cancel=cancel,
        )
    plan = model.to_plan(solution)
    return WeekPlan(
        plan.routes, plan.unplanned, plan.driving, time.perf_counter() - t0, plan.cancelled
    )


def is_decomposed(week: WeekProblem, settings: RoutingSettings | None = None) -> bool:
    """Whether :func:`plan_week` solves ``week`` by groups of routes (it then stops on a cancel
    within a few seconds; otherwise OR-Tools' iterated local search runs to its time limit)."""
    settings = settings or RoutingSettings()
    return settings.solution_limit <= 0 and worth_decomposing(WeekModel(week, settings).problem)


def plan_as_dict(plan: WeekPlan, language: str = "en") -> dict[str, object]:
    """The plan as plain JSON-able data (for ``fieldkit plan --json``); reasons in ``language``."""
    from fieldkit.routing.problem import REASON_TEXT_DE, REASON_TEXT_EN, clock

    texts = REASON_TEXT_DE if language == "de" else REASON_TEXT_EN
    return {
        "routes": [
            {
                "worker": r.worker,
                "date": r.date.isoformat(),
                "start": clock(r.start_time),
                "end": clock(r.end_time),
                "driving_minutes": round(r.driving / 60),
                "working_minutes": round(r.working / 60),
                "break": clock(r.break_start) if r.break_start is not None else None,
                "visits": [
                    {"customer": v.customer, "arrival": clock(v.arrival), "start": clock(v.start)}
                    for v in r.visits
                ],
            }
            for r in plan.routes
        ],
        "unplanned": [
            {"customer": u.customer, "reason": u.reason.value, "text": texts[u.reason]}
            for u in plan.unplanned
        ],
        "driving_minutes": round(plan.driving / 60),
        "cancelled": plan.cancelled,
    }
