"""The results inbox of a caseworker: what the outreach visits sent back.

Four kinds of items, each open until someone marks it done: the Verbis-Vermerk of a final
visit (to copy into VerBIS and mark as transferred), the tasks (Aufgaben), complex cases that
need a talk with the caseworker, and hints for the benefits department (to forward via the
E-Akte). Every mark is kept with who and when (:class:`InboxMark`); marking the Vermerk and
the task also stamps ``CaseNote.transferred_at`` and ``Task.done_at``.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from fieldkit.domain import permissions
from fieldkit.domain.model import RecordState
from fieldkit.services.access import require
from fieldkit.services.office import Identity, OfficeError, scope_customers
from fieldkit.store.db import Database
from fieldkit.store.models import CaseNote, Caseworker, Customer, Task, Visit
from fieldkit.store.models_office import InboxMark

NOTE, TASK, TALK, EAKTE = "note", "task", "talk", "eakte"
KINDS = (NOTE, TASK, TALK, EAKTE)
KIND_LABELS = {
    NOTE: "Verbis-Vermerk",
    TASK: "Aufgabe",
    TALK: "Gespräch (komplexer Fall)",
    EAKTE: "Hinweis Leistungsabteilung",
}
DONE_LABELS = {
    NOTE: "übertragen",
    TASK: "erledigt",
    TALK: "Gespräch geführt",
    EAKTE: "über E-Akte weitergeleitet",
}
OPEN, DONE, ALL = "open", "done", "all"
_STAMP = re.compile(r"^\d{2}\.\d{2}\.\d{4},? \d{2}:\d{2}( Uhr)?:\s*")


@dataclass(frozen=True)
class InboxItem:
    """One thing to deal with; ``ref_id`` is the case note, task or visit it is about."""

    kind: str
    ref_id: uuid.UUID
    customer_name: str
    kundennummer: str
    caseworker: str
    when: datetime
    title: str
    text: str
    outcome: str
    done_at: datetime | None
    done_by: str
    correction: bool = False

    @property
    def is_done(self) -> bool:
        """Marked done (transferred, forwarded, talked)."""
        return self.done_at is not None

    @property
    def summary(self) -> str:
        """One line for the list: a task's title, else the start of the text."""
        if self.kind == TASK:
            return self.title
        first = self.text.strip().splitlines()[0] if self.text.strip() else ""
        # The list already shows when: drop a Vermerk's leading "26.11.2026, 14:00 Uhr: ".
        first = _STAMP.sub("", first)
        return first if len(first) <= 70 else first[:69] + "…"

    @property
    def kind_label(self) -> str:
        """The kind in the users' words."""
        return KIND_LABELS[self.kind]


def _latest_final_visits(session: Session, identity: Identity) -> list[tuple[Visit, Customer]]:
    stmt = (
        select(Visit, Customer)
        .join(Customer, Customer.id == Visit.customer_id)
        .where(Visit.state == RecordState.FINAL)
    )
    rows = list(session.execute(scope_customers(stmt, identity)))
    superseded = {v.supersedes_id for v, _ in rows if v.supersedes_id is not None}
    return [(v, c) for v, c in rows if v.id not in superseded]


def list_items(session: Session, identity: Identity, show: str = OPEN) -> list[InboxItem]:
    """The inbox of ``identity``: open, done or all items, newest first."""
    require(identity, permissions.INBOX)
    names = {row[0]: row[1] for row in session.execute(select(Caseworker.id, Caseworker.name))}
    marks = {
        (m.kind, m.ref_id): m for m in session.scalars(select(InboxMark))
    }  # small table: one row per dealt-with item
    known = _Known(names, marks)
    visits = _latest_final_visits(session, identity)
    items = [
        *_note_items(session, identity, known, {v.id: v for v, _ in visits}),
        *_task_items(session, identity, known),
        *_visit_items(known, visits),
    ]
    if show == OPEN:
        items = [i for i in items if not i.is_done]
    elif show == DONE:
        items = [i for i in items if i.is_done]
    # Newest visit first; a visit's items together, in the order they are dealt with.
    items.sort(key=lambda i: (-i.when.timestamp(), i.customer_name, KINDS.index(i.kind)))
    return items


@dataclass(frozen=True)
class _Known:
    """The caseworkers' names and the marks of dealt-with items, read once per listing."""

    names: dict[uuid.UUID, str]
    marks: dict[tuple[str, uuid.UUID], InboxMark]

    def who(self, customer: Customer) -> str:
        """The name of the customer's caseworker ("" if none)."""
        return self.names.get(customer.caseworker_id, "") if customer.caseworker_id else ""

    def mark_of(self, kind: str, ref: uuid.UUID) -> tuple[datetime | None, str]:
        """When and by whom the item was marked done (None, "" while open)."""
        mark = self.marks.get((kind, ref))
        return (mark.done_at, mark.done_by) if mark is not None else (None, "")


