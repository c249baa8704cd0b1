"""Field mode: the day of an outreach worker, the preparation checklist and the visit record.

Every function that changes data is one unit of work, so the UI can commit each change the
moment it is made (autosave) and a killed app loses nothing that was committed. Finished
visits and case notes are never changed again: a correction is a new draft visit with
``supersedes_id``, and finishing it writes a new case note superseding the old one.

No Qt here; re-planning (:func:`compute_replan`) is pure and meant for a worker thread, while
:func:`replan_input` and :func:`apply_replan` read and write in the calling thread.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from fieldkit.domain import casenote, permissions, roles
from fieldkit.domain.casenote import VisitRecord
from fieldkit.domain.model import NotMetReason, Outcome, RecordState
from fieldkit.domain.settings import RulesSettings
from fieldkit.domain.week import BERLIN, to_berlin
from fieldkit.errors import BilingualError
from fieldkit.geo.matrix import geodesic_travel_matrix
from fieldkit.geo.settings import GeoSettings
from fieldkit.services import audit
from fieldkit.services.access import (
    may_see_flag,
    not_visible,
    own_route,
    require,
    require_own_route,
)
from fieldkit.services.office import Identity
from fieldkit.services.setup import own_start
from fieldkit.store import ids
from fieldkit.store.db import Database
from fieldkit.store.models import (
    CaseNote,
    Customer,
    Flag,
    Office,
    OutreachWorker,
    PrepCheck,
    Route,
    RouteStop,
    Task,
    Visit,
)

OPEN = ("planned", "later")
STATUSES = ("planned", "done", "skipped", "later")

#: Columns of a visit the form may change; everything else goes into ``details``.
VISIT_COLUMNS = frozenset(
    {"visited_at", "outcome", "not_met_reason", "note", "complex_case", "benefits_hint"}
)


class FieldError(BilingualError):
    """A change field mode refuses: one sentence for the user, German (``str``) and English."""

    STR_LANGUAGE = "de"


def _visit_not_stored() -> FieldError:
    return FieldError(
        "Dieser Besuch ist nicht gespeichert; bitte neu öffnen.",
        "This visit is not saved; please open it again.",
    )


# --------------------------------------------------------------------------- read models


@dataclass(frozen=True)
class PrepState:
    """The preparation checklist of one customer."""

    eakte_checked: bool = False
    lsb_needed: bool = False
    lsb_contacted: bool = False
    note: str = ""
    checked_at: datetime | None = None


@dataclass(frozen=True)
class VisitState:
    """A visit record as the form shows it."""

    id: uuid.UUID
    flag_id: uuid.UUID
    route_stop_id: uuid.UUID | None
    state: str
    visited_at: datetime
    outcome: Outcome | None
    not_met_reason: NotMetReason | None
    details: dict[str, Any]
    note: str
    complex_case: bool
    benefits_hint: str
    supersedes_id: uuid.UUID | None
    created_at: datetime
    case_note: str | None = None  # the final note, or the edited draft of it
    note_edited: bool = False

    @property
    def final(self) -> bool:
        """Finished: never changed again."""
        return self.state == RecordState.FINAL

    def flag(self, key: str) -> bool:
        """A checkbox of the form, pre-ticked ones included."""
        return bool(self.details.get(key, casenote.DEFAULT_DETAILS.get(key, False)))


@dataclass(frozen=True)
class StopCard:
    """One stop of the day with everything the customer card, the list and the map need."""

    stop_id: uuid.UUID
    flag_id: uuid.UUID
    customer_id: uuid.UUID
    position: int  # 1-based, in the current order
    arrival_seconds: int
    service_seconds: int
    status: str
    name: str
    kundennummer: str
    street: str
    place: str
    adresszusatz: str
    lat: float | None
    lon: float | None
    appointment_at: datetime | None
    appointment_place: str
    caseworker: str
    caseworker_phone: str
    hints: str
    open_cooperation: tuple[str, ...]
    prep: PrepState
    visit: VisitState | None  # the draft, else the newest final visit
    history: tuple[VisitState, ...] = ()  # every visit of this flag, oldest first

    @property
    def is_open(self) -> bool:
        """Still to be visited (planned or moved to later)."""
        return self.status in OPEN

    @property
    def address(self) -> str:
        """'Mühlstraße 37, 71717 Beilstein'."""
        return f"{self.street}, {self.place}"


@dataclass(frozen=True)
class DayChoice:
    """A day with a stored route for a worker."""

    route_id: uuid.UUID
    day: date
    worker_id: uuid.UUID | None
    worker_name: str
    stops: int


@dataclass(frozen=True)
class FieldDay:
    """A worker's route of one day."""

    route_id: uuid.UUID
    day: date
    worker_id: uuid.UUID | None
    worker_name: str
    office_name: str
    office_lat: float | None
    office_lon: float | None
    start_seconds: int
    end_seconds: int
    stops: tuple[StopCard, ...] = field(default_factory=tuple)

    @property
    def current(self) -> StopCard | None:
        """The first stop still open, in the current order."""
        return next((s for s in self.stops if s.is_open), None)

    def stop(self, stop_id: uuid.UUID) -> StopCard | None:
        """The stop with this id."""
        return next((s for s in self.stops if s.stop_id == stop_id), None)


