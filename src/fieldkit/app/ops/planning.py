"""Planning a week and changing its routes by hand."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from fieldkit.app.context import AppContext
from fieldkit.domain.changes import AUDITED, Changes, OpResult
from fieldkit.services import planning
from fieldkit.services.planning import StoredPlan


def plan_changes(plan: StoredPlan, before: frozenset[uuid.UUID] = frozenset()) -> Changes:
    """The week, its routes (the new ones and those ``before`` that a re-plan replaced) and
    the flags on them or left unplanned."""
    flags = {stop.flag_id for route in plan.routes for stop in route.stops}
    flags |= {entry.flag_id for entry in plan.unplanned}
    routes = frozenset(route.id for route in plan.routes) | before
    return Changes(weeks=frozenset({plan.week}), routes=routes, flags=frozenset(flags))


def _routes_now(ctx: AppContext, week: str) -> frozenset[uuid.UUID]:
    with ctx.db.session() as session:
        plan = planning.load_plan(session, week)
    return frozenset(route.id for route in plan.routes) if plan else frozenset()


def plan_week(
    ctx: AppContext,
    week: str,
    *,
    time_limit: float | None = None,
    solution_limit: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> OpResult[StoredPlan]:
    """Plan ``week`` (or plan it anew) and store it. Changes: the week, its routes, its flags;
    ``audit`` (the plan is logged)."""
    before = _routes_now(ctx, week)
    plan = planning.plan_and_store(
        ctx.db,
        week,
        ctx.settings,
        time_limit=time_limit,
        solution_limit=solution_limit,
        progress=progress,
        cancelled=cancelled,
        identity=ctx.identity,
    )
    return OpResult(plan, plan_changes(plan, before) | AUDITED)


def move_stop(
    ctx: AppContext,
    stop_id: uuid.UUID,
    route_id: uuid.UUID,
    position: int,
    *,
    time_limit: float | None = None,
) -> OpResult[StoredPlan]:
    """Move a stop by hand (drag and drop); the source and target routes are re-planned."""
    plan = planning.move_stop(
        ctx.db,
        stop_id,
        route_id,
        position,
        ctx.settings,
        time_limit=time_limit,
        identity=ctx.identity,
    )
    return OpResult(plan, plan_changes(plan))


def place_unplanned(
    ctx: AppContext,
    week: str,
    flag_id: uuid.UUID,
    route_id: uuid.UUID,
    position: int,
    *,
    time_limit: float | None = None,
) -> OpResult[StoredPlan]:
    """Put an unplanned customer on a route by hand."""
    plan = planning.place_unplanned(
        ctx.db,
        week,
        flag_id,
        route_id,
        position,
        ctx.settings,
        time_limit=time_limit,
        identity=ctx.identity,
    )
    return OpResult(plan, plan_changes(plan))
