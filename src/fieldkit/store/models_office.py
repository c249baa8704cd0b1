"""Stored records of the back office (issue 9); their schema comes from migration v0005."""

from __future__ import annotations
