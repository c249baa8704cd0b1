"""Encryption at rest of the laptop database (issue 14, item 2).

The SQLite file is encrypted with SQLCipher under a random database key. The key is kept
*outside* the database, in a key file beside it (``<database>.keys``), wrapped once per
account by a key derived from that account's password: several people can use one laptop,
and a password change re-wraps one entry instead of re-encrypting the database.

The key file is JSON (written atomically, mode 0600)::

    {"format": "fieldkit-keys", "version": 1,
     "check": base64(HMAC-SHA256(database key, "fieldkit database key")),
     "accounts": {"NAME": {"kdf": "argon2id", "time_cost": 3, "memory_cost": 65536,
                           "parallelism": 4, "salt": b64, "nonce": b64, "wrapped": b64}}}

``wrapped`` is AES-256-GCM of the database key under Argon2id(password, salt) with the
account's name as associated data, so an entry moved to another name, a changed salt or
parameter and a flipped bit all fail the tag. ``check`` lets :func:`add_account` refuse to
wrap a key that is not this database's. docs/security.md says what this protects and what not.

A *sealed* entry (``"kind": "sealed"``, :func:`add_sealed_account`) is made without the
password: the key is wrapped to the account's X25519 public key (:class:`SlotMaterial`, whose
private key is Argon2id(password, salt)) with an ephemeral key pair (``ephemeral``),
HKDF-SHA256 and AES-256-GCM, the name again as associated data; :func:`unlock` re-derives the
private key from the password and opens it like a password entry. Each entry may carry
``failed`` and ``locked_until`` (epoch seconds): wrong passwords are counted here, before the
database can be read (:data:`MAX_FAILURES`, :data:`LOCK_MINUTES`).

Callers (login in the app and the CLI, ``fieldkit user add|passwd|disable``) use
:func:`is_encrypted`, :func:`unlock`, :func:`add_account`, :func:`change_password`,
:func:`remove_account`, :func:`open_for` and :func:`create_encrypted` (a new database);
``fieldkit db encrypt`` is :mod:`fieldkit.store.encrypt`.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import logging
import os
import unicodedata
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from fieldkit.domain.week import BERLIN
from fieldkit.store.db import StoreError

if TYPE_CHECKING:
    from fieldkit.store.db import Database

FORMAT = "fieldkit-keys"
VERSION = 1
KEY_BYTES = 32
#: RFC 9106's second recommended Argon2id setting (64 MiB, 3 passes, 4 lanes): about a
#: quarter second on a laptop, once per login.
ARGON2 = {"time_cost": 3, "memory_cost": 64 * 1024, "parallelism": 4}
#: What a key file may ask of us (an edited file must not make us allocate gigabytes).
_LIMITS = {"time_cost": (1, 10), "memory_cost": (8 * 1024, 1024 * 1024), "parallelism": (1, 16)}
MAX_KEY_FILE = 1024 * 1024  # bytes; a few thousand accounts fit in a tenth of it
MAX_ACCOUNTS = 1000
MAX_NAME = 200
MAX_PASSWORD = 1024
_CHECK_LABEL = b"fieldkit database key"
_SEAL_INFO = b"fieldkit sealed key slot v1"
#: The lockout of the key file: the policy of :mod:`fieldkit.services.accounts` (5 failures
#: in a row lock the account for 15 minutes; a test checks that the two agree).
MAX_FAILURES = 5
LOCK_MINUTES = 15
_KINDS = ("password", "sealed")
_MAX_EPOCH = 2**40  # seconds: far beyond any real date, small enough for datetime

log = logging.getLogger(__name__)


class CipherError(StoreError):
    """The database cannot be unlocked (wrong password, unknown account, broken key file)."""


def key_file(database: Path) -> Path:
    """Where the wrapped keys of ``database`` live."""
    return database.with_name(database.name + ".keys")


def pending_key_file(database: Path) -> Path:
    """The key file of an encryption not yet finished (:mod:`fieldkit.store.encrypt`)."""
    return database.with_name(database.name + ".keys.pending")


def is_plain_sqlite(database: Path) -> bool:
    """Whether ``database`` starts like an unencrypted SQLite file (or is empty/missing)."""
    try:
        with database.open("rb") as fh:
            head = fh.read(16)
    except FileNotFoundError:
        return True
    except OSError as exc:
        raise CipherError(
            f"Die Datei {database.name} lässt sich nicht lesen ({exc.strerror}).",
            f"The file {database.name} cannot be read ({exc.strerror}).",
            code="unreadable",
        ) from exc
    return head in (b"", b"SQLite format 3\x00")


def finish_interrupted(database: Path) -> None:
    """Complete or undo an encryption that stopped between its two renames.

    The encrypted file replaces the plain one first, then the pending key file becomes the
    key file: if the database is no longer plain, the key file is put in place, else the
    pending one (and a half-made copy) is thrown away and the plain database stays as it was.
    """
    pending = pending_key_file(database)
    if not pending.exists():
        return
    try:
        if is_plain_sqlite(database):
            pending.unlink(missing_ok=True)
        else:
            os.replace(pending, key_file(database))
    except OSError:  # a read-only folder: left as it is, the next writable start finishes it
        return


def is_encrypted(database: Path) -> bool:
    """Whether ``database`` is an encrypted one (it has a key file)."""
    finish_interrupted(database)
    return key_file(database).exists()


def new_key() -> bytes:
    """A fresh random database key."""
    return os.urandom(KEY_BYTES)


def check_new_account(account: str, password: str) -> None:
    """CipherError (one sentence) unless ``account`` and ``password`` can get a key entry."""
    _name(account, new=True)
    _password(password, new=True)


def create_encrypted(database: Path, account: str, password: str) -> bytes:
    """The key of a new encrypted database at ``database`` (not there yet), with ``account``
    as its first key entry; :func:`fieldkit.store.db.open_database` with it creates the file."""
    if (database.exists() and database.stat().st_size > 0) or key_file(database).exists():
        raise CipherError(
            f"Die Datenbank {database.name} gibt es schon; sie wurde nicht verändert.",
            f"The database {database.name} already exists; it was not changed.",
            code="exists",
        )
    key = new_key()
    add_account(database, key, account, password)
    return key


def unlock(database: Path, account: str, password: str, *, now: datetime | None = None) -> bytes:
    """The database key, unwrapped with ``account``'s password; CipherError if it cannot be.

    Opens a password entry and a sealed entry alike. Wrong passwords are counted in the key
    file (:data:`MAX_FAILURES` in a row lock the entry for :data:`LOCK_MINUTES`; a success
    resets the count), so the lockout holds before the database can be read at all.
    """
    data = _read(database)
    name = _name(account)
    entry = data["accounts"].get(name)
    if entry is None:
        raise _wrong_login()
    moment = now or datetime.now(UTC)
    _refuse_locked(entry, moment)
    try:
        key = _open_entry(entry, name, _password(password))
    except CipherError as exc:
        if exc.code != "wrong_login":
            raise
        raise _count_failure(database, name, moment) from exc
    if not hmac.compare_digest(_check(key), _b64(data["check"], KEY_BYTES)):
        raise _broken_file("check")
    if entry.get("failed") or entry.get("locked_until"):
        _update_failures(database, name, _clear_failures)
    return key


def add_account(database: Path, key: bytes, account: str, password: str) -> None:
    """Wrap ``key`` for ``account`` (a new account, or a password set by the administration).

    The first call makes the key file (a new encrypted database); later calls must give this
    database's key. A new entry starts without failures: a new password lifts a lock.
    """
    name, secret = _name(account, new=True), _password(password, new=True)
    data = _for_wrapping(database, key, name)
    data["accounts"][name] = _wrap(key, name, secret)
    write_keys(key_file(database), data)


def _for_wrapping(database: Path, key: bytes, name: str) -> dict[str, Any]:
    """The key file's data to add ``name``'s entry to (a new one if there is no file yet),
    after checking that ``key`` is this database's and that there is room."""
    if not isinstance(key, bytes) or len(key) != KEY_BYTES:
        raise _bad_key()
    if key_file(database).exists():
        data = _read(database)
        if not hmac.compare_digest(_check(key), _b64(data["check"], KEY_BYTES)):
            raise _bad_key()
    else:
        data = {"format": FORMAT, "version": VERSION, "check": _enc(_check(key)), "accounts": {}}
    if name not in data["accounts"] and len(data["accounts"]) >= MAX_ACCOUNTS:
        raise _too_many()
    return data


