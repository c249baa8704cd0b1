"""The flagging form (Vormerkung): judged live by the rules engine, saved like an imported row.

The form becomes a :class:`~fieldkit.importing.FlagRow`, is judged by the same
:func:`~fieldkit.domain.escalation.evaluate` as every imported row, and is written by
:func:`fieldkit.services.flaglist.import_report` - so a flag from the form and one from an
Excel list are the same records (Customer, Address, Flag, Invitation, PhoneCall).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from fieldkit.domain import permissions
from fieldkit.domain.appointment import AppointmentKind, parse_bg_number
from fieldkit.domain.calendar import WorkingDayCalendar
from fieldkit.domain.escalation import (
    SELF_EXPLAINING_CODES,
    ChainResult,
    Invitation,
    evaluate,
    missing_steps,
)
from fieldkit.domain.reasons import Status
from fieldkit.domain.settings import RulesSettings
from fieldkit.domain.week import IsoWeek, flag_deadline_text, to_berlin
from fieldkit.importing import CheckReport, FlagRow, JudgedRow

# The form's dates are read like the flag list's (the UI imports them from here).
from fieldkit.importing.judge import parse_date as parse_date
from fieldkit.importing.judge import parse_datetime as parse_datetime
from fieldkit.services import flaglist
from fieldkit.services.access import require
from fieldkit.services.office import Identity, OfficeError
from fieldkit.store.db import Database
from fieldkit.store.models import Customer

_PLZ = re.compile(r"\d{5}")


@dataclass(frozen=True)
class FlagForm:
    """What the caseworker typed into the flagging form (times aware or Berlin-local)."""

    kundennummer: str = ""
    nachname: str = ""
    vorname: str = ""
    geburtsdatum: date | None = None
    strasse: str = ""
    hausnummer: str = ""
    plz: str = ""
    ort: str = ""
    adresszusatz: str = ""
    telefon: str = ""
    hb: str = ""
    team: str = ""
    langzeitarbeitslos: bool = False
    einladung1: Invitation | None = None
    einladung2: Invitation | None = None
    anruf1: datetime | None = None
    anruf2: datetime | None = None
    sinnhaftigkeit: str = ""
    termin: datetime | None = None
    termin_ort: str = ""
    offene_mitwirkung: tuple[str, ...] = ()
    hinweise: str = ""
    termin_art: AppointmentKind = AppointmentKind.IN_PERSON
    regelbedarfsstufe: int = 1
    bg_nummer: str = ""

    def problems(self) -> list[str]:
        """Missing or malformed master data, one German sentence each (empty: complete)."""
        found = []
        required = (
            (self.kundennummer, "Kundennummer fehlt."),
            (self.nachname, "Nachname fehlt."),
            (self.vorname, "Vorname fehlt."),
            (self.strasse, "Straße fehlt."),
            (self.hausnummer, "Hausnummer fehlt."),
            (self.ort, "Ort fehlt."),
            (self.hb, "Hauptbetreuer/in (HB) fehlt."),
        )
        found += [text for value, text in required if not value.strip()]
        if self.geburtsdatum is None:
            found.append("Geburtsdatum fehlt.")
        if not _PLZ.fullmatch(self.plz.strip()):
            found.append("PLZ muss aus fünf Ziffern bestehen.")
        if self.regelbedarfsstufe not in range(1, 7):
            found.append("Regelbedarfsstufe muss zwischen 1 und 6 liegen.")
        try:
            parse_bg_number(self.bg_nummer)
        except ValueError:
            found.append("BG-Nummer: nur Ziffern und Buchstaben, höchstens 30 Zeichen.")
        return found

    def to_row(self, flagged_at: datetime) -> FlagRow:
        """The form as a flag-list row flagged at ``flagged_at`` (needs complete data)."""
        assert self.geburtsdatum is not None

        def opt(text: str) -> str | None:
            return text.strip() or None

        def local(moment: datetime | None) -> datetime | None:
            return to_berlin(moment) if moment is not None else None

        return FlagRow(
            line=0,
            kundennummer=self.kundennummer.strip(),
            nachname=self.nachname.strip(),
            vorname=self.vorname.strip(),
            geburtsdatum=self.geburtsdatum,
            strasse=self.strasse.strip(),
            hausnummer=self.hausnummer.strip(),
            plz=self.plz.strip(),
            ort=self.ort.strip(),
            adresszusatz=opt(self.adresszusatz),
            telefon=opt(self.telefon),
            hb=self.hb.strip(),
            team=opt(self.team),
            langzeitarbeitslos=self.langzeitarbeitslos,
            vorgemerkt_am=to_berlin(flagged_at),
            einladung1=self.einladung1,
            einladung2=self.einladung2,
            anruf1=local(self.anruf1),
            anruf2=local(self.anruf2),
            sinnhaftigkeit=opt(self.sinnhaftigkeit),
            termin=local(self.termin),
            termin_ort=opt(self.termin_ort),
            offene_mitwirkung=tuple(p.strip() for p in self.offene_mitwirkung if p.strip()),
            hinweise=opt(self.hinweise),
            termin_art=self.termin_art,
            regelbedarfsstufe=self.regelbedarfsstufe,
            bg_nummer=_bg_or_none(self.bg_nummer),
        )


def _bg_or_none(text: str) -> str | None:
    try:
        return parse_bg_number(text)
    except ValueError:
        return None


@dataclass(frozen=True)
class Verdict:
    """The live judgement of the form: status, plain-German lines, the week and deadline."""

    status: Status
    lines: list[str]
    week: IsoWeek
    late: bool
    deadline_text: str
    problems: list[str] = field(default_factory=list)
    result: ChainResult | None = None

    @property
    def can_save(self) -> bool:
        """Master data complete (a blocked chain is saved too, like an imported row)."""
        return not self.problems

    def week_text(self) -> str:
        """'Besuch in KW 49/2026' and 'Vormerkung für KW 49 noch bis Donnerstag 03.12., 16:00
        Uhr' on two lines, or the late case's explanation."""
        if self.late:
            return (
                f"Nach Fristende vorgemerkt: Besuch erst in {self.week.label_de()}\n"
                f"Vormerkung {self.deadline_text}"
            )
        return f"Besuch in {self.week.label_de()}\nVormerkung {self.deadline_text}"


def judge(
    form: FlagForm,
    now: datetime,
    rules: RulesSettings,
    calendar: WorkingDayCalendar | None = None,
    lang: str = "de",
) -> Verdict:
    """Judge the form as if it were flagged ``now`` (the clock is passed in); the sentences of
    the contract's timing and appointment codes come in ``lang``."""
    cal = calendar if calendar is not None else WorkingDayCalendar.from_settings(rules)
    problems = form.problems()
    chain_form = form if form.geburtsdatum is not None else _with_dummy_birth(form)
    row = chain_form.to_row(now)
    result = evaluate(row.chain(), rules, cal)
    assert result.visit_week is not None
    lines = missing_steps(row.chain(), rules)
    if form.geburtsdatum is None:
        # Without a birth date the U25 rule cannot be told; say so instead of guessing.
        lines = [line for line in lines if "RFB (nur bei" not in line]
    lines += [
        r.message(lang)
        for r in result.reasons
        if r.code in SELF_EXPLAINING_CODES
        and (form.geburtsdatum is not None or r.code != "W_LZA_U25_INV1_NO_RFB")
    ]
    deadline = flag_deadline_text(result.visit_week, rules, cal)
    return Verdict(result.status, lines, result.visit_week, result.late, deadline, problems, result)


