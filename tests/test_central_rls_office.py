"""The office's side of sync under row-level security (issue 15): a team lead's login
(SYNC_OFFICE) imports a laptop's push file, writes its pull file and publishes the office's
documents on a central database that ran ``central init``, with the same outcome as the
owner; it still cannot change pushed records or read beyond the office's sync window, and a
caseworker (no SYNC_OFFICE) cannot do these jobs."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError

from fieldkit.domain.permissions import ANYONE, PermissionDenied
from fieldkit.services.office import Identity
from fieldkit.settings import Settings
from fieldkit.store.db import Database
from fieldkit.sync import engine as eng
from fieldkit.sync import office_docs, service
from fieldkit.sync.errors import SyncError
from tests.test_sync_helpers import (
    ANNA,
    NOW,
    add_login,
    as_worker,
    confirmed_set,
    copy_laptop,
    create_database,
    drop_database,
    drop_logins,
    login_url,
    new_laptop,
    record_field_work,
    snapshot,
)

TEAM = "521"


@pytest.fixture
def office(central: str) -> Iterator[dict[str, str]]:
    """A team lead and a caseworker of team 521: login role names."""
    names = {
        "teamlead": add_login(central, "teamlead", team=TEAM),
        "caseworker": add_login(central, "caseworker", team=TEAM),
    }
    yield names
    drop_logins(list(names.values()))


def _who(name: str, role: str) -> Identity:
    return Identity(role="caseworker", team=TEAM, account=name, account_role=role)


@pytest.fixture
def push_file(central: str, tmp_path: Path) -> Iterator[tuple[Database, Path]]:
    """Anna's enrolled laptop with unsynced field work, exported to a push file."""
    db = new_laptop(tmp_path / "anna.sqlite")
    service.sync_network(db, as_worker(central, ANNA), worker=ANNA, now=NOW, identity=ANYONE)
    record_field_work(db, visits=9, drafts=1)
    path = tmp_path / "push.zip"
    service.export_push(db, path, now=NOW, identity=ANYONE)
    yield db, path
    db.dispose()


def _count(url: str, sql: str, **params: object) -> int:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return int(conn.scalar(sa.text(sql), params) or 0)
    finally:
        engine.dispose()


def test_a_team_lead_imports_a_push_file_like_the_owner(
    central: str,
    central_template: str,
    office: dict[str, str],
    push_file: tuple[Database, Path],
) -> None:
    laptop, path = push_file
    lead = office["teamlead"]
    twin = create_database(central_template)  # the same central, imported by the owner
    try:
        # The twin needs the laptop's enrolment, as the real central got at its first sync.
        keys = snapshot_device(central)
        copy_device(twin, keys)
        by_owner = service.import_push(twin, path, now=NOW, identity=ANYONE)
        got = service.import_push(
            login_url(central, lead), path, now=NOW, identity=_who(lead, "teamlead")
        )
        assert got.rejected == 0
        assert got.pushed == by_owner.pushed
        assert got.pushed["visit"] == 10  # nine visits and a correction, of several teams
        assert snapshot(central) == snapshot(twin)
        teams = _count(
            central,
            "SELECT count(DISTINCT c.team) FROM visit v JOIN customer c ON c.id = v.customer_id",
        )
        assert teams > 1  # the file held other teams' customers, and they went in
        # The change log names the team lead's login as the one who wrote them.
        assert (
            _count(
                central,
                "SELECT count(*) FROM central_change_log WHERE db_role = :r "
                "AND record_table = 'visit' AND operation = 'INSERT'",
                r=lead,
            )
            == 10
        )
    finally:
        drop_database(twin)
    assert laptop.device_id == got.device


def snapshot_device(url: str) -> list[dict[str, object]]:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        rows = [dict(r._mapping) for r in conn.execute(sa.select(eng.table("sync_device")))]
    engine.dispose()
    return rows


