"""fieldkit commands: sync (issue 8).

On the laptop:  ``fieldkit sync --central URL``            push, then pull, over the network
                ``fieldkit sync --export FILE``            push into a file
                ``fieldkit sync --import-pull FILE``       pull from a file
                ``fieldkit enroll --central URL --worker W|--team T``  by the administration:
                                  the accounts, the database key for each, the sync keys
                ``fieldkit sync --enrol --central URL``    the same as ``enroll --worker``
In the office:  ``fieldkit sync --import FILE --central URL``
                ``fieldkit sync --export-pull FILE --central URL --worker NAME --device ID``
                ``fieldkit sync --publish --central URL [--office NAME]``  templates, settings
                ``fieldkit sync --disable-device ID --central URL``  revoke a laptop
"""

from __future__ import annotations

import argparse
import socket
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from fieldkit import lang
from fieldkit.commands import AddParser, identity, now
from fieldkit.errors import BilingualError, CliError

if TYPE_CHECKING:
    from fieldkit.app.context import AppContext
    from fieldkit.services.office import Identity
    from fieldkit.settings import SettingsStore
    from fieldkit.store.db import Database
    from fieldkit.store.models_sync import SyncRun


def _say(text: str) -> None:
    sys.stdout.write(text + "\n")


def register(add: AddParser) -> None:
    """Add this module's subcommands."""
    p = add("sync", "sync with the central database, directly or through files")
    p.add_argument("--central", metavar="URL", help="central PostgreSQL database URL")
    p.add_argument("--worker", help="outreach worker whose customers are pulled (name)")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--export", type=Path, metavar="FILE", help="laptop: write the push file")
    group.add_argument(
        "--import", dest="import_", type=Path, metavar="FILE", help="office: read a push file"
    )
    group.add_argument(
        "--export-pull", type=Path, metavar="FILE", help="office: write a laptop's pull file"
    )
    group.add_argument(
        "--import-pull", type=Path, metavar="FILE", help="laptop: read its pull file"
    )
    group.add_argument(
        "--enrol",
        action="store_true",
        help="laptop, at the office: the same as 'fieldkit enroll --worker' (administration)",
    )
    group.add_argument(
        "--disable-device",
        metavar="ID",
        help="office: revoke a laptop (its syncs and sync files are refused from now on)",
    )
    group.add_argument(
        "--publish",
        action="store_true",
        help="office: publish this installation's letter templates and office-wide settings",
    )
    p.add_argument("--office", default="", help="with --publish: the office (name) they are for")
    p.add_argument(
        "--device",
        default="",
        help="with --export-pull: the device id of the laptop the file is for (required)",
    )
    p.add_argument("--status", action="store_true", help="show unsynced records and the last sync")
    p.set_defaults(handler=cmd_sync)
    p = add(
        "enroll",
        "administration: set up this laptop for its accounts and sync (central login with "
        "FIELDKIT_USER/FIELDKIT_PASSWORD)",
    )
    p.add_argument("--central", metavar="URL", help="central PostgreSQL database URL")
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument("--worker", default="", help="a field laptop: the outreach worker (name)")
    who.add_argument("--team", default="", help="a back-office laptop: the team, e.g. 521")
    p.set_defaults(handler=cmd_enroll)


def _central_url(args: argparse.Namespace) -> str:
    from fieldkit.settings import Settings
    from fieldkit.sync.settings import SyncSettings

    central = args.central or Settings.load().section("sync", SyncSettings).central_url
    if not central:
        raise CliError(
            "Bitte die zentrale Datenbank mit --central URL angeben.",
            "Name the central database with --central URL.",
        )
    return str(central)