def change_password(database: Path, account: str, old: str, new: str) -> None:
    """Re-wrap ``account``'s entry for a new password (the database is not re-encrypted)."""
    key = unlock(database, account, old)
    add_account(database, key, account, new)


def remove_account(database: Path, account: str) -> None:
    """Drop ``account``'s entry: that password opens the database no more.

    The last account is never removed: without any entry nobody could open the database.
    """
    data = _read(database)
    name = _name(account)
    if name not in data["accounts"]:
        raise CipherError(
            "Für dieses Konto gibt es keinen Schlüssel zu dieser Datenbank.",
            "There is no key for this account in this database.",
            code="unknown_account",
        )
    if len(data["accounts"]) == 1:
        raise CipherError(
            "Das letzte Konto mit Zugang zur verschlüsselten Datenbank lässt sich nicht "
            "entfernen; bitte erst ein anderes anlegen.",
            "The last account with access to the encrypted database cannot be removed; add "
            "another one first.",
            code="last_account",
        )
    del data["accounts"][name]
    write_keys(key_file(database), data)


def accounts(database: Path) -> list[str]:
    """The names that have a key entry, sorted."""
    return sorted(_read(database)["accounts"])


def open_for(
    url: str | None, account: str | None, password: str | None, *, migrate: bool = True
) -> Database:
    """Open the database at ``url``: an encrypted SQLite file with the account's key, any
    other without (then ``account`` and ``password`` are not needed and not looked at)."""
    from fieldkit.store.db import open_database, resolve_url, sqlite_file

    resolved = resolve_url(url)
    file = sqlite_file(resolved)
    if file is None or not is_encrypted(file):
        return open_database(resolved, migrate=migrate)
    if not account or password is None:
        raise CipherError(
            f"Die Datenbank {file} ist verschlüsselt; bitte Name und Passwort angeben "
            "(FIELDKIT_USER und FIELDKIT_PASSWORD).",
            f"The database {file} is encrypted; give name and password (FIELDKIT_USER and "
            "FIELDKIT_PASSWORD).",
            code="locked",
        )
    key = unlock(file, account, password)
    return open_database(resolved, migrate=migrate, key=key)


