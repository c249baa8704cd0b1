"""The office setup: the office, its branches, teams, caseworkers, outreach workers and areas.

One value, :class:`OfficeSetup`, is what ``fieldkit setup apply|export|show`` reads and writes
as TOML (``docs/setup-file.md``) and what the *Einrichtung* window edits. Both check it with
:func:`validate_setup`, so the app and the CLI say the same sentences. Qt-free and
storage-free: ``services.setup`` reads it from and applies it to a database.

Contract: the office-setup file format (weekdays ``Mo Di Mi Do Fr Sa So``, times ``HH:MM``,
postcodes five digits, names matched as written).
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from fieldkit.domain.calendar import FEDERAL_STATES
from fieldkit.errors import BilingualError

WEEKDAYS = ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")  # index + 1 = ISO weekday


@dataclass
class OfficeInfo:
    """The ``[office]`` table: the sender of letters and the letterhead."""

    name: str
    street: str
    postcode: str
    city: str
    phone: str
    state: str  # federal state code, e.g. "BW": public holidays and the flag cutoff
    email: str = ""
    opening_hours: str = ""
    flag_cutoff: str = "Do 16:00"
    letterhead: str = ""  # app-only extra (the file may carry it; the app accepts more)
    logo_path: str = ""  # app-only extra: an image file shown on letters


@dataclass
class BranchInfo:
    """A ``[[branches]]`` entry: a place where customers are invited (``termin_ort``)."""

    name: str
    street: str
    postcode: str
    city: str
    phone: str = ""


@dataclass
class TeamInfo:
    """A ``[[teams]]`` entry; ``lead`` names a caseworker."""

    number: str
    lead: str = ""


@dataclass
class CaseworkerInfo:
    """A ``[[caseworkers]]`` entry: the HB / IFK named in flag lists."""

    name: str
    team: str
    branch: str = ""
    phone: str = ""
    email: str = ""


@dataclass
class WorkerInfo:
    """An ``[[outreach_workers]]`` entry."""

    name: str
    days: list[str]  # of WEEKDAYS
    start: str  # "HH:MM"
    end: str  # "HH:MM"
    break_minutes: int | None = None  # None: the planning setting's default
    start_address: str = ""  # "" : the office
    areas: list[str] = field(default_factory=list)


@dataclass
class AreaInfo:
    """An ``[[areas]]`` entry: municipalities by name, optional postcodes for split towns."""

    name: str
    weekdays: list[str]
    municipalities: list[str]
    postcodes: list[str] = field(default_factory=list)


@dataclass
class OfficeSetup:
    """The whole setup; ``office`` is None while no office is recorded."""

    office: OfficeInfo | None = None
    branches: list[BranchInfo] = field(default_factory=list)
    teams: list[TeamInfo] = field(default_factory=list)
    caseworkers: list[CaseworkerInfo] = field(default_factory=list)
    outreach_workers: list[WorkerInfo] = field(default_factory=list)
    areas: list[AreaInfo] = field(default_factory=list)


@dataclass(frozen=True)
class SetupProblem:
    """One problem of a setup, in German and English.

    ``line`` is the file's line (1-based) when the setup came from a file, else None.
    ``where`` names the entry and key, e.g. ``("outreach_workers", 2, "start")`` for the
    third worker's start time (table, index in the table or None, key or None): the
    *Einrichtung* window uses it to mark the field.
    """

    code: str
    de: str
    en: str
    where: tuple[str, int | None, str | None] = ("", None, None)
    line: int | None = None
    #: The sentence's values (German, English), so that a form can name the field by its
    #: label instead of the file's key (:meth:`naming`).
    values: tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]] = ((), ())

    def text(self, lang: str = "de") -> str:
        """The sentence in English for "en…", else in German."""
        return self.en if lang.lower().startswith("en") else self.de

    def naming(self, field_label: str) -> SetupProblem:
        """The same problem as a form says it: the field by its label (in the UI language)
        where the file's sentence quotes its key („end“ ist leer → „Ende“ ist leer), and after
        the entry where the sentence quotes only the value (… „Anna“, Beginn: „8 Uhr“ ist
        keine Uhrzeit)."""
        if self.code not in _SENTENCES or not self.values[0]:
            return self
        texts = []
        for template, pairs in zip(_SENTENCES[self.code], self.values, strict=True):
            values = dict(pairs)
            if "key" in values:
                values["key"] = _shown(field_label)
            elif self.code in _VALUE_SENTENCES:
                values["label"] = f"{values['label']}, {field_label}"
            texts.append(template.format_map(values))
        return replace(self, de=texts[0], en=texts[1])

    def located(self, filename: str, lang: str = "de") -> str:
        """``FILE:LINE: sentence`` (``FILE: sentence`` without a line)."""
        where = f"{filename}:{self.line}" if self.line is not None else filename
        return f"{where}: {self.text(lang)}"


class SetupError(BilingualError, ValueError):
    """A setup that cannot be applied; carries every problem found."""

    def __init__(self, problems: list[SetupProblem], filename: str = "") -> None:
        self.problems = problems
        self.filename = filename
        first_de = problems[0].de if problems else "Die Einrichtung ist nicht stimmig."
        first_en = problems[0].en if problems else "The setup is not consistent."
        more = len(problems) - 1
        super().__init__(
            first_de + (f" (und {more} weitere Probleme)" if more else ""),
            first_en + (f" (and {more} more problems)" if more else ""),
            code="setup",
        )


# --------------------------------------------------------------------------- sentences

#: A setup file larger than this is refused before it is parsed (a real one has a few kB).
MAX_FILE_BYTES = 4 * 1024 * 1024
#: Values longer than this are cut in sentences (a pasted 10 000-character value stays short).
SHOWN_CHARS = 60

_SENTENCES: dict[str, tuple[str, str]] = {
    "file_too_big": (
        "Die Datei ist zu groß für eine Einrichtungsdatei ({size} MB, höchstens {limit} MB).",
        "The file is too large for a setup file ({size} MB, at most {limit} MB).",
    ),
    "not_utf8": (
        "Die Datei ist keine UTF-8-Textdatei.",
        "The file is not a UTF-8 text file.",
    ),
    "not_toml": (
        "Die Datei ist kein gültiges TOML ({detail}).",
        "The file is not valid TOML ({detail}).",
    ),
    "no_office": (
        "Die Dienststelle fehlt (Tabelle [office]).",
        "The office is missing (table [office]).",
    ),
    "unknown_table": (
        "Unbekannter Eintrag „{key}“ (erlaubt: {allowed}).",
        "Unknown entry “{key}” (allowed: {allowed}).",
    ),
    "not_a_table": (
        "„{table}“ muss {shape} sein.",
        "“{table}” must be {shape_en}.",
    ),
    "unknown_key": (
        "{label}: unbekannter Schlüssel „{key}“ (erlaubt: {allowed}).",
        "{label}: unknown key “{key}” (allowed: {allowed}).",
    ),
    "missing_key": (
        "{label}: der Schlüssel „{key}“ fehlt.",
        "{label}: the key “{key}” is missing.",
    ),
    "wrong_type": (
        "{label}: „{key}“ muss {kind} sein.",
        "{label}: “{key}” must be {kind_en}.",
    ),
    "empty": ("{label}: „{key}“ ist leer.", "{label}: “{key}” is empty."),
    "too_long": (
        "{label}: „{key}“ ist zu lang (höchstens {limit} Zeichen).",
        "{label}: “{key}” is too long (at most {limit} characters).",
    ),
    "control_char": (
        "{label}: „{key}“ enthält ein Steuerzeichen.",
        "{label}: “{key}” contains a control character.",
    ),
    "bad_time": (
        "{label}: „{value}“ ist keine Uhrzeit (SS:MM, z. B. 08:00).",
        "{label}: “{value}” is not a time (HH:MM, e.g. 08:00).",
    ),
    "bad_weekday": (
        "{label}: „{value}“ ist kein Wochentag (Mo Di Mi Do Fr Sa So).",
        "{label}: “{value}” is not a weekday (Mo Di Mi Do Fr Sa So).",
    ),
    "bad_postcode": (
        "{label}: „{value}“ ist keine Postleitzahl (fünf Ziffern).",
        "{label}: “{value}” is not a postcode (five digits).",
    ),
    "bad_state": (
        "{label}: „{value}“ ist kein Bundesland (eines von {allowed}).",
        "{label}: “{value}” is not a federal state (one of {allowed}).",
    ),
    "bad_cutoff": (
        "{label}: „{value}“ ist kein Stichtag (Wochentag und Uhrzeit, z. B. „Do 16:00“).",
        "{label}: “{value}” is not a cutoff (weekday and time, e.g. “Do 16:00”).",
    ),
    "bad_email": (
        "{label}: „{value}“ ist keine E-Mail-Adresse.",
        "{label}: “{value}” is not an e-mail address.",
    ),
    "bad_break": (
        "{label}: die Pause muss zwischen 0 und {limit} Minuten liegen.",
        "{label}: the break must be between 0 and {limit} minutes.",
    ),
    "name_twice": (
        "{label}: „{value}“ kommt in {table} mehrfach vor.",
        "{label}: “{value}” is used more than once in {table}.",
    ),
    "unknown_team": (
        "{label}: das Team „{value}“ ist nicht angelegt (unter [[teams]]).",
        "{label}: the team “{value}” is not defined (under [[teams]]).",
    ),
    "unknown_branch": (
        "{label}: der Standort „{value}“ ist nicht angelegt (unter [[branches]]).",
        "{label}: the branch “{value}” is not defined (under [[branches]]).",
    ),
    "unknown_area": (
        "{label}: das Gebiet „{value}“ ist nicht angelegt (unter [[areas]]).",
        "{label}: the area “{value}” is not defined (under [[areas]]).",
    ),
    "unknown_lead": (
        "{label}: die Teamleitung „{value}“ ist keine angelegte Fachkraft (unter [[caseworkers]]).",
        "{label}: the team lead “{value}” is not a defined caseworker (under [[caseworkers]]).",
    ),
    "no_day": (
        "{label}: die Außendienstkraft hat keinen Arbeitstag.",
        "{label}: the outreach worker has no working day.",
    ),
    "end_before_start": (
        "{label}: das Arbeitsende ({end}) liegt nicht nach dem Beginn ({start}).",
        "{label}: the end of work ({end}) is not after its start ({start}).",
    ),
    "unknown_municipality": (
        "{label}: „{value}“ ist keine Gemeinde des Landkreises.",
        "{label}: “{value}” is not a municipality of the district.",
    ),
    "postcode_not_of_area": (
        "{label}: die Postleitzahl {value} gehört zu keiner Gemeinde dieses Gebiets.",
        "{label}: the postcode {value} belongs to none of this area's municipalities.",
    ),
}

#: Sentences that quote a value but not its key: a form adds the field's label to the entry.
_VALUE_SENTENCES = frozenset(
    {"bad_time", "bad_weekday", "bad_postcode", "bad_state", "bad_cutoff", "bad_email"}
)

_KINDS = {
    "str": ("ein Text in Anführungszeichen", "a quoted text"),
    "id": ("ein Text in Anführungszeichen", "a quoted text"),
    "list": ('eine Liste von Texten, z. B. ["Mo", "Di"]', 'a list of texts, e.g. ["Mo", "Di"]'),
    "int": ("eine ganze Zahl", "a whole number"),
}

#: Each table's name for a person, in German and English (problems and change lists).
TABLE_LABELS = {
    "office": ("Dienststelle", "Office"),
    "branches": ("Standort", "Branch"),
    "teams": ("Team", "Team"),
    "caseworkers": ("Fachkraft", "Caseworker"),
    "outreach_workers": ("Außendienstkraft", "Outreach worker"),
    "areas": ("Gebiet", "Area"),
}


#: Control characters (Unicode category Cc) and, for values, lone surrogates (Cs) and the
#: line/paragraph separators. Regular expressions: a 10 000-line hostile file is checked
#: character by character, and a Python loop over ``unicodedata`` took seconds.
_CC = re.compile("[\x00-\x1f\x7f-\x9f]")
_BAD = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029]")
_BAD_MULTILINE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029]")


def _shown(value: object) -> str:
    text = str(value)
    cut = len(text) > SHOWN_CHARS
    text = _CC.sub("\ufffd", text[: SHOWN_CHARS - 1] if cut else text)
    return text + "…" if cut else text


def _label(table: str, index: int | None, name: str, lang: int) -> str:
    base = TABLE_LABELS.get(table, (table, table))[lang]
    if index is None:
        return base
    if not name:
        return f"{base} Nr. {index + 1}" if lang == 0 else f"{base} no. {index + 1}"
    return f"{base} „{_shown(name)}“" if lang == 0 else f"{base} “{_shown(name)}”"


#: Checks the areas of a setup against the district (the geo layer supplies it).
AreaCheck = Callable[["OfficeSetup"], list[SetupProblem]]


def problem(
    code: str,
    where: tuple[str, int | None, str | None] = ("", None, None),
    *,
    entry: str = "",
    **params: object,
) -> SetupProblem:
    """A :class:`SetupProblem` of ``code`` with its German and English sentence.

    ``entry`` is the name of the entry the problem is in (used in the sentence's label).
    """
    german, english = _SENTENCES[code]
    values = {k: _shown(v) if k in {"value", "key"} else str(v) for k, v in params.items()}
    de = {**values, "label": _label(where[0], where[1], entry, 0)}
    en = {**values, "label": _label(where[0], where[1], entry, 1)}
    for name in ("kind", "shape"):
        if f"{name}_en" in values:
            en[name] = values[f"{name}_en"]
    return SetupProblem(
        code,
        german.format_map(de),
        english.format_map(en),
        where,
        values=(tuple(de.items()), tuple(en.items())),
    )


# --------------------------------------------------------------------------- the file's shape


@dataclass(frozen=True)
class _Key:
    kind: str  # "str", "id" (a text; a whole number is taken as its digits), "list", "int"
    required: bool
    limit: int = 200
    multiline: bool = False


_SCHEMA: dict[str, dict[str, _Key]] = {
    "office": {
        "name": _Key("str", True),
        "street": _Key("str", True),
        "postcode": _Key("id", True, 5),
        "city": _Key("str", True, 100),
        "phone": _Key("str", True, 50),
        "email": _Key("str", False),
        "state": _Key("str", True, 2),
        "opening_hours": _Key("str", False, 500),
        "flag_cutoff": _Key("str", False, 20),
        "letterhead": _Key("str", False, 2000, multiline=True),
        "logo_path": _Key("str", False, 500),
    },
    "branches": {
        "name": _Key("str", True),
        "street": _Key("str", True),
        "postcode": _Key("id", True, 5),
        "city": _Key("str", True, 100),
        "phone": _Key("str", False, 50),
    },
    "teams": {"number": _Key("id", True, 20), "lead": _Key("str", False)},
    "caseworkers": {
        "name": _Key("str", True),
        "team": _Key("id", True, 20),
        "branch": _Key("str", False),
        "phone": _Key("str", False, 50),
        "email": _Key("str", False),
    },
    "outreach_workers": {
        "name": _Key("str", True),
        "days": _Key("list", True, 2),
        "start": _Key("str", True, 5),
        "end": _Key("str", True, 5),
        "break_minutes": _Key("int", False),
        "start_address": _Key("str", False, 300),
        "areas": _Key("list", False, 100),
    },
    "areas": {
        "name": _Key("str", True, 100),
        "weekdays": _Key("list", True, 2),
        "municipalities": _Key("list", True, 100),
        "postcodes": _Key("list", False, 5),
    },
}
_ARRAYS = ("branches", "teams", "caseworkers", "outreach_workers", "areas")
_NAME_KEY = {"branches": "name", "teams": "number", "caseworkers": "name"}
_NAME_KEY.update({"outreach_workers": "name", "areas": "name"})
_BUILD: dict[str, Callable[..., Any]] = {
    "office": OfficeInfo,
    "branches": BranchInfo,
    "teams": TeamInfo,
    "caseworkers": CaseworkerInfo,
    "outreach_workers": WorkerInfo,
    "areas": AreaInfo,
}

_TIME = re.compile(r"([01]?[0-9]|2[0-3]):([0-5][0-9])")
POSTCODE = re.compile(r"[0-9]{5}")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
#: Work days longer than this are not a working day (break limit, too).
_MAX_BREAK = 240


def minutes(text: str) -> int | None:
    """Minutes since midnight of ``"HH:MM"`` (``"8:00"`` too); None when it is no time."""
    match = _TIME.fullmatch(text.strip())
    return int(match.group(1)) * 60 + int(match.group(2)) if match else None


def hhmm(total: int) -> str:
    """``"08:00"`` for 480 minutes."""
    return f"{total // 60:02d}:{total % 60:02d}"


# --------------------------------------------------------------------------- line numbers

_HEADER = re.compile(r"\s*(\[\[?)\s*([A-Za-z0-9_-]+)\s*\]\]?\s*(#.*)?$")
_KEYLINE = re.compile(r"\s*([A-Za-z0-9_.-]+|\"[^\"]*\"|'[^']*')\s*=")


class _Lines:
    """Where each table, entry and key of a TOML text starts (tomllib gives no lines)."""

    def __init__(self, text: str) -> None:
        self.at: dict[tuple[str, int | None, str | None], int] = {}
        counts: dict[str, int] = {}
        current: tuple[str, int | None] = ("", None)
        in_string = ""
        for number, line in enumerate(text.split("\n"), start=1):
            if in_string:
                if line.count(in_string) % 2 == 1:
                    in_string = ""
                continue
            header = _HEADER.match(line)
            if header:
                name = header.group(2)
                index = None
                if header.group(1) == "[[":
                    index = counts.get(name, 0)
                    counts[name] = index + 1
                current = (name, index)
                self.at.setdefault((name, index, None), number)
                continue
            key = _KEYLINE.match(line)
            if key:
                name = key.group(1).strip("\"'")
                table, index = current
                if "." in name and not table:  # a dotted key: office.name = "…"
                    table, name = name.split(".", 1)
                    self.at.setdefault((table, None, None), number)
                self.at.setdefault((table, index, name), number)
            for quote in ('"""', "'''"):
                if line.count(quote) % 2 == 1:
                    in_string = quote

    def line(self, where: tuple[str, int | None, str | None]) -> int | None:
        """The line of a key, else of its entry, else of its table; None if none is found."""
        table, index, key = where
        for probe in ((table, index, key), (table, index, None), (table, None, None)):
            if probe in self.at:
                return self.at[probe]
        if table in _ARRAYS and index is not None:
            return self.at.get(("", None, table))
        if not table and key:  # an unknown table: its header
            return self.at.get((key, None, None), self.at.get((key, 0, None)))
        return None


# --------------------------------------------------------------------------- reading


def parse_setup(data: bytes | str, filename: str = "", *, check_areas: AreaCheck) -> OfficeSetup:
    """The setup in a TOML text; :class:`SetupError` listing every problem with its line.

    UTF-8 with or without BOM, LF or CRLF. Runs :func:`validate_setup` too, so what parses
    can be applied; ``check_areas`` checks the areas against the district (the geo layer's
    :func:`fieldkit.geo.setup_areas.check_areas`, which ``geo.setup_areas.parse_setup`` passes).
    """
    text = _decode(data, filename)
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"at line (\d+)", str(exc))
        detail = str(exc).split(" (at line")[0]
        bad = problem("not_toml", detail=detail)
        raise SetupError([_at(bad, int(found.group(1)) if found else 1)], filename) from None
    setup, problems, bad_keys = _read(raw)
    problems += [p for p in validate_setup(setup, check_areas) if p.where not in bad_keys]
    if problems:
        lines = _Lines(text)
        # Every problem names a line; one of the whole file (no [office]) names the first.
        located = [_at(p, lines.line(p.where) or 1) for p in problems]
        located.sort(key=lambda p: p.line if p.line is not None else 0)
        raise SetupError(located, filename)
    return setup


