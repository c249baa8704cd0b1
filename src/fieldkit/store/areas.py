"""The stored division of the district, read the same way on the laptop and on the central
store: the one query behind every "which area owns this customer" (issue 19).

:func:`area_records` returns plain records; :meth:`fieldkit.geo.areas.AreaDivision.of_records`
turns them into the division that answers the question. A retired area (``active`` false, no
longer in the office setup) takes no customers, so it is not read.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from fieldkit.domain.weekdays import parse_weekday_list
from fieldkit.store.models import Area, AreaMember


@dataclass(frozen=True)
class AreaRecord:
    """One active stored area: id, name, ISO weekdays, worker, (AGS, postcode or None) members."""

    id: uuid.UUID
    name: str
    weekdays: tuple[int, ...]
    worker_id: uuid.UUID | None
    members: tuple[tuple[str, str | None], ...]


def area_records(conn: Session | Connection) -> list[AreaRecord]:
    """The active areas sorted by name, each with its members (two queries, any database)."""
    area, member = Area.__table__, AreaMember.__table__
    rows = conn.execute(
        select(area.c.id, area.c.name, area.c.weekdays, area.c.worker_id)
        .where(area.c.active.is_(True))
        .order_by(area.c.name)
    ).all()
    members: dict[uuid.UUID, list[tuple[str, str | None]]] = {}
    for area_id, ags, postcode in conn.execute(
        select(member.c.area_id, member.c.ags, member.c.postcode).order_by(
            member.c.ags, member.c.postcode
        )
    ):
        members.setdefault(area_id, []).append((ags, postcode or None))
    return [
        AreaRecord(
            id=row.id,
            name=row.name,
            weekdays=parse_weekday_list(row.weekdays),
            worker_id=row.worker_id,
            members=tuple(members.get(row.id, ())),
        )
        for row in rows
    ]