def clock_text(seconds: int) -> str:
    """Seconds since midnight as 'HH:MM'."""
    return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}"


# --------------------------------------------------------------------------- the day


def field_days(session: Session, identity: Identity) -> list[DayChoice]:
    """Every stored route (date, worker) with its number of stops, by date and worker; for a
    field account only its own worker's."""
    require(identity, permissions.VISITS)
    routes = session.scalars(
        select(Route).options(selectinload(Route.worker), selectinload(Route.stops))
    ).all()
    choices = [
        DayChoice(r.id, r.day, r.worker_id, r.worker.name if r.worker else "", len(r.stops))
        for r in routes
        if r.stops and own_route(identity, r)
    ]
    return sorted(choices, key=lambda c: (c.day, c.worker_name))


def _require_own_visit(session: Session, identity: Identity, visit: Visit) -> None:
    """Refuse a field account a visit on another worker's route (or of a customer not theirs)."""
    if identity.account_role != roles.FIELD:
        return
    stop = session.get(RouteStop, visit.route_stop_id) if visit.route_stop_id else None
    if stop is not None:
        require_own_route(identity, stop.route)
    elif not may_see_flag(session, identity, visit.flag_id):
        raise not_visible()


def _visit_state(visit: Visit, note: CaseNote | None) -> VisitState:
    details = dict(visit.details or {})
    return VisitState(
        id=visit.id,
        flag_id=visit.flag_id,
        route_stop_id=visit.route_stop_id,
        state=visit.state,
        visited_at=visit.visited_at,
        outcome=Outcome(visit.outcome) if visit.outcome else None,
        not_met_reason=NotMetReason(visit.not_met_reason) if visit.not_met_reason else None,
        details=details,
        note=visit.note,
        complex_case=visit.complex_case,
        benefits_hint=visit.benefits_hint,
        supersedes_id=visit.supersedes_id,
        created_at=visit.created_at,
        case_note=note.text if note is not None else None,
        note_edited=bool(details.get("note_edited")) and note is not None,
    )


def _visits_by_flag(session: Session, flag_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, list[Any]]:
    if not flag_ids:
        return {}
    visits = session.scalars(
        select(Visit).where(Visit.flag_id.in_(flag_ids)).order_by(Visit.created_at)
    ).all()
    notes = {
        n.visit_id: n
        for n in session.scalars(
            select(CaseNote).where(CaseNote.visit_id.in_([v.id for v in visits]))
        )
    }
    found: dict[uuid.UUID, list[Any]] = {}
    for v in visits:
        found.setdefault(v.flag_id, []).append(_visit_state(v, notes.get(v.id)))
    return found


def _current_visit(history: Sequence[VisitState]) -> VisitState | None:
    drafts = [v for v in history if not v.final]
    if drafts:
        return drafts[-1]
    return history[-1] if history else None


def _card(
    stop: RouteStop, position: int, prep: PrepCheck | None, history: list[VisitState]
) -> StopCard:
    flag = stop.flag
    customer = flag.customer
    address = customer.address
    caseworker = customer.caseworker
    return StopCard(
        stop_id=stop.id,
        flag_id=flag.id,
        customer_id=customer.id,
        position=position,
        arrival_seconds=stop.arrival_seconds,
        service_seconds=stop.service_seconds,
        status=stop.status,
        name=customer.display_name,
        kundennummer=customer.kundennummer,
        street=f"{address.strasse} {address.hausnummer}".strip() if address else "",
        place=f"{address.plz} {address.ort}".strip() if address else "",
        adresszusatz=address.adresszusatz if address else "",
        lat=address.lat if address else None,
        lon=address.lon if address else None,
        appointment_at=flag.appointment_at,
        appointment_place=flag.appointment_place,
        caseworker=caseworker.name if caseworker else "",
        caseworker_phone=caseworker.phone if caseworker else "",
        hints=flag.hints,
        open_cooperation=tuple(str(x) for x in (flag.open_cooperation or []) if str(x).strip()),
        prep=(
            PrepState(p.eakte_checked, p.lsb_needed, p.lsb_contacted, p.note, p.checked_at)
            if (p := prep) is not None
            else PrepState()
        ),
        visit=_current_visit(history),
        history=tuple(history),
    )


