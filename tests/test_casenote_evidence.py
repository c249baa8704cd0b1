"""The Vermerk as evidence (issue 16, point 5): RFB and rule set, the "Rechtsfolgen" line, the
name on the mailbox, the preparation facts, and a task that follows what was delivered."""

from __future__ import annotations

from datetime import datetime

from fieldkit.domain.casenote import (
    VisitRecord,
    caseworker_tasks,
    problem_codes,
    verbis_vermerk,
)
from fieldkit.domain.model import NotMetReason, Outcome
from fieldkit.domain.week import BERLIN

VISIT = datetime(2026, 12, 1, 10, 15, tzinfo=BERLIN)
APPOINTMENT = datetime(2026, 12, 10, 9, 0, tzinfo=BERLIN)


def record(**changes: object) -> VisitRecord:
    values: dict[str, object] = {
        "visited_at": VISIT,
        "outcome": Outcome.MET,
        "appointment_at": APPOINTMENT,
        "appointment_place": "Raum 1.05",
        "invitation_rfb": True,
        "rule_set": "grundsicherung-2026-entwurf",
        "worker": "Anna Berger",
    }
    values.update(changes)
    return VisitRecord(**values)  # type: ignore[arg-type]


def test_rfb_handed_over_in_person_needs_the_legal_consequences_line() -> None:
    plain = record()
    assert problem_codes(plain) == ["legal_consequences"]
    done = record(details={"legal_consequences": True})
    assert problem_codes(done) == []
    text = verbis_vermerk(done)
    assert "wurde persönlich ausgehändigt." in text
    assert (
        "Die Einladung enthielt eine Rechtsfolgenbelehrung (Regelwerk "
        "grundsicherung-2026-entwurf)." in text
    )
    assert "Auf die Rechtsfolgen bei Nichterscheinen wurde hingewiesen." in text
    (task,) = caseworker_tasks(done)
    assert "vorläufige Zahlungseinstellung möglich" in task.text
    assert task.due_date == APPOINTMENT.date()


def test_an_invitation_without_rfb_says_so_and_promises_no_suspension() -> None:
    done = record(invitation_rfb=False, rule_set="")
    assert problem_codes(done) == []  # no RFB: nothing to point out
    assert "Die Einladung enthielt keine Rechtsfolgenbelehrung." in verbis_vermerk(done)
    (task,) = caseworker_tasks(done)
    assert "Zahlungseinstellung" not in task.text
    assert "keine Rechtsfolgenbelehrung" in task.text


def test_nothing_delivered_means_no_suspension_in_the_task() -> None:
    kept = record(details={"handed_over": False})
    assert "Rechtsfolgenbelehrung" not in verbis_vermerk(kept)
    (task,) = caseworker_tasks(kept)
    assert "Zahlungseinstellung" not in task.text
    assert "nicht zugestellt" in task.text
    nobody = record(
        outcome=Outcome.NOT_MET,
        not_met_reason=NotMetReason.MOVED_AWAY,
        details={"mailbox_invitation": False, "mailbox_package": False,
                 "mailbox_reason": "Briefkasten ohne Namen"},
    )  # fmt: skip
    assert problem_codes(nobody) == []
    (task,) = caseworker_tasks(nobody)
    assert "Zahlungseinstellung" not in task.text


def test_a_mailbox_drop_records_the_name_check() -> None:
    dropped = record(outcome=Outcome.NOT_MET, not_met_reason=NotMetReason.NOBODY_OPENED)
    assert problem_codes(dropped) == ["mailbox_name"]
    checked = record(
        outcome=Outcome.NOT_MET,
        not_met_reason=NotMetReason.NOBODY_OPENED,
        details={"mailbox_name_checked": True},
    )
    text = verbis_vermerk(checked)
    assert "in den Briefkasten eingeworfen." in text
    assert "Die Einladung enthielt eine Rechtsfolgenbelehrung" in text
    assert "Der Name am Briefkasten wurde geprüft." in text
    (task,) = caseworker_tasks(checked)
    assert "vorläufige Zahlungseinstellung möglich" in task.text


def test_the_preparation_facts_are_in_the_vermerk() -> None:
    text = verbis_vermerk(
        record(details={"legal_consequences": True},
               preparation=("E-Akte geprüft", "LSB kontaktiert"))
    )  # fmt: skip
    assert text.splitlines()[1] == "Vorbereitung: E-Akte geprüft, LSB kontaktiert."
    assert "Vorbereitung" not in verbis_vermerk(record())