def copy_device(url: str, rows: list[dict[str, object]]) -> None:
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(eng.table("sync_device").insert(), rows)
    engine.dispose()


def test_a_team_lead_writes_the_same_pull_file_as_the_owner(
    central: str, office: dict[str, str], push_file: tuple[Database, Path], tmp_path: Path
) -> None:
    laptop, path = push_file
    lead = office["teamlead"]
    url = login_url(central, lead)
    service.import_push(url, path, now=NOW, identity=_who(lead, "teamlead"))
    engine = sa.create_engine(central)
    with engine.connect() as conn:
        worker = eng.find_worker(conn, ANNA)
        assert worker is not None
        wanted = eng.select_pull(conn, worker, eng.pull_weeks(NOW.date()))
    engine.dispose()
    pull = tmp_path / "pull.zip"
    twin = copy_laptop(laptop, tmp_path / "twin.sqlite")
    try:
        report = service.export_pull(
            url, pull, worker=ANNA, device=twin.device_id, now=NOW, identity=_who(lead, "teamlead")
        )
        assert report.pulled == {k: len(v) for k, v in wanted.items()}
        assert len({c["team"] for c in wanted["customer"]}) > 1  # not only the lead's team
        service.import_pull(twin, pull, now=NOW, identity=ANYONE)
        # Everything the file carried is confirmed: the laptop has nothing left to send.
        assert service.unsynced_count(twin) == 0
        assert ("visit", str(next(iter(_visit_ids(central))))) in confirmed_set(twin)
    finally:
        twin.dispose()


def _visit_ids(url: str) -> set[uuid.UUID]:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        ids = set(conn.scalars(sa.text("SELECT id FROM visit")))
    engine.dispose()
    return ids


def test_a_team_lead_publishes_the_offices_documents(central: str, office: dict[str, str]) -> None:
    lead, caseworker = office["teamlead"], office["caseworker"]
    report = office_docs.publish(
        login_url(central, lead), office="", settings=Settings(), now=NOW, by="Teamleitung"
    )
    assert report.settings
    assert _count(central, "SELECT count(*) FROM office_document") == 2
    # Again (replaces the rows), and a caseworker may not: one sentence, nothing changed.
    office_docs.publish(login_url(central, lead), office="", settings=Settings(), now=NOW, by="TL")
    assert _count(central, "SELECT count(*) FROM office_document") == 2
    with pytest.raises(SyncError) as err:
        office_docs.publish(login_url(central, caseworker), office="", settings=Settings(), now=NOW)
    assert "Nothing was published" in str(err.value)
    assert "\n" not in str(err.value)
    assert _count(central, "SELECT count(*) FROM office_document WHERE published_by = 'TL'") == 2


def _refused(url: str, sql: str, **params: object) -> str:
    engine = sa.create_engine(url)
    try:
        with engine.begin() as conn, pytest.raises(DBAPIError) as err:
            conn.execute(sa.text(sql), params)
        return str(err.value.orig)
    finally:
        engine.dispose()


