"""fieldkit commands: sync (issue 8).

On the laptop:  ``fieldkit sync --central URL``            push, then pull, over the network
                ``fieldkit sync --export FILE``            push into a file
                ``fieldkit sync --import-pull FILE``       pull from a file
                ``fieldkit sync --enrol --central URL``    exchange the keys for sync files
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

from fieldkit.commands import AddParser, identity, now
from fieldkit.errors import CliError


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
        help="laptop, at the office: exchange the keys for sync files with --central",
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


def cmd_sync(args: argparse.Namespace) -> int:
    """Run the sync the options ask for and print what went up and down."""
    from fieldkit.settings import Settings
    from fieldkit.sync import service
    from fieldkit.sync.settings import SyncSettings

    settings = Settings.load()
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
        service.disable_device(central, args.disable_device, now=now(), settings=sync_settings)
        _say(f"Laptop {args.disable_device} is disabled: its syncs and files are refused.")
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
            _say(f"Imported {args.import_} from device {report.device}: {report.text()}")
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
        _say(f"Wrote {args.export_pull} for {worker}: {report.text()}")
        return 0

    from fieldkit.commands import open_db

    db = open_db(args)
    try:
        if args.status:
            run = service.last_run(db)
            _say(f"Device {db.device_id}: {service.unsynced_count(db)} unsynced field records.")
            if run is not None:
                state = "ok" if run.ok else f"failed: {run.error}"
                _say(f"Last sync {run.started_at:%Y-%m-%d %H:%M} UTC ({run.mode}): {state}")
            return 0
        if args.export is not None:
            report = service.export_push(db, args.export, now=now(), identity=identity())
            _say(f"Wrote {args.export} (device {db.device_id}): {report.text()}")
            return 0
        if args.enrol:
            if not central:
                raise CliError(
                    "Bitte die zentrale Datenbank mit --central URL angeben.",
                    "Name the central database with --central URL.",
                )
            service.enrol(
                db, _as_login(args, central), worker=worker, now=now(), settings=sync_settings
            )
            _say(f"Device {db.device_id} is enrolled for sync files with {worker}'s office.")
            return 0
        if args.import_pull is not None:
            report = service.import_pull(
                db, args.import_pull, now=now(), settings=sync_settings, identity=identity()
            )
            _say(f"Imported {args.import_pull}: {report.text()}")
            return 0
        if not central:
            raise CliError(
                "Bitte die zentrale Datenbank mit --central URL angeben.",
                "Name the central database with --central URL.",
            )
        report = service.sync_network(
            db,
            _as_login(args, central),
            worker=worker,
            now=now(),
            settings=sync_settings,
            identity=identity(),
        )
        _say(f"Synced with {service.safe_url(central)}: {report.text()}")
        remembered = service.url_without_password(central)
        if remembered != sync_settings.central_url or worker != sync_settings.worker_name:
            settings.replace("sync", central_url=remembered, worker_name=worker).save()
        return 0
    finally:
        db.dispose()