# -- sealed key slots (pre-agreed interface; the laptop-crypto work fills it) -------------


@dataclass
class SlotMaterial:
    """What an account carries so that a database key can be wrapped for it *without* its
    password: an Argon2id salt and the X25519 public key derived from Argon2id(password,
    salt). Computed when the password is set (``user add``/``passwd``, on the laptop or on
    the central database), stored on the account, pulled with it at enrolment.

    Stored as two base64 strings (``salt``, ``public``) on the account row (migration 0018).
    Neither is secret: the public key lets anyone *wrap* for the account, only the password
    unwraps. Argon2id's parameters are :data:`ARGON2` (the sealed entry records them).
    """

    salt: str
    public: str


def slot_material(password: str) -> SlotMaterial:
    """The slot material for ``password`` (fresh salt)."""
    secret = _password(password, new=True)
    salt = os.urandom(16)
    params = dict(ARGON2)
    private = X25519PrivateKey.from_private_bytes(_derive(secret, salt, params))
    # The cost travels with the salt ("t=3,m=65536,p=4$<salt>"), so material made under one
    # cost is sealed and opened under that cost, even after the program's default changes.
    cost = f"t={params['time_cost']},m={params['memory_cost']},p={params['parallelism']}"
    return SlotMaterial(f"{cost}${_enc(salt)}", _enc(private.public_key().public_bytes_raw()))


def add_sealed_account(database: Path, key: bytes, account: str, material: SlotMaterial) -> None:
    """Wrap ``key`` for ``account`` to its slot material's public key (no password needed).

    :func:`unlock` opens such an entry with the account's password, like a password entry.
    Used at a field laptop's enrolment for each pulled account, and after a sync that pulled
    changed material (a password changed centrally): the account's entry, of either kind, is
    replaced (and its failure count with it). The first call makes the key file.
    """
    name = _name(account, new=True)
    salt, public, params = _material(material)
    data = _for_wrapping(database, key, name)
    data["accounts"][name] = _seal(key, name, salt, public, params)
    write_keys(key_file(database), data)