def too_big(size: int) -> SetupProblem:
    """The problem of a file of ``size`` bytes, over :data:`MAX_FILE_BYTES` (at line 1)."""
    found = problem(
        "file_too_big", size=f"{size / 1_000_000:.1f}", limit=MAX_FILE_BYTES // 1_000_000
    )
    return _at(found, 1)


def _at(found: SetupProblem, line: int | None) -> SetupProblem:
    return SetupProblem(found.code, found.de, found.en, found.where, line)


def _decode(data: bytes | str, filename: str) -> str:
    size = len(data.encode("utf-8", "surrogatepass")) if isinstance(data, str) else len(data)
    if size > MAX_FILE_BYTES:
        raise SetupError([too_big(size)], filename)
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            raise SetupError([_at(problem("not_utf8"), line)], filename) from None
    else:
        text = data
    text = text.removeprefix("\ufeff")
    return text.replace("\r\n", "\n")


def _read(raw: dict[str, Any]) -> tuple[OfficeSetup, list[SetupProblem], set[Any]]:
    """The setup, the problems of shape and type, and the (table, index, key) they are at."""
    problems: list[SetupProblem] = []
    bad: set[Any] = set()
    setup = OfficeSetup()
    allowed = ", ".join(("office", *_ARRAYS))
    for key in raw:
        if key not in _SCHEMA:
            problems.append(problem("unknown_table", ("", None, key), key=key, allowed=allowed))
    office = raw.get("office")
    if isinstance(office, dict):
        values = _entry("office", None, office, problems, bad)
        setup.office = OfficeInfo(**values)
    elif office is not None:
        problems.append(_not_a_table("office"))
    for table in _ARRAYS:
        items = raw.get(table, [])
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            problems.append(_not_a_table(table))
            continue
        target = getattr(setup, table)
        for index, item in enumerate(items):
            target.append(_BUILD[table](**_entry(table, index, item, problems, bad)))
    return setup, problems, bad


