"""The audit log (issue 14, item 4): record who did what, read it back, purge old entries.

An entry names the account, the device, an action code, the object's kind and id and a short
detail that is never personal data (a file name, a week, a count; no names, addresses or
notes). Rows are only ever added; :func:`purge` is the one place that deletes them, after the
retention period of the settings (``audit.keep_days``, at least 365 days).
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from fieldkit.domain import permissions
from fieldkit.services.access import require
from fieldkit.services.audit_settings import AuditSettings
from fieldkit.services.office import Identity
from fieldkit.store.db import Database
from fieldkit.store.models import Base, Customer, Flag, Visit
from fieldkit.store.models_audit import PURGE_MARKER, AuditEntry, clean, new_entry

# Action codes: what happened (the object kind says to what).
OPEN = "open"  # a customer's record was opened (detail panel, field card, visit record)
CHANGE = "change"  # a visit, a note, a stop status changed
FINALISE = "finalise"  # a visit was finished (final) or corrected
IMPORT = "import"  # a flag list was imported
PLAN = "plan"  # a week was planned
PRINT = "print"  # letters or route sheets were written as a PDF file or sent to a printer
PREVIEW = "preview"  # letters or route sheets were rendered for the screen only
EXPORT = "export"  # a file left fieldkit (PDF, XLSX, transfer file): its name only
SYNC = "sync"  # a sync run (network or file)
SETUP = "setup"  # the office setup changed
RULES = "rules"  # a rule set was verified
LOGIN = "login"  # a login succeeded
LOGIN_FAILED = "login_failed"  # a login failed
GEOCODE = "geocode"  # addresses were placed on the map
ACCOUNT = "account"  # an account was added, got a new password or was disabled
ACTIONS: tuple[str, ...] = (
    OPEN,
    CHANGE,
    FINALISE,
    IMPORT,
    PLAN,
    PRINT,
    PREVIEW,
    EXPORT,
    SYNC,
    SETUP,
    RULES,
    LOGIN,
    LOGIN_FAILED,
    GEOCODE,
    ACCOUNT,
)


def record(
    session: Session,
    identity: Identity,
    action: str,
    kind: str,
    object_id: object = "",
    detail: str = "",
) -> AuditEntry:
    """Add one entry in ``session``'s unit of work (written with the change it records)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    return new_entry(session, identity.account, action, kind, object_id, detail)


def record_now(
    db: Database,
    identity: Identity,
    action: str,
    kind: str,
    object_id: object = "",
    detail: str = "",
) -> None:
    """Record one entry in a unit of work of its own (for reads and file exports)."""
    with db.session() as session:
        record(session, identity, action, kind, object_id, detail)


def login(session: Session, name: str, ok: bool, reason: str = "") -> AuditEntry:
    """A login attempt of account ``name`` (for the accounts work to call). ``reason`` is a
    code such as ``password`` or ``locked``, never the password."""
    who = Identity(account=clean(name, 100))
    return record(session, who, LOGIN if ok else LOGIN_FAILED, "account", who.account, reason)


@dataclass(frozen=True)
class Filters:
    """What :func:`entries` looks for; empty fields match everything."""

    customer: str = ""  # a Kundennummer or a customer's id
    user: str = ""  # an account name
    since: datetime | None = None
    action: str = ""
    limit: int = 1000


def _customer_objects(session: Session, customer: str) -> list[str]:
    """The ids of a customer and of their flags and visits, as the log stores them."""
    key = customer.strip()
    ids: list[uuid.UUID] = list(
        session.scalars(select(Customer.id).where(Customer.kundennummer == key))
    )
    with contextlib.suppress(ValueError):
        ids.append(uuid.UUID(key))
    if not ids:
        return [key]
    flags = list(session.scalars(select(Flag.id).where(Flag.customer_id.in_(ids))))
    visits = list(session.scalars(select(Visit.id).where(Visit.customer_id.in_(ids))))
    return [str(i) for i in [*ids, *flags, *visits]]


def entries(
    session: Session, identity: Identity, filters: Filters | None = None
) -> list[AuditEntry]:
    """The log's entries, newest first (the administration only, when accounts exist)."""
    require(identity, permissions.AUDIT)
    f = filters or Filters()
    stmt = select(AuditEntry)
    if f.customer.strip():
        stmt = stmt.where(AuditEntry.object_id.in_(_customer_objects(session, f.customer)))
    if f.user.strip():
        stmt = stmt.where(AuditEntry.account == f.user.strip())
    if f.since is not None:
        stmt = stmt.where(AuditEntry.at >= f.since)
    if f.action.strip():
        stmt = stmt.where(AuditEntry.action == f.action.strip())
    stmt = stmt.order_by(AuditEntry.at.desc(), AuditEntry.id).limit(max(1, min(f.limit, 100_000)))
    return list(session.scalars(stmt))


def as_dict(entry: AuditEntry) -> dict[str, str]:
    """An entry as JSON-able text."""
    return {
        "at": entry.at.isoformat(),
        "account": entry.account,
        "device": entry.device,
        "action": entry.action,
        "object_kind": entry.object_kind,
        "object_id": entry.object_id,
        "detail": entry.detail,
    }


def purge(db: Database, settings: AuditSettings, now: datetime) -> int:
    """Delete the entries older than the retention period; the only delete of audit rows.

    The SQLite trigger lets a DELETE pass only while the marker row ``audit_purge`` is in
    ``app_meta``; it is added and removed within this one transaction.
    """
    cutoff = now - timedelta(days=max(365, settings.keep_days))
    meta, t = Base.metadata.tables["app_meta"], Base.metadata.tables["audit_log"]
    marker = {
        "id": uuid.uuid4(),
        "key": PURGE_MARKER,
        "value": cutoff.isoformat(),
        "created_at": now,
        "updated_at": now,
        "device_id": db.device_id,
    }
    with db.engine.begin() as conn:
        conn.execute(meta.insert().values(**marker))
        gone = conn.execute(delete(t).where(t.c.at < cutoff)).rowcount
        conn.execute(delete(meta).where(meta.c.key == PURGE_MARKER))
    return int(gone or 0)


def count(session: Session, actions: Sequence[str] = ()) -> int:
    """How many entries there are (of ``actions``, when given)."""
    stmt = select(func.count()).select_from(AuditEntry)
    if actions:
        stmt = stmt.where(or_(*(AuditEntry.action == a for a in actions)))
    return int(session.scalar(stmt) or 0)
