"""Sync use cases: over the network, or through files; each returns a :class:`SyncReport`.

``sync_network`` pushes, then pulls, then minimises. Progress goes through ``progress(done,
total)``; ``cancelled()`` is checked between batches (every batch is already safe); ``hook``
is called at every point where a crash could happen, so tests can crash there.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, desc, func, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError

from fieldkit import escaping
from fieldkit.domain import permissions
from fieldkit.domain.permissions import Actor, check
from fieldkit.settings import SettingsStore
from fieldkit.store.db import Database, current_revision, head_revision, login_refused
from fieldkit.store.models_audit import clean, new_entry
from fieldkit.store.models_sync import SyncConflict, SyncRun
from fieldkit.sync import accounts as laptop_accounts
from fieldkit.sync import engine as eng
from fieldkit.sync import keys, office_docs, transport
from fieldkit.sync import provenance as prov
from fieldkit.sync.central_policies import may
from fieldkit.sync.errors import SyncError
from fieldkit.sync.sealing import KeyPair
from fieldkit.sync.settings import SyncSettings
from fieldkit.sync.transfer import SyncFile, read_file, write_file
from fieldkit.wording import count

Progress = Callable[[int, int], None]


@dataclass
class SyncReport:
    """What a sync did: records up and down, conflicts found, customers removed."""

    pushed: dict[str, int] = field(default_factory=dict)
    pulled: dict[str, int] = field(default_factory=dict)
    rejected: int = 0
    conflicts: int = 0
    removed: int = 0
    device: str = ""
    #: Which of the office's documents (``office_docs.KINDS``) this installation took over.
    adopted: list[str] = field(default_factory=list)
    #: Accounts this laptop took over from the central database (new, changed, disabled).
    accounts: list[str] = field(default_factory=list)

    def text(self, language: str = "en") -> str:
        """One paragraph for the CLI, in English or (``"de"``) German."""
        if language == "de":
            return self._text_de()
        up = sum(self.pushed.values())
        down = sum(self.pulled.values())
        parts = [
            count(up, "record", "records") + " up" + _detail(self.pushed),
            f"{down} down" + _detail(self.pulled),
        ]
        if self.conflicts:
            conflicts = count(self.conflicts, "conflict", "conflicts")
            parts.append(conflicts + " (see the conflict list)")
        if self.rejected:
            parts.append(
                count(self.rejected, "record", "records")
                + " not accepted (kept, listed as conflicts)"
            )
        if self.removed:
            parts.append(
                count(self.removed, "customer", "customers")
                + " removed from this laptop (data minimisation)"
            )
        if self.adopted:
            names = {"letter_templates": "letter templates", "settings": "office-wide settings"}
            parts.append(
                "took over the office's " + " and ".join(names.get(k, k) for k in self.adopted)
            )
        if self.accounts:
            parts.append("accounts updated: " + ", ".join(self.accounts))
        return "; ".join(parts) + "."

    def _text_de(self) -> str:
        up, down = sum(self.pushed.values()), sum(self.pulled.values())
        parts = [
            count(up, "Datensatz", "Datensätze") + " hochgeladen" + _detail_de(self.pushed),
            f"{down} heruntergeladen" + _detail_de(self.pulled),
        ]
        if self.conflicts:
            parts.append(count(self.conflicts, "Konflikt", "Konflikte") + " (siehe Konfliktliste)")
        if self.rejected:
            parts.append(
                count(self.rejected, "Datensatz", "Datensätze")
                + " nicht angenommen (bleiben hier, als Konflikte aufgeführt)"
            )
        if self.removed:
            parts.append(
                count(self.removed, "Kunde", "Kunden")
                + " von diesem Laptop entfernt (Datensparsamkeit)"
            )
        if self.adopted:
            names = {"letter_templates": "Briefvorlagen", "settings": "Einstellungen"}
            taken = " und ".join(names.get(k, k) for k in self.adopted)
            parts.append(f"{taken} des Büros übernommen")
        if self.accounts:
            parts.append("Konten aktualisiert: " + ", ".join(self.accounts))
        return "; ".join(parts) + "."


#: The records in the user's words (German CLI); a table not named here is counted only.
_GERMAN_RECORDS = {
    "visit": "Besuche",
    "case_note": "Vermerke",
    "task": "Aufgaben",
    "prep_check": "Vorbereitungen",
    "manual_placement": "Verortungen",
    "route_stop": "Tourstopps",
    "audit_log": "Protokolleinträge",
    "customer": "Kunden",
    "address": "Adressen",
    "flag": "Vormerkungen",
    "invitation": "Einladungen",
    "phone_call": "Anrufe",
    "area": "Gebiete",
    "outreach_worker": "Außendienstkräfte",
    "caseworker": "Fachkräfte",
    "branch": "Standorte",
    "team": "Teams",
    "worker_area": "Gebietszuordnungen",
    "rule_set_verification": "Regelwerksprüfungen",
}


def _detail_de(counts: dict[str, int]) -> str:
    shown = {_GERMAN_RECORDS[k]: v for k, v in counts.items() if v and k in _GERMAN_RECORDS}
    return " (" + ", ".join(f"{k} {v}" for k, v in shown.items()) + ")" if shown else ""


def _detail(counts: dict[str, int]) -> str:
    shown = {k: v for k, v in counts.items() if v}
    return " (" + ", ".join(f"{k} {v}" for k, v in shown.items()) + ")" if shown else ""


def _noop_progress(_done: int, _total: int) -> None:
    return None


def _never() -> bool:
    return False


def _no_hook(_point: str) -> None:
    return None


def safe_url(url: str) -> str:
    """The URL without its password, for logs and messages (even when it does not parse)."""
    return escaping.safe_url(url)


def url_without_password(url: str) -> str:
    """The URL to remember in the settings: passwords belong in ~/.pgpass or PGPASSWORD."""
    try:
        # URL.set(password=None) keeps the password ("None" means "unchanged" there).
        return make_url(url)._replace(password=None).render_as_string(hide_password=False)
    except ArgumentError:
        return url


def as_account(url: str, account: str, password: str) -> str:
    """``url`` with the login role of ``account`` and its password (issue 15: each account is
    a PostgreSQL login role of its name in lower case). Other databases stay as they are."""
    from fieldkit.sync.central_roles import role_name

    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        return url  # open_central says what is wrong with it
    if parsed.get_backend_name() != "postgresql" or not role_name(account):
        return url
    login = parsed.set(username=role_name(account), password=password)
    return login.render_as_string(hide_password=False)


# --------------------------------------------------------------------------- central


def open_central(url: str, settings: SyncSettings | None = None) -> Engine:
    """An engine on the central database, checked to be reachable and at this schema.

    Every host but the loopback is reached only through TLS with a verified server
    certificate (``sslmode=verify-full`` against ``sync.ca_file``); that is checked before
    any connection is made (:func:`transport_args`).
    """
    settings = settings or SyncSettings()
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError) as exc:  # ValueError: a port that is not a number
        raise SyncError(
            "unreachable", f"'{safe_url(url)}' is not a valid database address."
        ) from exc
    connect_args: dict[str, Any] = {}
    if parsed.get_backend_name() == "postgresql":
        connect_args["connect_timeout"] = settings.connect_timeout_seconds
        connect_args.update(transport.transport_args(parsed, settings))
    elif parsed.get_backend_name() != "sqlite":
        raise SyncError("unreachable", "The central database must be PostgreSQL.")
    try:
        engine = create_engine(
            url, connect_args=connect_args, pool_pre_ping=True, hide_parameters=True
        )
    except (ArgumentError, ImportError) as exc:
        raise SyncError("unreachable", f"'{safe_url(url)}' cannot be used: {exc}.") from exc
    try:
        revision = current_revision(engine)
    except (OperationalError, DBAPIError) as exc:
        engine.dispose()
        raise _connect_error(url, exc) from exc
    head = head_revision()
    if revision is None:
        engine.dispose()
        raise SyncError(
            "schema_empty",
            f"The central database {safe_url(url)} has no fieldkit tables yet; run "
            "'fieldkit db upgrade --db URL' there first.",
        )
    if revision != head:
        engine.dispose()
        older = revision < head
        raise SyncError(
            "schema_old" if older else "schema_new",
            f"The central database is at schema revision {revision}, this fieldkit needs "
            f"{head}; "
            + (
                "run 'fieldkit db upgrade --db URL' on the central database."
                if older
                else "update fieldkit on this laptop."
            ),
        )
    return engine


def _connect_error(url: str, exc: Exception) -> SyncError:
    text = str(getattr(exc, "orig", exc))
    lower = text.lower()
    where = safe_url(url)
    if login_refused(text) or "password" in lower or "authentication" in lower:
        return SyncError(
            "auth", f"The central database {where} refused the login; check user and password."
        )
    if "does not exist" in lower:
        return SyncError("no_database", f"The database named in {where} does not exist.")
    return SyncError(
        "unreachable",
        f"The central database {where} cannot be reached; check the network and the address.",
    )


# --------------------------------------------------------------------------- runs


def _start_run(db: Database, mode: str, target: str, now: datetime, actor: Actor) -> uuid.UUID:
    with db.session() as session:
        run = SyncRun(mode=mode, target=target[:300], started_at=now, ok=False)
        session.add(run)
        session.flush()
        # Recorded at the start, so this run's own entry goes up with its push (issue 14).
        name = "" if mode == "network" else Path(target).name
        new_entry(session, actor.account, "sync", "sync_run", run.id, f"{mode} {name}".strip())
        return run.id


def _audit_central(
    conn: Connection,
    actor: Actor,
    mode: str,
    name: str,
    now: datetime,
    *,
    kind: str = "sync_file",
) -> None:
    """Name an office-side file sync (or a revocation) in the central audit log."""
    conn.execute(
        eng.table("audit_log").insert(),
        {
            "id": uuid.uuid4(),
            "at": now,
            "account": clean(actor.account, 100),
            "device": "",
            "action": "sync",
            "object_kind": kind,
            "object_id": "",
            "detail": clean(f"{mode} {name}", 200),
            "created_at": now,
            "updated_at": now,
            "device_id": "",
        },
    )


def _finish_run(
    db: Database, run_id: uuid.UUID, report: SyncReport | None, error: SyncError | None
) -> None:
    with db.session() as session:
        run = session.get(SyncRun, run_id)
        if run is None:
            return
        run.finished_at = datetime.now(UTC)
        run.ok = error is None
        if report is not None:
            run.pushed = dict(report.pushed)
            run.pulled = dict(report.pulled)
        if error is not None:
            run.error = str(error)
            run.error_code = error.code


def last_run(db: Database) -> SyncRun | None:
    """The most recent sync run on this database."""
    with db.session() as session:
        return session.scalars(
            select(SyncRun).order_by(desc(SyncRun.started_at), desc(SyncRun.created_at)).limit(1)
        ).first()


def open_conflicts(db: Database) -> list[SyncConflict]:
    """The conflict list (unresolved first, newest first)."""
    with db.session() as session:
        return list(
            session.scalars(
                select(SyncConflict).order_by(
                    SyncConflict.resolved_at.is_not(None), desc(SyncConflict.detected_at)
                )
            )
        )


def unsynced_count(db: Database) -> int:
    """Field records on this laptop that the central store has not confirmed."""
    with db.engine.connect() as conn:
        return eng.unsynced_field_records(conn)


def record_device_run(
    conn: Connection,
    report: SyncReport,
    worker_id: str,
    actor: Actor,
    mode: str,
    now: datetime,
) -> None:
    """Note a laptop's sync in the central database, for the team lead's report (v0019)."""
    try:
        worker = uuid.UUID(worker_id) if worker_id else None
    except ValueError:
        worker = None
    conn.execute(
        eng.table("sync_device_run").insert(),
        {
            "id": uuid.uuid4(),
            "device": clean(report.device, 64),
            "worker_id": worker,
            "account": clean(actor.account, 100),
            "mode": mode,
            "at": now,
            "pushed": sum(report.pushed.values()),
            "pulled": sum(report.pulled.values()),
            "conflicts": report.conflicts,
            "rejected": report.rejected,
            "created_at": now,
            "updated_at": now,
            "device_id": "",
        },
    )


# --------------------------------------------------------------------------- network


def _run_logged(
    db: Database,
    mode: str,
    target: str,
    now: datetime,
    work: Callable[[], SyncReport],
    actor: Actor,
) -> SyncReport:
    run_id = _start_run(db, mode, target, now, actor)
    try:
        report = work()
    except SyncError as exc:
        _finish_run(db, run_id, None, exc)
        raise
    except (OperationalError, DBAPIError) as exc:
        error = SyncError(
            "failed",
            "The sync stopped because the database connection failed; everything confirmed "
            "so far is safe, run the sync again.",
        )
        _finish_run(db, run_id, None, error)
        raise error from exc
    _finish_run(db, run_id, report, None)
    return report


def push(
    laptop: Engine,
    central: Engine,
    *,
    now: datetime,
    batch_size: int = 1000,
    progress: Progress = _noop_progress,
    cancelled: Callable[[], bool] = _never,
    hook: Callable[[str], None] = _no_hook,
    report: SyncReport | None = None,
    total: int = 0,
    device: str = "",
) -> SyncReport:
    """Push every unconfirmed record, batch by batch (central commit, then laptop marker)."""
    report = report or SyncReport()
    done = 0
    for s in _push_specs(central):
        after: tuple[datetime, uuid.UUID] | None = None
        count = 0
        batch_no = 0
        while True:
            if cancelled():
                raise SyncError("cancelled", "The sync was cancelled; what was sent is safe.")
            with laptop.connect() as lconn:
                rows = eng.pending_rows(lconn, s.table, after, batch_size, ready_only=True)
            if not rows:
                break
            after = (rows[-1]["created_at"], rows[-1]["id"])
            point = f"push:{s.table}:{batch_no}"
            hook(point + ":before-central")
            with central.begin() as cconn:
                result = eng.apply_push_batch(cconn, s, rows, now)
                eng.record_conflicts(cconn, result.conflicts)
                hook(point + ":before-central-commit")
            hook(point + ":after-central-commit")
            with laptop.begin() as lconn:
                eng.confirm(lconn, s.table, result.applied, now)
                eng.record_conflicts(lconn, result.conflicts)
                hook(point + ":before-confirm-commit")
            hook(point + ":after-confirm")
            count += len(result.applied)
            report.rejected += result.rejected
            report.conflicts += len(result.conflicts)
            done += len(rows)
            progress(done, max(total, done))
            batch_no += 1
        report.pushed[s.table] = count
    with central.begin() as cconn:
        _resolve_central(cconn, now)
        report.conflicts += len(eng.detect_withdrawn(cconn, now))
        forks = eng.detect_forks(cconn, now)
    # A correction competing with one from another device is shown on this laptop too.
    mine = [c for c in forks if any(v["device"] == device for v in c["detail"]["versions"])]
    report.conflicts += len(mine)
    with laptop.begin() as lconn:
        eng.record_conflicts(lconn, mine)
        eng.resolve_rejections(lconn, now, central=False)
    hook("push:done")
    return report


def _push_specs(central: Engine) -> list[eng.PushSpec]:
    """What this login pushes: master data is offered only where it may insert it, so not by
    a field account (issue 15: the back office owns master data; row-level security would
    refuse the rows)."""
    with central.connect() as cconn:
        return [s for s in eng.PUSH if s.mode != "offer" or may(cconn, s.table, "INSERT")]


def _resolve_central(cconn: Connection, now: datetime) -> None:
    """Mark rejections resolved centrally; a field account, which may not change conflicts,
    has ``central init``'s SECURITY DEFINER function do exactly this step."""
    if may(cconn, "sync_conflict", "UPDATE"):
        eng.resolve_rejections(cconn, now, central=True)
    else:
        cconn.execute(select(func.fieldkit_resolve_rejections(now)))