def cmd_enroll(args: argparse.Namespace) -> int:
    """``fieldkit enroll``: the laptop's accounts, their keys, its sync keys (issue 15)."""
    from fieldkit.commands import credentials
    from fieldkit.services import enrolment
    from fieldkit.settings import SettingsStore
    from fieldkit.sync import service
    from fieldkit.sync.settings import SyncSettings

    store = SettingsStore.open()  # the one writer of settings.json
    settings = store.current
    central = _central_url(args)
    user, password = credentials()
    request = enrolment.EnrolRequest(
        args.db, enrolment.central_as_account(central, user, password), args.worker, args.team
    )
    try:
        done = enrolment.enroll(
            request,
            user=user,
            password=password,
            now=now(),
            settings=settings.section("sync", SyncSettings),
        )
    except BilingualError as exc:  # a refused login, permission, key file: one sentence
        raise CliError(exc.message("de"), exc.message("en")) from exc
    names = ", ".join(done.accounts.added + done.accounts.changed) or lang.say(
        "keine neuen", "none new"
    )
    _say(
        lang.say(
            f"Der Laptop {done.device} ist eingerichtet; Konten: {names}.",
            f"Device {done.device} is enrolled; accounts: {names}.",
        )
    )
    if done.accounts.unsealed:
        waiting = ", ".join(done.accounts.unsealed)
        _say(
            lang.say(
                "Noch ohne Schlüssel zur verschlüsselten Datenbank (kein Schlüsselmaterial; "
                f"Passwort in der zentralen Datenbank neu setzen): {waiting}.",
                "Not yet able to open the encrypted database (no key material; set their "
                f"password on the central database): {waiting}.",
            )
        )
    if not done.encrypted:
        _say(
            lang.say(
                "Diese Datenbank ist nicht verschlüsselt: bitte „fieldkit db encrypt“ ausführen.",
                "This database is not encrypted: run 'fieldkit db encrypt' on it.",
            )
        )
    if args.worker:
        remembered = service.url_without_password(central)
        store.save(store.current.replace("sync", central_url=remembered, worker_name=args.worker))
    return 0


def _central_identity(central: str) -> Identity:
    """Who works on the central database alone: its account, logged in there (the name and
    password are asked only when the central database has accounts)."""
    from fieldkit.commands import credentials
    from fieldkit.services.enrolment import central_login
    from fieldkit.settings import Settings
    from fieldkit.sync.settings import SyncSettings

    settings = Settings.load().section("sync", SyncSettings)
    try:
        return central_login(central, credentials, now(), settings)
    except BilingualError as exc:
        raise CliError(exc.message("de"), exc.message("en")) from exc


def _last_run(run: SyncRun) -> str:
    """The last sync in the CLI's language (a failure by its code's sentence in German)."""
    from fieldkit.sync.errors import GERMAN

    when = f"{run.started_at:%Y-%m-%d %H:%M} UTC"
    if run.ok:
        return lang.say(f"Letzte Synchronisierung {when}: ok", f"Last sync {when} ({run.mode}): ok")
    german = GERMAN.get(run.error_code, GERMAN["failed"])
    return lang.say(
        f"Letzte Synchronisierung {when}: fehlgeschlagen. {german}",
        f"Last sync {when} ({run.mode}): failed: {run.error}",
    )


def _as_login(args: argparse.Namespace, central: str) -> str:
    """The central URL as the account logged in on this laptop (issue 15): the central
    database's row-level security then gives it only its own worker's rows. The password
    (FIELDKIT_PASSWORD or the terminal's) stays in memory; settings keep the URL without it.
    """
    if not getattr(args, "logged_in", False):
        return central
    from fieldkit.commands import credentials
    from fieldkit.sync import service

    return service.as_account(central, *credentials())


def _laptop(db: Database, store: SettingsStore) -> AppContext:
    """The laptop's context for the sync operations (``fieldkit.app.ops.sync``, as the app's
    sync dialog): the command's one store, through which a sync adopts the office's
    settings, so the URL remembered afterwards is saved on top of them."""
    from fieldkit.app.context import AppContext

    return AppContext(db, store, now, identity())


