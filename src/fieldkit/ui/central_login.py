"""The logged-in account's central login, in memory only (issue 15).

The app's login window remembers here who logged in and with which password, so that the
sync dialog connects to the central database as that account's PostgreSQL login role (its
row-level security then gives the laptop only its worker's rows). Never written to the
settings, a file or a log; forgotten when the app logs out or quits.
"""

from __future__ import annotations

_secret: dict[str, str] = {}


def remember(account: str, password: str) -> None:
    """The account that just logged in, and its password."""
    _secret.clear()
    if account.strip():
        _secret.update(account=account, password=password)


def account() -> str:
    """The account remembered at login ('' when nobody logged in)."""
    return _secret.get("account", "")


def forget() -> None:
    """Nobody is logged in any more."""
    _secret.clear()


def central_url(url: str) -> str:
    """``url`` as the logged-in account (unchanged when nobody logged in)."""
    from fieldkit.services import sync as service

    if not _secret:
        return url
    return service.as_account(url, _secret["account"], _secret["password"])
