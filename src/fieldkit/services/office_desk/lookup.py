"""Finding what the desk works on: a reception appointment the identity may see, the
customer's caseworker (HB), a caseworker or team by name."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from fieldkit.domain import roles
from fieldkit.services.access import not_visible
from fieldkit.services.office import Identity, OfficeError, scope_customers
from fieldkit.store.models import Caseworker, Customer
from fieldkit.store.models_office import DeputyRule, ReceptionAppointment


def _appointment(
    session: Session, appointment_id: uuid.UUID, identity: Identity
) -> ReceptionAppointment:
    """The appointment, if ``identity`` may work on it (see :func:`_may_see`)."""
    appointment = session.get(ReceptionAppointment, appointment_id)
    if appointment is None:
        raise OfficeError("Diesen Termin gibt es nicht mehr.", "The appointment no longer exists.")
    if not _may_see(session, identity, appointment):
        raise not_visible()
    return appointment


def _may_see(session: Session, identity: Identity, appointment: ReceptionAppointment) -> bool:
    """A caseworker's or team lead's desk shows its team's customers (issue 14); an
    appointment not linked to a known customer belongs to no team and is shown to every desk.
    An outreach worker runs every appointment of the Eingangszone calendar (DOMAIN.md), so a
    field account's desk shows them all."""
    if not identity.account_role or appointment.customer_id is None:
        return True
    if identity.account_role == roles.FIELD:
        return True
    mine = select(Customer.id).where(Customer.id == appointment.customer_id)
    return session.scalar(scope_customers(mine, identity)) is not None


def _customer_hb(
    session: Session, appointment: ReceptionAppointment
) -> tuple[Customer, Caseworker]:
    customer = appointment.customer
    if customer is None:
        raise OfficeError(
            f"Kundennummer {appointment.kundennummer} ist nicht bekannt; bitte den HB "
            "telefonisch klären.",
            "The customer is not known.",
        )
    if customer.caseworker is None:
        raise OfficeError(
            "Für diesen Kunden ist kein HB hinterlegt.", "The customer has no caseworker."
        )
    return customer, customer.caseworker


def known_team(session: Session, team: str) -> str:
    """``team`` stripped when a caseworker belongs to it or it has a deputy rule; an
    OfficeError names an unknown one."""
    team = team.strip()
    for column in (Caseworker.team, DeputyRule.team):
        if team and session.scalar(select(column).where(column == team).limit(1)) is not None:
            return team
    raise OfficeError(f"„{team[:60]}“ ist kein bekanntes Team.", f"Unknown team {team[:60]!r}.")


def caseworker_named(session: Session, name: str) -> Caseworker:
    """The caseworker of that name; an OfficeError names an unknown one."""
    cw = session.scalars(select(Caseworker).where(Caseworker.name == name.strip())).first()
    if cw is None:
        raise OfficeError(
            f"„{name.strip()[:60]}“ ist keine bekannte Integrationsfachkraft.",
            f"Unknown caseworker {name.strip()[:60]!r}.",
        )
    return cw
