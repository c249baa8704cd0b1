"""Reading a weekly flag list (CSV or XLSX) into raw rows with spec column names.

Reading only finds the table: it decodes, detects the separator, matches the header and
gives every data row with its file line (CSV, header = 1) or sheet row number (XLSX). Turning
cells into dates, booleans and so on is :mod:`fieldkit.importing.judge`'s job. Whatever is
wrong with the file as a whole raises :class:`FlagFileError` with one sentence in German and
English.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from fieldkit.domain.reasons import SPEC_COLUMNS
from fieldkit.domain.settings import RulesSettings
from fieldkit.errors import BilingualError

REQUIRED_COLUMNS: tuple[str, ...] = (
    "kundennummer", "nachname", "vorname", "geburtsdatum", "strasse", "hausnummer", "plz", "ort",
    "hb", "vorgemerkt_am",
)  # fmt: skip


class FormulaWithoutValue:
    """Marks an XLSX formula cell that has no stored (cached) result."""

    def __repr__(self) -> str:
        return "FORMULA_WITHOUT_VALUE"


FORMULA_WITHOUT_VALUE = FormulaWithoutValue()

Cell = Any  # str | int | float | bool | datetime | date | time | None | FormulaWithoutValue


class Problem(StrEnum):
    """What is wrong with a file as a whole."""

    NOT_TABLE = "not_table"
    EMPTY = "empty"
    HEADER_ONLY = "header_only"
    TRUNCATED = "truncated"
    BINARY = "binary"
    ENCODING = "encoding"
    TOO_LARGE = "too_large"
    MISSING_COLUMNS = "missing_columns"
    DAMAGED = "damaged"
    UNREADABLE = "unreadable"


class FlagFileError(BilingualError):
    """The file cannot be read as a flag list; ``message(lang)`` says why in one sentence."""

    def __init__(self, problem: Problem, de: str, en: str) -> None:
        super().__init__(de, en, str(problem))
        self.problem = problem


class CheckCancelled(Exception):
    """The caller's cancel check asked to stop."""


@dataclass
class RawRow:
    """One data row: file line / sheet row and the cells by spec column name."""

    line: int
    cells: dict[str, Cell]


@dataclass
class RawTable:
    """The rows of a flag list and what was learnt about the file."""

    kind: str  # "csv" or "xlsx"
    rows: list[RawRow]
    columns: dict[str, str]  # spec column -> header text in the file
    missing_columns: list[str]  # required spec columns the header lacks
    ignored_columns: list[str]  # header texts that match no spec column
    encoding: str | None = None
    delimiter: str | None = None
    epoch_1904: bool = False
    merged_filled: int = 0
    notes: list[str] = field(default_factory=list)


def normalise_header(text: object) -> str:
    """Header text as compared: lower case, ß = ss, umlauts kept, blanks, ``-``, ``_`` and dots
    ignored (so ``Einladung 1-Datum`` = ``einladung1_datum``)."""
    value = unicodedata.normalize("NFC", str(text)).strip().lower().replace("ß", "ss")
    return re.sub(r"[\s\-_./]+", "", value)