def _not_a_table(table: str) -> SetupProblem:
    if table == "office":
        shape = ("eine Tabelle [office]", "a table [office]")
    else:
        shape = (f"eine Liste von Tabellen [[{table}]]", f"a list of tables [[{table}]]")
    return problem(
        "not_a_table", (table, None, None), table=table, shape=shape[0], shape_en=shape[1]
    )


def _entry(
    table: str, index: int | None, data: dict[str, Any], problems: list[SetupProblem], bad: set[Any]
) -> dict[str, Any]:
    """The dataclass arguments of one entry; what is missing or mistyped is ``""``/``[]``."""
    schema = _SCHEMA[table]
    name_key = _NAME_KEY.get(table, "name")
    found_name = data.get(name_key)
    entry = str(found_name) if isinstance(found_name, str | int) else ""
    allowed = ", ".join(schema)
    values: dict[str, Any] = {}
    for key in data:
        if key not in schema:
            where = (table, index, key)
            problems.append(problem("unknown_key", where, entry=entry, key=key, allowed=allowed))
    for key, spec in schema.items():
        where = (table, index, key)
        if key not in data:
            if spec.required:
                problems.append(problem("missing_key", where, entry=entry, key=key))
                bad.add(where)
                values[key] = [] if spec.kind == "list" else ""
            continue
        value = _typed(data[key], spec.kind)
        if value is None:
            kind = _KINDS[spec.kind]
            problems.append(
                problem("wrong_type", where, entry=entry, key=key, kind=kind[0], kind_en=kind[1])
            )
            bad.add(where)
            value = (
                [] if spec.kind == "list" else ("" if spec.required or spec.kind != "int" else None)
            )
        values[key] = value
    return values


