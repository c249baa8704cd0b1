"""Sync files for offline transfer: a zip with ``manifest.json`` and ``data.json``.

The manifest carries the format version, the kind (``push`` from a laptop, ``pull`` for a
laptop), the device, the schema revision and a SHA-256 over ``data.json``. A file that does not
open, does not match its checksum or was cut short is refused before anything is written.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fieldkit.sync.engine import table
from fieldkit.sync.errors import SyncError
from fieldkit.sync.rows import Row, decode_row, encode_row

FORMAT = "fieldkit-sync"
VERSION = 1


@dataclass
class SyncFile:
    """The content of a sync file."""

    kind: str  # "push" or "pull"
    device: str
    schema: str
    created_at: str
    tables: dict[str, list[Row]]
    # Pull files: what the central store has of the receiving device, [table, id, updated_at].
    confirmed: list[list[str]]
    worker: str = ""
    # Provenance (issue 21): the worker and office the file is for (pull) or from (push), and
    # the central store's pull number (pull).
    worker_id: str = ""
    office_id: str = ""
    seq: int = 0
    name: str = ""


def write_file(path: Path, content: SyncFile) -> None:
    """Write ``content`` atomically (a temporary file renamed into place)."""
    data = json.dumps(
        {
            "tables": {
                name: [encode_row(r) for r in rows] for name, rows in content.tables.items()
            },
            "confirmed": content.confirmed,
        },
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode("utf-8")
    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "kind": content.kind,
        "device": content.device,
        "schema": content.schema,
        "created_at": content.created_at,
        "worker": content.worker,
        "worker_id": content.worker_id,
        "office_id": content.office_id,
        "seq": content.seq,
        "counts": {name: len(rows) for name, rows in content.tables.items()},
        "sha256": hashlib.sha256(data).hexdigest(),
    }
    path = path.expanduser()
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise SyncError("file_bad", f"The folder {folder} does not exist.")
    _sweep(folder)
    fd, tmp = _temporary(folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            with zipfile.ZipFile(fh, "w", zipfile.ZIP_DEFLATED) as zf:
                zf.writestr("manifest.json", json.dumps(manifest, indent=1))
                zf.writestr("data.json", data)
            fh.flush()
            os.fsync(fh.fileno())
            if tmp is None:  # an unnamed file: give it its temporary name only now
                tmp = _link(fh.fileno(), folder)
        os.replace(tmp, path)
    except BaseException:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        raise


TEMP_PREFIX = ".fieldkit-sync-"


def _temporary(folder: Path) -> tuple[int, str | None]:
    """A file to write the export into, in the target folder (so the rename stays there).

    Where the file system can (Linux, O_TMPFILE), the file has no name while it is written,
    so an export killed midway leaves nothing behind; elsewhere (e.g. a FAT USB stick) it gets
    a temporary name with this process's id, and the next export removes leftovers of dead
    processes.
    """
    flag = getattr(os, "O_TMPFILE", 0)
    if flag and Path("/proc/self/fd").is_dir():
        try:
            return os.open(folder, flag | os.O_WRONLY, 0o600), None
        except OSError:
            pass
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f"{TEMP_PREFIX}{os.getpid()}-", suffix=".zip")
    return fd, tmp


def _link(fd: int, folder: Path) -> str:
    tmp = folder / f"{TEMP_PREFIX}{os.getpid()}-{os.urandom(6).hex()}.zip"
    # linkat(AT_SYMLINK_FOLLOW) on /proc/self/fd/N gives the unnamed file a name; Python
    # uses linkat (not link, which would link the /proc entry itself) only with a dir fd.
    proc = os.open("/proc/self/fd", os.O_RDONLY)
    try:
        os.link(str(fd), tmp, src_dir_fd=proc, follow_symlinks=True)
    finally:
        os.close(proc)
    return str(tmp)


def _sweep(folder: Path) -> None:
    """Remove temporary exports that a killed fieldkit left in ``folder``."""
    for leftover in folder.glob(f"{TEMP_PREFIX}*.zip"):
        pid = leftover.name[len(TEMP_PREFIX) :].split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            leftover.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


# The largest data.json a sync file may unpack to, far above a real push or pull file. A small
# file unpacking to a huge one (a "zip bomb") is refused before it costs memory.
DATA_LIMIT = 128 * 1024 * 1024
MANIFEST_LIMIT = 1024 * 1024


def _read_limited(zf: zipfile.ZipFile, member: str, limit: int, name: str) -> bytes:
    """The member's bytes, refused as soon as it declares or turns out to be over ``limit``."""
    too_big = SyncError(
        "file_big",
        f"The file {name} unpacks to more than {limit // (1024 * 1024)} MB, more than a sync "
        "file ever holds; nothing was imported.",
    )
    if zf.getinfo(member).file_size > limit:
        raise too_big
    parts: list[bytes] = []
    size = 0
    with zf.open(member) as fh:
        while chunk := fh.read(1024 * 1024):
            size += len(chunk)
            if size > limit:
                raise too_big
            parts.append(chunk)
    return b"".join(parts)


