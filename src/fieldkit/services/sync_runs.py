"""The team lead's view of the laptops' syncs (issue 15, item 5), from the central database.

Each network sync, imported push file and written pull file leaves a ``sync_device_run`` row
centrally (:func:`fieldkit.sync.service.record_device_run`). This lists them per laptop: its
worker, its last sync and how, how many syncs and records up and down in the period, the
conflicts they found, and whether the laptop is revoked. Counts only, no personal data.
"""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from fieldkit.domain import permissions
from fieldkit.services.access import require
from fieldkit.services.office import Identity
from fieldkit.store.models import OutreachWorker
from fieldkit.store.models_sync import SyncDevice, SyncDeviceRun


@dataclass
class LaptopSyncs:
    """One laptop's syncs in the period."""

    device: str
    worker: str
    last_sync: datetime
    last_mode: str
    runs: int = 0
    pushed: int = 0
    pulled: int = 0
    conflicts: int = 0
    rejected: int = 0
    revoked: bool = False

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["last_sync"] = self.last_sync.isoformat()
        return data


def laptop_syncs(
    session: Session, identity: Identity, since: datetime | None = None
) -> list[LaptopSyncs]:
    """Per laptop, most recently synced first; the team's and office's figures (REPORTS)."""
    require(identity, permissions.REPORTS)
    query = select(SyncDeviceRun).order_by(SyncDeviceRun.at)
    if since is not None:
        query = query.where(SyncDeviceRun.at >= since)
    workers = _worker_names(session)
    revoked = set(session.scalars(select(SyncDevice.device).where(SyncDevice.disabled)))
    out: dict[str, LaptopSyncs] = {}
    for run in session.scalars(query):
        row = out.get(run.device)
        if row is None:
            row = out[run.device] = LaptopSyncs(run.device, "", run.at, run.mode)
        row.last_sync, row.last_mode = run.at, run.mode
        if run.worker_id is not None:
            row.worker = workers.get(run.worker_id, "")
        row.runs += 1
        row.pushed += run.pushed
        row.pulled += run.pulled
        row.conflicts += run.conflicts
        row.rejected += run.rejected
        row.revoked = run.device in revoked
    return sorted(out.values(), key=lambda r: r.last_sync, reverse=True)


def _worker_names(session: Session) -> dict[uuid.UUID, str]:
    rows = session.execute(select(OutreachWorker.id, OutreachWorker.name))
    return {wid: name for wid, name in rows}  # noqa: C416 (Row is not a pair for mypy)
