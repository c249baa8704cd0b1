"""The sync lease of a field laptop (issue 14, item 5).

A field laptop that has not synced for ``sync.lease_days`` (default 14) opens only for a sync:
the app shows nothing but the sync, the CLI refuses every command but ``sync``, ``db`` and
``user``. After ``sync.purge_days`` (default 30) its *synced* personal data is removed:
customers with their addresses, flags, letters, phone calls, route stops, visits and notes
the central store has confirmed, the routes that are left empty, the cached geocodes of
addresses, confirmed manual placements and settled sync conflicts (their detail may hold a
record's version; open ones stay, they are unsettled work).
**Unsynced work is never removed**: a customer with any field record the central store has
not confirmed (a finished visit, a note, a task, a draft, a checked preparation, a stop's
status), or created on the laptop and not confirmed, keeps everything of theirs, in the
(encrypted) database, until a sync has delivered it; the report says how many were kept.

Which computers are leased: a *field laptop*, i.e. one whose role is the field role or that
has pulled from the central store at least once (its enrolment in ``app_meta``). An office PC
that was set up or imported locally and never synced is not leased. The days count from the
last successful sync that reached the central store (a network sync or an imported pull
file); a field laptop that never synced counts from the creation of its database.

Time comes from ``Database.clock``, so tests move it. The thresholds come from the settings
(policy and pulled office values already applied there; pulled values only tighten).
"""

from __future__ import annotations

import contextlib
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection, delete, func, select

from fieldkit.errors import BilingualError, UserError
from fieldkit.store.db import Database
from fieldkit.sync import engine as eng
from fieldkit.sync import provenance as prov
from fieldkit.sync.settings import SyncSettings

#: The sync runs that prove the laptop reached the central store (push files do not).
SYNC_MODES = ("network", "import-pull")
#: Commands a laptop past its lease may still run.
ALLOWED_COMMANDS = frozenset({"sync", "db", "user", "enroll"})
OPEN, SYNC_ONLY, PURGE = "open", "sync_only", "purge"
CLOCK_MARK = "lease_clock_mark"
# Office records that point at a customer without a cascade (a field laptop rarely has any).
_OFFICE_BY_CUSTOMER = ("desk_talk", "caseworker_appointment", "benefits_message")


class LeaseExpired(BilingualError, UserError):
    """The laptop has not synced for too long: only a sync may run (one sentence)."""


@dataclass(frozen=True)
class LeaseState:
    """Where a computer stands: ``open``, ``sync_only`` or ``purge`` (sync only, purge due)."""

    status: str
    leased: bool = False
    since: datetime | None = None
    days: float = 0.0

    @property
    def sync_only(self) -> bool:
        """Nothing but a sync may run."""
        return self.status in (SYNC_ONLY, PURGE)

    def refusal(self) -> LeaseExpired:
        """The one sentence a refused command or window says."""
        days = int(self.days)
        return LeaseExpired(
            f"Dieser Laptop wurde seit {days} Tagen nicht synchronisiert; bitte zuerst "
            "synchronisieren (nur die Synchronisation ist möglich).",
            f"This laptop has not synced for {days} days; please sync first (only the sync "
            "can run).",
        )


@dataclass(frozen=True)
class PurgeReport:
    """What a purge removed, and how many customers it kept for their unsynced work."""

    removed: int
    kept_unsynced: int


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def last_sync(conn: Connection) -> datetime | None:
    """When this laptop last synced successfully with the central store (None: never)."""
    run = eng.table("sync_run")
    ran = conn.scalar(
        select(func.max(run.c.started_at)).where(run.c.ok.is_(True), run.c.mode.in_(SYNC_MODES))
    )
    meta = eng.table("app_meta")
    pulled = conn.scalar(select(meta.c.updated_at).where(meta.c.key == prov.SEQ))
    times = [_aware(t) for t in (ran, pulled) if t is not None]
    return max(times) if times else None


def _created(conn: Connection) -> datetime | None:
    meta = eng.table("app_meta")
    created = conn.scalar(select(meta.c.created_at).where(meta.c.key == "device_id"))
    return None if created is None else _aware(created)


def is_field_laptop(conn: Connection, is_field: bool) -> bool:
    """The lease applies: the field role, or a device that has pulled from the central store."""
    return is_field or bool(prov.read_enrolment(conn).worker_id)


