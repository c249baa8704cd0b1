"""Stored records of the office setup (issue 13); their schema comes from migration v0007.

The places where customers are invited (:class:`Branch`, matched against a flag list's
``termin_ort``), the teams with their lead (:class:`Team`) and which areas an outreach worker
covers (:class:`WorkerArea`; a worker may cover several areas and an area have several
workers). ``services.setup`` reads and writes them from a setup file or the *Einrichtung*
window. Nothing is deleted: what a setup no longer names is retired (``active`` False).
"""

from __future__ import annotations

import uuid

from sqlalchemy import Boolean, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from fieldkit.store.models import Base


class Branch(Base):
    """A place where customers are invited (Standort), with its full address."""

    __tablename__ = "branch"
    name: Mapped[str] = mapped_column(String(200), unique=True)
    street: Mapped[str] = mapped_column(String(200), default="")
    postcode: Mapped[str] = mapped_column(String(5), default="")
    city: Mapped[str] = mapped_column(String(100), default="")
    phone: Mapped[str] = mapped_column(String(50), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Team(Base):
    """A team of caseworkers by its number; ``lead`` names the team lead (a caseworker)."""

    __tablename__ = "team"
    number: Mapped[str] = mapped_column(String(20), unique=True)
    lead: Mapped[str] = mapped_column(String(200), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class WorkerArea(Base):
    """An outreach worker covers an area (in the setup's order: ``seq``)."""

    __tablename__ = "worker_area"
    __table_args__ = (UniqueConstraint("worker_id", "area_id"),)
    worker_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("outreach_worker.id", ondelete="CASCADE")
    )
    area_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("area.id", ondelete="CASCADE"))
