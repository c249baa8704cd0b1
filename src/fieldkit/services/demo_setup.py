"""Writing the demo: reference data (office, workers, caseworkers, areas) and a flag list."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select

from fieldkit.domain.week import IsoWeek
from fieldkit.geo.areas import demo_areas
from fieldkit.paths import private_temp_dir
from fieldkit.services import demo, demo_guard, flaglist
from fieldkit.services.demo_accounts import write_demo_accounts
from fieldkit.services.office import UNRESTRICTED
from fieldkit.settings import Settings
from fieldkit.store.db import Database
from fieldkit.store.models import Area, AreaMember, Caseworker, Office, OutreachWorker
from fieldkit.store.types import utcnow


@dataclass(frozen=True)
class DemoSummary:
    """What ``fieldkit demo`` wrote."""

    result: flaglist.ImportResult
    workers: int
    areas: int

    @property
    def imported(self) -> int:
        """Customers flagged for the demo week."""
        return self.result.imported

    def counts_text(self) -> str:
        """Counts per status."""
        return self.result.counts_text()


def _reference_data(db: Database) -> tuple[int, int]:
    """Office, outreach workers, caseworkers and areas; only what is not there yet."""
    with db.session() as session:
        office = session.scalar(select(Office).where(Office.name == demo.OFFICE["name"]))
        if office is None:
            office = Office(**demo.OFFICE)
            session.add(office)
        workers = {w.name: w for w in session.scalars(select(OutreachWorker))}
        for name, days in demo.WORKERS:
            if name not in workers:
                workers[name] = OutreachWorker(name=name, working_days=days, office=office)
                session.add(workers[name])
        known = set(session.scalars(select(Caseworker.name)))
        for name, team, phone in demo.CASEWORKERS:
            if name not in known:
                session.add(Caseworker(name=name, team=team, phone=phone))
        existing = set(session.scalars(select(Area.name)))
        worker_list = [workers[name] for name, _ in demo.WORKERS]
        for i, spec in enumerate(demo_areas()):
            if spec.name in existing:
                continue
            area = Area(
                name=spec.name,
                weekdays=",".join(str(d) for d in spec.weekdays),
                worker=worker_list[i % len(worker_list)],
            )
            area.members.extend(AreaMember(ags=ags) for ags in sorted(spec.municipalities))
            session.add(area)
        n_areas = len(list(session.scalars(select(Area.id))))
    return len(workers), n_areas


def write_demo(
    db: Database,
    settings: Settings,
    week: IsoWeek,
    count: int,
    seed: int,
    *,
    force: bool = False,
) -> DemoSummary:
    """Write the reference data and a synthetic flag list for ``week`` (idempotent).

    Refuses (:class:`~fieldkit.services.demo_guard.DemoRefused`) a database with records the
    demo did not write unless ``force``; even then a customer it did not create is left out.
    """
    demo_guard.check_demo_allowed(db, force=force)
    pure_demo = not demo_guard.foreign_records(db)
    before = demo_guard.snapshot(db)
    protected = demo_guard.protected_numbers(db)
    workers, areas = _reference_data(db)
    if pure_demo:
        _demo_rule_sets(db)
        write_demo_accounts(db, utcnow())  # one per role, offered by the login window
    text = _without(demo.flag_list_csv(week.monday(), count=count, seed=seed), protected)
    with tempfile.TemporaryDirectory(dir=private_temp_dir()) as tmp:
        path = Path(tmp) / f"demo-{week}.csv"
        path.write_text(text, encoding="utf-8")
        report = flaglist.check(path, settings, identity=UNRESTRICTED)
    result = flaglist.import_report(db, report, source=path.name, identity=UNRESTRICTED)
    demo_guard.remember_new(db, before)
    return DemoSummary(result, workers, areas)


#: Who "verified" the rule sets of a demo database: it says plainly that nobody did.
DEMO_VERIFIER = "Demo – synthetische Daten, rechtlich nicht geprüft"


def _demo_rule_sets(db: Database) -> None:
    """Mark the shipped rule sets verified in a pure demo database, so that its letters
    print; the verifier's name says that nobody checked them. Never in a database with the
    office's own records (``demo --force``): a real office records its own verification."""
    from fieldkit.domain.rulesets import all_rule_sets
    from fieldkit.services.rules import verifications, verify

    known = verifications(db)
    for rule_set in all_rule_sets():
        if rule_set.name not in known:
            verify(db, rule_set.name, DEMO_VERIFIER, date(2026, 11, 2), identity=UNRESTRICTED)


def _without(text: str, numbers: set[str]) -> str:
    """The flag list without the rows of these Kundennummern (the first column)."""
    if not numbers:
        return text
    lines = text.splitlines(keepends=True)
    return "".join(
        [lines[0], *(line for line in lines[1:] if line.split(";", 1)[0] not in numbers)]
    )
