"""The results inbox: copy the Vermerk in one click, mark done, nothing vanishes before."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from fieldkit.services import office_inbox as inbox
from fieldkit.services.office import Identity, OfficeError
from fieldkit.settings import Settings
from fieldkit.store.db import Database, open_database
from fieldkit.store.models import CaseNote, Customer, Flag, Task, Visit
from fieldkit.ui.office.inbox import InboxWindow
from tests.factories import add_flagged

NOW = datetime(2026, 12, 4, 10, 0, tzinfo=UTC)
KELLER = Identity("office", "Frau Keller", "521")


def add_visit(
    db: Database,
    kundennummer: str,
    note: str,
    complex_case: bool = False,
    hint: str = "",
    outcome: str = "met",
) -> uuid.UUID:
    """A final visit with its Verbis-Vermerk and a task, as field mode writes them."""
    with db.session() as session:
        customer = session.scalars(
            select(Customer).where(Customer.kundennummer == kundennummer)
        ).one()
        flag = session.scalars(select(Flag).where(Flag.customer_id == customer.id)).first()
        assert flag is not None
        visit = Visit(
            flag_id=flag.id, customer_id=customer.id,
            visited_at=datetime(2026, 12, 1, 9, tzinfo=UTC),
            outcome=outcome, details={"handed_over": True}, complex_case=complex_case,
            benefits_hint=hint, state="final",
        )  # fmt: skip
        session.add(visit)
        session.flush()
        session.add(CaseNote(customer_id=customer.id, visit_id=visit.id, text=note, state="final"))
        session.add(
            Task(
                customer_id=customer.id, caseworker_id=customer.caseworker_id,
                visit_id=visit.id, title="Aufsuchende Beratung: Ergebnis", text=note,
            )
        )  # fmt: skip
        return visit.id


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(str(tmp_path / "inbox.sqlite"))
    add_flagged(database, "962D000001", "Zander", "Neckarsulm")
    add_flagged(database, "962D000002", "Albers", "Eppingen")
    add_flagged(database, "962D000003", "Maier", "Weinsberg", hb="Herr Brandt")
    add_visit(database, "962D000001", "01.12.2026 09:00 Uhr: KD angetroffen.", complex_case=True)
    add_visit(database, "962D000002", "01.12.2026 09:40 Uhr: KD nicht angetroffen.",
              hint="Kontoauszüge fehlen", outcome="not_met")  # fmt: skip
    add_visit(database, "962D000003", "01.12.2026 11:00 Uhr: KD angetroffen.")
    yield database
    database.dispose()


def test_caseworker_sees_only_own_customers_and_every_kind(db: Database) -> None:
    with db.session() as session:
        items = inbox.list_items(session, KELLER)
    kinds = sorted((i.kundennummer, i.kind) for i in items)
    assert kinds == [
        ("962D000001", "note"), ("962D000001", "talk"), ("962D000001", "task"),
        ("962D000002", "eakte"), ("962D000002", "note"), ("962D000002", "task"),
    ]  # fmt: skip
    lead = Identity("office", "Frau Lead", "521", team_lead=True)
    with db.session() as session:
        team = {i.kundennummer for i in inbox.list_items(session, lead)}
        field = inbox.list_items(session, Identity("field"))
    assert team == {"962D000001", "962D000002", "962D000003"}
    assert field == []


def test_marks_keep_who_and_when_and_can_be_undone(db: Database) -> None:
    with db.session() as session:
        note = next(i for i in inbox.list_items(session, KELLER) if i.kind == "note")
    inbox.mark_done(db, KELLER, "note", note.ref_id, "Frau Keller", NOW)
    with db.session() as session:
        stored = session.get(CaseNote, note.ref_id)
        assert stored is not None
        assert stored.transferred_at == NOW
        done = inbox.list_items(session, KELLER, inbox.DONE)
    assert [(d.ref_id, d.done_by) for d in done] == [(note.ref_id, "Frau Keller")]
    inbox.reopen(db, KELLER, "note", note.ref_id)
    with db.session() as session:
        assert inbox.list_items(session, KELLER, inbox.DONE) == []


def test_someone_elses_item_is_refused(db: Database) -> None:
    brandt = Identity("office", "Herr Brandt", "521")
    with db.session() as session:
        item = inbox.list_items(session, KELLER)[0]
    with pytest.raises(OfficeError):
        inbox.mark_done(db, brandt, item.kind, item.ref_id, "Herr Brandt", NOW)


def test_inbox_window_copies_and_marks_done(qtbot: QtBot, db: Database) -> None:
    window = InboxWindow(db, Settings(), lambda: NOW, KELLER)
    qtbot.addWidget(window)
    window.show()
    assert window.model.rowCount() == 6
    notes = [r for r in range(6) if window.model.rows[r].kind == "note"]
    window.table.selectRow(notes[0])
    chosen = window.selected()
    assert chosen is not None
    qtbot.mouseClick(window.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == chosen.text
    assert window.message.text() == "In die Zwischenablage kopiert."
    assert window.done_button.text() == "Als übertragen markieren"
    qtbot.mouseClick(window.done_button, Qt.MouseButton.LeftButton)
    assert window.model.rowCount() == 5
    assert chosen.ref_id not in {i.ref_id for i in window.model.rows}
    window.show_combo.setCurrentIndex(window.show_combo.findData(inbox.DONE))
    assert [i.ref_id for i in window.model.rows] == [chosen.ref_id]
    assert "übertragen" in window.model.index(0, 6).data()
    qtbot.mouseClick(window.reopen_button, Qt.MouseButton.LeftButton)
    assert window.model.rowCount() == 0


def test_inbox_window_task_and_eakte_labels(qtbot: QtBot, db: Database) -> None:
    window = InboxWindow(db, Settings(), lambda: NOW, KELLER)
    qtbot.addWidget(window)
    window.kind_combo.setCurrentIndex(window.kind_combo.findData("eakte"))
    assert window.model.rowCount() == 1
    assert window.done_button.text() == "Über E-Akte weitergeleitet"
    qtbot.mouseClick(window.done_button, Qt.MouseButton.LeftButton)
    assert window.model.rowCount() == 0
    assert "Hinweise an die Leistungsabteilung: 0" in window.count_label.text()
    window.kind_combo.setCurrentIndex(window.kind_combo.findData("task"))
    assert window.done_button.text() == "Als erledigt markieren"
    qtbot.mouseClick(window.done_button, Qt.MouseButton.LeftButton)
    with db.session() as session:
        assert len([t for t in session.scalars(select(Task)) if t.done_at is not None]) == 1