def _material(material: Any) -> tuple[bytes, bytes, dict[str, int]]:
    """The salt, public key and Argon2id cost of ``material``, checked; one sentence if not.

    Material without a cost prefix (``t=…,m=…,p=…$``) was made at :data:`ARGON2`."""
    if isinstance(material, SlotMaterial) and isinstance(material.salt, str):
        cost, _, encoded = material.salt.rpartition("$")
        params = _cost(cost) if cost else dict(ARGON2)
        salt = _b64_or_none(encoded)
        public = _b64_or_none(material.public)
        if (
            params is not None
            and salt is not None
            and 8 <= len(salt) <= 64
            and public is not None
            and len(public) == 32
        ):
            return salt, public, params
    raise CipherError(
        "Das Schlüsselmaterial dieses Kontos ist ungültig; nichts wurde geändert.",
        "This account's key material is not valid; nothing was changed.",
        code="bad_material",
    )


# -- the key file -------------------------------------------------------------------------


def write_keys(target: Path, data: dict[str, Any]) -> None:
    """Write the key file ``target`` atomically (a temporary file, fsync, rename), mode 0600."""
    text = json.dumps(data, ensure_ascii=True, indent=1, sort_keys=True).encode("ascii")
    tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
        try:
            os.write(fd, text)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise CipherError(
            f"Die Schlüsseldatei {target.name} lässt sich nicht schreiben ({exc.strerror}); "
            "nichts wurde geändert.",
            f"The key file {target.name} cannot be written ({exc.strerror}); nothing was changed.",
            code="write",
        ) from exc


def _read(database: Path) -> dict[str, Any]:
    path = key_file(database)
    try:
        with path.open("rb") as fh:
            raw = fh.read(MAX_KEY_FILE + 1)
    except FileNotFoundError as exc:
        raise CipherError(
            f"Zur Datenbank {database.name} gibt es keine Schlüsseldatei.",
            f"The database {database.name} has no key file.",
            code="no_key_file",
        ) from exc
    except OSError as exc:
        raise _broken_file(exc.strerror or "unreadable") from exc
    if len(raw) > MAX_KEY_FILE:
        raise _broken_file("too big")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise _broken_file("not JSON") from exc
    _validate(data)
    return data  # type: ignore[no-any-return]


def _validate(data: Any) -> None:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise _broken_file("format")
    if data.get("version") != VERSION or not isinstance(data.get("check"), str):
        raise _broken_file("version")
    entries = data.get("accounts")
    if not isinstance(entries, dict) or not entries or len(entries) > MAX_ACCOUNTS:
        raise _broken_file("accounts")
    for name, entry in entries.items():
        if not isinstance(name, str) or not isinstance(entry, dict):
            raise _broken_file("entry")
        _validate_entry(entry)


def _validate_entry(entry: dict[str, Any]) -> None:
    """One entry: its kind, Argon2id parameters within bounds, its strings, its counter."""
    kind = entry.get("kind", "password")
    if kind not in _KINDS or entry.get("kdf") != "argon2id":
        raise _broken_file("kind")
    for param, (low, high) in _LIMITS.items():
        value = entry.get(param)
        if type(value) is not int or not low <= value <= high:
            raise _broken_file(param)
    texts = (
        ("salt", "nonce", "wrapped", "ephemeral")
        if kind == "sealed"
        else ("salt", "nonce", "wrapped")
    )
    if not all(isinstance(entry.get(k), str) for k in texts):
        raise _broken_file("entry")
    for counter, high in (("failed", MAX_FAILURES), ("locked_until", _MAX_EPOCH)):
        value = entry.get(counter, 0)
        if type(value) is not int or not 0 <= value <= high:
            raise _broken_file(counter)


# -- wrapping -----------------------------------------------------------------------------


def _derive(secret: bytes, salt: bytes, params: dict[str, Any]) -> bytes:
    return hash_secret_raw(
        secret,
        salt,
        time_cost=params["time_cost"],
        memory_cost=params["memory_cost"],
        parallelism=params["parallelism"],
        hash_len=32,
        type=Type.ID,
    )


def _aad(name: str) -> bytes:
    return f"{FORMAT}/{VERSION}/{name}".encode()


def _wrap(key: bytes, name: str, secret: bytes) -> dict[str, Any]:
    salt, nonce = os.urandom(16), os.urandom(12)
    wrapping = _derive(secret, salt, ARGON2)
    wrapped = AESGCM(wrapping).encrypt(nonce, key, _aad(name))
    return {
        "kdf": "argon2id",
        **ARGON2,
        "salt": _enc(salt),
        "nonce": _enc(nonce),
        "wrapped": _enc(wrapped),
    }


