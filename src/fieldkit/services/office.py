"""Back office: who is working (role and identity) and which customers they may see.

The use cases live beside this module: ``office_flagging`` (the flagging form),
``office_inbox`` (results of visits), ``office_followup`` (did the customer come?),
``office_desk`` (the Meldeversäumnis desk) and ``office_reports``.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from fieldkit.errors import BilingualError
from fieldkit.services.office_settings import FIELD, OFFICE, OfficeSettings
from fieldkit.settings import Settings
from fieldkit.store.models import (
    Caseworker,
    Customer,
    Flag,
    OutreachWorker,
    Route,
    RouteStop,
    Visit,
)


class OfficeError(BilingualError):
    """A back-office action that cannot be done; ``message(lang)`` is one sentence."""


@dataclass(frozen=True)
class Identity:
    """Who uses the app: the role, and in the back office the caseworker and team.

    ``role`` "" is the unrestricted view of tests and development setups.
    ``account`` is the login name of the person (issue 14; "" before login existed) and
    ``account_role`` their account's role (:mod:`fieldkit.domain.roles`); ``worker`` is the
    outreach worker a field account is.
    """

    role: str = ""
    caseworker: str = ""
    team: str = ""
    team_lead: bool = False
    account: str = ""
    account_role: str = ""
    worker: str = ""

    @classmethod
    def from_settings(cls, settings: Settings) -> Identity:
        """The identity the settings assign (empty role when the section is absent)."""
        try:
            office = settings.section("office", OfficeSettings)
        except (KeyError, TypeError):
            return cls()
        return cls(
            office.role,
            office.caseworker.strip(),
            office.team.strip(),
            office.team_lead,
            office.account,
            office.account_role,
            office.worker,
        )

    def _office_values(self) -> dict[str, Any]:
        """This identity as the office section's fields."""
        return {
            "role": self.role,
            "caseworker": self.caseworker,
            "team": self.team,
            "team_lead": self.team_lead,
            "account": self.account,
            "account_role": self.account_role,
            "worker": self.worker,
        }

    def to_settings(self, settings: Settings) -> Settings:
        """``settings`` with this identity stored in the office section."""
        return settings.replace("office", **self._office_values())

    def for_session(self, settings: Settings) -> Settings:
        """``settings`` with this identity (the login's) in the office section for this
        session only: saving the settings later never writes who logged in (issue 14)."""
        return settings.for_session("office", **self._office_values())

    @property
    def is_field(self) -> bool:
        """The outreach worker's laptop."""
        return self.role == FIELD

    @property
    def is_office(self) -> bool:
        """A caseworker or team lead in the back office."""
        return self.role == OFFICE

    def with_team_from(self, session: Session) -> Identity:
        """The identity with the team taken from the caseworker's record when not given."""
        if self.team or not self.caseworker:
            return self
        cw = session.scalars(select(Caseworker).where(Caseworker.name == self.caseworker)).first()
        return replace(self, team=cw.team) if cw is not None else self


# The identity of a database without accounts (development, tests, callers not yet passing
# one): unrestricted, as fieldkit was before accounts existed.
UNRESTRICTED = Identity()


def caseworker_names(session: Session) -> list[tuple[str, str]]:
    """All caseworkers as (name, team), sorted by name, for choosing an identity."""
    rows = session.execute(select(Caseworker.name, Caseworker.team).order_by(Caseworker.name))
    return [(str(name), str(team or "")) for name, team in rows]


def outreach_workers(session: Session) -> list[tuple[uuid.UUID, str, bool]]:
    """All outreach workers as (id, name, active), sorted by name, for choosing one; the
    inactive ones too (an area or an account may still name one)."""
    rows = session.execute(
        select(OutreachWorker.id, OutreachWorker.name, OutreachWorker.active).order_by(
            OutreachWorker.name
        )
    )
    return [(wid, str(name), bool(active)) for wid, name, active in rows]


def caseworker_by_name(session: Session, name: str) -> Caseworker | None:
    """The caseworker record of ``name``, if any."""
    return session.scalars(select(Caseworker).where(Caseworker.name == name)).first()


SelectT = TypeVar("SelectT", bound=Select[*tuple[Any, ...]])


def scope_customers(stmt: SelectT, identity: Identity) -> SelectT:
    """Restrict a query that involves :class:`Customer` to what ``identity`` may see: a
    caseworker their own customers, a team lead the team's; the field role and an empty
    back-office identity see none; the unrestricted role all.

    With an account (``account_role``, issue 14) the account decides: a field account sees
    the customers on its worker's routes and visits, a caseworker or team lead the team's
    (without a team: their own), the administration none."""
    if identity.account_role:
        return _scope_by_account(stmt, identity)
    if not identity.role:
        return stmt
    if identity.is_office and identity.team_lead and identity.team:
        team_members = select(Caseworker.id).where(Caseworker.team == identity.team)
        return stmt.where(
            (Customer.team == identity.team) | Customer.caseworker_id.in_(team_members)
        )
    if identity.is_office and identity.caseworker:
        own = select(Caseworker.id).where(Caseworker.name == identity.caseworker)
        return stmt.where(Customer.caseworker_id.in_(own))
    return stmt.where(Customer.id.is_(None))


def _scope_by_account(stmt: SelectT, identity: Identity) -> SelectT:
    role = identity.account_role
    if role == "field" and identity.worker.strip():
        mine = select(OutreachWorker.id).where(OutreachWorker.name == identity.worker.strip())
        on_route = (
            select(Flag.customer_id)
            .join(RouteStop, RouteStop.flag_id == Flag.id)
            .join(Route, Route.id == RouteStop.route_id)
            .where(Route.worker_id.in_(mine))
        )
        visited = select(Visit.customer_id).where(Visit.worker_id.in_(mine))
        return stmt.where(Customer.id.in_(on_route) | Customer.id.in_(visited))
    if role in ("caseworker", "teamlead") and identity.team:
        team_members = select(Caseworker.id).where(Caseworker.team == identity.team)
        return stmt.where(
            (Customer.team == identity.team) | Customer.caseworker_id.in_(team_members)
        )
    if role in ("caseworker", "teamlead") and identity.caseworker:
        own = select(Caseworker.id).where(Caseworker.name == identity.caseworker)
        return stmt.where(Customer.caseworker_id.in_(own))
    return stmt.where(Customer.id.is_(None))


def visible_customer_ids(session: Session, identity: Identity) -> set[uuid.UUID]:
    """The ids of every customer ``identity`` may see."""
    return set(session.scalars(scope_customers(select(Customer.id), identity)))


__all__ = [
    "FIELD",
    "OFFICE",
    "UNRESTRICTED",
    "Identity",
    "OfficeError",
    "caseworker_by_name",
    "caseworker_names",
    "scope_customers",
    "visible_customer_ids",
]