_ALIASES: dict[str, tuple[str, ...]] = {
    "kundennummer": ("kundennr", "kdnr", "kunden_nr", "customer_number", "customer_no",
                     "customer_id", "customernumber"),
    "nachname": ("familienname", "last_name", "lastname", "surname", "family_name"),
    "vorname": ("first_name", "firstname", "given_name"),
    "geburtsdatum": ("geb_datum", "geboren", "geboren_am", "birth_date", "birthdate",
                     "date_of_birth", "dob"),
    "strasse": ("straße", "str", "street"),
    "hausnummer": ("hausnr", "hnr", "house_number", "housenumber", "street_number"),
    "plz": ("postleitzahl", "postal_code", "postcode", "post_code", "zip", "zip_code", "zipcode"),
    "ort": ("wohnort", "stadt", "city", "town", "gemeinde"),
    "adresszusatz": ("zusatz", "adressezusatz", "address_addition", "address_extra", "c_o"),
    "telefon": ("tel", "telefonnummer", "telefonnr", "phone", "phone_number", "telephone"),
    "hb": ("hauptbetreuer", "hauptbetreuerin", "betreuer", "caseworker", "case_worker"),
    "team": ("team_nr", "teamnummer", "team_number"),
    "langzeitarbeitslos": ("lza", "long_term_unemployed"),
    "vorgemerkt_am": ("vorgemerkt", "vormerkung", "vormerkdatum", "flagged_at", "flagged"),
    "einladung1_datum": ("einladung1", "erste_einladung", "invitation1_date", "invitation1"),
    "einladung1_rfb": ("invitation1_rfb",),
    "einladung1_erschienen": ("invitation1_attended",),
    "einladung2_datum": ("einladung2", "zweite_einladung", "invitation2_date", "invitation2"),
    "einladung2_rfb": ("invitation2_rfb",),
    "einladung2_erschienen": ("invitation2_attended",),
    "anruf1": ("anruf1_am", "anruf1_datum", "call1", "call1_at", "erster_anruf"),
    "anruf2": ("anruf2_am", "anruf2_datum", "call2", "call2_at", "zweiter_anruf"),
    "sinnhaftigkeit": ("begruendung", "begründung", "reason", "outreach_reason"),
    "termin": ("termin_am", "termin_datum", "appointment", "appointment_at"),
    "termin_ort": ("terminort", "appointment_place", "appointment_location"),
    "offene_mitwirkung": ("mitwirkung", "offene_mitwirkungsschreiben", "open_documents",
                          "missing_documents"),
    "termin_art": ("terminart", "art_des_termins", "appointment_kind", "appointment_type"),
    "regelbedarfsstufe": ("rbs", "regelbedarf_stufe", "standard_need_level"),
    "bg_nummer": ("bg_nr", "bgnr", "bg", "bedarfsgemeinschaft", "bedarfsgemeinschaftsnummer",
                  "bg_number"),
    "hinweise": ("hinweis", "bemerkung", "bemerkungen", "notes", "note", "remarks"),
}  # fmt: skip

HEADER_LOOKUP: dict[str, str] = {}
for _column in SPEC_COLUMNS:
    HEADER_LOOKUP[normalise_header(_column)] = _column
    for _alias in _ALIASES.get(_column, ()):
        HEADER_LOOKUP.setdefault(normalise_header(_alias), _column)


def _err(problem: Problem, de: str, en: str) -> FlagFileError:
    return FlagFileError(problem, de, en)


def read_table(
    path: Path | str,
    rules: RulesSettings | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> RawTable:
    """Read a CSV or XLSX flag list; raises :class:`FlagFileError` for a bad file."""
    rules = rules or RulesSettings()
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError:
        raise _err(
            Problem.UNREADABLE,
            f"Die Datei {path.name} lässt sich nicht öffnen.",
            f"The file {path.name} cannot be opened.",
        ) from None
    limit_mb = rules.max_import_megabytes
    if size > limit_mb * 1024 * 1024:
        raise _err(
            Problem.TOO_LARGE,
            f"Die Datei ist mit {size / 1e6:.0f} MB zu groß (höchstens {limit_mb} MB).",
            f"The file is too large at {size / 1e6:.0f} MB (at most {limit_mb} MB).",
        )
    if path.is_dir():
        raise _err(
            Problem.UNREADABLE,
            "Das ist ein Ordner, keine Datei.",
            "That is a folder, not a file.",
        )
    try:
        data = path.read_bytes()
    except OSError:
        raise _err(
            Problem.UNREADABLE,
            f"Die Datei {path.name} lässt sich nicht lesen.",
            f"The file {path.name} cannot be read.",
        ) from None
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        raise _err(Problem.EMPTY, "Die Datei ist leer.", "The file is empty.")
    _refuse_other_formats(data)
    if data.startswith(b"PK"):
        return _read_xlsx(path, data, rules, cancelled)
    return _read_csv(data, rules, cancelled)


_NOT_TABLE_DE = "Das ist keine CSV- oder XLSX-Datei"
_NOT_TABLE_EN = "This is not a CSV or XLSX file"

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "PDF"),
    (b"\x89PNG", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF8", "GIF"),
    (b"\x1f\x8b", "gzip"),
    (b"Rar!", "RAR"),
    (b"7z\xbc\xaf", "7z"),
    (b"{\\rtf", "RTF"),
)


