"""Letter templates and office-wide settings travel from the back office to the laptops."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from fieldkit import paths
from fieldkit.domain.permissions import ANYONE
from fieldkit.printing.templates import load_templates, office_template_key, shipped_templates
from fieldkit.settings import Settings, SettingsStore, settings_file
from fieldkit.store.db import Database
from fieldkit.sync import engine as eng
from fieldkit.sync import office_docs, service
from fieldkit.sync.errors import SyncError
from tests.test_sync_helpers import ANNA, NOW, as_worker, new_laptop

KEY = "invitation.intro"


@pytest.fixture
def laptop(tmp_path: Path) -> Iterator[Database]:
    db = new_laptop(tmp_path / "laptop.sqlite")
    yield db
    db.dispose()


def _office_name(url: str) -> str:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        name = conn.scalar(sa.select(eng.table("office").c.name))
    engine.dispose()
    assert name
    return str(name)


def _office_installation(tmp_path: Path, office: str, intro: str) -> Settings:
    """The back office's settings and its edited template file (in its own folder)."""
    folder = tmp_path / "office-templates"
    folder.mkdir()
    (folder / f"{office_template_key(office)}.json").write_text(
        json.dumps({KEY: [intro, "Zweiter Absatz."]}), encoding="utf-8"
    )
    return (
        Settings()
        .replace("rules", office_hours_end="15:00", extra_closed_days=("12-24", "12-31"))
        .replace("routing", service_minutes=25, time_limit_seconds=99.0)
        .replace("printing", template_dir=str(folder), office_email="team@example.invalid")
        .replace("sync", keep_days=30, central_url="postgresql://office-only/x", batch_size=7)
        .replace("app", language="de")
    )


def _publish(central: str, tmp_path: Path, intro: str) -> str:
    """Publish an office installation whose letters begin with ``intro``; the office's name."""
    office = _office_name(central)
    settings = _office_installation(tmp_path, office, intro)
    office_docs.publish(central, office=office, settings=settings, now=NOW)
    return office


def _documents(url: str) -> list[dict[str, object]]:
    engine = sa.create_engine(url)
    t = eng.table("office_document")
    with engine.connect() as conn:
        rows = [dict(r._mapping) for r in conn.execute(sa.select(t).order_by(t.c.kind))]
    engine.dispose()
    return rows


def test_published_templates_and_settings_reach_the_laptop_once(
    central: str, laptop: Database, tmp_path: Path
) -> None:
    office = _office_name(central)
    published = office_docs.publish(
        central,
        office="",
        settings=_office_installation(tmp_path, office, "Guten Tag aus dem Team."),
        now=NOW,
        by="Teamleitung",
    )
    assert published.template_entries == 1
    assert "central_url" not in published.settings["sync"]
    docs = _documents(central)
    assert [d["kind"] for d in docs] == ["letter_templates", "settings"]
    assert docs[0]["body"] == {KEY: ["Guten Tag aus dem Team.", "Zweiter Absatz."]}

    # The laptop has its own connection, language and solver limit: those stay.
    own = Settings().replace("app", language="en").replace("routing", time_limit_seconds=5.0)
    SettingsStore().save(own.replace("sync", central_url="postgresql://laptop/x", worker_name=ANNA))
    report = service.sync_network(
        laptop, as_worker(central, ANNA), worker=ANNA, now=NOW, identity=ANYONE
    )
    assert report.adopted == ["letter_templates", "settings"]
    assert "took over the office's letter templates and office-wide settings" in report.text()
    now = Settings.load()
    assert now.rules.office_hours_end == "15:00"
    assert now.rules.extra_closed_days == ("12-24", "12-31")
    assert now.routing.service_minutes == 25
    assert now.printing.office_email == "team@example.invalid"
    assert now.sync.keep_days == 30
    assert now.app.language == "en"
    assert now.routing.time_limit_seconds == 5.0
    assert now.sync.central_url == "postgresql://laptop/x"
    assert now.sync.batch_size == own.sync.batch_size
    assert now.printing.template_dir == ""
    letters = load_templates(office_template_key(office))
    assert letters.paragraphs(KEY) == ("Guten Tag aus dem Team.", "Zweiter Absatz.")
    # Every other entry is still the shipped text.
    other = next(k for k in shipped_templates() if k != KEY and not k.startswith("_"))
    assert letters.paragraphs(other) == shipped_templates()[other]

    stamp = settings_file().stat().st_mtime_ns
    again = service.sync_network(
        laptop, as_worker(central, ANNA), worker=ANNA, now=NOW, identity=ANYONE
    )
    assert again.adopted == []
    assert settings_file().stat().st_mtime_ns == stamp
    assert not list((paths.config_dir() / "templates").glob("*.bak"))
    # Publishing again replaces the documents; it never adds a second pair.
    plain = Settings().replace("printing", template_dir=str(tmp_path / "unchanged"))
    office_docs.publish(central, office=office, settings=plain, now=NOW)
    assert len(_documents(central)) == 2
    third = service.sync_network(
        laptop, as_worker(central, ANNA), worker=ANNA, now=NOW, identity=ANYONE
    )
    assert third.adopted == ["letter_templates", "settings"]
    assert load_templates(office_template_key(office)).paragraphs(KEY) == shipped_templates()[KEY]
    assert Settings.load().rules.office_hours_end == Settings().rules.office_hours_end
    assert Settings.load().app.language == "en"


