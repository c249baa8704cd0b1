"""Judging a weekly flag list: each row gets typed values, a status, reasons and its visit
week, exactly as ``spec/import-format.md`` says.

Decisions the contract leaves open (documented here, relied on by tests):

- ``X_DUPLICATE`` marks the *later* occurrences of a Kundennummer (compared without case and
  surrounding blanks); the first one is judged normally.
- Invalid rows carry only their ``X_`` reasons (the chain of a row that cannot be read is not
  judged) and ``visit_week`` null.
- A required column absent from the header gives every row ``X_MISSING`` for that column; a
  header without ``kundennummer`` or without most required columns is no flag list at all
  (:class:`FlagFileError`).
- A date-time column needs a time of day: ``24.11.2026`` alone in ``vorgemerkt_am`` is
  ``X_FORMAT`` (the cutoff and the call gap depend on it).
- Numbers in date columns are read as Excel serial dates (XLSX cells, also digits in CSV)
  when they fall between 1900 and 2100.
- Completely empty lines are skipped; line numbers stay those of the file.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from fieldkit.domain.appointment import (
    AppointmentKind,
    parse_bg_number,
    parse_kind,
    parse_rbs,
)
from fieldkit.domain.calendar import WorkingDayCalendar
from fieldkit.domain.escalation import EscalationChain, Invitation, evaluate
from fieldkit.domain.reasons import Reason, Status, shorten, sorted_reasons
from fieldkit.domain.settings import RulesSettings
from fieldkit.domain.week import BERLIN, IsoWeek, to_berlin
from fieldkit.importing.reader import (
    FORMULA_WITHOUT_VALUE,
    REQUIRED_COLUMNS,
    CheckCancelled,
    RawRow,
    RawTable,
    read_table,
)

DATE_COLUMNS = ("geburtsdatum", "einladung1_datum", "einladung2_datum")
DATETIME_COLUMNS = ("vorgemerkt_am", "anruf1", "anruf2", "termin")
BOOL_COLUMNS = (
    "langzeitarbeitslos", "einladung1_rfb", "einladung1_erschienen",
    "einladung2_rfb", "einladung2_erschienen",
)  # fmt: skip

_TRUE = frozenset({"ja", "j", "x", "true", "1", "yes", "y", "wahr"})
_FALSE = frozenset({"nein", "n", "", "false", "0", "no", "falsch", "-"})
_DE_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DE_DATETIME = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})[ ,T]+(\d{1,2}):(\d{2})(?::(\d{2}))?")
_SERIAL = re.compile(r"\d{1,5}(?:[.,]\d+)?")
_PLZ = re.compile(r"\d{5}")
_SERIAL_MAX = 73415.0  # 31.12.2100
# UTC only so the day arithmetic has no daylight-saving jumps; the wall clock is what counts.
_EPOCH_1900 = datetime(1899, 12, 30, tzinfo=UTC)
_EPOCH_1904 = datetime(1904, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class FlagRow:
    """One valid row of the flag list as Python values (times aware, Europe/Berlin)."""

    line: int
    kundennummer: str
    nachname: str
    vorname: str
    geburtsdatum: date
    strasse: str
    hausnummer: str
    plz: str
    ort: str
    adresszusatz: str | None
    telefon: str | None
    hb: str
    team: str | None
    langzeitarbeitslos: bool
    vorgemerkt_am: datetime
    einladung1: Invitation | None
    einladung2: Invitation | None
    anruf1: datetime | None
    anruf2: datetime | None
    sinnhaftigkeit: str | None
    termin: datetime | None
    termin_ort: str | None
    offene_mitwirkung: tuple[str, ...]
    hinweise: str | None
    termin_art: AppointmentKind = AppointmentKind.IN_PERSON
    regelbedarfsstufe: int = 1
    bg_nummer: str | None = None

    def chain(self) -> EscalationChain:
        """The escalation chain this row documents."""
        return EscalationChain(
            geburtsdatum=self.geburtsdatum,
            langzeitarbeitslos=self.langzeitarbeitslos,
            einladung1=self.einladung1,
            einladung2=self.einladung2,
            anruf1=self.anruf1,
            anruf2=self.anruf2,
            sinnhaftigkeit=self.sinnhaftigkeit,
            termin=self.termin,
            vorgemerkt_am=self.vorgemerkt_am,
            termin_art=self.termin_art,
        )


@dataclass(frozen=True)
class JudgedRow:
    """A row's verdict: status, reasons (sorted by code), visit week, parsed record."""

    line: int
    kundennummer: str | None
    status: Status
    visit_week: IsoWeek | None
    reasons: tuple[Reason, ...]
    record: FlagRow | None
    late: bool = False

    @property
    def codes(self) -> list[str]:
        """The reason codes in order."""
        return [r.code for r in self.reasons]

    def to_json(self, lang: str = "en") -> dict[str, Any]:
        """The row in the contract's JSON shape."""
        return {
            "line": self.line,
            "kundennummer": self.kundennummer,
            "status": self.status.value,
            "visit_week": str(self.visit_week) if self.visit_week else None,
            "reasons": [
                {"code": r.code, "column": r.column, "message": r.message(lang)}
                for r in self.reasons
            ],
        }