def _refuse_other_formats(data: bytes) -> None:
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise _err(
            Problem.NOT_TABLE,
            f"{_NOT_TABLE_DE}, sondern eine alte Excel-Datei (.xls); bitte als .xlsx oder .csv "
            "speichern.",
            f"{_NOT_TABLE_EN} but an old Excel file (.xls); please save it as .xlsx or .csv.",
        )
    for magic, name in _MAGIC:
        if data.startswith(magic):
            raise _err(
                Problem.NOT_TABLE,
                f"{_NOT_TABLE_DE}, sondern eine {name}-Datei.",
                f"{_NOT_TABLE_EN} but a {name} file.",
            )
    head = data[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or (b"\x00" in head and _looks_utf16(head)):
        raise _err(
            Problem.ENCODING,
            "Die Datei ist in UTF-16 kodiert; bitte als CSV UTF-8 oder Windows-1252 speichern.",
            "The file is encoded in UTF-16; please save it as CSV in UTF-8 or Windows-1252.",
        )
    if b"\x00" in head and not data.startswith(b"PK"):
        raise _err(
            Problem.BINARY,
            f"{_NOT_TABLE_DE}: sie enthält Binärdaten.",
            f"{_NOT_TABLE_EN}: it contains binary data.",
        )


def _looks_utf16(head: bytes) -> bool:
    # Text in UTF-16 without a BOM: every other byte is NUL.
    evens, odds = head[0::2], head[1::2]
    return bool(head) and (evens.count(0) > len(evens) * 0.4 or odds.count(0) > len(odds) * 0.4)


# ---------------------------------------------------------------------------------------- CSV

# Characters that real German text in Windows-1252 contains besides ASCII; many others in a
# decoded file mean it was some other encoding (Shift-JIS, KOI8 …).
_PLAUSIBLE_1252 = set("€„“”‚‘’–—…°§²³µ·«»´¨ ­ŠšŽžŒœŸ") | {
    chr(c) for c in range(0xC0, 0x100) if chr(c) not in "×÷"
}


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError:
            raise _encoding_error() from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise _encoding_error() from None
    unusual = sum(1 for ch in text if ord(ch) > 127 and ch not in _PLAUSIBLE_1252)
    non_ascii = sum(1 for ch in text if ord(ch) > 127)
    if non_ascii and unusual > max(3, non_ascii // 4):
        raise _encoding_error()
    return text, "cp1252"


def _encoding_error() -> FlagFileError:
    return _err(
        Problem.ENCODING,
        "Die Zeichenkodierung der Datei ist unbekannt; bitte als CSV UTF-8 oder Windows-1252 "
        "speichern.",
        "The file's character encoding is unknown; please save it as CSV in UTF-8 or Windows-1252.",
    )


def _control_characters(text: str) -> bool:
    return any(ord(ch) < 32 and ch not in "\t\r\n\f\v" for ch in text[:65536])


def _detect_delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ";"


def _read_csv(data: bytes, rules: RulesSettings, cancelled: Callable[[], bool] | None) -> RawTable:
    text, encoding = _decode(data)
    text = text.rstrip("\x1a")  # DOS end-of-file mark some old exports still write
    if _control_characters(text):
        raise _err(
            Problem.BINARY,
            f"{_NOT_TABLE_DE}: sie enthält Binärdaten.",
            f"{_NOT_TABLE_EN}: it contains binary data.",
        )
    stripped = text.lstrip("\r\n")
    first_line = stripped.split("\n", 1)[0]
    delimiter = _detect_delimiter(first_line)
    try:
        records = list(_csv_records(text, delimiter, strict=True, cancelled=cancelled))
    except csv.Error as exc:
        if "unexpected end of data" in str(exc):
            raise _truncated_csv() from None
        # Stray quotes inside fields: read them as Excel does instead of refusing the file.
        if _ends_inside_quotes(text, delimiter):
            raise _truncated_csv() from None
        try:
            records = list(_csv_records(text, delimiter, strict=False, cancelled=cancelled))
        except csv.Error:
            raise _err(
                Problem.DAMAGED,
                "Die CSV-Datei ist beschädigt (ein Feld ist unlesbar oder viel zu lang).",
                "The CSV file is damaged (a field is unreadable or far too long).",
            ) from None
    if not records:
        raise _err(Problem.EMPTY, "Die Datei ist leer.", "The file is empty.")
    header = records[0][1]
    table = _table_from_header("csv", header)
    table.encoding, table.delimiter = encoding, delimiter
    index = _column_index(header)
    filled = ((line, values) for line, values in records[1:] if any(v.strip() for v in values))
    return _add_rows(table, index, filled, rules)


def _truncated_csv() -> FlagFileError:
    return _err(
        Problem.TRUNCATED,
        "Die CSV-Datei ist abgeschnitten: sie endet mitten in einem Feld in Anführungszeichen.",
        "The CSV file is truncated: it ends inside a quoted field.",
    )


def _ends_inside_quotes(text: str, delimiter: str) -> bool:
    # Cheap check on the last record only: an odd number of quotes in a field that starts
    # with a quote and reaches the end of the file.
    tail = text[-65536:]
    last = tail.rsplit("\n", 1)[-1] if not tail.endswith("\n") else ""
    field_text = last.rsplit(delimiter, 1)[-1]
    return field_text.startswith('"') and field_text.count('"') % 2 == 1


def _csv_records(
    text: str, delimiter: str, strict: bool, cancelled: Callable[[], bool] | None
) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=strict)
    while True:
        start = reader.line_num + 1
        try:
            values = next(reader)
        except StopIteration:
            return
        if not values:
            continue
        if cancelled is not None and start % 1000 == 0 and cancelled():
            raise CheckCancelled
        yield start, values


def _check_row_limit(count: int, rules: RulesSettings) -> None:
    if count > rules.max_import_rows:
        raise _err(
            Problem.TOO_LARGE,
            f"Die Liste hat mehr als {rules.max_import_rows} Zeilen und ist zu lang.",
            f"The list has more than {rules.max_import_rows} rows and is too long.",
        )


def _column_index(header: list[Any]) -> dict[str, int]:
    index: dict[str, int] = {}
    for i, name in enumerate(header):
        column = HEADER_LOOKUP.get(normalise_header(name)) if name is not None else None
        if column is not None and column not in index:
            index[column] = i
    return index


def _table_from_header(kind: str, header: list[Any]) -> RawTable:
    index = _column_index(header)
    columns = {col: str(header[i]).strip() for col, i in index.items()}
    ignored = [
        str(h).strip()
        for i, h in enumerate(header)
        if h is not None and str(h).strip() and i not in index.values()
    ]
    missing = [c for c in REQUIRED_COLUMNS if c not in index]
    # A header with most required columns is a flag list with gaps (rows get X_MISSING);
    # one without them is some other table.
    if "kundennummer" in missing or len(missing) > len(REQUIRED_COLUMNS) // 2:
        names = ", ".join(missing)
        raise _err(
            Problem.MISSING_COLUMNS,
            f"Das ist keine Vormerkliste: Pflichtspalten fehlen ({names}).",
            f"This is not a flag list: required columns are missing ({names}).",
        )
    return RawTable(kind, [], columns, missing, ignored)


def _add_rows(
    table: RawTable,
    index: dict[str, int],
    rows: Iterable[tuple[int, Sequence[Cell]]],
    rules: RulesSettings,
) -> RawTable:
    """``table`` with the data ``rows`` (line or row number, cells in file order) added by
    spec column; the row limit is checked while reading, a header-only table refused."""
    for line, values in rows:
        cells = {col: (values[i] if i < len(values) else None) for col, i in index.items()}
        table.rows.append(RawRow(line, cells))
        _check_row_limit(len(table.rows), rules)
    _finish(table)
    return table


def _finish(table: RawTable) -> None:
    if not table.rows:
        raise _err(
            Problem.HEADER_ONLY,
            "Die Datei enthält nur die Kopfzeile und keine Kunden.",
            "The file has only a header row and no customers.",
        )


# --------------------------------------------------------------------------------------- XLSX
#
# openpyxl opens the workbook (package, sheet order, shared strings, 1900/1904 epoch). The
# first sheet's cells are then read with expat: openpyxl's read-only cell parser is pure Python
# and took 3.5 s for 10,000 rows × 27 columns, expat about a tenth of that. Reading the XML
# ourselves also shows what openpyxl's read-only mode hides: merged ranges and formulas
# without a stored value. Numbers are passed on as numbers; the judge reads numbers in date
# columns as Excel serial dates, so cell styles are not needed.


def _col_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


_REF_RE = re.compile(r"([A-Z]+)(\d+)")


def _damaged_xlsx() -> FlagFileError:
    return _err(
        Problem.TRUNCATED,
        "Die XLSX-Datei ist beschädigt oder unvollständig (vielleicht beim Kopieren "
        "abgeschnitten).",
        "The XLSX file is damaged or incomplete (perhaps cut off while copying).",
    )


def _read_xlsx(
    path: Path, data: bytes, rules: RulesSettings, cancelled: Callable[[], bool] | None
) -> RawTable:
    import openpyxl  # imported here: CSV users need not pay for it

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, EOFError, ValueError):
        raise _damaged_xlsx() from None
    if "xl/workbook.xml" not in names:
        kind = (
            "ODS" if "content.xml" in names else "DOCX" if "word/document.xml" in names else "ZIP"
        )
        raise _err(
            Problem.NOT_TABLE,
            f"{_NOT_TABLE_DE}, sondern eine {kind}-Datei.",
            f"{_NOT_TABLE_EN} but a {kind} file.",
        )
    from openpyxl.reader.excel import ExcelReader

    # openpyxl's reader for the package, without load_workbook's sizing of every sheet
    # (a full scan of a sheet that has no dimension record).
    try:
        reader = ExcelReader(io.BytesIO(data), read_only=True, data_only=True)
        try:
            reader.read_manifest()
            reader.read_strings()
            reader.read_workbook()
            sheets = list(reader.parser.find_sheets())
            shared = [str(s) for s in reader.shared_strings]
            epoch_1904 = reader.wb.epoch == openpyxl.utils.datetime.MAC_EPOCH
        finally:
            reader.archive.close()
    except Exception:  # openpyxl raises many kinds for broken parts
        raise _damaged_xlsx() from None
    if not sheets:
        raise _err(
            Problem.EMPTY, "Die Arbeitsmappe hat keine Tabelle.", "The workbook has no sheet."
        )
    rel = sheets[0][1]
    part = str(rel.target)
    if not str(rel.Type).endswith("/worksheet") or part.lstrip("/") not in names:
        raise _err(
            Problem.NOT_TABLE,
            "Das erste Blatt der Arbeitsmappe ist keine Tabelle.",
            "The workbook's first sheet is not a table.",
        )
    try:
        with (
            zipfile.ZipFile(io.BytesIO(data)) as archive,
            archive.open(str(part).lstrip("/")) as source,
        ):
            sheet = _SheetParser(shared, rules, cancelled)
            sheet.parse(source)
    except (FlagFileError, CheckCancelled):
        raise
    except Exception:  # expat, zlib and zipfile errors: a cut-off or damaged part
        raise _damaged_xlsx() from None
    table = _table_from_sheet(sheet.rows, sheet.merges, rules)
    table.epoch_1904 = epoch_1904
    return table


