"""Accounts and login (issue 14, item 1): add, list, set a password, disable, authenticate.

Passwords are stored only as Argon2id hashes (``argon2-cffi``). A wrong name and a wrong
password get the same sentence, and an unknown name costs as much time as a known one. After
:data:`MAX_FAILURES` failed logins in a row an account is locked for :data:`LOCK_MINUTES`;
the count and the lock are in the database, so they hold on a laptop without a network.
The clock is passed in (``now``, aware). The :class:`~fieldkit.services.office.Identity` of
the logged-in person comes from the account, never from the settings.

A database without any account has no login (setup in progress, tests, the old databases):
:func:`has_accounts` tells, and the first account may then be added without one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from fieldkit.domain import roles
from fieldkit.domain.week import BERLIN
from fieldkit.errors import BilingualError
from fieldkit.services.office import Identity
from fieldkit.services.office_settings import FIELD, OFFICE
from fieldkit.store import cipher
from fieldkit.store.models import OutreachWorker
from fieldkit.store.models_accounts import Account

MIN_PASSWORD = 10
MAX_PASSWORD = 1000
MAX_NAME = 64
# One lockout policy for the accounts table and the encrypted file's key entries.
MAX_FAILURES = cipher.MAX_FAILURES
LOCK_MINUTES = cipher.LOCK_MINUTES
_NAME = re.compile(r"[\w][\w.@-]*")


class AccountError(BilingualError):
    """An account action or a login that cannot be done; one sentence in each language."""


def wrong_login() -> AccountError:
    """The one sentence for a name or password that is wrong (never which of the two)."""
    return AccountError(
        "Benutzername oder Passwort ist falsch.",
        "The user name or the password is wrong.",
        code="wrong",
    )


@cache
def _hasher() -> PasswordHasher:
    return PasswordHasher()  # Argon2id, the library's (RFC 9106) parameters


@cache
def _dummy_hash() -> str:
    """A hash to verify against for an unknown name, so it takes as long as a known one."""
    return str(_hasher().hash("fieldkit-no-such-account"))


def hash_password(password: str) -> str:
    """The Argon2id hash of ``password`` (checked for length first)."""
    check_password(password)
    return str(_hasher().hash(password))


def check_password(password: object) -> str:
    """``password`` if it may be one; else one sentence."""
    if not isinstance(password, str) or len(password) < MIN_PASSWORD:
        raise AccountError(
            f"Das Passwort muss mindestens {MIN_PASSWORD} Zeichen lang sein.",
            f"The password must be at least {MIN_PASSWORD} characters long.",
            code="short_password",
        )
    if len(password) > MAX_PASSWORD or "\x00" in password:
        raise AccountError(
            f"Das Passwort darf höchstens {MAX_PASSWORD} Zeichen lang sein und kein "
            "Nullzeichen enthalten.",
            f"The password may be at most {MAX_PASSWORD} characters long, without NUL.",
            code="bad_password",
        )
    return password


def check_name(name: object) -> str:
    """The login name, stripped, if it may be one; else one sentence."""
    text = name.strip() if isinstance(name, str) else ""
    if not text or len(text) > MAX_NAME or not _NAME.fullmatch(text):
        raise AccountError(
            f"Ein Benutzername hat 1 bis {MAX_NAME} Zeichen: Buchstaben, Ziffern und . _ - @.",
            f"A user name has 1 to {MAX_NAME} characters: letters, digits and . _ - @.",
            code="bad_name",
        )
    return text


def name_key(name: str) -> str:
    """The name as compared: case does not matter."""
    return name.strip().lower()


def has_accounts(session: Session) -> bool:
    """Whether this database has any account (then every use needs a login)."""
    return session.scalar(select(Account.id).limit(1)) is not None


def find(session: Session, name: object) -> Account | None:
    """The account called ``name`` (any case), if any."""
    if not isinstance(name, str) or not name.strip() or len(name) > 4 * MAX_NAME:
        return None
    return session.scalar(select(Account).where(Account.name_key == name_key(name)))


def _get(session: Session, name: str) -> Account:
    account = find(session, name)
    if account is None:
        raise AccountError(
            "Dieses Konto gibt es nicht.", "There is no such account.", code="unknown"
        )
    return account


def _check_role(role: object) -> str:
    if role not in roles.ACCOUNT_ROLES:
        codes = ", ".join(roles.ACCOUNT_ROLES)
        raise AccountError(
            f"Die Rolle muss eine von {codes} sein.",
            f"The role must be one of {codes}.",
            code="bad_role",
        )
    return str(role)


def _worker_id(session: Session, worker: str) -> OutreachWorker | None:
    if not worker.strip():
        return None
    found = session.scalar(select(OutreachWorker).where(OutreachWorker.name == worker.strip()))
    if found is None:
        raise AccountError(
            "Diese Außendienstkraft gibt es in der Datenbank nicht.",
            "There is no such outreach worker in the database.",
            code="unknown_worker",
        )
    return found


@dataclass(frozen=True)
class NewAccount:
    """What an account is made of (the password apart)."""

    name: str
    role: str
    team: str = ""
    worker: str = ""
    caseworker: str = ""
    full_name: str = ""


def add_account(
    session: Session,
    new: NewAccount,
    password: str,
    now: datetime,
    *,
    material: cipher.SlotMaterial | None = None,
) -> Account:
    """Add an account; one sentence for a taken name, a bad role, name or password.

    The account gets its sealed key slot's material (:func:`fieldkit.store.cipher.slot_material`
    of ``password``, or ``material`` when the caller computed it already, as the demo does)."""
    name = check_name(new.name)
    role = _check_role(new.role)
    if find(session, name) is not None:
        raise AccountError(
            "Diesen Benutzernamen gibt es schon.", "This user name is taken.", code="taken"
        )
    worker = _worker_id(session, new.worker)
    account = Account(
        name=name,
        name_key=name_key(name),
        full_name=new.full_name.strip()[:200],
        role=role,
        team=new.team.strip()[:20],
        worker_id=worker.id if worker is not None else None,
        caseworker=new.caseworker.strip()[:200],
        password_hash=hash_password(password),
        failed_logins=0,
        disabled=False,
        password_changed_at=now,
    )
    _set_slot(account, material or cipher.slot_material(password))
    session.add(account)
    session.flush()
    return account


def withdraw_first(session: Session, name: str) -> None:
    """Take the database's only account out again (its file could not be encrypted with it,
    ``fieldkit user add``): the database is as before. Refused if it is not the only one."""
    account = _get(session, name)
    if session.scalar(select(func.count(Account.id))) != 1:
        raise AccountError(
            "Nur das einzige Konto einer Datenbank lässt sich zurücknehmen.",
            "Only the only account of a database can be withdrawn.",
            code="not_first",
        )
    session.delete(account)


@dataclass(frozen=True)
class AccountRow:
    """An account as listed (never its hash)."""

    name: str
    role: str
    team: str
    worker: str
    caseworker: str
    disabled: bool
    locked_until: datetime | None


def list_accounts(session: Session) -> list[AccountRow]:
    """Every account, by name."""
    workers = dict(session.execute(select(OutreachWorker.id, OutreachWorker.name)).all())
    return [
        AccountRow(
            a.name,
            a.role,
            a.team,
            workers.get(a.worker_id, "") if a.worker_id else "",
            a.caseworker,
            a.disabled,
            a.locked_until,
        )
        for a in session.scalars(select(Account).order_by(Account.name_key))
    ]


def set_password(session: Session, name: str, password: str, now: datetime) -> None:
    """Give ``name`` a new password; this also lifts a lock."""
    account = _get(session, name)
    account.password_hash = hash_password(password)
    _set_slot(account, cipher.slot_material(password))
    account.password_changed_at = now
    account.failed_logins = 0
    account.locked_until = None


def _set_slot(account: Account, material: cipher.SlotMaterial) -> None:
    account.slot_salt = material.salt
    account.slot_public = material.public


def slot_of(account: Account) -> cipher.SlotMaterial | None:
    """The account's sealed key slot material (None: its password predates it)."""
    if not account.slot_salt or not account.slot_public:
        return None
    return cipher.SlotMaterial(account.slot_salt, account.slot_public)


