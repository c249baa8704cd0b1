"""The laptops' syncs as the central database saw them (issue 15, item 5): rows written in
the syncs' own transactions, the team lead's list, ``fieldkit office-sync-runs``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from fieldkit.cli import main
from fieldkit.commands import login as cli_login
from fieldkit.domain import roles
from fieldkit.domain.permissions import ANYONE, PermissionDenied
from fieldkit.services.office import Identity
from fieldkit.services.sync_runs import laptop_syncs
from fieldkit.store.db import Database, open_database
from fieldkit.sync import service
from tests.test_sync_helpers import ANNA, NOW, central_copy, new_laptop, record_field_work

TEAMLEAD = Identity(
    role="office", team="521", team_lead=True, account="tl", account_role=roles.TEAMLEAD
)


@pytest.fixture
def central(central_template: str) -> Iterator[str]:
    yield from central_copy(central_template)


@pytest.fixture
def laptop(tmp_path: Path) -> Iterator[Database]:
    db = new_laptop(tmp_path / "laptop.sqlite")
    yield db
    db.dispose()


def _runs(url: str, identity: Identity) -> list[dict[str, object]]:
    db = open_database(url)
    try:
        with db.session() as session:
            return [r.to_json() for r in laptop_syncs(session, identity)]
    finally:
        db.dispose()


def test_each_sync_of_a_laptop_is_counted_centrally(
    central: str, laptop: Database, tmp_path: Path
) -> None:
    first = service.sync_network(laptop, central, worker=ANNA, now=NOW, identity=ANYONE)
    made = record_field_work(laptop, visits=4, drafts=1)
    second = service.sync_network(laptop, central, worker=ANNA, now=NOW, identity=ANYONE)
    service.export_push(laptop, tmp_path / "push.zip", now=NOW, identity=ANYONE)
    imported = service.import_push(central, tmp_path / "push.zip", now=NOW, identity=ANYONE)
    pulled = service.export_pull(
        central,
        tmp_path / "pull.zip",
        worker=ANNA,
        device=laptop.device_id,
        now=NOW,
        identity=ANYONE,
    )
    (row,) = _runs(central, TEAMLEAD)
    assert row["device"] == laptop.device_id
    assert row["worker"] == ANNA
    assert row["runs"] == 4
    assert row["last_mode"] == "export-pull"
    up = [sum(r.pushed.values()) for r in (first, second, imported)]
    assert up[1] >= sum(made.values())
    assert row["pushed"] == sum(up)
    down = [sum(r.pulled.values()) for r in (first, second, pulled)]
    assert row["pulled"] == sum(down)
    assert row["conflicts"] == first.conflicts + second.conflicts + imported.conflicts
    assert row["revoked"] is False


def test_only_the_reports_roles_see_the_list(central: str, laptop: Database) -> None:
    service.sync_network(laptop, central, worker=ANNA, now=NOW, identity=ANYONE)
    for role in (roles.FIELD, roles.CASEWORKER, roles.ADMIN):
        with pytest.raises(PermissionDenied):
            _runs(central, Identity(account="x", account_role=role))


def test_the_cli_lists_the_laptops_for_the_team_lead(
    central: str,
    laptop: Database,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    service.sync_network(laptop, central, worker=ANNA, now=NOW, identity=ANYONE)
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    cli_login._asked.clear()
    monkeypatch.setenv("FIELDKIT_PASSWORD", "demo-passwort")
    monkeypatch.setenv("FIELDKIT_USER", "demo-teamleitung")
    assert main(["office-sync-runs", "--json", "--db", central]) == 0
    out = capsys.readouterr().out
    (row,) = json.loads(out)
    assert (row["device"], row["worker"], row["runs"]) == (laptop.device_id, ANNA, 1)
    assert main(["office-sync-runs", "--db", central]) == 0
    assert laptop.device_id in capsys.readouterr().out
    for bad in ("gestern", "2026-13-45", "x" * 10_000):
        assert main(["office-sync-runs", "--since", bad, "--db", central]) == 1
        err = capsys.readouterr().err
        assert "YYYY-MM-DD" in err or "JJJJ-MM-TT" in err
        assert "Traceback" not in err
    assert main(["office-sync-runs", "--since", "2099-01-01", "--db", central]) == 0
    assert capsys.readouterr().out.strip() in ("No syncs yet.", "Noch keine Synchronisierung.")
    cli_login._asked.clear()
    monkeypatch.setenv("FIELDKIT_USER", "demo-aussendienst")
    assert main(["office-sync-runs", "--db", central]) == 1
    assert "lacks the permission" in capsys.readouterr().err
