"""The follow-up of a missed appointment as a court would check it (issue 17, point 2).

A provisional suspension of payments may be proposed only when the invitation carried an RFB
under a verified rule set covering the appointment, and was delivered in person or dropped
into the mailbox under the rule set's conditions (``followup.*`` in resources/rules/*.toml).
The steps after it are recorded with dates, in order: hearing (Anhörung, § 24 SGB X) →
decision on a wichtiger Grund → Verfügung → notice to the customer; the rule set's limits
become due dates in the follow-up list. Sources: docs/legal.md.
"""

from __future__ import annotations

import calendar
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from fieldkit.domain import permissions
from fieldkit.domain.model import Outcome
from fieldkit.domain.rulesets import RuleSetError, rule_set_named
from fieldkit.domain.week import to_berlin
from fieldkit.services import office_outbox as outbox
from fieldkit.services.access import require
from fieldkit.services.field import _invitation_law
from fieldkit.services.office import Identity, OfficeError, scope_customers
from fieldkit.store.db import Database
from fieldkit.store.models import Customer, Flag, RuleSetVerification, Visit
from fieldkit.store.models_office import AppointmentFollowUp

HEARING, GOOD_REASON, ORDER, NOTICE = "hearing", "good_reason", "order", "notice"
STEPS = (HEARING, GOOD_REASON, ORDER, NOTICE)
STEP_LABELS = {
    HEARING: "Anhörung",
    GOOD_REASON: "Entscheidung wichtiger Grund",
    ORDER: "Verfügung",
    NOTICE: "Bescheid an den Kunden",
}
NOTE_MAX = 2000


#: Why a suspension may (not) be proposed, in German and English ({name}: the rule set).
#: The German sentence is stored in ``AppointmentFollowUp.proposal_reason``;
#: :func:`reason_message` gives it back in the UI's language.
REASONS: dict[str, tuple[str, str]] = {
    "no_rfb": (
        "Die Einladung enthielt keine Rechtsfolgenbelehrung.",
        "The invitation carried no notice of legal consequences (RFB).",
    ),
    "not_verified": (
        "Das Regelwerk „{name}“ ist für den Termin nicht geprüft.",
        "The rule set '{name}' is not verified for the appointment.",
    ),
    "handed_over": (
        "Einladung mit RFB persönlich übergeben.",
        "Invitation with RFB handed over in person.",
    ),
    "mailbox_not_enough": (
        "Nach dem Regelwerk „{name}“ genügt ein Briefkasteneinwurf nicht.",
        "Under the rule set '{name}' a mailbox drop is not enough.",
    ),
    "name_not_checked": (
        "Beim Briefkasteneinwurf wurde der Name am Briefkasten nicht geprüft.",
        "The name on the mailbox was not checked when the invitation was dropped.",
    ),
    "mailbox_ok": (
        "Einladung mit RFB in den Briefkasten eingeworfen (Name geprüft).",
        "Invitation with RFB dropped into the mailbox (name checked).",
    ),
    "not_delivered": (
        "Die Einladung wurde nicht zugestellt.",
        "The invitation was not delivered.",
    ),
}


def reason_message(reason_de: str, rule_set: str, lang: str) -> str:
    """A stored German reason in ``lang`` (German, or English when it is one of
    :data:`REASONS`; an unknown text stays as it is)."""
    if not lang.lower().startswith("en"):
        return reason_de
    for de, en in REASONS.values():
        if de.format(name=rule_set) == reason_de:
            return en.format(name=rule_set)
    return reason_de


@dataclass(frozen=True)
class Basis:
    """Whether a suspension may be proposed, under which rule set, and why (a key of
    :data:`REASONS`)."""

    allowed: bool
    rule_set: str
    code: str

    @property
    def reason(self) -> str:
        """Why, in German (stored with the follow-up)."""
        return REASONS[self.code][0].format(name=self.rule_set)

    def message(self, lang: str) -> str:
        """Why, in ``lang``."""
        de, en = REASONS[self.code]
        return (en if lang.lower().startswith("en") else de).format(name=self.rule_set)


@dataclass(frozen=True)
class Limits:
    """The follow-up limits of a rule set (defaults: the Heilbronn rule set's values)."""

    mailbox_drop_counts: bool = True
    mailbox_requires_name_check: bool = True
    hearing_reply_days: int = 14
    suspension_decision_months: int = 2
    reduction_deadline_months: int = 6


@dataclass(frozen=True)
class Deadline:
    """One open limit: what must happen by when (``key`` names it for translations)."""

    key: str
    label: str
    due: date


