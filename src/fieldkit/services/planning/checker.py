"""Checking a stored plan against its week, independently of the solver."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import replace

from sqlalchemy.orm import Session

from fieldkit.routing import problem as rp
from fieldkit.routing.check import check_solution
from fieldkit.routing.planner import WeekModel
from fieldkit.services.planning.persist import (
    _fixed_pins,
    _plan_row,
    _visited_stop_ids,
)
from fieldkit.services.planning.solve import build_week_input
from fieldkit.services.planning.week_input import WeekInput
from fieldkit.settings import Settings
from fieldkit.store.models import (
    Route,
    RoutePlan,
)


def _pinned_problem(model: WeekModel, generic_pins: Sequence[rp.Pin]) -> rp.RoutingProblem:
    """The model's problem where a fixed choice overrides the area rule (the user decided),
    as in the planner."""
    pinned = {p.stop for p in generic_pins}
    return replace(
        model.problem,
        stops=[
            replace(st, allowed_vehicles=None) if i in pinned else st
            for i, st in enumerate(model.problem.stops)
        ],
    )


def _checked_route(
    r: Route, model: WeekModel, problem: rp.RoutingProblem, errors: list[str]
) -> rp.Route | None:
    """A stored route as the checker reads it; what does not fit the week goes to ``errors``."""
    stops = sorted(r.stops, key=lambda s: s.seq)
    if not stops:
        return None
    v = model.vehicle_of.get((str(r.worker_id), r.day))
    if v is None:
        errors.append(f"route {r.day} of worker {r.worker_id} is not a working day")
        return None
    visits = []
    for s in stops:
        i = model.index.get(str(s.flag_id))
        if i is None:
            errors.append(f"stop of flag {s.flag_id} is not a customer of the week")
            continue
        window = problem.stops[i].window
        start = s.arrival_seconds if window is None else max(s.arrival_seconds, window[0])
        visits.append(rp.Visit(i, s.arrival_seconds, start, start + s.service_seconds))
    brk = problem.vehicles[v].break_
    break_start = None
    if brk is not None:
        break_start = next((x.departure for x in visits if x.departure >= brk.earliest), None)
    return rp.Route(
        vehicle=v,
        visits=tuple(visits),
        start_time=r.start_seconds,
        end_time=r.end_seconds,
        driving=r.driving_seconds,
        working=r.end_seconds - r.start_seconds,
        cost=0,
        break_start=break_start,
    )


def _checked_unplanned(
    row: RoutePlan, model: WeekModel, inp: WeekInput, errors: list[str]
) -> list[rp.Unplanned]:
    """The stored unplanned list; a flag not of the week or a blocked one missing: ``errors``."""
    unplanned = []
    for entry in row.unplanned:
        key = str(entry.get("flag_id")) if isinstance(entry, dict) else ""
        if key in model.index:
            unplanned.append(rp.Unplanned(model.index[key], rp.Reason.NOT_ENOUGH_TIME))
        elif key not in inp.info:
            errors.append(f"unplanned flag {key} is not in the week")
    listed = {str(e.get("flag_id")) for e in row.unplanned if isinstance(e, dict)}
    for key in inp.blocked:
        if key not in listed:
            errors.append(f"blocked flag {key} is missing from the unplanned list")
    return unplanned


def check_stored_plan(session: Session, week: str, settings: Settings) -> list[str]:
    """Violations of the stored plan, found independently of the solver (empty when valid).

    Rebuilds the week's problem from the store and checks every stored route against it with
    :func:`fieldkit.routing.check.check_solution`: travel times, service, time windows,
    working time and break, area rules, fixed choices, and that every plannable customer of
    the week is either in a route or in the unplanned list — exactly once.
    """
    row = _plan_row(session, week)
    if row is None:
        return [f"week {week} has no stored plan"]
    visited = _visited_stop_ids(session, (s.id for r in row.routes for s in r.stops))
    pins = _fixed_pins(row.routes, visited)
    inp = build_week_input(session, week, settings, keep={uuid.UUID(p.customer) for p in pins})
    model = WeekModel(inp.problem, inp.routing)
    generic_pins = model.pins(pins)
    problem = _pinned_problem(model, generic_pins)
    errors: list[str] = []
    routes = [x for r in row.routes if (x := _checked_route(r, model, problem, errors))]
    unplanned = _checked_unplanned(row, model, inp, errors)
    solution = rp.Solution(tuple(routes), tuple(unplanned), 0, 0, 0.0)
    errors += check_solution(problem, solution, generic_pins)
    return errors
