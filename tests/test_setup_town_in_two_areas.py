"""A municipality listed whole in two areas (office-setup contract: a problem only "on the
same weekday without postcodes to split it").

On different weekdays its customers belong to both areas and may be visited on any weekday
of either (the planner allows the union of the days); on a shared weekday ``setup apply``
refuses the file with the line of the second listing.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import select

from fieldkit.cli import main
from fieldkit.geo.areas import Area, AreaDivision, areas_of_address, validate_areas
from fieldkit.geo.gazetteer import Gazetteer
from fieldkit.geo.normalize import Address
from fieldkit.geo.setup_areas import parse_setup
from fieldkit.routing.planner import WeekModel
from fieldkit.services import flaglist, geocoding, week
from fieldkit.services.office import UNRESTRICTED
from fieldkit.services.planning import build_week_input
from fieldkit.services.setup import apply_setup, is_empty_office
from fieldkit.settings import Settings
from fieldkit.store.db import Database, open_database
from fieldkit.store.models import Area as StoredArea
from fieldkit.sync.engine import select_pull, table
from tests.conftest import SPEC_DATA

SETUP = Path(__file__).resolve().parent / "data" / "setup-office.toml"
FLAGS = SPEC_DATA / "sample-week.csv"
WEEK = "2026-W49"
NORD, WEST = "Nord – Neckartal", "West – Kraichgau, Leintal und Zabergäu"
#: Eppingen (West, Fridays, Ben Doğan) listed whole in Nord (Mondays, Anna Berger) too.
EPPINGEN_TWICE = ('"Oedheim",', '"Oedheim", "Eppingen",')


def _file(tmp_path: Path, *replacements: tuple[str, str]) -> Path:
    text = SETUP.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text
        text = text.replace(old, new, 1)
    path = tmp_path / "setup.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_rule_gives_both_areas_and_the_check_only_minds_a_shared_weekday() -> None:
    gaz = Gazetteer.shipped()
    flein = gaz.municipality("Flein")
    assert flein is not None
    monday = Area("A", frozenset({flein.ags}), weekdays=(1,))
    friday = Area("B", frozenset({flein.ags}), weekdays=(5,))
    assert validate_areas([monday, friday], gaz) == []
    division = AreaDivision([monday, friday], gaz)
    address = Address("Weg", "1", "74223", "Flein")
    assert [a.name for a in division.areas_of(address)] == ["A", "B"]
    assert division.assign(address) == monday
    assert areas_of_address(Address("Weg", "1", "74072", "Heilbronn"), [monday], gaz) == ()
    both = Area("B", frozenset({flein.ags}), weekdays=(5, 1))
    found = validate_areas([monday, both], gaz)
    assert [p.text("en") for p in found] == ["The municipality Flein is in two areas: “A” and “B”."]


def test_apply_accepts_a_town_in_two_areas_on_different_weekdays(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    url = str(tmp_path / "office.sqlite")
    path = _file(tmp_path, EPPINGEN_TWICE)
    code, _out, err = _run(capsys, "setup", "apply", str(path), "--db", url)
    assert code == 0, err
    assert _run(capsys, "setup", "apply", str(path), "--db", url)[1].startswith("Nothing changed")
    assert _run(capsys, "import", str(FLAGS), "--db", url)[0] == 0
    db = open_database(url)
    try:
        with db.session() as session:
            rows = {r.kundennummer: r.area for r in week.week_rows(session, WEEK, UNRESTRICTED)}
            stored = {a.name: a for a in session.scalars(select(StoredArea))}
            nord_towns = {m.ags for m in stored[NORD].members}
            assert nord_towns & {m.ags for m in stored[WEST].members}
        # The week list names both areas of an Eppingen customer.
        assert rows["962D100003"] == f"{NORD} / {WEST}"
        assert rows["962D100001"] == NORD
    finally:
        db.dispose()


def test_apply_refuses_a_town_in_two_areas_on_the_same_weekday(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    url = str(tmp_path / "office.sqlite")
    path = _file(
        tmp_path,
        EPPINGEN_TWICE,
        ('weekdays = ["Fr"]', 'weekdays = ["Mo", "Fr"]'),
    )
    code, _out, err = _run(capsys, "setup", "apply", str(path), "--db", url)
    assert code == 1
    lines = path.read_text(encoding="utf-8").split("\n")
    # The second listing (West's municipalities) is the one named.
    line = next(i for i, text in enumerate(lines, 1) if '"Brackenheim", "Cleebronn"' in text)
    assert f"{path}:{line}: " in err
    assert "Eppingen is in two areas" in err
    assert "Traceback" not in err
    db = open_database(url)
    try:
        assert is_empty_office(db)
    finally:
        db.dispose()


def test_the_planner_may_visit_it_on_a_day_of_either_area(tmp_path: Path) -> None:
    db = open_database(str(tmp_path / "week.sqlite"))
    setup = parse_setup(_file(tmp_path, EPPINGEN_TWICE).read_bytes())
    apply_setup(db, setup, identity=UNRESTRICTED)
    settings = Settings.load()
    flaglist.import_report(
        db,
        flaglist.check(FLAGS, settings, identity=UNRESTRICTED),
        source=FLAGS.name,
        identity=UNRESTRICTED,
    )
    geocoding.geocode_week(db, WEEK, settings, identity=UNRESTRICTED)
    with db.session() as session:
        inp = build_week_input(session, WEEK, settings)
    names = {str(a.id): a.name for a in _stored_areas(db)}
    key = next(k for k, i in inp.info.items() if i.kundennummer == "962D100003")
    customer = next(c for c in inp.problem.customers if c.id == key)
    assert {names[a] for a in (customer.area, *customer.other_areas)} == {NORD, WEST}
    model = WeekModel(inp.problem, inp.routing)
    allowed = model.problem.stops[model.index[key]].allowed_vehicles
    assert allowed is not None
    days = {(inp.worker_names[model.keys[v][0]], model.keys[v][1].isoweekday()) for v in allowed}
    # Anna on Monday (Nord) and Ben on Friday (West): the union of both areas' days.
    assert days == {("Anna Berger", 1), ("Ben Doğan", 5)}
    # Both workers' laptops take the customer along at the pull.
    workers = table("outreach_worker")
    with db.engine.connect() as conn:
        for worker in ("Anna Berger", "Ben Doğan"):
            row = conn.execute(select(workers).where(workers.c.name == worker)).one()
            pulled = select_pull(conn, dict(row._mapping), [WEEK])
            assert key in {str(f["id"]) for f in pulled["flag"]}, worker
    db.dispose()


def _stored_areas(db: Database) -> list[StoredArea]:
    with db.session() as session:
        return list(session.scalars(select(StoredArea)))


def test_plan_json_puts_it_on_one_of_those_days(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = ["--db", str(tmp_path / "office.sqlite")]
    assert _run(capsys, "setup", "apply", str(_file(tmp_path, EPPINGEN_TWICE)), *db)[0] == 0
    assert _run(capsys, "import", str(FLAGS), *db)[0] == 0
    assert _run(capsys, "geocode", "--week", WEEK, *db)[0] == 0
    code, out, err = _run(capsys, "plan", "--week", WEEK, "--steps", "300", "--json", *db)
    assert code == 0, err
    plan = json.loads(out)
    assert plan["planned"] == 3
    (route,) = [r for r in plan["routes"] if "962D100003" in {s["customer"] for s in r["stops"]}]
    day = dt.date.fromisoformat(route["date"]).isoweekday()
    assert (route["worker"], day) in {("Anna Berger", 1), ("Ben Doğan", 5)}
