"""Errors that are the user's to fix, not bugs."""

from __future__ import annotations


class UserError(Exception):
    """A mistake of the user's, explained in one sentence (the CLI exits with code 1)."""
