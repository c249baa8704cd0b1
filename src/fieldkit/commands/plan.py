"""fieldkit commands: plan (issue 5)."""

from __future__ import annotations

from fieldkit.commands import AddParser


def register(add: AddParser) -> None:
    """Add this module's subcommands."""
