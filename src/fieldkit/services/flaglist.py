"""Importing a weekly flag list into the store: all rows or none, idempotent.

A row is keyed by its customer number and visit week. Importing the same file again
changes nothing (not even a timestamp); a row whose flag time is newer than the stored
one updates that week's flag; an older row never overwrites a newer one.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, selectinload

from fieldkit.domain import permissions, roles
from fieldkit.domain.reasons import Reason
from fieldkit.domain.settings import RulesSettings
from fieldkit.domain.week import BERLIN
from fieldkit.errors import BilingualError
from fieldkit.importing import CheckCancelled as CheckCancelled  # for the UI: it imports services
from fieldkit.importing import CheckReport, FlagFileError, FlagRow, JudgedRow, check_file
from fieldkit.services import audit
from fieldkit.services.access import require
from fieldkit.services.office import Identity
from fieldkit.settings import Settings
from fieldkit.store.db import Database, EditConflict
from fieldkit.store.models import Address, Caseworker, Customer, Flag, Invitation, PhoneCall
from fieldkit.store.models_office import FlagRelease
from fieldkit.store.models_setup import Team
from fieldkit.wording import count


class FlagListError(BilingualError):
    """A flag list that cannot be imported; ``message(lang)`` is one sentence."""


@dataclass
class ImportResult:
    """What an import changed."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    older_ignored: int = 0
    skipped_invalid: int = 0
    #: Rows of other teams than the importing caseworker's or team lead's (issue 14).
    skipped_other_team: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    by_week: dict[str, int] = field(default_factory=dict)

    @property
    def imported(self) -> int:
        """Rows that are now in the store (new, updated or already there)."""
        return self.created + self.updated + self.unchanged

    def counts_text(self) -> str:
        """'30 eligible, 5 warning, 5 blocked'."""
        return ", ".join(f"{n} {s}" for s, n in sorted(self.by_status.items()) if n)

    def text_en(self) -> str:
        """One English sentence for the CLI."""
        return self.text("en")

    def text(self, lang: str = "de") -> str:
        """One sentence for the CLI, in German or (``lang`` "en…") English."""
        if lang.startswith("en"):
            rows = count(self.imported, "row", "rows")
            parts = [
                f"Imported {rows}: {self.created} new, {self.updated} updated, "
                f"{self.unchanged} unchanged"
            ]
            older = f"{self.older_ignored} older than the stored flag and ignored"
            invalid = f"{self.skipped_invalid} invalid skipped"
            foreign = f"{self.skipped_other_team} of other teams skipped"
        else:
            rows = count(self.imported, "Zeile", "Zeilen")
            parts = [
                f"{rows} importiert: {self.created} neu, {self.updated} geändert, "
                f"{self.unchanged} unverändert"
            ]
            older = f"{self.older_ignored} älter als die gespeicherte Vormerkung, nicht übernommen"
            invalid = f"{self.skipped_invalid} ungültige übersprungen"
            foreign = f"{self.skipped_other_team} anderer Teams übersprungen"
        if self.older_ignored:
            parts.append(older)
        if self.skipped_invalid:
            parts.append(invalid)
        if self.skipped_other_team:
            parts.append(foreign)
        return "; ".join(parts) + "."


def check(
    path: Path,
    settings: Settings,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    *,
    rules: RulesSettings | None = None,
    identity: Identity,
) -> CheckReport:
    """Judge a file; a file that is no usable flag list raises :class:`FlagListError`.

    ``rules``: the rules to judge by, normally ``services.setup.recorded_rules`` (the
    recorded office's federal state and flag cutoff); default: the settings' rules.
    """
    require(identity, permissions.FLAGGING)
    if rules is None:
        rules = settings.section("rules", RulesSettings)
    try:
        return check_file(path, rules, progress=progress, cancelled=cancelled)
    except FlagFileError as exc:
        raise FlagListError(exc.message("de"), exc.message("en")) from exc


def reason_to_json(reason: Reason) -> dict[str, Any]:
    """A reason as stored with the flag (code, column, parameters)."""
    return {"code": reason.code, "column": reason.column, "params": dict(reason.params)}


