"""The central database's own change log (issue 15, item 5); its schema comes from v0017.

Filled only by PostgreSQL triggers that ``fieldkit central init`` installs
(``fieldkit.sync.central_policies``), never by a client: which database role (account) did
which operation to which row of which table, and when. It never holds the row's content
(no names, addresses or notes). Only the admin group may read it; nobody may change or
delete it. The table exists in every fieldkit database; on a laptop (SQLite) it stays empty.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from fieldkit.store.models import Base


class CentralChange(Base):
    """One insert, update or delete on the central database, as its trigger saw it."""

    __tablename__ = "central_change_log"
    at: Mapped[datetime] = mapped_column(index=True)
    db_role: Mapped[str] = mapped_column(String(63), index=True)
    record_table: Mapped[str] = mapped_column(String(63))
    record_id: Mapped[str] = mapped_column(String(64), default="")
    operation: Mapped[str] = mapped_column(String(10))