def test_a_local_template_edit_is_replaced_but_kept_as_a_copy(
    central: str, laptop: Database, tmp_path: Path
) -> None:
    office = _publish(central, tmp_path, "Vom Innendienst.")
    folder = paths.config_dir() / "templates"
    folder.mkdir(parents=True)
    own = folder / f"{office_template_key(office)}.json"
    own.write_text(json.dumps({KEY: "Eigener Text."}), encoding="utf-8")
    service.sync_network(laptop, as_worker(central, ANNA), worker=ANNA, now=NOW, identity=ANYONE)
    assert load_templates(office_template_key(office)).paragraphs(KEY)[0] == "Vom Innendienst."
    backup = own.with_name(own.name + ".bak")
    assert json.loads(backup.read_text(encoding="utf-8")) == {KEY: "Eigener Text."}


def test_the_pull_file_carries_the_documents_too(
    central: str, laptop: Database, tmp_path: Path
) -> None:
    office = _publish(central, tmp_path, "Per Datei.")
    pull = tmp_path / "pull.zip"
    service.enrol(
        laptop, central, worker=ANNA, now=NOW, identity=ANYONE
    )  # the key exchange, at the office
    service.export_pull(
        central, pull, worker=ANNA, device=laptop.device_id, now=NOW, identity=ANYONE
    )
    report = service.import_pull(laptop, pull, now=NOW, identity=ANYONE)
    assert report.adopted == ["letter_templates", "settings"]
    assert load_templates(office_template_key(office)).paragraphs(KEY)[0] == "Per Datei."
    assert Settings.load().sync.keep_days == 30


def test_hostile_documents_change_only_office_wide_values_of_the_right_type(
    central: str, laptop: Database
) -> None:
    office = _office_name(central)
    engine = sa.create_engine(central)
    t = eng.table("office_document")
    with engine.begin() as conn:
        office_id = conn.scalar(sa.select(eng.table("office").c.id))
        assert office_id is not None
        for kind, body in (
            (
                "settings",
                {
                    "sync": {"central_url": "postgresql://evil/x", "keep_days": "viele"},
                    "app": {"language": "xx"},
                    "rules": {"office_hours_end": "14:30", "call_min_gap_hours": [1]},
                    "nonsense": {"a": 1},
                    "printing": "kein Objekt",
                },
            ),
            (
                "letter_templates",
                {KEY: {"kein": "Text"}, "invitation.subject": "Einladung", "_note": "x"},
            ),
        ):
            conn.execute(
                sa.insert(t).values(
                    id=office_docs.document_id(office_id, kind),
                    office_id=office_id,
                    kind=kind,
                    body=body,
                    published_by="",
                    created_at=NOW,
                    updated_at=NOW,
                    device_id="",
                )
            )
    engine.dispose()
    service.sync_network(laptop, as_worker(central, ANNA), worker=ANNA, now=NOW, identity=ANYONE)
    now = Settings.load()
    assert now.rules.office_hours_end == "14:30"
    assert now.rules.call_min_gap_hours == Settings().rules.call_min_gap_hours
    assert now.sync.central_url == ""
    assert now.sync.keep_days == Settings().sync.keep_days
    assert now.app.language == ""
    letters = load_templates(office_template_key(office))
    assert letters.paragraphs("invitation.subject") == ("Einladung",)
    assert letters.paragraphs(KEY) == shipped_templates()[KEY]


def test_publishing_names_a_missing_office(central: str) -> None:
    with pytest.raises(SyncError) as caught:
        office_docs.publish(central, office="Jobcenter Nirgendwo", settings=Settings(), now=NOW)
    assert caught.value.code == "office"
    assert "Jobcenter Nirgendwo" in str(caught.value)
    assert _documents(central) == []


def test_office_wide_settings_round_trip_without_the_local_ones() -> None:
    office = Settings().replace("rules", federal_state="HH").replace("app", device_name="x")
    data = office.office_wide()
    assert data["rules"]["federal_state"] == "HH"
    # Of the app's settings only the lock threshold is the office's (it may only tighten).
    assert data["app"] == {"idle_lock_minutes": 10}
    assert "template_dir" not in data["printing"]
    assert "time_limit_seconds" not in data["routing"]
    json.dumps(data)  # publishable as it is
    laptop = Settings().replace("app", device_name="laptop-7")
    taken = laptop.with_office_wide(data)
    assert taken.rules.federal_state == "HH"
    assert taken.app.device_name == "laptop-7"
    assert laptop.with_office_wide("kaputt").to_dict() == laptop.to_dict()


def test_the_command_line_publishes_and_names_mistakes(
    central: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from fieldkit.cli import main

    office = _office_name(central)
    SettingsStore().save(_office_installation(tmp_path, office, "Über die Kommandozeile."))
    assert main(["sync", "--publish", "--central", central]) == 0
    out = capsys.readouterr().out
    assert f"Published for {office}: 1 changed letter template entries" in out
    assert main(["sync", "--publish", "--central", central, "--office", "Gibt es nicht"]) == 1
    err = capsys.readouterr().err
    assert "knows no office named 'Gibt es nicht'" in err
    assert "Traceback" not in err
    # Without --central the remembered address is used; this one is refused before
    # connecting (a remote server without verified TLS, issue 15).
    assert main(["sync", "--publish"]) == 1
    assert "office-only is reached only through verified TLS" in capsys.readouterr().err
    assert len(_documents(central)) == 2