def sync_network(
    db: Database,
    central_url: str,
    *,
    worker: str,
    now: datetime,
    settings: SyncSettings | None = None,
    progress: Progress = _noop_progress,
    cancelled: Callable[[], bool] = _never,
    hook: Callable[[str], None] = _no_hook,
    identity: Actor,
    laptop_key: bytes | None = None,
    settings_store: SettingsStore | None = None,
) -> SyncReport:
    """Push this laptop's records, pull what ``worker`` needs, then minimise; logged as a run.

    The laptop's accounts are pulled again too (:mod:`fieldkit.sync.accounts`; with
    ``laptop_key``, the key of an encrypted database, their key slots are re-wrapped); an
    account disabled centrally cannot sync and is disabled here at once. The office's
    settings are adopted through ``settings_store`` (default: one on settings.json).
    """
    check(identity, permissions.SYNC)
    settings = settings or SyncSettings()

    def work() -> SyncReport:
        if not worker.strip():
            raise SyncError(
                "worker",
                "Name the outreach worker this laptop belongs to (--worker or the sync settings).",
            )
        central = open_central(central_url, settings)
        try:
            _refuse_disabled(db, central, identity.account)
            steps = (progress, cancelled, hook, settings_store)
            report = _sync(db, central, worker.strip(), now, settings, *steps)
            report.accounts = _refresh_accounts(db, central, laptop_key)
            with db.engine.connect() as lconn:
                worker_id = prov.read_enrolment(lconn).worker_id
            with central.begin() as cconn:
                record_device_run(cconn, report, worker_id, identity, "network", now)
            return report
        finally:
            central.dispose()

    return _run_logged(db, "network", safe_url(central_url), now, work, identity)


