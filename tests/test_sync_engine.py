"""Sync against a real PostgreSQL (FIELDKIT_TEST_PG): two laptops, one central database."""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from fieldkit.domain.permissions import ANYONE
from fieldkit.store.db import Database
from fieldkit.store.models import Customer, Flag, Visit
from fieldkit.store.models_sync import SyncConflict, UnsyncedDeleteError
from fieldkit.sync import engine as eng
from fieldkit.sync import service
from fieldkit.sync.errors import SyncError
from fieldkit.sync.settings import SyncSettings
from tests.test_sync_helpers import (
    ANNA,
    MURAT,
    NOW,
    as_worker,
    confirmed_set,
    copy_laptop,
    create_database,
    drop_database,
    new_laptop,
    record_field_work,
    snapshot,
)

SMALL = SyncSettings(batch_size=5)


@pytest.fixture
def laptop(tmp_path: Path) -> Iterator[Database]:
    db = new_laptop(tmp_path / "laptop1.sqlite")
    yield db
    db.dispose()


def _count(url: str, name: str) -> int:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        n = int(conn.scalar(sa.select(sa.func.count()).select_from(eng.table(name))) or 0)
    engine.dispose()
    return n


def test_pull_brings_each_worker_only_the_customers_of_their_areas(
    central: str, laptop: Database, tmp_path: Path
) -> None:
    other = new_laptop(tmp_path / "laptop2.sqlite")
    try:
        a = service.sync_network(
            laptop, as_worker(central, ANNA), worker=ANNA, now=NOW, identity=ANYONE
        )
        b = service.sync_network(
            other, as_worker(central, MURAT), worker=MURAT, now=NOW, identity=ANYONE
        )
        with laptop.session() as s1, other.session() as s2:
            mine = set(s1.scalars(sa.select(Customer.kundennummer)))
            theirs = set(s2.scalars(sa.select(Customer.kundennummer)))
            weeks = set(s1.scalars(sa.select(Flag.visit_week)))
        assert mine
        assert theirs
        assert not mine & theirs
        assert weeks <= {"2026-W48", "2026-W49"}
        assert a.pulled["customer"] == len(mine)
        assert b.pulled["customer"] == len(theirs)
        # Every flag of the weeks that lies in some area reached exactly one laptop.
        assert len(mine) + len(theirs) <= _count(central, "customer")
    finally:
        other.dispose()


def test_pushing_twice_changes_nothing_and_never_duplicates(central: str, laptop: Database) -> None:
    service.sync_network(laptop, as_worker(central, ANNA), worker=ANNA, now=NOW, identity=ANYONE)
    made = record_field_work(laptop, visits=12, drafts=2)
    assert service.unsynced_count(laptop) == 12 + 1 + 12 + 12 + 3  # +check, placement, stop
    first = service.sync_network(
        laptop, as_worker(central, ANNA), worker=ANNA, now=NOW, settings=SMALL, identity=ANYONE
    )
    assert first.pushed["visit"] == made["visit"]
    assert service.unsynced_count(laptop) == 0
    before = snapshot(central)
    second = service.sync_network(
        laptop, as_worker(central, ANNA), worker=ANNA, now=NOW, settings=SMALL, identity=ANYONE
    )
    # Only the audit log's entry of this very run goes up (issue 14: sync runs are audited).
    assert second.pushed.pop("audit_log") == 1
    assert sum(second.pushed.values()) == 0
    # Even without the laptop's markers (as after losing them), a re-push changes nothing.
    with laptop.engine.begin() as conn:
        conn.execute(sa.delete(eng.table("sync_record")))
    service.sync_network(
        laptop, as_worker(central, ANNA), worker=ANNA, now=NOW, settings=SMALL, identity=ANYONE
    )
    assert snapshot(central) == before
    assert len(before["visit"]) == made["visit"]  # drafts never left the laptop
    assert len(before["case_note"]) == made["case_note"]
    assert len(before["sync_stop_status"]) == 1  # only the stop whose status changed
    assert before["sync_conflict"] == []


