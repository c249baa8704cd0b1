"""The stored records, as typed SQLAlchemy 2 models.

Every record has a UUID primary key, created/updated timestamps in UTC and the id of the
device that last wrote it: sync relies on all three. The schema itself is only ever created
and changed by the Alembic migrations in ``store/migrations``.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from fieldkit.store.types import UTCDateTime, utcnow

# Named constraints keep Alembic's batch mode on SQLite predictable.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Common columns of every record."""

    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UTCDateTime(), dict[str, Any]: JSON}

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    device_id: Mapped[str] = mapped_column(String(64), default="")


class AppMeta(Base):
    """Key/value facts about this database, e.g. the id of this device."""

    __tablename__ = "app_meta"
    key: Mapped[str] = mapped_column(String(64), unique=True)
    value: Mapped[str] = mapped_column(Text, default="")


class Office(Base):
    """A Jobcenter office: where routes start and end, and the sender of letters."""

    __tablename__ = "office"
    name: Mapped[str] = mapped_column(String(200))
    street: Mapped[str] = mapped_column(String(200), default="")
    postcode: Mapped[str] = mapped_column(String(5), default="")
    city: Mapped[str] = mapped_column(String(100), default="")
    phone: Mapped[str] = mapped_column(String(50), default="")
    opening_hours: Mapped[str] = mapped_column(Text, default="")
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    # The office setup (issue 13): the federal state (holidays), when flag lists close
    # ("Do 16:00"), letterhead text and the path of a logo image shown on letters.
    email: Mapped[str] = mapped_column(String(200), default="")
    state: Mapped[str] = mapped_column(String(2), default="BW")
    flag_cutoff: Mapped[str] = mapped_column(String(20), default="Do 16:00")
    letterhead: Mapped[str] = mapped_column(Text, default="")
    logo_path: Mapped[str] = mapped_column(String(500), default="")


class OutreachWorker(Base):
    """An outreach worker (AB) who visits customers."""

    __tablename__ = "outreach_worker"
    name: Mapped[str] = mapped_column(String(200))
    office_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("office.id"))
    # ISO weekdays (1 = Monday) as "1,2,3,4,5".
    working_days: Mapped[str] = mapped_column(String(20), default="1,2,3,4,5")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Own hours ("08:00"; "" = the planning settings), break (None = settings) and the
    # address the day starts from ("" = the office), placed by the offline geocoding chain.
    start_time: Mapped[str] = mapped_column(String(5), default="")
    end_time: Mapped[str] = mapped_column(String(5), default="")
    break_minutes: Mapped[int | None] = mapped_column(Integer)
    start_address: Mapped[str] = mapped_column(String(300), default="")
    start_lat: Mapped[float | None] = mapped_column(Float)
    start_lon: Mapped[float | None] = mapped_column(Float)

    office: Mapped[Office | None] = relationship()


class Caseworker(Base):
    """An IFK; as the customer's Hauptbetreuer (HB) the addressee of tasks."""

    __tablename__ = "caseworker"
    name: Mapped[str] = mapped_column(String(200), unique=True)
    team: Mapped[str] = mapped_column(String(20), default="")
    phone: Mapped[str] = mapped_column(String(50), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    branch: Mapped[str] = mapped_column(String(200), default="")  # a Branch's name, or ""
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Area(Base):
    """An area of the district (Aufteilung des Landkreises) with the weekdays it is visited."""

    __tablename__ = "area"
    name: Mapped[str] = mapped_column(String(100), unique=True)
    weekdays: Mapped[str] = mapped_column(String(20), default="")
    worker_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("outreach_worker.id"))
    color: Mapped[str] = mapped_column(String(9), default="")
    # A retired area (no longer in the setup) gets no new customers; its history stays.
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    members: Mapped[list[AreaMember]] = relationship(
        back_populates="area", cascade="all, delete-orphan"
    )
    worker: Mapped[OutreachWorker | None] = relationship()


class AreaMember(Base):
    """A municipality (official key, AGS) of an area; with a postcode where a town is split."""

    __tablename__ = "area_member"
    area_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("area.id", ondelete="CASCADE"))
    ags: Mapped[str] = mapped_column(String(8))
    postcode: Mapped[str | None] = mapped_column(String(5))

    area: Mapped[Area] = relationship(back_populates="members")


