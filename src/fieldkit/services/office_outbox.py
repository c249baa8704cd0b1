"""The benefits outbox (Postausgang Leistungsabteilung, issue 17).

Every hint for the benefits department from a visit, every note to lift a provisional
suspension of payments and every suspension decision becomes one message ready for the E-Akte:
the customer, the BG number, what, why, who wrote it and when. A message is *offen* until
someone hands it over (*übergeben am … von …*); it is listed, printed as one PDF per message,
exported to a folder and counted in the report. Until then the caseworker's task says the
message is "zur Weitergabe an die Leistungsabteilung vorgemerkt"; the hand-over rewrites that
sentence with the date and the person.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from fieldkit.domain import permissions
from fieldkit.domain.model import RecordState
from fieldkit.domain.week import to_berlin
from fieldkit.services.access import require
from fieldkit.services.office import Identity, OfficeError, scope_customers
from fieldkit.store.db import Database
from fieldkit.store.models import Customer, Flag, OutreachWorker, Task, Visit
from fieldkit.store.models_office import BenefitsMessage

HINT, LIFT, SUSPENSION = "hint", "lift_suspension", "suspension"
KINDS = (HINT, LIFT, SUSPENSION)
KIND_LABELS = {
    HINT: "Hinweis aus dem Hausbesuch",
    LIFT: "Aufhebung der vorläufigen Zahlungseinstellung",
    SUSPENSION: "Entscheidung über die vorläufige Zahlungseinstellung",
}
OPEN, DONE, ALL = "open", "done", "all"

#: What a task says while its message waits in the outbox (domain/casenote.py says the same).
PENDING = "zur Weitergabe an die Leistungsabteilung vorgemerkt"

#: The longest name of the person handing over (the column's width).
WHO_MAX = 200


@dataclass(frozen=True)
class OutboxRow:
    """One message of the outbox."""

    id: uuid.UUID
    kind: str
    customer_name: str
    kundennummer: str
    bg_number: str
    subject: str
    reason: str
    text: str
    written_by: str
    written_at: datetime
    handed_over_at: datetime | None
    handed_over_by: str

    @property
    def is_open(self) -> bool:
        """Not handed over yet."""
        return self.handed_over_at is None

    @property
    def kind_label(self) -> str:
        """The kind in the users' words."""
        return KIND_LABELS.get(self.kind, self.kind)

    @property
    def state_label(self) -> str:
        """'offen' or 'übergeben am 07.12.2026 von Frau Keller'."""
        if self.handed_over_at is None:
            return "offen"
        return f"übergeben am {to_berlin(self.handed_over_at):%d.%m.%Y} von {self.handed_over_by}"

    @property
    def short_id(self) -> str:
        """The message's number as tasks and file names cite it."""
        return short_id(self.id)

    def to_json(self) -> dict[str, object]:
        """The row for ``fieldkit office-outbox list --json``."""
        return {
            "id": str(self.id),
            "nummer": self.short_id,
            "art": self.kind,
            "kundennummer": self.kundennummer,
            "bg_nummer": self.bg_number,
            "was": self.subject,
            "warum": self.reason,
            "text": self.text,
            "von": self.written_by,
            "am": self.written_at.astimezone(UTC).isoformat(),
            "status": "offen" if self.is_open else "übergeben",
            "uebergeben_am": self.handed_over_at.astimezone(UTC).isoformat()
            if self.handed_over_at
            else None,
            "uebergeben_von": self.handed_over_by,
        }


def short_id(message_id: uuid.UUID) -> str:
    """The first eight hex digits of a message's id ('Postausgang Nr. 1a2b3c4d')."""
    return message_id.hex[:8]


def pending_sentence(message_id: uuid.UUID) -> str:
    """The sentence a task carries while the message waits in the outbox."""
    return f"Die Mitteilung ist {PENDING} (Postausgang Nr. {short_id(message_id)})."


def bg_number_of(session: Session, customer_id: uuid.UUID) -> str:
    """The BG number of the customer's newest flag that has one ("" when none)."""
    number = session.scalar(
        select(Flag.bg_number)
        .where(Flag.customer_id == customer_id, Flag.bg_number != "")
        .order_by(Flag.flagged_at.desc())
        .limit(1)
    )
    return number or ""


