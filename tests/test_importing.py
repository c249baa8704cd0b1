"""Reading and judging the weekly flag list (spec/import-format.md is the contract)."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from fieldkit.domain.reasons import Status
from fieldkit.domain.settings import RulesSettings
from fieldkit.domain.week import BERLIN, IsoWeek
from fieldkit.importing import CheckCancelled, CheckReport, FlagFileError, Problem, check_file
from fieldkit.importing.judge import parse_bool, parse_date, parse_datetime, parse_plz
from tests.conftest import SPEC_DATA

SPEC = SPEC_DATA
SAMPLE = SPEC / "sample-week.csv"
EXPECTED = json.loads((SPEC / "sample-week.expected.json").read_text(encoding="utf-8"))
RULES = RulesSettings()


def sample_rows() -> list[list[str]]:
    with SAMPLE.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh, delimiter=";"))


HEADER = sample_rows()[0]


def row(**changes: str) -> list[str]:
    """The first sample row with some columns changed."""
    values = dict(zip(HEADER, sample_rows()[1], strict=True))
    values.update(changes)
    return [values[h] for h in HEADER]


def write_csv(
    path: Path, rows: list[list[str]], delimiter: str = ";", encoding: str = "utf-8"
) -> Path:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def write_xlsx(
    path: Path, rows: list[list[Any]], prepare: Callable[[Any], None] | None = None
) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    for values in rows:
        ws.append(values)
    if prepare is not None:
        prepare(ws)
    wb.save(path)
    return path


def judged(report: CheckReport) -> list[dict[str, Any]]:
    """The report in the shape of sample-week.expected.json."""
    return [
        {
            "kundennummer": r.kundennummer,
            "line": r.line,
            "status": r.status.value,
            "visit_week": str(r.visit_week) if r.visit_week else None,
            "codes": r.codes,
        }
        for r in report.rows
    ]


def check(path: Path, **kw: Any) -> CheckReport:
    return check_file(path, RULES, **kw)


# ------------------------------------------------------------------------- the sample file


def test_sample_judges_exactly_as_expected() -> None:
    report = check(SAMPLE)
    assert judged(report) == EXPECTED
    assert report.summary == {"eligible": 3, "warning": 1, "blocked": 2, "invalid": 0}
    assert report.exit_code == 0


def test_json_has_exactly_the_contract_shape() -> None:
    data = check(SAMPLE).to_json()
    assert set(data) == {"rows", "summary"}
    assert list(data["summary"]) == ["eligible", "warning", "blocked", "invalid"]
    for item in data["rows"]:
        assert list(item) == ["line", "kundennummer", "status", "visit_week", "reasons"]
        for reason in item["reasons"]:
            assert list(reason) == ["code", "column", "message"]
            assert reason["column"]
            assert reason["message"]
    assert data["rows"][4]["reasons"][0]["code"] == "I_LATE_FLAG"
    json.dumps(data)  # serialisable as it is
    german = check(SAMPLE).to_json(lang="de")
    assert german["rows"][3]["reasons"][0]["message"].startswith("Anrufe am selben Tag")


@pytest.mark.parametrize(
    ("delimiter", "encoding"),
    [(";", "cp1252"), (";", "utf-8-sig"), (",", "utf-8"), (",", "cp1252"), ("\t", "utf-8")],
)
def test_sample_in_other_csv_dialects(tmp_path: Path, delimiter: str, encoding: str) -> None:
    path = write_csv(tmp_path / "liste.csv", sample_rows(), delimiter, encoding)
    report = check(path)
    assert judged(report) == EXPECTED
    assert report.delimiter == delimiter
    assert report.rows[0].record is not None
    assert report.rows[0].record.strasse == "Hauptstraße"


def test_sample_as_xlsx_with_text_cells(tmp_path: Path) -> None:
    report = check(write_xlsx(tmp_path / "liste.xlsx", [list(r) for r in sample_rows()]))
    assert judged(report) == EXPECTED
    assert report.kind == "xlsx"


def _typed(header: list[str], values: list[str]) -> list[Any]:
    """Cells as Excel would store them: real dates, date-times, numbers."""
    out: list[Any] = []
    for name, value in zip(header, values, strict=True):
        if value and name in ("geburtsdatum", "einladung1_datum", "einladung2_datum"):
            out.append(datetime.strptime(value, "%d.%m.%Y"))
        elif value and name in ("vorgemerkt_am", "anruf1", "anruf2", "termin"):
            out.append(datetime.strptime(value, "%d.%m.%Y %H:%M"))
        elif value and name in ("plz", "team"):
            out.append(int(value))
        elif name.endswith(("_rfb", "_erschienen")) and value:
            out.append(value == "ja")
        else:
            out.append(value or None)
    return out


def test_sample_as_xlsx_with_real_dates_and_numbers(tmp_path: Path) -> None:
    rows = sample_rows()
    data = [rows[0]] + [_typed(rows[0], r) for r in rows[1:]]
    report = check(write_xlsx(tmp_path / "liste.xlsx", data))
    assert judged(report) == EXPECTED
    record = report.rows[0].record
    assert record is not None
    assert record.plz == "74172"
    assert record.team == "521"
    assert record.vorgemerkt_am == datetime(2026, 11, 24, 10, 15, tzinfo=BERLIN)


def test_sample_as_xlsx_with_excel_serial_numbers(tmp_path: Path) -> None:
    rows = sample_rows()

    def serial(value: datetime) -> float:
        return (value - datetime(1899, 12, 30)).total_seconds() / 86400

    data: list[list[Any]] = [rows[0]]
    for values in rows[1:]:
        data.append([serial(v) if isinstance(v, datetime) else v for v in _typed(rows[0], values)])
    report = check(write_xlsx(tmp_path / "serial.xlsx", data))
    assert judged(report) == EXPECTED
    record = report.rows[1].record
    assert record is not None
    assert record.geburtsdatum == date(2003, 7, 2)
    assert record.anruf1 == datetime(2026, 11, 2, 8, 30, tzinfo=BERLIN)


def test_typed_record(tmp_path: Path) -> None:
    record = check(SAMPLE).rows[1].record
    assert record is not None
    assert record.kundennummer == "962D100002"
    assert record.langzeitarbeitslos is True
    assert record.adresszusatz == "bei Yilmaz"
    assert record.telefon is None
    assert record.offene_mitwirkung == ("Kontoauszüge", "Mietbescheinigung")
    assert record.hinweise == "Hund auf dem Grundstück"
    assert record.einladung1 is not None
    assert record.einladung1.rfb is True
    assert record.einladung1.datum == date(2026, 10, 5)
    assert record.vorgemerkt_am.tzinfo is BERLIN
    assert record.termin == datetime(2026, 12, 11, 10, 30, tzinfo=BERLIN)
    assert record.termin_ort == "Jobcenter Heilbronn, Raum 1.05"
    assert check(SAMPLE).rows[1].visit_week == IsoWeek(2026, 49)


# ------------------------------------------------------------------------------ the header


def test_header_variants(tmp_path: Path) -> None:
    variants = {
        "kundennummer": " Customer_Number ",
        "strasse": "Straße",
        "plz": "Postleitzahl",
        "einladung1_datum": "Einladung 1-Datum",
        "vorgemerkt_am": "VORGEMERKT-AM",
        "hb": "Hauptbetreuer",
    }
    header = [variants.get(h, h.upper()) for h in HEADER] + ["Sonstiges"]
    rows = [header] + [[*r, "egal"] for r in sample_rows()[1:]]
    report = check(write_csv(tmp_path / "h.csv", rows))
    assert judged(report) == EXPECTED
    assert report.ignored_columns == ("Sonstiges",)


def test_missing_optional_columns_are_fine(tmp_path: Path) -> None:
    keep = [i for i, h in enumerate(HEADER) if h not in ("telefon", "hinweise", "team")]
    rows = [[r[i] for i in keep] for r in sample_rows()]
    assert judged(check(write_csv(tmp_path / "o.csv", rows))) == EXPECTED


def test_missing_required_column_marks_every_row(tmp_path: Path) -> None:
    keep = [i for i, h in enumerate(HEADER) if h != "plz"]
    rows = [[r[i] for i in keep] for r in sample_rows()]
    report = check(write_csv(tmp_path / "m.csv", rows))
    assert report.missing_columns == ("plz",)
    assert report.exit_code == 1
    for item in report.rows:
        assert item.status is Status.INVALID
        assert [(r.code, r.column) for r in item.reasons] == [("X_MISSING", "plz")]
        assert "plz" in item.reasons[0].message("en")
        assert "Kopfzeile" in item.reasons[0].message("de")


def test_a_table_without_the_required_columns_is_no_flag_list(tmp_path: Path) -> None:
    path = tmp_path / "other.csv"
    path.write_text("name;betrag\nMiete;500\n", encoding="utf-8")
    with pytest.raises(FlagFileError) as info:
        check(path)
    assert info.value.problem is Problem.MISSING_COLUMNS
    assert "kundennummer" in info.value.message("en")
    assert "vorgemerkt_am" in info.value.message("de")


# ------------------------------------------------------------------------- invalid rows


def _one(tmp_path: Path, *rows: list[str]) -> CheckReport:
    return check(write_csv(tmp_path / "x.csv", [HEADER, *rows]))


def _reasons(report: CheckReport, index: int = 0) -> list[tuple[str, str | None]]:
    return [(r.code, r.column) for r in report.rows[index].reasons]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"nachname": " "}, [("X_MISSING", "nachname")]),
        ({"vorgemerkt_am": ""}, [("X_MISSING", "vorgemerkt_am")]),
        ({"geburtsdatum": "31.02.1988"}, [("X_FORMAT", "geburtsdatum")]),
        ({"geburtsdatum": "14.3.88"}, [("X_FORMAT", "geburtsdatum")]),
        ({"vorgemerkt_am": "24.11.2026"}, [("X_FORMAT", "vorgemerkt_am")]),
        ({"anruf1": "gestern"}, [("X_FORMAT", "anruf1")]),
        ({"einladung1_rfb": "vielleicht"}, [("X_FORMAT", "einladung1_rfb")]),
        ({"langzeitarbeitslos": "2"}, [("X_FORMAT", "langzeitarbeitslos")]),
        ({"plz": "7417"}, [("X_PLZ", "plz")]),
        ({"plz": "74a72"}, [("X_PLZ", "plz")]),
        ({"plz": ""}, [("X_MISSING", "plz")]),
        (
            {"ort": "", "nachname": "", "plz": "1"},
            [("X_MISSING", "nachname"), ("X_MISSING", "ort"), ("X_PLZ", "plz")],
        ),
    ],
)
def test_invalid_rows(tmp_path: Path, changes: dict[str, str], expected: list[Any]) -> None:
    report = _one(tmp_path, row(**changes))
    item = report.rows[0]
    assert item.status is Status.INVALID
    assert item.visit_week is None
    assert item.record is None
    assert _reasons(report) == expected
    assert report.exit_code == 1
    message = item.reasons[0].message("en")
    assert message.startswith(f"Line 2, column {expected[0][1]}: ")
    assert item.reasons[0].message("de").startswith(f"Zeile 2, Spalte {expected[0][1]}: ")


def test_duplicates_mark_the_later_occurrences(tmp_path: Path) -> None:
    first = row()
    report = _one(tmp_path, first, row(kundennummer="962d100001 "), row(kundennummer="962D1"))
    assert [r.status for r in report.rows] == [Status.ELIGIBLE, Status.INVALID, Status.ELIGIBLE]
    assert _reasons(report, 1) == [("X_DUPLICATE", "kundennummer")]
    message = report.rows[1].reasons[0].message("en")
    assert "line 2" in message
    assert message.startswith("Line 3, column kundennummer")
    assert report.summary["invalid"] == 1


def test_date_and_boolean_spellings(tmp_path: Path) -> None:
    report = _one(
        tmp_path,
        row(
            geburtsdatum="1988-03-14",
            vorgemerkt_am="2026-11-24T10:15:00+01:00",
            anruf1="2026-10-19 09:10",
            anruf2="22.10.2026 15:40 Uhr",
            einladung1_rfb="N",
            einladung1_erschienen="",
            einladung2_rfb="x",
            einladung2_erschienen="false",
            langzeitarbeitslos="0",
        ),
    )
    item = report.rows[0]
    assert item.status is Status.ELIGIBLE, item.reasons
    assert item.record is not None
    assert item.record.geburtsdatum == date(1988, 3, 14)
    assert item.record.anruf2 == datetime(2026, 10, 22, 15, 40, tzinfo=BERLIN)


def test_parsers() -> None:
    for yes in ("ja", "J", "x", "TRUE", "1", " Ja ", True, 1):
        assert parse_bool(yes) is True
    for no in ("nein", "n", "", None, "False", "0", 0):
        assert parse_bool(no) is False
    assert parse_date("5.3.2026") == date(2026, 3, 5)
    assert parse_date(46350) == date(2026, 11, 24)
    assert parse_datetime("2026-11-24T09:15Z") == datetime(2026, 11, 24, 10, 15, tzinfo=BERLIN)
    assert parse_datetime(46350.5).hour == 12
    assert parse_plz(1067) == "01067"
    with pytest.raises(ValueError, match="121026"):
        parse_date("121026")


def test_blank_lines_are_skipped_and_lines_stay_file_lines(tmp_path: Path) -> None:
    rows = sample_rows()
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    writer.writerow(rows[0])
    writer.writerow([*rows[1][:-1], "zwei\nZeilen"])
    buffer.write("\n;;;\n")
    writer.writerow(rows[2])
    path = tmp_path / "lines.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    report = check(path)
    assert [r.line for r in report.rows] == [2, 6]
    assert report.rows[0].record is not None
    assert report.rows[0].record.hinweise == "zwei\nZeilen"


# ----------------------------------------------------------------------- XLSX special cells


def _patch_xml(path: Path, change: Callable[[str], str]) -> None:
    with zipfile.ZipFile(path) as src:
        parts = {name: src.read(name) for name in src.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = change(parts[sheet].decode()).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in parts.items():
            dst.writestr(name, data)


def test_formula_cells(tmp_path: Path) -> None:
    rows: list[list[Any]] = [list(r) for r in sample_rows()[:3]]
    ort = HEADER.index("ort")
    hb = HEADER.index("hb")
    letter = openpyxl.utils.get_column_letter
    rows[1][ort] = f'=UPPER("{rows[1][ort]}")'  # written by openpyxl: no cached value
    rows[2][hb] = '=CONCAT("Herr ","Brandt")'
    path = write_xlsx(tmp_path / "f.xlsx", rows)
    # Give the second formula the cached value Excel would have stored.
    cell = f"{letter(hb + 1)}3"
    _patch_xml(path, lambda xml: re.sub(
        rf'(<c r="{cell}"[^>]*>\s*<f>[^<]*</f>)\s*<v\s*/>', r"\1<v>Herr Brandt</v>", xml
    ).replace(f'<c r="{cell}"', f'<c r="{cell}" t="str"', 1))  # fmt: skip
    report = check(path)
    assert report.rows[0].status is Status.INVALID
    assert _reasons(report, 0) == [("X_FORMAT", "ort")]
    assert "Formel" in report.rows[0].reasons[0].message("de")
    assert "formula" in report.rows[0].reasons[0].message("en")
    assert report.rows[1].status is Status.ELIGIBLE
    assert report.rows[1].record is not None
    assert report.rows[1].record.hb == "Herr Brandt"


def test_merged_cells_fill_down_within_their_column(tmp_path: Path) -> None:
    rows: list[list[Any]] = [list(r) for r in sample_rows()[:4]]
    hb = HEADER.index("hb")
    hinweise = HEADER.index("hinweise")
    for r in rows[2:]:
        r[hb] = None
    rows[1][hinweise - 1] = "Hinweis über zwei Spalten"

    def merge(ws: Any) -> None:
        letter = openpyxl.utils.get_column_letter
        ws.merge_cells(f"{letter(hb + 1)}2:{letter(hb + 1)}9")  # reaches below the list
        ws.merge_cells(f"{letter(hinweise)}2:{letter(hinweise + 1)}2")

    report = check(write_xlsx(tmp_path / "m.xlsx", rows, merge))
    assert len(report.rows) == 3
    records = [r.record for r in report.rows]
    assert all(r is not None for r in records)
    assert [r.hb for r in records if r] == ["Frau Keller", "Frau Keller", "Frau Keller"]
    assert records[0] is not None
    assert records[0].offene_mitwirkung == ("Hinweis über zwei Spalten",)
    assert records[0].hinweise is None


def test_xlsx_plz_number_and_blank_rows(tmp_path: Path) -> None:
    rows: list[list[Any]] = [list(r) for r in sample_rows()[:2]]
    rows[1][HEADER.index("plz")] = 1067
    rows.insert(1, [None] * len(HEADER))
    report = check(write_xlsx(tmp_path / "p.xlsx", rows))
    assert [r.line for r in report.rows] == [3]
    assert report.rows[0].record is not None
    assert report.rows[0].record.plz == "01067"


def test_csv_serial_numbers_in_date_columns(tmp_path: Path) -> None:
    report = _one(tmp_path, row(geburtsdatum="32216", vorgemerkt_am="46350,4270833"))
    record = report.rows[0].record
    assert record is not None, report.rows[0].reasons
    assert record.geburtsdatum == date(1988, 3, 14)
    assert record.vorgemerkt_am == datetime(2026, 11, 24, 10, 15, tzinfo=BERLIN)


# ---------------------------------------------------------------------------- bad files


def _refused(path: Path, problem: Problem, rules: RulesSettings = RULES) -> FlagFileError:
    with pytest.raises(FlagFileError) as info:
        check_file(path, rules)
    assert info.value.problem is problem
    for lang in ("de", "en"):
        sentence = info.value.message(lang)
        assert sentence.endswith(".")
        assert "\n" not in sentence
    assert str(info.value) == info.value.message("en")
    return info.value


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", Problem.NOT_TABLE),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", Problem.NOT_TABLE),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, Problem.NOT_TABLE),
        (b"", Problem.EMPTY),
        (b"\xef\xbb\xbf\r\n\r\n", Problem.EMPTY),
        (bytes(range(256)) * 20, Problem.BINARY),
        ("kundennummer;nachname\n962D1;Müller\n".encode("utf-16"), Problem.ENCODING),
        ("kundennummer;nachname\n962D1;Müller\n".encode("utf-16-le"), Problem.ENCODING),
        (
            "顧客番号;名前;住所\nアイウエオ;カキクケコ;サシスセソ\n".encode("shift_jis"),
            Problem.ENCODING,
        ),
        (b"Kundennummer;Nachname\n" + "Ñ".encode("cp437") * 50, Problem.ENCODING),
    ],
)
def test_bad_content(tmp_path: Path, content: bytes, problem: Problem) -> None:
    path = tmp_path / "liste.csv"
    path.write_bytes(content)
    _refused(path, problem)


def test_not_an_xlsx_zip(tmp_path: Path) -> None:
    path = tmp_path / "liste.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    assert "ODS" in _refused(path, Problem.NOT_TABLE).message("en")


def test_header_only(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "h.csv", [HEADER, [""] * len(HEADER)])
    _refused(path, Problem.HEADER_ONLY)
    _refused(write_xlsx(tmp_path / "h.xlsx", [HEADER]), Problem.HEADER_ONLY)
    _refused(write_xlsx(tmp_path / "e.xlsx", []), Problem.EMPTY)


def test_truncated_csv(tmp_path: Path) -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    cut = text[: text.index("Kontaktabbruch")] + '"Kontaktabbruch seit'
    path = tmp_path / "cut.csv"
    path.write_text(cut, encoding="utf-8")
    _refused(path, Problem.TRUNCATED)
    # Also when a stray quote elsewhere forces the lenient reading.
    path.write_text(cut.replace("Hauptstraße", 'Haupt"straße"x'), encoding="utf-8")
    _refused(path, Problem.TRUNCATED)


def test_truncated_xlsx(tmp_path: Path) -> None:
    full = write_xlsx(tmp_path / "full.xlsx", [list(r) for r in sample_rows()]).read_bytes()
    for fraction in (0.3, 0.6, 0.95):
        path = tmp_path / f"cut{fraction}.xlsx"
        path.write_bytes(full[: int(len(full) * fraction)])
        assert "XLSX" in _refused(path, Problem.TRUNCATED).message("de")


def test_damaged_part_inside_xlsx(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "d.xlsx", [list(r) for r in sample_rows()])
    _patch_xml(path, lambda xml: xml[: len(xml) // 2])
    _refused(path, Problem.TRUNCATED)


def test_huge_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    with path.open("wb") as fh:  # sparse: 100 MB without writing them
        fh.truncate(100 * 1024 * 1024)
    error = _refused(path, Problem.TOO_LARGE)
    assert "50 MB" in error.message("en")


def test_too_many_rows(tmp_path: Path) -> None:
    rows = [HEADER] + [row(kundennummer=f"962D{i:06d}") for i in range(30)]
    path = write_csv(tmp_path / "long.csv", rows)
    _refused(path, Problem.TOO_LARGE, RulesSettings(max_import_rows=20))
    path_x = write_xlsx(tmp_path / "long.xlsx", [list(r) for r in rows])
    _refused(path_x, Problem.TOO_LARGE, RulesSettings(max_import_rows=20))
    assert len(check_file(path, RulesSettings(max_import_rows=30)).rows) == 30


def test_unreadable_paths(tmp_path: Path) -> None:
    _refused(tmp_path / "missing.csv", Problem.UNREADABLE)
    _refused(tmp_path, Problem.UNREADABLE)


# ------------------------------------------------------------------- progress and cancel


def test_progress_and_cancel(tmp_path: Path) -> None:
    rows = [HEADER] + [row(kundennummer=f"962D{i:06d}") for i in range(1200)]
    path = write_csv(tmp_path / "many.csv", rows)
    seen: list[tuple[int, int]] = []
    report = check(path, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(0, 1200), (500, 1200), (1000, 1200), (1200, 1200)]
    assert report.summary["eligible"] == 1200
    calls = iter(range(100))
    with pytest.raises(CheckCancelled):
        check(path, cancelled=lambda: next(calls) >= 1)


def test_lenient_csv_details(tmp_path: Path) -> None:
    rows = sample_rows()[:3]
    rows[2][-1] = "Hinweis\r\n"
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows(rows)
    # A closed multi-line last field without a final newline, then a DOS end-of-file mark.
    text = buffer.getvalue().removesuffix("\r\n") + "\x1a"
    assert text.endswith('Hinweis\r\n"\x1a')
    path = tmp_path / "dos.csv"
    path.write_bytes(text.encode("cp1252"))
    report = check(path)
    assert [r.line for r in report.rows] == [2, 3]
    assert report.rows[1].record is not None
    assert report.rows[1].record.hinweise == "Hinweis"  # values are trimmed
    assert report.encoding == "cp1252"