def _open_entry(entry: dict[str, Any], name: str, secret: bytes) -> bytes:
    """The database key from a password entry or a sealed entry; CipherError if not."""
    salt = _b64(entry["salt"], None)
    nonce = _b64(entry["nonce"], 12)
    wrapped = _b64(entry["wrapped"], KEY_BYTES + 16)
    if not 8 <= len(salt) <= 64:
        raise _broken_file("salt")
    derived = _derive(secret, salt, entry)
    if entry.get("kind") == "sealed":
        ephemeral = _b64(entry["ephemeral"], 32)
        private = X25519PrivateKey.from_private_bytes(derived)
        wrapping = _sealing_key(
            private, ephemeral, private.public_key().public_bytes_raw(), sealing=False
        )
    else:
        wrapping = derived
    try:
        return AESGCM(wrapping).decrypt(nonce, wrapped, _aad(name))
    except InvalidTag as exc:
        # A wrong password and an edited entry look the same, and must: say "wrong login".
        raise _wrong_login() from exc


def _cost(text: str) -> dict[str, int] | None:
    """``t=3,m=65536,p=4`` as Argon2id parameters within :data:`_LIMITS`; None if not."""
    names = {"t": "time_cost", "m": "memory_cost", "p": "parallelism"}
    params: dict[str, int] = {}
    for part in text.split(","):
        short, _, value = part.partition("=")
        if short not in names or not value.isdigit() or len(value) > 8:
            return None
        params[names[short]] = int(value)
    if set(params) != set(names.values()):
        return None
    for name, (low, high) in _LIMITS.items():
        if not low <= params[name] <= high:
            return None
    return params


def _seal(
    key: bytes, name: str, salt: bytes, public: bytes, params: dict[str, int]
) -> dict[str, Any]:
    """A sealed entry: ``key`` under ECDH(ephemeral, ``public``) + HKDF-SHA256, AES-256-GCM."""
    ephemeral = X25519PrivateKey.generate()
    wrapping = _sealing_key(ephemeral, public, public, sealing=True)
    nonce = os.urandom(12)
    return {
        "kind": "sealed",
        "kdf": "argon2id",
        **params,
        "salt": _enc(salt),
        "ephemeral": _enc(ephemeral.public_key().public_bytes_raw()),
        "nonce": _enc(nonce),
        "wrapped": _enc(AESGCM(wrapping).encrypt(nonce, key, _aad(name))),
    }


def _sealing_key(
    private: X25519PrivateKey, peer: bytes, recipient: bytes, *, sealing: bool
) -> bytes:
    """The AES key both sides of a sealed entry arrive at: HKDF-SHA256 over the X25519
    shared secret, bound to the ephemeral and the recipient's public keys."""
    ephemeral = private.public_key().public_bytes_raw() if sealing else peer
    try:
        shared = private.exchange(X25519PublicKey.from_public_bytes(peer))
    except ValueError as exc:  # a low-order point: no shared secret
        raise _bad_point(sealing) from exc
    hkdf = HKDF(hashes.SHA256(), KEY_BYTES, salt=ephemeral + recipient, info=_SEAL_INFO)
    return hkdf.derive(shared)


# -- the failure counter ------------------------------------------------------------------


def _refuse_locked(entry: dict[str, Any], now: datetime) -> None:
    """One sentence while ``entry`` is locked. A lock further ahead than :data:`LOCK_MINUTES`
    (an edited file, a clock set back) is not one this program set: it is ignored."""
    until = int(entry.get("locked_until", 0))
    left = until - now.timestamp()
    if 0 < left <= LOCK_MINUTES * 60:
        raise _locked(datetime.fromtimestamp(until, UTC))


def _count_failure(database: Path, name: str, now: datetime) -> CipherError:
    """Count a wrong password for ``name`` (locking at the limit); the sentence to raise."""
    locked: list[datetime] = []

    def count(entry: dict[str, Any]) -> None:
        failed = int(entry.get("failed", 0)) + 1
        if failed >= MAX_FAILURES:
            until = now + timedelta(minutes=LOCK_MINUTES)
            entry.update(failed=0, locked_until=int(until.timestamp()))
            locked.append(until)
        else:
            entry.update(failed=failed, locked_until=0)

    _update_failures(database, name, count)
    return _locked(locked[0]) if locked else _wrong_login()