class Customer(Base):
    """A customer (Kunde/Kundin, ELB) of the Jobcenter."""

    __tablename__ = "customer"
    kundennummer: Mapped[str] = mapped_column(String(20), unique=True)
    nachname: Mapped[str] = mapped_column(String(200))
    vorname: Mapped[str] = mapped_column(String(200))
    geburtsdatum: Mapped[date] = mapped_column(Date)
    telefon: Mapped[str] = mapped_column(String(50), default="")
    langzeitarbeitslos: Mapped[bool] = mapped_column(Boolean, default=False)
    team: Mapped[str] = mapped_column(String(20), default="")
    caseworker_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("caseworker.id"))
    # Meldeversäumnisse so far (§ 32 SGB II); a later rule set may grade consequences by it.
    missed_appointments: Mapped[int] = mapped_column(Integer, default=0)
    # The Hamburg concept's customer situation (domain.hamburg.Situation value, "" unknown);
    # used only where the office enables the Hamburg rules (migration 0011).
    situation: Mapped[str] = mapped_column(String(30), default="")

    caseworker: Mapped[Caseworker | None] = relationship()
    address: Mapped[Address | None] = relationship(
        back_populates="customer", uselist=False, cascade="all, delete-orphan"
    )
    flags: Mapped[list[Flag]] = relationship(back_populates="customer")

    @property
    def display_name(self) -> str:
        """'Nachname, Vorname' as lists show it."""
        return f"{self.nachname}, {self.vorname}"


class Address(Base):
    """A customer's postal address and where it lies on the map."""

    __tablename__ = "address"
    customer_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("customer.id", ondelete="CASCADE"), unique=True
    )
    strasse: Mapped[str] = mapped_column(String(200))
    hausnummer: Mapped[str] = mapped_column(String(20))
    plz: Mapped[str] = mapped_column(String(5))
    ort: Mapped[str] = mapped_column(String(100))
    adresszusatz: Mapped[str] = mapped_column(String(200), default="")
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    geo_source: Mapped[str] = mapped_column(String(30), default="")
    geo_precision: Mapped[str] = mapped_column(String(20), default="")

    customer: Mapped[Customer] = relationship(back_populates="address")

    @property
    def one_line(self) -> str:
        """'Hauptstraße 12, 74172 Neckarsulm'."""
        return f"{self.strasse} {self.hausnummer}, {self.plz} {self.ort}"


class Flag(Base):
    """A customer flagged (vorgemerkt) for a visit in one ISO week, with the judged chain."""

    __tablename__ = "flag"
    __table_args__ = (UniqueConstraint("customer_id", "visit_week"),)
    customer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("customer.id", ondelete="CASCADE"))
    visit_week: Mapped[str] = mapped_column(String(8), index=True)  # "2026-W49"
    flagged_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(10))  # eligible / warning / blocked
    reasons: Mapped[list[Any]] = mapped_column(JSON, default=list)
    sinnhaftigkeit: Mapped[str] = mapped_column(Text, default="")
    appointment_at: Mapped[datetime | None]
    appointment_place: Mapped[str] = mapped_column(String(200), default="")
    open_cooperation: Mapped[list[Any]] = mapped_column(JSON, default=list)
    hints: Mapped[str] = mapped_column(Text, default="")
    withdrawn_at: Mapped[datetime | None]
    # A blocked customer becomes plannable only when a caseworker overrides with a reason.
    override_reason: Mapped[str] = mapped_column(Text, default="")
    override_by: Mapped[str] = mapped_column(String(200), default="")
    override_at: Mapped[datetime | None]
    # Hash of the imported row: re-importing the same file must change nothing.
    source_fingerprint: Mapped[str] = mapped_column(String(64), default="")
    # Planning inputs per customer: None/"" means the settings' defaults / no window.
    service_minutes: Mapped[int | None] = mapped_column(Integer)
    window_start: Mapped[str] = mapped_column(String(5), default="")  # "10:00": nicht vor
    window_end: Mapped[str] = mapped_column(String(5), default="")  # "15:00": nicht nach
    priority: Mapped[int] = mapped_column(Integer, default=0)  # higher is planned first
    # The invitation to hand over (import columns termin_art, regelbedarfsstufe, bg_nummer).
    appointment_kind: Mapped[str] = mapped_column(String(10), default="in_person")
    standard_need_level: Mapped[int] = mapped_column(Integer, default=1)  # Regelbedarfsstufe
    bg_number: Mapped[str] = mapped_column(String(30), default="")
    # Optimistic locking: two caseworkers releasing the same blocked flag at once cannot both
    # succeed; the second's UPDATE finds a newer version and is refused (issue 21, item 9).
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    customer: Mapped[Customer] = relationship(back_populates="flags")

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - read once by SQLAlchemy

    @property
    def plannable(self) -> bool:
        """Not withdrawn, and either not blocked or overridden by a caseworker."""
        if self.withdrawn_at is not None:
            return False
        return self.status != "blocked" or bool(self.override_reason.strip())

    invitations: Mapped[list[Invitation]] = relationship(
        back_populates="flag", cascade="all, delete-orphan", order_by="Invitation.seq"
    )
    calls: Mapped[list[PhoneCall]] = relationship(
        back_populates="flag", cascade="all, delete-orphan", order_by="PhoneCall.seq"
    )