def write_message(
    session: Session,
    customer: Customer,
    kind: str,
    subject: str,
    reason: str,
    text: str,
    who: str,
    now: datetime,
    ref_id: uuid.UUID | None = None,
) -> BenefitsMessage:
    """Put one message into the outbox (open); the caller's transaction keeps it."""
    if kind not in KINDS:
        raise OfficeError("Unbekannte Art von Mitteilung.", f"Unknown message kind {kind!r}.")
    message = BenefitsMessage(
        id=uuid.uuid4(), customer_id=customer.id, kind=kind, subject=subject[:200],
        reason=reason.strip(), text=text.strip(), sent_at=now.astimezone(UTC),
        sent_by=who.strip()[:WHO_MAX], bg_number=bg_number_of(session, customer.id),
        ref_id=ref_id,
    )  # fmt: skip
    session.add(message)
    return message


def collect_hints(
    db: Database,
    now: datetime,
    *,
    identity: Identity,
) -> int:
    """Put the hint of every final visit (not superseded) of ``identity``'s customers into
    the outbox once; returns how many messages were added. A corrected visit's hint is a new
    message only if its text changed. Only the own customers: a team lead's login on the
    central database reads other teams' visits too (the file sync's window) but may write
    outbox messages for its team's only, so one such hint made the whole window fail."""
    require(identity, permissions.INBOX)
    added = 0
    with db.session() as session:
        mine = scope_customers(select(Customer.id), identity)
        visits = list(
            session.scalars(
                select(Visit).where(
                    Visit.state == RecordState.FINAL,
                    Visit.benefits_hint != "",
                    Visit.customer_id.in_(mine),
                )
            )
        )
        superseded = {v.supersedes_id for v in visits if v.supersedes_id is not None}
        known = {
            (m.ref_id, m.text)
            for m in session.scalars(select(BenefitsMessage).where(BenefitsMessage.kind == HINT))
        }
        earlier = {v.id: v.benefits_hint.strip() for v in visits}
        for visit in visits:
            hint = visit.benefits_hint.strip()
            if visit.id in superseded or not hint or (visit.id, hint) in known:
                continue
            if visit.supersedes_id is not None and earlier.get(visit.supersedes_id) == hint:
                continue  # a correction that kept the hint: the first message stands
            customer = session.get(Customer, visit.customer_id)
            if customer is None:
                continue
            _hint_message(session, customer, visit, hint, now)
            added += 1
    return added


def _hint_message(
    session: Session, customer: Customer, visit: Visit, hint: str, now: datetime
) -> None:
    day = to_berlin(visit.visited_at)
    outreach = session.get(OutreachWorker, visit.worker_id) if visit.worker_id else None
    worker = f"{outreach.name} (Aufsuchende Beratung)" if outreach else "Aufsuchende Beratung"
    write_message(
        session, customer, HINT, "Hinweis der Aufsuchenden Beratung",
        f"Beim Hausbesuch am {day:%d.%m.%Y} bekannt geworden; für die Leistungsgewährung "
        "von Bedeutung.",
        hint, worker, visit.visited_at if visit.visited_at <= now else now, ref_id=visit.id,
    )  # fmt: skip


def list_messages(session: Session, identity: Identity, show: str = ALL) -> list[OutboxRow]:
    """The outbox of ``identity``'s customers: open, handed over or all, oldest first."""
    require(identity, permissions.INBOX)
    stmt = select(BenefitsMessage, Customer).join(
        Customer, Customer.id == BenefitsMessage.customer_id
    )
    if show == OPEN:
        stmt = stmt.where(BenefitsMessage.handed_over_at.is_(None))
    elif show == DONE:
        stmt = stmt.where(BenefitsMessage.handed_over_at.is_not(None))
    rows = [
        _row(message, customer)
        for message, customer in session.execute(scope_customers(stmt, identity))
    ]
    rows.sort(key=lambda r: (r.written_at, r.customer_name))
    return rows


