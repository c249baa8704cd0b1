"""Drag and drop on a stored plan: move a stop or place an unplanned customer, pinned."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import replace

from sqlalchemy.orm import Session

from fieldkit.domain import permissions
from fieldkit.routing import problem as rp
from fieldkit.routing.planner import plan_week
from fieldkit.services.access import require, require_own_route
from fieldkit.services.office import Identity
from fieldkit.services.planning.persist import (
    _fill_route,
    _is_fixed,
    _plan_row,
    _unplanned_json,
    _visited_stop_ids,
    load_plan,
)
from fieldkit.services.planning.results import (
    MOVE_TIME_LIMIT,
    PlanningError,
    StoredPlan,
)
from fieldkit.services.planning.solve import build_week_input
from fieldkit.services.planning.week_input import WeekInput
from fieldkit.settings import Settings
from fieldkit.store.db import Database
from fieldkit.store.models import (
    Route,
    RoutePlan,
    RouteStop,
)


def move_stop(
    db: Database,
    stop_id: uuid.UUID,
    route_id: uuid.UUID,
    position: int,
    settings: Settings,
    *,
    time_limit: float | None = None,
    solution_limit: int | None = None,
    identity: Identity,
) -> StoredPlan:
    """Move a stop to ``position`` of route ``route_id``, pin it there, re-optimise the rest.

    Only the source and the target route are re-planned, starting from the order the user
    made. A stop that already happened cannot move; a place where the visit cannot fit
    (working time, time window) raises :class:`PlanningError` and changes nothing. Stops of
    the two routes that no longer fit go to the unplanned list with the reason.
    """
    require(identity, permissions.PLANNING)
    with db.session() as session:
        stop = session.get(RouteStop, stop_id)
        if stop is None:
            raise _unknown_stop()
        _require_own_routes(session, identity, stop.route, route_id)
        return _place(db, session, stop.route.plan.visit_week, stop.flag_id, route_id, position,
                      settings, time_limit, solution_limit)  # fmt: skip


def place_unplanned(
    db: Database,
    week: str,
    flag_id: uuid.UUID,
    route_id: uuid.UUID,
    position: int,
    settings: Settings,
    *,
    time_limit: float | None = None,
    solution_limit: int | None = None,
    identity: Identity,
) -> StoredPlan:
    """Put an unplanned customer at ``position`` of a route by hand (pinned), like a move."""
    require(identity, permissions.PLANNING)
    with db.session() as session:
        _require_own_routes(session, identity, None, route_id)
        return _place(
            db, session, week, flag_id, route_id, position, settings, time_limit, solution_limit
        )


def _require_own_routes(
    session: Session, identity: Identity, source: Route | None, target_id: uuid.UUID
) -> None:
    """A field account moves stops only within its own worker's routes (issue 14)."""
    target = session.get(Route, target_id)
    for route in (source, target):
        if route is not None:
            require_own_route(identity, route)


def _unknown_stop() -> PlanningError:
    return PlanningError(
        "unknown_stop",
        "This stop is no longer in the plan; the plan was changed meanwhile.",
        "Dieser Besuch ist nicht mehr im Plan; der Plan wurde inzwischen geändert.",
    )


_Order = list[RouteStop | uuid.UUID]


def _fid(item: RouteStop | uuid.UUID) -> uuid.UUID:
    return item.flag_id if isinstance(item, RouteStop) else item


def _orders(
    affected: Sequence[Route], flag_id: uuid.UUID, position: int, visited: set[uuid.UUID]
) -> dict[Route, _Order]:
    """The stops of the affected routes in order, ``flag_id`` put at ``position`` of the last
    one (the target), never before what already happened there."""
    orders: dict[Route, _Order] = {
        r: [s for s in sorted(r.stops, key=lambda s: s.seq) if s.flag_id != flag_id]
        for r in affected
    }
    target_order = orders[affected[-1]]
    position = max(0, min(position, len(target_order)))
    done_before = sum(1 for s in target_order if isinstance(s, RouteStop) and _is_fixed(s, visited))
    target_order.insert(max(position, done_before), flag_id)
    return orders


def _move_pins(orders: dict[Route, _Order], visited: set[uuid.UUID]) -> list[rp.WeekPin]:
    """The moved stop at its place, what happened in order, the user's pins on their day."""
    pins: list[rp.WeekPin] = []
    for r, order in orders.items():
        worker = str(r.worker_id)
        for k, item in enumerate(order):
            if isinstance(item, uuid.UUID):
                pins.append(rp.WeekPin(str(item), worker, r.day, k))
            elif item.id in visited or item.status == "done":
                pins.append(rp.WeekPin(str(item.flag_id), worker, r.day, k))
            elif _is_fixed(item, visited) or item.pinned:
                pins.append(rp.WeekPin(str(item.flag_id), worker, r.day))
    return pins