def _typed(value: object, kind: str) -> Any:
    """``value`` as ``kind`` wants it, or None when it is of a wrong type."""
    if isinstance(value, bool):
        return None
    if kind == "int":
        return value if isinstance(value, int) else None
    if kind == "list":
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return list(value)
        return None
    if isinstance(value, str):
        return value
    if kind == "id" and isinstance(value, int) and value >= 0:
        return str(value)
    if (
        kind == "str"
        and hasattr(value, "hour")
        and hasattr(value, "minute")
        and not hasattr(value, "year")
    ):
        return hhmm(value.hour * 60 + value.minute)  # an unquoted TOML time, 08:00:00
    return None


# --------------------------------------------------------------------------- checking


def validate_setup(setup: OfficeSetup, check_areas: AreaCheck) -> list[SetupProblem]:
    """Everything wrong with a setup (empty when it can be applied), in German and English.

    The *Einrichtung* window shows this list live; ``where`` says which field is meant.
    ``check_areas`` adds the problems of the areas against the district's municipalities
    (geography lives in the geo layer: :func:`fieldkit.geo.setup_areas.check_areas`).
    """
    problems: list[SetupProblem] = []
    if setup.office is None:
        problems.append(problem("no_office", ("office", None, None)))
    else:
        problems += _check_entry("office", None, setup.office)
        problems += _check_office(setup.office)
    for table in _ARRAYS:
        entries = getattr(setup, table)
        for index, entry in enumerate(entries):
            problems += _check_entry(table, index, entry)
        problems += _check_twice(table, entries)
    problems += _check_branches(setup)
    problems += _check_references(setup)
    problems += _check_workers(setup)
    problems += check_areas(setup)
    return list(dict.fromkeys(problems))


