"""The preparation checklist of one customer (E-Akte, LSB)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import select

from fieldkit.domain import permissions, roles
from fieldkit.services.access import may_see_flag, not_visible, require
from fieldkit.services.field.model import PrepState
from fieldkit.services.office import Identity
from fieldkit.store.db import Database
from fieldkit.store.models import PrepCheck

PREP_FIELDS = frozenset({"eakte_checked", "lsb_needed", "lsb_contacted", "note"})


def save_prep(
    db: Database,
    flag_id: uuid.UUID,
    now: datetime,
    *,
    identity: Identity,
    **changes: Any,
) -> PrepState:
    """Change the preparation checklist of one customer (created on first use)."""
    require(identity, permissions.VISITS)
    unknown = set(changes) - PREP_FIELDS
    if unknown:
        raise ValueError(sorted(unknown))
    with db.session() as session:
        if identity.account_role == roles.FIELD and not may_see_flag(session, identity, flag_id):
            raise not_visible()
        prep = session.scalar(select(PrepCheck).where(PrepCheck.flag_id == flag_id))
        if prep is None:
            prep = PrepCheck(flag_id=flag_id)
            session.add(prep)
        for key, value in changes.items():
            setattr(prep, key, value)
        prep.checked_at = now
        return PrepState(
            bool(prep.eakte_checked),
            bool(prep.lsb_needed),
            bool(prep.lsb_contacted),
            prep.note or "",
            prep.checked_at,
        )
