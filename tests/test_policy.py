"""The machine policy (issue 18): IT's values win over the user's and cannot be changed."""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QAbstractItemView, QMenu, QTableWidget
from pytestqt.qtbot import QtBot

from fieldkit.cli import main
from fieldkit.domain.roles import ACCOUNT_ROLES
from fieldkit.policy import PolicyError, account_roles, allows, candidates
from fieldkit.services.office_settings import OfficeSettings
from fieldkit.settings import AppSettings, Settings, SettingsStore, settings_file
from fieldkit.store.db import open_database
from fieldkit.sync import service
from fieldkit.sync.errors import SyncError
from fieldkit.sync.settings import SyncSettings
from fieldkit.ui.main_window import MainWindow
from fieldkit.ui.office.role_dialog import RoleDialog
from fieldkit.ui.policy_dialog import PolicyDialog

POLICY = """
[sync]
central_url = "postgresql+psycopg://fieldkit:geheim@zentrale.example/fieldkit"
ca_file = "/etc/fieldkit/jobcenter-root.pem"
lease_days = 7
keep_days = 3

[app]
idle_lock_minutes = 5

[office]
allowed_roles = ["field"]
"""


def _policy(text: str | bytes) -> Path:
    path = Path(os.environ["FIELDKIT_POLICY"])
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def _user_settings(data: dict[str, dict[str, object]]) -> Path:
    path = settings_file()
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_without_a_policy_nothing_is_locked() -> None:
    settings = Settings.load()
    assert settings.policy.path is None
    assert not settings.locked("sync", "central_url")
    assert settings.section("office", OfficeSettings).allowed_roles == ()


def test_the_policy_overrides_the_users_settings() -> None:
    _user_settings(
        {"sync": {"central_url": "postgresql://eigener/db", "worker_name": "Herr Vogt"},
         "app": {"language": "en", "idle_lock_minutes": 0}, "office": {"role": "office"}}
    )  # fmt: skip
    _policy(POLICY)
    settings = Settings.load()
    sync = settings.section("sync", SyncSettings)
    assert sync.central_url == "postgresql+psycopg://fieldkit:geheim@zentrale.example/fieldkit"
    assert sync.ca_file == "/etc/fieldkit/jobcenter-root.pem"
    assert sync.lease_days == 7
    assert sync.worker_name == "Herr Vogt"  # not in the policy: the user's own
    app = settings.section("app", AppSettings)
    assert app.idle_lock_minutes == 5
    assert app.language == "en"
    # Only field work is allowed here: the remembered back-office role gives way.
    assert settings.section("office", OfficeSettings).role == "field"
    assert settings.locked("sync", "central_url")
    assert settings.locked("office", "allowed_roles")
    assert not settings.locked("sync", "worker_name")


def test_locked_values_cannot_be_changed_and_are_not_saved_as_the_users() -> None:
    path = _user_settings({"sync": {"central_url": "postgresql://eigener/db"}})
    _policy(POLICY)
    settings = Settings.load()
    changed = settings.replace("sync", central_url="postgresql://anders/db", worker_name="X")
    sync = changed.section("sync", SyncSettings)
    assert sync.central_url.endswith("zentrale.example/fieldkit")
    assert sync.worker_name == "X"
    SettingsStore().save(changed)
    stored = json.loads(path.read_text(encoding="utf-8"))
    assert stored["sync"]["central_url"] == "postgresql://eigener/db"
    assert stored["sync"]["worker_name"] == "X"
    assert "geheim" not in path.read_text(encoding="utf-8")