def _name_of(table: str, entry: object) -> str:
    return str(getattr(entry, _NAME_KEY.get(table, "name"), ""))


def _bad_chars(text: str, multiline: bool) -> bool:
    return (_BAD_MULTILINE if multiline else _BAD).search(text) is not None


def _check_entry(table: str, index: int | None, entry: object) -> list[SetupProblem]:
    """Empty required texts, overlong values and control characters of one entry."""
    problems: list[SetupProblem] = []
    name = _name_of(table, entry)
    for key, spec in _SCHEMA[table].items():
        where = (table, index, key)
        value = getattr(entry, key)
        texts = value if isinstance(value, list) else [value] if isinstance(value, str) else []
        if spec.required and spec.kind != "list" and isinstance(value, str) and not value.strip():
            problems.append(problem("empty", where, entry=name, key=key))
        for text in texts:
            if len(text) > spec.limit:
                problems.append(problem("too_long", where, entry=name, key=key, limit=spec.limit))
            if _bad_chars(text, spec.multiline):
                problems.append(problem("control_char", where, entry=name, key=key))
            if spec.kind == "list" and not text.strip():
                problems.append(problem("empty", where, entry=name, key=key))
    return problems


def check_postcode(
    where: tuple[str, int | None, str | None], name: str, value: str
) -> list[SetupProblem]:
    if value.strip() and not POSTCODE.fullmatch(value) and len(value) <= 5 * 4:
        return [problem("bad_postcode", where, entry=name, value=value)]
    return []