class RuleSetVerification(Base):
    """Who checked a shipped rule set against the law in force, and on which day; RFB
    letters under a rule set print only once it is verified (issue 16)."""

    __tablename__ = "rule_set_verification"
    name: Mapped[str] = mapped_column(String(100), unique=True)
    verified_by: Mapped[str] = mapped_column(String(200))
    verified_on: Mapped[date] = mapped_column(Date)


class Invitation(Base):
    """An invitation (Einladung) before outreach: date, with RFB, attended."""

    __tablename__ = "invitation"
    flag_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("flag.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(Integer)
    date: Mapped[date] = mapped_column(Date)
    with_rfb: Mapped[bool] = mapped_column(Boolean, default=False)
    attended: Mapped[bool | None] = mapped_column(Boolean)
    channel: Mapped[str] = mapped_column(String(20), default="in_person")

    flag: Mapped[Flag] = relationship(back_populates="invitations")


class PhoneCall(Base):
    """A documented phone call attempt before outreach."""

    __tablename__ = "phone_call"
    flag_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("flag.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(Integer)
    called_at: Mapped[datetime]

    flag: Mapped[Flag] = relationship(back_populates="calls")


class Visit(Base):
    """A doorstep visit. Append-only once final: a correction is a new row superseding it."""

    __tablename__ = "visit"
    # The office report finds each flag's newest final, uncorrected visit by index seeks
    # that never touch the table (issue 21).
    __table_args__ = (
        Index("ix_visit_flag_newest", "flag_id", "state", "visited_at", "id"),
        Index("ix_visit_supersedes", "supersedes_id", "state"),
    )
    flag_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("flag.id"))
    customer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("customer.id"))
    worker_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("outreach_worker.id"))
    visited_at: Mapped[datetime]
    outcome: Mapped[str | None] = mapped_column(String(10))
    not_met_reason: Mapped[str | None] = mapped_column(String(30))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    note: Mapped[str] = mapped_column(Text, default="")
    complex_case: Mapped[bool] = mapped_column(Boolean, default=False)
    benefits_hint: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[str] = mapped_column(String(10), default="draft")
    supersedes_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("visit.id"))
    # The stop of the stored route this visit was recorded at, if any.
    route_stop_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("route_stop.id", ondelete="SET NULL")
    )


class CaseNote(Base):
    """A Verbis-Vermerk, written from a visit; append-only like visits."""

    __tablename__ = "case_note"
    customer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("customer.id"))
    visit_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("visit.id"))
    text: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(10), default="draft")
    supersedes_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("case_note.id"))
    transferred_at: Mapped[datetime | None]


class Task(Base):
    """A task (Aufgabe) for the customer's caseworker."""

    __tablename__ = "task"
    customer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("customer.id"))
    caseworker_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("caseworker.id"))
    visit_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("visit.id"))
    title: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text, default="")
    due_date: Mapped[date | None] = mapped_column(Date)
    done_at: Mapped[datetime | None]


# --------------------------------------------------------------------------- geocoding


class GeocodeCacheEntry(Base):
    """An earlier geocoding result for a normalised address key (local, never synced)."""

    __tablename__ = "geocode_cache"
    key: Mapped[str] = mapped_column(String(400), unique=True)
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    source: Mapped[str] = mapped_column(String(30))
    precision: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")


