"""The week rows say how each address was placed: by hand, or the geocoding precision."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from fieldkit.services import geocoding
from fieldkit.services.office import UNRESTRICTED
from fieldkit.services.week import week_rows
from fieldkit.settings import Settings
from fieldkit.store.db import Database, open_database
from fieldkit.store.models import Address, Customer
from tests.factories import add_flagged

WEEK = "2026-W49"


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(str(tmp_path / "week.sqlite"))
    add_flagged(database, "111A000001", "Adler", "Neckarsulm")
    add_flagged(database, "111A000002", "Berg", "Atlantis")  # a town no gazetteer knows
    yield database
    database.dispose()


def rows(db: Database) -> dict[str, tuple[str, str, str]]:
    with db.session() as session:
        return {
            r.kundennummer: (r.geo_source, r.geo_precision, r.placement)
            for r in week_rows(session, WEEK, UNRESTRICTED)
        }


def test_hand_placement_and_unplaceable_addresses_in_the_week_rows(db: Database) -> None:
    assert rows(db) == {"111A000001": ("", "", ""), "111A000002": ("", "", "")}
    geocoding.geocode_week(db, WEEK, Settings(), identity=UNRESTRICTED)
    placed = rows(db)
    assert placed["111A000001"][2] in ("postcode", "municipality")
    # Geocoding stores "none" for an address it could not place: shown as not placed.
    assert placed["111A000002"] == ("", "none", "")

    with db.session() as session:
        address_id = (
            session.query(Address.id).join(Customer).filter_by(kundennummer="111A000001").scalar()
        )
    geocoding.place_by_hand(db, address_id, 49.19, 9.22, "Test", identity=UNRESTRICTED)
    assert rows(db)["111A000001"] == ("manual", "house", "manual")
    with db.session() as session:
        row = next(
            r for r in week_rows(session, WEEK, UNRESTRICTED) if r.kundennummer == "111A000001"
        )
    assert row.to_json()["geo_source"] == "manual"

    geocoding.clear_placement(db, address_id, identity=UNRESTRICTED)
    assert rows(db)["111A000001"][2] != "manual"