def _check_office(office: OfficeInfo) -> list[SetupProblem]:
    problems = check_postcode(("office", None, "postcode"), "", office.postcode)
    if office.state.strip() and office.state not in FEDERAL_STATES:
        where = ("office", None, "state")
        problems.append(
            problem("bad_state", where, value=office.state, allowed=" ".join(FEDERAL_STATES))
        )
    if office.flag_cutoff and parse_cutoff(office.flag_cutoff) is None:
        problems.append(
            problem("bad_cutoff", ("office", None, "flag_cutoff"), value=office.flag_cutoff)
        )
    if office.email and not _EMAIL.fullmatch(office.email):
        problems.append(problem("bad_email", ("office", None, "email"), value=office.email))
    return problems


def parse_cutoff(text: str) -> tuple[int, int] | None:
    """(ISO weekday, minutes) of a flag cutoff like ``"Do 16:00"``; None when it is none."""
    parts = text.split()
    if len(parts) != 2 or parts[0] not in WEEKDAYS:
        return None
    at = minutes(parts[1])
    return None if at is None else (WEEKDAYS.index(parts[0]) + 1, at)


def _check_twice(table: str, entries: list[Any]) -> list[SetupProblem]:
    seen: set[str] = set()
    problems = []
    key = _NAME_KEY[table]
    for index, entry in enumerate(entries):
        name = _name_of(table, entry)
        if name.strip() and name in seen:
            problems.append(
                problem("name_twice", (table, index, key), entry=name, value=name, table=table)
            )
        seen.add(name)
    return problems


