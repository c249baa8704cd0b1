"""The visit record while it is a draft: starting it, autosaving its fields and the edited
Vermerk, and correcting a finished visit with a new draft."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from fieldkit.domain import casenote, permissions, roles
from fieldkit.domain.model import NotMetReason, Outcome, RecordState
from fieldkit.services import audit
from fieldkit.services.access import may_see_flag, not_visible, require, require_own_route
from fieldkit.services.field.day import _visit_state
from fieldkit.services.field.model import VISIT_COLUMNS, FieldError, VisitState, _visit_not_stored
from fieldkit.services.field.stops import _stop
from fieldkit.services.office import Identity
from fieldkit.store import ids
from fieldkit.store.db import Database
from fieldkit.store.models import CaseNote, RouteStop, Visit


def _require_own_visit(session: Session, identity: Identity, visit: Visit) -> None:
    """Refuse a field account a visit on another worker's route (or of a customer not theirs)."""
    if identity.account_role != roles.FIELD:
        return
    stop = session.get(RouteStop, visit.route_stop_id) if visit.route_stop_id else None
    if stop is not None:
        require_own_route(identity, stop.route)
    elif not may_see_flag(session, identity, visit.flag_id):
        raise not_visible()


def start_visit(
    db: Database,
    stop_id: uuid.UUID,
    worker_id: uuid.UUID | None,
    now: datetime,
    *,
    identity: Identity,
) -> VisitState:
    """The stop's draft visit; a new one (timed ``now``) if there is none."""
    return begin_visit(db, stop_id, worker_id, now, identity=identity)[0]


def begin_visit(
    db: Database,
    stop_id: uuid.UUID,
    worker_id: uuid.UUID | None,
    now: datetime,
    *,
    identity: Identity,
) -> tuple[VisitState, bool]:
    """Like :func:`start_visit`, and whether a new draft was written (and logged): False when
    the stop's existing draft was only taken up."""
    require(identity, permissions.VISITS)
    with db.session() as session:
        stop = _stop(session, stop_id)
        require_own_route(identity, stop.route)
        draft = session.scalar(
            select(Visit)
            .where(Visit.flag_id == stop.flag_id, Visit.state == RecordState.DRAFT)
            .order_by(Visit.created_at.desc())
        )
        created = draft is None
        if draft is None:
            draft = Visit(
                flag_id=stop.flag_id,
                customer_id=stop.flag.customer_id,
                worker_id=worker_id,
                visited_at=now,
                details=dict(casenote.DEFAULT_DETAILS),
                state=RecordState.DRAFT,
                route_stop_id=stop.id,
            )
            session.add(draft)
            session.flush()
            audit.record(session, identity, audit.CHANGE, "visit", draft.id, "Besuch begonnen")
        return _visit_state(draft, _draft_note(session, draft.id)), created


def _draft_note(session: Session, visit_id: uuid.UUID) -> CaseNote | None:
    return session.scalar(select(CaseNote).where(CaseNote.visit_id == visit_id))


def _draft(session: Session, visit_id: uuid.UUID, identity: Identity) -> Visit:
    visit = session.get(Visit, visit_id)
    if visit is None:
        raise _visit_not_stored()
    _require_own_visit(session, identity, visit)
    if visit.state != RecordState.DRAFT:
        raise FieldError(
            "Ein abgeschlossener Besuch wird nicht überschrieben; bitte „Korrigieren“ wählen.",
            "A finished visit is not overwritten; please choose “Correct”.",
        )
    return visit


def update_visit(
    db: Database,
    visit_id: uuid.UUID,
    changes: Mapping[str, Any],
    *,
    identity: Identity,
) -> None:
    """Commit some fields of a draft visit at once (the form calls this on every change).

    Keys in :data:`VISIT_COLUMNS` set the column; any other key goes into ``details``.
    """
    save_draft(db, visit_id, changes, identity=identity)


def save_note_draft(
    db: Database,
    visit_id: uuid.UUID,
    text: str | None,
    *,
    identity: Identity,
) -> None:
    """Keep the user's edit of the proposed Vermerk (``None``: back to the proposal)."""
    save_draft(db, visit_id, {}, text, reset_note=text is None, identity=identity)


def save_draft(
    db: Database,
    visit_id: uuid.UUID,
    changes: Mapping[str, Any],
    note: str | None = None,
    *,
    reset_note: bool = False,
    identity: Identity,
) -> None:
    """The form's autosave in one transaction: some fields (as :func:`update_visit`) and,
    when given, the edited Vermerk (``reset_note``: back to the proposal). All or nothing."""
    require(identity, permissions.VISITS)
    with db.session() as session:
        visit = _draft(session, visit_id, identity)
        _set_fields(visit, changes)
        if note is not None or reset_note:
            _set_note(session, visit, None if reset_note else note)


def _set_fields(visit: Visit, changes: Mapping[str, Any]) -> None:
    details = dict(visit.details or {})
    for key, value in changes.items():
        if key == "visited_at":
            if not isinstance(value, datetime) or value.tzinfo is None:
                raise ValueError("visited_at must be an aware datetime")
            visit.visited_at = value
        elif key == "outcome":
            visit.outcome = Outcome(value).value if value else None
        elif key == "not_met_reason":
            visit.not_met_reason = NotMetReason(value).value if value else None
        elif key in VISIT_COLUMNS:
            setattr(visit, key, value)
        else:
            details[key] = value
    # JSON columns are not change-tracked in place: assign a new dict.
    visit.details = details


def _set_note(session: Session, visit: Visit, text: str | None) -> None:
    note = _draft_note(session, visit.id)
    details = dict(visit.details or {})
    if text is None:
        if note is not None:
            session.delete(note)
        details.pop("note_edited", None)
    else:
        if note is None:
            note = CaseNote(
                id=ids.case_note_id(visit.id),
                customer_id=visit.customer_id,
                visit_id=visit.id,
                text="",
            )
            session.add(note)
        note.text = text
        note.state = RecordState.DRAFT
        details["note_edited"] = True
    visit.details = details


def correct_visit(
    db: Database,
    visit_id: uuid.UUID,
    now: datetime,
    *,
    identity: Identity,
) -> VisitState:
    """A new draft copying a finished visit, superseding it; the old row stays as it is."""
    require(identity, permissions.VISITS)
    with db.session() as session:
        old = session.get(Visit, visit_id)
        if old is None or old.state != RecordState.FINAL:
            raise FieldError(
                "Nur ein abgeschlossener Besuch kann korrigiert werden.",
                "Only a finished visit can be corrected.",
            )
        _require_own_visit(session, identity, old)
        newer = session.scalar(select(Visit.id).where(Visit.supersedes_id == old.id))
        if newer is not None:
            raise FieldError(
                "Dieser Besuch wurde schon korrigiert; bitte die neueste Fassung.",
                "This visit has already been corrected; please use the newest version.",
            )
        details = {k: v for k, v in (old.details or {}).items() if k != "note_edited"}
        copy = Visit(
            flag_id=old.flag_id,
            customer_id=old.customer_id,
            worker_id=old.worker_id,
            visited_at=old.visited_at,
            outcome=old.outcome,
            not_met_reason=old.not_met_reason,
            details=details,
            note=old.note,
            complex_case=old.complex_case,
            benefits_hint=old.benefits_hint,
            state=RecordState.DRAFT,
            supersedes_id=old.id,
            route_stop_id=old.route_stop_id,
        )
        session.add(copy)
        session.flush()
        audit.record(session, identity, audit.CHANGE, "visit", copy.id, f"Korrektur von {old.id}")
        return _visit_state(copy, None)
