"""The back office's saves that change the week's rows."""

from __future__ import annotations

from fieldkit.app.context import AppContext
from fieldkit.domain.changes import NOTHING, Changes, OpResult
from fieldkit.domain.settings import RulesSettings
from fieldkit.services import office_flagging, scope
from fieldkit.services.office_flagging import FlagForm, SavedFlag


def save_flag(ctx: AppContext, form: FlagForm, rules: RulesSettings) -> OpResult[SavedFlag]:
    """Flag one customer from the office's form. Changes: that flag and its week (nothing
    when the list had a newer flag for the week or the flag was already so)."""
    done = office_flagging.save(ctx.db, form, ctx.clock(), rules, identity=ctx.identity)
    if done.outcome not in ("created", "updated"):
        return OpResult(done, NOTHING)
    week = str(done.week)
    flag_id = scope.flag_of(ctx.db, form.kundennummer.strip(), week)
    flags = frozenset({flag_id}) if flag_id is not None else frozenset()
    return OpResult(done, Changes(weeks=frozenset({week}), flags=flags))
