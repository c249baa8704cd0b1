"""One rule for "which area owns this customer" (issue 19, item 3): the week list and area
editor's service, planning, the sync pull and the office report all ask the one stored
``AreaDivision`` and agree on a tricky division.

The office starts empty and gets its own areas (not the demo's), saved through the area
editor's service: a split town's postcode in one area while the next town is whole in another
(an address with that postcode but the other town's name belongs to the town), a town listed
whole in two areas on different weekdays, a namesake's postcode elsewhere in Germany with no
town named (no area), a retired area (takes nobody) and a town in no area at all.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from fieldkit.services import areas as area_service
from fieldkit.services import office_reports, planning
from fieldkit.services.office import UNRESTRICTED
from fieldkit.settings import Settings
from fieldkit.store.db import Database, open_database
from fieldkit.store.models import Area, Customer, Flag, Office, OutreachWorker
from fieldkit.sync.engine import select_pull, table
from tests.factories import add_flagged

WEEK = "2026-W49"
TALHEIM, FLEIN, BEILSTEIN, EPPINGEN = "08125094", "08125030", "08125008", "08125026"

#: Customer number → (postcode, town, the areas the rule gives, by name).
CUSTOMERS: dict[str, tuple[str, str, frozenset[str]]] = {
    "962D900001": ("74223", "Flein", frozenset({"Süd"})),  # the split town's postcode
    "962D900002": ("74223", "Talheim", frozenset({"Nord"})),  # same postcode, Talheim named
    "962D900003": ("74388", "Talheim", frozenset({"Nord"})),
    "962D900004": ("71543", "Beilstein", frozenset({"Ost", "West"})),  # in two areas
    "962D900005": ("56814", "", frozenset()),  # Beilstein an der Mosel's postcode: namesake
    "962D900006": ("75031", "Eppingen", frozenset()),  # only in the retired area
    "962D900007": ("74072", "Heilbronn", frozenset()),  # in no area
}
#: Area → (weekdays, worker); the members are set in ``_office``.
AREAS = {"Nord": ((1,), "AB Nord"), "Süd": ((2,), "AB Süd"), "Ost": ((3,), "AB Ost"),
         "West": ((5,), "AB West"), "Alt": ((4,), "AB Alt")}  # fmt: skip


@pytest.fixture
def office(tmp_path: Path) -> Any:
    db = open_database(str(tmp_path / "division.sqlite"))
    _office(db)
    yield db
    db.dispose()


def _office(db: Database) -> None:
    with db.session() as session:
        home = Office(name="Jobcenter Testkreis", lat=49.14, lon=9.22)
        workers = {name: OutreachWorker(name=name, office=home) for _, name in AREAS.values()}
        session.add_all([home, *workers.values()])
        session.flush()
        ids = {name: w.id for name, w in workers.items()}
    members: dict[str, tuple[tuple[str, str | None], ...]] = {
        "Nord": ((TALHEIM, None),),
        "Süd": ((FLEIN, "74223"),),
        "Ost": ((BEILSTEIN, None),),
        "West": ((BEILSTEIN, None),),
        "Alt": ((EPPINGEN, None),),
    }
    area_service.save_areas(
        db,
        [
            area_service.AreaEdit(name, days, ids[worker], members[name])
            for name, (days, worker) in AREAS.items()
        ],
    )
    for number, (_plz, town, _areas) in CUSTOMERS.items():
        add_flagged(db, number, "Muster", town, week=WEEK)
    with db.session() as session:
        session.scalars(select(Area).where(Area.name == "Alt")).one().active = False
        for customer in session.scalars(select(Customer)):
            assert customer.address is not None
            customer.address.plz = CUSTOMERS[customer.kundennummer][0]
            customer.address.lat, customer.address.lon = 49.1, 9.2


def _expected() -> dict[str, frozenset[str]]:
    return {number: names for number, (_plz, _town, names) in CUSTOMERS.items()}


def _numbers(db: Database) -> dict[Any, str]:
    with db.session() as session:
        rows = session.execute(select(Flag.id, Customer.kundennummer).join(Customer))
        return {row[0]: row[1] for row in rows}


def test_the_week_list_and_editor_service_follow_the_rule(office: Database) -> None:
    numbers = _numbers(office)
    with office.session() as session:
        found = area_service.area_sets_by_flag(session, WEEK)
        names = area_service.area_names_by_flag(session, WEEK)
    assert {numbers[f]: frozenset(a) for f, a in found.items()} == _expected()
    assert names[next(f for f, n in numbers.items() if n == "962D900004")] == "Ost / West"


def test_planning_puts_each_customer_in_the_same_areas(office: Database) -> None:
    with office.session() as session:
        inp = planning.build_week_input(session, WEEK, Settings())
        by_id = {str(a.id): a.name for a in session.scalars(select(Area))}
    got = {
        inp.info[c.id].kundennummer: frozenset(by_id[a] for a in (c.area, *c.other_areas) if a)
        for c in inp.problem.customers
    }
    assert got == _expected()
    no_area = {inp.info[key].kundennummer for key in inp.no_area}
    assert no_area == {n for n, names in _expected().items() if not names}
    # The retired area is no area to plan for.
    assert sorted(by_id[a.id] for a in inp.problem.areas) == ["Nord", "Ost", "Süd", "West"]


def test_the_sync_pull_gives_each_worker_the_customers_of_their_areas(office: Database) -> None:
    numbers = {str(f): n for f, n in _numbers(office).items()}
    workers = table("outreach_worker")
    with office.engine.connect() as conn:
        for area, (_days, name) in AREAS.items():
            row = conn.execute(select(workers).where(workers.c.name == name)).one()
            pulled = select_pull(conn, dict(row._mapping), [WEEK])
            got = {numbers[str(f["id"])] for f in pulled["flag"]}
            assert got == {n for n, names in _expected().items() if area in names}, area


def test_the_office_report_counts_unplanned_flags_in_the_same_areas(office: Database) -> None:
    with office.session() as session:
        rows = office_reports.report(session, UNRESTRICTED, WEEK, WEEK)
    got = Counter({row.area: row.flagged for row in rows})
    want = Counter(
        area_service.AREA_JOIN.join(sorted(names)) or office_reports.NO_AREA
        for names in _expected().values()
    )
    assert got == want
