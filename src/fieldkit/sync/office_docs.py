"""Letter templates and office-wide settings: published by the back office, taken by laptops.

Neither lives in the database on the office's own machine: templates are JSON files in the
template folder (``printing.templates``), settings are ``settings.json``. Publishing copies
them into ``office_document`` rows of the central database (one per office and kind, with an
id derived from both, so publishing again replaces the row). A laptop pulls the rows of its
worker's office like any master data and then *adopts* them: the template file of that office
is replaced, and the office-wide settings (``describe(..., office_wide=True)``) are saved
through the caller's :class:`~fieldkit.settings.SettingsStore` (the one writer of
settings.json, which tells every open window); its own connection, role and folders stay.
Adopting compares first and writes only what differs, atomically, so running it again (after
an interrupted sync, say) changes nothing. A local template file that differs is kept as
``<office>.json.bak``.
"""

from __future__ import annotations

import logging
import shutil
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select
from sqlalchemy.exc import DBAPIError

from fieldkit.printing.settings import PrintSettings
from fieldkit.printing.templates import (
    office_template_key,
    parse_templates,
    read_user_templates,
    user_template_dir,
    write_user_templates,
)
from fieldkit.settings import Settings, SettingsStore
from fieldkit.store.db import Database
from fieldkit.sync import engine as eng
from fieldkit.sync.errors import SyncError

log = logging.getLogger(__name__)

TEMPLATES = "letter_templates"
SETTINGS = "settings"
KINDS = (TEMPLATES, SETTINGS)
#: Longest template document accepted (characters of all paragraphs together).
MAX_TEMPLATE_CHARS = 200_000


def document_id(office_id: uuid.UUID, kind: str) -> uuid.UUID:
    """The id of an office's document of ``kind``: the same on every machine."""
    return uuid.uuid5(eng.NAMESPACE, f"office_document/{office_id}/{kind}")


def templates_from_body(body: object) -> dict[str, tuple[str, ...]]:
    """The template entries of a published document (as a template file is read), at most
    :data:`MAX_TEMPLATE_CHARS` characters of them."""
    out: dict[str, tuple[str, ...]] = {}
    size = 0
    for key, paragraphs in parse_templates(body, "published document").items():
        size += sum(len(p) for p in paragraphs)
        if size > MAX_TEMPLATE_CHARS:
            log.warning("published letter templates too long, the rest is ignored")
            break
        out[key] = paragraphs
    return out


@dataclass
class PublishReport:
    """What a publication wrote to the central database."""

    office: str
    template_entries: int
    settings: dict[str, dict[str, Any]] = field(default_factory=dict)

    def text(self) -> str:
        """One English sentence for the CLI."""
        values = sum(len(v) for v in self.settings.values())
        return (
            f"Published for {self.office}: {self.template_entries} changed letter template "
            f"entries and {values} office-wide settings; laptops take them at their next sync."
        )


def _find_office(conn: Connection, office: str) -> dict[str, Any]:
    t = eng.table("office")
    rows = [dict(r._mapping) for r in conn.execute(select(t.c.id, t.c.name))]
    if office:
        rows = [r for r in rows if r["name"] == office or str(r["id"]) == office]
    if not rows:
        raise SyncError(
            "office",
            f"The central database knows no office named '{office}'."
            if office
            else "The central database has no office yet; record it first with "
            "'fieldkit setup apply FILE' (or in the app under Tools → Setup → Office).",
        )
    if len(rows) > 1:
        names = ", ".join(sorted(r["name"] for r in rows))
        raise SyncError(
            "office", f"The central database has several offices ({names}); name one with --office."
        )
    return rows[0]