def test_office_wide_settings_pulled_at_a_sync_do_not_beat_the_policy() -> None:
    _policy(POLICY)
    settings = Settings.load()
    pulled = settings.with_office_wide({"sync": {"keep_days": 20}})
    assert pulled.section("sync", SyncSettings).keep_days == 3


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("[sync\ncentral_url = 1", "policy.toml"),
        ("[office]\nalowed_roles = ['field']\n", "unknown setting office.alowed_roles"),
        ("[netzwerk]\nproxy = 'x'\n", "unknown section [netzwerk]"),
        ("[sync]\nlease_days = 'sieben'\n", "wrong type for sync.lease_days"),
        ("[app]\nidle_lock_minutes = true\n", "wrong type for app.idle_lock_minutes"),
        ("[office]\nallowed_roles = ['chef']\n", "office.allowed_roles must name"),
        ("[office]\nallowed_roles = ['field', 'Field']\n", "office.allowed_roles must name"),
        ("[office]\nallowed_roles = ['office; DROP']\n", "office.allowed_roles must name"),
        ("[office]\nallowed_roles = []\n", "office.allowed_roles must name"),
        ("sync = 3\n", "unknown section [sync]"),
        (b"\xff\xfe\x00garbage" * 1000, "policy.toml"),
        ("[sync]\n" + "".join(f"x{i} = 1\n" for i in range(3_000)), "unknown setting sync.x0"),
        ("[sync]\n" + "".join(f"x{i} = 1\n" for i in range(100_000)), "larger than 64 kB"),
    ],
)
def test_a_broken_policy_stops_fieldkit_with_one_sentence(
    text: str | bytes, why: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _policy(text)
    with pytest.raises(PolicyError) as broken:
        Settings.load()
    assert why in str(broken.value)
    assert str(path) in str(broken.value)
    assert "Richtlinie dieses Rechners" in broken.value.message("de")
    # Every command refuses, even one that reads no settings; nothing runs half.
    assert main(["week"]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert "will not start until IT has corrected it" in err


def test_version_works_even_with_a_broken_policy(capsys: pytest.CaptureFixture[str]) -> None:
    _policy("[nonsense")
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.startswith("fieldkit ")


def test_the_policy_command_shows_the_locked_values_without_passwords(
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = _policy(POLICY)
    assert main(["policy"]) == 0
    out = capsys.readouterr().out
    assert str(path) in out
    assert "sync.lease_days = 7" in out
    assert 'office.allowed_roles = ["field"]' in out
    assert "zentrale.example" in out
    assert "geheim" not in out
    path.unlink()
    assert main(["policy"]) == 0
    assert "No policy file" in capsys.readouterr().out


def test_the_policy_file_is_looked_for_in_the_site_config_folders(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("FIELDKIT_POLICY")
    found = [str(p) for p in candidates()]
    assert all(p.endswith("policy.toml") for p in found)
    if os.name == "posix":
        assert "/etc/fieldkit/policy.toml" in found
        assert found[0].startswith("/etc/xdg")


def test_the_sync_command_refuses_another_central_database(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _policy(POLICY)
    code = main(["sync", "--db", str(tmp_path / "l.sqlite"), "--central", "postgresql://x/y",
                 "--worker", "Herr Vogt"])  # fmt: skip
    assert code == 1
    assert "policy fixes the central database" in capsys.readouterr().err


def test_a_missing_ca_file_is_named() -> None:
    settings = SyncSettings(ca_file="/nirgends/root.pem")
    with pytest.raises(SyncError) as caught:
        service.open_central("postgresql+psycopg://fieldkit@127.0.0.1:1/x", settings)
    assert caught.value.code == "ca_file"
    assert "/nirgends/root.pem" in str(caught.value)


@pytest.mark.postgres
def test_with_a_ca_file_the_server_must_speak_verified_tls(tmp_path: Path) -> None:
    from tests.test_sync_helpers import pg_admin_url

    url = pg_admin_url()
    # The test server speaks no TLS: reachable without a CA file (no fieldkit tables there) …
    with pytest.raises(SyncError) as plain:
        service.open_central(url)
    assert plain.value.code == "schema_empty"
    # … refused with one, so a policy's CA file cannot be bypassed by a server without TLS.
    ca = tmp_path / "root.pem"
    ca.write_text("-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n", encoding="utf-8")
    with pytest.raises(SyncError) as verified:
        service.open_central(url, SyncSettings(ca_file=str(ca)))
    assert verified.value.code == "unreachable"


def test_the_role_dialog_offers_only_the_allowed_role(qtbot: QtBot) -> None:
    dialog = RoleDialog([("Frau Berg", "521")], allowed=("office",))
    qtbot.addWidget(dialog)
    assert not dialog.field_button.isEnabled()
    assert dialog.office_button.isChecked()
    assert "Richtlinie" in dialog.field_button.toolTip()
    free = RoleDialog([("Frau Berg", "521")])
    qtbot.addWidget(free)
    assert free.field_button.isEnabled()
    assert free.office_button.isEnabled()


# --------------------------------------------------------------------------- roles (issue 14)


@pytest.mark.parametrize(
    ("allowed", "accounts"),
    [
        (["field"], ("field",)),
        (["office"], ("caseworker", "teamlead")),  # the code from before accounts
        (["field", "office"], ("field", "caseworker", "teamlead")),
        (["admin", "caseworker"], ("caseworker", "admin")),
        (["teamlead", "office"], ("caseworker", "teamlead")),
    ],
)
def test_old_and_new_role_codes_are_understood(allowed: list[str], accounts: tuple[str]) -> None:
    _policy(f"[office]\nallowed_roles = {json.dumps(allowed)}\n")
    settings = Settings.load()
    office = settings.section("office", OfficeSettings)
    assert office.allowed_roles == tuple(allowed)
    assert account_roles(office.allowed_roles) == accounts
    assert all(allows(office.allowed_roles, role) for role in accounts)
    others = set(ACCOUNT_ROLES) - set(accounts)
    assert not any(allows(office.allowed_roles, role) for role in others)


def test_a_caseworker_only_machine_keeps_the_back_office_role() -> None:
    _user_settings({"office": {"role": "office", "caseworker": "Frau Berg"}})
    _policy("[office]\nallowed_roles = ['caseworker']\n")
    assert Settings.load().section("office", OfficeSettings).role == "office"
    _user_settings({"office": {"role": "field"}})
    # Only back-office roles here: the remembered field role gives way to the back office.
    _policy("[office]\nallowed_roles = ['teamlead', 'admin']\n")
    assert Settings.load().section("office", OfficeSettings).role == "office"
    _policy("[office]\nallowed_roles = ['field']\n")
    assert Settings.load().section("office", OfficeSettings).role == "field"
    assert account_roles(()) == ACCOUNT_ROLES  # no restriction: every account role


def test_the_role_dialog_understands_the_new_role_codes(qtbot: QtBot) -> None:
    dialog = RoleDialog([("Frau Berg", "521")], allowed=("caseworker", "teamlead"))
    qtbot.addWidget(dialog)
    assert not dialog.field_button.isEnabled()
    assert dialog.office_button.isEnabled()
    assert dialog.office_button.isChecked()
    field_only = RoleDialog([], allowed=("field",))
    qtbot.addWidget(field_only)
    assert not field_only.office_button.isEnabled()
    assert field_only.field_button.isChecked()


# --------------------------------------------------------------------------- Hilfe → Richtlinie


def _help_menu_policy(qtbot: QtBot, tmp_path: Path) -> PolicyDialog:
    db = open_database(str(tmp_path / "ui.sqlite"))
    state = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    window = MainWindow(db, Settings.load(), state, lambda: datetime(2026, 11, 28, 10))
    qtbot.addWidget(window)
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Hilfe")
    assert isinstance(help_menu, QMenu)
    action = next(a for a in help_menu.actions() if "Richtlinie" in a.text())
    action.trigger()
    dialog = window.findChild(PolicyDialog)
    assert dialog is not None
    assert dialog.isVisible()
    qtbot.addWidget(dialog)
    db.dispose()
    return dialog


def _cell(table: QTableWidget, row: int, column: int) -> str:
    item = table.item(row, column)
    assert item is not None
    return item.text()


def test_the_help_menu_shows_the_locked_values(qtbot: QtBot, tmp_path: Path) -> None:
    path = _policy(POLICY.replace('"field"', '"field", "office"'))
    dialog = _help_menu_policy(qtbot, tmp_path)
    table = dialog.table
    shown = {_cell(table, r, 0): _cell(table, r, 1) for r in range(table.rowCount())}
    assert shown == {
        "app.idle_lock_minutes": "5",
        "office.allowed_roles": "Außendienst, Innendienst (Sachbearbeitung, Teamleitung)",
        "sync.ca_file": "/etc/fieldkit/jobcenter-root.pem",
        "sync.central_url": "postgresql+psycopg://fieldkit:***@zentrale.example/fieldkit",
        "sync.keep_days": "3",
        "sync.lease_days": "7",
    }
    assert str(path) in dialog.intro.text()
    # Read-only: no way to edit a value in the table.
    assert table.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
    table.setCurrentCell(0, 1)
    qtbot.keyClicks(table, "99")
    assert _cell(table, 0, 1) == "5"


def test_the_help_menu_says_when_nothing_is_locked(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = _help_menu_policy(qtbot, tmp_path)
    assert "keine Richtlinie" in dialog.intro.text()
    assert not dialog.table.isVisible()
    assert dialog.table.rowCount() == 0
