"""Rows as plain JSON values and back, driven by the table's column types."""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, Table, Uuid

from fieldkit.store.types import UTCDateTime

Row = dict[str, Any]


def encode_value(value: Any) -> Any:
    """A JSON-able form of one column value."""
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def encode_row(row: Row) -> Row:
    """A JSON-able copy of a row."""
    return {k: encode_value(v) for k, v in row.items()}


def decode_row(table: Table, data: Row) -> Row:
    """A row from its JSON form; keys that are not columns of ``table`` raise KeyError."""
    out: Row = {}
    for key, value in data.items():
        column = table.c[key]
        if value is None:
            out[key] = None
        elif isinstance(column.type, Uuid):
            out[key] = uuid.UUID(str(value))
        elif isinstance(column.type, UTCDateTime):
            out[key] = datetime.fromisoformat(str(value))
        elif isinstance(column.type, Date):
            out[key] = date.fromisoformat(str(value))
        else:
            out[key] = value
    return out


def content_hash(row: Row, skip: frozenset[str]) -> str:
    """SHA-256 over the row's columns except ``skip`` (stable key order)."""
    data = {k: encode_value(v) for k, v in sorted(row.items()) if k not in skip}
    raw = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()
