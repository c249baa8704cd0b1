"""Names of the domain, in the users' words: outcomes, reasons, precisions.

These enums are stored by value in the database, so a value never changes once shipped.
"""

from __future__ import annotations

from enum import StrEnum


class Outcome(StrEnum):
    """Result of a doorstep visit."""

    MET = "met"  # angetroffen: invitation handed over in person
    NOT_MET = "not_met"  # nicht angetroffen: invitation and Kunden-Paket into the mailbox


class NotMetReason(StrEnum):
    """Why a customer was not met."""

    NOBODY_OPENED = "nobody_opened"
    ADDRESS_NOT_FOUND = "address_not_found"
    MOVED_AWAY = "moved_away"
    OTHER = "other"


class RecordState(StrEnum):
    """Field records are drafts while typed and final once finished; never overwritten after."""

    DRAFT = "draft"
    FINAL = "final"


class InvitationChannel(StrEnum):
    """How an appointment takes place; phone and video never carry an RFB."""

    IN_PERSON = "in_person"
    PHONE = "phone"
    VIDEO = "video"
