"""Stored records of the back office (issue 9); their schema comes from migrations v0005 and
v0009 (version columns, unique lines and ranks, the history of releases).

Who stands in for whom (:class:`DeputyRule`), who is away (:class:`Absence`), what the
caseworker did with the results of a visit (:class:`InboxMark`), whether the customer came to
the handed-over appointment and what was decided (:class:`AppointmentFollowUp`), and the
Meldeversäumnis desk at the reception (:class:`ReceptionAppointment`, :class:`DeskTalk`,
:class:`CaseworkerAppointment`, :class:`BenefitsMessage`).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from fieldkit.store.models import Base, Caseworker, Customer


class DeputyRule(Base):
    """The team's deputy rule (Vertretungsregelung): who stands in, in which order.

    A rule with a caseworker applies to that caseworker only; a rule without one to the
    whole team. Lower ``rank`` is asked first.
    """

    __tablename__ = "deputy_rule"
    team: Mapped[str] = mapped_column(String(20), index=True)
    caseworker_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("caseworker.id", ondelete="CASCADE")
    )
    deputy_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("caseworker.id", ondelete="CASCADE"))
    rank: Mapped[int] = mapped_column(Integer, default=0)
    # Two team leads editing one rule at once: the later write is refused, not mixed in.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    deputy: Mapped[Caseworker] = relationship(foreign_keys=[deputy_id])

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - read once by SQLAlchemy
    # One line per deputy and one per rank in each rule, also when two sessions add at once.
    # A team's rule has no caseworker (NULL, which a plain unique constraint would not
    # compare), so the team's and the caseworkers' own rules each get a partial index.
    __table_args__ = (
        Index(
            "uq_deputy_rule_team_deputy",
            "team",
            "deputy_id",
            unique=True,
            sqlite_where=text("caseworker_id IS NULL"),
            postgresql_where=text("caseworker_id IS NULL"),
        ),
        Index(
            "uq_deputy_rule_team_rank",
            "team",
            "rank",
            unique=True,
            sqlite_where=text("caseworker_id IS NULL"),
            postgresql_where=text("caseworker_id IS NULL"),
        ),
        UniqueConstraint("team", "caseworker_id", "deputy_id", name="uq_deputy_rule_own_deputy"),
        UniqueConstraint("team", "caseworker_id", "rank", name="uq_deputy_rule_own_rank"),
    )


class FlagRelease(Base):
    """Each release of a blocked flag for planning, kept as history (the flag shows the
    latest): who released it, when and why."""

    __tablename__ = "flag_release"
    flag_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("flag.id", ondelete="CASCADE"), index=True
    )
    reason: Mapped[str] = mapped_column(Text, default="")
    released_by: Mapped[str] = mapped_column(String(200), default="")
    released_at: Mapped[datetime]


class Absence(Base):
    """A caseworker is away from ``first_day`` to ``last_day`` (both inclusive)."""

    __tablename__ = "absence"
    caseworker_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("caseworker.id", ondelete="CASCADE"), index=True
    )
    first_day: Mapped[date] = mapped_column(Date)
    last_day: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(100), default="")


class InboxMark(Base):
    """A result of a visit dealt with by the caseworker: the talk of a complex case held
    (``kind`` "talk") or the hint forwarded to the benefits department via the E-Akte
    ("eakte"). ``ref_id`` is the visit's id."""

    __tablename__ = "inbox_mark"
    __table_args__ = (UniqueConstraint("kind", "ref_id"),)
    kind: Mapped[str] = mapped_column(String(10))
    ref_id: Mapped[uuid.UUID] = mapped_column()
    done_at: Mapped[datetime]
    done_by: Mapped[str] = mapped_column(String(200), default="")


