"""The demo's accounts, one per role (issue 14): ``./dev run`` opens with a login window.

Their password is :data:`DEMO_PASSWORD`, documented in the README: the demo holds only
synthetic data. They are written only into a pure demo database (``demo_guard``), and only
there does the login window offer them.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache
from pathlib import Path

from fieldkit.domain import roles
from fieldkit.services import accounts, demo
from fieldkit.services.accounts import NewAccount
from fieldkit.store import cipher
from fieldkit.store.db import Database

DEMO_PASSWORD = "demo-passwort"

DEMO_ACCOUNTS: tuple[NewAccount, ...] = (
    NewAccount("demo-aussendienst", roles.FIELD, worker=demo.WORKERS[0][0]),
    NewAccount(
        "demo-sachbearbeitung", roles.CASEWORKER, team="521", caseworker=demo.CASEWORKERS[0][0]
    ),
    NewAccount("demo-teamleitung", roles.TEAMLEAD, team="521", caseworker=demo.CASEWORKERS[3][0]),
    NewAccount("demo-administration", roles.ADMIN),
)


def write_demo_accounts(db: Database, now: datetime) -> int:
    """Add the demo accounts that are missing; how many were added."""
    added = 0
    with db.session() as session:
        for new in DEMO_ACCOUNTS:
            if accounts.find(session, new.name) is None:
                accounts.add_account(session, new, DEMO_PASSWORD, now, material=_material())
                added += 1
    return added


@cache
def _material() -> cipher.SlotMaterial:
    """The demo password's sealed slot material, once per process: the password is published,
    so one salt for all demo accounts gives nothing away (and saves an Argon2id per account)."""
    return cipher.slot_material(DEMO_PASSWORD)


def offered_accounts(db: Database) -> list[str]:
    """The demo accounts the login window offers: on a pure demo database only."""
    from fieldkit.services.demo_guard import is_pure_demo

    if not is_pure_demo(db):
        return []
    with db.session() as session:
        return [n.name for n in DEMO_ACCOUNTS if accounts.find(session, n.name) is not None]


def encrypt_demo(file: Path) -> int:
    """Encrypt a demo database file in place with a key entry for every demo account (their
    published password), as a laptop's database is kept; how many entries it got."""
    from fieldkit.store.encrypt import encrypt_database

    first, *others = (n.name for n in DEMO_ACCOUNTS)
    encrypt_database(file, first, DEMO_PASSWORD)
    key = cipher.unlock(file, first, DEMO_PASSWORD)
    for name in others:  # sealed entries: no Argon2id per account to wrap them
        cipher.add_sealed_account(file, key, name, _material())
    return 1 + len(others)


def offered_by_key_file(file: Path) -> list[str]:
    """The demo accounts to offer on an *encrypted* database (it cannot be read before the
    login): those of its key file, when the key file holds demo accounts only. Offering is
    harmless: a name and the published password open nothing they would not open anyway."""
    names = set(cipher.accounts(file))
    demo_names = [n.name for n in DEMO_ACCOUNTS]
    if not names or not names <= set(demo_names):
        return []
    return [n for n in demo_names if n in names]
