"""The back-office demo (issue 17, point 5): a filled outbox, a follow-up with every step, a
team callback with its talk and HB appointment, and the Hamburg parts where enabled."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from fieldkit.domain.settings import RulesSettings
from fieldkit.services import office_callback as callback
from fieldkit.services import office_hamburg as hh
from fieldkit.services import office_hamburg_review as review
from fieldkit.services import office_outbox as outbox
from fieldkit.services.office import Identity
from fieldkit.services.office_demo import write_office_demo
from fieldkit.store.db import Database, open_database
from fieldkit.store.models import Customer
from fieldkit.store.models_office import CaseworkerAppointment, CounsellingTalk
from tests.factories import add_flagged

NOW = datetime(2026, 12, 9, 9, 0, tzinfo=ZoneInfo("Europe/Berlin"))  # Wednesday, KW 50
HAMBURG = RulesSettings(hamburg_rules=True, federal_state="HH")


def _demo(tmp_path: Path, rules: RulesSettings | None) -> Database:
    db = open_database(str(tmp_path / "demo.sqlite"))
    for n, (name, town) in enumerate(
        [("Zander", "Neckarsulm"), ("Albers", "Eppingen"), ("Maier", "Weinsberg"),
         ("Brehm", "Heilbronn"), ("Kunz", "Lauffen")]
    ):  # fmt: skip
        add_flagged(db, f"962D00000{n + 1}", name, town, hb=("Frau Keller", "Herr Brandt")[n % 2])
    write_office_demo(db, NOW, rules=rules)
    return db


def test_the_demo_has_a_callback_with_talk_and_hb_appointment(tmp_path: Path) -> None:
    db = _demo(tmp_path, None)
    with db.session() as session:
        customer_ids = list(session.scalars(select(Customer.id)))
        views = [v for cid in customer_ids for v in callback.history(session, cid)]
        assert len(views) == 1
        (view,) = views
        assert f"{view.starts_at.astimezone(NOW.tzinfo):%H:%M}" == "09:45"
        assert view.outcome == "kommt zum Termin beim HB"
        assert view.appointment.startswith("Folgetermin bei ")
        messages = outbox.list_messages(session, Identity())
        assert any(m.is_open for m in messages)
        assert any(not m.is_open for m in messages)
        assert session.scalar(select(func.count()).select_from(CounsellingTalk)) == 0
        assert set(session.scalars(select(Customer.situation))) == {""}  # Hamburg off
        hb_appointments = session.scalars(
            select(CaseworkerAppointment).where(CaseworkerAppointment.callback_id.is_not(None))
        ).all()
        assert len(hb_appointments) == 1
    db.dispose()


def test_the_demo_shows_the_hamburg_parts_when_enabled(tmp_path: Path) -> None:
    db = _demo(tmp_path, HAMBURG)
    lead = Identity("office", "Frau Lead", "521", team_lead=True)
    today = NOW.date()
    with db.session() as session:
        assert "" not in set(session.scalars(select(Customer.situation)))
        figures = hh.talk_figures(session, lead, today - timedelta(days=14), today, HAMBURG)
        per_post, presence = hh.team_summary(figures)
        assert {f.caseworker for f in figures} == {"Frau Keller", "Herr Brandt"}
        assert per_post > 10
        channels = list(session.scalars(select(CounsellingTalk.channel)))
        phone = channels.count("phone")
        assert 0 < phone < len(channels) / 3  # some by phone, most in presence
        assert presence == round(100 * (len(channels) - phone) / len(channels))
        reviews = review.reviews_due(session, lead, date(2027, 3, 10), HAMBURG, within_days=0)
        contacts = hh.contacts_due(session, lead, today, HAMBURG)
    # Every second customer was reviewed three months ago: due again six months after.
    assert [(r.last_review, r.due) for r in reviews] == [
        (today - timedelta(days=91), date(2027, 3, 9))
    ] * 2
    assert contacts == []  # everybody had a talk in the last two weeks
    db.dispose()
