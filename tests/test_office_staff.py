"""Maintaining the deputy rule and the absences: validation, order, who may change what."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from fieldkit.services import office_desk as desk
from fieldkit.services import office_staff as staff
from fieldkit.services.office import UNRESTRICTED, Identity, OfficeError
from fieldkit.store.db import Database, open_database
from fieldkit.store.models import Caseworker
from fieldkit.store.models_office import Absence, DeputyRule
from tests.factories import add_flagged

LEAD = Identity("office", "Frau Lang", "521", team_lead=True)
KELLER = Identity("office", "Frau Keller", "521")
OTHER_LEAD = Identity("office", "Herr Ost", "530", team_lead=True)
TODAY = date(2026, 12, 7)


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(str(tmp_path / "staff.sqlite"))
    add_flagged(database, "962D000001", "Zander", "Neckarsulm")  # HB Frau Keller, team 521
    with database.session() as session:
        session.add_all(
            [
                Caseworker(name="Herr Brandt", team="521"),
                Caseworker(name="Frau Ohm", team="521"),
                Caseworker(name="Frau Lang", team="521"),
                Caseworker(name="Herr Ost", team="530"),
            ]
        )
    yield database
    database.dispose()


def _message(caught: pytest.ExceptionInfo[OfficeError]) -> str:
    return caught.value.message("de")


def _keller(session: Session) -> Caseworker:
    return session.scalars(select(Caseworker).where(Caseworker.name == "Frau Keller")).one()


def test_deputies_are_appended_moved_and_removed_in_order(db: Database) -> None:
    for name in ("Herr Brandt", "Frau Ohm", "Frau Lang"):
        desk.add_deputy(db, "521", name, identity=LEAD)
    with db.session() as session:
        lines = staff.deputy_lines(session, "521", TODAY)
        assert [(line.position, line.deputy) for line in lines] == [
            (1, "Herr Brandt"), (2, "Frau Ohm"), (3, "Frau Lang"),
        ]  # fmt: skip
    assert staff.move_deputy(db, lines[2].id, -1, identity=LEAD) == 2
    assert staff.move_deputy(db, lines[0].id, -1, identity=LEAD) == 1  # already first
    staff.remove_deputy(db, lines[0].id, identity=LEAD)
    with db.session() as session:
        names = [line.deputy for line in staff.deputy_lines(session, "521", TODAY)]
        assert names == ["Frau Lang", "Frau Ohm"]
        # The desk asks in exactly this order (Frau Keller is not in the list herself).
        assert [d.name for d in desk.deputies_of(session, _keller(session))] == names
        assert staff.effective_order(session, "Frau Keller") == names
        ranks = [r.rank for r in desk.deputy_rules(session, "521")]
    assert ranks == [1, 2]


def test_own_rule_of_a_caseworker_comes_before_the_teams(db: Database) -> None:
    desk.add_deputy(db, "521", "Herr Brandt", identity=LEAD)
    desk.add_deputy(db, "521", "Frau Ohm", for_caseworker="Frau Keller", identity=LEAD)
    with db.session() as session:
        assert staff.effective_order(session, "Frau Keller") == ["Frau Ohm", "Herr Brandt"]
        own = staff.deputy_lines(session, "521", TODAY, "Frau Keller")
    assert [line.deputy for line in own] == ["Frau Ohm"]


def test_deputy_rule_refuses_bad_lines_with_a_german_sentence(db: Database) -> None:
    desk.add_deputy(db, "521", "Herr Brandt", identity=LEAD)
    cases = [
        (("521", "   "), {}, "Bitte die Vertretung angeben."),
        (("  ", "Herr Brandt"), {}, "Bitte das Team angeben."),
        (("521", "Herr Niemand"), {}, "„Herr Niemand“ ist keine bekannte"),
        (("521", "Herr Brandt"), {}, "Herr Brandt steht schon in dieser Vertretungsregelung."),
        (("521", "Frau Keller"), {"for_caseworker": "Frau Keller"}, "nicht selbst vertreten"),
        (("521", "Frau Ohm"), {"for_caseworker": "Frau Nemo"}, "„Frau Nemo“ ist keine"),
    ]
    for args, kwargs, sentence in cases:
        with pytest.raises(OfficeError) as caught:
            desk.add_deputy(db, *args, identity=LEAD, **kwargs)  # type: ignore[arg-type]
        assert sentence in _message(caught)
    huge = "X" * 5000
    with pytest.raises(OfficeError) as caught:
        desk.add_deputy(db, "521", huge, identity=LEAD)
    assert len(_message(caught)) < 200  # the name is cut, the sentence stays readable
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(DeputyRule)) == 1


def test_only_the_team_lead_of_the_team_edits_the_deputy_rule(db: Database) -> None:
    rule = desk.add_deputy(db, "521", "Herr Brandt", identity=LEAD)
    for who in (KELLER, OTHER_LEAD, Identity("field")):
        with pytest.raises(OfficeError) as caught:
            desk.add_deputy(db, "521", "Frau Ohm", identity=who)
        assert "nur die Teamleitung" in _message(caught)
        with pytest.raises(OfficeError):
            staff.remove_deputy(db, rule, identity=who)
        with pytest.raises(OfficeError):
            staff.move_deputy(db, rule, 1, identity=who)
    with db.session() as session:
        assert staff.teams(session, KELLER) == ["521"]
        assert staff.teams(session, Identity("field")) == []
        assert staff.teams(session, Identity()) == ["521", "530"]


def test_absences_are_validated(db: Database) -> None:
    first = desk.set_absence(
        db, "Frau Keller", date(2026, 12, 7), date(2026, 12, 11), "Urlaub", identity=UNRESTRICTED
    )
    cases = [
        ("", date(2026, 12, 14), date(2026, 12, 15), "", "Bitte die abwesende Kraft angeben."),
        ("Frau Keller", date(2026, 12, 15), date(2026, 12, 14), "", "vor dem ersten Tag"),
        ("Frau Keller", date(2026, 12, 11), date(2026, 12, 14), "", "überschneiden sich"),
        ("Frau Keller", date(2026, 12, 1), date(2026, 12, 31), "", "überschneiden sich"),
        ("Herr Niemand", date(2026, 12, 14), date(2026, 12, 15), "", "keine bekannte"),
        ("Frau Keller", date(2026, 12, 14), date(2026, 12, 15), "Z" * 10_000, "zu lang"),
    ]
    for name, start, end, reason, sentence in cases:
        with pytest.raises(OfficeError) as caught:
            desk.set_absence(db, name, start, end, reason, identity=UNRESTRICTED)
        assert sentence in _message(caught), name
    # Another caseworker may be away at the same time; editing may keep its own days.
    desk.set_absence(
        db, "Herr Brandt", date(2026, 12, 7), date(2026, 12, 11), identity=UNRESTRICTED
    )
    same = desk.set_absence(
        db, "Frau Keller", date(2026, 12, 8), date(2026, 12, 12), "  Urlaub \n verlängert ",
        absence_id=first,
        identity=UNRESTRICTED,
    )  # fmt: skip
    assert same == first
    with db.session() as session:
        stored = session.get(Absence, first)
        assert stored is not None
        assert (stored.first_day, stored.last_day, stored.reason) == (
            date(2026, 12, 8), date(2026, 12, 12), "Urlaub verlängert",
        )  # fmt: skip
        assert session.scalar(select(func.count()).select_from(Absence)) == 2


def test_caseworker_records_only_own_absence_team_lead_the_teams(db: Database) -> None:
    own = desk.set_absence(
        db, "Frau Keller", date(2026, 12, 14), date(2026, 12, 14), identity=KELLER
    )
    with pytest.raises(OfficeError) as caught:
        desk.set_absence(db, "Herr Brandt", date(2026, 12, 14), date(2026, 12, 14), identity=KELLER)
    assert "nur die Teamleitung" in _message(caught)
    brandt = desk.set_absence(
        db, "Herr Brandt", date(2026, 12, 1), date(2026, 12, 2), identity=LEAD
    )
    with pytest.raises(OfficeError):
        desk.set_absence(db, "Herr Ost", date(2026, 12, 1), date(2026, 12, 2), identity=LEAD)
    with pytest.raises(OfficeError):  # moving someone else's absence onto oneself
        desk.set_absence(
            db, "Frau Keller", date(2026, 12, 1), date(2026, 12, 2), identity=KELLER,
            absence_id=brandt,
        )  # fmt: skip
    with pytest.raises(OfficeError):
        staff.delete_absence(db, brandt, identity=KELLER)
    with db.session() as session:
        mine = staff.list_absences(session, KELLER, "521", TODAY, only_current=False)
        team = staff.list_absences(session, LEAD, "521", TODAY, only_current=False)
        current = staff.list_absences(session, LEAD, "521", TODAY, only_current=True)
        assert staff.list_absences(session, OTHER_LEAD, "521", TODAY) == []
        assert staff.list_absences(session, Identity("field"), "521", TODAY) == []
        assert staff.absence_names(session, KELLER, "521") == ["Frau Keller"]
        assert "Herr Brandt" in staff.absence_names(session, LEAD, "521")
    assert [r.caseworker for r in mine] == ["Frau Keller"]
    assert [(r.caseworker, r.is_past(TODAY)) for r in team] == [
        ("Herr Brandt", True), ("Frau Keller", False),
    ]  # fmt: skip
    assert [r.caseworker for r in current] == ["Frau Keller"]
    staff.delete_absence(db, own, identity=KELLER)
    with pytest.raises(OfficeError) as caught:
        staff.delete_absence(db, own, identity=KELLER)
    assert "gibt es nicht mehr" in _message(caught)


def test_stand_in_follows_absences_and_the_rule(db: Database) -> None:
    desk.add_deputy(db, "521", "Herr Brandt", identity=UNRESTRICTED)
    with db.session() as session:
        assert staff.stand_in(session, "Frau Keller", TODAY) == ("Frau Keller", False)
    desk.set_absence(db, "Frau Keller", TODAY, TODAY, identity=UNRESTRICTED)
    with db.session() as session:
        assert staff.stand_in(session, "Frau Keller", TODAY) == ("Herr Brandt", True)
        lines = staff.deputy_lines(session, "521", TODAY)
        assert lines[0].absent_until is None
    desk.set_absence(db, "Herr Brandt", TODAY, date(2026, 12, 9), identity=UNRESTRICTED)
    with db.session() as session:
        assert staff.stand_in(session, "Frau Keller", TODAY) == ("", False)
        assert staff.deputy_lines(session, "521", TODAY)[0].absent_until == date(2026, 12, 9)


def test_lines_and_absences_are_found_by_name(db: Database) -> None:
    desk.add_deputy(db, "521", "Herr Brandt", identity=UNRESTRICTED)
    cases = [
        (("530", "Frau Ohm", None, "Frau Keller"), "gehört nicht zu Team 530"),
        (("999", "Frau Ohm"), "„999“ ist kein bekanntes Team."),
        (("5" * 21, "Frau Ohm"), "Der Teamname ist zu lang"),
    ]
    for args, sentence in cases:
        with pytest.raises(OfficeError) as caught:
            desk.add_deputy(db, *args, identity=UNRESTRICTED)  # type: ignore[arg-type]
        assert sentence in _message(caught)
    absence = desk.set_absence(db, "Frau Ohm", TODAY, date(2026, 12, 9), identity=UNRESTRICTED)
    with db.session() as session:
        rule = staff.deputy_line_of(session, "521", " Herr Brandt ")
        assert [line.id for line in staff.deputy_lines(session, "521", TODAY)] == [rule]
        assert staff.absence_on(session, "Frau Ohm", date(2026, 12, 9)) == absence
        assert staff.rule_owners(session, "521") == []
        with pytest.raises(OfficeError) as caught:
            staff.deputy_line_of(session, "521", "Frau Ohm")
        assert "steht nicht in dieser Vertretungsregelung" in _message(caught)
        with pytest.raises(OfficeError) as caught:
            staff.absence_on(session, "Frau Ohm", date(2026, 12, 10))
        assert "am 10.12.2026 nicht als abwesend" in _message(caught)
    desk.add_deputy(db, "521", "Frau Ohm", for_caseworker="Frau Keller", identity=UNRESTRICTED)
    with db.session() as session:
        assert staff.rule_owners(session, "521") == ["Frau Keller"]
