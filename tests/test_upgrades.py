"""Versions and upgrades (issue 18): backup before an upgrade, refusal of a newer database."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from fieldkit import __version__
from fieldkit.cli import main
from fieldkit.store.db import StoreError, current_revision, head_revision, open_database

DATA = Path(__file__).resolve().parent / "data"
BACKUP = re.compile(r"^old\.schema-(\d{4})-(\d{8}T\d{6}Z)\.sqlite$")


def _connect(path: Path) -> closing[sqlite3.Connection]:
    return closing(sqlite3.connect(path))


def _revision(path: Path) -> str:
    with _connect(path) as conn:
        return str(conn.execute("select version_num from alembic_version").fetchone()[0])


def _counts(path: Path) -> dict[str, int]:
    with _connect(path) as conn:
        tables = [
            name
            for (name,) in conn.execute("select name from sqlite_master where type = 'table'")
            if name != "alembic_version"
        ]
        return {t: conn.execute(f'select count(*) from "{t}"').fetchone()[0] for t in tables}


def _backups(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if ".schema-" in p.name)


def test_an_older_database_is_copied_beside_itself_before_the_upgrade(tmp_path: Path) -> None:
    old = tmp_path / "old.sqlite"
    shutil.copy(DATA / "fieldkit-schema-0001.sqlite", old)
    before = datetime.now(UTC).replace(microsecond=0)
    db = open_database(str(old))
    try:
        assert current_revision(db.engine) == head_revision() != "0001"
    finally:
        db.dispose()
    (backup,) = _backups(tmp_path)
    match = BACKUP.match(backup.name)
    assert match, backup.name
    assert match[1] == "0001"
    stamp = datetime.strptime(match[2], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    assert before <= stamp <= datetime.now(UTC)
    assert _revision(backup) == "0001"
    with _connect(backup) as conn:
        assert conn.execute("select kundennummer from customer").fetchall() == [("962D999001",)]
    assert not list(tmp_path.glob("*.part"))
    # Opening the upgraded database again copies nothing more.
    open_database(str(old)).dispose()
    assert _backups(tmp_path) == [backup]


def test_the_previous_schema_head_keeps_every_record(tmp_path: Path) -> None:
    old = tmp_path / "old.sqlite"
    shutil.copy(DATA / "fieldkit-schema-0006.sqlite", old)
    assert _revision(old) == "0006"
    records = _counts(old)
    assert records["customer"] > 0
    assert records["visit"] > 0
    assert records["route_stop"] > 0
    open_database(str(old)).dispose()
    assert _revision(old) == head_revision()
    after = _counts(old)
    for table, count in records.items():
        if table != "app_meta":  # the device id may be added; nothing else may change
            assert after[table] == count, table
    (backup,) = _backups(tmp_path)
    assert _revision(backup) == "0006"
    assert _counts(backup) == records


def test_a_new_or_current_database_is_not_copied(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite"
    open_database(str(path)).dispose()
    open_database(str(path)).dispose()
    assert _backups(tmp_path) == []


def test_no_upgrade_without_a_backup(tmp_path: Path) -> None:
    old = tmp_path / "old.sqlite"
    shutil.copy(DATA / "fieldkit-schema-0001.sqlite", old)
    # Folders in the way of every backup name of the next seconds: the copy cannot be placed.
    now = datetime.now(UTC)
    for second in range(30):
        stamp = (now + timedelta(seconds=second)).strftime("%Y%m%dT%H%M%SZ")
        (tmp_path / f"old.schema-0001-{stamp}.sqlite" / "x").mkdir(parents=True)
    with pytest.raises(StoreError, match="No backup copy could be made") as refused:
        open_database(str(old))
    assert "Sicherungskopie" in refused.value.message("de")
    assert _revision(old) == "0001"
    assert not list(tmp_path.glob("*.part"))


def _newer(tmp_path: Path) -> Path:
    path = tmp_path / "newer.sqlite"
    open_database(str(path)).dispose()
    with _connect(path) as conn, conn:
        conn.execute("update alembic_version set version_num = '9999'")
    return path


def test_the_cli_refuses_a_newer_database_in_one_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _newer(tmp_path)
    assert main(["week", "--db", str(path)]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert err == (
        "fieldkit: The database was written by a newer fieldkit version; please update fieldkit."
    )
    assert "Traceback" not in err
    assert _revision(path) == "9999"
    assert _backups(tmp_path) == []


GUI_REFUSAL = textwrap.dedent(
    """
    import sys
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox
    from fieldkit.ui.app import run_app

    app = QApplication(sys.argv)
    seen = []

    def answer():
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append(box.text())
            box.accept()
        else:
            QTimer.singleShot(50, answer)

    QTimer.singleShot(0, answer)
    code = run_app(db_url=sys.argv[1])
    print("box:", *seen)
    sys.exit(code)
    """
)


def test_the_app_refuses_a_newer_database_in_one_sentence(tmp_path: Path) -> None:
    path = _newer(tmp_path)
    script = tmp_path / "refusal.py"
    script.write_text(GUI_REFUSAL, encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", LANG="de_DE.UTF-8", LC_ALL="de_DE.UTF-8")
    done = subprocess.run(
        [sys.executable, str(script), str(path)],
        env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    box = done.stdout.split("box:", 1)[1].strip()
    assert box == (
        "Die Datenbank stammt von einer neueren fieldkit-Version; bitte fieldkit aktualisieren."
    )
    assert _revision(path) == "9999"


def test_version_names_release_and_schema_head(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.strip() == (
        f"fieldkit {__version__} (database schema {head_revision()})"
    )
