"""Printing from the store: a week's invitations, customer packages and route sheets.

:func:`load_week_print` reads the flags, customers, caseworkers, the office and the stored
route plan (tables ``route_plan``/``route``/``route_stop`` directly, so printing does not
depend on the planning service) and builds the plain inputs of :mod:`fieldkit.printing`.
:func:`render` writes one PDF (atomically) and returns what is in it.

Order: with a stored plan, letters follow the routes (day, worker, stop order); without one,
the whole week is printed in customer-number order and :attr:`WeekPrint.planned` says so.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from fieldkit.domain import permissions, roles
from fieldkit.domain.age import U25_PARAMETER, is_u25
from fieldkit.domain.appointment import AppointmentKind
from fieldkit.domain.calendar import WorkingDayCalendar
from fieldkit.domain.legal import letter_terms, parameters_on
from fieldkit.domain.permissions import PermissionDenied
from fieldkit.domain.rulesets import letter_rule_set_on
from fieldkit.domain.settings import RulesSettings
from fieldkit.domain.week import IsoWeek, to_berlin
from fieldkit.domain.weekdays import WeekdayError, parse_weekday
from fieldkit.errors import FieldkitError
from fieldkit.printing import model as pm
from fieldkit.printing.batch import render_day_batch

# The template editor previews letters and edits the user's templates (the UI imports them
# from here: it imports services only).
from fieldkit.printing.layout import Cancelled as Cancelled
from fieldkit.printing.letters import letter_law
from fieldkit.printing.letters import render_invitation as render_invitation
from fieldkit.printing.letters import render_package as render_package
from fieldkit.printing.logo import Logo, LogoNote, load_logo
from fieldkit.printing.places import Place, resolve_place
from fieldkit.printing.route_sheet import render_route_batch
from fieldkit.printing.samples import sample_letter as sample_letter
from fieldkit.printing.settings import PrintSettings
from fieldkit.printing.templates import PLACEHOLDERS as PLACEHOLDERS
from fieldkit.printing.templates import load_templates, office_template_key
from fieldkit.printing.templates import read_user_templates as read_user_templates
from fieldkit.printing.templates import shipped_templates as shipped_templates
from fieldkit.printing.templates import unknown_placeholders as unknown_placeholders
from fieldkit.printing.templates import write_user_templates as write_user_templates
from fieldkit.services import audit
from fieldkit.services.access import require
from fieldkit.services.geocoding import gazetteer
from fieldkit.services.office import Identity, scope_customers
from fieldkit.services.rules import LetterRules, Verification, letter_rule_set, verifications
from fieldkit.store import models as sm
from fieldkit.store.db import Database
from fieldkit.store.models_setup import Branch

#: What can be printed: invitations, packages, route sheets, or the day batch of both letters.
KINDS = ("invitations", "packages", "routes", "batch")

ProgressCallback = Callable[[int, int], None]
CancelCheck = Callable[[], bool]

_MESSAGES: dict[str, tuple[str, str]] = {
    # code -> (English, German); {placeholders} filled from the error's params.
    "unknown_week": (
        "Week {week} has no flagged customers.",
        "Für die Woche {week} sind keine Kunden vorgemerkt.",
    ),
    "no_routes": (
        "Week {week} has no stored route plan; plan the week first.",
        "Für die Woche {week} gibt es noch keine gespeicherte Tourenplanung. "
        "Bitte planen Sie die Woche zuerst.",
    ),
    "day_needs_plan": (
        "Week {week} has no stored route plan, so its customers have no days yet; "
        "plan the week first or leave out the day.",
        "Für die Woche {week} gibt es noch keine Tourenplanung, die Kunden haben also noch "
        "keinen Besuchstag. Bitte planen Sie zuerst oder drucken Sie die ganze Woche.",
    ),
    "bad_day": (
        "'{day}' is not a day of week {week}; give a date like {example} or a weekday "
        "(Monday or 1).",
        "„{day}“ ist kein Tag der Woche {week}. Bitte ein Datum wie {example} oder einen "
        "Wochentag (Montag oder 1) angeben.",
    ),
    "no_route_that_day": (
        "No route is planned for {what} in week {week}.",
        "Für {what} ist in der Woche {week} keine Tour geplant.",
    ),
    "no_office": (
        "No office is recorded, and letters need a sender: please record it under "
        "Tools → Setup → Office, or with 'fieldkit setup apply FILE'.",
        "Es ist keine Dienststelle eingetragen, die Schreiben brauchen aber einen Absender. "
        "Bitte legen Sie unter Extras → Einrichtung → Dienststelle den Absender an "
        "(oder mit „fieldkit setup apply DATEI“).",
    ),
    "nothing_to_print": (
        "Nothing to print: no customer of this selection has an appointment and an address.",
        "Nichts zu drucken: Kein Kunde dieser Auswahl hat einen Termin und eine Adresse.",
    ),
    "all_left_out": (
        "Nothing to print: every letter of this selection was left out; {first_en}{more_en}",
        "Nichts zu drucken: Jedes Schreiben dieser Auswahl wurde zurückgehalten; "
        "{first_de}{more_de}",
    ),
    "unknown_kind": (
        "'{kind}' cannot be printed; choose invitations, packages, routes or batch.",
        "„{kind}“ kann nicht gedruckt werden.",
    ),
}

_REMOTE = re.compile(r"\b(telefon\w*|video\w*|online)\b", re.IGNORECASE)


class PrintingError(FieldkitError):
    """A selection that cannot be printed; :meth:`message` says why in one sentence."""

    def __init__(self, code: str, **params: str) -> None:
        en, de = _MESSAGES[code]
        super().__init__(code, de.format(**params), en.format(**params))
        self.params = params

    def message(self, language: str = "en") -> str:
        """The sentence in English ('en', the default here) or German ('de')."""
        return super().message(language)


@dataclass(frozen=True)
class Skipped:
    """A customer of the selection who gets no letter, and why (a code; ``rule_set`` carries
    its sentence, naming the rule set, in ``detail_de``/``detail_en``)."""

    kundennummer: str
    reason: str  # no_appointment, no_address, blocked, rule_set
    detail_de: str = ""
    detail_en: str = ""

    def text(self, language: str = "en") -> str:
        """'962D000001: no appointment to hand over' (numbers only, no names)."""
        if self.detail_en:
            detail = self.detail_en if language.startswith("en") else self.detail_de
            return f"{self.kundennummer}: {detail}"
        en = {
            "no_appointment": "no appointment to hand over",
            "no_address": "no postal address",
            "blocked": "blocked for outreach (not released)",
        }
        de = {
            "no_appointment": "kein Termin zum Aushändigen",
            "no_address": "keine Postanschrift",
            "blocked": "für die Aufsuchende Beratung gesperrt (nicht freigegeben)",
        }
        table = en if language.startswith("en") else de
        return f"{self.kundennummer}: {table.get(self.reason, self.reason)}"


@dataclass(frozen=True)
class WeekPrint:
    """Everything of one selection (week, optionally day and worker) ready to be rendered."""

    week: str
    day: date | None
    worker: str
    planned: bool
    letters: tuple[pm.InvitationLetter, ...]
    routes: tuple[pm.RouteDay, ...]
    skipped: tuple[Skipped, ...] = ()
    not_on_routes: int = 0
    #: Customer numbers whose appointment place names no branch and has no postcode.
    unresolved_places: tuple[str, ...] = ()
    #: Why the office's logo is left out of the letters (None: printed, or none configured).
    logo_note: LogoNote | None = None

    def place_warnings(self, language: str = "en") -> list[str]:
        """One warning per letter whose appointment place is printed as written only, and
        one when the office's logo cannot be printed."""
        logo = [self.logo_note.text(language)] if self.logo_note is not None else []
        return logo + self._unresolved_warnings(language)

    def _unresolved_warnings(self, language: str) -> list[str]:
        if language.startswith("en"):
            text = (
                "WARNING {0}: the appointment place names no branch and has no postcode; "
                "it is printed as written (add the branch to the setup)."
            )
        else:
            text = (
                "WARNUNG {0}: Der Terminort nennt keinen Standort und keine Postleitzahl; "
                "er wird so gedruckt, wie er in der Liste steht (Standort unter "
                "Einrichtung → Standorte anlegen)."
            )
        return [text.format(number) for number in dict.fromkeys(self.unresolved_places)]

    def order_note(self, language: str = "en") -> str:
        """How the letters are ordered, in one sentence."""
        if language.startswith("en"):
            if self.planned:
                note = "Letters in route order (day, worker, stop)."
                if self.not_on_routes:
                    note += f" {self.not_on_routes} customers of the week are on no route."
                return note
            return (
                f"Week {self.week} has no stored route plan: the whole week is printed "
                "in customer-number order."
            )
        if self.planned:
            note = "Schreiben in Tourenreihenfolge (Tag, Außendienst, Stopp)."
            if self.not_on_routes:
                note += f" {self.not_on_routes} Kunden der Woche sind auf keiner Tour."
            return note
        return (
            f"Für die Woche {self.week} gibt es keine Tourenplanung: Die ganze Woche wird "
            "nach Kundennummer sortiert gedruckt."
        )


