"""Sync files for offline transfer: a zip with ``manifest.json`` and ``data.bin``.

Format version 2 (issue 15): ``data.bin`` is the sealed payload (:mod:`fieldkit.sync.sealing`:
encrypted to the receiver, signed by the sender); the manifest holds only what routes the file
(format, version, kind, key ids, ephemeral key, nonce, signature). Device, worker, office,
schema revision, pull number and the records are inside the encrypted part. A file that does
not open, is not signed by a known sender, was changed or cut short is refused before anything
is written. Version 1 files (readable JSON with a checksum) are refused.
"""

from __future__ import annotations

import json
import os
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fieldkit.sync import sealing
from fieldkit.sync.engine import table
from fieldkit.sync.errors import SyncError
from fieldkit.sync.rows import Row, decode_row, encode_row
from fieldkit.sync.sealing import FORMAT, VERSION, Opener, Sealer

PAYLOAD = "data.bin"
#: Finds the keys to open a file from its manifest's key ids (or refuses with one sentence).
KeyFinder = Callable[[dict[str, Any], str], Opener]


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
    #: Who signed the file (read files only): a device id, or "office"; and, for push files,
    #: the office whose key it was encrypted to.
    signed_by: str = ""
    sealed_for: str = ""


HEADER = ("device", "schema", "created_at", "worker", "worker_id", "office_id", "seq")


def write_file(path: Path, content: SyncFile, sealer: Sealer) -> None:
    """Seal ``content`` for ``sealer.recipient`` and write it atomically (temp + rename)."""
    plain = json.dumps(
        {
            "header": {key: getattr(content, key) for key in HEADER},
            "counts": {name: len(rows) for name, rows in content.tables.items()},
            "tables": {
                name: [encode_row(r) for r in rows] for name, rows in content.tables.items()
            },
            "confirmed": content.confirmed,
        },
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode("utf-8")
    manifest, data = sealing.seal(content.kind, plain, sealer)
    path = path.expanduser()
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise SyncError("file_bad", f"The folder {folder} does not exist.")
    _sweep(folder)
    fd, tmp = _temporary(folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            with zipfile.ZipFile(fh, "w", zipfile.ZIP_STORED) as zf:  # data.bin is compressed
                zf.writestr("manifest.json", json.dumps(manifest, indent=1))
                zf.writestr(PAYLOAD, data)
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


# The largest payload a sync file may hold and unpack to, far above a real push or pull file.
# A small file unpacking to a huge one (a "zip bomb") is refused before it costs memory.
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
            if not {"manifest.json", PAYLOAD} <= names:
                raise SyncError(
                    "file_bad",
                    f"The file {name} is not a fieldkit sync file; nothing was imported.",
                )
            manifest = json.loads(_read_limited(zf, "manifest.json", MANIFEST_LIMIT, name))
            return manifest, _read_limited(zf, PAYLOAD, max_bytes, name)
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


def _check_manifest(manifest: Any, name: str, expect_kind: str) -> None:
    """Format, version and direction, before any key is looked up."""
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise SyncError(
            "file_bad", f"The file {name} is not a fieldkit sync file; nothing was imported."
        )
    if manifest.get("version") == 1:
        raise SyncError(
            "file_schema",
            f"The file {name} is in the old unencrypted format, which is no longer accepted; "
            "write it again with the current fieldkit. Nothing was imported.",
        )
    if manifest.get("version") != VERSION:
        raise SyncError(
            "file_schema",
            f"The file {name} has sync format version {manifest.get('version')}, this fieldkit "
            f"reads version {VERSION}; nothing was imported.",
        )
    kind = manifest.get("kind")
    if kind != expect_kind:
        hint = "--import-pull" if kind == "pull" else "--import"
        raise SyncError(
            "file_kind",
            f"The file {name} is a {kind} file; use {hint} for it. Nothing was imported.",
        )


def _unreadable(name: str) -> SyncError:
    return SyncError(
        "file_bad", f"The file {name} has content fieldkit cannot read; nothing was imported."
    )


def read_file(
    path: Path,
    expect_kind: str,
    schema: str,
    keys: KeyFinder,
    *,
    max_bytes: int = DATA_LIMIT,
) -> SyncFile:
    """Read, verify and decrypt a sync file; every problem is one :class:`SyncError` sentence."""
    name = path.name
    if not path.is_file():
        raise SyncError("file_bad", f"The file {path} does not exist.")
    manifest, data = _unzip(path, max_bytes)
    _check_manifest(manifest, name, expect_kind)
    opener = keys(manifest, name)
    plain = sealing.unseal(manifest, data, opener, name, max_bytes)
    try:
        body: dict[str, Any] = json.loads(plain)
        header = body["header"]
        seq = header["seq"]
        if not isinstance(seq, int) or isinstance(seq, bool):
            raise TypeError("seq")
        tables = {n: [decode_row(table(n), r) for r in rows] for n, rows in body["tables"].items()}
        confirmed = [[str(x) for x in item] for item in body.get("confirmed", [])]
        texts = {key: str(header[key]) for key in HEADER if key != "seq"}
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise _unreadable(name) from exc
    if texts["schema"] != schema:
        raise SyncError(
            "file_schema",
            f"The file {name} was written with schema revision {texts['schema']}, this "
            f"database is at {schema}; update fieldkit on both sides. Nothing was imported.",
        )
    return SyncFile(
        kind=expect_kind,
        tables=tables,
        confirmed=confirmed,
        seq=seq,
        name=name,
        signed_by=opener.signer,
        sealed_for=opener.office,
        **texts,
    )