class AppointmentFollowUp(Base):
    """Whether the customer came to the appointment handed over (or dropped) at the visit,
    and, if not, the caseworker's decision on a provisional suspension of payments."""

    __tablename__ = "appointment_followup"
    flag_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("flag.id", ondelete="CASCADE"), unique=True
    )
    came: Mapped[bool | None] = mapped_column(Boolean)
    recorded_at: Mapped[datetime | None]
    recorded_by: Mapped[str] = mapped_column(String(200), default="")
    # What the app proposed ("suspension" or ""), and what the caseworker decided:
    # "suspend", "no_suspension" or "" while open.
    proposal: Mapped[str] = mapped_column(String(20), default="")
    decision: Mapped[str] = mapped_column(String(20), default="")
    decision_note: Mapped[str] = mapped_column(Text, default="")
    decided_by: Mapped[str] = mapped_column(String(200), default="")
    decided_at: Mapped[datetime | None]
    # Why a suspension may be proposed at all (issue 17): the invitation carried an RFB under
    # this verified rule set and was delivered in person or by a mailbox drop the rule set
    # allows; "" when no suspension may be proposed (the reason is in ``proposal_reason``).
    rule_set: Mapped[str] = mapped_column(String(100), default="")
    proposal_reason: Mapped[str] = mapped_column(Text, default="")
    # The steps a court checks, each with its date: hearing (Anhörung, § 24 SGB X), the
    # decision on a wichtiger Grund ("yes"/"no"), the Verfügung, the notice to the customer.
    hearing_on: Mapped[date | None] = mapped_column(Date)
    hearing_note: Mapped[str] = mapped_column(Text, default="")
    good_reason: Mapped[str] = mapped_column(String(5), default="")
    good_reason_on: Mapped[date | None] = mapped_column(Date)
    order_on: Mapped[date | None] = mapped_column(Date)
    notice_on: Mapped[date | None] = mapped_column(Date)


class ReceptionAppointment(Base):
    """An appointment in the reception's (Eingangszone) calendar, e.g. "Meldeversäumnis"."""

    __tablename__ = "reception_appointment"
    starts_at: Mapped[datetime] = mapped_column(index=True)
    kundennummer: Mapped[str] = mapped_column(String(20))
    customer_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("customer.id", ondelete="SET NULL")
    )
    name: Mapped[str] = mapped_column(String(200), default="")
    kind: Mapped[str] = mapped_column(String(30), default="meldeversaeumnis")
    booked_by: Mapped[str] = mapped_column(String(200), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    # open → talked (a desk talk was recorded) or callback (no outreach worker was free).
    state: Mapped[str] = mapped_column(String(10), default="open")
    # Added by migration 0011 (issue 17): the HB could not be reached by phone (the deputy
    # rule applies as for an absence), and an appointment reclassified as Meldeversäumnis
    # during the talk.
    hb_unreachable_at: Mapped[datetime | None]
    reclassified_at: Mapped[datetime | None]
    reclassified_by: Mapped[str] = mapped_column(String(200), default="")

    customer: Mapped[Customer | None] = relationship()


class DeskTalk(Base):
    """The talk at the desk about a missed appointment: reasons, motivation, agreements."""

    __tablename__ = "desk_talk"
    appointment_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("reception_appointment.id", ondelete="CASCADE")
    )
    customer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("customer.id"))
    worker: Mapped[str] = mapped_column(String(200), default="")
    reasons_given: Mapped[str] = mapped_column(Text, default="")
    motivation: Mapped[str] = mapped_column(Text, default="")
    agreements: Mapped[str] = mapped_column(Text, default="")
    talked_at: Mapped[datetime]