@dataclass(frozen=True)
class PrintedItem:
    """The documents of one customer (or one route sheet) in a PDF, with their pages
    (1-based, blank backs included)."""

    documents: tuple[str, ...]  # invitation, package, route
    first_page: int
    last_page: int
    kundennummer: str = ""
    with_rfb: bool | None = None
    day: date | None = None
    worker: str = ""


@dataclass(frozen=True)
class PrintResult:
    """What :func:`render` wrote: pages, blank pages and the documents in order."""

    kind: str
    page_count: int
    blank_pages: int
    items: tuple[PrintedItem, ...] = field(default_factory=tuple)

    def summary(self, language: str = "en") -> str:
        """A listing for the CLI or the dialog: page count, then one line per customer/day."""
        en = language.startswith("en")
        customers = len({i.kundennummer for i in self.items if i.kundennummer})
        if self.kind == "routes":
            head = (
                f"{self.page_count} pages, {len(self.items)} route sheets"
                if en
                else f"{self.page_count} Seiten, {len(self.items)} Tourenblätter"
            )
        else:
            head = (
                f"{self.page_count} pages ({self.blank_pages} blank for duplex), "
                f"{customers} customers"
                if en
                else f"{self.page_count} Seiten ({self.blank_pages} Leerseiten für Duplex), "
                f"{customers} Kunden"
            )
        lines = [head]
        names = (
            {"invitation": "invitation", "package": "package", "route": "route sheet"}
            if en
            else {"invitation": "Einladung", "package": "Kunden-Paket", "route": "Tourenblatt"}
        )
        word = "pages" if en else "Seiten"
        rfb_text = (
            {True: "with RFB", False: "without RFB"}
            if en
            else {
                True: "mit RFB",
                False: "ohne RFB",
            }
        )
        for item in self.items:
            docs = []
            for document in item.documents:
                doc = names[document]
                if document == "invitation" and item.with_rfb is not None:
                    doc = f"{doc} {rfb_text[item.with_rfb]}"
                docs.append(doc)
            who = item.kundennummer or (
                f"{item.day:%d.%m.%Y} {item.worker}".strip() if item.day else item.worker
            )
            span = f"{item.first_page}–{item.last_page}"
            lines.append(f"  {who}: {word} {span} ({', '.join(docs)})")
        return "\n".join(lines)


