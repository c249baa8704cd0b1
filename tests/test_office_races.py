"""Two back-office users at the same moment (issue 21, item 9), on PostgreSQL and SQLite.

Each user is a thread with a database connection of its own (PostgreSQL: its own engine, as
two office PCs have). A ``before_flush`` hook holds each session at its first write until the
other has read too, so the unlucky interleaving — both read, then both write — happens every
time instead of in 11 of 20 tries.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from fieldkit.services import flaglist
from fieldkit.services import office_desk as desk
from fieldkit.services import office_staff as staff
from fieldkit.services.office import UNRESTRICTED, OfficeError
from fieldkit.store.db import Database, open_database
from fieldkit.store.models import Caseworker, Flag
from fieldkit.store.models_office import DeputyRule, FlagRelease
from tests.factories import add_flagged

AT = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)


@pytest.fixture(params=["postgresql", "sqlite"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield str(tmp_path / "office.sqlite")
        return
    from tests.test_sync_helpers import create_database, drop_database

    pg = create_database()
    try:
        yield pg
    finally:
        drop_database(pg)


@pytest.fixture
def office(url: str) -> Iterator[Database]:
    db = open_database(url)
    add_flagged(db, "962D000001", "Zander", "Neckarsulm", status="blocked")  # Frau Keller, 521
    with db.session() as session:
        for name in ("Herr Brandt", "Frau Ohm", "Herr Lang"):
            session.add(Caseworker(name=name, team="521"))
    yield db
    db.dispose()


def at_once(url: str, *work: Callable[[Database], object]) -> list[object]:
    """Run each ``work`` in its own thread and database connection; all read before any
    writes. Returns each one's result or the exception it raised."""
    users = [open_database(url) for _ in work]
    meet = threading.Barrier(len(work), timeout=20)
    waited = threading.local()

    def hold(_session: Session, _ctx: Any, _instances: Any) -> None:
        if getattr(waited, "done", True):
            return
        waited.done = True
        # A broken barrier: the other one finished without writing, nothing to wait for.
        with contextlib.suppress(threading.BrokenBarrierError):
            meet.wait()

    results: list[object] = [None] * len(work)

    def run(i: int) -> None:
        waited.done = False
        try:
            results[i] = work[i](users[i])
        except Exception as exc:
            results[i] = exc
        finally:
            if not waited.done:
                meet.abort()

    event.listen(Session, "before_flush", hold)
    try:
        threads = [threading.Thread(target=run, args=(i,)) for i in range(len(work))]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
    finally:
        event.remove(Session, "before_flush", hold)
        for user in users:
            user.dispose()
    return results


def team_rule(db: Database) -> list[tuple[str, int]]:
    with db.session() as session:
        rows = session.execute(
            select(Caseworker.name, DeputyRule.rank)
            .join(DeputyRule, DeputyRule.deputy_id == Caseworker.id)
            .where(DeputyRule.team == "521", DeputyRule.caseworker_id.is_(None))
            .order_by(DeputyRule.rank)
        )
        return [(name, rank) for name, rank in rows]


def test_two_adding_the_same_deputy_make_one_line(office: Database, url: str) -> None:
    results = at_once(
        url,
        lambda db: desk.add_deputy(db, "521", "Herr Brandt", identity=UNRESTRICTED),
        lambda db: desk.add_deputy(db, "521", "Herr Brandt", identity=UNRESTRICTED),
    )
    assert team_rule(office) == [("Herr Brandt", 1)]
    refused = [r for r in results if isinstance(r, Exception)]
    assert len(refused) == 1, results
    assert isinstance(refused[0], OfficeError)
    assert refused[0].message("de") == "Herr Brandt steht schon in dieser Vertretungsregelung."


def test_two_adding_different_deputies_get_different_ranks(office: Database, url: str) -> None:
    results = at_once(
        url,
        lambda db: desk.add_deputy(db, "521", "Herr Brandt", identity=UNRESTRICTED),
        lambda db: desk.add_deputy(db, "521", "Frau Ohm", identity=UNRESTRICTED),
    )
    assert not [r for r in results if isinstance(r, Exception)], results
    rule = team_rule(office)
    assert sorted(name for name, _ in rule) == ["Frau Ohm", "Herr Brandt"]
    assert [rank for _, rank in rule] == [1, 2]


