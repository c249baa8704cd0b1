"""The complete demo: this week with results, next week geocoded and planned.

``fieldkit demo --complete`` (what ``./dev run`` starts the app on) goes through the same
services a user would: the flag lists through the import, the addresses through the offline
geocoding chain, house coordinates through the address-point import, the week through the
planner, the back office's results through its demo. Everything about persons is invented.
"""

from __future__ import annotations

import csv
import math
import random
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from fieldkit.domain.settings import RulesSettings
from fieldkit.domain.week import IsoWeek
from fieldkit.paths import private_temp_dir
from fieldkit.services import demo_setup
from fieldkit.services.office import UNRESTRICTED
from fieldkit.settings import Settings
from fieldkit.store.db import Database
from fieldkit.store.models import Address, Flag

Say = Callable[[str], None]


@dataclass(frozen=True)
class DemoWorld:
    """What the complete demo wrote."""

    this_week: str
    next_week: str
    flagged: int
    address_points: int
    planned: int
    unplanned: int
    visits: int

    def text_en(self) -> str:
        """One paragraph for the CLI."""
        return (
            f"Complete demo: {self.flagged} customers flagged for {self.this_week} and "
            f"{self.next_week}; {self.address_points} synthetic house coordinates imported and "
            f"both weeks geocoded offline; {self.next_week} planned ({self.planned} stops, "
            f"{self.unplanned} unplanned with reasons); {self.visits} visit results in "
            f"{self.this_week} for the back office."
        )


def write_demo_world(
    db: Database,
    settings: Settings,
    now: datetime,
    *,
    count: int = 40,
    seed: int = 49,
    plan_seconds: float = 5.0,
    say: Say | None = None,
    force: bool = False,
) -> DemoWorld:
    """Write the complete demo into ``db`` (run on an empty database; safe to repeat)."""
    from fieldkit.services import geocoding, planning
    from fieldkit.services.office_demo import write_office_demo

    def tell(text: str) -> None:
        if say is not None:
            say(text)

    this_week = IsoWeek.of(now.date())
    next_week = this_week.next()
    tell(f"flag lists for {this_week} and {next_week}")
    first = demo_setup.write_demo(db, settings, next_week, count, seed, force=force)
    second = demo_setup.write_demo(
        db, settings, this_week, max(1, count // 2), seed + 1, force=force
    )
    weeks = (str(this_week), str(next_week))
    tell("geocoding offline (municipality centres and postcodes)")
    for week in weeks:
        geocoding.geocode_week(db, week, settings, identity=UNRESTRICTED)
    tell("synthetic house coordinates")
    with tempfile.TemporaryDirectory(dir=private_temp_dir()) as tmp:
        path = Path(tmp) / "demo-hauskoordinaten.csv"
        points = _synthetic_address_points(db, weeks, path, seed)
        geocoding.import_addresses(db, path, identity=UNRESTRICTED)
    for week in weeks:
        geocoding.geocode_week(db, week, settings, identity=UNRESTRICTED)
    tell(f"planning {next_week} ({plan_seconds:g} s)")
    plan = planning.plan_and_store(
        db, str(next_week), settings, time_limit=plan_seconds, identity=UNRESTRICTED
    )
    planned = sum(len(r.stops) for r in plan.routes)
    tell(f"visit results of {this_week} for the back office")
    office = write_office_demo(db, now, rules=settings.section("rules", RulesSettings))
    return DemoWorld(
        this_week=str(this_week),
        next_week=str(next_week),
        flagged=first.imported + second.imported,
        address_points=points,
        planned=planned,
        unplanned=len(plan.unplanned),
        visits=office.visits,
    )


def _synthetic_address_points(db: Database, weeks: tuple[str, ...], path: Path, seed: int) -> int:
    """House coordinates for most demo addresses, scattered around where the gazetteer put
    them; every eighth address gets none, so the demo shows customers to place by hand."""
    rng = random.Random(seed)
    rows: list[dict[str, object]] = []
    with db.session() as session:
        addresses = session.scalars(
            select(Address)
            .join(Flag, Flag.customer_id == Address.customer_id)
            .where(Flag.visit_week.in_(weeks))
            .order_by(Address.plz, Address.strasse, Address.hausnummer)
        ).unique()
        for n, addr in enumerate(addresses):
            if addr.lat is None or addr.lon is None or n % 8 == 7:
                continue
            # Within about 1.5 km of the municipality centre, uniformly over the disc.
            radius = 1.5 * math.sqrt(rng.random())
            angle = rng.random() * 2 * math.pi
            lat = addr.lat + radius * math.cos(angle) / 111.2
            lon = addr.lon + radius * math.sin(angle) / (111.2 * math.cos(math.radians(addr.lat)))
            rows.append(
                {
                    "street": addr.strasse,
                    "housenumber": addr.hausnummer,
                    "postcode": addr.plz,
                    "city": addr.ort,
                    "lat": f"{lat:.6f}",
                    "lon": f"{lon:.6f}",
                }
            )
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(
            fh, fieldnames=["street", "housenumber", "postcode", "city", "lat", "lon"]
        )
        writer.writeheader()
        writer.writerows(rows)
    return len(rows)
