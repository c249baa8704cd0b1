"""Sync with the central database, or through files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from fieldkit.app.context import AppContext
from fieldkit.domain.changes import NOTHING, Changes, OpResult
from fieldkit.services import scope
from fieldkit.services import sync as service
from fieldkit.services.sync import SyncReport
from fieldkit.sync.settings import SyncSettings


def report_changes(report: SyncReport, before: frozenset[str], after: frozenset[str]) -> Changes:
    """What a sync changed on this laptop. Records pulled or removed may belong to any week:
    the sync does not say which, so then every view refreshes (``everything``); weeks that
    were not there before are named. Pushing alone changes no view."""
    pulled = sum(report.pulled.values()) + report.removed
    return Changes(
        weeks=after - before,
        settings="settings" in report.adopted,
        accounts=bool(report.accounts),
        everything=pulled > 0,
    )


def sync_network(
    ctx: AppContext,
    central_url: str,
    *,
    worker: str,
    settings: SyncSettings | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> OpResult[SyncReport]:
    """Push and pull over the network."""
    before = scope.weeks(ctx.db)
    report = service.sync_network(
        ctx.db,
        central_url,
        worker=worker,
        now=ctx.clock(),
        settings=settings,
        progress=progress or (lambda _done, _total: None),
        cancelled=cancelled or (lambda: False),
        identity=ctx.identity,
        # An encrypted laptop's key: pulled accounts with a changed password get it wrapped.
        laptop_key=service.database_key(ctx.db),
        settings_store=ctx.settings_store,  # the office's rules are adopted through the store
    )
    return OpResult(report, report_changes(report, before, scope.weeks(ctx.db)))


def export_push(ctx: AppContext, path: Path) -> OpResult[SyncReport]:
    """Write the push file for the office. Changes nothing a view shows."""
    report = service.export_push(ctx.db, path, now=ctx.clock(), identity=ctx.identity)
    return OpResult(report, NOTHING)


def import_pull(
    ctx: AppContext, path: Path, *, settings: SyncSettings | None = None
) -> OpResult[SyncReport]:
    """Read the office's answer file (pull and confirmations)."""
    before = scope.weeks(ctx.db)
    report = service.import_pull(
        ctx.db,
        path,
        now=ctx.clock(),
        settings=settings,
        identity=ctx.identity,
        settings_store=ctx.settings_store,
    )
    return OpResult(report, report_changes(report, before, scope.weeks(ctx.db)))
