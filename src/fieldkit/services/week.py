"""Reading the outreach week: the rows of the week table and one customer's details."""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from fieldkit.domain import permissions, roles
from fieldkit.services import audit
from fieldkit.services.access import require, require_flag, worker_area_names
from fieldkit.services.areas import area_names_by_flag, area_sets_by_flag
from fieldkit.services.office import Identity, scope_customers
from fieldkit.store.models import Customer, Flag


@dataclass(frozen=True)
class WeekRow:
    """One flagged customer as the week table shows it."""

    flag_id: uuid.UUID
    kundennummer: str
    name: str
    strasse: str
    plz: str
    ort: str
    status: str
    codes: tuple[str, ...]
    caseworker: str
    team: str
    appointment_at: datetime | None
    plannable: bool
    overridden: bool
    geo_precision: str
    hints: str
    #: The area of the district the address lies in ("" when it fits none).
    area: str = ""
    #: Where the position came from ("manual" for a hand placement, "" when not placed).
    geo_source: str = ""
    #: The stored reasons (code, column, params): the screens say them in words, never codes.
    reasons: tuple[dict[str, Any], ...] = ()

    @property
    def placement(self) -> str:
        """How the address was placed, as the week table shows it: "manual" for a hand
        placement, else the precision ("house" … "municipality"), "" when not placed."""
        if self.geo_source == "manual":
            return "manual"
        # Geocoding stores "none" for an address it could not place.
        return "" if self.geo_precision == "none" else self.geo_precision

    def to_json(self) -> dict[str, Any]:
        """JSON-able dict (for ``fieldkit week --json``)."""
        data = asdict(self)
        data["flag_id"] = str(self.flag_id)
        data["codes"] = list(self.codes)
        data.pop("reasons")  # the CLI's JSON keeps its shape: codes only
        data["appointment_at"] = self.appointment_at.isoformat() if self.appointment_at else None
        return data


@dataclass(frozen=True)
class ChainStep:
    """One step of the escalation chain as the detail panel's timeline shows it."""

    kind: str  # invitation1, invitation2, call1, call2
    when: date | datetime | None
    with_rfb: bool | None = None
    attended: bool | None = None


@dataclass(frozen=True)
class CustomerDetail:
    """Everything the detail panel shows about one flagged customer."""

    row: WeekRow
    vorname: str
    nachname: str
    geburtsdatum: date
    telefon: str
    langzeitarbeitslos: bool
    adresszusatz: str
    flagged_at: datetime
    sinnhaftigkeit: str
    appointment_place: str
    open_cooperation: tuple[str, ...]
    reasons: tuple[dict[str, Any], ...]
    chain: tuple[ChainStep, ...]
    override_reason: str = ""
    override_by: str = ""
    override_at: datetime | None = None


def list_weeks(session: Session) -> list[str]:
    """All visit weeks that have flags, oldest first."""
    return list(session.scalars(select(Flag.visit_week).distinct().order_by(Flag.visit_week)))


def _flags(session: Session, week: str, identity: Identity) -> list[Flag]:
    stmt = (
        select(Flag)
        .where(Flag.visit_week == week, Flag.withdrawn_at.is_(None))
        .options(
            selectinload(Flag.customer).selectinload(Customer.address),
            selectinload(Flag.customer).selectinload(Customer.caseworker),
        )
        .join(Customer)
        .order_by(Customer.nachname, Customer.vorname)
    )
    if identity.account_role == roles.FIELD:
        return list(session.scalars(stmt))
    if identity.is_office or identity.account_role:
        # The back office sees its own (a team lead: the team's) customers only; the outreach
        # worker's laptop holds only what sync pulled for their areas, and shows all of it.
        # With accounts, the account's role decides (a field account: see _field_flags).
        stmt = scope_customers(stmt, identity)
    return list(session.scalars(stmt))


def _row(flag: Flag, area: str = "") -> WeekRow:
    c = flag.customer
    addr = c.address
    return WeekRow(
        flag_id=flag.id,
        kundennummer=c.kundennummer,
        name=c.display_name,
        strasse=f"{addr.strasse} {addr.hausnummer}" if addr else "",
        plz=addr.plz if addr else "",
        ort=addr.ort if addr else "",
        status=flag.status,
        codes=tuple(str(r.get("code", "")) for r in flag.reasons if isinstance(r, dict)),
        caseworker=c.caseworker.name if c.caseworker else "",
        team=c.team,
        appointment_at=flag.appointment_at,
        plannable=flag.plannable,
        overridden=bool(flag.override_reason),
        geo_precision=addr.geo_precision if addr else "",
        hints=flag.hints,
        area=area,
        geo_source=addr.geo_source if addr else "",
        reasons=tuple(r for r in flag.reasons if isinstance(r, dict)),
    )


def week_rows(session: Session, week: str, identity: Identity) -> list[WeekRow]:
    """The week table's rows, sorted by name; for a back-office ``identity`` only the
    customers it may see, for a field account its worker's routes, visits and areas."""
    who = identity
    require(who, permissions.CUSTOMERS)
    flags = _flags(session, week, who)
    if who.account_role == roles.FIELD and flags:
        flags = _field_flags(session, week, who, flags)
    areas = area_names_by_flag(session, week) if flags else {}
    return [_row(f, areas.get(f.id) or "") for f in flags]


def _field_flags(session: Session, week: str, who: Identity, flags: list[Flag]) -> list[Flag]:
    routed = set(session.scalars(scope_customers(select(Customer.id), who)))
    own = worker_area_names(session, who.worker)
    found = area_sets_by_flag(session, week) if own else {}
    return [f for f in flags if f.customer_id in routed or own & set(found.get(f.id, ()))]


def customer_detail(
    session: Session, flag_id: uuid.UUID, identity: Identity
) -> CustomerDetail | None:
    """Details of one flag (``None`` if it no longer exists); the opening is audited.

    Refused (:class:`~fieldkit.services.access.PermissionDenied`) when ``identity`` may not
    read customers or this customer is not one of theirs.
    """
    require(identity, permissions.CUSTOMERS)
    flag = session.get(
        Flag, flag_id, options=[selectinload(Flag.invitations), selectinload(Flag.calls)]
    )
    if flag is None:
        return None
    require_flag(session, identity, flag_id)
    audit.record(session, identity, audit.OPEN, "customer", flag.customer_id, "Kundendetails")
    c = flag.customer
    steps: list[ChainStep] = []
    for inv in flag.invitations:
        steps.append(ChainStep(f"invitation{inv.seq}", inv.date, inv.with_rfb, inv.attended))
    for call in flag.calls:
        steps.append(ChainStep(f"call{call.seq}", call.called_at))
    area = area_names_by_flag(session, flag.visit_week, flag_ids=[flag.id]).get(flag.id) or ""
    return CustomerDetail(
        row=_row(flag, area),
        vorname=c.vorname,
        nachname=c.nachname,
        geburtsdatum=c.geburtsdatum,
        telefon=c.telefon,
        langzeitarbeitslos=c.langzeitarbeitslos,
        adresszusatz=c.address.adresszusatz if c.address else "",
        flagged_at=flag.flagged_at,
        sinnhaftigkeit=flag.sinnhaftigkeit,
        appointment_place=flag.appointment_place,
        open_cooperation=tuple(str(x) for x in flag.open_cooperation),
        reasons=tuple(r for r in flag.reasons if isinstance(r, dict)),
        chain=tuple(steps),
        override_reason=flag.override_reason,
        override_by=flag.override_by,
        override_at=flag.override_at,
    )