def reason_from_json(data: dict[str, Any]) -> Reason:
    """The stored form back as a :class:`Reason` (for messages in the UI's language)."""
    params = data.get("params") or {}
    return Reason(
        code=str(data.get("code", "")),
        column=data.get("column"),
        params={str(k): str(v) for k, v in params.items()},
    )


def report_lines(report: CheckReport, lang: str = "en") -> list[str]:
    """Human-readable lines for ``fieldkit check`` without ``--json``."""
    lines = []
    for row in report.rows:
        week = str(row.visit_week) if row.visit_week else "-"
        lines.append(f"line {row.line}: {row.kundennummer or '?'}  {row.status.value}  {week}")
        lines.extend(f"    {r.code}: {r.message(lang)}" for r in row.reasons)
    s = report.summary
    lines.append(
        f"{len(report.rows)} row(s): {s['eligible']} eligible, {s['warning']} warning, "
        f"{s['blocked']} blocked, {s['invalid']} invalid."
    )
    return lines


def problem_lines(rows: Iterable[JudgedRow], lang: str = "en", prefix: str = "") -> list[str]:
    """One line per problem of invalid rows (each message names line and column)."""
    return [
        prefix + r.message(lang) for row in rows for r in row.reasons if r.code.startswith("X_")
    ]


def _fingerprint(row: FlagRow, judged: JudgedRow) -> str:
    data = {k: v for k, v in row.__dict__.items() if k != "line"}
    data["_status"] = judged.status.value
    data["_codes"] = judged.codes
    return hashlib.sha256(json.dumps(data, default=str, sort_keys=True).encode()).hexdigest()


def import_report(
    db: Database,
    report: CheckReport,
    source: str = "",
    skip_invalid: bool = True,
    progress: Callable[[int, int], None] | None = None,
    *,
    identity: Identity,
) -> ImportResult:
    """Write the report's valid rows in ONE transaction; with ``skip_invalid=False`` any
    invalid row means nothing is written."""
    require(identity, permissions.FLAGGING)
    invalid = report.invalid_rows()
    if invalid and not skip_invalid:
        raise FlagListError(
            f"Nichts importiert: {len(invalid)} ungültige Zeile(n).",
            f"Nothing imported: {len(invalid)} invalid row(s).",
        )
    rows, foreign = _own_team(report.valid_rows(), identity)
    if foreign and not skip_invalid:
        raise _other_teams(foreign, identity.team)
    result = ImportResult(skipped_invalid=len(invalid), skipped_other_team=len(foreign))
    try:
        _write(db, rows, result, source, progress, identity)
    except DBAPIError as exc:
        # A database that refuses rows (the central one's row-level security, issue 15): one
        # sentence, nothing written, and never the rows themselves on the screen.
        if "row-level security" not in str(exc.orig):
            raise
        raise FlagListError(
            "Nichts importiert: die Datenbank hat Zeilen dieser Liste abgelehnt "
            "(keine Berechtigung für diese Kunden).",
            "Nothing imported: the database refused rows of this list "
            "(no permission for these customers).",
        ) from exc
    return result


def _own_team(rows: list[JudgedRow], identity: Identity) -> tuple[list[JudgedRow], list[JudgedRow]]:
    """The rows a caseworker's or team lead's account may import (its team's), and those of
    other teams; every row for anyone else. A row that names no team is the importer's: it
    gets the account's team (stored without one, the team could not see its own customer,
    and the central database refused it)."""
    if not identity.account or identity.account_role not in (roles.CASEWORKER, roles.TEAMLEAD):
        return rows, []
    mine: list[JudgedRow] = []
    others: list[JudgedRow] = []
    for row in rows:
        team = row.record.team if row.record is not None else ""
        if not team and row.record is not None and identity.team:
            row = replace(row, record=replace(row.record, team=identity.team))
            team = identity.team
        (mine if not team or team == identity.team else others).append(row)
    return mine, others


