"""The reception calendar: entering one appointment or importing the calendar's CSV export."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from fieldkit.domain import permissions
from fieldkit.domain.week import to_berlin
from fieldkit.importing.judge import parse_datetime
from fieldkit.services.access import require
from fieldkit.services.office import Identity, OfficeError
from fieldkit.services.office_desk.model import MELDEVERSAEUMNIS
from fieldkit.store.db import Database
from fieldkit.store.models import Customer
from fieldkit.store.models_office import ReceptionAppointment


def add_appointment(
    db: Database,
    starts_at: datetime,
    kundennummer: str,
    name: str = "",
    booked_by: str = "",
    note: str = "",
    kind: str = MELDEVERSAEUMNIS,
    *,
    identity: Identity,
) -> uuid.UUID:
    """Enter one appointment of the reception calendar; the customer is linked if known."""
    require(identity, permissions.DESK)
    number = kundennummer.strip()
    if not number:
        raise OfficeError("Kundennummer fehlt.", "The customer number is missing.")
    with db.session() as session:
        appointment = _new_appointment(session, starts_at, number, name, booked_by, note, kind)
        session.flush()
        return appointment.id


def _new_appointment(
    session: Session,
    starts_at: datetime,
    number: str,
    name: str,
    booked_by: str,
    note: str,
    kind: str,
) -> ReceptionAppointment:
    customer = session.scalars(select(Customer).where(Customer.kundennummer == number)).first()
    appointment = ReceptionAppointment(
        starts_at=to_berlin(starts_at).astimezone(UTC),
        kundennummer=number,
        customer_id=customer.id if customer else None,
        name=name.strip() or (customer.display_name if customer else ""),
        kind=kind,
        booked_by=booked_by.strip(),
        note=note.strip(),
        state="open",
    )
    session.add(appointment)
    return appointment


_HEADER = {
    "datum": "datum", "uhrzeit": "uhrzeit", "zeit": "uhrzeit", "kundennummer": "kundennummer",
    "name": "name", "art": "art", "gebucht von": "gebucht_von", "gebucht_von": "gebucht_von",
    "notiz": "notiz", "bemerkung": "notiz",
}  # fmt: skip


def _csv_rows(path: Path) -> list[list[str]]:
    """The cells of a CSV file in UTF-8 (else Windows-1252), delimiter sniffed."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252")
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:2048], ";,\t")
    except csv.Error:
        dialect = csv.excel
    return list(csv.reader(io.StringIO(text), dialect))


def import_calendar(
    db: Database,
    path: Path,
    *,
    identity: Identity,
) -> int:
    """Import the reception calendar's export (CSV: Datum;Uhrzeit;Kundennummer;Name;Art;
    Gebucht von;Notiz) in one transaction; returns the number of appointments added. An
    appointment already there (same time and Kundennummer) is not added twice."""
    require(identity, permissions.DESK)
    rows = _csv_rows(path)
    if not rows:
        raise OfficeError("Die Datei ist leer.", "The file is empty.")
    header = [_HEADER.get(h.strip().lower(), h.strip().lower()) for h in rows[0]]
    for needed in ("datum", "uhrzeit", "kundennummer"):
        if needed not in header:
            raise OfficeError(
                f"Spalte „{needed}“ fehlt in der Kopfzeile.",
                f"The header lacks the column {needed!r}.",
            )
    entries = []
    for line, cells in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        values = dict(zip(header, (c.strip() for c in cells), strict=False))
        try:
            moment = parse_datetime(f"{values['datum']} {values['uhrzeit']}")
        except ValueError as exc:
            raise OfficeError(
                f"Zeile {line}: Datum/Uhrzeit nicht lesbar.",
                f"Line {line}: date/time cannot be read.",
            ) from exc
        if not values.get("kundennummer"):
            raise OfficeError(
                f"Zeile {line}: Kundennummer fehlt.", f"Line {line}: customer number missing."
            )
        kind = MELDEVERSAEUMNIS if "melde" in values.get("art", "melde").lower() else "other"
        entries.append((moment, values, kind))
    added = 0
    with db.session() as session:
        existing = {
            (a.starts_at, a.kundennummer) for a in session.scalars(select(ReceptionAppointment))
        }
        for moment, values, kind in entries:
            key = (to_berlin(moment).astimezone(UTC), values["kundennummer"])
            if key in existing:
                continue
            existing.add(key)
            _new_appointment(
                session, moment, values["kundennummer"], values.get("name", ""),
                values.get("gebucht_von", ""), values.get("notiz", ""), kind,
            )  # fmt: skip
            added += 1
    return added
