"""``fieldkit office-deputies`` and ``fieldkit office-absences`` against a real SQLite file."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from fieldkit.cli import main
from fieldkit.services import office_staff as staff
from fieldkit.store.db import open_database
from fieldkit.store.models import Caseworker
from fieldkit.store.models_office import Absence, DeputyRule
from tests.factories import add_flagged

HUGE = "X" * 5000


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    path = tmp_path / "office.sqlite"
    database = open_database(str(path))
    add_flagged(database, "962D000001", "Zander", "Neckarsulm")  # HB Frau Keller, team 521
    with database.session() as session:
        session.add_all(
            [
                Caseworker(name="Herr Brandt", team="521"),
                Caseworker(name="Frau Ohm", team="521"),
                Caseworker(name="Herr Ost", team="530"),
            ]
        )
    database.dispose()
    return path


def run(capsys: pytest.CaptureFixture[str], db_path: Path, *argv: str) -> tuple[int, str, str]:
    code = main([*argv, "--db", str(db_path)])
    out, err = capsys.readouterr()
    return code, out, err


def order(db_path: Path, team: str = "521", owner: str = "") -> list[str]:
    database = open_database(str(db_path))
    try:
        with database.session() as session:
            return [line.deputy for line in staff.deputy_lines(session, team, date.today(), owner)]
    finally:
        database.dispose()


def count(db_path: Path, table: type[Absence] | type[DeputyRule]) -> int:
    database = open_database(str(db_path))
    try:
        with database.session() as session:
            return int(session.scalar(select(func.count()).select_from(table)) or 0)
    finally:
        database.dispose()


def test_deputies_are_added_listed_moved_and_removed(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("Herr Brandt", "Frau Ohm", "Herr Ost"):
        code, out, err = run(capsys, db_path, "office-deputies", "add", "521", name)
        assert (code, err) == (0, "")
        assert out == f"{name} added to the deputy rule of team 521.\n"
    assert order(db_path) == ["Herr Brandt", "Frau Ohm", "Herr Ost"]

    code, out, _ = run(capsys, db_path, "office-deputies", "move", "521", "Herr Ost", "up")
    assert (code, out) == (0, "Herr Ost is now asked at position 2.\n")
    code, out, _ = run(capsys, db_path, "office-deputies", "move", "521", "Herr Brandt", "up")
    assert (code, out) == (0, "Herr Brandt is now asked at position 1.\n")  # stays first
    assert order(db_path) == ["Herr Brandt", "Herr Ost", "Frau Ohm"]

    code, out, _ = run(capsys, db_path, "office-deputies", "list", "521")
    assert code == 0
    assert out.splitlines() == [
        "Deputy rule of team 521:",
        "  1. Herr Brandt (team 521)",
        "  2. Herr Ost (team 530)",
        "  3. Frau Ohm (team 521)",
    ]

    code, out, _ = run(capsys, db_path, "office-deputies", "remove", "521", "Herr Ost")
    assert (code, out) == (0, "Herr Ost removed from the deputy rule of team 521.\n")
    assert order(db_path) == ["Herr Brandt", "Frau Ohm"]


def test_own_rule_and_listing_of_every_team(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, db_path, "office-deputies", "add", "521", "Herr Brandt")
    code, _, err = run(
        capsys, db_path, "office-deputies", "add", "521", "Frau Ohm", "--for", "Frau Keller"
    )
    assert (code, err) == (0, "")
    assert order(db_path, owner="Frau Keller") == ["Frau Ohm"]
    day = date.today() + timedelta(days=3)
    run(capsys, db_path, "office-absences", "add", "Herr Brandt", day.isoformat(), day.isoformat())

    code, out, _ = run(capsys, db_path, "office-deputies", "list", "--day", day.isoformat())
    assert code == 0
    assert out.splitlines() == [
        "Deputy rule of team 521:",
        f"  1. Herr Brandt (team 521), absent until {day.isoformat()}",
        "Own deputy rule of Frau Keller (team 521):",
        "  1. Frau Ohm (team 521)",
        "Deputy rule of team 530: nobody.",
    ]
    code, out, _ = run(capsys, db_path, "office-deputies", "list", "--for", "Frau Keller")
    assert out.splitlines() == [
        "Own deputy rule of Frau Keller (team 521):",
        "  1. Frau Ohm (team 521)",
    ]

    code, _, _ = run(
        capsys,
        db_path,
        "office-deputies",
        "move",
        "521",
        "Frau Ohm",
        "down",
        "--for",
        "Frau Keller",
    )
    assert code == 0
    code, _, _ = run(
        capsys, db_path, "office-deputies", "remove", "521", "Frau Ohm", "--for", "Frau Keller"
    )
    assert code == 0
    assert order(db_path, owner="Frau Keller") == []
    assert order(db_path) == ["Herr Brandt"]


@pytest.mark.parametrize(
    ("argv", "sentence"),
    [
        (("add", "521", "Herr Niemand"), "Unknown caseworker 'Herr Niemand'."),
        (("add", "521", ""), "The deputy is missing."),
        (("add", "  ", "Frau Ohm"), "The team is missing."),
        (("add", "999", "Frau Ohm"), "Unknown team '999'."),
        (("add", HUGE, "Frau Ohm"), "The team name is too long (at most 20 characters)."),
        (("add", "521", "Herr Brandt"), "Herr Brandt is already in this deputy rule."),
        (("add", "521", "Frau Keller", "--for", "Frau Keller"), "Nobody deputises for themself."),
        (("add", "521", "Frau Ohm", "--for", "Herr Ost"), "Herr Ost is not in team 521."),
        (("add", "521", "Frau Ohm", "--for", "Frau Nemo"), "Unknown caseworker 'Frau Nemo'."),
        (("remove", "521", "Frau Ohm"), "Frau Ohm is not in this deputy rule."),
        (("remove", "521", HUGE), "Unknown caseworker"),
        (("move", "999", "Herr Brandt", "up"), "Unknown team '999'."),
        (("list", HUGE), "Unknown team"),
        (("list", "530", "--for", "Frau Keller"), "Frau Keller is not in team 530."),
        (("list", "--day", "07.12.2026"), "'07.12.2026' is not a date like 2026-12-07."),
    ],
)
def test_deputy_mistakes_are_one_english_sentence(
    db_path: Path, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], sentence: str
) -> None:
    run(capsys, db_path, "office-deputies", "add", "521", "Herr Brandt")
    code, out, err = run(capsys, db_path, "office-deputies", *argv)
    assert code == 1
    assert out == ""
    assert err.startswith(f"fieldkit: {sentence}")
    assert err.count("\n") == 1  # one line
    assert len(err) < 200  # a huge name is cut
    assert count(db_path, DeputyRule) == 1


def test_absences_are_added_listed_and_removed(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    start = date.today() + timedelta(days=7)
    end = start + timedelta(days=4)
    code, out, err = run(
        capsys, db_path, "office-absences", "add", "Frau Ohm", start.isoformat(), end.isoformat(),
        "--reason", "  Urlaub  ",
    )  # fmt: skip
    assert (code, out, err) == (0, "Absence recorded for Frau Ohm.\n", "")
    past = date.today() - timedelta(days=30)
    code, _, _ = run(
        capsys, db_path, "office-absence", "Herr Ost", past.isoformat(), past.isoformat()
    )
    assert code == 0  # the short form still records

    code, out, _ = run(capsys, db_path, "office-absences", "list")
    assert out == f"{start.isoformat()}\t{end.isoformat()}\tFrau Ohm (team 521)\tUrlaub\n"
    code, out, _ = run(capsys, db_path, "office-absences", "list", "--all")
    assert out.splitlines()[0].startswith(f"{past.isoformat()}\t{past.isoformat()}\tHerr Ost")
    code, out, _ = run(capsys, db_path, "office-absences", "list", "--team", "530")
    assert out == "No absences recorded.\n"

    inside = (start + timedelta(days=2)).isoformat()
    code, out, _ = run(capsys, db_path, "office-absences", "remove", "Frau Ohm", inside)
    assert (code, out) == (0, "Absence of Frau Ohm removed.\n")
    assert count(db_path, Absence) == 1


@pytest.mark.parametrize(
    ("argv", "sentence"),
    [
        (("add", "Frau Ohm", "2026-12-09", "2026-12-12"), "Frau Ohm already has an overlapping"),
        (("add", "Frau Ohm", "2026-12-20", "2026-12-19"), "The absence ends before it starts."),
        (("add", "", "2026-12-20", "2026-12-21"), "The caseworker is missing."),
        (("add", "   ", "2026-12-20", "2026-12-21"), "The caseworker is missing."),
        (("add", "Herr Niemand", "2026-12-20", "2026-12-21"), "Unknown caseworker 'Herr Niemand'."),
        (("add", HUGE, "2026-12-20", "2026-12-21"), "Unknown caseworker"),
        (
            ("add", "Frau Ohm", "2026-12-20", "2026-12-21", "--reason", HUGE),
            "The reason is too long",
        ),
        (("add", "Frau Ohm", "", "2026-12-21"), "'' is not a date like 2026-12-07."),
        (("add", "Frau Ohm", HUGE, "2026-12-21"), "'XXXXXXXXXX"),
        (("remove", "Frau Ohm", "2026-12-20"), "Frau Ohm is not recorded absent on 2026-12-20."),
        (("remove", "", "2026-12-10"), "The caseworker is missing."),
        (("remove", HUGE, "2026-12-10"), "Unknown caseworker"),
        (("list", "--team", "999"), "Unknown team '999'."),
    ],
)
def test_absence_mistakes_are_one_english_sentence(
    db_path: Path, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], sentence: str
) -> None:
    run(capsys, db_path, "office-absences", "add", "Frau Ohm", "2026-12-07", "2026-12-11")
    code, out, err = run(capsys, db_path, "office-absences", *argv)
    assert code == 1
    assert out == ""
    assert err.startswith(f"fieldkit: {sentence}")
    assert err.count("\n") == 1
    assert len(err) < 200
    assert count(db_path, Absence) == 1


def test_a_missing_action_is_a_usage_error(db_path: Path) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["office-deputies", "--db", str(db_path)])
    assert caught.value.code == 2
