"""Recording that a rule set was verified (the printing feature's *Regelwerke* dialog)."""

from __future__ import annotations

from datetime import date

from fieldkit.app.context import AppContext
from fieldkit.domain.changes import AUDITED, OpResult
from fieldkit.services import rules
from fieldkit.services.rules import RuleSetStatus


def verify_rule_set(ctx: AppContext, name: str, by: str, on: date) -> OpResult[RuleSetStatus]:
    """Record that ``by`` verified rule set ``name`` on ``on`` (``RulesError``,
    ``RuleSetError``, ``PermissionDenied``: nothing written). Changes: ``audit`` — letters
    are judged by the verification when they are printed; no open view shows it."""
    status = rules.verify(ctx.db, name, by, on, identity=ctx.identity)
    return OpResult(status, AUDITED)
