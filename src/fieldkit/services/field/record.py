"""The plain record of a stored visit with the customer's facts, and the texts made from it."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from fieldkit.domain import casenote, permissions
from fieldkit.domain.casenote import VisitRecord
from fieldkit.domain.model import NotMetReason, Outcome
from fieldkit.domain.settings import RulesSettings
from fieldkit.domain.week import to_berlin
from fieldkit.services.access import require
from fieldkit.services.field.model import _visit_not_stored
from fieldkit.services.field.visit import _require_own_visit
from fieldkit.services.office import Identity
from fieldkit.store.db import Database
from fieldkit.store.models import Flag, OutreachWorker, PrepCheck, Visit


def visit_record(
    session: Session,
    visit_id: uuid.UUID,
    *,
    identity: Identity,
) -> VisitRecord:
    """The plain record of a stored visit, with the customer's facts, for the texts."""
    require(identity, permissions.VISITS)
    visit = session.get(Visit, visit_id)
    if visit is None:
        raise _visit_not_stored()
    _require_own_visit(session, identity, visit)
    flag = session.get(Flag, visit.flag_id)
    assert flag is not None
    customer = flag.customer
    worker = session.get(OutreachWorker, visit.worker_id) if visit.worker_id else None
    address = customer.address
    rfb, rule_set = _invitation_law(flag)
    return VisitRecord(
        visited_at=visit.visited_at,
        outcome=Outcome(visit.outcome) if visit.outcome else None,
        not_met_reason=NotMetReason(visit.not_met_reason) if visit.not_met_reason else None,
        details=dict(visit.details or {}),
        note=visit.note,
        complex_case=visit.complex_case,
        benefits_hint=visit.benefits_hint,
        customer_name=customer.display_name,
        kundennummer=customer.kundennummer,
        address=address.one_line if address else "",
        appointment_at=flag.appointment_at,
        appointment_place=flag.appointment_place,
        open_cooperation=tuple(str(x) for x in (flag.open_cooperation or [])),
        caseworker=customer.caseworker.name if customer.caseworker else "",
        worker=worker.name if worker else "",
        invitation_rfb=rfb,
        rule_set=rule_set,
        preparation=_preparation(session, flag.id),
    )


def _invitation_law(flag: Flag) -> tuple[bool | None, str]:
    """Whether the invitation of ``flag`` carries an RFB, and the rule set of its letter
    (the same rule the printed letter follows; unknown without an appointment)."""
    from fieldkit.domain.rulesets import letter_rule_set_on
    from fieldkit.services.printing import PriorInvitation, invitation_needs_rfb

    if flag.appointment_at is None:
        return None, ""
    day = to_berlin(flag.appointment_at).date()
    rules = RulesSettings()
    rfb = invitation_needs_rfb(
        [PriorInvitation(i.date, i.attended, i.channel) for i in flag.invitations],
        day,
        flag.appointment_kind or "in_person",
        langzeitarbeitslos=flag.customer.langzeitarbeitslos,
        geburtsdatum=flag.customer.geburtsdatum,
        rules=rules,
    )
    return rfb, letter_rule_set_on(day, rules).name if rfb else ""


def _preparation(session: Session, flag_id: uuid.UUID) -> tuple[str, ...]:
    """The preparation checklist as facts for the Vermerk (empty when never filled in)."""
    prep = session.scalar(select(PrepCheck).where(PrepCheck.flag_id == flag_id))
    if prep is None:
        return ()
    facts = ["E-Akte geprüft" if prep.eakte_checked else "E-Akte nicht geprüft"]
    if prep.lsb_contacted:
        facts.append("LSB kontaktiert")
    elif prep.lsb_needed:
        facts.append("LSB-Kontakt nötig, nicht erfolgt")
    return tuple(facts)


def compose_note(db: Database, visit_id: uuid.UUID, *, identity: Identity) -> str:
    """The Verbis-Vermerk the app proposes for the visit as it is stored now."""
    with db.session() as session:
        return casenote.verbis_vermerk(visit_record(session, visit_id, identity=identity))


def visit_problems(
    db: Database, visit_id: uuid.UUID, lang: str = "de", *, identity: Identity
) -> list[str]:
    """What must be filled in before the visit can be finished (sentences in ``lang``)."""
    with db.session() as session:
        return casenote.problems(visit_record(session, visit_id, identity=identity), lang)