class _SheetParser:
    """Streams one worksheet part with expat into ``{row number: [cell values]}``."""

    def __init__(
        self, shared: list[str], rules: RulesSettings, cancelled: Callable[[], bool] | None
    ) -> None:
        self.shared = shared
        self.rules = rules
        self.cancelled = cancelled
        self.rows: dict[int, list[Cell]] = {}
        self.merges: list[tuple[int, int, int, int]] = []
        self._row: list[Cell] = []
        self._row_number = 0
        self._col = 0
        self._type = "n"
        self._formula = False
        self._text: list[str] = []
        self._collect = False
        self._in_phonetic = False

    def parse(self, source: Any) -> None:
        """Read the part (a binary file object)."""
        from xml.parsers import expat

        parser = expat.ParserCreate()
        parser.buffer_text = True
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.CharacterDataHandler = self._chars
        parser.ParseFile(source)

    def _start(self, name: str, attrs: dict[str, str]) -> None:
        tag = name.rpartition(":")[2] if ":" in name else name
        if tag == "c":
            ref = attrs.get("r")
            match = _REF_RE.match(ref) if ref else None
            self._col = _col_number(match.group(1)) if match else self._col + 1
            self._type = attrs.get("t", "n")
            self._formula = False
            self._text = []
        elif tag == "v" or (tag == "t" and not self._in_phonetic):
            self._collect = True
        elif tag == "f":
            self._formula = True
        elif tag == "rPh":
            self._in_phonetic = True
        elif tag == "row":
            number = attrs.get("r")
            self._row_number = int(number) if number else self._row_number + 1
            self._row = []
            self._col = 0
        elif tag == "mergeCell":
            first, _, last = attrs.get("ref", "").partition(":")
            a, b = _REF_RE.match(first), _REF_RE.match(last or first)
            if a and b:
                self.merges.append((_col_number(a[1]), int(a[2]), _col_number(b[1]), int(b[2])))

    def _chars(self, text: str) -> None:
        if self._collect:
            self._text.append(text)

    def _end(self, name: str) -> None:
        tag = name.rpartition(":")[2] if ":" in name else name
        if tag in ("v", "t"):
            self._collect = False
        elif tag == "rPh":
            self._in_phonetic = False
        elif tag == "c":
            value = self._value()
            if value is not None:
                row = self._row
                while len(row) < self._col:
                    row.append(None)
                row[self._col - 1] = value
        elif tag == "row" and self._row:
            self.rows[self._row_number] = self._row
            count = len(self.rows)
            if count % 1000 == 0 and self.cancelled is not None and self.cancelled():
                raise CheckCancelled
            _check_row_limit(count - 1, self.rules)

    def _value(self) -> Cell:
        text = "".join(self._text)
        kind = self._type
        if kind == "s":
            return self.shared[int(text)] if text else None
        if kind in ("inlineStr", "str", "e"):
            if not text and self._formula:
                return FORMULA_WITHOUT_VALUE
            return text or None
        if kind == "b":
            return text.strip() == "1"
        if not text:
            return FORMULA_WITHOUT_VALUE if self._formula else None
        if kind == "d":
            from datetime import datetime

            return datetime.fromisoformat(text.rstrip("Z"))
        number = float(text)
        return (
            int(number) if number.is_integer() and "." not in text and "E" not in text else number
        )