def _refuse_disabled(db: Database, central: Engine, account: str) -> None:
    """An account disabled on the central database syncs no more; it is disabled here too."""
    if not account.strip():
        return
    with central.connect() as cconn:
        rows = laptop_accounts.central_accounts(cconn, names=(account,))
    if not rows or not rows[0]["disabled"]:
        return
    with db.session() as session:
        laptop_accounts.apply_accounts(session, rows, file=_file_of(db), key=None)
    raise SyncError(
        "account_disabled",
        "This account is disabled on the central database and cannot sync; please ask the "
        "administration. Nothing was synced.",
    )


def _refresh_accounts(db: Database, central: Engine, key: bytes | None) -> list[str]:
    """Pull this laptop's accounts again: its worker's and those it has (see the module)."""
    from fieldkit.store.models_accounts import Account

    with db.engine.connect() as lconn:
        worker_id = prov.read_enrolment(lconn).worker_id
        names = tuple(lconn.scalars(select(Account.name_key)))
    with central.connect() as cconn:
        rows = laptop_accounts.central_accounts(
            cconn, worker_id=uuid.UUID(worker_id) if worker_id else None, names=names
        )
    with db.session() as session:
        changes = laptop_accounts.apply_accounts(session, rows, file=_file_of(db), key=key)
    return changes.added + changes.changed + changes.disabled