def _clear_failures(entry: dict[str, Any]) -> None:
    entry.pop("failed", None)
    entry.pop("locked_until", None)


def _update_failures(database: Path, name: str, change: Callable[[dict[str, Any]], None]) -> None:
    """Apply ``change`` to ``name``'s entry in a fresh read of the key file, written
    atomically. A key file that cannot be written (a read-only folder) keeps its count: the
    login's answer does not depend on it, and the warning names no account."""
    try:
        data = _read(database)
        entry = data["accounts"].get(name)
        if entry is None:
            return
        change(entry)
        write_keys(key_file(database), data)
    except CipherError as exc:
        log.warning("the key file's failure count was not updated (%s)", exc.code)


def _check(key: bytes) -> bytes:
    return hmac.new(key, _CHECK_LABEL, hashlib.sha256).digest()


def _enc(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _b64_or_none(text: object) -> bytes | None:
    if not isinstance(text, str) or len(text) > 200:
        return None
    try:
        return base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError):
        return None


def _b64(text: str, length: int | None) -> bytes:
    try:
        raw = base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError) as exc:
        raise _broken_file("base64") from exc
    if length is not None and len(raw) != length:
        raise _broken_file("length")
    return raw


def _name(account: Any, *, new: bool = False) -> str:
    name = unicodedata.normalize("NFC", account.strip()) if isinstance(account, str) else ""
    if not name or len(name) > MAX_NAME or any(unicodedata.category(c)[0] == "C" for c in name):
        if not new:
            raise _wrong_login()
        raise CipherError(
            f"Ein Kontoname muss 1 bis {MAX_NAME} Zeichen ohne Steuerzeichen haben.",
            f"An account name must have 1 to {MAX_NAME} characters and no control characters.",
            code="bad_name",
        )
    return name.lower()  # as the accounts compare names: "Chefin" logs in as "chefin" too


def _password(password: Any, *, new: bool = False) -> bytes:
    if not isinstance(password, str) or not password or len(password) > MAX_PASSWORD:
        if not new:
            raise _wrong_login()
        raise CipherError(
            f"Ein Passwort muss 1 bis {MAX_PASSWORD} Zeichen haben.",
            f"A password must have 1 to {MAX_PASSWORD} characters.",
            code="bad_password",
        )
    return unicodedata.normalize("NFC", password).encode("utf-8", "surrogatepass")


# -- the sentences ------------------------------------------------------------------------


def _wrong_login() -> CipherError:
    return CipherError(
        "Name oder Passwort stimmen nicht; die Datenbank wurde nicht geöffnet.",
        "Wrong name or password; the database was not opened.",
        code="wrong_login",
    )


def _locked(until: datetime) -> CipherError:
    local = until.astimezone(BERLIN).strftime("%H:%M")
    return CipherError(
        f"Nach zu vielen falschen Anmeldungen ist das Konto bis {local} Uhr gesperrt; die "
        "Datenbank wurde nicht geöffnet.",
        f"After too many failed logins the account is locked until {local}; the database was "
        "not opened.",
        code="locked",
    )


def _bad_point(wrapping: bool) -> CipherError:
    if wrapping:
        return CipherError(
            "Das Schlüsselmaterial dieses Kontos ist ungültig; nichts wurde geändert.",
            "This account's key material is not valid; nothing was changed.",
            code="bad_material",
        )
    return _broken_file("ephemeral")


def _broken_file(_what: str) -> CipherError:
    return CipherError(
        "Die Schlüsseldatei der Datenbank ist beschädigt oder verändert; die Datenbank wurde "
        "nicht geöffnet.",
        "The database's key file is damaged or was altered; the database was not opened.",
        code="broken_key_file",
    )


def _bad_key() -> CipherError:
    return CipherError(
        "Der angegebene Schlüssel gehört nicht zu dieser Datenbank; nichts wurde geändert.",
        "The given key does not belong to this database; nothing was changed.",
        code="wrong_key",
    )


def _too_many() -> CipherError:
    return CipherError(
        f"Mehr als {MAX_ACCOUNTS} Konten kann eine Datenbank nicht haben.",
        f"A database cannot have more than {MAX_ACCOUNTS} accounts.",
        code="too_many",
    )
