"""Follow-up of the appointment handed over (or dropped into the mailbox) at the visit.

For every flag whose newest final visit handed over or dropped the invitation, the caseworker
records whether the customer came. If not, the concept allows one next step: a provisional
suspension of payments (vorläufige Zahlungseinstellung), decided by the caseworker; the app
proposes it and records the decision with who, when and what.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from fieldkit.domain import permissions
from fieldkit.domain.legal import parameters_on
from fieldkit.domain.model import Outcome, RecordState
from fieldkit.domain.settings import RulesSettings
from fieldkit.domain.week import to_berlin
from fieldkit.services import office_followup_law as law
from fieldkit.services import office_outbox as outbox
from fieldkit.services.access import require
from fieldkit.services.office import Identity, OfficeError, scope_customers
from fieldkit.store.db import Database
from fieldkit.store.models import Customer, Flag, Visit
from fieldkit.store.models_office import AppointmentFollowUp, BenefitsMessage

SUSPENSION = "suspension"
SUSPEND, NO_SUSPENSION = "suspend", "no_suspension"
DECISIONS = (SUSPEND, NO_SUSPENSION)

# The states a follow-up is in, in the order a caseworker works through them.
WAITING = "waiting"  # the appointment is still ahead
TO_RECORD = "to_record"  # the appointment passed: did the customer come?
CAME = "came"
TO_DECIDE = "to_decide"  # not come: the caseworker decides on the proposed suspension
DECIDED = "decided"
STATE_LABELS = {
    WAITING: "Termin steht noch aus",
    TO_RECORD: "Erscheinen erfassen",
    CAME: "erschienen",
    TO_DECIDE: "nicht erschienen – Entscheidung offen",
    DECIDED: "entschieden",
}
DECISION_LABELS = {
    SUSPEND: "vorläufige Zahlungseinstellung veranlasst",
    NO_SUSPENSION: "keine Zahlungseinstellung",
}


@dataclass(frozen=True)
class FollowUpRow:
    """One handed-over or dropped invitation and what became of it."""

    flag_id: uuid.UUID
    customer_name: str
    kundennummer: str
    visit_week: str
    visited_at: datetime
    handed_over: bool  # in person (met) or into the mailbox (not met)
    appointment_at: datetime | None
    appointment_place: str
    came: bool | None
    proposal: str
    decision: str
    decision_note: str
    decided_by: str
    decided_at: datetime | None
    state: str
    # Issue 17: why a suspension may (not) be proposed, the dated steps and the open limits.
    rule_set: str = ""
    proposal_reason: str = ""
    good_reason: str = ""
    steps: tuple[tuple[str, date | None], ...] = ()
    deadlines: tuple[law.Deadline, ...] = ()

    @property
    def next_deadline(self) -> law.Deadline | None:
        """The earliest open limit, if any."""
        return self.deadlines[0] if self.deadlines else None

    @property
    def state_label(self) -> str:
        """The state in the users' words."""
        if self.state == DECIDED:
            return DECISION_LABELS.get(self.decision, self.decision)
        return STATE_LABELS[self.state]


def proposal_text(day: datetime, rules: RulesSettings | None = None) -> str:
    """What the concept allows when the customer missed the handed-over appointment."""
    params = parameters_on(to_berlin(day).date(), rules or RulesSettings())
    percent = params.decimal("meldeversaeumnis_percent")
    months = params.integer("meldeversaeumnis_months")
    month_text = "einen Monat" if months == 1 else f"{months} Monate"
    return (
        "Vorschlag nach dem Konzept: vorläufige Zahlungseinstellung – die Entscheidung trifft "
        "die Integrationsfachkraft. Vorher anhören (§ 24 SGB X); ohne wichtigen Grund mindert "
        f"sich der Regelbedarf um {percent:g} % für {month_text} (§ 32 SGB II)."
    )


def _handed_over(visit: Visit) -> bool | None:
    """True: handed over in person; False: dropped into the mailbox; None: neither."""
    details = visit.details or {}
    if visit.outcome == Outcome.MET:
        return True if details.get("handed_over", True) else None
    if visit.outcome == Outcome.NOT_MET:
        return False if details.get("mailbox_invitation", True) else None
    return None