def test_a_pull_counts_only_what_is_new_or_changed_on_the_laptop(
    central: str, laptop: Database
) -> None:
    # The pull sends the whole window every time; the report (and the views the app reloads
    # after a sync) must not take thirty unchanged records for thirty changes.
    first = service.sync_network(
        laptop, as_worker(central, ANNA), worker=ANNA, now=NOW, identity=ANYONE
    )
    assert first.pulled["flag"] > 0
    again = service.sync_network(
        laptop, as_worker(central, ANNA), worker=ANNA, now=NOW, identity=ANYONE
    )
    assert sum(again.pulled.values()) == 0, again.pulled
    assert "0 down" in again.text()
    engine = sa.create_engine(central)
    with engine.begin() as conn:
        changed = conn.scalar(
            sa.text(
                "UPDATE flag SET hints = 'Hund', updated_at = updated_at + interval '1 minute' "
                "WHERE id = (SELECT id FROM flag WHERE id IN :ids ORDER BY id LIMIT 1) "
                "RETURNING id"
            ).bindparams(sa.bindparam("ids", expanding=True)),
            {"ids": _laptop_flag_ids(laptop)},
        )
    engine.dispose()
    assert changed is not None
    third = service.sync_network(
        laptop, as_worker(central, ANNA), worker=ANNA, now=NOW, identity=ANYONE
    )
    assert {k: v for k, v in third.pulled.items() if v} == {"flag": 1}
    with laptop.session() as session:
        flag = session.get(Flag, changed)
        assert flag is not None
        assert flag.hints == "Hund"  # the change itself arrived


def test_a_field_laptop_gets_the_branches_teams_its_shared_areas_and_the_rule_checks(
    central: str, laptop: Database
) -> None:
    # Without them the laptop printed "Jobcenter Neckarsulm" without its address, no RFB
    # letter at all (no rule set counted as verified there) and planned nobody in an area it
    # shares with another worker. Pulled as the worker's own login (row-level security).
    from fieldkit.services import rules

    engine = sa.create_engine(central)
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO rule_set_verification (id, name, verified_by, verified_on, "
                "created_at, updated_at, device_id) VALUES (:id, 'grundsicherung-2026-entwurf', "
                "'Frau Prüferin', '2026-11-20', now(), now(), '') ON CONFLICT (name) DO UPDATE "
                "SET verified_by = 'Frau Prüferin', updated_at = now()"
            ),
            {"id": uuid.uuid4()},
        )
        conn.execute(
            sa.text(
                "INSERT INTO branch (id, name, street, postcode, city, phone, active, "
                "created_at, updated_at, device_id) VALUES (:id, 'Jobcenter Neckarsulm', "
                "'Beispielstraße 12', '74172', 'Neckarsulm', '', true, now(), now(), '')"
            ),
            {"id": uuid.uuid4()},
        )
        conn.execute(
            sa.text(
                "INSERT INTO team (id, number, lead, active, created_at, updated_at, device_id) "
                "SELECT :id, c.team, 'Frau Keller', true, now(), now(), '' FROM caseworker c "
                "WHERE c.team <> '' AND NOT EXISTS (SELECT 1 FROM team t WHERE t.number = c.team) "
                "ORDER BY c.team LIMIT 1"
            ),
            {"id": uuid.uuid4()},
        )
        branches = set(conn.scalars(sa.text("SELECT name FROM branch")))
        worker = conn.scalar(sa.text("SELECT id FROM outreach_worker WHERE name = :w"), {"w": ANNA})
        other_area = conn.scalar(
            sa.text("SELECT id FROM area WHERE worker_id IS DISTINCT FROM :w ORDER BY name"),
            {"w": worker},
        )
        conn.execute(
            sa.text(
                "INSERT INTO worker_area (id, worker_id, area_id, created_at, updated_at, "
                "device_id) VALUES (:id, :w, :a, now(), now(), '')"
            ),
            {"id": uuid.uuid4(), "w": worker, "a": other_area},
        )
        teams: dict[str, str] = dict(conn.execute(sa.text("SELECT number, lead FROM team")).all())
    engine.dispose()
    assert branches
    assert other_area is not None
    report = service.sync_network(
        laptop, as_worker(central, ANNA), worker=ANNA, now=NOW, identity=ANYONE
    )
    with laptop.session() as session:
        seen = [
            (c.kind, c.record_table, str(c.detail)[:300])
            for c in session.scalars(sa.select(SyncConflict))
        ]
    assert (report.conflicts, report.rejected) == (0, 0), seen
    assert report.pulled["rule_set_verification"] >= 1
    checks = rules.verifications(laptop)
    assert checks["grundsicherung-2026-entwurf"].by == "Frau Prüferin"
    with laptop.engine.connect() as conn:
        assert set(conn.scalars(sa.text("SELECT name FROM branch"))) == branches
        got: dict[str, str] = dict(conn.execute(sa.text("SELECT number, lead FROM team")).all())
        assert got
        assert got.items() <= teams.items()
        shared = conn.scalar(sa.text("SELECT area_id FROM worker_area"))
        assert uuid.UUID(str(shared)) == uuid.UUID(str(other_area))
    # Nothing of this goes back up: the laptop only reads it.
    again = service.sync_network(
        laptop, as_worker(central, ANNA), worker=ANNA, now=NOW, identity=ANYONE
    )
    assert again.pushed.get("rule_set_verification", 0) == 0
    assert sum(again.pulled.values()) == 0


