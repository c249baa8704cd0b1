"""Nothing lost locally (issue 21, items 1 and 11): one fieldkit per database file, atomic
creation, and every refused write is one sentence saying that nothing was saved.

The failures are real SQLite errors, not mocks: ``PRAGMA max_page_count`` makes SQLite answer
SQLITE_FULL ("database or disk is full") and ``PRAGMA query_only`` SQLITE_READONLY ("attempt
to write a readonly database"), exactly what a full disk or a read-only file give (the tests
run as root, so ``chmod`` would not stop a write).
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event, select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import Pool

from fieldkit import cli
from fieldkit.services import flaglist
from fieldkit.services.office import UNRESTRICTED
from fieldkit.store.db import (
    DatabaseInUse,
    StoreError,
    WriteFailed,
    current_revision,
    head_revision,
    open_database,
    write_failure,
)
from fieldkit.store.models import AppMeta, Flag
from tests.factories import add_flagged

ROOT = Path(__file__).resolve().parents[1]
NOW = datetime(2026, 12, 3, 10, 0, tzinfo=UTC)


#: What each request hands to the process beside: the folders of the test that asks.
TEST_ENV = ("FIELDKIT_DATA_DIR", "FIELDKIT_CONFIG_DIR", "FIELDKIT_DB", "FIELDKIT_POLICY",
            "LC_ALL", "LC_MESSAGES", "LANG")  # fmt: skip


class Beside:
    """A second fieldkit process (tests/beside.py): the lock keeps other processes out, so
    these checks need one; this module's share one instead of starting five (~1 CPU-s each).
    """

    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, str(ROOT / "tests" / "beside.py")],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
            cwd=ROOT,
        )

    def _ask(self, request: dict[str, Any]) -> dict[str, Any]:
        assert self.proc.stdin is not None
        assert self.proc.stdout is not None
        self.proc.stdin.write(json.dumps(request) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        assert line, f"the process beside ended (exit code {self.proc.wait(30)})"
        answer: dict[str, Any] = json.loads(line)
        return answer

    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        """``fieldkit ARGS`` in the other process, as a user would run it beside the app."""
        env = {key: os.environ.get(key) for key in TEST_ENV}
        done = self._ask({"cli": list(args), "env": env})
        return subprocess.CompletedProcess(args, done["code"], done["stdout"], done["stderr"])

    def hold(self, path: Path) -> None:
        """The other process opens the database and keeps it open (a first instance)."""
        assert self._ask({"hold": str(path)}) == {"held": str(path)}

    def release(self) -> int:
        """The other process closes what it holds; how many databases that were."""
        return int(self._ask({"release": True})["released"])

    def close(self) -> None:
        assert self.proc.stdin is not None
        assert self.proc.stdout is not None
        self.proc.stdin.close()
        assert self.proc.wait(30) == 0
        self.proc.stdout.close()


@pytest.fixture(scope="module")
def beside() -> Iterator[Beside]:
    other = Beside()
    yield other
    other.close()


@contextmanager
def pragma_on_connect(target: Any, pragma: str) -> Iterator[None]:
    """Every new connection of ``target`` (an engine, or all pools) runs ``pragma``."""

    def run(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.execute(pragma)

    event.listen(target, "connect", run)
    try:
        yield
    finally:
        event.remove(target, "connect", run)


@contextmanager
def read_only(engine: Engine) -> Iterator[None]:
    """The database answers every write with SQLITE_READONLY (fresh connections)."""
    engine.dispose()
    with pragma_on_connect(engine, "PRAGMA query_only=1"):
        yield
        engine.dispose()
    engine.dispose()


@contextmanager
def disk_full(engine: Engine) -> Iterator[None]:
    """The database cannot grow by a single page: SQLITE_FULL on the next growing write."""
    engine.dispose()
    with engine.connect() as conn:
        pages = conn.execute(text("PRAGMA page_count")).scalar()
    engine.dispose()
    with pragma_on_connect(engine, f"PRAGMA max_page_count={pages}"):
        yield
        engine.dispose()
    engine.dispose()


def one_sentence(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    return lines[0]


# ------------------------------------------------------------------ 1. one fieldkit per file


@pytest.mark.slow
def test_command_is_refused_while_the_app_has_the_database_open(
    tmp_path: Path, beside: Beside
) -> None:
    path = tmp_path / "fieldkit.sqlite"
    app_db = open_database(str(path))  # the app holds it for its lifetime
    try:
        add_flagged(app_db, "962D000001", "Muster", "Neckarsulm")
        # What a file dialog sniffing the folder does: open and close the files in this
        # process. With SQLite's own (per-process POSIX) locks that released everything.
        for name in os.listdir(tmp_path):
            with open(tmp_path / name, "rb") as sniffed:
                sniffed.read(64)
        result = beside.cli("--db", str(path), "week")
        assert result.returncode == 1
        sentence = one_sentence(result.stderr)
        assert "already open in another fieldkit" in sentence
        assert result.stdout == ""
        # The app still writes and keeps everything.
        add_flagged(app_db, "962D000002", "Beispiel", "Weinsberg")
    finally:
        app_db.dispose()
    result = beside.cli("--db", str(path), "week", "--json")
    assert result.returncode == 0, result.stderr
    assert {"962D000001", "962D000002"} <= set(result.stdout.split('"'))


def test_second_instance_says_so_and_does_not_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, beside: Beside
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from fieldkit.ui import app as app_module

    path = tmp_path / "fieldkit.sqlite"
    open_database(str(path)).dispose()
    beside.hold(path)  # the first instance, in its own process
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text: said.append(text))
    opened: list[object] = []
    monkeypatch.setattr(app_module, "choose_role", lambda db, _s: opened.append(db))
    try:
        assert app_module.run_app(str(path)) == 1
        assert opened == [], "the second instance must not get to the database"
        assert len(said) == 1
        assert "schon in einem anderen fieldkit geöffnet" in said[0]
    finally:
        assert beside.release() == 1
    # Once the first instance ended, the file opens again.
    open_database(str(path)).dispose()


@pytest.mark.slow
def test_lock_is_shared_within_one_process_and_freed_by_the_last(
    tmp_path: Path, beside: Beside
) -> None:
    path = tmp_path / "fieldkit.sqlite"
    first = open_database(str(path))
    second = open_database(str(path))  # the app's own services may open it again
    first.dispose()
    assert beside.cli("--db", str(path), "db", "current").returncode == 1
    second.dispose()
    second.dispose()  # disposing twice gives back nothing twice
    result = beside.cli("--db", str(path), "db", "current")
    assert result.returncode == 0, result.stderr


def test_a_folder_without_room_for_the_lock_file_is_one_sentence(tmp_path: Path) -> None:
    path = tmp_path / "fieldkit.sqlite"
    (tmp_path / "fieldkit.sqlite.lock").mkdir()  # cannot be opened as a file
    with pytest.raises(DatabaseInUse) as caught:
        open_database(str(path))
    assert "lock file" in str(caught.value)
    assert "Sperrdatei" in caught.value.de
    assert not path.exists()


# ------------------------------------------------------------------ 11. writes that fail


@pytest.mark.real_migrations
def test_full_disk_at_creation_leaves_nothing_to_repair(tmp_path: Path) -> None:
    path = tmp_path / "fieldkit.sqlite"
    with pragma_on_connect(Pool, "PRAGMA max_page_count=12"), pytest.raises(WriteFailed) as err:
        open_database(str(path))
    assert err.value.code == "full"
    assert err.value.de.startswith("Nichts wurde gespeichert")
    assert not path.exists(), "a half-built database must not be left behind"
    assert sorted(os.listdir(tmp_path)) == ["fieldkit.sqlite.lock"]
    # With room again, the next start (or `db upgrade`) creates it whole.
    assert cli.main(["--db", str(path), "db", "upgrade"]) == 0
    db = open_database(str(path))
    try:
        assert current_revision(db.engine) == head_revision()
    finally:
        db.dispose()


def test_half_built_file_from_an_older_version_is_a_clear_sentence(tmp_path: Path) -> None:
    path = tmp_path / "old-half.sqlite"
    with sqlite3.connect(path) as conn:  # what the old creation left on a full disk
        conn.execute("CREATE TABLE app_meta (key TEXT)")
    conn.close()
    with pytest.raises(StoreError) as caught:
        open_database(str(path))
    assert "not a complete fieldkit database" in str(caught.value)


def test_read_only_database_refuses_a_write_in_one_sentence_and_stays_usable(
    tmp_path: Path,
) -> None:
    db = open_database(str(tmp_path / "ro.sqlite"))
    try:
        add_flagged(db, "962D000001", "Muster", "Neckarsulm", status="blocked")
        with db.session() as session:
            flag_id = session.scalars(select(Flag.id)).one()
        with read_only(db.engine), pytest.raises(WriteFailed) as caught:
            flaglist.override_block(
                db, flag_id, "Begründung lang genug", "Frau Keller", NOW, identity=UNRESTRICTED
            )
        assert caught.value.code == "readonly"
        assert caught.value.de == (
            "Nichts wurde gespeichert, weil die Datenbank schreibgeschützt ist; bitte den "
            "Schreibschutz aufheben und noch einmal versuchen."
        )
        with db.session() as session:  # nothing half-written, reading works
            assert session.get(Flag, flag_id).override_reason == ""  # type: ignore[union-attr]
        flaglist.override_block(
            db, flag_id, "Begründung lang genug", "Frau Keller", NOW, identity=UNRESTRICTED
        )
        with db.session() as session:
            assert session.get(Flag, flag_id).override_by == "Frau Keller"  # type: ignore[union-attr]
    finally:
        db.dispose()


def test_full_disk_on_a_write_is_one_sentence_and_the_database_stays_usable(
    tmp_path: Path,
) -> None:
    db = open_database(str(tmp_path / "full.sqlite"))
    try:
        big = "x" * 200_000  # needs new pages
        with (
            disk_full(db.engine),
            pytest.raises(WriteFailed) as caught,
            db.session() as session,
        ):
            session.add(AppMeta(key="big", value=big))
        assert caught.value.code == "full"
        with db.session() as session:
            assert session.scalar(select(AppMeta).where(AppMeta.key == "big")) is None
            session.add(AppMeta(key="big", value=big))
        with db.session() as session:
            assert session.scalar(select(AppMeta.value).where(AppMeta.key == "big")) == big
    finally:
        db.dispose()


def test_cli_says_one_sentence_when_the_database_is_read_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "fieldkit.sqlite"
    open_database(str(path)).dispose()
    flags = tmp_path / "flags.csv"
    flags.write_bytes((ROOT / "tests" / "data" / "spec" / "sample-week.csv").read_bytes())
    capsys.readouterr()
    with pragma_on_connect(Pool, "PRAGMA query_only=1"):
        code = cli.main(["--db", str(path), "import", str(flags), "--skip-invalid"])
    out = capsys.readouterr()
    assert code == 1
    sentence = one_sentence(out.err)
    assert sentence.startswith("fieldkit: Nothing was saved because the database is read-only")
    db = open_database(str(path))
    try:
        with db.session() as session:
            assert session.scalars(select(Flag)).first() is None
    finally:
        db.dispose()


@pytest.mark.parametrize(
    ("message", "code"),
    [
        ("database or disk is full", "full"),
        ("attempt to write a readonly database", "readonly"),
        ("database is locked", "locked"),
        ("disk I/O error", "io"),
    ],
)
def test_every_kind_of_refused_write_has_its_sentence(message: str, code: str) -> None:
    wrapped = OperationalError("INSERT …", {}, sqlite3.OperationalError(message))
    failed = write_failure(wrapped)
    assert failed is not None
    assert failed.code == code
    assert failed.de.startswith("Nichts wurde gespeichert")
    assert failed.en.startswith("Nothing was saved")
    assert (
        write_failure(
            OperationalError("SELECT …", {}, sqlite3.OperationalError("no such table: x"))
        )
        is None
    )