def _file_of(db: Database) -> Path | None:
    from fieldkit.store.db import sqlite_file

    return sqlite_file(db.url)


def _sync(
    db: Database,
    central: Engine,
    worker: str,
    now: datetime,
    settings: SyncSettings,
    progress: Progress,
    cancelled: Callable[[], bool],
    hook: Callable[[str], None],
    store: SettingsStore | None,
) -> SyncReport:
    with db.engine.begin() as lconn:
        pair = keys.ensure_laptop_keys(lconn, now)
    start = _start(db, central, worker, now, settings, pair)
    pull_data = start.pull
    with db.engine.connect() as lconn:
        pending = sum(eng.count_pending_each(lconn, [s.table for s in eng.PUSH]).values())
    total = pending + sum(len(rows) for rows in pull_data.values())
    report = SyncReport(device=db.device_id)
    push(
        db.engine,
        central,
        now=now,
        batch_size=settings.batch_size,
        progress=progress,
        cancelled=cancelled,
        hook=hook,
        report=report,
        total=total,
        device=db.device_id,
    )
    done = pending
    for name in eng.PULL_TABLES:
        rows = pull_data.get(name, [])
        count = 0
        for batch_no, chunk in enumerate(eng._chunks(rows, settings.batch_size)):
            if cancelled():
                raise SyncError("cancelled", "The sync was cancelled; what was sent is safe.")
            with db.engine.begin() as lconn:
                result = eng.apply_pull_batch(lconn, name, chunk, now)
                hook(f"pull:{name}:{batch_no}:before-commit")
            count += result.changed
            report.rejected += result.rejected
            report.conflicts += len(result.conflicts)
            done += len(chunk)
            progress(done, max(total, done))
        report.pulled[name] = count
    _share_withdrawn(db, central, now)
    _remember_enrolment(db, start, now)
    hook("pull:done")
    report.adopted = _adopt(db, worker, store)
    hook("adopt:done")
    with db.engine.begin() as lconn:
        # The central clock bounds "today": a laptop clock running ahead removes nothing early.
        today = min(now, start.central_now).date()
        report.removed = eng.minimise(lconn, today, settings.keep_days)
    hook("minimise:done")
    return report


