"""The accounts window's writes: add an account, set a password, disable an account.

The accounts service works on a session and checks no role itself (``fieldkit user`` on the
command line is the machine's administrator); here, in the app, only a role that may manage
accounts may change them (``PermissionDenied`` before anything is written).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from fieldkit.app.context import AppContext
from fieldkit.domain import permissions
from fieldkit.domain.changes import Changes, OpResult
from fieldkit.services import accounts
from fieldkit.services.access import require

ACCOUNTS = Changes(accounts=True)


def add_account(ctx: AppContext, new: accounts.NewAccount, password: str) -> OpResult[str]:
    """Add ``new`` with ``password``; the account's name as stored. Changes: ``accounts``."""
    require(ctx.identity, permissions.ACCOUNTS)
    with ctx.db.session() as session:
        name = add_in(ctx, session, new, password)
    return OpResult(name, ACCOUNTS)


def add_in(ctx: AppContext, session: Session, new: accounts.NewAccount, password: str) -> str:
    """Add ``new`` in ``session``'s unit of work (its caller commits: the first start adds
    the account with the office's setup); the name as stored. The one way the app adds one."""
    require(ctx.identity, permissions.ACCOUNTS)
    return accounts.add_account(session, new, password, ctx.clock()).name


def set_password(ctx: AppContext, name: str, password: str) -> OpResult[None]:
    """Give account ``name`` a new password (this also lifts a lock). Changes: ``accounts``."""
    require(ctx.identity, permissions.ACCOUNTS)
    with ctx.db.session() as session:
        accounts.set_password(session, name, password, ctx.clock())
    return OpResult(None, ACCOUNTS)


def disable_account(ctx: AppContext, name: str) -> OpResult[None]:
    """Disable account ``name`` (never the last administration account). Changes: ``accounts``."""
    require(ctx.identity, permissions.ACCOUNTS)
    with ctx.db.session() as session:
        accounts.disable(session, name)
    return OpResult(None, ACCOUNTS)