def _sub_problem(
    full: rp.WeekProblem, affected: Sequence[Route], keep: set[uuid.UUID]
) -> rp.WeekProblem:
    """The week cut down to the affected worker-days and the customers on them."""
    wanted = {str(x) for x in keep}
    keys = {(str(r.worker_id), r.day) for r in affected}
    workers = [w for w in full.workers if any(w.id == k[0] for k in keys)]
    days = [d for d in full.days if any(d.date == k[1] for k in keys)]
    absent = frozenset((w.id, d.date) for w in workers for d in days if (w.id, d.date) not in keys)
    return rp.WeekProblem(
        customers=[c for c in full.customers if c.id in wanted],
        areas=full.areas,
        workers=workers,
        days=days,
        travel=full.travel,
        absent=absent,
    )


def _previous(orders: dict[Route, _Order]) -> rp.WeekPlan:
    """The order the user made, as the plan the search starts from."""
    return rp.WeekPlan(
        routes=tuple(
            rp.WeekRoute(
                str(r.worker_id),
                r.day,
                tuple(rp.WeekVisit(str(_fid(x)), 0, 0, 0) for x in order),
                0,
                0,
                0,
                0,
                None,
            )
            for r, order in orders.items()
        ),
        unplanned=(),
        driving=0,
        seconds=0.0,
    )


def _moved_stop(
    session: Session, week: str, flag_id: uuid.UUID, route_id: uuid.UUID
) -> tuple[RoutePlan, Route, RouteStop | None, set[uuid.UUID]]:
    """The week's plan, the target route, the stop of ``flag_id`` (None: unplanned), and the
    visited stops; :class:`PlanningError` when the stop already happened."""
    row = _plan_row(session, week)
    target = session.get(Route, route_id)
    if row is None or target is None or target.plan_id != row.id or target.worker_id is None:
        raise _unknown_stop()
    visited = _visited_stop_ids(session, (s.id for r in row.routes for s in r.stops))
    stop = next((s for r in row.routes for s in r.stops if s.flag_id == flag_id), None)
    if stop is not None and _is_fixed(stop, visited):
        raise PlanningError(
            "stop_fixed",
            "This visit already happened or was marked on the road; it stays where it is.",
            "Dieser Besuch ist schon erledigt oder unterwegs markiert; er bleibt, wo er ist.",
        )
    return row, target, stop, visited


def _store_move(
    row: RoutePlan,
    affected: Sequence[Route],
    moved: RouteStop,
    inp: WeekInput,
    plan: rp.WeekPlan,
) -> None:
    """The affected routes get their new order (the moved stop pinned); dropped stops join
    the unplanned list."""
    flag_id = moved.flag_id
    by_flag: dict[uuid.UUID, RouteStop] = {
        s.flag_id: s for r in affected for s in r.stops if s.flag_id != flag_id
    }
    moved.pinned = True
    by_flag[flag_id] = moved
    new = {(r.worker, r.date): r for r in plan.routes}
    for r in affected:
        r.stops = _fill_route(r, new.get((str(r.worker_id), r.day)), inp, by_flag, set())
    unplanned = [
        e for e in row.unplanned if isinstance(e, dict) and e.get("flag_id") != str(flag_id)
    ]
    unplanned += _unplanned_json(replace(inp, blocked=[]), plan.unplanned)
    row.unplanned = unplanned


def _place(
    db: Database,
    session: Session,
    week: str,
    flag_id: uuid.UUID,
    route_id: uuid.UUID,
    position: int,
    settings: Settings,
    time_limit: float | None,
    solution_limit: int | None,
) -> StoredPlan:
    row, target, stop, visited = _moved_stop(session, week, flag_id, route_id)
    source = stop.route if stop is not None else None
    affected = [target] if source is None or source is target else [source, target]
    orders = _orders(affected, flag_id, position, visited)
    pins = _move_pins(orders, visited)
    keep = {_fid(x) for order in orders.values() for x in order}
    inp = build_week_input(session, week, settings, keep=keep)
    routing = inp.routing
    if solution_limit is not None:
        routing = replace(routing, solution_limit=solution_limit)
    limit = min(routing.time_limit_seconds, MOVE_TIME_LIMIT) if time_limit is None else time_limit
    sub = _sub_problem(inp.problem, affected, keep)
    plan = plan_week(sub, routing, pins=pins, previous=_previous(orders), time_limit=limit)
    if any(u.customer == str(flag_id) for u in plan.unplanned):
        raise PlanningError(
            "pin_not_possible",
            "The visit does not fit there (working time or time window); nothing was changed.",
            "Der Besuch passt dort nicht hin (Arbeitszeit oder Zeitfenster); "
            "es wurde nichts geändert.",
        )
    moved = stop if stop is not None else RouteStop(flag_id=flag_id, status="planned")
    _store_move(row, affected, moved, inp, plan)
    session.flush()
    row.total_driving = sum(r.driving_seconds for r in row.routes if r.stops)
    stored = load_plan(session, week, routing)
    assert stored is not None
    return stored
