"""How the laptop reaches the central PostgreSQL server: verified TLS for every other host.

A connection to any host but this computer (127.0.0.0/8, ::1, ``localhost``, a Unix socket)
must use TLS with the server's certificate checked against IT's CA file and its name
(``sslmode=verify-full``, ``sslrootcert=sync.ca_file``). A URL asking for less, or a plain
connection to such a host, is refused before any network traffic, unless the machine policy
sets ``sync.allow_insecure_for_testing`` (a test installation; no settings.json and no pulled
file can set it). See docs/sync.md, "Transport".
"""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path
from typing import Any

from sqlalchemy.engine import URL

from fieldkit.sync.errors import SyncError
from fieldkit.sync.settings import SyncSettings

VERIFY = "verify-full"


def _values(raw: Any) -> list[str]:
    items = raw if isinstance(raw, tuple | list) else (raw,) if raw else ()
    return [part.strip() for item in items for part in str(item).split(",")]


def _without_port(host: str) -> str:
    if host.startswith("["):  # [::1]:5432
        return host[1:].split("]", 1)[0]
    if host.count(":") == 1:  # name:5432 (an IPv6 address has more colons)
        return host.split(":", 1)[0]
    return host


def hosts(url: URL) -> list[str]:
    """Every host libpq may connect to for ``url`` ('' = its default, the Unix socket)."""
    found = _values(url.host) + _values(url.query.get("host")) + _values(url.query.get("hostaddr"))
    if not found:  # libpq falls back to the environment, then to the Unix socket
        found = _values(os.environ.get("PGHOST")) + _values(os.environ.get("PGHOSTADDR"))
    service = _values(url.query.get("service")) or _values(os.environ.get("PGSERVICE"))
    if service:  # a pg_service.conf entry may name any host: counted as remote
        found += [f"service {name}" for name in service]
    return [_without_port(h) for h in found] or [""]


def is_loopback(host: str) -> bool:
    """True for this computer: a Unix socket path, ``localhost``, 127.0.0.0/8 or ::1.

    Decided from the text alone (no name is looked up): any other name counts as remote.
    """
    if host == "" or host.startswith(("/", "@")):
        return True
    if host.lower().rstrip(".") == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.split("%", 1)[0]).is_loopback
    except ValueError:
        return False


def transport_args(url: URL, settings: SyncSettings) -> dict[str, Any]:
    """The TLS parameters to hand to psycopg for ``url``, or a refusal before connecting."""
    remote = [h for h in hosts(url) if not is_loopback(h)]
    if remote and not settings.allow_insecure_for_testing:
        asked = str(url.query.get("sslmode") or VERIFY)
        if asked != VERIFY:
            raise SyncError(
                "insecure",
                f"The central database on {remote[0]} must be reached through TLS with a "
                f"verified certificate (sslmode=verify-full), not sslmode={asked}; nothing "
                "was synced.",
            )
        if not settings.ca_file:
            raise SyncError(
                "ca_file",
                f"The central database on {remote[0]} is reached only through verified TLS, "
                "and no CA file is set (sync.ca_file, set by IT in the machine policy); "
                "nothing was synced.",
            )
    if not settings.ca_file:
        return {}
    if not Path(settings.ca_file).is_file():
        raise SyncError(
            "ca_file", f"The CA file {settings.ca_file} named in the settings is missing."
        )
    return {"sslmode": VERIFY, "sslrootcert": settings.ca_file}
