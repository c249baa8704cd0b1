"""The accounts' writes: add an account, set a password, disable an account — for the
accounts window and ``fieldkit user`` alike (issue 19, item 1).

The accounts service works on a session and checks no role itself; here only a role that may
manage accounts may change them (``PermissionDenied`` before anything is written), and a
person may set their own password. Each change is named in the audit log in the same
transaction (who changed which account how; never a password). ``also`` runs more writes
in the operation's one transaction, after the account row (the CLI's central login role and
the key file of an encrypted database): when it raises, nothing is written.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from fieldkit.app.context import AppContext
from fieldkit.domain import permissions
from fieldkit.domain.changes import Changes, OpResult
from fieldkit.services import accounts, audit, credentials
from fieldkit.services.access import require

ACCOUNTS = Changes(accounts=True, audit=True)

#: More writes in an operation's transaction: the session and the account's name as stored
#: (``services.credentials`` makes the login role's and the key file's).
Also = credentials.Also


def add_account(
    ctx: AppContext, new: accounts.NewAccount, password: str, *, also: Also | None = None
) -> OpResult[str]:
    """Add ``new`` with ``password``; the account's name as stored. Changes: ``accounts``."""
    require(ctx.identity, permissions.ACCOUNTS)
    with ctx.db.session() as session:
        name = add_in(ctx, session, new, password)
        if also is not None:
            also(session, name)
    return OpResult(name, ACCOUNTS)


def add_in(ctx: AppContext, session: Session, new: accounts.NewAccount, password: str) -> str:
    """Add ``new`` in ``session``'s unit of work (its caller commits: the first start adds
    the account with the office's setup); the name as stored. The one way the app adds one."""
    require(ctx.identity, permissions.ACCOUNTS)
    name = accounts.add_account(session, new, password, ctx.clock()).name
    _logged(ctx, session, name, f"angelegt, Rolle {new.role}")
    return name


def _logged(ctx: AppContext, session: Session, name: str, what: str) -> None:
    audit.record(session, ctx.identity, audit.ACCOUNT, "account", name, what)


def set_password(
    ctx: AppContext, name: str, password: str, *, also: Also | None = None
) -> OpResult[None]:
    """Give account ``name`` a new password (this also lifts a lock): the administration any
    account's, a person their own. Changes: ``accounts``."""
    if not _own(ctx, name):
        require(ctx.identity, permissions.ACCOUNTS)
    with ctx.db.session() as session:
        accounts.set_password(session, name, password, ctx.clock())
        found = accounts.find(session, name)
        assert found is not None  # set_password refused an unknown name
        _logged(
            ctx,
            session,
            found.name,
            "eigenes Passwort geändert" if _own(ctx, name) else "neues Passwort gesetzt",
        )
        if also is not None:
            also(session, found.name)
    return OpResult(None, ACCOUNTS)


def _own(ctx: AppContext, name: str) -> bool:
    """Whether ``name`` is the logged-in person's own account."""
    own = ctx.identity.account
    return bool(own.strip()) and accounts.name_key(name) == accounts.name_key(own)


def disable_account(ctx: AppContext, name: str, *, also: Also | None = None) -> OpResult[None]:
    """Disable account ``name`` (never the last administration account). Changes: ``accounts``."""
    require(ctx.identity, permissions.ACCOUNTS)
    with ctx.db.session() as session:
        accounts.disable(session, name)
        found = accounts.find(session, name)
        _logged(ctx, session, found.name if found is not None else name, "deaktiviert")
        if also is not None:
            also(session, name)
    return OpResult(None, ACCOUNTS)