def _remember_enrolment(db: Database, start: _Start, now: datetime) -> None:
    """Worker, office and pull number of this laptop, and its office's public keys."""
    with db.engine.begin() as lconn:
        prov.write_enrolment(lconn, _enrolled(start.worker, start.seq), now)
        if start.office is not None:
            keys.remember_office(lconn, *start.office, now)


@dataclass
class _Start:
    worker: dict[str, Any]
    pull: dict[str, list[dict[str, Any]]]
    seq: int
    central_now: datetime
    office: tuple[str, str] | None = None  # the office's public keys (signing, encryption)


def _start(
    db: Database,
    central: Engine,
    worker: str,
    now: datetime,
    settings: SyncSettings,
    pair: KeyPair,
) -> _Start:
    """Checks before anything moves (clock, worker, enrolment), the pull and its number."""
    with db.engine.connect() as lconn, central.begin() as cconn:
        enrolment = prov.read_enrolment(lconn)
        central_now = check_clock(cconn, db, settings)
        worker_row = _worker(cconn, worker)
        prov.check_worker(enrolment, worker_row, worker)
        if not enrolment.worker_id:
            prov.check_join(enrolment, prov.own_master_data(lconn, cconn))
        office = _exchange_keys(cconn, db.device_id, worker_row, pair, now)
        pull_data = eng.select_pull(cconn, worker_row, eng.pull_weeks(now.date()))
        seq = prov.issue_ticket(cconn, worker_row, db.device_id, "network", now)
    return _Start(worker_row, pull_data, max(seq, enrolment.seq), central_now, office)


def _exchange_keys(
    cconn: Connection, device: str, worker: dict[str, Any], pair: KeyPair, now: datetime
) -> tuple[str, str] | None:
    """Enrolment over the (verified) connection: the laptop's public keys go to central,
    the office's public keys come back. A disabled laptop stops here; a worker without
    office has no office key (no files can be sealed for it)."""
    keys.register_device(cconn, device, worker, pair, now)
    return keys.office_public(cconn, worker["office_id"], now) if worker["office_id"] else None


