"""Field mode's read models and its error: a stop card, the day, a visit as the form shows it,
the preparation checklist."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from fieldkit.domain import casenote
from fieldkit.domain.model import NotMetReason, Outcome, RecordState
from fieldkit.errors import BilingualError

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
