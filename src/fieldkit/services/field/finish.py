"""Finishing a visit: the final Verbis-Vermerk and the caseworker's tasks."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from fieldkit.domain import casenote, permissions
from fieldkit.domain.casenote import VisitRecord
from fieldkit.domain.model import RecordState
from fieldkit.services import audit
from fieldkit.services.access import require
from fieldkit.services.field.model import FieldError
from fieldkit.services.field.record import visit_record
from fieldkit.services.field.visit import _draft, _draft_note
from fieldkit.services.office import Identity
from fieldkit.store import ids
from fieldkit.store.db import Database
from fieldkit.store.models import CaseNote, Customer, RouteStop, Task, Visit


@dataclass(frozen=True)
class FinishResult:
    """What finishing a visit wrote."""

    visit_id: uuid.UUID
    case_note_id: uuid.UUID
    task_ids: tuple[uuid.UUID, ...]


def finish_visit(
    db: Database,
    visit_id: uuid.UUID,
    now: datetime,
    *,
    identity: Identity,
) -> FinishResult:
    """Make the draft final and write the Verbis-Vermerk and the caseworker's task(s).

    The Vermerk is the user's edited text if there is one, else the proposal. The route stop
    is marked done. Refused with a German sentence while something required is missing.
    """
    require(identity, permissions.VISITS)
    with db.session() as session:
        visit = _draft(session, visit_id, identity)
        record = visit_record(session, visit_id, identity=identity)
        missing = casenote.problems(record)
        if missing:
            raise FieldError(
                " ".join(missing),
                " ".join(casenote.problems(record, "en")),
                code="incomplete",
            )
        note = _draft_note(session, visit_id)
        edited = bool((visit.details or {}).get("note_edited")) and note is not None
        text = note.text if edited and note is not None else casenote.verbis_vermerk(record)
        if not text.strip():
            raise FieldError(
                "Der Verbis-Vermerk ist leer; bitte Text eingeben.",
                "The Verbis case note is empty; please enter a text.",
            )
        if note is None:
            note = CaseNote(
                id=ids.case_note_id(visit.id),
                customer_id=visit.customer_id,
                visit_id=visit.id,
                text=text,
            )
            session.add(note)
        note.text = text
        note.state = RecordState.FINAL
        if visit.supersedes_id is not None:
            note.supersedes_id = session.scalar(
                select(CaseNote.id).where(CaseNote.visit_id == visit.supersedes_id)
            )
        visit.state = RecordState.FINAL
        tasks = _caseworker_tasks(session, visit, record)
        session.add_all(tasks)
        if visit.route_stop_id is not None:
            stop = session.get(RouteStop, visit.route_stop_id)
            if stop is not None:
                stop.status = "done"
                stop.status_at = now
        audit.record(session, identity, audit.FINALISE, "visit", visit.id, "abgeschlossen")
        session.flush()
        return FinishResult(visit.id, note.id, tuple(t.id for t in tasks))


def _caseworker_tasks(session: Session, visit: Visit, record: VisitRecord) -> list[Task]:
    # Their ids come from the visit: finishing it again (after a restored backup) writes the
    # same tasks, not a second set.
    customer = session.get(Customer, visit.customer_id)
    caseworker_id = customer.caseworker_id if customer else None
    return [
        Task(
            id=ids.task_id(visit.id, t.kind),
            customer_id=visit.customer_id,
            caseworker_id=caseworker_id,
            visit_id=visit.id,
            title=t.title,
            text=t.text,
            due_date=t.due_date,
        )
        for t in casenote.caseworker_tasks(record, correction=visit.supersedes_id is not None)
    ]