def _other_teams(rows: list[JudgedRow], team: str) -> FlagListError:
    lines = ", ".join(str(r.line) for r in rows[:10]) + (" …" if len(rows) > 10 else "")
    teams = ", ".join(sorted({r.record.team or "" for r in rows if r.record is not None}))
    return FlagListError(
        f"Nichts importiert: {len(rows)} Zeile(n) gehören zu anderen Teams ({teams}; Zeile "
        f"{lines}). Sachbearbeitung und Teamleitung lesen nur Kunden ihres Teams {team} ein; "
        "--skip-invalid liest die eigenen ein und übergeht die anderen.",
        f"Nothing imported: {len(rows)} row(s) belong to other teams ({teams}; line {lines}). "
        f"Caseworkers and team leads import only the customers of their team {team}; "
        "--skip-invalid imports these and skips the others.",
    )


def _write(
    db: Database,
    rows: list[JudgedRow],
    result: ImportResult,
    source: str,
    progress: Callable[[int, int], None] | None,
    identity: Identity,
) -> None:
    with db.session() as session:
        caseworkers = _caseworkers_for(session, rows)
        customers = _known_customers(session, [r.kundennummer for r in rows if r.kundennummer])
        fresh = _BulkInsert(db.device_id)
        for i, judged in enumerate(rows):
            record = judged.record
            assert record is not None
            assert judged.visit_week is not None
            if record.kundennummer in customers:
                outcome = _upsert(session, judged, record, caseworkers, customers)
            else:
                # New customers skip the unit of work: one INSERT per table and batch.
                fresh.add(judged, record, caseworkers[record.hb].id)
                outcome = "created"
            _count(result, outcome, judged)
            if progress and (i + 1) % 500 == 0:
                progress(i + 1, len(rows))
        fresh.write(session)
        detail = f"{Path(source).name or 'Meldeliste'}: {len(rows)} Zeilen"
        audit.record(session, identity, audit.IMPORT, "flag_list", "", detail)
    if progress:
        progress(len(rows), len(rows))


def _caseworkers_for(session: Session, rows: list[JudgedRow]) -> dict[str, Caseworker]:
    """The caseworkers by name; an HB the list names for the first time is added, and so is
    the team it names when the office's setup does not know it yet (without a lead): the
    setup (``fieldkit setup export``) names every caseworker's team, so that applying the
    exported file works and changes nothing."""
    caseworkers = {c.name: c for c in session.scalars(select(Caseworker))}
    teams = set(session.scalars(select(Team.number)))
    for row in rows:
        assert row.record is not None
        if row.record.hb not in caseworkers:
            team = row.record.team or ""
            caseworkers[row.record.hb] = Caseworker(name=row.record.hb, team=team)
            session.add(caseworkers[row.record.hb])
            if team and team not in teams:
                teams.add(team)
                session.add(Team(number=team))
    session.flush()
    return caseworkers


def _known_customers(session: Session, numbers: list[str]) -> dict[str, Customer]:
    """The stored customers among ``numbers`` (with address and flags), by Kundennummer."""
    customers: dict[str, Customer] = {}
    for chunk in range(0, len(numbers), 500):  # stay below SQLite's parameter limit
        customers.update(
            (c.kundennummer, c)
            for c in session.scalars(
                select(Customer)
                .where(Customer.kundennummer.in_(numbers[chunk : chunk + 500]))
                .options(selectinload(Customer.address), selectinload(Customer.flags))
            )
        )
    return customers


def _count(result: ImportResult, outcome: str, judged: JudgedRow) -> None:
    """Count one row's outcome; a row older than the stored one counts nowhere else."""
    setattr(result, outcome, getattr(result, outcome) + 1)
    if outcome != "older_ignored":
        key = judged.status.value
        result.by_status[key] = result.by_status.get(key, 0) + 1
        week = str(judged.visit_week)
        result.by_week[week] = result.by_week.get(week, 0) + 1