def test_the_pull_writes_every_offered_and_pulled_only_table_once() -> None:
    assert sorted(eng.PULL_TABLES) == sorted({*eng.OFFERED, *eng.PULLED_ONLY})
    assert len(set(eng.PULL_TABLES)) == len(eng.PULL_TABLES)
    assert not {s.table for s in eng.PUSH} & set(eng.PULLED_ONLY)  # never offered back


def _laptop_flag_ids(laptop: Database) -> list[str]:
    with laptop.session() as session:
        return [str(f.id) for f in session.scalars(sa.select(Flag))]


class Crash(Exception):
    """A simulated kill at a named point."""


def _crash_at(point: str) -> service.Callable[[str], None]:
    def hook(name: str) -> None:
        if name == point:
            raise Crash(name)

    return hook


#: Every kind of point a sync can be killed at: around each push batch's two commits, after
#: the push, inside a pull batch, and after the pull, the adoption and the minimisation.
PHASES = {
    "push:before-central",
    "push:before-central-commit",
    "push:after-central-commit",
    "push:before-confirm-commit",
    "push:after-confirm",
    "push:done",
    "pull:before-commit",
    "pull:done",
    "adopt:done",
    "minimise:done",
}


def _one_per_phase(points: list[str]) -> list[str]:
    """One point of each phase, the batch and table picked at random (fixed seed).

    Before, 9 random points of the ~60 plus the first and the last: 11 crashed syncs that
    could all miss a phase (say the adoption); now 10 that hit every one."""
    by_phase: dict[str, list[str]] = {}
    for point in points:
        parts = point.split(":")
        by_phase.setdefault(f"{parts[0]}:{parts[-1]}", []).append(point)
    assert set(by_phase) == PHASES
    rng = random.Random(8)
    return [rng.choice(by_phase[phase]) for phase in sorted(PHASES)]


