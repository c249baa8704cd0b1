"""Applying a setup to a real SQLite file: all or nothing, idempotent, retire, round trip.

The contract of ``fieldkit setup apply|export|show`` (docs/setup-file.md).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from fieldkit.cli import main
from fieldkit.domain.setup import SetupError, WorkerInfo, dump_setup
from fieldkit.geo.setup_areas import parse_setup
from fieldkit.services.office import UNRESTRICTED
from fieldkit.services.setup import (
    apply_setup,
    current_setup,
    is_empty_office,
    parse_address,
    placement_notes,
    setup_changes,
)
from fieldkit.store.db import Database, open_database
from fieldkit.store.models import Area, Caseworker, Office, OutreachWorker
from fieldkit.store.models_setup import Branch, WorkerArea

SAMPLE = Path(__file__).resolve().parent / "data" / "setup-office.toml"


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(str(tmp_path / "office.sqlite"))
    yield database
    database.dispose()


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _count(db: Database, model: type) -> int:
    with db.session() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_apply_creates_the_office_and_a_second_apply_changes_nothing(db: Database) -> None:
    setup = parse_setup(SAMPLE.read_bytes())
    assert is_empty_office(db)
    changes = apply_setup(db, setup, identity=UNRESTRICTED)
    assert not is_empty_office(db)
    assert len(changes) == 1 + 2 + 3 + 3 + 5 + 2
    assert all(c.action == "new" for c in changes)
    assert "„Jobcenter Neckarsulm“" in changes[1].de
    assert "“Jobcenter Neckarsulm”" in changes[1].en
    assert apply_setup(db, setup, identity=UNRESTRICTED) == []
    with db.session() as session:
        office = session.scalars(select(Office)).one()
        assert office.state == "BW"
        assert office.lat is not None
        assert office.lon is not None
        anna = session.scalars(
            select(OutreachWorker).where(OutreachWorker.name == "Anna Berger")
        ).one()
        assert (anna.start_time, anna.end_time, anna.break_minutes) == ("08:00", "16:00", 30)
        assert anna.office_id == office.id
        assert anna.start_lat is not None
        assert session.scalar(select(func.count()).select_from(WorkerArea)) == 5
        nord = session.scalars(select(Area).where(Area.name == "Nord – Neckartal")).one()
        assert nord.worker_id == anna.id
        assert len(nord.members) == 9
        keller = session.scalars(select(Caseworker).where(Caseworker.name == "Frau Keller")).one()
        assert keller.branch == "Jobcenter Neckarsulm"
        assert keller.phone == "07132 000-521"


def test_dry_run_writes_nothing(db: Database) -> None:
    setup = parse_setup(SAMPLE.read_bytes())
    changes = setup_changes(db, setup, identity=UNRESTRICTED)
    assert len(changes) == 16
    assert is_empty_office(db)
    assert _count(db, Branch) == 0
    assert apply_setup(db, setup, dry_run=True, identity=UNRESTRICTED) == changes


def test_export_round_trips(db: Database) -> None:
    apply_setup(db, parse_setup(SAMPLE.read_bytes()), identity=UNRESTRICTED)
    exported = dump_setup(current_setup(db))
    assert apply_setup(db, parse_setup(exported), identity=UNRESTRICTED) == []
    assert dump_setup(current_setup(db)) == exported


def test_an_export_after_a_flag_list_named_new_caseworkers_applies_and_changes_nothing(
    db: Database, tmp_path: Path
) -> None:
    # The spec's contract: apply of an exported setup changes nothing. A flag list adds the
    # caseworkers (HB) it names; their teams were not added, so the export named teams it did
    # not define and apply refused it ("the team 599 is not defined").
    from fieldkit.services import flaglist
    from fieldkit.settings import Settings
    from fieldkit.store.models_setup import Team
    from tests.conftest import SPEC_DATA

    apply_setup(db, parse_setup(SAMPLE.read_bytes()), identity=UNRESTRICTED)
    text = (SPEC_DATA / "sample-week.csv").read_text(encoding="utf-8")
    flags = tmp_path / "flags.csv"
    flags.write_text(text.replace(";Herr Brandt;523;", ";Frau Neu;599;"), encoding="utf-8")
    report = flaglist.check(flags, Settings(), identity=UNRESTRICTED)
    flaglist.import_report(db, report, source=flags.name, identity=UNRESTRICTED)
    exported = dump_setup(current_setup(db))
    assert '[[teams]]\nnumber = "599"' in exported
    assert apply_setup(db, parse_setup(exported), identity=UNRESTRICTED) == []
    # A database whose import predates this: the export names the team all the same, and
    # the first apply adds it.
    with db.session() as session:
        session.delete(session.scalars(select(Team).where(Team.number == "599")).one())
    exported = dump_setup(current_setup(db))
    changes = apply_setup(db, parse_setup(exported), identity=UNRESTRICTED)
    assert [(c.action, c.table, c.name) for c in changes] == [("new", "teams", "599")]
    assert apply_setup(db, parse_setup(exported), identity=UNRESTRICTED) == []


def test_what_the_file_no_longer_names_is_retired_not_deleted(db: Database) -> None:
    setup = parse_setup(SAMPLE.read_bytes())
    apply_setup(db, setup, identity=UNRESTRICTED)
    setup.outreach_workers.pop()
    setup.branches.pop(0)
    for caseworker in setup.caseworkers:
        caseworker.branch = "Jobcenter Heilbronn"
    west = setup.areas.pop()
    changes = {(c.action, c.table, c.name) for c in apply_setup(db, setup, identity=UNRESTRICTED)}
    assert ("retired", "outreach_workers", "Ben Doğan") in changes
    assert ("retired", "branches", "Jobcenter Neckarsulm") in changes
    assert ("retired", "areas", west.name) in changes
    assert ("changed", "caseworkers", "Frau Keller") in changes
    assert _count(db, OutreachWorker) == 2
    assert _count(db, Branch) == 2
    with db.session() as session:
        ben = session.scalars(
            select(OutreachWorker).where(OutreachWorker.name == "Ben Doğan")
        ).one()
        assert not ben.active
    now = current_setup(db)
    assert [w.name for w in now.outreach_workers] == ["Anna Berger"]
    assert west.name not in [a.name for a in now.areas]
    # Named again: active again, nothing duplicated.
    back = parse_setup(SAMPLE.read_bytes())
    again = {(c.action, c.name) for c in apply_setup(db, back, identity=UNRESTRICTED)}
    assert ("reactivated", "Ben Doğan") in again
    assert _count(db, OutreachWorker) == 2


def test_changes_name_their_keys(db: Database) -> None:
    setup = parse_setup(SAMPLE.read_bytes())
    apply_setup(db, setup, identity=UNRESTRICTED)
    setup.outreach_workers[0] = WorkerInfo(
        "Anna Berger", ["Mo", "Di"], "09:00", "15:00", None, "", ["Nord – Neckartal"]
    )
    (change,) = [
        c for c in apply_setup(db, setup, identity=UNRESTRICTED) if c.table == "outreach_workers"
    ]
    assert change.fields == ("days", "start", "end", "break_minutes", "start_address", "areas")
    with db.session() as session:
        anna = session.scalars(
            select(OutreachWorker).where(OutreachWorker.name == "Anna Berger")
        ).one()
        assert anna.start_lat is None
        assert anna.working_days == "1,2"


def test_an_unsound_setup_writes_nothing(db: Database) -> None:
    setup = parse_setup(SAMPLE.read_bytes())
    setup.caseworkers[0].team = "999"
    with pytest.raises(SetupError) as caught:
        apply_setup(db, setup, identity=UNRESTRICTED)
    assert caught.value.problems[0].code == "unknown_team"
    assert is_empty_office(db)


def test_a_start_address_is_read() -> None:
    found = parse_address("Marktplatz  1, 74336 Brackenheim")
    assert found is not None
    assert (found.street, found.housenumber, found.postcode, found.city) == (
        "Marktplatz",
        "1",
        "74336",
        "Brackenheim",
    )
    assert parse_address("irgendwo") is None


# --------------------------------------------------------------------------- the CLI


def test_cli_apply_twice_export_and_show(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    url = str(tmp_path / "cli.sqlite")
    code, out, _ = run(capsys, "setup", "apply", str(SAMPLE), "--db", url, "--dry-run")
    assert code == 0
    assert "would change: Office" in out
    code, out, _ = run(capsys, "setup", "apply", str(SAMPLE), "--db", url)
    assert code == 0
    assert "16 change(s)" in out
    code, out, _ = run(capsys, "setup", "apply", str(SAMPLE), "--db", url)
    assert code == 0
    assert "Nothing changed" in out
    exported = tmp_path / "export.toml"
    assert run(capsys, "setup", "export", str(exported), "--db", url)[0] == 0
    code, out, _ = run(capsys, "setup", "apply", str(exported), "--db", url)
    assert "Nothing changed" in out
    code, out, _ = run(capsys, "setup", "show", "--json", "--db", url)
    data = json.loads(out)
    assert data["office"]["name"] == "Jobcenter Landkreis Heilbronn"
    assert len(data["areas"]) == 5
    code, out, _ = run(capsys, "setup", "show", "--db", url)
    assert parse_setup(out) == parse_setup(exported.read_text(encoding="utf-8"))


def test_cli_problems_are_file_line_sentences(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    url = str(tmp_path / "cli.sqlite")
    text = SAMPLE.read_text(encoding="utf-8").replace('start = "07:30"', 'start = "7 Uhr"')
    text = text.replace('team = "523"', 'team = "999"')
    bad = tmp_path / "bad.toml"
    bad.write_text(text, encoding="utf-8")
    code, _out, err = run(capsys, "setup", "apply", str(bad), "--db", url)
    assert code == 1
    lines = text.split("\n")
    team_line = next(i for i, line in enumerate(lines, 1) if 'team = "999"' in line)
    start_line = next(i for i, line in enumerate(lines, 1) if 'start = "7 Uhr"' in line)
    assert f"{bad}:{team_line}: Caseworker “Herr Brandt”: the team “999” is not defined" in err
    assert f"{bad}:{start_line}: Outreach worker “Ben Doğan”: “7 Uhr” is not a time" in err
    assert "Traceback" not in err
    db = open_database(url)
    try:
        assert is_empty_office(db)
    finally:
        db.dispose()


@pytest.mark.parametrize(
    "content",
    [
        None,  # missing
        "dir",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00binary",
        b"<?xml version='1.0'?><office/>",
        b'\xef\xbb\xbf[office]\r\nname = "<b>x</b>"\r\n',
        b'[office]\nname = "' + b"x" * 10_000 + b'"\n',
        b'[office]\nname = "a\\u0007b"\n',
        "big",
    ],
)
def test_cli_hostile_files_never_give_a_traceback(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: bytes | str | None
) -> None:
    url = str(tmp_path / "cli.sqlite")
    path = tmp_path / "setup.toml"
    if content == "dir":
        path.mkdir()
    elif content == "big":
        with path.open("wb") as fh:
            fh.truncate(50 * 1024 * 1024)
    elif isinstance(content, bytes):
        path.write_bytes(content)
    code, _out, err = run(capsys, "setup", "apply", str(path), "--db", url)
    assert code == 1
    assert "Traceback" not in err
    assert err.strip()
    assert len(err.splitlines()[0]) < 400
    assert "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" not in err
    db = open_database(url)
    try:
        assert is_empty_office(db)
    finally:
        db.dispose()


def test_cli_export_to_a_folder_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(capsys, "setup", "export", str(tmp_path), "--db", str(tmp_path / "x.sqlite"))
    assert code == 1
    assert "folder" in err


def test_addresses_that_cannot_be_placed_are_said(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    text = SAMPLE.read_text(encoding="utf-8").replace(
        'start_address = "Marktplatz 1, 74336 Brackenheim"',
        'start_address = "hinter dem Mond"',
    )
    text = text.replace(
        'postcode = "74072"\ncity = "Heilbronn"', 'postcode = "00000"\ncity = "Xyz"', 1
    )
    path = tmp_path / "unplaced.toml"
    path.write_text(text, encoding="utf-8")
    code, _, err = run(capsys, "setup", "apply", str(path), "--db", str(tmp_path / "u.sqlite"))
    assert code == 0, err
    assert "note: The address of the office" in err
    assert "note: The start address of Ben Doğan could not be placed" in err
    db = open_database(str(tmp_path / "u.sqlite"))
    try:
        assert len(placement_notes(db)) == 2
    finally:
        db.dispose()