def cmd_sync(args: argparse.Namespace) -> int:
    """Run the sync the options ask for and print what went up and down."""
    from fieldkit.settings import SettingsStore
    from fieldkit.sync import service
    from fieldkit.sync.settings import SyncSettings

    # One store: the sync adopts the office's settings through it, and the URL remembered
    # afterwards is saved on top of them (not over them with the values read at the start).
    store = SettingsStore.open()
    settings = store.current
    sync_settings = settings.section("sync", SyncSettings)
    central = args.central or sync_settings.central_url
    if (
        args.central
        and settings.locked("sync", "central_url")
        and central != (sync_settings.central_url)
    ):
        raise CliError(
            "Die Richtlinie dieses Computers legt die zentrale Datenbank fest; bitte --central "
            "weglassen (siehe „fieldkit policy“).",
            "This computer's policy fixes the central database; leave out --central "
            "(see 'fieldkit policy').",
        )
    worker = args.worker or sync_settings.worker_name
    if args.publish:
        if not central:
            raise CliError(
                "Bitte die zentrale Datenbank mit --central URL angeben.",
                "Name the central database with --central URL.",
            )
        from fieldkit.services.office_settings import OfficeSettings
        from fieldkit.sync.office_docs import publish

        published = publish(
            central,
            office=args.office,
            settings=settings,
            now=now(),
            by=settings.section("office", OfficeSettings).caseworker,
            device=socket.gethostname(),
        )
        _say(published.text())
        return 0
    if args.disable_device is not None:
        if not central:
            raise CliError(
                "Bitte die zentrale Datenbank mit --central URL angeben.",
                "Name the central database with --central URL.",
            )
        service.disable_device(
            central,
            args.disable_device,
            now=now(),
            identity=_central_identity(central),
            settings=sync_settings,
        )
        _say(
            lang.say(
                f"Der Laptop {args.disable_device} ist gesperrt: seine Synchronisierungen und "
                "Dateien werden abgelehnt.",
                f"Laptop {args.disable_device} is disabled: its syncs and files are refused.",
            )
        )
        return 0
    if args.import_ is not None or args.export_pull is not None:
        if not central:
            raise CliError(
                "Bitte die zentrale Datenbank mit --central URL angeben.",
                "Name the central database with --central URL.",
            )
        if args.import_ is not None:
            report = service.import_push(
                central, args.import_, now=now(), settings=sync_settings, identity=identity()
            )
            _say(
                lang.say(
                    f"{args.import_} von Gerät {report.device} eingelesen: ",
                    f"Imported {args.import_} from device {report.device}: ",
                )
                + report.text(lang.current())
            )
            return 0
        if not worker:
            raise CliError(
                "Bitte die Fachkraft der Aufsuchenden Beratung mit --worker angeben.",
                "Name the outreach worker with --worker.",
            )
        report = service.export_pull(
            central,
            args.export_pull,
            worker=worker,
            device=args.device,
            now=now(),
            settings=sync_settings,
            identity=identity(),
        )
        _say(
            lang.say(
                f"{args.export_pull} für {worker} geschrieben: ",
                f"Wrote {args.export_pull} for {worker}: ",
            )
            + report.text(lang.current())
        )
        return 0

    if args.enrol:
        if not worker:
            raise CliError(
                "Bitte die Fachkraft der Aufsuchenden Beratung mit --worker angeben.",
                "Name the outreach worker with --worker.",
            )
        args.central, args.worker, args.team = central, worker, ""
        return cmd_enroll(args)

    from fieldkit.app import ops
    from fieldkit.commands import open_db

    db = open_db(args)
    try:
        if args.status:
            run = service.last_run(db)
            pending = service.unsynced_count(db)
            _say(
                lang.say(
                    f"Gerät {db.device_id}: {pending} nicht synchronisierte Datensätze.",
                    f"Device {db.device_id}: {pending} unsynced field records.",
                )
            )
            if run is not None:
                _say(_last_run(run))
            return 0
        if args.export is not None:
            report = ops.export_push(_laptop(db, store), args.export).value
            _say(
                lang.say(
                    f"{args.export} geschrieben (Gerät {db.device_id}): ",
                    f"Wrote {args.export} (device {db.device_id}): ",
                )
                + report.text(lang.current())
            )
            return 0
        if args.import_pull is not None:
            report = ops.import_pull(
                _laptop(db, store), args.import_pull, settings=sync_settings
            ).value
            _say(
                lang.say(f"{args.import_pull} eingelesen: ", f"Imported {args.import_pull}: ")
                + report.text(lang.current())
            )
            return 0
        if not central:
            raise CliError(
                "Bitte die zentrale Datenbank mit --central URL angeben.",
                "Name the central database with --central URL.",
            )
        report = ops.sync_network(
            _laptop(db, store), _as_login(args, central), worker=worker, settings=sync_settings
        ).value
        where = service.safe_url(central)
        _say(
            lang.say(f"Synchronisiert mit {where}: ", f"Synced with {where}: ")
            + report.text(lang.current())
        )
        remembered = service.url_without_password(central)
        if remembered != sync_settings.central_url or worker != sync_settings.worker_name:
            store.save(store.current.replace("sync", central_url=remembered, worker_name=worker))
        return 0
    finally:
        db.dispose()