class ManualPlacement(Base):
    """A position the user set by hand for a normalised address; wins over every source."""

    __tablename__ = "manual_placement"
    key: Mapped[str] = mapped_column(String(400), unique=True)
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    placed_by: Mapped[str] = mapped_column(String(200), default="")


class AddressImport(Base):
    """One imported file of house coordinates (OSM-style CSV or HK-DE)."""

    __tablename__ = "address_import"
    file_name: Mapped[str] = mapped_column(String(300))
    file_format: Mapped[str] = mapped_column(String(10))  # "osm" / "hkde"
    point_count: Mapped[int] = mapped_column(Integer, default=0)

    points: Mapped[list[AddressPoint]] = relationship(
        back_populates="source", cascade="all, delete-orphan", passive_deletes=True
    )


class AddressPoint(Base):
    """A house coordinate from an imported file (WGS84)."""

    __tablename__ = "address_point"
    import_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("address_import.id", ondelete="CASCADE"), index=True
    )
    street: Mapped[str] = mapped_column(String(200))
    housenumber: Mapped[str] = mapped_column(String(20))
    postcode: Mapped[str] = mapped_column(String(5), default="")
    city: Mapped[str] = mapped_column(String(100), default="")
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)

    source: Mapped[AddressImport] = relationship(back_populates="points")


# --------------------------------------------------------------------------- routes


class RoutePlan(Base):
    """The stored plan of one visit week; re-planning replaces its routes."""

    __tablename__ = "route_plan"
    visit_week: Mapped[str] = mapped_column(String(8), unique=True)
    planned_at: Mapped[datetime]
    time_limit: Mapped[float] = mapped_column(Float, default=0.0)
    total_driving: Mapped[int] = mapped_column(Integer, default=0)  # seconds
    # The unplanned customers with their reasons: [{"flag_id", "reason", "detail"}].
    unplanned: Mapped[list[Any]] = mapped_column(JSON, default=list)

    routes: Mapped[list[Route]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="Route.day"
    )


class Route(Base):
    """One worker's route on one day."""

    __tablename__ = "route"
    plan_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("route_plan.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    worker_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("outreach_worker.id"))
    area_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("area.id"))
    start_seconds: Mapped[int] = mapped_column(Integer, default=0)  # since midnight
    end_seconds: Mapped[int] = mapped_column(Integer, default=0)
    driving_seconds: Mapped[int] = mapped_column(Integer, default=0)

    plan: Mapped[RoutePlan] = relationship(back_populates="routes")
    worker: Mapped[OutreachWorker | None] = relationship()
    area: Mapped[Area | None] = relationship()
    stops: Mapped[list[RouteStop]] = relationship(
        back_populates="route", cascade="all, delete-orphan", order_by="RouteStop.seq"
    )


class RouteStop(Base):
    """A planned visit on a route; its status changes on the road (planned/done/skipped/later)."""

    __tablename__ = "route_stop"
    # The office report's seek for a flag's latest stop (issue 21).
    __table_args__ = (Index("ix_route_stop_flag_latest", "flag_id", "created_at", "id"),)
    route_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("route.id", ondelete="CASCADE"))
    flag_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("flag.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(Integer)
    arrival_seconds: Mapped[int] = mapped_column(Integer, default=0)
    service_seconds: Mapped[int] = mapped_column(Integer, default=0)
    pinned: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(10), default="planned")
    status_at: Mapped[datetime | None]

    route: Mapped[Route] = relationship(back_populates="stops")
    flag: Mapped[Flag] = relationship()


# --------------------------------------------------------------------------- field


class PrepCheck(Base):
    """The preparation checklist for one flagged customer before leaving the office."""

    __tablename__ = "prep_check"
    flag_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("flag.id", ondelete="CASCADE"), unique=True
    )
    eakte_checked: Mapped[bool] = mapped_column(Boolean, default=False)
    lsb_needed: Mapped[bool] = mapped_column(Boolean, default=False)
    lsb_contacted: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str] = mapped_column(Text, default="")
    checked_at: Mapped[datetime | None]


# The records of sync and of the back office live in their own modules; importing them here
# keeps Base.metadata complete wherever the models are used (Alembic included).
from fieldkit.store import (  # noqa: E402, F401
    models_accounts,
    models_audit,
    models_central,
    models_office,
    models_setup,
    models_sync,
)