@pytest.mark.slow
def test_interrupted_at_many_points_ends_like_one_clean_run(
    central_template: str, laptop: Database, tmp_path: Path
) -> None:
    prepared_central = create_database(central_template)
    try:
        service.sync_network(
            laptop, as_worker(prepared_central, ANNA), worker=ANNA, now=NOW, identity=ANYONE
        )
        record_field_work(laptop, visits=9, drafts=1)
        template = copy_laptop(laptop, tmp_path / "prepared.sqlite")
        template.dispose()
        # The clean run: its result and every point at which a crash can happen.
        reference_db = copy_laptop(template, tmp_path / "reference.sqlite")
        points: list[str] = []
        service.sync_network(
            reference_db,
            as_worker(prepared_central, ANNA),
            worker=ANNA,
            now=NOW,
            settings=SMALL,
            hook=points.append,
            identity=ANYONE,
        )
        want_central = snapshot(prepared_central)
        want_laptop = snapshot(reference_db.engine)
        want_confirmed = confirmed_set(reference_db)
        reference_db.dispose()
    finally:
        drop_database(prepared_central)
    assert len(points) > 20
    chosen = _one_per_phase(points)
    for i, point in enumerate(chosen):
        url = create_database(central_template)  # as before the clean run: nothing pushed
        try:
            # The laptop as it was before the clean run: pulled, field work recorded (one
            # copy of the template; a second copy of that copy opened the database twice).
            db = copy_laptop(template, tmp_path / f"run{i}.sqlite")
            with pytest.raises(Crash):
                service.sync_network(
                    db,
                    as_worker(url, ANNA),
                    worker=ANNA,
                    now=NOW,
                    settings=SMALL,
                    hook=_crash_at(point),
                    identity=ANYONE,
                )
            service.sync_network(
                db, as_worker(url, ANNA), worker=ANNA, now=NOW, settings=SMALL, identity=ANYONE
            )
            assert snapshot(url) == want_central, point
            assert snapshot(db.engine) == want_laptop, point
            assert confirmed_set(db) == want_confirmed, point
            assert service.unsynced_count(db) == 0
            db.dispose()
        finally:
            drop_database(url)


def test_corrections_from_two_devices_are_appended_never_overwritten(
    central: str, laptop: Database, tmp_path: Path
) -> None:
    deputy = new_laptop(tmp_path / "deputy.sqlite")
    try:
        for db in (laptop, deputy):
            service.sync_network(
                db, as_worker(central, ANNA), worker=ANNA, now=NOW, identity=ANYONE
            )
        with laptop.session() as session:
            flag = session.scalars(sa.select(Flag).order_by(Flag.id)).first()
            assert flag is not None
            flag_id, customer_id = flag.id, flag.customer_id
        ids = {}
        for name, db in (("laptop", laptop), ("deputy", deputy)):
            with db.session() as session:
                original = Visit(
                    flag_id=flag_id,
                    customer_id=customer_id,
                    visited_at=NOW,
                    outcome="not_met",
                    note=f"{name}: nicht angetroffen",
                    state="final",
                )
                session.add(original)
                session.flush()
                correction = Visit(
                    flag_id=flag_id,
                    customer_id=customer_id,
                    visited_at=NOW,
                    outcome="met",
                    note=f"{name}: doch angetroffen",
                    state="final",
                    supersedes_id=original.id,
                )
                session.add(correction)
                session.flush()
                ids[name] = (original.id, correction.id)
        for db in (laptop, deputy, laptop):
            service.sync_network(
                db, as_worker(central, ANNA), worker=ANNA, now=NOW, identity=ANYONE
            )
        engine = sa.create_engine(central)
        v = eng.table("visit")
        with engine.connect() as conn:
            rows = {r.id: r for r in conn.execute(sa.select(v).where(v.c.flag_id == flag_id))}
        assert len(rows) == 4
        for name, (orig, corr) in ids.items():
            assert rows[orig].note == f"{name}: nicht angetroffen"
            assert rows[corr].supersedes_id == orig
        # Editing a synced visit in place does not overwrite the central version: the edit
        # lands in the conflict list on both sides, with the laptop's version kept there.
        with laptop.session() as session:
            visit = session.get(Visit, ids["laptop"][0])
            assert visit is not None
            visit.note = "nachträglich geändert"
        report = service.sync_network(
            laptop, as_worker(central, ANNA), worker=ANNA, now=NOW, identity=ANYONE
        )
        assert report.conflicts >= 1
        with engine.connect() as conn:
            assert conn.scalar(sa.select(v.c.note).where(v.c.id == ids["laptop"][0])) == (
                "laptop: nicht angetroffen"
            )
            c = eng.table("sync_conflict")
            kinds = [r.kind for r in conn.execute(sa.select(c))]
            detail = conn.scalar(sa.select(c.c.detail).where(c.c.kind == "changed_after_sync"))
        engine.dispose()
        assert kinds == ["changed_after_sync"]
        assert detail is not None
        assert detail["version"]["note"] == "nachträglich geändert"
        assert [c.kind for c in service.open_conflicts(laptop)] == ["changed_after_sync"]
    finally:
        deputy.dispose()


