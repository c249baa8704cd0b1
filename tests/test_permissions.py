"""Roles are enforced in the services (issue 14, item 3): every entry point, every role.

Each entry point of the table is really called: with every role that lacks its permission it
must refuse with the one sentence (nothing written, not even an audit entry); with every role
that has it, it must get past the check (it then works, or refuses the test's input for a
reason of its own, never for the role). Then: who sees which customers.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from fieldkit.domain import permissions as perm
from fieldkit.domain import roles
from fieldkit.domain.permissions import PermissionDenied
from fieldkit.domain.settings import RulesSettings
from fieldkit.errors import BilingualError, UserError
from fieldkit.geo.settings import GeoSettings
from fieldkit.importing import CheckReport
from fieldkit.routing.settings import RoutingSettings
from fieldkit.services import (
    audit,
    field,
    flaglist,
    geocoding,
    office_desk,
    office_flagging,
    office_followup,
    office_followup_law,
    office_hamburg,
    office_inbox,
    office_outbox,
    office_outbox_pdf,
    office_report_figures,
    office_reports,
    office_staff,
    osm,
    planning,
    printing,
    rules,
    setup,
    sync_runs,
    week,
)
from fieldkit.services.office import Identity
from fieldkit.settings import Settings
from fieldkit.store.db import Database, open_database
from fieldkit.store.models import Address, Customer, Flag, RouteStop
from fieldkit.store.models_audit import AuditEntry
from fieldkit.sync import service as sync_service
from tests.test_field_service import NOW, build_day

FIELD = Identity(account="feld1", account_role=roles.FIELD, worker="Anna Berger")
CASEWORKER = Identity("office", "Frau Keller", "521", account="sb1", account_role=roles.CASEWORKER)
TEAMLEAD = Identity(
    "office", "Frau Keller", "521", True, account="tl1", account_role=roles.TEAMLEAD
)
ADMIN = Identity(account="admin1", account_role=roles.ADMIN)
ALL = {
    roles.FIELD: FIELD,
    roles.CASEWORKER: CASEWORKER,
    roles.TEAMLEAD: TEAMLEAD,
    roles.ADMIN: ADMIN,
}
DAY = NOW.date()
EMPTY_REPORT = CheckReport([], {"invalid": 0}, "csv", "utf-8", ";", (), ())


@dataclass
class Ctx:
    db: Database
    folder: Path
    route_id: uuid.UUID
    stop_id: uuid.UUID
    flag_id: uuid.UUID
    address_id: uuid.UUID
    week: str
    settings: Settings
    rules: RulesSettings


Call = Callable[[Ctx, Identity], object]


def _session(fn: Callable[..., object]) -> Call:
    """An entry point that takes a session first: called in a unit of work of its own."""

    def call(c: Ctx, who: Identity) -> object:
        with c.db.session() as s:
            return fn(s, who)

    return call


def _print(c: Ctx, who: Identity) -> object:
    selection = printing.load_week_print(c.db, c.week, identity=Identity())
    return printing.render(selection, "routes", c.folder / "r.pdf", identity=who, db=c.db)


def _replan(c: Ctx, who: Identity) -> object:
    with c.db.session() as s:
        data = field.replan_input(s, c.route_id, NOW)
    quick = RoutingSettings(replan_time_limit_seconds=0.1)  # the default 0.5 s, five times
    field.apply_replan(c.db, field.compute_replan(data, GeoSettings(), quick), identity=who)
    return None


def _report_rows(c: Ctx) -> list[office_reports.ReportRow]:
    with c.db.session() as s:
        return office_reports.report(s, Identity())


# (Planning entries search 0.2 s, was 1 s: past the role check is all they have to show.)
# (name, permission, call). Every entry point of services/ and sync/service.py that reads or
# changes personal data or the setup.
ENTRIES: list[tuple[str, str, Call]] = [
    ("week.week_rows", perm.CUSTOMERS, _session(lambda s, w: week.week_rows(s, "2026-W49", w))),
    ("week.customer_detail", perm.CUSTOMERS,
     lambda c, w: _session(lambda s, w2: week.customer_detail(s, c.flag_id, w2))(c, w)),
    ("field.field_days", perm.VISITS, _session(field.field_days)),
    ("field.load_day", perm.VISITS,
     lambda c, w: _session(lambda s, w2: field.load_day(s, c.route_id, identity=w2))(c, w)),
    ("field.set_stop_status", perm.VISITS,
     lambda c, w: field.set_stop_status(c.db, c.stop_id, "planned", NOW, identity=w)),
    ("field.save_prep", perm.VISITS,
     lambda c, w: field.save_prep(c.db, c.flag_id, NOW, identity=w, note="geprüft")),
    ("field.start_visit", perm.VISITS,
     lambda c, w: field.start_visit(c.db, c.stop_id, None, NOW, identity=w)),
    ("field.update_visit", perm.VISITS,
     lambda c, w: field.update_visit(c.db, uuid.uuid4(), {}, identity=w)),
    ("field.save_note_draft", perm.VISITS,
     lambda c, w: field.save_note_draft(c.db, uuid.uuid4(), "x", identity=w)),
    ("field.finish_visit", perm.VISITS,
     lambda c, w: field.finish_visit(c.db, uuid.uuid4(), NOW, identity=w)),
    ("field.correct_visit", perm.VISITS,
     lambda c, w: field.correct_visit(c.db, uuid.uuid4(), NOW, identity=w)),
    ("field.visit_record", perm.VISITS,
     lambda c, w: _session(lambda s, w2: field.visit_record(s, uuid.uuid4(), identity=w2))(c, w)),
    ("field.apply_replan", perm.VISITS, _replan),
    ("flaglist.check", perm.FLAGGING,
     lambda c, w: flaglist.check(c.folder / "none.csv", c.settings, identity=w)),
    ("flaglist.import_report", perm.FLAGGING,
     lambda c, w: flaglist.import_report(c.db, EMPTY_REPORT, identity=w)),
    ("flaglist.override_block", perm.FLAGGING,
     lambda c, w: flaglist.override_block(c.db, c.flag_id, "Grund", "Keller", NOW, identity=w)),
    ("planning.plan_and_store", perm.PLANNING,
     lambda c, w: planning.plan_and_store(c.db, c.week, c.settings, time_limit=0.2, identity=w)),
    ("planning.move_stop", perm.PLANNING,
     lambda c, w: planning.move_stop(c.db, c.stop_id, c.route_id, 0, c.settings, time_limit=0.2,
                                     identity=w)),
    ("planning.place_unplanned", perm.PLANNING,
     lambda c, w: planning.place_unplanned(c.db, c.week, c.flag_id, c.route_id, 0, c.settings,
                                           time_limit=0.2, identity=w)),
    ("printing.load_week_print", perm.PRINTING,
     lambda c, w: printing.load_week_print(c.db, c.week, identity=w)),
    ("printing.render", perm.PRINTING, _print),
    ("geocoding.geocode_week", perm.GEOCODING,
     lambda c, w: geocoding.geocode_week(c.db, c.week, c.settings, identity=w)),
    ("geocoding.place_by_hand", perm.GEOCODING,
     lambda c, w: geocoding.place_by_hand(c.db, c.address_id, 49.19, 9.22, "Anna", identity=w)),
    ("geocoding.clear_placement", perm.GEOCODING,
     lambda c, w: geocoding.clear_placement(c.db, c.address_id, identity=w)),
    ("geocoding.import_addresses", perm.SETUP,
     lambda c, w: geocoding.import_addresses(c.db, c.folder / "none.csv", identity=w)),
    ("osm.import_osm", perm.SETUP,
     lambda c, w: osm.import_osm(c.db, c.folder / "none.osm.pbf", identity=w)),
    ("setup.apply_setup", perm.SETUP,
     lambda c, w: setup.apply_setup(c.db, setup.current_setup(c.db), identity=w)),
    ("rules.verify", perm.RULES,
     lambda c, w: rules.verify(c.db, "unknown-rule-set", "Prüferin", DAY, identity=w)),
    ("office_desk.add_appointment", perm.DESK,
     lambda c, w: office_desk.add_appointment(c.db, NOW, "962D000001", identity=w)),
    ("office_desk.import_calendar", perm.DESK,
     lambda c, w: office_desk.import_calendar(c.db, c.folder / "none.ics", identity=w)),
    ("office_desk.list_day", perm.DESK,
     lambda c, w: _session(lambda s, w2: office_desk.list_day(s, DAY, identity=w2))(c, w)),
    ("office_desk.record_talk", perm.DESK,
     lambda c, w: office_desk.record_talk(c.db, uuid.uuid4(), "sb", "", "", "", NOW, identity=w)),
    ("office_desk.book_followup", perm.DESK,
     lambda c, w: office_desk.book_followup(c.db, uuid.uuid4(), "sb", NOW, c.rules, identity=w)),
    ("office_desk.book_callback", perm.DESK,
     lambda c, w: office_desk.book_callback(c.db, uuid.uuid4(), "sb", NOW, identity=w)),
    ("office_desk.mark_hb_unreachable", perm.DESK,
     lambda c, w: office_desk.mark_hb_unreachable(c.db, uuid.uuid4(), "sb", NOW, identity=w)),
    ("office_desk.reclassify", perm.DESK,
     lambda c, w: office_desk.reclassify(c.db, uuid.uuid4(), "sb", NOW, identity=w)),
    ("office_desk.send_lift_note", perm.DESK,
     lambda c, w: office_desk.send_lift_note(c.db, uuid.uuid4(), "sb", NOW, identity=w)),
    ("office_desk.slip_data", perm.DESK,
     _session(lambda s, w: office_desk.slip_data(s, uuid.uuid4(), identity=w))),
    ("office_desk.slots_for", perm.DESK,
     _session(
         lambda s, w: office_desk.slots_for(s, uuid.uuid4(), NOW, RulesSettings(), identity=w)
     )),
    ("office_desk.set_absence", perm.DESK,
     lambda c, w: office_desk.set_absence(c.db, "Frau Keller", DAY, DAY, identity=w)),
    ("office_desk.add_deputy", perm.STAFF,
     lambda c, w: office_desk.add_deputy(c.db, "521", "Frau Keller", identity=w)),
    ("office_staff.teams", perm.DESK, _session(office_staff.teams)),
    ("office_staff.absence_names", perm.DESK,
     _session(lambda s, w: office_staff.absence_names(s, w, "521"))),
    ("office_staff.list_absences", perm.DESK,
     _session(lambda s, w: office_staff.list_absences(s, w, "521", DAY))),
    ("office_staff.remove_deputy", perm.STAFF,
     lambda c, w: office_staff.remove_deputy(c.db, uuid.uuid4(), identity=w)),
    ("office_staff.move_deputy", perm.STAFF,
     lambda c, w: office_staff.move_deputy(c.db, uuid.uuid4(), 1, identity=w)),
    ("office_staff.delete_absence", perm.DESK,
     lambda c, w: office_staff.delete_absence(c.db, uuid.uuid4(), identity=w)),
    ("office_flagging.save", perm.FLAGGING,
     lambda c, w: office_flagging.save(c.db, office_flagging.FlagForm(), NOW, c.rules,
                                       identity=w)),
    ("office_flagging.known_customer", perm.FLAGGING,
     _session(lambda s, w: office_flagging.known_customer(s, "962D000001", identity=w))),
    ("office_followup.list_followups", perm.FOLLOWUP,
     _session(lambda s, w: office_followup.list_followups(s, w, NOW))),
    ("office_followup.record_attendance", perm.FOLLOWUP,
     lambda c, w: office_followup.record_attendance(c.db, w, uuid.uuid4(), True, "sb", NOW)),
    ("office_followup.decide", perm.FOLLOWUP,
     lambda c, w: office_followup.decide(c.db, w, uuid.uuid4(), "none", "", "sb", NOW)),
    ("office_followup_law.record_step", perm.FOLLOWUP,
     lambda c, w: office_followup_law.record_step(c.db, w, uuid.uuid4(), "hearing", DAY, "sb",
                                                  NOW)),
    ("office_hamburg.set_situation", perm.DESK,
     lambda c, w: office_hamburg.set_situation(c.db, c.rules, "962D000001", "x", identity=w)),
    ("office_hamburg.set_post", perm.STAFF,
     lambda c, w: office_hamburg.set_post(c.db, c.rules, "Frau Keller", 1.0, identity=w)),
    ("office_hamburg.record_talk", perm.DESK,
     lambda c, w: office_hamburg.record_talk(c.db, c.rules, "Frau Keller", "962D000001", DAY,
                                             "x", DAY, identity=w)),
    ("office_hamburg.contacts_due", perm.FOLLOWUP,
     _session(lambda s, w: office_hamburg.contacts_due(s, w, DAY, RulesSettings()))),
    ("office_hamburg.talk_figures", perm.REPORTS,
     _session(lambda s, w: office_hamburg.talk_figures(s, w, DAY, DAY, RulesSettings()))),
    ("office_inbox.list_items", perm.INBOX, _session(office_inbox.list_items)),
    ("office_inbox.open_counts", perm.INBOX, _session(office_inbox.open_counts)),
    ("office_inbox.mark_done", perm.INBOX,
     lambda c, w: office_inbox.mark_done(c.db, w, "task", uuid.uuid4(), "sb", NOW)),
    ("office_inbox.reopen", perm.INBOX,
     lambda c, w: office_inbox.reopen(c.db, w, "task", uuid.uuid4())),
    ("office_outbox.collect_hints", perm.INBOX,
     lambda c, w: office_outbox.collect_hints(c.db, NOW, identity=w)),
    ("office_outbox.list_messages", perm.INBOX, _session(office_outbox.list_messages)),
    ("office_outbox.message_row", perm.INBOX,
     _session(lambda s, w: office_outbox.message_row(s, w, uuid.uuid4()))),
    ("office_outbox.hand_over", perm.INBOX,
     lambda c, w: office_outbox.hand_over(c.db, w, [], "sb", NOW)),
    ("office_outbox.counts", perm.INBOX, _session(office_outbox.counts)),
    ("office_outbox_pdf.export", perm.INBOX,
     lambda c, w: office_outbox_pdf.export(c.db, w, c.folder / "outbox")),
    ("office_report_figures.desk_figures", perm.REPORTS,
     _session(office_report_figures.desk_figures)),
    ("office_report_figures.hidden_customers", perm.REPORTS,
     _session(office_report_figures.hidden_customers)),
    ("office_reports.week_range", perm.REPORTS, _session(office_reports.week_range)),
    ("office_reports.report", perm.REPORTS, _session(office_reports.report)),
    ("office_reports.export_xlsx", perm.REPORTS,
     lambda c, w: office_reports.export_xlsx(_report_rows(c), c.folder / "b.xlsx", identity=w,
                                             db=c.db)),
    ("office_reports.export_pdf", perm.REPORTS,
     lambda c, w: office_reports.export_pdf(_report_rows(c), c.folder / "b.pdf", identity=w,
                                            db=c.db)),
    ("audit.entries", perm.AUDIT, _session(audit.entries)),
    ("sync.sync_network", perm.SYNC,
     lambda c, w: sync_service.sync_network(c.db, "sqlite://", worker="Anna Berger", now=NOW,
                                            identity=w)),
    ("sync.export_push", perm.SYNC,
     lambda c, w: sync_service.export_push(c.db, c.folder / "push.zip", now=NOW, identity=w)),
    ("sync.import_pull", perm.SYNC,
     lambda c, w: sync_service.import_pull(c.db, c.folder / "none.zip", now=NOW, identity=w)),
    ("sync.import_push", perm.SYNC_OFFICE,
     lambda c, w: sync_service.import_push("sqlite://", c.folder / "none.zip", now=NOW,
                                           identity=w)),
    ("sync.export_pull", perm.SYNC_OFFICE,
     lambda c, w: sync_service.export_pull("sqlite://", c.folder / "pull.zip", worker="Anna",
                                           device="d", now=NOW, identity=w)),
    ("sync.enrol", perm.DEVICES,
     lambda c, w: sync_service.enrol(c.db, "sqlite://", worker="Anna", now=NOW, identity=w)),
    ("sync.disable_device", perm.DEVICES,
     lambda c, w: sync_service.disable_device("sqlite://", "d", now=NOW, identity=w)),
    ("sync_runs.laptop_syncs", perm.REPORTS, _session(sync_runs.laptop_syncs)),
]  # fmt: skip


@pytest.fixture(scope="module")
def ctx(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Ctx]:
    folder = tmp_path_factory.mktemp("perm")
    db = open_database(str(folder / "perm.sqlite"))
    route_id = build_day(db)
    with db.session() as s:
        stop = s.scalars(select(RouteStop).where(RouteStop.route_id == route_id)).first()
        assert stop is not None
        address = s.scalars(select(Address)).first()
        assert address is not None
        flag = s.get(Flag, stop.flag_id)
        assert flag is not None
        ids = (stop.id, stop.flag_id, address.id, flag.visit_week)
    yield Ctx(db, folder, route_id, *ids, Settings(), RulesSettings())
    db.dispose()


def _audit_rows(db: Database) -> int:
    with db.session() as s:
        return len(list(s.scalars(select(AuditEntry.id))))


def test_every_permission_has_a_role_and_the_table_covers_them() -> None:
    used = {p for _, p, _ in ENTRIES}
    assert used == set(perm.PERMISSIONS) - {perm.ACCOUNTS}  # accounts: the accounts work
    for permission in perm.PERMISSIONS:
        assert perm.roles_with(permission), permission
    assert len({name for name, _, _ in ENTRIES}) == len(ENTRIES)


@pytest.mark.parametrize(("name", "permission", "call"), ENTRIES, ids=[e[0] for e in ENTRIES])
def test_wrong_roles_are_refused_and_nothing_is_written(
    ctx: Ctx, name: str, permission: str, call: Call
) -> None:
    wrong = [role for role in roles.ACCOUNT_ROLES if not perm.allowed(role, permission)]
    assert wrong, f"{name}: every role may {permission}"
    for role in wrong:
        before = _audit_rows(ctx.db)
        with pytest.raises(PermissionDenied) as refused:
            call(ctx, ALL[role])
        assert refused.value.code == "permission"
        assert refused.value.message("de").startswith("Dafür fehlt Ihrer Rolle die Berechtigung")
        assert perm.label(permission, "en") in refused.value.message("en")
        assert _audit_rows(ctx.db) == before, f"{name} wrote for {role}"


# What an entry point may answer to the test's deliberately thin input once it is past the
# role check: its own refusal in one sentence, or a missing file / unknown id.
OWN_REFUSALS = (BilingualError, UserError, ValueError, LookupError, OSError)


@pytest.mark.parametrize(("name", "permission", "call"), ENTRIES, ids=[e[0] for e in ENTRIES])
def test_right_roles_get_past_the_check(ctx: Ctx, name: str, permission: str, call: Call) -> None:
    right = perm.roles_with(permission)
    for role in right:
        try:
            call(ctx, ALL[role])
        except PermissionDenied as exc:
            if exc.code == "permission":
                raise
        except OWN_REFUSALS:
            pass
    # Without accounts (account_role "") nothing is refused, as before issue 14.
    try:
        call(ctx, Identity())
    except PermissionDenied:
        raise
    except OWN_REFUSALS:
        pass


def test_entry_points_that_need_no_odd_input_really_work_for_the_right_role(ctx: Ctx) -> None:
    """Beyond getting past the check: real results for the roles that may."""
    with ctx.db.session() as s:
        assert week.week_rows(s, ctx.week, CASEWORKER)
        assert field.load_day(s, ctx.route_id, identity=FIELD).stops
        detail = week.customer_detail(s, ctx.flag_id, FIELD)
        assert detail is not None
        assert office_reports.report(s, TEAMLEAD) is not None
        assert audit.entries(s, ADMIN)
    state = field.start_visit(ctx.db, ctx.stop_id, None, NOW, identity=FIELD)
    assert state.id
    name = rules.list_rule_sets(ctx.db, ctx.rules)[0].rule_set.name
    status = rules.verify(ctx.db, name, "Prüferin", DAY, identity=ADMIN)
    assert status.verification is not None
    path = ctx.folder / "bericht.xlsx"
    office_reports.export_xlsx(_report_rows(ctx), path, identity=TEAMLEAD, db=ctx.db)
    assert path.stat().st_size > 0


# --------------------------------------------------------------------------- who sees whom


def _kundennummern(db: Database, who: Identity, week_name: str) -> set[str]:
    with db.session() as s:
        return {r.kundennummer for r in week.week_rows(s, week_name, who)}


@pytest.fixture
def two_teams(tmp_path: Path) -> Iterator[tuple[Database, str]]:
    db = open_database(str(tmp_path / "teams.sqlite"))
    build_day(db)  # six customers of Frau Keller (team 521) on Anna Berger's route
    with db.session() as s:
        flag = s.scalars(select(Flag)).first()
        assert flag is not None
        week_name = flag.visit_week
        other = Customer(
            kundennummer="962D999999",
            nachname="Fremd",
            vorname="Testa",
            geburtsdatum=date(1990, 1, 1),
            team="777",
        )
        s.add(other)
        s.add(Flag(customer=other, visit_week=week_name, flagged_at=NOW, status="eligible"))
    yield db, week_name
    db.dispose()


def test_each_role_sees_only_its_own_customers(two_teams: tuple[Database, str]) -> None:
    db, week_name = two_teams
    everyone = _kundennummern(db, Identity(), week_name)
    assert "962D999999" in everyone
    assert len(everyone) == 7
    # The field account: the six on its worker's route, not the other team's customer.
    assert _kundennummern(db, FIELD, week_name) == everyone - {"962D999999"}
    stranger = Identity(account="feld2", account_role=roles.FIELD, worker="Niemand")
    assert _kundennummern(db, stranger, week_name) == set()
    # Caseworker and team lead of team 521: their team only.
    assert _kundennummern(db, CASEWORKER, week_name) == everyone - {"962D999999"}
    other_team = Identity(account="sb2", account_role=roles.CASEWORKER, team="777")
    assert _kundennummern(db, other_team, week_name) == {"962D999999"}
    # The administration reads no customer data at all.
    with db.session() as s, pytest.raises(PermissionDenied):
        week.week_rows(s, week_name, ADMIN)


def test_opening_a_foreign_customer_is_refused_and_not_logged_as_read(
    two_teams: tuple[Database, str],
) -> None:
    db, _ = two_teams
    with db.session() as s:
        foreign = s.scalars(
            select(Flag.id).join(Customer).where(Customer.kundennummer == "962D999999")
        ).one()
        own = s.scalars(
            select(Flag.id).join(Customer).where(Customer.kundennummer == "962D000000")
        ).one()
    for who in (FIELD, CASEWORKER):
        with db.session() as s, pytest.raises(PermissionDenied) as refused:
            week.customer_detail(s, foreign, who)
        assert refused.value.code == "scope"
        with db.session() as s:
            assert week.customer_detail(s, own, who) is not None
    with db.session() as s:
        opened = audit.entries(s, ADMIN, audit.Filters(action=audit.OPEN))
    assert [e.account for e in opened] == ["sb1", "feld1"]  # newest first, the foreign one never


def test_a_field_account_opens_only_its_own_workers_day(two_teams: tuple[Database, str]) -> None:
    db, _ = two_teams
    stranger = Identity(account="feld2", account_role=roles.FIELD, worker="Niemand")
    with db.session() as s:
        (day,) = field.field_days(s, FIELD)
        assert field.field_days(s, stranger) == []
    with db.session() as s, pytest.raises(PermissionDenied) as refused:
        field.load_day(s, day.route_id, identity=stranger)
    assert refused.value.code == "scope"
    with db.session() as s:
        stop_id = field.load_day(s, day.route_id, identity=FIELD).stops[0].stop_id
    with pytest.raises(PermissionDenied):
        field.start_visit(db, stop_id, None, NOW, identity=stranger)
    with pytest.raises(PermissionDenied):
        field.set_stop_status(db, stop_id, "done", NOW, identity=stranger)
    field.set_stop_status(db, stop_id, "done", NOW, identity=FIELD)


def test_an_unknown_role_may_nothing_and_an_unknown_permission_is_a_bug() -> None:
    nobody = Identity(account="x", account_role="guest")
    with pytest.raises(PermissionDenied):
        perm.check(nobody, perm.CUSTOMERS)
    with pytest.raises(ValueError, match="unknown permission"):
        perm.allowed(roles.ADMIN, "everything")