def _unzip(path: Path, max_bytes: int) -> tuple[Any, bytes]:
    """The manifest (parsed) and the data (bytes) of a sync file, each within its limit."""
    name = path.name
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            if not {"manifest.json", "data.json"} <= names:
                raise SyncError(
                    "file_bad",
                    f"The file {name} is not a fieldkit sync file; nothing was imported.",
                )
            manifest = json.loads(_read_limited(zf, "manifest.json", MANIFEST_LIMIT, name))
            return manifest, _read_limited(zf, "data.json", max_bytes, name)
    except SyncError:
        raise
    except Exception as exc:
        # A damaged or cut-short zip fails in many ways (bad CRC, zlib error, broken header,
        # unknown compression); all of them mean the same to the user.
        raise SyncError(
            "file_bad",
            f"The file {name} is not a complete fieldkit sync file (damaged or cut short); "
            "nothing was imported.",
        ) from exc


def _check_manifest(manifest: Any, data: bytes, name: str, expect_kind: str, schema: str) -> None:
    """Format, version, checksum, direction and schema revision, before anything is written."""
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise SyncError(
            "file_bad", f"The file {name} is not a fieldkit sync file; nothing was imported."
        )
    if manifest.get("version") != VERSION:
        raise SyncError(
            "file_schema",
            f"The file {name} has sync format version {manifest.get('version')}, this fieldkit "
            f"reads version {VERSION}; nothing was imported.",
        )
    if hashlib.sha256(data).hexdigest() != manifest.get("sha256"):
        raise SyncError(
            "file_tampered",
            f"The file {name} was changed after it was written (checksum mismatch); "
            "nothing was imported.",
        )
    kind = manifest.get("kind")
    if kind != expect_kind:
        hint = "--import-pull" if kind == "pull" else "--import"
        raise SyncError(
            "file_kind",
            f"The file {name} is a {kind} file; use {hint} for it. Nothing was imported.",
        )
    if manifest.get("schema") != schema:
        raise SyncError(
            "file_schema",
            f"The file {name} was written with schema revision {manifest.get('schema')}, this "
            f"database is at {schema}; update fieldkit on both sides. Nothing was imported.",
        )


def read_file(
    path: Path, expect_kind: str, schema: str, *, max_bytes: int = DATA_LIMIT
) -> SyncFile:
    """Read and check a sync file; every problem is a :class:`SyncError` with one sentence."""
    name = path.name
    if not path.is_file():
        raise SyncError("file_bad", f"The file {path} does not exist.")
    manifest, data = _unzip(path, max_bytes)
    _check_manifest(manifest, data, name, expect_kind, schema)
    kind = manifest.get("kind")
    seq = manifest.get("seq", 0)
    if not isinstance(seq, int) or isinstance(seq, bool):
        raise SyncError(
            "file_bad", f"The file {name} has content fieldkit cannot read; nothing was imported."
        )
    try:
        body: dict[str, Any] = json.loads(data)
        tables = {n: [decode_row(table(n), r) for r in rows] for n, rows in body["tables"].items()}
        confirmed = [[str(x) for x in item] for item in body.get("confirmed", [])]
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise SyncError(
            "file_bad", f"The file {name} has content fieldkit cannot read; nothing was imported."
        ) from exc
    return SyncFile(
        kind=str(kind),
        device=str(manifest.get("device", "")),
        schema=str(manifest.get("schema")),
        created_at=str(manifest.get("created_at", "")),
        tables=tables,
        confirmed=confirmed,
        worker=str(manifest.get("worker", "")),
        worker_id=str(manifest.get("worker_id", "")),
        office_id=str(manifest.get("office_id", "")),
        seq=seq,
        name=name,
    )