# --------------------------------------------------------------------------- rules


@dataclass(frozen=True)
class PriorInvitation:
    """An earlier invitation of the chain: its date and whether the customer came."""

    on: date
    attended: bool | None
    channel: str = "in_person"


def invitation_needs_rfb(
    prior: Sequence[PriorInvitation],
    appointment_day: date,
    kind: AppointmentKind | str = AppointmentKind.IN_PERSON,
    *,
    langzeitarbeitslos: bool,
    geburtsdatum: date | None,
    rules: RulesSettings,
) -> bool:
    """Whether the invitation handed over at the door carries a Rechtsfolgenbelehrung.

    A phone or video appointment (the flag's ``termin_art``) never does. Otherwise, under the
    letter's rule set (the appointment day's): a first invitation does not where the rule set
    keeps it without RFB (§ 15 Abs. 4 SGB II a. F.) — except for long-term unemployed U25
    customers; after a missed invitation the next one does; while the customer keeps coming
    it need not. A missed invitation whose attendance was not recorded counts as missed:
    the customer was flagged because they could not be reached.
    """
    if AppointmentKind(kind).remote:
        return False
    # The letter's own rule set (chosen by the appointment day) decides, as it gives the text.
    law = letter_rule_set_on(appointment_day, rules).parameters
    values = {**parameters_on(appointment_day, rules).values, **law}
    if not prior:
        if not values["chain.inv1_without_rfb"]:
            return True
        u25 = geburtsdatum is not None and is_u25(
            geburtsdatum, appointment_day, int(values[U25_PARAMETER])
        )
        return langzeitarbeitslos and u25 and bool(values["chain.inv1_rfb_for_lza_u25"])
    last = max(prior, key=lambda p: p.on)
    return last.attended is not True


