"""Rule sets and their verification: which law a letter is printed under, and whether it may.

A rule set (:mod:`fieldkit.domain.rulesets`) ships with fieldkit; whether someone at the office
checked it against the law in force is recorded in the database (``rule_set_verification``:
who, on which day). An RFB letter prints only under a rule set that is verified and whose
validity covers the appointment day; otherwise :func:`letter_rule_set` says why, naming the
rule set.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select

from fieldkit.domain import permissions
from fieldkit.domain.rulesets import (
    RuleSet,
    all_rule_sets,
    enabled_rule_sets,
    letter_rule_set_on,
    rule_set_named,
)
from fieldkit.domain.settings import RulesSettings
from fieldkit.errors import BilingualError
from fieldkit.services import audit
from fieldkit.services.access import require
from fieldkit.services.office import Identity
from fieldkit.store.db import Database
from fieldkit.store.models import RuleSetVerification

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


class RulesError(BilingualError):
    """A verification that cannot be recorded; one sentence in German and English."""


@dataclass(frozen=True)
class Verification:
    """Who verified a rule set on which day."""

    by: str
    on: date


@dataclass(frozen=True)
class RuleSetStatus:
    """A shipped rule set with its verification and whether the office enabled it."""

    rule_set: RuleSet
    verification: Verification | None
    enabled_from: date | None

    def to_json(self) -> dict[str, Any]:
        """The contract's shape: name, valid_from, valid_to, verified_by, verified_on."""
        rs, check = self.rule_set, self.verification
        return {
            "name": rs.name,
            "valid_from": rs.valid_from.isoformat(),
            "valid_to": rs.valid_to.isoformat() if rs.valid_to else None,
            "verified_by": check.by if check else None,
            "verified_on": check.on.isoformat() if check else None,
        }


def verifications(db: Database) -> dict[str, Verification]:
    """Every recorded verification by rule set name."""
    with db.session() as session:
        rows = session.scalars(select(RuleSetVerification)).all()
        return {r.name: Verification(r.verified_by, r.verified_on) for r in rows}


def list_rule_sets(db: Database, rules: RulesSettings) -> list[RuleSetStatus]:
    """All shipped rule sets, oldest first, with verification and enabled start."""
    checks = verifications(db)
    enabled = {rs.name: start for start, rs in enabled_rule_sets(rules)}
    return [RuleSetStatus(rs, checks.get(rs.name), enabled.get(rs.name)) for rs in all_rule_sets()]


def verify(
    db: Database,
    name: str,
    by: str,
    on: date,
    *,
    identity: Identity,
) -> RuleSetStatus:
    """Record that ``by`` verified rule set ``name`` on ``on`` (a later call replaces it)."""
    require(identity, permissions.RULES)
    rule_set = rule_set_named(name)
    person = " ".join(_CONTROL.sub(" ", by).split())
    if not person:
        raise RulesError(
            "Bitte angeben, wer das Regelwerk geprüft hat.",
            "Please say who verified the rule set (--by).",
        )
    if len(person) > 200:
        raise RulesError(
            "Der Name ist zu lang (höchstens 200 Zeichen).",
            "The name is too long (at most 200 characters).",
        )
    with db.session() as session:
        row = session.scalars(
            select(RuleSetVerification).where(RuleSetVerification.name == rule_set.name)
        ).first()
        if row is None:
            row = RuleSetVerification(name=rule_set.name, verified_by=person, verified_on=on)
            session.add(row)
        row.verified_by, row.verified_on = person, on
        audit.record(session, identity, audit.RULES, "rule_set", rule_set.name, f"geprüft {on}")
    return RuleSetStatus(rule_set, Verification(person, on), None)


@dataclass(frozen=True)
class LetterRules:
    """The rule set of one letter and, if an RFB letter must not print under it, why."""

    rule_set: RuleSet
    problem_de: str = ""
    problem_en: str = ""

    @property
    def printable(self) -> bool:
        """True when an RFB letter may be printed under the rule set."""
        return not self.problem_de

    def problem(self, lang: str = "de") -> str:
        """The sentence that names the rule set ('' when printable)."""
        return self.problem_en if lang.lower().startswith("en") else self.problem_de


def letter_rule_set(
    day: date, rules: RulesSettings, checks: dict[str, Verification]
) -> LetterRules:
    """The rule set in force for an appointment on ``day``; refused when it has expired or
    nobody verified it."""
    rule_set = letter_rule_set_on(day, rules)
    name, when = rule_set.name, f"{day:%d.%m.%Y}"
    if not rule_set.covers(day):
        end = f"{rule_set.valid_to:%d.%m.%Y}" if rule_set.valid_to else ""
        return LetterRules(
            rule_set,
            f"Keine Einladung mit RFB: Das Regelwerk „{name}“ gilt nur bis {end}, der Termin "
            f"am {when} liegt danach. Bitte ein neueres Regelwerk prüfen und freigeben.",
            f"No invitation with RFB: the rule set “{name}” is valid only until {end} and the "
            f"appointment on {when} lies after it. Verify and enable a newer rule set.",
        )
    if name not in checks:
        return LetterRules(
            rule_set,
            f"Keine Einladung mit RFB: Das Regelwerk „{name}“ ist nicht geprüft. Die "
            f"Administration prüft es und trägt es unter Extras → Regelwerke … ein (oder mit "
            f"fieldkit rules verify {name} --by NAME).",
            f"No invitation with RFB: the rule set “{name}” is not verified. The administration "
            f"checks it and records it under Extras → Rule sets … (or with "
            f"fieldkit rules verify {name} --by NAME).",
        )
    return LetterRules(rule_set)