def _check_branches(setup: OfficeSetup) -> list[SetupProblem]:
    problems = []
    for index, branch in enumerate(setup.branches):
        problems += check_postcode(("branches", index, "postcode"), branch.name, branch.postcode)
    for index, worker in enumerate(setup.caseworkers):
        if worker.email and not _EMAIL.fullmatch(worker.email):
            where = ("caseworkers", index, "email")
            problems.append(problem("bad_email", where, entry=worker.name, value=worker.email))
    return problems


def _check_references(setup: OfficeSetup) -> list[SetupProblem]:
    """Teams, branches, leads and areas that are named but not defined."""
    problems = []
    teams = {t.number for t in setup.teams}
    branches = {b.name for b in setup.branches}
    caseworkers = {c.name for c in setup.caseworkers}
    areas = {a.name for a in setup.areas}
    for index, team in enumerate(setup.teams):
        if team.lead and team.lead not in caseworkers:
            where = ("teams", index, "lead")
            problems.append(problem("unknown_lead", where, entry=team.number, value=team.lead))
    for index, cw in enumerate(setup.caseworkers):
        if cw.team.strip() and cw.team not in teams:
            where = ("caseworkers", index, "team")
            problems.append(problem("unknown_team", where, entry=cw.name, value=cw.team))
        if cw.branch and cw.branch not in branches:
            where = ("caseworkers", index, "branch")
            problems.append(problem("unknown_branch", where, entry=cw.name, value=cw.branch))
    for index, worker in enumerate(setup.outreach_workers):
        for name in worker.areas:
            if name.strip() and name not in areas:
                where = ("outreach_workers", index, "areas")
                problems.append(problem("unknown_area", where, entry=worker.name, value=name))
    return problems


