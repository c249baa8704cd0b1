"""The area editor's service: load, validate, save in one go; each customer's area."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from fieldkit.services import areas as area_service
from fieldkit.services.areas import AreaEdit, AreaError
from fieldkit.services.office import UNRESTRICTED
from fieldkit.services.week import week_rows
from fieldkit.store.db import Database, open_database
from fieldkit.store.models import Area, OutreachWorker
from tests.test_geo_store import add_customer

WEEK = "2026-W49"
BAD_WIMPFEN = "08125007"
ABSTATT = "08125001"


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(str(tmp_path / "areas.sqlite"))
    yield database
    database.dispose()


def two_areas() -> list[AreaEdit]:
    return [
        AreaEdit("Nord", (1,), None, ((BAD_WIMPFEN, None),), "#336699"),
        AreaEdit("Süd", (2, 4), None, ((ABSTATT, None),)),
    ]


def test_municipalities_are_the_46_of_the_district_sorted() -> None:
    found = area_service.municipalities()
    assert len(found) == 46
    assert found[0] == (ABSTATT, "Abstatt")
    names = [n for _, n in found]
    assert names == sorted(names, key=lambda n: n.lower().replace("ü", "ue").replace("ö", "oe"))


def test_save_and_load_round_trip(db: Database) -> None:
    with db.session() as session:
        worker = OutreachWorker(name="AB Test")
        session.add(worker)
        session.flush()
        worker_id = worker.id
    edits = two_areas()
    edits[0] = dataclasses.replace(edits[0], worker_id=worker_id)
    area_service.save_areas(db, edits)
    with db.session() as session:
        assert area_service.load_area_edits(session) == sorted(edits, key=lambda a: a.name)
    # Saving again replaces: one area less, one member more.
    smaller = [dataclasses.replace(edits[0], members=((ABSTATT, None), (BAD_WIMPFEN, None)))]
    area_service.save_areas(db, smaller)
    with db.session() as session:
        assert area_service.load_area_edits(session) == smaller


@pytest.mark.parametrize(
    ("change", "words"),
    [
        # A town in two areas is an overlap only when they share a weekday (here Monday).
        (
            lambda a: [
                a[0],
                dataclasses.replace(a[1], weekdays=(1, 4), members=((BAD_WIMPFEN, None),)),
            ],
            "zwei",
        ),
        (lambda a: [a[0], dataclasses.replace(a[1], members=(("08125999", None),))], "unbekannt"),
        (lambda a: [a[0], dataclasses.replace(a[1], weekdays=())], "keinen Besuchstag"),
        (lambda a: [a[0], dataclasses.replace(a[1], name="  ")], "keinen Namen"),
        (lambda a: [a[0], dataclasses.replace(a[1], name="Nord")], "mehrfach"),
        (lambda a: [a[0], dataclasses.replace(a[1], weekdays=(8,))], "gibt es nicht"),
        (lambda a: [a[0], dataclasses.replace(a[1], members=((ABSTATT, "10115"),))], "nicht zu"),
    ],
)
def test_unsound_divisions_are_refused_and_nothing_saved(
    db: Database, change: object, words: str
) -> None:
    area_service.save_areas(db, two_areas())
    bad = change(two_areas())  # type: ignore[operator]
    with pytest.raises(AreaError) as err:
        area_service.save_areas(db, bad)
    assert any(words in p.text() for p in err.value.problems), err.value.problems
    with db.session() as session:
        assert area_service.load_area_edits(session) == sorted(two_areas(), key=lambda a: a.name)


def test_each_customer_gets_its_area_or_none(db: Database) -> None:
    area_service.save_areas(db, two_areas())
    add_customer(db, "100A000001", "Lindenweg", "3")  # Bad Wimpfen
    add_customer(db, "100A000002", "Schulstraße", "4", plz="74232", ort="Abstatt")
    add_customer(db, "100A000003", "Marktplatz", "1", plz="74348", ort="Lauffen am Neckar")
    with db.session() as session:
        by_flag = area_service.area_names_by_flag(session, WEEK)
        rows = {r.kundennummer: r for r in week_rows(session, WEEK, UNRESTRICTED)}
    assert sorted(by_flag.values(), key=str) == [None, "Nord", "Süd"]
    assert rows["100A000001"].area == "Nord"
    assert rows["100A000002"].area == "Süd"
    assert rows["100A000003"].area == ""
    assert rows["100A000003"].to_json()["area"] == ""


def test_split_town_by_postcode(db: Database) -> None:
    # Bad Rappenau split: one postcode to "Nord", the rest of the town to "Süd".
    from fieldkit.services.geocoding import gazetteer

    rappenau = next(m for m in gazetteer().municipalities if m.name == "Bad Rappenau")
    codes = sorted(gazetteer().postcodes_of(rappenau))
    edits = [
        AreaEdit("Nord", (1,), None, ((rappenau.ags, codes[0]),)),
        AreaEdit("Süd", (2,), None, ((ABSTATT, None),)),
    ]
    area_service.save_areas(db, edits)
    add_customer(db, "100A000001", "Lindenweg", "3", plz=codes[0], ort="Bad Rappenau")
    with db.session() as session:
        assert set(area_service.area_names_by_flag(session, WEEK).values()) == {"Nord"}
        assert session.scalars(select(Area.name).order_by(Area.name)).all() == ["Nord", "Süd"]


def test_load_and_assign_areas_for_the_other_parts(db: Database) -> None:
    area_service.save_areas(db, two_areas())
    add_customer(db, "100A000001", "Lindenweg", "3")  # Bad Wimpfen
    add_customer(db, "100A000003", "Marktplatz", "1", plz="74348", ort="Lauffen am Neckar")
    with db.session() as session:
        areas = area_service.load_areas(session)
        assigned = area_service.assign_areas(session, WEEK)
    assert [a.name for a in areas] == ["Nord", "Süd"]
    assert areas[1].weekdays == (2, 4)
    names = sorted((a.name if a else "-") for a in assigned.values())
    assert names == ["-", "Nord"]  # Lauffen lies in no area