def test_two_devices_correcting_the_same_visit_keep_both_and_see_the_conflict(
    central: str, laptop: Database, tmp_path: Path
) -> None:
    service.sync_network(laptop, as_worker(central, ANNA), worker=ANNA, now=NOW, identity=ANYONE)
    record_field_work(laptop, visits=1, drafts=0)
    # A second device with a copy of the data (e.g. a replacement laptop restored from backup).
    twin = copy_laptop(laptop, tmp_path / "twin.sqlite")
    with twin.engine.begin() as conn:
        conn.execute(
            sa.update(eng.table("app_meta"))
            .where(eng.table("app_meta").c.key == "device_id")
            .values(value="twin-device")
        )
    twin.dispose()
    twin = new_laptop(tmp_path / "twin.sqlite")
    laptop = new_laptop(tmp_path / "laptop1.sqlite")
    try:
        with laptop.session() as session:
            latest = session.scalars(sa.select(Visit).where(Visit.supersedes_id.is_not(None))).one()
            latest_id = latest.id
        for db, note in ((laptop, "erste Korrektur"), (twin, "zweite Korrektur")):
            with db.session() as session:
                old = session.get(Visit, latest_id)
                assert old is not None
                session.add(
                    Visit(
                        flag_id=old.flag_id,
                        customer_id=old.customer_id,
                        visited_at=old.visited_at,
                        outcome="met",
                        note=note,
                        state="final",
                        supersedes_id=old.id,
                    )
                )
        for db in (laptop, twin, laptop):
            service.sync_network(
                db, as_worker(central, ANNA), worker=ANNA, now=NOW, identity=ANYONE
            )
        engine = sa.create_engine(central)
        v, c = eng.table("visit"), eng.table("sync_conflict")
        with engine.connect() as conn:
            notes = set(conn.scalars(sa.select(v.c.note).where(v.c.supersedes_id == latest_id)))
            kinds = list(conn.scalars(sa.select(c.c.kind)))
        engine.dispose()
        assert notes == {"erste Korrektur", "zweite Korrektur"}
        assert kinds == ["competing_corrections"]
        for db in (laptop, twin):
            assert [x.kind for x in service.open_conflicts(db)] == ["competing_corrections"]
    finally:
        twin.dispose()
        laptop.dispose()


def test_flag_withdrawn_after_the_visit_keeps_the_visit_and_shows_the_conflict(
    central: str, laptop: Database
) -> None:
    service.sync_network(laptop, as_worker(central, ANNA), worker=ANNA, now=NOW, identity=ANYONE)
    record_field_work(laptop, visits=1, drafts=0)
    with laptop.session() as session:
        visit = session.scalars(sa.select(Visit).where(Visit.supersedes_id.is_(None))).one()
        flag_id = visit.flag_id
    service.sync_network(laptop, as_worker(central, ANNA), worker=ANNA, now=NOW, identity=ANYONE)
    engine = sa.create_engine(central)
    f, v, c = eng.table("flag"), eng.table("visit"), eng.table("sync_conflict")
    with engine.begin() as conn:
        conn.execute(
            f.update()
            .where(f.c.id == flag_id)
            .values(withdrawn_at=NOW + timedelta(hours=1), updated_at=NOW + timedelta(hours=1))
        )
    report = service.sync_network(
        laptop, as_worker(central, ANNA), worker=ANNA, now=NOW + timedelta(hours=2), identity=ANYONE
    )
    assert report.conflicts >= 2
    with engine.connect() as conn:
        assert conn.scalar(sa.select(sa.func.count()).where(v.c.flag_id == flag_id)) == 2
        central_kinds = [r.kind for r in conn.execute(sa.select(c))]
    engine.dispose()
    assert central_kinds.count("flag_withdrawn_after_visit") == 2  # original and correction
    with laptop.session() as session:
        flag = session.get(Flag, flag_id)
        assert flag is not None
        assert flag.withdrawn_at is not None
        assert session.scalar(sa.select(sa.func.count(Visit.id))) == 2
        kinds = list(session.scalars(sa.select(SyncConflict.kind)))
    assert kinds.count("flag_withdrawn_after_visit") == 2
    # Syncing again records nothing twice.
    service.sync_network(
        laptop, as_worker(central, ANNA), worker=ANNA, now=NOW + timedelta(hours=3), identity=ANYONE
    )
    assert len(service.open_conflicts(laptop)) == 2


