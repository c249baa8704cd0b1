"""Plain inputs of the printed documents; the integrator fills them from the store.

Nothing here knows about ReportLab or the database: every document is a pure function of
these values, so a test (or the bench) can build them by hand. Times are local wall-clock
times (naive datetimes, as printed on the letter).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from fieldkit.printing.places import Place

if TYPE_CHECKING:  # drawing only; the model stays free of ReportLab
    from fieldkit.printing.logo import Logo


@dataclass(frozen=True)
class GeoPoint:
    """A WGS84 position."""

    lat: float
    lon: float


@dataclass(frozen=True)
class Office:
    """The Jobcenter office that sends the letters."""

    name: str
    address_lines: tuple[str, ...]
    phone: str
    opening_hours: tuple[str, ...]
    upload_hint: str
    return_address: str
    template_key: str = "default"
    email: str = ""
    location: GeoPoint | None = None
    #: The branches where customers are invited (the setup's ``[[branches]]``).
    branches: tuple[Place, ...] = ()
    #: The office's own letterhead text (line breaks kept) and logo, top left on letters.
    letterhead: str = ""
    logo: Logo | None = None


@dataclass(frozen=True)
class Caseworker:
    """The customer's responsible caseworker (HB / IFK), the letter's contact."""

    name: str
    phone: str
    email: str
    team: str


@dataclass(frozen=True)
class Mitwirkungsschreiben:
    """An open letter asking the customer for missing documents."""

    subject: str
    sent_on: date | None = None
    due_on: date | None = None


@dataclass(frozen=True)
class Customer:
    """The addressee; ``name`` is salutation-neutral ("Alex Beispiel"), as the letters say."""

    kundennummer: str
    name: str
    street: str
    postal_code: str
    city: str
    adresszusatz: str = ""
    open_mitwirkungsschreiben: tuple[Mitwirkungsschreiben, ...] = ()

    @property
    def address_lines(self) -> tuple[str, ...]:
        """The postal address as DIN 5008 wants it: name, Zusatz, street, postcode and town."""
        lines = [self.name]
        if self.adresszusatz.strip():
            lines.append(self.adresszusatz)
        lines.append(self.street)
        lines.append(f"{self.postal_code} {self.city}".strip())
        return tuple(line for line in lines if line.strip())


@dataclass(frozen=True)
class Appointment:
    """The appointment the invitation asks the customer to come to."""

    start: datetime
    place: str
    purpose: str
    bring: tuple[str, ...] = ()
    #: The place names no branch and has no postcode: printed as written, with a warning.
    unresolved_place: bool = False


@dataclass(frozen=True)
class InvitationLetter:
    """One invitation (Meldeaufforderung) with everything printed on it."""

    office: Office
    caseworker: Caseworker
    customer: Customer
    appointment: Appointment
    letter_date: date
    with_rfb: bool
    reduction_eur: Decimal = Decimal("0")
    #: Percent of the standard rate (§ 32 SGB II) in force on the appointment day.
    reduction_percent: Decimal = Decimal("10")
    reduction_months: int = 1
    #: in_person, phone or video (the flag's termin_art); phone and video never carry an RFB.
    appointment_kind: str = "in_person"
    standard_need_level: int = 1
    bg_number: str = ""
    #: The rule set the letter is printed under and its text blocks (domain/rulesets.py).
    law: LetterLaw | None = None


@dataclass(frozen=True)
class LetterLaw:
    """The text blocks of the rule set a letter is printed under (placeholders unfilled)."""

    rule_set: str
    benefit: str
    rfb_heading: str
    rfb: tuple[str, ...]
    legal_remedy_heading: str
    legal_remedy: tuple[str, ...]
    travel_costs: str
    package_rfb_note: str


@dataclass(frozen=True)
class RouteStop:
    """One door on the day's route, in visiting order."""

    arrival: datetime
    customer: Customer
    location: GeoPoint | None  # None: not geocoded, listed on the sheet but not on the map
    hints: str = ""
    appointment: Appointment | None = None


@dataclass(frozen=True)
class RouteDay:
    """One outreach worker's route on one day."""

    day: date
    worker: str
    office: Office
    stops: tuple[RouteStop, ...]
    area: str = ""
    departure: datetime | None = None
    return_at: datetime | None = None


@dataclass(frozen=True)
class ManifestEntry:
    """The pages of one customer in a batch (1-based, inclusive, blank pages included)."""

    kundennummer: str
    documents: tuple[str, ...]
    first_page: int
    last_page: int


@dataclass(frozen=True)
class BatchManifest:
    """What a batch PDF holds: page count and page ranges per customer."""

    page_count: int
    blank_pages: int
    entries: tuple[ManifestEntry, ...] = field(default_factory=tuple)

    def summary(self, language: str = "de") -> str:
        """A short listing for the CLI or a log ('de' or 'en'); no names, only numbers."""
        en = language.startswith("en")
        head = (
            f"{self.page_count} pages ({self.blank_pages} blank for duplex), "
            f"{len(self.entries)} customers"
            if en
            else f"{self.page_count} Seiten ({self.blank_pages} Leerseiten für Duplex), "
            f"{len(self.entries)} Kunden"
        )
        names = {"invitation": "Einladung", "package": "Kunden-Paket"}
        lines = [head]
        for e in self.entries:
            docs = ", ".join(e.documents if en else (names.get(d, d) for d in e.documents))
            word = "pages" if en else "Seiten"
            lines.append(f"  {e.kundennummer}: {word} {e.first_page}–{e.last_page} ({docs})")
        return "\n".join(lines)
