"""Stored records of the sync (issue 8); their schema comes from migration v0004."""

from __future__ import annotations