def test_the_team_lead_sees_the_sync_window_only_and_never_changes_pushed_records(
    central: str, office: dict[str, str], push_file: tuple[Database, Path]
) -> None:
    _laptop, path = push_file
    lead = office["teamlead"]
    url = login_url(central, lead)
    service.import_push(url, path, now=NOW, identity=_who(lead, "teamlead"))
    for table in ("visit", "case_note", "task"):
        assert "permission denied" in _refused(url, f"DELETE FROM {table}")
    assert "permission denied" in _refused(url, "UPDATE visit SET note = 'geändert'")
    # A draft never goes in, not even through the team lead.
    insert = (
        "INSERT INTO visit (id, flag_id, customer_id, visited_at, details, note, complex_case, "
        "benefits_hint, state, created_at, updated_at, device_id) SELECT :id, f.id, "
        "f.customer_id, now(), '{}', 'x', false, '', 'draft', now(), now(), 'x' "
        "FROM flag f LIMIT 1"
    )
    assert "row-level security" in _refused(url, insert, id=uuid.uuid4())
    # Another team's customer whose flag lies three weeks ahead is out of sight.
    other = _count(
        central,
        "SELECT count(*) FROM flag f JOIN customer c ON c.id = f.customer_id WHERE c.team <> :t",
        t=TEAM,
    )
    assert other
    owner = sa.create_engine(central)
    with owner.begin() as conn:
        conn.execute(
            sa.text(
                "UPDATE flag SET visit_week = '2026-W51' WHERE customer_id IN "
                "(SELECT id FROM customer WHERE team <> :t)"
            ),
            {"t": TEAM},
        )
    owner.dispose()
    assert _count(url, "SELECT count(*) FROM customer WHERE team <> :t", t=TEAM) == 0
    assert _count(url, "SELECT count(*) FROM customer WHERE team = :t", t=TEAM) > 0


def test_a_caseworker_or_a_disabled_team_lead_cannot_import_a_push_file(
    central: str, office: dict[str, str], push_file: tuple[Database, Path]
) -> None:
    _laptop, path = push_file
    caseworker, lead = office["caseworker"], office["teamlead"]
    # The service refuses the caseworker's role; the database refuses its login too.
    with pytest.raises(PermissionDenied) as err:
        service.import_push(
            login_url(central, caseworker), path, now=NOW, identity=_who(caseworker, "caseworker")
        )
    assert "\n" not in str(err.value)
    with pytest.raises(SyncError):
        service.import_push(login_url(central, caseworker), path, now=NOW, identity=ANYONE)
    assert _visit_ids(central) == set()
    owner = sa.create_engine(central)
    with owner.begin() as conn:
        conn.execute(sa.text("UPDATE account SET disabled = true WHERE name_key = :n"), {"n": lead})
    owner.dispose()
    report = service.import_push(
        login_url(central, lead), path, now=NOW, identity=_who(lead, "teamlead")
    )
    # Every record refused by the policies (kept on the laptop as rejected), none stored.
    assert report.rejected > 0
    assert _visit_ids(central) == set()


def test_a_caseworker_imports_a_flag_list_of_their_team_naming_a_new_colleague(
    central: str, office: dict[str, str], tmp_path: Path
) -> None:
    # The back office imports flag lists in the central database under its own login: a
    # new HB of its team is added (caseworker), and a customer of another team is refused.
    from fieldkit.services import flaglist
    from fieldkit.store.db import open_database
    from tests.conftest import SPEC_DATA

    name = office["caseworker"]
    rows = (SPEC_DATA / "sample-week.csv").read_text(encoding="utf-8").splitlines()
    ours = [rows[0], *(r for r in rows[1:] if f";{TEAM};" in r)]
    assert len(ours) > 1
    flags = tmp_path / "flags.csv"
    flags.write_text(
        "\n".join(ours).replace(";Frau Keller;521;", ";Frau Neu;521;") + "\n", encoding="utf-8"
    )
    db = open_database(login_url(central, name))
    try:
        who = _who(name, "caseworker")
        report = flaglist.check(flags, Settings(), identity=who)
        result = flaglist.import_report(db, report, source=flags.name, identity=who)
        assert result.created == len(ours) - 1
    finally:
        db.dispose()
    assert _count(central, "SELECT count(*) FROM caseworker WHERE name = 'Frau Neu'") == 1
    # Another team's rows: all or nothing refuses the list, skipping imports the own ones.
    whole = tmp_path / "whole.csv"
    whole.write_text("\n".join(rows).replace("962D1", "962D8") + "\n", encoding="utf-8")
    db = open_database(login_url(central, name))
    try:
        report = flaglist.check(whole, Settings(), identity=who)
        with pytest.raises(flaglist.FlagListError, match="other teams") as refused:
            flaglist.import_report(db, report, source=whole.name, skip_invalid=False, identity=who)
        assert "962D8" not in refused.value.message("de")  # lines and teams, no customer
        done = flaglist.import_report(db, report, source=whole.name, identity=who)
        assert done.skipped_other_team == len(rows) - len(ours)
        assert "anderer Teams übersprungen" in done.text()
        # A row that names no team is the importer's (stored without one, the central
        # database refused it and the team could not have seen it).
        bare = tmp_path / "bare.csv"
        header = rows[0].split(";")
        cells = ours[1].replace("962D1", "962D9").split(";")
        cells[header.index("team")] = ""
        bare.write_text(rows[0] + "\n" + ";".join(cells) + "\n", encoding="utf-8")
        report = flaglist.check(bare, Settings(), identity=who)
        assert flaglist.import_report(db, report, source=bare.name, identity=who).created == 1
    finally:
        db.dispose()
    mine = "SELECT count(*) FROM customer WHERE kundennummer LIKE '962D9%' AND team = :t"
    assert _count(central, mine, t=TEAM) == 1


