"""The audit log (issue 14, item 4); its schema comes from migration v0013.

Append-only: who (account, device) did what (action code) to which object (kind and id),
when (UTC), with a short non-personal detail (a file name, a count, a week) and NEVER the
personal data itself: no names, addresses or notes. Only the retention purge
(``services.audit.purge``) deletes rows; on SQLite a trigger refuses every other UPDATE or
DELETE. The rows travel to the central store with the sync (``sync.engine.PUSH``).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, Session, mapped_column

from fieldkit.store.models import Base
from fieldkit.store.types import utcnow


class AuditEntry(Base):
    """One audited action."""

    __tablename__ = "audit_log"
    at: Mapped[datetime] = mapped_column(index=True)
    account: Mapped[str] = mapped_column(String(100), default="", index=True)
    device: Mapped[str] = mapped_column(String(64), default="")
    action: Mapped[str] = mapped_column(String(40))
    object_kind: Mapped[str] = mapped_column(String(40), default="")
    object_id: Mapped[str] = mapped_column(String(64), default="", index=True)
    detail: Mapped[str] = mapped_column(String(200), default="")


# While this key is in ``app_meta`` the SQLite trigger of migration v0013 lets a DELETE of
# audit rows pass; only the retention purge adds it, and removes it in the same transaction.
PURGE_MARKER = "audit_purge"


def clean(value: object, limit: int) -> str:
    """One line of printable text, cut to ``limit`` characters."""
    raw = "" if value is None else str(value)
    return "".join(ch if ch.isprintable() else " " for ch in raw).strip()[:limit]


def new_entry(
    session: Session, account: str, action: str, kind: str, object_id: object, detail: str
) -> AuditEntry:
    """Add one entry to ``session`` (time from the session's clock, device from its info)."""
    entry = AuditEntry(
        at=session.info.get("clock", utcnow)(),
        account=clean(account, 100),
        device=clean(session.info.get("device_id", ""), 64),
        action=clean(action, 40),
        object_kind=clean(kind, 40),
        object_id=clean(object_id, 64),
        detail=clean(detail, 200),
    )
    session.add(entry)
    return entry
