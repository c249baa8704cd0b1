"""Einstellungen (issue 23, point 6): what a user may change, what the IT or office fixed."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from fieldkit.policy import Policy
from fieldkit.printing.settings import PrintSettings
from fieldkit.settings import AppSettings, Settings, SettingsStore, settings_file
from fieldkit.store.db import Database, open_database
from fieldkit.ui import safety
from fieldkit.ui.main_window import MainWindow
from fieldkit.ui.settings_dialog import SettingsDialog


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(str(tmp_path / "ui.sqlite"))
    yield database
    database.dispose()


def window_on(
    qtbot: QtBot, db: Database, tmp_path: Path, settings: Settings | SettingsStore
) -> MainWindow:
    state = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    clock = lambda: datetime(2026, 11, 28, 10, tzinfo=ZoneInfo("Europe/Berlin"))  # noqa: E731
    window = MainWindow(db, settings, state, clock)
    qtbot.addWidget(window)
    window.show()
    return window


def open_from_menu(qtbot: QtBot, window: MainWindow) -> SettingsDialog:
    assert window.action_settings in window.file_menu.actions()
    assert window.action_settings.text() == "&Einstellungen …"
    window.action_settings.trigger()
    dialog = window.findChild(SettingsDialog)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return dialog


def notes(dialog: QWidget) -> list[str]:
    return [label.text() for label in dialog.findChildren(QLabel, "locked_note")]


def test_saving_writes_settings_json_and_the_window_uses_it(
    qtbot: QtBot, db: Database, tmp_path: Path
) -> None:
    window = window_on(qtbot, db, tmp_path, Settings())
    dialog = open_from_menu(qtbot, window)
    assert notes(dialog) == []  # nothing fixed without a policy
    exports = tmp_path / "Ausgaben"
    exports.mkdir()
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    dialog.export_dir.setText(f"  {exports}  ")
    dialog.print_flags["duplex"].setChecked(False)
    qtbot.mouseClick(dialog.buttons.buttons()[0], Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    stored = Settings.load()
    assert stored.section("app", AppSettings).language == "en"
    assert stored.section("app", AppSettings).export_dir == str(exports)
    assert stored.section("printing", PrintSettings).duplex is False
    assert window.settings.section("app", AppSettings).export_dir == str(exports)
    assert safety.dialog_folder(db) == exports.resolve()  # file dialogs start there now
    assert "Einstellungen gespeichert" in window.statusBar().currentMessage()
    safety.prefer_folder("")


def test_cancel_and_escape_write_nothing(qtbot: QtBot, db: Database, tmp_path: Path) -> None:
    window = window_on(qtbot, db, tmp_path, Settings())
    dialog = open_from_menu(qtbot, window)
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    qtbot.keyClick(dialog.language, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert not settings_file().exists()
    assert window.settings.section("app", AppSettings).language == ""


HOSTILE = [
    ("does-not-exist", "gibt es nicht"),
    ("x" * 5000, "kein gültiger Ordnername"),
    ("/tmp/\x00evil", "kein gültiger Ordnername"),
    ("Ausgaben\nrm -rf /", "kein gültiger Ordnername"),
]


@pytest.mark.parametrize(("text", "sentence"), HOSTILE)
def test_hostile_folder_input_is_one_sentence_and_nothing_is_saved(
    qtbot: QtBot, tmp_path: Path, text: str, sentence: str
) -> None:
    saved: list[Settings] = []
    dialog = SettingsDialog(Settings(), saved.append)
    qtbot.addWidget(dialog)
    dialog.show()
    if text == "does-not-exist":
        text = str(tmp_path / text)
    dialog.template_dir.setText(text)
    dialog.print_flags["fold_marks"].setChecked(False)
    dialog.apply()
    assert saved == []
    assert dialog.isVisible()
    assert sentence in dialog.error.text()
    assert dialog.error.text().count(".") == 1  # one sentence, no traceback


def test_a_file_is_no_folder(qtbot: QtBot, tmp_path: Path) -> None:
    saved: list[Settings] = []
    dialog = SettingsDialog(Settings(), saved.append)
    qtbot.addWidget(dialog)
    file = tmp_path / "brief.txt"
    file.write_text("x", encoding="utf-8")
    dialog.export_dir.setText(str(file))
    dialog.apply()
    assert saved == []
    assert "gibt es nicht" in dialog.error.text()


def test_a_refused_write_says_so_and_keeps_the_dialog(qtbot: QtBot) -> None:
    def refuse(_settings: Settings) -> None:
        raise PermissionError("read-only")

    dialog = SettingsDialog(Settings(), refuse)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.apply()
    assert dialog.saved is None
    assert dialog.isVisible()
    assert "nichts wurde geändert" in dialog.error.text()


def test_values_the_it_fixed_are_greyed_out_and_stay(qtbot: QtBot) -> None:
    policy = Policy({"app": {"language": "de"}, "printing": {"duplex": True, "template_dir": ""}})
    settings = Settings(policy=policy)
    saved: list[Settings] = []
    dialog = SettingsDialog(settings, saved.append)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.language.isEnabled()
    assert not dialog.template_dir.isEnabled()
    assert not dialog.print_flags["duplex"].isEnabled()
    assert dialog.export_dir.isEnabled()
    assert dialog.print_flags["fold_marks"].isEnabled()
    assert notes(dialog) == ["🔒 von der IT festgelegt"] * 2
    assert "von der IT festgelegt" in dialog.print_flags["duplex"].text()
    assert dialog.language.accessibleDescription() == "von der IT festgelegt"
    # Even when a disabled control is changed (by a script), the policy's value stays.
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    dialog.print_flags["duplex"].setChecked(False)
    dialog.apply()
    assert len(saved) == 1
    assert saved[0].section("app", AppSettings).language == "de"
    assert saved[0].section("printing", PrintSettings).duplex is True


def test_office_wide_values_are_the_office_s_on_a_field_laptop(qtbot: QtBot) -> None:
    settings = Settings().replace("office", role="field")
    dialog = SettingsDialog(settings, lambda _s: None)
    qtbot.addWidget(dialog)
    dialog.show()
    for check in dialog.print_flags.values():
        assert not check.isEnabled()
        assert "vom Büro festgelegt" in check.text()
    assert dialog.export_dir.isEnabled()  # the laptop's own folders stay the user's


def test_tab_order_follows_the_window_from_top_to_bottom(qtbot: QtBot) -> None:
    dialog = SettingsDialog(Settings(), lambda _s: None)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    dialog.language.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.language)
    order = []
    for _ in range(14):
        focused = QApplication.focusWidget()
        assert focused is not None
        order.append(focused.objectName() or focused.text())  # type: ignore[attr-defined]
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
    assert order == [
        "language",
        "export_dir",
        "export_dir_choose",
        "template_dir",
        "template_dir_choose",
        "mbtiles_path",
        "mbtiles_path_choose",
        "duplex",
        "fold_marks",
        "route_map",
        "time_limit_seconds",
        "idle_lock_minutes",
        "&Speichern",
        "Abbrechen",
    ]


def test_every_control_is_named_and_labels_have_buddies(qtbot: QtBot) -> None:
    from tests.test_ui_accessibility import unnamed

    dialog = SettingsDialog(Settings(), lambda _s: None)
    qtbot.addWidget(dialog)
    dialog.show()
    assert unnamed(dialog) == []
    buddies = {label.buddy().objectName() for label in dialog.findChildren(QLabel) if label.buddy()}
    assert {"language", "export_dir", "template_dir"} <= buddies


def test_the_planning_time_is_set_here_and_the_planning_window_uses_it(
    qtbot: QtBot, db: Database, tmp_path: Path
) -> None:
    """A big week needs more search time (issue 20): the user sets it here, within 1 to 600
    seconds; the planning window's next run uses it."""
    from fieldkit.routing.settings import RoutingSettings

    window = window_on(qtbot, db, tmp_path, Settings())
    dialog = open_from_menu(qtbot, window)
    box = dialog.plan_seconds
    assert box.isEnabled()
    assert box.value() == 10  # the default
    assert (box.minimum(), box.maximum()) == (1, 600)
    hint = dialog.findChild(QLabel, "time_limit_hint")
    assert hint is not None
    assert "etwa 45 s" in hint.text()
    box.setValue(0)  # below the range: the box keeps 1
    assert box.value() == 1
    box.setValue(100000)
    assert box.value() == 600
    box.setValue(45)
    qtbot.mouseClick(dialog.buttons.buttons()[0], Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert Settings.load().section("routing", RoutingSettings).time_limit_seconds == 45.0
    assert window.settings.section("routing", RoutingSettings).time_limit_seconds == 45.0


@pytest.mark.parametrize(
    ("settings", "locked"),
    [
        (Settings().replace("routing", time_limit_seconds=7.5), False),
        (Settings().replace("routing", time_limit_seconds=1e6), False),  # shown as 600, kept
        (Settings(policy=Policy({"routing": {"time_limit_seconds": 20.0}})), True),
    ],
)
def test_a_planning_time_not_touched_or_fixed_by_the_it_is_kept(
    qtbot: QtBot, settings: Settings, locked: bool
) -> None:
    from fieldkit.routing.settings import RoutingSettings

    before = settings.section("routing", RoutingSettings).time_limit_seconds
    saved: list[Settings] = []
    dialog = SettingsDialog(settings, saved.append)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.plan_seconds.isEnabled() is not locked
    if locked:
        assert "von der IT festgelegt" in dialog.plan_seconds.toolTip()
        dialog.plan_seconds.setValue(300)  # disabled, but changed by a script
    dialog.apply()
    assert saved[0].section("routing", RoutingSettings).time_limit_seconds == before


def test_the_idle_lock_is_set_within_its_limits_and_never_off_from_here(qtbot: QtBot) -> None:
    saved: list[Settings] = []
    dialog = SettingsDialog(Settings(), saved.append)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.idle_lock.isEnabled()
    assert dialog.idle_lock.value() == 10
    assert (dialog.idle_lock.minimum(), dialog.idle_lock.maximum()) == (1, 480)
    dialog.idle_lock.setValue(0)  # below the range: the box keeps 1, never "off"
    assert dialog.idle_lock.value() == 1
    dialog.idle_lock.setValue(5)
    dialog.apply()
    assert saved[0].section("app", AppSettings).idle_lock_minutes == 5


@pytest.mark.parametrize(
    ("settings", "note"),
    [
        (Settings(policy=Policy({"app": {"idle_lock_minutes": 3}})), "von der IT festgelegt"),
        (Settings().replace("office", role="field"), "vom Büro festgelegt"),
        (Settings().replace("app", idle_lock_minutes=0), "nur die IT kann die Sperre abschalten"),
    ],
)
def test_a_fixed_idle_lock_is_greyed_out_and_kept(
    qtbot: QtBot, settings: Settings, note: str
) -> None:
    saved: list[Settings] = []
    dialog = SettingsDialog(settings, saved.append)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.idle_lock.isEnabled()
    assert note in dialog.idle_lock.toolTip()
    before = settings.section("app", AppSettings).idle_lock_minutes
    dialog.idle_lock.setValue(200)  # even changed by a script, the fixed value stays
    dialog.apply()
    assert saved[0].section("app", AppSettings).idle_lock_minutes == before


def test_saving_after_a_login_never_writes_who_logged_in(
    qtbot: QtBot, db: Database, tmp_path: Path
) -> None:
    """The login's identity is for this session only (issue 14): saving the settings keeps
    the role the file had (here the pre-account role dialog's) and writes no account."""
    from fieldkit.services.office import Identity
    from fieldkit.services.office_settings import OfficeSettings

    SettingsStore().save(
        Settings().replace("office", role="office", caseworker="Frau Alt", team="9")
    )
    login = Identity("office", "Ada Muster", "521", True, "ada", "teamlead")
    session = login.for_session(Settings.load())  # what ui/app.py does after the login
    window = MainWindow(
        db,
        session,
        QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat),
        lambda: datetime(2026, 11, 28, 10, tzinfo=ZoneInfo("Europe/Berlin")),
        identity=login,
    )
    qtbot.addWidget(window)
    dialog = open_from_menu(qtbot, window)
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    qtbot.mouseClick(dialog.buttons.buttons()[0], Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    raw = settings_file().read_text(encoding="utf-8")
    for secret in ("ada", "teamlead", "Ada Muster", "521"):
        assert secret not in raw, secret
    on_file = Settings.load()
    assert on_file.section("app", AppSettings).language == "en"  # the change is saved
    office = on_file.section("office", OfficeSettings)
    assert (office.role, office.caseworker, office.team, office.team_lead) == (
        "office",
        "Frau Alt",
        "9",
        False,
    )
    assert (office.account, office.account_role) == ("", "")
    # The window goes on as the logged-in account for the rest of the session.
    assert Identity.from_settings(window.settings) == login


def test_a_session_value_changed_on_purpose_is_saved(tmp_path: Path) -> None:
    """Only what the login set stays out of the file; a later deliberate change is written."""
    from fieldkit.services.office import Identity
    from fieldkit.services.office_settings import OfficeSettings

    path = tmp_path / "settings.json"
    session = Identity("field", account="ab", account_role="field", worker="AB 1").for_session(
        Settings()
    )
    SettingsStore(path=path).save(session)
    assert Settings.load(path).section("office", OfficeSettings).role == ""
    SettingsStore(path=path).save(session.replace("office", role="office"))
    assert Settings.load(path).section("office", OfficeSettings).role == "office"


def test_a_saved_idle_lock_applies_to_the_running_app_at_once(
    qtbot: QtBot, db: Database, tmp_path: Path
) -> None:
    from fieldkit.ui.app import start_idle_lock
    from fieldkit.ui.lock import IdleLock

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    settings = Settings()  # 10 minutes
    lock = start_idle_lock(app, settings, lambda _pw: True)  # as run_app makes it
    assert isinstance(lock, IdleLock)
    try:
        assert lock.timer.interval() == 10 * 60_000
        window = window_on(qtbot, db, tmp_path, settings)
        dialog = open_from_menu(qtbot, window)
        hint = dialog.findChild(QLabel, "idle_lock_hint")
        assert hint is not None
        assert hint.text() == "Gilt sofort nach dem Speichern."
        dialog.idle_lock.setValue(7)
        qtbot.mouseClick(dialog.buttons.buttons()[0], Qt.MouseButton.LeftButton)
        assert not dialog.isVisible()
        assert lock.timer.isActive()  # the new time runs, without a restart
        assert lock.timer.interval() == 7 * 60_000
        assert lock.timer.remainingTime() > 6 * 60_000  # started anew (a coarse timer)
        dialog = open_from_menu(qtbot, window)
        dialog.idle_lock.setValue(480)
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # cancelled: the lock keeps its time
        assert lock.timer.interval() == 7 * 60_000
        dialog = open_from_menu(qtbot, window)
        dialog.idle_lock.setValue(2)
        qtbot.mouseClick(dialog.buttons.buttons()[0], Qt.MouseButton.LeftButton)
        assert lock.timer.interval() == 2 * 60_000
    finally:
        lock.stop()
        lock.setParent(None)
        lock.deleteLater()


def test_a_fixed_idle_lock_is_not_changed_in_the_running_app(
    qtbot: QtBot, db: Database, tmp_path: Path
) -> None:
    from fieldkit.ui.app import start_idle_lock
    from fieldkit.ui.lock import IdleLock

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    settings = Settings(policy=Policy({"app": {"idle_lock_minutes": 3}}))
    lock = start_idle_lock(app, settings, lambda _pw: True)
    assert isinstance(lock, IdleLock)
    try:
        window = window_on(qtbot, db, tmp_path, settings)
        dialog = open_from_menu(qtbot, window)
        dialog.idle_lock.setValue(200)  # disabled, but changed by a script
        qtbot.mouseClick(dialog.buttons.buttons()[0], Qt.MouseButton.LeftButton)
        assert lock.timer.interval() == 3 * 60_000
    finally:
        lock.stop()
        lock.setParent(None)
        lock.deleteLater()


def test_the_dialog_saves_through_the_windows_store_and_open_windows_follow(
    qtbot: QtBot, db: Database, tmp_path: Path
) -> None:
    """Issue 19, item 2: the settings dialog saves through the main window's one store; the
    window, its events and the open back-office windows follow every change of the store."""
    from fieldkit.services.office import Identity
    from fieldkit.ui.office import OfficeFeature
    from fieldkit.ui.office.widgets import OfficeWindow

    store = SettingsStore.open()
    store.use(Identity("office", "Frau Keller", "521").for_session(store.current))
    window = window_on(qtbot, db, tmp_path, store)
    assert window.settings_store is store
    office = window.features["office"]
    assert isinstance(office, OfficeFeature)
    followup = office.open_followup()
    flagging = office.open_flagging()
    qtbot.addWidget(followup)
    qtbot.addWidget(flagging)
    assert isinstance(followup, OfficeWindow)
    seen: list[Settings] = []
    window.events.settings_changed.connect(seen.append)
    dialog = open_from_menu(qtbot, window)
    dialog.print_flags["duplex"].setChecked(False)
    qtbot.mouseClick(dialog.buttons.buttons()[0], Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert store.current.section("printing", PrintSettings).duplex is False
    assert Settings.load().section("printing", PrintSettings).duplex is False
    assert len(seen) == 1
    assert seen[0] is store.current is window.settings
    # The session's identity stays in use but is not written.
    assert store.current.office.caseworker == "Frau Keller"
    assert Settings.load().office.caseworker == ""
    # New rules (as a sync adopts them) reach the open back-office windows.
    store.save(store.current.replace("rules", call_min_gap_hours=3.5))
    assert followup.rules.call_min_gap_hours == 3.5
    assert getattr(flagging, "rules").call_min_gap_hours == 3.5  # noqa: B009
    assert len(seen) == 2