def limits_of(rule_set: str) -> Limits:
    """The ``followup.*`` parameters of the named rule set (defaults when unnamed)."""
    try:
        params = rule_set_named(rule_set).parameters if rule_set else {}
    except RuleSetError:
        params = {}
    base = Limits()

    def value(key: str, default: int | bool) -> int | bool:
        got = params.get(f"followup.{key}", default)
        return got if isinstance(got, type(default)) else default

    return Limits(
        bool(value("mailbox_drop_counts", base.mailbox_drop_counts)),
        bool(value("mailbox_requires_name_check", base.mailbox_requires_name_check)),
        int(value("hearing_reply_days", base.hearing_reply_days)),
        int(value("suspension_decision_months", base.suspension_decision_months)),
        int(value("reduction_deadline_months", base.reduction_deadline_months)),
    )


def suspension_basis(session: Session, flag: Flag, visit: Visit) -> Basis:
    """Whether a suspension may be proposed after the customer missed ``flag``'s appointment
    that ``visit`` handed over or dropped, with the sentence saying why (not)."""
    rfb, name = _invitation_law(flag)
    if not rfb:
        return Basis(False, "", "no_rfb")
    rule_set = rule_set_named(name)
    day = to_berlin(flag.appointment_at).date() if flag.appointment_at else None
    verified = session.scalar(
        select(RuleSetVerification.id).where(RuleSetVerification.name == name)
    )
    if verified is None or day is None or not rule_set.covers(day):
        return Basis(False, name, "not_verified")
    details = visit.details or {}
    if visit.outcome == Outcome.MET and details.get("handed_over", True):
        return Basis(True, name, "handed_over")
    limits = limits_of(name)
    if visit.outcome == Outcome.NOT_MET and details.get("mailbox_invitation", True):
        if not limits.mailbox_drop_counts:
            return Basis(False, name, "mailbox_not_enough")
        if limits.mailbox_requires_name_check and not details.get("mailbox_name_checked"):
            return Basis(False, name, "name_not_checked")
        return Basis(True, name, "mailbox_ok")
    return Basis(False, name, "not_delivered")


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months (the last day when the month is shorter)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def deadlines(followup: AppointmentFollowUp, flag: Flag) -> tuple[Deadline, ...]:
    """The open limits of a missed appointment's follow-up, earliest first."""
    if followup.came is not False or followup.proposal != "suspension":
        return ()
    limits = limits_of(followup.rule_set)
    found = []
    if followup.decision == "suspend" and followup.decided_at and followup.order_on is None:
        due = add_months(to_berlin(followup.decided_at).date(), limits.suspension_decision_months)
        found.append(
            Deadline("order_due", "Verfügung, sonst Nachzahlung (§ 331 Abs. 2 SGB III)", due)
        )
    if followup.hearing_on is not None and not followup.good_reason:
        due = followup.hearing_on + timedelta(days=limits.hearing_reply_days)
        found.append(Deadline("hearing_reply", "Anhörungsfrist endet", due))
    if flag.appointment_at and followup.order_on is None and followup.good_reason != "yes":
        due = add_months(to_berlin(flag.appointment_at).date(), limits.reduction_deadline_months)
        found.append(Deadline("reduction_limit", "Minderung nur bis (§ 31b SGB II)", due))
    if followup.order_on is not None and followup.notice_on is None:
        found.append(Deadline("notice", "Bescheid an den Kunden", followup.order_on))
    return tuple(sorted(found, key=lambda d: d.due))


def steps_of(followup: AppointmentFollowUp) -> tuple[tuple[str, date | None], ...]:
    """(step, date) of the four steps, None while not recorded."""
    return (
        (HEARING, followup.hearing_on),
        (GOOD_REASON, followup.good_reason_on),
        (ORDER, followup.order_on),
        (NOTICE, followup.notice_on),
    )


def record_step(
    db: Database,
    identity: Identity,
    flag_id: uuid.UUID,
    step: str,
    day: date,
    who: str,
    now: datetime,
    note: str = "",
    good_reason: bool | None = None,
) -> None:
    """Record one step on ``day`` in order; refused with a sentence when out of order, in the
    future, before the missed appointment or the step before, after the six-month limit, or
    when no suspension may be proposed at all."""
    require(identity, permissions.FOLLOWUP)
    if step not in STEPS:
        raise OfficeError("Unbekannter Schritt.", f"Unknown step {step!r}.")
    if len(note) > NOTE_MAX:
        raise OfficeError(
            f"Die Notiz ist zu lang (höchstens {NOTE_MAX} Zeichen).", "The note is too long."
        )
    if day > to_berlin(now).date():
        raise OfficeError("Das Datum liegt in der Zukunft.", "The date lies in the future.")
    with db.session() as session:
        followup, flag = _missed(session, identity, flag_id)
        _check_order(followup, flag, step, day, good_reason)
        _store(followup, step, day, note, good_reason)
        _tell_benefits(session, followup, flag, step, who, now)


