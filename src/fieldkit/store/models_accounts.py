"""The people who may log in (issue 14, item 1); their schema comes from migration v0012.

An :class:`Account` has a login name (unique whatever its case: ``name_key`` is the name
folded to lower case), a role (:mod:`fieldkit.domain.roles`), a team, for field staff the
outreach worker they are and for the back office the caseworker name they work as. Only an
Argon2id hash of the password is stored, and the public half of its sealed key slot
(``slot_salt``, ``slot_public``: a database key can be wrapped to it without the password).
Failed logins and the lock are kept here, in the database, so that a lockout holds on a laptop
without a network too. Accounts are local to a
database: sync does not carry them (``fieldkit.sync.engine`` lists the tables it does).
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from fieldkit.store.models import Base


class Account(Base):
    """A person's login: name, role, team, worker or caseworker, password hash, lockout."""

    __tablename__ = "account"
    name: Mapped[str] = mapped_column(String(64))
    name_key: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(20))
    team: Mapped[str] = mapped_column(String(20), default="")
    worker_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("outreach_worker.id", ondelete="SET NULL")
    )
    caseworker: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str] = mapped_column(String(200))
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None]
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    password_changed_at: Mapped[datetime | None]
    #: The sealed key slot's material (``store.cipher.SlotMaterial``, migration v0018):
    #: the Argon2id salt and the X25519 public key of the password, base64; None for an
    #: account whose password was set before it existed.
    slot_salt: Mapped[str | None] = mapped_column(String(64))
    slot_public: Mapped[str | None] = mapped_column(String(64))