def test_a_flag_list_the_database_refuses_is_one_sentence_without_its_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy.exc import ProgrammingError

    from fieldkit.services import flaglist
    from fieldkit.services.office import UNRESTRICTED
    from fieldkit.store.db import open_database
    from tests.conftest import SPEC_DATA

    def refused(*_args: object) -> None:
        raise ProgrammingError(
            "INSERT INTO customer …",
            {"nachname": "Geheimname"},
            Exception('new row violates row-level security policy for table "customer"'),
            hide_parameters=True,
        )

    monkeypatch.setattr(flaglist, "_write", refused)
    db = open_database(str(tmp_path / "x.sqlite"))
    try:
        report = flaglist.check(SPEC_DATA / "sample-week.csv", Settings(), identity=UNRESTRICTED)
        with pytest.raises(flaglist.FlagListError, match="refused rows") as error:
            flaglist.import_report(db, report, identity=UNRESTRICTED)
    finally:
        db.dispose()
    assert "Geheimname" not in error.value.message("de") + error.value.message("en")


def test_a_caseworker_marks_the_teams_task_done_and_note_transferred(
    central: str, office: dict[str, str]
) -> None:
    # Every write is stamped with the writing device (store.db); the column grants lacked
    # device_id, so "erledigt" in the inbox was "permission denied" for the back office.
    from fieldkit.services import office_inbox as inbox
    from fieldkit.store.db import open_database
    from fieldkit.store.models import CaseNote, Customer, Task

    owner = open_database(central)
    try:
        with owner.session() as session:
            customer = session.scalars(sa.select(Customer).where(Customer.team == TEAM)).first()
            assert customer is not None
            # Pushed by a laptop: written by another device than the central database's own.
            note = CaseNote(
                customer_id=customer.id, text="Vermerk", state="final", device_id="vm-laptop"
            )
            task = Task(
                customer_id=customer.id, title="Aufgabe", text="bitte prüfen", device_id="vm-laptop"
            )
            session.add_all([note, task])
            session.flush()
            ids = {"note": note.id, "task": task.id}
    finally:
        owner.dispose()
    name = office["caseworker"]
    db = open_database(login_url(central, name))
    try:
        who = _who(name, "caseworker")
        for kind, ref in ids.items():
            inbox.mark_done(db, who, kind, ref, "Frau Keller", NOW)
        inbox.reopen(db, who, "task", ids["task"])
    finally:
        db.dispose()
    assert _count(central, "SELECT count(*) FROM case_note WHERE transferred_at IS NOT NULL "
                  "AND id = :i", i=ids["note"]) == 1  # fmt: skip
    assert _count(central, "SELECT count(*) FROM task WHERE done_at IS NULL AND id = :i",
                  i=ids["task"]) == 1  # fmt: skip
