"""Sealed sync files (issue 15, item 4): encrypted to the receiver, signed by the sender.

A file's payload is the zlib-compressed inner JSON, encrypted with AES-256-GCM under a key
derived (HKDF-SHA256) from an X25519 exchange between a fresh ephemeral key of the sender
and the receiver's X25519 key (the office's for push files, the laptop's for pull files).
The clear manifest holds only what routes the file: format, version, kind, the key ids of
signer and receiver (first 16 hex digits of the SHA-256 of the public key), the ephemeral
public key and the nonce. The manifest (as AES-GCM associated data) and the ciphertext are
signed with the sender's Ed25519 key, so a file is checked before it is decrypted and any
change to either is refused. See docs/sync.md, "Sealed files".
"""

from __future__ import annotations

import hashlib
import json
import os
import zlib
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from fieldkit.sync.errors import SyncError

FORMAT = "fieldkit-sync"
VERSION = 2
ROUTING = ("format", "version", "kind", "signer", "recipient", "epk", "nonce")
_RAW = (serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def public_hex(key: Ed25519PrivateKey | X25519PrivateKey) -> str:
    """The raw public key of ``key``, hex."""
    return key.public_key().public_bytes(*_RAW).hex()


def private_hex(key: Ed25519PrivateKey | X25519PrivateKey) -> str:
    """The raw private key, hex (kept only in the database that owns it)."""
    return key.private_bytes(
        serialization.Encoding.Raw,
        serialization.PrivateFormat.Raw,
        serialization.NoEncryption(),
    ).hex()


def key_id(public: str) -> str:
    """The id of a public key (hex): the first 16 hex digits of its SHA-256."""
    return hashlib.sha256(bytes.fromhex(public)).hexdigest()[:16]


@dataclass(frozen=True)
class KeyPair:
    """A signing key (Ed25519) and an encryption key (X25519) of one laptop or office."""

    sign: Ed25519PrivateKey
    box: X25519PrivateKey

    @classmethod
    def generate(cls) -> KeyPair:
        return cls(Ed25519PrivateKey.generate(), X25519PrivateKey.generate())

    @classmethod
    def from_hex(cls, sign: str, box: str) -> KeyPair:
        return cls(
            Ed25519PrivateKey.from_private_bytes(bytes.fromhex(sign)),
            X25519PrivateKey.from_private_bytes(bytes.fromhex(box)),
        )

    @property
    def sign_public(self) -> str:
        return public_hex(self.sign)

    @property
    def box_public(self) -> str:
        return public_hex(self.box)


@dataclass(frozen=True)
class Sealer:
    """What a writer needs: its own signing key and the receiver's X25519 public key (hex)."""

    sign: Ed25519PrivateKey
    recipient: str


@dataclass(frozen=True)
class Opener:
    """What a reader needs: the sender's Ed25519 public key (hex) and its own X25519 key.

    ``signer`` names who signed (a device id, or "office"), for the caller's own checks.
    """

    verify: str
    box: X25519PrivateKey
    signer: str = ""
    #: The office the receiving key belongs to (central: push files), "" when not known.
    office: str = ""


def _canonical(manifest: dict[str, Any]) -> bytes:
    return json.dumps(
        {k: manifest[k] for k in ROUTING}, sort_keys=True, separators=(",", ":")
    ).encode()


def _key(shared: bytes, kind: str, epk: bytes, recipient: bytes) -> bytes:
    info = b"fieldkit-sync-2 " + kind.encode() + epk + recipient
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(shared)


def _signed_bytes(manifest: dict[str, Any], ciphertext: bytes) -> bytes:
    return b"fieldkit-sync-2\n" + _canonical(manifest) + b"\n" + hashlib.sha256(ciphertext).digest()


def seal(kind: str, plaintext: bytes, sealer: Sealer) -> tuple[dict[str, Any], bytes]:
    """The manifest and the ciphertext of ``plaintext`` for ``sealer.recipient``."""
    recipient = bytes.fromhex(sealer.recipient)
    ephemeral = X25519PrivateKey.generate()
    epk = ephemeral.public_key().public_bytes(*_RAW)
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(recipient))
    nonce = os.urandom(12)
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "kind": kind,
        "signer": key_id(public_hex(sealer.sign)),
        "recipient": key_id(sealer.recipient),
        "epk": epk.hex(),
        "nonce": nonce.hex(),
    }
    packed = zlib.compress(plaintext, 6)
    ciphertext = AESGCM(_key(shared, kind, epk, recipient)).encrypt(
        nonce, packed, _canonical(manifest)
    )
    manifest["sig"] = sealer.sign.sign(_signed_bytes(manifest, ciphertext)).hex()
    return manifest, ciphertext


def _tampered(name: str) -> SyncError:
    return SyncError(
        "file_tampered",
        f"The file {name} was changed after it was written or not signed by its sender "
        "(signature or encryption check failed); nothing was imported.",
    )


def unseal(
    manifest: dict[str, Any], ciphertext: bytes, opener: Opener, name: str, limit: int
) -> bytes:
    """The plaintext, after the signature and the decryption check; at most ``limit`` bytes."""
    try:
        signature = bytes.fromhex(str(manifest["sig"]))
        verify = Ed25519PublicKey.from_public_bytes(bytes.fromhex(opener.verify))
        verify.verify(signature, _signed_bytes(manifest, ciphertext))
        epk = bytes.fromhex(str(manifest["epk"]))
        nonce = bytes.fromhex(str(manifest["nonce"]))
        own = opener.box.public_key().public_bytes(*_RAW)
        shared = opener.box.exchange(X25519PublicKey.from_public_bytes(epk))
        key = _key(shared, str(manifest["kind"]), epk, own)
        packed = AESGCM(key).decrypt(nonce, ciphertext, _canonical(manifest))
    except (InvalidSignature, InvalidTag, KeyError, ValueError, TypeError) as exc:
        raise _tampered(name) from exc
    return _inflate(packed, name, limit)


def _inflate(packed: bytes, name: str, limit: int) -> bytes:
    inflater = zlib.decompressobj()
    try:
        out = inflater.decompress(packed, limit + 1)
    except zlib.error as exc:
        raise _tampered(name) from exc
    if len(out) > limit or inflater.unconsumed_tail:
        raise SyncError(
            "file_big",
            f"The file {name} unpacks to more than {limit // (1024 * 1024)} MB, more than a "
            "sync file ever holds; nothing was imported.",
        )
    return out
