"""Applying the office's setup (the *Einrichtung* window's "Übernehmen", the first start)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from fieldkit.app.context import AppContext
from fieldkit.app.ops.accounts import ACCOUNTS, add_in
from fieldkit.domain.changes import NOTHING, Changes, OpResult
from fieldkit.domain.setup import OfficeSetup
from fieldkit.routing.settings import RoutingSettings
from fieldkit.services import accounts, credentials
from fieldkit.services import setup as setup_service
from fieldkit.services.setup import SetupChange

#: The setup's tables that are the office's staff and organisation (who works where).
STAFF_TABLES = frozenset({"office", "branches", "teams", "caseworkers", "outreach_workers"})
#: The tables that change the division into areas (a worker names the areas they visit).
AREA_TABLES = frozenset({"areas", "outreach_workers"})


def _changes(applied: list[SetupChange]) -> Changes:
    tables = {c.table for c in applied}
    staff, areas = bool(tables & STAFF_TABLES), bool(tables & AREA_TABLES)
    return Changes(staff=staff, areas=areas, audit=bool(applied))


def apply_setup(
    ctx: AppContext,
    setup: OfficeSetup,
    *,
    dry_run: bool = False,
    routing: RoutingSettings | None = None,
) -> OpResult[list[SetupChange]]:
    """Make the database match ``setup``, all or nothing (``SetupError``, ``PermissionDenied``:
    nothing written). Changes: ``staff`` and/or ``areas`` by the tables the apply changed, and
    ``audit`` when it changed any (the apply is logged); none for a ``dry_run`` (``fieldkit
    setup apply --dry-run``: the changes it would make, nothing written). ``routing``: the
    settings the workers' hours are checked against (the service's default without)."""
    applied = setup_service.apply_setup(
        ctx.db, setup, dry_run=dry_run, routing=routing, identity=ctx.identity
    )
    return OpResult(applied, NOTHING if dry_run else _changes(applied))


@dataclass(frozen=True)
class FirstAccount:
    """The administration's first account, made with the office's setup."""

    new: accounts.NewAccount
    password: str


@dataclass(frozen=True)
class SetUp:
    """What the first start wrote: the setup's changes and the account's name as stored."""

    changes: list[SetupChange]
    account: str = ""


def set_up_office(
    ctx: AppContext, setup: OfficeSetup, first: FirstAccount | None = None
) -> OpResult[SetUp]:
    """The first start: apply ``setup`` and add ``first`` in one transaction, so a refused
    account (``AccountError``) leaves no office without an account, and a refused setup
    (``SetupError``) no account without an office. Changes: as :func:`apply_setup`, and
    ``accounts`` when one was added. On the central database the account gets its login
    role in the same transaction, as every account added later does
    (``services.credentials``): the administration logs in with it to enrol laptops."""
    added: list[str] = []

    def add(session: Session) -> None:
        if first is not None:
            name = add_in(ctx, session, first.new, first.password)
            credentials.adding(ctx.db, first.password, first.new.role)(session, name)
            added.append(name)

    applied = setup_service.apply_setup(ctx.db, setup, identity=ctx.identity, also=add)
    return OpResult(
        SetUp(applied, added[0] if added else ""),
        _changes(applied) | (ACCOUNTS if added else NOTHING),
    )
