"""Ids derived from what a record belongs to, so the same fact gets the same id everywhere.

A visit's Verbis-Vermerk and its caseworker tasks take their ids from the visit: a visit
finished twice (e.g. again after restoring a backup in which it was still a draft) then writes
the same note and task ids, which the central store recognises as one record in two versions
(a conflict with both kept) instead of two notes and two task sets (issue 21).
"""

from __future__ import annotations

import uuid

NAMESPACE = uuid.UUID("0d5f3a2e-7c41-4b9e-8f0a-6a1d2c3b4e51")


def case_note_id(visit_id: uuid.UUID) -> uuid.UUID:
    """The id of the Verbis-Vermerk written from the visit ``visit_id``."""
    return uuid.uuid5(NAMESPACE, f"case_note|{visit_id}")


def task_id(visit_id: uuid.UUID, kind: str) -> uuid.UUID:
    """The id of the caseworker task of ``kind`` (``visit``, ``complex_case``) of a visit."""
    return uuid.uuid5(NAMESPACE, f"task|{visit_id}|{kind}")
