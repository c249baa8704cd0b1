"""Settings of the sync (declared once here; composed in ``fieldkit.settings``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from fieldkit.settings_fields import describe


@dataclass(frozen=True)
class SyncSettings:
    """Where the central database is, who this laptop belongs to, how long data stays."""

    central_url: str = field(
        default="",
        metadata=describe(
            "Address of the central PostgreSQL database, e.g. "
            "postgresql+psycopg://user@server/fieldkit (remembered after a sync)."
        ),
    )
    worker_name: str = field(
        default="",
        metadata=describe("Name of the outreach worker whose customers this laptop pulls."),
    )
    ca_file: str = field(
        default="",
        metadata=describe(
            "File with the CA certificate(s) the central PostgreSQL server's certificate must "
            "chain to; the connection is TLS with full verification (sslmode=verify-full). "
            "Required for every central server but this computer (loopback); set by IT "
            "through the machine policy."
        ),
    )
    allow_insecure_for_testing: bool = field(
        default=False,
        metadata=describe(
            "Only for a test installation, and only in the machine policy: allow a connection "
            "to a central server other than this computer without verified TLS. Otherwise "
            "every host but the loopback needs sslmode=verify-full and sync.ca_file.",
            policy_only=True,
        ),
    )
    lease_days: int = field(
        default=14,
        metadata=describe(
            "Days without a sync after which a field laptop opens only for a sync (issue 14's "
            "lease, fieldkit.sync.lease; 1 to 365). An office-wide value pulled at a sync may "
            "lower it, never raise it.",
            office_wide=True,
            minimum=1,
            maximum=365,
            tighten_only=True,
        ),
    )
    purge_days: int = field(
        default=30,
        metadata=describe(
            "Days without a sync after which a field laptop's synced personal data is removed "
            "(unsynced work stays; fieldkit.sync.lease; 1 to 365). An office-wide value pulled "
            "at a sync may lower it, never raise it.",
            office_wide=True,
            minimum=1,
            maximum=365,
            tighten_only=True,
        ),
    )
    keep_days: int = field(
        default=14,
        metadata=describe(
            "Days personal data stays on the laptop after the central store confirmed it "
            "(data minimisation); unsynced records are never removed. At least 1: a smaller "
            "value from any file is raised to 1.",
            office_wide=True,
            minimum=1,
        ),
    )
    batch_size: int = field(
        default=1000,
        metadata=describe("Records per transaction and round trip when syncing."),
    )
    connect_timeout_seconds: int = field(
        default=10,
        metadata=describe("How long to wait for the central database to answer."),
    )
    max_clock_skew_minutes: int = field(
        default=10,
        metadata=describe(
            "How far this laptop's clock may differ from the central server's before a sync "
            "stops (a wrong clock would mistime records and data minimisation)."
        ),
    )