def _route(session: Session, route_id: uuid.UUID) -> Route:
    route = session.scalar(
        select(Route)
        .where(Route.id == route_id)
        .options(
            selectinload(Route.worker).selectinload(OutreachWorker.office),
            selectinload(Route.stops)
            .selectinload(RouteStop.flag)
            .selectinload(Flag.customer)
            .options(selectinload(Customer.address), selectinload(Customer.caseworker)),
        )
    )
    if route is None:
        raise FieldError(
            "Diese Tour gibt es nicht mehr; bitte den Tag neu wählen.",
            "This route no longer exists; please choose the day again.",
        )
    return route


def load_day(
    session: Session,
    route_id: uuid.UUID,
    *,
    identity: Identity,
) -> FieldDay:
    """The route ``route_id`` with all stop cards in their current order."""
    require(identity, permissions.VISITS)
    route = _route(session, route_id)
    require_own_route(identity, route)
    audit.record(session, identity, audit.OPEN, "route", route_id, "Tageskarten")
    stops = sorted(route.stops, key=lambda s: s.seq)
    flag_ids = [s.flag_id for s in stops]
    preps = {
        p.flag_id: p
        for p in session.scalars(select(PrepCheck).where(PrepCheck.flag_id.in_(flag_ids)))
    }
    visits = _visits_by_flag(session, flag_ids)
    office: Office | None = route.worker.office if route.worker else None
    if office is None:
        office = session.scalar(select(Office).order_by(Office.created_at))
    cards = tuple(
        _card(s, i + 1, preps.get(s.flag_id), visits.get(s.flag_id, []))
        for i, s in enumerate(stops)
    )
    return FieldDay(
        route_id=route.id,
        day=route.day,
        worker_id=route.worker_id,
        worker_name=route.worker.name if route.worker else "",
        office_name=office.name if office else "",
        office_lat=office.lat if office else None,
        office_lon=office.lon if office else None,
        start_seconds=route.start_seconds,
        end_seconds=route.end_seconds,
        stops=cards,
    )


def find_route(session: Session, day: date, worker_id: uuid.UUID | None) -> uuid.UUID | None:
    """The id of the route of ``worker_id`` on ``day`` (None if there is none)."""
    query = select(Route.id).where(Route.day == day)
    if worker_id is not None:
        query = query.where(Route.worker_id == worker_id)
    return session.scalar(query.order_by(Route.created_at))


# --------------------------------------------------------------------------- stop status


def _stop(session: Session, stop_id: uuid.UUID) -> RouteStop:
    stop = session.get(RouteStop, stop_id)
    if stop is None:
        raise FieldError(
            "Dieser Halt gehört nicht mehr zur Tour; bitte den Tag neu laden.",
            "This stop is no longer part of the route; please reload the day.",
        )
    return stop


def set_stop_status(
    db: Database,
    stop_id: uuid.UUID,
    status: str,
    now: datetime,
    *,
    identity: Identity,
) -> None:
    """Mark a stop planned/done/skipped (one transaction)."""
    require(identity, permissions.VISITS)
    if status not in STATUSES:
        raise ValueError(status)
    with db.session() as session:
        stop = _stop(session, stop_id)
        require_own_route(identity, stop.route)
        stop.status = status
        stop.status_at = now


def _points(stops: Sequence[RouteStop]) -> list[tuple[float, float] | None]:
    points: list[tuple[float, float] | None] = []
    for s in stops:
        address = s.flag.customer.address
        if address is not None and address.lat is not None and address.lon is not None:
            points.append((address.lat, address.lon))
        else:
            points.append(None)
    return points


def _retime(stops: Sequence[RouteStop], start: int, geo: GeoSettings) -> None:
    """Arrival times along ``stops`` from ``start``: travel estimates plus service times."""
    points = _points(stops)
    known = [p for p in points if p is not None]
    matrix = geodesic_travel_matrix(known, geo).seconds if len(known) > 1 else None
    index = {}
    k = 0
    for i, p in enumerate(points):
        if p is not None:
            index[i] = k
            k += 1
    clock = start
    previous: int | None = None
    for i, stop in enumerate(stops):
        if previous is not None and matrix is not None and i in index and previous in index:
            clock += int(matrix[index[previous], index[i]])
        stop.arrival_seconds = clock
        clock += stop.service_seconds
        if i in index:
            previous = i