def reduction_on(day: date, rules: RulesSettings) -> tuple[Decimal, Decimal]:
    """The Meldeversäumnis reduction in force on ``day``: (percent, euros of the standard
    rate), from the legal data with the settings' overrides."""
    params = parameters_on(day, rules)
    percent = params.decimal("meldeversaeumnis_percent")
    euros = (params.decimal("standard_rate_eur") * percent / 100).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )
    return percent, euros


# --------------------------------------------------------------------------- days


def parse_day(text: str, week: str) -> date:
    """A day of ``week`` from '2026-12-01', 'Dienstag'/'tuesday'/'di' or '2' (ISO weekday)."""
    iso = IsoWeek.parse(week)
    day: date | None = None
    try:
        day = iso.day(parse_weekday(text))
    except WeekdayError:
        try:
            day = date.fromisoformat(text.strip())
        except ValueError:
            day = None
    if day is None or day not in iso.days():
        raise PrintingError("bad_day", day=text, week=week, example=iso.day(2).isoformat())
    return day


# --------------------------------------------------------------------------- building


def _towns() -> tuple[str, ...]:
    """Town names a place may carry: the district's municipalities."""
    return tuple(gazetteer().names())


def _branches(session: Session) -> tuple[Place, ...]:
    """The branches where customers are invited, active ones first (a list may name an old one)."""
    rows = session.scalars(select(Branch).order_by(Branch.active.desc(), Branch.name))
    return tuple(Place(b.name, b.street, b.postcode, b.city) for b in rows)


def _office(
    row: sm.Office,
    settings: PrintSettings,
    branches: tuple[Place, ...] = (),
    logo: Logo | None = None,
) -> pm.Office:
    town = f"{row.postcode} {row.city}".strip()
    address = tuple(part for part in (row.street, town) if part.strip())
    hours = tuple(
        line.strip() for line in re.split(r"[\n;]", row.opening_hours or "") if line.strip()
    )
    location = (
        pm.GeoPoint(row.lat, row.lon) if row.lat is not None and row.lon is not None else None
    )
    return pm.Office(
        name=row.name,
        address_lines=address,
        phone=row.phone,
        opening_hours=hours,
        upload_hint=settings.upload_hint,
        return_address=" · ".join((row.name, *address)),
        template_key=office_template_key(row.name),
        email=row.email or settings.office_email,
        location=location,
        branches=branches,
        letterhead=row.letterhead or "",
        logo=logo,
    )


def _customer(row: sm.Customer, flag: sm.Flag) -> pm.Customer | None:
    addr = row.address
    if addr is None or not (addr.strasse.strip() and addr.ort.strip()):
        return None
    return pm.Customer(
        kundennummer=row.kundennummer,
        name=f"{row.vorname} {row.nachname}".strip(),
        street=f"{addr.strasse} {addr.hausnummer}".strip(),
        postal_code=addr.plz,
        city=addr.ort,
        adresszusatz=addr.adresszusatz,
        open_mitwirkungsschreiben=tuple(
            pm.Mitwirkungsschreiben(str(item).strip())
            for item in flag.open_cooperation
            if str(item).strip()
        ),
    )


def _caseworker(row: sm.Customer, office: pm.Office) -> pm.Caseworker:
    cw = row.caseworker
    team = (cw.team if cw and cw.team else row.team).strip()
    team_text = f"Team {team}" if team and not team.lower().startswith("team") else team
    if cw is None:
        # No named contact: the letter points to the office instead of to nobody.
        return pm.Caseworker(office.name, office.phone, office.email, team_text)
    return pm.Caseworker(cw.name, cw.phone or office.phone, cw.email or office.email, team_text)


def _local(moment: datetime) -> datetime:
    return to_berlin(moment).replace(tzinfo=None)


def _appointment(flag: sm.Flag, office: pm.Office, settings: PrintSettings) -> pm.Appointment:
    assert flag.appointment_at is not None
    # The branch named in termin_ort with its address; never the head office's address
    # under another town's name (issue 13).
    lines = (*office.address_lines, "", "")
    head = Place(office.name, lines[0], "", lines[1])
    place = resolve_place(flag.appointment_place, office.branches, head, _towns())
    templates = load_templates(office.template_key, settings.template_dir)
    return pm.Appointment(
        start=_local(flag.appointment_at),
        place=place.text,
        purpose=templates.text("invitation.purpose"),
        bring=templates.paragraphs("invitation.bring"),
        unresolved_place=place.unresolved,
    )


