"""On the road: a visit begun, finished or corrected; a stop's status; the rest re-planned."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from fieldkit.app.context import AppContext
from fieldkit.domain.changes import AUDITED, Changes, OpResult
from fieldkit.geo.settings import GeoSettings
from fieldkit.services import field, scope
from fieldkit.services.field import FinishResult, PrepState, ReplanResult, VisitState


def _place_changes(place: scope.Place, *visits: uuid.UUID) -> Changes:
    return Changes(
        weeks=frozenset({place.week}) if place.week else frozenset(),
        flags=frozenset({place.flag_id}) if place.flag_id else frozenset(),
        routes=frozenset({place.route_id}) if place.route_id else frozenset(),
        visits=frozenset(visits),
    )


def start_visit(
    ctx: AppContext, stop_id: uuid.UUID, worker_id: uuid.UUID | None, when: datetime | None = None
) -> OpResult[VisitState]:
    """Begin the visit of a route stop (or take up its draft). Changes: the visit, its week;
    ``audit`` only when a new draft was written (and logged), not when one is taken up."""
    now = when or ctx.clock()
    visit, created = field.begin_visit(ctx.db, stop_id, worker_id, now, identity=ctx.identity)
    changes = _place_changes(scope.of_stop(ctx.db, stop_id), visit.id)
    return OpResult(visit, changes | AUDITED if created else changes)


def save_draft(
    ctx: AppContext,
    visit_id: uuid.UUID,
    changes: Mapping[str, Any],
    note: str | None = None,
    *,
    reset_note: bool = False,
) -> OpResult[None]:
    """The visit form's autosave (fields, the edited Vermerk or its reset), one transaction.
    Changes: that visit only; a draft is not on any other view, so none reloads for it."""
    field.save_draft(ctx.db, visit_id, changes, note, reset_note=reset_note, identity=ctx.identity)
    return OpResult(None, Changes(visits=frozenset({visit_id})))


def save_prep(
    ctx: AppContext, flag_id: uuid.UUID, changes: Mapping[str, Any]
) -> OpResult[PrepState]:
    """Change a customer's preparation checklist (E-Akte, LSB). Changes: that flag only (the
    checklist is shown on the field window's card, which keeps it itself); not logged."""
    prep = field.save_prep(ctx.db, flag_id, ctx.clock(), identity=ctx.identity, **changes)
    return OpResult(prep, Changes(flags=frozenset({flag_id})))


def finish_visit(
    ctx: AppContext, visit_id: uuid.UUID, when: datetime | None = None
) -> OpResult[FinishResult]:
    """Make a visit final (Vermerk and tasks). Changes: that visit, its flag, route and week;
    ``audit``."""
    now = when or ctx.clock()
    result = field.finish_visit(ctx.db, visit_id, now, identity=ctx.identity)
    return OpResult(result, _place_changes(scope.of_visit(ctx.db, visit_id), visit_id) | AUDITED)


def correct_visit(
    ctx: AppContext, visit_id: uuid.UUID, when: datetime | None = None
) -> OpResult[VisitState]:
    """Start a correction of a finished visit. Changes: the old and the new visit, its week;
    ``audit``."""
    now = when or ctx.clock()
    visit = field.correct_visit(ctx.db, visit_id, now, identity=ctx.identity)
    place = scope.of_visit(ctx.db, visit_id)
    return OpResult(visit, _place_changes(place, visit_id, visit.id) | AUDITED)


def set_stop_status(ctx: AppContext, stop_id: uuid.UUID, status: str) -> OpResult[None]:
    """Mark a stop done or skipped. Changes: its flag, route and week."""
    field.set_stop_status(ctx.db, stop_id, status, ctx.clock(), identity=ctx.identity)
    return OpResult(None, _place_changes(scope.of_stop(ctx.db, stop_id)))


def move_later(ctx: AppContext, stop_id: uuid.UUID) -> OpResult[None]:
    """Put a stop behind the remaining ones of its route. Changes: its route and week."""
    geo = ctx.settings.section("geo", GeoSettings)
    field.move_later(ctx.db, stop_id, ctx.clock(), geo, identity=ctx.identity)
    return OpResult(None, _place_changes(scope.of_stop(ctx.db, stop_id)))


def apply_replan(ctx: AppContext, result: ReplanResult) -> OpResult[ReplanResult]:
    """Store the re-planned order of a route's open stops. Changes: that route and its week."""
    field.apply_replan(ctx.db, result, identity=ctx.identity)
    place = scope.of_route(ctx.db, result.route_id)
    return OpResult(result, _place_changes(place))
