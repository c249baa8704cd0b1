"""Small builders for test data written straight through the ORM."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from fieldkit.services.office import UNRESTRICTED
from fieldkit.store.db import Database
from fieldkit.store.models import Address, Caseworker, Customer, Flag, Invitation, PhoneCall


def add_flagged(
    db: Database,
    kundennummer: str,
    nachname: str,
    ort: str,
    status: str = "eligible",
    week: str = "2026-W49",
    hb: str = "Frau Keller",
    reasons: list[dict[str, Any]] | None = None,
) -> None:
    """One customer with address, caseworker, a complete chain and a flag."""
    with db.session() as session:
        caseworker = session.query(Caseworker).filter_by(name=hb).one_or_none()
        if caseworker is None:
            caseworker = Caseworker(name=hb, team="521")
        customer = Customer(
            kundennummer=kundennummer,
            nachname=nachname,
            vorname="Testa",
            geburtsdatum=date(1985, 1, 2),
            team="521",
            caseworker=caseworker,
        )
        customer.address = Address(strasse="Lindenweg", hausnummer="3", plz="74172", ort=ort)
        flag = Flag(
            customer=customer,
            visit_week=week,
            flagged_at=datetime(2026, 11, 24, 9, 0, tzinfo=UTC),
            status=status,
            reasons=reasons or [],
            sinnhaftigkeit="Arbeitsbündnis aufbauen",
            appointment_at=datetime(2026, 12, 10, 8, 0, tzinfo=UTC),
            appointment_place="Raum 1.05",
        )
        flag.invitations = [
            Invitation(seq=1, date=date(2026, 9, 21), with_rfb=False, attended=False),
            Invitation(seq=2, date=date(2026, 10, 12), with_rfb=True, attended=False),
        ]
        flag.calls = [PhoneCall(seq=1, called_at=datetime(2026, 10, 19, 7, 10, tzinfo=UTC))]
        session.add(flag)


def verify_rule_sets(db: Database, by: str = "Testprüferin", on: date = date(2026, 11, 2)) -> None:
    """Record that every shipped rule set was verified (RFB letters print only then)."""
    from fieldkit.domain.rulesets import all_rule_sets
    from fieldkit.services.rules import verify

    for rule_set in all_rule_sets():
        verify(db, rule_set.name, by, on, identity=UNRESTRICTED)