def _letter(
    flag: sm.Flag,
    office: pm.Office,
    customer: pm.Customer,
    settings: PrintSettings,
    rules: RulesSettings,
    today: date,
) -> pm.InvitationLetter:
    appointment = _appointment(flag, office, settings)
    day = appointment.start.date()
    prior = [PriorInvitation(i.date, i.attended, i.channel) for i in flag.invitations]
    kind = AppointmentKind(flag.appointment_kind or AppointmentKind.IN_PERSON)
    with_rfb = invitation_needs_rfb(
        prior,
        day,
        kind,
        langzeitarbeitslos=flag.customer.langzeitarbeitslos,
        geburtsdatum=flag.customer.geburtsdatum,
        rules=rules,
    )
    level = flag.standard_need_level if flag.standard_need_level in range(1, 7) else 1
    terms = letter_terms(day, level, flag.customer.missed_appointments or 0, rules)
    return pm.InvitationLetter(
        office=office,
        caseworker=_caseworker(flag.customer, office),
        customer=customer,
        appointment=appointment,
        letter_date=today,
        with_rfb=with_rfb,
        reduction_eur=terms.euros,
        reduction_percent=terms.percent,
        reduction_months=terms.months,
        appointment_kind=kind.value,
        standard_need_level=level,
        bg_number=flag.bg_number,
        law=letter_law(terms),
    )


def date_problem(
    appointment: date, letter_date: date, calendar: WorkingDayCalendar
) -> tuple[str, str] | None:
    """Why a letter dated ``letter_date`` must not go out with an appointment on
    ``appointment`` (German, English), or None: the appointment lies before the letter's
    date, on a Saturday or Sunday, or on a public holiday of the federal state."""
    when = f"{appointment:%d.%m.%Y}"
    if appointment < letter_date:
        return (
            f"Termin {when} liegt vor dem Datum des Schreibens ({letter_date:%d.%m.%Y}).",
            f"the appointment {when} lies before the letter's date ({letter_date:%d.%m.%Y}).",
        )
    if appointment.weekday() >= 5:
        de, en = ("Samstag", "Saturday") if appointment.weekday() == 5 else ("Sonntag", "Sunday")
        return f"Termin {when} ist ein {de}.", f"the appointment {when} is on a {en}."
    holiday = calendar.holiday_name(appointment) if calendar.is_holiday(appointment) else None
    if holiday:
        return (
            f"Termin {when} ist ein Feiertag ({holiday}).",
            f"the appointment {when} is on a public holiday ({holiday}).",
        )
    return None


def _left_out(
    letter: pm.InvitationLetter,
    rules: RulesSettings,
    checks: dict[str, Verification],
    allow: bool,
) -> Skipped | None:
    """Why ``letter`` stays out of the batch, or None: an RFB letter whose rule set expired
    or is not verified (always), an appointment before the letter date or on a closed day
    (unless ``allow``)."""
    number = letter.customer.kundennummer
    day = letter.appointment.start.date()
    if letter.with_rfb:
        verdict: LetterRules = letter_rule_set(day, rules, checks)
        if not verdict.printable:
            return Skipped(number, "rule_set", verdict.problem("de"), verdict.problem("en"))
    if not allow:
        problem = date_problem(day, letter.letter_date, WorkingDayCalendar.from_settings(rules))
        if problem is not None:
            return Skipped(number, "appointment_date", *problem)
    return None


def _own_worker(identity: Identity, worker: str) -> str:
    """The worker whose routes a field account prints: always its own (issue 14)."""
    if identity.account_role != roles.FIELD:
        return worker
    if worker and worker.strip() != identity.worker.strip():
        raise PermissionDenied(
            "Diese Tour gehört einer anderen Außendienstkraft; sie wird nicht gedruckt.",
            "This route belongs to another outreach worker; it is not printed.",
            code="scope",
        )
    return identity.worker.strip()