class _BulkInsert:
    """Rows of new customers, written with one executemany per table."""

    def __init__(self, device_id: str) -> None:
        self.device_id = device_id
        self.now = datetime.now(UTC)
        self.tables: dict[type[Any], list[dict[str, Any]]] = {
            Customer: [],
            Address: [],
            Flag: [],
            Invitation: [],
            PhoneCall: [],
        }

    def _row(self, model: type[Any], **values: Any) -> uuid.UUID:
        new_id = uuid.uuid4()
        values.update(id=new_id, created_at=self.now, updated_at=self.now, device_id=self.device_id)
        self.tables[model].append(values)
        return new_id

    def add(self, judged: JudgedRow, row: FlagRow, caseworker_id: uuid.UUID) -> None:
        """Queue one new customer with address, flag, invitations and calls."""
        customer_id = self._row(
            Customer, kundennummer=row.kundennummer, nachname=row.nachname,
            vorname=row.vorname, geburtsdatum=row.geburtsdatum, telefon=row.telefon or "",
            langzeitarbeitslos=row.langzeitarbeitslos, team=row.team or "",
            caseworker_id=caseworker_id,
        )  # fmt: skip
        self._row(
            Address, customer_id=customer_id, strasse=row.strasse, hausnummer=row.hausnummer,
            plz=row.plz, ort=row.ort, adresszusatz=row.adresszusatz or "", lat=None, lon=None,
            geo_source="", geo_precision="",
        )  # fmt: skip
        flag_id = self._row(Flag, customer_id=customer_id, **_flag_values(judged, row))
        for n, inv in ((1, row.einladung1), (2, row.einladung2)):
            if inv is not None:
                self._row(
                    Invitation, flag_id=flag_id, seq=n, date=inv.datum, with_rfb=inv.rfb,
                    attended=inv.erschienen, channel="in_person",
                )  # fmt: skip
        for n, call in ((1, row.anruf1), (2, row.anruf2)):
            if call is not None:
                self._row(PhoneCall, flag_id=flag_id, seq=n, called_at=call.astimezone(UTC))

    def write(self, session: Session) -> None:
        """INSERT everything queued, parents before children."""
        for model, values in self.tables.items():
            if values:
                session.execute(insert(model), values)


def _flag_values(judged: JudgedRow, row: FlagRow) -> dict[str, Any]:
    """The flag's columns from a judged row (shared by the ORM and the bulk path)."""
    return {
        "visit_week": str(judged.visit_week),
        "flagged_at": row.vorgemerkt_am.astimezone(UTC),
        "status": judged.status.value,
        "reasons": [reason_to_json(r) for r in judged.reasons],
        "sinnhaftigkeit": row.sinnhaftigkeit or "",
        "appointment_at": row.termin.astimezone(UTC) if row.termin else None,
        "appointment_place": row.termin_ort or "",
        "open_cooperation": list(row.offene_mitwirkung),
        "hints": row.hinweise or "",
        "appointment_kind": row.termin_art.value,
        "standard_need_level": row.regelbedarfsstufe,
        "bg_number": row.bg_nummer or "",
        "source_fingerprint": _fingerprint(row, judged),
        "withdrawn_at": None,
        "override_reason": "",
        "override_by": "",
        "override_at": None,
    }