def _table_from_sheet(
    rows: dict[int, list[Cell]], merges: list[tuple[int, int, int, int]], rules: RulesSettings
) -> RawTable:
    header_row = next((n for n in sorted(rows) if any(_filled(v) for v in rows[n])), None)
    if header_row is None:
        raise _err(Problem.EMPTY, "Die Tabelle ist leer.", "The sheet is empty.")
    header = rows[header_row]
    table = _table_from_header("xlsx", header)
    index = _column_index(header)
    table.merged_filled = _fill_merges(rows, merges)
    filled = (
        (n, rows[n]) for n in sorted(rows) if n > header_row and any(_filled(v) for v in rows[n])
    )
    return _add_rows(table, index, filled, rules)


def _filled(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _fill_merges(grid: dict[int, list[Any]], merges: list[tuple[int, int, int, int]]) -> int:
    """A value written once for several rows (a vertical merge, e.g. one HB for a block of
    customers) counts for each of those rows; across columns the value stays in its own
    column, as Excel shows it."""
    filled = 0
    for col1, row1, _col2, row2 in merges:
        top = grid.get(row1)
        if top is None or col1 - 1 >= len(top) or row2 <= row1:
            continue
        value = top[col1 - 1]
        for r in range(row1 + 1, row2 + 1):
            row = grid.get(r)
            # Only rows with data of their own: a merge reaching below the list adds no rows.
            if row is None or not any(_filled(v) for v in row):
                continue
            while len(row) < col1:
                row.append(None)
            if row[col1 - 1] is None:
                row[col1 - 1] = value
                filled += 1
    return filled
