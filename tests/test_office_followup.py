"""Follow-up of the handed-over appointment: attendance, the proposed suspension, the decision."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from fieldkit.services import office_followup as followup
from fieldkit.services.office import Identity, OfficeError
from fieldkit.settings import Settings
from fieldkit.store.db import Database, open_database
from fieldkit.store.models import Visit
from fieldkit.store.models_office import AppointmentFollowUp
from fieldkit.ui.office.followup import FollowUpWindow
from tests.factories import add_flagged, verify_rule_sets
from tests.test_office_inbox import add_visit

KELLER = Identity("office", "Frau Keller", "521")
BEFORE = datetime(2026, 12, 9, 10, tzinfo=UTC)  # appointments (factories) are 10.12. 08:00 UTC
AFTER = datetime(2026, 12, 11, 10, tzinfo=UTC)


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(str(tmp_path / "followup.sqlite"))
    add_flagged(database, "962D000001", "Zander", "Neckarsulm")
    add_flagged(database, "962D000002", "Albers", "Eppingen")
    add_visit(database, "962D000001", "KD angetroffen.")
    visit = add_visit(database, "962D000002", "KD nicht angetroffen.", outcome="not_met")
    with database.session() as session:
        dropped = session.get(Visit, visit)
        assert dropped is not None
        dropped.details = {"mailbox_invitation": True, "mailbox_name_checked": True}
    verify_rule_sets(database)  # the invitations carry an RFB under a verified rule set
    yield database
    database.dispose()


def test_states_follow_the_appointment_date(db: Database) -> None:
    with db.session() as session:
        before = followup.list_followups(session, KELLER, BEFORE)
        after = followup.list_followups(session, KELLER, AFTER)
    assert {r.state for r in before} == {followup.WAITING}
    assert {(r.customer_name, r.handed_over, r.state) for r in after} == {
        ("Zander, Testa", True, followup.TO_RECORD),
        ("Albers, Testa", False, followup.TO_RECORD),
    }
    with pytest.raises(OfficeError):
        followup.record_attendance(db, KELLER, before[0].flag_id, False, "Frau Keller", BEFORE)


def test_missed_appointment_proposes_suspension_and_records_decision(db: Database) -> None:
    with db.session() as session:
        row = followup.list_followups(session, KELLER, AFTER)[0]
    with pytest.raises(OfficeError):
        followup.decide(db, KELLER, row.flag_id, followup.SUSPEND, "", "Frau Keller", AFTER)
    proposal = followup.record_attendance(db, KELLER, row.flag_id, False, "Frau Keller", AFTER)
    assert proposal == followup.SUSPENSION
    with pytest.raises(OfficeError):  # not suspending needs a reason
        followup.decide(db, KELLER, row.flag_id, followup.NO_SUSPENSION, "", "Frau Keller", AFTER)
    followup.decide(db, KELLER, row.flag_id, followup.SUSPEND, "", "Frau Keller", AFTER)
    with db.session() as session:
        stored = session.scalars(select(AppointmentFollowUp)).one()
        assert (stored.came, stored.proposal, stored.decision) == (False, "suspension", "suspend")
        assert (stored.decided_by, stored.decided_at) == ("Frau Keller", AFTER)
    assert "10 % für einen Monat" in followup.proposal_text(AFTER)


def test_followup_window_records_and_decides(qtbot: QtBot, db: Database) -> None:
    window = FollowUpWindow(db, Settings(), lambda: AFTER, KELLER)
    qtbot.addWidget(window)
    window.show()
    assert window.model.rowCount() == 2
    first = window.selected()
    assert first is not None
    assert not window.decision_box.isVisible()
    qtbot.mouseClick(window.missed_button, Qt.MouseButton.LeftButton)
    assert window.decision_box.isVisible()
    assert "vorläufige Zahlungseinstellung" in window.proposal.text()
    window.suspend_radio.setChecked(True)
    qtbot.mouseClick(window.decide_button, Qt.MouseButton.LeftButton)
    assert window.message.text() == "Entscheidung gespeichert."
    # A decided suspension stays to do: the Verfügung is due within two months.
    assert window.model.rowCount() == 2
    assert (
        window.model.index(0, 6).data()
        == "11.02.2027: Verfügung, sonst Nachzahlung (§ 331 Abs. 2 SGB III)"
    )
    window.table.selectRow(1)
    qtbot.mouseClick(window.came_button, Qt.MouseButton.LeftButton)
    assert window.model.rowCount() == 1
    window.show_combo.setCurrentIndex(1)
    labels = sorted(window.model.index(r, 5).data() for r in range(2))
    assert labels == ["erschienen", "vorläufige Zahlungseinstellung veranlasst"]


def test_a_recorded_no_show_counts_once_and_a_correction_takes_it_back(db: Database) -> None:
    from fieldkit.store.models import Customer

    def missed() -> int:
        with db.session() as session:
            customer = session.scalars(
                select(Customer).where(Customer.kundennummer == "962D000001")
            ).one()
            return customer.missed_appointments

    with db.session() as session:
        row = next(
            r for r in followup.list_followups(session, KELLER, AFTER)
            if r.customer_name.startswith("Zander")
        )  # fmt: skip
    assert missed() == 0
    followup.record_attendance(db, KELLER, row.flag_id, False, "Frau Keller", AFTER)
    followup.record_attendance(db, KELLER, row.flag_id, False, "Frau Keller", AFTER)
    assert missed() == 1
    followup.record_attendance(db, KELLER, row.flag_id, True, "Frau Keller", AFTER)
    assert missed() == 0
