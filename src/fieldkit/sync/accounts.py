"""The accounts a laptop may be opened with, pulled from the central database (issue 15, item 2).

At enrolment (``fieldkit enroll``) and at every network sync the laptop gets the accounts
that may log in on it: the field accounts of its outreach worker (or a team's accounts for a
back-office laptop), the administrator who enrolled it, and any account it already has.
What travels is what a login needs and no more: name, role, team, worker link, caseworker
name, the Argon2id hash, the disabled mark and the *slot material* (salt and public key,
:class:`fieldkit.store.cipher.SlotMaterial`) with which the laptop wraps its database key for
the account without knowing the password. Never the full name, failed logins or locks.

* A new or changed password (another hash) replaces the laptop's hash; its new slot material
  re-wraps the database key (``cipher.add_sealed_account``) when the key is at hand. Where
  the account has a key slot that cannot be re-wrapped (no key at hand, no material yet),
  hash and slot stay as they were (listed as ``unsealed``), so the file never opens with one
  password while the login wants another.
* A disabled account is disabled on the laptop too and its key slot is removed (the last
  slot is kept: someone must still be able to open the file).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, or_, select
from sqlalchemy.orm import Session

from fieldkit.store import cipher
from fieldkit.store.models_accounts import Account
from fieldkit.sync import engine as eng

#: What an account row brings to a laptop (the slot columns come with migration 0018).
_COLUMNS = (
    "id",
    "name",
    "name_key",
    "role",
    "team",
    "worker_id",
    "caseworker",
    "password_hash",
    "disabled",
    "password_changed_at",
)
_SLOT = ("slot_salt", "slot_public")


@dataclass
class AccountChanges:
    """What a pull of accounts changed on the laptop (names only)."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    disabled: list[str] = field(default_factory=list)
    sealed: list[str] = field(default_factory=list)
    #: Accounts that can log in but not open the encrypted file yet (no slot material, or
    #: the database key was not at hand): they need a password set centrally / a sync.
    unsealed: list[str] = field(default_factory=list)

    def any(self) -> bool:
        return bool(self.added or self.changed or self.disabled or self.sealed)


def has_slot_columns() -> bool:
    """Whether this schema stores slot material on accounts (migration 0018)."""
    t = eng.table("account")
    return all(c in t.c for c in _SLOT)


def central_accounts(
    conn: Connection,
    *,
    worker_id: uuid.UUID | None = None,
    team: str = "",
    names: tuple[str, ...] = (),
) -> list[dict[str, Any]]:
    """The central accounts for a laptop: ``worker_id``'s, ``team``'s and those ``names``."""
    t = eng.table("account")
    wanted = [c for c in (*_COLUMNS, *_SLOT) if c in t.c]
    keys = [n.strip().lower() for n in names if n.strip()]
    cond = []
    if worker_id is not None:
        cond.append(t.c.worker_id == worker_id)
    if team.strip():
        cond.append(t.c.team == team.strip())
    if keys:
        cond.append(t.c.name_key.in_(keys))
    if not cond:
        return []
    query = select(*(t.c[c] for c in wanted)).where(or_(*cond)).order_by(t.c.name_key)
    return [dict(r._mapping) for r in conn.execute(query)]


def apply_accounts(
    session: Session,
    rows: list[dict[str, Any]],
    *,
    file: Path | None,
    key: bytes | None,
) -> AccountChanges:
    """Bring the laptop's accounts in line with the central ``rows`` (see the module)."""
    changes = AccountChanges()
    slots = _slot_names(file) if file is not None else set()
    for row in rows:
        local = session.scalar(select(Account).where(Account.name_key == row["name_key"]))
        if local is None and row["disabled"]:
            continue  # a disabled account is never brought to a laptop
        before = getattr(local, "slot_public", None) if local is not None else None
        if local is None:
            session.add(Account(**_fields(row), id=row["id"], failed_logins=0))
            changes.added.append(row["name"])
        elif row["disabled"]:
            if not local.disabled:
                changes.disabled.append(row["name"])
            _update(local, row)
        elif _differs(local, row):
            if local.password_hash != row["password_hash"] and not _can_rewrap(row, slots, key):
                # The file would still open with the old password while the login wants the
                # new one: both stay as they are until the key can be wrapped again.
                row = _keeping_password(local, row)
                changes.unsealed.append(row["name"])
            if _differs(local, row):
                _update(local, row)
                changes.changed.append(row["name"])
        if row["disabled"]:
            _drop_slot(file, row["name_key"], slots)
        elif file is not None and _needs_seal(row, slots, before):
            _seal(file, key, row, changes)
    session.flush()
    return changes


def _can_rewrap(row: dict[str, Any], slots: set[str], key: bytes | None) -> bool:
    """Whether a new password can reach the key file too (or the account has no slot)."""
    if row["name_key"] not in slots:
        return True
    return key is not None and bool(row.get("slot_salt")) and bool(row.get("slot_public"))


def _keeping_password(local: Account, row: dict[str, Any]) -> dict[str, Any]:
    kept = {"password_hash": local.password_hash, "password_changed_at": local.password_changed_at}
    kept |= {c: getattr(local, c, None) for c in _SLOT if c in row}
    return row | kept


def _needs_seal(row: dict[str, Any], slots: set[str], before: str | None) -> bool:
    """No key slot yet, or new slot material (the password was set again centrally)."""
    public = row.get("slot_public")
    return row["name_key"] not in slots or bool(public and public != before)


def _fields(row: dict[str, Any]) -> dict[str, Any]:
    return {c: row[c] for c in _COLUMNS if c != "id" and c in row} | {
        c: row[c] for c in _SLOT if c in row and hasattr(Account, c)
    }


def _differs(local: Account, row: dict[str, Any]) -> bool:
    return any(getattr(local, c, None) != v for c, v in _fields(row).items())


def _update(local: Account, row: dict[str, Any]) -> None:
    if local.password_hash != row["password_hash"]:
        local.failed_logins = 0  # a new password lifts the laptop's lock, as centrally
        local.locked_until = None
    for column, value in _fields(row).items():
        setattr(local, column, value)


def _seal(file: Path, key: bytes | None, row: dict[str, Any], changes: AccountChanges) -> None:
    """Wrap the database key for the account from its slot material (no password needed)."""
    salt, public = row.get("slot_salt"), row.get("slot_public")
    if not salt or not public or key is None or not cipher.is_encrypted(file):
        changes.unsealed.append(row["name"])
        return
    cipher.add_sealed_account(file, key, row["name"], cipher.SlotMaterial(salt, public))
    changes.sealed.append(row["name"])


def _slot_names(file: Path) -> set[str]:
    try:
        return set(cipher.accounts(file)) if cipher.is_encrypted(file) else set()
    except cipher.CipherError:
        return set()


def _drop_slot(file: Path | None, name_key: str, slots: set[str]) -> None:
    if file is None or name_key not in slots:
        return
    try:
        cipher.remove_account(file, name_key)
    except cipher.CipherError as exc:
        if exc.code != "last_account":  # the last key stays: the file must stay openable
            raise
