"""Reasons with stable codes (the import contract) and their German and English messages.

The code's prefix fixes the status it causes: ``X_`` invalid, ``E_`` blocked, ``W_`` warning,
``I_`` information only (never changes the status).
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum


class Status(StrEnum):
    """A row's status; compare severity with :attr:`rank`."""

    ELIGIBLE = "eligible"
    WARNING = "warning"
    BLOCKED = "blocked"
    INVALID = "invalid"

    @property
    def rank(self) -> int:
        """0 (eligible) … 3 (invalid)."""
        return _RANK[self]

    @property
    def label_de(self) -> str:
        """German badge text."""
        return _LABEL_DE[self]


_RANK = {Status.ELIGIBLE: 0, Status.WARNING: 1, Status.BLOCKED: 2, Status.INVALID: 3}
_LABEL_DE = {
    Status.ELIGIBLE: "planbar",
    Status.WARNING: "Hinweis",
    Status.BLOCKED: "gesperrt",
    Status.INVALID: "ungültig",
}
_PREFIX_STATUS = {"X": Status.INVALID, "E": Status.BLOCKED, "W": Status.WARNING}

# Every code of the contract (spec/import-format.md).
CODES: tuple[str, ...] = (
    "X_MISSING", "X_FORMAT", "X_PLZ", "X_DUPLICATE",
    "E_INV1_MISSING", "E_INV1_ATTENDED", "E_INV2_MISSING", "E_INV2_NO_RFB", "E_INV2_ATTENDED",
    "E_ORDER", "E_CALLS_MISSING", "E_CALLS_SAME_DAY", "E_CALLS_SAME_TIME",
    "W_INV1_RFB", "W_NO_REASON", "W_NO_APPOINTMENT",
    "I_LATE_FLAG",
    "E_AFTER_FLAG", "E_APPOINTMENT_PAST", "W_APPOINTMENT_IN_VISIT_WEEK",
    "W_APPOINTMENT_CLOSED_DAY", "W_CALL_OFF_HOURS", "W_LZA_U25_INV1_NO_RFB",
    "W_REMOTE_APPOINTMENT",
)  # fmt: skip

_AT = {"de": "Zeile {line}, Spalte {column}: ", "en": "Line {line}, column {column}: "}