def _flags(session: Session, week: str, identity: Identity) -> list[sm.Flag]:
    stmt = (
        select(sm.Flag)
        .join(sm.Customer, sm.Customer.id == sm.Flag.customer_id)
        .where(sm.Flag.visit_week == week, sm.Flag.withdrawn_at.is_(None))
        .options(
            selectinload(sm.Flag.customer).selectinload(sm.Customer.address),
            selectinload(sm.Flag.customer).selectinload(sm.Customer.caseworker),
            selectinload(sm.Flag.invitations),
        )
    )
    if identity.account_role:  # an account prints only the customers it may see
        stmt = scope_customers(stmt, identity)
    return sorted(session.scalars(stmt), key=lambda f: f.customer.kundennummer)


def _default_office(session: Session) -> sm.Office | None:
    return session.scalars(select(sm.Office).order_by(sm.Office.created_at).limit(1)).first()


def _plan(session: Session, week: str) -> sm.RoutePlan | None:
    return session.scalars(
        select(sm.RoutePlan)
        .where(sm.RoutePlan.visit_week == week)
        .options(
            selectinload(sm.RoutePlan.routes).selectinload(sm.Route.stops),
            selectinload(sm.RoutePlan.routes).selectinload(sm.Route.worker),
            selectinload(sm.RoutePlan.routes).selectinload(sm.Route.area),
        )
    ).first()


def _at(day: date, seconds: int) -> datetime:
    return datetime.combine(day, time()) + timedelta(seconds=seconds)


def load_week_print(
    db: Database,
    week: str,
    *,
    day: date | None = None,
    worker: str = "",
    settings: PrintSettings | None = None,
    rules: RulesSettings | None = None,
    today: date | None = None,
    need_routes: bool = False,
    allow: bool = False,
    identity: Identity,
) -> WeekPrint:
    """Read one selection from the store; raises :class:`PrintingError` when there is none.

    ``day`` and ``worker`` need a stored route plan (without one, customers have no day);
    ``need_routes`` (route sheets) refuses a week without a plan. Letters are dated the day
    of the visit on the route (``today`` without a plan). A letter whose appointment lies
    before that date, on a weekend or on a public holiday is left out with its reason
    (``Skipped`` ``appointment_date``) unless ``allow``.
    """
    require(identity, permissions.PRINTING)
    worker = _own_worker(identity, worker)
    settings = settings or PrintSettings()
    rules = rules or RulesSettings()
    today = today or to_berlin(datetime.now(UTC)).date()
    checks = verifications(db)
    with db.session() as session:
        flags = _flags(session, week, identity)
        if not flags:
            raise PrintingError("unknown_week", week=week)
        office, branches, logo_note = _print_office(session, settings)
        plan = _plan(session, week)
        if plan is None and (need_routes or day is not None or worker):
            raise PrintingError("no_routes" if need_routes else "day_needs_plan", week=week)

        maker = _LetterMaker(office, settings, rules, checks, allow)
        if plan is None:
            return _week_without_plan(week, flags, maker, today, logo_note)
        by_id = {f.id: f for f in flags}
        routes = [
            _route_day(route, _route_stops(route, by_id, maker), office, settings, branches)
            for route in _chosen_routes(plan, week, day, worker)
        ]
        all_on_routes = {s.flag_id for r in plan.routes for s in r.stops}
        not_on = sum(1 for f in flags if f.id not in all_on_routes and f.plannable)
        return WeekPrint(
            week,
            day,
            worker,
            True,
            tuple(maker.letters),
            tuple(routes),
            tuple(maker.skipped),
            not_on if day is None and not worker else 0,
            tuple(maker.unresolved),
            logo_note,
        )


def _print_office(
    session: Session, settings: PrintSettings
) -> tuple[pm.Office, tuple[Place, ...], LogoNote | None]:
    """The office the letters come from, the branches, and why a logo is left out (if so);
    no office set up is a :class:`PrintingError`."""
    office_row = _default_office(session)
    if office_row is None:
        raise PrintingError("no_office")
    branches = _branches(session)
    logo, logo_note = load_logo(office_row.logo_path or "")
    return _office(office_row, settings, branches, logo), branches, logo_note


def _week_without_plan(
    week: str,
    flags: list[sm.Flag],
    maker: _LetterMaker,
    today: date,
    logo_note: LogoNote | None,
) -> WeekPrint:
    """The week's letters dated ``today`` when no route plan is stored (no route sheets)."""
    for flag in flags:
        if not flag.plannable:
            maker.skipped.append(Skipped(flag.customer.kundennummer, "blocked"))
            continue
        maker.make(flag, today)
    return WeekPrint(
        week,
        None,
        "",
        False,
        tuple(maker.letters),
        (),
        tuple(maker.skipped),
        0,
        tuple(maker.unresolved),
        logo_note,
    )