def list_followups(session: Session, identity: Identity, now: datetime) -> list[FollowUpRow]:
    """Every handed-over or dropped invitation of ``identity``'s customers, oldest first."""
    require(identity, permissions.FOLLOWUP)
    stmt = (
        select(Visit, Flag, Customer)
        .join(Flag, Flag.id == Visit.flag_id)
        .join(Customer, Customer.id == Visit.customer_id)
        .where(Visit.state == RecordState.FINAL)
    )
    rows = list(session.execute(scope_customers(stmt, identity)))
    superseded = {row[0].supersedes_id for row in rows if row[0].supersedes_id is not None}
    newest: dict[uuid.UUID, tuple[Visit, Flag, Customer]] = {}
    for visit, flag, customer in rows:
        if visit.id in superseded:
            continue
        kept = newest.get(flag.id)
        if kept is None or visit.visited_at > kept[0].visited_at:
            newest[flag.id] = (visit, flag, customer)
    followups = {
        f.flag_id: f
        for f in session.scalars(
            select(AppointmentFollowUp).where(AppointmentFollowUp.flag_id.in_(list(newest)))
        )
    }
    result = []
    for visit, flag, customer in newest.values():
        handed = _handed_over(visit)
        if handed is None:
            continue
        f = followups.get(flag.id)
        came = f.came if f else None
        decision = f.decision if f else ""
        if came is True:
            state = CAME
        elif came is False:
            state = DECIDED if decision else TO_DECIDE
        elif flag.appointment_at is not None and flag.appointment_at > now:
            state = WAITING
        else:
            state = TO_RECORD
        result.append(
            FollowUpRow(
                flag.id, customer.display_name, customer.kundennummer, flag.visit_week,
                visit.visited_at, handed, flag.appointment_at, flag.appointment_place, came,
                f.proposal if f else "", decision, f.decision_note if f else "",
                f.decided_by if f else "", f.decided_at if f else None, state,
                *_law_fields(f, flag),
            )
        )  # fmt: skip
    result.sort(key=lambda r: (r.appointment_at or r.visited_at, r.customer_name))
    return result


def _law_fields(
    f: AppointmentFollowUp | None, flag: Flag
) -> tuple[str, str, str, tuple[tuple[str, date | None], ...], tuple[law.Deadline, ...]]:
    if f is None:
        return "", "", "", (), ()
    return (f.rule_set, f.proposal_reason, f.good_reason, law.steps_of(f), law.deadlines(f, flag))


def _newest_visit(session: Session, flag_id: uuid.UUID) -> Visit | None:
    """The newest final visit of the flag that no correction superseded."""
    visits = list(
        session.scalars(
            select(Visit).where(Visit.flag_id == flag_id, Visit.state == RecordState.FINAL)
        )
    )
    superseded = {v.supersedes_id for v in visits if v.supersedes_id is not None}
    kept = [v for v in visits if v.id not in superseded and _handed_over(v) is not None]
    return max(kept, key=lambda v: v.visited_at) if kept else None


def _visible_flag(session: Session, identity: Identity, flag_id: uuid.UUID) -> Flag:
    flag = session.scalar(
        scope_customers(
            select(Flag).join(Customer, Customer.id == Flag.customer_id).where(Flag.id == flag_id),
            identity,
        )
    )
    if flag is None:
        raise OfficeError(
            "Diese Vormerkung gehört nicht zu Ihren Kunden.", "This flag is not one of yours."
        )
    return flag


def record_attendance(
    db: Database, identity: Identity, flag_id: uuid.UUID, came: bool, who: str, now: datetime
) -> str:
    """Record whether the customer came; returns the proposal ("suspension" or "")."""
    require(identity, permissions.FOLLOWUP)
    with db.session() as session:
        flag = _visible_flag(session, identity, flag_id)
        if flag.appointment_at is not None and flag.appointment_at > now:
            raise OfficeError(
                "Der Termin liegt noch in der Zukunft.", "The appointment is still ahead."
            )
        followup = session.scalars(
            select(AppointmentFollowUp).where(AppointmentFollowUp.flag_id == flag_id)
        ).first()
        if followup is None:
            followup = AppointmentFollowUp(flag_id=flag_id)
            session.add(followup)
        _count_missed(flag, was=followup.came, now_came=came)
        followup.came = came
        followup.recorded_at = now.astimezone(UTC)
        followup.recorded_by = who.strip()
        visit = _newest_visit(session, flag_id)
        basis = (
            law.suspension_basis(session, flag, visit)
            if visit is not None
            else law.Basis(False, "", "not_delivered")
        )
        followup.proposal = SUSPENSION if not came and basis.allowed else ""
        followup.rule_set = basis.rule_set
        followup.proposal_reason = "" if came else basis.reason
        if came:
            # A decision on a suspension no longer applies once the customer came.
            followup.decision = ""
            followup.decision_note = ""
            followup.decided_by = ""
            followup.decided_at = None
        return followup.proposal


def _count_missed(flag: Flag, was: bool | None, now_came: bool) -> None:
    """Keep the customer's count of Meldeversäumnisse (a later rule set grades consequences
    by it): a recorded no-show counts once; correcting it to 'came' takes it back."""
    customer = flag.customer
    if now_came is False and was is not False:
        customer.missed_appointments = (customer.missed_appointments or 0) + 1
    elif now_came is True and was is False:
        customer.missed_appointments = max(0, (customer.missed_appointments or 0) - 1)