def check_days(
    where: tuple[str, int | None, str | None], name: str, days: list[str]
) -> list[SetupProblem]:
    return [
        problem("bad_weekday", where, entry=name, value=day)
        for day in days
        if day.strip() and day not in WEEKDAYS
    ]


def _check_workers(setup: OfficeSetup) -> list[SetupProblem]:
    problems = []
    for index, worker in enumerate(setup.outreach_workers):
        name = worker.name
        problems += check_days(("outreach_workers", index, "days"), name, worker.days)
        if not worker.days:
            problems.append(problem("no_day", ("outreach_workers", index, "days"), entry=name))
        times = {}
        for key in ("start", "end"):
            value = getattr(worker, key)
            times[key] = minutes(value) if len(value) <= 5 else None
            if value.strip() and times[key] is None:
                where = ("outreach_workers", index, key)
                problems.append(problem("bad_time", where, entry=name, value=value))
        start, end = times["start"], times["end"]
        if start is not None and end is not None and end <= start:
            where = ("outreach_workers", index, "end")
            problems.append(
                problem("end_before_start", where, entry=name, start=worker.start, end=worker.end)
            )
        limit = (
            min(_MAX_BREAK, end - start)
            if start is not None and end is not None and end > start
            else _MAX_BREAK
        )
        if worker.break_minutes is not None and not 0 <= worker.break_minutes <= limit:
            where = ("outreach_workers", index, "break_minutes")
            problems.append(problem("bad_break", where, entry=name, limit=limit))
    return problems


# --------------------------------------------------------------------------- writing

_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r", "\b": "\\b"}
_ESCAPES["\f"] = "\\f"


def _toml_string(text: str) -> str:
    out = []
    for char in text:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif unicodedata.category(char) == "Cc" or char in "\u2028\u2029":
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def _toml_value(value: object) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_toml_string(str(v)) for v in value) + "]"
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return _toml_string(str(value))


#: Keys written even when empty (the contract's layout shows them).
_ALWAYS = frozenset({"postcodes", "areas", "flag_cutoff", "days", "weekdays", "municipalities"})


def _dump_entry(header: str, table: str, entry: object) -> list[str]:
    lines = [header]
    for key, spec in _SCHEMA[table].items():
        value = getattr(entry, key)
        if value is None or (not spec.required and key not in _ALWAYS and value in ("", [])):
            continue
        lines.append(f"{key} = {_toml_value(value)}")
    return lines


def dump_setup(setup: OfficeSetup) -> str:
    """The setup as a TOML text in the layout of ``docs/setup-file.md``.

    ``parse_setup(dump_setup(s)) == s`` for every setup without problems.
    """
    lines = ["# fieldkit: Einrichtung der Dienststelle (fieldkit setup apply DATEI)", ""]
    if setup.office is not None:
        lines += [*_dump_entry("[office]", "office", setup.office), ""]
    for table in _ARRAYS:
        for entry in getattr(setup, table):
            lines += [*_dump_entry(f"[[{table}]]", table, entry), ""]
    return "\n".join(lines).rstrip("\n") + "\n"