class CaseworkerAppointment(Base):
    """An appointment booked with a caseworker from the desk: the one-hour follow-up talk
    ("followup"), or a same-day callback by the team ("callback")."""

    __tablename__ = "caseworker_appointment"
    kind: Mapped[str] = mapped_column(String(10), default="followup")
    customer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("customer.id"))
    appointment_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("reception_appointment.id", ondelete="SET NULL")
    )
    team: Mapped[str] = mapped_column(String(20), default="")
    # Who holds it, and the customer's own caseworker when a deputy stands in.
    caseworker_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("caseworker.id"))
    hb_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("caseworker.id"))
    by_deputy: Mapped[bool] = mapped_column(Boolean, default=False)
    starts_at: Mapped[datetime]
    minutes: Mapped[int] = mapped_column(Integer, default=60)
    place: Mapped[str] = mapped_column(String(200), default="")
    booked_by: Mapped[str] = mapped_column(String(200), default="")
    done_at: Mapped[datetime | None]
    # Added by migration 0015: the HB appointment the team booked during a callback points
    # to that callback.
    callback_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("caseworker_appointment.id", ondelete="SET NULL"), index=True
    )

    caseworker: Mapped[Caseworker | None] = relationship(foreign_keys=[caseworker_id])


class CallbackTalk(Base):
    """The talk of a same-day callback (migration 0015): what was discussed, the outcome and
    the next step; one per callback."""

    __tablename__ = "callback_talk"
    callback_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("caseworker_appointment.id", ondelete="CASCADE"), unique=True
    )
    customer_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("customer.id", ondelete="SET NULL")
    )
    worker: Mapped[str] = mapped_column(String(200), default="")
    discussed: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[str] = mapped_column(Text, default="")
    next_step: Mapped[str] = mapped_column(Text, default="")
    talked_at: Mapped[datetime]


class BenefitsMessage(Base):
    """A message to the benefits department via the E-Akte, kept in the outbox
    (Postausgang Leistungsabteilung, issue 17): a hint from a visit ("hint"), the note to lift
    the provisional suspension of payments ("lift_suspension") or a suspension decision
    ("suspension"). ``sent_at``/``sent_by`` say when and by whom it was written; it is open
    until someone hands it over (``handed_over_at``/``handed_over_by``)."""

    __tablename__ = "benefits_message"
    customer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("customer.id"))
    kind: Mapped[str] = mapped_column(String(30), default="lift_suspension")
    text: Mapped[str] = mapped_column(Text, default="")
    sent_at: Mapped[datetime]
    sent_by: Mapped[str] = mapped_column(String(200), default="")
    # Added by migration 0011: what and why, the BG number, the record it came from (visit,
    # follow-up or reception appointment) and the hand-over.
    subject: Mapped[str] = mapped_column(String(200), default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    bg_number: Mapped[str] = mapped_column(String(30), default="")
    ref_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    handed_over_at: Mapped[datetime | None]
    handed_over_by: Mapped[str] = mapped_column(String(200), default="")


class CaseworkerPost(Base):
    """How much of a full-time post a caseworker holds (Hamburg rules: talks per full-time
    post). New table of migration 0011, so the caseworker table stays as it is."""

    __tablename__ = "caseworker_post"
    caseworker_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("caseworker.id", ondelete="CASCADE"), unique=True
    )
    fte: Mapped[float] = mapped_column(Float, default=1.0)


class CounsellingTalk(Base):
    """A qualified counselling talk a caseworker held (Hamburg rules: 20 per full-time post
    and week, 80 % in presence; video counts as presence, phone not)."""

    __tablename__ = "counselling_talk"
    caseworker_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("caseworker.id", ondelete="CASCADE"), index=True
    )
    customer_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("customer.id", ondelete="SET NULL")
    )
    held_on: Mapped[date] = mapped_column(Date, index=True)
    channel: Mapped[str] = mapped_column(String(10), default="in_person")


class CounsellingReview(Base):
    """The six-monthly check of a customer's need for counselling (Hamburg rules, migration
    0015): when, by whom, and what was found."""

    __tablename__ = "counselling_review"
    customer_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("customer.id", ondelete="CASCADE"), index=True
    )
    reviewed_on: Mapped[date] = mapped_column(Date)
    reviewed_by: Mapped[str] = mapped_column(String(200), default="")
    note: Mapped[str] = mapped_column(Text, default="")
