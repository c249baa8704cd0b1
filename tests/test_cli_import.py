"""The CLI contract of ``fieldkit check`` / ``import`` / ``demo`` on real SQLite files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from fieldkit.cli import main
from fieldkit.store.db import open_database
from fieldkit.store.models import Customer, Flag, Invitation
from tests.conftest import SPEC_DATA

SAMPLE = SPEC_DATA / "sample-week.csv"
EXPECTED = json.loads((SPEC_DATA / "sample-week.expected.json").read_text(encoding="utf-8"))


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def flags(db_path: Path) -> list[Flag]:
    db = open_database(str(db_path))
    try:
        with db.session() as session:
            return list(session.scalars(select(Flag).order_by(Flag.visit_week)))
    finally:
        db.dispose()


def test_check_sample_matches_the_spec(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", str(SAMPLE), "--json")
    assert code == 0
    data = json.loads(out)
    got = [
        {
            "kundennummer": r["kundennummer"],
            "line": r["line"],
            "status": r["status"],
            "visit_week": r["visit_week"],
            "codes": sorted(x["code"] for x in r["reasons"]),
        }
        for r in data["rows"]
    ]
    assert got == EXPECTED
    assert data["summary"] == {"eligible": 3, "warning": 1, "blocked": 2, "invalid": 0}
    assert all(x["message"] for r in data["rows"] for x in r["reasons"])


def test_import_writes_everything_and_reimport_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db_path = tmp_path / "w.sqlite"
    code, out, _ = run(capsys, "import", str(SAMPLE), "--db", str(db_path))
    assert code == 0
    assert "6 new" in out
    first = {f.id: f.updated_at for f in flags(db_path)}
    assert len(first) == 6
    code, out, _ = run(capsys, "--db", str(db_path), "import", str(SAMPLE))
    assert code == 0
    assert "6 unchanged" in out
    assert {f.id: f.updated_at for f in flags(db_path)} == first


def test_newer_row_updates_the_flag_older_row_does_not(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db_path = tmp_path / "u.sqlite"
    assert run(capsys, "import", str(SAMPLE), "--db", str(db_path))[0] == 0
    text = SAMPLE.read_text(encoding="utf-8")
    # Customer 4 gets a second call on another day, flagged later the same week.
    newer = text.replace(
        "12.10.2026 09:00;12.10.2026 15:00;Wohnsituation unklar;;",
        "12.10.2026 09:00;13.10.2026 15:00;Wohnsituation unklar;10.12.2026 11:00;Raum 1;",
    ).replace("23.11.2026 14:20", "25.11.2026 09:00")
    newer_file = tmp_path / "newer.csv"
    newer_file.write_text(newer, encoding="utf-8")
    code, out, _ = run(capsys, "import", str(newer_file), "--db", str(db_path))
    assert code == 0
    assert "1 updated" in out
    stored = {f.customer_id: f for f in flags(db_path)}
    assert len(stored) == 6
    # The original list again: its row for customer 4 is older than the stored one.
    code, out, _ = run(capsys, "import", str(SAMPLE), "--db", str(db_path))
    assert "5 unchanged" in out
    assert "1 older than the stored flag" in out
    db = open_database(str(db_path))
    with db.session() as session:
        customer = session.scalars(
            select(Customer).where(Customer.kundennummer == "962D100004")
        ).one()
        flag = customer.flags[0]
        assert flag.status == "eligible"
        assert (
            len(session.scalars(select(Invitation).where(Invitation.flag_id == flag.id)).all()) == 2
        )
    db.dispose()


def test_invalid_row_means_nothing_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.csv"
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace(";75031;", ";7503;")  # line 4: plz with four digits
    broken.write_text("\n".join(lines) + "\n", encoding="utf-8")
    db_path = tmp_path / "b.sqlite"
    code, _, err = run(capsys, "import", str(broken), "--db", str(db_path))
    assert code == 1
    assert "line 4" in err.lower()
    assert "plz" in err
    assert "nothing imported" in err
    assert flags(db_path) == []
    code, out, _ = run(capsys, "import", str(broken), "--skip-invalid", "--db", str(db_path))
    assert code == 0
    assert "skipped" in out
    assert len(flags(db_path)) == 5
    code, _, _ = run(capsys, "check", str(broken), "--json")
    assert code == 1


@pytest.mark.parametrize(
    "content",
    [b"", b"\x00\x01\x02\xff" * 100, b"%PDF-1.4 not a list", b"kundennummer;nachname\n"],
)
def test_bad_files_get_one_sentence_and_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes
) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    code, out, err = run(capsys, "import", str(path), "--db", str(tmp_path / "x.sqlite"))
    assert code == 1
    assert err.startswith("fieldkit: ")
    assert "Traceback" not in err + out


def test_missing_file_and_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "check", str(tmp_path / "nope.csv"))
    assert code == 1
    assert "Traceback" not in err
    with pytest.raises(SystemExit) as exc:
        main(["import"])
    assert exc.value.code == 2
    with pytest.raises(SystemExit) as exc:
        main(["frobnicate"])
    assert exc.value.code == 2


def test_demo_writes_a_valid_week(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db_path = tmp_path / "demo.sqlite"
    code, out, _ = run(capsys, "demo", "--week", "2026-W49", "--db", str(db_path))
    assert code == 0
    stored = flags(db_path)
    assert len(stored) == 40
    statuses = {f.status for f in stored}
    assert {"eligible", "warning", "blocked"} <= statuses
    assert {f.visit_week for f in stored} <= {"2026-W49", "2026-W50"}
    assert sum(f.visit_week == "2026-W49" for f in stored) >= 30
    code, out, _ = run(capsys, "week", "--week", "2026-W49", "--json", "--db", str(db_path))
    rows = json.loads(out)
    assert len({r["ort"] for r in rows}) >= 15  # spread over the district
    assert run(capsys, "demo", "--week", "2026-W49", "--db", str(db_path))[0] == 0
    assert len(flags(db_path)) == 40  # idempotent


def test_console_script_never_shows_a_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "x.xlsx"
    bad.write_bytes(b"PK\x03\x04 truncated zip")
    result = subprocess.run(
        [sys.executable, "-m", "fieldkit", "check", str(bad), "--db", str(tmp_path / "d.sqlite")],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1


def test_a_database_that_fails_a_command_is_one_sentence_without_row_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # E.g. the central database's row-level security refusing a back-office login, or a
    # lost connection: no traceback, and the statement's data stays hidden.
    from sqlalchemy.exc import ProgrammingError

    from fieldkit import cli

    def refused(_args: object) -> int:
        raise ProgrammingError(
            "INSERT INTO customer (nachname) VALUES (%(nachname)s)",
            {"nachname": "Geheimname"},
            Exception('new row violates row-level security policy for table "customer"\nDETAIL'),
            hide_parameters=True,
        )

    monkeypatch.setitem(cli.COMMANDS, "week", refused)
    code = cli.main(["week", "--db", str(tmp_path / "d.sqlite")])
    err = capsys.readouterr().err
    assert code == 1
    assert err.count("\n") == 1
    assert "row-level security policy" in err
    assert "Geheimname" not in err
    assert "Traceback" not in err
