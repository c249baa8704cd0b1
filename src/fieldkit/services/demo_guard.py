"""The demo never touches real data (issue 13, point 5).

``fieldkit demo`` writes a fake office, workers, caseworkers, areas and customers. It must
not do that into a real office's database: it refuses a database that holds any such record
it did not write itself, unless forced, and even forced it never overwrites a customer it did
not create. The demo's own records are remembered by id in ``app_meta`` (key
:data:`DEMO_KEY`). A database written by a demo before this rule existed (no such key) is
recognised by its names: the demo office at its demo address and nothing but demo names.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from fieldkit.errors import BilingualError
from fieldkit.services import demo
from fieldkit.store.db import Database
from fieldkit.store.models import AppMeta, Area, Caseworker, Customer, Office, OutreachWorker
from fieldkit.store.models_accounts import Account
from fieldkit.store.models_setup import Branch, Team

DEMO_KEY = "demo_records"
#: The kinds of record that make a database "real" (German, English names for the sentence).
GUARDED: tuple[tuple[Any, str, str], ...] = (
    (Office, "Dienststelle", "office"),
    (Branch, "Standorte", "branches"),
    (Team, "Teams", "teams"),
    (Caseworker, "Fachkräfte", "caseworkers"),
    (OutreachWorker, "Außendienstkräfte", "outreach workers"),
    (Area, "Gebiete", "areas"),
    (Customer, "Kunden", "customers"),
    (Account, "Konten", "accounts"),
)


class DemoRefused(BilingualError):
    """The database holds records the demo did not write."""


def _ids(session: Session) -> dict[Any, set[uuid.UUID]]:
    return {model: set(session.scalars(select(model.id))) for model, _, _ in GUARDED}


def _remembered(session: Session) -> set[uuid.UUID] | None:
    row = session.scalar(select(AppMeta).where(AppMeta.key == DEMO_KEY))
    if row is None:
        return None
    try:
        return {uuid.UUID(value) for value in json.loads(row.value)}
    except (ValueError, TypeError):
        return set()


def _remember(session: Session, ids: Iterable[uuid.UUID]) -> None:
    row = session.scalar(select(AppMeta).where(AppMeta.key == DEMO_KEY))
    if row is None:
        row = AppMeta(key=DEMO_KEY, value="[]")
        session.add(row)
    row.value = json.dumps(sorted(str(i) for i in ids))


def _looks_like_old_demo(session: Session) -> bool:
    """Only what a demo without the marker could have written (by name), and an office."""
    offices = [(o.name, o.street) for o in session.scalars(select(Office))]
    if offices != [(demo.OFFICE["name"], demo.OFFICE["street"])]:
        return False
    workers = set(session.scalars(select(OutreachWorker.name)))
    caseworkers = set(session.scalars(select(Caseworker.name)))
    numbers = session.scalars(select(Customer.kundennummer))
    return (
        workers <= {name for name, _ in demo.WORKERS}
        and caseworkers <= {name for name, _, _ in demo.CASEWORKERS}
        and session.scalar(select(Branch.id).limit(1)) is None
        and session.scalar(select(Team.id).limit(1)) is None
        and all(n.startswith("962D2") for n in numbers)
    )


def foreign_records(db: Database) -> dict[str, int]:
    """Records the demo did not write, counted per kind (English names); empty: all its own."""
    with db.session() as session:
        ids = _ids(session)
        mine = _remembered(session)
        if mine is None and _looks_like_old_demo(session):
            _remember(session, set().union(*ids.values()))
            return {}
        mine = mine or set()
        return {
            english: len(ids[model] - mine) for model, _, english in GUARDED if ids[model] - mine
        }


def is_pure_demo(db: Database) -> bool:
    """Whether everything in ``db`` was written by the demo (its accounts too): only then
    may the login offer the demo accounts, and the CLI work without a login there."""
    with db.session() as session:
        if _remembered(session) is None and not _looks_like_old_demo(session):
            return False
    return not foreign_records(db)


def protected_numbers(db: Database) -> set[str]:
    """Kundennummern of customers the demo did not create (it must never overwrite them)."""
    with db.session() as session:
        mine = _remembered(session) or set()
        return {c.kundennummer for c in session.scalars(select(Customer)) if c.id not in mine}


def check_demo_allowed(db: Database, *, force: bool = False) -> None:
    """:class:`DemoRefused` when the database holds records the demo did not write."""
    found = foreign_records(db)
    if not found or force:
        return
    german = {english: de for _, de, english in GUARDED}
    en = ", ".join(f"{n} {kind}" for kind, n in found.items())
    de = ", ".join(f"{n} {german[kind]}" for kind, n in found.items())
    raise DemoRefused(
        f"Diese Datenbank enthält Daten, die nicht von der Demo stammen ({de}); die Demo "
        "schreibt nie in echte Daten: bitte eine neue Datenbank wählen oder --force angeben "
        "(echte Kunden werden auch dann nie überschrieben).",
        f"This database holds records the demo did not write ({en}); the demo never writes "
        "into real data: use a new database (--db) or add --force (even then it never "
        "overwrites a customer it did not create).",
        code="demo_refused",
    )


def snapshot(db: Database) -> set[uuid.UUID]:
    """The ids of every guarded record now (before the demo writes)."""
    with db.session() as session:
        return set().union(*_ids(session).values())


def remember_new(db: Database, before: set[uuid.UUID]) -> None:
    """Remember the records written since ``before`` as the demo's own."""
    with db.session() as session:
        now = set().union(*_ids(session).values())
        mine = _remembered(session) or set()
        _remember(session, (mine & now) | (now - before))