def test_moving_while_another_adds_keeps_ranks_distinct(office: Database, url: str) -> None:
    desk.add_deputy(office, "521", "Herr Brandt", identity=UNRESTRICTED)
    desk.add_deputy(office, "521", "Frau Ohm", identity=UNRESTRICTED)
    with office.session() as session:
        ohm = session.scalars(
            select(DeputyRule.id)
            .join(Caseworker, DeputyRule.deputy_id == Caseworker.id)
            .where(Caseworker.name == "Frau Ohm")
        ).one()
    results = at_once(
        url,
        lambda db: staff.move_deputy(db, ohm, -1, identity=UNRESTRICTED),
        lambda db: desk.add_deputy(db, "521", "Herr Lang", rank=0, identity=UNRESTRICTED),
    )
    rule = team_rule(office)
    assert [rank for _, rank in rule] == list(range(1, len(rule) + 1)), (rule, results)
    for result in results:  # either done, or refused with a sentence (nothing half-done)
        assert not isinstance(result, Exception) or isinstance(result, OfficeError), results


def test_two_releasing_one_flag_the_second_is_told_who(office: Database, url: str) -> None:
    with office.session() as session:
        flag_id = session.scalars(select(Flag.id)).one()
    results = at_once(
        url,
        lambda db: flaglist.override_block(
            db, flag_id, "Kind krank, Termin verpasst", "Frau A", AT, identity=UNRESTRICTED
        ),
        lambda db: flaglist.override_block(
            db, flag_id, "Umzug, Post nicht erhalten", "Herr B", AT, identity=UNRESTRICTED
        ),
    )
    refused = [r for r in results if isinstance(r, Exception)]
    assert len(refused) == 1, results
    assert isinstance(refused[0], flaglist.FlagListError)
    with office.session() as session:
        flag = session.get(Flag, flag_id)
        assert flag is not None
        winner = flag.override_by
        history = session.scalars(select(FlagRelease).where(FlagRelease.flag_id == flag_id)).all()
        assert [(h.released_by, h.reason) for h in history] == [(winner, flag.override_reason)]
    sentence = refused[0].message("de")
    assert sentence.startswith(f"Nicht gespeichert: {winner} hat diese Vormerkung")
    assert flag.override_reason in sentence
    # Later tries are refused the same way, and the first reason stays.
    with pytest.raises(flaglist.FlagListError, match="released this flag already"):
        flaglist.override_block(
            office, flag_id, "Noch eine Begründung hier", "Frau C", AT, identity=UNRESTRICTED
        )


def test_upgrade_tidies_existing_deputy_rules_and_keeps_releases(tmp_path: Path) -> None:
    # A database of the schema before 0009, with what the races and the CLI's default rank
    # (0) left in it: a doubled line and equal ranks; and a flag released once.
    from alembic import command

    from fieldkit.store.db import _alembic_config, make_engine

    path = tmp_path / "old.sqlite"
    engine = make_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        command.upgrade(_alembic_config(conn), "0008")
    engine.dispose()
    db = open_database(str(tmp_path / "donor.sqlite"))  # rows made by the models of today
    add_flagged(db, "962D000001", "Zander", "Neckarsulm", status="blocked")
    flaglist.override_block(
        db, _only_flag(db), "Kind krank, Termin verpasst", "Frau A", AT, identity=UNRESTRICTED
    )
    with db.session() as session:
        for name in ("Herr Brandt", "Frau Ohm"):
            session.add(Caseworker(name=name, team="521"))
    db.dispose()
    _copy_rows(tmp_path / "donor.sqlite", path)
    db = open_database(str(path))
    try:
        assert team_rule(db) == [("Herr Brandt", 1), ("Frau Ohm", 2)]
        with db.session() as session:
            (release,) = session.scalars(select(FlagRelease)).all()
            assert (release.released_by, release.reason) == (
                "Frau A",
                "Kind krank, Termin verpasst",
            )
            assert session.scalars(select(Flag.version)).one() == 1
    finally:
        db.dispose()


def _only_flag(db: Database) -> Any:
    with db.session() as session:
        return session.scalars(select(Flag.id)).one()


def _copy_rows(donor: Path, target: Path) -> None:
    import sqlite3

    with sqlite3.connect(target) as conn:
        conn.execute("ATTACH DATABASE ? AS donor", (str(donor),))
        for table in ("caseworker", "customer", "address", "flag", "invitation", "phone_call"):
            columns = [row[1] for row in conn.execute(f"PRAGMA main.table_info({table})")]
            names = ", ".join(columns)
            conn.execute(f"INSERT INTO main.{table} ({names}) SELECT {names} FROM donor.{table}")
        ids = dict(conn.execute("SELECT name, id FROM main.caseworker"))
        lines = [("Herr Brandt", 0), ("Frau Ohm", 0), ("Herr Brandt", 0)]  # doubled, equal ranks
        for i, (name, rank) in enumerate(lines):
            conn.execute(
                "INSERT INTO deputy_rule (id, team, caseworker_id, deputy_id, rank, created_at, "
                "updated_at, device_id) VALUES (?, '521', NULL, ?, ?, ?, ?, 'old')",
                (f"{i:032x}", ids[name], rank, f"2026-11-0{i + 1} 10:00:00", "2026-11-01"),
            )
    conn.close()
