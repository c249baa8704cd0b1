"""Field mode: the day of an outreach worker, the preparation checklist and the visit record.

Every function that changes data is one unit of work, so the UI can commit each change the
moment it is made (autosave) and a killed app loses nothing that was committed. Finished
visits and case notes are never changed again: a correction is a new draft visit with
``supersedes_id``, and finishing it writes a new case note superseding the old one.

No Qt here; re-planning (:func:`compute_replan`) is pure and meant for a worker thread, while
:func:`replan_input` and :func:`apply_replan` read and write in the calling thread.

Field mode is a package split along its seams; every name importable from the former module
(the private helpers other modules use included) is re-exported here.
"""

from __future__ import annotations

from fieldkit.domain.model import NotMetReason, Outcome, RecordState
from fieldkit.domain.week import BERLIN, to_berlin
from fieldkit.services.field.day import _card as _card
from fieldkit.services.field.day import _current_visit as _current_visit
from fieldkit.services.field.day import _route as _route
from fieldkit.services.field.day import _visit_state as _visit_state
from fieldkit.services.field.day import _visits_by_flag as _visits_by_flag
from fieldkit.services.field.day import field_days, find_route, load_day
from fieldkit.services.field.finish import FinishResult, finish_visit
from fieldkit.services.field.finish import _caseworker_tasks as _caseworker_tasks
from fieldkit.services.field.model import (
    OPEN,
    STATUSES,
    VISIT_COLUMNS,
    DayChoice,
    FieldDay,
    FieldError,
    PrepState,
    StopCard,
    VisitState,
    clock_text,
)
from fieldkit.services.field.model import _visit_not_stored as _visit_not_stored
from fieldkit.services.field.prep import PREP_FIELDS, save_prep
from fieldkit.services.field.record import _invitation_law as _invitation_law
from fieldkit.services.field.record import _preparation as _preparation
from fieldkit.services.field.record import compose_note, visit_problems, visit_record
from fieldkit.services.field.replan import (
    ReplanInput,
    ReplanResult,
    apply_replan,
    compute_replan,
    replan_input,
)
from fieldkit.services.field.stops import _points as _points
from fieldkit.services.field.stops import _reorder as _reorder
from fieldkit.services.field.stops import _retime as _retime
from fieldkit.services.field.stops import _stop as _stop
from fieldkit.services.field.stops import move_later, set_stop_status
from fieldkit.services.field.visit import _draft as _draft
from fieldkit.services.field.visit import _draft_note as _draft_note
from fieldkit.services.field.visit import _require_own_visit as _require_own_visit
from fieldkit.services.field.visit import (
    begin_visit,
    correct_visit,
    save_draft,
    save_note_draft,
    start_visit,
    update_visit,
)

__all__ = [
    "BERLIN",
    "OPEN",
    "PREP_FIELDS",
    "STATUSES",
    "VISIT_COLUMNS",
    "DayChoice",
    "FieldDay",
    "FieldError",
    "FinishResult",
    "NotMetReason",
    "Outcome",
    "PrepState",
    "RecordState",
    "ReplanInput",
    "ReplanResult",
    "StopCard",
    "VisitState",
    "apply_replan",
    "begin_visit",
    "clock_text",
    "compose_note",
    "compute_replan",
    "correct_visit",
    "field_days",
    "find_route",
    "finish_visit",
    "load_day",
    "move_later",
    "replan_input",
    "save_draft",
    "save_note_draft",
    "save_prep",
    "set_stop_status",
    "start_visit",
    "to_berlin",
    "update_visit",
    "visit_problems",
    "visit_record",
]