@dataclass(frozen=True)
class CheckReport:
    """Everything ``fieldkit check`` says about a file."""

    rows: list[JudgedRow]
    summary: dict[str, int]
    kind: str
    encoding: str | None
    delimiter: str | None
    missing_columns: tuple[str, ...]
    ignored_columns: tuple[str, ...]

    @property
    def has_invalid(self) -> bool:
        """True when any row is invalid (then ``check`` exits 1)."""
        return self.summary["invalid"] > 0

    @property
    def exit_code(self) -> int:
        """0 when no row is invalid, 1 otherwise (the contract's exit semantics)."""
        return 1 if self.has_invalid else 0

    def valid_rows(self) -> list[JudgedRow]:
        """Rows that can be imported (all but the invalid ones)."""
        return [r for r in self.rows if r.status is not Status.INVALID]

    def invalid_rows(self) -> list[JudgedRow]:
        """Rows that cannot be imported."""
        return [r for r in self.rows if r.status is Status.INVALID]

    def to_json(self, lang: str = "en") -> dict[str, Any]:
        """Exactly the contract's JSON: ``{"rows": [...], "summary": {...}}``."""
        return {"rows": [r.to_json(lang) for r in self.rows], "summary": dict(self.summary)}


# ------------------------------------------------------------------------------ conversions


class _CellError(Exception):
    def __init__(self, code: str, variant: str = "") -> None:
        super().__init__(code)
        self.code = code
        self.variant = variant


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _from_serial(value: float, epoch_1904: bool) -> datetime:
    if not 1 <= value <= _SERIAL_MAX:
        raise ValueError(value)
    base = _EPOCH_1904 if epoch_1904 else _EPOCH_1900
    # Excel's 1900 system counts a 29.02.1900 that never was; serials before it are one off.
    if not epoch_1904 and value < 61:
        value += 1
    moment = base + timedelta(days=value)
    return moment.replace(microsecond=0) + timedelta(seconds=round(moment.microsecond / 1e6))


def _serial_text(text: str) -> float | None:
    if _SERIAL.fullmatch(text):
        number = float(text.replace(",", "."))
        if 1 <= number <= _SERIAL_MAX:
            return number
    return None


def to_text(value: Any) -> str:
    """A cell as text (numbers without a trailing ``.0``)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    return str(value).strip()


def parse_date(value: Any, epoch_1904: bool = False) -> date:
    """A date cell or text (TT.MM.JJJJ, JJJJ-MM-TT, Excel serial); ValueError otherwise."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if _is_number(value):
        return _from_serial(float(value), epoch_1904).date()
    text = to_text(value)
    match = _DE_DATE.fullmatch(text)
    if match:
        return date(int(match[3]), int(match[2]), int(match[1]))
    match = _ISO_DATE.fullmatch(text)
    if match:
        return date(int(match[1]), int(match[2]), int(match[3]))
    serial = _serial_text(text)
    if serial is not None:
        return _from_serial(serial, epoch_1904).date()
    raise ValueError(text)


class _NoTime(ValueError):
    pass


def parse_datetime(value: Any, epoch_1904: bool = False) -> datetime:
    """A date-time cell or text (TT.MM.JJJJ HH:MM, ISO 8601, Excel serial) as an aware
    Europe/Berlin datetime; ValueError otherwise (``_NoTime`` when only a date is given)."""
    if isinstance(value, datetime):
        return to_berlin(value)
    if isinstance(value, date):
        raise _NoTime(value)
    if _is_number(value):
        return _from_serial(float(value), epoch_1904).replace(tzinfo=BERLIN)
    text = to_text(value)
    if text.lower().endswith("uhr"):
        text = text[:-3].strip()
    match = _DE_DATETIME.fullmatch(text)
    if match:
        d, m, y, hh, mm, ss = match.groups()
        return datetime(int(y), int(m), int(d), int(hh), int(mm), int(ss or 0), tzinfo=BERLIN)
    if _DE_DATE.fullmatch(text) or _ISO_DATE.fullmatch(text):
        raise _NoTime(text)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}[T ]\d{1,2}:\d{2}.*", text):
        return to_berlin(datetime.fromisoformat(text.replace(" ", "T", 1)))
    serial = _serial_text(text)
    if serial is not None:
        return _from_serial(serial, epoch_1904).replace(tzinfo=BERLIN)
    raise ValueError(text)