def _row(message: BenefitsMessage, customer: Customer) -> OutboxRow:
    return OutboxRow(
        message.id, message.kind, customer.display_name, customer.kundennummer,
        message.bg_number, message.subject or KIND_LABELS.get(message.kind, message.kind),
        message.reason, message.text, message.sent_by, message.sent_at,
        message.handed_over_at, message.handed_over_by,
    )  # fmt: skip


def message_row(session: Session, identity: Identity, message_id: uuid.UUID) -> OutboxRow:
    """One message in ``identity``'s view; an OfficeError when gone or not theirs."""
    require(identity, permissions.INBOX)
    found = session.execute(
        scope_customers(
            select(BenefitsMessage, Customer)
            .join(Customer, Customer.id == BenefitsMessage.customer_id)
            .where(BenefitsMessage.id == message_id),
            identity,
        )
    ).first()
    if found is None:
        raise OfficeError(
            "Diese Mitteilung gibt es nicht oder sie gehört nicht zu Ihren Kunden.",
            "This message does not exist or is not one of yours.",
        )
    return _row(found[0], found[1])


def hand_over(
    db: Database, identity: Identity, message_ids: list[uuid.UUID], who: str, now: datetime
) -> int:
    """Record that the messages went to the benefits department (via the E-Akte) today by
    ``who``; one transaction, returns how many. A message already handed over, unknown or
    not in ``identity``'s view refuses the whole batch with a sentence naming it."""
    require(identity, permissions.INBOX)
    who = " ".join(who.split())
    if not who:
        raise OfficeError("Bitte angeben, wer übergibt.", "Please say who hands over.")
    if len(who) > WHO_MAX:
        raise OfficeError(
            f"Der Name ist zu lang (höchstens {WHO_MAX} Zeichen).", "The name is too long."
        )
    if not message_ids:
        raise OfficeError("Bitte Mitteilungen auswählen.", "Please choose messages.")
    with db.session() as session:
        for message_id in dict.fromkeys(message_ids):
            row = message_row(session, identity, message_id)
            if not row.is_open:
                raise OfficeError(
                    f"Mitteilung Nr. {row.short_id} ist schon {row.state_label}.",
                    f"Message {row.short_id} was already handed over.",
                )
            message = session.get(BenefitsMessage, message_id)
            assert message is not None  # message_row found it
            message.handed_over_at = now.astimezone(UTC)
            message.handed_over_by = who
            _rewrite_tasks(session, message, who, now)
    return len(dict.fromkeys(message_ids))


def _rewrite_tasks(session: Session, message: BenefitsMessage, who: str, now: datetime) -> None:
    """The tasks that said the message is 'vorgemerkt' now say when and by whom it went."""
    done = f"am {to_berlin(now):%d.%m.%Y} von {who} an die Leistungsabteilung übergeben"
    tasks = session.scalars(select(Task).where(Task.customer_id == message.customer_id))
    for task in tasks:
        own = pending_sentence(message.id)
        if own in task.text:
            task.text = task.text.replace(own, f"Die Mitteilung wurde {done}.")
        elif message.kind == HINT and task.visit_id == message.ref_id and PENDING in task.text:
            task.text = task.text.replace(f"ist {PENDING}", f"wurde {done}")


def counts(session: Session, identity: Identity) -> dict[str, tuple[int, int]]:
    """Per kind: (open, handed over) messages of ``identity``'s customers."""
    require(identity, permissions.INBOX)
    result = dict.fromkeys(KINDS, (0, 0))
    for row in list_messages(session, identity, ALL):
        still, gone = result.get(row.kind, (0, 0))
        result[row.kind] = (still + row.is_open, gone + (not row.is_open))
    return result


__all__ = [
    "ALL",
    "DONE",
    "HINT",
    "KINDS",
    "KIND_LABELS",
    "LIFT",
    "OPEN",
    "PENDING",
    "SUSPENSION",
    "OutboxRow",
    "bg_number_of",
    "collect_hints",
    "counts",
    "hand_over",
    "list_messages",
    "message_row",
    "pending_sentence",
    "short_id",
    "write_message",
]
