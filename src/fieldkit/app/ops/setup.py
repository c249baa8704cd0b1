"""Applying the office's setup (the *Einrichtung* window's "Übernehmen")."""

from __future__ import annotations

from fieldkit.app.context import AppContext
from fieldkit.domain.changes import Changes, OpResult
from fieldkit.domain.setup import OfficeSetup
from fieldkit.services import setup as setup_service
from fieldkit.services.setup import SetupChange

#: The setup's tables that are the office's staff and organisation (who works where).
STAFF_TABLES = frozenset({"office", "branches", "teams", "caseworkers", "outreach_workers"})
#: The tables that change the division into areas (a worker names the areas they visit).
AREA_TABLES = frozenset({"areas", "outreach_workers"})


def apply_setup(ctx: AppContext, setup: OfficeSetup) -> OpResult[list[SetupChange]]:
    """Make the database match ``setup``, all or nothing (``SetupError``, ``PermissionDenied``:
    nothing written). Changes: ``staff`` and/or ``areas`` by the tables the apply changed, and
    ``audit`` when it changed any (the apply is logged)."""
    changes = setup_service.apply_setup(ctx.db, setup, identity=ctx.identity)
    tables = {c.table for c in changes}
    staff, areas = bool(tables & STAFF_TABLES), bool(tables & AREA_TABLES)
    return OpResult(changes, Changes(staff=staff, areas=areas, audit=bool(changes)))
