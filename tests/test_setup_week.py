"""The whole week of a real office without the demo (issue 13, point 6).

From a setup file (tests/data/setup-office.toml) and the sample flag list (the shared
contract's sample, visit week 2026-W49) on a fresh database: setup apply, import, geocode,
plan, print invitations|packages|routes|batch to PDF, and the laptop's sync file.
"""

from __future__ import annotations

import json
from pathlib import Path

import pypdf
import pytest
from sqlalchemy import select

from fieldkit.cli import main
from fieldkit.domain.permissions import ANYONE
from fieldkit.geo.notes import NoteCode
from fieldkit.geo.setup_areas import parse_setup
from fieldkit.routing.planner import WeekModel
from fieldkit.services import flaglist, geocoding
from fieldkit.services.office import UNRESTRICTED
from fieldkit.services.planning import build_week_input, plan_and_store
from fieldkit.services.setup import apply_setup
from fieldkit.settings import Settings
from fieldkit.store.db import Database, open_database
from fieldkit.store.models import Area, Office, OutreachWorker
from fieldkit.store.models_setup import WorkerArea
from tests.conftest import SPEC_DATA

SETUP = Path(__file__).resolve().parent / "data" / "setup-office.toml"
FLAGS = SPEC_DATA / "sample-week.csv"
WEEK = "2026-W49"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)


