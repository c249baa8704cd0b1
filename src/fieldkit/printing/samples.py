"""Synthetic sample inputs: for the template editor's live preview, tests, bench and docs.

All names, numbers and addresses are invented.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from fieldkit.printing.model import (
    Appointment,
    Caseworker,
    Customer,
    GeoPoint,
    InvitationLetter,
    Mitwirkungsschreiben,
    Office,
    RouteDay,
    RouteStop,
)

SAMPLE_OFFICE = Office(
    name="Jobcenter Landkreis Heilbronn",
    address_lines=("Musterstraße 1", "74072 Heilbronn"),
    phone="07131 000000-0",
    opening_hours=(
        "Montag bis Freitag: 08:00 – 12:00 Uhr",
        "Donnerstag zusätzlich: 14:00 – 17:30 Uhr",
        "Termine außerhalb der Öffnungszeiten nach Vereinbarung",
    ),
    upload_hint="jobcenter.digital – dort „Unterlagen einreichen“ wählen",
    return_address="Jobcenter Landkreis Heilbronn · Musterstraße 1 · 74072 Heilbronn",
    email="jobcenter-beispiel@example.org",
    location=GeoPoint(49.1427, 9.2109),
)

SAMPLE_CASEWORKER = Caseworker(
    name="Kim Beispiel",
    phone="07131 000000-123",
    email="kim.beispiel@example.org",
    team="Team 2 – Integration U25",
)

_STREETS = ("Hauptstraße", "Bahnhofstraße", "Lindenweg", "Am Mühlbach", "Schulstraße", "Rosengasse")
_TOWNS = (
    ("74172", "Neckarsulm", 49.1917, 9.2246),
    ("74189", "Weinsberg", 49.1518, 9.2853),
    ("74226", "Nordheim", 49.1086, 9.1275),
    ("74206", "Bad Wimpfen", 49.2297, 9.1565),
    ("74080", "Heilbronn", 49.1300, 9.1800),
    ("74232", "Abstatt", 49.0682, 9.2907),
    ("74245", "Löwenstein", 49.0950, 9.3820),
    ("74360", "Ilsfeld", 49.0553, 9.2459),
)


def _at(day: date, hour: int, minute: int) -> datetime:
    # Letters print local wall-clock times, so the samples are naive like the store's.
    return datetime.combine(day, time(hour, minute))


def sample_customer(i: int = 0) -> Customer:
    """The ``i``-th invented customer (deterministic)."""
    code, town, _, _ = _TOWNS[i % len(_TOWNS)]
    open_items: tuple[Mitwirkungsschreiben, ...] = ()
    if i % 3 == 0:
        open_items = (
            Mitwirkungsschreiben("Kontoauszüge der letzten drei Monate", date(2026, 11, 2)),
            Mitwirkungsschreiben(
                "Mietbescheinigung für die neue Wohnung", date(2026, 11, 9), date(2026, 12, 1)
            ),
        )
    return Customer(
        kundennummer=f"962D{100000 + i:06d}",
        name=f"Alex Muster-Beispiel{i}" if i else "Jörg Weiß-Östermann",
        street=f"{_STREETS[i % len(_STREETS)]} {3 + i % 40}",
        postal_code=code,
        city=town,
        adresszusatz="bei Familie Groß, Hinterhaus" if i % 4 == 0 else "",
        open_mitwirkungsschreiben=open_items,
    )


def sample_letter(i: int = 0, with_rfb: bool = True) -> InvitationLetter:
    """An invitation for :func:`sample_customer` ``i``."""
    start = _at(date(2026, 12, 10), 9, 0) + timedelta(minutes=30 * (i % 12))
    return InvitationLetter(
        office=SAMPLE_OFFICE,
        caseworker=SAMPLE_CASEWORKER,
        customer=sample_customer(i),
        appointment=Appointment(
            start=start,
            place="Jobcenter Landkreis Heilbronn\nMusterstraße 1, 74072 Heilbronn\n"
            "2. Stock, Zimmer 2.14",
            purpose="Wir sprechen über Ihre berufliche Situation und Ihre Ideen für die Zukunft.",
            bring=("Personalausweis oder Reisepass", "Lebenslauf, falls vorhanden"),
        ),
        letter_date=date(2026, 11, 30),
        with_rfb=with_rfb,
        reduction_eur=Decimal("56.30"),
    )


def sample_route_day(stops: int = 8) -> RouteDay:
    """A day's route through the district with ``stops`` doors."""
    items = []
    t = _at(date(2026, 12, 3), 8, 45)
    for i in range(stops):
        _, _, lat, lon = _TOWNS[i % len(_TOWNS)]
        t += timedelta(minutes=35)
        items.append(
            RouteStop(
                arrival=t,
                customer=sample_customer(i),
                location=GeoPoint(lat + 0.004 * (i // len(_TOWNS)), lon),
                hints="Klingel defekt, bitte klopfen" if i % 3 == 1 else "",
                appointment=sample_letter(i).appointment,
            )
        )
    return RouteDay(
        day=date(2026, 12, 3),
        worker="Sam Unterwegs",
        office=SAMPLE_OFFICE,
        stops=tuple(items),
        area="Nord-Ost",
        departure=_at(date(2026, 12, 3), 8, 30),
        return_at=t + timedelta(minutes=45),
    )