def state(db: Database, settings: SyncSettings, *, is_field: bool) -> LeaseState:
    """The lease state of this database now (by ``db.clock``)."""
    if db.engine.dialect.name != "sqlite":
        return LeaseState(OPEN)  # the central database has no lease
    with db.engine.begin() as conn:
        if not is_field_laptop(conn, is_field):
            return LeaseState(OPEN)
        since = last_sync(conn) or _created(conn)
        if since is None:
            return LeaseState(OPEN, leased=True)
        now = _monotonic_now(conn, since, _aware(db.clock()))
    days = max(0.0, (now - since) / timedelta(days=1))
    if days >= max(1, settings.purge_days):
        status = PURGE
    elif days >= max(1, settings.lease_days):
        status = SYNC_ONLY
    else:
        status = OPEN
    return LeaseState(status, leased=True, since=since, days=days)


def _monotonic_now(conn: Connection, since: datetime, now: datetime) -> datetime:
    """``now``, but never earlier than the latest time seen since the last sync: a clock set
    back does not extend the lease. The mark is kept in ``app_meta`` with the sync it was
    measured after, so the next good sync (whose clock the central server checked) resets it."""
    meta = eng.table("app_meta")
    raw = conn.scalar(select(meta.c.value).where(meta.c.key == CLOCK_MARK)) or ""
    mark_since, _, mark = raw.partition("|")
    if mark_since == since.isoformat():
        with contextlib.suppress(ValueError):  # a damaged mark counts as none
            now = max(now, _aware(datetime.fromisoformat(mark)))
    value = f"{since.isoformat()}|{now.isoformat()}"
    if raw:
        conn.execute(meta.update().where(meta.c.key == CLOCK_MARK).values(value=value))
    else:
        conn.execute(
            meta.insert().values(
                id=uuid.uuid4(), key=CLOCK_MARK, value=value, created_at=now, updated_at=now,
                device_id="",
            )
        )  # fmt: skip
    return now


def purge(conn: Connection) -> PurgeReport:
    """Remove the synced personal data; keep every customer with unsynced work (see above)."""
    keep = eng.customers_with_unsynced_work(conn, None)
    keep |= _unsynced_customers(conn)
    doomed = [c for c in conn.scalars(select(eng.table("customer").c.id)) if c not in keep]
    for chunk in range(0, len(doomed), 500):
        ids = doomed[chunk : chunk + 500]
        for name in _OFFICE_BY_CUSTOMER:
            t = eng.table(name)
            conn.execute(delete(t).where(t.c.customer_id.in_(ids)))
    eng.remove_customers(conn, doomed)
    _drop_empty_routes(conn)
    conn.execute(delete(eng.table("geocode_cache")))
    placement = eng.table("manual_placement")
    conn.execute(delete(placement).where(eng.confirmed_clause(placement, "manual_placement")))
    conflict = eng.table("sync_conflict")  # a settled clash may hold a record's old version
    conn.execute(delete(conflict).where(conflict.c.resolved_at.is_not(None)))
    return PurgeReport(removed=len(doomed), kept_unsynced=len(keep))


def _unsynced_customers(conn: Connection) -> set[uuid.UUID]:
    """Customers this laptop created that the central store has not confirmed yet."""
    t = eng.table("customer")
    return set(conn.scalars(select(t.c.id).where(~eng.confirmed_clause(t, "customer"))))


def _drop_empty_routes(conn: Connection) -> None:
    route, stop, plan = eng.table("route"), eng.table("route_stop"), eng.table("route_plan")
    conn.execute(
        delete(route).where(~select(stop.c.id).where(stop.c.route_id == route.c.id).exists())
    )
    conn.execute(
        delete(plan).where(~select(route.c.id).where(route.c.plan_id == plan.c.id).exists())
    )


def enforce(db: Database, settings: SyncSettings, *, is_field: bool) -> LeaseState:
    """The lease state, with the purge done when it is due (in one transaction)."""
    current = state(db, settings, is_field=is_field)
    if current.status == PURGE:
        with db.engine.begin() as conn:
            purge(conn)
    return current


def check_command(db: Database, settings: SyncSettings, command: str, *, is_field: bool) -> None:
    """Raise :class:`LeaseExpired` when ``command`` may not run on a laptop past its lease."""
    if command in ALLOWED_COMMANDS:
        return
    current = enforce(db, settings, is_field=is_field)
    if current.sync_only:
        raise current.refusal()