def _missed(
    session: Session, identity: Identity, flag_id: uuid.UUID
) -> tuple[AppointmentFollowUp, Flag]:
    flag = session.scalar(
        scope_customers(
            select(Flag).join(Customer, Customer.id == Flag.customer_id).where(Flag.id == flag_id),
            identity,
        )
    )
    followup = session.scalars(
        select(AppointmentFollowUp).where(AppointmentFollowUp.flag_id == flag_id)
    ).first()
    if flag is None or followup is None or followup.came is not False:
        raise OfficeError(
            "Erst erfassen, dass der Kunde nicht erschienen ist.",
            "First record that the customer did not come.",
        )
    if followup.proposal != "suspension":
        raise OfficeError(
            "Hier ist keine Minderung möglich: " + (followup.proposal_reason or "keine RFB."),
            "No reduction is possible here: "
            + reason_message(
                followup.proposal_reason or REASONS["no_rfb"][0], followup.rule_set, "en"
            ),
        )
    return followup, flag


def _check_order(
    followup: AppointmentFollowUp, flag: Flag, step: str, day: date, good_reason: bool | None
) -> None:
    steps = dict(steps_of(followup))
    index = STEPS.index(step)
    before = steps[STEPS[index - 1]] if index else None
    if index and before is None:
        raise OfficeError(
            f"Erst den Schritt „{STEP_LABELS[STEPS[index - 1]]}“ erfassen.",
            "Record the previous step first.",
        )
    if any(steps[later] is not None for later in STEPS[index + 1 :]):
        raise OfficeError(
            "Ein späterer Schritt ist schon erfasst; dieser kann nicht mehr geändert werden.",
            "A later step is recorded already.",
        )
    missed = to_berlin(flag.appointment_at).date() if flag.appointment_at else day
    if day < missed or (before is not None and day < before):
        raise OfficeError(
            "Das Datum liegt vor dem versäumten Termin oder vor dem vorigen Schritt.",
            "The date lies before the missed appointment or the previous step.",
        )
    if step == GOOD_REASON and good_reason is None:
        raise OfficeError(
            "Bitte angeben, ob ein wichtiger Grund vorliegt.", "Say whether there is a good reason."
        )
    if step == ORDER and followup.good_reason != "no":
        raise OfficeError(
            "Mit wichtigem Grund gibt es keine Verfügung über eine Minderung.",
            "With a good reason there is no reduction order.",
        )
    limit = add_months(missed, limits_of(followup.rule_set).reduction_deadline_months)
    if step == ORDER and day > limit:
        raise OfficeError(
            f"Die Minderung ist nur bis {limit:%d.%m.%Y} zulässig (§ 31b Abs. 1 SGB II).",
            "The reduction period has passed.",
        )


def _store(
    followup: AppointmentFollowUp, step: str, day: date, note: str, good_reason: bool | None
) -> None:
    if step == HEARING:
        followup.hearing_on, followup.hearing_note = day, note.strip()
    elif step == GOOD_REASON:
        followup.good_reason_on = day
        followup.good_reason = "yes" if good_reason else "no"
        if note.strip():
            followup.hearing_note = (followup.hearing_note + "\n" + note.strip()).strip()
    elif step == ORDER:
        followup.order_on = day
    else:
        followup.notice_on = day


def _tell_benefits(
    session: Session,
    followup: AppointmentFollowUp,
    flag: Flag,
    step: str,
    who: str,
    now: datetime,
) -> None:
    """A wichtiger Grund lifts a decided suspension; a Verfügung is carried out: both go to
    the benefits outbox."""
    missed = f"{to_berlin(flag.appointment_at):%d.%m.%Y}" if flag.appointment_at else "?"
    if step == GOOD_REASON and followup.good_reason == "yes" and followup.decision == "suspend":
        outbox.write_message(
            session, flag.customer, outbox.LIFT, "Vorläufige Zahlungseinstellung aufheben",
            f"Wichtiger Grund für das Meldeversäumnis am {missed} anerkannt "
            f"({followup.good_reason_on:%d.%m.%Y}).",
            "Bitte die vorläufige Zahlungseinstellung aufheben und einbehaltene Beträge "
            "nachzahlen.", who, now, followup.id,
        )  # fmt: skip
    if step == ORDER:
        outbox.write_message(
            session, flag.customer, outbox.SUSPENSION, "Minderung verfügt",
            f"Meldeversäumnis am {missed} ohne wichtigen Grund; Anhörung am "
            f"{followup.hearing_on:%d.%m.%Y}, Verfügung am {followup.order_on:%d.%m.%Y} "
            f"(Regelwerk {followup.rule_set}).",
            "Bitte die Minderung nach § 32 SGB II umsetzen.", who, now, followup.id,
        )  # fmt: skip


__all__ = [
    "GOOD_REASON",
    "HEARING",
    "NOTICE",
    "ORDER",
    "STEPS",
    "STEP_LABELS",
    "Basis",
    "Deadline",
    "Limits",
    "add_months",
    "deadlines",
    "limits_of",
    "record_step",
    "steps_of",
    "suspension_basis",
]