def _chosen_routes(plan: sm.RoutePlan, week: str, day: date | None, worker: str) -> list[sm.Route]:
    """The plan's routes on ``day`` of ``worker`` (every one when not given), by day and
    worker; a day or worker without a route is a :class:`PrintingError`. Without a ``day``,
    the worker-days the plan left without a stop are left out: a week's route sheets are the
    days with visits, not a "no stops today" page (and its blank back) for every other one."""
    chosen = [
        r
        for r in plan.routes
        if (day is None or r.day == day)
        and (not worker or (r.worker is not None and r.worker.name == worker))
        and (day is not None or r.stops)
    ]
    if (day is not None or worker) and not chosen:
        what = " ".join(p for p in (f"{day:%d.%m.%Y}" if day else "", worker) if p)
        raise PrintingError("no_route_that_day", what=what, week=week)
    chosen.sort(key=lambda r: (r.day, r.worker.name if r.worker else ""))
    return chosen


def _route_stops(
    route: sm.Route, by_id: dict[uuid.UUID, sm.Flag], maker: _LetterMaker
) -> list[pm.RouteStop]:
    """The printed stops of one route, each with its letter dated the route's day."""
    stops: list[pm.RouteStop] = []
    for stop in route.stops:
        stop_flag = by_id.get(stop.flag_id)
        if stop_flag is None:
            continue  # withdrawn since planning
        letter = maker.make(stop_flag, route.day)
        stops.append(_route_stop(route.day, stop, stop_flag, letter))
    return stops


@dataclass
class _LetterMaker:
    """Builds a selection's letters; what stays out goes to ``skipped`` with its reason."""

    office: pm.Office
    settings: PrintSettings
    rules: RulesSettings
    checks: dict[str, Verification]
    allow: bool
    letters: list[pm.InvitationLetter] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    #: Customer numbers whose appointment place is printed as written only.
    unresolved: list[str] = field(default_factory=list)

    def make(self, flag: sm.Flag, dated: date) -> pm.InvitationLetter | None:
        """The letter of ``flag`` dated ``dated`` (appended to ``letters``), or None."""
        number = flag.customer.kundennummer
        customer = _customer(flag.customer, flag)
        if customer is None:
            self.skipped.append(Skipped(number, "no_address"))
            return None
        if flag.appointment_at is None:
            self.skipped.append(Skipped(number, "no_appointment"))
            return None
        letter = _letter(flag, self.office, customer, self.settings, self.rules, dated)
        left_out = _left_out(letter, self.rules, self.checks, self.allow)
        if left_out is not None:
            self.skipped.append(left_out)
            return None
        if letter.appointment.unresolved_place:
            self.unresolved.append(number)
        self.letters.append(letter)
        return letter


def _route_stop(
    day: date, stop: sm.RouteStop, flag: sm.Flag, letter: pm.InvitationLetter | None
) -> pm.RouteStop:
    customer = letter.customer if letter else _customer(flag.customer, flag)
    addr = flag.customer.address
    location = (
        pm.GeoPoint(addr.lat, addr.lon)
        if addr and addr.lat is not None and addr.lon is not None
        else None
    )
    fallback = pm.Customer(
        flag.customer.kundennummer, f"{flag.customer.vorname} {flag.customer.nachname}", "", "", ""
    )
    return pm.RouteStop(
        arrival=_at(day, stop.arrival_seconds),
        customer=customer or fallback,
        location=location,
        hints=flag.hints,
        appointment=letter.appointment if letter else None,
    )


def _route_day(
    route: sm.Route,
    stops: list[pm.RouteStop],
    office: pm.Office,
    settings: PrintSettings,
    branches: tuple[Place, ...],
) -> pm.RouteDay:
    route_office = (
        _office(route.worker.office, settings, branches)
        if (route.worker and route.worker.office)
        else office
    )
    return pm.RouteDay(
        day=route.day,
        worker=route.worker.name if route.worker else "",
        office=route_office,
        stops=tuple(stops),
        area=route.area.name if route.area else "",
        departure=_at(route.day, route.start_seconds) if route.start_seconds else None,
        return_at=_at(route.day, route.end_seconds) if route.end_seconds else None,
    )