def _reorder(route: Route, open_order: Sequence[RouteStop]) -> None:
    """Closed stops first in their order, then the open ones in ``open_order``."""
    closed = [s for s in sorted(route.stops, key=lambda s: s.seq) if s.status not in OPEN]
    for seq, stop in enumerate([*closed, *open_order]):
        stop.seq = seq


def move_later(
    db: Database,
    stop_id: uuid.UUID,
    now: datetime,
    geo: GeoSettings | None = None,
    *,
    identity: Identity,
) -> None:
    """Put a stop behind all remaining open stops and re-time the rest of the day."""
    require(identity, permissions.VISITS)
    with db.session() as session:
        stop = _stop(session, stop_id)
        route = _route(session, stop.route_id)
        require_own_route(identity, route)
        open_stops = [s for s in sorted(route.stops, key=lambda s: s.seq) if s.status in OPEN]
        start = min((s.arrival_seconds for s in open_stops), default=stop.arrival_seconds)
        order = [s for s in open_stops if s.id != stop.id] + [stop]
        stop.status = "later"
        stop.status_at = now
        _reorder(route, order)
        _retime(order, start, geo or GeoSettings())


# --------------------------------------------------------------------------- preparation


PREP_FIELDS = frozenset({"eakte_checked", "lsb_needed", "lsb_contacted", "note"})


def save_prep(
    db: Database,
    flag_id: uuid.UUID,
    now: datetime,
    *,
    identity: Identity,
    **changes: Any,
) -> PrepState:
    """Change the preparation checklist of one customer (created on first use)."""
    require(identity, permissions.VISITS)
    unknown = set(changes) - PREP_FIELDS
    if unknown:
        raise ValueError(sorted(unknown))
    with db.session() as session:
        if identity.account_role == roles.FIELD and not may_see_flag(session, identity, flag_id):
            raise not_visible()
        prep = session.scalar(select(PrepCheck).where(PrepCheck.flag_id == flag_id))
        if prep is None:
            prep = PrepCheck(flag_id=flag_id)
            session.add(prep)
        for key, value in changes.items():
            setattr(prep, key, value)
        prep.checked_at = now
        return PrepState(
            bool(prep.eakte_checked),
            bool(prep.lsb_needed),
            bool(prep.lsb_contacted),
            prep.note or "",
            prep.checked_at,
        )


# --------------------------------------------------------------------------- the visit


def start_visit(
    db: Database,
    stop_id: uuid.UUID,
    worker_id: uuid.UUID | None,
    now: datetime,
    *,
    identity: Identity,
) -> VisitState:
    """The stop's draft visit; a new one (timed ``now``) if there is none."""
    require(identity, permissions.VISITS)
    with db.session() as session:
        stop = _stop(session, stop_id)
        require_own_route(identity, stop.route)
        draft = session.scalar(
            select(Visit)
            .where(Visit.flag_id == stop.flag_id, Visit.state == RecordState.DRAFT)
            .order_by(Visit.created_at.desc())
        )
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
        return _visit_state(draft, _draft_note(session, draft.id))


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
    require(identity, permissions.VISITS)
    with db.session() as session:
        visit = _draft(session, visit_id, identity)
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


def save_note_draft(
    db: Database,
    visit_id: uuid.UUID,
    text: str | None,
    *,
    identity: Identity,
) -> None:
    """Keep the user's edit of the proposed Vermerk (``None``: back to the proposal)."""
    require(identity, permissions.VISITS)
    with db.session() as session:
        visit = _draft(session, visit_id, identity)
        note = _draft_note(session, visit_id)
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


# --------------------------------------------------------------------------- re-planning


@dataclass(frozen=True)
class ReplanInput:
    """What re-planning the rest of a day needs; plain data, safe to hand to a thread."""

    route_id: uuid.UUID
    day: date
    worker: str
    current_stop: uuid.UUID | None
    start_seconds: int
    points: tuple[tuple[float, float], ...]  # office, here, then the remaining stops with coords
    remaining: tuple[uuid.UUID, ...]  # in the order of points[2:]
    without_coordinates: tuple[uuid.UUID, ...]
    #: The worker's own hours and break (office setup); empty/None: the planning settings'.
    day_start: str = ""
    day_end: str = ""
    break_minutes: int | None = None


