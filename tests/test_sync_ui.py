"""The sync dialog and the status bar, driven like a user would."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from fieldkit.domain.permissions import ANYONE
from fieldkit.settings import Settings
from fieldkit.store.db import Database
from fieldkit.store.models import Office
from fieldkit.store.models_sync import OfficeDocument
from fieldkit.sync import engine as eng
from fieldkit.sync import office_docs, service
from fieldkit.ui.main_window import MainWindow
from fieldkit.ui.sync import SyncFeature
from tests.test_sync_helpers import (
    ANNA,
    NOW,
    new_laptop,
    record_field_work,
)


def make_window(qtbot: QtBot, db: Database, tmp_path: Path) -> tuple[MainWindow, SyncFeature]:
    state = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    window = MainWindow(db, Settings(), state, lambda: NOW)
    qtbot.addWidget(window)
    window.show()
    feature = window.features.get_as("sync", SyncFeature)
    assert isinstance(feature, SyncFeature)
    return window, feature


def test_a_failed_sync_explains_itself_in_german_and_can_be_retried(
    qtbot: QtBot, tmp_path: Path
) -> None:
    db = new_laptop(tmp_path / "laptop.sqlite")
    try:
        window, feature = make_window(qtbot, db, tmp_path)
        assert "Nicht synchronisiert: 0" in feature.status.text()
        assert "noch nie" in feature.status.text()
        feature.action.trigger()
        dialog = feature.dialog
        assert dialog is not None
        qtbot.addWidget(dialog)
        dialog.url_edit.setText("postgresql+psycopg://fieldkit@127.0.0.1:9/zentrale")
        dialog.worker_edit.setText(ANNA)
        qtbot.mouseClick(dialog.sync_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(
            lambda: not dialog.is_busy() and dialog.error_label.isVisible(), timeout=20000
        )
        assert "nicht erreichbar" in dialog.error_label.text()
        assert dialog.retry_button.isVisible()
        assert "fehlgeschlagen" in dialog.last_label.text()
        assert "fehlgeschlagen" in feature.status.text()
        # The address is remembered (without a password) for the next time.
        assert window.settings.sync.central_url.endswith("127.0.0.1:9/zentrale")
        qtbot.mouseClick(dialog.retry_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(
            lambda: not dialog.is_busy() and dialog.retry_button.isVisible(), timeout=20000
        )
        dialog.close()
    finally:
        db.dispose()


def test_adopted_office_settings_are_written_once_and_reach_the_window(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = new_laptop(tmp_path / "laptop.sqlite")
    try:
        window, feature = make_window(qtbot, db, tmp_path)
        dialog = feature.open()
        qtbot.addWidget(dialog)
        office_settings = Settings().replace("rules", office_hours_end="15:30")
        with db.session() as session:
            office = Office(name="Jobcenter Test")
            session.add(office)
            session.flush()
            session.add(
                OfficeDocument(
                    office_id=office.id, kind="settings", body=office_settings.office_wide()
                )
            )
        writes: list[Path | None] = []
        real_save = Settings.save

        def counting_save(self: Settings, path: Path | None = None) -> None:
            writes.append(path)
            real_save(self, path)

        monkeypatch.setattr(Settings, "save", counting_save)
        # What a sync does after its pull: adopt, then report to the dialog.
        adopted = office_docs.adopt(db)
        assert adopted == ["settings"]
        dialog._on_done(service.SyncReport(adopted=adopted))
        assert len(writes) == 1
        assert Settings.load().rules.office_hours_end == "15:30"
        assert dialog.settings.rules.office_hours_end == "15:30"
        assert window.settings.rules.office_hours_end == "15:30"
        assert dialog.notice_label.text() == "Vom Innendienst übernommen: die Einstellungen."
        dialog.close()
    finally:
        db.dispose()


def test_sync_from_the_dialog_updates_the_status_bar_and_shows_conflicts(
    qtbot: QtBot, tmp_path: Path, central: str
) -> None:
    db = new_laptop(tmp_path / "laptop.sqlite")
    try:
        service.sync_network(db, central, worker=ANNA, now=NOW, identity=ANYONE)
        record_field_work(db, visits=3, drafts=1)
        _window, feature = make_window(qtbot, db, tmp_path)
        assert "Nicht synchronisiert: 13" in feature.status.text()
        # The back office withdraws a flag that was visited: a conflict after the sync.
        with db.engine.connect() as conn:
            flag_id = conn.scalar(
                sa.select(eng.table("visit").c.flag_id).where(eng.table("visit").c.state == "final")
            )
        engine = sa.create_engine(central)
        f = eng.table("flag")
        with engine.begin() as conn:
            conn.execute(
                f.update()
                .where(f.c.id == flag_id)
                .values(withdrawn_at=NOW, updated_at=NOW + timedelta(seconds=1))
            )
        engine.dispose()
        dialog = feature.open()
        qtbot.addWidget(dialog)
        dialog.url_edit.setText(central)
        dialog.worker_edit.setText(ANNA)
        qtbot.mouseClick(dialog.sync_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(
            lambda: not dialog.is_busy() and "abgeschlossen" in dialog.last_label.text(),
            timeout=30000,
        )
        # Not "erfolgreich": the result names what is still open.
        assert "abgeschlossen mit 2 offenen Konflikten. Bitte prüfen." in dialog.last_label.text()
        assert "erfolgreich" not in dialog.last_label.text()
        # 13 records and the audit log's entry of this sync run (issue 14).
        assert "Hoch: 14 (" in dialog.last_label.text()
        assert "Protokolleinträge 1" in dialog.last_label.text()
        assert "Besuche 4" in dialog.last_label.text()
        assert not dialog.error_label.isVisible()
        assert "Nicht synchronisiert: 0" in feature.status.text()
        assert "zuletzt 24.11.2026" in feature.status.text()
        assert dialog.conflicts.rowCount() == 2
        assert "zurückgezogen" in dialog.conflicts.index(0, 1).data()
        assert dialog.tabs.tabText(1) == "Konflikte (2)"
        dialog.close()
    finally:
        db.dispose()


def test_the_first_pull_fills_the_week_list_without_a_restart(
    qtbot: QtBot, tmp_path: Path, central: str
) -> None:
    db = new_laptop(tmp_path / "laptop.sqlite")
    try:
        window, feature = make_window(qtbot, db, tmp_path)
        assert window.week_combo.count() == 0
        assert window.model.rowCount() == 0
        dialog = feature.open()
        qtbot.addWidget(dialog)
        dialog.url_edit.setText(central)
        dialog.worker_edit.setText(ANNA)
        qtbot.mouseClick(dialog.sync_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(
            lambda: not dialog.is_busy() and "abgeschlossen" in dialog.last_label.text(),
            timeout=30000,
        )
        assert "alles übertragen" in dialog.last_label.text()
        # The pulled weeks and their customers are shown at once, no restart needed.
        assert window.week_combo.count() >= 1
        assert window.current_week()
        assert window.model.rowCount() > 0
        dialog.close()
    finally:
        db.dispose()


def test_settings_adopted_by_a_sync_reach_an_open_planning_window(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """Issue 23, item 5: an open planning window plans with the office's new rules after a
    sync adopted them, not with the copy it was opened with."""
    from fieldkit.services.office import UNRESTRICTED
    from fieldkit.ui.planning import PlanningFeature
    from fieldkit.ui.planning.view import PlanningWindow

    db = new_laptop(tmp_path / "laptop.sqlite")
    try:
        window, feature = make_window(qtbot, db, tmp_path)
        planning = window.features.get_as("planning", PlanningFeature)
        assert isinstance(planning, PlanningFeature)
        view = PlanningWindow(db, window.settings, "2026-W49", window, identity=UNRESTRICTED)
        qtbot.addWidget(view)
        planning.view = view
        adopted = window.settings.replace("rules", office_hours_end="15:30")
        feature._use_settings(adopted)  # what the sync dialog calls after adopting
        assert window.settings.rules.office_hours_end == "15:30"
        assert view.settings.rules.office_hours_end == "15:30"
    finally:
        db.dispose()