def parse_bool(value: Any) -> bool:
    """ja/nein, j/n, x/empty, true/false, 1/0 (any case); ValueError otherwise."""
    if isinstance(value, bool):
        return value
    if value is None:
        return False
    if _is_number(value) and value in (0, 1):
        return bool(value)
    text = to_text(value).lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(text)


def parse_plz(value: Any) -> str:
    """Five digits; an XLSX number that lost its leading zero (1067) gets it back."""
    if _is_number(value) and float(value).is_integer() and 1000 <= value <= 99999:
        return f"{int(value):05d}"
    text = to_text(value)
    if _PLZ.fullmatch(text):
        return text
    raise ValueError(text)


# ------------------------------------------------------------------------------------ judging


class _RowReader:
    """Collects the ``X_`` reasons while converting one raw row."""

    def __init__(self, raw: RawRow, table: RawTable) -> None:
        self.raw = raw
        self.table = table
        self.reasons: list[Reason] = []

    def _problem(self, code: str, column: str, value: Any = "", variant: str = "") -> None:
        params = {"value": shorten(to_text(value))}
        if variant:
            params["variant"] = variant
        self.reasons.append(Reason(code, column, self.raw.line, params))

    def _cell(self, column: str) -> Any:
        value = self.raw.cells.get(column)
        if value is FORMULA_WITHOUT_VALUE:
            self._problem("X_FORMAT", column, "", "formula")
            return _SKIP
        return value

    def text(self, column: str, required: bool = False) -> str | None:
        value = self._cell(column)
        if value is _SKIP:
            return None
        text = to_text(value)
        if not text:
            if required:
                variant = "header" if column in self.table.missing_columns else ""
                self._problem("X_MISSING", column, variant=variant)
            return None
        return text

    def _typed(self, column: str, required: bool, parse: Callable[[Any], Any], kind: str) -> Any:
        value = self._cell(column)
        if value is _SKIP:
            return None
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                variant = "header" if column in self.table.missing_columns else ""
                self._problem("X_MISSING", column, variant=variant)
            return None
        try:
            return parse(value)
        except _NoTime:
            self._problem("X_FORMAT", column, value, "no_time")
        except (ValueError, OverflowError):
            self._problem("X_PLZ" if kind == "plz" else "X_FORMAT", column, value, kind)
        return None

    def date(self, column: str, required: bool = False) -> date | None:
        epoch = self.table.epoch_1904
        result: date | None = self._typed(column, required, lambda v: parse_date(v, epoch), "date")
        return result

    def datetime(self, column: str, required: bool = False) -> datetime | None:
        epoch = self.table.epoch_1904
        result: datetime | None = self._typed(
            column, required, lambda v: parse_datetime(v, epoch), "datetime"
        )
        return result

    def boolean(self, column: str) -> bool:
        value = self._cell(column)
        if value is _SKIP:
            return False
        try:
            return parse_bool(value)
        except ValueError:
            self._problem("X_FORMAT", column, value, "bool")
            return False

    def parsed(self, column: str, parse: Callable[[Any], Any], variant: str) -> Any:
        """An optional column read by ``parse``; empty cells go to ``parse`` as None."""
        value = self._cell(column)
        if value is _SKIP:
            return None
        if isinstance(value, str) and not value.strip():
            value = None
        try:
            return parse(value)
        except (ValueError, TypeError):
            self._problem("X_FORMAT", column, value, variant)
        return None

    def plz(self) -> str | None:
        result: str | None = self._typed("plz", True, parse_plz, "plz")
        return result


_SKIP = object()


def _invitation(reader: _RowReader, n: int) -> Invitation | None:
    datum = reader.date(f"einladung{n}_datum")
    rfb = reader.boolean(f"einladung{n}_rfb")
    came = reader.boolean(f"einladung{n}_erschienen")
    return Invitation(datum, rfb, came) if datum is not None else None