def publish(
    central_url: str,
    *,
    office: str,
    settings: Settings,
    now: datetime,
    by: str = "",
    device: str = "",
) -> PublishReport:
    """Write this installation's templates of ``office`` and its office-wide settings centrally.

    The templates are the office's changed entries (its file in the template folder; none means
    the shipped texts). Both documents are written in one transaction.
    """
    from fieldkit.sync.service import open_central  # the service imports this module
    from fieldkit.sync.settings import SyncSettings

    central = open_central(central_url, settings.section("sync", SyncSettings))
    try:
        with central.begin() as conn:
            row = _find_office(conn, office)
            template_dir = settings.section("printing", PrintSettings).template_dir
            entries = read_user_templates(office_template_key(row["name"]), template_dir)
            bodies: dict[str, dict[str, Any]] = {
                TEMPLATES: {k: list(v) for k, v in entries.items()},
                SETTINGS: settings.office_wide(),
            }
            t = eng.table("office_document")
            for kind, body in bodies.items():
                ins = eng._insert(conn, t).values(
                    id=document_id(row["id"], kind),
                    office_id=row["id"],
                    kind=kind,
                    body=body,
                    published_by=by[:200],
                    created_at=now,
                    updated_at=now,
                    device_id=device,
                )
                conn.execute(
                    ins.on_conflict_do_update(
                        index_elements=[t.c.id],
                        set_={
                            "body": ins.excluded.body,
                            "published_by": ins.excluded.published_by,
                            "updated_at": ins.excluded.updated_at,
                            "device_id": ins.excluded.device_id,
                        },
                    )
                )
    except DBAPIError as exc:  # e.g. a login whose role may not publish: one sentence
        raise SyncError(
            "failed",
            f"The office's documents could not be published: {eng._short(exc)}. "
            "Nothing was published.",
        ) from exc
    finally:
        central.dispose()
    return PublishReport(row["name"], len(entries), bodies[SETTINGS])


def _documents(conn: Connection, office_id: uuid.UUID) -> dict[str, Any]:
    t = eng.table("office_document")
    rows = conn.execute(select(t.c.kind, t.c.body).where(t.c.office_id == office_id))
    return {str(kind): body for kind, body in rows}


def _laptop_office(conn: Connection, worker: str) -> dict[str, Any] | None:
    """The office whose documents this laptop adopts: its worker's, else its only one."""
    docs = eng.table("office_document")
    office_ids = {r[0] for r in conn.execute(select(docs.c.office_id).distinct())}
    if not office_ids:
        return None
    worker_row = eng.find_worker(conn, worker) if worker else None
    if worker_row is not None and worker_row["office_id"] in office_ids:
        chosen = worker_row["office_id"]
    elif len(office_ids) == 1:
        chosen = next(iter(office_ids))
    else:
        return None  # several offices and no worker to decide: adopt nothing rather than guess
    t = eng.table("office")
    row = conn.execute(select(t.c.id, t.c.name).where(t.c.id == chosen)).first()
    return dict(row._mapping) if row is not None else None


def adopt(db: Database, *, worker: str = "", store: SettingsStore | None = None) -> list[str]:
    """Make this installation use the pulled documents of its office; the kinds that changed.

    The office-wide settings are compared with ``store``'s settings in use and saved through
    it (default: a store on settings.json), so every subscriber follows them.
    """
    with db.engine.connect() as conn:
        office = _laptop_office(conn, worker)
        if office is None:
            return []
        documents = _documents(conn, office["id"])
    store = store or SettingsStore.open()
    current = store.current
    changed: list[str] = []
    if TEMPLATES in documents:
        template_dir = current.section("printing", PrintSettings).template_dir
        key = office_template_key(office["name"])
        wanted = templates_from_body(documents[TEMPLATES])
        if read_user_templates(key, template_dir) != wanted:
            own = user_template_dir(template_dir) / f"{key}.json"
            if own.exists():
                shutil.copyfile(own, own.with_name(own.name + ".bak"))
            write_user_templates(key, wanted, template_dir)
            changed.append(TEMPLATES)
    if SETTINGS in documents:
        updated = current.with_office_wide(documents[SETTINGS])
        if updated.to_dict() != current.to_dict():
            # A hand-edited file that did not parse would otherwise be lost to the defaults.
            store.save(updated, keep_copy=True)
            changed.append(SETTINGS)
    if changed:
        log.info("adopted the office's %s", " and ".join(changed))
    return changed
