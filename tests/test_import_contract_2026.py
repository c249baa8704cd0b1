"""The 2026 additions to the import contract (docs/import-format.md, issue 16): the new reason
codes with their boundaries and the optional columns termin_art, regelbedarfsstufe, bg_nummer,
through the real reader, judge and CLI."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from fieldkit.cli import main
from fieldkit.domain.appointment import AppointmentKind, parse_bg_number, parse_kind, parse_rbs
from fieldkit.domain.escalation import EscalationChain, Invitation, evaluate
from fieldkit.domain.settings import RulesSettings
from fieldkit.importing import CheckReport, check_file
from fieldkit.importing.judge import JudgedRow
from tests.test_importing import HEADER, row, write_csv, write_xlsx

RULES = RulesSettings()
NEW_COLUMNS = ["termin_art", "regelbedarfsstufe", "bg_nummer"]


def check(tmp_path: Path, rows: list[dict[str, str]], rules: RulesSettings = RULES) -> CheckReport:
    """Judge rows made from the first sample row (line 2 ...), with the new columns."""
    header = HEADER + NEW_COLUMNS
    data = [header]
    for changes in rows:
        base = dict(zip(HEADER, row(), strict=True))
        base.update(dict.fromkeys(NEW_COLUMNS, ""))
        base.update(changes)
        data.append([base[h] for h in header])
    return check_file(write_csv(tmp_path / "liste.csv", data), rules)


def one(tmp_path: Path, rules: RulesSettings = RULES, **changes: str) -> JudgedRow:
    return check(tmp_path, [changes], rules).rows[0]


def one_of(tmp_path: Path, changes: dict[str, str]) -> JudgedRow:
    return check(tmp_path, [changes]).rows[0]


def reason(judged: JudgedRow, code: str) -> Any:
    found = [r for r in judged.reasons if r.code == code]
    assert len(found) == 1, judged.codes
    return found[0]


def test_the_untouched_first_sample_row_is_still_eligible(tmp_path: Path) -> None:
    judged = one(tmp_path)
    assert (judged.status.value, judged.codes) == ("eligible", [])
    assert judged.record is not None
    assert judged.record.termin_art is AppointmentKind.IN_PERSON
    assert (judged.record.regelbedarfsstufe, judged.record.bg_nummer) == (1, None)


# ------------------------------------------------------------------------------ E_AFTER_FLAG


def test_a_call_after_the_flag_time_blocks(tmp_path: Path) -> None:
    # Flag 22.10.2026 15:40, exactly when the second call was made: complete.
    assert one(tmp_path, vorgemerkt_am="22.10.2026 15:40").codes == []
    judged = one(tmp_path, vorgemerkt_am="22.10.2026 15:39")
    assert judged.status.value == "blocked"
    found = reason(judged, "E_AFTER_FLAG")
    assert found.column == "anruf2"
    assert "22.10.2026 15:40" in found.message("de")
    assert "after the flag" in found.message("en")


def chain_flagged_on(day: date, inv2: date) -> EscalationChain:
    return EscalationChain(
        geburtsdatum=date(1988, 3, 14),
        einladung1=Invitation(date(2026, 9, 21)),
        einladung2=Invitation(inv2, rfb=True),
        sinnhaftigkeit="x",
        vorgemerkt_am=datetime.combine(day, datetime.min.time()).replace(hour=8),
    )


def test_an_appointment_on_the_flag_day_itself_is_fine_the_day_after_is_not() -> None:
    flag_day = date(2026, 11, 24)
    same_day = evaluate(chain_flagged_on(flag_day, flag_day), RULES)
    assert "E_AFTER_FLAG" not in same_day.codes
    next_day = evaluate(chain_flagged_on(flag_day, date(2026, 11, 25)), RULES)
    assert [r.column for r in next_day.reasons if r.code == "E_AFTER_FLAG"] == ["einladung2_datum"]


def test_only_the_first_late_step_is_named(tmp_path: Path) -> None:
    judged = one(tmp_path, vorgemerkt_am="01.10.2026 12:00")
    assert reason(judged, "E_AFTER_FLAG").column == "einladung2_datum"
    assert judged.codes.count("E_AFTER_FLAG") == 1


# ------------------------------------------------------------- the appointment and the week


def test_an_appointment_before_the_visit_week_is_out_of_date(tmp_path: Path) -> None:
    # Visit week 2026-W49 starts on Monday 30.11.2026.
    judged = one(tmp_path, termin="27.11.2026 09:00")
    assert judged.status.value == "blocked"
    assert reason(judged, "E_APPOINTMENT_PAST").column == "termin"
    assert "2026-W49" in reason(judged, "E_APPOINTMENT_PAST").message("en")
    monday = one(tmp_path, termin="30.11.2026 09:00")
    assert "E_APPOINTMENT_PAST" not in monday.codes
    assert "W_APPOINTMENT_IN_VISIT_WEEK" in monday.codes


def test_an_appointment_inside_the_visit_week_names_the_latest_visit_day(tmp_path: Path) -> None:
    judged = one(tmp_path, termin="03.12.2026 10:00")  # Thursday of W49
    assert judged.status.value == "warning"
    found = reason(judged, "W_APPOINTMENT_IN_VISIT_WEEK")
    assert found.column == "termin"
    assert "01.12.2026" in found.message("de")  # two working days before
    assert "2 working days" in found.message("en")
    wider = one(tmp_path, RulesSettings(appointment_lead_working_days=3), termin="03.12.2026 10:00")
    assert "30.11.2026" in reason(wider, "W_APPOINTMENT_IN_VISIT_WEEK").message("de")
    # Sunday of the visit week is still inside it; the Monday after is not.
    assert "W_APPOINTMENT_IN_VISIT_WEEK" in one(tmp_path, termin="06.12.2026 10:00").codes
    assert one(tmp_path, termin="07.12.2026 10:00").codes == []


def test_an_appointment_on_monday_of_the_visit_week_leaves_no_day(tmp_path: Path) -> None:
    found = reason(one(tmp_path, termin="30.11.2026 09:00"), "W_APPOINTMENT_IN_VISIT_WEEK")
    assert "kein Besuchstag" in found.message("de")


@pytest.mark.parametrize(
    ("termin", "word_de", "word_en"),
    [
        ("12.12.2026 10:00", "Samstag", "Saturday"),
        ("13.12.2026 10:00", "Sonntag", "Sunday"),
        ("25.12.2026 10:00", "Feiertag", "public holiday"),
    ],
)
def test_an_appointment_on_a_closed_day(
    tmp_path: Path, termin: str, word_de: str, word_en: str
) -> None:
    judged = one(tmp_path, termin=termin)
    assert judged.status.value == "warning"
    found = reason(judged, "W_APPOINTMENT_CLOSED_DAY")
    assert found.column == "termin"
    assert word_de in found.message("de")
    assert word_en in found.message("en")


def test_a_holiday_of_another_state_is_a_working_day(tmp_path: Path) -> None:
    # 06.01.2027 (Epiphany) is a holiday in Baden-Württemberg, not in Hamburg.
    assert "W_APPOINTMENT_CLOSED_DAY" in one(tmp_path, termin="06.01.2027 10:00").codes
    hamburg = RulesSettings(federal_state="HH")
    assert one(tmp_path, hamburg, termin="06.01.2027 10:00").codes == []


# --------------------------------------------------------------------------- W_CALL_OFF_HOURS


@pytest.mark.parametrize(
    ("anruf1", "expected"),
    [
        ("19.10.2026 07:00", []),
        ("19.10.2026 19:00", []),
        ("19.10.2026 06:59", ["W_CALL_OFF_HOURS"]),
        ("19.10.2026 19:01", ["W_CALL_OFF_HOURS"]),
        ("17.10.2026 10:00", ["W_CALL_OFF_HOURS"]),  # Saturday
        ("18.10.2026 10:00", ["W_CALL_OFF_HOURS"]),  # Sunday
    ],
)
def test_call_hours_are_inclusive_and_weekends_count(
    tmp_path: Path, anruf1: str, expected: list[str]
) -> None:
    judged = one(tmp_path, anruf1=anruf1)
    assert judged.codes == expected
    if expected:
        assert reason(judged, "W_CALL_OFF_HOURS").column == "anruf1"


def test_a_call_on_a_thursday_holiday(tmp_path: Path) -> None:
    # Ascension Day 2026 is Thursday 14.05.2026; the chain shifted into spring.
    judged = one(
        tmp_path,
        vorgemerkt_am="20.05.2026 10:00", einladung1_datum="13.04.2026",
        einladung2_datum="04.05.2026", anruf1="11.05.2026 09:00", anruf2="14.05.2026 14:00",
        termin="03.06.2026 10:00",
    )  # fmt: skip
    found = reason(judged, "W_CALL_OFF_HOURS")
    assert found.column == "anruf2"
    assert "Christi Himmelfahrt" in found.message("de")
    assert judged.status.value == "warning"


def test_call_hours_are_settings(tmp_path: Path) -> None:
    rules = RulesSettings(call_hours_start="08:00", call_hours_end="17:00")
    assert reason(one(tmp_path, rules, anruf1="19.10.2026 07:30"), "W_CALL_OFF_HOURS")
    assert "08:00" in one(tmp_path, rules, anruf1="19.10.2026 07:30").reasons[0].message("en")
    assert one(tmp_path, rules, anruf2="22.10.2026 16:59").codes == []


# ------------------------------------------------------------------- first invitation's RFB


def test_long_term_unemployed_u25_without_rfb_at_the_first_invitation(tmp_path: Path) -> None:
    u25 = {"geburtsdatum": "02.07.2003", "langzeitarbeitslos": "ja"}
    judged = one_of(tmp_path, {**u25, "einladung1_rfb": "nein"})
    assert judged.status.value == "warning"
    assert reason(judged, "W_LZA_U25_INV1_NO_RFB").column == "einladung1_rfb"
    assert one_of(tmp_path, {**u25, "einladung1_rfb": "ja"}).codes == []
    # 25 on the day of the first invitation (21.09.2026) is no longer U25.
    assert one(tmp_path, geburtsdatum="21.09.2001", langzeitarbeitslos="ja").codes == []
    assert (
        "W_LZA_U25_INV1_NO_RFB"
        in one(tmp_path, geburtsdatum="22.09.2001", langzeitarbeitslos="ja").codes
    )
    # Not long-term unemployed: no RFB is right.
    assert one(tmp_path, geburtsdatum="02.07.2003").codes == []


# --------------------------------------------------------------------- termin_art and friends


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("", AppointmentKind.IN_PERSON),
        ("persönlich", AppointmentKind.IN_PERSON),
        ("Persoenlich", AppointmentKind.IN_PERSON),
        (" PERSÖNLICH ", AppointmentKind.IN_PERSON),
        ("telefon", AppointmentKind.PHONE),
        ("Telefonisch", AppointmentKind.PHONE),
        ("video", AppointmentKind.VIDEO),
        ("Videotermin", AppointmentKind.VIDEO),
    ],
)
def test_appointment_kind_spellings(text: str, kind: AppointmentKind) -> None:
    assert parse_kind(text) is kind


@pytest.mark.parametrize("kind", ["telefon", "video"])
def test_a_remote_appointment_is_a_warning(tmp_path: Path, kind: str) -> None:
    judged = one(tmp_path, termin_art=kind)
    assert judged.status.value == "warning"
    found = reason(judged, "W_REMOTE_APPOINTMENT")
    assert found.column == "termin_art"
    assert "RFB" in found.message("de")
    assert "no legal effect" in found.message("en")


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("termin_art", "Brieftaube"),
        ("termin_art", "<script>"),
        ("regelbedarfsstufe", "7"),
        ("regelbedarfsstufe", "0"),
        ("regelbedarfsstufe", "1,5"),
        ("regelbedarfsstufe", "zwei"),
        ("bg_nummer", "x" * 31),
        ("bg_nummer", "'; DROP TABLE flag; --"),
    ],
)
def test_an_unknown_value_is_x_format(tmp_path: Path, column: str, value: str) -> None:
    judged = one_of(tmp_path, {column: value})
    assert judged.status.value == "invalid"
    assert judged.visit_week is None
    found = reason(judged, "X_FORMAT")
    assert found.column == column
    assert found.message("de").startswith(f"Zeile 2, Spalte {column}: ")
    assert found.message("en").startswith(f"Line 2, column {column}: ")


def test_rbs_and_bg_number_values() -> None:
    assert [parse_rbs(v) for v in (None, "", "1", "2", " 3 ", "RBS 4", 5, 6.0)] == [
        1, 1, 1, 2, 3, 4, 5, 6,
    ]  # fmt: skip
    for bad in (True, 0, 7, 2.5, "2a"):
        with pytest.raises(ValueError, match=r"."):
            parse_rbs(bad)
    assert parse_bg_number(" 96203BG0012345 ") == "96203BG0012345"
    assert parse_bg_number(96203001.0) == "96203001"
    assert parse_bg_number("   ") is None


def test_new_columns_in_a_windows_1252_csv(tmp_path: Path) -> None:
    header = HEADER + NEW_COLUMNS
    values = dict(zip(HEADER, row(), strict=True))
    values.update(termin_art="persönlich", regelbedarfsstufe="3", bg_nummer="96203BG0012345")
    second = dict(values, kundennummer="962D100099", termin_art="Telefon")
    data = [header, [values[h] for h in header], [second[h] for h in header]]
    path = write_csv(tmp_path / "cp1252.csv", data, encoding="cp1252")
    assert "ö".encode("cp1252") in path.read_bytes()
    report = check_file(path, RULES)
    assert report.encoding is not None
    assert "1252" in report.encoding
    first, other = report.rows
    assert first.codes == []
    assert first.record is not None
    assert (first.record.termin_art, first.record.regelbedarfsstufe) == (
        AppointmentKind.IN_PERSON, 3,
    )  # fmt: skip
    assert first.record.bg_nummer == "96203BG0012345"
    assert other.codes == ["W_REMOTE_APPOINTMENT"]


def test_new_columns_in_xlsx_with_numbers(tmp_path: Path) -> None:
    header = [*HEADER, "Termin-Art", "Regelbedarfsstufe", "BG-Nummer"]
    values: list[Any] = row()
    data = [
        header,
        [*values, "Video", 2, 96203001],
        values[:0] + row(kundennummer="X2") + ["", "", ""],
    ]
    report = check_file(write_xlsx(tmp_path / "neu.xlsx", data), RULES)
    first, second = report.rows
    assert first.record is not None
    assert second.record is not None
    assert first.record.termin_art is AppointmentKind.VIDEO
    assert (first.record.regelbedarfsstufe, first.record.bg_nummer) == (2, "96203001")
    assert first.codes == ["W_REMOTE_APPOINTMENT"]
    assert (second.record.regelbedarfsstufe, second.record.bg_nummer) == (1, None)
    assert second.line == 3


def test_check_json_through_the_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report_path = write_csv(
        tmp_path / "cli.csv",
        [
            HEADER + NEW_COLUMNS,
            [*row(), "video", "2", ""],
            [*row(kundennummer="962D100098", termin="27.11.2026 09:00"), "", "", ""],
            [*row(kundennummer="962D100097"), "Rauchzeichen", "", ""],
        ],
    )
    code = main(["check", str(report_path), "--json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 1
    rows = data["rows"]
    assert [r["status"] for r in rows] == ["warning", "blocked", "invalid"]
    assert rows[0]["reasons"][0]["code"] == "W_REMOTE_APPOINTMENT"
    assert rows[1]["reasons"] == [
        {
            "code": "E_APPOINTMENT_PAST",
            "column": "termin",
            "message": "The appointment 27.11.2026 09:00 lies before the visit week 2026-W49: "
            "the invitation to hand over is out of date.",
        }
    ]
    assert rows[2]["visit_week"] is None
    assert rows[2]["reasons"][0]["column"] == "termin_art"
    assert data["summary"] == {"eligible": 0, "warning": 1, "blocked": 1, "invalid": 1}


def test_import_stores_the_new_columns_on_the_flag(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from sqlalchemy import select

    from fieldkit.store.db import open_database
    from fieldkit.store.models import Customer, Flag

    path = write_csv(
        tmp_path / "neu.csv",
        [
            HEADER + NEW_COLUMNS,
            [*row(), "telefonisch", "2", "96203BG0012345"],
            [*row(kundennummer="962D100098"), "", "", ""],
        ],
    )
    db_path = tmp_path / "neu.sqlite"
    assert main(["import", str(path), "--db", str(db_path)]) == 0
    assert "2 new" in capsys.readouterr().out
    assert main(["import", str(path), "--db", str(db_path)]) == 0
    assert "2 unchanged" in capsys.readouterr().out
    db = open_database(str(db_path))
    try:
        with db.session() as session:
            stored = {
                c.kundennummer: (f.appointment_kind, f.standard_need_level, f.bg_number, f.status)
                for f, c in session.execute(select(Flag, Customer).join(Flag.customer))
            }
    finally:
        db.dispose()
    assert stored == {
        "962D100001": ("phone", 2, "96203BG0012345", "warning"),
        "962D100098": ("in_person", 1, "", "eligible"),
    }
