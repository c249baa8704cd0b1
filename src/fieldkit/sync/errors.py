"""Sync errors: one English sentence for the CLI, a code the UI turns into German."""

from __future__ import annotations

from fieldkit.errors import FieldkitError, UserError


class SyncError(FieldkitError, UserError):
    """A sync that could not run or finish; ``code`` names the cause for the UI.

    Codes: ``unreachable``, ``auth``, ``no_database``, ``schema_empty``, ``schema_old``,
    ``schema_new``, ``worker``, ``file_bad``, ``file_tampered``, ``file_kind``,
    ``file_schema``, ``cancelled``, ``failed``, ``office`` (publishing: no such office),
    ``ca_file`` (the CA file of the settings or the machine policy is missing or, for a
    remote server, not set), ``insecure`` (a remote server without verified TLS),
    ``not_enrolled`` (no keys exchanged for sync files yet), ``revoked`` (a disabled laptop).
    """

    def __init__(self, code: str, message: str, de: str = "") -> None:
        # The app says the German sentence from the code (ui/sync/texts.py); without one
        # given here, message("de") is the English sentence rather than nothing.
        super().__init__(code, de or message, message)