def _share_withdrawn(db: Database, central: Engine, now: datetime) -> None:
    with db.engine.begin() as lconn:
        withdrawn = eng.detect_withdrawn(lconn, now)
    if withdrawn:
        # The back office sees the same conflict, whichever side noticed it first.
        with central.begin() as cconn:
            eng.record_conflicts(cconn, withdrawn)


def _skew_error(skew: timedelta, source: str) -> SyncError:
    minutes = round(abs(skew).total_seconds() / 60)
    side = "ahead of" if skew > timedelta(0) else "behind"
    return SyncError(
        "clock",
        f"This laptop's clock is {minutes} minutes {side} {source}; set the date and time "
        "right, then sync again. Nothing was synced.",
    )


def check_clock(conn: Connection, db: Database, settings: SyncSettings) -> datetime:
    """The central server's time; a laptop clock too far from it stops the sync."""
    central_now = conn.scalar(select(func.now()))
    if not isinstance(central_now, datetime):
        raise SyncError("failed", "The central database did not tell its time; sync again.")
    if central_now.tzinfo is None:  # SQLite as a central store (tests, demos): UTC text
        central_now = datetime.fromisoformat(str(central_now)).replace(tzinfo=UTC)
    skew = db.clock() - central_now
    if abs(skew) > timedelta(minutes=settings.max_clock_skew_minutes):
        raise _skew_error(skew, "the central server's")
    return central_now


def _worker(conn: Connection, worker: str) -> dict[str, Any]:
    row = eng.find_worker(conn, worker)
    if row is None:
        raise SyncError(
            "worker", f"The central database knows no outreach worker named '{worker}'."
        )
    return row


def _enrolled(worker: dict[str, Any], seq: int) -> prov.Enrolment:
    return prov.Enrolment(str(worker["id"]), str(worker["office_id"] or ""), seq)


def _adopt(db: Database, worker: str, store: SettingsStore | None) -> list[str]:
    """Take over the pulled templates and settings; a file that cannot be written stops here."""
    try:
        return office_docs.adopt(db, worker=worker, store=store)
    except OSError as exc:
        raise SyncError(
            "failed",
            "The office's letter templates or settings could not be saved on this laptop "
            f"({exc.strerror or exc}); the records are safe, run the sync again.",
        ) from exc


def enrol(
    db: Database,
    central_url: str,
    *,
    worker: str,
    now: datetime,
    identity: Actor,
    settings: SyncSettings | None = None,
) -> SyncReport:
    """Enrol this laptop for sync files without syncing: exchange the public keys.

    Run once at the office (over the verified connection) by the administration for a laptop
    that then syncs only through files (``fieldkit enroll`` does it with the accounts); a
    network sync enrols too. A disabled laptop is refused.
    """
    check(identity, permissions.DEVICES)
    settings = settings or SyncSettings()

    def work() -> SyncReport:
        if not worker.strip():
            raise SyncError("worker", "Name the outreach worker this laptop belongs to (--worker).")
        with db.engine.begin() as lconn:
            pair = keys.ensure_laptop_keys(lconn, now)
            enrolment = prov.read_enrolment(lconn)
        central = open_central(central_url, settings)
        try:
            with central.begin() as cconn:
                worker_row = _worker(cconn, worker.strip())
                prov.check_worker(enrolment, worker_row, worker.strip())
                office = _exchange_keys(cconn, db.device_id, worker_row, pair, now)
        finally:
            central.dispose()
        if office is None:
            raise SyncError(
                "office",
                "The outreach worker belongs to no office, so no file can be sealed."
                if not worker_row["office_id"]
                else "The office has no sync keys yet; IT runs 'fieldkit central init' on the "
                "central database, then enrol again.",
            )
        with db.engine.begin() as lconn:
            keys.remember_office(lconn, *office, now)
        return SyncReport(device=db.device_id)

    return _run_logged(db, "enrol", safe_url(central_url), now, work, identity)


def hand_in_own_audit(
    db: Database,
    central_url: str,
    *,
    account: str,
    now: datetime,
    settings: SyncSettings | None = None,
) -> int:
    """Write the audit entries ``account`` made on this laptop into the central log now,
    under that account's own login, and mark them confirmed here; how many went in.

    Enrolment is the one time another account (the administration) works on a field or team
    laptop. Its entries ("enrol: 2 accounts", the enrolment run) name it, and the central
    row-level security lets a login add entries in its own name only: pushed later by the
    laptop's own accounts they were refused, two unsolvable conflicts on every new laptop.
    An entry the central store refuses even now stays unconfirmed (a later sync lists it).
    """
    t = eng.table("audit_log")
    with db.engine.connect() as lconn:
        rows = [
            dict(r._mapping)
            for r in lconn.execute(
                select(t)
                .where(
                    func.lower(t.c.account) == account.lower(),
                    ~eng.confirmed_clause(t, "audit_log"),
                )
                .order_by(t.c.created_at, t.c.id)
            )
        ]
    if not rows:
        return 0
    central = open_central(central_url, settings)
    try:
        with central.begin() as cconn:
            result = eng.apply_push_batch(cconn, eng.spec("audit_log"), rows, now)
    finally:
        central.dispose()
    with db.engine.begin() as lconn:
        eng.confirm(lconn, "audit_log", result.applied, now)
    return len(result.applied)


