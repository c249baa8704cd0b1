"""The mutating operations the UI runs (issue 19, item 1).

Each operation takes an :class:`~fieldkit.app.context.AppContext` first, then its arguments;
it calls the service with ``identity=ctx.identity`` and returns an
:class:`~fieldkit.domain.changes.OpResult`: the service's result and the
:class:`~fieldkit.domain.changes.Changes` computed from it (which weeks, flags, routes and
visits it touched; ``audit`` for a print). Operations that can report progress and be
cancelled take the keywords ``progress`` and ``cancelled``. No Qt here: the UI's ``OpRunner``
runs them off the GUI thread.
"""

from fieldkit.app.ops.accounts import add_account, disable_account, set_password
from fieldkit.app.ops.areas import save_areas
from fieldkit.app.ops.field import (
    apply_replan,
    correct_visit,
    finish_visit,
    move_later,
    save_draft,
    save_prep,
    set_stop_status,
    start_visit,
)
from fieldkit.app.ops.flags import import_flag_list, override_block
from fieldkit.app.ops.geocoding import (
    clear_placement,
    geocode_week,
    import_addresses,
    import_osm,
    place_by_hand,
)
from fieldkit.app.ops.office import (
    add_appointment,
    book_callback,
    book_followup,
    book_hb_appointment,
    decide_suspension,
    import_calendar,
    mark_hb_unreachable,
    mark_inbox_done,
    reclassify,
    record_attendance,
    record_callback_talk,
    record_followup_step,
    record_talk,
    reopen_inbox_item,
    save_flag,
    send_lift_note,
)
from fieldkit.app.ops.planning import move_stop, place_unplanned, plan_week
from fieldkit.app.ops.printing import print_week, record_printed, record_saved
from fieldkit.app.ops.rules import verify_rule_set
from fieldkit.app.ops.setup import apply_setup, set_up_office
from fieldkit.app.ops.sync import export_push, import_pull, sync_network

__all__ = [
    "add_account",
    "add_appointment",
    "apply_replan",
    "apply_setup",
    "book_callback",
    "book_followup",
    "book_hb_appointment",
    "clear_placement",
    "correct_visit",
    "decide_suspension",
    "disable_account",
    "export_push",
    "finish_visit",
    "geocode_week",
    "import_addresses",
    "import_calendar",
    "import_flag_list",
    "import_osm",
    "import_pull",
    "mark_hb_unreachable",
    "mark_inbox_done",
    "move_later",
    "move_stop",
    "override_block",
    "place_by_hand",
    "place_unplanned",
    "plan_week",
    "print_week",
    "reclassify",
    "record_attendance",
    "record_callback_talk",
    "record_followup_step",
    "record_printed",
    "record_saved",
    "record_talk",
    "reopen_inbox_item",
    "save_areas",
    "save_draft",
    "save_flag",
    "save_prep",
    "send_lift_note",
    "set_password",
    "set_stop_status",
    "set_up_office",
    "start_visit",
    "sync_network",
    "verify_rule_set",
]