def _with_dummy_birth(form: FlagForm) -> FlagForm:
    from dataclasses import replace

    return replace(form, geburtsdatum=date(1970, 1, 1))


@dataclass(frozen=True)
class SavedFlag:
    """What saving the form did."""

    week: IsoWeek
    status: Status
    outcome: str  # created / updated / unchanged / older_ignored


def save(
    db: Database,
    form: FlagForm,
    now: datetime,
    rules: RulesSettings,
    calendar: WorkingDayCalendar | None = None,
    *,
    identity: Identity,
) -> SavedFlag:
    """Judge and store the flag in one transaction (through the flag-list import)."""
    require(identity, permissions.FLAGGING)
    problems = form.problems()
    if problems:
        raise OfficeError(" ".join(problems), "The form is incomplete.")
    cal = calendar if calendar is not None else WorkingDayCalendar.from_settings(rules)
    row = form.to_row(now)
    result = evaluate(row.chain(), rules, cal)
    judged = JudgedRow(
        0, row.kundennummer, result.status, result.visit_week, result.reasons, row, result.late
    )
    summary = {s.value: 0 for s in Status}
    summary[result.status.value] = 1
    report = CheckReport([judged], summary, "form", None, None, (), ())
    done = flaglist.import_report(db, report, source="form", skip_invalid=False, identity=identity)
    outcome = next(
        name for name in ("created", "updated", "unchanged", "older_ignored") if getattr(done, name)
    )
    assert result.visit_week is not None
    return SavedFlag(result.visit_week, result.status, outcome)


@dataclass(frozen=True)
class KnownCustomer:
    """Master data of a customer already in the store (to prefill the form)."""

    kundennummer: str
    nachname: str
    vorname: str
    geburtsdatum: date
    strasse: str
    hausnummer: str
    plz: str
    ort: str
    adresszusatz: str
    telefon: str
    langzeitarbeitslos: bool
    team: str
    hb: str
    regelbedarfsstufe: int = 1
    bg_nummer: str = ""


def known_customer(
    session: Session,
    kundennummer: str,
    *,
    identity: Identity,
) -> KnownCustomer | None:
    """The stored master data of ``kundennummer`` (case and blanks ignored), if any."""
    require(identity, permissions.FLAGGING)
    number = kundennummer.strip()
    if not number:
        return None
    customer = session.scalars(
        select(Customer)
        .where(Customer.kundennummer == number)
        .options(
            selectinload(Customer.address),
            selectinload(Customer.caseworker),
            selectinload(Customer.flags),
        )
    ).first()
    if customer is None:
        return None
    address = customer.address
    return KnownCustomer(
        customer.kundennummer,
        customer.nachname,
        customer.vorname,
        customer.geburtsdatum,
        address.strasse if address else "",
        address.hausnummer if address else "",
        address.plz if address else "",
        address.ort if address else "",
        address.adresszusatz if address else "",
        customer.telefon,
        customer.langzeitarbeitslos,
        customer.team,
        customer.caseworker.name if customer.caseworker else "",
        *_latest_letter_facts(customer),
    )


def _latest_letter_facts(customer: Customer) -> tuple[int, str]:
    """Regelbedarfsstufe and BG number of the customer's newest flag (1 and '' without)."""
    flags = sorted(customer.flags, key=lambda f: f.flagged_at)
    if not flags:
        return 1, ""
    newest = flags[-1]
    return newest.standard_need_level or 1, newest.bg_number or ""
