"""Stored records of the sync (issue 8); their schema comes from migration v0004.

The same tables exist on laptops and in the central database: ``sync_record`` is the laptop's
memory of what the central store has confirmed, ``sync_conflict`` the visible conflict list
(both sides), ``sync_run`` the log of syncs, ``sync_stop_status`` (central) the status of the
laptops' route stops, ``office_document`` (from migration v0006) the letter templates and
office-wide settings the back office publishes for the laptops.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    Uuid,
    event,
    select,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from fieldkit.store.models import Base, CaseNote, Task, Visit


class SyncRecord(Base):
    """A record the central store has confirmed, as of the ``updated_at`` it had then."""

    __tablename__ = "sync_record"
    __table_args__ = (UniqueConstraint("record_table", "record_id"),)
    record_table: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    record_updated_at: Mapped[datetime]
    confirmed_at: Mapped[datetime]


class SyncConflict(Base):
    """A clash the sync could not settle by its rules; shown to people, never dropped."""

    __tablename__ = "sync_conflict"
    kind: Mapped[str] = mapped_column(String(40))
    record_table: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    origin_device: Mapped[str] = mapped_column(String(64), default="")
    # Parameters of the message plus, where a version was not applied, that version itself.
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    detected_at: Mapped[datetime]
    resolved_at: Mapped[datetime | None]


class SyncRun(Base):
    """One sync run (network or file): when, what went up and down, and how it ended."""

    __tablename__ = "sync_run"
    mode: Mapped[str] = mapped_column(String(20))
    target: Mapped[str] = mapped_column(String(300), default="")
    started_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]
    ok: Mapped[bool] = mapped_column(Boolean, default=False)
    pushed: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    pulled: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    error: Mapped[str] = mapped_column(Text, default="")
    error_code: Mapped[str] = mapped_column(String(30), default="")


class SyncStopStatus(Base):
    """Central copy of a laptop's route stop status (its ``id`` is the stop's id)."""

    __tablename__ = "sync_stop_status"
    flag_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    status: Mapped[str] = mapped_column(String(10))
    status_at: Mapped[datetime | None]


class OfficeDocument(Base):
    """What the back office publishes for its laptops: letter templates or settings (JSON).

    One row per office and ``kind`` (``letter_templates``: the office's changed template
    entries, key → paragraphs; ``settings``: the office-wide settings, section → name →
    value). Its id is derived from office and kind, so publishing again replaces it.
    """

    __tablename__ = "office_document"
    __table_args__ = (UniqueConstraint("office_id", "kind"),)
    office_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("office.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    body: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    published_by: Mapped[str] = mapped_column(String(200), default="")


class SyncTicket(Base):
    """A pull the central store handed out (network sync or pull file), numbered in order.

    A laptop remembers the highest ``seq`` it applied and refuses a pull file with a lower one
    (an old file replayed would revert the back office's later changes); a file names the
    worker, office and device it was made for, and a laptop refuses a foreign one (issue 21).
    """

    __tablename__ = "sync_ticket"
    seq: Mapped[int] = mapped_column(Integer, unique=True)
    worker_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    office_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    target_device: Mapped[str] = mapped_column(String(64), default="")
    mode: Mapped[str] = mapped_column(String(20), default="")
    issued_at: Mapped[datetime]


class SyncOfficeKey(Base):
    """The office's key pair for sync files (central only; migration v0016, issue 15).

    Pull files are signed with ``sign_private`` (Ed25519), push files are encrypted to
    ``box_public`` (X25519). Made at the first sync or pull file of the office; the private
    halves never leave the central database.
    """

    __tablename__ = "sync_office_key"
    office_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("office.id", ondelete="CASCADE"), unique=True
    )
    sign_public: Mapped[str] = mapped_column(String(64))
    sign_private: Mapped[str] = mapped_column(String(64))
    box_public: Mapped[str] = mapped_column(String(64))
    box_private: Mapped[str] = mapped_column(String(64))


class SyncDevice(Base):
    """An enrolled laptop and its public keys (central; migration v0016, issue 15).

    Push files must be signed with ``sign_public``'s key; pull files are encrypted to
    ``box_public``. ``disabled`` revokes the laptop: its files and syncs are refused.
    """

    __tablename__ = "sync_device"
    device: Mapped[str] = mapped_column(String(64), unique=True)
    office_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    worker_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    sign_public: Mapped[str] = mapped_column(String(64))
    box_public: Mapped[str] = mapped_column(String(64))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    enrolled_at: Mapped[datetime]


class SyncDeviceRun(Base):
    """One sync of a laptop as the central database saw it (migration v0019, issue 15 item 5).

    Written centrally in the sync's own transaction: a network sync when it ends, a push
    file when it is imported, a pull file when it is written. The team lead's report lists
    per laptop its last sync, the records it brought and took and the conflicts.
    Nothing personal: counts, the device, the worker's id and the account that synced.
    """

    __tablename__ = "sync_device_run"
    device: Mapped[str] = mapped_column(String(64), index=True)
    worker_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    account: Mapped[str] = mapped_column(String(100), default="")
    mode: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime]
    pushed: Mapped[int] = mapped_column(Integer, default=0)
    pulled: Mapped[int] = mapped_column(Integer, default=0)
    conflicts: Mapped[int] = mapped_column(Integer, default=0)
    rejected: Mapped[int] = mapped_column(Integer, default=0)


class UnsyncedDeleteError(RuntimeError):
    """Someone tried to delete a final field record the central store has not confirmed."""


_GUARDED = (Visit, CaseNote, Task)


def _is_guarded(session: Session, obj: object) -> bool:
    if isinstance(obj, Visit | CaseNote):
        return obj.state == "final"
    if isinstance(obj, Task):
        # A task of a draft visit never leaves the laptop, so discarding the draft may drop it.
        if obj.visit_id is None:
            return True
        state = session.scalar(select(Visit.state).where(Visit.id == obj.visit_id))
        return state in (None, "final")
    return False


def _refuse_unsynced_deletes(session: Session, _ctx: Any, _instances: Any) -> None:
    # Nothing unsynced is ever deleted: not on logout, reset or a new week. Bulk deletes
    # bypass this hook; the only bulk delete of field records is the sync's own minimisation.
    doomed = [o for o in session.deleted if isinstance(o, _GUARDED) and _is_guarded(session, o)]
    if not doomed:
        return
    for obj in doomed:
        table = type(obj).__tablename__
        confirmed = session.scalar(
            select(SyncRecord.id).where(
                SyncRecord.record_table == table, SyncRecord.record_id == obj.id
            )
        )
        if confirmed is None:
            raise UnsyncedDeleteError(
                f"A {table} record that is not yet synced to the central store cannot be deleted."
            )


event.listen(Session, "before_flush", _refuse_unsynced_deletes)
