"""Golden letters of issue 16: one RFB letter per case (Regelbedarfsstufe 1/2/3, each
appointment kind, both rule sets), rendered from the store to PDF and read back with pypdf;
the verification gate of rule sets; the rule sets in the chain check and on the CLI."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from fieldkit.cli import main
from fieldkit.domain.escalation import EscalationChain, Invitation, evaluate
from fieldkit.domain.legal import letter_terms, parameters_on, standard_rate_name
from fieldkit.domain.rulesets import RuleSetError, all_rule_sets, parse_rule_set, rule_set_on
from fieldkit.domain.settings import RulesSettings
from fieldkit.services import printing as sp
from fieldkit.services import rules as rules_service
from fieldkit.services.office import UNRESTRICTED
from fieldkit.store.db import Database, open_database
from fieldkit.store.models import Customer, Office
from tests.factories import add_flagged, verify_rule_sets
from tests.test_printing_letters import page_texts

JUNE = datetime(2026, 6, 10, 7, 0, tzinfo=UTC)  # 09:00 in Heilbronn, before the reform
DECEMBER = datetime(2026, 12, 10, 8, 0, tzinfo=UTC)  # 09:00, under the draft reform


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(str(tmp_path / "law.sqlite"))
    with database.session() as s:
        s.add(
            Office(
                name="Jobcenter Landkreis Heilbronn", street="Musterstraße 1", postcode="74072",
                city="Heilbronn", phone="07131 000-0",
            )
        )  # fmt: skip
    yield database
    database.dispose()


def customer(
    db: Database,
    number: str,
    *,
    at: datetime = JUNE,
    level: int = 1,
    kind: str = "in_person",
    bg: str = "",
    missed: int = 0,
    hb: str = "Frau Keller",
) -> None:
    add_flagged(db, number, "Muster", "Flein", hb=hb)
    with db.session() as s:
        c = s.query(Customer).filter_by(kundennummer=number).one()
        c.missed_appointments = missed
        flag = c.flags[0]
        flag.appointment_at, flag.standard_need_level = at, level
        flag.appointment_kind, flag.bg_number = kind, bg


def letter_text(db: Database, number: str, kind: str = "invitations") -> str:
    selection = sp.load_week_print(db, "2026-W49", today=date(2026, 6, 1), identity=UNRESTRICTED)
    buf = io.BytesIO()
    result = sp.render(selection, kind, buf, identity=UNRESTRICTED)
    item = next(i for i in result.items if i.kundennummer == number)
    return " ".join(page_texts(buf.getvalue())[item.first_page - 1 : item.last_page])


# ---------------------------------------------------------------------------- golden letters


@pytest.mark.parametrize(
    ("level", "amount"), [(1, "56,30 €"), (2, "50,60 €"), (3, "45,10 €")]
)  # fmt: skip
def test_rfb_letter_before_the_reform_per_standard_need_level(
    db: Database, level: int, amount: str
) -> None:
    customer(db, "962D000001", level=level, bg="96203BG0012345")
    verify_rule_sets(db)
    text = letter_text(db, "962D000001")
    assert "Einladung zu einem persönlichen Gespräch" in text
    assert "Rechtsfolgenbelehrung" in text
    assert (
        f"10 Prozent des für Sie maßgebenden Regelbedarfs für einen Monat, das sind {amount}"
        in (text.replace("\u00a0", " "))
    )
    assert "Ihr Bürgergeld gemindert" in text
    assert "Rechtsbehelfsbelehrung" in text
    assert "innerhalb eines Monats nach Bekanntgabe Widerspruch" in text
    assert "keine aufschiebende Wirkung (§ 39 Nr. 4 SGB II)" in text
    assert "Fahrkosten" in text
    assert "§ 309 Abs. 4 SGB III" in text
    assert "BG-Nummer 96203BG0012345" in text
    assert "Ein Anruf allein entschuldigt ein Fernbleiben nicht" in text
    assert "Dann finden wir gemeinsam einen anderen Termin" not in text
    assert "Grundsicherungsgeld" not in text


@pytest.mark.parametrize(
    ("missed", "expected"),
    [
        (0, "wird ein Meldeversäumnis festgestellt"),
        (1, "um 30 Prozent des für Sie maßgebenden Regelbedarfs für einen Monat gemindert, das "
            "sind 151,80 €"),
        (2, "Regelbedarf von 506,00 € monatlich, vollständig entfallen. Vorher werden Sie "
            "persönlich angehört"),
    ],
)  # fmt: skip
def test_rfb_letter_under_the_draft_reform_grows_with_missed_appointments(
    db: Database, missed: int, expected: str
) -> None:
    customer(db, "962D000002", at=DECEMBER, level=2, missed=missed)
    verify_rule_sets(db)
    text = letter_text(db, "962D000002").replace("\u00a0", " ")
    assert "Grundsicherungsgeld" in text
    assert "Bürgergeld" not in text
    assert expected in text
    assert "Rechtsbehelfsbelehrung" in text
    assert "BG-Nummer" not in text  # unknown: not printed


@pytest.mark.parametrize(
    ("kind", "subject"),
    [("phone", "telefonischen Gespräch"), ("video", "Gespräch per Video")],
)
def test_phone_and_video_invitations_never_carry_an_rfb(
    db: Database, kind: str, subject: str
) -> None:
    customer(db, "962D000003", kind=kind)
    # Nothing verified: a letter without RFB needs no rule set check.
    selection = sp.load_week_print(db, "2026-W49", today=date(2026, 6, 1), identity=UNRESTRICTED)
    (letter,) = selection.letters
    assert letter.with_rfb is False
    text = letter_text(db, "962D000003")
    assert f"Einladung zu einem {subject}" in text
    assert "Rechtsfolgenbelehrung" not in text


def test_a_place_text_mentioning_the_phone_does_not_drop_the_rfb(db: Database) -> None:
    customer(db, "962D000004")
    with db.session() as s:
        s.query(Customer).filter_by(kundennummer="962D000004").one().flags[
            0
        ].appointment_place = "Telefonzimmer 1.05"
    verify_rule_sets(db)
    (letter,) = sp.load_week_print(
        db, "2026-W49", today=date(2026, 6, 1), identity=UNRESTRICTED
    ).letters
    assert letter.with_rfb is True


def test_the_package_names_the_caseworker_in_the_dative(db: Database) -> None:
    customer(db, "962D000005", hb="Herr Vogt")
    verify_rule_sets(db)
    text = letter_text(db, "962D000005", "packages")
    assert "Gespräch mit Herrn Vogt" in text
    assert "mit Herr Vogt" not in text
    assert "Die Einladung enthält eine Rechtsfolgenbelehrung" in text


# ----------------------------------------------------------------------- the verification gate


def test_an_unverified_rule_set_blocks_the_rfb_letter_with_its_name(db: Database) -> None:
    customer(db, "962D000006", at=DECEMBER)
    customer(db, "962D000007", at=DECEMBER, kind="video")
    selection = sp.load_week_print(db, "2026-W49", today=date(2026, 12, 1), identity=UNRESTRICTED)
    assert [x.customer.kundennummer for x in selection.letters] == ["962D000007"]
    (skipped,) = selection.skipped
    assert skipped.reason == "rule_set"
    assert "grundsicherung-2026-entwurf" in skipped.text("de")
    assert "nicht geprüft" in skipped.text("de")
    assert "not verified" in skipped.text("en")
    rules_service.verify(
        db, "grundsicherung-2026-entwurf", "Frau Recht", date(2026, 11, 30), identity=UNRESTRICTED
    )
    assert (
        len(
            sp.load_week_print(
                db, "2026-W49", today=date(2026, 12, 1), identity=UNRESTRICTED
            ).letters
        )
        == 2
    )


def test_an_expired_rule_set_blocks_the_rfb_letter(db: Database) -> None:
    customer(db, "962D000008", at=DECEMBER)
    verify_rule_sets(db)
    # The office moved the reform's start to 2027: on 10.12.2026 only the old set is left.
    later = RulesSettings(rule_sets=("grundsicherung-2026-entwurf@2027-01-01",))
    selection = sp.load_week_print(
        db, "2026-W49", rules=later, today=date(2026, 12, 1), identity=UNRESTRICTED
    )
    (skipped,) = selection.skipped
    assert "heilbronn-2021" in skipped.text("de")
    assert "30.06.2026" in skipped.text("de")
    assert "valid only until 30.06.2026" in skipped.text("en")


def test_verification_is_recorded_and_listed(db: Database) -> None:
    listed = [s.to_json() for s in rules_service.list_rule_sets(db, RulesSettings())]
    assert listed == [
        {"name": "heilbronn-2021", "valid_from": "2021-07-27", "valid_to": "2026-06-30",
         "verified_by": None, "verified_on": None},
        {"name": "grundsicherung-2026-entwurf", "valid_from": "2026-07-01", "valid_to": None,
         "verified_by": None, "verified_on": None},
    ]  # fmt: skip
    rules_service.verify(
        db, " heilbronn-2021 ", "Frau\nRecht", date(2026, 12, 1), identity=UNRESTRICTED
    )
    rules_service.verify(
        db, "heilbronn-2021", "Herr Zweit", date(2026, 12, 2), identity=UNRESTRICTED
    )
    (first, _) = rules_service.list_rule_sets(db, RulesSettings())
    assert first.to_json()["verified_by"] == "Herr Zweit"
    assert first.to_json()["verified_on"] == "2026-12-02"
    with pytest.raises(rules_service.RulesError):
        rules_service.verify(db, "heilbronn-2021", "   ", date(2026, 12, 1), identity=UNRESTRICTED)
    with pytest.raises(rules_service.RulesError):
        rules_service.verify(
            db, "heilbronn-2021", "x" * 201, date(2026, 12, 1), identity=UNRESTRICTED
        )
    with pytest.raises(RuleSetError) as unknown:
        rules_service.verify(
            db, "'; DROP TABLE flag; --", "Frau Recht", date(2026, 12, 1), identity=UNRESTRICTED
        )
    assert "heilbronn-2021" in unknown.value.message("de")


def test_rules_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = str(tmp_path / "cli.sqlite")
    assert main(["rules", "list", "--json", "--db", url]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [d["name"] for d in data] == ["heilbronn-2021", "grundsicherung-2026-entwurf"]
    assert set(data[0]) == {"name", "valid_from", "valid_to", "verified_by", "verified_on"}
    code = main(["rules", "verify", "grundsicherung-2026-entwurf", "--by", "Frau Recht",
                 "--on", "2026-12-03", "--db", url])  # fmt: skip
    assert code == 0
    capsys.readouterr()
    assert main(["rules", "list", "--json", "--db", url]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data[1]["verified_by"] == "Frau Recht"
    assert data[1]["verified_on"] == "2026-12-03"
    assert main(["rules", "verify", "gibtsnicht", "--by", "x", "--db", url]) == 1
    assert "no rule set" in capsys.readouterr().err
    assert main(["rules", "verify", "heilbronn-2021", "--by", "x", "--on", "gestern",
                 "--db", url]) == 1  # fmt: skip
    assert "not a date" in capsys.readouterr().err
    assert main(["rules", "list", "--db", url]) == 0
    assert "NOT verified" in capsys.readouterr().out


# --------------------------------------------------------------------- rule sets as data


def test_shipped_rule_sets_are_complete() -> None:
    old, draft = all_rule_sets()
    assert (old.name, old.draft, old.valid_to) == ("heilbronn-2021", False, date(2026, 6, 30))
    assert (draft.name, draft.draft, draft.valid_to) == ("grundsicherung-2026-entwurf", True, None)
    for rule_set in (old, draft):
        for key in ("invitation.legal_remedy", "invitation.travel_costs", "vermerk.consequence"):
            assert rule_set.paragraphs(key), (rule_set.name, key)
        assert rule_set.sources
    assert [c.after for c in draft.consequences] == [0, 1, 2]


def test_a_broken_rule_set_file_is_one_sentence(tmp_path: Path) -> None:
    path = tmp_path / "kaputt.toml"
    path.write_text('name = "x"\nvalid_from = "gestern"\n', encoding="utf-8")
    with pytest.raises(RuleSetError) as broken:
        parse_rule_set(path)
    assert "kaputt.toml" in broken.value.message("de")
    path.write_bytes(b"\xff\xfe garbage [[[")
    with pytest.raises(RuleSetError):
        parse_rule_set(path)


def test_the_chain_check_follows_the_rule_set_of_the_flag_day() -> None:
    chain = EscalationChain(
        geburtsdatum=date(1980, 1, 1),
        einladung1=Invitation(date(2026, 9, 21), rfb=True),
        einladung2=Invitation(date(2026, 10, 12), rfb=True),
        anruf1=datetime(2026, 10, 19, 9, 10),
        anruf2=datetime(2026, 10, 22, 15, 40),
        sinnhaftigkeit="x",
        termin=datetime(2026, 12, 10, 9, 0),
        vorgemerkt_am=datetime(2026, 11, 24, 10, 15),
    )
    default = RulesSettings()
    assert evaluate(chain, default).codes == ["W_INV1_RFB"]  # Heilbronn rules by default
    reform = RulesSettings(rule_sets=("grundsicherung-2026-entwurf",))
    assert rule_set_on(date(2026, 11, 24), reform).name == "grundsicherung-2026-entwurf"
    assert evaluate(chain, reform).codes == []  # the first invitation carries an RFB now
    lza_u25 = replace(chain, langzeitarbeitslos=True, geburtsdatum=date(2004, 1, 1),
                      einladung1=Invitation(date(2026, 9, 21), rfb=False))  # fmt: skip
    assert evaluate(lza_u25, default).codes == ["W_LZA_U25_INV1_NO_RFB"]
    assert evaluate(lza_u25, reform).codes == []
    # Flagged before the office's start of the reform: the old rules still apply.
    late_start = RulesSettings(rule_sets=("grundsicherung-2026-entwurf@2026-12-01",))
    assert evaluate(chain, late_start).codes == ["W_INV1_RFB"]


def test_amounts_follow_the_standard_need_levels() -> None:
    day = date(2026, 3, 1)
    rates = [parameters_on(day).decimal(standard_rate_name(n)) for n in range(1, 7)]
    assert [str(r) for r in rates] == ["563.00", "506.00", "451.00", "471.00", "390.00", "357.00"]
    terms = letter_terms(day, 3, 0, RulesSettings())
    assert (str(terms.euros), terms.months, terms.rule_set.name) == ("45.10", 1, "heilbronn-2021")
    with pytest.raises(ValueError, match="Regelbedarfsstufe"):
        letter_terms(day, 7, 0, RulesSettings())


# ------------------------------------------------------------------------------- dates (point 3)


def _route(db: Database, day: date, numbers: list[str]) -> None:
    from fieldkit.store.models import Flag, OutreachWorker, Route, RoutePlan, RouteStop

    with db.session() as s:
        worker = OutreachWorker(name="Anna Berger")
        plan = RoutePlan(visit_week="2026-W49", planned_at=datetime(2026, 11, 27, 9, tzinfo=UTC))
        flags = {f.customer.kundennummer: f for f in s.query(Flag)}
        route = Route(day=day, worker=worker, start_seconds=8 * 3600)
        route.stops = [
            RouteStop(flag=flags[n], seq=i, arrival_seconds=9 * 3600 + 1800 * i)
            for i, n in enumerate(numbers)
        ]
        plan.routes.append(route)
        s.add(plan)


def test_letters_are_dated_the_day_of_the_visit_on_the_route(db: Database) -> None:
    customer(db, "962D000011", at=DECEMBER, kind="phone")
    # Without a route: the print day.
    (letter,) = sp.load_week_print(
        db, "2026-W49", today=date(2026, 11, 27), identity=UNRESTRICTED
    ).letters
    assert letter.letter_date == date(2026, 11, 27)
    _route(db, date(2026, 12, 2), ["962D000011"])
    (letter,) = sp.load_week_print(
        db, "2026-W49", today=date(2026, 11, 27), identity=UNRESTRICTED
    ).letters
    assert letter.letter_date == date(2026, 12, 2)
    text = letter_text(db, "962D000011", "packages")
    assert "02.12.2026" in text
    assert "27.11.2026" not in text


@pytest.mark.parametrize(
    ("at", "de", "en"),
    [
        (datetime(2026, 11, 30, 8, 0, tzinfo=UTC), "liegt vor dem Datum", "before the letter"),
        (datetime(2026, 12, 12, 8, 0, tzinfo=UTC), "ist ein Samstag", "on a Saturday"),
        (datetime(2026, 12, 13, 8, 0, tzinfo=UTC), "ist ein Sonntag", "on a Sunday"),
        (datetime(2026, 12, 25, 8, 0, tzinfo=UTC), "Feiertag", "public holiday"),
    ],
)
def test_a_letter_with_an_impossible_appointment_is_left_out_unless_allowed(
    db: Database, at: datetime, de: str, en: str
) -> None:
    customer(db, "962D000012", at=at, kind="video")
    customer(db, "962D000013", at=DECEMBER, kind="video")
    selection = sp.load_week_print(db, "2026-W49", today=date(2026, 12, 1), identity=UNRESTRICTED)
    assert [x.customer.kundennummer for x in selection.letters] == ["962D000013"]
    (skipped,) = selection.skipped
    assert (skipped.kundennummer, skipped.reason) == ("962D000012", "appointment_date")
    assert de in skipped.text("de")
    assert en in skipped.text("en")
    allowed = sp.load_week_print(
        db, "2026-W49", today=date(2026, 12, 1), allow=True, identity=UNRESTRICTED
    )
    assert len(allowed.letters) == 2
    assert allowed.skipped == ()


def test_the_appointment_on_the_letter_day_itself_is_fine(db: Database) -> None:
    customer(db, "962D000014", at=DECEMBER, kind="video")
    assert (
        len(
            sp.load_week_print(
                db, "2026-W49", today=date(2026, 12, 10), identity=UNRESTRICTED
            ).letters
        )
        == 1
    )


def test_print_cli_allow(db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    customer(db, "962D000015", at=datetime(2026, 12, 12, 8, 0, tzinfo=UTC), kind="video")
    customer(db, "962D000016", at=DECEMBER, kind="video")
    url, out = str(db.engine.url.database), str(tmp_path / "out.pdf")
    assert main(["print", "invitations", "--week", "2026-W49", "-o", out, "--db", url]) == 0
    printed = capsys.readouterr().out
    assert "not printed: 962D000015: the appointment 12.12.2026 is on a Saturday" in printed
    assert (
        main(["print", "invitations", "--week", "2026-W49", "-o", out, "--db", url, "--allow"]) == 0
    )
    assert "not printed" not in capsys.readouterr().out