def disable(session: Session, name: str) -> None:
    """``name`` may log in no more (the account stays, for the records that name it)."""
    account = _get(session, name)
    if account.role == roles.ADMIN and not account.disabled and _active_admins(session) <= 1:
        raise AccountError(
            "Das letzte Administrationskonto kann nicht gesperrt werden.",
            "The last administration account cannot be disabled.",
            code="last_admin",
        )
    account.disabled = True


def _active_admins(session: Session) -> int:
    query = select(func.count(Account.id)).where(
        Account.role == roles.ADMIN, Account.disabled.is_(False)
    )
    return int(session.scalar(query) or 0)


def _locked(until: datetime) -> AccountError:
    local = until.astimezone(BERLIN).strftime("%H:%M")
    return AccountError(
        f"Nach zu vielen falschen Anmeldungen ist das Konto bis {local} Uhr gesperrt.",
        f"After too many failed logins the account is locked until {local}.",
        code="locked",
    )


def _verify(stored: str, password: str) -> bool:
    try:
        return bool(_hasher().verify(stored, password))
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def _failed(session: Session, account: Account, now: datetime) -> AccountError:
    """Count a failure (locking at the limit) and commit it at once: the caller's unit of
    work rolls back on the error that follows, the count must stay."""
    account.failed_logins += 1
    locked = account.failed_logins >= MAX_FAILURES
    if locked:
        account.failed_logins = 0
        account.locked_until = now + timedelta(minutes=LOCK_MINUTES)
    session.commit()
    return _locked(now + timedelta(minutes=LOCK_MINUTES)) if locked else wrong_login()