@pytest.mark.slow
def test_the_whole_week_without_the_demo(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = ["--db", str(tmp_path / "office.sqlite")]
    # Without a setup the week stops where issue 13 found it.
    assert run(capsys, "import", str(FLAGS), *db)[0] == 0
    code, _, err = run(capsys, "print", "invitations", "--week", WEEK, "-o", "x.pdf", *db)
    assert code == 1
    assert "office" in err.lower()

    code, out, _ = run(capsys, "setup", "apply", str(SETUP), *db)
    assert code == 0, out
    # RFB letters print only under a rule set the office has verified (issue 16).
    code, out, _ = run(capsys, "rules", "list", "--json", *db)
    assert code == 0, out
    for rule_set in json.loads(out):
        code, out, err = run(
            capsys, "rules", "verify", rule_set["name"], "--by", "Frau Keller", *db
        )
        assert code == 0, err
    code, out, err = run(capsys, "geocode", "--week", WEEK, *db)
    assert code == 0, err
    code, out, err = run(capsys, "plan", "--week", WEEK, "--steps", "300", "--json", *db)
    assert code == 0, err
    plan = json.loads(out)
    assert plan["planned"] == 3
    assert {r["worker"] for r in plan["routes"] if r["stops"]} == {"Anna Berger", "Ben Doğan"}
    ben = next(r for r in plan["routes"] if r["worker"] == "Ben Doğan" and r["stops"])
    assert ben["start"] == "07:30"  # his own hours, not the settings' 08:00

    printed = {}
    for what in ("invitations", "packages", "routes", "batch"):
        pdf = tmp_path / f"{what}.pdf"
        code, out, err = run(capsys, "print", what, "--week", WEEK, "-o", str(pdf), *db)
        assert code == 0, err
        assert "Traceback" not in err
        printed[what] = pdf_text(pdf)
        if what in ("invitations", "batch"):
            # 962D100003's termin_ort "Jobcenter Eppingen" names no branch.
            assert "WARNING 962D100003" in err
    letters = printed["invitations"]
    assert "Jobcenter Landkreis Heilbronn · Musterweg 3 · 74072 Heilbronn" in letters
    assert "Jobcenter Neckarsulm, Raum 2.14\nBeispielstraße 12\n74172 Neckarsulm" in letters
    assert "07132 000-521" in letters  # Frau Keller's own phone
    eppingen = letters.split("Jobcenter Eppingen", 1)[1][:80]
    assert "Musterweg" not in eppingen
    assert "74072" not in eppingen
    assert "Musterstraße" not in letters  # nothing of the demo office
    assert "Anna Berger" in printed["routes"]
    assert "Ben Doğan" in printed["routes"]
    assert "962D100001" in printed["packages"]
    assert "962D100002" in printed["batch"]

    # A database never connected to a central one has no keys to seal a push file with
    # (issue 15): one sentence saying how to enrol, and no file.
    push = tmp_path / "push.json"
    code, out, err = run(capsys, "sync", "--export", str(push), *db)
    assert code == 1
    assert "not enrolled" in err
    assert "Traceback" not in err
    assert not push.exists()


@pytest.fixture
def week_db(tmp_path: Path) -> Database:
    db = open_database(str(tmp_path / "week.sqlite"))
    apply_setup(db, parse_setup(SETUP.read_bytes()), identity=UNRESTRICTED)
    settings = Settings.load()
    flaglist.import_report(
        db,
        flaglist.check(FLAGS, settings, identity=UNRESTRICTED),
        source=FLAGS.name,
        identity=UNRESTRICTED,
    )
    geocoding.geocode_week(db, WEEK, settings, identity=UNRESTRICTED)
    return db


def test_each_worker_starts_at_their_own_address_within_their_hours(week_db: Database) -> None:
    settings = Settings.load()
    with week_db.session() as session:
        inp = build_week_input(session, WEEK, settings)
        workers = {w.name: w for w in session.scalars(select(OutreachWorker))}
        office = session.scalars(select(Office)).one()
    model = WeekModel(inp.problem, inp.routing)
    by_worker = {}
    for (worker_id, _day), vehicle in zip(model.keys, model.problem.vehicles, strict=True):
        by_worker[inp.worker_names[worker_id]] = vehicle
    anna, ben = by_worker["Anna Berger"], by_worker["Ben Doğan"]
    assert (anna.shift_start, anna.shift_end) == (8 * 3600, 16 * 3600)
    assert (ben.shift_start, ben.shift_end) == (7 * 3600 + 1800, 15 * 3600 + 1800)
    assert anna.break_ is not None
    assert anna.break_.duration == 30 * 60
    assert ben.break_ is not None  # no break of his own: the settings' default
    assert ben.break_.duration == inp.routing.break_minutes * 60
    ben_row = workers["Ben Doğan"]
    assert inp.points[ben.start] == (ben_row.start_lat, ben_row.start_lon)
    assert inp.points[ben.start] != (office.lat, office.lon)
    assert inp.notes == ()
    week_db.dispose()


def test_an_unplaceable_start_address_falls_back_to_the_office_with_a_note(
    week_db: Database,
) -> None:
    setup = parse_setup(SETUP.read_bytes())
    setup.outreach_workers[1].start_address = "beim Bäcker um die Ecke"
    setup.outreach_workers[1].break_minutes = 0
    apply_setup(week_db, setup, identity=UNRESTRICTED)
    with week_db.session() as session:
        inp = build_week_input(session, WEEK, Settings.load())
        office = session.scalars(select(Office)).one()
    model = WeekModel(inp.problem, inp.routing)
    ben_id = next(k for k, name in inp.worker_names.items() if name == "Ben Doğan")
    vehicle = model.problem.vehicles[next(i for i, k in enumerate(model.keys) if k[0] == ben_id)]
    assert inp.points[vehicle.start] == (office.lat, office.lon)
    assert vehicle.break_ is None
    (note,) = inp.notes
    assert note.code is NoteCode.START_AT_OFFICE
    assert "Ben Doğan" in note.text("de")
    week_db.dispose()


def test_a_retired_worker_gets_no_route(week_db: Database) -> None:
    setup = parse_setup(SETUP.read_bytes())
    ben = setup.outreach_workers.pop()
    setup.outreach_workers[0].areas += ben.areas
    apply_setup(week_db, setup, identity=UNRESTRICTED)
    with week_db.session() as session:
        inp = build_week_input(session, WEEK, Settings.load())
    assert set(inp.worker_names.values()) == {"Anna Berger"}
    week_db.dispose()


def test_a_worker_sharing_an_area_gets_its_customers_on_the_laptop(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from fieldkit.store.models import Customer
    from fieldkit.sync import service
    from tests.test_sync_helpers import create_database, drop_database

    url = create_database()
    central = open_database(url)
    laptop = open_database(str(tmp_path / "ben.sqlite"))
    try:
        setup = parse_setup(SETUP.read_bytes())
        # Anna covers everything first; Ben shares the West (Eppingen, Brackenheim).
        setup.outreach_workers[0].areas = [a.name for a in setup.areas]
        apply_setup(central, setup, identity=UNRESTRICTED)
        settings = Settings.load()
        flaglist.import_report(
            central,
            flaglist.check(FLAGS, settings, identity=UNRESTRICTED),
            source=FLAGS.name,
            identity=UNRESTRICTED,
        )
        geocoding.geocode_week(central, WEEK, settings, identity=UNRESTRICTED)
        now = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)  # Tuesday of 2026-W49
        report = service.sync_network(laptop, url, worker="Ben Doğan", now=now, identity=ANYONE)
        assert (report.conflicts, report.rejected) == (0, 0), report.text()
        with laptop.session() as session:
            numbers = set(session.scalars(select(Customer.kundennummer)))
            # The shared area arrived (it names Anna first, whose row stays central) with
            # its municipalities and Ben's share of it, so his laptop plans it.
            west = session.scalars(select(Area).where(Area.name.startswith("West"))).one()
            assert west.worker_id is None
            assert west.members
            ben = session.scalars(select(OutreachWorker)).one()
            links = session.scalars(select(WorkerArea).where(WorkerArea.worker_id == ben.id))
            assert west.id in {link.area_id for link in links}
        assert "962D100003" in numbers  # Eppingen: West, shared with Anna
        assert "962D100001" not in numbers  # Neckarsulm: Nord, Anna's alone
        placed = plan_and_store(
            laptop, WEEK, settings, time_limit=1.0, solution_limit=50, identity=UNRESTRICTED
        )
        planned = {s.kundennummer for r in placed.routes for s in r.stops}
        assert "962D100003" in planned, placed
    finally:
        laptop.dispose()
        central.dispose()
        drop_database(url)