# (code, variant) -> (German, English). A variant picks a more precise wording.
MESSAGES: dict[tuple[str, str], tuple[str, str]] = {
    ("X_MISSING", ""): ("Pflichtangabe fehlt.", "required value is missing."),
    ("X_MISSING", "header"): (
        "Pflichtspalte fehlt in der Kopfzeile.",
        "required column is missing from the header.",
    ),
    ("X_FORMAT", "date"): (
        "„{value}“ ist kein Datum (TT.MM.JJJJ oder JJJJ-MM-TT).",
        "“{value}” is not a date (DD.MM.YYYY or YYYY-MM-DD).",
    ),
    ("X_FORMAT", "datetime"): (
        "„{value}“ ist kein Zeitpunkt (TT.MM.JJJJ HH:MM oder ISO 8601).",
        "“{value}” is not a date and time (DD.MM.YYYY HH:MM or ISO 8601).",
    ),
    ("X_FORMAT", "no_time"): (
        "„{value}“ hat keine Uhrzeit (TT.MM.JJJJ HH:MM).",
        "“{value}” has no time of day (DD.MM.YYYY HH:MM).",
    ),
    ("X_FORMAT", "bool"): (
        "„{value}“ ist kein Ja/Nein-Wert (ja/nein, j/n, x/leer, true/false, 1/0).",
        "“{value}” is not a yes/no value (ja/nein, j/n, x/empty, true/false, 1/0).",
    ),
    ("X_FORMAT", "formula"): (
        "Formel ohne gespeicherten Wert – bitte die Datei in Excel öffnen und speichern.",
        "formula without a stored value – open and save the file in Excel.",
    ),
    ("X_FORMAT", "termin_art"): (
        "„{value}“ ist keine Terminart (persönlich, telefon oder video).",
        "“{value}” is not an appointment kind (persönlich, telefon or video).",
    ),
    ("X_FORMAT", "rbs"): (
        "„{value}“ ist keine Regelbedarfsstufe (1 bis 6).",
        "“{value}” is not a standard need level (Regelbedarfsstufe 1 to 6).",
    ),
    ("X_FORMAT", "bg_nummer"): (
        "„{value}“ ist keine BG-Nummer (Ziffern und Buchstaben, höchstens 30 Zeichen).",
        "“{value}” is not a BG number (digits and letters, at most 30 characters).",
    ),
    ("X_PLZ", ""): (
        "„{value}“ ist keine fünfstellige Postleitzahl.",
        "“{value}” is not a five-digit postcode.",
    ),
    ("X_DUPLICATE", ""): (
        "Kundennummer {value} steht schon in Zeile {first_line}.",
        "customer number {value} already occurs in line {first_line}.",
    ),
    ("E_INV1_MISSING", ""): ("Erste Einladung fehlt.", "No first invitation (Einladung)."),
    ("E_INV1_ATTENDED", ""): (
        "Zur ersten Einladung erschienen – keine Aufsuchende Beratung nötig.",
        "The customer came to the first invitation.",
    ),
    ("E_INV2_MISSING", ""): (
        "Zweite Einladung (mit RFB) fehlt.",
        "No second invitation (with RFB).",
    ),
    ("E_INV2_NO_RFB", ""): (
        "Zweite Einladung ohne RFB – sie muss eine RFB tragen.",
        "The second invitation carried no RFB (notice of legal consequences).",
    ),
    ("E_INV2_ATTENDED", ""): (
        "Zur zweiten Einladung erschienen – keine Aufsuchende Beratung nötig.",
        "The customer came to the second invitation.",
    ),
    ("E_ORDER", ""): (
        "Reihenfolge stimmt nicht: {column} liegt nicht nach {previous}.",
        "Wrong order: {column} is not after {previous}.",
    ),
    ("E_CALLS_MISSING", ""): (
        "Weniger als {required} dokumentierte Anrufe ({count} vorhanden).",
        "Fewer than {required} documented calls ({count} given).",
    ),
    ("E_CALLS_SAME_DAY", ""): (
        "Anrufe am selben Tag – sie müssen an verschiedenen Tagen erfolgen.",
        "Both calls on the same day; they must be on different days.",
    ),
    ("E_CALLS_SAME_TIME", ""): (
        "Anrufe zu fast gleicher Uhrzeit (weniger als {hours} Stunden auseinander).",
        "Both calls at nearly the same time of day (less than {hours} hours apart).",
    ),
    ("W_INV1_RFB", ""): (
        "Erste Einladung mit RFB, obwohl nicht langzeitarbeitslos unter 25 "
        "(erste Einladung ohne RFB, § 15 Abs. 4 SGB II).",
        "The first invitation carried an RFB although the customer is not a long-term "
        "unemployed U25 customer (§ 15 (4) SGB II).",
    ),
    ("W_NO_REASON", ""): (
        "Sinnhaftigkeit nicht begründet.",
        "No reason given why outreach makes sense (sinnhaftigkeit).",
    ),
    ("W_NO_APPOINTMENT", ""): (
        "Kein Termin – es gibt noch nichts zum Aushändigen.",
        "No appointment (termin): nothing to hand over yet.",
    ),
    ("E_AFTER_FLAG", ""): (
        "{column} ({when}) liegt nach der Vormerkung ({flagged}): Die Kette war beim "
        "Vormerken nicht vollständig.",
        "{column} ({when}) lies after the flag ({flagged}): the chain was not complete when "
        "the customer was flagged.",
    ),
    ("E_APPOINTMENT_PAST", ""): (
        "Termin {when} liegt vor der Besuchswoche {week}: Die Einladung zum Aushändigen ist "
        "veraltet.",
        "The appointment {when} lies before the visit week {week}: the invitation to hand over "
        "is out of date.",
    ),
    ("W_APPOINTMENT_IN_VISIT_WEEK", ""): (
        "Termin {when} liegt in der Besuchswoche {week}: Besuch spätestens am {latest} "
        "({lead} Arbeitstage Vorlauf).",
        "The appointment {when} lies inside the visit week {week}: visit by {latest} at the "
        "latest ({lead} working days' lead time).",
    ),
    ("W_APPOINTMENT_IN_VISIT_WEEK", "too_close"): (
        "Termin {when} liegt in der Besuchswoche {week}: Mit {lead} Arbeitstagen Vorlauf "
        "bleibt in dieser Woche kein Besuchstag.",
        "The appointment {when} lies inside the visit week {week}: with {lead} working days' "
        "lead time no visit day is left in that week.",
    ),
    ("W_APPOINTMENT_CLOSED_DAY", "saturday"): (
        "Termin {when} fällt auf einen Samstag.",
        "The appointment {when} falls on a Saturday.",
    ),
    ("W_APPOINTMENT_CLOSED_DAY", "sunday"): (
        "Termin {when} fällt auf einen Sonntag.",
        "The appointment {when} falls on a Sunday.",
    ),
    ("W_APPOINTMENT_CLOSED_DAY", ""): (
        "Termin {when} fällt auf einen Tag, an dem das Jobcenter geschlossen ist.",
        "The appointment {when} falls on a day the job centre is closed.",
    ),
    ("W_APPOINTMENT_CLOSED_DAY", "holiday"): (
        "Termin {when} fällt auf einen Feiertag ({holiday}).",
        "The appointment {when} falls on a public holiday ({holiday}).",
    ),
    ("W_CALL_OFF_HOURS", ""): (
        "Anruf {when} außerhalb der Zeit von {start} bis {end} Uhr.",
        "Call {when} outside {start}–{end} local time.",
    ),
    ("W_CALL_OFF_HOURS", "saturday"): (
        "Anruf {when} an einem Samstag.",
        "Call {when} on a Saturday.",
    ),
    ("W_CALL_OFF_HOURS", "sunday"): (
        "Anruf {when} an einem Sonntag.",
        "Call {when} on a Sunday.",
    ),
    ("W_CALL_OFF_HOURS", "holiday"): (
        "Anruf {when} an einem Feiertag ({holiday}).",
        "Call {when} on a public holiday ({holiday}).",
    ),
    ("W_LZA_U25_INV1_NO_RFB", ""): (
        "Langzeitarbeitslos und unter 25, aber erste Einladung ohne RFB: Das Konzept sieht "
        "eine RFB vor.",
        "Long-term unemployed and under 25, but the first invitation carried no RFB: the "
        "concept asks for one.",
    ),
    ("W_REMOTE_APPOINTMENT", ""): (
        "Termin per Telefon: Eine solche Einladung trägt nie eine RFB, das Aushändigen hat "
        "keine Rechtsfolge.",
        "The appointment is by phone: such an invitation never carries an RFB, so handing it "
        "over has no legal effect.",
    ),
    ("W_REMOTE_APPOINTMENT", "video"): (
        "Termin per Video: Eine solche Einladung trägt nie eine RFB, das Aushändigen hat "
        "keine Rechtsfolge.",
        "The appointment is by video: such an invitation never carries an RFB, so handing it "
        "over has no legal effect.",
    ),
    ("I_LATE_FLAG", ""): (
        "Nach Fristende ({deadline}) vorgemerkt: Besuch erst in {week}.",
        "Flagged after the cutoff ({deadline}): visit planned one week later, in {week}.",
    ),
}


