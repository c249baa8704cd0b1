"""What the UI used to read straight from the store now comes from services (issue 19, item 4).

The area editor and the accounts window choose an outreach worker, the place dialog reads a
flag's address, the follow-up window the Hamburg "Mangelnde Mitwirkung" period: each through
one service function, checked here against a real database.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from fieldkit.domain.settings import RulesSettings
from fieldkit.services import geocoding, office, office_hamburg
from fieldkit.services.database import Database, open_database
from fieldkit.services.office import OfficeError
from fieldkit.store.models import Customer, Flag, OutreachWorker
from tests.factories import add_flagged

HAMBURG = RulesSettings(hamburg_rules=True, federal_state="HH")


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(str(tmp_path / "reads.sqlite"))
    add_flagged(database, "962D000001", "Zander", "Neckarsulm")
    yield database
    database.dispose()


def _flag_id(db: Database) -> uuid.UUID:
    with db.session() as session:
        return session.scalars(
            select(Flag.id).join(Customer).where(Customer.kundennummer == "962D000001")
        ).one()


def test_outreach_workers_sorted_with_the_inactive_ones(db: Database) -> None:
    with db.session() as session:
        assert office.outreach_workers(session) == []
        session.add_all(
            [
                OutreachWorker(name="Weber"),
                OutreachWorker(name="Albrecht", active=False),
                OutreachWorker(name="<b>Örtel</b>"),  # names are data, never markup
            ]
        )
    with db.session() as session:
        got = office.outreach_workers(session)
    assert [(name, active) for _, name, active in got] == [
        ("<b>Örtel</b>", True),
        ("Albrecht", False),
        ("Weber", True),
    ]
    assert all(isinstance(wid, uuid.UUID) for wid, _, _ in got)


def test_address_of_a_flag_and_of_none(db: Database) -> None:
    flag_id = _flag_id(db)
    with db.session() as session:
        address = geocoding.address_of_flag(session, flag_id)
        assert address is not None
        assert (address.strasse, address.plz, address.ort) == ("Lindenweg", "74172", "Neckarsulm")
        assert geocoding.address_of_flag(session, uuid.uuid4()) is None
        session.get(Flag, flag_id).customer.address = None  # type: ignore[union-attr]
        session.flush()
        assert geocoding.address_of_flag(session, flag_id) is None


def test_mitwirkung_window_of_a_flag_by_its_id(db: Database) -> None:
    flag_id = _flag_id(db)
    with db.session() as session:
        window = office_hamburg.mitwirkung_window_of(session, flag_id, HAMBURG)
        assert window is not None
        assert (window.start, window.end) == (date(2026, 10, 12), date(2026, 11, 23))
        assert office_hamburg.mitwirkung_window_of(session, uuid.uuid4(), HAMBURG) is None
        with pytest.raises(OfficeError):  # only under the Hamburg rules
            office_hamburg.mitwirkung_window_of(session, flag_id, RulesSettings())