@dataclass(frozen=True)
class ReplanResult:
    """The new order of the open stops with arrival times, and those that no longer fit."""

    route_id: uuid.UUID
    order: tuple[tuple[uuid.UUID, int], ...]  # (stop id, arrival seconds), current stop first
    unplanned: tuple[uuid.UUID, ...]


def replan_input(session: Session, route_id: uuid.UUID, now: datetime) -> ReplanInput:
    """Collect the open stops of a route, starting from the current (first open) one."""
    route = _route(session, route_id)
    open_stops = [s for s in sorted(route.stops, key=lambda s: s.seq) if s.status in OPEN]
    worker = route.worker
    office = worker.office if worker else None
    office = office or session.scalar(select(Office).order_by(Office.created_at))
    # The day ends where it started: the worker's own start address, else the office.
    office_point = (own_start(worker) if worker else None) or (
        (office.lat, office.lon)
        if office is not None and office.lat is not None and office.lon is not None
        else None
    )
    points = _points(open_stops)
    current = open_stops[0] if open_stops else None
    here = points[0] if points else None
    here = here or office_point
    local = now.astimezone(BERLIN)
    start = current.arrival_seconds if current else route.start_seconds
    if local.date() == route.day:
        start = max(start, local.hour * 3600 + local.minute * 60)
    start += current.service_seconds if current else 0
    rest = list(zip(open_stops[1:], points[1:], strict=True))
    with_coords = [(s, p) for s, p in rest if p is not None]
    base = [office_point or here, here or office_point]
    usable = all(p is not None for p in base)
    return ReplanInput(
        route_id=route.id,
        day=route.day,
        worker=route.worker.name if route.worker else "",
        current_stop=current.id if current else None,
        start_seconds=start,
        points=tuple(p for p in [*base, *(p for _, p in with_coords)] if p is not None)
        if usable
        else (),
        remaining=tuple(s.id for s, _ in with_coords) if usable else (),
        without_coordinates=tuple(s.id for s, p in rest if p is None or not usable),
        day_start=worker.start_time if worker else "",
        day_end=worker.end_time if worker else "",
        break_minutes=worker.break_minutes if worker else None,
    )


def compute_replan(
    data: ReplanInput,
    geo: GeoSettings,
    routing: Any = None,
    cancelled: Callable[[], bool] | None = None,
) -> ReplanResult:
    """The best order of the remaining stops from the current one (OR-Tools; no database)."""
    from fieldkit.routing.planner import worker_settings
    from fieldkit.routing.problem import Customer as RoutingCustomer
    from fieldkit.routing.replan import replan_from_here
    from fieldkit.routing.settings import RoutingSettings

    current = ((data.current_stop, data.start_seconds),) if data.current_stop is not None else ()
    if not data.remaining or (cancelled is not None and cancelled()):
        return ReplanResult(data.route_id, current, data.without_coordinates)
    travel = geodesic_travel_matrix(list(data.points), geo).seconds
    customers = [
        RoutingCustomer(id=str(stop_id), point=i + 2, area="")
        for i, stop_id in enumerate(data.remaining)
    ]
    route, unplanned = replan_from_here(
        travel,
        here=1,
        now=data.start_seconds,
        remaining=customers,
        office=0,
        worker=data.worker,
        date=data.day,
        settings=worker_settings(
            routing or RoutingSettings(), data.day_start, data.day_end, data.break_minutes
        ),
    )
    order = current + tuple((uuid.UUID(v.customer), v.arrival) for v in route.visits)
    left = tuple(uuid.UUID(u.customer) for u in unplanned) + data.without_coordinates
    return ReplanResult(data.route_id, order, left)


def apply_replan(
    db: Database,
    result: ReplanResult,
    *,
    identity: Identity,
) -> None:
    """Store the new order; stops that no longer fit keep their place at the end."""
    require(identity, permissions.VISITS)
    with db.session() as session:
        route = _route(session, result.route_id)
        require_own_route(identity, route)
        by_id = {s.id: s for s in route.stops}
        order: list[RouteStop] = []
        for stop_id, arrival in result.order:
            stop = by_id.get(stop_id)
            if stop is not None and stop.status in OPEN:
                stop.arrival_seconds = arrival
                order.append(stop)
        seen = {s.id for s in order}
        order += [by_id[i] for i in result.unplanned if i in by_id and by_id[i].status in OPEN]
        seen |= {s.id for s in order}
        order += [
            s
            for s in sorted(route.stops, key=lambda s: s.seq)
            if s.status in OPEN and s.id not in seen
        ]
        _reorder(route, order)