def placeholders(template: str) -> set[str]:
    """Names used in ``{…}`` fields of a message template."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@dataclass(frozen=True)
class Reason:
    """Why a row has its status: a stable ``code``, the spec ``column`` it concerns, the file
    ``line`` (for ``X_`` reasons) and message parameters."""

    code: str
    column: str | None = None
    line: int | None = None
    params: Mapping[str, str] = field(default_factory=dict)

    @property
    def status(self) -> Status | None:
        """The status this reason causes (None for information)."""
        return _PREFIX_STATUS.get(self.code[0])

    def message(self, lang: str = "de") -> str:
        """The message in German (``de``, default) or English (``en``)."""
        variant = self.params.get("variant", "")
        de, en = MESSAGES.get((self.code, variant)) or MESSAGES[(self.code, "")]
        english = lang.lower().startswith("en")
        template = en if english else de
        values = {"line": "?", "column": self.column or "", "value": "", **self.params}
        if self.line is not None:
            values["line"] = str(self.line)
        text = template.format_map(values)
        if self.code.startswith("X_"):
            text = _AT["en" if english else "de"].format_map(values) + text
        return text

    def sort_key(self) -> tuple[str, int, str]:
        """Alphabetical by code (the contract lists codes sorted), then by column order."""
        column = self.column or ""
        return (self.code, COLUMN_ORDER.get(column, 999), column)


# Spec column order, used to sort several reasons with the same code.
SPEC_COLUMNS: tuple[str, ...] = (
    "kundennummer", "nachname", "vorname", "geburtsdatum", "strasse", "hausnummer", "plz", "ort",
    "adresszusatz", "telefon", "hb", "team", "langzeitarbeitslos", "vorgemerkt_am",
    "einladung1_datum", "einladung1_rfb", "einladung1_erschienen",
    "einladung2_datum", "einladung2_rfb", "einladung2_erschienen",
    "anruf1", "anruf2", "sinnhaftigkeit", "termin", "termin_ort", "offene_mitwirkung", "hinweise",
    "termin_art", "regelbedarfsstufe", "bg_nummer",
)  # fmt: skip
COLUMN_ORDER = {name: i for i, name in enumerate(SPEC_COLUMNS)}


def status_of(reasons: Iterable[Reason]) -> Status:
    """The worst status among the reasons; ``I_`` reasons never change it."""
    worst = Status.ELIGIBLE
    for reason in reasons:
        status = reason.status
        if status is not None and status.rank > worst.rank:
            worst = status
    return worst


def sorted_reasons(reasons: Iterable[Reason]) -> tuple[Reason, ...]:
    """Reasons in the contract's order (by code, then column)."""
    return tuple(sorted(reasons, key=Reason.sort_key))


def shorten(value: object, limit: int = 40) -> str:
    """A cell value for a message, cut so a stray long text does not flood the output."""
    text = str(value).replace("\n", " ").strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"
