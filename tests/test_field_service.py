"""Field mode services: the day, stop status, preparation, autosaved visits, notes, tasks."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from fieldkit.domain.model import NotMetReason, Outcome
from fieldkit.domain.week import IsoWeek
from fieldkit.geo.gazetteer import load_municipalities
from fieldkit.geo.settings import GeoSettings
from fieldkit.services import field
from fieldkit.services.demo_setup import write_demo
from fieldkit.services.office import UNRESTRICTED
from fieldkit.settings import Settings
from fieldkit.store.db import Database, open_database
from fieldkit.store.models import (
    Address,
    CaseNote,
    Caseworker,
    Customer,
    Flag,
    Office,
    OutreachWorker,
    PrepCheck,
    Route,
    RoutePlan,
    RouteStop,
    Task,
    Visit,
)

DAY = date(2026, 12, 1)
NOW = datetime(2026, 12, 1, 9, 40, tzinfo=UTC)  # 10:40 in Heilbronn
TOWNS = ("Neckarsulm", "Weinsberg", "Obersulm", "Eppingen", "Brackenheim", "Lauffen am Neckar")


def build_day(db: Database, towns: tuple[str, ...] = TOWNS, day: date = DAY) -> uuid.UUID:
    """An office, a worker, one customer per town (at its centre) and a stored route."""
    centres = {m.name: m for m in load_municipalities()}
    with db.session() as session:
        office = Office(name="Jobcenter Test", city="Heilbronn", lat=49.1427, lon=9.2109)
        worker = OutreachWorker(name="Anna Berger", office=office)
        caseworker = Caseworker(name="Frau Keller", team="521", phone="07131 000-1")
        plan = RoutePlan(visit_week=str(IsoWeek.of(day)), planned_at=NOW)
        route = Route(plan=plan, day=day, worker=worker, start_seconds=8 * 3600)
        session.add_all([office, worker, caseworker, plan, route])
        for i, town in enumerate(towns):
            m = centres[town]
            customer = Customer(
                kundennummer=f"962D{i:06d}",
                nachname=f"Muster{i}",
                vorname="Testa",
                geburtsdatum=date(1990, 1, 1),
                caseworker=caseworker,
            )
            customer.address = Address(
                strasse="Lindenweg",
                hausnummer=str(i + 1),
                plz=m.postcode,
                ort=town,
                adresszusatz="Hinterhaus" if i == 0 else "",
                lat=m.lat + 0.001 * i,
                lon=m.lon,
            )
            flag = Flag(
                customer=customer,
                visit_week=plan.visit_week,
                flagged_at=NOW - timedelta(days=7),
                status="eligible",
                appointment_at=datetime(2026, 12, 10, 8 + i % 3, 0, tzinfo=UTC),
                appointment_place="Jobcenter Heilbronn, Raum 1.05",
                open_cooperation=["Kontoauszüge"] if i % 2 == 0 else [],
                hints="Hund im Hof" if i == 1 else "",
            )
            session.add(
                RouteStop(
                    route=route,
                    flag=flag,
                    seq=i,
                    arrival_seconds=8 * 3600 + 1800 * (i + 1),
                    service_seconds=900,
                )
            )
        session.flush()
        return route.id


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(str(tmp_path / "field.sqlite"))
    yield database
    database.dispose()


def test_day_lists_stops_with_everything_the_card_needs(db: Database):
    route_id = build_day(db)
    with db.session() as s:
        choices = field.field_days(s, UNRESTRICTED)
        day = field.load_day(s, route_id, identity=UNRESTRICTED)
    assert [(c.day, c.worker_name, c.stops) for c in choices] == [(DAY, "Anna Berger", 6)]
    assert [c.position for c in day.stops] == [1, 2, 3, 4, 5, 6]
    first = day.stops[0]
    assert first.name == "Muster0, Testa"
    assert first.adresszusatz == "Hinterhaus"
    assert first.caseworker == "Frau Keller"
    assert first.open_cooperation == ("Kontoauszüge",)
    assert day.stops[1].hints == "Hund im Hof"
    assert day.current is not None
    assert day.current.stop_id == first.stop_id
    assert day.office_lat == pytest.approx(49.1427)


def test_skip_done_and_later_change_the_order_and_the_current_stop(db: Database):
    route_id = build_day(db)
    with db.session() as s:
        stops = field.load_day(s, route_id, identity=UNRESTRICTED).stops
    field.set_stop_status(db, stops[0].stop_id, "skipped", NOW, identity=UNRESTRICTED)
    field.move_later(db, stops[1].stop_id, NOW, identity=UNRESTRICTED)
    with db.session() as s:
        day = field.load_day(s, route_id, identity=UNRESTRICTED)
    names = [c.name[:7] for c in day.stops]
    assert names == ["Muster0", "Muster2", "Muster3", "Muster4", "Muster5", "Muster1"]
    assert day.stops[-1].status == "later"
    assert day.current is not None
    assert day.current.name.startswith("Muster2")
    arrivals = [c.arrival_seconds for c in day.stops[1:]]
    assert arrivals == sorted(arrivals), "re-timed behind the remaining ones"


def test_prep_checklist_is_stored_per_customer(db: Database):
    route_id = build_day(db)
    with db.session() as s:
        card = field.load_day(s, route_id, identity=UNRESTRICTED).stops[0]
    field.save_prep(db, card.flag_id, NOW, eakte_checked=True, identity=UNRESTRICTED)
    field.save_prep(
        db,
        card.flag_id,
        NOW,
        lsb_needed=True,
        lsb_contacted=True,
        note="LSB ok",
        identity=UNRESTRICTED,
    )
    with db.session() as s:
        prep = s.scalars(select(PrepCheck)).one()
        assert (prep.eakte_checked, prep.lsb_contacted, prep.note) == (True, True, "LSB ok")
        assert field.load_day(s, route_id, identity=UNRESTRICTED).stops[0].prep.lsb_needed


def test_visit_autosave_finish_note_and_tasks(db: Database):
    route_id = build_day(db)
    with db.session() as s:
        card = field.load_day(s, route_id, identity=UNRESTRICTED).stops[0]
    draft = field.start_visit(db, card.stop_id, None, NOW, identity=UNRESTRICTED)
    assert field.start_visit(db, card.stop_id, None, NOW, identity=UNRESTRICTED).id == draft.id, (
        "one draft per stop"
    )
    assert draft.flag("mailbox_invitation")
    assert draft.flag("handed_over")
    field.update_visit(
        db, draft.id, {"outcome": Outcome.MET, "legal_consequences": True}, identity=UNRESTRICTED
    )
    field.update_visit(
        db,
        draft.id,
        {"note": "KD zeigte sich gesprächsbereit", "complex_case": True},
        identity=UNRESTRICTED,
    )
    field.update_visit(
        db,
        draft.id,
        {"benefits_hint_given": True, "benefits_hint": "Neue Bankverbindung"},
        identity=UNRESTRICTED,
    )
    with db.session() as s:
        stored = s.get(Visit, draft.id)
        assert stored is not None
        assert stored.outcome == "met"
        assert stored.details["legal_consequences"] is True
        assert stored.state == "draft"
    result = field.finish_visit(db, draft.id, NOW, identity=UNRESTRICTED)
    with db.session() as s:
        note = s.get(CaseNote, result.case_note_id)
        tasks = s.scalars(select(Task).order_by(Task.title)).all()
        stop = s.get(RouteStop, card.stop_id)
        assert note is not None
        assert note.state == "final"
        assert "KD angetroffen." in note.text
        assert "Auf die Rechtsfolgen bei Nichterscheinen wurde hingewiesen." in note.text
        assert "persönliches Gespräch mit dem HB" in note.text
        assert "Hinweis an die Leistungsabteilung" in note.text
        assert "01.12.2026 um 10:40 Uhr" in note.text
        assert len(tasks) == 2
        assert tasks[0].title.startswith("Aufsuchende Beratung: Muster0")
        assert tasks[1].title.startswith("Komplexer Sachverhalt")
        assert {t.caseworker_id for t in tasks} != {None}
        assert stop is not None
        assert stop.status == "done"
        visit = s.get(Visit, draft.id)
        assert visit is not None
        assert visit.benefits_hint == "Neue Bankverbindung"
    with pytest.raises(field.FieldError, match="Korrigieren"):
        field.update_visit(db, draft.id, {"note": "overwritten"}, identity=UNRESTRICTED)


def test_not_met_needs_reason_and_mailbox_reason(db: Database):
    route_id = build_day(db)
    with db.session() as s:
        card = field.load_day(s, route_id, identity=UNRESTRICTED).stops[1]
    draft = field.start_visit(db, card.stop_id, None, NOW, identity=UNRESTRICTED)
    field.update_visit(db, draft.id, {"outcome": Outcome.NOT_MET}, identity=UNRESTRICTED)
    with pytest.raises(field.FieldError, match="Grund"):
        field.finish_visit(db, draft.id, NOW, identity=UNRESTRICTED)
    field.update_visit(
        db,
        draft.id,
        {"not_met_reason": NotMetReason.NOBODY_OPENED, "mailbox_package": False},
        identity=UNRESTRICTED,
    )
    with pytest.raises(field.FieldError, match="Kunden-Paket") as refused:
        field.finish_visit(db, draft.id, NOW, identity=UNRESTRICTED)
    assert refused.value.code == "incomplete"
    assert refused.value.message("en").startswith(
        "Please say why the invitation or the customer package was not put in the mailbox."
    )
    assert field.visit_problems(db, draft.id, "en", identity=UNRESTRICTED) == [
        "Please say why the invitation or the customer package was not put in the mailbox.",
        "Please confirm that the name on the mailbox was checked.",
    ]
    field.update_visit(
        db, draft.id, {"mailbox_reason": "Briefkasten überfüllt"}, identity=UNRESTRICTED
    )
    with pytest.raises(field.FieldError, match="Name am Briefkasten"):
        field.finish_visit(db, draft.id, NOW, identity=UNRESTRICTED)
    field.update_visit(db, draft.id, {"mailbox_name_checked": True}, identity=UNRESTRICTED)
    result = field.finish_visit(db, draft.id, NOW, identity=UNRESTRICTED)
    with db.session() as s:
        note = s.get(CaseNote, result.case_note_id)
        assert note is not None
        assert "KD nicht angetroffen." in note.text
        assert "Kunden-Paket nicht eingeworfen: Briefkasten überfüllt." in note.text
        assert "Der Name am Briefkasten wurde geprüft." in note.text


def test_edited_note_wins_and_correction_keeps_history(db: Database):
    route_id = build_day(db)
    with db.session() as s:
        card = field.load_day(s, route_id, identity=UNRESTRICTED).stops[2]
    draft = field.start_visit(db, card.stop_id, None, NOW, identity=UNRESTRICTED)
    field.update_visit(db, draft.id, {"outcome": "met"}, identity=UNRESTRICTED)
    with pytest.raises(field.FieldError, match="Rechtsfolgen"):
        field.finish_visit(db, draft.id, NOW, identity=UNRESTRICTED)
    field.update_visit(db, draft.id, {"legal_consequences": True}, identity=UNRESTRICTED)
    proposal = field.compose_note(db, draft.id, identity=UNRESTRICTED)
    assert "Die Einladung enthielt eine Rechtsfolgenbelehrung (Regelwerk " in proposal
    field.save_note_draft(db, draft.id, proposal + "\nErgänzt von Hand.", identity=UNRESTRICTED)
    first = field.finish_visit(db, draft.id, NOW, identity=UNRESTRICTED)
    correction = field.correct_visit(db, draft.id, NOW + timedelta(hours=1), identity=UNRESTRICTED)
    assert correction.supersedes_id == draft.id
    assert not correction.final
    field.update_visit(db, correction.id, {"meet_and_walk": True}, identity=UNRESTRICTED)
    second = field.finish_visit(db, correction.id, NOW + timedelta(hours=1), identity=UNRESTRICTED)
    with db.session() as s:
        old = s.get(Visit, draft.id)
        assert old is not None
        assert old.state == "final"
        assert "meet_and_walk" not in old.details
        old_note = s.get(CaseNote, first.case_note_id)
        new_note = s.get(CaseNote, second.case_note_id)
        assert old_note is not None
        assert "Ergänzt von Hand." in old_note.text
        assert new_note is not None
        assert new_note.supersedes_id == old_note.id
        assert "Meet and Walk" in new_note.text
        assert s.scalars(select(Task.title)).all()[-1].startswith("Korrektur")
        history = field.load_day(s, route_id, identity=UNRESTRICTED).stops[2].history
    assert [v.id for v in history] == [draft.id, correction.id]
    with pytest.raises(field.FieldError):
        field.correct_visit(db, draft.id, NOW, identity=UNRESTRICTED)


def test_replan_from_the_current_stop(db: Database):
    route_id = build_day(db)
    with db.session() as s:
        stops = field.load_day(s, route_id, identity=UNRESTRICTED).stops
    field.set_stop_status(db, stops[0].stop_id, "done", NOW, identity=UNRESTRICTED)
    with db.session() as s:
        data = field.replan_input(s, route_id, NOW)
    assert data.current_stop == stops[1].stop_id
    assert len(data.remaining) == 4
    result = field.compute_replan(data, GeoSettings())
    field.apply_replan(db, result, identity=UNRESTRICTED)
    with db.session() as s:
        day = field.load_day(s, route_id, identity=UNRESTRICTED)
    assert day.stops[0].status == "done"
    assert day.stops[1].stop_id == stops[1].stop_id, "the current stop stays first"
    assert {c.stop_id for c in day.stops} == {c.stop_id for c in stops}
    open_arrivals = [c.arrival_seconds for c in day.stops if c.is_open]
    assert open_arrivals == sorted(open_arrivals)


def test_demo_data_gets_a_day(tmp_path: Path):
    database = open_database(str(tmp_path / "demo.sqlite"))
    try:
        route_id = build_demo_day(database)
        with database.session() as s:
            day = field.load_day(s, route_id, identity=UNRESTRICTED)
        assert len(day.stops) >= 5
        assert all(c.lat is not None for c in day.stops)
    finally:
        database.dispose()


def build_demo_day(db: Database, count: int = 6) -> uuid.UUID:
    """Demo week, customers placed at their municipality centre, one stored route for Monday."""
    week = IsoWeek.of(DAY)
    write_demo(db, Settings(), week, count=40, seed=49)
    centres = {m.name: m for m in load_municipalities()}
    with db.session() as session:
        worker = session.scalars(select(OutreachWorker).order_by(OutreachWorker.name)).first()
        flags = [
            f
            for f in session.scalars(select(Flag).where(Flag.visit_week == str(week)))
            if f.plannable and f.customer.address and f.customer.address.ort in centres
        ][:count]
        for flag in flags:
            address = flag.customer.address
            assert address is not None
            m = centres[address.ort]
            address.lat, address.lon = m.lat, m.lon
        flags = _nearest_first(flags, (49.1427, 9.2109))
        plan = RoutePlan(visit_week=str(week), planned_at=NOW)
        route = Route(plan=plan, day=week.monday(), worker=worker, start_seconds=8 * 3600)
        session.add_all([plan, route])
        for i, flag in enumerate(flags):
            address = flag.customer.address
            assert address is not None
            address.lat = (address.lat or 0) + 0.002 * i
            session.add(
                RouteStop(
                    route=route,
                    flag=flag,
                    seq=i,
                    arrival_seconds=8 * 3600 + 2400 * (i + 1),
                    service_seconds=900,
                )
            )
        session.flush()
        return route.id


def _nearest_first(flags: list[Flag], start: tuple[float, float]) -> list[Flag]:
    """A plausible driving order: always the nearest customer next."""

    def where(flag: Flag) -> tuple[float, float]:
        address = flag.customer.address
        assert address is not None
        return (address.lat or 0.0, address.lon or 0.0)

    left, order, here = list(flags), [], start
    while left:
        nxt = min(
            left,
            key=lambda f: (where(f)[0] - here[0]) ** 2 + ((where(f)[1] - here[1]) * 0.66) ** 2,
        )
        left.remove(nxt)
        order.append(nxt)
        here = where(nxt)
    return order


def test_the_preparation_checklist_reaches_the_vermerk(db: Database):
    route_id = build_day(db)
    with db.session() as s:
        card = field.load_day(s, route_id, identity=UNRESTRICTED).stops[3]
    field.save_prep(
        db, card.flag_id, NOW, eakte_checked=True, lsb_needed=True, identity=UNRESTRICTED
    )
    draft = field.start_visit(db, card.stop_id, None, NOW, identity=UNRESTRICTED)
    field.update_visit(
        db, draft.id, {"outcome": "met", "legal_consequences": True}, identity=UNRESTRICTED
    )
    assert "Vorbereitung: E-Akte geprüft, LSB-Kontakt nötig, nicht erfolgt." in (
        field.compose_note(db, draft.id, identity=UNRESTRICTED)
    )