def _note_items(
    session: Session, identity: Identity, known: _Known, visit_by_id: dict[uuid.UUID, Visit]
) -> list[InboxItem]:
    """One item per final Verbis-Vermerk of the customers ``identity`` sees."""
    notes = session.execute(
        scope_customers(
            select(CaseNote, Customer)
            .join(Customer, Customer.id == CaseNote.customer_id)
            .where(CaseNote.state == RecordState.FINAL),
            identity,
        )
    )
    items = []
    for note, customer in notes:
        visit = visit_by_id.get(note.visit_id) if note.visit_id else None
        done_at, done_by = known.mark_of(NOTE, note.id)
        items.append(
            InboxItem(
                NOTE, note.id, customer.display_name, customer.kundennummer, known.who(customer),
                visit.visited_at if visit else note.created_at, KIND_LABELS[NOTE], note.text,
                visit.outcome or "" if visit else "", note.transferred_at or done_at, done_by,
                note.supersedes_id is not None,
            )
        )  # fmt: skip
    return items


def _task_items(session: Session, identity: Identity, known: _Known) -> list[InboxItem]:
    """One item per task (Aufgabe) for the customers ``identity`` sees."""
    tasks = session.execute(
        scope_customers(
            select(Task, Customer).join(Customer, Customer.id == Task.customer_id), identity
        )
    )
    items = []
    for task, customer in tasks:
        done_at, done_by = known.mark_of(TASK, task.id)
        visit = session.get(Visit, task.visit_id) if task.visit_id else None
        items.append(
            InboxItem(
                TASK, task.id, customer.display_name, customer.kundennummer, known.who(customer),
                visit.visited_at if visit else task.created_at, task.title, task.text,
                visit.outcome or "" if visit else "", task.done_at or done_at, done_by,
            )
        )  # fmt: skip
    return items


def _visit_items(known: _Known, visits: list[tuple[Visit, Customer]]) -> list[InboxItem]:
    """Per final visit: the talk a complex case needs, the hint for the benefits department."""
    items = []
    for visit, customer in visits:
        if visit.complex_case:
            done_at, done_by = known.mark_of(TALK, visit.id)
            text = "Komplexer Fall: persönliches Gespräch mit der AB vereinbaren."
            if visit.note.strip():
                text += "\n\n" + visit.note.strip()
            items.append(
                InboxItem(
                    TALK, visit.id, customer.display_name, customer.kundennummer,
                    known.who(customer), visit.visited_at, KIND_LABELS[TALK], text,
                    visit.outcome or "", done_at, done_by,
                )
            )  # fmt: skip
        if visit.benefits_hint.strip():
            done_at, done_by = known.mark_of(EAKTE, visit.id)
            items.append(
                InboxItem(
                    EAKTE, visit.id, customer.display_name, customer.kundennummer,
                    known.who(customer), visit.visited_at, KIND_LABELS[EAKTE],
                    visit.benefits_hint.strip(), visit.outcome or "", done_at, done_by,
                )
            )  # fmt: skip
    return items


def _visible_record(
    session: Session, identity: Identity, kind: str, ref_id: uuid.UUID
) -> CaseNote | Task | Visit:
    """The note, task or visit behind an item; an OfficeError when it is gone or the
    customer is not in ``identity``'s view."""
    record: CaseNote | Task | Visit | None
    if kind == NOTE:
        record = session.get(CaseNote, ref_id)
    elif kind == TASK:
        record = session.get(Task, ref_id)
    else:
        record = session.get(Visit, ref_id)
    if record is None:
        raise OfficeError("Den Eintrag gibt es nicht mehr.", "The item no longer exists.")
    allowed = session.scalar(
        scope_customers(select(Customer.id).where(Customer.id == record.customer_id), identity)
    )
    if allowed is None:
        raise OfficeError(
            "Dieser Eintrag gehört nicht zu Ihren Kunden.", "This item is not one of yours."
        )
    return record


def mark_done(
    db: Database, identity: Identity, kind: str, ref_id: uuid.UUID, who: str, now: datetime
) -> None:
    """Mark one item done (transferred / forwarded / talked), with who and when."""
    require(identity, permissions.INBOX)
    if kind not in KINDS:
        raise OfficeError("Unbekannte Art von Eintrag.", f"Unknown inbox kind {kind!r}.")
    now = now.astimezone(UTC)
    with db.session() as session:
        record = _visible_record(session, identity, kind, ref_id)
        if isinstance(record, CaseNote):
            record.transferred_at = record.transferred_at or now
        elif isinstance(record, Task):
            record.done_at = record.done_at or now
        mark = session.scalars(
            select(InboxMark).where(InboxMark.kind == kind, InboxMark.ref_id == ref_id)
        ).first()
        if mark is None:
            session.add(InboxMark(kind=kind, ref_id=ref_id, done_at=now, done_by=who.strip()))


def reopen(db: Database, identity: Identity, kind: str, ref_id: uuid.UUID) -> None:
    """Undo a mark made by mistake: the item is open again."""
    require(identity, permissions.INBOX)
    with db.session() as session:
        record = _visible_record(session, identity, kind, ref_id)
        if isinstance(record, CaseNote):
            record.transferred_at = None
        elif isinstance(record, Task):
            record.done_at = None
        session.execute(delete(InboxMark).where(InboxMark.kind == kind, InboxMark.ref_id == ref_id))


def open_counts(session: Session, identity: Identity) -> dict[str, int]:
    """How many items of each kind are open (for the window's title and the status bar)."""
    require(identity, permissions.INBOX)
    counts = dict.fromkeys(KINDS, 0)
    for item in list_items(session, identity, OPEN):
        counts[item.kind] += 1
    return counts