def authenticate(
    session: Session,
    name: object,
    password: object,
    now: datetime,
    *,
    allowed_roles: tuple[str, ...] = (),
) -> Identity:
    """The identity of ``name`` if ``password`` is theirs; else one sentence (wrong name or
    password alike, locked, disabled, a role this machine does not allow)."""
    account = find(session, name)
    given = password if isinstance(password, str) and len(password) <= MAX_PASSWORD else ""
    if account is None:
        _verify(_dummy_hash(), given)
        raise wrong_login()
    if account.locked_until is not None and account.locked_until > now:
        raise _locked(account.locked_until)
    if not given or not _verify(account.password_hash, given):
        raise _failed(session, account, now)
    if account.disabled:
        raise AccountError(
            "Dieses Konto ist gesperrt; bitte wenden Sie sich an die Administration.",
            "This account is disabled; please ask the administration.",
            code="disabled",
        )
    identity = identity_of(session, account)
    refuse_role(identity, allowed_roles)
    _after_success(account, given)
    return identity


def _after_success(account: Account, password: str) -> None:
    account.failed_logins = 0
    account.locked_until = None
    if _hasher().check_needs_rehash(account.password_hash):
        account.password_hash = str(_hasher().hash(password))


def refuse_role(identity: Identity, allowed_roles: tuple[str, ...]) -> None:
    """One sentence when the machine policy (``office.allowed_roles``: 'field', 'office')
    does not let this role work here; the administration counts as back office."""
    if not allowed_roles:
        return
    kind = FIELD if identity.role == FIELD else OFFICE
    if kind not in allowed_roles:
        label_de = roles.label(identity.account_role, "de")
        label_en = roles.label(identity.account_role, "en")
        raise AccountError(
            f"Auf diesem Rechner darf die Rolle {label_de} nicht arbeiten.",
            f"The role {label_en} may not work on this computer.",
            code="role_not_allowed",
        )


def identity_of(session: Session, account: Account) -> Identity:
    """Who works: the settings-era fields (role, caseworker, team, team lead) filled from the
    account, plus the account, its role and the outreach worker."""
    worker = session.get(OutreachWorker, account.worker_id) if account.worker_id else None
    kind = {roles.FIELD: FIELD, roles.ADMIN: roles.ADMIN}.get(account.role, OFFICE)
    return Identity(
        role=kind,
        caseworker=(account.caseworker or account.full_name) if kind == OFFICE else "",
        team=account.team,
        team_lead=account.role == roles.TEAMLEAD,
        account=account.name,
        account_role=account.role,
        worker=worker.name if worker is not None else "",
    )


def may_manage(identity: Identity, name: str = "") -> bool:
    """Whether ``identity`` may manage accounts: the administration any, a person their own
    password (``name``)."""
    if identity.account_role == roles.ADMIN:
        return True
    return bool(name) and name_key(name) == name_key(identity.account)