def read_row(raw: RawRow, table: RawTable) -> tuple[FlagRow | None, list[Reason]]:
    """Convert one raw row; the record is None when any ``X_`` reason was found."""
    r = _RowReader(raw, table)
    values: dict[str, Any] = {
        "kundennummer": r.text("kundennummer", True),
        "nachname": r.text("nachname", True),
        "vorname": r.text("vorname", True),
        "geburtsdatum": r.date("geburtsdatum", True),
        "strasse": r.text("strasse", True),
        "hausnummer": r.text("hausnummer", True),
        "plz": r.plz(),
        "ort": r.text("ort", True),
        "adresszusatz": r.text("adresszusatz"),
        "telefon": r.text("telefon"),
        "hb": r.text("hb", True),
        "team": r.text("team"),
        "langzeitarbeitslos": r.boolean("langzeitarbeitslos"),
        "vorgemerkt_am": r.datetime("vorgemerkt_am", True),
        "einladung1": _invitation(r, 1),
        "einladung2": _invitation(r, 2),
        "anruf1": r.datetime("anruf1"),
        "anruf2": r.datetime("anruf2"),
        "sinnhaftigkeit": r.text("sinnhaftigkeit"),
        "termin": r.datetime("termin"),
        "termin_ort": r.text("termin_ort"),
        "hinweise": r.text("hinweise"),
        "termin_art": r.parsed("termin_art", parse_kind, "termin_art"),
        "regelbedarfsstufe": r.parsed("regelbedarfsstufe", parse_rbs, "rbs"),
        "bg_nummer": r.parsed("bg_nummer", parse_bg_number, "bg_nummer"),
    }
    open_items = r.text("offene_mitwirkung") or ""
    values["offene_mitwirkung"] = tuple(p.strip() for p in open_items.split("|") if p.strip())
    if r.reasons:
        return None, r.reasons
    return FlagRow(line=raw.line, **values), []


def judge_table(
    table: RawTable,
    rules: RulesSettings,
    calendar: WorkingDayCalendar | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    progress_every: int = 500,
) -> CheckReport:
    """Judge every row of a read table."""
    cal = calendar if calendar is not None else WorkingDayCalendar.from_settings(rules)
    first_line: dict[str, int] = {}
    judged: list[JudgedRow] = []
    total = len(table.rows)
    for done, raw in enumerate(table.rows):
        if done % progress_every == 0:
            if cancelled is not None and cancelled():
                raise CheckCancelled
            if progress is not None:
                progress(done, total)
        record, problems = read_row(raw, table)
        number = to_text(raw.cells.get("kundennummer")) if raw.cells.get("kundennummer") else ""
        number = "" if raw.cells.get("kundennummer") is FORMULA_WITHOUT_VALUE else number
        key = number.casefold()
        if key:
            if key in first_line:
                problems.append(
                    Reason(
                        "X_DUPLICATE",
                        "kundennummer",
                        raw.line,
                        {"value": shorten(number), "first_line": str(first_line[key])},
                    )
                )
                record = None
            else:
                first_line[key] = raw.line
        if problems or record is None:
            judged.append(
                JudgedRow(
                    raw.line, number or None, Status.INVALID, None, sorted_reasons(problems), None
                )
            )
            continue
        result = evaluate(record.chain(), rules, cal)
        judged.append(
            JudgedRow(
                raw.line,
                record.kundennummer,
                result.status,
                result.visit_week,
                result.reasons,
                record,
                result.late,
            )
        )
    if progress is not None:
        progress(total, total)
    summary = {s.value: 0 for s in (Status.ELIGIBLE, Status.WARNING, Status.BLOCKED)}
    summary[Status.INVALID.value] = 0
    for row in judged:
        summary[row.status.value] += 1
    return CheckReport(
        judged,
        summary,
        table.kind,
        table.encoding,
        table.delimiter,
        tuple(table.missing_columns),
        tuple(table.ignored_columns),
    )


def check_file(
    path: Path | str,
    rules: RulesSettings | None = None,
    calendar: WorkingDayCalendar | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    progress_every: int = 500,
) -> CheckReport:
    """Read and judge a flag list without writing anything.

    Raises :class:`~fieldkit.importing.reader.FlagFileError` for a file that is no usable
    flag list and :class:`~fieldkit.importing.reader.CheckCancelled` when ``cancelled()``
    returns True. ``progress(done, total)`` is called every ``progress_every`` rows.
    """
    rules = rules or RulesSettings()
    table = read_table(path, rules, cancelled)
    return judge_table(table, rules, calendar, progress, cancelled, progress_every)


__all__ = [
    "BOOL_COLUMNS",
    "DATETIME_COLUMNS",
    "DATE_COLUMNS",
    "REQUIRED_COLUMNS",
    "CheckReport",
    "FlagRow",
    "JudgedRow",
    "check_file",
    "judge_table",
    "parse_bool",
    "parse_date",
    "parse_datetime",
    "parse_plz",
    "read_row",
]