def route_days(db: Database, week: str) -> list[tuple[date, str]]:
    """The (day, worker name) pairs of the week's stored routes, for a day/worker chooser."""
    with db.session() as session:
        plan = _plan(session, week)
        if plan is None:
            return []
        pairs = {(r.day, r.worker.name if r.worker else "") for r in plan.routes}
    return sorted(pairs)


def office_template_key_of(db: Database) -> tuple[str, str]:
    """(template key, office name) of the office whose letters the editor changes."""
    with db.session() as session:
        office = _default_office(session)
        name = office.name if office else ""
    return office_template_key(name), name


# --------------------------------------------------------------------------- rendering


def render(
    selection: WeekPrint,
    kind: str,
    out: str | Path | BinaryIO,
    *,
    settings: PrintSettings | None = None,
    progress: ProgressCallback | None = None,
    cancelled: CancelCheck | None = None,
    identity: Identity,
    db: Database | None = None,
    action: str = audit.PRINT,
) -> PrintResult:
    """Write ``kind`` (see :data:`KINDS`) of ``selection`` as one PDF; a path is written
    atomically, so a failed or cancelled run leaves no half file.

    With ``db`` the rendering is named in the audit log as ``action`` (:data:`audit.PRINT`
    for a PDF file, :data:`audit.PREVIEW` for the print dialog's preview): kind, week, file
    name, pages; no content.
    """
    require(identity, permissions.PRINTING)
    result = _render(selection, kind, out, settings, progress, cancelled)
    if db is not None:
        name = Path(out).name if isinstance(out, str | Path) else "(Vorschau)"
        detail = audit_detail(kind, selection.week, name, result.page_count)
        audit.record_now(db, identity, action, "pdf", selection.week, detail)
    return result


#: The kinds as the audit log names them (its details are German, like the rest of it).
KIND_NAMES = {
    "invitations": "Einladungen",
    "packages": "Kunden-Pakete",
    "routes": "Routenblätter",
    "batch": "Tagesstapel",
}


def audit_detail(kind: str, week: str, name: str, pages: int) -> str:
    """What the audit log says about a printed, previewed or saved PDF (no content)."""
    return f"{KIND_NAMES.get(kind, kind)} {week}: {name}, {pages} Seiten"


def _render(
    selection: WeekPrint,
    kind: str,
    out: str | Path | BinaryIO,
    settings: PrintSettings | None,
    progress: ProgressCallback | None,
    cancelled: CancelCheck | None,
) -> PrintResult:
    settings = settings or PrintSettings()
    if kind not in KINDS:
        raise PrintingError("unknown_kind", kind=kind)
    if kind == "routes":
        if not selection.routes:
            raise PrintingError("no_routes", week=selection.week)
        pages, ranges = render_route_batch(
            selection.routes, out, settings, progress=progress, cancelled=cancelled
        )
        items = tuple(
            PrintedItem(("route",), first, last, day=r.day, worker=r.worker)
            for r, (first, last) in zip(selection.routes, ranges, strict=True)
        )
        return PrintResult(kind, pages, 0, items)
    if not selection.letters and selection.skipped:
        # Say why (e.g. a rule set nobody has verified yet), not only that nothing is left.
        more = len(selection.skipped) - 1
        raise PrintingError(
            "all_left_out",
            first_en=selection.skipped[0].text("en"),
            first_de=selection.skipped[0].text("de"),
            more_en=f" (and {more} more)." if more else ".",
            more_de=f" (und {more} weitere)." if more else ".",
        )
    if not selection.letters:
        raise PrintingError("nothing_to_print")
    manifest = render_day_batch(
        selection.letters,
        include_packages=kind in ("packages", "batch"),
        include_invitations=kind in ("invitations", "batch"),
        out=out,
        settings=settings,
        progress=progress,
        cancelled=cancelled,
    )
    rfb = {letter.customer.kundennummer: letter.with_rfb for letter in selection.letters}
    items = tuple(
        PrintedItem(
            e.documents,
            e.first_page,
            e.last_page,
            e.kundennummer,
            rfb.get(e.kundennummer) if "invitation" in e.documents else None,
        )
        for e in manifest.entries
    )
    return PrintResult(kind, manifest.page_count, manifest.blank_pages, items)