def decide(
    db: Database,
    identity: Identity,
    flag_id: uuid.UUID,
    decision: str,
    note: str,
    who: str,
    now: datetime,
) -> None:
    """The caseworker's decision on the proposed provisional suspension (who, when, what)."""
    require(identity, permissions.FOLLOWUP)
    if decision not in DECISIONS:
        raise OfficeError("Bitte eine Entscheidung wählen.", "Please choose a decision.")
    if not who.strip():
        raise OfficeError("Bitte angeben, wer entscheidet.", "Please say who decides.")
    if decision == NO_SUSPENSION and len(note.strip()) < 5:
        raise OfficeError(
            "Bitte kurz begründen, warum keine Zahlungseinstellung erfolgt.",
            "Please give a short reason for not suspending payments.",
        )
    with db.session() as session:
        _visible_flag(session, identity, flag_id)
        followup = session.scalars(
            select(AppointmentFollowUp).where(AppointmentFollowUp.flag_id == flag_id)
        ).first()
        if followup is None or followup.came is not False:
            raise OfficeError(
                "Erst erfassen, dass der Kunde nicht erschienen ist.",
                "First record that the customer did not come.",
            )
        if decision == SUSPEND and followup.proposal != SUSPENSION:
            raise OfficeError(
                "Eine vorläufige Zahlungseinstellung ist hier nicht zulässig: "
                + followup.proposal_reason,
                "A provisional suspension is not allowed here: "
                + law.reason_message(followup.proposal_reason, followup.rule_set, "en"),
            )
        followup.decision = decision
        followup.decision_note = note.strip()
        followup.decided_by = who.strip()
        followup.decided_at = now.astimezone(UTC)
        _decision_message(session, followup, who, now)


def _decision_message(
    session: Session, followup: AppointmentFollowUp, who: str, now: datetime
) -> None:
    """A suspension decision goes to the benefits outbox; deciding again replaces a message
    still open, a message already handed over stays and the new decision follows it."""
    flag = session.get(Flag, followup.flag_id)
    assert flag is not None  # the follow-up belongs to a flag
    still_open = session.scalars(
        select(BenefitsMessage).where(
            BenefitsMessage.kind == outbox.SUSPENSION,
            BenefitsMessage.ref_id == followup.id,
            BenefitsMessage.handed_over_at.is_(None),
        )
    )
    for old in still_open:
        session.delete(old)
    handed = session.scalar(
        select(BenefitsMessage.id).where(
            BenefitsMessage.kind == outbox.SUSPENSION, BenefitsMessage.ref_id == followup.id
        )
    )
    if followup.decision != SUSPEND and handed is None:
        return  # nothing to tell: no suspension was ever announced
    missed = f"{to_berlin(flag.appointment_at):%d.%m.%Y}" if flag.appointment_at else "?"
    if followup.decision == SUSPEND:
        subject = "Vorläufige Zahlungseinstellung veranlassen"
        text = (
            f"Der Kunde / die Kundin ist zum Termin am {missed} nicht erschienen. Die "
            "Integrationsfachkraft hat die vorläufige Zahlungseinstellung entschieden "
            "(§ 331 SGB III i. V. m. § 40 Abs. 2 Nr. 4 SGB II). Bitte umsetzen."
        )
    else:
        subject = "Keine vorläufige Zahlungseinstellung (Entscheidung geändert)"
        text = "Die vorläufige Zahlungseinstellung entfällt; bitte nicht (mehr) umsetzen."
    reason = f"Meldeversäumnis am {missed}" + (
        f"; Begründung: {followup.decision_note}" if followup.decision_note else ""
    )
    outbox.write_message(
        session, flag.customer, outbox.SUSPENSION, subject, reason, text, who, now, followup.id
    )


def active_suspension(session: Session, customer_id: uuid.UUID) -> AppointmentFollowUp | None:
    """The customer's newest follow-up decided as a provisional suspension whose lift note
    has not been written yet (None: no suspension to lift)."""
    lifted = select(BenefitsMessage.ref_id).where(BenefitsMessage.kind == outbox.LIFT)
    return session.scalars(
        select(AppointmentFollowUp)
        .join(Flag, Flag.id == AppointmentFollowUp.flag_id)
        .where(
            Flag.customer_id == customer_id,
            AppointmentFollowUp.decision == SUSPEND,
            AppointmentFollowUp.id.not_in(lifted.where(BenefitsMessage.ref_id.is_not(None))),
        )
        .order_by(AppointmentFollowUp.decided_at.desc())
    ).first()
