"""What an operation changed, so each view refreshes only what it shows (issue 19, item 1).

A mutating operation returns its result together with a :class:`Changes` value; the UI's
operation runner emits it on one events object and every open view looks whether it concerns
what the view shows. Plain data, no Qt: the domain layer, so services may return it too.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Changes:
    """What an operation touched. Empty sets mean "nothing of that kind".

    ``weeks`` are ISO week labels ("2026-W49"); ``flags`` flag ids; ``routes`` route ids;
    ``visits`` visit ids (the store's UUIDs); ``areas``/``settings``/``accounts``/``staff``
    say the area division, the settings, the accounts or the office's staff (workers,
    caseworkers, teams) changed; ``office`` the back office's own records (the desk's
    appointments, talks and bookings, the outbox and the tasks); ``audit`` that entries were
    added to the audit log (a print, a plan, an import …: the *Protokoll* window reloads);
    ``everything`` is the fallback for an operation that cannot say (an import of a backup).
    """

    weeks: frozenset[str] = field(default_factory=frozenset)
    flags: frozenset[uuid.UUID] = field(default_factory=frozenset)
    routes: frozenset[uuid.UUID] = field(default_factory=frozenset)
    visits: frozenset[uuid.UUID] = field(default_factory=frozenset)
    areas: bool = False
    settings: bool = False
    accounts: bool = False
    staff: bool = False
    everything: bool = False
    office: bool = False
    audit: bool = False

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            self.weeks | other.weeks,
            self.flags | other.flags,
            self.routes | other.routes,
            self.visits | other.visits,
            self.areas or other.areas,
            self.settings or other.settings,
            self.accounts or other.accounts,
            self.staff or other.staff,
            self.everything or other.everything,
            self.office or other.office,
            self.audit or other.audit,
        )

    def __bool__(self) -> bool:
        return bool(
            self.weeks
            or self.flags
            or self.routes
            or self.visits
            or self.areas
            or self.settings
            or self.accounts
            or self.staff
            or self.everything
            or self.office
            or self.audit
        )

    def touches_week(self, week: str) -> bool:
        """True when a view of ``week`` must refresh."""
        return self.everything or week in self.weeks

    @classmethod
    def all(cls) -> Changes:
        return cls(everything=True)


NOTHING = Changes()
#: An operation that only added entries to the audit log (a print).
AUDITED = Changes(audit=True)


@dataclass(frozen=True)
class OpResult(Generic[T]):
    """An operation's result and what it changed."""

    value: T
    changes: Changes = NOTHING
