"""Follow-up a court would accept (issue 17, point 2): a suspension only for an RFB invitation
under a verified rule set delivered in person (or dropped under the rule set's conditions);
hearing → wichtiger Grund → Verfügung → notice with dates; the limits as due dates."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from fieldkit.domain.rulesets import rule_set_named
from fieldkit.services import office_followup as followup
from fieldkit.services import office_followup_law as law
from fieldkit.services import office_outbox as outbox
from fieldkit.services.office import Identity, OfficeError
from fieldkit.settings import Settings
from fieldkit.store.db import Database, open_database
from fieldkit.store.models import Flag, Visit
from fieldkit.ui.office.followup import FollowUpWindow
from tests.factories import add_flagged, verify_rule_sets
from tests.test_office_inbox import add_visit

KELLER = Identity("office", "Frau Keller", "521")
AFTER = datetime(2026, 12, 11, 10, tzinfo=UTC)  # the factories' appointments: 10.12.2026
NEXT_WEEK = datetime(2026, 12, 18, 10, tzinfo=UTC)


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(str(tmp_path / "law.sqlite"))
    add_flagged(database, "962D000001", "Zander", "Neckarsulm")
    yield database
    database.dispose()


def missed(db: Database, details: dict[str, bool] | None = None, outcome: str = "met") -> str:
    """The visit as given, the appointment missed; returns the proposal."""
    visit_id = add_visit(db, "962D000001", "Besuch", outcome=outcome)
    if details is not None:
        with db.session() as session:
            visit = session.get(Visit, visit_id)
            assert visit is not None
            visit.details = details
    return followup.record_attendance(db, KELLER, flag_id(db), False, "Frau Keller", AFTER)


def flag_id(db: Database) -> uuid.UUID:
    with db.session() as session:
        return session.scalars(select(Flag.id)).one()


def row(db: Database, now: datetime = AFTER) -> followup.FollowUpRow:
    with db.session() as session:
        (found,) = followup.list_followups(session, KELLER, now)
    return found


def test_no_suspension_under_an_unverified_rule_set(db: Database) -> None:
    assert missed(db) == ""
    assert "grundsicherung-2026-entwurf" in row(db).proposal_reason
    assert "nicht geprüft" in row(db).proposal_reason
    with pytest.raises(OfficeError) as caught:
        followup.decide(db, KELLER, flag_id(db), followup.SUSPEND, "", "Frau Keller", AFTER)
    assert "nicht zulässig" in caught.value.message("de")
    with pytest.raises(OfficeError):  # no steps either
        law.record_step(db, KELLER, flag_id(db), law.HEARING, AFTER.date(), "Frau Keller", AFTER)


def test_no_suspension_without_rfb(db: Database) -> None:
    verify_rule_sets(db)
    with db.session() as session:
        session.scalars(select(Flag)).one().appointment_kind = "phone"  # never with RFB
    assert missed(db) == ""
    assert row(db).proposal_reason == "Die Einladung enthielt keine Rechtsfolgenbelehrung."


@pytest.mark.parametrize(
    ("details", "expected"),
    [
        ({"mailbox_invitation": True, "mailbox_name_checked": True}, followup.SUSPENSION),
        ({"mailbox_invitation": True}, ""),  # the name on the mailbox was not checked
        ({"mailbox_invitation": False}, None),  # nothing delivered: no follow-up at all
    ],
)
def test_a_mailbox_drop_counts_only_under_the_rule_sets_conditions(
    db: Database, details: dict[str, bool], expected: str | None
) -> None:
    verify_rule_sets(db)
    params = rule_set_named("grundsicherung-2026-entwurf").parameters
    assert params["followup.mailbox_requires_name_check"] is True  # the condition is data
    if expected is None:
        add_visit(db, "962D000001", "Besuch", outcome="not_met")
        with db.session() as session:
            session.scalars(select(Visit)).one().details = details
            assert followup.list_followups(session, KELLER, AFTER) == []
        return
    assert missed(db, details, outcome="not_met") == expected
    if not expected:
        assert "Name am Briefkasten nicht geprüft" in row(db).proposal_reason


def test_all_steps_with_dates_and_the_limits_as_due_dates(db: Database) -> None:
    verify_rule_sets(db)
    assert missed(db) == followup.SUSPENSION
    assert row(db).rule_set == "grundsicherung-2026-entwurf"
    assert [d.due for d in row(db).deadlines] == [date(2027, 6, 10)]  # § 31b: six months
    followup.decide(db, KELLER, flag_id(db), followup.SUSPEND, "", "Frau Keller", AFTER)
    assert [(d.key, d.due) for d in row(db).deadlines] == [
        ("order_due", date(2027, 2, 11)),  # § 331 Abs. 2 SGB III: two months
        ("reduction_limit", date(2027, 6, 10)),
    ]
    fid = flag_id(db)
    with pytest.raises(OfficeError) as caught:  # out of order
        law.record_step(db, KELLER, fid, law.ORDER, date(2026, 12, 11), "Frau Keller", AFTER)
    assert "Anhörung" not in caught.value.message("de")  # names the step before: good reason
    with pytest.raises(OfficeError):  # in the future
        law.record_step(db, KELLER, fid, law.HEARING, date(2026, 12, 12), "Frau Keller", AFTER)
    with pytest.raises(OfficeError):  # before the missed appointment
        law.record_step(db, KELLER, fid, law.HEARING, date(2026, 12, 9), "Frau Keller", AFTER)
    with pytest.raises(OfficeError):  # a huge note
        law.record_step(db, KELLER, fid, law.HEARING, date(2026, 12, 11), "K", AFTER, "x" * 5000)
    law.record_step(db, KELLER, fid, law.HEARING, date(2026, 12, 11), "Frau Keller", AFTER,
                    "Anhörungsbogen versandt")  # fmt: skip
    assert ("hearing_reply", date(2026, 12, 25)) in [(d.key, d.due) for d in row(db).deadlines]
    with pytest.raises(OfficeError):  # a good-reason decision must say yes or no
        law.record_step(db, KELLER, fid, law.GOOD_REASON, date(2026, 12, 18), "K", NEXT_WEEK)
    law.record_step(db, KELLER, fid, law.GOOD_REASON, date(2026, 12, 18), "Frau Keller",
                    NEXT_WEEK, "keine Antwort", good_reason=False)  # fmt: skip
    with pytest.raises(OfficeError):  # a later step is recorded: the hearing stays
        law.record_step(db, KELLER, fid, law.HEARING, date(2026, 12, 12), "K", NEXT_WEEK)
    law.record_step(db, KELLER, fid, law.ORDER, date(2026, 12, 18), "Frau Keller", NEXT_WEEK)
    assert [d.key for d in row(db, NEXT_WEEK).deadlines] == ["notice"]
    law.record_step(db, KELLER, fid, law.NOTICE, date(2026, 12, 18), "Frau Keller", NEXT_WEEK)
    done = row(db, NEXT_WEEK)
    assert done.deadlines == ()
    assert done.steps == (
        (law.HEARING, date(2026, 12, 11)),
        (law.GOOD_REASON, date(2026, 12, 18)),
        (law.ORDER, date(2026, 12, 18)),
        (law.NOTICE, date(2026, 12, 18)),
    )
    with db.session() as session:
        subjects = [m.subject for m in outbox.list_messages(session, KELLER)]
    assert subjects == ["Vorläufige Zahlungseinstellung veranlassen", "Minderung verfügt"]


def test_a_good_reason_lifts_the_suspension_and_ends_the_procedure(db: Database) -> None:
    verify_rule_sets(db)
    missed(db)
    fid = flag_id(db)
    followup.decide(db, KELLER, fid, followup.SUSPEND, "", "Frau Keller", AFTER)
    law.record_step(db, KELLER, fid, law.HEARING, date(2026, 12, 11), "Frau Keller", AFTER)
    law.record_step(db, KELLER, fid, law.GOOD_REASON, date(2026, 12, 11), "Frau Keller", AFTER,
                    "AU-Bescheinigung", good_reason=True)  # fmt: skip
    with pytest.raises(OfficeError) as caught:
        law.record_step(db, KELLER, fid, law.ORDER, date(2026, 12, 11), "Frau Keller", AFTER)
    assert "wichtigem Grund" in caught.value.message("de")
    assert [d.key for d in row(db).deadlines] == ["order_due"]  # the payments: still decide
    with db.session() as session:
        kinds = [m.kind for m in outbox.list_messages(session, KELLER)]
        assert followup.active_suspension(session, _customer(db)) is None
    assert kinds == [outbox.SUSPENSION, outbox.LIFT]


def _customer(db: Database) -> uuid.UUID:
    with db.session() as session:
        return session.scalars(select(Flag.customer_id)).one()


def test_the_order_is_refused_after_six_months(db: Database) -> None:
    verify_rule_sets(db)
    missed(db)
    fid = flag_id(db)
    late = datetime(2027, 7, 1, 10, tzinfo=UTC)
    law.record_step(db, KELLER, fid, law.HEARING, date(2027, 6, 1), "K", late)
    law.record_step(db, KELLER, fid, law.GOOD_REASON, date(2027, 6, 20), "K", late,
                    good_reason=False)  # fmt: skip
    with pytest.raises(OfficeError) as caught:
        law.record_step(db, KELLER, fid, law.ORDER, date(2027, 6, 30), "K", late)
    assert "nur bis 10.06.2027" in caught.value.message("de")


def test_the_window_records_the_steps(qtbot: QtBot, db: Database) -> None:
    verify_rule_sets(db)
    missed(db)
    window = FollowUpWindow(db, Settings(), lambda: AFTER, KELLER)
    qtbot.addWidget(window)
    window.show()
    assert window.steps_box.isVisible()
    assert "Anhörung: offen" in window.steps_label.text()
    assert window.model.index(0, 6).data() == "10.06.2027: Minderung nur bis (§ 31b SGB II)"
    window.step_date.setDate(QDate(2026, 12, 11))
    window.step_note.setText("Bogen versandt")
    qtbot.mouseClick(window.step_button, Qt.MouseButton.LeftButton)
    assert window.message.text() == "Erfasst: Anhörung."
    assert "Anhörung: 11.12.2026" in window.steps_label.text()
    assert window.step_combo.currentData() == law.GOOD_REASON
    qtbot.mouseClick(window.step_button, Qt.MouseButton.LeftButton)  # yes/no is the checkbox
    assert "Entscheidung wichtiger Grund: 11.12.2026 – kein wichtiger Grund" in (
        window.steps_label.text()
    )
    window.step_combo.setCurrentIndex(0)
    qtbot.mouseClick(window.step_button, Qt.MouseButton.LeftButton)
    assert "späterer Schritt" in window.message.text()


def test_the_no_suspension_reason_reads_in_english_too(db: Database) -> None:
    """The sentence why no suspension is possible was German only (stored and shown as such,
    and the English error left it out): every reason now has both languages."""
    missed(db)  # rule set not verified
    found = row(db)
    english = law.reason_message(found.proposal_reason, found.rule_set, "en")
    assert (
        english == "The rule set 'grundsicherung-2026-entwurf' is not verified for the appointment."
    )
    assert law.reason_message(found.proposal_reason, found.rule_set, "de") == found.proposal_reason
    with pytest.raises(OfficeError) as caught:
        followup.decide(db, KELLER, flag_id(db), followup.SUSPEND, "", "Frau Keller", AFTER)
    assert caught.value.message("en").endswith(english)
    for de, en in law.REASONS.values():  # each German reason has its own English sentence
        assert de != en
        assert en.isascii()
        assert de.endswith(".")
        assert en.endswith(".")
    assert law.reason_message("Freitext des Altbestands.", "", "en") == "Freitext des Altbestands."


def test_the_window_shows_the_reason_in_english(qtbot: QtBot, db: Database) -> None:
    from PySide6.QtCore import QCoreApplication

    from fieldkit.ui.i18n import install_translators

    verify_rule_sets(db)
    with db.session() as session:
        session.scalars(select(Flag)).one().appointment_kind = "phone"  # never with RFB
    missed(db)
    app = QCoreApplication.instance()
    assert app is not None
    installed = install_translators(app, "en")
    try:
        window = FollowUpWindow(db, Settings(), lambda: AFTER, KELLER)
        qtbot.addWidget(window)
        window.show()
        window.table.selectRow(0)
        text = window.proposal.text()
        assert "The invitation carried no notice of legal consequences (RFB)." in text
        assert "Rechtsfolgenbelehrung" not in text
    finally:
        for translator in installed + install_translators(app, "de"):
            app.removeTranslator(translator)