def test_minimisation_removes_only_confirmed_old_data(central: str, laptop: Database) -> None:
    service.sync_network(laptop, as_worker(central, ANNA), worker=ANNA, now=NOW, identity=ANYONE)
    record_field_work(laptop, visits=6, drafts=1)
    service.sync_network(laptop, as_worker(central, ANNA), worker=ANNA, now=NOW, identity=ANYONE)
    with laptop.session() as session:
        visits = list(
            session.scalars(
                sa.select(Visit).where(Visit.state == "final", Visit.supersedes_id.is_(None))
            )
        )
        draft_customer = session.scalars(
            sa.select(Visit.customer_id).where(Visit.state == "draft")
        ).one()
        # An edit made after the push is unsynced again: that customer must stay.
        edited = visits[-1]
        edited.note = "geändert, noch nicht synchronisiert"
        edited_customer = edited.customer_id
        all_customers = set(session.scalars(sa.select(Customer.id)))
    later = NOW + timedelta(days=40)
    with laptop.engine.begin() as conn:
        removed = eng.minimise(conn, later.date(), keep_days=14)
    with laptop.session() as session:
        left = set(session.scalars(sa.select(Customer.id)))
        final_left = session.scalar(sa.select(sa.func.count(Visit.id)).where(Visit.id == edited.id))
    assert removed == len(all_customers) - len(left) > 0
    assert {draft_customer, edited_customer} <= left
    assert final_left == 1
    # Within keep_days nothing goes, even if confirmed.
    with laptop.engine.begin() as conn:
        assert eng.minimise(conn, NOW.date(), keep_days=14) == 0


def test_an_unsynced_final_visit_cannot_be_deleted(central: str, laptop: Database) -> None:
    service.sync_network(laptop, as_worker(central, ANNA), worker=ANNA, now=NOW, identity=ANYONE)
    record_field_work(laptop, visits=1, drafts=1)
    session = laptop.sessions()
    for visit in session.scalars(sa.select(Visit).where(Visit.state == "final")):
        session.delete(visit)
    with pytest.raises(UnsyncedDeleteError):
        session.flush()
    session.rollback()
    session.close()
    with laptop.session() as session:  # a draft may be discarded
        draft = session.scalars(sa.select(Visit).where(Visit.state == "draft")).one()
        session.delete(draft)
    service.sync_network(laptop, as_worker(central, ANNA), worker=ANNA, now=NOW, identity=ANYONE)
    with laptop.session() as session:  # once confirmed, deleting is allowed (minimisation)
        correction = session.scalars(sa.select(Visit).where(Visit.supersedes_id.is_not(None))).one()
        session.delete(correction)


def test_central_errors_are_one_sentence(central: str, laptop: Database) -> None:
    with pytest.raises(SyncError) as err:
        service.sync_network(
            laptop,
            "postgresql+psycopg://fieldkit@127.0.0.1:9/x",
            worker=ANNA,
            now=NOW,
            identity=ANYONE,
        )
    assert err.value.code == "unreachable"
    with pytest.raises(SyncError) as err:
        service.sync_network(laptop, central, worker="Niemand", now=NOW, identity=ANYONE)
    assert err.value.code == "worker"
    engine = sa.create_engine(central)
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '0003'"))
    engine.dispose()
    with pytest.raises(SyncError, match="fieldkit db upgrade") as err:
        service.sync_network(
            laptop, as_worker(central, ANNA), worker=ANNA, now=NOW, identity=ANYONE
        )
    assert err.value.code == "schema_old"
    run = service.last_run(laptop)
    assert run is not None
    assert not run.ok
    assert run.error_code == "schema_old"