def disable_device(
    central_url: str,
    device: str,
    *,
    now: datetime,
    identity: Actor,
    settings: SyncSettings | None = None,
) -> None:
    """Revoke a laptop on the central database: its syncs and files are refused from now on."""
    check(identity, permissions.DEVICES)
    central = open_central(central_url, settings)
    try:
        with central.begin() as cconn:
            if not keys.disable_device(cconn, device.strip(), now):
                raise SyncError(
                    "foreign", f"The central database has no enrolled laptop {device.strip()}."
                )
            _audit_central(cconn, identity, "revoke", device.strip(), now, kind="device")
    finally:
        central.dispose()


# --------------------------------------------------------------------------- files


def export_push(db: Database, path: Path, *, now: datetime, identity: Actor) -> SyncReport:
    """Laptop → file: every unconfirmed record (confirmation comes back with a pull file)."""
    check(identity, permissions.SYNC)

    def work() -> SyncReport:
        tables: dict[str, list[dict[str, Any]]] = {}
        with db.engine.connect() as conn:
            enrolment = prov.read_enrolment(conn)
            sealer = keys.laptop_sealer(conn)
            for s in eng.PUSH:
                tables[s.table] = eng.pending_rows(conn, s.table, None, 10**9)
        write_file(
            path,
            SyncFile(
                kind="push",
                device=db.device_id,
                schema=head_revision(),
                created_at=now.isoformat(),
                tables=tables,
                confirmed=[],
                worker_id=enrolment.worker_id,
                office_id=enrolment.office_id,
            ),
            sealer,
        )
        return SyncReport(pushed={k: len(v) for k, v in tables.items()}, device=db.device_id)

    return _run_logged(db, "export", str(path), now, work, identity)


def import_push(
    central_url: str,
    path: Path,
    *,
    now: datetime,
    settings: SyncSettings | None = None,
    identity: Actor,
) -> SyncReport:
    """File → central store, in one transaction: all of it or nothing."""
    check(identity, permissions.SYNC_OFFICE)
    if not path.is_file():
        raise SyncError("file_bad", f"The file {path} does not exist.")
    central = open_central(central_url, settings)
    try:
        with central.begin() as cconn:
            content = read_file(path, "push", head_revision(), keys.central_opener(cconn))
            _check_push_signer(content)
            prov.check_push_office(cconn, content)
            report = SyncReport(device=content.device)
            _audit_central(cconn, identity, "import-push", path.name, now)
            for s in eng.PUSH:
                rows = content.tables.get(s.table, [])
                count = 0
                for chunk in eng._chunks(rows, (settings or SyncSettings()).batch_size):
                    result = eng.apply_push_batch(cconn, s, chunk, now)
                    eng.record_conflicts(cconn, result.conflicts)
                    count += len(result.applied)
                    report.rejected += result.rejected
                    report.conflicts += len(result.conflicts)
                report.pushed[s.table] = count
            eng.resolve_rejections(cconn, now, central=True)
            report.conflicts += len(eng.detect_withdrawn(cconn, now))
            report.conflicts += len(eng.detect_forks(cconn, now))
            record_device_run(cconn, report, content.worker_id, identity, "import-push", now)
        return report
    except (OperationalError, DBAPIError) as exc:
        raise SyncError(
            "failed", f"The file could not be imported: {eng._short(exc)}. Nothing was imported."
        ) from exc
    finally:
        central.dispose()


def _check_push_signer(content: SyncFile) -> None:
    """The laptop that signed a push file must be the one it names, of the office it is for."""
    if content.device != content.signed_by or content.office_id != content.sealed_for:
        raise SyncError(
            "foreign",
            f"The file {content.name} names another laptop or office than the one that signed "
            "it; nothing was imported.",
        )