def _upsert(
    session: Session,
    judged: JudgedRow,
    row: FlagRow,
    caseworkers: dict[str, Caseworker],
    customers: dict[str, Customer],
) -> str:
    week = str(judged.visit_week)
    customer = customers.get(row.kundennummer)
    flag = None
    if customer is not None:
        flag = next((f for f in customer.flags if f.visit_week == week), None)
    fingerprint = _fingerprint(row, judged)
    flagged_utc = row.vorgemerkt_am.astimezone(UTC)
    if flag is not None:
        if flag.source_fingerprint == fingerprint:
            return "unchanged"
        if flagged_utc < flag.flagged_at:
            return "older_ignored"
    caseworker = caseworkers[row.hb]  # import_report created every caseworker first
    if customer is None:
        customer = Customer(kundennummer=row.kundennummer)
        customer.flags = []
        session.add(customer)
        customers[row.kundennummer] = customer
    # Master data comes from the newest list; unchanged values are not marked dirty.
    customer.nachname = row.nachname
    customer.vorname = row.vorname
    customer.geburtsdatum = row.geburtsdatum
    customer.telefon = row.telefon or ""
    customer.langzeitarbeitslos = row.langzeitarbeitslos
    customer.team = row.team or ""
    customer.caseworker = caseworker
    _set_address(customer, row)
    created = flag is None
    if flag is None:
        flag = Flag(customer=customer, visit_week=week)
        session.add(flag)
    for key, value in _flag_values(judged, row).items():
        if key not in ("withdrawn_at", "override_reason", "override_by", "override_at"):
            setattr(flag, key, value)
    flag.invitations = [
        Invitation(seq=n, date=inv.datum, with_rfb=inv.rfb, attended=inv.erschienen)
        for n, inv in ((1, row.einladung1), (2, row.einladung2))
        if inv is not None
    ]
    flag.calls = [
        PhoneCall(seq=n, called_at=call.astimezone(UTC))
        for n, call in ((1, row.anruf1), (2, row.anruf2))
        if call is not None
    ]
    return "created" if created else "updated"


def _set_address(customer: Customer, row: FlagRow) -> None:
    address = customer.address
    new = (row.strasse, row.hausnummer, row.plz, row.ort)
    if address is None:
        customer.address = Address(
            strasse=row.strasse, hausnummer=row.hausnummer, plz=row.plz, ort=row.ort,
            adresszusatz=row.adresszusatz or "",
        )  # fmt: skip
        return
    if (address.strasse, address.hausnummer, address.plz, address.ort) != new:
        address.strasse, address.hausnummer, address.plz, address.ort = new
        # A moved customer must be placed on the map again.
        address.lat = address.lon = None
        address.geo_source = address.geo_precision = ""
    address.adresszusatz = row.adresszusatz or ""


def override_block(
    db: Database,
    flag_id: Any,
    reason: str,
    by: str,
    at: datetime,
    *,
    identity: Identity,
) -> None:
    """A caseworker releases a blocked flag for planning, with a written reason.

    Released once: a flag someone else released already (also one moment earlier, in another
    session: the flag's version column catches that) is refused with a sentence saying who
    released it and why; each release is kept in :class:`FlagRelease`.
    """
    require(identity, permissions.FLAGGING)
    reason = reason.strip()
    if len(reason) < 10:
        raise FlagListError(
            "Bitte eine Begründung mit mindestens 10 Zeichen angeben.",
            "Please give a reason of at least 10 characters.",
        )
    if not by.strip():
        raise FlagListError("Bitte angeben, wer freigibt.", "Please say who releases the flag.")
    try:
        with db.session() as session:
            flag = session.get(Flag, flag_id)
            if flag is None or flag.status != "blocked":
                raise FlagListError(
                    "Diese Vormerkung ist nicht gesperrt.", "This flag is not blocked."
                )
            if flag.override_reason.strip():
                raise _released_already(flag)
            flag.override_reason = reason
            flag.override_by = by.strip()
            flag.override_at = at.astimezone(UTC)
            session.add(
                FlagRelease(
                    flag_id=flag.id,
                    reason=reason,
                    released_by=by.strip(),
                    released_at=flag.override_at,
                )
            )
    except EditConflict:
        # Released (or changed) by someone else between our reading and our writing.
        with db.session() as session:
            flag = session.get(Flag, flag_id)
            if flag is not None and flag.override_reason.strip():
                raise _released_already(flag) from None
        raise


def _released_already(flag: Flag) -> FlagListError:
    when = (
        flag.override_at.astimezone(BERLIN).strftime("%d.%m.%Y %H:%M") if flag.override_at else ""
    )
    return FlagListError(
        f"Nicht gespeichert: {flag.override_by} hat diese Vormerkung {when} schon freigegeben "
        f"(„{flag.override_reason}“).",
        f"Not saved: {flag.override_by} released this flag already at {when} "
        f"('{flag.override_reason}').",
        code="released_already",
    )
