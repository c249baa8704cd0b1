"""A save in a back-office window reloads that window once (issue 19, item 1): the window
reloads itself after its own operation, and the back office's refresh on events.changed
skips it then, while the other open back-office windows still follow the change. A print
(a change to the audit log alone) reloads none of them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from fieldkit.app import ops
from fieldkit.domain.changes import AUDITED
from fieldkit.services import flaglist
from fieldkit.services.office import UNRESTRICTED
from fieldkit.settings import Settings
from fieldkit.store.db import Database
from fieldkit.store.models_office import DeskTalk
from fieldkit.ui.office import OfficeFeature
from fieldkit.ui.office.inbox import InboxWindow
from tests.test_app_ops import flag_list, office_db
from tests.test_ui_ops_desk import OFFICE, context, count, counter, main_window, open_desk


def resets(signal: object) -> list[None]:
    seen: list[None] = []
    signal.connect(lambda: seen.append(None))  # type: ignore[attr-defined]
    return seen


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = office_db(tmp_path)
    report = flaglist.check(flag_list(tmp_path), Settings(), identity=UNRESTRICTED)
    ops.import_flag_list(context(database), report)
    yield database
    database.dispose()


def test_a_desk_save_reloads_the_desk_once_and_the_open_inbox_too(
    qtbot: QtBot, db: Database, tmp_path: Path
) -> None:
    window = main_window(qtbot, db, tmp_path)
    desk = open_desk(qtbot, db, window)
    office = window.features.get_as("office", OfficeFeature)
    inbox = office.open_inbox()
    assert isinstance(inbox, InboxWindow)
    qtbot.addWidget(inbox)
    inbox.show()
    desk.show()
    desk_reloads = resets(desk.model.modelReset)
    inbox_reloads = resets(inbox.model.modelReset)
    seen = counter(window.events.changed)
    qtbot.keyClicks(desk.worker, "AB Probe")
    desk.reasons.setPlainText("Termin vergessen")
    qtbot.mouseClick(desk.talk_button, Qt.MouseButton.LeftButton)
    assert desk.message.text().startswith("Gespräch gespeichert.")
    assert seen == [OFFICE]
    assert count(db, DeskTalk) == 1
    assert len(desk_reloads) == 1, "read once, by the desk itself (with its row selected)"
    assert desk.selected() is not None
    assert len(inbox_reloads) == 1, "another open window still follows the change"

    # An operation of the main window (not the desk's own): the desk follows it.
    window.events.changed.emit(OFFICE)
    assert len(desk_reloads) == 2
    # The audit log alone (a print): no back-office window reads anything again.
    window.events.changed.emit(AUDITED)
    assert len(desk_reloads) == 2
    assert len(inbox_reloads) == 2
    desk.close()
    inbox.close()
