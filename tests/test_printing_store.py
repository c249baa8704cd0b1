"""Printing from the store: selection, order, RFB rule, amounts, atomic files, the CLI."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pypdf
import pytest

from fieldkit.cli import main
from fieldkit.domain.settings import RulesSettings
from fieldkit.printing.layout import Cancelled
from fieldkit.services import printing as sp
from fieldkit.services.office import UNRESTRICTED
from fieldkit.store.db import Database, open_database
from fieldkit.store.models import (
    Customer,
    Flag,
    Invitation,
    Office,
    OutreachWorker,
    Route,
    RoutePlan,
    RouteStop,
)
from tests.factories import add_flagged, verify_rule_sets
from tests.test_printing_letters import HOSTILE_NAMES, chunks, page_texts, squeeze

WEEK = "2026-W49"
TUESDAY = date(2026, 12, 1)
WEDNESDAY = date(2026, 12, 2)


def _office(db: Database) -> None:
    with db.session() as s:
        office = Office(
            name="Jobcenter Landkreis Heilbronn",
            street="Musterstraße 1",
            postcode="74072",
            city="Heilbronn",
            phone="07131 000-0",
            opening_hours="Mo–Fr 8:00–12:00\nDo 14:00–17:30",
            lat=49.1427,
            lon=9.2109,
        )
        s.add_all([office, OutreachWorker(name="Anna Berger", office=office)])
        s.add(OutreachWorker(name="Murat Demir", office=office))


def _plan(db: Database, stops: dict[tuple[date, str], list[str]]) -> None:
    """A stored plan: (day, worker) → customer numbers in visiting order."""
    with db.session() as s:
        plan = RoutePlan(visit_week=WEEK, planned_at=datetime(2026, 11, 27, 9, tzinfo=UTC))
        workers = {w.name: w for w in s.query(OutreachWorker)}
        flags = {f.customer.kundennummer: f for f in s.query(Flag)}
        for (day, worker), numbers in stops.items():
            route = Route(day=day, worker=workers[worker], start_seconds=8 * 3600 + 1800)
            route.end_seconds = 15 * 3600
            route.stops = [
                RouteStop(flag=flags[n], seq=i, arrival_seconds=9 * 3600 + 1800 * i)
                for i, n in enumerate(numbers)
            ]
            plan.routes.append(route)
        s.add(plan)


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(str(tmp_path / "print.sqlite"))
    _office(database)
    for number, name, town in (
        ("962D000004", "Zander", "Neckarsulm"),
        ("962D000001", "Albers", "Eppingen"),
        ("962D000003", "Maier", "Weinsberg"),
        ("962D000002", "Öztürk", "Flein"),
    ):
        add_flagged(database, number, name, town)
    with database.session() as s:
        c = s.query(Customer).filter_by(kundennummer="962D000002").one()
        assert c.address is not None
        c.address.adresszusatz = "bei Familie Groß, Hinterhaus"
        c.flags[0].open_cooperation = ["Kontoauszüge", "Mietbescheinigung"]
        c.address.lat, c.address.lon = 49.10, 9.24
    verify_rule_sets(database)
    yield database
    database.dispose()


def test_without_plan_the_week_prints_in_customer_number_order(db: Database):
    sel = sp.load_week_print(db, WEEK, today=date(2026, 11, 30), identity=UNRESTRICTED)
    assert not sel.planned
    numbers = [x.customer.kundennummer for x in sel.letters]
    assert numbers == sorted(numbers)
    assert len(numbers) == 4
    assert "customer-number order" in sel.order_note("en")
    assert "Kundennummer" in sel.order_note("de")


def test_store_values_reach_the_letter(db: Database):
    sel = sp.load_week_print(db, WEEK, today=date(2026, 11, 30), identity=UNRESTRICTED)
    letter = next(x for x in sel.letters if x.customer.kundennummer == "962D000002")
    assert letter.customer.adresszusatz == "bei Familie Groß, Hinterhaus"
    assert letter.customer.address_lines[1] == "bei Familie Groß, Hinterhaus"
    assert [m.subject for m in letter.customer.open_mitwirkungsschreiben] == [
        "Kontoauszüge",
        "Mietbescheinigung",
    ]
    assert letter.caseworker.name == "Frau Keller"
    assert letter.caseworker.team == "Team 521"
    assert letter.caseworker.phone == "07131 000-0"  # office phone when the HB has none
    # 08:00 UTC is 09:00 in Heilbronn in December.
    assert letter.appointment.start == datetime(2026, 12, 10, 9, 0)
    assert "Raum 1.05" in letter.appointment.place
    assert "74072 Heilbronn" in letter.appointment.place  # a room alone is no address
    assert letter.office.return_address.startswith("Jobcenter Landkreis Heilbronn · ")
    assert letter.office.opening_hours == ("Mo–Fr 8:00–12:00", "Do 14:00–17:30")
    assert letter.with_rfb  # second invitation with RFB missed
    # 10.12.2026 lies under the (verified) draft reform: no earlier Meldeversäumnis, so the
    # first one costs nothing yet; the letter says so.
    assert letter.law is not None
    assert letter.law.rule_set == "grundsicherung-2026-entwurf"
    assert letter.reduction_eur == Decimal("0.00")
    assert letter.reduction_percent == Decimal("0")
    assert letter.letter_date == date(2026, 11, 30)


def test_reduction_follows_legal_overrides():
    rules = RulesSettings(legal_overrides=("standard_rate_eur@2026-12-01=570.00",))
    assert sp.reduction_on(date(2026, 11, 30), rules) == (Decimal("10"), Decimal("56.30"))
    assert sp.reduction_on(date(2026, 12, 10), rules) == (Decimal("10"), Decimal("57.00"))


@pytest.mark.parametrize(
    ("prior", "kind", "lza", "birth", "expected"),
    [
        ([], "in_person", False, date(1980, 1, 1), False),  # first invitation: no RFB
        ([], "in_person", True, date(2004, 1, 1), True),  # LZA U25: first one with RFB
        ([], "in_person", True, date(1980, 1, 1), False),  # LZA but Ü25
        ([sp.PriorInvitation(date(2026, 5, 1), False)], "in_person", False, None, True),
        ([sp.PriorInvitation(date(2026, 5, 1), None)], "in_person", False, None, True),
        ([sp.PriorInvitation(date(2026, 5, 1), True)], "in_person", False, None, False),
        (
            [
                sp.PriorInvitation(date(2026, 5, 20), True),
                sp.PriorInvitation(date(2026, 5, 1), False),
            ],
            "in_person",
            False,
            None,
            False,  # the latest one counts: the customer came again
        ),
        ([sp.PriorInvitation(date(2026, 5, 1), False)], "phone", False, None, False),
        ([sp.PriorInvitation(date(2026, 5, 1), False)], "video", False, None, False),
    ],
)
def test_rfb_rule(prior, kind, lza, birth, expected):
    # An appointment in June 2026: the Heilbronn concept and SGB II before the reform.
    got = sp.invitation_needs_rfb(
        prior,
        date(2026, 6, 10),
        kind,
        langzeitarbeitslos=lza,
        geburtsdatum=birth,
        rules=RulesSettings(),
    )
    assert got is expected


def test_rfb_rule_follows_the_kind_not_the_place_text_and_the_reform():
    day = date(2026, 12, 10)
    rules = RulesSettings()
    missed = [sp.PriorInvitation(date(2026, 10, 1), False)]
    assert sp.invitation_needs_rfb(missed, day, "in_person", langzeitarbeitslos=False,
                                   geburtsdatum=None, rules=rules)  # fmt: skip
    # The draft reform rule set in force from July 2026: the first invitation carries one too.
    assert sp.invitation_needs_rfb([], day, "in_person", langzeitarbeitslos=False,
                                   geburtsdatum=date(1980, 1, 1), rules=rules)  # fmt: skip
    assert not sp.invitation_needs_rfb([], day, "phone", langzeitarbeitslos=False,
                                       geburtsdatum=date(1980, 1, 1), rules=rules)  # fmt: skip


def test_first_invitation_prints_without_rfb(db: Database):
    with db.session() as s:
        flag = s.query(Customer).filter_by(kundennummer="962D000003").one().flags[0]
        flag.invitations = [Invitation(seq=1, date=date(2026, 10, 1), attended=True)]
    sel = sp.load_week_print(db, WEEK, identity=UNRESTRICTED)
    buf = io.BytesIO()
    result = sp.render(sel, "invitations", buf, identity=UNRESTRICTED)
    texts = page_texts(buf.getvalue())
    item = next(i for i in result.items if i.kundennummer == "962D000003")
    assert item.with_rfb is False
    pages = texts[item.first_page - 1 : item.last_page]
    assert not any("Rechtsfolgenbelehrung" in p for p in pages)
    other = next(i for i in result.items if i.kundennummer == "962D000001")
    assert any("Rechtsfolgenbelehrung" in p for p in texts[other.first_page - 1 : other.last_page])
    assert "without RFB" in result.summary("en")
    assert "ohne RFB" in result.summary("de")


def test_plan_gives_route_order_day_and_worker(db: Database):
    _plan(
        db,
        {
            (WEDNESDAY, "Anna Berger"): ["962D000001"],
            (TUESDAY, "Murat Demir"): ["962D000004", "962D000002"],
            (TUESDAY, "Anna Berger"): ["962D000003"],
        },
    )
    sel = sp.load_week_print(db, WEEK, identity=UNRESTRICTED)
    assert sel.planned
    order = [x.customer.kundennummer for x in sel.letters]
    assert order == ["962D000003", "962D000004", "962D000002", "962D000001"]
    tue = sp.load_week_print(db, WEEK, day=TUESDAY, worker="Murat Demir", identity=UNRESTRICTED)
    assert [x.customer.kundennummer for x in tue.letters] == ["962D000004", "962D000002"]
    (route,) = tue.routes
    assert route.worker == "Murat Demir"
    assert route.day == TUESDAY
    assert [s.arrival for s in route.stops] == [
        datetime(2026, 12, 1, 9, 0),
        datetime(2026, 12, 1, 9, 30),
    ]
    assert route.stops[0].location is None
    assert route.stops[1].location is not None
    assert route.departure == datetime(2026, 12, 1, 8, 30)
    assert sp.route_days(db, WEEK)[0] == (TUESDAY, "Anna Berger")
    with pytest.raises(sp.PrintingError, match="No route is planned"):
        sp.load_week_print(db, WEEK, day=date(2026, 12, 4), identity=UNRESTRICTED)


def test_a_weeks_route_sheets_leave_out_the_days_without_stops(db: Database):
    # A worker-day the plan left empty is no sheet in the week's print (a "no stops" page and
    # its blank back for every free day); asked for by its day it still prints.
    _plan(
        db,
        {
            (TUESDAY, "Anna Berger"): ["962D000003"],
            (WEDNESDAY, "Anna Berger"): [],
            (WEDNESDAY, "Murat Demir"): [],
        },
    )
    week = sp.load_week_print(db, WEEK, identity=UNRESTRICTED)
    assert [(r.day, r.worker) for r in week.routes] == [(TUESDAY, "Anna Berger")]
    anna = sp.load_week_print(db, WEEK, worker="Anna Berger", identity=UNRESTRICTED)
    assert [(r.day, r.worker) for r in anna.routes] == [(TUESDAY, "Anna Berger")]
    with pytest.raises(sp.PrintingError, match="No route is planned"):
        sp.load_week_print(db, WEEK, worker="Murat Demir", identity=UNRESTRICTED)
    wednesday = sp.load_week_print(db, WEEK, day=WEDNESDAY, identity=UNRESTRICTED)
    assert [(r.worker, r.stops) for r in wednesday.routes] == [
        ("Anna Berger", ()),
        ("Murat Demir", ()),
    ]


def test_blocked_and_incomplete_customers_are_listed_as_skipped(db: Database):
    add_flagged(db, "962D000009", "Gesperrt", "Ilsfeld", status="blocked")
    with db.session() as s:
        c = s.query(Customer).filter_by(kundennummer="962D000004").one()
        c.flags[0].appointment_at = None
    sel = sp.load_week_print(db, WEEK, identity=UNRESTRICTED)
    reasons = {x.kundennummer: x.reason for x in sel.skipped}
    assert reasons == {"962D000009": "blocked", "962D000004": "no_appointment"}
    assert "kein Termin" in sel.skipped[-1].text("de") or "kein Termin" in sel.skipped[0].text("de")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-12-01", TUESDAY),
        ("2", TUESDAY),
        ("Dienstag", TUESDAY),
        ("tuesday", TUESDAY),
        ("Di.", TUESDAY),
        ("mittwoch", WEDNESDAY),
    ],
)
def test_parse_day(text, expected):
    assert sp.parse_day(text, WEEK) == expected


@pytest.mark.parametrize("text", ["2026-12-09", "8", "someday", "0", ""])
def test_parse_day_refuses(text):
    with pytest.raises(sp.PrintingError) as exc:
        sp.parse_day(text, WEEK)
    assert "is not a day of week 2026-W49" in exc.value.message("en")
    assert "ist kein Tag der Woche" in exc.value.message("de")


def test_errors_are_one_sentence(db: Database):
    with pytest.raises(sp.PrintingError, match="Week 2026-W50 has no flagged customers"):
        sp.load_week_print(db, "2026-W50", identity=UNRESTRICTED)
    with pytest.raises(sp.PrintingError, match="no stored route plan; plan the week"):
        sp.load_week_print(db, WEEK, need_routes=True, identity=UNRESTRICTED)
    with pytest.raises(sp.PrintingError, match="leave out the day"):
        sp.load_week_print(db, WEEK, day=TUESDAY, identity=UNRESTRICTED)


def test_no_office_is_explained(tmp_path: Path):
    database = open_database(str(tmp_path / "bare.sqlite"))
    add_flagged(database, "962D000001", "Albers", "Eppingen")
    with pytest.raises(sp.PrintingError, match="No office"):
        sp.load_week_print(database, WEEK, identity=UNRESTRICTED)
    database.dispose()


def test_cancelled_render_leaves_no_file_and_keeps_the_old_one(db: Database, tmp_path: Path):
    sel = sp.load_week_print(db, WEEK, identity=UNRESTRICTED)
    target = tmp_path / "out.pdf"
    target.write_bytes(b"old")
    calls = iter([False, True])
    with pytest.raises(Cancelled):
        sp.render(sel, "batch", target, cancelled=lambda: next(calls), identity=UNRESTRICTED)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".print-")] == []


def test_batch_is_duplex_ready_with_customer_number_on_every_page(db: Database, tmp_path: Path):
    sel = sp.load_week_print(db, WEEK, identity=UNRESTRICTED)
    target = tmp_path / "batch.pdf"
    result = sp.render(sel, "batch", target, identity=UNRESTRICTED)
    texts = page_texts(target.read_bytes())
    assert len(texts) == result.page_count
    assert result.page_count % 2 == 0
    for item in result.items:
        assert (item.first_page - 1) % 2 == 0  # every customer starts on a front page
        for page in texts[item.first_page - 1 : item.last_page]:
            assert item.kundennummer in page
    assert result.summary("en").startswith(f"{result.page_count} pages")


def test_hostile_names_from_the_store_print_inside_the_window(db: Database):
    with db.session() as s:
        for number, name in zip(("962D000001", "962D000003"), HOSTILE_NAMES[:2], strict=True):
            c = s.query(Customer).filter_by(kundennummer=number).one()
            c.vorname, c.nachname = "", name
            assert c.address is not None
            c.address.strasse = "Graf-Eberhard-von-Württemberg-Straße"
            c.address.hausnummer = "123/1"
            c.address.adresszusatz = "c/o Verein für Wohnungslosenhilfe Heilbronn-Franken e. V."
    sel = sp.load_week_print(db, WEEK, identity=UNRESTRICTED)
    buf = io.BytesIO()
    result = sp.render(sel, "invitations", buf, identity=UNRESTRICTED)
    pages = chunks(buf.getvalue())
    for item in result.items:
        window = [c for c in pages[item.first_page - 1] if 40 < c.top < 95 and c.left < 110]
        for chunk in window:
            assert chunk.left >= 20, chunk
            assert chunk.right <= 105, chunk
            assert chunk.top <= 90, chunk
    text = squeeze(" ".join(page_texts(buf.getvalue())))
    assert squeeze("Tom & Jerry <b>Fett</b>") in text


# --------------------------------------------------------------------------- CLI


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_prints_invitations_with_manifest(tmp_path: Path, capsys):
    out_file = tmp_path / "inv.pdf"
    code, out, err = run(capsys, "print", "invitations", "--week", WEEK, "-o", str(out_file))
    assert code == 0, err
    reader = pypdf.PdfReader(str(out_file))
    assert "pages" in out
    assert "962D000001" in out
    assert "customer-number order" in out
    assert out.splitlines()[0].startswith(f"{len(reader.pages)} pages")


@pytest.fixture(autouse=True)
def _db_env(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FIELDKIT_DB", str(db.engine.url))


def test_cli_routes_and_day(db: Database, tmp_path: Path, capsys):
    out_file = tmp_path / "routes.pdf"
    code, _, err = run(capsys, "print", "routes", "--week", WEEK, "-o", str(out_file))
    assert code == 1
    assert "no stored route plan" in err
    assert not out_file.exists()
    _plan(db, {(TUESDAY, "Anna Berger"): ["962D000002", "962D000001"]})
    code, out, err = run(
        capsys, "print", "routes", "--week", WEEK, "--day", "Dienstag", "-o", str(out_file)
    )
    assert code == 0, err
    assert "1 route sheets" in out
    assert "01.12.2026 Anna Berger" in out
    text = " ".join(page_texts(out_file.read_bytes()))
    assert "Tourenblatt" in text
    assert "962D000002" in text
    assert "Hinterhaus" in text
    code, out, err = run(
        capsys, "print", "packages", "--week", WEEK, "--day", "2026-12-01", "-o", str(out_file)
    )
    assert code == 0, err
    assert "package" in out
    assert "962D000004" not in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--week", "2026-W50"], "Week 2026-W50 has no flagged customers."),
        (["--week", "W49"], "is not an ISO week"),
        (["--week", WEEK, "--day", "Funday"], "'Funday' is not a day of week 2026-W49"),
        (["--week", WEEK, "--day", "2"], "no stored route plan, so its customers have no days"),
    ],
)
def test_cli_errors(tmp_path: Path, capsys, args, message):
    code, _, err = run(capsys, "print", "invitations", *args, "-o", str(tmp_path / "x.pdf"))
    assert code == 1
    assert message in err
    assert err.count("\n") == 1
    assert "Traceback" not in err


def test_cli_refuses_unwritable_output(tmp_path: Path, capsys):
    for target in (tmp_path / "missing" / "x.pdf", tmp_path):
        code, _, err = run(capsys, "print", "invitations", "--week", WEEK, "-o", str(target))
        assert code == 1
        assert "cannot write" in err, err
