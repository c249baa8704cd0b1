from __future__ import annotations

import shutil
import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import inspect, select, text

from fieldkit.store.db import StoreError, current_revision, head_revision, open_database
from fieldkit.store.models import Customer, Flag

DATA = Path(__file__).parent / "data"


def test_empty_database_is_migrated_to_head(tmp_path: Path) -> None:
    db = open_database(str(tmp_path / "new.sqlite"))
    try:
        assert current_revision(db.engine) == head_revision()
        tables = set(inspect(db.engine).get_table_names())
        assert {
            "customer",
            "address",
            "flag",
            "invitation",
            "phone_call",
            "visit",
            "case_note",
            "task",
            "area",
            "outreach_worker",
            "office",
        } <= tables
        with db.engine.connect() as conn:
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    finally:
        db.dispose()


def test_migrations_create_exactly_the_models_schema(tmp_path: Path) -> None:
    # A model changed without a migration (or the other way round) fails here, not in the field.
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from fieldkit.store.models import Base

    db = open_database(str(tmp_path / "compare.sqlite"))
    try:
        with db.engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
    finally:
        db.dispose()


def test_older_schema_file_is_upgraded_and_keeps_its_data(tmp_path: Path) -> None:
    old = tmp_path / "old.sqlite"
    shutil.copy(DATA / "fieldkit-schema-0001.sqlite", old)
    with sqlite3.connect(old) as conn:
        assert conn.execute("select version_num from alembic_version").fetchone() == ("0001",)
    db = open_database(str(old))
    try:
        assert current_revision(db.engine) == head_revision() != "0001"
        with db.session() as session:
            flag = session.scalars(select(Flag)).one()
            assert flag.customer.kundennummer == "962D999001"
            assert flag.override_reason == ""
            assert flag.plannable
    finally:
        db.dispose()


def test_records_carry_uuid_timestamps_and_device(tmp_path: Path) -> None:
    db = open_database(str(tmp_path / "x.sqlite"))
    try:
        with db.session() as session:
            customer = Customer(
                kundennummer="962D1", nachname="A", vorname="B", geburtsdatum=date(1990, 1, 1)
            )
            session.add(customer)
        with db.session() as session:
            stored = session.scalars(select(Customer)).one()
            assert stored.device_id == db.device_id != ""
            assert stored.created_at.tzinfo is not None
            assert stored.created_at <= datetime.now(UTC)
            first_update = stored.updated_at
            stored.telefon = "0711"
        with db.session() as session:
            assert session.scalars(select(Customer)).one().updated_at >= first_update
    finally:
        db.dispose()


def test_device_id_is_stable_across_openings(tmp_path: Path) -> None:
    path = str(tmp_path / "d.sqlite")
    first = open_database(path)
    first.dispose()
    second = open_database(path)
    second.dispose()
    assert first.device_id == second.device_id


def test_failed_unit_of_work_writes_nothing(tmp_path: Path) -> None:
    db = open_database(str(tmp_path / "r.sqlite"))
    try:

        def failing_unit_of_work() -> None:
            with db.session() as session:
                session.add(
                    Customer(
                        kundennummer="962D2",
                        nachname="A",
                        vorname="B",
                        geburtsdatum=date(1990, 1, 1),
                    )
                )
                session.flush()
                raise RuntimeError("boom")

        with pytest.raises(RuntimeError):
            failing_unit_of_work()
        with db.session() as session:
            assert session.scalars(select(Customer)).all() == []
    finally:
        db.dispose()


def test_garbage_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "garbage.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match="cannot be opened"):
        open_database(str(path))


def test_database_from_newer_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite"
    db = open_database(str(path))
    with db.engine.begin() as conn:
        conn.execute(text("update alembic_version set version_num='9999'"))
    db.dispose()
    with pytest.raises(StoreError, match="newer fieldkit") as refused:
        open_database(str(path))
    assert refused.value.message("de") == (
        "Die Datenbank stammt von einer neueren fieldkit-Version; bitte fieldkit aktualisieren."
    )


def test_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="does not exist") as refused:
        open_database(str(tmp_path / "nope" / "x.sqlite"))
    assert refused.value.message("de").startswith("Den Ordner ")
    with pytest.raises(StoreError, match="not a valid database URL") as refused:
        open_database("postgresql+psycopg://[::1")
    assert "keine gültige Datenbankadresse" in refused.value.message("de")


def test_a_refused_write_never_shows_the_customers_data(tmp_path: Path) -> None:
    # The message of a database error goes to a terminal, a crash dialog or a log: the
    # statement may show, the customer's name and birth date (its parameters) must not.
    from sqlalchemy.exc import IntegrityError

    def customer() -> Customer:
        return Customer(
            kundennummer="962D000042",
            nachname="Geheimname",
            vorname="Vorname",
            geburtsdatum=date(1977, 7, 7),
        )

    db = open_database(str(tmp_path / "p.sqlite"))
    try:
        with db.session() as session:
            session.add(customer())
        with pytest.raises(IntegrityError) as refused, db.session() as session:
            session.add(customer())
    finally:
        db.dispose()
    text = str(refused.value)
    assert "INSERT INTO customer" in text
    assert "Geheimname" not in text
    assert "1977" not in text