def export_pull(
    central_url: str,
    path: Path,
    *,
    worker: str,
    device: str,
    now: datetime,
    settings: SyncSettings | None = None,
    identity: Actor,
) -> SyncReport:
    """Central store → file for one worker's laptop, with what central has from ``device``."""
    check(identity, permissions.SYNC_OFFICE)
    if not device.strip():
        raise SyncError(
            "foreign",
            "Name the laptop the pull file is for (--device, shown by 'fieldkit sync --status' "
            "on the laptop); nothing was written.",
        )
    central = open_central(central_url, settings)
    try:
        with central.begin() as cconn:
            eng.detect_withdrawn(cconn, now)
        with central.begin() as cconn:
            worker_row = _worker(cconn, worker)
            tables = eng.select_pull(cconn, worker_row, eng.pull_weeks(now.date()))
            confirmed = _confirmations(cconn, device)
            sealer = keys.pull_sealer(cconn, worker_row["office_id"], device, now)
            seq = prov.issue_ticket(cconn, worker_row, device, "file", now)
            _audit_central(cconn, identity, "export-pull", path.name, now)
            pulled = SyncReport(pulled={k: len(v) for k, v in tables.items()}, device=device)
            record_device_run(cconn, pulled, str(worker_row["id"]), identity, "export-pull", now)
    finally:
        central.dispose()
    write_file(
        path,
        SyncFile(
            kind="pull",
            device=device,
            schema=head_revision(),
            created_at=now.isoformat(),
            tables=tables,
            confirmed=confirmed,
            worker=str(worker_row["name"]),
            worker_id=str(worker_row["id"]),
            office_id=str(worker_row["office_id"] or ""),
            seq=seq,
        ),
        sealer,
    )
    return SyncReport(pulled={k: len(v) for k, v in tables.items()}, device=device)


def _confirmations(conn: Connection, device: str) -> list[list[str]]:
    out: list[list[str]] = []
    for s in eng.PUSH:
        t = eng.table("sync_stop_status" if s.mode == "stop_status" else s.table)
        for rid, updated in conn.execute(
            select(t.c.id, t.c.updated_at).where(t.c.device_id == device)
        ):
            out.append([s.table, str(rid), updated.isoformat()])
    return out


def import_pull(
    db: Database,
    path: Path,
    *,
    now: datetime,
    settings: SyncSettings | None = None,
    identity: Actor,
    settings_store: SettingsStore | None = None,
) -> SyncReport:
    """File → laptop in one transaction; then minimisation of what central confirmed; the
    office's settings are adopted through ``settings_store`` (default: one on settings.json)."""
    check(identity, permissions.SYNC)
    settings = settings or SyncSettings()

    def work() -> SyncReport:
        if not path.is_file():
            raise SyncError("file_bad", f"The file {path} does not exist.")
        with db.engine.connect() as lconn:
            finder = keys.laptop_opener(lconn)
        content = read_file(path, "pull", head_revision(), finder)
        made = _file_time(content)
        skew = db.clock() - made
        if skew < -timedelta(minutes=settings.max_clock_skew_minutes):
            # Written "in the future": this laptop's clock is behind the office's.
            raise _skew_error(skew, "the office's that wrote the file")
        report = SyncReport(device=db.device_id)
        with db.engine.begin() as lconn:
            enrolment = prov.read_enrolment(lconn)
            prov.check_pull_file(enrolment, content, db.device_id, settings.worker_name.strip())
            mine = prov.Enrolment(content.worker_id, content.office_id, content.seq)
            prov.write_enrolment(lconn, mine, now)
            for name in eng.PULL_TABLES:
                rows = content.tables.get(name, [])
                count = 0
                for chunk in eng._chunks(rows, settings.batch_size):
                    result = eng.apply_pull_batch(lconn, name, chunk, now)
                    count += result.changed
                    report.rejected += result.rejected
                    report.conflicts += len(result.conflicts)
                report.pulled[name] = count
            by_table: dict[str, list[tuple[uuid.UUID, datetime]]] = {}
            for name, rid, updated in content.confirmed:
                by_table.setdefault(name, []).append(
                    (uuid.UUID(rid), datetime.fromisoformat(updated))
                )
            for name, pairs in by_table.items():
                if name in eng.PUSH_TABLES:
                    eng.confirm(lconn, name, pairs, now)
            eng.resolve_rejections(lconn, now, central=False)
            report.conflicts += len(eng.detect_withdrawn(lconn, now))
        report.adopted = _adopt(db, content.worker, settings_store)
        with db.engine.begin() as lconn:
            today = min(now, made).date()  # the office's clock bounds "today"
            report.removed = eng.minimise(lconn, today, settings.keep_days)
        return report

    return _run_logged(db, "import-pull", str(path), now, work, identity)


def _file_time(content: SyncFile) -> datetime:
    try:
        made = datetime.fromisoformat(content.created_at)
    except ValueError as exc:
        raise SyncError(
            "file_bad", f"The file {content.name} has no valid creation time; nothing was imported."
        ) from exc
    return made if made.tzinfo is not None else made.replace(tzinfo=UTC)
