"""The Hamburg rules' records at the back office (issue 19): the six-monthly review of the
counselling need, a customer's situation, a caseworker's post and a counselling talk.

Each is one transaction in the service (which checks the role and the rules); they are the
back office's own records (the contacts list and the reports read them): Changes ``office``.
"""

from __future__ import annotations

from datetime import date

from fieldkit.app.context import AppContext
from fieldkit.domain.changes import Changes, OpResult
from fieldkit.domain.settings import RulesSettings
from fieldkit.services import office_hamburg as hh
from fieldkit.services import office_hamburg_review as review

OFFICE = Changes(office=True)


def record_review(
    ctx: AppContext,
    rules: RulesSettings,
    kundennummer: str,
    reviewed_on: date,
    who: str,
    note: str,
    today: date,
) -> OpResult[date]:
    """Record a review of the counselling need; the day the next one is due."""
    due = review.record_review(
        ctx.db, rules, kundennummer, reviewed_on, who, note, today, identity=ctx.identity
    )
    return OpResult(due, OFFICE)


def set_situation(
    ctx: AppContext, rules: RulesSettings, kundennummer: str, situation: str
) -> OpResult[None]:
    """Store a customer's situation (it decides the contact rhythm)."""
    hh.set_situation(ctx.db, rules, kundennummer, situation, identity=ctx.identity)
    return OpResult(None, OFFICE)


def set_post(ctx: AppContext, rules: RulesSettings, caseworker: str, fte: float) -> OpResult[None]:
    """Store a caseworker's share of a full-time post."""
    hh.set_post(ctx.db, rules, caseworker, fte, identity=ctx.identity)
    return OpResult(None, OFFICE)


def record_talk(
    ctx: AppContext,
    rules: RulesSettings,
    caseworker: str,
    kundennummer: str,
    held_on: date,
    channel: str,
    today: date,
) -> OpResult[None]:
    """Record a qualified counselling talk (in person, video or phone)."""
    hh.record_talk(
        ctx.db, rules, caseworker, kundennummer, held_on, channel, today, identity=ctx.identity
    )
    return OpResult(None, OFFICE)
