"""The team lead's report window lists the laptops' syncs (issue 15, item 5)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from fieldkit.domain import roles
from fieldkit.services.office import Identity
from fieldkit.settings import Settings
from fieldkit.store.db import open_database
from fieldkit.store.models import OutreachWorker
from fieldkit.store.models_sync import SyncDevice, SyncDeviceRun
from fieldkit.ui.office.reports import ReportWindow

LEAD = Identity(
    "office", "Frau Lead", "521", team_lead=True, account="tl", account_role=roles.TEAMLEAD
)
AT = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)


def test_the_report_window_shows_each_laptops_syncs(qtbot: QtBot, tmp_path: Path) -> None:
    db = open_database(str(tmp_path / "office.sqlite"))
    try:
        with db.session() as session:
            worker = OutreachWorker(name="Anna Berger")
            session.add(worker)
            session.flush()
            for i, (pushed, pulled, conflicts) in enumerate(((10, 40, 0), (3, 2, 1))):
                session.add(
                    SyncDeviceRun(
                        device="laptop-7", worker_id=worker.id, account="feld1", mode="network",
                        at=AT.replace(hour=9 + i), pushed=pushed, pulled=pulled,
                        conflicts=conflicts, rejected=0,
                    )
                )  # fmt: skip
            session.add(
                SyncDevice(
                    device="laptop-7", sign_public="x", box_public="y", disabled=True,
                    enrolled_at=AT, worker_id=uuid.uuid4(),
                )
            )  # fmt: skip
        window = ReportWindow(db, Settings(), lambda: AT, LEAD)
        qtbot.addWidget(window)
        window.show()
        table = window.sync_table
        assert table.isVisible()
        assert table.rowCount() == 1
        cells = [table.model().index(0, c).data() for c in range(table.columnCount())]
        assert cells[0:2] == ["laptop-7", "Anna Berger"]
        assert cells[2] == "24.11.2026 11:30"  # Berlin time of the last one
        assert cells[3:] == ["2", "13", "42", "1", "ja"]
        header = table.model().headerData(2, Qt.Orientation.Horizontal)
        assert header == "Letzte Synchronisierung"
        window.close()
    finally:
        db.dispose()
