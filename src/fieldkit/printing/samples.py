"""Synthetic sample inputs: for the template editor's live preview, tests, bench and docs.

All names, numbers and addresses are invented.
"""

from __future__ import annotations

from dataclasses import replace
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
_TOWNS = (  # in the order of a loop around Heilbronn, so sample routes look like routes
    ("74172", "Neckarsulm", 49.18912, 9.22527),
    ("74177", "Bad Friedrichshall", 49.24003, 9.21792),
    ("74206", "Bad Wimpfen", 49.22971, 9.15648),
    ("74906", "Bad Rappenau", 49.23848, 9.1018),
    ("74193", "Schwaigern", 49.14494, 9.05525),
    ("74211", "Leingarten", 49.14639, 9.11694),
    ("74336", "Brackenheim", 49.07787, 9.06601),
    ("74348", "Lauffen am Neckar", 49.0734, 9.14567),
    ("74388", "Talheim", 49.08333, 9.19306),
    ("74360", "Ilsfeld", 49.05548, 9.24598),
    ("74232", "Abstatt", 49.0682, 9.2907),
    ("74245", "Löwenstein", 49.09558, 9.38),
    ("74182", "Obersulm", 49.13195, 9.38753),
    ("74189", "Weinsberg", 49.15127, 9.28762),
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
        code, town, lat, lon = _TOWNS[(i * len(_TOWNS)) // max(stops, 1) % len(_TOWNS)]
        t += timedelta(minutes=35)
        items.append(
            RouteStop(
                arrival=t,
                customer=replace(sample_customer(i), postal_code=code, city=town),
                location=GeoPoint(
                    lat + 0.004 * (i // len(_TOWNS)) - 0.002 * (i % 3), lon + 0.003 * (i % 2)
                ),
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
